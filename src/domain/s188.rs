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
//! (not in force and not yet defined when this was written); s193(3)'s exclusion of employees
//! already notified (Consult applies s188(3)'s rule to the count both use); the "special
//! circumstances" defences in s188(7) and s193(7), which are for a tribunal.

use super::protective_award::{self, AffectedPay, WEEKS_PAY_CITATION};
use super::{DomainError, proposal::Jurisdiction, text};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
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

/// s188(3) / art. 216(5): "no account shall be taken of employees in respect of whose proposed
/// dismissals consultation has already begun". Consult reads it both ways: a proposal made
/// after another's consultation began does not count that one's employees, and an earlier
/// proposal's duty is not re-opened by one made after its own consultation began.
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

/// How long before the first dismissal the HR1 notification must be made: the second limb,
/// s193(1)(b)/(2)(b). The first limb, before any notice of dismissal is given, is
/// `HR1_BEFORE_NOTICE`.
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

/// s193(1)(a)/(2)(a): HR1 must be made before notice of dismissal is given to any of the
/// employees, inserted after Junk v Kühnel by the Collective Redundancies and Transfer of
/// Undertakings (Protection of Employment) (Amendment) Regulations 2006 (SI 2006/2387) from
/// 1 October 2006. Unsure: the NI paragraph letters, assumed to mirror art. 221(1)/(2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeLimbRule {
    pub band: Band,
    pub effective_from: NaiveDate,
    pub citation: Citation,
}

pub const HR1_BEFORE_NOTICE: &[NoticeLimbRule] = &[
    NoticeLimbRule {
        band: Band::TwentyToNinetyNine,
        effective_from: ymd(2006, 10, 1),
        citation: Citation {
            gb: "s193(2)(a)",
            ni: "art. 221(2)(a)",
        },
    },
    NoticeLimbRule {
        band: Band::HundredOrMore,
        effective_from: ymd(2006, 10, 1),
        citation: Citation {
            gb: "s193(1)(a)",
            ni: "art. 221(1)(a)",
        },
    },
];

/// A rule a court laid down, with the day it was given where Consult applies it by date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseLaw {
    pub citation: &'static str,
    /// The judgment's date; dates before it are not judged by the rule.
    pub from: NaiveDate,
}

/// Junk v Kühnel (C-188/03) [2005] IRLR 310, judgment of 27 January 2005: under the Collective
/// Redundancies Directive (98/59/EC), which s188 implements, the "event constituting redundancy"
/// is the employer's notice of dismissal, so no notice may be given, and no dismissal take
/// effect, until consultation has ended. It binds the reading of s188 as retained case law.
pub const JUNK: CaseLaw = CaseLaw {
    citation: "Junk v Kühnel (C-188/03)",
    from: ymd(2005, 1, 27),
};

/// Hardy v Tourism South East [1992] IRLR 5 (EAT): the number proposed for dismissal is fixed
/// when consultation begins; redeploying some of them later does not reduce it. Applied to
/// every proposal Consult holds (it predates them all), so its date is the earliest modelled.
pub const HARDY: CaseLaw = CaseLaw {
    citation: "Hardy v Tourism South East",
    from: EARLIEST_MODELLED,
};

/// s188(1A) / art. 216(2): consultation begins only when the representatives have the s188(4)
/// information in writing (s188(4) opens "For the purposes of the consultation the employer
/// shall disclose in writing"); Consult counts from the first disclosure that gave it all.
pub const DISCLOSURE: Citation = Citation {
    gb: "s188(4)",
    ni: "art. 216(6)",
};

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
/// doubles the maximum to 180 days from 6 April 2026, per docs/design.md. Unsure: check that date
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
    /// What it is about, so that the open gate can list each problem once.
    pub topic: Topic,
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    Other,
    /// Consultation has not started: no complete disclosure has been given.
    NotStarted,
    /// One s188(4) item is missing or inadequate.
    DisclosureItem(DisclosureItemKind),
}

/// A proposal's planned redundancy dismissals at one establishment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedDismissals {
    pub proposal_id: Uuid,
    pub first_dismissal: Option<NaiveDate>,
    /// Every proposed dismissal for a reason not related to the individual (s195(1)), which
    /// includes dismissing and offering re-engagement on new terms ("fire and rehire";
    /// GMB v Man Truck & Bus UK Ltd [2000] ICR 1101) and volunteers, not only jobs that
    /// disappear.
    pub count: u32,
    /// The day the proposal was made (it left draft); `None` while it is a draft, which is
    /// not yet proposed.
    pub proposed_on: Option<NaiveDate>,
    /// The day its consultation began (its first complete disclosure).
    pub consultation_began: Option<NaiveDate>,
}

/// A draft at the establishment: not yet proposed, so not counted, but shown before it bites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftProposal {
    pub plan: PlannedDismissals,
    pub title: String,
}

/// One disclosure given to the representatives, as it was when given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenDisclosure {
    pub given_on: NaiveDate,
    /// The items it did not give (empty when complete).
    pub missing: Vec<DisclosureItemKind>,
    /// This proposal's proposed dismissals, as disclosed.
    pub proposed_dismissals: u32,
    /// The dismissals at the establishment within 90 days when given, where recorded.
    pub dismissals_in_window: Option<u32>,
}

impl GivenDisclosure {
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// The disclosure is recorded when the representatives have it: never on a day to come.
pub fn check_given_on(given_on: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
    if given_on > today {
        return Err(DomainError::bad_input(
            "input.givenOn",
            "Record the disclosure once the representatives have it: the day given cannot be in the future.",
        ));
    }
    Ok(())
}

/// The first complete disclosure: the day consultation began and the numbers then
/// (Hardy v Tourism South East [1992] IRLR 5: the duty, and its size, are fixed by the proposal
/// when consultation begins). Later disclosures update the representatives; they do not move it.
pub fn consultation_start(disclosures: &[GivenDisclosure]) -> Option<&GivenDisclosure> {
    consultation_start_index(disclosures).map(|i| &disclosures[i])
}

/// Which of `disclosures` began consultation (`consultation_start`), by position.
pub fn consultation_start_index(disclosures: &[GivenDisclosure]) -> Option<usize> {
    disclosures
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_complete())
        .min_by_key(|(_, d)| d.given_on)
        .map(|(i, _)| i)
}

/// The establishment's workforce by description, as HR entered it on a date (s188(4)(c)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workforce {
    pub as_of: NaiveDate,
    pub descriptions: Vec<WorkforceDescription>,
}

/// One description of employee (a role or grade) and how many are employed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkforceDescription {
    pub description: String,
    pub headcount: u32,
}

/// The most descriptions one establishment's workforce is given in.
pub const MAX_WORKFORCE_DESCRIPTIONS: usize = 500;
/// More people than any one establishment employs.
pub const MAX_HEADCOUNT: i32 = 1_000_000;

impl Workforce {
    pub fn total(&self) -> u32 {
        self.descriptions
            .iter()
            .fold(0u32, |total, d| total.saturating_add(d.headcount))
    }

