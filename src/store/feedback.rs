//! Staff feedback responses: one per person per proposal, every save kept as a version.

use super::{
    Store, audit,
    entities::{app_user, feedback_response, feedback_response_version, late_response},
    proposals, questions, timetable,
};
use crate::domain::notify::{Milestone, PlanScope};
use crate::domain::{
    DomainError,
    access::Viewer,
    audit::{AuditAction, AuditActor},
    feedback::{self, Answer, FeedbackSummary, FormQuestion, PostTally, QuestionType},
    outcome::TagSubject,
    question::QuestionSource,
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    AccessMode, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    IsolationLevel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
    TransactionOptions, TransactionTrait,
};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// A staff member's response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub author_id: Uuid,
    pub confidential: bool,
    /// (question key, values).
    pub answers: Vec<(String, Vec<String>)>,
    pub submitted: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

fn from_row(row: feedback_response::Model) -> AppResult<ResponseRecord> {
    Ok(ResponseRecord {
        answers: serde_json::from_value(row.answers.clone()).map_err(|_| {
            AppError::Internal(anyhow::anyhow!("response {} holds invalid answers", row.id))
        })?,
        id: row.id,
        proposal_id: row.proposal_id,
        author_id: row.author_id,
        confidential: row.confidential,
        submitted: row.submitted,
        submitted_at: row.submitted_at,
        version: row.version,
        updated_at: row.updated_at,
    })
}

/// The viewer's response to a proposal, if any.
pub async fn mine(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    author_id: Uuid,
) -> AppResult<Option<ResponseRecord>> {
    feedback_response::Entity::find()
        .filter(feedback_response::Column::ProposalId.eq(proposal_id))
        .filter(feedback_response::Column::AuthorId.eq(author_id))
        .one(conn)
        .await?
        .map(from_row)
        .transpose()
}

/// How many versions a response has.
pub async fn version_count(conn: &impl ConnectionTrait, response_id: Uuid) -> AppResult<u64> {
    Ok(feedback_response_version::Entity::find()
        .filter(feedback_response_version::Column::ResponseId.eq(response_id))
        .count(conn)
        .await?)
}

/// What a person sends.
pub struct Save {
    pub answers: Vec<Answer>,
    pub confidential: bool,
    pub submit: bool,
    /// The same key on a retry returns the saved response instead of saving again.
    pub client_key: Option<String>,
}

