//! The record of a consultation meeting (issue 17): attendance, minutes in versions with the
//! unions' replies, documents tabled and actions agreed. The rules are
//! `domain::meeting_record`; this gathers facts, writes, audits and adds the emails (minutes
//! ready, confirmed, disputed) to the outbox in the same transaction.

use super::{
    Store, audit,
    entities::{
        app_user, meeting, meeting_action, meeting_attendee, meeting_document, meeting_minutes,
        meeting_minutes_reply, question,
    },
    outbox, proposals, questions, signoff,
    timetable::{self, MeetingRecord},
};
use crate::domain::{
    DomainError,
    access::ProposalView,
    account::Role,
    attachment,
    audit::{AuditAction, AuditActor},
    meeting_record::{
        self as rules, ActionKind, Attendee, AttendeeCapacity, MinutesDraft, MinutesSection,
        MinutesStatus, ReplyFacts,
    },
    notify::{self, Milestone, PlanScope},
    question::QuestionSource,
};
use crate::error::{AppError, AppResult};
use crate::store::proposals::ProposalRecord;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// Someone on a meeting's attendance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttendeeRecord {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub position: i32,
    pub name: String,
    #[serde(skip)]
    pub capacity: AttendeeCapacity,
    pub union_name: Option<String>,
    pub user_id: Option<Uuid>,
    pub present: bool,
}

/// One version of a meeting's minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MinutesRecord {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub version: i32,
    pub sections: Vec<MinutesSection>,
    /// s188(2) subjects as stored ("AVOIDING", ...).
    pub subjects_discussed: Vec<String>,
    pub drafted_by: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
    pub shared_at: Option<DateTime<Utc>>,
}

/// A union's reply to one version of the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplyRecord {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub minutes_version: i32,
    pub union_name: String,
    pub user_id: Option<Uuid>,
    pub agreed: bool,
    pub text: Option<String>,
    pub at: DateTime<Utc>,
}

impl ReplyRecord {
    pub fn facts(&self) -> ReplyFacts<'_> {
        ReplyFacts {
            union_name: &self.union_name,
            minutes_version: self.minutes_version,
            agreed: self.agreed,
            at: self.at,
        }
    }
}

/// A document tabled at a meeting (without its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentRecord {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub tabled_by: Option<Uuid>,
    pub tabled_at: DateTime<Utc>,
}

/// An action agreed at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionRecord {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub text: String,
    #[serde(skip)]
    pub kind: ActionKind,
    pub owner_id: Option<Uuid>,
    pub due_on: NaiveDate,
    pub question_id: Option<Uuid>,
    pub checklist_step_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// The records of some meetings, read together.
#[derive(Debug, Clone, Default)]
pub struct MeetingRecords {
    pub attendees: Vec<AttendeeRecord>,
    /// The current version of each meeting's minutes.
    pub minutes: HashMap<Uuid, MinutesRecord>,
    pub replies: Vec<ReplyRecord>,
    pub documents: Vec<DocumentRecord>,
    pub actions: Vec<ActionRecord>,
}

impl MeetingRecords {
    /// The replies to a meeting's minutes, oldest first.
    pub fn replies_of(&self, meeting_id: Uuid) -> Vec<&ReplyRecord> {
        self.replies
            .iter()
            .filter(|r| r.meeting_id == meeting_id)
            .collect()
    }

    /// Where a meeting's current minutes stand.
    pub fn status_of(&self, meeting_id: Uuid, recognised: &[String]) -> Option<MinutesStatus> {
        let minutes = self.minutes.get(&meeting_id)?;
        let replies: Vec<ReplyFacts<'_>> = self
            .replies_of(meeting_id)
            .into_iter()
            .map(ReplyRecord::facts)
            .collect();
        Some(rules::minutes_status(
            minutes.shared_at.is_some(),
            minutes.version,
            recognised,
            &replies,
        ))
    }
}

