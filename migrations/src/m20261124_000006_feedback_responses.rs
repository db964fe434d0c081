//! Staff feedback responses, with every saved version kept.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Proposal {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FeedbackResponse {
    Table,
    Id,
    ProposalId,
    AuthorId,
    Confidential,
    Answers,
    Submitted,
    SubmittedAt,
    ClientKey,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FeedbackResponseVersion {
    Table,
    Id,
    ResponseId,
    Version,
    Answers,
    Confidential,
    Submitted,
    SavedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FeedbackResponse::Table)
                    .col(pk_uuid(FeedbackResponse::Id))
                    .col(uuid(FeedbackResponse::ProposalId))
                    .col(uuid(FeedbackResponse::AuthorId))
                    .col(boolean(FeedbackResponse::Confidential))
                    .col(json_binary(FeedbackResponse::Answers))
                    .col(boolean(FeedbackResponse::Submitted))
                    .col(timestamp_with_time_zone_null(FeedbackResponse::SubmittedAt))
                    .col(string_null(FeedbackResponse::ClientKey))
                    .col(integer(FeedbackResponse::Version))
                    .col(timestamp_with_time_zone(FeedbackResponse::CreatedAt))
                    .col(timestamp_with_time_zone(FeedbackResponse::UpdatedAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("feedback_response_proposal")
                            .from(FeedbackResponse::Table, FeedbackResponse::ProposalId)
                            .to(Proposal::Table, Proposal::Id)
                            .to_owned(),
                    )
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("feedback_response_author")
                            .from(FeedbackResponse::Table, FeedbackResponse::AuthorId)
                            .to(AppUser::Table, AppUser::Id)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        // One response per person per proposal.
        manager
            .create_index(
                Index::create()
                    .name("feedback_response_author")
                    .table(FeedbackResponse::Table)
                    .col(FeedbackResponse::ProposalId)
                    .col(FeedbackResponse::AuthorId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeedbackResponseVersion::Table)
                    .col(pk_uuid(FeedbackResponseVersion::Id))
                    .col(uuid(FeedbackResponseVersion::ResponseId))
                    .col(integer(FeedbackResponseVersion::Version))
                    .col(json_binary(FeedbackResponseVersion::Answers))
                    .col(boolean(FeedbackResponseVersion::Confidential))
                    .col(boolean(FeedbackResponseVersion::Submitted))
                    .col(timestamp_with_time_zone(FeedbackResponseVersion::SavedAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("feedback_response_version_response")
                            .from(
                                FeedbackResponseVersion::Table,
                                FeedbackResponseVersion::ResponseId,
                            )
                            .to(FeedbackResponse::Table, FeedbackResponse::Id)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("feedback_response_version_response")
                    .table(FeedbackResponseVersion::Table)
                    .col(FeedbackResponseVersion::ResponseId)
                    .col(FeedbackResponseVersion::Version)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(FeedbackResponseVersion::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(FeedbackResponse::Table).to_owned())
            .await
    }
}
