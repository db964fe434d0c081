use sea_orm::entity::prelude::*;

/// One employee's case in the individual stage, keyed by the employee row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "individual_case")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub employee_id: Uuid,
    pub proposal_id: Uuid,
    /// A `CaseState` spelling.
    pub state: String,
    pub version: i32,
    /// When HR's next action on the case is due; past it, the case is overdue.
    pub next_action_due: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
