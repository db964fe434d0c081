//! Themes, their tags on responses and questions, and the outcome report.

use super::{
    Store, audit, corrupt,
    entities::{feedback_response, outcome_report, question, theme, theme_tag, union_response},
    proposals, revisions,
};
use crate::domain::{
    DomainError,
    audit::{AuditAction, AuditActor},
    outcome::{self, TagSubject, ThemeFacts, ThemeOutcome, ThemeResponse},
};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Query,
};
use serde::Serialize;
use uuid::Uuid;

/// A theme of a consultation and management's answer to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThemeRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub name: String,
    pub management_response: Option<String>,
    #[serde(skip)]
    pub outcome: Option<ThemeOutcome>,
    pub change_description: Option<String>,
    pub revision_number: Option<i32>,
    pub version: i32,
}

impl ThemeRecord {
    pub fn facts(&self) -> ThemeFacts<'_> {
        ThemeFacts {
            name: &self.name,
            answered: self.management_response.is_some(),
        }
    }
}

fn theme_from_row(row: theme::Model) -> AppResult<ThemeRecord> {
    let outcome = match row.outcome.as_deref() {
        None => None,
        Some(o) => Some(ThemeOutcome::parse(o).ok_or_else(|| corrupt("theme", row.id))?),
    };
    Ok(ThemeRecord {
        id: row.id,
        proposal_id: row.proposal_id,
        name: row.name,
        management_response: row.management_response,
        outcome,
        change_description: row.change_description,
        revision_number: row.revision_number,
        version: row.version,
    })
}

/// A theme put on a response or a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TagRecord {
    pub theme_id: Uuid,
    #[serde(skip)]
    pub subject: TagSubject,
    pub subject_id: Uuid,
}

/// The outcome report's own text and whether HR has completed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ReportRecord {
    pub summary: String,
    pub completed_at: Option<DateTime<Utc>>,
    pub completed_by: Option<Uuid>,
    pub version: i32,
}

