//! The individual stage: after the decision, each affected employee's case to its outcome.

pub mod equality;
