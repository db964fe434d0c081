//! Feedback forms and staff responses over GraphQL.

use super::{ApiState, auth::viewer, parse_id, proposal::load_visible};
use crate::domain::feedback::{self, Answer, FormQuestion};
use crate::store::{self, feedback::ResponseRecord};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

/// A question of a feedback form.
#[derive(SimpleObject)]
pub struct FeedbackFormQuestion {
    /// Stable key; answers refer to it.
    pub key: String,
    /// The question.
    pub text: String,
    /// Help text.
    pub help: Option<String>,
    /// TEXT, LONG_TEXT, SINGLE_CHOICE, MULTI_CHOICE, AGREE_SCALE or YES_NO.
    pub kind: String,
    /// Must be answered to submit.
    pub required: bool,
    /// The allowed answers, for choice questions.
    pub choices: Vec<String>,
    /// Answers go to the question log and get a management answer.
    pub needs_response: bool,
}

impl From<&FormQuestion> for FeedbackFormQuestion {
    fn from(q: &FormQuestion) -> Self {
        Self {
            key: q.key.to_owned(),
            text: q.text.to_owned(),
            help: q.help.map(str::to_owned),
            kind: q.kind.as_str().to_owned(),
            required: q.required,
            choices: q.choices.iter().map(|c| (*c).to_owned()).collect(),
            needs_response: q.needs_response,
        }
    }
}

/// One answer.
#[derive(SimpleObject, InputObject)]
#[graphql(input_name = "FeedbackAnswerInput")]
pub struct FeedbackAnswer {
    /// The question's key.
    pub question_key: String,
    /// The answer: one text or choice, or several choices.
    pub values: Vec<String>,
}

/// Your response to a proposal.
pub struct FeedbackResponse(ResponseRecord);

/// Your response to a proposal: editable until the consultation closes.
#[Object]
impl FeedbackResponse {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Increases with every save.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Your answers.
    async fn answers(&self) -> Vec<FeedbackAnswer> {
        self.0
            .answers
            .iter()
            .map(|(key, values)| FeedbackAnswer {
                question_key: key.clone(),
                values: values.clone(),
            })
            .collect()
    }
    /// Your name is shown to HR only.
    async fn confidential(&self) -> bool {
        self.0.confidential
    }
    /// Whether it has been submitted (it can still be edited until the deadline).
    async fn submitted(&self) -> bool {
        self.0.submitted
    }
    /// When it was first submitted.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    /// How many times it has been saved (every version is kept).
    async fn saved_versions(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        Ok(store::feedback::version_count(ApiState::of(ctx).store.conn(), self.0.id).await? as i32)
    }
}

/// Saving or submitting your response.
#[derive(InputObject)]
pub struct SaveFeedbackInput {
    /// The proposal.
    pub proposal_id: ID,
    /// Your answers (blank ones are dropped).
    pub answers: Vec<FeedbackAnswer>,
    /// Show your name to HR only (default false).
    pub confidential: Option<bool>,
    /// Submit it (required questions must be answered); otherwise it is saved as a draft.
    pub submit: Option<bool>,
    /// A key of your choosing: sending the same key again (a retry) returns the saved
    /// response and changes nothing.
    pub client_key: Option<String>,
}

#[derive(Default)]
pub struct FeedbackQuery;

#[Object]
impl FeedbackQuery {
    /// The feedback form of a proposal you can see.
    async fn feedback_form(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal's id.")] proposal_id: ID,
    ) -> async_graphql::Result<Vec<FeedbackFormQuestion>> {
        load_visible(ctx, parse_id(&proposal_id, "proposalId")?).await?;
        Ok(feedback::default_form().iter().map(Into::into).collect())
    }

    /// Your response to a proposal, if you have saved one.
    async fn my_feedback(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal's id.")] proposal_id: ID,
    ) -> async_graphql::Result<Option<FeedbackResponse>> {
        let viewer = viewer(ctx)?;
        let proposal = load_visible(ctx, parse_id(&proposal_id, "proposalId")?).await?;
        Ok(store::feedback::mine(
            ApiState::of(ctx).store.conn(),
            proposal.record.id,
            viewer.user_id,
        )
        .await?
        .map(FeedbackResponse))
    }
}

#[derive(Default)]
pub struct FeedbackMutation;

