//! The question log of each proposal.

use super::{
    Store, audit,
    entities::{question, question_reply},
    proposals,
};
use crate::domain::notify::PlanScope;
use crate::domain::{
    DomainError,
    access::Viewer,
    audit::{AuditAction, AuditActor},
    outcome::TagSubject,
    question::{LogSort, QuestionFacts, QuestionSource, QuestionStatus, ReplyKind, ReplyState},
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
    sea_query::{Alias, Expr, ExprTrait, Func, JoinType, LikeExpr, Query},
};
use serde::Serialize;
use uuid::Uuid;

/// A question in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    #[serde(skip)]
    pub source: QuestionSource,
    pub text: String,
    pub asker_id: Option<Uuid>,
    pub asker_union: Option<String>,
    pub confidential: bool,
    pub owner_id: Option<Uuid>,
    pub raised_on: NaiveDate,
    pub due_on: NaiveDate,
    pub answer: Option<String>,
    /// s188(2) subjects the answer covers ("AVOIDING", ...).
    pub covers: Vec<String>,
    pub answered_by: Option<Uuid>,
    pub answered_at: Option<DateTime<Utc>>,
    pub published: bool,
    pub version: i32,
    /// Where the raiser's reply to the answer stands (None: no reply yet).
    #[serde(skip)]
    pub reply_state: Option<ReplyState>,
    /// HR's reason for closing a challenge without agreement.
    pub closure_reason: Option<String>,
    /// How many times its answers were challenged.
    pub challenge_count: i32,
}

impl QuestionRecord {
    pub fn facts(&self) -> QuestionFacts<'_> {
        QuestionFacts {
            asker_id: self.asker_id,
            asker_union: self.asker_union.as_deref(),
            confidential: self.confidential,
            owner_id: self.owner_id,
            in_faq: self.published && self.answer.is_some(),
        }
    }
}

fn from_row(row: question::Model) -> AppResult<QuestionRecord> {
    let corrupt = || AppError::Internal(anyhow::anyhow!("question {} holds invalid data", row.id));
    Ok(QuestionRecord {
        source: QuestionSource::parse(&row.source).ok_or_else(corrupt)?,
        covers: serde_json::from_value(row.covers.clone()).map_err(|_| corrupt())?,
        id: row.id,
        proposal_id: row.proposal_id,
        text: row.text,
        asker_id: row.asker_id,
        asker_union: row.asker_union,
        confidential: row.confidential,
        owner_id: row.owner_id,
        raised_on: row.raised_on,
        due_on: row.due_on,
        answer: row.answer,
        answered_by: row.answered_by,
        answered_at: row.answered_at,
        published: row.published,
        version: row.version,
        reply_state: match row.reply_state.as_deref() {
            None => None,
            Some(state) => Some(ReplyState::parse(state).ok_or_else(corrupt)?),
        },
        closure_reason: row.closure_reason,
        challenge_count: row.challenge_count,
    })
}

