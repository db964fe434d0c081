//! The employer's policy for the individual stage: one per installation, HR's to set, each
//! figure checked against the statutory floor where the law sets one.
//!
//! | Setting | Default | Floor |
//! |---|---|---|
//! | Appeal window | 10 working days | none in statute (ACAS Code: without unreasonable delay) |
//! | Slot-in threshold | 70% | none in statute: employer practice |
//! | Trial period reminder | 5 working days before its end | within the 4-week trial (s138(3)) |
//! | Enhanced scheme | statutory only | never less than the statutory payment (ERA s162) |
//!
//! The enhanced scheme follows the Local Government (Early Termination of Employment)
//! (Discretionary Compensation) (England and Wales) Regulations 2006 (SI 2006/2914): actual
//! week's pay instead of the cap (reg. 5), at most 104 weeks' pay in all (reg. 6). Those
//! regulations extend to England and Wales only; an employer elsewhere sets its own maximum
//! within the same bounds (unsure: the Northern Ireland and Scottish equivalents were not
//! checked).

use super::redundancy_pay::{EnhancedScheme, MAX_DISCRETIONARY_WEEKS, MAX_YEARS_COUNTED};
use crate::domain::{DomainError, access::Viewer, account::Role};

/// Whether the employer pays more than the statute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// The statutory payment only.
    StatutoryOnly,
    /// An enhanced scheme: actual pay and/or a multiplier, up to a maximum of weeks.
    Enhanced,
}

impl SchemeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::StatutoryOnly => "STATUTORY_ONLY",
            Self::Enhanced => "ENHANCED",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "STATUTORY_ONLY" => Some(Self::StatutoryOnly),
            "ENHANCED" => Some(Self::Enhanced),
            _ => None,
        }
    }
}

/// The statutory maximum of weeks (20 years at 1.5 weeks, s162(2)-(3)): an enhanced scheme
/// capped below it would pay some long-serving employees less than the statute.
pub const STATUTORY_MAX_WEEKS: u32 = MAX_YEARS_COUNTED * 3 / 2;

/// Bounds Consult applies. Where no statute sets one, the bound only keeps figures sensible.
pub const APPEAL_WINDOW_DAYS: std::ops::RangeInclusive<u32> = 1..=60;
pub const SLOT_IN_PERCENT: std::ops::RangeInclusive<u32> = 1..=100;
/// The trial period is four calendar weeks, at most 20 working days: a reminder must fall
/// within it.
pub const TRIAL_REMINDER_DAYS: std::ops::RangeInclusive<u32> = 1..=19;
/// 1.00 (never less than statute) to 10.00 times the statutory weeks.
pub const MULTIPLIER_HUNDREDTHS: std::ops::RangeInclusive<u32> = 100..=1000;
pub const MAX_WEEKS: std::ops::RangeInclusive<u32> = STATUTORY_MAX_WEEKS..=MAX_DISCRETIONARY_WEEKS;

/// The employer's policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmployerPolicy {
    pub appeal_window_working_days: u32,
    pub slot_in_threshold_percent: u32,
    pub trial_reminder_working_days: u32,
    pub scheme_kind: SchemeKind,
    pub use_actual_weekly_pay: bool,
    pub multiplier_hundredths: u32,
    pub max_weeks: u32,
    /// Years after the decision that a proposal's personal data is kept (UK GDPR
    /// Art. 5(1)(e)): 1 to 20, by default 6, the limitation period for a claim in contract
    /// (Limitation Act 1980 s5; an unfair dismissal claim must be brought within 3 months less
    /// a day, but contract claims run 6 years). See `domain::retention`.
    pub retention_years: u32,
    /// Whether free text people wrote (feedback, questions, comments, reasons, grounds) is
    /// kept when their data is pseudonymised. By default it is removed.
    pub retention_keeps_free_text: bool,
}

