//! The consultation timetable: the period, meetings and the implementation plan. Calendar
//! dates are Europe/London dates; meeting times carry their zone.

use super::{
    DomainError,
    access::{ProposalView, Viewer},
    bounds, text,
};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// Individual consultation only, or collective consultation under s188.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsultationType {
    Individual,
    Collective,
}

impl ConsultationType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Individual => "INDIVIDUAL",
            Self::Collective => "COLLECTIVE",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Individual, Self::Collective]
            .into_iter()
            .find(|t| t.as_str() == value)
    }
}

/// The consultation period: first and last day, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn parse(start: NaiveDate, end: NaiveDate, field: &str) -> Result<Self, DomainError> {
        bounds::date(start, &format!("{field}.start"))?;
        bounds::date(end, &format!("{field}.end"))?;
        if end < start {
            return Err(DomainError::bad_input(
                format!("{field}.end"),
                format!("The consultation cannot end ({end}) before it starts ({start})."),
            ));
        }
        if (end - start).num_days() > 366 {
            return Err(DomainError::bad_input(
                format!("{field}.end"),
                "A consultation period can be at most a year long.",
            ));
        }
        Ok(Self { start, end })
    }

    /// Calendar days, counting both ends (5 Feb – 7 Mar 2021 is 31 days; the pack calls it 30
    /// because it counts days after the start).
    pub fn days_after_start(self) -> i64 {
        (self.end - self.start).num_days()
    }

    /// Whether `day` is within the period.
    pub fn contains(self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
}

/// Checks the dismissal plan against itself: the first dismissal cannot take effect before
/// consultation starts, and notice comes before the dismissal it gives. Whether the dates are
/// lawful (Junk v Kühnel, s193) is the s188 engine's verdict, not a refusal, so that HR can
/// record a plan and see what is wrong with it.
pub fn check_dismissal_plan(
    period: Option<Period>,
    first_notice: Option<NaiveDate>,
    first_dismissal: Option<NaiveDate>,
) -> Result<(), DomainError> {
    if let (Some(period), Some(first)) = (period, first_dismissal)
        && first <= period.start
    {
        return Err(DomainError::bad_input(
            "input.plannedFirstDismissal",
            "The first dismissal cannot take effect before consultation starts.",
        ));
    }
    if let (Some(notice), Some(first)) = (first_notice, first_dismissal)
        && notice > first
    {
        return Err(DomainError::bad_input(
            "input.plannedFirstNotice",
            "Notice of dismissal is given before the dismissal takes effect: plan the first notice on or before the first dismissal.",
        ));
    }
    Ok(())
}

