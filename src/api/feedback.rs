//! Feedback forms (built from templates), staff responses, what HR, managers and unions see of
//! them, and the deadline: extending it for everyone, or accepting one person's late response.

use super::{
    ApiState,
    account::User,
    auth::{RoleGuard, audit_actor, viewer},
    loaders::Loaders,
    pagination::{self, IdCursor, TotalCount},
    parse_id,
    proposal::{Proposal, load_visible},
    structure::Post,
    timetable::Timetable,
};
use crate::domain::{
    DomainError,
    access::Permission,
    feedback::{self, Answer, FormQuestion, FormQuestionDraft, QuestionType, ResponseVisibility},
    outcome::TagSubject,
    page::PageSize,
};
use crate::store::{self, feedback::ResponseRecord, forms::FormRecord};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject, connection::Connection};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// How a form question is answered.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "FormQuestionKind",
    remote = "crate::domain::feedback::QuestionType"
)]
pub enum QuestionKindValue {
    /// One line of text.
    Text,
    /// Paragraphs of text.
    LongText,
    /// One of the given choices.
    SingleChoice,
    /// Any of the given choices.
    MultiChoice,
    /// STRONGLY_AGREE, AGREE, NEUTRAL, DISAGREE or STRONGLY_DISAGREE.
    AgreeScale,
    /// YES or NO.
    YesNo,
}

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
    /// The post the question is about.
    pub post_id: Option<ID>,
    /// The job description the question is about.
    pub job_description_id: Option<ID>,
}

impl From<&FormQuestion> for FeedbackFormQuestion {
    fn from(q: &FormQuestion) -> Self {
        Self {
            key: q.key.clone(),
            text: q.text.clone(),
            help: q.help.clone(),
            kind: q.kind.as_str().to_owned(),
            required: q.required,
            choices: q.choices.clone(),
            needs_response: q.needs_response,
            post_id: q.post_id.map(|id| ID(id.to_string())),
            job_description_id: q.job_description_id.map(|id| ID(id.to_string())),
        }
    }
}

/// A proposal's feedback form.
pub struct FeedbackForm(FormRecord);

/// A proposal's feedback form: the default (the Bury pack's) until HR sets another.
#[Object]
impl FeedbackForm {
    /// The template it was built from.
    async fn template_name(&self) -> &str {
        &self.0.template_name
    }
    /// Increases with every change (0: the default, never set); send it back as
    /// `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Its questions, in order.
    async fn questions(&self) -> Vec<FeedbackFormQuestion> {
        self.0.questions.iter().map(Into::into).collect()
    }
}

/// A template to build feedback forms from.
pub struct FeedbackFormTemplate(store::forms::FormTemplateRecord);

/// A template to build feedback forms from.
#[Object]
impl FeedbackFormTemplate {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Its name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Its questions, in order.
    async fn questions(&self) -> Vec<FeedbackFormQuestion> {
        self.0.questions.iter().map(Into::into).collect()
    }
}

/// A question of a form, as HR writes it.
#[derive(InputObject)]
pub struct FormQuestionInput {
    /// Stable key of lower-case letters, digits and underscores (default: q1, q2, ...).
    pub key: Option<String>,
    /// The question.
    pub text: String,
    /// Help text shown with it.
    pub help: Option<String>,
    /// How it is answered.
    pub kind: QuestionKindValue,
    /// Must be answered to submit (default false).
    pub required: Option<bool>,
    /// The choices, for SINGLE_CHOICE and MULTI_CHOICE only.
    pub choices: Option<Vec<String>>,
    /// Answers are questions management must answer: they go to the question log (text
    /// questions only; default false).
    pub needs_response: Option<bool>,
    /// The post it is about (a proposal's form only).
    pub post_id: Option<ID>,
    /// The job description it is about (a proposal's form only).
    pub job_description_id: Option<ID>,
}

