//! Notice of dismissal, redundancy pay and appeals (issue 16, wave 2). The rules are
//! `domain::individual::{notice, redundancy_pay, appeal, separation}`; this module gathers
//! their facts, moves the case through `cases::apply_step` and writes what they decide, one
//! transaction per mutation.

use super::{
    Store, audit,
    cases::{self, CaseRecord},
    corrupt, employer_policy,
    entities::{
        app_user, case_appeal, case_event, case_notice, case_pay, employee, individual_case,
        proposal,
    },
    outbox, proposals,
    s188::{self as s188_store, today},
};
use crate::domain::{
    DomainError,
    audit::{AuditAction, AuditActor},
    individual::{
        case::{CaseState, CaseStep, RIGHT_TO_BE_ACCOMPANIED},
        notice::{self, NoticeCalculation},
        separation::{self as rules, AppealOutcome, DecisionEvent, PayFacts, StageCosts},
    },
    notify::{Milestone, morning_of},
    proposal::Jurisdiction,
    structure::Pence,
};
use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// A notice given, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoticeRecord {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub given_on: NaiveDate,
    pub last_day: NaiveDate,
    pub notice_weeks: i32,
    pub statutory_weeks: i32,
    pub contractual_weeks: Option<i32>,
    pub basis: String,
    pub time_off_to_look_for_work: bool,
}

fn notice_from_row(row: case_notice::Model) -> NoticeRecord {
    NoticeRecord {
        id: row.id,
        employee_id: row.employee_id,
        given_on: row.given_on,
        last_day: row.last_day,
        notice_weeks: row.notice_weeks,
        statutory_weeks: row.statutory_weeks,
        contractual_weeks: row.contractual_weeks,
        basis: row.basis,
        time_off_to_look_for_work: row.time_off_to_look_for_work,
    }
}

