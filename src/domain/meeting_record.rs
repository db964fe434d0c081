//! The record of a consultation meeting (issue 17): who attended or sent apologies, the
//! minutes and the union side's reply to them, the documents tabled and the actions agreed.
//!
//! Minutes are evidence that consultation took place "with a view to reaching agreement"
//! (TULRCA 1992 s188(2)) and of which s188(2) subjects it covered; a tribunal weighs the
//! agreed record, so each version HR shares is kept with every union's reply to it, and a
//! union that disagrees records its own text beside HR's.

use super::{
    DomainError,
    access::ProposalView,
    account::{PersonName, Role},
    s188::Concern,
    text,
    timetable::MeetingKind,
};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// Most people an attendance list holds.
pub const MAX_ATTENDEES: usize = 200;
/// Most sections minutes hold.
pub const MAX_SECTIONS: usize = 50;

/// In what capacity someone attended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendeeCapacity {
    Management,
    Hr,
    Union,
    Staff,
    Companion,
}

impl AttendeeCapacity {
    pub const ALL: [Self; 5] = [
        Self::Management,
        Self::Hr,
        Self::Union,
        Self::Staff,
        Self::Companion,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Management => "MANAGEMENT",
            Self::Hr => "HR",
            Self::Union => "UNION",
            Self::Staff => "STAFF",
            Self::Companion => "COMPANION",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }
}

/// Where the minutes stand with the union side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinutesStatus {
    /// HR's draft: only HR and the sponsor see it.
    Draft,
    /// Shared with the union side, not yet confirmed by every recognised union.
    Shared,
    /// Every recognised union confirmed the current version.
    Confirmed,
    /// A union recorded disagreement with the current version.
    Disputed,
}

/// What an action agreed at a meeting becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// A question in the question log, owned and due.
    Question,
    /// A checklist step, assigned and planned.
    Task,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Question => "QUESTION",
            Self::Task => "TASK",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Question, Self::Task]
            .into_iter()
            .find(|k| k.as_str() == value)
    }
}

/// How much of a meeting's record a viewer of its proposal sees (who may see the meeting at
/// all is `timetable::may_see`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordAccess {
    /// HR and the sponsor: everything, drafts included.
    Full,
    /// A recognised union's representative: attendance, documents, actions, and the minutes
    /// once shared with the union side.
    UnionSide,
    /// Nothing of the record (staff; anyone but HR and the sponsor for a 1:1, which names
    /// the person at risk).
    Nothing,
}

impl RecordAccess {
    /// Attendance, documents and actions.
    pub fn sees_record(self) -> bool {
        self != Self::Nothing
    }

    /// The minutes, once `shared` with the union side or not.
    pub fn sees_minutes(self, shared: bool) -> bool {
        match self {
            Self::Full => true,
            Self::UnionSide => shared,
            Self::Nothing => false,
        }
    }
}

/// How a viewer who sees the proposal as `view` sees the record of a meeting of `kind`.
pub fn record_access(view: ProposalView, kind: MeetingKind) -> RecordAccess {
    match view {
        ProposalView::Hr | ProposalView::Sponsor => RecordAccess::Full,
        ProposalView::UnionRep if kind != MeetingKind::OneToOne => RecordAccess::UnionSide,
        ProposalView::UnionRep | ProposalView::Staff => RecordAccess::Nothing,
    }
}

/// The union a representative replies to minutes for: their own, when they see the
/// proposal as a recognised union's representative and the meeting is not a 1:1.
pub fn may_reply(
    view: ProposalView,
    kind: MeetingKind,
    viewer_union: Option<&str>,
) -> Result<&str, DomainError> {
    match (record_access(view, kind), viewer_union) {
        (RecordAccess::UnionSide, Some(union)) => Ok(union),
        (RecordAccess::Nothing, _) => Err(DomainError::NotFound(
            "There are no minutes of that meeting that you can see.".into(),
        )),
        _ => Err(DomainError::Forbidden(
            "Only a representative of a union recognised on the proposal confirms or disputes minutes.".into(),
        )),
    }
}

/// A meeting's attendance, minutes and actions are recorded once it has been held: it has
/// started and is not cancelled.
pub fn check_held(
    starts_at: DateTime<Utc>,
    cancelled: bool,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    if cancelled {
        return Err(DomainError::PreconditionFailed {
            message: "The meeting was cancelled, so it has no attendance or minutes.".into(),
            missing: vec!["MEETING_HELD".into()],
        });
    }
    if starts_at > now {
        return Err(DomainError::PreconditionFailed {
            message: "The meeting has not started yet: record who attended and its minutes once it has been held.".into(),
            missing: vec!["MEETING_HELD".into()],
        });
    }
    Ok(())
}