/// Saves (and with `submit`, submits) a response, in one transaction: refused after the
/// consultation's last day; a retry with the same client key changes nothing; each save is
/// kept as a version; on submission, answers to questions needing a response go to the
/// question log.
pub async fn save(
    store: &Store,
    viewer: &Viewer,
    proposal_id: Uuid,
    save: Save,
    today: NaiveDate,
) -> AppResult<ResponseRecord> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    let form = super::forms::form_of(&txn, proposal_id).await?.questions;
    let form = form.as_slice();
    let existing = mine(&txn, proposal_id, viewer.user_id).await?;
    if let (Some(key), Some(current)) = (&save.client_key, &existing) {
        let stored = feedback_response::Entity::find_by_id(current.id)
            .one(&txn)
            .await?
            .and_then(|r| r.client_key);
        if stored.as_deref() == Some(key.as_str()) {
            return Ok(current.clone());
        }
    }
    check_deadline(&txn, proposal_id, viewer.user_id, today).await?;
    let answers = feedback::check_answers(form, save.answers, save.submit, "input.answers")?;
    let stored_answers: Vec<(String, Vec<String>)> = answers
        .iter()
        .map(|a| (a.key.clone(), a.values.clone()))
        .collect();
    let json = serde_json::to_value(&stored_answers).map_err(|e| AppError::Internal(e.into()))?;
    let now = Utc::now();
    let newly_submitted = save.submit && !existing.as_ref().is_some_and(|r| r.submitted);
    let row = feedback_response::ActiveModel {
        id: Set(existing.as_ref().map_or_else(Uuid::now_v7, |r| r.id)),
        proposal_id: Set(proposal_id),
        author_id: Set(viewer.user_id),
        confidential: Set(save.confidential),
        answers: Set(json.clone()),
        submitted: Set(save.submit || existing.as_ref().is_some_and(|r| r.submitted)),
        submitted_at: Set(existing
            .as_ref()
            .and_then(|r| r.submitted_at)
            .or(save.submit.then_some(now))),
        client_key: Set(save.client_key.clone()),
        version: Set(existing.as_ref().map_or(1, |r| r.version + 1)),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let saved = match &existing {
        None => from_row(
            feedback_response::Entity::insert(row)
                .exec_with_returning(&txn)
                .await?,
        )?,
        Some(_) => {
            let mut row = row;
            row.created_at = sea_orm::ActiveValue::NotSet;
            from_row(feedback_response::Entity::update(row).exec(&txn).await?)?
        }
    };
    feedback_response_version::Entity::insert(feedback_response_version::ActiveModel {
        id: Set(Uuid::now_v7()),
        response_id: Set(saved.id),
        version: Set(saved.version),
        answers: Set(json),
        confidential: Set(saved.confidential),
        submitted: Set(saved.submitted),
        saved_at: Set(now),
    })
    .exec(&txn)
    .await?;
    let actor = AuditActor::User(viewer.user_id);
    let action = if newly_submitted {
        AuditAction::FeedbackSubmitted
    } else {
        AuditAction::FeedbackSaved
    };
    audit::record(
        &txn,
        &actor,
        action,
        saved.id,
        existing.as_ref(),
        Some(&saved),
    )
    .await?;
    if saved.submitted {
        // A receipt for each submitted version, sent with the change or not at all.
        let data = serde_json::json!({
            "proposalId": proposal_id,
            "proposalTitle": proposal.content.title,
            "proposalPath": format!("/proposals/{proposal_id}"),
            "changed": !newly_submitted,
            "confidential": saved.confidential,
            "confidentialMeaning": feedback::CONFIDENTIAL_MEANING,
            "answers": feedback::receipt(form, &answers),
        });
        super::outbox::enqueue_case_message(
            &txn,
            proposal_id,
            (Some(viewer.user_id), &viewer.email),
            Milestone::FeedbackReceipt,
            format!(
                "{}:{}:{}",
                Milestone::FeedbackReceipt.as_str(),
                saved.id,
                saved.version
            ),
            data,
            now,
        )
        .await?;
    }
    let mut raised = Vec::new();
    if newly_submitted {
        for answer in answers
            .iter()
            .filter(|a| form.iter().any(|q| q.key == a.key && q.needs_response))
        {
            for text in &answer.values {
                let new = questions::NewQuestion {
                    source: QuestionSource::Staff,
                    text: text.clone(),
                    asker_id: Some(viewer.user_id),
                    asker_union: None,
                    confidential: saved.confidential,
                    raised_on: today,
                    due_on: None,
                    jd_comment_id: None,
                };
                raised.push(questions::insert(&txn, &actor, proposal_id, new).await?);
            }
        }
    }
    // Its points have no owner yet: HR is asked to assign them.
    super::outbox::plan_new_questions(&txn, proposal_id, &raised).await?;
    super::commit_proposal_change(txn, proposal_id, PlanScope::StaffResponse(viewer.user_id))
        .await?;
    Ok(saved)
}

/// Refuses a change to a response (staff or union) after the consultation's last day, unless
/// HR accepted a late one from this person.
pub async fn check_deadline(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    user_id: Uuid,
    today: NaiveDate,
) -> AppResult<()> {
    let end = timetable::timetables(conn, &[proposal_id])
        .await?
        .remove(0)
        .consultation_end;
    let late = late_until(conn, proposal_id, user_id).await?;
    Ok(feedback::check_open(end, late, today)?)
}

/// The last day HR accepts a late response from this person, if HR accepted one.
pub async fn late_until(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    user_id: Uuid,
) -> AppResult<Option<NaiveDate>> {
    Ok(late_response::Entity::find()
        .filter(late_response::Column::ProposalId.eq(proposal_id))
        .filter(late_response::Column::UserId.eq(user_id))
        .one(conn)
        .await?
        .map(|r| r.accepted_until))
}

/// A late response HR accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LateResponseRecord {
    pub user_id: Uuid,
    pub accepted_until: NaiveDate,
    pub reason: String,
    pub granted_by: Uuid,
    pub granted_at: DateTime<Utc>,
}

