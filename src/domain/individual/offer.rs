//! Offers of suitable alternative employment and the trial period in the new post (Employment
//! Rights Act 1996 s138, s141): an offer's life, who may see and do what with it, and the
//! checks an offer, an answer and a trial's ending must pass. The statutory arithmetic (the
//! four weeks, the retraining extension, the reminder day) is `trial_period`'s; the case's
//! states are `case`'s. Nothing here reads or writes.
//!
//! Suitability and reasonableness (s141) are never decided here: Consult records HR's
//! judgement, given explicitly with its reasons (`trial_period::RefusalJudgement`).

use super::{
    case::CaseView,
    trial_period::{self, TrialEnding, TrialPeriod},
};
use crate::domain::{DomainError, access::Viewer, account::Role, working_days};
use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

/// Where an offer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum OfferStatus {
    /// Made; waiting for the employee's answer.
    Offered,
    /// Accepted by the employee; the trial period has not started.
    Accepted,
    /// Declined by the employee, with their reason.
    Declined,
    /// The employee is working the trial period in the new post.
    InTrial,
    /// The employee keeps the new post.
    Confirmed,
    /// The trial period ended (by either side) without the post being kept.
    TrialEnded,
}

impl OfferStatus {
    pub const ALL: [OfferStatus; 6] = [
        Self::Offered,
        Self::Accepted,
        Self::Declined,
        Self::InTrial,
        Self::Confirmed,
        Self::TrialEnded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Offered => "OFFERED",
            Self::Accepted => "ACCEPTED",
            Self::Declined => "DECLINED",
            Self::InTrial => "IN_TRIAL",
            Self::Confirmed => "CONFIRMED",
            Self::TrialEnded => "TRIAL_ENDED",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    fn describe(self) -> &'static str {
        match self {
            Self::Offered => "waiting for the employee's answer",
            Self::Accepted => "accepted, with no trial period started",
            Self::Declined => "declined",
            Self::InTrial => "in its trial period",
            Self::Confirmed => "confirmed",
            Self::TrialEnded => "at the end of its trial period",
        }
    }
}

/// Who ended a trial period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EndedBy {
    Employee,
    Employer,
}

impl EndedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Employee => "EMPLOYEE",
            Self::Employer => "EMPLOYER",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Employee, Self::Employer]
            .into_iter()
            .find(|s| s.as_str() == value)
    }
}

/// Refuses an action on an offer that is not in one of `allowed`.
pub fn require_status(
    status: OfferStatus,
    allowed: &[OfferStatus],
    action: &str,
) -> Result<(), DomainError> {
    if allowed.contains(&status) {
        return Ok(());
    }
    Err(DomainError::PreconditionFailed {
        message: format!("You cannot {action}: the offer is {}.", status.describe()),
        missing: allowed.iter().map(|s| s.as_str().to_owned()).collect(),
    })
}

/// The longest title, grade or place of a post offered.
pub const MAX_LINE_CHARS: usize = 200;

/// A post offered outside the new structure: a vacancy, described by HR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vacancy {
    pub title: String,
    pub grade: Option<String>,
    pub place: Option<String>,
    pub weekly_pay_pence: Option<i64>,
}

fn line(
    value: &str,
    field: &str,
    what: &str,
    required: bool,
) -> Result<Option<String>, DomainError> {
    let value = value.trim();
    if value.is_empty() {
        return if required {
            Err(DomainError::bad_input(field, format!("Give {what}.")))
        } else {
            Ok(None)
        };
    }
    if value.chars().count() > MAX_LINE_CHARS {
        return Err(DomainError::bad_input(
            field,
            format!("{what} is longer than {MAX_LINE_CHARS} characters; shorten it."),
        ));
    }
    Ok(Some(value.to_owned()))
}

