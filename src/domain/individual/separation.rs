//! The end of a case: notice given (ERA 1996 s86), redundancy pay (s162) and the appeal
//! against the decision. The law itself is in `notice`, `redundancy_pay` and `appeal`; this
//! module decides who may see and do what, which decision an appeal is against, what is
//! missing for a calculation, and the per-proposal totals. No I/O.

use super::{
    case::{CaseState, CaseView},
    notice::CollectiveGate,
    policy::EmployerPolicy,
    redundancy_pay::{self, EnhancedPayCalculation, RedundancyPayCalculation, RedundancyPayInput},
};
use crate::domain::{
    DomainError, access::ProposalView, proposal::Jurisdiction, structure::Pence, working_days,
};
use chrono::NaiveDate;
use uuid::Uuid;

/// The case step whose decision an employee appeals: notice of dismissal.
pub const APPEALABLE_STEP: &str = "GIVE_NOTICE";

/// How many working days before the appeal deadline the employee is reminded.
pub const APPEAL_REMINDER_WORKING_DAYS: u32 = 2;

/// The collective gates before notice: none when s188 does not apply (fewer than 20 at the
/// establishment), else the consultation's last day and HR1's day.
pub fn gate(
    s188_applies: bool,
    consultation_last_day: Option<NaiveDate>,
    hr1_made_on: Option<NaiveDate>,
) -> CollectiveGate {
    if s188_applies {
        CollectiveGate::Required {
            consultation_last_day,
            hr1_made_on,
        }
    } else {
        CollectiveGate::NotRequired
    }
}

/// Notice is given by HR: refused for every other role (`FORBIDDEN`).
pub fn check_may_give_notice(view: CaseView) -> Result<(), DomainError> {
    match view {
        CaseView::Hr => Ok(()),
        _ => Err(DomainError::Forbidden(
            "Only HR gives notice of dismissal.".into(),
        )),
    }
}

/// A person's redundancy pay: HR and that person. The sponsor and union representatives
/// never see it (the proposal's totals are HR's too).
pub fn check_may_see_pay(view: CaseView) -> Result<(), DomainError> {
    match view {
        CaseView::Hr | CaseView::Own => Ok(()),
        CaseView::Sponsor | CaseView::Companion => Err(DomainError::Forbidden(
            "Redundancy pay is personal data: only HR and the employee see it.".into(),
        )),
    }
}

/// The proposal's redundancy cost totals are built from each person's pay: HR only.
pub fn check_may_see_pay_totals(view: ProposalView) -> Result<(), DomainError> {
    view.pay_data()
}

/// A person's appeals: HR, the employee, and a union representative they named as their
/// companion. Not the sponsor (often the manager whose decision is appealed).
pub fn check_may_see_appeals(view: CaseView) -> Result<(), DomainError> {
    match view {
        CaseView::Hr | CaseView::Own | CaseView::Companion => Ok(()),
        CaseView::Sponsor => Err(DomainError::Forbidden(
            "An appeal is between the employee and HR; the proposal's manager does not see it."
                .into(),
        )),
    }
}

/// Only the employee lodges their own appeal.
pub fn check_may_lodge(view: CaseView) -> Result<(), DomainError> {
    match view {
        CaseView::Own => Ok(()),
        _ => Err(DomainError::Forbidden(
            "Only the employee can lodge their appeal, in the app. HR can record a late or paper appeal by asking them to lodge it here.".into(),
        )),
    }
}

/// An appeal's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealOutcome {
    Upheld,
    NotUpheld,
}

impl AppealOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upheld => "UPHELD",
            Self::NotUpheld => "NOT_UPHELD",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Upheld, Self::NotUpheld]
            .into_iter()
            .find(|o| o.as_str() == value)
    }

    /// As the letter says it.
    pub fn words(self) -> &'static str {
        match self {
            Self::Upheld => "Your appeal is upheld.",
            Self::NotUpheld => "Your appeal is not upheld.",
        }
    }
}

/// One step of the case history, as far as appeals need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionEvent {
    pub id: Uuid,
    pub step: String,
    pub from: Option<CaseState>,
    pub occurred_on: NaiveDate,
}

/// The decision an appeal now would be against: the latest notice of dismissal, if the case
/// is under notice or has left. `None` when there is nothing to appeal.
pub fn decision_to_appeal(state: CaseState, history: &[DecisionEvent]) -> Option<&DecisionEvent> {
    if !matches!(state, CaseState::NoticeGiven | CaseState::Left) {
        return None;
    }
    history.iter().rev().find(|e| e.step == APPEALABLE_STEP)
}

