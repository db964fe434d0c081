//! The employer's individual-stage policy (HR sets it; managers read it) and HR's redundancy
//! pay calculator. Thin: who may is `domain::individual::policy`, the law is
//! `domain::individual::redundancy_pay`, the row is `store::employer_policy`.

use super::{
    ApiState,
    auth::{audit_actor, viewer},
    historical_date::HistoricalDate,
    money::Money,
    proposal::JurisdictionValue,
};
use crate::domain::{
    DomainError,
    individual::{
        policy::{self, PolicyChange, SchemeKind},
        redundancy_pay::{self, RedundancyPayInput},
    },
    structure::Pence,
};
use crate::store::{self, employer_policy::PolicyRecord};
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

/// Whether the employer pays more than the statutory redundancy payment.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "RedundancyScheme",
    remote = "crate::domain::individual::policy::SchemeKind"
)]
pub enum RedundancySchemeValue {
    /// The statutory payment only (ERA 1996 s162).
    StatutoryOnly,
    /// An enhanced scheme: actual weekly pay and/or a multiplier, up to a maximum of weeks
    /// (as councils may under SI 2006/2914).
    Enhanced,
}

/// The employer's policy for the individual stage: data HR sets, each figure checked against
/// its statutory floor.
pub struct EmployerPolicy(PolicyRecord);

/// The employer's policy for the individual stage: data HR sets, each figure checked against
/// its statutory floor.
#[Object]
impl EmployerPolicy {
    /// Working days an employee has to appeal a dismissal, counted from the decision letter
    /// (employer policy: no statute fixes it).
    async fn appeal_window_working_days(&self) -> u32 {
        self.0.policy.appeal_window_working_days
    }

    /// The match a post must reach for an employee to be slotted in without competition, in
    /// per cent (employer policy). A proposal may set its own.
    async fn slot_in_threshold_percent(&self) -> u32 {
        self.0.policy.slot_in_threshold_percent
    }

    /// Working days before a trial period ends that the employee, manager and HR are reminded.
    async fn trial_reminder_working_days(&self) -> u32 {
        self.0.policy.trial_reminder_working_days
    }

    /// Statutory redundancy pay only, or an enhanced scheme.
    async fn redundancy_scheme(&self) -> RedundancySchemeValue {
        self.0.policy.scheme_kind.into()
    }

    /// In an enhanced scheme: a week's pay is the actual weekly pay, not capped by ERA s227
    /// (SI 2006/2914 reg. 5).
    async fn use_actual_weekly_pay(&self) -> bool {
        self.0.policy.use_actual_weekly_pay
    }

    /// In an enhanced scheme: the statutory weeks are multiplied by this (at least 1).
    async fn multiplier(&self) -> f64 {
        f64::from(self.0.policy.multiplier_hundredths) / 100.0
    }

    /// In an enhanced scheme: the most weeks' pay paid (30 to 104; SI 2006/2914 reg. 6).
    async fn max_weeks(&self) -> u32 {
        self.0.policy.max_weeks
    }

    /// Years after a proposal's decision that the personal data in it is kept, 1 to 20
    /// (UK GDPR Art. 5(1)(e)); then `consult retention --apply` pseudonymises it. By default
    /// 6: the limitation period for a claim in contract (Limitation Act 1980 s5). An unfair
    /// dismissal claim must be brought within 3 months less a day, but contract claims (notice
    /// pay, enhanced redundancy pay) run 6 years.
    async fn retention_years(&self) -> u32 {
        self.0.policy.retention_years
    }

    /// Whether free text people wrote (feedback answers, questions, JD comments, reasons and
    /// grounds) is kept when their data is pseudonymised. By default (false) it is removed.
    async fn retention_keeps_free_text(&self) -> bool {
        self.0.policy.retention_keeps_free_text
    }

    /// 0 until HR first saves the policy (the defaults apply); give it as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// When HR last changed it.
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.updated_at
    }
}

