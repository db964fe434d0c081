//! `GET /metrics` (issue 19): behind its token on the main address, open on the private
//! one, and read by Prometheus's own parser (the Python client's,
//! `tests/support/parse_metrics.py`); the `consult worker` binary serving its own.

use crate::email::SmtpSink;
use crate::helpers::{Backend, PASSWORD, TestApp, error_code, spawn_app_with};
use consult::domain::{
    account::Role, login_throttle::LoginThrottle, metrics_access::MetricsToken,
    notify::OutboxStatus,
};
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Child, Command, Stdio};

crate::db_tests!(
    without_a_token_the_main_address_serves_no_metrics,
    the_worker_serves_what_it_sent_on_its_own_address,
);

/// As `db_tests!`, on a server with a metrics token and a private metrics address.
mod requests_sign_ins_and_the_outbox_are_counted_behind_the_token {
    use crate::helpers::Backend;

    #[test]
    fn sqlite() {
        consult::server::runtime(Some(2)).unwrap().block_on(async {
            let app = super::app_with_metrics(Backend::Sqlite).await.unwrap();
            super::requests_sign_ins_and_the_outbox_are_counted_behind_the_token(app).await;
        })
    }

    #[test]
    fn postgres() {
        consult::server::runtime(Some(2)).unwrap().block_on(async {
            match super::app_with_metrics(Backend::Postgres).await {
                Some(app) => {
                    super::requests_sign_ins_and_the_outbox_are_counted_behind_the_token(app).await
                }
                None => eprintln!("skipped: CONSULT_TEST_POSTGRES_URL is not set"),
            }
        })
    }
}

const TOKEN: &str = "scrape-token-for-the-metrics-test";

/// A parsed exposition: every sample, by name and labels.
pub(crate) struct Scrape(Value);

impl Scrape {
    /// Parses `text` with `prometheus_client.parser`, failing the test if it refuses it.
    fn parse(text: &str) -> Self {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/support/parse_metrics.py"
        );
        let mut child = Command::new("python3")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 runs (pip install prometheus-client)");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}\n{text}",
            String::from_utf8_lossy(&output.stderr)
        );
        Self(serde_json::from_slice(&output.stdout).unwrap())
    }

    fn family(&self, name: &str) -> &Value {
        self.0["families"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("no family {name}: {}", self.0))
    }

    /// The sample `name` whose labels include `labels`.
    fn sample(&self, name: &str, labels: &[(&str, &str)]) -> Option<&Value> {
        self.0["families"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["samples"].as_array().unwrap())
            .find(|s| {
                s["name"] == name
                    && labels
                        .iter()
                        .all(|(k, v)| s["labels"][*k].as_str() == Some(v))
            })
    }

    fn has(&self, name: &str, labels: &[(&str, &str)]) -> bool {
        self.sample(name, labels).is_some()
    }

    /// The value of the sample `name` whose labels include `labels`; 0 when there is none
    /// (a series with labels no one has used yet).
    pub(crate) fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.sample(name, labels)
            .map_or(0.0, |s| s["value"].as_f64().unwrap())
    }
}

/// GETs `url` with an optional bearer token: (status, content type, body).
async fn get(app: &TestApp, url: &str, token: Option<&str>) -> (u16, String, String) {
    let (status, content_type, body) = app.download_url(token, url).await;
    (status, content_type, String::from_utf8(body).unwrap())
}

pub(crate) async fn scrape(app: &TestApp, url: &str, token: Option<&str>) -> Scrape {
    let (status, content_type, body) = get(app, url, token).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    Scrape::parse(&body)
}

