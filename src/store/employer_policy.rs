//! The employer's individual-stage policy: one row, read in one statement, changed in one
//! transaction with its audit record.

use super::{Store, audit, corrupt, entities::employer_policy};
use crate::domain::{
    DomainError,
    audit::{AuditAction, AuditActor},
    individual::policy::{EmployerPolicy, PolicyChange, SchemeKind},
};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

/// The id of the one policy row.
pub const POLICY_ID: Uuid = Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0001);

/// The policy in force and who last changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRecord {
    pub policy: EmployerPolicy,
    /// 0 until HR first saves a policy (the defaults apply).
    pub version: i32,
    pub updated_by: Option<Uuid>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl PolicyRecord {
    fn defaults() -> Self {
        Self {
            policy: EmployerPolicy::default(),
            version: 0,
            updated_by: None,
            updated_at: None,
        }
    }
}

/// What the audit log keeps of a policy.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PolicyAudit {
    appeal_window_working_days: u32,
    slot_in_threshold_percent: u32,
    trial_reminder_working_days: u32,
    scheme_kind: &'static str,
    use_actual_weekly_pay: bool,
    multiplier_hundredths: u32,
    max_weeks: u32,
    retention_years: u32,
    retention_keeps_free_text: bool,
    version: i32,
}

impl From<&PolicyRecord> for PolicyAudit {
    fn from(r: &PolicyRecord) -> Self {
        let p = &r.policy;
        Self {
            appeal_window_working_days: p.appeal_window_working_days,
            slot_in_threshold_percent: p.slot_in_threshold_percent,
            trial_reminder_working_days: p.trial_reminder_working_days,
            scheme_kind: p.scheme_kind.as_str(),
            use_actual_weekly_pay: p.use_actual_weekly_pay,
            multiplier_hundredths: p.multiplier_hundredths,
            max_weeks: p.max_weeks,
            retention_years: p.retention_years,
            retention_keeps_free_text: p.retention_keeps_free_text,
            version: r.version,
        }
    }
}

fn from_row(row: employer_policy::Model) -> AppResult<PolicyRecord> {
    let number = |v: i32| u32::try_from(v).map_err(|_| corrupt("employer policy", row.id));
    let policy = EmployerPolicy {
        appeal_window_working_days: number(row.appeal_window_working_days)?,
        slot_in_threshold_percent: number(row.slot_in_threshold_percent)?,
        trial_reminder_working_days: number(row.trial_reminder_working_days)?,
        scheme_kind: SchemeKind::parse(&row.scheme_kind)
            .ok_or_else(|| corrupt("employer policy", row.id))?,
        use_actual_weekly_pay: row.use_actual_weekly_pay,
        multiplier_hundredths: number(row.multiplier_hundredths)?,
        max_weeks: number(row.max_weeks)?,
        retention_years: number(row.retention_years)?,
        retention_keeps_free_text: row.retention_keeps_free_text,
    };
    Ok(PolicyRecord {
        policy,
        version: row.version,
        updated_by: row.updated_by,
        updated_at: Some(row.updated_at),
    })
}

/// The policy in force: the saved one, or the defaults. One statement.
pub async fn get(conn: &impl ConnectionTrait) -> AppResult<PolicyRecord> {
    match employer_policy::Entity::find_by_id(POLICY_ID)
        .one(conn)
        .await?
    {
        Some(row) => from_row(row),
        None => Ok(PolicyRecord::defaults()),
    }
}

/// Applies `change` to the policy last seen at `expected_version`; a stale version is a
/// `CONFLICT`, a figure below its statutory floor a `BAD_USER_INPUT`.
pub async fn set(
    store: &Store,
    actor: &AuditActor,
    change: PolicyChange,
    expected_version: i32,
) -> AppResult<PolicyRecord> {
    let txn = store.begin_write().await?;
    let before = get(&txn).await?;
    DomainError::check_version(
        "the employer's redundancy policy",
        Some(expected_version),
        before.version,
    )?;
    let next = change.apply(&before.policy)?;
    let now = Utc::now();
    let model = |version: i32| employer_policy::ActiveModel {
        id: Set(POLICY_ID),
        appeal_window_working_days: Set(next.appeal_window_working_days as i32),
        slot_in_threshold_percent: Set(next.slot_in_threshold_percent as i32),
        trial_reminder_working_days: Set(next.trial_reminder_working_days as i32),
        scheme_kind: Set(next.scheme_kind.as_str().to_owned()),
        use_actual_weekly_pay: Set(next.use_actual_weekly_pay),
        multiplier_hundredths: Set(next.multiplier_hundredths as i32),
        max_weeks: Set(next.max_weeks as i32),
        retention_years: Set(next.retention_years as i32),
        retention_keeps_free_text: Set(next.retention_keeps_free_text),
        version: Set(version),
        updated_by: Set(actor.user_id()),
        updated_at: Set(now),
    };
    if before.version == 0 {
        // A concurrent first save loses on the primary key: CONFLICT (see AppError).
        employer_policy::Entity::insert(model(1)).exec(&txn).await?;
    } else {
        let updated = employer_policy::Entity::update_many()
            .set(model(before.version + 1))
            .filter(employer_policy::Column::Id.eq(POLICY_ID))
            .filter(employer_policy::Column::Version.eq(before.version))
            .exec(&txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(DomainError::check_version(
                "the employer's redundancy policy",
                Some(expected_version),
                expected_version + 1,
            )
            .unwrap_err()
            .into());
        }
    }
    let after = PolicyRecord {
        policy: next,
        version: before.version + 1,
        updated_by: actor.user_id(),
        updated_at: Some(now),
    };
    audit::record(
        &txn,
        actor,
        AuditAction::EmployerPolicySet,
        POLICY_ID,
        (before.version > 0)
            .then(|| PolicyAudit::from(&before))
            .as_ref(),
        Some(&PolicyAudit::from(&after)),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