/// A change to the employer's policy: absent fields are left as they are.
#[derive(InputObject)]
pub struct SetEmployerPolicyInput {
    /// The version you loaded (0 if never saved); a stale one is refused with CONFLICT.
    pub expected_version: i32,
    /// Working days to appeal, 1 to 60.
    pub appeal_window_working_days: Option<i32>,
    /// Slot-in threshold, 1 to 100 per cent.
    pub slot_in_threshold_percent: Option<i32>,
    /// Trial period reminder lead, 1 to 19 working days.
    pub trial_reminder_working_days: Option<i32>,
    /// Statutory only, or enhanced.
    pub redundancy_scheme: Option<RedundancySchemeValue>,
    /// Enhanced: use actual weekly pay instead of the statutory cap.
    pub use_actual_weekly_pay: Option<bool>,
    /// Enhanced: multiplier of the statutory weeks, 1 to 10, at most two decimals.
    pub multiplier: Option<f64>,
    /// Enhanced: most weeks' pay, 30 to 104.
    pub max_weeks: Option<i32>,
    /// Years after the decision that personal data is kept, 1 to 20 (default 6, the
    /// limitation period for a claim in contract, Limitation Act 1980 s5).
    pub retention_years: Option<i32>,
    /// Keep the free text people wrote when their data is pseudonymised.
    pub retention_keeps_free_text: Option<bool>,
}

fn count(value: Option<i32>, field: &str) -> Result<Option<u32>, DomainError> {
    value
        .map(|v| {
            u32::try_from(v).map_err(|_| DomainError::bad_input(field, "This cannot be negative."))
        })
        .transpose()
}

/// HR's redundancy pay calculator: the facts of one person, before any case exists.
#[derive(InputObject)]
pub struct RedundancyPayEstimateInput {
    /// Start of continuous employment (may be with a previous employer counted as continuous).
    pub service_start: HistoricalDate,
    /// Date of birth.
    pub date_of_birth: HistoricalDate,
    /// Gross weekly pay, in pounds, e.g. "612.50".
    pub weekly_pay: Money,
    /// The relevant date (ERA s145): the day notice ends.
    pub relevant_date: NaiveDate,
    /// Where the employee works: the week's pay limit differs in Northern Ireland.
    pub jurisdiction: JurisdictionValue,
}

/// One counted year of employment (most recent first).
#[derive(SimpleObject)]
pub struct RedundancyPayYear {
    /// 1 for the year ending with the relevant date.
    pub number: u32,
    /// First day of the year.
    pub from: NaiveDate,
    /// Last day of the year.
    pub to: NaiveDate,
    /// The employee's age on its first day.
    pub age_at_start: u32,
    /// Its band (ERA s162(2)).
    pub band: AgeBandValue,
}

/// ERA 1996 s162(2): the employee's age throughout a year of employment.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "AgeBand",
    remote = "crate::domain::individual::redundancy_pay::AgeBand"
)]
pub enum AgeBandValue {
    /// Under 22: half a week's pay a year (s162(2)(c)).
    #[graphql(name = "UNDER_22")]
    Under22,
    /// 22 to 40: one week's pay a year (s162(2)(b)).
    #[graphql(name = "FROM_22_TO_40")]
    From22To40,
    /// 41 or over: one and a half weeks' pay a year (s162(2)(a)).
    #[graphql(name = "FROM_41")]
    From41,
}

/// The years counted in one age band.
#[derive(SimpleObject)]
pub struct RedundancyPayBand {
    /// The band.
    pub band: AgeBandValue,
    /// Years counted in it.
    pub years: u32,
    /// Weeks' pay per year: 0.5, 1 or 1.5.
    pub weeks_per_year: f64,
    /// Weeks' pay for the band.
    pub weeks: f64,
    /// The section, e.g. "ERA 1996 s162(2)(a)".
    pub citation: String,
}