/// The questions of these proposals, oldest first.
pub async fn of_proposals(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<Vec<QuestionRecord>> {
    question::Entity::find()
        .filter(question::Column::ProposalId.is_in(ids.iter().copied()))
        .order_by_asc(question::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}

/// A new question.
pub struct NewQuestion {
    pub source: QuestionSource,
    pub text: String,
    pub asker_id: Option<Uuid>,
    pub asker_union: Option<String>,
    pub confidential: bool,
    pub raised_on: NaiveDate,
    /// None: the consultation's working days to answer after `raised_on`.
    pub due_on: Option<NaiveDate>,
    /// The JD duty comment that raised it.
    pub jd_comment_id: Option<Uuid>,
}

/// Logs a question.
pub async fn raise(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    new: NewQuestion,
) -> AppResult<QuestionRecord> {
    let txn = store.begin_write().await?;
    proposals::load_for_change(&txn, proposal_id, None).await?;
    let record = insert(&txn, actor, proposal_id, new).await?;
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(record)
}

/// Logs a question inside the caller's transaction.
pub async fn insert(
    conn: &impl ConnectionTrait,
    actor: &AuditActor,
    proposal_id: Uuid,
    new: NewQuestion,
) -> AppResult<QuestionRecord> {
    let due_on = match new.due_on {
        Some(due) => due,
        None => {
            let days = super::timetable::timetables(conn, &[proposal_id])
                .await?
                .remove(0)
                .question_response_days;
            crate::domain::question::default_due(new.raised_on, days)
        }
    };
    let row = question::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(proposal_id),
        source: Set(new.source.as_str().to_owned()),
        text: Set(new.text),
        asker_id: Set(new.asker_id),
        asker_union: Set(new.asker_union),
        confidential: Set(new.confidential),
        owner_id: Set(None),
        raised_on: Set(new.raised_on),
        due_on: Set(due_on),
        answer: Set(None),
        covers: Set(serde_json::json!([])),
        answered_by: Set(None),
        answered_at: Set(None),
        published: Set(false),
        version: Set(1),
        created_at: Set(Utc::now()),
        jd_comment_id: Set(new.jd_comment_id),
        reply_state: Set(None),
        closure_reason: Set(None),
        challenge_count: Set(0),
    };
    let record = from_row(
        question::Entity::insert(row)
            .exec_with_returning(conn)
            .await?,
    )?;
    audit::record(
        conn,
        actor,
        AuditAction::QuestionRaised,
        record.id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    Ok(record)
}

/// A question by id.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<QuestionRecord>> {
    question::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(from_row)
        .transpose()
}

/// Changes a question (owner, due date, answer, publication), checking the version. A new
/// answer is added to the question's thread.
pub async fn change(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    action: AuditAction,
    change: impl FnOnce(&QuestionRecord) -> Result<QuestionRecord, DomainError>,
) -> AppResult<QuestionRecord> {
    change_with_reply(store, actor, id, action, |before| {
        Ok((change(before)?, None))
    })
    .await
}

/// A reply to put in a question's thread with a change.
#[derive(Debug, Clone)]
pub struct NewReply {
    pub kind: ReplyKind,
    pub text: String,
    pub author_id: Option<Uuid>,
}

/// One entry of a question's thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplyRecord {
    pub id: Uuid,
    pub question_id: Uuid,
    #[serde(skip)]
    pub kind: ReplyKind,
    pub text: String,
    pub author_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// Changes a question as `change` says, adding the reply it returns (and any new answer) to
/// the question's thread, in one transaction with its audit event and re-planned emails.
pub async fn change_with_reply(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    action: AuditAction,
    change: impl FnOnce(&QuestionRecord) -> Result<(QuestionRecord, Option<NewReply>), DomainError>,
) -> AppResult<QuestionRecord> {
    let txn = store.begin_write().await?;
    let before = find(&txn, id)
        .await?
        .ok_or_else(|| DomainError::NotFound("There is no question with that id.".into()))?;
    let (after, reply) = change(&before)?;
    if let Some(owner) = after.owner_id
        && after.owner_id != before.owner_id
        && super::entities::app_user::Entity::find_by_id(owner)
            .one(&txn)
            .await?
            .is_none()
    {
        return Err(DomainError::unknown_id("input.ownerId", "a user (an account)").into());
    }
    let row = question::ActiveModel {
        id: Set(id),
        owner_id: Set(after.owner_id),
        due_on: Set(after.due_on),
        answer: Set(after.answer.clone()),
        covers: Set(serde_json::to_value(&after.covers).map_err(|e| AppError::Internal(e.into()))?),
        answered_by: Set(after.answered_by),
        answered_at: Set(after.answered_at),
        published: Set(after.published),
        reply_state: Set(after.reply_state.map(|s| s.as_str().to_owned())),
        closure_reason: Set(after.closure_reason.clone()),
        challenge_count: Set(after.challenge_count),
        version: Set(before.version + 1),
        ..Default::default()
    };
    let saved = from_row(question::Entity::update(row).exec(&txn).await?)?;
    // Every answer given stays in the thread, also when it is later replaced or challenged.
    let answered_now = saved
        .answer
        .as_ref()
        .filter(|_| saved.answered_at != before.answered_at || saved.answer != before.answer);
    let mut replies: Vec<NewReply> = answered_now
        .map(|text| NewReply {
            kind: ReplyKind::Answer,
            text: text.clone(),
            author_id: saved.answered_by,
        })
        .into_iter()
        .collect();
    replies.extend(reply);
    let now = Utc::now();
    if !replies.is_empty() {
        question_reply::Entity::insert_many(replies.into_iter().map(|r| {
            question_reply::ActiveModel {
                id: Set(Uuid::now_v7()),
                question_id: Set(id),
                kind: Set(r.kind.as_str().to_owned()),
                text: Set(r.text),
                author_id: Set(r.author_id),
                created_at: Set(now),
            }
        }))
        .exec(&txn)
        .await?;
    }
    audit::record(&txn, actor, action, id, Some(&before), Some(&saved)).await?;
    super::commit_proposal_change(txn, saved.proposal_id, PlanScope::Whole).await?;
    Ok(saved)
}

/// The threads of these questions, each in order (one statement for any number).
pub async fn threads(
    conn: &impl ConnectionTrait,
    question_ids: &[Uuid],
) -> AppResult<std::collections::HashMap<Uuid, Vec<ReplyRecord>>> {
    let mut threads: std::collections::HashMap<Uuid, Vec<ReplyRecord>> =
        question_ids.iter().map(|id| (*id, vec![])).collect();
    if question_ids.is_empty() {
        return Ok(threads);
    }
    let rows = question_reply::Entity::find()
        .filter(question_reply::Column::QuestionId.is_in(question_ids.iter().copied()))
        .order_by_asc(question_reply::Column::CreatedAt)
        .order_by_asc(question_reply::Column::Id)
        .all(conn)
        .await?;
    for row in rows {
        let kind = ReplyKind::parse(&row.kind).ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!(
                "question reply {} holds invalid data",
                row.id
            ))
        })?;
        threads
            .entry(row.question_id)
            .or_default()
            .push(ReplyRecord {
                id: row.id,
                question_id: row.question_id,
                kind,
                text: row.text,
                author_id: row.author_id,
                created_at: row.created_at,
            });
    }
    Ok(threads)
}

