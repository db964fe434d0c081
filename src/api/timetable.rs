//! The timetable, the s188 assessment and sign-off over GraphQL, and the calendar files.

use super::{
    ApiState,
    account::User,
    auth::{RoleGuard, audit_actor, viewer},
    loaders::Loaders,
    money::Money,
    parse_id,
    proposal::{Proposal, load_visible},
};
use crate::domain::{
    DomainError,
    access::{Permission, ProposalView},
    s188::{Concern, S188Assessment},
    signoff::{
        self, ApprovalTemplate, Assignee, ChecklistTemplate, ContentVersions, Decision,
        StepTemplate,
    },
    structure::Pence,
    text,
    timetable::{self as rules, ConsultationType, InviteeGroup, MeetingKind, MeetingSlot, Period},
};
use crate::store::{
    self,
    signoff::{ApprovalRecord, StepRecord as ChecklistStepRecord},
    timetable::{MeetingChange, MeetingRecord, StepRecord, TimetableChange, TimetableRecord},
};
use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// Individual consultation only, or collective (s188).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "ConsultationType",
    remote = "crate::domain::timetable::ConsultationType"
)]
pub enum ConsultationTypeValue {
    /// With each affected employee.
    Individual,
    /// With the representatives, under s188.
    Collective,
}

/// What kind of meeting.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "MeetingKind", remote = "crate::domain::timetable::MeetingKind")]
pub enum MeetingKindValue {
    /// Briefing the recognised unions.
    UnionBriefing,
    /// Briefing all staff.
    StaffBriefing,
    /// A one-to-one with an employee.
    OneToOne,
    /// A drop-in session.
    DropIn,
    /// Questions and answers.
    QaSession,
    /// A committee meeting.
    Committee,
}

/// A group of people invited to a meeting.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "InviteeGroup",
    remote = "crate::domain::timetable::InviteeGroup"
)]
pub enum InviteeGroupValue {
    /// Everyone named in the proposal.
    AffectedStaff,
    /// The recognised unions' representatives.
    UnionReps,
    /// The sponsoring manager.
    Sponsor,
}

/// What s188(2) says consultation must cover.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "ConsultationConcern", remote = "crate::domain::s188::Concern")]
pub enum ConcernValue {
    /// Ways of avoiding the dismissals.
    Avoiding,
    /// Ways of reducing the numbers.
    Reducing,
    /// Ways of mitigating the consequences.
    Mitigating,
}

/// An approver's decision.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "ApprovalDecision", remote = "crate::domain::signoff::Decision")]
pub enum DecisionValue {
    /// Approved.
    Approve,
    /// Approved with conditions (in the comment).
    ApproveWithConditions,
    /// Rejected: the proposal goes back to DRAFT with the comment.
    Reject,
}

/// The consultation period and the dismissal plan.
pub struct Timetable(pub TimetableRecord);

/// The consultation period and the dismissal plan.
#[Object]
impl Timetable {
    /// Increases with every change; send it back as `expectedVersion` (0 before it is set).
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// First day of formal consultation.
    async fn consultation_start(&self) -> Option<NaiveDate> {
        self.0.consultation_start
    }
    /// Last day of formal consultation.
    async fn consultation_end(&self) -> Option<NaiveDate> {
        self.0.consultation_end
    }
    /// Calendar days from start to end.
    async fn consultation_days(&self) -> Option<i64> {
        self.0.period().map(Period::days_after_start)
    }
    /// Individual or collective.
    async fn consultation_type(&self) -> ConsultationTypeValue {
        self.0.consultation_type.into()
    }
    /// When the first dismissal is planned to take effect.
    async fn planned_first_dismissal(&self) -> Option<NaiveDate> {
        self.0.planned_first_dismissal
    }
    /// When the first notice of dismissal is planned to be given: HR1 is due before it
    /// (s193), and it may not come before consultation ends (Junk v Kühnel).
    async fn planned_first_notice(&self) -> Option<NaiveDate> {
        self.0.planned_first_notice
    }
    /// Working days a manager has to answer a question raised in this consultation
    /// (England and Wales bank holidays excluded).
    async fn question_response_working_days(&self) -> i32 {
        self.0.question_response_days as i32
    }
}

/// A consultation meeting, with the records of the list it is shown in (read together by
/// the first of them to ask, `meeting_record::RecordPage`).
pub struct Meeting(
    pub MeetingRecord,
    pub std::sync::Arc<super::meeting_record::RecordPage>,
);

impl Meeting {
    /// A meeting shown alone.
    pub fn one(record: MeetingRecord) -> Self {
        let page = super::meeting_record::RecordPage::new(std::slice::from_ref(&record));
        Self(record, page)
    }

    /// The meetings of one list, sharing their records.
    pub fn list(records: Vec<MeetingRecord>) -> Vec<Self> {
        let page = super::meeting_record::RecordPage::new(&records);
        records.into_iter().map(|r| Self(r, page.clone())).collect()
    }
}

