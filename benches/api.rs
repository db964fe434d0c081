//! Load benchmark: the real server over HTTP on a fresh embedded (SQLite) database loaded with
//! the demo, timing the requests people make most and counting their SQL statements.
//!
//! `cargo bench --bench api` (add `-- 500` for more rounds). Timings depend on the machine;
//! statement counts do not, and must not grow with the data.

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
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100);
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
        graphiql: false,
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
