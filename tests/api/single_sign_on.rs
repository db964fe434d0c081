//! Single sign-on against a real OpenID Provider (npm's certified `oidc-provider`, in
//! `tests/oidc-provider`) on loopback: the browser's part is played over HTTP with cookies
//! kept by hand and every redirect followed by hand. The provider may spoil its ID token
//! (`spoil=aud|exp|key` on the authorization request) to show each check refuses.

use crate::helpers::{Backend, PASSWORD, TestApp, error_code, free_port, spawn_app_with};
use consult::api::single_sign_on::SingleSignOnSettings;
use consult::domain::{account::Role, metrics_access::MetricsToken, single_sign_on::RoleGroups};
use consult::server::SignInConfig;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// The provider's process, stopped when the test ends.
struct Provider {
    child: Child,
    issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Provider {
    /// Starts the provider for a Consult reached at `consult_url`; it prints its issuer first.
    fn start(consult_url: &str) -> Provider {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc-provider");
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "the test provider is not installed: run `npm ci --prefix tests/oidc-provider`"
        );
        let mut child = Command::new("node")
            .arg(dir.join("server.mjs"))
            .arg(consult_url)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node starts the provider");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout
            .read_line(&mut line)
            .expect("the provider prints its issuer");
        // Whatever it prints later is read and dropped: a closed pipe would end it (EPIPE).
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let issuer = line.trim().to_owned();
        assert!(
            issuer.starts_with("http://127.0.0.1:"),
            "issuer: {issuer:?}"
        );
        Provider { child, issuer }
    }
}

struct SsoApp {
    app: TestApp,
    provider: Provider,
}

/// Consult with single sign-on against a fresh provider; `configure` adjusts the sign-in.
/// Lets the tests read the sign-in failures the server counted.
const METRICS_TOKEN: &str = "a metrics token for the tests";

async fn sso_failures(app: &TestApp, reason: &str) -> f64 {
    let url = format!("{}/metrics", app.address);
    crate::metrics::scrape(app, &url, Some(METRICS_TOKEN))
        .await
        .value(
            "consult_sign_in_failures_total",
            &[("method", "single_sign_on"), ("reason", reason)],
        )
}

async fn spawn_sso_app(
    backend: Backend,
    configure: impl FnOnce(&mut SignInConfig),
) -> Option<SsoApp> {
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let provider = Provider::start(&url);
    let mut sign_in = SignInConfig {
        single_sign_on: Some(SingleSignOnSettings {
            issuer: provider.issuer.clone(),
            client_id: "consult".into(),
            client_secret: Some("consult-test-secret".into()),
            provider_name: "Bury Council account".into(),
            groups_claim: Some("groups".into()),
            role_groups: RoleGroups::default(),
            public_url: url.clone(),
        }),
        password_sign_in: true,
    };
    configure(&mut sign_in);
    let app = spawn_app_with(backend, |config| {
        config.listen = format!("127.0.0.1:{port}").parse().unwrap();
        config.public_url = Some(url);
        config.sign_in = sign_in;
        config.metrics_token = Some(MetricsToken::parse(METRICS_TOKEN).unwrap());
    })
    .await?;
    Some(SsoApp { app, provider })
}

macro_rules! sso_tests {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                consult::server::runtime(Some(2)).unwrap().block_on(async {
                    let app = super::spawn_sso_app($crate::helpers::Backend::Sqlite, |_| {}).await.unwrap();
                    super::$name(app).await;
                })
            }

            #[test]
            fn postgres() {
                consult::server::runtime(Some(2)).unwrap().block_on(async {
                    match super::spawn_sso_app($crate::helpers::Backend::Postgres, |_| {}).await {
                        Some(app) => super::$name(app).await,
                        None => eprintln!("skipped: CONSULT_TEST_POSTGRES_URL is not set"),
                    }
                })
            }
        }
    )*};
}

