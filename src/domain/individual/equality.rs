//! Equality monitoring of the individual stage's outcomes.
//!
//! The public sector equality duty (Equality Act 2010 s149) asks a public authority to have
//! due regard to eliminating discrimination and advancing equality of opportunity. An
//! employer meets it for a restructure by looking at who ends up at risk, selected and
//! dismissed, by protected characteristic (s4), against the whole affected group.
//!
//! HR holds the characteristics only where staff have given them (optional, HR only). The
//! report is an aggregate HR may paste into the equality analysis, so it never shows a
//! group smaller than [`SMALLEST_GROUP`], nor a count within a group below it: a count of
//! 1 among "disabled" names a person to anyone who knows the team.
//!
//! **A "marked difference" is Consult's prompt, not a legal test.** No statute or case fixes
//! a threshold for adverse impact in UK law; the flag asks HR to explain the difference in
//! the equality analysis. It is raised when a group's rate of selection (or dismissal) is
//! [`MARKED_DIFFERENCE_POINTS`] percentage points or more above the rate of everyone else
//! in the affected group.

use super::super::{DomainError, access::ProposalView};
use super::case::CaseState;
use std::collections::BTreeMap;

/// Protected characteristics, and the monitoring built from them, are HR's alone (the
/// sponsor and representatives see neither, even in aggregate).
pub fn may_monitor(view: ProposalView) -> Result<(), DomainError> {
    if view == ProposalView::Hr {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "Only HR administrators can see protected characteristics and equality monitoring."
                .into(),
        ))
    }
}

/// Groups and counts smaller than this are not shown (the same floor the feedback
/// summaries use for everyone but HR).
pub const SMALLEST_GROUP: u32 = 3;

/// How far above the rest of the affected group a group's rate must be to be flagged.
pub const MARKED_DIFFERENCE_POINTS: u32 = 20;

/// The longest value HR may record for one characteristic.
const VALUE_MAX: usize = 100;

/// The protected characteristics of the Equality Act 2010, s4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Characteristic {
    /// s5.
    Age,
    /// s6.
    Disability,
    /// s7.
    GenderReassignment,
    /// s8.
    MarriageAndCivilPartnership,
    /// s18 (for the public sector equality duty, s149(7)).
    PregnancyAndMaternity,
    /// s9.
    Race,
    /// s10.
    ReligionOrBelief,
    /// s11.
    Sex,
    /// s12.
    SexualOrientation,
}

impl Characteristic {
    pub const ALL: [Characteristic; 9] = [
        Self::Age,
        Self::Disability,
        Self::GenderReassignment,
        Self::MarriageAndCivilPartnership,
        Self::PregnancyAndMaternity,
        Self::Race,
        Self::ReligionOrBelief,
        Self::Sex,
        Self::SexualOrientation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Age => "AGE",
            Self::Disability => "DISABILITY",
            Self::GenderReassignment => "GENDER_REASSIGNMENT",
            Self::MarriageAndCivilPartnership => "MARRIAGE_AND_CIVIL_PARTNERSHIP",
            Self::PregnancyAndMaternity => "PREGNANCY_AND_MATERNITY",
            Self::Race => "RACE",
            Self::ReligionOrBelief => "RELIGION_OR_BELIEF",
            Self::Sex => "SEX",
            Self::SexualOrientation => "SEXUAL_ORIENTATION",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }

    /// The section of the Equality Act 2010 that defines it.
    pub fn section(self) -> &'static str {
        match self {
            Self::Age => "s5",
            Self::Disability => "s6",
            Self::GenderReassignment => "s7",
            Self::MarriageAndCivilPartnership => "s8",
            Self::PregnancyAndMaternity => "s18",
            Self::Race => "s9",
            Self::ReligionOrBelief => "s10",
            Self::Sex => "s11",
            Self::SexualOrientation => "s12",
        }
    }
}

/// One characteristic as HR recorded it for an employee: "Female", "Asian or Asian
/// British", "Prefer not to say". Trimmed, not empty, at most 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub characteristic: Characteristic,
    pub value: String,
}

