//! Prometheus metrics (issue 19): what `GET /metrics` exports, in one registry.
//!
//! Each server (and each `consult worker`) has its own `Metrics`, reached through `ApiState`
//! and handed to its email worker, rather than one per process: tests run many servers in one
//! process, and each must count only what happened to it.
//!
//! Counted as things happen: GraphQL requests by operation and outcome with their latency,
//! emails sent and failed, sign-in failures and rate-limited attempts. Gathered at scrape time
//! (`render`): the database pool's connections and the outbox's depth, from `store`.

use crate::domain::notify::OutboxStatus;
use crate::store::Store;
use chrono::{DateTime, Utc};
use prometheus_client::{
    encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder, prometheus_text},
    metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram, info::Info},
    registry::{Registry, Unit},
};
use std::collections::HashSet;
use std::sync::{Mutex, atomic::AtomicU64};
use std::time::Duration;

/// The `Content-Type` of what `render` returns (the Prometheus text format, version 0.0.4).
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

/// Distinct operation names kept as labels; later ones are counted as `other`. Operation
/// names come from clients, and every name is a series of its own (and a histogram's worth).
pub const MAX_OPERATION_NAMES: usize = 200;

/// The longest operation name kept (longer ones are cut).
pub const MAX_OPERATION_NAME_CHARS: usize = 64;

/// The operation label of a request that names none.
pub const ANONYMOUS_OPERATION: &str = "anonymous";

/// The operation label once `MAX_OPERATION_NAMES` names are known.
pub const OTHER_OPERATION: &str = "other";

/// The outcome label of a request answered without errors.
pub const OK_OUTCOME: &str = "ok";

/// Upper bounds of the request latency buckets, in seconds: from a cached read (a few
/// milliseconds) to the default request budget (10 s).
const LATENCY_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 7.5, 10.0,
];

/// How someone signs in. OpenID Connect adds its own.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum SignInMethod {
    /// `login`: email and password.
    Password,
    /// `signInWithLink`: an invitation's single-use link.
    Link,
    /// Through the OpenID provider (`/auth/oidc/callback`).
    SingleSignOn,
}

impl SignInMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::Link => "link",
            Self::SingleSignOn => "single_sign_on",
        }
    }
}

impl EncodeLabelValue for SignInMethod {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        EncodeLabelValue::encode(&self.as_str(), encoder)
    }
}

/// Why a sign-in was refused (beside the throttle, counted on its own).
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum SignInFailure {
    /// An unknown email address or a wrong password: the same answer to the client.
    WrongCredentials,
    /// The account is disabled.
    AccountDisabled,
    /// The link was used already, has expired or never existed.
    InvalidLink,
    /// The provider did not say the email address is verified.
    UnverifiedEmail,
    /// No account has the (verified) email address.
    UnknownEmail,
    /// The attempt or the provider's answer did not hold (state, code, or ID token).
    ProviderAnswerRefused,
    /// The person cancelled at the provider.
    Cancelled,
}

impl From<crate::domain::single_sign_on::Refusal> for SignInFailure {
    fn from(refusal: crate::domain::single_sign_on::Refusal) -> Self {
        use crate::domain::single_sign_on::Refusal;
        match refusal {
            Refusal::UnverifiedEmail => Self::UnverifiedEmail,
            Refusal::UnknownEmail => Self::UnknownEmail,
            Refusal::AccountDisabled => Self::AccountDisabled,
            Refusal::Failed => Self::ProviderAnswerRefused,
            Refusal::Cancelled => Self::Cancelled,
        }
    }
}

impl SignInFailure {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WrongCredentials => "wrong_credentials",
            Self::AccountDisabled => "account_disabled",
            Self::InvalidLink => "invalid_link",
            Self::UnverifiedEmail => "unverified_email",
            Self::UnknownEmail => "unknown_email",
            Self::ProviderAnswerRefused => "provider_answer_refused",
            Self::Cancelled => "cancelled",
        }
    }
}

