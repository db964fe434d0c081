//! Money on the wire: a decimal string of pounds with two decimals ("633036.00"), stored
//! as integer pence. A string, because GraphQL's Int is 32-bit (£21m in pence).

use crate::domain::structure::Pence;
use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};

/// An amount in pounds sterling, as a decimal string with two decimals, e.g. "633036.00".
pub struct Money(pub Pence);

/// An amount in pounds sterling, as a decimal string with two decimals, e.g. "633036.00".
#[Scalar(name = "Money")]
impl ScalarType for Money {
    fn parse(value: Value) -> InputValueResult<Self> {
        match value {
            Value::String(s) => Pence::parse_pounds(&s, "money")
                .map(Money)
                .map_err(|e| InputValueError::custom(e.message())),
            other => Err(InputValueError::expected_type(other)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_pounds_string())
    }
}
