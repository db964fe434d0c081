//! Business rules of Consult. Pure: no I/O, no database, no HTTP. Everything here is unit-tested.

pub mod access;
pub mod account;
pub mod attachment;
pub mod audit;
pub mod audit_chain;
pub mod bounds;
pub mod csv_import;
pub mod employee;
pub mod error;
pub mod feedback;
pub mod individual;
pub mod jd_diff;
pub mod job_description;
pub mod login_throttle;
pub mod meeting_record;
pub mod notify;
pub mod outcome;
pub mod page;
pub mod password;
pub mod pay_scale;
pub mod proposal;
pub mod protective_award;
pub mod question;
pub mod revision_diff;
pub mod ring_fence;
pub mod s188;
pub mod session;
pub mod sign_in_link;
pub mod signoff;
pub mod structure;
pub mod text;
pub mod timetable;
pub mod working_days;

pub use error::DomainError;