/// The late responses HR accepted for a proposal, newest first.
pub async fn late_responses(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Vec<LateResponseRecord>> {
    Ok(late_response::Entity::find()
        .filter(late_response::Column::ProposalId.eq(proposal_id))
        .order_by_desc(late_response::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| LateResponseRecord {
            user_id: r.user_id,
            accepted_until: r.accepted_until,
            reason: r.reason,
            granted_by: r.granted_by,
            granted_at: r.created_at,
        })
        .collect())
}

/// Accepts one person's response after the deadline, until `accepted_until`; accepting again
/// replaces the earlier day. The audit says why.
pub async fn accept_late_response(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    user_id: Uuid,
    accepted_until: NaiveDate,
    reason: String,
) -> AppResult<LateResponseRecord> {
    let txn = store.begin_write().await?;
    proposals::load_for_change(&txn, proposal_id, None).await?;
    if app_user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(DomainError::unknown_id("input.userId", "a user (an account)").into());
    }
    let granted_by = actor.user_id().ok_or_else(|| {
        AppError::Internal(anyhow::anyhow!("a late response is accepted by a person"))
    })?;
    let existing = late_response::Entity::find()
        .filter(late_response::Column::ProposalId.eq(proposal_id))
        .filter(late_response::Column::UserId.eq(user_id))
        .one(&txn)
        .await?;
    let now = Utc::now();
    let row = late_response::ActiveModel {
        id: Set(existing.as_ref().map_or_else(Uuid::now_v7, |r| r.id)),
        proposal_id: Set(proposal_id),
        user_id: Set(user_id),
        accepted_until: Set(accepted_until),
        reason: Set(reason.clone()),
        granted_by: Set(granted_by),
        created_at: Set(now),
    };
    if existing.is_some() {
        late_response::Entity::update(row).exec(&txn).await?;
    } else {
        late_response::Entity::insert(row).exec(&txn).await?;
    }
    let record = LateResponseRecord {
        user_id,
        accepted_until,
        reason,
        granted_by,
        granted_at: now,
    };
    audit::record(
        &txn,
        actor,
        AuditAction::LateResponseAccepted,
        proposal_id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    txn.commit().await?;
    Ok(record)
}

/// Moves the consultation's last day later for everyone; the audit records why.
pub async fn extend_consultation(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    new_end: NaiveDate,
    reason: String,
) -> AppResult<super::timetable::TimetableRecord> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    let before = timetable::timetables(&txn, &[proposal_id]).await?.remove(0);
    feedback::check_extension(proposal.status, before.consultation_end, new_end)?;
    super::entities::timetable::Entity::update(super::entities::timetable::ActiveModel {
        proposal_id: Set(proposal_id),
        consultation_end: Set(Some(new_end)),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let after = timetable::timetables(&txn, &[proposal_id]).await?.remove(0);
    audit::record(
        &txn,
        actor,
        AuditAction::ConsultationExtended,
        proposal_id,
        Some(&serde_json::json!({ "consultationEnd": before.consultation_end })),
        Some(&serde_json::json!({ "consultationEnd": new_end, "reason": reason })),
    )
    .await?;
    super::outbox::announce_end_change(&txn, proposal_id, before.consultation_end, Some(new_end))
        .await?;
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(after)
}

/// Submitted responses of a proposal, oldest first: a page after `after` (at most `limit + 1`
/// rows, the extra one telling another page follows), or all of them with `limit` None.
pub async fn submitted(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    after: Option<Uuid>,
    limit: Option<u64>,
) -> AppResult<Vec<ResponseRecord>> {
    let mut query = feedback_response::Entity::find()
        .filter(feedback_response::Column::ProposalId.eq(proposal_id))
        .filter(feedback_response::Column::Submitted.eq(true))
        .order_by_asc(feedback_response::Column::Id);
    if let Some(after) = after {
        query = query.filter(feedback_response::Column::Id.gt(after));
    }
    if let Some(limit) = limit {
        query = query.limit(limit + 1);
    }
    query.all(conn).await?.into_iter().map(from_row).collect()
}

/// What the list of submitted responses is narrowed to (`submitted_page`); which of these a
/// viewer may use is `domain::feedback::check_response_filters`'s decision.
#[derive(Debug, Clone, Default)]
pub struct ResponseFilter {
    pub theme_id: Option<Uuid>,
    /// Responses whose author holds this post (matched by work email, as the summary does).
    pub post_id: Option<Uuid>,
    /// (question key, choice): responses that chose it.
    pub answer: Option<(String, String)>,
    pub confidential: Option<bool>,
    /// Responses from people HR accepted late (true) or the others (false).
    pub late: Option<bool>,
}

fn filtered(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    filter: &ResponseFilter,
) -> sea_orm::Select<feedback_response::Entity> {
    use super::entities::{employee, post_holding, theme_tag};
    use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
    let mut query = feedback_response::Entity::find()
        .filter(feedback_response::Column::ProposalId.eq(proposal_id))
        .filter(feedback_response::Column::Submitted.eq(true));
    if let Some(theme) = filter.theme_id {
        query = query.filter(
            feedback_response::Column::Id.in_subquery(
                Query::select()
                    .column(theme_tag::Column::SubjectId)
                    .from(theme_tag::Entity)
                    .and_where(theme_tag::Column::ThemeId.eq(theme))
                    .and_where(
                        theme_tag::Column::SubjectKind.eq(TagSubject::FeedbackResponse.as_str()),
                    )
                    .to_owned(),
            ),
        );
    }
    if let Some(confidential) = filter.confidential {
        query = query.filter(feedback_response::Column::Confidential.eq(confidential));
    }
    if let Some(late) = filter.late {
        let accepted = Query::select()
            .column(late_response::Column::UserId)
            .from(late_response::Entity)
            .and_where(late_response::Column::ProposalId.eq(proposal_id))
            .to_owned();
        query = query.filter(if late {
            feedback_response::Column::AuthorId.in_subquery(accepted)
        } else {
            feedback_response::Column::AuthorId.not_in_subquery(accepted)
        });
    }
    if let Some(post) = filter.post_id {
        let holders = Query::select()
            .expr(Func::lower(Expr::col((
                employee::Entity,
                employee::Column::WorkEmail,
            ))))
            .from(employee::Entity)
            .inner_join(
                post_holding::Entity,
                Expr::col((post_holding::Entity, post_holding::Column::EmployeeId))
                    .equals((employee::Entity, employee::Column::Id)),
            )
            .and_where(Expr::col((employee::Entity, employee::Column::ProposalId)).eq(proposal_id))
            .and_where(Expr::col((post_holding::Entity, post_holding::Column::PostId)).eq(post))
            .to_owned();
        query = query.filter(
            feedback_response::Column::AuthorId.in_subquery(
                Query::select()
                    .column(app_user::Column::Id)
                    .from(app_user::Entity)
                    .and_where(
                        Expr::expr(Func::lower(Expr::col(app_user::Column::Email)))
                            .in_subquery(holders),
                    )
                    .to_owned(),
            ),
        );
    }
    if let Some((key, choice)) = &filter.answer {
        // `answers` holds `[[key, [value, ...]], ...]` (see `save`).
        let sql = if conn.get_database_backend() == DbBackend::Postgres {
            "EXISTS (SELECT 1 FROM jsonb_array_elements(feedback_response.answers) AS a(item) \
             CROSS JOIN LATERAL jsonb_array_elements_text(a.item -> 1) AS v(choice) \
             WHERE a.item ->> 0 = $1 AND v.choice = $2)"
        } else {
            // No `$` here: sea-query reads it as a placeholder.
            "EXISTS (SELECT 1 FROM json_each(feedback_response.answers) AS a, \
             json_each(a.value -> 1) AS v \
             WHERE (a.value ->> 0) = ? AND v.value = ?)"
        };
        query = query.filter(Expr::cust_with_values(sql, [key.clone(), choice.clone()]));
    }
    query
}

/// A page of the submitted responses `filter` leaves, oldest (or with `newest_first`,
/// newest) first, after `after`: at most `limit + 1` rows, the extra one telling another page
/// follows. One statement.
pub async fn submitted_page(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    filter: &ResponseFilter,
    newest_first: bool,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<Vec<ResponseRecord>> {
    let mut query = filtered(conn, proposal_id, filter);
    query = if newest_first {
        if let Some(after) = after {
            query = query.filter(feedback_response::Column::Id.lt(after));
        }
        query.order_by_desc(feedback_response::Column::Id)
    } else {
        if let Some(after) = after {
            query = query.filter(feedback_response::Column::Id.gt(after));
        }
        query.order_by_asc(feedback_response::Column::Id)
    };
    query
        .limit(limit + 1)
        .all(conn)
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}

/// How many submitted responses `filter` leaves, counted in SQL.
pub async fn submitted_filtered_count(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    filter: &ResponseFilter,
) -> AppResult<u64> {
    Ok(filtered(conn, proposal_id, filter).count(conn).await?)
}

/// How many responses have been submitted to a proposal.
pub async fn submitted_count(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<u64> {
    Ok(feedback_response::Entity::find()
        .filter(feedback_response::Column::ProposalId.eq(proposal_id))
        .filter(feedback_response::Column::Submitted.eq(true))
        .count(conn)
        .await?)
}

/// Exact counts of a proposal's submitted responses (`domain::feedback::FeedbackSummary`),
/// computed by the database in three statements (and on PostgreSQL one setting), in one
/// read-only snapshot, whatever the number of responses; no statement's parameters grow with
/// the data. `form` is the proposal's form: its choice questions are counted.
/// `domain::feedback::summary_shown` then decides what a viewer sees.
///
/// The counts are those `domain::feedback::summarise` makes from the proposal graph:
/// - a response's posts are those held (`post_holding`) by the proposal's employees whose
///   work email is the author's account email, ignoring ASCII case (`eq_ignore_ascii_case`);
/// - the current posts are the proposal's posts with a current side, in the structure's
///   order (position, then id); a post's population is how many of the proposal's employees
///   hold it;
/// - a response counts once per choice, per post and per theme, however often it names them,
///   and once among the responses from small posts, however many it holds.
///
/// With `with_posts` false (a page that shows no per-post counts) the posts are not counted:
/// that count reads every holding of the proposal, and `per_post` is left empty.
pub async fn summary(
    store: &Store,
    proposal_id: Uuid,
    form: &[FormQuestion],
    with_posts: bool,
) -> AppResult<FeedbackSummary> {
    let backend = store.backend();
    let postgres = backend == DbBackend::Postgres;
    // One snapshot, so that the counts agree with each other while responses come in.
    let txn = store
        .conn()
        .begin_with_options(TransactionOptions {
            isolation_level: postgres.then_some(IsolationLevel::RepeatableRead),
            access_mode: postgres.then_some(AccessMode::ReadOnly),
            sqlite_transaction_mode: None,
        })
        .await?;
    if postgres {
        // The planner cannot estimate the JSON functions' rows and prices these statements
        // high enough for JIT compilation, which alone costs more than running them.
        txn.execute_raw(Statement::from_string(
            backend,
            "SELECT set_config('jit', 'off', true)",
        ))
        .await?;
    }

    let choice_questions: Vec<&FormQuestion> = form
        .iter()
        .filter(|q| !matches!(q.kind, QuestionType::Text | QuestionType::LongText))
        .collect();
    // The keys as one JSON parameter, however many questions the form has.
    let keys: Vec<&str> = choice_questions.iter().map(|q| q.key.as_str()).collect();
    let keys = serde_json::to_string(&keys).map_err(|e| AppError::Internal(e.into()))?;
    let answers_sql = if postgres {
        ANSWERS_POSTGRES
    } else {
        ANSWERS_SQLITE
    };
    let mut chosen: HashMap<(String, String), u32> = HashMap::new();
    for row in txn
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            answers_sql,
            [proposal_id.into(), keys.into(), true.into()],
        ))
        .await?
    {
        let key: String = row.try_get("", "question_key")?;
        let choice: String = row.try_get("", "choice")?;
        chosen.insert((key, choice), count(row.try_get::<i64>("", "responses")?)?);
    }
    let per_answer = choice_questions
        .iter()
        .map(|q| {
            let choices = q
                .choices
                .iter()
                .map(|c| {
                    let n = chosen.get(&(q.key.clone(), c.clone())).copied();
                    (c.clone(), n.unwrap_or(0))
                })
                .collect();
            (q.key.clone(), choices)
        })
        .collect();

    let mut responses = 0;
    let mut per_post = Vec::new();
    let mut from_small_posts = 0;
    let posts_rows = if with_posts {
        txn.query_all_raw(Statement::from_sql_and_values(
            backend,
            posts_sql(postgres),
            [
                proposal_id.into(),
                true.into(),
                i64::from(feedback::SMALLEST_REPORTED_GROUP).into(),
            ],
        ))
        .await?
    } else {
        let total = feedback_response::Entity::find()
            .filter(feedback_response::Column::ProposalId.eq(proposal_id))
            .filter(feedback_response::Column::Submitted.eq(true))
            .count(&txn)
            .await?;
        responses = count(total)?;
        Vec::new()
    };
    for row in posts_rows {
        let n = count(row.try_get::<i64>("", "responses")?)?;
        match row.try_get::<i32>("", "kind")? {
            POST_ROW => per_post.push(PostTally {
                post_id: row.try_get("", "post_id")?,
                holders: count(row.try_get::<i64>("", "holders")?)?,
                responses: n,
            }),
            SMALL_POSTS_ROW => from_small_posts = n,
            TOTAL_ROW => responses = n,
            kind => {
                return Err(AppError::Internal(anyhow::anyhow!(
                    "the post counts have no row kind {kind}"
                )));
            }
        }
    }

    let per_theme = txn
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            THEMES,
            [
                proposal_id.into(),
                TagSubject::FeedbackResponse.as_str().into(),
                true.into(),
            ],
        ))
        .await?
        .into_iter()
        .map(|row| {
            let theme_id: Uuid = row.try_get("", "theme_id")?;
            Ok((theme_id, count(row.try_get::<i64>("", "responses")?)?))
        })
        .collect::<AppResult<_>>()?;
    txn.commit().await?;
    Ok(FeedbackSummary {
        responses,
        per_answer,
        per_post,
        from_small_posts,
        per_theme,
    })
}

