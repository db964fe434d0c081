use sea_orm::entity::prelude::*;

/// A letter as issued: never updated or deleted (the database refuses both).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "letter")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employee_id: Uuid,
    pub proposal_id: Uuid,
    /// A `LetterKind`.
    pub kind: String,
    /// The template's version it was written from; 0 for Consult's default wording.
    pub template_version: i32,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// The `LetterFacts` it was filled from.
    pub facts: Json,
    pub issued_by: Uuid,
    pub issued_at: DateTimeUtc,
    /// The letter this one corrects, when it is a re-issue.
    pub supersedes: Option<Uuid>,
    /// When the retention run removed its body and facts (migration 000028).
    pub redacted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
