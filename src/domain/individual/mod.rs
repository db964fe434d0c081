//! The individual stage (issue 16): what happens to each affected employee after the decision.

pub mod case;
