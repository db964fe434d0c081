//! Proposals: their content, recognised unions, lifecycle and the lists people find them in.

use super::{
    Store, audit,
    entities::{approval, checklist_step, employee, proposal, proposal_union, question},
    revisions,
};
use crate::domain::notify::PlanScope;
use crate::domain::{
    DomainError,
    access::{ProposalFacts, ProposalScope, Viewer, proposal_not_found},
    audit::{AuditAction, AuditActor},
    proposal::{Alternative, GateFacts, Jurisdiction, ProposalStatus, Risk, Transition},
    s188::Workforce,
    signoff::ContentVersions,
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
    sea_query::{Expr, ExprTrait, Func, Query},
};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// The editable content of a proposal, validated (see `domain::proposal`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProposalContent {
    pub title: String,
    pub service: String,
    pub establishment: String,
    #[serde(skip)]
    pub jurisdiction: Jurisdiction,
    pub sponsor_id: Option<Uuid>,
    pub background: String,
    pub rationale: String,
    pub proposal_text: String,
    pub benefits: String,
    pub alternatives: Vec<Alternative>,
    pub risks: Vec<Risk>,
    pub equality_analysis: String,
    pub equality_analysis_complete: bool,
    pub agency_workers: String,
    pub selection_method: String,
    pub dismissal_method: String,
    pub redundancy_pay_method: String,
    pub recognised_unions: Vec<String>,
    pub visible_to_whole_service: bool,
    /// The establishment's workforce by description (s188(4)(c)).
    pub establishment_workforce: Option<Workforce>,
}

/// A stored proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProposalRecord {
    pub id: Uuid,
    #[serde(flatten)]
    pub content: ProposalContent,
    #[serde(serialize_with = "serialize_status")]
    pub status: ProposalStatus,
    pub shared_with_unions_at: Option<DateTime<Utc>>,
    pub consultation_opened_at: Option<DateTime<Utc>>,
    /// The day it was proposed: it left draft (s188(3) counts from it). `None` for a draft.
    pub proposed_on: Option<NaiveDate>,
    pub withdrawn_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
    /// Moves with every change to anything inside the proposal (database triggers): the key of
    /// the in-memory read model (`api::graph_cache`).
    #[serde(skip)]
    pub graph_version: i64,
    /// Where its substantive content is, for approvals given on an earlier version.
    #[serde(skip)]
    pub content_versions: ContentVersions,
    /// HR recorded the opening of consultation after the fact.
    pub consultation_opened_backdated: bool,
    /// The HR person staff are told to talk to: the HR account that created it unless HR
    /// named another (`set_hr_contact`).
    pub hr_contact_id: Option<Uuid>,
}

fn serialize_status<S: serde::Serializer>(
    status: &ProposalStatus,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(status.as_str())
}

impl ProposalRecord {
    /// The facts `domain::access` decides visibility on.
    pub fn facts(&self, viewer_is_named: bool) -> ProposalFacts<'_> {
        ProposalFacts {
            sponsor_id: self.content.sponsor_id,
            shared_with_unions: self.shared_with_unions_at.is_some(),
            published_to_staff: self.consultation_opened_at.is_some(),
            visible_to_whole_service: self.content.visible_to_whole_service,
            recognised_unions: &self.content.recognised_unions,
            viewer_is_named,
        }
    }
}

/// The day a stored proposal was proposed. Proposals that left draft before the day was
/// recorded (migration 000015) count from their creation, the earliest it can have been.
pub fn proposed_on(row: &proposal::Model) -> Option<NaiveDate> {
    if row.status == ProposalStatus::Draft.as_str() {
        None
    } else {
        row.proposed_on.or(Some(row.created_at.date_naive()))
    }
}

