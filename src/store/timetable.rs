//! The timetable of a proposal: its period, meetings, implementation plan; the s188 record
//! (disclosures given, HR1 notifications); and each user's calendar feed token.

use super::{
    Store, audit,
    entities::{
        app_user, calendar_feed, employee, hr1_notification, implementation_step, meeting,
        s188_disclosure, timetable,
    },
    proposals,
};
use crate::domain::notify::PlanScope;
use crate::domain::{
    DomainError,
    audit::{AuditAction, AuditActor},
    timetable::{ConsultationType, InviteeGroup, Invitees, MeetingKind, MeetingSlot, Period},
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Func},
};
use serde::Serialize;
use uuid::Uuid;

use super::corrupt;

fn json<T: Serialize>(value: &T) -> AppResult<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| AppError::Internal(e.into()))
}

/// A proposal's consultation period and dismissal plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimetableRecord {
    pub proposal_id: Uuid,
    pub consultation_start: Option<NaiveDate>,
    pub consultation_end: Option<NaiveDate>,
    #[serde(skip)]
    pub consultation_type: ConsultationType,
    pub planned_first_dismissal: Option<NaiveDate>,
    /// When the first notice of dismissal is planned to be given (s193's first limb; Junk).
    pub planned_first_notice: Option<NaiveDate>,
    /// Working days a manager has to answer a question raised in this consultation.
    pub question_response_days: u32,
    pub version: i32,
}

impl TimetableRecord {
    fn empty(proposal_id: Uuid) -> Self {
        Self {
            proposal_id,
            consultation_start: None,
            consultation_end: None,
            consultation_type: ConsultationType::Individual,
            planned_first_dismissal: None,
            planned_first_notice: None,
            question_response_days: crate::domain::question::DEFAULT_RESPONSE_WORKING_DAYS,
            version: 0,
        }
    }

    pub fn period(&self) -> Option<Period> {
        Some(Period {
            start: self.consultation_start?,
            end: self.consultation_end?,
        })
    }
}

fn timetable_from_row(row: timetable::Model) -> AppResult<TimetableRecord> {
    Ok(TimetableRecord {
        consultation_type: ConsultationType::parse(&row.consultation_type)
            .ok_or_else(|| corrupt("timetable", row.proposal_id))?,
        proposal_id: row.proposal_id,
        consultation_start: row.consultation_start,
        consultation_end: row.consultation_end,
        planned_first_dismissal: row.planned_first_dismissal,
        planned_first_notice: row.planned_first_notice,
        question_response_days: row.question_response_days.max(1) as u32,
        version: row.version,
    })
}