/// While consulting, the timetable cannot move the last day before today: that would end the
/// consultation without anyone being told it closed. Closing is "Close consultation"
/// (`closeConsultation`), which tells everyone. A last day left as it was is not refused, so
/// that HR can still change the rest of the timetable of a consultation past its last day.
pub fn check_end_while_consulting(
    status: super::proposal::ProposalStatus,
    previous: Option<NaiveDate>,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), DomainError> {
    match end {
        Some(end)
            if status == super::proposal::ProposalStatus::Consulting
                && end < today
                && Some(end) != previous =>
        {
            Err(DomainError::bad_input(
                "input.consultationEnd",
                format!(
                    "The consultation is open, so its last day cannot be moved into the past ({end}). To end the consultation now, use \"Close consultation\": everyone is told it has closed."
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// Whether withdrawing the proposal cancels a meeting: one still to start (a meeting already
/// held, or that has begun, stays as it was). Its cancellation then reaches those invited, so
/// that their calendars drop it.
pub fn cancelled_by_withdrawal(
    starts_at: DateTime<Utc>,
    cancelled: bool,
    now: DateTime<Utc>,
) -> bool {
    !cancelled && starts_at > now
}

/// What kind of meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingKind {
    UnionBriefing,
    StaffBriefing,
    OneToOne,
    DropIn,
    QaSession,
    Committee,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 6] = [
        Self::UnionBriefing,
        Self::StaffBriefing,
        Self::OneToOne,
        Self::DropIn,
        Self::QaSession,
        Self::Committee,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnionBriefing => "UNION_BRIEFING",
            Self::StaffBriefing => "STAFF_BRIEFING",
            Self::OneToOne => "ONE_TO_ONE",
            Self::DropIn => "DROP_IN",
            Self::QaSession => "QA_SESSION",
            Self::Committee => "COMMITTEE",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// Groups of people invited to a meeting, resolved per proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteeGroup {
    /// Everyone named in the proposal as affected.
    AffectedStaff,
    /// Representatives of its recognised unions.
    UnionReps,
    /// The sponsoring manager.
    Sponsor,
}

impl InviteeGroup {
    pub const ALL: [InviteeGroup; 3] = [Self::AffectedStaff, Self::UnionReps, Self::Sponsor];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AffectedStaff => "AFFECTED_STAFF",
            Self::UnionReps => "UNION_REPS",
            Self::Sponsor => "SPONSOR",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == value)
    }
}

/// A meeting's when and where, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingSlot {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: Option<String>,
    pub link: Option<String>,
}

impl MeetingSlot {
    pub fn parse(
        title: &str,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        place: Option<&str>,
        link: Option<&str>,
        prefix: &str,
    ) -> Result<Self, DomainError> {
        let f = |name: &str| format!("{prefix}.{name}");
        bounds::instant(starts_at, &f("startsAt"))?;
        bounds::instant(ends_at, &f("endsAt"))?;
        if ends_at <= starts_at {
            return Err(DomainError::bad_input(
                f("endsAt"),
                "A meeting must end after it starts.",
            ));
        }
        if (ends_at - starts_at).num_hours() > 24 {
            return Err(DomainError::bad_input(
                f("endsAt"),
                "A meeting can last at most a day.",
            ));
        }
        let link = text::optional_line(link, &f("link"), "the link", 2000)?;
        if let Some(link) = &link
            && !(link.starts_with("https://") || link.starts_with("http://"))
        {
            return Err(DomainError::bad_input(
                f("link"),
                "A meeting link must start with https://.",
            ));
        }
        Ok(Self {
            title: text::required_line(
                title,
                &f("title"),
                "the meeting's title",
                text::SHORT_MAX_CHARS,
            )?,
            starts_at,
            ends_at,
            place: text::optional_line(place, &f("place"), "the place", 500)?,
            link,
        })
    }
}

/// Whom a meeting invites: groups, users by account, and employees of the proposal by name
/// (reached at their work email, whether or not they have an account yet).
#[derive(Debug, Clone, Copy)]
pub struct Invitees<'a> {
    pub groups: &'a [InviteeGroup],
    pub users: &'a [Uuid],
    pub employees: &'a [Uuid],
}

/// Whether a meeting invites this viewer (who sees its proposal as `view`, and whose own
/// employee records in it are `own_records`: those whose work email is the viewer's): HR
/// organise every meeting; others by account, as an invited employee, or by group.
pub fn is_invited(
    viewer: &Viewer,
    view: ProposalView,
    invitees: Invitees<'_>,
    own_records: &[Uuid],
) -> bool {
    view == ProposalView::Hr
        || invitees.users.contains(&viewer.user_id)
        || own_records.iter().any(|e| invitees.employees.contains(e))
        || invitees.groups.iter().any(|g| match g {
            InviteeGroup::AffectedStaff => view == ProposalView::Staff,
            InviteeGroup::UnionReps => view == ProposalView::UnionRep,
            InviteeGroup::Sponsor => view == ProposalView::Sponsor,
        })
}

/// Whether a viewer of the proposal may see that a meeting exists: a 1:1 says who is
/// meeting, so only those invited (and HR, the sponsor) see it; other meetings are open
/// to everyone who can read the proposal.
pub fn may_see(
    viewer: &Viewer,
    view: ProposalView,
    kind: MeetingKind,
    invitees: Invitees<'_>,
    own_records: &[Uuid],
) -> bool {
    kind != MeetingKind::OneToOne
        || view == ProposalView::Sponsor
        || is_invited(viewer, view, invitees, own_records)
}

/// Who was invited by name is personal data (a 1:1 names who is at risk): HR, who organise
/// the meetings, see the list; everyone else sees the groups invited.
pub fn may_see_invitees(view: ProposalView) -> Result<(), DomainError> {
    if view.sees_everyones_personal_data() {
        return Ok(());
    }
    Err(DomainError::Forbidden(
        "Who is invited to a meeting by name is personal data: only HR sees it.".into(),
    ))
}

/// A cancelled meeting stays cancelled: it is neither moved nor changed.
pub fn check_meeting_changeable(cancelled: bool) -> Result<(), DomainError> {
    if cancelled {
        return Err(DomainError::PreconditionFailed {
            message: "The meeting is cancelled; schedule a new one instead.".into(),
            missing: vec![],
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::Role;

    #[test]
    fn an_open_consultation_is_closed_by_closing_it_not_by_a_past_last_day() {
        use crate::domain::proposal::ProposalStatus as S;
        let today = date(2021, 3, 1);
        let (before, after) = (Some(date(2021, 3, 7)), Some(date(2021, 2, 28)));
        let err = check_end_while_consulting(S::Consulting, before, after, today).unwrap_err();
        assert!(
            matches!(&err, DomainError::BadInput { field, message }
                if field == "input.consultationEnd" && message.contains("Close consultation")),
            "{err:?}"
        );
        // Today itself, a later day, and a last day already past that is left as it was.
        for end in [today, date(2021, 3, 20)] {
            assert!(check_end_while_consulting(S::Consulting, before, Some(end), today).is_ok());
        }
        assert!(check_end_while_consulting(S::Consulting, after, after, today).is_ok());
        // Before consultation opens the timetable may be planned or recorded freely.
        for status in [S::Draft, S::InApproval, S::Approved] {
            assert!(check_end_while_consulting(status, before, after, today).is_ok());
        }
    }

    #[test]
    fn withdrawal_cancels_only_meetings_still_to_come() {
        use chrono::TimeZone;
        let now = Utc.with_ymd_and_hms(2021, 3, 1, 12, 0, 0).unwrap();
        let hour = chrono::Duration::hours(1);
        assert!(cancelled_by_withdrawal(now + hour, false, now));
        assert!(!cancelled_by_withdrawal(now - hour, false, now), "held");
        assert!(!cancelled_by_withdrawal(now, false, now), "begun");
        assert!(
            !cancelled_by_withdrawal(now + hour, true, now),
            "already cancelled"
        );
    }

    fn staff() -> Viewer {
        Viewer {
            user_id: Uuid::now_v7(),
            role: Role::Staff,
            email: "s@x.example".into(),
            union: None,
        }
    }

    fn invitees<'a>(
        groups: &'a [InviteeGroup],
        users: &'a [Uuid],
        employees: &'a [Uuid],
    ) -> Invitees<'a> {
        Invitees {
            groups,
            users,
            employees,
        }
    }

    #[test]
    fn one_to_ones_are_seen_only_by_those_invited() {
        let staff = staff();
        let groups = [InviteeGroup::AffectedStaff];
        let kind = MeetingKind::OneToOne;
        assert!(may_see(
            &staff,
            ProposalView::Staff,
            MeetingKind::StaffBriefing,
            invitees(&groups, &[], &[]),
            &[]
        ));
        assert!(!may_see(
            &staff,
            ProposalView::Staff,
            kind,
            invitees(&[], &[], &[]),
            &[]
        ));
        assert!(may_see(
            &staff,
            ProposalView::Staff,
            kind,
            invitees(&[], &[staff.user_id], &[]),
            &[]
        ));
        assert!(is_invited(
            &staff,
            ProposalView::Staff,
            invitees(&groups, &[], &[]),
            &[]
        ));
        assert!(!is_invited(
            &staff,
            ProposalView::Staff,
            invitees(&[InviteeGroup::UnionReps], &[], &[]),
            &[]
        ));
    }

    // An employee invited by name (the ACAS guidance's individual consultation meeting) is
    // invited as the person their work email names, whether the account came before or after.
    #[test]
    fn an_employee_invited_by_name_is_invited_through_their_own_records() {
        let staff = staff();
        let (theirs, someone_else) = (Uuid::now_v7(), Uuid::now_v7());
        let employees = [theirs];
        let one_to_one = invitees(&[], &[], &employees);
        assert!(may_see(
            &staff,
            ProposalView::Staff,
            MeetingKind::OneToOne,
            one_to_one,
            &[theirs]
        ));
        assert!(!may_see(
            &staff,
            ProposalView::Staff,
            MeetingKind::OneToOne,
            one_to_one,
            &[someone_else]
        ));
        assert!(!is_invited(&staff, ProposalView::Staff, one_to_one, &[]));
    }

    #[test]
    fn only_hr_see_whom_a_meeting_invited_by_name() {
        assert_eq!(may_see_invitees(ProposalView::Hr), Ok(()));
        for view in [
            ProposalView::Sponsor,
            ProposalView::UnionRep,
            ProposalView::Staff,
        ] {
            assert_eq!(may_see_invitees(view).unwrap_err().code(), "FORBIDDEN");
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_period_cannot_end_before_it_starts() {
        let period = Period::parse(date(2021, 2, 5), date(2021, 3, 7), "input").unwrap();
        assert_eq!(
            period.days_after_start(),
            30,
            "the Bury pack's 30 calendar days"
        );
        let err = Period::parse(date(2021, 3, 7), date(2021, 2, 5), "input").unwrap_err();
        assert!(matches!(err, DomainError::BadInput { ref field, .. } if field == "input.end"));
    }

    #[test]
    fn periods_and_meetings_fall_in_the_years_consult_accepts() {
        let err = Period::parse(date(0, 1, 1), date(0, 1, 31), "input").unwrap_err();
        assert!(matches!(err, DomainError::BadInput { ref field, .. } if field == "input.start"));
        assert!(err.message().contains("2000 to 2100"), "{}", err.message());
        let err = Period::parse(date(2100, 12, 1), date(2101, 1, 1), "input").unwrap_err();
        assert!(matches!(err, DomainError::BadInput { ref field, .. } if field == "input.end"));
        let start = date(0, 1, 1).and_hms_opt(9, 0, 0).unwrap().and_utc();
        let err = MeetingSlot::parse(
            "Briefing",
            start,
            start + chrono::Duration::hours(1),
            None,
            None,
            "input",
        )
        .unwrap_err();
        assert!(
            matches!(err, DomainError::BadInput { ref field, .. } if field == "input.startsAt")
        );
    }

    #[test]
    fn the_dismissal_plan_is_in_order() {
        let period = Period::parse(date(2026, 1, 5), date(2026, 2, 10), "f").unwrap();
        assert!(check_dismissal_plan(Some(period), None, Some(date(2026, 1, 5))).is_err());
        assert!(
            check_dismissal_plan(
                Some(period),
                Some(date(2026, 2, 11)),
                Some(date(2026, 3, 2))
            )
            .is_ok()
        );
        let late_notice =
            check_dismissal_plan(Some(period), Some(date(2026, 3, 3)), Some(date(2026, 3, 2)))
                .unwrap_err();
        assert!(
            matches!(late_notice, DomainError::BadInput { ref field, .. } if field == "input.plannedFirstNotice")
        );
    }

    #[test]
    fn a_meeting_must_end_after_it_starts_and_links_are_web_links() {
        let start = Utc::now();
        assert!(
            MeetingSlot::parse(
                "Briefing",
                start,
                start + chrono::Duration::hours(1),
                Some("Town Hall"),
                None,
                "input"
            )
            .is_ok()
        );
        assert!(MeetingSlot::parse("Briefing", start, start, None, None, "input").is_err());
        assert!(
            MeetingSlot::parse(
                "Briefing",
                start,
                start + chrono::Duration::hours(1),
                None,
                Some("javascript:alert(1)"),
                "input"
            )
            .is_err()
        );
    }
}

#[cfg(test)]
mod meeting_gate_tests {
    use super::*;

    #[test]
    fn a_cancelled_meeting_is_not_changed() {
        assert_eq!(check_meeting_changeable(false), Ok(()));
        assert!(matches!(
            check_meeting_changeable(true),
            Err(DomainError::PreconditionFailed { .. })
        ));
    }
}
