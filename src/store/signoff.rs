//! Sign-off: a proposal's checklist steps and approvals.

use super::{
    Store, audit,
    entities::{approval, checklist_step, checklist_template, proposal},
    proposals,
};
use crate::domain::notify::PlanScope;
use crate::domain::{
    DomainError,
    access::Viewer,
    account::Role,
    audit::{AuditAction, AuditActor},
    proposal::ProposalStatus,
    signoff::{
        self, Anchor, ApprovalState, ApprovalTemplate, Assignee, ChecklistTemplate,
        ContentVersions, Decision, StepTemplate,
    },
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

/// A step of a proposal's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub position: i32,
    pub title: String,
    pub description: String,
    pub planned_date: Option<NaiveDate>,
    #[serde(skip)]
    pub assignee_role: Option<Role>,
    pub assignee_id: Option<Uuid>,
    pub completed_at: Option<DateTime<Utc>>,
    pub completed_by: Option<Uuid>,
    pub completion_note: Option<String>,
    pub version: i32,
    /// Why it was completed before the consultation closed, when it is planned after.
    pub early_completion_reason: Option<String>,
}

fn step_from_row(row: checklist_step::Model) -> StepRecord {
    StepRecord {
        id: row.id,
        proposal_id: row.proposal_id,
        position: row.position,
        title: row.title,
        description: row.description,
        planned_date: row.planned_date,
        assignee_role: row.assignee_role.as_deref().and_then(Role::parse),
        assignee_id: row.assignee_id,
        completed_at: row.completed_at,
        completed_by: row.completed_by,
        completion_note: row.completion_note,
        version: row.version,
        early_completion_reason: row.early_completion_reason,
    }
}

/// An approval a proposal needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub position: i32,
    pub approver_title: String,
    pub approver_id: Option<Uuid>,
    #[serde(skip)]
    pub decision: Option<Decision>,
    pub comment: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The proposal's content it was decided on.
    pub decided_on_versions: Option<ContentVersions>,
    /// HR's reason to open consultation without this approval being given again.
    pub proceed_reason: Option<String>,
    pub proceed_by: Option<Uuid>,
    pub proceed_at: Option<DateTime<Utc>>,
    /// The content HR's reason was given on.
    pub proceed_on_versions: Option<ContentVersions>,
}

impl ApprovalRecord {
    /// What `domain::signoff` judges staleness on.
    pub fn state(&self) -> ApprovalState {
        ApprovalState {
            decision: self.decision,
            decided_on: self.decided_on_versions,
            proceed_on: self.proceed_on_versions,
        }
    }
}

fn versions_from(value: Option<serde_json::Value>) -> Option<ContentVersions> {
    // Unreadable versions count as unknown: the approval is then never judged stale.
    value.and_then(|v| serde_json::from_value(v).ok())
}

fn versions_json(versions: &ContentVersions) -> AppResult<serde_json::Value> {
    serde_json::to_value(versions).map_err(|e| AppError::Internal(e.into()))
}

fn approval_from_row(row: approval::Model) -> ApprovalRecord {
    ApprovalRecord {
        decided_on_versions: versions_from(row.decided_on_versions),
        proceed_on_versions: versions_from(row.proceed_on_versions),
        proceed_reason: row.proceed_reason,
        proceed_by: row.proceed_by,
        proceed_at: row.proceed_at,
        decision: row.decision.as_deref().and_then(Decision::parse),
        id: row.id,
        proposal_id: row.proposal_id,
        position: row.position,
        approver_title: row.approver_title,
        approver_id: row.approver_id,
        comment: row.comment,
        decided_by: row.decided_by,
        decided_at: row.decided_at,
    }
}

