//! The question log: every question raised in a consultation gets an owner, a response due
//! date and an answer, and can be published to the FAQ. docs/design.md, "Feedback".

use super::{
    DomainError,
    access::{ProposalView, Viewer},
    text, working_days,
};
use chrono::NaiveDate;
use uuid::Uuid;

/// Working days a manager has to answer, unless HR sets another due date.
pub const DEFAULT_RESPONSE_WORKING_DAYS: u32 = 5;

/// Where a question came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionSource {
    /// Asked by a member of staff.
    Staff,
    /// Asked by a union representative for their union.
    Union,
    /// Raised at a meeting and entered by HR.
    Meeting,
    /// A comment on one duty of a job description.
    JobDescription,
}

impl QuestionSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Staff => "STAFF",
            Self::Union => "UNION",
            Self::Meeting => "MEETING",
            Self::JobDescription => "JOB_DESCRIPTION",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Staff,
            Self::Union,
            Self::Meeting,
            Self::JobDescription,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }

    /// The source of a question raised by someone seeing the proposal as `view`.
    pub fn for_view(view: ProposalView) -> Self {
        match view {
            ProposalView::Staff => Self::Staff,
            ProposalView::UnionRep => Self::Union,
            ProposalView::Hr | ProposalView::Sponsor => Self::Meeting,
        }
    }
}

/// Where a question stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionStatus {
    Open,
    Answered,
    Overdue,
}

impl QuestionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "OPEN",
            Self::Answered => "ANSWERED",
            Self::Overdue => "OVERDUE",
        }
    }
}

/// A question's status on `today` (Europe/London): overdue the day after it was due.
pub fn status(answered: bool, due_on: NaiveDate, today: NaiveDate) -> QuestionStatus {
    if answered {
        QuestionStatus::Answered
    } else if today > due_on {
        QuestionStatus::Overdue
    } else {
        QuestionStatus::Open
    }
}

/// The due date of a question raised on `raised_on` when managers have `working_days_to_answer`.
pub fn default_due(raised_on: NaiveDate, working_days_to_answer: u32) -> NaiveDate {
    working_days::add_working_days(raised_on, working_days_to_answer)
}

/// Working days to answer, as HR sets them for a consultation: at least one, at most 30 (six
/// weeks, longer than the shortest statutory consultation period).
pub fn response_days(value: i32, field: &str) -> Result<u32, DomainError> {
    match value {
        1..=30 => Ok(value as u32),
        _ => Err(DomainError::bad_input(
            field,
            "Give between 1 and 30 working days to answer a question.",
        )),
    }
}

/// A question's or an answer's text.
pub fn text_of(raw: &str, field: &str, what: &str) -> Result<String, DomainError> {
    let value = text::long_text(raw, field, what)?;
    if value.is_empty() {
        return Err(DomainError::bad_input(field, format!("Write {what}.")));
    }
    if value.chars().count() > 20_000 {
        return Err(DomainError::bad_input(
            field,
            format!(
                "{} can be at most 20000 characters long.",
                text::capitalise(what)
            ),
        ));
    }
    Ok(value)
}

/// A comment on a JD duty by the people being consulted (staff, union representatives) is a
/// question management must answer; HR's and managers' own comments are working notes.
pub fn duty_comment_is_question(view: ProposalView) -> bool {
    matches!(view, ProposalView::Staff | ProposalView::UnionRep)
}

/// Which job description a duty comment is about, as its question names it: the JD's title
/// and version, and the version's label ("Caseworker (version 3), the proposed job
/// description"), so a proposal with several JDs and versions says which one (issue 18).
pub struct DutyCommentJd<'a> {
    pub title: &'a str,
    pub version: i32,
    pub label: &'a str,
}

/// How a duty comment reads in the question log, My tasks and emails. The text is fixed when
/// the question is made, so it keeps naming the version commented on when a newer one follows.
pub fn duty_comment_question(jd: &DutyCommentJd<'_>, duty_number: i32, comment: &str) -> String {
    let title = jd.title.trim();
    let label = jd.label.trim();
    let which = if label.is_empty() {
        String::new()
    } else {
        // Mid-sentence the label reads in lower case ("Proposed" -> "the proposed ..."), unless
        // it is an acronym-like word whose second letter is a capital too.
        let mut chars = label.chars();
        let first = chars.next().unwrap_or_default();
        let keep = chars.next().is_some_and(char::is_uppercase);
        let lowered: String = if keep {
            label.to_owned()
        } else {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        };
        format!(", the {lowered} job description")
    };
    format!(
        "On duty {duty_number} of {title} (version {}){which}: {comment}",
        jd.version
    )
}

