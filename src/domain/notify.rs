//! Which emails a proposal's state calls for, to whom and when. docs/design.md, "Notifications".
//! The plan is a pure function of the proposal's facts: the store writes it to the outbox in
//! the transaction of every change, so a moved date re-plans its reminders and a withdrawal
//! cancels them. Each message has a dedupe key (milestone, proposal, recipient, occurrence);
//! the outbox holds one row per key, so nobody gets the same milestone twice.

use super::proposal::ProposalStatus;
use super::working_days;
use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde_json::{Value, json};
use uuid::Uuid;

/// Attempts before a message is given up as dead (then HR sees it and can resend).
pub const MAX_ATTEMPTS: i32 = 6;

/// A worker's lease on the messages it claims: how long it may hold them before another may
/// take them back (`after_lease_expired` says how).
pub const CLAIM_SECONDS: i64 = 300;

/// Wait before the next attempt after `attempts` failures: 30 s, 1, 2, 4, 8 min, ... capped at
/// an hour.
pub fn backoff_seconds(attempts: i32) -> i64 {
    let exponent = attempts.clamp(1, 12) as u32 - 1;
    (30_i64 * 2_i64.pow(exponent)).min(3600)
}

/// What an email is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Milestone {
    Invitation,
    ProposalPublished,
    ConsultationOpened,
    ConsultationClosesInAWeek,
    ConsultationClosesTomorrow,
    ConsultationClosed,
    Hr1DueInAWeek,
    Hr1DueToday,
    MinimumPeriodEnds,
    DisclosureUpdateDue,
    MeetingInvitation,
    MeetingUpdated,
    MeetingCancelled,
    QuestionAnswered,
    QuestionDueTomorrow,
    QuestionOverdue,
    QuestionOverdueToHr,
    StepDue,
    StepOverdue,
    ApprovalRequested,
    DecisionPublished,
    ImplementationStepDue,
    /// A letter of the individual stage has been issued to an employee (sent once, when HR
    /// issues it; never re-planned).
    LetterIssued,
    /// An invitation to an individual consultation meeting about one person's case (issue
    /// 16). Not planned from the proposal's state: the cases store adds it once per meeting.
    IndividualMeetingInvitation,
    /// Notice of dismissal given to an employee: the last day and the right of appeal.
    NoticeGiven,
    /// An employee's appeal deadline is near. Cancelled when they lodge an appeal or the case
    /// is withdrawn.
    AppealDeadline,
    /// An appeal hearing set or moved (with the .ics invite).
    AppealHearing,
    /// An offer of suitable alternative employment for the employee to answer by a date
    /// (issue 16; ERA 1996 s138, s141). Added once per offer by the offers store.
    OfferToAnswer,
    /// A reminder to answer an offer, the working day before its answer-by day. Added with the
    /// offer; cancelled when the employee answers or the case is withdrawn.
    OfferAnswerDue,
    /// A trial period in a new post ends in a few working days (ERA 1996 s138(3)): to the
    /// employee, the proposal's manager and HR. Added when the trial starts (or is extended);
    /// cancelled by the offers store when the trial is confirmed, ended or moved.
    TrialPeriodEnding,
    /// Minutes of a consultation meeting shared with the union side for review (issue 17):
    /// to the representatives of the proposal's recognised unions, once per version shared.
    MinutesReady,
    /// Every recognised union confirmed a version of the minutes: to HR and the
    /// representatives.
    MinutesConfirmed,
    /// A union recorded that it disagrees with the minutes: to HR.
    MinutesDisputed,
    /// HR reminds an affected member of staff who has not responded yet (issue 18): sent
    /// when HR asks, at most once a day per person, never planned.
    ResponseReminder,
    /// A receipt to a member of staff for their feedback response, submitted or changed
    /// after submitting (issue 18): a copy of their answers. Added once per saved version.
    FeedbackReceipt,
    /// An open question nobody owns: HR is asked to assign it, once per question, the next
    /// working morning after it was raised. Cancelled once it has an owner or an answer.
    QuestionUnassigned,
    /// The proposal was withdrawn, with HR's reason: to everyone it had been shared with
    /// (HR, the sponsor, representatives once shared with the unions, staff once consultation
    /// opened). Planned for a withdrawn proposal, so the withdrawal's re-plan keeps it.
    ProposalWithdrawn,
    /// The consultation's last day moved while consulting: to staff and representatives, with
    /// the old and the new day, once per new day. Added by the change itself (the plan reads
    /// no earlier day), so never re-planned.
    ConsultationEndChanged,
    /// A checklist step planned for after the consultation closes (`signoff::is_after_close`)
    /// falls due before it has closed: HR hears, once, instead of its assignees being
    /// reminded to do it (a reminder to confirm a proposal while staff are still responding
    /// reads as predetermination).
    StepDueDuringConsultation,
    /// A union's information request was logged (issue 20): to its owner, or HR while it has
    /// none. Added by the request itself, never re-planned.
    InformationRequestReceived,
    /// An open information request is due on the next working day: to its owner (or HR).
    /// Added with the request; cancelled when it is answered or its due date or owner moves.
    InformationRequestDueTomorrow,
    /// An information request is past its due date: to its owner and HR. Cancelled likewise.
    InformationRequestOverdue,
    /// An information request was answered (provided, or refused with the reason): to the
    /// representatives of the union that asked.
    InformationRequestProvided,
    /// A grading challenge was raised on a revised JD (issue 20): to HR, once per challenge.
    GradingChallengeReceived,
    /// HR recorded the outcome of a grading challenge: to the challenger, once.
    GradingChallengeDecided,
    /// The raiser of a question (or their union) challenged its answer (issue 20): to its
    /// owner (HR when it has none), once per challenge. The question is open again, with a
    /// new due date, and its due-tomorrow and overdue reminders apply again.
    QuestionChallenged,
    /// A response names the recipient, who is asked to sign it (issue 20): the reps of a
    /// union named on a joint response once another union has signed; a colleague named on
    /// a team response when it is drafted. Sent once per version asking, never planned.
    SignatureRequested,
}

impl Milestone {
    pub const ALL: [Milestone; 47] = [
        Self::Invitation,
        Self::ProposalPublished,
        Self::ConsultationOpened,
        Self::ConsultationClosesInAWeek,
        Self::ConsultationClosesTomorrow,
        Self::ConsultationClosed,
        Self::Hr1DueInAWeek,
        Self::Hr1DueToday,
        Self::MinimumPeriodEnds,
        Self::DisclosureUpdateDue,
        Self::MeetingInvitation,
        Self::MeetingUpdated,
        Self::MeetingCancelled,
        Self::QuestionAnswered,
        Self::QuestionDueTomorrow,
        Self::QuestionOverdue,
        Self::QuestionOverdueToHr,
        Self::StepDue,
        Self::StepOverdue,
        Self::ApprovalRequested,
        Self::DecisionPublished,
        Self::ImplementationStepDue,
        Self::LetterIssued,
        Self::IndividualMeetingInvitation,
        Self::NoticeGiven,
        Self::AppealDeadline,
        Self::AppealHearing,
        Self::OfferToAnswer,
        Self::OfferAnswerDue,
        Self::TrialPeriodEnding,
        Self::MinutesReady,
        Self::MinutesConfirmed,
        Self::MinutesDisputed,
        Self::ResponseReminder,
        Self::FeedbackReceipt,
        Self::QuestionUnassigned,
        Self::ProposalWithdrawn,
        Self::ConsultationEndChanged,
        Self::StepDueDuringConsultation,
        Self::InformationRequestReceived,
        Self::InformationRequestDueTomorrow,
        Self::InformationRequestOverdue,
        Self::InformationRequestProvided,
        Self::GradingChallengeReceived,
        Self::GradingChallengeDecided,
        Self::QuestionChallenged,
        Self::SignatureRequested,
    ];

