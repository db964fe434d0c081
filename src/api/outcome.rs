//! Themes and the consultation outcome report ("you said, we did") over GraphQL. The report
//! is assembled once (`report_of`) for the query and for its CSV and printable downloads.

use super::{
    ApiState,
    account::User,
    auth::{RoleGuard, audit_actor, viewer},
    loaders::Loaders,
    parse_id,
    proposal::{Proposal, load_visible},
};
use crate::domain::{
    access::{Permission, ProposalView, Viewer},
    feedback,
    outcome::{self, TagSubject, ThemeFacts, ThemeOutcome, ThemeResponse},
    question::{self as question_rules, QuestionVisibility},
};
use crate::store::{
    self,
    outcome::{ReportRecord, ThemeRecord},
    proposals::ProposalRecord,
    questions::QuestionRecord,
    structure::ProposalGraph,
};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// What management did about a theme.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "ThemeOutcome", remote = "crate::domain::outcome::ThemeOutcome")]
pub enum ThemeOutcomeValue {
    /// The proposal stays as it was; the response says why.
    NoChange,
    /// The proposal changed.
    Changed,
}

/// What a theme is put on.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "ThemeSubject", remote = "crate::domain::outcome::TagSubject")]
pub enum TagSubjectValue {
    /// A submitted staff response.
    FeedbackResponse,
    /// A submitted union response.
    UnionResponse,
    /// A question in the log.
    Question,
}

/// How often a theme was raised. HR sees every count; anyone else sees a count only when it
/// is at least 3 (null: fewer than 3, 0 included), so that no one is singled out.
#[derive(SimpleObject, Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct ThemeRaised {
    /// Staff responses tagged with it; null when fewer than 3 and you are not HR.
    pub staff_responses: Option<i32>,
    /// Union responses tagged with it; null when fewer than 3 and you are not HR.
    pub union_responses: Option<i32>,
    /// Questions tagged with it; null when fewer than 3 and you are not HR.
    pub questions: Option<i32>,
    /// All of them; null when you are not HR and any of the three is null (it would give
    /// that one away).
    pub total: Option<i32>,
}

impl From<feedback::RaisedShown> for ThemeRaised {
    fn from(shown: feedback::RaisedShown) -> Self {
        let int = |n: Option<u32>| n.map(|n| n as i32);
        Self {
            staff_responses: int(shown.staff_responses),
            union_responses: int(shown.union_responses),
            questions: int(shown.questions),
            total: int(shown.total),
        }
    }
}

/// Counts the responses and questions tagged with a theme (exact: see
/// `feedback::raised_shown` for what a viewer is shown).
pub fn raised(graph: &ProposalGraph, theme_id: Uuid) -> feedback::RaisedCounts {
    let count = |subject: TagSubject| {
        graph
            .theme_tags
            .iter()
            .filter(|t| t.theme_id == theme_id && t.subject == subject)
            .count() as u32
    };
    feedback::RaisedCounts {
        staff_responses: count(TagSubject::FeedbackResponse),
        union_responses: count(TagSubject::UnionResponse),
        questions: count(TagSubject::Question),
    }
}

/// A theme of a consultation.
pub struct Theme {
    pub record: ThemeRecord,
}

/// A theme HR grouped responses and questions under, and management's answer to it.
#[Object]
impl Theme {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// Increases with every change; send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.record.version
    }
    /// Its name, e.g. "Caseloads".
    async fn name(&self) -> &str {
        &self.record.name
    }
    /// How often it was raised (counts below 3 are withheld from all but HR).
    async fn raised(&self, ctx: &Context<'_>) -> async_graphql::Result<ThemeRaised> {
        let loaders = Loaders::of(ctx);
        let view = loaders.view(ctx, self.record.proposal_id).await?;
        let graph = loaders.graph(self.record.proposal_id).await?;
        Ok(feedback::raised_shown(view, raised(&graph, self.record.id)).into())
    }
    /// Management's response ("we did").
    async fn management_response(&self) -> Option<&str> {
        self.record.management_response.as_deref()
    }
    /// Whether the proposal changed.
    async fn outcome(&self) -> Option<ThemeOutcomeValue> {
        self.record.outcome.map(Into::into)
    }
    /// How the proposal changed.
    async fn change_description(&self) -> Option<&str> {
        self.record.change_description.as_deref()
    }
    /// The revision of the proposal that made the change.
    async fn revision_number(&self) -> Option<i32> {
        self.record.revision_number
    }
}

