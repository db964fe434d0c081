//! The establishment before and after: post lines, their derived actions, reporting lines,
//! costs from pay scales, and the counts HR reports. docs/design.md, "Structure".
//!
//! A post line is one row of the pack's "list of all jobs": the post as it is (current
//! side) and as proposed (proposed side). No current side means a new post; no proposed
//! side means the post is deleted. Actions are derived from the two sides, never typed.

use super::{DomainError, employee::Impact, text};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Full-time equivalent in hundredths (1.9 FTE = 190), so sums are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fte(u32);

impl Fte {
    pub const ONE: Fte = Fte(100);

    /// The largest FTE one post line may have: far beyond any real team.
    pub const MAX_POST: Fte = Fte(100_000);

    /// Parses a decimal FTE with at most two decimal places, above zero and at most `max`.
    pub fn parse(value: f64, max: Fte, field: &str) -> Result<Fte, DomainError> {
        let hundredths = (value * 100.0).round();
        if !value.is_finite() || value <= 0.0 {
            return Err(DomainError::bad_input(
                field,
                "FTE must be more than 0, for example 1.0 or 0.6.",
            ));
        }
        if (value * 100.0 - hundredths).abs() > 1e-6 {
            return Err(DomainError::bad_input(
                field,
                "FTE can have at most two decimal places, for example 0.75.",
            ));
        }
        if hundredths > f64::from(max.0) {
            return Err(DomainError::bad_input(
                field,
                format!("FTE can be at most {}.", max.as_f64()),
            ));
        }
        Ok(Fte(hundredths as u32))
    }

    pub fn from_hundredths(hundredths: u32) -> Fte {
        Fte(hundredths)
    }

    pub fn hundredths(self) -> u32 {
        self.0
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

/// Money in pence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pence(pub i64);

impl Pence {
    /// The largest annual cost of one grade: £10m, far above any salary.
    pub const MAX_ANNUAL: Pence = Pence(1_000_000_000);

    /// Parses a decimal amount of pounds ("41000", "41000.50") into pence.
    pub fn parse_pounds(raw: &str, field: &str) -> Result<Pence, DomainError> {
        let invalid = || {
            DomainError::bad_input(
                field,
                format!(
                    "\"{raw}\" is not an amount of money; write pounds like 41000 or 41000.50."
                ),
            )
        };
        let value = raw.trim().trim_start_matches('£').replace(',', "");
        let (pounds, pence) = value.split_once('.').unwrap_or((&value, "0"));
        if pounds.is_empty()
            || !pounds.chars().all(|c| c.is_ascii_digit())
            || pence.len() > 2
            || !pence.chars().all(|c| c.is_ascii_digit())
        {
            return Err(invalid());
        }
        let pounds: i64 = pounds.parse().map_err(|_| invalid())?;
        let pence: i64 = format!("{pence:0<2}").parse().map_err(|_| invalid())?;
        let total = pounds
            .checked_mul(100)
            .and_then(|p| p.checked_add(pence))
            .ok_or_else(invalid)?;
        if total > Self::MAX_ANNUAL.0 {
            return Err(DomainError::bad_input(
                field,
                "That is more than any grade could cost; check the amount.",
            ));
        }
        Ok(Pence(total))
    }

    /// "633036.00": pounds with two decimals, the API's money format.
    pub fn to_pounds_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", self.0.abs() / 100, self.0.abs() % 100)
    }

    /// The cost of `fte` at an annual cost, rounded to the penny.
    pub fn for_fte(annual: Pence, fte: Fte) -> Pence {
        Pence((annual.0 * i64::from(fte.0) + 50) / 100)
    }
}

/// A grade on the council's pay scales ("Grade 9", "Soulbury EP").
pub fn grade(raw: &str, field: &str) -> Result<String, DomainError> {
    text::required_line(raw, field, "the grade", 50)
}

/// The number of posts on a side.
pub fn headcount(value: i32, field: &str) -> Result<u32, DomainError> {
    if !(1..=10_000).contains(&value) {
        return Err(DomainError::bad_input(
            field,
            "The number of posts must be between 1 and 10000.",
        ));
    }
    Ok(value as u32)
}

/// One side (current or proposed) of a post line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostSide {
    pub grade: String,
    pub fte: Fte,
    pub headcount: u32,
    pub reports_to: Option<Uuid>,
    pub jd_version_id: Option<Uuid>,
}

