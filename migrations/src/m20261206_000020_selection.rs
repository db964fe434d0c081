//! Selection in competitive pools (issue 16): a ring fence's scoring scale and published
//! outcome; its weighted criteria, two assessors, each assessor's scores, HR's moderated
//! scores and tie-breaks. Rows go with their ring fence (and with a removed employee or
//! criterion): scores are never kept for a pool or person that no longer exists, while the
//! audit log keeps every change made to them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RingFence {
    Table,
    Id,
    SelectionScaleMax,
    SelectionScaleDescriptors,
    SelectionPublishedAt,
    SelectionPublishedBy,
}

#[derive(DeriveIden)]
enum SelectionCriterion {
    Table,
    Id,
    RingFenceId,
    Name,
    Description,
    Weight,
    Position,
}

#[derive(DeriveIden)]
enum SelectionAssessor {
    Table,
    Id,
    RingFenceId,
    UserId,
    Position,
}

#[derive(DeriveIden)]
enum SelectionScore {
    Table,
    Id,
    RingFenceId,
    EmployeeId,
    CriterionId,
    AssessorUserId,
    Score,
    Note,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum SelectionModeration {
    Table,
    Id,
    RingFenceId,
    EmployeeId,
    CriterionId,
    Score,
    Note,
    ModeratorUserId,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum SelectionTieBreak {
    Table,
    Id,
    RingFenceId,
    EmployeeId,
    Reason,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum Employee {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

fn cascade(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn to_user(name: &str, table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(AppUser::Table, AppUser::Id)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            integer(RingFence::SelectionScaleMax).default(4).to_owned(),
            json_binary(RingFence::SelectionScaleDescriptors)
                .default("[]")
                .to_owned(),
            timestamp_with_time_zone_null(RingFence::SelectionPublishedAt).to_owned(),
            uuid_null(RingFence::SelectionPublishedBy).to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(RingFence::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(SelectionCriterion::Table)
                    .col(pk_uuid(SelectionCriterion::Id))
                    .col(uuid(SelectionCriterion::RingFenceId))
                    .col(string(SelectionCriterion::Name))
                    .col(text_null(SelectionCriterion::Description))
                    .col(integer(SelectionCriterion::Weight))
                    .col(integer(SelectionCriterion::Position))
                    .foreign_key(&mut cascade(
                        "selection_criterion_ring_fence",
                        (SelectionCriterion::Table, SelectionCriterion::RingFenceId),
                        (RingFence::Table, RingFence::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SelectionAssessor::Table)
                    .col(pk_uuid(SelectionAssessor::Id))
                    .col(uuid(SelectionAssessor::RingFenceId))
                    .col(uuid(SelectionAssessor::UserId))
                    .col(integer(SelectionAssessor::Position))
                    .foreign_key(&mut cascade(
                        "selection_assessor_ring_fence",
                        (SelectionAssessor::Table, SelectionAssessor::RingFenceId),
                        (RingFence::Table, RingFence::Id),
                    ))
                    .foreign_key(&mut to_user(
                        "selection_assessor_user",
                        SelectionAssessor::Table,
                        SelectionAssessor::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SelectionScore::Table)
                    .col(pk_uuid(SelectionScore::Id))
                    .col(uuid(SelectionScore::RingFenceId))
                    .col(uuid(SelectionScore::EmployeeId))
                    .col(uuid(SelectionScore::CriterionId))
                    .col(uuid(SelectionScore::AssessorUserId))
                    .col(integer(SelectionScore::Score))
                    .col(text_null(SelectionScore::Note))
                    .col(timestamp_with_time_zone(SelectionScore::UpdatedAt))
                    .col(integer(SelectionScore::Version))
                    .foreign_key(&mut cascade(
                        "selection_score_ring_fence",
                        (SelectionScore::Table, SelectionScore::RingFenceId),
                        (RingFence::Table, RingFence::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "selection_score_employee",
                        (SelectionScore::Table, SelectionScore::EmployeeId),
                        (Employee::Table, Employee::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "selection_score_criterion",
                        (SelectionScore::Table, SelectionScore::CriterionId),
                        (SelectionCriterion::Table, SelectionCriterion::Id),
                    ))
                    .foreign_key(&mut to_user(
                        "selection_score_assessor",
                        SelectionScore::Table,
                        SelectionScore::AssessorUserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SelectionModeration::Table)
                    .col(pk_uuid(SelectionModeration::Id))
                    .col(uuid(SelectionModeration::RingFenceId))
                    .col(uuid(SelectionModeration::EmployeeId))
                    .col(uuid(SelectionModeration::CriterionId))
                    .col(integer(SelectionModeration::Score))
                    .col(text_null(SelectionModeration::Note))
                    .col(uuid(SelectionModeration::ModeratorUserId))
                    .col(timestamp_with_time_zone(SelectionModeration::UpdatedAt))
                    .col(integer(SelectionModeration::Version))
                    .foreign_key(&mut cascade(
                        "selection_moderation_ring_fence",
                        (SelectionModeration::Table, SelectionModeration::RingFenceId),
                        (RingFence::Table, RingFence::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "selection_moderation_employee",
                        (SelectionModeration::Table, SelectionModeration::EmployeeId),
                        (Employee::Table, Employee::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "selection_moderation_criterion",
                        (SelectionModeration::Table, SelectionModeration::CriterionId),
                        (SelectionCriterion::Table, SelectionCriterion::Id),
                    ))
                    .foreign_key(&mut to_user(
                        "selection_moderation_moderator",
                        SelectionModeration::Table,
                        SelectionModeration::ModeratorUserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SelectionTieBreak::Table)
                    .col(pk_uuid(SelectionTieBreak::Id))
                    .col(uuid(SelectionTieBreak::RingFenceId))
                    .col(uuid(SelectionTieBreak::EmployeeId))
                    .col(text(SelectionTieBreak::Reason))
                    .col(uuid(SelectionTieBreak::DecidedBy))
                    .col(timestamp_with_time_zone(SelectionTieBreak::DecidedAt))
                    .foreign_key(&mut cascade(
                        "selection_tie_break_ring_fence",
                        (SelectionTieBreak::Table, SelectionTieBreak::RingFenceId),
                        (RingFence::Table, RingFence::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "selection_tie_break_employee",
                        (SelectionTieBreak::Table, SelectionTieBreak::EmployeeId),
                        (Employee::Table, Employee::Id),
                    ))
                    .foreign_key(&mut to_user(
                        "selection_tie_break_decided_by",
                        SelectionTieBreak::Table,
                        SelectionTieBreak::DecidedBy,
                    ))
                    .to_owned(),
            )
            .await?;
        // One score per assessor per candidate per criterion; one moderation per cell; the
        // pool's reads go by ring fence; an assessor's tasks go by user.
        let indexes = [
            Index::create()
                .name("selection_criterion_ring_fence")
                .table(SelectionCriterion::Table)
                .col(SelectionCriterion::RingFenceId)
                .to_owned(),
            Index::create()
                .name("selection_assessor_unique")
                .table(SelectionAssessor::Table)
                .col(SelectionAssessor::RingFenceId)
                .col(SelectionAssessor::UserId)
                .unique()
                .to_owned(),
            Index::create()
                .name("selection_assessor_user")
                .table(SelectionAssessor::Table)
                .col(SelectionAssessor::UserId)
                .to_owned(),
            Index::create()
                .name("selection_score_unique")
                .table(SelectionScore::Table)
                .col(SelectionScore::RingFenceId)
                .col(SelectionScore::EmployeeId)
                .col(SelectionScore::CriterionId)
                .col(SelectionScore::AssessorUserId)
                .unique()
                .to_owned(),
            Index::create()
                .name("selection_moderation_unique")
                .table(SelectionModeration::Table)
                .col(SelectionModeration::RingFenceId)
                .col(SelectionModeration::EmployeeId)
                .col(SelectionModeration::CriterionId)
                .unique()
                .to_owned(),
            Index::create()
                .name("selection_tie_break_unique")
                .table(SelectionTieBreak::Table)
                .col(SelectionTieBreak::RingFenceId)
                .col(SelectionTieBreak::EmployeeId)
                .unique()
                .to_owned(),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SelectionTieBreak::Table.into_iden(),
            SelectionModeration::Table.into_iden(),
            SelectionScore::Table.into_iden(),
            SelectionAssessor::Table.into_iden(),
            SelectionCriterion::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for column in [
            RingFence::SelectionPublishedBy,
            RingFence::SelectionPublishedAt,
            RingFence::SelectionScaleDescriptors,
            RingFence::SelectionScaleMax,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(RingFence::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
