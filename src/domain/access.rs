//! Who may do what. Roles are global (DESIGN.md, "Who uses it"); later issues add
//! proposal-scoped rules here, so that resolvers only ask and never decide.

use super::{DomainError, account::Role};
use uuid::Uuid;

/// The signed-in person making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub user_id: Uuid,
    pub role: Role,
}

/// Something a role may be allowed to do, independent of any one proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Create accounts and list everyone's account.
    ManageUsers,
    /// Read the audit log, which holds personal data and who changed what.
    ReadAuditLog,
}

impl Permission {
    /// The roles that hold this permission.
    pub fn roles(self) -> &'static [Role] {
        match self {
            Permission::ManageUsers | Permission::ReadAuditLog => &[Role::HrAdmin],
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Permission::ManageUsers => "Only HR administrators can manage accounts.",
            Permission::ReadAuditLog => "Only HR administrators can read the audit log.",
        }
    }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role) -> Viewer {
        Viewer {
            user_id: Uuid::now_v7(),
            role,
        }
    }

    #[test]
    fn only_hr_manages_users_and_reads_the_audit_log() {
        for permission in [Permission::ManageUsers, Permission::ReadAuditLog] {
            assert!(viewer(Role::HrAdmin).require(permission).is_ok());
            for role in [Role::Manager, Role::UnionRep, Role::Staff] {
                let err = viewer(role).require(permission).unwrap_err();
                assert_eq!(err.code(), "FORBIDDEN");
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
}
