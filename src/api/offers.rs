//! Offers of suitable alternative employment and trial periods over GraphQL (issue 16; ERA
//! 1996 s138, s141). Who sees an offer and which of its fields, who answers it and who
//! reviews a trial period are decided in `domain::individual::offer`.

use super::{
    ApiState,
    auth::{RoleGuard, audit_actor, viewer},
    cases::{Case, load_case},
    money::Money,
    parse_id,
};
use crate::domain::{
    DomainError,
    access::Permission,
    individual::{
        case::CaseView,
        offer::{self as rules, OfferView},
        trial_period::{RefusalJudgement, RetrainingAgreement},
    },
    structure::Pence,
};
use crate::store::{
    self,
    offers::{NewOffer, OfferRecord, OfferedPost},
};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

/// Where an offer stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "OfferStatus",
    remote = "crate::domain::individual::offer::OfferStatus"
)]
pub enum OfferStatusValue {
    /// Made; waiting for the employee's answer.
    Offered,
    /// Accepted; the trial period has not started.
    Accepted,
    /// Declined, with the employee's reason.
    Declined,
    /// In its trial period (ERA 1996 s138(3)).
    InTrial,
    /// The employee keeps the new post.
    Confirmed,
    /// The trial period ended without the post being kept (ERA 1996 s138(2)).
    TrialEnded,
}

/// Who ended a trial period.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "TrialEndedBy",
    remote = "crate::domain::individual::offer::EndedBy"
)]
pub enum EndedByValue {
    /// The employee.
    Employee,
    /// The employer.
    Employer,
}

/// An offer of suitable alternative employment, as the viewer may see it.
pub struct Offer {
    record: OfferRecord,
    view: OfferView,
}

/// The post offered.
#[derive(SimpleObject)]
pub struct OfferedPostView {
    /// The post of the new structure, when it is one (null for a vacancy outside it).
    pub post_id: Option<ID>,
    /// Its title.
    pub title: String,
    /// Its grade.
    pub grade: Option<String>,
    /// Where it is worked.
    pub place: Option<String>,
    /// Its weekly pay: HR and the employee only (null for others, or when not given).
    pub weekly_pay: Option<Money>,
}

/// HR's judgement on a refusal (ERA 1996 s141): recorded by HR explicitly, never by Consult.
#[derive(SimpleObject)]
pub struct S141Judgement {
    /// HR judged the offer suitable employment for the employee (s141(3)).
    pub offer_suitable: bool,
    /// HR judged the refusal (or ending the trial) unreasonable (s141(2), (4)(d)).
    pub refusal_unreasonable: bool,
    /// Both: the employee loses the redundancy payment (s141).
    pub removes_redundancy_pay: bool,
    /// HR's reasons.
    pub reasons: String,
    /// When it was recorded.
    pub decided_at: DateTime<Utc>,
}

/// A trial period in the new post (ERA 1996 s138).
#[derive(SimpleObject)]
pub struct TrialPeriodView {
    /// The first day of work in the new post.
    pub start: NaiveDate,
    /// The last day: four weeks beginning with the start (s138(3)), or the retraining
    /// agreement's end.
    pub end: NaiveDate,
    /// The statutory end (s138(3)).
    pub statutory_end: NaiveDate,
    /// The end agreed in writing for retraining (s138(6)); null when not extended.
    pub extended_to: Option<NaiveDate>,
    /// The day the old job ended, as used for the four-week rule (s138(1)(b)).
    pub old_job_ends: NaiveDate,
    /// The day it was ended, when it was.
    pub ended_on: Option<NaiveDate>,
    /// Who ended it.
    pub ended_by: Option<EndedByValue>,
    /// Why it was ended.
    pub end_reason: Option<String>,
}

