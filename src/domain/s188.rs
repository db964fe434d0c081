//! Collective redundancy consultation: whether the duty applies, how long consultation must
//! run, what must be disclosed, when HR1 is due, and what a tribunal could award if it goes
//! wrong. Great Britain: Trade Union and Labour Relations (Consolidation) Act 1992 (TULRCA)
//! ss188–198. Northern Ireland: Employment Rights (Northern Ireland) Order 1996 (ER(NI)O)
//! Part XIII, arts. 216–221.
//!
//! Every statutory number lives in a table below with its citation (and, where the law has
//! changed, the date the change took effect), so a change in the law is a new row, not new code.
//! Section strings are GB ("s188(4)(a)") unless the assessment is for Northern Ireland.
//!
//! Not modelled, deliberately: the Employment Rights Act 2025 organisation-wide threshold
//! (not in force and not yet defined when this was written); s188(3)/s193(3) exclusion of
//! employees already consulted on / notified (the caller chooses which proposals to pass);
//! the "special circumstances" defences in s188(7) and s193(7).

use super::proposal::Jurisdiction;
use super::protective_award::{self, AffectedPay, WEEKS_PAY_CITATION};
use chrono::{Days, NaiveDate};
use uuid::Uuid;

/// `NaiveDate` for the rule tables; a bad literal fails the build rather than a request.
const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid date in s188 rule table"),
    }
}

/// Rows marked with this were in force before it and Consult does not model older law
/// (e.g. the pre-1995 10-employee threshold). It is not itself a commencement date.
pub const EARLIEST_MODELLED: NaiveDate = ymd(2000, 1, 1);

/// A provision's number in each jurisdiction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation {
    pub gb: &'static str,
    pub ni: &'static str,
}

impl Citation {
    pub fn get(self, jurisdiction: Jurisdiction) -> &'static str {
        match jurisdiction {
            Jurisdiction::GreatBritain => self.gb,
            Jurisdiction::NorthernIreland => self.ni,
        }
    }
}

/// The thresholds that trigger the collective duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountingRule {
    /// At least this many proposed redundancy dismissals …
    pub threshold: u32,
    /// … at one establishment within a period of this many days or less.
    pub window_days: u32,
    /// From this many, the longer minimum periods apply.
    pub large: u32,
    pub citation: Citation,
}

/// s188(1) / art. 216(1): 20 or more at one establishment within 90 days or less; s188(1A)(a)
/// and art. 216(2)(a) put the upper band at 100. "Establishment" is the local unit the employees
/// are assigned to (USDAW v WW Realisation 1 Ltd, C-80/14, 2015), which the caller decides.
pub const COUNTING: CountingRule = CountingRule {
    threshold: 20,
    window_days: 90,
    large: 100,
    citation: Citation {
        gb: "s188(1)",
        ni: "art. 216(1)",
    },
};

/// s188(3) / art. 216(5): employees already being consulted on are not counted again.
pub const ALREADY_CONSULTED: Citation = Citation {
    gb: "s188(3)",
    ni: "art. 216(5)",
};

/// A minimum number of days before the first dismissal takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodRule {
    pub jurisdiction: Jurisdiction,
    pub band: Band,
    pub effective_from: NaiveDate,
    pub days: u32,
    pub citation: &'static str,
}

/// How long before the first dismissal consultation must begin.
///
/// The GB 100+ period fell from 90 to 45 days on 6 April 2013 (TULRCA 1992 (Amendment) Order
/// 2013, SI 2013/763). Unsure: that Order's transitional rule; Consult picks the row in force on
/// the day consultation began (or today, if it has not), which is right for any proposal made
/// after April 2013. Northern Ireland kept 90 days (art. 216(2)(a)).
pub const CONSULTATION_PERIOD_RULES: &[PeriodRule] = &[
    PeriodRule {
        jurisdiction: Jurisdiction::GreatBritain,
        band: Band::TwentyToNinetyNine,
        effective_from: EARLIEST_MODELLED,
        days: 30,
        citation: "s188(1A)(b)",
    },
    PeriodRule {
        jurisdiction: Jurisdiction::GreatBritain,
        band: Band::HundredOrMore,
        effective_from: EARLIEST_MODELLED,
        days: 90,
        citation: "s188(1A)(a) (before SI 2013/763)",
    },
    PeriodRule {
        jurisdiction: Jurisdiction::GreatBritain,
        band: Band::HundredOrMore,
        effective_from: ymd(2013, 4, 6),
        days: 45,
        citation: "s188(1A)(a)",
    },
    PeriodRule {
        jurisdiction: Jurisdiction::NorthernIreland,
        band: Band::TwentyToNinetyNine,
        effective_from: EARLIEST_MODELLED,
        days: 30,
        citation: "art. 216(2)(b)",
    },
    PeriodRule {
        jurisdiction: Jurisdiction::NorthernIreland,
        band: Band::HundredOrMore,
        effective_from: EARLIEST_MODELLED,
        days: 90,
        citation: "art. 216(2)(a)",
    },
];

/// How long before the first dismissal the HR1 notification must be made (and, since the
/// Junk amendments, before any notice of dismissal is given: s193(1)(a)/(2)(a), which Consult
/// cannot check because it does not hold notice dates).
///
/// GB changed with the consultation period on 6 April 2013 (SI 2013/763). Northern Ireland
/// notifies the Department for the Economy under art. 221: 30 days, and 90 days for 100+.
pub const NOTIFICATION_PERIOD_RULES: &[PeriodRule] = &[
    PeriodRule {
        jurisdiction: Jurisdiction::GreatBritain,
        band: Band::TwentyToNinetyNine,
        effective_from: EARLIEST_MODELLED,
        days: 30,
        citation: "s193(2)",
    },
    PeriodRule {
        jurisdiction: Jurisdiction::GreatBritain,
        band: Band::HundredOrMore,
        effective_from: EARLIEST_MODELLED,
        days: 90,
        citation: "s193(1) (before SI 2013/763)",
    },
    PeriodRule {
        jurisdiction: Jurisdiction::GreatBritain,
        band: Band::HundredOrMore,
        effective_from: ymd(2013, 4, 6),
        days: 45,
        citation: "s193(1)",
    },
    PeriodRule {
        jurisdiction: Jurisdiction::NorthernIreland,
        band: Band::TwentyToNinetyNine,
        effective_from: EARLIEST_MODELLED,
        days: 30,
        citation: "art. 221(2)",
    },
    PeriodRule {
        jurisdiction: Jurisdiction::NorthernIreland,
        band: Band::HundredOrMore,
        effective_from: EARLIEST_MODELLED,
        days: 90,
        citation: "art. 221(1)",
    },
];

/// s193(6): a copy of the HR1 notice goes to each representative consulted under s188.
/// Unsure: the NI paragraph number; art. 221 mirrors s193 paragraph for paragraph, so (6) is
/// assumed.
pub const HR1_COPY: Citation = Citation {
    gb: "s193(6)",
    ni: "art. 221(6)",
};

/// The longest protected period a tribunal may award.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProtectiveAwardRule {
    pub effective_from: NaiveDate,
    pub max_days: u32,
    pub citation: &'static str,
}