/// The themes of these proposals, in the order they were made.
pub async fn themes_of(conn: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<Vec<ThemeRecord>> {
    theme::Entity::find()
        .filter(theme::Column::ProposalId.is_in(ids.iter().copied()))
        .order_by_asc(theme::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(theme_from_row)
        .collect()
}

/// The tags of the themes of these proposals, with each tag's proposal.
pub async fn tags_of(conn: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<Vec<TagRecord>> {
    theme_tag::Entity::find()
        .filter(
            theme_tag::Column::ThemeId.in_subquery(
                Query::select()
                    .column(theme::Column::Id)
                    .from(theme::Entity)
                    .and_where(theme::Column::ProposalId.is_in(ids.iter().copied()))
                    .to_owned(),
            ),
        )
        .order_by_asc(theme_tag::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            Ok(TagRecord {
                subject: TagSubject::parse(&row.subject_kind)
                    .ok_or_else(|| corrupt("theme tag", row.id))?,
                theme_id: row.theme_id,
                subject_id: row.subject_id,
            })
        })
        .collect()
}

/// The outcome reports of these proposals that have been started.
pub async fn reports_of(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<Vec<(Uuid, ReportRecord)>> {
    Ok(outcome_report::Entity::find()
        .filter(outcome_report::Column::ProposalId.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            (
                row.proposal_id,
                ReportRecord {
                    summary: row.summary,
                    completed_at: row.completed_at,
                    completed_by: row.completed_by,
                    version: row.version,
                },
            )
        })
        .collect())
}

/// Whether the outcome report of a proposal is complete (for the decision gate).
pub async fn report_complete(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<bool> {
    Ok(reports_of(conn, &[proposal_id])
        .await?
        .first()
        .is_some_and(|(_, r)| r.completed_at.is_some()))
}

async fn check_open_for_outcome(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<()> {
    let proposal = proposals::load_for_change(conn, proposal_id, None).await?;
    outcome::check_editable(proposal.status)?;
    if report_complete(conn, proposal_id).await? {
        return Err(DomainError::Conflict(
            "The outcome report is complete; themes can no longer change.".into(),
        )
        .into());
    }
    Ok(())
}

/// Adds a theme; its name is new in the proposal.
pub async fn create_theme(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    name: String,
) -> AppResult<ThemeRecord> {
    let txn = store.begin_write().await?;
    check_open_for_outcome(&txn, proposal_id).await?;
    let taken = themes_of(&txn, &[proposal_id])
        .await?
        .iter()
        .any(|t| t.name.eq_ignore_ascii_case(&name));
    if taken {
        return Err(DomainError::Conflict(format!(
            "There is already a theme \"{name}\" in this proposal."
        ))
        .into());
    }
    let record = theme_from_row(
        theme::Entity::insert(theme::ActiveModel {
            id: Set(Uuid::now_v7()),
            proposal_id: Set(proposal_id),
            name: Set(name),
            management_response: Set(None),
            outcome: Set(None),
            change_description: Set(None),
            revision_number: Set(None),
            version: Set(1),
            created_at: Set(Utc::now()),
        })
        .exec_with_returning(&txn)
        .await?,
    )?;
    audit::record(
        &txn,
        actor,
        AuditAction::ThemeCreated,
        record.id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    txn.commit().await?;
    Ok(record)
}

async fn find_theme(conn: &impl ConnectionTrait, id: Uuid) -> AppResult<ThemeRecord> {
    theme::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(theme_from_row)
        .transpose()?
        .ok_or_else(|| DomainError::NotFound("There is no theme with that id.".into()).into())
}

/// The proposal a tagged response or question belongs to, if it exists.
async fn proposal_of_subject(
    conn: &impl ConnectionTrait,
    subject: TagSubject,
    id: Uuid,
) -> AppResult<Option<Uuid>> {
    Ok(match subject {
        TagSubject::FeedbackResponse => feedback_response::Entity::find_by_id(id)
            .filter(feedback_response::Column::Submitted.eq(true))
            .one(conn)
            .await?
            .map(|r| r.proposal_id),
        TagSubject::UnionResponse => union_response::Entity::find_by_id(id)
            .filter(union_response::Column::Submitted.eq(true))
            .one(conn)
            .await?
            .map(|r| r.proposal_id),
        TagSubject::Question => question::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|r| r.proposal_id),
    })
}

/// Puts a theme on a submitted response or a question of the same proposal, or takes it off.
/// Tagging twice is not an error: the tag is there.
pub async fn set_tag(
    store: &Store,
    actor: &AuditActor,
    theme_id: Uuid,
    subject: TagSubject,
    subject_id: Uuid,
    tagged: bool,
) -> AppResult<ThemeRecord> {
    let txn = store.begin_write().await?;
    let theme = find_theme(&txn, theme_id).await?;
    check_open_for_outcome(&txn, theme.proposal_id).await?;
    if proposal_of_subject(&txn, subject, subject_id).await? != Some(theme.proposal_id) {
        return Err(DomainError::unknown_id(
            "input.subjectId",
            "a submitted response or a question of this theme's proposal",
        )
        .into());
    }
    let existing = theme_tag::Entity::find()
        .filter(theme_tag::Column::ThemeId.eq(theme_id))
        .filter(theme_tag::Column::SubjectKind.eq(subject.as_str()))
        .filter(theme_tag::Column::SubjectId.eq(subject_id))
        .one(&txn)
        .await?;
    let tag = serde_json::json!({ "subject": subject.as_str(), "subjectId": subject_id });
    match (existing, tagged) {
        (None, true) => {
            theme_tag::Entity::insert(theme_tag::ActiveModel {
                id: Set(Uuid::now_v7()),
                theme_id: Set(theme_id),
                subject_kind: Set(subject.as_str().to_owned()),
                subject_id: Set(subject_id),
                tagged_by: Set(actor.user_id()),
                created_at: Set(Utc::now()),
            })
            .exec(&txn)
            .await?;
            audit::record(
                &txn,
                actor,
                AuditAction::ThemeTagged,
                theme_id,
                None::<&()>,
                Some(&tag),
            )
            .await?;
        }
        (Some(row), false) => {
            theme_tag::Entity::delete_by_id(row.id).exec(&txn).await?;
            audit::record(
                &txn,
                actor,
                AuditAction::ThemeUntagged,
                theme_id,
                Some(&tag),
                None::<&()>,
            )
            .await?;
        }
        _ => {}
    }
    txn.commit().await?;
    Ok(theme)
}

/// Writes management's response to a theme.
pub async fn respond_to_theme(
    store: &Store,
    actor: &AuditActor,
    theme_id: Uuid,
    expected_version: Option<i32>,
    response: impl FnOnce(i32) -> Result<ThemeResponse, DomainError>,
) -> AppResult<ThemeRecord> {
    let txn = store.begin_write().await?;
    let before = find_theme(&txn, theme_id).await?;
    DomainError::check_version("this theme", expected_version, before.version)?;
    check_open_for_outcome(&txn, before.proposal_id).await?;
    let response = response(revisions::latest_number(&txn, before.proposal_id).await?)?;
    let after = theme_from_row(
        theme::Entity::update(theme::ActiveModel {
            id: Set(theme_id),
            management_response: Set(Some(response.management_response)),
            outcome: Set(Some(response.outcome.as_str().to_owned())),
            change_description: Set(response.change_description),
            revision_number: Set(response.revision_number),
            version: Set(before.version + 1),
            ..Default::default()
        })
        .exec(&txn)
        .await?,
    )?;
    audit::record(
        &txn,
        actor,
        AuditAction::ThemeResponded,
        theme_id,
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Saves the report's summary and, with `complete`, completes it: the consultation closed and
/// every theme answered. A completed report no longer changes.
pub async fn save_report(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    expected_version: Option<i32>,
    summary: Option<String>,
    complete: bool,
) -> AppResult<ReportRecord> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    outcome::check_editable(proposal.status)?;
    let before = reports_of(&txn, &[proposal_id])
        .await?
        .pop()
        .map(|(_, r)| r);
    DomainError::check_version(
        "the outcome report",
        expected_version,
        before.as_ref().map_or(0, |r| r.version),
    )?;
    if before.as_ref().is_some_and(|r| r.completed_at.is_some()) {
        return Err(DomainError::Conflict("The outcome report is already complete.".into()).into());
    }
    if complete {
        let themes = themes_of(&txn, &[proposal_id]).await?;
        let facts: Vec<ThemeFacts<'_>> = themes.iter().map(ThemeRecord::facts).collect();
        outcome::check_completion(proposal.status, &facts)?;
    }
    let now = Utc::now();
    let row = outcome_report::ActiveModel {
        proposal_id: Set(proposal_id),
        summary: Set(summary
            .or_else(|| before.as_ref().map(|r| r.summary.clone()))
            .unwrap_or_default()),
        completed_at: Set(complete.then_some(now)),
        completed_by: Set(if complete { actor.user_id() } else { None }),
        version: Set(before.as_ref().map_or(1, |r| r.version + 1)),
        updated_at: Set(now),
    };
    let saved = if before.is_some() {
        outcome_report::Entity::update(row).exec(&txn).await?
    } else {
        outcome_report::Entity::insert(row)
            .exec_with_returning(&txn)
            .await?
    };
    let after = ReportRecord {
        summary: saved.summary,
        completed_at: saved.completed_at,
        completed_by: saved.completed_by,
        version: saved.version,
    };
    let action = if complete {
        AuditAction::OutcomeReportCompleted
    } else {
        AuditAction::OutcomeReportSaved
    };
    audit::record(
        &txn,
        actor,
        action,
        proposal_id,
        before.as_ref(),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
