//! Offers of suitable alternative employment and trial periods (issue 16; ERA 1996 s138,
//! s141). The rules are `domain::individual::{offer, trial_period}`; every step that moves
//! the case goes through `cases::apply_step` in the mutation's one transaction, with the
//! offer's row, its audit record and its emails.
//!
//! Emails: the offer to answer by a date, to the employee (`offer_to_answer:{offer}`), and a
//! reminder the working day before that date (`offer_answer_due:{employee}:{offer}`),
//! cancelled here when the employee answers (and by `cases::apply_step` when the case is
//! withdrawn); the trial period ending in the policy's working days, to the employee, the proposal's manager
//! and HR (`trial_period_ending:{offer}:{end}:{address}`), cancelled here when the trial is
//! confirmed, ended or extended (case messages are never re-planned).

use super::{
    Store, audit, cases, corrupt,
    entities::{app_user, employee, offer, post, proposal},
    outbox,
    s188::today,
};
use crate::domain::{
    DomainError,
    account::Role,
    audit::{AuditAction, AuditActor},
    individual::{
        case::CaseStep,
        offer::{self as rules, EndedBy, OfferStatus, Vacancy},
        trial_period::{self, RefusalJudgement, RetrainingAgreement},
    },
    notify::{Milestone, morning_of},
};
use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// HR's s141 judgement on a refusal, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JudgementRecord {
    pub offer_suitable: bool,
    pub refusal_unreasonable: bool,
    pub reasons: String,
    pub decided_by: Option<Uuid>,
    pub decided_at: DateTime<Utc>,
}

impl JudgementRecord {
    /// s141: the payment is lost only where HR judged both.
    pub fn removes_redundancy_pay(&self) -> bool {
        self.offer_suitable && self.refusal_unreasonable
    }
}

/// A trial period as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrialRecord {
    pub old_job_ends: NaiveDate,
    pub start: NaiveDate,
    pub statutory_end: NaiveDate,
    /// The end in force: the statutory one, or the retraining agreement's.
    pub end: NaiveDate,
    pub retraining_agreed_on: Option<NaiveDate>,
    pub retraining_terms_after: Option<String>,
    pub ended_on: Option<NaiveDate>,
    pub ended_by: Option<EndedBy>,
    pub end_reason: Option<String>,
}

impl TrialRecord {
    /// The retraining agreement's end, when the period was extended (s138(6)).
    pub fn extended_to(&self) -> Option<NaiveDate> {
        (self.end != self.statutory_end).then_some(self.end)
    }

    fn period(&self) -> trial_period::TrialPeriod {
        rules::recorded_trial(self.old_job_ends, self.start, self.statutory_end, self.end)
    }
}

/// An offer as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferRecord {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub proposal_id: Uuid,
    pub post_id: Option<Uuid>,
    pub title: String,
    pub grade: Option<String>,
    pub place: Option<String>,
    pub weekly_pay_pence: Option<i64>,
    pub answer_by: NaiveDate,
    pub status: OfferStatus,
    pub declined_reason: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub judgement: Option<JudgementRecord>,
    pub trial: Option<TrialRecord>,
    pub version: i32,
    pub made_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

pub(super) fn from_row(row: offer::Model) -> AppResult<OfferRecord> {
    let status = OfferStatus::parse(&row.status).ok_or_else(|| corrupt("offer", row.id))?;
    let judgement = match (
        row.s141_offer_suitable,
        row.s141_refusal_unreasonable,
        row.s141_reasons,
        row.s141_decided_at,
    ) {
        (Some(offer_suitable), Some(refusal_unreasonable), Some(reasons), Some(decided_at)) => {
            Some(JudgementRecord {
                offer_suitable,
                refusal_unreasonable,
                reasons,
                decided_by: row.s141_decided_by,
                decided_at,
            })
        }
        _ => None,
    };
    let trial = match (
        row.trial_old_job_ends,
        row.trial_start,
        row.trial_statutory_end,
        row.trial_end,
    ) {
        (Some(old_job_ends), Some(start), Some(statutory_end), Some(end)) => Some(TrialRecord {
            old_job_ends,
            start,
            statutory_end,
            end,
            retraining_agreed_on: row.retraining_agreed_on,
            retraining_terms_after: row.retraining_terms_after,
            ended_on: row.trial_ended_on,
            ended_by: row.trial_ended_by.as_deref().and_then(EndedBy::parse),
            end_reason: row.trial_end_reason,
        }),
        _ => None,
    };
    Ok(OfferRecord {
        id: row.id,
        employee_id: row.employee_id,
        proposal_id: row.proposal_id,
        post_id: row.post_id,
        title: row.title,
        grade: row.grade,
        place: row.place,
        weekly_pay_pence: row.weekly_pay_pence,
        answer_by: row.answer_by,
        status,
        declined_reason: row.declined_reason,
        answered_at: row.answered_at,
        judgement,
        trial,
        version: row.version,
        made_by: row.made_by,
        created_at: row.created_at,
    })
}

