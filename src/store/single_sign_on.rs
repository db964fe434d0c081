//! Single sign-on: the attempts begun and not yet finished (single use, short-lived, shared by
//! every server on the database), and what signing in through the provider writes.

use super::{
    Store, audit,
    entities::{app_user, single_sign_on_attempt as attempt},
    users::User,
};
use crate::domain::{
    account::{EmailAddress, Role},
    audit::{AuditAction, AuditActor},
    sign_in_link::hash_of,
};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// What the callback needs of an attempt to finish it.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Keeps an attempt until `expires_at`, forgetting those already past theirs. Only the state's
/// hash is stored: the state in a URL is what finishes the attempt.
pub async fn begin(
    store: &Store,
    state: &str,
    attempt: Attempt,
    expires_at: DateTime<Utc>,
) -> AppResult<()> {
    let now = Utc::now();
    attempt::Entity::delete_many()
        .filter(attempt::Column::ExpiresAt.lt(now))
        .exec(store.conn())
        .await?;
    attempt::Entity::insert(attempt::ActiveModel {
        id: Set(Uuid::now_v7()),
        state_hash: Set(hash_of(state)),
        nonce: Set(attempt.nonce),
        pkce_verifier: Set(attempt.pkce_verifier),
        created_at: Set(now),
        expires_at: Set(expires_at),
    })
    .exec(store.conn())
    .await?;
    Ok(())
}

/// Takes the attempt `state` names, once: it is deleted, and only the request that deleted it
/// gets it, so a replayed or raced callback finds nothing. `None` also when it has expired.
pub async fn take(store: &Store, state: &str) -> AppResult<Option<Attempt>> {
    let hash = hash_of(state);
    let Some(row) = attempt::Entity::find()
        .filter(attempt::Column::StateHash.eq(hash))
        .one(store.conn())
        .await?
    else {
        return Ok(None);
    };
    let deleted = attempt::Entity::delete_many()
        .filter(attempt::Column::Id.eq(row.id))
        .exec(store.conn())
        .await?;
    Ok(
        (deleted.rows_affected == 1 && row.expires_at > Utc::now()).then_some(Attempt {
            nonce: row.nonce,
            pkce_verifier: row.pkce_verifier,
        }),
    )
}

/// The account with this address, if any.
pub async fn find_account(store: &Store, email: &EmailAddress) -> AppResult<Option<User>> {
    Ok(super::users::find_for_login(store, email)
        .await?
        .map(|(user, _)| user))
}

/// Records a sign-in through the provider (its subject and issuer in the audit log) and, when
/// the groups mapping gives another role, sets it, audited: one transaction.
pub async fn record_sign_in(
    store: &Store,
    user: User,
    new_role: Option<Role>,
    issuer: &str,
    subject: &str,
) -> AppResult<User> {
    let txn = store.begin_write().await?;
    let actor = AuditActor::User(user.id);
    let user = match new_role {
        Some(role) => {
            let row = app_user::Entity::find_by_id(user.id)
                .one(&txn)
                .await?
                .ok_or_else(|| crate::error::AppError::Internal(anyhow::anyhow!("account gone")))?;
            let updated = app_user::Entity::update(app_user::ActiveModel {
                id: Set(user.id),
                role: Set(role.as_str().to_owned()),
                updated_at: Set(Utc::now()),
                version: Set(row.version + 1),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
            let after = User::try_from(updated)?;
            // The provider's groups decided it, not the person signing in.
            audit::record(
                &txn,
                &AuditActor::System("single sign-on"),
                AuditAction::RoleSetFromGroups,
                user.id,
                Some(&user),
                Some(&after),
            )
            .await?;
            after
        }
        None => user,
    };
    audit::record(
        &txn,
        &actor,
        AuditAction::SignedInWithSingleSignOn,
        user.id,
        None::<&()>,
        Some(&serde_json::json!({ "issuer": issuer, "subject": subject })),
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}
