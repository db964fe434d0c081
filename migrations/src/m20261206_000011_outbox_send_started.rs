//! When a worker began sending each claimed email. A claim is a lease; only a message whose
//! send had started is in doubt when its worker stops (dead, for HR to check); the rest of
//! the claim goes back to the queue.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OutboxMessage {
    Table,
    SendStartedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxMessage::Table)
                    .add_column(timestamp_with_time_zone_null(OutboxMessage::SendStartedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxMessage::Table)
                    .drop_column(OutboxMessage::SendStartedAt)
                    .to_owned(),
            )
            .await
    }
}
