//! Individual cases over GraphQL (issue 16): each affected employee's case, its history and
//! individual meetings; the steps of this module (open, slot in, selection pool,
//! redeployment, withdraw, leaving) and the facts the later steps need. Who sees which case,
//! and which of its fields, is decided in `domain::individual::case`.

use super::historical_date::HistoricalDate;
use super::{
    ApiState,
    auth::{RoleGuard, audit_actor, viewer},
    loaders::CasePage,
    pagination::{self, IdCursor, TotalCount},
    parse_id,
    proposal::{Proposal, load_visible},
    structure::Employee,
};
use crate::domain::{
    DomainError,
    access::{Permission, ProposalView},
    account::Role,
    individual::case::{self as rules, CaseAccessFacts, CaseStep, CaseView},
    page::PageSize,
    text,
};
use crate::store::{
    self,
    cases::{
        CaseEventRecord, CaseFactsChange, CaseFilter, CaseWithEmployee, MeetingHeld, MeetingRecord,
    },
};
use async_graphql::{
    Context, Enum, ID, InputObject, Json, MaybeUndefined, Object, SimpleObject,
    connection::Connection,
};
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;
use uuid::Uuid;

/// Where an employee's case stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "CaseState",
    remote = "crate::domain::individual::case::CaseState"
)]
pub enum CaseStateValue {
    /// Their post is affected; no placement decided yet.
    AtRisk,
    /// Slotted into a post of the new structure.
    SlottedIn,
    /// Competing in a ring fence or competitive pool.
    InSelectionPool,
    /// Seeking suitable alternative employment.
    Redeployment,
    /// Offered a post, awaiting their answer.
    Offered,
    /// Accepted an offer.
    Accepted,
    /// Declined an offer.
    Declined,
    /// In a statutory trial period (ERA 1996 s138(3)).
    TrialPeriod,
    /// Confirmed in the new post.
    Confirmed,
    /// The trial period ended without the post being kept.
    TrialEnded,
    /// Under notice of dismissal.
    NoticeGiven,
    /// Employment ended.
    Left,
    /// No longer at risk.
    Withdrawn,
}

/// Who accompanied the employee at an individual meeting.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "CompanionKind",
    remote = "crate::domain::individual::case::CompanionKind"
)]
pub enum CompanionKindValue {
    /// Nobody.
    None,
    /// A trade union representative.
    UnionRep,
    /// A colleague.
    Colleague,
}

/// One employee's case, as the viewer may see it.
pub struct Case {
    pub inner: CaseWithEmployee,
    pub view: CaseView,
    /// The list it is shown in, whose cases' history, meetings, offers, notice, appeals and
    /// pay are read together.
    pub page: Arc<CasePage>,
}

impl Case {
    /// A case shown on its own.
    fn alone(inner: CaseWithEmployee, view: CaseView) -> Self {
        let page = CasePage::new(std::slice::from_ref(&inner));
        Self { inner, view, page }
    }

    /// The cases of one list, all seen as `view`, read together.
    fn list(cases: Vec<CaseWithEmployee>, view: CaseView) -> Vec<Self> {
        let page = CasePage::new(&cases);
        cases
            .into_iter()
            .map(|inner| Self {
                inner,
                view,
                page: page.clone(),
            })
            .collect()
    }

    fn proposal_view(&self) -> ProposalView {
        match self.view {
            CaseView::Hr => ProposalView::Hr,
            CaseView::Sponsor => ProposalView::Sponsor,
            CaseView::Companion => ProposalView::UnionRep,
            CaseView::Own => ProposalView::Staff,
        }
    }
}

