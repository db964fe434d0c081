//! Gathers what the s188 engine (`domain::s188`) judges: this proposal's dismissals and
//! those of other live proposals at its establishment, the disclosure given, HR1, the
//! meetings that covered s188(2), and the pay that a protective award would be based on.

use super::{
    entities::{proposal, ring_fence},
    proposals::{self, ProposalRecord},
    revisions,
    structure::{self, ProposalPeople},
    timetable::{self, DisclosureRecord},
};
use crate::domain::notify::PlanScope;
use crate::domain::{
    employee::is_counted_dismissal,
    proposal::{Jurisdiction, ProposalStatus},
    protective_award::{AffectedPay, GradedPost},
    s188::{
        self, Concern, DisclosureItem, DisclosureItemKind, DisclosureSources, DraftProposal,
        GivenDisclosure, PlannedDismissals, S188Assessment, S188Input, SelectionPool,
    },
    structure::{self as rules, ImpactTally},
};
use crate::error::AppResult;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// Everything the engine needs about one proposal, owned.
#[derive(Debug, Clone)]
pub struct S188Facts {
    pub this: PlannedDismissals,
    pub others: Vec<PlannedDismissals>,
    pub drafts: Vec<DraftProposal>,
    pub record: ProposalRecord,
    /// Every disclosure given, oldest first, with what each contained.
    pub disclosure_versions: Vec<DisclosureVersion>,
    pub disclosure_changed_since: bool,
    pub disclosure: DisclosureSources,
    pub consultation_last_day: Option<NaiveDate>,
    pub planned_first_notice: Option<NaiveDate>,
    /// The first notice of dismissal actually given in the individual stage (issue 16).
    pub actual_first_notice: Option<NaiveDate>,
    pub hr1_made_on: Option<NaiveDate>,
    pub hr1_copy_to_representatives: bool,
    pub covered: Vec<Concern>,
    /// The pay of each employee proposed for dismissal, for the protective award; with
    /// those proposed when consultation began (Hardy).
    pub pay: Vec<AffectedPay>,
    /// The employees counted as proposed dismissals now.
    pub proposed_employee_ids: Vec<Uuid>,
}

/// One disclosure given, with what it contained.
#[derive(Debug, Clone)]
pub struct DisclosureVersion {
    /// 1 for the first given.
    pub version: u32,
    pub given: GivenDisclosure,
    pub items: Vec<DisclosureItem>,
    /// Consultation began with it: the first complete one.
    pub started_consultation: bool,
}

impl S188Facts {
    pub fn assess(&self, today: NaiveDate) -> S188Assessment {
        let disclosures: Vec<GivenDisclosure> = self
            .disclosure_versions
            .iter()
            .map(|v| v.given.clone())
            .collect();
        s188::assess(&S188Input {
            this: self.this,
            others_at_establishment: &self.others,
            drafts_at_establishment: &self.drafts,
            jurisdiction: self.record.content.jurisdiction,
            disclosures: &disclosures,
            disclosure_changed_since: self.disclosure_changed_since,
            consultation_last_day: self.consultation_last_day,
            planned_first_notice: self.planned_first_notice,
            actual_first_notice: self.actual_first_notice,
            disclosure: self.disclosure.clone(),
            hr1_made_on: self.hr1_made_on,
            hr1_copy_to_representatives: self.hr1_copy_to_representatives,
            covered: &self.covered,
            consultation_closed: matches!(
                self.record.status,
                ProposalStatus::ConsultationClosed
                    | ProposalStatus::Decided
                    | ProposalStatus::Implementing
                    | ProposalStatus::Completed
            ),
            affected_pay: &self.pay,
            today,
        })
    }
}

