//! Recording a consultation that happened in the past: back-dated sharing, checklist steps
//! and opening; a period already over cannot simply be opened.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    a_consultation_whose_last_day_has_passed_opens_only_as_back_dated_and_tells_nobody_to_respond,
    sharing_and_checklist_steps_are_recorded_on_the_day_they_happened,
    nothing_is_recorded_as_happening_in_the_future,
);

fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
}

/// A proposal naming the staff signed in with `staff` as at risk, recognising UNISON, with
/// the consultation period `start`..`end`, signed off and approved, not shared or open.
async fn approved_with_period(
    app: &TestApp,
    hr: &str,
    staff: &[&str],
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
) -> String {
    let mut people = Vec::new();
    for (i, token) in staff.iter().enumerate() {
        people.push((format!("Caseworker {i}"), app.email_of(token).await));
    }
    let people: Vec<(&str, &str, &str)> = people
        .iter()
        .map(|(name, email)| (name.as_str(), email.as_str(), "AT_RISK"))
        .collect();
    crate::approvals::approved_proposal_with(app, hr, &people, &["UNISON"], (start, end)).await
}

const SHARE: &str = "mutation($id: ID!, $on: NaiveDate) { shareProposalWithUnions(input: {id: $id, occurredOn: $on}) { sharedWithUnionsAt } }";
const OPEN: &str = "mutation($id: ID!, $on: NaiveDate) { openConsultation(input: {id: $id, occurredOn: $on}) { status consultationOpenedAt } }";

async fn latest_event(app: &TestApp, hr: &str, entity: &str) -> Value {
    app.ok(hr, "query($id: ID!) { auditEvents(entityId: $id, first: 1) { edges { node { action after } } } }", json!({ "id": entity }))
        .await["auditEvents"]["edges"][0]["node"]
        .clone()
}

