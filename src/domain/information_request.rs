//! Information requests (issue 20): a union asks management for information it needs to
//! respond ("the data used to inform the restructure", in the Barnet joint union response);
//! each has an owner, a due date and an outcome: provided (text and files) or refused with a
//! reason. Seen by HR, the proposal's sponsor and the union that asked; nobody else.
//!
//! A request about one of the s188(4) items keeps the disclosure incomplete until it is
//! provided (`s188::check_disclosure_in`, through `DisclosureSources::outstanding_requests`).

use super::{
    DomainError,
    access::{ProposalView, Viewer},
    account::Role,
    notify::{Milestone, morning_of, on_working_day},
    s188::DisclosureItemKind,
    working_days,
};
use chrono::{DateTime, Days, NaiveDate, Utc};
use uuid::Uuid;

/// Where a request stands. Overdue is not a status: it is an open request past its due date
/// (`is_overdue`), so that it needs no job to move it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestStatus {
    Open,
    Provided,
    Refused,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 3] = [Self::Open, Self::Provided, Self::Refused];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "OPEN",
            Self::Provided => "PROVIDED",
            Self::Refused => "REFUSED",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// Open past its due date (Europe/London): overdue the day after it was due.
pub fn is_overdue(status: RequestStatus, due_on: NaiveDate, today: NaiveDate) -> bool {
    status == RequestStatus::Open && today > due_on
}

/// Whether someone seeing the proposal as `view` sees a request of `union`: HR, the sponsor,
/// and the representatives of that union. Staff and other unions do not know it exists.
pub fn may_see(viewer: &Viewer, view: ProposalView, union: &str) -> bool {
    match view {
        ProposalView::Hr | ProposalView::Sponsor => true,
        ProposalView::UnionRep => viewer
            .union
            .as_deref()
            .is_some_and(|own| own.eq_ignore_ascii_case(union)),
        ProposalView::Staff => false,
    }
}

/// The union whose list a viewer reads: `None` for HR and the sponsor (every union's), the
/// representative's own union, and a refusal for staff.
pub fn list_scope(viewer: &Viewer, view: ProposalView) -> Result<Option<String>, DomainError> {
    match view {
        ProposalView::Hr | ProposalView::Sponsor => Ok(None),
        ProposalView::UnionRep => Ok(viewer.union.clone()),
        ProposalView::Staff => Err(DomainError::Forbidden(
            "Information requests are seen by HR, the proposal's sponsor and the union that asked."
                .into(),
        )),
    }
}

/// The union a new request is logged for. A representative logs for their own union (naming
/// another is refused); HR logs on a union's behalf and must name one the proposal
/// recognises; nobody else logs requests.
pub fn requesting_union(
    viewer: &Viewer,
    view: ProposalView,
    named: Option<&str>,
    recognised: &[String],
) -> Result<String, DomainError> {
    let named = named.map(str::trim).filter(|u| !u.is_empty());
    match view {
        ProposalView::UnionRep => {
            let own = viewer.union.clone().unwrap_or_default();
            match named {
                Some(other) if !other.eq_ignore_ascii_case(&own) => Err(DomainError::Forbidden(
                    "You can log requests for your own union only.".into(),
                )),
                _ => Ok(recognised
                    .iter()
                    .find(|u| u.eq_ignore_ascii_case(&own))
                    .cloned()
                    .unwrap_or(own)),
            }
        }
        ProposalView::Hr => {
            let Some(named) = named else {
                return Err(DomainError::bad_input(
                    "input.unionName",
                    "Say which union is asking for the information.",
                ));
            };
            recognised
                .iter()
                .find(|u| u.eq_ignore_ascii_case(named))
                .cloned()
                .ok_or_else(|| {
                    DomainError::bad_input(
                        "input.unionName",
                        format!(
                            "{named} is not recognised for this proposal; choose one of its unions."
                        ),
                    )
                })
        }
        ProposalView::Sponsor | ProposalView::Staff => Err(DomainError::Forbidden(
            "Information requests are logged by the unions, or by HR on their behalf.".into(),
        )),
    }
}

/// Who may give a request its owner and due date: HR.
pub fn may_assign(view: ProposalView) -> Result<(), DomainError> {
    if view == ProposalView::Hr {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "Only HR can give an information request its owner and due date.".into(),
        ))
    }
}

/// Who may owe the information: an HR account or the proposal's sponsor, the people who see
/// every request (so an owner never holds one they could not see).
pub fn check_owner(role: Role, is_sponsor: bool) -> Result<(), DomainError> {
    if role == Role::HrAdmin || is_sponsor {
        Ok(())
    } else {
        Err(DomainError::bad_input(
            "input.ownerId",
            "The owner of an information request must be in HR or the proposal's sponsor.",
        ))
    }
}

