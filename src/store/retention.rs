//! The retention run (`consult retention`, and once a day in the worker): finds the decided
//! proposals whose personal data is past the employer's retention period and pseudonymises
//! them, one transaction per proposal. The rules (what is due, what each field becomes) are
//! `domain::retention`; this gathers and writes.
//!
//! Statements are bounded per proposal whatever its size, but for feedback answers, which are
//! rewritten one response (and one saved version) at a time because each keeps its own
//! choices: an offline job, run once per proposal.

use super::{
    Store, audit,
    entities::{
        app_user, case_appeal, case_notice, employee, employee_characteristic, feedback_response,
        feedback_response_version, grading_challenge, individual_meeting, jd_comment, jd_version,
        job_description, letter, meeting, meeting_attendee, offer, outbox_message, proposal,
        question, question_reply, selection_score,
    },
};
use crate::domain::{
    audit::{AuditAction, AuditActor},
    feedback::QuestionType,
    question::ReplyKind,
    retention::{self, ProposalRetention, REMOVED},
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use serde::Serialize;
use std::collections::HashSet;
use uuid::Uuid;

/// A proposal past its retention period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DueProposal {
    pub id: Uuid,
    pub title: String,
    pub decided_at: DateTime<Utc>,
    /// The last day its personal data was to be kept.
    pub kept_until: NaiveDate,
}

/// What a run found (and, applied, did).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionRun {
    pub as_of: NaiveDate,
    pub retention_years: u32,
    pub keeps_free_text: bool,
    pub due: Vec<DueProposal>,
    /// Audit events whose before/after were erased (0 in a dry run).
    pub redacted_events: u64,
}

/// The proposals due on `as_of`, changing nothing. Two statements.
pub async fn dry_run(store: &Store, as_of: NaiveDate) -> AppResult<RetentionRun> {
    let policy = super::employer_policy::get(store.conn()).await?.policy;
    let due = due(store.conn(), policy.retention_years, as_of).await?;
    Ok(RetentionRun {
        as_of,
        retention_years: policy.retention_years,
        keeps_free_text: policy.retention_keeps_free_text,
        due,
        redacted_events: 0,
    })
}

async fn due(
    conn: &impl ConnectionTrait,
    years: u32,
    as_of: NaiveDate,
) -> AppResult<Vec<DueProposal>> {
    type Row = (Uuid, String, Option<DateTime<Utc>>, Option<DateTime<Utc>>);
    let rows: Vec<Row> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Id)
        .column(proposal::Column::Title)
        .column(proposal::Column::DecidedAt)
        .column(proposal::Column::PseudonymisedAt)
        .filter(proposal::Column::DecidedAt.is_not_null())
        .filter(proposal::Column::PseudonymisedAt.is_null())
        .into_tuple()
        .all(conn)
        .await?;
    let mut due: Vec<DueProposal> = rows
        .into_iter()
        .filter_map(|(id, title, decided_at, pseudonymised_at)| {
            let facts = ProposalRetention {
                decided_at,
                pseudonymised: pseudonymised_at.is_some(),
            };
            let decided_at = decided_at?;
            retention::is_due(facts, years, as_of).then(|| DueProposal {
                id,
                title,
                decided_at,
                kept_until: retention::kept_until(retention::london_day(decided_at), years),
            })
        })
        .collect();
    due.sort_by_key(|p| (p.decided_at, p.id));
    Ok(due)
}

/// Pseudonymises every proposal due on `as_of`, each in its own transaction with its audit
/// event. A second run finds nothing due: each is marked `pseudonymised_at`.
pub async fn apply(store: &Store, actor: &AuditActor, as_of: NaiveDate) -> AppResult<RetentionRun> {
    let mut run = dry_run(store, as_of).await?;
    for proposal in &run.due {
        let txn = store.begin_write().await?;
        // Checked again inside the transaction: another run may have done it meanwhile.
        let still_due = proposal::Entity::find_by_id(proposal.id)
            .filter(proposal::Column::PseudonymisedAt.is_null())
            .lock_exclusive()
            .one(&txn)
            .await?
            .is_some();
        if !still_due {
            continue;
        }
        let done = pseudonymise(&txn, proposal.id, run.keeps_free_text).await?;
        run.redacted_events += done.redacted_events;
        audit::record(
            &txn,
            actor,
            AuditAction::ProposalPseudonymised,
            proposal.id,
            None::<&()>,
            Some(&serde_json::json!({
                "asOf": as_of,
                "retentionYears": run.retention_years,
                "keepsFreeText": run.keeps_free_text,
                "decidedAt": proposal.decided_at,
                "employees": done.employees,
                "redactedAuditEvents": done.redacted_events,
            })),
        )
        .await?;
        txn.commit().await?;
        tracing::info!(proposal = %proposal.id, "personal data pseudonymised under the retention policy");
    }
    Ok(run)
}

