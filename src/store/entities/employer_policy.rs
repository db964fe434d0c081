use sea_orm::entity::prelude::*;

/// The employer's individual-stage policy: one row, under `store::employer_policy::POLICY_ID`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "employer_policy")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub appeal_window_working_days: i32,
    pub slot_in_threshold_percent: i32,
    pub trial_reminder_working_days: i32,
    /// STATUTORY_ONLY or ENHANCED.
    pub scheme_kind: String,
    pub use_actual_weekly_pay: bool,
    pub multiplier_hundredths: i32,
    pub max_weeks: i32,
    /// Years after the decision that personal data is kept (migration 000028).
    pub retention_years: i32,
    pub retention_keeps_free_text: bool,
    pub version: i32,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
