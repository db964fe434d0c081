//! `spawn_app`: the real server on a fresh database (SQLite file, or a new PostgreSQL
//! database when `CONSULT_TEST_POSTGRES_URL` is set), bound to a free port, with request helpers.

use consult::config::JwtSecret;
use consult::domain::{
    account::{NewUser, Role},
    audit::AuditActor,
    login_throttle::LoginThrottle,
    password::Password,
};
use consult::server::{Server, ServerConfig};
use consult::store::{self, Store};
use consult_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use tokio::sync::OnceCell;

/// The database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn(TestApp)` once on SQLite and once on PostgreSQL.
/// The PostgreSQL run is skipped (and says so) only when `CONSULT_TEST_POSTGRES_URL` is
/// unset and `CONSULT_TEST_REQUIRE_POSTGRES` is not; `.ci/run` sets both.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            // The server's own runtime (`consult::server::runtime`): its worker stacks.
            #[test]
            fn sqlite() {
                consult::server::runtime(Some(2)).unwrap().block_on(async {
                    let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await.unwrap();
                    super::$name(app).await;
                })
            }

            #[test]
            fn postgres() {
                consult::server::runtime(Some(2)).unwrap().block_on(async {
                    match $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await {
                        Some(app) => super::$name(app).await,
                        None => eprintln!("skipped: CONSULT_TEST_POSTGRES_URL is not set"),
                    }
                })
            }
        }
    )*};
}

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub address: String,
    /// `http://host:port` of the private metrics listener, when the test asked for one.
    pub metrics_address: Option<String>,
    pub client: reqwest::Client,
    pub store: Store,
    pub jwt_secret: JwtSecret,
    pub database_url: String,
    pub backend: Backend,
    // Dropped last: removes the database.
    pub database: TestDatabase,
}

/// A database made for one test and removed after it, even when the test fails.
pub enum TestDatabase {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime; a fresh one on its own thread can block.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(drop_postgres_database(&admin_url, &name));
            })
            .join();
        }
    }
}

pub async fn drop_postgres_database(admin_url: &str, name: &str) {
    if let Ok(admin) = Database::connect(admin_url).await {
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await;
        let _ = admin.close().await;
    }
}

/// `postgres://u@h:5432/postgres?x=y` with the database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_and_path = &base[scheme_end..];
    let host = host_and_path.split('/').next().unwrap_or(host_and_path);
    let mut out = format!("{}{host}/{name}", &base[..scheme_end]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The schema, migrated once per test process and copied for each test: running every
/// migration costs about a second a test, a copy (a file, or `CREATE DATABASE … TEMPLATE`)
/// a tenth of that.
static SQLITE_TEMPLATE: OnceCell<(tempfile::TempDir, PathBuf)> = OnceCell::const_new();
static POSTGRES_TEMPLATE: OnceCell<String> = OnceCell::const_new();

async fn migrate(url: &str) {
    let db = Database::connect(url).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    if url.starts_with("sqlite:") {
        // Into the file, so that a copy of the file alone is the whole database.
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .unwrap();
    }
    db.close().await.unwrap();
}

async fn sqlite_template() -> &'static PathBuf {
    let (_, file) = SQLITE_TEMPLATE
        .get_or_init(|| async {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("template.db");
            migrate(&format!("sqlite://{}?mode=rwc", file.display())).await;
            (dir, file)
        })
        .await;
    file
}

/// The name of this process's migrated PostgreSQL template. Templates of test processes
/// that have ended are dropped first, so that they do not pile up.
async fn postgres_template(admin_url: &str) -> &'static str {
    POSTGRES_TEMPLATE
        .get_or_init(|| async {
            let admin = Database::connect(admin_url).await.unwrap_or_else(|err| {
                panic!("CONSULT_TEST_POSTGRES_URL is set but does not answer: {err}")
            });
            let prefix = "consult_test_template_";
            let rows = admin
                .query_all_raw(sea_orm::Statement::from_string(
                    admin.get_database_backend(),
                    format!("SELECT datname FROM pg_database WHERE datname LIKE '{prefix}%'"),
                ))
                .await
                .unwrap();
            for row in rows {
                let name: String = row.try_get("", "datname").unwrap();
                let pid = name[prefix.len()..].split('_').next().unwrap_or("");
                if !Path::new("/proc").join(pid).exists() {
                    drop_postgres_database(admin_url, &name).await;
                }
            }
            let name = format!(
                "{prefix}{}_{}",
                std::process::id(),
                uuid::Uuid::now_v7().simple()
            );
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .unwrap();
            admin.close().await.unwrap();
            migrate(&with_database(admin_url, &name)).await;
            name
        })
        .await
}

