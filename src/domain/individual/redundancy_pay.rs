//! The statutory redundancy payment (Employment Rights Act 1996, Part XI) and the employer's
//! enhanced scheme beside it, calculated line by line so that HR and the employee can check
//! every figure.
//!
//! - s155: no payment without two years' continuous employment ending with the relevant date.
//! - s162(1), (3): the years counted are complete years of continuous employment, reckoned
//!   backwards from the relevant date, at most 20.
//! - s162(2): for each year, 1.5 weeks' pay if the employee was 41 or over throughout it, 1
//!   week if 22 or over throughout it (but not 41 throughout), otherwise half a week. A year in
//!   which the employee has a birthday that moves them into a band counts in the lower band.
//! - s227(1)(a): a week's pay is capped at the limit in force on the relevant date (the
//!   "appropriate date" of each increase order is the relevant date for a redundancy payment).
//! - s145(2): the relevant date is the day notice expires (or the day termination takes effect
//!   without notice). Consult takes the relevant date as given. Not modelled: s145(5), which
//!   moves the relevant date to the end of the s86 minimum notice where shorter notice (or pay
//!   in lieu) was given; HR must enter the moved date in that case.
//! - The under-18 exclusion (former s211(2)) and the taper from 64 (former s162(4)-(5)) were
//!   repealed by the Employment Equality (Age) Regulations 2006 (SI 2006/1031) and are not
//!   applied.
//!
//! Not modelled: how a week's pay is worked out (ss221-229, the calculation date of s226);
//! HR enters the employee's gross weekly pay.
//!
//! Birthdays on 29 February: in a year without one, Consult takes the anniversary as 1 March
//! (Family Law Reform Act 1969 s9 says a person attains an age at the start of the
//! anniversary of their birth, and does not settle 29 February). Unsure: some read it as
//! 28 February; the difference moves at most one year by one band.

use crate::domain::{DomainError, proposal::Jurisdiction, structure::Pence};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid date in the redundancy pay tables"),
    }
}

/// s155: the qualifying period of continuous employment, in complete years.
pub const QUALIFYING_YEARS: u32 = 2;
/// s162(3): at most this many years are counted.
pub const MAX_YEARS_COUNTED: u32 = 20;

/// One limit on a week's pay (s227(1)(a); NI: art. 23(1) of the Employment Rights (Northern
/// Ireland) Order 1996), in force from `from` until the next entry for the same jurisdiction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekPayLimit {
    pub jurisdiction: Jurisdiction,
    /// The first relevant date the limit applies to.
    pub from: NaiveDate,
    pub pence: i64,
    /// The instrument that set it.
    pub source: &'static str,
}

/// The limits Consult holds, oldest first per jurisdiction.
///
/// Great Britain (England, Wales and Scotland), orders under s34 Employment Relations Act 1999:
/// - £700 from 6 April 2024: the Employment Rights (Increase of Limits) Order 2024. Its number,
///   SI 2024/213, is as briefed and not checked against legislation.gov.uk; the figure is
///   confirmed by several published summaries of the order.
/// - £719 from 6 April 2025: the Employment Rights (Increase of Limits) Order 2025, SI 2025/348
///   (its text read: in force 6 April 2025, revoking the 2024 order, with the old limits kept
///   where the appropriate date is earlier).
/// - £751 from 6 April 2026: the Employment Rights (Increase of Limits) Order 2026,
///   SI 2026/310 (made 16 March 2026, in force 6 April 2026). The figure is from GOV.UK as
///   reported (maximum payment £22,530 = 30 × £751); the schedule itself was not read.
///
/// Northern Ireland, orders of the Department for the Economy under art. 33 Employment
/// Relations (Northern Ireland) Order 1999 (figures from the Department's announcements as
/// reported; the statutory rule numbers were not confirmed):
/// - £729 from 6 April 2024: the Employment Rights (Increase of Limits) Order (Northern
///   Ireland) 2024.
/// - £749 from 6 April 2025: the Employment Rights (Increase of Limits) Order (Northern
///   Ireland) 2025.
/// - From 6 April 2026: not known to Consult (see [`known_until`]).
pub const WEEK_PAY_LIMITS: &[WeekPayLimit] = &[
    WeekPayLimit {
        jurisdiction: Jurisdiction::GreatBritain,
        from: ymd(2024, 4, 6),
        pence: 70_000,
        source: "Employment Rights (Increase of Limits) Order 2024 (SI 2024/213)",
    },
    WeekPayLimit {
        jurisdiction: Jurisdiction::GreatBritain,
        from: ymd(2025, 4, 6),
        pence: 71_900,
        source: "Employment Rights (Increase of Limits) Order 2025 (SI 2025/348)",
    },
    WeekPayLimit {
        jurisdiction: Jurisdiction::GreatBritain,
        from: ymd(2026, 4, 6),
        pence: 75_100,
        source: "Employment Rights (Increase of Limits) Order 2026 (SI 2026/310)",
    },
    WeekPayLimit {
        jurisdiction: Jurisdiction::NorthernIreland,
        from: ymd(2024, 4, 6),
        pence: 72_900,
        source: "Employment Rights (Increase of Limits) Order (Northern Ireland) 2024",
    },
    WeekPayLimit {
        jurisdiction: Jurisdiction::NorthernIreland,
        from: ymd(2025, 4, 6),
        pence: 74_900,
        source: "Employment Rights (Increase of Limits) Order (Northern Ireland) 2025",
    },
];

