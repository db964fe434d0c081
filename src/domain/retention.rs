//! Retention: how long Consult keeps the personal data of a restructure, and what it becomes
//! afterwards (UK GDPR Art. 5(1)(e), storage limitation: personal data kept "no longer than is
//! necessary for the purposes for which [it is] processed").
//!
//! The period runs from the day the decision was recorded and is the employer's to set
//! (`EmployerPolicy::retention_years`, 1 to 20 years). The default is 6 years: the limitation
//! period for a claim in contract (Limitation Act 1980 s5). An unfair dismissal claim must be
//! brought within 3 months less a day of the dismissal (ERA 1996 s111(2)), but a claim in
//! contract (notice pay, an enhanced redundancy payment) can be brought in the courts for 6
//! years, and the consultation's records are the employer's evidence for it.
//!
//! Past the period a proposal is pseudonymised, not deleted: the restructure itself (posts,
//! structure, costs, counts, themes, the outcome report) stays, because it is the employer's
//! record of an organisational decision, not personal data. Each person becomes "Employee N";
//! identifiers go; what they wrote goes unless the employer keeps free text; equality data is
//! deleted; letters lose their bodies; emails to them lose address and body. The audit events
//! about them keep their digests, so the audit chain still verifies (`domain::audit_chain`).
//! User accounts are not touched: they are access control, managed (and disabled) by HR.

use super::DomainError;
use chrono::{DateTime, Months, NaiveDate, Utc};
use std::collections::HashSet;
use uuid::Uuid;

/// The default period: the limitation period for a claim in contract (Limitation Act 1980 s5).
pub const DEFAULT_RETENTION_YEARS: u32 = 6;

/// The periods an employer may set.
pub const RETENTION_YEARS: std::ops::RangeInclusive<u32> = 1..=20;

/// What replaces free text a person wrote, once removed.
pub const REMOVED: &str = "[removed under the retention policy]";

/// Checks a retention period; the error names the input field.
pub fn check_years(years: u32, field: &str) -> Result<(), DomainError> {
    if RETENTION_YEARS.contains(&years) {
        Ok(())
    } else {
        Err(DomainError::bad_input(
            field,
            format!(
                "The retention period must be from {} to {} years (the default, {DEFAULT_RETENTION_YEARS}, is the limitation period for a claim in contract, Limitation Act 1980 s5).",
                RETENTION_YEARS.start(),
                RETENTION_YEARS.end()
            ),
        ))
    }
}

/// The last day the personal data of a proposal decided on `decided_on` is kept.
pub fn kept_until(decided_on: NaiveDate, years: u32) -> NaiveDate {
    decided_on
        .checked_add_months(Months::new(years * 12))
        .unwrap_or(NaiveDate::MAX)
}

/// A proposal as the retention run sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProposalRetention {
    /// When the decision was recorded; `None` while undecided.
    pub decided_at: Option<DateTime<Utc>>,
    /// Already pseudonymised (the run is idempotent).
    pub pseudonymised: bool,
}

/// Whether a proposal's personal data is past its period on `as_of` and still to be
/// pseudonymised: decided more than `years` before `as_of` (Art. 5(1)(e)). An undecided
/// proposal is never due: its consultation may still be challenged.
pub fn is_due(proposal: ProposalRetention, years: u32, as_of: NaiveDate) -> bool {
    match proposal.decided_at {
        Some(decided_at) if !proposal.pseudonymised => {
            kept_until(london_day(decided_at), years) < as_of
        }
        _ => false,
    }
}

/// The Europe/London day of an instant (the calendar all Consult dates are in).
pub fn london_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&chrono_tz::Europe::London).date_naive()
}

/// The name a person is given: "Employee N", N counted from 1.
pub fn pseudonym(ordinal: usize) -> String {
    format!("Employee {ordinal}")
}

/// The employee number a person is given: their ordinal (numbers are unique in a proposal,
/// and the real one identifies them).
pub fn pseudonymous_number(ordinal: usize) -> String {
    ordinal.to_string()
}

/// Each employee's ordinal in a proposal, from 1: numbered by id (ids are time-ordered, so
/// the order they were added), stable whichever order the ids come in.
pub fn ordinals(ids: &[Uuid]) -> Vec<(Uuid, usize)> {
    let mut sorted = ids.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id, i + 1))
        .collect()
}

/// Free text a person wrote: kept when the employer keeps free text, else removed.
pub fn free_text(text: &str, keeps_free_text: bool) -> String {
    if keeps_free_text || text.is_empty() {
        text.to_owned()
    } else {
        REMOVED.to_owned()
    }
}