/// A post line as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostLine {
    pub id: Uuid,
    pub title: String,
    /// Out-of-scope lines (a manager above the team) are drawn but not costed or counted.
    pub in_scope: bool,
    pub current: Option<PostSide>,
    pub proposed: Option<PostSide>,
}

/// What happens to a post line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PostAction {
    Unchanged,
    Deleted,
    Reduced,
    Increased,
    Revised,
    LineManagementChange,
    New,
}

/// Which side of the structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Current,
    Proposed,
}

impl PostLine {
    pub fn side(&self, side: Side) -> Option<&PostSide> {
        match side {
            Side::Current => self.current.as_ref(),
            Side::Proposed => self.proposed.as_ref(),
        }
    }

    /// The actions, derived from the two sides (a post may be both reduced and revised).
    pub fn actions(&self) -> Vec<PostAction> {
        let (current, proposed) = match (&self.current, &self.proposed) {
            (None, _) => return vec![PostAction::New],
            (Some(_), None) => return vec![PostAction::Deleted],
            (Some(c), Some(p)) => (c, p),
        };
        let mut actions = Vec::new();
        if proposed.fte < current.fte || proposed.headcount < current.headcount {
            actions.push(PostAction::Reduced);
        } else if proposed.fte > current.fte || proposed.headcount > current.headcount {
            actions.push(PostAction::Increased);
        }
        if proposed.grade != current.grade || proposed.jd_version_id != current.jd_version_id {
            actions.push(PostAction::Revised);
        }
        if proposed.reports_to != current.reports_to {
            actions.push(PostAction::LineManagementChange);
        }
        if actions.is_empty() {
            actions.push(PostAction::Unchanged);
        }
        actions
    }
}

/// Checks every reporting line of both sides: it names a post line with that side, not
/// itself, and following the lines upwards never comes back (no cycles).
pub fn check_reporting_lines(lines: &[PostLine]) -> Result<(), DomainError> {
    for side in [Side::Current, Side::Proposed] {
        let side_name = match side {
            Side::Current => "current",
            Side::Proposed => "proposed",
        };
        let field = format!("input.{side_name}.reportsToId");
        let parent: HashMap<Uuid, Option<Uuid>> = lines
            .iter()
            .filter_map(|l| l.side(side).map(|s| (l.id, s.reports_to)))
            .collect();
        let titles: HashMap<Uuid, &str> = lines.iter().map(|l| (l.id, l.title.as_str())).collect();
        // Self and unknown references first: their messages are the most precise.
        for line in lines {
            let Some(Some(manager)) = line.side(side).map(|s| s.reports_to) else {
                continue;
            };
            if manager == line.id {
                return Err(DomainError::bad_input(
                    &field,
                    format!("\"{}\" cannot report to itself.", line.title),
                ));
            }
            if !titles.contains_key(&manager) {
                return Err(DomainError::unknown_id(&field, "a post of this proposal"));
            }
            if !parent.contains_key(&manager) {
                return Err(DomainError::bad_input(
                    &field,
                    format!(
                        "\"{}\" reports to a post that is not in the {side_name} structure.",
                        line.title
                    ),
                ));
            }
        }
        // Self and unknown references are reported above; now follow each line upwards.
        for line in lines {
            let Some(Some(manager)) = line.side(side).map(|s| s.reports_to) else {
                continue;
            };
            let mut seen = HashSet::from([line.id]);
            let mut next = Some(manager);
            while let Some(id) = next {
                if !seen.insert(id) {
                    return Err(DomainError::bad_input(
                        &field,
                        format!(
                            "\"{}\" would report to \"{}\", which already reports (in the end) to it: reporting lines cannot go round in a circle.",
                            line.title,
                            titles.get(&manager).copied().unwrap_or("?")
                        ),
                    ));
                }
                next = parent.get(&id).copied().flatten();
            }
        }
    }
    Ok(())
}

