//! Collective union responses: one per union per proposal, drafted by any of its reps.

use super::{
    Store, audit,
    entities::{union_response, union_response_attachment},
    proposals, questions,
};
use crate::domain::notify::PlanScope;
use crate::domain::{
    DomainError,
    access::Viewer,
    attachment,
    audit::{AuditAction, AuditActor},
    feedback::CollectiveResponse,
    question::QuestionSource,
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Query,
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
    super::feedback::check_deadline(&txn, proposal_id, viewer.user_id, today).await?;
    let existing = union_response::Entity::find()
        .filter(union_response::Column::ProposalId.eq(proposal_id))
        .filter(union_response::Column::UnionName.eq(union))
        .lock_exclusive()
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
                due_on: None,
                jd_comment_id: None,
            };
            questions::insert(&txn, &actor, proposal_id, new).await?;
        }
    }
    super::commit_proposal_change(txn, proposal_id, PlanScope::UnionResponse(union.to_owned()))
        .await?;
    Ok(saved)
}

/// A file attached to a union's response (without its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentRecord {
    pub id: Uuid,
    pub union_response_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_by: Uuid,
    pub uploaded_at: DateTime<Utc>,
}

type AttachmentRow = (Uuid, Uuid, String, String, i64, Uuid, DateTime<Utc>);

fn attachment_from_row(row: AttachmentRow) -> AttachmentRecord {
    let (id, union_response_id, file_name, content_type, size_bytes, uploaded_by, uploaded_at) =
        row;
    AttachmentRecord {
        id,
        union_response_id,
        file_name,
        content_type,
        size_bytes,
        uploaded_by,
        uploaded_at,
    }
}

fn attachment_columns() -> sea_orm::Select<union_response_attachment::Entity> {
    use union_response_attachment::Column;
    union_response_attachment::Entity::find()
        .select_only()
        .columns([
            Column::Id,
            Column::UnionResponseId,
            Column::FileName,
            Column::ContentType,
            Column::SizeBytes,
            Column::UploadedBy,
            Column::UploadedAt,
        ])
        .order_by_asc(Column::Id)
}

/// The attachments of the union responses of these proposals, without their content.
pub async fn attachments_of(
    conn: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
) -> AppResult<Vec<AttachmentRecord>> {
    Ok(attachment_columns()
        .filter(
            union_response_attachment::Column::UnionResponseId.in_subquery(
                Query::select()
                    .column(union_response::Column::Id)
                    .from(union_response::Entity)
                    .and_where(
                        union_response::Column::ProposalId.is_in(proposal_ids.iter().copied()),
                    )
                    .to_owned(),
            ),
        )
        .into_tuple::<AttachmentRow>()
        .all(conn)
        .await?
        .into_iter()
        .map(attachment_from_row)
        .collect())
}

async fn response_of_union(
    conn: &impl ConnectionTrait,
    response_id: Uuid,
    union: &str,
) -> AppResult<UnionResponseRecord> {
    let response = union_response::Entity::find_by_id(response_id)
        .one(conn)
        .await?
        .map(from_row)
        .transpose()?
        .filter(|r| r.union_name.eq_ignore_ascii_case(union))
        .ok_or_else(|| DomainError::NotFound("Your union has no response with that id.".into()))?;
    if response.submitted {
        return Err(DomainError::Conflict(
            "Your union has already submitted this response; its attachments can no longer change."
                .into(),
        )
        .into());
    }
    Ok(response)
}

/// Attaches a checked file to the union's draft response.
pub async fn add_attachment(
    store: &Store,
    viewer: &Viewer,
    union: &str,
    response_id: Uuid,
    file_name: &str,
    bytes: Vec<u8>,
    today: NaiveDate,
) -> AppResult<AttachmentRecord> {
    let txn = store.begin_write().await?;
    let response = response_of_union(&txn, response_id, union).await?;
    super::feedback::check_deadline(&txn, response.proposal_id, viewer.user_id, today).await?;
    let existing = union_response_attachment::Entity::find()
        .filter(union_response_attachment::Column::UnionResponseId.eq(response_id))
        .count(&txn)
        .await?;
    let checked = attachment::check(file_name, &bytes, existing as usize, "input.file")?;
    let record = AttachmentRecord {
        id: Uuid::now_v7(),
        union_response_id: response_id,
        file_name: checked.file_name,
        content_type: checked.document_type.content_type().to_owned(),
        size_bytes: bytes.len() as i64,
        uploaded_by: viewer.user_id,
        uploaded_at: Utc::now(),
    };
    union_response_attachment::Entity::insert(union_response_attachment::ActiveModel {
        id: Set(record.id),
        union_response_id: Set(response_id),
        file_name: Set(record.file_name.clone()),
        content_type: Set(record.content_type.clone()),
        size_bytes: Set(record.size_bytes),
        content: Set(bytes),
        uploaded_by: Set(viewer.user_id),
        uploaded_at: Set(record.uploaded_at),
    })
    .exec(&txn)
    .await?;
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::AttachmentAdded,
        response_id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    txn.commit().await?;
    Ok(record)
}

/// Removes an attachment from the union's draft response.
pub async fn remove_attachment(
    store: &Store,
    viewer: &Viewer,
    union: &str,
    attachment_id: Uuid,
) -> AppResult<UnionResponseRecord> {
    let txn = store.begin_write().await?;
    let not_found = || DomainError::NotFound("Your union has no attachment with that id.".into());
    let record = attachment_columns()
        .filter(union_response_attachment::Column::Id.eq(attachment_id))
        .into_tuple::<AttachmentRow>()
        .one(&txn)
        .await?
        .map(attachment_from_row)
        .ok_or_else(not_found)?;
    let response = response_of_union(&txn, record.union_response_id, union)
        .await
        .map_err(|err| match err {
            AppError::Domain(DomainError::NotFound(_)) => not_found().into(),
            other => other,
        })?;
    union_response_attachment::Entity::delete_by_id(attachment_id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::AttachmentRemoved,
        response.id,
        Some(&record),
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(response)
}

/// An attachment with its content and the response it belongs to, for downloading.
pub async fn attachment_content(
    conn: &impl ConnectionTrait,
    attachment_id: Uuid,
) -> AppResult<Option<(AttachmentRecord, UnionResponseRecord, Vec<u8>)>> {
    let Some(row) = union_response_attachment::Entity::find_by_id(attachment_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(response) = union_response::Entity::find_by_id(row.union_response_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let record = AttachmentRecord {
        id: row.id,
        union_response_id: row.union_response_id,
        file_name: row.file_name,
        content_type: row.content_type,
        size_bytes: row.size_bytes,
        uploaded_by: row.uploaded_by,
        uploaded_at: row.uploaded_at,
    };
    Ok(Some((record, from_row(response)?, row.content)))
}

/// A union response by id.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<UnionResponseRecord>> {
    union_response::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(from_row)
        .transpose()
}
