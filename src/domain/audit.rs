//! What the audit log records. The log is the evidence a tribunal asks for: every change,
//! who made it, when, and the state before and after.

use super::proposal::Transition;
use uuid::Uuid;

/// Who made a change: a signed-in person, or the system itself (a command-line
/// operation, the email worker) named by a fixed label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditActor {
    User(Uuid),
    System(&'static str),
}

impl AuditActor {
    /// The command-line tool run by an operator on the server.
    pub const CLI: AuditActor = AuditActor::System("command line");

    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            AuditActor::User(id) => Some(*id),
            AuditActor::System(_) => None,
        }
    }

    pub fn system_label(&self) -> Option<&'static str> {
        match self {
            AuditActor::User(_) => None,
            AuditActor::System(label) => Some(label),
        }
    }
}

/// The kinds of change recorded. The stored spelling is stable: reports and exports
/// filter on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    UserCreated,
    UserDisabled,
    UserEnabled,
    ProposalCreated,
    ProposalUpdated,
    ProposalSharedWithUnions,
    ProposalTransition(Transition),
    PayScaleSet,
    EmployerPolicySet,
    PostCreated,
    PostUpdated,
    PostDeleted,
    EmployeeCreated,
    EmployeeUpdated,
    RingFenceCreated,
    RingFenceUpdated,
    RingFenceDeleted,
    LetterTemplateUpdated,
    LetterTemplateReset,
    LetterIssued,
    StructureImported,
    JobDescriptionCreated,
    JobDescriptionVersionAdded,
    DutyCommented,
    TimetableSet,
    MeetingScheduled,
    MeetingChanged,
    MeetingCancelled,
    ImplementationStepAdded,
    ImplementationStepDone,
    S188DisclosureGiven,
    Hr1Recorded,
    ChecklistApplied,
    ChecklistStepAdded,
    ChecklistStepRemoved,
    ChecklistStepMoved,
    ChecklistStepCompleted,
    ApprovalDecided,
    ApproverAssigned,
    ProceededWithoutReapproval,
    AffectedStaffInvited,
    /// The retention run pseudonymised a proposal's personal data (UK GDPR Art. 5(1)(e)).
    ProposalPseudonymised,
    /// HR exported what Consult holds about a person (UK GDPR Art. 15). The entity is their
    /// account, or a uuid derived from the address when they have none.
    SubjectAccessExported,
    CaseOpened,
    CaseStepTaken,
    CaseFactsSet,
    ProtectedCharacteristicsSet,
    SlotInThresholdSet,
    IndividualMeetingScheduled,
    IndividualMeetingRecorded,
    OfferMade,
    OfferAnswered,
    RefusalJudgementRecorded,
    TrialPeriodStarted,
    TrialPeriodExtended,
    TrialPeriodConfirmed,
    TrialPeriodEnded,
    ChecklistTemplateCreated,
    QuestionRaised,
    QuestionAssigned,
    QuestionAnswered,
    QuestionPublished,
    FeedbackSaved,
    FeedbackSubmitted,
    UnionResponseSaved,
    UnionResponseSubmitted,
    FeedbackFormSet,
    FeedbackFormTemplateCreated,
    AttachmentAdded,
    AttachmentRemoved,
    ConsultationExtended,
    LateResponseAccepted,
    ThemeCreated,
    ThemeTagged,
    ThemeUntagged,
    ThemeResponded,
    OutcomeReportSaved,
    OutcomeReportCompleted,
    EmailResent,
    PreferencesSet,
    SignInLinkSent,
    /// Someone signed in through single sign-on (the provider's subject is recorded).
    SignedInWithSingleSignOn,
    /// Single sign-on set an account's role from the provider's groups claim.
    RoleSetFromGroups,
    SelectionCriteriaSet,
    SelectionAssessorsSet,
    SelectionScoreRecorded,
    SelectionScoreModerated,
    SelectionTieBroken,
    SelectionOutcomePublished,
    NoticeGiven,
    CasePaySet,
    AppealLodged,
    AppealHearingSet,
    AppealDecided,
    BundleDownloaded,
    MeetingAttendanceRecorded,
    MeetingMinutesSaved,
    MeetingMinutesShared,
    MeetingMinutesConfirmed,
    MeetingMinutesDisputed,
    MeetingDocumentTabled,
    MeetingDocumentRemoved,
    MeetingActionAgreed,
    InformationRequestLogged,
    InformationRequestAssigned,
    InformationProvided,
    InformationRequestRefused,
    GradingChallengeRaised,
    GradingChallengeDecided,
    AnswerAccepted,
    AnswerChallenged,
    ChallengeClosedWithoutAgreement,
    UnionResponseSigned,
    TeamResponseSaved,
    TeamResponseSigned,
    TeamResponseSubmitted,
    TeamResponseEndorsed,
    InformationRequestFileAdded,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::UserCreated => "user.created",
            AuditAction::UserDisabled => "user.disabled",
            AuditAction::UserEnabled => "user.enabled",
            AuditAction::ProposalCreated => "proposal.created",
            AuditAction::ProposalUpdated => "proposal.updated",
            AuditAction::ProposalSharedWithUnions => "proposal.shared_with_unions",
            AuditAction::ProposalTransition(transition) => transition.audit_name(),
            AuditAction::PayScaleSet => "pay_scale.set",
            AuditAction::EmployerPolicySet => "employer_policy.set",
            AuditAction::PostCreated => "post.created",
            AuditAction::PostUpdated => "post.updated",
            AuditAction::PostDeleted => "post.deleted",
            AuditAction::EmployeeCreated => "employee.created",
            AuditAction::EmployeeUpdated => "employee.updated",
            AuditAction::RingFenceCreated => "ring_fence.created",
            AuditAction::RingFenceUpdated => "ring_fence.updated",
            AuditAction::RingFenceDeleted => "ring_fence.deleted",
            AuditAction::LetterTemplateUpdated => "letter_template.updated",
            AuditAction::LetterTemplateReset => "letter_template.reset",
            AuditAction::LetterIssued => "letter.issued",
            AuditAction::StructureImported => "proposal.structure_imported",
            AuditAction::JobDescriptionCreated => "job_description.created",
            AuditAction::JobDescriptionVersionAdded => "job_description.version_added",
            AuditAction::DutyCommented => "job_description.duty_commented",
            AuditAction::TimetableSet => "proposal.timetable_set",
            AuditAction::MeetingScheduled => "meeting.scheduled",
            AuditAction::MeetingChanged => "meeting.changed",
            AuditAction::MeetingCancelled => "meeting.cancelled",
            AuditAction::ImplementationStepAdded => "proposal.implementation_step_added",
            AuditAction::ImplementationStepDone => "proposal.implementation_step_done",
            AuditAction::S188DisclosureGiven => "proposal.s188_disclosure_given",
            AuditAction::Hr1Recorded => "proposal.hr1_recorded",
            AuditAction::ChecklistApplied => "proposal.checklist_applied",
            AuditAction::ChecklistStepAdded => "proposal.checklist_step_added",
            AuditAction::ChecklistStepRemoved => "proposal.checklist_step_removed",
            AuditAction::ChecklistStepMoved => "proposal.checklist_step_moved",
            AuditAction::ChecklistStepCompleted => "proposal.checklist_step_completed",
            AuditAction::ApprovalDecided => "proposal.approval_decided",
            AuditAction::ApproverAssigned => "proposal.approver_assigned",
            AuditAction::ProceededWithoutReapproval => "proposal.proceeded_without_reapproval",
            AuditAction::AffectedStaffInvited => "proposal.affected_staff_invited",
            AuditAction::ProposalPseudonymised => "proposal.pseudonymised",
            AuditAction::SubjectAccessExported => "subject_access.exported",
            AuditAction::CaseOpened => "case.opened",
            AuditAction::CaseStepTaken => "case.step_taken",
            AuditAction::CaseFactsSet => "employee.case_facts_set",
            AuditAction::ProtectedCharacteristicsSet => "employee.protected_characteristics_set",
            AuditAction::SlotInThresholdSet => "proposal.slot_in_threshold_set",
            AuditAction::IndividualMeetingScheduled => "individual_meeting.scheduled",
            AuditAction::IndividualMeetingRecorded => "individual_meeting.recorded",
            AuditAction::OfferMade => "offer.made",
            AuditAction::OfferAnswered => "offer.answered",
            AuditAction::RefusalJudgementRecorded => "offer.refusal_judgement_recorded",
            AuditAction::TrialPeriodStarted => "offer.trial_started",
            AuditAction::TrialPeriodExtended => "offer.trial_extended",
            AuditAction::TrialPeriodConfirmed => "offer.trial_confirmed",
            AuditAction::TrialPeriodEnded => "offer.trial_ended",
            AuditAction::ChecklistTemplateCreated => "checklist_template.created",
            AuditAction::QuestionRaised => "question.raised",
            AuditAction::QuestionAssigned => "question.assigned",
            AuditAction::QuestionAnswered => "question.answered",
            AuditAction::QuestionPublished => "question.published",
            AuditAction::FeedbackSaved => "feedback.saved",
            AuditAction::FeedbackSubmitted => "feedback.submitted",
            AuditAction::UnionResponseSaved => "union_response.saved",
            AuditAction::UnionResponseSubmitted => "union_response.submitted",
            AuditAction::FeedbackFormSet => "proposal.feedback_form_set",
            AuditAction::FeedbackFormTemplateCreated => "feedback_form_template.created",
            AuditAction::AttachmentAdded => "union_response.attachment_added",
            AuditAction::AttachmentRemoved => "union_response.attachment_removed",
            AuditAction::ConsultationExtended => "proposal.consultation_extended",
            AuditAction::LateResponseAccepted => "proposal.late_response_accepted",
            AuditAction::ThemeCreated => "theme.created",
            AuditAction::ThemeTagged => "theme.tagged",
            AuditAction::ThemeUntagged => "theme.untagged",
            AuditAction::ThemeResponded => "theme.responded",
            AuditAction::OutcomeReportSaved => "proposal.outcome_report_saved",
            AuditAction::OutcomeReportCompleted => "proposal.outcome_report_completed",
            AuditAction::EmailResent => "email.resent",
            AuditAction::PreferencesSet => "user.preferences_set",
            AuditAction::SignInLinkSent => "user.sign_in_link_sent",
            AuditAction::SignedInWithSingleSignOn => "user.signed_in_with_single_sign_on",
            AuditAction::RoleSetFromGroups => "user.role_set_from_groups",
            AuditAction::SelectionCriteriaSet => "ring_fence.selection_criteria_set",
            AuditAction::SelectionAssessorsSet => "ring_fence.selection_assessors_set",
            AuditAction::SelectionScoreRecorded => "selection_score.recorded",
            AuditAction::SelectionScoreModerated => "selection_score.moderated",
            AuditAction::SelectionTieBroken => "ring_fence.selection_tie_broken",
            AuditAction::SelectionOutcomePublished => "ring_fence.selection_outcome_published",
            AuditAction::NoticeGiven => "case.notice_given",
            AuditAction::CasePaySet => "case.pay_set",
            AuditAction::AppealLodged => "appeal.lodged",
            AuditAction::AppealHearingSet => "appeal.hearing_set",
            AuditAction::AppealDecided => "appeal.decided",
            AuditAction::BundleDownloaded => "bundle.downloaded",
            AuditAction::MeetingAttendanceRecorded => "meeting.attendance_recorded",
            AuditAction::MeetingMinutesSaved => "meeting.minutes_saved",
            AuditAction::MeetingMinutesShared => "meeting.minutes_shared",
            AuditAction::MeetingMinutesConfirmed => "meeting.minutes_confirmed",
            AuditAction::MeetingMinutesDisputed => "meeting.minutes_disputed",
            AuditAction::MeetingDocumentTabled => "meeting.document_tabled",
            AuditAction::MeetingDocumentRemoved => "meeting.document_removed",
            AuditAction::MeetingActionAgreed => "meeting.action_agreed",
            AuditAction::InformationRequestLogged => "information_request.logged",
            AuditAction::InformationRequestAssigned => "information_request.assigned",
            AuditAction::InformationProvided => "information_request.provided",
            AuditAction::InformationRequestRefused => "information_request.refused",
            AuditAction::GradingChallengeRaised => "grading_challenge.raised",
            AuditAction::GradingChallengeDecided => "grading_challenge.decided",
            AuditAction::AnswerAccepted => "question.answer_accepted",
            AuditAction::AnswerChallenged => "question.answer_challenged",
            AuditAction::ChallengeClosedWithoutAgreement => {
                "question.challenge_closed_without_agreement"
            }
            AuditAction::UnionResponseSigned => "union_response.signed",
            AuditAction::TeamResponseSaved => "team_response.saved",
            AuditAction::TeamResponseSigned => "team_response.signed",
            AuditAction::TeamResponseSubmitted => "team_response.submitted",
            AuditAction::TeamResponseEndorsed => "team_response.endorsed",
            AuditAction::InformationRequestFileAdded => "information_request.file_added",
        }
    }

    /// The kind of entity the action changes.
    pub fn entity_type(self) -> &'static str {
        match self {
            AuditAction::UserCreated | AuditAction::UserDisabled | AuditAction::UserEnabled => {
                "user"
            }
            AuditAction::EmailResent => "outbox_message",
            AuditAction::PreferencesSet
            | AuditAction::SignInLinkSent
            | AuditAction::SignedInWithSingleSignOn
            | AuditAction::RoleSetFromGroups => "user",
            AuditAction::FeedbackFormSet => "proposal",
            AuditAction::FeedbackFormTemplateCreated => "feedback_form_template",
            AuditAction::AttachmentAdded => "union_response",
            AuditAction::AttachmentRemoved => "union_response",
            AuditAction::ConsultationExtended => "proposal",
            AuditAction::LateResponseAccepted => "proposal",
            AuditAction::ThemeCreated => "theme",
            AuditAction::ThemeTagged => "theme",
            AuditAction::ThemeUntagged => "theme",
            AuditAction::ThemeResponded => "theme",
            AuditAction::OutcomeReportSaved => "proposal",
            AuditAction::OutcomeReportCompleted => "proposal",
            AuditAction::ChecklistTemplateCreated => "checklist_template",
            AuditAction::QuestionRaised
            | AuditAction::QuestionAssigned
            | AuditAction::QuestionAnswered
            | AuditAction::QuestionPublished
            | AuditAction::AnswerAccepted
            | AuditAction::AnswerChallenged
            | AuditAction::ChallengeClosedWithoutAgreement => "question",
            AuditAction::FeedbackSaved | AuditAction::FeedbackSubmitted => "feedback_response",
            AuditAction::UnionResponseSaved | AuditAction::UnionResponseSubmitted => {
                "union_response"
            }
            AuditAction::ProposalCreated
            | AuditAction::ProposalUpdated
            | AuditAction::ProposalSharedWithUnions
            | AuditAction::ProposalTransition(_)
            | AuditAction::StructureImported => "proposal",
            AuditAction::PayScaleSet => "pay_scale",
            AuditAction::EmployerPolicySet => "employer_policy",
            AuditAction::PostCreated | AuditAction::PostUpdated | AuditAction::PostDeleted => {
                "post"
            }
            AuditAction::EmployeeCreated
            | AuditAction::EmployeeUpdated
            | AuditAction::CaseFactsSet
            | AuditAction::ProtectedCharacteristicsSet => "employee",
            AuditAction::CaseOpened
            | AuditAction::CaseStepTaken
            | AuditAction::NoticeGiven
            | AuditAction::CasePaySet => "individual_case",
            AuditAction::AppealLodged
            | AuditAction::AppealHearingSet
            | AuditAction::AppealDecided => "case_appeal",
            AuditAction::IndividualMeetingScheduled | AuditAction::IndividualMeetingRecorded => {
                "individual_meeting"
            }
            AuditAction::OfferMade
            | AuditAction::OfferAnswered
            | AuditAction::RefusalJudgementRecorded
            | AuditAction::TrialPeriodStarted
            | AuditAction::TrialPeriodExtended
            | AuditAction::TrialPeriodConfirmed
            | AuditAction::TrialPeriodEnded => "offer",
            AuditAction::SlotInThresholdSet => "proposal",
            AuditAction::RingFenceCreated
            | AuditAction::RingFenceUpdated
            | AuditAction::RingFenceDeleted
            | AuditAction::SelectionCriteriaSet
            | AuditAction::SelectionAssessorsSet
            | AuditAction::SelectionTieBroken
            | AuditAction::SelectionOutcomePublished => "ring_fence",
            AuditAction::SelectionScoreRecorded | AuditAction::SelectionScoreModerated => {
                "selection_score"
            }
            AuditAction::LetterTemplateUpdated | AuditAction::LetterTemplateReset => {
                "letter_template"
            }
            AuditAction::LetterIssued => "letter",
            AuditAction::BundleDownloaded => "proposal",
            AuditAction::JobDescriptionCreated
            | AuditAction::JobDescriptionVersionAdded
            | AuditAction::DutyCommented => "job_description",
            AuditAction::MeetingScheduled
            | AuditAction::MeetingChanged
            | AuditAction::MeetingCancelled
            | AuditAction::MeetingAttendanceRecorded
            | AuditAction::MeetingMinutesSaved
            | AuditAction::MeetingMinutesShared
            | AuditAction::MeetingMinutesConfirmed
            | AuditAction::MeetingMinutesDisputed
            | AuditAction::MeetingDocumentTabled
            | AuditAction::MeetingDocumentRemoved
            | AuditAction::MeetingActionAgreed => "meeting",
            AuditAction::InformationRequestLogged
            | AuditAction::InformationRequestAssigned
            | AuditAction::InformationProvided
            | AuditAction::InformationRequestRefused
            | AuditAction::InformationRequestFileAdded => "information_request",
            AuditAction::UnionResponseSigned => "union_response",
            AuditAction::TeamResponseSaved
            | AuditAction::TeamResponseSigned
            | AuditAction::TeamResponseSubmitted
            | AuditAction::TeamResponseEndorsed => "team_response",
            AuditAction::TimetableSet
            | AuditAction::ImplementationStepAdded
            | AuditAction::ImplementationStepDone
            | AuditAction::S188DisclosureGiven
            | AuditAction::Hr1Recorded
            | AuditAction::ChecklistApplied
            | AuditAction::ChecklistStepAdded
            | AuditAction::ChecklistStepRemoved
            | AuditAction::ChecklistStepMoved
            | AuditAction::ChecklistStepCompleted
            | AuditAction::ApprovalDecided
            | AuditAction::ApproverAssigned
            | AuditAction::ProceededWithoutReapproval
            | AuditAction::AffectedStaffInvited
            | AuditAction::ProposalPseudonymised => "proposal",
            AuditAction::SubjectAccessExported => "person",
            AuditAction::GradingChallengeRaised | AuditAction::GradingChallengeDecided => {
                "grading_challenge"
            }
        }
    }
}

