//! Consultation timetables (period, meetings, implementation plan), the s188 record
//! (disclosure snapshots, HR1 notifications) and sign-off (checklist steps, approvals),
//! plus each user's private calendar feed token.

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
enum Timetable {
    Table,
    ProposalId,
    ConsultationStart,
    ConsultationEnd,
    ConsultationType,
    PlannedFirstDismissal,
    ReengagementDismissals,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Meeting {
    Table,
    Id,
    ProposalId,
    Kind,
    Title,
    StartsAt,
    EndsAt,
    Place,
    Link,
    InviteeGroups,
    InviteeIds,
    Covers,
    Sequence,
    Cancelled,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ImplementationStep {
    Table,
    Id,
    ProposalId,
    Position,
    Date,
    Activity,
    BeforeDecision,
    DoneAt,
    DoneBy,
}

#[derive(DeriveIden)]
enum S188Disclosure {
    Table,
    Id,
    ProposalId,
    GivenOn,
    Snapshot,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Hr1Notification {
    Table,
    Id,
    ProposalId,
    MadeOn,
    Reference,
    SubmittedCopy,
    CopyToRepresentativesOn,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ChecklistStep {
    Table,
    Id,
    ProposalId,
    Position,
    Title,
    Description,
    PlannedDate,
    AssigneeRole,
    AssigneeId,
    CompletedAt,
    CompletedBy,
    CompletionNote,
    Version,
}

#[derive(DeriveIden)]
enum Approval {
    Table,
    Id,
    ProposalId,
    Position,
    ApproverTitle,
    ApproverId,
    Decision,
    Comment,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum CalendarFeed {
    Table,
    UserId,
    Token,
    CreatedAt,
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

fn index(name: &str, table: impl IntoIden, cols: Vec<DynIden>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Timetable::Table)
                    .col(uuid(Timetable::ProposalId).primary_key())
                    .col(date_null(Timetable::ConsultationStart))
                    .col(date_null(Timetable::ConsultationEnd))
                    .col(string(Timetable::ConsultationType))
                    .col(date_null(Timetable::PlannedFirstDismissal))
                    .col(integer(Timetable::ReengagementDismissals))
                    .col(integer(Timetable::Version))
                    .col(timestamp_with_time_zone(Timetable::UpdatedAt))
                    .foreign_key(&mut fk(
                        "timetable_proposal",
                        (Timetable::Table, Timetable::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Meeting::Table)
                    .col(pk_uuid(Meeting::Id))
                    .col(uuid(Meeting::ProposalId))
                    .col(string(Meeting::Kind))
                    .col(string(Meeting::Title))
                    .col(timestamp_with_time_zone(Meeting::StartsAt))
                    .col(timestamp_with_time_zone(Meeting::EndsAt))
                    .col(string_null(Meeting::Place))
                    .col(string_null(Meeting::Link))
                    .col(json_binary(Meeting::InviteeGroups))
                    .col(json_binary(Meeting::InviteeIds))
                    .col(json_binary(Meeting::Covers))
                    .col(integer(Meeting::Sequence))
                    .col(boolean(Meeting::Cancelled))
                    .col(integer(Meeting::Version))
                    .col(timestamp_with_time_zone(Meeting::CreatedAt))
                    .col(timestamp_with_time_zone(Meeting::UpdatedAt))
                    .foreign_key(&mut fk(
                        "meeting_proposal",
                        (Meeting::Table, Meeting::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "meeting_proposal",
                Meeting::Table,
                vec![
                    Meeting::ProposalId.into_iden(),
                    Meeting::StartsAt.into_iden(),
                ],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ImplementationStep::Table)
                    .col(pk_uuid(ImplementationStep::Id))
                    .col(uuid(ImplementationStep::ProposalId))
                    .col(integer(ImplementationStep::Position))
                    .col(date(ImplementationStep::Date))
                    .col(text(ImplementationStep::Activity))
                    .col(boolean(ImplementationStep::BeforeDecision))
                    .col(timestamp_with_time_zone_null(ImplementationStep::DoneAt))
                    .col(uuid_null(ImplementationStep::DoneBy))
                    .foreign_key(&mut fk(
                        "implementation_step_proposal",
                        (ImplementationStep::Table, ImplementationStep::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .foreign_key(&mut fk(
                        "implementation_step_done_by",
                        (ImplementationStep::Table, ImplementationStep::DoneBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "implementation_step_proposal",
                ImplementationStep::Table,
                vec![ImplementationStep::ProposalId.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(S188Disclosure::Table)
                    .col(pk_uuid(S188Disclosure::Id))
                    .col(uuid(S188Disclosure::ProposalId))
                    .col(date(S188Disclosure::GivenOn))
                    .col(json_binary(S188Disclosure::Snapshot))
                    .col(uuid_null(S188Disclosure::CreatedBy))
                    .col(timestamp_with_time_zone(S188Disclosure::CreatedAt))
                    .foreign_key(&mut fk(
                        "s188_disclosure_proposal",
                        (S188Disclosure::Table, S188Disclosure::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .foreign_key(&mut fk(
                        "s188_disclosure_created_by",
                        (S188Disclosure::Table, S188Disclosure::CreatedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "s188_disclosure_proposal",
                S188Disclosure::Table,
                vec![S188Disclosure::ProposalId.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Hr1Notification::Table)
                    .col(pk_uuid(Hr1Notification::Id))
                    .col(uuid(Hr1Notification::ProposalId))
                    .col(date(Hr1Notification::MadeOn))
                    .col(string(Hr1Notification::Reference))
                    .col(text(Hr1Notification::SubmittedCopy))
                    .col(date_null(Hr1Notification::CopyToRepresentativesOn))
                    .col(uuid_null(Hr1Notification::CreatedBy))
                    .col(timestamp_with_time_zone(Hr1Notification::CreatedAt))
                    .foreign_key(&mut fk(
                        "hr1_notification_proposal",
                        (Hr1Notification::Table, Hr1Notification::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .foreign_key(&mut fk(
                        "hr1_notification_created_by",
                        (Hr1Notification::Table, Hr1Notification::CreatedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "hr1_notification_proposal",
                Hr1Notification::Table,
                vec![Hr1Notification::ProposalId.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChecklistStep::Table)
                    .col(pk_uuid(ChecklistStep::Id))
                    .col(uuid(ChecklistStep::ProposalId))
                    .col(integer(ChecklistStep::Position))
                    .col(string(ChecklistStep::Title))
                    .col(text(ChecklistStep::Description))
                    .col(date_null(ChecklistStep::PlannedDate))
                    .col(string_null(ChecklistStep::AssigneeRole))
                    .col(uuid_null(ChecklistStep::AssigneeId))
                    .col(timestamp_with_time_zone_null(ChecklistStep::CompletedAt))
                    .col(uuid_null(ChecklistStep::CompletedBy))
                    .col(text_null(ChecklistStep::CompletionNote))
                    .col(integer(ChecklistStep::Version))
                    .foreign_key(&mut fk(
                        "checklist_step_proposal",
                        (ChecklistStep::Table, ChecklistStep::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .foreign_key(&mut fk(
                        "checklist_step_assignee",
                        (ChecklistStep::Table, ChecklistStep::AssigneeId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .foreign_key(&mut fk(
                        "checklist_step_completed_by",
                        (ChecklistStep::Table, ChecklistStep::CompletedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "checklist_step_proposal",
                ChecklistStep::Table,
                vec![ChecklistStep::ProposalId.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "checklist_step_assignee",
                ChecklistStep::Table,
                vec![ChecklistStep::AssigneeId.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Approval::Table)
                    .col(pk_uuid(Approval::Id))
                    .col(uuid(Approval::ProposalId))
                    .col(integer(Approval::Position))
                    .col(string(Approval::ApproverTitle))
                    .col(uuid_null(Approval::ApproverId))
                    .col(string_null(Approval::Decision))
                    .col(text_null(Approval::Comment))
                    .col(uuid_null(Approval::DecidedBy))
                    .col(timestamp_with_time_zone_null(Approval::DecidedAt))
                    .foreign_key(&mut fk(
                        "approval_proposal",
                        (Approval::Table, Approval::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .foreign_key(&mut fk(
                        "approval_approver",
                        (Approval::Table, Approval::ApproverId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .foreign_key(&mut fk(
                        "approval_decided_by",
                        (Approval::Table, Approval::DecidedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "approval_proposal",
                Approval::Table,
                vec![Approval::ProposalId.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "approval_approver",
                Approval::Table,
                vec![Approval::ApproverId.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CalendarFeed::Table)
                    .col(uuid(CalendarFeed::UserId).primary_key())
                    .col(string_uniq(CalendarFeed::Token))
                    .col(timestamp_with_time_zone(CalendarFeed::CreatedAt))
                    .foreign_key(&mut fk(
                        "calendar_feed_user",
                        (CalendarFeed::Table, CalendarFeed::UserId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CalendarFeed::Table.into_iden(),
            Approval::Table.into_iden(),
            ChecklistStep::Table.into_iden(),
            Hr1Notification::Table.into_iden(),
            S188Disclosure::Table.into_iden(),
            ImplementationStep::Table.into_iden(),
            Meeting::Table.into_iden(),
            Timetable::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
