//! Feedback forms and staff responses: what a form asks, how answers are checked against it,
//! and when responses are accepted. docs/design.md, "Feedback"; the default form is the Bury
//! pack's "CONSULTATION FEEDBACK FORM".

use super::{DomainError, text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How a form question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
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

    fn is_text(self) -> bool {
        matches!(self, Self::Text | Self::LongText)
    }

    /// The answers a choice question allows; the scale and yes/no are fixed.
    fn fixed_choices(self) -> Option<Vec<String>> {
        match self {
            Self::AgreeScale => Some(AGREE_SCALE.iter().map(|c| (*c).to_owned()).collect()),
            Self::YesNo => Some(vec!["YES".into(), "NO".into()]),
            _ => None,
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

/// Questions a form may hold: the longest real consultation forms seen have about a dozen.
pub const MAX_FORM_QUESTIONS: usize = 50;
/// Choices of one choice question.
pub const MAX_CHOICES: usize = 20;

/// A question of a feedback form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormQuestion {
    /// Stable within the form; answers refer to it.
    pub key: String,
    pub text: String,
    pub help: Option<String>,
    pub kind: QuestionType,
    pub required: bool,
    pub choices: Vec<String>,
    /// An answer to it is a question management must answer: it goes to the question log.
    pub needs_response: bool,
    /// The post the question is about, if any.
    #[serde(default)]
    pub post_id: Option<Uuid>,
    /// The job description the question is about, if any.
    #[serde(default)]
    pub job_description_id: Option<Uuid>,
}

/// A form question as HR writes it, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct FormQuestionDraft {
    pub key: Option<String>,
    pub text: String,
    pub help: Option<String>,
    pub kind: Option<QuestionType>,
    pub required: bool,
    pub choices: Vec<String>,
    pub needs_response: bool,
    pub post_id: Option<Uuid>,
    pub job_description_id: Option<Uuid>,
}

/// Checks a form HR wrote: 1 to 50 questions with unique keys (`q1`, `q2`, ... when not
/// given), choices only where the type asks for them, a question needing a response only as
/// text. Whether a referred post or JD belongs to the proposal is checked by the caller, who
/// knows them. `field` is the input path of the list.
pub fn check_form(
    drafts: Vec<FormQuestionDraft>,
    field: &str,
) -> Result<Vec<FormQuestion>, DomainError> {
    if drafts.is_empty() {
        return Err(DomainError::bad_input(
            field,
            "A form needs at least one question.",
        ));
    }
    if drafts.len() > MAX_FORM_QUESTIONS {
        return Err(DomainError::bad_input(
            field,
            format!("A form can have at most {MAX_FORM_QUESTIONS} questions."),
        ));
    }
    let mut form: Vec<FormQuestion> = Vec::with_capacity(drafts.len());
    for (i, draft) in drafts.into_iter().enumerate() {
        let at = format!("{field}[{i}]");
        let key = match draft
            .key
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
        {
            Some(key) => {
                let valid = key.len() <= 40
                    && key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if !valid {
                    return Err(DomainError::bad_input(
                        format!("{at}.key"),
                        "A key is up to 40 lower-case letters, digits and underscores.",
                    ));
                }
                key.to_owned()
            }
            None => format!("q{}", i + 1),
        };
        if form.iter().any(|q| q.key == key) {
            return Err(DomainError::bad_input(
                format!("{at}.key"),
                format!("Two questions have the key \"{key}\"; give each its own."),
            ));
        }
        let kind = draft.kind.ok_or_else(|| {
            DomainError::bad_input(format!("{at}.kind"), "Choose how the question is answered.")
        })?;
        let text = text::required_line(&draft.text, &format!("{at}.text"), "the question", 500)?;
        let help = text::optional_line(
            draft.help.as_deref(),
            &format!("{at}.help"),
            "the help text",
            1000,
        )?;
        let choices = match (kind, kind.fixed_choices()) {
            (_, Some(fixed)) => {
                if !draft.choices.is_empty() {
                    return Err(DomainError::bad_input(
                        format!("{at}.choices"),
                        "Agreement scales and yes/no questions have fixed answers; leave the choices out.",
                    ));
                }
                fixed
            }
            (QuestionType::SingleChoice | QuestionType::MultiChoice, None) => {
                let mut choices: Vec<String> = Vec::new();
                for (j, c) in draft.choices.iter().enumerate() {
                    let c =
                        text::required_line(c, &format!("{at}.choices[{j}]"), "the choice", 200)?;
                    if choices.contains(&c) {
                        return Err(DomainError::bad_input(
                            format!("{at}.choices[{j}]"),
                            format!("\"{c}\" is offered twice."),
                        ));
                    }
                    choices.push(c);
                }
                if !(2..=MAX_CHOICES).contains(&choices.len()) {
                    return Err(DomainError::bad_input(
                        format!("{at}.choices"),
                        format!("Offer between 2 and {MAX_CHOICES} choices."),
                    ));
                }
                choices
            }
            _ => {
                if !draft.choices.is_empty() {
                    return Err(DomainError::bad_input(
                        format!("{at}.choices"),
                        "Text questions have no choices.",
                    ));
                }
                vec![]
            }
        };
        if draft.needs_response && !kind.is_text() {
            return Err(DomainError::bad_input(
                format!("{at}.needsResponse"),
                "Only a text question can ask for questions that need a response.",
            ));
        }
        form.push(FormQuestion {
            key,
            text,
            help,
            kind,
            required: draft.required,
            choices,
            needs_response: draft.needs_response,
            post_id: draft.post_id,
            job_description_id: draft.job_description_id,
        });
    }
    Ok(form)
}

/// A form can change until the first response is submitted: answers refer to its questions.
pub fn check_form_editable(submitted_responses: u64) -> Result<(), DomainError> {
    if submitted_responses > 0 {
        return Err(DomainError::PreconditionFailed {
            message: "Staff have already answered this form; it can no longer change.".into(),
            missing: vec![],
        });
    }
    Ok(())
}

/// The name of the default form template.
pub const DEFAULT_FORM_NAME: &str = "Bury pack consultation feedback form";

fn owned(
    key: &str,
    text: &str,
    help: Option<&str>,
    kind: QuestionType,
    required: bool,
    needs_response: bool,
) -> FormQuestion {
    FormQuestion {
        key: key.to_owned(),
        text: text.to_owned(),
        help: help.map(str::to_owned),
        kind,
        required,
        choices: kind.fixed_choices().unwrap_or_default(),
        needs_response,
        post_id: None,
        job_description_id: None,
    }
}

/// The Bury pack's feedback form.
pub fn default_form() -> Vec<FormQuestion> {
    vec![
        owned(
            "agree_with_proposal",
            "Are you in agreement with the proposal?",
            None,
            QuestionType::AgreeScale,
            true,
            false,
        ),
        owned(
            "agree_with_implementation",
            "Are you in agreement with how we suggest to implement the proposal?",
            None,
            QuestionType::AgreeScale,
            true,
            false,
        ),
        owned(
            "other_issues",
            "Any other issues you wish to raise in relation to the proposals",
            Some("Comments you would like to be considered as part of the consultation."),
            QuestionType::LongText,
            false,
            false,
        ),
        owned(
            "questions",
            "Specific questions you want answered within the consultation",
            Some("Each question goes to the question log and gets an answer."),
            QuestionType::LongText,
            false,
            true,
        ),
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
                let allowed: Vec<&str> = question.choices.iter().map(String::as_str).collect();
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

/// Responses are accepted until the end of the consultation's last day (Europe/London), or
/// for a person whose late response HR accepted, until the day HR gave them.
pub fn check_open(
    consultation_end: Option<NaiveDate>,
    late_until: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), DomainError> {
    if late_until.is_some_and(|until| today <= until) {
        return Ok(());
    }
    match consultation_end {
        Some(end) if today > end => Err(DomainError::DeadlinePassed(format!(
            "The consultation closed on {end}; responses can no longer be changed. HR can accept a late response."
        ))),
        _ => Ok(()),
    }
}

/// Why HR changes a deadline: recorded in the audit log, so it must be written.
pub fn reason(raw: &str, field: &str) -> Result<String, DomainError> {
    text::required_line(raw, field, "the reason", 1000)
}

/// Extending the consultation for everyone: only while consulting, and only later than the
/// current last day (shortening a statutory period is not an extension).
pub fn check_extension(
    status: super::proposal::ProposalStatus,
    current_end: Option<NaiveDate>,
    new_end: NaiveDate,
) -> Result<(), DomainError> {
    if status != super::proposal::ProposalStatus::Consulting {
        return Err(DomainError::PreconditionFailed {
            message: "The consultation can be extended only while it is open.".into(),
            missing: vec!["Open the consultation.".into()],
        });
    }
    match current_end {
        Some(end) if new_end > end => Ok(()),
        Some(end) => Err(DomainError::bad_input(
            "input.consultationEnd",
            format!("The new last day must be after the current one, {end}."),
        )),
        None => Err(DomainError::PreconditionFailed {
            message: "The consultation has no last day yet; set the timetable.".into(),
            missing: vec!["Set the consultation period.".into()],
        }),
    }
}

/// Accepting one person's late response: until a day that has not already passed.
pub fn check_late_acceptance(
    accepted_until: NaiveDate,
    today: NaiveDate,
) -> Result<(), DomainError> {
    if accepted_until < today {
        return Err(DomainError::bad_input(
            "input.acceptedUntil",
            format!("Give a day from today ({today}) on."),
        ));
    }
    Ok(())
}

/// A submitted response as the summary counts it.
#[derive(Debug, Clone, Copy)]
pub struct CountedResponse<'a> {
    pub answers: &'a [(String, Vec<String>)],
    /// The posts its author holds (none for someone not in the structure).
    pub post_ids: &'a [Uuid],
    pub theme_ids: &'a [Uuid],
}

/// The smallest group a count shown to anyone but HR may describe. See [`summary_shown`].
pub const SMALLEST_REPORTED_GROUP: u32 = 3;

/// A current post of the proposal and how many people hold it (its population, whoever
/// responded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostPopulation {
    pub post_id: Uuid,
    pub holders: u32,
}

impl PostPopulation {
    /// Too few people hold it for a count about it to be shown on its own.
    pub fn is_small(self) -> bool {
        self.holders < SMALLEST_REPORTED_GROUP
    }
}

/// Responses from the holders of one current post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostTally {
    pub post_id: Uuid,
    pub holders: u32,
    /// Responses whose author holds it (each response once).
    pub responses: u32,
}

