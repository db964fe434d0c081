//! A proposal's graph version: a counter every change to anything the API reads of a proposal
//! (posts, people, JDs, timetable, checklist, questions, union responses, themes, the outcome
//! report) moves, so a server may keep the proposal's read model in memory and know with one
//! cheap read whether it is still current, also when another server made the change.
//!
//! The counter is moved by triggers, not by application code, so no write path, and no change
//! made outside Consult, can forget it.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Proposal {
    Table,
    GraphVersion,
}

/// Each table of the graph, and how a row of it names its proposal (`{row}` is NEW or OLD).
const GRAPH_TABLES: [(&str, &str); 19] = [
    ("post", "{row}.proposal_id"),
    ("employee", "{row}.proposal_id"),
    ("ring_fence", "{row}.proposal_id"),
    ("job_description", "{row}.proposal_id"),
    ("proposal_revision", "{row}.proposal_id"),
    ("timetable", "{row}.proposal_id"),
    ("meeting", "{row}.proposal_id"),
    ("implementation_step", "{row}.proposal_id"),
    ("checklist_step", "{row}.proposal_id"),
    ("approval", "{row}.proposal_id"),
    ("question", "{row}.proposal_id"),
    ("union_response", "{row}.proposal_id"),
    ("theme", "{row}.proposal_id"),
    ("outcome_report", "{row}.proposal_id"),
    (
        "post_holding",
        "(SELECT e.proposal_id FROM employee e WHERE e.id = {row}.employee_id)",
    ),
    (
        "jd_version",
        "(SELECT j.proposal_id FROM job_description j WHERE j.id = {row}.job_description_id)",
    ),
    (
        "jd_comment",
        "(SELECT j.proposal_id FROM jd_version v JOIN job_description j ON j.id = v.job_description_id WHERE v.id = {row}.jd_version_id)",
    ),
    (
        "union_response_attachment",
        "(SELECT u.proposal_id FROM union_response u WHERE u.id = {row}.union_response_id)",
    ),
    (
        "theme_tag",
        "(SELECT t.proposal_id FROM theme t WHERE t.id = {row}.theme_id)",
    ),
];

fn bump(proposal: &str) -> String {
    format!("UPDATE proposal SET graph_version = graph_version + 1 WHERE id = {proposal};")
}

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
        for (table, proposal) in GRAPH_TABLES {
            match manager.get_database_backend() {
                DbBackend::Postgres => {
                    let row = proposal.replace("{row}", "r");
                    db.execute_unprepared(&format!(
                        "CREATE FUNCTION graph_version_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
                         DECLARE r RECORD;
                         BEGIN
                           IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
                           {bump}
                           RETURN NULL;
                         END $$;
                         CREATE TRIGGER graph_version_{table} AFTER INSERT OR UPDATE OR DELETE ON {table}
                           FOR EACH ROW EXECUTE FUNCTION graph_version_{table}();",
                        bump = bump(&row),
                    ))
                    .await?;
                }
                _ => {
                    for (event, row) in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER graph_version_{table}_{event} AFTER {event} ON {table}
                             FOR EACH ROW BEGIN {bump} END;",
                            event = event.to_lowercase(),
                            bump = bump(&proposal.replace("{row}", row)),
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
        for (table, _) in GRAPH_TABLES {
            match manager.get_database_backend() {
                DbBackend::Postgres => {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS graph_version_{table} ON {table};
                         DROP FUNCTION IF EXISTS graph_version_{table}();"
                    ))
                    .await?;
                }
                _ => {
                    for event in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS graph_version_{table}_{event};"
                        ))
                        .await?;
                    }
                }
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
