//! Notice of dismissal, redundancy pay and appeals over GraphQL (issue 16, wave 2): the
//! case's `notice`, `redundancyPay` and `appeals`, the proposal's `individualStageCosts`, and
//! the mutations `giveNotice`, `setCasePayInputs`, `lodgeAppeal`, `setAppealHearing`,
//! `recordAppealOutcome`. Who may see and do what is `domain::individual::separation`.

use super::{
    ApiState,
    auth::{RoleGuard, audit_actor},
    cases::{Case, load_case},
    employer_policy::{self, RedundancyPayCalculation},
    money::Money,
    parse_id,
    proposal::Proposal,
};
use crate::domain::{
    access::Permission,
    individual::{
        notice::TIME_OFF_PAY_PERCENT,
        policy::EmployerPolicy,
        separation::{self as rules, AppealOutcome, RelevantDate},
    },
    structure::Pence,
};
use crate::store::{
    self,
    separation::{AppealRecord, NoticeRecord, PayChange, PayInputs},
};
use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

/// A notice of dismissal given (ERA 1996 s86).
#[derive(SimpleObject)]
pub struct Notice {
    /// The day notice was given.
    pub given_on: NaiveDate,
    /// The last day of service: given on + 7 × the weeks.
    pub last_day: NaiveDate,
    /// The notice period in weeks (the longer of statutory and contractual).
    pub notice_weeks: i32,
    /// s86(1): one week from a month's service, one per complete year from two, at most 12.
    pub statutory_weeks: i32,
    /// The contract's notice, when recorded.
    pub contractual_weeks: Option<i32>,
    /// STATUTORY or CONTRACTUAL: where the period comes from.
    pub basis: String,
    /// ERA 1996 s52: entitled to reasonable paid time off during notice to look for work or
    /// arrange training (two years' service).
    pub time_off_to_look_for_work: bool,
    /// What the entitlement means, in words, when entitled.
    pub time_off_explained: Option<String>,
    /// The last day to appeal against this notice: the employer's appeal window, in working
    /// days from the day it was given.
    pub appeal_deadline: NaiveDate,
}

impl Notice {
    fn of(n: NoticeRecord, policy: &EmployerPolicy) -> Self {
        Self {
            appeal_deadline: crate::domain::individual::appeal::deadline(
                n.given_on,
                policy.appeal_window_working_days,
            ),
            given_on: n.given_on,
            last_day: n.last_day,
            notice_weeks: n.notice_weeks,
            statutory_weeks: n.statutory_weeks,
            contractual_weeks: n.contractual_weeks,
            basis: n.basis,
            time_off_to_look_for_work: n.time_off_to_look_for_work,
            time_off_explained: n.time_off_to_look_for_work.then(|| format!(
                "During your notice you may take reasonable time off in working hours to look for another job or arrange training, paid up to {TIME_OFF_PAY_PERCENT}% of a week's pay (Employment Rights Act 1996 ss52-53)."
            )),
        }
    }
}

/// Where the relevant date comes from.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum RelevantDateBasis {
    /// The last day of the notice in force (s145).
    NoticeEnds,
    /// A provisional date HR gave before notice.
    Provisional,
}

/// One person's redundancy pay: HR and that person only.
#[derive(SimpleObject)]
pub struct RedundancyPay {
    /// The relevant date the calculation is at (null when neither notice nor a provisional
    /// date is known).
    pub relevant_date: Option<NaiveDate>,
    /// Relevant date basis.
    pub relevant_date_basis: Option<RelevantDateBasis>,
    /// The facts still needed: continuousServiceStart, dateOfBirth, weeklyPay, relevantDate.
    pub missing: Vec<String>,
    /// The statutory payment line by line, with the employer's scheme beside it
    /// (`enhanced`, null when the policy is statutory only); null while a fact is missing.
    pub statutory: Option<RedundancyPayCalculation>,
    /// The pension strain cost HR entered.
    pub pension_strain: Option<Money>,
    /// HR's pay inputs' version, for `setCasePayInputs`.
    pub inputs_version: i32,
}

