//! sea-orm entities: one module per table, mirroring `migrations/`. Hand-written model code
//! (queries, conversions to domain types) lives beside them in `store`, not here.

pub mod app_user;
pub mod audit_event;
pub mod login_failure;