/// Checks a vacancy's description: a title; a grade, place and pay when given (pay a positive
/// weekly amount).
pub fn vacancy(
    title: &str,
    grade: Option<&str>,
    place: Option<&str>,
    weekly_pay_pence: Option<i64>,
) -> Result<Vacancy, DomainError> {
    let title = line(title, "input.vacancy.title", "the post's title", true)?.unwrap_or_default();
    let grade = match grade {
        Some(g) => line(g, "input.vacancy.grade", "the grade", false)?,
        None => None,
    };
    let place = match place {
        Some(p) => line(p, "input.vacancy.place", "the place of work", false)?,
        None => None,
    };
    if let Some(pay) = weekly_pay_pence
        && pay <= 0
    {
        return Err(DomainError::bad_input(
            "input.vacancy.weeklyPay",
            "A week's pay is an amount above zero.",
        ));
    }
    Ok(Vacancy {
        title,
        grade,
        place,
        weekly_pay_pence,
    })
}

/// The day the employee must answer by: today at the earliest.
pub fn check_answer_by(answer_by: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
    if answer_by < today {
        return Err(DomainError::bad_input(
            "input.answerBy",
            "The day to answer by has passed: give today or a later day.",
        ));
    }
    Ok(())
}

/// A reason given by the employee or HR: required, at most 2,000 characters.
pub fn reason(text: &str, field: &str, what: &str) -> Result<String, DomainError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DomainError::bad_input(
            field,
            format!("Give {what}: it is kept with the offer."),
        ));
    }
    if text.chars().count() > 2000 {
        return Err(DomainError::bad_input(
            field,
            format!("{what} is longer than 2,000 characters; shorten it."),
        ));
    }
    Ok(text.to_owned())
}

/// How a viewer sees a case's offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferView {
    /// HR: everything.
    Hr,
    /// The employee: their own offers, with the pay offered and HR's s141 judgement (it
    /// bears on their redundancy payment).
    Own,
    /// The proposal's sponsor: the offers without the pay offered or HR's s141 judgement.
    Sponsor,
}

impl OfferView {
    pub fn sees_pay(self) -> bool {
        matches!(self, Self::Hr | Self::Own)
    }

    pub fn sees_judgement(self) -> bool {
        matches!(self, Self::Hr | Self::Own)
    }
}

/// How the viewer of a case sees its offers: union representatives never (even as a named
/// companion: an offer carries pay and terms, which are the employee's and HR's).
pub fn offer_view(case_view: CaseView) -> Result<OfferView, DomainError> {
    match case_view {
        CaseView::Hr => Ok(OfferView::Hr),
        CaseView::Own => Ok(OfferView::Own),
        CaseView::Sponsor => Ok(OfferView::Sponsor),
        CaseView::Companion => Err(DomainError::Forbidden(
            "Offers are between the employee and HR: union representatives do not see them. Ask the employee.".into(),
        )),
    }
}

/// Only the employee answers their offer: nobody, HR included, accepts or declines for them.
pub fn may_answer(own: bool) -> Result<(), DomainError> {
    if own {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "Only the employee can accept or decline their offer, in Consult.".into(),
        ))
    }
}

/// Who confirms or ends a trial period: HR, or the proposal's sponsor (the manager of the
/// new post).
pub fn may_review_trial(view: CaseView) -> Result<(), DomainError> {
    match view {
        CaseView::Hr | CaseView::Sponsor => Ok(()),
        CaseView::Own | CaseView::Companion => Err(DomainError::Forbidden(
            "Only HR or the proposal's manager confirm or end a trial period. An employee who wants to end theirs tells them.".into(),
        )),
    }
}

/// Which running trial periods a viewer is asked to review (`myTrialReviews`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrialReviewScope {
    /// HR: every proposal's.
    Every,
    /// A manager: those of the proposals they sponsor.
    SponsoredBy(Uuid),
}

/// The trial periods `viewer` reviews and how they see each offer: HR every one, a manager
/// those of the proposals they sponsor (the same people `may_review_trial` lets confirm or
/// end them); staff and union representatives none, so `None` (an empty list, not an error:
/// the list is a task list, and theirs is empty).
pub fn trial_reviews_of(viewer: &Viewer) -> Option<(TrialReviewScope, OfferView)> {
    match viewer.role {
        Role::HrAdmin => Some((TrialReviewScope::Every, OfferView::Hr)),
        Role::Manager => Some((
            TrialReviewScope::SponsoredBy(viewer.user_id),
            OfferView::Sponsor,
        )),
        Role::Staff | Role::UnionRep => None,
    }
}

