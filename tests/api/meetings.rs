//! Meeting invitees through HTTP: employees invited by name (with or without an account),
//! whom a meeting invited (for HR), and ids of the wrong kind.

use crate::db_tests;
use crate::helpers::{PASSWORD, TestApp, error_code};
use crate::proposals::open_proposal_naming;
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    an_employee_invited_by_name_sees_the_meeting_once_signed_in_with_their_work_email,
    only_hr_see_whom_a_meeting_invited,
    meeting_invitees_of_another_kind_are_not_found_at_their_field,
);

const SCHEDULE: &str =
    "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id version } }";
const MEETINGS: &str = "query($id: ID!) { proposal(id: $id) { meetings { id title } } }";

/// The proposal's employees: (id, employee number, work email).
async fn employees(app: &TestApp, hr: &str, id: &str) -> Vec<(String, String, String)> {
    let body = app
        .ok(
            hr,
            "query($id: ID!) { proposal(id: $id) { employees(first: 100) { edges { node { id employeeNumber workEmail } } } } }",
            json!({ "id": id }),
        )
        .await;
    body["proposal"]["employees"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let n = &e["node"];
            (
                n["id"].as_str().unwrap().to_owned(),
                n["employeeNumber"].as_str().unwrap().to_owned(),
                n["workEmail"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// A caseworker record without an account: (employee id, work email).
async fn newcomer(app: &TestApp, hr: &str, id: &str) -> (String, String) {
    let email = format!("newcomer-{}@bury.gov.uk", uuid::Uuid::now_v7().simple());
    let created = app
        .ok(
            hr,
            "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }",
            json!({ "i": { "proposalId": id, "employeeNumber": "N1", "name": "Nadia Newcomer", "workEmail": email, "holdings": [], "impact": "AFFECTED" } }),
        )
        .await;
    (
        created["createEmployee"]["id"].as_str().unwrap().to_owned(),
        email,
    )
}

fn one_to_one(id: &str, employees: &[&str]) -> Value {
    let start = chrono::Utc::now() + chrono::Duration::days(10);
    json!({ "i": { "proposalId": id, "kind": "ONE_TO_ONE", "title": "1:1 consultation meeting",
        "startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(1)).to_rfc3339(),
        "inviteeEmployeeIds": employees } })
}

fn titles(body: &Value) -> Vec<String> {
    body["proposal"]["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["title"].as_str().unwrap().to_owned())
        .collect()
}

// ACAS: individual consultation meetings with each person at risk. The person is invited as
// the employee named in the proposal, reached at their work email, account or not.
async fn an_employee_invited_by_name_sees_the_meeting_once_signed_in_with_their_work_email(
    app: TestApp,
) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, invited) = app.signed_in(Role::Staff).await;
    let (_, colleague) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(&app, &hr, &[&invited, &colleague], &["UNISON"]).await;
    let invited_email = app.email_of(&invited).await;
    let people = employees(&app, &hr, &id).await;
    let record = &people.iter().find(|p| p.2 == invited_email).unwrap().0;
    let (nadia, nadia_email) = newcomer(&app, &hr, &id).await;

    let meeting = app
        .ok(&hr, SCHEDULE, one_to_one(&id, &[record, &nadia]))
        .await["scheduleMeeting"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let seen = |token: String| {
        let app = &app;
        let id = id.clone();
        async move { titles(&app.ok(&token, MEETINGS, json!({ "id": id })).await) }
    };
    assert_eq!(seen(invited.clone()).await, ["1:1 consultation meeting"]);
    assert!(
        seen(colleague.clone()).await.is_empty(),
        "a 1:1 of someone else"
    );
    let ics = format!("/calendar/meeting/{meeting}.ics");
    assert_eq!(app.download(Some(&invited), &ics).await.0, 200);
    assert_eq!(app.download(Some(&colleague), &ics).await.0, 404);
    // In their own calendar feed too.
    let feed = app.ok(&invited, "{ myCalendarFeedPath }", json!({})).await["myCalendarFeedPath"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _, body) = app.download(None, &feed).await;
    assert_eq!(status, 200);
    assert!(
        String::from_utf8(body).unwrap().contains(&meeting),
        "the 1:1 is in the invited person's feed"
    );
    // The invitation went to the account of the invited employee's work email.
    let emails = app
        .ok(
            &invited,
            "{ myEmails(first: 50) { edges { node { milestone } } } }",
            json!({}),
        )
        .await;
    assert!(
        emails["myEmails"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["node"]["milestone"] == "meeting_invitation"),
        "{emails}"
    );

    // Nadia has no account: her invitation goes to her work email.
    let outbox = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { outbox(first: 100) { edges { node { milestone recipientEmail recipient { id } } } } } }",
            json!({ "id": id }),
        )
        .await;
    let to_nadia: Vec<&Value> = outbox["proposal"]["outbox"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .filter(|m| m["recipientEmail"] == nadia_email.as_str())
        .collect();
    assert_eq!(
        to_nadia,
        [
            &json!({ "milestone": "meeting_invitation", "recipientEmail": nadia_email, "recipient": null })
        ],
        "{outbox}"
    );

    // Once she has an account, she sees the meeting.
    app.create_user(&nadia_email, Role::Staff).await;
    let login = app.login(&nadia_email, PASSWORD).await;
    let nadia_token = login["data"]["login"]["token"].as_str().unwrap().to_owned();
    assert_eq!(seen(nadia_token).await, ["1:1 consultation meeting"]);
}

async fn only_hr_see_whom_a_meeting_invited(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (manager_id, _) = app.signed_in(Role::Manager).await;
    let (_, invited) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(&app, &hr, &[&invited], &["UNISON"]).await;
    let people = employees(&app, &hr, &id).await;
    let (nadia, nadia_email) = newcomer(&app, &hr, &id).await;
    let mut input = one_to_one(&id, &[&people[0].0, &nadia]);
    input["i"]["inviteeIds"] = json!([manager_id]);
    app.ok(&hr, SCHEDULE, input).await;

    const INVITEES: &str =
        "query($id: ID!) { proposal(id: $id) { meetings { invitees { kind id name email } } } }";
    let listed = app.ok(&hr, INVITEES, json!({ "id": id })).await;
    let invitees = listed["proposal"]["meetings"][0]["invitees"]
        .as_array()
        .unwrap()
        .clone();
    let kinds: Vec<(&str, &str)> = invitees
        .iter()
        .map(|i| (i["kind"].as_str().unwrap(), i["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("USER", manager_id.as_str()),
            ("EMPLOYEE", people[0].0.as_str()),
            ("EMPLOYEE", nadia.as_str())
        ]
    );
    assert_eq!(invitees[2]["name"], "Nadia Newcomer");
    assert_eq!(invitees[2]["email"], nadia_email);
    assert_eq!(invitees[1]["email"], people[0].2);

    // The invited employee sees the meeting, not the list of whom it invited.
    let refused = app
        .graphql(Some(&invited), INVITEES, json!({ "id": id }))
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
}

async fn meeting_invitees_of_another_kind_are_not_found_at_their_field(app: TestApp) {
    let (hr_id, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    let other = open_proposal_naming(&app, &hr, &[], &["UNISON"]).await;
    let (stranger, _) = newcomer(&app, &hr, &other).await;
    let employee = employees(&app, &hr, &id).await[0].0.clone();

    let refuse = |input: Value, field: &'static str| {
        let app = &app;
        let hr = hr.clone();
        async move {
            let body = app.graphql(Some(&hr), SCHEDULE, input).await;
            assert_eq!(error_code(&body), "NOT_FOUND", "{field}: {body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
        }
    };
    // An employee's id as a user.
    let mut as_user = one_to_one(&id, &[]);
    as_user["i"]["inviteeIds"] = json!([hr_id, employee]);
    refuse(as_user, "input.inviteeIds[1]").await;
    // A user's id, and another proposal's employee, as employees.
    refuse(one_to_one(&id, &[&hr_id]), "input.inviteeEmployeeIds[0]").await;
    refuse(one_to_one(&id, &[&stranger]), "input.inviteeEmployeeIds[0]").await;
    // Nothing was scheduled by the refusals.
    assert!(titles(&app.ok(&hr, MEETINGS, json!({ "id": id })).await).is_empty());

    // A change of invitees is held to the same rule.
    let meeting =
        app.ok(&hr, SCHEDULE, one_to_one(&id, &[&employee])).await["scheduleMeeting"]["id"].clone();
    let body = app
        .graphql(
            Some(&hr),
            "mutation($i: UpdateMeetingInput!) { updateMeeting(input: $i) { id } }",
            json!({ "i": { "id": meeting, "expectedVersion": 1, "inviteeEmployeeIds": [stranger] } }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["field"],
        "input.inviteeEmployeeIds[0]"
    );
}
