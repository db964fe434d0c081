//! Gathers what the s188 engine (`domain::s188`) judges: this proposal's dismissals and
//! those of other live proposals at its establishment, the disclosure given, HR1, the
//! meetings that covered s188(2), and the pay that a protective award would be based on.

use super::{
    entities::proposal,
    proposals::{self, ProposalRecord},
    revisions,
    structure::{self, PostRecord, ProposalPeople},
    timetable,
};
use crate::domain::notify::PlanScope;
use crate::domain::{
    proposal::ProposalStatus,
    protective_award::{AffectedPay, GradedPost},
    s188::{
        self, Concern, DisclosureItemKind, DisclosureSources, PlannedDismissals, S188Assessment,
        S188Input,
    },
    structure::{self as rules, ImpactTally},
};
use crate::error::AppResult;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeSet, HashMap};

/// Everything the engine needs about one proposal, owned.
#[derive(Debug, Clone)]
pub struct S188Facts {
    pub this: PlannedDismissals,
    pub others: Vec<PlannedDismissals>,
    pub record: ProposalRecord,
    pub disclosure_given_on: Option<NaiveDate>,
    pub disclosure_changed_since: bool,
    pub disclosure: DisclosureSources,
    pub hr1_made_on: Option<NaiveDate>,
    pub hr1_copy_to_representatives: bool,
    pub covered: Vec<Concern>,
    /// The pay of each employee proposed for dismissal, for the protective award.
    pub pay: Vec<AffectedPay>,
}