/// One employee's case in the individual stage.
#[Object]
impl Case {
    /// The case's id: the employee's id (one case per employee of a proposal).
    async fn id(&self) -> ID {
        ID(self.inner.case.employee_id.to_string())
    }
    /// The employee.
    async fn employee(&self) -> Employee {
        Employee {
            record: self.inner.employee.clone(),
            view: self.proposal_view(),
        }
    }
    /// The proposal it belongs to.
    async fn proposal_id(&self) -> ID {
        ID(self.inner.case.proposal_id.to_string())
    }
    /// Where it stands.
    async fn state(&self) -> CaseStateValue {
        self.inner.case.state.into()
    }
    /// Increases with every step; send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.inner.case.version
    }
    /// What happens next, in plain words; null when the case is closed.
    async fn next_action(&self) -> Option<&'static str> {
        self.inner.case.state.next_action()
    }
    /// When the next action (e.g. a scheduled individual meeting) is due.
    async fn next_action_due(&self) -> Option<NaiveDate> {
        self.inner.case.next_action_due
    }
    /// The next action's day has passed.
    async fn overdue(&self) -> bool {
        self.inner.case.overdue(store::s188::today())
    }
    /// When the case was opened.
    async fn opened_at(&self) -> DateTime<Utc> {
        self.inner.case.created_at
    }
    /// Start of continuous employment, which may be with a previous employer the law treats
    /// as continuous (ERA 1996 s218); null until HR records it.
    async fn continuous_service_start(&self) -> async_graphql::Result<Option<NaiveDate>> {
        Ok(self.inner.facts.continuous_service_start)
    }
    /// Date of birth: HR and the employee only (`FORBIDDEN` for others).
    async fn date_of_birth(&self) -> async_graphql::Result<Option<NaiveDate>> {
        if !self.view.sees_date_of_birth() {
            return Err(DomainError::Forbidden(
                "A date of birth is personal data: only HR and the employee see it.".into(),
            )
            .into());
        }
        Ok(self.inner.facts.date_of_birth)
    }
    /// Notice the contract gives, in weeks (null: the statutory minimum applies).
    async fn contractual_notice_weeks(&self) -> async_graphql::Result<Option<i32>> {
        Ok(self.inner.facts.contractual_notice_weeks)
    }
    /// Every step, oldest first (append-only).
    async fn history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CaseEvent>> {
        let events = self
            .page
            .history(&ApiState::of(ctx).store, self.inner.case.employee_id)
            .await?;
        Ok(events
            .iter()
            .map(|record| CaseEvent {
                record: record.clone(),
                view: self.view,
            })
            .collect())
    }
    /// The notice of dismissal given (the latest), with its period, last day and the right
    /// to time off to look for work (ERA 1996 s52) when entitled.
    async fn notice(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::separation::Notice>> {
        super::separation::case_notice(ctx, self).await
    }
    /// Redundancy pay, line by line (ERA 1996 s162), with the employer's scheme beside it:
    /// HR and the employee only (`FORBIDDEN` for the sponsor and union representatives).
    async fn redundancy_pay(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<super::separation::RedundancyPay> {
        super::separation::case_pay(ctx, self).await
    }
    /// Appeals lodged, oldest first: HR, the employee and a companion they named.
    async fn appeals(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::separation::Appeal>> {
        super::separation::case_appeals(ctx, self).await
    }
    /// Offers of suitable alternative employment made to the employee, oldest first: HR;
    /// the employee; the proposal's manager without the pay offered. Union representatives
    /// never (`FORBIDDEN`).
    async fn offers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<super::offers::Offer>> {
        super::offers::case_offers(ctx, self).await
    }
    /// The individual consultation meetings, earliest first.
    async fn meetings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<IndividualMeeting>> {
        let meetings = self
            .page
            .meetings(&ApiState::of(ctx).store, self.inner.case.employee_id)
            .await?;
        Ok(meetings.iter().cloned().map(IndividualMeeting).collect())
    }
}

/// One step of a case's history.
pub struct CaseEvent {
    record: CaseEventRecord,
    view: CaseView,
}

/// One step of a case's history.
#[Object]
impl CaseEvent {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// The state before (null for the opening of the case).
    async fn from(&self) -> Option<CaseStateValue> {
        self.record.from.map(Into::into)
    }
    /// The state after.
    async fn to(&self) -> CaseStateValue {
        self.record.to.into()
    }
    /// The step's name, e.g. SLOT_IN.
    async fn step(&self) -> &str {
        &self.record.step
    }
    /// What was recorded with it (post, match, reason, dates...). Who decided is shown to HR
    /// and the sponsor only.
    async fn detail(&self) -> Json<serde_json::Value> {
        let mut detail = self.record.detail.clone();
        if !self.view.sees_decision_makers()
            && let Some(map) = detail.as_object_mut()
        {
            map.remove("decidedBy");
        }
        Json(detail)
    }
    /// Who took the step (HR and the sponsor only).
    async fn actor_id(&self) -> Option<ID> {
        self.view
            .sees_decision_makers()
            .then_some(self.record.actor_id)
            .flatten()
            .map(|id| ID(id.to_string()))
    }
    /// When it was recorded.
    async fn at(&self) -> DateTime<Utc> {
        self.record.at
    }
    /// The day it took effect.
    async fn occurred_on(&self) -> NaiveDate {
        self.record.occurred_on
    }
}

/// An individual consultation meeting with one employee.
pub struct IndividualMeeting(MeetingRecord);

/// An individual consultation meeting with one employee.
#[Object]
impl IndividualMeeting {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Send it back as `expectedVersion` when recording the meeting.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When it is (or was) scheduled.
    async fn scheduled_for(&self) -> DateTime<Utc> {
        self.0.scheduled_for
    }
    /// Where.
    async fn location(&self) -> &str {
        &self.0.location
    }
    /// The day it was held (null until recorded).
    async fn held_on(&self) -> Option<NaiveDate> {
        self.0.held_on
    }
    /// HR's notes of the meeting.
    async fn notes(&self) -> Option<&str> {
        self.0.notes.as_deref()
    }
    /// Who accompanied the employee.
    async fn companion_kind(&self) -> CompanionKindValue {
        self.0.companion_kind.into()
    }
    /// The companion's name.
    async fn companion_name(&self) -> Option<&str> {
        self.0.companion_name.as_deref()
    }
}

/// How many of a proposal's cases are in one state.
#[derive(SimpleObject)]
pub struct CaseCount {
    /// The state.
    pub state: CaseStateValue,
    /// Null for union representatives when fewer than 3 (so nobody is identified).
    pub count: Option<i32>,
}

/// An employee's case facts as set.
#[derive(SimpleObject)]
pub struct CaseFacts {
    /// The employee.
    pub employee_id: ID,
    /// The employee record's new version.
    pub version: i32,
    /// Start of continuous employment.
    pub continuous_service_start: Option<NaiveDate>,
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// Contractual notice in weeks.
    pub contractual_notice_weeks: Option<i32>,
}

/// How `ctx`'s viewer sees `inner`, or `NOT_FOUND`.
async fn view_of(ctx: &Context<'_>, inner: &CaseWithEmployee) -> async_graphql::Result<CaseView> {
    let viewer = viewer(ctx)?;
    let store = &ApiState::of(ctx).store;
    let own = inner.employee.work_email == viewer.email;
    let named_as_companion = viewer.role == Role::UnionRep
        && store::cases::names_companion(store.conn(), inner.case.employee_id, viewer.user_id)
            .await?;
    let proposal_view = if viewer.role == Role::Manager {
        match store::proposals::find(store, inner.case.proposal_id).await? {
            Some(record) => {
                let named = store::proposals::viewer_is_named(store, viewer, record.id).await?;
                viewer.proposal_view(&record.facts(named))
            }
            None => None,
        }
    } else {
        None
    };
    Ok(rules::case_view(
        viewer,
        CaseAccessFacts {
            proposal_view,
            own,
            named_as_companion,
        },
    )?)
}

/// The case of `employee_id` as the viewer may see it; `None` when there is none or they
/// may not see it.
pub async fn employee_case(
    ctx: &Context<'_>,
    employee_id: Uuid,
) -> async_graphql::Result<Option<Case>> {
    let Some(inner) = store::cases::find(ApiState::of(ctx).store.conn(), employee_id).await? else {
        return Ok(None);
    };
    match view_of(ctx, &inner).await {
        Ok(view) => Ok(Some(Case::alone(inner, view))),
        Err(_) => Ok(None),
    }
}

pub(crate) async fn load_case(ctx: &Context<'_>, employee_id: Uuid) -> async_graphql::Result<Case> {
    let not_found = || DomainError::NotFound("No such case, or you cannot see it.".into());
    let inner = store::cases::find(ApiState::of(ctx).store.conn(), employee_id)
        .await?
        .ok_or_else(not_found)?;
    let view = view_of(ctx, &inner).await?;
    Ok(Case::alone(inner, view))
}

/// `Proposal.cases`: a page of the proposal's cases (HR and the sponsor).
pub async fn proposal_cases(
    ctx: &Context<'_>,
    proposal: &Proposal,
    first: Option<i32>,
    after: Option<String>,
    state: Option<CaseStateValue>,
    overdue_first: Option<bool>,
) -> async_graphql::Result<Connection<IdCursor, Case, TotalCount>> {
    let view = rules::may_list_cases(proposal.view)?;
    let size = PageSize::parse(first)?;
    let after = pagination::decode_after(after.as_deref())?;
    let filter = CaseFilter {
        state: state.map(Into::into),
        overdue_first: overdue_first.unwrap_or(false),
    };
    let conn = ApiState::of(ctx).store.conn();
    let rows = store::cases::page(conn, proposal.record.id, filter, after, size.get()).await?;
    let total = store::cases::count(conn, proposal.record.id, filter.state).await?;
    // The cases shown are read together; the row past them only tells that a page follows.
    let page = CasePage::new(&rows[..rows.len().min(size.get() as usize)]);
    Ok(pagination::connection(
        rows,
        size.get(),
        after.is_some(),
        total,
        |c| c.case.employee_id,
        |inner| Case {
            inner,
            view,
            page: page.clone(),
        },
    ))
}

/// `Proposal.caseCounts`: how many cases are in each state.
pub async fn case_counts(
    ctx: &Context<'_>,
    proposal: &Proposal,
) -> async_graphql::Result<Vec<CaseCount>> {
    // Refused before anything is read.
    rules::count_for(proposal.view, 0)?;
    let counts =
        store::cases::counts_by_state(ApiState::of(ctx).store.conn(), proposal.record.id).await?;
    counts
        .into_iter()
        .map(|(state, n)| {
            Ok(CaseCount {
                state: state.into(),
                count: rules::count_for(proposal.view, n)?.map(|n| n as i32),
            })
        })
        .collect::<Result<_, DomainError>>()
        .map_err(Into::into)
}

#[derive(Default)]
pub struct CaseQuery;

#[Object]
impl CaseQuery {
    /// Your own cases, across proposals (oldest first).
    async fn my_cases(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Case>> {
        let viewer = viewer(ctx)?;
        let cases = store::cases::of_email(ApiState::of(ctx).store.conn(), &viewer.email).await?;
        Ok(Case::list(cases, CaseView::Own))
    }

    /// One employee's case: HR; the proposal's sponsor; the employee; a union representative
    /// the employee named as companion at an individual meeting. `NOT_FOUND` otherwise.
    async fn case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The employee's id.")] employee_id: ID,
    ) -> async_graphql::Result<Case> {
        load_case(ctx, parse_id(&employee_id, "employeeId")?).await
    }
}

/// Opens the cases of a decided proposal.
#[derive(SimpleObject)]
pub struct OpenCasesPayload {
    /// How many cases this call opened (0 when all were open already).
    pub opened: i32,
}

/// A step with no data of its own.
#[derive(InputObject)]
pub struct CaseStepInput {
    /// The employee whose case it is.
    pub employee_id: ID,
    /// The case's version you last saw.
    pub expected_version: i32,
}

/// A slot-in decision.
#[derive(InputObject)]
pub struct SlotInInput {
    /// The employee whose case it is.
    pub employee_id: ID,
    /// The case's version you last saw.
    pub expected_version: i32,
    /// A post of the new structure.
    pub post_id: ID,
    /// How closely its duties match theirs, in percent (at least the proposal's threshold).
    pub match_percent: i32,
}

/// Placing an employee in a selection pool.
#[derive(InputObject)]
pub struct PlaceInSelectionPoolInput {
    /// The employee whose case it is.
    pub employee_id: ID,
    /// The case's version you last saw.
    pub expected_version: i32,
    /// A ring fence or competitive pool of the proposal the employee is a member of.
    pub ring_fence_id: ID,
}

/// Withdrawing a case.
#[derive(InputObject)]
pub struct WithdrawCaseInput {
    /// The employee whose case it is.
    pub employee_id: ID,
    /// The case's version you last saw.
    pub expected_version: i32,
    /// Why they are no longer at risk.
    pub reason: String,
}

/// An employee's case facts.
#[derive(InputObject)]
pub struct SetCaseFactsInput {
    /// The employee.
    pub employee_id: ID,
    /// The employee record's version.
    pub expected_version: i32,
    /// Start of continuous employment (null clears it; absent leaves it).
    pub continuous_service_start: MaybeUndefined<HistoricalDate>,
    /// Date of birth (HR only).
    pub date_of_birth: MaybeUndefined<HistoricalDate>,
    /// Contractual notice in weeks (0 to 52).
    pub contractual_notice_weeks: MaybeUndefined<i32>,
}

/// A proposal's slot-in threshold.
#[derive(InputObject)]
pub struct SetSlotInThresholdInput {
    /// The proposal.
    pub proposal_id: ID,
    /// The proposal's version.
    pub expected_version: i32,
    /// The least match for a slot-in, in percent (employer policy, 1 to 100).
    pub percent: i32,
}

/// An individual consultation meeting to schedule.
#[derive(InputObject)]
pub struct ScheduleIndividualMeetingInput {
    /// The employee whose case it is.
    pub employee_id: ID,
    /// The case's version.
    pub expected_version: i32,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// Where (a room, or how to join).
    pub location: String,
}

/// An individual meeting held.
#[derive(InputObject)]
pub struct RecordIndividualMeetingInput {
    /// The meeting.
    pub meeting_id: ID,
    /// The meeting's version.
    pub expected_version: i32,
    /// The day it was held.
    pub held_on: NaiveDate,
    /// HR's notes.
    pub notes: String,
    /// Who accompanied the employee.
    pub companion_kind: CompanionKindValue,
    /// The companion's name (required unless nobody came).
    pub companion_name: Option<String>,
    /// A union representative's account, when one accompanied them (they may then read
    /// this employee's case).
    pub companion_user_id: Option<ID>,
}

fn change<T: Copy>(value: &MaybeUndefined<T>) -> Option<Option<T>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(*v)),
    }
}

