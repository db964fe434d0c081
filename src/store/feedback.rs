//! Staff feedback responses: one per person per proposal, every save kept as a version.

use super::{
    Store, audit,
    entities::{app_user, feedback_response, feedback_response_version, late_response},
    proposals, questions, timetable,
};
use crate::domain::{
    DomainError,
    access::Viewer,
    audit::{AuditAction, AuditActor},
    feedback::{self, Answer},
    question::QuestionSource,
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
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
    proposals::load_for_change(&txn, proposal_id, None).await?;
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
                questions::insert(&txn, &actor, proposal_id, new).await?;
            }
        }
    }
    super::commit_proposal_change(txn, proposal_id).await?;
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
        return Err(
            DomainError::bad_input("input.userId", "There is no account with that id.").into(),
        );
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
    super::commit_proposal_change(txn, proposal_id).await?;
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

/// How many responses have been submitted to a proposal.
pub async fn submitted_count(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<u64> {
    Ok(feedback_response::Entity::find()
        .filter(feedback_response::Column::ProposalId.eq(proposal_id))
        .filter(feedback_response::Column::Submitted.eq(true))
        .count(conn)
        .await?)
}
