use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "employee")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub employee_number: String,
    pub name: String,
    pub work_email: String,
    pub impact: String,
    pub impact_note: Option<String>,
    pub slot_in_post_id: Option<Uuid>,
    pub slot_in_match_percent: Option<i32>,
    pub volunteer: bool,
    /// Actual gross weekly pay (a week's pay for s190(5)); HR only.
    pub weekly_pay_pence: Option<i64>,
    /// Start of continuous employment (ERA 1996 s210-s219), which may be with a previous
    /// employer the law treats as continuous; HR only.
    pub continuous_service_start: Option<Date>,
    /// HR only.
    pub date_of_birth: Option<Date>,
    /// Notice the contract gives, in weeks, when longer than the statutory minimum.
    pub contractual_notice_weeks: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
