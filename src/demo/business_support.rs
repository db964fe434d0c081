//! The second demo proposal: Bury Council's Business Support Review for the Children and
//! Young People's business support team at Bury Town Hall (the review the Bury SEN appeals
//! report waits on), carried past its decision into the individual stage, so that a newcomer
//! sees what follows consultation.
//!
//! Consultation ran from 75 to 30 days ago (recorded after the fact, `occurredOn`), the
//! outcome report is complete and the decision recorded, all through the same lifecycle
//! functions the API calls. Then:
//! - a case for each of the seven people at risk;
//! - the Team Leader slotted in to the new Business Support Coordinator post (85% match,
//!   above the 70% threshold);
//! - four Business Support Officers ring fenced to two new posts: three weighted criteria,
//!   two assessors (HR and the Head of Business Support), every score, two moderations, and
//!   the outcome published; the two not selected move to redeployment;
//! - individual meetings with notes and a companion (a UNISON representative, a colleague),
//!   and one still to come;
//! - letters issued: at risk to all seven, the slot-in outcome, the four selection outcomes;
//! - past the outcomes (`load_individual_outcomes`): Priya Shah, selected, offered the new
//!   officer post, accepted, and in her trial period (ending within a week: the manager's to
//!   review in My tasks); the two Business Support Assistants, whose posts go with no post
//!   like theirs, in redeployment and given notice: Joan Entwistle with her redundancy pay
//!   worked out line by line, Kevin Ogden with an appeal lodged and its hearing to set.
//!
//! The people are invented; posts and grades follow the Bury SEN pack's grades. Idempotent:
//! nothing is done when a proposal of this title exists.

use crate::domain::{
    access::Viewer,
    account::EmailAddress,
    audit::AuditActor,
    employee::{EmployeeDetails, Holding, Impact},
    individual::{
        case::{CaseStep, CompanionKind},
        letter::LetterKind,
        selection::CriterionInput,
    },
    outcome::{ThemeOutcome, ThemeResponse},
    proposal::{self as rules, Jurisdiction, Transition},
    protective_award,
    ring_fence::{Member, RingFenceKind},
    signoff::{self, Decision},
    structure::{Fte, Pence, PostLine, PostSide},
    timetable::{ConsultationType, InviteeGroup, MeetingKind, MeetingSlot, Period},
};
use crate::error::AppError;
use crate::store::{
    self, Store,
    cases::{CaseFactsChange, MeetingHeld},
    letters::IssueLetter,
    offers::{NewOffer, OfferedPost},
    proposals::ProposalContent,
    selection::{Moderate, ScoreChange},
    structure::{EmployeeChange, RingFenceContent},
    timetable::{MeetingChange, TimetableChange},
};
use anyhow::anyhow;
use chrono::{Days, NaiveDate, NaiveTime, TimeZone, Utc};
use std::collections::HashMap;
use uuid::Uuid;

/// The proposal's title: how a second run knows it is loaded.
pub const TITLE: &str =
    "Business Support Review: Children and Young People's business support team";

const ACTOR: AuditActor = AuditActor::System("demo data");

/// The account of the head of the team: the proposal's sponsor and second assessor.
pub const MANAGER_EMAIL: &str = "business.support.manager@bury.example";
/// The affected officer with an account, who sees "My situation".
pub const OFFICER_EMAIL: &str = "tom.ashworth@bury.example";

fn refused(err: crate::domain::DomainError) -> anyhow::Error {
    anyhow!("the demo data is invalid: {}", err.message())
}

fn app(err: AppError) -> anyhow::Error {
    err.into_anyhow()
}

async fn viewer(store: &Store, email: &str) -> anyhow::Result<Viewer> {
    let address = EmailAddress::parse(email, "email").map_err(refused)?;
    let (user, _) = store::users::find_for_login(store, &address)
        .await
        .map_err(app)?
        .ok_or_else(|| anyhow!("no demo account {email}"))?;
    Ok(user.viewer())
}

/// One person of the team: number, name, email, post held, impact, weekly pay (pence),
/// continuous service start, date of birth, contractual notice weeks.
struct Person {
    number: &'static str,
    name: &'static str,
    email: &'static str,
    post: &'static str,
    impact: Impact,
    note: &'static str,
    weekly_pay_pence: i64,
    service_start: (i32, u32, u32),
    born: (i32, u32, u32),
    notice_weeks: Option<i32>,
}

