//! Dates that lie before the years a consultation happens in: a date of birth, the start of
//! continuous service (which may be decades back, with a previous employer). `NaiveDate`
//! arguments are held to `domain::bounds` (2000 to 2100) before any resolver runs; these take
//! the years `domain::bounds::FIRST_HISTORICAL_YEAR` to `LAST_YEAR` instead.

use crate::domain::bounds;
use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

/// A calendar date that may be long past, e.g. a date of birth, as `YYYY-MM-DD` (years 1900
/// to 2100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoricalDate(pub NaiveDate);

/// A calendar date that may be long past, e.g. a date of birth, as `YYYY-MM-DD` (years 1900
/// to 2100).
#[Scalar(name = "HistoricalDate")]
impl ScalarType for HistoricalDate {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .filter(|d| bounds::historical_date_is_accepted(*d))
                .map(HistoricalDate)
                .ok_or_else(|| {
                    InputValueError::custom(format!(
                        "\"{s}\" is not a date Consult accepts here; give a date as YYYY-MM-DD in the years {} to {}.",
                        bounds::FIRST_HISTORICAL_YEAR,
                        bounds::LAST_YEAR
                    ))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}