/// Checks the characteristics HR gives for one employee: each at most once.
pub fn check_recorded(
    given: Vec<(Characteristic, String)>,
    field: &str,
) -> Result<Vec<Recorded>, DomainError> {
    let mut seen = BTreeMap::new();
    for (index, (characteristic, value)) in given.into_iter().enumerate() {
        let at = format!("{field}[{index}].value");
        let value = value.trim().to_owned();
        if value.is_empty() {
            return Err(DomainError::bad_input(
                at,
                "Enter the value, or leave the characteristic out if it is not known.",
            ));
        }
        if value.chars().count() > VALUE_MAX {
            return Err(DomainError::bad_input(
                at,
                format!("A value must be {VALUE_MAX} characters or fewer."),
            ));
        }
        if seen.insert(characteristic, value).is_some() {
            return Err(DomainError::bad_input(
                format!("{field}[{index}].characteristic"),
                "Each characteristic can be given once.",
            ));
        }
    }
    Ok(seen
        .into_iter()
        .map(|(characteristic, value)| Recorded {
            characteristic,
            value,
        })
        .collect())
}

/// Where one affected person's case has got to, as monitoring counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Their case was opened at risk.
    pub at_risk: bool,
    /// Selected for redundancy: not kept through a slot-in, pool or redeployment.
    pub selected: bool,
    /// Dismissed: notice of dismissal given.
    pub dismissed: bool,
}

impl Outcome {
    /// Where a case in this state has got to. Selected means not kept: seeking redeployment
    /// (not selected in a pool, or no pool), an offer declined, a trial ended, or notice given.
    pub fn of_case(state: CaseState) -> Self {
        let dismissed = matches!(state, CaseState::NoticeGiven | CaseState::Left);
        Outcome {
            at_risk: true,
            selected: dismissed
                || matches!(
                    state,
                    CaseState::Redeployment | CaseState::Declined | CaseState::TrialEnded
                ),
            dismissed,
        }
    }
}

/// One affected person: their outcome and the characteristics HR holds for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub outcome: Outcome,
    pub recorded: Vec<Recorded>,
}

/// Counts of a group, each withheld (`None`) below [`SMALLEST_GROUP`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub people: Option<u32>,
    pub at_risk: Option<u32>,
    pub selected: Option<u32>,
    pub dismissed: Option<u32>,
}

/// One value of a characteristic, or the groups too small to show, counted together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    /// The value HR recorded; `None` for the row of small groups merged together.
    pub value: Option<String>,
    pub counts: Counts,
    /// Percentage of the group selected for redundancy, when both counts are shown.
    pub selected_rate: Option<u32>,
    /// Percentage of the group dismissed, when both counts are shown.
    pub dismissed_rate: Option<u32>,
    /// Selected or dismissed at a markedly higher rate than everyone else affected.
    pub marked_difference: bool,
}

/// The report for one characteristic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharacteristicReport {
    pub characteristic: Characteristic,
    /// Groups of at least [`SMALLEST_GROUP`], by value.
    pub groups: Vec<GroupRow>,
    /// Groups smaller than [`SMALLEST_GROUP`], counted together (absent when there are none).
    pub smaller_groups: Option<GroupRow>,
    /// Affected people with nothing recorded for it (counts withheld below the floor).
    pub not_recorded: Counts,
}

/// The whole report: the affected group, and each characteristic HR holds any data for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub whole_group: GroupRow,
    pub characteristics: Vec<CharacteristicReport>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    people: u32,
    at_risk: u32,
    selected: u32,
    dismissed: u32,
}

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        self.people += 1;
        self.at_risk += u32::from(outcome.at_risk);
        self.selected += u32::from(outcome.selected);
        self.dismissed += u32::from(outcome.dismissed);
    }

    fn minus(self, other: Tally) -> Tally {
        Tally {
            people: self.people - other.people,
            at_risk: self.at_risk - other.at_risk,
            selected: self.selected - other.selected,
            dismissed: self.dismissed - other.dismissed,
        }
    }

    fn counts(self) -> Counts {
        let shown = |n: u32| (n >= SMALLEST_GROUP).then_some(n);
        Counts {
            people: shown(self.people),
            at_risk: shown(self.at_risk),
            selected: shown(self.selected),
            dismissed: shown(self.dismissed),
        }
    }
}

fn percent(part: u32, whole: u32) -> u32 {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0)
}

/// Whether `group`'s rate of `part` is markedly above the rate of everyone else affected.
fn markedly_higher(group: Tally, rest: Tally, part: fn(Tally) -> u32) -> bool {
    if group.people < SMALLEST_GROUP || rest.people == 0 {
        return false;
    }
    percent(part(group), group.people)
        >= percent(part(rest), rest.people) + MARKED_DIFFERENCE_POINTS
}