fn corrupt(what: &str, id: Uuid) -> AppError {
    super::corrupt(what, id)
}

fn minutes_from_row(row: meeting_minutes::Model) -> AppResult<MinutesRecord> {
    Ok(MinutesRecord {
        sections: serde_json::from_value(row.sections)
            .map_err(|_| corrupt("meeting minutes", row.id))?,
        subjects_discussed: serde_json::from_value(row.subjects_discussed)
            .map_err(|_| corrupt("meeting minutes", row.id))?,
        id: row.id,
        meeting_id: row.meeting_id,
        version: row.version,
        drafted_by: row.drafted_by,
        updated_at: row.updated_at,
        shared_at: row.shared_at,
    })
}

fn reply_from_row(row: meeting_minutes_reply::Model) -> ReplyRecord {
    ReplyRecord {
        id: row.id,
        meeting_id: row.meeting_id,
        minutes_version: row.minutes_version,
        union_name: row.union_name,
        user_id: row.user_id,
        agreed: row.agreed,
        text: row.text,
        at: row.at,
    }
}

type DocumentRow = (Uuid, Uuid, String, String, i64, Option<Uuid>, DateTime<Utc>);

fn document_from_row(row: DocumentRow) -> DocumentRecord {
    let (id, meeting_id, file_name, content_type, size_bytes, tabled_by, tabled_at) = row;
    DocumentRecord {
        id,
        meeting_id,
        file_name,
        content_type,
        size_bytes,
        tabled_by,
        tabled_at,
    }
}

fn document_columns() -> sea_orm::Select<meeting_document::Entity> {
    use meeting_document::Column;
    meeting_document::Entity::find()
        .select_only()
        .columns([
            Column::Id,
            Column::MeetingId,
            Column::FileName,
            Column::ContentType,
            Column::SizeBytes,
            Column::TabledBy,
            Column::TabledAt,
        ])
        .order_by_asc(Column::TabledAt)
        .order_by_asc(Column::Id)
}