/// A consultation meeting.
#[Object]
impl Meeting {
    /// Opaque identifier; also the calendar UID.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Increases with every change; send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// What kind of meeting.
    async fn kind(&self) -> MeetingKindValue {
        self.0.kind.into()
    }
    /// Title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Start (UTC; show it in Europe/London).
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }
    /// End.
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at
    }
    /// Room or address.
    async fn place(&self) -> Option<&str> {
        self.0.place.as_deref()
    }
    /// Video link.
    async fn link(&self) -> Option<&str> {
        self.0.link.as_deref()
    }
    /// Groups invited.
    async fn invitee_groups(&self) -> Vec<InviteeGroupValue> {
        self.0.invitee_groups.iter().map(|g| (*g).into()).collect()
    }
    /// Whom it invited by name, users and employees with their names and email addresses:
    /// HR only (personal data; `FORBIDDEN` for others).
    async fn invitees(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<MeetingInvitee>> {
        let loaders = Loaders::of(ctx);
        rules::may_see_invitees(loaders.view(ctx, self.0.proposal_id).await?)?;
        loaders
            .prime_users(self.0.invitee_ids.iter().copied())
            .await?;
        let mut out = Vec::new();
        for id in &self.0.invitee_ids {
            if let Some(user) = loaders.user(*id).await? {
                out.push(MeetingInvitee {
                    kind: MeetingInviteeKind::User,
                    id: ID(id.to_string()),
                    name: user.0.name,
                    email: user.0.email,
                });
            }
        }
        if !self.0.invitee_employee_ids.is_empty() {
            let people = loaders.people(self.0.proposal_id).await?;
            out.extend(
                self.0
                    .invitee_employee_ids
                    .iter()
                    .filter_map(|id| people.employee(*id))
                    .map(|e| MeetingInvitee {
                        kind: MeetingInviteeKind::Employee,
                        id: ID(e.id.to_string()),
                        name: e.name.clone(),
                        email: e.work_email.clone(),
                    }),
            );
        }
        Ok(out)
    }
    /// Which of the s188(2) subjects it covered.
    async fn covers(&self) -> Vec<ConcernValue> {
        self.0
            .covers
            .iter()
            .filter_map(|c| Concern::ALL.into_iter().find(|k| k.as_str() == c))
            .map(ConcernValue::from)
            .collect()
    }
    /// Raised each time it moves or is cancelled, so calendars update it.
    async fn sequence(&self) -> i32 {
        self.0.sequence
    }
    /// Whether it is cancelled.
    async fn cancelled(&self) -> bool {
        self.0.cancelled
    }
    /// Where to download its invite (.ics), relative to the server.
    async fn ics_path(&self) -> String {
        format!("/calendar/meeting/{}.ics", self.0.id)
    }
    /// Who attended and who sent apologies, once recorded: for HR, the sponsor and the
    /// recognised unions' representatives (empty for staff, and for anyone else at a 1:1).
    async fn attendance(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::meeting_record::MeetingAttendee>> {
        self.attendance_of(ctx).await
    }
    /// The minutes: null until HR saves a draft. HR and the sponsor see drafts; the
    /// representatives see them once shared; staff never.
    async fn minutes(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::meeting_record::MeetingMinutes>> {
        self.minutes_of(ctx).await
    }
    /// Documents tabled at it (as `attendance`).
    async fn documents(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::meeting_record::MeetingDocument>> {
        self.documents_of(ctx).await
    }
    /// Actions agreed at it (as `attendance`).
    async fn actions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::meeting_record::MeetingAction>> {
        self.actions_of(ctx).await
    }
}

/// Whether someone invited by name was invited by account or as an employee.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum MeetingInviteeKind {
    /// A user (an account), from `inviteeIds`.
    User,
    /// An employee of the proposal, from `inviteeEmployeeIds`, reached at their work email.
    Employee,
}

/// Someone a meeting invited by name.
#[derive(SimpleObject)]
pub struct MeetingInvitee {
    /// By account or as an employee.
    pub kind: MeetingInviteeKind,
    /// The user's or the employee's id.
    pub id: ID,
    /// Name.
    pub name: String,
    /// Email address (an employee's work email).
    pub email: String,
}

/// A dated step of the implementation plan.
pub struct ImplementationStep(pub StepRecord);

/// A dated step of the implementation plan.
#[Object]
impl ImplementationStep {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// When.
    async fn date(&self) -> NaiveDate {
        self.0.date
    }
    /// What, e.g. "Selection of employees".
    async fn activity(&self) -> &str {
        &self.0.activity
    }
    /// Must be done before the decision is recorded.
    async fn before_decision(&self) -> bool {
        self.0.before_decision
    }
    /// When it was done.
    async fn done_at(&self) -> Option<DateTime<Utc>> {
        self.0.done_at
    }
}

/// A step of the sign-off checklist.
pub struct ChecklistStep(pub ChecklistStepRecord);

/// A step of the sign-off checklist.
#[Object]
impl ChecklistStep {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Its place in the checklist, from 1.
    async fn position(&self) -> i32 {
        self.0.position
    }
    /// Title, e.g. "Step 3 – Briefing Trade Unions".
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// What it involves.
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// When it is planned.
    async fn planned_date(&self) -> Option<NaiveDate> {
        self.0.planned_date
    }
    /// Who completes it, by name.
    async fn assignee(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.assignee_id {
            Some(id) => Loaders::of(ctx).user(id).await,
            None => Ok(None),
        }
    }
    /// Who completes it, by role, when nobody is named.
    async fn assignee_role(&self) -> Option<super::account::RoleValue> {
        self.0.assignee_role.map(Into::into)
    }
    /// When it was completed.
    async fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.0.completed_at
    }
    /// Who completed it.
    async fn completed_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.completed_by {
            Some(id) => Loaders::of(ctx).user(id).await,
            None => Ok(None),
        }
    }
    /// Their note.
    async fn completion_note(&self) -> Option<&str> {
        self.0.completion_note.as_deref()
    }
    /// Why it was completed before the consultation closed, though planned for after.
    async fn early_completion_reason(&self) -> Option<&str> {
        self.0.early_completion_reason.as_deref()
    }
    /// Planned before today and not done (Europe/London).
    async fn overdue(&self) -> bool {
        signoff::overdue(
            self.0.planned_date,
            self.0.completed_at.is_some(),
            store::s188::today(),
        )
    }
}

/// An approval the proposal needs, with where the proposal's content now is.
pub struct Approval(pub ApprovalRecord, pub ContentVersions);

impl Approval {
    /// Each approval of `records`, with its proposal's content versions (one read).
    pub async fn with_versions(
        conn: &impl sea_orm::ConnectionTrait,
        records: Vec<ApprovalRecord>,
    ) -> async_graphql::Result<Vec<Approval>> {
        let mut ids: Vec<Uuid> = records.iter().map(|a| a.proposal_id).collect();
        ids.sort();
        ids.dedup();
        let versions = store::proposals::content_versions(conn, &ids).await?;
        Ok(records
            .into_iter()
            .map(|a| {
                let current = versions.get(&a.proposal_id).copied().unwrap_or_default();
                Approval(a, current)
            })
            .collect())
    }
}

/// An approval the proposal needs.
#[Object]
impl Approval {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Who approves, e.g. "Head of Finance".
    async fn approver_title(&self) -> &str {
        &self.0.approver_title
    }
    /// The person named to decide.
    async fn approver(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.approver_id {
            Some(id) => Loaders::of(ctx).user(id).await,
            None => Ok(None),
        }
    }
    /// The decision, once made.
    async fn decision(&self) -> Option<DecisionValue> {
        self.0.decision.map(Into::into)
    }
    /// The approver's comment or conditions.
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// When decided.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// The proposal it belongs to.
    async fn proposal_id(&self) -> ID {
        ID(self.0.proposal_id.to_string())
    }
    /// Given before a substantive change to the proposal (its sections, posts, the people's
    /// impacts or its s188(4) disclosure items): what was approved is not what the proposal
    /// now says.
    async fn given_on_earlier_version(&self) -> bool {
        self.0.state().given_on_earlier_version(&self.1)
    }
    /// The kinds of change since it was given: "sections", "posts", "impacts",
    /// "disclosure items"; empty when it was given on this version.
    async fn changed_since(&self) -> Vec<String> {
        self.0
            .state()
            .changed_since(&self.1)
            .into_iter()
            .map(|c| c.describe().to_owned())
            .collect()
    }
    /// Opening consultation needs it given again (or HR's reason to proceed without).
    async fn needs_reapproval(&self) -> bool {
        self.0.state().needs_reapproval(&self.1)
    }
    /// HR's recorded reason to open consultation without this approval given again.
    async fn proceed_reason(&self) -> Option<&str> {
        self.0.proceed_reason.as_deref()
    }
    /// When HR recorded it.
    async fn proceed_at(&self) -> Option<DateTime<Utc>> {
        self.0.proceed_at
    }
}

