//! Selection in competitive pools over GraphQL: the matrix (`RingFence.selection`,
//! `Query.selection`), the set-up, scoring, moderation, tie-break and publication, an
//! assessor's tasks (`myAssessments`) and a candidate's own result (`mySelectionScores`).
//! Who may do what is decided in `domain::individual::selection`.

use super::{ApiState, auth::viewer, parse_id};
use crate::domain::{
    DomainError,
    individual::selection::{
        self as rules, CriterionInput, Descriptor, Matrix, Row, SelectionAccess,
    },
    text,
};
use crate::store::{
    self,
    selection::{Moderate, PoolSelection, ScoreChange},
};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use uuid::Uuid;

const NOTE_MAX: usize = 2000;

/// Where one candidate stands on one criterion.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "SelectionCellState",
    remote = "crate::domain::individual::selection::CellState"
)]
pub enum CellStateValue {
    /// An assessor has yet to score.
    AwaitingScores,
    /// Both assessors gave the same score: it stands.
    Agreed,
    /// The assessors differ: HR has yet to moderate (both scores are shown).
    ModerationOutstanding,
    /// HR recorded the moderated score.
    Moderated,
}

/// A pool's selection: its criteria, scale, assessors and the matrix of candidates against
/// criteria. Seen by HR and the pool's two assessors only.
pub struct Selection {
    pool: PoolSelection,
    matrix: Matrix,
    access: SelectionAccess,
}

impl Selection {
    fn new(pool: PoolSelection, access: SelectionAccess) -> Self {
        let matrix = pool.matrix();
        Selection {
            pool,
            matrix,
            access,
        }
    }
}

/// A weighted criterion.
#[derive(SimpleObject)]
pub struct SelectionCriterion {
    /// Opaque identifier.
    pub id: ID,
    /// Name, e.g. "Performance".
    pub name: String,
    /// What is assessed, and on what evidence.
    pub description: Option<String>,
    /// A whole percentage; the pool's weights add up to 100.
    pub weight: i32,
}

/// What a score on the scale means.
#[derive(SimpleObject)]
pub struct SelectionScaleDescriptor {
    /// A score on the scale.
    pub score: i32,
    /// What it means, e.g. "Exceeds the requirement".
    pub text: String,
}

/// Scores run from `min` (0) to `max`.
#[derive(SimpleObject)]
pub struct SelectionScale {
    /// The lowest score: 0.
    pub min: i32,
    /// The highest score.
    pub max: i32,
    /// What scores mean, where HR described them.
    pub descriptors: Vec<SelectionScaleDescriptor>,
}

/// One of the pool's two assessors.
#[derive(SimpleObject)]
pub struct SelectionAssessor {
    /// Their account.
    pub user_id: ID,
    /// Their name.
    pub name: String,
}

/// One assessor's score on one cell; `score` is null until they score.
#[derive(SimpleObject)]
pub struct SelectionAssessorScore {
    /// The assessor's account.
    pub assessor_id: ID,
    /// Their score; null until they score.
    pub score: Option<i32>,
    /// Their evidence for it.
    pub note: Option<String>,
    /// Send back as `expectedVersion` when changing it; null until scored.
    pub version: Option<i32>,
}

/// One candidate on one criterion.
#[derive(SimpleObject)]
pub struct SelectionCell {
    /// The criterion.
    pub criterion_id: ID,
    /// Each assessor's score, in the order of the pool's assessors.
    pub assessor_scores: Vec<SelectionAssessorScore>,
    /// HR's moderated score; null until moderated.
    pub moderated_score: Option<i32>,
    /// Why HR moderated it so.
    pub moderation_note: Option<String>,
    /// The score that counts: moderated, or the assessors' agreed score.
    pub final_score: Option<i32>,
    /// Scoring outstanding, agreed, moderation outstanding or moderated.
    pub state: CellStateValue,
}

