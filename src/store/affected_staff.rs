//! Affected employees who have no account: they hear nothing from Consult until invited.

use super::{
    Store, audit,
    structure::{EmployeeFilter, EmployeeRecord, employee_page},
    users::User,
};
use crate::domain::{
    DomainError, account,
    audit::{AuditAction, AuditActor},
    notify::PlanScope,
};
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QuerySelect};
use uuid::Uuid;

/// Creates a staff account, with its sign-in link and invitation email, for every affected
/// employee of the proposal who has none, in one transaction; returns how many were
/// invited (none on a second call: they have accounts now).
pub async fn invite(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    first_sign_in: &crate::domain::sign_in_link::FirstSignIn,
) -> AppResult<u64> {
    let txn = store.begin_write().await?;
    // Holds the proposal row (PostgreSQL; SQLite's write lock already serialises writers):
    // two HR sessions inviting at once take turns, and the second finds nobody left.
    super::entities::proposal::Entity::find_by_id(proposal_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(crate::domain::access::proposal_not_found)?;
    let without = employee_page(
        &txn,
        proposal_id,
        EmployeeFilter::AffectedWithoutAccount,
        None,
        None,
    )
    .await?;
    let invitations = account::invitations_for(
        without
            .iter()
            .map(|e| (e.name.as_str(), e.work_email.as_str())),
    );
    let now = Utc::now();
    let mut invited = Vec::with_capacity(invitations.len());
    for new_user in invitations {
        let row = super::entities::app_user::ActiveModel {
            id: Set(Uuid::now_v7()),
            email: Set(new_user.email.as_str().to_owned()),
            name: Set(new_user.name.as_str().to_owned()),
            role: Set(new_user.role.as_str().to_owned()),
            union_name: Set(None),
            password_hash: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            disabled_at: Set(None),
        };
        let email = new_user.email.as_str().to_owned();
        let inserted = super::entities::app_user::Entity::insert(row)
            .exec_with_returning(&txn)
            .await
            .map_err(|err| match err.sql_err() {
                // Another act created the account meanwhile (another proposal naming them).
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                    DomainError::Conflict(format!(
                        "An account for {email} was created meanwhile; invite again to continue."
                    ))
                    .into()
                }
                _ => AppError::from(err),
            })?;
        let user = User::try_from(inserted)?;
        audit::record(
            &txn,
            actor,
            AuditAction::UserCreated,
            user.id,
            None::<&User>,
            Some(&user),
        )
        .await?;
        super::sign_in_links::issue(&txn, actor, &user, first_sign_in).await?;
        invited.push(user.email);
    }
    audit::record(
        &txn,
        actor,
        AuditAction::AffectedStaffInvited,
        proposal_id,
        None::<&()>,
        Some(&serde_json::json!({ "invited": invited.len(), "emails": invited })),
    )
    .await?;
    // Those now with accounts are planned the proposal's emails (consultation opened, ...).
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok(invited.len() as u64)
}

/// A page of the affected employees without an account, by id after `after`.
pub async fn page(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<Vec<EmployeeRecord>> {
    employee_page(
        conn,
        proposal_id,
        EmployeeFilter::AffectedWithoutAccount,
        after,
        Some(limit),
    )
    .await
}

/// How many affected employees have no account, counted in SQL.
pub async fn count(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<u64> {
    super::structure::employee_count(conn, proposal_id, EmployeeFilter::AffectedWithoutAccount)
        .await
}
