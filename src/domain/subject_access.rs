//! Subject access (UK GDPR Art. 15): a person's right to a copy of the personal data an
//! employer holds about them. HR answers the request: the export holds everything, confidential
//! feedback included, so no one else may produce it.

use super::{DomainError, access::Viewer, account::EmailAddress, account::Role};

/// Only HR may export a person's data: it holds what even their manager and their union may
/// not see (confidential feedback, pay, equality data).
pub fn may_export(viewer: &Viewer) -> Result<(), DomainError> {
    if viewer.role == Role::HrAdmin {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "Only HR can export what Consult holds about a person (a subject access request, UK GDPR Art. 15).".to_owned(),
        ))
    }
}

/// The address the request is for: required, and a valid email address (case-insensitive).
pub fn subject(raw: Option<&str>) -> Result<EmailAddress, DomainError> {
    match raw.map(str::trim) {
        None | Some("") => Err(DomainError::bad_input(
            "email",
            "Say whose data to export: ?email=name@council.gov.uk.",
        )),
        Some(raw) => EmailAddress::parse(raw, "email"),
    }
}

/// The file name's part for an address: lower-case letters, digits and hyphens only.
pub fn slug(email: &EmailAddress) -> String {
    let mut out = String::new();
    for c in email.as_str().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn viewer(role: Role) -> Viewer {
        Viewer {
            user_id: Uuid::nil(),
            role,
            email: "someone@bury.gov.uk".into(),
            union: None,
        }
    }

    #[test]
    fn only_hr_may_export() {
        assert!(may_export(&viewer(Role::HrAdmin)).is_ok());
        for role in [Role::Manager, Role::UnionRep, Role::Staff] {
            assert_eq!(may_export(&viewer(role)).unwrap_err().code(), "FORBIDDEN");
        }
    }

    #[test]
    fn the_address_is_required_and_checked() {
        assert_eq!(subject(None).unwrap_err().code(), "BAD_USER_INPUT");
        assert_eq!(subject(Some("  ")).unwrap_err().code(), "BAD_USER_INPUT");
        assert_eq!(
            subject(Some("not an address")).unwrap_err().code(),
            "BAD_USER_INPUT"
        );
        assert_eq!(
            subject(Some(" Jane.Doe@Bury.gov.uk ")).unwrap().as_str(),
            "jane.doe@bury.gov.uk"
        );
    }

    #[test]
    fn the_slug_is_safe_in_a_file_name() {
        let email = subject(Some("Jane.O'Doe+x@bury.gov.uk")).unwrap();
        assert_eq!(slug(&email), "jane-o-doe-x-bury-gov-uk");
    }
}