/// The current minutes of these meetings (one statement: every version, the last kept).
pub async fn current_minutes(
    conn: &impl ConnectionTrait,
    meeting_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, MinutesRecord>> {
    if meeting_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut out = HashMap::new();
    for row in meeting_minutes::Entity::find()
        .filter(meeting_minutes::Column::MeetingId.is_in(meeting_ids.iter().copied()))
        .order_by_asc(meeting_minutes::Column::Version)
        .all(conn)
        .await?
    {
        let record = minutes_from_row(row)?;
        out.insert(record.meeting_id, record);
    }
    Ok(out)
}

async fn replies_of(
    conn: &impl ConnectionTrait,
    meeting_ids: &[Uuid],
) -> AppResult<Vec<ReplyRecord>> {
    Ok(meeting_minutes_reply::Entity::find()
        .filter(meeting_minutes_reply::Column::MeetingId.is_in(meeting_ids.iter().copied()))
        .order_by_asc(meeting_minutes_reply::Column::At)
        .order_by_asc(meeting_minutes_reply::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(reply_from_row)
        .collect())
}

async fn attendees_of(
    conn: &impl ConnectionTrait,
    meeting_ids: &[Uuid],
) -> AppResult<Vec<AttendeeRecord>> {
    meeting_attendee::Entity::find()
        .filter(meeting_attendee::Column::MeetingId.is_in(meeting_ids.iter().copied()))
        .order_by_asc(meeting_attendee::Column::MeetingId)
        .order_by_asc(meeting_attendee::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            Ok(AttendeeRecord {
                capacity: AttendeeCapacity::parse(&row.capacity)
                    .ok_or_else(|| corrupt("meeting attendee", row.id))?,
                id: row.id,
                meeting_id: row.meeting_id,
                position: row.position,
                name: row.name,
                union_name: row.union_name,
                user_id: row.user_id,
                present: row.present,
            })
        })
        .collect()
}

fn action_from_row(row: meeting_action::Model) -> AppResult<ActionRecord> {
    Ok(ActionRecord {
        kind: ActionKind::parse(&row.kind).ok_or_else(|| corrupt("meeting action", row.id))?,
        id: row.id,
        meeting_id: row.meeting_id,
        text: row.text,
        owner_id: row.owner_id,
        due_on: row.due_on,
        question_id: row.question_id,
        checklist_step_id: row.checklist_step_id,
        created_at: row.created_at,
    })
}

/// The records of these meetings, in five statements whatever their number.
pub async fn of_meetings(
    conn: &impl ConnectionTrait,
    meeting_ids: &[Uuid],
) -> AppResult<MeetingRecords> {
    if meeting_ids.is_empty() {
        return Ok(MeetingRecords::default());
    }
    let actions = meeting_action::Entity::find()
        .filter(meeting_action::Column::MeetingId.is_in(meeting_ids.iter().copied()))
        .order_by_asc(meeting_action::Column::CreatedAt)
        .order_by_asc(meeting_action::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(action_from_row)
        .collect::<AppResult<Vec<_>>>()?;
    Ok(MeetingRecords {
        attendees: attendees_of(conn, meeting_ids).await?,
        minutes: current_minutes(conn, meeting_ids).await?,
        replies: replies_of(conn, meeting_ids).await?,
        documents: document_columns()
            .filter(meeting_document::Column::MeetingId.is_in(meeting_ids.iter().copied()))
            .into_tuple::<DocumentRow>()
            .all(conn)
            .await?
            .into_iter()
            .map(document_from_row)
            .collect(),
        actions,
    })
}

/// A meeting and its proposal, for a change to its record.
async fn meeting_for_change(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
) -> AppResult<(MeetingRecord, ProposalRecord)> {
    let meeting = timetable::find_meeting(conn, meeting_id)
        .await?
        .ok_or_else(|| DomainError::NotFound("There is no meeting with that id.".into()))?;
    let proposal = proposals::load_for_change(conn, meeting.proposal_id, None).await?;
    Ok((meeting, proposal))
}

/// Replaces the meeting's attendance list. `parse` checks the list against the unions the
/// proposal recognises. The meeting's version moves (not its calendar SEQUENCE).
pub async fn record_attendance(
    store: &Store,
    actor: &AuditActor,
    meeting_id: Uuid,
    expected_version: i32,
    parse: impl FnOnce(&[String]) -> Result<Vec<Attendee>, DomainError>,
) -> AppResult<MeetingRecord> {
    let txn = store.begin_write().await?;
    let (before, proposal) = meeting_for_change(&txn, meeting_id).await?;
    DomainError::check_version("this meeting", Some(expected_version), before.version)?;
    rules::check_held(before.starts_at, before.cancelled, Utc::now())?;
    let attendees = parse(&proposal.content.recognised_unions)?;
    let users: Vec<Uuid> = attendees.iter().filter_map(|a| a.user_id).collect();
    if !users.is_empty() {
        let found: Vec<Uuid> = app_user::Entity::find()
            .select_only()
            .column(app_user::Column::Id)
            .filter(app_user::Column::Id.is_in(users.iter().copied()))
            .into_tuple()
            .all(&txn)
            .await?;
        if let Some(i) = attendees
            .iter()
            .position(|a| a.user_id.is_some_and(|u| !found.contains(&u)))
        {
            return Err(DomainError::unknown_id(
                format!("input.attendees[{i}].userId"),
                "a user (an account)",
            )
            .into());
        }
    }
    let old = attendees_of(&txn, &[meeting_id]).await?;
    meeting_attendee::Entity::delete_many()
        .filter(meeting_attendee::Column::MeetingId.eq(meeting_id))
        .exec(&txn)
        .await?;
    if !attendees.is_empty() {
        meeting_attendee::Entity::insert_many(attendees.iter().enumerate().map(|(i, a)| {
            meeting_attendee::ActiveModel {
                id: Set(Uuid::now_v7()),
                meeting_id: Set(meeting_id),
                position: Set(i as i32 + 1),
                name: Set(a.name.clone()),
                capacity: Set(a.capacity.as_str().to_owned()),
                union_name: Set(a.union_name.clone()),
                user_id: Set(a.user_id),
                present: Set(a.present),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    let after = bump_meeting(&txn, &before).await?;
    let new = attendees_of(&txn, &[meeting_id]).await?;
    audit::record(
        &txn,
        actor,
        AuditAction::MeetingAttendanceRecorded,
        meeting_id,
        Some(&old),
        Some(&new),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

async fn bump_meeting(
    conn: &impl ConnectionTrait,
    before: &MeetingRecord,
) -> AppResult<MeetingRecord> {
    meeting::Entity::update(meeting::ActiveModel {
        id: Set(before.id),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    timetable::find_meeting(conn, before.id)
        .await?
        .ok_or_else(|| corrupt("meeting", before.id))
}

/// The accounts that hear about a proposal's minutes: HR, and the representatives of its
/// recognised unions, with their addresses (one statement).
struct MinutesAudience {
    hr: Vec<(Uuid, String)>,
    reps: Vec<(Uuid, String)>,
}

async fn minutes_audience(
    conn: &impl ConnectionTrait,
    recognised: &[String],
) -> AppResult<MinutesAudience> {
    let accounts: Vec<(Uuid, String, String, Option<String>)> = app_user::Entity::find()
        .select_only()
        .columns([
            app_user::Column::Id,
            app_user::Column::Email,
            app_user::Column::Role,
            app_user::Column::UnionName,
        ])
        .filter(app_user::Column::Role.is_in([Role::HrAdmin.as_str(), Role::UnionRep.as_str()]))
        .order_by_asc(app_user::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    let audience = notify::audience(
        accounts.iter().filter_map(|(id, _, role, union)| {
            Some(notify::Candidate {
                id: *id,
                role: Role::parse(role)?,
                union: union.as_deref(),
            })
        }),
        recognised,
    );
    let email: HashMap<Uuid, &String> = accounts.iter().map(|(id, e, _, _)| (*id, e)).collect();
    let with_email = |ids: Vec<Uuid>| -> Vec<(Uuid, String)> {
        ids.into_iter()
            .filter_map(|id| Some((id, email.get(&id)?.to_string())))
            .collect()
    };
    Ok(MinutesAudience {
        hr: with_email(audience.hr),
        reps: with_email(audience.reps.into_iter().map(|(id, _)| id).collect()),
    })
}

/// Adds one minutes email per recipient, keyed by `occurrence` (the meeting and version, or
/// the reply), so nobody hears of the same event twice.
async fn enqueue_minutes_email(
    conn: &impl ConnectionTrait,
    proposal: &ProposalRecord,
    meeting: &MeetingRecord,
    milestone: Milestone,
    recipients: &[(Uuid, String)],
    occurrence: &str,
    extra: serde_json::Value,
) -> AppResult<()> {
    let mut data = json!({
        "proposalId": proposal.id,
        "proposalTitle": proposal.content.title,
        "proposalPath": format!("/proposals/{}", proposal.id),
        "meetingId": meeting.id,
        "meetingTitle": meeting.title,
        "startsAt": meeting.starts_at,
    });
    if let (serde_json::Value::Object(data), serde_json::Value::Object(extra)) = (&mut data, extra)
    {
        data.extend(extra);
    }
    let now = Utc::now();
    for (id, email) in recipients {
        outbox::enqueue_case_message(
            conn,
            proposal.id,
            (Some(*id), email),
            milestone,
            format!("{}:{occurrence}:{id}", milestone.as_str()),
            data.clone(),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Saves HR's minutes. A first save makes version 1, a draft; a draft is changed in place
/// (its version moves); once shared, a save makes a new version that is shared again at
/// once (the representatives hear of it), and the replies to earlier versions stay.
pub async fn save_minutes(
    store: &Store,
    actor: &AuditActor,
    meeting_id: Uuid,
    expected_version: Option<i32>,
    draft: MinutesDraft,
) -> AppResult<MeetingRecord> {
    let txn = store.begin_write().await?;
    let (meeting, proposal) = meeting_for_change(&txn, meeting_id).await?;
    rules::check_held(meeting.starts_at, meeting.cancelled, Utc::now())?;
    let current = current_minutes(&txn, &[meeting_id])
        .await?
        .remove(&meeting_id);
    if current.is_some() && expected_version.is_none() {
        return Err(DomainError::bad_input(
            "input.expectedVersion",
            "These minutes already exist: send the version you last saw as expectedVersion.",
        )
        .into());
    }
    DomainError::check_version(
        "these minutes",
        expected_version,
        current.as_ref().map_or(0, |m| m.version),
    )?;
    let now = Utc::now();
    let sections =
        serde_json::to_value(&draft.sections).map_err(|e| AppError::Internal(e.into()))?;
    let subjects: Vec<&str> = draft
        .subjects_discussed
        .iter()
        .map(|c| c.as_str())
        .collect();
    let subjects = serde_json::to_value(&subjects).map_err(|e| AppError::Internal(e.into()))?;
    let reshared = current.as_ref().is_some_and(|m| m.shared_at.is_some());
    let version = current.as_ref().map_or(1, |m| m.version + 1);
    match &current {
        Some(draft_row) if draft_row.shared_at.is_none() => {
            meeting_minutes::Entity::update(meeting_minutes::ActiveModel {
                id: Set(draft_row.id),
                version: Set(version),
                sections: Set(sections),
                subjects_discussed: Set(subjects),
                drafted_by: Set(actor.user_id()),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
        }
        _ => {
            meeting_minutes::Entity::insert(meeting_minutes::ActiveModel {
                id: Set(Uuid::now_v7()),
                meeting_id: Set(meeting_id),
                version: Set(version),
                sections: Set(sections),
                subjects_discussed: Set(subjects),
                drafted_by: Set(actor.user_id()),
                updated_at: Set(now),
                shared_at: Set(reshared.then_some(now)),
            })
            .exec_without_returning(&txn)
            .await?;
        }
    }
    let saved = current_minutes(&txn, &[meeting_id])
        .await?
        .remove(&meeting_id)
        .ok_or_else(|| corrupt("meeting minutes", meeting_id))?;
    audit::record(
        &txn,
        actor,
        AuditAction::MeetingMinutesSaved,
        meeting_id,
        current.as_ref(),
        Some(&saved),
    )
    .await?;
    if reshared {
        let audience = minutes_audience(&txn, &proposal.content.recognised_unions).await?;
        enqueue_minutes_email(
            &txn,
            &proposal,
            &meeting,
            Milestone::MinutesReady,
            &audience.reps,
            &format!("{meeting_id}:{version}"),
            json!({ "minutesVersion": version }),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(meeting)
}

/// Shares the draft minutes with the union side; their representatives hear of it.
pub async fn share_minutes(
    store: &Store,
    actor: &AuditActor,
    meeting_id: Uuid,
    expected_version: i32,
) -> AppResult<MeetingRecord> {
    let txn = store.begin_write().await?;
    let (meeting, proposal) = meeting_for_change(&txn, meeting_id).await?;
    let current = current_minutes(&txn, &[meeting_id])
        .await?
        .remove(&meeting_id)
        .ok_or_else(|| DomainError::PreconditionFailed {
            message: "Save the minutes before sharing them.".into(),
            missing: vec!["MINUTES".into()],
        })?;
    DomainError::check_version("these minutes", Some(expected_version), current.version)?;
    if current.shared_at.is_some() {
        return Err(DomainError::Conflict(
            "These minutes are already shared; a change you save is shared again.".into(),
        )
        .into());
    }
    let now = Utc::now();
    meeting_minutes::Entity::update(meeting_minutes::ActiveModel {
        id: Set(current.id),
        shared_at: Set(Some(now)),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::MeetingMinutesShared,
        meeting_id,
        None::<&()>,
        Some(&json!({ "version": current.version })),
    )
    .await?;
    let audience = minutes_audience(&txn, &proposal.content.recognised_unions).await?;
    enqueue_minutes_email(
        &txn,
        &proposal,
        &meeting,
        Milestone::MinutesReady,
        &audience.reps,
        &format!("{meeting_id}:{}", current.version),
        json!({ "minutesVersion": current.version }),
    )
    .await?;
    txn.commit().await?;
    Ok(meeting)
}

/// A union's reply to the current minutes: it confirms them (`text` None) or records where
/// it disagrees in its own words. When the reply makes them CONFIRMED, HR and the
/// representatives hear of it; a disagreement goes to HR.
pub async fn reply_to_minutes(
    store: &Store,
    user_id: Uuid,
    view: ProposalView,
    viewer_union: Option<&str>,
    meeting_id: Uuid,
    expected_version: i32,
    text: Option<String>,
) -> AppResult<MeetingRecord> {
    let txn = store.begin_write().await?;
    let (meeting, proposal) = meeting_for_change(&txn, meeting_id).await?;
    let union_raw = rules::may_reply(view, meeting.kind, viewer_union)?;
    let recognised = &proposal.content.recognised_unions;
    let union = recognised
        .iter()
        .find(|u| u.eq_ignore_ascii_case(union_raw))
        .cloned()
        .unwrap_or_else(|| union_raw.to_owned());
    let not_found =
        || DomainError::NotFound("There are no minutes of that meeting that you can see.".into());
    let current = current_minutes(&txn, &[meeting_id])
        .await?
        .remove(&meeting_id)
        .ok_or_else(not_found)?;
    let replies = replies_of(&txn, &[meeting_id]).await?;
    let facts: Vec<ReplyFacts<'_>> = replies.iter().map(ReplyRecord::facts).collect();
    let before = rules::minutes_status(
        current.shared_at.is_some(),
        current.version,
        recognised,
        &facts,
    );
    if before == MinutesStatus::Draft {
        return Err(not_found().into());
    }
    DomainError::check_version("these minutes", Some(expected_version), current.version)?;
    let agreed = text.is_none();
    rules::check_reply(before, current.version, &union, agreed, &facts)?;
    let reply = ReplyRecord {
        id: Uuid::now_v7(),
        meeting_id,
        minutes_version: current.version,
        union_name: union.clone(),
        user_id: Some(user_id),
        agreed,
        text,
        at: Utc::now(),
    };
    meeting_minutes_reply::Entity::insert(meeting_minutes_reply::ActiveModel {
        id: Set(reply.id),
        meeting_id: Set(meeting_id),
        minutes_version: Set(reply.minutes_version),
        union_name: Set(reply.union_name.clone()),
        user_id: Set(reply.user_id),
        agreed: Set(agreed),
        text: Set(reply.text.clone()),
        at: Set(reply.at),
    })
    .exec_without_returning(&txn)
    .await?;
    let mut all = facts;
    all.push(reply.facts());
    let after = rules::minutes_status(true, current.version, recognised, &all);
    audit::record(
        &txn,
        &AuditActor::User(user_id),
        if agreed {
            AuditAction::MeetingMinutesConfirmed
        } else {
            AuditAction::MeetingMinutesDisputed
        },
        meeting_id,
        None::<&()>,
        Some(&reply),
    )
    .await?;
    if after == MinutesStatus::Confirmed && before != MinutesStatus::Confirmed {
        let audience = minutes_audience(&txn, recognised).await?;
        let everyone: Vec<(Uuid, String)> = audience.hr.into_iter().chain(audience.reps).collect();
        enqueue_minutes_email(
            &txn,
            &proposal,
            &meeting,
            Milestone::MinutesConfirmed,
            &everyone,
            &format!("{meeting_id}:{}", current.version),
            json!({ "minutesVersion": current.version }),
        )
        .await?;
    }
    if !agreed {
        let audience = minutes_audience(&txn, recognised).await?;
        enqueue_minutes_email(
            &txn,
            &proposal,
            &meeting,
            Milestone::MinutesDisputed,
            &audience.hr,
            &reply.id.to_string(),
            json!({
                "minutesVersion": current.version,
                "unionName": union,
                "disputeText": reply.text,
            }),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(meeting)
}

/// Tables a checked file at a meeting (before, during or after it; not a cancelled one).
pub async fn table_document(
    store: &Store,
    actor: &AuditActor,
    meeting_id: Uuid,
    file_name: &str,
    bytes: Vec<u8>,
) -> AppResult<DocumentRecord> {
    let txn = store.begin_write().await?;
    let (meeting, _) = meeting_for_change(&txn, meeting_id).await?;
    crate::domain::timetable::check_meeting_changeable(meeting.cancelled)?;
    let existing = meeting_document::Entity::find()
        .filter(meeting_document::Column::MeetingId.eq(meeting_id))
        .count(&txn)
        .await?;
    let checked = attachment::check(file_name, &bytes, existing as usize, "input.file")?;
    let record = DocumentRecord {
        id: Uuid::now_v7(),
        meeting_id,
        file_name: checked.file_name,
        content_type: checked.document_type.content_type().to_owned(),
        size_bytes: bytes.len() as i64,
        tabled_by: actor.user_id(),
        tabled_at: Utc::now(),
    };
    meeting_document::Entity::insert(meeting_document::ActiveModel {
        id: Set(record.id),
        meeting_id: Set(meeting_id),
        file_name: Set(record.file_name.clone()),
        content_type: Set(record.content_type.clone()),
        size_bytes: Set(record.size_bytes),
        content: Set(bytes),
        tabled_by: Set(record.tabled_by),
        tabled_at: Set(record.tabled_at),
    })
    .exec_without_returning(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::MeetingDocumentTabled,
        meeting_id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    txn.commit().await?;
    Ok(record)
}

/// Removes a tabled document; returns its meeting.
pub async fn remove_document(
    store: &Store,
    actor: &AuditActor,
    document_id: Uuid,
) -> AppResult<MeetingRecord> {
    let txn = store.begin_write().await?;
    let record = document_columns()
        .filter(meeting_document::Column::Id.eq(document_id))
        .into_tuple::<DocumentRow>()
        .one(&txn)
        .await?
        .map(document_from_row)
        .ok_or_else(|| {
            DomainError::NotFound("There is no meeting document with that id.".into())
        })?;
    let (meeting, _) = meeting_for_change(&txn, record.meeting_id).await?;
    meeting_document::Entity::delete_by_id(document_id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::MeetingDocumentRemoved,
        meeting.id,
        Some(&record),
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(meeting)
}

/// A tabled document with its content and meeting, for downloading.
pub async fn document_content(
    conn: &impl ConnectionTrait,
    document_id: Uuid,
) -> AppResult<Option<(DocumentRecord, MeetingRecord, Vec<u8>)>> {
    let Some(row) = meeting_document::Entity::find_by_id(document_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(meeting) = timetable::find_meeting(conn, row.meeting_id).await? else {
        return Ok(None);
    };
    let record = DocumentRecord {
        id: row.id,
        meeting_id: row.meeting_id,
        file_name: row.file_name,
        content_type: row.content_type,
        size_bytes: row.size_bytes,
        tabled_by: row.tabled_by,
        tabled_at: row.tabled_at,
    };
    Ok(Some((record, meeting, row.content)))
}

/// An action to agree.
pub struct NewAction {
    pub text: String,
    pub kind: ActionKind,
    pub owner_id: Uuid,
    pub due_on: NaiveDate,
}

/// Agrees an action at a held meeting: a QUESTION goes into the question log (raised from
/// the meeting, owned, due `due_on`), a TASK onto the checklist (assigned, planned `due_on`).
pub async fn agree_action(
    store: &Store,
    actor: &AuditActor,
    meeting_id: Uuid,
    new: NewAction,
) -> AppResult<ActionRecord> {
    let txn = store.begin_write().await?;
    let (meeting, proposal) = meeting_for_change(&txn, meeting_id).await?;
    rules::check_held(meeting.starts_at, meeting.cancelled, Utc::now())?;
    let owner = app_user::Entity::find_by_id(new.owner_id)
        .one(&txn)
        .await?
        .ok_or_else(|| DomainError::unknown_id("input.ownerId", "a user (an account)"))?;
    let role = Role::parse(&owner.role).ok_or_else(|| corrupt("user", owner.id))?;
    rules::check_action_owner(role, "input.ownerId")?;
    let held_on = meeting
        .starts_at
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive();
    let described = rules::action_question_text(&meeting.title, held_on, &new.text);
    let (question_id, step_id) = match new.kind {
        ActionKind::Question => {
            let raised = questions::insert(
                &txn,
                actor,
                proposal.id,
                questions::NewQuestion {
                    source: QuestionSource::Meeting,
                    text: described,
                    asker_id: None,
                    asker_union: None,
                    confidential: false,
                    raised_on: held_on,
                    due_on: Some(new.due_on),
                    jd_comment_id: None,
                },
            )
            .await?;
            question::Entity::update(question::ActiveModel {
                id: Set(raised.id),
                owner_id: Set(Some(new.owner_id)),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
            (Some(raised.id), None)
        }
        ActionKind::Task => {
            let title: String = if new.text.chars().count() > crate::domain::text::SHORT_MAX_CHARS {
                new.text
                    .chars()
                    .take(crate::domain::text::SHORT_MAX_CHARS - 1)
                    .chain(['…'])
                    .collect()
            } else {
                new.text.clone()
            };
            let step = signoff::insert_step(
                &txn,
                actor,
                proposal.id,
                title,
                described,
                Some(new.due_on),
                Some(new.owner_id),
            )
            .await?;
            (None, Some(step.id))
        }
    };
    let record = ActionRecord {
        id: Uuid::now_v7(),
        meeting_id,
        text: new.text,
        kind: new.kind,
        owner_id: Some(new.owner_id),
        due_on: new.due_on,
        question_id,
        checklist_step_id: step_id,
        created_at: Utc::now(),
    };
    meeting_action::Entity::insert(meeting_action::ActiveModel {
        id: Set(record.id),
        meeting_id: Set(meeting_id),
        text: Set(record.text.clone()),
        kind: Set(record.kind.as_str().to_owned()),
        owner_id: Set(record.owner_id),
        due_on: Set(record.due_on),
        question_id: Set(question_id),
        checklist_step_id: Set(step_id),
        created_by: Set(actor.user_id()),
        created_at: Set(record.created_at),
    })
    .exec_without_returning(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::MeetingActionAgreed,
        meeting_id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    super::commit_proposal_change(txn, proposal.id, PlanScope::Whole).await?;
    Ok(record)
}

/// The s188(2) subjects each of these meetings' minutes record as discussed (meetings with
/// minutes only).
pub async fn minuted_subjects(
    conn: &impl ConnectionTrait,
    meeting_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<String>>> {
    Ok(current_minutes(conn, meeting_ids)
        .await?
        .into_iter()
        .map(|(id, m)| (id, m.subjects_discussed))
        .collect())
}
