//! Limits that keep one request from costing more than a page of work. A request over a
//! limit is refused at once with a clear error, never answered slowly.

/// Deepest nesting of fields in one query. The standard introspection query (GraphiQL,
/// code generators) needs about 13.
pub const MAX_DEPTH: usize = 16;

/// Largest query complexity: each field counts 1, and a list's children count once per
/// item of the page asked for (`domain::page::PageSize::complexity`).
pub const MAX_COMPLEXITY: usize = 10_000;

/// Largest request body on `POST /graphql`.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Largest multipart request (a file upload): one attachment and the operation beside it.
pub const MAX_UPLOAD_BODY_BYTES: usize =
    crate::domain::attachment::MAX_ATTACHMENT_BYTES + MAX_BODY_BYTES;