/// The themes a response or question is tagged with.
pub async fn themes_tagged(
    ctx: &Context<'_>,
    proposal_id: Uuid,
    subject: TagSubject,
    subject_id: Uuid,
) -> async_graphql::Result<Vec<Theme>> {
    let graph = Loaders::of(ctx).graph(proposal_id).await?;
    Ok(graph
        .themes_on(subject, subject_id)
        .map(|record| Theme {
            record: record.clone(),
        })
        .collect())
}

/// A theme in the outcome report.
#[derive(Debug, Clone)]
pub struct ReportTheme {
    pub record: ThemeRecord,
    /// As the viewer may see it.
    pub raised: feedback::RaisedShown,
}

/// A question in the outcome report: never who asked.
#[derive(Debug, Clone)]
pub struct ReportQuestion {
    pub record: QuestionRecord,
    pub themes: Vec<String>,
}

/// The outcome report as the viewer may read it.
#[derive(Debug, Clone)]
pub struct OutcomeReportData {
    pub proposal_id: Uuid,
    pub proposal_title: String,
    pub report: ReportRecord,
    pub missing: Vec<String>,
    pub themes: Vec<ReportTheme>,
    pub questions: Vec<ReportQuestion>,
}

/// Assembles the report from a proposal's graph. Everyone who sees the proposal reads it
/// ("you said, we did" is for them); the questions listed are those the viewer may see in the
/// log (all for HR and the sponsor), no asker is ever named, and how often each theme was
/// raised is shown as `feedback::raised_shown` allows the viewer.
pub fn report_of(
    record: &ProposalRecord,
    viewer: &Viewer,
    view: ProposalView,
    graph: &ProposalGraph,
) -> OutcomeReportData {
    let facts: Vec<ThemeFacts<'_>> = graph.themes.iter().map(ThemeRecord::facts).collect();
    let report = graph.outcome_report.clone().unwrap_or_default();
    let missing = if report.completed_at.is_some() {
        vec![]
    } else {
        outcome::missing_for_completion(record.status, &facts)
    };
    OutcomeReportData {
        proposal_id: record.id,
        proposal_title: record.content.title.clone(),
        report,
        missing,
        themes: graph
            .themes
            .iter()
            .map(|t| ReportTheme {
                record: t.clone(),
                raised: feedback::raised_shown(view, raised(graph, t.id)),
            })
            .collect(),
        questions: graph
            .questions
            .iter()
            .filter(|q| {
                question_rules::visibility(viewer, view, &q.facts()) != QuestionVisibility::Hidden
            })
            .map(|q| ReportQuestion {
                record: q.clone(),
                themes: graph
                    .themes_on(TagSubject::Question, q.id)
                    .map(|th| th.name.clone())
                    .collect(),
            })
            .collect(),
    }
}

/// A question and its answer in the outcome report.
pub struct OutcomeQuestion(ReportQuestion);

/// A question and its answer, as the outcome report lists it (without who asked).
#[Object]
impl OutcomeQuestion {
    /// The question.
    async fn text(&self) -> &str {
        &self.0.record.text
    }
    /// The answer, once given.
    async fn answer(&self) -> Option<&str> {
        self.0.record.answer.as_deref()
    }
    /// When it was answered.
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.record.answered_at
    }
    /// The themes it is tagged with.
    async fn themes(&self) -> &[String] {
        &self.0.themes
    }
    /// Where the raiser's reply to the answer stands: accepted, challenged (unresolved) or
    /// closed by HR without agreement; null before any reply.
    async fn reply_state(&self) -> Option<super::question::ReplyStateValue> {
        self.0.record.reply_state.map(Into::into)
    }
    /// How many times its answers were challenged.
    async fn challenge_count(&self) -> i32 {
        self.0.record.challenge_count
    }
}

