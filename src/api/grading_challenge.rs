//! Grading challenges over GraphQL (issue 20): `challengeGrade` (staff in the post, or a
//! recognised union), `recordGradingOutcome` (HR), and the lists HR's "still open" view reads
//! (`gradingChallenges`, filterable by status, awaiting first; `gradingChallengeCounts`,
//! counted in SQL). Who sees what is `domain::grading_challenge`.

use super::{
    ApiState,
    account::User,
    auth::{audit_actor, viewer},
    loaders::Loaders,
    parse_id,
    proposal::load_visible,
};
use crate::domain::{
    DomainError,
    grading_challenge::{self as rules, AreaInput, ChallengeStatus},
    jd_diff::DutyChangeKind,
};
use crate::store::{
    self,
    grading_challenges::{ChallengeRecord, NewChallenge},
};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

/// Where a grading challenge stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "GradingChallengeStatus",
    remote = "crate::domain::grading_challenge::ChallengeStatus"
)]
pub enum StatusValue {
    /// Raised; HR has not recorded an outcome.
    AwaitingOutcome,
    /// Re-evaluated under the employer's job evaluation scheme (`scheme`), resulting in
    /// `resultingGrade`.
    ReEvaluated,
    /// The proposed grade confirmed, with HR's reasons.
    GradeConfirmed,
}

/// HR's outcome of a grading challenge.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum GradingOutcomeKind {
    /// Re-evaluated under the job evaluation scheme: give `scheme` and `resultingGrade`. A
    /// resulting grade other than the one proposed regrades the posts the JD describes.
    ReEvaluated,
    /// The proposed grade stands: give `reasons`.
    GradeConfirmed,
}

fn kind_name(kind: DutyChangeKind) -> &'static str {
    match kind {
        DutyChangeKind::Unchanged => "UNCHANGED",
        DutyChangeKind::Changed => "CHANGED",
        DutyChangeKind::New => "NEW",
        DutyChangeKind::Removed => "REMOVED",
    }
}

/// An area of significant change the challenge points at: one entry of the duty-level diff
/// between the current and the revised JD.
#[derive(SimpleObject)]
pub struct GradingChallengeArea {
    /// CHANGED, NEW or REMOVED, as the JD diff has it.
    pub kind: String,
    /// The duty's number in the current JD (none for a new duty).
    pub current_duty_number: Option<i32>,
    /// The duty's number in the revised JD (none for a duty removed).
    pub revised_duty_number: Option<i32>,
    /// The duty as the current JD words it.
    pub current_text: Option<String>,
    /// The duty as the revised JD words it.
    pub revised_text: Option<String>,
    /// What the challenger says about it.
    pub note: String,
}

/// A challenge to the grade of a revised job description. Seen by HR, the sponsor, the
/// challenger and, for a union's challenge, that union's representatives.
pub struct GradingChallenge(pub ChallengeRecord);

