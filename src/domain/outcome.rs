//! Themes and the consultation outcome report ("you said, we did"): HR groups what was said
//! into themes, answers each, and says whether and how the proposal changed. docs/design.md,
//! "Feedback"; its completion is part of the `CONSULTATION_CLOSED → DECIDED` gate.

use super::{DomainError, proposal::ProposalStatus, text};

/// What a theme can be tagged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagSubject {
    FeedbackResponse,
    UnionResponse,
    Question,
}

impl TagSubject {
    pub const ALL: [TagSubject; 3] = [Self::FeedbackResponse, Self::UnionResponse, Self::Question];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::FeedbackResponse => "FEEDBACK_RESPONSE",
            Self::UnionResponse => "UNION_RESPONSE",
            Self::Question => "QUESTION",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// What management did about a theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeOutcome {
    /// The proposal stays as it was; the response explains why.
    NoChange,
    /// The proposal changed.
    Changed,
}

impl ThemeOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoChange => "NO_CHANGE",
            Self::Changed => "CHANGED",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::NoChange, Self::Changed]
            .into_iter()
            .find(|o| o.as_str() == value)
    }
}

/// A theme's name: a short line, unique within the proposal (the store enforces that).
pub fn theme_name(raw: &str, field: &str) -> Result<String, DomainError> {
    text::required_line(raw, field, "the theme's name", 100)
}

/// Management's answer to a theme, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeResponse {
    pub management_response: String,
    pub outcome: ThemeOutcome,
    /// How the proposal changed; required when it did.
    pub change_description: Option<String>,
    /// The revision of the proposal that made the change, when it is already made.
    pub revision_number: Option<i32>,
}

impl ThemeResponse {
    /// `latest_revision` is the proposal's newest revision number (0 before any).
    pub fn parse(
        management_response: &str,
        outcome: ThemeOutcome,
        change_description: Option<&str>,
        revision_number: Option<i32>,
        latest_revision: i32,
    ) -> Result<Self, DomainError> {
        let management_response = text::long_text(
            management_response,
            "input.managementResponse",
            "the response",
        )?;
        if management_response.is_empty() {
            return Err(DomainError::bad_input(
                "input.managementResponse",
                "Write management's response to this theme.",
            ));
        }
        let change_description = change_description
            .map(|c| text::long_text(c, "input.changeDescription", "the change"))
            .transpose()?
            .filter(|c| !c.is_empty());
        match outcome {
            ThemeOutcome::Changed if change_description.is_none() => {
                return Err(DomainError::bad_input(
                    "input.changeDescription",
                    "Say how the proposal changed.",
                ));
            }
            ThemeOutcome::NoChange if change_description.is_some() || revision_number.is_some() => {
                return Err(DomainError::bad_input(
                    "input.outcome",
                    "A change is described, so the outcome is CHANGED.",
                ));
            }
            _ => {}
        }
        if let Some(n) = revision_number
            && !(1..=latest_revision).contains(&n)
        {
            return Err(DomainError::bad_input(
                "input.revisionNumber",
                if latest_revision == 0 {
                    "The proposal has no revisions yet.".to_owned()
                } else {
                    format!("Give a revision between 1 and {latest_revision}.")
                },
            ));
        }
        Ok(Self {
            management_response,
            outcome,
            change_description,
            revision_number,
        })
    }
}

/// A theme as the report's completion sees it.
#[derive(Debug, Clone, Copy)]
pub struct ThemeFacts<'a> {
    pub name: &'a str,
    pub answered: bool,
}

/// What is missing before HR can mark the outcome report complete: the consultation closed,
/// at least one theme, and every theme answered.
pub fn missing_for_completion(status: ProposalStatus, themes: &[ThemeFacts<'_>]) -> Vec<String> {
    let mut missing = Vec::new();
    if status != ProposalStatus::ConsultationClosed {
        missing.push("Close the consultation.".to_owned());
    }
    if themes.is_empty() {
        missing.push("Group the feedback into themes.".to_owned());
    }
    missing.extend(
        themes
            .iter()
            .filter(|t| !t.answered)
            .map(|t| format!("Write the response to the theme \"{}\".", t.name)),
    );
    missing
}

/// Refuses completion with what is missing.
pub fn check_completion(
    status: ProposalStatus,
    themes: &[ThemeFacts<'_>],
) -> Result<(), DomainError> {
    let missing = missing_for_completion(status, themes);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(DomainError::PreconditionFailed {
            message: "The outcome report is not ready to complete.".into(),
            missing,
        })
    }
}

/// Themes and the report are edited while consulting and after close, until the decision.
pub fn check_editable(status: ProposalStatus) -> Result<(), DomainError> {
    match status {
        ProposalStatus::Consulting | ProposalStatus::ConsultationClosed => Ok(()),
        _ => Err(DomainError::PreconditionFailed {
            message:
                "Themes and the outcome report are written during and at the close of consultation."
                    .into(),
            missing: vec![],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_described_and_linked_to_an_existing_revision() {
        let ok = ThemeResponse::parse(
            "We agree.",
            ThemeOutcome::Changed,
            Some("Caseworker JD re-evaluated."),
            Some(2),
            2,
        )
        .unwrap();
        assert_eq!(ok.revision_number, Some(2));
        let field = |r: Result<ThemeResponse, DomainError>| match r.unwrap_err() {
            DomainError::BadInput { field, .. } => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(ThemeResponse::parse(
                "Yes",
                ThemeOutcome::Changed,
                None,
                None,
                1
            )),
            "input.changeDescription"
        );
        assert_eq!(
            field(ThemeResponse::parse(
                "Yes",
                ThemeOutcome::Changed,
                Some("x"),
                Some(3),
                2
            )),
            "input.revisionNumber"
        );
        assert_eq!(
            field(ThemeResponse::parse(
                " ",
                ThemeOutcome::NoChange,
                None,
                None,
                1
            )),
            "input.managementResponse"
        );
        assert_eq!(
            field(ThemeResponse::parse(
                "No",
                ThemeOutcome::NoChange,
                Some("x"),
                None,
                1
            )),
            "input.outcome"
        );
    }

    #[test]
    fn the_report_completes_after_close_with_every_theme_answered() {
        let answered = ThemeFacts {
            name: "Grading",
            answered: true,
        };
        let open = ThemeFacts {
            name: "Caseloads",
            answered: false,
        };
        assert!(check_completion(ProposalStatus::ConsultationClosed, &[answered]).is_ok());
        assert_eq!(
            missing_for_completion(ProposalStatus::ConsultationClosed, &[answered, open]),
            vec!["Write the response to the theme \"Caseloads\".".to_owned()]
        );
        assert_eq!(
            missing_for_completion(ProposalStatus::Consulting, &[]).len(),
            2,
            "not closed, and no themes"
        );
        assert!(check_editable(ProposalStatus::Consulting).is_ok());
        assert!(check_editable(ProposalStatus::Decided).is_err());
    }
}