/// One candidate's row of the matrix.
#[derive(SimpleObject)]
pub struct SelectionCandidate {
    /// The candidate (an employee of the proposal).
    pub employee_id: ID,
    /// Their name.
    pub name: String,
    /// Their employee number.
    pub employee_number: String,
    /// Their scores, one cell per criterion in order.
    pub cells: Vec<SelectionCell>,
    /// Σ final score × weight; null until every criterion has a final score.
    pub weighted_total: Option<i32>,
    /// Equal totals share a rank; null until every candidate has a total.
    pub rank: Option<i32>,
    /// Shares its total with another candidate.
    pub tie: bool,
    /// The tie straddles the last post: HR's tie-break decides.
    pub tie_at_boundary: bool,
    /// "Tie: needs a tie-break decision" and the like; null when not tied.
    pub tie_note: Option<String>,
    /// Within the posts to fill; null while the ranking or a tie-break is open.
    pub selected: Option<bool>,
    /// HR's reason, when this candidate was selected by a tie-break.
    pub tie_break_reason: Option<String>,
}

/// A tie at the last post.
#[derive(SimpleObject)]
pub struct SelectionBoundaryTie {
    /// The tied candidates.
    pub employee_ids: Vec<ID>,
    /// How many of them can be selected.
    pub places: i32,
    /// HR's tie-break names them.
    pub resolved: bool,
}

fn id(u: Uuid) -> ID {
    ID(u.to_string())
}

