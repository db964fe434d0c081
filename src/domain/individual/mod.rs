//! The individual stage: after the decision, each affected employee from "at risk" to their
//! outcome.

pub mod equality;
pub mod letter;
pub mod selection;
