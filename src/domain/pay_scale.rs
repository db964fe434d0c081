//! A grade's pay: the salary, and the employer's on-costs (pension and National Insurance)
//! added to it to cost a post. The cost of the structure includes on-costs; a week's pay for a
//! protective award does not (`protective_award`), so the two are held apart.

use super::{DomainError, structure::Pence};

/// The employer's on-cost rate on a salary, in basis points (hundredths of a percent), so
/// 28.5% is 2850 and sums stay exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct OnCostRate(u32);

impl OnCostRate {
    pub const NONE: OnCostRate = OnCostRate(0);

    /// 100%: employer NI plus pension is about 30% for a council; twice the salary is a typo.
    pub const MAX: OnCostRate = OnCostRate(10_000);

    /// Parses a percentage with at most two decimals, from 0 to 100.
    pub fn parse_percent(value: f64, field: &str) -> Result<OnCostRate, DomainError> {
        let basis_points = (value * 100.0).round();
        if !value.is_finite() || value < 0.0 || basis_points > f64::from(Self::MAX.0) {
            return Err(DomainError::bad_input(
                field,
                "The on-cost rate is a percentage of the salary from 0 to 100, for example 28.5.",
            ));
        }
        if (value * 100.0 - basis_points).abs() > 1e-6 {
            return Err(DomainError::bad_input(
                field,
                "The on-cost rate can have at most two decimal places, for example 28.25.",
            ));
        }
        Ok(OnCostRate(basis_points as u32))
    }

    pub fn from_basis_points(basis_points: u32) -> OnCostRate {
        OnCostRate(basis_points)
    }

    pub fn basis_points(self) -> u32 {
        self.0
    }

    pub fn as_percent(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

/// What a full-time post on a grade is paid and what it costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayTerms {
    /// Gross annual salary of a full-time post, without on-costs.
    pub salary: Pence,
    pub on_cost: OnCostRate,
}

impl PayTerms {
    /// Salary plus on-costs, to the nearest penny (halves up): the cost of a full-time post.
    pub fn annual_cost(self) -> Pence {
        let on_cost = (i128::from(self.salary.0) * i128::from(self.on_cost.0) + 5_000) / 10_000;
        Pence(self.salary.0 + on_cost as i64)
    }
}

/// How HR states a grade's pay in `setPayScale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayScaleChange {
    /// The salary, with an on-cost rate or (when `None`) the grade's current rate, or none
    /// for a new grade: a change of salary alone keeps the rate.
    Salary {
        salary: Pence,
        on_cost: Option<OnCostRate>,
    },
    /// Only the total cost, as before salaries were held apart: read as a salary with no
    /// on-costs, which keeps the cost of the structure but overstates a week's pay.
    AnnualCostOnly(Pence),
}

impl PayScaleChange {
    /// Checks what HR gave: a salary (and rate), or an annual cost alone, never both.
    pub fn parse(
        salary: Option<Pence>,
        on_cost_percent: Option<f64>,
        annual_cost: Option<Pence>,
    ) -> Result<PayScaleChange, DomainError> {
        let on_cost = on_cost_percent
            .map(|p| OnCostRate::parse_percent(p, "input.onCostPercent"))
            .transpose()?;
        let change = match (salary, annual_cost) {
            (Some(salary), None) => PayScaleChange::Salary { salary, on_cost },
            (None, Some(_)) if on_cost.is_some() => {
                return Err(DomainError::bad_input(
                    "input.onCostPercent",
                    "An on-cost rate goes with a salary: give salary and onCostPercent, or annualCost alone.",
                ));
            }
            (None, Some(total)) => PayScaleChange::AnnualCostOnly(total),
            (Some(_), Some(_)) => {
                return Err(DomainError::bad_input(
                    "input.annualCost",
                    "Give the salary and on-cost rate, or the annual cost alone, not both: the annual cost is worked out from the salary.",
                ));
            }
            (None, None) => {
                return Err(DomainError::bad_input(
                    "input.salary",
                    "Give the grade's salary (and its on-cost rate).",
                ));
            }
        };
        let (field, amount) = match change {
            PayScaleChange::Salary { salary, .. } => ("input.salary", salary),
            PayScaleChange::AnnualCostOnly(total) => ("input.annualCost", total),
        };
        if amount.0 <= 0 {
            return Err(DomainError::bad_input(
                field,
                "A grade must cost more than nothing.",
            ));
        }
        Ok(change)
    }