    /// The template's name; also the milestone's stable name in the outbox.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invitation => "invitation",
            Self::ProposalPublished => "proposal_published",
            Self::ConsultationOpened => "consultation_opened",
            Self::ConsultationClosesInAWeek => "consultation_closes_in_a_week",
            Self::ConsultationClosesTomorrow => "consultation_closes_tomorrow",
            Self::ConsultationClosed => "consultation_closed",
            Self::Hr1DueInAWeek => "hr1_due_in_a_week",
            Self::Hr1DueToday => "hr1_due_today",
            Self::MinimumPeriodEnds => "minimum_period_ends",
            Self::DisclosureUpdateDue => "disclosure_update_due",
            Self::MeetingInvitation => "meeting_invitation",
            Self::MeetingUpdated => "meeting_updated",
            Self::MeetingCancelled => "meeting_cancelled",
            Self::QuestionAnswered => "question_answered",
            Self::QuestionDueTomorrow => "question_due_tomorrow",
            Self::QuestionOverdue => "question_overdue",
            Self::QuestionOverdueToHr => "question_overdue_to_hr",
            Self::StepDue => "step_due",
            Self::StepOverdue => "step_overdue",
            Self::ApprovalRequested => "approval_requested",
            Self::DecisionPublished => "decision_published",
            Self::ImplementationStepDue => "implementation_step_due",
            Self::LetterIssued => "letter_issued",
            Self::IndividualMeetingInvitation => "individual_meeting_invitation",
            Self::NoticeGiven => "notice_given",
            Self::AppealDeadline => "appeal_deadline",
            Self::AppealHearing => "appeal_hearing",
            Self::OfferToAnswer => "offer_to_answer",
            Self::OfferAnswerDue => "offer_answer_due",
            Self::TrialPeriodEnding => "trial_period_ending",
            Self::MinutesReady => "minutes_ready",
            Self::MinutesConfirmed => "minutes_confirmed",
            Self::MinutesDisputed => "minutes_disputed",
            Self::ResponseReminder => "response_reminder",
            Self::FeedbackReceipt => "feedback_receipt",
            Self::QuestionUnassigned => "question_unassigned",
            Self::ProposalWithdrawn => "proposal_withdrawn",
            Self::ConsultationEndChanged => "consultation_end_changed",
            Self::StepDueDuringConsultation => "step_due_during_consultation",
            Self::InformationRequestReceived => "information_request_received",
            Self::InformationRequestDueTomorrow => "information_request_due_tomorrow",
            Self::InformationRequestOverdue => "information_request_overdue",
            Self::InformationRequestProvided => "information_request_provided",
            Self::GradingChallengeReceived => "grading_challenge_received",
            Self::GradingChallengeDecided => "grading_challenge_decided",
            Self::QuestionChallenged => "question_challenged",
            Self::SignatureRequested => "signature_requested",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == value)
    }

    /// Whether it may wait for the recipient's daily digest when they chose one: not a
    /// statutory notice, and not a meeting's invitation, update or cancellation, which carry
    /// the calendar entry (a digest has none) and may be about a meeting the next morning.
    pub fn may_wait_for_digest(self) -> bool {
        !self.statutory()
            && !matches!(
                self,
                Self::MeetingInvitation | Self::MeetingUpdated | Self::MeetingCancelled
            )
    }

    /// Statutory notices (consultation opening and closing, HR1 and the s188 period,
    /// decisions) always go at once, never in a digest.
    pub fn statutory(self) -> bool {
        matches!(
            self,
            Self::ConsultationOpened
                | Self::ConsultationClosesInAWeek
                | Self::ConsultationClosesTomorrow
                | Self::ConsultationClosed
                | Self::Hr1DueInAWeek
                | Self::Hr1DueToday
                | Self::MinimumPeriodEnds
                | Self::DecisionPublished
                | Self::LetterIssued
                | Self::NoticeGiven
                | Self::AppealDeadline
                | Self::AppealHearing
                | Self::ProposalWithdrawn
                | Self::ConsultationEndChanged
        )
    }

    /// Whether the proposal's plan (`plan`) calls for it, so that a re-plan may cancel it
    /// when the plan no longer does. A case's messages (a letter issued, an individual
    /// meeting) are sent because HR acted on one person's case, not planned: no re-plan
    /// touches them.
    pub fn planned(self) -> bool {
        !matches!(
            self,
            Self::LetterIssued
                | Self::IndividualMeetingInvitation
                | Self::NoticeGiven
                | Self::AppealDeadline
                | Self::AppealHearing
                | Self::OfferToAnswer
                | Self::OfferAnswerDue
                | Self::TrialPeriodEnding
                | Self::MinutesReady
                | Self::MinutesConfirmed
                | Self::MinutesDisputed
                | Self::ResponseReminder
                | Self::FeedbackReceipt
                | Self::ConsultationEndChanged
                | Self::InformationRequestReceived
                | Self::InformationRequestDueTomorrow
                | Self::InformationRequestOverdue
                | Self::InformationRequestProvided
                | Self::GradingChallengeReceived
                | Self::GradingChallengeDecided
                | Self::SignatureRequested
        )
    }

    /// The start of the dedupe key of this milestone's messages about one employee's case
    /// (the occurrence follows), so that a step making them moot cancels them all in one
    /// statement (`outbox::cancel_case_messages`).
    pub fn case_prefix(self, employee_id: Uuid) -> String {
        format!("{}:{employee_id}:", self.as_str())
    }
}

/// 09:00 on a day in Europe/London, when reminders go out.
pub fn morning_of(day: NaiveDate) -> DateTime<Utc> {
    let nine = NaiveTime::from_hms_opt(9, 0, 0).expect("a valid time");
    London
        .from_local_datetime(&day.and_time(nine))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&day.and_time(nine)))
}

/// When a non-statutory reminder due at `due` goes: then if that is a working day in
/// England and Wales (`working_days`), else 09:00 London on the next working day. Nobody is
/// chased on a weekend or a bank holiday.
pub fn on_working_day(due: DateTime<Utc>) -> DateTime<Utc> {
    let day = due.with_timezone(&London).date_naive();
    if working_days::is_working_day(day) {
        due
    } else {
        morning_of(working_days::add_working_days(day, 0))
    }
}

/// The last working day before `day`: when a reminder that must come before a deadline
/// goes, if the day before the deadline is not a working day.
fn working_day_before(day: NaiveDate) -> Option<NaiveDate> {
    let mut d = day.pred_opt()?;
    while !working_days::is_working_day(d) {
        d = d.pred_opt()?;
    }
    Some(d)
}

/// What a statutory date is, when it is not a working day: "a bank holiday (Christmas
/// Day)", "a Saturday", "a Sunday". Statutory dates are not moved, but the email says so.
pub fn non_working_day(day: NaiveDate) -> Option<String> {
    use chrono::{Datelike, Weekday};
    if let Some(name) = working_days::bank_holiday_name(day) {
        return Some(format!("a bank holiday ({name})"));
    }
    match day.weekday() {
        Weekday::Sat => Some("a Saturday".into()),
        Weekday::Sun => Some("a Sunday".into()),
        _ => None,
    }
}

/// When a digest collects a non-statutory notice due at `due`: 08:00 London on or after it.
pub fn digest_time(due: DateTime<Utc>) -> DateTime<Utc> {
    let local = due.with_timezone(&London);
    let eight = NaiveTime::from_hms_opt(8, 0, 0).expect("a valid time");
    let day = if local.time() <= eight {
        local.date_naive()
    } else {
        local.date_naive() + Days::new(1)
    };
    London
        .from_local_datetime(&day.and_time(eight))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(due)
}

/// A meeting as its invitations need it.
#[derive(Debug, Clone)]
pub struct MeetingFacts {
    pub id: Uuid,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub sequence: i32,
    pub cancelled: bool,
    pub invitees: Vec<Uuid>,
    /// Employees invited by name who have no account yet: their notices go to their work
    /// email (an account of that address later hears as one of `invitees`).
    pub invited_addresses: Vec<InvitedAddress>,
}

/// An employee invited by name, reached at their work email.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InvitedAddress {
    pub email: String,
    pub name: String,
}

impl MeetingFacts {
    /// The notice it calls for on `today` and the occurrence that keys it: an invitation, an
    /// update for each move, a cancellation; none for a meeting already held.
    fn notice(&self, today: NaiveDate) -> Option<(Milestone, String)> {
        if self.starts_at.with_timezone(&London).date_naive() < today {
            return None;
        }
        Some(if self.cancelled {
            (Milestone::MeetingCancelled, format!("{}", self.id))
        } else if self.sequence == 0 {
            (Milestone::MeetingInvitation, format!("{}", self.id))
        } else {
            (
                Milestone::MeetingUpdated,
                format!("{}:{}", self.id, self.sequence),
            )
        })
    }

    fn data(&self) -> Value {
        json!({
            "meetingId": self.id,
            "meetingTitle": self.title,
            "startsAt": self.starts_at,
        })
    }
}

/// A question as its reminders need it.
#[derive(Debug, Clone)]
pub struct QuestionFacts {
    pub id: Uuid,
    pub text: String,
    pub asker: Option<Uuid>,
    pub owner: Option<Uuid>,
    pub raised_on: NaiveDate,
    pub due_on: NaiveDate,
    pub answered: bool,
    /// How many times its answers were challenged.
    pub challenges: u32,
}

/// A sign-off step or an implementation step.
#[derive(Debug, Clone)]
pub struct StepFacts {
    pub id: Uuid,
    pub title: String,
    pub due_on: Option<NaiveDate>,
    pub assignees: Vec<Uuid>,
    pub done: bool,
}

/// An approval waiting for its approver.
#[derive(Debug, Clone)]
pub struct ApprovalFacts {
    pub id: Uuid,
    pub approver_title: String,
    pub approvers: Vec<Uuid>,
    pub decided: bool,
}

/// What the plan reads about one proposal.
#[derive(Debug, Clone)]
pub struct ProposalFacts {
    pub id: Uuid,
    pub title: String,
    pub status: ProposalStatus,
    pub shared_with_unions: bool,
    pub consultation: Option<(NaiveDate, NaiveDate)>,
    /// HR recorded the opening after the fact (`openConsultation` with `occurredOn`).
    pub opening_backdated: bool,
    /// Accounts of the staff the proposal names.
    pub staff: Vec<Uuid>,
    /// Accounts of the representatives of its recognised unions.
    pub reps: Vec<Uuid>,
    pub hr: Vec<Uuid>,
    /// The proposal's sponsor's account.
    pub sponsor: Vec<Uuid>,
    /// Consultation has been opened (staff were then told of the proposal); stays true once
    /// withdrawn.
    pub consultation_opened: bool,
    /// HR's reason, once withdrawn.
    pub withdrawn_reason: Option<String>,
    /// Who has submitted a response (reps: their union has).
    pub responded: Vec<Uuid>,
    pub meetings: Vec<MeetingFacts>,
    pub questions: Vec<QuestionFacts>,
    pub checklist: Vec<StepFacts>,
    pub approvals: Vec<ApprovalFacts>,
    pub implementation_steps: Vec<StepFacts>,
    pub hr1_due: Option<NaiveDate>,
    /// HR recorded the HR1 notification (`recordHr1Notification`): its reminders stop.
    pub hr1_made: bool,
    pub minimum_period_ends: Option<NaiveDate>,
    pub disclosure_update_due: bool,
    /// The day HR closed the consultation (`closeConsultation`), when it has.
    pub closed_on: Option<NaiveDate>,
}

/// When a planned message is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// As soon as possible (an event just happened); a re-plan keeps the first due time.
    Now,
    /// A reminder for a date.
    At(DateTime<Utc>),
}

