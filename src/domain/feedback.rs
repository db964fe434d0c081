//! Feedback forms and staff responses: what a form asks, how answers are checked against it,
//! and when responses are accepted. DESIGN.md, "Feedback"; the default form is the Bury
//! pack's "CONSULTATION FEEDBACK FORM".

use super::{DomainError, text};
use chrono::NaiveDate;

/// How a form question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionType {
    Text,
    LongText,
    SingleChoice,
    MultiChoice,
    AgreeScale,
    YesNo,
}

impl QuestionType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "TEXT",
            Self::LongText => "LONG_TEXT",
            Self::SingleChoice => "SINGLE_CHOICE",
            Self::MultiChoice => "MULTI_CHOICE",
            Self::AgreeScale => "AGREE_SCALE",
            Self::YesNo => "YES_NO",
        }
    }
}

/// The answers of an agreement scale.
pub const AGREE_SCALE: [&str; 5] = [
    "STRONGLY_AGREE",
    "AGREE",
    "NEUTRAL",
    "DISAGREE",
    "STRONGLY_DISAGREE",
];

/// A question of a feedback form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormQuestion {
    /// Stable within the form; answers refer to it.
    pub key: &'static str,
    pub text: &'static str,
    pub help: Option<&'static str>,
    pub kind: QuestionType,
    pub required: bool,
    pub choices: Vec<&'static str>,
    /// An answer to it is a question management must answer: it goes to the question log.
    pub needs_response: bool,
}

/// The Bury pack's feedback form.
pub fn default_form() -> Vec<FormQuestion> {
    vec![
        FormQuestion {
            key: "agree_with_proposal",
            text: "Are you in agreement with the proposal?",
            help: None,
            kind: QuestionType::AgreeScale,
            required: true,
            choices: AGREE_SCALE.to_vec(),
            needs_response: false,
        },
        FormQuestion {
            key: "agree_with_implementation",
            text: "Are you in agreement with how we suggest to implement the proposal?",
            help: None,
            kind: QuestionType::AgreeScale,
            required: true,
            choices: AGREE_SCALE.to_vec(),
            needs_response: false,
        },
        FormQuestion {
            key: "other_issues",
            text: "Any other issues you wish to raise in relation to the proposals",
            help: Some("Comments you would like to be considered as part of the consultation."),
            kind: QuestionType::LongText,
            required: false,
            choices: vec![],
            needs_response: false,
        },
        FormQuestion {
            key: "questions",
            text: "Specific questions you want answered within the consultation",
            help: Some("Each question goes to the question log and gets an answer."),
            kind: QuestionType::LongText,
            required: false,
            choices: vec![],
            needs_response: true,
        },
    ]
}

/// An answer as given: text for text questions, one or more choices for the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub key: String,
    pub values: Vec<String>,
}

/// Checks answers against the form: known questions, required ones answered, choices valid,
/// text bounded. Blank answers are dropped. `field` is the input path of the answer list.
pub fn check_answers(
    form: &[FormQuestion],
    answers: Vec<Answer>,
    complete: bool,
    field: &str,
) -> Result<Vec<Answer>, DomainError> {
    let mut checked: Vec<Answer> = Vec::new();
    for (i, answer) in answers.into_iter().enumerate() {
        let at = format!("{field}[{i}]");
        let Some(question) = form.iter().find(|q| q.key == answer.key) else {
            return Err(DomainError::bad_input(
                format!("{at}.questionKey"),
                format!("The form has no question \"{}\".", answer.key),
            ));
        };
        if checked.iter().any(|a| a.key == answer.key) {
            return Err(DomainError::bad_input(
                format!("{at}.questionKey"),
                "That question is answered twice.",
            ));
        }
        let values: Vec<String> = answer
            .values
            .iter()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect();
        if values.is_empty() {
            continue;
        }
        match question.kind {
            QuestionType::Text | QuestionType::LongText => {
                if values.len() != 1 {
                    return Err(DomainError::bad_input(
                        format!("{at}.values"),
                        "Give one text answer.",
                    ));
                }
                let max = if question.kind == QuestionType::Text {
                    500
                } else {
                    20_000
                };
                if values[0].chars().count() > max {
                    return Err(DomainError::bad_input(
                        format!("{at}.values"),
                        format!("An answer can be at most {max} characters long."),
                    ));
                }
                text::long_text(&values[0], &format!("{at}.values"), "the answer")?;
            }
            QuestionType::YesNo
            | QuestionType::SingleChoice
            | QuestionType::AgreeScale
            | QuestionType::MultiChoice => {
                let allowed: Vec<&str> = if question.kind == QuestionType::YesNo {
                    vec!["YES", "NO"]
                } else {
                    question.choices.clone()
                };
                if question.kind != QuestionType::MultiChoice && values.len() != 1 {
                    return Err(DomainError::bad_input(
                        format!("{at}.values"),
                        "Choose one answer.",
                    ));
                }
                if let Some(bad) = values.iter().find(|v| !allowed.contains(&v.as_str())) {
                    return Err(DomainError::bad_input(
                        format!("{at}.values"),
                        format!(
                            "\"{bad}\" is not one of the answers: {}.",
                            allowed.join(", ")
                        ),
                    ));
                }
            }
        }
        checked.push(Answer {
            key: answer.key,
            values,
        });
    }
    if complete
        && let Some(missing) = form
            .iter()
            .find(|q| q.required && !checked.iter().any(|a| a.key == q.key))
    {
        return Err(DomainError::bad_input(
            field,
            format!("Answer \"{}\" before you submit.", missing.text),
        ));
    }
    Ok(checked)
}

