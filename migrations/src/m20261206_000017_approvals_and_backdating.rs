//! Approvals given on an earlier version, and consultations recorded after the fact.
//!
//! A proposal keeps one counter per kind of substantive change (its sections, its posts, the
//! people and their impacts, its s188(4) disclosure items); an approval records the counters
//! it was given at, and `domain::signoff` compares. The counters move by triggers, like the
//! graph version (migration 000012), so no write path can forget them; unlike the graph
//! version they ignore what does not change what was approved (themes, the timetable, the
//! checklist, questions, the proposal's title).
//!
//! HR may proceed without a re-approval, with a reason: the approval keeps it and the
//! counters it was given at.
//!
//! `consultation_opened_backdated` marks an opening HR recorded after the fact, which
//! nobody is told to respond to.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Proposal {
    Table,
    SectionsVersion,
    PostsVersion,
    ImpactsVersion,
    DisclosureVersion,
    ConsultationOpenedBackdated,
}

#[derive(DeriveIden)]
enum Approval {
    Table,
    DecidedOnVersions,
    ProceedReason,
    ProceedBy,
    ProceedAt,
    ProceedOnVersions,
}

/// The proposal's own columns each counter watches.
const SECTIONS: [&str; 7] = [
    "background",
    "rationale",
    "proposal_text",
    "benefits",
    "alternatives",
    "risks",
    "equality_analysis",
];
/// s188(4): (a) reasons, (c) the establishment's workforce (migration 000015), (d) selection,
/// (e) dismissal, (f) pay, and s188(4)(g)-(h) agency workers.
const DISCLOSURE: [&str; 6] = [
    "rationale",
    "establishment_workforce",
    "selection_method",
    "dismissal_method",
    "redundancy_pay_method",
    "agency_workers",
];

