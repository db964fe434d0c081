//! The structure over GraphQL: posts (current and proposed), pay scales and costs,
//! employees and their impact, ring fences, job descriptions with their diff and comments.

use super::{
    ApiState,
    account::User,
    auth::{RoleGuard, audit_actor, viewer},
    loaders::Loaders,
    money::Money,
    parse_id,
    proposal::load_visible,
};
use crate::domain::{
    DomainError,
    access::{Permission, ProposalView},
    employee::{self as employee_rules, EmployeeDetails, Holding, Impact},
    jd_diff::{self, DutyChangeKind, WordChangeKind},
    job_description::{self as jd_rules, CommentCategory, JdContent, JdContentInput},
    pay_scale::PayScaleChange,
    protective_award,
    ring_fence::{self as ring_fence_rules, Member, RingFenceKind},
    structure::{self as rules, Costs, Counts, Fte, Pence, PostLine, PostSide},
    text,
};
use crate::store::{
    self,
    structure::{
        EmployeeChange, EmployeeRecord, JdCommentRecord, JdVersionRecord, JobDescriptionRecord,
        PostRecord, RingFenceContent, RingFenceRecord,
    },
};
use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Which structure: as it is, or as proposed.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "StructureSide", remote = "crate::domain::structure::Side")]
pub enum SideValue {
    /// The structure as it is.
    Current,
    /// The structure as proposed.
    Proposed,
}

/// What happens to a post line, derived from its two sides.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "PostAction", remote = "crate::domain::structure::PostAction")]
pub enum PostActionValue {
    /// No change.
    Unchanged,
    /// The post is disestablished.
    Deleted,
    /// Fewer posts or less FTE.
    Reduced,
    /// More posts or more FTE.
    Increased,
    /// A new JD or a regrade.
    Revised,
    /// A different line manager.
    LineManagementChange,
    /// A new post.
    New,
}

/// What a proposal means for one employee.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "Impact", remote = "crate::domain::employee::Impact")]
pub enum ImpactValue {
    /// Not affected.
    NotAffected,
    /// Affected (e.g. a new line manager) but keeps their post.
    Affected,
    /// At risk of redundancy.
    AtRisk,
    /// Slotted into a new post whose duties match theirs closely.
    SlotIn,
    /// In a ring-fence pool for new posts.
    RingFenced,
    /// Not placed: priority for other vacancies.
    RedeploymentPool,
    /// Selected for a post.
    Selected,
    /// Not selected.
    NotSelected,
    /// Made redundant.
    Redundant,
    /// To be dismissed and offered re-engagement on new terms ("fire and rehire"); counts
    /// as a proposed dismissal under s188 (s195).
    DismissAndReengage,
}

/// What a comment on a duty is about.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "CommentCategory",
    remote = "crate::domain::job_description::CommentCategory"
)]
pub enum CategoryValue {
    /// A new area of work.
    NewDuty,
    /// The grade is not commensurate with the duty.
    GradingConcern,
    /// Workload.
    Workload,
    /// Training is needed.
    TrainingNeed,
    /// Anything else.
    Other,
}

/// What a ring-fence pool is for.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "RingFenceKind",
    remote = "crate::domain::ring_fence::RingFenceKind"
)]
pub enum RingFenceKindValue {
    /// Holders of current posts compete for posts of the proposed structure.
    RingFence,
    /// Priority for redeployment to vacancies outside the structure; may fill no post of it,
    /// and takes members after the decision too.
    ResourcePool,
}

/// A post line: one row of the pack's list of all jobs.
pub struct Post {
    pub record: PostRecord,
    pub view: ProposalView,
}

/// One side of a post line.
pub struct PostSideObject {
    side: PostSide,
    proposal_id: Uuid,
    view: ProposalView,
}