/// One finding of the s188 engine.
#[derive(SimpleObject)]
pub struct S188Finding {
    /// INFO, WARNING or ERROR.
    pub severity: String,
    /// What it means and what to do.
    pub message: String,
    /// The statute it comes from, e.g. "s188(1A)".
    pub section: String,
}

/// One s188(4) disclosure item.
#[derive(SimpleObject)]
pub struct DisclosureItemStatus {
    /// Which item, e.g. SELECTION_METHOD.
    pub item: String,
    /// Its section, e.g. "s188(4)(d)".
    pub section: String,
    /// Whether the disclosure contains it.
    pub present: bool,
    /// Where it was found.
    pub found_in: Option<String>,
    /// What the disclosure says for it, so that a person can judge it.
    pub text: Option<String>,
    /// Why it does not count as given, when it does not.
    pub problem: Option<String>,
}

/// One disclosure given to the representatives: a version, with what it contained.
#[derive(SimpleObject)]
pub struct S188DisclosureVersion {
    /// 1 for the first given, and so on.
    pub version: i32,
    /// The day the representatives received it.
    pub given_on: NaiveDate,
    /// Whether it gave every s188(4) item. An incomplete one is kept but does not start
    /// consultation.
    pub complete: bool,
    /// Whether consultation began with it (the first complete one).
    pub started_consultation: bool,
    /// The items it did not give, e.g. SELECTION_METHOD.
    pub missing: Vec<String>,
    /// The proposed dismissals it disclosed.
    pub proposed_dismissals: i32,
    /// The dismissals at the establishment within 90 days when it was given.
    pub dismissals_in_window: Option<i32>,
    /// Each item as it was given.
    pub items: Vec<DisclosureItemStatus>,
}

/// The protective award a tribunal could make (s189).
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct ProtectiveAwardExposure {
    /// The maximum protected period in force, in days' pay.
    pub max_days: i32,
    /// The rule's source.
    pub citation: String,
    /// Employees it would cover.
    pub employees: i32,
    /// Employees × maximum days.
    pub exposure_days: i64,
    /// In money: each employee's gross week's pay (without on-costs, uncapped) × maximum
    /// days ÷ 7 (s190(1), (5)), from their actual weekly pay or, where HR has not entered it,
    /// their grade's salary × FTE ÷ 52.
    pub exposure: Money,
    /// How many employees' weekly pay had to be estimated from their grade.
    pub estimated_employee_count: i32,
    /// How many have unknown pay (no weekly pay, no post on a graded pay scale, or no
    /// record): the exposure in money leaves them out.
    pub unknown_pay_employee_count: i32,
    #[graphql(skip)]
    pub estimated: Vec<String>,
    #[graphql(skip)]
    pub unknown: Vec<String>,
    #[graphql(skip)]
    pub view: ProposalView,
}

#[async_graphql::ComplexObject]
impl ProtectiveAwardExposure {
    /// Names of the employees whose weekly pay was estimated from their grade. HR only
    /// (FORBIDDEN for others, with this field null and the rest of the assessment intact).
    async fn estimated_employees(&self) -> async_graphql::Result<Option<Vec<String>>> {
        self.view.pay_data()?;
        Ok(Some(self.estimated.clone()))
    }
    /// Names of the employees (with a record) whose pay is unknown. HR only, as above.
    async fn unknown_pay_employees(&self) -> async_graphql::Result<Option<Vec<String>>> {
        self.view.pay_data()?;
        Ok(Some(self.unknown.clone()))
    }
}

/// The s188 assessment of a proposal: whether collective consultation is required and,
/// if so, whether its timetable and disclosure comply.
pub struct S188 {
    pub assessment: S188Assessment,
    pub hr1: Option<store::timetable::Hr1Record>,
    pub disclosures: Vec<store::s188::DisclosureVersion>,
    /// Decides who sees the names behind the protective award's estimates.
    pub view: ProposalView,
}

impl S188 {
    pub fn of(
        facts: &store::s188::S188Facts,
        hr1: Option<store::timetable::Hr1Record>,
        view: ProposalView,
    ) -> Self {
        Self {
            assessment: facts.assess(store::s188::today()),
            hr1,
            disclosures: facts.disclosure_versions.clone(),
            view,
        }
    }
}

fn item_status(i: &crate::domain::s188::DisclosureItem) -> DisclosureItemStatus {
    DisclosureItemStatus {
        item: i.item.as_str().to_owned(),
        section: i.section.to_owned(),
        present: i.present,
        found_in: i.found_in.clone(),
        text: i.text.clone(),
        problem: i.problem.clone(),
    }
}