/// Great Britain, s189(4)(b). The Employment Rights Act 2025 (s30 as numbered on Royal Assent)
/// doubles the maximum to 180 days from 6 April 2026, per DESIGN.md. Unsure: check that date
/// against the commencement regulations, and whether they save proposals or failures that
/// began before it; Consult applies the row in force on the planned first dismissal date.
pub const PROTECTIVE_AWARD_RULES: &[ProtectiveAwardRule] = &[
    ProtectiveAwardRule {
        effective_from: EARLIEST_MODELLED,
        max_days: 90,
        citation: "s189(4)(b)",
    },
    ProtectiveAwardRule {
        effective_from: ymd(2026, 4, 6),
        max_days: 180,
        citation: "s189(4)(b) as amended by the Employment Rights Act 2025",
    },
];

/// Northern Ireland, art. 217. Employment law is devolved and the 2025 Act amends TULRCA, which
/// does not extend to NI, so the maximum stays 90 days. Unsure: the paragraph number (assumed
/// to mirror s189(4)) and whether NI has since legislated to match.
pub const NI_PROTECTIVE_AWARD_RULES: &[ProtectiveAwardRule] = &[ProtectiveAwardRule {
    effective_from: EARLIEST_MODELLED,
    max_days: 90,
    citation: "art. 217(4)",
}];

/// Size of the proposal for the minimum periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Band {
    /// Fewer than 20: no collective duty, individual consultation only.
    IndividualOnly,
    TwentyToNinetyNine,
    HundredOrMore,
}

impl Band {
    pub fn for_count(dismissals: u32) -> Self {
        if dismissals >= COUNTING.large {
            Self::HundredOrMore
        } else if dismissals >= COUNTING.threshold {
            Self::TwentyToNinetyNine
        } else {
            Self::IndividualOnly
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::IndividualOnly => "INDIVIDUAL_ONLY",
            Self::TwentyToNinetyNine => "TWENTY_TO_NINETY_NINE",
            Self::HundredOrMore => "HUNDRED_OR_MORE",
        }
    }
}

/// How much a finding matters. Ordered so the worst sorts last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "INFO",
            Self::Warning => "WARNING",
            Self::Error => "ERROR",
        }
    }
}

/// One thing the user should know, with the provision it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
    pub section: &'static str,
}

/// A proposal's planned redundancy dismissals at one establishment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedDismissals {
    pub proposal_id: Uuid,
    pub first_dismissal: Option<NaiveDate>,
    /// Every proposed dismissal for a reason not related to the individual (s195(1)), which
    /// includes dismissing and offering re-engagement on new terms ("fire and rehire";
    /// GMB v Man Truck & Bus UK Ltd [2000] ICR 1101), not only jobs that disappear.
    pub count: u32,
}

/// The s188(4) disclosure items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DisclosureItemKind {
    Reasons,
    NumbersAndDescriptions,
    TotalEmployed,
    SelectionMethod,
    DismissalMethodAndPeriod,
    RedundancyPayMethod,
    /// s188(4)(g)–(i), inserted from 1 October 2011 by the Agency Workers Regulations 2010
    /// (SI 2010/93); NI equivalent assumed at art. 216(6)(g)–(i) (unsure of the numbering).
    /// Consult has no proposals older than that, so the item is always required. An employer
    /// with no agency workers must still say so ("none").
    AgencyWorkers,
}

/// What s188(4) / art. 216(6) requires, in statutory order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisclosureRequirement {
    pub kind: DisclosureItemKind,
    pub citation: Citation,
    /// How the lifecycle gate names the item when it is missing.
    pub name: &'static str,
}

pub const DISCLOSURE_REQUIREMENTS: [DisclosureRequirement; 7] = [
    DisclosureRequirement {
        kind: DisclosureItemKind::Reasons,
        citation: Citation {
            gb: "s188(4)(a)",
            ni: "art. 216(6)(a)",
        },
        name: "the reasons for the proposals",
    },
    DisclosureRequirement {
        kind: DisclosureItemKind::NumbersAndDescriptions,
        citation: Citation {
            gb: "s188(4)(b)",
            ni: "art. 216(6)(b)",
        },
        name: "the numbers and descriptions of employees proposed for dismissal",
    },
    DisclosureRequirement {
        kind: DisclosureItemKind::TotalEmployed,
        citation: Citation {
            gb: "s188(4)(c)",
            ni: "art. 216(6)(c)",
        },
        name: "the total number of employees of each description at the establishment",
    },
    DisclosureRequirement {
        kind: DisclosureItemKind::SelectionMethod,
        citation: Citation {
            gb: "s188(4)(d)",
            ni: "art. 216(6)(d)",
        },
        name: "the selection method",
    },
    DisclosureRequirement {
        kind: DisclosureItemKind::DismissalMethodAndPeriod,
        citation: Citation {
            gb: "s188(4)(e)",
            ni: "art. 216(6)(e)",
        },
        name: "the method of carrying out the dismissals and the period over which they take effect",
    },
    DisclosureRequirement {
        kind: DisclosureItemKind::RedundancyPayMethod,
        citation: Citation {
            gb: "s188(4)(f)",
            ni: "art. 216(6)(f)",
        },
        name: "the method of calculating any non-statutory redundancy payments",
    },
    DisclosureRequirement {
        kind: DisclosureItemKind::AgencyWorkers,
        citation: Citation {
            gb: "s188(4)(g)-(i)",
            ni: "art. 216(6)(g)-(i)",
        },
        name: "the agency workers' numbers, where they work and the type of work they do",
    },
];

impl DisclosureItemKind {
    pub const ALL: [DisclosureItemKind; 7] = [
        Self::Reasons,
        Self::NumbersAndDescriptions,
        Self::TotalEmployed,
        Self::SelectionMethod,
        Self::DismissalMethodAndPeriod,
        Self::RedundancyPayMethod,
        Self::AgencyWorkers,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reasons => "REASONS",
            Self::NumbersAndDescriptions => "NUMBERS_AND_DESCRIPTIONS",
            Self::TotalEmployed => "TOTAL_EMPLOYED",
            Self::SelectionMethod => "SELECTION_METHOD",
            Self::DismissalMethodAndPeriod => "DISMISSAL_METHOD_AND_PERIOD",
            Self::RedundancyPayMethod => "REDUNDANCY_PAY_METHOD",
            Self::AgencyWorkers => "AGENCY_WORKERS",
        }
    }

    pub fn requirement(self) -> &'static DisclosureRequirement {
        // The table lists every kind, in the same order as ALL.
        &DISCLOSURE_REQUIREMENTS[self as usize]
    }
}

/// What the disclosure says, as gathered from the proposal and the disclosure letter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DisclosureSources {
    pub reasons: Option<String>,
    /// How many employee descriptions (roles/grades) the disclosure names.
    pub description_count: u32,
    pub proposed_dismissals: u32,
    pub total_employed: u32,
    pub selection_method: Option<String>,
    pub dismissal_method: Option<String>,
    /// First and last date on which dismissals take effect.
    pub dismissal_period: Option<(NaiveDate, NaiveDate)>,
    pub redundancy_pay_method: Option<String>,
    pub agency_workers: Option<String>,
    /// Where each item was found (e.g. "Disclosure letter, section 3"), for the audit trail.
    pub found_in: Vec<(DisclosureItemKind, String)>,
}

/// One s188(4) item and whether the disclosure contains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisclosureItem {
    pub item: DisclosureItemKind,
    pub section: &'static str,
    pub present: bool,
    /// Where it was found; `None` when it is missing.
    pub found_in: Option<String>,
}

/// The three subjects s188(2) requires consultation to cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Concern {
    Avoiding,
    Reducing,
    Mitigating,
}