/// One side of a post line.
#[Object(name = "PostSide")]
impl PostSideObject {
    /// Grade on the pay scales.
    async fn grade(&self) -> &str {
        &self.side.grade
    }
    /// Full-time equivalent, e.g. 1.9.
    async fn fte(&self) -> f64 {
        self.side.fte.as_f64()
    }
    /// Number of posts.
    async fn headcount(&self) -> i32 {
        self.side.headcount as i32
    }
    /// The post line this one reports to on this side.
    async fn reports_to(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Post>> {
        let Some(id) = self.side.reports_to else {
            return Ok(None);
        };
        let graph = Loaders::of(ctx).graph(self.proposal_id).await?;
        Ok(graph.post(id).map(|p| Post {
            record: p.clone(),
            view: self.view,
        }))
    }
    /// The job description version for this side.
    async fn job_description(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<JobDescriptionVersion>> {
        let Some(id) = self.side.jd_version_id else {
            return Ok(None);
        };
        let graph = Loaders::of(ctx).graph(self.proposal_id).await?;
        Ok(graph
            .jd_versions
            .iter()
            .find(|v| v.id == id)
            .map(|v| JobDescriptionVersion {
                record: v.clone(),
                proposal_id: self.proposal_id,
                view: self.view,
            }))
    }
    /// Annual cost of this side, FTE × the grade's pay scale (null when no scale).
    async fn cost(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Money>> {
        let scales = store::structure::pay_scale_map(&Loaders::of(ctx).pay_scales().await?);
        Ok(rules::side_cost(&self.side, &scales).map(Money))
    }
}

/// One post an employee holds.
pub struct PostHolding {
    holding: store::structure::HoldingRecord,
    proposal_id: Uuid,
    view: ProposalView,
}

/// One post an employee holds.
#[Object]
impl PostHolding {
    /// The post.
    async fn post(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Post>> {
        let graph = Loaders::of(ctx).graph(self.proposal_id).await?;
        Ok(graph
            .posts
            .iter()
            .find(|p| p.line.id == self.holding.post_id)
            .map(|p| Post {
                record: p.clone(),
                view: self.view,
            }))
    }
    /// The employee who holds it.
    async fn employee(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Employee>> {
        let people = Loaders::of(ctx).people(self.proposal_id).await?;
        Ok(people.employee(self.holding.employee_id).map(|e| Employee {
            record: e.clone(),
            view: self.view,
        }))
    }
    /// How much of the post they hold.
    async fn fte(&self) -> f64 {
        self.holding.fte.as_f64()
    }
}

/// Which holdings a viewer may see: all for HR, their own for staff, none for others.
fn visible_holdings<'g>(
    people: &'g store::structure::ProposalPeople,
    view: ProposalView,
    email: &str,
    holdings: impl Iterator<Item = &'g store::structure::HoldingRecord>,
) -> Vec<store::structure::HoldingRecord> {
    holdings
        .filter(|h| {
            view.sees_everyones_personal_data()
                || (view == ProposalView::Staff
                    && people
                        .employee(h.employee_id)
                        .is_some_and(|e| e.work_email == email))
        })
        .copied()
        .collect()
}

/// A post line: one row of the pack's list of all jobs.
#[Object]
impl Post {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.line.id.to_string())
    }
    /// Increases with every change; send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.record.version
    }
    /// Job title.
    async fn title(&self) -> &str {
        &self.record.line.title
    }
    /// False for context posts (e.g. the manager above the team): drawn, not costed or counted.
    async fn in_scope(&self) -> bool {
        self.record.line.in_scope
    }
    /// The post as it is; null for a new post.
    async fn current(&self) -> Option<PostSideObject> {
        self.record.line.current.clone().map(|side| PostSideObject {
            side,
            proposal_id: self.record.proposal_id,
            view: self.view,
        })
    }
    /// The post as proposed; null when it is deleted.
    async fn proposed(&self) -> Option<PostSideObject> {
        self.record
            .line
            .proposed
            .clone()
            .map(|side| PostSideObject {
                side,
                proposal_id: self.record.proposal_id,
                view: self.view,
            })
    }
    /// What happens to it, derived from the two sides.
    async fn actions(&self) -> Vec<PostActionValue> {
        self.record
            .line
            .actions()
            .into_iter()
            .map(PostActionValue::from)
            .collect()
    }
    /// HR's note, e.g. "Post vacant".
    async fn note(&self) -> Option<&str> {
        self.record.note.as_deref()
    }
    /// Who holds it now: everyone for HR, only yourself for staff, nobody for others
    /// (personal data). `filledFte` and `vacantFte` are for all.
    async fn holders(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PostHolding>> {
        let people = Loaders::of(ctx).people(self.record.proposal_id).await?;
        let email = &viewer(ctx)?.email;
        let id = self.record.line.id;
        Ok(
            visible_holdings(&people, self.view, email, people.holdings_of_post(id))
                .into_iter()
                .map(|holding| PostHolding {
                    holding,
                    proposal_id: self.record.proposal_id,
                    view: self.view,
                })
                .collect(),
        )
    }
    /// FTE held by employees.
    async fn filled_fte(&self, ctx: &Context<'_>) -> async_graphql::Result<f64> {
        let people = Loaders::of(ctx).people(self.record.proposal_id).await?;
        let held = people.held_hundredths(self.record.line.id);
        Ok(Fte::from_hundredths(held).as_f64())
    }
    /// FTE of the current post that nobody holds (a vacancy).
    async fn vacant_fte(&self, ctx: &Context<'_>) -> async_graphql::Result<f64> {
        let people = Loaders::of(ctx).people(self.record.proposal_id).await?;
        let held = people.held_hundredths(self.record.line.id);
        let capacity = self
            .record
            .line
            .current
            .as_ref()
            .map_or(0, |s| s.fte.hundredths());
        Ok(Fte::from_hundredths(capacity.saturating_sub(held)).as_f64())
    }
}

/// A box of an org chart.
#[derive(SimpleObject)]
pub struct OrgChartNode {
    /// The post line.
    pub post: Post,
    /// The id of the post line it reports to on this side.
    pub parent_id: Option<ID>,
    /// 0 for the top, then 1, 2, ...
    pub depth: i32,
}

/// The cost of the structure before and after.
pub struct StructureCosts(pub Costs);

/// The cost of the structure before and after.
#[Object]
impl StructureCosts {
    /// Annual cost of the current structure, with on-costs.
    async fn cost_before(&self) -> Money {
        Money(self.0.before)
    }
    /// Annual cost of the proposed structure, with on-costs.
    async fn cost_after(&self) -> Money {
        Money(self.0.after)
    }
    /// Before minus after (negative when the proposal costs more).
    async fn saving(&self) -> Money {
        Money(self.0.saving())
    }
}

/// Counts of people and posts, derived from the structure and impacts.
pub struct ImpactCounts(pub Counts);

/// Counts of people and posts, derived from the structure and impacts.
#[Object]
impl ImpactCounts {
    /// Employees with any impact other than "not affected".
    async fn directly_affected(&self) -> i32 {
        self.0.directly_affected as i32
    }
    /// Employees whose post changes so that they must be placed again.
    async fn potentially_displaced(&self) -> i32 {
        self.0.potentially_displaced as i32
    }
    /// Posts created: growth in the number of posts, new posts included.
    async fn new_posts_created(&self) -> i32 {
        self.0.new_posts_created as i32
    }
    /// Employees not (yet) placed, whom the employer proposes may be dismissed.
    async fn proposed_dismissals(&self) -> i32 {
        self.0.proposed_dismissals as i32
    }
}

/// An employee named in a proposal (personal data: HR and the employee only).
pub struct Employee {
    pub record: EmployeeRecord,
    pub view: ProposalView,
}

/// An employee named in a proposal (personal data: HR and the employee only).
#[Object]
impl Employee {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// Increases with every change; send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.record.version
    }
    /// Employee number.
    async fn employee_number(&self) -> &str {
        &self.record.employee_number
    }
    /// Name.
    async fn name(&self) -> &str {
        &self.record.name
    }
    /// Work email; links the record to the person's account.
    async fn work_email(&self) -> &str {
        &self.record.work_email
    }
    /// What the proposal means for them.
    async fn impact(&self) -> ImpactValue {
        self.record.impact.into()
    }
    /// HR's explanation of the impact.
    async fn impact_note(&self) -> Option<&str> {
        self.record.impact_note.as_deref()
    }
    /// The posts they hold now.
    async fn holdings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PostHolding>> {
        let holdings = Loaders::of(ctx)
            .employee_holdings(self.record.proposal_id, self.record.id)
            .await?;
        Ok(holdings
            .into_iter()
            .map(|holding| PostHolding {
                holding,
                proposal_id: self.record.proposal_id,
                view: self.view,
            })
            .collect())
    }
    /// The new post they are slotted into.
    async fn slot_in_post(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Post>> {
        let Some(id) = self.record.slot_in_post_id else {
            return Ok(None);
        };
        let graph = Loaders::of(ctx).graph(self.record.proposal_id).await?;
        Ok(graph.post(id).map(|p| Post {
            record: p.clone(),
            view: self.view,
        }))
    }
    /// How closely their duties match the slot-in post, in percent.
    async fn slot_in_match_percent(&self) -> Option<i32> {
        self.record.slot_in_match_percent
    }
    /// Volunteered for redundancy: counted as a proposed dismissal (s195). HR only; null
    /// for anyone else.
    async fn volunteer(&self) -> Option<bool> {
        self.view
            .sees_volunteer_marks()
            .then_some(self.record.volunteer)
    }
    /// Their case in the individual stage, when one is open and you may see it.
    async fn case(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<super::cases::Case>> {
        super::cases::employee_case(ctx, self.record.id).await
    }
    /// Actual gross weekly pay, without the employer's on-costs: the week's pay a protective
    /// award is worked from (TULRCA s190(5)); null when HR has not entered it. HR only.
    async fn weekly_pay(&self) -> async_graphql::Result<Option<Money>> {
        self.view.pay_data()?;
        Ok(self.record.weekly_pay_pence.map(|p| Money(Pence(p))))
    }
    /// The letters issued to them, newest first: HR and the employee only.
    async fn letters(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::letters::Letter>> {
        super::letters::of_employee(ctx, self.record.id, &self.record.work_email).await
    }
}

/// A ring-fence pool.
pub struct RingFence {
    pub record: RingFenceRecord,
    pub view: ProposalView,
}

/// A ring-fence pool.
#[Object]
impl RingFence {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// Name, e.g. "SEN Caseworker pool".
    async fn name(&self) -> &str {
        &self.record.name
    }
    /// The rule that made the pool, e.g. the 60% rule.
    async fn rule(&self) -> &str {
        &self.record.rule
    }
    /// A ring fence for posts of the structure, or a resource pool for redeployment.
    async fn kind(&self) -> RingFenceKindValue {
        self.record.kind.into()
    }
    /// Increases with every change; send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.record.version
    }
    /// How many posts it fills: the proposed headcount of its posts of the new structure
    /// (beside `memberCount`, how many compete for them).
    async fn posts_to_fill(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        let graph = Loaders::of(ctx).graph(self.record.proposal_id).await?;
        let lines: Vec<PostLine> = graph
            .posts
            .iter()
            .filter(|p| self.record.to_post_ids.contains(&p.line.id))
            .map(|p| p.line.clone())
            .collect();
        Ok(ring_fence_rules::posts_to_fill(&self.record.to_post_ids, &lines) as i32)
    }
    /// HR's reason for each member who holds none of its current posts: HR only (personal
    /// data).
    async fn member_reasons(&self) -> async_graphql::Result<Vec<RingFenceMemberReason>> {
        if !self.view.sees_everyones_personal_data() {
            return Err(DomainError::Forbidden(
                "Why someone is in a ring fence is personal data: only HR sees it.".into(),
            )
            .into());
        }
        Ok(self
            .record
            .member_reasons
            .iter()
            .map(|r| RingFenceMemberReason {
                employee_id: ID(r.employee_id.to_string()),
                reason: r.reason.clone(),
            })
            .collect())
    }
    /// The current posts whose holders are in the pool.
    #[graphql(name = "fromPosts")]
    async fn pool_posts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Post>> {
        self.posts(ctx, &self.record.from_post_ids).await
    }
    /// The proposed posts the pool may fill.
    async fn to_posts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Post>> {
        self.posts(ctx, &self.record.to_post_ids).await
    }
    /// How many people are in the pool.
    async fn member_count(&self) -> i32 {
        self.record.member_ids.len() as i32
    }
    /// The competitive selection in this pool (criteria, assessors, the scoring matrix):
    /// HR and the pool's two assessors only.
    async fn selection(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<super::selection::Selection> {
        super::selection::of_ring_fence(ctx, self.record.proposal_id, self.record.id).await
    }
    /// Who is in the pool: HR only (personal data).
    async fn members(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Employee>> {
        if !self.view.sees_everyones_personal_data() {
            return Err(DomainError::Forbidden(
                "Who is in a ring fence is personal data: only HR sees it.".into(),
            )
            .into());
        }
        let people = Loaders::of(ctx).people(self.record.proposal_id).await?;
        Ok(people
            .employees
            .iter()
            .filter(|e| self.record.member_ids.contains(&e.id))
            .map(|e| Employee {
                record: e.clone(),
                view: self.view,
            })
            .collect())
    }
}

/// HR's reason for including a member in a pool.
#[derive(SimpleObject)]
pub struct RingFenceMemberReason {
    /// The member (an employee of the proposal).
    pub employee_id: ID,
    /// Why they are in the pool though they hold none of its current posts.
    pub reason: String,
}

impl RingFence {
    async fn posts(&self, ctx: &Context<'_>, ids: &[Uuid]) -> async_graphql::Result<Vec<Post>> {
        let graph = Loaders::of(ctx).graph(self.record.proposal_id).await?;
        Ok(graph
            .posts
            .iter()
            .filter(|p| ids.contains(&p.line.id))
            .map(|p| Post {
                record: p.clone(),
                view: self.view,
            })
            .collect())
    }
}

/// A job description and person specification, with its versions.
pub struct JobDescription {
    pub record: JobDescriptionRecord,
    pub view: ProposalView,
}

/// A job description and person specification, with its versions.
#[Object]
impl JobDescription {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// Job title.
    async fn title(&self) -> &str {
        &self.record.title
    }
    /// Its versions, oldest first.
    async fn versions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<JobDescriptionVersion>> {
        let graph = Loaders::of(ctx).graph(self.record.proposal_id).await?;
        Ok(graph
            .jd_versions
            .iter()
            .filter(|v| v.job_description_id == self.record.id)
            .map(|v| JobDescriptionVersion {
                record: v.clone(),
                proposal_id: self.record.proposal_id,
                view: self.view,
            })
            .collect())
    }
}

/// One version of a JD and person specification.
pub struct JobDescriptionVersion {
    record: JdVersionRecord,
    proposal_id: Uuid,
    view: ProposalView,
}

/// A numbered duty, with the comments on it you may see.
pub struct DutyObject {
    number: u32,
    text: String,
    comments: Vec<JdCommentRecord>,
}

/// A numbered duty, with the comments on it you may see.
#[Object(name = "Duty")]
impl DutyObject {
    /// Its number in this version.
    async fn number(&self) -> i32 {
        self.number as i32
    }
    /// What it says.
    async fn text(&self) -> &str {
        &self.text
    }
    /// Comments on this duty: all for HR, the sponsor and union reps; your own for staff.
    async fn comments(&self) -> Vec<JdComment> {
        self.comments.iter().cloned().map(JdComment).collect()
    }
}

/// One version of a JD and person specification.
#[Object]
impl JobDescriptionVersion {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// 1, 2, ... within its JD.
    async fn number(&self) -> i32 {
        self.record.number
    }
    /// "Current", "Proposed", ...
    async fn label(&self) -> &str {
        &self.record.content.label
    }
    /// Purpose of the job.
    async fn purpose(&self) -> &str {
        &self.record.content.purpose
    }
    /// Numbered duties.
    async fn duties(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<DutyObject>> {
        let graph = Loaders::of(ctx).graph(self.proposal_id).await?;
        let viewer_id = viewer(ctx)?.user_id;
        let all = self.view.sees_all_jd_comments();
        Ok(self
            .record
            .content
            .duties
            .iter()
            .map(|d| DutyObject {
                number: d.number,
                text: d.text.clone(),
                comments: graph
                    .comments
                    .iter()
                    .filter(|c| {
                        c.jd_version_id == self.record.id
                            && c.duty_number as u32 == d.number
                            && (all || c.author_id == viewer_id)
                    })
                    .cloned()
                    .collect(),
            })
            .collect())
    }
    /// Staff responsibilities.
    async fn staff_responsibilities(&self) -> &str {
        &self.record.content.staff_responsibilities
    }
    /// Essential criteria of the person specification.
    async fn essential_criteria(&self) -> &[String] {
        &self.record.content.essential_criteria
    }
    /// Desirable criteria.
    async fn desirable_criteria(&self) -> &[String] {
        &self.record.content.desirable_criteria
    }
    /// The grade proposed for it.
    async fn proposed_grade(&self) -> Option<&str> {
        self.record.content.proposed_grade.as_deref()
    }
    /// When this version was written.
    async fn created_at(&self) -> DateTime<Utc> {
        self.record.created_at
    }
}

/// A comment on one duty.
pub struct JdComment(JdCommentRecord);

/// A comment on one duty.
#[Object]
impl JdComment {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The duty's number.
    async fn duty_number(&self) -> i32 {
        self.0.duty_number
    }
    /// What it is about.
    async fn category(&self) -> CategoryValue {
        self.0.category.into()
    }
    /// The comment.
    async fn text(&self) -> &str {
        &self.0.text
    }
    /// Who wrote it.
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Loaders::of(ctx).user(self.0.author_id).await
    }
    /// When.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A run of words in a word-level diff.
#[derive(SimpleObject)]
pub struct WordSegment {
    /// SAME, ADDED or REMOVED.
    pub kind: String,
    /// The words.
    pub text: String,
}

/// What happened to one duty (or criterion) between two versions.
#[derive(SimpleObject)]
pub struct DutyChange {
    /// UNCHANGED, CHANGED, NEW or REMOVED.
    pub kind: String,
    /// Its number in the earlier version.
    pub from_number: Option<i32>,
    /// Its number in the later version.
    pub to_number: Option<i32>,
    /// The earlier text.
    pub from_text: Option<String>,
    /// The later text.
    pub to_text: Option<String>,
    /// For CHANGED: the words changed.
    pub words: Vec<WordSegment>,
}

/// The difference between two versions of a JD.
#[derive(SimpleObject)]
pub struct JobDescriptionDiff {
    /// Duty by duty.
    pub duties: Vec<DutyChange>,
    /// Essential criteria, item by item.
    pub essential_criteria: Vec<DutyChange>,
    /// Desirable criteria, item by item.
    pub desirable_criteria: Vec<DutyChange>,
    /// The purpose, word by word.
    pub purpose: Vec<WordSegment>,
    /// The proposed grade before.
    pub grade_before: Option<String>,
    /// The proposed grade after.
    pub grade_after: Option<String>,
}

fn kind_name(kind: DutyChangeKind) -> &'static str {
    match kind {
        DutyChangeKind::Unchanged => "UNCHANGED",
        DutyChangeKind::Changed => "CHANGED",
        DutyChangeKind::New => "NEW",
        DutyChangeKind::Removed => "REMOVED",
    }
}

fn words(segments: Vec<jd_diff::WordSegment>) -> Vec<WordSegment> {
    segments
        .into_iter()
        .map(|s| WordSegment {
            kind: match s.kind {
                WordChangeKind::Same => "SAME",
                WordChangeKind::Added => "ADDED",
                WordChangeKind::Removed => "REMOVED",
            }
            .to_owned(),
            text: s.text,
        })
        .collect()
}

fn item_changes(from: &[String], to: &[String]) -> Vec<DutyChange> {
    jd_diff::diff_items(from, to)
        .into_iter()
        .map(|c| DutyChange {
            kind: kind_name(c.kind).to_owned(),
            from_number: None,
            to_number: None,
            from_text: c.from,
            to_text: c.to,
            words: words(c.words),
        })
        .collect()
}

/// A pay scale: the salary of a grade, the employer's on-costs on it, and their total.
#[derive(SimpleObject)]
pub struct PayScale {
    /// Grade, e.g. "Grade 9".
    pub grade: String,
    /// Annual cost of a full-time post, with employer pension and NI: salary × (1 + on-cost
    /// rate). The structure is costed at this.
    pub annual_cost: Money,
    /// Gross annual salary of a full-time post, without on-costs. A week's pay for a
    /// protective award is estimated from it (TULRCA s190(5)).
    pub salary: Money,
    /// Employer pension and National Insurance, as a percentage of the salary, e.g. 28.5.
    pub on_cost_percent: f64,
    /// What the figure is (pay point, on-cost rate).
    pub description: Option<String>,
}

impl From<&store::structure::PayScaleRecord> for PayScale {
    fn from(record: &store::structure::PayScaleRecord) -> Self {
        let terms = record.terms();
        PayScale {
            grade: record.grade.clone(),
            annual_cost: Money(Pence(record.annual_cost_pence)),
            salary: Money(terms.salary),
            on_cost_percent: terms.on_cost.as_percent(),
            description: record.description.clone(),
        }
    }
}

#[derive(Default)]
pub struct StructureQuery;

#[Object]
impl StructureQuery {
    /// Every pay scale.
    async fn pay_scales(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PayScale>> {
        viewer(ctx)?;
        let scales = Loaders::of(ctx).pay_scales().await?;
        Ok(scales.iter().map(PayScale::from).collect())
    }

    /// The difference between two versions of job descriptions you can see, duty by duty.
    async fn job_description_diff(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The earlier version's id.")] from: ID,
        #[graphql(desc = "The later version's id.")] to: ID,
    ) -> async_graphql::Result<JobDescriptionDiff> {
        let store = &ApiState::of(ctx).store;
        let mut versions = Vec::new();
        for (id, field) in [(&from, "from"), (&to, "to")] {
            let id = parse_id(id, field)?;
            let not_found = || {
                DomainError::NotFound(
                    "There is no job description version with that id that you can see.".into(),
                )
            };
            let (version, proposal_id) = store::structure::find_jd_version(store.conn(), id)
                .await?
                .ok_or_else(not_found)?;
            load_visible(ctx, proposal_id)
                .await
                .map_err(|_| not_found())?;
            versions.push(version);
        }
        let (a, b) = (&versions[0].content, &versions[1].content);
        Ok(JobDescriptionDiff {
            duties: jd_diff::diff_duties(&a.duties, &b.duties)
                .into_iter()
                .map(|c| DutyChange {
                    kind: kind_name(c.kind).to_owned(),
                    from_number: c.from.as_ref().map(|d| d.number as i32),
                    to_number: c.to.as_ref().map(|d| d.number as i32),
                    from_text: c.from.map(|d| d.text),
                    to_text: c.to.map(|d| d.text),
                    words: words(c.words),
                })
                .collect(),
            essential_criteria: item_changes(&a.essential_criteria, &b.essential_criteria),
            desirable_criteria: item_changes(&a.desirable_criteria, &b.desirable_criteria),
            purpose: words(jd_diff::diff_words(&a.purpose, &b.purpose)),
            grade_before: a.proposed_grade.clone(),
            grade_after: b.proposed_grade.clone(),
        })
    }
}

/// One side of a post line.
#[derive(InputObject)]
pub struct PostSideInput {
    /// Grade; it must have a pay scale.
    pub grade: String,
    /// Full-time equivalent, more than 0, at most two decimals.
    pub fte: f64,
    /// Number of posts.
    pub headcount: i32,
    /// The post line it reports to on this side.
    pub reports_to_id: Option<ID>,
    /// The JD version for this side.
    pub job_description_version_id: Option<ID>,
}

fn side(input: PostSideInput, field: &str) -> Result<PostSide, DomainError> {
    Ok(PostSide {
        grade: rules::grade(&input.grade, &format!("{field}.grade"))?,
        fte: Fte::parse(input.fte, Fte::MAX_POST, &format!("{field}.fte"))?,
        headcount: rules::headcount(input.headcount, &format!("{field}.headcount"))?,
        reports_to: input
            .reports_to_id
            .map(|id| parse_id(&id, &format!("{field}.reportsToId")))
            .transpose()?,
        jd_version_id: input
            .job_description_version_id
            .map(|id| parse_id(&id, &format!("{field}.jobDescriptionVersionId")))
            .transpose()?,
    })
}

/// A new post line.
#[derive(InputObject)]
pub struct CreatePostInput {
    /// The proposal.
    pub proposal_id: ID,
    /// Job title.
    pub title: String,
    /// False for context posts (default true).
    pub in_scope: Option<bool>,
    /// As it is; omit for a new post.
    pub current: Option<PostSideInput>,
    /// As proposed; omit when the post is deleted.
    pub proposed: Option<PostSideInput>,
    /// A note, e.g. "Post vacant".
    pub note: Option<String>,
    /// For a shared proposal: what changed.
    pub change_summary: Option<String>,
}

/// A change to a post line.
#[derive(InputObject)]
pub struct UpdatePostInput {
    /// The post.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// Job title.
    pub title: Option<String>,
    /// In scope.
    pub in_scope: Option<bool>,
    /// As it is; null makes it a new post.
    pub current: MaybeUndefined<PostSideInput>,
    /// As proposed; null deletes it in the proposal.
    pub proposed: MaybeUndefined<PostSideInput>,
    /// The note; null clears it.
    pub note: MaybeUndefined<String>,
    /// For a shared proposal: what changed.
    pub change_summary: Option<String>,
}

/// Removing a post line.
#[derive(InputObject)]
pub struct DeletePostInput {
    /// The post.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// For a shared proposal: what changed.
    pub change_summary: Option<String>,
}

/// A removed post line.
#[derive(SimpleObject)]
pub struct DeletePostPayload {
    /// Its id.
    pub deleted_post_id: ID,
}

/// Setting a pay scale: its salary and on-cost rate (or, as before, only its annual cost).
#[derive(InputObject)]
pub struct SetPayScaleInput {
    /// Grade, e.g. "Grade 9".
    pub grade: String,
    /// Gross annual salary of a full-time post, without on-costs, in pounds, e.g. "28672.00".
    pub salary: Option<Money>,
    /// Employer pension and NI as a percentage of the salary, at most two decimals, e.g.
    /// 28.5. With `salary`; when left out, the grade keeps its rate (0 for a new grade).
    pub on_cost_percent: Option<f64>,
    /// Instead of `salary`: the annual cost with on-costs alone, held as a salary with no
    /// on-costs, which overstates a week's pay by the on-cost rate. Prefer `salary`.
    pub annual_cost: Option<Money>,
    /// What the figure is.
    pub description: Option<String>,
}

/// One post an employee holds.
#[derive(InputObject)]
pub struct HoldingInput {
    /// A post of the current structure.
    pub post_id: ID,
    /// How much of it (at most 1.0 across all their posts).
    pub fte: f64,
}

/// A new employee record.
#[derive(InputObject)]
pub struct CreateEmployeeInput {
    /// The proposal.
    pub proposal_id: ID,
    /// Employee number, unique in the proposal.
    pub employee_number: String,
    /// Name.
    pub name: String,
    /// Work email: it links the record to their account.
    pub work_email: String,
    /// The posts they hold.
    pub holdings: Vec<HoldingInput>,
    /// Impact (default NOT_AFFECTED).
    pub impact: Option<ImpactValue>,
    /// HR's explanation.
    pub impact_note: Option<String>,
    /// A new post they are slotted into.
    pub slot_in_post_id: Option<ID>,
    /// How closely their duties match it, in percent.
    pub slot_in_match_percent: Option<i32>,
    /// Volunteered for redundancy (default false): counted as a proposed dismissal whatever
    /// the impact, including one "bumped" from a post not at risk.
    pub volunteer: Option<bool>,
    /// Actual gross weekly pay without on-costs, e.g. "550.00", when known; otherwise the
    /// protective award estimates it from their grade.
    pub weekly_pay: Option<Money>,
}

/// A change to an employee record; absent fields are left as they are.
#[derive(InputObject)]
pub struct UpdateEmployeeInput {
    /// The employee.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// Employee number.
    pub employee_number: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Work email.
    pub work_email: Option<String>,
    /// The posts they hold (replaces the list).
    pub holdings: Option<Vec<HoldingInput>>,
    /// Impact.
    pub impact: Option<ImpactValue>,
    /// HR's explanation; null clears it.
    pub impact_note: MaybeUndefined<String>,
    /// Slot-in post; null clears it.
    pub slot_in_post_id: MaybeUndefined<ID>,
    /// Slot-in match.
    pub slot_in_match_percent: Option<i32>,
    /// Volunteered for redundancy.
    pub volunteer: Option<bool>,
    /// Actual gross weekly pay without on-costs; null clears it.
    pub weekly_pay: MaybeUndefined<Money>,
}

/// A new ring fence.
#[derive(InputObject)]
pub struct CreateRingFenceInput {
    /// The proposal.
    pub proposal_id: ID,
    /// A ring fence (the default) or a resource pool.
    pub kind: Option<RingFenceKindValue>,
    /// Name.
    pub name: String,
    /// The rule that made the pool.
    pub rule: String,
    /// Current posts whose holders are in it.
    pub from_post_ids: Vec<ID>,
    /// Proposed posts it may fill (at least one for a ring fence; a resource pool may have
    /// none).
    pub to_post_ids: Vec<ID>,
    /// Its members (employees of the proposal); each holds one of `fromPostIds` or has a
    /// reason in `memberReasons`.
    pub member_ids: Vec<ID>,
    /// HR's reasons for members who hold none of its current posts (or any member).
    pub member_reasons: Option<Vec<RingFenceMemberReasonInput>>,
}

/// HR's reason for including a member of a pool.
#[derive(InputObject)]
pub struct RingFenceMemberReasonInput {
    /// The member: one of the `memberIds`.
    pub employee_id: ID,
    /// Why they are in the pool.
    pub reason: String,
}

/// A change to a ring fence; absent fields are left as they are. Until the decision.
#[derive(InputObject)]
pub struct UpdateRingFenceInput {
    /// The ring fence.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// A ring fence or a resource pool.
    pub kind: Option<RingFenceKindValue>,
    /// Name.
    pub name: Option<String>,
    /// The rule that made the pool.
    pub rule: Option<String>,
    /// Current posts whose holders are in it (replaces the list).
    pub from_post_ids: Option<Vec<ID>>,
    /// Proposed posts it may fill (replaces the list).
    pub to_post_ids: Option<Vec<ID>>,
    /// Its members (replaces the list; the reasons of those who stay are kept).
    pub member_ids: Option<Vec<ID>>,
    /// HR's reasons (replaces them all).
    pub member_reasons: Option<Vec<RingFenceMemberReasonInput>>,
}

/// Adding members to a pool: until the decision, and to a resource pool after it too.
#[derive(InputObject)]
pub struct AddRingFenceMembersInput {
    /// The ring fence.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// The new members (employees of the proposal).
    pub member_ids: Vec<ID>,
    /// HR's reasons for new members who hold none of its current posts.
    pub member_reasons: Option<Vec<RingFenceMemberReasonInput>>,
}

/// Removing a ring fence: until the decision.
#[derive(InputObject)]
pub struct DeleteRingFenceInput {
    /// The ring fence.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
}

/// A removed ring fence.
#[derive(SimpleObject)]
pub struct DeleteRingFencePayload {
    /// Its id.
    pub deleted_ring_fence_id: ID,
}

/// Members from their ids and HR's reasons: each reason names one of the members.
fn ring_fence_members(
    member_ids: &[Uuid],
    reasons: &[RingFenceMemberReasonInput],
) -> Result<Vec<Member>, DomainError> {
    let mut members: Vec<Member> = member_ids
        .iter()
        .map(|id| Member {
            employee_id: *id,
            reason: None,
        })
        .collect();
    for (i, r) in reasons.iter().enumerate() {
        let field = format!("input.memberReasons[{i}]");
        let id = parse_id(&r.employee_id, &format!("{field}.employeeId"))?;
        let reason = ring_fence_rules::reason(&r.reason, &format!("{field}.reason"))?;
        let Some(member) = members.iter_mut().find(|m| m.employee_id == id) else {
            return Err(DomainError::bad_input(
                format!("{field}.employeeId"),
                "A reason is for a member: add them to memberIds too.",
            ));
        };
        member.reason = Some(reason);
    }
    Ok(members)
}

fn ring_fence_name(raw: &str) -> Result<String, DomainError> {
    text::required_line(raw, "input.name", "the pool's name", text::SHORT_MAX_CHARS)
}

/// A numbered duty.
#[derive(InputObject)]
pub struct DutyInput {
    /// Number, unique in the version.
    pub number: i32,
    /// Text.
    pub text: String,
}

/// The content of a JD version.
#[derive(InputObject)]
pub struct JobDescriptionVersionInput {
    /// "Current", "Proposed", ...
    pub label: String,
    /// Purpose of the job.
    pub purpose: String,
    /// Numbered duties.
    pub duties: Vec<DutyInput>,
    /// Staff responsibilities.
    pub staff_responsibilities: Option<String>,
    /// Essential criteria.
    pub essential_criteria: Option<Vec<String>>,
    /// Desirable criteria.
    pub desirable_criteria: Option<Vec<String>>,
    /// Proposed grade.
    pub proposed_grade: Option<String>,
}

impl JobDescriptionVersionInput {
    fn parse(self, prefix: &str) -> Result<JdContent, DomainError> {
        let duties: Vec<(i32, String)> = self
            .duties
            .into_iter()
            .map(|d| (d.number, d.text))
            .collect();
        JdContent::parse(
            JdContentInput {
                label: &self.label,
                purpose: &self.purpose,
                duties: &duties,
                staff_responsibilities: self.staff_responsibilities.as_deref().unwrap_or(""),
                essential_criteria: self.essential_criteria.as_deref().unwrap_or(&[]),
                desirable_criteria: self.desirable_criteria.as_deref().unwrap_or(&[]),
                proposed_grade: self.proposed_grade.as_deref(),
            },
            prefix,
        )
    }
}

/// A new JD.
#[derive(InputObject)]
pub struct CreateJobDescriptionInput {
    /// The proposal.
    pub proposal_id: ID,
    /// Job title.
    pub title: String,
    /// Its first version.
    pub version: JobDescriptionVersionInput,
}

/// A new version of a JD.
#[derive(InputObject)]
pub struct AddJobDescriptionVersionInput {
    /// The JD.
    pub job_description_id: ID,
    /// The version.
    pub version: JobDescriptionVersionInput,
}

/// A comment on one duty.
#[derive(InputObject)]
pub struct CommentOnDutyInput {
    /// The JD version.
    pub version_id: ID,
    /// The duty's number in that version.
    pub duty_number: i32,
    /// What it is about.
    pub category: CategoryValue,
    /// The comment.
    pub text: String,
}

fn holdings(input: Vec<HoldingInput>) -> Result<Vec<Holding>, DomainError> {
    text::bounded_list(&input, "input.holdings", "posts for one employee")?;
    input
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            Ok(Holding {
                post_id: parse_id(&h.post_id, &format!("input.holdings[{i}].postId"))?,
                fte: Fte::parse(h.fte, Fte::ONE, &format!("input.holdings[{i}].fte"))?,
            })
        })
        .collect()
}

fn ids(items: &[ID], field: &str) -> Result<Vec<Uuid>, DomainError> {
    items
        .iter()
        .enumerate()
        .map(|(i, id)| parse_id(id, &format!("{field}[{i}]")))
        .collect()
}

pub(super) fn summary(raw: Option<String>) -> Result<Option<String>, DomainError> {
    raw.map(|s| text::long_text(&s, "input.changeSummary", "the change summary"))
        .transpose()
}

#[derive(Default)]
pub struct StructureMutation;

#[Object]
impl StructureMutation {
    /// Sets the salary and on-cost rate of a grade; its annual cost is worked out from them.
    /// HR only.
    #[graphql(guard = "RoleGuard(Permission::ManagePayScales)")]
    async fn set_pay_scale(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The grade and its pay.")] input: SetPayScaleInput,
    ) -> async_graphql::Result<PayScale> {
        let grade = rules::grade(&input.grade, "input.grade")?;
        let change = PayScaleChange::parse(
            input.salary.map(|m| m.0),
            input.on_cost_percent,
            input.annual_cost.map(|m| m.0),
        )?;
        let description = text::optional_line(
            input.description.as_deref(),
            "input.description",
            "the description",
            500,
        )?;
        let record = store::structure::set_pay_scale(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            grade,
            change,
            description,
        )
        .await?;
        Ok(PayScale::from(&record))
    }

    /// Adds a post line to a proposal. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn create_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The post line.")] input: CreatePostInput,
    ) -> async_graphql::Result<Post> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let line = PostLine {
            id: Uuid::now_v7(),
            title: text::required_line(
                &input.title,
                "input.title",
                "the job title",
                text::SHORT_MAX_CHARS,
            )?,
            in_scope: input.in_scope.unwrap_or(true),
            current: input
                .current
                .map(|s| side(s, "input.current"))
                .transpose()?,
            proposed: input
                .proposed
                .map(|s| side(s, "input.proposed"))
                .transpose()?,
        };
        let note = text::optional_line(input.note.as_deref(), "input.note", "the note", 1000)?;
        let record = store::structure::create_post(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            proposal_id,
            line,
            note,
            summary(input.change_summary)?,
        )
        .await?;
        Ok(Post {
            record,
            view: ProposalView::Hr,
        })
    }

    /// Changes a post line. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn update_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The change.")] input: UpdatePostInput,
    ) -> async_graphql::Result<Post> {
        let id = parse_id(&input.id, "input.id")?;
        let change_summary = summary(input.change_summary)?;
        let (title, in_scope, current, proposed, note) = (
            input.title,
            input.in_scope,
            input.current,
            input.proposed,
            input.note,
        );
        let record = store::structure::update_post(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            |before| {
                let mut line = before.line.clone();
                if let Some(title) = title {
                    line.title = text::required_line(
                        &title,
                        "input.title",
                        "the job title",
                        text::SHORT_MAX_CHARS,
                    )?;
                }
                line.in_scope = in_scope.unwrap_or(line.in_scope);
                match current {
                    MaybeUndefined::Undefined => {}
                    MaybeUndefined::Null => line.current = None,
                    MaybeUndefined::Value(s) => line.current = Some(side(s, "input.current")?),
                }
                match proposed {
                    MaybeUndefined::Undefined => {}
                    MaybeUndefined::Null => line.proposed = None,
                    MaybeUndefined::Value(s) => line.proposed = Some(side(s, "input.proposed")?),
                }
                let note = match note {
                    MaybeUndefined::Undefined => before.note.clone(),
                    MaybeUndefined::Null => None,
                    MaybeUndefined::Value(n) => {
                        text::optional_line(Some(&n), "input.note", "the note", 1000)?
                    }
                };
                Ok((line, note))
            },
            change_summary,
        )
        .await?;
        Ok(Post {
            record,
            view: ProposalView::Hr,
        })
    }

    /// Removes a post line nothing refers to. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn delete_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The post.")] input: DeletePostInput,
    ) -> async_graphql::Result<DeletePostPayload> {
        let id = parse_id(&input.id, "input.id")?;
        let deleted = store::structure::delete_post(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            summary(input.change_summary)?,
        )
        .await?;
        Ok(DeletePostPayload {
            deleted_post_id: ID(deleted.to_string()),
        })
    }