/// One offer.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<OfferRecord>> {
    offer::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(from_row)
        .transpose()
}

/// The offers of these employees, oldest first, in one statement per chunk of ids.
pub async fn of_employees(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<OfferRecord>>> {
    let mut out: HashMap<Uuid, Vec<OfferRecord>> = HashMap::new();
    for chunk in ids.chunks(super::IDS_PER_STATEMENT) {
        let rows = offer::Entity::find()
            .filter(offer::Column::EmployeeId.is_in(chunk.iter().copied()))
            .order_by_asc(offer::Column::CreatedAt)
            .order_by_asc(offer::Column::Id)
            .all(conn)
            .await?;
        for row in rows {
            let record = from_row(row)?;
            out.entry(record.employee_id).or_default().push(record);
        }
    }
    Ok(out)
}

/// The newest offer made to an employee (for their letters).
pub async fn latest(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
) -> AppResult<Option<OfferRecord>> {
    offer::Entity::find()
        .filter(offer::Column::EmployeeId.eq(employee_id))
        .order_by_desc(offer::Column::CreatedAt)
        .order_by_desc(offer::Column::Id)
        .one(conn)
        .await?
        .map(from_row)
        .transpose()
}

/// What is offered.
#[derive(Debug, Clone)]
pub enum OfferedPost {
    /// A post of the proposal's new structure.
    InStructure(Uuid),
    /// A vacancy outside it.
    Vacancy(Vacancy),
}

/// An offer to make.
#[derive(Debug, Clone)]
pub struct NewOffer {
    pub employee_id: Uuid,
    /// The case's version.
    pub expected_version: i32,
    pub post: OfferedPost,
    pub answer_by: NaiveDate,
}

/// The account (if any) and the address of an employee.
async fn employee_address(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
) -> AppResult<(employee::Model, Option<Uuid>)> {
    let person = employee::Entity::find_by_id(employee_id)
        .one(conn)
        .await?
        .ok_or_else(|| corrupt("offer", employee_id))?;
    let account: Option<Uuid> = app_user::Entity::find()
        .select_only()
        .column(app_user::Column::Id)
        .filter(
            Expr::expr(Func::lower(Expr::col(app_user::Column::Email)))
                .eq(person.work_email.to_lowercase()),
        )
        .into_tuple()
        .one(conn)
        .await?;
    Ok((person, account))
}

async fn proposal_row(conn: &impl ConnectionTrait, id: Uuid) -> AppResult<proposal::Model> {
    proposal::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| corrupt("offer", id))
}

async fn case_version(conn: &impl ConnectionTrait, employee_id: Uuid) -> AppResult<i32> {
    Ok(cases::find(conn, employee_id)
        .await?
        .ok_or_else(|| {
            DomainError::unknown_id("input.employeeId", "an employee with an open case")
        })?
        .case
        .version)
}

