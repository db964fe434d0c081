//! The question log over GraphQL: raising, assigning, answering, publishing to the FAQ.

use super::{
    ApiState,
    account::User,
    auth::{RoleGuard, viewer},
    loaders::Loaders,
    pagination::{self, IdCursor, TotalCount},
    parse_id,
    proposal::{Proposal, load_visible},
    timetable::ConcernValue,
};
use crate::domain::{
    DomainError,
    access::{Permission, ProposalView},
    audit::{AuditAction, AuditActor},
    page::PageSize,
    question::{self as rules, QuestionSource, QuestionStatus, QuestionVisibility},
    s188::Concern,
};
use crate::store::{self, questions::QuestionRecord};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject, connection::Connection};
use chrono::{DateTime, NaiveDate, Utc};

/// Where a question came from.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "QuestionSource",
    remote = "crate::domain::question::QuestionSource"
)]
pub enum SourceValue {
    /// A member of staff.
    Staff,
    /// A union representative, for their union.
    Union,
    /// Raised at a meeting, entered by HR.
    Meeting,
    /// A comment on a job description's duty.
    JobDescription,
}

/// Where a question stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "QuestionStatus",
    remote = "crate::domain::question::QuestionStatus"
)]
pub enum StatusValue {
    /// Waiting for an answer, not yet due.
    Open,
    /// Answered.
    Answered,
    /// Past its due date without an answer.
    Overdue,
}

/// How the question log is ordered.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "QuestionLogSort", remote = "crate::domain::question::LogSort")]
pub enum LogSortValue {
    /// Raised first.
    Oldest,
    /// Raised last.
    Newest,
    /// The earliest due date first.
    DueSoonest,
    /// Unanswered questions first, the longest overdue at the top; then the answered ones.
    OverdueFirst,
}

/// Where the raiser's reply to a question's answer stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "QuestionReplyState",
    remote = "crate::domain::question::ReplyState"
)]
pub enum ReplyStateValue {
    /// The raiser accepted the answer.
    Accepted,
    /// The raiser challenged an answer and has accepted none since: an unresolved challenge,
    /// which holds up the decision like an unanswered question.
    Challenged,
    /// HR closed the challenge without agreement, with a reason (`closureReason`).
    ClosedWithoutAgreement,
}

/// What an entry of a question's thread is.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "QuestionReplyKind",
    remote = "crate::domain::question::ReplyKind"
)]
pub enum ReplyKindValue {
    /// Management's answer.
    Answer,
    /// The raiser's challenge to the answer, with their reasons.
    Challenge,
    /// The raiser accepted the answer.
    Acceptance,
    /// HR closed the challenge without agreement, with the reason.
    Closure,
}

/// One entry of a question's thread.
pub struct QuestionReply {
    record: store::questions::ReplyRecord,
    /// Whether the raiser's side may be named (the question's visibility is `Full`).
    names_raiser: bool,
}

/// One entry of a question's thread: an answer, a challenge, an acceptance or HR's closure.
#[Object]
impl QuestionReply {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// What it is.
    async fn kind(&self) -> ReplyKindValue {
        self.record.kind.into()
    }
    /// What was written: the answer, the reasons for the challenge, HR's reason for closing;
    /// empty for an acceptance without comment.
    async fn text(&self) -> &str {
        &self.record.text
    }
    /// Who wrote it; for a challenge or an acceptance, only when you may know who asked.
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.record.author_id {
            Some(id) if self.names_raiser || !self.record.kind.by_raiser() => {
                Loaders::of(ctx).user(id).await
            }
            _ => Ok(None),
        }
    }
    /// When.
    async fn created_at(&self) -> DateTime<Utc> {
        self.record.created_at
    }
}