/// Whether the week's pay limit used is known for the relevant date.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "WeekPayLimitStatus",
    remote = "crate::domain::individual::redundancy_pay::LimitStatus"
)]
pub enum LimitStatusValue {
    /// Consult holds the limit in force on the relevant date.
    Confirmed,
    /// Limit unknown: HR must confirm the limit in force before relying on the figure.
    Unconfirmed,
}

/// The employer's enhanced payment beside the statutory one; never less than it.
#[derive(SimpleObject)]
pub struct EnhancedRedundancyPay {
    /// Statutory weeks times the multiplier, before the maximum.
    pub weeks_before_maximum: f64,
    /// The scheme's maximum.
    pub max_weeks: u32,
    /// Weeks paid.
    pub weeks_paid: f64,
    /// The multiplier.
    pub multiplier: f64,
    /// A week's pay used: actual, or capped as in the statutory payment.
    pub week_pay_used: Money,
    /// What the scheme's own formula gives.
    pub scheme_total: Money,
    /// What is paid: the scheme's total, or the statutory payment where that is more.
    pub total: Money,
    /// The statutory payment was paid because the scheme gave less.
    pub statutory_floor_applied: bool,
    /// The regulations the scheme follows.
    pub source: String,
}

/// The statutory redundancy payment line by line (ERA 1996 s155, s162, s227).
#[derive(SimpleObject)]
pub struct RedundancyPayCalculation {
    /// Complete years of continuous employment ending with the relevant date.
    pub complete_years_of_service: u32,
    /// s155: at least two years' service.
    pub qualifies: bool,
    /// Years counted (at most 20, s162(3)).
    pub years_counted: u32,
    /// Age on the relevant date.
    pub age_on_relevant_date: u32,
    /// Each counted year with its band.
    pub years: Vec<RedundancyPayYear>,
    /// Years and weeks per band.
    pub bands: Vec<RedundancyPayBand>,
    /// Weeks' pay in all.
    pub total_weeks: f64,
    /// The gross weekly pay given.
    pub actual_weekly_pay: Money,
    /// The limit on a week's pay (s227) used, if known.
    pub week_pay_limit: Option<Money>,
    /// The order that set it.
    pub limit_source: Option<String>,
    /// Whether the limit is known for the relevant date.
    pub limit_status: LimitStatusValue,
    /// Whether the cap brought the week's pay down.
    pub cap_applied: bool,
    /// A week's pay used.
    pub week_pay_used: Money,
    /// The statutory payment.
    pub total: Money,
    /// What HR must confirm, why it does not qualify, what is not modelled.
    pub notes: Vec<String>,
    /// The employer's enhanced scheme, where its policy has one.
    pub enhanced: Option<EnhancedRedundancyPay>,
}

pub(crate) fn calculation(
    c: redundancy_pay::RedundancyPayCalculation,
    enhanced: Option<redundancy_pay::EnhancedPayCalculation>,
) -> RedundancyPayCalculation {
    RedundancyPayCalculation {
        complete_years_of_service: c.complete_years_of_service,
        qualifies: c.qualifies,
        years_counted: c.years_counted,
        age_on_relevant_date: c.age_on_relevant_date,
        years: c
            .years
            .iter()
            .map(|y| RedundancyPayYear {
                number: y.number,
                from: y.from,
                to: y.to,
                age_at_start: y.age_at_start,
                band: y.band.into(),
            })
            .collect(),
        bands: c
            .bands
            .iter()
            .map(|b| RedundancyPayBand {
                band: b.band.into(),
                years: b.years,
                weeks_per_year: b.weeks_per_year,
                weeks: b.weeks,
                citation: b.citation.to_owned(),
            })
            .collect(),
        total_weeks: c.total_weeks,
        actual_weekly_pay: Money(Pence(c.actual_weekly_pay_pence)),
        week_pay_limit: c.week_pay_limit_pence.map(|p| Money(Pence(p))),
        limit_source: c.limit_source.map(str::to_owned),
        limit_status: c.limit_status.into(),
        cap_applied: c.cap_applied,
        week_pay_used: Money(Pence(c.week_pay_used_pence)),
        total: Money(Pence(c.total_pence)),
        notes: c.notes,
        enhanced: enhanced.map(|e| EnhancedRedundancyPay {
            weeks_before_maximum: e.weeks_before_maximum,
            max_weeks: e.max_weeks,
            weeks_paid: e.weeks_paid,
            multiplier: e.multiplier,
            week_pay_used: Money(Pence(e.week_pay_used_pence)),
            scheme_total: Money(Pence(e.scheme_total_pence)),
            total: Money(Pence(e.total_pence)),
            statutory_floor_applied: e.statutory_floor_applied,
            source: e.source.to_owned(),
        }),
    }
}

