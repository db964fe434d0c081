//! The `consult` binary itself: `user add`, and `serve` with the embedded defaults.

use crate::db_tests;
use crate::helpers::{PASSWORD, TestApp};
use std::io::Write;
use std::process::{Command, Stdio};

db_tests!(
    user_add_then_login_then_me,
    user_add_refuses_bad_input,
    user_add_generates_a_password_when_none_is_given,
    demo_accounts_can_sign_in,
);

fn consult() -> Command {
    Command::new(env!("CARGO_BIN_EXE_consult"))
}

fn user_add(app: &TestApp, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut child = consult()
        .env("DATABASE_URL", &app.database_url)
        .env("CONSULT_LOG", "warn")
        .args(["user", "add"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        writeln!(input, "{text}").unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

async fn user_add_then_login_then_me(app: TestApp) {
    let args = [
        "--email",
        "rep@gmb.org.uk",
        "--name",
        "Chris Rep",
        "--role",
        "UNION_REP",
        "--union",
        "GMB",
        "--password-stdin",
    ];
    let output = user_add(&app, &args, Some(PASSWORD));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let body = app.login("rep@gmb.org.uk", PASSWORD).await;
    let token = body["data"]["login"]["token"].as_str().unwrap();
    let me = app
        .graphql(
            Some(token),
            "{ me { name role union } }",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(
        me["data"]["me"],
        serde_json::json!({ "name": "Chris Rep", "role": "UNION_REP", "union": "GMB" })
    );
}

async fn user_add_refuses_bad_input(app: TestApp) {
    let no_union = user_add(
        &app,
        &[
            "--email",
            "r@x.org",
            "--name",
            "R",
            "--role",
            "UNION_REP",
            "--password-stdin",
        ],
        Some(PASSWORD),
    );
    assert!(!no_union.status.success());
    assert!(String::from_utf8_lossy(&no_union.stderr).contains("--union"));

    let short = user_add(
        &app,
        &[
            "--email",
            "s@x.org",
            "--name",
            "S",
            "--role",
            "STAFF",
            "--password-stdin",
        ],
        Some("short"),
    );
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));

    let bad_role = user_add(
        &app,
        &["--email", "b@x.org", "--name", "B", "--role", "BOSS"],
        None,
    );
    assert!(!bad_role.status.success());

    let ok = user_add(
        &app,
        &[
            "--email",
            "dup@x.org",
            "--name",
            "D",
            "--role",
            "STAFF",
            "--password-stdin",
        ],
        Some(PASSWORD),
    );
    assert!(ok.status.success());
    let dup = user_add(
        &app,
        &[
            "--email",
            "DUP@x.org",
            "--name",
            "D",
            "--role",
            "STAFF",
            "--password-stdin",
        ],
        Some(PASSWORD),
    );
    assert!(!dup.status.success());
    assert!(String::from_utf8_lossy(&dup.stderr).contains("already an account"));
}

async fn user_add_generates_a_password_when_none_is_given(app: TestApp) {
    let output = user_add(
        &app,
        &[
            "--email",
            "new@bury.gov.uk",
            "--name",
            "New Starter",
            "--role",
            "STAFF",
        ],
        None,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let password = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Password (shown once): "))
        .expect("the password is printed");
    assert!(app.login("new@bury.gov.uk", password).await["data"]["login"]["token"].is_string());
}

/// The README's run command on a fresh directory: SQLite file, generated secret, logs.
#[test]
fn serve_starts_on_the_embedded_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = consult()
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .env_remove("CONSULT_JWT_SECRET")
        .env("CONSULT_LISTEN", format!("127.0.0.1:{port}"))
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let body = runtime.block_on(async {
        let client = reqwest::Client::new();
        for _ in 0..100 {
            if let Ok(response) = client
                .post(format!("http://127.0.0.1:{port}/graphql"))
                .json(&serde_json::json!({ "query": "{ __typename }" }))
                .send()
                .await
            {
                return response.json::<serde_json::Value>().await.ok();
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        None
    });
    // SIGTERM, then read what it logged.
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let output = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        body,
        Some(serde_json::json!({ "data": { "__typename": "Query" } })),
        "{log}"
    );
    assert!(
        dir.path().join("consult.db").exists(),
        "SQLite file in the working directory"
    );
    let secret = dir.path().join("consult.jwt-secret");
    assert!(
        secret.exists(),
        "generated signing secret beside the database"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    assert!(
        log.contains("CONSULT_JWT_SECRET is not set"),
        "the log says a secret was generated: {log}"
    );
    let request_line = log
        .lines()
        .find(|l| l.contains("path=\"/graphql\""))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(
        request_line.contains("status=200") && request_line.contains("duration_ms="),
        "{request_line}"
    );
}

/// `consult demo` (part of the README's run command) gives accounts of every role with
/// passwords shown once; running it again creates nothing and shows no password.
async fn demo_accounts_can_sign_in(app: TestApp) {
    let run = || {
        let output = consult()
            .env("DATABASE_URL", &app.database_url)
            .env("CONSULT_LOG", "warn")
            .arg("demo")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let first = run();
    let mut roles = std::collections::HashSet::new();
    for (email, _, role, _) in consult::demo::DEMO_PEOPLE {
        let line = first
            .lines()
            .find(|l| l.trim_start().starts_with(email))
            .unwrap_or_else(|| panic!("{first}"));
        let password = line.split_whitespace().nth(2).unwrap();
        let body = app.login(email, password).await;
        assert_eq!(
            body["data"]["login"]["user"]["role"],
            role.as_str(),
            "{body}"
        );
        roles.insert(role.as_str());
    }
    assert_eq!(roles.len(), 4, "every role has a demo account");

    let second = run();
    assert!(second.contains("already existed"), "{second}");
    let hr_line = first
        .lines()
        .find(|l| l.contains("hr@bury.example"))
        .unwrap();
    let hr_password = hr_line.split_whitespace().nth(2).unwrap();
    assert!(
        !second.contains(hr_password),
        "a password is shown only once"
    );
    let hr = app.login("hr@bury.example", hr_password).await;
    let token = hr["data"]["login"]["token"].as_str();
    let users = app
        .graphql(
            token,
            "{ users { totalCount } proposals { totalCount } }",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(
        users["data"]["users"]["totalCount"],
        consult::demo::DEMO_PEOPLE.len(),
        "no duplicates on a second run"
    );
    assert_eq!(
        users["data"]["proposals"]["totalCount"], 1,
        "the Bury proposal is loaded once"
    );

    // With no SMTP server configured, the worker writes the demo's due emails as files.
    let mail = tempfile::tempdir().unwrap();
    let output = consult()
        .env("DATABASE_URL", &app.database_url)
        .env("CONSULT_LOG", "warn")
        .env("CONSULT_MAIL_DIR", mail.path())
        .env_remove("CONSULT_SMTP_URL")
        .args(["worker", "--once"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files: Vec<String> = std::fs::read_dir(mail.path())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        files
            .iter()
            .any(|eml| eml.contains("<caseworker@bury.example>")
                && eml.contains("Subject: Consultation has started")),
        "{} files, e.g. {:?}",
        files.len(),
        files.first()
    );
    assert!(
        files.iter().any(|eml| eml.contains("text/calendar")),
        "meeting invitations carry their calendar file"
    );
}