/// One person on the attendance list, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub name: String,
    pub capacity: AttendeeCapacity,
    /// For `Union`: the recognised union, spelt as the proposal spells it.
    pub union_name: Option<String>,
    pub user_id: Option<Uuid>,
    pub present: bool,
}

impl Attendee {
    /// Checks one attendee at `field`: a name; a union exactly when attending for a union,
    /// and then one the proposal recognises (s188(1B): the appropriate representatives).
    pub fn parse(
        name: &str,
        capacity: AttendeeCapacity,
        union: Option<&str>,
        user_id: Option<Uuid>,
        present: bool,
        recognised: &[String],
        field: &str,
    ) -> Result<Self, DomainError> {
        let name = PersonName::parse(name, &format!("{field}.name"))?
            .as_str()
            .to_owned();
        let union_field = format!("{field}.unionName");
        let union = union.map(str::trim).filter(|u| !u.is_empty());
        let union_name = match (capacity, union) {
            (AttendeeCapacity::Union, Some(union)) => Some(
                recognised
                    .iter()
                    .find(|r| r.eq_ignore_ascii_case(union))
                    .cloned()
                    .ok_or_else(|| {
                        DomainError::bad_input(
                            &union_field,
                            format!(
                                "{union} is not a union recognised on this proposal ({}).",
                                if recognised.is_empty() {
                                    "it recognises none".to_owned()
                                } else {
                                    recognised.join(", ")
                                }
                            ),
                        )
                    })?,
            ),
            (AttendeeCapacity::Union, None) => {
                return Err(DomainError::bad_input(
                    union_field,
                    "Say which recognised union a union representative attended for.",
                ));
            }
            (_, Some(_)) => {
                return Err(DomainError::bad_input(
                    union_field,
                    "Only someone attending for a union (capacity UNION) has a union.",
                ));
            }
            (_, None) => None,
        };
        Ok(Self {
            name,
            capacity,
            union_name,
            user_id,
            present,
        })
    }
}

/// The list as a whole: bounded.
pub fn check_attendance_size(count: usize, field: &str) -> Result<(), DomainError> {
    if count > MAX_ATTENDEES {
        return Err(DomainError::bad_input(
            field,
            format!("An attendance list can name at most {MAX_ATTENDEES} people."),
        ));
    }
    Ok(())
}

/// A heading and its text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MinutesSection {
    pub heading: String,
    pub body: String,
}

/// Minutes as HR saves them, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesDraft {
    pub sections: Vec<MinutesSection>,
    /// The s188(2) subjects the meeting discussed, each once, in the statute's order.
    pub subjects_discussed: Vec<Concern>,
}

impl MinutesDraft {
    /// At least one section, each with a heading (one line) and a body (long text, may be
    /// empty), at most `MAX_SECTIONS`; `field` is the input (`input`).
    pub fn parse(
        sections: &[(String, String)],
        subjects: &[Concern],
        field: &str,
    ) -> Result<Self, DomainError> {
        if sections.is_empty() {
            return Err(DomainError::bad_input(
                format!("{field}.sections"),
                "Minutes need at least one section.",
            ));
        }
        if sections.len() > MAX_SECTIONS {
            return Err(DomainError::bad_input(
                format!("{field}.sections"),
                format!("Minutes can have at most {MAX_SECTIONS} sections."),
            ));
        }
        let sections = sections
            .iter()
            .enumerate()
            .map(|(i, (heading, body))| {
                let at = format!("{field}.sections[{i}]");
                Ok(MinutesSection {
                    heading: text::required_line(
                        heading,
                        &format!("{at}.heading"),
                        "the section's heading",
                        text::SHORT_MAX_CHARS,
                    )?,
                    body: text::long_text(body, &format!("{at}.body"), "the section's text")?,
                })
            })
            .collect::<Result<Vec<_>, DomainError>>()?;
        let subjects_discussed = Concern::ALL
            .into_iter()
            .filter(|c| subjects.contains(c))
            .collect();
        Ok(Self {
            sections,
            subjects_discussed,
        })
    }
}

/// A union's reply to one version of the minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyFacts<'a> {
    pub union_name: &'a str,
    pub minutes_version: i32,
    pub agreed: bool,
    pub at: DateTime<Utc>,
}

