//! Sign-off: the progress checklist a proposal works through and the approvals it needs.
//! The default template is the Bury pack's 11-step progress checklist and its sign-off list
//! (docs/reference/bury-sen-consultation-pack-2021.txt, "SENIOR MANAGEMENT AND MEMBER
//! SIGN-OFF" and "Progress checklist").

use super::{DomainError, account::Role, text};
use chrono::{Days, NaiveDate};
use uuid::Uuid;

/// The date a step's planned date is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The first day of formal consultation.
    ConsultationStart,
    /// The last day of formal consultation.
    ConsultationEnd,
}

impl Anchor {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConsultationStart => "CONSULTATION_START",
            Self::ConsultationEnd => "CONSULTATION_END",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::ConsultationStart, Self::ConsultationEnd]
            .into_iter()
            .find(|a| a.as_str() == value)
    }
}

/// Who completes a step: anyone with a role (the sponsor, for a manager's step of their
/// own proposal), or a named person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignee {
    Role(Role),
    User(Uuid),
}

/// A step of a checklist template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepTemplate {
    pub title: String,
    pub description: String,
    /// Days from the anchor (negative: before it); `None` for steps without a date.
    pub offset: Option<(Anchor, i64)>,
    pub assignee: Assignee,
}

/// An approval a template asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalTemplate {
    pub approver_title: String,
    /// The person who decides, when the template names one.
    pub approver_id: Option<Uuid>,
}

/// A checklist template: its steps and the approvals it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistTemplate {
    pub name: String,
    pub steps: Vec<StepTemplate>,
    /// In the order they sign.
    pub approvals: Vec<ApprovalTemplate>,
}

impl ChecklistTemplate {
    /// Checks a template written by HR; `prefix` is its input path.
    pub fn check(self, prefix: &str) -> Result<Self, DomainError> {
        let name = text::required_line(
            &self.name,
            &format!("{prefix}.name"),
            "the template's name",
            text::SHORT_MAX_CHARS,
        )?;
        text::bounded_list(&self.steps, &format!("{prefix}.steps"), "steps")?;
        text::bounded_list(&self.approvals, &format!("{prefix}.approvals"), "approvals")?;
        if self.steps.is_empty() && self.approvals.is_empty() {
            return Err(DomainError::bad_input(
                format!("{prefix}.steps"),
                "A checklist needs at least one step or approval.",
            ));
        }
        let steps = self
            .steps
            .into_iter()
            .enumerate()
            .map(|(i, step)| {
                let at = format!("{prefix}.steps[{i}]");
                if let Some((_, offset)) = step.offset
                    && offset.abs() > 730
                {
                    return Err(DomainError::bad_input(
                        format!("{at}.offsetDays"),
                        "A step can be at most two years from its anchor date.",
                    ));
                }
                Ok(StepTemplate {
                    title: text::required_line(
                        &step.title,
                        &format!("{at}.title"),
                        "the step's title",
                        text::SHORT_MAX_CHARS,
                    )?,
                    description: text::long_text(
                        &step.description,
                        &format!("{at}.description"),
                        "the description",
                    )?,
                    ..step
                })
            })
            .collect::<Result<_, _>>()?;
        let approvals = self
            .approvals
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                Ok(ApprovalTemplate {
                    approver_title: text::required_line(
                        &a.approver_title,
                        &format!("{prefix}.approvals[{i}].approverTitle"),
                        "the approver's title",
                        text::SHORT_MAX_CHARS,
                    )?,
                    ..a
                })
            })
            .collect::<Result<_, DomainError>>()?;
        Ok(Self {
            name,
            steps,
            approvals,
        })
    }
}

