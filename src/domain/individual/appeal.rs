//! The right of appeal against dismissal: the window is the employer's policy (no statute
//! fixes it; the ACAS Code of Practice on Disciplinary and Grievance Procedures, which tribunals
//! read into redundancy fairness, asks only that appeals be heard without unreasonable delay).
//! Counted in England and Wales working days from the day the decision letter is issued.
//! Unsure: whether the window should run from receipt rather than issue; Consult counts from
//! the issue date recorded with the letter.

use crate::domain::{DomainError, working_days};
use chrono::NaiveDate;

/// The last day to lodge an appeal against a decision issued on `decided_on`, with a window of
/// `window_working_days` working days (the decision day not counted).
pub fn deadline(decided_on: NaiveDate, window_working_days: u32) -> NaiveDate {
    working_days::add_working_days(decided_on, window_working_days)
}

/// Refuses an appeal lodged after the deadline with `DEADLINE_PASSED`.
pub fn check_lodged(
    lodged_on: NaiveDate,
    decided_on: NaiveDate,
    window_working_days: u32,
) -> Result<(), DomainError> {
    if lodged_on < decided_on {
        return Err(DomainError::bad_input(
            "input.lodgedOn",
            "An appeal cannot be lodged before the decision it appeals.",
        ));
    }
    let last = deadline(decided_on, window_working_days);
    if lodged_on > last {
        return Err(DomainError::DeadlinePassed(format!(
            "The appeal window closed on {}: appeals were due within {window_working_days} working days of the decision on {}. Ask HR whether a late appeal can be heard.",
            last.format("%-d %B %Y"),
            decided_on.format("%-d %B %Y")
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Ten working days from Wednesday 1 April 2026 skip Good Friday and Easter Monday
    /// (3 and 6 April): 2, 7, 8, 9, 10, 13, 14, 15, 16, 17 April.
    #[test]
    fn the_window_skips_weekends_and_bank_holidays() {
        assert_eq!(deadline(day(2026, 4, 1), 10), day(2026, 4, 17));
        assert_eq!(deadline(day(2026, 6, 5), 5), day(2026, 6, 12));
    }

    #[test]
    fn an_appeal_on_the_last_day_is_in_time_and_the_next_day_is_late() {
        assert!(check_lodged(day(2026, 4, 17), day(2026, 4, 1), 10).is_ok());
        let err = check_lodged(day(2026, 4, 18), day(2026, 4, 1), 10).unwrap_err();
        assert_eq!(err.code(), "DEADLINE_PASSED");
        assert!(err.message().contains("17 April 2026"));
        assert_eq!(
            check_lodged(day(2026, 3, 31), day(2026, 4, 1), 10)
                .unwrap_err()
                .code(),
            "BAD_USER_INPUT"
        );
    }
}
