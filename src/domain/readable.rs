//! How exported files (CSV downloads, the bundle) write times and codes for people: one
//! format for moments and days in Europe/London, and words for the codes the API uses
//! (`DISAGREE` → "Disagree"), so every export reads the same (issue 18).

use super::feedback::QuestionType;
use chrono::{DateTime, NaiveDate, Utc};

/// A moment as people in the UK read it: "7 Dec 2026 14:05", London time (GMT or BST).
pub fn when(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::London)
        .format("%-d %b %Y %H:%M")
        .to_string()
}

/// A day: "7 Dec 2026".
pub fn day(on: NaiveDate) -> String {
    on.format("%-d %b %Y").to_string()
}

/// A code in words: `STRONGLY_DISAGREE` → "Strongly disagree", `no_change` → "No change".
/// Acronyms the codes hold keep their capitals (`HR1_RECORDED` → "HR1 recorded").
pub fn code(value: &str) -> String {
    const ACRONYMS: [&str; 6] = ["HR", "HR1", "JD", "FTE", "S188", "SOSR"];
    value
        .split(['_', '.'])
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, word)| {
            let upper = word.to_uppercase();
            if ACRONYMS.contains(&upper.as_str()) {
                upper
            } else if i == 0 {
                let lower = word.to_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            } else {
                word.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An answer to a form question in words. The agreement scale and yes/no are codes
/// (`STRONGLY_AGREE`, `NO`); the choices of other questions and free text are HR's and the
/// author's own words, kept as written.
pub fn answer(kind: QuestionType, value: &str) -> String {
    match kind {
        QuestionType::AgreeScale | QuestionType::YesNo => code(value),
        _ => value.to_owned(),
    }
}

/// Yes or no.
pub fn yes_no(value: bool) -> &'static str {
    if value { "Yes" } else { "No" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn moments_are_london_time() {
        let winter = Utc.with_ymd_and_hms(2026, 12, 7, 14, 5, 0).unwrap();
        assert_eq!(when(winter), "7 Dec 2026 14:05");
        let summer = Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap();
        assert_eq!(when(summer), "1 Jul 2026 00:30");
    }

    #[test]
    fn codes_read_as_words() {
        assert_eq!(code("DISAGREE"), "Disagree");
        assert_eq!(code("STRONGLY_DISAGREE"), "Strongly disagree");
        assert_eq!(code("NO_CHANGE"), "No change");
        assert_eq!(code("hr1_recorded"), "HR1 recorded");
        assert_eq!(answer(QuestionType::YesNo, "YES"), "Yes");
        assert_eq!(
            answer(QuestionType::SingleChoice, "KEEP_AS_IS"),
            "KEEP_AS_IS"
        );
    }
}
