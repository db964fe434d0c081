//! Collective union responses: one response naming each union per proposal, drafted by any
//! rep of a union it names, submitted once every union it names has signed it (issue 20).

use super::{
    Store, audit,
    entities::{app_user, union_response, union_response_attachment, union_response_signatory},
    outbox, proposals, questions,
};
use crate::domain::notify::PlanScope;
use crate::domain::{
    DomainError,
    access::Viewer,
    account::Role,
    attachment,
    audit::{AuditAction, AuditActor},
    feedback::CollectiveResponse,
    joint_response::{self, Signature},
    notify::Milestone,
    question::QuestionSource,
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, Func, Query},
};
use serde::Serialize;
use serde_json::json;
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
    /// Every union it names, the drafting union first, each with its signature.
    pub signatories: Vec<UnionSignatureRecord>,
}

/// A union named on a response, and whether (and by whom) it has signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnionSignatureRecord {
    pub union_name: String,
    pub signed_at: Option<DateTime<Utc>>,
    pub signed_by: Option<Uuid>,
    /// This union records a formal failure to agree.
    pub failure_to_agree: bool,
}

impl UnionResponseRecord {
    /// The unions it names.
    pub fn named_unions(&self) -> Vec<String> {
        self.signatories
            .iter()
            .map(|s| s.union_name.clone())
            .collect()
    }

    /// Each named union's signature, for the rules.
    pub fn signatures(&self) -> Vec<Signature<'_>> {
        self.signatories
            .iter()
            .map(|s| Signature {
                union: &s.union_name,
                signed: s.signed_at.is_some(),
            })
            .collect()
    }
}

/// Fills in the unions each response names, in one statement.
async fn with_signatories(
    conn: &impl ConnectionTrait,
    mut records: Vec<UnionResponseRecord>,
) -> AppResult<Vec<UnionResponseRecord>> {
    if records.is_empty() {
        return Ok(records);
    }
    let rows = union_response_signatory::Entity::find()
        .filter(
            union_response_signatory::Column::UnionResponseId
                .is_in(records.iter().map(|r| r.id).collect::<Vec<_>>()),
        )
        .order_by_asc(union_response_signatory::Column::Id)
        .all(conn)
        .await?;
    for row in rows {
        if let Some(record) = records.iter_mut().find(|r| r.id == row.union_response_id) {
            record.signatories.push(UnionSignatureRecord {
                union_name: row.union_name,
                signed_at: row.signed_at,
                signed_by: row.signed_by,
                failure_to_agree: row.failure_to_agree,
            });
        }
    }
    Ok(records)
}

/// A union's name as compared: unions are told apart ignoring case, as everywhere else.
fn lower_name() -> Expr {
    Expr::expr(Func::lower(Expr::col(
        union_response_signatory::Column::UnionName,
    )))
}

/// The response of this proposal that names this union, if any.
async fn naming(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    union: &str,
) -> AppResult<Option<UnionResponseRecord>> {
    let Some(response_id) = union_response_signatory::Entity::find()
        .select_only()
        .column(union_response_signatory::Column::UnionResponseId)
        .filter(union_response_signatory::Column::ProposalId.eq(proposal_id))
        .filter(lower_name().eq(union.to_lowercase()))
        .into_tuple::<Uuid>()
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let row = union_response::Entity::find_by_id(response_id)
        .lock_exclusive()
        .one(conn)
        .await?
        .map(from_row)
        .transpose()?;
    Ok(with_signatories(conn, row.into_iter().collect())
        .await?
        .pop())
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
        signatories: Vec::new(),
    })
}