/// What to narrow the question log to; every filter given must match.
#[derive(InputObject, Default)]
pub struct QuestionLogFilter {
    /// Only questions in this state today.
    pub status: Option<StatusValue>,
    /// Only the questions this manager (a user) owns.
    pub owner_id: Option<ID>,
    /// Only the questions tagged with this theme.
    pub theme_id: Option<ID>,
    /// Only the questions that came this way.
    pub source: Option<SourceValue>,
    /// Only questions whose text or answer contains this, ignoring case (at most 200
    /// characters; blank for all).
    pub search: Option<String>,
    /// Only questions whose raiser's reply stands so (`CHALLENGED`: unresolved challenges).
    pub reply_state: Option<ReplyStateValue>,
}

/// A question in the log, as the signed-in person may see it.
pub struct Question {
    pub record: QuestionRecord,
    pub visibility: QuestionVisibility,
    /// Its number in its proposal's log (`store::questions::numbers`).
    pub number: i32,
}

impl Question {
    /// Questions as `visibility` lets the viewer see them, numbered in one statement.
    pub async fn numbered(
        ctx: &Context<'_>,
        questions: Vec<(QuestionRecord, QuestionVisibility)>,
    ) -> async_graphql::Result<Vec<Question>> {
        let ids: Vec<_> = questions.iter().map(|(record, _)| record.id).collect();
        let numbers = store::questions::numbers(ApiState::of(ctx).store.conn(), &ids).await?;
        Ok(questions
            .into_iter()
            .map(|(record, visibility)| Question {
                number: numbers.get(&record.id).copied().unwrap_or_default(),
                record,
                visibility,
            })
            .collect())
    }

    /// One question, numbered.
    pub async fn one(
        ctx: &Context<'_>,
        record: QuestionRecord,
        visibility: QuestionVisibility,
    ) -> async_graphql::Result<Question> {
        let mut numbered = Self::numbered(ctx, vec![(record, visibility)]).await?;
        Ok(numbered.remove(0))
    }
}