#[Object]
impl FeedbackMutation {
    /// Saves or submits your response to a proposal that affects you. One response each;
    /// editable until the consultation's last day (Europe/London), then `DEADLINE_PASSED`.
    async fn save_feedback(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Your response.")] input: SaveFeedbackInput,
    ) -> async_graphql::Result<FeedbackResponse> {
        let viewer = viewer(ctx)?;
        let proposal = load_visible(ctx, parse_id(&input.proposal_id, "input.proposalId")?).await?;
        feedback::may_respond(proposal.view)?;
        let client_key = input
            .client_key
            .map(|k| {
                crate::domain::text::required_line(&k, "input.clientKey", "the client key", 200)
            })
            .transpose()?;
        let save = store::feedback::Save {
            answers: input
                .answers
                .into_iter()
                .map(|a| Answer {
                    key: a.question_key,
                    values: a.values,
                })
                .collect(),
            confidential: input.confidential.unwrap_or(false),
            submit: input.submit.unwrap_or(false),
            client_key,
        };
        let record = store::feedback::save(
            &ApiState::of(ctx).store,
            viewer,
            proposal.record.id,
            &feedback::default_form(),
            save,
            store::s188::today(),
        )
        .await?;
        Ok(FeedbackResponse(record))
    }
}

/// A union's collective response.
pub struct UnionResponse(crate::store::union_responses::UnionResponseRecord);

/// A union's collective response, with its numbered points.
#[Object]
impl UnionResponse {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Increases with every save; send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The union.
    async fn union_name(&self) -> &str {
        &self.0.union_name
    }
    /// Title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The response.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// Numbered points (1, 2, ... in order); each became a question on submission.
    async fn points(&self) -> &[String] {
        &self.0.points
    }
    /// The union formally records a failure to agree.
    async fn failure_to_agree(&self) -> bool {
        self.0.failure_to_agree
    }
    /// Whether it has been submitted.
    async fn submitted(&self) -> bool {
        self.0.submitted
    }
    /// When.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
}

/// A union's collective response, drafted by any of its reps and submitted by one.
#[derive(InputObject)]
pub struct SaveUnionResponseInput {
    /// The proposal.
    pub proposal_id: ID,
    /// The `version` you last saw (0 for a new one). Optional.
    pub expected_version: Option<i32>,
    /// Title.
    pub title: String,
    /// The response.
    pub body: String,
    /// Numbered points, in order.
    pub points: Option<Vec<String>>,
    /// Record a formal failure to agree.
    pub failure_to_agree: Option<bool>,
    /// Submit it (default: save the draft).
    pub submit: Option<bool>,
}

#[derive(Default)]
pub struct UnionResponseMutation;

#[Object]
impl UnionResponseMutation {
    /// Saves or submits your union's collective response; on submission each numbered point
    /// becomes a question in the log.
    async fn save_union_response(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The response.")] input: SaveUnionResponseInput,
    ) -> async_graphql::Result<UnionResponse> {
        let viewer = viewer(ctx)?;
        let proposal = load_visible(ctx, parse_id(&input.proposal_id, "input.proposalId")?).await?;
        let union = feedback::may_respond_collectively(proposal.view, viewer.union.as_deref())?;
        let response = feedback::CollectiveResponse::parse(
            &input.title,
            &input.body,
            input.points.as_deref().unwrap_or(&[]),
            input.failure_to_agree.unwrap_or(false),
        )?;
        let record = store::union_responses::save(
            &ApiState::of(ctx).store,
            viewer,
            union,
            proposal.record.id,
            input.expected_version,
            response,
            input.submit.unwrap_or(false),
            store::s188::today(),
        )
        .await?;
        Ok(UnionResponse(record))
    }
}

impl super::proposal::Proposal {
    /// The collective responses the viewer may read.
    pub async fn union_responses_of(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<UnionResponse>> {
        let viewer = viewer(ctx)?;
        let graph = super::loaders::Loaders::of(ctx)
            .graph(self.record.id)
            .await?;
        Ok(graph
            .union_responses
            .iter()
            .filter(|r| {
                feedback::sees_union_response(self.view, viewer.union.as_deref(), &r.union_name)
            })
            .cloned()
            .map(UnionResponse)
            .collect())
    }
}