#[derive(Default)]
pub struct CaseMutation;

impl CaseMutation {
    async fn step(
        ctx: &Context<'_>,
        employee_id: &ID,
        expected_version: i32,
        step: CaseStep,
    ) -> async_graphql::Result<Case> {
        let id = parse_id(employee_id, "input.employeeId")?;
        store::cases::step(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            expected_version,
            step,
            None,
        )
        .await?;
        load_case(ctx, id).await
    }
}

#[Object]
impl CaseMutation {
    /// Opens an AT_RISK case for each directly affected employee of a decided (or
    /// implementing) proposal; idempotent. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn open_cases(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The decided proposal.")] proposal_id: ID,
    ) -> async_graphql::Result<OpenCasesPayload> {
        let id = parse_id(&proposal_id, "proposalId")?;
        load_visible(ctx, id).await?;
        let opened =
            store::cases::open_cases(&ApiState::of(ctx).store, &audit_actor(ctx)?, id).await?;
        Ok(OpenCasesPayload {
            opened: opened as i32,
        })
    }

    /// Slots the employee into a post of the new structure whose match is at least the
    /// proposal's threshold; records who decided. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn slot_in(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The decision.")] input: SlotInInput,
    ) -> async_graphql::Result<Case> {
        let step = CaseStep::SlotIn {
            post_id: parse_id(&input.post_id, "input.postId")?,
            match_percent: input.match_percent,
            decided_by: viewer(ctx)?.user_id,
        };
        Self::step(ctx, &input.employee_id, input.expected_version, step).await
    }

    /// Places the employee in a ring fence or competitive pool they are a member of. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn place_in_selection_pool(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The step and the version you last saw.")]
        input: PlaceInSelectionPoolInput,
    ) -> async_graphql::Result<Case> {
        let step = CaseStep::PlaceInSelectionPool {
            ring_fence_id: parse_id(&input.ring_fence_id, "input.ringFenceId")?,
        };
        Self::step(ctx, &input.employee_id, input.expected_version, step).await
    }

    /// Moves the employee to redeployment (not selected, or no pool). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn move_to_redeployment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The step and the version you last saw.")] input: CaseStepInput,
    ) -> async_graphql::Result<Case> {
        Self::step(
            ctx,
            &input.employee_id,
            input.expected_version,
            CaseStep::MoveToRedeployment,
        )
        .await
    }

    /// Withdraws a case: the employee is no longer at risk. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn withdraw_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The step and the version you last saw.")] input: WithdrawCaseInput,
    ) -> async_graphql::Result<Case> {
        let step = CaseStep::Withdraw {
            reason: input.reason.trim().to_owned(),
        };
        Self::step(ctx, &input.employee_id, input.expected_version, step).await
    }

    /// Records that the employee left, after the last day of their notice. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn record_leaving(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The step and the version you last saw.")] input: CaseStepInput,
    ) -> async_graphql::Result<Case> {
        Self::step(
            ctx,
            &input.employee_id,
            input.expected_version,
            CaseStep::Leave,
        )
        .await
    }

    /// Sets the facts the later steps need: continuous service start, date of birth,
    /// contractual notice. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn set_case_facts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The step and the version you last saw.")] input: SetCaseFactsInput,
    ) -> async_graphql::Result<CaseFacts> {
        let id = parse_id(&input.employee_id, "input.employeeId")?;
        let today = store::s188::today();
        for (value, field) in [
            (
                &input.continuous_service_start,
                "input.continuousServiceStart",
            ),
            (&input.date_of_birth, "input.dateOfBirth"),
        ] {
            if let MaybeUndefined::Value(HistoricalDate(day)) = value
                && *day > today
            {
                return Err(DomainError::bad_input(field, "This date is in the future.").into());
            }
        }
        if let MaybeUndefined::Value(weeks) = input.contractual_notice_weeks
            && !(0..=52).contains(&weeks)
        {
            return Err(DomainError::bad_input(
                "input.contractualNoticeWeeks",
                "Contractual notice is a number of weeks from 0 to 52.",
            )
            .into());
        }
        let row = store::cases::set_case_facts(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            CaseFactsChange {
                continuous_service_start: change(&input.continuous_service_start)
                    .map(|d| d.map(|d| d.0)),
                date_of_birth: change(&input.date_of_birth).map(|d| d.map(|d| d.0)),
                contractual_notice_weeks: change(&input.contractual_notice_weeks),
            },
        )
        .await?;
        Ok(CaseFacts {
            employee_id: ID(row.id.to_string()),
            version: row.version,
            continuous_service_start: row.continuous_service_start,
            date_of_birth: row.date_of_birth,
            contractual_notice_weeks: row.contractual_notice_weeks,
        })
    }

    /// Sets the proposal's slot-in threshold (employer policy, not law). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn set_slot_in_threshold(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The step and the version you last saw.")] input: SetSlotInThresholdInput,
    ) -> async_graphql::Result<Proposal> {
        let id = parse_id(&input.proposal_id, "input.proposalId")?;
        let percent = rules::slot_in_threshold(input.percent, "input.percent")?;
        store::cases::set_slot_in_threshold(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            percent,
        )
        .await?;
        load_visible(ctx, id).await
    }

    /// Schedules an individual consultation meeting and emails the invitation, which states
    /// the right to be accompanied. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn schedule_individual_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The step and the version you last saw.")]
        input: ScheduleIndividualMeetingInput,
    ) -> async_graphql::Result<IndividualMeeting> {
        let id = parse_id(&input.employee_id, "input.employeeId")?;
        let location = text::required_line(&input.location, "input.location", "the location", 200)?;
        let meeting = store::cases::schedule_meeting(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            input.starts_at,
            location,
        )
        .await?;
        Ok(IndividualMeeting(meeting))
    }

    /// Records an individual meeting held: the notes and the companion. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn record_individual_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The step and the version you last saw.")]
        input: RecordIndividualMeetingInput,
    ) -> async_graphql::Result<IndividualMeeting> {
        let id = parse_id(&input.meeting_id, "input.meetingId")?;
        if input.held_on > store::s188::today() {
            return Err(DomainError::bad_input(
                "input.heldOn",
                "A meeting is recorded once held: this day is in the future.",
            )
            .into());
        }
        let notes = text::long_text(&input.notes, "input.notes", "the notes")?;
        let companion_user_id = input
            .companion_user_id
            .as_ref()
            .map(|id| parse_id(id, "input.companionUserId"))
            .transpose()?;
        let meeting = store::cases::record_meeting(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            MeetingHeld {
                held_on: input.held_on,
                notes,
                companion_kind: input.companion_kind.into(),
                companion_name: input
                    .companion_name
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty()),
                companion_user_id,
            },
        )
        .await?;
        Ok(IndividualMeeting(meeting))
    }
}
