//! How much of a list one request may ask for. Larger pages are refused, not cut,
//! so a client never mistakes a partial page for the whole.

use super::DomainError;

/// A validated page size for a paginated list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize(u64);

impl PageSize {
    /// The largest page one request may ask for.
    pub const MAX: u64 = 100;
    /// The page size when the client does not say.
    pub const DEFAULT: u64 = 20;

    /// Parses the `first` argument of a connection.
    pub fn parse(first: Option<i32>) -> Result<Self, DomainError> {
        match first {
            None => Ok(Self(Self::DEFAULT)),
            Some(n) if n < 0 => Err(DomainError::bad_input(
                "first",
                "`first` cannot be negative.",
            )),
            Some(n) if n as u64 > Self::MAX => Err(DomainError::bad_input(
                "first",
                format!(
                    "A page can hold at most {} items; ask for fewer and follow `pageInfo.endCursor`.",
                    Self::MAX
                ),
            )),
            Some(n) => Ok(Self(n as u64)),
        }
    }

    pub fn get(self) -> u64 {
        self.0
    }

    /// The query-complexity weight of a list field: its children count once per item
    /// asked for, so a large page of deep objects is refused before it runs.
    pub fn complexity(first: Option<i32>, child_complexity: usize) -> usize {
        let items = first.map_or(Self::DEFAULT, |n| n.clamp(0, Self::MAX as i32) as u64) as usize;
        1 + items.max(1) * child_complexity
    }
}

/// The longest text a list's search box takes: longer than any name or address.
pub const MAX_SEARCH_CHARS: usize = 200;

/// A list's text filter: trimmed, none when blank, refused when longer than any name.
pub fn search_text(raw: Option<&str>, field: &str) -> Result<Option<String>, DomainError> {
    let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_SEARCH_CHARS {
        return Err(DomainError::bad_input(
            field,
            format!("Search for at most {MAX_SEARCH_CHARS} characters."),
        ));
    }
    Ok(Some(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_is_trimmed_and_bounded() {
        assert_eq!(search_text(Some("  "), "q").unwrap(), None);
        assert_eq!(
            search_text(Some(" Ann "), "q").unwrap().as_deref(),
            Some("Ann")
        );
        assert!(search_text(Some(&"x".repeat(201)), "q").is_err());
    }

    #[test]
    fn default_and_cap() {
        assert_eq!(PageSize::parse(None).unwrap().get(), 20);
        assert_eq!(PageSize::parse(Some(100)).unwrap().get(), 100);
        assert_eq!(
            PageSize::parse(Some(101)).unwrap_err().code(),
            "BAD_USER_INPUT"
        );
        assert_eq!(
            PageSize::parse(Some(-1)).unwrap_err().code(),
            "BAD_USER_INPUT"
        );
    }
}
