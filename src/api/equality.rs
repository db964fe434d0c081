//! Equality monitoring of the individual stage over GraphQL (Equality Act 2010 s4, s149): the
//! protected characteristics HR holds, and outcomes by characteristic against the whole
//! affected group. The rules, including who sees it and what is withheld, are
//! `domain::individual::equality`.

use super::{
    ApiState,
    auth::{RoleGuard, audit_actor},
    parse_id,
    proposal::{Proposal, load_visible},
};
use crate::domain::{
    DomainError,
    access::Permission,
    individual::equality::{self as rules, Characteristic, Counts, GroupRow, Recorded},
};
use crate::store;
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};

/// A protected characteristic of the Equality Act 2010, s4.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "ProtectedCharacteristic",
    remote = "crate::domain::individual::equality::Characteristic"
)]
pub enum CharacteristicValue {
    /// s5.
    Age,
    /// s6.
    Disability,
    /// s7.
    GenderReassignment,
    /// s8.
    MarriageAndCivilPartnership,
    /// s18.
    PregnancyAndMaternity,
    /// s9.
    Race,
    /// s10.
    ReligionOrBelief,
    /// s11.
    Sex,
    /// s12.
    SexualOrientation,
}

/// One characteristic as HR recorded it for an employee.
#[derive(SimpleObject)]
pub struct RecordedCharacteristic {
    /// Which characteristic.
    pub characteristic: CharacteristicValue,
    /// As the employee gave it, e.g. "Female", "Prefer not to say".
    pub value: String,
}

impl From<Recorded> for RecordedCharacteristic {
    fn from(r: Recorded) -> Self {
        Self {
            characteristic: r.characteristic.into(),
            value: r.value,
        }
    }
}

/// One characteristic to record.
#[derive(InputObject)]
pub struct CharacteristicInput {
    /// Which characteristic.
    pub characteristic: CharacteristicValue,
    /// As the employee gave it (at most 100 characters).
    pub value: String,
}

/// What HR holds for one employee record: the list replaces what was held (empty clears it).
#[derive(InputObject)]
pub struct SetProtectedCharacteristicsInput {
    /// The employee record.
    pub employee_id: ID,
    /// Each characteristic at most once; leave out what the employee has not given.
    pub characteristics: Vec<CharacteristicInput>,
}

/// Counts of a group; each is null when below 3, so that nobody is singled out.
#[derive(SimpleObject)]
pub struct OutcomeCounts {
    /// People in the group.
    pub people: Option<i32>,
    /// Of them, whose case opened at risk.
    pub at_risk: Option<i32>,
    /// Of them, selected for redundancy (not kept: redeployment, an offer declined, a trial
    /// ended, notice given).
    pub selected: Option<i32>,
    /// Of them, given notice of dismissal.
    pub dismissed: Option<i32>,
}

impl From<Counts> for OutcomeCounts {
    fn from(c: Counts) -> Self {
        let n = |v: Option<u32>| v.map(|v| v as i32);
        Self {
            people: n(c.people),
            at_risk: n(c.at_risk),
            selected: n(c.selected),
            dismissed: n(c.dismissed),
        }
    }
}

/// One group's outcomes.
#[derive(SimpleObject)]
pub struct OutcomeGroup {
    /// The value HR recorded; null for the whole group, or for groups smaller than 3 counted
    /// together.
    pub value: Option<String>,
    /// How many people, and how many at each outcome.
    pub counts: OutcomeCounts,
    /// Percent of the group selected, when both counts are shown.
    pub selected_percent: Option<i32>,
    /// Percent of the group dismissed, when both counts are shown.
    pub dismissed_percent: Option<i32>,
    /// Selected or dismissed at a rate 20 points or more above everyone else affected:
    /// Consult's prompt to explain the difference in the equality analysis, not a legal test.
    pub marked_difference: bool,
}

impl From<GroupRow> for OutcomeGroup {
    fn from(g: GroupRow) -> Self {
        Self {
            value: g.value,
            counts: g.counts.into(),
            selected_percent: g.selected_rate.map(|v| v as i32),
            dismissed_percent: g.dismissed_rate.map(|v| v as i32),
            marked_difference: g.marked_difference,
        }
    }
}