/// Tables of the graph whose every change is substantive: (table, its key column, the
/// parent FROM list, id and proposal columns when the key is not the proposal's, counter).
/// Where a table's key is not the proposal's: the FROM list, its id and proposal columns.
type Parent = Option<(&'static str, &'static str, &'static str)>;

const GRAPH: [(&str, &str, Parent, &str); 3] = [
    ("post", "proposal_id", None, "posts_version"),
    ("employee", "proposal_id", None, "impacts_version"),
    (
        "post_holding",
        "employee_id",
        Some(("employee e", "e.id", "e.proposal_id")),
        "impacts_version",
    ),
];

fn bump(parent: &Parent, counter: &str, keys: &str) -> String {
    let proposals = match parent {
        None => keys.to_owned(),
        Some((from, id, proposal)) => {
            format!("SELECT {proposal} FROM {from} WHERE {id} IN ({keys})")
        }
    };
    format!("UPDATE proposal SET {counter} = {counter} + 1 WHERE id IN ({proposals});")
}

const EVENTS: [&str; 3] = ["insert", "update", "delete"];

fn changed(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!("NEW.{c} IS DISTINCT FROM OLD.{c}"))
        .collect::<Vec<_>>()
        .join(" OR ")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            Proposal::SectionsVersion,
            Proposal::PostsVersion,
            Proposal::ImpactsVersion,
            Proposal::DisclosureVersion,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Proposal::Table)
                        .add_column(big_integer(column).default(0))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Proposal::Table)
                    .add_column(boolean(Proposal::ConsultationOpenedBackdated).default(false))
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(Approval::DecidedOnVersions)
                .json_binary()
                .null()
                .to_owned(),
            ColumnDef::new(Approval::ProceedReason)
                .text()
                .null()
                .to_owned(),
            ColumnDef::new(Approval::ProceedBy).uuid().null().to_owned(),
            ColumnDef::new(Approval::ProceedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Approval::ProceedOnVersions)
                .json_binary()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Approval::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        for (table, key, parent, counter) in &GRAPH {
            if postgres {
                // Statement-level, as in 000012: one bump per statement, so a bulk import
                // stays linear.
                let new = format!("SELECT r.{key} FROM new_rows r");
                let old = format!("SELECT r.{key} FROM old_rows r");
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION substantive_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
                     BEGIN
                       IF TG_OP = 'INSERT' THEN {insert}
                       ELSIF TG_OP = 'UPDATE' THEN {update}
                       ELSE {delete}
                       END IF;
                       RETURN NULL;
                     END $$;
                     CREATE TRIGGER substantive_{table}_insert AFTER INSERT ON {table}
                       REFERENCING NEW TABLE AS new_rows
                       FOR EACH STATEMENT EXECUTE FUNCTION substantive_{table}();
                     CREATE TRIGGER substantive_{table}_update AFTER UPDATE ON {table}
                       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                       FOR EACH STATEMENT EXECUTE FUNCTION substantive_{table}();
                     CREATE TRIGGER substantive_{table}_delete AFTER DELETE ON {table}
                       REFERENCING OLD TABLE AS old_rows
                       FOR EACH STATEMENT EXECUTE FUNCTION substantive_{table}();",
                    insert = bump(parent, counter, &new),
                    update = bump(parent, counter, &format!("{new} UNION {old}")),
                    delete = bump(parent, counter, &old),
                ))
                .await?;
            } else {
                for (event, row) in EVENTS.into_iter().zip(["NEW", "NEW", "OLD"]) {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER substantive_{table}_{event} AFTER {event} ON {table}
                         FOR EACH ROW BEGIN {bump} END;",
                        bump = bump(parent, counter, &format!("{row}.{key}")),
                    ))
                    .await?;
                }
            }
        }
        let (sections, disclosure) = (changed(&SECTIONS), changed(&DISCLOSURE));
        if postgres {
            db.execute_unprepared(&format!(
                "CREATE FUNCTION substantive_proposal() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN
                   IF {sections} THEN NEW.sections_version := OLD.sections_version + 1; END IF;
                   IF {disclosure} THEN NEW.disclosure_version := OLD.disclosure_version + 1; END IF;
                   RETURN NEW;
                 END $$;
                 CREATE TRIGGER substantive_proposal_update BEFORE UPDATE ON proposal
                   FOR EACH ROW EXECUTE FUNCTION substantive_proposal();"
            ))
            .await?;
        } else {
            // SQLite cannot change NEW; the inner UPDATE sets none of the watched columns, so
            // it does not fire these triggers again.
            for (name, columns, counter) in [
                ("sections", &SECTIONS[..], "sections_version"),
                ("disclosure", &DISCLOSURE[..], "disclosure_version"),
            ] {
                let when = columns
                    .iter()
                    .map(|c| format!("NEW.{c} IS NOT OLD.{c}"))
                    .collect::<Vec<_>>()
                    .join(" OR ");
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER substantive_proposal_{name} AFTER UPDATE OF {cols} ON proposal
                     FOR EACH ROW WHEN {when}
                     BEGIN UPDATE proposal SET {counter} = {counter} + 1 WHERE id = NEW.id; END;",
                    cols = columns.join(", "),
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        for (table, _, _, _) in &GRAPH {
            for event in EVENTS {
                let on = if postgres {
                    format!(" ON {table}")
                } else {
                    String::new()
                };
                db.execute_unprepared(&format!(
                    "DROP TRIGGER IF EXISTS substantive_{table}_{event}{on};"
                ))
                .await?;
            }
            if postgres {
                db.execute_unprepared(&format!("DROP FUNCTION IF EXISTS substantive_{table}();"))
                    .await?;
            }
        }
        if postgres {
            db.execute_unprepared(
                "DROP TRIGGER IF EXISTS substantive_proposal_update ON proposal;
                 DROP FUNCTION IF EXISTS substantive_proposal();",
            )
            .await?;
        } else {
            db.execute_unprepared(
                "DROP TRIGGER IF EXISTS substantive_proposal_sections;
                 DROP TRIGGER IF EXISTS substantive_proposal_disclosure;",
            )
            .await?;
        }
        for column in [
            Approval::DecidedOnVersions,
            Approval::ProceedReason,
            Approval::ProceedBy,
            Approval::ProceedAt,
            Approval::ProceedOnVersions,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Approval::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            Proposal::SectionsVersion,
            Proposal::PostsVersion,
            Proposal::ImpactsVersion,
            Proposal::DisclosureVersion,
            Proposal::ConsultationOpenedBackdated,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Proposal::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
