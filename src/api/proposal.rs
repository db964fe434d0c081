//! Proposals over GraphQL: reading them as each role may, editing, the lifecycle,
//! sharing and revisions.

use super::{
    ApiState,
    account::User,
    auth::{RoleGuard, audit_actor, viewer},
    loaders::Loaders,
    pagination::{self, IdCursor, TotalCount},
    parse_id,
    structure::{
        Employee, ImpactCounts, JobDescription, OrgChartNode, Post, RingFence, SideValue,
        StructureCosts,
    },
};
use crate::domain::{
    DomainError,
    access::{EmployeeList, Permission, ProposalView, proposal_not_found},
    page::PageSize,
    proposal::{self as rules, Jurisdiction, ProposalStatus, Transition},
    revision_diff::{self, ChangeKind},
    structure::{self as structure_rules, Side},
    text,
};
use crate::store::{
    self,
    proposals::{ProposalContent, ProposalRecord},
};
use async_graphql::{
    Context, Enum, ID, InputObject, Json, Lookahead, MaybeUndefined, Object, SimpleObject,
    connection::Connection,
};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// Where a proposal is in its life.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "ProposalStatus",
    remote = "crate::domain::proposal::ProposalStatus"
)]
pub enum StatusValue {
    /// Being written by HR.
    Draft,
    /// Submitted for sign-off.
    InApproval,
    /// Signed off; consultation can open.
    Approved,
    /// Formal consultation is open: affected staff can read it and respond.
    Consulting,
    /// Consultation has closed; responses are being considered.
    ConsultationClosed,
    /// The final decision is made.
    Decided,
    /// Being put into effect.
    Implementing,
    /// Done.
    Completed,
    /// Withdrawn before a decision.
    Withdrawn,
}

/// Where the establishment is, which sets some statutory periods.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "Jurisdiction",
    remote = "crate::domain::proposal::Jurisdiction"
)]
pub enum JurisdictionValue {
    /// England, Wales and Scotland.
    GreatBritain,
    /// Northern Ireland.
    NorthernIreland,
}

/// An option considered and why it was rejected.
#[derive(SimpleObject)]
pub struct AlternativeOption {
    /// Opaque identifier, stable across edits.
    pub id: ID,
    /// The option.
    pub option: String,
    /// Why it was rejected.
    pub why_rejected: String,
}

/// A risk of the change and its mitigation.
#[derive(SimpleObject)]
pub struct RiskItem {
    /// Opaque identifier, stable across edits.
    pub id: ID,
    /// The risk.
    pub risk: String,
    /// How it is mitigated.
    pub mitigation: String,
}

