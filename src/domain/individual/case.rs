//! Each affected employee's case after the decision: one record per employee row, a state,
//! and an append-only history of the steps that moved it. The states and transitions are
//! here as pure rules; a refused step says what is missing. Who sees which case, and which
//! of its fields, is decided here too (`case_view`, `counts_view`).
//!
//! The statutory rules the later steps rely on (notice under ERA 1996 s86, trial periods
//! under s138, redundancy pay under s162, appeals) live beside this module; this one only
//! checks that the facts those steps need are recorded before a step is taken.

use crate::domain::{
    DomainError,
    access::{ProposalView, Viewer},
    account::Role,
    feedback::count_shown,
};
use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

/// Where an employee's case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum CaseState {
    /// Their post is affected; no placement decided yet.
    AtRisk,
    /// Placed in a post of the new structure whose duties match theirs closely.
    SlottedIn,
    /// Competing for posts in a ring fence or competitive pool.
    InSelectionPool,
    /// Not placed: seeking suitable alternative employment.
    Redeployment,
    /// Offered a post, awaiting their answer.
    Offered,
    /// Accepted an offer (placed when the post is not different enough to need a trial).
    Accepted,
    /// Declined an offer.
    Declined,
    /// Working a statutory trial period in the new post (ERA 1996 s138(3)).
    TrialPeriod,
    /// Kept the post after the trial period.
    Confirmed,
    /// The trial period ended without the post being kept.
    TrialEnded,
    /// Given notice of dismissal by reason of redundancy.
    NoticeGiven,
    /// Employment ended.
    Left,
    /// No longer at risk.
    Withdrawn,
}

impl CaseState {
    pub const ALL: [CaseState; 13] = [
        Self::AtRisk,
        Self::SlottedIn,
        Self::InSelectionPool,
        Self::Redeployment,
        Self::Offered,
        Self::Accepted,
        Self::Declined,
        Self::TrialPeriod,
        Self::Confirmed,
        Self::TrialEnded,
        Self::NoticeGiven,
        Self::Left,
        Self::Withdrawn,
    ];

    /// The stored spelling (stable).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AtRisk => "AT_RISK",
            Self::SlottedIn => "SLOTTED_IN",
            Self::InSelectionPool => "IN_SELECTION_POOL",
            Self::Redeployment => "REDEPLOYMENT",
            Self::Offered => "OFFERED",
            Self::Accepted => "ACCEPTED",
            Self::Declined => "DECLINED",
            Self::TrialPeriod => "TRIAL_PERIOD",
            Self::Confirmed => "CONFIRMED",
            Self::TrialEnded => "TRIAL_ENDED",
            Self::NoticeGiven => "NOTICE_GIVEN",
            Self::Left => "LEFT",
            Self::Withdrawn => "WITHDRAWN",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// In words, for refusals and emails.
    pub fn describe(self) -> &'static str {
        match self {
            Self::AtRisk => "at risk",
            Self::SlottedIn => "slotted in",
            Self::InSelectionPool => "in a selection pool",
            Self::Redeployment => "in redeployment",
            Self::Offered => "offered a post",
            Self::Accepted => "has accepted an offer",
            Self::Declined => "has declined an offer",
            Self::TrialPeriod => "in a trial period",
            Self::Confirmed => "confirmed in the new post",
            Self::TrialEnded => "at the end of an unsuccessful trial period",
            Self::NoticeGiven => "under notice",
            Self::Left => "has left",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Placed in a post: the outcomes in which the employee is kept.
    pub fn is_placed(self) -> bool {
        matches!(self, Self::SlottedIn | Self::Confirmed | Self::Accepted)
    }

    /// Nothing follows but a reopening after an upheld appeal.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::SlottedIn | Self::Confirmed | Self::Left | Self::Withdrawn
        )
    }

    /// What HR does next, in plain words; `None` when the case is closed.
    pub fn next_action(self) -> Option<&'static str> {
        Some(match self {
            Self::AtRisk => {
                "Decide how to place them: slot in, a selection pool, or redeployment. Hold an individual consultation meeting first."
            }
            Self::InSelectionPool => {
                "Complete the selection, then offer a post or move them to redeployment."
            }
            Self::Redeployment => "Look for suitable alternative employment and offer it.",
            Self::Offered => "Wait for their answer to the offer.",
            Self::Accepted => "Start the trial period in the new post, if the post is different.",
            Self::Declined => "Consider another offer, or give notice.",
            Self::TrialPeriod => "Review the trial period before it ends: confirm or end it.",
            Self::TrialEnded => "Offer another post, or give notice.",
            Self::NoticeGiven => {
                "Keep offering suitable vacancies during notice; record leaving after the last day."
            }
            Self::SlottedIn | Self::Confirmed | Self::Left | Self::Withdrawn => return None,
        })
    }
}