/// An appeal's outcome.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "AppealOutcome",
    remote = "crate::domain::individual::separation::AppealOutcome"
)]
pub enum AppealOutcomeValue {
    /// The decision is overturned: the case reopens.
    Upheld,
    /// The decision stands.
    NotUpheld,
}

/// An appeal against a decision of the case.
#[derive(SimpleObject)]
pub struct Appeal {
    /// Opaque identifier.
    pub id: ID,
    /// The employee whose case it is.
    pub employee_id: ID,
    /// Send it back as `expectedVersion`.
    pub version: i32,
    /// The step appealed, e.g. GIVE_NOTICE.
    pub decision_step: String,
    /// The day of the decision appealed.
    pub decided_on: NaiveDate,
    /// The last day it could be lodged (employer policy: working days).
    pub deadline: NaiveDate,
    /// The day the appeal was lodged.
    pub lodged_on: NaiveDate,
    /// Why the employee appeals.
    pub grounds: String,
    /// When the hearing starts.
    pub hearing_starts_at: Option<DateTime<Utc>>,
    /// When the hearing ends.
    pub hearing_ends_at: Option<DateTime<Utc>>,
    /// Where the hearing is.
    pub hearing_place: Option<String>,
    /// The outcome (null until decided).
    pub outcome: Option<AppealOutcomeValue>,
    /// The reasons for the outcome.
    pub outcome_reasons: Option<String>,
    /// The day the outcome was recorded.
    pub outcome_on: Option<NaiveDate>,
    /// The state an upheld appeal reopened the case at.
    pub reopened_at: Option<String>,
}

impl From<AppealRecord> for Appeal {
    fn from(a: AppealRecord) -> Self {
        Self {
            id: ID(a.id.to_string()),
            employee_id: ID(a.employee_id.to_string()),
            version: a.version,
            outcome: a.outcome().map(Into::into),
            decision_step: a.decision_step,
            decided_on: a.decided_on,
            deadline: a.deadline,
            lodged_on: a.lodged_on,
            grounds: a.grounds,
            hearing_starts_at: a.hearing_starts_at,
            hearing_ends_at: a.hearing_ends_at,
            hearing_place: a.hearing_place,
            outcome_reasons: a.outcome_reasons,
            outcome_on: a.outcome_on,
            reopened_at: a.reopened_at,
        }
    }
}

/// A proposal's redundancy costs of the individual stage (HR only): every case not placed
/// or withdrawn.
#[derive(SimpleObject)]
pub struct IndividualStageCosts {
    /// Statutory redundancy pay in all (ERA 1996 s162).
    pub redundancy_pay_statutory: Money,
    /// Under the employer's scheme (equal to statutory when the policy is statutory only).
    pub redundancy_pay_enhanced: Money,
    /// The pension strain costs HR entered.
    pub pension_strain: Money,
    /// Cases whose pay cannot be calculated yet (a fact missing).
    pub missing: i32,
    /// Cases calculated.
    pub calculated: i32,
}

// ---------------------------------------------------------------- resolvers used by Case

/// `Case.notice`: the notice in force (or the latest given).
pub async fn case_notice(ctx: &Context<'_>, case: &Case) -> async_graphql::Result<Option<Notice>> {
    let store = &ApiState::of(ctx).store;
    let Some(notice) = case.page.notice(store, case.inner.case.employee_id).await? else {
        return Ok(None);
    };
    Ok(Some(Notice::of(
        notice.clone(),
        case.page.policy(store).await?,
    )))
}

