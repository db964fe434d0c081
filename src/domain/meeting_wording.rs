//! How emails write times and meetings, in UK time: a time in the hour that happens twice
//! when BST ends says which of the two it is, a meeting gives its start and end, and a
//! meeting whose title its proposal uses more than once is told apart by its date.

use chrono::{DateTime, NaiveDate, TimeZone, Utc, offset::LocalResult};
use chrono_tz::Europe::London;

/// A day as people read it in a letter: "Monday 30 November 2026".
pub fn long_date(day: NaiveDate) -> String {
    day.format("%A %-d %B %Y").to_string()
}

/// The UK clock time of an instant, "10:00"; in the repeated hour of the last Sunday of
/// October (01:00–02:00 happens first in BST, then in GMT) it says which: "01:30 BST".
pub fn clock(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&London);
    let time = local.format("%H:%M").to_string();
    match London.from_local_datetime(&local.naive_local()) {
        LocalResult::Ambiguous(..) => format!("{time} {}", local.format("%Z")),
        _ => time,
    }
}

/// A time as people read it, in the UK: "10:00 on Monday 30 November 2026 (UK time)".
pub fn long_time(at: DateTime<Utc>) -> String {
    format!(
        "{} on {} (UK time)",
        clock(at),
        long_date(at.with_timezone(&London).date_naive())
    )
}

/// When a meeting is: "10:00 to 11:00 on Tuesday 9 February 2021 (UK time)", or both days
/// when it ends on another.
pub fn meeting_when(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (start_day, end_day) = (
        start.with_timezone(&London).date_naive(),
        end.with_timezone(&London).date_naive(),
    );
    if start_day == end_day {
        format!(
            "{} to {} on {} (UK time)",
            clock(start),
            clock(end),
            long_date(start_day)
        )
    } else {
        format!(
            "{} on {} to {} on {} (UK time)",
            clock(start),
            long_date(start_day),
            clock(end),
            long_date(end_day)
        )
    }
}

/// Whether a meeting's subject needs its date: another meeting of the proposal (cancelled
/// ones too, whose emails are in the same inbox) has the same title, ignoring case and the
/// spaces around it.
pub fn subject_needs_date<'a>(
    title: &str,
    proposal_titles: impl IntoIterator<Item = &'a str>,
) -> bool {
    let same = |t: &str| t.trim().to_lowercase() == title.trim().to_lowercase();
    proposal_titles.into_iter().filter(|t| same(t)).count() > 1
}

/// The date a subject carries: "Tuesday 9 February 2021".
pub fn subject_date(start: DateTime<Utc>) -> String {
    long_date(start.with_timezone(&London).date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn the_repeated_autumn_hour_says_bst_or_gmt() {
        // 31 October 2021: 00:30Z is 01:30 BST, 01:30Z is 01:30 GMT.
        assert_eq!(clock(utc(2021, 10, 31, 0, 30)), "01:30 BST");
        assert_eq!(clock(utc(2021, 10, 31, 1, 30)), "01:30 GMT");
        assert_eq!(clock(utc(2021, 10, 31, 0, 0)), "01:00 BST");
        assert_eq!(clock(utc(2021, 10, 31, 1, 0)), "01:00 GMT");
        // Either side of it, and every other hour, a time is just a time.
        assert_eq!(clock(utc(2021, 10, 30, 23, 59)), "00:59");
        assert_eq!(clock(utc(2021, 10, 31, 2, 0)), "02:00");
        assert_eq!(clock(utc(2021, 6, 10, 9, 0)), "10:00");
        assert_eq!(clock(utc(2021, 12, 9, 14, 30)), "14:30");
        // The spring change skips an hour: nothing is ambiguous.
        assert_eq!(clock(utc(2021, 3, 28, 1, 0)), "02:00");
        assert_eq!(
            long_time(utc(2021, 10, 31, 1, 30)),
            "01:30 GMT on Sunday 31 October 2021 (UK time)"
        );
    }

    #[test]
    fn a_meeting_gives_its_start_and_end() {
        assert_eq!(
            meeting_when(utc(2021, 2, 9, 10, 0), utc(2021, 2, 9, 11, 30)),
            "10:00 to 11:30 on Tuesday 9 February 2021 (UK time)"
        );
        // BST: 09:00Z is 10:00 in London.
        assert_eq!(
            meeting_when(utc(2021, 6, 10, 9, 0), utc(2021, 6, 10, 10, 0)),
            "10:00 to 11:00 on Thursday 10 June 2021 (UK time)"
        );
        assert_eq!(
            meeting_when(utc(2021, 2, 9, 22, 0), utc(2021, 2, 10, 1, 0)),
            "22:00 on Tuesday 9 February 2021 to 01:00 on Wednesday 10 February 2021 (UK time)"
        );
        // From the first 01:30 to the second: the same clock time, an hour apart.
        assert_eq!(
            meeting_when(utc(2021, 10, 31, 0, 30), utc(2021, 10, 31, 1, 30)),
            "01:30 BST to 01:30 GMT on Sunday 31 October 2021 (UK time)"
        );
    }

    #[test]
    fn only_a_title_used_twice_in_the_proposal_needs_the_date() {
        let titles = [
            "Whole staff briefing",
            "1:1 with HR",
            " whole STAFF briefing ",
        ];
        assert!(subject_needs_date("Whole staff briefing", titles));
        assert!(!subject_needs_date("1:1 with HR", titles));
        assert!(!subject_needs_date(
            "Whole staff briefing",
            ["Whole staff briefing"]
        ));
        assert_eq!(
            subject_date(utc(2021, 10, 31, 23, 30)),
            "Sunday 31 October 2021"
        );
        // 23:30Z on 31 March is 00:30 BST on 1 April.
        assert_eq!(
            subject_date(utc(2021, 3, 31, 23, 30)),
            "Thursday 1 April 2021"
        );
    }
}