/// The last relevant date the table is known to cover for `jurisdiction`: the day before the
/// next annual order is due (6 April) and not yet held. After it the latest limit is used
/// provisionally and the calculation says HR must confirm the limit.
pub fn known_until(jurisdiction: Jurisdiction) -> NaiveDate {
    match jurisdiction {
        Jurisdiction::GreatBritain => ymd(2027, 4, 5),
        Jurisdiction::NorthernIreland => ymd(2026, 4, 5),
    }
}

/// The limit on a week's pay for a relevant date, as far as Consult knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitInForce {
    /// The table holds the limit in force on the date.
    Known(&'static WeekPayLimit),
    /// The date is after the table is known to be current: the latest limit held is used
    /// until HR confirms the one in force.
    Provisional(&'static WeekPayLimit),
    /// The date is before the earliest limit held: no cap can be applied until HR confirms it.
    Unknown,
}

/// The limit in force on `relevant_date` in `jurisdiction`.
pub fn limit_in_force(jurisdiction: Jurisdiction, relevant_date: NaiveDate) -> LimitInForce {
    let latest = WEEK_PAY_LIMITS
        .iter()
        .filter(|l| l.jurisdiction == jurisdiction && l.from <= relevant_date)
        .max_by_key(|l| l.from);
    match latest {
        None => LimitInForce::Unknown,
        Some(limit) if relevant_date > known_until(jurisdiction) => {
            LimitInForce::Provisional(limit)
        }
        Some(limit) => LimitInForce::Known(limit),
    }
}

/// The same day `years` years later (or earlier, when negative); 29 February becomes 1 March
/// in a year without it (see the module's note).
pub fn shift_years(date: NaiveDate, years: i32) -> NaiveDate {
    let year = date.year() + years;
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .expect("a date within chrono's range")
}

/// Age in complete years on `day`.
pub fn age_on(date_of_birth: NaiveDate, day: NaiveDate) -> u32 {
    if day < date_of_birth {
        return 0;
    }
    let mut age = (day.year() - date_of_birth.year()).max(0);
    while age > 0 && shift_years(date_of_birth, age) > day {
        age -= 1;
    }
    age as u32
}

/// Complete years of continuous employment beginning with `start` and ending with `end`
/// (both days included): employment from 1 January 2024 to 31 December 2025 is two years.
pub fn complete_years(start: NaiveDate, end: NaiveDate) -> u32 {
    let Some(after_end) = end.succ_opt() else {
        return 0;
    };
    if after_end <= start {
        return 0;
    }
    let mut years = (after_end.year() - start.year()).max(0);
    while years > 0 && shift_years(start, years) > after_end {
        years -= 1;
    }
    years as u32
}

/// s162(2): the age bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AgeBand {
    /// s162(2)(c): half a week for a year not throughout 22 or over.
    Under22,
    /// s162(2)(b): one week for a year throughout 22 or over (not throughout 41 or over).
    From22To40,
    /// s162(2)(a): one and a half weeks for a year throughout 41 or over.
    From41,
}

impl AgeBand {
    /// The band of a year of employment that begins on a day the employee is `age_at_start`:
    /// ages only rise, so being in a band at the year's start means being in it throughout.
    pub fn for_age_throughout(age_at_start: u32) -> Self {
        match age_at_start {
            41.. => Self::From41,
            22..=40 => Self::From22To40,
            _ => Self::Under22,
        }
    }

