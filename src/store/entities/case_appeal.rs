use sea_orm::entity::prelude::*;

/// An appeal against one decision of a case (one per decision).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_appeal")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employee_id: Uuid,
    pub proposal_id: Uuid,
    /// The case event of the decision appealed.
    #[sea_orm(unique)]
    pub decision_event_id: Uuid,
    pub decision_step: String,
    pub decided_on: Date,
    pub deadline: Date,
    pub lodged_on: Date,
    pub grounds: String,
    pub lodged_by: Option<Uuid>,
    pub hearing_starts_at: Option<DateTimeUtc>,
    pub hearing_ends_at: Option<DateTimeUtc>,
    pub hearing_place: Option<String>,
    pub hearing_sequence: i32,
    /// UPHELD or NOT_UPHELD.
    pub outcome: Option<String>,
    pub outcome_reasons: Option<String>,
    pub outcome_on: Option<Date>,
    pub reopened_at: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
