//! The counts the service navigation shows (issue 18, signposting): the signed-in person's
//! open tasks and the answers to their questions they have not seen. Each is a SQL count,
//! so the statements per request stay the same whatever the data.

use super::{
    Store,
    entities::{answers_seen, question},
};
use crate::domain::access::Viewer;
use crate::error::AppResult;
use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::OnConflict,
};
use uuid::Uuid;

/// What the navigation counts for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NavigationCounts {
    /// Checklist steps to complete, approvals to decide and questions to answer.
    pub open_tasks: u64,
    /// Answers to the person's questions given since they last looked.
    pub new_answers: u64,
    /// The proposal of the latest answer to one of their questions, where their questions
    /// page is.
    pub latest_answer_proposal: Option<Uuid>,
}

/// The person's counts: six statements.
pub async fn counts(conn: &impl ConnectionTrait, viewer: &Viewer) -> AppResult<NavigationCounts> {
    let questions_to_answer = question::Entity::find()
        .filter(question::Column::OwnerId.eq(viewer.user_id))
        .filter(question::Column::Answer.is_null())
        .count(conn)
        .await?;
    let open_tasks = super::signoff::count_open_tasks(conn, viewer).await? + questions_to_answer;
    let seen_at = answers_seen::Entity::find_by_id(viewer.user_id)
        .one(conn)
        .await?
        .map(|s| s.seen_at);
    let mut answered = question::Entity::find()
        .filter(question::Column::AskerId.eq(viewer.user_id))
        .filter(question::Column::Answer.is_not_null());
    let latest_answer_proposal = answered
        .clone()
        .select_only()
        .column(question::Column::ProposalId)
        .order_by_desc(question::Column::AnsweredAt)
        .into_tuple::<Uuid>()
        .one(conn)
        .await?;
    if let Some(seen_at) = seen_at {
        answered = answered.filter(question::Column::AnsweredAt.gt(seen_at));
    }
    let new_answers = answered.count(conn).await?;
    Ok(NavigationCounts {
        open_tasks,
        new_answers,
        latest_answer_proposal,
    })
}

/// Records that the person has seen the answers to their questions, as of now.
pub async fn mark_answers_seen(store: &Store, user_id: Uuid) -> AppResult<()> {
    answers_seen::Entity::insert(answers_seen::ActiveModel {
        user_id: Set(user_id),
        seen_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(answers_seen::Column::UserId)
            .update_column(answers_seen::Column::SeenAt)
            .to_owned(),
    )
    .exec_without_returning(store.conn())
    .await?;
    Ok(())
}
