//! Retention and subject access (issue 17, UK GDPR Art. 5(1)(e) and Art. 15).
//!
//! - `employer_policy.retention_years` (default 6) and `retention_keeps_free_text` (default
//!   false): how long a decided proposal's personal data is kept.
//! - `proposal.decided_at` (when the decision was recorded; filled here from the audit log for
//!   proposals decided before this migration) and `proposal.pseudonymised_at` (set once the
//!   retention run has pseudonymised it, so a second run skips it).
//! - `letter.redacted_at`: an issued letter stays immutable, except that the retention run may
//!   remove its body (and only that).
//! - The audit chain, version 2: each event's hash covers the SHA-256 digests of its
//!   before/after JSON (`before_sha256`, `after_sha256`), not the JSON itself, so a payload can
//!   be redacted (set to NULL, `redacted_at` set) and the chain still verifies. The events
//!   already recorded are checked under version 1 first (a broken chain is refused: it must be
//!   looked into, not silently re-hashed) and re-chained under version 2 with the append-only
//!   triggers lifted; the triggers put back allow one update only: a redaction.
//!
//! The v2 encoding below is a frozen copy of `domain::audit_chain` as written with this
//! migration; the API test `cli::events_recorded_before_the_chain_are_chained_by_the_migration`
//! checks the two agree.

use crate::m20261206_000026_audit_hash_chain::{self as v1, placeholders};
use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{DbBackend, FromQueryResult, Statement},
};
use sha2::{Digest, Sha256};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvent {
    Table,
    BeforeSha256,
    AfterSha256,
    RedactedAt,
}

#[derive(DeriveIden)]
enum EmployerPolicy {
    Table,
    RetentionYears,
    RetentionKeepsFreeText,
}

#[derive(DeriveIden)]
enum Proposal {
    Table,
    DecidedAt,
    PseudonymisedAt,
}

#[derive(DeriveIden)]
enum Letter {
    Table,
    RedactedAt,
}

const PAGE: u64 = 500;