fn check_questions(
    inputs: Vec<FormQuestionInput>,
    field: &str,
) -> async_graphql::Result<Vec<FormQuestion>> {
    let drafts = inputs
        .into_iter()
        .enumerate()
        .map(|(i, q)| {
            let id = |value: Option<ID>, name: &str| {
                value
                    .map(|v| parse_id(&v, &format!("{field}[{i}].{name}")))
                    .transpose()
            };
            Ok(FormQuestionDraft {
                key: q.key,
                text: q.text,
                help: q.help,
                kind: Some(QuestionType::from(q.kind)),
                required: q.required.unwrap_or(false),
                choices: q.choices.unwrap_or_default(),
                needs_response: q.needs_response.unwrap_or(false),
                post_id: id(q.post_id, "postId")?,
                job_description_id: id(q.job_description_id, "jobDescriptionId")?,
            })
        })
        .collect::<Result<Vec<_>, DomainError>>()?;
    Ok(feedback::check_form(drafts, field)?)
}

/// A new form template.
#[derive(InputObject)]
pub struct CreateFeedbackFormTemplateInput {
    /// A name no other template has.
    pub name: String,
    /// Its questions, in order.
    pub questions: Vec<FormQuestionInput>,
}

/// Setting a proposal's form: from a template, or written for it.
#[derive(InputObject)]
pub struct SetFeedbackFormInput {
    /// The proposal.
    pub proposal_id: ID,
    /// The form's `version` you last saw (0 for the default). Optional.
    pub expected_version: Option<i32>,
    /// Copy this template's questions.
    pub template_id: Option<ID>,
    /// Or these questions.
    pub questions: Option<Vec<FormQuestionInput>>,
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

fn answers_of(record: &ResponseRecord) -> Vec<FeedbackAnswer> {
    record
        .answers
        .iter()
        .map(|(key, values)| FeedbackAnswer {
            question_key: key.clone(),
            values: values.clone(),
        })
        .collect()
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
        answers_of(&self.0)
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

/// A submitted staff response, as the reader may see it.
pub struct StaffFeedback {
    record: ResponseRecord,
    visibility: ResponseVisibility,
    proposal: Uuid,
}

/// A submitted staff response. Who wrote it is shown to HR always, to the sponsor when it is
/// not confidential, and to no one else.
#[Object]
impl StaffFeedback {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// Who wrote it, when you may know.
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        if self.visibility != ResponseVisibility::Named {
            return Ok(None);
        }
        Loaders::of(ctx).user(self.record.author_id).await
    }
    /// The author asked for their name to be shown to HR only.
    async fn confidential(&self) -> bool {
        self.record.confidential
    }
    /// The answers.
    async fn answers(&self) -> Vec<FeedbackAnswer> {
        answers_of(&self.record)
    }
    /// When it was first submitted.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.record.submitted_at
    }
    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.record.updated_at
    }
    /// The themes HR tagged it with.
    async fn themes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<super::outcome::Theme>> {
        super::outcome::themes_tagged(
            ctx,
            self.proposal,
            TagSubject::FeedbackResponse,
            self.record.id,
        )
        .await
    }
}

/// Responses to one choice of a question.
#[derive(SimpleObject)]
pub struct ChoiceCount {
    /// The choice.
    pub choice: String,
    /// Responses that chose it; null when fewer than 3 did (0 included) and you are not HR.
    pub responses: Option<i32>,
}

/// Counts for one choice question of the form.
#[derive(SimpleObject)]
pub struct AnswerCounts {
    /// The question's key.
    pub question_key: String,
    /// The question.
    pub question: String,
    /// Every choice, in the form's order.
    pub choices: Vec<ChoiceCount>,
}

/// Responses from the holders of one post.
pub struct PostCount {
    post: Post,
    responses: Option<i32>,
}

/// Responses from the holders of one current post.
#[Object]
impl PostCount {
    /// The post.
    async fn post(&self) -> &Post {
        &self.post
    }
    /// How many of its holders responded; null when fewer than 3 did (0 included) and you
    /// are not HR.
    async fn responses(&self) -> Option<i32> {
        self.responses
    }
}

/// The current posts with fewer than 3 holders, counted together so that none of them is
/// singled out.
#[derive(SimpleObject)]
pub struct MergedPostsCount {
    /// How many posts are merged.
    pub posts: i32,
    /// How many of their holders responded; null when fewer than 3 did (0 included).
    pub responses: Option<i32>,
}

