//! Ids of the wrong kind are refused with NOT_FOUND at their field, never accepted as a
//! no-op: an employee's id where a post or a user is expected, another proposal's post.
//! (Ring fences and meeting invitees: `ring_fences`, `meetings`.)

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use crate::timetable::{FIELDS, bury_proposal, version};
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    structure_references_of_another_kind_are_not_found_at_their_field,
    a_question_owner_must_be_an_account_not_an_employee,
    a_kept_risk_or_option_is_one_already_in_the_proposal,
    checklist_people_are_accounts_not_employees,
);

/// The first post titled `title` and the first employee of a proposal.
async fn post_and_employee(app: &TestApp, hr: &str, id: &str, title: &str) -> (String, String) {
    let body = app
        .ok(
            hr,
            "query($id: ID!) { proposal(id: $id) { posts(first: 100) { edges { node { id title } } } employees(first: 1) { edges { node { id } } } } }",
            json!({ "id": id }),
        )
        .await;
    let post = body["proposal"]["posts"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["title"] == title)
        .unwrap()["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let employee = body["proposal"]["employees"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (post, employee)
}

fn assert_not_found_at(body: &Value, field: &str) {
    assert_eq!(error_code(body), "NOT_FOUND", "{field}: {body}");
    assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
}

async fn structure_references_of_another_kind_are_not_found_at_their_field(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = bury_proposal(&app, &hr, 0).await;
    let other = bury_proposal(&app, &hr, 0).await;
    let (caseworker, employee) = post_and_employee(&app, &hr, &id, "SEN Caseworker").await;
    let (other_caseworker, _) = post_and_employee(&app, &hr, &other, "SEN Caseworker").await;

    const POST: &str = "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }";
    let side = |extra: Value| {
        let mut side = json!({ "grade": "Grade 9", "fte": 1.0, "headcount": 1 });
        side.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        side
    };
    // Reporting to another proposal's post.
    let body = app
        .graphql(
            Some(&hr),
            POST,
            json!({ "i": { "proposalId": id, "title": "Officer",
            "current": side(json!({ "reportsToId": other_caseworker })) } }),
        )
        .await;
    assert_not_found_at(&body, "input.current.reportsToId");
    // A post's id as a job description version.
    let body = app
        .graphql(
            Some(&hr),
            POST,
            json!({ "i": { "proposalId": id, "title": "Officer",
            "proposed": side(json!({ "jobDescriptionVersionId": caseworker })) } }),
        )
        .await;
    assert_not_found_at(&body, "input.proposed.jobDescriptionVersionId");

    const EMPLOYEE: &str =
        "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }";
    let person = |extra: Value| {
        let mut input = json!({ "proposalId": id, "employeeNumber": "X1", "name": "Sam Example",
            "workEmail": "sam@bury.example", "holdings": [] });
        input
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({ "i": input })
    };
    // Holding another proposal's post.
    let body = app
        .graphql(
            Some(&hr),
            EMPLOYEE,
            person(json!({ "holdings": [{ "postId": other_caseworker, "fte": 1.0 }] })),
        )
        .await;
    assert_not_found_at(&body, "input.holdings[0].postId");
    // Slotted into an employee.
    let body = app
        .graphql(
            Some(&hr),
            EMPLOYEE,
            person(json!({ "slotInPostId": employee })),
        )
        .await;
    assert_not_found_at(&body, "input.slotInPostId");

    // A feedback question about an employee, as if it were a post.
    let body = app
        .graphql(
            Some(&hr),
            "mutation($i: SetFeedbackFormInput!) { setFeedbackForm(input: $i) { version } }",
            json!({ "i": { "proposalId": id, "questions": [{ "kind": "TEXT", "text": "Your view?", "postId": employee }] } }),
        )
        .await;
    assert_not_found_at(&body, "input.questions[0].postId");

    // None of the refusals changed anything.
    let (_, first) = post_and_employee(&app, &hr, &id, "SEN Caseworker").await;
    assert_eq!(first, employee);
    let count = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { posts(first: 100) { totalCount } employees { totalCount } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(count["proposal"]["posts"]["totalCount"], 4);
    assert_eq!(count["proposal"]["employees"]["totalCount"], 5);
}

async fn a_question_owner_must_be_an_account_not_an_employee(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = bury_proposal(&app, &hr, 0).await;
    let (_, employee) = post_and_employee(&app, &hr, &id, "SEN Caseworker").await;
    let question = app
        .ok(
            &hr,
            "mutation($id: ID!) { raiseQuestion(input: {proposalId: $id, text: \"Why?\"}) { id version } }",
            json!({ "id": id }),
        )
        .await["raiseQuestion"]
        .clone();
    let body = app
        .graphql(
            Some(&hr),
            "mutation($i: AssignQuestionInput!) { assignQuestion(input: $i) { owner { id } } }",
            json!({ "i": { "id": question["id"], "expectedVersion": question["version"], "ownerId": employee } }),
        )
        .await;
    assert_not_found_at(&body, "input.ownerId");
}

async fn a_kept_risk_or_option_is_one_already_in_the_proposal(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = bury_proposal(&app, &hr, 0).await;
    let (_, employee) = post_and_employee(&app, &hr, &id, "SEN Caseworker").await;
    let risks = json!([{ "risk": "Loss of expertise", "mitigation": "Ring fence" }]);
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "risks": risks } }),
    )
    .await;
    let kept = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { risks { id } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["risks"][0]["id"]
        .clone();
    // Keeping the risk by its id is fine; an employee's id as a risk's, or as an option's,
    // is not an item of this proposal.
    let v = version(&app, &hr, &id).await;
    app.ok(&hr, FIELDS, json!({ "id": id, "v": v, "f": { "risks": [{ "id": kept, "risk": "Loss of expertise", "mitigation": "Ring fence and training" }] } }))
        .await;
    let v = version(&app, &hr, &id).await;
    for (fields, field) in [
        (
            json!({ "risks": [{ "id": employee, "risk": "R", "mitigation": "M" }] }),
            "input.fields.risks[0].id",
        ),
        (
            json!({ "alternatives": [{ "id": kept, "option": "O", "whyRejected": "W" }] }),
            "input.fields.alternatives[0].id",
        ),
    ] {
        let body = app
            .graphql(Some(&hr), FIELDS, json!({ "id": id, "v": v, "f": fields }))
            .await;
        assert_not_found_at(&body, field);
    }
    // An employee's id as the sponsor.
    let body = app
        .graphql(
            Some(&hr),
            FIELDS,
            json!({ "id": id, "v": v, "f": { "sponsorId": employee } }),
        )
        .await;
    assert_not_found_at(&body, "input.fields.sponsorId");
}

