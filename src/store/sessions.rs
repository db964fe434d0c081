//! Sign-in sessions: started at sign-in, looked up once per request, ended by sign-out or by
//! disabling the account. The rule of when a session is live is `domain::session`.

use super::{
    Store,
    entities::{app_user, user_session},
    users::User,
};
use crate::domain::session::{AccountFacts, SessionFacts};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Starts a session for `user_id` until `expires_at`, forgetting this person's sessions that
/// have already expired (so the table holds about one row per device signed in). A single
/// sign-on keeps the provider's ID token with the session (`id_token_hint`).
pub async fn start(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    expires_at: DateTime<Utc>,
    id_token_hint: Option<String>,
) -> AppResult<Uuid> {
    let now = Utc::now();
    user_session::Entity::delete_many()
        .filter(user_session::Column::UserId.eq(user_id))
        .filter(user_session::Column::ExpiresAt.lt(now))
        .exec(conn)
        .await?;
    let id = Uuid::now_v7();
    user_session::Entity::insert(user_session::ActiveModel {
        id: Set(id),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        id_token_hint: Set(id_token_hint),
    })
    .exec(conn)
    .await?;
    Ok(id)
}

/// The session `id` with its account, in one statement by primary key: the facts
/// `domain::session::check` judges, and the account as it is now (its current role).
pub async fn find(store: &Store, id: Uuid) -> AppResult<Option<(SessionFacts, Option<User>)>> {
    let Some((session, user)) = user_session::Entity::find_by_id(id)
        .find_also_related(app_user::Entity)
        .one(store.conn())
        .await?
    else {
        return Ok(None);
    };
    let facts = SessionFacts {
        expires_at: session.expires_at,
        revoked_at: session.revoked_at,
        account: user.as_ref().map(|u| AccountFacts {
            disabled_at: u.disabled_at,
        }),
    };
    Ok(Some((facts, user.map(User::try_from).transpose()?)))
}

/// The provider's ID token a single sign-on kept with the session `id`.
pub async fn id_token_hint(store: &Store, id: Uuid) -> AppResult<Option<String>> {
    Ok(user_session::Entity::find_by_id(id)
        .one(store.conn())
        .await?
        .and_then(|session| session.id_token_hint))
}

/// Ends one session (signing out on one device).
pub async fn revoke(store: &Store, id: Uuid) -> AppResult<()> {
    user_session::Entity::update_many()
        .col_expr(
            user_session::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(user_session::Column::Id.eq(id))
        .filter(user_session::Column::RevokedAt.is_null())
        .exec(store.conn())
        .await?;
    Ok(())
}

/// Ends every session of one person (signing out everywhere, a disabled account).
pub async fn revoke_all(conn: &impl ConnectionTrait, user_id: Uuid) -> AppResult<u64> {
    let result = user_session::Entity::update_many()
        .col_expr(
            user_session::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(user_session::Column::UserId.eq(user_id))
        .filter(user_session::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}