/// The cost of the structure before and after, and the saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Costs {
    pub before: Pence,
    pub after: Pence,
}

impl Costs {
    pub fn saving(self) -> Pence {
        Pence(self.before.0 - self.after.0)
    }
}

/// The cost of one side of a line; `None` when its grade has no pay scale.
pub fn side_cost(side: &PostSide, pay_scales: &HashMap<String, Pence>) -> Option<Pence> {
    pay_scales
        .get(&side.grade)
        .map(|annual| Pence::for_fte(*annual, side.fte))
}

/// Costs from posts × pay scales, over in-scope lines. A grade without a pay scale is
/// refused when the post is saved, so here it only counts as zero.
pub fn costs(lines: &[PostLine], pay_scales: &HashMap<String, Pence>) -> Costs {
    let total = |side: Side| {
        Pence(
            lines
                .iter()
                .filter(|l| l.in_scope)
                .filter_map(|l| l.side(side))
                .filter_map(|s| side_cost(s, pay_scales))
                .map(|p| p.0)
                .sum(),
        )
    };
    Costs {
        before: total(Side::Current),
        after: total(Side::Proposed),
    }
}

/// One box of an org chart, in depth-first order so a list of them draws as a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartNode {
    pub line_id: Uuid,
    pub parent: Option<Uuid>,
    pub depth: u32,
}

/// The reporting lines of one side as a depth-first list: roots in line order, each
/// followed by its reports (in line order). Lines must be valid (`check_reporting_lines`).
pub fn org_chart(lines: &[PostLine], side: Side) -> Vec<ChartNode> {
    let present: Vec<&PostLine> = lines.iter().filter(|l| l.side(side).is_some()).collect();
    let ids: HashSet<Uuid> = present.iter().map(|l| l.id).collect();
    let parent_of = |l: &PostLine| {
        l.side(side)
            .and_then(|s| s.reports_to)
            .filter(|p| ids.contains(p))
    };
    let mut children: HashMap<Option<Uuid>, Vec<Uuid>> = HashMap::new();
    for line in &present {
        children.entry(parent_of(line)).or_default().push(line.id);
    }
    let mut out = Vec::with_capacity(present.len());
    let mut stack: Vec<(Uuid, Option<Uuid>, u32)> = children
        .get(&None)
        .into_iter()
        .flatten()
        .rev()
        .map(|id| (*id, None, 0))
        .collect();
    let mut visited = HashSet::new();
    while let Some((id, parent, depth)) = stack.pop() {
        if !visited.insert(id) {
            continue;
        }
        out.push(ChartNode {
            line_id: id,
            parent,
            depth,
        });
        for child in children.get(&Some(id)).into_iter().flatten().rev() {
            stack.push((*child, Some(id), depth + 1));
        }
    }
    out
}

/// A proposal's structure (posts, people, ring fences, JDs) can change until it is decided.
pub fn check_structure_editable(
    status: super::proposal::ProposalStatus,
) -> Result<(), super::DomainError> {
    use super::proposal::ProposalStatus;
    if matches!(
        status,
        ProposalStatus::Decided
            | ProposalStatus::Implementing
            | ProposalStatus::Completed
            | ProposalStatus::Withdrawn
    ) {
        return Err(super::DomainError::PreconditionFailed {
            message: format!(
                "The proposal is {}: its structure can no longer change.",
                status.describe()
            ),
            missing: vec![],
        });
    }
    Ok(())
}

/// The numbers a consultation pack reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub directly_affected: u32,
    pub potentially_displaced: u32,
    pub new_posts_created: u32,
    pub proposed_dismissals: u32,
}

/// How many of a proposal's employees have each impact: all the counts need of its people
/// (the store counts it in SQL, `store::structure::impact_tally`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImpactTally {
    impacts: Vec<(Impact, u32)>,
    /// Volunteers whose impact is not itself a dismissal (e.g. "bumped" from a post not at
    /// risk): they are dismissed all the same.
    other_volunteers: u32,
}