/// One choice question's counts: (question key, [(choice, count)]), every choice listed in
/// the form's order.
pub type QuestionCounts<N> = (String, Vec<(String, N)>);

/// Exact counts of submitted responses, as HR may see them: per choice of each choice
/// question, per current post of the authors, per theme.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedbackSummary {
    pub responses: u32,
    /// Every choice question, in form order.
    pub per_answer: Vec<QuestionCounts<u32>>,
    /// Every current post, in the order given, with its population and responses.
    pub per_post: Vec<PostTally>,
    /// Responses whose author holds at least one post with fewer than
    /// `SMALLEST_REPORTED_GROUP` holders, each counted once.
    pub from_small_posts: u32,
    /// (theme, count) for every theme, in the order given.
    pub per_theme: Vec<(Uuid, u32)>,
}

/// Counts the submitted `responses`: `posts` are the proposal's current posts with their
/// populations and `themes` its themes (posts or themes of a response that are not in them
/// are not counted).
pub fn summarise(
    form: &[FormQuestion],
    responses: &[CountedResponse<'_>],
    posts: &[PostPopulation],
    themes: &[Uuid],
) -> FeedbackSummary {
    let per_answer = form
        .iter()
        .filter(|q| !q.kind.is_text())
        .map(|q| {
            let counts = q
                .choices
                .iter()
                .map(|choice| {
                    let n = responses
                        .iter()
                        .filter(|r| {
                            r.answers
                                .iter()
                                .any(|(key, values)| *key == q.key && values.contains(choice))
                        })
                        .count() as u32;
                    (choice.clone(), n)
                })
                .collect();
            (q.key.clone(), counts)
        })
        .collect();
    let count = |holds: &dyn Fn(&CountedResponse<'_>) -> bool| {
        responses.iter().filter(|r| holds(r)).count() as u32
    };
    let per_post = posts
        .iter()
        .map(|p| PostTally {
            post_id: p.post_id,
            holders: p.holders,
            responses: count(&|r| r.post_ids.contains(&p.post_id)),
        })
        .collect();
    let from_small_posts = count(&|r| {
        posts
            .iter()
            .any(|p| p.is_small() && r.post_ids.contains(&p.post_id))
    });
    let per_theme = themes
        .iter()
        .map(|theme| (*theme, count(&|r| r.theme_ids.contains(theme))))
        .collect();
    FeedbackSummary {
        responses: responses.len() as u32,
        per_answer,
        per_post,
        from_small_posts,
        per_theme,
    }
}

/// A count as a viewer sees it: exact for HR (who sees every name anyway); for everyone else
/// only when at least `SMALLEST_REPORTED_GROUP`, otherwise withheld (`None`), 0 included, so
/// that nobody learns that one or two people are behind it, nor when it moves from 0 to 1.
pub fn count_shown(view: super::access::ProposalView, count: u32) -> Option<u32> {
    (view == super::access::ProposalView::Hr || count >= SMALLEST_REPORTED_GROUP).then_some(count)
}

/// The posts with fewer than `SMALLEST_REPORTED_GROUP` holders, counted together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergedPosts {
    /// How many posts are merged.
    pub posts: u32,
    /// Responses from their holders (each once), as [`count_shown`] shows it.
    pub responses: Option<u32>,
}

