//! Signposting and guard rails (issue 18).
//!
//! - `proposal.hr_contact_id`: the HR person staff are told to talk to. Existing proposals
//!   take the HR account that created them.
//! - `checklist_step.early_completion_reason`: why a step planned after the consultation
//!   closes was completed before it closed (`domain::signoff::check_step_completion`).
//! - `answers_seen`: when each person last looked at the answers to their questions, so the
//!   navigation can count the answers they have not seen.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Proposal {
    Table,
    HrContactId,
    CreatedBy,
}

#[derive(DeriveIden)]
enum ChecklistStep {
    Table,
    EarlyCompletionReason,
}

#[derive(DeriveIden)]
enum AnswersSeen {
    Table,
    UserId,
    SeenAt,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    Role,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Proposal::Table)
                    .add_column(uuid_null(Proposal::HrContactId))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Proposal::Table)
                    .value(Proposal::HrContactId, Expr::col(Proposal::CreatedBy))
                    .and_where(
                        Expr::col(Proposal::CreatedBy).in_subquery(
                            Query::select()
                                .column(AppUser::Id)
                                .from(AppUser::Table)
                                .and_where(Expr::col(AppUser::Role).eq("HR_ADMIN"))
                                .to_owned(),
                        ),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ChecklistStep::Table)
                    .add_column(text_null(ChecklistStep::EarlyCompletionReason))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AnswersSeen::Table)
                    .col(pk_uuid(AnswersSeen::UserId))
                    .col(timestamp_with_time_zone(AnswersSeen::SeenAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("answers_seen_user")
                            .from(AnswersSeen::Table, AnswersSeen::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AnswersSeen::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ChecklistStep::Table)
                    .drop_column(ChecklistStep::EarlyCompletionReason)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Proposal::Table)
                    .drop_column(Proposal::HrContactId)
                    .to_owned(),
            )
            .await
    }
}