#[derive(FromQueryResult)]
struct Row {
    seq: i64,
    prev_hash: String,
    hash: String,
    id: uuid::Uuid,
    occurred_at: chrono::DateTime<chrono::Utc>,
    actor_id: Option<uuid::Uuid>,
    actor_label: Option<String>,
    action: String,
    entity_type: String,
    entity_id: uuid::Uuid,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
    before_sha256: Option<String>,
    after_sha256: Option<String>,
    redacted_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Row {
    fn v1(&self) -> v1::Row {
        v1::Row {
            id: self.id,
            occurred_at: self.occurred_at,
            actor_id: self.actor_id,
            actor_label: self.actor_label.clone(),
            action: self.action.clone(),
            entity_type: self.entity_type.clone(),
            entity_id: self.entity_id,
            before: self.before.clone(),
            after: self.after.clone(),
        }
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on SQLite too: a failure never leaves the log without its triggers,
    /// nor half re-chained.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let db = manager.get_connection();
        for column in [
            string_null(AuditEvent::BeforeSha256),
            string_null(AuditEvent::AfterSha256),
            timestamp_with_time_zone_null(AuditEvent::RedactedAt),
        ] {
            add_column(manager, AuditEvent::Table, column).await?;
        }
        // The limitation period for a claim in contract (Limitation Act 1980 s5): 6 years.
        add_column(
            manager,
            EmployerPolicy::Table,
            integer(EmployerPolicy::RetentionYears)
                .default(6)
                .to_owned(),
        )
        .await?;
        add_column(
            manager,
            EmployerPolicy::Table,
            boolean(EmployerPolicy::RetentionKeepsFreeText)
                .default(false)
                .to_owned(),
        )
        .await?;
        for column in [Proposal::DecidedAt, Proposal::PseudonymisedAt] {
            add_column(
                manager,
                Proposal::Table,
                timestamp_with_time_zone_null(column),
            )
            .await?;
        }
        add_column(
            manager,
            Letter::Table,
            timestamp_with_time_zone_null(Letter::RedactedAt),
        )
        .await?;

        // Proposals decided before this migration: the decision's time is its audit event's
        // (the last `proposal.decided`, should there be more than one).
        db.execute_unprepared(
            "UPDATE proposal SET decided_at = (
                 SELECT MAX(e.occurred_at) FROM audit_event e
                 WHERE e.entity_type = 'proposal' AND e.entity_id = proposal.id
                   AND e.action = 'proposal.decided')
             WHERE status IN ('DECIDED', 'IMPLEMENTING', 'COMPLETED')",
        )
        .await?;

        letter_triggers(db, backend, true).await?;
        lift_audit_triggers(db, backend).await?;
        rechain(db, backend, Direction::ToV2).await?;
        audit_triggers(db, backend, true).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let db = manager.get_connection();
        lift_audit_triggers(db, backend).await?;
        rechain(db, backend, Direction::ToV1).await?;
        audit_triggers(db, backend, false).await?;
        letter_triggers(db, backend, false).await?;
        for (table, column) in [
            (
                AuditEvent::Table.into_iden(),
                AuditEvent::BeforeSha256.into_iden(),
            ),
            (
                AuditEvent::Table.into_iden(),
                AuditEvent::AfterSha256.into_iden(),
            ),
            (
                AuditEvent::Table.into_iden(),
                AuditEvent::RedactedAt.into_iden(),
            ),
            (
                EmployerPolicy::Table.into_iden(),
                EmployerPolicy::RetentionYears.into_iden(),
            ),
            (
                EmployerPolicy::Table.into_iden(),
                EmployerPolicy::RetentionKeepsFreeText.into_iden(),
            ),
            (Proposal::Table.into_iden(), Proposal::DecidedAt.into_iden()),
            (
                Proposal::Table.into_iden(),
                Proposal::PseudonymisedAt.into_iden(),
            ),
            (Letter::Table.into_iden(), Letter::RedactedAt.into_iden()),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn add_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: ColumnDef,
) -> Result<(), DbErr> {
    let mut column = column;
    manager
        .alter_table(
            Table::alter()
                .table(table)
                .add_column(&mut column)
                .to_owned(),
        )
        .await
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    ToV2,
    ToV1,
}

/// Checks the chain under the version it has and rewrites it under the other, a page at a
/// time in `seq` order. A broken link, or (going back to version 1) a redacted event, is
/// refused: the transaction rolls back and nothing changes.
async fn rechain(
    db: &SchemaManagerConnection<'_>,
    backend: DbBackend,
    direction: Direction,
) -> Result<(), DbErr> {
    let mut old_prev = v1::GENESIS.to_owned();
    let mut new_prev = v1::GENESIS.to_owned();
    let mut after_seq = 0_i64;
    loop {
        let rows = Row::find_by_statement(Statement::from_sql_and_values(
            backend,
            placeholders(
                backend,
                &format!(
                    "SELECT seq, prev_hash, hash, id, occurred_at, actor_id, actor_label, action, \
                     entity_type, entity_id, before, after, before_sha256, after_sha256, redacted_at \
                     FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT {PAGE}"
                ),
            ),
            [after_seq.into()],
        ))
        .all(db)
        .await?;
        let Some(last) = rows.last() else { break };
        let last_seq = last.seq;
        for row in &rows {
            let broken = |why: &str| {
                DbErr::Migration(format!(
                    "the audit chain is broken at seq {} (event {}): {why}. It is not re-chained: \
                     run `consult audit verify` with the previous release and look into it first.",
                    row.seq, row.id
                ))
            };
            if row.seq != after_seq + 1 {
                return Err(broken(&format!(
                    "events {} to {} are missing",
                    after_seq + 1,
                    row.seq - 1
                )));
            }
            if row.prev_hash != old_prev {
                return Err(broken("an event before it is missing or was altered"));
            }
            let (old_hash, new_hash, before_sha256, after_sha256) = match direction {
                Direction::ToV2 => {
                    let before_sha256 = row.before.as_ref().map(digest);
                    let after_sha256 = row.after.as_ref().map(digest);
                    (
                        v1::hash(&old_prev, row.seq, &row.v1()),
                        hash_v2(
                            &new_prev,
                            row,
                            before_sha256.as_deref(),
                            after_sha256.as_deref(),
                        ),
                        before_sha256,
                        after_sha256,
                    )
                }
                Direction::ToV1 => {
                    if row.redacted_at.is_some() {
                        return Err(DbErr::Migration(format!(
                            "audit event {} (seq {}) was redacted under the retention policy: \
                             the audit chain cannot go back to version 1, which hashes the data itself",
                            row.id, row.seq
                        )));
                    }
                    let payloads_match = row.before.as_ref().map(digest) == row.before_sha256
                        && row.after.as_ref().map(digest) == row.after_sha256;
                    if !payloads_match {
                        return Err(broken("its before/after no longer match their digests"));
                    }
                    (
                        hash_v2(
                            &old_prev,
                            row,
                            row.before_sha256.as_deref(),
                            row.after_sha256.as_deref(),
                        ),
                        v1::hash(&new_prev, row.seq, &row.v1()),
                        None,
                        None,
                    )
                }
            };
            if old_hash != row.hash {
                return Err(broken("the event itself was altered"));
            }
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                placeholders(
                    backend,
                    "UPDATE audit_event SET prev_hash = $1, hash = $2, before_sha256 = $3, \
                     after_sha256 = $4 WHERE id = $5",
                ),
                [
                    new_prev.clone().into(),
                    new_hash.clone().into(),
                    before_sha256.into(),
                    after_sha256.into(),
                    row.id.into(),
                ],
            ))
            .await?;
            old_prev = row.hash.clone();
            new_prev = new_hash;
            after_seq = row.seq;
        }
        after_seq = last_seq;
    }
    Ok(())
}