/// Posts a GraphQL request with an explicit `operationName`.
async fn named(
    app: &TestApp,
    token: &str,
    query: &str,
    operation: &str,
    variables: Value,
) -> Value {
    app.client
        .post(format!("{}/graphql", app.address))
        .bearer_auth(token)
        .json(&json!({ "query": query, "operationName": operation, "variables": variables }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn pending_rows(app: &TestApp) -> usize {
    use consult::store::entities::outbox_message;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Status.eq(OutboxStatus::Pending.as_str()))
        .all(app.store.conn())
        .await
        .unwrap()
        .len()
}

/// The test's own server, with a token, a private metrics address and a throttle that locks
/// an address after two failures.
async fn app_with_metrics(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |config| {
        config.metrics_token = Some(MetricsToken::parse(TOKEN).unwrap());
        config.metrics_listen = Some("127.0.0.1:0".parse().unwrap());
        config.login_throttle = LoginThrottle {
            max_failures: 2,
            ..LoginThrottle::default()
        };
    })
    .await
}

async fn requests_sign_ins_and_the_outbox_are_counted_behind_the_token(app: TestApp) {
    let url = format!("{}/metrics", app.address);

    // No token, a wrong one, or another scheme: refused, and told how.
    for token in [None, Some("scrape-token-for-the-metrics-tesX")] {
        let (status, _, body) = get(&app, &url, token).await;
        assert_eq!(status, 401, "{body}");
        assert!(body.contains("CONSULT_METRICS_TOKEN"), "{body}");
    }
    let basic = app
        .client
        .get(&url)
        .header("authorization", format!("Basic {TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 401);
    assert_eq!(
        basic.headers()["www-authenticate"],
        "Bearer realm=\"metrics\""
    );

    // What the test does: one sign-in (an anonymous operation), a named query that works,
    // one that is refused, an operation name no document has (sanitised), two wrong
    // passwords and a third attempt the throttle refuses, and an invitation planned.
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let email = app.email_of(&hr).await;
    let me = named(
        &app,
        &hr,
        "query MyAccount { me { email } }",
        "MyAccount",
        json!({}),
    )
    .await;
    assert_eq!(me["data"]["me"]["email"], email.as_str());
    let missing = app
        .graphql(
            Some(&hr),
            "query MissingProposal($id: ID!) { proposal(id: $id) { id } }",
            json!({ "id": uuid::Uuid::now_v7() }),
        )
        .await;
    assert_eq!(error_code(&missing), "NOT_FOUND");
    let unknown = named(
        &app,
        &hr,
        "query MyAccount { me { email } }",
        "Odd-name {}",
        json!({}),
    )
    .await;
    assert_eq!(error_code(&unknown), "BAD_USER_INPUT");
    for _ in 0..2 {
        let wrong = app.login(&email, "not the password at all").await;
        assert_eq!(error_code(&wrong), "UNAUTHENTICATED");
    }
    let throttled = app.login(&email, PASSWORD).await;
    assert_eq!(error_code(&throttled), "RATE_LIMITED");
    let no_link = app
        .graphql(
            None,
            "mutation FollowLink { signInWithLink(input: {token: \"no-such-link\"}) { token } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&no_link), "UNAUTHENTICATED");
    let invited = app
        .ok(
            &hr,
            "mutation Invite($input: CreateUserInput!) { createUser(input: $input) { id } }",
            json!({ "input": { "email": "new.starter@bury.gov.uk", "name": "New Starter", "role": "STAFF" } }),
        )
        .await;
    assert!(invited["createUser"]["id"].is_string());

    let metrics = scrape(&app, &url, Some(TOKEN)).await;
    let requests = "consult_graphql_requests_total";
    let ok = |operation| vec![("operation", operation), ("outcome", "ok")];
    // The sign-in and `email_of` are anonymous; so are the three logins of the throttle test.
    assert_eq!(metrics.value(requests, &ok("anonymous")), 2.0);
    assert_eq!(metrics.value(requests, &ok("MyAccount")), 1.0);
    assert_eq!(metrics.value(requests, &ok("Invite")), 1.0);
    assert_eq!(
        metrics.value(
            requests,
            &[("operation", "MissingProposal"), ("outcome", "NOT_FOUND")]
        ),
        1.0
    );
    assert_eq!(
        metrics.value(
            requests,
            &[("operation", "Odd_name___"), ("outcome", "BAD_USER_INPUT")]
        ),
        1.0
    );
    assert_eq!(
        metrics.value(
            requests,
            &[("operation", "anonymous"), ("outcome", "UNAUTHENTICATED")]
        ),
        2.0
    );
    assert_eq!(
        metrics.value(
            requests,
            &[("operation", "anonymous"), ("outcome", "RATE_LIMITED")]
        ),
        1.0
    );
    // Latency: one observation per request of the operation, each within the +Inf bucket.
    let histogram = "consult_graphql_request_duration_seconds";
    assert_eq!(metrics.family(histogram)["type"], "histogram");
    let mine = [("operation", "MyAccount")];
    assert_eq!(metrics.value(&format!("{histogram}_count"), &mine), 1.0);
    assert_eq!(
        metrics.value(
            &format!("{histogram}_bucket"),
            &[("operation", "MyAccount"), ("le", "+Inf")]
        ),
        1.0
    );
    assert!(metrics.value(&format!("{histogram}_sum"), &mine) > 0.0);
    assert_eq!(
        metrics.value(&format!("{histogram}_count"), &[("operation", "anonymous")]),
        5.0
    );

    // Sign-ins: two wrong passwords, then one attempt the throttle refused unchecked.
    assert_eq!(
        metrics.value(
            "consult_sign_in_failures_total",
            &[("method", "password"), ("reason", "wrong_credentials")]
        ),
        2.0
    );
    assert_eq!(
        metrics.value(
            "consult_sign_in_rate_limited_total",
            &[("method", "password")]
        ),
        1.0
    );
    assert_eq!(
        metrics.value(
            "consult_sign_in_failures_total",
            &[("method", "link"), ("reason", "invalid_link")]
        ),
        1.0
    );
    assert_eq!(
        metrics.value(
            requests,
            &[("operation", "FollowLink"), ("outcome", "UNAUTHENTICATED")]
        ),
        1.0
    );
    // Series that have not moved are there at 0, so `rate` sees their first increase.
    assert!(metrics.has(
        "consult_sign_in_failures_total",
        &[("method", "password"), ("reason", "account_disabled")]
    ));

    // The outbox: the one invitation, due now, and nothing else queued.
    assert_eq!(pending_rows(&app).await, 1);
    let outbox = "consult_outbox_messages";
    assert_eq!(metrics.value(outbox, &[("status", "pending")]), 1.0);
    assert_eq!(metrics.value(outbox, &[("status", "sending")]), 0.0);
    assert_eq!(metrics.value(outbox, &[("status", "dead")]), 0.0);
    assert_eq!(metrics.value("consult_outbox_due_messages", &[]), 1.0);
    assert!(metrics.value("consult_outbox_oldest_due_age_seconds", &[]) >= 0.0);
    assert_eq!(metrics.value("consult_database_up", &[]), 1.0);
    // No worker runs in this server: nothing sent.
    assert_eq!(metrics.value("consult_emails_sent_total", &[]), 0.0);

    // The pool: the test server's 4 connections at most, some open.
    assert_eq!(metrics.value("consult_db_pool_max_connections", &[]), 4.0);
    let open = metrics.value("consult_db_pool_connections", &[("state", "in_use")])
        + metrics.value("consult_db_pool_connections", &[("state", "idle")]);
    assert!((1.0..=4.0).contains(&open), "{open}");

    assert_eq!(
        metrics.value(
            "consult_build_info",
            &[("version", env!("CARGO_PKG_VERSION"))]
        ),
        1.0
    );
    for family in ["consult_graphql_requests", "consult_outbox_messages"] {
        assert!(
            !metrics.family(family)["help"].as_str().unwrap().is_empty(),
            "{family} has HELP text"
        );
    }

    dashboard_queries_only_what_is_exported(&metrics);

    // The private address: the same figures, without a token, and nothing else.
    let private = app.metrics_address.as_deref().unwrap();
    let there = scrape(&app, &format!("{private}/metrics"), None).await;
    assert_eq!(there.value(requests, &ok("MyAccount")), 1.0);
    assert_eq!(there.value(outbox, &[("status", "pending")]), 1.0);
    let (status, _, _) = get(&app, &format!("{private}/graphql"), None).await;
    assert_eq!(
        status, 404,
        "only /metrics is served on the private address"
    );
}

async fn without_a_token_the_main_address_serves_no_metrics(app: TestApp) {
    let (status, _, body) = get(&app, &format!("{}/metrics", app.address), None).await;
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("CONSULT_METRICS_LISTEN"), "{body}");
    let (status, _, _) = get(&app, &format!("{}/metrics", app.address), Some(TOKEN)).await;
    assert_eq!(status, 404);
}

/// A `consult worker` process, stopped when dropped.
struct WorkerProcess(Child);

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn the_worker_serves_what_it_sent_on_its_own_address(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    for name in ["first", "second"] {
        app.ok(
            &hr,
            "mutation($input: CreateUserInput!) { createUser(input: $input) { id } }",
            json!({ "input": { "email": format!("{name}@bury.gov.uk"), "name": name, "role": "STAFF" } }),
        )
        .await;
    }
    assert_eq!(pending_rows(&app).await, 2);
    let sink = SmtpSink::start();
    let port = crate::helpers::free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_consult"))
        .arg("worker")
        .env("DATABASE_URL", &app.database_url)
        .env("CONSULT_SMTP_URL", sink.url())
        .env("CONSULT_METRICS_LISTEN", format!("127.0.0.1:{port}"))
        .env(
            "CONSULT_JWT_SECRET",
            "a-worker-secret-of-at-least-32-characters",
        )
        .env("CONSULT_WORKER_POLL_SECONDS", "1")
        .env("CONSULT_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let _worker = WorkerProcess(child);
    let url = format!("http://127.0.0.1:{port}/metrics");

    // Waits for the worker to have sent both, as its own metrics say.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let metrics = loop {
        if let Ok(response) = app.client.get(&url).send().await
            && response.status() == 200
        {
            let metrics = Scrape::parse(&response.text().await.unwrap());
            if metrics.value("consult_emails_sent_total", &[]) >= 2.0 {
                break metrics;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the worker did not report two emails sent within a minute"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(metrics.value("consult_emails_sent_total", &[]), 2.0);
    assert_eq!(metrics.value("consult_emails_failed_total", &[]), 0.0);
    let invitations: Vec<Value> = sink.messages();
    assert_eq!(invitations.len(), 2, "{invitations:?}");
    // The worker serves no API: its metrics count no requests.
    assert_eq!(metrics.value("consult_graphql_requests_total", &[]), 0.0);
    // Sent messages leave the queue: the next scrape reads the outbox afresh.
    let after = scrape(&app, &url, None).await;
    assert_eq!(
        after.value("consult_outbox_messages", &[("status", "pending")]),
        0.0
    );
    assert_eq!(after.value("consult_outbox_due_messages", &[]), 0.0);
    assert_eq!(after.value("consult_database_up", &[]), 1.0);
}

/// `deploy/grafana/consult.json` is a dashboard with a Prometheus data source variable that
/// every panel uses, and every metric it queries is one this scrape holds.
fn dashboard_queries_only_what_is_exported(metrics: &Scrape) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/grafana/consult.json");
    let dashboard: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let variables = dashboard["templating"]["list"].as_array().unwrap();
    assert!(
        variables.iter().any(|v| v["type"] == "datasource"
            && v["query"] == "prometheus"
            && v["name"] == "datasource"),
        "a Prometheus data source variable"
    );
    let exported: std::collections::HashSet<&str> = metrics.0["families"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["samples"].as_array().unwrap())
        .filter_map(|s| s["name"].as_str())
        .collect();
    let mut queried = 0;
    for panel in dashboard["panels"].as_array().unwrap() {
        if panel["type"] == "row" {
            continue;
        }
        assert_eq!(
            panel["datasource"]["uid"], "${datasource}",
            "{}",
            panel["title"]
        );
        for target in panel["targets"].as_array().unwrap() {
            let expr = target["expr"].as_str().unwrap();
            for (at, _) in expr.match_indices("consult_") {
                let name: String = expr[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(
                    exported.contains(name.as_str()),
                    "{} queries {name}, which is not exported",
                    panel["title"]
                );
                queried += 1;
            }
        }
    }
    assert!(
        queried >= 10,
        "the dashboard queries the metrics ({queried})"
    );
}
