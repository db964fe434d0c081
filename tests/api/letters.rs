//! Letters of the individual stage through HTTP: HR's templates and their statutory content,
//! issuing and reading back by content, immutability in the database, who sees what (the
//! printable page included), and the employee's email over a real SMTP server.

use crate::db_tests;
use crate::email::{PUBLIC_URL, SmtpSink, worker};
use crate::helpers::{PASSWORD, TestApp, error_code};
use crate::timetable::{FIELDS, bury_proposal, version};
use consult::domain::account::Role;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

db_tests!(
    templates_are_hr_only_and_an_edit_without_the_statutory_content_is_refused,
    an_issued_letter_reads_back_by_content_and_the_database_never_changes_it,
    hr_and_the_employee_read_a_letter_the_sponsor_sees_it_exists_and_reps_never,
    the_employee_is_emailed_a_link_to_the_letter_once_and_no_replan_cancels_it,
    a_page_of_employees_reads_its_letters_in_the_same_statements_however_many,
);

const TEMPLATES: &str = "{ letterTemplates { kind body isDefault version subject requirements { placeholder describes citation } } }";
const UPDATE: &str = "mutation($k: LetterKind!, $b: String!, $v: Int!) { updateLetterTemplate(kind: $k, body: $b, expectedVersion: $v) { kind body isDefault version } }";
const RESET: &str = "mutation($k: LetterKind!, $v: Int!) { resetLetterTemplate(kind: $k, expectedVersion: $v) { kind body isDefault version } }";
const ISSUE: &str = "mutation($i: IssueLetterInput!) { issueLetter(input: $i) { id kind employeeId subject issuedAt bodyHtml bodyText printUrl templateVersion supersedesId } }";
const LETTER: &str =
    "query($id: ID!) { letter(id: $id) { id kind subject issuedAt bodyHtml bodyText printUrl } }";
const MINE: &str = "{ myLetters { id kind subject bodyText printUrl pdfUrl } }";
const OF_PROPOSAL: &str = "query($id: ID!) { proposalLetters(proposalId: $id) { id kind subject issuedAt bodyHtml bodyText printUrl } }";

