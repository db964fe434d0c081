//! Post holders and what the proposal means for them. docs/design.md, "Employees and impact".

use super::{DomainError, structure::Fte, text};
use std::collections::HashMap;
use uuid::Uuid;

/// What a proposal means for one employee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Impact {
    NotAffected,
    Affected,
    AtRisk,
    SlotIn,
    RingFenced,
    RedeploymentPool,
    Selected,
    NotSelected,
    Redundant,
    /// To be dismissed and offered re-engagement on new terms ("fire and rehire"): a
    /// dismissal s195(1) counts (GMB v Man Truck & Bus UK Ltd [2000] ICR 1101).
    DismissAndReengage,
}

impl Impact {
    pub const ALL: [Impact; 10] = [
        Self::NotAffected,
        Self::Affected,
        Self::AtRisk,
        Self::SlotIn,
        Self::RingFenced,
        Self::RedeploymentPool,
        Self::Selected,
        Self::NotSelected,
        Self::Redundant,
        Self::DismissAndReengage,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotAffected => "NOT_AFFECTED",
            Self::Affected => "AFFECTED",
            Self::AtRisk => "AT_RISK",
            Self::SlotIn => "SLOT_IN",
            Self::RingFenced => "RING_FENCED",
            Self::RedeploymentPool => "REDEPLOYMENT_POOL",
            Self::Selected => "SELECTED",
            Self::NotSelected => "NOT_SELECTED",
            Self::Redundant => "REDUNDANT",
            Self::DismissAndReengage => "DISMISS_AND_REENGAGE",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.as_str() == value)
    }

    /// Anything but "not affected": the pack's "directly affected" count.
    pub fn is_directly_affected(self) -> bool {
        self != Self::NotAffected
    }

    /// Their post changes so that they must be placed again (slot-in, ring fence,
    /// selection, redeployment): the pack's "potentially displaced" count.
    pub fn is_displaced(self) -> bool {
        !matches!(self, Self::NotAffected | Self::Affected)
    }

    /// Not (yet) placed in a post: those the employer proposes may be dismissed as
    /// redundant, the number s188 counts. Slotted-in and selected people are placed.
    /// Dismissal with an offer of re-engagement is a dismissal too (s195(1)).
    pub fn is_proposed_dismissal(self) -> bool {
        matches!(
            self,
            Self::AtRisk
                | Self::RingFenced
                | Self::RedeploymentPool
                | Self::NotSelected
                | Self::Redundant
                | Self::DismissAndReengage
        )
    }
}

/// Whether an employee counts as a proposed dismissal. A volunteer for redundancy is still
/// dismissed by reason of redundancy (s195(1); Burton, Allton & Johnson Ltd v Peck [1975]
/// IRLR 87). Unsure: an early retirement truly agreed by both sides may not be a dismissal
/// (Birch v University of Liverpool [1985] ICR 470); Consult counts every volunteer, the reading
/// that cannot under-count. This holds whatever their post's impact, including one
/// "bumped" from a post not at risk so that an at-risk colleague can move into it. The
/// colleague is then placed (slot-in or selected) and no longer counted, so bumping changes
/// who is dismissed, not how many; each person counts once.
pub fn is_counted_dismissal(impact: Impact, volunteer: bool) -> bool {
    volunteer || impact.is_proposed_dismissal()
}

/// An employee's identifying details, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployeeDetails {
    pub employee_number: String,
    pub name: String,
    pub work_email: String,
}

impl EmployeeDetails {
    pub fn parse(
        employee_number: &str,
        name: &str,
        work_email: &str,
        prefix: &str,
    ) -> Result<Self, DomainError> {
        let number = text::required_line(
            employee_number,
            &format!("{prefix}.employeeNumber"),
            "the employee number",
            50,
        )?;
        Ok(Self {
            employee_number: number,
            name: text::required_line(
                name,
                &format!("{prefix}.name"),
                "the employee's name",
                text::SHORT_MAX_CHARS,
            )?,
            work_email: super::account::EmailAddress::parse(
                work_email,
                &format!("{prefix}.workEmail"),
            )?
            .as_str()
            .to_owned(),
        })
    }
}

/// One post an employee holds, and for how much of their time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holding {
    pub post_id: Uuid,
    pub fte: Fte,
}

