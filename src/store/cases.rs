//! Individual cases (issue 16): one per employee row, its append-only history and its
//! individual consultation meetings. The rules are `domain::individual::case`; this module
//! gathers their facts and writes what they decide.
//!
//! Every step that moves a case goes through [`apply_step`], in the caller's transaction, so
//! the modules of the next wave (offers, notice, trial periods, appeals) move cases the same
//! way: version checked, rule applied, case and history written, audited.

use super::{
    Store, audit,
    entities::{
        app_user, case_event, employee, individual_case, individual_meeting, post, proposal,
        ring_fence,
    },
    outbox, proposals,
    s188::today,
    structure::{EmployeeRecord, employee_from_row},
};
use crate::domain::{
    DomainError,
    audit::{AuditAction, AuditActor},
    individual::case::{self as rules, CaseFacts, CaseState, CaseStep, CompanionKind},
    notify::Milestone,
};
use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

use super::corrupt;

/// One case as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseRecord {
    pub employee_id: Uuid,
    pub proposal_id: Uuid,
    pub state: CaseState,
    pub version: i32,
    pub next_action_due: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CaseRecord {
    /// Its next action is due before `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.next_action_due.is_some_and(|due| due < today)
    }
}

fn case_from_row(row: individual_case::Model) -> AppResult<CaseRecord> {
    Ok(CaseRecord {
        state: CaseState::parse(&row.state).ok_or_else(|| corrupt("case", row.employee_id))?,
        employee_id: row.employee_id,
        proposal_id: row.proposal_id,
        version: row.version,
        next_action_due: row.next_action_due,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// One step of a case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseEventRecord {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub from: Option<CaseState>,
    pub to: CaseState,
    pub step: String,
    pub detail: Value,
    pub actor_id: Option<Uuid>,
    pub at: DateTime<Utc>,
    pub occurred_on: NaiveDate,
}

fn event_from_row(row: case_event::Model) -> AppResult<CaseEventRecord> {
    let state = |s: &str| CaseState::parse(s).ok_or_else(|| corrupt("case event", row.id));
    Ok(CaseEventRecord {
        from: row.from_state.as_deref().map(state).transpose()?,
        to: state(&row.to_state)?,
        id: row.id,
        employee_id: row.employee_id,
        step: row.step,
        detail: row.detail,
        actor_id: row.actor_id,
        at: row.at,
        occurred_on: row.occurred_on,
    })
}

/// One individual consultation meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingRecord {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub scheduled_for: DateTime<Utc>,
    pub held_on: Option<NaiveDate>,
    pub location: String,
    pub notes: Option<String>,
    pub companion_kind: CompanionKind,
    pub companion_name: Option<String>,
    pub companion_user_id: Option<Uuid>,
    pub version: i32,
}

fn meeting_from_row(row: individual_meeting::Model) -> AppResult<MeetingRecord> {
    Ok(MeetingRecord {
        companion_kind: CompanionKind::parse(&row.companion_kind)
            .ok_or_else(|| corrupt("individual meeting", row.id))?,
        id: row.id,
        employee_id: row.employee_id,
        scheduled_for: row.scheduled_for,
        held_on: row.held_on,
        location: row.location,
        notes: row.notes,
        companion_name: row.companion_name,
        companion_user_id: row.companion_user_id,
        version: row.version,
    })
}

/// A case with the employee it is about.
#[derive(Debug, Clone)]
pub struct CaseWithEmployee {
    pub case: CaseRecord,
    pub employee: EmployeeRecord,
    pub facts: EmployeeFacts,
}

/// The employee's facts the individual stage adds (read with the employee, so a page of
/// cases shows them at no extra cost).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmployeeFacts {
    pub continuous_service_start: Option<NaiveDate>,
    /// HR and the employee only (`CaseView::sees_date_of_birth`).
    pub date_of_birth: Option<NaiveDate>,
    pub contractual_notice_weeks: Option<i32>,
    /// A week's pay, for redundancy pay (HR and the employee only, as `Case.redundancyPay`).
    pub weekly_pay_pence: Option<i64>,
}