/// The timetables of these proposals (an empty one where none is set yet).
pub async fn timetables(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<Vec<TimetableRecord>> {
    let rows = timetable::Entity::find()
        .filter(timetable::Column::ProposalId.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    let mut found: Vec<TimetableRecord> = rows
        .into_iter()
        .map(timetable_from_row)
        .collect::<AppResult<_>>()?;
    for id in ids {
        if !found.iter().any(|t| t.proposal_id == *id) {
            found.push(TimetableRecord::empty(*id));
        }
    }
    Ok(found)
}

/// What a timetable is set to.
pub struct TimetableChange {
    pub period: Option<Period>,
    pub consultation_type: ConsultationType,
    pub planned_first_dismissal: Option<NaiveDate>,
    pub planned_first_notice: Option<NaiveDate>,
    /// None keeps what is set.
    pub question_response_days: Option<u32>,
}

/// Sets the consultation period and dismissal plan.
pub async fn set_timetable(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    expected_version: Option<i32>,
    change: impl FnOnce(&TimetableRecord) -> Result<TimetableChange, DomainError>,
) -> AppResult<TimetableRecord> {
    let txn = store.begin_write().await?;
    let status = proposals::load_for_change(&txn, proposal_id, None)
        .await?
        .status;
    let before = timetables(&txn, &[proposal_id]).await?.remove(0);
    DomainError::check_version("this timetable", expected_version, before.version)?;
    let change = change(&before)?;
    crate::domain::timetable::check_end_while_consulting(
        status,
        before.consultation_end,
        change.period.map(|p| p.end),
        super::s188::today(),
    )?;
    crate::domain::timetable::check_dismissal_plan(
        change.period,
        change.planned_first_notice,
        change.planned_first_dismissal,
    )?;
    let row = timetable::ActiveModel {
        proposal_id: Set(proposal_id),
        consultation_start: Set(change.period.map(|p| p.start)),
        consultation_end: Set(change.period.map(|p| p.end)),
        consultation_type: Set(change.consultation_type.as_str().to_owned()),
        planned_first_dismissal: Set(change.planned_first_dismissal),
        planned_first_notice: Set(change.planned_first_notice),
        // Superseded by the DISMISS_AND_REENGAGE impact (migration 000015); kept at 0.
        reengagement_dismissals: Set(0),
        question_response_days: Set(change
            .question_response_days
            .unwrap_or(before.question_response_days) as i32),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
    };
    if before.version == 0 {
        timetable::Entity::insert(row).exec(&txn).await?;
    } else {
        timetable::Entity::update(row).exec(&txn).await?;
    }
    let after = timetables(&txn, &[proposal_id]).await?.remove(0);
    audit::record(
        &txn,
        actor,
        AuditAction::TimetableSet,
        proposal_id,
        Some(&before),
        Some(&after),
    )
    .await?;
    super::outbox::announce_end_change(
        &txn,
        proposal_id,
        before.consultation_end,
        after.consultation_end,
    )
    .await?;
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(after)
}

/// A meeting of a consultation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    #[serde(skip)]
    pub kind: MeetingKind,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: Option<String>,
    pub link: Option<String>,
    #[serde(skip)]
    pub invitee_groups: Vec<InviteeGroup>,
    pub invitee_ids: Vec<Uuid>,
    /// Employees of the proposal invited by name.
    pub invitee_employee_ids: Vec<Uuid>,
    /// s188(2) concerns the meeting covered, as stored ("AVOIDING", ...).
    pub covers: Vec<String>,
    /// Raised each time the meeting moves or is cancelled, so calendars update it.
    pub sequence: i32,
    pub cancelled: bool,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

fn meeting_from_row(row: meeting::Model) -> AppResult<MeetingRecord> {
    let id = row.id;
    let strings = |v: serde_json::Value| {
        serde_json::from_value::<Vec<String>>(v).map_err(|_| corrupt("meeting", id))
    };
    Ok(MeetingRecord {
        kind: MeetingKind::parse(&row.kind).ok_or_else(|| corrupt("meeting", id))?,
        invitee_groups: strings(row.invitee_groups)?
            .iter()
            .filter_map(|g| InviteeGroup::parse(g))
            .collect(),
        invitee_ids: serde_json::from_value(row.invitee_ids).map_err(|_| corrupt("meeting", id))?,
        invitee_employee_ids: serde_json::from_value(row.invitee_employee_ids)
            .map_err(|_| corrupt("meeting", id))?,
        covers: strings(row.covers)?,
        id,
        proposal_id: row.proposal_id,
        title: row.title,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        place: row.place,
        link: row.link,
        sequence: row.sequence,
        cancelled: row.cancelled,
        version: row.version,
        updated_at: row.updated_at,
    })
}

/// What a meeting is set to.
pub struct MeetingChange {
    pub kind: MeetingKind,
    pub slot: MeetingSlot,
    pub invitee_groups: Vec<InviteeGroup>,
    pub invitee_ids: Vec<Uuid>,
    pub invitee_employee_ids: Vec<Uuid>,
    pub covers: Vec<String>,
}

fn meeting_columns(row: &mut meeting::ActiveModel, change: &MeetingChange) -> AppResult<()> {
    row.kind = Set(change.kind.as_str().to_owned());
    row.title = Set(change.slot.title.clone());
    row.starts_at = Set(change.slot.starts_at);
    row.ends_at = Set(change.slot.ends_at);
    row.place = Set(change.slot.place.clone());
    row.link = Set(change.slot.link.clone());
    row.invitee_groups = Set(json(
        &change
            .invitee_groups
            .iter()
            .map(|g| g.as_str())
            .collect::<Vec<_>>(),
    )?);
    row.invitee_ids = Set(json(&change.invitee_ids)?);
    row.invitee_employee_ids = Set(json(&change.invitee_employee_ids)?);
    row.covers = Set(json(&change.covers)?);
    Ok(())
}

impl MeetingRecord {
    /// Whom it invites.
    pub fn invitees(&self) -> Invitees<'_> {
        Invitees {
            groups: &self.invitee_groups,
            users: &self.invitee_ids,
            employees: &self.invitee_employee_ids,
        }
    }
}

/// Refuses invitees that are not what their field takes: `inviteeIds` are accounts,
/// `inviteeEmployeeIds` employees of this proposal. An id of another kind (an employee's id
/// as a user, an employee of another proposal) is `NOT_FOUND` at its field, never ignored.
async fn check_invitees(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    change: &MeetingChange,
) -> AppResult<()> {
    if !change.invitee_ids.is_empty() {
        let users: Vec<Uuid> = app_user::Entity::find()
            .select_only()
            .column(app_user::Column::Id)
            .filter(app_user::Column::Id.is_in(change.invitee_ids.iter().copied()))
            .into_tuple()
            .all(conn)
            .await?;
        if let Some(i) = change.invitee_ids.iter().position(|id| !users.contains(id)) {
            return Err(DomainError::unknown_id(
                format!("input.inviteeIds[{i}]"),
                "a user (an account); invite an employee of the proposal with inviteeEmployeeIds",
            )
            .into());
        }
    }
    if !change.invitee_employee_ids.is_empty() {
        let employees: Vec<Uuid> = employee::Entity::find()
            .select_only()
            .column(employee::Column::Id)
            .filter(employee::Column::ProposalId.eq(proposal_id))
            .filter(employee::Column::Id.is_in(change.invitee_employee_ids.iter().copied()))
            .into_tuple()
            .all(conn)
            .await?;
        if let Some(i) = change
            .invitee_employee_ids
            .iter()
            .position(|id| !employees.contains(id))
        {
            return Err(DomainError::unknown_id(
                format!("input.inviteeEmployeeIds[{i}]"),
                "an employee of this proposal; invite an account with inviteeIds",
            )
            .into());
        }
    }
    Ok(())
}

/// The viewer's own employee records in these proposals: those whose work email is theirs
/// (ignoring case). An employee invited to a meeting by name is invited through them.
pub async fn own_employee_records(
    conn: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
    email: &str,
) -> AppResult<Vec<Uuid>> {
    use sea_orm::sea_query::ExprTrait;
    if proposal_ids.is_empty() {
        return Ok(Vec::new());
    }
    // By address alone (its index), so the statement binds one value however many
    // proposals the viewer sees; a person is named in few.
    let records: Vec<(Uuid, Uuid)> = employee::Entity::find()
        .select_only()
        .column(employee::Column::Id)
        .column(employee::Column::ProposalId)
        .filter(
            Expr::expr(Func::lower(Expr::col(employee::Column::WorkEmail)))
                .eq(email.to_lowercase()),
        )
        .into_tuple()
        .all(conn)
        .await?;
    Ok(records
        .into_iter()
        .filter(|(_, proposal)| proposal_ids.contains(proposal))
        .map(|(id, _)| id)
        .collect())
}

/// Schedules a meeting.
pub async fn create_meeting(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    change: MeetingChange,
) -> AppResult<MeetingRecord> {
    let txn = store.begin_write().await?;
    proposals::load_for_change(&txn, proposal_id, None).await?;
    check_invitees(&txn, proposal_id, &change).await?;
    let now = Utc::now();
    let mut row = meeting::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(proposal_id),
        sequence: Set(0),
        cancelled: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    meeting_columns(&mut row, &change)?;
    let record = meeting_from_row(
        meeting::Entity::insert(row)
            .exec_with_returning(&txn)
            .await?,
    )?;
    audit::record(
        &txn,
        actor,
        AuditAction::MeetingScheduled,
        record.id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(record)
}

/// A meeting by id.
pub async fn find_meeting(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> AppResult<Option<MeetingRecord>> {
    meeting::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(meeting_from_row)
        .transpose()
}

/// Changes a meeting (a move raises its SEQUENCE), or cancels it.
pub async fn update_meeting(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    change: impl FnOnce(&MeetingRecord) -> Result<Option<MeetingChange>, DomainError>,
) -> AppResult<MeetingRecord> {
    let txn = store.begin_write().await?;
    let before = find_meeting(&txn, id)
        .await?
        .ok_or_else(|| DomainError::NotFound("There is no meeting with that id.".into()))?;
    DomainError::check_version("this meeting", Some(expected_version), before.version)?;
    crate::domain::timetable::check_meeting_changeable(before.cancelled)?;
    let mut row = meeting::ActiveModel {
        id: Set(id),
        sequence: Set(before.sequence + 1),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let action = match change(&before)? {
        Some(change) => {
            check_invitees(&txn, before.proposal_id, &change).await?;
            meeting_columns(&mut row, &change)?;
            AuditAction::MeetingChanged
        }
        None => {
            row.cancelled = Set(true);
            AuditAction::MeetingCancelled
        }
    };
    let after = meeting_from_row(meeting::Entity::update(row).exec(&txn).await?)?;
    audit::record(&txn, actor, action, id, Some(&before), Some(&after)).await?;
    super::commit_proposal_change(txn, before.proposal_id, PlanScope::Whole).await?;
    Ok(after)
}

/// Cancels the proposal's meetings still to come (`timetable::cancelled_by_withdrawal`), in
/// the transaction of its withdrawal: each raises its SEQUENCE, as a cancellation by hand
/// does, and the re-plan sends its invitees the cancellation. Audited per meeting.
pub async fn cancel_meetings_on_withdrawal(
    conn: &impl ConnectionTrait,
    actor: &AuditActor,
    proposal_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    for before in meetings(conn, &[proposal_id]).await? {
        if !crate::domain::timetable::cancelled_by_withdrawal(
            before.starts_at,
            before.cancelled,
            now,
        ) {
            continue;
        }
        let after = meeting_from_row(
            meeting::Entity::update(meeting::ActiveModel {
                id: Set(before.id),
                cancelled: Set(true),
                sequence: Set(before.sequence + 1),
                version: Set(before.version + 1),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(conn)
            .await?,
        )?;
        audit::record(
            conn,
            actor,
            AuditAction::MeetingCancelled,
            before.id,
            Some(&before),
            Some(&after),
        )
        .await?;
    }
    Ok(())
}

/// The meetings of these proposals, in time order.
pub async fn meetings(
    conn: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
) -> AppResult<Vec<MeetingRecord>> {
    meeting::Entity::find()
        .filter(meeting::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .order_by_asc(meeting::Column::StartsAt)
        .order_by_asc(meeting::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(meeting_from_row)
        .collect()
}

/// One dated step of the implementation plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub position: i32,
    pub date: NaiveDate,
    pub activity: String,
    /// Must be done before the decision (collation of feedback, confirming the proposal).
    pub before_decision: bool,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: Option<Uuid>,
}

impl From<implementation_step::Model> for StepRecord {
    fn from(row: implementation_step::Model) -> Self {
        StepRecord {
            id: row.id,
            proposal_id: row.proposal_id,
            position: row.position,
            date: row.date,
            activity: row.activity,
            before_decision: row.before_decision,
            done_at: row.done_at,
            done_by: row.done_by,
        }
    }
}

/// The implementation plans of these proposals, in date order.
pub async fn implementation_steps(
    conn: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
) -> AppResult<Vec<StepRecord>> {
    Ok(implementation_step::Entity::find()
        .filter(implementation_step::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .order_by_asc(implementation_step::Column::Date)
        .order_by_asc(implementation_step::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Adds a dated step to the implementation plan.
pub async fn add_implementation_step(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    date: NaiveDate,
    activity: String,
    before_decision: bool,
) -> AppResult<StepRecord> {
    let txn = store.begin_write().await?;
    proposals::load_for_change(&txn, proposal_id, None).await?;
    let position = implementation_steps(&txn, &[proposal_id]).await?.len() as i32 + 1;
    let row = implementation_step::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(proposal_id),
        position: Set(position),
        date: Set(date),
        activity: Set(activity),
        before_decision: Set(before_decision),
        done_at: Set(None),
        done_by: Set(None),
    };
    let record = StepRecord::from(
        implementation_step::Entity::insert(row)
            .exec_with_returning(&txn)
            .await?,
    );
    audit::record(
        &txn,
        actor,
        AuditAction::ImplementationStepAdded,
        proposal_id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(record)
}

/// Marks an implementation step done.
pub async fn complete_implementation_step(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
) -> AppResult<StepRecord> {
    let txn = store.begin_write().await?;
    let before: StepRecord = implementation_step::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| {
            DomainError::NotFound("There is no implementation step with that id.".into())
        })?
        .into();
    if before.done_at.is_some() {
        return Err(DomainError::Conflict("That step is already done.".into()).into());
    }
    let after: StepRecord = implementation_step::Entity::update(implementation_step::ActiveModel {
        id: Set(id),
        done_at: Set(Some(Utc::now())),
        done_by: Set(actor.user_id()),
        ..Default::default()
    })
    .exec(&txn)
    .await?
    .into();
    audit::record(
        &txn,
        actor,
        AuditAction::ImplementationStepDone,
        before.proposal_id,
        Some(&before),
        Some(&after),
    )
    .await?;
    super::commit_proposal_change(txn, before.proposal_id, PlanScope::Whole).await?;
    Ok(after)
}

/// The s188(4) disclosure as given to the representatives on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct DisclosureRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub given_on: NaiveDate,
    pub snapshot: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// The latest disclosure of each of these proposals.
pub async fn latest_disclosures(
    conn: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
) -> AppResult<Vec<DisclosureRecord>> {
    let rows = s188_disclosure::Entity::find()
        .filter(s188_disclosure::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .order_by_desc(s188_disclosure::Column::CreatedAt)
        .all(conn)
        .await?;
    let mut latest: Vec<DisclosureRecord> = Vec::new();
    for row in rows {
        if !latest.iter().any(|d| d.proposal_id == row.proposal_id) {
            latest.push(DisclosureRecord {
                id: row.id,
                proposal_id: row.proposal_id,
                given_on: row.given_on,
                snapshot: row.snapshot,
                created_at: row.created_at,
            });
        }
    }
    Ok(latest)
}

/// Every disclosure given for these proposals, oldest first (by the day given, then by when
/// it was recorded).
pub async fn disclosures(
    conn: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
) -> AppResult<Vec<DisclosureRecord>> {
    Ok(s188_disclosure::Entity::find()
        .filter(s188_disclosure::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .order_by_asc(s188_disclosure::Column::GivenOn)
        .order_by_asc(s188_disclosure::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| DisclosureRecord {
            id: row.id,
            proposal_id: row.proposal_id,
            given_on: row.given_on,
            snapshot: row.snapshot,
            created_at: row.created_at,
        })
        .collect())
}

/// Records that the disclosure (as `snapshot`) was given to the representatives.
pub async fn record_disclosure(
    conn: &impl ConnectionTrait,
    actor: &AuditActor,
    proposal_id: Uuid,
    given_on: NaiveDate,
    snapshot: serde_json::Value,
) -> AppResult<DisclosureRecord> {
    let row = s188_disclosure::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(proposal_id),
        given_on: Set(given_on),
        snapshot: Set(snapshot),
        created_by: Set(actor.user_id()),
        created_at: Set(Utc::now()),
    };
    let row = s188_disclosure::Entity::insert(row)
        .exec_with_returning(conn)
        .await?;
    let record = DisclosureRecord {
        id: row.id,
        proposal_id,
        given_on,
        snapshot: row.snapshot,
        created_at: row.created_at,
    };
    audit::record(
        conn,
        actor,
        AuditAction::S188DisclosureGiven,
        proposal_id,
        None::<&()>,
        Some(&serde_json::json!({ "givenOn": given_on })),
    )
    .await?;
    Ok(record)
}

/// A record of the HR1 notification to the Secretary of State (s193).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hr1Record {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub made_on: NaiveDate,
    pub reference: String,
    pub submitted_copy: String,
    pub copy_to_representatives_on: Option<NaiveDate>,
}

/// The latest HR1 record of each of these proposals.
pub async fn latest_hr1(
    conn: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
) -> AppResult<Vec<Hr1Record>> {
    let rows = hr1_notification::Entity::find()
        .filter(hr1_notification::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .order_by_desc(hr1_notification::Column::CreatedAt)
        .all(conn)
        .await?;
    let mut latest: Vec<Hr1Record> = Vec::new();
    for row in rows {
        if !latest.iter().any(|h| h.proposal_id == row.proposal_id) {
            latest.push(Hr1Record {
                id: row.id,
                proposal_id: row.proposal_id,
                made_on: row.made_on,
                reference: row.reference,
                submitted_copy: row.submitted_copy,
                copy_to_representatives_on: row.copy_to_representatives_on,
            });
        }
    }
    Ok(latest)
}

/// Records an HR1 notification.
pub async fn record_hr1(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    made_on: NaiveDate,
    reference: String,
    submitted_copy: String,
    copy_to_representatives_on: Option<NaiveDate>,
) -> AppResult<Hr1Record> {
    let txn = store.begin_write().await?;
    proposals::load_for_change(&txn, proposal_id, None).await?;
    let row = hr1_notification::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(proposal_id),
        made_on: Set(made_on),
        reference: Set(reference),
        submitted_copy: Set(submitted_copy),
        copy_to_representatives_on: Set(copy_to_representatives_on),
        created_by: Set(actor.user_id()),
        created_at: Set(Utc::now()),
    };
    let row = hr1_notification::Entity::insert(row)
        .exec_with_returning(&txn)
        .await?;
    let record = Hr1Record {
        id: row.id,
        proposal_id,
        made_on: row.made_on,
        reference: row.reference,
        submitted_copy: row.submitted_copy,
        copy_to_representatives_on: row.copy_to_representatives_on,
    };
    audit::record(
        &txn,
        actor,
        AuditAction::Hr1Recorded,
        proposal_id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(record)
}

/// The user's private calendar feed token, made on first use.
pub async fn feed_token(store: &Store, user_id: Uuid) -> AppResult<String> {
    if let Some(row) = calendar_feed::Entity::find_by_id(user_id)
        .one(store.conn())
        .await?
    {
        return Ok(row.token);
    }
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("no randomness: {e}")))?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    calendar_feed::Entity::insert(calendar_feed::ActiveModel {
        user_id: Set(user_id),
        token: Set(token.clone()),
        created_at: Set(Utc::now()),
    })
    .exec(store.conn())
    .await?;
    Ok(token)
}

/// The user a feed token belongs to.
pub async fn feed_owner(store: &Store, token: &str) -> AppResult<Option<Uuid>> {
    Ok(calendar_feed::Entity::find()
        .filter(calendar_feed::Column::Token.eq(token))
        .one(store.conn())
        .await?
        .map(|r| r.user_id))
}
