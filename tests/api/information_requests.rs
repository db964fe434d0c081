//! Information requests (issue 20): who logs, sees, provides and refuses them; the list
//! overdue first with its counts; an s188(4) request keeping the disclosure incomplete; the
//! files provided; and the emails, through the outbox and a real SMTP server.

use crate::email::{SmtpSink, outbox, worker};
use crate::helpers::{TestApp, error_code};
use crate::proposals::open_proposal_naming;
use chrono::{DateTime, Days, NaiveDate, Utc};
use consult::domain::account::Role;
use consult::domain::notify::morning_of;
use consult::domain::working_days::{add_working_days, is_working_day};
use consult::store::entities::information_request;
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};

crate::db_tests!(
    a_union_logs_requests_that_only_hr_the_sponsor_and_that_union_see,
    hr_or_the_owner_provides_with_files_or_refuses_with_a_reason,
    overdue_requests_come_first_and_an_s188_request_keeps_the_disclosure_incomplete,
    the_owner_hears_is_reminded_on_working_days_and_the_union_hears_the_answer,
);

const LOG: &str = "mutation($i: LogInformationRequestInput!) { logInformationRequest(input: $i) { id version unionName status dueOn requestedOn overdue s188Item owner { id } requestedBy { id } } }";
const LIST: &str = "query($p: ID!, $f: InformationRequestFilter) { informationRequests(proposalId: $p, filter: $f) { totalCount edges { node { id text unionName status overdue dueOn response attachments { fileName downloadPath sizeBytes } } } } }";
const COUNTS: &str = "query($p: ID!) { informationRequestCounts(proposalId: $p) { open overdue provided refused all } }";
const ASSIGN: &str = "mutation($i: AssignInformationRequestInput!) { assignInformationRequest(input: $i) { id version dueOn owner { id } } }";
const PROVIDE: &str = "mutation($i: ProvideInformationInput!) { provideInformation(input: $i) { id version status response respondedBy { id } attachments { id fileName contentType downloadPath } } }";
const REFUSE: &str = "mutation($i: RefuseInformationRequestInput!) { refuseInformationRequest(input: $i) { id version status response } }";

fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
}

fn field(body: &Value) -> &str {
    body["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or_default()
}

/// HR, a sponsor, and a consulting proposal recognising UNISON and GMB, with the sponsor set.
struct Setting {
    hr: String,
    sponsor_id: String,
    sponsor: String,
    unison: String,
    gmb: String,
    staff: String,
    id: String,
}

async fn setting(app: &TestApp) -> Setting {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let (_, unison) = app.signed_in_rep("UNISON").await;
    let (_, gmb) = app.signed_in_rep("GMB").await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(app, &hr, &[&staff], &["UNISON", "GMB"]).await;
    let version = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { version } }",
            json!({ "id": id }),
        )
        .await["proposal"]["version"]
        .clone();
    app.ok(&hr, "mutation($id: ID!, $v: Int!, $s: ID!) { updateProposal(input: {id: $id, expectedVersion: $v, fields: {sponsorId: $s}}) { id } }", json!({ "id": id, "v": version, "s": sponsor_id })).await;
    Setting {
        hr,
        sponsor_id,
        sponsor,
        unison,
        gmb,
        staff,
        id,
    }
}

async fn log(app: &TestApp, token: &str, input: Value) -> Value {
    app.ok(token, LOG, json!({ "i": input })).await["logInformationRequest"].clone()
}

async fn list(app: &TestApp, token: &str, id: &str, filter: Value) -> Value {
    app.ok(token, LIST, json!({ "p": id, "f": filter })).await["informationRequests"].clone()
}