/// What a viewer is shown of a [`FeedbackSummary`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SummaryShown {
    pub responses: u32,
    /// Every choice question, in form order.
    pub per_answer: Vec<QuestionCounts<Option<u32>>>,
    pub per_post: Vec<(Uuid, Option<u32>)>,
    /// The small posts, merged; `None` for HR and when there are none.
    pub other_posts: Option<MergedPosts>,
    /// Every theme, in order.
    pub per_theme: Vec<(Uuid, Option<u32>)>,
}

/// What HR, the sponsor and union representatives are shown of the counts (staff:
/// `FORBIDDEN`).
///
/// The rule: an aggregate that anyone but HR sees must not change in a way that singles out
/// fewer than `SMALLEST_REPORTED_GROUP` (3) people. So for the sponsor and union reps
/// - which rows exist never depends on who responded: every choice of every choice question,
///   every theme, and every current post with at least 3 holders (by its population) are
///   listed, and the posts with fewer than 3 holders are merged into one "other posts" group
///   that is present whenever such posts exist;
/// - every count in those rows follows [`count_shown`]: shown when it is at least 3,
///   withheld (`None`, "fewer than 3", 0 included) below.
///
/// Only the total number of responses is always exact. HR sees exact counts of every choice
/// and every theme, and of each post with at least one response (HR sees who responded
/// anyway), and no merged group.
pub fn summary_shown(
    view: super::access::ProposalView,
    summary: &FeedbackSummary,
) -> Result<SummaryShown, DomainError> {
    may_read_responses(view)?;
    let hr = view == super::access::ProposalView::Hr;
    let shown = |n: u32| count_shown(view, n);
    let per_answer = summary
        .per_answer
        .iter()
        .map(|(key, choices)| {
            let choices = choices
                .iter()
                .map(|(c, n)| (c.clone(), shown(*n)))
                .collect();
            (key.clone(), choices)
        })
        .collect();
    let per_post = summary
        .per_post
        .iter()
        .filter(|p| {
            if hr {
                p.responses > 0
            } else {
                p.holders >= SMALLEST_REPORTED_GROUP
            }
        })
        .map(|p| (p.post_id, shown(p.responses)))
        .collect();
    let small_posts = summary
        .per_post
        .iter()
        .filter(|p| p.holders < SMALLEST_REPORTED_GROUP)
        .count() as u32;
    let other_posts = (!hr && small_posts > 0).then(|| MergedPosts {
        posts: small_posts,
        responses: shown(summary.from_small_posts),
    });
    Ok(SummaryShown {
        responses: summary.responses,
        per_answer,
        per_post,
        other_posts,
        per_theme: summary
            .per_theme
            .iter()
            .map(|(theme, n)| (*theme, shown(*n)))
            .collect(),
    })
}

