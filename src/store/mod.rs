//! Persistence: sea-orm entities and the queries over them. Nothing outside `store`
//! builds SQL. Every mutation runs in one write transaction, begun with `Store::begin_write`.

pub mod audit;
pub mod entities;
pub mod feedback;
pub mod forms;
pub mod graph_cache;
pub mod login_failures;
pub mod outbox;
pub mod outcome;
pub mod proposals;
pub mod questions;
pub mod revisions;
pub mod s188;
pub mod sessions;
pub mod sign_in_links;
pub mod signoff;
pub mod structure;
pub mod timetable;
pub mod union_responses;
pub mod users;

use crate::error::{AppError, AppResult};
use anyhow::Context;
use consult_migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};
use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};
use std::time::Duration;
use uuid::Uuid;

/// The database: SQLite (embedded default) or PostgreSQL.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    statements: Arc<AtomicU64>,
}

impl Store {
    /// Connects to `url` (`sqlite://file.db?mode=rwc` or `postgres://...`).
    /// SQLite runs in WAL mode with foreign keys on, so readers never wait for a writer.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
            });
        let mut db = Database::connect(options).await.with_context(|| {
            format!("cannot connect to the database at {}", redact_password(url))
        })?;
        let statements = Arc::new(AtomicU64::new(0));
        let counter = statements.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        Ok(Self { db, statements })
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        Migrator::up(&self.db, None)
            .await
            .context("database migration failed")
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        self.db.ping().await.is_ok()
    }

    /// For reads outside a transaction.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    /// Begins the one transaction a mutation runs in. On SQLite it takes the write lock at
    /// once (IMMEDIATE): a deferred transaction that reads and then writes fails with
    /// SQLITE_BUSY when another writer got there first.
    pub async fn begin_write(&self) -> AppResult<DatabaseTransaction> {
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        Ok(self.db.begin_with_options(options).await?)
    }

    /// SQL statements run through this store so far; tests use it to check that a request
    /// costs a bounded number of statements whatever the data size.
    pub fn statements_executed(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }
}

/// Commits a change to a proposal with its outbox brought in line in the same transaction, so
/// the emails the change calls for (or no longer calls for) are never lost or left behind.
pub(crate) async fn commit_proposal_change(
    txn: DatabaseTransaction,
    proposal_id: Uuid,
) -> AppResult<()> {
    outbox::replan(&txn, proposal_id).await?;
    txn.commit().await?;
    Ok(())
}

/// A row that does not hold what its columns promise: the database was changed outside
/// Consult, so this is an internal error, never the client's.
pub(crate) fn corrupt(what: &str, id: Uuid) -> AppError {
    AppError::Internal(anyhow::anyhow!("{what} {id} holds invalid data"))
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for logs and errors.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_redacted_from_database_urls() {
        assert_eq!(
            super::redact_password("postgres://u:pw@h:5432/d"),
            "postgres://u:***@h:5432/d"
        );
        assert_eq!(
            super::redact_password("sqlite://consult.db?mode=rwc"),
            "sqlite://consult.db?mode=rwc"
        );
    }
}
