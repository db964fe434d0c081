//! Letters of the individual stage: the employer's edits of each kind's template (no row, or
//! no body, means Consult's default wording) and every letter as issued. An issued letter is
//! a record of what the employee was told: it is never changed or removed (triggers refuse
//! UPDATE and DELETE, as for the audit log); a correction is a new letter that supersedes it.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Employee {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Proposal {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LetterTemplate {
    Table,
    Id,
    Kind,
    Body,
    Version,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Letter {
    Table,
    Id,
    EmployeeId,
    ProposalId,
    Kind,
    TemplateVersion,
    Subject,
    BodyText,
    BodyHtml,
    Facts,
    IssuedBy,
    IssuedAt,
    Supersedes,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LetterTemplate::Table)
                    .col(pk_uuid(LetterTemplate::Id))
                    .col(string_uniq(LetterTemplate::Kind))
                    .col(text_null(LetterTemplate::Body))
                    .col(integer(LetterTemplate::Version))
                    .col(uuid_null(LetterTemplate::UpdatedBy))
                    .col(timestamp_with_time_zone(LetterTemplate::UpdatedAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("letter_template_updated_by")
                            .from(LetterTemplate::Table, LetterTemplate::UpdatedBy)
                            .to(AppUser::Table, AppUser::Id)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Letter::Table)
                    .col(pk_uuid(Letter::Id))
                    .col(uuid(Letter::EmployeeId))
                    .col(uuid(Letter::ProposalId))
                    .col(string(Letter::Kind))
                    .col(integer(Letter::TemplateVersion))
                    .col(string(Letter::Subject))
                    .col(text(Letter::BodyText))
                    .col(text(Letter::BodyHtml))
                    .col(json_binary(Letter::Facts))
                    .col(uuid(Letter::IssuedBy))
                    .col(timestamp_with_time_zone(Letter::IssuedAt))
                    .col(uuid_null(Letter::Supersedes))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("letter_employee")
                            .from(Letter::Table, Letter::EmployeeId)
                            .to(Employee::Table, Employee::Id)
                            .to_owned(),
                    )
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("letter_proposal")
                            .from(Letter::Table, Letter::ProposalId)
                            .to(Proposal::Table, Proposal::Id)
                            .to_owned(),
                    )
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("letter_issued_by")
                            .from(Letter::Table, Letter::IssuedBy)
                            .to(AppUser::Table, AppUser::Id)
                            .to_owned(),
                    )
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("letter_supersedes")
                            .from(Letter::Table, Letter::Supersedes)
                            .to(Letter::Table, Letter::Id)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        // An employee's letters, and a proposal's, newest first.
        for (name, column) in [
            ("letter_employee_issued", Letter::EmployeeId),
            ("letter_proposal_issued", Letter::ProposalId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Letter::Table)
                        .col(column)
                        .col(Letter::IssuedAt)
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION letter_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                     BEGIN RAISE EXCEPTION 'an issued letter is never changed: issue a new one that supersedes it'; END $$;
                     CREATE TRIGGER letter_immutable BEFORE UPDATE OR DELETE ON letter
                     FOR EACH ROW EXECUTE FUNCTION letter_immutable();",
                )
                .await?;
            }
            DbBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE TRIGGER letter_no_update BEFORE UPDATE ON letter
                     BEGIN SELECT RAISE(ABORT, 'an issued letter is never changed: issue a new one that supersedes it'); END;
                     CREATE TRIGGER letter_no_delete BEFORE DELETE ON letter
                     BEGIN SELECT RAISE(ABORT, 'an issued letter is never changed: issue a new one that supersedes it'); END;",
                )
                .await?;
            }
            _ => {}
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Dropping the table drops its triggers; PostgreSQL keeps the function.
        manager
            .drop_table(Table::drop().table(Letter::Table).to_owned())
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS letter_immutable()")
                .await?;
        }
        manager
            .drop_table(Table::drop().table(LetterTemplate::Table).to_owned())
            .await
    }
}
