//! The record of every demo meeting already held (issue 17): who attended and who sent
//! apologies, and minutes under the headings a consultation meeting works through (s188(2):
//! avoiding, reducing, mitigating), worded after the Bury SEN pack. Minutes of collective
//! meetings are shared with the unions; the caller says which to have confirmed or disputed.
//! Called only while a demo proposal is first made, so a second `consult demo` adds nothing.

use crate::domain::{
    access::ProposalView,
    account::EmailAddress,
    audit::AuditActor,
    meeting_record::{Attendee, AttendeeCapacity, MinutesDraft},
    s188::Concern,
    timetable::MeetingKind,
};
use crate::error::AppError;
use crate::store::{self, Store, timetable::MeetingRecord};
use anyhow::anyhow;
use uuid::Uuid;

/// What the unions do with a meeting's shared minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// Nothing yet.
    None,
    /// Every demo rep (UNISON, GMB) confirms them.
    Confirmed,
    /// UNISON records its own account where it disagrees.
    Disputed,
}

/// Who the minutes name: the sponsor and the staff of the proposal.
pub struct Cast<'a> {
    pub manager: (&'a str, &'a str),
    /// What the proposal does, as presented at its meetings.
    pub presented: &'a str,
    pub staff: &'a [(&'a str, &'a str)],
}

async fn account(store: &Store, email: &str) -> anyhow::Result<Uuid> {
    let address = EmailAddress::parse(email, "email").map_err(|e| anyhow!("{}", e.message()))?;
    store::users::find_for_login(store, &address)
        .await
        .map_err(AppError::into_anyhow)?
        .map(|(u, _)| u.id)
        .ok_or_else(|| anyhow!("no demo account {email}"))
}

fn person(
    name: &str,
    capacity: AttendeeCapacity,
    union: Option<&str>,
    user: Option<Uuid>,
    present: bool,
    recognised: &[String],
) -> Result<Attendee, crate::domain::DomainError> {
    Attendee::parse(name, capacity, union, user, present, recognised, "attendee")
}

/// Minutes of a meeting of `kind`, with the subjects it discussed.
fn minutes_of(
    meeting: &MeetingRecord,
    manager: &str,
    presented: &str,
) -> (Vec<(String, String)>, Vec<Concern>) {
    let s = |h: &str, b: String| (h.to_owned(), b);
    match meeting.kind {
        MeetingKind::OneToOne | MeetingKind::DropIn => (
            vec![
                s(
                    "Introductions",
                    format!("HR and {manager} met the post holder; the post holder was reminded of the right to be accompanied by a trade union representative or a colleague."),
                ),
                s(
                    "The proposal",
                    format!("HR went through what the proposal means for the post: {presented} The ring fence for the new posts was explained."),
                ),
                s(
                    "Questions raised",
                    "Whether caseloads will be capped in the new structure, and how pay protection applies to a post at a lower grade. HR will answer both in writing through the question log.".into(),
                ),
                s(
                    "Next steps",
                    "The post holder will send any written comments before the consultation closes. Further 1:1 meetings are available on request through HR.".into(),
                ),
            ],
            vec![Concern::Mitigating],
        ),
        MeetingKind::Committee => (
            vec![
                s(
                    "Introductions",
                    "The HR & Appeals Panel received the report on the restructure of the SEN Service.".into(),
                ),
                s(
                    "The proposal",
                    format!("{manager} presented the proposal: the post of Head of Service (vacant) to be replaced by an SEN Operational Manager, and the savings from the Senior Practitioner posts reinvested in SEN Caseworkers and business support. The cost moves from £633,036 to £629,850."),
                ),
                s(
                    "Next steps",
                    "The Panel noted the report and agreed that formal consultation may begin on 5 February.".into(),
                ),
            ],
            vec![],
        ),
        _ => (
            vec![
                s(
                    "Introductions",
                    format!("HR opened the meeting and introduced {manager}. Apologies are recorded with the attendance."),
                ),
                s(
                    "The proposal",
                    format!("{manager} presented the proposal and the reasons for it. {presented}"),
                ),
                s(
                    "Ways to avoid redundancies",
                    "Management confirmed that vacant posts and posts covered by agency workers will not be filled permanently while consultation runs, and that the new posts are ring fenced to those displaced first. The unions asked for the vacancy list across the directorate; management agreed to share it.".into(),
                ),
                s(
                    "Reducing the numbers",
                    "Management proposed that agency workers on interim contracts end before any employee is displaced. The unions asked that voluntary reductions in hours be considered; management will respond in writing.".into(),
                ),
                s(
                    "Mitigating the effect",
                    "Pay protection under the Council's policy, redeployment support and training in writing outcomes were explained. The unions asked for dates and a budget for the training.".into(),
                ),
                s(
                    "Questions raised",
                    "Whether caseloads will be capped; how slotting in will be decided; when the new job descriptions will be evaluated. Each is logged as a question with an owner and a date to answer.".into(),
                ),
                s(
                    "Next steps",
                    "The unions will send a collective response before the consultation closes. HR will circulate these minutes for the unions to confirm.".into(),
                ),
            ],
            Concern::ALL.to_vec(),
        ),
    }
}