impl Default for EmployerPolicy {
    /// Until HR sets one: statutory pay only, ten working days to appeal, 70% to slot in, a
    /// reminder five working days before a trial period ends (issue 16's example).
    fn default() -> Self {
        Self {
            appeal_window_working_days: 10,
            slot_in_threshold_percent: 70,
            trial_reminder_working_days: 5,
            scheme_kind: SchemeKind::StatutoryOnly,
            use_actual_weekly_pay: false,
            multiplier_hundredths: 100,
            max_weeks: STATUTORY_MAX_WEEKS,
            retention_years: crate::domain::retention::DEFAULT_RETENTION_YEARS,
            retention_keeps_free_text: false,
        }
    }
}

impl EmployerPolicy {
    /// The scheme to apply beside the statutory payment, if any.
    pub fn enhanced_scheme(&self) -> Option<EnhancedScheme> {
        (self.scheme_kind == SchemeKind::Enhanced).then_some(EnhancedScheme {
            use_actual_weekly_pay: self.use_actual_weekly_pay,
            multiplier_hundredths: self.multiplier_hundredths,
            max_weeks: self.max_weeks,
        })
    }

    /// Checks every figure; the error names the input field.
    pub fn check(&self) -> Result<(), DomainError> {
        in_range(
            self.appeal_window_working_days,
            APPEAL_WINDOW_DAYS,
            "input.appealWindowWorkingDays",
            "The appeal window",
            "working days",
        )?;
        in_range(
            self.slot_in_threshold_percent,
            SLOT_IN_PERCENT,
            "input.slotInThresholdPercent",
            "The slot-in threshold",
            "per cent",
        )?;
        in_range(
            self.trial_reminder_working_days,
            TRIAL_REMINDER_DAYS,
            "input.trialReminderWorkingDays",
            "The trial period reminder",
            "working days before its end (a trial period is four weeks, ERA 1996 s138(3))",
        )?;
        crate::domain::retention::check_years(self.retention_years, "input.retentionYears")?;
        if self.multiplier_hundredths < *MULTIPLIER_HUNDREDTHS.start() {
            return Err(DomainError::bad_input(
                "input.multiplier",
                "An enhanced scheme may never pay less than the statutory redundancy payment (ERA 1996 s162): the multiplier must be at least 1.",
            ));
        }
        if self.multiplier_hundredths > *MULTIPLIER_HUNDREDTHS.end() {
            return Err(DomainError::bad_input(
                "input.multiplier",
                "The multiplier can be at most 10 times the statutory weeks.",
            ));
        }
        if self.max_weeks < *MAX_WEEKS.start() {
            return Err(DomainError::bad_input(
                "input.maxWeeks",
                format!(
                    "A maximum below {STATUTORY_MAX_WEEKS} weeks would pay long-serving employees less than the statutory redundancy payment (20 years at 1.5 weeks, ERA 1996 s162(2)-(3))."
                ),
            ));
        }
        if self.max_weeks > *MAX_WEEKS.end() {
            return Err(DomainError::bad_input(
                "input.maxWeeks",
                format!(
                    "Compensation may not exceed {MAX_DISCRETIONARY_WEEKS} weeks' pay (reg. 6 of SI 2006/2914)."
                ),
            ));
        }
        Ok(())
    }
}

fn in_range(
    value: u32,
    range: std::ops::RangeInclusive<u32>,
    field: &str,
    what: &str,
    unit: &str,
) -> Result<(), DomainError> {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(DomainError::bad_input(
            field,
            format!(
                "{what} must be from {} to {} {unit}.",
                range.start(),
                range.end()
            ),
        ))
    }
}

/// A partial change: absent fields keep their value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PolicyChange {
    pub appeal_window_working_days: Option<u32>,
    pub slot_in_threshold_percent: Option<u32>,
    pub trial_reminder_working_days: Option<u32>,
    pub scheme_kind: Option<SchemeKind>,
    pub use_actual_weekly_pay: Option<bool>,
    pub multiplier_hundredths: Option<u32>,
    pub max_weeks: Option<u32>,
    pub retention_years: Option<u32>,
    pub retention_keeps_free_text: Option<bool>,
}