/// The s188 assessment of a proposal.
#[Object]
impl S188 {
    /// Whether collective consultation is required (20 or more dismissals in 90 days).
    async fn applies(&self) -> bool {
        self.assessment.applies
    }
    /// INDIVIDUAL_ONLY, TWENTY_TO_NINETY_NINE or HUNDRED_OR_MORE.
    async fn band(&self) -> &str {
        self.assessment.band.as_str()
    }
    /// Dismissals at the establishment in the busiest 90-day window including this one:
    /// the number that decides the duty and the periods, never less than when consultation
    /// began (Hardy v Tourism South East).
    async fn dismissals_in_window(&self) -> i32 {
        self.assessment.dismissals_in_window as i32
    }
    /// This proposal's proposed dismissals now.
    async fn proposed_dismissals_now(&self) -> i32 {
        self.assessment.proposed_dismissals_now as i32
    }
    /// This proposal's proposed dismissals when consultation began, as disclosed.
    async fn proposed_dismissals_at_start(&self) -> Option<i32> {
        self.assessment
            .proposed_dismissals_at_start
            .map(|n| n as i32)
    }
    /// The dismissals at the establishment within 90 days when consultation began.
    async fn dismissals_in_window_at_start(&self) -> Option<i32> {
        self.assessment
            .dismissals_in_window_at_start
            .map(|n| n as i32)
    }
    /// Minimum days of consultation before the first dismissal takes effect.
    async fn minimum_consultation_days(&self) -> Option<i32> {
        self.assessment.minimum_days.map(|d| d as i32)
    }
    /// When consultation began: the first complete s188(4) disclosure reached the
    /// representatives. Later disclosures do not move it.
    async fn consultation_start(&self) -> Option<NaiveDate> {
        self.assessment.consultation_start
    }
    /// The earliest lawful date for the first dismissal to take effect.
    async fn earliest_lawful_first_dismissal(&self) -> Option<NaiveDate> {
        self.assessment.earliest_lawful_first_dismissal
    }
    /// The planned first dismissal.
    async fn planned_first_dismissal(&self) -> Option<NaiveDate> {
        self.assessment.planned_first_dismissal
    }
    /// The last day HR1 may be made (s193): the earlier of its two limbs.
    async fn hr1_due_date(&self) -> Option<NaiveDate> {
        self.assessment.hr1_due
    }
    /// s193(1)(a)/(2)(a): HR1 is due before the first notice of dismissal, so by the day
    /// before it.
    async fn hr1_due_before_first_notice(&self) -> Option<NaiveDate> {
        self.assessment.hr1_due_before_notice
    }
    /// s193(1)(b)/(2)(b): 30 or 45 days before the first dismissal.
    async fn hr1_due_before_first_dismissal(&self) -> Option<NaiveDate> {
        self.assessment.hr1_due_before_dismissal
    }
    /// The first notice of dismissal: as given, or else as planned.
    async fn first_notice(&self) -> Option<NaiveDate> {
        self.assessment.first_notice
    }
    /// Every disclosure given to the representatives, oldest first.
    async fn disclosures(&self) -> Vec<S188DisclosureVersion> {
        self.disclosures
            .iter()
            .map(|d| S188DisclosureVersion {
                version: d.version as i32,
                given_on: d.given.given_on,
                complete: d.given.is_complete(),
                started_consultation: d.started_consultation,
                missing: d
                    .given
                    .missing
                    .iter()
                    .map(|k| k.as_str().to_owned())
                    .collect(),
                proposed_dismissals: d.given.proposed_dismissals as i32,
                dismissals_in_window: d.given.dismissals_in_window.map(|n| n as i32),
                items: d.items.iter().map(item_status).collect(),
            })
            .collect()
    }
    /// When HR1 was made.
    async fn hr1_made_on(&self) -> Option<NaiveDate> {
        self.hr1.as_ref().map(|h| h.made_on)
    }
    /// The HR1 reference.
    async fn hr1_reference(&self) -> Option<&str> {
        self.hr1.as_ref().map(|h| h.reference.as_str())
    }
    /// Whether the timetable and disclosure comply: never while any ERROR finding stands.
    async fn compliant(&self) -> bool {
        self.assessment.compliant
    }
    /// Each s188(4) disclosure item.
    async fn disclosure(&self) -> Vec<DisclosureItemStatus> {
        self.assessment.disclosure.iter().map(item_status).collect()
    }
    /// s188(2) subjects not yet covered by a meeting.
    async fn uncovered(&self) -> Vec<ConcernValue> {
        self.assessment
            .uncovered
            .iter()
            .map(|c| (*c).into())
            .collect()
    }
    /// The protective award exposure.
    async fn protective_award(&self) -> ProtectiveAwardExposure {
        let p = &self.assessment.protective_award;
        ProtectiveAwardExposure {
            max_days: p.max_days as i32,
            citation: p.citation.to_owned(),
            employees: p.employees as i32,
            exposure_days: p.exposure_days as i64,
            exposure: Money(Pence(p.exposure_pence)),
            estimated_employee_count: p.estimated_employees.len() as i32,
            unknown_pay_employee_count: p.unknown_pay_count as i32,
            estimated: p.estimated_employees.clone(),
            unknown: p.unknown_pay_employees.clone(),
            view: self.view,
        }
    }
    /// Findings, most severe first.
    async fn findings(&self) -> Vec<S188Finding> {
        let mut findings: Vec<_> = self.assessment.findings.iter().collect();
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        findings
            .into_iter()
            .map(|f| S188Finding {
                severity: f.severity.as_str().to_owned(),
                message: f.message.clone(),
                section: f.section.to_owned(),
            })
            .collect()
    }
}

/// The timetable, meetings, plan, checklist and s188 view of a proposal.
impl Proposal {
    pub async fn timetable_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Timetable> {
        let graph = Loaders::of(ctx).graph(self.record.id).await?;
        let timetable = graph.timetable.clone().ok_or_else(|| {
            crate::error::AppError::Internal(anyhow::anyhow!(
                "the graph of {} has no timetable",
                self.record.id
            ))
        })?;
        Ok(Timetable(timetable))
    }

    pub async fn meetings_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Meeting>> {
        let viewer = viewer(ctx)?;
        let graph = Loaders::of(ctx).graph(self.record.id).await?;
        // Someone invited as an employee is invited through their own records here.
        let own_records = if self.view != ProposalView::Hr
            && graph
                .meetings
                .iter()
                .any(|m| !m.invitee_employee_ids.is_empty())
        {
            store::timetable::own_employee_records(
                ApiState::of(ctx).store.conn(),
                &[self.record.id],
                &viewer.email,
            )
            .await?
        } else {
            Vec::new()
        };
        Ok(Meeting::list(
            graph
                .meetings
                .iter()
                .filter(|m| rules::may_see(viewer, self.view, m.kind, m.invitees(), &own_records))
                .cloned()
                .collect(),
        ))
    }

