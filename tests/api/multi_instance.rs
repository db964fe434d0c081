//! Several servers and workers on one PostgreSQL database, as in production behind a load
//! balancer: two real `consult serve` processes and two `consult worker` processes share a
//! database and `CONSULT_JWT_SECRET`. A session made on one server is good on the other, the
//! sign-in limit counts attempts on both, the per-proposal caches follow writes made by the
//! other server, and the four senders (each server runs a worker too) send every email once.
//!
//! PostgreSQL only: SQLite is the single-server embedded default.

use crate::email::SmtpSink;
use crate::helpers::{
    Backend, PASSWORD, TestApp, empty_postgres_database, error_code, graphql_at, spawn_app_with,
};
use crate::proposals::open_proposal_naming;
use consult::config::JwtSecret;
use consult::domain::account::Role;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "one secret shared by every instance, 32+ chars";
const PUBLIC_URL: &str = "https://consult.example.gov.uk";

#[test]
fn two_servers_and_two_workers_share_one_postgres_database() {
    consult::server::runtime(Some(2)).unwrap().block_on(async {
        let shared = JwtSecret::from_configured(SECRET).unwrap();
        let Some(app) = spawn_app_with(Backend::Postgres, |config| {
            config.jwt_secret = shared;
        })
        .await
        else {
            eprintln!("skipped: CONSULT_TEST_POSTGRES_URL is not set");
            return;
        };
        run(app).await;
    });
}

/// After an upgrade every instance starts at once and each migrates first: one applies the
/// migrations while the others wait, and none fails on a table another has just made.
#[test]
fn instances_starting_together_on_an_empty_database_migrate_it_once() {
    consult::server::runtime(Some(2)).unwrap().block_on(async {
        let Some((url, _database)) = empty_postgres_database().await else {
            eprintln!("skipped: CONSULT_TEST_POSTGRES_URL is not set");
            return;
        };
        let starting: Vec<Child> = (0..3)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_consult"))
                    .env("DATABASE_URL", &url)
                    .env("CONSULT_LOG", "warn")
                    .arg("migrate")
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in starting {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        use consult_migrations::MigratorTrait;
        use sea_orm::{ConnectionTrait, Database, Statement};
        let db = Database::connect(&url).await.unwrap();
        let applied = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM seaql_migrations",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        assert_eq!(
            applied as usize,
            consult_migrations::Migrator::migrations().len()
        );
        db.close().await.unwrap();
    });
}

/// A `consult` process, killed when dropped so a failing test leaves nothing running.
struct Instance {
    child: Child,
    address: Option<String>,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn consult(app: &TestApp, sink: &SmtpSink, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_consult"));
    command
        .env("DATABASE_URL", &app.database_url)
        .env("CONSULT_JWT_SECRET", SECRET)
        .env("CONSULT_SMTP_URL", sink.url())
        .env("CONSULT_PUBLIC_URL", PUBLIC_URL)
        .env("CONSULT_WORKER_POLL_SECONDS", "1")
        .env("CONSULT_DB_MAX_CONNECTIONS", "4")
        .env("CONSULT_STATIC_DIR", "/nonexistent")
        .env("CONSULT_LOG", "info")
        .env("CONSULT_LOG_FORMAT", "json")
        .args(args);
    command
}

/// `consult serve` on a free port; returns once it says where it listens.
fn serve(app: &TestApp, sink: &SmtpSink) -> Instance {
    let mut child = consult(app, sink, &["serve"])
        .env("CONSULT_LISTEN", "127.0.0.1:0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let address = loop {
        let line = lines
            .next()
            .expect("the server logs until it listens")
            .unwrap();
        let Ok(entry) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        if entry["fields"]["message"] == "Consult is listening" {
            break format!("http://{}", entry["fields"]["address"].as_str().unwrap());
        }
    };
    // Keep reading so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Instance {
        child,
        address: Some(address),
    }
}