/// The checklist steps of these proposals, in order.
pub async fn steps(
    conn: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
) -> AppResult<Vec<StepRecord>> {
    Ok(checklist_step::Entity::find()
        .filter(checklist_step::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .order_by_asc(checklist_step::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(step_from_row)
        .collect())
}

/// The approvals of these proposals, in order.
pub async fn approvals(
    conn: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
) -> AppResult<Vec<ApprovalRecord>> {
    Ok(approval::Entity::find()
        .filter(approval::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .order_by_asc(approval::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(approval_from_row)
        .collect())
}

fn editable_until_approval(status: ProposalStatus) -> AppResult<()> {
    Ok(signoff::check_checklist_editable(status)?)
}

/// Replaces the proposal's checklist with `template`, planned from its consultation period.
pub async fn apply_template(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    template: &ChecklistTemplate,
    period: (Option<NaiveDate>, Option<NaiveDate>),
) -> AppResult<(Vec<StepRecord>, Vec<ApprovalRecord>)> {
    let txn = store.begin_write().await?;
    let record = proposals::load_for_change(&txn, proposal_id, None).await?;
    editable_until_approval(record.status)?;
    checklist_step::Entity::delete_many()
        .filter(checklist_step::Column::ProposalId.eq(proposal_id))
        .exec(&txn)
        .await?;
    approval::Entity::delete_many()
        .filter(approval::Column::ProposalId.eq(proposal_id))
        .exec(&txn)
        .await?;
    let steps: Vec<checklist_step::ActiveModel> = template
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| checklist_step::ActiveModel {
            id: Set(Uuid::now_v7()),
            proposal_id: Set(proposal_id),
            position: Set(i as i32 + 1),
            title: Set(s.title.to_owned()),
            description: Set(s.description.to_owned()),
            planned_date: Set(signoff::planned_date(s, period.0, period.1)),
            // The sponsor does the manager's steps of their own proposal.
            assignee_role: Set(match s.assignee {
                Assignee::Role(role) => Some(role.as_str().to_owned()),
                Assignee::User(_) => None,
            }),
            assignee_id: Set(match s.assignee {
                Assignee::User(user) => Some(user),
                Assignee::Role(Role::Manager) => record.content.sponsor_id,
                Assignee::Role(_) => None,
            }),
            completed_at: Set(None),
            completed_by: Set(None),
            completion_note: Set(None),
            version: Set(1),
            early_completion_reason: Set(None),
        })
        .collect();
    checklist_step::Entity::insert_many(steps)
        .exec(&txn)
        .await?;
    let approvals_rows: Vec<approval::ActiveModel> = template
        .approvals
        .iter()
        .enumerate()
        .map(|(i, a)| approval::ActiveModel {
            id: Set(Uuid::now_v7()),
            proposal_id: Set(proposal_id),
            position: Set(i as i32 + 1),
            approver_title: Set(a.approver_title.clone()),
            approver_id: Set(a.approver_id),
            decision: Set(None),
            comment: Set(None),
            decided_by: Set(None),
            decided_at: Set(None),
            ..Default::default()
        })
        .collect();
    approval::Entity::insert_many(approvals_rows)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::ChecklistApplied,
        proposal_id,
        None::<&()>,
        Some(&serde_json::json!({ "template": template.name })),
    )
    .await?;
    let result = (
        steps_in(&txn, proposal_id).await?,
        approvals(&txn, &[proposal_id]).await?,
    );
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(result)
}

async fn steps_in(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<Vec<StepRecord>> {
    steps(conn, &[proposal_id]).await
}

/// Adds a step at the end of the checklist.
pub async fn add_step(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    title: String,
    description: String,
    planned_date: Option<NaiveDate>,
    assignee_id: Option<Uuid>,
) -> AppResult<StepRecord> {
    let txn = store.begin_write().await?;
    let record = proposals::load_for_change(&txn, proposal_id, None).await?;
    editable_until_approval(record.status)?;
    check_user(&txn, assignee_id, "input.assigneeId").await?;
    let step = insert_step(
        &txn,
        actor,
        proposal_id,
        title,
        description,
        planned_date,
        assignee_id,
    )
    .await?;
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(step)
}

/// Adds a step at the end of the checklist inside the caller's transaction, audited; the
/// caller checks the assignee and re-plans the outbox. An action agreed at a consultation
/// meeting comes in here too, whatever the proposal's stage.
pub(crate) async fn insert_step(
    conn: &impl ConnectionTrait,
    actor: &AuditActor,
    proposal_id: Uuid,
    title: String,
    description: String,
    planned_date: Option<NaiveDate>,
    assignee_id: Option<Uuid>,
) -> AppResult<StepRecord> {
    let position = checklist_step::Entity::find()
        .filter(checklist_step::Column::ProposalId.eq(proposal_id))
        .count(conn)
        .await? as i32
        + 1;
    let row = checklist_step::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(proposal_id),
        position: Set(position),
        title: Set(title),
        description: Set(description),
        planned_date: Set(planned_date),
        assignee_role: Set(None),
        assignee_id: Set(assignee_id),
        completed_at: Set(None),
        completed_by: Set(None),
        completion_note: Set(None),
        version: Set(1),
        early_completion_reason: Set(None),
    };
    let step = step_from_row(
        checklist_step::Entity::insert(row)
            .exec_with_returning(conn)
            .await?,
    );
    audit::record(
        conn,
        actor,
        AuditAction::ChecklistStepAdded,
        proposal_id,
        None::<&()>,
        Some(&step),
    )
    .await?;
    Ok(step)
}

async fn check_user(conn: &impl ConnectionTrait, id: Option<Uuid>, field: &str) -> AppResult<()> {
    if let Some(id) = id
        && super::entities::app_user::Entity::find_by_id(id)
            .one(conn)
            .await?
            .is_none()
    {
        return Err(DomainError::unknown_id(field, "a user (an account)").into());
    }
    Ok(())
}

async fn load_step(conn: &impl ConnectionTrait, id: Uuid) -> AppResult<StepRecord> {
    checklist_step::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(step_from_row)
        .ok_or_else(|| {
            DomainError::NotFound("There is no checklist step with that id.".into()).into()
        })
}

async fn renumber(conn: &impl ConnectionTrait, ordered: &[StepRecord]) -> AppResult<()> {
    for (i, step) in ordered.iter().enumerate() {
        if step.position != i as i32 + 1 {
            checklist_step::Entity::update(checklist_step::ActiveModel {
                id: Set(step.id),
                position: Set(i as i32 + 1),
                ..Default::default()
            })
            .exec(conn)
            .await?;
        }
    }
    Ok(())
}

/// Removes a step, or moves it to `to_position` (1-based), until approval.
pub async fn remove_or_move_step(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    to_position: Option<i32>,
) -> AppResult<Vec<StepRecord>> {
    let txn = store.begin_write().await?;
    let step = load_step(&txn, id).await?;
    let record = proposals::load_for_change(&txn, step.proposal_id, None).await?;
    editable_until_approval(record.status)?;
    let mut ordered = steps_in(&txn, step.proposal_id).await?;
    let index = ordered
        .iter()
        .position(|s| s.id == id)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("step {id} vanished")))?;
    let moved = ordered.remove(index);
    match to_position {
        Some(to) => {
            if to < 1 || to as usize > ordered.len() + 1 {
                return Err(DomainError::bad_input(
                    "input.position",
                    format!("The position must be between 1 and {}.", ordered.len() + 1),
                )
                .into());
            }
            ordered.insert(to as usize - 1, moved.clone());
            audit::record(
                &txn,
                actor,
                AuditAction::ChecklistStepMoved,
                step.proposal_id,
                Some(&step),
                Some(&serde_json::json!({ "position": to })),
            )
            .await?;
        }
        None => {
            checklist_step::Entity::delete_by_id(id).exec(&txn).await?;
            audit::record(
                &txn,
                actor,
                AuditAction::ChecklistStepRemoved,
                step.proposal_id,
                Some(&step),
                None::<&()>,
            )
            .await?;
        }
    }
    renumber(&txn, &ordered).await?;
    let result = steps_in(&txn, step.proposal_id).await?;
    super::commit_proposal_change(txn, step.proposal_id, PlanScope::Whole).await?;
    Ok(result)
}

