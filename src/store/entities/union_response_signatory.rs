use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "union_response_signatory")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub union_response_id: Uuid,
    pub proposal_id: Uuid,
    pub union_name: String,
    pub signed_at: Option<DateTimeUtc>,
    pub signed_by: Option<Uuid>,
    pub failure_to_agree: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
