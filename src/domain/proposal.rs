//! A restructure proposal: its content, its lifecycle and the gates on each transition.
//! docs/design.md, "Proposal" and "Sign-off".

use super::{DomainError, text};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where a proposal is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProposalStatus {
    Draft,
    InApproval,
    Approved,
    Consulting,
    ConsultationClosed,
    Decided,
    Implementing,
    Completed,
    Withdrawn,
}

impl ProposalStatus {
    pub const ALL: [ProposalStatus; 9] = [
        Self::Draft,
        Self::InApproval,
        Self::Approved,
        Self::Consulting,
        Self::ConsultationClosed,
        Self::Decided,
        Self::Implementing,
        Self::Completed,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "DRAFT",
            Self::InApproval => "IN_APPROVAL",
            Self::Approved => "APPROVED",
            Self::Consulting => "CONSULTING",
            Self::ConsultationClosed => "CONSULTATION_CLOSED",
            Self::Decided => "DECIDED",
            Self::Implementing => "IMPLEMENTING",
            Self::Completed => "COMPLETED",
            Self::Withdrawn => "WITHDRAWN",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// How far along the lifecycle it is (a withdrawn proposal is at none of its steps).
    pub fn rank(self) -> i32 {
        match self {
            Self::Withdrawn => -1,
            other => Self::ALL.iter().position(|s| *s == other).unwrap_or(0) as i32,
        }
    }

    /// Words for messages ("in approval").
    pub fn describe(self) -> String {
        self.as_str().to_lowercase().replace('_', " ")
    }
}

/// A lifecycle transition; one mutation each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    SubmitForApproval,
    ReturnToDraft,
    Approve,
    OpenConsultation,
    CloseConsultation,
    RecordDecision,
    StartImplementation,
    Complete,
    Withdraw,
}

impl Transition {
    /// The state reached from `from`, or `None` when the transition does not start there.
    pub fn target(self, from: ProposalStatus) -> Option<ProposalStatus> {
        use ProposalStatus as S;
        match (self, from) {
            (Self::SubmitForApproval, S::Draft) => Some(S::InApproval),
            (Self::ReturnToDraft, S::InApproval | S::Approved) => Some(S::Draft),
            (Self::Approve, S::InApproval) => Some(S::Approved),
            (Self::OpenConsultation, S::Approved) => Some(S::Consulting),
            (Self::CloseConsultation, S::Consulting) => Some(S::ConsultationClosed),
            (Self::RecordDecision, S::ConsultationClosed) => Some(S::Decided),
            (Self::StartImplementation, S::Decided) => Some(S::Implementing),
            (Self::Complete, S::Implementing) => Some(S::Completed),
            // Withdrawal is possible at any point before a decision.
            (
                Self::Withdraw,
                S::Draft | S::InApproval | S::Approved | S::Consulting | S::ConsultationClosed,
            ) => Some(S::Withdrawn),
            _ => None,
        }
    }

    /// The states a transition starts from, for messages.
    fn sources(self) -> Vec<ProposalStatus> {
        ProposalStatus::ALL
            .into_iter()
            .filter(|s| self.target(*s).is_some())
            .collect()
    }

    pub fn audit_name(self) -> &'static str {
        match self {
            Self::SubmitForApproval => "proposal.submitted_for_approval",
            Self::ReturnToDraft => "proposal.returned_to_draft",
            Self::Approve => "proposal.approved",
            Self::OpenConsultation => "proposal.consultation_opened",
            Self::CloseConsultation => "proposal.consultation_closed",
            Self::RecordDecision => "proposal.decided",
            Self::StartImplementation => "proposal.implementation_started",
            Self::Complete => "proposal.completed",
            Self::Withdraw => "proposal.withdrawn",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Self::SubmitForApproval => "submitted for approval",
            Self::ReturnToDraft => "returned to draft",
            Self::Approve => "approved",
            Self::OpenConsultation => "opened for consultation",
            Self::CloseConsultation => "closed for consultation",
            Self::RecordDecision => "decided",
            Self::StartImplementation => "put into implementation",
            Self::Complete => "completed",
            Self::Withdraw => "withdrawn",
        }
    }
}