fn row(value: Option<String>, group: Tally, all: Tally) -> GroupRow {
    let counts = group.counts();
    let rate = |part: Option<u32>| match (part, counts.people) {
        (Some(part), Some(people)) => Some(percent(part, people)),
        _ => None,
    };
    let rest = all.minus(group);
    GroupRow {
        value,
        selected_rate: rate(counts.selected),
        dismissed_rate: rate(counts.dismissed),
        marked_difference: markedly_higher(group, rest, |t| t.selected)
            || markedly_higher(group, rest, |t| t.dismissed),
        counts,
    }
}

/// Outcomes by characteristic against the whole affected group.
pub fn report(people: &[Person]) -> Report {
    let mut all = Tally::default();
    for person in people {
        all.add(person.outcome);
    }
    let mut characteristics = Vec::new();
    for characteristic in Characteristic::ALL {
        let mut by_value: BTreeMap<String, Tally> = BTreeMap::new();
        let mut not_recorded = Tally::default();
        for person in people {
            match person
                .recorded
                .iter()
                .find(|r| r.characteristic == characteristic)
            {
                Some(recorded) => by_value
                    .entry(recorded.value.clone())
                    .or_default()
                    .add(person.outcome),
                None => not_recorded.add(person.outcome),
            }
        }
        if by_value.is_empty() {
            continue;
        }
        let mut groups = Vec::new();
        let mut small = Tally::default();
        let mut any_small = false;
        for (value, tally) in by_value {
            if tally.people >= SMALLEST_GROUP {
                groups.push(row(Some(value), tally, all));
            } else {
                any_small = true;
                small.people += tally.people;
                small.at_risk += tally.at_risk;
                small.selected += tally.selected;
                small.dismissed += tally.dismissed;
            }
        }
        characteristics.push(CharacteristicReport {
            characteristic,
            groups,
            // Merged small groups are a mix, so no difference is flagged for them.
            smaller_groups: any_small.then(|| GroupRow {
                marked_difference: false,
                ..row(None, small, all)
            }),
            not_recorded: not_recorded.counts(),
        });
    }
    Report {
        whole_group: GroupRow {
            marked_difference: false,
            ..row(None, all, all)
        },
        characteristics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(sex: Option<&str>, selected: bool, dismissed: bool) -> Person {
        Person {
            outcome: Outcome {
                at_risk: true,
                selected,
                dismissed,
            },
            recorded: sex
                .map(|v| Recorded {
                    characteristic: Characteristic::Sex,
                    value: v.to_owned(),
                })
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn characteristics_are_the_nine_of_section_4() {
        assert_eq!(Characteristic::ALL.len(), 9);
        for c in Characteristic::ALL {
            assert_eq!(Characteristic::parse(c.as_str()), Some(c));
        }
        assert_eq!(Characteristic::Sex.section(), "s11");
    }

    #[test]
    fn no_characteristic_recorded_shows_only_the_whole_group() {
        let people = vec![person(None, true, false); 5];
        let report = report(&people);
        assert!(report.characteristics.is_empty());
        assert_eq!(report.whole_group.counts.people, Some(5));
        assert_eq!(report.whole_group.counts.selected, Some(5));
        assert_eq!(report.whole_group.selected_rate, Some(100));
    }

    #[test]
    fn a_group_below_three_is_merged_and_counts_below_three_are_withheld() {
        // 4 women (1 selected), 2 men (both selected), 1 not recorded.
        let mut people = vec![person(Some("Female"), false, false); 3];
        people.push(person(Some("Female"), true, false));
        people.push(person(Some("Male"), true, true));
        people.push(person(Some("Male"), true, true));
        people.push(person(None, false, false));
        let report = report(&people);
        let sex = &report.characteristics[0];
        assert_eq!(sex.characteristic, Characteristic::Sex);
        assert_eq!(sex.groups.len(), 1, "the two men are not shown as a group");
        let women = &sex.groups[0];
        assert_eq!(women.value.as_deref(), Some("Female"));
        assert_eq!(women.counts.people, Some(4));
        assert_eq!(women.counts.selected, None, "1 selected is withheld");
        assert_eq!(women.selected_rate, None);
        let small = sex.smaller_groups.as_ref().expect("the men are merged");
        assert_eq!(small.value, None);
        assert_eq!(small.counts.people, None, "2 people, withheld");
        assert!(!small.marked_difference);
        assert_eq!(sex.not_recorded.people, None);
    }

    #[test]
    fn a_marked_difference_in_selection_is_flagged_at_twenty_points() {
        // 5 women, 3 selected (60%); 5 men, 2 selected (40%): 20 points above the rest.
        let mut people = Vec::new();
        for i in 0..5 {
            people.push(person(Some("Female"), i < 3, false));
            people.push(person(Some("Male"), i < 2, false));
        }
        let report = report(&people);
        let sex = &report.characteristics[0];
        let women = sex
            .groups
            .iter()
            .find(|g| g.value.as_deref() == Some("Female"))
            .unwrap();
        let men = sex
            .groups
            .iter()
            .find(|g| g.value.as_deref() == Some("Male"))
            .unwrap();
        assert_eq!(women.selected_rate, Some(60));
        assert!(women.marked_difference);
        assert!(
            !men.marked_difference,
            "below the rest's rate is not flagged"
        );
    }

    #[test]
    fn a_difference_just_under_twenty_points_is_not_flagged() {
        // 6 women, 3 selected (50%); 6 men, 2 selected (33%): 17 points.
        let mut people = Vec::new();
        for i in 0..6 {
            people.push(person(Some("Female"), i < 3, false));
            people.push(person(Some("Male"), i < 2, false));
        }
        let report = report(&people);
        assert!(
            report.characteristics[0]
                .groups
                .iter()
                .all(|g| !g.marked_difference)
        );
    }

    #[test]
    fn a_dismissal_rate_difference_is_flagged_too() {
        let mut people = Vec::new();
        for i in 0..4 {
            people.push(person(Some("Disabled"), true, i < 3));
        }
        for _ in 0..4 {
            people.push(person(Some("Not disabled"), true, false));
        }
        for p in &mut people {
            p.recorded[0].characteristic = Characteristic::Disability;
        }
        let report = report(&people);
        let disability = &report.characteristics[0];
        assert_eq!(disability.characteristic, Characteristic::Disability);
        let disabled = disability
            .groups
            .iter()
            .find(|g| g.value.as_deref() == Some("Disabled"))
            .unwrap();
        assert_eq!(disabled.counts.dismissed, Some(3));
        assert_eq!(disabled.dismissed_rate, Some(75));
        assert!(disabled.marked_difference);
    }

    #[test]
    fn outcomes_follow_the_case_state() {
        assert_eq!(
            Outcome::of_case(CaseState::SlottedIn),
            Outcome {
                at_risk: true,
                selected: false,
                dismissed: false
            }
        );
        assert!(Outcome::of_case(CaseState::Redeployment).selected);
        let notice = Outcome::of_case(CaseState::NoticeGiven);
        assert!(notice.selected && notice.dismissed);
        assert!(!Outcome::of_case(CaseState::Confirmed).selected);
    }

    #[test]
    fn only_hr_monitors() {
        assert!(may_monitor(ProposalView::Hr).is_ok());
        for view in [
            ProposalView::Sponsor,
            ProposalView::UnionRep,
            ProposalView::Staff,
        ] {
            assert!(matches!(may_monitor(view), Err(DomainError::Forbidden(_))));
        }
    }

    #[test]
    fn recorded_values_are_checked() {
        let ok = check_recorded(
            vec![
                (Characteristic::Sex, " Female ".into()),
                (Characteristic::Age, "50 to 59".into()),
            ],
            "input.characteristics",
        )
        .unwrap();
        assert_eq!(ok[0].characteristic, Characteristic::Age);
        assert_eq!(ok[1].value, "Female");
        let twice = check_recorded(
            vec![
                (Characteristic::Sex, "Female".into()),
                (Characteristic::Sex, "Male".into()),
            ],
            "input.characteristics",
        );
        assert!(
            matches!(twice, Err(DomainError::BadInput { field, .. }) if field == "input.characteristics[1].characteristic")
        );
        let empty = check_recorded(
            vec![(Characteristic::Race, "  ".into())],
            "input.characteristics",
        );
        assert!(
            matches!(empty, Err(DomainError::BadInput { field, .. }) if field == "input.characteristics[0].value")
        );
        let long = check_recorded(
            vec![(Characteristic::Race, "x".repeat(101))],
            "input.characteristics",
        );
        assert!(long.is_err());
    }
}
