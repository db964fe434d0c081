//! Everything the close of a consultation needs: feedback forms per proposal (and the
//! templates they are built from), attachments of union responses, late responses accepted by
//! HR, themes with their tags, and the outcome report ("you said, we did").

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
}

#[derive(DeriveIden)]
enum Question {
    Table,
    JdCommentId,
}

#[derive(DeriveIden)]
enum Timetable {
    Table,
    QuestionResponseDays,
}

#[derive(DeriveIden)]
enum FeedbackFormTemplate {
    Table,
    Id,
    Name,
    Questions,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FeedbackForm {
    Table,
    ProposalId,
    TemplateName,
    Questions,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UnionResponseAttachment {
    Table,
    Id,
    UnionResponseId,
    FileName,
    ContentType,
    SizeBytes,
    Content,
    UploadedBy,
    UploadedAt,
}

#[derive(DeriveIden)]
enum LateResponse {
    Table,
    Id,
    ProposalId,
    UserId,
    AcceptedUntil,
    Reason,
    GrantedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Theme {
    Table,
    Id,
    ProposalId,
    Name,
    ManagementResponse,
    Outcome,
    ChangeDescription,
    RevisionNumber,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ThemeTag {
    Table,
    Id,
    ThemeId,
    SubjectKind,
    SubjectId,
    TaggedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OutcomeReport {
    Table,
    ProposalId,
    Summary,
    CompletedAt,
    CompletedBy,
    Version,
    UpdatedAt,
}

fn to_proposal(
    table: impl IntoIden,
    column: impl IntoIden,
    name: &str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Proposal::Table, Proposal::Id)
        .to_owned()
}

fn to_user(table: impl IntoIden, column: impl IntoIden, name: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(AppUser::Table, AppUser::Id)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A question raised by a comment on a JD duty points at that comment.
        manager
            .alter_table(
                Table::alter()
                    .table(Question::Table)
                    .add_column(uuid_null(Question::JdCommentId))
                    .to_owned(),
            )
            .await?;
        // Working days a manager has to answer a question of this proposal.
        manager
            .alter_table(
                Table::alter()
                    .table(Timetable::Table)
                    .add_column(integer(Timetable::QuestionResponseDays).default(5))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeedbackFormTemplate::Table)
                    .col(pk_uuid(FeedbackFormTemplate::Id))
                    .col(string_uniq(FeedbackFormTemplate::Name))
                    .col(json_binary(FeedbackFormTemplate::Questions))
                    .col(uuid_null(FeedbackFormTemplate::CreatedBy))
                    .col(timestamp_with_time_zone(FeedbackFormTemplate::CreatedAt))
                    .foreign_key(&mut to_user(
                        FeedbackFormTemplate::Table,
                        FeedbackFormTemplate::CreatedBy,
                        "feedback_form_template_created_by",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeedbackForm::Table)
                    .col(pk_uuid(FeedbackForm::ProposalId))
                    .col(string(FeedbackForm::TemplateName))
                    .col(json_binary(FeedbackForm::Questions))
                    .col(integer(FeedbackForm::Version))
                    .col(timestamp_with_time_zone(FeedbackForm::UpdatedAt))
                    .foreign_key(&mut to_proposal(
                        FeedbackForm::Table,
                        FeedbackForm::ProposalId,
                        "feedback_form_proposal",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UnionResponseAttachment::Table)
                    .col(pk_uuid(UnionResponseAttachment::Id))
                    .col(uuid(UnionResponseAttachment::UnionResponseId))
                    .col(string(UnionResponseAttachment::FileName))
                    .col(string(UnionResponseAttachment::ContentType))
                    .col(big_integer(UnionResponseAttachment::SizeBytes))
                    .col(blob(UnionResponseAttachment::Content))
                    .col(uuid(UnionResponseAttachment::UploadedBy))
                    .col(timestamp_with_time_zone(
                        UnionResponseAttachment::UploadedAt,
                    ))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("union_response_attachment_response")
                            .from(
                                UnionResponseAttachment::Table,
                                UnionResponseAttachment::UnionResponseId,
                            )
                            .to(UnionResponse::Table, UnionResponse::Id)
                            .to_owned(),
                    )
                    .foreign_key(&mut to_user(
                        UnionResponseAttachment::Table,
                        UnionResponseAttachment::UploadedBy,
                        "union_response_attachment_uploaded_by",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("union_response_attachment_response")
                    .table(UnionResponseAttachment::Table)
                    .col(UnionResponseAttachment::UnionResponseId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LateResponse::Table)
                    .col(pk_uuid(LateResponse::Id))
                    .col(uuid(LateResponse::ProposalId))
                    .col(uuid(LateResponse::UserId))
                    .col(date(LateResponse::AcceptedUntil))
                    .col(text(LateResponse::Reason))
                    .col(uuid(LateResponse::GrantedBy))
                    .col(timestamp_with_time_zone(LateResponse::CreatedAt))
                    .foreign_key(&mut to_proposal(
                        LateResponse::Table,
                        LateResponse::ProposalId,
                        "late_response_proposal",
                    ))
                    .foreign_key(&mut to_user(
                        LateResponse::Table,
                        LateResponse::UserId,
                        "late_response_user",
                    ))
                    .foreign_key(&mut to_user(
                        LateResponse::Table,
                        LateResponse::GrantedBy,
                        "late_response_granted_by",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("late_response_person")
                    .table(LateResponse::Table)
                    .col(LateResponse::ProposalId)
                    .col(LateResponse::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Theme::Table)
                    .col(pk_uuid(Theme::Id))
                    .col(uuid(Theme::ProposalId))
                    .col(string(Theme::Name))
                    .col(text_null(Theme::ManagementResponse))
                    .col(string_null(Theme::Outcome))
                    .col(text_null(Theme::ChangeDescription))
                    .col(integer_null(Theme::RevisionNumber))
                    .col(integer(Theme::Version))
                    .col(timestamp_with_time_zone(Theme::CreatedAt))
                    .foreign_key(&mut to_proposal(
                        Theme::Table,
                        Theme::ProposalId,
                        "theme_proposal",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("theme_name")
                    .table(Theme::Table)
                    .col(Theme::ProposalId)
                    .col(Theme::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ThemeTag::Table)
                    .col(pk_uuid(ThemeTag::Id))
                    .col(uuid(ThemeTag::ThemeId))
                    .col(string(ThemeTag::SubjectKind))
                    .col(uuid(ThemeTag::SubjectId))
                    .col(uuid_null(ThemeTag::TaggedBy))
                    .col(timestamp_with_time_zone(ThemeTag::CreatedAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("theme_tag_theme")
                            .from(ThemeTag::Table, ThemeTag::ThemeId)
                            .to(Theme::Table, Theme::Id)
                            .to_owned(),
                    )
                    .foreign_key(&mut to_user(
                        ThemeTag::Table,
                        ThemeTag::TaggedBy,
                        "theme_tag_tagged_by",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("theme_tag_subject")
                    .table(ThemeTag::Table)
                    .col(ThemeTag::ThemeId)
                    .col(ThemeTag::SubjectKind)
                    .col(ThemeTag::SubjectId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OutcomeReport::Table)
                    .col(pk_uuid(OutcomeReport::ProposalId))
                    .col(text(OutcomeReport::Summary))
                    .col(timestamp_with_time_zone_null(OutcomeReport::CompletedAt))
                    .col(uuid_null(OutcomeReport::CompletedBy))
                    .col(integer(OutcomeReport::Version))
                    .col(timestamp_with_time_zone(OutcomeReport::UpdatedAt))
                    .foreign_key(&mut to_proposal(
                        OutcomeReport::Table,
                        OutcomeReport::ProposalId,
                        "outcome_report_proposal",
                    ))
                    .foreign_key(&mut to_user(
                        OutcomeReport::Table,
                        OutcomeReport::CompletedBy,
                        "outcome_report_completed_by",
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OutcomeReport::Table.into_iden(),
            ThemeTag::Table.into_iden(),
            Theme::Table.into_iden(),
            LateResponse::Table.into_iden(),
            UnionResponseAttachment::Table.into_iden(),
            FeedbackForm::Table.into_iden(),
            FeedbackFormTemplate::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Timetable::Table)
                    .drop_column(Timetable::QuestionResponseDays)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Question::Table)
                    .drop_column(Question::JdCommentId)
                    .to_owned(),
            )
            .await
    }
}