fn int(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

impl Selection {
    fn candidate(&self, row: &Row) -> SelectionCandidate {
        let person = self
            .pool
            .candidates
            .iter()
            .find(|c| c.employee_id == row.employee_id);
        let cells = row
            .cells
            .iter()
            .map(|cell| {
                let moderation = self.pool.moderations.iter().find(|m| {
                    m.employee_id == row.employee_id && m.criterion_id == cell.criterion_id
                });
                SelectionCell {
                    criterion_id: id(cell.criterion_id),
                    assessor_scores: cell
                        .scores
                        .iter()
                        .map(|(assessor, _)| {
                            let kept = self.pool.scores.iter().find(|s| {
                                s.employee_id == row.employee_id
                                    && s.criterion_id == cell.criterion_id
                                    && s.assessor_user_id == *assessor
                            });
                            SelectionAssessorScore {
                                assessor_id: id(*assessor),
                                score: kept.map(|s| s.score),
                                note: kept.and_then(|s| s.note.clone()),
                                version: kept.map(|s| s.version),
                            }
                        })
                        .collect(),
                    moderated_score: moderation.map(|m| m.score),
                    moderation_note: moderation.and_then(|m| m.note.clone()),
                    final_score: cell.final_score.map(int),
                    state: cell.state.into(),
                }
            })
            .collect();
        SelectionCandidate {
            employee_id: id(row.employee_id),
            name: person.map(|p| p.name.clone()).unwrap_or_default(),
            employee_number: person
                .map(|p| p.employee_number.clone())
                .unwrap_or_default(),
            cells,
            weighted_total: row.total.map(int),
            rank: row.rank.map(int),
            tie: row.tie,
            tie_at_boundary: row.tie_at_boundary,
            tie_note: rules::tie_note(row).map(str::to_owned),
            selected: row.selected,
            tie_break_reason: self
                .pool
                .tie_breaks
                .iter()
                .find(|t| t.employee_id == row.employee_id && row.tie_at_boundary)
                .map(|t| t.reason.clone()),
        }
    }
}

/// A pool's selection: its criteria, scale, assessors and the matrix of candidates against
/// criteria. Seen by HR and the pool's two assessors only.
#[Object]
impl Selection {
    /// The ring fence.
    async fn ring_fence_id(&self) -> ID {
        id(self.pool.ring_fence_id)
    }
    /// The pool's name.
    async fn name(&self) -> &str {
        &self.pool.name
    }
    /// The ring fence's version: send it back as `expectedVersion` to set the criteria.
    async fn version(&self) -> i32 {
        self.pool.version
    }
    /// How many posts the pool fills.
    async fn posts_to_fill(&self) -> i32 {
        int(self.pool.posts_to_fill)
    }
    /// The criteria, in order.
    async fn criteria(&self) -> Vec<SelectionCriterion> {
        self.pool
            .criteria
            .iter()
            .map(|c| SelectionCriterion {
                id: id(c.id),
                name: c.name.clone(),
                description: c.description.clone(),
                weight: int(c.weight),
            })
            .collect()
    }
    /// The scoring scale.
    async fn scale(&self) -> SelectionScale {
        SelectionScale {
            min: 0,
            max: int(self.pool.scale.max),
            descriptors: self
                .pool
                .scale
                .descriptors
                .iter()
                .map(|d| SelectionScaleDescriptor {
                    score: int(d.score),
                    text: d.text.clone(),
                })
                .collect(),
        }
    }
    /// The highest weighted total a candidate can reach (the scale's maximum × 100).
    async fn max_total(&self) -> i32 {
        int(self.pool.scale.max * rules::WEIGHT_TOTAL)
    }
    /// The two assessors.
    async fn assessors(&self) -> Vec<SelectionAssessor> {
        self.pool
            .assessors
            .iter()
            .map(|a| SelectionAssessor {
                user_id: id(a.user_id),
                name: a.name.clone(),
            })
            .collect()
    }
    /// The matrix: each candidate against each criterion, with each assessor's score, the
    /// moderated score, the weighted total, rank, tie and whether selected.
    async fn candidates(&self) -> Vec<SelectionCandidate> {
        self.matrix.rows.iter().map(|r| self.candidate(r)).collect()
    }
    /// Cells where an assessor has yet to score.
    async fn scores_outstanding(&self) -> i32 {
        int(self.matrix.scores_outstanding)
    }
    /// Cells where the assessors differ and HR has yet to moderate.
    async fn moderation_outstanding(&self) -> i32 {
        int(self.matrix.moderation_outstanding)
    }
    /// A tie at the last post, if there is one.
    async fn boundary_tie(&self) -> Option<SelectionBoundaryTie> {
        self.matrix
            .boundary_tie
            .as_ref()
            .map(|t| SelectionBoundaryTie {
                employee_ids: t.employee_ids.iter().copied().map(id).collect(),
                places: int(t.places),
                resolved: t.resolved,
            })
    }
    /// What must happen before HR can publish the outcome; empty when it can be (or is).
    async fn blockers(&self) -> Vec<String> {
        if self.pool.published() {
            return Vec::new();
        }
        match rules::check_publishable(
            &self.pool.facts(),
            &self.matrix,
            |u| self.pool.candidate_name(u),
            |u| self.pool.criterion_name(u),
        ) {
            Ok(()) => Vec::new(),
            Err(DomainError::PreconditionFailed { missing, .. }) => missing,
            Err(other) => vec![other.message().to_owned()],
        }
    }
    /// When HR published the outcome to the candidates; null until then.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.pool.published_at
    }
    /// Whether the viewer is one of this pool's assessors (else HR).
    async fn viewer_is_assessor(&self) -> bool {
        self.access == SelectionAccess::Assessor
    }
}

/// The selection of a pool of a proposal the viewer reads (`RingFence.selection`): all the
/// proposal's pools are loaded together, once per request. HR and the pool's assessors only.
pub async fn of_ring_fence(
    ctx: &Context<'_>,
    proposal_id: Uuid,
    ring_fence_id: Uuid,
) -> async_graphql::Result<Selection> {
    let viewer = viewer(ctx)?;
    let pools = super::loaders::Loaders::of(ctx)
        .selections(proposal_id)
        .await?;
    let pool = pools
        .iter()
        .find(|p| p.ring_fence_id == ring_fence_id)
        .cloned()
        .ok_or_else(|| DomainError::NotFound("The ring fence no longer exists.".into()))?;
    let access = rules::selection_access(viewer, &pool.assessor_ids())?;
    Ok(Selection::new(pool, access))
}