/// The Bury pack's progress checklist, with its dates as offsets from the consultation
/// period (5 Feb – 7 Mar 2021 in the pack).
pub fn bury_default() -> ChecklistTemplate {
    use Anchor::*;
    let step = |title: &str, description: &str, offset, role| StepTemplate {
        title: title.to_owned(),
        description: description.to_owned(),
        offset,
        assignee: Assignee::Role(role),
    };
    ChecklistTemplate {
        name: "Bury progress checklist".to_owned(),
        steps: vec![
            step(
                "Step 1 – Developing the proposal",
                "Including informal information sharing with the Trade Unions.",
                None,
                Role::HrAdmin,
            ),
            step(
                "Step 2 – Senior Management sign off",
                "Sign-off by the Director, Head of Finance and Head of HR.",
                Some((ConsultationStart, -49)),
                Role::Manager,
            ),
            step(
                "Step 3 – Briefing Trade Unions",
                "Brief the recognised unions on the proposal before formal consultation.",
                Some((ConsultationStart, -64)),
                Role::HrAdmin,
            ),
            step(
                "Step 4 – Formal Consultation instigated",
                "Issue the consultation pack and the s188 disclosure.",
                Some((ConsultationStart, -1)),
                Role::HrAdmin,
            ),
            step(
                "Step 5 – Formal Consultation period",
                "Hold the briefings and meetings; log and answer questions.",
                Some((ConsultationStart, 0)),
                Role::Manager,
            ),
            step(
                "Step 6 – Finalising the proposal",
                "Collate feedback and develop the final proposal.",
                Some((ConsultationEnd, 3)),
                Role::Manager,
            ),
            step(
                "Step 7 – Confirmation of proposal including delegated power",
                "Confirm the final proposal and feedback.",
                Some((ConsultationEnd, 5)),
                Role::Manager,
            ),
            step(
                "Step 8 – Selection of employees",
                "Selection where required (ring fences, slot-ins).",
                Some((ConsultationEnd, 19)),
                Role::HrAdmin,
            ),
            step(
                "Step 9 – Implementation of proposal",
                "Put the new structure into effect.",
                Some((ConsultationEnd, 26)),
                Role::Manager,
            ),
            step(
                "Step 10 – Variation to contracts",
                "Issue variation of contract letters.",
                Some((ConsultationEnd, 26)),
                Role::HrAdmin,
            ),
            step(
                "Step 11 – Implementation of dismissals",
                "Subject to notice periods.",
                None,
                Role::HrAdmin,
            ),
        ],
        approvals: [
            "Director or Chief/Senior Officer",
            "Head of Finance",
            "Head of Human Resources",
            "Members consulted",
            "Executive Member/Chair",
            "HR and Appeals",
        ]
        .into_iter()
        .map(|title| ApprovalTemplate {
            approver_title: title.to_owned(),
            approver_id: None,
        })
        .collect(),
    }
}

/// A step's planned date from the consultation period, when it has one.
pub fn planned_date(
    step: &StepTemplate,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let (anchor, offset) = step.offset?;
    let base = match anchor {
        Anchor::ConsultationStart => start?,
        Anchor::ConsultationEnd => end?,
    };
    if offset >= 0 {
        base.checked_add_days(Days::new(offset as u64))
    } else {
        base.checked_sub_days(Days::new(offset.unsigned_abs()))
    }
}

/// An approver's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    ApproveWithConditions,
    Reject,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Self::Approve, Self::ApproveWithConditions, Self::Reject];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "APPROVE",
            Self::ApproveWithConditions => "APPROVE_WITH_CONDITIONS",
            Self::Reject => "REJECT",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == value)
    }

    /// Whether this decision counts towards approval.
    pub fn approves(self) -> bool {
        self != Self::Reject
    }
}

/// Checks a decision's comment: a rejection or conditions must say why.
pub fn decision_comment(
    decision: Decision,
    comment: Option<&str>,
) -> Result<Option<String>, DomainError> {
    let comment = match comment {
        Some(c) => {
            Some(text::long_text(c, "input.comment", "the comment")?).filter(|c| !c.is_empty())
        }
        None => None,
    };
    if decision != Decision::Approve && comment.is_none() {
        return Err(DomainError::bad_input(
            "input.comment",
            match decision {
                Decision::Reject => {
                    "Say why the proposal is rejected; the comment goes back to HR with it."
                }
                _ => "Write the conditions of the approval.",
            },
        ));
    }
    Ok(comment)
}