/// A question in the log. Who asked is shown only to HR and the asker for confidential
/// questions; others who may see it get the text and the answer.
#[Object]
impl Question {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// Its number in its proposal's log, in the order raised: 1 for the first. It names the
    /// question to people and never changes.
    async fn number(&self) -> i32 {
        self.number
    }
    /// Increases with every change; send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.record.version
    }
    /// Where it came from.
    async fn source(&self) -> SourceValue {
        self.record.source.into()
    }
    /// The question.
    async fn text(&self) -> &str {
        &self.record.text
    }
    /// Who asked, when you may know.
    async fn asked_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match (self.visibility, self.record.asker_id) {
            (QuestionVisibility::Full, Some(id)) => Loaders::of(ctx).user(id).await,
            _ => Ok(None),
        }
    }
    /// The union that asked, for a union's question.
    async fn asker_union(&self) -> Option<&str> {
        self.record.asker_union.as_deref()
    }
    /// Whether the asker's name is kept from all but HR.
    async fn confidential(&self) -> bool {
        self.record.confidential
    }
    /// The manager who answers it.
    async fn owner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.record.owner_id {
            Some(id) => Loaders::of(ctx).user(id).await,
            None => Ok(None),
        }
    }
    /// When it was raised (Europe/London date).
    async fn raised_on(&self) -> NaiveDate {
        self.record.raised_on
    }
    /// When an answer is due.
    async fn due_on(&self) -> NaiveDate {
        self.record.due_on
    }
    /// Open, answered or overdue, today.
    async fn status(&self) -> StatusValue {
        rules::status(
            self.record.answer.is_some(),
            self.record.due_on,
            store::s188::today(),
        )
        .into()
    }
    /// The management answer.
    async fn answer(&self) -> Option<&str> {
        self.record.answer.as_deref()
    }
    /// Which s188(2) subjects the answer covers.
    async fn covers(&self) -> Vec<ConcernValue> {
        self.record
            .covers
            .iter()
            .filter_map(|c| Concern::ALL.into_iter().find(|k| k.as_str() == c))
            .map(ConcernValue::from)
            .collect()
    }
    /// Who answered.
    async fn answered_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.record.answered_by {
            Some(id) => Loaders::of(ctx).user(id).await,
            None => Ok(None),
        }
    }
    /// When.
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.record.answered_at
    }
    /// The themes HR tagged it with.
    async fn themes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<super::outcome::Theme>> {
        super::outcome::themes_tagged(
            ctx,
            self.record.proposal_id,
            crate::domain::outcome::TagSubject::Question,
            self.record.id,
        )
        .await
    }
    /// Whether the answer is in the proposal's FAQ.
    async fn published(&self) -> bool {
        self.record.published
    }
    /// Where the raiser's reply to the answer stands; null before any reply.
    async fn reply_state(&self) -> Option<ReplyStateValue> {
        self.record.reply_state.map(Into::into)
    }
    /// How many times its answers were challenged.
    async fn challenge_count(&self) -> i32 {
        self.record.challenge_count
    }
    /// HR's reason for closing the challenge without agreement; shown to the parties to the
    /// question (HR, the sponsor, its owner, the raiser and the raiser's union).
    async fn closure_reason(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        Ok(if self.is_party(ctx).await? {
            self.record.closure_reason.as_deref()
        } else {
            None
        })
    }
    /// Every answer, challenge, acceptance and closure, in order, and who made each (a
    /// confidential raiser named to HR only); null unless you are a party to the question
    /// (HR, the sponsor, its owner, the raiser and the raiser's union), as FAQ readers are not.
    async fn thread(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Vec<QuestionReply>>> {
        if !self.is_party(ctx).await? {
            return Ok(None);
        }
        let names_raiser = self.visibility == QuestionVisibility::Full;
        Ok(Some(
            Loaders::of(ctx)
                .thread(self.record.id)
                .await?
                .iter()
                .map(|record| QuestionReply {
                    record: record.clone(),
                    names_raiser,
                })
                .collect(),
        ))
    }
    /// Whether you may accept or challenge its answer now (`acceptAnswer`, `challengeAnswer`).
    async fn may_reply(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let view = Loaders::of(ctx).view(ctx, self.record.proposal_id).await?;
        let answered = self.record.answer.is_some();
        Ok(rules::check_reply(
            viewer(ctx)?,
            view,
            &self.record.facts(),
            answered,
            self.record.reply_state,
            rules::Reply::Accept,
        )
        .is_ok())
    }
    /// Whether you may close its challenge without agreement now (`closeChallenge`).
    async fn may_close_challenge(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let view = Loaders::of(ctx).view(ctx, self.record.proposal_id).await?;
        Ok(rules::check_close(view, self.record.answer.is_some(), self.record.reply_state).is_ok())
    }
}

impl Question {
    async fn is_party(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let view = Loaders::of(ctx).view(ctx, self.record.proposal_id).await?;
        Ok(rules::may_read_thread(
            viewer(ctx)?,
            view,
            &self.record.facts(),
        ))
    }
}

/// How many questions of a proposal's log stand where, today.
#[derive(SimpleObject)]
pub struct QuestionCounts {
    /// Waiting for an answer, not yet due.
    pub open: u64,
    /// Past their due date without an answer.
    pub overdue: u64,
    /// Answered.
    pub answered: u64,
    /// Every question.
    pub all: u64,
    /// Not answered and with no owner.
    pub unassigned: u64,
    /// Answers challenged by whoever raised them (each challenge counts).
    pub challenged: u64,
    /// Challenges unresolved: the raiser has accepted no answer since and HR has not closed
    /// them without agreement.
    pub unresolved_challenges: u64,
    /// Challenges HR closed without agreement, with a reason.
    pub closed_without_agreement: u64,
}

/// A published question and answer.
#[derive(SimpleObject)]
pub struct FaqEntry {
    /// The question.
    pub question: String,
    /// The answer.
    pub answer: String,
    /// When it was answered.
    pub answered_at: Option<DateTime<Utc>>,
}

