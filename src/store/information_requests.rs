//! Information requests (`domain::information_request`): logged, assigned, provided with
//! files or refused, each in one transaction with its audit entry and its emails (added to the
//! outbox as messages about the request, never re-planned: `Milestone::planned` is false).

use super::{
    Store, audit,
    entities::{app_user, information_request, information_request_attachment},
    outbox, proposals,
};
use crate::domain::{
    DomainError,
    account::Role,
    attachment,
    audit::{AuditAction, AuditActor},
    information_request::{self as rules, OutstandingRequest, RequestStatus},
    notify::Milestone,
    s188::DisclosureItemKind,
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
    sea_query::{Alias, Expr, ExprTrait, Func, Query},
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// A request, without its files' content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub union_name: String,
    pub text: String,
    #[serde(skip)]
    pub s188_item: Option<DisclosureItemKind>,
    pub requested_by: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub requested_on: NaiveDate,
    pub due_on: NaiveDate,
    #[serde(skip)]
    pub status: RequestStatus,
    pub response: Option<String>,
    pub responded_by: Option<Uuid>,
    pub responded_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// A file provided in answer to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestAttachment {
    pub id: Uuid,
    pub information_request_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_at: DateTime<Utc>,
}

fn from_row(row: information_request::Model) -> AppResult<RequestRecord> {
    let corrupt = || super::corrupt("information request", row.id);
    let s188_item = match &row.s188_item {
        None => None,
        Some(raw) => Some(
            DisclosureItemKind::ALL
                .into_iter()
                .find(|k| k.as_str() == raw)
                .ok_or_else(corrupt)?,
        ),
    };
    Ok(RequestRecord {
        status: RequestStatus::parse(&row.status).ok_or_else(corrupt)?,
        s188_item,
        id: row.id,
        proposal_id: row.proposal_id,
        union_name: row.union_name,
        text: row.text,
        requested_by: row.requested_by,
        owner_id: row.owner_id,
        requested_on: row.requested_on,
        due_on: row.due_on,
        response: row.response,
        responded_by: row.responded_by,
        responded_at: row.responded_at,
        version: row.version,
    })
}

/// A request to log.
pub struct NewRequest {
    pub union_name: String,
    pub text: String,
    pub s188_item: Option<DisclosureItemKind>,
    pub owner_id: Option<Uuid>,
    pub requested_on: NaiveDate,
    /// None: the consultation's working days to answer a question, after `requested_on`.
    pub due_on: Option<NaiveDate>,
}

/// Checks an owner: an HR account or the proposal's sponsor (`rules::check_owner`).
async fn check_owner(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    sponsor: Option<Uuid>,
) -> AppResult<()> {
    let role: Option<String> = app_user::Entity::find_by_id(owner)
        .select_only()
        .column(app_user::Column::Role)
        .into_tuple()
        .one(conn)
        .await?;
    let Some(role) = role.and_then(|r| Role::parse(&r)) else {
        return Err(DomainError::unknown_id("input.ownerId", "a user (an account)").into());
    };
    Ok(rules::check_owner(role, sponsor == Some(owner))?)
}

/// Logs a request, tells its owner (or HR) and plans its reminders.
pub async fn log(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    new: NewRequest,
) -> AppResult<RequestRecord> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    if let Some(owner) = new.owner_id {
        check_owner(&txn, owner, proposal.content.sponsor_id).await?;
    }
    let days = super::timetable::timetables(&txn, &[proposal_id])
        .await?
        .remove(0)
        .question_response_days;
    let due_on = rules::due_on(new.requested_on, new.due_on, days, "input.dueOn")?;
    let row = information_request::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(proposal_id),
        union_name: Set(new.union_name),
        text: Set(new.text),
        s188_item: Set(new.s188_item.map(|k| k.as_str().to_owned())),
        requested_by: Set(actor.user_id()),
        owner_id: Set(new.owner_id),
        requested_on: Set(new.requested_on),
        due_on: Set(due_on),
        status: Set(RequestStatus::Open.as_str().to_owned()),
        response: Set(None),
        responded_by: Set(None),
        responded_at: Set(None),
        version: Set(1),
        created_at: Set(Utc::now()),
    };
    let record = from_row(
        information_request::Entity::insert(row)
            .exec_with_returning(&txn)
            .await?,
    )?;
    audit::record(
        &txn,
        actor,
        AuditAction::InformationRequestLogged,
        record.id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    let emails = Emails::new(&txn, &proposal, &record).await?;
    emails.received(&txn).await?;
    emails.reminders(&txn).await?;
    txn.commit().await?;
    Ok(record)
}