/// The approvers who have not approved yet, for the `IN_APPROVAL → APPROVED` gate.
pub fn outstanding<'a>(
    approvals: impl IntoIterator<Item = (&'a str, Option<Decision>)>,
) -> Vec<String> {
    approvals
        .into_iter()
        .filter(|(_, decision)| !decision.is_some_and(Decision::approves))
        .map(|(title, _)| format!("the {title}"))
        .collect()
}

/// A kind of change that alters what an approver approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubstantiveChange {
    /// The proposal's text: background, rationale, proposal, benefits, alternatives,
    /// risks, equality analysis.
    Sections,
    /// The posts, current or proposed.
    Posts,
    /// The people named and what the proposal means for them.
    Impacts,
    /// The s188(4) disclosure items written on the proposal (reasons, selection, dismissal
    /// and pay methods, agency workers).
    DisclosureItems,
}

impl SubstantiveChange {
    /// Words for people, as the approval lists them.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Sections => "sections",
            Self::Posts => "posts",
            Self::Impacts => "impacts",
            Self::DisclosureItems => "disclosure items",
        }
    }
}

/// Where a proposal's substantive content is: one counter per kind of change, moved by the
/// database on every change of that kind (migration 000017).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentVersions {
    pub sections: i64,
    pub posts: i64,
    pub impacts: i64,
    pub disclosure: i64,
}

impl ContentVersions {
    /// What changed from `self` to `current`.
    pub fn changes_to(&self, current: &ContentVersions) -> Vec<SubstantiveChange> {
        [
            (self.sections, current.sections, SubstantiveChange::Sections),
            (self.posts, current.posts, SubstantiveChange::Posts),
            (self.impacts, current.impacts, SubstantiveChange::Impacts),
            (
                self.disclosure,
                current.disclosure,
                SubstantiveChange::DisclosureItems,
            ),
        ]
        .into_iter()
        .filter(|(then, now, _)| then != now)
        .map(|(_, _, kind)| kind)
        .collect()
    }
}

/// An approval as staleness needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApprovalState {
    pub decision: Option<Decision>,
    /// The content it was decided on (absent: undecided, or decided before it was kept).
    pub decided_on: Option<ContentVersions>,
    /// The content HR recorded a reason to proceed on without a re-approval.
    pub proceed_on: Option<ContentVersions>,
}

impl ApprovalState {
    /// What changed since the approval was given; empty for a rejection or no decision.
    pub fn changed_since(&self, current: &ContentVersions) -> Vec<SubstantiveChange> {
        match (self.decision, self.decided_on) {
            (Some(d), Some(on)) if d.approves() => on.changes_to(current),
            _ => vec![],
        }
    }

    /// The approval was given on an earlier version of the proposal.
    pub fn given_on_earlier_version(&self, current: &ContentVersions) -> bool {
        !self.changed_since(current).is_empty()
    }

    /// Opening consultation needs it again: given on an earlier version, and HR has not
    /// recorded a reason to proceed on this one.
    pub fn needs_reapproval(&self, current: &ContentVersions) -> bool {
        self.given_on_earlier_version(current) && self.proceed_on != Some(*current)
    }
}

/// Whether HR may proceed without re-approval: only an approved proposal, only when an
/// approval needs renewing, and with a reason (kept with the approvals and audited).
pub fn check_proceed_without_reapproval(
    status: super::proposal::ProposalStatus,
    needing_reapproval: usize,
    reason: &str,
) -> Result<String, DomainError> {
    let reason = text::long_text(reason, "input.reason", "the reason")?;
    if reason.is_empty() {
        return Err(DomainError::bad_input(
            "input.reason",
            "Say why consultation can open without the approvals being given again.",
        ));
    }
    if status != super::proposal::ProposalStatus::Approved {
        return Err(DomainError::PreconditionFailed {
            message: format!(
                "The proposal is {}; a reason to proceed without re-approval is recorded on an approved proposal before consultation opens.",
                status.describe()
            ),
            missing: vec![],
        });
    }
    if needing_reapproval == 0 {
        return Err(DomainError::PreconditionFailed {
            message:
                "No approval was given on an earlier version: there is nothing to proceed without."
                    .into(),
            missing: vec![],
        });
    }
    Ok(reason)
}