/// The default slot-in threshold: the share of a new post's duties that must match the
/// employee's current post for them to be slotted in without competition.
///
/// This is EMPLOYER POLICY, not law: no statute or case sets a percentage. Many councils'
/// organisational change policies use figures between 50% and 80%; 70% is a common choice.
/// Each proposal holds its own threshold (`proposal.slot_in_threshold_percent`).
pub const DEFAULT_SLOT_IN_THRESHOLD_PERCENT: i32 = 70;

/// Checks a slot-in threshold HR sets on a proposal.
pub fn slot_in_threshold(percent: i32, field: &str) -> Result<i32, DomainError> {
    if (1..=100).contains(&percent) {
        Ok(percent)
    } else {
        Err(DomainError::bad_input(
            field,
            format!("A slot-in threshold is a percentage from 1 to 100; {percent} is not."),
        ))
    }
}

/// A step that moves a case. Each is one transition of the design; the store records it as
/// one `case_event`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum CaseStep {
    /// HR slots the employee into a post of the new structure.
    SlotIn {
        post_id: Uuid,
        match_percent: i32,
        decided_by: Uuid,
    },
    /// The employee competes in a ring fence or competitive pool they are a member of.
    PlaceInSelectionPool { ring_fence_id: Uuid },
    /// Not selected, or no pool: seeking suitable alternative employment.
    MoveToRedeployment,
    /// An offer of a post was made (the offer itself is recorded by the offers module).
    MakeOffer,
    /// The employee accepted the offer.
    Accept,
    /// The employee declined the offer, with their reason.
    Decline { reason: String },
    /// The employee started work in the new post on `starts_on` (s138(3)).
    StartTrial { starts_on: NaiveDate },
    /// The employee keeps the new post.
    ConfirmTrial,
    /// The trial period ended without the post being kept.
    EndTrial { reason: String },
    /// Notice of dismissal given on `given_on`, ending on `last_day`.
    GiveNotice {
        given_on: NaiveDate,
        last_day: NaiveDate,
    },
    /// Employment ended (after the last day of notice).
    Leave,
    /// No longer at risk.
    Withdraw { reason: String },
    /// An upheld appeal reopens the case at `reopen_at`, the state before the decision
    /// appealed.
    ReopenAfterAppeal { reopen_at: CaseState },
}

impl CaseStep {
    /// The stored name of the step (stable).
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::SlotIn { .. } => "SLOT_IN",
            Self::PlaceInSelectionPool { .. } => "PLACE_IN_SELECTION_POOL",
            Self::MoveToRedeployment => "MOVE_TO_REDEPLOYMENT",
            Self::MakeOffer => "MAKE_OFFER",
            Self::Accept => "ACCEPT",
            Self::Decline { .. } => "DECLINE",
            Self::StartTrial { .. } => "START_TRIAL",
            Self::ConfirmTrial => "CONFIRM_TRIAL",
            Self::EndTrial { .. } => "END_TRIAL",
            Self::GiveNotice { .. } => "GIVE_NOTICE",
            Self::Leave => "LEAVE",
            Self::Withdraw { .. } => "WITHDRAW",
            Self::ReopenAfterAppeal { .. } => "REOPEN_AFTER_APPEAL",
        }
    }

    /// What the step did, in words.
    fn describe(&self) -> &'static str {
        match self {
            Self::SlotIn { .. } => "slot them in",
            Self::PlaceInSelectionPool { .. } => "place them in a selection pool",
            Self::MoveToRedeployment => "move them to redeployment",
            Self::MakeOffer => "make an offer",
            Self::Accept => "accept an offer",
            Self::Decline { .. } => "decline an offer",
            Self::StartTrial { .. } => "start a trial period",
            Self::ConfirmTrial => "confirm the trial period",
            Self::EndTrial { .. } => "end the trial period",
            Self::GiveNotice { .. } => "give notice",
            Self::Leave => "record leaving",
            Self::Withdraw { .. } => "withdraw the case",
            Self::ReopenAfterAppeal { .. } => "reopen the case",
        }
    }

    /// The states the step may be taken from.
    fn allowed_from(&self) -> &'static [CaseState] {
        use CaseState::*;
        match self {
            Self::SlotIn { .. } | Self::PlaceInSelectionPool { .. } => &[AtRisk],
            Self::MoveToRedeployment => &[AtRisk, InSelectionPool],
            Self::MakeOffer => &[
                AtRisk,
                InSelectionPool,
                Redeployment,
                TrialEnded,
                Declined,
                NoticeGiven,
            ],
            Self::Accept | Self::Decline { .. } => &[Offered],
            Self::StartTrial { .. } => &[Accepted],
            Self::ConfirmTrial | Self::EndTrial { .. } => &[TrialPeriod],
            Self::GiveNotice { .. } => {
                &[AtRisk, InSelectionPool, Redeployment, Declined, TrialEnded]
            }
            Self::Leave => &[NoticeGiven],
            Self::Withdraw { .. } => &[
                AtRisk,
                InSelectionPool,
                Redeployment,
                Offered,
                Accepted,
                Declined,
                TrialPeriod,
                TrialEnded,
                NoticeGiven,
            ],
            // Checked against the history instead (`apply`).
            Self::ReopenAfterAppeal { .. } => &CaseState::ALL,
        }
    }

    /// The state the step leads to.
    fn to_state(&self) -> CaseState {
        use CaseState::*;
        match self {
            Self::SlotIn { .. } => SlottedIn,
            Self::PlaceInSelectionPool { .. } => InSelectionPool,
            Self::MoveToRedeployment => Redeployment,
            Self::MakeOffer => Offered,
            Self::Accept => Accepted,
            Self::Decline { .. } => Declined,
            Self::StartTrial { .. } => TrialPeriod,
            Self::ConfirmTrial => Confirmed,
            Self::EndTrial { .. } => TrialEnded,
            Self::GiveNotice { .. } => NoticeGiven,
            Self::Leave => Left,
            Self::Withdraw { .. } => Withdrawn,
            Self::ReopenAfterAppeal { reopen_at } => *reopen_at,
        }
    }
}