/// Records attendance and minutes for every meeting of `proposal_id` that has started (not
/// cancelled). Collective meetings' minutes are shared; `replies` says, by meeting title,
/// which to have confirmed or disputed. 1:1 minutes stay HR's draft.
pub async fn record_held_meetings(
    store: &Store,
    proposal_id: Uuid,
    cast: &Cast<'_>,
    replies: &[(&str, Reply)],
) -> anyhow::Result<()> {
    let app = AppError::into_anyhow;
    let refused = |e: crate::domain::DomainError| anyhow!("demo data is invalid: {}", e.message());
    let hr = account(store, "hr@bury.example").await?;
    let hr_actor = AuditActor::User(hr);
    let unison = account(store, "unison.rep@bury.example").await?;
    let gmb = account(store, "gmb.rep@bury.example").await?;
    let manager = account(store, cast.manager.0).await?;
    let now = chrono::Utc::now();
    let held: Vec<MeetingRecord> = store::timetable::meetings(store.conn(), &[proposal_id])
        .await
        .map_err(app)?
        .into_iter()
        .filter(|m| m.starts_at < now && !m.cancelled)
        .collect();
    for meeting in held {
        let kind = meeting.kind;
        let one_to_one = matches!(kind, MeetingKind::OneToOne | MeetingKind::DropIn);
        store::meeting_records::record_attendance(
            store,
            &hr_actor,
            meeting.id,
            meeting.version,
            |recognised| {
                let mut list = vec![
                    person(
                        "Helen Rigby (HR Business Partner)",
                        AttendeeCapacity::Hr,
                        None,
                        Some(hr),
                        true,
                        recognised,
                    )?,
                    person(
                        cast.manager.1,
                        AttendeeCapacity::Management,
                        None,
                        Some(manager),
                        true,
                        recognised,
                    )?,
                ];
                if one_to_one {
                    if let Some((name, _)) = cast.staff.first() {
                        list.push(person(
                            name,
                            AttendeeCapacity::Staff,
                            None,
                            None,
                            true,
                            recognised,
                        )?);
                    }
                    list.push(person(
                        "Pat Jones (UNISON)",
                        AttendeeCapacity::Companion,
                        None,
                        Some(unison),
                        true,
                        recognised,
                    )?);
                    return Ok(list);
                }
                if kind == MeetingKind::Committee {
                    return Ok(list);
                }
                for union in recognised {
                    let (name, user) = match union.as_str() {
                        "UNISON" => ("Pat Jones (UNISON)".to_owned(), Some(unison)),
                        "GMB" => ("Chris Walsh (GMB)".to_owned(), Some(gmb)),
                        other => (format!("{other} representative"), None),
                    };
                    // A union with no demo representative sent apologies.
                    let present = user.is_some();
                    list.push(person(
                        &name,
                        AttendeeCapacity::Union,
                        Some(union),
                        user,
                        present,
                        recognised,
                    )?);
                }
                if kind != MeetingKind::UnionBriefing {
                    for (i, (name, _)) in cast.staff.iter().enumerate() {
                        list.push(person(
                            name,
                            AttendeeCapacity::Staff,
                            None,
                            None,
                            i % 3 != 2,
                            recognised,
                        )?);
                    }
                }
                Ok(list)
            },
        )
        .await
        .map_err(app)?;
        let (sections, subjects) = minutes_of(&meeting, cast.manager.1, cast.presented);
        let draft = MinutesDraft::parse(&sections, &subjects, "minutes").map_err(refused)?;
        store::meeting_records::save_minutes(store, &hr_actor, meeting.id, None, draft)
            .await
            .map_err(app)?;
        if kind == MeetingKind::OneToOne {
            continue;
        }
        store::meeting_records::share_minutes(store, &hr_actor, meeting.id, 1)
            .await
            .map_err(app)?;
        let reply = replies
            .iter()
            .find(|(title, _)| *title == meeting.title)
            .map_or(Reply::None, |(_, r)| *r);
        match reply {
            Reply::None => {}
            Reply::Confirmed => {
                for (user, union) in [(unison, "UNISON"), (gmb, "GMB")] {
                    store::meeting_records::reply_to_minutes(
                        store,
                        user,
                        ProposalView::UnionRep,
                        Some(union),
                        meeting.id,
                        1,
                        None,
                    )
                    .await
                    .map_err(app)?;
                }
            }
            Reply::Disputed => {
                store::meeting_records::reply_to_minutes(
                    store,
                    unison,
                    ProposalView::UnionRep,
                    Some("UNISON"),
                    meeting.id,
                    1,
                    Some("UNISON's note of the meeting: management did not agree to end the agency contracts before any employee is displaced; it said it would consider it. UNISON also asked for the equality analysis to be shared, which the minutes leave out.".into()),
                )
                .await
                .map_err(app)?;
            }
        }
    }
    Ok(())
}