#[derive(Default)]
pub struct EmployerPolicyQuery;

#[Object]
impl EmployerPolicyQuery {
    /// The employer's individual-stage policy (the defaults until HR saves one). HR and
    /// managers.
    async fn employer_policy(&self, ctx: &Context<'_>) -> async_graphql::Result<EmployerPolicy> {
        policy::require_read(viewer(ctx)?)?;
        let record = store::employer_policy::get(ApiState::of(ctx).store.conn()).await?;
        Ok(EmployerPolicy(record))
    }

    /// The statutory redundancy payment for one person's facts, line by line, with the
    /// employer's enhanced scheme beside it. HR only: it takes a date of birth and pay.
    async fn redundancy_pay_estimate(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person's service, age, pay and relevant date.")]
        input: RedundancyPayEstimateInput,
    ) -> async_graphql::Result<RedundancyPayCalculation> {
        policy::require_estimate(viewer(ctx)?)?;
        let facts = RedundancyPayInput::parse(
            input.service_start.0,
            input.date_of_birth.0,
            input.weekly_pay.0,
            input.relevant_date,
            input.jurisdiction.into(),
            "input",
        )?;
        let record = store::employer_policy::get(ApiState::of(ctx).store.conn()).await?;
        let statutory = redundancy_pay::statutory(&facts);
        let enhanced = record
            .policy
            .enhanced_scheme()
            .map(|scheme| redundancy_pay::enhanced(&statutory, &scheme));
        Ok(calculation(statutory, enhanced))
    }
}

#[derive(Default)]
pub struct EmployerPolicyMutation;

#[Object]
impl EmployerPolicyMutation {
    /// Changes the employer's individual-stage policy. HR only. A figure below its statutory
    /// floor is refused with BAD_USER_INPUT naming the field; a stale `expectedVersion` with
    /// CONFLICT.
    async fn set_employer_policy(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The settings to change.")] input: SetEmployerPolicyInput,
    ) -> async_graphql::Result<EmployerPolicy> {
        policy::require_set(viewer(ctx)?)?;
        let change = PolicyChange {
            appeal_window_working_days: count(
                input.appeal_window_working_days,
                "input.appealWindowWorkingDays",
            )?,
            slot_in_threshold_percent: count(
                input.slot_in_threshold_percent,
                "input.slotInThresholdPercent",
            )?,
            trial_reminder_working_days: count(
                input.trial_reminder_working_days,
                "input.trialReminderWorkingDays",
            )?,
            scheme_kind: input.redundancy_scheme.map(SchemeKind::from),
            use_actual_weekly_pay: input.use_actual_weekly_pay,
            multiplier_hundredths: input
                .multiplier
                .map(|m| policy::multiplier_hundredths(m, "input.multiplier"))
                .transpose()?,
            max_weeks: count(input.max_weeks, "input.maxWeeks")?,
            retention_years: count(input.retention_years, "input.retentionYears")?,
            retention_keeps_free_text: input.retention_keeps_free_text,
        };
        let record = store::employer_policy::set(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            change,
            input.expected_version,
        )
        .await?;
        Ok(EmployerPolicy(record))
    }
}