/// What the rules need to know besides the state and the step; the store gathers them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    /// The proposal's slot-in threshold (employer policy, see
    /// `DEFAULT_SLOT_IN_THRESHOLD_PERCENT`).
    pub slot_in_threshold_percent: i32,
    /// For a slot-in: the post is a post of the proposal's new structure.
    pub post_in_new_structure: bool,
    /// For a selection pool: the employee is a member of the ring fence named.
    pub member_of_ring_fence: bool,
    /// The employee's continuous service start (ERA 1996 s210-s219), when recorded.
    pub continuous_service_start: Option<NaiveDate>,
    /// The last day of service of the notice in force, when notice was given.
    pub last_day_of_service: Option<NaiveDate>,
    /// The states the case has been in, oldest first (from its history).
    pub earlier_states: Vec<CaseState>,
    /// Today, in the UK.
    pub today: NaiveDate,
}

impl CaseFacts {
    /// Facts with nothing recorded, for `today`.
    pub fn new(today: NaiveDate) -> Self {
        Self {
            slot_in_threshold_percent: DEFAULT_SLOT_IN_THRESHOLD_PERCENT,
            post_in_new_structure: false,
            member_of_ring_fence: false,
            continuous_service_start: None,
            last_day_of_service: None,
            earlier_states: Vec::new(),
            today,
        }
    }
}

/// The states an upheld appeal can be against: the decisions an employee appeals.
const APPEALABLE: [CaseState; 4] = [
    CaseState::NoticeGiven,
    CaseState::Left,
    CaseState::TrialEnded,
    CaseState::Redeployment,
];

fn precondition(message: String, missing: &str) -> DomainError {
    DomainError::PreconditionFailed {
        message,
        missing: vec![missing.to_owned()],
    }
}

fn reason(text: &str, field: &str, what: &str) -> Result<(), DomainError> {
    if text.trim().is_empty() {
        Err(DomainError::bad_input(
            field,
            format!("Give {what}: it is kept in the case's history."),
        ))
    } else if text.chars().count() > 2000 {
        Err(DomainError::bad_input(
            field,
            format!(
                "{} is longer than 2,000 characters; shorten it.",
                crate::domain::text::capitalise(what)
            ),
        ))
    } else {
        Ok(())
    }
}

