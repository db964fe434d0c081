//! Working-day arithmetic for consultation response deadlines. A question raised in a
//! consultation is due a response N working days later; a working day is Monday to Friday
//! and not a bank holiday in England and Wales.
//!
//! The holidays are a fixed table rather than computed at run time: the government moves
//! and adds days (2020 VE Day, 2022 Platinum Jubilee and State Funeral, 2023 Coronation),
//! so rules alone would give wrong answers. The table covers 2020 to
//! [`COVERED_UNTIL_YEAR`]; outside that range only weekends are non-working days.

use chrono::{Datelike, NaiveDate, Weekday};

/// The last year the table covers. Dates after it (and before 2020) are treated as having
/// only weekends as non-working days, so deadlines there may fall on a bank holiday until
/// the table is extended.
pub const COVERED_UNTIL_YEAR: i32 = 2028;

/// Bank holidays in England and Wales, as published by GOV.UK (https://www.gov.uk/bank-holidays),
/// with substitute days, as `(year, month, day, name)` in date order.
///
/// 2020 to 2026 are as published. 2027 and 2028 are projected by the standard rules (New
/// Year's Day or substitute Monday, Good Friday, Easter Monday, first and last Mondays in
/// May, last Monday in August, Christmas Day and Boxing Day with substitutes) and must be
/// checked against GOV.UK when announced, since one-off changes are made at short notice.
pub const ENGLAND_AND_WALES_BANK_HOLIDAYS: &[(i32, u32, u32, &str)] = &[
    (2020, 1, 1, "New Year’s Day"),
    (2020, 4, 10, "Good Friday"),
    (2020, 4, 13, "Easter Monday"),
    (2020, 5, 8, "Early May bank holiday (VE day)"),
    (2020, 5, 25, "Spring bank holiday"),
    (2020, 8, 31, "Summer bank holiday"),
    (2020, 12, 25, "Christmas Day"),
    (2020, 12, 28, "Boxing Day (substitute day)"),
    (2021, 1, 1, "New Year’s Day"),
    (2021, 4, 2, "Good Friday"),
    (2021, 4, 5, "Easter Monday"),
    (2021, 5, 3, "Early May bank holiday"),
    (2021, 5, 31, "Spring bank holiday"),
    (2021, 8, 30, "Summer bank holiday"),
    (2021, 12, 27, "Christmas Day (substitute day)"),
    (2021, 12, 28, "Boxing Day (substitute day)"),
    (2022, 1, 3, "New Year’s Day (substitute day)"),
    (2022, 4, 15, "Good Friday"),
    (2022, 4, 18, "Easter Monday"),
    (2022, 5, 2, "Early May bank holiday"),
    (2022, 6, 2, "Spring bank holiday"),
    (2022, 6, 3, "Platinum Jubilee bank holiday"),
    (2022, 8, 29, "Summer bank holiday"),
    (
        2022,
        9,
        19,
        "Bank Holiday for the State Funeral of Queen Elizabeth II",
    ),
    (2022, 12, 26, "Boxing Day"),
    (2022, 12, 27, "Christmas Day (substitute day)"),
    (2023, 1, 2, "New Year’s Day (substitute day)"),
    (2023, 4, 7, "Good Friday"),
    (2023, 4, 10, "Easter Monday"),
    (2023, 5, 1, "Early May bank holiday"),
    (
        2023,
        5,
        8,
        "Bank holiday for the coronation of King Charles III",
    ),
    (2023, 5, 29, "Spring bank holiday"),
    (2023, 8, 28, "Summer bank holiday"),
    (2023, 12, 25, "Christmas Day"),
    (2023, 12, 26, "Boxing Day"),
    (2024, 1, 1, "New Year’s Day"),
    (2024, 3, 29, "Good Friday"),
    (2024, 4, 1, "Easter Monday"),
    (2024, 5, 6, "Early May bank holiday"),
    (2024, 5, 27, "Spring bank holiday"),
    (2024, 8, 26, "Summer bank holiday"),
    (2024, 12, 25, "Christmas Day"),
    (2024, 12, 26, "Boxing Day"),
    (2025, 1, 1, "New Year’s Day"),
    (2025, 4, 18, "Good Friday"),
    (2025, 4, 21, "Easter Monday"),
    (2025, 5, 5, "Early May bank holiday"),
    (2025, 5, 26, "Spring bank holiday"),
    (2025, 8, 25, "Summer bank holiday"),
    (2025, 12, 25, "Christmas Day"),
    (2025, 12, 26, "Boxing Day"),
    (2026, 1, 1, "New Year’s Day"),
    (2026, 4, 3, "Good Friday"),
    (2026, 4, 6, "Easter Monday"),
    (2026, 5, 4, "Early May bank holiday"),
    (2026, 5, 25, "Spring bank holiday"),
    (2026, 8, 31, "Summer bank holiday"),
    (2026, 12, 25, "Christmas Day"),
    (2026, 12, 28, "Boxing Day (substitute day)"),
    // Projected by the standard rules; check against GOV.UK when announced.
    (2027, 1, 1, "New Year’s Day"),
    (2027, 3, 26, "Good Friday"),
    (2027, 3, 29, "Easter Monday"),
    (2027, 5, 3, "Early May bank holiday"),
    (2027, 5, 31, "Spring bank holiday"),
    (2027, 8, 30, "Summer bank holiday"),
    (2027, 12, 27, "Christmas Day (substitute day)"),
    (2027, 12, 28, "Boxing Day (substitute day)"),
    (2028, 1, 3, "New Year’s Day (substitute day)"),
    (2028, 4, 14, "Good Friday"),
    (2028, 4, 17, "Easter Monday"),
    (2028, 5, 1, "Early May bank holiday"),
    (2028, 5, 29, "Spring bank holiday"),
    (2028, 8, 28, "Summer bank holiday"),
    (2028, 12, 25, "Christmas Day"),
    (2028, 12, 26, "Boxing Day"),
];