impl Proposal {
    /// The questions the viewer may see, oldest first, optionally of one status.
    pub async fn questions_of(
        &self,
        ctx: &Context<'_>,
        status: Option<QuestionStatus>,
        union: Option<&str>,
    ) -> async_graphql::Result<Vec<Question>> {
        let viewer = viewer(ctx)?;
        let graph = Loaders::of(ctx).graph(self.record.id).await?;
        let today = store::s188::today();
        // The graph holds the proposal's questions oldest first: their place is their number.
        Ok(graph
            .questions
            .iter()
            .zip(1..)
            .filter(|(q, _)| {
                status.is_none_or(|s| rules::status(q.answer.is_some(), q.due_on, today) == s)
            })
            .filter(|(q, _)| {
                union.is_none_or(|u| {
                    q.asker_union
                        .as_deref()
                        .is_some_and(|a| a.eq_ignore_ascii_case(u))
                })
            })
            .filter_map(|(q, number)| {
                let visibility = rules::visibility(viewer, self.view, &q.facts());
                (visibility != QuestionVisibility::Hidden).then(|| Question {
                    record: q.clone(),
                    visibility,
                    number,
                })
            })
            .collect())
    }

    /// A page of the whole question log, filtered and sorted in SQL: HR and the sponsor.
    pub async fn question_log_of(
        &self,
        ctx: &Context<'_>,
        filter: QuestionLogFilter,
        sort: rules::LogSort,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, Question, TotalCount>> {
        rules::may_read_log(self.view)?;
        let viewer = viewer(ctx)?;
        let size = PageSize::parse(first)?;
        let after = pagination::decode_after(after.as_deref())?;
        let filter = store::questions::LogFilter {
            status: filter
                .status
                .map(|s| (QuestionStatus::from(s), store::s188::today())),
            owner_id: filter
                .owner_id
                .as_ref()
                .map(|id| parse_id(id, "filter.ownerId"))
                .transpose()?,
            theme_id: filter
                .theme_id
                .as_ref()
                .map(|id| parse_id(id, "filter.themeId"))
                .transpose()?,
            source: filter.source.map(Into::into),
            search: rules::search_text(filter.search.as_deref(), "filter.search")?,
            reply_state: filter.reply_state.map(Into::into),
        };
        let conn = ApiState::of(ctx).store.conn();
        let rows =
            store::questions::log_page(conn, self.record.id, &filter, sort, after, size.get())
                .await?;
        let total = store::questions::log_count(conn, self.record.id, &filter).await?;
        let view = self.view;
        let rows = Question::numbered(
            ctx,
            rows.into_iter()
                .map(|record| {
                    let visibility = rules::visibility(viewer, view, &record.facts());
                    (record, visibility)
                })
                .collect(),
        )
        .await?;
        Ok(pagination::connection(
            rows,
            size.get(),
            after.is_some(),
            total,
            |q| q.record.id,
            |question| question,
        ))
    }

    /// How many questions of the log stand where today: HR and the sponsor.
    pub async fn question_counts_of(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<QuestionCounts> {
        rules::may_read_log(self.view)?;
        let counts = store::questions::log_counts(
            ApiState::of(ctx).store.conn(),
            self.record.id,
            store::s188::today(),
        )
        .await?;
        Ok(QuestionCounts {
            open: counts.open,
            overdue: counts.overdue,
            answered: counts.answered,
            all: counts.all,
            unassigned: counts.unassigned,
            challenged: counts.challenged,
            unresolved_challenges: counts.unresolved_challenges,
            closed_without_agreement: counts.closed_without_agreement,
        })
    }

    /// The published FAQ.
    pub async fn faq_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<FaqEntry>> {
        let graph = Loaders::of(ctx).graph(self.record.id).await?;
        Ok(graph
            .questions
            .iter()
            .filter(|q| q.published)
            .filter_map(|q| {
                Some(FaqEntry {
                    question: q.text.clone(),
                    answer: q.answer.clone()?,
                    answered_at: q.answered_at,
                })
            })
            .collect())
    }
}

/// What the service navigation counts for the signed-in person.
#[derive(SimpleObject)]
pub struct NavigationCounts {
    /// Checklist steps to complete, approvals to decide and questions to answer: the open
    /// items of My tasks.
    pub open_tasks: i32,
    /// Answers to your questions given since you last looked at a questions page
    /// (`markAnswersSeen`).
    pub new_answers: i32,
    /// The proposal of the latest answer to one of your questions (where "Questions" leads);
    /// null when none of your questions has been answered.
    pub latest_answer_proposal_id: Option<ID>,
}

impl From<store::navigation::NavigationCounts> for NavigationCounts {
    fn from(c: store::navigation::NavigationCounts) -> Self {
        let count = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
        Self {
            open_tasks: count(c.open_tasks),
            new_answers: count(c.new_answers),
            latest_answer_proposal_id: c.latest_answer_proposal.map(|id| ID(id.to_string())),
        }
    }
}

#[derive(Default)]
pub struct QuestionQuery;

#[Object]
impl QuestionQuery {
    /// Your counts for the service navigation ("My tasks 3", "Questions 2 new answers"):
    /// only ever your own, counted in SQL.
    async fn my_navigation_counts(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<NavigationCounts> {
        let viewer = viewer(ctx)?;
        Ok(
            store::navigation::counts(ApiState::of(ctx).store.conn(), viewer)
                .await?
                .into(),
        )
    }

    /// Questions you own and have not answered, overdue first.
    async fn my_open_questions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Question>> {
        let viewer = viewer(ctx)?;
        let questions =
            store::questions::open_for_owner(ApiState::of(ctx).store.conn(), viewer).await?;
        // Owners see what the sponsor sees: the text, and the asker unless confidential.
        let questions = questions
            .into_iter()
            .map(|record| {
                let visibility = rules::visibility(viewer, ProposalView::Sponsor, &record.facts());
                (record, visibility)
            })
            .collect();
        Question::numbered(ctx, questions).await
    }

    /// One question of the log, as you may see it (who asked is shown as in the log):
    /// `NOT_FOUND` when there is none you may see.
    async fn question(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The question's id.")] id: ID,
    ) -> async_graphql::Result<Question> {
        let (record, proposal) = question_and_view(ctx, &id, "id").await?;
        let visibility = rules::visibility(viewer(ctx)?, proposal.view, &record.facts());
        Question::one(ctx, record, visibility).await
    }
}

/// A question to log.
#[derive(InputObject)]
pub struct RaiseQuestionInput {
    /// The proposal.
    pub proposal_id: ID,
    /// The question.
    pub text: String,
    /// Keep your name from everyone but HR (default false).
    pub confidential: Option<bool>,
}

/// Giving a question an owner and due date.
#[derive(InputObject)]
pub struct AssignQuestionInput {
    /// The question.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// The manager who answers it.
    pub owner_id: ID,
    /// When an answer is due (default: unchanged).
    pub due_on: Option<NaiveDate>,
}

/// An answer.
#[derive(InputObject)]
pub struct AnswerQuestionInput {
    /// The question.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// The answer.
    pub answer: String,
    /// Which s188(2) subjects it covers.
    pub covers: Option<Vec<ConcernValue>>,
}

/// Accepting a question's answer.
#[derive(InputObject)]
pub struct AcceptAnswerInput {
    /// The question.
    pub id: ID,
    /// The `version` you last saw (so you accept the answer you read).
    pub expected_version: i32,
    /// A comment to keep with the acceptance (optional).
    pub comment: Option<String>,
}

/// Challenging a question's answer.
#[derive(InputObject)]
pub struct ChallengeAnswerInput {
    /// The question.
    pub id: ID,
    /// The `version` you last saw (so you challenge the answer you read).
    pub expected_version: i32,
    /// Why the answer does not settle the point.
    pub reasons: String,
}

/// Closing a challenge without agreement.
#[derive(InputObject)]
pub struct CloseChallengeInput {
    /// The question.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// Why it is closed without agreement; shown to the raiser and their union.
    pub reason: String,
}

/// Publishing an answer to the FAQ, or taking it down.
#[derive(InputObject)]
pub struct PublishQuestionInput {
    /// The question.
    pub id: ID,
    /// Whether it is in the FAQ.
    pub published: bool,
}

/// The raiser's reply to an answer (accepting or challenging it), in one transaction with its
/// entry in the thread: who may reply and to which version is the domain's (`check_reply`);
/// `change` is what the reply does to the question.
async fn reply_to_answer(
    ctx: &Context<'_>,
    (record, proposal): (QuestionRecord, Proposal),
    expected_version: i32,
    (reply, action): (rules::Reply, AuditAction),
    text: String,
    change: impl FnOnce(&QuestionRecord) -> QuestionRecord,
) -> async_graphql::Result<Question> {
    let viewer = viewer(ctx)?;
    let visibility = rules::visibility(viewer, proposal.view, &record.facts());
    let view = proposal.view;
    let kind = match reply {
        rules::Reply::Accept => rules::ReplyKind::Acceptance,
        rules::Reply::Challenge => rules::ReplyKind::Challenge,
    };
    let saved = store::questions::change_with_reply(
        &ApiState::of(ctx).store,
        &AuditActor::User(viewer.user_id),
        record.id,
        action,
        |before| {
            rules::check_reply(
                viewer,
                view,
                &before.facts(),
                before.answer.is_some(),
                before.reply_state,
                reply,
            )?;
            DomainError::check_version("this question", Some(expected_version), before.version)?;
            Ok((
                change(before),
                Some(store::questions::NewReply {
                    kind,
                    text,
                    author_id: Some(viewer.user_id),
                }),
            ))
        },
    )
    .await?;
    Question::one(ctx, saved, visibility).await
}

async fn question_and_view(
    ctx: &Context<'_>,
    id: &ID,
    field: &str,
) -> async_graphql::Result<(QuestionRecord, Proposal)> {
    let id = parse_id(id, field)?;
    let store = &ApiState::of(ctx).store;
    let not_found =
        || DomainError::NotFound("There is no question with that id that you can see.".into());
    let record = store::questions::find(store.conn(), id)
        .await?
        .ok_or_else(not_found)?;
    let proposal = load_visible(ctx, record.proposal_id)
        .await
        .map_err(|_| not_found())?;
    if rules::visibility(viewer(ctx)?, proposal.view, &record.facts()) == QuestionVisibility::Hidden
    {
        return Err(not_found().into());
    }
    Ok((record, proposal))
}

#[derive(Default)]
pub struct QuestionMutation;

#[Object]
impl QuestionMutation {
    /// Records that you have seen the answers to your questions (a questions page calls it
    /// when shown): `myNavigationCounts.newAnswers` starts again from zero.
    async fn mark_answers_seen(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<NavigationCounts> {
        let viewer = viewer(ctx)?;
        let store = &ApiState::of(ctx).store;
        store::navigation::mark_answers_seen(store, viewer.user_id).await?;
        Ok(store::navigation::counts(store.conn(), viewer)
            .await?
            .into())
    }

    /// Logs a question on a proposal you can see; an answer is due in 5 working days
    /// (England and Wales). HR's questions are recorded as raised at a meeting.
    async fn raise_question(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The question.")] input: RaiseQuestionInput,
    ) -> async_graphql::Result<Question> {
        let viewer = viewer(ctx)?;
        let proposal = load_visible(ctx, parse_id(&input.proposal_id, "input.proposalId")?).await?;
        let source = QuestionSource::for_view(proposal.view);
        let raised_on = store::s188::today();
        let new = store::questions::NewQuestion {
            source,
            text: rules::text_of(&input.text, "input.text", "the question")?,
            asker_id: Some(viewer.user_id),
            asker_union: (source == QuestionSource::Union)
                .then(|| viewer.union.clone())
                .flatten(),
            confidential: input.confidential.unwrap_or(false),
            raised_on,
            due_on: None,
            jd_comment_id: None,
        };
        let record = store::questions::raise(
            &ApiState::of(ctx).store,
            &AuditActor::User(viewer.user_id),
            proposal.record.id,
            new,
        )
        .await?;
        Question::one(ctx, record, QuestionVisibility::Full).await
    }

    /// Gives a question its owner (and due date). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn assign_question(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The owner.")] input: AssignQuestionInput,
    ) -> async_graphql::Result<Question> {
        let (record, _) = question_and_view(ctx, &input.id, "input.id").await?;
        let owner = parse_id(&input.owner_id, "input.ownerId")?;
        let actor = AuditActor::User(viewer(ctx)?.user_id);
        let saved = store::questions::change(
            &ApiState::of(ctx).store,
            &actor,
            record.id,
            AuditAction::QuestionAssigned,
            |before| {
                DomainError::check_version(
                    "this question",
                    Some(input.expected_version),
                    before.version,
                )?;
                Ok(QuestionRecord {
                    owner_id: Some(owner),
                    due_on: input.due_on.unwrap_or(before.due_on),
                    ..before.clone()
                })
            },
        )
        .await?;
        Question::one(ctx, saved, QuestionVisibility::Full).await
    }

    /// Answers a question: its owner, the sponsor or HR.
    async fn answer_question(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The answer.")] input: AnswerQuestionInput,
    ) -> async_graphql::Result<Question> {
        let viewer = viewer(ctx)?;
        let (record, proposal) = question_and_view(ctx, &input.id, "input.id").await?;
        rules::may_answer(viewer, proposal.view, record.owner_id)?;
        let answer = rules::text_of(&input.answer, "input.answer", "the answer")?;
        let covers: Vec<String> = input
            .covers
            .unwrap_or_default()
            .into_iter()
            .map(|c| Concern::from(c).as_str().to_owned())
            .collect();
        let visibility = rules::visibility(viewer, proposal.view, &record.facts());
        let saved = store::questions::change(
            &ApiState::of(ctx).store,
            &AuditActor::User(viewer.user_id),
            record.id,
            AuditAction::QuestionAnswered,
            |before| {
                DomainError::check_version(
                    "this question",
                    Some(input.expected_version),
                    before.version,
                )?;
                Ok(QuestionRecord {
                    answer: Some(answer),
                    covers,
                    answered_by: Some(viewer.user_id),
                    answered_at: Some(Utc::now()),
                    // What the raiser accepted was the earlier answer: they may reply to this one.
                    reply_state: before
                        .reply_state
                        .filter(|s| *s != rules::ReplyState::Accepted),
                    ..before.clone()
                })
            },
        )
        .await?;
        Question::one(ctx, saved, visibility).await
    }

    /// Publishes an answered question to the proposal's FAQ (or takes it down). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn publish_question(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The question.")] input: PublishQuestionInput,
    ) -> async_graphql::Result<Question> {
        let (record, _) = question_and_view(ctx, &input.id, "input.id").await?;
        let actor = AuditActor::User(viewer(ctx)?.user_id);
        let saved = store::questions::change(
            &ApiState::of(ctx).store,
            &actor,
            record.id,
            AuditAction::QuestionPublished,
            |before| {
                if input.published && before.answer.is_none() {
                    return Err(DomainError::PreconditionFailed {
                        message: "Only an answered question can go in the FAQ.".into(),
                        missing: vec!["Answer the question.".into()],
                    });
                }
                Ok(QuestionRecord {
                    published: input.published,
                    ..before.clone()
                })
            },
        )
        .await?;
        Question::one(ctx, saved, QuestionVisibility::Full).await
    }
    /// Accepts a question's answer: whoever raised it, or a representative of the union that
    /// did. An unresolved challenge is resolved.
    async fn accept_answer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The acceptance.")] input: AcceptAnswerInput,
    ) -> async_graphql::Result<Question> {
        viewer(ctx)?;
        let (record, proposal) = question_and_view(ctx, &input.id, "input.id").await?;
        let comment = match input.comment.as_deref().map(str::trim) {
            None | Some("") => String::new(),
            Some(_) => rules::text_of(
                input.comment.as_deref().unwrap_or_default(),
                "input.comment",
                "your comment",
            )?,
        };
        reply_to_answer(
            ctx,
            (record, proposal),
            input.expected_version,
            (rules::Reply::Accept, AuditAction::AnswerAccepted),
            comment,
            |before| QuestionRecord {
                reply_state: Some(rules::ReplyState::Accepted),
                ..before.clone()
            },
        )
        .await
    }

    /// Challenges a question's answer, with reasons: whoever raised it, or a representative
    /// of the union that did. The question opens again, goes back to its owner (who is
    /// emailed) and is due again in the consultation's working days to answer; it is
    /// overdue, and chased, as a new question is. Until the raiser accepts an answer or HR
    /// closes the challenge, it holds up the decision as an unanswered question does.
    async fn challenge_answer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The challenge.")] input: ChallengeAnswerInput,
    ) -> async_graphql::Result<Question> {
        viewer(ctx)?;
        let (record, proposal) = question_and_view(ctx, &input.id, "input.id").await?;
        let reasons = rules::text_of(
            &input.reasons,
            "input.reasons",
            "why you challenge the answer",
        )?;
        let store = &ApiState::of(ctx).store;
        let days = store::timetable::timetables(store.conn(), &[record.proposal_id])
            .await?
            .remove(0)
            .question_response_days;
        let due_on = rules::default_due(store::s188::today(), days);
        // The challenged answer stays in the thread; the question waits for a new one (and
        // leaves the FAQ until HR publishes that).
        reply_to_answer(
            ctx,
            (record, proposal),
            input.expected_version,
            (rules::Reply::Challenge, AuditAction::AnswerChallenged),
            reasons,
            |before| QuestionRecord {
                answer: None,
                covers: vec![],
                answered_by: None,
                answered_at: None,
                published: false,
                due_on,
                reply_state: Some(rules::ReplyState::Challenged),
                challenge_count: before.challenge_count + 1,
                ..before.clone()
            },
        )
        .await
    }

