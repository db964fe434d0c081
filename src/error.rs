//! The application's error: a refusal the person can act on, or an internal failure
//! whose detail is logged and never shown. `api::error` is the one place that turns it
//! into what a client sees.

use crate::domain::DomainError;

/// Deliberately not `Display` (see `DomainError`): the only way out to a client is
/// through `api::error`.
pub enum AppError {
    Domain(DomainError),
    Internal(anyhow::Error),
}

impl std::fmt::Debug for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Domain(err) => write!(f, "{} {}", err.code(), err.message()),
            AppError::Internal(err) => write!(f, "internal: {err:#}"),
        }
    }
}

impl AppError {
    /// For command-line tools, which show a refusal's message and an internal error's detail.
    pub fn into_anyhow(self) -> anyhow::Error {
        match self {
            AppError::Domain(err) => anyhow::anyhow!("{}", err.message()),
            AppError::Internal(err) => err,
        }
    }
}

impl From<DomainError> for AppError {
    fn from(err: DomainError) -> Self {
        AppError::Domain(err)
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        match err.sql_err() {
            // Two requests made the same new thing at the same moment (checked first, then
            // inserted): the one that lost the race is told, as for a stale version.
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                AppError::Domain(DomainError::Conflict(
                    "Someone made the same change at the same moment. Reload to see it, then try again if it is still needed.".into(),
                ))
            }
            _ => AppError::Internal(err.into()),
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        AppError::Internal(err)
    }
}

pub type AppResult<T> = Result<T, AppError>;