/// What the gates look at, gathered by the store. Later issues fill the fields marked
/// with their area; until then the store reports them as met.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GateFacts {
    /// Required sections that are empty (human names, e.g. "rationale").
    pub missing_sections: Vec<String>,
    /// The current structure has at least one post.
    pub has_current_structure: bool,
    pub equality_analysis_complete: bool,
    /// The sign-off checklist and its approvals have been set up.
    pub has_checklist: bool,
    /// Approvals still outstanding, by approver ("the Head of Finance").
    pub outstanding_approvals: Vec<String>,
    /// Approvals given on an earlier version that HR has not proceeded without, by approver.
    pub approvals_to_renew: Vec<String>,
    /// The consultation's last day, when it is already past (Europe/London).
    pub consultation_last_day_passed: Option<NaiveDate>,
    /// The day HR records the opening as having happened on (`occurredOn`), if any.
    pub opening_recorded_on: Option<NaiveDate>,
    /// The proposal names no recognised union, or has been shared with them.
    pub unions_briefed: bool,
    /// s188(4) disclosure items missing, where s188 applies, a sentence each
    /// (`s188::missing_disclosure`).
    pub missing_s188_disclosure: Vec<String>,
    /// What stops the timetable complying (no period set; where s188 applies, the engine's
    /// errors), each a sentence saying what to do.
    pub timetable_problems: Vec<String>,
    /// Implementation steps due before the decision that are not done.
    pub steps_before_decision: Vec<String>,
    /// Question log (feedback issue): questions not yet answered.
    pub unanswered_questions: u32,
    /// Feedback issue: the "you said, we did" outcome report exists.
    pub outcome_report_ready: bool,
}

/// The day a proposal counts as proposed once it has `status`: a draft is not yet proposed
/// (s188(1) counts proposals, and s188(3) dates them); leaving draft proposes it today, and
/// later moves keep the day. Returning to draft withdraws it from the count.
pub fn proposed_on(
    status: ProposalStatus,
    before: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    match status {
        ProposalStatus::Draft => None,
        _ => before.or(Some(today)),
    }
}

/// The one place the gates are declared: what must be true before each transition.
pub fn missing_for(transition: Transition, facts: &GateFacts) -> Vec<String> {
    let mut missing = Vec::new();
    match transition {
        Transition::SubmitForApproval => {
            missing.extend(
                facts
                    .missing_sections
                    .iter()
                    .map(|s| format!("Write the {s}.")),
            );
            if !facts.has_current_structure {
                missing.push("Add the current structure's posts.".into());
            }
            // Approvers are asked once it is in approval: without a checklist naming them
            // nobody would be asked, and the refusal would come only at approval.
            if !facts.has_checklist {
                missing.push("Set up the sign-off checklist and its approvals.".into());
            }
        }
        Transition::Approve => {
            if !facts.equality_analysis_complete {
                missing.push("Complete the equality analysis.".into());
            }
            if !facts.has_checklist {
                missing.push("Set up the sign-off checklist and its approvals.".into());
            }
            missing.extend(
                facts
                    .outstanding_approvals
                    .iter()
                    .map(|a| format!("Get the approval of {a}.")),
            );
        }
        Transition::OpenConsultation => {
            if !facts.unions_briefed {
                missing.push("Share the proposal with its recognised unions.".into());
            }
            missing.extend(facts.missing_s188_disclosure.iter().cloned());
            missing.extend(facts.timetable_problems.iter().cloned());
            missing.extend(facts.approvals_to_renew.iter().map(|a| {
                format!("Get the approval of {a} again: it was given on an earlier version.")
            }));
            // A period already over opens only as the record of a consultation that happened
            // within it.
            if let Some(last_day) = facts.consultation_last_day_passed {
                let last = last_day.format("%-d %B %Y");
                match facts.opening_recorded_on {
                    None => missing.push(format!(
                        "The consultation's last day, {last}, has passed: set a new period, or record a consultation that already happened by giving the day it opened (occurredOn)."
                    )),
                    Some(day) if day > last_day => missing.push(format!(
                        "The consultation is recorded as opening on {}, after its last day, {last}: give the day it opened, or set its period.",
                        day.format("%-d %B %Y")
                    )),
                    Some(_) => {}
                }
            }
        }
        Transition::RecordDecision => {
            missing.extend(
                facts
                    .steps_before_decision
                    .iter()
                    .map(|s| format!("Complete the step \"{s}\".")),
            );
            if facts.unanswered_questions > 0 {
                missing.push(format!(
                    "Answer the {} open question(s).",
                    facts.unanswered_questions
                ));
            }
            if !facts.outcome_report_ready {
                missing.push("Write the consultation outcome report.".into());
            }
        }
        Transition::ReturnToDraft
        | Transition::CloseConsultation
        | Transition::StartImplementation
        | Transition::Complete
        | Transition::Withdraw => {}
    }
    missing
}

