//! Gathers everything Consult holds about one person for a subject access request (UK GDPR
//! Art. 15): their employee records in every proposal (matched by work email, whatever its
//! case) and their account, and what hangs off them. Batch reads by id lists: the number of
//! statements is fixed whatever the person's history (chunked at 500 ids per statement).
//! Who may ask is `domain::subject_access`; the file is written by `api::subject_access`.

use super::{
    Store, audit,
    entities::{
        app_user, audit_event, case_appeal, case_event, case_notice, case_pay, employee,
        employee_characteristic, feedback_response, individual_case, individual_meeting,
        jd_comment, letter, meeting, meeting_attendee, offer, outbox_message, post, post_holding,
        proposal, question, selection_score,
    },
};
use crate::domain::{
    account::EmailAddress,
    audit::{AuditAction, AuditActor},
};
use crate::error::AppResult;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use serde_json::Value;
use uuid::Uuid;

/// What Consult holds about one person, as rows (JSON objects of the stored columns).
#[derive(Debug, Clone, Default)]
pub struct SubjectData {
    /// Their account, without its password hash.
    pub account: Option<Value>,
    pub employee_records: Vec<Value>,
    /// The proposals their records are in (id, title, status, decided, pseudonymised).
    pub proposals: Vec<Value>,
    pub posts_held: Vec<Value>,
    pub feedback_responses: Vec<Value>,
    pub questions_raised: Vec<Value>,
    /// What they wrote in questions' threads: challenges to answers, acceptances, and (HR)
    /// closures and (managers) answers.
    pub question_replies: Vec<Value>,
    pub jd_comments: Vec<Value>,
    pub meeting_invitations: Vec<Value>,
    /// Attendance lists that name them: by their account, or by the name of one of their
    /// employee records at a meeting of that record's proposal.
    pub meeting_attendance: Vec<Value>,
    pub individual_cases: Vec<Value>,
    pub case_history: Vec<Value>,
    pub offers: Vec<Value>,
    pub notices: Vec<Value>,
    pub appeals: Vec<Value>,
    pub redundancy_pay: Vec<Value>,
    pub individual_meetings: Vec<Value>,
    pub selection_scores: Vec<Value>,
    /// Letters' kind, subject and dates (the bodies are the letters themselves, printable
    /// at `/letters/{id}`).
    pub letters: Vec<Value>,
    pub equality_data: Vec<Value>,
    /// Outbox rows addressed to them (the body is rendered by the caller).
    pub emails: Vec<outbox_message::Model>,
    pub audit_events: Vec<Value>,
}

const CHUNK: usize = 500;