fn from_row(row: proposal::Model, unions: Vec<String>) -> AppResult<ProposalRecord> {
    let proposed_on = proposed_on(&row);
    let workforce = row
        .establishment_workforce
        .clone()
        .map(serde_json::from_value::<Workforce>)
        .transpose();
    let corrupt = |what: &str| {
        AppError::Internal(anyhow::anyhow!("proposal {} has an invalid {what}", row.id))
    };
    Ok(ProposalRecord {
        id: row.id,
        status: ProposalStatus::parse(&row.status).ok_or_else(|| corrupt("status"))?,
        content: ProposalContent {
            jurisdiction: Jurisdiction::parse(&row.establishment_jurisdiction)
                .ok_or_else(|| corrupt("jurisdiction"))?,
            alternatives: serde_json::from_value(row.alternatives.clone())
                .map_err(|_| corrupt("alternatives"))?,
            risks: serde_json::from_value(row.risks.clone()).map_err(|_| corrupt("risks"))?,
            title: row.title,
            service: row.service,
            establishment: row.establishment,
            sponsor_id: row.sponsor_id,
            background: row.background,
            rationale: row.rationale,
            proposal_text: row.proposal_text,
            benefits: row.benefits,
            equality_analysis: row.equality_analysis,
            equality_analysis_complete: row.equality_analysis_complete,
            agency_workers: row.agency_workers,
            selection_method: row.selection_method,
            dismissal_method: row.dismissal_method,
            redundancy_pay_method: row.redundancy_pay_method,
            recognised_unions: unions,
            visible_to_whole_service: row.visible_to_whole_service,
            establishment_workforce: workforce.map_err(|_| corrupt("establishment workforce"))?,
        },
        shared_with_unions_at: row.shared_with_unions_at,
        consultation_opened_at: row.consultation_opened_at,
        proposed_on,
        withdrawn_reason: row.withdrawn_reason,
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: row.version,
        graph_version: row.graph_version,
        content_versions: ContentVersions {
            sections: row.sections_version,
            posts: row.posts_version,
            impacts: row.impacts_version,
            disclosure: row.disclosure_version,
        },
        consultation_opened_backdated: row.consultation_opened_backdated,
        hr_contact_id: row.hr_contact_id,
    })
}

fn content_columns(row: &mut proposal::ActiveModel, content: &ProposalContent) -> AppResult<()> {
    let json =
        |v: serde_json::Result<serde_json::Value>| v.map_err(|e| AppError::Internal(e.into()));
    row.title = Set(content.title.clone());
    row.service = Set(content.service.clone());
    row.establishment = Set(content.establishment.clone());
    row.establishment_jurisdiction = Set(content.jurisdiction.as_str().to_owned());
    row.sponsor_id = Set(content.sponsor_id);
    row.background = Set(content.background.clone());
    row.rationale = Set(content.rationale.clone());
    row.proposal_text = Set(content.proposal_text.clone());
    row.benefits = Set(content.benefits.clone());
    row.alternatives = Set(json(serde_json::to_value(&content.alternatives))?);
    row.risks = Set(json(serde_json::to_value(&content.risks))?);
    row.equality_analysis = Set(content.equality_analysis.clone());
    row.equality_analysis_complete = Set(content.equality_analysis_complete);
    row.agency_workers = Set(content.agency_workers.clone());
    row.selection_method = Set(content.selection_method.clone());
    row.dismissal_method = Set(content.dismissal_method.clone());
    row.redundancy_pay_method = Set(content.redundancy_pay_method.clone());
    row.visible_to_whole_service = Set(content.visible_to_whole_service);
    row.establishment_workforce = Set(content
        .establishment_workforce
        .as_ref()
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| AppError::Internal(e.into()))?);
    Ok(())
}

async fn replace_unions(conn: &impl ConnectionTrait, id: Uuid, unions: &[String]) -> AppResult<()> {
    proposal_union::Entity::delete_many()
        .filter(proposal_union::Column::ProposalId.eq(id))
        .exec(conn)
        .await?;
    if !unions.is_empty() {
        proposal_union::Entity::insert_many(unions.iter().map(|u| proposal_union::ActiveModel {
            proposal_id: Set(id),
            union_name: Set(u.clone()),
        }))
        .exec(conn)
        .await?;
    }
    Ok(())
}