/// The selection of a pool for the viewer: HR and the pool's assessors only.
pub async fn for_ring_fence(
    ctx: &Context<'_>,
    ring_fence_id: Uuid,
    field: &str,
) -> async_graphql::Result<Selection> {
    let viewer = viewer(ctx)?;
    let pool = store::selection::load(ApiState::of(ctx).store.conn(), ring_fence_id, field).await?;
    let access = rules::selection_access(viewer, &pool.assessor_ids())?;
    Ok(Selection::new(pool, access))
}

/// A pool the signed-in person assesses: their scoring task.
#[derive(SimpleObject)]
pub struct Assessment {
    /// The ring fence (open it with `selection`).
    pub ring_fence_id: ID,
    /// The pool's name.
    pub pool_name: String,
    /// The proposal it belongs to.
    pub proposal_id: ID,
    /// The proposal's title.
    pub proposal_title: String,
    /// How many candidates compete.
    pub candidate_count: i32,
    /// How many criteria each is scored on.
    pub criteria_count: i32,
    /// Scores this assessor has yet to give (candidates × criteria less those given).
    pub scores_remaining: i32,
    /// The outcome is published: nothing more to score.
    pub published: bool,
}

/// One criterion of a candidate's own result.
#[derive(SimpleObject)]
pub struct MySelectionScore {
    /// The criterion's name.
    pub criterion: String,
    /// What it assesses.
    pub description: Option<String>,
    /// Its weight in percent.
    pub weight: i32,
    /// The final (moderated or agreed) score.
    pub score: Option<i32>,
}

/// A candidate's own result in a pool, once HR has published the outcome.
#[derive(SimpleObject)]
pub struct MySelectionResult {
    /// The ring fence.
    pub ring_fence_id: ID,
    /// The pool's name.
    pub pool_name: String,
    /// When HR published the outcome.
    pub published_at: Option<DateTime<Utc>>,
    /// Scores run from 0 to this.
    pub scale_max: i32,
    /// Their final score on each criterion.
    pub scores: Vec<MySelectionScore>,
    /// Σ score × weight.
    pub weighted_total: Option<i32>,
    /// The highest total possible.
    pub max_total: i32,
    /// Their rank (1 is highest; equal totals share a rank).
    pub rank: Option<i32>,
    /// How many competed.
    pub candidate_count: i32,
    /// How many posts the pool filled.
    pub posts_to_fill: i32,
    /// Whether they were selected.
    pub selected: Option<bool>,
    /// Whether the rank is shared with another candidate.
    pub tie: bool,
}

#[derive(Default)]
pub struct SelectionQuery;