/// Refuses an appeal when there is no decision to appeal, or one was already lodged against
/// it, or it is out of time (`appeal::check_lodged`).
pub fn check_lodge(
    decision: Option<&DecisionEvent>,
    already_appealed: bool,
    lodged_on: NaiveDate,
    policy: &EmployerPolicy,
) -> Result<NaiveDate, DomainError> {
    let Some(decision) = decision else {
        return Err(DomainError::PreconditionFailed {
            message:
                "There is no decision to appeal yet: an appeal is against notice of dismissal."
                    .into(),
            missing: vec!["notice of dismissal".into()],
        });
    };
    if already_appealed {
        return Err(DomainError::Conflict(
            "You have already appealed against this decision; HR will hear it. Contact HR to add to your grounds.".into(),
        ));
    }
    super::appeal::check_lodged(
        lodged_on,
        decision.occurred_on,
        policy.appeal_window_working_days,
    )?;
    Ok(super::appeal::deadline(
        decision.occurred_on,
        policy.appeal_window_working_days,
    ))
}

/// Checks the grounds of an appeal: required, at most 5,000 characters.
pub fn grounds(text: &str) -> Result<String, DomainError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(DomainError::bad_input(
            "input.grounds",
            "Say why you are appealing: the grounds are what the hearing considers.",
        ));
    }
    if trimmed.chars().count() > 5_000 {
        return Err(DomainError::bad_input(
            "input.grounds",
            "The grounds are longer than 5,000 characters; shorten them or bring the rest to the hearing.",
        ));
    }
    Ok(trimmed.to_owned())
}

/// Refuses recording a second outcome, or an upheld outcome without reasons.
pub fn check_outcome(already: Option<AppealOutcome>, reasons: &str) -> Result<(), DomainError> {
    if let Some(previous) = already {
        return Err(DomainError::Conflict(format!(
            "The appeal's outcome is already recorded ({}); it is final.",
            previous.as_str()
        )));
    }
    if reasons.trim().is_empty() {
        return Err(DomainError::bad_input(
            "input.reasons",
            "Give the reasons for the outcome: the letter states them.",
        ));
    }
    if reasons.chars().count() > 5_000 {
        return Err(DomainError::bad_input(
            "input.reasons",
            "The reasons are longer than 5,000 characters; shorten them.",
        ));
    }
    Ok(())
}

/// A hearing must end after it starts, and be held at a named place.
pub fn check_hearing(
    starts_at: chrono::DateTime<chrono::Utc>,
    ends_at: chrono::DateTime<chrono::Utc>,
    place: &str,
    outcome_recorded: bool,
) -> Result<(), DomainError> {
    if outcome_recorded {
        return Err(DomainError::Conflict(
            "The appeal has been decided; its hearing cannot be moved.".into(),
        ));
    }
    if ends_at <= starts_at {
        return Err(DomainError::bad_input(
            "input.endsAt",
            "The hearing must end after it starts.",
        ));
    }
    if place.trim().is_empty() || place.chars().count() > 500 {
        return Err(DomainError::bad_input(
            "input.place",
            "Say where the hearing is (a room, or how to join), in at most 500 characters.",
        ));
    }
    Ok(())
}

/// The day the appeal-deadline reminder goes: `APPEAL_REMINDER_WORKING_DAYS` working days
/// before the deadline, but not before the decision day.
pub fn reminder_day(decided_on: NaiveDate, deadline: NaiveDate) -> NaiveDate {
    let mut day = deadline;
    let mut left = APPEAL_REMINDER_WORKING_DAYS;
    while left > 0 && day > decided_on {
        day = day.pred_opt().expect("in range");
        if working_days::is_working_day(day) {
            left -= 1;
        }
    }
    day.max(decided_on)
}

/// The relevant date for redundancy pay (s145): the last day of the notice in force, else the
/// provisional date HR gives before notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelevantDate {
    NoticeEnds(NaiveDate),
    Provisional(NaiveDate),
}

impl RelevantDate {
    pub fn day(self) -> NaiveDate {
        match self {
            Self::NoticeEnds(d) | Self::Provisional(d) => d,
        }
    }
}

/// What one person's pay is calculated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayFacts {
    pub service_start: Option<NaiveDate>,
    pub date_of_birth: Option<NaiveDate>,
    pub weekly_pay: Option<Pence>,
    pub notice_last_day: Option<NaiveDate>,
    pub provisional_relevant_date: Option<NaiveDate>,
    pub jurisdiction: Jurisdiction,
}

