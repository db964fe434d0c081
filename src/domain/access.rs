//! Who may do what. Roles are global (docs/design.md, "Who uses it"); access to a proposal is
//! scoped to it. Resolvers only ask; every rule is here, and tested for every role.

use super::{DomainError, account::Role};
use uuid::Uuid;

/// The signed-in person making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub user_id: Uuid,
    pub role: Role,
    /// The work email people sign in with; links them to their employee records.
    pub email: String,
    /// The union a union representative acts for.
    pub union: Option<String>,
}

/// Something a role may be allowed to do, independent of any one proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Create accounts and list everyone's account.
    ManageUsers,
    /// Read the audit log, which holds personal data and who changed what.
    ReadAuditLog,
    /// Create and edit proposals, their structure, people and JDs; run their lifecycle.
    ManageProposals,
    /// Set the pay scales that cost the structures.
    ManagePayScales,
}

impl Permission {
    /// The roles that hold this permission.
    pub fn roles(self) -> &'static [Role] {
        match self {
            Permission::ManageUsers
            | Permission::ReadAuditLog
            | Permission::ManageProposals
            | Permission::ManagePayScales => &[Role::HrAdmin],
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Permission::ManageUsers => "Only HR administrators can manage accounts.",
            Permission::ReadAuditLog => "Only HR administrators can read the audit log.",
            Permission::ManageProposals => "Only HR administrators can change proposals.",
            Permission::ManagePayScales => "Only HR administrators can set pay scales.",
        }
    }
}

/// What a proposal's visibility depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProposalFacts<'a> {
    pub sponsor_id: Option<Uuid>,
    /// HR has shared it with its recognised unions.
    pub shared_with_unions: bool,
    /// Consultation has opened: affected staff can read it.
    pub published_to_staff: bool,
    /// Published to every member of staff, not only those named.
    pub visible_to_whole_service: bool,
    pub recognised_unions: &'a [String],
    /// The viewer is named in it: as an employee (by work email), or, for a manager, as the
    /// owner of a question, the assignee of a checklist step or an approver.
    pub viewer_is_named: bool,
}

/// How a viewer sees one proposal; absent when they may not see it at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalView {
    /// Everything, including who holds which post and their impact.
    Hr,
    /// The manager who owns it: everything but other people's personal data.
    Sponsor,
    /// A representative of a recognised union: posts, counts and JDs, no personal data.
    UnionRep,
    /// An affected employee: the proposal and their own record only.
    Staff,
}

impl ProposalView {
    /// Names, employee numbers and impacts of everyone named in the proposal.
    pub fn sees_everyones_personal_data(self) -> bool {
        self == ProposalView::Hr
    }

    /// Whether an employee volunteered for redundancy: HR only, not even the employee's own
    /// view, since the mark is HR's working note of a conversation that may not be final.
    pub fn sees_volunteer_marks(self) -> bool {
        self == ProposalView::Hr
    }

    /// Comments on JD duties: for those who negotiate the JDs (HR, sponsor, union reps).
    pub fn sees_all_jd_comments(self) -> bool {
        matches!(
            self,
            ProposalView::Hr | ProposalView::Sponsor | ProposalView::UnionRep
        )
    }

    /// Pay and whose it is (an employee's weekly pay; whose pay the protective award had to
    /// estimate): HR only. An employee's own record does not show it either: HR holds it.
    pub fn pay_data(self) -> Result<(), DomainError> {
        match self {
            ProposalView::Hr => Ok(()),
            ProposalView::Sponsor | ProposalView::UnionRep | ProposalView::Staff => {
                Err(DomainError::Forbidden(
                    "Pay is personal data: only HR sees an employee's pay and whose pay is estimated. The totals are on the proposal.".into(),
                ))
            }
        }
    }

    /// Who may comment on a duty: anyone who can read the proposal.
    pub fn may_comment_on_duties(self) -> bool {
        true
    }

    /// Which affected employees have no account, and inviting them: HR only (it lists
    /// people by name).
    pub fn may_manage_affected_accounts(self) -> Result<(), DomainError> {
        if self == ProposalView::Hr {
            Ok(())
        } else {
            Err(DomainError::Forbidden(
                "Only HR sees which affected employees have no account, and invites them.".into(),
            ))
        }
    }

