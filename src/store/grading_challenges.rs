//! Grading challenges (issue 20). The rules are `domain::grading_challenge`; this gathers the
//! facts (the JD's versions, the posts it describes, whether the challenger holds one), writes
//! the challenge and HR's outcome, carries a regrade into the proposed structure (and so its
//! costs) as a new proposal revision, audits, and adds the emails in the same transaction.

use super::{
    Store, audit,
    entities::{app_user, employee, grading_challenge, jd_version, post, post_holding},
    outbox, proposals, revisions,
    structure::{find_job_description, pay_scale_map, pay_scales},
};
use crate::domain::{
    DomainError,
    access::{ProposalView, Viewer},
    account::Role,
    audit::{AuditAction, AuditActor},
    grading_challenge::{
        self as rules, Area, AreaInput, ChallengeStatus, Challenger, Outcome, Scope, Subject,
    },
    job_description::JdContent,
    notify::{Milestone, PlanScope},
    structure::check_structure_editable,
};
use crate::error::{AppError, AppResult};
use crate::store::proposals::ProposalRecord;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// Most challenges one list returns: a proposal has few revised JDs, and each person or
/// union may have one open challenge per JD.
pub const LIST_MAX: u64 = 500;

/// A grading challenge as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub job_description_id: Uuid,
    pub current_version_id: Uuid,
    pub revised_version_id: Uuid,
    #[serde(flatten)]
    pub subject: Subject,
    pub challenger_id: Option<Uuid>,
    pub union_name: Option<String>,
    pub areas: Vec<Area>,
    pub believed_grade: String,
    pub evidence: String,
    pub status: ChallengeStatus,
    pub scheme: Option<String>,
    pub resulting_grade: Option<String>,
    pub outcome_reasons: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub version: i32,
}

fn corrupt(id: Uuid) -> AppError {
    AppError::Internal(anyhow::anyhow!("grading challenge {id} is corrupt"))
}

fn from_row(row: grading_challenge::Model) -> AppResult<ChallengeRecord> {
    let id = row.id;
    Ok(ChallengeRecord {
        id,
        proposal_id: row.proposal_id,
        job_description_id: row.job_description_id,
        current_version_id: row.current_version_id,
        revised_version_id: row.revised_version_id,
        subject: Subject {
            current_title: row.current_title,
            current_grade: row.current_grade,
            revised_title: row.revised_title,
            revised_grade: row.revised_grade,
        },
        challenger_id: row.challenger_id,
        union_name: row.union_name,
        areas: serde_json::from_value(row.areas).map_err(|_| corrupt(id))?,
        believed_grade: row.believed_grade,
        evidence: row.evidence,
        status: ChallengeStatus::parse(&row.status).ok_or_else(|| corrupt(id))?,
        scheme: row.scheme,
        resulting_grade: row.resulting_grade,
        outcome_reasons: row.outcome_reasons,
        decided_by: row.decided_by,
        decided_at: row.decided_at,
        created_at: row.created_at,
        version: row.version,
    })
}

/// What a challenger sends.
pub struct NewChallenge<'a> {
    pub areas: Vec<AreaInput<'a>>,
    pub believed_grade: String,
    pub evidence: String,
}

/// A JD's versions, oldest first: the first is the current job, the last the revision.
async fn versions_of(
    conn: &impl ConnectionTrait,
    jd_id: Uuid,
) -> AppResult<Vec<(Uuid, JdContent)>> {
    let rows = jd_version::Entity::find()
        .filter(jd_version::Column::JobDescriptionId.eq(jd_id))
        .order_by_asc(jd_version::Column::Number)
        .all(conn)
        .await?;
    rows.into_iter()
        .map(|row| {
            let version = super::structure::jd_version_from_row(row)?;
            Ok((version.id, version.content))
        })
        .collect()
}

