//! A protective award (TULRCA 1992 s189) in money: what a tribunal could order the employer to
//! pay each employee if collective consultation fails.
//!
//! - s189(4): the protected period is at most 90 days (180 from 6 April 2026; the rule tables
//!   with their dates are in `s188`).
//! - s190(1): the employee is paid a week's pay for each week of the protected period and
//!   proportionately for part of a week, so one day is a seventh of a week's pay and the award
//!   is a week's pay × days ÷ 7.
//! - s190(5): a week's pay is worked out under ERA 1996 Part XIV ch. II (ss221–229). That is the
//!   employee's gross pay (ss221–224: before tax and their own deductions, averaged over 12
//!   weeks where hours or pay vary); it is not what the post costs the employer, so employer
//!   pension and National Insurance on-costs are no part of it. The s227 cap on a week's pay
//!   applies only to the awards s227(1) lists, and a protective award is not one of them, so
//!   the full pay counts however high.
//!
//! Where HR has not entered an employee's actual weekly pay, it is estimated from the salary
//! of their grade (without on-costs) × the FTE they hold ÷ 52, and the assessment says so.

use super::{
    DomainError,
    structure::{Fte, Pence},
};

/// The largest weekly pay accepted: £100,000, above any real salary, so a slip of the decimal
/// point is caught rather than turned into an exposure.
pub const MAX_WEEKLY_PAY: Pence = Pence(10_000_000);

/// Where a week's pay is from: GB s190(5) with ERA 1996 ss221–229; NI art. 218(5).
pub const WEEKS_PAY_CITATION: super::s188::Citation = super::s188::Citation {
    gb: "s190(5); ERA 1996 ss221-229",
    ni: "art. 218(5)",
};

/// Checks an employee's actual gross weekly pay as HR enters it.
pub fn weekly_pay(amount: Pence, field: &str) -> Result<Pence, DomainError> {
    if amount.0 <= 0 {
        return Err(DomainError::bad_input(
            field,
            "A week's pay must be more than nothing; leave it out (null) when it is not known.",
        ));
    }
    if amount > MAX_WEEKLY_PAY {
        return Err(DomainError::bad_input(
            field,
            "That is more than £100,000 a week; check the amount (it is pounds, e.g. 550.00).",
        ));
    }
    Ok(amount)
}

/// One post an employee holds, as its grade pays it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GradedPost {
    /// The grade's annual salary for a full-time post, without on-costs.
    pub salary: Pence,
    /// How much of the post the employee holds.
    pub fte: Fte,
}

/// The pay of one employee proposed for dismissal, as far as it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffectedPay {
    pub name: String,
    /// Their actual gross weekly pay, when HR has entered it.
    pub weekly_pay: Option<Pence>,
    /// The posts they hold whose grades have a pay scale.
    pub graded_posts: Vec<GradedPost>,
}

/// How an employee's week's pay was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayBasis {
    /// HR entered it.
    Actual,
    /// From the salary of their grade(s) × FTE ÷ 52.
    EstimatedFromGrade,
    /// Neither weekly pay nor a graded post.
    Unknown,
}

impl AffectedPay {
    pub fn basis(&self) -> PayBasis {
        if self.weekly_pay.is_some() {
            PayBasis::Actual
        } else if !self.graded_posts.is_empty() {
            PayBasis::EstimatedFromGrade
        } else {
            PayBasis::Unknown
        }
    }

    /// The week's pay as an exact fraction of pence, (numerator, denominator), so that an
    /// estimate is rounded only once, at the end.
    fn week(&self) -> Option<(i128, i128)> {
        match self.basis() {
            PayBasis::Actual => self.weekly_pay.map(|w| (i128::from(w.0.max(0)), 1)),
            // salary × FTE hundredths ÷ 100 ÷ 52.
            PayBasis::EstimatedFromGrade => Some((
                self.graded_posts
                    .iter()
                    .map(|p| i128::from(p.salary.0.max(0)) * i128::from(p.fte.hundredths()))
                    .sum(),
                100 * 52,
            )),
            PayBasis::Unknown => None,
        }
    }

    /// The award for `days` days of the protected period: a week's pay × days ÷ 7 (s190(1)),
    /// to the nearest penny (halves up); `None` when the pay is unknown.
    pub fn award(&self, days: u32) -> Option<Pence> {
        let (numerator, denominator) = self.week()?;
        let numerator = numerator * i128::from(days);
        let denominator = denominator * 7;
        let pence = (2 * numerator + denominator) / (2 * denominator);
        Some(Pence(i64::try_from(pence).unwrap_or(i64::MAX)))
    }
}

/// The exposure of everyone proposed for dismissal, and whose pay it had to estimate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Exposure {
    pub total: Pence,
    /// Employees whose actual weekly pay was used.
    pub actual: u32,
    /// Names of those whose week's pay was estimated from their grade.
    pub estimated: Vec<String>,
    /// Names of those with neither weekly pay nor a graded post: left out of the total.
    pub unknown: Vec<String>,
}

