//! The question log: every question raised in a consultation, its owner, due date and answer.

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
enum Question {
    Table,
    Id,
    ProposalId,
    Source,
    Text,
    AskerId,
    AskerUnion,
    Confidential,
    OwnerId,
    RaisedOn,
    DueOn,
    Answer,
    Covers,
    AnsweredBy,
    AnsweredAt,
    Published,
    Version,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let fk = |name: &str, col: Question| {
            ForeignKey::create()
                .name(name)
                .from(Question::Table, col)
                .to(AppUser::Table, AppUser::Id)
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(Question::Table)
                    .col(pk_uuid(Question::Id))
                    .col(uuid(Question::ProposalId))
                    .col(string(Question::Source))
                    .col(text(Question::Text))
                    .col(uuid_null(Question::AskerId))
                    .col(string_null(Question::AskerUnion))
                    .col(boolean(Question::Confidential))
                    .col(uuid_null(Question::OwnerId))
                    .col(date(Question::RaisedOn))
                    .col(date(Question::DueOn))
                    .col(text_null(Question::Answer))
                    .col(json_binary(Question::Covers))
                    .col(uuid_null(Question::AnsweredBy))
                    .col(timestamp_with_time_zone_null(Question::AnsweredAt))
                    .col(boolean(Question::Published))
                    .col(integer(Question::Version))
                    .col(timestamp_with_time_zone(Question::CreatedAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("question_proposal")
                            .from(Question::Table, Question::ProposalId)
                            .to(Proposal::Table, Proposal::Id)
                            .to_owned(),
                    )
                    .foreign_key(&mut fk("question_asker", Question::AskerId))
                    .foreign_key(&mut fk("question_owner", Question::OwnerId))
                    .foreign_key(&mut fk("question_answered_by", Question::AnsweredBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("question_proposal")
                    .table(Question::Table)
                    .col(Question::ProposalId)
                    .col(Question::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("question_owner")
                    .table(Question::Table)
                    .col(Question::OwnerId)
                    .col(Question::DueOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Question::Table).to_owned())
            .await
    }
}