/// How the raisers of questions replied to the answers, counted by the server.
#[derive(SimpleObject)]
pub struct ChallengeCounts {
    /// Answers challenged (each challenge counts).
    pub challenged: u64,
    /// Challenges unresolved: no answer accepted since, and not closed by HR.
    pub unresolved: u64,
    /// Challenges HR closed without agreement, with a reason.
    pub closed_without_agreement: u64,
}

/// The consultation outcome report.
pub struct OutcomeReport {
    data: OutcomeReportData,
    view: ProposalView,
}

/// The consultation outcome report ("you said, we did"): every theme, how many raised it,
/// management's response and any change to the proposal, and every question with its answer.
#[Object]
impl OutcomeReport {
    /// Increases with every save; send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.data.report.version
    }
    /// HR's introduction.
    async fn summary(&self) -> &str {
        &self.data.report.summary
    }
    /// Whether HR has completed it (needed to record the decision).
    async fn complete(&self) -> bool {
        self.data.report.completed_at.is_some()
    }
    /// When it was completed.
    async fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.data.report.completed_at
    }
    /// Who completed it.
    async fn completed_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.data.report.completed_by {
            Some(id) if self.view == ProposalView::Hr => Loaders::of(ctx).user(id).await,
            _ => Ok(None),
        }
    }
    /// What must be done before it can be completed.
    async fn missing(&self) -> &[String] {
        &self.data.missing
    }
    /// Every theme.
    async fn themes(&self) -> Vec<Theme> {
        self.data
            .themes
            .iter()
            .map(|t| Theme {
                record: t.record.clone(),
            })
            .collect()
    }
    /// Every question you may see, with its answer.
    async fn questions(&self) -> Vec<OutcomeQuestion> {
        self.data
            .questions
            .iter()
            .cloned()
            .map(OutcomeQuestion)
            .collect()
    }
    /// How many answers were challenged, and how many challenges remain unresolved, over the
    /// whole question log (counted in SQL).
    async fn challenges(&self, ctx: &Context<'_>) -> async_graphql::Result<ChallengeCounts> {
        let counts = store::questions::log_counts(
            ApiState::of(ctx).store.conn(),
            self.data.proposal_id,
            store::s188::today(),
        )
        .await?;
        Ok(ChallengeCounts {
            challenged: counts.challenged,
            unresolved: counts.unresolved_challenges,
            closed_without_agreement: counts.closed_without_agreement,
        })
    }
    /// Download as CSV (signed in).
    async fn csv_path(&self) -> String {
        format!("/proposals/{}/outcome-report.csv", self.data.proposal_id)
    }
    /// A printable page (signed in).
    async fn html_path(&self) -> String {
        format!("/proposals/{}/outcome-report.html", self.data.proposal_id)
    }
}

impl Proposal {
    /// The themes of the consultation.
    pub async fn themes_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Theme>> {
        Loaders::of(ctx).remember_view(self.record.id, self.view);
        let graph = Loaders::of(ctx).graph(self.record.id).await?;
        Ok(graph
            .themes
            .iter()
            .map(|record| Theme {
                record: record.clone(),
            })
            .collect())
    }

