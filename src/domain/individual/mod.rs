//! The individual stage (issue 16): each affected employee's case, from "at risk" to their
//! outcome.

pub mod letter;
