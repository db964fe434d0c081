//! Grading challenges (issue 20): staff in a post, or a recognised union, challenge the grade
//! proposed for a revised job description; HR records the outcome. One row per challenge,
//! hanging off its proposal and JD.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum GradingChallenge {
    Table,
    Id,
    ProposalId,
    JobDescriptionId,
    CurrentVersionId,
    RevisedVersionId,
    CurrentTitle,
    CurrentGrade,
    RevisedTitle,
    RevisedGrade,
    ChallengerId,
    UnionName,
    Areas,
    BelievedGrade,
    Evidence,
    Status,
    Scheme,
    ResultingGrade,
    OutcomeReasons,
    DecidedBy,
    DecidedAt,
    CreatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Proposal {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum JobDescription {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum JdVersion {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(GradingChallenge::Table)
                    .col(pk_uuid(GradingChallenge::Id))
                    .col(uuid(GradingChallenge::ProposalId))
                    .col(uuid(GradingChallenge::JobDescriptionId))
                    .col(uuid(GradingChallenge::CurrentVersionId))
                    .col(uuid(GradingChallenge::RevisedVersionId))
                    // The subject as it stood when challenged (the Barnet response's columns).
                    .col(string(GradingChallenge::CurrentTitle))
                    .col(string_null(GradingChallenge::CurrentGrade))
                    .col(string(GradingChallenge::RevisedTitle))
                    .col(string_null(GradingChallenge::RevisedGrade))
                    .col(uuid_null(GradingChallenge::ChallengerId))
                    // Set for a union's challenge; NULL for a member of staff's own.
                    .col(string_null(GradingChallenge::UnionName))
                    // [{ kind, currentNumber, revisedNumber, currentText, revisedText, note }]
                    .col(json_binary(GradingChallenge::Areas))
                    .col(string(GradingChallenge::BelievedGrade))
                    .col(text(GradingChallenge::Evidence))
                    // AWAITING_OUTCOME, RE_EVALUATED, GRADE_CONFIRMED.
                    .col(string(GradingChallenge::Status))
                    .col(string_null(GradingChallenge::Scheme))
                    .col(string_null(GradingChallenge::ResultingGrade))
                    .col(text_null(GradingChallenge::OutcomeReasons))
                    .col(uuid_null(GradingChallenge::DecidedBy))
                    .col(timestamp_with_time_zone_null(GradingChallenge::DecidedAt))
                    .col(timestamp_with_time_zone(GradingChallenge::CreatedAt))
                    .col(integer(GradingChallenge::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("grading_challenge_proposal")
                            .from(GradingChallenge::Table, GradingChallenge::ProposalId)
                            .to(Proposal::Table, Proposal::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("grading_challenge_job_description")
                            .from(GradingChallenge::Table, GradingChallenge::JobDescriptionId)
                            .to(JobDescription::Table, JobDescription::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("grading_challenge_current_version")
                            .from(GradingChallenge::Table, GradingChallenge::CurrentVersionId)
                            .to(JdVersion::Table, JdVersion::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("grading_challenge_revised_version")
                            .from(GradingChallenge::Table, GradingChallenge::RevisedVersionId)
                            .to(JdVersion::Table, JdVersion::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("grading_challenge_challenger")
                            .from(GradingChallenge::Table, GradingChallenge::ChallengerId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("grading_challenge_decided_by")
                            .from(GradingChallenge::Table, GradingChallenge::DecidedBy)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // HR's "still open" view filters a proposal's challenges by status.
        manager
            .create_index(
                Index::create()
                    .name("grading_challenge_proposal_status_idx")
                    .table(GradingChallenge::Table)
                    .col(GradingChallenge::ProposalId)
                    .col(GradingChallenge::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("grading_challenge_job_description_idx")
                    .table(GradingChallenge::Table)
                    .col(GradingChallenge::JobDescriptionId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(GradingChallenge::Table).to_owned())
            .await
    }
}
