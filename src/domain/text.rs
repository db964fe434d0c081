//! Bounds on free text, so that no field can hold an absurd value.

use super::DomainError;

/// A one-line name or title.
pub const SHORT_MAX_CHARS: usize = 200;
/// A section of a proposal or a JD: long enough for the Bury pack's longest section many times over.
pub const LONG_MAX_CHARS: usize = 50_000;
/// Items in a short list (risks, alternatives, duties, criteria, unions).
pub const LIST_MAX_ITEMS: usize = 100;

/// A required single line, trimmed, at most `max` characters.
pub fn required_line(
    raw: &str,
    field: &str,
    what: &str,
    max: usize,
) -> Result<String, DomainError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(DomainError::bad_input(field, format!("Enter {what}.")));
    }
    line(value, field, what, max)
}

/// An optional single line; empty means absent.
pub fn optional_line(
    raw: Option<&str>,
    field: &str,
    what: &str,
    max: usize,
) -> Result<Option<String>, DomainError> {
    match raw.map(str::trim).filter(|v| !v.is_empty()) {
        Some(value) => line(value, field, what, max).map(Some),
        None => Ok(None),
    }
}

fn line(value: &str, field: &str, what: &str, max: usize) -> Result<String, DomainError> {
    if value.chars().count() > max {
        return Err(DomainError::bad_input(
            field,
            format!("{} can be at most {max} characters long.", capitalise(what)),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(DomainError::bad_input(
            field,
            format!("{} must be a single line.", capitalise(what)),
        ));
    }
    Ok(value.to_owned())
}

/// Long text (may be empty): trimmed at the ends, paragraphs kept, bounded.
pub fn long_text(raw: &str, field: &str, what: &str) -> Result<String, DomainError> {
    let value = raw.trim();
    if value.chars().count() > LONG_MAX_CHARS {
        return Err(DomainError::bad_input(
            field,
            format!(
                "{} can be at most {LONG_MAX_CHARS} characters long.",
                capitalise(what)
            ),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(DomainError::bad_input(
            field,
            format!("{} contains control characters.", capitalise(what)),
        ));
    }
    Ok(value.replace("\r\n", "\n"))
}

/// A list of at most `LIST_MAX_ITEMS` items.
pub fn bounded_list<T>(items: &[T], field: &str, what: &str) -> Result<(), DomainError> {
    if items.len() > LIST_MAX_ITEMS {
        return Err(DomainError::bad_input(
            field,
            format!("A proposal can list at most {LIST_MAX_ITEMS} {what}."),
        ));
    }
    Ok(())
}

pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_trimmed_bounded_and_single() {
        assert_eq!(required_line("  SEN  ", "f", "a title", 10).unwrap(), "SEN");
        assert!(required_line(" ", "f", "a title", 10).is_err());
        assert!(required_line("x".repeat(11).as_str(), "f", "a title", 10).is_err());
        assert!(required_line("a\nb", "f", "a title", 10).is_err());
        assert_eq!(optional_line(Some("  "), "f", "a note", 10).unwrap(), None);
    }

    #[test]
    fn long_text_keeps_paragraphs_and_is_bounded() {
        assert_eq!(
            long_text(" a\r\n\r\nb ", "f", "background").unwrap(),
            "a\n\nb"
        );
        assert!(long_text(&"x".repeat(LONG_MAX_CHARS + 1), "f", "background").is_err());
    }
}
