//! Selection in competitive pools: criteria, assessors, scores, moderation, tie-breaks and the
//! published outcome (`domain::individual::selection` decides; this gathers and writes).
//!
//! Every pool's matrix is read in a fixed number of statements whatever its size, and several
//! pools in the same number (`load_many`). Each mutation is one transaction, audited.

use super::{
    Store, audit,
    entities::{
        app_user, employee, post, proposal, ring_fence, selection_assessor, selection_criterion,
        selection_moderation, selection_score, selection_tie_break,
    },
};
use crate::domain::{
    DomainError,
    access::Viewer,
    account::Role,
    audit::{AuditAction, AuditActor},
    individual::selection::{
        self as rules, AssessorCandidate, Criterion, CriterionInput, Descriptor, Facts, Matrix,
        Moderation, Scale, Score,
    },
    ring_fence::RingFenceKind,
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

use super::corrupt;

/// A pool's assessor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssessorRecord {
    pub user_id: Uuid,
    pub name: String,
}

/// A candidate: a member of the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateRecord {
    pub employee_id: Uuid,
    pub name: String,
    pub employee_number: String,
    pub work_email: String,
}

/// One assessor's score, as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreRecord {
    pub id: Uuid,
    pub ring_fence_id: Uuid,
    pub employee_id: Uuid,
    pub criterion_id: Uuid,
    pub assessor_user_id: Uuid,
    pub score: i32,
    pub note: Option<String>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// HR's moderated score, as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModerationRecord {
    pub id: Uuid,
    pub ring_fence_id: Uuid,
    pub employee_id: Uuid,
    pub criterion_id: Uuid,
    pub score: i32,
    pub note: Option<String>,
    pub moderator_user_id: Uuid,
    pub version: i32,
    /// The assessors' scores it reconciled (kept in the audit log beside it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assessor_scores: Vec<i32>,
}

/// HR's tie-break: a tied candidate who takes one of the places left, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TieBreakRecord {
    pub employee_id: Uuid,
    pub reason: String,
}

/// Everything about one pool's selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSelection {
    pub ring_fence_id: Uuid,
    pub proposal_id: Uuid,
    pub name: String,
    pub kind: RingFenceKind,
    pub version: i32,
    pub scale: Scale,
    pub published_at: Option<DateTime<Utc>>,
    pub criteria: Vec<Criterion>,
    pub assessors: Vec<AssessorRecord>,
    pub candidates: Vec<CandidateRecord>,
    pub scores: Vec<ScoreRecord>,
    pub moderations: Vec<ModerationRecord>,
    pub tie_breaks: Vec<TieBreakRecord>,
    pub posts_to_fill: u32,
}

impl PoolSelection {
    pub fn assessor_ids(&self) -> Vec<Uuid> {
        self.assessors.iter().map(|a| a.user_id).collect()
    }

    pub fn published(&self) -> bool {
        self.published_at.is_some()
    }

    /// What the domain works the matrix from.
    pub fn facts(&self) -> Facts {
        Facts {
            criteria: self.criteria.clone(),
            assessors: self.assessor_ids(),
            candidates: self.candidates.iter().map(|c| c.employee_id).collect(),
            scores: self
                .scores
                .iter()
                .map(|s| Score {
                    employee_id: s.employee_id,
                    criterion_id: s.criterion_id,
                    assessor_id: s.assessor_user_id,
                    score: s.score.max(0) as u32,
                })
                .collect(),
            moderations: self
                .moderations
                .iter()
                .map(|m| Moderation {
                    employee_id: m.employee_id,
                    criterion_id: m.criterion_id,
                    score: m.score.max(0) as u32,
                })
                .collect(),
            tie_break: self.tie_breaks.iter().map(|t| t.employee_id).collect(),
            posts_to_fill: self.posts_to_fill,
        }
    }

    pub fn matrix(&self) -> Matrix {
        rules::evaluate(&self.facts())
    }

    pub fn candidate_name(&self, id: Uuid) -> String {
        self.candidates
            .iter()
            .find(|c| c.employee_id == id)
            .map_or_else(
                || id.to_string(),
                |c| format!("{} ({})", c.name, c.employee_number),
            )
    }

    pub fn criterion_name(&self, id: Uuid) -> String {
        self.criteria
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    }

