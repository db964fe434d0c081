//! Letters of the individual stage: what each kind of letter must say (statutory content as
//! data, with its citation), the default wording per kind, checking an employer's edited
//! template, and rendering a letter from the case's facts to escaped HTML and plain text.
//!
//! A template is plain text: paragraphs separated by a blank line, with placeholders such as
//! `{{employee.name}}`. Everything is escaped when rendered to HTML; the only markup a
//! letter carries is the one Consult writes (paragraphs, line breaks, the pay table).
//!
//! Where a requirement is good practice or the employer's policy rather than a statute, its
//! citation says so: Consult does not claim a statutory duty it cannot name.

use super::super::{DomainError, access::Viewer, account::Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use uuid::Uuid;

/// The longest template HR may save, in characters.
pub const MAX_TEMPLATE_CHARS: usize = 20_000;
/// The longest free text (meeting place, outcome, reasons) given for one letter.
pub const MAX_FACT_CHARS: usize = 5_000;

/// Each kind of letter of the individual stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LetterKind {
    /// Invitation to an individual consultation meeting, with the right to be accompanied.
    InvitationToMeeting,
    /// The employee's post is at risk of redundancy.
    AtRisk,
    /// The employee is slotted into a post of the new structure.
    SlotInOutcome,
    /// The outcome of a ring-fenced (competitive) selection.
    RingFenceOutcome,
    /// An offer of suitable alternative employment.
    Offer,
    /// Confirmation of the statutory trial period in a new post.
    TrialPeriod,
    /// Notice of dismissal by reason of redundancy.
    NoticeOfDismissal,
    /// The outcome of an appeal.
    AppealOutcome,
}

/// One thing a letter of a kind must contain: a placeholder, what it stands for, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement {
    pub placeholder: Placeholder,
    /// Why the letter must say it: the section, case or policy.
    pub citation: &'static str,
}

impl LetterKind {
    pub const ALL: [LetterKind; 8] = [
        Self::InvitationToMeeting,
        Self::AtRisk,
        Self::SlotInOutcome,
        Self::RingFenceOutcome,
        Self::Offer,
        Self::TrialPeriod,
        Self::NoticeOfDismissal,
        Self::AppealOutcome,
    ];