/// A disclosure as its snapshot recorded it, numbered `version`; whether it began consultation
/// is decided among all of them (`disclosure_versions`). Snapshots from before the count in
/// the window was recorded leave it out.
fn disclosure_version(
    record: &DisclosureRecord,
    jurisdiction: Jurisdiction,
    version: u32,
) -> DisclosureVersion {
    let snapshot = &record.snapshot;
    let items: Vec<DisclosureItem> = snapshot
        .get("items")
        .and_then(|v| v.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|item| {
                    let name = item.get("item")?.as_str()?;
                    let kind = DisclosureItemKind::ALL
                        .into_iter()
                        .find(|k| k.as_str() == name)?;
                    let text = |key: &str| item.get(key)?.as_str().map(str::to_owned);
                    Some(DisclosureItem {
                        item: kind,
                        section: kind.requirement().citation.get(jurisdiction),
                        present: item.get("present")?.as_bool()?,
                        found_in: text("foundIn"),
                        text: text("text"),
                        problem: text("problem"),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    // An item the snapshot does not hold was not given.
    let missing = DisclosureItemKind::ALL
        .into_iter()
        .filter(|kind| !items.iter().any(|i| i.item == *kind && i.present))
        .collect();
    let number = |key: &str| {
        snapshot
            .get(key)
            .and_then(|v| v.as_u64())
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
    };
    DisclosureVersion {
        version,
        given: GivenDisclosure {
            given_on: record.given_on,
            missing,
            proposed_dismissals: number("proposedDismissals").unwrap_or(0),
            dismissals_in_window: number("dismissalsInWindow"),
        },
        items,
        started_consultation: false,
    }
}

/// The disclosures of one proposal as versions, oldest first.
fn disclosure_versions(
    records: &[DisclosureRecord],
    jurisdiction: Jurisdiction,
) -> Vec<DisclosureVersion> {
    let mut versions: Vec<DisclosureVersion> = records
        .iter()
        .zip(1..)
        .map(|(r, version)| disclosure_version(r, jurisdiction, version))
        .collect();
    let givens: Vec<GivenDisclosure> = versions.iter().map(|v| v.given.clone()).collect();
    if let Some(start) = s188::consultation_start_index(&givens) {
        versions[start].started_consultation = true;
    }
    versions
}

/// Dismissals proposed by one proposal: everyone whose impact is a dismissal (including
/// dismissal and re-engagement) and every volunteer, once each. Its posts do not enter them:
/// the tally of its employees' impacts is all it takes.
fn planned(
    proposal_id: Uuid,
    proposed_on: Option<NaiveDate>,
    impacts: &ImpactTally,
    timetable: &timetable::TimetableRecord,
    consultation_began: Option<NaiveDate>,
) -> PlannedDismissals {
    PlannedDismissals {
        proposal_id,
        first_dismissal: timetable.planned_first_dismissal,
        count: impacts.proposed_dismissals(),
        proposed_on,
        consultation_began,
    }
}

/// The disclosure content as it stands now, with where each item comes from.
fn disclosure_sources(
    record: &ProposalRecord,
    people: &ProposalPeople,
    timetable: &timetable::TimetableRecord,
    last_step: Option<NaiveDate>,
    pools: Vec<SelectionPool>,
) -> DisclosureSources {
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let c = &record.content;
    let at_risk: Vec<_> = people
        .employees
        .iter()
        .filter(|e| is_counted_dismissal(e.impact, e.volunteer))
        .collect();
    let posts_of_at_risk: BTreeSet<_> = at_risk
        .iter()
        .flat_map(|e| people.holdings_of_employee(e.id))
        .map(|h| h.post_id)
        .collect();
    let found_in = vec![
        (
            DisclosureItemKind::Reasons,
            "Proposal: rationale".to_owned(),
        ),
        (
            DisclosureItemKind::NumbersAndDescriptions,
            "Structure: employees proposed for dismissal and their posts".to_owned(),
        ),
        (
            DisclosureItemKind::TotalEmployed,
            "Proposal: the establishment's workforce by description".to_owned(),
        ),
        (
            DisclosureItemKind::SelectionMethod,
            "Proposal: selection method; ring fences: their rules".to_owned(),
        ),
        (
            DisclosureItemKind::DismissalMethodAndPeriod,
            "Proposal: dismissal method; timetable: first dismissal to last implementation step"
                .to_owned(),
        ),
        (
            DisclosureItemKind::RedundancyPayMethod,
            "Proposal: redundancy pay method".to_owned(),
        ),
        (
            DisclosureItemKind::AgencyWorkers,
            "Proposal: agency workers".to_owned(),
        ),
    ];
    DisclosureSources {
        reasons: text(&c.rationale),
        // Posts stand for descriptions; dismissal and re-engagement or a volunteer without a
        // post still needs one, so at least one description when anyone is proposed.
        description_count: (posts_of_at_risk.len() as u32).max(u32::from(!at_risk.is_empty())),
        proposed_dismissals: at_risk.len() as u32,
        workforce: c.establishment_workforce.clone(),
        selection_method: text(&c.selection_method),
        pools,
        dismissal_method: text(&c.dismissal_method),
        dismissal_period: timetable
            .planned_first_dismissal
            .map(|first| (first, last_step.filter(|l| *l >= first).unwrap_or(first))),
        redundancy_pay_method: text(&c.redundancy_pay_method),
        agency_workers: text(&c.agency_workers),
        found_in,
        outstanding_requests: vec![],
    }
}

/// What is disclosed, as snapshotted when given to the representatives: each item with its
/// text, and the numbers that fix the duty if consultation begins with it (Hardy).
pub async fn disclosure_snapshot(
    conn: &impl ConnectionTrait,
    record: &ProposalRecord,
) -> AppResult<serde_json::Value> {
    let facts = facts(conn, record).await?;
    let assessment = facts.assess(today());
    let items = s188::check_disclosure_in(&facts.disclosure, record.content.jurisdiction);

    Ok(serde_json::json!({
        "proposal": revisions::snapshot(conn, record).await?,
        "items": items.iter().map(|i| serde_json::json!({
            "item": i.item.as_str(),
            "section": i.section,
            "present": i.present,
            "foundIn": i.found_in,
            "text": i.text,
            "problem": i.problem,
        })).collect::<Vec<_>>(),
        "proposedDismissals": facts.disclosure.proposed_dismissals,
        // Who was proposed, so that the exposure can be costed on them later (Hardy).
        "proposedEmployeeIds": facts.proposed_employee_ids,
        "dismissalsInWindow": assessment.dismissals_in_window,
        "totalEmployed": facts.disclosure.workforce.as_ref().map(s188::Workforce::total),
    }))
}

/// Gathers the facts for one proposal, in a bounded number of statements.
pub async fn facts(conn: &impl ConnectionTrait, record: &ProposalRecord) -> AppResult<S188Facts> {
    // Every other proposal at the establishment, drafts included (they are warned about).
    let at_establishment: Vec<proposal::Model> = proposal::Entity::find()
        .filter(proposal::Column::Establishment.eq(record.content.establishment.as_str()))
        .filter(proposal::Column::Id.ne(record.id))
        .filter(proposal::Column::Status.ne(ProposalStatus::Withdrawn.as_str()))
        .all(conn)
        .await?;
    let mut ids: Vec<_> = at_establishment.iter().map(|p| p.id).collect();
    // The other proposals' dismissals are counted in SQL; only this one's people are read.
    let mut tallies = if ids.is_empty() {
        HashMap::new()
    } else {
        structure::impact_tallies(conn, &ids).await?
    };
    ids.push(record.id);
    let timetables: HashMap<_, _> = timetable::timetables(conn, &ids)
        .await?
        .into_iter()
        .map(|t| (t.proposal_id, t))
        .collect();
    // The disclosures of all of them: when each one's consultation began (s188(3)).
    let mut disclosures: HashMap<Uuid, Vec<DisclosureRecord>> = HashMap::new();
    for d in timetable::disclosures(conn, &ids).await? {
        disclosures.entry(d.proposal_id).or_default().push(d);
    }
    let began = |id: Uuid, jurisdiction: Jurisdiction| {
        let given: Vec<GivenDisclosure> = disclosures
            .get(&id)
            .map(|records| {
                records
                    .iter()
                    .map(|r| disclosure_version(r, jurisdiction, 0).given)
                    .collect()
            })
            .unwrap_or_default();
        s188::consultation_start(&given).map(|d| d.given_on)
    };
    let people = structure::load_people(conn, &[record.id])
        .await?
        .remove(&record.id)
        .unwrap_or_default();
    let this_timetable = &timetables[&record.id];
    let mut others = Vec::new();
    let mut drafts = Vec::new();
    for p in &at_establishment {
        let Some(timetable) = timetables.get(&p.id) else {
            continue;
        };
        let jurisdiction = Jurisdiction::parse(&p.establishment_jurisdiction)
            .unwrap_or(record.content.jurisdiction);
        let impacts = tallies.remove(&p.id).unwrap_or_default();
        let plan = planned(
            p.id,
            proposals::proposed_on(p),
            &impacts,
            timetable,
            began(p.id, jurisdiction),
        );
        if plan.proposed_on.is_some() {
            others.push(plan);
        } else {
            drafts.push(DraftProposal {
                plan,
                title: p.title.clone(),
            });
        }
    }
    let steps = timetable::implementation_steps(conn, &[record.id]).await?;
    let pools: Vec<SelectionPool> = ring_fence::Entity::find()
        .select_only()
        .column(ring_fence::Column::Name)
        .column(ring_fence::Column::Rule)
        .filter(ring_fence::Column::ProposalId.eq(record.id))
        .order_by_asc(ring_fence::Column::Name)
        .into_tuple::<(String, String)>()
        .all(conn)
        .await?
        .into_iter()
        .map(|(name, method)| SelectionPool { name, method })
        .collect();
    let mut disclosure = disclosure_sources(
        record,
        &people,
        this_timetable,
        steps.iter().map(|s| s.date).max(),
        pools,
    );
    disclosure.outstanding_requests =
        super::information_requests::outstanding_s188(conn, record.id).await?;
    let own = disclosures.remove(&record.id).unwrap_or_default();
    let disclosure_changed_since = match own.iter().max_by_key(|d| (d.given_on, d.created_at)) {
        Some(given) => {
            given.snapshot.get("proposal") != Some(&revisions::snapshot(conn, record).await?)
        }
        None => false,
    };
    let versions = disclosure_versions(&own, record.content.jurisdiction);
    // Those proposed for dismissal when consultation began stay in the exposure (Hardy).
    let at_start: BTreeSet<Uuid> = versions
        .iter()
        .position(|v| v.started_consultation)
        .and_then(|i| {
            own[i]
                .snapshot
                .get("proposedEmployeeIds")?
                .as_array()
                .cloned()
        })
        .unwrap_or_default()
        .iter()
        .filter_map(|id| id.as_str()?.parse().ok())
        .collect();
    let hr1 = timetable::latest_hr1(conn, &[record.id])
        .await?
        .into_iter()
        .next();
    // s188(2) is covered by meetings and by management answers tagged with the subject. A
    // meeting with minutes counts the subjects they record as discussed, not those planned.
    let meetings: Vec<_> = timetable::meetings(conn, &[record.id])
        .await?
        .into_iter()
        .filter(|m| !m.cancelled)
        .collect();
    let minuted = super::meeting_records::minuted_subjects(
        conn,
        &meetings.iter().map(|m| m.id).collect::<Vec<_>>(),
    )
    .await?;
    let meeting_covers: Vec<String> = meetings
        .iter()
        .flat_map(|m| {
            crate::domain::meeting_record::subjects_covered(
                &m.covers,
                minuted.get(&m.id).map(Vec::as_slice),
            )
            .iter()
            .cloned()
        })
        .collect();
    let answer_covers: Vec<String> = super::questions::of_proposals(conn, &[record.id])
        .await?
        .into_iter()
        .filter(|q| q.answer.is_some())
        .flat_map(|q| q.covers)
        .collect();
    let covered: BTreeSet<&'static str> = meeting_covers
        .iter()
        .chain(&answer_covers)
        .filter_map(|c| Concern::ALL.into_iter().find(|k| k.as_str() == c))
        .map(Concern::as_str)
        .collect();
    let posts = structure::posts_of(conn, record.id).await?;
    // A week's pay is the employee's own (HR's entry), else estimated from the salary of the
    // grades they hold, never from the cost with on-costs (s190(5)).
    let salaries = structure::salary_map(&structure::pay_scales(conn).await?);
    let current: HashMap<_, _> = posts
        .iter()
        .filter_map(|p| Some((p.line.id, p.line.current.as_ref()?)))
        .collect();
    let pay = people
        .employees
        .iter()
        .filter(|e| is_counted_dismissal(e.impact, e.volunteer) || at_start.contains(&e.id))
        .map(|e| AffectedPay {
            name: e.name.clone(),
            weekly_pay: e.weekly_pay_pence.map(rules::Pence),
            graded_posts: people
                .holdings_of_employee(e.id)
                .filter_map(|h| {
                    let side = current.get(&h.post_id)?;
                    Some(GradedPost {
                        salary: *salaries.get(&side.grade)?,
                        fte: h.fte,
                    })
                })
                .collect(),
        })
        .collect();
    // This proposal's count from the people read above, so that it agrees with the disclosure.
    let impacts: ImpactTally = people
        .employees
        .iter()
        .map(|e| (e.impact, e.volunteer))
        .collect();
    Ok(S188Facts {
        this: planned(
            record.id,
            record.proposed_on,
            &impacts,
            this_timetable,
            versions
                .iter()
                .find(|v| v.started_consultation)
                .map(|v| v.given.given_on),
        ),
        others,
        drafts,
        record: record.clone(),
        disclosure_versions: versions,
        disclosure_changed_since,
        disclosure,
        consultation_last_day: this_timetable.consultation_end,
        planned_first_notice: this_timetable.planned_first_notice,
        actual_first_notice: super::separation::first_notice(conn, record.id).await?,
        hr1_made_on: hr1.as_ref().map(|h| h.made_on),
        hr1_copy_to_representatives: hr1
            .as_ref()
            .is_some_and(|h| h.copy_to_representatives_on.is_some()),
        covered: Concern::ALL
            .into_iter()
            .filter(|c| covered.contains(c.as_str()))
            .collect(),
        pay,
        proposed_employee_ids: people
            .employees
            .iter()
            .filter(|e| is_counted_dismissal(e.impact, e.volunteer))
            .map(|e| e.id)
            .collect(),
    })
}

/// Today's date in Europe/London, the calendar all Consult dates are in.
pub fn today() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
}

/// Records that the s188(4) disclosure, as it stands, was given to the representatives on
/// `given_on`, in one transaction; returns the facts after it and the latest HR1 record.
pub async fn give_disclosure(
    store: &super::Store,
    actor: &crate::domain::audit::AuditActor,
    proposal_id: Uuid,
    given_on: NaiveDate,
) -> AppResult<(S188Facts, Option<timetable::Hr1Record>)> {
    s188::check_given_on(given_on, today())?;
    let txn = store.begin_write().await?;
    let record = proposals::load_for_change(&txn, proposal_id, None).await?;
    let snapshot = disclosure_snapshot(&txn, &record).await?;
    timetable::record_disclosure(&txn, actor, proposal_id, given_on, snapshot).await?;
    let facts = facts(&txn, &record).await?;
    let hr1 = timetable::latest_hr1(&txn, &[proposal_id])
        .await?
        .into_iter()
        .next();
    super::commit_proposal_change(txn, proposal_id, PlanScope::Whole).await?;
    Ok((facts, hr1))
}