fn count(n: impl TryInto<u32>) -> AppResult<u32> {
    n.try_into()
        .map_err(|_| AppError::Internal(anyhow::anyhow!("a count does not fit in 32 bits")))
}

// Responses per choice. `answers` holds `[[key, [value, ...]], ...]` (see `save`). $1 the
// proposal, $2 the choice questions' keys as a JSON array, $3 true. A response counts once
// per (key, choice), however often its answers repeat them.
const ANSWERS_SQLITE: &str = "
SELECT json_extract(a.value, '$[0]') AS question_key, v.value AS choice,
       COUNT(DISTINCT r.id) AS responses
FROM feedback_response AS r, json_each(r.answers) AS a, json_each(a.value, '$[1]') AS v
WHERE r.proposal_id = $1 AND r.submitted = $3
  AND json_extract(a.value, '$[0]') IN (SELECT k.value FROM json_each($2) AS k)
GROUP BY 1, 2";

// Each response's distinct (key, choice) pairs, then a count per pair: no sort of every
// pair by response, as COUNT(DISTINCT) would need.
const ANSWERS_POSTGRES: &str = "
SELECT c.question_key, c.choice, COUNT(*) AS responses
FROM feedback_response AS r
CROSS JOIN LATERAL (
    SELECT DISTINCT a.item ->> 0 AS question_key, v.choice
    FROM jsonb_array_elements(r.answers) AS a(item)
    CROSS JOIN LATERAL jsonb_array_elements_text(a.item -> 1) AS v(choice)
    WHERE a.item ->> 0 IN (SELECT jsonb_array_elements_text(CAST($2 AS jsonb)))
) AS c
WHERE r.proposal_id = $1 AND r.submitted = $3
GROUP BY 1, 2";