/// Checks a transition from `from`: the state it reaches, or `PRECONDITION_FAILED` with
/// what is missing.
pub fn check(
    transition: Transition,
    from: ProposalStatus,
    facts: &GateFacts,
) -> Result<ProposalStatus, DomainError> {
    let Some(target) = transition.target(from) else {
        let sources: Vec<_> = transition
            .sources()
            .into_iter()
            .map(ProposalStatus::describe)
            .collect();
        return Err(DomainError::PreconditionFailed {
            message: format!(
                "A proposal that is {} cannot be {}; only one that is {}.",
                from.describe(),
                transition.verb(),
                sources.join(" or ")
            ),
            missing: vec![],
        });
    };
    let missing = missing_for(transition, facts);
    if missing.is_empty() {
        Ok(target)
    } else {
        Err(DomainError::PreconditionFailed {
            message: format!(
                "The proposal cannot be {} yet: {}",
                transition.verb(),
                missing.join(" ")
            ),
            missing,
        })
    }
}

/// An option considered and rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alternative {
    pub id: Uuid,
    pub option: String,
    pub why_rejected: String,
}

/// A risk of the change and how it is mitigated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Risk {
    pub id: Uuid,
    pub risk: String,
    pub mitigation: String,
}

/// Where the establishment is: Northern Ireland has its own consultation periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jurisdiction {
    GreatBritain,
    NorthernIreland,
}

impl Jurisdiction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GreatBritain => "GB",
            Self::NorthernIreland => "NI",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "GB" => Some(Self::GreatBritain),
            "NI" => Some(Self::NorthernIreland),
            _ => None,
        }
    }
}

/// Parses an alternative's parts; `field` is its input path.
pub fn alternative(
    id: Option<Uuid>,
    option: &str,
    why_rejected: &str,
    field: &str,
) -> Result<Alternative, DomainError> {
    Ok(Alternative {
        id: id.unwrap_or_else(Uuid::now_v7),
        option: text::required_line(
            option,
            &format!("{field}.option"),
            "the option",
            text::SHORT_MAX_CHARS * 5,
        )?,
        why_rejected: text::long_text(
            why_rejected,
            &format!("{field}.whyRejected"),
            "why it was rejected",
        )?,
    })
}

/// Parses a risk's parts; `field` is its input path.
pub fn risk(
    id: Option<Uuid>,
    risk: &str,
    mitigation: &str,
    field: &str,
) -> Result<Risk, DomainError> {
    Ok(Risk {
        id: id.unwrap_or_else(Uuid::now_v7),
        risk: text::required_line(
            risk,
            &format!("{field}.risk"),
            "the risk",
            text::SHORT_MAX_CHARS * 5,
        )?,
        mitigation: text::long_text(mitigation, &format!("{field}.mitigation"), "the mitigation")?,
    })
}

/// The id of a list item HR keeps (an option considered, a risk): one of `existing`, the
/// items already in the proposal, or none for a new item. Any other id (another proposal's
/// item, an employee's) is NOT_FOUND at `field`, never taken as the new item's id.
pub fn kept_item(
    id: Option<Uuid>,
    existing: &[Uuid],
    field: &str,
    what: &str,
) -> Result<Option<Uuid>, DomainError> {
    match id {
        Some(id) if !existing.contains(&id) => Err(DomainError::unknown_id(
            field,
            &format!("{what} already in this proposal; omit the id for a new one"),
        )),
        _ => Ok(id),
    }
}

/// Recognised unions: trimmed, non-empty, no duplicates (case-insensitive), bounded.
pub fn recognised_unions(raw: &[String], field: &str) -> Result<Vec<String>, DomainError> {
    text::bounded_list(raw, field, "unions")?;
    let mut unions: Vec<String> = Vec::new();
    for (i, name) in raw.iter().enumerate() {
        let name = text::required_line(name, &format!("{field}[{i}]"), "the union's name", 100)?;
        if unions.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
            return Err(DomainError::bad_input(
                format!("{field}[{i}]"),
                format!("{name} is listed twice."),
            ));
        }
        unions.push(name);
    }
    Ok(unions)
}