/// The posts whose current side, and those whose proposed side, one of these versions
/// describes.
async fn posts_described(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    version_ids: &[Uuid],
) -> AppResult<(Vec<post::Model>, Vec<post::Model>)> {
    let rows = post::Entity::find()
        .filter(post::Column::ProposalId.eq(proposal_id))
        .filter(
            Condition::any()
                .add(post::Column::CurrentJdVersionId.is_in(version_ids.iter().copied()))
                .add(post::Column::ProposedJdVersionId.is_in(version_ids.iter().copied())),
        )
        .order_by_asc(post::Column::Position)
        .order_by_asc(post::Column::Id)
        .all(conn)
        .await?;
    let describes = |v: Option<Uuid>| v.is_some_and(|v| version_ids.contains(&v));
    let current = rows
        .iter()
        .filter(|p| describes(p.current_jd_version_id))
        .cloned()
        .collect();
    let proposed = rows
        .into_iter()
        .filter(|p| describes(p.proposed_jd_version_id))
        .collect();
    Ok((current, proposed))
}

/// Whether the person signed in with `email` holds one of these posts in this proposal.
async fn holds_one_of(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    email: &str,
    post_ids: &[Uuid],
) -> AppResult<bool> {
    if post_ids.is_empty() {
        return Ok(false);
    }
    let held = post_holding::Entity::find()
        .select_only()
        .column(post_holding::Column::Id)
        .filter(post_holding::Column::PostId.is_in(post_ids.iter().copied()))
        .filter(
            post_holding::Column::EmployeeId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(employee::Column::Id)
                    .from(employee::Entity)
                    .and_where(employee::Column::ProposalId.eq(proposal_id))
                    .and_where(employee::Column::WorkEmail.eq(email))
                    .to_owned(),
            ),
        )
        .limit(1)
        .into_tuple::<Uuid>()
        .one(conn)
        .await?;
    Ok(held.is_some())
}

/// The active HR accounts, who hear of a new challenge.
async fn hr_accounts(conn: &impl ConnectionTrait) -> AppResult<Vec<(Uuid, String)>> {
    Ok(app_user::Entity::find()
        .select_only()
        .columns([app_user::Column::Id, app_user::Column::Email])
        .filter(app_user::Column::Role.eq(Role::HrAdmin.as_str()))
        .filter(app_user::Column::DisabledAt.is_null())
        .order_by_asc(app_user::Column::Id)
        .into_tuple()
        .all(conn)
        .await?)
}

fn jd_path(proposal_id: Uuid, jd_id: Uuid) -> String {
    format!("/proposals/{proposal_id}/job-descriptions/{jd_id}")
}

/// What raising a challenge on a JD rests on, gathered and checked.
pub struct Grounds {
    pub proposal: ProposalRecord,
    pub jd_title: String,
    pub challenger: Challenger,
    current_id: Uuid,
    revised_id: Uuid,
    current: JdContent,
    revised: JdContent,
    subject: Subject,
}

/// Gathers the facts for a challenge on `jd_id` by `viewer` and checks they may raise one:
/// the JD has a revision that changes its grade or duties, the proposal's structure can still
/// change, and they hold the post or act for a recognised union.
pub async fn grounds(
    conn: &impl ConnectionTrait,
    viewer: &Viewer,
    view: ProposalView,
    jd_id: Uuid,
) -> AppResult<Grounds> {
    let jd = find_job_description(conn, jd_id)
        .await?
        .ok_or_else(|| DomainError::unknown_id("input.jobDescriptionId", "a job description"))?;
    let proposal = proposals::load_for_change(conn, jd.proposal_id, None).await?;
    let versions = versions_of(conn, jd_id).await?;
    let version_ids: Vec<Uuid> = versions.iter().map(|(id, _)| *id).collect();
    let (current_posts, proposed_posts) = posts_described(conn, proposal.id, &version_ids).await?;
    let current_post_ids: Vec<Uuid> = current_posts.iter().map(|p| p.id).collect();
    let holds = view == ProposalView::Staff
        && holds_one_of(conn, proposal.id, &viewer.email, &current_post_ids).await?;
    let challenger = rules::challenger(view, viewer, holds, &proposal.content.recognised_unions)?;
    check_structure_editable(proposal.status)?;
    if versions.len() < 2 {
        return Err(DomainError::PreconditionFailed {
            message:
                "This job description has only one version: there is no revision to challenge."
                    .into(),
            missing: vec!["a revised version of the job description".into()],
        }
        .into());
    }
    let mut versions = versions;
    let (revised_id, revised) = versions.pop().ok_or_else(|| corrupt(jd_id))?;
    let (current_id, current) = versions.swap_remove(0);
    rules::check_changed(&current, &revised)?;
    let subject = Subject {
        current_title: current_posts
            .first()
            .map_or_else(|| jd.title.clone(), |p| p.title.clone()),
        current_grade: current
            .proposed_grade
            .clone()
            .or_else(|| current_posts.first().and_then(|p| p.current_grade.clone())),
        revised_title: proposed_posts
            .first()
            .map_or_else(|| jd.title.clone(), |p| p.title.clone()),
        revised_grade: revised.proposed_grade.clone().or_else(|| {
            proposed_posts
                .first()
                .and_then(|p| p.proposed_grade.clone())
        }),
    };
    Ok(Grounds {
        proposal,
        jd_title: jd.title,
        challenger,
        current_id,
        revised_id,
        current,
        revised,
        subject,
    })
}

