//! Sign-in sessions the server can end (sign-out, a disabled account), and disabled accounts.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    DisabledAt,
}

#[derive(DeriveIden)]
enum UserSession {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AppUser::Table)
                    .add_column(timestamp_with_time_zone_null(AppUser::DisabledAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UserSession::Table)
                    .col(pk_uuid(UserSession::Id))
                    .col(uuid(UserSession::UserId))
                    .col(timestamp_with_time_zone(UserSession::CreatedAt))
                    .col(timestamp_with_time_zone(UserSession::ExpiresAt))
                    .col(timestamp_with_time_zone_null(UserSession::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(UserSession::Table, UserSession::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Revoking every session of one person (sign out everywhere, disabling the account).
        manager
            .create_index(
                Index::create()
                    .name("user_session_user_id")
                    .table(UserSession::Table)
                    .col(UserSession::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(UserSession::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AppUser::Table)
                    .drop_column(AppUser::DisabledAt)
                    .to_owned(),
            )
            .await
    }
}