/// From (inclusive) and until (exclusive), either open.
pub type InstantRange = (
    Option<chrono::DateTime<chrono::Utc>>,
    Option<chrono::DateTime<chrono::Utc>>,
);

/// The instants a date range of the audit log covers: from the start of `from` to the end of
/// `to`, both London days (the calendar HR reads the log in), either end open. A range that
/// ends before it starts is refused rather than answered with nothing.
pub fn occurred_between(
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> Result<InstantRange, super::DomainError> {
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        return Err(super::DomainError::bad_input(
            "to",
            "The end date must be the same as or after the start date.",
        ));
    }
    let start = from.map(super::proposal::start_of_day);
    let end = to
        .and_then(|to| to.succ_opt())
        .map(super::proposal::start_of_day);
    Ok((start, end))
}

#[cfg(test)]
mod range_tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_range_covers_whole_london_days() {
        // 1 June is in BST: it starts at 23:00 UTC on 31 May; 2 June ends at 23:00 UTC on 2 June.
        let (start, end) = occurred_between(Some(day(2026, 6, 1)), Some(day(2026, 6, 2))).unwrap();
        assert_eq!(
            start,
            Some(Utc.with_ymd_and_hms(2026, 5, 31, 23, 0, 0).unwrap())
        );
        assert_eq!(
            end,
            Some(Utc.with_ymd_and_hms(2026, 6, 2, 23, 0, 0).unwrap())
        );
        assert_eq!(occurred_between(None, None).unwrap(), (None, None));
        assert!(occurred_between(Some(day(2026, 6, 2)), Some(day(2026, 6, 1))).is_err());
    }
}
