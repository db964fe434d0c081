//! A page of cases costs what its page shows (issue 16): each case's history, meetings,
//! offers, notice, appeals and redundancy pay are read once for the whole page, not once per
//! case, and each case still shows only its own.

use crate::appeals::under_notice;
use crate::cases::decided;
use crate::db_tests;
use crate::helpers::{PASSWORD, TestApp};
use crate::s188::today;
use chrono::Days;
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(a_page_of_cases_costs_the_same_for_two_cases_or_eight);

const CASE_FIELDS: &str = "id state history { step to } meetings { location } offers { status post { title } } notice { lastDay } appeals { grounds } redundancyPay { missing }";

fn page_query() -> String {
    format!(
        "query($id: ID!, $first: Int) {{ proposal(id: $id) {{ cases(first: $first) {{ edges {{ node {{ {CASE_FIELDS} }} }} }} }} }}"
    )
}

fn case_query() -> String {
    format!("query($e: ID!) {{ case(employeeId: $e) {{ {CASE_FIELDS} }} }}")
}

async fn staff(app: &TestApp, email: &str) -> String {
    app.create_user(email, Role::Staff).await;
    app.login(email, PASSWORD).await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn case_version(app: &TestApp, hr: &str, employee: &str) -> i64 {
    app.ok(
        hr,
        "query($e: ID!) { case(employeeId: $e) { version } }",
        json!({ "e": employee }),
    )
    .await["case"]["version"]
        .as_i64()
        .unwrap()
}

async fn a_page_of_cases_costs_the_same_for_two_cases_or_eight(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    // Two ring-fenced seniors and six caseworkers: eight cases.
    let (id, people, posts) = decided(&app, &hr, 3).await;
    let (c0, c1, c2) = (&people["C0"], &people["C1"], &people["C2"]);
    // Caseworker 0 is under notice and appeals; caseworker 1 is offered a post; caseworker 2
    // has an individual meeting.
    under_notice(&app, &hr, c0, today()).await;
    let own = staff(&app, "cw0@bury.example").await;
    app.ok(
        &own,
        "mutation($i: LodgeAppealInput!) { lodgeAppeal(input: $i) { id } }",
        json!({ "i": { "employeeId": c0, "grounds": "My scores were not moderated." } }),
    )
    .await;
    app.ok(
        &hr,
        "mutation($i: MakeOfferInput!) { makeOffer(input: $i) { id } }",
        json!({ "i": { "employeeId": c1, "expectedVersion": case_version(&app, &hr, c1).await, "postId": posts["SEN Caseworker"], "answerBy": today() + Days::new(7) } }),
    )
    .await;
    let starts = (chrono::Utc::now() + chrono::Duration::days(3)).to_rfc3339();
    app.ok(
        &hr,
        "mutation($i: ScheduleIndividualMeetingInput!) { scheduleIndividualMeeting(input: $i) { id } }",
        json!({ "i": { "employeeId": c2, "expectedVersion": case_version(&app, &hr, c2).await, "startsAt": starts, "location": "Room 2, Town Hall" } }),
    )
    .await;

    let mut pages = Vec::new();
    for first in [2, 8] {
        let variables = json!({ "id": id, "first": first });
        // Warm the proposal's caches first, so only the page is counted.
        app.ok(&hr, &page_query(), variables.clone()).await;
        let before = app.store.statements_executed();
        let body = app.ok(&hr, &page_query(), variables).await;
        let statements = app.store.statements_executed() - before;
        let nodes: Vec<Value> = body["proposal"]["cases"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"].clone())
            .collect();
        assert_eq!(nodes.len(), first);
        pages.push((nodes, statements));
    }
    let (small, large) = (&pages[0], &pages[1]);
    assert_eq!(
        small.1, large.1,
        "a page of 8 cases costs what a page of 2 does"
    );
    assert!(large.1 <= 20, "{}", large.1);

    // Each case shows its own facts, as the single case does, in the same order.
    let nodes = &large.0;
    for node in nodes {
        let single = app.ok(&hr, &case_query(), json!({ "e": node["id"] })).await;
        assert_eq!(node, &single["case"]);
    }
    let of = |employee: &str| nodes.iter().find(|n| n["id"] == employee).unwrap();
    let steps = |node: &Value| -> Vec<String> {
        node["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["step"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        steps(of(c0)),
        ["OPEN", "MOVE_TO_REDEPLOYMENT", "GIVE_NOTICE"]
    );
    assert!(of(c0)["notice"]["lastDay"].is_string());
    assert_eq!(
        of(c0)["appeals"][0]["grounds"],
        "My scores were not moderated."
    );
    assert_eq!(of(c0)["redundancyPay"]["missing"], json!([]));
    assert_eq!(steps(of(c1)), ["OPEN", "MAKE_OFFER"]);
    assert_eq!(of(c1)["offers"][0]["post"]["title"], "SEN Caseworker");
    assert_eq!(of(c1)["offers"][0]["status"], "OFFERED");
    assert_eq!(
        of(c2)["meetings"],
        json!([{ "location": "Room 2, Town Hall" }])
    );
    for node in nodes {
        let id = node["id"].as_str().unwrap();
        if id != c0 {
            assert!(node["notice"].is_null(), "{node}");
            assert_eq!(node["appeals"], json!([]), "{node}");
        }
        if id != c1 {
            assert_eq!(node["offers"], json!([]), "{node}");
        }
        if id != c2 {
            assert_eq!(node["meetings"], json!([]), "{node}");
        }
        if id != c0 && id != c1 {
            assert_eq!(steps(node), ["OPEN"], "{node}");
        }
    }

    // The employee's own cases go through the same loaders.
    let mine = app
        .ok(
            &own,
            &format!("{{ myCases {{ {CASE_FIELDS} }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(mine["myCases"], json!([of(c0)]));
}
