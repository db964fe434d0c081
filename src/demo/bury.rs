//! Loads `bury_sen.json`: the Bury SEN restructure pack as data.

use crate::domain::{
    access::{ProposalView, Viewer},
    account::EmailAddress,
    account::Role,
    audit::AuditActor,
    employee::{EmployeeDetails, Holding, Impact},
    job_description::{CommentCategory, JdContent, JdContentInput},
    pay_scale::{OnCostRate, PayScaleChange},
    proposal::{self as rules, Jurisdiction, Transition},
    protective_award,
    signoff::{self, Decision},
    structure::{Fte, Pence, PostLine, PostSide},
    timetable::{ConsultationType, InviteeGroup, MeetingKind, MeetingSlot, Period},
};
use crate::error::AppError;
use crate::store::{
    self, Store,
    proposals::ProposalContent,
    structure::{EmployeeChange, RingFenceContent},
    timetable::{MeetingChange, TimetableChange},
};
use anyhow::{Context, anyhow};
use chrono::{NaiveDate, NaiveTime, TimeZone};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

const DATA: &str = include_str!("bury_sen.json");
const ACTOR: AuditActor = AuditActor::System("demo data");

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Data {
    pay_scales: Vec<PayScale>,
    proposal: Proposal,
    posts: Vec<Post>,
    employees: Vec<Employee>,
    ring_fences: Vec<RingFence>,
    job_descriptions: Vec<Jd>,
    jd_comments: Vec<JdComment>,
    timetable: Timetable,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Timetable {
    consultation_start: NaiveDate,
    consultation_end: NaiveDate,
    meetings: Vec<Meeting>,
    implementation_steps: Vec<PlanStep>,
}

#[derive(Deserialize)]
struct Meeting {
    kind: String,
    title: String,
    date: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    place: Option<String>,
}

#[derive(Deserialize)]
struct PlanStep {
    date: NaiveDate,
    activity: String,
}

/// A grade's salary and on-cost rate. The figures are illustrative: a council's on-costs are
/// employer National Insurance plus its LGPS pension contribution, about 28% here, chosen so
/// that salary plus on-costs is the pack's cost of each grade to the penny.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PayScale {
    grade: String,
    salary_pence: i64,
    on_cost_basis_points: u32,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Proposal {
    title: String,
    service: String,
    establishment: String,
    establishment_jurisdiction: String,
    background: String,
    rationale: String,
    proposal_text: String,
    benefits: String,
    alternatives: Vec<Alternative>,
    risks: Vec<Risk>,
    equality_analysis: String,
    equality_analysis_complete: bool,
    agency_workers: String,
    selection_method: String,
    dismissal_method: String,
    redundancy_pay_method: String,
    recognised_unions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Alternative {
    option: String,
    why_rejected: String,
}

#[derive(Deserialize)]
struct Risk {
    risk: String,
    mitigation: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Post {
    #[serde(rename = "ref")]
    reference: String,
    title: String,
    in_scope: bool,
    current: Option<Side>,
    proposed: Option<Side>,
    current_jd: Option<String>,
    proposed_jd: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Side {
    grade: String,
    fte: f64,
    headcount: i32,
    reports_to: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Employee {
    employee_number: String,
    name: String,
    work_email: String,
    holdings: Vec<EmployeeHolding>,
    impact: String,
    impact_note: Option<String>,
    /// Actual gross weekly pay, for the few whose pay HR has entered (illustrative).
    weekly_pay_pence: Option<i64>,
}

#[derive(Deserialize)]
struct EmployeeHolding {
    post: String,
    fte: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RingFence {
    name: String,
    rule: String,
    from_posts: Vec<String>,
    to_posts: Vec<String>,
    members: Vec<String>,
}

#[derive(Deserialize)]
struct Jd {
    #[serde(rename = "ref")]
    reference: String,
    title: String,
    versions: Vec<JdVersion>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JdVersion {
    label: String,
    purpose: String,
    duties: Vec<Duty>,
    staff_responsibilities: String,
    essential_criteria: Vec<String>,
    desirable_criteria: Vec<String>,
    proposed_grade: Option<String>,
}

#[derive(Deserialize)]
struct Duty {
    number: i32,
    text: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JdComment {
    jd: String,
    version: String,
    duty_number: i32,
    author_email: String,
    category: String,
    text: String,
}

/// A demo account as the viewer it signs in as.
pub(super) async fn demo_viewer(store: &Store, email: &str) -> anyhow::Result<Viewer> {
    let address = EmailAddress::parse(email, "email").map_err(refused)?;
    let (user, _) = store::users::find_for_login(store, &address)
        .await
        .map_err(AppError::into_anyhow)?
        .ok_or_else(|| anyhow!("no demo account {email}"))?;
    Ok(user.viewer())
}

fn refused(err: crate::domain::DomainError) -> anyhow::Error {
    anyhow!("the demo data is invalid: {}", err.message())
}

/// Sets the pack's pay scales whose grade has none yet (what exists is left alone): the
/// second demo proposal costs its posts on the same grades.
pub(super) async fn ensure_pay_scales(store: &Store) -> anyhow::Result<()> {
    let data: Data =
        serde_json::from_str(DATA).context("bury_sen.json does not match its shape")?;
    let existing = store::structure::pay_scales(store.conn())
        .await
        .map_err(AppError::into_anyhow)?;
    for scale in &data.pay_scales {
        if existing.iter().any(|e| e.grade == scale.grade) {
            continue;
        }
        store::structure::set_pay_scale(
            store,
            &ACTOR,
            scale.grade.clone(),
            PayScaleChange::Salary {
                salary: Pence(scale.salary_pence),
                on_cost: Some(OnCostRate::from_basis_points(scale.on_cost_basis_points)),
            },
            scale.description.clone(),
        )
        .await
        .map_err(AppError::into_anyhow)?;
    }
    Ok(())
}

/// Loads the Bury proposal unless a proposal of that title exists.
pub async fn load(store: &Store) -> anyhow::Result<()> {
    let data: Data =
        serde_json::from_str(DATA).context("bury_sen.json does not match its shape")?;
    let all = crate::domain::access::ProposalScope::All;
    let existing = store::proposals::page(store, &all, None, None, 100)
        .await
        .map_err(AppError::into_anyhow)?;
    if existing
        .iter()
        .any(|p| p.content.title == data.proposal.title)
    {
        return Ok(());
    }
    for scale in &data.pay_scales {
        store::structure::set_pay_scale(
            store,
            &ACTOR,
            scale.grade.clone(),
            PayScaleChange::Salary {
                salary: Pence(scale.salary_pence),
                on_cost: Some(OnCostRate::from_basis_points(scale.on_cost_basis_points)),
            },
            scale.description.clone(),
        )
        .await
        .map_err(AppError::into_anyhow)?;
    }
    let user_id = |email: &str| {
        let email = email.to_owned();
        async move {
            let address = EmailAddress::parse(&email, "email").map_err(refused)?;
            store::users::find_for_login(store, &address)
                .await
                .map_err(AppError::into_anyhow)?
                .map(|(u, _)| u.id)
                .ok_or_else(|| anyhow!("no demo account {email}"))
        }
    };
    let p = data.proposal;
    let content = ProposalContent {
        title: p.title,
        service: p.service,
        establishment: p.establishment,
        jurisdiction: Jurisdiction::parse(&p.establishment_jurisdiction)
            .unwrap_or(Jurisdiction::GreatBritain),
        sponsor_id: Some(user_id("strategic.lead@bury.example").await?),
        background: p.background,
        rationale: p.rationale,
        proposal_text: p.proposal_text,
        benefits: p.benefits,
        alternatives: p
            .alternatives
            .iter()
            .map(|a| rules::alternative(None, &a.option, &a.why_rejected, "alternatives"))
            .collect::<Result<_, _>>()
            .map_err(refused)?,
        risks: p
            .risks
            .iter()
            .map(|r| rules::risk(None, &r.risk, &r.mitigation, "risks"))
            .collect::<Result<_, _>>()
            .map_err(refused)?,
        equality_analysis: p.equality_analysis,
        equality_analysis_complete: p.equality_analysis_complete,
        agency_workers: p.agency_workers,
        selection_method: p.selection_method,
        dismissal_method: p.dismissal_method,
        redundancy_pay_method: p.redundancy_pay_method,
        recognised_unions: rules::recognised_unions(&p.recognised_unions, "recognisedUnions")
            .map_err(refused)?,
        visible_to_whole_service: false,
        establishment_workforce: None,
    };
    let proposal = store::proposals::create(store, &ACTOR, content)
        .await
        .map_err(AppError::into_anyhow)?;

    // JDs first: posts point at their versions.
    let mut jd_versions: HashMap<(String, String), Uuid> = HashMap::new();
    for jd in &data.job_descriptions {
        let mut jd_id = None;
        for version in &jd.versions {
            let duties: Vec<(i32, String)> = version
                .duties
                .iter()
                .map(|d| (d.number, d.text.clone()))
                .collect();
            let content = JdContent::parse(
                JdContentInput {
                    label: &version.label,
                    purpose: &version.purpose,
                    duties: &duties,
                    staff_responsibilities: &version.staff_responsibilities,
                    essential_criteria: &version.essential_criteria,
                    desirable_criteria: &version.desirable_criteria,
                    proposed_grade: version.proposed_grade.as_deref(),
                },
                "version",
            )
            .map_err(refused)?;
            let record = match jd_id {
                None => {
                    let (jd_record, v) = store::structure::create_job_description(
                        store,
                        &ACTOR,
                        proposal.id,
                        jd.title.clone(),
                        content,
                    )
                    .await
                    .map_err(AppError::into_anyhow)?;
                    jd_id = Some(jd_record.id);
                    v
                }
                Some(id) => store::structure::add_jd_version(store, &ACTOR, id, content)
                    .await
                    .map_err(AppError::into_anyhow)?,
            };
            jd_versions.insert((jd.reference.clone(), version.label.clone()), record.id);
        }
    }

    // Posts in an order where each line's managers exist before it.
    let mut post_ids: HashMap<String, Uuid> = HashMap::new();
    let mut pending: Vec<&Post> = data.posts.iter().collect();
    while !pending.is_empty() {
        let ready = |post: &&Post| {
            [&post.current, &post.proposed].iter().all(|s| {
                s.as_ref()
                    .and_then(|s| s.reports_to.as_ref())
                    .is_none_or(|r| post_ids.contains_key(r))
            })
        };
        let Some(index) = pending.iter().position(ready) else {
            return Err(anyhow!(
                "the demo posts' reporting lines go round in a circle"
            ));
        };
        let post = pending.remove(index);
        let side = |s: &Option<Side>,
                    jd: &Option<String>,
                    label: &str|
         -> anyhow::Result<Option<PostSide>> {
            let Some(s) = s else { return Ok(None) };
            Ok(Some(PostSide {
                grade: s.grade.clone(),
                fte: Fte::parse(s.fte, Fte::MAX_POST, "fte").map_err(refused)?,
                headcount: s.headcount as u32,
                reports_to: s.reports_to.as_ref().map(|r| post_ids[r]),
                jd_version_id: jd
                    .as_ref()
                    .and_then(|j| jd_versions.get(&(j.clone(), label.to_owned())).copied()),
            }))
        };
        let line = PostLine {
            id: Uuid::now_v7(),
            title: post.title.clone(),
            in_scope: post.in_scope,
            current: side(&post.current, &post.current_jd, "Current")?,
            proposed: side(&post.proposed, &post.proposed_jd, "Proposed")?,
        };
        let record = store::structure::create_post(
            store,
            &ACTOR,
            proposal.id,
            line,
            post.note.clone(),
            None,
        )
        .await
        .map_err(AppError::into_anyhow)?;
        post_ids.insert(post.reference.clone(), record.line.id);
    }

    let mut employee_ids: HashMap<String, Uuid> = HashMap::new();
    for e in &data.employees {
        let change = EmployeeChange {
            details: EmployeeDetails::parse(&e.employee_number, &e.name, &e.work_email, "employee")
                .map_err(refused)?,
            holdings: e
                .holdings
                .iter()
                .map(|h| {
                    Ok(Holding {
                        post_id: post_ids[&h.post],
                        fte: Fte::parse(h.fte, Fte::ONE, "fte").map_err(refused)?,
                    })
                })
                .collect::<anyhow::Result<_>>()?,
            impact: Impact::parse(&e.impact)
                .ok_or_else(|| anyhow!("unknown impact {}", e.impact))?,
            impact_note: e.impact_note.clone(),
            slot_in: None,
            volunteer: false,
            weekly_pay: e
                .weekly_pay_pence
                .map(|p| protective_award::weekly_pay(Pence(p), "weeklyPayPence"))
                .transpose()
                .map_err(refused)?,
        };
        let record = store::structure::create_employee(store, &ACTOR, proposal.id, change)
            .await
            .map_err(AppError::into_anyhow)?;
        employee_ids.insert(e.employee_number.clone(), record.id);
    }

    for fence in &data.ring_fences {
        let fence = RingFenceContent {
            kind: crate::domain::ring_fence::RingFenceKind::RingFence,
            name: fence.name.clone(),
            rule: fence.rule.clone(),
            from: fence.from_posts.iter().map(|r| post_ids[r]).collect(),
            to: fence.to_posts.iter().map(|r| post_ids[r]).collect(),
            members: fence
                .members
                .iter()
                .map(|n| crate::domain::ring_fence::Member {
                    employee_id: employee_ids[n],
                    reason: None,
                })
                .collect(),
        };
        store::structure::create_ring_fence(store, &ACTOR, proposal.id, fence)
            .await
            .map_err(AppError::into_anyhow)?;
    }

    for comment in &data.jd_comments {
        let version = jd_versions
            .get(&(comment.jd.clone(), comment.version.clone()))
            .ok_or_else(|| anyhow!("no JD version {} {}", comment.jd, comment.version))?;
        let category = CommentCategory::parse(&comment.category)
            .ok_or_else(|| anyhow!("unknown category {}", comment.category))?;
        let author = demo_viewer(store, &comment.author_email).await?;
        let view = match author.role {
            Role::HrAdmin => ProposalView::Hr,
            Role::Manager => ProposalView::Sponsor,
            Role::UnionRep => ProposalView::UnionRep,
            Role::Staff => ProposalView::Staff,
        };
        store::structure::comment_on_duty(
            store,
            &author,
            view,
            *version,
            comment.duty_number,
            category,
            comment.text.clone(),
        )
        .await
        .map_err(AppError::into_anyhow)?;
    }

    load_timetable(
        store,
        proposal.id,
        &data.timetable,
        user_id("hr@bury.example").await?,
    )
    .await?;
    // The meetings already held have their record: the first union briefing's minutes
    // confirmed by UNISON and GMB (Unite, with no demo representative, has yet to reply),
    // the briefing that opened formal consultation disputed by UNISON.
    super::meeting_records::record_held_meetings(
        store,
        proposal.id,
        &super::meeting_records::Cast {
            manager: ("strategic.lead@bury.example", "Sam Patel (Strategic Lead, SEND)"),
            presented: "The SEN team is restructured to increase capacity in the 'engine room' of the service, at SEN Caseworker and business support level: the vacant Head of Service post is replaced by an SEN Operational Manager and the Senior Practitioner posts deleted, their cost reinvested in SEN Caseworkers. 10 employees are directly affected and 5 potentially displaced; 5 posts are created.",
            staff: &[
                ("Jo Brierley (SEN Caseworker)", "caseworker@bury.example"),
                (
                    "Alex Moore (Senior SEN Practitioner)",
                    "senior.practitioner@bury.example",
                ),
            ],
        },
        &[
            (
                "Briefing for the trade unions on the draft proposal",
                super::meeting_records::Reply::Confirmed,
            ),
            (
                "Formal consultation instigated: consultation pack issued to the trade unions",
                super::meeting_records::Reply::Disputed,
            ),
        ],
    )
    .await?;
    super::information_requests::load(store, proposal.id).await?;
    // UNISON challenges the Senior SEN Practitioner's proposed grade; it awaits an outcome.
    super::grading_challenges::load(store, proposal.id).await
}

/// The pack's timetable, shifted so that consultation opened ten days ago (same length and
/// spacing as in the pack); the earlier checklist steps and every approval done; the proposal
/// shared, signed off and open, so every role has something to see today.
async fn load_timetable(
    store: &Store,
    proposal_id: Uuid,
    timetable: &Timetable,
    hr_id: Uuid,
) -> anyhow::Result<()> {
    let today = store::s188::today();
    let shift = (today - chrono::Days::new(10)) - timetable.consultation_start;
    let moved = |d: NaiveDate| d + shift;
    let start = moved(timetable.consultation_start);
    let end = moved(timetable.consultation_end);
    let last_step = timetable
        .implementation_steps
        .iter()
        .map(|s| s.date)
        .max()
        .map(moved);
    store::timetable::set_timetable(store, &ACTOR, proposal_id, None, |_| {
        Ok(TimetableChange {
            period: Some(Period::parse(start, end, "timetable")?),
            consultation_type: ConsultationType::Individual,
            planned_first_dismissal: last_step,
            planned_first_notice: None,
            question_response_days: None,
        })
    })
    .await
    .map_err(AppError::into_anyhow)?;

    let london = chrono_tz::Europe::London;
    for m in &timetable.meetings {
        let at = |t: NaiveTime| {
            london
                .from_local_datetime(&moved(m.date).and_time(t))
                .earliest()
                .map(|d| d.with_timezone(&chrono::Utc))
                .ok_or_else(|| anyhow!("{} {t} does not exist in London", m.date))
        };
        let kind = MeetingKind::parse(&m.kind)
            .ok_or_else(|| anyhow!("unknown meeting kind {}", m.kind))?;
        let groups = match kind {
            MeetingKind::UnionBriefing => vec![InviteeGroup::UnionReps, InviteeGroup::Sponsor],
            MeetingKind::Committee => vec![InviteeGroup::Sponsor],
            _ => vec![
                InviteeGroup::AffectedStaff,
                InviteeGroup::UnionReps,
                InviteeGroup::Sponsor,
            ],
        };
        // Briefings and Q&As discuss all three things s188(2) asks consultation to cover.
        let covers = match kind {
            MeetingKind::StaffBriefing | MeetingKind::QaSession | MeetingKind::UnionBriefing => {
                vec!["AVOIDING".into(), "REDUCING".into(), "MITIGATING".into()]
            }
            _ => vec![],
        };
        let change = MeetingChange {
            kind,
            slot: MeetingSlot::parse(
                &m.title,
                at(m.start)?,
                at(m.end)?,
                m.place.as_deref(),
                None,
                "meeting",
            )
            .map_err(refused)?,
            invitee_groups: groups,
            invitee_ids: vec![],
            invitee_employee_ids: vec![],
            covers,
        };
        store::timetable::create_meeting(store, &ACTOR, proposal_id, change)
            .await
            .map_err(AppError::into_anyhow)?;
    }
    let decision_by = timetable
        .implementation_steps
        .iter()
        .find(|s| s.activity.starts_with("Confirmation"))
        .map(|s| s.date);
    for step in &timetable.implementation_steps {
        let before_decision = decision_by.is_some_and(|d| step.date <= d);
        store::timetable::add_implementation_step(
            store,
            &ACTOR,
            proposal_id,
            moved(step.date),
            step.activity.clone(),
            before_decision,
        )
        .await
        .map_err(AppError::into_anyhow)?;
    }

    store::proposals::share_with_unions(store, &ACTOR, proposal_id, None, None)
        .await
        .map_err(AppError::into_anyhow)?;
    store::signoff::apply_template(
        store,
        &ACTOR,
        proposal_id,
        &signoff::bury_default(),
        (Some(start), Some(end)),
    )
    .await
    .map_err(AppError::into_anyhow)?;
    store::proposals::transition(
        store,
        &ACTOR,
        proposal_id,
        Transition::SubmitForApproval,
        None,
        None,
        None,
    )
    .await
    .map_err(AppError::into_anyhow)?;
    // The demo's HR administrator is who staff are told to talk to.
    let version = store::proposals::find(store, proposal_id)
        .await
        .map_err(AppError::into_anyhow)?
        .map_or(1, |p| p.version);
    store::proposals::set_hr_contact(store, &ACTOR, proposal_id, version, hr_id)
        .await
        .map_err(AppError::into_anyhow)?;
    let hr = Viewer {
        user_id: hr_id,
        role: Role::HrAdmin,
        email: "hr@bury.example".into(),
        union: None,
    };
    let steps = store::signoff::steps(store.conn(), &[proposal_id])
        .await
        .map_err(AppError::into_anyhow)?;
    let approvals = store::signoff::approvals(store.conn(), &[proposal_id])
        .await
        .map_err(AppError::into_anyhow)?;
    for step in steps
        .iter()
        .filter(|s| s.planned_date.is_some_and(|d| d < today) || s.position == 1)
    {
        store::signoff::complete_step(
            store,
            &hr,
            step.id,
            Some("Done (demo data).".into()),
            None,
            Some("Demo data.".into()),
        )
        .await
        .map_err(AppError::into_anyhow)?;
    }
    for approval in &approvals {
        store::signoff::decide(store, &hr, approval.id, Decision::Approve, None)
            .await
            .map_err(AppError::into_anyhow)?;
    }
    for transition in [Transition::Approve, Transition::OpenConsultation] {
        store::proposals::transition(store, &ACTOR, proposal_id, transition, None, None, None)
            .await
            .map_err(AppError::into_anyhow)?;
    }
    load_questions(store, proposal_id, today).await?;
    super::challenges::load(store, proposal_id, today).await?;
    load_feedback(store, proposal_id, today).await
}

/// Questions in every status: one answered and in the FAQ, one open, one overdue.
async fn load_questions(store: &Store, proposal_id: Uuid, today: NaiveDate) -> anyhow::Result<()> {
    use crate::domain::{audit::AuditAction, question::QuestionSource, working_days};
    use store::questions::{NewQuestion, QuestionRecord};
    let account = |email: &'static str| async move {
        let address = EmailAddress::parse(email, "email").map_err(refused)?;
        store::users::find_for_login(store, &address)
            .await
            .map_err(AppError::into_anyhow)?
            .map(|(u, _)| u)
            .ok_or_else(|| anyhow!("no demo account {email}"))
    };
    let lead = account("strategic.lead@bury.example").await?;
    let asked = [
        (
            account("caseworker@bury.example").await?,
            QuestionSource::Staff,
            true,
            8,
            "Will I have to apply for one of the seven caseworker posts, or will I be slotted in?",
        ),
        (
            account("unison.rep@bury.example").await?,
            QuestionSource::Union,
            false,
            1,
            "1. The Senior SEN Practitioner post is proposed at Grade 12, down from Grade 13. What job evaluation supports this, and will pay protection apply?",
        ),
        (
            account("gmb.rep@bury.example").await?,
            QuestionSource::Union,
            false,
            9,
            "2. How many agency caseworkers will be kept on after go-live, and for how long?",
        ),
    ];
    for (i, (asker, source, confidential, days_ago, text)) in asked.into_iter().enumerate() {
        let raised_on = today - chrono::Days::new(days_ago);
        let new = NewQuestion {
            source,
            text: text.to_owned(),
            asker_id: Some(asker.id),
            asker_union: asker.union.clone(),
            confidential,
            raised_on,
            due_on: Some(working_days::add_working_days(
                raised_on,
                crate::domain::question::DEFAULT_RESPONSE_WORKING_DAYS,
            )),
            jd_comment_id: None,
        };
        let question =
            store::questions::raise(store, &AuditActor::User(asker.id), proposal_id, new)
                .await
                .map_err(AppError::into_anyhow)?;
        let answer = (i == 0).then_some("Yes: you are ring fenced to the caseworker posts under the 60% rule and, with seven posts for three post holders, you will be offered one without competition.");
        store::questions::change(
            store,
            &ACTOR,
            question.id,
            AuditAction::QuestionAnswered,
            |before| {
                Ok(QuestionRecord {
                    owner_id: Some(lead.id),
                    answer: answer.map(str::to_owned),
                    covers: if answer.is_some() {
                        vec!["MITIGATING".into()]
                    } else {
                        vec![]
                    },
                    answered_by: answer.map(|_| lead.id),
                    answered_at: answer.map(|_| chrono::Utc::now()),
                    published: answer.is_some(),
                    ..before.clone()
                })
            },
        )
        .await
        .map_err(AppError::into_anyhow)?;
    }
    Ok(())
}

/// Two staff responses (one confidential), UNISON's collective response with an attachment,
/// modelled on the Barnet joint union response, and two themes HR has started to tag.
async fn load_feedback(store: &Store, proposal_id: Uuid, today: NaiveDate) -> anyhow::Result<()> {
    use crate::domain::{
        feedback::{Answer, CollectiveResponse},
        outcome::TagSubject,
    };
    let answer = |key: &str, value: &str| Answer {
        key: key.to_owned(),
        values: vec![value.to_owned()],
    };
    let staff = [
        (
            "caseworker@bury.example",
            true,
            vec![
                answer("agree_with_proposal", "DISAGREE"),
                answer("agree_with_implementation", "DISAGREE"),
                answer(
                    "other_issues",
                    "Caseworkers have been writing EHC plans since the plan writer post was left empty, with no training and caseloads we cannot manage. The new job description makes that permanent without recognising it in the grade.",
                ),
                answer(
                    "questions",
                    "What is the maximum caseload a caseworker will carry in the new structure?",
                ),
            ],
        ),
        (
            "senior.practitioner@bury.example",
            false,
            vec![
                answer("agree_with_proposal", "AGREE"),
                answer("agree_with_implementation", "NEUTRAL"),
                answer(
                    "other_issues",
                    "A single team under one manager should end the hand-offs between assessment and review. The training plan needs dates before go-live.",
                ),
            ],
        ),
    ];
    let mut staff_responses = Vec::new();
    for (email, confidential, answers) in staff {
        let viewer = demo_viewer(store, email).await?;
        let saved = store::feedback::save(
            store,
            &viewer,
            proposal_id,
            store::feedback::Save {
                answers,
                confidential,
                submit: true,
                client_key: None,
            },
            today,
        )
        .await
        .map_err(AppError::into_anyhow)?;
        staff_responses.push(saved.id);
    }

    let rep = demo_viewer(store, "unison.rep@bury.example").await?;
    let response = CollectiveResponse::parse(
        "UNISON response to the restructure of the SEN Service",
        "UNISON supports the members of the SEN team in their response to this consultation.\n\n\
Our concerns are the grading of the caseworker post, which now includes writing EHC plans, and the stress that the caseloads in the new structure will cause. We are also concerned that the service may not be able to meet its statutory 20-week timescale while seven caseworkers are recruited and trained.\n\n\
We welcome the commitment to training in writing outcomes, but have yet to see dates or a budget. We ask for the numbered points below to be answered in writing before the consultation closes, and for a meeting to discuss the outcome, including the grades of the posts.",
        &[
            "Will the proposed SEN Caseworker job description be job evaluated before the ring fence takes place, given that it now includes writing EHC plans?".to_owned(),
            "What is the indicative maximum caseload for a caseworker, and when will it be reviewed with the unions?".to_owned(),
            "Which training in writing outcomes will caseworkers receive before go-live, and when?".to_owned(),
        ],
        false,
    )
    .map_err(refused)?;
    // A joint response with GMB (issue 20): UNISON drafts and signs it; GMB's signature is
    // awaited, so it is not yet submitted.
    let draft = store::union_responses::save(
        store,
        &rep,
        "UNISON",
        proposal_id,
        None,
        response.clone(),
        Some(vec!["GMB".to_owned()]),
        false,
        today,
    )
    .await
    .map_err(AppError::into_anyhow)?;
    store::union_responses::add_attachment(
        store,
        &rep,
        "UNISON",
        draft.id,
        "Members' annotations on the SEN Caseworker JD.txt",
        "Duty 3 (writing EHC plans): new to the post since April 2020; not in the current JD.\n\
Duty 5 (annual reviews): caseload not stated.\n\
Person specification: no training in writing outcomes is offered.\n"
            .as_bytes()
            .to_vec(),
        today,
    )
    .await
    .map_err(AppError::into_anyhow)?;
    let submitted = store::union_responses::save(
        store,
        &rep,
        "UNISON",
        proposal_id,
        Some(draft.version),
        response,
        None,
        true,
        today,
    )
    .await
    .map_err(AppError::into_anyhow)?;

    let caseloads = store::outcome::create_theme(store, &ACTOR, proposal_id, "Caseloads".into())
        .await
        .map_err(AppError::into_anyhow)?;
    let grading = store::outcome::create_theme(
        store,
        &ACTOR,
        proposal_id,
        "Grading of the caseworker post".into(),
    )
    .await
    .map_err(AppError::into_anyhow)?;
    for (theme, subject, id) in [
        (
            caseloads.id,
            TagSubject::FeedbackResponse,
            staff_responses[0],
        ),
        (caseloads.id, TagSubject::UnionResponse, submitted.id),
        (grading.id, TagSubject::FeedbackResponse, staff_responses[0]),
        (grading.id, TagSubject::UnionResponse, submitted.id),
    ]
    .into_iter()
    // Only a submitted response takes a theme: the joint one waits for GMB's signature.
    .filter(|(_, subject, _)| submitted.submitted || *subject != TagSubject::UnionResponse)
    {
        store::outcome::set_tag(store, &ACTOR, theme, subject, id, true)
            .await
            .map_err(AppError::into_anyhow)?;
    }
    super::team_responses::load(
        store,
        proposal_id,
        today,
        &demo_viewer(store, "caseworker@bury.example").await?,
        &demo_viewer(store, "senior.practitioner@bury.example").await?,
        &rep,
    )
    .await
}