/// Open questions owned by `viewer`, across proposals, due first.
pub async fn open_for_owner(
    conn: &impl ConnectionTrait,
    viewer: &Viewer,
) -> AppResult<Vec<QuestionRecord>> {
    question::Entity::find()
        .filter(question::Column::OwnerId.eq(viewer.user_id))
        .filter(question::Column::Answer.is_null())
        .order_by_asc(question::Column::DueOn)
        .order_by_asc(question::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}

/// What the question log is narrowed to (`log_page`).
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    /// With the day it is today (Europe/London), which decides open and overdue.
    pub status: Option<(QuestionStatus, NaiveDate)>,
    pub owner_id: Option<Uuid>,
    pub theme_id: Option<Uuid>,
    pub source: Option<QuestionSource>,
    /// Matched anywhere in the question or its answer, ignoring case.
    pub search: Option<String>,
    /// Where the raiser's reply stands (`Challenged`: an unresolved challenge).
    pub reply_state: Option<ReplyState>,
}

fn log_query(proposal_id: Uuid, filter: &LogFilter) -> Select<question::Entity> {
    let mut query = question::Entity::find().filter(question::Column::ProposalId.eq(proposal_id));
    if let Some((status, today)) = filter.status {
        query = match status {
            QuestionStatus::Answered => query.filter(question::Column::Answer.is_not_null()),
            QuestionStatus::Open => query
                .filter(question::Column::Answer.is_null())
                .filter(question::Column::DueOn.gte(today)),
            QuestionStatus::Overdue => query
                .filter(question::Column::Answer.is_null())
                .filter(question::Column::DueOn.lt(today)),
        };
    }
    if let Some(owner) = filter.owner_id {
        query = query.filter(question::Column::OwnerId.eq(owner));
    }
    if let Some(source) = filter.source {
        query = query.filter(question::Column::Source.eq(source.as_str()));
    }
    if let Some(state) = filter.reply_state {
        query = query.filter(question::Column::ReplyState.eq(state.as_str()));
    }
    if let Some(theme) = filter.theme_id {
        query = query.filter(
            question::Column::Id.in_subquery(
                Query::select()
                    .column(super::entities::theme_tag::Column::SubjectId)
                    .from(super::entities::theme_tag::Entity)
                    .and_where(super::entities::theme_tag::Column::ThemeId.eq(theme))
                    .and_where(
                        super::entities::theme_tag::Column::SubjectKind
                            .eq(TagSubject::Question.as_str()),
                    )
                    .to_owned(),
            ),
        );
    }
    if let Some(search) = &filter.search {
        // lower() on both sides: PostgreSQL's LIKE minds case, SQLite's only beyond ASCII.
        let escaped = search
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = || LikeExpr::new(format!("%{escaped}%")).escape('\\');
        query = query.filter(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(question::Column::Text))).like(pattern()))
                .add(Expr::expr(Func::lower(Expr::col(question::Column::Answer))).like(pattern())),
        );
    }
    query
}