/// The unions' responses to these proposals.
pub async fn of_proposals(
    conn: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
) -> AppResult<Vec<UnionResponseRecord>> {
    let records = union_response::Entity::find()
        .filter(union_response::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .order_by_asc(union_response::Column::UnionName)
        .all(conn)
        .await?
        .into_iter()
        .map(from_row)
        .collect::<AppResult<Vec<_>>>()?;
    with_signatories(conn, records).await
}

/// Saves a draft of the response naming the viewer's union, or signs it for that union
/// (`submit`). `co_signatories` (already checked against the recognised unions) replaces the
/// other unions it names, when given; the drafting union stays named. Once every named union
/// has signed it is submitted: each numbered point becomes a question in the log, asked by
/// the drafting union, and the unions still to sign are asked to.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    store: &Store,
    viewer: &Viewer,
    union: &str,
    proposal_id: Uuid,
    expected_version: Option<i32>,
    response: CollectiveResponse,
    co_signatories: Option<Vec<String>>,
    submit: bool,
    today: NaiveDate,
) -> AppResult<UnionResponseRecord> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    super::feedback::check_deadline(&txn, proposal_id, viewer.user_id, today).await?;
    let existing = naming(&txn, proposal_id, union).await?;
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
    if let Some(existing) = &existing {
        joint_response::check_editable(&existing.signatures())?;
    }
    let lead = existing
        .as_ref()
        .map_or_else(|| union.to_owned(), |r| r.union_name.clone());
    // The unions named: the drafting union, the viewer's, then the others given (or kept).
    let mut named = vec![lead.clone()];
    if !union.eq_ignore_ascii_case(&lead) {
        named.push(union.to_owned());
    }
    let others = match (&co_signatories, &existing) {
        (Some(given), _) => given.clone(),
        (None, Some(r)) => r.named_unions(),
        (None, None) => Vec::new(),
    };
    for other in others {
        if !named.iter().any(|u| u.eq_ignore_ascii_case(&other)) {
            named.push(other);
        }
    }
    let response_id = existing.as_ref().map_or_else(Uuid::now_v7, |r| r.id);
    // One response names each union: refuse a union another response already names.
    let elsewhere: Vec<String> = union_response_signatory::Entity::find()
        .select_only()
        .column(union_response_signatory::Column::UnionName)
        .filter(union_response_signatory::Column::ProposalId.eq(proposal_id))
        .filter(lower_name().is_in(named.iter().map(|u| u.to_lowercase())))
        .filter(union_response_signatory::Column::UnionResponseId.ne(response_id))
        .into_tuple()
        .all(&txn)
        .await?;
    if let Some(taken) = elsewhere.first() {
        return Err(DomainError::Conflict(format!(
            "{taken} is already named on another response to this proposal; each union is named on one response."
        ))
        .into());
    }
    let now = Utc::now();
    let kept: Vec<UnionSignatureRecord> = existing
        .as_ref()
        .map(|r| r.signatories.clone())
        .unwrap_or_default();
    let signatories: Vec<UnionSignatureRecord> = named
        .iter()
        .map(|name| {
            let old = kept
                .iter()
                .find(|k| k.union_name.eq_ignore_ascii_case(name));
            let mine = name.eq_ignore_ascii_case(union);
            UnionSignatureRecord {
                union_name: name.clone(),
                signed_at: if mine && submit { Some(now) } else { None },
                signed_by: (mine && submit).then_some(viewer.user_id),
                failure_to_agree: if mine {
                    response.failure_to_agree
                } else {
                    old.is_some_and(|o| o.failure_to_agree)
                },
            }
        })
        .collect();
    let row = union_response::ActiveModel {
        id: Set(response_id),
        proposal_id: Set(proposal_id),
        union_name: Set(lead.clone()),
        title: Set(response.title.clone()),
        body: Set(response.body.clone()),
        points: Set(
            serde_json::to_value(&response.points).map_err(|e| AppError::Internal(e.into()))?
        ),
        failure_to_agree: Set(false),
        submitted: Set(false),
        submitted_at: Set(None),
        submitted_by: Set(None),
        version: Set(existing.as_ref().map_or(1, |r| r.version + 1)),
        updated_at: Set(now),
    };
    match &existing {
        None => {
            union_response::Entity::insert(row)
                .exec_without_returning(&txn)
                .await?;
        }
        Some(_) => {
            union_response::Entity::update(row).exec(&txn).await?;
            union_response_signatory::Entity::delete_many()
                .filter(union_response_signatory::Column::UnionResponseId.eq(response_id))
                .exec(&txn)
                .await?;
        }
    }
    union_response_signatory::Entity::insert_many(signatories.iter().map(|s| {
        union_response_signatory::ActiveModel {
            id: Set(Uuid::now_v7()),
            union_response_id: Set(response_id),
            proposal_id: Set(proposal_id),
            union_name: Set(s.union_name.clone()),
            signed_at: Set(s.signed_at),
            signed_by: Set(s.signed_by),
            failure_to_agree: Set(s.failure_to_agree),
        }
    }))
    .exec_without_returning(&txn)
    .await?;
    let saved = after_signatures(&txn, viewer, &proposal, response_id, now, today).await?;
    let action = if submit {
        AuditAction::UnionResponseSubmitted
    } else {
        AuditAction::UnionResponseSaved
    };
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        action,
        saved.id,
        existing.as_ref(),
        Some(&saved),
    )
    .await?;
    replan_named(&txn, proposal_id, &saved, union).await?;
    super::commit_proposal_change(txn, proposal_id, PlanScope::UnionResponse(union.to_owned()))
        .await?;
    Ok(saved)
}