/// A browser as far as these tests need one: cookies by name (every server here is on
/// 127.0.0.1, where cookies do not tell ports apart), redirects followed by hand.
struct Browser {
    http: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

/// Where a walk through redirects stopped.
#[derive(Debug)]
struct Stop {
    status: StatusCode,
    /// The URL that answered.
    url: String,
    /// Its `Location`, for a redirect to Consult's sign-in page.
    location: Option<String>,
    body: String,
}

impl Browser {
    fn new() -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
        }
    }

    fn keep_cookies(&mut self, response: &reqwest::Response) {
        for value in response.headers().get_all(header::SET_COOKIE) {
            let value = value.to_str().unwrap();
            let pair = value.split(';').next().unwrap();
            let (name, cookie) = pair.split_once('=').unwrap();
            let gone = cookie.is_empty()
                || value.contains("Max-Age=0")
                || value.contains("expires=Thu, 01 Jan 1970");
            if gone {
                self.cookies.remove(name.trim());
            } else {
                self.cookies
                    .insert(name.trim().to_owned(), cookie.trim().to_owned());
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> reqwest::Response {
        let response = request
            .header(header::COOKIE, self.cookie_header())
            .send()
            .await
            .expect("the server answers");
        self.keep_cookies(&response);
        response
    }

    /// GETs `url` and follows redirects until a page, or a redirect to Consult's sign-in page.
    async fn walk(&mut self, url: &str) -> Stop {
        let mut url = url.to_owned();
        for _ in 0..10 {
            let response = self.send(self.http.get(&url)).await;
            let status = response.status();
            let location = response
                .headers()
                .get(header::LOCATION)
                .map(|v| v.to_str().unwrap().to_owned());
            match location {
                Some(location) if status.is_redirection() && !location.starts_with("/sign-in") => {
                    url = absolute(&url, &location);
                }
                location => {
                    return Stop {
                        status,
                        url,
                        location,
                        body: response.text().await.unwrap(),
                    };
                }
            }
        }
        panic!("too many redirects from {url}");
    }

    /// Signs in at the provider's own form as `login` (see tests/oidc-provider/server.mjs)
    /// from its login page, and follows on to where the provider sends the browser back.
    async fn sign_in_at_provider(&mut self, login_page: &Stop, login: &str) -> Stop {
        assert_eq!(login_page.status, 200, "{login_page:?}");
        let action = login_page
            .body
            .split("action=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("no form on {}", login_page.body));
        let response = self
            .send(self.http.post(absolute(&login_page.url, action)).form(&[
                ("prompt", "login"),
                ("login", login),
                ("password", "anything"),
            ]))
            .await;
        assert!(response.status().is_redirection(), "{response:?}");
        let next = response.headers()[header::LOCATION].to_str().unwrap();
        let next = absolute(&login_page.url, next);
        self.walk(&next).await
    }
}

/// `location` resolved against `base`.
fn absolute(base: &str, location: &str) -> String {
    reqwest::Url::parse(base)
        .unwrap()
        .join(location)
        .unwrap()
        .to_string()
}

/// Starts a sign-in at Consult and returns the provider's login page; `spoil` is passed to
/// the provider on the authorization request.
async fn begin(app: &SsoApp, browser: &mut Browser, spoil: Option<&str>) -> Stop {
    let response = browser
        .send(
            browser
                .http
                .get(format!("{}/auth/oidc/start", app.app.address)),
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let mut to_provider = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        to_provider.starts_with(&app.provider.issuer),
        "{to_provider}"
    );
    for expected in [
        "code_challenge_method=S256",
        "nonce=",
        "state=",
        "scope=openid",
    ] {
        assert!(
            to_provider.contains(expected),
            "{to_provider} lacks {expected}"
        );
    }
    if let Some(spoil) = spoil {
        to_provider.push_str(&format!("&spoil={spoil}"));
    }
    browser.walk(&to_provider).await
}

/// A whole sign-in as `login`: where Consult's callback left the browser.
async fn sign_in(app: &SsoApp, browser: &mut Browser, login: &str, spoil: Option<&str>) -> Stop {
    let login_page = begin(app, browser, spoil).await;
    browser.sign_in_at_provider(&login_page, login).await
}

/// The `problem` a refused sign-in lands on the sign-in page with.
fn problem(stop: &Stop) -> &str {
    assert_eq!(stop.status, StatusCode::SEE_OTHER, "{stop:?}");
    stop.location
        .as_deref()
        .and_then(|l| l.strip_prefix("/sign-in?problem="))
        .unwrap_or_else(|| panic!("not a refusal: {stop:?}"))
}

async fn me(app: &TestApp, token: &str) -> Value {
    app.graphql(Some(token), "{ me { email role } }", json!({}))
        .await
}

async fn good_sign_in_signs_in_audits_and_signs_out_at_the_provider(app: SsoApp) {
    let (_, hr) = app.app.signed_in(Role::HrAdmin).await;
    let email = "jo.brierley@bury.gov.uk";
    app.app.create_user(email, Role::Manager).await;
    let mut browser = Browser::new();
    let landed = sign_in(&app, &mut browser, email, None).await;
    assert_eq!(landed.status, 200, "{landed:?}");
    assert!(
        landed
            .url
            .starts_with(&format!("{}/auth/oidc/callback?", app.app.address)),
        "{landed:?}"
    );
    // A page of Consult's own moves the browser on, so the Strict cookie goes with it.
    assert!(
        landed
            .body
            .contains("http-equiv=\"refresh\" content=\"0;url=/\"")
    );
    assert!(!browser.cookies.contains_key("consult_sso_attempt"));
    let token = browser.cookies["consult_session"].clone();
    let body = me(&app.app, &token).await;
    assert_eq!(
        body["data"]["me"],
        json!({ "email": email, "role": "MANAGER" })
    );

    let audit = app
        .app
        .ok(
            &hr,
            "{ auditEvents(action: \"user.signed_in_with_single_sign_on\") { edges { node { actor { email } after } } } }",
            json!({}),
        )
        .await;
    let event = &audit["auditEvents"]["edges"][0]["node"];
    assert_eq!(event["actor"]["email"], email);
    assert_eq!(event["after"]["issuer"], app.provider.issuer.as_str());
    assert_eq!(event["after"]["subject"], email);

    // Signing out ends the session here and sends the browser to the provider's logout.
    let response = browser
        .send(
            browser
                .http
                .get(format!("{}/auth/oidc/sign-out", app.app.address)),
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let logout =
        reqwest::Url::parse(response.headers()[header::LOCATION].to_str().unwrap()).unwrap();
    assert!(
        logout
            .as_str()
            .starts_with(&format!("{}/session/end", app.provider.issuer))
    );
    let query: BTreeMap<_, _> = logout.query_pairs().into_owned().collect();
    assert_eq!(query["client_id"], "consult");
    assert_eq!(
        query["post_logout_redirect_uri"],
        format!("{}/sign-in?signedOut=1", app.app.address)
    );
    assert_eq!(query["id_token_hint"].split('.').count(), 3, "a JWT");
    assert!(!browser.cookies.contains_key("consult_session"), "cleared");
    assert_eq!(
        crate::helpers::error_code(&me(&app.app, &token).await),
        "UNAUTHENTICATED"
    );
    // The provider accepts the request: it asks whether to sign out there too.
    let page = browser.walk(logout.as_str()).await;
    assert_eq!(page.status, 200, "{page:?}");
    assert!(page.body.contains("logout"), "{}", page.body);
}

async fn a_replayed_state_is_refused(app: SsoApp) {
    let email = "replay@bury.gov.uk";
    app.app.create_user(email, Role::Staff).await;
    let mut browser = Browser::new();
    let attempt_cookie_url = {
        let login_page = begin(&app, &mut browser, None).await;
        let attempt = browser.cookies["consult_sso_attempt"].clone();
        let landed = browser.sign_in_at_provider(&login_page, email).await;
        assert_eq!(landed.status, 200, "the first use signs in: {landed:?}");
        (landed.url, attempt)
    };
    let (callback, attempt) = attempt_cookie_url;
    // The same answer again, from the same browser with the same attempt cookie.
    browser.cookies.remove("consult_session");
    browser
        .cookies
        .insert("consult_sso_attempt".into(), attempt);
    let replayed = browser.walk(&callback).await;
    assert_eq!(problem(&replayed), "sso-failed");
    assert!(!browser.cookies.contains_key("consult_session"));
}

async fn a_callback_in_another_browser_is_refused(app: SsoApp) {
    let email = "elsewhere@bury.gov.uk";
    app.app.create_user(email, Role::Staff).await;
    let mut browser = Browser::new();
    let login_page = begin(&app, &mut browser, None).await;
    // The attempt's cookie is lost before the provider sends the browser back.
    browser.cookies.remove("consult_sso_attempt");
    let landed = browser.sign_in_at_provider(&login_page, email).await;
    assert_eq!(problem(&landed), "sso-failed");
    assert!(!browser.cookies.contains_key("consult_session"));
}

async fn spoilt_id_tokens_are_refused(app: SsoApp) {
    let email = "spoilt@bury.gov.uk";
    app.app.create_user(email, Role::Staff).await;
    // Another audience, an expiry in the past (both signed with the provider's key), and a
    // signature by a key the provider never published.
    for spoil in ["aud", "exp", "key"] {
        let mut browser = Browser::new();
        let landed = sign_in(&app, &mut browser, email, Some(spoil)).await;
        assert_eq!(problem(&landed), "sso-failed", "spoil={spoil}");
        assert!(
            !browser.cookies.contains_key("consult_session"),
            "spoil={spoil}"
        );
    }
    assert_eq!(sso_failures(&app.app, "provider_answer_refused").await, 3.0);
    // Unspoilt, the same person signs in: the refusals were the token's.
    let mut browser = Browser::new();
    let landed = sign_in(&app, &mut browser, email, None).await;
    assert_eq!(landed.status, 200, "{landed:?}");
}

async fn an_unverified_or_unknown_email_is_refused(app: SsoApp) {
    app.app
        .create_user("unverified.jo@bury.gov.uk", Role::Staff)
        .await;
    let mut browser = Browser::new();
    let landed = sign_in(&app, &mut browser, "unverified.jo@bury.gov.uk", None).await;
    assert_eq!(problem(&landed), "sso-unverified-email");

    let mut browser = Browser::new();
    let landed = sign_in(&app, &mut browser, "nobody@bury.gov.uk", None).await;
    assert_eq!(problem(&landed), "sso-unknown-email");
    assert!(!browser.cookies.contains_key("consult_session"));

    // Both are counted for the metrics, each under its reason.
    assert_eq!(sso_failures(&app.app, "unverified_email").await, 1.0);
    assert_eq!(sso_failures(&app.app, "unknown_email").await, 1.0);
}

async fn a_disabled_account_is_refused(app: SsoApp) {
    let (_, hr) = app.app.signed_in(Role::HrAdmin).await;
    let id = app.app.create_user("leaver@bury.gov.uk", Role::Staff).await;
    app.app
        .ok(
            &hr,
            "mutation($id: ID!) { disableUser(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    let mut browser = Browser::new();
    let landed = sign_in(&app, &mut browser, "leaver@bury.gov.uk", None).await;
    assert_eq!(problem(&landed), "sso-account-disabled");
}

sso_tests!(
    good_sign_in_signs_in_audits_and_signs_out_at_the_provider,
    a_replayed_state_is_refused,
    a_callback_in_another_browser_is_refused,
    spoilt_id_tokens_are_refused,
    an_unverified_or_unknown_email_is_refused,
    a_disabled_account_is_refused,
);

/// Groups map to roles; a union representative is never changed by them.
async fn groups_set_roles(backend: Backend) {
    let Some(app) = spawn_sso_app(backend, |sign_in| {
        let sso = sign_in.single_sign_on.as_mut().unwrap();
        sso.role_groups =
            RoleGroups::parse("HR_ADMIN=consult-hr,MANAGER=consult-managers").unwrap();
    })
    .await
    else {
        return eprintln!("skipped: CONSULT_TEST_POSTGRES_URL is not set");
    };
    let (_, hr) = app.app.signed_in(Role::HrAdmin).await;
    app.app.create_user("kim@bury.gov.uk", Role::Staff).await;
    let mut browser = Browser::new();
    sign_in(
        &app,
        &mut browser,
        "kim@bury.gov.uk#consult-managers,everyone",
        None,
    )
    .await;
    let token = browser.cookies["consult_session"].clone();
    assert_eq!(me(&app.app, &token).await["data"]["me"]["role"], "MANAGER");

    // Out of the group at the provider: back to STAFF at the next sign-in.
    let mut browser = Browser::new();
    sign_in(&app, &mut browser, "kim@bury.gov.uk#everyone", None).await;
    let token = browser.cookies["consult_session"].clone();
    assert_eq!(me(&app.app, &token).await["data"]["me"]["role"], "STAFF");

    let audit = app
        .app
        .ok(
            &hr,
            "{ auditEvents(action: \"user.role_set_from_groups\") { edges { node { actorLabel before after } } } }",
            json!({}),
        )
        .await;
    let events = audit["auditEvents"]["edges"].as_array().unwrap();
    assert_eq!(events.len(), 2, "{audit}");
    assert_eq!(events[0]["node"]["actorLabel"], "single sign-on");
    assert_eq!(events[0]["node"]["after"]["role"], "STAFF");

    let (_, rep_token) = app.app.signed_in_rep("UNISON").await;
    let rep = me(&app.app, &rep_token).await["data"]["me"]["email"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut browser = Browser::new();
    sign_in(&app, &mut browser, &format!("{rep}#consult-hr"), None).await;
    let token = browser.cookies["consult_session"].clone();
    assert_eq!(
        me(&app.app, &token).await["data"]["me"]["role"],
        "UNION_REP"
    );
}

/// With password sign-in off: the public field says so, `login` and `signInWithLink` refuse
/// with a stable code, and a new account's invitation points at single sign-on.
async fn without_passwords(backend: Backend) {
    let Some(app) = spawn_sso_app(backend, |sign_in| sign_in.password_sign_in = false).await else {
        return eprintln!("skipped: CONSULT_TEST_POSTGRES_URL is not set");
    };
    let options = app
        .app
        .graphql(
            None,
            "{ signInOptions { passwordSignIn singleSignOn { providerName startPath signOutPath } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        options["data"]["signInOptions"],
        json!({
            "passwordSignIn": false,
            "singleSignOn": {
                "providerName": "Bury Council account",
                "startPath": "/auth/oidc/start",
                "signOutPath": "/auth/oidc/sign-out",
            },
        })
    );
    // An account made before the switch, with a password, cannot use it.
    app.app.create_user("pat@bury.gov.uk", Role::HrAdmin).await;
    let refused = app.app.login("pat@bury.gov.uk", PASSWORD).await;
    assert_eq!(error_code(&refused), "PASSWORD_SIGN_IN_OFF", "{refused}");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Bury Council account")
    );
    let refused = app
        .app
        .graphql(
            None,
            "mutation { signInWithLink(input: { token: \"x\" }) { token } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&refused), "PASSWORD_SIGN_IN_OFF");

    // HR signs in through the provider and creates an account: its invitation has no link.
    let mut browser = Browser::new();
    let landed = sign_in(&app, &mut browser, "pat@bury.gov.uk", None).await;
    assert_eq!(landed.status, 200, "{landed:?}");
    let hr = browser.cookies["consult_session"].clone();
    app.app
        .ok(
            &hr,
            "mutation { createUser(input: { email: \"new@bury.gov.uk\", name: \"New Person\", role: STAFF }) { id } }",
            json!({}),
        )
        .await;
    // The invitation, sent through a real SMTP server: the provider's name and the sign-in
    // page, no single-use link and no password to set.
    let sink = crate::email::SmtpSink::start();
    crate::email::worker(&app.app, &sink)
        .run_once()
        .await
        .unwrap();
    let invitation = sink.to("new@bury.gov.uk", "Your Consult account");
    assert_eq!(invitation.len(), 1, "{:?}", sink.messages());
    let text = invitation[0]["text"].as_str().unwrap();
    assert!(text.contains("Sign in with Bury Council account"), "{text}");
    let sign_in_page = format!("{}/sign-in", crate::email::PUBLIC_URL);
    assert!(
        text.split_whitespace().any(|word| word == sign_in_page),
        "{text}"
    );
    assert!(!text.contains("token="), "{text}");
}

#[test]
fn groups_set_roles_sqlite() {
    consult::server::runtime(Some(2))
        .unwrap()
        .block_on(groups_set_roles(Backend::Sqlite));
}

#[test]
fn groups_set_roles_postgres() {
    consult::server::runtime(Some(2))
        .unwrap()
        .block_on(groups_set_roles(Backend::Postgres));
}

#[test]
fn without_passwords_sqlite() {
    consult::server::runtime(Some(2))
        .unwrap()
        .block_on(without_passwords(Backend::Sqlite));
}

#[test]
fn without_passwords_postgres() {
    consult::server::runtime(Some(2))
        .unwrap()
        .block_on(without_passwords(Backend::Postgres));
}

/// Switching passwords off without single sign-on would let nobody in: refused at start-up.
#[test]
fn password_sign_in_off_needs_single_sign_on() {
    consult::server::runtime(Some(1)).unwrap().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("c.db").display());
        let config = consult::server::ServerConfig {
            sign_in: SignInConfig {
                single_sign_on: None,
                password_sign_in: false,
            },
            ..crate::helpers::server_config(&url, &consult::config::JwtSecret::generate())
        };
        let err = consult::server::Server::build(config)
            .await
            .err()
            .expect("refused");
        assert!(
            err.to_string().contains("CONSULT_PASSWORD_SIGN_IN=false"),
            "{err}"
        );
    });
}

/// The same refusal from the command line, before anything is served; and a groups mapping
/// that would make union representatives is refused too.
#[test]
fn the_command_line_refuses_what_would_lock_people_out() {
    let dir = tempfile::tempdir().unwrap();
    let serve = |env: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_consult"));
        command
            .current_dir(dir.path())
            .env_remove("DATABASE_URL")
            .env("CONSULT_LISTEN", "127.0.0.1:0")
            .arg("serve");
        for (name, value) in env {
            command.env(name, value);
        }
        let output = command.output().unwrap();
        assert!(!output.status.success(), "{env:?} started");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let stderr = serve(&[("CONSULT_PASSWORD_SIGN_IN", "false")]);
    assert!(
        stderr.contains("CONSULT_PASSWORD_SIGN_IN=false needs single sign-on"),
        "{stderr}"
    );
    let stderr = serve(&[
        ("CONSULT_OIDC_ISSUER", "http://127.0.0.1:9/"),
        ("CONSULT_OIDC_CLIENT_ID", "consult"),
        ("CONSULT_OIDC_GROUPS_CLAIM", "groups"),
        ("CONSULT_OIDC_ROLE_GROUPS", "UNION_REP=unison-stewards"),
    ]);
    assert!(stderr.contains("CONSULT_OIDC_ROLE_GROUPS"), "{stderr}");
    assert!(stderr.contains("union"), "{stderr}");
}