/// Lifts the append-only triggers (as 000001 or this migration made them).
async fn lift_audit_triggers(
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

/// The audit log's triggers: DELETE always refused; UPDATE refused but for a redaction
/// (`redaction`: this migration's) or always (000001's, for `down`).
async fn audit_triggers(
    db: &SchemaManagerConnection<'_>,
    backend: DbBackend,
    redaction: bool,
) -> Result<(), DbErr> {
    const KEPT: [&str; 12] = [
        "id",
        "occurred_at",
        "actor_id",
        "actor_label",
        "action",
        "entity_type",
        "entity_id",
        "seq",
        "prev_hash",
        "hash",
        "before_sha256",
        "after_sha256",
    ];
    let redaction_only = "OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL \
         AND NEW.before IS NULL AND NEW.after IS NULL";
    match backend {
        DbBackend::Postgres => {
            let body = if redaction {
                let new = KEPT.map(|c| format!("NEW.{c}")).join(", ");
                let old = KEPT.map(|c| format!("OLD.{c}")).join(", ");
                format!(
                    "BEGIN
                       IF TG_OP = 'UPDATE' AND {redaction_only}
                          AND ({new}) IS NOT DISTINCT FROM ({old}) THEN
                         RETURN NEW;
                       END IF;
                       RAISE EXCEPTION 'audit_event is append-only: the one change allowed is the redaction of an event''s before/after';
                     END"
                )
            } else {
                "BEGIN RAISE EXCEPTION 'audit_event is append-only'; END".to_owned()
            };
            db.execute_unprepared(&format!(
                "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
                 LANGUAGE plpgsql AS $$ {body} $$"
            ))
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
                 FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
            )
            .await?;
        }
        _ => {
            let when = if redaction {
                let same = KEPT.map(|c| format!("NEW.{c} IS OLD.{c}")).join(" AND ");
                format!("WHEN NOT ({redaction_only} AND {same})")
            } else {
                String::new()
            };
            db.execute_unprepared(&format!(
                "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event {when}
                 BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: the one change allowed is the redaction of an event''s before/after'); END"
            ))
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
                 BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
            )
            .await?;
        }
    }
    Ok(())
}