impl Concern {
    pub const ALL: [Concern; 3] = [Self::Avoiding, Self::Reducing, Self::Mitigating];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Avoiding => "AVOIDING",
            Self::Reducing => "REDUCING",
            Self::Mitigating => "MITIGATING",
        }
    }

    /// s188(2)(a)–(c) / art. 216(4)(a)–(c).
    pub fn citation(self) -> Citation {
        match self {
            Self::Avoiding => Citation {
                gb: "s188(2)(a)",
                ni: "art. 216(4)(a)",
            },
            Self::Reducing => Citation {
                gb: "s188(2)(b)",
                ni: "art. 216(4)(b)",
            },
            Self::Mitigating => Citation {
                gb: "s188(2)(c)",
                ni: "art. 216(4)(c)",
            },
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::Avoiding => "ways of avoiding the dismissals",
            Self::Reducing => "ways of reducing the number of employees to be dismissed",
            Self::Mitigating => "ways of mitigating the consequences of the dismissals",
        }
    }
}

/// Everything the assessment needs about one proposal.
#[derive(Debug, Clone)]
pub struct S188Input<'a> {
    pub this: PlannedDismissals,
    /// Other live proposals at the same establishment. s188(3): leave out those whose
    /// consultation has already begun if their employees should not be counted again.
    pub others_at_establishment: &'a [PlannedDismissals],
    pub jurisdiction: Jurisdiction,
    /// The day the s188(4) disclosure reached the representatives; Consult treats this as the
    /// day consultation began.
    pub disclosure_given_on: Option<NaiveDate>,
    pub disclosure_changed_since: bool,
    pub disclosure: DisclosureSources,
    pub hr1_made_on: Option<NaiveDate>,
    pub hr1_copy_to_representatives: bool,
    pub covered: &'a [Concern],
    pub consultation_closed: bool,
    /// The pay of each employee proposed for dismissal, as far as it is known. There may be
    /// fewer than `this.count`: those without a record have unknown pay.
    pub affected_pay: &'a [AffectedPay],
    pub today: NaiveDate,
}

/// The most a tribunal could award if consultation fails (s189).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectiveAward {
    pub max_days: u32,
    pub citation: &'static str,
    pub employees: u32,
    /// employees × max_days.
    pub exposure_days: u64,
    /// Each employee's week's pay × max_days ÷ 7, added up (`protective_award`).
    pub exposure_pence: i64,
    /// Names of the employees whose week's pay was estimated from their grade.
    pub estimated_employees: Vec<String>,
    /// Names of those whose pay is unknown (no weekly pay, no graded post): left out of
    /// `exposure_pence`.
    pub unknown_pay_employees: Vec<String>,
    /// How many have unknown pay: those named, and any proposed dismissals with no record.
    pub unknown_pay_count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S188Assessment {
    pub applies: bool,
    pub band: Band,
    pub dismissals_in_window: u32,
    pub minimum_days: Option<u32>,
    pub consultation_start: Option<NaiveDate>,
    pub earliest_lawful_first_dismissal: Option<NaiveDate>,
    pub planned_first_dismissal: Option<NaiveDate>,
    /// The last day HR1 may be made.
    pub hr1_due: Option<NaiveDate>,
    pub compliant: bool,
    pub disclosure: Vec<DisclosureItem>,
    pub uncovered: Vec<Concern>,
    pub protective_award: ProtectiveAward,
    pub findings: Vec<Finding>,
}

/// The largest number of dismissals, from this proposal and the others at its establishment,
/// that fall in any one window of 90 consecutive days containing this proposal's date.
/// Undated others cannot be placed and are left out; an undated `this` counts alone.
pub fn dismissals_in_window(this: &PlannedDismissals, others: &[PlannedDismissals]) -> u32 {
    let Some(date) = this.first_dismissal else {
        return this.count;
    };
    // Offsets in days from this proposal; it sits at 0. The same proposal passed among the
    // others is skipped so it is not counted twice.
    let mut dated: Vec<(i64, u32)> = vec![(0, this.count)];
    dated.extend(
        others
            .iter()
            .filter(|other| other.proposal_id != this.proposal_id)
            .filter_map(|other| Some(((other.first_dismissal? - date).num_days(), other.count))),
    );
    let span = i64::from(COUNTING.window_days) - 1;
    // A best window can always be slid later until it starts on a proposal's date without
    // losing any, so only windows starting at a date in [-span, 0] need trying.
    dated
        .iter()
        .map(|&(start, _)| start)
        .filter(|start| (-span..=0).contains(start))
        .map(|start| {
            dated
                .iter()
                .filter(|(offset, _)| (start..=start + span).contains(offset))
                .fold(0u32, |total, &(_, count)| total.saturating_add(count))
        })
        .max()
        .unwrap_or(this.count)
}

/// Checks each s188(4) item, citing TULRCA.
pub fn check_disclosure(sources: &DisclosureSources) -> Vec<DisclosureItem> {
    check_disclosure_in(sources, Jurisdiction::GreatBritain)
}

/// Checks each disclosure item, citing the law of `jurisdiction` (art. 216(6) for NI).
pub fn check_disclosure_in(
    sources: &DisclosureSources,
    jurisdiction: Jurisdiction,
) -> Vec<DisclosureItem> {
    let text = |value: &Option<String>| value.as_deref().is_some_and(|s| !s.trim().is_empty());
    DISCLOSURE_REQUIREMENTS
        .iter()
        .map(|requirement| {
            let present = match requirement.kind {
                DisclosureItemKind::Reasons => text(&sources.reasons),
                DisclosureItemKind::NumbersAndDescriptions => {
                    sources.proposed_dismissals > 0 && sources.description_count > 0
                }
                DisclosureItemKind::TotalEmployed => {
                    sources.total_employed > 0 && sources.description_count > 0
                }
                DisclosureItemKind::SelectionMethod => text(&sources.selection_method),
                // (e) expressly includes the period over which dismissals take effect.
                DisclosureItemKind::DismissalMethodAndPeriod => {
                    text(&sources.dismissal_method)
                        && sources
                            .dismissal_period
                            .is_some_and(|(from, to)| from <= to)
                }
                DisclosureItemKind::RedundancyPayMethod => text(&sources.redundancy_pay_method),
                DisclosureItemKind::AgencyWorkers => text(&sources.agency_workers),
            };
            let found_in = if present {
                sources
                    .found_in
                    .iter()
                    .find(|(kind, _)| *kind == requirement.kind)
                    .map(|(_, place)| place.clone())
            } else {
                None
            };
            DisclosureItem {
                item: requirement.kind,
                section: requirement.citation.get(jurisdiction),
                present,
                found_in,
            }
        })
        .collect()
}

/// Names of the missing disclosure items, for the lifecycle gate ("the selection method").
pub fn missing_disclosure(items: &[DisclosureItem]) -> Vec<String> {
    items
        .iter()
        .filter(|item| !item.present)
        .map(|item| item.item.requirement().name.to_string())
        .collect()
}

/// The period rule for `band` in force on `on`; `None` for IndividualOnly.
pub fn period_rule(
    rules: &'static [PeriodRule],
    jurisdiction: Jurisdiction,
    band: Band,
    on: NaiveDate,
) -> Option<&'static PeriodRule> {
    let candidates = || {
        rules
            .iter()
            .filter(move |rule| rule.jurisdiction == jurisdiction && rule.band == band)
    };
    candidates()
        .filter(|rule| rule.effective_from <= on)
        .max_by_key(|rule| rule.effective_from)
        // Before the earliest modelled date, the earliest row is the best we know.
        .or_else(|| candidates().min_by_key(|rule| rule.effective_from))
}

