//! What the consultation bundle (`api::bundle`) needs beyond the proposal's graph
//! (`structure::load_graphs`): every HR1 record, the audit log's events about the proposal and
//! everything in it, the letters and to whom. A fixed number of statements whatever the
//! proposal's size; attachments are read one at a time by the caller
//! (`union_responses::attachment_content`), never all at once.

use super::{
    Store,
    audit::AuditEvent,
    entities::{
        app_user, approval, audit_event, case_appeal, case_notice, checklist_step, employee,
        feedback_response, hr1_notification, implementation_step, individual_meeting,
        job_description, letter, meeting, offer, post, question, ring_fence, selection_score,
        theme, union_response, union_response_attachment,
    },
    letters::LetterRecord,
    timetable::Hr1Record,
};
use crate::error::AppResult;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Query, SelectStatement},
};
use std::collections::HashMap;
use uuid::Uuid;

/// Every HR1 notification recorded for the proposal, oldest first (a correction is a new
/// record; the bundle shows each as made).
pub async fn hr1_records(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Vec<Hr1Record>> {
    Ok(hr1_notification::Entity::find()
        .filter(hr1_notification::Column::ProposalId.eq(proposal_id))
        .order_by_asc(hr1_notification::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| Hr1Record {
            id: row.id,
            proposal_id: row.proposal_id,
            made_on: row.made_on,
            reference: row.reference,
            submitted_copy: row.submitted_copy,
            copy_to_representatives_on: row.copy_to_representatives_on,
        })
        .collect())
}

/// The ids of a table's rows that belong to the proposal.
fn ids_of<C: sea_orm::sea_query::IntoIden>(
    table: impl sea_orm::sea_query::IntoTableRef,
    id: C,
    proposal_column: impl sea_orm::sea_query::IntoIden,
    proposal_id: Uuid,
) -> SelectStatement {
    Query::select()
        .column(id)
        .from(table)
        .and_where(Expr::col(proposal_column).eq(proposal_id))
        .to_owned()
}

/// The audit log's events about this proposal and what it holds (its posts, people (whose cases
/// are keyed by them), JDs, meetings, steps, approvals, questions, responses, themes, offers,
/// notices, appeals,
/// individual meetings, ring fences and scores, letters), oldest first, in one statement:
/// each event names the entity it changed, and these are every table that hangs off a
/// proposal. Events about accounts and templates, which belong to no proposal, are not in it.
pub async fn audit_events(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Vec<AuditEvent>> {
    use audit_event::Column::EntityId;
    let of = |select: SelectStatement| EntityId.in_subquery(select);
    let employees = ids_of(
        employee::Entity,
        employee::Column::Id,
        employee::Column::ProposalId,
        proposal_id,
    );
    let responses = ids_of(
        union_response::Entity,
        union_response::Column::Id,
        union_response::Column::ProposalId,
        proposal_id,
    );
    let condition = Condition::any()
        .add(EntityId.eq(proposal_id))
        .add(of(ids_of(
            post::Entity,
            post::Column::Id,
            post::Column::ProposalId,
            proposal_id,
        )))
        .add(of(employees.clone()))
        .add(of(ids_of(
            ring_fence::Entity,
            ring_fence::Column::Id,
            ring_fence::Column::ProposalId,
            proposal_id,
        )))
        .add(of(ids_of(
            job_description::Entity,
            job_description::Column::Id,
            job_description::Column::ProposalId,
            proposal_id,
        )))
        .add(of(ids_of(
            meeting::Entity,
            meeting::Column::Id,
            meeting::Column::ProposalId,
            proposal_id,
        )))
        .add(of(ids_of(
            implementation_step::Entity,
            implementation_step::Column::Id,
            implementation_step::Column::ProposalId,
            proposal_id,
        )))
        .add(of(ids_of(
            checklist_step::Entity,
            checklist_step::Column::Id,
            checklist_step::Column::ProposalId,
            proposal_id,
        )))
        .add(of(ids_of(
            approval::Entity,
            approval::Column::Id,
            approval::Column::ProposalId,
            proposal_id,
        )))
        .add(of(ids_of(
            question::Entity,
            question::Column::Id,
            question::Column::ProposalId,
            proposal_id,
        )))
        .add(of(responses.clone()))
        .add(of(Query::select()
            .column(union_response_attachment::Column::Id)
            .from(union_response_attachment::Entity)
            .and_where(union_response_attachment::Column::UnionResponseId.in_subquery(responses))
            .to_owned()))
        .add(of(ids_of(
            feedback_response::Entity,
            feedback_response::Column::Id,
            feedback_response::Column::ProposalId,
            proposal_id,
        )))
        .add(of(ids_of(
            theme::Entity,
            theme::Column::Id,
            theme::Column::ProposalId,
            proposal_id,
        )))
        .add(of(ids_of(
            case_appeal::Entity,
            case_appeal::Column::Id,
            case_appeal::Column::ProposalId,
            proposal_id,
        )))
        .add(of(ids_of(
            case_notice::Entity,
            case_notice::Column::Id,
            case_notice::Column::ProposalId,
            proposal_id,
        )))
        .add(of(ids_of(
            offer::Entity,
            offer::Column::Id,
            offer::Column::ProposalId,
            proposal_id,
        )))
        .add(of(Query::select()
            .column(individual_meeting::Column::Id)
            .from(individual_meeting::Entity)
            .and_where(individual_meeting::Column::EmployeeId.in_subquery(employees.clone()))
            .to_owned()))
        .add(of(Query::select()
            .column(selection_score::Column::Id)
            .from(selection_score::Entity)
            .and_where(selection_score::Column::EmployeeId.in_subquery(employees))
            .to_owned()))
        .add(of(ids_of(
            letter::Entity,
            letter::Column::Id,
            letter::Column::ProposalId,
            proposal_id,
        )));
    Ok(audit_event::Entity::find()
        .filter(condition)
        .order_by_asc(audit_event::Column::Seq)
        .all(conn)
        .await?
        .into_iter()
        .map(AuditEvent::from)
        .collect())
}

/// When the decision was recorded and by whom (its audit event), if it was.
pub async fn decision(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Option<AuditEvent>> {
    Ok(audit_event::Entity::find()
        .filter(audit_event::Column::EntityId.eq(proposal_id))
        .filter(
            audit_event::Column::Action
                .eq(crate::domain::proposal::Transition::RecordDecision.audit_name()),
        )
        .order_by_desc(audit_event::Column::Seq)
        .one(conn)
        .await?
        .map(AuditEvent::from))
}

/// The proposal's letters, oldest first, with the name of the person each is addressed to.
pub async fn letters(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Vec<(LetterRecord, String)>> {
    let mut letters = super::letters::of_proposal(conn, proposal_id, u64::MAX >> 1).await?;
    letters.reverse();
    let names = employee_names(conn, proposal_id).await?;
    Ok(letters
        .into_iter()
        .map(|l| {
            let name = names.get(&l.employee_id).cloned().unwrap_or_default();
            (l, name)
        })
        .collect())
}

/// The names of the proposal's employees, by id (personal data: HR's bundle only).
pub async fn employee_names(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<HashMap<Uuid, String>> {
    Ok(employee::Entity::find()
        .select_only()
        .column(employee::Column::Id)
        .column(employee::Column::Name)
        .filter(employee::Column::ProposalId.eq(proposal_id))
        .into_tuple::<(Uuid, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// The names of these accounts, in one statement per `IDS_PER_STATEMENT` ids.
pub async fn user_names(store: &Store, ids: &[Uuid]) -> AppResult<HashMap<Uuid, String>> {
    let mut unique: Vec<Uuid> = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let mut names = HashMap::with_capacity(unique.len());
    for chunk in unique.chunks(super::IDS_PER_STATEMENT) {
        for (id, name) in app_user::Entity::find()
            .select_only()
            .column(app_user::Column::Id)
            .column(app_user::Column::Name)
            .filter(app_user::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple::<(Uuid, String)>()
            .all(store.conn())
            .await?
        {
            names.insert(id, name);
        }
    }
    Ok(names)
}
