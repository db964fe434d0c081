//! The statutory trial period in a new post (Employment Rights Act 1996 s138) and the
//! refusal of suitable alternative employment (s141).
//!
//! - s138(1)(b): an offer is a renewal or re-engagement only if the new contract takes effect
//!   on the old one's ending or after an interval of not more than four weeks.
//! - s146(2): where the old contract ends on a Friday, Saturday or Sunday, the four weeks are
//!   counted as if it had ended on the following Monday. Unsure: the rule is applied from its
//!   substance as Consult understands it; the exact wording was not checked.
//! - s138(3): the trial period is the four weeks beginning with the day the employee starts
//!   work under the new contract: calendar weeks (Benton v Sanderson Kayser [1989] IRLR 19,
//!   CA), so it ends on start + 27 days.
//! - s138(3)(b)(ii) and (6): a longer period for retraining only by agreement made before the
//!   employee starts work under the new contract, in writing, specifying the date the period
//!   ends and the terms and conditions that apply after it.
//! - s138(2): if the employment ends within the trial period (either side, for a reason
//!   connected with the change), the employee is treated as dismissed when the old contract
//!   ended, and keeps the redundancy entitlement.
//! - s141(2)-(4): an unreasonable refusal of an offer of suitable employment (or unreasonably
//!   ending the trial period) removes the redundancy payment. Suitability and reasonableness
//!   are HR's recorded judgement; Consult never infers them.

use crate::domain::{DomainError, working_days};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;
use uuid::Uuid;

/// s138(3): four weeks, as days beginning with the first day in the new post.
pub const STATUTORY_TRIAL_DAYS: u64 = 28;

/// s138(1)(b): the longest interval between the old job and the new.
pub const MAX_INTERVAL_DAYS: u64 = 28;

/// The latest day the new post may start for the offer to be a renewal (s138(1)(b), s146(2)):
/// the day after an interval of four weeks that begins the day after the old job ends (or the
/// Monday after, when it ends on a Friday, Saturday or Sunday, taken as its ending day).
pub fn latest_new_start(old_job_ends: NaiveDate) -> NaiveDate {
    let deemed_end = match old_job_ends.weekday() {
        Weekday::Fri => old_job_ends + Days::new(3),
        Weekday::Sat => old_job_ends + Days::new(2),
        Weekday::Sun => old_job_ends + Days::new(1),
        _ => old_job_ends,
    };
    deemed_end + Days::new(MAX_INTERVAL_DAYS + 1)
}

/// A written agreement extending the trial period for retraining (s138(6)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetrainingAgreement {
    /// The day it was made in writing.
    pub agreed_on: NaiveDate,
    /// The date the trial period ends, as the agreement specifies.
    pub ends_on: NaiveDate,
    /// The terms and conditions that apply after the period (s138(6)(d)), in words.
    pub terms_after: String,
}

/// A trial period, computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrialPeriod {
    pub old_job_ends: NaiveDate,
    pub new_post_starts: NaiveDate,
    /// s138(3): start + 27 days.
    pub statutory_end: NaiveDate,
    /// The end: the statutory one, or the retraining agreement's.
    pub ends_on: NaiveDate,
    pub extended_for_retraining: bool,
    pub citation: &'static str,
}

