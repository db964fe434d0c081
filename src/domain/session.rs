//! Sign-in sessions: when a presented token still signs someone in, who may disable an
//! account, and when a disabled account may sign in (never).
//!
//! A token is only as good as its session. Each sign-in starts a session the server keeps;
//! the token names it, and every request checks it (one indexed read). Signing out ends that
//! session; disabling an account ends all of them at once, so a leaver's token stops working
//! the moment HR disables the account rather than when it expires.

use super::DomainError;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// What the database holds about the session a token names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionFacts {
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// `None` when the account no longer exists.
    pub account: Option<AccountFacts>,
}

/// The account a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountFacts {
    pub disabled_at: Option<DateTime<Utc>>,
}

/// Why a session no longer signs anyone in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnded {
    /// Unknown session, signed out, or revoked.
    SignedOut,
    Expired,
    AccountDisabled,
    AccountGone,
}

impl SessionEnded {
    /// What the person is told (`UNAUTHENTICATED`).
    pub fn into_error(self) -> DomainError {
        DomainError::Unauthenticated(
            match self {
                SessionEnded::SignedOut => "You have been signed out. Sign in again.",
                SessionEnded::Expired => "Your sign-in has expired. Sign in again.",
                SessionEnded::AccountDisabled => {
                    "Your account has been disabled. Ask HR if you need access again."
                }
                SessionEnded::AccountGone => "Your account no longer exists. Sign in again.",
            }
            .into(),
        )
    }
}

/// Whether a session still signs its person in at `now`; `facts` is `None` when no session
/// has the token's id.
pub fn check(facts: Option<&SessionFacts>, now: DateTime<Utc>) -> Result<(), SessionEnded> {
    let facts = facts.ok_or(SessionEnded::SignedOut)?;
    let account = facts.account.ok_or(SessionEnded::AccountGone)?;
    if account.disabled_at.is_some() {
        return Err(SessionEnded::AccountDisabled);
    }
    if facts.revoked_at.is_some() {
        return Err(SessionEnded::SignedOut);
    }
    if facts.expires_at <= now {
        return Err(SessionEnded::Expired);
    }
    Ok(())
}

/// A disabled account cannot sign in, by password or by link; told only once the password
/// (or link) has been checked, so that a guesser learns nothing.
pub fn may_sign_in(disabled_at: Option<DateTime<Utc>>) -> Result<(), DomainError> {
    match disabled_at {
        Some(_) => Err(SessionEnded::AccountDisabled.into_error()),
        None => Ok(()),
    }
}

/// HR may disable any account but their own: an HR administrator who disabled themselves
/// would be locked out with nobody told.
pub fn check_disable(actor_id: Uuid, target_id: Uuid) -> Result<(), DomainError> {
    if actor_id == target_id {
        return Err(DomainError::bad_input(
            "id",
            "You cannot disable your own account; ask another HR administrator.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn live(now: DateTime<Utc>) -> SessionFacts {
        SessionFacts {
            expires_at: now + Duration::hours(1),
            revoked_at: None,
            account: Some(AccountFacts { disabled_at: None }),
        }
    }

    #[test]
    fn a_live_session_of_an_enabled_account_signs_in() {
        let now = Utc::now();
        assert_eq!(check(Some(&live(now)), now), Ok(()));
    }

    #[test]
    fn every_way_a_session_ends_is_told_apart() {
        let now = Utc::now();
        assert_eq!(check(None, now), Err(SessionEnded::SignedOut));
        let revoked = SessionFacts {
            revoked_at: Some(now),
            ..live(now)
        };
        assert_eq!(check(Some(&revoked), now), Err(SessionEnded::SignedOut));
        let expired = SessionFacts {
            expires_at: now,
            ..live(now)
        };
        assert_eq!(check(Some(&expired), now), Err(SessionEnded::Expired));
        let gone = SessionFacts {
            account: None,
            ..live(now)
        };
        assert_eq!(check(Some(&gone), now), Err(SessionEnded::AccountGone));
        let disabled = SessionFacts {
            account: Some(AccountFacts {
                disabled_at: Some(now),
            }),
            ..live(now)
        };
        assert_eq!(
            check(Some(&disabled), now),
            Err(SessionEnded::AccountDisabled)
        );
    }

    #[test]
    fn a_disabled_account_cannot_sign_in_and_hr_cannot_disable_themselves() {
        assert!(may_sign_in(None).is_ok());
        assert!(may_sign_in(Some(Utc::now())).is_err());
        let me = Uuid::now_v7();
        assert!(check_disable(me, me).is_err());
        assert!(check_disable(me, Uuid::now_v7()).is_ok());
    }
}
