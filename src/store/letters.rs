//! Letters of the individual stage: the employer's templates, the facts a letter is filled
//! from, and letters as issued (immutable: the database refuses to change or remove one).
//! Issuing writes the letter, its audit record and its email in one transaction.

use super::{
    Store, audit,
    entities::{employee, letter, letter_template, post, post_holding, proposal},
    outbox,
};
use crate::domain::{
    DomainError,
    audit::{AuditAction, AuditActor},
    individual::letter::{self as rules, LetterFacts, LetterKind},
    notify::Milestone,
};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// A kind's template as it applies now: the employer's wording, or Consult's default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateRecord {
    pub kind: LetterKind,
    pub body: String,
    /// Consult's default wording applies (never edited, or reset).
    pub is_default: bool,
    /// 0 until first edited; increases with every edit and reset.
    pub version: i32,
    pub updated_by: Option<Uuid>,
    pub updated_at: Option<DateTime<Utc>>,
}

fn template_record(kind: LetterKind, row: Option<letter_template::Model>) -> TemplateRecord {
    match row {
        Some(row) => TemplateRecord {
            kind,
            is_default: row.body.is_none(),
            body: row
                .body
                .unwrap_or_else(|| kind.default_template().to_owned()),
            version: row.version,
            updated_by: row.updated_by,
            updated_at: Some(row.updated_at),
        },
        None => TemplateRecord {
            kind,
            body: kind.default_template().to_owned(),
            is_default: true,
            version: 0,
            updated_by: None,
            updated_at: None,
        },
    }
}

/// Every kind's template, in the order of `LetterKind::ALL` (one statement).
pub async fn templates(conn: &impl ConnectionTrait) -> AppResult<Vec<TemplateRecord>> {
    let mut rows: HashMap<String, letter_template::Model> = letter_template::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.kind.clone(), r))
        .collect();
    Ok(LetterKind::ALL
        .into_iter()
        .map(|kind| template_record(kind, rows.remove(kind.as_str())))
        .collect())
}

async fn template_row(
    conn: &impl ConnectionTrait,
    kind: LetterKind,
    lock: bool,
) -> AppResult<Option<letter_template::Model>> {
    let mut query =
        letter_template::Entity::find().filter(letter_template::Column::Kind.eq(kind.as_str()));
    if lock {
        query = query.lock_exclusive();
    }
    Ok(query.one(conn).await?)
}

/// Saves the employer's wording of a kind (`body`, or the default when `None`), checking the
/// version its editor saw. The statutory content is checked first.
async fn save_template(
    store: &Store,
    actor: &AuditActor,
    kind: LetterKind,
    body: Option<String>,
    expected_version: i32,
) -> AppResult<TemplateRecord> {
    if let Some(body) = &body {
        rules::check_template(kind, body)?;
    }
    let txn = store.begin_write().await?;
    let row = template_row(&txn, kind, true).await?;
    let before = template_record(kind, row.clone());
    DomainError::check_version(
        "this letter template",
        Some(expected_version),
        before.version,
    )?;
    let now = Utc::now();
    let saved = match row {
        Some(row) => {
            let mut active: letter_template::ActiveModel = row.into();
            active.body = Set(body);
            active.version = Set(before.version + 1);
            active.updated_by = Set(actor.user_id());
            active.updated_at = Set(now);
            letter_template::Entity::update(active).exec(&txn).await?
        }
        None => {
            letter_template::Entity::insert(letter_template::ActiveModel {
                id: Set(Uuid::now_v7()),
                kind: Set(kind.as_str().to_owned()),
                body: Set(body),
                version: Set(1),
                updated_by: Set(actor.user_id()),
                updated_at: Set(now),
            })
            .exec_with_returning(&txn)
            .await?
        }
    };
    let after = template_record(kind, Some(saved));
    let action = if after.is_default {
        AuditAction::LetterTemplateReset
    } else {
        AuditAction::LetterTemplateUpdated
    };
    // The template's id in the log: stable per kind.
    let id = template_row(&txn, kind, false)
        .await?
        .map(|r| r.id)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the saved template is gone")))?;
    audit::record(&txn, actor, action, id, Some(&before), Some(&after)).await?;
    txn.commit().await?;
    Ok(after)
}