async fn checklist_people_are_accounts_not_employees(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = bury_proposal(&app, &hr, 0).await;
    let (_, employee) = post_and_employee(&app, &hr, &id, "SEN Caseworker").await;
    // A template's approver named by an employee's id was stored unchecked.
    let template = json!({ "i": { "name": "Small team change", "steps": [{ "title": "Brief the team", "assigneeRole": "HR_ADMIN" }],
        "approvals": [{ "approverTitle": "Head of Service", "approverId": employee }] } });
    let body = app
        .graphql(
            Some(&hr),
            "mutation($i: ChecklistTemplateInput!) { createChecklistTemplate(input: $i) { id } }",
            template,
        )
        .await;
    assert_not_found_at(&body, "input.approvals[0].approverId");
    let listed = app
        .ok(&hr, "{ checklistTemplates { name } }", json!({}))
        .await;
    assert_eq!(listed["checklistTemplates"].as_array().unwrap().len(), 1);
    // A step's assignee likewise.
    let body = app
        .graphql(
            Some(&hr),
            "mutation($i: AddChecklistStepInput!) { addChecklistStep(input: $i) { id } }",
            json!({ "i": { "proposalId": id, "title": "Check the pack", "assigneeId": employee } }),
        )
        .await;
    assert_not_found_at(&body, "input.assigneeId");
}