#[Object]
impl SelectionQuery {
    /// A pool's selection matrix: HR and the pool's two assessors only (a manager assessor
    /// reaches it here without seeing the rest of the proposal).
    async fn selection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The ring fence.")] ring_fence_id: ID,
    ) -> async_graphql::Result<Selection> {
        let ring_fence_id = parse_id(&ring_fence_id, "ringFenceId")?;
        for_ring_fence(ctx, ring_fence_id, "ringFenceId").await
    }

    /// The pools the signed-in person assesses, with how many scores remain: a manager's
    /// scoring tasks.
    async fn my_assessments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Assessment>> {
        let viewer = viewer(ctx)?;
        let list =
            store::selection::assessments_of(&ApiState::of(ctx).store, viewer.user_id).await?;
        Ok(list
            .into_iter()
            .filter(|a| rules::selection_access(viewer, &a.pool.assessor_ids()).is_ok())
            .map(|a| {
                let pool = &a.pool;
                let given = pool
                    .scores
                    .iter()
                    .filter(|s| s.assessor_user_id == viewer.user_id)
                    .filter(|s| {
                        pool.candidates
                            .iter()
                            .any(|c| c.employee_id == s.employee_id)
                    })
                    .filter(|s| pool.criteria.iter().any(|c| c.id == s.criterion_id))
                    .count();
                let cells = pool.candidates.len() * pool.criteria.len();
                Assessment {
                    ring_fence_id: id(pool.ring_fence_id),
                    pool_name: pool.name.clone(),
                    proposal_id: id(pool.proposal_id),
                    proposal_title: a.proposal_title.clone(),
                    candidate_count: pool.candidates.len() as i32,
                    criteria_count: pool.criteria.len() as i32,
                    scores_remaining: if pool.published() {
                        0
                    } else {
                        cells.saturating_sub(given) as i32
                    },
                    published: pool.published(),
                }
            })
            .collect())
    }

    /// The signed-in person's own scores and rank in each pool they competed in, once HR has
    /// published its outcome; nothing before. Nobody else's scores.
    async fn my_selection_scores(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<MySelectionResult>> {
        let viewer = viewer(ctx)?;
        let pools =
            store::selection::published_for(&ApiState::of(ctx).store, &viewer.email).await?;
        Ok(pools
            .into_iter()
            .filter_map(|(pool, employee_id)| {
                let matrix = pool.matrix();
                let row = matrix.rows.iter().find(|r| r.employee_id == employee_id)?;
                Some(MySelectionResult {
                    ring_fence_id: id(pool.ring_fence_id),
                    pool_name: pool.name.clone(),
                    published_at: pool.published_at,
                    scale_max: int(pool.scale.max),
                    scores: pool
                        .criteria
                        .iter()
                        .zip(&row.cells)
                        .map(|(c, cell)| MySelectionScore {
                            criterion: c.name.clone(),
                            description: c.description.clone(),
                            weight: int(c.weight),
                            score: cell.final_score.map(int),
                        })
                        .collect(),
                    weighted_total: row.total.map(int),
                    max_total: int(pool.scale.max * rules::WEIGHT_TOTAL),
                    rank: row.rank.map(int),
                    candidate_count: pool.candidates.len() as i32,
                    posts_to_fill: int(pool.posts_to_fill),
                    selected: row.selected,
                    tie: row.tie,
                })
            })
            .collect())
    }
}

/// One criterion.
#[derive(InputObject)]
pub struct SelectionCriterionInput {
    /// Name, e.g. "Performance".
    pub name: String,
    /// What is assessed, and on what evidence.
    pub description: Option<String>,
    /// A whole percentage from 1 to 100; the weights add up to 100.
    pub weight: i32,
}

/// What a score means.
#[derive(InputObject)]
pub struct SelectionScaleDescriptorInput {
    /// A score on the scale.
    pub score: i32,
    /// What it means.
    pub text: String,
}

/// The scoring scale: 0 to `max` (1 to 10; 4 when never set).
#[derive(InputObject)]
pub struct SelectionScaleInput {
    /// The highest score (1 to 10).
    pub max: i32,
    /// What scores mean (optional).
    pub descriptors: Option<Vec<SelectionScaleDescriptorInput>>,
}

/// A pool's criteria and scale. Until scoring begins.
#[derive(InputObject)]
pub struct SetSelectionCriteriaInput {
    /// The ring fence.
    pub ring_fence_id: ID,
    /// The ring fence's version (`RingFence.version` or `Selection.version`).
    pub expected_version: i32,
    /// The criteria, in order; their weights add up to 100.
    pub criteria: Vec<SelectionCriterionInput>,
    /// Left as it is when absent.
    pub scale: Option<SelectionScaleInput>,
}

/// A pool's two assessors. Until scoring begins.
#[derive(InputObject)]
pub struct SetPoolAssessorsInput {
    /// The ring fence.
    pub ring_fence_id: ID,
    /// Two users: HR administrators or managers, neither a candidate.
    pub assessor_ids: Vec<ID>,
}