/// An issued letter stays as issued, except that the retention run may remove its body and
/// facts once (`redacted_at` set; kind, subject, dates and people unchanged). `redaction`
/// false puts back 000021's triggers.
async fn letter_triggers(
    db: &SchemaManagerConnection<'_>,
    backend: DbBackend,
    redaction: bool,
) -> Result<(), DbErr> {
    const KEPT: [&str; 9] = [
        "id",
        "employee_id",
        "proposal_id",
        "kind",
        "template_version",
        "subject",
        "issued_by",
        "issued_at",
        "supersedes",
    ];
    const REFUSAL: &str = "an issued letter is never changed: issue a new one that supersedes it";
    let redaction_only = "OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL";
    match backend {
        DbBackend::Postgres => {
            let body = if redaction {
                let new = KEPT.map(|c| format!("NEW.{c}")).join(", ");
                let old = KEPT.map(|c| format!("OLD.{c}")).join(", ");
                format!(
                    "BEGIN
                       IF TG_OP = 'UPDATE' AND {redaction_only}
                          AND ({new}) IS NOT DISTINCT FROM ({old}) THEN
                         RETURN NEW;
                       END IF;
                       RAISE EXCEPTION '{REFUSAL}';
                     END"
                )
            } else {
                format!("BEGIN RAISE EXCEPTION '{REFUSAL}'; END")
            };
            // The trigger calls the function by name: replacing it is enough.
            db.execute_unprepared(&format!(
                "CREATE OR REPLACE FUNCTION letter_immutable() RETURNS trigger
                 LANGUAGE plpgsql AS $$ {body} $$"
            ))
            .await?;
        }
        _ => {
            let when = if redaction {
                let same = KEPT.map(|c| format!("NEW.{c} IS OLD.{c}")).join(" AND ");
                format!("WHEN NOT ({redaction_only} AND {same})")
            } else {
                String::new()
            };
            db.execute_unprepared("DROP TRIGGER letter_no_update")
                .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER letter_no_update BEFORE UPDATE ON letter {when}
                 BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            ))
            .await?;
        }
    }
    Ok(())
}

/// `domain::audit_chain::payload_digest`, frozen: hex SHA-256 of the JSON with its object
/// keys sorted.
fn digest(value: &serde_json::Value) -> String {
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
    let mut encoded = String::new();
    json(value, &mut encoded);
    hex(&Sha256::digest(encoded.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `domain::audit_chain::ChainedEvent::hash`, version 2, frozen.
fn hash_v2(
    prev_hash: &str,
    row: &Row,
    before_sha256: Option<&str>,
    after_sha256: Option<&str>,
) -> String {
    fn text(out: &mut Vec<u8>, value: &str) {
        out.extend_from_slice(&(value.len() as u64).to_be_bytes());
        out.extend_from_slice(value.as_bytes());
    }
    fn optional_text(out: &mut Vec<u8>, value: Option<&str>) {
        match value {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                text(out, value);
            }
        }
    }
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(b"consult-audit-v2");
    out.extend_from_slice(&row.seq.to_be_bytes());
    out.extend_from_slice(row.id.as_bytes());
    out.extend_from_slice(&row.occurred_at.timestamp_micros().to_be_bytes());
    match row.actor_id {
        None => out.push(0),
        Some(id) => {
            out.push(1);
            out.extend_from_slice(id.as_bytes());
        }
    }
    optional_text(&mut out, row.actor_label.as_deref());
    text(&mut out, &row.action);
    text(&mut out, &row.entity_type);
    out.extend_from_slice(row.entity_id.as_bytes());
    optional_text(&mut out, before_sha256);
    optional_text(&mut out, after_sha256);
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(&out);
    hex(&hasher.finalize())
}