    fn score_of(
        &self,
        employee_id: Uuid,
        criterion_id: Uuid,
        assessor: Uuid,
    ) -> Option<&ScoreRecord> {
        self.scores.iter().find(|s| {
            s.employee_id == employee_id
                && s.criterion_id == criterion_id
                && s.assessor_user_id == assessor
        })
    }
}

/// Loads the selections of `ids` (ring fences; unknown ids are left out) in a fixed number
/// of statements: the pools, their criteria, assessors and their accounts, scores,
/// moderations, tie-breaks, members and posts, one statement each.
pub async fn load_many(conn: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<Vec<PoolSelection>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let fences = ring_fence::Entity::find()
        .filter(ring_fence::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(ring_fence::Column::Id)
        .all(conn)
        .await?;
    if fences.is_empty() {
        return Ok(Vec::new());
    }
    let fence_ids: Vec<Uuid> = fences.iter().map(|f| f.id).collect();
    let criteria = selection_criterion::Entity::find()
        .filter(selection_criterion::Column::RingFenceId.is_in(fence_ids.clone()))
        .order_by_asc(selection_criterion::Column::Position)
        .all(conn)
        .await?;
    let assessors = selection_assessor::Entity::find()
        .filter(selection_assessor::Column::RingFenceId.is_in(fence_ids.clone()))
        .order_by_asc(selection_assessor::Column::Position)
        .all(conn)
        .await?;
    let user_ids: HashSet<Uuid> = assessors.iter().map(|a| a.user_id).collect();
    let users: HashMap<Uuid, app_user::Model> = if user_ids.is_empty() {
        HashMap::new()
    } else {
        app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(user_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect()
    };
    let scores = selection_score::Entity::find()
        .filter(selection_score::Column::RingFenceId.is_in(fence_ids.clone()))
        .all(conn)
        .await?;
    let moderations = selection_moderation::Entity::find()
        .filter(selection_moderation::Column::RingFenceId.is_in(fence_ids.clone()))
        .all(conn)
        .await?;
    let tie_breaks = selection_tie_break::Entity::find()
        .filter(selection_tie_break::Column::RingFenceId.is_in(fence_ids.clone()))
        .all(conn)
        .await?;

    let ids_of = |v: &serde_json::Value, id: Uuid| {
        serde_json::from_value::<Vec<Uuid>>(v.clone()).map_err(|_| corrupt("ring fence", id))
    };
    let mut members: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    let mut to_posts: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for f in &fences {
        members.insert(f.id, ids_of(&f.member_ids, f.id)?);
        to_posts.insert(f.id, ids_of(&f.to_post_ids, f.id)?);
    }
    // Members and posts are joined in SQL to the pools, so the statement does not grow with
    // the number of people.
    let proposal_ids: HashSet<Uuid> = fences.iter().map(|f| f.proposal_id).collect();
    let all_members: HashSet<Uuid> = members.values().flatten().copied().collect();
    let employees: HashMap<Uuid, employee::Model> = employee::Entity::find()
        .filter(employee::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .filter(|e| all_members.contains(&e.id))
        .map(|e| (e.id, e))
        .collect();
    let posts: HashMap<Uuid, post::Model> = post::Entity::find()
        .filter(post::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();

    let mut out = Vec::with_capacity(fences.len());
    for f in fences {
        let kind = RingFenceKind::parse(&f.kind).ok_or_else(|| corrupt("ring fence", f.id))?;
        let descriptors: Vec<Descriptor> =
            serde_json::from_value(f.selection_scale_descriptors.clone())
                .map_err(|_| corrupt("ring fence", f.id))?;
        // `domain::ring_fence::posts_to_fill`: the proposed headcount of its new posts.
        let posts_to_fill = to_posts[&f.id]
            .iter()
            .filter_map(|p| posts.get(p))
            .filter_map(|p| p.proposed_headcount)
            .map(|h| h.max(0) as u32)
            .sum();
        let candidates = members[&f.id]
            .iter()
            .filter_map(|id| employees.get(id))
            .map(|e| CandidateRecord {
                employee_id: e.id,
                name: e.name.clone(),
                employee_number: e.employee_number.clone(),
                work_email: e.work_email.clone(),
            })
            .collect();
        out.push(PoolSelection {
            ring_fence_id: f.id,
            proposal_id: f.proposal_id,
            name: f.name.clone(),
            kind,
            version: f.version,
            scale: Scale {
                max: f.selection_scale_max.max(1) as u32,
                descriptors,
            },
            published_at: f.selection_published_at,
            criteria: criteria
                .iter()
                .filter(|c| c.ring_fence_id == f.id)
                .map(|c| Criterion {
                    id: c.id,
                    name: c.name.clone(),
                    description: c.description.clone(),
                    weight: c.weight.max(0) as u32,
                })
                .collect(),
            assessors: assessors
                .iter()
                .filter(|a| a.ring_fence_id == f.id)
                .map(|a| AssessorRecord {
                    user_id: a.user_id,
                    name: users
                        .get(&a.user_id)
                        .map_or_else(String::new, |u| u.name.clone()),
                })
                .collect(),
            candidates,
            scores: scores
                .iter()
                .filter(|s| s.ring_fence_id == f.id)
                .map(|s| ScoreRecord {
                    id: s.id,
                    ring_fence_id: s.ring_fence_id,
                    employee_id: s.employee_id,
                    criterion_id: s.criterion_id,
                    assessor_user_id: s.assessor_user_id,
                    score: s.score,
                    note: s.note.clone(),
                    version: s.version,
                    updated_at: s.updated_at,
                })
                .collect(),
            moderations: moderations
                .iter()
                .filter(|m| m.ring_fence_id == f.id)
                .map(|m| ModerationRecord {
                    id: m.id,
                    ring_fence_id: m.ring_fence_id,
                    employee_id: m.employee_id,
                    criterion_id: m.criterion_id,
                    score: m.score,
                    note: m.note.clone(),
                    moderator_user_id: m.moderator_user_id,
                    version: m.version,
                    assessor_scores: Vec::new(),
                })
                .collect(),
            tie_breaks: tie_breaks
                .iter()
                .filter(|t| t.ring_fence_id == f.id)
                .map(|t| TieBreakRecord {
                    employee_id: t.employee_id,
                    reason: t.reason.clone(),
                })
                .collect(),
            posts_to_fill,
        });
    }
    Ok(out)
}

/// The selections of every pool of a proposal.
pub async fn load_for_proposal(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Vec<PoolSelection>> {
    let ids: Vec<Uuid> = ring_fence::Entity::find()
        .select_only()
        .column(ring_fence::Column::Id)
        .filter(ring_fence::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(conn)
        .await?;
    load_many(conn, &ids).await
}

/// One pool's selection, or `NOT_FOUND` at `field`.
pub async fn load(conn: &impl ConnectionTrait, id: Uuid, field: &str) -> AppResult<PoolSelection> {
    load_many(conn, &[id])
        .await?
        .pop()
        .ok_or_else(|| DomainError::unknown_id(field, "a ring fence").into())
}

/// Locks the pool's row until commit (PostgreSQL; SQLite's write transaction is already
/// exclusive) and loads it: two changes to one pool never interleave.
async fn load_for_change(
    txn: &impl ConnectionTrait,
    id: Uuid,
    field: &str,
) -> AppResult<PoolSelection> {
    ring_fence::Entity::find_by_id(id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| DomainError::unknown_id(field, "a ring fence"))?;
    load(txn, id, field).await
}

/// What the audit log keeps of a pool's set-up.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SetupAudit<'a> {
    scale_max: u32,
    scale_descriptors: &'a [Descriptor],
    criteria: Vec<CriterionAudit<'a>>,
    assessors: &'a [AssessorRecord],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CriterionAudit<'a> {
    name: &'a str,
    description: Option<&'a str>,
    weight: u32,
}

fn setup_audit(pool: &PoolSelection) -> SetupAudit<'_> {
    SetupAudit {
        scale_max: pool.scale.max,
        scale_descriptors: &pool.scale.descriptors,
        criteria: pool
            .criteria
            .iter()
            .map(|c| CriterionAudit {
                name: &c.name,
                description: c.description.as_deref(),
                weight: c.weight,
            })
            .collect(),
        assessors: &pool.assessors,
    }
}

fn check_ring_fence_kind(pool: &PoolSelection) -> Result<(), DomainError> {
    if pool.kind == RingFenceKind::ResourcePool {
        return Err(DomainError::PreconditionFailed {
            message: "A resource pool gives priority for redeployment; it runs no competitive selection. Score candidates in a ring fence.".into(),
            missing: vec![],
        });
    }
    Ok(())
}

/// Sets a pool's criteria and (when given) its scale. HR only; until scoring begins.
pub async fn set_criteria(
    store: &Store,
    viewer: &Viewer,
    ring_fence_id: Uuid,
    expected_version: i32,
    criteria: Vec<CriterionInput>,
    scale: Option<Scale>,
) -> AppResult<PoolSelection> {
    rules::check_hr(viewer)?;
    let txn = store.begin_write().await?;
    let before = load_for_change(&txn, ring_fence_id, "input.ringFenceId").await?;
    DomainError::check_version("this ring fence", Some(expected_version), before.version)?;
    check_ring_fence_kind(&before)?;
    rules::check_selection_needed(before.posts_to_fill, before.candidates.len())?;
    rules::check_setup_changeable(!before.scores.is_empty(), before.published())?;
    let criteria = rules::check_criteria(&criteria)?;
    let scale = scale.unwrap_or_else(|| before.scale.clone());
    selection_criterion::Entity::delete_many()
        .filter(selection_criterion::Column::RingFenceId.eq(ring_fence_id))
        .exec(&txn)
        .await?;
    selection_criterion::Entity::insert_many(criteria.iter().enumerate().map(|(i, c)| {
        selection_criterion::ActiveModel {
            id: Set(Uuid::now_v7()),
            ring_fence_id: Set(ring_fence_id),
            name: Set(c.name.clone()),
            description: Set(c.description.clone()),
            weight: Set(c.weight),
            position: Set(i as i32),
        }
    }))
    .exec(&txn)
    .await?;
    ring_fence::Entity::update(ring_fence::ActiveModel {
        id: Set(ring_fence_id),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        selection_scale_max: Set(scale.max as i32),
        selection_scale_descriptors: Set(
            serde_json::to_value(&scale.descriptors).map_err(|e| AppError::Internal(e.into()))?
        ),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let after = load(&txn, ring_fence_id, "input.ringFenceId").await?;
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::SelectionCriteriaSet,
        ring_fence_id,
        Some(&setup_audit(&before)),
        Some(&setup_audit(&after)),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Names a pool's two assessors. HR only; until scoring begins.
pub async fn set_assessors(
    store: &Store,
    viewer: &Viewer,
    ring_fence_id: Uuid,
    user_ids: Vec<Uuid>,
) -> AppResult<PoolSelection> {
    rules::check_hr(viewer)?;
    let txn = store.begin_write().await?;
    let before = load_for_change(&txn, ring_fence_id, "input.ringFenceId").await?;
    check_ring_fence_kind(&before)?;
    rules::check_setup_changeable(!before.scores.is_empty(), before.published())?;
    let candidate_emails: HashSet<String> = before
        .candidates
        .iter()
        .map(|c| c.work_email.to_lowercase())
        .collect();
    let found: HashMap<Uuid, AssessorCandidate> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(user_ids.iter().copied()))
        .all(&txn)
        .await?
        .into_iter()
        .filter_map(|u| {
            Some((
                u.id,
                AssessorCandidate {
                    user_id: u.id,
                    role: Role::parse(&u.role)?,
                    disabled: u.disabled_at.is_some(),
                    is_candidate: candidate_emails.contains(&u.email.to_lowercase()),
                    name: u.name,
                },
            ))
        })
        .collect();
    rules::check_assessors(&user_ids, &found)?;
    selection_assessor::Entity::delete_many()
        .filter(selection_assessor::Column::RingFenceId.eq(ring_fence_id))
        .exec(&txn)
        .await?;
    selection_assessor::Entity::insert_many(user_ids.iter().enumerate().map(|(i, id)| {
        selection_assessor::ActiveModel {
            id: Set(Uuid::now_v7()),
            ring_fence_id: Set(ring_fence_id),
            user_id: Set(*id),
            position: Set(i as i32),
        }
    }))
    .exec(&txn)
    .await?;
    let after = load(&txn, ring_fence_id, "input.ringFenceId").await?;
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::SelectionAssessorsSet,
        ring_fence_id,
        Some(&setup_audit(&before)),
        Some(&setup_audit(&after)),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// A candidate and criterion of the pool, or `NOT_FOUND` at their fields.
fn check_cell(
    pool: &PoolSelection,
    employee_id: Uuid,
    criterion_id: Uuid,
) -> Result<(), DomainError> {
    if !pool.candidates.iter().any(|c| c.employee_id == employee_id) {
        return Err(DomainError::unknown_id(
            "input.employeeId",
            "a candidate in this pool",
        ));
    }
    if !pool.criteria.iter().any(|c| c.id == criterion_id) {
        return Err(DomainError::unknown_id(
            "input.criterionId",
            "a criterion of this pool",
        ));
    }
    Ok(())
}

/// One assessor's score on one candidate and criterion.
#[derive(Debug, Clone)]
pub struct ScoreChange {
    pub ring_fence_id: Uuid,
    pub employee_id: Uuid,
    pub criterion_id: Uuid,
    pub score: i32,
    pub note: Option<String>,
    /// The version of the score being changed, when the assessor changes one.
    pub expected_version: Option<i32>,
}

/// Records (or changes) the signed-in assessor's own score. Audited with before and after.
pub async fn record_score(
    store: &Store,
    viewer: &Viewer,
    change: ScoreChange,
) -> AppResult<(PoolSelection, ScoreRecord)> {
    let txn = store.begin_write().await?;
    let pool = load_for_change(&txn, change.ring_fence_id, "input.ringFenceId").await?;
    rules::check_may_score(viewer, &pool.assessor_ids(), pool.published())?;
    check_cell(&pool, change.employee_id, change.criterion_id)?;
    let score = rules::check_score(&pool.scale, change.score, "input.score")? as i32;
    let before = pool
        .score_of(change.employee_id, change.criterion_id, viewer.user_id)
        .cloned();
    let now = Utc::now();
    let after = match &before {
        Some(b) => {
            DomainError::check_version("this score", change.expected_version, b.version)?;
            let row = selection_score::Entity::update(selection_score::ActiveModel {
                id: Set(b.id),
                score: Set(score),
                note: Set(change.note.clone()),
                updated_at: Set(now),
                version: Set(b.version + 1),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
            score_record(row)
        }
        None => {
            let row = selection_score::Entity::insert(selection_score::ActiveModel {
                id: Set(Uuid::now_v7()),
                ring_fence_id: Set(change.ring_fence_id),
                employee_id: Set(change.employee_id),
                criterion_id: Set(change.criterion_id),
                assessor_user_id: Set(viewer.user_id),
                score: Set(score),
                note: Set(change.note.clone()),
                updated_at: Set(now),
                version: Set(1),
            })
            .exec_with_returning(&txn)
            .await?;
            score_record(row)
        }
    };
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::SelectionScoreRecorded,
        change.ring_fence_id,
        before.as_ref(),
        Some(&after),
    )
    .await?;
    let pool = load(&txn, change.ring_fence_id, "input.ringFenceId").await?;
    txn.commit().await?;
    Ok((pool, after))
}

fn score_record(s: selection_score::Model) -> ScoreRecord {
    ScoreRecord {
        id: s.id,
        ring_fence_id: s.ring_fence_id,
        employee_id: s.employee_id,
        criterion_id: s.criterion_id,
        assessor_user_id: s.assessor_user_id,
        score: s.score,
        note: s.note,
        version: s.version,
        updated_at: s.updated_at,
    }
}

/// HR's moderated score on one candidate and criterion.
#[derive(Debug, Clone)]
pub struct Moderate {
    pub ring_fence_id: Uuid,
    pub employee_id: Uuid,
    pub criterion_id: Uuid,
    pub score: i32,
    pub note: Option<String>,
}

/// Records HR's moderated score. Audited with before and after, and the assessors' scores.
pub async fn moderate(store: &Store, viewer: &Viewer, m: Moderate) -> AppResult<PoolSelection> {
    rules::check_hr(viewer)?;
    let txn = store.begin_write().await?;
    let pool = load_for_change(&txn, m.ring_fence_id, "input.ringFenceId").await?;
    rules::check_not_published(pool.published())?;
    check_cell(&pool, m.employee_id, m.criterion_id)?;
    let score = rules::check_score(&pool.scale, m.score, "input.score")?;
    let given: Vec<u32> = pool
        .assessor_ids()
        .iter()
        .filter_map(|a| pool.score_of(m.employee_id, m.criterion_id, *a))
        .map(|s| s.score.max(0) as u32)
        .collect();
    rules::check_moderation(&given, score, m.note.as_deref())?;
    let before = pool
        .moderations
        .iter()
        .find(|x| x.employee_id == m.employee_id && x.criterion_id == m.criterion_id)
        .cloned();
    let now = Utc::now();
    let row = match &before {
        Some(b) => {
            selection_moderation::Entity::update(selection_moderation::ActiveModel {
                id: Set(b.id),
                score: Set(score as i32),
                note: Set(m.note.clone()),
                moderator_user_id: Set(viewer.user_id),
                updated_at: Set(now),
                version: Set(b.version + 1),
                ..Default::default()
            })
            .exec(&txn)
            .await?
        }
        None => {
            selection_moderation::Entity::insert(selection_moderation::ActiveModel {
                id: Set(Uuid::now_v7()),
                ring_fence_id: Set(m.ring_fence_id),
                employee_id: Set(m.employee_id),
                criterion_id: Set(m.criterion_id),
                score: Set(score as i32),
                note: Set(m.note.clone()),
                moderator_user_id: Set(viewer.user_id),
                updated_at: Set(now),
                version: Set(1),
            })
            .exec_with_returning(&txn)
            .await?
        }
    };
    let after = ModerationRecord {
        id: row.id,
        ring_fence_id: row.ring_fence_id,
        employee_id: row.employee_id,
        criterion_id: row.criterion_id,
        score: row.score,
        note: row.note,
        moderator_user_id: row.moderator_user_id,
        version: row.version,
        assessor_scores: given.iter().map(|s| *s as i32).collect(),
    };
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::SelectionScoreModerated,
        m.ring_fence_id,
        before.as_ref(),
        Some(&after),
    )
    .await?;
    let pool = load(&txn, m.ring_fence_id, "input.ringFenceId").await?;
    txn.commit().await?;
    Ok(pool)
}

/// Records HR's tie-break at the last post: the tied candidates who take the places left,
/// with the reason. Replaces an earlier one.
pub async fn record_tie_break(
    store: &Store,
    viewer: &Viewer,
    ring_fence_id: Uuid,
    employee_ids: Vec<Uuid>,
    reason: String,
) -> AppResult<PoolSelection> {
    rules::check_hr(viewer)?;
    let txn = store.begin_write().await?;
    let pool = load_for_change(&txn, ring_fence_id, "input.ringFenceId").await?;
    rules::check_not_published(pool.published())?;
    rules::check_tie_break(&pool.matrix(), &employee_ids)?;
    selection_tie_break::Entity::delete_many()
        .filter(selection_tie_break::Column::RingFenceId.eq(ring_fence_id))
        .exec(&txn)
        .await?;
    let now = Utc::now();
    selection_tie_break::Entity::insert_many(employee_ids.iter().map(|id| {
        selection_tie_break::ActiveModel {
            id: Set(Uuid::now_v7()),
            ring_fence_id: Set(ring_fence_id),
            employee_id: Set(*id),
            reason: Set(reason.clone()),
            decided_by: Set(viewer.user_id),
            decided_at: Set(now),
        }
    }))
    .exec(&txn)
    .await?;
    let after = load(&txn, ring_fence_id, "input.ringFenceId").await?;
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::SelectionTieBroken,
        ring_fence_id,
        Some(&pool.tie_breaks),
        Some(&after.tie_breaks),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// What the audit log keeps of a published outcome: each candidate's total, rank and result.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutcomeAudit {
    employee_id: Uuid,
    total: Option<u32>,
    rank: Option<u32>,
    selected: Option<bool>,
}

/// Publishes the outcome: each candidate then sees their own scores and rank. HR only;
/// refused while any score or moderation is outstanding or a tie at the last post is open.
pub async fn publish(
    store: &Store,
    viewer: &Viewer,
    ring_fence_id: Uuid,
) -> AppResult<PoolSelection> {
    rules::check_hr(viewer)?;
    let txn = store.begin_write().await?;
    let pool = load_for_change(&txn, ring_fence_id, "input.ringFenceId").await?;
    rules::check_not_published(pool.published())?;
    let matrix = pool.matrix();
    rules::check_publishable(
        &pool.facts(),
        &matrix,
        |id| pool.candidate_name(id),
        |id| pool.criterion_name(id),
    )?;
    let now = Utc::now();
    ring_fence::Entity::update(ring_fence::ActiveModel {
        id: Set(ring_fence_id),
        selection_published_at: Set(Some(now)),
        selection_published_by: Set(Some(viewer.user_id)),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let outcome: Vec<OutcomeAudit> = matrix
        .rows
        .iter()
        .map(|r| OutcomeAudit {
            employee_id: r.employee_id,
            total: r.total,
            rank: r.rank,
            selected: r.selected,
        })
        .collect();
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::SelectionOutcomePublished,
        ring_fence_id,
        None::<&()>,
        Some(&outcome),
    )
    .await?;
    let after = load(&txn, ring_fence_id, "input.ringFenceId").await?;
    txn.commit().await?;
    Ok(after)
}

/// One pool a user assesses, with the proposal's title.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub pool: PoolSelection,
    pub proposal_title: String,
}

/// The pools `user_id` assesses, in a fixed number of statements.
pub async fn assessments_of(store: &Store, user_id: Uuid) -> AppResult<Vec<Assessment>> {
    let conn = store.conn();
    let ids: Vec<Uuid> = selection_assessor::Entity::find()
        .select_only()
        .column(selection_assessor::Column::RingFenceId)
        .filter(selection_assessor::Column::UserId.eq(user_id))
        .into_tuple()
        .all(conn)
        .await?;
    let pools = load_many(conn, &ids).await?;
    let proposal_ids: HashSet<Uuid> = pools.iter().map(|p| p.proposal_id).collect();
    let titles: HashMap<Uuid, String> = if proposal_ids.is_empty() {
        HashMap::new()
    } else {
        proposal::Entity::find()
            .filter(proposal::Column::Id.is_in(proposal_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| (p.id, p.title))
            .collect()
    };
    Ok(pools
        .into_iter()
        .map(|pool| Assessment {
            proposal_title: titles.get(&pool.proposal_id).cloned().unwrap_or_default(),
            pool,
        })
        .collect())
}

/// The published pools in which the person signed in as `email` is a candidate, each with
/// their employee id in it.
pub async fn published_for(store: &Store, email: &str) -> AppResult<Vec<(PoolSelection, Uuid)>> {
    let conn = store.conn();
    let mine: Vec<(Uuid, Uuid)> = employee::Entity::find()
        .select_only()
        .column(employee::Column::Id)
        .column(employee::Column::ProposalId)
        .filter(employee::Column::WorkEmail.eq(email))
        .into_tuple()
        .all(conn)
        .await?;
    if mine.is_empty() {
        return Ok(Vec::new());
    }
    let fences: Vec<(Uuid, serde_json::Value)> = ring_fence::Entity::find()
        .select_only()
        .column(ring_fence::Column::Id)
        .column(ring_fence::Column::MemberIds)
        .filter(ring_fence::Column::ProposalId.is_in(mine.iter().map(|m| m.1)))
        .filter(ring_fence::Column::SelectionPublishedAt.is_not_null())
        .into_tuple()
        .all(conn)
        .await?;
    let mut wanted: HashMap<Uuid, Uuid> = HashMap::new();
    for (id, members) in fences {
        let members: Vec<Uuid> =
            serde_json::from_value(members).map_err(|_| corrupt("ring fence", id))?;
        if let Some((employee_id, _)) = mine.iter().find(|(e, _)| members.contains(e)) {
            wanted.insert(id, *employee_id);
        }
    }
    let ids: Vec<Uuid> = wanted.keys().copied().collect();
    Ok(load_many(conn, &ids)
        .await?
        .into_iter()
        .filter(|p| rules::candidate_sees_own(p.published()))
        .filter_map(|p| wanted.get(&p.ring_fence_id).map(|e| (p.clone(), *e)))
        .collect())
}
