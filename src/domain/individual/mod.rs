//! The individual stage: each affected person from "at risk" to their outcome.

pub mod selection;
