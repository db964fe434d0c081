//! The consultation bundle (`GET /proposals/{id}/bundle.zip`): the record of one proposal's
//! consultation put together for a challenge (an employment tribunal claim for a protective
//! award under s189 TULRCA 1992, Acas early conciliation, a union's solicitor).
//!
//! Two variants: the **full** bundle is HR's (everything HR sees, the individual stage's
//! letters and the audit log included); the **union** bundle is the one to share with the
//! union side. The union bundle is read *as a representative of that union would read the
//! proposal through the API*: every visibility decision in it is taken by the same rules
//! (`access`, `feedback`, `question`, `outcome`) with a reader who is a representative of the
//! union and no one in particular (no question of theirs is "their own"), so what it shows does
//! not depend on which representative, or HR, downloaded it. What the API gives no rep — the
//! audit log (`Permission::ReadAuditLog`), the individual stage's letters, employees' personal
//! details — is left out of it altogether.

use super::{
    DomainError,
    access::{ProposalFacts, ProposalView, Viewer},
    account::Role,
};
use uuid::Uuid;

/// Which bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// HR's own record: everything.
    Full,
    /// For the union side: what a representative of the union may see.
    Union,
}

impl Variant {
    /// `?variant=` as sent: absent or `full` is the full bundle, `union` the union's.
    pub fn parse(raw: Option<&str>) -> Result<Self, DomainError> {
        match raw.map(str::trim) {
            None | Some("") | Some("full") => Ok(Variant::Full),
            Some("union") => Ok(Variant::Union),
            Some(_) => Err(DomainError::BadInput {
                field: "variant".into(),
                message: "The bundle's variant is `full` (HR's) or `union` (to share with the union side).".into(),
            }),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Full => "full",
            Variant::Union => "union",
        }
    }

    /// What the bundle holds beyond what every variant holds.
    pub fn sections(self) -> Sections {
        match self {
            Variant::Full => Sections {
                audit_events: true,
                letters: true,
                actors_named: true,
            },
            Variant::Union => Sections {
                audit_events: false,
                letters: false,
                actors_named: false,
            },
        }
    }
}

/// The parts of the bundle a variant decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sections {
    /// The audit log's events, with their before and after states (HR only: it holds
    /// personal data and who changed what). Whether the chain is intact is stated in both.
    pub audit_events: bool,
    /// The individual stage's letters, as PDFs: each is one person's personal data.
    pub letters: bool,
    /// The chronology names the people who acted (from the audit log). The union's says
    /// which side acted ("HR", the union) and names only whom the API would name to a rep.
    pub actors_named: bool,
}

/// Who may ask for a bundle at all, before any proposal is looked at: HR either variant,
/// union representatives the union's. Everyone else: `FORBIDDEN`.
pub fn check_role(role: Role, variant: Variant) -> Result<(), DomainError> {
    match (role, variant) {
        (Role::HrAdmin, _) | (Role::UnionRep, Variant::Union) => Ok(()),
        (Role::UnionRep, Variant::Full) => Err(DomainError::Forbidden(
            "The full bundle is HR's record; union representatives download the union's bundle (`?variant=union`).".into(),
        )),
        (Role::Manager | Role::Staff, _) => Err(DomainError::Forbidden(
            "The consultation bundle is for HR, and its union variant for the representatives of a recognised union.".into(),
        )),
    }
}

/// Whom a bundle is read as: the viewer the rules are applied to, and how they see the
/// proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reader {
    pub viewer: Viewer,
    pub view: ProposalView,
    /// The union a union bundle is for.
    pub union: Option<String>,
}