/// Responses tagged with one theme.
pub struct ThemeCount {
    theme: super::outcome::Theme,
    responses: Option<i32>,
}

/// Responses tagged with one theme.
#[Object]
impl ThemeCount {
    /// The theme.
    async fn theme(&self) -> &super::outcome::Theme {
        &self.theme
    }
    /// Staff responses tagged with it; null when fewer than 3 (0 included) and you are not
    /// HR.
    async fn responses(&self) -> Option<i32> {
        self.responses
    }
}

/// What staff said, counted: no names, no text. For anyone but HR, which rows are listed
/// never depends on who responded, and every count below 3 is null: only `responses` is
/// always exact.
#[derive(SimpleObject)]
pub struct FeedbackSummary {
    /// Submitted staff responses.
    pub responses: i32,
    /// Submitted collective union responses.
    pub union_responses: i32,
    /// Counts per choice of each choice question: every choice.
    pub answers: Vec<AnswerCounts>,
    /// Responses per current post of their authors. HR: each post with a response. Others:
    /// every current post with at least 3 holders, whether or not anyone responded.
    pub posts: Vec<PostCount>,
    /// The current posts with fewer than 3 holders, merged; null for HR (who sees each of
    /// them in `posts`) and when there are none.
    pub other_posts: Option<MergedPostsCount>,
    /// Responses per theme: every theme.
    pub themes: Vec<ThemeCount>,
}