/// The first notice of dismissal actually given in a proposal, for the s188 engine's HR1
/// and Junk checks: one statement (`MIN(given_on)`, indexed).
pub async fn first_notice(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Option<NaiveDate>> {
    let first: Option<Option<NaiveDate>> = case_notice::Entity::find()
        .select_only()
        .column_as(case_notice::Column::GivenOn.min(), "first")
        .filter(case_notice::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(first.flatten())
}

/// The latest notice given to an employee, if any.
pub async fn latest_notice(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
) -> AppResult<Option<NoticeRecord>> {
    Ok(case_notice::Entity::find()
        .filter(case_notice::Column::EmployeeId.eq(employee_id))
        .order_by_desc(case_notice::Column::CreatedAt)
        .order_by_desc(case_notice::Column::Id)
        .one(conn)
        .await?
        .map(notice_from_row))
}

/// The latest notice given to each of these employees (those given one): one statement per
/// chunk of ids (a page of cases reads them at once).
pub async fn latest_notices(
    conn: &impl ConnectionTrait,
    employee_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, NoticeRecord>> {
    let mut out = HashMap::new();
    for chunk in employee_ids.chunks(super::IDS_PER_STATEMENT) {
        let rows = case_notice::Entity::find()
            .filter(case_notice::Column::EmployeeId.is_in(chunk.iter().copied()))
            .order_by_desc(case_notice::Column::CreatedAt)
            .order_by_desc(case_notice::Column::Id)
            .all(conn)
            .await?;
        for row in rows {
            // Newest first: the first of each employee's is their latest.
            out.entry(row.employee_id)
                .or_insert_with(|| notice_from_row(row));
        }
    }
    Ok(out)
}

/// Whether the case's notice is in force (a reopened case's old notice is not).
fn notice_in_force(state: CaseState) -> bool {
    matches!(state, CaseState::NoticeGiven | CaseState::Left)
}

/// What notice given today would be: the calculation, or why it is refused. Reads the
/// proposal's s188 facts (bounded) for the collective gates.
async fn calculate_notice(
    conn: &impl ConnectionTrait,
    case: &cases::CaseWithEmployee,
    given_on: NaiveDate,
) -> AppResult<NoticeCalculation> {
    let Some(start) = case.facts.continuous_service_start else {
        return Err(DomainError::PreconditionFailed {
            message: "Record the employee's continuous service start before giving notice: the notice period and redundancy pay depend on it.".into(),
            missing: vec!["continuousServiceStart".into()],
        }
        .into());
    };
    let record = proposals::load_for_change(conn, case.case.proposal_id, None).await?;
    // Boxed: the s188 facts future is large, and debug builds run it on a worker's stack.
    let facts = Box::pin(s188_store::facts(conn, &record)).await?;
    let assessment = facts.assess(today());
    let gate = rules::gate(
        assessment.applies,
        facts.consultation_last_day,
        facts.hr1_made_on,
    );
    let contractual = case
        .facts
        .contractual_notice_weeks
        .and_then(|w| u32::try_from(w).ok());
    Ok(notice::notice(
        start,
        given_on,
        contractual,
        gate,
        "input.givenOn",
    )?)
}

async fn account_of(conn: &impl ConnectionTrait, email: &str) -> AppResult<Option<Uuid>> {
    Ok(app_user::Entity::find()
        .select_only()
        .column(app_user::Column::Id)
        .filter(app_user::Column::Email.eq(email))
        .into_tuple()
        .one(conn)
        .await?)
}

async fn proposal_title(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<String> {
    let title: Option<String> = proposal::Entity::find_by_id(proposal_id)
        .select_only()
        .column(proposal::Column::Title)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(title.unwrap_or_default())
}

/// Gives notice of dismissal on `given_on` (HR): works out the period and last day (s86),
/// refuses a day before consultation ended or HR1 was made, moves the case to NOTICE_GIVEN,
/// keeps the notice, and queues the notice email (last day, right of appeal and its
/// deadline) and the appeal-deadline reminder (`appeal_deadline:{employee}:{notice}`,
/// cancelled when the employee appeals or the case is withdrawn).
pub async fn give_notice(
    store: &Store,
    actor: &AuditActor,
    employee_id: Uuid,
    expected_version: i32,
    given_on: NaiveDate,
) -> AppResult<NoticeRecord> {
    let txn = store.begin_write().await?;
    let case = cases::find(&txn, employee_id).await?.ok_or_else(|| {
        DomainError::unknown_id("input.employeeId", "an employee with an open case")
    })?;
    DomainError::check_version("this case", Some(expected_version), case.case.version)?;
    let calc = Box::pin(calculate_notice(&txn, &case, given_on)).await?;
    let notice_id = Uuid::now_v7();
    cases::apply_step(
        &txn,
        actor,
        employee_id,
        expected_version,
        CaseStep::GiveNotice {
            given_on,
            last_day: calc.last_day,
        },
        json!({ "noticeId": notice_id, "noticeWeeks": calc.notice_weeks, "basis": calc.basis }),
        Some(given_on),
    )
    .await?;
    let now = Utc::now();
    let row = case_notice::Entity::insert(case_notice::ActiveModel {
        id: Set(notice_id),
        employee_id: Set(employee_id),
        proposal_id: Set(case.case.proposal_id),
        given_on: Set(given_on),
        last_day: Set(calc.last_day),
        notice_weeks: Set(calc.notice_weeks as i32),
        statutory_weeks: Set(calc.statutory_weeks as i32),
        contractual_weeks: Set(calc.contractual_weeks.map(|w| w as i32)),
        basis: Set(match calc.basis {
            notice::NoticeBasis::Statutory => "STATUTORY".into(),
            notice::NoticeBasis::Contractual => "CONTRACTUAL".into(),
        }),
        time_off_to_look_for_work: Set(calc.time_off_to_look_for_work),
        given_by: Set(actor.user_id()),
        created_at: Set(now),
    })
    .exec_with_returning(&txn)
    .await?;
    let record = notice_from_row(row);
    let policy = employer_policy::get(&txn).await?.policy;
    let deadline =
        crate::domain::individual::appeal::deadline(given_on, policy.appeal_window_working_days);
    let title = proposal_title(&txn, case.case.proposal_id).await?;
    let account = account_of(&txn, &case.employee.work_email).await?;
    let data = json!({
        "recipientName": case.employee.name,
        "proposalId": case.case.proposal_id,
        "proposalTitle": title,
        "proposalPath": format!("/proposals/{}", case.case.proposal_id),
        "employeeId": employee_id,
        "givenOn": given_on,
        "lastDay": calc.last_day,
        "noticeWeeks": calc.notice_weeks,
        "timeOff": calc.time_off_to_look_for_work,
        "appealDeadline": deadline,
    });
    outbox::enqueue_case_message(
        &txn,
        case.case.proposal_id,
        (account, &case.employee.work_email),
        Milestone::NoticeGiven,
        format!("{}:{notice_id}", Milestone::NoticeGiven.as_str()),
        data.clone(),
        now,
    )
    .await?;
    outbox::enqueue_case_message(
        &txn,
        case.case.proposal_id,
        (account, &case.employee.work_email),
        Milestone::AppealDeadline,
        format!(
            "{}{notice_id}",
            Milestone::AppealDeadline.case_prefix(employee_id)
        ),
        data,
        morning_of(rules::reminder_day(given_on, deadline)).max(now),
    )
    .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::NoticeGiven,
        employee_id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    txn.commit().await?;
    Ok(record)
}

/// What HR gives for one person's pay.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PayChange {
    pub provisional_relevant_date: Option<Option<NaiveDate>>,
    pub pension_strain_pence: Option<Option<i64>>,
}

/// HR's pay inputs of one case, as stored (version 0 until first set).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PayInputs {
    pub provisional_relevant_date: Option<NaiveDate>,
    pub pension_strain_pence: Option<i64>,
    pub version: i32,
}

pub async fn pay_inputs(conn: &impl ConnectionTrait, employee_id: Uuid) -> AppResult<PayInputs> {
    Ok(case_pay::Entity::find_by_id(employee_id)
        .one(conn)
        .await?
        .map(|r| PayInputs {
            provisional_relevant_date: r.provisional_relevant_date,
            pension_strain_pence: r.pension_strain_pence,
            version: r.version,
        })
        .unwrap_or_default())
}

/// Sets a case's provisional relevant date and pension strain (HR), checking the version
/// of the pay inputs (0 before the first).
pub async fn set_pay_inputs(
    store: &Store,
    actor: &AuditActor,
    employee_id: Uuid,
    expected_version: i32,
    change: PayChange,
) -> AppResult<PayInputs> {
    let txn = store.begin_write().await?;
    let case = individual_case::Entity::find_by_id(employee_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| {
            DomainError::unknown_id("input.employeeId", "an employee with an open case")
        })?;
    let before = pay_inputs(&txn, employee_id).await?;
    DomainError::check_version("these pay inputs", Some(expected_version), before.version)?;
    if let Some(Some(p)) = change.pension_strain_pence {
        rules::check_pension_strain(p)?;
    }
    let after = PayInputs {
        provisional_relevant_date: change
            .provisional_relevant_date
            .unwrap_or(before.provisional_relevant_date),
        pension_strain_pence: change
            .pension_strain_pence
            .unwrap_or(before.pension_strain_pence),
        version: before.version + 1,
    };
    let model = case_pay::ActiveModel {
        employee_id: Set(employee_id),
        proposal_id: Set(case.proposal_id),
        provisional_relevant_date: Set(after.provisional_relevant_date),
        pension_strain_pence: Set(after.pension_strain_pence),
        version: Set(after.version),
        updated_at: Set(Utc::now()),
    };
    if before.version == 0 {
        case_pay::Entity::insert(model)
            .exec_without_returning(&txn)
            .await?;
    } else {
        case_pay::Entity::update(model).exec(&txn).await?;
    }
    audit::record(
        &txn,
        actor,
        AuditAction::CasePaySet,
        employee_id,
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

async fn jurisdiction(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<Jurisdiction> {
    jurisdictions(conn, &[proposal_id])
        .await?
        .remove(&proposal_id)
        .ok_or_else(|| corrupt("proposal", proposal_id))
}

/// The jurisdictions of these proposals' establishments, in one statement.
async fn jurisdictions(
    conn: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Jurisdiction>> {
    let rows: Vec<(Uuid, String)> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Id)
        .column(proposal::Column::EstablishmentJurisdiction)
        .filter(proposal::Column::Id.is_in(proposal_ids.iter().copied()))
        .into_tuple()
        .all(conn)
        .await?;
    rows.into_iter()
        .map(|(id, raw)| {
            Jurisdiction::parse(&raw)
                .map(|j| (id, j))
                .ok_or_else(|| corrupt("proposal", id))
        })
        .collect()
}

/// The facts of one case's pay, with HR's inputs.
pub async fn pay_facts(
    conn: &impl ConnectionTrait,
    case: &cases::CaseWithEmployee,
) -> AppResult<(PayFacts, PayInputs)> {
    let id = case.case.employee_id;
    let notices = if notice_in_force(case.case.state) {
        latest_notice(conn, id)
            .await?
            .map(|n| (id, n))
            .into_iter()
            .collect()
    } else {
        HashMap::new()
    };
    pay_facts_of(conn, std::slice::from_ref(case), &notices)
        .await?
        .remove(&id)
        .ok_or_else(|| corrupt("case", id))
}

/// The facts of these cases' pay, with HR's inputs, given their employees' latest notices
/// (`latest_notices`): two statements per chunk of cases whatever their number (HR's inputs,
/// the proposals' jurisdictions).
pub async fn pay_facts_of(
    conn: &impl ConnectionTrait,
    cases: &[cases::CaseWithEmployee],
    latest_notices: &HashMap<Uuid, NoticeRecord>,
) -> AppResult<HashMap<Uuid, (PayFacts, PayInputs)>> {
    let mut out = HashMap::new();
    for chunk in cases.chunks(super::IDS_PER_STATEMENT) {
        let mut inputs: HashMap<Uuid, PayInputs> = case_pay::Entity::find()
            .filter(case_pay::Column::EmployeeId.is_in(chunk.iter().map(|c| c.case.employee_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|r| {
                (
                    r.employee_id,
                    PayInputs {
                        provisional_relevant_date: r.provisional_relevant_date,
                        pension_strain_pence: r.pension_strain_pence,
                        version: r.version,
                    },
                )
            })
            .collect();
        let proposal_ids: Vec<Uuid> = chunk.iter().map(|c| c.case.proposal_id).collect();
        let jurisdictions = jurisdictions(conn, &proposal_ids).await?;
        for case in chunk {
            let id = case.case.employee_id;
            let inputs = inputs.remove(&id).unwrap_or_default();
            let jurisdiction = *jurisdictions
                .get(&case.case.proposal_id)
                .ok_or_else(|| corrupt("proposal", case.case.proposal_id))?;
            let notice = notice_in_force(case.case.state)
                .then(|| latest_notices.get(&id))
                .flatten();
            let facts = PayFacts {
                service_start: case.facts.continuous_service_start,
                date_of_birth: case.facts.date_of_birth,
                weekly_pay: case.facts.weekly_pay_pence.map(Pence),
                notice_last_day: notice.map(|n| n.last_day),
                provisional_relevant_date: inputs.provisional_relevant_date,
                jurisdiction,
            };
            out.insert(id, (facts, inputs));
        }
    }
    Ok(out)
}

/// A proposal's redundancy costs of the individual stage, over every case not placed and not
/// withdrawn (those who may yet be dismissed): four statements whatever the proposal's size
/// (the cases with their employees' facts, HR's pay inputs, the notices, the policy).
pub async fn stage_costs(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<StageCosts> {
    let jurisdiction = jurisdiction(conn, proposal_id).await?;
    type Row = (
        Uuid,
        String,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<i64>,
    );
    let rows: Vec<Row> = employee::Entity::find()
        .select_only()
        .column(employee::Column::Id)
        .column_as(individual_case::Column::State, "state")
        .column(employee::Column::ContinuousServiceStart)
        .column(employee::Column::DateOfBirth)
        .column(employee::Column::WeeklyPayPence)
        .join(
            sea_orm::JoinType::InnerJoin,
            employee::Entity::belongs_to(individual_case::Entity)
                .from(employee::Column::Id)
                .to(individual_case::Column::EmployeeId)
                .into(),
        )
        .filter(individual_case::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(conn)
        .await?;
    let inputs: HashMap<Uuid, (Option<NaiveDate>, Option<i64>)> = case_pay::Entity::find()
        .filter(case_pay::Column::ProposalId.eq(proposal_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.employee_id,
                (r.provisional_relevant_date, r.pension_strain_pence),
            )
        })
        .collect();
    // Oldest first, so the latest of each employee's notices is the one kept.
    let notices: HashMap<Uuid, NaiveDate> = case_notice::Entity::find()
        .select_only()
        .column(case_notice::Column::EmployeeId)
        .column(case_notice::Column::LastDay)
        .filter(case_notice::Column::ProposalId.eq(proposal_id))
        .order_by_asc(case_notice::Column::CreatedAt)
        .order_by_asc(case_notice::Column::Id)
        .into_tuple::<(Uuid, NaiveDate)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let policy = employer_policy::get(conn).await?.policy;
    let mut costs = StageCosts::default();
    for (id, state, start, born, weekly) in rows {
        let state = CaseState::parse(&state).ok_or_else(|| corrupt("case", id))?;
        if state.is_placed() || state == CaseState::Withdrawn {
            continue;
        }
        let (provisional, strain) = inputs.get(&id).copied().unwrap_or_default();
        let facts = PayFacts {
            service_start: start,
            date_of_birth: born,
            weekly_pay: weekly.map(Pence),
            notice_last_day: notice_in_force(state)
                .then(|| notices.get(&id).copied())
                .flatten(),
            provisional_relevant_date: provisional,
            jurisdiction,
        };
        rules::add_to_costs(&mut costs, &facts, strain, &policy);
    }
    Ok(costs)
}

// ---------------------------------------------------------------- appeals

/// An appeal as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppealRecord {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub proposal_id: Uuid,
    pub decision_event_id: Uuid,
    pub decision_step: String,
    pub decided_on: NaiveDate,
    pub deadline: NaiveDate,
    pub lodged_on: NaiveDate,
    pub grounds: String,
    pub hearing_starts_at: Option<DateTime<Utc>>,
    pub hearing_ends_at: Option<DateTime<Utc>>,
    pub hearing_place: Option<String>,
    pub outcome: Option<String>,
    pub outcome_reasons: Option<String>,
    pub outcome_on: Option<NaiveDate>,
    pub reopened_at: Option<String>,
    pub version: i32,
}

fn appeal_from_row(r: case_appeal::Model) -> AppealRecord {
    AppealRecord {
        id: r.id,
        employee_id: r.employee_id,
        proposal_id: r.proposal_id,
        decision_event_id: r.decision_event_id,
        decision_step: r.decision_step,
        decided_on: r.decided_on,
        deadline: r.deadline,
        lodged_on: r.lodged_on,
        grounds: r.grounds,
        hearing_starts_at: r.hearing_starts_at,
        hearing_ends_at: r.hearing_ends_at,
        hearing_place: r.hearing_place,
        outcome: r.outcome,
        outcome_reasons: r.outcome_reasons,
        outcome_on: r.outcome_on,
        reopened_at: r.reopened_at,
        version: r.version,
    }
}

impl AppealRecord {
    pub fn outcome(&self) -> Option<AppealOutcome> {
        self.outcome.as_deref().and_then(AppealOutcome::parse)
    }
}

/// An employee's appeals, oldest first.
pub async fn appeals_of(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
) -> AppResult<Vec<AppealRecord>> {
    Ok(appeals_of_employees(conn, &[employee_id])
        .await?
        .remove(&employee_id)
        .unwrap_or_default())
}

/// These employees' appeals, each's oldest first: one statement per chunk of ids (a page of
/// cases reads them at once).
pub async fn appeals_of_employees(
    conn: &impl ConnectionTrait,
    employee_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<AppealRecord>>> {
    let mut out: HashMap<Uuid, Vec<AppealRecord>> = HashMap::new();
    for chunk in employee_ids.chunks(super::IDS_PER_STATEMENT) {
        let rows = case_appeal::Entity::find()
            .filter(case_appeal::Column::EmployeeId.is_in(chunk.iter().copied()))
            .order_by_asc(case_appeal::Column::CreatedAt)
            .order_by_asc(case_appeal::Column::Id)
            .all(conn)
            .await?;
        for row in rows {
            out.entry(row.employee_id)
                .or_default()
                .push(appeal_from_row(row));
        }
    }
    Ok(out)
}

/// One appeal.
pub async fn find_appeal(
    conn: &impl ConnectionTrait,
    appeal_id: Uuid,
) -> AppResult<Option<AppealRecord>> {
    Ok(case_appeal::Entity::find_by_id(appeal_id)
        .one(conn)
        .await?
        .map(appeal_from_row))
}

async fn decisions(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
) -> AppResult<Vec<DecisionEvent>> {
    Ok(case_event::Entity::find()
        .filter(case_event::Column::EmployeeId.eq(employee_id))
        .filter(case_event::Column::Step.eq(rules::APPEALABLE_STEP))
        .order_by_asc(case_event::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|e| DecisionEvent {
            id: e.id,
            step: e.step,
            from: e.from_state.as_deref().and_then(CaseState::parse),
            occurred_on: e.occurred_on,
        })
        .collect())
}

/// The employee lodges an appeal against the decision now appealable (their notice), within
/// the employer's window; a second appeal against the same decision is refused. The
/// appeal-deadline reminder stops.
pub async fn lodge_appeal(
    store: &Store,
    actor: &AuditActor,
    employee_id: Uuid,
    grounds: String,
) -> AppResult<AppealRecord> {
    let grounds = rules::grounds(&grounds)?;
    let txn = store.begin_write().await?;
    let case = individual_case::Entity::find_by_id(employee_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| {
            DomainError::unknown_id("input.employeeId", "an employee with an open case")
        })?;
    let state = CaseState::parse(&case.state).ok_or_else(|| corrupt("case", employee_id))?;
    let history = decisions(&txn, employee_id).await?;
    let decision = rules::decision_to_appeal(state, &history).cloned();
    let already = match &decision {
        Some(d) => case_appeal::Entity::find()
            .filter(case_appeal::Column::DecisionEventId.eq(d.id))
            .one(&txn)
            .await?
            .is_some(),
        None => false,
    };
    let policy = employer_policy::get(&txn).await?.policy;
    let lodged_on = today();
    let deadline = rules::check_lodge(decision.as_ref(), already, lodged_on, &policy)?;
    let decision = decision.expect("checked above");
    let now = Utc::now();
    let row = case_appeal::Entity::insert(case_appeal::ActiveModel {
        id: Set(Uuid::now_v7()),
        employee_id: Set(employee_id),
        proposal_id: Set(case.proposal_id),
        decision_event_id: Set(decision.id),
        decision_step: Set(decision.step.clone()),
        decided_on: Set(decision.occurred_on),
        deadline: Set(deadline),
        lodged_on: Set(lodged_on),
        grounds: Set(grounds),
        lodged_by: Set(actor.user_id()),
        hearing_starts_at: Set(None),
        hearing_ends_at: Set(None),
        hearing_place: Set(None),
        hearing_sequence: Set(0),
        outcome: Set(None),
        outcome_reasons: Set(None),
        outcome_on: Set(None),
        reopened_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(&txn)
    .await?;
    let record = appeal_from_row(row);
    // Appealed: the reminder that the window is closing is no longer called for.
    outbox::cancel_case_messages(&txn, &Milestone::AppealDeadline.case_prefix(employee_id)).await?;
    audit::record(
        &txn,
        actor,
        AuditAction::AppealLodged,
        record.id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    txn.commit().await?;
    Ok(record)
}

async fn load_appeal_for_change(
    txn: &impl ConnectionTrait,
    appeal_id: Uuid,
    expected_version: i32,
) -> AppResult<(case_appeal::Model, AppealRecord)> {
    let row = case_appeal::Entity::find_by_id(appeal_id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| DomainError::unknown_id("input.appealId", "an appeal"))?;
    DomainError::check_version("this appeal", Some(expected_version), row.version)?;
    let record = appeal_from_row(row.clone());
    Ok((row, record))
}

/// HR sets (or moves) the appeal hearing and emails the employee an invite.
pub async fn set_hearing(
    store: &Store,
    actor: &AuditActor,
    appeal_id: Uuid,
    expected_version: i32,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    place: String,
) -> AppResult<AppealRecord> {
    let txn = store.begin_write().await?;
    let (row, before) = load_appeal_for_change(&txn, appeal_id, expected_version).await?;
    rules::check_hearing(starts_at, ends_at, &place, before.outcome.is_some())?;
    let sequence = row.hearing_sequence + 1;
    let now = Utc::now();
    let after = appeal_from_row(
        case_appeal::Entity::update(case_appeal::ActiveModel {
            id: Set(appeal_id),
            hearing_starts_at: Set(Some(starts_at)),
            hearing_ends_at: Set(Some(ends_at)),
            hearing_place: Set(Some(place.trim().to_owned())),
            hearing_sequence: Set(sequence),
            version: Set(row.version + 1),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(&txn)
        .await?,
    );
    let person = employee::Entity::find_by_id(before.employee_id)
        .one(&txn)
        .await?
        .ok_or_else(|| corrupt("appeal", appeal_id))?;
    let account = account_of(&txn, &person.work_email).await?;
    outbox::enqueue_case_message(
        &txn,
        before.proposal_id,
        (account, &person.work_email),
        Milestone::AppealHearing,
        format!(
            "{}:{appeal_id}:{sequence}",
            Milestone::AppealHearing.as_str()
        ),
        json!({
            "proposalId": before.proposal_id,
            "proposalTitle": proposal_title(&txn, before.proposal_id).await?,
            "proposalPath": format!("/proposals/{}", before.proposal_id),
            "appealId": appeal_id,
            "sequence": sequence,
            "startsAt": starts_at.to_rfc3339(),
            "endsAt": ends_at.to_rfc3339(),
            "location": place.trim(),
            "rightToBeAccompanied": RIGHT_TO_BE_ACCOMPANIED,
        }),
        now,
    )
    .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::AppealHearingSet,
        appeal_id,
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// HR records the outcome; an upheld appeal reopens the case at the state before the
/// decision appealed (`ReopenAfterAppeal`, through `cases::apply_step`).
pub async fn record_outcome(
    store: &Store,
    actor: &AuditActor,
    appeal_id: Uuid,
    expected_version: i32,
    outcome: AppealOutcome,
    reasons: String,
) -> AppResult<(AppealRecord, Option<CaseRecord>)> {
    let txn = store.begin_write().await?;
    let (row, before) = load_appeal_for_change(&txn, appeal_id, expected_version).await?;
    rules::check_outcome(before.outcome(), &reasons)?;
    let mut reopened = None;
    if outcome == AppealOutcome::Upheld {
        let decision = case_event::Entity::find_by_id(before.decision_event_id)
            .one(&txn)
            .await?
            .ok_or_else(|| corrupt("appeal", appeal_id))?;
        let reopen_at = decision
            .from_state
            .as_deref()
            .and_then(CaseState::parse)
            .ok_or_else(|| corrupt("appeal", appeal_id))?;
        let case_version: Option<i32> = individual_case::Entity::find_by_id(before.employee_id)
            .select_only()
            .column(individual_case::Column::Version)
            .into_tuple()
            .one(&txn)
            .await?;
        reopened = Some(
            cases::apply_step(
                &txn,
                actor,
                before.employee_id,
                case_version.ok_or_else(|| corrupt("appeal", appeal_id))?,
                CaseStep::ReopenAfterAppeal { reopen_at },
                json!({ "appealId": appeal_id }),
                None,
            )
            .await?,
        );
    }
    let after = appeal_from_row(
        case_appeal::Entity::update(case_appeal::ActiveModel {
            id: Set(appeal_id),
            outcome: Set(Some(outcome.as_str().to_owned())),
            outcome_reasons: Set(Some(reasons.trim().to_owned())),
            outcome_on: Set(Some(today())),
            reopened_at: Set(reopened.as_ref().map(|c| c.state.as_str().to_owned())),
            version: Set(row.version + 1),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(&txn)
        .await?,
    );
    audit::record(
        &txn,
        actor,
        AuditAction::AppealDecided,
        appeal_id,
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok((after, reopened))
}

// ---------------------------------------------------------------- letters

/// Adds the notice, pay and appeal facts of an employee's case to a letter's facts (for the
/// NOTICE_OF_DISMISSAL and APPEAL_OUTCOME letters): the notice in force, the statutory pay
/// line by line (and the employer's scheme), the appeal deadline, the latest appeal's
/// outcome. A handful of statements; nothing when there is no case.
pub async fn add_letter_facts(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
    facts: &mut crate::domain::individual::letter::LetterFacts,
) -> AppResult<()> {
    use crate::domain::individual::letter::PayLine;
    let Some(case) = cases::find(conn, employee_id).await? else {
        return Ok(());
    };
    let policy = employer_policy::get(conn).await?.policy;
    if notice_in_force(case.case.state)
        && let Some(notice) = latest_notice(conn, employee_id).await?
    {
        facts.notice_given = Some(notice.given_on);
        facts.notice_period = Some(match notice.notice_weeks {
            1 => "1 week".to_owned(),
            n => format!("{n} weeks"),
        });
        facts.last_day = Some(notice.last_day);
        facts.appeal_deadline = Some(crate::domain::individual::appeal::deadline(
            notice.given_on,
            policy.appeal_window_working_days,
        ));
    }
    let (pay_facts, _) = Box::pin(pay_facts(conn, &case)).await?;
    if let Ok(outcome) = rules::pay(&pay_facts, &policy)
        && let Some(statutory) = outcome.statutory
    {
        let mut lines: Vec<PayLine> = vec![PayLine {
            description: format!(
                "Complete years of continuous service at {}: {} (at most 20 counted: {})",
                statutory.relevant_date.format("%-d %B %Y"),
                statutory.complete_years_of_service,
                statutory.years_counted
            ),
            amount_pence: None,
        }];
        lines.extend(statutory.bands.iter().map(|b| PayLine {
            description: format!(
                "{} years aged {} × {} weeks = {} weeks ({})",
                b.years,
                b.band.label(),
                b.weeks_per_year,
                b.weeks,
                b.citation
            ),
            amount_pence: None,
        }));
        lines.push(PayLine {
            description: if statutory.cap_applied {
                "A week's pay, capped at the statutory limit".to_owned()
            } else {
                "A week's pay".to_owned()
            },
            amount_pence: Some(statutory.week_pay_used_pence),
        });
        lines.push(PayLine {
            description: format!("Statutory redundancy pay: {} weeks", statutory.total_weeks),
            amount_pence: Some(statutory.total_pence),
        });
        let mut total = statutory.total_pence;
        if let Some(enhanced) = outcome.enhanced {
            lines.push(PayLine {
                description: format!(
                    "The employer's scheme: {} weeks at a week's pay (never below the statutory payment)",
                    enhanced.weeks_paid
                ),
                amount_pence: Some(enhanced.total_pence),
            });
            total = enhanced.total_pence;
        }
        facts.redundancy_pay = Some(lines);
        facts.redundancy_pay_total_pence = Some(total);
    }
    if let Some(appeal) = appeals_of(conn, employee_id).await?.pop()
        && let Some(outcome) = appeal.outcome()
    {
        facts.outcome = Some(outcome.words().to_owned());
        facts.outcome_reasons = appeal.outcome_reasons;
    }
    Ok(())
}