/// Whom the bundle of `variant` is read as, for `viewer` who sees the proposal as `view`.
///
/// - Full: HR, as themselves.
/// - Union: a representative of the union, and no one in particular (a nil user id). A rep's
///   bundle is their own union's (`requested_union`, if sent, must be it); HR names the union
///   with `?union=` unless only one is recognised. The proposal must be shared with that
///   union, as for any rep (`Viewer::proposal_view`).
pub fn reader(
    viewer: &Viewer,
    view: ProposalView,
    variant: Variant,
    facts: &ProposalFacts<'_>,
    requested_union: Option<&str>,
) -> Result<Reader, DomainError> {
    check_role(viewer.role, variant)?;
    if variant == Variant::Full {
        return match view {
            ProposalView::Hr => Ok(Reader {
                viewer: viewer.clone(),
                view,
                union: None,
            }),
            _ => Err(DomainError::Forbidden(
                "The full bundle is HR's record.".into(),
            )),
        };
    }
    let requested_union = requested_union.map(str::trim).filter(|u| !u.is_empty());
    let union = match (viewer.role, requested_union) {
        (Role::UnionRep, requested) => {
            let own = viewer.union.clone().unwrap_or_default();
            if requested.is_some_and(|r| !r.eq_ignore_ascii_case(&own)) {
                return Err(DomainError::Forbidden(
                    "A representative downloads their own union's bundle.".into(),
                ));
            }
            own
        }
        (_, Some(requested)) => facts
            .recognised_unions
            .iter()
            .find(|u| u.eq_ignore_ascii_case(requested))
            .cloned()
            .ok_or_else(|| DomainError::BadInput {
                field: "union".into(),
                message: format!("{requested} is not recognised on this proposal."),
            })?,
        (_, None) => match facts.recognised_unions {
            [only] => only.clone(),
            _ => {
                return Err(DomainError::BadInput {
                    field: "union".into(),
                    message: format!(
                        "Say which union the bundle is for (`&union=`): one of {}.",
                        facts.recognised_unions.join(", ")
                    ),
                });
            }
        },
    };
    let rep = Viewer {
        user_id: Uuid::nil(),
        role: Role::UnionRep,
        email: String::new(),
        union: Some(union.clone()),
    };
    let rep_facts = ProposalFacts {
        viewer_is_named: false,
        ..*facts
    };
    let view = rep.proposal_view(&rep_facts).ok_or_else(|| {
        DomainError::Conflict(format!(
            "The proposal has not been shared with {union}, so there is nothing of it yet for the union side."
        ))
    })?;
    Ok(Reader {
        viewer: rep,
        view,
        union: Some(union),
    })
}

/// The download the web app links to: the full bundle for HR, the union's for a rep of a
/// union that sees the proposal, none for anyone else.
pub fn path_for(view: ProposalView, proposal_id: Uuid) -> Option<String> {
    match view {
        ProposalView::Hr => Some(format!("/proposals/{proposal_id}/bundle.zip")),
        ProposalView::UnionRep => {
            Some(format!("/proposals/{proposal_id}/bundle.zip?variant=union"))
        }
        ProposalView::Sponsor | ProposalView::Staff => None,
    }
}