/// Whether `day` is a bank holiday in England and Wales according to the table. Always
/// false outside the covered years.
pub fn is_bank_holiday(day: NaiveDate) -> bool {
    let key = (day.year(), day.month(), day.day());
    // The table is sorted (a test checks), so a binary search is enough.
    ENGLAND_AND_WALES_BANK_HOLIDAYS
        .binary_search_by(|&(y, m, d, _)| (y, m, d).cmp(&key))
        .is_ok()
}

/// The name of the bank holiday in England and Wales on `day`, if it is one (per the table).
pub fn bank_holiday_name(day: NaiveDate) -> Option<&'static str> {
    let key = (day.year(), day.month(), day.day());
    ENGLAND_AND_WALES_BANK_HOLIDAYS
        .binary_search_by(|&(y, m, d, _)| (y, m, d).cmp(&key))
        .ok()
        .map(|i| ENGLAND_AND_WALES_BANK_HOLIDAYS[i].3)
}

/// Whether `day` is Monday to Friday and not a bank holiday in England and Wales.
pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !is_bank_holiday(day)
}

/// The date `n` working days after `from` (from itself not counted; n = 0 gives `from` if
/// it is a working day, else the next working day).
///
/// # Panics
///
/// If the result would be past the last date chrono can represent.
pub fn add_working_days(from: NaiveDate, n: u32) -> NaiveDate {
    let mut day = from;
    if n == 0 {
        while !is_working_day(day) {
            day = next_day(day);
        }
        return day;
    }
    let mut remaining = n;
    while remaining > 0 {
        day = next_day(day);
        if is_working_day(day) {
            remaining -= 1;
        }
    }
    day
}