/// HR's wording of a kind of letter, refused unless it has the kind's statutory content.
pub async fn update_template(
    store: &Store,
    actor: &AuditActor,
    kind: LetterKind,
    body: String,
    expected_version: i32,
) -> AppResult<TemplateRecord> {
    save_template(store, actor, kind, Some(body), expected_version).await
}

/// Back to Consult's default wording (the version still increases).
pub async fn reset_template(
    store: &Store,
    actor: &AuditActor,
    kind: LetterKind,
    expected_version: i32,
) -> AppResult<TemplateRecord> {
    save_template(store, actor, kind, None, expected_version).await
}

/// A letter as issued.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LetterRecord {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub proposal_id: Uuid,
    pub kind: LetterKind,
    pub template_version: i32,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub issued_by: Uuid,
    pub issued_at: DateTime<Utc>,
    pub supersedes: Option<Uuid>,
}

fn letter_record(row: letter::Model) -> AppResult<LetterRecord> {
    let kind = LetterKind::parse(&row.kind).ok_or_else(|| {
        AppError::Internal(anyhow::anyhow!("letter {} has kind {}", row.id, row.kind))
    })?;
    Ok(LetterRecord {
        id: row.id,
        employee_id: row.employee_id,
        proposal_id: row.proposal_id,
        kind,
        template_version: row.template_version,
        subject: row.subject,
        body_text: row.body_text,
        body_html: row.body_html,
        issued_by: row.issued_by,
        issued_at: row.issued_at,
        supersedes: row.supersedes,
    })
}

/// Who a letter is addressed to, and the proposal's sponsor: what its visibility depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRecipient {
    pub employee_id: Uuid,
    pub proposal_id: Uuid,
    pub name: String,
    pub work_email: String,
    pub sponsor_id: Option<Uuid>,
}

impl LetterRecipient {
    pub fn audience(&self) -> rules::LetterAudience<'_> {
        rules::LetterAudience {
            employee_email: &self.work_email,
            sponsor_id: self.sponsor_id,
        }
    }
}

/// The facts of one employee's case that letters are filled from, and who they are. Other
/// parts of the individual stage (notice, pay, offers, trial periods, appeals) add theirs
/// here. Unknown employee: `None`.
pub async fn gather_letter_facts(
    conn: &impl ConnectionTrait,
    employee_id: Uuid,
) -> AppResult<Option<(LetterFacts, LetterRecipient)>> {
    let Some(person) = employee::Entity::find_by_id(employee_id).one(conn).await? else {
        return Ok(None);
    };
    let proposal = proposal::Entity::find_by_id(person.proposal_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("an employee without a proposal")))?;
    // The posts they hold now and the post they are slotted into, in one statement.
    let held: Vec<Uuid> = post_holding::Entity::find()
        .select_only()
        .column(post_holding::Column::PostId)
        .filter(post_holding::Column::EmployeeId.eq(employee_id))
        .into_tuple()
        .all(conn)
        .await?;
    let mut wanted = held.clone();
    wanted.extend(person.slot_in_post_id);
    let titles: HashMap<Uuid, String> = if wanted.is_empty() {
        HashMap::new()
    } else {
        post::Entity::find()
            .select_only()
            .column(post::Column::Id)
            .column(post::Column::Title)
            .filter(post::Column::Id.is_in(wanted))
            .into_tuple::<(Uuid, String)>()
            .all(conn)
            .await?
            .into_iter()
            .collect()
    };
    let mut held_titles: Vec<String> = held
        .iter()
        .filter_map(|id| titles.get(id).cloned())
        .collect();
    held_titles.sort();
    held_titles.dedup();
    let facts = LetterFacts {
        letter_date: Some(super::s188::today()),
        employee_name: Some(person.name.clone()),
        employee_post: (!held_titles.is_empty()).then(|| held_titles.join(" and ")),
        proposal_title: Some(proposal.title.clone()),
        companion_rights: Some(rules::COMPANION_RIGHTS.to_owned()),
        slot_in_post: person
            .slot_in_post_id
            .and_then(|id| titles.get(&id).cloned()),
        ..Default::default()
    };
    let mut facts = facts;
    // The newest offer and its trial period (offers module): the OFFER and TRIAL_PERIOD
    // letters. The review falls on the day the "trial period ending" reminder goes.
    if let Some(offer) = super::offers::latest(conn, employee_id).await? {
        facts.offer_post = Some(match &offer.grade {
            Some(grade) => format!("{} ({grade})", offer.title),
            None => offer.title.clone(),
        });
        if let Some(trial) = &offer.trial {
            let lead = super::employer_policy::get(conn)
                .await?
                .policy
                .trial_reminder_working_days;
            facts.trial_start = Some(trial.start);
            facts.trial_end = Some(trial.end);
            facts.trial_review = Some(std::cmp::Ord::max(
                crate::domain::individual::trial_period::reminder_on(trial.end, lead),
                trial.start,
            ));
        }
    }
    Box::pin(super::separation::add_letter_facts(
        conn,
        employee_id,
        &mut facts,
    ))
    .await?;
    Ok(Some((
        facts,
        LetterRecipient {
            employee_id,
            proposal_id: person.proposal_id,
            name: person.name,
            work_email: person.work_email,
            sponsor_id: proposal.sponsor_id,
        },
    )))
}