    /// Closes a question's unresolved challenge without agreement, with the reason, once
    /// management has answered it again: HR only. The decision no longer waits for it; the
    /// reason is kept in the thread and shown to the raiser and their union.
    async fn close_challenge(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The closure.")] input: CloseChallengeInput,
    ) -> async_graphql::Result<Question> {
        let viewer = viewer(ctx)?;
        let (record, proposal) = question_and_view(ctx, &input.id, "input.id").await?;
        let view = proposal.view;
        rules::may_close(view)?;
        let reason = rules::text_of(
            &input.reason,
            "input.reason",
            "why it is closed without agreement",
        )?;
        let saved = store::questions::change_with_reply(
            &ApiState::of(ctx).store,
            &AuditActor::User(viewer.user_id),
            record.id,
            AuditAction::ChallengeClosedWithoutAgreement,
            |before| {
                DomainError::check_version(
                    "this question",
                    Some(input.expected_version),
                    before.version,
                )?;
                rules::check_close(view, before.answer.is_some(), before.reply_state)?;
                Ok((
                    QuestionRecord {
                        reply_state: Some(rules::ReplyState::ClosedWithoutAgreement),
                        closure_reason: Some(reason.clone()),
                        ..before.clone()
                    },
                    Some(store::questions::NewReply {
                        kind: rules::ReplyKind::Closure,
                        text: reason,
                        author_id: Some(viewer.user_id),
                    }),
                ))
            },
        )
        .await?;
        Question::one(ctx, saved, QuestionVisibility::Full).await
    }
}
