//! Persistence: sea-orm entities and the queries over them. Nothing outside `store`
//! builds SQL. Every mutation runs in one write transaction, begun with `Store::begin_write`.

pub mod affected_staff;
pub mod audit;
pub mod bundle;
pub mod cases;
pub mod employer_policy;
pub mod entities;
pub mod equality;
pub mod feedback;
pub mod forms;
pub mod grading_challenges;
pub mod graph_cache;
pub mod graph_index;
pub mod information_requests;
pub mod letters;
pub mod login_failures;
pub mod meeting_records;
pub mod navigation;
pub mod offers;
pub mod outbox;
pub mod outcome;
pub mod proposals;
pub mod questions;
pub mod responders;
pub mod retention;
pub mod revisions;
pub mod s188;
pub mod selection;
pub mod separation;
pub mod sessions;
pub mod sign_in_links;
pub mod signoff;
pub mod single_sign_on;
pub mod structure;
pub mod subject_access;
pub mod team_responses;
pub mod timetable;
pub mod trial_reviews;
pub mod union_responses;
pub mod users;

use crate::domain::notify::PlanScope;
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
    atomic::{AtomicBool, AtomicU64, Ordering},
};
use std::time::Duration;
use uuid::Uuid;

/// The database pool's connections at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Open and lent out to a query or transaction.
    pub in_use: u32,
    /// Open and waiting in the pool.
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
}

/// The database: SQLite (embedded default) or PostgreSQL.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    statements: Arc<AtomicU64>,
    recorded: Arc<StatementLog>,
}

/// The SQL of the statements run while recording is on (off unless a test turns it on).
#[derive(Default)]
struct StatementLog {
    on: AtomicBool,
    sql: std::sync::Mutex<Vec<String>>,
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
        let recorded = Arc::new(StatementLog::default());
        let (counter, log) = (statements.clone(), recorded.clone());
        db.set_metric_callback(move |info| {
            counter.fetch_add(1, Ordering::Relaxed);
            if log.on.load(Ordering::Relaxed) {
                log.sql
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push(info.statement.sql.clone());
            }
        });
        Ok(Self {
            db,
            statements,
            recorded,
        })
    }

    /// Applies every pending migration.
    ///
    /// Several servers and workers may start together on one PostgreSQL database after an
    /// upgrade: one migrates while the others wait on an advisory lock, then find nothing
    /// pending (without it two would apply the same migration and one would fail half-way).
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let lock = match self.backend() {
            DbBackend::Postgres => Some(self.take_migration_lock().await?),
            _ => None,
        };
        let migrated = Migrator::up(&self.db, None)
            .await
            .context("database migration failed");
        if let Some(lock) = lock {
            // Ending the session releases its advisory lock.
            use sea_orm::sqlx::Connection;
            let _ = lock.close().await;
        }
        migrated
    }

    /// A connection of its own (not the pool's, which may hold only one) holding the
    /// migration lock for as long as it is open.
    async fn take_migration_lock(&self) -> anyhow::Result<sea_orm::sqlx::PgConnection> {
        use sea_orm::sqlx::ConnectOptions;
        /// Any fixed key: it names "Consult's migrations" among the database's advisory locks.
        const MIGRATION_LOCK_KEY: i64 = 0x436f_6e73_756c_7401;
        let options = self.db.get_postgres_connection_pool().connect_options();
        let mut connection = options
            .connect()
            .await
            .context("cannot connect to take the migration lock")?;
        sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(MIGRATION_LOCK_KEY)
            .execute(&mut connection)
            .await
            .context("cannot take the migration lock")?;
        Ok(connection)
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

    /// The connection pool as it is now, for metrics.
    pub fn pool_stats(&self) -> PoolStats {
        let (open, idle, max) = match self.backend() {
            DbBackend::Postgres => {
                let pool = self.db.get_postgres_connection_pool();
                (
                    pool.size(),
                    pool.num_idle(),
                    pool.options().get_max_connections(),
                )
            }
            _ => {
                let pool = self.db.get_sqlite_connection_pool();
                (
                    pool.size(),
                    pool.num_idle(),
                    pool.options().get_max_connections(),
                )
            }
        };
        let idle = u32::try_from(idle).unwrap_or(u32::MAX).min(open);
        PoolStats {
            in_use: open - idle,
            idle,
            max,
        }
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

    /// Starts keeping the SQL of every statement run from now on (tests use it to check what
    /// a request reads, not only how many statements it runs).
    pub fn record_statements(&self) {
        self.take_recorded();
        self.recorded.on.store(true, Ordering::Relaxed);
    }

    /// The SQL recorded since `record_statements` (or the last call), and stops recording.
    pub fn take_recorded(&self) -> Vec<String> {
        self.recorded.on.store(false, Ordering::Relaxed);
        std::mem::take(
            &mut *self
                .recorded
                .sql
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }
}

/// Commits a change to a proposal with its outbox brought in line in the same transaction, so
/// the emails the change calls for (or no longer calls for) are never lost or left behind.
/// `scope` says what the change can alter of the proposal's emails (the domain's
/// `PlanScope`); `Whole` when in doubt.
pub(crate) async fn commit_proposal_change(
    txn: DatabaseTransaction,
    proposal_id: Uuid,
    scope: PlanScope,
) -> AppResult<()> {
    outbox::replan(&txn, proposal_id, &scope).await?;
    txn.commit().await?;
    Ok(())
}

/// Most ids bound into one statement. PostgreSQL refuses more than 65,535 parameters; lists
/// that grow with a proposal are sent in chunks of this size (or joined in SQL instead).
pub(crate) const IDS_PER_STATEMENT: usize = 10_000;

/// `column` contains `needle`, ignoring case, with `%`, `_` and `\\` in the needle matched
/// literally: the text search of HR's lists, the same on SQLite and PostgreSQL.
pub(crate) fn contains_text(
    column: impl sea_orm::sea_query::IntoColumnRef,
    needle: &str,
) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
    let escaped = needle
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Expr::expr(Func::lower(Expr::col(column)))
        .like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
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
