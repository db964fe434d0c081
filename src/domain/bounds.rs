//! Bounds every value the API takes keeps within, whatever the field: text holds no control
//! characters (PostgreSQL cannot store a NUL, and the others break files, headers and
//! calendars), and dates fall in the years a consultation can happen in.
//!
//! The API applies these to every argument before any resolver runs
//! (`api::input_guard`); the domain types that hold dates apply them again.

use super::DomainError;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The first year a date may fall in.
pub const FIRST_YEAR: i32 = 2000;
/// The last year a date may fall in.
pub const LAST_YEAR: i32 = 2100;
/// The first year of a date that lies before consultations (a date of birth, the start of
/// continuous service), taken as `api::historical_date::HistoricalDate`.
pub const FIRST_HISTORICAL_YEAR: i32 = 1900;

/// Whether a date of birth or of service start falls in the years Consult accepts for them.
pub fn historical_date_is_accepted(value: NaiveDate) -> bool {
    (FIRST_HISTORICAL_YEAR..=LAST_YEAR).contains(&value.year())
}

/// The first character of `text` that no text may hold: NUL and every other control
/// character but tab, line feed and carriage return (which long text keeps).
pub fn forbidden_char(text: &str) -> Option<char> {
    text.chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Refuses text holding a control character other than tab and line breaks.
pub fn text(value: &str, field: &str) -> Result<(), DomainError> {
    match forbidden_char(value) {
        Some(c) => Err(DomainError::bad_input(
            field,
            format!(
                "The value of {field} contains a control character (U+{:04X}), which Consult does not accept; remove it and try again.",
                u32::from(c)
            ),
        )),
        None => Ok(()),
    }
}

/// Whether a URL path segment (an id, a file name) can name anything: none holds a control
/// character, line breaks included. A segment that cannot is answered as not found.
pub fn path_segment_is_plausible(segment: &str) -> bool {
    !segment.is_empty() && !segment.chars().any(char::is_control)
}

fn year_is_accepted(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

fn out_of_range(field: &str, shown: impl std::fmt::Display) -> DomainError {
    DomainError::bad_input(
        field,
        format!(
            "{shown} is not a date Consult accepts; give a date in the years {FIRST_YEAR} to {LAST_YEAR}."
        ),
    )
}

/// A calendar date in the years `FIRST_YEAR` to `LAST_YEAR`.
pub fn date(value: NaiveDate, field: &str) -> Result<NaiveDate, DomainError> {
    if year_is_accepted(value.year()) {
        Ok(value)
    } else {
        Err(out_of_range(field, value))
    }
}

/// A moment in the years `FIRST_YEAR` to `LAST_YEAR` (UTC).
pub fn instant(value: DateTime<Utc>, field: &str) -> Result<DateTime<Utc>, DomainError> {
    if year_is_accepted(value.year()) {
        Ok(value)
    } else {
        Err(out_of_range(field, value.to_rfc3339()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(err: DomainError) -> String {
        match err {
            DomainError::BadInput { field, .. } => field,
            other => panic!("expected BAD_USER_INPUT, got {other:?}"),
        }
    }

    #[test]
    fn text_may_hold_tabs_and_line_breaks_but_no_other_control_character() {
        assert_eq!(forbidden_char("a\tb\r\nc, £5 – ok"), None);
        assert_eq!(forbidden_char("a\0b"), Some('\0'));
        assert_eq!(forbidden_char("bell\u{7}"), Some('\u{7}'));
        assert_eq!(forbidden_char("del\u{7f}"), Some('\u{7f}'));
        assert_eq!(forbidden_char("c1\u{85}"), Some('\u{85}'));
        assert!(text("fine\n", "input.title").is_ok());
        let err = text("a\0b", "input.title").unwrap_err();
        assert_eq!(err.code(), "BAD_USER_INPUT");
        assert!(err.message().contains("U+0000"), "{}", err.message());
        assert_eq!(field_of(err), "input.title");
    }

    #[test]
    fn path_segments_hold_no_control_character_at_all() {
        assert!(path_segment_is_plausible("0190c5c1-feed.ics"));
        assert!(!path_segment_is_plausible("a\0b.ics"));
        assert!(!path_segment_is_plausible("a\nb"));
        assert!(!path_segment_is_plausible(""));
    }

    #[test]
    fn dates_fall_in_2000_to_2100() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(date(day(2000, 1, 1), "f").is_ok());
        assert!(date(day(2100, 12, 31), "f").is_ok());
        for refused in [
            day(0, 1, 1),
            day(1999, 12, 31),
            day(2101, 1, 1),
            day(10_000, 1, 1),
        ] {
            let err = date(refused, "input.date").unwrap_err();
            assert!(err.message().contains("2000 to 2100"), "{}", err.message());
            assert_eq!(field_of(err), "input.date");
        }
        let at = |y| day(y, 6, 1).and_hms_opt(9, 0, 0).unwrap().and_utc();
        assert!(instant(at(2026), "f").is_ok());
        let err = instant(at(0), "input.startsAt").unwrap_err();
        assert!(
            err.message().contains("0000-06-01T09:00:00"),
            "{}",
            err.message()
        );
        assert!(instant(at(2101), "f").is_err());
    }
}
