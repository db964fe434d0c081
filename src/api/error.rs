//! The one place that decides what a client sees of an error: a stable `extensions.code`
//! and a sentence to act on for refusals; for internal failures only a reference that
//! also appears in the log beside the detail.

use super::limits;
use crate::domain::DomainError;
use crate::error::AppError;
use async_graphql::{ErrorExtensionValues, Value};
use uuid::Uuid;

/// The code of an error that is the server's fault, not the client's.
pub const INTERNAL_SERVER_ERROR: &str = "INTERNAL_SERVER_ERROR";

impl From<DomainError> for async_graphql::Error {
    fn from(err: DomainError) -> Self {
        let mut error = async_graphql::Error::new(err.message());
        let mut extensions = ErrorExtensionValues::default();
        extensions.set("code", err.code());
        match err {
            DomainError::BadInput { field, .. } | DomainError::UnknownId { field, .. } => {
                extensions.set("field", field)
            }
            DomainError::PreconditionFailed { missing, .. } => extensions.set(
                "missing",
                Value::List(missing.into_iter().map(Value::from).collect()),
            ),
            DomainError::RateLimited {
                retry_after_seconds,
                ..
            } => extensions.set("retryAfterSeconds", retry_after_seconds),
            _ => {}
        }
        error.extensions = Some(extensions);
        error
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        match err {
            AppError::Domain(err) => err.into(),
            AppError::Internal(err) => internal(&err),
        }
    }
}

/// Logs `err` with a fresh reference and returns an error that shows only the reference.
pub fn internal(err: &anyhow::Error) -> async_graphql::Error {
    let reference = Uuid::now_v7().simple().to_string();
    tracing::error!(reference, error = format!("{err:#}"), "internal error");
    let mut error = async_graphql::Error::new(format!(
        "Something went wrong on our side. Please try again; if it keeps happening, quote reference {reference}."
    ));
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", INTERNAL_SERVER_ERROR);
    extensions.set("reference", reference);
    error.extensions = Some(extensions);
    error
}

/// Gives a code to the errors async-graphql raises itself before any resolver runs
/// (syntax, validation, variable coercion, query limits): all are the request's fault.
pub fn classify_request_errors(response: &mut async_graphql::Response) {
    for error in &mut response.errors {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_some() {
            continue;
        }
        extensions.set("code", "BAD_USER_INPUT");
        // async-graphql's own wording does not say what the limit is or what to do.
        match error.message.as_str() {
            "Query is nested too deep." => {
                error.message = format!(
                    "The query is nested more than {} levels deep; ask for fewer nested fields.",
                    limits::MAX_DEPTH
                );
                extensions.set("limit", "depth");
            }
            "Query is too complex." => {
                error.message = format!(
                    "The query asks for too much at once (complexity limit {}); ask for fewer fields or smaller pages.",
                    limits::MAX_COMPLEXITY
                );
                extensions.set("limit", "complexity");
            }
            _ => {}
        }
    }
}

/// A GraphQL-shaped error body for failures before the request reaches the schema.
pub fn request_error_body(code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code } }] })
}