/// A page of the question log in `sort` order, after the question `after` (at most
/// `limit + 1` rows, the extra one telling another page follows). Two statements whatever
/// the log's size: the cursor's question (for its sort key) and the page.
pub async fn log_page(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    filter: &LogFilter,
    sort: LogSort,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<Vec<QuestionRecord>> {
    let mut query = log_query(proposal_id, filter);
    let answered = || Expr::col(question::Column::Answer).is_not_null();
    let unanswered = || Expr::col(question::Column::Answer).is_null();
    if let Some(after) = after {
        let cursor = question::Entity::find_by_id(after)
            .filter(question::Column::ProposalId.eq(proposal_id))
            .one(conn)
            .await?
            .ok_or_else(|| {
                DomainError::bad_input(
                    "after",
                    "`after` is not a cursor from this list; use a `cursor` or `pageInfo.endCursor` it returned.",
                )
            })?;
        // After (due, id) in due order.
        let later_due = || {
            Condition::any()
                .add(question::Column::DueOn.gt(cursor.due_on))
                .add(
                    Condition::all()
                        .add(question::Column::DueOn.eq(cursor.due_on))
                        .add(question::Column::Id.gt(after)),
                )
        };
        query = match sort {
            LogSort::Oldest => query.filter(question::Column::Id.gt(after)),
            LogSort::Newest => query.filter(question::Column::Id.lt(after)),
            LogSort::DueSoonest => query.filter(later_due()),
            LogSort::OverdueFirst if cursor.answer.is_none() => query.filter(
                Condition::any()
                    .add(answered())
                    .add(Condition::all().add(unanswered()).add(later_due())),
            ),
            LogSort::OverdueFirst => {
                query.filter(Condition::all().add(answered()).add(later_due()))
            }
        };
    }
    query = match sort {
        LogSort::Oldest => query.order_by_asc(question::Column::Id),
        LogSort::Newest => query.order_by_desc(question::Column::Id),
        LogSort::DueSoonest => query
            .order_by_asc(question::Column::DueOn)
            .order_by_asc(question::Column::Id),
        LogSort::OverdueFirst => query
            // Unanswered (false) before answered (true).
            .order_by(answered(), sea_orm::Order::Asc)
            .order_by_asc(question::Column::DueOn)
            .order_by_asc(question::Column::Id),
    };
    query
        .limit(limit + 1)
        .all(conn)
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}

/// How many questions of the log `filter` leaves, counted in SQL.
pub async fn log_count(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    filter: &LogFilter,
) -> AppResult<u64> {
    Ok(log_query(proposal_id, filter).count(conn).await?)
}

/// Each question's number in its proposal's log, 1 for the first raised: its place in id
/// order (ids are UUIDv7, so in the order raised) among its proposal's questions, which
/// are never deleted on their own, so a number never changes. One statement for any ids.
pub async fn numbers(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<std::collections::HashMap<Uuid, i32>> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let (this, earlier) = (Alias::new("this"), Alias::new("earlier"));
    let statement = Query::select()
        .expr_as(
            Expr::col((this.clone(), question::Column::Id)),
            Alias::new("id"),
        )
        .expr_as(
            Func::count(Expr::col((earlier.clone(), question::Column::Id))),
            Alias::new("number"),
        )
        .from_as(question::Entity, this.clone())
        .join_as(
            JoinType::InnerJoin,
            question::Entity,
            earlier.clone(),
            Condition::all()
                .add(
                    Expr::col((earlier.clone(), question::Column::ProposalId))
                        .equals((this.clone(), question::Column::ProposalId)),
                )
                .add(
                    Expr::col((earlier.clone(), question::Column::Id))
                        .lte(Expr::col((this.clone(), question::Column::Id))),
                ),
        )
        .and_where(Expr::col((this.clone(), question::Column::Id)).is_in(ids.iter().copied()))
        .group_by_col((this, question::Column::Id))
        .to_owned();
    let backend = conn.get_database_backend();
    conn.query_all_raw(backend.build(&statement))
        .await?
        .into_iter()
        .map(|row| {
            let number: i64 = row.try_get("", "number")?;
            let number = i32::try_from(number)
                .map_err(|_| AppError::Internal(anyhow::anyhow!("question number {number}")))?;
            Ok((row.try_get("", "id")?, number))
        })
        .collect()
}

/// How many of a proposal's questions stand where, today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogCounts {
    pub open: u64,
    pub overdue: u64,
    pub answered: u64,
    pub all: u64,
    /// Unanswered and with no owner.
    pub unassigned: u64,
    /// Answers challenged (each challenge counts).
    pub challenged: u64,
    /// Questions whose challenge is unresolved: neither accepted since nor closed by HR.
    pub unresolved_challenges: u64,
    /// Challenges HR closed without agreement.
    pub closed_without_agreement: u64,
}