    /// The list of employees: all of it for HR, only their own for staff, none for others.
    pub fn employee_list(self) -> Result<EmployeeList, DomainError> {
        match self {
            ProposalView::Hr => Ok(EmployeeList::All),
            ProposalView::Staff => Ok(EmployeeList::OwnOnly),
            ProposalView::Sponsor | ProposalView::UnionRep => Err(DomainError::Forbidden(
                "Who holds which post, and what the proposal means for them, is personal data: only HR and each employee see it. The counts are on the proposal.".into(),
            )),
        }
    }
}

/// Which employee records a viewer may list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmployeeList {
    All,
    OwnOnly,
}

/// Which proposals a viewer can find in lists; the store turns it into a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProposalScope {
    All,
    SponsoredBy(Uuid),
    SharedWithUnion(String),
    PublishedToStaff { email: String },
}

impl Viewer {
    /// `Ok` when this viewer's role holds `permission`, else `FORBIDDEN` with the reason.
    pub fn require(&self, permission: Permission) -> Result<(), DomainError> {
        if permission.roles().contains(&self.role) {
            Ok(())
        } else {
            Err(DomainError::Forbidden(permission.refusal().to_owned()))
        }
    }

    /// Whether this viewer may see the account `user_id`: their own, or any for HR.
    /// Anyone else's account is answered as not found, so ids cannot be probed.
    pub fn may_see_user(&self, user_id: Uuid) -> bool {
        self.user_id == user_id || self.require(Permission::ManageUsers).is_ok()
    }

    /// How this viewer sees a proposal, if at all.
    pub fn proposal_view(&self, facts: &ProposalFacts<'_>) -> Option<ProposalView> {
        match self.role {
            Role::HrAdmin => Some(ProposalView::Hr),
            // A manager with a task in it (a question, a step, an approval) works on it as the
            // sponsor does.
            Role::Manager => (facts.sponsor_id == Some(self.user_id) || facts.viewer_is_named)
                .then_some(ProposalView::Sponsor),
            Role::UnionRep => {
                let recognised = self.union.as_deref().is_some_and(|union| {
                    facts
                        .recognised_unions
                        .iter()
                        .any(|u| u.eq_ignore_ascii_case(union))
                });
                (facts.shared_with_unions && recognised).then_some(ProposalView::UnionRep)
            }
            Role::Staff => (facts.published_to_staff
                && (facts.viewer_is_named || facts.visible_to_whole_service))
                .then_some(ProposalView::Staff),
        }
    }

    /// The proposals this viewer finds in lists: the same rule as `proposal_view`.
    pub fn proposal_scope(&self) -> ProposalScope {
        match self.role {
            Role::HrAdmin => ProposalScope::All,
            Role::Manager => ProposalScope::SponsoredBy(self.user_id),
            Role::UnionRep => {
                ProposalScope::SharedWithUnion(self.union.clone().unwrap_or_default())
            }
            Role::Staff => ProposalScope::PublishedToStaff {
                email: self.email.clone(),
            },
        }
    }

    /// `NOT_FOUND` for a proposal the viewer may not see, so ids cannot be probed.
    pub fn require_proposal_view(
        &self,
        facts: &ProposalFacts<'_>,
    ) -> Result<ProposalView, DomainError> {
        self.proposal_view(facts).ok_or_else(proposal_not_found)
    }
}