/// An offer of suitable alternative employment (ERA 1996 s138, s141).
#[Object]
impl Offer {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// The employee it was made to.
    async fn employee_id(&self) -> ID {
        ID(self.record.employee_id.to_string())
    }
    /// Send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.record.version
    }
    /// The post offered.
    async fn post(&self) -> OfferedPostView {
        OfferedPostView {
            post_id: self.record.post_id.map(|id| ID(id.to_string())),
            title: self.record.title.clone(),
            grade: self.record.grade.clone(),
            place: self.record.place.clone(),
            weekly_pay: self
                .record
                .weekly_pay_pence
                .filter(|_| self.view.sees_pay())
                .map(|p| Money(Pence(p))),
        }
    }
    /// The day the employee is asked to answer by.
    async fn answer_by(&self) -> NaiveDate {
        self.record.answer_by
    }
    /// Where it stands.
    async fn status(&self) -> OfferStatusValue {
        self.record.status.into()
    }
    /// When the employee answered.
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.record.answered_at
    }
    /// The employee's reason for declining.
    async fn declined_reason(&self) -> Option<&str> {
        self.record.declined_reason.as_deref()
    }
    /// HR's s141 judgement on a refusal: HR and the employee (null for others, or until
    /// recorded).
    async fn s141_judgement(&self) -> Option<S141Judgement> {
        self.record
            .judgement
            .as_ref()
            .filter(|_| self.view.sees_judgement())
            .map(|j| S141Judgement {
                offer_suitable: j.offer_suitable,
                refusal_unreasonable: j.refusal_unreasonable,
                removes_redundancy_pay: j.removes_redundancy_pay(),
                reasons: j.reasons.clone(),
                decided_at: j.decided_at,
            })
    }
    /// The trial period, once started.
    async fn trial(&self) -> Option<TrialPeriodView> {
        self.record.trial.as_ref().map(|t| TrialPeriodView {
            start: t.start,
            end: t.end,
            statutory_end: t.statutory_end,
            extended_to: t.extended_to(),
            old_job_ends: t.old_job_ends,
            ended_on: t.ended_on,
            ended_by: t.ended_by.map(Into::into),
            end_reason: t.end_reason.clone(),
        })
    }
    /// When it was made.
    async fn made_at(&self) -> DateTime<Utc> {
        self.record.created_at
    }
}

/// A trial period running in the new post, for the person who reviews it: the proposal's
/// manager (or HR) confirms the post is kept or ends the trial (ERA 1996 s138).
#[derive(SimpleObject)]
pub struct TrialReview {
    /// The offer in its trial period: confirm or end the trial with its id and version.
    pub offer: Offer,
    /// The employee working the trial.
    pub employee_id: ID,
    /// Their name.
    pub employee_name: String,
    /// The proposal the offer was made under.
    pub proposal_id: ID,
    /// Its title.
    pub proposal_title: String,
    /// The first day in the new post.
    pub trial_start: NaiveDate,
    /// The last day of the trial period (the retraining agreement's, when extended).
    pub trial_end: NaiveDate,
    /// Working days after today up to and including the last day (0 on it and after it).
    pub working_days_left: i32,
    /// The end is within the employer policy's reminder lead (or has passed): review it now.
    pub due_soon: bool,
}

#[derive(Default)]
pub struct OfferQuery;

