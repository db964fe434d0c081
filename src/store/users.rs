//! Accounts.

use super::{Store, audit, entities::app_user};
use crate::domain::{
    DomainError,
    account::{EmailAddress, NewUser, Role},
    audit::{AuditAction, AuditActor},
    password::Password,
    sign_in_link::FirstSignIn,
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

/// An account as the rest of the application sees it (never with its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub union: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When HR disabled the account; a disabled account cannot sign in.
    pub disabled_at: Option<DateTime<Utc>>,
}

impl User {
    /// The account as the viewer it signs in as.
    pub fn viewer(&self) -> crate::domain::access::Viewer {
        crate::domain::access::Viewer {
            user_id: self.id,
            role: self.role,
            email: self.email.clone(),
            union: self.union.clone(),
        }
    }
}

impl TryFrom<app_user::Model> for User {
    type Error = AppError;

    fn try_from(row: app_user::Model) -> AppResult<Self> {
        let role = Role::parse(&row.role)
            .ok_or_else(|| anyhow::anyhow!("user {} has an unknown role {:?}", row.id, row.role))?;
        Ok(User {
            id: row.id,
            email: row.email,
            name: row.name,
            role,
            union: row.union_name,
            created_at: row.created_at,
            disabled_at: row.disabled_at,
        })
    }
}

/// Creates an account in one transaction with its audit event. An email already in use
/// is a `CONFLICT`, whether found first or caught by the unique index in a race. Without a
/// password the person is invited with a sign-in link.
pub async fn create(
    store: &Store,
    actor: &AuditActor,
    new_user: NewUser,
    password: Option<Password>,
) -> AppResult<User> {
    create_with(store, actor, new_user, password, &FirstSignIn::Link).await
}

/// Creates an account without a password, inviting the person to sign in as `first_sign_in`
/// says (a link, or single sign-on).
pub async fn create_inviting(
    store: &Store,
    actor: &AuditActor,
    new_user: NewUser,
    first_sign_in: &FirstSignIn,
) -> AppResult<User> {
    create_with(store, actor, new_user, None, first_sign_in).await
}

async fn create_with(
    store: &Store,
    actor: &AuditActor,
    new_user: NewUser,
    password: Option<Password>,
    first_sign_in: &FirstSignIn,
) -> AppResult<User> {
    let has_password = password.is_some();
    let txn = store.begin_write().await?;
    if find_row_by_email(&txn, &new_user.email).await?.is_some() {
        return Err(email_taken(&new_user.email));
    }
    let now = Utc::now();
    let row = app_user::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(new_user.email.as_str().to_owned()),
        name: Set(new_user.name.as_str().to_owned()),
        role: Set(new_user.role.as_str().to_owned()),
        union_name: Set(new_user.union.as_ref().map(|u| u.as_str().to_owned())),
        password_hash: Set(password.map(|p| p.hash())),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        disabled_at: Set(None),
    };
    let inserted = app_user::Entity::insert(row)
        .exec_with_returning(&txn)
        .await
        .map_err(|err| match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => email_taken(&new_user.email),
            _ => err.into(),
        })?;
    let user = User::try_from(inserted)?;
    audit::record(
        &txn,
        actor,
        AuditAction::UserCreated,
        user.id,
        None::<&User>,
        Some(&user),
    )
    .await?;
    // Without a password the person signs in first through the link in their invitation.
    if !has_password {
        super::sign_in_links::issue(&txn, actor, &user, first_sign_in).await?;
    }
    txn.commit().await?;
    Ok(user)
}

fn email_taken(email: &EmailAddress) -> AppError {
    DomainError::Conflict(format!(
        "There is already an account for {}.",
        email.as_str()
    ))
    .into()
}

async fn find_row_by_email(
    conn: &impl ConnectionTrait,
    email: &EmailAddress,
) -> AppResult<Option<app_user::Model>> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email.as_str()))
        .one(conn)
        .await?)
}

/// The account for `email` with its password hash, for signing in.
pub async fn find_for_login(
    store: &Store,
    email: &EmailAddress,
) -> AppResult<Option<(User, Option<String>)>> {
    match find_row_by_email(store.conn(), email).await? {
        Some(mut row) => {
            let hash = row.password_hash.take();
            Ok(Some((User::try_from(row)?, hash)))
        }
        None => Ok(None),
    }
}

/// The accounts with these ids (missing ids are left out): one statement for a page's worth,
/// and one per `IDS_PER_STATEMENT` beyond (a download of every response names them all).
pub async fn find_by_ids(store: &Store, ids: &[Uuid]) -> AppResult<Vec<User>> {
    let mut users = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(super::IDS_PER_STATEMENT) {
        for row in app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(chunk.iter().copied()))
            .all(store.conn())
            .await?
        {
            users.push(User::try_from(row)?);
        }
    }
    Ok(users)
}

/// One page of accounts in creation order, after the cursor `after`, optionally of one role.
/// Returns `limit + 1` rows at most, so the caller can tell whether another page follows.
pub async fn page(
    store: &Store,
    role: Option<Role>,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<Vec<User>> {
    let mut query = app_user::Entity::find().order_by_asc(app_user::Column::Id);
    if let Some(role) = role {
        query = query.filter(app_user::Column::Role.eq(role.as_str()));
    }
    if let Some(after) = after {
        query = query.filter(app_user::Column::Id.gt(after));
    }
    query
        .limit(limit + 1)
        .all(store.conn())
        .await?
        .into_iter()
        .map(User::try_from)
        .collect()
}

/// How many accounts there are, optionally of one role.
pub async fn count(store: &Store, role: Option<Role>) -> AppResult<u64> {
    let mut query = app_user::Entity::find();
    if let Some(role) = role {
        query = query.filter(app_user::Column::Role.eq(role.as_str()));
    }
    Ok(query.count(store.conn()).await?)
}

/// Disables or re-enables an account, audited, in one transaction. Disabling ends every
/// session of the account at once. Setting the state it already has changes nothing.
pub async fn set_disabled(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    disabled: bool,
) -> AppResult<User> {
    let txn = store.begin_write().await?;
    let row = app_user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| DomainError::NotFound("There is no account with that id.".into()))?;
    let before = User::try_from(row.clone())?;
    if before.disabled_at.is_some() == disabled {
        return Ok(before);
    }
    let now = Utc::now();
    let updated = app_user::Entity::update(app_user::ActiveModel {
        id: Set(id),
        disabled_at: Set(disabled.then_some(now)),
        updated_at: Set(now),
        version: Set(row.version + 1),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let after = User::try_from(updated)?;
    if disabled {
        super::sessions::revoke_all(&txn, id).await?;
    }
    let action = if disabled {
        AuditAction::UserDisabled
    } else {
        AuditAction::UserEnabled
    };
    audit::record(&txn, actor, action, id, Some(&before), Some(&after)).await?;
    txn.commit().await?;
    Ok(after)
}