/// How near a running trial period is to its end, for the reviewer's task list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrialReviewTiming {
    /// Working days (England and Wales) after today up to and including the last day; 0 on
    /// the last day and after it.
    pub working_days_left: u32,
    /// The "trial period ending" reminder's day has come (the policy's lead in working days
    /// before the end), or the period is over and still unreviewed.
    pub due_soon: bool,
}

/// The timing of a trial period ending on `ends_on`, seen on `today`.
pub fn review_timing(
    ends_on: NaiveDate,
    lead_working_days: u32,
    today: NaiveDate,
) -> TrialReviewTiming {
    TrialReviewTiming {
        working_days_left: working_days::working_days_between(today, ends_on),
        due_soon: today >= trial_period::reminder_on(ends_on, lead_working_days),
    }
}

/// The day the old job ends, for the four-week rule of s138(1)(b):
/// - HR's recorded day, when given;
/// - else the last day of the notice in force, when the new post starts after it;
/// - else (no notice, or the new post starts during notice) the day before the new post
///   starts: the new contract takes effect immediately on the old one's ending.
///
/// Unsure: when an employee moves to the new post during notice, Consult treats the old
/// contract as ending the day before (by agreement); a tribunal might look at the facts.
pub fn old_job_ends(
    given: Option<NaiveDate>,
    notice_last_day: Option<NaiveDate>,
    new_post_starts: NaiveDate,
) -> NaiveDate {
    if let Some(day) = given {
        return day;
    }
    match notice_last_day {
        Some(last) if last < new_post_starts => last,
        _ => new_post_starts.pred_opt().unwrap_or(new_post_starts),
    }
}

/// The trial period as recorded on an offer (for `trial_period::ending`).
pub fn recorded_trial(
    old_job_ends: NaiveDate,
    starts: NaiveDate,
    statutory_end: NaiveDate,
    ends_on: NaiveDate,
) -> TrialPeriod {
    TrialPeriod {
        old_job_ends,
        new_post_starts: starts,
        statutory_end,
        ends_on,
        extended_for_retraining: ends_on != statutory_end,
        citation: if ends_on != statutory_end {
            "ERA 1996 s138(3), s138(6)"
        } else {
            "ERA 1996 s138(3)"
        },
    }
}

/// Checks the day a trial period ended: on or after its first day, and within it (s138(2)).
/// After the period the new employment stands: ending it then is not the end of a trial
/// period, and is refused here.
pub fn check_trial_ending(
    trial: &TrialPeriod,
    ended_on: NaiveDate,
) -> Result<TrialEnding, DomainError> {
    if ended_on < trial.new_post_starts {
        return Err(DomainError::bad_input(
            "input.endedOn",
            format!(
                "The trial period began on {}: it cannot end before it began.",
                show(trial.new_post_starts)
            ),
        ));
    }
    match trial_period::ending(trial, ended_on) {
        TrialEnding::WithinPeriodKeepsEntitlement => Ok(TrialEnding::WithinPeriodKeepsEntitlement),
        TrialEnding::AfterPeriodNoEntitlement => Err(DomainError::PreconditionFailed {
            message: format!(
                "The trial period ended on {}: after it the new post stands, so it cannot be ended as a trial (ERA 1996 s138(2)). Confirm the trial period instead.",
                show(trial.ends_on)
            ),
            missing: vec!["a day within the trial period".into()],
        }),
    }
}

/// When the "trial period ending" reminder goes: `lead` working days before its end, or
/// today when that day has passed; none once the trial period is over.
pub fn reminder_day(
    ends_on: NaiveDate,
    lead_working_days: u32,
    today: NaiveDate,
) -> Option<NaiveDate> {
    if today > ends_on {
        return None;
    }
    Some(trial_period::reminder_on(ends_on, lead_working_days).max(today))
}

/// When the reminder to answer an offer goes: the working day before the answer-by day, or
/// today when that day has passed (an offer made to be answered at once).
pub fn answer_reminder_day(answer_by: NaiveDate, today: NaiveDate) -> NaiveDate {
    trial_period::reminder_on(answer_by, 1).max(today)
}