/// Whether `viewer` may complete `step`: HR, or its assignee (by name, or by role when it
/// names nobody).
fn may_complete(viewer: &Viewer, step: &StepRecord) -> bool {
    viewer.role == Role::HrAdmin
        || step.assignee_id == Some(viewer.user_id)
        || (step.assignee_id.is_none() && step.assignee_role == Some(viewer.role))
}

/// Marks a step complete; with `occurred_on`, HR records a step done on that (past) day. A
/// step planned after the consultation closes needs `reason` while it is open
/// (`signoff::check_step_completion`).
pub async fn complete_step(
    store: &Store,
    viewer: &Viewer,
    id: Uuid,
    note: Option<String>,
    occurred_on: Option<NaiveDate>,
    reason: Option<String>,
) -> AppResult<StepRecord> {
    signoff::check_completion_backdating(viewer.role, occurred_on)?;
    let occurred_on = crate::domain::proposal::check_occurred_on(
        occurred_on,
        super::s188::today(),
        "input.occurredOn",
    )?;
    let txn = store.begin_write().await?;
    let before = load_step(&txn, id).await?;
    if !may_complete(viewer, &before) {
        return Err(DomainError::Forbidden(
            "Only the step's assignee or HR can complete it.".into(),
        )
        .into());
    }
    if before.completed_at.is_some() {
        return Err(DomainError::Conflict("That step is already complete.".into()).into());
    }
    let status = proposals::load_for_change(&txn, before.proposal_id, None)
        .await?
        .status;
    let end = super::timetable::timetables(&txn, &[before.proposal_id])
        .await?
        .remove(0)
        .consultation_end;
    let early_reason = signoff::check_step_completion(
        &before.title,
        before.planned_date,
        end,
        status,
        reason.as_deref(),
    )?;
    let after = step_from_row(
        checklist_step::Entity::update(checklist_step::ActiveModel {
            id: Set(id),
            completed_at: Set(Some(
                occurred_on.map_or_else(Utc::now, crate::domain::proposal::start_of_day),
            )),
            completed_by: Set(Some(viewer.user_id)),
            completion_note: Set(note),
            early_completion_reason: Set(early_reason),
            version: Set(before.version + 1),
            ..Default::default()
        })
        .exec(&txn)
        .await?,
    );
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::ChecklistStepCompleted,
        before.proposal_id,
        Some(&before),
        Some(&proposals::backdated(&after, occurred_on)?),
    )
    .await?;
    super::commit_proposal_change(txn, before.proposal_id, PlanScope::Whole).await?;
    Ok(after)
}