/// A request by id.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<RequestRecord>> {
    information_request::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(from_row)
        .transpose()
}

/// Loads a request for a change in `txn`, locking it, and checks the version.
async fn load_for_change(
    txn: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
) -> AppResult<RequestRecord> {
    let record = information_request::Entity::find_by_id(id)
        .lock_exclusive()
        .one(txn)
        .await?
        .map(from_row)
        .transpose()?
        .ok_or_else(|| {
            DomainError::NotFound("There is no information request with that id.".into())
        })?;
    DomainError::check_version("this request", Some(expected_version), record.version)?;
    Ok(record)
}

/// Gives a request its owner and due date (HR): the new owner hears of it, and its reminders
/// follow the new owner and day.
pub async fn assign(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    owner_id: Option<Uuid>,
    due_on: Option<NaiveDate>,
) -> AppResult<RequestRecord> {
    let txn = store.begin_write().await?;
    let before = load_for_change(&txn, id, expected_version).await?;
    rules::check_open(before.status)?;
    let proposal = proposals::load_for_change(&txn, before.proposal_id, None).await?;
    let owner_id = owner_id.or(before.owner_id);
    if let Some(owner) = owner_id
        && Some(owner) != before.owner_id
    {
        check_owner(&txn, owner, proposal.content.sponsor_id).await?;
    }
    let due_on = rules::due_on(
        before.requested_on,
        Some(due_on.unwrap_or(before.due_on)),
        0,
        "input.dueOn",
    )?;
    let row = information_request::ActiveModel {
        id: Set(id),
        owner_id: Set(owner_id),
        due_on: Set(due_on),
        version: Set(before.version + 1),
        ..Default::default()
    };
    let saved = from_row(information_request::Entity::update(row).exec(&txn).await?)?;
    audit::record(
        &txn,
        actor,
        AuditAction::InformationRequestAssigned,
        id,
        Some(&before),
        Some(&saved),
    )
    .await?;
    let emails = Emails::new(&txn, &proposal, &saved).await?;
    emails.cancel_reminders(&txn).await?;
    if saved.owner_id != before.owner_id {
        emails.received(&txn).await?;
    }
    emails.reminders(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// A file to provide, as uploaded.
pub struct UploadedFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Answers a request: provided (the text and files) or refused (the text is the reason). The
/// union's representatives hear, and the reminders stop.
pub async fn answer(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    status: RequestStatus,
    response: String,
    files: Vec<UploadedFile>,
) -> AppResult<(RequestRecord, Vec<RequestAttachment>)> {
    debug_assert!(status != RequestStatus::Open);
    let txn = store.begin_write().await?;
    let before = load_for_change(&txn, id, expected_version).await?;
    rules::check_open(before.status)?;
    let proposal = proposals::load_for_change(&txn, before.proposal_id, None).await?;
    // Every file is checked before any is stored: one bad file refuses the whole answer.
    let mut checked = Vec::with_capacity(files.len());
    for (i, file) in files.into_iter().enumerate() {
        let ok = attachment::check(&file.file_name, &file.bytes, i, &format!("input.files.{i}"))?;
        checked.push((ok, file.bytes));
    }
    let now = Utc::now();
    let row = information_request::ActiveModel {
        id: Set(id),
        status: Set(status.as_str().to_owned()),
        response: Set(Some(response)),
        responded_by: Set(actor.user_id()),
        responded_at: Set(Some(now)),
        version: Set(before.version + 1),
        ..Default::default()
    };
    let saved = from_row(information_request::Entity::update(row).exec(&txn).await?)?;
    let mut attachments = Vec::with_capacity(checked.len());
    for (file, bytes) in checked {
        let record = RequestAttachment {
            id: Uuid::now_v7(),
            information_request_id: id,
            file_name: file.file_name,
            content_type: file.document_type.content_type().to_owned(),
            size_bytes: bytes.len() as i64,
            uploaded_at: now,
        };
        information_request_attachment::Entity::insert(
            information_request_attachment::ActiveModel {
                id: Set(record.id),
                information_request_id: Set(id),
                file_name: Set(record.file_name.clone()),
                content_type: Set(record.content_type.clone()),
                size_bytes: Set(record.size_bytes),
                content: Set(bytes),
                uploaded_by: Set(actor.user_id()),
                uploaded_at: Set(now),
            },
        )
        .exec(&txn)
        .await?;
        attachments.push(record);
    }
    let action = match status {
        RequestStatus::Refused => AuditAction::InformationRequestRefused,
        _ => AuditAction::InformationProvided,
    };
    audit::record(
        &txn,
        actor,
        action,
        id,
        Some(&before),
        Some(&json!({ "request": saved, "attachments": attachments })),
    )
    .await?;
    let emails = Emails::new(&txn, &proposal, &saved).await?;
    emails.cancel_reminders(&txn).await?;
    emails.answered(&txn, &attachments).await?;
    txn.commit().await?;
    Ok((saved, attachments))
}

/// Adds one more file to a provided request (the server takes one file per request, so a
/// provision of several files is the answer and then a file at a time).
pub async fn add_file(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    file: UploadedFile,
) -> AppResult<RequestRecord> {
    let txn = store.begin_write().await?;
    let record = information_request::Entity::find_by_id(id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .map(from_row)
        .transpose()?
        .ok_or_else(|| {
            DomainError::NotFound("There is no information request with that id.".into())
        })?;
    if record.status != RequestStatus::Provided {
        return Err(DomainError::PreconditionFailed {
            message: "Files are added to information that has been provided.".into(),
            missing: vec!["Provide the information first.".into()],
        }
        .into());
    }
    let existing = information_request_attachment::Entity::find()
        .filter(information_request_attachment::Column::InformationRequestId.eq(id))
        .count(&txn)
        .await?;
    let checked = attachment::check(
        &file.file_name,
        &file.bytes,
        existing as usize,
        "input.file",
    )?;
    let added = RequestAttachment {
        id: Uuid::now_v7(),
        information_request_id: id,
        file_name: checked.file_name,
        content_type: checked.document_type.content_type().to_owned(),
        size_bytes: file.bytes.len() as i64,
        uploaded_at: Utc::now(),
    };
    information_request_attachment::Entity::insert(information_request_attachment::ActiveModel {
        id: Set(added.id),
        information_request_id: Set(id),
        file_name: Set(added.file_name.clone()),
        content_type: Set(added.content_type.clone()),
        size_bytes: Set(added.size_bytes),
        content: Set(file.bytes),
        uploaded_by: Set(actor.user_id()),
        uploaded_at: Set(added.uploaded_at),
    })
    .exec(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::InformationRequestFileAdded,
        id,
        None::<&()>,
        Some(&added),
    )
    .await?;
    txn.commit().await?;
    Ok(record)
}

/// The files of these requests, without their content, oldest first.
pub async fn attachments_of(
    conn: &impl ConnectionTrait,
    request_ids: &[Uuid],
) -> AppResult<Vec<RequestAttachment>> {
    use information_request_attachment::Column;
    if request_ids.is_empty() {
        return Ok(vec![]);
    }
    let rows: Vec<(Uuid, Uuid, String, String, i64, DateTime<Utc>)> =
        information_request_attachment::Entity::find()
            .select_only()
            .columns([
                Column::Id,
                Column::InformationRequestId,
                Column::FileName,
                Column::ContentType,
                Column::SizeBytes,
                Column::UploadedAt,
            ])
            .filter(Column::InformationRequestId.is_in(request_ids.iter().copied()))
            .order_by_asc(Column::Id)
            .into_tuple()
            .all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, information_request_id, file_name, content_type, size_bytes, uploaded_at)| {
                RequestAttachment {
                    id,
                    information_request_id,
                    file_name,
                    content_type,
                    size_bytes,
                    uploaded_at,
                }
            },
        )
        .collect())
}