    pub async fn implementation_steps_of(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ImplementationStep>> {
        let graph = Loaders::of(ctx).graph(self.record.id).await?;
        Ok(graph
            .implementation_steps
            .iter()
            .cloned()
            .map(ImplementationStep)
            .collect())
    }

    pub async fn checklist_of(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ChecklistStep>> {
        let graph = Loaders::of(ctx).graph(self.record.id).await?;
        Ok(graph.checklist.iter().cloned().map(ChecklistStep).collect())
    }

    pub async fn approvals_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Approval>> {
        let graph = Loaders::of(ctx).graph(self.record.id).await?;
        let current = self.record.content_versions;
        Ok(graph
            .approvals
            .iter()
            .cloned()
            .map(|a| Approval(a, current))
            .collect())
    }

    pub async fn s188_of(&self, ctx: &Context<'_>) -> async_graphql::Result<S188> {
        if !matches!(
            self.view,
            ProposalView::Hr | ProposalView::Sponsor | ProposalView::UnionRep
        ) {
            return Err(DomainError::Forbidden(
                "The s188 assessment is for HR, the sponsor and the union representatives.".into(),
            )
            .into());
        }
        let store = &ApiState::of(ctx).store;
        let facts = store::s188::facts(store.conn(), &self.record).await?;
        let hr1 = store::timetable::latest_hr1(store.conn(), &[self.record.id])
            .await?
            .into_iter()
            .next();
        Ok(S188::of(&facts, hr1, self.view))
    }
}

/// Your open checklist steps and approvals, overdue first.
#[derive(SimpleObject)]
pub struct MyTasks {
    /// Checklist steps assigned to you (or your role), overdue first.
    pub steps: Vec<ChecklistStep>,
    /// Approvals waiting for your decision, and those you gave on an earlier version of a
    /// proposal that need giving again before consultation opens.
    pub approvals: Vec<Approval>,
}

/// The date a template step's planned date is counted from.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "ChecklistAnchor", remote = "crate::domain::signoff::Anchor")]
pub enum AnchorValue {
    /// The first day of consultation.
    ConsultationStart,
    /// The last day of consultation.
    ConsultationEnd,
}

/// A step of a checklist template.
#[derive(SimpleObject)]
pub struct TemplateStep {
    /// Title.
    pub title: String,
    /// What it involves.
    pub description: String,
    /// The date its planned date counts from.
    pub anchor: Option<AnchorValue>,
    /// Days from the anchor (negative: before).
    pub offset_days: Option<i32>,
    /// The role that completes it, when no person is named.
    pub assignee_role: Option<super::account::RoleValue>,
    /// The person who completes it.
    pub assignee_id: Option<ID>,
}

/// A checklist template.
pub struct ChecklistTemplateObject {
    id: Uuid,
    template: ChecklistTemplate,
}

/// A checklist template: steps and approvals a proposal can be given.
#[Object(name = "ChecklistTemplate")]
impl ChecklistTemplateObject {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.id.to_string())
    }
    /// Name.
    async fn name(&self) -> &str {
        &self.template.name
    }
    /// Its steps, in order.
    async fn steps(&self) -> Vec<TemplateStep> {
        self.template
            .steps
            .iter()
            .map(|s| TemplateStep {
                title: s.title.clone(),
                description: s.description.clone(),
                anchor: s.offset.map(|(a, _)| a.into()),
                offset_days: s.offset.map(|(_, d)| d as i32),
                assignee_role: match s.assignee {
                    Assignee::Role(role) => Some(role.into()),
                    Assignee::User(_) => None,
                },
                assignee_id: match s.assignee {
                    Assignee::User(user) => Some(ID(user.to_string())),
                    Assignee::Role(_) => None,
                },
            })
            .collect()
    }
    /// The approvers' titles, in signing order.
    async fn approvals(&self) -> Vec<String> {
        self.template
            .approvals
            .iter()
            .map(|a| a.approver_title.clone())
            .collect()
    }
}

/// A step of a new template.
#[derive(InputObject)]
pub struct TemplateStepInput {
    /// Title.
    pub title: String,
    /// What it involves.
    pub description: Option<String>,
    /// The date its planned date counts from.
    pub anchor: Option<AnchorValue>,
    /// Days from the anchor (negative: before it).
    pub offset_days: Option<i32>,
    /// The role that completes it (a manager's step goes to the proposal's sponsor).
    pub assignee_role: Option<super::account::RoleValue>,
    /// Or the person who completes it.
    pub assignee_id: Option<ID>,
}

/// An approval of a new template.
#[derive(InputObject)]
pub struct TemplateApprovalInput {
    /// Who approves, e.g. "Head of Finance".
    pub approver_title: String,
    /// The person, when known.
    pub approver_id: Option<ID>,
}

/// A new checklist template.
#[derive(InputObject)]
pub struct ChecklistTemplateInput {
    /// Name, unique.
    pub name: String,
    /// Steps, in order.
    pub steps: Vec<TemplateStepInput>,
    /// Approvals, in signing order.
    pub approvals: Vec<TemplateApprovalInput>,
}

#[derive(Default)]
pub struct TimetableQuery;

#[Object]
impl TimetableQuery {
    /// Your open checklist steps and approvals, overdue first, across the proposals you can see.
    async fn my_tasks(&self, ctx: &Context<'_>) -> async_graphql::Result<MyTasks> {
        let viewer = viewer(ctx)?;
        let store = &ApiState::of(ctx).store;
        let (mut steps, approvals) = store::signoff::open_tasks_for(store.conn(), viewer).await?;
        let today = store::s188::today();
        // Overdue first, then by planned date (undated last).
        steps.sort_by_key(|s| {
            (
                !signoff::overdue(s.planned_date, false, today),
                s.planned_date.is_none(),
                s.planned_date,
                s.position,
            )
        });
        Ok(MyTasks {
            steps: steps.into_iter().map(ChecklistStep).collect(),
            approvals: Approval::with_versions(store.conn(), approvals).await?,
        })
    }

    /// The checklist templates, the default (the Bury pack's) first. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn checklist_templates(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ChecklistTemplateObject>> {
        Ok(store::signoff::templates(&ApiState::of(ctx).store)
            .await?
            .into_iter()
            .map(|(id, template)| ChecklistTemplateObject { id, template })
            .collect())
    }

    /// Your private calendar feed of the meetings you are invited to, relative to the server.
    /// Keep it secret: anyone with the address can read the feed.
    async fn my_calendar_feed_path(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let viewer = viewer(ctx)?;
        let token = store::timetable::feed_token(&ApiState::of(ctx).store, viewer.user_id).await?;
        Ok(format!("/calendar/{token}.ics"))
    }
}

/// The consultation period and dismissal plan.
#[derive(InputObject)]
pub struct SetTimetableInput {
    /// The proposal.
    pub proposal_id: ID,
    /// The `version` you last saw (0 before it is first set). Optional.
    pub expected_version: Option<i32>,
    /// First day of formal consultation.
    pub consultation_start: Option<NaiveDate>,
    /// Last day of formal consultation.
    pub consultation_end: Option<NaiveDate>,
    /// Individual or collective.
    pub consultation_type: ConsultationTypeValue,
    /// When the first dismissal is planned to take effect.
    pub planned_first_dismissal: Option<NaiveDate>,
    /// When the first notice of dismissal is planned to be given. Dismissal with an offer
    /// of re-engagement is an employee's impact (DISMISS_AND_REENGAGE).
    pub planned_first_notice: Option<NaiveDate>,
    /// Working days a manager has to answer a question (1 to 30; absent keeps what is set,
    /// 5 at first).
    pub question_response_working_days: Option<i32>,
}