fn ids(page: &Value) -> Vec<String> {
    page["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_union_logs_requests_that_only_hr_the_sponsor_and_that_union_see(app: TestApp) {
    let s = setting(&app).await;
    let (_, other_manager) = app.signed_in(Role::Manager).await;
    let asked = "The data used to inform the restructure";
    let unison_request = log(
        &app,
        &s.unison,
        json!({ "proposalId": s.id, "text": asked }),
    )
    .await;
    assert_eq!(unison_request["unionName"], "UNISON");
    assert_eq!(unison_request["status"], "OPEN");
    assert_eq!(unison_request["overdue"], false);
    assert_eq!(unison_request["owner"], Value::Null);
    // Due in the consultation's working days to answer (5 by default).
    assert_eq!(
        unison_request["dueOn"],
        json!(add_working_days(today(), 5).to_string())
    );
    // HR logs on a recognised union's behalf, in its spelling.
    let gmb_request = log(
        &app,
        &s.hr,
        json!({ "proposalId": s.id, "text": "Caseload figures by team", "unionName": "gmb" }),
    )
    .await;
    assert_eq!(gmb_request["unionName"], "GMB");

    // The refusals.
    let refused = |token: String, input: Value| {
        let app = &app;
        async move { app.graphql(Some(&token), LOG, json!({ "i": input })).await }
    };
    let body = refused(s.hr.clone(), json!({ "proposalId": s.id, "text": "x" })).await;
    assert_eq!(
        (error_code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.unionName")
    );
    let body = refused(
        s.hr.clone(),
        json!({ "proposalId": s.id, "text": "x", "unionName": "NEU" }),
    )
    .await;
    assert_eq!(
        (error_code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.unionName")
    );
    let body = refused(
        s.unison.clone(),
        json!({ "proposalId": s.id, "text": "x", "unionName": "GMB" }),
    )
    .await;
    assert_eq!(error_code(&body), "FORBIDDEN");
    let body = refused(
        s.unison.clone(),
        json!({ "proposalId": s.id, "text": "x", "dueOn": today() + Days::new(30) }),
    )
    .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "only HR sets the due date");
    let body = refused(
        s.unison.clone(),
        json!({ "proposalId": s.id, "text": "  " }),
    )
    .await;
    assert_eq!(
        (error_code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.text")
    );
    for token in [&s.sponsor, &s.staff] {
        let body = refused(token.clone(), json!({ "proposalId": s.id, "text": "x" })).await;
        assert_eq!(error_code(&body), "FORBIDDEN");
    }
    let body = refused(
        other_manager.clone(),
        json!({ "proposalId": s.id, "text": "x" }),
    )
    .await;
    assert_eq!(error_code(&body), "NOT_FOUND");

    // Who sees what.
    let (u, g) = (
        unison_request["id"].as_str().unwrap().to_owned(),
        gmb_request["id"].as_str().unwrap().to_owned(),
    );
    for token in [&s.hr, &s.sponsor] {
        let page = list(&app, token, &s.id, json!(null)).await;
        assert_eq!(page["totalCount"], 2);
    }
    assert_eq!(
        ids(&list(&app, &s.unison, &s.id, json!(null)).await),
        vec![u.clone()]
    );
    // A representative's list is their union's, whatever union they filter on.
    assert_eq!(
        ids(&list(&app, &s.gmb, &s.id, json!({ "unionName": "UNISON" })).await),
        vec![g.clone()]
    );
    assert_eq!(
        ids(&list(&app, &s.hr, &s.id, json!({ "unionName": "unison" })).await),
        vec![u.clone()]
    );
    let body = app
        .graphql(Some(&s.staff), LIST, json!({ "p": s.id }))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");
    let body = app
        .graphql(Some(&other_manager), LIST, json!({ "p": s.id }))
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND");
    let one = "query($id: ID!) { informationRequest(id: $id) { text } }";
    assert_eq!(
        app.ok(&s.unison, one, json!({ "id": u })).await["informationRequest"]["text"],
        asked
    );
    for token in [&s.gmb, &s.staff, &other_manager] {
        let body = app.graphql(Some(token), one, json!({ "id": u })).await;
        assert_eq!(error_code(&body), "NOT_FOUND");
    }
    let counts = app.ok(&s.hr, COUNTS, json!({ "p": s.id })).await;
    assert_eq!(
        counts["informationRequestCounts"],
        json!({ "open": 2, "overdue": 0, "provided": 0, "refused": 0, "all": 2 })
    );
    let counts = app.ok(&s.gmb, COUNTS, json!({ "p": s.id })).await;
    assert_eq!(counts["informationRequestCounts"]["all"], 1);
    let body = app
        .graphql(Some(&s.staff), COUNTS, json!({ "p": s.id }))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");

    // The audit log keeps who asked for what.
    let audit = app
        .ok(
            &s.hr,
            "{ auditEvents(first: 100) { edges { node { action } } } }",
            json!({}),
        )
        .await;
    let logged = audit["auditEvents"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["action"] == "information_request.logged")
        .count();
    assert_eq!(logged, 2);
}

async fn hr_or_the_owner_provides_with_files_or_refuses_with_a_reason(app: TestApp) {
    let s = setting(&app).await;
    let (other_manager_id, _) = app.signed_in(Role::Manager).await;
    let request = log(
        &app,
        &s.unison,
        json!({ "proposalId": s.id, "text": "The caseload data behind the new structure" }),
    )
    .await;
    let id = request["id"].as_str().unwrap().to_owned();

    // HR gives it an owner: HR or the sponsor, no one else.
    let assign = |token: String, input: Value| {
        let app = &app;
        async move {
            app.graphql(Some(&token), ASSIGN, json!({ "i": input }))
                .await
        }
    };
    let body = assign(
        s.hr.clone(),
        json!({ "id": id, "expectedVersion": 1, "ownerId": other_manager_id }),
    )
    .await;
    assert_eq!(
        (error_code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.ownerId")
    );
    let body = assign(
        s.unison.clone(),
        json!({ "id": id, "expectedVersion": 1, "ownerId": s.sponsor_id }),
    )
    .await;
    assert_eq!(error_code(&body), "FORBIDDEN");
    let body = assign(
        s.hr.clone(),
        json!({ "id": id, "expectedVersion": 1, "dueOn": today() - Days::new(1) }),
    )
    .await;
    assert_eq!(
        (error_code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.dueOn")
    );
    let assigned = assign(
        s.hr.clone(),
        json!({ "id": id, "expectedVersion": 1, "ownerId": s.sponsor_id }),
    )
    .await;
    assert_eq!(
        assigned["data"]["assignInformationRequest"]["owner"]["id"],
        s.sponsor_id
    );
    let body = assign(
        s.hr.clone(),
        json!({ "id": id, "expectedVersion": 1, "ownerId": s.sponsor_id }),
    )
    .await;
    assert_eq!(error_code(&body), "CONFLICT");

    // The union cannot answer its own request.
    let body = app
        .graphql(
            Some(&s.unison),
            PROVIDE,
            json!({ "i": { "id": id, "expectedVersion": 2, "text": "Here" } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");

    // A file that is not what it says refuses the whole answer.
    let (status, body) = app
        .upload_status(
            &s.sponsor,
            PROVIDE,
            json!({ "i": { "id": id, "expectedVersion": 2, "text": "Attached", "files": [null] } }),
            "i.files.0",
            "caseloads.pdf",
            b"MZ\x90\x00 not a pdf".to_vec(),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (error_code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.files.0")
    );

    // The owner provides it, with a file.
    let csv = b"team,caseload\nNorth,38\nSouth,41\n".to_vec();
    let body = app
        .upload(
            &s.sponsor,
            PROVIDE,
            json!({ "i": { "id": id, "expectedVersion": 2, "text": "The caseload figures are attached.", "files": [null] } }),
            "i.files.0",
            "caseloads.txt",
            csv.clone(),
        )
        .await;
    let provided = &body["data"]["provideInformation"];
    assert_eq!(provided["status"], "PROVIDED", "{body}");
    assert_eq!(provided["respondedBy"]["id"], s.sponsor_id);
    let file = &provided["attachments"][0];
    assert_eq!(file["fileName"], "caseloads.txt");
    let path = file["downloadPath"].as_str().unwrap().to_owned();
    let (status, _, bytes) = app.download(Some(&s.unison), &path).await;
    assert_eq!((status, bytes), (200, csv));
    for token in [&s.gmb, &s.staff] {
        assert_eq!(app.download(Some(token), &path).await.0, 404);
    }
    assert_eq!(app.download(None, &path).await.0, 401);
    // One file per request: more follow, by HR or the owner, once provided.
    let add = "mutation($i: AddInformationRequestFileInput!) { addInformationRequestFile(input: $i) { attachments { fileName } } }";
    let body = app
        .upload(
            &s.hr,
            add,
            json!({ "i": { "id": id, "file": null } }),
            "i.file",
            "agency.txt",
            b"month,spend\nApril,12000\n".to_vec(),
        )
        .await;
    assert_eq!(
        body["data"]["addInformationRequestFile"]["attachments"],
        json!([{ "fileName": "caseloads.txt" }, { "fileName": "agency.txt" }]),
        "{body}"
    );
    let (_, body) = app
        .upload_status(
            &s.unison,
            add,
            json!({ "i": { "id": id, "file": null } }),
            "i.file",
            "mine.txt",
            b"x".to_vec(),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");
    // Answered once.
    let body = app
        .graphql(
            Some(&s.hr),
            REFUSE,
            json!({ "i": { "id": id, "expectedVersion": 3, "reason": "No" } }),
        )
        .await;
    assert_eq!(error_code(&body), "CONFLICT");

    // HR refuses the GMB's, with a reason; the sponsor who does not own it may not.
    let gmb = log(
        &app,
        &s.gmb,
        json!({ "proposalId": s.id, "text": "Every applicant's interview notes" }),
    )
    .await;
    let body = app
        .graphql(
            Some(&s.sponsor),
            REFUSE,
            json!({ "i": { "id": gmb["id"], "expectedVersion": 1, "reason": "Personal data" } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");
    let body = app
        .graphql(
            Some(&s.hr),
            REFUSE,
            json!({ "i": { "id": gmb["id"], "expectedVersion": 1, "reason": " " } }),
        )
        .await;
    assert_eq!(
        (error_code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.reason")
    );
    let reason =
        "The notes are other people's personal data; the scores are in the selection report.";
    let refused = app
        .ok(
            &s.hr,
            REFUSE,
            json!({ "i": { "id": gmb["id"], "expectedVersion": 1, "reason": reason } }),
        )
        .await;
    assert_eq!(refused["refuseInformationRequest"]["status"], "REFUSED");
    assert_eq!(refused["refuseInformationRequest"]["response"], reason);
    let (_, body) = app
        .upload_status(
            &s.hr,
            "mutation($i: AddInformationRequestFileInput!) { addInformationRequestFile(input: $i) { id } }",
            json!({ "i": { "id": gmb["id"], "file": null } }),
            "i.file",
            "notes.txt",
            b"x".to_vec(),
        )
        .await;
    assert_eq!(error_code(&body), "PRECONDITION_FAILED");

    let provided_only = list(&app, &s.hr, &s.id, json!({ "status": "PROVIDED" })).await;
    assert_eq!(ids(&provided_only), vec![id.clone()]);
    assert_eq!(
        provided_only["edges"][0]["node"]["response"],
        "The caseload figures are attached."
    );
    let counts = app.ok(&s.sponsor, COUNTS, json!({ "p": s.id })).await;
    assert_eq!(
        counts["informationRequestCounts"],
        json!({ "open": 0, "overdue": 0, "provided": 1, "refused": 1, "all": 2 })
    );
}

/// Moves a request's due date into the past, as if it had been logged long ago.
async fn backdate(app: &TestApp, id: &str, due_on: NaiveDate) {
    information_request::Entity::update(information_request::ActiveModel {
        id: Set(id.parse().unwrap()),
        due_on: Set(due_on),
        requested_on: Set(due_on - Days::new(7)),
        ..Default::default()
    })
    .exec(app.store.conn())
    .await
    .unwrap();
}

async fn overdue_requests_come_first_and_an_s188_request_keeps_the_disclosure_incomplete(
    app: TestApp,
) {
    let s = setting(&app).await;
    let input = |text: &str, due: NaiveDate| json!({ "proposalId": s.id, "text": text, "unionName": "UNISON", "dueOn": due });
    log(&app, &s.hr, input("Later", today() + Days::new(20))).await;
    log(&app, &s.hr, input("Sooner", today() + Days::new(10))).await;
    let answered = log(&app, &s.hr, input("Answered", today() + Days::new(1))).await;
    let late = log(&app, &s.hr, input("Late", today() + Days::new(30))).await;
    backdate(&app, late["id"].as_str().unwrap(), today() - Days::new(2)).await;
    app.ok(
        &s.hr,
        PROVIDE,
        json!({ "i": { "id": answered["id"], "expectedVersion": 1, "text": "Sent by post" } }),
    )
    .await;
    let page = list(&app, &s.unison, &s.id, json!(null)).await;
    let order: Vec<&str> = page["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(order, vec!["Late", "Sooner", "Later", "Answered"]);
    assert_eq!(page["edges"][0]["node"]["overdue"], true);
    assert_eq!(page["edges"][1]["node"]["overdue"], false);
    // Pages follow the same order.
    let first = app
        .ok(&s.hr, "query($p: ID!) { informationRequests(proposalId: $p, first: 2) { edges { node { text } } pageInfo { endCursor hasNextPage } } }", json!({ "p": s.id }))
        .await;
    let cursor = first["informationRequests"]["pageInfo"]["endCursor"].clone();
    let second = app
        .ok(&s.hr, "query($p: ID!, $a: String) { informationRequests(proposalId: $p, first: 2, after: $a) { edges { node { text } } pageInfo { hasNextPage } } }", json!({ "p": s.id, "a": cursor }))
        .await;
    assert_eq!(
        second["informationRequests"]["edges"],
        json!([{ "node": { "text": "Later" } }, { "node": { "text": "Answered" } }])
    );
    let overdue = list(&app, &s.hr, &s.id, json!({ "overdue": true })).await;
    assert_eq!(ids(&overdue), vec![late["id"].as_str().unwrap().to_owned()]);
    let counts = app.ok(&s.hr, COUNTS, json!({ "p": s.id })).await;
    assert_eq!(
        counts["informationRequestCounts"],
        json!({ "open": 2, "overdue": 1, "provided": 1, "refused": 0, "all": 4 })
    );

    // s188(4): a request about the reasons for the proposals keeps that item from counting
    // as disclosed until it is provided.
    let disclosure =
        "query($id: ID!) { proposal(id: $id) { s188 { disclosure { item present problem } } } }";
    let reasons = |body: Value| {
        body["proposal"]["s188"]["disclosure"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["item"] == "REASONS")
            .unwrap()
            .clone()
    };
    let before = reasons(app.ok(&s.hr, disclosure, json!({ "id": s.id })).await);
    let asked = "The data used to inform the restructure";
    let request = log(
        &app,
        &s.unison,
        json!({ "proposalId": s.id, "text": asked, "s188Item": "REASONS" }),
    )
    .await;
    assert_eq!(before["present"], true);
    assert_eq!(request["s188Item"], "REASONS");
    let during = reasons(app.ok(&s.hr, disclosure, json!({ "id": s.id })).await);
    assert_eq!(during["present"], false);
    let problem = during["problem"].as_str().unwrap();
    assert!(
        problem.contains(asked) && problem.contains("s188(4)(a)"),
        "{problem}"
    );
    app.ok(
        &s.hr,
        PROVIDE,
        json!({ "i": { "id": request["id"], "expectedVersion": 1, "text": "The caseload data for 2022 to 2025 is attached." } }),
    )
    .await;
    let after = reasons(app.ok(&s.hr, disclosure, json!({ "id": s.id })).await);
    assert_eq!(after, before);
}

fn due_at(row: &Value) -> DateTime<Utc> {
    row["dueAt"].as_str().unwrap().parse().unwrap()
}

fn statuses(rows: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = rows
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

async fn the_owner_hears_is_reminded_on_working_days_and_the_union_hears_the_answer(app: TestApp) {
    let sink = SmtpSink::start();
    let s = setting(&app).await;
    let (hr_email, sponsor_email, unison_email, gmb_email) = (
        app.email_of(&s.hr).await,
        app.email_of(&s.sponsor).await,
        app.email_of(&s.unison).await,
        app.email_of(&s.gmb).await,
    );
    let worker = worker(&app, &sink);
    let asked = "The data used to inform the restructure";
    let request = log(
        &app,
        &s.unison,
        json!({ "proposalId": s.id, "text": asked }),
    )
    .await;
    let id = request["id"].as_str().unwrap().to_owned();
    worker.run_once().await.unwrap();
    // Nobody owns it yet: HR hears.
    let received = sink.to(&hr_email, "Information requested by UNISON");
    assert_eq!(received.len(), 1);
    assert!(received[0]["text"].as_str().unwrap().contains(asked));
    assert!(sink.to(&sponsor_email, "Information requested").is_empty());

    // A due day after a weekend: "due" goes on the last working day before it, "overdue" on
    // the first working day after it.
    let mut due = add_working_days(today(), 4);
    while chrono::Datelike::weekday(&due) != chrono::Weekday::Mon || !is_working_day(due) {
        due = due.succ_opt().unwrap();
    }
    let mut before = due - Days::new(1);
    while !is_working_day(before) {
        before = before.pred_opt().unwrap();
    }
    let overdue_day = add_working_days(due, 1);
    app.ok(
        &s.hr,
        ASSIGN,
        json!({ "i": { "id": id, "expectedVersion": 1, "ownerId": s.sponsor_id, "dueOn": due } }),
    )
    .await;
    let tomorrow = outbox(&app, &s.hr, &s.id, "information_request_due_tomorrow").await;
    assert_eq!(
        statuses(&tomorrow),
        vec!["CANCELLED", "PENDING"],
        "{tomorrow:?}"
    );
    let pending: Vec<&Value> = tomorrow
        .iter()
        .filter(|r| r["status"] == "PENDING")
        .collect();
    assert_eq!(pending[0]["recipientEmail"], sponsor_email);
    assert_eq!(due_at(pending[0]), morning_of(before));
    let overdue = outbox(&app, &s.hr, &s.id, "information_request_overdue").await;
    let pending: Vec<&Value> = overdue
        .iter()
        .filter(|r| r["status"] == "PENDING")
        .collect();
    let mut to: Vec<&str> = pending
        .iter()
        .map(|r| r["recipientEmail"].as_str().unwrap())
        .collect();
    to.sort();
    let mut expected = vec![hr_email.as_str(), sponsor_email.as_str()];
    expected.sort();
    assert_eq!(to, expected);
    assert!(pending.iter().all(|r| due_at(r) == morning_of(overdue_day)));

    worker.run_once().await.unwrap();
    assert_eq!(
        sink.to(&sponsor_email, "Information requested by UNISON")
            .len(),
        1
    );
    worker
        .run_once_at(morning_of(before) + chrono::Duration::minutes(1))
        .await
        .unwrap();
    let reminded = sink.to(&sponsor_email, "Information due");
    assert_eq!(reminded.len(), 1);
    assert!(sink.to(&hr_email, "Information due").is_empty());

    // Provided before it is overdue: the union hears, and nobody is chased.
    app.ok(
        &s.sponsor,
        PROVIDE,
        json!({ "i": { "id": id, "expectedVersion": 2, "text": "The workload model is on the intranet." } }),
    )
    .await;
    worker.run_once().await.unwrap();
    let told = sink.to(&unison_email, "Information provided");
    assert_eq!(told.len(), 1);
    assert!(
        told[0]["text"]
            .as_str()
            .unwrap()
            .contains("The workload model is on the intranet.")
    );
    assert!(
        sink.to(&gmb_email, "Information").is_empty(),
        "another union's"
    );
    worker
        .run_once_at(morning_of(overdue_day) + chrono::Duration::minutes(1))
        .await
        .unwrap();
    assert!(sink.to(&hr_email, "Overdue").is_empty());
    assert!(sink.to(&sponsor_email, "Overdue").is_empty());

    // Another, past due: the owner and HR are chased at once; a refusal tells the union why.
    let late = log(
        &app,
        &s.hr,
        json!({ "proposalId": s.id, "text": "Agency spend by month", "unionName": "GMB", "ownerId": s.sponsor_id }),
    )
    .await;
    backdate(&app, late["id"].as_str().unwrap(), today() - Days::new(3)).await;
    app.ok(
        &s.hr,
        ASSIGN,
        json!({ "i": { "id": late["id"], "expectedVersion": 1 } }),
    )
    .await;
    worker.run_once().await.unwrap();
    assert_eq!(sink.to(&sponsor_email, "Overdue: information GMB").len(), 1);
    assert_eq!(sink.to(&hr_email, "Overdue: information GMB").len(), 1);
    app.ok(
        &s.hr,
        REFUSE,
        json!({ "i": { "id": late["id"], "expectedVersion": 2, "reason": "Not held by the council." } }),
    )
    .await;
    worker.run_once().await.unwrap();
    let refused = sink.to(&gmb_email, "Information refused");
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0]["text"]
            .as_str()
            .unwrap()
            .contains("Not held by the council.")
    );
    assert!(sink.to(&unison_email, "Information refused").is_empty());
}
