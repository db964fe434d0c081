use sea_orm::entity::prelude::*;

/// One step of a case's history (append-only).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employee_id: Uuid,
    /// None for the opening of the case.
    pub from_state: Option<String>,
    pub to_state: String,
    pub step: String,
    pub detail: Json,
    pub actor_id: Option<Uuid>,
    pub at: DateTimeUtc,
    /// The day the step took effect (may be before it was recorded).
    pub occurred_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