impl EncodeLabelValue for SignInFailure {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        EncodeLabelValue::encode(&self.as_str(), encoder)
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    operation: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabels {
    operation: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SignInFailureLabels {
    method: SignInMethod,
    reason: SignInFailure,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MethodLabels {
    method: SignInMethod,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutboxLabels {
    status: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BuildLabels {
    version: &'static str,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// The outbox statuses whose depth is exported: the queue. Sent and cancelled messages only
/// grow (their rate is `consult_emails_sent_total`), and counting them would read the whole
/// table at every scrape.
pub const QUEUE_STATUSES: [OutboxStatus; 3] = [
    OutboxStatus::Pending,
    OutboxStatus::Sending,
    OutboxStatus::Dead,
];

/// Every metric Consult exports.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Family<OperationLabels, Histogram, fn() -> Histogram>,
    operation_names: Mutex<HashSet<String>>,
    emails_sent: Counter,
    emails_failed: Counter,
    sign_in_failures: Family<SignInFailureLabels, Counter>,
    sign_in_rate_limited: Family<MethodLabels, Counter>,
    pool_connections: Family<PoolLabels, Gauge>,
    pool_max_connections: Gauge,
    outbox_messages: Family<OutboxLabels, Gauge>,
    outbox_due_messages: Gauge,
    outbox_oldest_due_seconds: Gauge<f64, AtomicU64>,
    database_up: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("consult");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "graphql_requests",
            "GraphQL requests by operation name and outcome (ok, or the first error's extensions.code)",
            requests.clone(),
        );
        let request_seconds =
            Family::<OperationLabels, Histogram, fn() -> Histogram>::new_with_constructor(
                latency_histogram,
            );
        registry.register_with_unit(
            "graphql_request_duration",
            "Time from receiving a GraphQL request to its answer, by operation name",
            Unit::Seconds,
            request_seconds.clone(),
        );
        let emails_sent = Counter::default();
        registry.register(
            "emails_sent",
            "Emails the worker handed to the SMTP server (or wrote as files); a digest is one email",
            emails_sent.clone(),
        );
        let emails_failed = Counter::default();
        registry.register(
            "emails_failed",
            "Attempts to send an email that failed (each is retried with backoff, dead after the last)",
            emails_failed.clone(),
        );
        let sign_in_failures = Family::<SignInFailureLabels, Counter>::default();
        registry.register(
            "sign_in_failures",
            "Sign-ins refused, by method and reason (rate-limited attempts are counted apart)",
            sign_in_failures.clone(),
        );
        let sign_in_rate_limited = Family::<MethodLabels, Counter>::default();
        registry.register(
            "sign_in_rate_limited",
            "Sign-in attempts refused by the throttle (too many failures for one email address), by method",
            sign_in_rate_limited.clone(),
        );
        let pool_connections = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Database connections open in the pool, by state (in_use, idle), at scrape time",
            pool_connections.clone(),
        );
        let pool_max_connections = Gauge::default();
        registry.register(
            "db_pool_max_connections",
            "The largest number of connections the database pool opens (CONSULT_DB_MAX_CONNECTIONS)",
            pool_max_connections.clone(),
        );
        let outbox_messages = Family::<OutboxLabels, Gauge>::default();
        registry.register(
            "outbox_messages",
            "Emails in the outbox by status (pending, sending, dead), at scrape time; pending includes those planned for later",
            outbox_messages.clone(),
        );
        let outbox_due_messages = Gauge::default();
        registry.register(
            "outbox_due_messages",
            "Pending emails whose time has come, at scrape time: the worker's backlog",
            outbox_due_messages.clone(),
        );
        let outbox_oldest_due_seconds = Gauge::<f64, AtomicU64>::default();
        registry.register_with_unit(
            "outbox_oldest_due_age",
            "How long the oldest pending email has been due, at scrape time; 0 when none is due",
            Unit::Seconds,
            outbox_oldest_due_seconds.clone(),
        );
        let database_up = Gauge::default();
        registry.register(
            "database_up",
            "1 when the database answered this scrape's queries, 0 when it did not (the outbox figures are then the last known)",
            database_up.clone(),
        );
        registry.register(
            "build",
            "The running build of Consult",
            Info::new(BuildLabels {
                version: env!("CARGO_PKG_VERSION"),
            }),
        );
        // Every series known in advance from the start, so it reads 0 rather than absent
        // (Prometheus's `rate` then sees the first increase).
        for (method, reason) in [
            (SignInMethod::Password, SignInFailure::WrongCredentials),
            (SignInMethod::Password, SignInFailure::AccountDisabled),
            (SignInMethod::Link, SignInFailure::InvalidLink),
            (SignInMethod::Link, SignInFailure::AccountDisabled),
        ] {
            drop(sign_in_failures.get_or_create(&SignInFailureLabels { method, reason }));
        }
        // Only password sign-ins are throttled.
        drop(sign_in_rate_limited.get_or_create(&MethodLabels {
            method: SignInMethod::Password,
        }));
        for state in ["in_use", "idle"] {
            pool_connections.get_or_create(&PoolLabels { state }).set(0);
        }
        for status in QUEUE_STATUSES {
            outbox_messages
                .get_or_create(&OutboxLabels {
                    status: status_label(status),
                })
                .set(0);
        }
        Self {
            registry,
            requests,
            request_seconds,
            operation_names: Mutex::new(HashSet::new()),
            emails_sent,
            emails_failed,
            sign_in_failures,
            sign_in_rate_limited,
            pool_connections,
            pool_max_connections,
            outbox_messages,
            outbox_due_messages,
            outbox_oldest_due_seconds,
            database_up,
        }
    }

    /// Counts one GraphQL request: `operation` as the client named it (or none), `outcome`
    /// `OK_OUTCOME` or the first error's `extensions.code`, and how long it took.
    pub fn graphql_request(&self, operation: Option<&str>, outcome: &str, elapsed: Duration) {
        let operation = self.operation_label(operation);
        self.requests
            .get_or_create(&RequestLabels {
                operation: operation.clone(),
                outcome: outcome_label(outcome),
            })
            .inc();
        self.request_seconds
            .get_or_create(&OperationLabels { operation })
            .observe(elapsed.as_secs_f64());
    }

    /// Counts a sign-in refused for `reason`. The sign-in paths call it (OpenID Connect's too).
    pub fn sign_in_failed(&self, method: SignInMethod, reason: SignInFailure) {
        self.sign_in_failures
            .get_or_create(&SignInFailureLabels { method, reason })
            .inc();
    }

    /// Counts a sign-in attempt the throttle refused before any credential was checked.
    pub fn sign_in_rate_limited(&self, method: SignInMethod) {
        self.sign_in_rate_limited
            .get_or_create(&MethodLabels { method })
            .inc();
    }

    /// Counts emails the worker sent.
    pub fn emails_sent(&self, n: u64) {
        self.emails_sent.inc_by(n);
    }

    /// Counts failed attempts to send an email.
    pub fn emails_failed(&self, n: u64) {
        self.emails_failed.inc_by(n);
    }

    /// The label for a client's operation name: sanitised to `[A-Za-z0-9_]{1,64}`,
    /// `anonymous` when there is none, and `other` once `MAX_OPERATION_NAMES` names are known.
    fn operation_label(&self, operation: Option<&str>) -> String {
        let Some(name) = operation.and_then(sanitise_operation_name) else {
            return ANONYMOUS_OPERATION.to_owned();
        };
        let mut known = self
            .operation_names
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if known.contains(&name) {
            return name;
        }
        if known.len() >= MAX_OPERATION_NAMES {
            return OTHER_OPERATION.to_owned();
        }
        known.insert(name.clone());
        name
    }

    /// Every metric in the Prometheus text format, with the database pool and the outbox
    /// read now (one SQL statement). A database that does not answer leaves the outbox's
    /// figures as last read and sets `consult_database_up` to 0.
    pub async fn render(&self, store: &Store) -> String {
        let pool = store.pool_stats();
        self.pool_connections
            .get_or_create(&PoolLabels { state: "in_use" })
            .set(i64::from(pool.in_use));
        self.pool_connections
            .get_or_create(&PoolLabels { state: "idle" })
            .set(i64::from(pool.idle));
        self.pool_max_connections.set(i64::from(pool.max));
        let now = Utc::now();
        match crate::store::outbox::depth(store.conn(), &QUEUE_STATUSES, now).await {
            Ok(depth) => {
                for status in QUEUE_STATUSES {
                    let messages = depth
                        .by_status
                        .iter()
                        .find(|(s, _)| *s == status)
                        .map_or(0, |(_, n)| *n);
                    self.outbox_messages
                        .get_or_create(&OutboxLabels {
                            status: status_label(status),
                        })
                        .set(saturating_i64(messages));
                }
                self.outbox_due_messages.set(saturating_i64(depth.due));
                self.outbox_oldest_due_seconds
                    .set(oldest_due_age(depth.oldest_due, now));
                self.database_up.set(1);
            }
            Err(err) => {
                tracing::warn!(
                    error = format!("{:#}", err.into_anyhow()),
                    "metrics: the outbox could not be read"
                );
                self.database_up.set(0);
            }
        }
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_text::encode(&mut text, &self.registry);
        text
    }
}

/// A client's operation name as a label value: `[A-Za-z0-9_]`, every other character `_`,
/// at most `MAX_OPERATION_NAME_CHARS`; `None` for an empty name.
pub fn sanitise_operation_name(name: &str) -> Option<String> {
    let name: String = name
        .trim()
        .chars()
        .take(MAX_OPERATION_NAME_CHARS)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Outcomes are the API's own codes; anything else is kept to the same characters, so a
/// label never carries what a client sent.
fn outcome_label(outcome: &str) -> String {
    sanitise_operation_name(outcome).unwrap_or_else(|| "unknown".to_owned())
}

fn status_label(status: OutboxStatus) -> &'static str {
    match status {
        OutboxStatus::Pending => "pending",
        OutboxStatus::Sending => "sending",
        OutboxStatus::Sent => "sent",
        OutboxStatus::Dead => "dead",
        OutboxStatus::Cancelled => "cancelled",
    }
}

fn saturating_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Seconds since the oldest pending email fell due; 0 when none has.
fn oldest_due_age(oldest_due: Option<DateTime<Utc>>, now: DateTime<Utc>) -> f64 {
    oldest_due
        .map(|due| (now - due).num_milliseconds().max(0) as f64 / 1000.0)
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_are_sanitised_and_cut() {
        assert_eq!(
            sanitise_operation_name("ProposalPage").as_deref(),
            Some("ProposalPage")
        );
        assert_eq!(
            sanitise_operation_name("a-b c{\"}").as_deref(),
            Some("a_b_c___")
        );
        assert_eq!(sanitise_operation_name("  ").as_deref(), None);
        let long = "x".repeat(100);
        assert_eq!(
            sanitise_operation_name(&long).map(|n| n.len()),
            Some(MAX_OPERATION_NAME_CHARS)
        );
    }

    #[test]
    fn operation_names_past_the_limit_are_other() {
        let metrics = Metrics::new();
        assert_eq!(metrics.operation_label(None), ANONYMOUS_OPERATION);
        assert_eq!(metrics.operation_label(Some("")), ANONYMOUS_OPERATION);
        for i in 0..MAX_OPERATION_NAMES {
            assert_eq!(
                metrics.operation_label(Some(&format!("Op{i}"))),
                format!("Op{i}")
            );
        }
        assert_eq!(metrics.operation_label(Some("OneTooMany")), OTHER_OPERATION);
        // A name already known keeps its label.
        assert_eq!(metrics.operation_label(Some("Op7")), "Op7");
    }

    #[test]
    fn the_oldest_due_age_is_never_negative() {
        let now = Utc::now();
        assert_eq!(oldest_due_age(None, now), 0.0);
        assert_eq!(
            oldest_due_age(Some(now + chrono::Duration::hours(1)), now),
            0.0
        );
        assert_eq!(
            oldest_due_age(Some(now - chrono::Duration::seconds(90)), now),
            90.0
        );
    }
}