struct Pseudonymised {
    employees: usize,
    redacted_events: u64,
}

fn removed_unless_null(column: &str) -> Expr {
    Expr::cust(format!(
        "CASE WHEN {column} IS NULL THEN NULL ELSE '{REMOVED}' END"
    ))
}

async fn pseudonymise(
    txn: &impl ConnectionTrait,
    proposal_id: Uuid,
    keeps: bool,
) -> AppResult<Pseudonymised> {
    let now = Utc::now();
    let people: Vec<(Uuid, String)> = employee::Entity::find()
        .select_only()
        .column(employee::Column::Id)
        .column(employee::Column::WorkEmail)
        .filter(employee::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(txn)
        .await?;
    let employee_ids: Vec<Uuid> = people.iter().map(|(id, _)| *id).collect();
    let emails: Vec<String> = people
        .iter()
        .map(|(_, email)| email.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    let user_ids: Vec<Uuid> = if emails.is_empty() {
        vec![]
    } else {
        app_user::Entity::find()
            .select_only()
            .column(app_user::Column::Id)
            .filter(
                Expr::expr(Func::lower(Expr::col(app_user::Column::Email))).is_in(emails.clone()),
            )
            .into_tuple()
            .all(txn)
            .await?
    };

    // Employees: "Employee N", identifiers gone. Pay, service and impact stay: the costs and
    // counts of the restructure are built from them.
    for chunk in retention::ordinals(&employee_ids).chunks(200) {
        let by_id = |value: fn(usize) -> String, otherwise: employee::Column| {
            let mut case = Expr::case(
                Expr::col(employee::Column::Id).eq(chunk[0].0),
                Expr::val(value(chunk[0].1)),
            );
            for (id, ordinal) in &chunk[1..] {
                case = case.case(
                    Expr::col(employee::Column::Id).eq(*id),
                    Expr::val(value(*ordinal)),
                );
            }
            case.finally(Expr::col(otherwise)).into()
        };
        employee::Entity::update_many()
            .col_expr(
                employee::Column::Name,
                by_id(retention::pseudonym, employee::Column::Name),
            )
            .col_expr(
                employee::Column::EmployeeNumber,
                by_id(
                    retention::pseudonymous_number,
                    employee::Column::EmployeeNumber,
                ),
            )
            .col_expr(employee::Column::WorkEmail, Expr::val(""))
            .col_expr(
                employee::Column::ImpactNote,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                employee::Column::DateOfBirth,
                Expr::value(Option::<NaiveDate>::None),
            )
            .filter(employee::Column::Id.is_in(chunk.iter().map(|(id, _)| *id)))
            .exec(txn)
            .await?;
    }
    // Staff and companions at its meetings: "Attendee N", unlinked from their accounts.
    let attendees: Vec<(Uuid, String)> = meeting_attendee::Entity::find()
        .select_only()
        .column(meeting_attendee::Column::Id)
        .column(meeting_attendee::Column::Capacity)
        .filter(
            meeting_attendee::Column::MeetingId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(meeting::Column::Id)
                    .from(meeting::Entity)
                    .and_where(meeting::Column::ProposalId.eq(proposal_id))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(txn)
        .await?;
    let personal: Vec<Uuid> = attendees
        .iter()
        .filter(|(_, capacity)| retention::attendance_is_personal(capacity))
        .map(|(id, _)| *id)
        .collect();
    for chunk in retention::ordinals(&personal).chunks(200) {
        let mut name = Expr::case(
            Expr::col(meeting_attendee::Column::Id).eq(chunk[0].0),
            Expr::val(retention::attendee_pseudonym(chunk[0].1)),
        );
        for (id, ordinal) in &chunk[1..] {
            name = name.case(
                Expr::col(meeting_attendee::Column::Id).eq(*id),
                Expr::val(retention::attendee_pseudonym(*ordinal)),
            );
        }
        meeting_attendee::Entity::update_many()
            .col_expr(
                meeting_attendee::Column::Name,
                name.finally(Expr::col(meeting_attendee::Column::Name))
                    .into(),
            )
            .col_expr(
                meeting_attendee::Column::UserId,
                Expr::value(Option::<Uuid>::None),
            )
            .filter(meeting_attendee::Column::Id.is_in(chunk.iter().map(|(id, _)| *id)))
            .exec(txn)
            .await?;
    }

    // Equality monitoring data is deleted outright.
    employee_characteristic::Entity::delete_many()
        .filter(employee_characteristic::Column::EmployeeId.is_in(employee_ids.clone()))
        .exec(txn)
        .await?;

    // Letters lose their bodies; kind, subject and dates stay.
    letter::Entity::update_many()
        .col_expr(letter::Column::BodyText, Expr::val(REMOVED))
        .col_expr(
            letter::Column::BodyHtml,
            Expr::val(format!("<p>{REMOVED}</p>")),
        )
        .col_expr(letter::Column::Facts, Expr::value(serde_json::json!({})))
        .col_expr(letter::Column::RedactedAt, Expr::value(now))
        .filter(letter::Column::ProposalId.eq(proposal_id))
        .filter(letter::Column::RedactedAt.is_null())
        .exec(txn)
        .await?;

    // Emails addressed to them keep their status and dates, not their address or content; one
    // still waiting is cancelled.
    let mut addressed = outbox_message::Column::RecipientId.is_in(user_ids.clone());
    if !emails.is_empty() {
        addressed = addressed.or(Expr::expr(Func::lower(Expr::col(
            outbox_message::Column::RecipientEmail,
        )))
        .is_in(emails.clone()));
    }
    outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::RecipientEmail, Expr::val(""))
        .col_expr(
            outbox_message::Column::Data,
            Expr::value(serde_json::json!({})),
        )
        .col_expr(
            outbox_message::Column::Status,
            Expr::cust("CASE WHEN status = 'PENDING' THEN 'CANCELLED' ELSE status END"),
        )
        .filter(outbox_message::Column::ProposalId.eq(proposal_id))
        .filter(addressed)
        .exec(txn)
        .await?;

    let response_ids: Vec<Uuid> = feedback_response::Entity::find()
        .select_only()
        .column(feedback_response::Column::Id)
        .filter(feedback_response::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(txn)
        .await?;
    let question_ids: Vec<Uuid> = question::Entity::find()
        .select_only()
        .column(question::Column::Id)
        .filter(question::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(txn)
        .await?;
    let jd_ids: Vec<Uuid> = job_description::Entity::find()
        .select_only()
        .column(job_description::Column::Id)
        .filter(job_description::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(txn)
        .await?;
    let offer_ids: Vec<Uuid> = offer::Entity::find()
        .select_only()
        .column(offer::Column::Id)
        .filter(offer::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(txn)
        .await?;
    let appeal_ids: Vec<Uuid> = case_appeal::Entity::find()
        .select_only()
        .column(case_appeal::Column::Id)
        .filter(case_appeal::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(txn)
        .await?;
    let letter_ids: Vec<Uuid> = letter::Entity::find()
        .select_only()
        .column(letter::Column::Id)
        .filter(letter::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(txn)
        .await?;
    let notice_ids: Vec<Uuid> = case_notice::Entity::find()
        .select_only()
        .column(case_notice::Column::Id)
        .filter(case_notice::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(txn)
        .await?;
    let meeting_ids: Vec<Uuid> = individual_meeting::Entity::find()
        .select_only()
        .column(individual_meeting::Column::Id)
        .filter(individual_meeting::Column::EmployeeId.is_in(employee_ids.clone()))
        .into_tuple()
        .all(txn)
        .await?;
    let score_ids: Vec<Uuid> = selection_score::Entity::find()
        .select_only()
        .column(selection_score::Column::Id)
        .filter(selection_score::Column::EmployeeId.is_in(employee_ids.clone()))
        .into_tuple()
        .all(txn)
        .await?;

    if !keeps {
        free_text(txn, proposal_id, &employee_ids, &response_ids, &jd_ids).await?;
    }
    // Companions are other people; their names go whatever the employer keeps.
    individual_meeting::Entity::update_many()
        .col_expr(
            individual_meeting::Column::CompanionName,
            Expr::value(Option::<String>::None),
        )
        .filter(individual_meeting::Column::EmployeeId.is_in(employee_ids.clone()))
        .exec(txn)
        .await?;

    // The audit events about these records: their payloads go, their digests stay.
    let mut about: Vec<Uuid> = employee_ids.clone();
    // Grading challenges carry their evidence in their events.
    let challenge_ids: Vec<Uuid> = grading_challenge::Entity::find()
        .select_only()
        .column(grading_challenge::Column::Id)
        .filter(grading_challenge::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(txn)
        .await?;
    about.extend(challenge_ids);
    for ids in [
        &response_ids,
        &question_ids,
        &offer_ids,
        &appeal_ids,
        &letter_ids,
        &notice_ids,
        &meeting_ids,
        &score_ids,
    ] {
        about.extend(ids.iter().copied());
    }
    let mut events: Vec<Uuid> = vec![];
    for chunk in about.chunks(500) {
        events.extend(
            audit_ids(
                txn,
                super::entities::audit_event::Column::EntityId.is_in(chunk.iter().copied()),
            )
            .await?,
        );
    }
    // On the proposal and its JDs, the events that carry people: imports, invitations,
    // late responses, duty comments.
    let mut on_proposal: Vec<Uuid> = vec![proposal_id];
    on_proposal.extend(jd_ids.iter().copied());
    events.extend(
        audit_ids(
            txn,
            super::entities::audit_event::Column::EntityId
                .is_in(on_proposal)
                .and(super::entities::audit_event::Column::Action.is_in([
                    AuditAction::StructureImported.as_str(),
                    AuditAction::AffectedStaffInvited.as_str(),
                    AuditAction::LateResponseAccepted.as_str(),
                    AuditAction::DutyCommented.as_str(),
                ])),
        )
        .await?,
    );
    let redacted_events = audit::redact(txn, &events, now).await?;

    proposal::Entity::update_many()
        .col_expr(proposal::Column::PseudonymisedAt, Expr::value(now))
        .filter(proposal::Column::Id.eq(proposal_id))
        .exec(txn)
        .await?;
    Ok(Pseudonymised {
        employees: employee_ids.len(),
        redacted_events,
    })
}

async fn audit_ids(
    txn: &impl ConnectionTrait,
    condition: sea_orm::sea_query::SimpleExpr,
) -> AppResult<Vec<Uuid>> {
    use super::entities::audit_event;
    Ok(audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Id)
        .filter(condition)
        .filter(audit_event::Column::RedactedAt.is_null())
        .into_tuple()
        .all(txn)
        .await?)
}

/// Removes the free text people wrote in the proposal.
async fn free_text(
    txn: &impl ConnectionTrait,
    proposal_id: Uuid,
    employee_ids: &[Uuid],
    response_ids: &[Uuid],
    jd_ids: &[Uuid],
) -> AppResult<()> {
    // Feedback: answers to text questions; choices and scales stay (the summaries count them).
    let form = super::forms::forms_of(txn, &[proposal_id])
        .await?
        .pop()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no form for {proposal_id}")))?;
    let text_keys: HashSet<String> = form
        .questions
        .iter()
        .filter(|q| matches!(q.kind, QuestionType::Text | QuestionType::LongText))
        .map(|q| q.key.clone())
        .collect();
    let rewrite = |value: serde_json::Value| -> AppResult<serde_json::Value> {
        let answers: Vec<(String, Vec<String>)> =
            serde_json::from_value(value).map_err(|e| AppError::Internal(e.into()))?;
        serde_json::to_value(retention::answers(answers, &text_keys, false))
            .map_err(|e| AppError::Internal(e.into()))
    };
    let responses = feedback_response::Entity::find()
        .filter(feedback_response::Column::Id.is_in(response_ids.iter().copied()))
        .all(txn)
        .await?;
    for response in responses {
        feedback_response::Entity::update_many()
            .col_expr(
                feedback_response::Column::Answers,
                Expr::value(rewrite(response.answers)?),
            )
            .filter(feedback_response::Column::Id.eq(response.id))
            .exec(txn)
            .await?;
    }
    let versions = feedback_response_version::Entity::find()
        .filter(feedback_response_version::Column::ResponseId.is_in(response_ids.iter().copied()))
        .all(txn)
        .await?;
    for version in versions {
        feedback_response_version::Entity::update_many()
            .col_expr(
                feedback_response_version::Column::Answers,
                Expr::value(rewrite(version.answers)?),
            )
            .filter(feedback_response_version::Column::Id.eq(version.id))
            .exec(txn)
            .await?;
    }
    // Questions raised; management's answers stay.
    question::Entity::update_many()
        .col_expr(question::Column::Text, Expr::val(REMOVED))
        .filter(question::Column::ProposalId.eq(proposal_id))
        .exec(txn)
        .await?;
    // Grading challenges (issue 20): the evidence and each area's note; the duties they name,
    // the grades and HR's outcome stay.
    for challenge in grading_challenge::Entity::find()
        .filter(grading_challenge::Column::ProposalId.eq(proposal_id))
        .all(txn)
        .await?
    {
        let mut areas = challenge.areas.clone();
        if let Some(list) = areas.as_array_mut() {
            for area in list {
                if let Some(note) = area.get_mut("note") {
                    *note = serde_json::Value::String(REMOVED.to_owned());
                }
            }
        }
        grading_challenge::Entity::update_many()
            .col_expr(grading_challenge::Column::Evidence, Expr::val(REMOVED))
            .col_expr(grading_challenge::Column::Areas, Expr::value(areas))
            .filter(grading_challenge::Column::Id.eq(challenge.id))
            .exec(txn)
            .await?;
    }
    // The raisers' challenges and acceptances in the questions' threads (issue 20).
    question_reply::Entity::update_many()
        .col_expr(question_reply::Column::Text, Expr::val(REMOVED))
        .filter(question_reply::Column::Kind.is_in([
            ReplyKind::Challenge.as_str(),
            ReplyKind::Acceptance.as_str(),
        ]))
        .filter(
            question_reply::Column::QuestionId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(question::Column::Id)
                    .from(question::Entity)
                    .and_where(question::Column::ProposalId.eq(proposal_id))
                    .to_owned(),
            ),
        )
        .exec(txn)
        .await?;
    // Comments on JD duties.
    jd_comment::Entity::update_many()
        .col_expr(jd_comment::Column::Text, Expr::val(REMOVED))
        .filter(
            jd_comment::Column::JdVersionId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(jd_version::Column::Id)
                    .from(jd_version::Entity)
                    .and_where(jd_version::Column::JobDescriptionId.is_in(jd_ids.iter().copied()))
                    .to_owned(),
            ),
        )
        .exec(txn)
        .await?;
    // Offers: reasons for declining, judgements, trial outcomes.
    offer::Entity::update_many()
        .col_expr(
            offer::Column::DeclinedReason,
            removed_unless_null("declined_reason"),
        )
        .col_expr(
            offer::Column::S141Reasons,
            removed_unless_null("s141_reasons"),
        )
        .col_expr(
            offer::Column::TrialEndReason,
            removed_unless_null("trial_end_reason"),
        )
        .col_expr(
            offer::Column::RetrainingTermsAfter,
            removed_unless_null("retraining_terms_after"),
        )
        .filter(offer::Column::ProposalId.eq(proposal_id))
        .exec(txn)
        .await?;
    // Appeals: grounds and the reasons for the outcome.
    case_appeal::Entity::update_many()
        .col_expr(case_appeal::Column::Grounds, Expr::val(REMOVED))
        .col_expr(
            case_appeal::Column::OutcomeReasons,
            removed_unless_null("outcome_reasons"),
        )
        .filter(case_appeal::Column::ProposalId.eq(proposal_id))
        .exec(txn)
        .await?;
    // Notes of individual meetings and of selection scoring.
    individual_meeting::Entity::update_many()
        .col_expr(
            individual_meeting::Column::Notes,
            removed_unless_null("notes"),
        )
        .filter(individual_meeting::Column::EmployeeId.is_in(employee_ids.iter().copied()))
        .exec(txn)
        .await?;
    selection_score::Entity::update_many()
        .col_expr(selection_score::Column::Note, removed_unless_null("note"))
        .filter(selection_score::Column::EmployeeId.is_in(employee_ids.iter().copied()))
        .exec(txn)
        .await?;
    Ok(())
}
