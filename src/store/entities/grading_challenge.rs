use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "grading_challenge")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub job_description_id: Uuid,
    pub current_version_id: Uuid,
    pub revised_version_id: Uuid,
    pub current_title: String,
    pub current_grade: Option<String>,
    pub revised_title: String,
    pub revised_grade: Option<String>,
    pub challenger_id: Option<Uuid>,
    pub union_name: Option<String>,
    pub areas: Json,
    pub believed_grade: String,
    #[sea_orm(column_type = "Text")]
    pub evidence: String,
    pub status: String,
    pub scheme: Option<String>,
    pub resulting_grade: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub outcome_reasons: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