const PEOPLE: &[Person] = &[
    Person {
        number: "B20117",
        name: "Ruth Kenyon",
        email: MANAGER_EMAIL,
        post: "manager",
        impact: Impact::NotAffected,
        note: "Head of Business Support, outside the review: line manages the new team.",
        weekly_pay_pence: 0,
        service_start: (2009, 9, 1),
        born: (1974, 2, 11),
        notice_weeks: Some(12),
    },
    Person {
        number: "B20342",
        name: "Dana Whitworth",
        email: "dana.whitworth@bury.example",
        post: "team-leader",
        impact: Impact::SlotIn,
        note: "Business Support Team Leader: 85% of the Coordinator job description matches her current duties.",
        weekly_pay_pence: 51_859,
        service_start: (2011, 4, 4),
        born: (1979, 6, 23),
        notice_weeks: Some(4),
    },
    Person {
        number: "B20408",
        name: "Priya Shah",
        email: "priya.shah@bury.example",
        post: "officer",
        impact: Impact::RingFenced,
        note: "Ring fenced to the two Business Support Officer (Grade 8) posts.",
        weekly_pay_pence: 38_534,
        service_start: (2016, 1, 11),
        born: (1990, 10, 2),
        notice_weeks: None,
    },
    Person {
        number: "B20415",
        name: "Tom Ashworth",
        email: OFFICER_EMAIL,
        post: "officer",
        impact: Impact::RingFenced,
        note: "Ring fenced to the two Business Support Officer (Grade 8) posts. Service counted from Rochdale Council (continuous local government service).",
        weekly_pay_pence: 38_534,
        service_start: (2007, 3, 5),
        born: (1968, 12, 14),
        notice_weeks: None,
    },
    Person {
        number: "B20433",
        name: "Megan Lord",
        email: "megan.lord@bury.example",
        post: "officer",
        impact: Impact::RingFenced,
        note: "Ring fenced to the two Business Support Officer (Grade 8) posts.",
        weekly_pay_pence: 38_534,
        service_start: (2019, 8, 19),
        born: (1995, 5, 30),
        notice_weeks: None,
    },
    Person {
        number: "B20451",
        name: "Liam Hart",
        email: "liam.hart@bury.example",
        post: "officer",
        impact: Impact::RingFenced,
        note: "Ring fenced to the two Business Support Officer (Grade 8) posts. Works 0.6 FTE.",
        weekly_pay_pence: 23_120,
        service_start: (2014, 10, 6),
        born: (1983, 3, 8),
        notice_weeks: None,
    },
    Person {
        number: "B20462",
        name: "Joan Entwistle",
        email: "joan.entwistle@bury.example",
        post: "assistant",
        impact: Impact::AtRisk,
        note: "Business Support Assistant: the post is deleted and no post of the new structure is like it.",
        weekly_pay_pence: 36_120,
        service_start: (1998, 6, 1),
        born: (1963, 9, 17),
        notice_weeks: None,
    },
    Person {
        number: "B20479",
        name: "Kevin Ogden",
        email: "kevin.ogden@bury.example",
        post: "assistant",
        impact: Impact::AtRisk,
        note: "Business Support Assistant: the post is deleted and no post of the new structure is like it.",
        weekly_pay_pence: 36_120,
        service_start: (2012, 2, 13),
        born: (1986, 11, 4),
        notice_weeks: None,
    },
];