async fn rows_in<E, C>(
    conn: &impl ConnectionTrait,
    column: C,
    ids: &[Uuid],
) -> AppResult<Vec<Value>>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    let mut out = vec![];
    for chunk in ids.chunks(CHUNK) {
        out.extend(
            E::find()
                .filter(column.is_in(chunk.iter().copied()))
                .into_json()
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

fn ids_of(rows: &[Value]) -> Vec<Uuid> {
    rows.iter()
        .filter_map(|r| r.get("id").and_then(Value::as_str))
        .filter_map(|s| Uuid::parse_str(s).ok())
        .collect()
}

/// Everything held about the person with this address.
pub async fn gather(store: &Store, email: &EmailAddress) -> AppResult<SubjectData> {
    let conn = store.conn();
    let address = email.as_str().to_owned();
    let account = app_user::Entity::find()
        .select_only()
        .columns([
            app_user::Column::Id,
            app_user::Column::Email,
            app_user::Column::Name,
            app_user::Column::Role,
            app_user::Column::UnionName,
            app_user::Column::CreatedAt,
            app_user::Column::UpdatedAt,
            app_user::Column::DisabledAt,
        ])
        .filter(Expr::expr(Func::lower(Expr::col(app_user::Column::Email))).eq(address.clone()))
        .into_json()
        .one(conn)
        .await?;
    let user_id = account
        .as_ref()
        .and_then(|a| a.get("id").and_then(Value::as_str))
        .and_then(|s| Uuid::parse_str(s).ok());
    let users: Vec<Uuid> = user_id.into_iter().collect();

    let employee_records = employee::Entity::find()
        .filter(Expr::expr(Func::lower(Expr::col(employee::Column::WorkEmail))).eq(address.clone()))
        .order_by_asc(employee::Column::Id)
        .into_json()
        .all(conn)
        .await?;
    let employees = ids_of(&employee_records);
    let proposal_ids: Vec<Uuid> = employee_records
        .iter()
        .filter_map(|r| r.get("proposal_id").and_then(Value::as_str))
        .filter_map(|s| Uuid::parse_str(s).ok())
        .collect();
    let proposals = {
        let mut out = vec![];
        for chunk in proposal_ids.chunks(CHUNK) {
            out.extend(
                proposal::Entity::find()
                    .select_only()
                    .columns([
                        proposal::Column::Id,
                        proposal::Column::Title,
                        proposal::Column::Service,
                        proposal::Column::Status,
                        proposal::Column::DecidedAt,
                        proposal::Column::PseudonymisedAt,
                    ])
                    .filter(proposal::Column::Id.is_in(chunk.iter().copied()))
                    .into_json()
                    .all(conn)
                    .await?,
            );
        }
        out
    };
    let mut posts_held =
        rows_in::<post_holding::Entity, _>(conn, post_holding::Column::EmployeeId, &employees)
            .await?;
    let post_ids: Vec<Uuid> = posts_held
        .iter()
        .filter_map(|r| r.get("post_id").and_then(Value::as_str))
        .filter_map(|s| Uuid::parse_str(s).ok())
        .collect();
    let posts = rows_in::<post::Entity, _>(conn, post::Column::Id, &post_ids).await?;
    for holding in &mut posts_held {
        let post = posts
            .iter()
            .find(|p| p.get("id") == holding.get("post_id"))
            .cloned();
        if let (Value::Object(map), Some(post)) = (holding, post) {
            map.insert("post".into(), post);
        }
    }

    let feedback_responses =
        rows_in::<feedback_response::Entity, _>(conn, feedback_response::Column::AuthorId, &users)
            .await?;
    let questions_raised =
        rows_in::<question::Entity, _>(conn, question::Column::AskerId, &users).await?;
    let question_replies = rows_in::<super::entities::question_reply::Entity, _>(
        conn,
        super::entities::question_reply::Column::AuthorId,
        &users,
    )
    .await?;
    let jd_comments =
        rows_in::<jd_comment::Entity, _>(conn, jd_comment::Column::AuthorId, &users).await?;
    // Meetings of their proposals that name them (as an employee or by account).
    let meetings =
        rows_in::<meeting::Entity, _>(conn, meeting::Column::ProposalId, &proposal_ids).await?;
    let meeting_invitations: Vec<Value> = meetings
        .iter()
        .filter(|m| {
            let names = |key: &str, ids: &[Uuid]| {
                m.get(key).and_then(Value::as_array).is_some_and(|list| {
                    list.iter()
                        .filter_map(Value::as_str)
                        .any(|s| Uuid::parse_str(s).is_ok_and(|id| ids.contains(&id)))
                })
            };
            names("invitee_employee_ids", &employees) || names("invitee_ids", &users)
        })
        .cloned()
        .collect();

    let meeting_attendance = {
        // A name counts only at a meeting of the proposal whose record bears it.
        let names_at: Vec<(String, String)> = employee_records
            .iter()
            .filter_map(|r| {
                let name = r.get("name")?.as_str()?.to_lowercase();
                let proposal = r.get("proposal_id")?.as_str()?.to_owned();
                Some((proposal, name))
            })
            .collect();
        let mut rows = rows_in::<meeting_attendee::Entity, _>(
            conn,
            meeting_attendee::Column::MeetingId,
            &ids_of(&meetings),
        )
        .await?;
        rows.extend(
            rows_in::<meeting_attendee::Entity, _>(conn, meeting_attendee::Column::UserId, &users)
                .await?,
        );
        let mut seen = std::collections::HashSet::new();
        rows.into_iter()
            .filter(|row| seen.insert(row.get("id").cloned()))
            .filter_map(|mut row| {
                let meeting = meetings
                    .iter()
                    .find(|m| m.get("id") == row.get("meeting_id"));
                let by_account = row
                    .get("user_id")
                    .and_then(Value::as_str)
                    .and_then(|s| Uuid::parse_str(s).ok())
                    .is_some_and(|id| users.contains(&id));
                let by_name = meeting.is_some_and(|m| {
                    let name = row
                        .get("name")
                        .and_then(Value::as_str)
                        .map(str::to_lowercase);
                    let proposal = m.get("proposal_id").and_then(Value::as_str);
                    names_at
                        .iter()
                        .any(|(p, n)| Some(p.as_str()) == proposal && Some(n) == name.as_ref())
                });
                if !(by_account || by_name) {
                    return None;
                }
                if let (Value::Object(map), Some(m)) = (&mut row, meeting) {
                    map.insert(
                        "meeting_title".into(),
                        m.get("title").cloned().unwrap_or_default(),
                    );
                    map.insert(
                        "meeting_starts_at".into(),
                        m.get("starts_at").cloned().unwrap_or_default(),
                    );
                }
                Some(row)
            })
            .collect::<Vec<_>>()
    };

    let individual_cases = rows_in::<individual_case::Entity, _>(
        conn,
        individual_case::Column::EmployeeId,
        &employees,
    )
    .await?;
    let case_history =
        rows_in::<case_event::Entity, _>(conn, case_event::Column::EmployeeId, &employees).await?;
    let offers = rows_in::<offer::Entity, _>(conn, offer::Column::EmployeeId, &employees).await?;
    let notices =
        rows_in::<case_notice::Entity, _>(conn, case_notice::Column::EmployeeId, &employees)
            .await?;
    let appeals =
        rows_in::<case_appeal::Entity, _>(conn, case_appeal::Column::EmployeeId, &employees)
            .await?;
    let redundancy_pay =
        rows_in::<case_pay::Entity, _>(conn, case_pay::Column::EmployeeId, &employees).await?;
    let individual_meetings = rows_in::<individual_meeting::Entity, _>(
        conn,
        individual_meeting::Column::EmployeeId,
        &employees,
    )
    .await?;
    let selection_scores = rows_in::<selection_score::Entity, _>(
        conn,
        selection_score::Column::EmployeeId,
        &employees,
    )
    .await?;
    let letters = {
        let mut out = vec![];
        for chunk in employees.chunks(CHUNK) {
            out.extend(
                letter::Entity::find()
                    .select_only()
                    .columns([
                        letter::Column::Id,
                        letter::Column::EmployeeId,
                        letter::Column::ProposalId,
                        letter::Column::Kind,
                        letter::Column::Subject,
                        letter::Column::IssuedAt,
                        letter::Column::Supersedes,
                        letter::Column::RedactedAt,
                    ])
                    .filter(letter::Column::EmployeeId.is_in(chunk.iter().copied()))
                    .into_json()
                    .all(conn)
                    .await?,
            );
        }
        out
    };
    let equality_data = rows_in::<employee_characteristic::Entity, _>(
        conn,
        employee_characteristic::Column::EmployeeId,
        &employees,
    )
    .await?;
    let mut addressed = Expr::expr(Func::lower(Expr::col(
        outbox_message::Column::RecipientEmail,
    )))
    .eq(address.clone());
    if let Some(user_id) = user_id {
        addressed = addressed.or(outbox_message::Column::RecipientId.eq(user_id));
    }
    let emails = outbox_message::Entity::find()
        .filter(addressed)
        .order_by_asc(outbox_message::Column::CreatedAt)
        .all(conn)
        .await?;

    // Audit events about any of their records, or made by them.
    let mut about: Vec<Uuid> = users.clone();
    about.extend(employees.iter().copied());
    for rows in [
        &feedback_responses,
        &questions_raised,
        &offers,
        &notices,
        &appeals,
        &individual_meetings,
        &selection_scores,
        &letters,
    ] {
        about.extend(ids_of(rows));
    }
    let mut audit_events: Vec<Value> = vec![];
    for chunk in about.chunks(CHUNK) {
        audit_events.extend(
            audit_event::Entity::find()
                .filter(audit_event::Column::EntityId.is_in(chunk.iter().copied()))
                .into_json()
                .all(conn)
                .await?,
        );
    }
    if let Some(user_id) = user_id {
        audit_events.extend(
            audit_event::Entity::find()
                .filter(audit_event::Column::ActorId.eq(user_id))
                .into_json()
                .all(conn)
                .await?,
        );
    }
    audit_events.sort_by_key(|e| e.get("seq").and_then(Value::as_i64));
    audit_events.dedup_by_key(|e| e.get("seq").and_then(Value::as_i64));

    Ok(SubjectData {
        account,
        employee_records,
        proposals,
        posts_held,
        feedback_responses,
        questions_raised,
        question_replies,
        jd_comments,
        meeting_invitations,
        meeting_attendance,
        individual_cases,
        case_history,
        offers,
        notices,
        appeals,
        redundancy_pay,
        individual_meetings,
        selection_scores,
        letters,
        equality_data,
        emails,
        audit_events,
    })
}

/// Records that `actor` exported the data of the person with this address. The entity is
/// their account, or (when they have none) a uuid derived from the address, so that requests
/// about one person can be found together without the log holding the address itself.
pub async fn record_export(
    store: &Store,
    actor: &AuditActor,
    email: &EmailAddress,
    data: &SubjectData,
) -> AppResult<()> {
    let entity = data
        .account
        .as_ref()
        .and_then(|a| a.get("id").and_then(Value::as_str))
        .and_then(|s| Uuid::parse_str(s).ok())
        .unwrap_or_else(|| person_id(email));
    let txn = store.begin_write().await?;
    audit::record(
        &txn,
        actor,
        AuditAction::SubjectAccessExported,
        entity,
        None::<&()>,
        Some(&serde_json::json!({
            "employeeRecords": data.employee_records.len(),
            "hasAccount": data.account.is_some(),
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A stable uuid for an address: the first 16 bytes of its SHA-256, marked as a version 8
/// (custom) uuid.
pub fn person_id(email: &EmailAddress) -> Uuid {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("consult-person:{}", email.as_str()).as_bytes());
    let mut bytes = [0_u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}
