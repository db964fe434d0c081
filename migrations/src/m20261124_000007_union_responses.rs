//! Collective responses of the recognised unions, one per union per proposal.

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
enum UnionResponse {
    Table,
    Id,
    ProposalId,
    UnionName,
    Title,
    Body,
    Points,
    FailureToAgree,
    Submitted,
    SubmittedAt,
    SubmittedBy,
    Version,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UnionResponse::Table)
                    .col(pk_uuid(UnionResponse::Id))
                    .col(uuid(UnionResponse::ProposalId))
                    .col(string(UnionResponse::UnionName))
                    .col(string(UnionResponse::Title))
                    .col(text(UnionResponse::Body))
                    .col(json_binary(UnionResponse::Points))
                    .col(boolean(UnionResponse::FailureToAgree))
                    .col(boolean(UnionResponse::Submitted))
                    .col(timestamp_with_time_zone_null(UnionResponse::SubmittedAt))
                    .col(uuid_null(UnionResponse::SubmittedBy))
                    .col(integer(UnionResponse::Version))
                    .col(timestamp_with_time_zone(UnionResponse::UpdatedAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("union_response_proposal")
                            .from(UnionResponse::Table, UnionResponse::ProposalId)
                            .to(Proposal::Table, Proposal::Id)
                            .to_owned(),
                    )
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("union_response_submitted_by")
                            .from(UnionResponse::Table, UnionResponse::SubmittedBy)
                            .to(AppUser::Table, AppUser::Id)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("union_response_union")
                    .table(UnionResponse::Table)
                    .col(UnionResponse::ProposalId)
                    .col(UnionResponse::UnionName)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(UnionResponse::Table).to_owned())
            .await
    }
}
