//! The `consult` binary itself: `user add`, and `serve` with the embedded defaults.

use crate::db_tests;
use crate::helpers::{Backend, PASSWORD, TestApp};
use std::io::Write;
use std::process::{Command, Stdio};

db_tests!(
    user_add_then_login_then_me,
    user_add_refuses_bad_input,
    user_add_generates_a_password_when_none_is_given,
    demo_accounts_can_sign_in,
    audit_verify_names_an_event_altered_in_sql,
    audit_verify_names_the_gap_a_deleted_event_leaves,
    events_recorded_before_the_chain_are_chained_by_the_migration,
    a_redacted_event_still_verifies_and_nothing_else_may_change,
    audit_verify_names_a_payload_altered_in_sql,
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
    let port = crate::helpers::free_port();
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

/// `--graphiql` (`CONSULT_GRAPHIQL`) turned on the unpkg.com GraphiQL page, now gone: the
/// explorer is the web app's `/graphiql`. A start-up command that still passes it starts, and
/// the log says the flag does nothing.
#[test]
fn serve_still_starts_with_the_deprecated_graphiql_flag() {
    let dir = tempfile::tempdir().unwrap();
    let port = crate::helpers::free_port();
    let mut child = consult()
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .env_remove("CONSULT_JWT_SECRET")
        .env("CONSULT_LISTEN", format!("127.0.0.1:{port}"))
        .args(["serve", "--graphiql"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let healthy = runtime.block_on(async {
        let client = reqwest::Client::new();
        for _ in 0..100 {
            if let Ok(response) = client
                .get(format!("http://127.0.0.1:{port}/healthz"))
                .send()
                .await
            {
                return response.status().is_success();
            }
            if child.try_wait().unwrap().is_some() {
                return false;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        false
    });
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let output = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(healthy, "serve --graphiql starts: {log}");
    assert!(
        log.contains("--graphiql) is deprecated and does nothing"),
        "{log}"
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
    let decided_before = decided_demo(&app, &first).await;
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
    assert_eq!(
        decided_demo(&app, &first).await,
        decided_before,
        "a second run changes nothing in the decided proposal"
    );
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
        users["data"]["proposals"]["totalCount"], 2,
        "the two Bury proposals are loaded once each"
    );

    // With no SMTP server configured, the worker writes the demo's due emails as files.
    let mail = tempfile::tempdir().unwrap();
    let output = consult()
        .env("DATABASE_URL", &app.database_url)
        .env("CONSULT_LOG", "warn")
        .env("CONSULT_MAIL_DIR", mail.path())
        // The worker signs unsubscribe links; given a secret, it writes no secret file.
        .env(
            "CONSULT_JWT_SECRET",
            "a test secret of at least 32 characters",
        )
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

/// The password `consult demo` printed for `email` on its first run.
fn demo_password<'a>(output: &'a str, email: &str) -> &'a str {
    output
        .lines()
        .find(|l| l.trim_start().starts_with(email))
        .and_then(|l| l.split_whitespace().nth(2))
        .unwrap_or_else(|| panic!("no password for {email} in {output}"))
}

/// What the demo's decided proposal holds, as HR, the affected officer and the manager see it:
/// its state, its cases, the ring fence's published outcome, its letters and meetings, and
/// past the outcomes a trial period for the manager to review, a notice with its redundancy
/// pay and a notice appealed. Checks what must be there and returns it all, to compare after
/// a second run.
async fn decided_demo(app: &TestApp, first_run: &str) -> serde_json::Value {
    let hr = app
        .login(
            "hr@bury.example",
            demo_password(first_run, "hr@bury.example"),
        )
        .await;
    let hr = hr["data"]["login"]["token"].as_str().unwrap().to_owned();
    let list = app
        .graphql(
            Some(&hr),
            "{ proposals { edges { node { id title status } } } }",
            serde_json::json!({}),
        )
        .await;
    let edges = list["data"]["proposals"]["edges"].as_array().unwrap();
    assert!(
        edges[0]["node"]["title"].as_str().unwrap().contains("SEN"),
        "the SEN proposal stays first: {list}"
    );
    assert_eq!(edges[0]["node"]["status"], "CONSULTING", "{list}");
    let decided = edges
        .iter()
        .find(|e| e["node"]["title"] == consult::demo::business_support::TITLE)
        .unwrap_or_else(|| panic!("{list}"));
    assert_eq!(decided["node"]["status"], "DECIDED", "{list}");
    let id = decided["node"]["id"].clone();
    let body = app
        .graphql(
            Some(&hr),
            "query($id: ID!) { proposal(id: $id) {
                cases(first: 100) { nodes { id state version employee { name employeeNumber }
                    history { step to } meetings { heldOn notes companionKind companionName }
                    offers { status trial { start end } }
                    notice { givenOn lastDay noticeWeeks }
                    redundancyPay { missing statutory { qualifies total completeYearsOfService years { number band } } }
                    appeals { lodgedOn hearingStartsAt outcome } } }
                ringFences { name selection { publishedAt criteria { name weight }
                    assessors { name } moderationOutstanding
                    candidates { name rank selected cells { finalScore moderatedScore } } } }
              }
              proposalLetters(proposalId: $id) { id kind subject employeeId } }",
            serde_json::json!({ "id": id }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let cases = body["data"]["proposal"]["cases"]["nodes"]
        .as_array()
        .unwrap();
    let state_of = |number: &str| {
        cases
            .iter()
            .find(|c| c["employee"]["employeeNumber"] == number)
            .map(|c| c["state"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("no case for {number}: {body}"))
    };
    assert_eq!(cases.len(), 7, "a case for each person at risk: {body}");
    assert_eq!(state_of("B20342"), "SLOTTED_IN");
    let slot_in = cases
        .iter()
        .find(|c| c["employee"]["employeeNumber"] == "B20342")
        .unwrap();
    assert!(
        slot_in["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["step"] == "SLOT_IN"),
        "{slot_in}"
    );
    for (number, state) in [
        ("B20408", "TRIAL_PERIOD"),
        ("B20433", "IN_SELECTION_POOL"),
        ("B20415", "REDEPLOYMENT"),
        ("B20451", "REDEPLOYMENT"),
        ("B20462", "NOTICE_GIVEN"),
        ("B20479", "NOTICE_GIVEN"),
    ] {
        assert_eq!(state_of(number), state, "{number}: {body}");
    }
    let case_of = |number: &str| {
        cases
            .iter()
            .find(|c| c["employee"]["employeeNumber"] == number)
            .unwrap()
    };
    // Past the outcomes: an offer accepted and in its trial period, which began today (the
    // decision's day) and so ends in four weeks (s138(3)).
    let today = consult::store::s188::today();
    let offers = case_of("B20408")["offers"].as_array().unwrap();
    assert_eq!(offers.len(), 1, "{body}");
    assert_eq!(offers[0]["status"], "IN_TRIAL");
    let trial_end: chrono::NaiveDate = offers[0]["trial"]["end"].as_str().unwrap().parse().unwrap();
    assert!(trial_end == today + chrono::Days::new(27), "{body}");
    // Notice given, with the redundancy pay worked out year by year.
    for number in ["B20462", "B20479"] {
        assert!(!case_of(number)["notice"].is_null(), "{number}: {body}");
    }
    let pay = &case_of("B20462")["redundancyPay"];
    assert_eq!(pay["missing"], serde_json::json!([]), "{body}");
    assert_eq!(pay["statutory"]["qualifies"], true, "{body}");
    assert!(
        pay["statutory"]["completeYearsOfService"].as_i64() >= Some(20),
        "{body}"
    );
    assert_eq!(
        pay["statutory"]["years"].as_array().unwrap().len(),
        20,
        "twenty years counted, each a line: {body}"
    );
    // And an appeal lodged against a notice, its hearing still to set.
    assert!(case_of("B20462")["appeals"].as_array().unwrap().is_empty());
    let appeals = case_of("B20479")["appeals"].as_array().unwrap();
    assert_eq!(appeals.len(), 1, "{body}");
    assert!(appeals[0]["hearingStartsAt"].is_null() && appeals[0]["outcome"].is_null());
    let companions: Vec<&str> = cases
        .iter()
        .flat_map(|c| c["meetings"].as_array().unwrap())
        .filter(|m| !m["heldOn"].is_null() && !m["notes"].is_null())
        .map(|m| m["companionKind"].as_str().unwrap())
        .collect();
    assert!(
        companions.contains(&"UNION_REP") && companions.contains(&"COLLEAGUE"),
        "meetings held with a companion: {body}"
    );

    let fence = &body["data"]["proposal"]["ringFences"][0]["selection"];
    assert!(
        !fence["publishedAt"].is_null(),
        "the outcome is published: {body}"
    );
    assert_eq!(fence["assessors"].as_array().unwrap().len(), 2);
    assert_eq!(fence["moderationOutstanding"], 0);
    let candidates = fence["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 4);
    assert_eq!(
        candidates.iter().filter(|c| c["selected"] == true).count(),
        2,
        "two of four selected: {body}"
    );
    assert!(
        candidates
            .iter()
            .flat_map(|c| c["cells"].as_array().unwrap())
            .any(|cell| !cell["moderatedScore"].is_null()),
        "HR moderated where the assessors differed: {body}"
    );

    let letters = body["data"]["proposalLetters"].as_array().unwrap();
    let count = |kind: &str| letters.iter().filter(|l| l["kind"] == kind).count();
    assert_eq!(count("AT_RISK"), 7, "{body}");
    assert_eq!(count("SLOT_IN_OUTCOME"), 1, "{body}");
    assert_eq!(count("RING_FENCE_OUTCOME"), 4, "{body}");
    assert_eq!(count("OFFER"), 1, "{body}");
    assert_eq!(count("TRIAL_PERIOD"), 1, "{body}");
    assert_eq!(count("NOTICE_OF_DISMISSAL"), 2, "{body}");

    // The officer with an account sees their own situation: case, letters, scores.
    let officer = consult::demo::business_support::OFFICER_EMAIL;
    let me = app.login(officer, demo_password(first_run, officer)).await;
    let me = me["data"]["login"]["token"].as_str().unwrap().to_owned();
    let mine = app
        .graphql(
            Some(&me),
            "{ myCases { state } myLetters { kind } mySelectionScores { poolName } }",
            serde_json::json!({}),
        )
        .await;
    assert!(mine["errors"].is_null(), "{mine}");
    assert_eq!(
        mine["data"]["myCases"][0]["state"], "REDEPLOYMENT",
        "{mine}"
    );
    assert_eq!(
        mine["data"]["myLetters"].as_array().unwrap().len(),
        2,
        "{mine}"
    );
    assert_eq!(
        mine["data"]["mySelectionScores"].as_array().unwrap().len(),
        1,
        "{mine}"
    );

    // The manager finds the trial period to review in My tasks, not yet due (it has four
    // weeks to run; the reminder lead is five working days).
    let manager = consult::demo::business_support::MANAGER_EMAIL;
    let boss = app.login(manager, demo_password(first_run, manager)).await;
    let boss = boss["data"]["login"]["token"].as_str().unwrap().to_owned();
    let tasks = app
        .graphql(
            Some(&boss),
            "{ myTrialReviews { employeeName proposalTitle trialEnd dueSoon } }",
            serde_json::json!({}),
        )
        .await;
    assert!(tasks["errors"].is_null(), "{tasks}");
    let reviews = tasks["data"]["myTrialReviews"].as_array().unwrap();
    assert_eq!(reviews.len(), 1, "{tasks}");
    assert_eq!(reviews[0]["employeeName"], "Priya Shah");
    assert_eq!(
        reviews[0]["proposalTitle"],
        consult::demo::business_support::TITLE
    );
    assert_eq!(reviews[0]["dueSoon"], false, "{tasks}");
    serde_json::json!({ "proposal": body["data"], "officer": mine["data"], "manager": tasks["data"] })
}

fn audit_verify(app: &TestApp) -> (bool, String) {
    let output = consult()
        .env("DATABASE_URL", &app.database_url)
        .env("CONSULT_LOG", "warn")
        .args(["audit", "verify"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success() || output.status.code() == Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), stdout)
}

/// A few audited mutations over HTTP; returns how many events the log holds.
async fn audited_mutations(app: &TestApp) -> i64 {
    let (_, token) = app.signed_in(consult::domain::account::Role::HrAdmin).await;
    for i in 0..3 {
        let body = app
            .graphql(
                Some(&token),
                "mutation($e: String!) { createUser(input: {email: $e, name: \"N\", role: STAFF}) { id } }",
                serde_json::json!({ "e": format!("staff{i}@bury.gov.uk") }),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    audit_count(app).await
}

async fn audit_count(app: &TestApp) -> i64 {
    use sea_orm::ConnectionTrait;
    let db = app.store.conn();
    db.query_one_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        "SELECT COUNT(*) AS n FROM audit_event",
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get::<i64>("", "n")
    .unwrap()
}

/// Runs `sql` on the audit log past its append-only triggers, as someone with database
/// access could.
async fn bypassing_the_triggers(app: &TestApp, sql: &str) {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let statements = match app.backend {
        Backend::Postgres => vec![
            "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only".to_owned(),
            sql.to_owned(),
            "ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only".to_owned(),
        ],
        Backend::Sqlite => vec![
            "DROP TRIGGER audit_event_no_update".to_owned(),
            "DROP TRIGGER audit_event_no_delete".to_owned(),
            sql.to_owned(),
            "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event \
             BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
                .to_owned(),
            "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event \
             BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
                .to_owned(),
        ],
    };
    // One transaction: one connection of the pool sees the triggers dropped and remade.
    let txn = app.store.conn().begin().await.unwrap();
    for statement in statements {
        txn.execute_unprepared(&statement).await.unwrap();
    }
    txn.commit().await.unwrap();
}

async fn event_at(app: &TestApp, seq: i64) -> consult::store::entities::audit_event::Model {
    use consult::store::entities::audit_event;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    audit_event::Entity::find()
        .filter(audit_event::Column::Seq.eq(seq))
        .one(app.store.conn())
        .await
        .unwrap()
        .unwrap()
}

async fn audit_verify_names_an_event_altered_in_sql(app: TestApp) {
    let events = audited_mutations(&app).await;
    assert!(events >= 4);
    assert_eq!(
        audit_verify(&app),
        (true, format!("audit chain intact: {events} events\n"))
    );

    let altered = event_at(&app, 2).await.id;
    bypassing_the_triggers(
        &app,
        "UPDATE audit_event SET action = 'user.disabled' WHERE seq = 2",
    )
    .await;
    let (intact, report) = audit_verify(&app);
    assert!(!intact, "{report}");
    assert!(report.contains("seq 2"), "{report}");
    assert!(report.contains(&altered.to_string()), "{report}");
    assert!(report.contains("user.disabled"), "{report}");
    assert!(report.contains("the event itself was altered"), "{report}");
}

async fn audit_verify_names_the_gap_a_deleted_event_leaves(app: TestApp) {
    let events = audited_mutations(&app).await;
    let after_gap = event_at(&app, 3).await;
    bypassing_the_triggers(&app, "DELETE FROM audit_event WHERE seq = 2").await;
    assert_eq!(audit_count(&app).await, events - 1);
    let (intact, report) = audit_verify(&app);
    assert!(!intact, "{report}");
    assert!(report.contains("seq 3"), "{report}");
    assert!(report.contains(&after_gap.id.to_string()), "{report}");
    assert!(report.contains(&after_gap.action), "{report}");
    assert!(report.contains("missing (seq 2 to 2 absent)"), "{report}");
}

/// Migration 000026 chains the events already recorded with its own frozen copy of the
/// encoding, and 000028 checks that chain and re-chains it under version 2 with its own:
/// rolled back past 000026 and applied again over a log, the chain they write verifies.
async fn events_recorded_before_the_chain_are_chained_by_the_migration(app: TestApp) {
    use consult_migrations::{Migrator, MigratorTrait};
    let events = audited_mutations(&app).await;
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let chain = names
        .iter()
        .position(|name| name.contains("_000026_"))
        .unwrap();
    let v2 = names
        .iter()
        .position(|name| name.contains("_000028_"))
        .unwrap();
    // Back to version 1 only (000028's down re-chains under version 1), which verifies as
    // 000028's up then checks it.
    Migrator::down(app.store.conn(), Some((names.len() - v2) as u32))
        .await
        .unwrap();
    Migrator::up(app.store.conn(), None).await.unwrap();
    assert_eq!(
        audit_verify(&app),
        (true, format!("audit chain intact: {events} events\n"))
    );
    // Then from before the chain.
    Migrator::down(app.store.conn(), Some((names.len() - chain) as u32))
        .await
        .unwrap();
    Migrator::up(app.store.conn(), None).await.unwrap();
    assert_eq!(
        audit_verify(&app),
        (true, format!("audit chain intact: {events} events\n"))
    );
    // The append-only triggers are back.
    use sea_orm::ConnectionTrait;
    assert!(
        app.store
            .conn()
            .execute_unprepared("DELETE FROM audit_event")
            .await
            .is_err()
    );
}

/// Retention erases a payload (UK GDPR Art. 5(1)(e)): the event keeps its digests, so the
/// chain still verifies; the database allows that one change and no other.
async fn a_redacted_event_still_verifies_and_nothing_else_may_change(app: TestApp) {
    use consult::store::entities::audit_event;
    use sea_orm::{ConnectionTrait, EntityTrait, TransactionTrait};
    let events = audited_mutations(&app).await;
    let target = event_at(&app, 2).await;
    assert!(target.after.is_some());
    let txn = app.store.conn().begin().await.unwrap();
    let redacted = consult::store::audit::redact(&txn, &[target.id], chrono::Utc::now())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(redacted, 1);
    let after = audit_event::Entity::find_by_id(target.id)
        .one(app.store.conn())
        .await
        .unwrap()
        .unwrap();
    assert!(after.before.is_none() && after.after.is_none());
    assert!(after.redacted_at.is_some());
    assert_eq!(after.after_sha256, target.after_sha256);
    assert_eq!(after.hash, target.hash);
    assert_eq!(
        audit_verify(&app),
        (true, format!("audit chain intact: {events} events\n"))
    );
    // Anything but a redaction is still refused, a redacted event included.
    let db = app.store.conn();
    for sql in [
        "UPDATE audit_event SET action = 'user.disabled' WHERE seq = 3",
        "UPDATE audit_event SET after = NULL WHERE seq = 3",
        "UPDATE audit_event SET after = NULL, before = NULL, redacted_at = occurred_at, \
         action = 'user.disabled' WHERE seq = 3",
        "UPDATE audit_event SET after_sha256 = NULL WHERE seq = 2",
        "UPDATE audit_event SET redacted_at = NULL WHERE seq = 2",
        "DELETE FROM audit_event WHERE seq = 2",
    ] {
        assert!(db.execute_unprepared(sql).await.is_err(), "{sql}");
    }
}

/// A payload changed past the triggers no longer matches the digest the chain covers.
async fn audit_verify_names_a_payload_altered_in_sql(app: TestApp) {
    audited_mutations(&app).await;
    let altered = event_at(&app, 2).await.id;
    bypassing_the_triggers(
        &app,
        "UPDATE audit_event SET after = NULL, redacted_at = NULL WHERE seq = 2",
    )
    .await;
    let (intact, report) = audit_verify(&app);
    assert!(!intact, "{report}");
    assert!(report.contains("seq 2"), "{report}");
    assert!(report.contains(&altered.to_string()), "{report}");
    assert!(report.contains("the event itself was altered"), "{report}");
}