/// What decides who sees a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionFacts<'a> {
    pub asker_id: Option<Uuid>,
    pub asker_union: Option<&'a str>,
    pub confidential: bool,
    pub owner_id: Option<Uuid>,
    /// Answered and published to the FAQ.
    pub in_faq: bool,
}

/// How much of a question a viewer may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionVisibility {
    /// With who asked.
    Full,
    /// The text and answer, without who asked.
    Anonymous,
    Hidden,
}

/// Who sees a question: HR and the asker all of it; the sponsor and its owner all of it but a
/// confidential asker's name; the asker's union likewise; everyone who can read the proposal
/// sees the published FAQ, without names.
pub fn visibility(
    viewer: &Viewer,
    view: ProposalView,
    q: &QuestionFacts<'_>,
) -> QuestionVisibility {
    let named_unless_confidential = if q.confidential {
        QuestionVisibility::Anonymous
    } else {
        QuestionVisibility::Full
    };
    if view == ProposalView::Hr || q.asker_id == Some(viewer.user_id) {
        return QuestionVisibility::Full;
    }
    if view == ProposalView::Sponsor
        || q.owner_id == Some(viewer.user_id)
        || same_union(viewer, view, q)
    {
        return named_unless_confidential;
    }
    if q.in_faq {
        QuestionVisibility::Anonymous
    } else {
        QuestionVisibility::Hidden
    }
}

/// How the question log is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogSort {
    /// Raised first (the default).
    Oldest,
    /// Raised last.
    Newest,
    /// The earliest due date first.
    DueSoonest,
    /// Unanswered questions first, the longest overdue at the top; then the answered ones.
    OverdueFirst,
}

/// Who may page through the whole question log with its filters: HR and the sponsor, who
/// see every question (`visibility`); everyone else reads `questions`, which shows them
/// only their own, their union's and the FAQ.
pub fn may_read_log(view: ProposalView) -> Result<(), DomainError> {
    match view {
        ProposalView::Hr | ProposalView::Sponsor => Ok(()),
        ProposalView::Staff | ProposalView::UnionRep => Err(DomainError::Forbidden(
            "Only HR and the proposal's sponsor can search the whole question log.".into(),
        )),
    }
}

/// Text to search the log for: trimmed, blank meaning no search, at most 200 characters.
pub fn search_text(raw: Option<&str>, field: &str) -> Result<Option<String>, DomainError> {
    let Some(value) = raw.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > 200 {
        return Err(DomainError::bad_input(
            field,
            "Search for at most 200 characters.",
        ));
    }
    Ok(Some(value.to_owned()))
}

/// Who may answer a question: HR, the proposal's sponsor, or the manager who owns it.
pub fn may_answer(
    viewer: &Viewer,
    view: ProposalView,
    owner_id: Option<Uuid>,
) -> Result<(), DomainError> {
    if view == ProposalView::Hr || view == ProposalView::Sponsor || owner_id == Some(viewer.user_id)
    {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "Only the question's owner, the proposal's sponsor or HR can answer it.".into(),
        ))
    }
}

/// Where the raiser's reply to a question's answer stands (issue 20: a consultation "with a
/// view to reaching agreement" is a dialogue, not one answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyState {
    /// The raiser accepted the answer.
    Accepted,
    /// The raiser challenged an answer and has not accepted one since: unresolved.
    Challenged,
    /// HR closed the challenge without agreement, with a reason.
    ClosedWithoutAgreement,
}

impl ReplyState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "ACCEPTED",
            Self::Challenged => "CHALLENGED",
            Self::ClosedWithoutAgreement => "CLOSED_WITHOUT_AGREEMENT",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Accepted,
            Self::Challenged,
            Self::ClosedWithoutAgreement,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }
}

/// One entry of a question's thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyKind {
    /// Management answered (again).
    Answer,
    /// The raiser challenged the answer, with their reasons.
    Challenge,
    /// The raiser accepted the answer.
    Acceptance,
    /// HR closed the challenge without agreement, with the reason.
    Closure,
}