/// The state `step` leads to from `state`, or why it cannot be taken.
pub fn apply(
    state: CaseState,
    step: &CaseStep,
    facts: &CaseFacts,
) -> Result<CaseState, DomainError> {
    if let CaseStep::ReopenAfterAppeal { reopen_at } = step {
        if !APPEALABLE.contains(&state) {
            return Err(precondition(
                format!(
                    "An upheld appeal reopens a decision to dismiss or to end a placement; this case is {}.",
                    state.describe()
                ),
                "an appealable decision",
            ));
        }
        if *reopen_at == state || reopen_at.is_final() || !facts.earlier_states.contains(reopen_at)
        {
            return Err(precondition(
                format!(
                    "The case can reopen only at a state it was in before the decision appealed; it was never {}.",
                    reopen_at.describe()
                ),
                "a state from the case's history",
            ));
        }
        return Ok(*reopen_at);
    }
    if !step.allowed_from().contains(&state) {
        let hint = match (step, state) {
            (
                _,
                CaseState::Left
                | CaseState::Withdrawn
                | CaseState::SlottedIn
                | CaseState::Confirmed,
            ) => " The case is closed; only an upheld appeal reopens it.",
            (CaseStep::Accept | CaseStep::Decline { .. }, _) => " Make an offer first.",
            (CaseStep::StartTrial { .. }, _) => " The employee must accept an offer first.",
            (CaseStep::Leave, _) => " Give notice first.",
            (CaseStep::GiveNotice { .. }, CaseState::Offered) => {
                " Wait for the answer to the offer first."
            }
            _ => "",
        };
        return Err(precondition(
            format!(
                "You cannot {} while the employee is {}.{hint}",
                step.describe(),
                state.describe()
            ),
            step.as_str(),
        ));
    }
    match step {
        CaseStep::SlotIn { match_percent, .. } => {
            if !(0..=100).contains(match_percent) {
                return Err(DomainError::bad_input(
                    "input.matchPercent",
                    format!("A match is a percentage from 0 to 100; {match_percent} is not."),
                ));
            }
            if !facts.post_in_new_structure {
                return Err(DomainError::unknown_id(
                    "input.postId",
                    "a post of this proposal's new structure",
                ));
            }
            if *match_percent < facts.slot_in_threshold_percent {
                return Err(precondition(
                    format!(
                        "A slot-in needs a match of at least {}%; this is {match_percent}%. Place them in a selection pool or redeployment instead, or change the proposal's threshold (employer policy).",
                        facts.slot_in_threshold_percent
                    ),
                    "a match at or above the slot-in threshold",
                ));
            }
        }
        CaseStep::PlaceInSelectionPool { .. } => {
            if !facts.member_of_ring_fence {
                return Err(precondition(
                    "The employee is not a member of this ring fence. Add them to it first (with the reason if they hold none of its posts).".into(),
                    "membership of the ring fence",
                ));
            }
        }
        CaseStep::Decline { reason: r } => reason(r, "input.reason", "the reason for declining")?,
        CaseStep::EndTrial { reason: r } => {
            reason(r, "input.reason", "the reason the trial period ended")?
        }
        CaseStep::Withdraw { reason: r } => {
            reason(r, "input.reason", "the reason the case is withdrawn")?
        }
        CaseStep::GiveNotice { given_on, last_day } => {
            if facts.continuous_service_start.is_none() {
                return Err(precondition(
                    "Record the employee's continuous service start before giving notice: the notice period and redundancy pay depend on it.".into(),
                    "continuous service start",
                ));
            }
            if last_day < given_on {
                return Err(DomainError::bad_input(
                    "input.lastDay",
                    "The last day of service cannot be before the day notice is given.",
                ));
            }
        }
        CaseStep::Leave => match facts.last_day_of_service {
            None => {
                return Err(precondition(
                    "The notice in force has no last day of service recorded.".into(),
                    "the last day of service",
                ));
            }
            Some(last_day) if facts.today <= last_day => {
                return Err(precondition(
                    format!(
                        "Their last day of service is {}; record leaving after it.",
                        last_day.format("%-d %B %Y")
                    ),
                    "the last day of service to have passed",
                ));
            }
            Some(_) => {}
        },
        CaseStep::MoveToRedeployment
        | CaseStep::MakeOffer
        | CaseStep::Accept
        | CaseStep::StartTrial { .. }
        | CaseStep::ConfirmTrial
        | CaseStep::ReopenAfterAppeal { .. } => {}
    }
    Ok(step.to_state())
}

/// How a viewer sees one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseView {
    /// HR: everything.
    Hr,
    /// The proposal's sponsor (or a manager working on it): the case without date of birth,
    /// pay or protected characteristics.
    Sponsor,
    /// A union representative the employee named as their companion at an individual
    /// meeting: the case as the sponsor sees it.
    Companion,
    /// The employee: their own case.
    Own,
}

impl CaseView {
    /// Date of birth: HR, and the employee themself.
    pub fn sees_date_of_birth(self) -> bool {
        matches!(self, Self::Hr | Self::Own)
    }

    /// Pay: HR only, as for the employee record (`ProposalView::pay_data`); the employee's
    /// own pay calculation is shown by the redundancy pay module.
    pub fn sees_pay(self) -> bool {
        self == Self::Hr
    }

    /// Protected characteristics (Equality Act 2010 s4): HR only.
    pub fn sees_protected_characteristics(self) -> bool {
        self == Self::Hr
    }

    /// Who decided a slot-in and other HR working detail: HR and the sponsor.
    pub fn sees_decision_makers(self) -> bool {
        matches!(self, Self::Hr | Self::Sponsor)
    }
}

/// What decides whether a viewer may see one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseAccessFacts {
    /// How the viewer sees the case's proposal (`None`: not at all).
    pub proposal_view: Option<ProposalView>,
    /// The case is the viewer's own (their work email is the employee's).
    pub own: bool,
    /// The employee named this viewer (a union representative) as their companion at one of
    /// their individual meetings.
    pub named_as_companion: bool,
}

/// How `viewer` sees a case, or `NOT_FOUND` (a case one may not see is never told apart
/// from one that does not exist).
pub fn case_view(viewer: &Viewer, facts: CaseAccessFacts) -> Result<CaseView, DomainError> {
    let not_found = || DomainError::NotFound("No such case, or you cannot see it.".into());
    match viewer.role {
        Role::HrAdmin => Ok(CaseView::Hr),
        Role::Manager => match facts.proposal_view {
            Some(ProposalView::Sponsor) => Ok(CaseView::Sponsor),
            _ if facts.own => Ok(CaseView::Own),
            _ => Err(not_found()),
        },
        Role::UnionRep => {
            if facts.own {
                Ok(CaseView::Own)
            } else if facts.named_as_companion {
                Ok(CaseView::Companion)
            } else {
                Err(not_found())
            }
        }
        Role::Staff => {
            if facts.own {
                Ok(CaseView::Own)
            } else {
                Err(not_found())
            }
        }
    }
}

