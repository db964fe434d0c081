//! Single sign-on (OpenID Connect): which Consult account a verified ID token signs in, and
//! which role a groups claim gives it.
//!
//! The protocol itself (discovery, PKCE, the ID token's signature, issuer, audience, expiry
//! and nonce) is the `openidconnect` crate's, in `api::single_sign_on`. What is decided here
//! is Consult's: a person is matched to their account by an email address the provider says
//! it has verified, never created; roles stay Consult's, and a configured groups mapping may
//! set HR_ADMIN, MANAGER or STAFF but never UNION_REP (a representative acts for a union,
//! which only HR can record).

use super::account::{EmailAddress, Role};
use chrono::{DateTime, Duration, Utc};

/// How long a person may take at the provider before the attempt is forgotten.
pub const ATTEMPT_VALID_MINUTES: i64 = 10;

/// When an attempt begun `now` can no longer be finished.
pub fn attempt_expires(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::minutes(ATTEMPT_VALID_MINUTES)
}

/// Which provider groups give which role (`CONSULT_OIDC_ROLE_GROUPS`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleGroups {
    /// `(role, group)` pairs, in the order configured.
    pairs: Vec<(Role, String)>,
}

impl RoleGroups {
    /// Reads `HR_ADMIN=consult-hr,MANAGER=consult-managers` (a role may be named more than once,
    /// for several groups). UNION_REP is refused: a representative needs a union.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut pairs = Vec::new();
        for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let Some((role, group)) = item.split_once('=') else {
                return Err(format!(
                    "\"{item}\" is not ROLE=group (e.g. HR_ADMIN=consult-hr)"
                ));
            };
            let (role, group) = (role.trim(), group.trim());
            let role = match Role::parse(&role.to_ascii_uppercase()) {
                Some(Role::UnionRep) => {
                    return Err(
                        "UNION_REP cannot come from a group: a representative acts for a union, which HR records on the account".into(),
                    );
                }
                Some(role) => role,
                None => {
                    return Err(format!(
                        "\"{role}\" is not a role; use HR_ADMIN, MANAGER or STAFF"
                    ));
                }
            };
            if group.is_empty() {
                return Err(format!("{} is given no group", role.as_str()));
            }
            pairs.push((role, group.to_owned()));
        }
        Ok(Self { pairs })
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The most senior mapped role among `groups`: HR_ADMIN, then MANAGER, then STAFF.
    fn role_for(&self, groups: &[String]) -> Option<Role> {
        [Role::HrAdmin, Role::Manager, Role::Staff]
            .into_iter()
            .find(|role| {
                self.pairs
                    .iter()
                    .any(|(r, group)| r == role && groups.iter().any(|g| g == group))
            })
    }
}

/// What a verified ID token says about the person (its signature, issuer, audience, expiry
/// and nonce already checked).
#[derive(Debug, Clone, Default)]
pub struct IdentityClaims {
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    /// The groups claim, when the token has one (and a claim name is configured).
    pub groups: Option<Vec<String>>,
}

/// Why a single sign-on did not sign anyone in. Each is shown on the sign-in page as
/// `?problem=<code>`, with a sentence the web app holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The provider did not say the address is verified (or gave none).
    UnverifiedEmail,
    /// No Consult account has this address.
    UnknownEmail,
    /// HR has disabled the account.
    AccountDisabled,
    /// The answer did not check out: unknown, expired or replayed state; an ID token whose
    /// signature, issuer, audience, expiry or nonce is wrong; a provider error.
    Failed,
    /// The person cancelled or the provider refused at its end.
    Cancelled,
}

impl Refusal {
    /// The `problem` the sign-in page is given.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::UnverifiedEmail => "sso-unverified-email",
            Refusal::UnknownEmail => "sso-unknown-email",
            Refusal::AccountDisabled => "sso-account-disabled",
            Refusal::Failed => "sso-failed",
            Refusal::Cancelled => "sso-cancelled",
        }
    }
}

/// The address to look the account up by: present, verified, and an email address.
pub fn verified_email(claims: &IdentityClaims) -> Result<EmailAddress, Refusal> {
    match (&claims.email, claims.email_verified) {
        (Some(email), Some(true)) => {
            EmailAddress::parse(email, "email").map_err(|_| Refusal::UnverifiedEmail)
        }
        _ => Err(Refusal::UnverifiedEmail),
    }
}

/// The account found by that address, as far as this decision needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountFacts {
    pub role: Role,
    pub disabled_at: Option<DateTime<Utc>>,
}

/// What signing in does to the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInDecision {
    /// The role the groups mapping gives, when it differs from the account's.
    pub new_role: Option<Role>,
}

