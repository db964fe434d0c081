//! Joint union responses and team responses (issue 20).
//!
//! - `union_response_signatory`: every union a collective response names: the union that drafted
//!   it and the unions co-signing it, each with its own signature and failure to agree. The
//!   unique (proposal, union) index is the rule "one response that names this union". Each
//!   existing response names its own union, signed when it was submitted.
//! - `team_response`, `team_response_member`: a response written by staff as a group, with the
//!   colleagues asked to sign it and who did.
//! - `team_response_endorsement`: a union's support for a submitted team response.

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
    FailureToAgree,
    SubmittedAt,
    SubmittedBy,
}

#[derive(DeriveIden)]
enum UnionResponseSignatory {
    Table,
    Id,
    UnionResponseId,
    ProposalId,
    UnionName,
    SignedAt,
    SignedBy,
    FailureToAgree,
}

#[derive(DeriveIden)]
enum TeamResponse {
    Table,
    Id,
    ProposalId,
    TeamName,
    Title,
    Body,
    DraftedBy,
    Submitted,
    SubmittedAt,
    SubmittedBy,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TeamResponseMember {
    Table,
    Id,
    TeamResponseId,
    UserId,
    SignedAt,
}

#[derive(DeriveIden)]
enum TeamResponseEndorsement {
    Table,
    Id,
    TeamResponseId,
    UnionName,
    Statement,
    EndorsedBy,
    EndorsedAt,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UnionResponseSignatory::Table)
                    .col(pk_uuid(UnionResponseSignatory::Id))
                    .col(uuid(UnionResponseSignatory::UnionResponseId))
                    .col(uuid(UnionResponseSignatory::ProposalId))
                    .col(string(UnionResponseSignatory::UnionName))
                    .col(timestamp_with_time_zone_null(
                        UnionResponseSignatory::SignedAt,
                    ))
                    .col(uuid_null(UnionResponseSignatory::SignedBy))
                    .col(boolean(UnionResponseSignatory::FailureToAgree))
                    .foreign_key(&mut fk(
                        "union_response_signatory_response",
                        (
                            UnionResponseSignatory::Table,
                            UnionResponseSignatory::UnionResponseId,
                        ),
                        (UnionResponse::Table, UnionResponse::Id),
                    ))
                    .foreign_key(&mut fk(
                        "union_response_signatory_proposal",
                        (
                            UnionResponseSignatory::Table,
                            UnionResponseSignatory::ProposalId,
                        ),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .foreign_key(&mut fk(
                        "union_response_signatory_signed_by",
                        (
                            UnionResponseSignatory::Table,
                            UnionResponseSignatory::SignedBy,
                        ),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("union_response_signatory_once")
                    .table(UnionResponseSignatory::Table)
                    .col(UnionResponseSignatory::ProposalId)
                    .col(UnionResponseSignatory::UnionName)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("union_response_signatory_response")
                    .table(UnionResponseSignatory::Table)
                    .col(UnionResponseSignatory::UnionResponseId)
                    .to_owned(),
            )
            .await?;
        // Each existing response names its own union; its id serves, one row per response.
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(UnionResponseSignatory::Table)
                    .columns([
                        UnionResponseSignatory::Id,
                        UnionResponseSignatory::UnionResponseId,
                        UnionResponseSignatory::ProposalId,
                        UnionResponseSignatory::UnionName,
                        UnionResponseSignatory::SignedAt,
                        UnionResponseSignatory::SignedBy,
                        UnionResponseSignatory::FailureToAgree,
                    ])
                    .select_from(
                        Query::select()
                            .columns([
                                UnionResponse::Id,
                                UnionResponse::Id,
                                UnionResponse::ProposalId,
                                UnionResponse::UnionName,
                                UnionResponse::SubmittedAt,
                                UnionResponse::SubmittedBy,
                                UnionResponse::FailureToAgree,
                            ])
                            .from(UnionResponse::Table)
                            .to_owned(),
                    )
                    .map_err(|e| DbErr::Custom(e.to_string()))?
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TeamResponse::Table)
                    .col(pk_uuid(TeamResponse::Id))
                    .col(uuid(TeamResponse::ProposalId))
                    .col(string(TeamResponse::TeamName))
                    .col(string(TeamResponse::Title))
                    .col(text(TeamResponse::Body))
                    .col(uuid(TeamResponse::DraftedBy))
                    .col(boolean(TeamResponse::Submitted))
                    .col(timestamp_with_time_zone_null(TeamResponse::SubmittedAt))
                    .col(uuid_null(TeamResponse::SubmittedBy))
                    .col(integer(TeamResponse::Version))
                    .col(timestamp_with_time_zone(TeamResponse::UpdatedAt))
                    .foreign_key(&mut fk(
                        "team_response_proposal",
                        (TeamResponse::Table, TeamResponse::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .foreign_key(&mut fk(
                        "team_response_drafted_by",
                        (TeamResponse::Table, TeamResponse::DraftedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("team_response_proposal")
                    .table(TeamResponse::Table)
                    .col(TeamResponse::ProposalId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TeamResponseMember::Table)
                    .col(pk_uuid(TeamResponseMember::Id))
                    .col(uuid(TeamResponseMember::TeamResponseId))
                    .col(uuid(TeamResponseMember::UserId))
                    .col(timestamp_with_time_zone_null(TeamResponseMember::SignedAt))
                    .foreign_key(&mut fk(
                        "team_response_member_response",
                        (
                            TeamResponseMember::Table,
                            TeamResponseMember::TeamResponseId,
                        ),
                        (TeamResponse::Table, TeamResponse::Id),
                    ))
                    .foreign_key(&mut fk(
                        "team_response_member_user",
                        (TeamResponseMember::Table, TeamResponseMember::UserId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("team_response_member_once")
                    .table(TeamResponseMember::Table)
                    .col(TeamResponseMember::TeamResponseId)
                    .col(TeamResponseMember::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TeamResponseEndorsement::Table)
                    .col(pk_uuid(TeamResponseEndorsement::Id))
                    .col(uuid(TeamResponseEndorsement::TeamResponseId))
                    .col(string(TeamResponseEndorsement::UnionName))
                    .col(text(TeamResponseEndorsement::Statement))
                    .col(uuid(TeamResponseEndorsement::EndorsedBy))
                    .col(timestamp_with_time_zone(
                        TeamResponseEndorsement::EndorsedAt,
                    ))
                    .foreign_key(&mut fk(
                        "team_response_endorsement_response",
                        (
                            TeamResponseEndorsement::Table,
                            TeamResponseEndorsement::TeamResponseId,
                        ),
                        (TeamResponse::Table, TeamResponse::Id),
                    ))
                    .foreign_key(&mut fk(
                        "team_response_endorsement_by",
                        (
                            TeamResponseEndorsement::Table,
                            TeamResponseEndorsement::EndorsedBy,
                        ),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("team_response_endorsement_once")
                    .table(TeamResponseEndorsement::Table)
                    .col(TeamResponseEndorsement::TeamResponseId)
                    .col(TeamResponseEndorsement::UnionName)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TeamResponseEndorsement::Table.into_iden(),
            TeamResponseMember::Table.into_iden(),
            TeamResponse::Table.into_iden(),
            UnionResponseSignatory::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