/// Checks an employee's holdings: at most 1.0 FTE in all, each in a current post of the
/// proposal, and no post held beyond its FTE once the others' holdings are counted.
/// `post_fte` gives each current post's FTE; `others_in_post` what other employees hold.
pub fn check_holdings(
    holdings: &[Holding],
    post_fte: &HashMap<Uuid, (String, Fte)>,
    others_in_post: &HashMap<Uuid, Fte>,
    field: &str,
) -> Result<(), DomainError> {
    let total: u32 = holdings.iter().map(|h| h.fte.hundredths()).sum();
    if total > Fte::ONE.hundredths() {
        return Err(DomainError::bad_input(
            field,
            format!(
                "One employee can hold at most 1.0 FTE in all; these posts add up to {}.",
                Fte::from_hundredths(total).as_f64()
            ),
        ));
    }
    for (i, holding) in holdings.iter().enumerate() {
        let Some((title, capacity)) = post_fte.get(&holding.post_id) else {
            // An id of another kind or proposal is never a holding (a post of this
            // proposal with no current side is none either).
            return Err(DomainError::unknown_id(
                format!("{field}[{i}].postId"),
                "a post of this proposal's current structure",
            ));
        };
        if holdings
            .iter()
            .filter(|h| h.post_id == holding.post_id)
            .count()
            > 1
        {
            return Err(DomainError::bad_input(
                format!("{field}[{i}].postId"),
                format!("\"{title}\" is listed twice."),
            ));
        }
        let held = others_in_post
            .get(&holding.post_id)
            .map_or(0, |f| f.hundredths())
            + holding.fte.hundredths();
        if held > capacity.hundredths() {
            return Err(DomainError::bad_input(
                format!("{field}[{i}].fte"),
                format!(
                    "\"{title}\" is {} FTE, and its holders would then hold {}.",
                    capacity.as_f64(),
                    Fte::from_hundredths(held).as_f64()
                ),
            ));
        }
    }
    Ok(())
}

/// A slot-in match percentage.
pub fn match_percent(value: i32, field: &str) -> Result<u8, DomainError> {
    if !(0..=100).contains(&value) {
        return Err(DomainError::bad_input(
            field,
            "A match is a percentage between 0 and 100.",
        ));
    }
    Ok(value as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counts_follow_the_impact() {
        assert!(!Impact::NotAffected.is_directly_affected());
        assert!(Impact::Affected.is_directly_affected() && !Impact::Affected.is_displaced());
        assert!(Impact::SlotIn.is_displaced() && !Impact::SlotIn.is_proposed_dismissal());
        assert!(Impact::RingFenced.is_proposed_dismissal());
        for impact in Impact::ALL {
            assert_eq!(Impact::parse(impact.as_str()), Some(impact));
        }
    }

    #[test]
    fn s195_dismissal_and_reengagement_is_a_proposed_dismissal() {
        assert!(Impact::DismissAndReengage.is_proposed_dismissal());
        assert!(Impact::DismissAndReengage.is_directly_affected());
    }

    #[test]
    fn s195_a_volunteer_counts_once_and_a_bumped_colleague_not_at_all() {
        // A volunteer from a post not at risk is dismissed by reason of redundancy.
        assert!(is_counted_dismissal(Impact::NotAffected, true));
        // An at-risk volunteer is one dismissal, not two.
        assert!(is_counted_dismissal(Impact::AtRisk, true));
        // The at-risk colleague who moves into the volunteer's post is placed.
        assert!(!is_counted_dismissal(Impact::SlotIn, false));
        let people = [
            (Impact::NotAffected, true),
            (Impact::SlotIn, false),
            (Impact::AtRisk, true),
        ];
        let counted = people
            .iter()
            .filter(|(impact, volunteer)| is_counted_dismissal(*impact, *volunteer))
            .count();
        assert_eq!(counted, 2);
    }

    #[test]
    fn holdings_are_bounded_by_one_fte_and_by_the_posts() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let posts = HashMap::from([
            (a, ("Caseworker".to_owned(), Fte::from_hundredths(400))),
            (b, ("Admin".to_owned(), Fte::from_hundredths(50))),
        ]);
        let hold = |post_id, h| Holding {
            post_id,
            fte: Fte::from_hundredths(h),
        };
        assert!(check_holdings(&[hold(a, 60), hold(b, 40)], &posts, &HashMap::new(), "h").is_ok());
        let over = check_holdings(
            &[hold(a, 60), hold(b, 50)],
            &posts,
            &HashMap::new(),
            "input.holdings",
        )
        .unwrap_err();
        assert!(
            matches!(over, DomainError::BadInput { ref field, .. } if field == "input.holdings")
        );
        let full = HashMap::from([(b, Fte::from_hundredths(20))]);
        assert!(check_holdings(&[hold(b, 40)], &posts, &full, "h").is_err());
        // An id that is no current post of the proposal (an employee's, another proposal's
        // post) is NOT_FOUND at its field, not a holding of nothing.
        let unknown =
            check_holdings(&[hold(Uuid::now_v7(), 40)], &posts, &HashMap::new(), "h").unwrap_err();
        assert!(
            matches!(unknown, DomainError::UnknownId { ref field, .. } if field == "h[0].postId"),
            "{unknown:?}"
        );
        assert!(check_holdings(&[hold(a, 30), hold(a, 30)], &posts, &HashMap::new(), "h").is_err());
    }

    #[test]
    fn employee_details_are_validated() {
        let ok = EmployeeDetails::parse(" E1 ", "Jo Bloggs", "JO@bury.example", "input").unwrap();
        assert_eq!(
            (ok.employee_number.as_str(), ok.work_email.as_str()),
            ("E1", "jo@bury.example")
        );
        assert!(EmployeeDetails::parse("", "Jo", "jo@bury.example", "input").is_err());
        assert!(EmployeeDetails::parse("E1", "Jo", "nope", "input").is_err());
    }
}
