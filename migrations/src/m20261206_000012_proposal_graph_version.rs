//! A proposal's graph version: a counter every change to anything the API reads of a proposal
//! (posts, people, JDs, timetable, checklist, questions, union responses, themes, the outcome
//! report) moves, so a server may keep the proposal's read model in memory and know with one
//! cheap read whether it is still current, also when another server made the change.
//!
//! The counter is moved by triggers, not by application code, so no write path, and no change
//! made outside Consult, can forget it. On PostgreSQL they are statement-level, over the
//! statement's transition tables: one bump per statement for each proposal it touched, so a
//! bulk load of many rows into one proposal stays linear (a row trigger there updates the one
//! proposal row once per row, and each update walks that row's earlier, dead versions).
//! SQLite has no statement-level triggers; its row triggers update in place, cheaply.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Proposal {
    Table,
    GraphVersion,
}

/// Where a table's rows are not the proposal's own: the row's key column holds `id` of
/// `from` (a FROM list), whose `proposal` is the proposal's id.
struct Parent {
    from: &'static str,
    id: &'static str,
    proposal: &'static str,
}

const fn via(from: &'static str, id: &'static str, proposal: &'static str) -> Option<Parent> {
    Some(Parent { from, id, proposal })
}

/// Each table of the graph, its column naming the proposal (or, with a parent, the parent).
const GRAPH_TABLES: [(&str, &str, Option<Parent>); 19] = [
    ("post", "proposal_id", None),
    ("employee", "proposal_id", None),
    ("ring_fence", "proposal_id", None),
    ("job_description", "proposal_id", None),
    ("proposal_revision", "proposal_id", None),
    ("timetable", "proposal_id", None),
    ("meeting", "proposal_id", None),
    ("implementation_step", "proposal_id", None),
    ("checklist_step", "proposal_id", None),
    ("approval", "proposal_id", None),
    ("question", "proposal_id", None),
    ("union_response", "proposal_id", None),
    ("theme", "proposal_id", None),
    ("outcome_report", "proposal_id", None),
    (
        "post_holding",
        "employee_id",
        via("employee e", "e.id", "e.proposal_id"),
    ),
    (
        "jd_version",
        "job_description_id",
        via("job_description j", "j.id", "j.proposal_id"),
    ),
    (
        "jd_comment",
        "jd_version_id",
        via(
            "jd_version v JOIN job_description j ON j.id = v.job_description_id",
            "v.id",
            "j.proposal_id",
        ),
    ),
    (
        "union_response_attachment",
        "union_response_id",
        via("union_response u", "u.id", "u.proposal_id"),
    ),
    (
        "theme_tag",
        "theme_id",
        via("theme t", "t.id", "t.proposal_id"),
    ),
];

/// Moves the version of the proposals whose key (the row's key column) is `IN (keys)`.
/// A parent deleted by the same statement finds no proposal: its own trigger moved it.
fn bump(parent: &Option<Parent>, keys: &str) -> String {
    let proposals = match parent {
        None => keys.to_owned(),
        Some(Parent { from, id, proposal }) => {
            format!("SELECT {proposal} FROM {from} WHERE {id} IN ({keys})")
        }
    };
    format!("UPDATE proposal SET graph_version = graph_version + 1 WHERE id IN ({proposals});")
}

const EVENTS: [&str; 3] = ["insert", "update", "delete"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Proposal::Table)
                    .add_column(big_integer(Proposal::GraphVersion).default(0))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for (table, key, parent) in &GRAPH_TABLES {
            match manager.get_database_backend() {
                DbBackend::Postgres => {
                    // A trigger with transition tables takes one event, so three triggers
                    // share the function, which sees only its event's tables.
                    let new = format!("SELECT r.{key} FROM new_rows r");
                    let old = format!("SELECT r.{key} FROM old_rows r");
                    db.execute_unprepared(&format!(
                        "CREATE FUNCTION graph_version_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
                         BEGIN
                           IF TG_OP = 'INSERT' THEN {insert}
                           ELSIF TG_OP = 'UPDATE' THEN {update}
                           ELSE {delete}
                           END IF;
                           RETURN NULL;
                         END $$;
                         CREATE TRIGGER graph_version_{table}_insert AFTER INSERT ON {table}
                           REFERENCING NEW TABLE AS new_rows
                           FOR EACH STATEMENT EXECUTE FUNCTION graph_version_{table}();
                         CREATE TRIGGER graph_version_{table}_update AFTER UPDATE ON {table}
                           REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                           FOR EACH STATEMENT EXECUTE FUNCTION graph_version_{table}();
                         CREATE TRIGGER graph_version_{table}_delete AFTER DELETE ON {table}
                           REFERENCING OLD TABLE AS old_rows
                           FOR EACH STATEMENT EXECUTE FUNCTION graph_version_{table}();",
                        insert = bump(parent, &new),
                        update = bump(parent, &format!("{new} UNION {old}")),
                        delete = bump(parent, &old),
                    ))
                    .await?;
                }
                _ => {
                    for (event, row) in EVENTS.into_iter().zip(["NEW", "NEW", "OLD"]) {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER graph_version_{table}_{event} AFTER {event} ON {table}
                             FOR EACH ROW BEGIN {bump} END;",
                            bump = bump(parent, &format!("{row}.{key}")),
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        for (table, _, _) in &GRAPH_TABLES {
            for event in EVENTS {
                let on = if postgres {
                    format!(" ON {table}")
                } else {
                    String::new()
                };
                db.execute_unprepared(&format!(
                    "DROP TRIGGER IF EXISTS graph_version_{table}_{event}{on};"
                ))
                .await?;
            }
            if postgres {
                db.execute_unprepared(&format!("DROP FUNCTION IF EXISTS graph_version_{table}();"))
                    .await?;
            }
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Proposal::Table)
                    .drop_column(Proposal::GraphVersion)
                    .to_owned(),
            )
            .await
    }
}
