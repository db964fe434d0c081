//! Who of the staff a proposal affects has responded (issue 18): the response rate, the list
//! of those who have not, and reminders to them through the outbox.
//!
//! A response is matched to an employee as everywhere else: the author's account email is
//! the employee's work email, ignoring case (`structure::EmployeeFilter`).

use super::{
    Store,
    entities::{app_user, employee, feedback_response, outbox_message},
    outbox, proposals,
    structure::{EmployeeRecord, employee_from_row},
};
use crate::domain::{employee::Impact, feedback, notify::Milestone};
use crate::error::AppResult;
use chrono::{Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
    sea_query::{Expr, ExprTrait, Func, Query, SelectStatement},
};
use serde_json::json;
use std::collections::HashSet;
use uuid::Uuid;

/// The employees the proposal affects (any impact but NOT_AFFECTED).
fn affected(proposal_id: Uuid) -> Select<employee::Entity> {
    employee::Entity::find()
        .filter(employee::Column::ProposalId.eq(proposal_id))
        .filter(employee::Column::Impact.ne(Impact::NotAffected.as_str()))
}

/// The folded emails of the accounts that submitted a response to the proposal.
fn responded_emails(proposal_id: Uuid) -> SelectStatement {
    Query::select()
        .expr(Func::lower(Expr::col((
            app_user::Entity,
            app_user::Column::Email,
        ))))
        .from(app_user::Entity)
        .and_where(
            Expr::col((app_user::Entity, app_user::Column::Id)).in_subquery(
                Query::select()
                    .column(feedback_response::Column::AuthorId)
                    .from(feedback_response::Entity)
                    .and_where(feedback_response::Column::ProposalId.eq(proposal_id))
                    .and_where(feedback_response::Column::Submitted.eq(true))
                    .to_owned(),
            ),
        )
        .to_owned()
}

fn folded_work_email() -> Expr {
    Expr::expr(Func::lower(Expr::col((
        employee::Entity,
        employee::Column::WorkEmail,
    ))))
}

/// The affected employees without a submitted response.
fn not_responded(proposal_id: Uuid) -> Select<employee::Entity> {
    affected(proposal_id).filter(folded_work_email().not_in_subquery(responded_emails(proposal_id)))
}

/// How many affected employees there are and how many of them responded: two counts in SQL.
pub async fn rate(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<(u64, u64)> {
    let affected_count = affected(proposal_id).count(conn).await?;
    let responded = affected(proposal_id)
        .filter(folded_work_email().in_subquery(responded_emails(proposal_id)))
        .count(conn)
        .await?;
    Ok((responded, affected_count))
}

/// A page of the affected employees who have not responded, by id after `after` (at most
/// `limit + 1` rows, the extra one telling another page follows).
pub async fn page(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<Vec<EmployeeRecord>> {
    let mut query = not_responded(proposal_id).order_by_asc(employee::Column::Id);
    if let Some(after) = after {
        query = query.filter(employee::Column::Id.gt(after));
    }
    query
        .limit(limit + 1)
        .all(conn)
        .await?
        .into_iter()
        .map(employee_from_row)
        .collect()
}

/// How many affected employees have not responded.
pub async fn count(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<u64> {
    Ok(not_responded(proposal_id).count(conn).await?)
}

/// What a reminder round did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reminded {
    /// Reminders queued now, one per person.
    pub queued: u64,
    /// People reminded in the last `REMINDER_INTERVAL_HOURS`: not reminded again.
    pub recently_reminded: u64,
    /// Non-responders with no account: they cannot sign in to respond until invited.
    pub without_account: u64,
}

/// Queues a reminder to each affected employee without a response (of `only`, when given)
/// who has an account and was not reminded in the last day; one transaction, and a fixed
/// number of statements besides one insert per reminder.
pub async fn remind(
    store: &Store,
    proposal_id: Uuid,
    only: Option<&[Uuid]>,
) -> AppResult<Reminded> {
    let txn = store.begin_write().await?;
    let proposal = proposals::load_for_change(&txn, proposal_id, None).await?;
    let timetable = super::timetable::timetables(&txn, &[proposal_id])
        .await?
        .remove(0);
    let today = super::s188::today();
    feedback::check_may_remind(proposal.status, timetable.consultation_end, today)?;

    let mut targets = not_responded(proposal_id);
    if let Some(ids) = only {
        targets = targets.filter(employee::Column::Id.is_in(ids.iter().copied()));
    }
    let people = targets.all(&txn).await?;
    let mut emails: HashSet<String> = people.iter().map(|e| e.work_email.to_lowercase()).collect();
    let mut target_emails = Query::select()
        .expr(folded_work_email())
        .from(employee::Entity)
        .and_where(employee::Column::ProposalId.eq(proposal_id))
        .and_where(employee::Column::Impact.ne(Impact::NotAffected.as_str()))
        .to_owned();
    if let Some(ids) = only {
        target_emails.and_where(employee::Column::Id.is_in(ids.iter().copied()));
    }
    let accounts = app_user::Entity::find()
        .filter(
            Expr::expr(Func::lower(Expr::col(app_user::Column::Email))).in_subquery(target_emails),
        )
        .filter(app_user::Column::DisabledAt.is_null())
        .all(&txn)
        .await?;
    let since = Utc::now() - Duration::hours(feedback::REMINDER_INTERVAL_HOURS);
    let recent: HashSet<Uuid> = outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::RecipientId)
        .filter(outbox_message::Column::ProposalId.eq(proposal_id))
        .filter(outbox_message::Column::Template.eq(Milestone::ResponseReminder.as_str()))
        .filter(outbox_message::Column::CreatedAt.gt(since))
        .into_tuple::<Option<Uuid>>()
        .all(&txn)
        .await?
        .into_iter()
        .flatten()
        .collect();

    let now = Utc::now();
    let data = json!({
        "proposalId": proposal.id,
        "proposalTitle": proposal.content.title,
        "proposalPath": format!("/proposals/{}", proposal.id),
        "consultationEnd": timetable.consultation_end,
    });
    let mut done = Reminded::default();
    for account in accounts {
        // Only the non-responders among the accounts (the accounts were looked up by the
        // affected employees' emails, responders included).
        if !emails.remove(&account.email.to_lowercase()) {
            continue;
        }
        if recent.contains(&account.id) {
            done.recently_reminded += 1;
            continue;
        }
        outbox::enqueue_case_message(
            &txn,
            proposal_id,
            (Some(account.id), &account.email),
            Milestone::ResponseReminder,
            format!(
                "{}:{proposal_id}:{}:{}",
                Milestone::ResponseReminder.as_str(),
                account.id,
                now.timestamp_millis()
            ),
            data.clone(),
            now,
        )
        .await?;
        done.queued += 1;
    }
    done.without_account = emails.len() as u64;
    txn.commit().await?;
    Ok(done)
}