/// A file with its content and its request, for downloading.
pub async fn attachment_content(
    conn: &impl ConnectionTrait,
    attachment_id: Uuid,
) -> AppResult<Option<(RequestAttachment, RequestRecord, Vec<u8>)>> {
    let Some(row) = information_request_attachment::Entity::find_by_id(attachment_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(request) = find(conn, row.information_request_id).await? else {
        return Ok(None);
    };
    let record = RequestAttachment {
        id: row.id,
        information_request_id: row.information_request_id,
        file_name: row.file_name,
        content_type: row.content_type,
        size_bytes: row.size_bytes,
        uploaded_at: row.uploaded_at,
    };
    Ok(Some((record, request, row.content)))
}

/// The open requests of a proposal about an s188(4) item, for the disclosure check.
pub async fn outstanding_s188(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Vec<OutstandingRequest>> {
    let rows = information_request::Entity::find()
        .filter(information_request::Column::ProposalId.eq(proposal_id))
        .filter(information_request::Column::Status.eq(RequestStatus::Open.as_str()))
        .filter(information_request::Column::S188Item.is_not_null())
        .order_by_asc(information_request::Column::Id)
        .all(conn)
        .await?;
    rows.into_iter()
        .map(|row| {
            let record = from_row(row)?;
            Ok(OutstandingRequest {
                item: record
                    .s188_item
                    .ok_or_else(|| AppError::Internal(anyhow::anyhow!("filtered on the item")))?,
                union_name: record.union_name,
                text: record.text,
                requested_on: record.requested_on,
            })
        })
        .collect()
}

/// What a proposal's list is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only this union's requests (a representative's list), ignoring case.
    pub union: Option<String>,
    pub status: Option<RequestStatus>,
    /// With today (Europe/London): only open requests past their due date.
    pub overdue_on: Option<NaiveDate>,
}

fn open() -> Expr {
    Expr::col(information_request::Column::Status).eq(RequestStatus::Open.as_str())
}

fn list_query(proposal_id: Uuid, filter: &ListFilter) -> Select<information_request::Entity> {
    let mut query = information_request::Entity::find()
        .filter(information_request::Column::ProposalId.eq(proposal_id));
    if let Some(union) = &filter.union {
        query = query.filter(
            Expr::expr(Func::lower(Expr::col(
                information_request::Column::UnionName,
            )))
            .eq(union.to_lowercase()),
        );
    }
    if let Some(status) = filter.status {
        query = query.filter(information_request::Column::Status.eq(status.as_str()));
    }
    if let Some(today) = filter.overdue_on {
        query = query
            .filter(open())
            .filter(information_request::Column::DueOn.lt(today));
    }
    query
}

/// A page of a proposal's requests, overdue first: open requests by due date (so the longest
/// overdue lead), then the answered ones by due date; after the request `after`, at most
/// `limit + 1` rows (the extra one telling another page follows). Two statements.
pub async fn page(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    filter: &ListFilter,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<Vec<RequestRecord>> {
    let mut query = list_query(proposal_id, filter);
    let answered =
        || Expr::col(information_request::Column::Status).ne(RequestStatus::Open.as_str());
    if let Some(after) = after {
        let cursor = information_request::Entity::find_by_id(after)
            .filter(information_request::Column::ProposalId.eq(proposal_id))
            .one(conn)
            .await?
            .ok_or_else(|| {
                DomainError::bad_input(
                    "after",
                    "`after` is not a cursor from this list; use a `cursor` or `pageInfo.endCursor` it returned.",
                )
            })?;
        let later_due = || {
            Condition::any()
                .add(information_request::Column::DueOn.gt(cursor.due_on))
                .add(
                    Condition::all()
                        .add(information_request::Column::DueOn.eq(cursor.due_on))
                        .add(information_request::Column::Id.gt(after)),
                )
        };
        query = if cursor.status == RequestStatus::Open.as_str() {
            query.filter(
                Condition::any()
                    .add(answered())
                    .add(Condition::all().add(open()).add(later_due())),
            )
        } else {
            query.filter(Condition::all().add(answered()).add(later_due()))
        };
    }
    query
        // Open (false) before answered (true).
        .order_by(answered(), sea_orm::Order::Asc)
        .order_by_asc(information_request::Column::DueOn)
        .order_by_asc(information_request::Column::Id)
        .limit(limit + 1)
        .all(conn)
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}

/// How many requests `filter` leaves, counted in SQL.
pub async fn count(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    filter: &ListFilter,
) -> AppResult<u64> {
    Ok(list_query(proposal_id, filter).count(conn).await?)
}

/// How many of a proposal's requests stand where today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Open and not yet past their due date.
    pub open: u64,
    /// Open and past their due date.
    pub overdue: u64,
    pub provided: u64,
    pub refused: u64,
    pub all: u64,
}

/// The counts by status of the requests `union` may see (every union's for `None`), in one
/// statement whatever their number.
pub async fn counts(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    union: Option<&str>,
    today: NaiveDate,
) -> AppResult<Counts> {
    let due = || Expr::col(information_request::Column::DueOn);
    let status = |s: RequestStatus| Expr::col(information_request::Column::Status).eq(s.as_str());
    // COUNT of a CASE without ELSE counts the rows where the condition holds.
    let count_where = |condition: Condition| Func::count(Expr::case(condition, 1));
    let mut statement = Query::select()
        .expr_as(
            count_where(Condition::all().add(open()).add(due().gte(today))),
            Alias::new("open"),
        )
        .expr_as(
            count_where(Condition::all().add(open()).add(due().lt(today))),
            Alias::new("overdue"),
        )
        .expr_as(
            count_where(Condition::all().add(status(RequestStatus::Provided))),
            Alias::new("provided"),
        )
        .expr_as(
            count_where(Condition::all().add(status(RequestStatus::Refused))),
            Alias::new("refused"),
        )
        .expr_as(
            Func::count(Expr::col(information_request::Column::Id)),
            Alias::new("every"),
        )
        .from(information_request::Entity)
        .and_where(Expr::col(information_request::Column::ProposalId).eq(proposal_id))
        .to_owned();
    if let Some(union) = union {
        statement.and_where(
            Expr::expr(Func::lower(Expr::col(
                information_request::Column::UnionName,
            )))
            .eq(union.to_lowercase()),
        );
    }
    let backend = conn.get_database_backend();
    let row = conn
        .query_one_raw(backend.build(&statement))
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a count returned no row")))?;
    let count = |column: &str| -> AppResult<u64> {
        let n: i64 = row.try_get("", column)?;
        u64::try_from(n).map_err(|_| AppError::Internal(anyhow::anyhow!("a negative count")))
    };
    Ok(Counts {
        open: count("open")?,
        overdue: count("overdue")?,
        provided: count("provided")?,
        refused: count("refused")?,
        all: count("every")?,
    })
}

/// The people a request's emails reach, and what they say.
struct Emails {
    proposal_id: Uuid,
    request: RequestRecord,
    data: serde_json::Value,
    /// HR accounts (id, email).
    hr: Vec<(Uuid, String)>,
    /// The owner (id, email), when there is one.
    owner: Option<(Uuid, String)>,
    /// The representatives of the union that asked.
    reps: Vec<(Uuid, String)>,
}

impl Emails {
    /// Who hears, in one statement: HR, the union's representatives and the owner.
    async fn new(
        conn: &impl ConnectionTrait,
        proposal: &proposals::ProposalRecord,
        request: &RequestRecord,
    ) -> AppResult<Self> {
        let mut people = Condition::any()
            .add(app_user::Column::Role.eq(Role::HrAdmin.as_str()))
            .add(
                Condition::all()
                    .add(app_user::Column::Role.eq(Role::UnionRep.as_str()))
                    .add(
                        Expr::expr(Func::lower(Expr::col(app_user::Column::UnionName)))
                            .eq(request.union_name.to_lowercase()),
                    ),
            );
        if let Some(owner) = request.owner_id {
            people = people.add(app_user::Column::Id.eq(owner));
        }
        let accounts: Vec<(Uuid, String, String, Option<DateTime<Utc>>)> = app_user::Entity::find()
            .select_only()
            .columns([
                app_user::Column::Id,
                app_user::Column::Email,
                app_user::Column::Role,
                app_user::Column::DisabledAt,
            ])
            .filter(people)
            .order_by_asc(app_user::Column::Id)
            .into_tuple()
            .all(conn)
            .await?;
        let active = |role: &str| {
            accounts
                .iter()
                .filter(|(_, _, r, disabled)| r == role && disabled.is_none())
                .map(|(id, email, _, _)| (*id, email.clone()))
                .collect::<Vec<_>>()
        };
        Ok(Self {
            proposal_id: proposal.id,
            data: json!({
                "proposalId": proposal.id,
                "proposalTitle": proposal.content.title,
                "proposalPath": format!("/proposals/{}/information-requests", proposal.id),
                "requestId": request.id,
                "requestText": request.text,
                "unionName": request.union_name,
                "requestedOn": request.requested_on,
                "dueOn": request.due_on,
                "s188Section": request.s188_item.map(|k| k.requirement().citation.gb),
            }),
            hr: active(Role::HrAdmin.as_str()),
            owner: request.owner_id.and_then(|owner| {
                accounts
                    .iter()
                    .find(|(id, _, _, disabled)| *id == owner && disabled.is_none())
                    .map(|(id, email, _, _)| (*id, email.clone()))
            }),
            reps: active(Role::UnionRep.as_str()),
            request: request.clone(),
        })
    }

    /// Whoever owes the information: its owner, or HR while it has none.
    fn owed_by(&self) -> Vec<(Uuid, String)> {
        match &self.owner {
            Some(owner) => vec![owner.clone()],
            None => self.hr.clone(),
        }
    }

    async fn add(
        &self,
        conn: &impl ConnectionTrait,
        milestone: Milestone,
        to: &[(Uuid, String)],
        occurrence: &str,
        data: &serde_json::Value,
        due_at: DateTime<Utc>,
    ) -> AppResult<()> {
        for (id, email) in to {
            outbox::enqueue_case_message(
                conn,
                self.proposal_id,
                (Some(*id), email),
                milestone,
                format!("{}{occurrence}:{id}", prefix(milestone, self.request.id)),
                data.clone(),
                due_at,
            )
            .await?;
        }
        Ok(())
    }

    /// "A request was logged", to whoever owes it, once per owner.
    async fn received(&self, conn: &impl ConnectionTrait) -> AppResult<()> {
        self.add(
            conn,
            Milestone::InformationRequestReceived,
            &self.owed_by(),
            "",
            &self.data,
            Utc::now(),
        )
        .await
    }

    /// "Due tomorrow" (to whoever owes it) and "overdue" (to them and HR), for this version of
    /// the request: a later change cancels them and plans its own.
    async fn reminders(&self, conn: &impl ConnectionTrait) -> AppResult<()> {
        let now = Utc::now();
        let occurrence = self.request.version.to_string();
        for reminder in rules::reminders(self.request.due_on, super::s188::today(), now) {
            let mut to = self.owed_by();
            if reminder.milestone == Milestone::InformationRequestOverdue {
                to.extend(self.hr.iter().cloned());
                let mut seen = std::collections::HashSet::new();
                to.retain(|(id, _)| seen.insert(*id));
            }
            self.add(
                conn,
                reminder.milestone,
                &to,
                &occurrence,
                &self.data,
                reminder.due_at,
            )
            .await?;
        }
        Ok(())
    }

    async fn cancel_reminders(&self, conn: &impl ConnectionTrait) -> AppResult<()> {
        for milestone in [
            Milestone::InformationRequestDueTomorrow,
            Milestone::InformationRequestOverdue,
        ] {
            outbox::cancel_case_messages(conn, &prefix(milestone, self.request.id)).await?;
        }
        Ok(())
    }

    /// "Your request was answered", to the union's representatives.
    async fn answered(
        &self,
        conn: &impl ConnectionTrait,
        attachments: &[RequestAttachment],
    ) -> AppResult<()> {
        let mut data = self.data.clone();
        data["refused"] = json!(self.request.status == RequestStatus::Refused);
        data["response"] = json!(self.request.response);
        data["fileNames"] = json!(
            attachments
                .iter()
                .map(|a| a.file_name.as_str())
                .collect::<Vec<_>>()
        );
        self.add(
            conn,
            Milestone::InformationRequestProvided,
            &self.reps,
            "",
            &data,
            Utc::now(),
        )
        .await
    }
}

/// The start of the dedupe key of a request's messages of one milestone.
fn prefix(milestone: Milestone, request: Uuid) -> String {
    format!("{}:{request}:", milestone.as_str())
}