/// Loads the Business Support proposal unless one of its title exists.
pub async fn load(store: &Store) -> anyhow::Result<()> {
    let all = crate::domain::access::ProposalScope::All;
    let existing = store::proposals::page(store, &all, None, None, 100)
        .await
        .map_err(app)?;
    if existing.iter().any(|p| p.content.title == TITLE) {
        return Ok(());
    }
    super::bury::ensure_pay_scales(store).await?;
    let hr = viewer(store, "hr@bury.example").await?;
    let manager = viewer(store, MANAGER_EMAIL).await?;
    let content = ProposalContent {
        title: TITLE.into(),
        service: "Corporate Core: Business Support".into(),
        establishment: "Bury Town Hall".into(),
        jurisdiction: Jurisdiction::GreatBritain,
        sponsor_id: Some(manager.user_id),
        background: "The Council Business Support Review looks at business support service by service. The Children and Young People's team at Bury Town Hall supports the SEN service, Early Help and Social Care with minute taking, EHC plan administration, post and the case management system. Since the SEN restructure increased business support to 2.5 FTE, requests come through one front door and much of the work is now done in the case management system by caseworkers themselves.".into(),
        rationale: "The team has one Team Leader, four Business Support Officers (Grade 4) and two Business Support Assistants (Grade 4) who handle post, scanning and filing. The work that remains needs fewer people at a higher level: checking EHC plan paperwork against the statutory 20-week timescale and supporting tribunal bundles, rather than typing and filing.".into(),
        proposal_text: "Delete the Business Support Team Leader post and create a Business Support Coordinator post (Grade 8) with a revised job description. Delete the four Business Support Officer (Grade 4) posts and create two Business Support Officer (Grade 8) posts with a revised job description. Delete the two Business Support Assistant posts: post now comes in scanned, straight into the case management system. The Head of Business Support is outside the review.".into(),
        benefits: "Statutory deadlines tracked by one coordinator; a saving that funds the higher grade of the remaining posts.".into(),
        alternatives: vec![
            rules::alternative(
                None,
                "Keep four officer posts and regrade them",
                "The volume of typing and filing no longer supports four posts; the cost would exceed the service's budget.",
                "alternatives",
            )
            .map_err(refused)?,
        ],
        risks: vec![
            rules::risk(
                None,
                "Loss of experienced staff during the selection",
                "Ring fence to the current post holders first; redeployment support and trial periods for those not selected.",
                "risks",
            )
            .map_err(refused)?,
        ],
        equality_analysis: "Five of the seven people affected are women; one works part time. The selection criteria are pro-rated for part-time working and do not use attendance, so that absence related to disability or pregnancy does not count against anyone.".into(),
        equality_analysis_complete: true,
        agency_workers: "None in the team.".into(),
        selection_method: "Slot-in where a current post matches 70% or more of a new job description; otherwise a ring fence with selection by interview and assessment against weighted criteria, scored by two assessors and moderated by HR.".into(),
        dismissal_method: "Notice of dismissal by reason of redundancy after individual consultation and redeployment, with the right of appeal.".into(),
        redundancy_pay_method: "Statutory redundancy pay on actual weekly pay under the Council's discretionary compensation policy.".into(),
        recognised_unions: rules::recognised_unions(&["UNISON".to_owned(), "GMB".to_owned()], "recognisedUnions")
            .map_err(refused)?,
        visible_to_whole_service: false,
        establishment_workforce: None,
    };
    let proposal = store::proposals::create(store, &ACTOR, content)
        .await
        .map_err(app)?;
    let pid = proposal.id;
    // The demo's HR administrator is who staff are told to talk to.
    store::proposals::set_hr_contact(store, &ACTOR, pid, proposal.version, hr.user_id)
        .await
        .map_err(app)?;

    // Posts: the manager's line continues; the old posts are deleted and the new ones created.
    let side = |grade: &str, fte: f64, headcount: u32, reports_to: Option<Uuid>| {
        Ok::<_, anyhow::Error>(Some(PostSide {
            grade: grade.to_owned(),
            fte: Fte::parse(fte, Fte::MAX_POST, "fte").map_err(refused)?,
            headcount,
            reports_to,
            jd_version_id: None,
        }))
    };
    let mut posts: HashMap<&str, Uuid> = HashMap::new();
    let lines = [
        (
            "manager",
            "Head of Business Support",
            false,
            true,
            "Grade 9",
            1.0,
            1,
            None,
        ),
        (
            "team-leader",
            "Business Support Team Leader",
            true,
            false,
            "Grade 8",
            1.0,
            1,
            Some("manager"),
        ),
        (
            "officer",
            "Business Support Officer (Grade 4)",
            true,
            false,
            "Grade 4",
            3.6,
            4,
            Some("team-leader"),
        ),
        (
            "assistant",
            "Business Support Assistant",
            true,
            false,
            "Grade 4",
            2.0,
            2,
            Some("team-leader"),
        ),
        (
            "coordinator",
            "Business Support Coordinator",
            true,
            false,
            "Grade 8",
            1.0,
            1,
            Some("manager"),
        ),
        (
            "new-officer",
            "Business Support Officer (Grade 8)",
            true,
            false,
            "Grade 8",
            2.0,
            2,
            Some("coordinator"),
        ),
    ];
    for (key, title, in_scope, both, grade, fte, headcount, reports) in lines {
        let reports_to = reports.map(|r| posts[r]);
        let new = matches!(key, "coordinator" | "new-officer");
        let line = PostLine {
            id: Uuid::now_v7(),
            title: title.to_owned(),
            in_scope,
            current: if new {
                None
            } else {
                side(grade, fte, headcount, reports_to)?
            },
            proposed: if new || both {
                side(grade, fte, headcount, reports_to)?
            } else {
                None
            },
        };
        let record = store::structure::create_post(store, &ACTOR, pid, line, None, None)
            .await
            .map_err(app)?;
        posts.insert(key, record.line.id);
    }

    let mut employees: HashMap<&str, (Uuid, i32)> = HashMap::new();
    for p in PEOPLE {
        let fte = if p.number == "B20451" { 0.6 } else { 1.0 };
        let change = EmployeeChange {
            details: EmployeeDetails::parse(p.number, p.name, p.email, "employee")
                .map_err(refused)?,
            holdings: vec![Holding {
                post_id: posts[p.post],
                fte: Fte::parse(fte, Fte::ONE, "fte").map_err(refused)?,
            }],
            impact: p.impact,
            impact_note: Some(p.note.to_owned()),
            slot_in: (p.impact == Impact::SlotIn).then(|| (posts["coordinator"], Some(85))),
            volunteer: false,
            weekly_pay: (p.weekly_pay_pence > 0)
                .then(|| protective_award::weekly_pay(Pence(p.weekly_pay_pence), "weeklyPay"))
                .transpose()
                .map_err(refused)?,
        };
        let record = store::structure::create_employee(store, &ACTOR, pid, change)
            .await
            .map_err(app)?;
        employees.insert(p.number, (record.id, record.version));
    }
    let officers = ["B20408", "B20415", "B20433", "B20451"];
    let fence = store::structure::create_ring_fence(
        store,
        &ACTOR,
        pid,
        RingFenceContent {
            kind: RingFenceKind::RingFence,
            name: "Business Support Officer ring fence".into(),
            rule: "The four Business Support Officers (Grade 4) are ring fenced to the two new Business Support Officer (Grade 8) posts: 4 post holders for 2 posts, so selection by interview and assessment.".into(),
            from: vec![posts["officer"]],
            to: vec![posts["new-officer"]],
            members: officers
                .iter()
                .map(|n| Member {
                    employee_id: employees[n].0,
                    reason: None,
                })
                .collect(),
        },
    )
    .await
    .map_err(app)?;

    decide(store, pid, &hr).await?;

    // The individual stage, as HR does it through the API.
    let hr_actor = AuditActor::User(hr.user_id);
    for p in PEOPLE.iter().filter(|p| p.impact != Impact::NotAffected) {
        let (id, version) = employees[p.number];
        let date = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d);
        store::cases::set_case_facts(
            store,
            &hr_actor,
            id,
            version,
            CaseFactsChange {
                continuous_service_start: Some(date(p.service_start)),
                date_of_birth: Some(date(p.born)),
                contractual_notice_weeks: Some(p.notice_weeks),
            },
        )
        .await
        .map_err(app)?;
    }
    store::cases::open_cases(store, &hr_actor, pid)
        .await
        .map_err(app)?;
    let step = |number: &'static str, step: CaseStep| {
        let id = employees[number].0;
        let hr_actor = hr_actor.clone();
        async move {
            let case = store::cases::find(store.conn(), id)
                .await
                .map_err(app)?
                .ok_or_else(|| anyhow!("no case for {number}"))?;
            store::cases::step(store, &hr_actor, id, case.case.version, step, None)
                .await
                .map_err(app)
        }
    };
    for p in PEOPLE.iter().filter(|p| p.impact != Impact::NotAffected) {
        issue(
            store,
            &hr_actor,
            employees[p.number].0,
            LetterKind::AtRisk,
            None,
        )
        .await?;
    }
    // Dana's individual meeting comes before the slot-in, which closes her case.
    meetings(store, &hr_actor, &employees, &["B20342"]).await?;
    step(
        "B20342",
        CaseStep::SlotIn {
            post_id: posts["coordinator"],
            match_percent: 85,
            decided_by: hr.user_id,
        },
    )
    .await?;
    issue(
        store,
        &hr_actor,
        employees["B20342"].0,
        LetterKind::SlotInOutcome,
        None,
    )
    .await?;
    for n in officers {
        step(
            n,
            CaseStep::PlaceInSelectionPool {
                ring_fence_id: fence.id,
            },
        )
        .await?;
    }

    let selected = select(store, &hr, &manager, fence.id, &employees, &officers).await?;
    for n in officers {
        let chosen = selected.contains(&employees[n].0);
        let (outcome, reasons) = if chosen {
            (
                "You have been selected for one of the two Business Support Officer (Grade 8) posts.",
                "You scored among the two highest against the published criteria (knowledge of the case management system and statutory timescales 40%, communication with families and schools 30%, organisation and accuracy 30%). Your scores are in your case in Consult.",
            )
        } else {
            (
                "You have not been selected for one of the two Business Support Officer (Grade 8) posts. Your post remains at risk of redundancy, and you are now in redeployment: we will look with you for suitable alternative employment.",
                "Two posts went to the two candidates with the highest moderated scores against the published criteria (knowledge of the case management system and statutory timescales 40%, communication with families and schools 30%, organisation and accuracy 30%). Your scores, and how they were moderated, are in your case in Consult; you may ask to discuss them at your individual meeting.",
            )
        };
        issue(
            store,
            &hr_actor,
            employees[n].0,
            LetterKind::RingFenceOutcome,
            Some((outcome, reasons)),
        )
        .await?;
        if !chosen {
            step(n, CaseStep::MoveToRedeployment).await?;
        }
    }

    meetings(store, &hr_actor, &employees, &["B20415", "B20451"]).await?;
    load_individual_outcomes(store, &hr_actor, &employees, posts["new-officer"]).await
}