    /// The grade's pay after the change, given its pay now (`None` for a new grade).
    pub fn apply(self, current: Option<PayTerms>) -> PayTerms {
        match self {
            PayScaleChange::Salary { salary, on_cost } => PayTerms {
                salary,
                on_cost: on_cost
                    .or(current.map(|c| c.on_cost))
                    .unwrap_or(OnCostRate::NONE),
            },
            PayScaleChange::AnnualCostOnly(total) => PayTerms {
                salary: total,
                on_cost: OnCostRate::NONE,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_costs_are_added_to_the_salary_to_the_nearest_penny() {
        let terms = |salary, bp| PayTerms {
            salary: Pence(salary),
            on_cost: OnCostRate(bp),
        };
        assert_eq!(terms(2_600_000, 2_850).annual_cost(), Pence(3_341_000));
        assert_eq!(terms(2_600_000, 0).annual_cost(), Pence(2_600_000));
        // 1p at 50% is 0.5p: halves round up.
        assert_eq!(terms(1, 5_000).annual_cost(), Pence(2));
        assert_eq!(terms(1, 4_999).annual_cost(), Pence(1));
    }

    #[test]
    fn the_on_cost_rate_is_a_percentage_with_two_decimals() {
        assert_eq!(
            OnCostRate::parse_percent(28.5, "f").unwrap().basis_points(),
            2_850
        );
        assert_eq!(
            OnCostRate::parse_percent(0.0, "f").unwrap(),
            OnCostRate::NONE
        );
        assert_eq!(
            OnCostRate::parse_percent(100.0, "f").unwrap(),
            OnCostRate::MAX
        );
        for bad in [-1.0, 100.01, 28.555, f64::NAN, f64::INFINITY] {
            assert_eq!(
                OnCostRate::parse_percent(bad, "f").unwrap_err().code(),
                "BAD_USER_INPUT",
                "{bad}"
            );
        }
    }

    #[test]
    fn a_salary_keeps_the_grade_s_rate_unless_a_new_one_is_given() {
        let now = PayTerms {
            salary: Pence(2_000_000),
            on_cost: OnCostRate(2_900),
        };
        let raise = PayScaleChange::parse(Some(Pence(2_100_000)), None, None).unwrap();
        assert_eq!(raise.apply(Some(now)).on_cost, OnCostRate(2_900));
        assert_eq!(raise.apply(None).on_cost, OnCostRate::NONE);
        let rate = PayScaleChange::parse(Some(Pence(2_100_000)), Some(30.0), None).unwrap();
        assert_eq!(rate.apply(Some(now)).on_cost, OnCostRate(3_000));
    }

    #[test]
    fn an_annual_cost_alone_is_a_salary_without_on_costs_and_never_mixed() {
        let total = PayScaleChange::parse(None, None, Some(Pence(3_670_000))).unwrap();
        let terms = total.apply(None);
        assert_eq!(terms.salary, Pence(3_670_000));
        assert_eq!(terms.annual_cost(), Pence(3_670_000));
        for (salary, rate, annual, field) in [
            (Some(Pence(1)), None, Some(Pence(1)), "input.annualCost"),
            (None, Some(28.0), Some(Pence(1)), "input.onCostPercent"),
            (None, None, None, "input.salary"),
            (Some(Pence(0)), None, None, "input.salary"),
            (None, None, Some(Pence(0)), "input.annualCost"),
        ] {
            let err = PayScaleChange::parse(salary, rate, annual).unwrap_err();
            assert!(
                matches!(err, DomainError::BadInput { field: ref f, .. } if f == field),
                "{err:?}"
            );
        }
    }
}