/// Whether the proposal's meetings are announced yet: once it is shared with the unions or
/// consultation has begun. A withdrawn proposal keeps the announcements it had made, so that
/// the cancellations of its meetings reach those invited.
fn meetings_announced(facts: &ProposalFacts) -> bool {
    facts.shared_with_unions
        || facts.consultation_opened
        || facts.status.rank() >= ProposalStatus::Consulting.rank()
}

/// The notice a meeting calls for on `today`, and the occurrence that keys it: none before
/// the meetings are announced, and for a withdrawn proposal only the cancellation of a
/// meeting its withdrawal cancelled (`timetable::cancelled_by_withdrawal`).
fn meeting_notice(
    facts: &ProposalFacts,
    meeting: &MeetingFacts,
    today: NaiveDate,
) -> Option<(Milestone, String)> {
    if !meetings_announced(facts) {
        return None;
    }
    let withdrawn = facts.status == ProposalStatus::Withdrawn;
    meeting
        .notice(today)
        .filter(|(milestone, _)| !withdrawn || *milestone == Milestone::MeetingCancelled)
}

/// Who hears that the proposal was withdrawn: everyone it had been shared with. HR and the
/// sponsor always; the representatives of its recognised unions once it was shared with
/// them or consultation opened; the staff it names once consultation opened (they heard of
/// it then). Each once.
pub fn told_of_withdrawal(facts: &ProposalFacts) -> Vec<Uuid> {
    let mut people: Vec<Uuid> = facts.hr.iter().chain(&facts.sponsor).copied().collect();
    if facts.shared_with_unions || facts.consultation_opened {
        people.extend(&facts.reps);
    }
    if facts.consultation_opened {
        people.extend(&facts.staff);
    }
    let mut seen = std::collections::HashSet::new();
    people.retain(|p| seen.insert(*p));
    people
}

/// What every email about the proposal shows, with `extra`.
fn proposal_data(facts: &ProposalFacts, extra: Value) -> Value {
    let mut data = json!({
        "proposalId": facts.id,
        "proposalTitle": facts.title,
        "proposalPath": format!("/proposals/{}", facts.id),
    });
    if let (Value::Object(data), Value::Object(extra)) = (&mut data, extra) {
        data.extend(extra);
    }
    data
}

/// The emails a change of the consultation's last day from `previous` to `end` calls for:
/// while consulting, to the staff and representatives the proposal is shared with, with both
/// days; keyed by the new day, so each change is told once. Nothing for a day unchanged, or
/// outside consultation (before it opens the opening email gives the dates; once closed,
/// the day no longer moves).
pub fn end_change(facts: &ProposalFacts, previous: NaiveDate, end: NaiveDate) -> Vec<Planned> {
    if facts.status != ProposalStatus::Consulting || previous == end {
        return Vec::new();
    }
    let mut seen = std::collections::HashSet::new();
    facts
        .staff
        .iter()
        .chain(&facts.reps)
        .filter(|p| seen.insert(**p))
        .map(|recipient| Planned {
            dedupe_key: key(
                Milestone::ConsultationEndChanged,
                facts.id,
                *recipient,
                &end.to_string(),
            ),
            milestone: Milestone::ConsultationEndChanged,
            recipient: *recipient,
            due: Due::Now,
            data: proposal_data(
                facts,
                json!({ "previousEnd": previous, "consultationEnd": end }),
            ),
        })
        .collect()
}

/// The start of the dedupe keys of a proposal's end-date changes, so that a withdrawal
/// cancels those not yet sent (`outbox::cancel_case_messages`).
pub fn end_change_prefix(proposal: Uuid) -> String {
    format!("{}:{proposal}:", Milestone::ConsultationEndChanged.as_str())
}

/// A meeting's notice to an address with no account behind it (an employee invited by name,
/// at their work email). Due at once, like every meeting notice.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedToAddress {
    pub dedupe_key: String,
    pub milestone: Milestone,
    pub email: String,
    pub data: Value,
}

/// The meeting notices the proposal's state calls for to invited employees without an
/// account, on `today`: the same notices `plan` gives their colleagues with one.
pub fn plan_to_addresses(facts: &ProposalFacts, today: NaiveDate) -> Vec<PlannedToAddress> {
    let mut out = Vec::new();
    for m in &facts.meetings {
        let Some((milestone, occurrence)) = meeting_notice(facts, m, today) else {
            continue;
        };
        for invited in &m.invited_addresses {
            out.push(PlannedToAddress {
                dedupe_key: format!(
                    "{}:{}:{}:{occurrence}",
                    milestone.as_str(),
                    facts.id,
                    invited.email
                ),
                milestone,
                email: invited.email.clone(),
                // No account holds their name: the message does.
                data: json!({
                    "proposalId": facts.id,
                    "proposalTitle": facts.title,
                    "proposalPath": format!("/proposals/{}", facts.id),
                    "meetingId": m.id,
                    "meetingTitle": m.title,
                    "startsAt": m.starts_at,
                    "recipientName": invited.name,
                }),
            });
        }
    }
    out
}

/// One email the proposal's state calls for.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub dedupe_key: String,
    pub milestone: Milestone,
    pub recipient: Uuid,
    pub due: Due,
    /// What the template shows.
    pub data: Value,
}

fn key(milestone: Milestone, proposal: Uuid, recipient: Uuid, occurrence: &str) -> String {
    format!("{}:{proposal}:{recipient}:{occurrence}", milestone.as_str())
}

/// Whether the "consultation has started, you can respond" email is called for: not for a
/// consultation HR recorded after the fact, nor for one whose last day has passed; nobody
/// can respond to either.
pub fn announces_opening(facts: &ProposalFacts, today: NaiveDate) -> bool {
    !facts.opening_backdated && facts.consultation.is_none_or(|(_, end)| end >= today)
}

