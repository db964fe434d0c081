//! The structure of a proposal: pay scales, post lines, employees and their holdings,
//! ring fences; and the whole graph of a proposal loaded in a fixed number of statements.

use super::{
    Store, audit,
    entities::{
        employee, import_mapping, jd_comment, jd_version, job_description, pay_scale, post,
        post_holding, ring_fence,
    },
    proposals, revisions,
};
use crate::domain::notify::PlanScope;
use crate::domain::{
    DomainError,
    audit::{AuditAction, AuditActor},
    csv_file, csv_import,
    employee::{EmployeeDetails, Holding, Impact},
    jd_diff::Duty,
    job_description::{CommentCategory, JdContent},
    pay_scale::{OnCostRate, PayScaleChange, PayTerms},
    proposal::ProposalStatus,
    question as question_rules,
    ring_fence::{self as ring_fence_rules, Member, RingFenceKind},
    structure::{self, Fte, ImpactTally, Pence, PostLine, PostSide},
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Query},
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

use super::corrupt;

/// A grade: its salary, its on-cost rate, and what a full-time post on it costs a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayScaleRecord {
    pub id: Uuid,
    pub grade: String,
    /// Salary plus on-costs (`PayTerms::annual_cost`), as stored when the scale was set.
    pub annual_cost_pence: i64,
    pub salary_pence: i64,
    pub on_cost_basis_points: u32,
    pub description: Option<String>,
    pub version: i32,
}

impl PayScaleRecord {
    pub fn terms(&self) -> PayTerms {
        PayTerms {
            salary: Pence(self.salary_pence),
            on_cost: OnCostRate::from_basis_points(self.on_cost_basis_points),
        }
    }
}

impl From<pay_scale::Model> for PayScaleRecord {
    fn from(row: pay_scale::Model) -> Self {
        PayScaleRecord {
            id: row.id,
            grade: row.grade,
            annual_cost_pence: row.annual_cost_pence,
            salary_pence: row.salary_pence,
            on_cost_basis_points: row.on_cost_basis_points.max(0) as u32,
            description: row.description,
            version: row.version,
        }
    }
}

