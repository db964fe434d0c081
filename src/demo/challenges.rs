//! Issue 20 on the Bury proposal: UNISON challenged an answer and the strategic lead answered
//! again; UNISON has yet to accept the new answer, so the challenge is unresolved and holds up
//! the decision, and the question's thread shows the whole exchange.

use crate::domain::{
    account::EmailAddress,
    audit::{AuditAction, AuditActor},
    question::{QuestionSource, ReplyKind, ReplyState},
    working_days,
};
use crate::error::AppError;
use crate::store::{
    self, Store,
    questions::{NewQuestion, NewReply, QuestionRecord},
};
use anyhow::anyhow;
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

const ACTOR: AuditActor = AuditActor::System("demo data");

const QUESTION: &str = "3. Will the SEN Officers whose posts are deleted be ring fenced to the new SEN Caseworker posts, or must they compete with external applicants?";
const FIRST_ANSWER: &str = "SEN Officers will be able to apply for the caseworker posts through the council's redeployment procedure.";
const CHALLENGE: &str = "This does not answer the question. The redeployment procedure gives priority interviews only: it is not a ring fence. The pack says the caseworker duties are 60% the same as the SEN Officer duties, which under the council's own policy means a ring fence. Please confirm whether one applies.";
const SECOND_ANSWER: &str = "Yes. The SEN Officers are ring fenced to the SEN Caseworker posts alongside the current caseworkers: the duties match by more than 60%, so the posts are offered within the ring fence before any external advertisement.";

/// Loads the challenged and re-answered question; `today` is the demo's day.
pub(super) async fn load(store: &Store, proposal_id: Uuid, today: NaiveDate) -> anyhow::Result<()> {
    let account = |email: &'static str| async move {
        let address = EmailAddress::parse(email, "email").map_err(|e| anyhow!("{e:?}"))?;
        store::users::find_for_login(store, &address)
            .await
            .map_err(AppError::into_anyhow)?
            .map(|(u, _)| u)
            .ok_or_else(|| anyhow!("no demo account {email}"))
    };
    let rep = account("unison.rep@bury.example").await?;
    let lead = account("strategic.lead@bury.example").await?;
    let raised_on = working_days::add_working_days(today - chrono::Days::new(14), 0);
    let question = store::questions::raise(
        store,
        &AuditActor::User(rep.id),
        proposal_id,
        NewQuestion {
            source: QuestionSource::Union,
            text: QUESTION.into(),
            asker_id: Some(rep.id),
            asker_union: rep.union.clone(),
            confidential: false,
            raised_on,
            due_on: None,
            jd_comment_id: None,
        },
    )
    .await
    .map_err(AppError::into_anyhow)?;
    let answer = |text: &'static str| {
        move |before: &QuestionRecord| {
            Ok(QuestionRecord {
                owner_id: Some(lead.id),
                answer: Some(text.into()),
                covers: vec!["MITIGATING".into()],
                answered_by: Some(lead.id),
                answered_at: Some(Utc::now()),
                ..before.clone()
            })
        }
    };
    store::questions::change(
        store,
        &ACTOR,
        question.id,
        AuditAction::QuestionAnswered,
        answer(FIRST_ANSWER),
    )
    .await
    .map_err(AppError::into_anyhow)?;
    let due_on = working_days::add_working_days(
        today - chrono::Days::new(3),
        crate::domain::question::DEFAULT_RESPONSE_WORKING_DAYS,
    );
    store::questions::change_with_reply(
        store,
        &AuditActor::User(rep.id),
        question.id,
        AuditAction::AnswerChallenged,
        |before| {
            Ok((
                QuestionRecord {
                    answer: None,
                    covers: vec![],
                    answered_by: None,
                    answered_at: None,
                    due_on,
                    reply_state: Some(ReplyState::Challenged),
                    challenge_count: before.challenge_count + 1,
                    ..before.clone()
                },
                Some(NewReply {
                    kind: ReplyKind::Challenge,
                    text: CHALLENGE.into(),
                    author_id: Some(rep.id),
                }),
            ))
        },
    )
    .await
    .map_err(AppError::into_anyhow)?;
    store::questions::change(
        store,
        &ACTOR,
        question.id,
        AuditAction::QuestionAnswered,
        answer(SECOND_ANSWER),
    )
    .await
    .map_err(AppError::into_anyhow)?;
    Ok(())
}
