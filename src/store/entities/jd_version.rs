use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "jd_version")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub job_description_id: Uuid,
    pub number: i32,
    pub label: String,
    pub purpose: String,
    pub duties: Json,
    pub staff_responsibilities: String,
    pub essential_criteria: Json,
    pub desirable_criteria: Json,
    pub proposed_grade: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