    /// Validates HR's input: dated no later than `today`, each description named once with a
    /// number employed.
    pub fn parse(
        as_of: NaiveDate,
        rows: &[(String, i32)],
        today: NaiveDate,
        field: &str,
    ) -> Result<Self, DomainError> {
        if as_of > today {
            return Err(DomainError::bad_input(
                format!("{field}.asOf"),
                "The workforce is counted on a day that has come: give today's date or an earlier one.",
            ));
        }
        if rows.len() > MAX_WORKFORCE_DESCRIPTIONS {
            return Err(DomainError::bad_input(
                format!("{field}.descriptions"),
                format!("Give at most {MAX_WORKFORCE_DESCRIPTIONS} descriptions."),
            ));
        }
        let mut descriptions: Vec<WorkforceDescription> = Vec::with_capacity(rows.len());
        for (i, (description, headcount)) in rows.iter().enumerate() {
            let at = format!("{field}.descriptions[{i}]");
            let description = text::required_line(
                description,
                &format!("{at}.description"),
                "the description",
                text::SHORT_MAX_CHARS,
            )?;
            if descriptions
                .iter()
                .any(|d| d.description.eq_ignore_ascii_case(&description))
            {
                return Err(DomainError::bad_input(
                    format!("{at}.description"),
                    format!("\"{description}\" is listed twice: give each description once."),
                ));
            }
            if !(1..=MAX_HEADCOUNT).contains(headcount) {
                return Err(DomainError::bad_input(
                    format!("{at}.headcount"),
                    format!("The number employed is a whole number from 1 to {MAX_HEADCOUNT}."),
                ));
            }
            descriptions.push(WorkforceDescription {
                description,
                headcount: *headcount as u32,
            });
        }
        Ok(Self {
            as_of,
            descriptions,
        })
    }
}

/// A selection pool (a ring fence) and the method stated for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectionPool {
    pub name: String,
    pub method: String,
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
    /// The establishment's workforce by description (s188(4)(c)); not the posts in the
    /// proposal, which are only the part it changes.
    pub workforce: Option<Workforce>,
    pub selection_method: Option<String>,
    /// The pools people are chosen from; each needs its own method (s188(4)(d)).
    pub pools: Vec<SelectionPool>,
    pub dismissal_method: Option<String>,
    /// First and last date on which dismissals take effect.
    pub dismissal_period: Option<(NaiveDate, NaiveDate)>,
    pub redundancy_pay_method: Option<String>,
    pub agency_workers: Option<String>,
    /// Where each item was found (e.g. "Disclosure letter, section 3"), for the audit trail.
    pub found_in: Vec<(DisclosureItemKind, String)>,
    /// Open information requests about an item (issue 20): while one is open the item does
    /// not count as disclosed (`information_request::outstanding_problem`, s188(4)).
    pub outstanding_requests: Vec<super::information_request::OutstandingRequest>,
}

/// One s188(4) item and whether the disclosure contains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisclosureItem {
    pub item: DisclosureItemKind,
    pub section: &'static str,
    pub present: bool,
    /// Where it was found; `None` when it is missing.
    pub found_in: Option<String>,
    /// What the disclosure says for it, so that a person can judge it.
    pub text: Option<String>,
    /// Why it does not count as given, when it does not.
    pub problem: Option<String>,
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
    /// Other proposals made (not drafts, not withdrawn) at the same establishment; the engine
    /// applies s188(3) to decide which of them count.
    pub others_at_establishment: &'a [PlannedDismissals],
    /// Drafts at the same establishment: not counted, but warned about.
    pub drafts_at_establishment: &'a [DraftProposal],
    pub jurisdiction: Jurisdiction,
    /// Every disclosure given to the representatives, oldest first. Consultation began with
    /// the first complete one.
    pub disclosures: &'a [GivenDisclosure],
    /// The proposal has changed since the latest disclosure was given.
    pub disclosure_changed_since: bool,
    /// The consultation's planned last day.
    pub consultation_last_day: Option<NaiveDate>,
    /// The planned day the first notice of dismissal is given.
    pub planned_first_notice: Option<NaiveDate>,
    /// The day the first notice was actually given, once the individual stage records it;
    /// it replaces the plan.
    pub actual_first_notice: Option<NaiveDate>,
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
    /// The count that decides the duty and the periods: the larger of the dismissals in the
    /// window now and when consultation began (Hardy).
    pub dismissals_in_window: u32,
    /// This proposal's proposed dismissals now.
    pub proposed_dismissals_now: u32,
    /// This proposal's proposed dismissals when consultation began.
    pub proposed_dismissals_at_start: Option<u32>,
    /// The dismissals in the window when consultation began.
    pub dismissals_in_window_at_start: Option<u32>,
    pub minimum_days: Option<u32>,
    pub consultation_start: Option<NaiveDate>,
    pub earliest_lawful_first_dismissal: Option<NaiveDate>,
    pub planned_first_dismissal: Option<NaiveDate>,
    /// The first notice of dismissal: given, or else planned.
    pub first_notice: Option<NaiveDate>,
    /// The last day HR1 may be made: the earlier of its two limbs.
    pub hr1_due: Option<NaiveDate>,
    /// s193(x)(a): the day before the first notice of dismissal.
    pub hr1_due_before_notice: Option<NaiveDate>,
    /// s193(x)(b): 30 or 45 days before the first dismissal.
    pub hr1_due_before_dismissal: Option<NaiveDate>,
    pub compliant: bool,
    pub disclosure: Vec<DisclosureItem>,
    pub uncovered: Vec<Concern>,
    pub protective_award: ProtectiveAward,
    pub findings: Vec<Finding>,
}

/// s188(1) and s188(3): whether `other`'s dismissals count when judging `this`. A draft is not
/// yet proposed. An other whose consultation had begun before `this` was made is not counted
/// again; an other made after `this`'s consultation began does not re-open `this`'s duty. On the
/// same day, Consult counts it: the reading that cannot under-count. A draft `this` is judged
/// as if it were proposed `today`.
pub fn counts_towards(
    this: &PlannedDismissals,
    other: &PlannedDismissals,
    today: NaiveDate,
) -> bool {
    let Some(other_made) = other.proposed_on else {
        return false;
    };
    let this_made = this.proposed_on.unwrap_or(today);
    let already_consulted = other
        .consultation_began
        .is_some_and(|began| began < this_made);
    let made_after_this_began = this
        .consultation_began
        .is_some_and(|began| other_made > began);
    other.proposal_id != this.proposal_id && !already_consulted && !made_after_this_began
}