/// Raises a challenge on the grade of a revised JD.
pub async fn raise(
    store: &Store,
    viewer: &Viewer,
    view: ProposalView,
    jd_id: Uuid,
    new: NewChallenge<'_>,
) -> AppResult<ChallengeRecord> {
    let txn = store.begin_write().await?;
    let Grounds {
        proposal,
        jd_title,
        challenger,
        current_id,
        revised_id,
        current,
        revised,
        subject,
    } = grounds(&txn, viewer, view, jd_id).await?;
    let areas = rules::areas(&current, &revised, &new.areas)?;
    let union_name = match &challenger {
        Challenger::Staff => None,
        Challenger::Union(union) => Some(union.clone()),
    };
    // One open challenge per person (or union) per JD: a second would split the dialogue.
    let mut open = grading_challenge::Entity::find()
        .filter(grading_challenge::Column::JobDescriptionId.eq(jd_id))
        .filter(grading_challenge::Column::Status.eq(ChallengeStatus::AwaitingOutcome.as_str()));
    open = match &union_name {
        Some(union) => open.filter(grading_challenge::Column::UnionName.eq(union.as_str())),
        None => open
            .filter(grading_challenge::Column::ChallengerId.eq(viewer.user_id))
            .filter(grading_challenge::Column::UnionName.is_null()),
    };
    if open.one(&txn).await?.is_some() {
        return Err(DomainError::Conflict(match &union_name {
            Some(union) => {
                format!("{union} already has a challenge to this grade awaiting an outcome.")
            }
            None => "You already have a challenge to this grade awaiting an outcome.".into(),
        })
        .into());
    }
    let now = Utc::now();
    let row = grading_challenge::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(proposal.id),
        job_description_id: Set(jd_id),
        current_version_id: Set(current_id),
        revised_version_id: Set(revised_id),
        current_title: Set(subject.current_title.clone()),
        current_grade: Set(subject.current_grade.clone()),
        revised_title: Set(subject.revised_title.clone()),
        revised_grade: Set(subject.revised_grade.clone()),
        challenger_id: Set(Some(viewer.user_id)),
        union_name: Set(union_name.clone()),
        areas: Set(serde_json::to_value(&areas).map_err(|e| AppError::Internal(e.into()))?),
        believed_grade: Set(new.believed_grade),
        evidence: Set(new.evidence),
        status: Set(ChallengeStatus::AwaitingOutcome.as_str().to_owned()),
        scheme: Set(None),
        resulting_grade: Set(None),
        outcome_reasons: Set(None),
        decided_by: Set(None),
        decided_at: Set(None),
        created_at: Set(now),
        version: Set(1),
    };
    let record = from_row(
        grading_challenge::Entity::insert(row)
            .exec_with_returning(&txn)
            .await?,
    )?;
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::GradingChallengeRaised,
        record.id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    let challenger_description = match &union_name {
        Some(union) => union.clone(),
        None => "A member of staff in the post".to_owned(),
    };
    let data = json!({
        "proposalId": proposal.id,
        "proposalTitle": proposal.content.title,
        "proposalPath": jd_path(proposal.id, jd_id),
        "challengeId": record.id,
        "jobTitle": jd_title,
        "challengerDescription": challenger_description,
        "currentTitle": record.subject.current_title,
        "currentGrade": record.subject.current_grade,
        "revisedTitle": record.subject.revised_title,
        "revisedGrade": record.subject.revised_grade,
        "believedGrade": record.believed_grade,
    });
    for (id, email) in hr_accounts(&txn).await? {
        outbox::enqueue_case_message(
            &txn,
            proposal.id,
            (Some(id), &email),
            Milestone::GradingChallengeReceived,
            format!(
                "{}:{}:{id}",
                Milestone::GradingChallengeReceived.as_str(),
                record.id
            ),
            data.clone(),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(record)
}

/// Records HR's outcome. A re-evaluation to another grade regrades the posts the revised JD
/// describes, which moves the proposed structure's cost, and makes a proposal revision whose
/// change summary names the challenge.
pub async fn decide(
    store: &Store,
    actor: &AuditActor,
    challenge_id: Uuid,
    expected_version: i32,
    outcome: Outcome,
) -> AppResult<ChallengeRecord> {
    let txn = store.begin_write().await?;
    let row = grading_challenge::Entity::find_by_id(challenge_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| DomainError::unknown_id("input.challengeId", "a grading challenge"))?;
    let before = from_row(row)?;
    DomainError::check_version("this challenge", Some(expected_version), before.version)?;
    rules::check_awaiting(before.status)?;
    let proposal = proposals::load_for_change(&txn, before.proposal_id, None).await?;
    let regrade = rules::regrade(before.subject.revised_grade.as_deref(), &outcome)
        .map(|(from, to)| (from.to_owned(), to.to_owned()));
    if let (Some((from, to)), Outcome::ReEvaluated { scheme, .. }) = (&regrade, &outcome) {
        regrade_posts(&txn, actor, &proposal, &before, scheme, from, to).await?;
    }
    let now = Utc::now();
    let (scheme, grade, reasons) = match &outcome {
        Outcome::ReEvaluated {
            scheme,
            grade,
            reasons,
        } => (Some(scheme.clone()), Some(grade.clone()), reasons.clone()),
        Outcome::GradeConfirmed { reasons } => (None, None, Some(reasons.clone())),
    };
    let updated = grading_challenge::ActiveModel {
        id: Set(challenge_id),
        status: Set(outcome.status().as_str().to_owned()),
        scheme: Set(scheme),
        resulting_grade: Set(grade),
        outcome_reasons: Set(reasons),
        decided_by: Set(actor.user_id()),
        decided_at: Set(Some(now)),
        version: Set(before.version + 1),
        ..Default::default()
    };
    let after = from_row(
        grading_challenge::Entity::update(updated)
            .exec(&txn)
            .await?,
    )?;
    audit::record(
        &txn,
        actor,
        AuditAction::GradingChallengeDecided,
        challenge_id,
        Some(&before),
        Some(&after),
    )
    .await?;
    if let Some(challenger) = after.challenger_id {
        let email: Option<String> = app_user::Entity::find_by_id(challenger)
            .select_only()
            .column(app_user::Column::Email)
            .filter(app_user::Column::DisabledAt.is_null())
            .into_tuple()
            .one(&txn)
            .await?;
        if let Some(email) = email {
            let jd = find_job_description(&txn, after.job_description_id)
                .await?
                .ok_or_else(|| corrupt(challenge_id))?;
            outbox::enqueue_case_message(
                &txn,
                proposal.id,
                (Some(challenger), &email),
                Milestone::GradingChallengeDecided,
                format!(
                    "{}:{challenge_id}:{challenger}",
                    Milestone::GradingChallengeDecided.as_str()
                ),
                json!({
                    "proposalId": proposal.id,
                    "proposalTitle": proposal.content.title,
                    "proposalPath": jd_path(proposal.id, after.job_description_id),
                    "challengeId": challenge_id,
                    "jobTitle": jd.title,
                    "revisedGrade": after.subject.revised_grade,
                    "reEvaluated": after.status == ChallengeStatus::ReEvaluated,
                    "scheme": after.scheme,
                    "resultingGrade": after.resulting_grade,
                    "reasons": after.outcome_reasons,
                }),
                now,
            )
            .await?;
        }
    }
    if regrade.is_some() {
        // Posts changed: the s188 facts are re-read as for any structure change.
        super::commit_proposal_change(txn, proposal.id, PlanScope::Whole).await?;
    } else {
        txn.commit().await?;
    }
    Ok(after)
}

/// Moves the proposed grade of every post the challenged JD describes on the proposed side.
async fn regrade_posts(
    txn: &impl ConnectionTrait,
    actor: &AuditActor,
    proposal: &ProposalRecord,
    challenge: &ChallengeRecord,
    scheme: &str,
    from: &str,
    to: &str,
) -> AppResult<()> {
    check_structure_editable(proposal.status)?;
    if !pay_scale_map(&pay_scales(txn).await?).contains_key(to) {
        return Err(DomainError::bad_input(
            "input.resultingGrade",
            format!("There is no pay scale for \"{to}\"; set its cost first (setPayScale), so the structure can be costed at it."),
        )
        .into());
    }
    let version_ids: Vec<Uuid> = jd_version::Entity::find()
        .select_only()
        .column(jd_version::Column::Id)
        .filter(jd_version::Column::JobDescriptionId.eq(challenge.job_description_id))
        .into_tuple()
        .all(txn)
        .await?;
    let (_, posts) = posts_described(txn, proposal.id, &version_ids).await?;
    for p in &posts {
        let previous = p.proposed_grade.clone();
        post::Entity::update(post::ActiveModel {
            id: Set(p.id),
            proposed_grade: Set(Some(to.to_owned())),
            version: Set(p.version + 1),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(txn)
        .await?;
        audit::record(
            txn,
            actor,
            AuditAction::PostUpdated,
            p.id,
            Some(&json!({ "title": p.title, "proposedGrade": previous })),
            Some(&json!({ "title": p.title, "proposedGrade": to, "gradingChallengeId": challenge.id })),
        )
        .await?;
    }
    let summary = rules::regrade_summary(&challenge.subject.revised_title, scheme, from, to);
    revisions::record_change(txn, proposal, actor, Some(summary)).await?;
    Ok(())
}

fn scoped(scope: &Scope) -> Condition {
    match scope {
        Scope::All => Condition::all(),
        Scope::UnionOrOwn { union, user_id } => Condition::any()
            .add(grading_challenge::Column::ChallengerId.eq(*user_id))
            .add(
                Expr::expr(Func::lower(Expr::col(grading_challenge::Column::UnionName)))
                    .eq(union.to_lowercase()),
            ),
        Scope::Own(user_id) => {
            Condition::all().add(grading_challenge::Column::ChallengerId.eq(*user_id))
        }
    }
}

/// The challenges of a proposal in `scope`: those awaiting an outcome first, then the
/// decided; each group oldest first (the longest waiting at the top).
pub async fn list(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    scope: &Scope,
    statuses: &[ChallengeStatus],
    jd_id: Option<Uuid>,
) -> AppResult<Vec<ChallengeRecord>> {
    let mut query = grading_challenge::Entity::find()
        .filter(grading_challenge::Column::ProposalId.eq(proposal_id))
        .filter(scoped(scope));
    if !statuses.is_empty() {
        query = query
            .filter(grading_challenge::Column::Status.is_in(statuses.iter().map(|s| s.as_str())));
    }
    if let Some(jd_id) = jd_id {
        query = query.filter(grading_challenge::Column::JobDescriptionId.eq(jd_id));
    }
    // Awaiting an outcome first: what HR's "still open" view leads with.
    let awaiting_first = Expr::cust(format!(
        "CASE WHEN status = '{}' THEN 0 ELSE 1 END",
        ChallengeStatus::AwaitingOutcome.as_str()
    ));
    query
        .order_by(awaiting_first, sea_orm::Order::Asc)
        .order_by_asc(grading_challenge::Column::CreatedAt)
        .order_by_asc(grading_challenge::Column::Id)
        .limit(LIST_MAX)
        .all(conn)
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}

/// How many of a proposal's challenges in `scope` are in each status, counted in SQL.
pub async fn counts(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    scope: &Scope,
) -> AppResult<HashMap<ChallengeStatus, i64>> {
    let rows: Vec<(String, i64)> = grading_challenge::Entity::find()
        .select_only()
        .column(grading_challenge::Column::Status)
        .column_as(grading_challenge::Column::Id.count(), "n")
        .filter(grading_challenge::Column::ProposalId.eq(proposal_id))
        .filter(scoped(scope))
        .group_by(grading_challenge::Column::Status)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(status, n)| Some((ChallengeStatus::parse(&status)?, n)))
        .collect())
}

/// One challenge, by id.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<ChallengeRecord>> {
    grading_challenge::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(from_row)
        .transpose()
}
