//! The audit log: the one helper every mutation calls, inside its own transaction, so a
//! change and its record commit or roll back together.
//!
//! Events form a hash chain (`domain::audit_chain`), one per database. Appends are
//! serialised so two writers never chain onto the same head: on PostgreSQL each transaction
//! that audits takes a transaction-scoped advisory lock ([`CHAIN_LOCK`]) before it reads the
//! head, held until it commits or rolls back, so servers sharing the database take turns; on
//! SQLite every mutation's transaction is begun IMMEDIATE (`Store::begin_write`), which holds
//! the database's one write lock from the start.

use super::{Store, entities::audit_event};
use crate::domain::audit::{AuditAction, AuditActor};
use crate::domain::audit_chain::{self, Break, ChainCheck, ChainedEvent};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select,
};
use serde::Serialize;
use uuid::Uuid;

/// One recorded change.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_label: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Uuid,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl From<audit_event::Model> for AuditEvent {
    fn from(row: audit_event::Model) -> Self {
        AuditEvent {
            id: row.id,
            occurred_at: row.occurred_at,
            actor_id: row.actor_id,
            actor_label: row.actor_label,
            action: row.action,
            entity_type: row.entity_type,
            entity_id: row.entity_id,
            before: row.before,
            after: row.after,
        }
    }
}

/// Records `action` on the entity `entity_id` with its state before and after, as JSON.
/// Call it with the transaction of the change it records.
pub async fn record<B: Serialize, A: Serialize>(
    txn: &impl ConnectionTrait,
    actor: &AuditActor,
    action: AuditAction,
    entity_id: Uuid,
    before: Option<&B>,
    after: Option<&A>,
) -> AppResult<()> {
    let to_json = |value: Option<serde_json::Result<serde_json::Value>>| {
        value
            .transpose()
            .map_err(|err| AppError::Internal(err.into()))
    };
    let before = to_json(before.map(serde_json::to_value))?;
    let after = to_json(after.map(serde_json::to_value))?;
    // One lock and one head read per event: `txn` carries no state of ours to cache the
    // head in, and a transaction records one event but for a few bulk acts (inviting staff)
    // that already cost statements per row.
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({CHAIN_LOCK})"))
            .await?;
    }
    let head: Option<(i64, String)> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Seq)
        .column(audit_event::Column::Hash)
        .order_by_desc(audit_event::Column::Seq)
        .limit(1)
        .into_tuple()
        .one(txn)
        .await?;
    let (seq, prev_hash) = match head {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, audit_chain::GENESIS.to_owned()),
    };
    let event = AuditEvent {
        id: Uuid::now_v7(),
        occurred_at: audit_chain::stored_time(Utc::now()),
        actor_id: actor.user_id(),
        actor_label: actor.system_label().map(str::to_owned),
        action: action.as_str().to_owned(),
        entity_type: action.entity_type().to_owned(),
        entity_id,
        before,
        after,
    };
    let before_sha256 = event.before.as_ref().map(audit_chain::payload_digest);
    let after_sha256 = event.after.as_ref().map(audit_chain::payload_digest);
    let hash = event
        .chained(seq, before_sha256.as_deref(), after_sha256.as_deref())
        .hash(&prev_hash);
    audit_event::Entity::insert(audit_event::ActiveModel {
        id: Set(event.id),
        occurred_at: Set(event.occurred_at),
        actor_id: Set(event.actor_id),
        actor_label: Set(event.actor_label),
        action: Set(event.action),
        entity_type: Set(event.entity_type),
        entity_id: Set(event.entity_id),
        before: Set(event.before),
        after: Set(event.after),
        seq: Set(seq),
        prev_hash: Set(prev_hash),
        hash: Set(hash),
        before_sha256: Set(before_sha256),
        after_sha256: Set(after_sha256),
        redacted_at: Set(None),
    })
    .exec(txn)
    .await?;
    Ok(())
}

/// The advisory lock key that serialises appends to the chain on PostgreSQL ("audit" in
/// ASCII): fixed, so every server agrees on it.
pub const CHAIN_LOCK: i64 = 0x0061_7564_6974;

impl AuditEvent {
    fn chained<'a>(
        &'a self,
        seq: i64,
        before_sha256: Option<&'a str>,
        after_sha256: Option<&'a str>,
    ) -> ChainedEvent<'a> {
        ChainedEvent {
            seq,
            id: self.id,
            occurred_at: self.occurred_at,
            actor_id: self.actor_id,
            actor_label: self.actor_label.as_deref(),
            action: &self.action,
            entity_type: &self.entity_type,
            entity_id: self.entity_id,
            before_sha256,
            after_sha256,
        }
    }
}

/// The first broken link of the chain: the event where checking stopped, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenLink {
    pub seq: i64,
    pub event: AuditEvent,
    pub broken: Break,
}

/// What checking the whole chain found.
#[derive(Debug, Clone, PartialEq)]
pub enum ChainVerdict {
    Intact { events: i64 },
    Broken(Box<BrokenLink>),
}

/// Events read per statement while verifying: memory stays bounded however long the log.
const VERIFY_PAGE: u64 = 500;

