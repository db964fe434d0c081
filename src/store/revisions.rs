//! Numbered revisions of a proposal once it has been shared: each a snapshot of the
//! content and structure, with a change summary. Readers diff any two.

use super::{
    entities::{post, proposal_revision},
    proposals::ProposalRecord,
};
use crate::domain::{
    audit::AuditActor,
    revision_diff::{self, ChangeKind},
};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

/// A revision as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub number: i32,
    pub change_summary: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub snapshot: Value,
}

impl From<proposal_revision::Model> for Revision {
    fn from(row: proposal_revision::Model) -> Self {
        Revision {
            id: row.id,
            proposal_id: row.proposal_id,
            number: row.number,
            change_summary: row.change_summary,
            created_by: row.created_by,
            created_at: row.created_at,
            snapshot: row.snapshot,
        }
    }
}

/// What a revision records: the content people read (no personal data) and the posts.
pub async fn snapshot(conn: &impl ConnectionTrait, record: &ProposalRecord) -> AppResult<Value> {
    let posts = post::Entity::find()
        .filter(post::Column::ProposalId.eq(record.id))
        .order_by_asc(post::Column::Position)
        .order_by_asc(post::Column::Id)
        .all(conn)
        .await?;
    let titles: HashMap<Uuid, String> = posts.iter().map(|p| (p.id, p.title.clone())).collect();
    let title_of = |id: Option<Uuid>| id.and_then(|id| titles.get(&id).cloned());
    let fte = |h: Option<i32>| h.map(|h| f64::from(h) / 100.0);
    let c = &record.content;
    Ok(json!({
        "title": c.title,
        "service": c.service,
        "establishment": c.establishment,
        "background": c.background,
        "rationale": c.rationale,
        "proposalText": c.proposal_text,
        "benefits": c.benefits,
        "alternatives": c.alternatives,
        "risks": c.risks,
        "equalityAnalysis": c.equality_analysis,
        "agencyWorkers": c.agency_workers,
        "selectionMethod": c.selection_method,
        "dismissalMethod": c.dismissal_method,
        "redundancyPayMethod": c.redundancy_pay_method,
        "recognisedUnions": c.recognised_unions,
        "posts": posts.iter().map(|p| json!({
            "id": p.id.to_string(),
            "title": p.title,
            "currentGrade": p.current_grade,
            "currentFte": fte(p.current_fte_hundredths),
            "currentHeadcount": p.current_headcount,
            "currentReportsTo": title_of(p.current_reports_to),
            "proposedGrade": p.proposed_grade,
            "proposedFte": fte(p.proposed_fte_hundredths),
            "proposedHeadcount": p.proposed_headcount,
            "proposedReportsTo": title_of(p.proposed_reports_to),
            "note": p.note,
        })).collect::<Vec<_>>(),
    }))
}

async fn latest(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Option<proposal_revision::Model>> {
    Ok(proposal_revision::Entity::find()
        .filter(proposal_revision::Column::ProposalId.eq(proposal_id))
        .order_by_desc(proposal_revision::Column::Number)
        .one(conn)
        .await?)
}

/// After a change to a shared proposal, records a new revision if what readers see changed.
/// Before sharing there are no revisions: drafts change freely.
pub async fn record_change(
    conn: &impl ConnectionTrait,
    record: &ProposalRecord,
    actor: &AuditActor,
    change_summary: Option<String>,
) -> AppResult<()> {
    if record.shared_with_unions_at.is_none() {
        return Ok(());
    }
    let snapshot = snapshot(conn, record).await?;
    let previous = latest(conn, record.id).await?;
    if previous.as_ref().is_some_and(|p| p.snapshot == snapshot) {
        return Ok(());
    }
    let summary = change_summary
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| match &previous {
            Some(p) => summarise(&p.snapshot, &snapshot),
            None => "First shared.".to_owned(),
        });
    proposal_revision::Entity::insert(proposal_revision::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(record.id),
        number: Set(previous.map_or(1, |p| p.number + 1)),
        snapshot: Set(snapshot),
        change_summary: Set(summary.trim().to_owned()),
        created_by: Set(actor.user_id()),
        created_at: Set(Utc::now()),
    })
    .exec(conn)
    .await?;
    Ok(())
}

/// "Changed rationale; added risks 'Loss of expertise'", for a change with no summary.
fn summarise(before: &Value, after: &Value) -> String {
    let parts: Vec<String> = revision_diff::diff_snapshots(before, after)
        .iter()
        .map(|change| {
            let verb = match change.kind {
                ChangeKind::Added => "added",
                ChangeKind::Removed => "removed",
                ChangeKind::Changed => "changed",
            };
            match &change.item_label {
                Some(label) => format!("{verb} {} \"{label}\"", change.field),
                None => format!("{verb} {}", change.field),
            }
        })
        .collect();
    let mut unique: Vec<String> = Vec::new();
    for part in parts {
        if !unique.contains(&part) {
            unique.push(part);
        }
    }
    let text = unique.join("; ");
    crate::domain::text::capitalise(&text) + "."
}

/// Every revision of these proposals, oldest first.
pub async fn for_proposals(conn: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<Vec<Revision>> {
    Ok(proposal_revision::Entity::find()
        .filter(proposal_revision::Column::ProposalId.is_in(ids.iter().copied()))
        .order_by_asc(proposal_revision::Column::Number)
        .all(conn)
        .await?
        .into_iter()
        .map(Revision::from)
        .collect())
}

/// The newest revision's number, 0 before the proposal is shared.
pub async fn latest_number(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<i32> {
    Ok(latest(conn, proposal_id).await?.map_or(0, |r| r.number))
}
