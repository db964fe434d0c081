//! Challenged answers (issue 20): the raiser of a question (or their union) accepts an answer
//! or challenges it, which reopens the question; HR may close a challenge without agreement,
//! with a reason. Every answer, challenge, acceptance and closure is kept in order as the
//! question's thread, so a tribunal can see the dialogue, not only the last answer.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Question {
    Table,
    Id,
    Answer,
    AnsweredBy,
    AnsweredAt,
    CreatedAt,
    /// NULL (no reply yet), ACCEPTED, CHALLENGED (unresolved) or CLOSED_WITHOUT_AGREEMENT.
    ReplyState,
    /// HR's reason for closing a challenge without agreement.
    ClosureReason,
    /// How many times its answers were challenged.
    ChallengeCount,
}

#[derive(DeriveIden)]
enum QuestionReply {
    Table,
    Id,
    QuestionId,
    /// ANSWER, CHALLENGE, ACCEPTANCE or CLOSURE.
    Kind,
    Text,
    AuthorId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Question::Table)
                    .add_column(string_null(Question::ReplyState))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Question::Table)
                    .add_column(text_null(Question::ClosureReason))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Question::Table)
                    .add_column(integer(Question::ChallengeCount).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuestionReply::Table)
                    .col(pk_uuid(QuestionReply::Id))
                    .col(uuid(QuestionReply::QuestionId))
                    .col(string(QuestionReply::Kind))
                    .col(text(QuestionReply::Text))
                    .col(uuid_null(QuestionReply::AuthorId))
                    .col(timestamp_with_time_zone(QuestionReply::CreatedAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("question_reply_question")
                            .from(QuestionReply::Table, QuestionReply::QuestionId)
                            .to(Question::Table, Question::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("question_reply_author")
                            .from(QuestionReply::Table, QuestionReply::AuthorId)
                            .to(AppUser::Table, AppUser::Id)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("question_reply_question")
                    .table(QuestionReply::Table)
                    .col(QuestionReply::QuestionId)
                    .col(QuestionReply::CreatedAt)
                    .to_owned(),
            )
            .await?;
        // Answers given before threads existed open their question's thread (the question's
        // own id serves as the entry's: one per question, and it is never reused).
        let backfill = Query::insert()
            .into_table(QuestionReply::Table)
            .columns([
                QuestionReply::Id,
                QuestionReply::QuestionId,
                QuestionReply::Kind,
                QuestionReply::Text,
                QuestionReply::AuthorId,
                QuestionReply::CreatedAt,
            ])
            .select_from(
                Query::select()
                    .column(Question::Id)
                    .column(Question::Id)
                    .expr(Expr::val("ANSWER"))
                    .column(Question::Answer)
                    .column(Question::AnsweredBy)
                    .expr(Func::coalesce([
                        Expr::col(Question::AnsweredAt),
                        Expr::col(Question::CreatedAt),
                    ]))
                    .from(Question::Table)
                    .and_where(Expr::col(Question::Answer).is_not_null())
                    .to_owned(),
            )
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .to_owned();
        manager.exec_stmt(backfill).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(QuestionReply::Table).to_owned())
            .await?;
        for column in [
            Question::ChallengeCount,
            Question::ClosureReason,
            Question::ReplyState,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Question::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