/// Checks that a sponsor is a manager's or HR's account.
async fn check_sponsor(
    conn: &impl ConnectionTrait,
    sponsor_id: Option<Uuid>,
    field: &str,
) -> AppResult<()> {
    let Some(id) = sponsor_id else { return Ok(()) };
    let user = super::entities::app_user::Entity::find_by_id(id)
        .one(conn)
        .await?;
    match user.map(|u| u.role) {
        Some(role) if role == "MANAGER" || role == "HR_ADMIN" => Ok(()),
        Some(_) => {
            Err(DomainError::bad_input(field, "The sponsor must be a manager's account.").into())
        }
        None => Err(DomainError::unknown_id(field, "a user (an account)").into()),
    }
}

/// Creates a proposal in `DRAFT`.
pub async fn create(
    store: &Store,
    actor: &AuditActor,
    content: ProposalContent,
) -> AppResult<ProposalRecord> {
    let txn = store.begin_write().await?;
    check_sponsor(&txn, content.sponsor_id, "input.fields.sponsorId").await?;
    let now = Utc::now();
    let mut row = proposal::ActiveModel {
        id: Set(Uuid::now_v7()),
        status: Set(ProposalStatus::Draft.as_str().to_owned()),
        shared_with_unions_at: Set(None),
        consultation_opened_at: Set(None),
        withdrawn_reason: Set(None),
        created_by: Set(actor.user_id()),
        // Only HR creates proposals: the creator is who staff talk to until HR names another.
        hr_contact_id: Set(actor.user_id()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    content_columns(&mut row, &content)?;
    let inserted = proposal::Entity::insert(row)
        .exec_with_returning(&txn)
        .await?;
    replace_unions(&txn, inserted.id, &content.recognised_unions).await?;
    let record = from_row(inserted, content.recognised_unions.clone())?;
    audit::record(
        &txn,
        actor,
        AuditAction::ProposalCreated,
        record.id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    txn.commit().await?;
    Ok(record)
}

/// Loads a proposal inside a transaction, checking the version the editor last saw.
pub(crate) async fn load_for_change(
    conn: &impl ConnectionTrait,
    id: Uuid,
    expected_version: Option<i32>,
) -> AppResult<ProposalRecord> {
    let mut query = proposal::Entity::find_by_id(id);
    if expected_version.is_some() {
        // Held until commit: a second editor with the same version waits, then gets CONFLICT
        // (PostgreSQL; SQLite's write lock already serialises writers).
        query = query.lock_exclusive();
    }
    let row = query.one(conn).await?.ok_or_else(proposal_not_found)?;
    let unions = unions_of(conn, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let record = from_row(row, unions)?;
    DomainError::check_version("this proposal", expected_version, record.version)?;
    Ok(record)
}

async fn save(conn: &impl ConnectionTrait, record: &ProposalRecord) -> AppResult<ProposalRecord> {
    let mut row = proposal::ActiveModel {
        id: Set(record.id),
        ..Default::default()
    };
    content_columns(&mut row, &record.content)?;
    row.status = Set(record.status.as_str().to_owned());
    row.shared_with_unions_at = Set(record.shared_with_unions_at);
    row.consultation_opened_at = Set(record.consultation_opened_at);
    row.proposed_on = Set(record.proposed_on);
    row.consultation_opened_backdated = Set(record.consultation_opened_backdated);
    row.withdrawn_reason = Set(record.withdrawn_reason.clone());
    row.updated_at = Set(Utc::now());
    row.version = Set(record.version + 1);
    let updated = proposal::Entity::update(row).exec(conn).await?;
    replace_unions(conn, record.id, &record.content.recognised_unions).await?;
    from_row(updated, record.content.recognised_unions.clone())
}

/// Replaces the content; after sharing, records a revision with `change_summary` (or one
/// written from the differences).
pub async fn update(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    change: impl FnOnce(&ProposalContent) -> Result<ProposalContent, DomainError>,
    change_summary: Option<String>,
) -> AppResult<ProposalRecord> {
    let txn = store.begin_write().await?;
    let before = load_for_change(&txn, id, Some(expected_version)).await?;
    let content = change(&before.content)?;
    if content.sponsor_id != before.content.sponsor_id {
        check_sponsor(&txn, content.sponsor_id, "input.fields.sponsorId").await?;
    }
    let after = save(
        &txn,
        &ProposalRecord {
            content,
            ..before.clone()
        },
    )
    .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::ProposalUpdated,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    revisions::record_change(&txn, &after, actor, change_summary).await?;
    super::commit_proposal_change(txn, id, PlanScope::Whole).await?;
    Ok(after)
}

/// Names the HR person staff are told to talk to: an enabled HR account.
pub async fn set_hr_contact(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    user_id: Uuid,
) -> AppResult<ProposalRecord> {
    let txn = store.begin_write().await?;
    let before = load_for_change(&txn, id, Some(expected_version)).await?;
    let user = super::entities::app_user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or_else(|| DomainError::unknown_id("input.userId", "a user (an account)"))?;
    crate::domain::proposal::check_hr_contact(
        crate::domain::account::Role::parse(&user.role),
        user.disabled_at.is_some(),
    )?;
    let updated = proposal::Entity::update(proposal::ActiveModel {
        id: Set(id),
        hr_contact_id: Set(Some(user_id)),
        updated_at: Set(Utc::now()),
        version: Set(before.version + 1),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let after = from_row(updated, before.content.recognised_unions.clone())?;
    audit::record(
        &txn,
        actor,
        AuditAction::ProposalUpdated,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Shares the proposal with its recognised unions; the first sharing makes revision 1.
/// With `occurred_on` HR records a sharing that happened on that (past) day: it becomes
/// the date of sharing, and the audit event says it was back-dated.
pub async fn share_with_unions(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: Option<i32>,
    occurred_on: Option<NaiveDate>,
) -> AppResult<ProposalRecord> {
    let occurred_on = crate::domain::proposal::check_occurred_on(
        occurred_on,
        super::s188::today(),
        "input.occurredOn",
    )?;
    let txn = store.begin_write().await?;
    let before = load_for_change(&txn, id, expected_version).await?;
    crate::domain::proposal::check_share_with_unions(
        before.status,
        &before.content.recognised_unions,
    )?;
    let first = before.shared_with_unions_at.is_none();
    let shared = ProposalRecord {
        shared_with_unions_at: match occurred_on {
            Some(day) => Some(crate::domain::proposal::start_of_day(day)),
            None => before.shared_with_unions_at.or(Some(Utc::now())),
        },
        ..before.clone()
    };
    let after = save(&txn, &shared).await?;
    audit::record(
        &txn,
        actor,
        AuditAction::ProposalSharedWithUnions,
        id,
        Some(&before),
        Some(&backdated(&after, occurred_on)?),
    )
    .await?;
    let summary = first.then(|| {
        format!(
            "Shared with {}.",
            after.content.recognised_unions.join(", ")
        )
    });
    revisions::record_change(&txn, &after, actor, summary).await?;
    super::commit_proposal_change(txn, id, PlanScope::Whole).await?;
    Ok(after)
}

/// An audit event's "after": the record, with the day it was back-dated to when it was.
pub(crate) fn backdated<T: Serialize>(
    after: &T,
    occurred_on: Option<NaiveDate>,
) -> AppResult<serde_json::Value> {
    let mut value = serde_json::to_value(after).map_err(|e| AppError::Internal(e.into()))?;
    if let (Some(day), serde_json::Value::Object(map)) = (occurred_on, &mut value) {
        map.insert("backdatedTo".into(), serde_json::json!(day));
    }
    Ok(value)
}

/// Moves the proposal through its lifecycle, checking the gate (see `domain::proposal`).
/// `occurred_on` records an opening of consultation that happened on that (past) day.
pub async fn transition(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    transition: Transition,
    expected_version: Option<i32>,
    reason: Option<String>,
    occurred_on: Option<NaiveDate>,
) -> AppResult<ProposalRecord> {
    let today = super::s188::today();
    crate::domain::proposal::check_backdatable(transition, occurred_on)?;
    let occurred_on =
        crate::domain::proposal::check_occurred_on(occurred_on, today, "input.occurredOn")?;
    let txn = store.begin_write().await?;
    let before = load_for_change(&txn, id, expected_version).await?;
    let facts = GateFacts {
        opening_recorded_on: occurred_on,
        ..gate_facts(&txn, &before).await?
    };
    let status = crate::domain::proposal::check(transition, before.status, &facts)?;
    let now = Utc::now();
    let opening = status == ProposalStatus::Consulting && before.consultation_opened_at.is_none();
    let after = save(
        &txn,
        &ProposalRecord {
            status,
            consultation_opened_at: match (opening, occurred_on) {
                (true, Some(day)) => Some(crate::domain::proposal::start_of_day(day)),
                (true, None) => Some(now),
                (false, _) => before.consultation_opened_at,
            },
            consultation_opened_backdated: before.consultation_opened_backdated
                || (opening && crate::domain::proposal::opened_after_the_fact(occurred_on, today)),
            withdrawn_reason: if status == ProposalStatus::Withdrawn {
                reason
            } else {
                before.withdrawn_reason.clone()
            },
            proposed_on: crate::domain::proposal::proposed_on(
                status,
                before.proposed_on,
                super::s188::today(),
            ),
            ..before.clone()
        },
    )
    .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::ProposalTransition(transition),
        id,
        Some(&before),
        Some(&backdated(&after, occurred_on)?),
    )
    .await?;
    if status == ProposalStatus::Withdrawn && before.status != ProposalStatus::Withdrawn {
        // Its meetings to come are cancelled (their invitees get the cancellation from the
        // re-plan below), and an end-date change not yet sent no longer matters.
        super::timetable::cancel_meetings_on_withdrawal(&txn, actor, id, now).await?;
        super::outbox::cancel_case_messages(&txn, &crate::domain::notify::end_change_prefix(id))
            .await?;
    }
    if status == ProposalStatus::Decided && before.status != ProposalStatus::Decided {
        // The retention period (`domain::retention`) runs from the decision.
        proposal::Entity::update_many()
            .col_expr(
                proposal::Column::DecidedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(proposal::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    super::commit_proposal_change(txn, id, PlanScope::Whole).await?;
    Ok(after)
}

/// What the gates need, from the database. The outcome report (feedback issue) is reported
/// as ready until that issue builds it.
async fn gate_facts(conn: &impl ConnectionTrait, record: &ProposalRecord) -> AppResult<GateFacts> {
    let c = &record.content;
    let has_current_structure = super::entities::post::Entity::find()
        .filter(super::entities::post::Column::ProposalId.eq(record.id))
        .filter(super::entities::post::Column::CurrentFteHundredths.is_not_null())
        .count(conn)
        .await?
        > 0;
    let approvals = super::signoff::approvals(conn, &[record.id]).await?;
    let outstanding_approvals = crate::domain::signoff::outstanding(
        approvals
            .iter()
            .map(|a| (a.approver_title.as_str(), a.decision)),
    );
    let approvals_to_renew = approvals
        .iter()
        .filter(|a| a.state().needs_reapproval(&record.content_versions))
        .map(|a| format!("the {}", a.approver_title))
        .collect();
    let timetable = super::timetable::timetables(conn, &[record.id])
        .await?
        .remove(0);
    let mut timetable_problems = Vec::new();
    let mut missing_s188_disclosure = Vec::new();
    if timetable.period().is_none() {
        timetable_problems.push("Set the consultation period.".to_owned());
    }
    let consultation_last_day_passed = timetable
        .consultation_end
        .filter(|end| *end < super::s188::today());
    // Only the gates that look at s188 pay for the engine.
    if record.status == ProposalStatus::Approved {
        let assessment = super::s188::facts(conn, record)
            .await?
            .assess(super::s188::today());
        let (missing, problems) = crate::domain::s188::open_gate(&assessment);
        missing_s188_disclosure = missing;
        timetable_problems.extend(problems);
    }
    let steps_before_decision = super::timetable::implementation_steps(conn, &[record.id])
        .await?
        .into_iter()
        .filter(|s| s.before_decision && s.done_at.is_none())
        .map(|s| s.activity)
        .collect();
    Ok(GateFacts {
        missing_sections: crate::domain::proposal::missing_sections(&[
            ("background", &c.background),
            ("rationale", &c.rationale),
            ("proposal", &c.proposal_text),
            ("selection method", &c.selection_method),
        ]),
        has_current_structure,
        equality_analysis_complete: c.equality_analysis_complete
            && !c.equality_analysis.trim().is_empty(),
        has_checklist: !approvals.is_empty(),
        outstanding_approvals,
        approvals_to_renew,
        consultation_last_day_passed,
        opening_recorded_on: None,
        unions_briefed: c.recognised_unions.is_empty() || record.shared_with_unions_at.is_some(),
        missing_s188_disclosure,
        timetable_problems,
        steps_before_decision,
        unanswered_questions: super::questions::of_proposals(conn, &[record.id])
            .await?
            .iter()
            // An unresolved challenge counts as unanswered (issue 20).
            .filter(|q| crate::domain::question::awaits_answer(q.answer.is_some(), q.reply_state))
            .count() as u32,
        outcome_report_ready: super::outcome::report_complete(conn, record.id).await?,
    })
}

/// The recognised unions of each proposal, in one statement.
pub async fn unions_of(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<String>>> {
    let rows = proposal_union::Entity::find()
        .filter(proposal_union::Column::ProposalId.is_in(ids.iter().copied()))
        .order_by_asc(proposal_union::Column::UnionName)
        .all(conn)
        .await?;
    let mut map: HashMap<Uuid, Vec<String>> = HashMap::new();
    for row in rows {
        map.entry(row.proposal_id).or_default().push(row.union_name);
    }
    Ok(map)
}

/// A proposal by id (visibility is checked by the caller, through `domain::access`).
pub async fn find(store: &Store, id: Uuid) -> AppResult<Option<ProposalRecord>> {
    let Some(row) = proposal::Entity::find_by_id(id).one(store.conn()).await? else {
        return Ok(None);
    };
    let unions = unions_of(store.conn(), &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    from_row(row, unions).map(Some)
}

/// Whether `email` is named as an employee in the proposal.
pub async fn names(store: &Store, proposal_id: Uuid, email: &str) -> AppResult<bool> {
    Ok(employee::Entity::find()
        .filter(employee::Column::ProposalId.eq(proposal_id))
        .filter(employee::Column::WorkEmail.eq(email))
        .count(store.conn())
        .await?
        > 0)
}

fn scoped(scope: &ProposalScope, status: Option<ProposalStatus>) -> Select<proposal::Entity> {
    let mut query = proposal::Entity::find();
    if let Some(status) = status {
        query = query.filter(proposal::Column::Status.eq(status.as_str()));
    }
    match scope {
        ProposalScope::All => query,
        // The proposals a manager sponsors or has a task in.
        ProposalScope::SponsoredBy(user) => query.filter(
            Condition::any()
                .add(proposal::Column::SponsorId.eq(*user))
                .add(
                    proposal::Column::Id.in_subquery(
                        Query::select()
                            .column(question::Column::ProposalId)
                            .from(question::Entity)
                            .and_where(question::Column::OwnerId.eq(*user))
                            .to_owned(),
                    ),
                )
                .add(
                    proposal::Column::Id.in_subquery(
                        Query::select()
                            .column(checklist_step::Column::ProposalId)
                            .from(checklist_step::Entity)
                            .and_where(checklist_step::Column::AssigneeId.eq(*user))
                            .to_owned(),
                    ),
                )
                .add(
                    proposal::Column::Id.in_subquery(
                        Query::select()
                            .column(approval::Column::ProposalId)
                            .from(approval::Entity)
                            .and_where(approval::Column::ApproverId.eq(*user))
                            .to_owned(),
                    ),
                ),
        ),
        ProposalScope::SharedWithUnion(union) => query
            .filter(proposal::Column::SharedWithUnionsAt.is_not_null())
            .filter(
                proposal::Column::Id.in_subquery(
                    Query::select()
                        .column(proposal_union::Column::ProposalId)
                        .from(proposal_union::Entity)
                        .and_where(
                            Expr::expr(Func::lower(Expr::col(proposal_union::Column::UnionName)))
                                .eq(union.to_lowercase()),
                        )
                        .to_owned(),
                ),
            ),
        ProposalScope::PublishedToStaff { email } => query
            .filter(proposal::Column::ConsultationOpenedAt.is_not_null())
            .filter(
                Condition::any()
                    .add(proposal::Column::VisibleToWholeService.eq(true))
                    .add(
                        proposal::Column::Id.in_subquery(
                            Query::select()
                                .column(employee::Column::ProposalId)
                                .from(employee::Entity)
                                .and_where(employee::Column::WorkEmail.eq(email.as_str()))
                                .to_owned(),
                        ),
                    ),
            ),
    }
}

/// One page of the proposals in `scope`, newest first, before the cursor `after`.
pub async fn page(
    store: &Store,
    scope: &ProposalScope,
    status: Option<ProposalStatus>,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<Vec<ProposalRecord>> {
    let mut query = scoped(scope, status).order_by_desc(proposal::Column::Id);
    if let Some(after) = after {
        query = query.filter(proposal::Column::Id.lt(after));
    }
    let rows = query.limit(limit + 1).all(store.conn()).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut unions = unions_of(store.conn(), &ids).await?;
    rows.into_iter()
        .map(|row| {
            let u = unions.remove(&row.id).unwrap_or_default();
            from_row(row, u)
        })
        .collect()
}

pub async fn count(
    store: &Store,
    scope: &ProposalScope,
    status: Option<ProposalStatus>,
) -> AppResult<u64> {
    Ok(scoped(scope, status).count(store.conn()).await?)
}

/// Whether the viewer is named in it: staff as employees, managers as owners of a question,
/// assignees of a checklist step or approvers (see `domain::access::ProposalFacts`).
pub async fn viewer_is_named(store: &Store, viewer: &Viewer, proposal_id: Uuid) -> AppResult<bool> {
    use crate::domain::account::Role;
    match viewer.role {
        Role::Staff => names(store, proposal_id, &viewer.email).await,
        Role::Manager => {
            let with_task = scoped(&ProposalScope::SponsoredBy(viewer.user_id), None)
                .filter(proposal::Column::Id.eq(proposal_id))
                .count(store.conn())
                .await?;
            Ok(with_task > 0)
        }
        _ => Ok(false),
    }
}

/// Every proposal in `scope` (for calendar feeds: a person sees few proposals at once).
pub async fn all_in_scope(store: &Store, scope: &ProposalScope) -> AppResult<Vec<ProposalRecord>> {
    let rows = scoped(scope, None)
        .order_by_desc(proposal::Column::Id)
        .all(store.conn())
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut unions = unions_of(store.conn(), &ids).await?;
    rows.into_iter()
        .map(|row| {
            let u = unions.remove(&row.id).unwrap_or_default();
            from_row(row, u)
        })
        .collect()
}

/// The graph version of each of these proposals (absent: no such proposal), in one statement.
pub async fn graph_versions(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<HashMap<Uuid, i64>> {
    Ok(proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Id)
        .column(proposal::Column::GraphVersion)
        .filter(proposal::Column::Id.is_in(ids.iter().copied()))
        .into_tuple::<(Uuid, i64)>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// Where the substantive content of each of these proposals is, in one statement.
pub async fn content_versions(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<HashMap<Uuid, ContentVersions>> {
    Ok(proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Id)
        .column(proposal::Column::SectionsVersion)
        .column(proposal::Column::PostsVersion)
        .column(proposal::Column::ImpactsVersion)
        .column(proposal::Column::DisclosureVersion)
        .filter(proposal::Column::Id.is_in(ids.iter().copied()))
        .into_tuple::<(Uuid, i64, i64, i64, i64)>()
        .all(conn)
        .await?
        .into_iter()
        .map(|(id, sections, posts, impacts, disclosure)| {
            (
                id,
                ContentVersions {
                    sections,
                    posts,
                    impacts,
                    disclosure,
                },
            )
        })
        .collect())
}