/// Every email the proposal's state calls for on `today` (Europe/London). Reminders for a day
/// already past are not planned (their moment is gone); everything else stays planned, and the
/// outbox's one row per key keeps what was sent from going again.
pub fn plan(facts: &ProposalFacts, today: NaiveDate) -> Vec<Planned> {
    let mut out = Vec::new();
    let proposal = facts.id;
    let base = |extra: Value| proposal_data(facts, extra);
    let mut push =
        |milestone: Milestone, recipients: &[Uuid], occurrence: &str, due: Due, data: Value| {
            for recipient in recipients {
                out.push(Planned {
                    dedupe_key: key(milestone, proposal, *recipient, occurrence),
                    milestone,
                    recipient: *recipient,
                    due,
                    data: data.clone(),
                });
            }
        };
    // Withdrawn: everyone it was shared with hears why, and those invited to a meeting it
    // cancelled get the cancellation; nothing else is called for any more.
    if facts.status == ProposalStatus::Withdrawn {
        push(
            Milestone::ProposalWithdrawn,
            &told_of_withdrawal(facts),
            "",
            Due::Now,
            base(json!({ "reason": facts.withdrawn_reason })),
        );
        for m in &facts.meetings {
            if let Some((milestone, occurrence)) = meeting_notice(facts, m, today) {
                push(
                    milestone,
                    &m.invitees,
                    &occurrence,
                    Due::Now,
                    base(m.data()),
                );
            }
        }
        return out;
    }
    let reminder = |day: NaiveDate| (day >= today).then(|| Due::At(morning_of(day)));
    let reached = |status: ProposalStatus| facts.status.rank() >= status.rank();
    let consulting_or_later = reached(ProposalStatus::Consulting);

    if facts.shared_with_unions {
        push(
            Milestone::ProposalPublished,
            &facts.reps,
            "",
            Due::Now,
            base(json!({})),
        );
    }
    if consulting_or_later {
        push(
            Milestone::ProposalPublished,
            &facts.staff,
            "",
            Due::Now,
            base(json!({})),
        );
        let everyone: Vec<Uuid> = facts.staff.iter().chain(&facts.reps).copied().collect();
        let dates = facts.consultation.map_or(
            json!({}),
            |(start, end)| json!({ "consultationStart": start, "consultationEnd": end }),
        );
        if announces_opening(facts, today) {
            push(
                Milestone::ConsultationOpened,
                &everyone,
                "",
                Due::Now,
                base(dates),
            );
        }
    }
    if facts.status == ProposalStatus::Consulting
        && let Some((_, end)) = facts.consultation
    {
        let responded: std::collections::HashSet<&Uuid> = facts.responded.iter().collect();
        let waiting = |people: &[Uuid]| -> Vec<Uuid> {
            people
                .iter()
                .filter(|p| !responded.contains(p))
                .copied()
                .collect()
        };
        let occurrence = end.to_string();
        // Staff may respond in their own name or confidentially to HR; a representative
        // responds for their union, so their reminder says that instead.
        for (people, to_rep) in [(waiting(&facts.staff), false), (waiting(&facts.reps), true)] {
            let data = base(json!({
                "consultationEnd": end,
                "nonWorkingDay": non_working_day(end),
                "toRep": to_rep,
            }));
            if let Some(due) = end.checked_sub_days(Days::new(7)).and_then(reminder) {
                push(
                    Milestone::ConsultationClosesInAWeek,
                    &people,
                    &occurrence,
                    due,
                    data.clone(),
                );
            }
            if let Some(due) = end.checked_sub_days(Days::new(1)).and_then(reminder) {
                push(
                    Milestone::ConsultationClosesTomorrow,
                    &people,
                    &occurrence,
                    due,
                    data,
                );
            }
        }
    }
    if reached(ProposalStatus::ConsultationClosed) {
        // The day it closed: its last day, or the day HR closed it if that came first.
        let closed_on = match (facts.consultation.map(|(_, end)| end), facts.closed_on) {
            (Some(end), Some(closed)) => Some(end.min(closed)),
            (end, closed) => end.or(closed),
        };
        let responded: std::collections::HashSet<&Uuid> = facts.responded.iter().collect();
        let everyone: Vec<Uuid> = facts.staff.iter().chain(&facts.reps).copied().collect();
        // Only those who responded are thanked for taking part.
        for took_part in [true, false] {
            let people: Vec<Uuid> = everyone
                .iter()
                .filter(|p| responded.contains(p) == took_part)
                .copied()
                .collect();
            push(
                Milestone::ConsultationClosed,
                &people,
                "",
                Due::Now,
                base(json!({ "closedOn": closed_on, "responded": took_part })),
            );
        }
    }
    if reached(ProposalStatus::Decided) {
        let everyone: Vec<Uuid> = facts
            .staff
            .iter()
            .chain(&facts.reps)
            .chain(&facts.hr)
            .copied()
            .collect();
        push(
            Milestone::DecisionPublished,
            &everyone,
            "",
            Due::Now,
            base(json!({})),
        );
    }

    // s188 deadlines, for HR.
    if reached(ProposalStatus::Approved) && !reached(ProposalStatus::Decided) {
        // Once HR1 is recorded as made, nobody is reminded to make it.
        if let Some(hr1) = facts.hr1_due.filter(|_| !facts.hr1_made) {
            let data = base(json!({ "hr1Due": hr1, "nonWorkingDay": non_working_day(hr1) }));
            if let Some(due) = hr1.checked_sub_days(Days::new(7)).and_then(reminder) {
                push(
                    Milestone::Hr1DueInAWeek,
                    &facts.hr,
                    &hr1.to_string(),
                    due,
                    data.clone(),
                );
            }
            if let Some(due) = reminder(hr1) {
                push(
                    Milestone::Hr1DueToday,
                    &facts.hr,
                    &hr1.to_string(),
                    due,
                    data,
                );
            }
        }
        if let Some(day) = facts.minimum_period_ends
            && let Some(due) = reminder(day)
        {
            push(
                Milestone::MinimumPeriodEnds,
                &facts.hr,
                &day.to_string(),
                due,
                base(json!({ "day": day, "nonWorkingDay": non_working_day(day) })),
            );
        }
        if facts.disclosure_update_due {
            push(
                Milestone::DisclosureUpdateDue,
                &facts.hr,
                &today.to_string(),
                Due::Now,
                base(json!({})),
            );
        }
    }

    // Meetings: an invitation, an update for each move, a cancellation.
    for m in &facts.meetings {
        if let Some((milestone, occurrence)) = meeting_notice(facts, m, today) {
            push(
                milestone,
                &m.invitees,
                &occurrence,
                Due::Now,
                base(m.data()),
            );
        }
    }

    // The question log.
    for q in &facts.questions {
        let data = base(json!({ "questionText": q.text, "dueOn": q.due_on }));
        // After a challenge each answer and each challenge is news of its own: the first
        // keeps the key it always had.
        let round = if q.challenges == 0 {
            q.id.to_string()
        } else {
            format!("{}:{}", q.id, q.challenges)
        };
        if q.challenges > 0 {
            let to = q.owner.map(|o| vec![o]).unwrap_or_else(|| facts.hr.clone());
            push(
                Milestone::QuestionChallenged,
                &to,
                &round,
                Due::Now,
                data.clone(),
            );
        }
        if q.answered {
            if let Some(asker) = q.asker {
                push(
                    Milestone::QuestionAnswered,
                    &[asker],
                    &round,
                    Due::Now,
                    data,
                );
            }
            continue;
        }
        let Some(owner) = q.owner else {
            // Nobody owns it: HR is asked to assign it, the next working morning after it
            // was raised (at once if that has passed).
            let day = working_days::add_working_days(q.raised_on, 1);
            let due = if day < today {
                Due::Now
            } else {
                Due::At(morning_of(day))
            };
            push(
                Milestone::QuestionUnassigned,
                &facts.hr,
                &q.id.to_string(),
                due,
                base(json!({ "questionText": q.text, "raisedOn": q.raised_on })),
            );
            continue;
        };
        let occurrence = format!("{}:{}", q.id, q.due_on);
        // The reminder comes before the due day: on the last working day before it.
        if let Some(day) = working_day_before(q.due_on)
            && let Some(due) = reminder(day)
        {
            let mut data = data.clone();
            data["dueTomorrow"] = json!(day.succ_opt() == Some(q.due_on));
            push(
                Milestone::QuestionDueTomorrow,
                &[owner],
                &occurrence,
                due,
                data,
            );
        }
        if let Some(overdue) = q.due_on.checked_add_days(Days::new(1)) {
            let due = if overdue <= today {
                Due::Now
            } else {
                Due::At(morning_of(overdue))
            };
            push(
                Milestone::QuestionOverdue,
                &[owner],
                &occurrence,
                due,
                data.clone(),
            );
            // HR hears 3 working days after the due day if it is still unanswered.
            let escalate = working_days::add_working_days(q.due_on, 3);
            let due = if escalate <= today {
                Due::Now
            } else {
                Due::At(morning_of(escalate))
            };
            push(
                Milestone::QuestionOverdueToHr,
                &facts.hr,
                &occurrence,
                due,
                data,
            );
        }
    }

    // Sign-off.
    if !reached(ProposalStatus::Decided) {
        let end = facts.consultation.map(|(_, end)| end);
        for s in facts.checklist.iter().filter(|s| !s.done) {
            let Some(day) = s.due_on else { continue };
            let data = base(json!({ "stepTitle": s.title, "dueOn": day }));
            if step_waits_for_close(day, end, facts.status) {
                // HR hears once, on its day; its assignees are not reminded.
                push(
                    Milestone::StepDueDuringConsultation,
                    &facts.hr,
                    &s.id.to_string(),
                    if day <= today {
                        Due::Now
                    } else {
                        Due::At(morning_of(day))
                    },
                    base(json!({
                        "stepTitle": s.title,
                        "dueOn": day,
                        "consultationEnd": end,
                    })),
                );
                continue;
            }
            let occurrence = format!("{}:{day}", s.id);
            if let Some(due) = reminder(day) {
                push(
                    Milestone::StepDue,
                    &s.assignees,
                    &occurrence,
                    due,
                    data.clone(),
                );
            }
            if let Some(overdue) = day.checked_add_days(Days::new(1)) {
                let due = if overdue <= today {
                    Due::Now
                } else {
                    Due::At(morning_of(overdue))
                };
                push(Milestone::StepOverdue, &s.assignees, &occurrence, due, data);
            }
        }
    }
    if facts.status == ProposalStatus::InApproval {
        for a in facts.approvals.iter().filter(|a| !a.decided) {
            push(
                Milestone::ApprovalRequested,
                &a.approvers,
                &a.id.to_string(),
                Due::Now,
                base(json!({ "approverTitle": a.approver_title })),
            );
        }
    }
    if reached(ProposalStatus::Decided) {
        for s in facts.implementation_steps.iter().filter(|s| !s.done) {
            let Some(day) = s.due_on else { continue };
            if let Some(due) = reminder(day) {
                push(
                    Milestone::ImplementationStepDue,
                    &facts.hr,
                    &format!("{}:{day}", s.id),
                    due,
                    base(json!({ "stepTitle": s.title, "dueOn": day })),
                );
            }
        }
    }
    // Reminders that are not statutory go on working days; statutory dates stay as they
    // are (their emails say when the date is not a working day).
    for p in &mut out {
        if let Due::At(at) = p.due
            && !p.milestone.statutory()
        {
            p.due = Due::At(on_working_day(at));
        }
    }
    out
}

/// Whether a checklist step due on `day` is work for after the consultation closes
/// (`signoff::is_after_close`: planned after its last day, such as confirming the proposal)
/// while the consultation has not closed. Its assignees are then not reminded: a reminder to
/// the sponsor to confirm the proposal while staff are still responding reads as a decision
/// made before the consultees were heard (TULRCA s188(2), consultation "with a view to
/// reaching agreement"; *R v British Coal, ex p Price* [1994] IRLR 72). HR is told instead.
pub fn step_waits_for_close(
    day: NaiveDate,
    end: Option<NaiveDate>,
    status: ProposalStatus,
) -> bool {
    super::signoff::is_after_close(Some(day), end) && !super::signoff::consultation_closed(status)
}

/// An account that may hear about a proposal, as the store found it: HR, union
/// representatives, and staff accounts whose address is the work email of one of the
/// proposal's employees.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub id: Uuid,
    pub role: super::account::Role,
    pub union: Option<&'a str>,
}

/// Who hears about a proposal, by the part they play in it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Audience {
    pub hr: Vec<Uuid>,
    /// Representatives of a union the proposal recognises, with that union's name folded to
    /// lower case (a union's response counts for each of its representatives).
    pub reps: Vec<(Uuid, String)>,
    /// The staff the proposal names.
    pub staff: Vec<Uuid>,
}

/// Sorts candidates into the proposal's audience: every HR account; a representative only
/// of a union the proposal recognises (names compared without regard to case); staff as
/// found. Managers hear as sponsors, approvers or assignees, not by role.
pub fn audience<'a>(
    candidates: impl IntoIterator<Item = Candidate<'a>>,
    recognised_unions: &[String],
) -> Audience {
    use super::account::Role;
    let recognised: Vec<String> = recognised_unions.iter().map(|u| u.to_lowercase()).collect();
    let mut out = Audience::default();
    for c in candidates {
        match c.role {
            Role::HrAdmin => out.hr.push(c.id),
            Role::UnionRep => {
                if let Some(union) = c.union.map(str::to_lowercase)
                    && recognised.contains(&union)
                {
                    out.reps.push((c.id, union));
                }
            }
            Role::Staff => out.staff.push(c.id),
            Role::Manager => {}
        }
    }
    out
}

/// What a change can alter of a proposal's emails, so that re-planning reads and rewrites only
/// that: a write costs what it changes, not what the proposal holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanScope {
    /// Anything the plan reads may have changed (status, dates, people, meetings, questions,
    /// steps, approvals): every message of the proposal is re-planned.
    Whole,
    /// One person's own response was saved or submitted: only whether they have responded
    /// changed (a submission's points start in the question log with no owner: HR's reminders
    /// to assign them are added for those questions alone, `outbox::plan_new_questions`).
    StaffResponse(Uuid),
    /// A union's collective response was saved or submitted: only whether its representatives
    /// have responded changed.
    UnionResponse(String),
}