/// The protective award maximum in force on `on`.
pub fn protective_award_rule(
    jurisdiction: Jurisdiction,
    on: NaiveDate,
) -> &'static ProtectiveAwardRule {
    let rules = match jurisdiction {
        Jurisdiction::GreatBritain => PROTECTIVE_AWARD_RULES,
        Jurisdiction::NorthernIreland => NI_PROTECTIVE_AWARD_RULES,
    };
    rules
        .iter()
        .filter(|rule| rule.effective_from <= on)
        .max_by_key(|rule| rule.effective_from)
        .unwrap_or(&rules[0])
}

fn show(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

fn days_before(date: NaiveDate, days: u32) -> Option<NaiveDate> {
    date.checked_sub_days(Days::new(u64::from(days)))
}

fn days_after(date: NaiveDate, days: u32) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(u64::from(days)))
}

/// Decides where a proposal stands under s188–s193 and what it risks under s189.
pub fn assess(input: &S188Input<'_>) -> S188Assessment {
    let jurisdiction = input.jurisdiction;
    let cite = |citation: Citation| citation.get(jurisdiction);
    let mut findings = Vec::new();
    let mut note = |severity, section, message: String| {
        findings.push(Finding {
            severity,
            message,
            section,
        })
    };

    let planned = input.this.first_dismissal;
    let in_window = dismissals_in_window(&input.this, input.others_at_establishment);
    let band = Band::for_count(in_window);
    let applies = band != Band::IndividualOnly;
    let counting = cite(COUNTING.citation);

    // Counting.
    if planned.is_none() {
        note(
            if applies {
                Severity::Warning
            } else {
                Severity::Info
            },
            counting,
            format!(
                "The planned first dismissal date is needed to count other proposals at this establishment within {} days and to set the deadlines; until then the band rests on this proposal alone.",
                COUNTING.window_days
            ),
        );
    }
    let undated_others = input
        .others_at_establishment
        .iter()
        .filter(|other| {
            other.proposal_id != input.this.proposal_id && other.first_dismissal.is_none()
        })
        .count();
    if undated_others > 0 {
        note(
            Severity::Warning,
            counting,
            format!(
                "{undated_others} other proposal(s) at this establishment have no planned dismissal date and could not be counted."
            ),
        );
    }
    if in_window > input.this.count {
        note(
            Severity::Info,
            cite(ALREADY_CONSULTED),
            format!(
                "{in_window} dismissals at this establishment fall within {} days, {} of them from other proposals. Employees whose consultation has already begun are not counted again.",
                COUNTING.window_days,
                in_window - input.this.count
            ),
        );
    }
    if !applies {
        note(
            Severity::Info,
            counting,
            format!(
                "{in_window} proposed dismissal(s) at this establishment within {} days is fewer than {}: there is no collective consultation duty. Consult each affected employee individually.",
                COUNTING.window_days, COUNTING.threshold
            ),
        );
    }

    // Minimum consultation period, from the day consultation began (today if not yet).
    let rule_date = input.disclosure_given_on.unwrap_or(input.today);
    let consultation_rule = period_rule(CONSULTATION_PERIOD_RULES, jurisdiction, band, rule_date);
    let minimum_days = consultation_rule.map(|rule| rule.days);
    let earliest = consultation_rule
        .zip(input.disclosure_given_on)
        .and_then(|(rule, start)| days_after(start, rule.days));
    if let Some(rule) = consultation_rule {
        match (input.disclosure_given_on, earliest, planned) {
            (None, _, planned) => {
                let latest_start = planned.and_then(|date| days_before(date, rule.days));
                let days = rule.days;
                let (severity, when) = match latest_start {
                    Some(latest) if input.today > latest => (
                        Severity::Error,
                        format!(
                            "it had to begin by {} ({days} days before the first dismissal)",
                            show(latest)
                        ),
                    ),
                    Some(latest) => (
                        Severity::Warning,
                        format!(
                            "it must begin by {} ({days} days before the first dismissal)",
                            show(latest)
                        ),
                    ),
                    None => (
                        Severity::Warning,
                        format!("it must begin at least {days} days before the first dismissal"),
                    ),
                };
                note(
                    severity,
                    rule.citation,
                    format!(
                        "Consultation has not started: the disclosure has not been given to the representatives, and {when}."
                    ),
                );
            }
            (Some(_), Some(earliest), Some(planned)) if planned < earliest => note(
                Severity::Error,
                rule.citation,
                format!(
                    "The first dismissal on {} is {} day(s) too early: with {} days' consultation the earliest lawful date is {}.",
                    show(planned),
                    (earliest - planned).num_days(),
                    rule.days,
                    show(earliest)
                ),
            ),
            _ => {}
        }
    }

    // Disclosure.
    let disclosure = check_disclosure_in(&input.disclosure, jurisdiction);
    let disclosure_complete = disclosure.iter().all(|item| item.present);
    if applies {
        // Once given, a gap is a defect in what the representatives received; before, a to-do.
        let severity = if input.disclosure_given_on.is_some() {
            Severity::Error
        } else {
            Severity::Warning
        };
        for item in disclosure.iter().filter(|item| !item.present) {
            note(
                severity,
                item.section,
                format!(
                    "The disclosure does not give {}.",
                    item.item.requirement().name
                ),
            );
        }
        if input.disclosure_changed_since && input.disclosure_given_on.is_some() {
            note(
                Severity::Warning,
                cite(Citation {
                    gb: "s188(4)",
                    ni: "art. 216(6)",
                }),
                "The proposal has changed since the disclosure was given: an updated disclosure is due to the representatives.".to_string(),
            );
        }
    }

    // s188(2) subjects.
    let uncovered: Vec<Concern> = Concern::ALL
        .into_iter()
        .filter(|concern| !input.covered.contains(concern))
        .collect();
    if applies {
        for concern in &uncovered {
            let (severity, tense) = if input.consultation_closed {
                (Severity::Error, "Consultation closed without covering")
            } else {
                (Severity::Warning, "Consultation has not yet covered")
            };
            note(
                severity,
                cite(concern.citation()),
                format!("{tense} {}.", concern.describe()),
            );
        }
    }

    // HR1 (s193), the latest day it may be made. Since December 2025 HR1 is online only and the
    // Insolvency Service keeps no copy for the employer, so Consult stores its own (DESIGN.md).
    let notification_rule = period_rule(NOTIFICATION_PERIOD_RULES, jurisdiction, band, rule_date);
    let hr1_due = notification_rule
        .zip(planned)
        .and_then(|(rule, planned)| days_before(planned, rule.days));
    if let (Some(rule), Some(due)) = (notification_rule, hr1_due) {
        match input.hr1_made_on {
            None if input.today > due => note(
                Severity::Error,
                rule.citation,
                format!(
                    "HR1 is overdue: it had to be made by {} ({} days before the first dismissal).",
                    show(due),
                    rule.days
                ),
            ),
            Some(made) if made > due => note(
                Severity::Warning,
                rule.citation,
                format!(
                    "HR1 was made late, on {}; it was due by {}.",
                    show(made),
                    show(due)
                ),
            ),
            _ => {}
        }
    }
    if applies && input.hr1_made_on.is_some() && !input.hr1_copy_to_representatives {
        note(
            Severity::Warning,
            cite(HR1_COPY),
            "The representatives have not been given a copy of the HR1 notification.".to_string(),
        );
    }

    // Protective award exposure: the most a tribunal could order if consultation fails, from
    // each employee's gross week's pay without on-costs and uncapped (s190(5)).
    let award_rule = protective_award_rule(jurisdiction, planned.unwrap_or(input.today));
    let employees = if applies { input.this.count } else { 0 };
    let exposure = if applies {
        protective_award::exposure(input.affected_pay, award_rule.max_days)
    } else {
        protective_award::Exposure::default()
    };
    let without_record = employees.saturating_sub(input.affected_pay.len() as u32);
    let unknown_pay_count = exposure.unknown.len() as u32 + without_record;
    if !exposure.estimated.is_empty() {
        note(
            Severity::Info,
            cite(WEEKS_PAY_CITATION),
            format!(
                "Weekly pay is estimated from the grade for {} employee(s): their grade's salary without on-costs × FTE ÷ 52. Enter their actual gross weekly pay for an exact protective award exposure.",
                exposure.estimated.len()
            ),
        );
    }
    if applies && unknown_pay_count > 0 {
        note(
            Severity::Info,
            cite(WEEKS_PAY_CITATION),
            format!(
                "Pay is unknown for {unknown_pay_count} of {employees} employee(s) proposed for dismissal (no weekly pay and no post on a graded pay scale, or no employee record), so the protective award exposure in money leaves them out."
            ),
        );
    }
    let protective_award = ProtectiveAward {
        max_days: award_rule.max_days,
        citation: award_rule.citation,
        employees,
        exposure_days: u64::from(employees) * u64::from(award_rule.max_days),
        exposure_pence: exposure.total.0,
        estimated_employees: exposure.estimated,
        unknown_pay_employees: exposure.unknown,
        unknown_pay_count,
    };

    let compliant = !applies
        || (disclosure_complete
            && matches!((earliest, planned), (Some(earliest), Some(planned)) if planned >= earliest));

    S188Assessment {
        applies,
        band,
        dismissals_in_window: in_window,
        minimum_days,
        consultation_start: input.disclosure_given_on,
        earliest_lawful_first_dismissal: earliest,
        planned_first_dismissal: planned,
        hr1_due,
        compliant,
        disclosure,
        uncovered,
        protective_award,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn plan(id: u128, first: Option<NaiveDate>, count: u32) -> PlannedDismissals {
        PlannedDismissals {
            proposal_id: Uuid::from_u128(id),
            first_dismissal: first,
            count,
        }
    }

    fn full_sources() -> DisclosureSources {
        DisclosureSources {
            reasons: Some("Loss of the regional contract".into()),
            description_count: 2,
            proposed_dismissals: 20,
            total_employed: 60,
            selection_method: Some("Skills matrix agreed with the union".into()),
            dismissal_method: Some("Notice in line with the agreed procedure".into()),
            dismissal_period: Some((day(2026, 3, 2), day(2026, 3, 31))),
            redundancy_pay_method: Some("Statutory formula with a 1.5 multiplier, uncapped".into()),
            agency_workers: Some("4 agency workers in the warehouse, picking".into()),
            found_in: vec![(
                DisclosureItemKind::SelectionMethod,
                "Disclosure letter §4".into(),
            )],
        }
    }

    /// A compliant 20-person GB proposal: consultation from 5 January, first dismissal 2 March.
    fn input(this: PlannedDismissals) -> S188Input<'static> {
        S188Input {
            this,
            others_at_establishment: &[],
            jurisdiction: Jurisdiction::GreatBritain,
            disclosure_given_on: Some(day(2026, 1, 5)),
            disclosure_changed_since: false,
            disclosure: full_sources(),
            hr1_made_on: Some(day(2026, 1, 5)),
            hr1_copy_to_representatives: true,
            covered: &Concern::ALL,
            consultation_closed: false,
            // £700 a week: exactly £100 a day.
            affected_pay: weekly_pays(&[70_000; 20]),
            today: day(2026, 1, 10),
        }
    }

    /// Employees with these actual weekly pays, in pence (leaked: tests only).
    fn weekly_pays(pence: &[i64]) -> &'static [AffectedPay] {
        let pays: Vec<AffectedPay> = pence
            .iter()
            .enumerate()
            .map(|(n, &weekly)| AffectedPay {
                name: format!("Employee {n}"),
                weekly_pay: Some(crate::domain::structure::Pence(weekly)),
                graded_posts: vec![],
            })
            .collect();
        Box::leak(pays.into_boxed_slice())
    }

    fn twenty() -> S188Input<'static> {
        input(plan(1, Some(day(2026, 3, 2)), 20))
    }

    fn with_section<'f>(findings: &'f [Finding], section: &str) -> Vec<&'f Finding> {
        findings.iter().filter(|f| f.section == section).collect()
    }

    // --- s188(1): counting and bands ---

    /// s188(1): 19 is below the threshold; individual consultation only, reported as INFO.
    #[test]
    fn s188_1_nineteen_dismissals_is_individual_only() {
        let mut i = input(plan(1, Some(day(2026, 3, 2)), 19));
        i.disclosure_given_on = None;
        i.hr1_made_on = None;
        let a = assess(&i);
        assert!(!a.applies);
        assert!(a.compliant);
        assert_eq!(a.band, Band::IndividualOnly);
        assert_eq!(a.minimum_days, None);
        assert_eq!(a.hr1_due, None);
        assert_eq!(a.protective_award.employees, 0);
        assert_eq!(a.findings.len(), 1);
        assert_eq!(a.findings[0].severity, Severity::Info);
        assert_eq!(a.findings[0].section, "s188(1)");
        assert!(a.findings[0].message.contains("individually"));
    }

    /// s188(1), s188(1A)(b): 20 needs 30 days.
    #[test]
    fn s188_1a_b_twenty_dismissals_need_30_days() {
        let a = assess(&twenty());
        assert!(a.applies);
        assert_eq!(a.band, Band::TwentyToNinetyNine);
        assert_eq!(a.minimum_days, Some(30));
        assert!(a.compliant);
        assert!(a.findings.is_empty(), "{:?}", a.findings);
    }

    /// s188(1A)(b): 99 still needs only 30 days.
    #[test]
    fn s188_1a_b_ninety_nine_dismissals_need_30_days() {
        let a = assess(&input(plan(1, Some(day(2026, 3, 2)), 99)));
        assert_eq!(a.band, Band::TwentyToNinetyNine);
        assert_eq!(a.minimum_days, Some(30));
    }

    /// s188(1A)(a): 100 needs 45 days (since SI 2013/763).
    #[test]
    fn s188_1a_a_hundred_dismissals_need_45_days() {
        let a = assess(&input(plan(1, Some(day(2026, 3, 2)), 100)));
        assert_eq!(a.band, Band::HundredOrMore);
        assert_eq!(a.minimum_days, Some(45));
        assert_eq!(a.earliest_lawful_first_dismissal, Some(day(2026, 2, 19)));
    }

    /// s188(1A)(a) and s193(1) before 6 April 2013 (SI 2013/763): 100+ needed 90 days.
    #[test]
    fn s188_1a_a_hundred_needed_90_days_before_6_april_2013() {
        let before = period_rule(
            CONSULTATION_PERIOD_RULES,
            Jurisdiction::GreatBritain,
            Band::HundredOrMore,
            day(2013, 4, 5),
        );
        let after = period_rule(
            CONSULTATION_PERIOD_RULES,
            Jurisdiction::GreatBritain,
            Band::HundredOrMore,
            day(2013, 4, 6),
        );
        assert_eq!(before.map(|r| r.days), Some(90));
        assert_eq!(after.map(|r| r.days), Some(45));
        let hr1_before = period_rule(
            NOTIFICATION_PERIOD_RULES,
            Jurisdiction::GreatBritain,
            Band::HundredOrMore,
            day(2013, 4, 5),
        );
        assert_eq!(hr1_before.map(|r| r.days), Some(90));
    }

    /// ER(NI)O 1996 art. 216(2)(a): Northern Ireland kept 90 days for 100 or more.
    #[test]
    fn ni_art_216_2_a_hundred_dismissals_need_90_days() {
        let mut i = input(plan(1, Some(day(2026, 6, 1)), 100));
        i.jurisdiction = Jurisdiction::NorthernIreland;
        let a = assess(&i);
        assert_eq!(a.minimum_days, Some(90));
        assert_eq!(a.earliest_lawful_first_dismissal, Some(day(2026, 4, 5)));
        assert!(
            a.disclosure
                .iter()
                .all(|d| d.section.starts_with("art. 216(6)"))
        );
    }

    /// ER(NI)O 1996 art. 216(2)(b): 20–99 in Northern Ireland is 30 days, as in GB; so is the
    /// notification to the Department under art. 221(2).
    #[test]
    fn ni_art_216_2_b_twenty_dismissals_need_30_days() {
        let mut i = twenty();
        i.jurisdiction = Jurisdiction::NorthernIreland;
        let a = assess(&i);
        assert_eq!(a.minimum_days, Some(30));
        assert_eq!(a.hr1_due, Some(day(2026, 1, 31)));
    }

    /// s188(1) "within a period of 90 days or less": 89 days apart share a 90-day window.
    #[test]
    fn s188_1_proposals_89_days_apart_are_counted_together() {
        let this = plan(1, Some(day(2026, 1, 1)), 10);
        let other = plan(2, Some(day(2026, 3, 31)), 10); // day 89
        assert_eq!((day(2026, 3, 31) - day(2026, 1, 1)).num_days(), 89);
        assert_eq!(dismissals_in_window(&this, &[other]), 20);
        assert_eq!(dismissals_in_window(&other, &[this]), 20);
    }

    /// s188(1): 90 days apart needs 91 calendar days, so no single 90-day window holds both.
    #[test]
    fn s188_1_proposals_90_days_apart_are_not_counted_together() {
        let this = plan(1, Some(day(2026, 1, 1)), 10);
        let other = plan(2, Some(day(2026, 4, 1)), 10); // day 90
        assert_eq!(dismissals_in_window(&this, &[other]), 10);
        let later = plan(3, Some(day(2026, 6, 1)), 10);
        assert_eq!(dismissals_in_window(&this, &[later]), 10);
    }

    /// s188(1): windows must contain this proposal; A(0), B(80), C(160) give B 20, never 30.
    /// Counting others raises an s188(3) reminder not to count employees already consulted on.
    #[test]
    fn s188_1_straddling_proposals_count_only_one_window_at_a_time() {
        let start = day(2026, 1, 1);
        let at = |id, offset| plan(id, start.checked_add_days(Days::new(offset)), 10);
        let (a, b, c) = (at(1, 0), at(2, 80), at(3, 160));
        assert_eq!(dismissals_in_window(&b, &[a, c]), 20);
        assert_eq!(dismissals_in_window(&a, &[b, c]), 20);
        assert_eq!(dismissals_in_window(&c, &[a, b]), 20);
        let mut i = input(b);
        let others = [a, c];
        i.others_at_establishment = &others;
        let assessed = assess(&i);
        assert_eq!(assessed.dismissals_in_window, 20);
        assert!(
            with_section(&assessed.findings, "s188(3)")
                .iter()
                .any(|f| f.severity == Severity::Info)
        );
    }

    /// s188(1): undated others cannot be placed in a window and are flagged; a copy of this
    /// proposal among the others is not counted twice.
    #[test]
    fn s188_1_undated_others_and_self_are_not_counted() {
        let this = plan(1, Some(day(2026, 3, 2)), 15);
        let others = [plan(1, Some(day(2026, 3, 2)), 15), plan(2, None, 10)];
        assert_eq!(dismissals_in_window(&this, &others), 15);
        let mut i = input(this);
        i.others_at_establishment = &others;
        let a = assess(&i);
        assert!(!a.applies);
        assert!(
            a.findings
                .iter()
                .any(|f| f.severity == Severity::Warning
                    && f.message.contains("could not be counted"))
        );
    }

    /// s188(1), s195(1): dismissal with an offer of re-engagement on new terms is a dismissal
    /// "as redundant", so 12 job losses and 8 fire-and-rehire dismissals make 20.
    #[test]
    fn s195_reengagement_dismissals_count_towards_the_threshold() {
        let job_losses = 12;
        let dismiss_and_reengage = 8;
        let a = assess(&input(plan(
            1,
            Some(day(2026, 3, 2)),
            job_losses + dismiss_and_reengage,
        )));
        assert!(a.applies);
        assert_eq!(a.band, Band::TwentyToNinetyNine);
    }

    /// s188(1): without a first dismissal date the band rests on the proposal's own count and
    /// the date is asked for.
    #[test]
    fn s188_1_undated_proposal_is_banded_by_its_own_count() {
        let this = plan(1, None, 120);
        let others = [plan(2, Some(day(2026, 3, 2)), 50)];
        let mut i = input(this);
        i.others_at_establishment = &others;
        let a = assess(&i);
        assert_eq!(a.dismissals_in_window, 120);
        assert_eq!(a.band, Band::HundredOrMore);
        assert!(!a.compliant);
        assert_eq!(a.hr1_due, None);
        assert!(
            with_section(&a.findings, "s188(1)")
                .iter()
                .any(|f| f.severity == Severity::Warning && f.message.contains("date is needed"))
        );
    }

    // --- s188(1A): the consultation clock ---

    /// s188(1A)(b): consultation from 5 January allows a first dismissal on 4 February.
    #[test]
    fn s188_1a_first_dismissal_on_the_earliest_lawful_date_is_compliant() {
        let i = input(plan(1, Some(day(2026, 2, 4)), 20));
        let a = assess(&i);
        assert_eq!(a.consultation_start, Some(day(2026, 1, 5)));
        assert_eq!(a.earliest_lawful_first_dismissal, Some(day(2026, 2, 4)));
        assert!(a.compliant);
    }

    /// s188(1A)(b): one day short of 30 days is not compliant and is an ERROR.
    #[test]
    fn s188_1a_one_day_short_is_not_compliant() {
        let mut i = input(plan(1, Some(day(2026, 2, 3)), 20));
        i.hr1_made_on = Some(day(2026, 1, 4));
        let a = assess(&i);
        assert!(!a.compliant);
        let errors = with_section(&a.findings, "s188(1A)(b)");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].severity, Severity::Error);
        assert!(errors[0].message.contains("1 day(s) too early"));
    }

    /// s188(1A): with no disclosure, consultation has not started; a WARNING while there is
    /// still time, an ERROR once the latest start date has passed.
    #[test]
    fn s188_1a_consultation_not_started() {
        let mut i = twenty();
        i.disclosure_given_on = None;
        let a = assess(&i);
        assert!(!a.compliant);
        assert_eq!(a.earliest_lawful_first_dismissal, None);
        let open = with_section(&a.findings, "s188(1A)(b)");
        assert_eq!(open[0].severity, Severity::Warning);
        assert!(open[0].message.contains("must begin by 31 January 2026"));

        i.today = day(2026, 2, 1);
        let a = assess(&i);
        let late = with_section(&a.findings, "s188(1A)(b)");
        assert_eq!(late[0].severity, Severity::Error);
        assert!(late[0].message.contains("had to begin by 31 January 2026"));
    }

    // --- s193: HR1 ---

    /// s193(2): HR1 for 20–99 is due 30 days before the first dismissal.
    #[test]
    fn s193_2_hr1_due_30_days_before_first_dismissal() {
        assert_eq!(assess(&twenty()).hr1_due, Some(day(2026, 1, 31)));
    }

    /// s193(1): HR1 for 100+ is due 45 days before; NI art. 221(1): 90 days.
    #[test]
    fn s193_1_hr1_due_45_days_before_and_ni_art_221_1_90_days() {
        let mut i = input(plan(1, Some(day(2026, 6, 1)), 100));
        assert_eq!(assess(&i).hr1_due, Some(day(2026, 4, 17)));
        i.jurisdiction = Jurisdiction::NorthernIreland;
        assert_eq!(assess(&i).hr1_due, Some(day(2026, 3, 3)));
    }

    /// s193(2): not made and past the due date is an ERROR; not yet due is nothing.
    #[test]
    fn s193_hr1_overdue() {
        let mut i = twenty();
        i.hr1_made_on = None;
        assert!(with_section(&assess(&i).findings, "s193(2)").is_empty());
        i.today = day(2026, 2, 1);
        let a = assess(&i);
        let overdue = with_section(&a.findings, "s193(2)");
        assert_eq!(overdue.len(), 1);
        assert_eq!(overdue[0].severity, Severity::Error);
        assert!(overdue[0].message.contains("overdue"));
    }

    /// s193(2): made after the due date is a WARNING; made on the due date is on time.
    #[test]
    fn s193_hr1_made_late() {
        let mut i = twenty();
        i.hr1_made_on = Some(day(2026, 1, 31));
        assert!(with_section(&assess(&i).findings, "s193(2)").is_empty());
        i.hr1_made_on = Some(day(2026, 2, 1));
        let late = assess(&i);
        let late = with_section(&late.findings, "s193(2)");
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].severity, Severity::Warning);
    }

    /// s193(6): the representatives must get a copy of the HR1.
    #[test]
    fn s193_6_missing_copy_to_representatives() {
        let mut i = twenty();
        i.hr1_copy_to_representatives = false;
        let a = assess(&i);
        let copy = with_section(&a.findings, "s193(6)");
        assert_eq!(copy.len(), 1);
        assert_eq!(copy[0].severity, Severity::Warning);
    }

    // --- s188(4): disclosure ---

    fn item(sources: &DisclosureSources, kind: DisclosureItemKind) -> DisclosureItem {
        check_disclosure(sources)
            .into_iter()
            .find(|i| i.item == kind)
            .unwrap()
    }

    fn assert_item(
        kind: DisclosureItemKind,
        section: &str,
        blank: impl Fn(&mut DisclosureSources),
    ) {
        let full = full_sources();
        let present = item(&full, kind);
        assert!(present.present, "{kind:?} should be present");
        assert_eq!(present.section, section);
        let mut gap = full.clone();
        blank(&mut gap);
        let missing = item(&gap, kind);
        assert!(!missing.present, "{kind:?} should be missing");
        assert_eq!(missing.found_in, None);
        assert_eq!(
            missing_disclosure(&check_disclosure(&gap)),
            vec![kind.requirement().name.to_string()]
        );

        // A gap in a disclosure already given is an ERROR citing the item and breaks compliance.
        let mut i = twenty();
        i.disclosure = gap;
        let a = assess(&i);
        assert!(!a.compliant);
        let found = with_section(&a.findings, section);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
    }

    /// s188(4)(a): the reasons; whitespace is not a reason.
    #[test]
    fn s188_4_a_reasons() {
        assert_item(DisclosureItemKind::Reasons, "s188(4)(a)", |s| {
            s.reasons = Some("  ".into())
        });
    }

    /// s188(4)(b): numbers and descriptions need a count and at least one description.
    #[test]
    fn s188_4_b_numbers_and_descriptions() {
        assert_item(
            DisclosureItemKind::NumbersAndDescriptions,
            "s188(4)(b)",
            |s| s.proposed_dismissals = 0,
        );
        let mut no_descriptions = full_sources();
        no_descriptions.description_count = 0;
        assert!(!item(&no_descriptions, DisclosureItemKind::NumbersAndDescriptions).present);
        assert!(!item(&no_descriptions, DisclosureItemKind::TotalEmployed).present);
    }

    /// s188(4)(c): the total employed of each description.
    #[test]
    fn s188_4_c_total_employed() {
        assert_item(DisclosureItemKind::TotalEmployed, "s188(4)(c)", |s| {
            s.total_employed = 0
        });
    }

    /// s188(4)(d): the selection method; where it was found is carried through.
    #[test]
    fn s188_4_d_selection_method() {
        assert_item(DisclosureItemKind::SelectionMethod, "s188(4)(d)", |s| {
            s.selection_method = None
        });
        assert_eq!(
            item(&full_sources(), DisclosureItemKind::SelectionMethod)
                .found_in
                .as_deref(),
            Some("Disclosure letter §4")
        );
    }

    /// s188(4)(e): the method of dismissal including the period over which they take effect.
    #[test]
    fn s188_4_e_dismissal_method_and_period() {
        assert_item(
            DisclosureItemKind::DismissalMethodAndPeriod,
            "s188(4)(e)",
            |s| s.dismissal_period = None,
        );
        assert_item(
            DisclosureItemKind::DismissalMethodAndPeriod,
            "s188(4)(e)",
            |s| s.dismissal_method = None,
        );
        assert_item(
            DisclosureItemKind::DismissalMethodAndPeriod,
            "s188(4)(e)",
            |s| s.dismissal_period = Some((day(2026, 3, 31), day(2026, 3, 2))),
        );
    }

    /// s188(4)(f): the method of calculating non-statutory redundancy pay.
    #[test]
    fn s188_4_f_redundancy_pay_method() {
        assert_item(DisclosureItemKind::RedundancyPayMethod, "s188(4)(f)", |s| {
            s.redundancy_pay_method = Some(String::new())
        });
    }

    /// s188(4)(g)-(i): agency workers (Agency Workers Regulations 2010).
    #[test]
    fn s188_4_g_agency_workers() {
        assert_item(DisclosureItemKind::AgencyWorkers, "s188(4)(g)-(i)", |s| {
            s.agency_workers = None
        });
    }

    /// s188(4): before the disclosure is given, gaps are WARNINGs to fix, not ERRORs.
    #[test]
    fn s188_4_gaps_before_disclosure_are_warnings() {
        let mut i = twenty();
        i.disclosure_given_on = None;
        i.disclosure = DisclosureSources::default();
        let a = assess(&i);
        let gaps: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.section.starts_with("s188(4)"))
            .collect();
        assert_eq!(gaps.len(), 7);
        assert!(gaps.iter().all(|f| f.severity == Severity::Warning));
        assert_eq!(missing_disclosure(&a.disclosure).len(), 7);
    }

    /// s188(4): a proposal changed after the disclosure needs an updated disclosure.
    #[test]
    fn s188_4_changed_proposal_needs_updated_disclosure() {
        let mut i = twenty();
        i.disclosure_changed_since = true;
        let a = assess(&i);
        let update = with_section(&a.findings, "s188(4)");
        assert_eq!(update.len(), 1);
        assert_eq!(update[0].severity, Severity::Warning);
        assert!(update[0].message.contains("updated disclosure"));
    }

    // --- s188(2): what consultation must cover ---

    /// s188(2)(b),(c): uncovered subjects are WARNINGs while consultation is open.
    #[test]
    fn s188_2_uncovered_concerns_while_open_are_warnings() {
        let mut i = twenty();
        i.covered = &[Concern::Avoiding];
        let a = assess(&i);
        assert_eq!(a.uncovered, vec![Concern::Reducing, Concern::Mitigating]);
        for section in ["s188(2)(b)", "s188(2)(c)"] {
            let found = with_section(&a.findings, section);
            assert_eq!(found.len(), 1);
            assert_eq!(found[0].severity, Severity::Warning);
        }
        assert!(with_section(&a.findings, "s188(2)(a)").is_empty());
    }

    /// s188(2)(a)-(c): once consultation has closed, anything uncovered is an ERROR.
    #[test]
    fn s188_2_uncovered_concerns_after_close_are_errors() {
        let mut i = twenty();
        i.covered = &[];
        i.consultation_closed = true;
        let a = assess(&i);
        assert_eq!(a.uncovered, Concern::ALL.to_vec());
        let errors: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.section.starts_with("s188(2)"))
            .collect();
        assert_eq!(errors.len(), 3);
        assert!(errors.iter().all(|f| f.severity == Severity::Error));
    }

    // --- s189: protective award ---

    /// s189(4)(b): a first dismissal on 5 April 2026 is under the 90-day maximum.
    #[test]
    fn s189_4_first_dismissal_5_april_2026_uses_90_days() {
        let a = assess(&input(plan(1, Some(day(2026, 4, 5)), 20)));
        assert_eq!(a.protective_award.max_days, 90);
        assert_eq!(a.protective_award.citation, "s189(4)(b)");
        assert_eq!(a.protective_award.employees, 20);
        assert_eq!(a.protective_award.exposure_days, 1_800);
        // 20 × £100 × 90 days.
        assert_eq!(a.protective_award.exposure_pence, 18_000_000);
    }

    /// s189(4)(b) as amended by the Employment Rights Act 2025: 180 days from 6 April 2026.
    #[test]
    fn s189_4_first_dismissal_6_april_2026_uses_180_days() {
        let a = assess(&input(plan(1, Some(day(2026, 4, 6)), 20)));
        assert_eq!(a.protective_award.max_days, 180);
        assert_eq!(a.protective_award.exposure_days, 3_600);
        assert_eq!(a.protective_award.exposure_pence, 36_000_000);
    }

    /// s189: with no first dismissal date the rule in force today applies; employees proposed
    /// for dismissal without a record have unknown pay, which is flagged (s190(5)).
    #[test]
    fn s189_undated_proposal_uses_today_and_flags_missing_pay() {
        let mut i = input(plan(1, None, 25));
        i.today = day(2026, 5, 1);
        i.affected_pay = weekly_pays(&[70_000, 140_000]);
        let a = assess(&i);
        assert_eq!(a.protective_award.max_days, 180);
        assert_eq!(a.protective_award.employees, 25);
        assert_eq!(a.protective_award.exposure_pence, (10_000 + 20_000) * 180);
        assert_eq!(a.protective_award.unknown_pay_count, 23);
        let unknown = with_section(&a.findings, "s190(5); ERA 1996 ss221-229");
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].severity, Severity::Info);
        assert!(unknown[0].message.contains("Pay is unknown for 23 of 25"));
    }

    /// ER(NI)O art. 217: the 2025 Act does not reach Northern Ireland; still 90 days.
    #[test]
    fn ni_art_217_protective_award_stays_90_days() {
        let mut i = input(plan(1, Some(day(2026, 6, 1)), 20));
        i.jurisdiction = Jurisdiction::NorthernIreland;
        assert_eq!(assess(&i).protective_award.max_days, 90);
    }

    /// s190(5), ERA 1996 ss221-229: a week's pay estimated from the grade (salary without
    /// on-costs × FTE ÷ 52) is an INFO naming how many, with the names for HR; someone with
    /// neither weekly pay nor a graded post is unknown and left out of the money.
    #[test]
    fn s190_5_estimated_and_unknown_weekly_pay_are_flagged() {
        use crate::domain::protective_award::GradedPost;
        use crate::domain::structure::{Fte, Pence};
        let mut pays = weekly_pays(&[70_000; 18]).to_vec();
        pays.push(AffectedPay {
            name: "Jo Brierley".into(),
            weekly_pay: None,
            // £26,000 at 0.6 FTE: £300 a week.
            graded_posts: vec![GradedPost {
                salary: Pence(2_600_000),
                fte: Fte::from_hundredths(60),
            }],
        });
        pays.push(AffectedPay {
            name: "Sam Unknown".into(),
            weekly_pay: None,
            graded_posts: vec![],
        });
        let mut i = input(plan(1, Some(day(2026, 4, 6)), 20));
        i.affected_pay = Box::leak(pays.into_boxed_slice());
        let a = assess(&i);
        let award = &a.protective_award;
        // 18 × £700 × 180 ÷ 7 + £300 × 180 ÷ 7 (£7,714.29).
        assert_eq!(award.exposure_pence, 18 * 1_800_000 + 771_429);
        assert_eq!(award.estimated_employees, vec!["Jo Brierley".to_owned()]);
        assert_eq!(award.unknown_pay_employees, vec!["Sam Unknown".to_owned()]);
        assert_eq!(award.unknown_pay_count, 1);
        let pay = with_section(&a.findings, "s190(5); ERA 1996 ss221-229");
        assert_eq!(pay.len(), 2, "{pay:?}");
        assert!(pay.iter().all(|f| f.severity == Severity::Info));
        assert!(
            pay[0]
                .message
                .starts_with("Weekly pay is estimated from the grade for 1 employee(s)")
        );
        assert!(pay[1].message.contains("Pay is unknown for 1 of 20"));

        // Northern Ireland cites the ER(NI)O's s190 (art. 218(5)).
        i.jurisdiction = Jurisdiction::NorthernIreland;
        assert_eq!(with_section(&assess(&i).findings, "art. 218(5)").len(), 2);

        // Below the threshold there is no award, so nothing is estimated.
        let few = input(plan(1, Some(day(2026, 4, 6)), 19));
        let a = assess(&S188Input {
            affected_pay: i.affected_pay,
            ..few
        });
        assert_eq!(a.protective_award.exposure_pence, 0);
        assert!(a.protective_award.estimated_employees.is_empty());
        assert!(a.findings.iter().all(|f| !f.section.starts_with("s190")));
    }

    // --- plumbing ---

    #[test]
    fn requirement_table_matches_the_kinds() {
        for kind in DisclosureItemKind::ALL {
            assert_eq!(kind.requirement().kind, kind);
        }
    }

    #[test]
    fn as_str_is_screaming_snake_case() {
        assert_eq!(Band::TwentyToNinetyNine.as_str(), "TWENTY_TO_NINETY_NINE");
        assert_eq!(Severity::Warning.as_str(), "WARNING");
        assert_eq!(
            DisclosureItemKind::DismissalMethodAndPeriod.as_str(),
            "DISMISSAL_METHOD_AND_PERIOD"
        );
        assert_eq!(Concern::Mitigating.as_str(), "MITIGATING");
    }
}
