//! Offers of suitable alternative employment and statutory trial periods (issue 16; ERA 1996
//! s138, s141). One row per offer made to an employee's case: the post offered (of the new
//! structure, or a vacancy outside it), the answer, HR's s141 judgement on a refusal, and the
//! trial period in the new post once accepted.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Offer {
    Table,
    Id,
    EmployeeId,
    ProposalId,
    PostId,
    Title,
    Grade,
    Place,
    WeeklyPayPence,
    AnswerBy,
    Status,
    DeclinedReason,
    AnsweredAt,
    S141OfferSuitable,
    S141RefusalUnreasonable,
    S141Reasons,
    S141DecidedBy,
    S141DecidedAt,
    TrialOldJobEnds,
    TrialStart,
    TrialStatutoryEnd,
    TrialEnd,
    RetrainingAgreedOn,
    RetrainingTermsAfter,
    TrialEndedOn,
    TrialEndedBy,
    TrialEndReason,
    Version,
    MadeBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Employee {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Proposal {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Post {
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
                    .table(Offer::Table)
                    .col(pk_uuid(Offer::Id))
                    .col(uuid(Offer::EmployeeId))
                    .col(uuid(Offer::ProposalId))
                    // A post of the new structure; null for a vacancy outside it.
                    .col(uuid_null(Offer::PostId))
                    .col(string(Offer::Title))
                    .col(string_null(Offer::Grade))
                    .col(string_null(Offer::Place))
                    .col(big_integer_null(Offer::WeeklyPayPence))
                    .col(date(Offer::AnswerBy))
                    // OFFERED, ACCEPTED, DECLINED, IN_TRIAL, CONFIRMED, TRIAL_ENDED.
                    .col(string(Offer::Status))
                    .col(text_null(Offer::DeclinedReason))
                    .col(timestamp_with_time_zone_null(Offer::AnsweredAt))
                    .col(boolean_null(Offer::S141OfferSuitable))
                    .col(boolean_null(Offer::S141RefusalUnreasonable))
                    .col(text_null(Offer::S141Reasons))
                    .col(uuid_null(Offer::S141DecidedBy))
                    .col(timestamp_with_time_zone_null(Offer::S141DecidedAt))
                    .col(date_null(Offer::TrialOldJobEnds))
                    .col(date_null(Offer::TrialStart))
                    .col(date_null(Offer::TrialStatutoryEnd))
                    .col(date_null(Offer::TrialEnd))
                    .col(date_null(Offer::RetrainingAgreedOn))
                    .col(text_null(Offer::RetrainingTermsAfter))
                    .col(date_null(Offer::TrialEndedOn))
                    // EMPLOYEE or EMPLOYER.
                    .col(string_null(Offer::TrialEndedBy))
                    .col(text_null(Offer::TrialEndReason))
                    .col(integer(Offer::Version))
                    .col(uuid_null(Offer::MadeBy))
                    .col(timestamp_with_time_zone(Offer::CreatedAt))
                    .col(timestamp_with_time_zone(Offer::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("offer_employee")
                            .from(Offer::Table, Offer::EmployeeId)
                            .to(Employee::Table, Employee::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("offer_proposal")
                            .from(Offer::Table, Offer::ProposalId)
                            .to(Proposal::Table, Proposal::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("offer_post")
                            .from(Offer::Table, Offer::PostId)
                            .to(Post::Table, Post::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("offer_s141_decided_by")
                            .from(Offer::Table, Offer::S141DecidedBy)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("offer_made_by")
                            .from(Offer::Table, Offer::MadeBy)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("offer_employee_idx")
                    .table(Offer::Table)
                    .col(Offer::EmployeeId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("offer_proposal_idx")
                    .table(Offer::Table)
                    .col(Offer::ProposalId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Offer::Table).to_owned())
            .await
    }
}