/// The largest number of dismissals, from this proposal and the others at its establishment
/// that count (`counts_towards`), in any one window of 90 consecutive days containing this
/// proposal's date. Undated others cannot be placed and are left out; an undated `this` counts
/// alone.
pub fn dismissals_in_window(
    this: &PlannedDismissals,
    others: &[PlannedDismissals],
    today: NaiveDate,
) -> u32 {
    let Some(date) = this.first_dismissal else {
        return this.count;
    };
    // Offsets in days from this proposal; it sits at 0.
    let mut dated: Vec<(i64, u32)> = vec![(0, this.count)];
    dated.extend(
        others
            .iter()
            .filter(|other| counts_towards(this, other, today))
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

/// Texts that hold a place rather than say anything (compared lower-case, without trailing
/// full stops).
const PLACEHOLDERS: &[&str] = &[
    "tbc",
    "tba",
    "tbd",
    "to be confirmed",
    "to be agreed",
    "to be decided",
    "to follow",
    "n/a",
    "na",
    "none",
    "-",
    "todo",
    "pending",
    "see above",
    "see below",
    "see attached",
    "as above",
];

/// Whether a text could say how people are chosen: not a placeholder, and at least three
/// words. A heuristic: the panel shows the text beside the item so that a person judges it.
pub fn states_a_method(text: &str) -> bool {
    let trimmed = text.trim().trim_end_matches('.').trim().to_lowercase();
    !PLACEHOLDERS.contains(&trimmed.as_str()) && trimmed.split_whitespace().count() >= 3
}

fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks each disclosure item, citing the law of `jurisdiction` (art. 216(6) for NI).
pub fn check_disclosure_in(
    sources: &DisclosureSources,
    jurisdiction: Jurisdiction,
) -> Vec<DisclosureItem> {
    let text = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    DISCLOSURE_REQUIREMENTS
        .iter()
        .map(|requirement| {
            // (shown text, why it does not count)
            let (shown, problem): (Option<String>, Option<String>) = match requirement.kind {
                DisclosureItemKind::Reasons => {
                    let shown = text(&sources.reasons);
                    let problem = shown.is_none().then(|| "No reasons are given.".to_owned());
                    (shown, problem)
                }
                DisclosureItemKind::NumbersAndDescriptions => {
                    let shown = format!(
                        "{} proposed dismissal(s) in {} description(s)",
                        sources.proposed_dismissals, sources.description_count
                    );
                    let problem = (sources.proposed_dismissals == 0
                        || sources.description_count == 0)
                        .then(|| "No employees are proposed for dismissal.".to_owned());
                    (Some(shown), problem)
                }
                DisclosureItemKind::TotalEmployed => match &sources.workforce {
                    None => (
                        None,
                        Some("The establishment's workforce by description has not been entered (the posts in the proposal are not the whole establishment).".to_owned()),
                    ),
                    Some(workforce) => {
                        let shown = format!(
                            "{} (as at {})",
                            workforce
                                .descriptions
                                .iter()
                                .map(|d| format!("{}: {}", d.description, d.headcount))
                                .collect::<Vec<_>>()
                                .join("; "),
                            show(workforce.as_of)
                        );
                        let problem = if workforce.descriptions.is_empty()
                            || workforce.descriptions.iter().any(|d| d.headcount == 0)
                        {
                            Some("Every description needs a number employed.".to_owned())
                        } else if workforce.total() < sources.proposed_dismissals {
                            Some(format!(
                                "The establishment's workforce ({}) is smaller than the {} proposed dismissals.",
                                workforce.total(),
                                sources.proposed_dismissals
                            ))
                        } else {
                            None
                        };
                        (Some(shown), problem)
                    }
                },
                DisclosureItemKind::SelectionMethod => {
                    let shown = text(&sources.selection_method);
                    let vague: Vec<&str> = sources
                        .pools
                        .iter()
                        .filter(|pool| !states_a_method(&pool.method))
                        .map(|pool| pool.name.as_str())
                        .collect();
                    let problem = match &shown {
                        None => Some("No selection method is given.".to_owned()),
                        Some(t) if !states_a_method(t) => Some(format!(
                            "\"{t}\" does not say how people are chosen: give the criteria for each competitive pool, the slot-in rules and any ring fences."
                        )),
                        Some(_) if !vague.is_empty() => Some(format!(
                            "No method is stated for the pool(s) {}.",
                            quoted_list(&vague)
                        )),
                        Some(_) => None,
                    };
                    let shown = shown.map(|t| {
                        let pools: Vec<String> = sources
                            .pools
                            .iter()
                            .map(|p| format!("{}: {}", p.name, p.method.trim()))
                            .collect();
                        if pools.is_empty() {
                            t
                        } else {
                            format!("{t}\nPools: {}", pools.join("; "))
                        }
                    });
                    (shown, problem)
                }
                // (e) expressly includes the period over which dismissals take effect.
                DisclosureItemKind::DismissalMethodAndPeriod => {
                    let method = text(&sources.dismissal_method);
                    let period = sources.dismissal_period.filter(|(from, to)| from <= to);
                    let problem = match (&method, period) {
                        (None, _) => Some("No method of carrying out the dismissals is given.".to_owned()),
                        (Some(_), None) => Some("The period over which the dismissals take effect is not set (plan the first dismissal).".to_owned()),
                        _ => None,
                    };
                    let shown = method.map(|m| match period {
                        Some((from, to)) => format!("{m} ({} to {})", show(from), show(to)),
                        None => m,
                    });
                    (shown, problem)
                }
                DisclosureItemKind::RedundancyPayMethod => {
                    let shown = text(&sources.redundancy_pay_method);
                    let problem = shown
                        .is_none()
                        .then(|| "No method of calculating redundancy payments is given.".to_owned());
                    (shown, problem)
                }
                DisclosureItemKind::AgencyWorkers => {
                    let shown = text(&sources.agency_workers);
                    let problem = shown.is_none().then(|| {
                        "Nothing is said about agency workers (say \"none\" if there are none).".to_owned()
                    });
                    (shown, problem)
                }
            };
            // s188(4): the representatives must have the information in writing; what they
            // asked for about this item and were not given keeps it from counting.
            let section = requirement.citation.get(jurisdiction);
            let outstanding: Vec<_> = sources
                .outstanding_requests
                .iter()
                .filter(|r| r.item == requirement.kind)
                .collect();
            let problem = problem.or_else(|| {
                super::information_request::outstanding_problem(&outstanding, section)
            });
            let present = problem.is_none();
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
                section,
                present,
                found_in,
                text: shown,
                problem,
            }
        })
        .collect()
}

/// What is missing from the disclosure, a sentence per item for the lifecycle gate:
/// "Disclose the selection method (s188(4)(d)): No method is stated for the pool(s) ...".
pub fn missing_disclosure(items: &[DisclosureItem]) -> Vec<String> {
    items
        .iter()
        .filter(|item| !item.present)
        .map(|item| {
            let name = item.item.requirement().name;
            match &item.problem {
                Some(problem) => format!("Disclose {name} ({}): {problem}", item.section),
                None => format!("Disclose {name} ({}).", item.section),
            }
        })
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

/// Findings as the assessment collects them.
#[derive(Default)]
struct Notes(Vec<Finding>);

impl Notes {
    fn add(&mut self, severity: Severity, section: &'static str, message: String) {
        self.about(Topic::Other, severity, section, message);
    }

    fn about(&mut self, topic: Topic, severity: Severity, section: &'static str, message: String) {
        self.0.push(Finding {
            severity,
            message,
            section,
            topic,
        });
    }
}

/// The HR1 limb of s193(1)(a)/(2)(a) for `band` in force on `on`.
pub fn notice_limb_rule(band: Band, on: NaiveDate) -> Option<&'static NoticeLimbRule> {
    HR1_BEFORE_NOTICE
        .iter()
        .filter(|rule| rule.band == band && rule.effective_from <= on)
        .max_by_key(|rule| rule.effective_from)
}

/// Decides where a proposal stands under s188–s193 and what it risks under s189.
pub fn assess(input: &S188Input<'_>) -> S188Assessment {
    let jurisdiction = input.jurisdiction;
    let cite = |citation: Citation| citation.get(jurisdiction);
    let mut notes = Notes::default();

    let planned = input.this.first_dismissal;
    let counting = cite(COUNTING.citation);
    let start = consultation_start(input.disclosures);
    let consultation_began = start.map(|d| d.given_on);
    // The engine, not the caller, decides when this proposal's consultation began.
    let this = PlannedDismissals {
        consultation_began,
        ..input.this
    };
    let in_window_now = dismissals_in_window(&this, input.others_at_establishment, input.today);
    // Hardy: the number when consultation began fixes the duty; placing people later reduces
    // the dismissals but neither removes the duty nor shortens the period. A larger number
    // now (more dismissals proposed since) needs consultation too, so the larger one counts.
    let in_window_at_start = start.map(|d| d.dismissals_in_window.unwrap_or(d.proposed_dismissals));
    let in_window = in_window_now.max(in_window_at_start.unwrap_or(0));
    let band = Band::for_count(in_window);
    let applies = band != Band::IndividualOnly;

    // Counting.
    if planned.is_none() {
        notes.add(
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
    let counted: Vec<&PlannedDismissals> = input
        .others_at_establishment
        .iter()
        .filter(|other| counts_towards(&this, other, input.today))
        .collect();
    let undated_others = counted
        .iter()
        .filter(|other| other.first_dismissal.is_none())
        .count();
    if undated_others > 0 {
        notes.add(
            Severity::Warning,
            counting,
            format!(
                "{undated_others} other proposal(s) at this establishment have no planned dismissal date and could not be counted."
            ),
        );
    }
    if in_window_now > this.count {
        notes.add(
            Severity::Info,
            counting,
            format!(
                "{in_window_now} dismissals at this establishment fall within {} days, {} of them from other proposals.",
                COUNTING.window_days,
                in_window_now - this.count
            ),
        );
    }
    let excluded = input.others_at_establishment.len() - counted.len();
    if excluded > 0 {
        notes.add(
            Severity::Info,
            cite(ALREADY_CONSULTED),
            format!(
                "{excluded} other proposal(s) at this establishment are not counted: their consultation had begun before this proposal was made, or they were made after this proposal's consultation began."
            ),
        );
    }
    for draft in input.drafts_at_establishment {
        // As if it were proposed today.
        let proposed = PlannedDismissals {
            proposed_on: Some(input.today),
            consultation_began: None,
            ..draft.plan
        };
        let mut with_draft = input.others_at_establishment.to_vec();
        with_draft.push(proposed);
        let would_be = dismissals_in_window(&this, &with_draft, input.today)
            .max(in_window_at_start.unwrap_or(0));
        if would_be > in_window {
            let consequence = match Band::for_count(would_be) {
                b if b == band => String::new(),
                Band::TwentyToNinetyNine => {
                    ", and the collective consultation duty would apply".to_owned()
                }
                _ => format!(", and the band would become {}", COUNTING.large),
            };
            notes.add(
                Severity::Warning,
                counting,
                format!(
                    "A draft at this establishment (\"{}\") would bring the count to {would_be}{consequence}. It counts once it is proposed.",
                    draft.title
                ),
            );
        }
    }
    if let (Some(at_start), Some(first)) = (in_window_at_start, start)
        && in_window_now < at_start
    {
        notes.add(
            Severity::Info,
            HARDY.citation,
            format!(
                "{at_start} dismissal(s) were proposed when consultation began on {}; {in_window_now} now. Placing people reduces the dismissals but does not remove the duty or shorten the period.",
                show(first.given_on)
            ),
        );
    }
    if !applies {
        notes.add(
            Severity::Info,
            counting,
            format!(
                "{in_window} proposed dismissal(s) at this establishment within {} days is fewer than {}: there is no collective consultation duty. Consult each affected employee individually.",
                COUNTING.window_days, COUNTING.threshold
            ),
        );
    }

    // Disclosure: what the proposal would disclose now, and what was given.
    let disclosure = check_disclosure_in(&input.disclosure, jurisdiction);
    let disclosure_complete = disclosure.iter().all(|item| item.present);
    let disclosure_section = cite(DISCLOSURE);
    let latest_given = input.disclosures.iter().max_by_key(|d| d.given_on);

    // Minimum consultation period, from the day consultation began (today if not yet).
    let rule_date = consultation_began.unwrap_or(input.today);
    let consultation_rule = period_rule(CONSULTATION_PERIOD_RULES, jurisdiction, band, rule_date);
    let minimum_days = consultation_rule.map(|rule| rule.days);
    let earliest = consultation_rule
        .zip(consultation_began)
        .and_then(|(rule, start)| days_after(start, rule.days));
    if let Some(rule) = consultation_rule {
        match (consultation_began, earliest, planned) {
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
                let why = match latest_given {
                    None => "the s188(4) disclosure has not been given to the representatives"
                        .to_owned(),
                    Some(given) => format!(
                        "the disclosure given on {} did not give {}, and consultation begins only when the representatives have all the s188(4) information in writing",
                        show(given.given_on),
                        given
                            .missing
                            .iter()
                            .map(|kind| kind.requirement().citation.get(jurisdiction))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                notes.about(
                    Topic::NotStarted,
                    severity,
                    rule.citation,
                    format!("Consultation has not started: {why}; {when}."),
                );
            }
            (Some(_), Some(earliest), Some(planned)) if planned < earliest => notes.add(
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

    if applies {
        // Once consultation began, a gap is a defect in what the representatives have;
        // before, a to-do.
        let severity = if consultation_began.is_some() {
            Severity::Error
        } else {
            Severity::Warning
        };
        for item in disclosure.iter().filter(|item| !item.present) {
            notes.about(
                Topic::DisclosureItem(item.item),
                severity,
                item.section,
                format!(
                    "The disclosure does not give {}.{}",
                    item.item.requirement().name,
                    item.problem
                        .as_deref()
                        .map(|p| format!(" {p}"))
                        .unwrap_or_default()
                ),
            );
        }
        if input.disclosure_changed_since && latest_given.is_some() {
            notes.add(
                Severity::Warning,
                disclosure_section,
                "The proposal has changed since the disclosure was given: an updated disclosure is due to the representatives. Giving it records the update; it does not move the start of consultation.".to_string(),
            );
        }
    }

    // Junk v Kühnel: no notice, and no dismissal, before consultation has ended. Notice on the
    // last day itself is given while consultation is still running.
    let first_notice = input.actual_first_notice.or(input.planned_first_notice);
    if let (true, Some(last_day)) = (applies, input.consultation_last_day) {
        let within = |date: &NaiveDate| *date <= last_day && *date >= JUNK.from;
        if let Some(notice) = first_notice.filter(within) {
            notes.add(
                Severity::Error,
                JUNK.citation,
                format!(
                    "The first notice of dismissal on {} would be given before consultation ends on {}: no notice may be given until consultation has ended.",
                    show(notice),
                    show(last_day)
                ),
            );
        }
        if let Some(dismissal) = planned.filter(within) {
            notes.add(
                Severity::Error,
                JUNK.citation,
                format!(
                    "The first dismissal on {} would take effect before consultation ends on {}: no dismissal may take effect until consultation has ended.",
                    show(dismissal),
                    show(last_day)
                ),
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
            notes.add(
                severity,
                cite(concern.citation()),
                format!("{tense} {}.", concern.describe()),
            );
        }
    }

    // HR1 (s193) has two limbs: before the first notice of dismissal is given, and 30 or 45
    // days before the first dismissal; it is due by the earlier. Since December 2025 HR1 is
    // online only and the Insolvency Service keeps no copy for the employer, so Consult
    // stores its own (docs/design.md).
    let notification_rule = period_rule(NOTIFICATION_PERIOD_RULES, jurisdiction, band, rule_date);
    let notice_rule = applies.then(|| notice_limb_rule(band, rule_date)).flatten();
    let hr1_due_before_dismissal = notification_rule
        .zip(planned)
        .and_then(|(rule, planned)| days_before(planned, rule.days));
    let hr1_due_before_notice = notice_rule
        .zip(first_notice)
        .and_then(|(_, notice)| days_before(notice, 1));
    let hr1_due = match (hr1_due_before_notice, hr1_due_before_dismissal) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let limbs = [
        notification_rule
            .zip(hr1_due_before_dismissal)
            .map(|(rule, due)| {
                (
                    rule.citation,
                    due,
                    format!("{} days before the first dismissal", rule.days),
                )
            }),
        notice_rule
            .zip(hr1_due_before_notice)
            .zip(first_notice)
            .map(|((rule, due), notice)| {
                (
                    cite(rule.citation),
                    due,
                    format!(
                        "before the first notice of dismissal is given on {}",
                        show(notice)
                    ),
                )
            }),
    ];
    for (section, due, limb) in limbs.into_iter().flatten() {
        match input.hr1_made_on {
            None if input.today > due => notes.add(
                Severity::Error,
                section,
                format!(
                    "HR1 is overdue: it had to be made by {} ({limb}).",
                    show(due)
                ),
            ),
            Some(made) if made > due => notes.add(
                Severity::Error,
                section,
                format!(
                    "HR1 was made late, on {}; it was due by {} ({limb}).",
                    show(made),
                    show(due)
                ),
            ),
            _ => {}
        }
    }
    if applies && input.hr1_made_on.is_some() && !input.hr1_copy_to_representatives {
        notes.add(
            Severity::Warning,
            cite(HR1_COPY),
            "The representatives have not been given a copy of the HR1 notification.".to_string(),
        );
    }

    // Protective award exposure: the most a tribunal could order if consultation fails, from
    // each employee's gross week's pay without on-costs and uncapped (s190(5)).
    let award_rule = protective_award_rule(jurisdiction, planned.unwrap_or(input.today));
    // Hardy: those proposed when consultation began stay exposed though placed since.
    let employees = if applies {
        input
            .this
            .count
            .max(start.map_or(0, |d| d.proposed_dismissals))
    } else {
        0
    };
    let exposure = if applies {
        protective_award::exposure(input.affected_pay, award_rule.max_days)
    } else {
        protective_award::Exposure::default()
    };
    let without_record = employees.saturating_sub(input.affected_pay.len() as u32);
    let unknown_pay_count = exposure.unknown.len() as u32 + without_record;
    if !exposure.estimated.is_empty() {
        notes.add(
            Severity::Info,
            cite(WEEKS_PAY_CITATION),
            format!(
                "Weekly pay is estimated from the grade for {} employee(s): their grade's salary without on-costs × FTE ÷ 52. Enter their actual gross weekly pay for an exact protective award exposure.",
                exposure.estimated.len()
            ),
        );
    }
    if applies && unknown_pay_count > 0 {
        notes.add(
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

    let findings = notes.0;
    // `compliant` means compliant: never beside an error.
    let has_error = findings.iter().any(|f| f.severity == Severity::Error);
    let compliant = !has_error
        && (!applies
            || (disclosure_complete
                && matches!((earliest, planned), (Some(earliest), Some(planned)) if planned >= earliest)));

    S188Assessment {
        applies,
        band,
        dismissals_in_window: in_window,
        proposed_dismissals_now: input.this.count,
        proposed_dismissals_at_start: start.map(|d| d.proposed_dismissals),
        dismissals_in_window_at_start: in_window_at_start,
        minimum_days,
        consultation_start: consultation_began,
        earliest_lawful_first_dismissal: earliest,
        planned_first_dismissal: planned,
        first_notice,
        hr1_due,
        hr1_due_before_notice,
        hr1_due_before_dismissal,
        compliant,
        disclosure,
        uncovered,
        protective_award,
        findings,
    }
}

/// What stops consultation opening, where s188 applies: each problem once. Missing disclosure
/// items are listed by `missing_disclosure`; the findings about them, and the "not started"
/// finding the disclosure line already says, are not repeated.
pub fn open_gate(assessment: &S188Assessment) -> (Vec<String>, Vec<String>) {
    if !assessment.applies {
        return (Vec::new(), Vec::new());
    }
    let missing = missing_disclosure(&assessment.disclosure);
    let mut problems = Vec::new();
    if assessment.consultation_start.is_none() {
        let not_started = assessment
            .findings
            .iter()
            .find(|f| f.topic == Topic::NotStarted && f.severity == Severity::Error);
        problems.push(match not_started {
            Some(f) => format!(
                "{} Give the complete s188(4) disclosure to the representatives (giveS188Disclosure). ({})",
                f.message, f.section
            ),
            None => "Give the complete s188(4) disclosure to the representatives (giveS188Disclosure)."
                .to_owned(),
        });
    }
    problems.extend(
        assessment
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .filter(|f| matches!(f.topic, Topic::Other))
            .map(|f| format!("{} ({})", f.message, f.section)),
    );
    (missing, problems)
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
            proposed_on: Some(day(2025, 12, 1)),
            consultation_began: None,
        }
    }

    /// A complete disclosure given on `on` of `count` dismissals.
    fn given(on: NaiveDate, count: u32) -> &'static [GivenDisclosure] {
        Box::leak(Box::new([GivenDisclosure {
            given_on: on,
            missing: vec![],
            proposed_dismissals: count,
            dismissals_in_window: Some(count),
        }]))
    }

    fn full_sources() -> DisclosureSources {
        DisclosureSources {
            reasons: Some("Loss of the regional contract".into()),
            description_count: 2,
            proposed_dismissals: 20,
            workforce: Some(Workforce {
                as_of: day(2026, 1, 1),
                descriptions: vec![
                    WorkforceDescription {
                        description: "Warehouse operative".into(),
                        headcount: 45,
                    },
                    WorkforceDescription {
                        description: "Driver".into(),
                        headcount: 15,
                    },
                ],
            }),
            selection_method: Some("Skills matrix agreed with the union".into()),
            pools: vec![],
            dismissal_method: Some("Notice in line with the agreed procedure".into()),
            dismissal_period: Some((day(2026, 3, 2), day(2026, 3, 31))),
            redundancy_pay_method: Some("Statutory formula with a 1.5 multiplier, uncapped".into()),
            agency_workers: Some("4 agency workers in the warehouse, picking".into()),
            found_in: vec![(
                DisclosureItemKind::SelectionMethod,
                "Disclosure letter §4".into(),
            )],
            outstanding_requests: vec![],
        }
    }

    #[test]
    fn an_item_asked_about_and_not_provided_is_not_disclosed() {
        let mut sources = full_sources();
        assert!(check_disclosure(&sources).iter().all(|i| i.present));
        sources
            .outstanding_requests
            .push(crate::domain::information_request::OutstandingRequest {
                item: DisclosureItemKind::SelectionMethod,
                union_name: "UNISON".into(),
                text: "The selection criteria and their weights".into(),
                requested_on: day(2026, 1, 6),
            });
        let items = check_disclosure(&sources);
        let selection = items
            .iter()
            .find(|i| i.item == DisclosureItemKind::SelectionMethod)
            .unwrap();
        assert!(!selection.present);
        assert!(
            selection.problem.as_deref().unwrap().contains("s188(4)(d)"),
            "{selection:?}"
        );
        assert_eq!(items.iter().filter(|i| !i.present).count(), 1);
        assert!(missing_disclosure(&items)[0].contains("selection criteria"));
    }

    /// A compliant 20-person GB proposal: consultation from 5 January, first dismissal 2 March.
    fn input(this: PlannedDismissals) -> S188Input<'static> {
        S188Input {
            this,
            others_at_establishment: &[],
            drafts_at_establishment: &[],
            jurisdiction: Jurisdiction::GreatBritain,
            disclosures: given(day(2026, 1, 5), this.count),
            disclosure_changed_since: false,
            consultation_last_day: None,
            planned_first_notice: None,
            actual_first_notice: None,
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
        i.disclosures = &[];
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
        assert_eq!(dismissals_in_window(&this, &[other], day(2026, 1, 10)), 20);
        assert_eq!(dismissals_in_window(&other, &[this], day(2026, 1, 10)), 20);
    }

    /// s188(1): 90 days apart needs 91 calendar days, so no single 90-day window holds both.
    #[test]
    fn s188_1_proposals_90_days_apart_are_not_counted_together() {
        let this = plan(1, Some(day(2026, 1, 1)), 10);
        let other = plan(2, Some(day(2026, 4, 1)), 10); // day 90
        assert_eq!(dismissals_in_window(&this, &[other], day(2026, 1, 10)), 10);
        let later = plan(3, Some(day(2026, 6, 1)), 10);
        assert_eq!(dismissals_in_window(&this, &[later], day(2026, 1, 10)), 10);
    }

    /// s188(1): windows must contain this proposal; A(0), B(80), C(160) give B 20, never 30.
    /// Counting others raises an s188(3) reminder not to count employees already consulted on.
    #[test]
    fn s188_1_straddling_proposals_count_only_one_window_at_a_time() {
        let start = day(2026, 1, 1);
        let at = |id, offset| plan(id, start.checked_add_days(Days::new(offset)), 10);
        let (a, b, c) = (at(1, 0), at(2, 80), at(3, 160));
        assert_eq!(dismissals_in_window(&b, &[a, c], day(2026, 1, 10)), 20);
        assert_eq!(dismissals_in_window(&a, &[b, c], day(2026, 1, 10)), 20);
        assert_eq!(dismissals_in_window(&c, &[a, b], day(2026, 1, 10)), 20);
        let mut i = input(b);
        let others = [a, c];
        i.others_at_establishment = &others;
        let assessed = assess(&i);
        assert_eq!(assessed.dismissals_in_window, 20);
        assert!(
            with_section(&assessed.findings, "s188(1)")
                .iter()
                .any(|f| f.severity == Severity::Info && f.message.contains("from other proposals"))
        );
    }

    /// s188(1): undated others cannot be placed in a window and are flagged; a copy of this
    /// proposal among the others is not counted twice.
    #[test]
    fn s188_1_undated_others_and_self_are_not_counted() {
        let this = plan(1, Some(day(2026, 3, 2)), 15);
        let others = [plan(1, Some(day(2026, 3, 2)), 15), plan(2, None, 10)];
        assert_eq!(dismissals_in_window(&this, &others, day(2026, 1, 10)), 15);
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
        i.disclosures = &[];
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

    /// s193(2): made after the due date is an ERROR and the proposal is not compliant; made on
    /// the due date is on time.
    #[test]
    fn s193_hr1_made_late() {
        let mut i = twenty();
        i.hr1_made_on = Some(day(2026, 1, 31));
        assert!(with_section(&assess(&i).findings, "s193(2)").is_empty());
        assert!(assess(&i).compliant);
        i.hr1_made_on = Some(day(2026, 2, 1));
        let late = assess(&i);
        assert!(!late.compliant, "compliant beside an ERROR");
        let late = with_section(&late.findings, "s193(2)");
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].severity, Severity::Error);
    }

    /// s193(2)(a): HR1 must also be made before the first notice of dismissal; it is due by
    /// the earlier of the two limbs.
    #[test]
    fn s193_2_a_hr1_is_due_before_the_first_notice() {
        let mut i = twenty();
        i.planned_first_notice = Some(day(2026, 1, 20));
        let a = assess(&i);
        assert_eq!(a.hr1_due_before_notice, Some(day(2026, 1, 19)));
        assert_eq!(a.hr1_due_before_dismissal, Some(day(2026, 1, 31)));
        assert_eq!(a.hr1_due, Some(day(2026, 1, 19)));
        // Made on 5 January: on time for both.
        assert!(a.compliant);
        // Made on 25 January: in time for the 30 days, but after notices went out.
        i.hr1_made_on = Some(day(2026, 1, 25));
        let a = assess(&i);
        let late = with_section(&a.findings, "s193(2)(a)");
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].severity, Severity::Error);
        assert!(late[0].message.contains("before the first notice"));
        assert!(with_section(&a.findings, "s193(2)").is_empty());
        assert!(!a.compliant);
    }

    /// s193(1)(a): the notice limb of the 100+ band; an actual notice date replaces the plan.
    #[test]
    fn s193_1_a_actual_notice_replaces_the_planned_one() {
        let mut i = input(plan(1, Some(day(2026, 3, 2)), 100));
        i.disclosures = Box::leak(Box::new([GivenDisclosure {
            given_on: day(2026, 1, 5),
            missing: vec![],
            proposed_dismissals: 100,
            dismissals_in_window: Some(100),
        }]));
        i.hr1_made_on = None;
        i.planned_first_notice = Some(day(2026, 2, 25));
        i.actual_first_notice = Some(day(2026, 1, 12));
        let a = assess(&i);
        assert_eq!(a.first_notice, Some(day(2026, 1, 12)));
        assert_eq!(a.hr1_due_before_notice, Some(day(2026, 1, 11)));
        assert_eq!(a.hr1_due, Some(day(2026, 1, 11)));
        i.today = day(2026, 1, 12);
        let a = assess(&i);
        let overdue = with_section(&a.findings, "s193(1)(a)");
        assert_eq!(overdue.len(), 1);
        assert!(overdue[0].message.contains("overdue"));
    }

    /// Junk v Kühnel (C-188/03): no notice may be given, and no dismissal take effect, before
    /// consultation has ended; the last day itself is still inside it.
    #[test]
    fn junk_notice_and_dismissal_inside_consultation_are_errors() {
        let mut i = twenty();
        i.consultation_last_day = Some(day(2026, 2, 10));
        i.planned_first_notice = Some(day(2026, 2, 11));
        assert!(with_section(&assess(&i).findings, JUNK.citation).is_empty());
        assert!(assess(&i).compliant);
        i.planned_first_notice = Some(day(2026, 2, 10));
        let a = assess(&i);
        let junk = with_section(&a.findings, JUNK.citation);
        assert_eq!(junk.len(), 1);
        assert_eq!(junk[0].severity, Severity::Error);
        assert!(junk[0].message.contains("notice"));
        assert!(!a.compliant);
        // A first dismissal inside the consultation, though 30 days after it began.
        i.planned_first_notice = None;
        i.consultation_last_day = Some(day(2026, 3, 6));
        let a = assess(&i);
        let junk = with_section(&a.findings, JUNK.citation);
        assert_eq!(junk.len(), 1);
        assert!(junk[0].message.contains("dismissal on 2 March 2026"));
        assert!(!a.compliant);
    }

    /// s188(4), s188(1A): an incomplete disclosure is recorded but does not start the clock;
    /// the first complete one does, and a later update does not move it.
    #[test]
    fn s188_4_consultation_begins_with_the_first_complete_disclosure() {
        let mut i = twenty();
        i.disclosures = Box::leak(Box::new([GivenDisclosure {
            given_on: day(2026, 1, 2),
            missing: vec![DisclosureItemKind::SelectionMethod],
            proposed_dismissals: 20,
            dismissals_in_window: Some(20),
        }]));
        let a = assess(&i);
        assert_eq!(a.consultation_start, None);
        let not_started = a
            .findings
            .iter()
            .find(|f| f.topic == Topic::NotStarted)
            .unwrap();
        assert!(not_started.message.contains("did not give s188(4)(d)"));
        assert!(!a.compliant);

        i.disclosures = Box::leak(Box::new([
            GivenDisclosure {
                given_on: day(2026, 1, 2),
                missing: vec![DisclosureItemKind::SelectionMethod],
                proposed_dismissals: 20,
                dismissals_in_window: Some(20),
            },
            GivenDisclosure {
                given_on: day(2026, 1, 5),
                missing: vec![],
                proposed_dismissals: 20,
                dismissals_in_window: Some(20),
            },
            GivenDisclosure {
                given_on: day(2026, 1, 9),
                missing: vec![],
                proposed_dismissals: 20,
                dismissals_in_window: Some(20),
            },
        ]));
        let a = assess(&i);
        assert_eq!(a.consultation_start, Some(day(2026, 1, 5)));
        assert_eq!(a.earliest_lawful_first_dismissal, Some(day(2026, 2, 4)));
    }

    /// s188(3): a proposal made after this one's consultation began does not turn this one's
    /// verdict from "does not apply" to "applies".
    #[test]
    fn s188_3_a_later_proposal_does_not_reopen_an_earlier_verdict() {
        let mut this = plan(1, Some(day(2026, 3, 2)), 15);
        this.proposed_on = Some(day(2025, 12, 20));
        let mut later = plan(2, Some(day(2026, 3, 10)), 10);
        later.proposed_on = Some(day(2026, 1, 8));
        let mut i = input(this);
        i.disclosures = Box::leak(Box::new([GivenDisclosure {
            given_on: day(2026, 1, 5),
            missing: vec![],
            proposed_dismissals: 15,
            dismissals_in_window: Some(15),
        }]));
        let others = [later];
        i.others_at_establishment = &others;
        let a = assess(&i);
        assert!(!a.applies);
        assert_eq!(a.dismissals_in_window, 15);
        assert!(!with_section(&a.findings, "s188(3)").is_empty());
        // Made on the day consultation began: counted (the reading that cannot under-count).
        later.proposed_on = Some(day(2026, 1, 5));
        let others = [later];
        i.others_at_establishment = &others;
        assert!(assess(&i).applies);
    }

    /// s188(3): employees whose consultation had begun before this proposal was made are not
    /// counted again.
    #[test]
    fn s188_3_employees_already_consulted_on_are_not_counted_again() {
        let mut this = plan(1, Some(day(2026, 3, 2)), 15);
        this.proposed_on = Some(day(2026, 1, 2));
        let mut earlier = plan(2, Some(day(2026, 2, 20)), 10);
        earlier.proposed_on = Some(day(2025, 11, 1));
        earlier.consultation_began = Some(day(2025, 12, 1));
        assert!(!counts_towards(&this, &earlier, day(2026, 1, 10)));
        assert_eq!(
            dismissals_in_window(&this, &[earlier], day(2026, 1, 10)),
            15
        );
        // Not yet consulted on when this was made: counted.
        earlier.consultation_began = Some(day(2026, 1, 3));
        assert_eq!(
            dismissals_in_window(&this, &[earlier], day(2026, 1, 10)),
            25
        );
        // A draft is not proposed and never counted.
        earlier.proposed_on = None;
        assert_eq!(
            dismissals_in_window(&this, &[earlier], day(2026, 1, 10)),
            15
        );
    }

    /// s188(1): a draft is not counted, but each proposal in its window is warned.
    #[test]
    fn s188_1_a_draft_in_the_window_is_warned_about() {
        let mut i = input(plan(1, Some(day(2026, 3, 2)), 18));
        i.disclosures = &[];
        let mut draft = plan(2, Some(day(2026, 4, 1)), 5);
        draft.proposed_on = None;
        let drafts = [DraftProposal {
            plan: draft,
            title: "Transport review".into(),
        }];
        i.drafts_at_establishment = &drafts;
        let a = assess(&i);
        assert!(!a.applies, "a draft is not counted");
        let warning = a
            .findings
            .iter()
            .find(|f| f.message.contains("Transport review"))
            .unwrap();
        assert_eq!(warning.severity, Severity::Warning);
        assert!(warning.message.contains("would bring the count to 23"));
        assert!(warning.message.contains("duty would apply"));
        // Outside the 90-day window: no warning.
        let mut far = draft;
        far.first_dismissal = Some(day(2026, 9, 1));
        let drafts = [DraftProposal {
            plan: far,
            title: "Transport review".into(),
        }];
        i.drafts_at_establishment = &drafts;
        assert!(
            !assess(&i)
                .findings
                .iter()
                .any(|f| f.message.contains("Transport review"))
        );
    }

    /// Hardy v Tourism South East, s189: those proposed when consultation began stay in the
    /// protective award's exposure after they are placed.
    #[test]
    fn hardy_the_exposure_covers_those_proposed_at_the_start() {
        let mut i = input(plan(1, Some(day(2026, 3, 2)), 12));
        i.disclosures = given(day(2026, 1, 5), 25);
        let award = assess(&i).protective_award;
        assert_eq!(award.employees, 25);
        assert_eq!(award.exposure_days, 25 * 90);
    }

    /// Hardy v Tourism South East: the count when consultation began decides the duty and the
    /// period; placing people later reduces the dismissals but not the duty.
    #[test]
    fn hardy_the_count_is_fixed_when_consultation_begins() {
        let mut i = input(plan(1, Some(day(2026, 3, 2)), 12));
        i.disclosures = Box::leak(Box::new([GivenDisclosure {
            given_on: day(2026, 1, 5),
            missing: vec![],
            proposed_dismissals: 25,
            dismissals_in_window: Some(25),
        }]));
        let a = assess(&i);
        assert!(a.applies);
        assert_eq!(a.band, Band::TwentyToNinetyNine);
        assert_eq!(a.minimum_days, Some(30));
        assert_eq!(a.proposed_dismissals_at_start, Some(25));
        assert_eq!(a.proposed_dismissals_now, 12);
        assert_eq!(a.dismissals_in_window, 25);
        assert!(a.findings.iter().any(|f| f.section == HARDY.citation));
        // 110 at the start keeps the 45-day period though 60 remain.
        let mut i = input(plan(1, Some(day(2026, 3, 2)), 60));
        i.disclosures = Box::leak(Box::new([GivenDisclosure {
            given_on: day(2026, 1, 5),
            missing: vec![],
            proposed_dismissals: 110,
            dismissals_in_window: Some(110),
        }]));
        let a = assess(&i);
        assert_eq!(a.band, Band::HundredOrMore);
        assert_eq!(a.minimum_days, Some(45));
    }

    /// s188(4)(c): the establishment's workforce is HR's input, not the posts' headcount; a
    /// workforce smaller than the dismissals cannot be right.
    #[test]
    fn s188_4_c_workforce_must_cover_the_dismissals() {
        let mut s = full_sources();
        s.workforce = Some(Workforce {
            as_of: day(2026, 1, 1),
            descriptions: vec![WorkforceDescription {
                description: "Driver".into(),
                headcount: 12,
            }],
        });
        let c = item(&s, DisclosureItemKind::TotalEmployed);
        assert!(!c.present);
        assert!(c.problem.unwrap().contains("smaller than the 20"));
        let c = item(&full_sources(), DisclosureItemKind::TotalEmployed);
        assert!(c.text.unwrap().contains("Warehouse operative: 45"));
    }

    /// s188(4)(c): HR's workforce input is dated, named once and counted.
    #[test]
    fn s188_4_c_workforce_input_is_validated() {
        let today = day(2026, 1, 10);
        let rows = vec![("Driver".to_owned(), 12), ("Clerk".to_owned(), 3)];
        let w = Workforce::parse(day(2026, 1, 1), &rows, today, "input").unwrap();
        assert_eq!(w.total(), 15);
        assert!(Workforce::parse(day(2026, 1, 11), &rows, today, "input").is_err());
        let twice = vec![("Driver".to_owned(), 12), ("driver".to_owned(), 3)];
        assert!(Workforce::parse(day(2026, 1, 1), &twice, today, "input").is_err());
        let none = vec![("Driver".to_owned(), 0)];
        assert!(Workforce::parse(day(2026, 1, 1), &none, today, "input").is_err());
    }

    /// s188(4)(d): a placeholder or one word is not a method, and every pool needs one.
    #[test]
    fn s188_4_d_a_method_says_how_people_are_chosen_in_each_pool() {
        for vague in ["TBC", "Interview", "to follow.", "n/a"] {
            let mut s = full_sources();
            s.selection_method = Some(vague.into());
            let d = item(&s, DisclosureItemKind::SelectionMethod);
            assert!(!d.present, "{vague}");
            assert_eq!(d.text.as_deref(), Some(vague));
        }
        let mut s = full_sources();
        s.pools = vec![
            SelectionPool {
                name: "Team leaders".into(),
                method: "Competitive interview against the person specification".into(),
            },
            SelectionPool {
                name: "Drivers".into(),
                method: "tbc".into(),
            },
        ];
        let d = item(&s, DisclosureItemKind::SelectionMethod);
        assert!(!d.present);
        let problem = d.problem.unwrap();
        assert!(problem.contains("\"Drivers\"") && !problem.contains("Team leaders"));
        assert!(
            d.text
                .unwrap()
                .contains("Team leaders: Competitive interview")
        );
    }

    /// The open gate lists each problem once: a missing item is not repeated as a finding.
    #[test]
    fn s188_4_the_open_gate_lists_each_problem_once() {
        let mut i = twenty();
        i.disclosure.redundancy_pay_method = None;
        i.hr1_made_on = Some(day(2026, 2, 1));
        let (missing, problems) = open_gate(&assess(&i));
        assert_eq!(missing.len(), 1);
        assert!(missing[0].starts_with("Disclose the method of calculating"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("HR1 was made late"));
        // Not started: one line, not a line and the finding.
        let mut i = twenty();
        i.disclosures = &[];
        i.today = day(2026, 2, 1);
        let (_, problems) = open_gate(&assess(&i));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("had to begin by") && problems[0].contains("giveS188Disclosure")
        );
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
        let missing = missing_disclosure(&check_disclosure(&gap));
        assert_eq!(missing.len(), 1);
        assert!(
            missing[0].starts_with(&format!("Disclose {} ({section})", kind.requirement().name)),
            "{missing:?}"
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
    }

    /// s188(4)(c): the total employed of each description.
    #[test]
    fn s188_4_c_total_employed() {
        assert_item(DisclosureItemKind::TotalEmployed, "s188(4)(c)", |s| {
            s.workforce = None
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
        i.disclosures = &[];
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