/// `Case.redundancyPay`: HR and the employee; `FORBIDDEN` for the sponsor and reps.
pub async fn case_pay(ctx: &Context<'_>, case: &Case) -> async_graphql::Result<RedundancyPay> {
    rules::check_may_see_pay(case.view)?;
    let (facts, inputs, policy) = case
        .page
        .pay(&ApiState::of(ctx).store, case.inner.case.employee_id)
        .await?;
    let outcome = rules::pay(facts, policy)?;
    Ok(RedundancyPay {
        relevant_date: outcome.relevant_date.map(RelevantDate::day),
        relevant_date_basis: outcome.relevant_date.map(|d| match d {
            RelevantDate::NoticeEnds(_) => RelevantDateBasis::NoticeEnds,
            RelevantDate::Provisional(_) => RelevantDateBasis::Provisional,
        }),
        missing: outcome.missing.iter().map(|m| (*m).to_owned()).collect(),
        statutory: outcome
            .statutory
            .map(|c| employer_policy::calculation(c, outcome.enhanced)),
        pension_strain: inputs.pension_strain_pence.map(|p| Money(Pence(p))),
        inputs_version: inputs.version,
    })
}

/// `Case.appeals`: HR, the employee and a companion they named.
pub async fn case_appeals(ctx: &Context<'_>, case: &Case) -> async_graphql::Result<Vec<Appeal>> {
    rules::check_may_see_appeals(case.view)?;
    Ok(case
        .page
        .appeals(&ApiState::of(ctx).store, case.inner.case.employee_id)
        .await?
        .iter()
        .cloned()
        .map(Into::into)
        .collect())
}

/// `Proposal.individualStageCosts`: HR only.
pub async fn proposal_costs(
    ctx: &Context<'_>,
    proposal: &Proposal,
) -> async_graphql::Result<IndividualStageCosts> {
    rules::check_may_see_pay_totals(proposal.view)?;
    let costs =
        store::separation::stage_costs(ApiState::of(ctx).store.conn(), proposal.record.id).await?;
    Ok(IndividualStageCosts {
        redundancy_pay_statutory: Money(Pence(costs.statutory_pence)),
        redundancy_pay_enhanced: Money(Pence(costs.enhanced_pence)),
        pension_strain: Money(Pence(costs.pension_strain_pence)),
        missing: costs.missing as i32,
        calculated: costs.calculated as i32,
    })
}

// ---------------------------------------------------------------- mutations

/// Giving notice.
#[derive(InputObject)]
pub struct GiveNoticeInput {
    /// The employee whose case it is.
    pub employee_id: ID,
    /// The case's version you last saw.
    pub expected_version: i32,
    /// The day the employee receives the notice.
    pub given_on: NaiveDate,
}

/// Notice given.
#[derive(SimpleObject)]
pub struct GiveNoticePayload {
    /// The case.
    pub case: Case,
    /// The notice given.
    pub notice: Notice,
}

/// HR's inputs to one person's pay.
#[derive(InputObject)]
pub struct SetCasePayInputsInput {
    /// The employee whose case it is.
    pub employee_id: ID,
    /// `inputsVersion` from `Case.redundancyPay` (0 before the first).
    pub expected_version: i32,
    /// The relevant date to calculate with before notice (null clears it).
    pub provisional_relevant_date: MaybeUndefined<NaiveDate>,
    /// The pension strain cost (null clears it).
    pub pension_strain: MaybeUndefined<Money>,
}

/// HR's pay inputs as set.
#[derive(SimpleObject)]
pub struct CasePayInputs {
    /// The new version.
    pub version: i32,
    /// The provisional relevant date.
    pub provisional_relevant_date: Option<NaiveDate>,
    /// The pension strain cost.
    pub pension_strain: Option<Money>,
}

impl From<PayInputs> for CasePayInputs {
    fn from(p: PayInputs) -> Self {
        Self {
            version: p.version,
            provisional_relevant_date: p.provisional_relevant_date,
            pension_strain: p.pension_strain_pence.map(|p| Money(Pence(p))),
        }
    }
}

/// An appeal to lodge.
#[derive(InputObject)]
pub struct LodgeAppealInput {
    /// Your case (your employee id).
    pub employee_id: ID,
    /// Why you are appealing.
    pub grounds: String,
}

/// An appeal hearing.
#[derive(InputObject)]
pub struct SetAppealHearingInput {
    /// The appeal.
    pub appeal_id: ID,
    /// The appeal's version you last saw.
    pub expected_version: i32,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends.
    pub ends_at: DateTime<Utc>,
    /// Where (a room, or how to join).
    pub place: String,
}