/// The most a tribunal could award all of `affected` for `days` days each.
pub fn exposure(affected: &[AffectedPay], days: u32) -> Exposure {
    let mut out = Exposure::default();
    for person in affected {
        match person.basis() {
            PayBasis::Actual => out.actual += 1,
            PayBasis::EstimatedFromGrade => out.estimated.push(person.name.clone()),
            PayBasis::Unknown => out.unknown.push(person.name.clone()),
        }
        if let Some(award) = person.award(days) {
            out.total = Pence(out.total.0.saturating_add(award.0));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pay_scale::{OnCostRate, PayTerms};

    fn paid(weekly: i64) -> AffectedPay {
        AffectedPay {
            name: "Paid".into(),
            weekly_pay: Some(Pence(weekly)),
            graded_posts: vec![],
        }
    }

    fn graded(salary: i64, fte: u32) -> AffectedPay {
        AffectedPay {
            name: "Graded".into(),
            weekly_pay: None,
            graded_posts: vec![GradedPost {
                salary: Pence(salary),
                fte: Fte::from_hundredths(fte),
            }],
        }
    }

    /// s189(4) with s190(1): 180 days is 180/7 weeks of pay. £700 a week is exactly £18,000;
    /// £550 a week is £14,142.857…, so £14,142.86.
    #[test]
    fn s189_4_s190_1_weekly_pay_times_180_over_7_to_the_penny() {
        assert_eq!(paid(70_000).award(180), Some(Pence(1_800_000)));
        assert_eq!(paid(55_000).award(180), Some(Pence(1_414_286)));
        assert_eq!(paid(55_000).award(90), Some(Pence(707_143)));
        // 1p × 3 / 7 = 0.43p rounds down; × 4 / 7 = 0.57p rounds up.
        assert_eq!(paid(1).award(3), Some(Pence(0)));
        assert_eq!(paid(1).award(4), Some(Pence(1)));
    }

    /// s190(5): a week's pay is the employee's gross pay, not the cost of their post: a grade
    /// costed at £33,410 with 28.5% on-costs pays £26,000, and the award follows the salary.
    #[test]
    fn s190_5_on_costs_are_not_part_of_a_week_s_pay() {
        let terms = PayTerms {
            salary: Pence(2_600_000),
            on_cost: OnCostRate::from_basis_points(2_850),
        };
        assert_eq!(terms.annual_cost(), Pence(3_341_000));
        let person = graded(terms.salary.0, 100);
        // £26,000 ÷ 52 = £500 a week; × 180 ÷ 7 = £12,857.14.
        assert_eq!(person.award(180), Some(Pence(1_285_714)));
        let with_on_costs = graded(terms.annual_cost().0, 100);
        assert!(with_on_costs.award(180) > person.award(180));
    }

    /// s190(5), ERA 1996 s221: with no actual pay, the grade's salary × FTE ÷ 52 estimates it,
    /// rounded once: £26,000 at 0.6 FTE is £300 a week, so 180 days is £7,714.29.
    #[test]
    fn s190_5_weekly_pay_is_estimated_from_grade_salary_times_fte_over_52() {
        let part_time = graded(2_600_000, 60);
        assert_eq!(part_time.basis(), PayBasis::EstimatedFromGrade);
        assert_eq!(part_time.award(180), Some(Pence(771_429)));
        // Two part-time posts on different grades add up.
        let two_posts = AffectedPay {
            graded_posts: vec![
                GradedPost {
                    salary: Pence(2_600_000),
                    fte: Fte::from_hundredths(50),
                },
                GradedPost {
                    salary: Pence(5_200_000),
                    fte: Fte::from_hundredths(25),
                },
            ],
            ..graded(0, 0)
        };
        // £250 + £250 = £500 a week.
        assert_eq!(two_posts.award(7), Some(Pence(50_000)));
        // Actual pay wins over the grade.
        let both = AffectedPay {
            weekly_pay: Some(Pence(40_000)),
            ..graded(2_600_000, 100)
        };
        assert_eq!(both.basis(), PayBasis::Actual);
        assert_eq!(both.award(7), Some(Pence(40_000)));
    }

    /// s190(5): ERA 1996 s227's cap on a week's pay does not reach a protective award, so
    /// £3,000 a week counts in full: 180 days is £77,142.86.
    #[test]
    fn s190_5_no_cap_on_a_week_s_pay() {
        assert_eq!(paid(300_000).award(180), Some(Pence(7_714_286)));
    }

    /// s189: the exposure adds everyone's award and names those estimated or unknown.
    #[test]
    fn s189_exposure_adds_each_award_and_names_the_estimates() {
        let nobody = AffectedPay {
            name: "Nobody".into(),
            weekly_pay: None,
            graded_posts: vec![],
        };
        assert_eq!(nobody.award(180), None);
        let e = exposure(&[paid(70_000), graded(2_600_000, 60), nobody], 180);
        assert_eq!(e.total, Pence(1_800_000 + 771_429));
        assert_eq!(e.actual, 1);
        assert_eq!(e.estimated, vec!["Graded".to_owned()]);
        assert_eq!(e.unknown, vec!["Nobody".to_owned()]);
        assert_eq!(exposure(&[], 180), Exposure::default());
    }

    #[test]
    fn weekly_pay_must_be_more_than_nothing_and_believable() {
        assert_eq!(weekly_pay(Pence(55_000), "f"), Ok(Pence(55_000)));
        assert_eq!(weekly_pay(MAX_WEEKLY_PAY, "f"), Ok(MAX_WEEKLY_PAY));
        for bad in [0, -1, MAX_WEEKLY_PAY.0 + 1] {
            assert_eq!(
                weekly_pay(Pence(bad), "f").unwrap_err().code(),
                "BAD_USER_INPUT"
            );
        }
    }
}