/// A challenge to the grade of a revised job description.
#[Object]
impl GradingChallenge {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Increases with every change; send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The job description challenged.
    async fn job_description_id(&self) -> ID {
        ID(self.0.job_description_id.to_string())
    }
    /// The version compared as the current job.
    async fn current_version_id(&self) -> ID {
        ID(self.0.current_version_id.to_string())
    }
    /// The revised version whose grade is challenged.
    async fn revised_version_id(&self) -> ID {
        ID(self.0.revised_version_id.to_string())
    }
    /// The current job title.
    async fn current_title(&self) -> &str {
        &self.0.subject.current_title
    }
    /// The current grade.
    async fn current_grade(&self) -> Option<&str> {
        self.0.subject.current_grade.as_deref()
    }
    /// The revised job title.
    async fn revised_title(&self) -> &str {
        &self.0.subject.revised_title
    }
    /// The grade proposed for the revised job when it was challenged.
    async fn revised_grade(&self) -> Option<&str> {
        self.0.subject.revised_grade.as_deref()
    }
    /// Who raised it.
    async fn challenger(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.challenger_id {
            Some(id) => Loaders::of(ctx).user(id).await,
            None => Ok(None),
        }
    }
    /// The union that raised it; null for a member of staff's own challenge.
    async fn union_name(&self) -> Option<&str> {
        self.0.union_name.as_deref()
    }
    /// The areas of significant change, each a duty of the diff.
    async fn areas(&self) -> Vec<GradingChallengeArea> {
        self.0
            .areas
            .iter()
            .map(|a| GradingChallengeArea {
                kind: kind_name(a.kind).to_owned(),
                current_duty_number: a.current_number.map(|n| n as i32),
                revised_duty_number: a.revised_number.map(|n| n as i32),
                current_text: a.current_text.clone(),
                revised_text: a.revised_text.clone(),
                note: a.note.clone(),
            })
            .collect()
    }
    /// The grade the challenger believes is right.
    async fn believed_grade(&self) -> &str {
        &self.0.believed_grade
    }
    /// The evidence.
    async fn evidence(&self) -> &str {
        &self.0.evidence
    }
    /// Where it stands.
    async fn status(&self) -> StatusValue {
        self.0.status.into()
    }
    /// For RE_EVALUATED: the job evaluation scheme, e.g. NJC or GLPC.
    async fn scheme(&self) -> Option<&str> {
        self.0.scheme.as_deref()
    }
    /// For RE_EVALUATED: the grade the re-evaluation resulted in.
    async fn resulting_grade(&self) -> Option<&str> {
        self.0.resulting_grade.as_deref()
    }
    /// HR's reasons (required when the grade is confirmed).
    async fn outcome_reasons(&self) -> Option<&str> {
        self.0.outcome_reasons.as_deref()
    }
    /// When HR recorded the outcome.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// When it was raised.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// How many of a proposal's grading challenges you can see are in each status.
#[derive(SimpleObject)]
pub struct GradingChallengeCounts {
    /// Awaiting an outcome.
    pub awaiting_outcome: i32,
    /// Re-evaluated.
    pub re_evaluated: i32,
    /// Grade confirmed.
    pub grade_confirmed: i32,
    /// All of them.
    pub total: i32,
}

/// Whether you may challenge the grade of a job description, and if not, why.
#[derive(SimpleObject)]
pub struct GradeChallengeEligibility {
    /// True when `challengeGrade` would accept a challenge from you (given valid input).
    pub allowed: bool,
    /// Why not, in a sentence; null when allowed.
    pub reason: Option<String>,
    /// When allowed for a representative: the union the challenge is raised for.
    pub union_name: Option<String>,
}

#[derive(Default)]
pub struct GradingQuery;

#[Object]
impl GradingQuery {
    /// A proposal's grading challenges you can see (HR and the sponsor: all; a representative:
    /// their union's; staff: their own), those awaiting an outcome first, then oldest first.
    async fn grading_challenges(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] proposal_id: ID,
        #[graphql(desc = "Only these statuses (all when absent or empty).")] status: Option<
            Vec<StatusValue>,
        >,
        #[graphql(desc = "Only the challenges to this job description.")]
        job_description_id: Option<ID>,
    ) -> async_graphql::Result<Vec<GradingChallenge>> {
        let id = parse_id(&proposal_id, "proposalId")?;
        let jd = job_description_id
            .map(|j| parse_id(&j, "jobDescriptionId"))
            .transpose()?;
        let proposal = load_visible(ctx, id).await?;
        let scope = rules::scope(proposal.view, viewer(ctx)?);
        let statuses: Vec<ChallengeStatus> = status
            .unwrap_or_default()
            .into_iter()
            .map(ChallengeStatus::from)
            .collect();
        let records = store::grading_challenges::list(
            ApiState::of(ctx).store.conn(),
            id,
            &scope,
            &statuses,
            jd,
        )
        .await?;
        Loaders::of(ctx)
            .prime_users(records.iter().filter_map(|r| r.challenger_id))
            .await?;
        Ok(records.into_iter().map(GradingChallenge).collect())
    }

    /// How many of a proposal's grading challenges you can see are in each status.
    async fn grading_challenge_counts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] proposal_id: ID,
    ) -> async_graphql::Result<GradingChallengeCounts> {
        let id = parse_id(&proposal_id, "proposalId")?;
        let proposal = load_visible(ctx, id).await?;
        let scope = rules::scope(proposal.view, viewer(ctx)?);
        let counts =
            store::grading_challenges::counts(ApiState::of(ctx).store.conn(), id, &scope).await?;
        let of = |s| counts.get(&s).copied().unwrap_or(0) as i32;
        Ok(GradingChallengeCounts {
            awaiting_outcome: of(ChallengeStatus::AwaitingOutcome),
            re_evaluated: of(ChallengeStatus::ReEvaluated),
            grade_confirmed: of(ChallengeStatus::GradeConfirmed),
            total: counts.values().sum::<i64>() as i32,
        })
    }

    /// Whether you may challenge the grade of this job description.
    async fn grade_challenge_eligibility(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The job description.")] job_description_id: ID,
    ) -> async_graphql::Result<GradeChallengeEligibility> {
        let jd_id = parse_id(&job_description_id, "jobDescriptionId")?;
        let (view, _) = visible_jd(ctx, jd_id, "jobDescriptionId").await?;
        let store = &ApiState::of(ctx).store;
        match store::grading_challenges::grounds(store.conn(), viewer(ctx)?, view, jd_id).await {
            Ok(grounds) => Ok(GradeChallengeEligibility {
                allowed: true,
                reason: None,
                union_name: match grounds.challenger {
                    rules::Challenger::Union(union) => Some(union),
                    rules::Challenger::Staff => None,
                },
            }),
            Err(crate::error::AppError::Domain(err)) => Ok(GradeChallengeEligibility {
                allowed: false,
                reason: Some(err.message().to_owned()),
                union_name: None,
            }),
            Err(err) => Err(err.into()),
        }
    }
}