/// A numbered revision of a shared proposal.
#[derive(SimpleObject)]
pub struct ProposalRevision {
    /// 1 for the version first shared, then 2, 3, ...
    pub number: i32,
    /// What changed.
    pub change_summary: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A restructure proposal, as the signed-in person may see it.
pub struct Proposal {
    pub record: ProposalRecord,
    pub view: ProposalView,
}

impl Proposal {
    fn uuid(&self) -> Uuid {
        self.record.id
    }
}

/// Checks the viewer may see `record`, and how.
pub async fn view_of(ctx: &Context<'_>, record: ProposalRecord) -> async_graphql::Result<Proposal> {
    let viewer = viewer(ctx)?;
    let named =
        store::proposals::viewer_is_named(&ApiState::of(ctx).store, viewer, record.id).await?;
    let view = viewer.require_proposal_view(&record.facts(named))?;
    Loaders::of(ctx).note_graph_version(record.id, record.graph_version);
    Ok(Proposal { record, view })
}

/// Loads a proposal the viewer may see, or `NOT_FOUND`.
pub async fn load_visible(ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<Proposal> {
    let record = store::proposals::find(&ApiState::of(ctx).store, id)
        .await?
        .ok_or_else(proposal_not_found)?;
    view_of(ctx, record).await
}

/// A restructure proposal, as the signed-in person may see it.
#[Object]
impl Proposal {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// Increases with every change; send it back as `expectedVersion` when editing.
    async fn version(&self) -> i32 {
        self.record.version
    }
    /// Title, e.g. "Restructure of the SEN Service".
    async fn title(&self) -> &str {
        &self.record.content.title
    }
    /// Service or directorate.
    async fn service(&self) -> &str {
        &self.record.content.service
    }
    /// The establishment (site or unit) at which dismissals are counted for s188.
    async fn establishment(&self) -> &str {
        &self.record.content.establishment
    }
    /// Where the establishment is.
    async fn establishment_jurisdiction(&self) -> JurisdictionValue {
        self.record.content.jurisdiction.into()
    }
    /// The manager who owns the proposal.
    async fn sponsor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.record.content.sponsor_id {
            Some(id) => Loaders::of(ctx).user(id).await,
            None => Ok(None),
        }
    }
    /// The HR person to talk to about the proposal, by name and work email: everyone who can
    /// see the proposal (staff are told whom to ask). HR names them (`setHrContact`); the HR
    /// account that created the proposal until then.
    async fn hr_contact(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Contact>> {
        Ok(match self.record.hr_contact_id {
            Some(id) => Loaders::of(ctx).user(id).await?.map(|u| Contact {
                name: u.0.name,
                email: u.0.email,
            }),
            None => None,
        })
    }
    /// Background.
    async fn background(&self) -> &str {
        &self.record.content.background
    }
    /// Rationale for the change.
    async fn rationale(&self) -> &str {
        &self.record.content.rationale
    }
    /// The proposal itself.
    async fn proposal_text(&self) -> &str {
        &self.record.content.proposal_text
    }
    /// Expected benefits.
    async fn benefits(&self) -> &str {
        &self.record.content.benefits
    }
    /// Alternative options considered, each with why it was rejected.
    async fn alternatives(&self) -> Vec<AlternativeOption> {
        self.record
            .content
            .alternatives
            .iter()
            .map(|a| AlternativeOption {
                id: ID(a.id.to_string()),
                option: a.option.clone(),
                why_rejected: a.why_rejected.clone(),
            })
            .collect()
    }
    /// Risks and their mitigations.
    async fn risks(&self) -> Vec<RiskItem> {
        self.record
            .content
            .risks
            .iter()
            .map(|r| RiskItem {
                id: ID(r.id.to_string()),
                risk: r.risk.clone(),
                mitigation: r.mitigation.clone(),
            })
            .collect()
    }
    /// The equality analysis (required before approval).
    async fn equality_analysis(&self) -> &str {
        &self.record.content.equality_analysis
    }
    /// Whether HR has marked the equality analysis complete.
    async fn equality_analysis_complete(&self) -> bool {
        self.record.content.equality_analysis_complete
    }
    /// Use of agency workers: number, where, what work (s188(4)(g)).
    async fn agency_workers(&self) -> &str {
        &self.record.content.agency_workers
    }
    /// The establishment's workforce by description, as HR entered it (s188(4)(c)): the
    /// whole establishment, not only the posts the proposal changes.
    async fn establishment_workforce(&self) -> Option<EstablishmentWorkforce> {
        self.record
            .content
            .establishment_workforce
            .as_ref()
            .map(|w| EstablishmentWorkforce {
                as_of: w.as_of,
                total: w.total() as i32,
                descriptions: w
                    .descriptions
                    .iter()
                    .map(|d| WorkforceDescription {
                        description: d.description.clone(),
                        headcount: d.headcount as i32,
                    })
                    .collect(),
            })
    }
    /// How employees will be selected for dismissal or for posts (s188(4)(d)).
    async fn selection_method(&self) -> &str {
        &self.record.content.selection_method
    }
    /// How and over what period dismissals will be carried out (s188(4)(e)).
    async fn dismissal_method(&self) -> &str {
        &self.record.content.dismissal_method
    }
    /// How redundancy payments will be calculated (s188(4)(f)).
    async fn redundancy_pay_method(&self) -> &str {
        &self.record.content.redundancy_pay_method
    }
    /// The unions recognised for this proposal.
    async fn recognised_unions(&self) -> &[String] {
        &self.record.content.recognised_unions
    }
    /// Published to all staff once consultation opens, not only those named in it.
    async fn visible_to_whole_service(&self) -> bool {
        self.record.content.visible_to_whole_service
    }
    /// Where it is in its life.
    async fn status(&self) -> StatusValue {
        self.record.status.into()
    }
    /// When HR first shared it with the recognised unions.
    async fn shared_with_unions_at(&self) -> Option<DateTime<Utc>> {
        self.record.shared_with_unions_at
    }
    /// When consultation opened (it became visible to affected staff).
    async fn consultation_opened_at(&self) -> Option<DateTime<Utc>> {
        self.record.consultation_opened_at
    }
    /// Why it was withdrawn.
    async fn withdrawn_reason(&self) -> Option<&str> {
        self.record.withdrawn_reason.as_deref()
    }
    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.record.created_at
    }
    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.record.updated_at
    }
    /// Its revisions since first shared, oldest first (empty before sharing).
    async fn revisions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ProposalRevision>> {
        let graph = Loaders::of(ctx).graph(self.uuid()).await?;
        Ok(graph
            .revisions
            .iter()
            .map(|r| ProposalRevision {
                number: r.number,
                change_summary: r.change_summary.clone(),
                created_at: r.created_at,
            })
            .collect())
    }
    /// The post lines: each post as it is (current) and as proposed.
    #[graphql(complexity = "PageSize::complexity(first, child_complexity)")]
    async fn posts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size (at most 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, Post, TotalCount>> {
        let size = PageSize::parse(first)?;
        let after = pagination::decode_after(after.as_deref())?;
        let graph = Loaders::of(ctx).graph(self.uuid()).await?;
        let total = graph.posts.len() as u64;
        let start = after.map_or(0, |a| {
            graph.post_position(a).map_or(graph.posts.len(), |i| i + 1)
        });
        let rows: Vec<_> = graph
            .posts
            .iter()
            .skip(start)
            .take(size.get() as usize + 1)
            .cloned()
            .collect();
        let view = self.view;
        Ok(pagination::connection(
            rows,
            size.get(),
            after.is_some(),
            total,
            |p| p.line.id,
            |record| Post { record, view },
        ))
    }
    /// The reporting lines of one side, depth first, for drawing an org chart.
    #[graphql(complexity = "super::limits::EXPENSIVE_FIELD + child_complexity")]
    async fn org_chart(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which structure.")] side: SideValue,
    ) -> async_graphql::Result<Vec<OrgChartNode>> {
        let graph = Loaders::of(ctx).graph(self.uuid()).await?;
        let side: Side = side.into();
        Ok(graph
            .org_chart(side)
            .iter()
            .filter_map(|node| {
                graph.post(node.line_id).map(|record| OrgChartNode {
                    post: Post {
                        record: record.clone(),
                        view: self.view,
                    },
                    parent_id: node.parent.map(|p| ID(p.to_string())),
                    depth: node.depth as i32,
                })
            })
            .collect())
    }
    /// The cost of the structure before and after, from posts × pay scales.
    async fn costs(&self, ctx: &Context<'_>) -> async_graphql::Result<StructureCosts> {
        let loaders = Loaders::of(ctx);
        let graph = loaders.graph(self.uuid()).await?;
        let scales = store::structure::pay_scale_map(&loaders.pay_scales().await?);
        Ok(StructureCosts(structure_rules::costs(
            graph.lines(),
            &scales,
        )))
    }
    /// Counts of people and posts affected (no names: visible to all who see the proposal).
    async fn counts(&self, ctx: &Context<'_>) -> async_graphql::Result<ImpactCounts> {
        let loaders = Loaders::of(ctx);
        let graph = loaders.graph(self.uuid()).await?;
        // The people as an aggregate: how many have each impact, never who.
        let impacts = loaders.impact_tally(self.uuid()).await?;
        Ok(ImpactCounts(structure_rules::counts(
            graph.lines(),
            &impacts,
        )))
    }
    /// The employees named in the proposal: all for HR, your own for staff; personal data,
    /// so `FORBIDDEN` for others (the counts are public).
    #[graphql(complexity = "PageSize::complexity(first, child_complexity)")]
    async fn employees(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size (at most 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, Employee, TotalCount>> {
        let list = self.view.employee_list()?;
        let size = PageSize::parse(first)?;
        let after = pagination::decode_after(after.as_deref())?;
        let email = &viewer(ctx)?.email;
        let filter = match list {
            EmployeeList::All => store::structure::EmployeeFilter::All,
            EmployeeList::OwnOnly => store::structure::EmployeeFilter::WorkEmail(email),
        };
        // Only the page is read (by id, after the cursor), and the total is counted in SQL.
        let conn = ApiState::of(ctx).store.conn();
        let look = ctx.look_ahead();
        let rows =
            store::structure::employee_page(conn, self.uuid(), filter, after, Some(size.get()))
                .await?;
        let total = store::structure::employee_count(conn, self.uuid(), filter).await?;
        if look.field("edges").field("node").field("holdings").exists()
            || look.field("nodes").field("holdings").exists()
        {
            let shown = rows.iter().take(size.get() as usize).map(|e| e.id);
            Loaders::of(ctx)
                .prime_holdings(&shown.collect::<Vec<_>>())
                .await?;
        }
        let view = self.view;
        Ok(pagination::connection(
            rows,
            size.get(),
            after.is_some(),
            total,
            |e| e.id,
            |record| Employee { record, view },
        ))
    }
    /// Your own employee records in this proposal, with what it means for you.
    async fn my_employee_records(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Employee>> {
        let email = &viewer(ctx)?.email;
        let records = store::structure::employee_page(
            ApiState::of(ctx).store.conn(),
            self.uuid(),
            store::structure::EmployeeFilter::WorkEmail(email),
            None,
            None,
        )
        .await?;
        if ctx.look_ahead().field("holdings").exists() {
            Loaders::of(ctx)
                .prime_holdings(&records.iter().map(|e| e.id).collect::<Vec<_>>())
                .await?;
        }
        Ok(records
            .into_iter()
            .map(|record| Employee {
                record,
                view: self.view,
            })
            .collect())
    }
    /// Affected employees (any impact but NOT_AFFECTED) with no account, matched by work
    /// email: Consult cannot tell them anything until they are invited
    /// (`inviteAffectedStaff`). HR only.
    #[graphql(complexity = "PageSize::complexity(first, child_complexity)")]
    async fn affected_without_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size (at most 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, Employee, TotalCount>> {
        self.view.may_manage_affected_accounts()?;
        let size = PageSize::parse(first)?;
        let after = pagination::decode_after(after.as_deref())?;
        let conn = ApiState::of(ctx).store.conn();
        let rows = store::affected_staff::page(conn, self.uuid(), after, size.get()).await?;
        let total = store::affected_staff::count(conn, self.uuid()).await?;
        let view = self.view;
        Ok(pagination::connection(
            rows,
            size.get(),
            after.is_some(),
            total,
            |e| e.id,
            |record| Employee { record, view },
        ))
    }
    /// WARNING when above 0: how many affected employees have no account and so receive no
    /// email about this proposal (invite them with `inviteAffectedStaff`). HR only.
    async fn affected_without_account_count(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<i32> {
        self.view.may_manage_affected_accounts()?;
        let count =
            store::affected_staff::count(ApiState::of(ctx).store.conn(), self.uuid()).await?;
        Ok(i32::try_from(count).unwrap_or(i32::MAX))
    }
    /// Ring-fence pools: which holders compete for which new posts, under which rule.
    async fn ring_fences(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RingFence>> {
        let graph = Loaders::of(ctx).graph(self.uuid()).await?;
        Ok(graph
            .ring_fences
            .iter()
            .map(|r| RingFence {
                record: r.clone(),
                view: self.view,
            })
            .collect())
    }
    /// The individual cases (issue 16): HR and the sponsor; `FORBIDDEN` for others (union
    /// representatives see `caseCounts`, each employee `myCases`). Filter by state; with
    /// `overdueFirst`, cases whose next action is overdue come first.
    #[graphql(complexity = "PageSize::complexity(first, child_complexity)")]
    async fn cases(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size (at most 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Only cases in this state.")] state: Option<super::cases::CaseStateValue>,
        #[graphql(desc = "Overdue cases first.")] overdue_first: Option<bool>,
    ) -> async_graphql::Result<Connection<IdCursor, super::cases::Case, TotalCount>> {
        super::cases::proposal_cases(ctx, self, first, after, state, overdue_first).await
    }
    /// The individual stage's outcomes by protected characteristic, against the whole
    /// affected group (Equality Act 2010 s149). HR only; groups and counts below 3 withheld.
    async fn equality_monitoring(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<super::equality::EqualityMonitoring> {
        super::equality::proposal_monitoring(ctx, self).await
    }
    /// How many cases are in each state (every state listed). Union representatives see null
    /// for a count below 3; staff are refused.
    async fn case_counts(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::cases::CaseCount>> {
        super::cases::case_counts(ctx, self).await
    }
    /// The redundancy costs of the individual stage (HR only): statutory and enhanced
    /// redundancy pay and pension strain over every case not placed or withdrawn, and how
    /// many cases lack a fact for their pay.
    async fn individual_stage_costs(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<super::separation::IndividualStageCosts> {
        super::separation::proposal_costs(ctx, self).await
    }
    /// The least duty match for a slot-in, in percent: employer policy, not law (70 unless
    /// HR sets another).
    async fn slot_in_threshold_percent(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        Ok(store::cases::slot_in_threshold(ApiState::of(ctx).store.conn(), self.uuid()).await?)
    }
    /// The consultation period and dismissal plan.
    async fn timetable(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<super::timetable::Timetable> {
        self.timetable_of(ctx).await
    }
    /// Meetings you may see (1:1s only by those invited), in time order.
    async fn meetings(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::timetable::Meeting>> {
        self.meetings_of(ctx).await
    }
    /// The implementation plan, in date order.
    async fn implementation_steps(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::timetable::ImplementationStep>> {
        self.implementation_steps_of(ctx).await
    }
    /// The sign-off checklist, in order.
    async fn checklist(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::timetable::ChecklistStep>> {
        self.checklist_of(ctx).await
    }
    /// The approvals it needs.
    async fn approvals(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::timetable::Approval>> {
        self.approvals_of(ctx).await
    }
    /// The s188 assessment: HR, the sponsor and union representatives.
    #[graphql(complexity = "super::limits::EXPENSIVE_FIELD + child_complexity")]
    async fn s188(&self, ctx: &Context<'_>) -> async_graphql::Result<super::timetable::S188> {
        self.s188_of(ctx).await
    }
    /// The question log as you may see it (your own, your union's, the FAQ; all for HR and
    /// the sponsor), oldest first.
    async fn questions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only questions in this state.")] status: Option<
            super::question::StatusValue,
        >,
        #[graphql(desc = "Only the questions this union asked.")] union: Option<String>,
    ) -> async_graphql::Result<Vec<super::question::Question>> {
        self.questions_of(ctx, status.map(Into::into), union.as_deref())
            .await
    }
    /// The whole question log, a page at a time, filtered and sorted by the server: HR and
    /// the sponsor (`FORBIDDEN` for others, who read `questions`). Who asked a confidential
    /// question is named to HR only.
    #[graphql(complexity = "PageSize::complexity(first, child_complexity)")]
    async fn question_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to narrow the log to (default: every question).")] filter: Option<
            super::question::QuestionLogFilter,
        >,
        #[graphql(desc = "The order (default OLDEST).")] sort: Option<
            super::question::LogSortValue,
        >,
        #[graphql(desc = "Page size (at most 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, super::question::Question, TotalCount>> {
        self.question_log_of(
            ctx,
            filter.unwrap_or_default(),
            sort.map_or(crate::domain::question::LogSort::Oldest, Into::into),
            first,
            after,
        )
        .await
    }
    /// How many questions of the log stand where today, counted by the server: HR and the
    /// sponsor (`FORBIDDEN` for others).
    async fn question_counts(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<super::question::QuestionCounts> {
        self.question_counts_of(ctx).await
    }
    /// Collective union responses: all for HR and the sponsor, your union's for a rep.
    async fn union_responses(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::union_response::UnionResponse>> {
        self.union_responses_of(ctx).await
    }
    /// Team responses: submitted ones for HR, the sponsor and union reps (they are signed, so
    /// not confidential); staff see those they are named on, drafts included.
    async fn team_responses(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::team_response::TeamResponse>> {
        self.team_responses_of(ctx).await
    }
    /// Submitted staff responses, oldest first unless sorted otherwise: HR (with names), the
    /// sponsor (names of responses that are not confidential) and union representatives (no
    /// names). Filters a viewer may not use are `FORBIDDEN` (see `ResponseFilterInput`).
    #[graphql(complexity = "PageSize::complexity(first, child_complexity)")]
    async fn feedback_responses(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to narrow the responses to (default: all).")] filter: Option<
            super::feedback::ResponseFilterInput,
        >,
        #[graphql(desc = "The order (default OLDEST).")] sort: Option<
            super::feedback::ResponseSortValue,
        >,
        #[graphql(desc = "Page size (at most 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, super::feedback::StaffFeedback, TotalCount>>
    {
        self.feedback_responses_of(
            ctx,
            filter.unwrap_or_default(),
            sort.unwrap_or_default(),
            first,
            after,
        )
        .await
    }
    /// How many of the affected staff have responded: HR, the sponsor and union
    /// representatives (two counts; nobody is named).
    async fn response_rate(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<super::feedback::ResponseRate> {
        self.response_rate_of(ctx).await
    }
    /// The affected staff (any impact but NOT_AFFECTED) who have not submitted a response,
    /// by work email: HR only (remind them with `remindNonResponders`).
    #[graphql(complexity = "PageSize::complexity(first, child_complexity)")]
    async fn non_responders(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size (at most 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, Employee, TotalCount>> {
        self.non_responders_of(ctx, first, after).await
    }
    /// What staff said, counted (per answer, per post, per theme): HR, the sponsor and union
    /// representatives.
    #[graphql(complexity = "super::limits::EXPENSIVE_FIELD + child_complexity")]
    async fn feedback_summary(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<super::feedback::FeedbackSummary> {
        self.feedback_summary_of(ctx).await
    }
    /// Late responses HR accepted: HR only.
    async fn late_responses(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::feedback::LateResponse>> {
        self.late_responses_of(ctx).await
    }
    /// The themes HR grouped responses and questions under.
    async fn themes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<super::outcome::Theme>> {
        self.themes_of(ctx).await
    }
    /// The consultation outcome report ("you said, we did").
    #[graphql(complexity = "super::limits::EXPENSIVE_FIELD + child_complexity")]
    async fn outcome_report(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<super::outcome::OutcomeReport> {
        self.outcome_report_of(ctx).await
    }
    /// What was emailed to whom about this proposal, newest first unless `sort` says
    /// otherwise: HR only. `totalCount` counts the emails the filter matches.
    #[graphql(complexity = "PageSize::complexity(first, child_complexity)")]
    async fn outbox(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the emails this matches.")] filter: Option<
            super::email::OutboxFilterInput,
        >,
        #[graphql(desc = "Newest first (the default) or oldest first.")] sort: Option<
            super::email::EmailSort,
        >,
        #[graphql(desc = "Page size (at most 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, super::email::Email, TotalCount>> {
        self.outbox_of(ctx, filter, sort, first, after).await
    }
    /// Where to download every submitted response as CSV (HR, the sponsor and union
    /// representatives; names as each may see them).
    async fn responses_csv_path(&self) -> String {
        format!("/proposals/{}/responses.csv", self.record.id)
    }
    /// Where to download the consultation bundle (a ZIP of the whole record: revisions,
    /// disclosures, HR1, meetings, questions, responses, outcome, decision, letters, audit
    /// log, with a printable index and chronology): the full bundle for HR, the union's
    /// variant for a representative of a recognised union; null for everyone else.
    async fn bundle_path(&self) -> Option<String> {
        crate::domain::bundle::path_for(self.view, self.record.id)
    }
    /// Published questions and answers.
    async fn faq(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::question::FaqEntry>> {
        self.faq_of(ctx).await
    }
    /// The job descriptions of the proposal's posts, with their versions.
    async fn job_descriptions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<JobDescription>> {
        let graph = Loaders::of(ctx).graph(self.uuid()).await?;
        Ok(graph
            .job_descriptions
            .iter()
            .map(|j| JobDescription {
                record: j.clone(),
                view: self.view,
            })
            .collect())
    }
}

/// How one field or list item differs between two revisions.
#[derive(SimpleObject)]
pub struct ProposalChange {
    /// Where, e.g. `rationale`, `risks[<id>]`, `posts[<id>].currentFte`.
    pub path: String,
    /// The top-level field, e.g. `risks`.
    pub field: String,
    /// For a list item: its id.
    pub item_id: Option<String>,
    /// For a list item: a readable label (its title, option or risk).
    pub item_label: Option<String>,
    /// Added, removed or changed.
    pub kind: ChangeKindValue,
    /// The value before (null when added).
    pub before: Option<Json<serde_json::Value>>,
    /// The value after (null when removed).
    pub after: Option<Json<serde_json::Value>>,
}

/// What happened to a field or item.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "ChangeKind",
    remote = "crate::domain::revision_diff::ChangeKind"
)]
pub enum ChangeKindValue {
    /// It is new.
    Added,
    /// It is gone.
    Removed,
    /// It changed.
    Changed,
}

/// Whether a proposal's selection shows its people (`Loaders::people`): who holds a post and
/// how much of it is filled, or who is in a ring fence. A list primes them for all its
/// proposals at once; counts and pages of employees are read in SQL and need none.
fn shows_people(proposal: &Lookahead<'_>) -> bool {
    let post = |post: Lookahead<'_>| {
        ["holders", "filledFte", "vacantFte"]
            .iter()
            .any(|f| post.field(f).exists())
    };
    let posts = proposal.field("posts");
    let fences = proposal.field("ringFences");
    post(posts.field("edges").field("node"))
        || post(posts.field("nodes"))
        || post(proposal.field("orgChart").field("post"))
        || post(fences.field("fromPosts"))
        || post(fences.field("toPosts"))
        || fences.field("members").exists()
}

#[derive(Default)]
pub struct ProposalQuery;

#[Object]
impl ProposalQuery {
    /// The proposals you can see, newest first.
    #[graphql(complexity = "PageSize::complexity(first, child_complexity)")]
    async fn proposals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only proposals in this state.")] status: Option<StatusValue>,
        #[graphql(desc = "Page size (at most 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, Proposal, TotalCount>> {
        let viewer = viewer(ctx)?;
        let size = PageSize::parse(first)?;
        let after = pagination::decode_after(after.as_deref())?;
        let scope = viewer.proposal_scope();
        let status = status.map(ProposalStatus::from);
        let store = &ApiState::of(ctx).store;
        let rows = store::proposals::page(store, &scope, status, after, size.get()).await?;
        let total = store::proposals::count(store, &scope, status).await?;
        // Each proposal as `edges { node }` asks for it, and as `nodes` does.
        let look = ctx.look_ahead();
        let (node, nodes) = (look.field("edges").field("node"), look.field("nodes"));
        let asks = |f: &str| node.field(f).exists() || nodes.field(f).exists();
        let loaders = Loaders::of(ctx);
        for record in &rows {
            loaders.note_graph_version(record.id, record.graph_version);
        }
        if [
            "posts",
            "orgChart",
            "costs",
            "counts",
            "employees",
            "myEmployeeRecords",
            "ringFences",
            "jobDescriptions",
            "revisions",
            "timetable",
            "meetings",
            "implementationSteps",
            "checklist",
            "approvals",
            "questions",
            "faq",
            "unionResponses",
            "themes",
            "outcomeReport",
            "feedbackSummary",
        ]
        .iter()
        .any(|f| asks(f))
        {
            loaders
                .prime_graphs(&rows.iter().map(|r| r.id).collect::<Vec<_>>())
                .await?;
        }
        if asks("counts") {
            loaders
                .prime_impact_tallies(&rows.iter().map(|r| r.id).collect::<Vec<_>>())
                .await?;
        }
        if shows_people(&node) || shows_people(&nodes) {
            loaders
                .prime_people(&rows.iter().map(|r| r.id).collect::<Vec<_>>())
                .await?;
        }
        if asks("sponsor") {
            loaders
                .prime_users(rows.iter().filter_map(|r| r.content.sponsor_id))
                .await?;
        }
        // The scope already is the visibility rule; the view says how each is seen.
        let named_everywhere = matches!(
            viewer.role,
            crate::domain::account::Role::Staff | crate::domain::account::Role::Manager
        );
        let mut proposals = Vec::with_capacity(rows.len());
        for record in rows {
            let view = viewer
                .proposal_view(
                    &record.facts(named_everywhere || record.content.visible_to_whole_service),
                )
                .ok_or_else(|| {
                    super::error::internal(&anyhow::anyhow!(
                        "scope and view disagree on proposal {}",
                        record.id
                    ))
                })?;
            proposals.push((record, view));
        }
        let mut page = pagination::connection(
            proposals,
            size.get(),
            after.is_some(),
            total,
            |(r, _)| r.id,
            |(record, view)| Proposal { record, view },
        );
        page.has_previous_page = after.is_some();
        Ok(page)
    }

    /// One proposal you can see.
    async fn proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal's id.")] id: ID,
    ) -> async_graphql::Result<Proposal> {
        load_visible(ctx, parse_id(&id, "id")?).await
    }

    /// What changed between two revisions of a proposal, field by field and item by item.
    async fn proposal_diff(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal's id.")] id: ID,
        #[graphql(desc = "The earlier revision number.")] from: i32,
        #[graphql(desc = "The later revision number.")] to: i32,
    ) -> async_graphql::Result<Vec<ProposalChange>> {
        let proposal = load_visible(ctx, parse_id(&id, "id")?).await?;
        let graph = Loaders::of(ctx).graph(proposal.uuid()).await?;
        let find = |n: i32, field: &str| {
            graph
                .revisions
                .iter()
                .find(|r| r.number == n)
                .ok_or_else(|| {
                    DomainError::bad_input(
                        field,
                        format!(
                            "There is no revision {n}; this proposal has {}.",
                            graph.revisions.len()
                        ),
                    )
                })
        };
        let (before, after) = (find(from, "from")?, find(to, "to")?);
        Ok(
            revision_diff::diff_snapshots(&before.snapshot, &after.snapshot)
                .into_iter()
                .map(|c| ProposalChange {
                    path: c.path,
                    field: c.field,
                    item_id: c.item_id,
                    item_label: c.item_label,
                    kind: match c.kind {
                        ChangeKind::Added => ChangeKindValue::Added,
                        ChangeKind::Removed => ChangeKindValue::Removed,
                        ChangeKind::Changed => ChangeKindValue::Changed,
                    },
                    before: c.before.map(Json),
                    after: c.after.map(Json),
                })
                .collect(),
        )
    }
}

/// The establishment's workforce by description on a date (s188(4)(c)).
#[derive(SimpleObject)]
pub struct EstablishmentWorkforce {
    /// The day it was counted.
    pub as_of: chrono::NaiveDate,
    /// Everyone at the establishment.
    pub total: i32,
    /// Each description and how many are employed.
    pub descriptions: Vec<WorkforceDescription>,
}

/// One description of employee and how many the establishment employs.
#[derive(SimpleObject, InputObject)]
#[graphql(input_name = "WorkforceDescriptionInput")]
pub struct WorkforceDescription {
    /// The description (a role or grade), e.g. "Social worker (grade 9)".
    pub description: String,
    /// How many are employed at the establishment.
    pub headcount: i32,
}

/// The establishment's workforce as HR counted it.
#[derive(InputObject)]
pub struct EstablishmentWorkforceInput {
    /// The day it was counted (not in the future).
    pub as_of: chrono::NaiveDate,
    /// Each description and how many are employed (replaces the list).
    pub descriptions: Vec<WorkforceDescription>,
}

/// An option considered, as written by HR.
#[derive(InputObject)]
pub struct AlternativeInput {
    /// Keep the id of an existing option; omit for a new one.
    pub id: Option<ID>,
    /// The option.
    pub option: String,
    /// Why it was rejected.
    pub why_rejected: String,
}

/// A risk, as written by HR.
#[derive(InputObject)]
pub struct RiskInput {
    /// Keep the id of an existing risk; omit for a new one.
    pub id: Option<ID>,
    /// The risk.
    pub risk: String,
    /// Its mitigation.
    pub mitigation: String,
}

/// The content of a proposal. On create, title, service and establishment are required;
/// on update, every field is optional and an absent field is left as it is.
#[derive(InputObject, Default)]
pub struct ProposalFieldsInput {
    /// Title.
    pub title: Option<String>,
    /// Service or directorate.
    pub service: Option<String>,
    /// The establishment at which dismissals are counted for s188.
    pub establishment: Option<String>,
    /// Where the establishment is (default Great Britain).
    pub establishment_jurisdiction: Option<JurisdictionValue>,
    /// The sponsoring manager's account; null clears it.
    pub sponsor_id: MaybeUndefined<ID>,
    /// Background.
    pub background: Option<String>,
    /// Rationale.
    pub rationale: Option<String>,
    /// The proposal itself.
    pub proposal_text: Option<String>,
    /// Benefits.
    pub benefits: Option<String>,
    /// Options considered (replaces the list).
    pub alternatives: Option<Vec<AlternativeInput>>,
    /// Risks and mitigations (replaces the list).
    pub risks: Option<Vec<RiskInput>>,
    /// Equality analysis.
    pub equality_analysis: Option<String>,
    /// Whether the equality analysis is complete.
    pub equality_analysis_complete: Option<bool>,
    /// Agency workers: number, where, what work.
    pub agency_workers: Option<String>,
    /// Selection method.
    pub selection_method: Option<String>,
    /// Method and period of carrying out dismissals.
    pub dismissal_method: Option<String>,
    /// Method of calculating redundancy payments.
    pub redundancy_pay_method: Option<String>,
    /// Recognised unions (replaces the list).
    pub recognised_unions: Option<Vec<String>>,
    /// Publish to all staff when consultation opens.
    pub visible_to_whole_service: Option<bool>,
    /// The establishment's workforce by description (s188(4)(c)); null clears it.
    pub establishment_workforce: MaybeUndefined<EstablishmentWorkforceInput>,
}

impl ProposalFieldsInput {
    /// Applies these fields over `base` and validates the result; `prefix` is the input path.
    pub fn apply(
        self,
        base: &ProposalContent,
        prefix: &str,
    ) -> Result<ProposalContent, DomainError> {
        let f = |name: &str| format!("{prefix}.{name}");
        let long = |value: Option<String>, current: &str, name: &str, what: &str| match value {
            Some(v) => text::long_text(&v, &f(name), what),
            None => Ok(current.to_owned()),
        };
        let line = |value: Option<String>, current: &str, name: &str, what: &str| match value {
            Some(v) => text::required_line(&v, &f(name), what, text::SHORT_MAX_CHARS),
            None => Ok(current.to_owned()),
        };
        let sponsor_id = match self.sponsor_id {
            MaybeUndefined::Undefined => base.sponsor_id,
            MaybeUndefined::Null => None,
            MaybeUndefined::Value(id) => Some(parse_id(&id, &f("sponsorId"))?),
        };
        let alternatives = match self.alternatives {
            None => base.alternatives.clone(),
            Some(items) => {
                text::bounded_list(&items, &f("alternatives"), "alternatives")?;
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, a)| {
                        let at = format!("{}[{i}]", f("alternatives"));
                        let id =
                            a.id.map(|id| parse_id(&id, &format!("{at}.id")))
                                .transpose()?;
                        let known: Vec<Uuid> = base.alternatives.iter().map(|a| a.id).collect();
                        let id = rules::kept_item(id, &known, &format!("{at}.id"), "an option")?;
                        rules::alternative(id, &a.option, &a.why_rejected, &at)
                    })
                    .collect::<Result<_, _>>()?
            }
        };
        let risks = match self.risks {
            None => base.risks.clone(),
            Some(items) => {
                text::bounded_list(&items, &f("risks"), "risks")?;
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let at = format!("{}[{i}]", f("risks"));
                        let id =
                            r.id.map(|id| parse_id(&id, &format!("{at}.id")))
                                .transpose()?;
                        let known: Vec<Uuid> = base.risks.iter().map(|r| r.id).collect();
                        let id = rules::kept_item(id, &known, &format!("{at}.id"), "a risk")?;
                        rules::risk(id, &r.risk, &r.mitigation, &at)
                    })
                    .collect::<Result<_, _>>()?
            }
        };
        Ok(ProposalContent {
            title: line(self.title, &base.title, "title", "the title")?,
            service: line(self.service, &base.service, "service", "the service")?,
            establishment: line(
                self.establishment,
                &base.establishment,
                "establishment",
                "the establishment",
            )?,
            jurisdiction: self
                .establishment_jurisdiction
                .map_or(base.jurisdiction, Jurisdiction::from),
            sponsor_id,
            background: long(
                self.background,
                &base.background,
                "background",
                "the background",
            )?,
            rationale: long(
                self.rationale,
                &base.rationale,
                "rationale",
                "the rationale",
            )?,
            proposal_text: long(
                self.proposal_text,
                &base.proposal_text,
                "proposalText",
                "the proposal",
            )?,
            benefits: long(self.benefits, &base.benefits, "benefits", "the benefits")?,
            alternatives,
            risks,
            equality_analysis: long(
                self.equality_analysis,
                &base.equality_analysis,
                "equalityAnalysis",
                "the equality analysis",
            )?,
            equality_analysis_complete: self
                .equality_analysis_complete
                .unwrap_or(base.equality_analysis_complete),
            agency_workers: long(
                self.agency_workers,
                &base.agency_workers,
                "agencyWorkers",
                "the agency workers section",
            )?,
            selection_method: long(
                self.selection_method,
                &base.selection_method,
                "selectionMethod",
                "the selection method",
            )?,
            dismissal_method: long(
                self.dismissal_method,
                &base.dismissal_method,
                "dismissalMethod",
                "the dismissal method",
            )?,
            redundancy_pay_method: long(
                self.redundancy_pay_method,
                &base.redundancy_pay_method,
                "redundancyPayMethod",
                "the redundancy pay method",
            )?,
            recognised_unions: match self.recognised_unions {
                Some(unions) => rules::recognised_unions(&unions, &f("recognisedUnions"))?,
                None => base.recognised_unions.clone(),
            },
            visible_to_whole_service: self
                .visible_to_whole_service
                .unwrap_or(base.visible_to_whole_service),
            establishment_workforce: match self.establishment_workforce {
                MaybeUndefined::Undefined => base.establishment_workforce.clone(),
                MaybeUndefined::Null => None,
                MaybeUndefined::Value(w) => {
                    let rows: Vec<(String, i32)> = w
                        .descriptions
                        .into_iter()
                        .map(|d| (d.description, d.headcount))
                        .collect();
                    Some(crate::domain::s188::Workforce::parse(
                        w.as_of,
                        &rows,
                        store::s188::today(),
                        &f("establishmentWorkforce"),
                    )?)
                }
            },
        })
    }
}

/// An empty proposal's content, the base a new one is written over.
pub fn empty_content() -> ProposalContent {
    ProposalContent {
        title: String::new(),
        service: String::new(),
        establishment: String::new(),
        jurisdiction: Jurisdiction::GreatBritain,
        sponsor_id: None,
        background: String::new(),
        rationale: String::new(),
        proposal_text: String::new(),
        benefits: String::new(),
        alternatives: vec![],
        risks: vec![],
        equality_analysis: String::new(),
        equality_analysis_complete: false,
        agency_workers: String::new(),
        selection_method: String::new(),
        dismissal_method: String::new(),
        redundancy_pay_method: String::new(),
        recognised_unions: vec![],
        visible_to_whole_service: false,
        establishment_workforce: None,
    }
}

/// A new proposal.
#[derive(InputObject)]
pub struct CreateProposalInput {
    /// Its content; title, service and establishment are required.
    pub fields: ProposalFieldsInput,
}

/// A change to a proposal.
#[derive(InputObject)]
pub struct UpdateProposalInput {
    /// The proposal.
    pub id: ID,
    /// The `version` you last saw; a stale one gets `CONFLICT`.
    pub expected_version: i32,
    /// Once shared, each change makes a revision; say what changed (written for you when omitted).
    pub change_summary: Option<String>,
    /// The fields to change; absent fields are left as they are.
    pub fields: ProposalFieldsInput,
}

/// A person to talk to about a proposal: a work contact, name and email only.
#[derive(SimpleObject)]
pub struct Contact {
    /// Name as shown to others.
    pub name: String,
    /// Work email address.
    pub email: String,
}

/// Naming the proposal's HR contact.
#[derive(InputObject)]
pub struct SetHrContactInput {
    /// The proposal.
    pub proposal_id: ID,
    /// The `version` you last saw; a stale one gets `CONFLICT`.
    pub expected_version: i32,
    /// The HR administrator's account.
    pub user_id: ID,
}

/// A lifecycle step or sharing.
#[derive(InputObject)]
pub struct ProposalActionInput {
    /// The proposal.
    pub id: ID,
    /// The `version` you last saw; a stale one gets `CONFLICT`. Optional.
    pub expected_version: Option<i32>,
    /// Recording a sharing with the unions or an opening of consultation that already
    /// happened: the day it did (never in the future). It becomes the date recorded, the
    /// audit event says it was back-dated, and a back-dated opening tells nobody they can
    /// respond. Other steps refuse it (`BAD_USER_INPUT`).
    pub occurred_on: Option<NaiveDate>,
}

/// Withdrawing a proposal.
#[derive(InputObject)]
pub struct WithdrawProposalInput {
    /// The proposal.
    pub id: ID,
    /// The `version` you last saw. Optional.
    pub expected_version: Option<i32>,
    /// Why it is withdrawn; staff and unions will read it.
    pub reason: String,
}

async fn run_transition(
    ctx: &Context<'_>,
    input: ProposalActionInput,
    transition: Transition,
    reason: Option<String>,
) -> async_graphql::Result<Proposal> {
    let actor = audit_actor(ctx)?;
    let id = parse_id(&input.id, "input.id")?;
    let record = store::proposals::transition(
        &ApiState::of(ctx).store,
        &actor,
        id,
        transition,
        input.expected_version,
        reason,
        input.occurred_on,
    )
    .await?;
    Ok(Proposal {
        record,
        view: ProposalView::Hr,
    })
}

#[derive(Default)]
pub struct ProposalMutation;

#[Object]
impl ProposalMutation {
    /// Creates a proposal in DRAFT. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn create_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new proposal.")] input: CreateProposalInput,
    ) -> async_graphql::Result<Proposal> {
        let actor = audit_actor(ctx)?;
        let fields = input.fields;
        for (value, name, what) in [
            (&fields.title, "title", "the title"),
            (&fields.service, "service", "the service"),
            (&fields.establishment, "establishment", "the establishment"),
        ] {
            if value.is_none() {
                return Err(DomainError::bad_input(
                    format!("input.fields.{name}"),
                    format!("Enter {what}."),
                )
                .into());
            }
        }
        let content = fields.apply(&empty_content(), "input.fields")?;
        let record = store::proposals::create(&ApiState::of(ctx).store, &actor, content).await?;
        Ok(Proposal {
            record,
            view: ProposalView::Hr,
        })
    }

    /// Changes a proposal's content. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn update_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The change.")] input: UpdateProposalInput,
    ) -> async_graphql::Result<Proposal> {
        let actor = audit_actor(ctx)?;
        let id = parse_id(&input.id, "input.id")?;
        let summary = input
            .change_summary
            .map(|s| text::long_text(&s, "input.changeSummary", "the change summary"))
            .transpose()?;
        let fields = input.fields;
        let record = store::proposals::update(
            &ApiState::of(ctx).store,
            &actor,
            id,
            input.expected_version,
            |base| fields.apply(base, "input.fields"),
            summary,
        )
        .await?;
        Ok(Proposal {
            record,
            view: ProposalView::Hr,
        })
    }

    /// Shares the proposal with its recognised unions (usually before formal
    /// consultation). The first sharing makes revision 1. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn share_proposal_with_unions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] input: ProposalActionInput,
    ) -> async_graphql::Result<Proposal> {
        let actor = audit_actor(ctx)?;
        let id = parse_id(&input.id, "input.id")?;
        let record = store::proposals::share_with_unions(
            &ApiState::of(ctx).store,
            &actor,
            id,
            input.expected_version,
            input.occurred_on,
        )
        .await?;
        Ok(Proposal {
            record,
            view: ProposalView::Hr,
        })
    }

    /// Names the HR person staff are told to talk to (`Proposal.hrContact`): an enabled HR
    /// administrator (`BAD_USER_INPUT` at `input.userId` otherwise). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn set_hr_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal and person.")] input: SetHrContactInput,
    ) -> async_graphql::Result<Proposal> {
        let actor = audit_actor(ctx)?;
        let id = parse_id(&input.proposal_id, "input.proposalId")?;
        let user = parse_id(&input.user_id, "input.userId")?;
        let record = store::proposals::set_hr_contact(
            &ApiState::of(ctx).store,
            &actor,
            id,
            input.expected_version,
            user,
        )
        .await?;
        Ok(Proposal {
            record,
            view: ProposalView::Hr,
        })
    }

    /// DRAFT → IN_APPROVAL: needs the main sections written, a current structure, and a
    /// sign-off checklist with its approvals (so that approvers are named before approval is
    /// asked for). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn submit_for_approval(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] input: ProposalActionInput,
    ) -> async_graphql::Result<Proposal> {
        run_transition(ctx, input, Transition::SubmitForApproval, None).await
    }

    /// IN_APPROVAL or APPROVED → DRAFT, for more work. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn return_to_draft(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] input: ProposalActionInput,
    ) -> async_graphql::Result<Proposal> {
        run_transition(ctx, input, Transition::ReturnToDraft, None).await
    }

    /// IN_APPROVAL → APPROVED: needs a complete equality analysis and every approval. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn approve_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] input: ProposalActionInput,
    ) -> async_graphql::Result<Proposal> {
        run_transition(ctx, input, Transition::Approve, None).await
    }

    /// APPROVED → CONSULTING: needs the unions briefed, the s188(4) disclosure where s188
    /// applies, approvals given on an earlier version given again (or HR's reason to proceed
    /// without, `proceedWithoutReapproval`), and a last day not yet past unless the opening
    /// is recorded after the fact (`occurredOn`). Affected staff can then read it. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn open_consultation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] input: ProposalActionInput,
    ) -> async_graphql::Result<Proposal> {
        run_transition(ctx, input, Transition::OpenConsultation, None).await
    }

    /// CONSULTING → CONSULTATION_CLOSED. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn close_consultation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] input: ProposalActionInput,
    ) -> async_graphql::Result<Proposal> {
        run_transition(ctx, input, Transition::CloseConsultation, None).await
    }

    /// CONSULTATION_CLOSED → DECIDED: needs every question answered and the outcome report. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn record_decision(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] input: ProposalActionInput,
    ) -> async_graphql::Result<Proposal> {
        run_transition(ctx, input, Transition::RecordDecision, None).await
    }

    /// DECIDED → IMPLEMENTING. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn start_implementation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] input: ProposalActionInput,
    ) -> async_graphql::Result<Proposal> {
        run_transition(ctx, input, Transition::StartImplementation, None).await
    }

    /// IMPLEMENTING → COMPLETED. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn complete_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] input: ProposalActionInput,
    ) -> async_graphql::Result<Proposal> {
        run_transition(ctx, input, Transition::Complete, None).await
    }

    /// Creates a staff account, with a sign-in link by email, for every affected employee of
    /// the proposal who has none (`affectedWithoutAccount`), in one act; audited. Returns how
    /// many were invited: a second call invites nobody new. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageUsers)")]
    async fn invite_affected_staff(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] proposal_id: ID,
    ) -> async_graphql::Result<i32> {
        let id = parse_id(&proposal_id, "proposalId")?;
        let proposal = load_visible(ctx, id).await?;
        proposal.view.may_manage_affected_accounts()?;
        let invited = store::affected_staff::invite(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            &ApiState::of(ctx).first_sign_in(),
        )
        .await?;
        Ok(i32::try_from(invited).unwrap_or(i32::MAX))
    }

    /// Withdraws a proposal at any point before a decision. HR only. Everyone it was shared
    /// with is emailed the reason, and its meetings still to come are cancelled (their
    /// invitees get the cancellation for their calendars).
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn withdraw_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal and why.")] input: WithdrawProposalInput,
    ) -> async_graphql::Result<Proposal> {
        let reason = text::long_text(&input.reason, "input.reason", "the reason")?;
        if reason.is_empty() {
            return Err(DomainError::bad_input(
                "input.reason",
                "Say why the proposal is withdrawn.",
            )
            .into());
        }
        run_transition(
            ctx,
            ProposalActionInput {
                id: input.id,
                expected_version: input.expected_version,
                occurred_on: None,
            },
            Transition::Withdraw,
            Some(reason),
        )
        .await
    }
}