/// Every pay scale, by grade name.
pub async fn pay_scales(conn: &impl ConnectionTrait) -> AppResult<Vec<PayScaleRecord>> {
    Ok(pay_scale::Entity::find()
        .order_by_asc(pay_scale::Column::Grade)
        .all(conn)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Each grade's annual cost with on-costs: what the structure is costed at.
pub fn pay_scale_map(scales: &[PayScaleRecord]) -> HashMap<String, Pence> {
    scales
        .iter()
        .map(|s| (s.grade.clone(), Pence(s.annual_cost_pence)))
        .collect()
}

/// Each grade's salary without on-costs: what a week's pay is estimated from.
pub fn salary_map(scales: &[PayScaleRecord]) -> HashMap<String, Pence> {
    scales
        .iter()
        .map(|s| (s.grade.clone(), Pence(s.salary_pence)))
        .collect()
}

/// Sets the salary and on-cost rate of a grade, creating the grade when new; its annual cost
/// is worked out from them.
pub async fn set_pay_scale(
    store: &Store,
    actor: &AuditActor,
    grade: String,
    change: PayScaleChange,
    description: Option<String>,
) -> AppResult<PayScaleRecord> {
    let txn = store.begin_write().await?;
    let existing = pay_scale::Entity::find()
        .filter(pay_scale::Column::Grade.eq(grade.as_str()))
        .one(&txn)
        .await?;
    let now = Utc::now();
    let before = existing.clone().map(PayScaleRecord::from);
    let terms = change.apply(before.as_ref().map(PayScaleRecord::terms));
    let annual = terms.annual_cost();
    let salary = Set(terms.salary.0);
    let on_cost = Set(terms.on_cost.basis_points() as i32);
    let row = match existing {
        Some(row) => {
            pay_scale::Entity::update(pay_scale::ActiveModel {
                id: Set(row.id),
                annual_cost_pence: Set(annual.0),
                salary_pence: salary,
                on_cost_basis_points: on_cost,
                description: Set(description),
                version: Set(row.version + 1),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(&txn)
            .await?
        }
        None => {
            pay_scale::Entity::insert(pay_scale::ActiveModel {
                id: Set(Uuid::now_v7()),
                grade: Set(grade),
                annual_cost_pence: Set(annual.0),
                salary_pence: salary,
                on_cost_basis_points: on_cost,
                description: Set(description),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .exec_with_returning(&txn)
            .await?
        }
    };
    let after = PayScaleRecord::from(row);
    audit::record(
        &txn,
        actor,
        AuditAction::PayScaleSet,
        after.id,
        before.as_ref(),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// A stored post line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostRecord {
    pub line: PostLine,
    pub proposal_id: Uuid,
    pub position: i32,
    pub note: Option<String>,
    pub version: i32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PostAudit<'a> {
    title: &'a str,
    in_scope: bool,
    current: Option<SideAudit<'a>>,
    proposed: Option<SideAudit<'a>>,
    note: &'a Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SideAudit<'a> {
    grade: &'a str,
    fte: f64,
    headcount: u32,
    reports_to: Option<Uuid>,
    jd_version_id: Option<Uuid>,
}

fn side_audit(side: &Option<PostSide>) -> Option<SideAudit<'_>> {
    side.as_ref().map(|s| SideAudit {
        grade: &s.grade,
        fte: s.fte.as_f64(),
        headcount: s.headcount,
        reports_to: s.reports_to,
        jd_version_id: s.jd_version_id,
    })
}

impl PostRecord {
    fn audit(&self) -> PostAudit<'_> {
        PostAudit {
            title: &self.line.title,
            in_scope: self.line.in_scope,
            current: side_audit(&self.line.current),
            proposed: side_audit(&self.line.proposed),
            note: &self.note,
        }
    }
}

fn post_from_row(row: post::Model) -> AppResult<PostRecord> {
    let side =
        |grade: Option<String>, fte: Option<i32>, headcount: Option<i32>, reports_to, jd| match (
            grade, fte, headcount,
        ) {
            (Some(grade), Some(fte), Some(headcount)) => Ok(Some(PostSide {
                grade,
                fte: Fte::from_hundredths(u32::try_from(fte).map_err(|_| corrupt("post", row.id))?),
                headcount: u32::try_from(headcount).map_err(|_| corrupt("post", row.id))?,
                reports_to,
                jd_version_id: jd,
            })),
            (None, None, None) => Ok(None),
            _ => Err(corrupt("post", row.id)),
        };
    let current = side(
        row.current_grade.clone(),
        row.current_fte_hundredths,
        row.current_headcount,
        row.current_reports_to,
        row.current_jd_version_id,
    )?;
    let proposed = side(
        row.proposed_grade.clone(),
        row.proposed_fte_hundredths,
        row.proposed_headcount,
        row.proposed_reports_to,
        row.proposed_jd_version_id,
    )?;
    Ok(PostRecord {
        line: PostLine {
            id: row.id,
            title: row.title,
            in_scope: row.in_scope,
            current,
            proposed,
        },
        proposal_id: row.proposal_id,
        position: row.position,
        note: row.note,
        version: row.version,
    })
}

fn post_columns(row: &mut post::ActiveModel, line: &PostLine, note: &Option<String>) {
    let side = |s: &Option<PostSide>| {
        (
            s.as_ref().map(|s| s.grade.clone()),
            s.as_ref().map(|s| s.fte.hundredths() as i32),
            s.as_ref().map(|s| s.headcount as i32),
            s.as_ref().and_then(|s| s.reports_to),
            s.as_ref().and_then(|s| s.jd_version_id),
        )
    };
    let (g, f, h, r, j) = side(&line.current);
    row.current_grade = Set(g);
    row.current_fte_hundredths = Set(f);
    row.current_headcount = Set(h);
    row.current_reports_to = Set(r);
    row.current_jd_version_id = Set(j);
    let (g, f, h, r, j) = side(&line.proposed);
    row.proposed_grade = Set(g);
    row.proposed_fte_hundredths = Set(f);
    row.proposed_headcount = Set(h);
    row.proposed_reports_to = Set(r);
    row.proposed_jd_version_id = Set(j);
    row.title = Set(line.title.clone());
    row.in_scope = Set(line.in_scope);
    row.note = Set(note.clone());
}

/// A proposal's post lines, in the structure's order.
pub async fn posts_of(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Vec<PostRecord>> {
    post::Entity::find()
        .filter(post::Column::ProposalId.eq(proposal_id))
        .order_by_asc(post::Column::Position)
        .order_by_asc(post::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(post_from_row)
        .collect()
}

/// Refuses changes to a proposal that has been decided or withdrawn.
fn check_editable(status: ProposalStatus) -> AppResult<()> {
    Ok(crate::domain::structure::check_structure_editable(status)?)
}

/// Checks a line against the rest of its proposal: grades with pay scales, JDs of this
/// proposal, reporting lines, and no side removed or shrunk below its holders.
async fn check_line(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    line: &PostLine,
    others: &[PostRecord],
) -> AppResult<()> {
    if line.current.is_none() && line.proposed.is_none() {
        return Err(DomainError::bad_input(
            "input",
            "A post needs a current side, a proposed side, or both.",
        )
        .into());
    }
    let scales = pay_scale_map(&pay_scales(conn).await?);
    for (name, side) in [("current", &line.current), ("proposed", &line.proposed)] {
        let Some(side) = side else { continue };
        if !scales.contains_key(&side.grade) {
            return Err(DomainError::bad_input(
                format!("input.{name}.grade"),
                format!(
                    "There is no pay scale for \"{}\"; HR must set its cost first (setPayScale).",
                    side.grade
                ),
            )
            .into());
        }
        if let Some(jd) = side.jd_version_id {
            let belongs = jd_version::Entity::find_by_id(jd)
                .filter(
                    jd_version::Column::JobDescriptionId.in_subquery(
                        Query::select()
                            .column(job_description::Column::Id)
                            .from(job_description::Entity)
                            .and_where(job_description::Column::ProposalId.eq(proposal_id))
                            .to_owned(),
                    ),
                )
                .one(conn)
                .await?
                .is_some();
            if !belongs {
                return Err(DomainError::unknown_id(
                    format!("input.{name}.jobDescriptionVersionId"),
                    "a job description version of this proposal",
                )
                .into());
            }
        }
    }
    let mut lines: Vec<PostLine> = others
        .iter()
        .filter(|p| p.line.id != line.id)
        .map(|p| p.line.clone())
        .collect();
    lines.push(line.clone());
    structure::check_reporting_lines(&lines)?;
    let held: i64 = post_holding::Entity::find()
        .filter(post_holding::Column::PostId.eq(line.id))
        .all(conn)
        .await?
        .iter()
        .map(|h| i64::from(h.fte_hundredths))
        .sum();
    let capacity = line
        .current
        .as_ref()
        .map_or(0, |s| i64::from(s.fte.hundredths()));
    if held > capacity {
        return Err(DomainError::bad_input(
            "input.current.fte",
            format!(
                "Its holders hold {} FTE; move them before reducing or removing the current post.",
                held as f64 / 100.0
            ),
        )
        .into());
    }
    Ok(())
}

/// Adds a post line to a proposal.
pub async fn create_post(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    line: PostLine,
    note: Option<String>,
    change_summary: Option<String>,
) -> AppResult<PostRecord> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    check_editable(proposal.status)?;
    let others = posts_of(&txn, proposal_id).await?;
    check_line(&txn, proposal_id, &line, &others).await?;
    let now = Utc::now();
    let mut row = post::ActiveModel {
        id: Set(line.id),
        proposal_id: Set(proposal_id),
        position: Set(others.iter().map(|p| p.position).max().unwrap_or(0) + 1),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    post_columns(&mut row, &line, &note);
    let record = post_from_row(post::Entity::insert(row).exec_with_returning(&txn).await?)?;
    audit::record(
        &txn,
        actor,
        AuditAction::PostCreated,
        record.line.id,
        None::<&()>,
        Some(&record.audit()),
    )
    .await?;
    revisions::record_change(&txn, &proposal, actor, change_summary).await?;
    // The s188 count (and so HR1 and the minimum period) may have changed.
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(record)
}

/// Loads a post for a change, checking the version its editor last saw.
pub async fn load_post(
    conn: &impl ConnectionTrait,
    id: Uuid,
    expected_version: Option<i32>,
) -> AppResult<PostRecord> {
    // Locked until commit, so two edits of the same version cannot both pass the check.
    let row = post::Entity::find_by_id(id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or_else(|| DomainError::NotFound("There is no post with that id.".into()))?;
    let record = post_from_row(row)?;
    DomainError::check_version("this post", expected_version, record.version)?;
    Ok(record)
}

/// Changes a post line.
pub async fn update_post(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    change: impl FnOnce(&PostRecord) -> Result<(PostLine, Option<String>), DomainError>,
    change_summary: Option<String>,
) -> AppResult<PostRecord> {
    let txn = store.begin_write().await?;
    let before = load_post(&txn, id, Some(expected_version)).await?;
    let proposal = proposals::load_for_change(&txn, before.proposal_id, None).await?;
    check_editable(proposal.status)?;
    let (line, note) = change(&before)?;
    let others = posts_of(&txn, before.proposal_id).await?;
    check_line(&txn, before.proposal_id, &line, &others).await?;
    let mut row = post::ActiveModel {
        id: Set(id),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    post_columns(&mut row, &line, &note);
    let after = post_from_row(post::Entity::update(row).exec(&txn).await?)?;
    audit::record(
        &txn,
        actor,
        AuditAction::PostUpdated,
        id,
        Some(&before.audit()),
        Some(&after.audit()),
    )
    .await?;
    revisions::record_change(&txn, &proposal, actor, change_summary).await?;
    // The s188 count (and so HR1 and the minimum period) may have changed.
    super::commit_proposal_change(txn, before.proposal_id, PlanScope::Whole).await?;
    Ok(after)
}

/// Removes a post line that nothing refers to any more.
pub async fn delete_post(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    change_summary: Option<String>,
) -> AppResult<Uuid> {
    let txn = store.begin_write().await?;
    let before = load_post(&txn, id, Some(expected_version)).await?;
    let proposal = proposals::load_for_change(&txn, before.proposal_id, None).await?;
    check_editable(proposal.status)?;
    let others = posts_of(&txn, before.proposal_id).await?;
    if let Some(report) = others.iter().find(|p| {
        [&p.line.current, &p.line.proposed]
            .iter()
            .any(|s| s.as_ref().is_some_and(|s| s.reports_to == Some(id)))
    }) {
        return Err(DomainError::Conflict(format!(
            "\"{}\" reports to this post; change its reporting line first.",
            report.line.title
        ))
        .into());
    }
    let holders = post_holding::Entity::find()
        .filter(post_holding::Column::PostId.eq(id))
        .count(&txn)
        .await?;
    let slot_ins = employee::Entity::find()
        .filter(employee::Column::SlotInPostId.eq(id))
        .count(&txn)
        .await?;
    if holders > 0 || slot_ins > 0 {
        return Err(DomainError::Conflict(
            "Employees hold or are slotted into this post; move them first.".into(),
        )
        .into());
    }
    post::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        AuditAction::PostDeleted,
        id,
        Some(&before.audit()),
        None::<&()>,
    )
    .await?;
    revisions::record_change(&txn, &proposal, actor, change_summary).await?;
    // The s188 count (and so HR1 and the minimum period) may have changed.
    super::commit_proposal_change(txn, before.proposal_id, PlanScope::Whole).await?;
    Ok(id)
}

use sea_orm::PaginatorTrait;

/// A stored employee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmployeeRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub employee_number: String,
    pub name: String,
    pub work_email: String,
    #[serde(serialize_with = "serialize_impact")]
    pub impact: Impact,
    pub impact_note: Option<String>,
    pub slot_in_post_id: Option<Uuid>,
    pub slot_in_match_percent: Option<i32>,
    /// Volunteered for redundancy (HR only): counted as a proposed dismissal.
    pub volunteer: bool,
    /// Actual gross weekly pay, in pence; HR only (`ProposalView::pay_data`).
    pub weekly_pay_pence: Option<i64>,
    pub version: i32,
}

fn serialize_impact<S: serde::Serializer>(impact: &Impact, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(impact.as_str())
}

pub(crate) fn employee_from_row(row: employee::Model) -> AppResult<EmployeeRecord> {
    Ok(EmployeeRecord {
        impact: Impact::parse(&row.impact).ok_or_else(|| corrupt("employee", row.id))?,
        id: row.id,
        proposal_id: row.proposal_id,
        employee_number: row.employee_number,
        name: row.name,
        work_email: row.work_email,
        impact_note: row.impact_note,
        slot_in_post_id: row.slot_in_post_id,
        slot_in_match_percent: row.slot_in_match_percent,
        volunteer: row.volunteer,
        weekly_pay_pence: row.weekly_pay_pence,
        version: row.version,
    })
}

/// One post an employee holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HoldingRecord {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub post_id: Uuid,
    #[serde(skip)]
    pub fte: Fte,
}

/// What an employee record is set to.
pub struct EmployeeChange {
    pub details: EmployeeDetails,
    pub holdings: Vec<Holding>,
    pub impact: Impact,
    pub impact_note: Option<String>,
    pub slot_in: Option<(Uuid, Option<u8>)>,
    pub volunteer: bool,
    /// Actual gross weekly pay (`protective_award::weekly_pay`).
    pub weekly_pay: Option<Pence>,
}

async fn check_employee(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    employee_id: Uuid,
    change: &EmployeeChange,
) -> AppResult<()> {
    // Only the posts the change names: saving one person costs the same in a proposal of
    // ten posts or ten thousand.
    let named: Vec<Uuid> = change
        .holdings
        .iter()
        .map(|h| h.post_id)
        .chain(change.slot_in.map(|(post_id, _)| post_id))
        .collect();
    let posts: Vec<PostRecord> = if named.is_empty() {
        Vec::new()
    } else {
        post::Entity::find()
            .filter(post::Column::ProposalId.eq(proposal_id))
            .filter(post::Column::Id.is_in(named.iter().copied()))
            .all(conn)
            .await?
            .into_iter()
            .map(post_from_row)
            .collect::<AppResult<_>>()?
    };
    let post_fte: HashMap<Uuid, (String, Fte)> = posts
        .iter()
        .filter_map(|p| {
            p.line
                .current
                .as_ref()
                .map(|s| (p.line.id, (p.line.title.clone(), s.fte)))
        })
        .collect();
    let held = if post_fte.is_empty() {
        Vec::new()
    } else {
        post_holding::Entity::find()
            .filter(post_holding::Column::PostId.is_in(post_fte.keys().copied()))
            .filter(post_holding::Column::EmployeeId.ne(employee_id))
            .all(conn)
            .await?
    };
    let mut others: HashMap<Uuid, Fte> = HashMap::new();
    for h in held {
        let entry = others.entry(h.post_id).or_default();
        *entry = Fte::from_hundredths(entry.hundredths() + h.fte_hundredths as u32);
    }
    crate::domain::employee::check_holdings(
        &change.holdings,
        &post_fte,
        &others,
        "input.holdings",
    )?;
    if let Some((post_id, _)) = change.slot_in {
        match posts.iter().find(|p| p.line.id == post_id) {
            None => {
                return Err(DomainError::unknown_id(
                    "input.slotInPostId",
                    "a post of this proposal",
                )
                .into());
            }
            Some(p) if p.line.proposed.is_none() => {
                return Err(DomainError::bad_input(
                    "input.slotInPostId",
                    "A slot-in must be into a post of the proposed structure.",
                )
                .into());
            }
            Some(_) => {}
        }
    }
    let duplicate = employee::Entity::find()
        .filter(employee::Column::ProposalId.eq(proposal_id))
        .filter(employee::Column::EmployeeNumber.eq(change.details.employee_number.as_str()))
        .filter(employee::Column::Id.ne(employee_id))
        .count(conn)
        .await?;
    if duplicate > 0 {
        return Err(DomainError::Conflict(format!(
            "Employee number {} is already in this proposal.",
            change.details.employee_number
        ))
        .into());
    }
    Ok(())
}

fn employee_columns(row: &mut employee::ActiveModel, change: &EmployeeChange) {
    row.employee_number = Set(change.details.employee_number.clone());
    row.name = Set(change.details.name.clone());
    row.work_email = Set(change.details.work_email.clone());
    row.impact = Set(change.impact.as_str().to_owned());
    row.impact_note = Set(change.impact_note.clone());
    row.slot_in_post_id = Set(change.slot_in.map(|(p, _)| p));
    row.slot_in_match_percent = Set(change.slot_in.and_then(|(_, m)| m).map(i32::from));
    row.volunteer = Set(change.volunteer);
    row.weekly_pay_pence = Set(change.weekly_pay.map(|p| p.0));
}

async fn replace_holdings(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
    holdings: &[Holding],
) -> AppResult<()> {
    post_holding::Entity::delete_many()
        .filter(post_holding::Column::EmployeeId.eq(employee_id))
        .exec(conn)
        .await?;
    if !holdings.is_empty() {
        post_holding::Entity::insert_many(holdings.iter().map(|h| post_holding::ActiveModel {
            id: Set(Uuid::now_v7()),
            employee_id: Set(employee_id),
            post_id: Set(h.post_id),
            fte_hundredths: Set(h.fte.hundredths() as i32),
        }))
        .exec(conn)
        .await?;
    }
    Ok(())
}

/// Adds an employee to a proposal.
pub async fn create_employee(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    change: EmployeeChange,
) -> AppResult<EmployeeRecord> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    check_editable(proposal.status)?;
    let id = Uuid::now_v7();
    check_employee(&txn, proposal_id, id, &change).await?;
    let now = Utc::now();
    let mut row = employee::ActiveModel {
        id: Set(id),
        proposal_id: Set(proposal_id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    employee_columns(&mut row, &change);
    let record = employee_from_row(
        employee::Entity::insert(row)
            .exec_with_returning(&txn)
            .await?,
    )?;
    replace_holdings(&txn, id, &change.holdings).await?;
    audit::record(
        &txn,
        actor,
        AuditAction::EmployeeCreated,
        id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(record)
}

/// Changes an employee record.
pub async fn update_employee(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    change: impl FnOnce(&EmployeeRecord, Vec<Holding>) -> Result<EmployeeChange, DomainError>,
) -> AppResult<EmployeeRecord> {
    let txn = store.begin_write().await?;
    let before = employee::Entity::find_by_id(id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| DomainError::NotFound("There is no employee with that id.".into()))?;
    let before = employee_from_row(before)?;
    DomainError::check_version(
        "this employee's record",
        Some(expected_version),
        before.version,
    )?;
    let proposal = proposals::load_for_change(&txn, before.proposal_id, None).await?;
    check_editable(proposal.status)?;
    let holdings: Vec<Holding> = post_holding::Entity::find()
        .filter(post_holding::Column::EmployeeId.eq(id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|h| Holding {
            post_id: h.post_id,
            fte: Fte::from_hundredths(h.fte_hundredths as u32),
        })
        .collect();
    let change = change(&before, holdings)?;
    check_employee(&txn, before.proposal_id, id, &change).await?;
    let mut row = employee::ActiveModel {
        id: Set(id),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    employee_columns(&mut row, &change);
    let after = employee_from_row(employee::Entity::update(row).exec(&txn).await?)?;
    replace_holdings(&txn, id, &change.holdings).await?;
    audit::record(
        &txn,
        actor,
        AuditAction::EmployeeUpdated,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    super::commit_proposal_change(txn, before.proposal_id, PlanScope::Whole).await?;
    Ok(after)
}

/// A ring-fence pool: who competes for which new posts, and the rule that made the pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RingFenceRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    #[serde(serialize_with = "serialize_ring_fence_kind")]
    pub kind: RingFenceKind,
    pub name: String,
    pub rule: String,
    pub from_post_ids: Vec<Uuid>,
    pub to_post_ids: Vec<Uuid>,
    pub member_ids: Vec<Uuid>,
    /// HR's reasons, for the members who have one.
    pub member_reasons: Vec<MemberReason>,
    pub version: i32,
}

/// HR's reason for one member of a pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberReason {
    pub employee_id: Uuid,
    pub reason: String,
}

fn serialize_ring_fence_kind<S: serde::Serializer>(
    kind: &RingFenceKind,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.as_str())
}

impl RingFenceRecord {
    /// Its members, each with the reason HR gave (if any).
    pub fn members(&self) -> Vec<Member> {
        self.member_ids
            .iter()
            .map(|id| Member {
                employee_id: *id,
                reason: self.reason_for(*id).map(str::to_owned),
            })
            .collect()
    }

    /// HR's reason for including this member, if they gave one.
    pub fn reason_for(&self, employee_id: Uuid) -> Option<&str> {
        self.member_reasons
            .iter()
            .find(|r| r.employee_id == employee_id)
            .map(|r| r.reason.as_str())
    }

    /// What it is set to, for a change to start from.
    pub fn content(&self) -> RingFenceContent {
        RingFenceContent {
            kind: self.kind,
            name: self.name.clone(),
            rule: self.rule.clone(),
            from: self.from_post_ids.clone(),
            to: self.to_post_ids.clone(),
            members: self.members(),
        }
    }
}

fn ring_fence_from_row(row: ring_fence::Model) -> AppResult<RingFenceRecord> {
    let ids = |v: serde_json::Value| {
        serde_json::from_value::<Vec<Uuid>>(v).map_err(|_| corrupt("ring fence", row.id))
    };
    Ok(RingFenceRecord {
        kind: RingFenceKind::parse(&row.kind).ok_or_else(|| corrupt("ring fence", row.id))?,
        from_post_ids: ids(row.from_post_ids.clone())?,
        to_post_ids: ids(row.to_post_ids.clone())?,
        member_ids: ids(row.member_ids.clone())?,
        member_reasons: serde_json::from_value(row.member_reasons.clone())
            .map_err(|_| corrupt("ring fence", row.id))?,
        id: row.id,
        proposal_id: row.proposal_id,
        name: row.name,
        rule: row.rule,
        version: row.version,
    })
}

/// What a ring fence is set to: its kind, current posts, the proposed posts it may fill, its
/// members with HR's reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RingFenceContent {
    pub kind: RingFenceKind,
    pub name: String,
    pub rule: String,
    pub from: Vec<Uuid>,
    pub to: Vec<Uuid>,
    pub members: Vec<Member>,
}

fn ring_fence_columns(
    row: &mut ring_fence::ActiveModel,
    content: &RingFenceContent,
) -> AppResult<()> {
    let to_json = |value: serde_json::Result<serde_json::Value>| {
        value.map_err(|e| AppError::Internal(e.into()))
    };
    let reasons: Vec<MemberReason> = content
        .members
        .iter()
        .filter_map(|m| {
            m.reason.as_ref().map(|reason| MemberReason {
                employee_id: m.employee_id,
                reason: reason.clone(),
            })
        })
        .collect();
    let member_ids: Vec<Uuid> = content.members.iter().map(|m| m.employee_id).collect();
    row.kind = Set(content.kind.as_str().to_owned());
    row.name = Set(content.name.clone());
    row.rule = Set(content.rule.clone());
    row.from_post_ids = Set(to_json(serde_json::to_value(&content.from))?);
    row.to_post_ids = Set(to_json(serde_json::to_value(&content.to))?);
    row.member_ids = Set(to_json(serde_json::to_value(&member_ids))?);
    row.member_reasons = Set(to_json(serde_json::to_value(&reasons))?);
    Ok(())
}

/// Checks a ring fence against its proposal: its posts are posts of this proposal on the
/// right side, its members employees of this proposal who hold one of its current posts or
/// come with HR's reason (`domain::ring_fence`).
async fn check_ring_fence(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    content: &RingFenceContent,
) -> AppResult<()> {
    let posts = posts_of(conn, proposal_id).await?;
    // An id that is no post of this proposal is NOT_FOUND; a post of it without the side
    // the list needs is a mistake HR can correct.
    let check_side = |ids: &[Uuid], side: structure::Side, list: &str, side_name: &str| {
        for (i, id) in ids.iter().enumerate() {
            let field = format!("input.{list}[{i}]");
            match posts.iter().find(|p| p.line.id == *id) {
                None => return Err(DomainError::unknown_id(field, "a post of this proposal")),
                Some(p) if p.line.side(side).is_none() => {
                    return Err(DomainError::bad_input(
                        field,
                        format!("\"{}\" is not in the {side_name} structure.", p.line.title),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(())
    };
    check_side(
        &content.from,
        structure::Side::Current,
        "fromPostIds",
        "current",
    )?;
    check_side(
        &content.to,
        structure::Side::Proposed,
        "toPostIds",
        "proposed",
    )?;
    ring_fence_rules::check_posts(content.kind, &content.to, "input.toPostIds")?;
    let ids: Vec<Uuid> = content.members.iter().map(|m| m.employee_id).collect();
    let mut candidates: HashMap<Uuid, ring_fence_rules::Candidate> = HashMap::new();
    for chunk in ids.chunks(super::IDS_PER_STATEMENT) {
        for row in employee::Entity::find()
            .filter(employee::Column::ProposalId.eq(proposal_id))
            .filter(employee::Column::Id.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            candidates.insert(
                row.id,
                ring_fence_rules::Candidate {
                    name: row.name,
                    employee_number: row.employee_number,
                    holds: Vec::new(),
                },
            );
        }
        for holding in post_holding::Entity::find()
            .filter(post_holding::Column::EmployeeId.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            if let Some(c) = candidates.get_mut(&holding.employee_id) {
                c.holds.push(holding.post_id);
            }
        }
    }
    ring_fence_rules::check_members(&content.members, &content.from, &candidates, |i| {
        format!("input.memberIds[{i}]")
    })?;
    Ok(())
}

/// Creates a ring fence.
pub async fn create_ring_fence(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    content: RingFenceContent,
) -> AppResult<RingFenceRecord> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    ring_fence_rules::check_changeable(
        proposal.status,
        content.kind,
        ring_fence_rules::Change::Edit,
    )?;
    check_ring_fence(&txn, proposal_id, &content).await?;
    let now = Utc::now();
    let mut row = ring_fence::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(proposal_id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    ring_fence_columns(&mut row, &content)?;
    let record = ring_fence_from_row(
        ring_fence::Entity::insert(row)
            .exec_with_returning(&txn)
            .await?,
    )?;
    audit::record(
        &txn,
        actor,
        AuditAction::RingFenceCreated,
        record.id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(record)
}

/// Loads a ring fence for a change, checking the version its editor last saw.
async fn load_ring_fence(
    conn: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
) -> AppResult<RingFenceRecord> {
    // Locked until commit, so two edits of the same version cannot both pass the check.
    let row = ring_fence::Entity::find_by_id(id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or_else(|| DomainError::unknown_id("input.id", "a ring fence"))?;
    let record = ring_fence_from_row(row)?;
    DomainError::check_version("this ring fence", Some(expected_version), record.version)?;
    Ok(record)
}

/// Changes a ring fence: `change` gives what it is set to and what kind of change that is
/// (an edit, or only members added).
pub async fn update_ring_fence(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
    change: impl FnOnce(
        &RingFenceRecord,
    ) -> Result<(RingFenceContent, ring_fence_rules::Change), DomainError>,
) -> AppResult<RingFenceRecord> {
    let txn = store.begin_write().await?;
    let before = load_ring_fence(&txn, id, expected_version).await?;
    let proposal = proposals::load_for_change(&txn, before.proposal_id, None).await?;
    let (content, kind_of_change) = change(&before)?;
    ring_fence_rules::check_changeable(proposal.status, before.kind, kind_of_change)?;
    check_ring_fence(&txn, before.proposal_id, &content).await?;
    let mut row = ring_fence::ActiveModel {
        id: Set(id),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    ring_fence_columns(&mut row, &content)?;
    let after = ring_fence_from_row(ring_fence::Entity::update(row).exec(&txn).await?)?;
    audit::record(
        &txn,
        actor,
        AuditAction::RingFenceUpdated,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    super::commit_proposal_change(txn, before.proposal_id, PlanScope::Whole).await?;
    Ok(after)
}

/// Removes a ring fence.
pub async fn delete_ring_fence(
    store: &Store,
    actor: &AuditActor,
    id: Uuid,
    expected_version: i32,
) -> AppResult<RingFenceRecord> {
    let txn = store.begin_write().await?;
    let before = load_ring_fence(&txn, id, expected_version).await?;
    let proposal = proposals::load_for_change(&txn, before.proposal_id, None).await?;
    ring_fence_rules::check_changeable(
        proposal.status,
        before.kind,
        ring_fence_rules::Change::Remove,
    )?;
    ring_fence::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        AuditAction::RingFenceDeleted,
        id,
        Some(&before),
        None::<&()>,
    )
    .await?;
    super::commit_proposal_change(txn, before.proposal_id, PlanScope::Whole).await?;
    Ok(before)
}

/// A job description of a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobDescriptionRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub title: String,
}

/// One version of a JD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JdVersionRecord {
    pub id: Uuid,
    pub job_description_id: Uuid,
    pub number: i32,
    pub content: JdContent,
    pub created_at: DateTime<Utc>,
}

/// A comment on one duty of a JD version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JdCommentRecord {
    pub id: Uuid,
    pub jd_version_id: Uuid,
    pub duty_number: i32,
    pub author_id: Uuid,
    #[serde(skip)]
    pub category: CommentCategory,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

pub(crate) fn jd_version_from_row(row: jd_version::Model) -> AppResult<JdVersionRecord> {
    let list = |v: serde_json::Value| {
        serde_json::from_value::<Vec<String>>(v).map_err(|_| corrupt("jd version", row.id))
    };
    let duties: Vec<(u32, String)> =
        serde_json::from_value(row.duties.clone()).map_err(|_| corrupt("jd version", row.id))?;
    Ok(JdVersionRecord {
        content: JdContent {
            label: row.label.clone(),
            purpose: row.purpose.clone(),
            duties: duties
                .into_iter()
                .map(|(number, text)| Duty { number, text })
                .collect(),
            staff_responsibilities: row.staff_responsibilities.clone(),
            essential_criteria: list(row.essential_criteria.clone())?,
            desirable_criteria: list(row.desirable_criteria.clone())?,
            proposed_grade: row.proposed_grade.clone(),
        },
        id: row.id,
        job_description_id: row.job_description_id,
        number: row.number,
        created_at: row.created_at,
    })
}

fn comment_from_row(row: jd_comment::Model) -> AppResult<JdCommentRecord> {
    Ok(JdCommentRecord {
        category: CommentCategory::parse(&row.category)
            .ok_or_else(|| corrupt("jd comment", row.id))?,
        id: row.id,
        jd_version_id: row.jd_version_id,
        duty_number: row.duty_number,
        author_id: row.author_id,
        text: row.text,
        created_at: row.created_at,
    })
}

async fn insert_jd_version(
    conn: &impl ConnectionTrait,
    actor: &AuditActor,
    jd_id: Uuid,
    number: i32,
    content: &JdContent,
) -> AppResult<JdVersionRecord> {
    let json =
        |v: serde_json::Result<serde_json::Value>| v.map_err(|e| AppError::Internal(e.into()));
    let duties: Vec<(u32, &str)> = content
        .duties
        .iter()
        .map(|d| (d.number, d.text.as_str()))
        .collect();
    let row = jd_version::ActiveModel {
        id: Set(Uuid::now_v7()),
        job_description_id: Set(jd_id),
        number: Set(number),
        label: Set(content.label.clone()),
        purpose: Set(content.purpose.clone()),
        duties: Set(json(serde_json::to_value(duties))?),
        staff_responsibilities: Set(content.staff_responsibilities.clone()),
        essential_criteria: Set(json(serde_json::to_value(&content.essential_criteria))?),
        desirable_criteria: Set(json(serde_json::to_value(&content.desirable_criteria))?),
        proposed_grade: Set(content.proposed_grade.clone()),
        created_by: Set(actor.user_id()),
        created_at: Set(Utc::now()),
    };
    jd_version_from_row(
        jd_version::Entity::insert(row)
            .exec_with_returning(conn)
            .await?,
    )
}

/// Creates a JD with its first version.
pub async fn create_job_description(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    title: String,
    content: JdContent,
) -> AppResult<(JobDescriptionRecord, JdVersionRecord)> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    check_editable(proposal.status)?;
    let row = job_description::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(proposal_id),
        title: Set(title),
        created_at: Set(Utc::now()),
    };
    let jd = job_description::Entity::insert(row)
        .exec_with_returning(&txn)
        .await?;
    let version = insert_jd_version(&txn, actor, jd.id, 1, &content).await?;
    audit::record(&txn, actor, AuditAction::JobDescriptionCreated, jd.id, None::<&()>, Some(&serde_json::json!({ "title": jd.title, "version": version.number, "label": content.label }))).await?;
    txn.commit().await?;
    Ok((
        JobDescriptionRecord {
            id: jd.id,
            proposal_id,
            title: jd.title,
        },
        version,
    ))
}

/// The JD with this id.
pub async fn find_job_description(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> AppResult<Option<JobDescriptionRecord>> {
    Ok(job_description::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(|r| JobDescriptionRecord {
            id: r.id,
            proposal_id: r.proposal_id,
            title: r.title,
        }))
}

/// Adds a version to a JD.
pub async fn add_jd_version(
    store: &Store,
    actor: &AuditActor,
    jd_id: Uuid,
    content: JdContent,
) -> AppResult<JdVersionRecord> {
    let txn = store.begin_write().await?;
    let jd = find_job_description(&txn, jd_id)
        .await?
        .ok_or_else(|| DomainError::NotFound("There is no job description with that id.".into()))?;
    let proposal = proposals::load_for_change(&txn, jd.proposal_id, None).await?;
    check_editable(proposal.status)?;
    let last = jd_version::Entity::find()
        .filter(jd_version::Column::JobDescriptionId.eq(jd_id))
        .order_by_desc(jd_version::Column::Number)
        .one(&txn)
        .await?;
    let version = insert_jd_version(
        &txn,
        actor,
        jd_id,
        last.map_or(1, |v| v.number + 1),
        &content,
    )
    .await?;
    audit::record(
        &txn,
        actor,
        AuditAction::JobDescriptionVersionAdded,
        jd_id,
        None::<&()>,
        Some(&serde_json::json!({ "version": version.number, "label": content.label })),
    )
    .await?;
    txn.commit().await?;
    Ok(version)
}

/// A JD version and the proposal it belongs to.
pub async fn find_jd_version(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> AppResult<Option<(JdVersionRecord, Uuid)>> {
    let Some(row) = jd_version::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    let version = jd_version_from_row(row)?;
    let jd = find_job_description(conn, version.job_description_id)
        .await?
        .ok_or_else(|| corrupt("jd version", id))?;
    Ok(Some((version, jd.proposal_id)))
}

/// Comments on a duty of a version.
pub async fn comment_on_duty(
    store: &Store,
    viewer: &crate::domain::access::Viewer,
    view: crate::domain::access::ProposalView,
    version_id: Uuid,
    duty_number: i32,
    category: CommentCategory,
    text: String,
) -> AppResult<JdCommentRecord> {
    let txn = store.begin_write().await?;
    let actor_id = viewer.user_id;
    let (version, proposal_id) = find_jd_version(&txn, version_id).await?.ok_or_else(|| {
        DomainError::NotFound("There is no job description version with that id.".into())
    })?;
    if !version
        .content
        .duties
        .iter()
        .any(|d| i64::from(d.number) == i64::from(duty_number))
    {
        return Err(DomainError::bad_input(
            "input.dutyNumber",
            format!("This version has no duty {duty_number}."),
        )
        .into());
    }
    let row = jd_comment::ActiveModel {
        id: Set(Uuid::now_v7()),
        jd_version_id: Set(version_id),
        duty_number: Set(duty_number),
        author_id: Set(actor_id),
        category: Set(category.as_str().to_owned()),
        text: Set(text),
        created_at: Set(Utc::now()),
    };
    let record = comment_from_row(
        jd_comment::Entity::insert(row)
            .exec_with_returning(&txn)
            .await?,
    )?;
    audit::record(
        &txn,
        &AuditActor::User(actor_id),
        AuditAction::DutyCommented,
        version.job_description_id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    if question_rules::duty_comment_is_question(view) {
        let source = question_rules::QuestionSource::JobDescription;
        let jd = find_job_description(&txn, version.job_description_id)
            .await?
            .ok_or_else(|| corrupt("jd version", version_id))?;
        let new = super::questions::NewQuestion {
            source,
            text: question_rules::duty_comment_question(
                &question_rules::DutyCommentJd {
                    title: &jd.title,
                    version: version.number,
                    label: &version.content.label,
                },
                duty_number,
                &record.text,
            ),
            asker_id: Some(actor_id),
            asker_union: (view == crate::domain::access::ProposalView::UnionRep)
                .then(|| viewer.union.clone())
                .flatten(),
            confidential: false,
            raised_on: super::s188::today(),
            due_on: None,
            jd_comment_id: Some(record.id),
        };
        super::questions::insert(&txn, &AuditActor::User(actor_id), proposal_id, new).await?;
    }
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(record)
}

/// Everything inside a proposal that nested fields read, loaded for many proposals at once;
/// all but its people (`ProposalPeople`), which only the fields that show people load.
#[derive(Debug, Clone, Default)]
pub struct ProposalGraph {
    pub posts: Vec<PostRecord>,
    pub ring_fences: Vec<RingFenceRecord>,
    pub job_descriptions: Vec<JobDescriptionRecord>,
    pub jd_versions: Vec<JdVersionRecord>,
    pub comments: Vec<JdCommentRecord>,
    pub revisions: Vec<revisions::Revision>,
    pub timetable: Option<super::timetable::TimetableRecord>,
    pub meetings: Vec<super::timetable::MeetingRecord>,
    pub implementation_steps: Vec<super::timetable::StepRecord>,
    pub checklist: Vec<super::signoff::StepRecord>,
    pub approvals: Vec<super::signoff::ApprovalRecord>,
    pub questions: Vec<super::questions::QuestionRecord>,
    pub union_responses: Vec<super::union_responses::UnionResponseRecord>,
    pub attachments: Vec<super::union_responses::AttachmentRecord>,
    pub themes: Vec<super::outcome::ThemeRecord>,
    pub theme_tags: Vec<super::outcome::TagRecord>,
    pub outcome_report: Option<super::outcome::ReportRecord>,
    /// Lookups and derived values, made on first use (`graph_index`). The graph is not
    /// changed once loaded, so they stay true.
    pub index: super::graph_index::GraphIndex,
}

impl ProposalGraph {
    /// How many rows it holds: what it costs to keep in memory.
    pub fn rows(&self) -> usize {
        self.posts.len()
            + self.ring_fences.len()
            + self.job_descriptions.len()
            + self.jd_versions.len()
            + self.comments.len()
            + self.revisions.len()
            + usize::from(self.timetable.is_some())
            + self.meetings.len()
            + self.implementation_steps.len()
            + self.checklist.len()
            + self.approvals.len()
            + self.questions.len()
            + self.union_responses.len()
            + self.attachments.len()
            + self.themes.len()
            + self.theme_tags.len()
            + usize::from(self.outcome_report.is_some())
    }

    /// The themes a response or question is tagged with, in the order they were made.
    pub fn themes_on(
        &self,
        subject: crate::domain::outcome::TagSubject,
        subject_id: Uuid,
    ) -> impl Iterator<Item = &super::outcome::ThemeRecord> {
        self.themes.iter().filter(move |theme| {
            self.theme_tags.iter().any(|t| {
                t.theme_id == theme.id && t.subject == subject && t.subject_id == subject_id
            })
        })
    }
}

/// The graphs of these proposals in seventeen statements, whatever their size.
pub async fn load_graphs(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<HashMap<Uuid, ProposalGraph>> {
    let mut graphs: HashMap<Uuid, ProposalGraph> = ids
        .iter()
        .map(|id| (*id, ProposalGraph::default()))
        .collect();
    let in_ids = || ids.iter().copied();
    for row in post::Entity::find()
        .filter(post::Column::ProposalId.is_in(in_ids()))
        .order_by_asc(post::Column::Position)
        .order_by_asc(post::Column::Id)
        .all(conn)
        .await?
    {
        let record = post_from_row(row)?;
        graphs
            .entry(record.proposal_id)
            .or_default()
            .posts
            .push(record);
    }
    for row in ring_fence::Entity::find()
        .filter(ring_fence::Column::ProposalId.is_in(in_ids()))
        .order_by_asc(ring_fence::Column::Id)
        .all(conn)
        .await?
    {
        let record = ring_fence_from_row(row)?;
        graphs
            .entry(record.proposal_id)
            .or_default()
            .ring_fences
            .push(record);
    }
    let mut jd_proposal = HashMap::new();
    for row in job_description::Entity::find()
        .filter(job_description::Column::ProposalId.is_in(in_ids()))
        .order_by_asc(job_description::Column::Id)
        .all(conn)
        .await?
    {
        jd_proposal.insert(row.id, row.proposal_id);
        graphs
            .entry(row.proposal_id)
            .or_default()
            .job_descriptions
            .push(JobDescriptionRecord {
                id: row.id,
                proposal_id: row.proposal_id,
                title: row.title,
            });
    }
    let jd_ids = || {
        Query::select()
            .column(job_description::Column::Id)
            .from(job_description::Entity)
            .and_where(job_description::Column::ProposalId.is_in(in_ids()))
            .to_owned()
    };
    let mut version_proposal = HashMap::new();
    for row in jd_version::Entity::find()
        .filter(jd_version::Column::JobDescriptionId.in_subquery(jd_ids()))
        .order_by_asc(jd_version::Column::Number)
        .all(conn)
        .await?
    {
        let record = jd_version_from_row(row)?;
        let Some(proposal_id) = jd_proposal.get(&record.job_description_id).copied() else {
            continue;
        };
        version_proposal.insert(record.id, proposal_id);
        graphs
            .entry(proposal_id)
            .or_default()
            .jd_versions
            .push(record);
    }
    let comments = jd_comment::Entity::find()
        .filter(
            jd_comment::Column::JdVersionId.in_subquery(
                Query::select()
                    .column(jd_version::Column::Id)
                    .from(jd_version::Entity)
                    .and_where(jd_version::Column::JobDescriptionId.in_subquery(jd_ids()))
                    .to_owned(),
            ),
        )
        .order_by_asc(jd_comment::Column::Id)
        .all(conn)
        .await?;
    for row in comments {
        let record = comment_from_row(row)?;
        let Some(proposal_id) = version_proposal.get(&record.jd_version_id).copied() else {
            continue;
        };
        graphs.entry(proposal_id).or_default().comments.push(record);
    }
    for revision in revisions::for_proposals(conn, ids).await? {
        graphs
            .entry(revision.proposal_id)
            .or_default()
            .revisions
            .push(revision);
    }
    for timetable in super::timetable::timetables(conn, ids).await? {
        let proposal_id = timetable.proposal_id;
        graphs.entry(proposal_id).or_default().timetable = Some(timetable);
    }
    for meeting in super::timetable::meetings(conn, ids).await? {
        graphs
            .entry(meeting.proposal_id)
            .or_default()
            .meetings
            .push(meeting);
    }
    for step in super::timetable::implementation_steps(conn, ids).await? {
        graphs
            .entry(step.proposal_id)
            .or_default()
            .implementation_steps
            .push(step);
    }
    for step in super::signoff::steps(conn, ids).await? {
        graphs
            .entry(step.proposal_id)
            .or_default()
            .checklist
            .push(step);
    }
    for response in super::union_responses::of_proposals(conn, ids).await? {
        graphs
            .entry(response.proposal_id)
            .or_default()
            .union_responses
            .push(response);
    }
    let mut response_proposal = HashMap::new();
    for response in &graphs_union_responses(&graphs) {
        response_proposal.insert(response.0, response.1);
    }
    for attachment in super::union_responses::attachments_of(conn, ids).await? {
        if let Some(proposal_id) = response_proposal.get(&attachment.union_response_id) {
            graphs
                .entry(*proposal_id)
                .or_default()
                .attachments
                .push(attachment);
        }
    }
    let mut theme_proposal = HashMap::new();
    for theme in super::outcome::themes_of(conn, ids).await? {
        theme_proposal.insert(theme.id, theme.proposal_id);
        graphs
            .entry(theme.proposal_id)
            .or_default()
            .themes
            .push(theme);
    }
    for tag in super::outcome::tags_of(conn, ids).await? {
        if let Some(proposal_id) = theme_proposal.get(&tag.theme_id) {
            graphs.entry(*proposal_id).or_default().theme_tags.push(tag);
        }
    }
    for (proposal_id, report) in super::outcome::reports_of(conn, ids).await? {
        graphs.entry(proposal_id).or_default().outcome_report = Some(report);
    }
    for question in super::questions::of_proposals(conn, ids).await? {
        graphs
            .entry(question.proposal_id)
            .or_default()
            .questions
            .push(question);
    }
    for approval in super::signoff::approvals(conn, ids).await? {
        graphs
            .entry(approval.proposal_id)
            .or_default()
            .approvals
            .push(approval);
    }
    Ok(graphs)
}

/// The people of a proposal: its employees and the posts they hold, by id. Only the fields
/// that show people load them (`load_people`); counts come from `impact_tally`, and a page of
/// employees from `employee_page`, both in SQL.
#[derive(Debug, Clone, Default)]
pub struct ProposalPeople {
    pub employees: Vec<EmployeeRecord>,
    pub holdings: Vec<HoldingRecord>,
    /// Lookups by id, made on first use (`graph_index`). The people are not changed once
    /// loaded, so they stay true.
    pub index: super::graph_index::PeopleIndex,
}

impl ProposalPeople {
    /// How many rows it holds: what it costs to keep in memory.
    pub fn rows(&self) -> usize {
        self.employees.len() + self.holdings.len()
    }
}

/// The people of these proposals in two statements, whatever their number: employees by id,
/// and their holdings by id (joined in SQL, so no statement binds one parameter per person).
pub async fn load_people(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<HashMap<Uuid, ProposalPeople>> {
    let mut people: HashMap<Uuid, ProposalPeople> = ids
        .iter()
        .map(|id| (*id, ProposalPeople::default()))
        .collect();
    let in_ids = || ids.iter().copied();
    let mut employee_proposal = HashMap::new();
    for row in employee::Entity::find()
        .filter(employee::Column::ProposalId.is_in(in_ids()))
        .order_by_asc(employee::Column::Id)
        .all(conn)
        .await?
    {
        let record = employee_from_row(row)?;
        employee_proposal.insert(record.id, record.proposal_id);
        people
            .entry(record.proposal_id)
            .or_default()
            .employees
            .push(record);
    }
    let holdings = post_holding::Entity::find()
        .filter(
            post_holding::Column::EmployeeId.in_subquery(
                Query::select()
                    .column(employee::Column::Id)
                    .from(employee::Entity)
                    .and_where(employee::Column::ProposalId.is_in(in_ids()))
                    .to_owned(),
            ),
        )
        .order_by_asc(post_holding::Column::Id)
        .all(conn)
        .await?;
    for row in holdings {
        let Some(proposal_id) = employee_proposal.get(&row.employee_id) else {
            continue;
        };
        people
            .entry(*proposal_id)
            .or_default()
            .holdings
            .push(HoldingRecord {
                id: row.id,
                employee_id: row.employee_id,
                post_id: row.post_id,
                fte: Fte::from_hundredths(row.fte_hundredths as u32),
            });
    }
    Ok(people)
}

/// The holdings of these employees (a page of them: the list is bounded by the page), by id.
pub async fn holdings_of_employees(
    conn: &impl ConnectionTrait,
    employee_ids: &[Uuid],
) -> AppResult<Vec<HoldingRecord>> {
    Ok(post_holding::Entity::find()
        .filter(post_holding::Column::EmployeeId.is_in(employee_ids.iter().copied()))
        .order_by_asc(post_holding::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| HoldingRecord {
            id: row.id,
            employee_id: row.employee_id,
            post_id: row.post_id,
            fte: Fte::from_hundredths(row.fte_hundredths as u32),
        })
        .collect())
}

/// How many of a proposal's employees have each impact, counted by the database in one
/// statement (`GROUP BY impact`): what the counts need, without reading anyone's record.
pub async fn impact_tally(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<ImpactTally> {
    let rows: Vec<(String, bool, i64)> = employee::Entity::find()
        .select_only()
        .column(employee::Column::Impact)
        .column(employee::Column::Volunteer)
        .column_as(Expr::cust("COUNT(*)"), "employees")
        .filter(employee::Column::ProposalId.eq(proposal_id))
        .group_by(employee::Column::Impact)
        .group_by(employee::Column::Volunteer)
        .into_tuple()
        .all(conn)
        .await?;
    let mut tally = ImpactTally::default();
    for (impact, volunteer, employees) in rows {
        tally.add_people(
            Impact::parse(&impact).ok_or_else(|| corrupt("employee", proposal_id))?,
            volunteer,
            u32::try_from(employees).map_err(|_| corrupt("employee", proposal_id))?,
        );
    }
    Ok(tally)
}

/// `impact_tally` of these proposals in one statement.
pub async fn impact_tallies(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<HashMap<Uuid, ImpactTally>> {
    let rows: Vec<(Uuid, String, bool, i64)> = employee::Entity::find()
        .select_only()
        .column(employee::Column::ProposalId)
        .column(employee::Column::Impact)
        .column(employee::Column::Volunteer)
        .column_as(Expr::cust("COUNT(*)"), "employees")
        .filter(employee::Column::ProposalId.is_in(ids.iter().copied()))
        .group_by(employee::Column::ProposalId)
        .group_by(employee::Column::Impact)
        .group_by(employee::Column::Volunteer)
        .into_tuple()
        .all(conn)
        .await?;
    let mut tallies: HashMap<Uuid, ImpactTally> = HashMap::new();
    for (proposal_id, impact, volunteer, employees) in rows {
        tallies.entry(proposal_id).or_default().add_people(
            Impact::parse(&impact).ok_or_else(|| corrupt("employee", proposal_id))?,
            volunteer,
            u32::try_from(employees).map_err(|_| corrupt("employee", proposal_id))?,
        );
    }
    Ok(tallies)
}

/// Which of a proposal's employees a page may list: all of them, only the records whose
/// work email is the viewer's, or those affected who have no account to hear through.
#[derive(Debug, Clone, Copy)]
pub enum EmployeeFilter<'a> {
    All,
    WorkEmail(&'a str),
    AffectedWithoutAccount,
}

fn employees_listed(
    proposal_id: Uuid,
    filter: EmployeeFilter<'_>,
) -> sea_orm::Select<employee::Entity> {
    let query = employee::Entity::find().filter(employee::Column::ProposalId.eq(proposal_id));
    match filter {
        EmployeeFilter::All => query,
        EmployeeFilter::WorkEmail(email) => query.filter(employee::Column::WorkEmail.eq(email)),
        // An account is matched by address without regard to case, as sign-in does.
        EmployeeFilter::AffectedWithoutAccount => query
            .filter(employee::Column::Impact.ne(Impact::NotAffected.as_str()))
            .filter(sea_orm::sea_query::ExprTrait::not_in_subquery(
                Expr::expr(sea_orm::sea_query::Func::lower(Expr::col((
                    employee::Entity,
                    employee::Column::WorkEmail,
                )))),
                Query::select()
                    .expr(sea_orm::sea_query::Func::lower(Expr::col(
                        super::entities::app_user::Column::Email,
                    )))
                    .from(super::entities::app_user::Entity)
                    .to_owned(),
            )),
    }
}

/// A page of a proposal's employees by id, after `after`: at most `limit + 1` rows (the extra
/// one telling another page follows), or all of them with `limit` None.
pub async fn employee_page(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    filter: EmployeeFilter<'_>,
    after: Option<Uuid>,
    limit: Option<u64>,
) -> AppResult<Vec<EmployeeRecord>> {
    let mut query = employees_listed(proposal_id, filter).order_by_asc(employee::Column::Id);
    if let Some(after) = after {
        query = query.filter(employee::Column::Id.gt(after));
    }
    if let Some(limit) = limit {
        query = query.limit(limit + 1);
    }
    query
        .all(conn)
        .await?
        .into_iter()
        .map(employee_from_row)
        .collect()
}

/// How many of a proposal's employees `employee_page` lists in all.
pub async fn employee_count(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    filter: EmployeeFilter<'_>,
) -> AppResult<u64> {
    Ok(employees_listed(proposal_id, filter).count(conn).await?)
}

/// Imports post lines from CSV in one transaction: all of them, or none when any row is
/// rejected (the report says which and why).
pub async fn import_posts(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    source: &csv_import::Source,
    change_summary: Option<String>,
    run: ImportRun<'_>,
) -> AppResult<csv_import::Checked<csv_import::ImportedPost>> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    check_editable(proposal.status)?;
    let grades = pay_scales(&txn)
        .await?
        .into_iter()
        .map(|s| s.grade)
        .collect();
    let existing = posts_of(&txn, proposal_id).await?;
    let lines: Vec<PostLine> = existing.iter().map(|p| p.line.clone()).collect();
    let checked = csv_import::check_posts(source, &grades, &lines);
    if checked.rejected() > 0 || matches!(run, ImportRun::Preview) {
        // Dropping the transaction rolls it back: a preview writes nothing.
        return Ok(checked);
    }
    let now = Utc::now();
    let start = existing.iter().map(|p| p.position).max().unwrap_or(0) + 1;
    let rows: Vec<post::ActiveModel> = checked
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let mut row = post::ActiveModel {
                id: Set(item.line.id),
                proposal_id: Set(proposal_id),
                position: Set(start + i as i32),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            post_columns(&mut row, &item.line, &item.note);
            row
        })
        .collect();
    for chunk in rows.chunks(500) {
        post::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    let summary = serde_json::json!({ "kind": "posts", "imported": checked.items.len() });
    audit::record(
        &txn,
        actor,
        AuditAction::StructureImported,
        proposal_id,
        None::<&()>,
        Some(&summary),
    )
    .await?;
    revisions::record_change(&txn, &proposal, actor, change_summary).await?;
    run.remember(&txn, csv_file::Kind::Posts).await?;
    // The s188 count (and so HR1 and the minimum period) may have changed.
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(checked)
}

/// Imports employees and their holdings from CSV in one transaction, all or none.
pub async fn import_employees(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    source: &csv_import::Source,
    run: ImportRun<'_>,
) -> AppResult<csv_import::Checked<csv_import::ImportedEmployee>> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    check_editable(proposal.status)?;
    let existing = posts_of(&txn, proposal_id).await?;
    let mut titles: HashMap<String, usize> = HashMap::new();
    for p in existing.iter().filter(|p| p.line.current.is_some()) {
        *titles.entry(p.line.title.to_lowercase()).or_default() += 1;
    }
    // Only unambiguous titles can be named in the file (matched regardless of case).
    let posts: HashMap<String, (Uuid, Fte)> = existing
        .iter()
        .filter_map(|p| p.line.current.as_ref().map(|s| (p, s)))
        .filter(|(p, _)| titles[&p.line.title.to_lowercase()] == 1)
        .map(|(p, s)| (p.line.title.clone(), (p.line.id, s.fte)))
        .collect();
    let mut held: HashMap<Uuid, Fte> = HashMap::new();
    // Joined in SQL: a proposal may have more posts than one statement may bind.
    let holdings = post_holding::Entity::find()
        .filter(
            post_holding::Column::PostId.in_subquery(
                Query::select()
                    .column(post::Column::Id)
                    .from(post::Entity)
                    .and_where(post::Column::ProposalId.eq(proposal_id))
                    .to_owned(),
            ),
        )
        .all(&txn)
        .await?;
    for h in holdings {
        let entry = held.entry(h.post_id).or_default();
        *entry = Fte::from_hundredths(entry.hundredths() + h.fte_hundredths as u32);
    }
    // Numbers and work emails: the file may repeat neither of another employee's.
    let existing: Vec<(String, String)> = employee::Entity::find()
        .filter(employee::Column::ProposalId.eq(proposal_id))
        .select_only()
        .column(employee::Column::EmployeeNumber)
        .column(employee::Column::WorkEmail)
        .into_tuple()
        .all(&txn)
        .await?;
    let checked =
        csv_import::check_employees(source, &posts, &held, &existing.into_iter().collect());
    if checked.rejected() > 0 || matches!(run, ImportRun::Preview) {
        // Dropping the transaction rolls it back: a preview writes nothing.
        return Ok(checked);
    }
    let now = Utc::now();
    let mut people = Vec::new();
    let mut holding_rows = Vec::new();
    for item in &checked.items {
        let id = Uuid::now_v7();
        let mut row = employee::ActiveModel {
            id: Set(id),
            proposal_id: Set(proposal_id),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        employee_columns(
            &mut row,
            &EmployeeChange {
                details: item.details.clone(),
                holdings: vec![],
                impact: item.impact,
                impact_note: item.impact_note.clone(),
                slot_in: None,
                volunteer: false,
                weekly_pay: item.weekly_pay,
            },
        );
        people.push(row);
        holding_rows.extend(item.holdings.iter().map(|h| post_holding::ActiveModel {
            id: Set(Uuid::now_v7()),
            employee_id: Set(id),
            post_id: Set(h.post_id),
            fte_hundredths: Set(h.fte.hundredths() as i32),
        }));
    }
    for chunk in people.chunks(500) {
        employee::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    for chunk in holding_rows.chunks(500) {
        post_holding::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    let summary = serde_json::json!({ "kind": "employees", "imported": checked.items.len() });
    audit::record(
        &txn,
        actor,
        AuditAction::StructureImported,
        proposal_id,
        None::<&()>,
        Some(&summary),
    )
    .await?;
    run.remember(&txn, csv_file::Kind::Employees).await?;
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(checked)
}

/// Whether an import only checks the file, or writes it (and then perhaps remembers the
/// mapping of its columns for next time).
#[derive(Debug, Clone, Copy)]
pub enum ImportRun<'a> {
    Preview,
    Commit,
    CommitRemembering(&'a csv_file::Mapping),
}

/// One remembered mapping, as stored.
#[derive(Serialize, Deserialize)]
struct StoredColumn {
    field: String,
    columns: Vec<String>,
}

impl ImportRun<'_> {
    async fn remember(self, txn: &impl ConnectionTrait, kind: csv_file::Kind) -> AppResult<()> {
        let ImportRun::CommitRemembering(mapping) = self else {
            return Ok(());
        };
        let stored: Vec<StoredColumn> = mapping
            .iter()
            .map(|(field, columns)| StoredColumn {
                field: field.clone(),
                columns: columns.clone(),
            })
            .collect();
        let row = import_mapping::ActiveModel {
            kind: Set(kind.as_str().to_owned()),
            mapping: Set(serde_json::to_string(&stored).map_err(anyhow::Error::from)?),
            updated_at: Set(Utc::now()),
        };
        import_mapping::Entity::insert(row)
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(import_mapping::Column::Kind)
                    .update_columns([
                        import_mapping::Column::Mapping,
                        import_mapping::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec(txn)
            .await?;
        Ok(())
    }
}

/// The titles of a proposal's posts, by id, in one statement.
pub async fn post_titles(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<HashMap<Uuid, String>> {
    let rows: Vec<(Uuid, String)> = post::Entity::find()
        .filter(post::Column::ProposalId.eq(proposal_id))
        .select_only()
        .column(post::Column::Id)
        .column(post::Column::Title)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The mapping last used for a kind of import, if any.
pub async fn remembered_mapping(
    conn: &impl ConnectionTrait,
    kind: csv_file::Kind,
) -> AppResult<Option<csv_file::Mapping>> {
    let Some(row) = import_mapping::Entity::find_by_id(kind.as_str().to_owned())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    // A mapping that cannot be read is only a lost convenience: one is suggested instead.
    let stored: Option<Vec<StoredColumn>> = serde_json::from_str(&row.mapping).ok();
    Ok(stored.map(|s| s.into_iter().map(|c| (c.field, c.columns)).collect()))
}

/// (union response, proposal) of every union response in the graphs.
fn graphs_union_responses(graphs: &HashMap<Uuid, ProposalGraph>) -> Vec<(Uuid, Uuid)> {
    graphs
        .values()
        .flat_map(|g| g.union_responses.iter().map(|r| (r.id, r.proposal_id)))
        .collect()
}
