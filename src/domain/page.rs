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

#[cfg(test)]
mod tests {
    use super::*;

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