/// One person's pay: the statutory calculation and the employer's scheme beside it, or what
/// is missing (named as the input fields HR fills in).
#[derive(Debug, Clone, PartialEq)]
pub struct PayOutcome {
    pub relevant_date: Option<RelevantDate>,
    pub missing: Vec<&'static str>,
    pub statutory: Option<RedundancyPayCalculation>,
    pub enhanced: Option<EnhancedPayCalculation>,
}

/// Calculates one person's pay; facts that do not fit together are refused with the field.
pub fn pay(facts: &PayFacts, policy: &EmployerPolicy) -> Result<PayOutcome, DomainError> {
    let relevant_date = facts.notice_last_day.map(RelevantDate::NoticeEnds).or(facts
        .provisional_relevant_date
        .map(RelevantDate::Provisional));
    let mut missing = Vec::new();
    if facts.service_start.is_none() {
        missing.push("continuousServiceStart");
    }
    if facts.date_of_birth.is_none() {
        missing.push("dateOfBirth");
    }
    if facts.weekly_pay.is_none() {
        missing.push("weeklyPay");
    }
    if relevant_date.is_none() {
        missing.push("relevantDate");
    }
    let (Some(start), Some(born), Some(weekly), Some(relevant)) = (
        facts.service_start,
        facts.date_of_birth,
        facts.weekly_pay,
        relevant_date,
    ) else {
        return Ok(PayOutcome {
            relevant_date,
            missing,
            statutory: None,
            enhanced: None,
        });
    };
    let input = RedundancyPayInput::parse(
        start,
        born,
        weekly,
        relevant.day(),
        facts.jurisdiction,
        "input",
    )?;
    let statutory = redundancy_pay::statutory(&input);
    let enhanced = policy
        .enhanced_scheme()
        .map(|scheme| redundancy_pay::enhanced(&statutory, &scheme));
    Ok(PayOutcome {
        relevant_date: Some(relevant),
        missing,
        statutory: Some(statutory),
        enhanced,
    })
}

/// A proposal's redundancy costs of the individual stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageCosts {
    pub statutory_pence: i64,
    /// The employer's scheme (never below statutory); equals the statutory total when the
    /// policy is statutory only.
    pub enhanced_pence: i64,
    pub pension_strain_pence: i64,
    /// Cases whose pay cannot be calculated yet (a fact missing or not fitting).
    pub missing: u32,
    pub calculated: u32,
}

/// Adds one person's pay and pension strain to the totals; a case whose facts do not fit is
/// counted as missing, never silently dropped.
pub fn add_to_costs(
    costs: &mut StageCosts,
    facts: &PayFacts,
    pension_strain: Option<i64>,
    policy: &EmployerPolicy,
) {
    costs.pension_strain_pence += pension_strain.unwrap_or(0);
    match pay(facts, policy) {
        Ok(PayOutcome {
            statutory: Some(statutory),
            enhanced,
            ..
        }) => {
            costs.calculated += 1;
            costs.statutory_pence += statutory.total_pence;
            costs.enhanced_pence += enhanced.map_or(statutory.total_pence, |e| e.total_pence);
        }
        _ => costs.missing += 1,
    }
}

