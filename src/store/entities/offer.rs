use sea_orm::entity::prelude::*;

/// An offer of suitable alternative employment to an employee, and its trial period
/// (ERA 1996 s138, s141).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offer")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employee_id: Uuid,
    pub proposal_id: Uuid,
    /// A post of the new structure; `None` for a vacancy outside it.
    pub post_id: Option<Uuid>,
    pub title: String,
    pub grade: Option<String>,
    pub place: Option<String>,
    pub weekly_pay_pence: Option<i64>,
    pub answer_by: Date,
    /// OFFERED, ACCEPTED, DECLINED, IN_TRIAL, CONFIRMED or TRIAL_ENDED.
    pub status: String,
    pub declined_reason: Option<String>,
    pub answered_at: Option<DateTimeUtc>,
    pub s141_offer_suitable: Option<bool>,
    pub s141_refusal_unreasonable: Option<bool>,
    pub s141_reasons: Option<String>,
    pub s141_decided_by: Option<Uuid>,
    pub s141_decided_at: Option<DateTimeUtc>,
    pub trial_old_job_ends: Option<Date>,
    pub trial_start: Option<Date>,
    pub trial_statutory_end: Option<Date>,
    pub trial_end: Option<Date>,
    pub retraining_agreed_on: Option<Date>,
    pub retraining_terms_after: Option<String>,
    pub trial_ended_on: Option<Date>,
    /// EMPLOYEE or EMPLOYER.
    pub trial_ended_by: Option<String>,
    pub trial_end_reason: Option<String>,
    pub version: i32,
    pub made_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
