//! What the audit log records. The log is the evidence a tribunal asks for: every change,
//! who made it, when, and the state before and after.

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
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::UserCreated => "user.created",
        }
    }

    /// The kind of entity the action changes.
    pub fn entity_type(self) -> &'static str {
        match self {
            AuditAction::UserCreated => "user",
        }
    }
}