/// Makes an offer: the case moves to OFFERED (`apply_step`), the offer is kept, audited, and
/// the employee is emailed to answer by the day given, and reminded the working day before.
pub async fn make(store: &Store, actor: &AuditActor, input: NewOffer) -> AppResult<OfferRecord> {
    let txn = store.begin_write().await?;
    let case = cases::find(&txn, input.employee_id).await?.ok_or_else(|| {
        DomainError::unknown_id("input.employeeId", "an employee with an open case")
    })?;
    let proposal_id = case.case.proposal_id;
    let (post_id, vacancy) = match input.post {
        OfferedPost::InStructure(post_id) => {
            let row = post::Entity::find_by_id(post_id)
                .one(&txn)
                .await?
                .filter(|p| {
                    p.proposal_id == proposal_id
                        && (p.proposed_headcount.is_some() || p.proposed_fte_hundredths.is_some())
                })
                .ok_or_else(|| {
                    DomainError::unknown_id(
                        "input.postId",
                        "a post of this proposal's new structure",
                    )
                })?;
            (
                Some(post_id),
                Vacancy {
                    title: row.title,
                    grade: row.proposed_grade,
                    place: None,
                    weekly_pay_pence: None,
                },
            )
        }
        OfferedPost::Vacancy(v) => (None, v),
    };
    let id = Uuid::now_v7();
    Box::pin(cases::apply_step(
        &txn,
        actor,
        input.employee_id,
        input.expected_version,
        CaseStep::MakeOffer,
        json!({ "offerId": id, "post": vacancy.title, "answerBy": input.answer_by }),
        None,
    ))
    .await?;
    let now = Utc::now();
    let record = from_row(
        offer::Entity::insert(offer::ActiveModel {
            id: Set(id),
            employee_id: Set(input.employee_id),
            proposal_id: Set(proposal_id),
            post_id: Set(post_id),
            title: Set(vacancy.title),
            grade: Set(vacancy.grade),
            place: Set(vacancy.place),
            weekly_pay_pence: Set(vacancy.weekly_pay_pence),
            answer_by: Set(input.answer_by),
            status: Set(OfferStatus::Offered.as_str().to_owned()),
            declined_reason: Set(None),
            answered_at: Set(None),
            s141_offer_suitable: Set(None),
            s141_refusal_unreasonable: Set(None),
            s141_reasons: Set(None),
            s141_decided_by: Set(None),
            s141_decided_at: Set(None),
            trial_old_job_ends: Set(None),
            trial_start: Set(None),
            trial_statutory_end: Set(None),
            trial_end: Set(None),
            retraining_agreed_on: Set(None),
            retraining_terms_after: Set(None),
            trial_ended_on: Set(None),
            trial_ended_by: Set(None),
            trial_end_reason: Set(None),
            version: Set(1),
            made_by: Set(actor.user_id()),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_with_returning(&txn)
        .await?,
    )?;
    audit::record(
        &txn,
        actor,
        AuditAction::OfferMade,
        id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    let (person, account) = employee_address(&txn, input.employee_id).await?;
    let proposal = proposal_row(&txn, proposal_id).await?;
    let data = json!({
        "proposalId": proposal_id,
        "proposalTitle": proposal.title,
        "proposalPath": format!("/proposals/{proposal_id}"),
        "offerId": id,
        "postTitle": record.title,
        "answerBy": record.answer_by,
        "recipientName": person.name,
        "trialPeriod": crate::domain::individual::letter::STATUTORY_TRIAL_PERIOD,
    });
    outbox::enqueue_case_message(
        &txn,
        proposal_id,
        (account, &person.work_email),
        Milestone::OfferToAnswer,
        format!("{}:{id}", Milestone::OfferToAnswer.as_str()),
        data.clone(),
        now,
    )
    .await?;
    outbox::enqueue_case_message(
        &txn,
        proposal_id,
        (account, &person.work_email),
        Milestone::OfferAnswerDue,
        answer_reminder_key(input.employee_id, id),
        data,
        // At once when the day before has passed.
        std::cmp::Ord::max(
            morning_of(rules::answer_reminder_day(record.answer_by, today())),
            now,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(record)
}

/// Locks an offer and checks the version its editor saw.
async fn lock(
    conn: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
) -> AppResult<OfferRecord> {
    let row = offer::Entity::find_by_id(id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or_else(|| DomainError::unknown_id("input.offerId", "an offer"))?;
    let record = from_row(row)?;
    DomainError::check_version("this offer", Some(expected_version), record.version)?;
    Ok(record)
}

/// Locks an offer whose trial period is running, for `what` HR is doing to the trial.
async fn lock_in_trial(
    conn: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    what: &str,
) -> AppResult<(OfferRecord, TrialRecord)> {
    let before = lock(conn, id, expected_version).await?;
    rules::require_status(before.status, &[OfferStatus::InTrial], what)?;
    let trial = before
        .trial
        .clone()
        .ok_or_else(|| corrupt("offer", before.id))?;
    Ok((before, trial))
}

async fn save(
    conn: &impl ConnectionTrait,
    actor: &AuditActor,
    action: AuditAction,
    before: &OfferRecord,
    mut row: offer::ActiveModel,
) -> AppResult<OfferRecord> {
    row.id = Set(before.id);
    row.version = Set(before.version + 1);
    row.updated_at = Set(Utc::now());
    let after = from_row(offer::Entity::update(row).exec(conn).await?)?;
    audit::record(conn, actor, action, before.id, Some(before), Some(&after)).await?;
    Ok(after)
}

/// The employee's answer: accept, or decline with a reason; the reminder to answer stops. The
/// caller has checked that the viewer is the employee (`offer::may_answer`).
pub async fn answer(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    declined_reason: Option<String>,
) -> AppResult<OfferRecord> {
    let txn = store.begin_write().await?;
    let before = lock(&txn, id, expected_version).await?;
    rules::require_status(before.status, &[OfferStatus::Offered], "answer the offer")?;
    let (step, status) = match &declined_reason {
        None => (CaseStep::Accept, OfferStatus::Accepted),
        Some(reason) => (
            CaseStep::Decline {
                reason: reason.clone(),
            },
            OfferStatus::Declined,
        ),
    };
    let version = case_version(&txn, before.employee_id).await?;
    Box::pin(cases::apply_step(
        &txn,
        actor,
        before.employee_id,
        version,
        step,
        json!({ "offerId": id }),
        None,
    ))
    .await?;
    let after = save(
        &txn,
        actor,
        AuditAction::OfferAnswered,
        &before,
        offer::ActiveModel {
            status: Set(status.as_str().to_owned()),
            declined_reason: Set(declined_reason),
            answered_at: Set(Some(Utc::now())),
            ..Default::default()
        },
    )
    .await?;
    outbox::cancel_case_messages(&txn, &answer_reminder_key(before.employee_id, id)).await?;
    txn.commit().await?;
    Ok(after)
}

/// HR's judgement under s141 on a refusal (an offer declined, or a trial the employee ended):
/// recorded explicitly, with reasons, audited; recording again replaces it (the audit log
/// keeps each).
pub async fn record_judgement(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    judgement: RefusalJudgement,
) -> AppResult<OfferRecord> {
    let txn = store.begin_write().await?;
    let before = lock(&txn, id, expected_version).await?;
    rules::check_judgement_allowed(
        before.status,
        before.trial.as_ref().and_then(|t| t.ended_by),
    )?;
    let after = save(
        &txn,
        actor,
        AuditAction::RefusalJudgementRecorded,
        &before,
        offer::ActiveModel {
            s141_offer_suitable: Set(Some(judgement.offer_suitable)),
            s141_refusal_unreasonable: Set(Some(judgement.refusal_unreasonable)),
            s141_reasons: Set(Some(judgement.reasons)),
            s141_decided_by: Set(Some(judgement.decided_by)),
            s141_decided_at: Set(Some(Utc::now())),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The last day of the notice in force, from the case's history.
async fn notice_last_day(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
) -> AppResult<Option<NaiveDate>> {
    let events = cases::history(conn, employee_id).await?;
    Ok(events
        .iter()
        .rev()
        .find(|e| e.step == "GIVE_NOTICE")
        .and_then(|e| e.detail["lastDay"].as_str())
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()))
}

/// Starts the trial period on the employee's first day in the new post: refused when that
/// day is more than four weeks after the old job ends (s138(1)(b)); its end computed by
/// `trial_period` (s138(3), or a retraining agreement, s138(6)). The case moves to
/// TRIAL_PERIOD and the reminders before its end are queued.
pub async fn start_trial(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    starts_on: NaiveDate,
    old_job_ends_given: Option<NaiveDate>,
    retraining: Option<RetrainingAgreement>,
) -> AppResult<OfferRecord> {
    let txn = store.begin_write().await?;
    let before = lock(&txn, id, expected_version).await?;
    rules::require_status(
        before.status,
        &[OfferStatus::Accepted],
        "start a trial period",
    )?;
    let notice = notice_last_day(&txn, before.employee_id).await?;
    let old = rules::old_job_ends(old_job_ends_given, notice, starts_on);
    let period = trial_period::trial_period(old, starts_on, retraining.as_ref(), "input")?;
    let version = case_version(&txn, before.employee_id).await?;
    Box::pin(cases::apply_step(
        &txn,
        actor,
        before.employee_id,
        version,
        CaseStep::StartTrial { starts_on },
        json!({ "offerId": id, "endsOn": period.ends_on, "oldJobEnds": old }),
        Some(starts_on),
    ))
    .await?;
    let after = save(
        &txn,
        actor,
        AuditAction::TrialPeriodStarted,
        &before,
        offer::ActiveModel {
            status: Set(OfferStatus::InTrial.as_str().to_owned()),
            trial_old_job_ends: Set(Some(old)),
            trial_start: Set(Some(starts_on)),
            trial_statutory_end: Set(Some(period.statutory_end)),
            trial_end: Set(Some(period.ends_on)),
            retraining_agreed_on: Set(retraining.as_ref().map(|a| a.agreed_on)),
            retraining_terms_after: Set(retraining.map(|a| a.terms_after)),
            ..Default::default()
        },
    )
    .await?;
    plan_trial_reminders(&txn, &after).await?;
    txn.commit().await?;
    Ok(after)
}

/// Extends a trial period for retraining by a written agreement made before the employee
/// started (s138(6)); the reminders follow the new end.
pub async fn extend_trial(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    agreement: RetrainingAgreement,
) -> AppResult<OfferRecord> {
    let txn = store.begin_write().await?;
    let (before, trial) =
        lock_in_trial(&txn, id, expected_version, "extend the trial period").await?;
    let period =
        trial_period::trial_period(trial.old_job_ends, trial.start, Some(&agreement), "input")?;
    let after = save(
        &txn,
        actor,
        AuditAction::TrialPeriodExtended,
        &before,
        offer::ActiveModel {
            trial_end: Set(Some(period.ends_on)),
            retraining_agreed_on: Set(Some(agreement.agreed_on)),
            retraining_terms_after: Set(Some(agreement.terms_after)),
            ..Default::default()
        },
    )
    .await?;
    cancel_trial_reminders(&txn, id).await?;
    plan_trial_reminders(&txn, &after).await?;
    txn.commit().await?;
    Ok(after)
}

/// Confirms the employee in the new post (HR or the proposal's manager): the case moves to
/// CONFIRMED and the reminders stop.
pub async fn confirm_trial(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
) -> AppResult<OfferRecord> {
    let txn = store.begin_write().await?;
    let before = lock(&txn, id, expected_version).await?;
    rules::require_status(
        before.status,
        &[OfferStatus::InTrial],
        "confirm the trial period",
    )?;
    let version = case_version(&txn, before.employee_id).await?;
    Box::pin(cases::apply_step(
        &txn,
        actor,
        before.employee_id,
        version,
        CaseStep::ConfirmTrial,
        json!({ "offerId": id }),
        None,
    ))
    .await?;
    let after = save(
        &txn,
        actor,
        AuditAction::TrialPeriodConfirmed,
        &before,
        offer::ActiveModel {
            status: Set(OfferStatus::Confirmed.as_str().to_owned()),
            ..Default::default()
        },
    )
    .await?;
    cancel_trial_reminders(&txn, id).await?;
    txn.commit().await?;
    Ok(after)
}

/// Ends a trial period within it, by the employee or the employer, with the reason: the
/// employee keeps the redundancy entitlement (s138(2)); the case moves to TRIAL_ENDED and the
/// reminders stop.
pub async fn end_trial(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    ended_on: NaiveDate,
    ended_by: EndedBy,
    reason: String,
) -> AppResult<OfferRecord> {
    let txn = store.begin_write().await?;
    let (before, trial) = lock_in_trial(&txn, id, expected_version, "end the trial period").await?;
    rules::check_trial_ending(&trial.period(), ended_on)?;
    let version = case_version(&txn, before.employee_id).await?;
    Box::pin(cases::apply_step(
        &txn,
        actor,
        before.employee_id,
        version,
        CaseStep::EndTrial {
            reason: reason.clone(),
        },
        json!({
            "offerId": id,
            "endedOn": ended_on,
            "endedBy": ended_by.as_str(),
            "keepsRedundancyEntitlement": true,
            "citation": "ERA 1996 s138(2)",
        }),
        Some(std::cmp::Ord::min(ended_on, today())),
    ))
    .await?;
    let after = save(
        &txn,
        actor,
        AuditAction::TrialPeriodEnded,
        &before,
        offer::ActiveModel {
            status: Set(OfferStatus::TrialEnded.as_str().to_owned()),
            trial_ended_on: Set(Some(ended_on)),
            trial_ended_by: Set(Some(ended_by.as_str().to_owned())),
            trial_end_reason: Set(Some(reason)),
            ..Default::default()
        },
    )
    .await?;
    cancel_trial_reminders(&txn, id).await?;
    txn.commit().await?;
    Ok(after)
}

/// The dedupe key of the reminder to answer an offer.
fn answer_reminder_key(employee_id: Uuid, offer_id: Uuid) -> String {
    format!(
        "{}{offer_id}",
        Milestone::OfferAnswerDue.case_prefix(employee_id)
    )
}

fn reminder_prefix(offer_id: Uuid) -> String {
    format!("{}:{offer_id}:", Milestone::TrialPeriodEnding.as_str())
}

async fn cancel_trial_reminders(conn: &impl ConnectionTrait, offer_id: Uuid) -> AppResult<()> {
    outbox::cancel_case_messages(conn, &reminder_prefix(offer_id)).await
}

/// Queues the "trial period ending" reminder to the employee, the proposal's manager and
/// every HR account, on the policy's working days before the end (today when that day has
/// passed; none once the period is over).
async fn plan_trial_reminders(conn: &impl ConnectionTrait, offer: &OfferRecord) -> AppResult<()> {
    let Some(trial) = &offer.trial else {
        return Ok(());
    };
    let policy = super::employer_policy::get(conn).await?.policy;
    let now_day = today();
    let Some(day) = rules::reminder_day(trial.end, policy.trial_reminder_working_days, now_day)
    else {
        return Ok(());
    };
    let due = if day <= now_day {
        Utc::now()
    } else {
        morning_of(day)
    };
    let (person, account) = employee_address(conn, offer.employee_id).await?;
    let proposal = proposal_row(conn, offer.proposal_id).await?;
    let mut recipients: Vec<(Option<Uuid>, String)> = vec![(account, person.work_email.clone())];
    let staff: Vec<(Uuid, String)> = app_user::Entity::find()
        .select_only()
        .column(app_user::Column::Id)
        .column(app_user::Column::Email)
        .filter(
            sea_orm::Condition::any()
                .add(app_user::Column::Role.eq(Role::HrAdmin.as_str()))
                .add(app_user::Column::Id.is_in(proposal.sponsor_id)),
        )
        .order_by_asc(app_user::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    for (id, email) in staff {
        if Some(id) != account {
            recipients.push((Some(id), email));
        }
    }
    for (id, email) in recipients {
        outbox::enqueue_case_message(
            conn,
            offer.proposal_id,
            (id, &email),
            Milestone::TrialPeriodEnding,
            format!(
                "{}{}:{}",
                reminder_prefix(offer.id),
                trial.end,
                email.to_lowercase()
            ),
            json!({
                "proposalId": offer.proposal_id,
                "proposalTitle": proposal.title,
                "proposalPath": format!("/proposals/{}", offer.proposal_id),
                "offerId": offer.id,
                "employeeName": person.name,
                "postTitle": offer.title,
                "trialEnd": trial.end,
                "recipientName": if id == account { person.name.clone() } else { String::new() },
            }),
            due,
        )
        .await?;
    }
    Ok(())
}