    /// Weeks' pay per year, in half weeks.
    pub fn half_weeks_per_year(self) -> u32 {
        match self {
            Self::Under22 => 1,
            Self::From22To40 => 2,
            Self::From41 => 3,
        }
    }

    pub fn citation(self) -> &'static str {
        match self {
            Self::Under22 => "ERA 1996 s162(2)(c)",
            Self::From22To40 => "ERA 1996 s162(2)(b)",
            Self::From41 => "ERA 1996 s162(2)(a)",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Under22 => "under 22",
            Self::From22To40 => "22 to 40",
            Self::From41 => "41 or over",
        }
    }
}

/// What the calculation needs, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedundancyPayInput {
    /// The start of continuous employment (s211), which may be with a previous employer the
    /// law treats as continuous.
    pub service_start: NaiveDate,
    pub date_of_birth: NaiveDate,
    /// Gross weekly pay, before the cap.
    pub weekly_pay: Pence,
    /// s145: the day notice expires.
    pub relevant_date: NaiveDate,
    pub jurisdiction: Jurisdiction,
}

impl RedundancyPayInput {
    /// Checks the facts against each other; `prefix` is the input path (`input`).
    pub fn parse(
        service_start: NaiveDate,
        date_of_birth: NaiveDate,
        weekly_pay: Pence,
        relevant_date: NaiveDate,
        jurisdiction: Jurisdiction,
        prefix: &str,
    ) -> Result<Self, DomainError> {
        if weekly_pay.0 < 0 {
            return Err(DomainError::bad_input(
                format!("{prefix}.weeklyPay"),
                "A week's pay cannot be negative.",
            ));
        }
        if weekly_pay.0 > 10_000_000 {
            return Err(DomainError::bad_input(
                format!("{prefix}.weeklyPay"),
                "A week's pay above £100,000 is not plausible; give the gross weekly pay.",
            ));
        }
        if date_of_birth >= service_start {
            return Err(DomainError::bad_input(
                format!("{prefix}.dateOfBirth"),
                "The date of birth must be before the start of continuous service.",
            ));
        }
        if age_on(date_of_birth, service_start) < 10 {
            return Err(DomainError::bad_input(
                format!("{prefix}.dateOfBirth"),
                "The employee would have been under 10 when their service began: check the date of birth and the service start.",
            ));
        }
        if service_start > relevant_date {
            return Err(DomainError::bad_input(
                format!("{prefix}.relevantDate"),
                "The relevant date (the day notice ends) must be on or after the start of continuous service.",
            ));
        }
        Ok(Self {
            service_start,
            date_of_birth,
            weekly_pay,
            relevant_date,
            jurisdiction,
        })
    }
}

/// One counted year of employment, most recent first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct YearLine {
    /// 1 for the year ending with the relevant date.
    pub number: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The employee's age on the year's first day.
    pub age_at_start: u32,
    pub band: AgeBand,
}

/// The years counted in one band.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BandLine {
    pub band: AgeBand,
    pub years: u32,
    pub weeks_per_year: f64,
    pub weeks: f64,
    pub citation: &'static str,
}

/// How sure Consult is of the cap it applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LimitStatus {
    Confirmed,
    /// HR must confirm the limit in force on the relevant date before relying on the figure.
    Unconfirmed,
}

/// The statutory calculation, line by line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RedundancyPayCalculation {
    /// "GB" or "NI".
    pub jurisdiction: &'static str,
    pub service_start: NaiveDate,
    pub relevant_date: NaiveDate,
    pub age_on_relevant_date: u32,
    /// Complete years of continuous employment ending with the relevant date.
    pub complete_years_of_service: u32,
    /// s155: two years' service or more.
    pub qualifies: bool,
    /// At most 20 (s162(3)); 0 when the employee does not qualify.
    pub years_counted: u32,
    pub years: Vec<YearLine>,
    pub bands: Vec<BandLine>,
    pub total_weeks: f64,
    pub actual_weekly_pay_pence: i64,
    /// The limit on a week's pay used, if any is known.
    pub week_pay_limit_pence: Option<i64>,
    pub limit_source: Option<&'static str>,
    pub limit_status: LimitStatus,
    /// Whether the cap brought the week's pay down.
    pub cap_applied: bool,
    pub week_pay_used_pence: i64,
    pub total_pence: i64,
    /// Plain sentences: why it does not qualify, what HR must confirm, what is not modelled.
    pub notes: Vec<String>,
}