/// The file name the download is saved as.
pub fn file_name(slug: &str, variant: Variant, union: Option<&str>) -> String {
    let slug = if slug.is_empty() { "proposal" } else { slug };
    match (variant, union) {
        (Variant::Full, _) | (_, None) => format!("consultation-bundle-{slug}.zip"),
        (Variant::Union, Some(union)) => {
            let union: String = union
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            format!("consultation-bundle-{slug}-{union}.zip")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role, union: Option<&str>) -> Viewer {
        Viewer {
            user_id: Uuid::now_v7(),
            role,
            email: "v@bury.example".into(),
            union: union.map(str::to_owned),
        }
    }

    fn facts(unions: &[String], shared: bool) -> ProposalFacts<'_> {
        ProposalFacts {
            sponsor_id: None,
            shared_with_unions: shared,
            published_to_staff: true,
            visible_to_whole_service: false,
            recognised_unions: unions,
            viewer_is_named: false,
        }
    }

    #[test]
    fn variants_parse_and_default_to_full() {
        assert_eq!(Variant::parse(None).unwrap(), Variant::Full);
        assert_eq!(Variant::parse(Some("union")).unwrap(), Variant::Union);
        assert_eq!(
            Variant::parse(Some("zip")).unwrap_err().code(),
            "BAD_USER_INPUT"
        );
    }

    #[test]
    fn only_hr_and_reps_download_and_reps_only_the_union_variant() {
        assert!(check_role(Role::HrAdmin, Variant::Full).is_ok());
        assert!(check_role(Role::HrAdmin, Variant::Union).is_ok());
        assert!(check_role(Role::UnionRep, Variant::Union).is_ok());
        assert_eq!(
            check_role(Role::UnionRep, Variant::Full)
                .unwrap_err()
                .code(),
            "FORBIDDEN"
        );
        for role in [Role::Manager, Role::Staff] {
            for variant in [Variant::Full, Variant::Union] {
                assert_eq!(check_role(role, variant).unwrap_err().code(), "FORBIDDEN");
            }
        }
    }

    #[test]
    fn the_union_variant_is_read_as_a_rep_of_the_union_and_no_one_in_particular() {
        let unions = ["UNISON".to_owned(), "GMB".to_owned()];
        let rep = viewer(Role::UnionRep, Some("unison"));
        let read = reader(
            &rep,
            ProposalView::UnionRep,
            Variant::Union,
            &facts(&unions, true),
            None,
        )
        .unwrap();
        assert_eq!(read.view, ProposalView::UnionRep);
        assert_eq!(read.viewer.user_id, Uuid::nil());
        assert_eq!(read.viewer.role, Role::UnionRep);
        assert_eq!(read.union.as_deref(), Some("unison"));
        // Another union's bundle is not theirs to take.
        assert_eq!(
            reader(
                &rep,
                ProposalView::UnionRep,
                Variant::Union,
                &facts(&unions, true),
                Some("GMB")
            )
            .unwrap_err()
            .code(),
            "FORBIDDEN"
        );
    }

    #[test]
    fn hr_names_the_union_when_more_than_one_is_recognised() {
        let hr = viewer(Role::HrAdmin, None);
        let two = ["UNISON".to_owned(), "GMB".to_owned()];
        let err = reader(
            &hr,
            ProposalView::Hr,
            Variant::Union,
            &facts(&two, true),
            None,
        )
        .unwrap_err();
        assert_eq!(err.code(), "BAD_USER_INPUT");
        let gmb = reader(
            &hr,
            ProposalView::Hr,
            Variant::Union,
            &facts(&two, true),
            Some("gmb"),
        )
        .unwrap();
        assert_eq!(gmb.union.as_deref(), Some("GMB"));
        assert_eq!(gmb.view, ProposalView::UnionRep);
        let one = ["UNISON".to_owned()];
        let only = reader(
            &hr,
            ProposalView::Hr,
            Variant::Union,
            &facts(&one, true),
            None,
        )
        .unwrap();
        assert_eq!(only.union.as_deref(), Some("UNISON"));
        // Not shared yet: nothing for the union side.
        assert_eq!(
            reader(
                &hr,
                ProposalView::Hr,
                Variant::Union,
                &facts(&one, false),
                None
            )
            .unwrap_err()
            .code(),
            "CONFLICT"
        );
        // HR's full bundle is read as HR.
        let full = reader(
            &hr,
            ProposalView::Hr,
            Variant::Full,
            &facts(&one, false),
            None,
        )
        .unwrap();
        assert_eq!(full.viewer, hr);
    }

    #[test]
    fn the_union_variant_leaves_out_the_audit_events_and_letters() {
        let union = Variant::Union.sections();
        assert!(!union.audit_events && !union.letters && !union.actors_named);
        let full = Variant::Full.sections();
        assert!(full.audit_events && full.letters && full.actors_named);
    }

    #[test]
    fn the_link_is_the_full_bundle_for_hr_and_the_unions_for_reps() {
        let id = Uuid::nil();
        assert_eq!(
            path_for(ProposalView::Hr, id).unwrap(),
            format!("/proposals/{id}/bundle.zip")
        );
        assert!(
            path_for(ProposalView::UnionRep, id)
                .unwrap()
                .ends_with("?variant=union")
        );
        assert_eq!(path_for(ProposalView::Sponsor, id), None);
        assert_eq!(path_for(ProposalView::Staff, id), None);
        assert_eq!(
            file_name("sen-restructure", Variant::Union, Some("UNISON")),
            "consultation-bundle-sen-restructure-unison.zip"
        );
        assert_eq!(
            file_name("sen-restructure", Variant::Full, None),
            "consultation-bundle-sen-restructure.zip"
        );
    }
}