    /// The outcome report as the viewer may read it.
    pub async fn outcome_report_of(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<OutcomeReport> {
        Loaders::of(ctx).remember_view(self.record.id, self.view);
        let graph = Loaders::of(ctx).graph(self.record.id).await?;
        Ok(OutcomeReport {
            data: report_of(&self.record, viewer(ctx)?, self.view, &graph),
            view: self.view,
        })
    }
}

/// A new theme.
#[derive(InputObject)]
pub struct CreateThemeInput {
    /// The proposal.
    pub proposal_id: ID,
    /// Its name, new in the proposal.
    pub name: String,
}

/// Putting a theme on a response or a question, or taking it off.
#[derive(InputObject)]
pub struct TagThemeInput {
    /// The theme.
    pub theme_id: ID,
    /// What is tagged.
    pub subject: TagSubjectValue,
    /// The response's or question's id.
    pub subject_id: ID,
    /// False takes the tag off (default true).
    pub tagged: Option<bool>,
}

/// Management's response to a theme.
#[derive(InputObject)]
pub struct RespondToThemeInput {
    /// The theme.
    pub theme_id: ID,
    /// The `version` you last saw. Optional.
    pub expected_version: Option<i32>,
    /// The response ("we did").
    pub management_response: String,
    /// Whether the proposal changed.
    pub outcome: ThemeOutcomeValue,
    /// How it changed (required when it did).
    pub change_description: Option<String>,
    /// The revision of the proposal that made the change, if already made.
    pub revision_number: Option<i32>,
}

/// Saving the outcome report's introduction, or completing it.
#[derive(InputObject)]
pub struct SaveOutcomeReportInput {
    /// The proposal.
    pub proposal_id: ID,
    /// The `version` you last saw (0 before it is first saved). Optional.
    pub expected_version: Option<i32>,
    /// HR's introduction (absent: unchanged).
    pub summary: Option<String>,
    /// Complete it: the consultation closed and every theme answered. A completed report
    /// no longer changes.
    pub complete: Option<bool>,
}

#[derive(Default)]
pub struct OutcomeMutation;

#[Object]
impl OutcomeMutation {
    /// Adds a theme to a consultation. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn create_theme(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The theme.")] input: CreateThemeInput,
    ) -> async_graphql::Result<Theme> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let name = outcome::theme_name(&input.name, "input.name")?;
        let record = store::outcome::create_theme(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            proposal_id,
            name,
        )
        .await?;
        Ok(Theme { record })
    }

    /// Tags a submitted response or a question with a theme, or takes the tag off. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn tag_theme(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The tag.")] input: TagThemeInput,
    ) -> async_graphql::Result<Theme> {
        let theme_id = parse_id(&input.theme_id, "input.themeId")?;
        let subject_id = parse_id(&input.subject_id, "input.subjectId")?;
        let record = store::outcome::set_tag(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            theme_id,
            TagSubject::from(input.subject),
            subject_id,
            input.tagged.unwrap_or(true),
        )
        .await?;
        Ok(Theme { record })
    }

    /// Writes management's response to a theme and whether the proposal changed. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn respond_to_theme(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The response.")] input: RespondToThemeInput,
    ) -> async_graphql::Result<Theme> {
        let theme_id = parse_id(&input.theme_id, "input.themeId")?;
        let record = store::outcome::respond_to_theme(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            theme_id,
            input.expected_version,
            |latest_revision| {
                ThemeResponse::parse(
                    &input.management_response,
                    ThemeOutcome::from(input.outcome),
                    input.change_description.as_deref(),
                    input.revision_number,
                    latest_revision,
                )
            },
        )
        .await?;
        Ok(Theme { record })
    }

    /// Saves the outcome report's introduction, or completes the report. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn save_outcome_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The report.")] input: SaveOutcomeReportInput,
    ) -> async_graphql::Result<OutcomeReport> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let summary = input
            .summary
            .map(|s| crate::domain::text::long_text(&s, "input.summary", "the summary"))
            .transpose()?;
        store::outcome::save_report(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            proposal_id,
            input.expected_version,
            summary,
            input.complete.unwrap_or(false),
        )
        .await?;
        // A fresh graph: the request's cached one predates the change.
        let proposal = load_visible(ctx, proposal_id).await?;
        Loaders::of(ctx).remember_view(proposal_id, proposal.view);
        let mut graphs =
            store::structure::load_graphs(ApiState::of(ctx).store.conn(), &[proposal_id]).await?;
        let graph = graphs.remove(&proposal_id).unwrap_or_default();
        Ok(OutcomeReport {
            data: report_of(&proposal.record, viewer(ctx)?, proposal.view, &graph),
            view: proposal.view,
        })
    }
}