/// The view of the proposal a JD belongs to, or `NOT_FOUND` at `field`.
async fn visible_jd(
    ctx: &Context<'_>,
    jd_id: uuid::Uuid,
    field: &str,
) -> async_graphql::Result<(crate::domain::access::ProposalView, uuid::Uuid)> {
    let store = &ApiState::of(ctx).store;
    let not_found = || DomainError::unknown_id(field, "a job description you can see");
    let jd = store::structure::find_job_description(store.conn(), jd_id)
        .await?
        .ok_or_else(not_found)?;
    let proposal = load_visible(ctx, jd.proposal_id)
        .await
        .map_err(|_| not_found())?;
    Ok((proposal.view, jd.proposal_id))
}

/// One area of significant change: a duty of the revised JD (new or changed), or of the
/// current JD for a duty removed.
#[derive(InputObject)]
pub struct GradingChallengeAreaInput {
    /// The duty's number in the revised JD (for a new or changed duty).
    pub revised_duty_number: Option<i32>,
    /// The duty's number in the current JD (only for a duty removed).
    pub current_duty_number: Option<i32>,
    /// What changed and why it matters to the grade.
    pub note: String,
}

/// A challenge to the grade of a revised JD.
#[derive(InputObject)]
pub struct ChallengeGradeInput {
    /// The job description; its first version is the current job, its latest the revision.
    pub job_description_id: ID,
    /// The areas of significant change (at least one).
    pub areas: Vec<GradingChallengeAreaInput>,
    /// The grade you believe is right.
    pub believed_grade: String,
    /// The evidence: how the duties compare, evaluations done, anything HR should weigh.
    pub evidence: String,
}

/// HR's outcome of a grading challenge.
#[derive(InputObject)]
pub struct RecordGradingOutcomeInput {
    /// The challenge.
    pub challenge_id: ID,
    /// The challenge's version as you last saw it.
    pub expected_version: i32,
    /// Re-evaluated, or the grade confirmed.
    pub outcome: GradingOutcomeKind,
    /// For RE_EVALUATED: the employer's job evaluation scheme, e.g. NJC or GLPC.
    pub scheme: Option<String>,
    /// For RE_EVALUATED: the resulting grade; it must have a pay scale when it differs from
    /// the grade proposed.
    pub resulting_grade: Option<String>,
    /// Why; required for GRADE_CONFIRMED.
    pub reasons: Option<String>,
}

#[derive(Default)]
pub struct GradingMutation;

#[Object]
impl GradingMutation {
    /// Challenges the grade of a revised JD: staff who hold the post (for themselves) or a
    /// representative of a recognised union (for the union). HR hears of it by email.
    async fn challenge_grade(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The challenge.")] input: ChallengeGradeInput,
    ) -> async_graphql::Result<GradingChallenge> {
        let viewer = viewer(ctx)?;
        let jd_id = parse_id(&input.job_description_id, "input.jobDescriptionId")?;
        let (view, _) = visible_jd(ctx, jd_id, "input.jobDescriptionId").await?;
        let believed_grade = rules::believed_grade(&input.believed_grade)?;
        let evidence = rules::evidence(&input.evidence)?;
        let areas = input
            .areas
            .iter()
            .map(|a| AreaInput {
                revised_duty_number: a.revised_duty_number,
                current_duty_number: a.current_duty_number,
                note: &a.note,
            })
            .collect();
        let record = store::grading_challenges::raise(
            &ApiState::of(ctx).store,
            viewer,
            view,
            jd_id,
            NewChallenge {
                areas,
                believed_grade,
                evidence,
            },
        )
        .await?;
        Ok(GradingChallenge(record))
    }

    /// Records HR's outcome of a grading challenge, once: re-evaluated under the job
    /// evaluation scheme with the resulting grade, or the grade confirmed with reasons. A
    /// resulting grade other than the one proposed regrades the posts of the revised JD,
    /// which moves the proposed structure's costs and, once the proposal is shared, makes a
    /// revision. The challenger hears of it by email.
    async fn record_grading_outcome(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The outcome.")] input: RecordGradingOutcomeInput,
    ) -> async_graphql::Result<GradingChallenge> {
        let viewer = viewer(ctx)?;
        let id = parse_id(&input.challenge_id, "input.challengeId")?;
        let store = &ApiState::of(ctx).store;
        let not_found =
            || DomainError::unknown_id("input.challengeId", "a grading challenge you can see");
        let challenge = store::grading_challenges::find(store.conn(), id)
            .await?
            .ok_or_else(not_found)?;
        let proposal = load_visible(ctx, challenge.proposal_id)
            .await
            .map_err(|_| not_found())?;
        let scope = rules::scope(proposal.view, viewer);
        if !rules::in_scope(
            &scope,
            challenge.challenger_id,
            challenge.union_name.as_deref(),
        ) {
            return Err(not_found().into());
        }
        rules::may_record_outcome(proposal.view)?;
        let outcome = rules::outcome(
            input.outcome == GradingOutcomeKind::ReEvaluated,
            input.scheme.as_deref(),
            input.resulting_grade.as_deref(),
            input.reasons.as_deref(),
        )?;
        let record = store::grading_challenges::decide(
            store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            outcome,
        )
        .await?;
        Ok(GradingChallenge(record))
    }
}