/// A meeting to schedule.
#[derive(InputObject)]
pub struct ScheduleMeetingInput {
    /// The proposal.
    pub proposal_id: ID,
    /// What kind.
    pub kind: MeetingKindValue,
    /// Title.
    pub title: String,
    /// Start (RFC 3339 with its offset).
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Room or address.
    pub place: Option<String>,
    /// Video link (https://).
    pub link: Option<String>,
    /// Groups invited.
    pub invitee_groups: Option<Vec<InviteeGroupValue>>,
    /// Users (accounts) invited by name.
    pub invitee_ids: Option<Vec<ID>>,
    /// Employees of the proposal invited by name: they see the meeting once they sign in
    /// with the account of their work email.
    pub invitee_employee_ids: Option<Vec<ID>>,
    /// s188(2) subjects it covers.
    pub covers: Option<Vec<ConcernValue>>,
}

/// A change to a meeting; a move raises its SEQUENCE so calendars update it.
#[derive(InputObject)]
pub struct UpdateMeetingInput {
    /// The meeting.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// Title.
    pub title: Option<String>,
    /// Start.
    pub starts_at: Option<DateTime<Utc>>,
    /// End.
    pub ends_at: Option<DateTime<Utc>>,
    /// Room or address; null clears it.
    pub place: MaybeUndefined<String>,
    /// Video link; null clears it.
    pub link: MaybeUndefined<String>,
    /// s188(2) subjects it covered.
    pub covers: Option<Vec<ConcernValue>>,
    /// Groups invited (replaces the list).
    pub invitee_groups: Option<Vec<InviteeGroupValue>>,
    /// Users (accounts) invited by name (replaces the list).
    pub invitee_ids: Option<Vec<ID>>,
    /// Employees of the proposal invited by name (replaces the list).
    pub invitee_employee_ids: Option<Vec<ID>>,
}

/// Ids given at `field`, each parsed (`field[i]` names a bad one).
fn id_list(items: &[ID], field: &str) -> Result<Vec<Uuid>, DomainError> {
    items
        .iter()
        .enumerate()
        .map(|(i, id)| parse_id(id, &format!("{field}[{i}]")))
        .collect()
}

/// Cancelling a meeting.
#[derive(InputObject)]
pub struct CancelMeetingInput {
    /// The meeting.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
}

/// A dated step of the implementation plan.
#[derive(InputObject)]
pub struct AddImplementationStepInput {
    /// The proposal.
    pub proposal_id: ID,
    /// When.
    pub date: NaiveDate,
    /// What.
    pub activity: String,
    /// Must be done before the decision (default false).
    pub before_decision: Option<bool>,
}

/// Giving the s188(4) disclosure to the representatives.
#[derive(InputObject)]
pub struct GiveS188DisclosureInput {
    /// The proposal.
    pub proposal_id: ID,
    /// The day the representatives received it; consultation starts then.
    pub given_on: NaiveDate,
}

/// A record of the HR1 notification.
#[derive(InputObject)]
pub struct RecordHr1Input {
    /// The proposal.
    pub proposal_id: ID,
    /// When it was made.
    pub made_on: NaiveDate,
    /// The Insolvency Service's reference.
    pub reference: String,
    /// A copy of what was submitted (the service keeps none).
    pub submitted_copy: String,
    /// When the representatives were given a copy (s193(6)).
    pub copy_to_representatives_on: Option<NaiveDate>,
}

/// A step to add to the checklist.
#[derive(InputObject)]
pub struct AddChecklistStepInput {
    /// The proposal.
    pub proposal_id: ID,
    /// Title.
    pub title: String,
    /// What it involves.
    pub description: Option<String>,
    /// When it is planned.
    pub planned_date: Option<NaiveDate>,
    /// Who completes it.
    pub assignee_id: Option<ID>,
}

/// Moving or removing a checklist step.
#[derive(InputObject)]
pub struct ChecklistStepInput {
    /// The step.
    pub id: ID,
    /// For a move: its new position, from 1.
    pub position: Option<i32>,
}

/// Completing a checklist step.
#[derive(InputObject)]
pub struct CompleteChecklistStepInput {
    /// The step.
    pub id: ID,
    /// A note.
    pub note: Option<String>,
    /// Recording a step done earlier: the day it was done (never in the future). Audited as
    /// back-dated.
    pub occurred_on: Option<NaiveDate>,
    /// Why a step planned after the consultation closes is completed before it has closed;
    /// required then (`PRECONDITION_FAILED` without it), kept with the step and audited.
    pub reason: Option<String>,
}

/// Opening consultation without approvals given again after a change.
#[derive(InputObject)]
pub struct ProceedWithoutReapprovalInput {
    /// The proposal.
    pub proposal_id: ID,
    /// Why consultation can open on approvals given on an earlier version; kept and audited.
    pub reason: String,
}

/// Naming an approver.
#[derive(InputObject)]
pub struct AssignApproverInput {
    /// The approval.
    pub approval_id: ID,
    /// The person who decides it.
    pub user_id: ID,
}

/// An approver's decision.
#[derive(InputObject)]
pub struct DecideApprovalInput {
    /// The approval.
    pub approval_id: ID,
    /// The decision.
    pub decision: DecisionValue,
    /// Required for a rejection or conditions.
    pub comment: Option<String>,
}

fn concerns(items: Option<Vec<ConcernValue>>) -> Vec<String> {
    let mut out: Vec<String> = items
        .unwrap_or_default()
        .into_iter()
        .map(|c| Concern::from(c).as_str().to_owned())
        .collect();
    out.dedup();
    out
}

#[derive(Default)]
pub struct TimetableMutation;

