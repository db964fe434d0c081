use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "post")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub position: i32,
    pub title: String,
    pub in_scope: bool,
    pub current_grade: Option<String>,
    pub current_fte_hundredths: Option<i32>,
    pub current_headcount: Option<i32>,
    pub current_reports_to: Option<Uuid>,
    pub current_jd_version_id: Option<Uuid>,
    pub proposed_grade: Option<String>,
    pub proposed_fte_hundredths: Option<i32>,
    pub proposed_headcount: Option<i32>,
    pub proposed_reports_to: Option<Uuid>,
    pub proposed_jd_version_id: Option<Uuid>,
    pub note: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