impl PolicyChange {
    /// The policy after the change, checked.
    pub fn apply(&self, current: &EmployerPolicy) -> Result<EmployerPolicy, DomainError> {
        let next = EmployerPolicy {
            appeal_window_working_days: self
                .appeal_window_working_days
                .unwrap_or(current.appeal_window_working_days),
            slot_in_threshold_percent: self
                .slot_in_threshold_percent
                .unwrap_or(current.slot_in_threshold_percent),
            trial_reminder_working_days: self
                .trial_reminder_working_days
                .unwrap_or(current.trial_reminder_working_days),
            scheme_kind: self.scheme_kind.unwrap_or(current.scheme_kind),
            use_actual_weekly_pay: self
                .use_actual_weekly_pay
                .unwrap_or(current.use_actual_weekly_pay),
            multiplier_hundredths: self
                .multiplier_hundredths
                .unwrap_or(current.multiplier_hundredths),
            max_weeks: self.max_weeks.unwrap_or(current.max_weeks),
            retention_years: self.retention_years.unwrap_or(current.retention_years),
            retention_keeps_free_text: self
                .retention_keeps_free_text
                .unwrap_or(current.retention_keeps_free_text),
        };
        next.check()?;
        Ok(next)
    }
}

/// Parses a multiplier given as a decimal (1.5) into hundredths, refusing more precision.
pub fn multiplier_hundredths(value: f64, field: &str) -> Result<u32, DomainError> {
    let hundredths = (value * 100.0).round();
    if !value.is_finite() || (value * 100.0 - hundredths).abs() > 1e-6 || hundredths < 0.0 {
        return Err(DomainError::bad_input(
            field,
            "Give the multiplier as a number with at most two decimals, e.g. 1.5.",
        ));
    }
    if hundredths > f64::from(u32::MAX) {
        return Err(DomainError::bad_input(
            field,
            "The multiplier can be at most 10.",
        ));
    }
    Ok(hundredths as u32)
}

/// Reading the policy: HR, and managers (who run cases under it). Union reps and staff see its
/// effect in letters, not the settings.
pub fn require_read(viewer: &Viewer) -> Result<(), DomainError> {
    match viewer.role {
        Role::HrAdmin | Role::Manager => Ok(()),
        Role::UnionRep | Role::Staff => Err(DomainError::Forbidden(
            "Only HR and managers can read the employer's redundancy policy.".into(),
        )),
    }
}

/// Changing the policy: HR only.
pub fn require_set(viewer: &Viewer) -> Result<(), DomainError> {
    match viewer.role {
        Role::HrAdmin => Ok(()),
        _ => Err(DomainError::Forbidden(
            "Only HR administrators can change the employer's redundancy policy.".into(),
        )),
    }
}

/// The redundancy pay calculator takes a date of birth and pay: HR only.
pub fn require_estimate(viewer: &Viewer) -> Result<(), DomainError> {
    match viewer.role {
        Role::HrAdmin => Ok(()),
        _ => Err(DomainError::Forbidden(
            "Only HR administrators can estimate redundancy pay: it uses a date of birth and pay."
                .into(),
        )),
    }
}