impl ReplyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answer => "ANSWER",
            Self::Challenge => "CHALLENGE",
            Self::Acceptance => "ACCEPTANCE",
            Self::Closure => "CLOSURE",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Answer,
            Self::Challenge,
            Self::Acceptance,
            Self::Closure,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }

    /// Written by the raiser's side, whose name a confidential question keeps from all but HR.
    pub fn by_raiser(self) -> bool {
        matches!(self, Self::Challenge | Self::Acceptance)
    }
}

fn same_union(viewer: &Viewer, view: ProposalView, q: &QuestionFacts<'_>) -> bool {
    view == ProposalView::UnionRep
        && matches!((q.asker_union, viewer.union.as_deref()), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

/// Whether the viewer raised the question, or represents the union that raised it: who may
/// accept or challenge its answer.
pub fn is_raiser(viewer: &Viewer, view: ProposalView, q: &QuestionFacts<'_>) -> bool {
    q.asker_id == Some(viewer.user_id) || same_union(viewer, view, q)
}

/// Who reads a question's thread (the challenges, and HR's reason for closing one): the
/// parties to it (HR, the sponsor, its owner, the raiser and the raiser's union), not
/// everyone who reads the published FAQ.
pub fn may_read_thread(viewer: &Viewer, view: ProposalView, q: &QuestionFacts<'_>) -> bool {
    matches!(view, ProposalView::Hr | ProposalView::Sponsor)
        || q.owner_id == Some(viewer.user_id)
        || is_raiser(viewer, view, q)
}

/// What the raiser does with an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    Accept,
    Challenge,
}

/// Whether the viewer may reply so to a question whose answer and reply state are these:
/// only the raiser (or their union), only to an answer, never after accepting one, and no
/// new challenge once HR has closed the last one without agreement.
pub fn check_reply(
    viewer: &Viewer,
    view: ProposalView,
    q: &QuestionFacts<'_>,
    answered: bool,
    state: Option<ReplyState>,
    reply: Reply,
) -> Result<(), DomainError> {
    if !is_raiser(viewer, view, q) {
        return Err(DomainError::Forbidden(
            "Only whoever raised the question, or their union's representatives, can accept or challenge its answer.".into(),
        ));
    }
    let refused = |message: &str, missing: &str| {
        Err(DomainError::PreconditionFailed {
            message: message.into(),
            missing: vec![missing.into()],
        })
    };
    if !answered {
        return refused(
            "There is no answer to reply to yet.",
            "Wait for the question to be answered.",
        );
    }
    match (state, reply) {
        (Some(ReplyState::Accepted), _) => refused(
            "This answer has been accepted; raise a new question to take the point further.",
            "Raise a new question.",
        ),
        (Some(ReplyState::ClosedWithoutAgreement), Reply::Challenge) => refused(
            "HR has closed this challenge without agreement; raise a new question to take the point further.",
            "Raise a new question.",
        ),
        _ => Ok(()),
    }
}

/// Only HR closes a challenge without agreement.
pub fn may_close(view: ProposalView) -> Result<(), DomainError> {
    if view == ProposalView::Hr {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "Only HR can close a challenge without agreement.".into(),
        ))
    }
}

/// Whether HR may close the question's challenge without agreement: HR only, a challenge
/// that is unresolved, and answered again (the answer management stands by).
pub fn check_close(
    view: ProposalView,
    answered: bool,
    state: Option<ReplyState>,
) -> Result<(), DomainError> {
    may_close(view)?;
    if state != Some(ReplyState::Challenged) {
        return Err(DomainError::PreconditionFailed {
            message: "This question has no unresolved challenge to close.".into(),
            missing: vec!["Close only a challenged answer.".into()],
        });
    }
    if !answered {
        return Err(DomainError::PreconditionFailed {
            message: "Answer the challenge before closing it without agreement: the answer management stands by is what the record keeps.".into(),
            missing: vec!["Answer the question again.".into()],
        });
    }
    Ok(())
}

