//! Failed sign-ins per email address, kept only as long as the throttle looks back.

use super::{Store, entities::login_failure};
use crate::domain::account::EmailAddress;
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// The times of the most recent `limit` failures for `email` since `since`.
pub async fn recent(
    store: &Store,
    email: &EmailAddress,
    since: DateTime<Utc>,
    limit: u64,
) -> AppResult<Vec<DateTime<Utc>>> {
    Ok(login_failure::Entity::find()
        .filter(login_failure::Column::Email.eq(email.as_str()))
        .filter(login_failure::Column::FailedAt.gt(since))
        .order_by_desc(login_failure::Column::FailedAt)
        .limit(limit)
        .all(store.conn())
        .await?
        .into_iter()
        .map(|row| row.failed_at)
        .collect())
}

/// Records a failure and forgets this address's failures from before `forget_before`.
pub async fn record(
    store: &Store,
    email: &EmailAddress,
    at: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> AppResult<()> {
    let txn = store.begin_write().await?;
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Email.eq(email.as_str()))
        .filter(login_failure::Column::FailedAt.lt(forget_before))
        .exec(&txn)
        .await?;
    login_failure::Entity::insert(login_failure::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email.as_str().to_owned()),
        failed_at: Set(at),
    })
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Forgets every failure for `email`, after a successful sign-in.
pub async fn clear(store: &Store, email: &EmailAddress) -> AppResult<()> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Email.eq(email.as_str()))
        .exec(store.conn())
        .await?;
    Ok(())
}