/// An appeal's outcome.
#[derive(InputObject)]
pub struct RecordAppealOutcomeInput {
    /// The appeal.
    pub appeal_id: ID,
    /// The appeal's version you last saw.
    pub expected_version: i32,
    /// The outcome (null until decided).
    pub outcome: AppealOutcomeValue,
    /// The reasons, stated in the outcome letter.
    pub reasons: String,
}

/// An appeal decided, and the case (reopened when upheld).
#[derive(SimpleObject)]
pub struct RecordAppealOutcomePayload {
    /// The appeal.
    pub appeal: Appeal,
    /// The case.
    pub case: Case,
}

#[derive(Default)]
pub struct SeparationMutation;

#[Object]
impl SeparationMutation {
    /// Gives notice of dismissal (HR): the period and last day are worked out (ERA 1996 s86);
    /// refused before consultation has ended (Junk v Kühnel) or before HR1 (TULRCA s193).
    /// Emails the employee their last day and right of appeal.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn give_notice(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The notice.")] input: GiveNoticeInput,
    ) -> async_graphql::Result<GiveNoticePayload> {
        let id = parse_id(&input.employee_id, "input.employeeId")?;
        let notice = store::separation::give_notice(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            input.given_on,
        )
        .await?;
        let policy = store::employer_policy::get(ApiState::of(ctx).store.conn())
            .await?
            .policy;
        Ok(GiveNoticePayload {
            case: load_case(ctx, id).await?,
            notice: Notice::of(notice, &policy),
        })
    }

    /// Sets a case's provisional relevant date and pension strain cost (HR).
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn set_case_pay_inputs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The inputs.")] input: SetCasePayInputsInput,
    ) -> async_graphql::Result<CasePayInputs> {
        let id = parse_id(&input.employee_id, "input.employeeId")?;
        let change = PayChange {
            provisional_relevant_date: match input.provisional_relevant_date {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(v) => Some(Some(v)),
            },
            pension_strain_pence: match input.pension_strain {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(v) => Some(Some(v.0.0)),
            },
        };
        Ok(store::separation::set_pay_inputs(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            change,
        )
        .await?
        .into())
    }

    /// Lodges your appeal against your notice of dismissal, within the employer's window
    /// (working days). Only the employee themself; once per decision.
    async fn lodge_appeal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The appeal.")] input: LodgeAppealInput,
    ) -> async_graphql::Result<Appeal> {
        let id = parse_id(&input.employee_id, "input.employeeId")?;
        let case = load_case(ctx, id).await?;
        rules::check_may_lodge(case.view)?;
        Ok(store::separation::lodge_appeal(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.grounds,
        )
        .await?
        .into())
    }

    /// Sets or moves the appeal hearing (HR); the employee is emailed an invite (.ics).
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn set_appeal_hearing(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The hearing.")] input: SetAppealHearingInput,
    ) -> async_graphql::Result<Appeal> {
        let id = parse_id(&input.appeal_id, "input.appealId")?;
        Ok(store::separation::set_hearing(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            input.starts_at,
            input.ends_at,
            input.place,
        )
        .await?
        .into())
    }

    /// Records the appeal's outcome (HR); an upheld appeal reopens the case at the state
    /// before the decision appealed. Issue the APPEAL_OUTCOME letter after.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn record_appeal_outcome(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The outcome.")] input: RecordAppealOutcomeInput,
    ) -> async_graphql::Result<RecordAppealOutcomePayload> {
        let id = parse_id(&input.appeal_id, "input.appealId")?;
        let outcome: AppealOutcome = input.outcome.into();
        let (appeal, _) = store::separation::record_outcome(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            outcome,
            input.reasons,
        )
        .await?;
        let employee_id = appeal.employee_id;
        Ok(RecordAppealOutcomePayload {
            appeal: appeal.into(),
            case: load_case(ctx, employee_id).await?,
        })
    }
}