/// Names the user who signs an approval.
pub async fn assign_approver(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    user_id: Uuid,
) -> AppResult<ApprovalRecord> {
    let txn = store.begin_write().await?;
    let before = approval::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .map(approval_from_row)
        .ok_or_else(|| DomainError::NotFound("There is no approval with that id.".into()))?;
    check_user(&txn, Some(user_id), "input.userId").await?;
    let after = approval_from_row(
        approval::Entity::update(approval::ActiveModel {
            id: Set(id),
            approver_id: Set(Some(user_id)),
            ..Default::default()
        })
        .exec(&txn)
        .await?,
    );
    audit::record(
        &txn,
        actor,
        AuditAction::ApproverAssigned,
        before.proposal_id,
        Some(&before),
        Some(&after),
    )
    .await?;
    super::commit_proposal_change(txn, before.proposal_id, PlanScope::Whole).await?;
    Ok(after)
}

/// Records an approver's decision. A rejection sends the proposal back to DRAFT.
pub async fn decide(
    store: &Store,
    viewer: &Viewer,
    id: Uuid,
    decision: Decision,
    comment: Option<String>,
) -> AppResult<ApprovalRecord> {
    let txn = store.begin_write().await?;
    let before = approval::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .map(approval_from_row)
        .ok_or_else(|| DomainError::NotFound("There is no approval with that id.".into()))?;
    let record = proposals::load_for_change(&txn, before.proposal_id, None).await?;
    let transition = signoff::decide_approval(
        before.approver_id,
        viewer,
        record.status,
        decision,
        before.state().needs_reapproval(&record.content_versions),
    )?;
    let after = approval_from_row(
        approval::Entity::update(approval::ActiveModel {
            id: Set(id),
            decision: Set(Some(decision.as_str().to_owned())),
            comment: Set(comment),
            decided_by: Set(Some(viewer.user_id)),
            decided_at: Set(Some(Utc::now())),
            decided_on_versions: Set(Some(versions_json(&record.content_versions)?)),
            ..Default::default()
        })
        .exec(&txn)
        .await?,
    );
    let actor = AuditActor::User(viewer.user_id);
    audit::record(
        &txn,
        &actor,
        AuditAction::ApprovalDecided,
        before.proposal_id,
        Some(&before),
        Some(&after),
    )
    .await?;
    if let Some(transition) = transition {
        let to = transition.target(record.status).ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!("{transition:?} from {:?}", record.status))
        })?;
        proposal::Entity::update(proposal::ActiveModel {
            id: Set(record.id),
            status: Set(to.as_str().to_owned()),
            version: Set(record.version + 1),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        audit::record(
            &txn,
            &actor,
            AuditAction::ProposalTransition(transition),
            record.id,
            Some(&serde_json::json!({ "status": record.status.as_str() })),
            Some(&serde_json::json!({ "status": to.as_str(), "rejectedBy": before.approver_title, "comment": after.comment })),
        )
        .await?;
    }
    super::commit_proposal_change(txn, before.proposal_id, PlanScope::Whole).await?;
    Ok(after)
}

