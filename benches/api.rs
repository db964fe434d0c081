//! Load benchmark: the real server over HTTP on a fresh embedded (SQLite) database loaded with
//! the demo, timing the requests people make most and counting their SQL statements.
//!
//! `cargo bench --bench api` (add `-- 500` for more rounds). Timings depend on the machine;
//! statement counts do not, and must not grow with the data.
//!
//! `cargo bench --bench api -- smtp [2000]` measures the email worker alone instead: that many
//! due emails sent to a real SMTP server on loopback (`tests/support/smtp_sink.py`, aiosmtpd),
//! first writing every message as a JSON file as the tests do, then discarding them; aiosmtpd
//! itself (Python) caps both, so a third figure uses a minimal SMTP responder in this process
//! that only counts what it is sent: that one is the worker's own. On SQLite, and on
//! PostgreSQL too when `CONSULT_TEST_POSTGRES_URL` is set (a scratch database is made and
//! dropped).

use consult::config::JwtSecret;
use consult::demo::{self, DemoPasswords};
use consult::domain::login_throttle::LoginThrottle;
use consult::notify::{
    mailer::Mailer,
    worker::{Worker, WorkerConfig},
};
use consult::server::{Server, ServerConfig};
use consult::store::Store;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const PASSWORD: &str = "benchmark passphrase 1";

const PROPOSAL_PAGE: &str = "query($id: ID!) { proposal(id: $id) { title status costs { costBefore costAfter saving }
    counts { directlyAffected potentiallyDisplaced newPostsCreated }
    posts(first: 100) { totalCount edges { node { title actions current { grade fte reportsTo { title } } proposed { grade fte } } } }
    orgChart(side: PROPOSED) { depth post { title } }
    jobDescriptions { title versions { label duties { number text } } }
    timetable { consultationStart consultationEnd } meetings { title startsAt }
    questions { text status answer } faq { question answer }
    feedbackSummary { responses answers { questionKey choices { choice responses } } }
    themes { name raised { total } } outcomeReport { complete missing } } }";

struct Client {
    http: reqwest::Client,
    address: String,
    store: Store,
}

impl Client {
    async fn call(&self, token: &str, query: &str, variables: Value) -> Value {
        let body: Value = self
            .http
            .post(format!("{}/graphql", self.address))
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(body.get("errors").is_none(), "{body}");
        body["data"].clone()
    }

    async fn login(&self, email: &str) -> String {
        let data = self
            .call(
                "",
                "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }",
                json!({ "e": email, "p": PASSWORD }),
            )
            .await;
        data["login"]["token"].as_str().unwrap().to_owned()
    }