/// `posts_sql` rows: a current post; the responses from small posts; the total.
const POST_ROW: i32 = 0;
const SMALL_POSTS_ROW: i32 = 1;
const TOTAL_ROW: i32 = 2;

/// Every current post with its population and the responses from its holders, in the
/// structure's order (`kind` 0); then the responses whose author holds at least one current
/// post of fewer than $3 holders (`kind` 1); then every submitted response (`kind` 2). $1 the
/// proposal, $2 true.
///
/// A response's author has one (folded) email, so the responses from a post's holders are,
/// summed over the distinct emails that hold it, the responses of each email: `held` lists
/// each (email, post) held with that email's responses, and the responses from small posts
/// add those of each distinct email holding one. PostgreSQL hash-joins the emails held to the
/// responses per email; SQLite, which would compare every pair of the two, gets each email's
/// responses with a window over both lists sorted by email instead.
fn posts_sql(postgres: bool) -> String {
    // PostgreSQL's lower() folds letters beyond ASCII under most collations; under "C" it
    // folds ASCII only, as SQLite's does and as `eq_ignore_ascii_case` compares.
    let fold = |column: &str| {
        if postgres {
            format!("lower({column} COLLATE \"C\")")
        } else {
            format!("lower({column})")
        }
    };
    let held = if postgres {
        "SELECT held.email, held.post_id, a.responses
    FROM (SELECT DISTINCT email, post_id FROM staff) AS held
    JOIN (SELECT email, COUNT(*) AS responses FROM authors GROUP BY email) AS a
      ON a.email = held.email"
    } else {
        "SELECT email, post_id, responses
    FROM (
        SELECT email, post_id, SUM(response) OVER (PARTITION BY email) AS responses
        FROM (
            SELECT DISTINCT email, post_id, 0 AS response FROM staff
            UNION ALL
            SELECT email, NULL, 1 FROM authors
        ) AS people
    ) AS by_email
    WHERE post_id IS NOT NULL AND responses > 0"
    };
    format!(
        "
WITH staff AS (
    SELECT h.employee_id, h.post_id, {employee_email} AS email
    FROM employee AS e JOIN post_holding AS h ON h.employee_id = e.id
    WHERE e.proposal_id = $1
),
authors AS (
    SELECT {author_email} AS email
    FROM feedback_response AS r JOIN app_user AS u ON u.id = r.author_id
    WHERE r.proposal_id = $1 AND r.submitted = $2
),
populations AS (
    SELECT post_id, COUNT(*) AS holders
    FROM (SELECT DISTINCT post_id, employee_id FROM staff) AS holding
    GROUP BY post_id
),
current_posts AS (
    SELECT p.id, p.position, COALESCE(n.holders, 0) AS holders
    FROM post AS p LEFT JOIN populations AS n ON n.post_id = p.id
    WHERE p.proposal_id = $1 AND p.current_grade IS NOT NULL
),
held AS (
    {held}
),
answered AS (
    SELECT post_id, SUM(responses) AS responses FROM held GROUP BY post_id
)
SELECT {POST_ROW} AS kind, c.position AS position, c.id AS post_id, c.holders AS holders,
       CAST(COALESCE(n.responses, 0) AS BIGINT) AS responses
FROM current_posts AS c LEFT JOIN answered AS n ON n.post_id = c.id
UNION ALL
SELECT {SMALL_POSTS_ROW}, 0, NULL, 0, CAST(COALESCE(SUM(responses), 0) AS BIGINT)
FROM (
    SELECT DISTINCT email, responses FROM held
    WHERE post_id IN (SELECT id FROM current_posts WHERE holders < $3)
) AS small
UNION ALL
SELECT {TOTAL_ROW}, 0, NULL, 0, COUNT(*) FROM authors
ORDER BY kind, position, post_id",
        employee_email = fold("e.work_email"),
        author_email = fold("u.email"),
    )
}

/// Every theme of the proposal, in the order they were made, with the submitted responses
/// tagged with it. $1 the proposal, $2 the feedback-response tag kind, $3 true.
const THEMES: &str = "
SELECT t.id AS theme_id, COUNT(DISTINCT r.id) AS responses
FROM theme AS t
LEFT JOIN theme_tag AS g ON g.theme_id = t.id AND g.subject_kind = $2
LEFT JOIN feedback_response AS r
       ON r.id = g.subject_id AND r.proposal_id = $1 AND r.submitted = $3
WHERE t.proposal_id = $1
GROUP BY t.id
ORDER BY t.id";
