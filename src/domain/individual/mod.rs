//! The individual stage: after the collective decision, each affected employee from "at risk"
//! to their outcome. Pure rules, unit-tested.

pub mod appeal;
pub mod case;
pub mod equality;
pub mod letter;
pub mod notice;
pub mod offer;
pub mod policy;
pub mod redundancy_pay;
pub mod selection;
pub mod separation;
pub mod trial_period;