/// Records the consultation as it happened, 75 to 30 days ago, and the decision: the same
/// lifecycle functions as the API, with the opening back-dated (`occurredOn`).
async fn decide(store: &Store, pid: Uuid, hr: &Viewer) -> anyhow::Result<()> {
    let today = store::s188::today();
    let start = today - Days::new(75);
    let end = today - Days::new(30);
    store::timetable::set_timetable(store, &ACTOR, pid, None, |_| {
        Ok(TimetableChange {
            period: Some(Period::parse(start, end, "timetable")?),
            consultation_type: ConsultationType::Individual,
            planned_first_dismissal: Some(today + Days::new(60)),
            planned_first_notice: None,
            question_response_days: None,
        })
    })
    .await
    .map_err(app)?;
    let london = chrono_tz::Europe::London;
    let at = |day: NaiveDate, h: u32| {
        london
            .from_local_datetime(
                &day.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default()),
            )
            .earliest()
            .map(|d| d.with_timezone(&Utc))
            .ok_or_else(|| anyhow!("{day} {h}:00 does not exist in London"))
    };
    let briefing = MeetingChange {
        kind: MeetingKind::StaffBriefing,
        slot: MeetingSlot::parse(
            "Business Support Review: staff briefing",
            at(start, 10)?,
            at(start, 11)?,
            Some("Committee Room A, Bury Town Hall"),
            None,
            "meeting",
        )
        .map_err(refused)?,
        invitee_groups: vec![
            InviteeGroup::AffectedStaff,
            InviteeGroup::UnionReps,
            InviteeGroup::Sponsor,
        ],
        invitee_ids: vec![],
        invitee_employee_ids: vec![],
        covers: vec!["AVOIDING".into(), "REDUCING".into(), "MITIGATING".into()],
    };
    store::timetable::create_meeting(store, &ACTOR, pid, briefing)
        .await
        .map_err(app)?;
    // The briefing was held: its minutes shared and confirmed by both recognised unions.
    super::meeting_records::record_held_meetings(
        store,
        pid,
        &super::meeting_records::Cast {
            manager: (MANAGER_EMAIL, "Ruth Kenyon (Head of Business Support)"),
            presented: "The Children and Young People's business support team is reorganised around a new Coordinator post and fewer, broader officer posts; seven people are at risk, and the new posts are ring fenced to them.",
            staff: &[("Tom Ashworth (Business Support Officer)", OFFICER_EMAIL)],
        },
        &[(
            "Business Support Review: staff briefing",
            super::meeting_records::Reply::Confirmed,
        )],
    )
    .await?;
    let steps = [
        (
            end + Days::new(5),
            "Confirmation of the final structure and feedback",
            true,
        ),
        (
            end + Days::new(20),
            "Slot-ins and selection of employees (where required)",
            false,
        ),
        (
            today + Days::new(28),
            "New structure in place (subject to notice periods where applicable)",
            false,
        ),
    ];
    for (date, activity, before_decision) in steps {
        let step = store::timetable::add_implementation_step(
            store,
            &ACTOR,
            pid,
            date,
            activity.into(),
            before_decision,
        )
        .await
        .map_err(app)?;
        if before_decision {
            store::timetable::complete_implementation_step(store, &ACTOR, step.id)
                .await
                .map_err(app)?;
        }
    }
    store::proposals::share_with_unions(store, &ACTOR, pid, None, Some(start - Days::new(7)))
        .await
        .map_err(app)?;
    store::signoff::apply_template(
        store,
        &ACTOR,
        pid,
        &signoff::bury_default(),
        (Some(start), Some(end)),
    )
    .await
    .map_err(app)?;
    store::proposals::transition(
        store,
        &ACTOR,
        pid,
        Transition::SubmitForApproval,
        None,
        None,
        None,
    )
    .await
    .map_err(app)?;
    for step in store::signoff::steps(store.conn(), &[pid])
        .await
        .map_err(app)?
    {
        store::signoff::complete_step(
            store,
            hr,
            step.id,
            Some("Done (demo data).".into()),
            None,
            Some("Demo data.".into()),
        )
        .await
        .map_err(app)?;
    }
    for approval in store::signoff::approvals(store.conn(), &[pid])
        .await
        .map_err(app)?
    {
        store::signoff::decide(store, hr, approval.id, Decision::Approve, None)
            .await
            .map_err(app)?;
    }
    store::proposals::transition(store, &ACTOR, pid, Transition::Approve, None, None, None)
        .await
        .map_err(app)?;
    store::proposals::transition(
        store,
        &ACTOR,
        pid,
        Transition::OpenConsultation,
        None,
        None,
        Some(start),
    )
    .await
    .map_err(app)?;
    store::proposals::transition(
        store,
        &ACTOR,
        pid,
        Transition::CloseConsultation,
        None,
        None,
        None,
    )
    .await
    .map_err(app)?;
    let theme = store::outcome::create_theme(
        store,
        &ACTOR,
        pid,
        "Workload of the remaining officers".into(),
    )
    .await
    .map_err(app)?;
    store::outcome::respond_to_theme(store, &ACTOR, theme.id, Some(theme.version), |latest| {
        ThemeResponse::parse(
            "Typing and filing have moved into the case management system, which caseworkers now use directly. The two Grade 8 officers take on EHC plan administration and tribunal bundles; the Coordinator will review workload with them monthly for the first six months and report to the unions.",
            ThemeOutcome::NoChange,
            None,
            None,
            latest,
        )
    })
    .await
    .map_err(app)?;
    store::outcome::save_report(
        store,
        &ACTOR,
        pid,
        None,
        Some("Staff and UNISON raised the workload of the two remaining officers. The proposal goes ahead unchanged, with a monthly workload review for six months.".into()),
        true,
    )
    .await
    .map_err(app)?;
    store::proposals::transition(
        store,
        &ACTOR,
        pid,
        Transition::RecordDecision,
        None,
        None,
        None,
    )
    .await
    .map_err(app)?;
    Ok(())
}

