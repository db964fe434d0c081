//! The audit log as a hash chain (issue 17): `seq` (the chain position, unique), `prev_hash`
//! and `hash` (hex SHA-256) on `audit_event`. The events already recorded are chained here in
//! the order (occurred_at, id), with the append-only triggers lifted for the backfill and put
//! back in the same migration.
//!
//! The encoding below is a frozen copy of `domain::audit_chain` as it was when this migration
//! was written (a migration must not change with the code); the API test
//! `cli::events_recorded_before_the_chain_are_chained_by_the_migration` checks the two agree.

use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{DbBackend, FromQueryResult, Statement, Value as DbValue},
};
use sha2::{Digest, Sha256};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvent {
    Table,
    Seq,
    PrevHash,
    Hash,
}

pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const PAGE: u64 = 500;

#[derive(FromQueryResult)]
pub(crate) struct Row {
    pub(crate) id: uuid::Uuid,
    pub(crate) occurred_at: chrono::DateTime<chrono::Utc>,
    pub(crate) actor_id: Option<uuid::Uuid>,
    pub(crate) actor_label: Option<String>,
    pub(crate) action: String,
    pub(crate) entity_type: String,
    pub(crate) entity_id: uuid::Uuid,
    pub(crate) before: Option<serde_json::Value>,
    pub(crate) after: Option<serde_json::Value>,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too: one connection sees the triggers lifted and put
    /// back, and a failure never leaves the log without them.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let db = manager.get_connection();
        // Nullable first: the rows already there get their values below.
        for column in [
            big_integer_null(AuditEvent::Seq),
            string_null(AuditEvent::PrevHash),
            string_null(AuditEvent::Hash),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditEvent::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }

        lift_append_only(db, backend).await?;
        let mut prev_hash = GENESIS.to_owned();
        let mut seq: i64 = 0;
        let mut after: Option<(chrono::DateTime<chrono::Utc>, uuid::Uuid)> = None;
        loop {
            // Keyset pages in chain order, so a large log never sits in memory whole.
            let (filter, values) = match after {
                None => ("", vec![]),
                Some((at, id)) => (
                    "WHERE occurred_at > $1 OR (occurred_at = $1 AND id > $2)",
                    vec![DbValue::from(at), DbValue::from(id)],
                ),
            };
            let rows = Row::find_by_statement(Statement::from_sql_and_values(
                backend,
                placeholders(backend, &format!(
                    "SELECT id, occurred_at, actor_id, actor_label, action, entity_type, entity_id, \
                     \"before\", \"after\" FROM audit_event {filter} \
                     ORDER BY occurred_at, id LIMIT {PAGE}"
                )),
                values,
            ))
            .all(db)
            .await?;
            let Some(last) = rows.last() else { break };
            after = Some((last.occurred_at, last.id));
            for row in &rows {
                seq += 1;
                // The chain covers whole microseconds: times stored before it with
                // nanoseconds (SQLite) hash as they read back, so they are left as they are.
                let hash = hash(&prev_hash, seq, row);
                db.execute_raw(Statement::from_sql_and_values(
                    backend,
                    placeholders(
                        backend,
                        "UPDATE audit_event SET seq = $1, prev_hash = $2, hash = $3 WHERE id = $4",
                    ),
                    [
                        seq.into(),
                        prev_hash.clone().into(),
                        hash.clone().into(),
                        row.id.into(),
                    ],
                ))
                .await?;
                prev_hash = hash;
            }
        }

        // SQLite cannot add NOT NULL to an existing column without rebuilding the table (and
        // its triggers); the application always writes all three.
        if backend == DbBackend::Postgres {
            db.execute_unprepared(
                "ALTER TABLE audit_event ALTER COLUMN seq SET NOT NULL, \
                 ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL",
            )
            .await?;
        }
        restore_append_only(db, backend).await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_event_seq")
                    .table(AuditEvent::Table)
                    .col(AuditEvent::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("audit_event_seq")
                    .table(AuditEvent::Table)
                    .to_owned(),
            )
            .await?;
        for column in [AuditEvent::Seq, AuditEvent::PrevHash, AuditEvent::Hash] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditEvent::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

/// Lifts the triggers of migration 000001 that refuse UPDATE and DELETE.
async fn lift_append_only(
    db: &SchemaManagerConnection<'_>,
    backend: DbBackend,
) -> Result<(), DbErr> {
    let statements: &[&str] = match backend {
        DbBackend::Postgres => &["DROP TRIGGER audit_event_append_only ON audit_event"],
        _ => &[
            "DROP TRIGGER audit_event_no_update",
            "DROP TRIGGER audit_event_no_delete",
        ],
    };
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

/// Puts back the triggers as migration 000001 made them.
async fn restore_append_only(
    db: &SchemaManagerConnection<'_>,
    backend: DbBackend,
) -> Result<(), DbErr> {
    let statements: &[&str] = match backend {
        DbBackend::Postgres => &[
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
             FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
        ],
        _ => &[
            "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
             BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
            "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
             BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
        ],
    };
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

/// SQLite numbers its parameters `?1`, PostgreSQL `$1`.
pub(crate) fn placeholders(backend: DbBackend, sql: &str) -> String {
    match backend {
        DbBackend::Postgres => sql.to_owned(),
        _ => sql.replace('$', "?"),
    }
}

/// `domain::audit_chain::ChainedEvent::hash` as it was in version 1, frozen (migration 000028
/// checks the v1 chain with it before re-chaining under version 2).
pub(crate) fn hash(prev_hash: &str, seq: i64, row: &Row) -> String {
    fn text(out: &mut Vec<u8>, value: &str) {
        out.extend_from_slice(&(value.len() as u64).to_be_bytes());
        out.extend_from_slice(value.as_bytes());
    }
    fn json(value: &serde_json::Value, out: &mut String) {
        use serde_json::Value;
        match value {
            Value::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                out.push('{');
                for (i, (key, value)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push(':');
                    json(value, out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json(item, out);
                }
                out.push(']');
            }
            scalar => out.push_str(&scalar.to_string()),
        }
    }
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(b"consult-audit-v1");
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(row.id.as_bytes());
    out.extend_from_slice(&row.occurred_at.timestamp_micros().to_be_bytes());
    match row.actor_id {
        None => out.push(0),
        Some(id) => {
            out.push(1);
            out.extend_from_slice(id.as_bytes());
        }
    }
    match &row.actor_label {
        None => out.push(0),
        Some(label) => {
            out.push(1);
            text(&mut out, label);
        }
    }
    text(&mut out, &row.action);
    text(&mut out, &row.entity_type);
    out.extend_from_slice(row.entity_id.as_bytes());
    for value in [&row.before, &row.after] {
        match value {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                let mut encoded = String::new();
                json(value, &mut encoded);
                text(&mut out, &encoded);
            }
        }
    }
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(&out);
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