/// Who may record a step as done on an earlier day: HR, recording what already happened;
/// an assignee completes a step as they do it.
pub fn check_completion_backdating(
    role: Role,
    occurred_on: Option<NaiveDate>,
) -> Result<(), DomainError> {
    if occurred_on.is_some() && role != Role::HrAdmin {
        return Err(DomainError::Forbidden(
            "Only HR records a step as done on an earlier day.".into(),
        ));
    }
    Ok(())
}

/// Whether a step is work for after the consultation closes: planned after its last day (the
/// Bury pack's steps 6 onwards, from finalising the proposal to implementation, are planned
/// from the consultation's end). Finalising a proposal before consultation has closed would
/// mean it was decided before the consultees were heard (TULRCA s188(2), consultation "with a
/// view to reaching agreement"; *R v British Coal, ex p Price* [1994] IRLR 72: consultation
/// happens while proposals are still at a formative stage).
pub fn is_after_close(planned: Option<NaiveDate>, consultation_end: Option<NaiveDate>) -> bool {
    matches!((planned, consultation_end), (Some(p), Some(end)) if p > end)
}

/// Whether the consultation has closed for a proposal that is `status`.
pub fn consultation_closed(status: super::proposal::ProposalStatus) -> bool {
    use super::proposal::ProposalStatus as S;
    matches!(
        status,
        S::ConsultationClosed | S::Decided | S::Implementing | S::Completed
    )
}

/// Checks completing a step: a step that is work for after the consultation closes
/// (`is_after_close`) may be completed while it is open only with a reason, which is kept
/// with the step and in the audit log. Returns the reason to keep (`None` when none is
/// needed: a reason given then is the completion note's business, not this one).
pub fn check_step_completion(
    title: &str,
    planned: Option<NaiveDate>,
    consultation_end: Option<NaiveDate>,
    status: super::proposal::ProposalStatus,
    reason: Option<&str>,
) -> Result<Option<String>, DomainError> {
    if !is_after_close(planned, consultation_end) || consultation_closed(status) {
        return Ok(None);
    }
    let reason = match reason {
        Some(r) => text::long_text(r, "input.reason", "the reason")?,
        None => String::new(),
    };
    if reason.trim().is_empty() {
        let planned = planned.map_or_else(String::new, |p| p.format("%-d %B %Y").to_string());
        return Err(DomainError::PreconditionFailed {
            message: format!(
                "\"{title}\" is planned for {planned}, after the consultation closes, and the consultation has not closed yet. To complete it now, say why (reason); the reason is kept with the step and in the audit log."
            ),
            missing: vec![
                "Give the reason for completing the step before the consultation closes.".into(),
            ],
        });
    }
    Ok(Some(reason.trim().to_owned()))
}

/// Whether a step or approval is overdue on `today`.
pub fn overdue(planned: Option<NaiveDate>, done: bool, today: NaiveDate) -> bool {
    !done && planned.is_some_and(|p| p < today)
}

/// A proposal's checklist and approvers can change only until it is approved.
pub fn check_checklist_editable(
    status: super::proposal::ProposalStatus,
) -> Result<(), DomainError> {
    use super::proposal::ProposalStatus;
    if matches!(status, ProposalStatus::Draft | ProposalStatus::InApproval) {
        Ok(())
    } else {
        Err(DomainError::PreconditionFailed {
            message: format!(
                "The proposal is {}: its checklist can change only until it is approved.",
                status.describe()
            ),
            missing: vec![],
        })
    }
}

