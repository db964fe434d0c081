//! Joint union responses and team responses (issue 20): who may draft, sign, read and
//! endorse them. Pure rules; the store applies them.

use super::{DomainError, access::ProposalView, text};

/// Most unions one joint response names besides the drafting union's own.
pub const MAX_CO_SIGNATORIES: usize = 10;
/// Most colleagues a team response asks to sign, the drafter included.
pub const MAX_TEAM_MEMBERS: usize = 50;

/// Shown before anyone signs a team response, and on it: signing puts your name to it.
pub const TEAM_RESPONSE_NOTICE: &str = "A team response is not confidential. Everyone who signs it is named on it, and HR, the sponsoring manager and the recognised unions read it with those names. If you want to respond in confidence, use your own feedback form instead.";

/// The unions a joint response names besides the drafting union: each must be recognised on
/// the proposal (its spelling there is kept), none twice, not the drafting union itself.
pub fn co_signatories(
    own: &str,
    named: &[String],
    recognised: &[String],
) -> Result<Vec<String>, DomainError> {
    const FIELD: &str = "input.coSignatories";
    if named.len() > MAX_CO_SIGNATORIES {
        return Err(DomainError::bad_input(
            FIELD,
            format!("A joint response names at most {MAX_CO_SIGNATORIES} other unions."),
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(named.len());
    for (i, raw) in named.iter().enumerate() {
        let field = format!("{FIELD}[{i}]");
        let name = raw.trim();
        let Some(union) = recognised.iter().find(|u| u.eq_ignore_ascii_case(name)) else {
            return Err(DomainError::bad_input(
                field,
                format!("{name} is not a recognised union on this proposal."),
            ));
        };
        if union.eq_ignore_ascii_case(own) {
            return Err(DomainError::bad_input(
                field,
                "Your own union signs the response already; name the other unions.",
            ));
        }
        if out.iter().any(|u| u.eq_ignore_ascii_case(union)) {
            return Err(DomainError::bad_input(
                field,
                format!("{union} is named twice."),
            ));
        }
        out.push(union.clone());
    }
    Ok(out)
}

/// Who reads a collective response: HR, the sponsor, and the reps of every union it names.
pub fn sees_union_response(
    view: ProposalView,
    viewer_union: Option<&str>,
    named_unions: &[String],
) -> bool {
    match view {
        ProposalView::Hr | ProposalView::Sponsor => true,
        ProposalView::UnionRep => {
            viewer_union.is_some_and(|v| named_unions.iter().any(|u| u.eq_ignore_ascii_case(v)))
        }
        ProposalView::Staff => false,
    }
}

/// A union's place on a response: whether it has signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature<'a> {
    pub union: &'a str,
    pub signed: bool,
}

/// The wording of a joint response is fixed once any union has signed it: a later change
/// would put a signature under words the union did not sign.
pub fn check_editable(signatures: &[Signature<'_>]) -> Result<(), DomainError> {
    match signatures.iter().find(|s| s.signed) {
        Some(s) => Err(DomainError::Conflict(format!(
            "{} has signed this response, so its wording can no longer change; the other unions named on it can sign it.",
            s.union
        ))),
        None => Ok(()),
    }
}

/// A union signs the response it is named on, once.
pub fn check_may_sign(signatures: &[Signature<'_>], union: &str) -> Result<(), DomainError> {
    match signatures
        .iter()
        .find(|s| s.union.eq_ignore_ascii_case(union))
    {
        None => Err(DomainError::NotFound(
            "Your union has no response with that id.".into(),
        )),
        Some(s) if s.signed => Err(DomainError::Conflict(
            "Your union has already signed this response.".into(),
        )),
        Some(_) => Ok(()),
    }
}

/// A response is submitted when every union it names has signed it.
pub fn all_signed(signatures: &[Signature<'_>]) -> bool {
    !signatures.is_empty() && signatures.iter().all(|s| s.signed)
}

/// The unions whose signatures a response still waits for, in the order named.
pub fn awaited<'a>(signatures: &[Signature<'a>]) -> Vec<&'a str> {
    signatures
        .iter()
        .filter(|s| !s.signed)
        .map(|s| s.union)
        .collect()
}

/// A team response as written, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamResponseDraft {
    pub team_name: String,
    pub title: String,
    pub body: String,
}

impl TeamResponseDraft {
    pub fn parse(team_name: &str, title: &str, body: &str) -> Result<Self, DomainError> {
        Ok(Self {
            team_name: text::required_line(
                team_name,
                "input.teamName",
                "the team's name",
                text::SHORT_MAX_CHARS,
            )?,
            title: text::required_line(title, "input.title", "a title", text::SHORT_MAX_CHARS)?,
            body: text::long_text(body, "input.body", "the response")?,
        })
    }
}

/// The colleagues asked to sign, by work email: at most `MAX_TEAM_MEMBERS`, none twice
/// (ignoring case). The drafter is a member without being listed.
pub fn member_emails(raw: &[String], drafter_email: &str) -> Result<Vec<String>, DomainError> {
    const FIELD: &str = "input.memberEmails";
    if raw.len() >= MAX_TEAM_MEMBERS {
        return Err(DomainError::bad_input(
            FIELD,
            format!("A team response has at most {MAX_TEAM_MEMBERS} members."),
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for (i, email) in raw.iter().enumerate() {
        let email = email.trim().to_lowercase();
        if email.is_empty() || !email.contains('@') {
            return Err(DomainError::bad_input(
                format!("{FIELD}[{i}]"),
                "Give a colleague's work email address.",
            ));
        }
        if email == drafter_email.to_lowercase() || out.contains(&email) {
            continue;
        }
        out.push(email);
    }
    Ok(out)
}

/// Team responses are written by the staff a proposal affects.
pub fn may_write_team_response(view: ProposalView) -> Result<(), DomainError> {
    if view == ProposalView::Staff {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "Team responses are written by the staff the proposal affects; unions send collective responses.".into(),
        ))
    }
}

/// Who reads a team response: its members always; once submitted, HR, the sponsor and the
/// recognised unions' reps too (it is signed, so not confidential). Other staff never.
pub fn sees_team_response(view: ProposalView, is_member: bool, submitted: bool) -> bool {
    if is_member {
        return true;
    }
    submitted
        && matches!(
            view,
            ProposalView::Hr | ProposalView::Sponsor | ProposalView::UnionRep
        )
}

/// The wording of a team response is fixed once a member has signed it.
pub fn check_team_editable(signed: usize, submitted: bool) -> Result<(), DomainError> {
    if submitted {
        return Err(DomainError::Conflict(
            "This team response has been submitted; it can no longer change.".into(),
        ));
    }
    if signed > 0 {
        return Err(DomainError::Conflict(
            "A member has signed this team response, so its wording can no longer change.".into(),
        ));
    }
    Ok(())
}

/// Submitting sends it with the members who have signed; the one submitting has signed.
pub fn check_team_submit(submitted: bool, submitter_signed: bool) -> Result<(), DomainError> {
    if submitted {
        return Err(DomainError::Conflict(
            "This team response has already been submitted.".into(),
        ));
    }
    if !submitter_signed {
        return Err(DomainError::PreconditionFailed {
            message: "Sign the team response before submitting it.".into(),
            missing: vec!["SIGNATURE".into()],
        });
    }
    Ok(())
}

/// A union endorses a submitted team response, once, by one of its reps.
pub fn may_endorse(
    view: ProposalView,
    union: Option<&str>,
    submitted: bool,
) -> Result<&str, DomainError> {
    let union = match (view, union) {
        (ProposalView::UnionRep, Some(union)) => union,
        _ => {
            return Err(DomainError::Forbidden(
                "Team responses are endorsed by the representatives of a recognised union.".into(),
            ));
        }
    };
    if !submitted {
        return Err(DomainError::NotFound(
            "There is no team response with that id that you can see.".into(),
        ));
    }
    Ok(union)
}

/// What a union says in support; a plain default when it says nothing more.
pub fn endorsement_statement(raw: Option<&str>) -> Result<String, DomainError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok("We support the attached response.".into()),
        Some(s) => text::long_text(s, "input.statement", "the statement"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unions() -> Vec<String> {
        vec!["UNISON".into(), "GMB".into(), "NEU".into()]
    }

    #[test]
    fn co_signatories_are_other_recognised_unions_named_once() {
        assert_eq!(
            co_signatories("UNISON", &["gmb".into(), " NEU ".into()], &unions()).unwrap(),
            ["GMB", "NEU"]
        );
        let field = |r: Result<Vec<String>, DomainError>| match r {
            Err(DomainError::BadInput { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(co_signatories("UNISON", &["Unite".into()], &unions())),
            "input.coSignatories[0]"
        );
        assert_eq!(
            field(co_signatories(
                "UNISON",
                &["GMB".into(), "unison".into()],
                &unions()
            )),
            "input.coSignatories[1]"
        );
        assert_eq!(
            field(co_signatories(
                "UNISON",
                &["GMB".into(), "gmb".into()],
                &unions()
            )),
            "input.coSignatories[1]"
        );
        assert!(co_signatories("UNISON", &[], &unions()).unwrap().is_empty());
    }

    #[test]
    fn every_named_union_reads_a_joint_response_and_no_other() {
        let named = vec!["UNISON".to_owned(), "GMB".to_owned()];
        assert!(sees_union_response(
            ProposalView::UnionRep,
            Some("gmb"),
            &named
        ));
        assert!(sees_union_response(
            ProposalView::UnionRep,
            Some("UNISON"),
            &named
        ));
        assert!(!sees_union_response(
            ProposalView::UnionRep,
            Some("NEU"),
            &named
        ));
        assert!(!sees_union_response(ProposalView::UnionRep, None, &named));
        assert!(sees_union_response(ProposalView::Hr, None, &named));
        assert!(sees_union_response(ProposalView::Sponsor, None, &named));
        assert!(!sees_union_response(ProposalView::Staff, None, &named));
    }

    #[test]
    fn a_response_is_submitted_once_every_union_has_signed() {
        let one = [
            Signature {
                union: "UNISON",
                signed: true,
            },
            Signature {
                union: "GMB",
                signed: false,
            },
        ];
        assert!(!all_signed(&one));
        assert_eq!(awaited(&one), ["GMB"]);
        assert!(check_editable(&one).is_err(), "signed wording is fixed");
        assert!(check_may_sign(&one, "gmb").is_ok());
        assert!(matches!(
            check_may_sign(&one, "UNISON"),
            Err(DomainError::Conflict(_))
        ));
        assert!(matches!(
            check_may_sign(&one, "NEU"),
            Err(DomainError::NotFound(_))
        ));
        let both = [
            Signature {
                union: "UNISON",
                signed: true,
            },
            Signature {
                union: "GMB",
                signed: true,
            },
        ];
        assert!(all_signed(&both));
        assert!(awaited(&both).is_empty());
        assert!(!all_signed(&[]));
        assert!(
            check_editable(&[Signature {
                union: "UNISON",
                signed: false
            }])
            .is_ok()
        );
    }

    #[test]
    fn team_members_are_listed_once_without_the_drafter() {
        assert_eq!(
            member_emails(
                &[
                    "A@x.example".into(),
                    "a@x.example".into(),
                    "me@x.example".into()
                ],
                "Me@x.example"
            )
            .unwrap(),
            ["a@x.example"]
        );
        assert!(member_emails(&["not an email".into()], "me@x.example").is_err());
        let many: Vec<String> = (0..MAX_TEAM_MEMBERS)
            .map(|i| format!("{i}@x.example"))
            .collect();
        assert!(member_emails(&many, "me@x.example").is_err());
    }

    #[test]
    fn a_team_response_is_read_by_its_members_and_once_submitted_by_hr_sponsor_and_unions() {
        for view in [
            ProposalView::Hr,
            ProposalView::Sponsor,
            ProposalView::UnionRep,
        ] {
            assert!(!sees_team_response(view, false, false), "{view:?} draft");
            assert!(sees_team_response(view, false, true), "{view:?} submitted");
        }
        assert!(sees_team_response(ProposalView::Staff, true, false));
        assert!(!sees_team_response(ProposalView::Staff, false, true));
    }

    #[test]
    fn team_responses_are_fixed_once_signed_and_submitted_by_a_signatory() {
        assert!(check_team_editable(0, false).is_ok());
        assert!(check_team_editable(1, false).is_err());
        assert!(check_team_editable(0, true).is_err());
        assert!(matches!(
            check_team_submit(false, false),
            Err(DomainError::PreconditionFailed { .. })
        ));
        assert!(check_team_submit(false, true).is_ok());
        assert!(matches!(
            check_team_submit(true, true),
            Err(DomainError::Conflict(_))
        ));
        assert!(may_write_team_response(ProposalView::Staff).is_ok());
        assert!(may_write_team_response(ProposalView::UnionRep).is_err());
    }

    #[test]
    fn unions_endorse_submitted_team_responses() {
        assert_eq!(
            may_endorse(ProposalView::UnionRep, Some("GMB"), true).unwrap(),
            "GMB"
        );
        assert!(matches!(
            may_endorse(ProposalView::UnionRep, Some("GMB"), false),
            Err(DomainError::NotFound(_))
        ));
        assert!(matches!(
            may_endorse(ProposalView::Hr, None, true),
            Err(DomainError::Forbidden(_))
        ));
        assert_eq!(
            endorsement_statement(Some("  ")).unwrap(),
            "We support the attached response."
        );
    }
}