/// Who may provide the information or refuse it: HR or the request's owner.
pub fn may_respond(
    viewer: &Viewer,
    view: ProposalView,
    owner_id: Option<Uuid>,
) -> Result<(), DomainError> {
    if view == ProposalView::Hr || (owner_id == Some(viewer.user_id) && view != ProposalView::Staff)
    {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "Only HR or the request's owner can provide the information or refuse it.".into(),
        ))
    }
}

/// A request is answered once: provided or refused, it stays so (the union asks again with a
/// new request, which keeps the dialogue's history).
pub fn check_open(status: RequestStatus) -> Result<(), DomainError> {
    match status {
        RequestStatus::Open => Ok(()),
        done => Err(DomainError::Conflict(format!(
            "This request has already been {}; log a new request to ask again.",
            done.as_str().to_lowercase()
        ))),
    }
}

/// The due date given, or `working_days` after the day it was asked; never before that day.
pub fn due_on(
    requested_on: NaiveDate,
    given: Option<NaiveDate>,
    working_days: u32,
    field: &str,
) -> Result<NaiveDate, DomainError> {
    match given {
        Some(day) if day < requested_on => Err(DomainError::bad_input(
            field,
            "The due date cannot be before the day the information was asked for.",
        )),
        Some(day) => Ok(day),
        None => Ok(working_days::add_working_days(requested_on, working_days)),
    }
}

/// A reminder about an open request and when it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminder {
    pub milestone: Milestone,
    pub due_at: DateTime<Utc>,
}

/// The reminders an open request due on `due_on` calls for on `today`, as the question log's
/// (`notify::plan`): "due tomorrow" at 09:00 on the last working day before the due day (not
/// planned once that day has passed), and "overdue" at 09:00 on the first working day after
/// it (at once, `now`, when that has come). Nobody is chased on a weekend or a bank holiday.
pub fn reminders(due_on: NaiveDate, today: NaiveDate, now: DateTime<Utc>) -> Vec<Reminder> {
    let mut out = Vec::new();
    let mut before = due_on.pred_opt();
    while let Some(day) = before.filter(|d| !working_days::is_working_day(*d)) {
        before = day.pred_opt();
    }
    if let Some(day) = before.filter(|d| *d >= today) {
        out.push(Reminder {
            milestone: Milestone::InformationRequestDueTomorrow,
            due_at: on_working_day(morning_of(day)),
        });
    }
    if let Some(after) = due_on.checked_add_days(Days::new(1)) {
        let at = on_working_day(morning_of(after));
        out.push(Reminder {
            milestone: Milestone::InformationRequestOverdue,
            due_at: if at <= now { now } else { at },
        });
    }
    out
}

/// An open request about an s188(4) item, as the disclosure check reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutstandingRequest {
    pub item: DisclosureItemKind,
    pub union_name: String,
    pub text: String,
    pub requested_on: NaiveDate,
}