impl ImpactTally {
    /// Adds `employees` more with `impact`.
    pub fn add(&mut self, impact: Impact, employees: u32) {
        self.add_people(impact, false, employees);
    }

    /// Adds `employees` more with `impact`, volunteers for redundancy or not.
    pub fn add_people(&mut self, impact: Impact, volunteer: bool, employees: u32) {
        match self.impacts.iter_mut().find(|(i, _)| *i == impact) {
            Some((_, n)) => *n += employees,
            None => self.impacts.push((impact, employees)),
        }
        if volunteer && !impact.is_proposed_dismissal() {
            self.other_volunteers += employees;
        }
    }

    /// How many employees have an impact that `f` picks.
    pub fn count(&self, f: impl Fn(Impact) -> bool) -> u32 {
        self.impacts
            .iter()
            .filter(|(i, _)| f(*i))
            .map(|(_, n)| n)
            .sum()
    }

    /// Proposed dismissals: each person whose impact is one, and each other volunteer, once
    /// (`employee::is_counted_dismissal`).
    pub fn proposed_dismissals(&self) -> u32 {
        self.count(Impact::is_proposed_dismissal) + self.other_volunteers
    }
}

impl FromIterator<Impact> for ImpactTally {
    fn from_iter<I: IntoIterator<Item = Impact>>(impacts: I) -> Self {
        impacts.into_iter().map(|impact| (impact, false)).collect()
    }
}

impl FromIterator<(Impact, bool)> for ImpactTally {
    fn from_iter<I: IntoIterator<Item = (Impact, bool)>>(people: I) -> Self {
        let mut tally = ImpactTally::default();
        for (impact, volunteer) in people {
            tally.add_people(impact, volunteer, 1);
        }
        tally
    }
}

