//! The GraphQL API: schema, thin resolvers (who is asking, input mapping), the HTTP
//! routes that carry it. Rules live in `domain`; SQL lives in `store`.

pub mod account;
pub mod audit;
pub mod auth;
pub mod bundle;
pub mod calendar;
pub mod cases;
pub mod downloads;
pub mod email;
pub mod employer_policy;
pub mod equality;
pub mod error;
pub mod feedback;
pub mod grading_challenge;
pub mod historical_date;
pub mod http;
pub mod information_request;
pub mod input_guard;
pub mod letter_pdf;
pub mod letters;
pub mod limits;
pub mod loaders;
pub mod meeting_record;
pub mod money;
pub mod offers;
pub mod outcome;
pub mod pagination;
pub mod proposal;
pub mod question;
pub mod report_page;
pub mod scrape;
pub mod selection;
pub mod separation;
pub mod single_sign_on;
pub mod structure;
pub mod structure_import;
pub mod subject_access;
pub mod team_response;
pub mod timetable;
pub mod union_response;
pub mod unsubscribe;
pub mod web_app;

use crate::domain::{DomainError, login_throttle::LoginThrottle};
use crate::store::Store;
use async_graphql::{Context, EmptySubscription, ID, MergedObject, SDLExportOptions, Schema};
use auth::TokenService;
use uuid::Uuid;

/// Every query, one root per area.
#[derive(MergedObject, Default)]
pub struct Query(
    account::AccountQuery,
    audit::AuditQuery,
    proposal::ProposalQuery,
    structure::StructureQuery,
    structure_import::ImportQuery,
    timetable::TimetableQuery,
    QuestionsQuery,
    feedback::FeedbackQuery,
    email::EmailQuery,
    selection::SelectionQuery,
    letters::LettersQuery,
    equality::EqualityQuery,
    employer_policy::EmployerPolicyQuery,
    IndividualQuery,
    grading_challenge::GradingQuery,
);

/// The individual stage's queries (issue 16), merged as `IndividualMutation` is, to keep the
/// top-level list short.
#[derive(MergedObject, Default)]
pub struct IndividualQuery(cases::CaseQuery, offers::OfferQuery);

/// Every mutation, one root per area.
#[derive(MergedObject, Default)]
pub struct Mutation(
    account::AccountMutation,
    proposal::ProposalMutation,
    structure::StructureMutation,
    structure_import::ImportMutation,
    MeetingsMutation,
    question::QuestionMutation,
    feedback::FeedbackMutation,
    UnionSideMutation,
    outcome::OutcomeMutation,
    email::EmailMutation,
    selection::SelectionMutation,
    letters::LettersMutation,
    employer_policy::EmployerPolicyMutation,
    IndividualMutation,
);

/// The individual stage's mutations (issue 16), merged here rather than in `Mutation` itself:
/// each member of a merged object adds a level to the resolution of every mutation, so the
/// top-level list is kept short (the runtime's worker stacks, `server::WORKER_STACK_BYTES`,
/// are the other half of keeping a debug build on PostgreSQL within its stack).
#[derive(MergedObject, Default)]
pub struct IndividualMutation(
    cases::CaseMutation,
    offers::OfferMutation,
    separation::SeparationMutation,
    equality::EqualityMutation,
);

/// The question log's queries and the information requests' (issue 20), merged so that the
/// top-level list stays as long as it was.
#[derive(MergedObject, Default)]
pub struct QuestionsQuery(
    question::QuestionQuery,
    information_request::InformationRequestQuery,
);

/// The other side of the table's mutations (issue 20): collective responses (the unions',
/// joint or not, and the teams') and information requests, merged so that the top-level list
/// stays as long as it was.
#[derive(MergedObject, Default)]
pub struct UnionSideMutation(
    union_response::UnionResponseMutation,
    team_response::TeamResponseMutation,
    information_request::InformationRequestMutation,
);

/// The timetable's mutations and those of the meetings' records (issue 17), merged so that
/// the top-level list stays as long as it was.
#[derive(MergedObject, Default)]
pub struct MeetingsMutation(
    timetable::TimetableMutation,
    meeting_record::MeetingRecordMutation,
    // Grading challenges (issue 20), here for the same reason.
    grading_challenge::GradingMutation,
);

