//! Sign-in attempts per email address, kept only as long as the throttle looks back.
//!
//! An attempt is counted *before* its password is checked, in the same transaction as the
//! throttle's check, and serialised per address (SQLite: the write lock; PostgreSQL: an
//! advisory lock on the address), so parallel requests, or several servers on one database,
//! cannot check more passwords than the limit. A successful sign-in forgets them all.

use super::{Store, entities::login_failure};
use crate::domain::{account::EmailAddress, login_throttle::LoginThrottle};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement,
};
use uuid::Uuid;

/// Records an attempt for `email` at `now` if the throttle allows one, else refuses with
/// `RATE_LIMITED` and records nothing.
pub async fn begin_attempt(
    store: &Store,
    email: &EmailAddress,
    throttle: LoginThrottle,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = store.begin_write().await?;
    if store.backend() == DbBackend::Postgres {
        // Held until commit: the next attempt for this address counts this one.
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 7211))",
            [email.as_str().into()],
        ))
        .await?;
    }
    let forget_before = throttle.forget_before(now);
    let recent: Vec<DateTime<Utc>> = login_failure::Entity::find()
        .filter(login_failure::Column::Email.eq(email.as_str()))
        .filter(login_failure::Column::FailedAt.gt(forget_before))
        .order_by_desc(login_failure::Column::FailedAt)
        .limit(throttle.max_failures as u64)
        .all(&txn)
        .await?
        .into_iter()
        .map(|row| row.failed_at)
        .collect();
    throttle.check(&recent, now)?;
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Email.eq(email.as_str()))
        .filter(login_failure::Column::FailedAt.lt(forget_before))
        .exec(&txn)
        .await?;
    login_failure::Entity::insert(login_failure::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email.as_str().to_owned()),
        failed_at: Set(now),
    })
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Forgets every attempt for `email`, after a successful sign-in.
pub async fn clear(conn: &impl ConnectionTrait, email: &EmailAddress) -> AppResult<()> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Email.eq(email.as_str()))
        .exec(conn)
        .await?;
    Ok(())
}