/// HR may record an s141 judgement on a refusal: an offer declined, or a trial period the
/// employee ended (s141(4)(d)).
pub fn check_judgement_allowed(
    status: OfferStatus,
    ended_by: Option<EndedBy>,
) -> Result<(), DomainError> {
    match (status, ended_by) {
        (OfferStatus::Declined, _) | (OfferStatus::TrialEnded, Some(EndedBy::Employee)) => Ok(()),
        _ => Err(DomainError::PreconditionFailed {
            message: format!(
                "A judgement under ERA 1996 s141 is about a refusal: an offer declined, or a trial period the employee ended. This offer is {}.",
                status.describe()
            ),
            missing: vec!["a refusal".into()],
        }),
    }
}

fn show(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn statuses_round_trip_and_refusals_say_where_the_offer_is() {
        for s in OfferStatus::ALL {
            assert_eq!(OfferStatus::parse(s.as_str()), Some(s));
        }
        let err = require_status(OfferStatus::Declined, &[OfferStatus::Offered], "answer it")
            .unwrap_err();
        assert_eq!(err.code(), "PRECONDITION_FAILED");
        assert_eq!(
            err.message(),
            "You cannot answer it: the offer is declined."
        );
    }

    #[test]
    fn a_vacancy_needs_a_title_and_a_positive_pay() {
        let v = vacancy(" SEN Officer ", Some("Grade 10"), Some(" "), Some(60_000)).unwrap();
        assert_eq!(v.title, "SEN Officer");
        assert_eq!(v.place, None);
        assert_eq!(
            vacancy(" ", None, None, None).unwrap_err().code(),
            "BAD_USER_INPUT"
        );
        assert!(vacancy("x", None, None, Some(0)).is_err());
        assert!(vacancy(&"x".repeat(201), None, None, None).is_err());
    }

    #[test]
    fn the_answer_by_day_is_today_or_later() {
        assert!(check_answer_by(day(2026, 12, 6), day(2026, 12, 6)).is_ok());
        assert!(check_answer_by(day(2026, 12, 5), day(2026, 12, 6)).is_err());
    }

    #[test]
    fn reps_never_see_offers_the_sponsor_sees_no_pay_and_only_the_employee_answers() {
        assert_eq!(offer_view(CaseView::Hr), Ok(OfferView::Hr));
        assert!(OfferView::Own.sees_pay() && OfferView::Own.sees_judgement());
        assert!(!OfferView::Sponsor.sees_pay() && !OfferView::Sponsor.sees_judgement());
        assert_eq!(
            offer_view(CaseView::Companion).unwrap_err().code(),
            "FORBIDDEN"
        );
        assert!(may_answer(true).is_ok());
        assert_eq!(may_answer(false).unwrap_err().code(), "FORBIDDEN");
        assert!(may_review_trial(CaseView::Hr).is_ok());
        assert!(may_review_trial(CaseView::Sponsor).is_ok());
        assert!(may_review_trial(CaseView::Own).is_err());
        assert!(may_review_trial(CaseView::Companion).is_err());
    }

    #[test]
    fn hr_reviews_every_trial_a_manager_those_they_sponsor_and_others_none() {
        let as_role = |role| Viewer {
            user_id: Uuid::nil(),
            role,
            email: "v@bury.example".into(),
            union: None,
        };
        assert_eq!(
            trial_reviews_of(&as_role(Role::HrAdmin)),
            Some((TrialReviewScope::Every, OfferView::Hr))
        );
        assert_eq!(
            trial_reviews_of(&as_role(Role::Manager)),
            Some((
                TrialReviewScope::SponsoredBy(Uuid::nil()),
                OfferView::Sponsor
            ))
        );
        assert_eq!(trial_reviews_of(&as_role(Role::Staff)), None);
        assert_eq!(trial_reviews_of(&as_role(Role::UnionRep)), None);
    }

    #[test]
    fn a_trial_is_due_for_review_from_its_reminder_day() {
        // Ends Sunday 28 June 2026; five working days' lead: the reminder is Friday 19 June.
        let end = day(2026, 6, 28);
        assert_eq!(
            review_timing(end, 5, day(2026, 6, 18)),
            TrialReviewTiming {
                working_days_left: 6,
                due_soon: false
            }
        );
        assert_eq!(
            review_timing(end, 5, day(2026, 6, 19)),
            TrialReviewTiming {
                working_days_left: 5,
                due_soon: true
            }
        );
        // Over and not yet reviewed: still due, nothing left.
        assert_eq!(
            review_timing(end, 5, day(2026, 7, 1)),
            TrialReviewTiming {
                working_days_left: 0,
                due_soon: true
            }
        );
    }

    /// s138(1)(b): the old job's end is the notice's last day when the new post starts after
    /// it; otherwise the day before the new post starts.
    #[test]
    fn the_old_job_ends_on_the_notice_last_day_or_the_day_before_the_new_post() {
        let start = day(2026, 7, 1);
        assert_eq!(old_job_ends(None, None, start), day(2026, 6, 30));
        assert_eq!(
            old_job_ends(None, Some(day(2026, 6, 2)), start),
            day(2026, 6, 2)
        );
        // Moving during notice.
        assert_eq!(
            old_job_ends(None, Some(day(2026, 7, 31)), start),
            day(2026, 6, 30)
        );
        assert_eq!(
            old_job_ends(Some(day(2026, 6, 5)), None, start),
            day(2026, 6, 5)
        );
        // Ends Tuesday 2 June 2026: a start on 1 July is the latest (trial_period's rule).
        assert!(
            trial_period::trial_period(day(2026, 6, 2), day(2026, 7, 1), None, "input").is_ok()
        );
        assert!(
            trial_period::trial_period(day(2026, 6, 2), day(2026, 7, 2), None, "input").is_err()
        );
    }

    /// s138(2): ending on the last day keeps the entitlement; the day after is refused.
    #[test]
    fn a_trial_ends_within_its_period() {
        let t = recorded_trial(
            day(2026, 5, 29),
            day(2026, 6, 1),
            day(2026, 6, 28),
            day(2026, 6, 28),
        );
        assert_eq!(
            check_trial_ending(&t, day(2026, 6, 28)),
            Ok(TrialEnding::WithinPeriodKeepsEntitlement)
        );
        assert_eq!(
            check_trial_ending(&t, day(2026, 6, 29)).unwrap_err().code(),
            "PRECONDITION_FAILED"
        );
        assert_eq!(
            check_trial_ending(&t, day(2026, 5, 31)).unwrap_err().code(),
            "BAD_USER_INPUT"
        );
        assert!(!t.extended_for_retraining);
    }

    #[test]
    fn the_reminder_goes_five_working_days_before_or_now_and_never_after_the_end() {
        // Ends Sunday 28 June 2026: the reminder is Friday 19 June.
        let end = day(2026, 6, 28);
        assert_eq!(
            reminder_day(end, 5, day(2026, 6, 1)),
            Some(day(2026, 6, 19))
        );
        assert_eq!(
            reminder_day(end, 5, day(2026, 6, 24)),
            Some(day(2026, 6, 24))
        );
        assert_eq!(
            reminder_day(end, 5, day(2026, 6, 28)),
            Some(day(2026, 6, 28))
        );
        assert_eq!(reminder_day(end, 5, day(2026, 6, 29)), None);
    }

    #[test]
    fn the_answer_reminder_goes_the_working_day_before_or_at_once() {
        // To answer by Monday 29 June 2026: the reminder is Friday 26 June.
        let answer_by = day(2026, 6, 29);
        assert_eq!(
            answer_reminder_day(answer_by, day(2026, 6, 22)),
            day(2026, 6, 26)
        );
        assert_eq!(
            answer_reminder_day(day(2026, 6, 24), day(2026, 6, 22)),
            day(2026, 6, 23)
        );
        // Made on the Saturday before: at once.
        assert_eq!(
            answer_reminder_day(answer_by, day(2026, 6, 27)),
            day(2026, 6, 27)
        );
    }

    #[test]
    fn s141_judgements_are_about_refusals() {
        assert!(check_judgement_allowed(OfferStatus::Declined, None).is_ok());
        assert!(check_judgement_allowed(OfferStatus::TrialEnded, Some(EndedBy::Employee)).is_ok());
        assert!(check_judgement_allowed(OfferStatus::TrialEnded, Some(EndedBy::Employer)).is_err());
        assert!(check_judgement_allowed(OfferStatus::Offered, None).is_err());
        assert!(check_judgement_allowed(OfferStatus::Confirmed, None).is_err());
    }
}