async fn milestones(app: &TestApp, hr: &str, id: &str) -> Vec<String> {
    app.ok(hr, "query($id: ID!) { proposal(id: $id) { outbox(first: 100) { edges { node { milestone } } } } }", json!({ "id": id }))
        .await["proposal"]["outbox"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["milestone"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_consultation_whose_last_day_has_passed_opens_only_as_back_dated_and_tells_nobody_to_respond(
    app: TestApp,
) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (start, end) = (
        chrono::NaiveDate::from_ymd_opt(2021, 2, 5).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2021, 3, 7).unwrap(),
    );
    let id = approved_with_period(&app, &hr, &[&staff], start, end).await;
    app.ok(&hr, SHARE, json!({ "id": id, "on": "2021-01-20" }))
        .await;

    let refused = app.graphql(Some(&hr), OPEN, json!({ "id": id })).await;
    assert_eq!(error_code(&refused), "PRECONDITION_FAILED", "{refused}");
    let message = refused["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("7 March 2021, has passed") && message.contains("occurredOn"),
        "{message}"
    );

    let after_the_end = app
        .graphql(Some(&hr), OPEN, json!({ "id": id, "on": "2021-04-01" }))
        .await;
    assert_eq!(
        error_code(&after_the_end),
        "PRECONDITION_FAILED",
        "{after_the_end}"
    );

    let opened = app
        .ok(&hr, OPEN, json!({ "id": id, "on": "2021-02-05" }))
        .await;
    assert_eq!(opened["openConsultation"]["status"], "CONSULTING");
    assert!(
        opened["openConsultation"]["consultationOpenedAt"]
            .as_str()
            .unwrap()
            .starts_with("2021-02-05"),
        "{opened}"
    );
    let event = latest_event(&app, &hr, &id).await;
    assert_eq!(event["action"], "proposal.consultation_opened");
    assert_eq!(event["after"]["backdatedTo"], "2021-02-05");

    let planned = milestones(&app, &hr, &id).await;
    assert!(
        !planned.iter().any(|m| m == "consultation_opened"),
        "nobody is told they can respond to a consultation already over: {planned:?}"
    );

    // A consultation opened today, as it happens, is announced.
    let (_, colleague) = app.signed_in(Role::Staff).await;
    let current = approved_with_period(
        &app,
        &hr,
        &[&colleague],
        today(),
        today() + chrono::Days::new(30),
    )
    .await;
    app.ok(&hr, SHARE, json!({ "id": current })).await;
    app.ok(&hr, OPEN, json!({ "id": current })).await;
    assert!(
        milestones(&app, &hr, &current)
            .await
            .iter()
            .any(|m| m == "consultation_opened")
    );
    assert!(
        latest_event(&app, &hr, &current).await["after"]
            .get("backdatedTo")
            .is_none()
    );
}

async fn sharing_and_checklist_steps_are_recorded_on_the_day_they_happened(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = approved_with_period(&app, &hr, &[], today(), today() + chrono::Days::new(30)).await;
    let shared = app
        .ok(&hr, SHARE, json!({ "id": id, "on": "2021-01-20" }))
        .await;
    assert!(
        shared["shareProposalWithUnions"]["sharedWithUnionsAt"]
            .as_str()
            .unwrap()
            .starts_with("2021-01-20"),
        "{shared}"
    );
    let event = latest_event(&app, &hr, &id).await;
    assert_eq!(event["action"], "proposal.shared_with_unions");
    assert_eq!(event["after"]["backdatedTo"], "2021-01-20");

    let step = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { checklist { id } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["checklist"][0]["id"]
        .clone();
    let done = app.ok(&hr, "mutation($s: ID!) { completeChecklistStep(input: {id: $s, occurredOn: \"2021-01-10\"}) { completedAt } }", json!({ "s": step })).await;
    assert!(
        done["completeChecklistStep"]["completedAt"]
            .as_str()
            .unwrap()
            .starts_with("2021-01-10"),
        "{done}"
    );
    let event = latest_event(&app, &hr, &id).await;
    assert_eq!(event["action"], "proposal.checklist_step_completed");
    assert_eq!(event["after"]["backdatedTo"], "2021-01-10");

    // A manager completes their step as they do it; only HR records an earlier day.
    let (_, manager) = app.signed_in(Role::Manager).await;
    let managers_step = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { checklist { id } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["checklist"][1]["id"]
        .clone();
    let complete = "mutation($s: ID!, $on: NaiveDate) { completeChecklistStep(input: {id: $s, occurredOn: $on}) { completedAt } }";
    let refused = app
        .graphql(
            Some(&manager),
            complete,
            json!({ "s": managers_step, "on": "2021-01-11" }),
        )
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
    app.ok(&manager, complete, json!({ "s": managers_step }))
        .await;
}

async fn nothing_is_recorded_as_happening_in_the_future(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = approved_with_period(&app, &hr, &[], today(), today() + chrono::Days::new(30)).await;
    let tomorrow = today() + chrono::Days::new(1);
    for body in [
        app.graphql(Some(&hr), SHARE, json!({ "id": id, "on": tomorrow }))
            .await,
        app.graphql(Some(&hr), OPEN, json!({ "id": id, "on": tomorrow }))
            .await,
    ] {
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "input.occurredOn");
    }
    let step = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { checklist { id } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["checklist"][0]["id"]
        .clone();
    let future_step = app.graphql(Some(&hr), "mutation($s: ID!, $on: NaiveDate) { completeChecklistStep(input: {id: $s, occurredOn: $on}) { completedAt } }", json!({ "s": step, "on": tomorrow })).await;
    assert_eq!(error_code(&future_step), "BAD_USER_INPUT", "{future_step}");
    // Only sharing and opening are back-dated among the proposal's steps.
    let other = app.graphql(Some(&hr), "mutation($id: ID!) { returnToDraft(input: {id: $id, occurredOn: \"2021-01-01\"}) { status } }", json!({ "id": id })).await;
    assert_eq!(error_code(&other), "BAD_USER_INPUT", "{other}");
}
