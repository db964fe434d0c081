//! The transactional outbox: the emails a proposal's state calls for, written in the
//! transaction of the change that calls for them (`replan`), and claimed, sent and settled by
//! the worker (`claim`, `settle`). One row per dedupe key, so a milestone reaches a person once.

use super::{
    Store, audit,
    entities::{
        app_user, audit_event, employee, feedback_response, notification_preference,
        outbox_message, union_response, union_response_signatory,
    },
    proposals, structure,
};
use crate::domain::{
    DomainError,
    account::Role,
    audit::{AuditAction, AuditActor},
    notify::{
        self, ApprovalFacts, CLAIM_SECONDS, Due, InvitedAddress, MeetingFacts, Milestone,
        OutboxStatus, PlanScope, ProposalFacts, QuestionFacts, StepFacts,
    },
    proposal::{ProposalStatus, Transition},
    timetable::InviteeGroup,
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, Func, LockBehavior, LockType, OnConflict, Query},
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A message in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageRecord {
    pub id: Uuid,
    pub proposal_id: Option<Uuid>,
    pub recipient_id: Option<Uuid>,
    pub recipient_email: String,
    #[serde(skip)]
    pub milestone: Milestone,
    pub data: serde_json::Value,
    pub dedupe_key: String,
    pub statutory: bool,
    pub digest: bool,
    pub due_at: DateTime<Utc>,
    #[serde(skip)]
    pub status: OutboxStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

fn from_row(row: outbox_message::Model) -> AppResult<MessageRecord> {
    Ok(MessageRecord {
        milestone: Milestone::parse(&row.template)
            .ok_or_else(|| super::corrupt("outbox message", row.id))?,
        status: OutboxStatus::parse(&row.status)
            .ok_or_else(|| super::corrupt("outbox message", row.id))?,
        id: row.id,
        proposal_id: row.proposal_id,
        recipient_id: row.recipient_id,
        recipient_email: row.recipient_email,
        data: row.data,
        dedupe_key: row.dedupe_key,
        statutory: row.statutory,
        digest: row.digest,
        due_at: row.due_at,
        attempts: row.attempts,
        last_error: row.last_error,
        sent_at: row.sent_at,
        created_at: row.created_at,
    })
}

/// What the plan needs about a proposal, gathered in a fixed number of statements.
async fn gather(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    today: chrono::NaiveDate,
) -> AppResult<ProposalFacts> {
    let record = proposals::load_for_change(conn, proposal_id, None).await?;
    let graph = structure::load_graphs(conn, &[proposal_id])
        .await?
        .remove(&proposal_id)
        .unwrap_or_default();
    // The proposal's staff by a join, never a list of their addresses (a proposal may name
    // more people than one statement may bind), nor a read of its people.
    let staff_addresses = Query::select()
        .expr(Func::lower(Expr::col(employee::Column::WorkEmail)))
        .from(employee::Entity)
        .and_where(employee::Column::ProposalId.eq(proposal_id))
        .to_owned();
    let people = app_user::Entity::find()
        .filter(
            Condition::any()
                .add(
                    app_user::Column::Role.is_in([Role::HrAdmin.as_str(), Role::UnionRep.as_str()]),
                )
                .add(
                    Expr::expr(Func::lower(Expr::col(app_user::Column::Email)))
                        .in_subquery(staff_addresses),
                ),
        )
        .all(conn)
        .await?;
    // Staff are found only through the join above: a staff account read is one whose
    // address (ignoring case) is the work email of one of the proposal's employees. Who of
    // them hears what is the domain's (`notify::audience`).
    let audience = notify::audience(
        people.iter().filter_map(|u| {
            Some(notify::Candidate {
                id: u.id,
                role: Role::parse(&u.role)?,
                union: u.union_name.as_deref(),
            })
        }),
        &record.content.recognised_unions,
    );
    let hr = audience.hr;
    let staff = audience.staff;
    let reps: Vec<Uuid> = audience.reps.iter().map(|(id, _)| *id).collect();
    let mut responded: Vec<Uuid> = feedback_response::Entity::find()
        .select_only()
        .column(feedback_response::Column::AuthorId)
        .filter(feedback_response::Column::ProposalId.eq(proposal_id))
        .filter(feedback_response::Column::Submitted.eq(true))
        .into_tuple::<Uuid>()
        .all(conn)
        .await?;
    let unions_responded: Vec<String> = graph
        .union_responses
        .iter()
        .filter(|r| r.submitted)
        // A joint response answers for every union it names.
        .flat_map(|r| r.named_unions())
        .map(|u| u.to_lowercase())
        .collect();
    responded.extend(
        audience
            .reps
            .iter()
            .filter(|(_, union)| unions_responded.contains(union))
            .map(|(id, _)| *id),
    );
    let sponsor: Vec<Uuid> = record.content.sponsor_id.into_iter().collect();
    // Employees invited by name hear through the account of their work email (among `people`
    // above); one without an account yet at the address (`MeetingFacts::invited_addresses`).
    let invited_employees: Vec<Uuid> = graph
        .meetings
        .iter()
        .flat_map(|m| m.invitee_employee_ids.iter().copied())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut employee_emails: HashMap<Uuid, InvitedAddress> = HashMap::new();
    for chunk in invited_employees.chunks(super::IDS_PER_STATEMENT) {
        employee_emails.extend(
            employee::Entity::find()
                .select_only()
                .column(employee::Column::Id)
                .column(employee::Column::WorkEmail)
                .column(employee::Column::Name)
                .filter(employee::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple::<(Uuid, String, String)>()
                .all(conn)
                .await?
                .into_iter()
                .map(|(id, email, name)| {
                    let email = email.to_lowercase();
                    (id, InvitedAddress { email, name })
                }),
        );
    }
    let accounts_by_email: HashMap<String, Uuid> = people
        .iter()
        .map(|u| (u.email.to_lowercase(), u.id))
        .collect();
    let account_of_employee = |id: &Uuid| {
        employee_emails
            .get(id)
            .and_then(|invited| accounts_by_email.get(&invited.email))
            .copied()
    };
    let meetings = graph
        .meetings
        .iter()
        .map(|m| {
            let mut invitees: Vec<Uuid> = m.invitee_ids.clone();
            invitees.extend(
                m.invitee_employee_ids
                    .iter()
                    .filter_map(account_of_employee),
            );
            for group in &m.invitee_groups {
                invitees.extend(match group {
                    InviteeGroup::AffectedStaff => &staff,
                    InviteeGroup::UnionReps => &reps,
                    InviteeGroup::Sponsor => &sponsor,
                });
            }
            let mut seen = HashSet::new();
            invitees.retain(|id| seen.insert(*id));
            let mut invited_addresses: Vec<InvitedAddress> = m
                .invitee_employee_ids
                .iter()
                .filter(|id| account_of_employee(id).is_none())
                .filter_map(|id| employee_emails.get(id).cloned())
                .collect();
            invited_addresses.sort();
            invited_addresses.dedup();
            MeetingFacts {
                id: m.id,
                title: m.title.clone(),
                starts_at: m.starts_at,
                sequence: m.sequence,
                cancelled: m.cancelled,
                invitees,
                invited_addresses,
            }
        })
        .collect();
    let by_role = |r: Role| -> Vec<Uuid> {
        match r {
            Role::HrAdmin => hr.clone(),
            Role::Manager => sponsor.clone(),
            Role::UnionRep => reps.clone(),
            Role::Staff => vec![],
        }
    };
    let s188_facts = super::s188::facts(conn, &record).await?;
    let s188 = s188_facts.assess(today);
    let minimum_period_ends = match (s188.applies, s188.consultation_start, s188.minimum_days) {
        (true, Some(start), Some(days)) => start.checked_add_days(chrono::Days::new(days.into())),
        _ => None,
    };
    let disclosure_update_due =
        !s188_facts.disclosure_versions.is_empty() && s188_facts.disclosure_changed_since;
    // The day HR closed the consultation, from the audit trail of the transition.
    let closed_on = if record.status.rank() >= ProposalStatus::ConsultationClosed.rank() {
        audit_event::Entity::find()
            .select_only()
            .column(audit_event::Column::OccurredAt)
            .filter(audit_event::Column::EntityId.eq(proposal_id))
            .filter(
                audit_event::Column::Action
                    .eq(AuditAction::ProposalTransition(Transition::CloseConsultation).as_str()),
            )
            .order_by_desc(audit_event::Column::OccurredAt)
            .into_tuple::<DateTime<Utc>>()
            .one(conn)
            .await?
            .map(|at| at.with_timezone(&chrono_tz::Europe::London).date_naive())
    } else {
        None
    };
    Ok(ProposalFacts {
        id: record.id,
        title: record.content.title.clone(),
        status: record.status,
        shared_with_unions: record.shared_with_unions_at.is_some(),
        opening_backdated: record.consultation_opened_backdated,
        consultation: graph
            .timetable
            .as_ref()
            .and_then(|t| t.consultation_start.zip(t.consultation_end)),
        staff,
        reps: reps.clone(),
        hr: hr.clone(),
        sponsor: sponsor.clone(),
        consultation_opened: record.consultation_opened_at.is_some(),
        withdrawn_reason: record.withdrawn_reason.clone(),
        responded,
        meetings,
        questions: graph
            .questions
            .iter()
            .map(|q| QuestionFacts {
                id: q.id,
                text: q.text.clone(),
                asker: q.asker_id,
                owner: q.owner_id,
                raised_on: q.raised_on,
                due_on: q.due_on,
                answered: q.answer.is_some(),
                challenges: u32::try_from(q.challenge_count).unwrap_or_default(),
            })
            .collect(),
        checklist: graph
            .checklist
            .iter()
            .map(|s| StepFacts {
                id: s.id,
                title: s.title.clone(),
                due_on: s.planned_date,
                assignees: match (s.assignee_id, s.assignee_role) {
                    (Some(id), _) => vec![id],
                    (None, Some(role)) => by_role(role),
                    (None, None) => vec![],
                },
                done: s.completed_at.is_some(),
            })
            .collect(),
        approvals: graph
            .approvals
            .iter()
            .map(|a| ApprovalFacts {
                id: a.id,
                approver_title: a.approver_title.clone(),
                approvers: a.approver_id.into_iter().collect(),
                decided: a.decision.is_some(),
            })
            .collect(),
        implementation_steps: graph
            .implementation_steps
            .iter()
            .map(|s| StepFacts {
                id: s.id,
                title: s.activity.clone(),
                due_on: Some(s.date),
                assignees: vec![],
                done: s.done_at.is_some(),
            })
            .collect(),
        hr1_due: s188.hr1_due.filter(|_| s188.applies),
        hr1_made: s188_facts.hr1_made_on.is_some(),
        minimum_period_ends,
        disclosure_update_due,
        closed_on,
    })
}

/// Two transactions may plan the same new message at once (PostgreSQL runs them side by
/// side): the second insert leaves the first's row alone instead of failing the change.
fn unique_key() -> OnConflict {
    OnConflict::column(outbox_message::Column::DedupeKey)
        .do_nothing()
        .to_owned()
}

/// What the plan needs to re-plan a response's scope (`PlanScope::StaffResponse` or
/// `UnionResponse`): the proposal, its consultation dates, and the people the scope names, in
/// a fixed number of statements whatever the proposal holds. Returns the facts and the people.
async fn gather_respondents(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    scope: &PlanScope,
) -> AppResult<(ProposalFacts, Vec<Uuid>)> {
    let record = proposals::load_for_change(conn, proposal_id, None).await?;
    let consultation = super::timetable::timetables(conn, &[proposal_id])
        .await?
        .into_iter()
        .next()
        .and_then(|t| t.consultation_start.zip(t.consultation_end));
    let (mut staff, mut reps, mut responded) = (Vec::new(), Vec::new(), Vec::new());
    match scope {
        PlanScope::StaffResponse(user_id) => {
            let person = app_user::Entity::find_by_id(*user_id)
                .filter(app_user::Column::Role.eq(Role::Staff.as_str()))
                .one(conn)
                .await?;
            if let Some(person) = person {
                let named = employee::Entity::find()
                    .filter(employee::Column::ProposalId.eq(proposal_id))
                    .filter(
                        Expr::expr(Func::lower(Expr::col(employee::Column::WorkEmail)))
                            .eq(person.email.to_lowercase()),
                    )
                    .count(conn)
                    .await?
                    > 0;
                if named {
                    staff.push(person.id);
                }
                let submitted = feedback_response::Entity::find()
                    .filter(feedback_response::Column::ProposalId.eq(proposal_id))
                    .filter(feedback_response::Column::AuthorId.eq(person.id))
                    .filter(feedback_response::Column::Submitted.eq(true))
                    .count(conn)
                    .await?
                    > 0;
                if submitted {
                    responded.push(person.id);
                }
            }
        }
        PlanScope::UnionResponse(union) => {
            let union = union.to_lowercase();
            let recognised = record
                .content
                .recognised_unions
                .iter()
                .any(|u| u.to_lowercase() == union);
            if recognised {
                reps = app_user::Entity::find()
                    .select_only()
                    .column(app_user::Column::Id)
                    .filter(app_user::Column::Role.eq(Role::UnionRep.as_str()))
                    .filter(
                        Expr::expr(Func::lower(Expr::col(app_user::Column::UnionName)))
                            .eq(union.clone()),
                    )
                    .into_tuple::<Uuid>()
                    .all(conn)
                    .await?;
                // Submitted by a response that names the union, its own or a joint one.
                let submitted = union_response_signatory::Entity::find()
                    .filter(union_response_signatory::Column::ProposalId.eq(proposal_id))
                    .filter(
                        Expr::expr(Func::lower(Expr::col(
                            union_response_signatory::Column::UnionName,
                        )))
                        .eq(union),
                    )
                    .filter(
                        union_response_signatory::Column::UnionResponseId.in_subquery(
                            sea_orm::sea_query::Query::select()
                                .column(union_response::Column::Id)
                                .from(union_response::Entity)
                                .and_where(union_response::Column::Submitted.eq(true))
                                .and_where(union_response::Column::ProposalId.eq(proposal_id))
                                .to_owned(),
                        ),
                    )
                    .count(conn)
                    .await?
                    > 0;
                if submitted {
                    responded = reps.clone();
                }
            }
        }
        PlanScope::Whole => {}
    }
    let people: Vec<Uuid> = staff.iter().chain(&reps).copied().collect();
    let facts = ProposalFacts {
        id: record.id,
        title: record.content.title.clone(),
        status: record.status,
        shared_with_unions: record.shared_with_unions_at.is_some(),
        opening_backdated: record.consultation_opened_backdated,
        consultation,
        staff,
        reps,
        hr: vec![],
        sponsor: vec![],
        consultation_opened: record.consultation_opened_at.is_some(),
        withdrawn_reason: record.withdrawn_reason.clone(),
        responded,
        meetings: vec![],
        questions: vec![],
        checklist: vec![],
        approvals: vec![],
        implementation_steps: vec![],
        hr1_due: None,
        hr1_made: false,
        minimum_period_ends: None,
        disclosure_update_due: false,
        closed_on: None,
    };
    Ok((facts, people))
}

/// One message the plan calls for, with the address it goes to: an account's, or (an
/// invited employee without one) a work email alone.
struct Message {
    dedupe_key: String,
    milestone: Milestone,
    recipient: (Option<Uuid>, String),
    due: Due,
    data: serde_json::Value,
    digest: bool,
}

/// Brings the outbox in line with what the proposal's state now calls for, inside the
/// caller's transaction: new messages are added, pending ones follow moved dates, and those
/// no longer called for are cancelled. Sent messages are never touched. Only the messages
/// `scope` can alter are read and re-planned, so a person's response costs the same in a
/// proposal of 10 people or 5,000.
pub async fn replan(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    scope: &PlanScope,
) -> AppResult<()> {
    let now = Utc::now();
    let today = super::s188::today();
    let (planned, to_addresses, existing_rows) = match scope.milestones() {
        None => {
            let facts = gather(conn, proposal_id, today).await?;
            let existing = outbox_message::Entity::find()
                .filter(outbox_message::Column::ProposalId.eq(proposal_id))
                .all(conn)
                .await?;
            (
                notify::plan(&facts, today),
                notify::plan_to_addresses(&facts, today),
                existing,
            )
        }
        Some(milestones) => {
            let (facts, people) = gather_respondents(conn, proposal_id, scope).await?;
            let planned: Vec<_> = notify::plan(&facts, today)
                .into_iter()
                .filter(|p| scope.covers(p, &people))
                .collect();
            // A person the scope names who is no longer staff or a representative of the
            // proposal keeps nothing pending of these milestones.
            let recipients: Vec<Uuid> = match scope {
                PlanScope::StaffResponse(id) => vec![*id],
                _ => people.clone(),
            };
            let existing = if recipients.is_empty() {
                Vec::new()
            } else {
                outbox_message::Entity::find()
                    .filter(outbox_message::Column::ProposalId.eq(proposal_id))
                    .filter(outbox_message::Column::RecipientId.is_in(recipients))
                    .filter(
                        outbox_message::Column::Template
                            .is_in(milestones.iter().map(|m| m.as_str())),
                    )
                    .all(conn)
                    .await?
            };
            (planned, Vec::new(), existing)
        }
    };
    let existing: HashMap<String, outbox_message::Model> = existing_rows
        .into_iter()
        .map(|m| (m.dedupe_key.clone(), m))
        .collect();
    let recipients: Vec<Uuid> = {
        let mut seen = HashSet::new();
        planned
            .iter()
            .map(|p| p.recipient)
            .filter(|r| seen.insert(*r))
            .collect()
    };
    let mut emails: HashMap<Uuid, String> = HashMap::new();
    let mut digest_users: HashSet<Uuid> = HashSet::new();
    // A whole re-plan of a large proposal names tens of thousands of people: asked for in
    // chunks, never one list past the database's limit on bound parameters.
    for chunk in recipients.chunks(super::IDS_PER_STATEMENT) {
        emails.extend(
            app_user::Entity::find()
                .select_only()
                .column(app_user::Column::Id)
                .column(app_user::Column::Email)
                .filter(app_user::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple::<(Uuid, String)>()
                .all(conn)
                .await?,
        );
        digest_users.extend(
            notification_preference::Entity::find()
                .select_only()
                .column(notification_preference::Column::UserId)
                .filter(notification_preference::Column::UserId.is_in(chunk.iter().copied()))
                .filter(notification_preference::Column::DailyDigest.eq(true))
                .into_tuple::<Uuid>()
                .all(conn)
                .await?,
        );
    }
    // Messages to accounts, then to addresses with no account (invited employees); each is
    // written once per key and follows the plan while pending.
    let mut messages: Vec<Message> = Vec::new();
    for p in planned {
        let Some(email) = emails.get(&p.recipient) else {
            continue;
        };
        let digest = p.milestone.may_wait_for_digest() && digest_users.contains(&p.recipient);
        messages.push(Message {
            dedupe_key: p.dedupe_key,
            milestone: p.milestone,
            recipient: (Some(p.recipient), email.clone()),
            due: p.due,
            data: p.data,
            digest,
        });
    }
    messages.extend(to_addresses.into_iter().map(|p| Message {
        dedupe_key: p.dedupe_key,
        milestone: p.milestone,
        recipient: (None, p.email),
        due: Due::Now,
        data: p.data,
        digest: false,
    }));
    let mut wanted = HashSet::new();
    for p in messages {
        wanted.insert(p.dedupe_key.clone());
        let digest = p.digest;
        let at = |due: DateTime<Utc>| {
            if digest {
                notify::digest_time(due)
            } else {
                due
            }
        };
        match existing.get(&p.dedupe_key) {
            None => {
                let due_at = at(match p.due {
                    Due::Now => now,
                    Due::At(t) => t,
                });
                insert_pending(
                    conn,
                    Some(proposal_id),
                    (p.recipient.0, &p.recipient.1),
                    p.milestone,
                    p.dedupe_key,
                    p.data,
                    digest,
                    due_at,
                )
                .await?;
            }
            Some(row)
                if row.status == OutboxStatus::Pending.as_str()
                    || row.status == OutboxStatus::Cancelled.as_str() =>
            {
                let due_at = match p.due {
                    Due::At(t) => at(t),
                    Due::Now if row.status == OutboxStatus::Cancelled.as_str() => at(now),
                    Due::Now => row.due_at,
                };
                if row.due_at != due_at
                    || row.data != p.data
                    || row.status != OutboxStatus::Pending.as_str()
                    || row.digest != digest
                {
                    outbox_message::Entity::update(outbox_message::ActiveModel {
                        id: Set(row.id),
                        due_at: Set(due_at),
                        data: Set(p.data),
                        digest: Set(digest),
                        status: Set(OutboxStatus::Pending.as_str().to_owned()),
                        updated_at: Set(now),
                        ..Default::default()
                    })
                    .exec(conn)
                    .await?;
                }
            }
            Some(_) => {}
        }
    }
    let stale: Vec<Uuid> = existing
        .values()
        .filter(|m| {
            m.status == OutboxStatus::Pending.as_str()
                && !wanted.contains(&m.dedupe_key)
                && Milestone::parse(&m.template).is_none_or(Milestone::planned)
        })
        .map(|m| m.id)
        .collect();
    for chunk in stale.chunks(super::IDS_PER_STATEMENT) {
        outbox_message::Entity::update_many()
            .col_expr(
                outbox_message::Column::Status,
                Expr::value(OutboxStatus::Cancelled.as_str()),
            )
            .col_expr(outbox_message::Column::UpdatedAt, Expr::value(now))
            .filter(outbox_message::Column::Id.is_in(chunk.iter().copied()))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Plans HR's reminders to assign questions just added with no owner, inside the caller's
/// transaction, when the change that added them re-plans only a scope that leaves the question
/// log alone (a submitted response: its points start in the log with no owner). A fixed number
/// of statements whatever the proposal holds; the next whole re-plan keeps them (same keys).
pub async fn plan_new_questions(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    questions: &[super::questions::QuestionRecord],
) -> AppResult<()> {
    if questions.is_empty() {
        return Ok(());
    }
    let today = super::s188::today();
    let record = proposals::load_for_change(conn, proposal_id, None).await?;
    let hr: Vec<(Uuid, String)> = app_user::Entity::find()
        .select_only()
        .column(app_user::Column::Id)
        .column(app_user::Column::Email)
        .filter(app_user::Column::Role.eq(Role::HrAdmin.as_str()))
        .into_tuple::<(Uuid, String)>()
        .all(conn)
        .await?;
    let digest_users: HashSet<Uuid> = notification_preference::Entity::find()
        .select_only()
        .column(notification_preference::Column::UserId)
        .filter(notification_preference::Column::DailyDigest.eq(true))
        .filter(
            notification_preference::Column::UserId.in_subquery(
                Query::select()
                    .column(app_user::Column::Id)
                    .from(app_user::Entity)
                    .and_where(app_user::Column::Role.eq(Role::HrAdmin.as_str()))
                    .to_owned(),
            ),
        )
        .into_tuple::<Uuid>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let facts = ProposalFacts {
        id: record.id,
        title: record.content.title.clone(),
        status: record.status,
        shared_with_unions: false,
        consultation: None,
        opening_backdated: true,
        staff: vec![],
        reps: vec![],
        hr: hr.iter().map(|(id, _)| *id).collect(),
        // Only the question log's reminders to HR are kept from this plan.
        sponsor: vec![],
        consultation_opened: false,
        withdrawn_reason: None,
        responded: vec![],
        meetings: vec![],
        questions: questions
            .iter()
            .map(|q| QuestionFacts {
                id: q.id,
                text: q.text.clone(),
                asker: q.asker_id,
                owner: q.owner_id,
                raised_on: q.raised_on,
                due_on: q.due_on,
                answered: q.answer.is_some(),
                challenges: u32::try_from(q.challenge_count).unwrap_or_default(),
            })
            .collect(),
        checklist: vec![],
        approvals: vec![],
        implementation_steps: vec![],
        hr1_due: None,
        hr1_made: false,
        minimum_period_ends: None,
        disclosure_update_due: false,
        closed_on: None,
    };
    let emails: HashMap<Uuid, String> = hr.into_iter().collect();
    let now = Utc::now();
    for p in notify::plan(&facts, today)
        .into_iter()
        .filter(|p| p.milestone == Milestone::QuestionUnassigned)
    {
        let Some(email) = emails.get(&p.recipient) else {
            continue;
        };
        let digest = digest_users.contains(&p.recipient);
        let due = match p.due {
            Due::Now => now,
            Due::At(t) => t,
        };
        insert_pending(
            conn,
            Some(proposal_id),
            (Some(p.recipient), email),
            p.milestone,
            p.dedupe_key,
            p.data,
            digest,
            if digest {
                notify::digest_time(due)
            } else {
                due
            },
        )
        .await?;
    }
    Ok(())
}

/// Tells the staff and representatives of a proposal in consultation that its last day
/// moved from `previous` to `end` (`notify::end_change`), in the caller's transaction: once
/// per new day. A re-plan leaves these alone; a withdrawal cancels those not yet sent.
pub async fn announce_end_change(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    previous: Option<chrono::NaiveDate>,
    end: Option<chrono::NaiveDate>,
) -> AppResult<()> {
    let (Some(previous), Some(end)) = (previous, end) else {
        return Ok(());
    };
    if previous == end {
        return Ok(());
    }
    let facts = gather(conn, proposal_id, super::s188::today()).await?;
    let planned = notify::end_change(&facts, previous, end);
    let recipients: Vec<Uuid> = planned.iter().map(|p| p.recipient).collect();
    let mut emails: HashMap<Uuid, String> = HashMap::new();
    for chunk in recipients.chunks(super::IDS_PER_STATEMENT) {
        emails.extend(
            app_user::Entity::find()
                .select_only()
                .column(app_user::Column::Id)
                .column(app_user::Column::Email)
                .filter(app_user::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple::<(Uuid, String)>()
                .all(conn)
                .await?,
        );
    }
    let now = Utc::now();
    for p in planned {
        let Some(email) = emails.get(&p.recipient) else {
            continue;
        };
        insert_pending(
            conn,
            Some(proposal_id),
            (Some(p.recipient), email),
            p.milestone,
            p.dedupe_key,
            p.data,
            false,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Adds a message that belongs to no proposal (an invitation), once per dedupe key.
pub async fn enqueue(
    conn: &impl ConnectionTrait,
    recipient: (Uuid, &str),
    milestone: Milestone,
    dedupe_key: String,
    data: serde_json::Value,
) -> AppResult<()> {
    insert_pending(
        conn,
        None,
        (Some(recipient.0), recipient.1),
        milestone,
        dedupe_key,
        data,
        false,
        Utc::now(),
    )
    .await
}

/// Adds a message about one person's case (a letter issued, an individual meeting invitation;
/// later offers, notice, trial periods and appeals), once per dedupe key, due at `due_at`. It
/// belongs to the proposal, so HR sees it in the proposal's outbox, but no re-plan cancels it
/// (`Milestone::planned` is false for these). The recipient may have no account (`None`), in
/// which case `data.recipientName` names them.
pub async fn enqueue_case_message(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    recipient: (Option<Uuid>, &str),
    milestone: Milestone,
    dedupe_key: String,
    data: serde_json::Value,
    due_at: DateTime<Utc>,
) -> AppResult<()> {
    debug_assert!(!milestone.planned(), "a case message is never re-planned");
    insert_pending(
        conn,
        Some(proposal_id),
        recipient,
        milestone,
        dedupe_key,
        data,
        false,
        due_at,
    )
    .await
}

/// Cancels the pending case messages whose dedupe key begins with `key_prefix` (a reminder
/// about one person's case that is no longer called for: a trial period confirmed or ended).
/// Sent messages are never touched. One statement.
pub async fn cancel_case_messages(conn: &impl ConnectionTrait, key_prefix: &str) -> AppResult<()> {
    let escaped = key_prefix
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    outbox_message::Entity::update_many()
        .col_expr(
            outbox_message::Column::Status,
            Expr::value(OutboxStatus::Cancelled.as_str()),
        )
        .col_expr(outbox_message::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(outbox_message::Column::Status.eq(OutboxStatus::Pending.as_str()))
        .filter(
            Expr::col(outbox_message::Column::DedupeKey)
                .like(sea_orm::sea_query::LikeExpr::new(format!("{escaped}%")).escape('\\')),
        )
        .exec(conn)
        .await?;
    Ok(())
}

/// Adds a pending message, unless one with its dedupe key is already there.
#[allow(clippy::too_many_arguments)]
async fn insert_pending(
    conn: &impl ConnectionTrait,
    proposal_id: Option<Uuid>,
    recipient: (Option<Uuid>, &str),
    milestone: Milestone,
    dedupe_key: String,
    data: serde_json::Value,
    digest: bool,
    due_at: DateTime<Utc>,
) -> AppResult<()> {
    let now = Utc::now();
    outbox_message::Entity::insert(outbox_message::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(proposal_id),
        recipient_id: Set(recipient.0),
        recipient_email: Set(recipient.1.to_owned()),
        template: Set(milestone.as_str().to_owned()),
        data: Set(data),
        dedupe_key: Set(dedupe_key),
        statutory: Set(milestone.statutory()),
        digest: Set(digest),
        due_at: Set(due_at),
        status: Set(OutboxStatus::Pending.as_str().to_owned()),
        attempts: Set(0),
        last_error: Set(None),
        claimed_until: Set(None),
        send_started_at: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .on_conflict(unique_key())
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Messages a worker has claimed, and its lease on them: until `lease` no other worker takes
/// them. The lease also fences the worker's later writes (`mark_started`, `settle`): a
/// message whose lease ran out and that another worker claimed again carries that worker's
/// later lease, so the first one's writes no longer match it.
#[derive(Debug, Clone)]
pub struct Claim {
    pub lease: DateTime<Utc>,
    pub messages: Vec<MessageRecord>,
}

/// Claims up to `limit` due messages for this worker, under a lease of `CLAIM_SECONDS`.
/// Claiming is not an attempt: `mark_started` counts one just before the send. On
/// PostgreSQL several workers share the outbox: `FOR UPDATE SKIP LOCKED` gives each its own
/// rows. Messages whose lease ran out (their worker stopped) are dealt with first, by
/// `notify::after_lease_expired`: one whose send had started may have been delivered and
/// becomes dead, for HR to check; one whose send never started goes back to the queue as it
/// was, and this claim may take it.
pub async fn claim(store: &Store, now: DateTime<Utc>, limit: u64) -> AppResult<Claim> {
    let lease = (now + chrono::Duration::seconds(CLAIM_SECONDS)).trunc_subsecs(6);
    let txn = store.begin_write().await?;
    for started in [true, false] {
        let (status, error) = notify::after_lease_expired(started);
        let mut expired = outbox_message::Entity::update_many()
            .col_expr(outbox_message::Column::Status, Expr::value(status.as_str()))
            .col_expr(
                outbox_message::Column::ClaimedUntil,
                Expr::value(None::<DateTime<Utc>>),
            )
            .col_expr(outbox_message::Column::UpdatedAt, Expr::value(now))
            .filter(outbox_message::Column::Status.eq(OutboxStatus::Sending.as_str()))
            .filter(outbox_message::Column::ClaimedUntil.lt(now))
            .filter(if started {
                outbox_message::Column::SendStartedAt.is_not_null()
            } else {
                outbox_message::Column::SendStartedAt.is_null()
            });
        if let Some(error) = error {
            expired = expired.col_expr(outbox_message::Column::LastError, Expr::value(error));
        }
        expired.exec(&txn).await?;
    }
    let due = outbox_message::Entity::find()
        .filter(outbox_message::Column::Status.eq(OutboxStatus::Pending.as_str()))
        .filter(outbox_message::Column::DueAt.lte(now))
        .order_by_asc(outbox_message::Column::DueAt)
        .order_by_asc(outbox_message::Column::Id)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(&txn)
        .await?;
    let ids: Vec<Uuid> = due.iter().map(|m| m.id).collect();
    if !ids.is_empty() {
        outbox_message::Entity::update_many()
            .col_expr(
                outbox_message::Column::Status,
                Expr::value(OutboxStatus::Sending.as_str()),
            )
            .col_expr(outbox_message::Column::ClaimedUntil, Expr::value(lease))
            // A resent message starts afresh.
            .col_expr(
                outbox_message::Column::SendStartedAt,
                Expr::value(None::<DateTime<Utc>>),
            )
            .col_expr(outbox_message::Column::UpdatedAt, Expr::value(now))
            .filter(outbox_message::Column::Id.is_in(ids))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    let messages = due
        .into_iter()
        .map(|row| {
            let mut record = from_row(row)?;
            record.status = OutboxStatus::Sending;
            Ok(record)
        })
        .collect::<AppResult<_>>()?;
    Ok(Claim { lease, messages })
}

/// Records, in one statement, that these claimed messages are about to be sent (an attempt
/// each), and returns those that are: a message whose lease ran out and that another worker
/// took is left alone. From here until `settle`, a worker that stops leaves them dead (they
/// may have gone); the rest of its claim goes back to the queue.
pub async fn mark_started(
    store: &Store,
    lease: DateTime<Utc>,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> AppResult<Vec<Uuid>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let held = || {
        Condition::all()
            .add(outbox_message::Column::Id.is_in(ids.iter().copied()))
            .add(outbox_message::Column::Status.eq(OutboxStatus::Sending.as_str()))
            .add(outbox_message::Column::ClaimedUntil.eq(lease))
    };
    let marked = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::SendStartedAt, Expr::value(now))
        .col_expr(
            outbox_message::Column::Attempts,
            Expr::col(outbox_message::Column::Attempts).add(1),
        )
        .col_expr(outbox_message::Column::UpdatedAt, Expr::value(now))
        .filter(held())
        .filter(outbox_message::Column::SendStartedAt.is_null())
        .exec(store.conn())
        .await?;
    if marked.rows_affected == ids.len() as u64 {
        return Ok(ids.to_vec());
    }
    // Some were taken back: which are still ours?
    Ok(outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::Id)
        .filter(held())
        .filter(outbox_message::Column::SendStartedAt.is_not_null())
        .into_tuple::<Uuid>()
        .all(store.conn())
        .await?)
}

/// Gives back claimed messages this worker has not started on (it has held its claim long
/// enough): pending again, as they were, for the next claim.
pub async fn release(
    store: &Store,
    lease: DateTime<Utc>,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    outbox_message::Entity::update_many()
        .col_expr(
            outbox_message::Column::Status,
            Expr::value(OutboxStatus::Pending.as_str()),
        )
        .col_expr(
            outbox_message::Column::ClaimedUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(outbox_message::Column::UpdatedAt, Expr::value(now))
        .filter(outbox_message::Column::Id.is_in(ids.iter().copied()))
        .filter(outbox_message::Column::Status.eq(OutboxStatus::Sending.as_str()))
        .filter(outbox_message::Column::ClaimedUntil.eq(lease))
        .filter(outbox_message::Column::SendStartedAt.is_null())
        .exec(store.conn())
        .await?;
    Ok(())
}

/// Records how a group's sends went, in one transaction: every sent message in one
/// statement, the failures (retried with backoff, dead after the last try) in one per
/// distinct error and attempt count. Only messages this worker still holds are settled.
/// `attempts` of each message counts the attempt just made.
pub async fn settle(
    store: &Store,
    lease: DateTime<Utc>,
    outcomes: &[(MessageRecord, Result<(), String>)],
    now: DateTime<Utc>,
) -> AppResult<()> {
    if outcomes.is_empty() {
        return Ok(());
    }
    let held = |ids: Vec<Uuid>| {
        Condition::all()
            .add(outbox_message::Column::Id.is_in(ids))
            .add(outbox_message::Column::Status.eq(OutboxStatus::Sending.as_str()))
            .add(outbox_message::Column::ClaimedUntil.eq(lease))
    };
    let mut sent = Vec::new();
    let mut failed: HashMap<(i32, &str), Vec<Uuid>> = HashMap::new();
    for (message, outcome) in outcomes {
        match outcome {
            Ok(()) => sent.push(message.id),
            Err(error) => failed
                .entry((message.attempts, error.as_str()))
                .or_default()
                .push(message.id),
        }
    }
    let txn = store.begin_write().await?;
    if !sent.is_empty() {
        outbox_message::Entity::update_many()
            .col_expr(
                outbox_message::Column::Status,
                Expr::value(OutboxStatus::Sent.as_str()),
            )
            .col_expr(outbox_message::Column::SentAt, Expr::value(now))
            .col_expr(
                outbox_message::Column::LastError,
                Expr::value(None::<String>),
            )
            .col_expr(
                outbox_message::Column::ClaimedUntil,
                Expr::value(None::<DateTime<Utc>>),
            )
            .col_expr(outbox_message::Column::UpdatedAt, Expr::value(now))
            .filter(held(sent))
            .exec(&txn)
            .await?;
    }
    for ((attempts, error), ids) in failed {
        let (status, retry_at) = notify::after_failure(attempts, now);
        let mut update = outbox_message::Entity::update_many()
            .col_expr(outbox_message::Column::Status, Expr::value(status.as_str()))
            .col_expr(outbox_message::Column::LastError, Expr::value(error))
            .col_expr(
                outbox_message::Column::ClaimedUntil,
                Expr::value(None::<DateTime<Utc>>),
            )
            // The server answered: nothing is left in doubt.
            .col_expr(
                outbox_message::Column::SendStartedAt,
                Expr::value(None::<DateTime<Utc>>),
            )
            .col_expr(outbox_message::Column::UpdatedAt, Expr::value(now));
        if let Some(at) = retry_at {
            update = update.col_expr(outbox_message::Column::DueAt, Expr::value(at));
        }
        update.filter(held(ids)).exec(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Which of a proposal's messages HR lists, and in which order.
#[derive(Debug, Clone, Default)]
pub struct OutboxFilter {
    pub status: Option<OutboxStatus>,
    pub milestone: Option<Milestone>,
    /// Text in the recipient's address or their account's name, ignoring case.
    pub recipient: Option<String>,
    /// Oldest first instead of newest first.
    pub oldest_first: bool,
}

/// Messages of a proposal matching `filter`, a page after `after`, and how many match: two
/// statements whatever the outbox holds (the recipient's name is matched in a subquery).
pub async fn of_proposal(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    filter: &OutboxFilter,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<(Vec<MessageRecord>, u64)> {
    let mut condition = Condition::all().add(outbox_message::Column::ProposalId.eq(proposal_id));
    if let Some(status) = filter.status {
        condition = condition.add(outbox_message::Column::Status.eq(status.as_str()));
    }
    if let Some(milestone) = filter.milestone {
        condition = condition.add(outbox_message::Column::Template.eq(milestone.as_str()));
    }
    if let Some(text) = filter
        .recipient
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let named = Query::select()
            .column(app_user::Column::Id)
            .from(app_user::Entity)
            .and_where(super::contains_text(app_user::Column::Name, text))
            .to_owned();
        condition = condition.add(
            Condition::any()
                .add(super::contains_text(
                    outbox_message::Column::RecipientEmail,
                    text,
                ))
                .add(outbox_message::Column::RecipientId.in_subquery(named)),
        );
    }
    page(conn, condition, after, limit, filter.oldest_first).await
}

/// Messages to a person (newest first), a page after `after`; cancelled ones are left out.
pub async fn to_recipient(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<(Vec<MessageRecord>, u64)> {
    let condition = Condition::all()
        .add(outbox_message::Column::RecipientId.eq(user_id))
        .add(outbox_message::Column::Status.ne(OutboxStatus::Cancelled.as_str()));
    page(conn, condition, after, limit, false).await
}

/// A keyset page by id (ids are time-ordered), newest or oldest first.
async fn page(
    conn: &impl ConnectionTrait,
    condition: impl sea_orm::sea_query::IntoCondition + Clone,
    after: Option<Uuid>,
    limit: u64,
    oldest_first: bool,
) -> AppResult<(Vec<MessageRecord>, u64)> {
    let total = outbox_message::Entity::find()
        .filter(condition.clone())
        .count(conn)
        .await?;
    let mut query = outbox_message::Entity::find()
        .filter(condition)
        .limit(limit + 1);
    query = if oldest_first {
        query.order_by_asc(outbox_message::Column::Id)
    } else {
        query.order_by_desc(outbox_message::Column::Id)
    };
    if let Some(after) = after {
        query = query.filter(if oldest_first {
            outbox_message::Column::Id.gt(after)
        } else {
            outbox_message::Column::Id.lt(after)
        });
    }
    let rows = query
        .all(conn)
        .await?
        .into_iter()
        .map(from_row)
        .collect::<AppResult<_>>()?;
    Ok((rows, total))
}

/// A message by id.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<MessageRecord>> {
    outbox_message::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(from_row)
        .transpose()
}

/// Sends a dead message again: pending now, attempts reset. The audit records who asked.
pub async fn resend(store: &Store, actor: &AuditActor, id: Uuid) -> AppResult<MessageRecord> {
    let txn = store.begin_write().await?;
    let before = find(&txn, id)
        .await?
        .ok_or_else(|| DomainError::NotFound("There is no email with that id.".into()))?;
    notify::check_resend(before.status)?;
    let now = Utc::now();
    outbox_message::Entity::update(outbox_message::ActiveModel {
        id: Set(id),
        status: Set(OutboxStatus::Pending.as_str().to_owned()),
        attempts: Set(0),
        due_at: Set(now),
        claimed_until: Set(None),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let after = find(&txn, id)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("message {id} vanished")))?;
    audit::record(
        &txn,
        actor,
        AuditAction::EmailResent,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Whether a person takes non-statutory notices as a daily digest.
pub async fn daily_digest(conn: &impl ConnectionTrait, user_id: Uuid) -> AppResult<bool> {
    Ok(notification_preference::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .is_some_and(|p| p.daily_digest))
}

/// Sets a person's preference; pending notices to them move into or out of the digest on
/// the next re-plan of their proposals, which this does at once.
pub async fn set_daily_digest(store: &Store, user_id: Uuid, daily_digest: bool) -> AppResult<bool> {
    let txn = store.begin_write().await?;
    let now = Utc::now();
    let row = notification_preference::ActiveModel {
        user_id: Set(user_id),
        daily_digest: Set(daily_digest),
        updated_at: Set(now),
    };
    let before = notification_preference::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .map(|p| serde_json::json!({ "dailyDigest": p.daily_digest }));
    if before.is_some() {
        notification_preference::Entity::update(row)
            .exec(&txn)
            .await?;
    } else {
        notification_preference::Entity::insert(row)
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        &AuditActor::User(user_id),
        AuditAction::PreferencesSet,
        user_id,
        before.as_ref(),
        Some(&serde_json::json!({ "dailyDigest": daily_digest })),
    )
    .await?;
    let proposals: Vec<Uuid> = outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::ProposalId)
        .distinct()
        .filter(outbox_message::Column::RecipientId.eq(user_id))
        .filter(outbox_message::Column::Status.eq(OutboxStatus::Pending.as_str()))
        .filter(outbox_message::Column::ProposalId.is_not_null())
        .into_tuple::<Option<Uuid>>()
        .all(&txn)
        .await?
        .into_iter()
        .flatten()
        .collect();
    for proposal in proposals {
        replan(&txn, proposal, &PlanScope::Whole).await?;
    }
    txn.commit().await?;
    Ok(daily_digest)
}

/// The outbox's queue as metrics read it (`metrics::Metrics::render`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutboxDepth {
    /// Messages in each queue status asked for (a status without messages is absent).
    pub by_status: Vec<(OutboxStatus, u64)>,
    /// Pending messages whose time has come.
    pub due: u64,
    /// The earliest due time of a pending message (in the future when none is due yet).
    pub oldest_due: Option<DateTime<Utc>>,
}

/// A status, its messages, how many of them are due, and the earliest due time.
type DepthRow = (String, i64, Option<i64>, Option<DateTime<Utc>>);

/// How many messages are in each of `statuses`, how many pending ones are due at `now`, and
/// when the earliest pending one fell due: one aggregate statement, which the (status,
/// due_at) index answers without reading sent or cancelled messages.
pub async fn depth(
    conn: &impl ConnectionTrait,
    statuses: &[OutboxStatus],
    now: DateTime<Utc>,
) -> AppResult<OutboxDepth> {
    let rows: Vec<DepthRow> = outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::Status)
        .column_as(outbox_message::Column::Id.count(), "messages")
        .column_as(
            Expr::from(Func::sum(
                Expr::case(outbox_message::Column::DueAt.lte(now), 1).finally(0),
            )),
            "due",
        )
        .column_as(outbox_message::Column::DueAt.min(), "first_due")
        .filter(outbox_message::Column::Status.is_in(statuses.iter().map(|s| s.as_str())))
        .group_by(outbox_message::Column::Status)
        .into_tuple()
        .all(conn)
        .await?;
    let mut depth = OutboxDepth::default();
    for (status, messages, due, first_due) in rows {
        let Some(status) = OutboxStatus::parse(&status) else {
            continue;
        };
        depth
            .by_status
            .push((status, u64::try_from(messages).unwrap_or(0)));
        if status == OutboxStatus::Pending {
            depth.due = due.and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
            depth.oldest_due = first_due;
        }
    }
    Ok(depth)
}