/// The trial period for a new post, refused when it would not be a renewal (s138(1)(b)) or
/// the retraining agreement does not meet s138(6). `prefix` is the input path.
pub fn trial_period(
    old_job_ends: NaiveDate,
    new_post_starts: NaiveDate,
    retraining: Option<&RetrainingAgreement>,
    prefix: &str,
) -> Result<TrialPeriod, DomainError> {
    let latest = latest_new_start(old_job_ends);
    if new_post_starts > latest {
        return Err(DomainError::bad_input(
            format!("{prefix}.newPostStarts"),
            format!(
                "The new post starts on {}, more than four weeks after the old job ends on {}: it would not be a renewal of employment (ERA 1996 s138(1)(b)), so there is no statutory trial period. The latest start is {}.",
                show(new_post_starts),
                show(old_job_ends),
                show(latest)
            ),
        ));
    }
    if new_post_starts <= old_job_ends {
        return Err(DomainError::bad_input(
            format!("{prefix}.newPostStarts"),
            format!(
                "The new post must start after the old job ends on {}.",
                show(old_job_ends)
            ),
        ));
    }
    let statutory_end = new_post_starts + Days::new(STATUTORY_TRIAL_DAYS - 1);
    let mut ends_on = statutory_end;
    if let Some(agreement) = retraining {
        if agreement.agreed_on >= new_post_starts {
            return Err(DomainError::bad_input(
                format!("{prefix}.retraining.agreedOn"),
                "A trial period can be extended for retraining only by an agreement made before the employee starts in the new post (ERA 1996 s138(6)(a)).",
            ));
        }
        if agreement.ends_on <= statutory_end {
            return Err(DomainError::bad_input(
                format!("{prefix}.retraining.endsOn"),
                format!(
                    "A retraining extension must end after the statutory trial period, which ends on {} (ERA 1996 s138(3)).",
                    show(statutory_end)
                ),
            ));
        }
        if agreement.terms_after.trim().is_empty() {
            return Err(DomainError::bad_input(
                format!("{prefix}.retraining.termsAfter"),
                "The agreement must say the terms and conditions that apply after the trial period (ERA 1996 s138(6)(d)).",
            ));
        }
        ends_on = agreement.ends_on;
    }
    Ok(TrialPeriod {
        old_job_ends,
        new_post_starts,
        statutory_end,
        ends_on,
        extended_for_retraining: retraining.is_some(),
        citation: if retraining.is_some() {
            "ERA 1996 s138(3), s138(6)"
        } else {
            "ERA 1996 s138(3)"
        },
    })
}

/// What ending the new employment on a day means for the redundancy payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TrialEnding {
    /// s138(2): ended within the trial period, treated as dismissed when the old job ended:
    /// the redundancy entitlement is kept (subject to s141(4)(d), HR's judgement).
    WithinPeriodKeepsEntitlement,
    /// After the period the new employment stands: no redundancy dismissal from the old job.
    AfterPeriodNoEntitlement,
}

/// s138(2): whether ending on `ended_on` falls within the trial period.
pub fn ending(trial: &TrialPeriod, ended_on: NaiveDate) -> TrialEnding {
    if ended_on <= trial.ends_on {
        TrialEnding::WithinPeriodKeepsEntitlement
    } else {
        TrialEnding::AfterPeriodNoEntitlement
    }
}

/// The day to remind the employee, the manager and HR that the trial period ends: `lead`
/// working days before its end: the working day after which `lead` working days remain up to
/// and including the end (England and Wales working days).
pub fn reminder_on(ends_on: NaiveDate, lead_working_days: u32) -> NaiveDate {
    let mut day = ends_on;
    while working_days::working_days_between(day, ends_on) < lead_working_days
        || !working_days::is_working_day(day)
    {
        day = day.pred_opt().expect("a date within chrono's range");
    }
    day
}

/// HR's judgement on a refused offer (s141): recorded, never inferred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalJudgement {
    /// HR judges the offer suitable employment for this employee (s141(3)).
    pub offer_suitable: bool,
    /// HR judges the refusal (or ending the trial) unreasonable (s141(2), (4)(d)).
    pub refusal_unreasonable: bool,
    pub reasons: String,
    pub decided_by: Uuid,
}

impl RefusalJudgement {
    /// Records HR's judgement; it must give reasons.
    pub fn record(
        offer_suitable: bool,
        refusal_unreasonable: bool,
        reasons: &str,
        decided_by: Uuid,
        field: &str,
    ) -> Result<Self, DomainError> {
        let reasons = reasons.trim();
        if reasons.is_empty() {
            return Err(DomainError::bad_input(
                field,
                "Give the reasons for the judgement: a refusal that removes redundancy pay must be explained (ERA 1996 s141).",
            ));
        }
        Ok(Self {
            offer_suitable,
            refusal_unreasonable,
            reasons: reasons.to_owned(),
            decided_by,
        })
    }

