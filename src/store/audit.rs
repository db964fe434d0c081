//! The audit log: the one helper every mutation calls, inside its own transaction, so a
//! change and its record commit or roll back together.

use super::{Store, entities::audit_event};
use crate::domain::audit::{AuditAction, AuditActor};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
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
    audit_event::Entity::insert(audit_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        occurred_at: Set(Utc::now()),
        actor_id: Set(actor.user_id()),
        actor_label: Set(actor.system_label().map(str::to_owned)),
        action: Set(action.as_str().to_owned()),
        entity_type: Set(action.entity_type().to_owned()),
        entity_id: Set(entity_id),
        before: Set(to_json(before.map(serde_json::to_value))?),
        after: Set(to_json(after.map(serde_json::to_value))?),
    })
    .exec(txn)
    .await?;
    Ok(())
}

/// Which events to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity_type: Option<String>,
    pub entity_id: Option<Uuid>,
}

fn filtered(filter: &AuditFilter) -> Select<audit_event::Entity> {
    let mut query = audit_event::Entity::find();
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
