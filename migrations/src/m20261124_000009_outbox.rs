//! The transactional outbox of emails, each person's notification preference, and single-use
//! sign-in links sent with invitations.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OutboxMessage {
    Table,
    Id,
    ProposalId,
    RecipientId,
    RecipientEmail,
    Template,
    Data,
    DedupeKey,
    Statutory,
    Digest,
    DueAt,
    Status,
    Attempts,
    LastError,
    ClaimedUntil,
    SentAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum NotificationPreference {
    Table,
    UserId,
    DailyDigest,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SignInLink {
    Table,
    Id,
    UserId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OutboxMessage::Table)
                    .col(pk_uuid(OutboxMessage::Id))
                    .col(uuid_null(OutboxMessage::ProposalId))
                    .col(uuid_null(OutboxMessage::RecipientId))
                    .col(string(OutboxMessage::RecipientEmail))
                    .col(string(OutboxMessage::Template))
                    .col(json_binary(OutboxMessage::Data))
                    .col(string_uniq(OutboxMessage::DedupeKey))
                    .col(boolean(OutboxMessage::Statutory))
                    .col(boolean(OutboxMessage::Digest))
                    .col(timestamp_with_time_zone(OutboxMessage::DueAt))
                    .col(string(OutboxMessage::Status))
                    .col(integer(OutboxMessage::Attempts))
                    .col(text_null(OutboxMessage::LastError))
                    .col(timestamp_with_time_zone_null(OutboxMessage::ClaimedUntil))
                    .col(timestamp_with_time_zone_null(OutboxMessage::SentAt))
                    .col(timestamp_with_time_zone(OutboxMessage::CreatedAt))
                    .col(timestamp_with_time_zone(OutboxMessage::UpdatedAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("outbox_message_recipient")
                            .from(OutboxMessage::Table, OutboxMessage::RecipientId)
                            .to(AppUser::Table, AppUser::Id)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        // The worker's query: what is due, oldest first.
        manager
            .create_index(
                Index::create()
                    .name("outbox_message_due")
                    .table(OutboxMessage::Table)
                    .col(OutboxMessage::Status)
                    .col(OutboxMessage::DueAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("outbox_message_proposal")
                    .table(OutboxMessage::Table)
                    .col(OutboxMessage::ProposalId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("outbox_message_recipient")
                    .table(OutboxMessage::Table)
                    .col(OutboxMessage::RecipientId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationPreference::Table)
                    .col(pk_uuid(NotificationPreference::UserId))
                    .col(boolean(NotificationPreference::DailyDigest))
                    .col(timestamp_with_time_zone(NotificationPreference::UpdatedAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("notification_preference_user")
                            .from(
                                NotificationPreference::Table,
                                NotificationPreference::UserId,
                            )
                            .to(AppUser::Table, AppUser::Id)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SignInLink::Table)
                    .col(pk_uuid(SignInLink::Id))
                    .col(uuid(SignInLink::UserId))
                    .col(string_uniq(SignInLink::TokenHash))
                    .col(timestamp_with_time_zone(SignInLink::ExpiresAt))
                    .col(timestamp_with_time_zone_null(SignInLink::UsedAt))
                    .col(timestamp_with_time_zone(SignInLink::CreatedAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("sign_in_link_user")
                            .from(SignInLink::Table, SignInLink::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SignInLink::Table.into_iden(),
            NotificationPreference::Table.into_iden(),
            OutboxMessage::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