    /// Times `rounds` calls; prints the median, the 95th percentile and statements per call.
    async fn measure(&self, name: &str, rounds: usize, mut call: impl AsyncFnMut(usize)) {
        let mut times = Vec::with_capacity(rounds);
        let before = self.store.statements_executed();
        for i in 0..rounds {
            let started = Instant::now();
            call(i).await;
            times.push(started.elapsed());
        }
        let statements = (self.store.statements_executed() - before) as f64 / rounds as f64;
        times.sort();
        let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
        println!(
            "{name:<48} median {:>8.2} ms   p95 {:>8.2} ms   {statements:>6.1} statements/call",
            ms(at(0.5)),
            ms(at(0.95)),
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let number: Option<usize> = std::env::args().skip(1).find_map(|a| a.parse().ok());
    if std::env::args().skip(1).any(|a| a == "smtp") {
        return smtp::main(number.unwrap_or(2000)).await;
    }
    let rounds = number.unwrap_or(100);
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let server = Server::build(ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url,
        db_max_connections: 10,
        jwt_secret: JwtSecret::generate(),
        token_ttl: chrono::Duration::hours(1),
        login_throttle: LoginThrottle::default(),
        worker: None,
        public_url: None,
        static_dir: None,
        request_budget: consult::api::limits::REQUEST_BUDGET,
        metrics_token: None,
        metrics_listen: None,
        sign_in: Default::default(),
    })
    .await
    .unwrap();
    let store = server.store().clone();
    let client = Client {
        http: reqwest::Client::new(),
        address: format!("http://{}", server.local_addr()),
        store: store.clone(),
    };
    tokio::spawn(server.run_until_stopped());
    demo::load(&store, DemoPasswords::Use(PASSWORD))
        .await
        .unwrap();
    let hr = client.login("hr@bury.example").await;
    let staff = client.login("caseworker@bury.example").await;
    let id = client
        .call(&hr, "{ proposals { edges { node { id } } } }", json!({}))
        .await["proposals"]["edges"][0]["node"]["id"]
        .clone();
    println!("The Bury demo on SQLite, {rounds} rounds each:");

    client
        .measure("proposal page as HR (every section)", rounds, async |_| {
            client.call(&hr, PROPOSAL_PAGE, json!({ "id": id })).await;
        })
        .await;
    client
        .measure("proposal page as affected staff", rounds, async |_| {
            client.call(&staff, PROPOSAL_PAGE.replace("feedbackSummary { responses answers { questionKey choices { choice responses } } }", "").as_str(), json!({ "id": id })).await;
        })
        .await;
    client
        .measure("proposals list with costs and counts", rounds, async |_| {
            client
                .call(&hr, "{ proposals(first: 20) { totalCount edges { node { title status costs { saving } counts { directlyAffected } questions { status } } } } }", json!({}))
                .await;
        })
        .await;
    client
        .measure("saveFeedback draft (a write, outbox re-planned)", rounds, async |i| {
            let answer = if i % 2 == 0 { "AGREE" } else { "DISAGREE" };
            client
                .call(&staff, "mutation($id: ID!, $a: String!) { saveFeedback(input: {proposalId: $id, answers: [{questionKey: \"agree_with_proposal\", values: [$a]}]}) { version } }", json!({ "id": id, "a": answer }))
                .await;
        })
        .await;
    client
        .measure("raiseQuestion (a write, outbox re-planned)", rounds, async |i| {
            client
                .call(&staff, "mutation($id: ID!, $t: String!) { raiseQuestion(input: {proposalId: $id, text: $t}) { id } }", json!({ "id": id, "t": format!("Question {i}?") }))
                .await;
        })
        .await;

    // The worker writing the demo's due emails as files.
    let mail = dir.path().join("mail");
    let worker = Worker::new(
        store.clone(),
        WorkerConfig {
            mailer: Mailer::new(None, mail.clone()).unwrap(),
            from: "Consult <consult@localhost>".parse().unwrap(),
            public_url: "http://127.0.0.1:8080".into(),
            poll: Duration::from_secs(5),
        },
    );
    let started = Instant::now();
    let sent = worker.run_once().await.unwrap();
    let elapsed = started.elapsed();
    println!(
        "{:<48} {sent} emails in {:.0} ms ({:.1} ms each)",
        "worker: render and write due emails",
        ms(elapsed),
        ms(elapsed) / sent.max(1) as f64
    );
}

/// The email worker's throughput to a real SMTP server.
mod smtp {
    use super::*;
    use consult::domain::{
        account::{NewUser, Role},
        audit::AuditActor,
        notify::{Milestone, OutboxStatus},
        password::Password,
    };
    use consult::store::entities::outbox_message;
    use sea_orm::{
        ColumnTrait, ConnectionTrait, Database, EntityTrait, PaginatorTrait, QueryFilter,
    };
    use std::io::BufRead;
    use std::process::{Child, Command, Stdio};
    use std::sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    };

    /// aiosmtpd on a free loopback port (see `tests/support/smtp_sink.py`).
    struct Sink {
        port: u16,
        dir: tempfile::TempDir,
        child: Child,
    }

    impl Sink {
        fn start() -> Self {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let dir = tempfile::tempdir().unwrap();
            let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
            let mut child = Command::new("python3")
                .arg(script)
                .arg(port.to_string())
                .arg(dir.path())
                .stdout(Stdio::piped())
                .spawn()
                .expect("python3 runs (pip install aiosmtpd)");
            let mut line = String::new();
            std::io::BufReader::new(child.stdout.take().unwrap())
                .read_line(&mut line)
                .unwrap();
            assert_eq!(line.trim(), "ready", "the SMTP sink started");
            Sink { port, dir, child }
        }

        fn files(&self) -> usize {
            std::fs::read_dir(self.dir.path())
                .unwrap()
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .count()
        }
    }

    impl Drop for Sink {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    pub async fn main(messages: usize) {
        println!("The email worker, {messages} emails to aiosmtpd on loopback:");
        let dir = tempfile::tempdir().unwrap();
        let sqlite = format!("sqlite://{}?mode=rwc", dir.path().join("smtp.db").display());
        for sink in [SinkKind::Json, SinkKind::Discard, SinkKind::Minimal] {
            run("SQLite", &sqlite, messages, sink).await;
        }
        let Some(admin_url) = std::env::var("CONSULT_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            println!("(PostgreSQL skipped: CONSULT_TEST_POSTGRES_URL is not set)");
            return;
        };
        let name = format!("consult_bench_{}", uuid::Uuid::now_v7().simple());
        let admin = Database::connect(&admin_url).await.unwrap();
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
        let (base, query) = admin_url
            .split_once('?')
            .map_or((admin_url.as_str(), ""), |(b, q)| (b, q));
        let base = &base[..base.rfind('/').unwrap()];
        let url = if query.is_empty() {
            format!("{base}/{name}")
        } else {
            format!("{base}/{name}?{query}")
        };
        for sink in [SinkKind::Json, SinkKind::Discard, SinkKind::Minimal] {
            run("PostgreSQL", &url, messages, sink).await;
        }
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await
            .unwrap();
    }