/// How often a theme was raised: what is tagged with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RaisedCounts {
    pub staff_responses: u32,
    pub union_responses: u32,
    pub questions: u32,
}

/// How often a theme was raised, as a viewer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RaisedShown {
    pub staff_responses: Option<u32>,
    pub union_responses: Option<u32>,
    pub questions: Option<u32>,
    pub total: Option<u32>,
}

/// The same rule as [`summary_shown`] for a theme's counts (in the outcome report, its CSV and
/// printable page, and wherever a theme is shown): each follows [`count_shown`], and for anyone
/// but HR the total is shown only when none of its parts is withheld (with one withheld, the
/// total minus the others would give it away).
pub fn raised_shown(view: super::access::ProposalView, raised: RaisedCounts) -> RaisedShown {
    let staff_responses = count_shown(view, raised.staff_responses);
    let union_responses = count_shown(view, raised.union_responses);
    let questions = count_shown(view, raised.questions);
    let total = match (staff_responses, union_responses, questions) {
        (Some(s), Some(u), Some(q)) => Some(s + u + q),
        _ => None,
    };
    RaisedShown {
        staff_responses,
        union_responses,
        questions,
        total,
    }
}

/// What keeping a response confidential means in Consult, as its receipt tells its author
/// (`response_visibility` and `question::visibility` are the rules it describes).
pub const CONFIDENTIAL_MEANING: &str = "HR can see that the response is yours; the manager leading the proposal and union representatives see your answers without your name, and any question from it goes to the question log without your name for everyone but HR.";

/// A line of a response's receipt: the question and the answer as its author gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptLine {
    pub question: String,
    pub answer: String,
}

/// The answer words people read for a fixed choice ("STRONGLY_AGREE" → "Strongly agree").
fn answer_words(kind: QuestionType, value: &str) -> String {
    match kind {
        QuestionType::AgreeScale | QuestionType::YesNo => {
            let lower = value.replace('_', " ").to_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
        _ => value.to_owned(),
    }
}

/// A copy of a response for its author: every question of the form in order, with their
/// answer, or "Not answered".
pub fn receipt(form: &[FormQuestion], answers: &[Answer]) -> Vec<ReceiptLine> {
    form.iter()
        .map(|q| {
            let given = answers
                .iter()
                .find(|a| a.key == q.key)
                .map(|a| {
                    a.values
                        .iter()
                        .map(|v| answer_words(q.kind, v))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .filter(|a| !a.is_empty());
            ReceiptLine {
                question: q.text.clone(),
                answer: given.unwrap_or_else(|| "Not answered".to_owned()),
            }
        })
        .collect()
}

/// How much of a submitted staff response a viewer sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseVisibility {
    /// The answers and who wrote them.
    Named,
    /// The answers only.
    Anonymous,
    Hidden,
}

/// HR sees every response with its author; the sponsor sees the answers, and the author only
/// when the response is not confidential; union representatives see the answers without
/// names (docs/design.md gives them aggregated feedback; names of staff are personal data); a
/// member of staff sees only their own.
pub fn response_visibility(
    view: super::access::ProposalView,
    viewer_id: Uuid,
    author_id: Uuid,
    confidential: bool,
) -> ResponseVisibility {
    use super::access::ProposalView;
    match view {
        ProposalView::Hr => ResponseVisibility::Named,
        ProposalView::Sponsor if confidential => ResponseVisibility::Anonymous,
        ProposalView::Sponsor => ResponseVisibility::Named,
        ProposalView::UnionRep => ResponseVisibility::Anonymous,
        ProposalView::Staff if viewer_id == author_id => ResponseVisibility::Named,
        ProposalView::Staff => ResponseVisibility::Hidden,
    }
}

/// Staff responses as a list (not only one's own) are for HR, the sponsor and union reps.
pub fn may_read_responses(view: super::access::ProposalView) -> Result<(), DomainError> {
    if view == super::access::ProposalView::Staff {
        Err(DomainError::Forbidden(
            "Other people's responses are not shown to staff; your own is under myFeedback.".into(),
        ))
    } else {
        Ok(())
    }
}

/// Filters on the list of staff responses that a viewer asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ResponseFiltersAsked {
    pub theme: bool,
    pub post: bool,
    pub answer: bool,
    pub confidential: bool,
    pub late: bool,
}

/// Which filters each viewer of the responses may use, so that no filter tells them more
/// about who wrote a response than the list itself does (`response_visibility`):
/// - HR sees every author: every filter.
/// - The sponsor and union representatives may narrow by theme and by answer, which only
///   select among answers they read anyway. Neither may narrow by the author's post: a post
///   held by one or two people (the summary merges posts under `SMALLEST_REPORTED_GROUP`
///   holders for them) would name the author of a confidential response, and even a larger
///   post combined with an answer can. Nor by lateness, which is HR's record
///   (`may_see_late_responses`).
/// - The sponsor may list the confidential or the named ones (it sees which are which);
///   union representatives see every response without a name, so the distinction is not
///   theirs to draw.
pub fn check_response_filters(
    view: super::access::ProposalView,
    asked: ResponseFiltersAsked,
) -> Result<(), DomainError> {
    use super::access::ProposalView;
    may_read_responses(view)?;
    let refused = match view {
        ProposalView::Hr => None,
        _ if asked.post => Some("the author's post"),
        _ if asked.late => Some("late responses"),
        ProposalView::UnionRep if asked.confidential => Some("named or confidential"),
        _ => None,
    };
    match refused {
        Some(what) => Err(DomainError::Forbidden(format!(
            "Only HR can filter responses by {what}: it could identify who wrote them."
        ))),
        None => Ok(()),
    }
}

/// How many of the staff a proposal affects have submitted a response: HR, the sponsor and
/// union representatives see the rate (two numbers about the whole group, no one named);
/// staff do not.
pub fn may_see_response_rate(view: super::access::ProposalView) -> Result<(), DomainError> {
    may_read_responses(view)
}

/// Who has not responded is a list of named people: HR's only.
pub fn may_see_non_responders(view: super::access::ProposalView) -> Result<(), DomainError> {
    if view == super::access::ProposalView::Hr {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "Only HR sees who has not responded yet.".into(),
        ))
    }
}