/// Why an item does not count as disclosed while a request about it is open: s188(4) requires
/// the employer to disclose the information "in writing" to the representatives, and they
/// have said what they asked for and did not get.
pub fn outstanding_problem(requests: &[&OutstandingRequest], section: &str) -> Option<String> {
    if requests.is_empty() {
        return None;
    }
    let asked: Vec<String> = requests
        .iter()
        .map(|r| {
            format!(
                "{} asked on {} for \"{}\"",
                r.union_name,
                r.requested_on.format("%-d %B %Y"),
                r.text
            )
        })
        .collect();
    Some(format!(
        "{}; it has not been provided, and under {section} the disclosure is not complete until it is.",
        asked.join("; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn viewer(role: Role, union: Option<&str>) -> Viewer {
        Viewer {
            user_id: Uuid::now_v7(),
            role,
            email: "v@x.example".into(),
            union: union.map(str::to_owned),
        }
    }

    #[test]
    fn only_hr_the_sponsor_and_the_asking_union_see_a_request() {
        let unison = viewer(Role::UnionRep, Some("unison"));
        assert!(may_see(&unison, ProposalView::UnionRep, "UNISON"));
        let gmb = viewer(Role::UnionRep, Some("GMB"));
        assert!(!may_see(&gmb, ProposalView::UnionRep, "UNISON"));
        assert!(may_see(&gmb, ProposalView::Hr, "UNISON"));
        assert!(may_see(&gmb, ProposalView::Sponsor, "UNISON"));
        let staff = viewer(Role::Staff, None);
        assert!(!may_see(&staff, ProposalView::Staff, "UNISON"));
        assert_eq!(
            list_scope(&staff, ProposalView::Staff).unwrap_err().code(),
            "FORBIDDEN"
        );
        assert_eq!(
            list_scope(&unison, ProposalView::UnionRep).unwrap(),
            Some("unison".into())
        );
    }

    #[test]
    fn a_rep_logs_for_their_union_and_hr_for_a_recognised_one() {
        let recognised = vec!["UNISON".to_owned(), "NEU".to_owned()];
        let rep = viewer(Role::UnionRep, Some("unison"));
        assert_eq!(
            requesting_union(&rep, ProposalView::UnionRep, None, &recognised).unwrap(),
            "UNISON"
        );
        assert_eq!(
            requesting_union(&rep, ProposalView::UnionRep, Some("NEU"), &recognised)
                .unwrap_err()
                .code(),
            "FORBIDDEN"
        );
        let hr = viewer(Role::HrAdmin, None);
        assert_eq!(
            requesting_union(&hr, ProposalView::Hr, Some("neu"), &recognised).unwrap(),
            "NEU"
        );
        for named in [None, Some("GMB")] {
            assert_eq!(
                requesting_union(&hr, ProposalView::Hr, named, &recognised)
                    .unwrap_err()
                    .code(),
                "BAD_USER_INPUT"
            );
        }
        let sponsor = viewer(Role::Manager, None);
        assert_eq!(
            requesting_union(&sponsor, ProposalView::Sponsor, Some("NEU"), &recognised)
                .unwrap_err()
                .code(),
            "FORBIDDEN"
        );
    }

    #[test]
    fn hr_or_the_owner_answers_once() {
        let owner = viewer(Role::Manager, None);
        assert!(may_respond(&owner, ProposalView::Sponsor, Some(owner.user_id)).is_ok());
        assert!(may_respond(&owner, ProposalView::Sponsor, None).is_err());
        assert!(may_respond(&viewer(Role::HrAdmin, None), ProposalView::Hr, None).is_ok());
        let rep = viewer(Role::UnionRep, Some("UNISON"));
        assert_eq!(
            may_respond(&rep, ProposalView::UnionRep, None)
                .unwrap_err()
                .code(),
            "FORBIDDEN"
        );
        assert!(check_open(RequestStatus::Open).is_ok());
        assert_eq!(
            check_open(RequestStatus::Refused).unwrap_err().code(),
            "CONFLICT"
        );
        assert!(check_owner(Role::HrAdmin, false).is_ok());
        assert!(check_owner(Role::Manager, true).is_ok());
        assert!(check_owner(Role::Manager, false).is_err());
        assert!(check_owner(Role::UnionRep, false).is_err());
    }

    #[test]
    fn an_open_request_is_overdue_the_day_after_it_is_due() {
        let due = day(2026, 12, 9);
        assert!(!is_overdue(RequestStatus::Open, due, due));
        assert!(is_overdue(RequestStatus::Open, due, day(2026, 12, 10)));
        assert!(!is_overdue(RequestStatus::Provided, due, day(2027, 1, 10)));
        // Due in five working days by default, over Christmas too.
        assert_eq!(
            due_on(day(2026, 12, 22), None, 5, "f").unwrap(),
            day(2026, 12, 31)
        );
        assert_eq!(
            due_on(day(2026, 12, 22), Some(day(2026, 12, 21)), 5, "f")
                .unwrap_err()
                .code(),
            "BAD_USER_INPUT"
        );
    }

    #[test]
    fn reminders_go_on_working_mornings() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
        // Due Tuesday 29 December 2026: Monday 28 is a bank holiday (Boxing Day substitute),
        // so "due tomorrow" goes on Thursday 24; overdue on Wednesday 30.
        let due = day(2026, 12, 29);
        let planned = reminders(due, day(2026, 12, 1), now);
        assert_eq!(
            planned,
            vec![
                Reminder {
                    milestone: Milestone::InformationRequestDueTomorrow,
                    due_at: morning_of(day(2026, 12, 24)),
                },
                Reminder {
                    milestone: Milestone::InformationRequestOverdue,
                    due_at: morning_of(day(2026, 12, 30)),
                },
            ]
        );
        // Due on Friday 4 December: overdue on Monday 7, not Saturday.
        let planned = reminders(day(2026, 12, 4), day(2026, 12, 1), now);
        assert_eq!(planned[1].due_at, morning_of(day(2026, 12, 7)));
        // Already overdue: at once, and no "due tomorrow".
        let planned = reminders(day(2026, 11, 20), day(2026, 12, 1), now);
        assert_eq!(
            planned,
            vec![Reminder {
                milestone: Milestone::InformationRequestOverdue,
                due_at: now,
            }]
        );
    }

    #[test]
    fn an_outstanding_request_names_what_was_asked_and_cites_s188_4() {
        let request = OutstandingRequest {
            item: DisclosureItemKind::Reasons,
            union_name: "UNISON".into(),
            text: "The data used to inform the restructure".into(),
            requested_on: day(2026, 12, 1),
        };
        let problem = outstanding_problem(&[&request], "s188(4)(a)").unwrap();
        assert!(
            problem.contains("UNISON asked on 1 December 2026"),
            "{problem}"
        );
        assert!(problem.contains("s188(4)(a)"), "{problem}");
        assert_eq!(outstanding_problem(&[], "s188(4)(a)"), None);
    }
}
