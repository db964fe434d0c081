//! Notice of dismissal (Employment Rights Act 1996 s86), its last day, the gates before it
//! may be given (Junk v Kühnel; TULRCA s193) and time off to look for work (ss52-53).
//!
//! How the last day is counted: notice of N weeks given on day D ends on D + 7N days. The
//! period begins the day after notice is given (Wang v University of Keele [2011] IRLR 542,
//! EAT; the report citation is from memory and unchecked), so one week's notice given on a Monday ends on the following Monday. Unsure: written
//! notice takes effect when the employee reads it (Newcastle upon Tyne NHS Foundation Trust v
//! Haywood [2018] UKSC 22), so `given_on` must be the day the employee received it; Consult
//! does not model delivery.

use super::redundancy_pay::complete_years;
use crate::domain::{DomainError, s188, structure::Pence};
use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

/// s86(1)(c): the statutory minimum is at most 12 weeks.
pub const MAX_STATUTORY_WEEKS: u32 = 12;

/// s52(2): time off to look for work is for employees with two years' service.
pub const TIME_OFF_QUALIFYING_YEARS: u32 = 2;

/// s53(5): pay for time off to look for work is at most 40% of a week's pay.
pub const TIME_OFF_PAY_PERCENT: i64 = 40;

/// Whether the employee had one month's continuous employment by `day` (both days counted):
/// employment from 1 January to 31 January is one month.
fn has_a_month(start: NaiveDate, day: NaiveDate) -> bool {
    match (start.checked_add_months(Months::new(1)), day.succ_opt()) {
        (Some(month_on), Some(after)) => month_on <= after,
        _ => false,
    }
}

/// s86(1): the employer's minimum notice by continuous service on the day notice is given:
/// none under a month; one week from a month; from two years, one week per complete year,
/// at most 12.
pub fn statutory_minimum_weeks(service_start: NaiveDate, given_on: NaiveDate) -> u32 {
    if given_on < service_start || !has_a_month(service_start, given_on) {
        return 0;
    }
    let years = complete_years(service_start, given_on);
    match years {
        0 | 1 => 1,
        n => n.min(MAX_STATUTORY_WEEKS),
    }
}

/// The collective gates before any notice of dismissal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectiveGate {
    /// Fewer than 20 proposed at the establishment: s188 and s193 do not apply.
    NotRequired,
    Required {
        /// The proposal's last day of consultation, once known.
        consultation_last_day: Option<NaiveDate>,
        /// The day HR1 was made (s193), once it was.
        hr1_made_on: Option<NaiveDate>,
    },
}

/// Where the notice period comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NoticeBasis {
    /// s86(1): the statutory minimum is the longer (or there is no contractual notice).
    Statutory,
    /// The contract gives longer notice than s86.
    Contractual,
}

/// The notice period and the last day of service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoticeCalculation {
    pub given_on: NaiveDate,
    pub complete_years_of_service: u32,
    pub statutory_weeks: u32,
    pub contractual_weeks: Option<u32>,
    pub notice_weeks: u32,
    pub basis: NoticeBasis,
    /// given_on + 7 × notice_weeks days.
    pub last_day: NaiveDate,
    /// s52: entitled to reasonable paid time off to look for work during notice.
    pub time_off_to_look_for_work: bool,
    pub citation: &'static str,
}

/// The notice for an employee with `service_start` given notice on `given_on`, refused when
/// consultation has not ended or HR1 has not been made.
pub fn notice(
    service_start: NaiveDate,
    given_on: NaiveDate,
    contractual_weeks: Option<u32>,
    gate: CollectiveGate,
    field: &str,
) -> Result<NoticeCalculation, DomainError> {
    if given_on < service_start {
        return Err(DomainError::bad_input(
            field,
            "Notice cannot be given before the employee's continuous service began.",
        ));
    }
    check_gate(given_on, gate)?;
    let statutory = statutory_minimum_weeks(service_start, given_on);
    let (weeks, basis) = match contractual_weeks {
        Some(c) if c > statutory => (c, NoticeBasis::Contractual),
        _ => (statutory, NoticeBasis::Statutory),
    };
    let last_day = end_of(given_on, weeks);
    Ok(NoticeCalculation {
        given_on,
        complete_years_of_service: complete_years(service_start, given_on),
        statutory_weeks: statutory,
        contractual_weeks,
        notice_weeks: weeks,
        basis,
        last_day,
        time_off_to_look_for_work: time_off_entitled(service_start, given_on, last_day),
        citation: "ERA 1996 s86(1)",
    })
}

/// The last day of `weeks` weeks' notice given on `given_on`.
pub fn end_of(given_on: NaiveDate, weeks: u32) -> NaiveDate {
    given_on
        .checked_add_days(Days::new(7 * u64::from(weeks)))
        .expect("a notice end within chrono's range")
}