impl RedundancyPayCalculation {
    /// The statutory weeks in half weeks (an integer, for exact arithmetic).
    pub fn half_weeks(&self) -> u32 {
        self.bands
            .iter()
            .map(|b| b.years * b.band.half_weeks_per_year())
            .sum()
    }
}

/// `half_weeks / 2 × pence`, rounded up to a whole penny (in the employee's favour: the Act
/// says nothing of rounding).
fn half_weeks_of(half_weeks: u32, pence: i64) -> i64 {
    (i64::from(half_weeks) * pence + 1) / 2
}

fn show(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

fn pounds(pence: i64) -> String {
    format!("£{}.{:02}", pence / 100, pence % 100)
}

/// The statutory redundancy payment (ERA 1996 s155, s162, s227).
pub fn statutory(input: &RedundancyPayInput) -> RedundancyPayCalculation {
    let mut notes = Vec::new();
    let service = complete_years(input.service_start, input.relevant_date);
    let qualifies = service >= QUALIFYING_YEARS;
    if !qualifies {
        notes.push(format!(
            "No statutory redundancy payment: {service} complete year(s) of continuous service by {}, and s155 needs {QUALIFYING_YEARS}.",
            show(input.relevant_date)
        ));
    }
    let counted = if qualifies {
        service.min(MAX_YEARS_COUNTED)
    } else {
        0
    };
    if service > MAX_YEARS_COUNTED {
        notes.push(format!(
            "{service} complete years of service; s162(3) counts only the last {MAX_YEARS_COUNTED}."
        ));
    }
    let after_end = input
        .relevant_date
        .succ_opt()
        .expect("a relevant date within chrono's range");
    let years: Vec<YearLine> = (1..=counted)
        .map(|number| {
            let from = shift_years(after_end, -(number as i32));
            let to = shift_years(after_end, -(number as i32 - 1))
                .pred_opt()
                .expect("a date within chrono's range");
            let age_at_start = age_on(input.date_of_birth, from);
            YearLine {
                number,
                from,
                to,
                age_at_start,
                band: AgeBand::for_age_throughout(age_at_start),
            }
        })
        .collect();
    let bands: Vec<BandLine> = [AgeBand::From41, AgeBand::From22To40, AgeBand::Under22]
        .into_iter()
        .filter_map(|band| {
            let n = years.iter().filter(|y| y.band == band).count() as u32;
            (n > 0).then(|| BandLine {
                band,
                years: n,
                weeks_per_year: f64::from(band.half_weeks_per_year()) / 2.0,
                weeks: f64::from(n * band.half_weeks_per_year()) / 2.0,
                citation: band.citation(),
            })
        })
        .collect();
    let half_weeks: u32 = bands
        .iter()
        .map(|b| b.years * b.band.half_weeks_per_year())
        .sum();

    let (limit, status) = match limit_in_force(input.jurisdiction, input.relevant_date) {
        LimitInForce::Known(limit) => (Some(limit), LimitStatus::Confirmed),
        LimitInForce::Provisional(limit) => {
            notes.push(format!(
                "Limit unknown: Consult holds no {} limit on a week's pay set for {} or later; the latest it holds ({} from {}) is used until HR confirms the limit in force on the relevant date.",
                jurisdiction_name(input.jurisdiction),
                show(known_until(input.jurisdiction).succ_opt().expect("in range")),
                pounds(limit.pence),
                show(limit.from)
            ));
            (Some(limit), LimitStatus::Unconfirmed)
        }
        LimitInForce::Unknown => {
            notes.push(format!(
                "Limit unknown: Consult holds no {} limit on a week's pay for {}; no cap is applied until HR confirms the limit in force on the relevant date.",
                jurisdiction_name(input.jurisdiction),
                show(input.relevant_date)
            ));
            (None, LimitStatus::Unconfirmed)
        }
    };
    let actual = input.weekly_pay.0;
    let used = limit.map_or(actual, |l| actual.min(l.pence));
    notes.push(
        "The relevant date is taken as given (s145(2): the day notice ends). Where less than the s86 minimum notice was given, s145(5) moves it to when that notice would have ended; enter that date instead.".into(),
    );
    RedundancyPayCalculation {
        jurisdiction: input.jurisdiction.as_str(),
        service_start: input.service_start,
        relevant_date: input.relevant_date,
        age_on_relevant_date: age_on(input.date_of_birth, input.relevant_date),
        complete_years_of_service: service,
        qualifies,
        years_counted: counted,
        years,
        bands,
        total_weeks: f64::from(half_weeks) / 2.0,
        actual_weekly_pay_pence: actual,
        week_pay_limit_pence: limit.map(|l| l.pence),
        limit_source: limit.map(|l| l.source),
        limit_status: status,
        cap_applied: used < actual,
        week_pay_used_pence: used,
        total_pence: half_weeks_of(half_weeks, used),
        notes,
    }
}

fn jurisdiction_name(j: Jurisdiction) -> &'static str {
    match j {
        Jurisdiction::GreatBritain => "Great Britain",
        Jurisdiction::NorthernIreland => "Northern Ireland",
    }
}

