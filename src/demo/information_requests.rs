//! The Bury proposal's information requests (issue 20), as the Barnet joint union response
//! lists what the unions asked for and did not receive: UNISON's request for "the data used
//! to inform the restructure", owned by the sponsor and now overdue, and GMB's request for
//! the agency caseworkers' cost, provided.

use crate::domain::{account::EmailAddress, audit::AuditActor, information_request::RequestStatus};
use crate::error::AppError;
use crate::store::{self, Store, information_requests::NewRequest};
use anyhow::anyhow;
use chrono::Days;
use uuid::Uuid;

/// A demo account's id.
async fn account(store: &Store, email: &str) -> anyhow::Result<Uuid> {
    let address = EmailAddress::parse(email, "email")
        .map_err(|e| anyhow!("the demo data is invalid: {}", e.message()))?;
    store::users::find_for_login(store, &address)
        .await
        .map_err(AppError::into_anyhow)?
        .map(|(u, _)| u.id)
        .ok_or_else(|| anyhow!("no demo account {email}"))
}

/// Logs the two requests on the Bury proposal.
pub(super) async fn load(store: &Store, proposal_id: Uuid) -> anyhow::Result<()> {
    let today = store::s188::today();
    let lead = account(store, "strategic.lead@bury.example").await?;
    let hr = account(store, "hr@bury.example").await?;
    let unison = account(store, "unison.rep@bury.example").await?;
    let gmb = account(store, "gmb.rep@bury.example").await?;
    // Asked nine days ago, due in five working days: overdue today.
    store::information_requests::log(
        store,
        &AuditActor::User(unison),
        proposal_id,
        NewRequest {
            union_name: "UNISON".into(),
            text: "The data used to inform the restructure: caseloads per caseworker, EHC needs assessments completed within 20 weeks, and the agency spend, for each of the last three years.".into(),
            s188_item: None,
            owner_id: Some(lead),
            requested_on: today - Days::new(9),
            due_on: None,
        },
    )
    .await
    .map_err(AppError::into_anyhow)?;
    let agency = store::information_requests::log(
        store,
        &AuditActor::User(gmb),
        proposal_id,
        NewRequest {
            union_name: "GMB".into(),
            text:
                "What the agency caseworkers have cost this year, and how many are still engaged."
                    .into(),
            s188_item: None,
            owner_id: None,
            requested_on: today - Days::new(6),
            due_on: None,
        },
    )
    .await
    .map_err(AppError::into_anyhow)?;
    store::information_requests::answer(
        store,
        &AuditActor::User(hr),
        agency.id,
        agency.version,
        RequestStatus::Provided,
        "Four agency caseworkers are engaged; their cost from April to date is £148,200. They stay until the new caseworker posts are filled (see the implementation plan).".into(),
        vec![],
    )
    .await
    .map_err(AppError::into_anyhow)?;
    Ok(())
}