#[Object]
impl TimetableMutation {
    /// Sets the consultation period and dismissal plan. HR only. While consulting, a changed
    /// last day is emailed to staff and representatives, and one before today is refused
    /// (`BAD_USER_INPUT` on `input.consultationEnd`): close the consultation instead.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn set_timetable(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The timetable.")] input: SetTimetableInput,
    ) -> async_graphql::Result<Timetable> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let period = match (input.consultation_start, input.consultation_end) {
            (Some(start), Some(end)) => Some(Period::parse(start, end, "input.consultation")?),
            (None, None) => None,
            _ => {
                return Err(DomainError::bad_input(
                    "input.consultationEnd",
                    "Give both the first and the last day of consultation.",
                )
                .into());
            }
        };
        let change = TimetableChange {
            period,
            consultation_type: ConsultationType::from(input.consultation_type),
            planned_first_dismissal: input.planned_first_dismissal,
            planned_first_notice: input.planned_first_notice,
            question_response_days: input
                .question_response_working_days
                .map(|d| {
                    crate::domain::question::response_days(d, "input.questionResponseWorkingDays")
                })
                .transpose()?,
        };
        let record = store::timetable::set_timetable(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            proposal_id,
            input.expected_version,
            |_| Ok(change),
        )
        .await?;
        Ok(Timetable(record))
    }

    /// Schedules a meeting. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn schedule_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting.")] input: ScheduleMeetingInput,
    ) -> async_graphql::Result<Meeting> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let change = MeetingChange {
            kind: MeetingKind::from(input.kind),
            slot: MeetingSlot::parse(
                &input.title,
                input.starts_at,
                input.ends_at,
                input.place.as_deref(),
                input.link.as_deref(),
                "input",
            )?,
            invitee_groups: input
                .invitee_groups
                .unwrap_or_default()
                .into_iter()
                .map(InviteeGroup::from)
                .collect(),
            invitee_ids: id_list(
                input.invitee_ids.as_deref().unwrap_or_default(),
                "input.inviteeIds",
            )?,
            invitee_employee_ids: id_list(
                input.invitee_employee_ids.as_deref().unwrap_or_default(),
                "input.inviteeEmployeeIds",
            )?,
            covers: concerns(input.covers),
        };
        Ok(Meeting::one(
            store::timetable::create_meeting(
                &ApiState::of(ctx).store,
                &audit_actor(ctx)?,
                proposal_id,
                change,
            )
            .await?,
        ))
    }

    /// Moves or changes a meeting; its SEQUENCE rises so calendars update it. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn update_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The change.")] input: UpdateMeetingInput,
    ) -> async_graphql::Result<Meeting> {
        let id = parse_id(&input.id, "input.id")?;
        let record = store::timetable::update_meeting(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            |before| {
                let place = match &input.place {
                    MaybeUndefined::Undefined => before.place.clone(),
                    MaybeUndefined::Null => None,
                    MaybeUndefined::Value(p) => Some(p.clone()),
                };
                let link = match &input.link {
                    MaybeUndefined::Undefined => before.link.clone(),
                    MaybeUndefined::Null => None,
                    MaybeUndefined::Value(l) => Some(l.clone()),
                };
                Ok(Some(MeetingChange {
                    kind: before.kind,
                    slot: MeetingSlot::parse(
                        input.title.as_deref().unwrap_or(&before.title),
                        input.starts_at.unwrap_or(before.starts_at),
                        input.ends_at.unwrap_or(before.ends_at),
                        place.as_deref(),
                        link.as_deref(),
                        "input",
                    )?,
                    invitee_groups: input.invitee_groups.clone().map_or_else(
                        || before.invitee_groups.clone(),
                        |groups| groups.into_iter().map(InviteeGroup::from).collect(),
                    ),
                    invitee_ids: match &input.invitee_ids {
                        Some(ids) => id_list(ids, "input.inviteeIds")?,
                        None => before.invitee_ids.clone(),
                    },
                    invitee_employee_ids: match &input.invitee_employee_ids {
                        Some(ids) => id_list(ids, "input.inviteeEmployeeIds")?,
                        None => before.invitee_employee_ids.clone(),
                    },
                    covers: input
                        .covers
                        .clone()
                        .map_or_else(|| before.covers.clone(), |c| concerns(Some(c))),
                }))
            },
        )
        .await?;
        Ok(Meeting::one(record))
    }

    /// Cancels a meeting; its invite goes out again with STATUS:CANCELLED. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn cancel_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting.")] input: CancelMeetingInput,
    ) -> async_graphql::Result<Meeting> {
        let id = parse_id(&input.id, "input.id")?;
        Ok(Meeting::one(
            store::timetable::update_meeting(
                &ApiState::of(ctx).store,
                &audit_actor(ctx)?,
                id,
                input.expected_version,
                |_| Ok(None),
            )
            .await?,
        ))
    }

    /// Adds a dated step to the implementation plan. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn add_implementation_step(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The step.")] input: AddImplementationStepInput,
    ) -> async_graphql::Result<ImplementationStep> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let activity = text::required_line(&input.activity, "input.activity", "the activity", 500)?;
        let record = store::timetable::add_implementation_step(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            proposal_id,
            input.date,
            activity,
            input.before_decision.unwrap_or(false),
        )
        .await?;
        Ok(ImplementationStep(record))
    }

    /// Marks an implementation step done. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn complete_implementation_step(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The step's id.")] id: ID,
    ) -> async_graphql::Result<ImplementationStep> {
        let id = parse_id(&id, "id")?;
        Ok(ImplementationStep(
            store::timetable::complete_implementation_step(
                &ApiState::of(ctx).store,
                &audit_actor(ctx)?,
                id,
            )
            .await?,
        ))
    }

    /// Records that the s188(4) disclosure was given to the representatives, snapshotting
    /// it; the statutory clock starts that day. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn give_s188_disclosure(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal and date.")] input: GiveS188DisclosureInput,
    ) -> async_graphql::Result<S188> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let (facts, hr1) = store::s188::give_disclosure(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            proposal_id,
            input.given_on,
        )
        .await?;
        Ok(S188::of(&facts, hr1, ProposalView::Hr))
    }

    /// Records the HR1 notification to the Secretary of State (s193). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn record_hr1_notification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record.")] input: RecordHr1Input,
    ) -> async_graphql::Result<Proposal> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let reference = text::required_line(
            &input.reference,
            "input.reference",
            "the HR1 reference",
            100,
        )?;
        let copy = text::long_text(
            &input.submitted_copy,
            "input.submittedCopy",
            "the copy of what was submitted",
        )?;
        store::timetable::record_hr1(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            proposal_id,
            input.made_on,
            reference,
            copy,
            input.copy_to_representatives_on,
        )
        .await?;
        load_visible(ctx, proposal_id).await
    }

    /// Sets up the sign-off checklist from a template (by default the Bury pack's 11 steps
    /// and six approvals), planned from the consultation period. HR only, until approval.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn apply_checklist_template(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal's id.")] proposal_id: ID,
        #[graphql(desc = "The template; the default when omitted.")] template_id: Option<ID>,
    ) -> async_graphql::Result<Proposal> {
        let id = parse_id(&proposal_id, "proposalId")?;
        let wanted = template_id
            .map(|t| parse_id(&t, "templateId"))
            .transpose()?;
        let store = &ApiState::of(ctx).store;
        let templates = store::signoff::templates(store).await?;
        let template = match wanted {
            Some(wanted) => templates
                .into_iter()
                .find(|(tid, _)| *tid == wanted)
                .map(|(_, t)| t)
                .ok_or_else(|| {
                    DomainError::NotFound("There is no checklist template with that id.".into())
                })?,
            None => templates
                .into_iter()
                .next()
                .map(|(_, t)| t)
                .unwrap_or_else(signoff::bury_default),
        };
        let timetable = store::timetable::timetables(store.conn(), &[id])
            .await?
            .remove(0);
        store::signoff::apply_template(
            store,
            &audit_actor(ctx)?,
            id,
            &template,
            (timetable.consultation_start, timetable.consultation_end),
        )
        .await?;
        load_visible(ctx, id).await
    }

    /// Writes a new checklist template. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn create_checklist_template(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The template.")] input: ChecklistTemplateInput,
    ) -> async_graphql::Result<ChecklistTemplateObject> {
        let steps = input
            .steps
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let at = format!("input.steps[{i}]");
                let assignee = match (s.assignee_id, s.assignee_role) {
                    (Some(user), None) => {
                        Assignee::User(parse_id(&user, &format!("{at}.assigneeId"))?)
                    }
                    (None, Some(role)) => Assignee::Role(role.into()),
                    _ => {
                        return Err(DomainError::bad_input(
                            format!("{at}.assigneeRole"),
                            "Say who completes the step: a role or a named person (one of them).",
                        ));
                    }
                };
                let offset = match (s.anchor, s.offset_days) {
                    (Some(anchor), Some(days)) => Some((anchor.into(), i64::from(days))),
                    (None, None) => None,
                    _ => {
                        return Err(DomainError::bad_input(
                            format!("{at}.offsetDays"),
                            "Give both the anchor date and the offset in days, or neither.",
                        ));
                    }
                };
                Ok(StepTemplate {
                    title: s.title,
                    description: s.description.unwrap_or_default(),
                    offset,
                    assignee,
                })
            })
            .collect::<Result<Vec<_>, DomainError>>()?;
        let approvals = input
            .approvals
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                Ok(ApprovalTemplate {
                    approver_title: a.approver_title,
                    approver_id: a
                        .approver_id
                        .map(|u| parse_id(&u, &format!("input.approvals[{i}].approverId")))
                        .transpose()?,
                })
            })
            .collect::<Result<Vec<_>, DomainError>>()?;
        let template = ChecklistTemplate {
            name: input.name,
            steps,
            approvals,
        }
        .check("input")?;
        let (id, template) =
            store::signoff::create_template(&ApiState::of(ctx).store, &audit_actor(ctx)?, template)
                .await?;
        Ok(ChecklistTemplateObject { id, template })
    }

    /// Adds a checklist step. HR only, until approval.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn add_checklist_step(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The step.")] input: AddChecklistStepInput,
    ) -> async_graphql::Result<ChecklistStep> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let title = text::required_line(
            &input.title,
            "input.title",
            "the step's title",
            text::SHORT_MAX_CHARS,
        )?;
        let description = text::long_text(
            input.description.as_deref().unwrap_or(""),
            "input.description",
            "the description",
        )?;
        let assignee = input
            .assignee_id
            .map(|id| parse_id(&id, "input.assigneeId"))
            .transpose()?;
        Ok(ChecklistStep(
            store::signoff::add_step(
                &ApiState::of(ctx).store,
                &audit_actor(ctx)?,
                proposal_id,
                title,
                description,
                input.planned_date,
                assignee,
            )
            .await?,
        ))
    }

    /// Moves a checklist step to `position`, or removes it when no position is given. HR only, until approval.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn move_or_remove_checklist_step(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The step.")] input: ChecklistStepInput,
    ) -> async_graphql::Result<Vec<ChecklistStep>> {
        let id = parse_id(&input.id, "input.id")?;
        Ok(store::signoff::remove_or_move_step(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.position,
        )
        .await?
        .into_iter()
        .map(ChecklistStep)
        .collect())
    }

    /// Completes a checklist step: its assignee or HR.
    async fn complete_checklist_step(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The step.")] input: CompleteChecklistStepInput,
    ) -> async_graphql::Result<ChecklistStep> {
        let viewer = viewer(ctx)?;
        let id = parse_id(&input.id, "input.id")?;
        let note = input
            .note
            .map(|n| text::long_text(&n, "input.note", "the note"))
            .transpose()?
            .filter(|n| !n.is_empty());
        Ok(ChecklistStep(
            store::signoff::complete_step(
                &ApiState::of(ctx).store,
                viewer,
                id,
                note,
                input.occurred_on,
                input.reason,
            )
            .await?,
        ))
    }

    /// Names who decides an approval. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn assign_approver(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The approval and person.")] input: AssignApproverInput,
    ) -> async_graphql::Result<Approval> {
        let id = parse_id(&input.approval_id, "input.approvalId")?;
        let user = parse_id(&input.user_id, "input.userId")?;
        let store = &ApiState::of(ctx).store;
        let record = store::signoff::assign_approver(store, &audit_actor(ctx)?, id, user).await?;
        Ok(Approval::with_versions(store.conn(), vec![record])
            .await?
            .remove(0))
    }

    /// Approves, approves with conditions, or rejects (the proposal goes back to DRAFT):
    /// the named approver, or HR when nobody is named.
    async fn decide_approval(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The decision.")] input: DecideApprovalInput,
    ) -> async_graphql::Result<Approval> {
        let viewer = viewer(ctx)?;
        let id = parse_id(&input.approval_id, "input.approvalId")?;
        let decision = Decision::from(input.decision);
        let comment = signoff::decision_comment(decision, input.comment.as_deref())?;
        let store = &ApiState::of(ctx).store;
        let record = store::signoff::decide(store, viewer, id, decision, comment).await?;
        Ok(Approval::with_versions(store.conn(), vec![record])
            .await?
            .remove(0))
    }

    /// Records HR's reason to open consultation although approvals were given on an earlier
    /// version of the proposal; kept on each such approval and audited. A later substantive
    /// change needs them (or a new reason) again. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn proceed_without_reapproval(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal and why.")] input: ProceedWithoutReapprovalInput,
    ) -> async_graphql::Result<Vec<Approval>> {
        let id = parse_id(&input.proposal_id, "input.proposalId")?;
        let (records, current) = store::signoff::proceed_without_reapproval(
            &ApiState::of(ctx).store,
            viewer(ctx)?,
            id,
            &input.reason,
        )
        .await?;
        Ok(records.into_iter().map(|a| Approval(a, current)).collect())
    }
}
