use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_message")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub proposal_id: Option<Uuid>,
    pub recipient_id: Option<Uuid>,
    pub recipient_email: String,
    pub template: String,
    pub data: Json,
    pub dedupe_key: String,
    pub statutory: bool,
    pub digest: bool,
    pub due_at: DateTimeUtc,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// The lease of the worker that claimed it (while SENDING).
    pub claimed_until: Option<DateTimeUtc>,
    /// When that worker began sending it: set, the message may have been delivered.
    pub send_started_at: Option<DateTimeUtc>,
    pub sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