    /// The stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvitationToMeeting => "INVITATION_TO_MEETING",
            Self::AtRisk => "AT_RISK",
            Self::SlotInOutcome => "SLOT_IN_OUTCOME",
            Self::RingFenceOutcome => "RING_FENCE_OUTCOME",
            Self::Offer => "OFFER",
            Self::TrialPeriod => "TRIAL_PERIOD",
            Self::NoticeOfDismissal => "NOTICE_OF_DISMISSAL",
            Self::AppealOutcome => "APPEAL_OUTCOME",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// The kind as people read it, inside a sentence: "the notice letter".
    pub fn name(self) -> &'static str {
        match self {
            Self::InvitationToMeeting => "meeting invitation letter",
            Self::AtRisk => "at-risk letter",
            Self::SlotInOutcome => "slot-in letter",
            Self::RingFenceOutcome => "selection outcome letter",
            Self::Offer => "offer letter",
            Self::TrialPeriod => "trial period letter",
            Self::NoticeOfDismissal => "notice letter",
            Self::AppealOutcome => "appeal outcome letter",
        }
    }

    /// The letter's subject line (and the printed page's heading).
    pub fn subject(self) -> &'static str {
        match self {
            Self::InvitationToMeeting => "Invitation to an individual consultation meeting",
            Self::AtRisk => "Your post is at risk of redundancy",
            Self::SlotInOutcome => "Your post in the new structure",
            Self::RingFenceOutcome => "The outcome of the selection process",
            Self::Offer => "Offer of suitable alternative employment",
            Self::TrialPeriod => "Your trial period in your new post",
            Self::NoticeOfDismissal => "Notice of dismissal by reason of redundancy",
            Self::AppealOutcome => "The outcome of your appeal",
        }
    }

    /// What a letter of this kind must contain, with the reason for each. An edited template
    /// missing any of them is refused.
    pub fn requirements(self) -> &'static [Requirement] {
        use Placeholder as P;
        match self {
            Self::InvitationToMeeting => &[
                Requirement {
                    placeholder: P::MeetingDate,
                    citation: "Reasonable notice of the meeting: individual consultation is part of a fair redundancy procedure (ERA 1996 s98(4); Polkey v A E Dayton Services Ltd [1988] ICR 142)",
                },
                Requirement {
                    placeholder: P::MeetingTime,
                    citation: "As for the date: the employee must know when to attend (ERA 1996 s98(4))",
                },
                Requirement {
                    placeholder: P::MeetingPlace,
                    citation: "As for the date: the employee must know where to attend (ERA 1996 s98(4))",
                },
                Requirement {
                    placeholder: P::CompanionRights,
                    citation: "The right to be accompanied by a colleague or trade union representative (Employment Relations Act 1999 s10, where the meeting is a hearing it covers; extended to every individual consultation meeting as employer policy)",
                },
            ],
            Self::AtRisk => &[
                Requirement {
                    placeholder: P::ProposalTitle,
                    citation: "The employee must be told of the proposal that puts the post at risk, so consultation can be meaningful (ERA 1996 s98(4); Polkey v A E Dayton Services Ltd [1988] ICR 142)",
                },
                Requirement {
                    placeholder: P::EmployeePost,
                    citation: "Which post is at risk (ERA 1996 s98(4): fair warning of redundancy)",
                },
            ],
            Self::SlotInOutcome => &[Requirement {
                placeholder: P::SlotInPost,
                citation: "The post the employee is slotted into: a change to the written statement of particulars must be notified in writing (ERA 1996 s4)",
            }],
            Self::RingFenceOutcome => &[
                Requirement {
                    placeholder: P::Outcome,
                    citation: "The outcome of the selection (ERA 1996 s98(4): a fair selection is explained to the person selected)",
                },
                Requirement {
                    placeholder: P::OutcomeReasons,
                    citation: "The reasons, so the employee can understand and challenge the selection (ERA 1996 s98(4); Mental Health Care (UK) Ltd v Biluan UKEAT/0248/12)",
                },
            ],
            Self::Offer => &[
                Requirement {
                    placeholder: P::OfferPost,
                    citation: "The post offered, with how its terms differ (ERA 1996 s138(1), s141(1): an offer of suitable alternative employment)",
                },
                Requirement {
                    placeholder: P::OfferTrialPeriod,
                    citation: "The statutory trial period of 4 weeks where the new terms differ (ERA 1996 s138(2)-(3))",
                },
            ],
            Self::TrialPeriod => &[
                Requirement {
                    placeholder: P::TrialStart,
                    citation: "The trial period begins with the day the employee starts work in the new post (ERA 1996 s138(3))",
                },
                Requirement {
                    placeholder: P::TrialEnd,
                    citation: "The end of the trial period: 4 weeks, or a later date agreed in writing for retraining (ERA 1996 s138(3), s138(6))",
                },
                Requirement {
                    placeholder: P::TrialReview,
                    citation: "A review before the trial period ends (employer policy; ending the trial within it keeps the redundancy entitlement, ERA 1996 s138(2)(b))",
                },
            ],
            Self::NoticeOfDismissal => &[
                Requirement {
                    placeholder: P::NoticePeriod,
                    citation: "The notice period: at least the statutory minimum (ERA 1996 s86), or the contractual notice where longer",
                },
                Requirement {
                    placeholder: P::NoticeLastDay,
                    citation: "The last day of service, the relevant date of the redundancy payment (ERA 1996 s145)",
                },
                Requirement {
                    placeholder: P::RedundancyPayTable,
                    citation: "A written statement of how the redundancy payment is calculated (ERA 1996 s165)",
                },
                Requirement {
                    placeholder: P::AppealDeadline,
                    citation: "The right of appeal and its deadline (employer policy; an appeal is part of a fair procedure, Taylor v OCS Group Ltd [2006] EWCA Civ 702)",
                },
            ],
            Self::AppealOutcome => &[
                Requirement {
                    placeholder: P::Outcome,
                    citation: "The outcome of the appeal (employer policy; Taylor v OCS Group Ltd [2006] EWCA Civ 702)",
                },
                Requirement {
                    placeholder: P::OutcomeReasons,
                    citation: "The reasons for the outcome (employer policy: the decision is explained)",
                },
            ],
        }
    }

    /// The wording Consult uses until HR edits it: plain English, as a council's HR writes.
    pub fn default_template(self) -> &'static str {
        match self {
            Self::InvitationToMeeting => INVITATION,
            Self::AtRisk => AT_RISK,
            Self::SlotInOutcome => SLOT_IN,
            Self::RingFenceOutcome => RING_FENCE,
            Self::Offer => OFFER,
            Self::TrialPeriod => TRIAL,
            Self::NoticeOfDismissal => NOTICE,
            Self::AppealOutcome => APPEAL,
        }
    }
}

const INVITATION: &str = "Dear {{employee.name}}

Individual consultation meeting: {{proposal.title}}

I am writing to invite you to an individual consultation meeting about the proposal and what it means for you in your post of {{employee.post}}.

The meeting will be on {{meeting.date}} at {{meeting.time}}, at {{meeting.place}}.

At the meeting we will go through the proposal, how it affects you, and any ideas you have, including other posts you may be interested in. It is a chance for you to ask questions and for us to listen.

{{meeting.companion}}

If you cannot attend at this time, or need any adjustments to take part, please tell me as soon as you can and we will rearrange.

Yours sincerely

Human Resources";

const AT_RISK: &str = "Dear {{employee.name}}

Your post is at risk of redundancy: {{proposal.title}}

I am writing to tell you that, under the proposal {{proposal.title}}, your post of {{employee.post}} is at risk of redundancy.

No decision has been made. We are consulting on the proposal and we want to hear your views. We will invite you to an individual consultation meeting, where you can be accompanied by a work colleague or a trade union representative.

We will do everything we reasonably can to avoid redundancies, including looking for suitable alternative employment for you.

You can read the proposal and ask questions in Consult. If you have any questions, please contact Human Resources or your trade union representative.

Yours sincerely

Human Resources";

const SLOT_IN: &str = "Dear {{employee.name}}

Your post in the new structure: {{proposal.title}}

Following the consultation on {{proposal.title}}, I am pleased to confirm that you have been slotted into the post of {{slotIn.post}} in the new structure.

This means your post is no longer at risk of redundancy. Your continuous service is not affected.

If you have any questions, please contact Human Resources.

Yours sincerely

Human Resources";

const RING_FENCE: &str = "Dear {{employee.name}}

The outcome of the selection process: {{proposal.title}}

Thank you for taking part in the selection process for posts in the new structure.

{{outcome.text}}

{{outcome.reasons}}

If you would like feedback on your scores, please contact Human Resources. Your own scores are available to you in Consult.