/// Who may list every case of a proposal: HR and the sponsor. Others see counts (union
/// representatives) or their own case (`myCases`).
pub fn may_list_cases(view: ProposalView) -> Result<CaseView, DomainError> {
    match view {
        ProposalView::Hr => Ok(CaseView::Hr),
        ProposalView::Sponsor => Ok(CaseView::Sponsor),
        ProposalView::UnionRep | ProposalView::Staff => Err(DomainError::Forbidden(
            "Each person's case is personal data: only HR and the proposal's manager list them. Union representatives see the counts by state; each employee sees their own case.".into(),
        )),
    }
}

/// The count of cases in one state as `view` sees it: exact for HR and the sponsor (who list
/// the cases anyway); for union representatives withheld below 3 (`None`), so that a small
/// group's outcome does not identify anyone. Staff see no counts.
pub fn count_for(view: ProposalView, count: u32) -> Result<Option<u32>, DomainError> {
    match view {
        ProposalView::Hr | ProposalView::Sponsor => Ok(Some(count)),
        ProposalView::UnionRep => Ok(count_shown(view, count)),
        ProposalView::Staff => Err(DomainError::Forbidden(
            "Counts of cases by state are for HR, the proposal's manager and union representatives.".into(),
        )),
    }
}

/// Opening cases: HR only, once the proposal is decided (or being implemented).
pub fn check_may_open_cases(
    status: crate::domain::proposal::ProposalStatus,
) -> Result<(), DomainError> {
    use crate::domain::proposal::ProposalStatus::*;
    match status {
        Decided | Implementing => Ok(()),
        _ => Err(DomainError::PreconditionFailed {
            message:
                "Individual cases open once the proposal is decided: record the decision first."
                    .into(),
            missing: vec!["decision".into()],
        }),
    }
}

/// Who may accompany an employee at an individual meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CompanionKind {
    None,
    /// A trade union representative (ERA 1999 s10(3)(a), (b)).
    UnionRep,
    /// A fellow worker (ERA 1999 s10(3)(c)).
    Colleague,
}

impl CompanionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "NONE",
            Self::UnionRep => "UNION_REP",
            Self::Colleague => "COLLEAGUE",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::None, Self::UnionRep, Self::Colleague]
            .into_iter()
            .find(|k| k.as_str() == value)
    }
}

/// Checks who attended as the companion: a name unless there was none; a union
/// representative's account only for a union representative.
pub fn check_companion(
    kind: CompanionKind,
    name: Option<&str>,
    companion_is_rep_account: Option<bool>,
) -> Result<(), DomainError> {
    match kind {
        CompanionKind::None => {
            if name.is_some() || companion_is_rep_account.is_some() {
                return Err(DomainError::bad_input(
                    "input.companionName",
                    "No companion attended: give no companion name or account.",
                ));
            }
        }
        CompanionKind::UnionRep | CompanionKind::Colleague => {
            if name.is_none_or(|n| n.trim().is_empty()) {
                return Err(DomainError::bad_input(
                    "input.companionName",
                    "Give the companion's name: it is kept with the meeting.",
                ));
            }
            if companion_is_rep_account == Some(false) && kind == CompanionKind::UnionRep {
                return Err(DomainError::unknown_id(
                    "input.companionUserId",
                    "a union representative's account",
                ));
            }
            if companion_is_rep_account.is_some() && kind == CompanionKind::Colleague {
                return Err(DomainError::bad_input(
                    "input.companionUserId",
                    "Only a union representative's account is linked to a meeting; give a colleague's name only.",
                ));
            }
        }
    }
    Ok(())
}

/// The right to be accompanied at the individual meeting, as stated in the invitation.
/// Employment Relations Act 1999 s10 gives it at disciplinary and grievance hearings; at
/// redundancy consultation meetings it is commonly given by employer policy and ACAS
/// guidance rather than strictly required by s10, so the wording states it as the
/// employer's offer citing s10 (see the report: unsure whether s10 applies as of right).
pub const RIGHT_TO_BE_ACCOMPANIED: &str = "You may bring a companion: a trade union representative or a colleague (in line with the Employment Relations Act 1999 s10). Please tell HR who will come with you.";

#[cfg(test)]
mod tests {
    use super::*;
    use CaseState::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn facts() -> CaseFacts {
        CaseFacts::new(today())
    }

    fn slot_in(percent: i32) -> CaseStep {
        CaseStep::SlotIn {
            post_id: Uuid::nil(),
            match_percent: percent,
            decided_by: Uuid::nil(),
        }
    }

