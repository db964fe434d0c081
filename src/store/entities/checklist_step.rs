use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "checklist_step")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub position: i32,
    pub title: String,
    pub description: String,
    pub planned_date: Option<Date>,
    pub assignee_role: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub completed_at: Option<DateTimeUtc>,
    pub completed_by: Option<Uuid>,
    pub completion_note: Option<String>,
    pub version: i32,
    /// Why a step planned after the consultation closes was completed before it closed.
    pub early_completion_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
