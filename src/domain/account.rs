//! Accounts: who may sign in, with which role, and the values an account is made of.
//! Each value type can only hold a valid value (parse, don't validate).

use super::DomainError;
use std::fmt;

/// A global role. Access to a proposal is further scoped (see docs/design.md, "Who uses it").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    HrAdmin,
    Manager,
    UnionRep,
    Staff,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::HrAdmin, Role::Manager, Role::UnionRep, Role::Staff];

    /// The stored and wire spelling (`HR_ADMIN`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::HrAdmin => "HR_ADMIN",
            Role::Manager => "MANAGER",
            Role::UnionRep => "UNION_REP",
            Role::Staff => "STAFF",
        }
    }

    /// Parses the stored spelling; `None` for anything else.
    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == value)
    }
}

impl serde::Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A work email address, trimmed and lower-cased so that one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// The longest address SMTP allows (RFC 5321 §4.5.3.1.3).
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str, field: &str) -> Result<Self, DomainError> {
        let value = raw.trim().to_lowercase();
        let invalid = || {
            DomainError::bad_input(
                field,
                format!(
                    "\"{}\" is not an email address; enter one like name@council.gov.uk.",
                    raw.trim()
                ),
            )
        };
        if value.len() > Self::MAX_LEN {
            return Err(DomainError::bad_input(
                field,
                format!(
                    "An email address can be at most {} characters long.",
                    Self::MAX_LEN
                ),
            ));
        }
        let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if local.is_empty()
            || !domain_ok
            || domain.contains('@')
            || value.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(invalid());
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Trims a required piece of text and bounds its length.
fn required_text(
    raw: &str,
    field: &str,
    what: &str,
    max_chars: usize,
) -> Result<String, DomainError> {
    super::text::required_line(raw, field, what, max_chars)
}

/// A person's name as they want it shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str, field: &str) -> Result<Self, DomainError> {
        required_text(raw, field, "the person's name", Self::MAX_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The trade union a representative acts for (UNISON, GMB, NEU, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionName(String);

impl UnionName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str, field: &str) -> Result<Self, DomainError> {
        required_text(raw, field, "the union's name", Self::MAX_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A validated request to create an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: EmailAddress,
    pub name: PersonName,
    pub role: Role,
    /// Present exactly when `role` is `UnionRep`: a representative acts for one union.
    pub union: Option<UnionName>,
}

impl NewUser {
    /// Validates the parts of a new account; `field_prefix` is the input path (`input`).
    pub fn parse(
        email: &str,
        name: &str,
        role: Role,
        union: Option<&str>,
        field_prefix: &str,
    ) -> Result<Self, DomainError> {
        let field = |name: &str| {
            if field_prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{field_prefix}.{name}")
            }
        };
        let email = EmailAddress::parse(email, &field("email"))?;
        let name = PersonName::parse(name, &field("name"))?;
        let union = match (role, union) {
            (Role::UnionRep, Some(union)) => Some(UnionName::parse(union, &field("union"))?),
            (Role::UnionRep, None) => {
                return Err(DomainError::bad_input(
                    field("union"),
                    "A union representative must belong to a union: give the union's name, for example UNISON.",
                ));
            }
            (_, Some(_)) => {
                return Err(DomainError::bad_input(
                    field("union"),
                    format!(
                        "Only union representatives have a union; leave it empty for the role {role}."
                    ),
                ));
            }
            (_, None) => None,
        };
        Ok(Self {
            email,
            name,
            role,
            union,
        })
    }
}

/// The staff accounts to create for affected employees who have none, one per address
/// (a person may hold two posts); an employee whose address is not a valid one is left out
/// (HR corrects it on the employee record).
pub fn invitations_for<'a>(
    employees: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<NewUser> {
    let mut invited: Vec<NewUser> = Vec::new();
    for (name, email) in employees {
        let Ok(user) = NewUser::parse(email, name, Role::Staff, None, "") else {
            continue;
        };
        if !invited.iter().any(|u| u.email == user.email) {
            invited.push(user);
        }
    }
    invited
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised_so_one_person_has_one_account() {
        let email = EmailAddress::parse("  Jo.Bloggs@Bury.gov.UK ", "email").unwrap();
        assert_eq!(email.as_str(), "jo.bloggs@bury.gov.uk");
    }

    #[test]
    fn malformed_emails_are_refused_with_the_field() {
        for raw in [
            "",
            "jo",
            "jo@",
            "@bury.gov.uk",
            "jo@bury",
            "jo@@bury.gov.uk",
            "jo bloggs@bury.gov.uk",
            "jo@.bury.gov.uk",
        ] {
            let err = EmailAddress::parse(raw, "input.email").unwrap_err();
            assert_eq!(err.code(), "BAD_USER_INPUT", "{raw}");
            assert!(
                matches!(err, DomainError::BadInput { ref field, .. } if field == "input.email")
            );
        }
    }

    #[test]
    fn over_long_email_is_refused() {
        let raw = format!("{}@bury.gov.uk", "a".repeat(250));
        assert!(EmailAddress::parse(&raw, "email").is_err());
    }

    #[test]
    fn names_are_trimmed_and_required() {
        assert_eq!(
            PersonName::parse("  Sam Patel ", "name").unwrap().as_str(),
            "Sam Patel"
        );
        assert!(PersonName::parse("   ", "name").is_err());
        assert!(PersonName::parse(&"x".repeat(201), "name").is_err());
    }

    #[test]
    fn a_union_rep_needs_a_union_and_nobody_else_has_one() {
        assert!(NewUser::parse("a@b.gov.uk", "A", Role::UnionRep, Some("UNISON"), "input").is_ok());
        let missing = NewUser::parse("a@b.gov.uk", "A", Role::UnionRep, None, "input").unwrap_err();
        assert!(
            matches!(missing, DomainError::BadInput { ref field, .. } if field == "input.union")
        );
        let extra =
            NewUser::parse("a@b.gov.uk", "A", Role::Staff, Some("GMB"), "input").unwrap_err();
        assert_eq!(extra.code(), "BAD_USER_INPUT");
    }

    #[test]
    fn roles_round_trip_through_their_stored_spelling() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("ADMIN"), None);
    }
}

#[cfg(test)]
mod invitation_tests {
    use super::*;

    #[test]
    fn affected_staff_are_invited_once_each_as_staff_and_bad_addresses_are_left_out() {
        let invited = invitations_for([
            ("Alex Smith", "alex.smith@bury.gov.uk"),
            ("Alex Smith", "Alex.Smith@bury.gov.uk"),
            ("Sam Jones", "not an address"),
            ("Kim Lee", "kim.lee@bury.gov.uk"),
        ]);
        assert_eq!(
            invited
                .iter()
                .map(|u| (u.email.as_str(), u.role))
                .collect::<Vec<_>>(),
            vec![
                ("alex.smith@bury.gov.uk", Role::Staff),
                ("kim.lee@bury.gov.uk", Role::Staff)
            ]
        );
    }
}