/// Outcomes by one characteristic.
#[derive(SimpleObject)]
pub struct CharacteristicOutcomes {
    /// Which characteristic.
    pub characteristic: CharacteristicValue,
    /// The section of the Equality Act 2010 that defines it, e.g. "s11".
    pub section: String,
    /// Each value held by 3 or more people.
    pub groups: Vec<OutcomeGroup>,
    /// Values held by fewer than 3 people, counted together; null when there are none.
    pub smaller_groups: Option<OutcomeGroup>,
    /// People with nothing recorded for this characteristic.
    pub not_recorded: OutcomeCounts,
}

/// The individual stage's outcomes by protected characteristic (HR only).
#[derive(SimpleObject)]
pub struct EqualityMonitoring {
    /// Everyone with a case.
    pub whole_group: OutcomeGroup,
    /// Each characteristic HR holds any value for, in the order of s4.
    pub characteristics: Vec<CharacteristicOutcomes>,
}

/// `Proposal.equalityMonitoring`.
pub async fn proposal_monitoring(
    ctx: &Context<'_>,
    proposal: &Proposal,
) -> async_graphql::Result<EqualityMonitoring> {
    rules::may_monitor(proposal.view)?;
    let people =
        store::equality::people(ApiState::of(ctx).store.conn(), proposal.record.id).await?;
    let report = rules::report(&people);
    Ok(EqualityMonitoring {
        whole_group: report.whole_group.into(),
        characteristics: report
            .characteristics
            .into_iter()
            .map(|c| CharacteristicOutcomes {
                characteristic: c.characteristic.into(),
                section: c.characteristic.section().to_owned(),
                groups: c.groups.into_iter().map(Into::into).collect(),
                smaller_groups: c.smaller_groups.map(Into::into),
                not_recorded: c.not_recorded.into(),
            })
            .collect(),
    })
}

/// Checks the viewer may see an employee record's characteristics (HR of its proposal).
async fn check_employee(ctx: &Context<'_>, id: uuid::Uuid) -> async_graphql::Result<()> {
    let proposal_id = store::equality::proposal_of(ApiState::of(ctx).store.conn(), id)
        .await?
        .ok_or_else(|| DomainError::unknown_id("employeeId", "an employee"))?;
    let proposal = load_visible(ctx, proposal_id).await?;
    rules::may_monitor(proposal.view)?;
    Ok(())
}

#[derive(Default)]
pub struct EqualityQuery;

#[Object]
impl EqualityQuery {
    /// The protected characteristics HR holds for an employee record (HR only).
    async fn protected_characteristics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The employee record.")] employee_id: ID,
    ) -> async_graphql::Result<Vec<RecordedCharacteristic>> {
        let id = parse_id(&employee_id, "employeeId")?;
        check_employee(ctx, id).await?;
        let held = store::equality::of_employee(ApiState::of(ctx).store.conn(), id).await?;
        Ok(held.into_iter().map(Into::into).collect())
    }
}

#[derive(Default)]
pub struct EqualityMutation;

#[Object]
impl EqualityMutation {
    /// Records what an employee has given of their protected characteristics, for equality
    /// monitoring (HR only; optional; replaces what was held). Audited.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn set_protected_characteristics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The employee and what they have given.")]
        input: SetProtectedCharacteristicsInput,
    ) -> async_graphql::Result<Vec<RecordedCharacteristic>> {
        let id = parse_id(&input.employee_id, "input.employeeId")?;
        let given = input
            .characteristics
            .into_iter()
            .map(|c| (Characteristic::from(c.characteristic), c.value))
            .collect();
        let recorded = rules::check_recorded(given, "input.characteristics")?;
        check_employee(ctx, id).await?;
        let saved =
            store::equality::set(&ApiState::of(ctx).store, &audit_actor(ctx)?, id, recorded)
                .await?;
        Ok(saved.into_iter().map(Into::into).collect())
    }
}