    /// s141: the payment is lost only where HR judged the offer suitable AND the refusal
    /// unreasonable.
    pub fn removes_redundancy_pay(&self) -> bool {
        self.offer_suitable && self.refusal_unreasonable
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

    /// s138(3): the four weeks beginning with Monday 1 June 2026 end on Sunday 28 June 2026.
    #[test]
    fn s138_3_four_weeks_beginning_with_the_first_day() {
        let t = trial_period(day(2026, 5, 29), day(2026, 6, 1), None, "input").unwrap();
        assert_eq!(t.statutory_end, day(2026, 6, 28));
        assert_eq!(t.ends_on, day(2026, 6, 28));
        assert!(!t.extended_for_retraining);
    }

    /// s138(1)(b): the interval may be at most four weeks. Old job ends Tuesday 2 June 2026:
    /// the interval runs from 3 June; 4 weeks end 30 June; a start on 1 July is the latest.
    #[test]
    fn s138_1_b_the_new_post_must_start_within_four_weeks() {
        assert_eq!(latest_new_start(day(2026, 6, 2)), day(2026, 7, 1));
        assert!(trial_period(day(2026, 6, 2), day(2026, 7, 1), None, "input").is_ok());
        let err = trial_period(day(2026, 6, 2), day(2026, 7, 2), None, "input").unwrap_err();
        assert!(
            matches!(err, DomainError::BadInput { ref field, .. } if field == "input.newPostStarts")
        );
        assert!(err.message().contains("s138(1)(b)"));
        // s146(2): ending on Friday 5 June counts from Monday 8 June.
        assert_eq!(latest_new_start(day(2026, 6, 5)), day(2026, 7, 7));
        assert_eq!(latest_new_start(day(2026, 6, 7)), day(2026, 7, 7));
    }

    /// s138(6): extension for retraining only by prior written agreement with an end date.
    #[test]
    fn s138_6_retraining_extension_needs_an_agreement_before_the_start() {
        let agreement = RetrainingAgreement {
            agreed_on: day(2026, 5, 20),
            ends_on: day(2026, 8, 31),
            terms_after: "Grade 6 SEN Officer, permanent".into(),
        };
        let t = trial_period(day(2026, 5, 29), day(2026, 6, 1), Some(&agreement), "input").unwrap();
        assert_eq!(t.ends_on, day(2026, 8, 31));
        assert!(t.extended_for_retraining);
        let late = RetrainingAgreement {
            agreed_on: day(2026, 6, 1),
            ..agreement.clone()
        };
        let err =
            trial_period(day(2026, 5, 29), day(2026, 6, 1), Some(&late), "input").unwrap_err();
        assert!(err.message().contains("s138(6)(a)"));
        let short = RetrainingAgreement {
            ends_on: day(2026, 6, 28),
            ..agreement.clone()
        };
        assert!(trial_period(day(2026, 5, 29), day(2026, 6, 1), Some(&short), "input").is_err());
        let no_terms = RetrainingAgreement {
            terms_after: " ".into(),
            ..agreement
        };
        assert!(trial_period(day(2026, 5, 29), day(2026, 6, 1), Some(&no_terms), "input").is_err());
    }

    /// s138(2): ending on the last day of the trial keeps the entitlement; the next day not.
    #[test]
    fn s138_2_ending_within_the_period_keeps_the_entitlement() {
        let t = trial_period(day(2026, 5, 29), day(2026, 6, 1), None, "input").unwrap();
        assert_eq!(
            ending(&t, day(2026, 6, 28)),
            TrialEnding::WithinPeriodKeepsEntitlement
        );
        assert_eq!(
            ending(&t, day(2026, 6, 29)),
            TrialEnding::AfterPeriodNoEntitlement
        );
    }

    #[test]
    fn the_reminder_comes_five_working_days_before_the_end() {
        // Ends Sunday 28 June 2026: 22 to 26 June are the last five working days, so the
        // reminder goes on Friday 19 June.
        let on = reminder_on(day(2026, 6, 28), 5);
        assert_eq!(working_days::working_days_between(on, day(2026, 6, 28)), 5);
        assert_eq!(on, day(2026, 6, 19));
    }

    /// s141: only HR's judgement that the offer was suitable and the refusal unreasonable
    /// removes the payment.
    #[test]
    fn s141_the_payment_is_lost_only_on_hrs_recorded_judgement() {
        let hr = Uuid::now_v7();
        let both = RefusalJudgement::record(true, true, "Same grade, same site", hr, "f").unwrap();
        assert!(both.removes_redundancy_pay());
        let reasonable = RefusalJudgement::record(true, false, "Caring duties", hr, "f").unwrap();
        assert!(!reasonable.removes_redundancy_pay());
        let unsuitable =
            RefusalJudgement::record(false, true, "Two grades lower", hr, "f").unwrap();
        assert!(!unsuitable.removes_redundancy_pay());
        assert!(RefusalJudgement::record(true, true, "  ", hr, "f").is_err());
    }
}