/// HR's reason to open consultation although approvals were given on an earlier version:
/// kept on each such approval with the content it was given on, and audited. Returns the
/// proposal's approvals.
pub async fn proceed_without_reapproval(
    store: &Store,
    viewer: &Viewer,
    proposal_id: Uuid,
    reason: &str,
) -> AppResult<(Vec<ApprovalRecord>, ContentVersions)> {
    let txn = store.begin_write().await?;
    let record = proposals::load_for_change(&txn, proposal_id, None).await?;
    let current = record.content_versions;
    let stale: Vec<ApprovalRecord> = approvals(&txn, &[proposal_id])
        .await?
        .into_iter()
        .filter(|a| a.state().needs_reapproval(&current))
        .collect();
    let reason = signoff::check_proceed_without_reapproval(record.status, stale.len(), reason)?;
    let now = Utc::now();
    let on = versions_json(&current)?;
    for approval in &stale {
        approval::Entity::update(approval::ActiveModel {
            id: Set(approval.id),
            proceed_reason: Set(Some(reason.clone())),
            proceed_by: Set(Some(viewer.user_id)),
            proceed_at: Set(Some(now)),
            proceed_on_versions: Set(Some(on.clone())),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
    }
    let changed: Vec<&str> = stale
        .iter()
        .flat_map(|a| a.state().changed_since(&current))
        .map(|c| c.describe())
        .fold(Vec::new(), |mut kinds, kind| {
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
            kinds
        });
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::ProceededWithoutReapproval,
        proposal_id,
        None::<&()>,
        Some(&serde_json::json!({
            "reason": reason,
            "approvals": stale.iter().map(|a| &a.approver_title).collect::<Vec<_>>(),
            "changedSince": changed,
        })),
    )
    .await?;
    let result = approvals(&txn, &[proposal_id]).await?;
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok((result, current))
}

/// Open steps and pending approvals for a person, across proposals.
pub async fn open_tasks_for(
    conn: &impl ConnectionTrait,
    viewer: &Viewer,
) -> AppResult<(Vec<StepRecord>, Vec<ApprovalRecord>)> {
    let steps = checklist_step::Entity::find()
        .filter(steps_of(viewer))
        .filter(checklist_step::Column::CompletedAt.is_null())
        .order_by_asc(checklist_step::Column::PlannedDate)
        .all(conn)
        .await?
        .into_iter()
        .map(step_from_row)
        .collect();
    let approvals = approval::Entity::find()
        .filter(approvals_to_decide(viewer))
        .order_by_asc(approval::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(approval_from_row)
        .collect();
    let approvals = [approvals, to_give_again(conn, viewer).await?].concat();
    Ok((steps, approvals))
}

/// The steps that are the person's: named, or by role when nobody is named.
fn steps_of(viewer: &Viewer) -> Condition {
    Condition::any()
        .add(checklist_step::Column::AssigneeId.eq(viewer.user_id))
        .add(
            Condition::all()
                .add(checklist_step::Column::AssigneeId.is_null())
                .add(checklist_step::Column::AssigneeRole.eq(viewer.role.as_str())),
        )
}

/// The person's undecided approvals of proposals in approval.
fn approvals_to_decide(viewer: &Viewer) -> Condition {
    Condition::all()
        .add(approval::Column::ApproverId.eq(viewer.user_id))
        .add(approval::Column::Decision.is_null())
        .add(
            approval::Column::ProposalId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(proposal::Column::Id)
                    .from(proposal::Entity)
                    .and_where(proposal::Column::Status.eq(ProposalStatus::InApproval.as_str()))
                    .to_owned(),
            ),
        )
}

/// How many open steps and approvals to decide `open_tasks_for` lists (without the
/// approvals to give again), counted in SQL: two statements.
pub async fn count_open_tasks(conn: &impl ConnectionTrait, viewer: &Viewer) -> AppResult<u64> {
    let steps = checklist_step::Entity::find()
        .filter(steps_of(viewer))
        .filter(checklist_step::Column::CompletedAt.is_null())
        .count(conn)
        .await?;
    let approvals = approval::Entity::find()
        .filter(approvals_to_decide(viewer))
        .count(conn)
        .await?;
    Ok(steps + approvals)
}

/// The person's approvals of approved proposals that were given on an earlier version and
/// are needed again before consultation opens.
async fn to_give_again(
    conn: &impl ConnectionTrait,
    viewer: &Viewer,
) -> AppResult<Vec<ApprovalRecord>> {
    let given: Vec<ApprovalRecord> = approval::Entity::find()
        .filter(approval::Column::ApproverId.eq(viewer.user_id))
        .filter(approval::Column::Decision.is_not_null())
        .filter(
            approval::Column::ProposalId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(proposal::Column::Id)
                    .from(proposal::Entity)
                    .and_where(proposal::Column::Status.eq(ProposalStatus::Approved.as_str()))
                    .to_owned(),
            ),
        )
        .order_by_asc(approval::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(approval_from_row)
        .collect();
    let ids: Vec<Uuid> = given.iter().map(|a| a.proposal_id).collect();
    let current = proposals::content_versions(conn, &ids).await?;
    Ok(given
        .into_iter()
        .filter(|a| {
            current
                .get(&a.proposal_id)
                .is_some_and(|c| a.state().needs_reapproval(c))
        })
        .collect())
}

#[derive(Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredStep {
    title: String,
    description: String,
    anchor: Option<String>,
    offset_days: Option<i64>,
    assignee_role: Option<String>,
    assignee_id: Option<Uuid>,
}