pub type ConsultSchema = Schema<Query, Mutation, EmptySubscription>;

/// What every resolver can reach: the database and the services around it.
pub struct ApiState {
    pub store: Store,
    pub tokens: TokenService,
    pub login_throttle: LoginThrottle,
    /// Mark the session cookie `Secure` (Consult is reached over https).
    pub secure_cookies: bool,
    /// The origin of the public URL (`https://consult.bury.gov.uk`), trusted for cookie requests.
    pub public_origin: Option<String>,
    /// Checks the one-click unsubscribe links of optional notices (the worker signs them).
    pub unsubscribe: crate::domain::email_headers::UnsubscribeKey,
    /// Password hashes checked at once: one per core, so sign-ins cannot starve other requests.
    pub password_checks: std::sync::Arc<tokio::sync::Semaphore>,
    /// How long one request may run before it is stopped (`TIMEOUT`).
    pub request_budget: std::time::Duration,
    /// The OpenID provider people sign in with, when single sign-on is configured.
    pub single_sign_on: Option<std::sync::Arc<single_sign_on::SingleSignOn>>,
    /// Whether people may sign in with a password (`CONSULT_PASSWORD_SIGN_IN`); off only
    /// beside single sign-on.
    pub password_sign_in: bool,
    /// Proposals' graphs kept between requests, by graph version.
    pub graph_cache: std::sync::Arc<crate::store::graph_cache::GraphCache>,
    /// Proposals' people kept between requests, by graph version.
    pub people_cache: std::sync::Arc<
        crate::store::graph_cache::GraphCache<crate::store::structure::ProposalPeople>,
    >,
    /// How many of each proposal's employees have each impact (`Proposal.counts`), kept
    /// between requests by graph version.
    pub impact_cache: std::sync::Arc<
        crate::store::graph_cache::GraphCache<crate::domain::structure::ImpactTally>,
    >,
    /// What `GET /metrics` exports; the sign-in paths count their refusals in it.
    pub metrics: std::sync::Arc<crate::metrics::Metrics>,
}

impl ApiState {
    pub fn of<'a>(ctx: &Context<'a>) -> &'a ApiState {
        ctx.data_unchecked::<ApiState>()
    }

    /// `PASSWORD_SIGN_IN_OFF` when people sign in only through single sign-on.
    pub fn require_password_sign_in(&self) -> Result<(), DomainError> {
        if self.password_sign_in {
            return Ok(());
        }
        let provider = self
            .single_sign_on
            .as_deref()
            .map_or("single sign-on", |sso| sso.provider_name());
        Err(DomainError::PasswordSignInOff(format!(
            "Passwords are not used here: sign in with {provider}."
        )))
    }

    /// How an invitation asks a new person to sign in the first time.
    pub fn first_sign_in(&self) -> crate::domain::sign_in_link::FirstSignIn {
        use crate::domain::sign_in_link::FirstSignIn;
        match (&self.single_sign_on, self.password_sign_in) {
            (Some(sso), false) => FirstSignIn::SingleSignOn {
                provider_name: sso.provider_name().to_owned(),
            },
            _ => FirstSignIn::Link,
        }
    }
}

/// The schema with its limits; `state` is absent only when exporting the SDL.
pub fn schema(state: Option<ApiState>) -> ConsultSchema {
    let mut builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(limits::MAX_DEPTH)
        .limit_complexity(limits::MAX_COMPLEXITY);
    if let Some(state) = state {
        builder = builder.data(state);
    }
    builder.finish()
}

/// The SDL committed as `schema.graphql`, sorted so that it is deterministic.
pub fn sdl() -> String {
    schema(None).sdl_with_options(SDLExportOptions::new().sorted_fields().sorted_enum_items())
}

/// Reads an `ID` argument as the UUID it wraps.
pub fn parse_id(id: &ID, field: &str) -> Result<Uuid, DomainError> {
    Uuid::parse_str(id.as_str()).map_err(|_| {
        DomainError::bad_input(
            field,
            format!("\"{}\" is not an id returned by this API.", id.as_str()),
        )
    })
}