fn worker(app: &TestApp, sink: &SmtpSink) -> Instance {
    let child = consult(app, sink, &["worker"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Instance {
        child,
        address: None,
    }
}

impl Instance {
    async fn graphql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let address = self.address.as_deref().expect("a server");
        graphql_at(&reqwest::Client::new(), address, token, query, variables).await
    }

    async fn ok(&self, token: &str, query: &str, variables: Value) -> Value {
        let body = self.graphql(Some(token), query, variables).await;
        assert!(body.get("errors").is_none(), "{query}: {body}");
        body["data"].clone()
    }

    async fn login(&self, email: &str, password: &str) -> Value {
        self.graphql(
            None,
            "mutation($input: LoginInput!) { login(input: $input) { token } }",
            json!({ "input": { "email": email, "password": password } }),
        )
        .await
    }
}

async fn run(app: TestApp) {
    let sink = SmtpSink::start();
    let (a, b) = (serve(&app, &sink), serve(&app, &sink));
    let _workers = (worker(&app, &sink), worker(&app, &sink));

    a_session_made_on_one_server_is_good_on_the_other(&app, &a, &b).await;
    the_sign_in_limit_counts_attempts_on_both_servers(&app, &a, &b).await;
    let proposal = caches_follow_what_the_other_server_writes(&app, &a, &b).await;
    every_planned_email_is_sent_once(&app, &sink, &proposal).await;
}

async fn a_session_made_on_one_server_is_good_on_the_other(
    app: &TestApp,
    a: &Instance,
    b: &Instance,
) {
    let email = format!("shared-{}@bury.gov.uk", uuid::Uuid::now_v7().simple());
    app.create_user(&email, Role::Staff).await;
    let body = a.login(&email, PASSWORD).await;
    let token = body["data"]["login"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"));
    let me = b.ok(token, "{ me { email } }", json!({})).await;
    assert_eq!(me["me"]["email"], email.as_str());
    // Signing out on one server ends the session on both.
    b.ok(token, "mutation { signOut }", json!({})).await;
    let after = a.graphql(Some(token), "{ me { email } }", json!({})).await;
    assert_eq!(error_code(&after), "UNAUTHENTICATED", "{after}");
}

async fn the_sign_in_limit_counts_attempts_on_both_servers(
    app: &TestApp,
    a: &Instance,
    b: &Instance,
) {
    let email = format!("target-{}@bury.gov.uk", uuid::Uuid::now_v7().simple());
    app.create_user(&email, Role::HrAdmin).await;
    // Ten failures, five on each server: the limit (ten in fifteen minutes) is reached only
    // if both count into one tally.
    for attempt in 1..=10 {
        let server = if attempt % 2 == 0 { a } else { b };
        let body = server
            .login(&email, &format!("guess number {attempt:02}"))
            .await;
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "attempt {attempt}");
    }
    for server in [a, b] {
        let body = server.login(&email, PASSWORD).await;
        assert_eq!(error_code(&body), "RATE_LIMITED", "{body}");
    }
}

async fn posts(server: &Instance, hr: &str, id: &str) -> (Vec<String>, String) {
    let data = server
        .ok(
            hr,
            "query($id: ID!) { proposal(id: $id) { posts(first: 100) { nodes { title } } costs { costAfter } } }",
            json!({ "id": id }),
        )
        .await;
    let mut titles: Vec<String> = data["proposal"]["posts"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap().to_owned())
        .collect();
    titles.sort();
    let cost = data["proposal"]["costs"]["costAfter"].to_string();
    (titles, cost)
}

async fn add_post(server: &Instance, hr: &str, id: &str, title: &str) {
    server
        .ok(
            hr,
            "mutation($input: CreatePostInput!) { createPost(input: $input) { id } }",
            json!({ "input": {
                "proposalId": id,
                "title": title,
                "changeSummary": format!("Adds {title}"),
                "proposed": { "grade": "Grade 9", "fte": 1.0, "headcount": 1 },
            } }),
        )
        .await;
}

/// Each server keeps a proposal's structure in memory between requests; a write on the
/// other server must show at once. Returns the proposal, open for consultation.
async fn caches_follow_what_the_other_server_writes(
    app: &TestApp,
    a: &Instance,
    b: &Instance,
) -> String {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let mut staff = Vec::new();
    for _ in 0..6 {
        staff.push(app.signed_in(Role::Staff).await.1);
    }
    let tokens: Vec<&str> = staff.iter().map(String::as_str).collect();
    let id = open_proposal_naming(app, &hr, &tokens, &["UNISON"]).await;

    // Both servers read (and keep) the structure.
    let before = posts(a, &hr, &id).await;
    assert_eq!(posts(b, &hr, &id).await, before);

    add_post(b, &hr, &id, "Inclusion Officer").await;
    let (titles, cost) = posts(a, &hr, &id).await;
    assert!(
        titles.contains(&"Inclusion Officer".to_owned()),
        "server A shows the post server B added: {titles:?}"
    );
    assert_ne!(cost, before.1, "and its cost");

    add_post(a, &hr, &id, "Transition Coordinator").await;
    let seen_by_b = posts(b, &hr, &id).await;
    assert!(
        seen_by_b.0.contains(&"Transition Coordinator".to_owned()),
        "server B shows the post server A added: {seen_by_b:?}"
    );
    assert_eq!(seen_by_b, posts(a, &hr, &id).await);
    id
}

async fn every_planned_email_is_sent_once(app: &TestApp, sink: &SmtpSink, proposal: &str) {
    use consult::store::entities::outbox_message;
    use sea_orm::EntityTrait;
    let proposal: uuid::Uuid = proposal.parse().unwrap();
    // Sent by four workers (two in the servers, two standalone) that poll every second.
    let deadline = Instant::now() + Duration::from_secs(90);
    let rows = loop {
        let rows: Vec<_> = outbox_message::Entity::find()
            .all(app.store.conn())
            .await
            .unwrap();
        let due_now: Vec<_> = rows
            .iter()
            .filter(|r| r.status != "SENT" && r.due_at <= chrono::Utc::now())
            .collect();
        if due_now.is_empty() && rows.iter().any(|r| r.proposal_id == Some(proposal)) {
            break rows;
        }
        assert!(
            Instant::now() < deadline,
            "still unsent: {:?}",
            due_now
                .iter()
                .map(|r| (&r.template, &r.status))
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let sent: Vec<_> = rows.iter().filter(|r| r.status == "SENT").collect();
    let about_the_proposal = sent
        .iter()
        .filter(|r| r.proposal_id == Some(proposal))
        .count();
    assert!(
        about_the_proposal >= 12,
        "opening and publishing for six people at least: {about_the_proposal}"
    );
    let messages = sink.messages();
    assert_eq!(messages.len(), sent.len(), "one message per email sent");
    let mut seen = std::collections::HashSet::new();
    for message in &messages {
        assert!(
            seen.insert(message["messageId"].as_str().unwrap().to_owned()),
            "sent twice: {message}"
        );
    }
}
