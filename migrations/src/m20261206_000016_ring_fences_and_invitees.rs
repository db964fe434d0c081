//! Ring fences get a kind (a ring fence for posts of the new structure, or a resource pool
//! for redeployment to vacancies outside it) and HR's reason for each member who holds none
//! of the pool's current posts; meetings can invite employees of the proposal (by their work
//! email, with or without an account) beside users. Defaults keep existing rows as they were.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RingFence {
    Table,
    Kind,
    MemberReasons,
}

#[derive(DeriveIden)]
enum Meeting {
    Table,
    InviteeEmployeeIds,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(RingFence::Table)
                    .add_column(string(RingFence::Kind).default("RING_FENCE"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RingFence::Table)
                    .add_column(json_binary(RingFence::MemberReasons).default("[]"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Meeting::Table)
                    .add_column(json_binary(Meeting::InviteeEmployeeIds).default("[]"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Meeting::Table)
                    .drop_column(Meeting::InviteeEmployeeIds)
                    .to_owned(),
            )
            .await?;
        for column in [RingFence::MemberReasons, RingFence::Kind] {
            manager
                .alter_table(
                    Table::alter()
                        .table(RingFence::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