/// The ring fence's selection: criteria, the two assessors' scores, HR's moderation where
/// they differ, and the published outcome. Returns the selected employees.
async fn select(
    store: &Store,
    hr: &Viewer,
    manager: &Viewer,
    fence: Uuid,
    employees: &HashMap<&str, (Uuid, i32)>,
    officers: &[&str],
) -> anyhow::Result<Vec<Uuid>> {
    let pool = store::selection::load(store.conn(), fence, "ringFenceId")
        .await
        .map_err(app)?;
    let criterion = |name: &str, description: &str, weight: i32| CriterionInput {
        name: name.into(),
        description: Some(description.into()),
        weight,
    };
    let pool = store::selection::set_criteria(
        store,
        hr,
        fence,
        pool.version,
        vec![
            criterion(
                "Case management system and statutory timescales",
                "Knowledge of the case management system and of the 20-week EHC plan timescale.",
                40,
            ),
            criterion(
                "Communication with families and schools",
                "Clear, courteous written and spoken communication, tested by an exercise.",
                30,
            ),
            criterion(
                "Organisation and accuracy",
                "Prioritising deadlines; accurate records, tested by an in-tray exercise.",
                30,
            ),
        ],
        None,
    )
    .await
    .map_err(app)?;
    store::selection::set_assessors(store, hr, fence, vec![hr.user_id, manager.user_id])
        .await
        .map_err(app)?;
    let criteria: Vec<Uuid> = pool.criteria.iter().map(|c| c.id).collect();
    // (officer, HR's scores, the manager's scores), on the 0 to 4 scale.
    let scores: [(&str, [i32; 3], [i32; 3]); 4] = [
        ("B20408", [4, 4, 3], [4, 4, 3]),
        ("B20415", [3, 2, 2], [3, 3, 2]),
        ("B20433", [4, 3, 3], [3, 3, 3]),
        ("B20451", [2, 3, 2], [2, 3, 2]),
    ];
    for (number, by_hr, by_manager) in scores {
        for (assessor, given) in [(hr, by_hr), (manager, by_manager)] {
            for (criterion_id, score) in criteria.iter().zip(given) {
                store::selection::record_score(
                    store,
                    assessor,
                    ScoreChange {
                        ring_fence_id: fence,
                        employee_id: employees[number].0,
                        criterion_id: *criterion_id,
                        score,
                        note: None,
                        expected_version: None,
                    },
                )
                .await
                .map_err(app)?;
            }
        }
    }
    for (number, criterion, score, note) in [
        (
            "B20415",
            1,
            2,
            "Moderated to 2: the letter to a parent in the exercise did not give the date of the annual review, which both assessors noted.",
        ),
        (
            "B20433",
            0,
            4,
            "Moderated to 4: at interview she described tracking each EHC plan against the 20-week timescale, which the second assessor's notes also record.",
        ),
    ] {
        store::selection::moderate(
            store,
            hr,
            Moderate {
                ring_fence_id: fence,
                employee_id: employees[number].0,
                criterion_id: criteria[criterion],
                score,
                note: Some(note.into()),
            },
        )
        .await
        .map_err(app)?;
    }
    let published = store::selection::publish(store, hr, fence)
        .await
        .map_err(app)?;
    let matrix = published.matrix();
    let selected: Vec<Uuid> = matrix
        .rows
        .iter()
        .filter(|r| r.selected == Some(true))
        .map(|r| r.employee_id)
        .collect();
    if selected.len() != 2 || officers.len() != 4 {
        return Err(anyhow!("the demo selection should select two of four"));
    }
    Ok(selected)
}