    #[derive(Clone, Copy, PartialEq)]
    enum SinkKind {
        /// aiosmtpd, writing each message as JSON (as in the tests).
        Json,
        /// aiosmtpd, accepting each message without reading it.
        Discard,
        /// `minimal_sink`: the SMTP exchange and nothing else.
        Minimal,
    }

    /// Answers SMTP on a free loopback port, as fast as it can, and counts the messages.
    async fn minimal_sink(count: Arc<AtomicUsize>) -> u16 {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                stream.set_nodelay(true).unwrap();
                let count = count.clone();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read);
                    let mut line = String::new();
                    write.write_all(b"220 sink ESMTP\r\n").await?;
                    loop {
                        line.clear();
                        if lines.read_line(&mut line).await? == 0 {
                            return Ok::<_, std::io::Error>(());
                        }
                        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "EHLO" | "HELO" => b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
                            "DATA" => {
                                write.write_all(b"354 go on\r\n").await?;
                                loop {
                                    line.clear();
                                    if lines.read_line(&mut line).await? == 0 {
                                        return Ok(());
                                    }
                                    if line == ".\r\n" {
                                        break;
                                    }
                                }
                                count.fetch_add(1, Ordering::Relaxed);
                                b"250 OK\r\n"
                            }
                            "QUIT" => {
                                write.write_all(b"221 bye\r\n").await?;
                                return Ok(());
                            }
                            _ => b"250 OK\r\n",
                        };
                        write.write_all(reply).await?;
                    }
                });
            }
        });
        port
    }

    async fn run(database: &str, url: &str, messages: usize, kind: SinkKind) {
        let store = Store::connect(url, 10).await.unwrap();
        store.migrate().await.unwrap();
        // Earlier runs' messages are out of the way.
        outbox_message::Entity::delete_many()
            .exec(store.conn())
            .await
            .unwrap();
        let mut people = Vec::new();
        for i in 0..20 {
            let email = format!("person{i}-{}@bury.example", uuid::Uuid::now_v7().simple());
            let new_user =
                NewUser::parse(&email, &format!("Person {i}"), Role::Staff, None, "").unwrap();
            let password = Password::parse(PASSWORD, "password").unwrap();
            let user =
                consult::store::users::create(&store, &AuditActor::CLI, new_user, Some(password))
                    .await
                    .unwrap();
            people.push((user.id, email));
        }
        let txn = store.begin_write().await.unwrap();
        for i in 0..messages {
            let (id, email) = &people[i % people.len()];
            consult::store::outbox::enqueue(
                &txn,
                (*id, email),
                Milestone::QuestionAnswered,
                format!("bench:{}", uuid::Uuid::now_v7()),
                json!({
                    "proposalId": "0190",
                    "proposalTitle": "Restructure of the SEN Service",
                    "proposalPath": "/proposals/0190",
                    "questionText": format!("Question {i}: will caseloads be capped?"),
                }),
            )
            .await
            .unwrap();
        }
        txn.commit().await.unwrap();

        let sink = Sink::start();
        if kind == SinkKind::Discard {
            std::fs::write(sink.dir.path().join("discard"), "").unwrap();
        }
        let counted = Arc::new(AtomicUsize::new(0));
        let port = match kind {
            SinkKind::Minimal => minimal_sink(counted.clone()).await,
            _ => sink.port,
        };
        let worker = Worker::new(
            store.clone(),
            WorkerConfig {
                mailer: Mailer::new(
                    Some(&format!("smtp://127.0.0.1:{port}")),
                    sink.dir.path().join("unused"),
                )
                .unwrap(),
                from: "Consult <consult@localhost>".parse().unwrap(),
                public_url: "http://127.0.0.1:8080".into(),
                poll: Duration::from_secs(5),
            },
        );
        let statements = store.statements_executed();
        let started = Instant::now();
        let handled = worker.run_once().await.unwrap();
        let elapsed = started.elapsed();
        let statements = store.statements_executed() - statements;
        let sent = outbox_message::Entity::find()
            .filter(outbox_message::Column::Status.eq(OutboxStatus::Sent.as_str()))
            .count(store.conn())
            .await
            .unwrap() as usize;
        assert_eq!(
            (handled, sent),
            (messages, messages),
            "every email was sent"
        );
        match kind {
            SinkKind::Json => assert_eq!(sink.files(), messages, "the sink has every email"),
            SinkKind::Minimal => assert_eq!(counted.load(Ordering::Relaxed), messages),
            SinkKind::Discard => {}
        }
        println!(
            "{:<48} {sent} emails in {:>7.0} ms: {:>6.0} emails/s, {:.2} statements/email",
            format!(
                "worker -> SMTP ({database}, {})",
                match kind {
                    SinkKind::Json => "aiosmtpd writing JSON",
                    SinkKind::Discard => "aiosmtpd discarding",
                    SinkKind::Minimal => "minimal sink",
                }
            ),
            ms(elapsed),
            sent as f64 / elapsed.as_secs_f64(),
            statements as f64 / sent as f64,
        );
    }
}
