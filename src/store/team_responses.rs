//! Team responses (issue 20): staff respond as a group. A member drafts it naming the
//! colleagues asked to sign, each signs, and a member who signed submits it with the
//! signatures it has. Unions endorse submitted ones.

use super::{
    Store, audit,
    entities::{
        app_user, employee, team_response, team_response_endorsement, team_response_member,
    },
    outbox, proposals,
};
use crate::domain::{
    DomainError,
    access::Viewer,
    account::Role,
    audit::{AuditAction, AuditActor},
    joint_response::{self, TeamResponseDraft},
    notify::Milestone,
};
use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// A colleague named on a team response, and whether they have signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamMemberRecord {
    pub user_id: Uuid,
    pub name: String,
    pub signed_at: Option<DateTime<Utc>>,
}

/// A union's support for a team response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndorsementRecord {
    pub team_response_id: Uuid,
    pub union_name: String,
    pub statement: String,
    pub endorsed_by: Uuid,
    pub endorsed_at: DateTime<Utc>,
}

/// A team response with its members and endorsements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamResponseRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub team_name: String,
    pub title: String,
    pub body: String,
    pub drafted_by: Uuid,
    pub submitted: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<Uuid>,
    pub version: i32,
    pub members: Vec<TeamMemberRecord>,
    pub endorsements: Vec<EndorsementRecord>,
}

impl TeamResponseRecord {
    pub fn is_member(&self, user_id: Uuid) -> bool {
        self.members.iter().any(|m| m.user_id == user_id)
    }

    fn signed(&self) -> usize {
        self.members
            .iter()
            .filter(|m| m.signed_at.is_some())
            .count()
    }
}

fn from_row(row: team_response::Model) -> TeamResponseRecord {
    TeamResponseRecord {
        id: row.id,
        proposal_id: row.proposal_id,
        team_name: row.team_name,
        title: row.title,
        body: row.body,
        drafted_by: row.drafted_by,
        submitted: row.submitted,
        submitted_at: row.submitted_at,
        submitted_by: row.submitted_by,
        version: row.version,
        members: Vec::new(),
        endorsements: Vec::new(),
    }
}

/// Fills in members (with names) and endorsements: two statements.
async fn complete(
    conn: &impl ConnectionTrait,
    mut records: Vec<TeamResponseRecord>,
) -> AppResult<Vec<TeamResponseRecord>> {
    if records.is_empty() {
        return Ok(records);
    }
    let ids: Vec<Uuid> = records.iter().map(|r| r.id).collect();
    let members: Vec<(Uuid, Uuid, Option<DateTime<Utc>>, String)> =
        team_response_member::Entity::find()
            .select_only()
            .columns([
                team_response_member::Column::TeamResponseId,
                team_response_member::Column::UserId,
                team_response_member::Column::SignedAt,
            ])
            .column(app_user::Column::Name)
            .join(
                sea_orm::JoinType::InnerJoin,
                team_response_member::Entity::belongs_to(app_user::Entity)
                    .from(team_response_member::Column::UserId)
                    .to(app_user::Column::Id)
                    .into(),
            )
            .filter(team_response_member::Column::TeamResponseId.is_in(ids.clone()))
            .order_by_asc(team_response_member::Column::Id)
            .into_tuple()
            .all(conn)
            .await?;
    for (response_id, user_id, signed_at, name) in members {
        if let Some(r) = records.iter_mut().find(|r| r.id == response_id) {
            r.members.push(TeamMemberRecord {
                user_id,
                name,
                signed_at,
            });
        }
    }
    for e in endorsements_of(conn, &ids).await? {
        if let Some(r) = records.iter_mut().find(|r| r.id == e.team_response_id) {
            r.endorsements.push(e);
        }
    }
    Ok(records)
}