/// Signs, for the viewer's union, the response that names it, recording the union's own
/// failure to agree; the last signature submits it.
#[allow(clippy::too_many_arguments)]
pub async fn sign(
    store: &Store,
    viewer: &Viewer,
    union: &str,
    response_id: Uuid,
    expected_version: i32,
    failure_to_agree: bool,
    today: NaiveDate,
) -> AppResult<UnionResponseRecord> {
    let txn = store.begin_write().await?;
    let not_found = || DomainError::NotFound("Your union has no response with that id.".into());
    let current = union_response::Entity::find_by_id(response_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .map(from_row)
        .transpose()?
        .ok_or_else(not_found)?;
    let current = with_signatories(&txn, vec![current])
        .await?
        .pop()
        .ok_or_else(not_found)?;
    joint_response::check_may_sign(&current.signatures(), union)?;
    let proposal = proposals::load_for_change(&txn, current.proposal_id, None).await?;
    super::feedback::check_deadline(&txn, current.proposal_id, viewer.user_id, today).await?;
    DomainError::check_version("this response", Some(expected_version), current.version)?;
    let now = Utc::now();
    let name = current
        .signatories
        .iter()
        .find(|s| s.union_name.eq_ignore_ascii_case(union))
        .map(|s| s.union_name.clone())
        .ok_or_else(not_found)?;
    union_response_signatory::Entity::update_many()
        .col_expr(union_response_signatory::Column::SignedAt, Expr::value(now))
        .col_expr(
            union_response_signatory::Column::SignedBy,
            Expr::value(viewer.user_id),
        )
        .col_expr(
            union_response_signatory::Column::FailureToAgree,
            Expr::value(failure_to_agree),
        )
        .filter(union_response_signatory::Column::UnionResponseId.eq(response_id))
        .filter(union_response_signatory::Column::UnionName.eq(name))
        .exec(&txn)
        .await?;
    union_response::Entity::update(union_response::ActiveModel {
        id: Set(response_id),
        version: Set(current.version + 1),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let saved = after_signatures(&txn, viewer, &proposal, response_id, now, today).await?;
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::UnionResponseSigned,
        saved.id,
        Some(&current),
        Some(&saved),
    )
    .await?;
    replan_named(&txn, current.proposal_id, &saved, union).await?;
    super::commit_proposal_change(
        txn,
        current.proposal_id,
        PlanScope::UnionResponse(union.to_owned()),
    )
    .await?;
    Ok(saved)
}

/// After the signatures changed: submits the response once every named union has signed
/// (its points become questions), or asks the reps of the unions still to sign when one has.
/// Returns the response as saved.
async fn after_signatures(
    txn: &impl ConnectionTrait,
    viewer: &Viewer,
    proposal: &proposals::ProposalRecord,
    response_id: Uuid,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> AppResult<UnionResponseRecord> {
    let not_found = || DomainError::NotFound("Your union has no response with that id.".into());
    let mut saved = find(txn, response_id).await?.ok_or_else(not_found)?;
    let signatures = saved.signatures();
    if joint_response::all_signed(&signatures) {
        let any_failure = saved.signatories.iter().any(|s| s.failure_to_agree);
        union_response::Entity::update(union_response::ActiveModel {
            id: Set(response_id),
            submitted: Set(true),
            submitted_at: Set(Some(now)),
            submitted_by: Set(Some(viewer.user_id)),
            failure_to_agree: Set(any_failure),
            ..Default::default()
        })
        .exec(txn)
        .await?;
        for point in &saved.points {
            let new = questions::NewQuestion {
                source: QuestionSource::Union,
                text: point.clone(),
                asker_id: Some(viewer.user_id),
                asker_union: Some(saved.union_name.clone()),
                confidential: false,
                raised_on: today,
                due_on: None,
                jd_comment_id: None,
            };
            questions::insert(txn, &AuditActor::User(viewer.user_id), proposal.id, new).await?;
        }
        saved = find(txn, response_id).await?.ok_or_else(not_found)?;
    } else if signatures.iter().any(|s| s.signed) {
        let awaited: Vec<String> = joint_response::awaited(&signatures)
            .into_iter()
            .map(str::to_lowercase)
            .collect();
        let signed: Vec<&str> = signatures
            .iter()
            .filter(|s| s.signed)
            .map(|s| s.union)
            .collect();
        let reps: Vec<(Uuid, String, Option<String>)> = app_user::Entity::find()
            .select_only()
            .columns([
                app_user::Column::Id,
                app_user::Column::Email,
                app_user::Column::UnionName,
            ])
            .filter(app_user::Column::Role.eq(Role::UnionRep.as_str()))
            .filter(app_user::Column::DisabledAt.is_null())
            .filter(Expr::expr(Func::lower(Expr::col(app_user::Column::UnionName))).is_in(awaited))
            .order_by_asc(app_user::Column::Id)
            .into_tuple()
            .all(txn)
            .await?;
        let data = json!({
            "proposalId": proposal.id,
            "proposalTitle": proposal.content.title,
            "proposalPath": format!("/proposals/{}/union-response", proposal.id),
            "responseTitle": saved.title,
            "signedBy": signed.join(" and "),
            "team": false,
        });
        for (id, email, union) in reps {
            let mut data = data.clone();
            data["recipientUnion"] = json!(union);
            outbox::enqueue_case_message(
                txn,
                proposal.id,
                (Some(id), &email),
                Milestone::SignatureRequested,
                format!(
                    "{}:union:{response_id}:{}:{id}",
                    Milestone::SignatureRequested.as_str(),
                    saved.version
                ),
                data,
                now,
            )
            .await?;
        }
    }
    Ok(saved)
}

/// The response reminders of every union a response names move with it, not only the
/// viewer's (whose scope the commit re-plans).
async fn replan_named(
    txn: &impl ConnectionTrait,
    proposal_id: Uuid,
    saved: &UnionResponseRecord,
    viewer_union: &str,
) -> AppResult<()> {
    if !saved.submitted {
        return Ok(());
    }
    for other in saved
        .named_unions()
        .into_iter()
        .filter(|u| !u.eq_ignore_ascii_case(viewer_union))
    {
        outbox::replan(txn, proposal_id, &PlanScope::UnionResponse(other)).await?;
    }
    Ok(())
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
    let response = find(conn, response_id)
        .await?
        .filter(|r| {
            r.signatories
                .iter()
                .any(|s| s.union_name.eq_ignore_ascii_case(union))
        })
        .ok_or_else(|| DomainError::NotFound("Your union has no response with that id.".into()))?;
    // A signed response's wording, its attachments included, is fixed.
    if response.submitted || response.signatories.iter().any(|s| s.signed_at.is_some()) {
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
    let Some(response) = find(conn, row.union_response_id).await? else {
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
    Ok(Some((record, response, row.content)))
}

/// A union response by id.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<UnionResponseRecord>> {
    let row = union_response::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(from_row)
        .transpose()?;
    Ok(with_signatories(conn, row.into_iter().collect())
        .await?
        .pop())
}
