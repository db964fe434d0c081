//! Ring fences: who competes for which posts, and why each person is in the pool.
//!
//! A ring fence limits who may apply for a post of the new structure to the holders of
//! particular current posts (ACAS, "Managing staff redundancies"; the pack's 60% rule). Who is
//! in a pool is a selection decision an employment tribunal reads closely when unfair
//! selection is argued (Capita Hartshead v Byard [2012] ICR 1256: a pool must be one a
//! reasonable employer could adopt, and be seen to be thought through): a member who holds
//! none of the pool's current posts is there only with HR's reason, kept beside them.
//!
//! A resource pool is the other kind: people given priority for redeployment to suitable
//! vacancies outside the structure (s141 ERA 1996 suitable alternative employment). It may
//! fill no post of the structure, and people join it as their selection ends, so it takes
//! members after the decision too.

use super::{DomainError, proposal::ProposalStatus, structure, text};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What a pool is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RingFenceKind {
    /// Holders of current posts compete for posts of the proposed structure.
    RingFence,
    /// Priority for redeployment to vacancies outside the structure.
    ResourcePool,
}

impl RingFenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RingFence => "RING_FENCE",
            Self::ResourcePool => "RESOURCE_POOL",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::RingFence, Self::ResourcePool]
            .into_iter()
            .find(|k| k.as_str() == value)
    }
}

/// One member of a pool, with HR's reason when they hold none of its current posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub employee_id: Uuid,
    pub reason: Option<String>,
}

/// HR's reason for including someone: one paragraph at most.
pub fn reason(raw: &str, field: &str) -> Result<String, DomainError> {
    text::required_line(raw, field, "the reason", 2000)
}

/// What the rules need of an employee named as a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    pub employee_number: String,
    /// The current posts they hold.
    pub holds: Vec<Uuid>,
}

/// Checks the shape of a pool: a ring fence fills at least one post of the proposed
/// structure; a resource pool may fill none (its vacancies are outside the structure).
pub fn check_posts(kind: RingFenceKind, to_posts: &[Uuid], field: &str) -> Result<(), DomainError> {
    if kind == RingFenceKind::RingFence && to_posts.is_empty() {
        return Err(DomainError::bad_input(
            field,
            "A ring fence is for posts of the proposed structure: name at least one. For redeployment to vacancies outside the structure, make it a resource pool.",
        ));
    }
    Ok(())
}

/// Checks each member holds one of the pool's current posts or comes with HR's reason; and
/// that nobody is named twice. `field(i)` is the input path of member `i`, `candidates` the
/// members as the store found them (every member is one: unknown ids are refused before).
pub fn check_members(
    members: &[Member],
    from_posts: &[Uuid],
    candidates: &HashMap<Uuid, Candidate>,
    field: impl Fn(usize) -> String,
) -> Result<(), DomainError> {
    let mut seen = HashSet::new();
    for (i, member) in members.iter().enumerate() {
        let Some(person) = candidates.get(&member.employee_id) else {
            return Err(DomainError::unknown_id(
                field(i),
                "an employee of this proposal",
            ));
        };
        if !seen.insert(member.employee_id) {
            return Err(DomainError::bad_input(
                field(i),
                format!(
                    "{} ({}) is named twice; name each member once.",
                    person.name, person.employee_number
                ),
            ));
        }
        let holds_a_from_post = person.holds.iter().any(|p| from_posts.contains(p));
        if !holds_a_from_post && member.reason.is_none() {
            return Err(DomainError::bad_input(
                field(i),
                format!(
                    "{} ({}) holds none of the pool's current posts: give the reason they are in it, or leave them out.",
                    person.name, person.employee_number
                ),
            ));
        }
    }
    Ok(())
}

/// Adds `added` to a pool's `members`: someone already in it is named at `field(i)` rather
/// than added twice.
pub fn add_members(
    members: &mut Vec<Member>,
    added: Vec<Member>,
    field: impl Fn(usize) -> String,
) -> Result<(), DomainError> {
    for (i, member) in added.into_iter().enumerate() {
        if members.iter().any(|m| m.employee_id == member.employee_id) {
            return Err(DomainError::bad_input(
                field(i),
                "They are already in the pool.",
            ));
        }
        members.push(member);
    }
    Ok(())
}

/// A change to a pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Its name, rule, posts or members.
    Edit,
    /// Removing it.
    Remove,
    /// Adding members, nothing else.
    AddMembers,
}

/// A pool is part of the structure: it changes, and is removed, until the decision, as the
/// structure does. A resource pool still takes members after it, while the dismissals are
/// being carried out: redeployment goes on through the notice period.
pub fn check_changeable(
    status: ProposalStatus,
    kind: RingFenceKind,
    change: Change,
) -> Result<(), DomainError> {
    let after_decision = kind == RingFenceKind::ResourcePool
        && change == Change::AddMembers
        && matches!(
            status,
            ProposalStatus::Decided | ProposalStatus::Implementing
        );
    if after_decision {
        return Ok(());
    }
    structure::check_structure_editable(status).map_err(|_| DomainError::PreconditionFailed {
        message: match (kind, change) {
            (RingFenceKind::ResourcePool, Change::AddMembers) => format!(
                "The proposal is {}: its resource pools take no more members.",
                status.describe()
            ),
            _ => format!(
                "The proposal is {}: its ring fences can no longer change.",
                status.describe()
            ),
        },
        missing: vec![],
    })
}

