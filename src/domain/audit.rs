//! What the audit log records. The log is the evidence a tribunal asks for: every change,
//! who made it, when, and the state before and after.

use super::proposal::Transition;
use uuid::Uuid;

/// Who made a change: a signed-in person, or the system itself (a command-line
/// operation, the email worker) named by a fixed label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditActor {
    User(Uuid),
    System(&'static str),
}

impl AuditActor {
    /// The command-line tool run by an operator on the server.
    pub const CLI: AuditActor = AuditActor::System("command line");

    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            AuditActor::User(id) => Some(*id),
            AuditActor::System(_) => None,
        }
    }

    pub fn system_label(&self) -> Option<&'static str> {
        match self {
            AuditActor::User(_) => None,
            AuditActor::System(label) => Some(label),
        }
    }
}

/// The kinds of change recorded. The stored spelling is stable: reports and exports
/// filter on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    UserCreated,
    ProposalCreated,
    ProposalUpdated,
    ProposalSharedWithUnions,
    ProposalTransition(Transition),
    PayScaleSet,
    PostCreated,
    PostUpdated,
    PostDeleted,
    EmployeeCreated,
    EmployeeUpdated,
    RingFenceCreated,
    StructureImported,
    JobDescriptionCreated,
    JobDescriptionVersionAdded,
    DutyCommented,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::UserCreated => "user.created",
            AuditAction::ProposalCreated => "proposal.created",
            AuditAction::ProposalUpdated => "proposal.updated",
            AuditAction::ProposalSharedWithUnions => "proposal.shared_with_unions",
            AuditAction::ProposalTransition(transition) => transition.audit_name(),
            AuditAction::PayScaleSet => "pay_scale.set",
            AuditAction::PostCreated => "post.created",
            AuditAction::PostUpdated => "post.updated",
            AuditAction::PostDeleted => "post.deleted",
            AuditAction::EmployeeCreated => "employee.created",
            AuditAction::EmployeeUpdated => "employee.updated",
            AuditAction::RingFenceCreated => "ring_fence.created",
            AuditAction::StructureImported => "proposal.structure_imported",
            AuditAction::JobDescriptionCreated => "job_description.created",
            AuditAction::JobDescriptionVersionAdded => "job_description.version_added",
            AuditAction::DutyCommented => "job_description.duty_commented",
        }
    }

    /// The kind of entity the action changes.
    pub fn entity_type(self) -> &'static str {
        match self {
            AuditAction::UserCreated => "user",
            AuditAction::ProposalCreated
            | AuditAction::ProposalUpdated
            | AuditAction::ProposalSharedWithUnions
            | AuditAction::ProposalTransition(_)
            | AuditAction::StructureImported => "proposal",
            AuditAction::PayScaleSet => "pay_scale",
            AuditAction::PostCreated | AuditAction::PostUpdated | AuditAction::PostDeleted => {
                "post"
            }
            AuditAction::EmployeeCreated | AuditAction::EmployeeUpdated => "employee",
            AuditAction::RingFenceCreated => "ring_fence",
            AuditAction::JobDescriptionCreated
            | AuditAction::JobDescriptionVersionAdded
            | AuditAction::DutyCommented => "job_description",
        }
    }
}