Yours sincerely

Human Resources";

const OFFER: &str = "Dear {{employee.name}}

Offer of suitable alternative employment

I am pleased to offer you the post of {{offer.post}} as suitable alternative employment, in place of your post of {{employee.post}}.

{{offer.trialPeriod}}

Please tell us whether you accept this offer in Consult. If you decline it, please give your reasons. If we believe the post is suitable and you unreasonably refuse it, you may lose your right to a redundancy payment.

If you have any questions, please contact Human Resources or your trade union representative.

Yours sincerely

Human Resources";

const TRIAL: &str = "Dear {{employee.name}}

Your trial period in the post of {{offer.post}}

I am writing to confirm your trial period in your new post of {{offer.post}}.

Your trial period starts on {{trial.start}} and ends on {{trial.end}}. We will meet to review how it is going on {{trial.review}}.

If, during the trial period, you or we decide that the post is not suitable, you keep your right to a redundancy payment as though you had been dismissed when your old post ended. Please tell us before the trial period ends.

Yours sincerely

Human Resources";

const NOTICE: &str = "Dear {{employee.name}}

Notice of dismissal by reason of redundancy

I am sorry to confirm that, following consultation on {{proposal.title}}, your post of {{employee.post}} is redundant and we have not been able to find suitable alternative employment for you. This letter is notice of the termination of your employment by reason of redundancy.

Your notice period is {{notice.period}}, starting on {{notice.given}}. Your last day of service will be {{notice.lastDay}}.

Your redundancy payment is worked out as follows:

{{redundancyPay.table}}

We will keep looking for suitable alternative employment for you during your notice period. You are entitled to reasonable time off with pay to look for work or arrange training.

You have the right to appeal against this decision. If you wish to appeal, please do so in Consult, or in writing to Human Resources, giving your reasons, by {{appeal.deadline}}.

Yours sincerely

Human Resources";

const APPEAL: &str = "Dear {{employee.name}}

The outcome of your appeal

Thank you for attending your appeal hearing.

{{outcome.text}}

{{outcome.reasons}}

This decision is final.

Yours sincerely

Human Resources";

/// Every placeholder a template may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placeholder {
    LetterDate,
    EmployeeName,
    EmployeePost,
    ProposalTitle,
    MeetingDate,
    MeetingTime,
    MeetingPlace,
    CompanionRights,
    SlotInPost,
    OfferPost,
    OfferTrialPeriod,
    TrialStart,
    TrialEnd,
    TrialReview,
    NoticeGiven,
    NoticePeriod,
    NoticeLastDay,
    RedundancyPayTable,
    RedundancyPayTotal,
    AppealDeadline,
    Outcome,
    OutcomeReasons,
}

impl Placeholder {
    pub const ALL: [Placeholder; 22] = [
        Self::LetterDate,
        Self::EmployeeName,
        Self::EmployeePost,
        Self::ProposalTitle,
        Self::MeetingDate,
        Self::MeetingTime,
        Self::MeetingPlace,
        Self::CompanionRights,
        Self::SlotInPost,
        Self::OfferPost,
        Self::OfferTrialPeriod,
        Self::TrialStart,
        Self::TrialEnd,
        Self::TrialReview,
        Self::NoticeGiven,
        Self::NoticePeriod,
        Self::NoticeLastDay,
        Self::RedundancyPayTable,
        Self::RedundancyPayTotal,
        Self::AppealDeadline,
        Self::Outcome,
        Self::OutcomeReasons,
    ];

    /// The name written between `{{` and `}}`.
    pub fn name(self) -> &'static str {
        match self {
            Self::LetterDate => "letter.date",
            Self::EmployeeName => "employee.name",
            Self::EmployeePost => "employee.post",
            Self::ProposalTitle => "proposal.title",
            Self::MeetingDate => "meeting.date",
            Self::MeetingTime => "meeting.time",
            Self::MeetingPlace => "meeting.place",
            Self::CompanionRights => "meeting.companion",
            Self::SlotInPost => "slotIn.post",
            Self::OfferPost => "offer.post",
            Self::OfferTrialPeriod => "offer.trialPeriod",
            Self::TrialStart => "trial.start",
            Self::TrialEnd => "trial.end",
            Self::TrialReview => "trial.review",
            Self::NoticeGiven => "notice.given",
            Self::NoticePeriod => "notice.period",
            Self::NoticeLastDay => "notice.lastDay",
            Self::RedundancyPayTable => "redundancyPay.table",
            Self::RedundancyPayTotal => "redundancyPay.total",
            Self::AppealDeadline => "appeal.deadline",
            Self::Outcome => "outcome.text",
            Self::OutcomeReasons => "outcome.reasons",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// What it stands for, in a sentence: "the last day of service".
    pub fn describes(self) -> &'static str {
        match self {
            Self::LetterDate => "the date of the letter",
            Self::EmployeeName => "the employee's name",
            Self::EmployeePost => "the employee's current post",
            Self::ProposalTitle => "the proposal's title",
            Self::MeetingDate => "the date of the meeting",
            Self::MeetingTime => "the time of the meeting",
            Self::MeetingPlace => "the place of the meeting",
            Self::CompanionRights => "the right to be accompanied",
            Self::SlotInPost => "the post the employee is slotted into",
            Self::OfferPost => "the post offered",
            Self::OfferTrialPeriod => "the statutory 4-week trial period",
            Self::TrialStart => "the first day of the trial period",
            Self::TrialEnd => "the last day of the trial period",
            Self::TrialReview => "the trial period review date",
            Self::NoticeGiven => "the date notice is given",
            Self::NoticePeriod => "the notice period",
            Self::NoticeLastDay => "the last day of service",
            Self::RedundancyPayTable => "the redundancy pay calculation",
            Self::RedundancyPayTotal => "the redundancy pay total",
            Self::AppealDeadline => "the right of appeal with its deadline",
            Self::Outcome => "the outcome",
            Self::OutcomeReasons => "the reasons for the outcome",
        }
    }