/// Required sections before a proposal can be submitted, by (name, is present).
pub fn missing_sections(sections: &[(&str, &str)]) -> Vec<String> {
    sections
        .iter()
        .filter(|(_, value)| value.trim().is_empty())
        .map(|(name, _)| (*name).to_owned())
        .collect()
}

/// Whether a proposal may be shared with its recognised unions.
pub fn check_share_with_unions(
    status: ProposalStatus,
    recognised_unions: &[String],
) -> Result<(), DomainError> {
    if recognised_unions.is_empty() {
        return Err(DomainError::PreconditionFailed {
            message: "The proposal names no recognised union to share it with.".into(),
            missing: vec!["Add the recognised unions.".into()],
        });
    }
    if status == ProposalStatus::Withdrawn {
        return Err(DomainError::PreconditionFailed {
            message: "A withdrawn proposal cannot be shared.".into(),
            missing: vec![],
        });
    }
    Ok(())
}

/// Checks the day HR says an act happened on, when recording it after the fact: never in
/// the future (Europe/London); `field` is its input path.
pub fn check_occurred_on(
    occurred_on: Option<NaiveDate>,
    today: NaiveDate,
    field: &str,
) -> Result<Option<NaiveDate>, DomainError> {
    match occurred_on {
        Some(day) if day > today => Err(DomainError::bad_input(
            field,
            format!(
                "{} is in the future: only something that already happened can be recorded.",
                day.format("%-d %B %Y")
            ),
        )),
        other => Ok(other),
    }
}

/// Whether an opening recorded as on `occurred_on` is one after the fact: a day before
/// `today` (recording today's opening is an opening as it happens).
pub fn opened_after_the_fact(occurred_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    occurred_on.is_some_and(|day| day < today)
}

/// The instant recorded for an act back-dated to `day`: the start of that day in London.
pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    chrono_tz::Europe::London
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

/// The HR contact named on a proposal (who staff are told to talk to) is an enabled HR
/// account.
pub fn check_hr_contact(
    role: Option<super::account::Role>,
    disabled: bool,
) -> Result<(), DomainError> {
    if role != Some(super::account::Role::HrAdmin) {
        return Err(DomainError::bad_input(
            "input.userId",
            "The HR contact must be an HR administrator's account.",
        ));
    }
    if disabled {
        return Err(DomainError::bad_input(
            "input.userId",
            "That account is disabled: choose someone who can be contacted.",
        ));
    }
    Ok(())
}