/// The endorsements of these team responses, oldest first.
pub async fn endorsements_of(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<Vec<EndorsementRecord>> {
    Ok(team_response_endorsement::Entity::find()
        .filter(team_response_endorsement::Column::TeamResponseId.is_in(ids.iter().copied()))
        .order_by_asc(team_response_endorsement::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|e| EndorsementRecord {
            team_response_id: e.team_response_id,
            union_name: e.union_name,
            statement: e.statement,
            endorsed_by: e.endorsed_by,
            endorsed_at: e.endorsed_at,
        })
        .collect())
}

/// A proposal's team responses, oldest first (the caller keeps those the viewer may read).
pub async fn of_proposal(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Vec<TeamResponseRecord>> {
    let rows = team_response::Entity::find()
        .filter(team_response::Column::ProposalId.eq(proposal_id))
        .order_by_asc(team_response::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(from_row)
        .collect();
    complete(conn, rows).await
}

/// A team response by id.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<TeamResponseRecord>> {
    let row = team_response::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(from_row);
    Ok(complete(conn, row.into_iter().collect()).await?.pop())
}

fn not_found() -> DomainError {
    DomainError::NotFound("There is no team response with that id that you can see.".into())
}

/// The accounts of the colleagues named by work email: staff whom the proposal affects (or,
/// published to the whole service, any member of staff). One statement for the accounts and
/// one for the employees named.
async fn colleagues(
    conn: &impl ConnectionTrait,
    proposal: &proposals::ProposalRecord,
    emails: &[String],
) -> AppResult<Vec<(Uuid, String)>> {
    if emails.is_empty() {
        return Ok(Vec::new());
    }
    let accounts: Vec<(Uuid, String)> = app_user::Entity::find()
        .select_only()
        .columns([app_user::Column::Id, app_user::Column::Email])
        .filter(Expr::expr(Func::lower(Expr::col(app_user::Column::Email))).is_in(emails.to_vec()))
        .filter(app_user::Column::Role.eq(Role::Staff.as_str()))
        .filter(app_user::Column::DisabledAt.is_null())
        .into_tuple()
        .all(conn)
        .await?;
    let named: Vec<String> = if proposal.content.visible_to_whole_service {
        Vec::new()
    } else {
        employee::Entity::find()
            .select_only()
            .column(employee::Column::WorkEmail)
            .filter(employee::Column::ProposalId.eq(proposal.id))
            .filter(
                Expr::expr(Func::lower(Expr::col(employee::Column::WorkEmail)))
                    .is_in(emails.to_vec()),
            )
            .into_tuple()
            .all(conn)
            .await?
            .into_iter()
            .map(|e: String| e.to_lowercase())
            .collect()
    };
    emails
        .iter()
        .enumerate()
        .map(|(i, email)| {
            let account = accounts
                .iter()
                .find(|(_, e)| e.eq_ignore_ascii_case(email))
                .filter(|_| proposal.content.visible_to_whole_service || named.contains(email));
            account.cloned().ok_or_else(|| {
                DomainError::bad_input(
                    format!("input.memberEmails[{i}]"),
                    "No one this proposal affects has an account with that work email.",
                )
                .into()
            })
        })
        .collect()
}

/// Saves a draft team response: a new one (the viewer drafts it and is its first member) or
/// a change to one the viewer is a member of, while nobody has signed. The colleagues named
/// become its members with the drafter; those newly named are asked to sign.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    store: &Store,
    viewer: &Viewer,
    proposal_id: Uuid,
    id: Option<Uuid>,
    expected_version: Option<i32>,
    draft: TeamResponseDraft,
    member_emails: Vec<String>,
    today: NaiveDate,
) -> AppResult<TeamResponseRecord> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    super::feedback::check_deadline(&txn, proposal_id, viewer.user_id, today).await?;
    let existing = match id {
        None => None,
        Some(id) => {
            team_response::Entity::find_by_id(id)
                .lock_exclusive()
                .one(&txn)
                .await?
                .ok_or_else(not_found)?;
            let found = find(&txn, id)
                .await?
                .filter(|r| r.proposal_id == proposal_id && r.is_member(viewer.user_id))
                .ok_or_else(not_found)?;
            Some(found)
        }
    };
    DomainError::check_version(
        "this team response",
        expected_version,
        existing.as_ref().map_or(0, |r| r.version),
    )?;
    if let Some(r) = &existing {
        joint_response::check_team_editable(r.signed(), r.submitted)?;
    }
    let drafter = existing.as_ref().map_or(viewer.user_id, |r| r.drafted_by);
    let mut wanted: Vec<(Uuid, String)> = colleagues(&txn, &proposal, &member_emails).await?;
    wanted.retain(|(id, _)| *id != drafter);
    // The one saving stays a member: they may not write themselves out of it.
    let keep_self =
        viewer.user_id != drafter && !wanted.iter().any(|(id, _)| *id == viewer.user_id);
    let now = Utc::now();
    let response_id = existing.as_ref().map_or_else(Uuid::now_v7, |r| r.id);
    let row = team_response::ActiveModel {
        id: Set(response_id),
        proposal_id: Set(proposal_id),
        team_name: Set(draft.team_name.clone()),
        title: Set(draft.title.clone()),
        body: Set(draft.body.clone()),
        drafted_by: Set(drafter),
        submitted: Set(false),
        submitted_at: Set(None),
        submitted_by: Set(None),
        version: Set(existing.as_ref().map_or(1, |r| r.version + 1)),
        updated_at: Set(now),
    };
    let before: Vec<Uuid> = existing
        .as_ref()
        .map(|r| r.members.iter().map(|m| m.user_id).collect())
        .unwrap_or_default();
    match &existing {
        None => {
            team_response::Entity::insert(row)
                .exec_without_returning(&txn)
                .await?;
        }
        Some(_) => {
            team_response::Entity::update(row).exec(&txn).await?;
            team_response_member::Entity::delete_many()
                .filter(team_response_member::Column::TeamResponseId.eq(response_id))
                .exec(&txn)
                .await?;
        }
    }
    let mut member_ids = vec![drafter];
    if keep_self {
        member_ids.push(viewer.user_id);
    }
    member_ids.extend(wanted.iter().map(|(id, _)| *id));
    team_response_member::Entity::insert_many(member_ids.iter().map(|user_id| {
        team_response_member::ActiveModel {
            id: Set(Uuid::now_v7()),
            team_response_id: Set(response_id),
            user_id: Set(*user_id),
            signed_at: Set(None),
        }
    }))
    .exec_without_returning(&txn)
    .await?;
    let saved = find(&txn, response_id).await?.ok_or_else(not_found)?;
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::TeamResponseSaved,
        response_id,
        existing.as_ref(),
        Some(&saved),
    )
    .await?;
    let drafter_name = saved
        .members
        .iter()
        .find(|m| m.user_id == viewer.user_id)
        .map_or_else(String::new, |m| m.name.clone());
    for (user_id, email) in wanted.iter().filter(|(id, _)| !before.contains(id)) {
        outbox::enqueue_case_message(
            &txn,
            proposal_id,
            (Some(*user_id), email),
            Milestone::SignatureRequested,
            format!(
                "{}:team:{response_id}:{user_id}",
                Milestone::SignatureRequested.as_str()
            ),
            json!({
                "proposalId": proposal_id,
                "proposalTitle": proposal.content.title,
                "proposalPath": format!("/proposals/{proposal_id}/team-responses"),
                "responseTitle": saved.title,
                "teamName": saved.team_name,
                "draftedBy": drafter_name,
                "team": true,
            }),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(saved)
}

/// A member signs the team response; with `submit` it is then submitted with the members
/// who have signed.
pub async fn sign(
    store: &Store,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i32,
    submit: bool,
    today: NaiveDate,
) -> AppResult<TeamResponseRecord> {
    let txn = store.begin_write().await?;
    team_response::Entity::find_by_id(id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(not_found)?;
    let current = find(&txn, id)
        .await?
        .filter(|r| r.is_member(viewer.user_id))
        .ok_or_else(not_found)?;
    super::feedback::check_deadline(&txn, current.proposal_id, viewer.user_id, today).await?;
    DomainError::check_version(
        "this team response",
        Some(expected_version),
        current.version,
    )?;
    let already = current
        .members
        .iter()
        .any(|m| m.user_id == viewer.user_id && m.signed_at.is_some());
    if current.submitted {
        return Err(
            DomainError::Conflict("This team response has already been submitted.".into()).into(),
        );
    }
    if already && !submit {
        return Err(
            DomainError::Conflict("You have already signed this team response.".into()).into(),
        );
    }
    let now = Utc::now();
    if !already {
        team_response_member::Entity::update_many()
            .col_expr(team_response_member::Column::SignedAt, Expr::value(now))
            .filter(team_response_member::Column::TeamResponseId.eq(id))
            .filter(team_response_member::Column::UserId.eq(viewer.user_id))
            .exec(&txn)
            .await?;
    }
    if submit {
        joint_response::check_team_submit(current.submitted, true)?;
    }
    team_response::Entity::update(team_response::ActiveModel {
        id: Set(id),
        version: Set(current.version + 1),
        updated_at: Set(now),
        submitted: Set(submit),
        submitted_at: Set(submit.then_some(now)),
        submitted_by: Set(submit.then_some(viewer.user_id)),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let saved = find(&txn, id).await?.ok_or_else(not_found)?;
    let actor = AuditActor::User(viewer.user_id);
    if !already {
        audit::record(
            &txn,
            &actor,
            AuditAction::TeamResponseSigned,
            id,
            Some(&current),
            Some(&saved),
        )
        .await?;
    }
    if submit {
        audit::record(
            &txn,
            &actor,
            AuditAction::TeamResponseSubmitted,
            id,
            Some(&current),
            Some(&saved),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(saved)
}

/// A union endorses a submitted team response, once.
pub async fn endorse(
    store: &Store,
    viewer: &Viewer,
    union: &str,
    id: Uuid,
    statement: String,
) -> AppResult<TeamResponseRecord> {
    let txn = store.begin_write().await?;
    let current = find(&txn, id)
        .await?
        .filter(|r| r.submitted)
        .ok_or_else(not_found)?;
    if current
        .endorsements
        .iter()
        .any(|e| e.union_name.eq_ignore_ascii_case(union))
    {
        return Err(DomainError::Conflict(format!(
            "{union} has already endorsed this team response."
        ))
        .into());
    }
    let now = Utc::now();
    team_response_endorsement::Entity::insert(team_response_endorsement::ActiveModel {
        id: Set(Uuid::now_v7()),
        team_response_id: Set(id),
        union_name: Set(union.to_owned()),
        statement: Set(statement),
        endorsed_by: Set(viewer.user_id),
        endorsed_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    let saved = find(&txn, id).await?.ok_or_else(not_found)?;
    audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::TeamResponseEndorsed,
        id,
        Some(&current.endorsements),
        Some(&saved.endorsements),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// The team responses these unions endorsed on a proposal, as (response id, title, team
/// name, union): shown on the unions' own response.
pub async fn endorsed_by_unions(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Vec<(Uuid, String, String, String)>> {
    Ok(team_response_endorsement::Entity::find()
        .select_only()
        .column(team_response_endorsement::Column::TeamResponseId)
        .column(team_response::Column::Title)
        .column(team_response::Column::TeamName)
        .column(team_response_endorsement::Column::UnionName)
        .join(
            sea_orm::JoinType::InnerJoin,
            team_response_endorsement::Entity::belongs_to(team_response::Entity)
                .from(team_response_endorsement::Column::TeamResponseId)
                .to(team_response::Column::Id)
                .into(),
        )
        .filter(team_response::Column::ProposalId.eq(proposal_id))
        .order_by_asc(team_response_endorsement::Column::Id)
        .into_tuple()
        .all(conn)
        .await?)
}