/// Junk v Kühnel (C-188/03): no notice until consultation has ended, so notice on the last
/// day of consultation is refused too (as the s188 engine reads it). TULRCA s193(1)(a)/(2)(a):
/// HR1 must be made before notice of any of the dismissals is given, so notice on the day
/// HR1 is made is refused as well (Consult cannot tell which came first that day).
pub fn check_gate(given_on: NaiveDate, gate: CollectiveGate) -> Result<(), DomainError> {
    let CollectiveGate::Required {
        consultation_last_day,
        hr1_made_on,
    } = gate
    else {
        return Ok(());
    };
    let mut missing = Vec::new();
    let mut reasons = Vec::new();
    match consultation_last_day {
        None => {
            missing.push("consultationEnded".to_string());
            reasons.push(format!(
                "collective consultation has no end date yet, and no notice may be given until it has ended ({})",
                s188::JUNK.citation
            ));
        }
        Some(last) if given_on <= last => {
            missing.push("consultationEnded".to_string());
            reasons.push(format!(
                "consultation runs until {}, and no notice may be given until it has ended ({}); the earliest notice day is {}",
                show(last),
                s188::JUNK.citation,
                show(last.succ_opt().expect("in range"))
            ));
        }
        Some(_) => {}
    }
    match hr1_made_on {
        None => {
            missing.push("hr1".to_string());
            reasons.push(
                "HR1 has not been made, and it must be made before notice of any dismissal is given (TULRCA s193(1)(a)/(2)(a))".to_string(),
            );
        }
        Some(made) if given_on <= made => {
            missing.push("hr1".to_string());
            reasons.push(format!(
                "HR1 was made on {}, and notice must come after it (TULRCA s193(1)(a)/(2)(a)); the earliest notice day is {}",
                show(made),
                show(made.succ_opt().expect("in range"))
            ));
        }
        Some(_) => {}
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(DomainError::PreconditionFailed {
        message: format!(
            "Notice cannot be given on {}: {}.",
            show(given_on),
            reasons.join("; ")
        ),
        missing,
    })
}

/// s52(2): the employee is entitled if, on the later of the day notice ends and the day s86
/// minimum notice given the same day would end, they will have two years' continuous
/// employment.
pub fn time_off_entitled(
    service_start: NaiveDate,
    given_on: NaiveDate,
    last_day: NaiveDate,
) -> bool {
    let statutory_end = end_of(given_on, statutory_minimum_weeks(service_start, given_on));
    complete_years(service_start, last_day.max(statutory_end)) >= TIME_OFF_QUALIFYING_YEARS
}

/// s53(5): the most an employer must pay for time off to look for work during the notice
/// period, whatever time is taken: 40% of a week's pay, rounded down to the penny.
pub fn time_off_pay_limit(week_pay: Pence) -> Pence {
    Pence(week_pay.0 * TIME_OFF_PAY_PERCENT / 100)
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

    const OPEN: CollectiveGate = CollectiveGate::NotRequired;

    /// s86(1)(a)-(c) by service on the day notice is given.
    #[test]
    fn s86_1_statutory_minimum_by_service() {
        let start = day(2020, 1, 1);
        // Under a month: nothing.
        assert_eq!(statutory_minimum_weeks(start, day(2020, 1, 30)), 0);
        // s86(1)(a): exactly a month (1 to 31 January) gives a week.
        assert_eq!(statutory_minimum_weeks(start, day(2020, 1, 31)), 1);
        assert_eq!(statutory_minimum_weeks(start, day(2021, 12, 30)), 1);
        // s86(1)(b): two complete years gives two weeks.
        assert_eq!(statutory_minimum_weeks(start, day(2021, 12, 31)), 2);
        assert_eq!(statutory_minimum_weeks(start, day(2031, 12, 30)), 11);
        // s86(1)(c): 12 years is 12 weeks, and it stops there.
        assert_eq!(statutory_minimum_weeks(start, day(2031, 12, 31)), 12);
        assert_eq!(statutory_minimum_weeks(start, day(2045, 6, 1)), 12);
    }

    /// Notice at 12 weeks given on Monday 1 June 2026 ends on Monday 24 August 2026
    /// (D + 84 days; the period begins the next day, Wang v University of Keele).
    #[test]
    fn s86_twelve_weeks_notice_ends_on_d_plus_84_days() {
        let n = notice(
            day(2000, 3, 1),
            day(2026, 6, 1),
            None,
            OPEN,
            "input.givenOn",
        )
        .unwrap();
        assert_eq!(n.statutory_weeks, 12);
        assert_eq!(n.notice_weeks, 12);
        assert_eq!(n.basis, NoticeBasis::Statutory);
        assert_eq!(n.last_day, day(2026, 8, 24));
        assert!(n.time_off_to_look_for_work);
        assert_eq!(end_of(day(2026, 6, 1), 1), day(2026, 6, 8));
    }

    /// Contractual notice applies where it is longer than s86, and s86 where it is shorter.
    #[test]
    fn contractual_notice_applies_only_where_longer() {
        let longer = notice(day(2020, 1, 1), day(2026, 6, 1), Some(12), OPEN, "f").unwrap();
        assert_eq!(longer.statutory_weeks, 6);
        assert_eq!(longer.notice_weeks, 12);
        assert_eq!(longer.basis, NoticeBasis::Contractual);
        let shorter = notice(day(2020, 1, 1), day(2026, 6, 1), Some(4), OPEN, "f").unwrap();
        assert_eq!(shorter.notice_weeks, 6);
        assert_eq!(shorter.basis, NoticeBasis::Statutory);
    }

    /// Junk v Kühnel: notice on the last day of consultation is refused; the day after is not.
    #[test]
    fn junk_no_notice_until_consultation_has_ended() {
        let gate = |last| CollectiveGate::Required {
            consultation_last_day: last,
            hr1_made_on: Some(day(2026, 3, 1)),
        };
        let err = check_gate(day(2026, 5, 1), gate(Some(day(2026, 5, 1)))).unwrap_err();
        assert_eq!(err.code(), "PRECONDITION_FAILED");
        assert!(err.message().contains("Junk v Kühnel"));
        assert!(err.message().contains("2 May 2026"));
        match err {
            DomainError::PreconditionFailed { missing, .. } => {
                assert_eq!(missing, vec!["consultationEnded"])
            }
            other => panic!("{other:?}"),
        }
        assert!(check_gate(day(2026, 5, 2), gate(Some(day(2026, 5, 1)))).is_ok());
        assert!(check_gate(day(2026, 5, 2), gate(None)).is_err());
    }

    /// TULRCA s193(1)(a)/(2)(a): HR1 before any notice of dismissal.
    #[test]
    fn s193_no_notice_before_hr1() {
        let gate = |hr1| CollectiveGate::Required {
            consultation_last_day: Some(day(2026, 4, 30)),
            hr1_made_on: hr1,
        };
        let err = check_gate(day(2026, 5, 5), gate(None)).unwrap_err();
        assert!(err.message().contains("s193"));
        let err = check_gate(day(2026, 5, 5), gate(Some(day(2026, 5, 5)))).unwrap_err();
        assert!(err.message().contains("6 May 2026"));
        assert!(check_gate(day(2026, 5, 5), gate(Some(day(2026, 5, 4)))).is_ok());
        // Both missing: both listed.
        let both = CollectiveGate::Required {
            consultation_last_day: None,
            hr1_made_on: None,
        };
        match check_gate(day(2026, 5, 5), both).unwrap_err() {
            DomainError::PreconditionFailed { missing, .. } => {
                assert_eq!(missing, vec!["consultationEnded", "hr1"])
            }
            other => panic!("{other:?}"),
        }
        // Under 20 at the establishment: no collective gate.
        assert!(check_gate(day(2026, 5, 5), OPEN).is_ok());
    }

    /// s52(2): two years' service by the later of the notice's end and the end of s86 notice.
    /// Service from 1 June 2024; 1 week's notice given 1 May 2026 ends 8 May 2026: under two
    /// years, no time off. Contractual notice of 5 weeks ends 5 June 2026: two years by then.
    #[test]
    fn s52_time_off_needs_two_years_by_the_end_of_notice() {
        let start = day(2024, 6, 1);
        let short = notice(start, day(2026, 5, 1), None, OPEN, "f").unwrap();
        assert_eq!(short.last_day, day(2026, 5, 8));
        assert!(!short.time_off_to_look_for_work);
        let long = notice(start, day(2026, 5, 1), Some(5), OPEN, "f").unwrap();
        assert_eq!(long.last_day, day(2026, 6, 5));
        assert!(long.time_off_to_look_for_work);
        // s53(5): 40% of £512.34 = £204.93 (rounded down).
        assert_eq!(time_off_pay_limit(Pence(51_234)), Pence(20_493));
    }

    #[test]
    fn notice_before_service_is_bad_input() {
        let err = notice(
            day(2026, 1, 1),
            day(2025, 1, 1),
            None,
            OPEN,
            "input.givenOn",
        )
        .unwrap_err();
        assert!(matches!(err, DomainError::BadInput { ref field, .. } if field == "input.givenOn"));
    }
}
