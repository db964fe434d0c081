//! Information requests (issue 20): what a union asked management for during consultation
//! ("the data used to inform the restructure"), who owes it and by when, and what was
//! provided (text and files) or why it was refused.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum InformationRequest {
    Table,
    Id,
    ProposalId,
    UnionName,
    Text,
    S188Item,
    RequestedBy,
    OwnerId,
    RequestedOn,
    DueOn,
    Status,
    Response,
    RespondedBy,
    RespondedAt,
    Version,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum InformationRequestAttachment {
    Table,
    Id,
    InformationRequestId,
    FileName,
    ContentType,
    SizeBytes,
    Content,
    UploadedBy,
    UploadedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Proposal {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum AppUser {
    Table,
    Id,
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
                    .table(InformationRequest::Table)
                    .col(pk_uuid(InformationRequest::Id))
                    .col(uuid(InformationRequest::ProposalId))
                    // As the proposal's recognised unions spell it.
                    .col(string(InformationRequest::UnionName))
                    .col(text(InformationRequest::Text))
                    // The s188(4) item it concerns (`DisclosureItemKind::as_str`), if any.
                    .col(string_null(InformationRequest::S188Item))
                    .col(uuid_null(InformationRequest::RequestedBy))
                    .col(uuid_null(InformationRequest::OwnerId))
                    .col(date(InformationRequest::RequestedOn))
                    .col(date(InformationRequest::DueOn))
                    // OPEN, PROVIDED, REFUSED.
                    .col(string(InformationRequest::Status))
                    // What was provided, or why it was refused.
                    .col(text_null(InformationRequest::Response))
                    .col(uuid_null(InformationRequest::RespondedBy))
                    .col(timestamp_with_time_zone_null(
                        InformationRequest::RespondedAt,
                    ))
                    .col(integer(InformationRequest::Version))
                    .col(timestamp_with_time_zone(InformationRequest::CreatedAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("information_request_proposal")
                            .from(InformationRequest::Table, InformationRequest::ProposalId)
                            .to(Proposal::Table, Proposal::Id)
                            .to_owned(),
                    )
                    .foreign_key(&mut to_user(
                        "information_request_requested_by",
                        InformationRequest::Table,
                        InformationRequest::RequestedBy,
                    ))
                    .foreign_key(&mut to_user(
                        "information_request_owner",
                        InformationRequest::Table,
                        InformationRequest::OwnerId,
                    ))
                    .foreign_key(&mut to_user(
                        "information_request_responded_by",
                        InformationRequest::Table,
                        InformationRequest::RespondedBy,
                    ))
                    .to_owned(),
            )
            .await?;
        // The list: one proposal's requests by status, due first.
        manager
            .create_index(
                Index::create()
                    .name("information_request_list")
                    .table(InformationRequest::Table)
                    .col(InformationRequest::ProposalId)
                    .col(InformationRequest::Status)
                    .col(InformationRequest::DueOn)
                    .col(InformationRequest::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InformationRequestAttachment::Table)
                    .col(pk_uuid(InformationRequestAttachment::Id))
                    .col(uuid(InformationRequestAttachment::InformationRequestId))
                    .col(string(InformationRequestAttachment::FileName))
                    .col(string(InformationRequestAttachment::ContentType))
                    .col(big_integer(InformationRequestAttachment::SizeBytes))
                    .col(blob(InformationRequestAttachment::Content))
                    .col(uuid_null(InformationRequestAttachment::UploadedBy))
                    .col(timestamp_with_time_zone(
                        InformationRequestAttachment::UploadedAt,
                    ))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("information_request_attachment_request")
                            .from(
                                InformationRequestAttachment::Table,
                                InformationRequestAttachment::InformationRequestId,
                            )
                            .to(InformationRequest::Table, InformationRequest::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .foreign_key(&mut to_user(
                        "information_request_attachment_uploaded_by",
                        InformationRequestAttachment::Table,
                        InformationRequestAttachment::UploadedBy,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("information_request_attachment_request")
                    .table(InformationRequestAttachment::Table)
                    .col(InformationRequestAttachment::InformationRequestId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(InformationRequestAttachment::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(InformationRequest::Table).to_owned())
            .await
    }
}