fn with_employee(case: CaseRecord, employee: employee::Model) -> AppResult<CaseWithEmployee> {
    let facts = EmployeeFacts {
        continuous_service_start: employee.continuous_service_start,
        date_of_birth: employee.date_of_birth,
        contractual_notice_weeks: employee.contractual_notice_weeks,
        weekly_pay_pence: employee.weekly_pay_pence,
    };
    Ok(CaseWithEmployee {
        case,
        employee: employee_from_row(employee)?,
        facts,
    })
}

/// The case of an employee, with the employee, if one is open.
pub async fn find(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
) -> AppResult<Option<CaseWithEmployee>> {
    let Some(row) = individual_case::Entity::find_by_id(employee_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let employee = employee::Entity::find_by_id(employee_id)
        .one(conn)
        .await?
        .ok_or_else(|| corrupt("case", employee_id))?;
    Ok(Some(with_employee(case_from_row(row)?, employee)?))
}

/// A case's history, oldest first.
pub async fn history(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
) -> AppResult<Vec<CaseEventRecord>> {
    Ok(histories(conn, &[employee_id])
        .await?
        .remove(&employee_id)
        .unwrap_or_default())
}

/// The histories of these employees' cases, each oldest first: one statement per chunk of ids
/// (a page of cases reads them at once).
pub async fn histories(
    conn: &impl ConnectionTrait,
    employee_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<CaseEventRecord>>> {
    let mut out: HashMap<Uuid, Vec<CaseEventRecord>> = HashMap::new();
    for chunk in employee_ids.chunks(super::IDS_PER_STATEMENT) {
        let rows = case_event::Entity::find()
            .filter(case_event::Column::EmployeeId.is_in(chunk.iter().copied()))
            .order_by_asc(case_event::Column::Id)
            .all(conn)
            .await?;
        for row in rows {
            let event = event_from_row(row)?;
            out.entry(event.employee_id).or_default().push(event);
        }
    }
    Ok(out)
}

/// These employees' individual meetings, each's earliest first: one statement per chunk of
/// ids.
pub async fn meetings_of(
    conn: &impl ConnectionTrait,
    employee_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<MeetingRecord>>> {
    let mut out: HashMap<Uuid, Vec<MeetingRecord>> = HashMap::new();
    for chunk in employee_ids.chunks(super::IDS_PER_STATEMENT) {
        let rows = individual_meeting::Entity::find()
            .filter(individual_meeting::Column::EmployeeId.is_in(chunk.iter().copied()))
            .order_by_asc(individual_meeting::Column::ScheduledFor)
            .order_by_asc(individual_meeting::Column::Id)
            .all(conn)
            .await?;
        for row in rows {
            let meeting = meeting_from_row(row)?;
            out.entry(meeting.employee_id).or_default().push(meeting);
        }
    }
    Ok(out)
}

/// Whether the employee named this user (a union representative) as their companion at one
/// of their individual meetings.
pub async fn names_companion(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
    user_id: Uuid,
) -> AppResult<bool> {
    Ok(individual_meeting::Entity::find()
        .filter(individual_meeting::Column::EmployeeId.eq(employee_id))
        .filter(individual_meeting::Column::CompanionUserId.eq(user_id))
        .count(conn)
        .await?
        > 0)
}

/// How a page of a proposal's cases is chosen.
#[derive(Debug, Clone, Copy, Default)]
pub struct CaseFilter {
    pub state: Option<CaseState>,
    /// Cases whose next action is overdue come first (then by id).
    pub overdue_first: bool,
}

/// `0` for a case whose next action is overdue on `today`, else `1`: the order of "overdue
/// first", worked out in SQL.
fn overdue_rank(today: NaiveDate) -> sea_orm::sea_query::SimpleExpr {
    // The day is ours (not a client's), written as an ISO date literal: compared as a date
    // on PostgreSQL and as ISO text on SQLite, which store it so.
    Expr::cust(format!(
        "(CASE WHEN individual_case.next_action_due IS NOT NULL AND individual_case.next_action_due < '{}' THEN 0 ELSE 1 END)",
        today.format("%Y-%m-%d")
    ))
}

/// Up to `limit + 1` cases of a proposal after `after`, with their employees: three
/// statements at most whatever the proposal's size (the cursor's case, the page, its
/// employees).
pub async fn page(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    filter: CaseFilter,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<Vec<CaseWithEmployee>> {
    let today = today();
    let mut query =
        individual_case::Entity::find().filter(individual_case::Column::ProposalId.eq(proposal_id));
    if let Some(state) = filter.state {
        query = query.filter(individual_case::Column::State.eq(state.as_str()));
    }
    if filter.overdue_first {
        if let Some(after) = after {
            let cursor = individual_case::Entity::find_by_id(after)
                .one(conn)
                .await?
                .ok_or_else(|| DomainError::bad_input("after", "`after` is not a cursor from this list; use a `cursor` or `pageInfo.endCursor` it returned."))?;
            let rank: i32 = if cursor.next_action_due.is_some_and(|d| d < today) {
                0
            } else {
                1
            };
            query = query.filter(
                Condition::any().add(overdue_rank(today).gt(rank)).add(
                    Condition::all()
                        .add(overdue_rank(today).eq(rank))
                        .add(individual_case::Column::EmployeeId.gt(after)),
                ),
            );
        }
        query = query.order_by_asc(overdue_rank(today));
    } else if let Some(after) = after {
        query = query.filter(individual_case::Column::EmployeeId.gt(after));
    }
    let rows = query
        .order_by_asc(individual_case::Column::EmployeeId)
        .limit(limit + 1)
        .all(conn)
        .await?;
    with_employees(conn, rows).await
}

async fn with_employees(
    conn: &impl ConnectionTrait,
    rows: Vec<individual_case::Model>,
) -> AppResult<Vec<CaseWithEmployee>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut employees: HashMap<Uuid, employee::Model> = employee::Entity::find()
        .filter(employee::Column::Id.is_in(rows.iter().map(|r| r.employee_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    rows.into_iter()
        .map(|row| {
            let employee = employees
                .remove(&row.employee_id)
                .ok_or_else(|| corrupt("case", row.employee_id))?;
            with_employee(case_from_row(row)?, employee)
        })
        .collect()
}

/// How many cases of a proposal there are (in one state, when given).
pub async fn count(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    state: Option<CaseState>,
) -> AppResult<u64> {
    let mut query =
        individual_case::Entity::find().filter(individual_case::Column::ProposalId.eq(proposal_id));
    if let Some(state) = state {
        query = query.filter(individual_case::Column::State.eq(state.as_str()));
    }
    Ok(query.count(conn).await?)
}

/// The number of a proposal's cases in each state (every state, 0 included), counted in SQL.
pub async fn counts_by_state(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Vec<(CaseState, u32)>> {
    let rows: Vec<(String, i64)> = individual_case::Entity::find()
        .select_only()
        .column(individual_case::Column::State)
        .column_as(individual_case::Column::EmployeeId.count(), "n")
        .filter(individual_case::Column::ProposalId.eq(proposal_id))
        .group_by(individual_case::Column::State)
        .into_tuple()
        .all(conn)
        .await?;
    let counted: HashMap<String, i64> = rows.into_iter().collect();
    Ok(CaseState::ALL
        .into_iter()
        .map(|s| (s, counted.get(s.as_str()).copied().unwrap_or(0) as u32))
        .collect())
}

/// The cases of the employee records with this work email, across proposals (oldest first).
pub async fn of_email(
    conn: &impl ConnectionTrait,
    email: &str,
) -> AppResult<Vec<CaseWithEmployee>> {
    let ids: Vec<Uuid> = employee::Entity::find()
        .select_only()
        .column(employee::Column::Id)
        .filter(employee::Column::WorkEmail.eq(email))
        .into_tuple()
        .all(conn)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = individual_case::Entity::find()
        .filter(individual_case::Column::EmployeeId.is_in(ids))
        .order_by_asc(individual_case::Column::CreatedAt)
        .order_by_asc(individual_case::Column::EmployeeId)
        .limit(super::IDS_PER_STATEMENT as u64)
        .all(conn)
        .await?;
    with_employees(conn, rows).await
}

/// Opens an AT_RISK case for every directly affected employee of a decided proposal who has
/// none (idempotent: a second call opens only the new ones). Returns how many it opened.
pub async fn open_cases(store: &Store, actor: &AuditActor, proposal_id: Uuid) -> AppResult<u32> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    rules::check_may_open_cases(proposal.status)?;
    let employees: Vec<(Uuid, String)> = employee::Entity::find()
        .select_only()
        .column(employee::Column::Id)
        .column(employee::Column::Impact)
        .filter(employee::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(&txn)
        .await?;
    let open: std::collections::HashSet<Uuid> = individual_case::Entity::find()
        .select_only()
        .column(individual_case::Column::EmployeeId)
        .filter(individual_case::Column::ProposalId.eq(proposal_id))
        .into_tuple::<Uuid>()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    let to_open: Vec<Uuid> = employees
        .into_iter()
        .filter(|(id, impact)| {
            !open.contains(id)
                && crate::domain::employee::Impact::parse(impact)
                    .is_some_and(|i| i.is_directly_affected())
        })
        .map(|(id, _)| id)
        .collect();
    let now = Utc::now();
    let on = today();
    for chunk in to_open.chunks(1_000) {
        individual_case::Entity::insert_many(chunk.iter().map(|id| individual_case::ActiveModel {
            employee_id: Set(*id),
            proposal_id: Set(proposal_id),
            state: Set(CaseState::AtRisk.as_str().to_owned()),
            version: Set(1),
            next_action_due: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }))
        .on_conflict(
            OnConflict::column(individual_case::Column::EmployeeId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        case_event::Entity::insert_many(chunk.iter().map(|id| case_event::ActiveModel {
            id: Set(Uuid::now_v7()),
            employee_id: Set(*id),
            from_state: Set(None),
            to_state: Set(CaseState::AtRisk.as_str().to_owned()),
            step: Set("OPEN".to_owned()),
            detail: Set(json!({})),
            actor_id: Set(actor.user_id()),
            at: Set(now),
            occurred_on: Set(on),
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    audit::record(
        &txn,
        actor,
        AuditAction::CaseOpened,
        proposal_id,
        None::<&()>,
        Some(&json!({ "proposalId": proposal_id, "employeeIds": to_open })),
    )
    .await?;
    txn.commit().await?;
    Ok(to_open.len() as u32)
}

/// Moves one case by `step`, in the caller's transaction `txn`; the one way every module moves
/// a case.
///
/// - Locks the case and checks `expected_version` (`CONFLICT` when someone else moved it).
/// - Gathers the facts the rule needs itself: the proposal's slot-in threshold, whether a
///   slot-in post is in the new structure, whether the employee is in the ring fence, their
///   continuous service start, the last day of the notice in force, the states in the history.
/// - Calls `domain::individual::case::apply`; its refusal is returned unchanged (a
///   `DomainError` whose message says what is missing), and nothing is written.
/// - Writes the new state and version, clears the next action's due date, appends one
///   `case_event` (from, to, step name, `detail`, actor, now, `occurred_on` or today) and an
///   audit event (`case.step_taken`, before and after).
///
/// `detail` is kept in the history as given: put there what a later reader needs (the offer's
/// id, the notice dates, the reason...). The step's own data (post, percent, dates, reason)
/// is merged into it. The caller commits.
pub async fn apply_step(
    txn: &impl ConnectionTrait,
    actor: &AuditActor,
    employee_id: Uuid,
    expected_version: i32,
    step: CaseStep,
    detail: Value,
    occurred_on: Option<NaiveDate>,
) -> AppResult<CaseRecord> {
    let row = individual_case::Entity::find_by_id(employee_id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| {
            DomainError::unknown_id("input.employeeId", "an employee with an open case")
        })?;
    let before = case_from_row(row)?;
    DomainError::check_version("this case", Some(expected_version), before.version)?;
    let facts = gather_facts(txn, &before, &step).await?;
    let to = rules::apply(before.state, &step, &facts)?;
    let now = Utc::now();
    let after_row = individual_case::Entity::update(individual_case::ActiveModel {
        employee_id: Set(employee_id),
        state: Set(to.as_str().to_owned()),
        version: Set(before.version + 1),
        next_action_due: Set(None),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    let after = case_from_row(after_row)?;
    let mut detail = match detail {
        Value::Object(map) => map,
        Value::Null => serde_json::Map::new(),
        other => serde_json::Map::from_iter([("detail".to_owned(), other)]),
    };
    if let Value::Object(step_data) = step_detail(&step) {
        detail.extend(step_data);
    }
    case_event::Entity::insert(case_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        employee_id: Set(employee_id),
        from_state: Set(Some(before.state.as_str().to_owned())),
        to_state: Set(to.as_str().to_owned()),
        step: Set(step.as_str().to_owned()),
        detail: Set(Value::Object(detail)),
        actor_id: Set(actor.user_id()),
        at: Set(now),
        occurred_on: Set(occurred_on.unwrap_or(facts.today)),
    })
    .exec_without_returning(txn)
    .await?;
    if matches!(step, CaseStep::Withdraw { .. }) {
        // No longer at risk: an offer left to answer or a notice to appeal is moot, and so
        // are the reminders about them.
        for milestone in [Milestone::OfferAnswerDue, Milestone::AppealDeadline] {
            outbox::cancel_case_messages(txn, &milestone.case_prefix(employee_id)).await?;
        }
    }
    audit::record(
        txn,
        actor,
        AuditAction::CaseStepTaken,
        employee_id,
        Some(&before),
        Some(&json!({ "case": after, "step": step })),
    )
    .await?;
    Ok(after)
}

/// The step's own data, as kept in the history.
fn step_detail(step: &CaseStep) -> Value {
    match step {
        CaseStep::SlotIn {
            post_id,
            match_percent,
            decided_by,
        } => json!({ "postId": post_id, "matchPercent": match_percent, "decidedBy": decided_by }),
        CaseStep::PlaceInSelectionPool { ring_fence_id } => json!({ "ringFenceId": ring_fence_id }),
        CaseStep::Decline { reason }
        | CaseStep::EndTrial { reason }
        | CaseStep::Withdraw { reason } => {
            json!({ "reason": reason })
        }
        CaseStep::StartTrial { starts_on } => json!({ "startsOn": starts_on }),
        CaseStep::GiveNotice { given_on, last_day } => {
            json!({ "givenOn": given_on, "lastDay": last_day })
        }
        CaseStep::ReopenAfterAppeal { reopen_at } => json!({ "reopenAt": reopen_at.as_str() }),
        CaseStep::MoveToRedeployment
        | CaseStep::MakeOffer
        | CaseStep::Accept
        | CaseStep::ConfirmTrial
        | CaseStep::Leave => json!({}),
    }
}

async fn gather_facts(
    conn: &impl ConnectionTrait,
    case: &CaseRecord,
    step: &CaseStep,
) -> AppResult<CaseFacts> {
    let mut facts = CaseFacts::new(today());
    let threshold: Option<i32> = proposal::Entity::find_by_id(case.proposal_id)
        .select_only()
        .column(proposal::Column::SlotInThresholdPercent)
        .into_tuple()
        .one(conn)
        .await?;
    facts.slot_in_threshold_percent = threshold.unwrap_or(rules::DEFAULT_SLOT_IN_THRESHOLD_PERCENT);
    let service: Option<Option<NaiveDate>> = employee::Entity::find_by_id(case.employee_id)
        .select_only()
        .column(employee::Column::ContinuousServiceStart)
        .into_tuple()
        .one(conn)
        .await?;
    facts.continuous_service_start = service.flatten();
    match step {
        CaseStep::SlotIn { post_id, .. } => {
            facts.post_in_new_structure = post::Entity::find_by_id(*post_id)
                .one(conn)
                .await?
                .is_some_and(|p| {
                    p.proposal_id == case.proposal_id
                        && (p.proposed_headcount.is_some() || p.proposed_fte_hundredths.is_some())
                });
        }
        CaseStep::PlaceInSelectionPool { ring_fence_id } => {
            let fence = ring_fence::Entity::find_by_id(*ring_fence_id)
                .one(conn)
                .await?
                .filter(|f| f.proposal_id == case.proposal_id)
                .ok_or_else(|| {
                    DomainError::unknown_id("input.ringFenceId", "a ring fence of this proposal")
                })?;
            let members: Vec<Uuid> = serde_json::from_value(fence.member_ids)
                .map_err(|_| corrupt("ring fence", fence.id))?;
            facts.member_of_ring_fence = members.contains(&case.employee_id);
        }
        CaseStep::Leave | CaseStep::ReopenAfterAppeal { .. } => {
            let events = history(conn, case.employee_id).await?;
            facts.last_day_of_service = events
                .iter()
                .rev()
                .find(|e| e.step == "GIVE_NOTICE")
                .and_then(|e| e.detail["lastDay"].as_str())
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            facts.earlier_states = events.iter().map(|e| e.to).collect();
        }
        _ => {}
    }
    Ok(facts)
}

/// Moves a case in its own transaction (a mutation of this module).
pub async fn step(
    store: &Store,
    actor: &AuditActor,
    employee_id: Uuid,
    expected_version: i32,
    step: CaseStep,
    occurred_on: Option<NaiveDate>,
) -> AppResult<CaseRecord> {
    let txn = store.begin_write().await?;
    let case = apply_step(
        &txn,
        actor,
        employee_id,
        expected_version,
        step,
        Value::Null,
        occurred_on,
    )
    .await?;
    txn.commit().await?;
    Ok(case)
}

/// The facts of an employee the later steps need; `None` leaves one as it is.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseFactsChange {
    pub continuous_service_start: Option<Option<NaiveDate>>,
    pub date_of_birth: Option<Option<NaiveDate>>,
    pub contractual_notice_weeks: Option<Option<i32>>,
}

/// Sets an employee's case facts (HR), checking the employee's version; audited.
pub async fn set_case_facts(
    store: &Store,
    actor: &AuditActor,
    employee_id: Uuid,
    expected_version: i32,
    change: CaseFactsChange,
) -> AppResult<employee::Model> {
    let txn = store.begin_write().await?;
    let before = employee::Entity::find_by_id(employee_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| DomainError::unknown_id("input.employeeId", "an employee"))?;
    DomainError::check_version("this employee", Some(expected_version), before.version)?;
    let mut row = employee::ActiveModel {
        id: Set(employee_id),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    if let Some(v) = change.continuous_service_start {
        row.continuous_service_start = Set(v);
    }
    if let Some(v) = change.date_of_birth {
        row.date_of_birth = Set(v);
    }
    if let Some(v) = change.contractual_notice_weeks {
        row.contractual_notice_weeks = Set(v);
    }
    let after = employee::Entity::update(row).exec(&txn).await?;
    let facts = |e: &employee::Model| {
        json!({ "continuousServiceStart": e.continuous_service_start, "dateOfBirth": e.date_of_birth,
            "contractualNoticeWeeks": e.contractual_notice_weeks, "version": e.version })
    };
    audit::record(
        &txn,
        actor,
        AuditAction::CaseFactsSet,
        employee_id,
        Some(&facts(&before)),
        Some(&facts(&after)),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The employee row's case facts (for the API).
pub async fn employee_row(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
) -> AppResult<Option<employee::Model>> {
    Ok(employee::Entity::find_by_id(employee_id).one(conn).await?)
}

/// A proposal's slot-in threshold.
pub async fn slot_in_threshold(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<i32> {
    let threshold: Option<i32> = proposal::Entity::find_by_id(proposal_id)
        .select_only()
        .column(proposal::Column::SlotInThresholdPercent)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(threshold.unwrap_or(rules::DEFAULT_SLOT_IN_THRESHOLD_PERCENT))
}

/// Sets a proposal's slot-in threshold (employer policy), checking the proposal's version.
pub async fn set_slot_in_threshold(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    expected_version: i32,
    percent: i32,
) -> AppResult<i32> {
    let txn = store.begin_write().await?;
    let before = proposals::load_for_change(&txn, proposal_id, Some(expected_version)).await?;
    let old = slot_in_threshold(&txn, proposal_id).await?;
    proposal::Entity::update(proposal::ActiveModel {
        id: Set(proposal_id),
        slot_in_threshold_percent: Set(percent),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::SlotInThresholdSet,
        proposal_id,
        Some(&json!({ "slotInThresholdPercent": old })),
        Some(&json!({ "slotInThresholdPercent": percent })),
    )
    .await?;
    txn.commit().await?;
    Ok(percent)
}

/// Schedules an individual meeting with an employee who has a case, sets the case's next
/// action due on its day, and adds the invitation email (once per meeting: dedupe key
/// `individual_meeting_invitation:{meeting}:{employee}`), which states the right to be
/// accompanied.
pub async fn schedule_meeting(
    store: &Store,
    actor: &AuditActor,
    employee_id: Uuid,
    expected_version: i32,
    scheduled_for: DateTime<Utc>,
    location: String,
) -> AppResult<MeetingRecord> {
    let txn = store.begin_write().await?;
    let case = individual_case::Entity::find_by_id(employee_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| {
            DomainError::unknown_id("input.employeeId", "an employee with an open case")
        })?;
    DomainError::check_version("this case", Some(expected_version), case.version)?;
    let state = CaseState::parse(&case.state).ok_or_else(|| corrupt("case", employee_id))?;
    if state.is_final() {
        return Err(DomainError::PreconditionFailed {
            message: format!(
                "The case is closed ({}): there is nothing left to consult on.",
                state.describe()
            ),
            missing: vec!["an open case".into()],
        }
        .into());
    }
    let now = Utc::now();
    let day = scheduled_for
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive();
    let meeting = meeting_from_row(
        individual_meeting::Entity::insert(individual_meeting::ActiveModel {
            id: Set(Uuid::now_v7()),
            employee_id: Set(employee_id),
            scheduled_for: Set(scheduled_for),
            held_on: Set(None),
            location: Set(location),
            notes: Set(None),
            companion_kind: Set(CompanionKind::None.as_str().to_owned()),
            companion_name: Set(None),
            companion_user_id: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_with_returning(&txn)
        .await?,
    )?;
    individual_case::Entity::update(individual_case::ActiveModel {
        employee_id: Set(employee_id),
        version: Set(case.version + 1),
        next_action_due: Set(Some(day)),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let employee = employee::Entity::find_by_id(employee_id)
        .one(&txn)
        .await?
        .ok_or_else(|| corrupt("case", employee_id))?;
    let title: Option<String> = proposal::Entity::find_by_id(case.proposal_id)
        .select_only()
        .column(proposal::Column::Title)
        .into_tuple()
        .one(&txn)
        .await?;
    let account: Option<Uuid> = app_user::Entity::find()
        .select_only()
        .column(app_user::Column::Id)
        .filter(app_user::Column::Email.eq(employee.work_email.as_str()))
        .into_tuple()
        .one(&txn)
        .await?;
    outbox::enqueue_case_message(
        &txn,
        case.proposal_id,
        (account, &employee.work_email),
        Milestone::IndividualMeetingInvitation,
        format!(
            "{}:{}:{}",
            Milestone::IndividualMeetingInvitation.as_str(),
            meeting.id,
            employee_id
        ),
        json!({
            "proposalId": case.proposal_id,
            "proposalTitle": title.unwrap_or_default(),
            "proposalPath": format!("/proposals/{}", case.proposal_id),
            "meetingId": meeting.id,
            "startsAt": scheduled_for.to_rfc3339(),
            "location": meeting.location,
            "recipientName": employee.name,
            "rightToBeAccompanied": rules::RIGHT_TO_BE_ACCOMPANIED,
        }),
        now,
    )
    .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::IndividualMeetingScheduled,
        meeting.id,
        None::<&()>,
        Some(&meeting),
    )
    .await?;
    txn.commit().await?;
    Ok(meeting)
}

/// What was recorded of a meeting held.
#[derive(Debug, Clone)]
pub struct MeetingHeld {
    pub held_on: NaiveDate,
    pub notes: String,
    pub companion_kind: CompanionKind,
    pub companion_name: Option<String>,
    pub companion_user_id: Option<Uuid>,
}

/// Records that an individual meeting was held: its notes and who accompanied the employee.
/// A union representative's account named here may then read this employee's case.
pub async fn record_meeting(
    store: &Store,
    actor: &AuditActor,
    meeting_id: Uuid,
    expected_version: i32,
    held: MeetingHeld,
) -> AppResult<MeetingRecord> {
    let txn = store.begin_write().await?;
    let before = meeting_from_row(
        individual_meeting::Entity::find_by_id(meeting_id)
            .lock_exclusive()
            .one(&txn)
            .await?
            .ok_or_else(|| DomainError::unknown_id("input.meetingId", "an individual meeting"))?,
    )?;
    DomainError::check_version("this meeting", Some(expected_version), before.version)?;
    let rep_account = match held.companion_user_id {
        None => None,
        Some(id) => Some(
            app_user::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .is_some_and(|u| u.role == crate::domain::account::Role::UnionRep.as_str()),
        ),
    };
    rules::check_companion(
        held.companion_kind,
        held.companion_name.as_deref(),
        rep_account,
    )?;
    let after = meeting_from_row(
        individual_meeting::Entity::update(individual_meeting::ActiveModel {
            id: Set(meeting_id),
            held_on: Set(Some(held.held_on)),
            notes: Set(Some(held.notes)),
            companion_kind: Set(held.companion_kind.as_str().to_owned()),
            companion_name: Set(held.companion_name),
            companion_user_id: Set(held.companion_user_id),
            version: Set(before.version + 1),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(&txn)
        .await?,
    )?;
    // The meeting was the next action: it is done.
    individual_case::Entity::update_many()
        .col_expr(
            individual_case::Column::NextActionDue,
            Expr::value(Option::<NaiveDate>::None),
        )
        .filter(individual_case::Column::EmployeeId.eq(before.employee_id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::IndividualMeetingRecorded,
        meeting_id,
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// One meeting, for the API's access check.
pub async fn find_meeting(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
) -> AppResult<Option<MeetingRecord>> {
    individual_meeting::Entity::find_by_id(meeting_id)
        .one(conn)
        .await?
        .map(meeting_from_row)
        .transpose()
}
