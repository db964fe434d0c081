//! Sign-in links: issued with an invitation email in the same transaction, redeemed once.

use super::{audit, entities::sign_in_link, outbox, users::User};
use crate::domain::{
    audit::{AuditAction, AuditActor},
    notify::Milestone,
    sign_in_link::{self as link_rules, FirstSignIn},
};
use crate::error::AppResult;
use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr,
};
use uuid::Uuid;

/// Issues a link for `user` and puts the invitation in the outbox, inside the caller's
/// transaction. With single sign-on instead of passwords there is no link: the invitation
/// points at the sign-in page and names the provider.
pub async fn issue(
    conn: &impl ConnectionTrait,
    actor: &AuditActor,
    user: &User,
    first_sign_in: &FirstSignIn,
) -> AppResult<()> {
    let id = Uuid::now_v7();
    // What the email links to, and what the audit keeps of it.
    let (email_data, audit_detail) = match first_sign_in {
        FirstSignIn::SingleSignOn { provider_name } => (
            serde_json::json!({
                "signInPath": link_rules::SIGN_IN_PAGE,
                "singleSignOn": true,
                "providerName": provider_name,
            }),
            serde_json::json!({ "singleSignOn": true }),
        ),
        FirstSignIn::Link => {
            let (token, hash) = link_rules::generate();
            let now = Utc::now();
            let expires_at = link_rules::expires(now);
            sign_in_link::Entity::insert(sign_in_link::ActiveModel {
                id: Set(id),
                user_id: Set(user.id),
                token_hash: Set(hash),
                expires_at: Set(expires_at),
                used_at: Set(None),
                created_at: Set(now),
            })
            .exec(conn)
            .await?;
            (
                serde_json::json!({
                    "signInPath": link_rules::path(&token),
                    "expiresAt": expires_at,
                }),
                serde_json::json!({ "expiresAt": expires_at }),
            )
        }
    };
    outbox::enqueue(
        conn,
        (user.id, &user.email),
        Milestone::Invitation,
        format!("invitation:{}:{id}", user.id),
        email_data,
    )
    .await?;
    audit::record(
        conn,
        actor,
        AuditAction::SignInLinkSent,
        user.id,
        None::<&()>,
        Some(&audit_detail),
    )
    .await
}

/// Uses a link: the account it signs in, once, before it expires.
pub async fn redeem(conn: &impl ConnectionTrait, token: &str) -> AppResult<Option<Uuid>> {
    let now = Utc::now();
    let hash = link_rules::hash_of(token);
    let Some(link) = sign_in_link::Entity::find()
        .filter(sign_in_link::Column::TokenHash.eq(hash))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    // Marked used only if still unused and unexpired: two clicks race, one wins.
    let updated = sign_in_link::Entity::update_many()
        .col_expr(sign_in_link::Column::UsedAt, Expr::value(now))
        .filter(sign_in_link::Column::Id.eq(link.id))
        .filter(sign_in_link::Column::UsedAt.is_null())
        .filter(sign_in_link::Column::ExpiresAt.gt(now))
        .exec(conn)
        .await?;
    Ok((updated.rows_affected == 1).then_some(link.user_id))
}

/// Signs in with a link, in one transaction: the link is used up and, when the person chose
/// one, their password set. `None` when the link is unknown, used or expired.
pub async fn sign_in(
    store: &super::Store,
    token: &str,
    new_password: Option<crate::domain::password::Password>,
) -> AppResult<Option<User>> {
    use super::entities::app_user;
    let txn = store.begin_write().await?;
    let Some(user_id) = redeem(&txn, token).await? else {
        return Ok(None);
    };
    if let Some(password) = new_password {
        app_user::Entity::update(app_user::ActiveModel {
            id: Set(user_id),
            password_hash: Set(Some(password.hash())),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
    }
    let user = app_user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .map(User::try_from)
        .transpose()?;
    // A disabled account keeps its link unused (and its password unchanged).
    if let Some(user) = &user {
        crate::domain::session::may_sign_in(user.disabled_at)?;
    }
    txn.commit().await?;
    Ok(user)
}

/// Sends a new invitation link to an account (an earlier one keeps working until it expires).
pub async fn reissue(
    store: &super::Store,
    actor: &AuditActor,
    user: &User,
    first_sign_in: &FirstSignIn,
) -> AppResult<()> {
    let txn = store.begin_write().await?;
    issue(&txn, actor, user, first_sign_in).await?;
    txn.commit().await?;
    Ok(())
}
