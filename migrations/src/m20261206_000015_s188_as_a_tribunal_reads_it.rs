//! What the s188 engine needs to judge as a tribunal would: when a proposal was made (s188(3)),
//! the planned first notice of dismissal (s193's first limb; Junk v Kühnel), the
//! establishment's workforce by description (s188(4)(c)), and volunteers for redundancy.
//! `timetable.reengagement_dismissals` is no longer read: dismissal and re-engagement is an
//! employee's impact, so it is counted, disclosed and costed like any other dismissal.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Proposal {
    Table,
    ProposedOn,
    EstablishmentWorkforce,
}

#[derive(DeriveIden)]
enum Timetable {
    Table,
    PlannedFirstNotice,
}

#[derive(DeriveIden)]
enum Employee {
    Table,
    Volunteer,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Proposal::Table)
                    .add_column(date_null(Proposal::ProposedOn))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Proposal::Table)
                    .add_column(json_binary_null(Proposal::EstablishmentWorkforce))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Timetable::Table)
                    .add_column(date_null(Timetable::PlannedFirstNotice))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Employee::Table)
                    .add_column(boolean(Employee::Volunteer).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            (
                Proposal::Table.into_iden(),
                Proposal::ProposedOn.into_iden(),
            ),
            (
                Proposal::Table.into_iden(),
                Proposal::EstablishmentWorkforce.into_iden(),
            ),
            (
                Timetable::Table.into_iden(),
                Timetable::PlannedFirstNotice.into_iden(),
            ),
            (Employee::Table.into_iden(), Employee::Volunteer.into_iden()),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