    /// Adds an employee to a proposal. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn create_employee(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The employee.")] input: CreateEmployeeInput,
    ) -> async_graphql::Result<Employee> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let change = EmployeeChange {
            details: EmployeeDetails::parse(
                &input.employee_number,
                &input.name,
                &input.work_email,
                "input",
            )?,
            holdings: holdings(input.holdings)?,
            impact: input.impact.map_or(Impact::NotAffected, Impact::from),
            impact_note: text::optional_line(
                input.impact_note.as_deref(),
                "input.impactNote",
                "the note",
                2000,
            )?,
            slot_in: slot_in(input.slot_in_post_id.as_ref(), input.slot_in_match_percent)?,
            volunteer: input.volunteer.unwrap_or(false),
            weekly_pay: input
                .weekly_pay
                .map(|m| protective_award::weekly_pay(m.0, "input.weeklyPay"))
                .transpose()?,
        };
        let record = store::structure::create_employee(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            proposal_id,
            change,
        )
        .await?;
        Ok(Employee {
            record,
            view: ProposalView::Hr,
        })
    }

    /// Changes an employee record. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn update_employee(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The change.")] input: UpdateEmployeeInput,
    ) -> async_graphql::Result<Employee> {
        let id = parse_id(&input.id, "input.id")?;
        let new_holdings = input.holdings.map(holdings).transpose()?;
        let record = store::structure::update_employee(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            |before, current| {
                let details = EmployeeDetails::parse(
                    input
                        .employee_number
                        .as_deref()
                        .unwrap_or(&before.employee_number),
                    input.name.as_deref().unwrap_or(&before.name),
                    input.work_email.as_deref().unwrap_or(&before.work_email),
                    "input",
                )?;
                let slot_post = match &input.slot_in_post_id {
                    MaybeUndefined::Undefined => {
                        before.slot_in_post_id.map(|id| ID(id.to_string()))
                    }
                    MaybeUndefined::Null => None,
                    MaybeUndefined::Value(id) => Some(id.clone()),
                };
                Ok(EmployeeChange {
                    details,
                    holdings: new_holdings.unwrap_or(current),
                    impact: input.impact.map_or(before.impact, Impact::from),
                    impact_note: match &input.impact_note {
                        MaybeUndefined::Undefined => before.impact_note.clone(),
                        MaybeUndefined::Null => None,
                        MaybeUndefined::Value(n) => {
                            text::optional_line(Some(n), "input.impactNote", "the note", 2000)?
                        }
                    },
                    slot_in: slot_in(
                        slot_post.as_ref(),
                        input.slot_in_match_percent.or(before.slot_in_match_percent),
                    )?,
                    volunteer: input.volunteer.unwrap_or(before.volunteer),
                    weekly_pay: match &input.weekly_pay {
                        MaybeUndefined::Undefined => before.weekly_pay_pence.map(Pence),
                        MaybeUndefined::Null => None,
                        MaybeUndefined::Value(m) => {
                            Some(protective_award::weekly_pay(m.0, "input.weeklyPay")?)
                        }
                    },
                })
            },
        )
        .await?;
        Ok(Employee {
            record,
            view: ProposalView::Hr,
        })
    }

    /// Creates a ring-fence pool (or a resource pool). Each member holds one of its current
    /// posts or comes with HR's reason. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn create_ring_fence(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The pool.")] input: CreateRingFenceInput,
    ) -> async_graphql::Result<RingFence> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let content = RingFenceContent {
            kind: input.kind.map_or(RingFenceKind::RingFence, Into::into),
            name: ring_fence_name(&input.name)?,
            rule: text::long_text(&input.rule, "input.rule", "the rule")?,
            from: ids(&input.from_post_ids, "input.fromPostIds")?,
            to: ids(&input.to_post_ids, "input.toPostIds")?,
            members: ring_fence_members(
                &ids(&input.member_ids, "input.memberIds")?,
                input.member_reasons.as_deref().unwrap_or_default(),
            )?,
        };
        let record = store::structure::create_ring_fence(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            proposal_id,
            content,
        )
        .await?;
        Ok(RingFence {
            record,
            view: ProposalView::Hr,
        })
    }

    /// Changes a ring fence: its kind, name, rule, posts or members. Until the decision
    /// (then `PRECONDITION_FAILED`). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn update_ring_fence(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The change.")] input: UpdateRingFenceInput,
    ) -> async_graphql::Result<RingFence> {
        let id = parse_id(&input.id, "input.id")?;
        let record = store::structure::update_ring_fence(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            |before| {
                let mut content = before.content();
                if let Some(kind) = input.kind {
                    content.kind = kind.into();
                }
                if let Some(name) = &input.name {
                    content.name = ring_fence_name(name)?;
                }
                if let Some(rule) = &input.rule {
                    content.rule = text::long_text(rule, "input.rule", "the rule")?;
                }
                if let Some(from) = &input.from_post_ids {
                    content.from = ids(from, "input.fromPostIds")?;
                }
                if let Some(to) = &input.to_post_ids {
                    content.to = ids(to, "input.toPostIds")?;
                }
                let member_ids = match &input.member_ids {
                    Some(members) => ids(members, "input.memberIds")?,
                    None => before.member_ids.clone(),
                };
                content.members = match &input.member_reasons {
                    Some(reasons) => ring_fence_members(&member_ids, reasons)?,
                    None => member_ids
                        .iter()
                        .map(|id| Member {
                            employee_id: *id,
                            reason: before.reason_for(*id).map(str::to_owned),
                        })
                        .collect(),
                };
                Ok((content, ring_fence_rules::Change::Edit))
            },
        )
        .await?;
        Ok(RingFence {
            record,
            view: ProposalView::Hr,
        })
    }

    /// Adds members to a pool: until the decision, and to a resource pool after it too (as
    /// people's selection ends). Each holds one of its current posts or comes with HR's
    /// reason. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn add_ring_fence_members(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new members.")] input: AddRingFenceMembersInput,
    ) -> async_graphql::Result<RingFence> {
        let id = parse_id(&input.id, "input.id")?;
        let added = ring_fence_members(
            &ids(&input.member_ids, "input.memberIds")?,
            input.member_reasons.as_deref().unwrap_or_default(),
        )?;
        let record = store::structure::update_ring_fence(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            |before| {
                let mut content = before.content();
                ring_fence_rules::add_members(&mut content.members, added, |i| {
                    format!("input.memberIds[{i}]")
                })?;
                Ok((content, ring_fence_rules::Change::AddMembers))
            },
        )
        .await?;
        Ok(RingFence {
            record,
            view: ProposalView::Hr,
        })
    }

    /// Removes a ring fence. Until the decision (then `PRECONDITION_FAILED`). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn delete_ring_fence(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The ring fence.")] input: DeleteRingFenceInput,
    ) -> async_graphql::Result<DeleteRingFencePayload> {
        let id = parse_id(&input.id, "input.id")?;
        let removed = store::structure::delete_ring_fence(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
        )
        .await?;
        Ok(DeleteRingFencePayload {
            deleted_ring_fence_id: ID(removed.id.to_string()),
        })
    }

    /// Creates a JD with its first version. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn create_job_description(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The JD.")] input: CreateJobDescriptionInput,
    ) -> async_graphql::Result<JobDescription> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let title = text::required_line(
            &input.title,
            "input.title",
            "the job title",
            text::SHORT_MAX_CHARS,
        )?;
        let content = input.version.parse("input.version")?;
        let (record, _) = store::structure::create_job_description(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            proposal_id,
            title,
            content,
        )
        .await?;
        Ok(JobDescription {
            record,
            view: ProposalView::Hr,
        })
    }

    /// Adds a version to a JD. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn add_job_description_version(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The version.")] input: AddJobDescriptionVersionInput,
    ) -> async_graphql::Result<JobDescriptionVersion> {
        let jd_id = parse_id(&input.job_description_id, "input.jobDescriptionId")?;
        let content = input.version.parse("input.version")?;
        let store = &ApiState::of(ctx).store;
        let record =
            store::structure::add_jd_version(store, &audit_actor(ctx)?, jd_id, content).await?;
        let jd = store::structure::find_job_description(store.conn(), jd_id)
            .await?
            .ok_or_else(|| {
                DomainError::NotFound("There is no job description with that id.".into())
            })?;
        Ok(JobDescriptionVersion {
            record,
            proposal_id: jd.proposal_id,
            view: ProposalView::Hr,
        })
    }

    /// Comments on one duty of a JD version: anyone who can see the proposal.
    async fn comment_on_duty(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment.")] input: CommentOnDutyInput,
    ) -> async_graphql::Result<JdComment> {
        let viewer = viewer(ctx)?;
        let version_id = parse_id(&input.version_id, "input.versionId")?;
        let store = &ApiState::of(ctx).store;
        let not_found = || {
            DomainError::NotFound(
                "There is no job description version with that id that you can see.".into(),
            )
        };
        let (_, proposal_id) = store::structure::find_jd_version(store.conn(), version_id)
            .await?
            .ok_or_else(not_found)?;
        let proposal = load_visible(ctx, proposal_id)
            .await
            .map_err(|_| not_found())?;
        if !proposal.view.may_comment_on_duties() {
            return Err(DomainError::Forbidden(
                "You cannot comment on this job description.".into(),
            )
            .into());
        }
        let text = jd_rules::comment_text(&input.text, "input.text")?;
        let record = store::structure::comment_on_duty(
            store,
            viewer,
            proposal.view,
            version_id,
            input.duty_number,
            CommentCategory::from(input.category),
            text,
        )
        .await?;
        Ok(JdComment(record))
    }
}

fn slot_in(
    post: Option<&ID>,
    percent: Option<i32>,
) -> Result<Option<(Uuid, Option<u8>)>, DomainError> {
    // Checked whether or not a post is given: an absurd percentage is refused, never dropped.
    let percent = percent
        .map(|p| employee_rules::match_percent(p, "input.slotInMatchPercent"))
        .transpose()?;
    let Some(post) = post else { return Ok(None) };
    let post = parse_id(post, "input.slotInPostId")?;
    Ok(Some((post, percent)))
}