    fn every_step() -> Vec<CaseStep> {
        let d = today();
        vec![
            slot_in(80),
            CaseStep::PlaceInSelectionPool {
                ring_fence_id: Uuid::nil(),
            },
            CaseStep::MoveToRedeployment,
            CaseStep::MakeOffer,
            CaseStep::Accept,
            CaseStep::Decline {
                reason: "Too far".into(),
            },
            CaseStep::StartTrial { starts_on: d },
            CaseStep::ConfirmTrial,
            CaseStep::EndTrial {
                reason: "Not suitable".into(),
            },
            CaseStep::GiveNotice {
                given_on: d,
                last_day: d,
            },
            CaseStep::Leave,
            CaseStep::Withdraw {
                reason: "Post kept".into(),
            },
        ]
    }

    fn permissive() -> CaseFacts {
        CaseFacts {
            post_in_new_structure: true,
            member_of_ring_fence: true,
            continuous_service_start: NaiveDate::from_ymd_opt(2010, 1, 4),
            last_day_of_service: NaiveDate::from_ymd_opt(2026, 11, 30),
            ..facts()
        }
    }

    #[test]
    fn every_designed_transition_is_allowed_and_nothing_else() {
        let allowed: Vec<(CaseState, &str, CaseState)> = vec![
            (AtRisk, "SLOT_IN", SlottedIn),
            (AtRisk, "PLACE_IN_SELECTION_POOL", InSelectionPool),
            (AtRisk, "MOVE_TO_REDEPLOYMENT", Redeployment),
            (InSelectionPool, "MOVE_TO_REDEPLOYMENT", Redeployment),
            (Redeployment, "MAKE_OFFER", Offered),
            (InSelectionPool, "MAKE_OFFER", Offered),
            (AtRisk, "MAKE_OFFER", Offered),
            (TrialEnded, "MAKE_OFFER", Offered),
            (Declined, "MAKE_OFFER", Offered),
            (NoticeGiven, "MAKE_OFFER", Offered),
            (Offered, "ACCEPT", Accepted),
            (Offered, "DECLINE", Declined),
            (Accepted, "START_TRIAL", TrialPeriod),
            (TrialPeriod, "CONFIRM_TRIAL", Confirmed),
            (TrialPeriod, "END_TRIAL", TrialEnded),
            (AtRisk, "GIVE_NOTICE", NoticeGiven),
            (InSelectionPool, "GIVE_NOTICE", NoticeGiven),
            (Redeployment, "GIVE_NOTICE", NoticeGiven),
            (Declined, "GIVE_NOTICE", NoticeGiven),
            (TrialEnded, "GIVE_NOTICE", NoticeGiven),
            (NoticeGiven, "LEAVE", Left),
        ];
        for state in CaseState::ALL {
            for step in every_step() {
                let result = apply(state, &step, &permissive());
                let expected = allowed
                    .iter()
                    .find(|(from, name, _)| *from == state && *name == step.as_str())
                    .map(|(_, _, to)| *to)
                    .or_else(|| {
                        matches!(step, CaseStep::Withdraw { .. })
                            .then_some(Withdrawn)
                            .filter(|_| !state.is_final())
                    });
                match expected {
                    Some(to) => assert_eq!(result, Ok(to), "{state:?} {}", step.as_str()),
                    None => {
                        let err = result.expect_err(&format!("{state:?} {}", step.as_str()));
                        assert_eq!(err.code(), "PRECONDITION_FAILED");
                        assert!(
                            err.message().contains(state.describe()),
                            "{}",
                            err.message()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_closed_case_says_only_an_appeal_reopens_it() {
        let err = apply(Left, &CaseStep::MakeOffer, &permissive()).unwrap_err();
        assert!(err.message().contains("only an upheld appeal reopens it"));
        let err = apply(AtRisk, &CaseStep::Accept, &permissive()).unwrap_err();
        assert!(
            err.message().ends_with("Make an offer first."),
            "{}",
            err.message()
        );
        let err = apply(AtRisk, &CaseStep::Leave, &permissive()).unwrap_err();
        assert!(err.message().ends_with("Give notice first."));
    }

    #[test]
    fn slot_in_at_the_threshold_passes_and_below_says_by_how_much() {
        let f = CaseFacts {
            post_in_new_structure: true,
            ..facts()
        };
        assert_eq!(apply(AtRisk, &slot_in(70), &f), Ok(SlottedIn));
        let err = apply(AtRisk, &slot_in(55), &f).unwrap_err();
        assert_eq!(err.code(), "PRECONDITION_FAILED");
        assert!(
            err.message()
                .starts_with("A slot-in needs a match of at least 70%; this is 55%."),
            "{}",
            err.message()
        );
        // The proposal's own threshold (policy) is what counts.
        let lower = CaseFacts {
            slot_in_threshold_percent: 50,
            ..f.clone()
        };
        assert_eq!(apply(AtRisk, &slot_in(55), &lower), Ok(SlottedIn));
        assert_eq!(
            apply(AtRisk, &slot_in(101), &f).unwrap_err().code(),
            "BAD_USER_INPUT"
        );
        let elsewhere = apply(AtRisk, &slot_in(90), &facts()).unwrap_err();
        assert_eq!(elsewhere.code(), "NOT_FOUND");
    }

    #[test]
    fn thresholds_are_percentages() {
        assert_eq!(slot_in_threshold(70, "t"), Ok(70));
        assert_eq!(slot_in_threshold(100, "t"), Ok(100));
        assert_eq!(
            slot_in_threshold(0, "t").unwrap_err().code(),
            "BAD_USER_INPUT"
        );
        assert_eq!(
            slot_in_threshold(101, "t").unwrap_err().code(),
            "BAD_USER_INPUT"
        );
    }

    #[test]
    fn a_pool_needs_membership() {
        let step = CaseStep::PlaceInSelectionPool {
            ring_fence_id: Uuid::nil(),
        };
        let err = apply(AtRisk, &step, &facts()).unwrap_err();
        assert!(err.message().contains("not a member of this ring fence"));
        assert_eq!(apply(AtRisk, &step, &permissive()), Ok(InSelectionPool));
    }

    #[test]
    fn notice_needs_continuous_service_and_a_last_day_not_before_it() {
        let d = today();
        let step = CaseStep::GiveNotice {
            given_on: d,
            last_day: d + chrono::Days::new(84),
        };
        let err = apply(Redeployment, &step, &facts()).unwrap_err();
        assert!(
            err.message()
                .starts_with("Record the employee's continuous service start before giving notice"),
            "{}",
            err.message()
        );
        assert_eq!(apply(Redeployment, &step, &permissive()), Ok(NoticeGiven));
        let backwards = CaseStep::GiveNotice {
            given_on: d,
            last_day: d - chrono::Days::new(1),
        };
        assert_eq!(
            apply(Redeployment, &backwards, &permissive())
                .unwrap_err()
                .code(),
            "BAD_USER_INPUT"
        );
        let err = apply(Offered, &step, &permissive()).unwrap_err();
        assert!(
            err.message()
                .ends_with("Wait for the answer to the offer first.")
        );
    }

    #[test]
    fn leaving_is_after_the_last_day() {
        let last = today();
        let on_last_day = CaseFacts {
            last_day_of_service: Some(last),
            ..facts()
        };
        let err = apply(NoticeGiven, &CaseStep::Leave, &on_last_day).unwrap_err();
        assert!(
            err.message()
                .contains("6 December 2026; record leaving after it"),
            "{}",
            err.message()
        );
        let after = CaseFacts {
            last_day_of_service: Some(last - chrono::Days::new(1)),
            ..facts()
        };
        assert_eq!(apply(NoticeGiven, &CaseStep::Leave, &after), Ok(Left));
        assert!(apply(NoticeGiven, &CaseStep::Leave, &facts()).is_err());
    }

    #[test]
    fn reasons_are_required() {
        for step in [
            CaseStep::Decline { reason: " ".into() },
            CaseStep::EndTrial {
                reason: String::new(),
            },
            CaseStep::Withdraw {
                reason: String::new(),
            },
        ] {
            let from = match step {
                CaseStep::Decline { .. } => Offered,
                CaseStep::EndTrial { .. } => TrialPeriod,
                _ => AtRisk,
            };
            let err = apply(from, &step, &facts()).unwrap_err();
            assert_eq!(err.code(), "BAD_USER_INPUT");
            assert!(err.message().starts_with("Give the reason"));
        }
        let long = CaseStep::Withdraw {
            reason: "x".repeat(2001),
        };
        assert_eq!(
            apply(AtRisk, &long, &facts()).unwrap_err().code(),
            "BAD_USER_INPUT"
        );
    }

    #[test]
    fn an_upheld_appeal_reopens_at_a_state_from_the_history() {
        let history = CaseFacts {
            earlier_states: vec![AtRisk, Redeployment],
            ..facts()
        };
        let reopen = |to| CaseStep::ReopenAfterAppeal { reopen_at: to };
        assert_eq!(
            apply(NoticeGiven, &reopen(Redeployment), &history),
            Ok(Redeployment)
        );
        assert_eq!(apply(Left, &reopen(AtRisk), &history), Ok(AtRisk));
        // Never in it.
        let err = apply(NoticeGiven, &reopen(InSelectionPool), &history).unwrap_err();
        assert!(err.message().contains("it was never in a selection pool"));
        // Not a decision one appeals.
        let err = apply(Offered, &reopen(AtRisk), &history).unwrap_err();
        assert!(err.message().contains("this case is offered a post"));
        // Not into a closed state.
        assert!(apply(NoticeGiven, &reopen(Withdrawn), &history).is_err());
    }

    #[test]
    fn states_round_trip_and_closed_ones_have_no_next_action() {
        for s in CaseState::ALL {
            assert_eq!(CaseState::parse(s.as_str()), Some(s));
            assert_eq!(s.next_action().is_none(), s.is_final(), "{s:?}");
        }
        assert!(Accepted.is_placed() && !Accepted.is_final());
    }

    fn viewer(role: Role) -> Viewer {
        Viewer {
            user_id: Uuid::now_v7(),
            role,
            email: "x@bury.example".into(),
            union: (role == Role::UnionRep).then(|| "UNISON".into()),
        }
    }

    fn access(view: Option<ProposalView>, own: bool, companion: bool) -> CaseAccessFacts {
        CaseAccessFacts {
            proposal_view: view,
            own,
            named_as_companion: companion,
        }
    }

    #[test]
    fn hr_sees_every_case_and_every_field() {
        let v = case_view(
            &viewer(Role::HrAdmin),
            access(Some(ProposalView::Hr), false, false),
        );
        assert_eq!(v, Ok(CaseView::Hr));
        let v = CaseView::Hr;
        assert!(v.sees_date_of_birth() && v.sees_pay() && v.sees_protected_characteristics());
        assert_eq!(may_list_cases(ProposalView::Hr), Ok(CaseView::Hr));
        assert_eq!(count_for(ProposalView::Hr, 1), Ok(Some(1)));
    }

    #[test]
    fn the_sponsor_sees_the_cases_of_their_proposal_without_dob_pay_or_characteristics() {
        let manager = viewer(Role::Manager);
        assert_eq!(
            case_view(&manager, access(Some(ProposalView::Sponsor), false, false)),
            Ok(CaseView::Sponsor)
        );
        // Another proposal's manager.
        assert_eq!(
            case_view(&manager, access(None, false, false))
                .unwrap_err()
                .code(),
            "NOT_FOUND"
        );
        let v = CaseView::Sponsor;
        assert!(!v.sees_date_of_birth() && !v.sees_pay() && !v.sees_protected_characteristics());
        assert_eq!(may_list_cases(ProposalView::Sponsor), Ok(CaseView::Sponsor));
        assert_eq!(count_for(ProposalView::Sponsor, 2), Ok(Some(2)));
    }

    #[test]
    fn union_reps_see_counts_of_three_or_more_and_only_their_companions_cases() {
        let rep = viewer(Role::UnionRep);
        let view = Some(ProposalView::UnionRep);
        assert_eq!(
            case_view(&rep, access(view, false, false))
                .unwrap_err()
                .code(),
            "NOT_FOUND"
        );
        assert_eq!(
            case_view(&rep, access(view, false, true)),
            Ok(CaseView::Companion)
        );
        let v = CaseView::Companion;
        assert!(!v.sees_date_of_birth() && !v.sees_pay() && !v.sees_decision_makers());
        assert_eq!(
            may_list_cases(ProposalView::UnionRep).unwrap_err().code(),
            "FORBIDDEN"
        );
        assert_eq!(count_for(ProposalView::UnionRep, 2), Ok(None));
        assert_eq!(count_for(ProposalView::UnionRep, 0), Ok(None));
        assert_eq!(count_for(ProposalView::UnionRep, 3), Ok(Some(3)));
    }

    #[test]
    fn staff_see_only_their_own_case() {
        let staff = viewer(Role::Staff);
        let view = Some(ProposalView::Staff);
        assert_eq!(
            case_view(&staff, access(view, true, false)),
            Ok(CaseView::Own)
        );
        assert_eq!(
            case_view(&staff, access(view, false, false))
                .unwrap_err()
                .code(),
            "NOT_FOUND"
        );
        // Naming as companion gives nothing to staff (only reps are companions with accounts).
        assert_eq!(
            case_view(&staff, access(view, false, true))
                .unwrap_err()
                .code(),
            "NOT_FOUND"
        );
        let v = CaseView::Own;
        assert!(v.sees_date_of_birth() && !v.sees_pay());
        assert_eq!(
            may_list_cases(ProposalView::Staff).unwrap_err().code(),
            "FORBIDDEN"
        );
        assert_eq!(
            count_for(ProposalView::Staff, 5).unwrap_err().code(),
            "FORBIDDEN"
        );
    }

    #[test]
    fn cases_open_after_the_decision() {
        use crate::domain::proposal::ProposalStatus;
        for status in ProposalStatus::ALL {
            let ok = matches!(
                status,
                ProposalStatus::Decided | ProposalStatus::Implementing
            );
            assert_eq!(check_may_open_cases(status).is_ok(), ok, "{status:?}");
        }
    }

    #[test]
    fn companions_are_named_and_only_reps_have_accounts() {
        assert!(check_companion(CompanionKind::None, None, None).is_ok());
        assert!(check_companion(CompanionKind::None, Some("Sam"), None).is_err());
        assert!(check_companion(CompanionKind::Colleague, Some("Sam"), None).is_ok());
        assert!(check_companion(CompanionKind::Colleague, None, None).is_err());
        assert!(check_companion(CompanionKind::Colleague, Some("Sam"), Some(true)).is_err());
        assert!(check_companion(CompanionKind::UnionRep, Some("Pat"), Some(true)).is_ok());
        assert_eq!(
            check_companion(CompanionKind::UnionRep, Some("Pat"), Some(false))
                .unwrap_err()
                .code(),
            "NOT_FOUND"
        );
        for k in [
            CompanionKind::None,
            CompanionKind::UnionRep,
            CompanionKind::Colleague,
        ] {
            assert_eq!(CompanionKind::parse(k.as_str()), Some(k));
        }
    }
}