    /// What HR does first when the fact is missing.
    fn remedy(self) -> &'static str {
        match self {
            Self::LetterDate | Self::EmployeeName | Self::CompanionRights => {
                "check the employee's record"
            }
            Self::EmployeePost => "record the post the employee holds",
            Self::ProposalTitle => "give the proposal a title",
            Self::MeetingDate | Self::MeetingTime | Self::MeetingPlace => {
                "give the meeting's date, time and place"
            }
            Self::SlotInPost => "record the slot-in decision first",
            Self::OfferPost | Self::OfferTrialPeriod => "make the offer first",
            Self::TrialStart | Self::TrialEnd | Self::TrialReview => "start the trial period first",
            Self::NoticeGiven | Self::NoticePeriod | Self::NoticeLastDay => "give notice first",
            Self::RedundancyPayTable | Self::RedundancyPayTotal => {
                "record the employee's service, date of birth and weekly pay, and give notice first"
            }
            Self::AppealDeadline => "give notice first, so the appeal window can be worked out",
            Self::Outcome | Self::OutcomeReasons => "give the outcome and its reasons",
        }
    }
}

/// The statutory trial period sentence of an offer (ERA 1996 s138(3)).
pub const STATUTORY_TRIAL_PERIOD: &str = "If the terms of the new post differ from those of your current post, you are entitled to a trial period of 4 weeks, beginning with the day you start work in it (Employment Rights Act 1996, section 138). The trial period can be extended for retraining only by agreement in writing that gives the date it ends. If you or we end the trial period within it, you keep your right to a redundancy payment.";

/// The right to be accompanied, as the invitation states it (Employment Relations Act 1999
/// s10, extended by employer policy to individual consultation meetings).
pub const COMPANION_RIGHTS: &str = "You have the right to be accompanied at the meeting by a work colleague or a trade union representative. Please let me know who will be coming with you.";

/// One line of the redundancy pay calculation: "4 years at 1.5 weeks" and its amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayLine {
    pub description: String,
    /// The line's amount, when it is money (a count of weeks is not).
    pub amount_pence: Option<i64>,
}

/// What a letter is filled from. Every fact is optional: a letter that needs a missing one is
/// refused, saying what to do first. Stored with the letter, as issued.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LetterFacts {
    pub letter_date: Option<NaiveDate>,
    pub employee_name: Option<String>,
    pub employee_post: Option<String>,
    pub proposal_title: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    /// As people read it: "10:00".
    pub meeting_time: Option<String>,
    pub meeting_place: Option<String>,
    pub companion_rights: Option<String>,
    pub slot_in_post: Option<String>,
    pub offer_post: Option<String>,
    pub trial_start: Option<NaiveDate>,
    pub trial_end: Option<NaiveDate>,
    pub trial_review: Option<NaiveDate>,
    pub notice_given: Option<NaiveDate>,
    /// As people read it: "5 weeks".
    pub notice_period: Option<String>,
    pub last_day: Option<NaiveDate>,
    pub redundancy_pay: Option<Vec<PayLine>>,
    pub redundancy_pay_total_pence: Option<i64>,
    pub appeal_deadline: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub outcome_reasons: Option<String>,
}

/// A letter rendered from a template and its facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedLetter {
    pub subject: String,
    pub text: String,
    /// A fragment (paragraphs and a table), every text escaped.
    pub html: String,
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Slot(Placeholder),
}

/// Splits a template into text and placeholders; refuses an unknown or unclosed placeholder.
fn parse(template: &str) -> Result<Vec<Piece<'_>>, DomainError> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            pieces.push(Piece::Text(&rest[..start]));
        }
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err(DomainError::bad_input(
                "input.body",
                "A placeholder is opened with {{ but not closed with }}.",
            ));
        };
        let name = after[..end].trim();
        let placeholder = Placeholder::parse(name).ok_or_else(|| {
            let known: Vec<String> = Placeholder::ALL
                .iter()
                .map(|p| format!("{{{{{}}}}}", p.name()))
                .collect();
            DomainError::bad_input(
                "input.body",
                format!(
                    "{{{{{name}}}}} is not a placeholder Consult knows. The ones you can use are: {}.",
                    known.join(", ")
                ),
            )
        })?;
        pieces.push(Piece::Slot(placeholder));
        rest = &after[end + 2..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    Ok(pieces)
}

/// Checks an edited template: not empty, not too long, every placeholder known, and every
/// statutory requirement of its kind present. A refusal names each one missing.
pub fn check_template(kind: LetterKind, body: &str) -> Result<(), DomainError> {
    if body.trim().is_empty() {
        return Err(DomainError::bad_input(
            "input.body",
            "Write the letter: the template is empty.",
        ));
    }
    if body.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(DomainError::bad_input(
            "input.body",
            format!("A letter template can be at most {MAX_TEMPLATE_CHARS} characters."),
        ));
    }
    let pieces = parse(body)?;
    let missing: Vec<&Requirement> = kind
        .requirements()
        .iter()
        .filter(|r| !pieces.contains(&Piece::Slot(r.placeholder)))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let named: Vec<String> = missing
        .iter()
        .map(|r| {
            format!(
                "{} ({{{{{}}}}}): {}",
                r.placeholder.describes(),
                r.placeholder.name(),
                r.citation
            )
        })
        .collect();
    Err(DomainError::bad_input(
        "input.body",
        format!(
            "The {} must state {}. Add: {}.",
            kind.name(),
            missing
                .iter()
                .map(|r| r.placeholder.describes())
                .collect::<Vec<_>>()
                .join(", "),
            named.join("; ")
        ),
    ))
}