#[Object]
impl OfferQuery {
    /// The trial periods running that the signed-in person reviews, soonest end first: a
    /// manager's in the proposals they sponsor, HR's in every proposal; none for staff and
    /// union representatives.
    async fn my_trial_reviews(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TrialReview>> {
        let Some((scope, view)) = rules::trial_reviews_of(viewer(ctx)?) else {
            return Ok(Vec::new());
        };
        let (trials, lead) =
            store::trial_reviews::running(ApiState::of(ctx).store.conn(), scope).await?;
        let today = store::s188::today();
        Ok(trials
            .into_iter()
            .map(|t| {
                let timing = rules::review_timing(t.trial.end, lead, today);
                TrialReview {
                    employee_id: ID(t.offer.employee_id.to_string()),
                    employee_name: t.employee_name,
                    proposal_id: ID(t.offer.proposal_id.to_string()),
                    proposal_title: t.proposal_title,
                    trial_start: t.trial.start,
                    trial_end: t.trial.end,
                    working_days_left: i32::try_from(timing.working_days_left).unwrap_or(i32::MAX),
                    due_soon: timing.due_soon,
                    offer: Offer {
                        record: t.offer,
                        view,
                    },
                }
            })
            .collect())
    }
}

/// `Case.offers`.
pub async fn case_offers(ctx: &Context<'_>, case: &Case) -> async_graphql::Result<Vec<Offer>> {
    let view = rules::offer_view(case.view)?;
    let offers = case
        .page
        .offers(&ApiState::of(ctx).store, case.inner.case.employee_id)
        .await?;
    Ok(offers
        .iter()
        .cloned()
        .map(|record| Offer { record, view })
        .collect())
}

/// The offer `id` and the case it belongs to, as the viewer sees it (`NOT_FOUND` when they
/// may not see the case).
async fn load(ctx: &Context<'_>, id: &ID) -> async_graphql::Result<(OfferRecord, Case)> {
    let id = parse_id(id, "input.offerId")?;
    let record = store::offers::find(ApiState::of(ctx).store.conn(), id)
        .await?
        .ok_or_else(|| DomainError::unknown_id("input.offerId", "an offer"))?;
    let case = load_case(ctx, record.employee_id)
        .await
        .map_err(|_| DomainError::unknown_id("input.offerId", "an offer"))?;
    Ok((record, case))
}

fn reply(record: OfferRecord, case_view: CaseView) -> async_graphql::Result<Offer> {
    Ok(Offer {
        record,
        view: rules::offer_view(case_view)?,
    })
}

/// A post offered outside the new structure.
#[derive(InputObject)]
pub struct VacancyInput {
    /// Its title.
    pub title: String,
    /// Its grade.
    pub grade: Option<String>,
    /// Where it is worked.
    pub place: Option<String>,
    /// Its weekly pay.
    pub weekly_pay: Option<Money>,
}

/// An offer to make: a post of the new structure (`postId`) or a vacancy outside it.
#[derive(InputObject)]
pub struct MakeOfferInput {
    /// The employee whose case it is.
    pub employee_id: ID,
    /// The case's version you last saw.
    pub expected_version: i32,
    /// A post of the proposal's new structure (give this or `vacancy`).
    pub post_id: Option<ID>,
    /// A vacancy outside the new structure (give this or `postId`).
    pub vacancy: Option<VacancyInput>,
    /// The day the employee is asked to answer by (today or later).
    pub answer_by: NaiveDate,
}

/// The employee's answer to their offer.
#[derive(InputObject)]
pub struct AnswerOfferInput {
    /// The offer.
    pub offer_id: ID,
    /// The offer's version you last saw.
    pub expected_version: i32,
    /// True to accept, false to decline.
    pub accept: bool,
    /// Why you decline (required when declining).
    pub reason: Option<String>,
}

/// HR's judgement on a refusal (ERA 1996 s141).
#[derive(InputObject)]
pub struct RecordRefusalJudgementInput {
    /// The offer declined (or whose trial the employee ended).
    pub offer_id: ID,
    /// The offer's version you last saw.
    pub expected_version: i32,
    /// HR judges the offer suitable employment for the employee.
    pub offer_suitable: bool,
    /// HR judges the refusal unreasonable.
    pub refusal_unreasonable: bool,
    /// HR's reasons (required).
    pub reasons: String,
}

/// A written agreement extending the trial period for retraining (ERA 1996 s138(6)).
#[derive(InputObject)]
pub struct RetrainingInput {
    /// The day it was made in writing: before the employee started in the new post.
    pub agreed_on: NaiveDate,
    /// The day the trial period ends, as the agreement specifies.
    pub ends_on: NaiveDate,
    /// The terms and conditions that apply after the trial period.
    pub terms_after: String,
}

impl RetrainingInput {
    fn agreement(&self) -> RetrainingAgreement {
        RetrainingAgreement {
            agreed_on: self.agreed_on,
            ends_on: self.ends_on,
            terms_after: self.terms_after.trim().to_owned(),
        }
    }
}

/// The start of a trial period in the new post.
#[derive(InputObject)]
pub struct StartTrialPeriodInput {
    /// The accepted offer.
    pub offer_id: ID,
    /// The offer's version you last saw.
    pub expected_version: i32,
    /// The employee's first day of work in the new post.
    pub new_post_starts: NaiveDate,
    /// The last day of the old job, when known otherwise than from the notice recorded
    /// (default: the notice's last day when the new post starts after it, else the day
    /// before the new post starts).
    pub old_job_ends: Option<NaiveDate>,
    /// A written agreement, made before the start, extending the period for retraining.
    pub retraining: Option<RetrainingInput>,
}

/// An extension of the trial period for retraining.
#[derive(InputObject)]
pub struct ExtendTrialPeriodInput {
    /// The offer in its trial period.
    pub offer_id: ID,
    /// The offer's version you last saw.
    pub expected_version: i32,
    /// The written agreement.
    pub retraining: RetrainingInput,
}

/// A trial period to confirm.
#[derive(InputObject)]
pub struct ConfirmTrialPeriodInput {
    /// The offer in its trial period.
    pub offer_id: ID,
    /// The offer's version you last saw.
    pub expected_version: i32,
}

/// A trial period ended within it (ERA 1996 s138(2)).
#[derive(InputObject)]
pub struct EndTrialPeriodInput {
    /// The offer in its trial period.
    pub offer_id: ID,
    /// The offer's version you last saw.
    pub expected_version: i32,
    /// The day it ends: within the trial period.
    pub ended_on: NaiveDate,
    /// Who ended it.
    pub ended_by: EndedByValue,
    /// Why.
    pub reason: String,
}

#[derive(Default)]
pub struct OfferMutation;

#[Object]
impl OfferMutation {
    /// Offers the employee a post of the new structure or a vacancy outside it, to answer by
    /// a day; the case moves to OFFERED and the employee is emailed. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn make_offer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The offer.")] input: MakeOfferInput,
    ) -> async_graphql::Result<Offer> {
        let employee_id = parse_id(&input.employee_id, "input.employeeId")?;
        rules::check_answer_by(input.answer_by, store::s188::today())?;
        let post = match (&input.post_id, &input.vacancy) {
            (Some(id), None) => OfferedPost::InStructure(parse_id(id, "input.postId")?),
            (None, Some(v)) => OfferedPost::Vacancy(rules::vacancy(
                &v.title,
                v.grade.as_deref(),
                v.place.as_deref(),
                v.weekly_pay.as_ref().map(|m| m.0.0),
            )?),
            _ => {
                return Err(DomainError::bad_input(
                    "input.postId",
                    "Offer either a post of the new structure (postId) or a vacancy outside it (vacancy), not both or neither.",
                )
                .into());
            }
        };
        let record = Box::pin(store::offers::make(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            NewOffer {
                employee_id,
                expected_version: input.expected_version,
                post,
                answer_by: input.answer_by,
            },
        ))
        .await?;
        reply(record, CaseView::Hr)
    }