/// Whether `viewer` may record `decision` on an approval whose named approver is `approver`
/// while the proposal is `status`, and what it does to the proposal: a rejection returns it
/// to draft (the transition to record), an approval changes nothing until every approval is
/// given and HR moves it on. An approval that `needs_reapproval` (given on an earlier
/// version) may be decided again while the proposal is approved.
pub fn decide_approval(
    approver: Option<Uuid>,
    viewer: &super::access::Viewer,
    status: super::proposal::ProposalStatus,
    decision: Decision,
    needs_reapproval: bool,
) -> Result<Option<super::proposal::Transition>, DomainError> {
    use super::proposal::{ProposalStatus, Transition};
    let allowed =
        approver == Some(viewer.user_id) || (approver.is_none() && viewer.role == Role::HrAdmin);
    if !allowed {
        return Err(DomainError::Forbidden(
            "Only the named approver can decide this approval (HR records it when nobody is named)."
                .into(),
        ));
    }
    let renewing = status == ProposalStatus::Approved && needs_reapproval;
    if status != ProposalStatus::InApproval && !renewing {
        return Err(DomainError::PreconditionFailed {
            message: format!(
                "The proposal is {}; approvals are given while it is in approval.",
                status.describe()
            ),
            missing: vec!["Submit the proposal for approval.".into()],
        });
    }
    Ok((decision == Decision::Reject).then_some(Transition::ReturnToDraft))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_after_the_consultation_closes_needs_a_reason_while_it_is_open() {
        use crate::domain::proposal::ProposalStatus as S;
        let day = |d| NaiveDate::from_ymd_opt(2021, 3, d);
        let end = day(7);
        let err = check_step_completion("Step 6", day(10), end, S::Consulting, None).unwrap_err();
        assert_eq!(err.code(), "PRECONDITION_FAILED");
        assert!(err.message().contains("10 March 2021"), "{}", err.message());
        assert!(check_step_completion("Step 6", day(10), end, S::Consulting, Some("  ")).is_err());
        assert_eq!(
            check_step_completion("Step 6", day(10), end, S::Consulting, Some("Agreed early "))
                .unwrap(),
            Some("Agreed early".into())
        );
        // Closed, or a step planned within the period: no reason needed.
        assert_eq!(
            check_step_completion("Step 6", day(10), end, S::ConsultationClosed, None).unwrap(),
            None
        );
        assert_eq!(
            check_step_completion("Step 5", day(5), end, S::Consulting, None).unwrap(),
            None
        );
        assert_eq!(
            check_step_completion("Step 1", None, end, S::Draft, None).unwrap(),
            None
        );
    }

    fn viewer(role: Role) -> crate::domain::access::Viewer {
        crate::domain::access::Viewer {
            user_id: Uuid::now_v7(),
            role,
            email: "someone@bury.gov.uk".into(),
            union: None,
        }
    }

    #[test]
    fn only_the_named_approver_decides_and_hr_only_when_nobody_is_named() {
        use crate::domain::proposal::{ProposalStatus::InApproval, Transition};
        let (named, hr) = (viewer(Role::Manager), viewer(Role::HrAdmin));
        let decide =
            |approver, who, decision| decide_approval(approver, who, InApproval, decision, false);
        assert_eq!(
            decide(Some(named.user_id), &named, Decision::Approve),
            Ok(None)
        );
        assert_eq!(
            decide(Some(named.user_id), &named, Decision::Reject),
            Ok(Some(Transition::ReturnToDraft)),
            "a rejection sends the proposal back to draft"
        );
        assert!(matches!(
            decide(Some(named.user_id), &hr, Decision::Approve),
            Err(DomainError::Forbidden(_))
        ));
        assert_eq!(decide(None, &hr, Decision::ApproveWithConditions), Ok(None));
        assert!(matches!(
            decide(None, &named, Decision::Approve),
            Err(DomainError::Forbidden(_))
        ));
    }

    #[test]
    fn approvals_are_given_only_while_the_proposal_is_in_approval() {
        use crate::domain::proposal::ProposalStatus;
        let hr = viewer(Role::HrAdmin);
        for status in [
            ProposalStatus::Draft,
            ProposalStatus::Approved,
            ProposalStatus::Consulting,
        ] {
            assert!(matches!(
                decide_approval(None, &hr, status, Decision::Approve, false),
                Err(DomainError::PreconditionFailed { .. })
            ));
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_bury_template_has_eleven_steps_and_six_approvals() {
        let template = bury_default();
        assert_eq!(template.steps.len(), 11);
        assert_eq!(template.approvals.len(), 6);
        assert!(template.steps[0].title.starts_with("Step 1"));
        assert!(template.steps[10].title.starts_with("Step 11"));
    }

    #[test]
    fn planned_dates_reproduce_the_packs_dates() {
        let template = bury_default();
        let (start, end) = (Some(date(2021, 2, 5)), Some(date(2021, 3, 7)));
        let planned: Vec<_> = template
            .steps
            .iter()
            .map(|s| planned_date(s, start, end))
            .collect();
        assert_eq!(
            planned[1],
            Some(date(2020, 12, 18)),
            "Step 2: by 18th December 2020"
        );
        assert_eq!(
            planned[2],
            Some(date(2020, 12, 3)),
            "Step 3: by 3rd December 2020"
        );
        assert_eq!(
            planned[3],
            Some(date(2021, 2, 4)),
            "Step 4: 4th February 2021"
        );
        assert_eq!(
            planned[5],
            Some(date(2021, 3, 10)),
            "Step 6: 10th March 2021"
        );
        assert_eq!(
            planned[6],
            Some(date(2021, 3, 12)),
            "Step 7: 12th March 2021"
        );
        assert_eq!(
            planned[7],
            Some(date(2021, 3, 26)),
            "Step 8: by 26th March 2021"
        );
        assert_eq!(planned[8], Some(date(2021, 4, 2)), "Step 9: 2nd April 2021");
        assert_eq!(planned[10], None, "Step 11: subject to notice periods");
    }

    #[test]
    fn a_template_written_by_hr_is_checked() {
        let mut template = bury_default();
        assert!(template.clone().check("input").is_ok());
        template.steps[0].title = " ".into();
        let err = template.clone().check("input").unwrap_err();
        assert!(
            matches!(err, DomainError::BadInput { ref field, .. } if field == "input.steps[0].title")
        );
        template.steps[0].title = "Fine".into();
        template.steps[1].offset = Some((Anchor::ConsultationStart, -1000));
        assert!(template.check("input").is_err());
        let empty = ChecklistTemplate {
            name: "Empty".into(),
            steps: vec![],
            approvals: vec![],
        };
        assert!(empty.check("input").is_err());
    }

    #[test]
    fn only_approvals_count_and_rejections_need_a_reason() {
        let outstanding = outstanding([
            ("Head of Finance", Some(Decision::Approve)),
            ("Head of HR", None),
            ("JET", Some(Decision::Reject)),
            ("Members", Some(Decision::ApproveWithConditions)),
        ]);
        assert_eq!(outstanding, vec!["the Head of HR", "the JET"]);
        assert!(decision_comment(Decision::Reject, None).is_err());
        assert!(decision_comment(Decision::ApproveWithConditions, Some("  ")).is_err());
        assert_eq!(decision_comment(Decision::Approve, None).unwrap(), None);
    }

    #[test]
    fn overdue_means_planned_before_today_and_not_done() {
        assert!(overdue(Some(date(2021, 3, 1)), false, date(2021, 3, 2)));
        assert!(!overdue(Some(date(2021, 3, 1)), true, date(2021, 3, 2)));
        assert!(!overdue(Some(date(2021, 3, 2)), false, date(2021, 3, 2)));
        assert!(!overdue(None, false, date(2021, 3, 2)));
    }
}

#[cfg(test)]
mod checklist_gate_tests {
    use super::*;
    use crate::domain::proposal::ProposalStatus;

    #[test]
    fn the_checklist_changes_only_until_the_proposal_is_approved() {
        for status in [ProposalStatus::Draft, ProposalStatus::InApproval] {
            assert_eq!(check_checklist_editable(status), Ok(()));
        }
        for status in [
            ProposalStatus::Approved,
            ProposalStatus::Consulting,
            ProposalStatus::Decided,
        ] {
            assert!(matches!(
                check_checklist_editable(status),
                Err(DomainError::PreconditionFailed { .. })
            ));
        }
    }
}

#[cfg(test)]
mod reapproval_tests {
    use super::*;
    use crate::domain::proposal::ProposalStatus;

    fn at(sections: i64, posts: i64, impacts: i64, disclosure: i64) -> ContentVersions {
        ContentVersions {
            sections,
            posts,
            impacts,
            disclosure,
        }
    }

    fn approved_on(on: ContentVersions) -> ApprovalState {
        ApprovalState {
            decision: Some(Decision::Approve),
            decided_on: Some(on),
            proceed_on: None,
        }
    }

    #[test]
    fn an_approval_given_before_a_substantive_change_was_given_on_an_earlier_version() {
        // Sign-off is of the proposal as it stood; a changed proposal put to the workforce
        // (s188(4) disclosure, s188(2) consultation) is a different proposal.
        let approval = approved_on(at(1, 1, 1, 1));
        assert!(!approval.given_on_earlier_version(&at(1, 1, 1, 1)));
        assert_eq!(
            approval.changed_since(&at(2, 1, 3, 1)),
            vec![SubstantiveChange::Sections, SubstantiveChange::Impacts]
        );
        assert_eq!(
            approval.changed_since(&at(1, 2, 1, 2)),
            vec![SubstantiveChange::Posts, SubstantiveChange::DisclosureItems]
        );
        assert!(approval.needs_reapproval(&at(1, 2, 1, 1)));
    }

    #[test]
    fn rejections_undecided_and_unversioned_approvals_are_never_stale() {
        let current = at(5, 5, 5, 5);
        for state in [
            ApprovalState {
                decision: Some(Decision::Reject),
                decided_on: Some(at(1, 1, 1, 1)),
                proceed_on: None,
            },
            ApprovalState {
                decision: None,
                decided_on: None,
                proceed_on: None,
            },
            // Decided before the versions were kept: nothing to compare with.
            ApprovalState {
                decision: Some(Decision::Approve),
                decided_on: None,
                proceed_on: None,
            },
        ] {
            assert!(!state.needs_reapproval(&current), "{state:?}");
        }
    }

    #[test]
    fn hrs_reason_to_proceed_holds_only_for_the_version_it_was_given_on() {
        let mut approval = approved_on(at(1, 1, 1, 1));
        approval.proceed_on = Some(at(1, 2, 1, 1));
        assert!(approval.given_on_earlier_version(&at(1, 2, 1, 1)));
        assert!(!approval.needs_reapproval(&at(1, 2, 1, 1)));
        assert!(
            approval.needs_reapproval(&at(1, 3, 1, 1)),
            "a later change needs re-approval again"
        );
    }

    #[test]
    fn a_stale_approval_can_be_decided_again_while_the_proposal_is_approved() {
        let hr = crate::domain::access::Viewer {
            user_id: Uuid::now_v7(),
            role: Role::HrAdmin,
            email: "hr@bury.gov.uk".into(),
            union: None,
        };
        let decide = |stale| {
            decide_approval(
                None,
                &hr,
                ProposalStatus::Approved,
                Decision::Approve,
                stale,
            )
        };
        assert_eq!(decide(true), Ok(None));
        assert!(matches!(
            decide(false),
            Err(DomainError::PreconditionFailed { .. })
        ));
    }

    #[test]
    fn proceeding_without_reapproval_needs_a_reason_an_approved_proposal_and_a_stale_approval() {
        assert_eq!(
            check_proceed_without_reapproval(ProposalStatus::Approved, 1, " Urgent: budget. "),
            Ok("Urgent: budget.".into())
        );
        assert!(matches!(
            check_proceed_without_reapproval(ProposalStatus::Approved, 1, "  "),
            Err(DomainError::BadInput { .. })
        ));
        assert!(matches!(
            check_proceed_without_reapproval(ProposalStatus::Consulting, 1, "Why"),
            Err(DomainError::PreconditionFailed { .. })
        ));
        assert!(matches!(
            check_proceed_without_reapproval(ProposalStatus::Approved, 0, "Why"),
            Err(DomainError::PreconditionFailed { .. })
        ));
    }
}

#[cfg(test)]
mod backdating_tests {
    use super::*;

    #[test]
    fn only_hr_records_a_step_as_done_on_an_earlier_day() {
        let day = NaiveDate::from_ymd_opt(2021, 1, 10);
        assert_eq!(check_completion_backdating(Role::HrAdmin, day), Ok(()));
        assert_eq!(check_completion_backdating(Role::Manager, None), Ok(()));
        assert!(matches!(
            check_completion_backdating(Role::Manager, day),
            Err(DomainError::Forbidden(_))
        ));
    }
}
