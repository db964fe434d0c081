//! Business rules of Consult. Pure: no I/O, no database, no HTTP. Everything here is unit-tested.

pub mod access;
pub mod account;
pub mod audit;
pub mod error;
pub mod login_throttle;
pub mod page;
pub mod password;

pub use error::DomainError;