async fn issue(
    store: &Store,
    actor: &AuditActor,
    employee_id: Uuid,
    kind: LetterKind,
    outcome: Option<(&str, &str)>,
) -> anyhow::Result<()> {
    store::letters::issue(
        store,
        actor,
        IssueLetter {
            employee_id,
            kind,
            meeting_date: None,
            meeting_time: None,
            meeting_place: None,
            outcome: outcome.map(|(o, _)| o.to_owned()),
            outcome_reasons: outcome.map(|(_, r)| r.to_owned()),
            supersedes: None,
        },
    )
    .await
    .map_err(app)?;
    Ok(())
}

/// Individual consultation meetings of the people `of`: Dana's and Tom's held (notes, a
/// companion each), Liam's to come.
async fn meetings(
    store: &Store,
    hr: &AuditActor,
    employees: &HashMap<&str, (Uuid, i32)>,
    of: &[&str],
) -> anyhow::Result<()> {
    let today = store::s188::today();
    let rep = viewer(store, "unison.rep@bury.example").await?;
    let london = chrono_tz::Europe::London;
    let at = |day: NaiveDate, h: u32| {
        london
            .from_local_datetime(
                &day.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default()),
            )
            .earliest()
            .map(|d| d.with_timezone(&Utc))
            .ok_or_else(|| anyhow!("{day} {h}:00 does not exist in London"))
    };
    let version = |number: &'static str| async move {
        store::cases::find(store.conn(), employees[number].0)
            .await
            .map_err(app)?
            .map(|c| c.case.version)
            .ok_or_else(|| anyhow!("no case for {number}"))
    };
    let held = [
        (
            "B20342",
            6,
            "Discussed the Coordinator job description and the 85% match. Dana agrees with the slot-in; asked about training on tribunal bundles, which will be arranged before the new structure starts. Her pay is unchanged (Grade 8).",
            CompanionKind::Colleague,
            Some("Sue Barlow (Business Support Officer, Early Help)"),
            None,
        ),
        (
            "B20415",
            2,
            "Went through Tom's scores and the moderation of the communication exercise. Tom asked to be considered for the Registration Officer vacancy (Grade 5) in Legal and Democratic Services; HR will send the job description. Redeployment support and time off to look for work explained. His service from Rochdale Council counts as continuous.",
            CompanionKind::UnionRep,
            Some("Pat Jones (UNISON)"),
            Some(rep.user_id),
        ),
    ];
    for (number, days_ago, notes, kind, companion, companion_id) in held {
        if !of.contains(&number) {
            continue;
        }
        let day = today - Days::new(days_ago);
        let meeting = store::cases::schedule_meeting(
            store,
            hr,
            employees[number].0,
            version(number).await?,
            at(day, 10)?,
            "Meeting Room 2, Bury Town Hall".into(),
        )
        .await
        .map_err(app)?;
        store::cases::record_meeting(
            store,
            hr,
            meeting.id,
            meeting.version,
            MeetingHeld {
                held_on: day,
                notes: notes.into(),
                companion_kind: kind,
                companion_name: companion.map(str::to_owned),
                companion_user_id: companion_id,
            },
        )
        .await
        .map_err(app)?;
    }
    if !of.contains(&"B20451") {
        return Ok(());
    }
    store::cases::schedule_meeting(
        store,
        hr,
        employees["B20451"].0,
        version("B20451").await?,
        at(today + Days::new(3), 14)?,
        "Meeting Room 2, Bury Town Hall".into(),
    )
    .await
    .map_err(app)?;
    Ok(())
}