/// Responses are accepted until the end of the consultation's last day (Europe/London).
pub fn check_open(
    consultation_end: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), DomainError> {
    match consultation_end {
        Some(end) if today > end => Err(DomainError::DeadlinePassed(format!(
            "The consultation closed on {end}; responses can no longer be changed. HR can accept a late response."
        ))),
        _ => Ok(()),
    }
}

/// Feedback forms are for staff the proposal affects; unions send collective responses.
pub fn may_respond(view: super::access::ProposalView) -> Result<(), DomainError> {
    if view == super::access::ProposalView::Staff {
        Ok(())
    } else {
        Err(DomainError::Forbidden("Feedback forms are for the staff the proposal affects; unions send collective responses.".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(key: &str, values: &[&str]) -> Answer {
        Answer {
            key: key.into(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        }
    }

    #[test]
    fn the_bury_form_asks_its_four_questions() {
        let form = default_form();
        assert_eq!(form.len(), 4);
        assert!(form[3].needs_response);
    }

    #[test]
    fn answers_are_checked_against_the_form() {
        let form = default_form();
        let ok = check_answers(
            &form,
            vec![
                answer("agree_with_proposal", &["AGREE"]),
                answer("agree_with_implementation", &["DISAGREE"]),
                answer("other_issues", &["  "]),
            ],
            true,
            "input.answers",
        )
        .unwrap();
        assert_eq!(ok.len(), 2, "blank answers are dropped");
        let bad_choice = check_answers(
            &form,
            vec![answer("agree_with_proposal", &["MAYBE"])],
            false,
            "input.answers",
        )
        .unwrap_err();
        assert!(
            matches!(bad_choice, DomainError::BadInput { ref field, .. } if field == "input.answers[0].values")
        );
        let unknown =
            check_answers(&form, vec![answer("nope", &["x"])], false, "input.answers").unwrap_err();
        assert!(
            matches!(unknown, DomainError::BadInput { ref field, .. } if field == "input.answers[0].questionKey")
        );
        assert!(
            check_answers(
                &form,
                vec![answer("agree_with_proposal", &["AGREE"])],
                true,
                "input.answers"
            )
            .is_err(),
            "a required answer is missing"
        );
        assert!(
            check_answers(
                &form,
                vec![answer("agree_with_proposal", &["AGREE"])],
                false,
                "input.answers"
            )
            .is_ok(),
            "a draft may be incomplete"
        );
        let long = "x".repeat(20_001);
        assert!(check_answers(&form, vec![answer("other_issues", &[&long])], false, "a").is_err());
    }

    #[test]
    fn responses_close_after_the_last_day() {
        let end = NaiveDate::from_ymd_opt(2021, 3, 7).unwrap();
        assert!(check_open(Some(end), end).is_ok());
        assert_eq!(
            check_open(Some(end), end.succ_opt().unwrap())
                .unwrap_err()
                .code(),
            "DEADLINE_PASSED"
        );
        assert!(check_open(None, end).is_ok());
    }
}

/// A union's collective response as written, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectiveResponse {
    pub title: String,
    pub body: String,
    /// Numbered points; on submission each becomes a question in the log.
    pub points: Vec<String>,
    /// The union formally records that consultation ended without agreement.
    pub failure_to_agree: bool,
}

impl CollectiveResponse {
    pub fn parse(
        title: &str,
        body: &str,
        points: &[String],
        failure_to_agree: bool,
    ) -> Result<Self, DomainError> {
        text::bounded_list(points, "input.points", "points")?;
        let body = text::long_text(body, "input.body", "the response")?;
        let points = points
            .iter()
            .enumerate()
            .map(|(i, p)| super::question::text_of(p, &format!("input.points[{i}]"), "the point"))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            title: text::required_line(title, "input.title", "a title", text::SHORT_MAX_CHARS)?,
            body,
            points,
            failure_to_agree,
        })
    }
}

/// Collective responses are for the representatives of the proposal's recognised unions.
pub fn may_respond_collectively(
    view: super::access::ProposalView,
    union: Option<&str>,
) -> Result<&str, DomainError> {
    match (view, union) {
        (super::access::ProposalView::UnionRep, Some(union)) => Ok(union),
        _ => Err(DomainError::Forbidden(
            "Collective responses are written by the representatives of a recognised union.".into(),
        )),
    }
}

/// Who reads a union's collective response: HR and the sponsor, and that union's reps.
pub fn sees_union_response(
    view: super::access::ProposalView,
    viewer_union: Option<&str>,
    response_union: &str,
) -> bool {
    use super::access::ProposalView;
    match view {
        ProposalView::Hr | ProposalView::Sponsor => true,
        ProposalView::UnionRep => {
            viewer_union.is_some_and(|u| u.eq_ignore_ascii_case(response_union))
        }
        ProposalView::Staff => false,
    }
}