#[derive(Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredApproval {
    approver_title: String,
    approver_id: Option<Uuid>,
}

fn template_from_row(row: checklist_template::Model) -> AppResult<(Uuid, ChecklistTemplate)> {
    let corrupt = || {
        AppError::Internal(anyhow::anyhow!(
            "checklist template {} holds invalid data",
            row.id
        ))
    };
    let steps: Vec<StoredStep> =
        serde_json::from_value(row.steps.clone()).map_err(|_| corrupt())?;
    let approvals: Vec<StoredApproval> =
        serde_json::from_value(row.approvals.clone()).map_err(|_| corrupt())?;
    let steps = steps
        .into_iter()
        .map(|s| {
            let assignee = match (
                s.assignee_id,
                s.assignee_role.as_deref().and_then(Role::parse),
            ) {
                (Some(user), _) => Assignee::User(user),
                (None, Some(role)) => Assignee::Role(role),
                (None, None) => return Err(corrupt()),
            };
            let offset = match (s.anchor.as_deref().and_then(Anchor::parse), s.offset_days) {
                (Some(anchor), Some(days)) => Some((anchor, days)),
                _ => None,
            };
            Ok(StepTemplate {
                title: s.title,
                description: s.description,
                offset,
                assignee,
            })
        })
        .collect::<AppResult<_>>()?;
    let approvals = approvals
        .into_iter()
        .map(|a| ApprovalTemplate {
            approver_title: a.approver_title,
            approver_id: a.approver_id,
        })
        .collect();
    Ok((
        row.id,
        ChecklistTemplate {
            name: row.name,
            steps,
            approvals,
        },
    ))
}

