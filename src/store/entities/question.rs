use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "question")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub source: String,
    pub text: String,
    pub asker_id: Option<Uuid>,
    pub asker_union: Option<String>,
    pub confidential: bool,
    pub owner_id: Option<Uuid>,
    pub raised_on: Date,
    pub due_on: Date,
    pub answer: Option<String>,
    pub covers: Json,
    pub answered_by: Option<Uuid>,
    pub answered_at: Option<DateTimeUtc>,
    pub published: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub jd_comment_id: Option<Uuid>,
    pub reply_state: Option<String>,
    pub closure_reason: Option<String>,
    pub challenge_count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