/// The signed-in assessor's score on a candidate and criterion.
#[derive(InputObject)]
pub struct RecordSelectionScoreInput {
    /// The ring fence.
    pub ring_fence_id: ID,
    /// The candidate.
    pub employee_id: ID,
    /// The criterion.
    pub criterion_id: ID,
    /// A score on the pool's scale.
    pub score: i32,
    /// The evidence for it.
    pub note: Option<String>,
    /// When changing a score: its version.
    pub expected_version: Option<i32>,
}

/// HR's moderated score on a candidate and criterion.
#[derive(InputObject)]
pub struct ModerateSelectionScoreInput {
    /// The ring fence.
    pub ring_fence_id: ID,
    /// The candidate.
    pub employee_id: ID,
    /// The criterion.
    pub criterion_id: ID,
    /// The moderated score, on the pool's scale.
    pub score: i32,
    /// Why: required where the assessors' scores differ from it.
    pub note: Option<String>,
}

/// HR's tie-break at the last post.
#[derive(InputObject)]
pub struct RecordTieBreakInput {
    /// The ring fence.
    pub ring_fence_id: ID,
    /// The tied candidates who take the places left.
    pub employee_ids: Vec<ID>,
    /// Why they, on what objective ground.
    pub reason: String,
}

/// Publishing a pool's outcome.
#[derive(InputObject)]
pub struct PublishSelectionOutcomeInput {
    /// The ring fence.
    pub ring_fence_id: ID,
}

fn ids(items: &[ID], field: &str) -> Result<Vec<Uuid>, DomainError> {
    items
        .iter()
        .enumerate()
        .map(|(i, id)| parse_id(id, &format!("{field}[{i}]")))
        .collect()
}

fn note(raw: Option<&str>) -> Result<Option<String>, DomainError> {
    text::optional_line(raw, "input.note", "the note", NOTE_MAX)
}

#[derive(Default)]
pub struct SelectionMutation;

#[Object]
impl SelectionMutation {
    /// Sets a pool's weighted criteria (percentages adding up to 100) and scoring scale. HR
    /// only; a ring fence with fewer posts than people; until scoring begins.
    async fn set_selection_criteria(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The criteria and scale.")] input: SetSelectionCriteriaInput,
    ) -> async_graphql::Result<Selection> {
        let viewer = viewer(ctx)?;
        rules::check_hr(viewer)?;
        let ring_fence_id = parse_id(&input.ring_fence_id, "input.ringFenceId")?;
        let criteria = input
            .criteria
            .into_iter()
            .map(|c| CriterionInput {
                name: c.name,
                description: c.description,
                weight: c.weight,
            })
            .collect::<Vec<_>>();
        let scale = match input.scale {
            Some(s) => {
                let descriptors = s.descriptors.unwrap_or_default();
                text::bounded_list(&descriptors, "input.scale.descriptors", "descriptors")?;
                let mut checked = Vec::with_capacity(descriptors.len());
                for (i, d) in descriptors.into_iter().enumerate() {
                    let score = u32::try_from(d.score).map_err(|_| {
                        DomainError::bad_input(
                            format!("input.scale.descriptors[{i}].score"),
                            "Scores start at 0.",
                        )
                    })?;
                    checked.push(Descriptor {
                        score,
                        text: d.text,
                    });
                }
                Some(rules::check_scale(s.max, &checked)?)
            }
            None => None,
        };
        let pool = store::selection::set_criteria(
            &ApiState::of(ctx).store,
            viewer,
            ring_fence_id,
            input.expected_version,
            criteria,
            scale,
        )
        .await?;
        Ok(Selection::new(pool, SelectionAccess::Hr))
    }