/// Whether a question holds up the decision (`proposal::missing_for`): it is unanswered, or
/// its answer was challenged and neither accepted since nor closed by HR with a reason.
pub fn awaits_answer(answered: bool, state: Option<ReplyState>) -> bool {
    !answered || state == Some(ReplyState::Challenged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duty_comment_question_names_the_jd_and_its_version() {
        let caseworker = DutyCommentJd {
            title: "Caseworker",
            version: 3,
            label: "Proposed",
        };
        assert_eq!(
            duty_comment_question(&caseworker, 2, "Is this grade 5?"),
            "On duty 2 of Caseworker (version 3), the proposed job description: Is this grade 5?"
        );
        let officer = DutyCommentJd {
            title: "Team leader",
            version: 1,
            label: "Current",
        };
        assert_ne!(
            duty_comment_question(&caseworker, 1, "Why?"),
            duty_comment_question(&officer, 1, "Why?")
        );
        let hr = DutyCommentJd {
            title: "Officer",
            version: 2,
            label: "HR draft",
        };
        assert_eq!(
            duty_comment_question(&hr, 1, "Why?"),
            "On duty 1 of Officer (version 2), the HR draft job description: Why?"
        );
    }
    use crate::domain::account::Role;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn viewer(role: Role, union: Option<&str>) -> Viewer {
        Viewer {
            user_id: Uuid::now_v7(),
            role,
            email: "v@x.example".into(),
            union: union.map(str::to_owned),
        }
    }

    #[test]
    fn a_question_is_overdue_the_day_after_it_is_due() {
        let due = date(2026, 11, 27);
        assert_eq!(status(false, due, date(2026, 11, 27)), QuestionStatus::Open);
        assert_eq!(
            status(false, due, date(2026, 11, 28)),
            QuestionStatus::Overdue
        );
        assert_eq!(
            status(true, due, date(2026, 12, 28)),
            QuestionStatus::Answered
        );
    }

    #[test]
    fn the_default_due_date_is_five_working_days() {
        // Raised on a Friday: due the next Friday.
        assert_eq!(default_due(date(2026, 11, 20), 5), date(2026, 11, 27));
        // Over Christmas 2026: 25 Dec and the 28 Dec substitute are not working days.
        assert_eq!(default_due(date(2026, 12, 22), 5), date(2026, 12, 31));
    }
    #[test]
    fn hr_sets_between_one_and_thirty_working_days() {
        assert_eq!(response_days(10, "f").unwrap(), 10);
        assert_eq!(default_due(date(2026, 11, 20), 1), date(2026, 11, 23));
        for bad in [0, -1, 31] {
            assert_eq!(
                response_days(bad, "f").unwrap_err().code(),
                "BAD_USER_INPUT"
            );
        }
    }

    #[test]
    fn confidential_askers_are_named_to_hr_and_themselves_only() {
        let asker = viewer(Role::Staff, None);
        let q = QuestionFacts {
            asker_id: Some(asker.user_id),
            asker_union: None,
            confidential: true,
            owner_id: None,
            in_faq: false,
        };
        assert_eq!(
            visibility(&asker, ProposalView::Staff, &q),
            QuestionVisibility::Full
        );
        assert_eq!(
            visibility(&viewer(Role::HrAdmin, None), ProposalView::Hr, &q),
            QuestionVisibility::Full
        );
        assert_eq!(
            visibility(&viewer(Role::Manager, None), ProposalView::Sponsor, &q),
            QuestionVisibility::Anonymous
        );
        assert_eq!(
            visibility(&viewer(Role::Staff, None), ProposalView::Staff, &q),
            QuestionVisibility::Hidden
        );
        assert_eq!(
            visibility(
                &viewer(Role::UnionRep, Some("GMB")),
                ProposalView::UnionRep,
                &q
            ),
            QuestionVisibility::Hidden
        );
        let faq = QuestionFacts { in_faq: true, ..q };
        assert_eq!(
            visibility(&viewer(Role::Staff, None), ProposalView::Staff, &faq),
            QuestionVisibility::Anonymous
        );
    }

    #[test]
    fn only_hr_and_the_sponsor_search_the_whole_log() {
        assert!(may_read_log(ProposalView::Hr).is_ok());
        assert!(may_read_log(ProposalView::Sponsor).is_ok());
        for view in [ProposalView::Staff, ProposalView::UnionRep] {
            assert_eq!(may_read_log(view).unwrap_err().code(), "FORBIDDEN");
        }
        assert_eq!(search_text(Some("  "), "f").unwrap(), None);
        assert_eq!(
            search_text(Some(" Pay "), "f").unwrap().as_deref(),
            Some("Pay")
        );
        assert_eq!(
            search_text(Some(&"x".repeat(201)), "f").unwrap_err().code(),
            "BAD_USER_INPUT"
        );
    }

    #[test]
    fn a_unions_questions_are_seen_by_its_reps() {
        let q = QuestionFacts {
            asker_id: Some(Uuid::now_v7()),
            asker_union: Some("UNISON"),
            confidential: false,
            owner_id: None,
            in_faq: false,
        };
        assert_eq!(
            visibility(
                &viewer(Role::UnionRep, Some("unison")),
                ProposalView::UnionRep,
                &q
            ),
            QuestionVisibility::Full
        );
        assert_eq!(
            visibility(
                &viewer(Role::UnionRep, Some("GMB")),
                ProposalView::UnionRep,
                &q
            ),
            QuestionVisibility::Hidden
        );
    }
    #[test]
    fn only_the_raiser_or_their_union_replies_to_an_answer() {
        let rep = viewer(Role::UnionRep, Some("UNISON"));
        let q = QuestionFacts {
            asker_id: Some(Uuid::now_v7()),
            asker_union: Some("UNISON"),
            confidential: false,
            owner_id: None,
            in_faq: true,
        };
        let reply = |v: &Viewer, view, answered, state, r| {
            check_reply(v, view, &q, answered, state, r).map_err(|e| e.code())
        };
        assert_eq!(
            reply(&rep, ProposalView::UnionRep, true, None, Reply::Challenge),
            Ok(())
        );
        let gmb = viewer(Role::UnionRep, Some("GMB"));
        assert_eq!(
            reply(&gmb, ProposalView::UnionRep, true, None, Reply::Accept),
            Err("FORBIDDEN")
        );
        let hr = viewer(Role::HrAdmin, None);
        assert_eq!(
            reply(&hr, ProposalView::Hr, true, None, Reply::Accept),
            Err("FORBIDDEN"),
            "HR does not accept on the union's behalf"
        );
        assert_eq!(
            reply(&rep, ProposalView::UnionRep, false, None, Reply::Accept),
            Err("PRECONDITION_FAILED")
        );
        assert_eq!(
            reply(
                &rep,
                ProposalView::UnionRep,
                true,
                Some(ReplyState::Accepted),
                Reply::Challenge
            ),
            Err("PRECONDITION_FAILED")
        );
        assert_eq!(
            reply(
                &rep,
                ProposalView::UnionRep,
                true,
                Some(ReplyState::ClosedWithoutAgreement),
                Reply::Challenge
            ),
            Err("PRECONDITION_FAILED")
        );
        assert_eq!(
            reply(
                &rep,
                ProposalView::UnionRep,
                true,
                Some(ReplyState::Challenged),
                Reply::Accept
            ),
            Ok(())
        );
        // FAQ readers see the answer but not the thread; the union sees it.
        let staff = viewer(Role::Staff, None);
        assert!(!may_read_thread(&staff, ProposalView::Staff, &q));
        assert!(may_read_thread(&rep, ProposalView::UnionRep, &q));
    }

    #[test]
    fn hr_closes_only_an_answered_unresolved_challenge_and_it_then_stops_the_gate_waiting() {
        let challenged = Some(ReplyState::Challenged);
        assert_eq!(
            check_close(ProposalView::Sponsor, true, challenged)
                .unwrap_err()
                .code(),
            "FORBIDDEN"
        );
        assert_eq!(
            check_close(ProposalView::Hr, false, challenged)
                .unwrap_err()
                .code(),
            "PRECONDITION_FAILED"
        );
        assert_eq!(
            check_close(ProposalView::Hr, true, None)
                .unwrap_err()
                .code(),
            "PRECONDITION_FAILED"
        );
        assert!(check_close(ProposalView::Hr, true, challenged).is_ok());
        assert!(awaits_answer(false, None));
        assert!(
            awaits_answer(true, challenged),
            "answered again, not agreed"
        );
        assert!(!awaits_answer(
            true,
            Some(ReplyState::ClosedWithoutAgreement)
        ));
        assert!(!awaits_answer(true, Some(ReplyState::Accepted)));
        for kind in [
            ReplyKind::Answer,
            ReplyKind::Challenge,
            ReplyKind::Acceptance,
            ReplyKind::Closure,
        ] {
            assert_eq!(ReplyKind::parse(kind.as_str()), Some(kind));
        }
    }
}