pub fn proposal_not_found() -> DomainError {
    DomainError::NotFound("There is no proposal with that id that you can see.".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role) -> Viewer {
        let union = (role == Role::UnionRep).then(|| "UNISON".to_owned());
        Viewer {
            user_id: Uuid::now_v7(),
            role,
            email: "v@bury.example".into(),
            union,
        }
    }

    const UNIONS: &[String] = &[];

    fn facts<'a>(unions: &'a [String]) -> ProposalFacts<'a> {
        ProposalFacts {
            sponsor_id: None,
            shared_with_unions: false,
            published_to_staff: false,
            visible_to_whole_service: false,
            recognised_unions: unions,
            viewer_is_named: false,
        }
    }

    #[test]
    fn only_hr_manages_users_proposals_pay_scales_and_reads_the_audit_log() {
        for permission in [
            Permission::ManageUsers,
            Permission::ReadAuditLog,
            Permission::ManageProposals,
            Permission::ManagePayScales,
        ] {
            assert!(viewer(Role::HrAdmin).require(permission).is_ok());
            for role in [Role::Manager, Role::UnionRep, Role::Staff] {
                assert_eq!(
                    viewer(role).require(permission).unwrap_err().code(),
                    "FORBIDDEN"
                );
            }
        }
    }

    #[test]
    fn people_see_their_own_account_and_hr_sees_all() {
        let staff = viewer(Role::Staff);
        assert!(staff.may_see_user(staff.user_id));
        assert!(!staff.may_see_user(Uuid::now_v7()));
        assert!(viewer(Role::HrAdmin).may_see_user(Uuid::now_v7()));
    }

    #[test]
    fn hr_sees_every_proposal_even_a_draft() {
        assert_eq!(
            viewer(Role::HrAdmin).proposal_view(&facts(UNIONS)),
            Some(ProposalView::Hr)
        );
    }

    #[test]
    fn a_manager_sees_only_the_proposals_they_sponsor_or_have_a_task_in() {
        let manager = viewer(Role::Manager);
        assert_eq!(manager.proposal_view(&facts(UNIONS)), None);
        let own = ProposalFacts {
            sponsor_id: Some(manager.user_id),
            ..facts(UNIONS)
        };
        assert_eq!(manager.proposal_view(&own), Some(ProposalView::Sponsor));
        let tasked = ProposalFacts {
            viewer_is_named: true,
            ..facts(UNIONS)
        };
        assert_eq!(manager.proposal_view(&tasked), Some(ProposalView::Sponsor));
    }

    #[test]
    fn a_rep_sees_a_proposal_once_shared_and_only_if_their_union_is_recognised() {
        let rep = viewer(Role::UnionRep);
        let unison = ["unison".to_owned()];
        let gmb = ["GMB".to_owned()];
        assert_eq!(rep.proposal_view(&facts(&unison)), None, "not shared yet");
        let shared = |u| ProposalFacts {
            shared_with_unions: true,
            ..facts(u)
        };
        assert_eq!(
            rep.proposal_view(&shared(&unison)),
            Some(ProposalView::UnionRep)
        );
        assert_eq!(rep.proposal_view(&shared(&gmb)), None);
    }

    #[test]
    fn staff_see_a_published_proposal_that_names_them_or_the_whole_service() {
        let staff = viewer(Role::Staff);
        let named = ProposalFacts {
            viewer_is_named: true,
            ..facts(UNIONS)
        };
        assert_eq!(staff.proposal_view(&named), None, "not published yet");
        let published = ProposalFacts {
            published_to_staff: true,
            ..named
        };
        assert_eq!(staff.proposal_view(&published), Some(ProposalView::Staff));
        let other = ProposalFacts {
            viewer_is_named: false,
            ..published
        };
        assert_eq!(staff.proposal_view(&other), None);
        let whole = ProposalFacts {
            visible_to_whole_service: true,
            ..other
        };
        assert_eq!(staff.proposal_view(&whole), Some(ProposalView::Staff));
    }

    #[test]
    fn personal_data_is_for_hr_and_each_employee_only() {
        assert_eq!(ProposalView::Hr.employee_list().unwrap(), EmployeeList::All);
        assert_eq!(
            ProposalView::Staff.employee_list().unwrap(),
            EmployeeList::OwnOnly
        );
        for view in [ProposalView::Sponsor, ProposalView::UnionRep] {
            assert_eq!(view.employee_list().unwrap_err().code(), "FORBIDDEN");
            assert!(!view.sees_everyones_personal_data());
        }
        assert!(!ProposalView::Staff.sees_all_jd_comments());
    }

    #[test]
    fn pay_is_for_hr_only_not_even_the_employee() {
        assert_eq!(ProposalView::Hr.pay_data(), Ok(()));
        for view in [
            ProposalView::Sponsor,
            ProposalView::UnionRep,
            ProposalView::Staff,
        ] {
            assert_eq!(view.pay_data().unwrap_err().code(), "FORBIDDEN");
        }
    }
}

#[cfg(test)]
mod affected_accounts_tests {
    use super::*;

    #[test]
    fn only_hr_sees_and_invites_affected_staff_without_an_account() {
        // Names of affected employees are personal data (UK GDPR art. 5(1)(c)).
        assert_eq!(ProposalView::Hr.may_manage_affected_accounts(), Ok(()));
        for view in [
            ProposalView::Sponsor,
            ProposalView::UnionRep,
            ProposalView::Staff,
        ] {
            assert!(matches!(
                view.may_manage_affected_accounts(),
                Err(DomainError::Forbidden(_))
            ));
        }
    }
}
