//! Single sign-on attempts begun and not yet finished: the OpenID Connect `state`, the
//! `nonce` and the PKCE verifier, kept in the database (not in one server's memory) so that
//! any `consult serve` sharing it can finish an attempt another began. A row is deleted when
//! its callback arrives, so a replayed `state` finds nothing. A session begun through single
//! sign-on keeps the provider's ID token, sent back as `id_token_hint` when signing out there.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SingleSignOnAttempt {
    Table,
    Id,
    StateHash,
    Nonce,
    PkceVerifier,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum UserSession {
    Table,
    IdTokenHint,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SingleSignOnAttempt::Table)
                    .col(pk_uuid(SingleSignOnAttempt::Id))
                    .col(string(SingleSignOnAttempt::StateHash).unique_key())
                    .col(string(SingleSignOnAttempt::Nonce))
                    .col(string(SingleSignOnAttempt::PkceVerifier))
                    .col(timestamp_with_time_zone(SingleSignOnAttempt::CreatedAt))
                    .col(timestamp_with_time_zone(SingleSignOnAttempt::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        // Forgetting attempts that were abandoned at the provider.
        manager
            .create_index(
                Index::create()
                    .name("single_sign_on_attempt_expires_at")
                    .table(SingleSignOnAttempt::Table)
                    .col(SingleSignOnAttempt::ExpiresAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(UserSession::Table)
                    .add_column(text_null(UserSession::IdTokenHint))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(UserSession::Table)
                    .drop_column(UserSession::IdTokenHint)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(SingleSignOnAttempt::Table).to_owned())
            .await
    }
}