impl Proposal {
    /// Submitted staff responses, filtered and sorted in SQL: HR, the sponsor and union
    /// representatives, each with the filters `feedback::check_response_filters` allows.
    pub async fn feedback_responses_of(
        &self,
        ctx: &Context<'_>,
        filter: ResponseFilterInput,
        sort: ResponseSortValue,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, StaffFeedback, TotalCount>> {
        feedback::check_response_filters(
            self.view,
            feedback::ResponseFiltersAsked {
                theme: filter.theme_id.is_some(),
                post: filter.post_id.is_some(),
                answer: filter.answer.is_some(),
                confidential: filter.confidential.is_some(),
                late: filter.late.is_some(),
            },
        )?;
        let viewer = viewer(ctx)?;
        Loaders::of(ctx).remember_view(self.record.id, self.view);
        let size = PageSize::parse(first)?;
        let after = pagination::decode_after(after.as_deref())?;
        let filter = store::feedback::ResponseFilter {
            theme_id: filter
                .theme_id
                .as_ref()
                .map(|id| parse_id(id, "filter.themeId"))
                .transpose()?,
            post_id: filter
                .post_id
                .as_ref()
                .map(|id| parse_id(id, "filter.postId"))
                .transpose()?,
            answer: filter.answer.map(|a| (a.question_key, a.choice)),
            confidential: filter.confidential,
            late: filter.late,
        };
        let conn = ApiState::of(ctx).store.conn();
        let rows = store::feedback::submitted_page(
            conn,
            self.record.id,
            &filter,
            sort == ResponseSortValue::Newest,
            after,
            size.get(),
        )
        .await?;
        let total =
            store::feedback::submitted_filtered_count(conn, self.record.id, &filter).await?;
        let view = self.view;
        let proposal = self.record.id;
        Ok(pagination::connection(
            rows,
            size.get(),
            after.is_some(),
            total,
            |r| r.id,
            |record| StaffFeedback {
                visibility: feedback::response_visibility(
                    view,
                    viewer.user_id,
                    record.author_id,
                    record.confidential,
                ),
                record,
                proposal,
            },
        ))
    }

    /// How many affected staff responded: HR, the sponsor and union representatives.
    pub async fn response_rate_of(&self, ctx: &Context<'_>) -> async_graphql::Result<ResponseRate> {
        feedback::may_see_response_rate(self.view)?;
        let (responded, affected) =
            store::responders::rate(ApiState::of(ctx).store.conn(), self.record.id).await?;
        Ok(ResponseRate {
            responded: i32::try_from(responded).unwrap_or(i32::MAX),
            affected: i32::try_from(affected).unwrap_or(i32::MAX),
        })
    }

    /// The affected staff without a submitted response: HR only.
    pub async fn non_responders_of(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, super::structure::Employee, TotalCount>> {
        feedback::may_see_non_responders(self.view)?;
        let size = PageSize::parse(first)?;
        let after = pagination::decode_after(after.as_deref())?;
        let conn = ApiState::of(ctx).store.conn();
        let rows = store::responders::page(conn, self.record.id, after, size.get()).await?;
        let total = store::responders::count(conn, self.record.id).await?;
        let view = self.view;
        Ok(pagination::connection(
            rows,
            size.get(),
            after.is_some(),
            total,
            |e| e.id,
            |record| super::structure::Employee { record, view },
        ))
    }

    /// Counts of what staff said: HR, the sponsor and union representatives, as
    /// `feedback::summary_shown` allows each.
    pub async fn feedback_summary_of(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<FeedbackSummary> {
        feedback::may_read_responses(self.view)?;
        Loaders::of(ctx).remember_view(self.record.id, self.view);
        let conn = ApiState::of(ctx).store.conn();
        let graph = Loaders::of(ctx).graph(self.record.id).await?;
        let form = store::forms::form_of(conn, self.record.id).await?;
        // Every count comes from the database in a fixed number of statements; the graph
        // only names the posts and themes listed.
        let ahead = ctx.look_ahead();
        let with_posts = ahead.field("posts").exists() || ahead.field("otherPosts").exists();
        let summary = store::feedback::summary(
            &ApiState::of(ctx).store,
            self.record.id,
            &form.questions,
            with_posts,
        )
        .await?;
        let shown = feedback::summary_shown(self.view, &summary)?;
        let int = |n: Option<u32>| n.map(|n| n as i32);
        let view = self.view;
        Ok(FeedbackSummary {
            responses: shown.responses as i32,
            union_responses: graph.union_responses.iter().filter(|r| r.submitted).count() as i32,
            answers: shown
                .per_answer
                .into_iter()
                .map(|(key, counts)| AnswerCounts {
                    question: form
                        .questions
                        .iter()
                        .find(|q| q.key == key)
                        .map(|q| q.text.clone())
                        .unwrap_or_default(),
                    question_key: key,
                    choices: counts
                        .into_iter()
                        .map(|(choice, n)| ChoiceCount {
                            choice,
                            responses: int(n),
                        })
                        .collect(),
                })
                .collect(),
            posts: shown
                .per_post
                .into_iter()
                .filter_map(|(post_id, n)| {
                    let record = graph.post(post_id)?.clone();
                    Some(PostCount {
                        post: Post { record, view },
                        responses: int(n),
                    })
                })
                .collect(),
            other_posts: shown.other_posts.map(|merged| MergedPostsCount {
                posts: merged.posts as i32,
                responses: int(merged.responses),
            }),
            themes: shown
                .per_theme
                .into_iter()
                .filter_map(|(theme_id, n)| {
                    let record = graph.themes.iter().find(|t| t.id == theme_id)?.clone();
                    Some(ThemeCount {
                        theme: super::outcome::Theme { record },
                        responses: int(n),
                    })
                })
                .collect(),
        })
    }
}

/// Narrowing the list of responses; every filter given must match. HR may use them all; the
/// sponsor theme, answer and named-or-confidential; union representatives theme and answer
/// (`FORBIDDEN` otherwise: the filter could identify who wrote a response).
#[derive(InputObject, Default)]
pub struct ResponseFilterInput {
    /// Only responses tagged with this theme.
    pub theme_id: Option<ID>,
    /// Only responses from holders of this current post. HR only.
    pub post_id: Option<ID>,
    /// Only responses that gave this answer to a choice question.
    pub answer: Option<ResponseAnswerFilter>,
    /// Only confidential responses (true) or named ones (false). HR and the sponsor.
    pub confidential: Option<bool>,
    /// Only responses from people HR accepted late (true), or from the others (false). HR
    /// only.
    pub late: Option<bool>,
}

/// An answer to a choice question.
#[derive(InputObject)]
pub struct ResponseAnswerFilter {
    /// The question's key (`FormQuestion.key`).
    pub question_key: String,
    /// One of its choices.
    pub choice: String,
}

/// The order of the responses.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Default)]
#[graphql(name = "ResponseSort")]
pub enum ResponseSortValue {
    /// The first started first.
    #[default]
    Oldest,
    /// The last started first.
    Newest,
}

/// How many of the staff the proposal affects have submitted a response ("2 of 10 affected
/// staff have responded"). Staff match a response by their work email.
#[derive(SimpleObject)]
pub struct ResponseRate {
    /// Affected staff who submitted a response.
    pub responded: i32,
    /// Staff the proposal affects (any impact but NOT_AFFECTED).
    pub affected: i32,
}

/// What `remindNonResponders` did.
#[derive(SimpleObject)]
pub struct RemindResult {
    /// Reminders queued in the outbox now, one per person.
    pub queued: i32,
    /// People reminded in the last 24 hours: not reminded again.
    pub recently_reminded: i32,
    /// People who have not responded but have no account: invite them first
    /// (`inviteAffectedStaff`).
    pub without_account: i32,
    /// The result in a sentence, to show HR.
    pub message: String,
}

/// A late response HR accepted.
pub struct LateResponse(store::feedback::LateResponseRecord);

/// A late response HR accepted: that person may save and submit until `acceptedUntil`.
#[Object]
impl LateResponse {
    /// Whose response.
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Loaders::of(ctx).user(self.0.user_id).await
    }
    /// The last day (Europe/London) they may respond.
    async fn accepted_until(&self) -> NaiveDate {
        self.0.accepted_until
    }
    /// Why HR accepted it.
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    /// Who accepted it.
    async fn granted_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Loaders::of(ctx).user(self.0.granted_by).await
    }
    /// When.
    async fn granted_at(&self) -> DateTime<Utc> {
        self.0.granted_at
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

/// Moving the consultation's last day later, for everyone.
#[derive(InputObject)]
pub struct ExtendConsultationInput {
    /// The proposal.
    pub proposal_id: ID,
    /// The new last day (Europe/London), after the current one.
    pub consultation_end: NaiveDate,
    /// Why: recorded in the audit log.
    pub reason: String,
}

/// Accepting one person's response after the deadline.
#[derive(InputObject)]
pub struct AcceptLateResponseInput {
    /// The proposal.
    pub proposal_id: ID,
    /// The member of staff or union representative.
    pub user_id: ID,
    /// The last day (Europe/London) they may save and submit.
    pub accepted_until: NaiveDate,
    /// Why: recorded in the audit log.
    pub reason: String,
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
    ) -> async_graphql::Result<FeedbackForm> {
        let proposal = load_visible(ctx, parse_id(&proposal_id, "proposalId")?).await?;
        let form =
            store::forms::form_of(ApiState::of(ctx).store.conn(), proposal.record.id).await?;
        Ok(FeedbackForm(form))
    }

    /// The templates forms are built from, the Bury pack's first. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn feedback_form_templates(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<FeedbackFormTemplate>> {
        Ok(store::forms::templates(&ApiState::of(ctx).store)
            .await?
            .into_iter()
            .map(FeedbackFormTemplate)
            .collect())
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
    /// editable until the consultation's last day (Europe/London), then `DEADLINE_PASSED`
    /// unless HR accepted a late response from you.
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
            save,
            store::s188::today(),
        )
        .await?;
        Ok(FeedbackResponse(record))
    }

