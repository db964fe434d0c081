use sea_orm::entity::prelude::*;

/// A notice of dismissal given to one employee (ERA 1996 s86); the latest is in force.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_notice")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employee_id: Uuid,
    pub proposal_id: Uuid,
    pub given_on: Date,
    pub last_day: Date,
    pub notice_weeks: i32,
    pub statutory_weeks: i32,
    pub contractual_weeks: Option<i32>,
    /// STATUTORY or CONTRACTUAL.
    pub basis: String,
    pub time_off_to_look_for_work: bool,
    pub given_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
