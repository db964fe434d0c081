//! Refusals a person can cause and act on. Each maps to one stable `extensions.code`
//! (in `api::error`); the message is written for the person who made the request.

/// Why the domain refused a request.
///
/// Deliberately not `Display`: a GraphQL resolver must convert it through
/// `api::error`, never through async-graphql's catch-all `From<Display>`, which would
/// drop the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainError {
    /// No valid sign-in accompanies the request.
    Unauthenticated(String),
    /// Signed in, but this role may not do this.
    Forbidden(String),
    /// The object does not exist or the caller may not see it (the two are never told apart).
    NotFound(String),
    /// An id given at `field` names nothing of the kind that field takes (or nothing the
    /// caller may see): an employee's id given as a user, a post of another proposal. Code
    /// NOT_FOUND, like any unknown id, with the field so the client can point at it.
    UnknownId { field: String, message: String },
    /// An input value is invalid. `field` is the input path, e.g. `input.email`.
    BadInput { field: String, message: String },
    /// The change collides with existing data or with someone else's newer change.
    Conflict(String),
    /// A lifecycle gate is not met; `missing` lists what must be done first.
    PreconditionFailed {
        message: String,
        missing: Vec<String>,
    },
    /// A deadline has passed.
    DeadlinePassed(String),
    /// Password sign-in is switched off (`CONSULT_PASSWORD_SIGN_IN=false`): people sign in
    /// through single sign-on.
    PasswordSignInOff(String),
    /// Too many attempts; try again after `retry_after_seconds`.
    RateLimited {
        message: String,
        retry_after_seconds: u64,
    },
}

impl DomainError {
    /// A bad input value at `field`.
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadInput {
            field: field.into(),
            message: message.into(),
        }
    }

    /// An id at `field` that is not one of `what` ("a user", "a post of this proposal").
    pub fn unknown_id(field: impl Into<String>, what: &str) -> Self {
        let field = field.into();
        Self::UnknownId {
            message: format!("{field} is not the id of {what}."),
            field,
        }
    }

    /// `Ok` when the editor saw the current version of `what` ("this proposal"), else a
    /// `CONFLICT` telling them to reload: two editors never silently overwrite each other.
    pub fn check_version(
        what: &str,
        expected: Option<i32>,
        actual: i32,
    ) -> Result<(), DomainError> {
        match expected {
            Some(expected) if expected != actual => Err(Self::Conflict(format!(
                "Someone else changed {what} since you loaded it (you have version {expected}, it is now {actual}). Reload it and make your change again."
            ))),
            _ => Ok(()),
        }
    }

    /// The stable code a client sees in `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound(_) | Self::UnknownId { .. } => "NOT_FOUND",
            Self::BadInput { .. } => "BAD_USER_INPUT",
            Self::Conflict(_) => "CONFLICT",
            Self::PreconditionFailed { .. } => "PRECONDITION_FAILED",
            Self::DeadlinePassed(_) => "DEADLINE_PASSED",
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::PasswordSignInOff(_) => "PASSWORD_SIGN_IN_OFF",
        }
    }

    /// The sentence shown to the person.
    pub fn message(&self) -> &str {
        match self {
            Self::Unauthenticated(m)
            | Self::Forbidden(m)
            | Self::NotFound(m)
            | Self::Conflict(m)
            | Self::DeadlinePassed(m)
            | Self::PasswordSignInOff(m) => m,
            Self::BadInput { message, .. }
            | Self::UnknownId { message, .. }
            | Self::PreconditionFailed { message, .. }
            | Self::RateLimited { message, .. } => message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DomainError;

    #[test]
    fn an_id_of_the_wrong_kind_is_not_found_at_its_field() {
        let err = DomainError::unknown_id("input.inviteeIds[0]", "a user");
        assert_eq!(err.code(), "NOT_FOUND");
        assert_eq!(
            err.message(),
            "input.inviteeIds[0] is not the id of a user."
        );
    }

    #[test]
    fn a_stale_version_is_a_conflict() {
        assert!(DomainError::check_version("this post", Some(3), 3).is_ok());
        assert!(DomainError::check_version("this post", None, 3).is_ok());
        let err = DomainError::check_version("this post", Some(2), 3).unwrap_err();
        assert_eq!(err.code(), "CONFLICT");
        assert!(err.message().contains("version 2, it is now 3"));
    }
}