    /// Names a pool's two assessors (HR administrators or managers, not candidates). HR only;
    /// until scoring begins.
    async fn set_pool_assessors(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The assessors.")] input: SetPoolAssessorsInput,
    ) -> async_graphql::Result<Selection> {
        let viewer = viewer(ctx)?;
        rules::check_hr(viewer)?;
        let ring_fence_id = parse_id(&input.ring_fence_id, "input.ringFenceId")?;
        let assessors = ids(&input.assessor_ids, "input.assessorIds")?;
        let pool = store::selection::set_assessors(
            &ApiState::of(ctx).store,
            viewer,
            ring_fence_id,
            assessors,
        )
        .await?;
        Ok(Selection::new(pool, SelectionAccess::Hr))
    }

    /// Records (or changes) the signed-in assessor's score on a candidate and criterion,
    /// within the scale. The pool's assessors only, each their own; until the outcome is
    /// published. Audited.
    async fn record_selection_score(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The score.")] input: RecordSelectionScoreInput,
    ) -> async_graphql::Result<Selection> {
        let viewer = viewer(ctx)?;
        let change = ScoreChange {
            ring_fence_id: parse_id(&input.ring_fence_id, "input.ringFenceId")?,
            employee_id: parse_id(&input.employee_id, "input.employeeId")?,
            criterion_id: parse_id(&input.criterion_id, "input.criterionId")?,
            score: input.score,
            note: note(input.note.as_deref())?,
            expected_version: input.expected_version,
        };
        let (pool, _) =
            store::selection::record_score(&ApiState::of(ctx).store, viewer, change).await?;
        let access = rules::selection_access(viewer, &pool.assessor_ids())?;
        Ok(Selection::new(pool, access))
    }

    /// Records HR's moderated score on a candidate and criterion, with a note where the
    /// assessors differ. HR only; until the outcome is published. Audited.
    async fn moderate_selection_score(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The moderated score.")] input: ModerateSelectionScoreInput,
    ) -> async_graphql::Result<Selection> {
        let viewer = viewer(ctx)?;
        rules::check_hr(viewer)?;
        let m = Moderate {
            ring_fence_id: parse_id(&input.ring_fence_id, "input.ringFenceId")?,
            employee_id: parse_id(&input.employee_id, "input.employeeId")?,
            criterion_id: parse_id(&input.criterion_id, "input.criterionId")?,
            score: input.score,
            note: note(input.note.as_deref())?,
        };
        let pool = store::selection::moderate(&ApiState::of(ctx).store, viewer, m).await?;
        Ok(Selection::new(pool, SelectionAccess::Hr))
    }

    /// Breaks a tie at the last post: names the tied candidates who take the places left,
    /// with the reason. HR only; until the outcome is published.
    async fn record_tie_break(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The tie-break.")] input: RecordTieBreakInput,
    ) -> async_graphql::Result<Selection> {
        let viewer = viewer(ctx)?;
        rules::check_hr(viewer)?;
        let ring_fence_id = parse_id(&input.ring_fence_id, "input.ringFenceId")?;
        let chosen = ids(&input.employee_ids, "input.employeeIds")?;
        let reason = text::required_line(&input.reason, "input.reason", "the reason", NOTE_MAX)?;
        let pool = store::selection::record_tie_break(
            &ApiState::of(ctx).store,
            viewer,
            ring_fence_id,
            chosen,
            reason,
        )
        .await?;
        Ok(Selection::new(pool, SelectionAccess::Hr))
    }

    /// Publishes the outcome: each candidate then sees their own scores and rank. HR only;
    /// refused (`PRECONDITION_FAILED`, with what is missing) while a score or moderation is
    /// outstanding or a tie at the last post is unbroken.
    async fn publish_selection_outcome(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The pool.")] input: PublishSelectionOutcomeInput,
    ) -> async_graphql::Result<Selection> {
        let viewer = viewer(ctx)?;
        rules::check_hr(viewer)?;
        let ring_fence_id = parse_id(&input.ring_fence_id, "input.ringFenceId")?;
        let pool =
            store::selection::publish(&ApiState::of(ctx).store, viewer, ring_fence_id).await?;
        Ok(Selection::new(pool, SelectionAccess::Hr))
    }
}
