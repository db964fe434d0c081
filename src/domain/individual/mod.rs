//! The individual stage of a redundancy (issue 16): each affected employee's case after the
//! collective decision. Pure rules, unit-tested.

pub mod appeal;
pub mod notice;
pub mod policy;
pub mod redundancy_pay;
pub mod trial_period;