/// A fresh database for one test, with the schema migrated; `None` for PostgreSQL when no
/// server is configured.
pub async fn fresh_database(backend: Backend) -> Option<(String, TestDatabase)> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("consult.db");
            std::fs::copy(sqlite_template().await, &file).unwrap();
            let url = format!("sqlite://{}?mode=rwc", file.display());
            Some((url, TestDatabase::Sqlite(dir)))
        }
        Backend::Postgres => {
            let admin_url = postgres_admin_url()?;
            let template = postgres_template(&admin_url).await;
            let name = format!(
                "consult_test_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed),
                uuid::Uuid::now_v7().simple()
            );
            let admin = Database::connect(&admin_url).await.unwrap_or_else(|err| {
                panic!("CONSULT_TEST_POSTGRES_URL is set but does not answer: {err}")
            });
            admin
                .execute_unprepared(&format!(
                    "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
                ))
                .await
                .unwrap();
            admin.close().await.unwrap();
            Some((
                with_database(&admin_url, &name),
                TestDatabase::Postgres { admin_url, name },
            ))
        }
    }
}

/// Posts a GraphQL request to the server at `address` (`http://host:port`) and returns the
/// JSON response body.
pub async fn graphql_at(
    client: &reqwest::Client,
    address: &str,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Value {
    let mut request = client
        .post(format!("{address}/graphql"))
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("the server answers");
    assert_eq!(
        response.status(),
        200,
        "GraphQL answers 200 with errors in the body"
    );
    response.json().await.unwrap()
}

/// A port free on loopback now, for a process that must be told its port before it starts
/// (a server whose public URL is registered elsewhere, an SMTP sink, nginx).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The PostgreSQL server tests make their databases on (`CONSULT_TEST_POSTGRES_URL`), or
/// `None` when it is unset (CI sets `CONSULT_TEST_REQUIRE_POSTGRES`, so it fails instead).
fn postgres_admin_url() -> Option<String> {
    let url = std::env::var("CONSULT_TEST_POSTGRES_URL").ok();
    let url = url.filter(|v| !v.is_empty());
    assert!(
        url.is_some() || std::env::var_os("CONSULT_TEST_REQUIRE_POSTGRES").is_none(),
        "CONSULT_TEST_REQUIRE_POSTGRES is set but CONSULT_TEST_POSTGRES_URL is not"
    );
    url
}

/// An empty PostgreSQL database (no schema) for one test, or `None` when no server is
/// configured: for what happens before the first migration.
pub async fn empty_postgres_database() -> Option<(String, TestDatabase)> {
    let admin_url = postgres_admin_url()?;
    let name = format!(
        "consult_empty_{}_{}",
        std::process::id(),
        uuid::Uuid::now_v7().simple()
    );
    let admin = Database::connect(&admin_url).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .unwrap();
    admin.close().await.unwrap();
    Some((
        with_database(&admin_url, &name),
        TestDatabase::Postgres { admin_url, name },
    ))
}

/// The settings of a test server on `database_url`: port 0, no worker, no web app.
pub fn server_config(database_url: &str, jwt_secret: &JwtSecret) -> ServerConfig {
    ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: database_url.to_owned(),
        db_max_connections: 4,
        jwt_secret: jwt_secret.clone(),
        token_ttl: chrono::Duration::hours(12),
        login_throttle: LoginThrottle::default(),
        worker: None,
        public_url: None,
        static_dir: None,
        request_budget: consult::api::limits::REQUEST_BUDGET,
        metrics_token: None,
        metrics_listen: None,
        sign_in: Default::default(),
    }
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| {}).await
}

/// `spawn_app` with some of the server's settings changed (e.g. a shorter request budget).
pub async fn spawn_app_with(
    backend: Backend,
    configure: impl FnOnce(&mut ServerConfig),
) -> Option<TestApp> {
    // Server logs (internal errors with their detail) show with a failing test's output.
    let _ = tracing_subscriber::fmt()
        .with_env_filter("consult=warn")
        .with_test_writer()
        .try_init();
    let (database_url, database) = fresh_database(backend).await?;
    let jwt_secret = JwtSecret::generate();
    let mut config = server_config(&database_url, &jwt_secret);
    configure(&mut config);
    let server = Server::build(config).await.expect("the server starts");
    let address = format!("http://{}", server.local_addr());
    let metrics_address = server.metrics_addr().map(|a| format!("http://{a}"));
    let store = server.store().clone();
    tokio::spawn(server.run_until_stopped());
    Some(TestApp {
        address,
        metrics_address,
        client: reqwest::Client::new(),
        store,
        jwt_secret,
        database_url,
        backend,
        database,
    })
}

