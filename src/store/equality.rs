//! Protected characteristics HR holds for employee records, and the facts of a proposal's
//! equality monitoring (`domain::individual::equality`): two statements however many people.

use super::{
    Store, audit,
    entities::{employee, employee_characteristic, individual_case},
};
use crate::domain::{
    DomainError,
    audit::{AuditAction, AuditActor},
    individual::{
        case::CaseState,
        equality::{Characteristic, Outcome, Person, Recorded},
    },
};
use crate::error::AppResult;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

fn recorded_of(row: employee_characteristic::Model) -> Option<Recorded> {
    Some(Recorded {
        characteristic: Characteristic::parse(&row.characteristic)?,
        value: row.value,
    })
}

/// The characteristics held for one employee record, in the order of s4.
pub async fn of_employee(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
) -> AppResult<Vec<Recorded>> {
    let mut recorded: Vec<Recorded> = employee_characteristic::Entity::find()
        .filter(employee_characteristic::Column::EmployeeId.eq(employee_id))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(recorded_of)
        .collect();
    recorded.sort_by_key(|r| r.characteristic);
    Ok(recorded)
}

/// The proposal an employee record belongs to, if it exists.
pub async fn proposal_of(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
) -> AppResult<Option<Uuid>> {
    Ok(employee::Entity::find_by_id(employee_id)
        .select_only()
        .column(employee::Column::ProposalId)
        .into_tuple()
        .one(conn)
        .await?)
}

/// Replaces what HR holds for an employee record with `recorded` (empty clears it); audited
/// with before and after, in one transaction.
pub async fn set(
    store: &Store,
    actor: &AuditActor,
    employee_id: Uuid,
    recorded: Vec<Recorded>,
) -> AppResult<Vec<Recorded>> {
    let txn = store.begin_write().await?;
    // Locks the employee row, so two saves for one person apply one after the other.
    employee::Entity::find_by_id(employee_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| DomainError::unknown_id("input.employeeId", "an employee"))?;
    let before = of_employee(&txn, employee_id).await?;
    employee_characteristic::Entity::delete_many()
        .filter(employee_characteristic::Column::EmployeeId.eq(employee_id))
        .exec(&txn)
        .await?;
    if !recorded.is_empty() {
        employee_characteristic::Entity::insert_many(recorded.iter().map(|r| {
            employee_characteristic::ActiveModel {
                employee_id: Set(employee_id),
                characteristic: Set(r.characteristic.as_str().to_owned()),
                value: Set(r.value.clone()),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    let as_json = |list: &[Recorded]| {
        json!(
            list.iter()
                .map(|r| json!({ "characteristic": r.characteristic.as_str(), "value": r.value }))
                .collect::<Vec<_>>()
        )
    };
    audit::record(
        &txn,
        actor,
        AuditAction::ProtectedCharacteristicsSet,
        employee_id,
        Some(&as_json(&before)),
        Some(&as_json(&recorded)),
    )
    .await?;
    txn.commit().await?;
    Ok(recorded)
}

/// Everyone with a case in the proposal: their outcome and what HR holds for them.
pub async fn people(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<Vec<Person>> {
    let cases: Vec<(Uuid, String)> = individual_case::Entity::find()
        .select_only()
        .column(individual_case::Column::EmployeeId)
        .column(individual_case::Column::State)
        .filter(individual_case::Column::ProposalId.eq(proposal_id))
        .order_by_asc(individual_case::Column::EmployeeId)
        .into_tuple()
        .all(conn)
        .await?;
    let held = employee_characteristic::Entity::find()
        .filter(
            employee_characteristic::Column::EmployeeId.in_subquery(
                employee::Entity::find()
                    .select_only()
                    .column(employee::Column::Id)
                    .filter(employee::Column::ProposalId.eq(proposal_id))
                    .into_query(),
            ),
        )
        .all(conn)
        .await?;
    let mut by_employee: HashMap<Uuid, Vec<Recorded>> = HashMap::new();
    for row in held {
        let id = row.employee_id;
        if let Some(recorded) = recorded_of(row) {
            by_employee.entry(id).or_default().push(recorded);
        }
    }
    Ok(cases
        .into_iter()
        // A withdrawn case was at risk and was not selected: it stays in the group.
        .filter_map(|(id, state)| {
            Some(Person {
                outcome: Outcome::of_case(CaseState::parse(&state)?),
                recorded: by_employee.remove(&id).unwrap_or_default(),
            })
        })
        .collect())
}