/// Each union's latest reply to `version`: what it now says of that version.
fn positions<'a>(version: i32, replies: &[ReplyFacts<'a>]) -> Vec<ReplyFacts<'a>> {
    let mut latest: Vec<ReplyFacts<'a>> = Vec::new();
    for r in replies.iter().filter(|r| r.minutes_version == version) {
        match latest
            .iter_mut()
            .find(|l| l.union_name.eq_ignore_ascii_case(r.union_name))
        {
            Some(l) if l.at <= r.at => *l = *r,
            Some(_) => {}
            None => latest.push(*r),
        }
    }
    latest
}

/// Where minutes stand: a draft until shared; once shared, DISPUTED when any union's latest
/// reply to the current version disagrees, CONFIRMED when every recognised union's agrees,
/// else SHARED. Replies to earlier versions do not count for the current one.
pub fn minutes_status(
    shared: bool,
    version: i32,
    recognised: &[String],
    replies: &[ReplyFacts<'_>],
) -> MinutesStatus {
    if !shared {
        return MinutesStatus::Draft;
    }
    let latest = positions(version, replies);
    if latest.iter().any(|r| !r.agreed) {
        return MinutesStatus::Disputed;
    }
    let confirmed_by = |union: &String| {
        latest
            .iter()
            .any(|r| r.agreed && r.union_name.eq_ignore_ascii_case(union))
    };
    if !recognised.is_empty() && recognised.iter().all(confirmed_by) {
        MinutesStatus::Confirmed
    } else {
        MinutesStatus::Shared
    }
}

/// A union replies only to shared minutes, and confirms a version once.
pub fn check_reply(
    status: MinutesStatus,
    version: i32,
    union: &str,
    agreed: bool,
    replies: &[ReplyFacts<'_>],
) -> Result<(), DomainError> {
    if status == MinutesStatus::Draft {
        return Err(DomainError::NotFound(
            "There are no minutes of that meeting that you can see.".into(),
        ));
    }
    let already_agreed = positions(version, replies)
        .iter()
        .any(|r| r.agreed && r.union_name.eq_ignore_ascii_case(union));
    if agreed && already_agreed {
        return Err(DomainError::Conflict(format!(
            "{union} has already confirmed version {version} of these minutes."
        )));
    }
    Ok(())
}

/// A union's own account of what was said, where it disagrees: required and bounded.
pub fn dispute_text(raw: &str, field: &str) -> Result<String, DomainError> {
    let value = text::long_text(raw, field, "your union's account of the meeting")?;
    if value.is_empty() {
        return Err(DomainError::bad_input(
            field,
            "Say where your union disagrees with the minutes, in your own words.",
        ));
    }
    Ok(value)
}

/// Who may own an action agreed at a meeting: HR or a manager (they answer questions and
/// complete steps).
pub fn check_action_owner(role: Role, field: &str) -> Result<(), DomainError> {
    match role {
        Role::HrAdmin | Role::Manager => Ok(()),
        Role::UnionRep | Role::Staff => Err(DomainError::bad_input(
            field,
            "An action is owned by HR or a manager.",
        )),
    }
}

/// The question-log text of an action agreed at a meeting, so the log shows where it came
/// from: "Action from <meeting> on <day>: <text>".
pub fn action_question_text(meeting_title: &str, held_on: NaiveDate, action: &str) -> String {
    format!(
        "Action from {meeting_title} on {}: {action}",
        held_on.format("%-d %B %Y")
    )
}

/// The s188(2) subjects a meeting counts for: those its minutes record as discussed once
/// there are minutes, else those it was planned to cover.
pub fn subjects_covered<'a>(planned: &'a [String], minuted: Option<&'a [String]>) -> &'a [String] {
    minuted.unwrap_or(planned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + minutes * 60, 0).unwrap()
    }

    fn reply(union: &str, version: i32, agreed: bool, minute: i64) -> ReplyFacts<'_> {
        ReplyFacts {
            union_name: union,
            minutes_version: version,
            agreed,
            at: at(minute),
        }
    }

    fn unions() -> Vec<String> {
        vec!["UNISON".into(), "GMB".into()]
    }

    #[test]
    fn hr_and_the_sponsor_see_everything_reps_the_shared_record_staff_nothing() {
        let briefing = MeetingKind::UnionBriefing;
        assert_eq!(
            record_access(ProposalView::Hr, briefing),
            RecordAccess::Full
        );
        assert_eq!(
            record_access(ProposalView::Sponsor, briefing),
            RecordAccess::Full
        );
        let rep = record_access(ProposalView::UnionRep, briefing);
        assert!(rep.sees_record());
        assert!(!rep.sees_minutes(false), "a draft is HR's");
        assert!(rep.sees_minutes(true));
        let staff = record_access(ProposalView::Staff, MeetingKind::StaffBriefing);
        assert!(!staff.sees_record());
        assert!(!staff.sees_minutes(true));
        assert!(RecordAccess::Full.sees_minutes(false));
    }

    // A 1:1 names the person at risk: its record is HR's and the sponsor's.
    #[test]
    fn the_record_of_a_one_to_one_is_for_hr_and_the_sponsor() {
        let one = MeetingKind::OneToOne;
        assert_eq!(
            record_access(ProposalView::UnionRep, one),
            RecordAccess::Nothing
        );
        assert_eq!(
            record_access(ProposalView::Staff, one),
            RecordAccess::Nothing
        );
        assert_eq!(
            record_access(ProposalView::Sponsor, one),
            RecordAccess::Full
        );
        assert!(may_reply(ProposalView::UnionRep, one, Some("UNISON")).is_err());
    }

    #[test]
    fn only_a_recognised_unions_rep_replies() {
        let kind = MeetingKind::UnionBriefing;
        assert_eq!(
            may_reply(ProposalView::UnionRep, kind, Some("UNISON")),
            Ok("UNISON")
        );
        assert_eq!(
            may_reply(ProposalView::Hr, kind, None).unwrap_err().code(),
            "FORBIDDEN"
        );
        assert_eq!(
            may_reply(ProposalView::Staff, kind, None)
                .unwrap_err()
                .code(),
            "NOT_FOUND"
        );
    }

    #[test]
    fn a_meeting_is_recorded_once_held() {
        let now = at(100);
        assert_eq!(check_held(at(40), false, now), Ok(()));
        let early = check_held(at(101), false, now).unwrap_err();
        assert_eq!(early.code(), "PRECONDITION_FAILED");
        assert!(
            matches!(early, DomainError::PreconditionFailed { ref missing, .. } if missing == &["MEETING_HELD"])
        );
        assert!(check_held(at(40), true, now).is_err());
    }

    #[test]
    fn a_union_attendee_attends_for_a_recognised_union() {
        let recognised = unions();
        let rep = Attendee::parse(
            " Jo Rep ",
            AttendeeCapacity::Union,
            Some("unison"),
            None,
            true,
            &recognised,
            "input.attendees[0]",
        )
        .unwrap();
        assert_eq!(rep.name, "Jo Rep");
        assert_eq!(
            rep.union_name.as_deref(),
            Some("UNISON"),
            "the proposal's spelling"
        );
        let err = Attendee::parse(
            "Al",
            AttendeeCapacity::Union,
            Some("NEU"),
            None,
            true,
            &recognised,
            "input.attendees[1]",
        )
        .unwrap_err();
        assert!(
            matches!(err, DomainError::BadInput { ref field, .. } if field == "input.attendees[1].unionName")
        );
        assert!(
            Attendee::parse(
                "Al",
                AttendeeCapacity::Union,
                None,
                None,
                true,
                &recognised,
                "a"
            )
            .is_err()
        );
        assert!(
            Attendee::parse(
                "Al",
                AttendeeCapacity::Hr,
                Some("GMB"),
                None,
                true,
                &recognised,
                "a"
            )
            .is_err()
        );
        assert!(
            Attendee::parse(
                "",
                AttendeeCapacity::Hr,
                None,
                None,
                false,
                &recognised,
                "a"
            )
            .is_err()
        );
        assert!(check_attendance_size(MAX_ATTENDEES + 1, "input.attendees").is_err());
    }

    #[test]
    fn minutes_need_a_headed_section_and_list_each_subject_once() {
        let sections = vec![
            (
                "Introductions".to_owned(),
                "Attendees introduced themselves.".to_owned(),
            ),
            ("Next steps".to_owned(), String::new()),
        ];
        let draft = MinutesDraft::parse(
            &sections,
            &[Concern::Mitigating, Concern::Avoiding, Concern::Mitigating],
            "input",
        )
        .unwrap();
        assert_eq!(draft.sections.len(), 2);
        assert_eq!(
            draft.subjects_discussed,
            vec![Concern::Avoiding, Concern::Mitigating]
        );
        assert!(MinutesDraft::parse(&[], &[], "input").is_err());
        let err = MinutesDraft::parse(&[(" ".into(), "b".into())], &[], "input").unwrap_err();
        assert!(
            matches!(err, DomainError::BadInput { ref field, .. } if field == "input.sections[0].heading")
        );
        let many = vec![("H".to_owned(), String::new()); MAX_SECTIONS + 1];
        assert!(MinutesDraft::parse(&many, &[], "input").is_err());
    }

    #[test]
    fn minutes_are_confirmed_when_every_recognised_union_agrees_and_disputed_when_any_disagrees() {
        let recognised = unions();
        assert_eq!(
            minutes_status(false, 1, &recognised, &[]),
            MinutesStatus::Draft
        );
        assert_eq!(
            minutes_status(true, 1, &recognised, &[]),
            MinutesStatus::Shared
        );
        let one = [reply("UNISON", 1, true, 1)];
        assert_eq!(
            minutes_status(true, 1, &recognised, &one),
            MinutesStatus::Shared
        );
        let both = [reply("UNISON", 1, true, 1), reply("gmb", 1, true, 2)];
        assert_eq!(
            minutes_status(true, 1, &recognised, &both),
            MinutesStatus::Confirmed
        );
        // Disputed wins over confirmed.
        let split = [reply("UNISON", 1, true, 1), reply("GMB", 1, false, 2)];
        assert_eq!(
            minutes_status(true, 1, &recognised, &split),
            MinutesStatus::Disputed
        );
        // A new version starts again: replies to version 1 stay but do not count for 2.
        assert_eq!(
            minutes_status(true, 2, &recognised, &split),
            MinutesStatus::Shared
        );
        // A union that disputed and then confirmed the same version agrees now.
        let changed_mind = [
            reply("UNISON", 1, true, 1),
            reply("GMB", 1, false, 2),
            reply("GMB", 1, true, 3),
        ];
        assert_eq!(
            minutes_status(true, 1, &recognised, &changed_mind),
            MinutesStatus::Confirmed
        );
        assert_eq!(
            minutes_status(true, 1, &[], &[]),
            MinutesStatus::Shared,
            "no union to confirm"
        );
    }

    #[test]
    fn a_union_confirms_a_version_once_and_never_a_draft() {
        let replies = [reply("UNISON", 1, true, 1)];
        assert_eq!(
            check_reply(MinutesStatus::Draft, 1, "UNISON", true, &[])
                .unwrap_err()
                .code(),
            "NOT_FOUND"
        );
        assert_eq!(
            check_reply(MinutesStatus::Shared, 1, "unison", true, &replies)
                .unwrap_err()
                .code(),
            "CONFLICT"
        );
        assert_eq!(
            check_reply(MinutesStatus::Shared, 1, "UNISON", false, &replies),
            Ok(())
        );
        assert_eq!(
            check_reply(MinutesStatus::Shared, 2, "UNISON", true, &replies),
            Ok(())
        );
        assert!(dispute_text("  ", "input.text").is_err());
        assert_eq!(
            dispute_text(" We said 25 posts. ", "input.text").unwrap(),
            "We said 25 posts."
        );
    }

    #[test]
    fn actions_are_owned_by_hr_or_a_manager_and_say_where_they_came_from() {
        assert!(check_action_owner(Role::HrAdmin, "f").is_ok());
        assert!(check_action_owner(Role::Manager, "f").is_ok());
        assert!(check_action_owner(Role::UnionRep, "f").is_err());
        assert!(check_action_owner(Role::Staff, "f").is_err());
        assert_eq!(
            action_question_text(
                "Union briefing",
                NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
                "Share the vacancy list."
            ),
            "Action from Union briefing on 7 December 2026: Share the vacancy list."
        );
        assert_eq!(ActionKind::parse("TASK"), Some(ActionKind::Task));
        assert_eq!(
            AttendeeCapacity::parse("COMPANION"),
            Some(AttendeeCapacity::Companion)
        );
    }

    // s188(2): what a meeting covered is what its minutes record, once there are minutes.
    #[test]
    fn minuted_subjects_replace_the_planned_ones() {
        let planned = vec!["AVOIDING".to_owned(), "REDUCING".to_owned()];
        let minuted = vec!["MITIGATING".to_owned()];
        assert_eq!(subjects_covered(&planned, None), planned.as_slice());
        assert_eq!(
            subjects_covered(&planned, Some(&minuted)),
            minuted.as_slice()
        );
        assert!(subjects_covered(&planned, Some(&[])).is_empty());
    }
}