/// The employee's own acts (answering an offer, lodging an appeal): the demo's people have no
/// account, so the audit log names the demo data.
const EMPLOYEE: AuditActor = AuditActor::System("demo data: the employee");

/// The individual stage past the outcomes, through the store functions the API calls. The
/// decision is recorded today, so each of these happens today, after it:
/// - Priya Shah (B20408, selected): offered the Business Support Officer (Grade 8) post,
///   accepted, and starting her four-week statutory trial period (ERA 1996 s138(3)): the
///   manager's to confirm or end in My tasks;
/// - Joan Entwistle (B20462, assistant): in redeployment, given notice, her statutory
///   redundancy pay (ERA 1996 s162) worked out from her service, age and pay;
/// - Kevin Ogden (B20479, assistant): in redeployment, given notice, with an appeal lodged and
///   its hearing still to set.
async fn load_individual_outcomes(
    store: &Store,
    hr: &AuditActor,
    employees: &HashMap<&str, (Uuid, i32)>,
    new_officer_post: Uuid,
) -> anyhow::Result<()> {
    let today = store::s188::today();
    let version = |number: &'static str| async move {
        store::cases::find(store.conn(), employees[number].0)
            .await
            .map_err(app)?
            .map(|c| c.case.version)
            .ok_or_else(|| anyhow!("no case for {number}"))
    };

    let priya = employees["B20408"].0;
    let offer = store::offers::make(
        store,
        hr,
        NewOffer {
            employee_id: priya,
            expected_version: version("B20408").await?,
            post: OfferedPost::InStructure(new_officer_post),
            answer_by: today + Days::new(7),
        },
    )
    .await
    .map_err(app)?;
    issue(store, hr, priya, LetterKind::Offer, None).await?;
    let offer = store::offers::answer(store, &EMPLOYEE, offer.id, offer.version, None)
        .await
        .map_err(app)?;
    // The decision was recorded today, so everything after it happens from today: she took
    // up the post today and her four weeks end in 27 days.
    store::offers::start_trial(store, hr, offer.id, offer.version, today, None, None)
        .await
        .map_err(app)?;
    issue(store, hr, priya, LetterKind::TrialPeriod, None).await?;

    for number in ["B20462", "B20479"] {
        let id = employees[number].0;
        store::cases::step(
            store,
            hr,
            id,
            version(number).await?,
            CaseStep::MoveToRedeployment,
            None,
        )
        .await
        .map_err(app)?;
        store::separation::give_notice(store, hr, id, version(number).await?, today)
            .await
            .map_err(app)?;
        issue(store, hr, id, LetterKind::NoticeOfDismissal, None).await?;
    }
    store::separation::lodge_appeal(
        store,
        &EMPLOYEE,
        employees["B20479"].0,
        "My post was not put in the ring fence for the two new Business Support Officer posts, although I have done EHC plan administration for the SEN service since 2020, which is the work of the new posts. I ask to be assessed for them as the officers were.".into(),
    )
    .await
    .map_err(app)?;
    Ok(())
}
