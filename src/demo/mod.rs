//! `consult demo`: the Bury SEN restructure (see ../shared/reference), so that a newcomer
//! can sign in and look around: accounts of every role, pay scales, the proposal with its
//! posts, people, ring fences, JDs and union comments (`bury_sen.json`). It goes through
//! the same store functions, and so the same checks, as the API. Idempotent: what exists
//! already is left alone. Addresses use the reserved `.example` domain, so no demo email
//! can reach anyone.

mod bury;

use crate::domain::{
    DomainError,
    account::{EmailAddress, NewUser, Role},
    audit::AuditActor,
    password::Password,
};
use crate::error::AppError;
use crate::store::{self, Store};

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "consult-demo-2026";

/// (email, name, role, union) of each demo account.
pub const DEMO_PEOPLE: &[(&str, &str, Role, Option<&str>)] = &[
    (
        "hr@bury.example",
        "Helen Rigby (HR Business Partner)",
        Role::HrAdmin,
        None,
    ),
    (
        "strategic.lead@bury.example",
        "Sam Patel (Strategic Lead, SEND)",
        Role::Manager,
        None,
    ),
    (
        "unison.rep@bury.example",
        "Pat Jones (UNISON)",
        Role::UnionRep,
        Some("UNISON"),
    ),
    (
        "gmb.rep@bury.example",
        "Chris Walsh (GMB)",
        Role::UnionRep,
        Some("GMB"),
    ),
    (
        "caseworker@bury.example",
        "Jo Brierley (SEN Caseworker)",
        Role::Staff,
        None,
    ),
    (
        "senior.practitioner@bury.example",
        "Alex Moore (Senior SEN Practitioner)",
        Role::Staff,
        None,
    ),
];

/// Creates the demo accounts that do not exist yet; returns how many were created.
pub async fn load(store: &Store) -> anyhow::Result<usize> {
    let mut created = 0;
    for (email, name, role, union) in DEMO_PEOPLE {
        let new_user = NewUser::parse(email, name, *role, *union, "").map_err(refusal)?;
        let password = Password::parse(DEMO_PASSWORD, "password").map_err(refusal)?;
        let email = EmailAddress::parse(email, "email").map_err(refusal)?;
        if store::users::find_for_login(store, &email)
            .await
            .map_err(AppError::into_anyhow)?
            .is_some()
        {
            continue;
        }
        store::users::create(
            store,
            &AuditActor::System("demo data"),
            new_user,
            Some(password),
        )
        .await
        .map_err(AppError::into_anyhow)?;
        created += 1;
    }
    bury::load(store).await?;
    Ok(created)
}

fn refusal(err: DomainError) -> anyhow::Error {
    anyhow::anyhow!("demo data is invalid: {}", err.message())
}