/// The Bury proposal, and the id of employee E1 (Alex Moore, alex@bury.example).
async fn setup(app: &TestApp, hr: &str) -> (String, String) {
    let id = bury_proposal(app, hr, 0).await;
    let body = app
        .ok(
            hr,
            "query($id: ID!) { proposal(id: $id) { employees(first: 100) { edges { node { id employeeNumber } } } } }",
            json!({ "id": id }),
        )
        .await;
    let alex = body["proposal"]["employees"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["employeeNumber"] == "E1")
        .unwrap()["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (id, alex)
}

/// An account signing in with `email`, signed in: its token.
async fn account(app: &TestApp, email: &str, role: Role) -> String {
    app.create_user(email, role).await;
    app.login(email, PASSWORD).await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn issue(app: &TestApp, hr: &str, input: Value) -> Value {
    app.ok(hr, ISSUE, json!({ "i": input })).await["issueLetter"].clone()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .store
        .conn()
        .query_one_raw(sea_orm::Statement::from_string(
            app.store.backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

fn message(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap()
}

async fn templates_are_hr_only_and_an_edit_without_the_statutory_content_is_refused(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let templates = app.ok(&hr, TEMPLATES, json!({})).await["letterTemplates"].clone();
    let templates = templates.as_array().unwrap();
    assert_eq!(templates.len(), 8);
    let notice = templates
        .iter()
        .find(|t| t["kind"] == "NOTICE_OF_DISMISSAL")
        .unwrap();
    assert_eq!(notice["isDefault"], true);
    assert_eq!(notice["version"], 0);
    assert_eq!(
        notice["subject"],
        "Notice of dismissal by reason of redundancy"
    );
    let placeholders: Vec<&str> = notice["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["placeholder"].as_str().unwrap())
        .collect();
    assert_eq!(
        placeholders,
        [
            "{{notice.period}}",
            "{{notice.lastDay}}",
            "{{redundancyPay.table}}",
            "{{appeal.deadline}}"
        ]
    );
    assert!(
        notice["requirements"][2]["citation"]
            .as_str()
            .unwrap()
            .contains("ERA 1996 s165")
    );
    let body = notice["body"].as_str().unwrap();
    assert!(body.contains("Your last day of service will be {{notice.lastDay}}."));

    // A notice letter without the last day and the right of appeal is refused, naming both.
    let edited = body
        .replace("{{notice.lastDay}}", "your last day")
        .replace("{{appeal.deadline}}", "two weeks");
    let refused = app
        .graphql(
            Some(&hr),
            UPDATE,
            json!({ "k": "NOTICE_OF_DISMISSAL", "b": edited, "v": 0 }),
        )
        .await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT");
    assert_eq!(refused["errors"][0]["extensions"]["field"], "input.body");
    let text = message(&refused);
    assert!(text.starts_with("The notice letter must state the last day of service, the right of appeal with its deadline."), "{text}");
    assert!(text.contains("{{notice.lastDay}}") && text.contains("{{appeal.deadline}}"));
    let unknown = app
        .graphql(
            Some(&hr),
            UPDATE,
            json!({ "k": "AT_RISK", "b": "{{proposal.title}} {{employee.post}} {{employee.salary}}", "v": 0 }),
        )
        .await;
    assert_eq!(error_code(&unknown), "BAD_USER_INPUT");
    assert!(message(&unknown).contains("{{employee.salary}} is not a placeholder"));

    // A good edit, a stale one, and a reset.
    let wording = "Dear {{employee.name}}\n\nOur ref: SEN/2026.\n\nThe proposal {{proposal.title}} puts your post of {{employee.post}} at risk.\n\nHuman Resources";
    let saved = app
        .ok(&hr, UPDATE, json!({ "k": "AT_RISK", "b": wording, "v": 0 }))
        .await["updateLetterTemplate"]
        .clone();
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["isDefault"], false);
    assert_eq!(saved["body"], wording);
    let stale = app
        .graphql(
            Some(&hr),
            UPDATE,
            json!({ "k": "AT_RISK", "b": wording, "v": 0 }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    let reset =
        app.ok(&hr, RESET, json!({ "k": "AT_RISK", "v": 1 })).await["resetLetterTemplate"].clone();
    assert_eq!(reset["version"], 2);
    assert_eq!(reset["isDefault"], true);
    assert!(
        reset["body"]
            .as_str()
            .unwrap()
            .contains("is at risk of redundancy")
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_event WHERE action IN ('letter_template.updated', 'letter_template.reset')"
        )
        .await,
        2
    );

    // Nobody but HR reads or edits templates.
    let (_, manager) = app.signed_in(Role::Manager).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, rep) = app.signed_in_rep("UNISON").await;
    for token in [&manager, &staff, &rep] {
        let body = app.graphql(Some(token), TEMPLATES, json!({})).await;
        assert_eq!(error_code(&body), "FORBIDDEN");
        let body = app
            .graphql(
                Some(token),
                UPDATE,
                json!({ "k": "AT_RISK", "b": wording, "v": 2 }),
            )
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN");
        let body = app
            .graphql(Some(token), RESET, json!({ "k": "AT_RISK", "v": 2 }))
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN");
    }
    let anonymous = app.graphql(None, TEMPLATES, json!({})).await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
}

async fn an_issued_letter_reads_back_by_content_and_the_database_never_changes_it(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (proposal, alex) = setup(&app, &hr).await;
    let wording = "Dear {{employee.name}}\n\nOur ref: SEN/2026.\n\nThe proposal {{proposal.title}} puts your post of {{employee.post}} at risk.\n\nHuman Resources";
    app.ok(&hr, UPDATE, json!({ "k": "AT_RISK", "b": wording, "v": 0 }))
        .await;
    let at_risk = issue(&app, &hr, json!({ "employeeId": alex, "kind": "AT_RISK" })).await;
    assert_eq!(at_risk["subject"], "Your post is at risk of redundancy");
    assert_eq!(at_risk["templateVersion"], 1);
    assert_eq!(at_risk["employeeId"], alex.as_str());
    assert_eq!(
        at_risk["bodyText"],
        "Dear Alex Moore\n\nOur ref: SEN/2026.\n\nThe proposal Restructure of the SEN Service puts your post of Senior SEN Practitioner at risk.\n\nHuman Resources"
    );
    assert_eq!(
        at_risk["bodyHtml"],
        "<p>Dear Alex Moore</p><p>Our ref: SEN/2026.</p><p>The proposal Restructure of the SEN Service puts your post of Senior SEN Practitioner at risk.</p><p>Human Resources</p>"
    );
    let letter_id = at_risk["id"].as_str().unwrap().to_owned();
    assert_eq!(at_risk["printUrl"], format!("/letters/{letter_id}"));

    // The invitation needs the meeting's facts, and states the right to be accompanied.
    let refused = app
        .graphql(
            Some(&hr),
            ISSUE,
            json!({ "i": { "employeeId": alex, "kind": "INVITATION_TO_MEETING" } }),
        )
        .await;
    assert_eq!(error_code(&refused), "PRECONDITION_FAILED");
    assert_eq!(
        message(&refused),
        "The meeting invitation letter needs the date of the meeting, the time of the meeting, the place of the meeting: give the meeting's date, time and place."
    );
    let bad_time = app
        .graphql(
            Some(&hr),
            ISSUE,
            json!({ "i": { "employeeId": alex, "kind": "INVITATION_TO_MEETING", "meetingDate": "2027-01-11", "meetingTime": "half ten", "meetingPlace": "Town Hall" } }),
        )
        .await;
    assert_eq!(error_code(&bad_time), "BAD_USER_INPUT");
    assert_eq!(
        bad_time["errors"][0]["extensions"]["field"],
        "input.meetingTime"
    );
    let invitation = issue(
        &app,
        &hr,
        json!({ "employeeId": alex, "kind": "INVITATION_TO_MEETING", "meetingDate": "2027-01-11", "meetingTime": "10:30", "meetingPlace": "Room 2 <Town Hall>" }),
    )
    .await;
    let text = invitation["bodyText"].as_str().unwrap();
    assert!(
        text.contains(
            "The meeting will be on Monday 11 January 2027 at 10:30, at Room 2 <Town Hall>."
        ),
        "{text}"
    );
    assert!(text.contains("You have the right to be accompanied at the meeting by a work colleague or a trade union representative."));
    let html = invitation["bodyHtml"].as_str().unwrap();
    assert!(html.contains("Room 2 &lt;Town Hall&gt;"), "{html}");
    assert!(!html.contains("<Town"));
    assert_eq!(invitation["templateVersion"], 0);

    // What the case does not hold yet is named, with what to do first.
    let notice = app
        .graphql(
            Some(&hr),
            ISSUE,
            json!({ "i": { "employeeId": alex, "kind": "NOTICE_OF_DISMISSAL" } }),
        )
        .await;
    assert_eq!(error_code(&notice), "PRECONDITION_FAILED");
    assert!(
        message(&notice).starts_with("The notice letter needs the notice period, the date notice is given, the last day of service, the redundancy pay calculation"),
        "{}",
        message(&notice)
    );
    assert!(message(&notice).contains("give notice first"));
    let slot_in = app
        .graphql(
            Some(&hr),
            ISSUE,
            json!({ "i": { "employeeId": alex, "kind": "SLOT_IN_OUTCOME" } }),
        )
        .await;
    assert_eq!(
        message(&slot_in),
        "The slot-in letter needs the post the employee is slotted into: record the slot-in decision first."
    );
    let unknown = app
        .graphql(
            Some(&hr),
            ISSUE,
            json!({ "i": { "employeeId": proposal, "kind": "AT_RISK" } }),
        )
        .await;
    assert_eq!(error_code(&unknown), "NOT_FOUND");
    assert_eq!(
        unknown["errors"][0]["extensions"]["field"],
        "input.employeeId"
    );

    // A re-issue supersedes the letter, once.
    let again = issue(
        &app,
        &hr,
        json!({ "employeeId": alex, "kind": "AT_RISK", "supersedesLetterId": letter_id }),
    )
    .await;
    assert_eq!(again["supersedesId"], letter_id.as_str());
    let twice = app
        .graphql(
            Some(&hr),
            ISSUE,
            json!({ "i": { "employeeId": alex, "kind": "AT_RISK", "supersedesLetterId": letter_id } }),
        )
        .await;
    assert_eq!(error_code(&twice), "CONFLICT");
    let other_kind = app
        .graphql(
            Some(&hr),
            ISSUE,
            json!({ "i": { "employeeId": alex, "kind": "AT_RISK", "supersedesLetterId": invitation["id"] } }),
        )
        .await;
    assert_eq!(error_code(&other_kind), "NOT_FOUND");

    // The employee's record lists them, newest first.
    let employees = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { employees(first: 100) { edges { node { id letters { kind subject } } } } } }",
            json!({ "id": proposal }),
        )
        .await;
    let kinds: Vec<&str> = employees["proposal"]["employees"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["id"] == alex.as_str())
        .unwrap()["node"]["letters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["AT_RISK", "INVITATION_TO_MEETING", "AT_RISK"]);

    // Issued letters are never changed or removed, whatever the SQL.
    let update = app
        .store
        .conn()
        .execute_unprepared("UPDATE letter SET subject = 'changed'")
        .await;
    assert!(update.is_err(), "an UPDATE of a letter was allowed");
    let delete = app
        .store
        .conn()
        .execute_unprepared("DELETE FROM letter")
        .await;
    assert!(delete.is_err(), "a DELETE of letters was allowed");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM letter").await, 3);
    let read = app.ok(&hr, LETTER, json!({ "id": letter_id })).await;
    assert_eq!(
        read["letter"]["subject"],
        "Your post is at risk of redundancy"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_event WHERE action = 'letter.issued'"
        )
        .await,
        3
    );
}

async fn hr_and_the_employee_read_a_letter_the_sponsor_sees_it_exists_and_reps_never(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (proposal, alex) = setup(&app, &hr).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let v = version(&app, &hr, &proposal).await;
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": proposal, "v": v, "f": { "sponsorId": sponsor_id } }),
    )
    .await;
    let letter = issue(&app, &hr, json!({ "employeeId": alex, "kind": "AT_RISK" })).await;
    let id = letter["id"].as_str().unwrap().to_owned();
    let print = format!("/letters/{id}");
    let pdf = format!("/letters/{id}/pdf");

    // The employee: their own letter, in full, and its printable page by token or cookie.
    let alex_token = account(&app, "alex@bury.example", Role::Staff).await;
    let mine = app.ok(&alex_token, MINE, json!({})).await["myLetters"].clone();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert!(
        mine[0]["bodyText"]
            .as_str()
            .unwrap()
            .starts_with("Dear Alex Moore\n\nYour post is at risk of redundancy")
    );
    assert_eq!(mine[0]["printUrl"], print.as_str());
    let own = app.ok(&alex_token, LETTER, json!({ "id": id })).await;
    assert!(
        own["letter"]["bodyHtml"]
            .as_str()
            .unwrap()
            .contains("<p>Dear Alex Moore</p>")
    );
    let (status, content_type, body) = app.download(Some(&alex_token), &print).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/html; charset=utf-8");
    let page = String::from_utf8(body).unwrap();
    assert!(
        page.contains("<h1>Your post is at risk of redundancy</h1>"),
        "{page}"
    );
    assert!(page.contains("<p>Dear Alex Moore</p>"));
    assert!(page.contains("@media print"));
    // The same letter as a PDF, in the standard fonts, with its heading and text.
    assert_eq!(mine[0]["pdfUrl"], pdf.as_str());
    let (status, content_type, body) = app.download(Some(&alex_token), &pdf).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/pdf");
    assert!(body.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&body);
    assert!(
        text.contains("(Your post is at risk of redundancy) Tj"),
        "{text}"
    );
    assert!(text.contains("(Dear Alex Moore) Tj"));
    assert!(text.contains("(Letter to Alex Moore, issued "));
    let by_cookie = app
        .client
        .get(format!("{}{print}", app.address))
        .header("cookie", format!("consult_session={alex_token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(by_cookie.status(), 200);
    // HR reads everything.
    let (status, _, _) = app.download(Some(&hr), &print).await;
    assert_eq!(status, 200);
    let all = app.ok(&hr, OF_PROPOSAL, json!({ "id": proposal })).await;
    assert!(all["proposalLetters"][0]["bodyText"].is_string());

    // The sponsor sees that a letter exists, not what it says.
    let listed = app
        .ok(&sponsor, OF_PROPOSAL, json!({ "id": proposal }))
        .await;
    let listed = &listed["proposalLetters"];
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["kind"], "AT_RISK");
    assert!(listed[0]["issuedAt"].is_string());
    assert!(listed[0]["bodyHtml"].is_null());
    assert!(listed[0]["bodyText"].is_null());
    assert!(listed[0]["printUrl"].is_null());
    let one = app.ok(&sponsor, LETTER, json!({ "id": id })).await;
    assert!(one["letter"]["bodyText"].is_null());
    for path in [&print, &pdf] {
        let (status, _, _) = app.download(Some(&sponsor), path).await;
        assert_eq!(status, 404);
    }
    assert!(
        app.ok(&sponsor, MINE, json!({})).await["myLetters"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Another employee, another manager and a union rep see nothing of it.
    let farzana = account(&app, "farzana@bury.example", Role::Staff).await;
    let (_, other_manager) = app.signed_in(Role::Manager).await;
    let (_, rep) = app.signed_in_rep("UNISON").await;
    for token in [&farzana, &other_manager, &rep] {
        let body = app.graphql(Some(token), LETTER, json!({ "id": id })).await;
        assert_eq!(error_code(&body), "NOT_FOUND");
        for path in [&print, &pdf] {
            let (status, _, _) = app.download(Some(token), path).await;
            assert_eq!(status, 404);
        }
        let body = app
            .graphql(Some(token), OF_PROPOSAL, json!({ "id": proposal }))
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN");
        assert!(
            app.ok(token, MINE, json!({})).await["myLetters"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    }
    let rep_refusal = app
        .graphql(Some(&rep), OF_PROPOSAL, json!({ "id": proposal }))
        .await;
    assert!(message(&rep_refusal).contains("union representatives do not see them"));

    // Nobody but HR issues a letter.
    for token in [&alex_token, &sponsor, &rep, &farzana] {
        let body = app
            .graphql(
                Some(token),
                ISSUE,
                json!({ "i": { "employeeId": alex, "kind": "AT_RISK" } }),
            )
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM letter").await, 1);

    // Signed out: the page asks to sign in; the API too.
    for path in [&print, &pdf] {
        let (status, _, _) = app.download(None, path).await;
        assert_eq!(status, 401);
    }
    let (status, _, _) = app.download(Some(&hr), "/letters/not-an-id").await;
    assert_eq!(status, 404);
    let body = app.graphql(None, MINE, json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
}

async fn the_employee_is_emailed_a_link_to_the_letter_once_and_no_replan_cancels_it(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (proposal, alex) = setup(&app, &hr).await;
    // Alex has no account: the email goes to the work email on the record.
    let first = issue(&app, &hr, json!({ "employeeId": alex, "kind": "AT_RISK" })).await;
    let second = issue(
        &app,
        &hr,
        json!({ "employeeId": alex, "kind": "INVITATION_TO_MEETING", "meetingDate": "2027-01-11", "meetingTime": "10:30", "meetingPlace": "Town Hall, Room 2" }),
    )
    .await;
    // A change to the proposal re-plans its emails; the letters' stay.
    let v = version(&app, &hr, &proposal).await;
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": proposal, "v": v, "f": { "background": "Changed" } }),
    )
    .await;
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    worker.run_once().await.unwrap();
    let at_risk = sink.to(
        "alex@bury.example",
        "A letter for you: Your post is at risk of redundancy",
    );
    assert_eq!(at_risk.len(), 1, "{:?}", sink.to("alex@bury.example", ""));
    let text = at_risk[0]["text"].as_str().unwrap();
    assert!(text.contains("Dear Alex Moore,"), "{text}");
    assert!(
        text.contains(&format!(
            "{PUBLIC_URL}/letters/{}",
            first["id"].as_str().unwrap()
        )),
        "{text}"
    );
    assert!(text.contains("The letter says:"));
    assert!(text.contains("under the proposal Restructure of the SEN Service, your post of Senior SEN Practitioner is at risk of redundancy"), "{text}");
    let html = at_risk[0]["html"].as_str().unwrap();
    // The link, as the HTML escapes it.
    assert!(html.contains("Read and print your letter"), "{html}");
    assert!(html.contains(first["id"].as_str().unwrap()), "{html}");
    let invitation = sink.to(
        "alex@bury.example",
        "Invitation to an individual consultation meeting",
    );
    assert_eq!(invitation.len(), 1);
    assert!(
        invitation[0]["text"]
            .as_str()
            .unwrap()
            .contains(&format!("/letters/{}", second["id"].as_str().unwrap()))
    );
    // HR sees the emails in the proposal's outbox, sent.
    let outbox = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { outbox(first: 100) { edges { node { milestone status recipientEmail } } } } }",
            json!({ "id": proposal }),
        )
        .await;
    let letters: Vec<&Value> = outbox["proposal"]["outbox"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .filter(|n| n["recipientEmail"] == "alex@bury.example")
        .collect();
    assert_eq!(letters.len(), 2, "{outbox}");
    assert!(letters.iter().all(|n| n["status"] == "SENT"), "{outbox}");
}

async fn a_page_of_employees_reads_its_letters_in_the_same_statements_however_many(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let proposal = bury_proposal(&app, &hr, 6).await;
    const PAGE: &str = "query($id: ID!) { proposal(id: $id) { employees(first: 100) { edges { node { id letters { kind subject bodyText } } } } } }";
    let ids: Vec<String> =
        app.ok(&hr, PAGE, json!({ "id": proposal })).await["proposal"]["employees"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .collect();
    assert!(ids.len() >= 10, "{ids:?}");
    let statements = |app: &TestApp| app.store.statements_executed();
    for id in &ids[..2] {
        issue(&app, &hr, json!({ "employeeId": id, "kind": "AT_RISK" })).await;
    }
    let before = statements(&app);
    app.ok(&hr, PAGE, json!({ "id": proposal })).await;
    let few = statements(&app) - before;
    for id in &ids[2..] {
        issue(&app, &hr, json!({ "employeeId": id, "kind": "AT_RISK" })).await;
        issue(&app, &hr, json!({ "employeeId": id, "kind": "AT_RISK" })).await;
    }
    let before = statements(&app);
    let page = app.ok(&hr, PAGE, json!({ "id": proposal })).await;
    let many = statements(&app) - before;
    assert_eq!(few, many, "letters are read per employee");
    let letters: usize = page["proposal"]["employees"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["letters"].as_array().unwrap().len())
        .sum();
    assert_eq!(letters, 2 + 2 * (ids.len() - 2));
}