/// How many posts a pool fills: the proposed headcount of its posts of the new structure.
pub fn posts_to_fill(to_posts: &[Uuid], lines: &[structure::PostLine]) -> u32 {
    lines
        .iter()
        .filter(|l| to_posts.contains(&l.id))
        .filter_map(|l| l.proposed.as_ref())
        .map(|s| s.headcount)
        .sum()
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_member_is_added_once() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let member = |id| Member {
            employee_id: id,
            reason: None,
        };
        let mut members = vec![member(a)];
        add_members(&mut members, vec![member(b)], |i| format!("f[{i}]")).unwrap();
        assert_eq!(members.len(), 2);
        let twice = add_members(&mut members, vec![member(a)], |i| format!("f[{i}]"));
        assert!(matches!(twice, Err(DomainError::BadInput { ref field, .. }) if field == "f[0]"));
    }
    use super::*;
    use crate::domain::structure::{Fte, PostLine, PostSide};

    fn candidate(name: &str, holds: &[Uuid]) -> Candidate {
        Candidate {
            name: name.into(),
            employee_number: format!("E{}", name.len()),
            holds: holds.to_vec(),
        }
    }

    fn field(i: usize) -> String {
        format!("input.memberIds[{i}]")
    }

    // Capita Hartshead v Byard [2012] ICR 1256: the pool is the employer's to choose, but a
    // choice that cannot be explained is unfair; so a member outside the pool's posts needs
    // the reason kept.
    #[test]
    fn a_member_holds_a_pool_post_or_comes_with_a_reason_capita_v_byard() {
        let caseworker = Uuid::now_v7();
        let admin = Uuid::now_v7();
        let (alex, sam) = (Uuid::now_v7(), Uuid::now_v7());
        let people = HashMap::from([
            (alex, candidate("Alex Holder", &[caseworker])),
            (sam, candidate("Sam Other", &[admin])),
        ]);
        let plain = |id| Member {
            employee_id: id,
            reason: None,
        };
        assert_eq!(
            check_members(&[plain(alex)], &[caseworker], &people, field),
            Ok(())
        );
        let err =
            check_members(&[plain(alex), plain(sam)], &[caseworker], &people, field).unwrap_err();
        assert!(
            matches!(&err, DomainError::BadInput { field, message }
                if field == "input.memberIds[1]" && message.contains("Sam Other")),
            "{err:?}"
        );
        let with_reason = Member {
            employee_id: sam,
            reason: Some("Acting up as a caseworker since March".into()),
        };
        assert_eq!(
            check_members(&[plain(alex), with_reason], &[caseworker], &people, field),
            Ok(())
        );
    }

    #[test]
    fn a_member_is_named_once_and_must_be_an_employee_of_the_proposal() {
        let post = Uuid::now_v7();
        let alex = Uuid::now_v7();
        let people = HashMap::from([(alex, candidate("Alex", &[post]))]);
        let member = Member {
            employee_id: alex,
            reason: None,
        };
        let err = check_members(&[member.clone(), member], &[post], &people, field).unwrap_err();
        assert_eq!(err.code(), "BAD_USER_INPUT");
        let stranger = Member {
            employee_id: Uuid::now_v7(),
            reason: Some("x".into()),
        };
        let err = check_members(&[stranger], &[post], &people, field).unwrap_err();
        assert!(
            matches!(&err, DomainError::UnknownId { field, .. } if field == "input.memberIds[0]"),
            "{err:?}"
        );
    }

    #[test]
    fn a_ring_fence_fills_posts_and_a_resource_pool_may_fill_none() {
        assert!(check_posts(RingFenceKind::RingFence, &[], "input.toPostIds").is_err());
        assert!(check_posts(RingFenceKind::RingFence, &[Uuid::now_v7()], "f").is_ok());
        assert!(check_posts(RingFenceKind::ResourcePool, &[], "f").is_ok());
    }

    #[test]
    fn pools_change_until_the_decision_and_resource_pools_take_members_after_it() {
        use Change::*;
        use RingFenceKind::*;
        for status in [
            ProposalStatus::Draft,
            ProposalStatus::Consulting,
            ProposalStatus::ConsultationClosed,
        ] {
            for kind in [RingFence, ResourcePool] {
                for change in [Edit, Remove, AddMembers] {
                    assert_eq!(check_changeable(status, kind, change), Ok(()));
                }
            }
        }
        for status in [ProposalStatus::Decided, ProposalStatus::Implementing] {
            assert_eq!(check_changeable(status, ResourcePool, AddMembers), Ok(()));
            for (kind, change) in [
                (RingFence, AddMembers),
                (RingFence, Edit),
                (RingFence, Remove),
                (ResourcePool, Edit),
                (ResourcePool, Remove),
            ] {
                assert_eq!(
                    check_changeable(status, kind, change).unwrap_err().code(),
                    "PRECONDITION_FAILED",
                    "{status:?} {kind:?} {change:?}"
                );
            }
        }
        for status in [ProposalStatus::Completed, ProposalStatus::Withdrawn] {
            assert!(check_changeable(status, ResourcePool, AddMembers).is_err());
        }
    }

    #[test]
    fn a_pool_fills_the_proposed_headcount_of_its_posts() {
        let side = |headcount| PostSide {
            grade: "G9".into(),
            fte: Fte::from_hundredths(100 * headcount),
            headcount,
            reports_to: None,
            jd_version_id: None,
        };
        let line = |current: Option<PostSide>, proposed: Option<PostSide>| PostLine {
            id: Uuid::now_v7(),
            title: "Caseworker".into(),
            in_scope: true,
            current,
            proposed,
        };
        let caseworkers = line(Some(side(4)), Some(side(7)));
        let senior = line(Some(side(3)), Some(side(1)));
        let other = line(None, Some(side(2)));
        let lines = [caseworkers.clone(), senior.clone(), other];
        assert_eq!(posts_to_fill(&[caseworkers.id], &lines), 7);
        assert_eq!(posts_to_fill(&[caseworkers.id, senior.id], &lines), 8);
        assert_eq!(posts_to_fill(&[], &lines), 0);
    }
}