/// An employee's contractual notice in weeks. Shorter than s86 is allowed (the contract may
/// say less), but the statutory minimum then applies (`notice::notice`).
pub fn check_contractual_notice_weeks(weeks: u32, field: &str) -> Result<u32, DomainError> {
    if (1..=52).contains(&weeks) {
        Ok(weeks)
    } else {
        Err(DomainError::bad_input(
            field,
            "Contractual notice must be from 1 to 52 weeks; leave it empty where the contract gives none, and the statutory minimum (ERA 1996 s86) applies.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn field(err: DomainError) -> String {
        match err {
            DomainError::BadInput { field, .. } => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_default_is_statutory_only_and_valid() {
        let p = EmployerPolicy::default();
        assert!(p.check().is_ok());
        assert_eq!(p.enhanced_scheme(), None);
        assert_eq!(STATUTORY_MAX_WEEKS, 30);
    }

    /// ERA s162 floor: the multiplier may not go below 1, nor the maximum below 30 weeks;
    /// SI 2006/2914 reg. 6: nor the maximum above 104 weeks.
    #[test]
    fn an_enhanced_scheme_never_pays_less_than_the_statute_nor_more_than_104_weeks() {
        let base = EmployerPolicy::default();
        let change = |c: PolicyChange| c.apply(&base);
        let ok = change(PolicyChange {
            scheme_kind: Some(SchemeKind::Enhanced),
            use_actual_weekly_pay: Some(true),
            multiplier_hundredths: Some(200),
            max_weeks: Some(104),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            ok.enhanced_scheme(),
            Some(EnhancedScheme {
                use_actual_weekly_pay: true,
                multiplier_hundredths: 200,
                max_weeks: 104
            })
        );
        let low = change(PolicyChange {
            multiplier_hundredths: Some(99),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(field(low), "input.multiplier");
        assert_eq!(
            field(
                change(PolicyChange {
                    max_weeks: Some(29),
                    ..Default::default()
                })
                .unwrap_err()
            ),
            "input.maxWeeks"
        );
        let over = change(PolicyChange {
            max_weeks: Some(105),
            ..Default::default()
        })
        .unwrap_err();
        assert!(over.message().contains("104"));
        assert!(
            change(PolicyChange {
                max_weeks: Some(30),
                ..Default::default()
            })
            .is_ok()
        );
    }

    #[test]
    fn other_settings_are_bounded_and_named() {
        let base = EmployerPolicy::default();
        for (c, name) in [
            (
                PolicyChange {
                    appeal_window_working_days: Some(0),
                    ..Default::default()
                },
                "input.appealWindowWorkingDays",
            ),
            (
                PolicyChange {
                    slot_in_threshold_percent: Some(101),
                    ..Default::default()
                },
                "input.slotInThresholdPercent",
            ),
            (
                PolicyChange {
                    trial_reminder_working_days: Some(20),
                    ..Default::default()
                },
                "input.trialReminderWorkingDays",
            ),
        ] {
            assert_eq!(field(c.apply(&base).unwrap_err()), name);
        }
        let partial = PolicyChange {
            appeal_window_working_days: Some(15),
            ..Default::default()
        }
        .apply(&base)
        .unwrap();
        assert_eq!(partial.appeal_window_working_days, 15);
        assert_eq!(partial.slot_in_threshold_percent, 70);
    }

    #[test]
    fn multipliers_parse_to_hundredths() {
        assert_eq!(multiplier_hundredths(1.5, "f").unwrap(), 150);
        assert_eq!(multiplier_hundredths(2.0, "f").unwrap(), 200);
        assert!(multiplier_hundredths(1.255, "f").is_err());
        assert!(multiplier_hundredths(f64::NAN, "f").is_err());
        assert!(multiplier_hundredths(-1.0, "f").is_err());
    }

    #[test]
    fn contractual_notice_is_bounded() {
        assert_eq!(check_contractual_notice_weeks(12, "f").unwrap(), 12);
        assert!(check_contractual_notice_weeks(0, "f").is_err());
        assert!(check_contractual_notice_weeks(53, "f").is_err());
    }

    #[test]
    fn who_may_read_set_and_estimate() {
        let viewer = |role| Viewer {
            user_id: Uuid::now_v7(),
            role,
            email: "x@bury.gov.uk".into(),
            union: None,
        };
        for role in Role::ALL {
            let v = viewer(role);
            assert_eq!(
                require_read(&v).is_ok(),
                matches!(role, Role::HrAdmin | Role::Manager),
                "{role:?}"
            );
            assert_eq!(require_set(&v).is_ok(), role == Role::HrAdmin, "{role:?}");
            assert_eq!(
                require_estimate(&v).is_ok(),
                role == Role::HrAdmin,
                "{role:?}"
            );
            if role != Role::HrAdmin {
                assert_eq!(require_set(&v).unwrap_err().code(), "FORBIDDEN");
            }
        }
    }
}