/// Dates as people read them in a letter: "Monday 30 November 2026".
pub fn long_date(day: NaiveDate) -> String {
    day.format("%A %-d %B %Y").to_string()
}

/// An amount of money as a letter writes it: "£1,234.50".
pub fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.unsigned_abs();
    let whole = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}£{grouped}.{:02}", pence % 100)
}

/// The value of one placeholder, in plain text; `None` when its fact is missing.
fn value(placeholder: Placeholder, facts: &LetterFacts) -> Option<String> {
    let text = |v: &Option<String>| v.as_ref().filter(|s| !s.trim().is_empty()).cloned();
    let date = |v: &Option<NaiveDate>| v.map(long_date);
    match placeholder {
        Placeholder::LetterDate => date(&facts.letter_date),
        Placeholder::EmployeeName => text(&facts.employee_name),
        Placeholder::EmployeePost => text(&facts.employee_post),
        Placeholder::ProposalTitle => text(&facts.proposal_title),
        Placeholder::MeetingDate => date(&facts.meeting_date),
        Placeholder::MeetingTime => text(&facts.meeting_time),
        Placeholder::MeetingPlace => text(&facts.meeting_place),
        Placeholder::CompanionRights => text(&facts.companion_rights),
        Placeholder::SlotInPost => text(&facts.slot_in_post),
        Placeholder::OfferPost => text(&facts.offer_post),
        // Statutory wording, not a fact of the case: always there.
        Placeholder::OfferTrialPeriod => Some(STATUTORY_TRIAL_PERIOD.to_owned()),
        Placeholder::TrialStart => date(&facts.trial_start),
        Placeholder::TrialEnd => date(&facts.trial_end),
        Placeholder::TrialReview => date(&facts.trial_review),
        Placeholder::NoticeGiven => date(&facts.notice_given),
        Placeholder::NoticePeriod => text(&facts.notice_period),
        Placeholder::NoticeLastDay => date(&facts.last_day),
        Placeholder::RedundancyPayTable => {
            let lines = facts.redundancy_pay.as_ref().filter(|l| !l.is_empty())?;
            let total = facts.redundancy_pay_total_pence?;
            let mut out = String::new();
            for line in lines {
                match line.amount_pence {
                    Some(p) => {
                        let _ = writeln!(out, "{}: {}", line.description, pounds(p));
                    }
                    None => {
                        let _ = writeln!(out, "{}", line.description);
                    }
                }
            }
            let _ = write!(out, "Total: {}", pounds(total));
            Some(out)
        }
        Placeholder::RedundancyPayTotal => facts.redundancy_pay_total_pence.map(pounds),
        Placeholder::AppealDeadline => date(&facts.appeal_deadline),
        Placeholder::Outcome => text(&facts.outcome),
        Placeholder::OutcomeReasons => text(&facts.outcome_reasons),
    }
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The pay calculation as an HTML table.
fn pay_table(facts: &LetterFacts) -> String {
    let mut out = String::from("<table class=\"pay\"><caption>Redundancy payment</caption><tbody>");
    for line in facts.redundancy_pay.iter().flatten() {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(&line.description),
            line.amount_pence
                .map(pounds)
                .map(|p| escape(&p))
                .unwrap_or_default()
        );
    }
    if let Some(total) = facts.redundancy_pay_total_pence {
        let _ = write!(
            out,
            "<tr class=\"total\"><th scope=\"row\">Total</th><td>{}</td></tr>",
            escape(&pounds(total))
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// Renders a letter of `kind` from `template` and `facts`. Refuses, naming what to do first,
/// when a fact a placeholder needs is missing.
pub fn render(
    kind: LetterKind,
    template: &str,
    facts: &LetterFacts,
) -> Result<RenderedLetter, DomainError> {
    let pieces = parse(template)?;
    let mut missing: Vec<Placeholder> = Vec::new();
    for piece in &pieces {
        if let Piece::Slot(p) = piece
            && value(*p, facts).is_none()
            && !missing.contains(p)
        {
            missing.push(*p);
        }
    }
    if !missing.is_empty() {
        let needs: Vec<&str> = missing.iter().map(|p| p.describes()).collect();
        let mut remedies: Vec<&str> = Vec::new();
        for p in &missing {
            if !remedies.contains(&p.remedy()) {
                remedies.push(p.remedy());
            }
        }
        return Err(DomainError::PreconditionFailed {
            message: format!(
                "The {} needs {}: {}.",
                kind.name(),
                needs.join(", "),
                remedies.join("; ")
            ),
            missing: missing.iter().map(|p| p.name().to_owned()).collect(),
        });
    }
    // Plain text: every value in place.
    let mut text = String::new();
    for piece in &pieces {
        match piece {
            Piece::Text(t) => text.push_str(t),
            Piece::Slot(p) => text.push_str(&value(*p, facts).unwrap_or_default()),
        }
    }
    let text = normalise_paragraphs(&text);
    // HTML: paragraphs of escaped text, the pay table as a table of its own.
    let mut html = String::new();
    let mut paragraph = String::new();
    let flush = |paragraph: &mut String, html: &mut String| {
        let trimmed = paragraph.trim();
        if !trimmed.is_empty() {
            let _ = write!(html, "<p>{}</p>", trimmed.replace('\n', "<br>"));
        }
        paragraph.clear();
    };
    for piece in &pieces {
        match piece {
            Piece::Text(t) => {
                let normalised = t.replace("\r\n", "\n");
                let mut parts = normalised.split("\n\n").peekable();
                while let Some(part) = parts.next() {
                    paragraph.push_str(&escape(part));
                    if parts.peek().is_some() {
                        flush(&mut paragraph, &mut html);
                    }
                }
            }
            Piece::Slot(Placeholder::RedundancyPayTable) => {
                flush(&mut paragraph, &mut html);
                html.push_str(&pay_table(facts));
            }
            Piece::Slot(p) => {
                let v = value(*p, facts).unwrap_or_default();
                // A value of several paragraphs (reasons) keeps them.
                let escaped = escape(&v.replace("\r\n", "\n"));
                let mut parts = escaped.split("\n\n").peekable();
                while let Some(part) = parts.next() {
                    paragraph.push_str(part);
                    if parts.peek().is_some() {
                        flush(&mut paragraph, &mut html);
                    }
                }
            }
        }
    }
    flush(&mut paragraph, &mut html);
    Ok(RenderedLetter {
        subject: kind.subject().to_owned(),
        text,
        html,
    })
}

/// Line endings as `\n`, at most one blank line between paragraphs, no trailing spaces.
fn normalise_paragraphs(text: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in text.replace("\r\n", "\n").lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// How much of a letter a viewer sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterAccess {
    /// The whole letter: HR, and the employee it is addressed to.
    Full,
    /// That it exists (its kind and date), not its text: the proposal's sponsor.
    ExistenceOnly,
}

/// What a letter's visibility depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LetterAudience<'a> {
    /// The work email of the employee it is addressed to.
    pub employee_email: &'a str,
    pub sponsor_id: Option<Uuid>,
}

/// Who sees a letter: HR all of it; the employee their own; the proposal's sponsor that it
/// exists; union representatives and everyone else nothing (it is answered as not found).
pub fn letter_access(viewer: &Viewer, audience: &LetterAudience<'_>) -> Option<LetterAccess> {
    if viewer.role == Role::HrAdmin || viewer.email.eq_ignore_ascii_case(audience.employee_email) {
        return Some(LetterAccess::Full);
    }
    (viewer.role == Role::Manager && audience.sponsor_id == Some(viewer.user_id))
        .then_some(LetterAccess::ExistenceOnly)
}

/// A proposal's letters as a list: HR reads them, the proposal's sponsor sees which exist;
/// union representatives never see letters; anyone else finds their own under their letters.
pub fn proposal_letters_access(
    viewer: &Viewer,
    sponsor_id: Option<Uuid>,
) -> Result<LetterAccess, DomainError> {
    match viewer.role {
        Role::HrAdmin => Ok(LetterAccess::Full),
        Role::Manager if sponsor_id == Some(viewer.user_id) => Ok(LetterAccess::ExistenceOnly),
        Role::UnionRep => Err(DomainError::Forbidden(
            "Letters to employees are personal: union representatives do not see them. An employee can show you their own.".into(),
        )),
        Role::Manager | Role::Staff => Err(DomainError::Forbidden(
            "Only HR and the proposal's sponsor see its letters. Your own letters are under myLetters.".into(),
        )),
    }
}

/// Issuing letters and editing their templates: HR only.
pub fn may_manage_letters(viewer: &Viewer) -> Result<(), DomainError> {
    if viewer.role == Role::HrAdmin {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "Only HR issues letters and edits their templates.".into(),
        ))
    }
}