/// Whether the account may sign in, and with which role. With a groups mapping configured and
/// a groups claim present, the mapping decides the role (a person in none of the mapped
/// groups is STAFF), so leaving the provider's HR group ends HR access at the next sign-in.
/// A union representative's role is never changed by groups; without a claim the role is
/// left as HR set it.
pub fn decide(
    account: Option<AccountFacts>,
    groups: Option<&[String]>,
    mapping: &RoleGroups,
) -> Result<SignInDecision, Refusal> {
    let account = account.ok_or(Refusal::UnknownEmail)?;
    if account.disabled_at.is_some() {
        return Err(Refusal::AccountDisabled);
    }
    let mapped = match groups {
        Some(groups) if !mapping.is_empty() && account.role != Role::UnionRep => {
            Some(mapping.role_for(groups).unwrap_or(Role::Staff))
        }
        _ => None,
    };
    Ok(SignInDecision {
        new_role: mapped.filter(|role| *role != account.role),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    fn account(role: Role) -> Option<AccountFacts> {
        Some(AccountFacts {
            role,
            disabled_at: None,
        })
    }

    fn mapping() -> RoleGroups {
        RoleGroups::parse("HR_ADMIN=consult-hr, MANAGER=consult-managers,manager=leads").unwrap()
    }

    #[test]
    fn a_mapping_reads_roles_and_groups_and_refuses_union_rep() {
        assert_eq!(mapping().pairs.len(), 3);
        assert!(RoleGroups::parse("").unwrap().is_empty());
        let refused = RoleGroups::parse("UNION_REP=unison").unwrap_err();
        assert!(refused.contains("union"), "{refused}");
        assert!(RoleGroups::parse("HR_ADMIN").is_err());
        assert!(RoleGroups::parse("BOSS=x").is_err());
        assert!(RoleGroups::parse("MANAGER=").is_err());
    }

    #[test]
    fn only_a_verified_address_is_matched() {
        let claims = |email: Option<&str>, verified| IdentityClaims {
            email: email.map(str::to_owned),
            email_verified: verified,
            groups: None,
        };
        assert_eq!(
            verified_email(&claims(Some(" Jo@Bury.example "), Some(true)))
                .unwrap()
                .as_str(),
            "jo@bury.example"
        );
        for unverified in [
            claims(Some("jo@bury.example"), Some(false)),
            claims(Some("jo@bury.example"), None),
            claims(None, Some(true)),
            claims(Some("not an address"), Some(true)),
        ] {
            assert_eq!(verified_email(&unverified), Err(Refusal::UnverifiedEmail));
        }
    }

    #[test]
    fn an_unknown_or_disabled_account_is_refused() {
        assert_eq!(
            decide(None, None, &RoleGroups::default()),
            Err(Refusal::UnknownEmail)
        );
        let disabled = Some(AccountFacts {
            role: Role::Staff,
            disabled_at: Some(Utc::now()),
        });
        assert_eq!(
            decide(disabled, None, &RoleGroups::default()),
            Err(Refusal::AccountDisabled)
        );
    }

    #[test]
    fn without_a_mapping_or_a_claim_the_role_stays_as_hr_set_it() {
        let hr_groups = groups(&["consult-hr"]);
        let unchanged = Ok(SignInDecision { new_role: None });
        assert_eq!(
            decide(
                account(Role::Manager),
                Some(&hr_groups),
                &RoleGroups::default()
            ),
            unchanged
        );
        assert_eq!(decide(account(Role::Manager), None, &mapping()), unchanged);
    }

    #[test]
    fn the_mapping_gives_the_most_senior_mapped_role_or_staff() {
        let decided = |role, names: &[&str]| {
            decide(account(role), Some(&groups(names)), &mapping())
                .unwrap()
                .new_role
        };
        assert_eq!(
            decided(Role::Staff, &["leads", "consult-hr"]),
            Some(Role::HrAdmin)
        );
        assert_eq!(decided(Role::Staff, &["leads"]), Some(Role::Manager));
        assert_eq!(decided(Role::Manager, &["consult-managers"]), None);
        assert_eq!(
            decided(Role::HrAdmin, &["everyone"]),
            Some(Role::Staff),
            "left the HR group"
        );
    }

    #[test]
    fn groups_never_change_a_union_representative() {
        let decision = decide(
            account(Role::UnionRep),
            Some(&groups(&["consult-hr"])),
            &mapping(),
        );
        assert_eq!(decision, Ok(SignInDecision { new_role: None }));
    }

    #[test]
    fn an_attempt_expires_after_minutes() {
        let now = Utc::now();
        assert_eq!(attempt_expires(now) - now, Duration::minutes(10));
    }
}