/// Back-dating applies to a transition only when it is opening consultation.
pub fn check_backdatable(
    transition: Transition,
    occurred_on: Option<NaiveDate>,
) -> Result<(), DomainError> {
    if occurred_on.is_some() && transition != Transition::OpenConsultation {
        return Err(DomainError::bad_input(
            "input.occurredOn",
            "Only sharing with the unions and opening consultation can be recorded as having happened earlier.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProposalStatus as S;

    fn all_met() -> GateFacts {
        GateFacts {
            missing_sections: vec![],
            has_current_structure: true,
            equality_analysis_complete: true,
            has_checklist: true,
            outstanding_approvals: vec![],
            approvals_to_renew: vec![],
            consultation_last_day_passed: None,
            opening_recorded_on: None,
            unions_briefed: true,
            missing_s188_disclosure: vec![],
            timetable_problems: vec![],
            steps_before_decision: vec![],
            unanswered_questions: 0,
            outcome_report_ready: true,
        }
    }

    #[test]
    fn the_happy_path_follows_design_md() {
        let path = [
            (Transition::SubmitForApproval, S::Draft, S::InApproval),
            (Transition::Approve, S::InApproval, S::Approved),
            (Transition::OpenConsultation, S::Approved, S::Consulting),
            (
                Transition::CloseConsultation,
                S::Consulting,
                S::ConsultationClosed,
            ),
            (
                Transition::RecordDecision,
                S::ConsultationClosed,
                S::Decided,
            ),
            (Transition::StartImplementation, S::Decided, S::Implementing),
            (Transition::Complete, S::Implementing, S::Completed),
        ];
        for (transition, from, to) in path {
            assert_eq!(check(transition, from, &all_met()).unwrap(), to);
        }
    }

    #[test]
    fn withdrawal_is_possible_only_before_a_decision() {
        for status in ProposalStatus::ALL {
            let allowed = check(Transition::Withdraw, status, &all_met()).is_ok();
            let before_decision = matches!(
                status,
                S::Draft | S::InApproval | S::Approved | S::Consulting | S::ConsultationClosed
            );
            assert_eq!(allowed, before_decision, "{status:?}");
        }
    }

    #[test]
    fn a_transition_from_the_wrong_state_says_where_it_starts() {
        let err = check(Transition::Approve, S::Draft, &all_met()).unwrap_err();
        assert_eq!(err.code(), "PRECONDITION_FAILED");
        assert!(
            err.message().contains("only one that is in approval"),
            "{}",
            err.message()
        );
    }

    /// s188(1)/(3): a draft is not proposed; leaving draft dates the proposal, and the date
    /// holds until it returns to draft.
    #[test]
    fn a_proposal_is_proposed_when_it_leaves_draft() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
        assert_eq!(proposed_on(S::Draft, None, day(5)), None);
        assert_eq!(proposed_on(S::InApproval, None, day(5)), Some(day(5)));
        assert_eq!(
            proposed_on(S::Consulting, Some(day(5)), day(9)),
            Some(day(5))
        );
        assert_eq!(proposed_on(S::Draft, Some(day(5)), day(9)), None);
    }

    #[test]
    fn each_gate_lists_what_is_missing() {
        let facts = GateFacts {
            missing_sections: vec!["rationale".into()],
            has_current_structure: false,
            equality_analysis_complete: false,
            has_checklist: false,
            outstanding_approvals: vec!["the Head of Finance".into()],
            approvals_to_renew: vec![],
            consultation_last_day_passed: None,
            opening_recorded_on: None,
            unions_briefed: false,
            missing_s188_disclosure: vec!["Disclose the selection method (s188(4)(d)).".into()],
            timetable_problems: vec!["Set the consultation period.".into()],
            steps_before_decision: vec!["Final collation of feedback".into()],
            unanswered_questions: 2,
            outcome_report_ready: false,
        };
        let cases = [
            (
                Transition::SubmitForApproval,
                S::Draft,
                vec![
                    "Write the rationale.",
                    "Add the current structure's posts.",
                    "Set up the sign-off checklist and its approvals.",
                ],
            ),
            (
                Transition::Approve,
                S::InApproval,
                vec![
                    "Complete the equality analysis.",
                    "Set up the sign-off checklist and its approvals.",
                    "Get the approval of the Head of Finance.",
                ],
            ),
            (
                Transition::OpenConsultation,
                S::Approved,
                vec![
                    "Share the proposal with its recognised unions.",
                    "Disclose the selection method (s188(4)(d)).",
                    "Set the consultation period.",
                ],
            ),
            (
                Transition::RecordDecision,
                S::ConsultationClosed,
                vec![
                    "Complete the step \"Final collation of feedback\".",
                    "Answer the 2 open question(s).",
                    "Write the consultation outcome report.",
                ],
            ),
        ];
        for (transition, from, expected) in cases {
            match check(transition, from, &facts).unwrap_err() {
                DomainError::PreconditionFailed { missing, .. } => {
                    assert_eq!(missing, expected, "{transition:?}")
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn unions_are_unique_and_trimmed() {
        assert_eq!(
            recognised_unions(&[" UNISON ".into(), "GMB".into()], "u").unwrap(),
            vec!["UNISON", "GMB"]
        );
        assert!(recognised_unions(&["UNISON".into(), "unison".into()], "u").is_err());
        assert!(recognised_unions(&[" ".into()], "u").is_err());
    }
}

#[cfg(test)]
mod kept_item_tests {
    use super::*;

    #[test]
    fn a_kept_item_is_one_already_there_and_a_new_one_has_no_id() {
        let risk = Uuid::now_v7();
        assert_eq!(kept_item(None, &[risk], "f", "a risk"), Ok(None));
        assert_eq!(
            kept_item(Some(risk), &[risk], "f", "a risk"),
            Ok(Some(risk))
        );
        let err =
            kept_item(Some(Uuid::now_v7()), &[risk], "input.risks[0].id", "a risk").unwrap_err();
        assert!(
            matches!(&err, DomainError::UnknownId { field, .. } if field == "input.risks[0].id"),
            "{err:?}"
        );
    }
}

#[cfg(test)]
mod share_tests {
    use super::*;

    #[test]
    fn a_proposal_is_shared_only_with_recognised_unions_and_never_once_withdrawn() {
        let unions = ["UNISON".to_owned()];
        assert_eq!(
            check_share_with_unions(ProposalStatus::Draft, &unions),
            Ok(())
        );
        assert_eq!(
            check_share_with_unions(ProposalStatus::Consulting, &unions),
            Ok(())
        );
        let none = check_share_with_unions(ProposalStatus::Draft, &[]).unwrap_err();
        assert!(
            matches!(none, DomainError::PreconditionFailed { ref missing, .. } if missing == &["Add the recognised unions."])
        );
        assert!(matches!(
            check_share_with_unions(ProposalStatus::Withdrawn, &unions),
            Err(DomainError::PreconditionFailed { .. })
        ));
    }
}

#[cfg(test)]
mod reapproval_and_backdating_tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn missing_to_open(facts: &GateFacts) -> Vec<String> {
        missing_for(Transition::OpenConsultation, facts)
    }

    #[test]
    fn consultation_opens_only_once_approvals_given_on_an_earlier_version_are_renewed() {
        let facts = GateFacts {
            unions_briefed: true,
            approvals_to_renew: vec!["the Head of Finance".into()],
            ..GateFacts::default()
        };
        assert_eq!(
            missing_to_open(&facts),
            vec![
                "Get the approval of the Head of Finance again: it was given on an earlier version."
            ]
        );
    }

    #[test]
    fn a_consultation_whose_last_day_has_passed_does_not_open_as_if_current() {
        // s188(1A): consultation must begin in good time; a period already over cannot be
        // the consultation staff are invited to join.
        let facts = GateFacts {
            unions_briefed: true,
            consultation_last_day_passed: Some(day(2021, 3, 7)),
            ..GateFacts::default()
        };
        let missing = missing_to_open(&facts);
        assert_eq!(missing.len(), 1);
        assert!(missing[0].contains("7 March 2021"), "{missing:?}");
        assert!(missing[0].contains("occurredOn"), "{missing:?}");
        // Recorded as having opened within the period: the record of what happened.
        let recorded = GateFacts {
            opening_recorded_on: Some(day(2021, 2, 5)),
            ..facts.clone()
        };
        assert_eq!(missing_to_open(&recorded), Vec::<String>::new());
        // Recorded as opening after its last day: not a consultation at all.
        let too_late = GateFacts {
            opening_recorded_on: Some(day(2021, 3, 8)),
            ..facts
        };
        let missing = missing_to_open(&too_late);
        assert!(
            missing.len() == 1 && missing[0].contains("after its last day"),
            "{missing:?}"
        );
    }

    #[test]
    fn a_back_dated_act_is_never_in_the_future() {
        let today = day(2026, 12, 6);
        assert_eq!(check_occurred_on(None, today, "f"), Ok(None));
        assert_eq!(check_occurred_on(Some(today), today, "f"), Ok(Some(today)));
        assert_eq!(
            check_occurred_on(Some(day(2021, 2, 5)), today, "f"),
            Ok(Some(day(2021, 2, 5)))
        );
        assert!(matches!(
            check_occurred_on(Some(day(2026, 12, 7)), today, "input.occurredOn"),
            Err(DomainError::BadInput { ref field, .. }) if field == "input.occurredOn"
        ));
    }

    #[test]
    fn an_opening_is_after_the_fact_only_when_recorded_on_an_earlier_day() {
        let today = day(2026, 12, 6);
        assert!(opened_after_the_fact(Some(day(2021, 2, 5)), today));
        assert!(!opened_after_the_fact(Some(today), today));
        assert!(!opened_after_the_fact(None, today));
    }

    #[test]
    fn only_opening_consultation_among_the_transitions_can_be_back_dated() {
        let on = Some(day(2021, 2, 5));
        assert_eq!(check_backdatable(Transition::OpenConsultation, on), Ok(()));
        assert!(check_backdatable(Transition::Approve, on).is_err());
        assert_eq!(check_backdatable(Transition::Approve, None), Ok(()));
    }

    #[test]
    fn a_back_dated_day_starts_at_midnight_in_london() {
        // BST in June: midnight in London is 23:00 UTC the day before.
        assert_eq!(
            start_of_day(day(2021, 6, 1)),
            Utc.with_ymd_and_hms(2021, 5, 31, 23, 0, 0).unwrap()
        );
        assert_eq!(
            start_of_day(day(2021, 2, 5)),
            Utc.with_ymd_and_hms(2021, 2, 5, 0, 0, 0).unwrap()
        );
    }
}
