use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "approval")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub position: i32,
    pub approver_title: String,
    pub approver_id: Option<Uuid>,
    pub decision: Option<String>,
    pub comment: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_on_versions: Option<Json>,
    pub proceed_reason: Option<String>,
    pub proceed_by: Option<Uuid>,
    pub proceed_at: Option<DateTimeUtc>,
    pub proceed_on_versions: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