/// Counts from the lines and the impacts of the employees named in the proposal.
pub fn counts(lines: &[PostLine], impacts: &ImpactTally) -> Counts {
    let new_posts_created = lines
        .iter()
        .filter(|l| l.in_scope)
        .map(|l| {
            let before = l.current.as_ref().map_or(0, |s| s.headcount);
            let after = l.proposed.as_ref().map_or(0, |s| s.headcount);
            after.saturating_sub(before)
        })
        .sum();
    Counts {
        directly_affected: impacts.count(Impact::is_directly_affected),
        potentially_displaced: impacts.count(Impact::is_displaced),
        new_posts_created,
        proposed_dismissals: impacts.proposed_dismissals(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(grade: &str, fte: u32, headcount: u32, reports_to: Option<Uuid>) -> PostSide {
        PostSide {
            grade: grade.into(),
            fte: Fte(fte),
            headcount,
            reports_to,
            jd_version_id: None,
        }
    }

    fn line(title: &str, current: Option<PostSide>, proposed: Option<PostSide>) -> PostLine {
        PostLine {
            id: Uuid::now_v7(),
            title: title.into(),
            in_scope: true,
            current,
            proposed,
        }
    }

    #[test]
    fn fte_is_parsed_exactly_and_absurd_values_are_refused() {
        assert_eq!(
            Fte::parse(1.9, Fte::MAX_POST, "f").unwrap().hundredths(),
            190
        );
        assert_eq!(Fte::parse(0.6, Fte::ONE, "f").unwrap().hundredths(), 60);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 0.333, 1000.01] {
            assert_eq!(
                Fte::parse(bad, Fte::MAX_POST, "f").unwrap_err().code(),
                "BAD_USER_INPUT",
                "{bad}"
            );
        }
        assert!(Fte::parse(1.1, Fte::ONE, "f").is_err());
    }

    #[test]
    fn money_is_parsed_from_pounds_and_printed_back() {
        assert_eq!(Pence::parse_pounds("41000", "m").unwrap(), Pence(4_100_000));
        assert_eq!(
            Pence::parse_pounds("£41,000.5", "m").unwrap(),
            Pence(4_100_050)
        );
        assert_eq!(Pence(63_303_600).to_pounds_string(), "633036.00");
        assert_eq!(Pence(-318_600).to_pounds_string(), "-3186.00");
        for bad in ["", "abc", "1.234", "-5", "99999999999"] {
            assert!(Pence::parse_pounds(bad, "m").is_err(), "{bad}");
        }
    }

    #[test]
    fn actions_are_derived_from_the_two_sides() {
        let boss = Some(Uuid::now_v7());
        assert_eq!(
            line("New", None, Some(side("G16", 100, 1, None))).actions(),
            vec![PostAction::New]
        );
        assert_eq!(
            line("Gone", Some(side("SM1", 100, 1, None)), None).actions(),
            vec![PostAction::Deleted]
        );
        let senior = line(
            "Senior SEN Practitioner",
            Some(side("Grade 13", 300, 3, None)),
            Some(side("Grade 12", 100, 1, None)),
        );
        assert_eq!(
            senior.actions(),
            vec![PostAction::Reduced, PostAction::Revised]
        );
        let admin = line(
            "Admin",
            Some(side("Grade 4", 190, 2, None)),
            Some(side("Grade 4", 250, 3, None)),
        );
        assert_eq!(admin.actions(), vec![PostAction::Increased]);
        let ep = line(
            "EP",
            Some(side("EP", 100, 1, None)),
            Some(side("EP", 100, 1, boss)),
        );
        assert_eq!(ep.actions(), vec![PostAction::LineManagementChange]);
        let same = line(
            "Same",
            Some(side("G4", 100, 1, None)),
            Some(side("G4", 100, 1, None)),
        );
        assert_eq!(same.actions(), vec![PostAction::Unchanged]);
    }

    #[test]
    fn reporting_lines_cannot_point_to_self_elsewhere_or_in_a_circle() {
        let mut a = line("A", Some(side("G", 100, 1, None)), None);
        let mut b = line("B", Some(side("G", 100, 1, Some(a.id))), None);
        assert!(check_reporting_lines(&[a.clone(), b.clone()]).is_ok());

        a.current.as_mut().unwrap().reports_to = Some(b.id);
        let err = check_reporting_lines(&[a.clone(), b.clone()]).unwrap_err();
        assert!(err.message().contains("circle"), "{}", err.message());

        a.current.as_mut().unwrap().reports_to = Some(a.id);
        assert!(
            check_reporting_lines(&[a.clone()])
                .unwrap_err()
                .message()
                .contains("itself")
        );

        // B's proposed side reports to A, which has no proposed side.
        a.current.as_mut().unwrap().reports_to = None;
        b.proposed = Some(side("G", 100, 1, Some(a.id)));
        let err = check_reporting_lines(&[a.clone(), b.clone()]).unwrap_err();
        assert!(
            matches!(err, DomainError::BadInput { ref field, .. } if field == "input.proposed.reportsToId")
        );

        // An id that is no post of the proposal at all (an employee's, another proposal's
        // post) is NOT_FOUND at the field.
        b.proposed = Some(side("G", 100, 1, Some(Uuid::now_v7())));
        let err = check_reporting_lines(&[a, b]).unwrap_err();
        assert!(
            matches!(err, DomainError::UnknownId { ref field, .. } if field == "input.proposed.reportsToId"),
            "{err:?}"
        );
    }

    #[test]
    fn costs_are_fte_times_pay_scale_over_in_scope_lines() {
        let scales = HashMap::from([
            ("Grade 4".to_owned(), Pence(2_400_000)),
            ("Grade 9".to_owned(), Pence(4_100_000)),
        ]);
        let mut lead = line(
            "Lead",
            Some(side("Grade 9", 100, 1, None)),
            Some(side("Grade 9", 100, 1, None)),
        );
        lead.in_scope = false;
        let lines = [
            line(
                "Admin",
                Some(side("Grade 4", 190, 2, None)),
                Some(side("Grade 4", 250, 3, None)),
            ),
            line(
                "Caseworker",
                Some(side("Grade 9", 400, 4, None)),
                Some(side("Grade 9", 700, 7, None)),
            ),
            lead,
        ];
        let costs = costs(&lines, &scales);
        assert_eq!(costs.before, Pence(190 * 24_000 + 4 * 4_100_000));
        assert_eq!(costs.after, Pence(250 * 24_000 + 7 * 4_100_000));
        assert_eq!(costs.saving(), Pence(costs.before.0 - costs.after.0));
    }

    #[test]
    fn org_chart_is_depth_first_with_depths() {
        let lead = line("Lead", Some(side("G", 100, 1, None)), None);
        let manager = line("Manager", Some(side("G", 100, 1, Some(lead.id))), None);
        let worker = line("Worker", Some(side("G", 100, 1, Some(manager.id))), None);
        let other = line("Other", Some(side("G", 100, 1, Some(lead.id))), None);
        let new = line("New", None, Some(side("G", 100, 1, None)));
        let chart = org_chart(
            &[
                lead.clone(),
                manager.clone(),
                worker.clone(),
                other.clone(),
                new,
            ],
            Side::Current,
        );
        let order: Vec<(Uuid, u32)> = chart.iter().map(|n| (n.line_id, n.depth)).collect();
        assert_eq!(
            order,
            vec![(lead.id, 0), (manager.id, 1), (worker.id, 2), (other.id, 1)]
        );
        assert_eq!(chart[2].parent, Some(manager.id));
    }

    #[test]
    fn new_posts_count_headcount_growth_in_scope() {
        let lines = [
            line("Team Manager", None, Some(side("G16", 100, 1, None))),
            line(
                "Caseworker",
                Some(side("G9", 400, 4, None)),
                Some(side("G9", 700, 7, None)),
            ),
            line(
                "Admin",
                Some(side("G4", 190, 2, None)),
                Some(side("G4", 250, 3, None)),
            ),
            line(
                "Senior",
                Some(side("G13", 300, 3, None)),
                Some(side("G12", 100, 1, None)),
            ),
        ];
        let impacts: ImpactTally = [
            Impact::Affected,
            Impact::RingFenced,
            Impact::NotAffected,
            Impact::AtRisk,
            Impact::SlotIn,
        ]
        .into_iter()
        .collect();
        let counts = counts(&lines, &impacts);
        assert_eq!(counts.new_posts_created, 5);
        assert_eq!(counts.directly_affected, 4);
        assert_eq!(counts.potentially_displaced, 3);
        assert_eq!(counts.proposed_dismissals, 2);
    }

    #[test]
    fn people_are_counted_from_a_tally_of_impacts() {
        // As the database tallies them: one row per impact, in any order, none for absent ones.
        let mut tally = ImpactTally::default();
        tally.add(Impact::AtRisk, 3);
        tally.add(Impact::NotAffected, 40);
        tally.add(Impact::SlotIn, 2);
        tally.add(Impact::AtRisk, 1);
        let one_by_one: ImpactTally = std::iter::repeat_n(Impact::AtRisk, 4)
            .chain(std::iter::repeat_n(Impact::NotAffected, 40))
            .chain(std::iter::repeat_n(Impact::SlotIn, 2))
            .collect();
        let counts = counts(&[], &tally);
        assert_eq!(counts, super::counts(&[], &one_by_one));
        assert_eq!(counts.directly_affected, 6);
        assert_eq!(counts.potentially_displaced, 6);
        assert_eq!(counts.proposed_dismissals, 4);
        assert_eq!(counts.new_posts_created, 0);
        assert_eq!(
            super::counts(&[], &ImpactTally::default()),
            Counts::default()
        );
    }
}

#[cfg(test)]
mod editable_tests {
    use super::*;
    use crate::domain::proposal::ProposalStatus;

    #[test]
    fn the_structure_changes_until_the_decision_and_never_after() {
        for status in [
            ProposalStatus::Draft,
            ProposalStatus::Consulting,
            ProposalStatus::ConsultationClosed,
        ] {
            assert_eq!(check_structure_editable(status), Ok(()));
        }
        for status in [
            ProposalStatus::Decided,
            ProposalStatus::Implementing,
            ProposalStatus::Withdrawn,
        ] {
            assert!(matches!(
                check_structure_editable(status),
                Err(crate::domain::DomainError::PreconditionFailed { .. })
            ));
        }
    }
}