/// Optional free text: absent stays absent.
pub fn optional_free_text(text: Option<&str>, keeps_free_text: bool) -> Option<String> {
    text.map(|t| free_text(t, keeps_free_text))
}

/// Feedback answers (`[key, values]`): answers to free-text questions (`free_text_keys`) are
/// removed unless kept; choices and scale answers stay, so the counts built from them survive.
pub fn answers(
    answers: Vec<(String, Vec<String>)>,
    free_text_keys: &HashSet<String>,
    keeps_free_text: bool,
) -> Vec<(String, Vec<String>)> {
    answers
        .into_iter()
        .map(|(key, values)| {
            let values = if free_text_keys.contains(&key) {
                values
                    .iter()
                    .map(|v| free_text(v, keeps_free_text))
                    .collect()
            } else {
                values
            };
            (key, values)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn decided(y: i32, m: u32, d: u32) -> ProposalRetention {
        ProposalRetention {
            decided_at: Some(Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()),
            pseudonymised: false,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Art. 5(1)(e): kept for the period after the decision, and no longer.
    #[test]
    fn a_decision_is_due_the_day_after_its_period_ends() {
        let p = decided(2020, 3, 2);
        assert_eq!(kept_until(day(2020, 3, 2), 6), day(2026, 3, 2));
        assert!(!is_due(p, 6, day(2026, 3, 2)));
        assert!(is_due(p, 6, day(2026, 3, 3)));
        assert!(!is_due(p, 7, day(2026, 3, 3)));
        // 29 February: the period ends on the 28th in a common year.
        assert_eq!(kept_until(day(2024, 2, 29), 1), day(2025, 2, 28));
    }

    #[test]
    fn the_decision_day_is_londons() {
        // 23:30 UTC on 31 May 2020 is 1 June in London (BST).
        let p = ProposalRetention {
            decided_at: Some(Utc.with_ymd_and_hms(2020, 5, 31, 23, 30, 0).unwrap()),
            pseudonymised: false,
        };
        assert!(!is_due(p, 6, day(2026, 6, 1)));
        assert!(is_due(p, 6, day(2026, 6, 2)));
    }

    /// An undecided proposal's consultation may still be challenged; a pseudonymised one is
    /// done (the run is idempotent).
    #[test]
    fn undecided_and_pseudonymised_proposals_are_never_due() {
        let undecided = ProposalRetention {
            decided_at: None,
            pseudonymised: false,
        };
        assert!(!is_due(undecided, 1, day(2100, 1, 1)));
        let done = ProposalRetention {
            pseudonymised: true,
            ..decided(2000, 1, 1)
        };
        assert!(!is_due(done, 1, day(2100, 1, 1)));
    }

    /// The default is the contract limitation period (Limitation Act 1980 s5); 1 to 20 years.
    #[test]
    fn the_period_is_bounded() {
        assert_eq!(DEFAULT_RETENTION_YEARS, 6);
        assert!(check_years(1, "f").is_ok());
        assert!(check_years(20, "f").is_ok());
        for years in [0, 21] {
            let err = check_years(years, "input.retentionYears").unwrap_err();
            assert_eq!(err.code(), "BAD_USER_INPUT");
        }
    }

    #[test]
    fn pseudonyms_are_stable_and_numbered_by_id() {
        let (a, b, c) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let one = ordinals(&[c, a, b]);
        assert_eq!(one, ordinals(&[b, c, a, a]));
        assert_eq!(one, vec![(a, 1), (b, 2), (c, 3)]);
        assert_eq!(pseudonym(2), "Employee 2");
        assert_eq!(pseudonymous_number(2), "2");
    }

    #[test]
    fn free_text_is_removed_unless_the_employer_keeps_it() {
        assert_eq!(free_text("I disagree", false), REMOVED);
        assert_eq!(free_text("I disagree", true), "I disagree");
        assert_eq!(free_text("", false), "");
        assert_eq!(optional_free_text(None, false), None);
        assert_eq!(
            optional_free_text(Some("grounds"), false).as_deref(),
            Some(REMOVED)
        );
    }

    /// Choices and scale answers stay, so the summaries and counts built from them survive.
    #[test]
    fn only_free_text_answers_are_removed() {
        let keys: HashSet<String> = ["q1".to_owned()].into();
        let given = vec![
            ("q1".to_owned(), vec!["My own words".to_owned()]),
            ("q2".to_owned(), vec!["AGREE".to_owned()]),
        ];
        assert_eq!(
            answers(given.clone(), &keys, false),
            vec![
                ("q1".to_owned(), vec![REMOVED.to_owned()]),
                ("q2".to_owned(), vec!["AGREE".to_owned()]),
            ]
        );
        assert_eq!(answers(given.clone(), &keys, true), given);
    }
}
