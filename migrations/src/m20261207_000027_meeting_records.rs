//! The record of a consultation meeting (issue 17): who attended or sent apologies, the
//! minutes in versions with the union side's confirmation or disagreement, the documents
//! tabled and the actions agreed. Every table hangs off `meeting` and goes with it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum MeetingAttendee {
    Table,
    Id,
    MeetingId,
    Position,
    Name,
    Capacity,
    UnionName,
    UserId,
    Present,
}

#[derive(DeriveIden, Clone, Copy)]
enum MeetingMinutes {
    Table,
    Id,
    MeetingId,
    Version,
    Sections,
    SubjectsDiscussed,
    DraftedBy,
    UpdatedAt,
    SharedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MeetingMinutesReply {
    Table,
    Id,
    MeetingId,
    MinutesVersion,
    UnionName,
    UserId,
    Agreed,
    Text,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum MeetingDocument {
    Table,
    Id,
    MeetingId,
    FileName,
    ContentType,
    SizeBytes,
    Content,
    TabledBy,
    TabledAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MeetingAction {
    Table,
    Id,
    MeetingId,
    Text,
    Kind,
    OwnerId,
    DueOn,
    QuestionId,
    ChecklistStepId,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Meeting {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Question {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum ChecklistStep {
    Table,
    Id,
}

fn to_meeting(
    name: &str,
    table: impl IntoIden + Clone,
    col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(Meeting::Table, Meeting::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn to_user(
    name: &str,
    table: impl IntoIden + Clone,
    col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(AppUser::Table, AppUser::Id)
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MeetingAttendee::Table)
                    .col(pk_uuid(MeetingAttendee::Id))
                    .col(uuid(MeetingAttendee::MeetingId))
                    .col(integer(MeetingAttendee::Position))
                    .col(string(MeetingAttendee::Name))
                    // MANAGEMENT, HR, UNION, STAFF, COMPANION.
                    .col(string(MeetingAttendee::Capacity))
                    .col(string_null(MeetingAttendee::UnionName))
                    .col(uuid_null(MeetingAttendee::UserId))
                    // False: sent apologies.
                    .col(boolean(MeetingAttendee::Present))
                    .foreign_key(&mut to_meeting(
                        "meeting_attendee_meeting",
                        MeetingAttendee::Table,
                        MeetingAttendee::MeetingId,
                    ))
                    .foreign_key(&mut to_user(
                        "meeting_attendee_user",
                        MeetingAttendee::Table,
                        MeetingAttendee::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("meeting_attendee_meeting_idx")
                    .table(MeetingAttendee::Table)
                    .col(MeetingAttendee::MeetingId)
                    .to_owned(),
            )
            .await?;
        // One row per version once shared (a draft is changed in place until then).
        manager
            .create_table(
                Table::create()
                    .table(MeetingMinutes::Table)
                    .col(pk_uuid(MeetingMinutes::Id))
                    .col(uuid(MeetingMinutes::MeetingId))
                    .col(integer(MeetingMinutes::Version))
                    // [{ "heading": .., "body": .. }]
                    .col(json_binary(MeetingMinutes::Sections))
                    // ["AVOIDING", ...]
                    .col(json_binary(MeetingMinutes::SubjectsDiscussed))
                    .col(uuid_null(MeetingMinutes::DraftedBy))
                    .col(timestamp_with_time_zone(MeetingMinutes::UpdatedAt))
                    .col(timestamp_with_time_zone_null(MeetingMinutes::SharedAt))
                    .foreign_key(&mut to_meeting(
                        "meeting_minutes_meeting",
                        MeetingMinutes::Table,
                        MeetingMinutes::MeetingId,
                    ))
                    .foreign_key(&mut to_user(
                        "meeting_minutes_drafted_by",
                        MeetingMinutes::Table,
                        MeetingMinutes::DraftedBy,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("meeting_minutes_version_key")
                    .table(MeetingMinutes::Table)
                    .col(MeetingMinutes::MeetingId)
                    .col(MeetingMinutes::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MeetingMinutesReply::Table)
                    .col(pk_uuid(MeetingMinutesReply::Id))
                    .col(uuid(MeetingMinutesReply::MeetingId))
                    .col(integer(MeetingMinutesReply::MinutesVersion))
                    .col(string(MeetingMinutesReply::UnionName))
                    .col(uuid_null(MeetingMinutesReply::UserId))
                    .col(boolean(MeetingMinutesReply::Agreed))
                    .col(text_null(MeetingMinutesReply::Text))
                    .col(timestamp_with_time_zone(MeetingMinutesReply::At))
                    .foreign_key(&mut to_meeting(
                        "meeting_minutes_reply_meeting",
                        MeetingMinutesReply::Table,
                        MeetingMinutesReply::MeetingId,
                    ))
                    .foreign_key(&mut to_user(
                        "meeting_minutes_reply_user",
                        MeetingMinutesReply::Table,
                        MeetingMinutesReply::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("meeting_minutes_reply_meeting_idx")
                    .table(MeetingMinutesReply::Table)
                    .col(MeetingMinutesReply::MeetingId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MeetingDocument::Table)
                    .col(pk_uuid(MeetingDocument::Id))
                    .col(uuid(MeetingDocument::MeetingId))
                    .col(string(MeetingDocument::FileName))
                    .col(string(MeetingDocument::ContentType))
                    .col(big_integer(MeetingDocument::SizeBytes))
                    .col(blob(MeetingDocument::Content))
                    .col(uuid_null(MeetingDocument::TabledBy))
                    .col(timestamp_with_time_zone(MeetingDocument::TabledAt))
                    .foreign_key(&mut to_meeting(
                        "meeting_document_meeting",
                        MeetingDocument::Table,
                        MeetingDocument::MeetingId,
                    ))
                    .foreign_key(&mut to_user(
                        "meeting_document_tabled_by",
                        MeetingDocument::Table,
                        MeetingDocument::TabledBy,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("meeting_document_meeting_idx")
                    .table(MeetingDocument::Table)
                    .col(MeetingDocument::MeetingId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MeetingAction::Table)
                    .col(pk_uuid(MeetingAction::Id))
                    .col(uuid(MeetingAction::MeetingId))
                    .col(text(MeetingAction::Text))
                    // QUESTION or TASK.
                    .col(string(MeetingAction::Kind))
                    .col(uuid_null(MeetingAction::OwnerId))
                    .col(date(MeetingAction::DueOn))
                    .col(uuid_null(MeetingAction::QuestionId))
                    .col(uuid_null(MeetingAction::ChecklistStepId))
                    .col(uuid_null(MeetingAction::CreatedBy))
                    .col(timestamp_with_time_zone(MeetingAction::CreatedAt))
                    .foreign_key(&mut to_meeting(
                        "meeting_action_meeting",
                        MeetingAction::Table,
                        MeetingAction::MeetingId,
                    ))
                    .foreign_key(&mut to_user(
                        "meeting_action_owner",
                        MeetingAction::Table,
                        MeetingAction::OwnerId,
                    ))
                    .foreign_key(&mut to_user(
                        "meeting_action_created_by",
                        MeetingAction::Table,
                        MeetingAction::CreatedBy,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("meeting_action_question")
                            .from(MeetingAction::Table, MeetingAction::QuestionId)
                            .to(Question::Table, Question::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("meeting_action_checklist_step")
                            .from(MeetingAction::Table, MeetingAction::ChecklistStepId)
                            .to(ChecklistStep::Table, ChecklistStep::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("meeting_action_meeting_idx")
                    .table(MeetingAction::Table)
                    .col(MeetingAction::MeetingId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MeetingAction::Table.into_iden(),
            MeetingDocument::Table.into_iden(),
            MeetingMinutesReply::Table.into_iden(),
            MeetingMinutes::Table.into_iden(),
            MeetingAttendee::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
