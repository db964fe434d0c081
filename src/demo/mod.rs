//! `consult demo`: the Bury SEN restructure (see docs/reference), so that a newcomer
//! can sign in and look around: accounts of every role, pay scales, the proposal with its
//! posts, people, ring fences, JDs and union comments (`bury_sen.json`), in consultation;
//! and a second proposal of the same council, the Business Support Review, past its
//! decision and into the individual stage (`business_support.rs`). It goes through
//! the same store functions, and so the same checks, as the API. Idempotent: what exists
//! already is left alone. Addresses use the reserved `.example` domain, so no demo email
//! can reach anyone.

mod bury;
pub mod business_support;
mod challenges;
mod grading_challenges;
mod information_requests;
mod meeting_records;
mod team_responses;

use crate::domain::{
    DomainError,
    account::{EmailAddress, NewUser, Role},
    audit::AuditActor,
    password::Password,
};
use crate::error::AppError;
use crate::store::{self, Store};

/// How demo accounts get their passwords.
#[derive(Debug, Clone, Copy)]
pub enum DemoPasswords<'a> {
    /// A fresh random password each, shown once (`consult demo`).
    Generate,
    /// The same given password for all (tests).
    Use(&'a str),
}

/// A demo account, with its password when it was created by this run.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
    /// `None` when the account already existed: its password was shown when it was made.
    pub password: Option<String>,
}

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
    (
        business_support::MANAGER_EMAIL,
        "Ruth Kenyon (Head of Business Support)",
        Role::Manager,
        None,
    ),
    (
        business_support::OFFICER_EMAIL,
        "Tom Ashworth (Business Support Officer)",
        Role::Staff,
        None,
    ),
];

/// Creates the demo accounts that do not exist yet, then the Business Support proposal and
/// the Bury SEN proposal, each if absent. The SEN proposal is made last so that, in a new
/// database, it is the newest: first in lists, as before the second proposal came.
pub async fn load(store: &Store, passwords: DemoPasswords<'_>) -> anyhow::Result<Vec<DemoAccount>> {
    let mut accounts = Vec::new();
    for (email, name, role, union) in DEMO_PEOPLE {
        let new_user = NewUser::parse(email, name, *role, *union, "").map_err(refusal)?;
        let address = EmailAddress::parse(email, "email").map_err(refusal)?;
        let exists = store::users::find_for_login(store, &address)
            .await
            .map_err(AppError::into_anyhow)?
            .is_some();
        let password = if exists {
            None
        } else {
            let (password, text) = match passwords {
                DemoPasswords::Generate => Password::generate(),
                DemoPasswords::Use(text) => (
                    Password::parse(text, "password").map_err(refusal)?,
                    text.to_owned(),
                ),
            };
            store::users::create(
                store,
                &AuditActor::System("demo data"),
                new_user,
                Some(password),
            )
            .await
            .map_err(AppError::into_anyhow)?;
            Some(text)
        };
        accounts.push(DemoAccount {
            email,
            name,
            role: *role,
            password,
        });
    }
    business_support::load(store).await?;
    bury::load(store).await?;
    Ok(accounts)
}

fn refusal(err: DomainError) -> anyhow::Error {
    anyhow::anyhow!("demo data is invalid: {}", err.message())
}
