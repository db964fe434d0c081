//! Staff feedback responses: one per person per proposal, every save kept as a version.

use super::{
    Store, audit,
    entities::{feedback_response, feedback_response_version},
    proposals, questions, timetable,
};
use crate::domain::{
    access::Viewer,
    audit::{AuditAction, AuditActor},
    feedback::{self, Answer, FormQuestion},
    question::{self, QuestionSource},
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
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
    form: &[FormQuestion],
    save: Save,
    today: NaiveDate,
) -> AppResult<ResponseRecord> {
    let txn = store.begin_write().await?;
    proposals::load_for_change(&txn, proposal_id, None).await?;
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
    let end = timetable::timetables(&txn, &[proposal_id])
        .await?
        .remove(0)
        .consultation_end;
    feedback::check_open(end, today)?;
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
                    due_on: question::default_due(today),
                };
                questions::insert(&txn, &actor, proposal_id, new).await?;
            }
        }
    }
    txn.commit().await?;
    Ok(saved)
}
