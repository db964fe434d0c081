//! Feedback forms: the templates HR builds forms from (the Bury pack's first, stored on first
//! use) and each proposal's own form (the default until HR sets one).

use super::{
    Store, audit, corrupt,
    entities::{feedback_form, feedback_form_template, feedback_response, job_description, post},
    proposals,
};
use crate::domain::{
    DomainError,
    audit::{AuditAction, AuditActor},
    feedback::{self, DEFAULT_FORM_NAME, FormQuestion},
};
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

/// A proposal's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormRecord {
    pub proposal_id: Uuid,
    /// The template it was built from.
    pub template_name: String,
    pub questions: Vec<FormQuestion>,
    /// 0 while the proposal uses the default form without HR having set one.
    pub version: i32,
}

/// A template to build forms from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormTemplateRecord {
    pub id: Uuid,
    pub name: String,
    pub questions: Vec<FormQuestion>,
}

fn questions_of(value: serde_json::Value, id: Uuid) -> AppResult<Vec<FormQuestion>> {
    serde_json::from_value(value).map_err(|_| corrupt("feedback form", id))
}

fn json(questions: &[FormQuestion]) -> AppResult<serde_json::Value> {
    serde_json::to_value(questions).map_err(|e| AppError::Internal(e.into()))
}

/// The forms of these proposals (the default form where HR has set none).
pub async fn forms_of(conn: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<Vec<FormRecord>> {
    let rows = feedback_form::Entity::find()
        .filter(feedback_form::Column::ProposalId.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    ids.iter()
        .map(|id| match rows.iter().find(|r| r.proposal_id == *id) {
            Some(row) => Ok(FormRecord {
                proposal_id: *id,
                template_name: row.template_name.clone(),
                questions: questions_of(row.questions.clone(), *id)?,
                version: row.version,
            }),
            None => Ok(FormRecord {
                proposal_id: *id,
                template_name: DEFAULT_FORM_NAME.to_owned(),
                questions: feedback::default_form(),
                version: 0,
            }),
        })
        .collect()
}

/// One proposal's form.
pub async fn form_of(conn: &impl ConnectionTrait, proposal_id: Uuid) -> AppResult<FormRecord> {
    Ok(forms_of(conn, &[proposal_id]).await?.remove(0))
}

/// Every template, the Bury pack's first; it is stored on first use.
pub async fn templates(store: &Store) -> AppResult<Vec<FormTemplateRecord>> {
    let rows = feedback_form_template::Entity::find()
        .order_by_asc(feedback_form_template::Column::CreatedAt)
        .order_by_asc(feedback_form_template::Column::Id)
        .all(store.conn())
        .await?;
    if rows.is_empty() {
        let txn = store.begin_write().await?;
        // Another request may have stored it meanwhile; the unique name settles the race.
        if feedback_form_template::Entity::find().count(&txn).await? == 0 {
            insert_template(&txn, None, DEFAULT_FORM_NAME, &feedback::default_form()).await?;
        }
        txn.commit().await?;
        return Box::pin(templates(store)).await;
    }
    rows.into_iter()
        .map(|row| {
            Ok(FormTemplateRecord {
                questions: questions_of(row.questions, row.id)?,
                id: row.id,
                name: row.name,
            })
        })
        .collect()
}

async fn insert_template(
    conn: &impl ConnectionTrait,
    created_by: Option<Uuid>,
    name: &str,
    questions: &[FormQuestion],
) -> AppResult<FormTemplateRecord> {
    let row = feedback_form_template::Entity::insert(feedback_form_template::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name.to_owned()),
        questions: Set(json(questions)?),
        created_by: Set(created_by),
        created_at: Set(Utc::now()),
    })
    .exec_with_returning(conn)
    .await?;
    Ok(FormTemplateRecord {
        id: row.id,
        name: row.name,
        questions: questions.to_vec(),
    })
}

/// Stores a template HR wrote; its name must be new. Templates refer to no proposal, so their
/// questions cannot refer to posts or JDs.
pub async fn create_template(
    store: &Store,
    actor: &AuditActor,
    name: String,
    questions: Vec<FormQuestion>,
) -> AppResult<FormTemplateRecord> {
    templates(store).await?;
    if let Some(i) = questions
        .iter()
        .position(|q| q.post_id.is_some() || q.job_description_id.is_some())
    {
        return Err(DomainError::bad_input(
            format!("input.questions[{i}]"),
            "A template is not about one proposal: refer to posts and JDs in a proposal's form.",
        )
        .into());
    }
    let txn = store.begin_write().await?;
    let taken = feedback_form_template::Entity::find()
        .filter(feedback_form_template::Column::Name.eq(name.as_str()))
        .count(&txn)
        .await?
        > 0;
    if taken {
        return Err(DomainError::Conflict(format!(
            "There is already a form template called \"{name}\"."
        ))
        .into());
    }
    let record = insert_template(&txn, actor.user_id(), &name, &questions).await?;
    audit::record(
        &txn,
        actor,
        AuditAction::FeedbackFormTemplateCreated,
        record.id,
        None::<&()>,
        Some(&record),
    )
    .await?;
    txn.commit().await?;
    Ok(record)
}

/// Sets a proposal's form, until the first response is submitted. Posts and JDs the questions
/// refer to must be the proposal's.
pub async fn set_form(
    store: &Store,
    actor: &AuditActor,
    proposal_id: Uuid,
    expected_version: Option<i32>,
    template_name: String,
    questions: Vec<FormQuestion>,
) -> AppResult<FormRecord> {
    let txn = store.begin_write().await?;
    proposals::load_for_change(&txn, proposal_id, None).await?;
    let before = form_of(&txn, proposal_id).await?;
    DomainError::check_version("this feedback form", expected_version, before.version)?;
    let submitted = feedback_response::Entity::find()
        .filter(feedback_response::Column::ProposalId.eq(proposal_id))
        .filter(feedback_response::Column::Submitted.eq(true))
        .count(&txn)
        .await?;
    feedback::check_form_editable(submitted)?;
    // The proposal's posts and JDs, in two statements however many questions refer to them.
    let posts: Vec<Uuid> = post::Entity::find()
        .select_only()
        .column(post::Column::Id)
        .filter(post::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(&txn)
        .await?;
    let jds: Vec<Uuid> = job_description::Entity::find()
        .select_only()
        .column(job_description::Column::Id)
        .filter(job_description::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(&txn)
        .await?;
    for (i, q) in questions.iter().enumerate() {
        if q.post_id.is_some_and(|id| !posts.contains(&id)) {
            return Err(DomainError::unknown_id(
                format!("input.questions[{i}].postId"),
                "a post of this proposal",
            )
            .into());
        }
        if q.job_description_id.is_some_and(|id| !jds.contains(&id)) {
            return Err(DomainError::unknown_id(
                format!("input.questions[{i}].jobDescriptionId"),
                "a job description of this proposal",
            )
            .into());
        }
    }
    let row = feedback_form::ActiveModel {
        proposal_id: Set(proposal_id),
        template_name: Set(template_name),
        questions: Set(json(&questions)?),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
    };
    if before.version == 0 {
        feedback_form::Entity::insert(row).exec(&txn).await?;
    } else {
        feedback_form::Entity::update(row).exec(&txn).await?;
    }
    let after = form_of(&txn, proposal_id).await?;
    audit::record(
        &txn,
        actor,
        AuditAction::FeedbackFormSet,
        proposal_id,
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