    /// Accepts or declines (with a reason) an offer: the employee themself only.
    async fn answer_offer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The answer.")] input: AnswerOfferInput,
    ) -> async_graphql::Result<Offer> {
        let (record, case) = load(ctx, &input.offer_id).await?;
        rules::may_answer(case.view == CaseView::Own)?;
        let reason = if input.accept {
            None
        } else {
            Some(rules::reason(
                input.reason.as_deref().unwrap_or(""),
                "input.reason",
                "the reason you decline",
            )?)
        };
        let record = Box::pin(store::offers::answer(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            record.id,
            input.expected_version,
            reason,
        ))
        .await?;
        reply(record, case.view)
    }

    /// Records HR's judgement on a refusal under ERA 1996 s141: whether the offer was
    /// suitable and the refusal unreasonable, with reasons. Consult never decides this. HR
    /// only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn record_refusal_judgement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The judgement.")] input: RecordRefusalJudgementInput,
    ) -> async_graphql::Result<Offer> {
        let (record, case) = load(ctx, &input.offer_id).await?;
        let judgement = RefusalJudgement::record(
            input.offer_suitable,
            input.refusal_unreasonable,
            &input.reasons,
            viewer(ctx)?.user_id,
            "input.reasons",
        )?;
        rules::reason(&judgement.reasons, "input.reasons", "the reasons")?;
        let record = Box::pin(store::offers::record_judgement(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            record.id,
            input.expected_version,
            judgement,
        ))
        .await?;
        reply(record, case.view)
    }

    /// Starts the trial period on the employee's first day in the new post; refused when it
    /// is more than four weeks after the old job ends (ERA 1996 s138(1)(b)). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn start_trial_period(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The start.")] input: StartTrialPeriodInput,
    ) -> async_graphql::Result<Offer> {
        let (record, case) = load(ctx, &input.offer_id).await?;
        let record = Box::pin(store::offers::start_trial(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            record.id,
            input.expected_version,
            input.new_post_starts,
            input.old_job_ends,
            input.retraining.as_ref().map(RetrainingInput::agreement),
        ))
        .await?;
        reply(record, case.view)
    }

    /// Extends the trial period for retraining by a written agreement made before the start
    /// that gives its end (ERA 1996 s138(6)). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn extend_trial_period(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agreement.")] input: ExtendTrialPeriodInput,
    ) -> async_graphql::Result<Offer> {
        let (record, case) = load(ctx, &input.offer_id).await?;
        let record = Box::pin(store::offers::extend_trial(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            record.id,
            input.expected_version,
            input.retraining.agreement(),
        ))
        .await?;
        reply(record, case.view)
    }

    /// Confirms the employee in the new post: HR or the proposal's manager.
    async fn confirm_trial_period(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The offer.")] input: ConfirmTrialPeriodInput,
    ) -> async_graphql::Result<Offer> {
        let (record, case) = load(ctx, &input.offer_id).await?;
        rules::may_review_trial(case.view)?;
        let record = Box::pin(store::offers::confirm_trial(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            record.id,
            input.expected_version,
        ))
        .await?;
        reply(record, case.view)
    }

    /// Ends the trial period within it (by the employee or the employer), with the reason;
    /// the employee keeps the redundancy entitlement (ERA 1996 s138(2)). HR or the
    /// proposal's manager.
    async fn end_trial_period(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The ending.")] input: EndTrialPeriodInput,
    ) -> async_graphql::Result<Offer> {
        let (record, case) = load(ctx, &input.offer_id).await?;
        rules::may_review_trial(case.view)?;
        let reason = rules::reason(
            &input.reason,
            "input.reason",
            "the reason the trial period ended",
        )?;
        let record = Box::pin(store::offers::end_trial(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            record.id,
            input.expected_version,
            input.ended_on,
            input.ended_by.into(),
            reason,
        ))
        .await?;
        reply(record, case.view)
    }
}