/// What HR gives when issuing a letter, beside what the case already holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueLetter {
    pub employee_id: Uuid,
    pub kind: LetterKind,
    pub meeting_date: Option<NaiveDate>,
    pub meeting_time: Option<String>,
    pub meeting_place: Option<String>,
    pub outcome: Option<String>,
    pub outcome_reasons: Option<String>,
    /// The letter this one corrects: of the same employee and kind.
    pub supersedes: Option<Uuid>,
}

/// What the audit log keeps of an issued letter: what it was, not its whole text again.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IssuedEntry<'a> {
    employee_id: Uuid,
    proposal_id: Uuid,
    kind: LetterKind,
    subject: &'a str,
    template_version: i32,
    supersedes: Option<Uuid>,
}

/// Issues a letter: fills the kind's template from the case and HR's facts, keeps it as
/// issued, audits it and queues its email to the employee, in one transaction.
pub async fn issue(
    store: &Store,
    actor: &AuditActor,
    input: IssueLetter,
) -> AppResult<LetterRecord> {
    let txn = store.begin_write().await?;
    let (mut facts, recipient) = gather_letter_facts(&txn, input.employee_id)
        .await?
        .ok_or_else(|| DomainError::unknown_id("input.employeeId", "an employee"))?;
    if let Some(previous) = input.supersedes {
        let row = letter::Entity::find_by_id(previous)
            .one(&txn)
            .await?
            .filter(|l| l.employee_id == input.employee_id && l.kind == input.kind.as_str())
            .ok_or_else(|| {
                DomainError::unknown_id(
                    "input.supersedesLetterId",
                    "a letter of the same kind to this employee",
                )
            })?;
        let already = letter::Entity::find()
            .filter(letter::Column::Supersedes.eq(row.id))
            .one(&txn)
            .await?;
        if already.is_some() {
            return Err(DomainError::Conflict(
                "That letter has already been re-issued: supersede the newest one.".into(),
            )
            .into());
        }
    }
    facts.meeting_date = input.meeting_date;
    facts.meeting_time = input.meeting_time;
    facts.meeting_place = input.meeting_place;
    // What HR gives wins; otherwise the recorded appeal's outcome stands.
    facts.outcome = input.outcome.or(facts.outcome);
    facts.outcome_reasons = input.outcome_reasons.or(facts.outcome_reasons);
    let template = template_record(input.kind, template_row(&txn, input.kind, false).await?);
    let rendered = rules::render(input.kind, &template.body, &facts)?;
    let issued_by = actor
        .user_id()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a letter issued by no one")))?;
    let id = Uuid::now_v7();
    let row = letter::Entity::insert(letter::ActiveModel {
        id: Set(id),
        employee_id: Set(recipient.employee_id),
        proposal_id: Set(recipient.proposal_id),
        kind: Set(input.kind.as_str().to_owned()),
        template_version: Set(template.version),
        subject: Set(rendered.subject.clone()),
        body_text: Set(rendered.text.clone()),
        body_html: Set(rendered.html.clone()),
        facts: Set(serde_json::to_value(&facts).map_err(|e| AppError::Internal(e.into()))?),
        issued_by: Set(issued_by),
        issued_at: Set(Utc::now()),
        redacted_at: Set(None),
        supersedes: Set(input.supersedes),
    })
    .exec_with_returning(&txn)
    .await?;
    let record = letter_record(row)?;
    audit::record(
        &txn,
        actor,
        AuditAction::LetterIssued,
        record.id,
        None::<&()>,
        Some(&IssuedEntry {
            employee_id: record.employee_id,
            proposal_id: record.proposal_id,
            kind: record.kind,
            subject: &record.subject,
            template_version: record.template_version,
            supersedes: record.supersedes,
        }),
    )
    .await?;
    outbox::enqueue_case_message(
        &txn,
        recipient.proposal_id,
        (None, &recipient.work_email),
        Milestone::LetterIssued,
        format!("{}:{}", Milestone::LetterIssued.as_str(), record.id),
        serde_json::json!({
            "recipientName": recipient.name,
            "proposalTitle": facts.proposal_title,
            "letterSubject": record.subject,
            "letterText": record.body_text,
            "letterPath": format!("/letters/{}", record.id),
        }),
        chrono::Utc::now(),
    )
    .await?;
    txn.commit().await?;
    Ok(record)
}