/// Hours within which a person is not reminded to respond a second time.
pub const REMINDER_INTERVAL_HOURS: i64 = 24;

/// Reminding staff to respond makes sense only while they still can: the consultation is
/// open (consulting, and its last day not past).
pub fn check_may_remind(
    status: super::proposal::ProposalStatus,
    consultation_end: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), DomainError> {
    let open = status == super::proposal::ProposalStatus::Consulting
        && consultation_end.is_none_or(|end| today <= end);
    if open {
        Ok(())
    } else {
        Err(DomainError::PreconditionFailed {
            message: "Staff can be reminded to respond only while the consultation is open.".into(),
            missing: vec!["Open the consultation (or extend it) first.".into()],
        })
    }
}

/// What a reminder round did, in a sentence for HR.
pub fn reminder_summary(queued: u64, recently_reminded: u64, without_account: u64) -> String {
    let people = |n: u64| {
        if n == 1 {
            "1 person".to_owned()
        } else {
            format!("{n} people")
        }
    };
    let mut parts = vec![match queued {
        0 => "No reminders were queued.".to_owned(),
        1 => "1 reminder was queued.".to_owned(),
        n => format!("{n} reminders were queued."),
    }];
    if recently_reminded > 0 {
        parts.push(format!(
            "{} reminded in the last 24 hours {} not reminded again.",
            people(recently_reminded),
            if recently_reminded == 1 {
                "was"
            } else {
                "were"
            }
        ));
    }
    if without_account > 0 {
        parts.push(format!(
            "{} without an account cannot be emailed: invite them first.",
            people(without_account)
        ));
    }
    parts.join(" ")
}

