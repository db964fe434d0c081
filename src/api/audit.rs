//! The audit log over GraphQL. HR only: it records who changed what, with personal data.

use super::{
    ApiState,
    account::User,
    auth::RoleGuard,
    loaders::Loaders,
    pagination::{self, IdCursor, TotalCount},
    parse_id,
};
use crate::domain::{
    access::Permission,
    page::{PageSize, search_text},
};
use crate::store::{self, audit::AuditFilter};
use async_graphql::{Context, ID, Json, Object, connection::Connection};
use chrono::{DateTime, NaiveDate, Utc};

pub struct AuditEvent(store::audit::AuditEvent);

/// One recorded change: who, when, what, and the state before and after.
#[Object]
impl AuditEvent {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// When the change was made.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }
    /// The person who made the change; null when the system made it (see `actorLabel`).
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.actor_id {
            Some(id) => Loaders::of(ctx).user(id).await,
            None => Ok(None),
        }
    }
    /// Which part of the system made the change when no person did (e.g. "command line").
    async fn actor_label(&self) -> Option<&str> {
        self.0.actor_label.as_deref()
    }
    /// What was done, e.g. `user.created`.
    async fn action(&self) -> &str {
        &self.0.action
    }
    /// The kind of thing changed, e.g. `user`.
    async fn entity_type(&self) -> &str {
        &self.0.entity_type
    }
    /// The id of the thing changed.
    async fn entity_id(&self) -> ID {
        ID(self.0.entity_id.to_string())
    }
    /// Its state before the change; null when it was created.
    async fn before(&self) -> Option<Json<serde_json::Value>> {
        self.0.before.clone().map(Json)
    }
    /// Its state after the change; null when it was deleted.
    async fn after(&self) -> Option<Json<serde_json::Value>> {
        self.0.after.clone().map(Json)
    }
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The audit log, newest first. HR only.
    #[graphql(
        guard = "RoleGuard(Permission::ReadAuditLog)",
        complexity = "PageSize::complexity(first, child_complexity)"
    )]
    // Each filter is an argument of the field, as GraphQL lists them.
    #[allow(clippy::too_many_arguments)]
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only changes to this kind of thing, e.g. `user`.")] entity_type: Option<
            String,
        >,
        #[graphql(desc = "Only changes to the thing with this id.")] entity_id: Option<ID>,
        #[graphql(desc = "Only changes made by this account.")] actor_id: Option<ID>,
        #[graphql(
            desc = "Only changes made by someone whose name or email contains this text (any case), or by the part of the system so named (e.g. `command line`)."
        )]
        actor: Option<String>,
        #[graphql(desc = "Only this action, e.g. `proposal.updated`.")] action: Option<String>,
        #[graphql(desc = "Only changes on or after this day (Europe/London).")] from: Option<
            NaiveDate,
        >,
        #[graphql(desc = "Only changes on or before this day (Europe/London).")] to: Option<
            NaiveDate,
        >,
        #[graphql(desc = "Page size (at most 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, AuditEvent, TotalCount>> {
        let size = PageSize::parse(first)?;
        let after = pagination::decode_after(after.as_deref())?;
        let (from, until) = crate::domain::audit::occurred_between(from, to)?;
        let filter = AuditFilter {
            entity_type,
            entity_id: entity_id.map(|id| parse_id(&id, "entityId")).transpose()?,
            actor_id: actor_id.map(|id| parse_id(&id, "actorId")).transpose()?,
            actor_text: search_text(actor.as_deref(), "actor")?,
            action: search_text(action.as_deref(), "action")?,
            from,
            until,
        };
        let store = &ApiState::of(ctx).store;
        let rows = store::audit::page(store, &filter, after, size.get()).await?;
        if ctx
            .look_ahead()
            .field("edges")
            .field("node")
            .field("actor")
            .exists()
        {
            Loaders::of(ctx)
                .prime_users(rows.iter().filter_map(|event| event.actor_id))
                .await?;
        }
        let total = store::audit::count(store, &filter).await?;
        Ok(pagination::connection(
            rows,
            size.get(),
            after.is_some(),
            total,
            |e| e.id,
            AuditEvent,
        ))
    }
}