    /// Stores a form template. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn create_feedback_form_template(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The template.")] input: CreateFeedbackFormTemplateInput,
    ) -> async_graphql::Result<FeedbackFormTemplate> {
        let name = crate::domain::text::required_line(
            &input.name,
            "input.name",
            "the template's name",
            crate::domain::text::SHORT_MAX_CHARS,
        )?;
        let questions = check_questions(input.questions, "input.questions")?;
        let record = store::forms::create_template(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            name,
            questions,
        )
        .await?;
        Ok(FeedbackFormTemplate(record))
    }

    /// Sets a proposal's form from a template or from questions written for it, until the
    /// first response is submitted. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn set_feedback_form(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The form.")] input: SetFeedbackFormInput,
    ) -> async_graphql::Result<FeedbackForm> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let store = &ApiState::of(ctx).store;
        let (name, questions) = match (input.template_id, input.questions) {
            (Some(template_id), None) => {
                let template_id = parse_id(&template_id, "input.templateId")?;
                let template = store::forms::templates(store)
                    .await?
                    .into_iter()
                    .find(|t| t.id == template_id)
                    .ok_or_else(|| {
                        DomainError::NotFound("There is no form template with that id.".into())
                    })?;
                (template.name, template.questions)
            }
            (None, Some(questions)) => (
                "Written for this proposal".to_owned(),
                check_questions(questions, "input.questions")?,
            ),
            _ => {
                return Err(DomainError::bad_input(
                    "input.templateId",
                    "Give either a template or the questions.",
                )
                .into());
            }
        };
        let record = store::forms::set_form(
            store,
            &audit_actor(ctx)?,
            proposal_id,
            input.expected_version,
            name,
            questions,
        )
        .await?;
        Ok(FeedbackForm(record))
    }

    /// Moves the consultation's last day later for everyone; the audit log records why, and
    /// staff and representatives are emailed the new day. HR only, while consulting.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn extend_consultation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new last day and why.")] input: ExtendConsultationInput,
    ) -> async_graphql::Result<Timetable> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let reason = feedback::reason(&input.reason, "input.reason")?;
        let record = store::feedback::extend_consultation(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            proposal_id,
            input.consultation_end,
            reason,
        )
        .await?;
        Ok(Timetable(record))
    }

    /// Emails a reminder to respond, with the closing date and a link to give feedback, to the
    /// affected staff who have not responded (those named, or all of them): one per person,
    /// and nobody reminded in the last 24 hours is reminded again. Only while the
    /// consultation is open (`PRECONDITION_FAILED` otherwise). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn remind_non_responders(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] proposal_id: ID,
        #[graphql(desc = "Only these employees (ids from `nonResponders`); default all.")]
        employee_ids: Option<Vec<ID>>,
    ) -> async_graphql::Result<RemindResult> {
        let proposal = load_visible(ctx, parse_id(&proposal_id, "proposalId")?).await?;
        feedback::may_see_non_responders(proposal.view)?;
        let only = employee_ids
            .map(|ids| {
                ids.iter()
                    .map(|id| parse_id(id, "employeeIds"))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let done = store::responders::remind(
            &ApiState::of(ctx).store,
            proposal.record.id,
            only.as_deref(),
        )
        .await?;
        let int = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
        Ok(RemindResult {
            queued: int(done.queued),
            recently_reminded: int(done.recently_reminded),
            without_account: int(done.without_account),
            message: feedback::reminder_summary(
                done.queued,
                done.recently_reminded,
                done.without_account,
            ),
        })
    }

    /// Accepts one person's response after the deadline, until the day given; the audit log
    /// records why. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn accept_late_response(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Whose response, until when, and why.")] input: AcceptLateResponseInput,
    ) -> async_graphql::Result<LateResponse> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let user_id = parse_id(&input.user_id, "input.userId")?;
        let reason = feedback::reason(&input.reason, "input.reason")?;
        feedback::check_late_acceptance(input.accepted_until, store::s188::today())?;
        let record = store::feedback::accept_late_response(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            proposal_id,
            user_id,
            input.accepted_until,
            reason,
        )
        .await?;
        Ok(LateResponse(record))
    }
}

impl Proposal {
    /// The late responses HR accepted: HR only.
    pub async fn late_responses_of(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<LateResponse>> {
        feedback::may_see_late_responses(self.view)?;
        Ok(
            store::feedback::late_responses(ApiState::of(ctx).store.conn(), self.record.id)
                .await?
                .into_iter()
                .map(LateResponse)
                .collect(),
        )
    }
}