/// Which late responses HR accepted, and why, is HR's record.
pub fn may_see_late_responses(view: super::access::ProposalView) -> Result<(), DomainError> {
    if view == super::access::ProposalView::Hr {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "Only HR sees the late responses it accepted.".into(),
        ))
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
    fn only_hr_filters_responses_by_post_or_lateness() {
        use crate::domain::access::ProposalView;
        let post = ResponseFiltersAsked {
            post: true,
            ..Default::default()
        };
        let late = ResponseFiltersAsked {
            late: true,
            ..Default::default()
        };
        let confidential = ResponseFiltersAsked {
            confidential: true,
            ..Default::default()
        };
        let by_answer = ResponseFiltersAsked {
            theme: true,
            answer: true,
            ..Default::default()
        };
        for asked in [post, late, confidential, by_answer] {
            assert!(check_response_filters(ProposalView::Hr, asked).is_ok());
        }
        for view in [ProposalView::Sponsor, ProposalView::UnionRep] {
            for asked in [post, late] {
                assert_eq!(
                    check_response_filters(view, asked).unwrap_err().code(),
                    "FORBIDDEN"
                );
            }
            assert!(check_response_filters(view, by_answer).is_ok());
        }
        assert!(check_response_filters(ProposalView::Sponsor, confidential).is_ok());
        assert_eq!(
            check_response_filters(ProposalView::UnionRep, confidential)
                .unwrap_err()
                .code(),
            "FORBIDDEN"
        );
        assert!(
            check_response_filters(ProposalView::Staff, ResponseFiltersAsked::default()).is_err()
        );
    }

    #[test]
    fn reminders_go_only_while_the_consultation_is_open() {
        use crate::domain::proposal::ProposalStatus;
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let next = day.succ_opt().unwrap();
        assert!(check_may_remind(ProposalStatus::Consulting, Some(day), day).is_ok());
        assert!(check_may_remind(ProposalStatus::Consulting, None, day).is_ok());
        for (status, end) in [
            (ProposalStatus::Consulting, Some(day)),
            (ProposalStatus::ConsultationClosed, None),
            (ProposalStatus::Approved, None),
        ] {
            assert_eq!(
                check_may_remind(status, end, next).unwrap_err().code(),
                "PRECONDITION_FAILED"
            );
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
        let after = end.succ_opt().unwrap();
        assert!(check_open(Some(end), None, end).is_ok());
        assert_eq!(
            check_open(Some(end), None, after).unwrap_err().code(),
            "DEADLINE_PASSED"
        );
        assert!(check_open(None, None, end).is_ok());
        assert!(
            check_open(Some(end), Some(after), after).is_ok(),
            "HR accepted a late response until then"
        );
        assert!(check_open(Some(end), Some(after), after.succ_opt().unwrap()).is_err());
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

#[cfg(test)]
mod form_tests {
    use super::*;
    use crate::domain::{access::ProposalView, proposal::ProposalStatus};

    fn draft(text: &str, kind: QuestionType) -> FormQuestionDraft {
        FormQuestionDraft {
            text: text.into(),
            kind: Some(kind),
            ..Default::default()
        }
    }

    #[test]
    fn a_form_hr_writes_is_checked() {
        let mut choice = draft("Which option do you prefer?", QuestionType::SingleChoice);
        choice.choices = vec!["Option A".into(), "Option B".into()];
        let mut questions = draft("Your questions", QuestionType::LongText);
        questions.needs_response = true;
        let form = check_form(
            vec![
                draft("Do you agree?", QuestionType::AgreeScale),
                choice,
                questions,
            ],
            "input.questions",
        )
        .unwrap();
        assert_eq!(
            form.iter().map(|q| q.key.as_str()).collect::<Vec<_>>(),
            ["q1", "q2", "q3"]
        );
        assert_eq!(form[0].choices.len(), 5, "the scale's answers are fixed");

        let field = |err: DomainError| match err {
            DomainError::BadInput { field, .. } => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(check_form(vec![], "f").unwrap_err()),
            "f",
            "an empty form"
        );
        let one_choice = FormQuestionDraft {
            choices: vec!["Only".into()],
            ..draft("Pick", QuestionType::MultiChoice)
        };
        assert_eq!(
            field(check_form(vec![one_choice], "f").unwrap_err()),
            "f[0].choices"
        );
        let scale_with_choices = FormQuestionDraft {
            choices: vec!["a".into(), "b".into()],
            ..draft("Agree?", QuestionType::AgreeScale)
        };
        assert_eq!(
            field(check_form(vec![scale_with_choices], "f").unwrap_err()),
            "f[0].choices"
        );
        let yes_no_question = FormQuestionDraft {
            needs_response: true,
            ..draft("Any?", QuestionType::YesNo)
        };
        assert_eq!(
            field(check_form(vec![yes_no_question], "f").unwrap_err()),
            "f[0].needsResponse"
        );
        let same_key = |k: &str| FormQuestionDraft {
            key: Some(k.into()),
            ..draft("A", QuestionType::Text)
        };
        assert_eq!(
            field(check_form(vec![same_key("a"), same_key("a")], "f").unwrap_err()),
            "f[1].key"
        );
        assert_eq!(
            field(check_form(vec![same_key("Not A Key")], "f").unwrap_err()),
            "f[0].key"
        );
        let no_kind = FormQuestionDraft {
            text: "?".into(),
            ..Default::default()
        };
        assert_eq!(
            field(check_form(vec![no_kind], "f").unwrap_err()),
            "f[0].kind"
        );
        let too_many = (0..=MAX_FORM_QUESTIONS)
            .map(|_| draft("A", QuestionType::Text))
            .collect();
        assert!(check_form(too_many, "f").is_err());
        assert_eq!(
            check_form_editable(1).unwrap_err().code(),
            "PRECONDITION_FAILED"
        );
        assert!(check_form_editable(0).is_ok());
    }

    #[test]
    fn the_consultation_is_extended_only_forwards_and_while_open() {
        let end = NaiveDate::from_ymd_opt(2021, 3, 7).unwrap();
        let later = NaiveDate::from_ymd_opt(2021, 3, 21).unwrap();
        assert!(check_extension(ProposalStatus::Consulting, Some(end), later).is_ok());
        assert_eq!(
            check_extension(ProposalStatus::Consulting, Some(end), end)
                .unwrap_err()
                .code(),
            "BAD_USER_INPUT"
        );
        assert_eq!(
            check_extension(ProposalStatus::Decided, Some(end), later)
                .unwrap_err()
                .code(),
            "PRECONDITION_FAILED"
        );
        assert!(check_late_acceptance(end, later).is_err());
        assert!(check_late_acceptance(later, end).is_ok());
        assert!(reason("  ", "input.reason").is_err());
    }

    #[test]
    fn the_summary_counts_answers_posts_and_themes() {
        let form = default_form();
        let post = Uuid::from_u128(1);
        let small = Uuid::from_u128(3);
        let theme = Uuid::from_u128(2);
        let untagged = Uuid::from_u128(4);
        let agree = vec![
            ("agree_with_proposal".to_owned(), vec!["AGREE".to_owned()]),
            ("other_issues".to_owned(), vec!["text".to_owned()]),
        ];
        let disagree = vec![(
            "agree_with_proposal".to_owned(),
            vec!["DISAGREE".to_owned()],
        )];
        let summary = summarise(
            &form,
            &[
                CountedResponse {
                    answers: &agree,
                    post_ids: &[post, post, small],
                    theme_ids: &[theme],
                },
                CountedResponse {
                    answers: &disagree,
                    post_ids: &[post],
                    theme_ids: &[],
                },
            ],
            &[
                PostPopulation {
                    post_id: post,
                    holders: 5,
                },
                PostPopulation {
                    post_id: small,
                    holders: 1,
                },
            ],
            &[theme, untagged],
        );
        assert_eq!(summary.responses, 2);
        assert_eq!(
            summary.per_answer.len(),
            2,
            "text questions are not counted"
        );
        let proposal = &summary.per_answer[0].1;
        assert_eq!(proposal.len(), 5);
        assert_eq!(proposal[1], ("AGREE".to_owned(), 1));
        assert_eq!(proposal[3], ("DISAGREE".to_owned(), 1));
        assert_eq!(
            summary.per_post,
            vec![
                PostTally {
                    post_id: post,
                    holders: 5,
                    responses: 2
                },
                PostTally {
                    post_id: small,
                    holders: 1,
                    responses: 1
                },
            ],
            "one count per response, every post listed"
        );
        assert_eq!(summary.from_small_posts, 1);
        assert_eq!(summary.per_theme, vec![(theme, 1), (untagged, 0)]);
    }

    #[test]
    fn counts_below_3_are_withheld_from_all_but_hr() {
        assert_eq!(count_shown(ProposalView::UnionRep, 0), None);
        assert_eq!(count_shown(ProposalView::UnionRep, 2), None);
        assert_eq!(count_shown(ProposalView::Sponsor, 2), None);
        assert_eq!(count_shown(ProposalView::UnionRep, 3), Some(3));
        assert_eq!(count_shown(ProposalView::Hr, 0), Some(0));
        assert_eq!(count_shown(ProposalView::Hr, 1), Some(1));
    }

    /// A proposal with a post of 4 holders, a post of 1 and a post of 2, and two themes.
    struct Consultation {
        form: Vec<FormQuestion>,
        team: Uuid,
        solo: Uuid,
        pair: Uuid,
        themes: [Uuid; 2],
    }

    impl Consultation {
        fn new() -> Self {
            Self {
                form: default_form(),
                team: Uuid::from_u128(10),
                solo: Uuid::from_u128(11),
                pair: Uuid::from_u128(12),
                themes: [Uuid::from_u128(20), Uuid::from_u128(21)],
            }
        }

        fn posts(&self) -> [PostPopulation; 3] {
            [(self.team, 4), (self.solo, 1), (self.pair, 2)]
                .map(|(post_id, holders)| PostPopulation { post_id, holders })
        }

        /// Each response: (the author's posts, their answer to agree_with_proposal, themes).
        fn summary(&self, responses: &[(&[Uuid], &str, &[Uuid])]) -> FeedbackSummary {
            let answers: Vec<Vec<(String, Vec<String>)>> = responses
                .iter()
                .map(|(_, choice, _)| {
                    vec![("agree_with_proposal".to_owned(), vec![(*choice).to_owned()])]
                })
                .collect();
            let counted: Vec<CountedResponse<'_>> = responses
                .iter()
                .zip(&answers)
                .map(|((posts, _, themes), answers)| CountedResponse {
                    answers,
                    post_ids: posts,
                    theme_ids: themes,
                })
                .collect();
            summarise(&self.form, &counted, &self.posts(), &self.themes)
        }
    }

    #[test]
    fn which_rows_a_rep_or_the_sponsor_sees_never_depends_on_who_responded() {
        let c = Consultation::new();
        let nobody = c.summary(&[]);
        for view in [ProposalView::Sponsor, ProposalView::UnionRep] {
            let shown = summary_shown(view, &nobody).unwrap();
            assert_eq!(shown.responses, 0);
            assert_eq!(
                shown.per_post,
                vec![(c.team, None)],
                "every post of 3 or more holders, whoever responded"
            );
            assert_eq!(
                shown.other_posts,
                Some(MergedPosts {
                    posts: 2,
                    responses: None
                }),
                "the posts of one and two holders, merged"
            );
            assert_eq!(
                shown.per_theme,
                vec![(c.themes[0], None), (c.themes[1], None)]
            );
            assert_eq!(shown.per_answer.len(), 2);
            assert!(
                shown
                    .per_answer
                    .iter()
                    .all(|(_, choices)| choices.len() == 5
                        && choices.iter().all(|(_, n)| n.is_none()))
            );
        }
        assert_eq!(
            summary_shown(ProposalView::Staff, &nobody)
                .unwrap_err()
                .code(),
            "FORBIDDEN"
        );
    }

    #[test]
    fn a_response_from_the_sole_holder_of_a_post_changes_nothing_but_the_total() {
        let c = Consultation::new();
        let (team, solo, pair) = ([c.team], [c.solo], [c.pair]);
        let theme = [c.themes[0]];
        let before: Vec<(&[Uuid], &str, &[Uuid])> = vec![
            (&team, "AGREE", &theme),
            (&team, "AGREE", &[]),
            (&pair, "DISAGREE", &[]),
        ];
        let mut after = before.clone();
        after.push((&solo, "STRONGLY_DISAGREE", &theme));
        let (before, after) = (c.summary(&before), c.summary(&after));
        for view in [ProposalView::Sponsor, ProposalView::UnionRep] {
            let (was, is) = (
                summary_shown(view, &before).unwrap(),
                summary_shown(view, &after).unwrap(),
            );
            assert_eq!((was.responses, is.responses), (3, 4));
            assert_eq!(
                SummaryShown {
                    responses: 0,
                    ..was
                },
                SummaryShown { responses: 0, ..is },
                "{view:?} sees only the total change"
            );
        }
        let hr = summary_shown(ProposalView::Hr, &after).unwrap();
        assert_eq!(
            hr.per_post,
            vec![(c.team, Some(2)), (c.solo, Some(1)), (c.pair, Some(1))],
            "HR: every post with a response, exact"
        );
        assert_eq!(hr.other_posts, None);
        assert_eq!(
            hr.per_theme,
            vec![(c.themes[0], Some(2)), (c.themes[1], Some(0))]
        );
        assert_eq!(hr.per_answer[0].1[4], ("STRONGLY_DISAGREE".into(), Some(1)));
    }

    #[test]
    fn a_count_of_3_or_more_is_shown() {
        let c = Consultation::new();
        let (team, solo, pair) = ([c.team], [c.solo], [c.pair]);
        let theme = [c.themes[1]];
        let summary = c.summary(&[
            (&team, "AGREE", &theme),
            (&team, "AGREE", &theme),
            (&team, "AGREE", &theme),
            (&solo, "NEUTRAL", &[]),
            (&pair, "NEUTRAL", &[]),
            (&pair, "NEUTRAL", &[]),
        ]);
        let shown = summary_shown(ProposalView::UnionRep, &summary).unwrap();
        assert_eq!(shown.per_post, vec![(c.team, Some(3))]);
        assert_eq!(
            shown.other_posts,
            Some(MergedPosts {
                posts: 2,
                responses: Some(3)
            })
        );
        assert_eq!(
            shown.per_theme,
            vec![(c.themes[0], None), (c.themes[1], Some(3))]
        );
        let proposal = &shown.per_answer[0].1;
        assert_eq!(proposal[1], ("AGREE".into(), Some(3)));
        assert_eq!(proposal[2], ("NEUTRAL".into(), Some(3)));
        assert_eq!(proposal[3], ("DISAGREE".into(), None));
    }

    #[test]
    fn a_themes_total_is_withheld_with_any_of_its_parts() {
        let raised = |s, u, q| RaisedCounts {
            staff_responses: s,
            union_responses: u,
            questions: q,
        };
        assert_eq!(
            raised_shown(ProposalView::Hr, raised(1, 0, 2)),
            RaisedShown {
                staff_responses: Some(1),
                union_responses: Some(0),
                questions: Some(2),
                total: Some(3)
            }
        );
        assert_eq!(
            raised_shown(ProposalView::UnionRep, raised(1, 0, 5)),
            RaisedShown {
                staff_responses: None,
                union_responses: None,
                questions: Some(5),
                total: None
            },
            "6 - 5 would give away the one staff response"
        );
        assert_eq!(
            raised_shown(ProposalView::Staff, raised(3, 4, 5)).total,
            Some(12)
        );
    }

    #[test]
    fn a_receipt_copies_every_question_with_the_answer_in_words() {
        let q = |key: &str, text: &str, kind| FormQuestion {
            key: key.into(),
            text: text.into(),
            help: None,
            kind,
            required: false,
            choices: vec![],
            needs_response: false,
            post_id: None,
            job_description_id: None,
        };
        let form = [
            q("a", "Do you agree?", QuestionType::AgreeScale),
            q("b", "Anything else?", QuestionType::LongText),
            q("c", "Happy?", QuestionType::YesNo),
        ];
        let answers = [
            Answer {
                key: "a".into(),
                values: vec!["STRONGLY_DISAGREE".into()],
            },
            Answer {
                key: "b".into(),
                values: vec!["More caseworkers.".into()],
            },
        ];
        let lines = receipt(&form, &answers);
        let pairs: Vec<(&str, &str)> = lines
            .iter()
            .map(|l| (l.question.as_str(), l.answer.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("Do you agree?", "Strongly disagree"),
                ("Anything else?", "More caseworkers."),
                ("Happy?", "Not answered"),
            ]
        );
    }

    #[test]
    fn confidential_names_are_for_hr_and_the_author() {
        let me = Uuid::from_u128(1);
        let other = Uuid::from_u128(2);
        use ResponseVisibility::*;
        assert_eq!(
            response_visibility(ProposalView::Hr, me, other, true),
            Named
        );
        assert_eq!(
            response_visibility(ProposalView::Sponsor, me, other, true),
            Anonymous
        );
        assert_eq!(
            response_visibility(ProposalView::Sponsor, me, other, false),
            Named
        );
        assert_eq!(
            response_visibility(ProposalView::UnionRep, me, other, false),
            Anonymous
        );
        assert_eq!(
            response_visibility(ProposalView::Staff, me, me, true),
            Named
        );
        assert_eq!(
            response_visibility(ProposalView::Staff, me, other, false),
            Hidden
        );
        assert!(may_read_responses(ProposalView::Staff).is_err());
    }
}