/// The milestones that depend on who has responded: the reminders before the consultation
/// closes go only to those who have not.
const RESPONSE_MILESTONES: [Milestone; 2] = [
    Milestone::ConsultationClosesInAWeek,
    Milestone::ConsultationClosesTomorrow,
];

impl PlanScope {
    /// The milestones a change of this scope can alter; `None` for all of them.
    pub fn milestones(&self) -> Option<&'static [Milestone]> {
        match self {
            Self::Whole => None,
            Self::StaffResponse(_) | Self::UnionResponse(_) => Some(&RESPONSE_MILESTONES),
        }
    }

    /// Whether a planned message is one this scope re-plans. `people` are those the scope
    /// names (the respondent, or the union's representatives); facts gathered for them alone
    /// plan other milestones too, which this leaves to a whole re-plan.
    pub fn covers(&self, planned: &Planned, people: &[Uuid]) -> bool {
        match self.milestones() {
            None => true,
            Some(milestones) => {
                milestones.contains(&planned.milestone) && people.contains(&planned.recipient)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn person(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn facts(status: ProposalStatus) -> ProposalFacts {
        ProposalFacts {
            id: Uuid::from_u128(100),
            title: "Restructure of the SEN Service".into(),
            status,
            shared_with_unions: true,
            consultation: Some((day(2021, 2, 5), day(2021, 3, 7))),
            opening_backdated: false,
            staff: vec![person(1), person(2)],
            reps: vec![person(3)],
            hr: vec![person(9)],
            sponsor: vec![person(8)],
            consultation_opened: status.rank() >= ProposalStatus::Consulting.rank(),
            withdrawn_reason: None,
            responded: vec![],
            meetings: vec![],
            questions: vec![],
            checklist: vec![],
            approvals: vec![],
            implementation_steps: vec![],
            hr1_due: None,
            hr1_made: false,
            minimum_period_ends: None,
            disclosure_update_due: false,
            closed_on: None,
        }
    }

    fn of(plan: &[Planned], milestone: Milestone) -> Vec<&Planned> {
        plan.iter().filter(|p| p.milestone == milestone).collect()
    }

    #[test]
    fn closing_reminders_go_to_those_who_have_not_responded() {
        let mut f = facts(ProposalStatus::Consulting);
        f.responded = vec![person(2)];
        let planned = plan(&f, day(2021, 2, 20));
        let week = of(&planned, Milestone::ConsultationClosesInAWeek);
        assert_eq!(
            week.iter().map(|p| p.recipient).collect::<Vec<_>>(),
            vec![person(1), person(3)]
        );
        // 7 days before 7 March, at 09:00 London (GMT in February).
        assert_eq!(
            week[0].due,
            Due::At(Utc.with_ymd_and_hms(2021, 2, 28, 9, 0, 0).unwrap())
        );
        assert_eq!(of(&planned, Milestone::ConsultationClosesTomorrow).len(), 2);
        assert_eq!(of(&planned, Milestone::ConsultationOpened).len(), 3);
        assert!(Milestone::ConsultationClosesInAWeek.statutory());
    }

    /// Facts of a proposal in consultation with everything the plan reads filled in.
    fn busy_facts() -> ProposalFacts {
        let mut f = facts(ProposalStatus::Consulting);
        f.meetings = vec![MeetingFacts {
            id: person(50),
            title: "Group meeting".into(),
            starts_at: Utc.with_ymd_and_hms(2021, 2, 25, 10, 0, 0).unwrap(),
            sequence: 0,
            cancelled: false,
            invitees: vec![person(1), person(2), person(3)],
            invited_addresses: vec![],
        }];
        f.questions = vec![QuestionFacts {
            id: person(60),
            text: "Will my hours change?".into(),
            asker: Some(person(1)),
            owner: Some(person(9)),
            raised_on: day(2021, 2, 1),
            due_on: day(2021, 2, 26),
            answered: false,
            challenges: 0,
        }];
        f
    }

    #[test]
    fn the_audience_is_hr_the_recognised_unions_reps_and_the_named_staff() {
        use crate::domain::account::Role;
        let c = |n, role, union| Candidate {
            id: person(n),
            role,
            union,
        };
        let audience = audience(
            [
                c(1, Role::HrAdmin, None),
                c(2, Role::UnionRep, Some("unison")),
                c(3, Role::UnionRep, Some("GMB")),
                c(4, Role::UnionRep, None),
                c(5, Role::Staff, None),
                c(6, Role::Manager, None),
            ],
            &["UNISON".to_owned()],
        );
        assert_eq!(
            audience,
            Audience {
                hr: vec![person(1)],
                reps: vec![(person(2), "unison".to_owned())],
                staff: vec![person(5)],
            }
        );
    }

    #[test]
    fn a_response_changes_only_the_messages_its_scope_re_plans() {
        let today = day(2021, 2, 20);
        let before = busy_facts();
        for (respondent, scope, people) in [
            (
                person(1),
                PlanScope::StaffResponse(person(1)),
                vec![person(1)],
            ),
            (
                person(3),
                PlanScope::UnionResponse("UNISON".into()),
                vec![person(3)],
            ),
        ] {
            let mut after = before.clone();
            after.responded.push(respondent);
            let (old, new) = (plan(&before, today), plan(&after, today));
            // Everything the scope leaves alone is planned the same before and after.
            let outside = |p: &Vec<Planned>| -> Vec<Planned> {
                p.iter()
                    .filter(|m| !scope.covers(m, &people))
                    .cloned()
                    .collect()
            };
            assert_eq!(outside(&old), outside(&new), "{scope:?}");
            // And what it re-plans did change: the respondent's reminders are gone.
            assert!(old.iter().any(|m| scope.covers(m, &people)));
            assert!(!new.iter().any(|m| scope.covers(m, &people)));
        }
    }

    #[test]
    fn facts_gathered_for_one_person_plan_what_the_whole_plan_holds_for_them() {
        let today = day(2021, 2, 20);
        let whole = busy_facts();
        let scope = PlanScope::StaffResponse(person(2));
        let people = [person(2)];
        let mut one = whole.clone();
        one.staff = vec![person(2)];
        one.reps = vec![];
        let of_scope = |f: &ProposalFacts| -> Vec<Planned> {
            plan(f, today)
                .into_iter()
                .filter(|m| scope.covers(m, &people))
                .collect()
        };
        assert_eq!(of_scope(&one), of_scope(&whole));
        assert_eq!(
            of_scope(&whole).len(),
            2,
            "a week before, and the day before"
        );
        assert!(PlanScope::Whole.covers(&plan(&whole, today)[0], &[]));
    }

    #[test]
    fn moving_the_end_date_changes_the_reminder_keys_and_times() {
        let f = facts(ProposalStatus::Consulting);
        let before = plan(&f, day(2021, 2, 20));
        let mut moved = f.clone();
        moved.consultation = Some((day(2021, 2, 5), day(2021, 3, 14)));
        let after = plan(&moved, day(2021, 2, 20));
        let key = |p: &[Planned]| {
            of(p, Milestone::ConsultationClosesInAWeek)[0]
                .dedupe_key
                .clone()
        };
        assert_ne!(
            key(&before),
            key(&after),
            "a new occurrence: the old reminder is cancelled"
        );
        // A reminder whose day has passed is not planned.
        assert!(
            of(
                &plan(&f, day(2021, 3, 1)),
                Milestone::ConsultationClosesInAWeek
            )
            .is_empty()
        );
    }

    // An employee invited by name hears of the meeting whether or not they have an account
    // (ACAS: invite each person at risk to their individual consultation meeting).
    #[test]
    fn an_invited_employee_without_an_account_hears_at_their_work_email() {
        let mut f = facts(ProposalStatus::Consulting);
        f.meetings = vec![MeetingFacts {
            id: Uuid::from_u128(7),
            title: "1:1 consultation meeting".into(),
            starts_at: Utc.with_ymd_and_hms(2021, 2, 25, 10, 0, 0).unwrap(),
            sequence: 0,
            cancelled: false,
            invitees: vec![],
            invited_addresses: vec![InvitedAddress {
                email: "newcomer@bury.example".into(),
                name: "Nadia Newcomer".into(),
            }],
        }];
        let invited = plan_to_addresses(&f, day(2021, 2, 20));
        assert_eq!(invited.len(), 1);
        assert_eq!(invited[0].milestone, Milestone::MeetingInvitation);
        assert_eq!(invited[0].email, "newcomer@bury.example");
        assert_eq!(invited[0].data["meetingTitle"], "1:1 consultation meeting");
        assert_eq!(invited[0].data["recipientName"], "Nadia Newcomer");
        f.meetings[0].sequence = 1;
        let moved = plan_to_addresses(&f, day(2021, 2, 20));
        assert_eq!(moved[0].milestone, Milestone::MeetingUpdated);
        assert_ne!(moved[0].dedupe_key, invited[0].dedupe_key);
        assert!(
            plan_to_addresses(&f, day(2021, 2, 26)).is_empty(),
            "a meeting already held sends nothing"
        );
        f.status = ProposalStatus::Draft;
        f.shared_with_unions = false;
        f.consultation_opened = false;
        assert!(plan_to_addresses(&f, day(2021, 2, 20)).is_empty());
        f.status = ProposalStatus::Withdrawn;
        assert!(plan_to_addresses(&f, day(2021, 2, 20)).is_empty());
    }

    #[test]
    fn a_withdrawal_tells_everyone_it_was_shared_with_why_and_cancels_meetings_to_come() {
        let mut f = busy_facts();
        f.meetings.push(MeetingFacts {
            id: person(51),
            title: "Briefing already held".into(),
            starts_at: Utc.with_ymd_and_hms(2021, 2, 10, 10, 0, 0).unwrap(),
            sequence: 0,
            cancelled: false,
            invitees: vec![person(1)],
            invited_addresses: vec![],
        });
        // The store cancels the meeting still to come in the withdrawal's transaction.
        f.status = ProposalStatus::Withdrawn;
        f.withdrawn_reason = Some("Funding was found.".into());
        f.meetings[0].cancelled = true;
        f.meetings[0].sequence = 1;
        f.meetings[0].invited_addresses = vec![InvitedAddress {
            email: "newcomer@bury.example".into(),
            name: "Nadia Newcomer".into(),
        }];
        let planned = plan(&f, day(2021, 2, 20));
        let withdrawn = of(&planned, Milestone::ProposalWithdrawn);
        let mut told: Vec<Uuid> = withdrawn.iter().map(|p| p.recipient).collect();
        told.sort();
        assert_eq!(
            told,
            vec![person(1), person(2), person(3), person(8), person(9)],
            "staff, the rep, the sponsor and HR, each once"
        );
        assert!(
            withdrawn
                .iter()
                .all(|p| p.data["reason"] == "Funding was found." && p.due == Due::Now)
        );
        let cancelled = of(&planned, Milestone::MeetingCancelled);
        assert_eq!(cancelled.len(), 3, "each invitee of the meeting to come");
        assert!(
            cancelled
                .iter()
                .all(|p| p.data["meetingId"] == json!(person(50)))
        );
        assert_eq!(
            planned.len(),
            withdrawn.len() + cancelled.len(),
            "nothing else: no reminders, no answers, no invitations"
        );
        let to_addresses = plan_to_addresses(&f, day(2021, 2, 20));
        assert_eq!(to_addresses.len(), 1);
        assert_eq!(to_addresses[0].milestone, Milestone::MeetingCancelled);
        assert!(Milestone::ProposalWithdrawn.planned(), "a re-plan keeps it");
        assert!(
            Milestone::ProposalWithdrawn.statutory(),
            "never in a digest"
        );
    }

    #[test]
    fn a_draft_withdrawn_before_anyone_saw_it_tells_only_hr_and_the_sponsor() {
        let mut f = facts(ProposalStatus::Withdrawn);
        f.shared_with_unions = false;
        f.consultation_opened = false;
        f.meetings = busy_facts().meetings;
        f.meetings[0].cancelled = true;
        let planned = plan(&f, day(2021, 2, 20));
        let told: Vec<Uuid> = planned.iter().map(|p| p.recipient).collect();
        assert_eq!(told, vec![person(9), person(8)], "{planned:?}");
        assert!(
            of(&planned, Milestone::MeetingCancelled).is_empty(),
            "never announced"
        );
        // Shared with the unions, not yet open: the rep hears too, staff not yet.
        f.shared_with_unions = true;
        let told: Vec<Uuid> = of(&plan(&f, day(2021, 2, 20)), Milestone::ProposalWithdrawn)
            .iter()
            .map(|p| p.recipient)
            .collect();
        assert_eq!(told, vec![person(9), person(8), person(3)]);
    }

    #[test]
    fn a_moved_last_day_is_told_to_staff_and_reps_once_per_new_day_while_consulting() {
        let f = facts(ProposalStatus::Consulting);
        let (old, new) = (day(2021, 3, 7), day(2021, 3, 21));
        let told = end_change(&f, old, new);
        assert_eq!(
            told.iter().map(|p| p.recipient).collect::<Vec<_>>(),
            vec![person(1), person(2), person(3)]
        );
        assert_eq!(told[0].data["previousEnd"], json!(old));
        assert_eq!(told[0].data["consultationEnd"], json!(new));
        assert!(told[0].dedupe_key.ends_with(":2021-03-21"));
        assert!(told[0].dedupe_key.starts_with(&end_change_prefix(f.id)));
        assert_ne!(
            end_change(&f, new, day(2021, 3, 28))[0].dedupe_key,
            told[0].dedupe_key,
            "a second change is a second email"
        );
        assert!(end_change(&f, old, old).is_empty(), "unchanged");
        for status in [
            ProposalStatus::Draft,
            ProposalStatus::Approved,
            ProposalStatus::ConsultationClosed,
        ] {
            assert!(
                end_change(&facts(status), old, new).is_empty(),
                "{status:?}"
            );
        }
        assert!(
            !Milestone::ConsultationEndChanged.planned(),
            "a re-plan cannot know the old day, so it leaves these alone"
        );
        assert!(Milestone::ConsultationEndChanged.statutory());
    }

    // Confirming the proposal before consultation has closed reads as predetermination
    // (TULRCA s188(2); R v British Coal, ex p Price [1994] IRLR 72): its assignee is not
    // reminded while consultation is open; HR is told once.
    #[test]
    fn a_step_for_after_the_close_due_while_consultation_is_open_goes_to_hr_not_its_assignee() {
        let mut f = facts(ProposalStatus::Consulting);
        // Consultation's last day is 7 March; confirming the proposal is planned for Tuesday 16 March.
        f.checklist = vec![StepFacts {
            id: person(70),
            title: "Confirm the proposal".into(),
            due_on: Some(day(2021, 3, 16)),
            assignees: vec![person(8)],
            done: false,
        }];
        for today in [day(2021, 3, 1), day(2021, 3, 16), day(2021, 3, 20)] {
            let planned = plan(&f, today);
            assert!(of(&planned, Milestone::StepDue).is_empty(), "{today}");
            assert!(of(&planned, Milestone::StepOverdue).is_empty(), "{today}");
            let flagged = of(&planned, Milestone::StepDueDuringConsultation);
            assert_eq!(flagged.len(), 1, "{today}");
            assert_eq!(flagged[0].recipient, person(9), "HR");
            assert_eq!(
                flagged[0].dedupe_key,
                format!(
                    "step_due_during_consultation:{}:{}:{}",
                    f.id,
                    person(9),
                    person(70)
                ),
                "once, whatever the day"
            );
            let expected = if today < day(2021, 3, 16) {
                Due::At(morning_of(day(2021, 3, 16)))
            } else {
                Due::Now
            };
            assert_eq!(flagged[0].due, expected, "{today}");
        }
        // Once consultation has closed, the assignee is reminded as usual and HR's flag is
        // no longer called for.
        f.status = ProposalStatus::ConsultationClosed;
        let closed = plan(&f, day(2021, 3, 10));
        assert_eq!(of(&closed, Milestone::StepDue)[0].recipient, person(8));
        assert!(of(&closed, Milestone::StepDueDuringConsultation).is_empty());
        // A step planned within the consultation is reminded as before.
        f.status = ProposalStatus::Consulting;
        f.checklist[0].due_on = Some(day(2021, 3, 1));
        let within = plan(&f, day(2021, 2, 20));
        assert_eq!(of(&within, Milestone::StepDue)[0].recipient, person(8));
        assert!(of(&within, Milestone::StepDueDuringConsultation).is_empty());
        assert!(Milestone::StepDueDuringConsultation.planned());
    }

    #[test]
    fn meetings_send_an_invitation_an_update_per_move_and_a_cancellation() {
        let mut f = facts(ProposalStatus::Consulting);
        let meeting = MeetingFacts {
            id: Uuid::from_u128(7),
            title: "Whole staff briefing".into(),
            starts_at: Utc.with_ymd_and_hms(2021, 2, 25, 10, 0, 0).unwrap(),
            sequence: 0,
            cancelled: false,
            invitees: vec![person(1)],
            invited_addresses: vec![InvitedAddress {
                email: "newcomer@bury.example".into(),
                name: "Nadia Newcomer".into(),
            }],
        };
        f.meetings = vec![meeting.clone()];
        let first = plan(&f, day(2021, 2, 20));
        assert_eq!(of(&first, Milestone::MeetingInvitation).len(), 1);
        f.meetings[0].sequence = 1;
        let moved = plan(&f, day(2021, 2, 20));
        assert_eq!(of(&moved, Milestone::MeetingUpdated).len(), 1);
        f.meetings[0].cancelled = true;
        let cancelled = plan(&f, day(2021, 2, 20));
        assert_eq!(
            of(&cancelled, Milestone::MeetingCancelled)[0].data["meetingId"],
            json!(meeting.id)
        );
        assert!(
            of(&plan(&f, day(2021, 2, 26)), Milestone::MeetingCancelled).is_empty(),
            "a meeting already held sends nothing"
        );
    }

    #[test]
    fn questions_remind_their_owner_then_hr_and_tell_the_asker_the_answer() {
        let mut f = facts(ProposalStatus::Consulting);
        f.questions = vec![
            QuestionFacts {
                id: Uuid::from_u128(50),
                text: "Will caseloads be capped?".into(),
                asker: Some(person(1)),
                owner: Some(person(8)),
                raised_on: day(2021, 2, 1),
                due_on: day(2021, 2, 22),
                answered: false,
                challenges: 0,
            },
            QuestionFacts {
                id: Uuid::from_u128(51),
                text: "Is there pay protection?".into(),
                asker: Some(person(2)),
                owner: Some(person(8)),
                raised_on: day(2021, 2, 1),
                due_on: day(2021, 2, 22),
                answered: true,
                challenges: 0,
            },
        ];
        let planned = plan(&f, day(2021, 2, 25));
        assert_eq!(of(&planned, Milestone::QuestionOverdue)[0].due, Due::Now);
        assert_eq!(
            of(&planned, Milestone::QuestionOverdueToHr)[0].recipient,
            person(9)
        );
        assert!(
            of(&planned, Milestone::QuestionDueTomorrow).is_empty(),
            "its day has passed"
        );
        let answered = of(&planned, Milestone::QuestionAnswered);
        assert_eq!((answered.len(), answered[0].recipient), (1, person(2)));
        assert!(!Milestone::QuestionAnswered.statutory());
    }

    #[test]
    fn sign_off_and_s188_deadlines_reach_their_people() {
        let mut f = facts(ProposalStatus::InApproval);
        f.approvals = vec![ApprovalFacts {
            id: Uuid::from_u128(60),
            approver_title: "Head of HR".into(),
            approvers: vec![person(8)],
            decided: false,
        }];
        f.checklist = vec![StepFacts {
            id: Uuid::from_u128(61),
            title: "Equality analysis".into(),
            due_on: Some(day(2021, 1, 25)),
            assignees: vec![person(9)],
            done: false,
        }];
        f.hr1_due = Some(day(2021, 2, 10));
        f.minimum_period_ends = Some(day(2021, 3, 7));
        f.disclosure_update_due = true;
        let early = plan(&f, day(2021, 1, 20));
        assert_eq!(
            of(&early, Milestone::ApprovalRequested)[0].recipient,
            person(8)
        );
        assert_eq!(of(&early, Milestone::StepDue)[0].recipient, person(9));
        assert!(
            of(&early, Milestone::Hr1DueInAWeek).is_empty(),
            "not approved yet: no s188 reminders"
        );
        f.status = ProposalStatus::Consulting;
        let planned = plan(&f, day(2021, 1, 27));
        assert_eq!(of(&planned, Milestone::StepOverdue)[0].due, Due::Now);
        assert_eq!(
            of(&planned, Milestone::Hr1DueInAWeek)[0].due,
            Due::At(morning_of(day(2021, 2, 3)))
        );
        assert_eq!(of(&planned, Milestone::Hr1DueToday)[0].recipient, person(9));
        assert_eq!(of(&planned, Milestone::MinimumPeriodEnds).len(), 1);
        assert_eq!(of(&planned, Milestone::DisclosureUpdateDue).len(), 1);
        assert!(of(&planned, Milestone::ApprovalRequested).is_empty());
        assert!(Milestone::Hr1DueToday.statutory());
        assert!(!Milestone::StepDue.statutory());
    }

    #[test]
    fn retries_back_off_and_digests_wait_for_the_morning() {
        assert_eq!(backoff_seconds(1), 30);
        assert_eq!(backoff_seconds(3), 120);
        assert_eq!(backoff_seconds(20), 3600);
        // 14:00 GMT on 20 Feb 2021 goes in the digest at 08:00 the next morning.
        let due = Utc.with_ymd_and_hms(2021, 2, 20, 14, 0, 0).unwrap();
        assert_eq!(
            digest_time(due),
            Utc.with_ymd_and_hms(2021, 2, 21, 8, 0, 0).unwrap()
        );
        // In British Summer Time 08:00 London is 07:00 UTC.
        let summer = Utc.with_ymd_and_hms(2021, 6, 1, 6, 0, 0).unwrap();
        assert_eq!(
            digest_time(summer),
            Utc.with_ymd_and_hms(2021, 6, 1, 7, 0, 0).unwrap()
        );
    }

    #[test]
    fn an_expired_lease_kills_only_a_send_that_had_started() {
        assert_eq!(
            after_lease_expired(true),
            (OutboxStatus::Dead, Some(STOPPED_MID_SEND))
        );
        assert_eq!(after_lease_expired(false), (OutboxStatus::Pending, None));
    }

    fn question(owner: Option<Uuid>, raised_on: NaiveDate, due_on: NaiveDate) -> QuestionFacts {
        QuestionFacts {
            id: person(70),
            text: "Will the new posts be home based?".into(),
            asker: Some(person(1)),
            owner,
            raised_on,
            due_on,
            answered: false,
            challenges: 0,
        }
    }

    #[test]
    fn a_challenged_answer_goes_back_to_its_owner_and_is_chased_again_by_its_new_due_date() {
        let mut f = facts(ProposalStatus::Consulting);
        let mut q = question(Some(person(8)), day(2021, 2, 1), day(2021, 2, 22));
        q.challenges = 1;
        f.questions = vec![q.clone()];
        let planned = plan(&f, day(2021, 2, 15));
        let challenged = of(&planned, Milestone::QuestionChallenged);
        assert_eq!((challenged.len(), challenged[0].recipient), (1, person(8)));
        assert_eq!(challenged[0].due, Due::Now);
        assert_eq!(of(&planned, Milestone::QuestionOverdue).len(), 1);
        assert_eq!(of(&planned, Milestone::QuestionDueTomorrow).len(), 1);
        // Answered again: the asker hears of this answer, not only of the first.
        q.answered = true;
        f.questions = vec![q.clone()];
        let again = plan(&f, day(2021, 2, 15));
        assert_eq!(of(&again, Milestone::QuestionAnswered).len(), 1);
        assert!(of(&again, Milestone::QuestionOverdue).is_empty());
        // With nobody owning it, HR hears of the challenge.
        q.owner = None;
        f.questions = vec![q];
        let unowned = plan(&f, day(2021, 2, 15));
        let hr = of(&unowned, Milestone::QuestionChallenged);
        assert_eq!(hr[0].recipient, person(9));
    }

    #[test]
    fn hr1_reminders_stop_once_hr1_is_made() {
        let mut f = facts(ProposalStatus::Consulting);
        f.hr1_due = Some(day(2021, 2, 10));
        let today = day(2021, 2, 1);
        assert_eq!(of(&plan(&f, today), Milestone::Hr1DueInAWeek).len(), 1);
        assert_eq!(of(&plan(&f, today), Milestone::Hr1DueToday).len(), 1);
        f.hr1_made = true;
        let planned = plan(&f, today);
        assert!(of(&planned, Milestone::Hr1DueInAWeek).is_empty());
        assert!(of(&planned, Milestone::Hr1DueToday).is_empty());
    }

    // Christmas 2026: Friday 25 December is Christmas Day, Monday 28 December the substitute
    // for Boxing Day (GOV.UK, https://www.gov.uk/bank-holidays).
    #[test]
    fn an_unassigned_question_asks_hr_to_assign_it_the_next_working_morning() {
        let mut f = facts(ProposalStatus::Consulting);
        f.questions = vec![question(None, day(2026, 12, 24), day(2027, 1, 8))];
        let planned = plan(&f, day(2026, 12, 24));
        let unassigned = of(&planned, Milestone::QuestionUnassigned);
        assert_eq!(unassigned.len(), 1);
        assert_eq!(unassigned[0].recipient, person(9));
        assert_eq!(unassigned[0].due, Due::At(morning_of(day(2026, 12, 29))));
        assert_eq!(unassigned[0].data["raisedOn"], json!("2026-12-24"));
        assert!(!Milestone::QuestionUnassigned.statutory());
        // Meeting notices carry the calendar entry: never held back for a digest.
        assert!(!Milestone::MeetingInvitation.may_wait_for_digest());
        assert!(!Milestone::MeetingCancelled.may_wait_for_digest());
        assert!(!Milestone::Hr1DueToday.may_wait_for_digest());
        assert!(Milestone::QuestionAnswered.may_wait_for_digest());
        assert!(Milestone::QuestionUnassigned.planned());
        assert!(
            of(&planned, Milestone::QuestionOverdue).is_empty(),
            "nobody to chase yet"
        );
        // Raised long ago: HR hears at once.
        assert_eq!(
            of(&plan(&f, day(2027, 1, 4)), Milestone::QuestionUnassigned)[0].due,
            Due::Now
        );
        // Once it has an owner, or an answer, HR is no longer asked.
        f.questions[0].owner = Some(person(8));
        assert!(of(&plan(&f, day(2026, 12, 24)), Milestone::QuestionUnassigned).is_empty());
        f.questions[0].owner = None;
        f.questions[0].answered = true;
        assert!(of(&plan(&f, day(2026, 12, 24)), Milestone::QuestionUnassigned).is_empty());
    }

    #[test]
    fn hr_hears_of_an_overdue_question_after_three_working_days() {
        let mut f = facts(ProposalStatus::Consulting);
        // Due Thursday 24 December 2026: 3 working days later is Thursday 31 December
        // (25 and 28 December are bank holidays), not Sunday 27 December.
        f.questions = vec![question(
            Some(person(8)),
            day(2026, 12, 1),
            day(2026, 12, 24),
        )];
        let planned = plan(&f, day(2026, 12, 1));
        assert_eq!(
            of(&planned, Milestone::QuestionOverdueToHr)[0].due,
            Due::At(morning_of(day(2026, 12, 31)))
        );
        // The owner's overdue notice falls on Christmas Day: it moves to Tuesday 29th.
        assert_eq!(
            of(&planned, Milestone::QuestionOverdue)[0].due,
            Due::At(morning_of(day(2026, 12, 29)))
        );
        // The day before is a working day: "due tomorrow" on Wednesday 23rd.
        let tomorrow = of(&planned, Milestone::QuestionDueTomorrow);
        assert_eq!(tomorrow[0].due, Due::At(morning_of(day(2026, 12, 23))));
        assert_eq!(tomorrow[0].data["dueTomorrow"], json!(true));
    }

    // Easter 2027: Good Friday 26 March, Easter Monday 29 March (projected by the standard
    // rules in `working_days`).
    #[test]
    fn reminders_that_are_not_statutory_move_to_the_next_working_morning() {
        let mut f = facts(ProposalStatus::Consulting);
        // Consulting until the end of April, so the step is work within the consultation.
        f.consultation = Some((day(2027, 3, 1), day(2027, 4, 30)));
        f.checklist = vec![StepFacts {
            id: person(61),
            title: "Equality analysis".into(),
            due_on: Some(day(2027, 3, 26)),
            assignees: vec![person(9)],
            done: false,
        }];
        // A question due on Tuesday 30 March: the last working day before it is Thursday
        // 25 March, so its reminder comes then, saying the day rather than "tomorrow".
        f.questions = vec![question(Some(person(8)), day(2027, 3, 1), day(2027, 3, 30))];
        let planned = plan(&f, day(2027, 3, 1));
        let tuesday = Due::At(morning_of(day(2027, 3, 30)));
        assert_eq!(of(&planned, Milestone::StepDue)[0].due, tuesday);
        assert_eq!(of(&planned, Milestone::StepOverdue)[0].due, tuesday);
        let before = of(&planned, Milestone::QuestionDueTomorrow);
        assert_eq!(before[0].due, Due::At(morning_of(day(2027, 3, 25))));
        assert_eq!(before[0].data["dueTomorrow"], json!(false));
        // A reminder due on a working day stays at its time.
        let wednesday = Utc.with_ymd_and_hms(2027, 3, 31, 9, 0, 0).unwrap();
        assert_eq!(on_working_day(wednesday), wednesday);
        // Summer time: 09:00 London on Tuesday 30 March 2027 is 08:00 UTC.
        assert_eq!(
            on_working_day(Utc.with_ymd_and_hms(2027, 3, 28, 8, 0, 0).unwrap()),
            Utc.with_ymd_and_hms(2027, 3, 30, 8, 0, 0).unwrap()
        );
    }

    #[test]
    fn statutory_dates_stay_but_say_when_they_are_not_working_days() {
        let mut f = facts(ProposalStatus::Consulting);
        f.consultation = Some((day(2026, 11, 20), day(2026, 12, 25)));
        f.hr1_due = Some(day(2026, 12, 27));
        f.minimum_period_ends = Some(day(2026, 12, 28));
        let planned = plan(&f, day(2026, 12, 1));
        let tomorrow = of(&planned, Milestone::ConsultationClosesTomorrow);
        assert_eq!(tomorrow[0].due, Due::At(morning_of(day(2026, 12, 24))));
        assert_eq!(
            tomorrow[0].data["nonWorkingDay"],
            json!("a bank holiday (Christmas Day)")
        );
        // HR1 due on Sunday 27 December: its reminder goes that day all the same.
        let hr1 = of(&planned, Milestone::Hr1DueToday);
        assert_eq!(hr1[0].due, Due::At(morning_of(day(2026, 12, 27))));
        assert_eq!(hr1[0].data["nonWorkingDay"], json!("a Sunday"));
        assert_eq!(
            of(&planned, Milestone::MinimumPeriodEnds)[0].data["nonWorkingDay"],
            json!("a bank holiday (Boxing Day (substitute day))")
        );
        f.consultation = Some((day(2026, 11, 20), day(2026, 12, 30)));
        let planned = plan(&f, day(2026, 12, 1));
        assert_eq!(
            of(&planned, Milestone::ConsultationClosesTomorrow)[0].data["nonWorkingDay"],
            Value::Null
        );
    }

    #[test]
    fn representatives_are_reminded_to_respond_for_their_union() {
        let planned = plan(&facts(ProposalStatus::Consulting), day(2021, 2, 20));
        for milestone in [
            Milestone::ConsultationClosesInAWeek,
            Milestone::ConsultationClosesTomorrow,
        ] {
            let to: Vec<(Uuid, Value)> = of(&planned, milestone)
                .iter()
                .map(|p| (p.recipient, p.data["toRep"].clone()))
                .collect();
            assert_eq!(
                to,
                vec![
                    (person(1), json!(false)),
                    (person(2), json!(false)),
                    (person(3), json!(true))
                ]
            );
        }
    }

    #[test]
    fn the_closed_notice_gives_the_closing_day_and_thanks_only_those_who_responded() {
        let mut f = facts(ProposalStatus::ConsultationClosed);
        f.responded = vec![person(2)];
        let closed = |f: &ProposalFacts| -> Vec<(Uuid, Value, Value)> {
            of(&plan(f, day(2021, 3, 10)), Milestone::ConsultationClosed)
                .iter()
                .map(|p| {
                    (
                        p.recipient,
                        p.data["closedOn"].clone(),
                        p.data["responded"].clone(),
                    )
                })
                .collect()
        };
        // Closed after its last day: it closed on its last day.
        f.closed_on = Some(day(2021, 3, 9));
        assert_eq!(
            closed(&f),
            vec![
                (person(2), json!("2021-03-07"), json!(true)),
                (person(1), json!("2021-03-07"), json!(false)),
                (person(3), json!("2021-03-07"), json!(false)),
            ]
        );
        // Closed early: the day HR closed it.
        f.closed_on = Some(day(2021, 3, 1));
        assert_eq!(closed(&f)[0].1, json!("2021-03-01"));
    }

    #[test]
    fn every_milestone_has_a_stable_name() {
        for m in Milestone::ALL {
            assert_eq!(Milestone::parse(m.as_str()), Some(m));
        }
    }
}

/// Where a message stands in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxStatus {
    /// Waiting for its due time (or its next attempt).
    Pending,
    /// Claimed by a worker that is sending it.
    Sending,
    Sent,
    /// Given up after `MAX_ATTEMPTS`, or its worker stopped mid-send; HR can resend it.
    Dead,
    /// No longer called for (a date moved, the proposal was withdrawn, the person responded).
    Cancelled,
}

impl OutboxStatus {
    pub const ALL: [OutboxStatus; 5] = [
        Self::Pending,
        Self::Sending,
        Self::Sent,
        Self::Dead,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Sending => "SENDING",
            Self::Sent => "SENT",
            Self::Dead => "DEAD",
            Self::Cancelled => "CANCELLED",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// What happens to a message after a failed attempt: another try later, or dead.
pub fn after_failure(attempts: i32, now: DateTime<Utc>) -> (OutboxStatus, Option<DateTime<Utc>>) {
    if attempts >= MAX_ATTEMPTS {
        (OutboxStatus::Dead, None)
    } else {
        (
            OutboxStatus::Pending,
            Some(now + chrono::Duration::seconds(backoff_seconds(attempts))),
        )
    }
}

/// What becomes of a claimed message whose lease ran out (its worker stopped, or never came
/// back to it), with the error it then shows. A worker records a send as started just before
/// it hands the email to the server. One that had started may have been delivered: it is
/// dead, for HR to check and resend if need be, since a duplicate statutory notice is worse
/// than HR checking. One that had not is waiting as before: pending again, its attempts
/// unchanged, for the next claim to send.
pub fn after_lease_expired(send_started: bool) -> (OutboxStatus, Option<&'static str>) {
    if send_started {
        (OutboxStatus::Dead, Some(STOPPED_MID_SEND))
    } else {
        (OutboxStatus::Pending, None)
    }
}

/// Why a message whose worker stopped mid-send is not sent again by itself: it may have been
/// delivered, and a duplicate statutory notice is worse than HR checking.
pub const STOPPED_MID_SEND: &str = "The worker stopped while sending this message, so it may or may not have been delivered. Check with the recipient, then resend it if needed.";

/// What was emailed to whom about a proposal is HR's to see (each person sees their own).
pub fn may_read_outbox(view: super::access::ProposalView) -> Result<(), super::DomainError> {
    if view == super::access::ProposalView::Hr {
        Ok(())
    } else {
        Err(super::DomainError::Forbidden(
            "Only HR sees what was emailed to whom.".into(),
        ))
    }
}

/// A milestone named in the outbox's filter, as the API gives it (`Email.milestone`).
pub fn milestone_filter(raw: &str, field: &str) -> Result<Milestone, super::DomainError> {
    Milestone::parse(raw.trim()).ok_or_else(|| {
        super::DomainError::bad_input(
            field,
            format!(
                "There is no kind of email called \"{}\"; use a `milestone` an email of the outbox has.",
                raw.chars().take(60).collect::<String>()
            ),
        )
    })
}

/// Resending is for dead messages only.
pub fn check_resend(status: OutboxStatus) -> Result<(), super::DomainError> {
    if status == OutboxStatus::Dead {
        Ok(())
    } else {
        Err(super::DomainError::Conflict(format!(
            "Only a message that could not be delivered can be resent; this one is {}.",
            status.as_str().to_lowercase()
        )))
    }
}

#[cfg(test)]
mod opening_tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn consulting() -> ProposalFacts {
        ProposalFacts {
            id: Uuid::from_u128(100),
            title: "Restructure of the SEN Service".into(),
            status: ProposalStatus::Consulting,
            shared_with_unions: true,
            consultation: Some((day(2021, 2, 5), day(2021, 3, 7))),
            opening_backdated: false,
            staff: vec![Uuid::from_u128(1)],
            reps: vec![Uuid::from_u128(3)],
            hr: vec![],
            sponsor: vec![],
            consultation_opened: true,
            withdrawn_reason: None,
            responded: vec![],
            meetings: vec![],
            questions: vec![],
            checklist: vec![],
            approvals: vec![],
            implementation_steps: vec![],
            hr1_due: None,
            hr1_made: false,
            minimum_period_ends: None,
            disclosure_update_due: false,
            closed_on: None,
        }
    }

    fn opened(facts: &ProposalFacts, today: NaiveDate) -> usize {
        plan(facts, today)
            .iter()
            .filter(|p| p.milestone == Milestone::ConsultationOpened)
            .count()
    }

    #[test]
    fn nobody_is_told_they_can_respond_to_a_consultation_recorded_after_the_fact() {
        let mut facts = consulting();
        assert_eq!(opened(&facts, day(2021, 2, 5)), 2, "a current opening");
        facts.opening_backdated = true;
        assert_eq!(opened(&facts, day(2021, 2, 5)), 0, "back-dated");
    }

    #[test]
    fn nobody_is_told_they_can_respond_once_the_last_day_has_passed() {
        let facts = consulting();
        assert_eq!(opened(&facts, day(2021, 3, 7)), 2, "the last day itself");
        assert_eq!(opened(&facts, day(2021, 3, 8)), 0, "the day after");
    }
}