/// Working days strictly after `from` up to and including `to` (0 when to <= from), so
/// `working_days_between(d, add_working_days(d, n)) == n` for n > 0.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    from.iter_days()
        .skip(1)
        .take_while(|day| *day <= to)
        .filter(|day| is_working_day(*day))
        .fold(0, |count, _| count + 1)
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.succ_opt()
        .expect("working-day arithmetic ran past the last representable date")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn table_dates(year: i32) -> Vec<NaiveDate> {
        ENGLAND_AND_WALES_BANK_HOLIDAYS
            .iter()
            .filter(|h| h.0 == year)
            .map(|&(y, m, d, _)| date(y, m, d))
            .collect()
    }

    /// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), used only
    /// to cross-check the table.
    fn easter_sunday(year: i32) -> NaiveDate {
        let a = year % 19;
        let b = year / 100;
        let c = year % 100;
        let d = b / 4;
        let e = b % 4;
        let f = (b + 8) / 25;
        let g = (b - f + 1) / 3;
        let h = (19 * a + b - d - g + 15) % 30;
        let i = c / 4;
        let k = c % 4;
        let l = (32 + 2 * e + 2 * i - h - k) % 7;
        let m = (a + 11 * h + 22 * l) / 451;
        let month = (h + l - 7 * m + 114) / 31;
        let day = (h + l - 7 * m + 114) % 31 + 1;
        date(year, month as u32, day as u32)
    }

    fn first_monday(year: i32, month: u32) -> NaiveDate {
        NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).unwrap()
    }

    fn last_monday(year: i32, month: u32) -> NaiveDate {
        let mut day = first_monday(year, month);
        while (day + Duration::days(7)).month() == month {
            day += Duration::days(7);
        }
        day
    }

    /// A weekend holiday moves to the next weekday not already a holiday.
    fn substitute(day: NaiveDate, taken: &[NaiveDate]) -> NaiveDate {
        let mut d = day;
        while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) || taken.contains(&d) {
            d = d.succ_opt().unwrap();
        }
        d
    }

    /// The standard England and Wales rules, independently of the table.
    fn standard_rules(year: i32) -> Vec<NaiveDate> {
        let easter = easter_sunday(year);
        let mut days = vec![
            substitute(date(year, 1, 1), &[]),
            easter - Duration::days(2),
            easter + Duration::days(1),
            first_monday(year, 5),
            last_monday(year, 5),
            last_monday(year, 8),
        ];
        let christmas = substitute(date(year, 12, 25), &[]);
        let boxing = substitute(date(year, 12, 26), &[christmas]);
        days.extend([christmas, boxing]);
        days.sort();
        days
    }

    #[test]
    fn table_is_sorted_unique_valid_and_has_no_weekends() {
        let dates: Vec<NaiveDate> = ENGLAND_AND_WALES_BANK_HOLIDAYS
            .iter()
            .map(|&(y, m, d, name)| {
                let day = NaiveDate::from_ymd_opt(y, m, d)
                    .unwrap_or_else(|| panic!("invalid date for {name}"));
                assert!(
                    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
                    "{day} ({name}) is a weekend"
                );
                assert!(!name.is_empty());
                day
            })
            .collect();
        assert!(dates.windows(2).all(|w| w[0] < w[1]), "not strictly sorted");
        assert_eq!(dates.first(), Some(&date(2020, 1, 1)));
        assert_eq!(dates.last().map(|d| d.year()), Some(COVERED_UNTIL_YEAR));
    }

    #[test]
    fn good_friday_and_easter_monday_match_computed_easter_every_year() {
        for year in 2020..=COVERED_UNTIL_YEAR {
            let easter = easter_sunday(year);
            let good_friday = easter - Duration::days(2);
            let easter_monday = easter + Duration::days(1);
            let named = |name: &str| {
                ENGLAND_AND_WALES_BANK_HOLIDAYS
                    .iter()
                    .find(|h| h.0 == year && h.3 == name)
                    .map(|&(y, m, d, _)| date(y, m, d))
            };
            assert_eq!(named("Good Friday"), Some(good_friday), "{year}");
            assert_eq!(named("Easter Monday"), Some(easter_monday), "{year}");
        }
        // Known anchors for the algorithm itself.
        assert_eq!(easter_sunday(2024), date(2024, 3, 31));
        assert_eq!(easter_sunday(2026), date(2026, 4, 5));
    }

    #[test]
    fn table_matches_standard_rules_apart_from_announced_changes() {
        for year in 2020..=COVERED_UNTIL_YEAR {
            let mut expected = standard_rules(year);
            // One-off changes announced by the government.
            match year {
                2020 => {
                    // Early May moved from Monday 4th to Friday 8th for VE Day's 75th.
                    expected.retain(|d| *d != date(2020, 5, 4));
                    expected.push(date(2020, 5, 8));
                }
                2022 => {
                    // Spring moved to 2 June; Platinum Jubilee and State Funeral added.
                    expected.retain(|d| *d != date(2022, 5, 30));
                    expected.extend([date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)]);
                }
                2023 => expected.push(date(2023, 5, 8)),
                _ => {}
            }
            expected.sort();
            assert_eq!(table_dates(year), expected, "{year}");
        }
    }

    #[test]
    fn substitute_days_are_in_the_table() {
        for day in [
            date(2020, 12, 28),
            date(2021, 12, 27),
            date(2021, 12, 28),
            date(2022, 1, 3),
            date(2022, 12, 27),
            date(2023, 1, 2),
            date(2026, 12, 28),
        ] {
            assert!(is_bank_holiday(day), "{day}");
        }
        assert!(!is_bank_holiday(date(2020, 5, 4)));
        assert!(!is_bank_holiday(date(2022, 5, 30)));
    }

    #[test]
    fn friday_plus_five_is_next_friday() {
        let friday = date(2024, 6, 7);
        assert_eq!(add_working_days(friday, 5), date(2024, 6, 14));
        assert_eq!(add_working_days(friday, 1), date(2024, 6, 10));
    }

    #[test]
    fn easter_2026_skips_good_friday_and_easter_monday() {
        assert!(!is_working_day(date(2026, 4, 3)));
        assert!(!is_working_day(date(2026, 4, 6)));
        // Thursday 2 April + 1 lands on Tuesday 7 April.
        assert_eq!(add_working_days(date(2026, 4, 2), 1), date(2026, 4, 7));
        // Wednesday 1 April + 5: Thu 2, Tue 7, Wed 8, Thu 9, Fri 10.
        assert_eq!(add_working_days(date(2026, 4, 1), 5), date(2026, 4, 10));
    }

    #[test]
    fn christmas_2026_skips_boxing_day_substitute() {
        assert!(is_bank_holiday(date(2026, 12, 25)));
        assert!(is_bank_holiday(date(2026, 12, 28)));
        // Boxing Day itself is a Saturday; its substitute is Monday 28th.
        assert!(!is_bank_holiday(date(2026, 12, 26)));
        // Thursday 24 Dec + 1 is Tuesday 29 Dec.
        assert_eq!(add_working_days(date(2026, 12, 24), 1), date(2026, 12, 29));
        // Wed 23 Dec + 5: Thu 24, Tue 29, Wed 30, Thu 31, Fri 1 Jan 2027 is a holiday, so
        // Mon 4 Jan 2027.
        assert_eq!(add_working_days(date(2026, 12, 23), 5), date(2027, 1, 4));
    }

    #[test]
    fn jubilee_2022_days_are_skipped() {
        // Wednesday 1 June 2022 + 1 skips Thu 2, Fri 3 and the weekend.
        assert_eq!(add_working_days(date(2022, 6, 1), 1), date(2022, 6, 6));
        // Fri 27 May + 5: Mon 30, Tue 31, Wed 1, Mon 6, Tue 7.
        assert_eq!(add_working_days(date(2022, 5, 27), 5), date(2022, 6, 7));
        assert!(is_working_day(date(2022, 5, 30)));
        assert!(!is_working_day(date(2022, 9, 19)));
    }

    #[test]
    fn weekend_start_counts_from_monday() {
        let saturday = date(2024, 6, 8);
        let sunday = date(2024, 6, 9);
        assert_eq!(add_working_days(saturday, 1), date(2024, 6, 10));
        assert_eq!(add_working_days(sunday, 5), date(2024, 6, 14));
    }

    #[test]
    fn zero_days_gives_same_or_next_working_day() {
        assert_eq!(add_working_days(date(2024, 6, 7), 0), date(2024, 6, 7));
        assert_eq!(add_working_days(date(2024, 6, 8), 0), date(2024, 6, 10));
        // Good Friday 2026 rolls over the weekend and Easter Monday.
        assert_eq!(add_working_days(date(2026, 4, 3), 0), date(2026, 4, 7));
    }

    #[test]
    fn working_days_between_counts_the_half_open_range() {
        assert_eq!(working_days_between(date(2024, 6, 7), date(2024, 6, 14)), 5);
        assert_eq!(working_days_between(date(2024, 6, 7), date(2024, 6, 7)), 0);
        assert_eq!(working_days_between(date(2024, 6, 14), date(2024, 6, 7)), 0);
        // Friday to Monday is one working day; Saturday to Sunday none.
        assert_eq!(working_days_between(date(2024, 6, 7), date(2024, 6, 10)), 1);
        assert_eq!(working_days_between(date(2024, 6, 8), date(2024, 6, 9)), 0);
        // Easter 2026: Thu 2 to Tue 7 April is one.
        assert_eq!(working_days_between(date(2026, 4, 2), date(2026, 4, 7)), 1);
    }

    #[test]
    fn between_inverts_add_for_positive_n() {
        let mut start = date(2020, 1, 1);
        while start.year() <= COVERED_UNTIL_YEAR {
            for n in [1, 5, 20] {
                let end = add_working_days(start, n);
                assert_eq!(working_days_between(start, end), n, "{start} + {n}");
            }
            start += Duration::days(3);
        }
    }

    #[test]
    fn after_covered_years_only_weekends_are_non_working() {
        // Christmas Day beyond the table is treated as an ordinary weekday until the
        // table is extended.
        let year = COVERED_UNTIL_YEAR + 1;
        let christmas = date(year, 12, 25);
        assert!(!is_bank_holiday(christmas));
        assert_eq!(
            is_working_day(christmas),
            !matches!(christmas.weekday(), Weekday::Sat | Weekday::Sun)
        );
        assert!(!is_bank_holiday(date(year, 1, 1)));
        for day in date(year, 1, 1).iter_days().take(366) {
            assert_eq!(
                is_working_day(day),
                !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
            );
        }
    }
}