/// The Local Government (Early Termination of Employment) (Discretionary Compensation)
/// (England and Wales) Regulations 2006 (SI 2006/2914): reg. 5 lets a council base the
/// redundancy payment on the actual week's pay instead of the s227 cap; reg. 6 lets it pay a
/// lump sum of at most 104 weeks' pay, with any statutory and reg. 5 payment offset against
/// it, so the whole never exceeds 104 weeks' pay; reg. 7 requires a published policy.
pub const DISCRETIONARY_COMPENSATION_REGS: &str = "Local Government (Early Termination of Employment) (Discretionary Compensation) (England and Wales) Regulations 2006 (SI 2006/2914)";

/// reg. 6: the most weeks' pay a council's compensation may come to.
pub const MAX_DISCRETIONARY_WEEKS: u32 = 104;

/// The employer's enhanced redundancy scheme: policy, not law. Applied to the statutory weeks
/// of a qualifying employee (Consult does not model lump sums for those who do not qualify).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnhancedScheme {
    /// reg. 5: a week's pay is the actual weekly pay, not capped by s227.
    pub use_actual_weekly_pay: bool,
    /// The statutory weeks are multiplied by this, in hundredths (150 = 1.5 times).
    pub multiplier_hundredths: u32,
    /// The most weeks' pay paid in all (at most 104 under reg. 6).
    pub max_weeks: u32,
}

/// The enhanced calculation beside the statutory one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnhancedPayCalculation {
    pub statutory_total_pence: i64,
    pub statutory_weeks: f64,
    pub multiplier: f64,
    /// Statutory weeks times the multiplier, before the maximum.
    pub weeks_before_maximum: f64,
    pub max_weeks: u32,
    pub weeks_paid: f64,
    pub week_pay_used_pence: i64,
    /// What the scheme's own formula gives.
    pub scheme_total_pence: i64,
    /// The scheme's total, or the statutory one where that is more.
    pub total_pence: i64,
    /// The statutory amount was paid because the scheme gave less.
    pub statutory_floor_applied: bool,
    pub source: &'static str,
}