async fn insert_template(
    conn: &impl ConnectionTrait,
    actor: &AuditActor,
    template: &ChecklistTemplate,
) -> AppResult<checklist_template::Model> {
    let steps: Vec<StoredStep> = template
        .steps
        .iter()
        .map(|s| StoredStep {
            title: s.title.clone(),
            description: s.description.clone(),
            anchor: s.offset.map(|(a, _)| a.as_str().to_owned()),
            offset_days: s.offset.map(|(_, d)| d),
            assignee_role: match s.assignee {
                Assignee::Role(role) => Some(role.as_str().to_owned()),
                Assignee::User(_) => None,
            },
            assignee_id: match s.assignee {
                Assignee::User(user) => Some(user),
                Assignee::Role(_) => None,
            },
        })
        .collect();
    let approvals: Vec<StoredApproval> = template
        .approvals
        .iter()
        .map(|a| StoredApproval {
            approver_title: a.approver_title.clone(),
            approver_id: a.approver_id,
        })
        .collect();
    let json =
        |v: serde_json::Result<serde_json::Value>| v.map_err(|e| AppError::Internal(e.into()));
    let row = checklist_template::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(template.name.clone()),
        steps: Set(json(serde_json::to_value(steps))?),
        approvals: Set(json(serde_json::to_value(approvals))?),
        created_by: Set(actor.user_id()),
        created_at: Set(Utc::now()),
    };
    Ok(checklist_template::Entity::insert(row)
        .exec_with_returning(conn)
        .await?)
}

/// Every checklist template, the default (the Bury pack's) first; it is stored on first use.
pub async fn templates(store: &Store) -> AppResult<Vec<(Uuid, ChecklistTemplate)>> {
    let rows = checklist_template::Entity::find()
        .order_by_asc(checklist_template::Column::CreatedAt)
        .all(store.conn())
        .await?;
    if rows.is_empty() {
        let txn = store.begin_write().await?;
        // Another request may have stored it meanwhile; the unique name settles the race.
        if checklist_template::Entity::find().count(&txn).await? == 0 {
            insert_template(
                &txn,
                &AuditActor::System("default checklist"),
                &signoff::bury_default(),
            )
            .await?;
        }
        txn.commit().await?;
        return Box::pin(templates(store)).await;
    }
    rows.into_iter().map(template_from_row).collect()
}

/// Stores a template HR wrote; its name must be new.
pub async fn create_template(
    store: &Store,
    actor: &AuditActor,
    template: ChecklistTemplate,
) -> AppResult<(Uuid, ChecklistTemplate)> {
    templates(store).await?;
    let txn = store.begin_write().await?;
    if checklist_template::Entity::find()
        .filter(checklist_template::Column::Name.eq(template.name.as_str()))
        .count(&txn)
        .await?
        > 0
    {
        return Err(DomainError::Conflict(format!(
            "There is already a checklist template called \"{}\".",
            template.name
        ))
        .into());
    }
    for (i, step) in template.steps.iter().enumerate() {
        if let Assignee::User(user) = step.assignee {
            check_user(&txn, Some(user), &format!("input.steps[{i}].assigneeId")).await?;
        }
    }
    // An approver named by id is an account too (it was stored unchecked).
    for (i, approval) in template.approvals.iter().enumerate() {
        let field = format!("input.approvals[{i}].approverId");
        check_user(&txn, approval.approver_id, &field).await?;
    }
    let row = insert_template(&txn, actor, &template).await?;
    audit::record(
        &txn,
        actor,
        AuditAction::ChecklistTemplateCreated,
        row.id,
        None::<&()>,
        Some(&serde_json::json!({ "name": template.name })),
    )
    .await?;
    txn.commit().await?;
    template_from_row(row)
}