/// The question log's counts by status, in one statement whatever the log's size.
pub async fn log_counts(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    today: NaiveDate,
) -> AppResult<LogCounts> {
    let unanswered = || Expr::col(question::Column::Answer).is_null();
    // COUNT of a CASE without ELSE counts the rows where the condition holds.
    let count_where = |condition: Condition| Func::count(Expr::case(condition, 1));
    let statement = Query::select()
        .expr_as(
            count_where(
                Condition::all()
                    .add(unanswered())
                    .add(Expr::col(question::Column::DueOn).gte(today)),
            ),
            Alias::new("open"),
        )
        .expr_as(
            count_where(
                Condition::all()
                    .add(unanswered())
                    .add(Expr::col(question::Column::DueOn).lt(today)),
            ),
            Alias::new("overdue"),
        )
        .expr_as(
            count_where(Condition::all().add(Expr::col(question::Column::Answer).is_not_null())),
            Alias::new("answered"),
        )
        .expr_as(
            count_where(
                Condition::all()
                    .add(unanswered())
                    .add(Expr::col(question::Column::OwnerId).is_null()),
            ),
            Alias::new("unassigned"),
        )
        .expr_as(
            Func::count(Expr::col(question::Column::Id)),
            Alias::new("every"),
        )
        .expr_as(
            Func::coalesce([
                Expr::from(Func::sum(Expr::col(question::Column::ChallengeCount))),
                Expr::val(0),
            ]),
            Alias::new("challenged"),
        )
        .expr_as(
            count_where(
                Condition::all().add(
                    Expr::col(question::Column::ReplyState).eq(ReplyState::Challenged.as_str()),
                ),
            ),
            Alias::new("unresolved"),
        )
        .expr_as(
            count_where(
                Condition::all().add(
                    Expr::col(question::Column::ReplyState)
                        .eq(ReplyState::ClosedWithoutAgreement.as_str()),
                ),
            ),
            Alias::new("closed"),
        )
        .from(question::Entity)
        .and_where(Expr::col(question::Column::ProposalId).eq(proposal_id))
        .to_owned();
    let backend = conn.get_database_backend();
    let row = conn
        .query_one_raw(backend.build(&statement))
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a count returned no row")))?;
    let count = |column: &str| -> AppResult<u64> {
        let n: i64 = row.try_get("", column)?;
        u64::try_from(n).map_err(|_| AppError::Internal(anyhow::anyhow!("a negative count")))
    };
    Ok(LogCounts {
        open: count("open")?,
        overdue: count("overdue")?,
        answered: count("answered")?,
        all: count("every")?,
        unassigned: count("unassigned")?,
        challenged: count("challenged")?,
        unresolved_challenges: count("unresolved")?,
        closed_without_agreement: count("closed")?,
    })
}