impl TestApp {
    /// Posts a GraphQL request and returns the JSON response body.
    pub async fn graphql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        graphql_at(&self.client, &self.address, token, query, variables).await
    }

    /// Posts a GraphQL request that must succeed, and returns its `data`.
    pub async fn ok(&self, token: &str, query: &str, variables: Value) -> Value {
        let body = self.graphql(Some(token), query, variables).await;
        assert!(body.get("errors").is_none(), "{query}: {body}");
        body["data"].clone()
    }

    /// Creates an account with `PASSWORD`, as the command line does, and returns its id.
    pub async fn create_user(&self, email: &str, role: Role) -> String {
        let union = (role == Role::UnionRep).then_some("UNISON");
        let new_user = NewUser::parse(email, &format!("Test {role}"), role, union, "").unwrap();
        let password = Password::parse(PASSWORD, "password").unwrap();
        let user = store::users::create(&self.store, &AuditActor::CLI, new_user, Some(password))
            .await
            .unwrap();
        user.id.to_string()
    }

    /// Signs in through the API and returns the token.
    pub async fn login(&self, email: &str, password: &str) -> Value {
        self.graphql(
            None,
            "mutation($input: LoginInput!) { login(input: $input) { token expiresAt user { id email name role } } }",
            json!({ "input": { "email": email, "password": password } }),
        )
        .await
    }

    /// A new representative of `union`, signed in: (user id, token).
    pub async fn signed_in_rep(&self, union: &str) -> (String, String) {
        let email = format!("rep-{}@bury.gov.uk", uuid::Uuid::now_v7().simple());
        let new_user = NewUser::parse(&email, "Test rep", Role::UnionRep, Some(union), "").unwrap();
        let password = Password::parse(PASSWORD, "password").unwrap();
        let user = store::users::create(&self.store, &AuditActor::CLI, new_user, Some(password))
            .await
            .unwrap();
        let body = self.login(&email, PASSWORD).await;
        let token = body["data"]["login"]["token"].as_str().unwrap().to_owned();
        (user.id.to_string(), token)
    }

    /// Sends a GraphQL multipart request (the upload spec) with one file at `variables.<file_path>`.
    pub async fn upload(
        &self,
        token: &str,
        query: &str,
        variables: Value,
        file_path: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Value {
        let (status, body) = self
            .upload_status(token, query, variables, file_path, file_name, bytes)
            .await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// Like `upload`, whatever the status: (status, body).
    pub async fn upload_status(
        &self,
        token: &str,
        query: &str,
        variables: Value,
        file_path: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> (u16, Value) {
        let operations = json!({ "query": query, "variables": variables });
        let map = json!({ "0": [format!("variables.{file_path}")] });
        let form = reqwest::multipart::Form::new()
            .text("operations", operations.to_string())
            .text("map", map.to_string())
            .part(
                "0",
                reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()),
            );
        let response = self
            .client
            .post(format!("{}/graphql", self.address))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("the server answers");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    /// GETs a path, signed in or not: (status, content type, body).
    pub async fn download(&self, token: Option<&str>, path: &str) -> (u16, String, Vec<u8>) {
        self.download_url(token, &format!("{}{path}", self.address))
            .await
    }

    /// `download` from a whole URL (another listener of this server, say).
    pub async fn download_url(&self, token: Option<&str>, url: &str) -> (u16, String, Vec<u8>) {
        let mut request = self.client.get(url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (
            status,
            content_type,
            response.bytes().await.unwrap().to_vec(),
        )
    }

    /// The email address of the account `token` signs in.
    pub async fn email_of(&self, token: &str) -> String {
        self.ok(token, "{ me { email } }", json!({})).await["me"]["email"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A new account with `role`, signed in: (user id, token).
    pub async fn signed_in(&self, role: Role) -> (String, String) {
        let email = format!(
            "{}-{}@bury.gov.uk",
            role.as_str().to_lowercase(),
            uuid::Uuid::now_v7().simple()
        );
        let id = self.create_user(&email, role).await;
        let body = self.login(&email, PASSWORD).await;
        let token = body["data"]["login"]["token"]
            .as_str()
            .unwrap_or_else(|| panic!("login failed: {body}"));
        (id, token.to_owned())
    }
}

/// The `extensions.code` of the first error, asserting there is one.
pub fn error_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error with a code: {body}"))
}

#[test]
fn postgres_urls_get_the_test_database() {
    assert_eq!(
        with_database("postgres://p@127.0.0.1:5432/postgres", "t1"),
        "postgres://p@127.0.0.1:5432/t1"
    );
    assert_eq!(
        with_database("postgres://p@h/postgres?sslmode=disable", "t1"),
        "postgres://p@h/t1?sslmode=disable"
    );
    assert_eq!(with_database("postgres://p@h", "t1"), "postgres://p@h/t1");
}