/// Reads the whole chain in `seq` order, a page at a time, and recomputes every link; each
/// payload still present must match the digest the chain covers (a redacted one is gone, its
/// digest kept), or the event counts as altered.
pub async fn verify(store: &Store) -> AppResult<ChainVerdict> {
    let mut check = ChainCheck::default();
    let mut after_seq = 0_i64;
    loop {
        let rows = audit_event::Entity::find()
            .filter(audit_event::Column::Seq.gt(after_seq))
            .order_by_asc(audit_event::Column::Seq)
            .limit(VERIFY_PAGE)
            .all(store.conn())
            .await?;
        let Some(last) = rows.last() else { break };
        after_seq = last.seq;
        for row in rows {
            let (seq, prev_hash, hash) = (row.seq, row.prev_hash.clone(), row.hash.clone());
            let (before_sha256, after_sha256) =
                (row.before_sha256.clone(), row.after_sha256.clone());
            let redacted = row.redacted_at.is_some();
            let event = AuditEvent::from(row);
            let payloads_match = audit_chain::payload_matches(
                event.before.as_ref(),
                before_sha256.as_deref(),
                redacted,
            ) && audit_chain::payload_matches(
                event.after.as_ref(),
                after_sha256.as_deref(),
                redacted,
            );
            let chained = event.chained(seq, before_sha256.as_deref(), after_sha256.as_deref());
            let linked = check.check(&chained, &prev_hash, &hash);
            let checked = match linked {
                Ok(()) if !payloads_match => Err(Break::Altered),
                other => other,
            };
            if let Err(broken) = checked {
                return Ok(ChainVerdict::Broken(Box::new(BrokenLink {
                    seq,
                    event,
                    broken,
                })));
            }
        }
    }
    Ok(ChainVerdict::Intact {
        events: check.intact(),
    })
}

/// Erases the before/after of these events (personal data past its retention period, UK GDPR
/// Art. 5(1)(e)), keeping their digests so the chain still verifies; events already redacted
/// are left alone. The database refuses any other change to the log. One statement per 500
/// ids. Returns how many events were redacted.
pub async fn redact(txn: &impl ConnectionTrait, ids: &[Uuid], at: DateTime<Utc>) -> AppResult<u64> {
    use sea_orm::sea_query::Expr;
    let mut redacted = 0;
    for chunk in ids.chunks(500) {
        redacted += audit_event::Entity::update_many()
            .col_expr(
                audit_event::Column::Before,
                Expr::value(sea_orm::Value::Json(None)),
            )
            .col_expr(
                audit_event::Column::After,
                Expr::value(sea_orm::Value::Json(None)),
            )
            .col_expr(audit_event::Column::RedactedAt, Expr::value(at))
            .filter(audit_event::Column::Id.is_in(chunk.iter().copied()))
            .filter(audit_event::Column::RedactedAt.is_null())
            .exec(txn)
            .await?
            .rows_affected;
    }
    Ok(redacted)
}

/// Which events to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity_type: Option<String>,
    pub entity_id: Option<Uuid>,
    /// Made by this account.
    pub actor_id: Option<Uuid>,
    /// Made by someone whose name or email contains this text, or by the part of the system
    /// so labelled (any case).
    pub actor_text: Option<String>,
    /// This action exactly, e.g. `proposal.updated`.
    pub action: Option<String>,
    /// At or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Before this instant.
    pub until: Option<DateTime<Utc>>,
}

fn filtered(filter: &AuditFilter) -> Select<audit_event::Entity> {
    use super::entities::app_user;
    use sea_orm::{Condition, sea_query::Query};
    let mut query = audit_event::Entity::find();
    if let Some(actor_id) = filter.actor_id {
        query = query.filter(audit_event::Column::ActorId.eq(actor_id));
    }
    if let Some(text) = &filter.actor_text {
        // The actor's name and email are matched in a subquery: one statement however many
        // accounts there are.
        let people = Query::select()
            .column(app_user::Column::Id)
            .from(app_user::Entity)
            .cond_where(
                Condition::any()
                    .add(super::contains_text(app_user::Column::Name, text))
                    .add(super::contains_text(app_user::Column::Email, text)),
            )
            .to_owned();
        query = query.filter(
            Condition::any()
                .add(audit_event::Column::ActorId.in_subquery(people))
                .add(super::contains_text(audit_event::Column::ActorLabel, text)),
        );
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_event::Column::Action.eq(action.as_str()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_event::Column::OccurredAt.gte(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_event::Column::OccurredAt.lt(until));
    }
    if let Some(entity_type) = &filter.entity_type {
        query = query.filter(audit_event::Column::EntityType.eq(entity_type.as_str()));
    }
    if let Some(entity_id) = filter.entity_id {
        query = query.filter(audit_event::Column::EntityId.eq(entity_id));
    }
    query
}

/// One page of events, newest first, before the cursor `after` (ids are time-ordered).
/// Returns `limit + 1` rows at most, so the caller can tell whether another page follows.
pub async fn page(
    store: &Store,
    filter: &AuditFilter,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<Vec<AuditEvent>> {
    let mut query = filtered(filter).order_by_desc(audit_event::Column::Id);
    if let Some(after) = after {
        query = query.filter(audit_event::Column::Id.lt(after));
    }
    Ok(query
        .limit(limit + 1)
        .all(store.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// How many events match `filter`.
pub async fn count(store: &Store, filter: &AuditFilter) -> AppResult<u64> {
    Ok(filtered(filter).count(store.conn()).await?)
}
