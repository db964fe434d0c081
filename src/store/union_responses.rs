//! Collective union responses: one per union per proposal, drafted by any of its reps.

use super::{Store, audit, entities::union_response, proposals, questions, timetable};
use crate::domain::{
    DomainError,
    access::Viewer,
    audit::{AuditAction, AuditActor},
    feedback::{self, CollectiveResponse},
    question::{self, QuestionSource},
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

/// A union's collective response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnionResponseRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub union_name: String,
    pub title: String,
    pub body: String,
    pub points: Vec<String>,
    pub failure_to_agree: bool,
    pub submitted: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<Uuid>,
    pub version: i32,
}

fn from_row(row: union_response::Model) -> AppResult<UnionResponseRecord> {
    Ok(UnionResponseRecord {
        points: serde_json::from_value(row.points.clone()).map_err(|_| {
            AppError::Internal(anyhow::anyhow!(
                "union response {} holds invalid points",
                row.id
            ))
        })?,
        id: row.id,
        proposal_id: row.proposal_id,
        union_name: row.union_name,
        title: row.title,
        body: row.body,
        failure_to_agree: row.failure_to_agree,
        submitted: row.submitted,
        submitted_at: row.submitted_at,
        submitted_by: row.submitted_by,
        version: row.version,
    })
}

/// The unions' responses to these proposals.
pub async fn of_proposals(
    conn: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
) -> AppResult<Vec<UnionResponseRecord>> {
    union_response::Entity::find()
        .filter(union_response::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .order_by_asc(union_response::Column::UnionName)
        .all(conn)
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}

/// Saves the union's draft or submits it; on submission each numbered point becomes a
/// question in the log, asked by the union.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    store: &Store,
    viewer: &Viewer,
    union: &str,
    proposal_id: Uuid,
    expected_version: Option<i32>,
    response: CollectiveResponse,
    submit: bool,
    today: NaiveDate,
) -> AppResult<UnionResponseRecord> {
    let txn = store.begin_write().await?;
    proposals::load_for_change(&txn, proposal_id, None).await?;
    let end = timetable::timetables(&txn, &[proposal_id])
        .await?
        .remove(0)
        .consultation_end;
    feedback::check_open(end, today)?;
    let existing = union_response::Entity::find()
        .filter(union_response::Column::ProposalId.eq(proposal_id))
        .filter(union_response::Column::UnionName.eq(union))
        .one(&txn)
        .await?
        .map(from_row)
        .transpose()?;
    DomainError::check_version(
        "your union's response",
        expected_version,
        existing.as_ref().map_or(0, |r| r.version),
    )?;
    if existing.as_ref().is_some_and(|r| r.submitted) {
        return Err(DomainError::Conflict(
            "Your union has already submitted its response; raise further points as questions."
                .into(),
        )
        .into());
    }
    let now = Utc::now();
    let row = union_response::ActiveModel {
        id: Set(existing.as_ref().map_or_else(Uuid::now_v7, |r| r.id)),
        proposal_id: Set(proposal_id),
        union_name: Set(union.to_owned()),
        title: Set(response.title.clone()),
        body: Set(response.body.clone()),
        points: Set(
            serde_json::to_value(&response.points).map_err(|e| AppError::Internal(e.into()))?
        ),
        failure_to_agree: Set(response.failure_to_agree),
        submitted: Set(submit),
        submitted_at: Set(submit.then_some(now)),
        submitted_by: Set(submit.then_some(viewer.user_id)),
        version: Set(existing.as_ref().map_or(1, |r| r.version + 1)),
        updated_at: Set(now),
    };
    let saved = match &existing {
        None => from_row(
            union_response::Entity::insert(row)
                .exec_with_returning(&txn)
                .await?,
        )?,
        Some(_) => from_row(union_response::Entity::update(row).exec(&txn).await?)?,
    };
    let actor = AuditActor::User(viewer.user_id);
    let action = if submit {
        AuditAction::UnionResponseSubmitted
    } else {
        AuditAction::UnionResponseSaved
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
    if submit {
        for point in &saved.points {
            let new = questions::NewQuestion {
                source: QuestionSource::Union,
                text: point.clone(),
                asker_id: Some(viewer.user_id),
                asker_union: Some(union.to_owned()),
                confidential: false,
                raised_on: today,
                due_on: question::default_due(today),
            };
            questions::insert(&txn, &actor, proposal_id, new).await?;
        }
    }
    txn.commit().await?;
    Ok(saved)
}