/// The enhanced payment: never below the statutory amount.
pub fn enhanced(
    statutory: &RedundancyPayCalculation,
    scheme: &EnhancedScheme,
) -> EnhancedPayCalculation {
    let half_weeks = i64::from(statutory.half_weeks());
    // Weeks in hundredths: half weeks × 50 × multiplier / 100.
    let before_max = half_weeks * 50 * i64::from(scheme.multiplier_hundredths) / 100;
    let paid = before_max.min(i64::from(scheme.max_weeks) * 100);
    let week_pay = if scheme.use_actual_weekly_pay {
        statutory.actual_weekly_pay_pence
    } else {
        statutory.week_pay_used_pence
    };
    let scheme_total = (paid * week_pay + 99) / 100;
    let total = scheme_total.max(statutory.total_pence);
    EnhancedPayCalculation {
        statutory_total_pence: statutory.total_pence,
        statutory_weeks: statutory.total_weeks,
        multiplier: f64::from(scheme.multiplier_hundredths) / 100.0,
        weeks_before_maximum: before_max as f64 / 100.0,
        max_weeks: scheme.max_weeks,
        weeks_paid: paid as f64 / 100.0,
        week_pay_used_pence: week_pay,
        scheme_total_pence: scheme_total,
        total_pence: total,
        statutory_floor_applied: total > scheme_total,
        source: DISCRETIONARY_COMPENSATION_REGS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn calc(
        start: NaiveDate,
        born: NaiveDate,
        pay_pounds: i64,
        relevant: NaiveDate,
    ) -> RedundancyPayCalculation {
        let input = RedundancyPayInput::parse(
            start,
            born,
            Pence(pay_pounds * 100),
            relevant,
            Jurisdiction::GreatBritain,
            "input",
        )
        .unwrap();
        statutory(&input)
    }

    #[test]
    fn the_limit_table_is_ordered_and_in_pence() {
        for j in [Jurisdiction::GreatBritain, Jurisdiction::NorthernIreland] {
            let rows: Vec<_> = WEEK_PAY_LIMITS
                .iter()
                .filter(|l| l.jurisdiction == j)
                .collect();
            assert!(rows.windows(2).all(|w| w[0].from < w[1].from));
            assert!(rows.windows(2).all(|w| w[0].pence <= w[1].pence));
            assert!(
                rows.iter()
                    .all(|l| l.from.month() == 4 && l.from.day() == 6)
            );
            assert!(known_until(j) >= rows.last().unwrap().from);
        }
    }

    /// s155: employment from 1 January 2024 to 31 December 2025 is exactly two years and
    /// qualifies; a relevant date one day earlier is one complete year and does not.
    #[test]
    fn s155_exactly_two_years_qualifies_and_a_day_less_does_not() {
        let born = day(1980, 6, 1);
        let exactly = calc(day(2024, 1, 1), born, 500, day(2025, 12, 31));
        assert_eq!(exactly.complete_years_of_service, 2);
        assert!(exactly.qualifies);
        // Aged 43-45: 2 × 1.5 weeks × £500 = £1,500.
        assert_eq!(exactly.total_weeks, 3.0);
        assert_eq!(exactly.total_pence, 150_000);

        let short = calc(day(2024, 1, 1), born, 500, day(2025, 12, 30));
        assert_eq!(short.complete_years_of_service, 1);
        assert!(!short.qualifies);
        assert_eq!(short.years_counted, 0);
        assert_eq!(short.total_pence, 0);
        assert!(short.notes[0].contains("s155 needs 2"));
    }

    /// s162(2): a year counts at 1.5 weeks only if the employee was 41 throughout it. With the
    /// relevant date 30 June 2026 the most recent year runs 1 July 2025 to 30 June 2026; born
    /// 1 July 1984, they turn 41 on its first day and it counts at 1.5 weeks. Born a day later,
    /// 2 July 1984, they were 40 on 1 July 2025, so that year counts at 1 week.
    #[test]
    fn s162_2_the_birthday_that_moves_a_year_between_bands() {
        let start = day(2016, 7, 1);
        let relevant = day(2026, 6, 30);
        let on_the_day = calc(start, day(1984, 7, 1), 600, relevant);
        assert_eq!(on_the_day.years[0].from, day(2025, 7, 1));
        assert_eq!(on_the_day.years[0].to, day(2026, 6, 30));
        assert_eq!(on_the_day.years[0].age_at_start, 41);
        assert_eq!(on_the_day.years[0].band, AgeBand::From41);
        assert_eq!(on_the_day.bands[0].band, AgeBand::From41);
        assert_eq!(on_the_day.bands[0].years, 1);
        assert_eq!(on_the_day.bands[1].years, 9);
        assert_eq!(on_the_day.total_weeks, 10.5);

        let a_day_later = calc(start, day(1984, 7, 2), 600, relevant);
        assert_eq!(a_day_later.years[0].age_at_start, 40);
        assert_eq!(a_day_later.years[0].band, AgeBand::From22To40);
        assert_eq!(a_day_later.bands.len(), 1);
        assert_eq!(a_day_later.total_weeks, 10.0);
        // 10 weeks × £600 (under the £751 cap) = £6,000.
        assert_eq!(a_day_later.total_pence, 600_000);
    }

    /// s162(2)(c) and (b): a year in which the employee turns 22 counts at half a week.
    #[test]
    fn s162_2_c_a_young_employee_gets_half_weeks() {
        // Born 15 March 2003; service from 1 September 2021; relevant date 31 August 2026:
        // 5 years. Ages at each year's start (1 Sept): 22 (2025), 21, 20, 19, 18.
        let c = calc(day(2021, 9, 1), day(2003, 3, 15), 400, day(2026, 8, 31));
        assert_eq!(c.years_counted, 5);
        assert_eq!(c.bands[0].band, AgeBand::From22To40);
        assert_eq!(c.bands[0].years, 1);
        assert_eq!(c.bands[1].band, AgeBand::Under22);
        assert_eq!(c.bands[1].years, 4);
        // 1 + 4 × 0.5 = 3 weeks × £400 = £1,200.
        assert_eq!(c.total_weeks, 3.0);
        assert_eq!(c.total_pence, 120_000);
    }

    /// s162(3): only the last 20 years count; 30 years at 41+ on £900 a week, capped at £751
    /// (SI 2026/310), is 20 × 1.5 × £751 = £22,530, the published maximum.
    #[test]
    fn s162_3_twenty_years_cap_gives_the_published_maximum() {
        let c = calc(day(1996, 1, 1), day(1950, 1, 1), 900, day(2026, 12, 31));
        assert_eq!(c.complete_years_of_service, 31);
        assert_eq!(c.years_counted, 20);
        assert_eq!(c.years.len(), 20);
        assert_eq!(c.years[19].from, day(2007, 1, 1));
        assert_eq!(c.total_weeks, 30.0);
        assert!(c.cap_applied);
        assert_eq!(c.week_pay_limit_pence, Some(75_100));
        assert_eq!(c.total_pence, 2_253_000);
        assert!(
            c.notes
                .iter()
                .any(|n| n.contains("counts only the last 20"))
        );
        // 20 years exactly: no note about the cap on years.
        let twenty = calc(day(2007, 1, 1), day(1950, 1, 1), 900, day(2026, 12, 31));
        assert_eq!(twenty.complete_years_of_service, 20);
        assert!(!twenty.notes.iter().any(|n| n.contains("counts only")));
    }

    /// s227(1)(a) and the increase orders: the limit is the one in force on the relevant date,
    /// which changes on 6 April.
    #[test]
    fn s227_the_limit_changes_on_6_april() {
        let start = day(2010, 1, 1);
        let born = day(1970, 1, 1);
        let before = calc(start, born, 1000, day(2026, 4, 5));
        assert_eq!(before.week_pay_used_pence, 71_900);
        assert_eq!(
            before.limit_source,
            Some("Employment Rights (Increase of Limits) Order 2025 (SI 2025/348)")
        );
        let on = calc(start, born, 1000, day(2026, 4, 6));
        assert_eq!(on.week_pay_used_pence, 75_100);
        assert_eq!(on.limit_status, LimitStatus::Confirmed);
        let y2024 = calc(start, born, 1000, day(2024, 4, 6));
        assert_eq!(y2024.week_pay_used_pence, 70_000);
        let y2025 = calc(start, born, 1000, day(2025, 4, 6));
        assert_eq!(y2025.week_pay_used_pence, 71_900);
        // Pay under the cap is used as it is.
        let low = calc(start, born, 300, day(2026, 4, 6));
        assert!(!low.cap_applied);
        assert_eq!(low.week_pay_used_pence, 30_000);
    }

    #[test]
    fn dates_outside_the_table_are_flagged_for_hr() {
        let start = day(2010, 1, 1);
        let born = day(1970, 1, 1);
        let early = calc(start, born, 1000, day(2024, 4, 5));
        assert_eq!(early.limit_status, LimitStatus::Unconfirmed);
        assert_eq!(early.week_pay_limit_pence, None);
        assert_eq!(early.week_pay_used_pence, 100_000);
        assert!(early.notes[0].starts_with("Limit unknown"));
        let late = calc(start, born, 1000, day(2027, 4, 6));
        assert_eq!(late.limit_status, LimitStatus::Unconfirmed);
        assert_eq!(late.week_pay_used_pence, 75_100);
    }

    /// NI (ERA (NI) Order 1996, art. 23(1) limits): £749 from 6 April 2025; from 6 April 2026
    /// Consult does not know the limit and says so.
    #[test]
    fn northern_ireland_has_its_own_limits() {
        let input = |relevant| {
            RedundancyPayInput::parse(
                day(2010, 1, 1),
                day(1970, 1, 1),
                Pence(100_000),
                relevant,
                Jurisdiction::NorthernIreland,
                "input",
            )
            .unwrap()
        };
        let known = statutory(&input(day(2025, 10, 1)));
        assert_eq!(known.jurisdiction, "NI");
        assert_eq!(known.week_pay_used_pence, 74_900);
        assert_eq!(known.limit_status, LimitStatus::Confirmed);
        let y2024 = statutory(&input(day(2024, 10, 1)));
        assert_eq!(y2024.week_pay_used_pence, 72_900);
        let unknown = statutory(&input(day(2026, 4, 6)));
        assert_eq!(unknown.limit_status, LimitStatus::Unconfirmed);
        assert!(unknown.notes[0].contains("Northern Ireland"));
        assert!(unknown.notes[0].contains("HR confirms"));
    }

    #[test]
    fn half_weeks_round_up_to_the_penny() {
        // 2 years under 22 = 1 week; 3 years = 1.5 weeks × £333.33 = £499.995 → £500.00.
        let c = RedundancyPayInput::parse(
            day(2022, 1, 1),
            day(2006, 1, 1),
            Pence(33_333),
            day(2024, 12, 31),
            Jurisdiction::GreatBritain,
            "input",
        )
        .unwrap();
        let c = statutory(&c);
        assert_eq!(c.total_weeks, 1.5);
        assert_eq!(c.total_pence, 50_000);
    }

    #[test]
    fn leap_day_birthdays_fall_on_1_march() {
        let born = day(1984, 2, 29);
        assert_eq!(age_on(born, day(2025, 2, 28)), 40);
        assert_eq!(age_on(born, day(2025, 3, 1)), 41);
        assert_eq!(age_on(born, day(2028, 2, 29)), 44);
        assert_eq!(complete_years(day(2024, 2, 29), day(2025, 2, 28)), 1);
    }

    #[test]
    fn inconsistent_facts_are_refused_at_their_field() {
        let bad = |start, born, pay, relevant| {
            RedundancyPayInput::parse(
                start,
                born,
                Pence(pay),
                relevant,
                Jurisdiction::GreatBritain,
                "input",
            )
            .unwrap_err()
        };
        let e = bad(day(2020, 1, 1), day(1990, 1, 1), 50_000, day(2019, 1, 1));
        assert_eq!(e.code(), "BAD_USER_INPUT");
        assert!(
            matches!(e, DomainError::BadInput { ref field, .. } if field == "input.relevantDate")
        );
        let e = bad(day(2020, 1, 1), day(2021, 1, 1), 50_000, day(2024, 1, 1));
        assert!(
            matches!(e, DomainError::BadInput { ref field, .. } if field == "input.dateOfBirth")
        );
        let e = bad(day(2020, 1, 1), day(1990, 1, 1), -1, day(2024, 1, 1));
        assert!(matches!(e, DomainError::BadInput { ref field, .. } if field == "input.weeklyPay"));
    }

    /// SI 2006/2914 reg. 5 and 6: actual pay instead of the cap, a multiplier, at most 104
    /// weeks; never below the statutory amount.
    #[test]
    fn the_enhanced_scheme_uses_actual_pay_a_multiplier_and_a_maximum() {
        // 20 years at 41+ = 30 statutory weeks; £1,000 a week actual; cap £751.
        let c = calc(day(2000, 1, 1), day(1960, 1, 1), 1000, day(2026, 12, 31));
        assert_eq!(c.total_pence, 2_253_000);
        let scheme = EnhancedScheme {
            use_actual_weekly_pay: true,
            multiplier_hundredths: 200,
            max_weeks: 104,
        };
        let e = enhanced(&c, &scheme);
        assert_eq!(e.weeks_before_maximum, 60.0);
        assert_eq!(e.weeks_paid, 60.0);
        assert_eq!(e.week_pay_used_pence, 100_000);
        assert_eq!(e.total_pence, 6_000_000);
        assert!(!e.statutory_floor_applied);
        // The maximum bites: 30 × 4 = 120 weeks, paid 104.
        let e = enhanced(
            &c,
            &EnhancedScheme {
                multiplier_hundredths: 400,
                ..scheme
            },
        );
        assert_eq!(e.weeks_before_maximum, 120.0);
        assert_eq!(e.weeks_paid, 104.0);
        assert_eq!(e.total_pence, 10_400_000);
        // A scheme that would pay less than the statute pays the statutory amount.
        let e = enhanced(
            &c,
            &EnhancedScheme {
                use_actual_weekly_pay: false,
                multiplier_hundredths: 100,
                max_weeks: 20,
            },
        );
        assert_eq!(e.scheme_total_pence, 20 * 75_100);
        assert_eq!(e.total_pence, 2_253_000);
        assert!(e.statutory_floor_applied);
    }
}
