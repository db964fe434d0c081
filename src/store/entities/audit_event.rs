use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub occurred_at: DateTimeUtc,
    pub actor_id: Option<Uuid>,
    pub actor_label: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Uuid,
    pub before: Option<Json>,
    pub after: Option<Json>,
    /// The event's position in the hash chain (`domain::audit_chain`).
    #[sea_orm(unique)]
    pub seq: i64,
    pub prev_hash: String,
    pub hash: String,
    /// `domain::audit_chain::payload_digest` of `before`/`after`: what the chain covers
    /// (version 2, migration 000028). Kept when the payload is redacted.
    pub before_sha256: Option<String>,
    pub after_sha256: Option<String>,
    /// Set when `before`/`after` were erased under the retention policy.
    pub redacted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