impl S188Facts {
    pub fn assess(&self, today: NaiveDate) -> S188Assessment {
        s188::assess(&S188Input {
            this: self.this,
            others_at_establishment: &self.others,
            jurisdiction: self.record.content.jurisdiction,
            disclosure_given_on: self.disclosure_given_on,
            disclosure_changed_since: self.disclosure_changed_since,
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

/// Dismissals proposed by one proposal: those not placed, plus dismissal and re-engagement.
/// Its posts do not enter them: the tally of its employees' impacts is all it takes.
fn planned(
    proposal_id: uuid::Uuid,
    impacts: &ImpactTally,
    timetable: &timetable::TimetableRecord,
) -> PlannedDismissals {
    let counts = rules::counts(&[], impacts);
    PlannedDismissals {
        proposal_id,
        first_dismissal: timetable.planned_first_dismissal,
        count: counts.proposed_dismissals + timetable.reengagement_dismissals,
    }
}

/// The disclosure content as it stands now, with where each item comes from.
fn disclosure_sources(
    record: &ProposalRecord,
    posts: &[PostRecord],
    people: &ProposalPeople,
    timetable: &timetable::TimetableRecord,
    last_step: Option<NaiveDate>,
) -> DisclosureSources {
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let c = &record.content;
    let at_risk: Vec<_> = people
        .employees
        .iter()
        .filter(|e| e.impact.is_proposed_dismissal())
        .collect();
    let posts_of_at_risk: BTreeSet<_> = at_risk
        .iter()
        .flat_map(|e| people.holdings_of_employee(e.id))
        .map(|h| h.post_id)
        .collect();
    let total_employed: u32 = posts
        .iter()
        .filter(|p| posts_of_at_risk.contains(&p.line.id))
        .filter_map(|p| p.line.current.as_ref().map(|s| s.headcount))
        .sum();
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
            "Structure: current headcount of those posts".to_owned(),
        ),
        (
            DisclosureItemKind::SelectionMethod,
            "Proposal: selection method".to_owned(),
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
        description_count: posts_of_at_risk.len() as u32,
        proposed_dismissals: at_risk.len() as u32 + timetable.reengagement_dismissals,
        total_employed,
        selection_method: text(&c.selection_method),
        dismissal_method: text(&c.dismissal_method),
        dismissal_period: timetable
            .planned_first_dismissal
            .map(|first| (first, last_step.filter(|l| *l >= first).unwrap_or(first))),
        redundancy_pay_method: text(&c.redundancy_pay_method),
        agency_workers: text(&c.agency_workers),
        found_in,
    }
}

/// What is disclosed, as snapshotted when given to the representatives.
pub async fn disclosure_snapshot(
    conn: &impl ConnectionTrait,
    record: &ProposalRecord,
) -> AppResult<serde_json::Value> {
    let facts = facts(conn, record).await?;
    let items = s188::check_disclosure_in(&facts.disclosure, record.content.jurisdiction);
    Ok(serde_json::json!({
        "proposal": revisions::snapshot(conn, record).await?,
        "items": items.iter().map(|i| serde_json::json!({ "item": i.item.as_str(), "section": i.section, "present": i.present, "foundIn": i.found_in })).collect::<Vec<_>>(),
        "proposedDismissals": facts.disclosure.proposed_dismissals,
        "totalEmployed": facts.disclosure.total_employed,
    }))
}

/// Gathers the facts for one proposal, in a bounded number of statements.
pub async fn facts(conn: &impl ConnectionTrait, record: &ProposalRecord) -> AppResult<S188Facts> {
    let live: Vec<proposal::Model> = proposal::Entity::find()
        .filter(proposal::Column::Establishment.eq(record.content.establishment.as_str()))
        .filter(proposal::Column::Id.ne(record.id))
        .filter(proposal::Column::Status.is_not_in([
            ProposalStatus::Withdrawn.as_str(),
            ProposalStatus::Draft.as_str(),
        ]))
        .all(conn)
        .await?;
    let mut ids: Vec<_> = live.iter().map(|p| p.id).collect();
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
    let posts = structure::posts_of(conn, record.id).await?;
    let people = structure::load_people(conn, &[record.id])
        .await?
        .remove(&record.id)
        .unwrap_or_default();
    let this_timetable = &timetables[&record.id];
    let others = live
        .iter()
        .filter_map(|p| {
            let impacts = tallies.remove(&p.id).unwrap_or_default();
            Some(planned(p.id, &impacts, timetables.get(&p.id)?))
        })
        .collect();
    let steps = timetable::implementation_steps(conn, &[record.id]).await?;
    let disclosure = disclosure_sources(
        record,
        &posts,
        &people,
        this_timetable,
        steps.iter().map(|s| s.date).max(),
    );
    let latest = timetable::latest_disclosures(conn, &[record.id])
        .await?
        .into_iter()
        .next();
    let disclosure_changed_since = match &latest {
        Some(given) => {
            given.snapshot.get("proposal") != Some(&revisions::snapshot(conn, record).await?)
        }
        None => false,
    };
    let hr1 = timetable::latest_hr1(conn, &[record.id])
        .await?
        .into_iter()
        .next();
    // s188(2) is covered by meetings and by management answers tagged with the subject.
    let meeting_covers: Vec<String> = timetable::meetings(conn, &[record.id])
        .await?
        .into_iter()
        .filter(|m| !m.cancelled)
        .flat_map(|m| m.covers)
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
        .filter(|e| e.impact.is_proposed_dismissal())
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
    let impacts: ImpactTally = people.employees.iter().map(|e| e.impact).collect();
    Ok(S188Facts {
        this: planned(record.id, &impacts, this_timetable),
        others,
        record: record.clone(),
        disclosure_given_on: latest.map(|d| d.given_on),
        disclosure_changed_since,
        disclosure,
        hr1_made_on: hr1.as_ref().map(|h| h.made_on),
        hr1_copy_to_representatives: hr1
            .as_ref()
            .is_some_and(|h| h.copy_to_representatives_on.is_some()),
        covered: Concern::ALL
            .into_iter()
            .filter(|c| covered.contains(c.as_str()))
            .collect(),
        pay,
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
    proposal_id: uuid::Uuid,
    given_on: NaiveDate,
) -> AppResult<(S188Facts, Option<timetable::Hr1Record>)> {
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