/// A letter and who it is addressed to.
pub async fn find(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> AppResult<Option<(LetterRecord, LetterRecipient)>> {
    let Some(row) = letter::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    let record = letter_record(row)?;
    let person = employee::Entity::find_by_id(record.employee_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a letter to no employee")))?;
    let sponsor_id: Option<Option<Uuid>> = proposal::Entity::find_by_id(record.proposal_id)
        .select_only()
        .column(proposal::Column::SponsorId)
        .into_tuple()
        .one(conn)
        .await?;
    let recipient = LetterRecipient {
        employee_id: person.id,
        proposal_id: person.proposal_id,
        name: person.name,
        work_email: person.work_email,
        sponsor_id: sponsor_id.flatten(),
    };
    Ok(Some((record, recipient)))
}

/// The letters of these employees, newest first, in one statement.
pub async fn of_employees(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<LetterRecord>>> {
    let mut out: HashMap<Uuid, Vec<LetterRecord>> = HashMap::new();
    for chunk in ids.chunks(super::IDS_PER_STATEMENT) {
        let rows = letter::Entity::find()
            .filter(letter::Column::EmployeeId.is_in(chunk.iter().copied()))
            .order_by_desc(letter::Column::IssuedAt)
            .order_by_desc(letter::Column::Id)
            .all(conn)
            .await?;
        for row in rows {
            let record = letter_record(row)?;
            out.entry(record.employee_id).or_default().push(record);
        }
    }
    Ok(out)
}

/// The letters addressed to whoever signs in with `email` (their employee records in any
/// proposal), newest first; at most `limit`.
pub async fn to_email(
    conn: &impl ConnectionTrait,
    email: &str,
    limit: u64,
) -> AppResult<Vec<LetterRecord>> {
    let rows = letter::Entity::find()
        .filter(
            letter::Column::EmployeeId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(employee::Column::Id)
                    .from(employee::Entity)
                    .and_where(
                        Expr::expr(Func::lower(Expr::col(employee::Column::WorkEmail)))
                            .eq(email.to_lowercase()),
                    )
                    .to_owned(),
            ),
        )
        .order_by_desc(letter::Column::IssuedAt)
        .order_by_desc(letter::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    rows.into_iter().map(letter_record).collect()
}

/// A proposal's letters, newest first; at most `limit`.
pub async fn of_proposal(
    conn: &impl ConnectionTrait,
    proposal_id: Uuid,
    limit: u64,
) -> AppResult<Vec<LetterRecord>> {
    let rows = letter::Entity::find()
        .filter(letter::Column::ProposalId.eq(proposal_id))
        .order_by_desc(letter::Column::IssuedAt)
        .order_by_desc(letter::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    rows.into_iter().map(letter_record).collect()
}
