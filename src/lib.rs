//! Consult: the statutory consultation a UK employer holds before restructuring a team.
//! See docs/design.md for the map; each module is named after what it does.

pub mod api;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod error;
pub mod metrics;
pub mod notify;
pub mod server;
pub mod store;
pub mod telemetry;
