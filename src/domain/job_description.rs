//! Job descriptions and person specifications: versioned, numbered duties, and comments
//! anchored to one duty. docs/design.md, "Job descriptions".

use super::{DomainError, jd_diff::Duty, text};
use std::collections::HashSet;

/// The content of one version of a JD and person specification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JdContent {
    /// How people refer to this version ("Current", "Proposed", "Proposed v2").
    pub label: String,
    pub purpose: String,
    pub duties: Vec<Duty>,
    pub staff_responsibilities: String,
    pub essential_criteria: Vec<String>,
    pub desirable_criteria: Vec<String>,
    pub proposed_grade: Option<String>,
}

/// The raw parts of a version, as received.
pub struct JdContentInput<'a> {
    pub label: &'a str,
    pub purpose: &'a str,
    pub duties: &'a [(i32, String)],
    pub staff_responsibilities: &'a str,
    pub essential_criteria: &'a [String],
    pub desirable_criteria: &'a [String],
    pub proposed_grade: Option<&'a str>,
}

impl JdContent {
    /// Validates a version; `prefix` is its input path.
    pub fn parse(input: JdContentInput<'_>, prefix: &str) -> Result<Self, DomainError> {
        let field = |name: &str| format!("{prefix}.{name}");
        text::bounded_list(input.duties, &field("duties"), "duties")?;
        let mut numbers = HashSet::new();
        let mut duties = Vec::with_capacity(input.duties.len());
        for (i, (number, duty)) in input.duties.iter().enumerate() {
            let at = format!("{}[{i}]", field("duties"));
            if !(1..=1000).contains(number) || !numbers.insert(*number) {
                return Err(DomainError::bad_input(
                    format!("{at}.number"),
                    format!("Duty numbers must be unique and between 1 and 1000; {number} is not."),
                ));
            }
            let text = text::long_text(duty, &format!("{at}.text"), "the duty")?;
            if text.is_empty() {
                return Err(DomainError::bad_input(
                    format!("{at}.text"),
                    "Write the duty, or remove it.",
                ));
            }
            duties.push(Duty {
                number: *number as u32,
                text,
            });
        }
        duties.sort_by_key(|d| d.number);
        let criteria = |items: &[String], name: &str| -> Result<Vec<String>, DomainError> {
            text::bounded_list(items, &field(name), "criteria")?;
            items
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    text::required_line(c, &format!("{}[{i}]", field(name)), "the criterion", 2000)
                })
                .collect()
        };
        Ok(Self {
            label: text::required_line(
                input.label,
                &field("label"),
                "a label such as Current or Proposed",
                100,
            )?,
            purpose: text::long_text(input.purpose, &field("purpose"), "the purpose")?,
            duties,
            staff_responsibilities: text::long_text(
                input.staff_responsibilities,
                &field("staffResponsibilities"),
                "the staff responsibilities",
            )?,
            essential_criteria: criteria(input.essential_criteria, "essentialCriteria")?,
            desirable_criteria: criteria(input.desirable_criteria, "desirableCriteria")?,
            proposed_grade: text::optional_line(
                input.proposed_grade,
                &field("proposedGrade"),
                "the proposed grade",
                50,
            )?,
        })
    }
}

/// What a comment on a duty is about (the Barnet response's recurring kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentCategory {
    NewDuty,
    GradingConcern,
    Workload,
    TrainingNeed,
    Other,
}

impl CommentCategory {
    pub const ALL: [CommentCategory; 5] = [
        Self::NewDuty,
        Self::GradingConcern,
        Self::Workload,
        Self::TrainingNeed,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NewDuty => "NEW_DUTY",
            Self::GradingConcern => "GRADING_CONCERN",
            Self::Workload => "WORKLOAD",
            Self::TrainingNeed => "TRAINING_NEED",
            Self::Other => "OTHER",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }
}

/// A comment's text.
pub fn comment_text(raw: &str, field: &str) -> Result<String, DomainError> {
    let text = text::long_text(raw, field, "the comment")?;
    if text.is_empty() {
        return Err(DomainError::bad_input(field, "Write the comment."));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(duties: &'a [(i32, String)]) -> JdContentInput<'a> {
        JdContentInput {
            label: "Proposed",
            purpose: "Coordinate EHC needs assessments.",
            duties,
            staff_responsibilities: "",
            essential_criteria: &[],
            desirable_criteria: &[],
            proposed_grade: Some("Grade 9"),
        }
    }

    #[test]
    fn duties_are_numbered_uniquely_and_sorted() {
        let duties = [
            (2, "Write EHC plans".to_owned()),
            (1, "Manage a caseload".to_owned()),
        ];
        let content = JdContent::parse(input(&duties), "input.version").unwrap();
        assert_eq!(
            content.duties.iter().map(|d| d.number).collect::<Vec<_>>(),
            vec![1, 2]
        );
        let twice = [(1, "a".to_owned()), (1, "b".to_owned())];
        let err = JdContent::parse(input(&twice), "input.version").unwrap_err();
        assert!(
            matches!(err, DomainError::BadInput { ref field, .. } if field == "input.version.duties[1].number")
        );
        let empty = [(1, "  ".to_owned())];
        assert!(JdContent::parse(input(&empty), "v").is_err());
    }
}