/// A letter that does not exist or that the viewer may not see.
pub fn letter_not_found() -> DomainError {
    DomainError::NotFound("There is no letter with that id that you can see.".into())
}

/// Checks a free-text fact given for one letter (meeting place, outcome, reasons).
pub fn fact_text(raw: Option<&str>, field: &str) -> Result<Option<String>, DomainError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if raw.chars().count() > MAX_FACT_CHARS {
        return Err(DomainError::bad_input(
            field,
            format!("This can be at most {MAX_FACT_CHARS} characters."),
        ));
    }
    if raw
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(DomainError::bad_input(
            field,
            "This contains a control character; type it again as plain text.",
        ));
    }
    Ok(Some(raw.to_owned()))
}

/// A meeting time as HH:MM on the 24-hour clock.
pub fn meeting_time(raw: Option<&str>, field: &str) -> Result<Option<String>, DomainError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    chrono::NaiveTime::parse_from_str(raw, "%H:%M")
        .map(|t| Some(t.format("%H:%M").to_string()))
        .map_err(|_| DomainError::bad_input(field, "Give the time as HH:MM, for example 10:30."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn notice_facts() -> LetterFacts {
        LetterFacts {
            employee_name: Some("Alex Moore".into()),
            employee_post: Some("Senior SEN Practitioner".into()),
            proposal_title: Some("Restructure of the SEN Service".into()),
            notice_given: Some(d(2027, 1, 4)),
            notice_period: Some("5 weeks".into()),
            last_day: Some(d(2027, 2, 8)),
            redundancy_pay: Some(vec![
                PayLine {
                    description: "3 years aged 41 or over at 1.5 weeks".into(),
                    amount_pence: None,
                },
                PayLine {
                    description: "Week's pay (capped at £751.00)".into(),
                    amount_pence: Some(75_100),
                },
            ]),
            redundancy_pay_total_pence: Some(337_950),
            appeal_deadline: Some(d(2027, 1, 18)),
            ..Default::default()
        }
    }

    #[test]
    fn every_default_template_meets_its_own_statutory_content() {
        for kind in LetterKind::ALL {
            check_template(kind, kind.default_template())
                .unwrap_or_else(|e| panic!("{kind:?}: {e:?}"));
            assert!(
                !kind.requirements().is_empty(),
                "{kind:?} requires something"
            );
            for r in kind.requirements() {
                assert!(!r.citation.is_empty());
            }
        }
    }

    #[test]
    fn a_notice_template_without_the_last_day_and_appeal_is_refused_naming_both() {
        let body = NOTICE
            .replace("{{notice.lastDay}}", "soon")
            .replace("{{appeal.deadline}}", "later");
        let DomainError::BadInput { field, message } =
            check_template(LetterKind::NoticeOfDismissal, &body).unwrap_err()
        else {
            panic!("bad input expected")
        };
        assert_eq!(field, "input.body");
        assert!(message.contains("the last day of service"), "{message}");
        assert!(message.contains("{{notice.lastDay}}"), "{message}");
        assert!(message.contains("the right of appeal"), "{message}");
        assert!(message.contains("ERA 1996 s145"), "{message}");
        assert!(!message.contains("the notice period ("), "{message}");
    }

    #[test]
    fn an_invitation_must_state_the_right_to_be_accompanied() {
        let body = INVITATION.replace("{{meeting.companion}}", "");
        let DomainError::BadInput { message, .. } =
            check_template(LetterKind::InvitationToMeeting, &body).unwrap_err()
        else {
            panic!()
        };
        assert!(message.contains("the right to be accompanied"), "{message}");
        assert!(message.contains("1999 s10"), "{message}");
    }

    #[test]
    fn unknown_unclosed_empty_and_long_templates_are_refused() {
        let unknown = format!("{NOTICE} {{{{employee.salary}}}}");
        let DomainError::BadInput { message, .. } =
            check_template(LetterKind::NoticeOfDismissal, &unknown).unwrap_err()
        else {
            panic!()
        };
        assert!(
            message.contains("{{employee.salary}} is not a placeholder"),
            "{message}"
        );
        assert!(check_template(LetterKind::AtRisk, "Dear {{employee.name").is_err());
        assert!(check_template(LetterKind::AtRisk, "  \n ").is_err());
        let long = format!("{AT_RISK}{}", "x".repeat(MAX_TEMPLATE_CHARS));
        assert!(check_template(LetterKind::AtRisk, &long).is_err());
        // Spaces inside the braces are allowed.
        check_template(
            LetterKind::AtRisk,
            "{{ proposal.title }} puts {{employee.post}} at risk.",
        )
        .unwrap();
    }

    #[test]
    fn a_notice_letter_states_the_period_last_day_pay_and_appeal() {
        let letter = render(LetterKind::NoticeOfDismissal, NOTICE, &notice_facts()).unwrap();
        assert_eq!(
            letter.subject,
            "Notice of dismissal by reason of redundancy"
        );
        assert!(
            letter.text.starts_with("Dear Alex Moore\n\n"),
            "{}",
            letter.text
        );
        assert!(letter.text.contains("Your notice period is 5 weeks, starting on Monday 4 January 2027. Your last day of service will be Monday 8 February 2027."), "{}", letter.text);
        assert!(
            letter
                .text
                .contains("Week's pay (capped at £751.00): £751.00\nTotal: £3,379.50"),
            "{}",
            letter.text
        );
        assert!(letter.text.contains("by Monday 18 January 2027."));
        assert!(!letter.text.contains("{{"));
        assert!(letter.html.contains("<table class=\"pay\">"));
        assert!(
            letter.html.contains(
                "<tr class=\"total\"><th scope=\"row\">Total</th><td>£3,379.50</td></tr>"
            ),
            "{}",
            letter.html
        );
        assert!(
            letter.html.starts_with("<p>Dear Alex Moore</p>"),
            "{}",
            letter.html
        );
        assert!(!letter.html.contains("<p></p>"), "{}", letter.html);
    }

    #[test]
    fn a_missing_fact_is_refused_saying_what_to_do_first() {
        let mut facts = notice_facts();
        facts.last_day = None;
        let DomainError::PreconditionFailed { message, missing } =
            render(LetterKind::NoticeOfDismissal, NOTICE, &facts).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(
            message,
            "The notice letter needs the last day of service: give notice first."
        );
        assert_eq!(missing, vec!["notice.lastDay"]);
        let DomainError::PreconditionFailed { message, missing } = render(
            LetterKind::InvitationToMeeting,
            INVITATION,
            &LetterFacts {
                employee_name: Some("Alex".into()),
                ..Default::default()
            },
        )
        .unwrap_err() else {
            panic!()
        };
        assert!(message.starts_with("The meeting invitation letter needs the proposal's title, the employee's current post, the date of the meeting"), "{message}");
        assert!(missing.contains(&"meeting.companion".to_owned()));
    }

    #[test]
    fn everything_is_escaped_in_html_and_kept_in_text() {
        let facts = LetterFacts {
            employee_name: Some("<script>alert('x')</script> & Co".into()),
            outcome: Some("You were <b>not</b> selected.".into()),
            outcome_reasons: Some("First reason.\n\nSecond \"reason\".".into()),
            ..Default::default()
        };
        let letter = render(LetterKind::AppealOutcome, APPEAL, &facts).unwrap();
        assert!(!letter.html.contains("<script>"));
        assert!(!letter.html.contains("<b>"));
        assert!(
            letter
                .html
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co")
        );
        assert!(
            letter
                .html
                .contains("<p>First reason.</p><p>Second &quot;reason&quot;.</p>"),
            "{}",
            letter.html
        );
        assert!(letter.text.contains("<script>alert('x')</script> & Co"));
        // Markup typed into a template is escaped too.
        let letter = render(
            LetterKind::AppealOutcome,
            "<i>{{outcome.text}}</i>\n{{outcome.reasons}}",
            &facts,
        )
        .unwrap();
        assert!(
            letter.html.starts_with("<p>&lt;i&gt;You were &lt;b&gt;not"),
            "{}",
            letter.html
        );
        assert!(letter.html.contains("<br>"));
    }

    #[test]
    fn an_offer_states_the_statutory_trial_period_without_a_trial_fact() {
        let facts = LetterFacts {
            employee_name: Some("Farzana Hussain".into()),
            employee_post: Some("Senior SEN Practitioner".into()),
            offer_post: Some("SEN Team Manager".into()),
            ..Default::default()
        };
        let letter = render(LetterKind::Offer, OFFER, &facts).unwrap();
        assert!(
            letter
                .text
                .contains("the post of SEN Team Manager as suitable alternative employment")
        );
        assert!(letter.text.contains("a trial period of 4 weeks, beginning with the day you start work in it (Employment Rights Act 1996, section 138)"));
    }

    #[test]
    fn money_and_dates_read_as_a_letter_writes_them() {
        assert_eq!(pounds(0), "£0.00");
        assert_eq!(pounds(5), "£0.05");
        assert_eq!(pounds(123_456_789), "£1,234,567.89");
        assert_eq!(pounds(100_000), "£1,000.00");
        assert_eq!(long_date(d(2026, 4, 6)), "Monday 6 April 2026");
    }

    #[test]
    fn kinds_and_placeholders_round_trip() {
        for kind in LetterKind::ALL {
            assert_eq!(LetterKind::parse(kind.as_str()), Some(kind));
        }
        for p in Placeholder::ALL {
            assert_eq!(Placeholder::parse(p.name()), Some(p));
        }
        assert_eq!(LetterKind::parse("nope"), None);
    }

    fn viewer(role: Role, email: &str) -> Viewer {
        Viewer {
            user_id: Uuid::now_v7(),
            role,
            email: email.into(),
            union: (role == Role::UnionRep).then(|| "UNISON".into()),
        }
    }

    #[test]
    fn hr_and_the_employee_read_a_letter_the_sponsor_sees_it_exists_reps_nothing() {
        let sponsor = viewer(Role::Manager, "boss@bury.example");
        let audience = LetterAudience {
            employee_email: "Alex@Bury.example",
            sponsor_id: Some(sponsor.user_id),
        };
        assert_eq!(
            letter_access(&viewer(Role::HrAdmin, "hr@bury.example"), &audience),
            Some(LetterAccess::Full)
        );
        assert_eq!(
            letter_access(&viewer(Role::Staff, "alex@bury.example"), &audience),
            Some(LetterAccess::Full)
        );
        assert_eq!(
            letter_access(&sponsor, &audience),
            Some(LetterAccess::ExistenceOnly)
        );
        assert_eq!(
            letter_access(&viewer(Role::Manager, "other@bury.example"), &audience),
            None
        );
        assert_eq!(
            letter_access(&viewer(Role::Staff, "farzana@bury.example"), &audience),
            None
        );
        assert_eq!(
            letter_access(&viewer(Role::UnionRep, "rep@bury.example"), &audience),
            None
        );
        assert_eq!(
            proposal_letters_access(&sponsor, Some(sponsor.user_id)),
            Ok(LetterAccess::ExistenceOnly)
        );
        assert_eq!(
            proposal_letters_access(&viewer(Role::HrAdmin, "hr@x"), None),
            Ok(LetterAccess::Full)
        );
        for role in [Role::Manager, Role::Staff, Role::UnionRep] {
            assert!(matches!(
                proposal_letters_access(&viewer(role, "a@x"), Some(sponsor.user_id)),
                Err(DomainError::Forbidden(_))
            ));
        }
        assert!(may_manage_letters(&viewer(Role::HrAdmin, "hr@x")).is_ok());
        for role in [Role::Manager, Role::Staff, Role::UnionRep] {
            assert!(matches!(
                may_manage_letters(&viewer(role, "a@x")),
                Err(DomainError::Forbidden(_))
            ));
        }
    }

    #[test]
    fn facts_given_for_a_letter_are_checked() {
        assert_eq!(
            meeting_time(Some("9:05"), "f").unwrap().as_deref(),
            Some("09:05")
        );
        assert!(meeting_time(Some("25:00"), "f").is_err());
        assert_eq!(meeting_time(None, "f").unwrap(), None);
        assert_eq!(fact_text(Some("  "), "f").unwrap(), None);
        assert!(fact_text(Some("a\u{0}b"), "f").is_err());
        assert!(fact_text(Some(&"x".repeat(MAX_FACT_CHARS + 1)), "f").is_err());
    }
}