/// The pension strain HR enters: pounds, not negative, at most £10m.
pub fn check_pension_strain(pence: i64) -> Result<i64, DomainError> {
    if !(0..=1_000_000_000).contains(&pence) {
        return Err(DomainError::bad_input(
            "input.pensionStrain",
            "A pension strain cost is from £0 to £10,000,000.",
        ));
    }
    Ok(pence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::individual::policy::SchemeKind;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn facts() -> PayFacts {
        PayFacts {
            service_start: Some(day(2010, 9, 1)),
            date_of_birth: Some(day(1975, 3, 15)),
            weekly_pay: Some(Pence(60_000)),
            notice_last_day: Some(day(2026, 6, 30)),
            provisional_relevant_date: Some(day(2026, 1, 1)),
            jurisdiction: Jurisdiction::GreatBritain,
        }
    }

    /// s162, worked: service from 1 September 2010 to 30 June 2026 is 15 complete years; born
    /// 15 March 1975, so 41 or over throughout the last 10 counted years (1.5 weeks each) and
    /// 22 to 40 throughout the 5 before (1 week each): 20 weeks at £600 (under the £751 limit
    /// from 6 April 2026) = £12,000. The notice's last day wins over the provisional date.
    #[test]
    fn pay_is_worked_at_the_notice_last_day() {
        let outcome = pay(&facts(), &EmployerPolicy::default()).unwrap();
        assert_eq!(
            outcome.relevant_date,
            Some(RelevantDate::NoticeEnds(day(2026, 6, 30)))
        );
        let s = outcome.statutory.unwrap();
        assert_eq!(s.complete_years_of_service, 15);
        assert_eq!(s.total_weeks, 20.0);
        assert_eq!(s.total_pence, 1_200_000);
        assert!(outcome.enhanced.is_none());
    }

    #[test]
    fn missing_facts_are_named_and_counted() {
        let mut f = facts();
        f.date_of_birth = None;
        f.notice_last_day = None;
        f.provisional_relevant_date = None;
        let outcome = pay(&f, &EmployerPolicy::default()).unwrap();
        assert_eq!(outcome.missing, vec!["dateOfBirth", "relevantDate"]);
        let mut costs = StageCosts::default();
        add_to_costs(&mut costs, &f, Some(500_000), &EmployerPolicy::default());
        add_to_costs(&mut costs, &facts(), None, &EmployerPolicy::default());
        assert_eq!(costs.missing, 1);
        assert_eq!(costs.calculated, 1);
        assert_eq!(costs.statutory_pence, 1_200_000);
        assert_eq!(costs.enhanced_pence, 1_200_000);
        assert_eq!(costs.pension_strain_pence, 500_000);
    }

    /// An enhanced scheme of actual pay × 1.5: 20 weeks × 1.5 = 30 weeks at £600 = £18,000.
    #[test]
    fn the_enhanced_scheme_sits_beside_the_statutory_pay() {
        let policy = EmployerPolicy {
            scheme_kind: SchemeKind::Enhanced,
            use_actual_weekly_pay: true,
            multiplier_hundredths: 150,
            max_weeks: 104,
            ..EmployerPolicy::default()
        };
        let outcome = pay(&facts(), &policy).unwrap();
        assert_eq!(outcome.enhanced.unwrap().total_pence, 1_800_000);
    }

    #[test]
    fn an_appeal_is_against_the_latest_notice_once_and_in_time() {
        let notice = DecisionEvent {
            id: Uuid::nil(),
            step: APPEALABLE_STEP.into(),
            from: Some(CaseState::Redeployment),
            occurred_on: day(2026, 4, 1),
        };
        let history = vec![notice.clone()];
        assert!(decision_to_appeal(CaseState::Redeployment, &history).is_none());
        let decision = decision_to_appeal(CaseState::NoticeGiven, &history);
        let policy = EmployerPolicy::default();
        assert_eq!(
            check_lodge(decision, false, day(2026, 4, 17), &policy).unwrap(),
            day(2026, 4, 17)
        );
        assert_eq!(
            check_lodge(decision, false, day(2026, 4, 20), &policy)
                .unwrap_err()
                .code(),
            "DEADLINE_PASSED"
        );
        assert_eq!(
            check_lodge(decision, true, day(2026, 4, 2), &policy)
                .unwrap_err()
                .code(),
            "CONFLICT"
        );
        assert_eq!(
            check_lodge(None, false, day(2026, 4, 2), &policy)
                .unwrap_err()
                .code(),
            "PRECONDITION_FAILED"
        );
    }

    #[test]
    fn only_the_employee_lodges_and_only_hr_and_they_see_pay() {
        assert!(check_may_lodge(CaseView::Own).is_ok());
        for v in [CaseView::Hr, CaseView::Sponsor, CaseView::Companion] {
            assert_eq!(check_may_lodge(v).unwrap_err().code(), "FORBIDDEN");
        }
        assert!(check_may_see_pay(CaseView::Hr).is_ok());
        assert!(check_may_see_pay(CaseView::Own).is_ok());
        assert!(check_may_see_pay(CaseView::Sponsor).is_err());
        assert!(check_may_see_pay(CaseView::Companion).is_err());
    }

    /// Deadline Friday 17 April 2026: the reminder goes two working days before, Wednesday 15.
    #[test]
    fn the_reminder_is_two_working_days_before_the_deadline() {
        assert_eq!(
            reminder_day(day(2026, 4, 1), day(2026, 4, 17)),
            day(2026, 4, 15)
        );
        assert_eq!(
            reminder_day(day(2026, 4, 16), day(2026, 4, 17)),
            day(2026, 4, 16)
        );
    }

    #[test]
    fn a_second_outcome_is_refused() {
        assert_eq!(
            check_outcome(Some(AppealOutcome::Upheld), "x")
                .unwrap_err()
                .code(),
            "CONFLICT"
        );
        assert_eq!(
            check_outcome(None, " ").unwrap_err().code(),
            "BAD_USER_INPUT"
        );
    }
}
