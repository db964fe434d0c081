//! Relay connections with keyset cursors. A cursor is the opaque, base64url-encoded id of
//! the last item seen (ids are UUIDv7, so they sort by creation time).

use crate::domain::DomainError;
use async_graphql::{
    OutputType, SimpleObject,
    connection::{Connection, CursorType, Edge},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use uuid::Uuid;

/// A position in a list, opaque to clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdCursor(pub Uuid);

impl CursorType for IdCursor {
    type Error = BadCursor;

    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        URL_SAFE_NO_PAD
            .decode(s)
            .ok()
            .and_then(|bytes| Uuid::from_slice(&bytes).ok())
            .map(IdCursor)
            .ok_or(BadCursor)
    }

    fn encode_cursor(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0.as_bytes())
    }
}

/// A cursor that could not be read.
#[derive(Debug)]
pub struct BadCursor;

impl std::fmt::Display for BadCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a cursor from this list")
    }
}

/// Decodes the `after` argument.
pub fn decode_after(after: Option<&str>) -> Result<Option<Uuid>, DomainError> {
    after
        .map(|s| {
            IdCursor::decode_cursor(s).map(|c| c.0).map_err(|_| {
                DomainError::bad_input("after", "`after` is not a cursor from this list; use a `cursor` or `pageInfo.endCursor` it returned.")
            })
        })
        .transpose()
}

/// Fields every connection has besides its edges.
#[derive(SimpleObject)]
pub struct TotalCount {
    /// How many items the whole list holds, across all pages.
    pub total_count: u64,
}

/// A connection page over `rows` (at most `limit + 1`, the extra one only telling that
/// another page follows).
pub fn connection<T, N: OutputType>(
    mut rows: Vec<T>,
    limit: u64,
    had_cursor: bool,
    total_count: u64,
    id: impl Fn(&T) -> Uuid,
    node: impl Fn(T) -> N,
) -> Connection<IdCursor, N, TotalCount> {
    let has_next_page = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let mut page =
        Connection::with_additional_fields(had_cursor, has_next_page, TotalCount { total_count });
    page.edges = rows
        .into_iter()
        .map(|row| Edge::new(IdCursor(id(&row)), node(row)))
        .collect();
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        let id = Uuid::now_v7();
        let encoded = IdCursor(id).encode_cursor();
        assert_eq!(decode_after(Some(&encoded)).unwrap(), Some(id));
        assert_eq!(
            decode_after(Some("junk")).unwrap_err().code(),
            "BAD_USER_INPUT"
        );
        assert_eq!(decode_after(None).unwrap(), None);
    }
}
