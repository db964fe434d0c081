//! `GET /subject-access.json?email=`: everything Consult holds about one person (UK GDPR
//! Art. 15), for HR only; confidential feedback included; audited.

use crate::db_tests;
use crate::helpers::{PASSWORD, TestApp};
use serde_json::{Value, json};

db_tests!(
    hr_alone_exports_a_person_with_their_confidential_feedback_and_both_proposals,
    a_person_consult_does_not_know_gets_an_empty_export,
);

pub async fn token(app: &TestApp, email: &str) -> String {
    let body = app.login(email, PASSWORD).await;
    body["data"]["login"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("login failed: {body}"))
        .to_owned()
}

/// A draft proposal with one employee, `name` at `email`; returns the proposal's id.
pub async fn proposal_with(
    app: &TestApp,
    hr: &str,
    title: &str,
    name: &str,
    email: &str,
) -> String {
    let id = app
        .ok(
            hr,
            "mutation($f: ProposalFieldsInput!) { createProposal(input: {fields: $f}) { id } }",
            json!({ "f": { "title": title, "service": "Children's Services", "establishment": "Bury Town Hall" } }),
        )
        .await["createProposal"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.ok(
        hr,
        "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }",
        json!({ "i": { "proposalId": id, "employeeNumber": "X1", "name": name, "workEmail": email, "impact": "AT_RISK", "holdings": [] } }),
    )
    .await;
    id
}

async fn export(app: &TestApp, token: Option<&str>, query: &str) -> (u16, String, Value) {
    let mut request = app
        .client
        .get(format!("{}/subject-access.json{query}", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let disposition = response
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, disposition, body)
}

async fn exports_audited(app: &TestApp) -> usize {
    use consult::store::entities::audit_event;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("subject_access.exported"))
        .all(app.store.conn())
        .await
        .unwrap()
        .len()
}

async fn hr_alone_exports_a_person_with_their_confidential_feedback_and_both_proposals(
    app: TestApp,
) {
    consult::demo::load(&app.store, consult::demo::DemoPasswords::Use(PASSWORD))
        .await
        .unwrap();
    let hr = token(&app, "hr@bury.example").await;
    // The caseworker of the SEN proposal is also in another, under another spelling.
    let second = proposal_with(
        &app,
        &hr,
        "Review of business support",
        "Jo Brierley",
        "Caseworker@Bury.Example",
    )
    .await;
    let query = "?email=caseworker@bury.example";

    let (status, _, _) = export(&app, None, query).await;
    assert_eq!(status, 401);
    for who in [
        "caseworker@bury.example",
        "strategic.lead@bury.example",
        "unison.rep@bury.example",
    ] {
        let token = token(&app, who).await;
        let (status, _, body) = export(&app, Some(&token), query).await;
        assert_eq!(status, 403, "{who}: {body}");
        assert!(!body.to_string().contains("EHC plans"), "{who}");
    }
    for bad in ["", "?email=", "?email=not-an-address"] {
        let (status, _, body) = export(&app, Some(&hr), bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body.as_str().unwrap().contains("email"), "{body}");
    }
    assert_eq!(exports_audited(&app).await, 0, "refusals export nothing");

    let (status, disposition, body) =
        export(&app, Some(&hr), "?email=CASEWORKER@bury.example").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        disposition,
        "attachment; filename=\"subject-access-caseworker-bury-example.json\""
    );
    assert_eq!(body["account"]["email"], "caseworker@bury.example");
    assert!(body["account"].get("password_hash").is_none(), "{body}");
    let records = body["employeeRecords"].as_array().unwrap();
    assert_eq!(records.len(), 2, "{body}");
    let proposals: std::collections::HashSet<&str> = records
        .iter()
        .map(|r| r["proposal_id"].as_str().unwrap())
        .collect();
    assert_eq!(proposals.len(), 2);
    assert!(proposals.contains(second.as_str()));
    assert_eq!(body["proposals"].as_array().unwrap().len(), 2);
    // Their confidential feedback, answers and all.
    let feedback = body["feedbackResponses"].as_array().unwrap();
    assert_eq!(feedback.len(), 1, "{body}");
    assert_eq!(feedback[0]["confidential"], true);
    assert!(
        feedback[0]["answers"].to_string().contains("EHC plans"),
        "{body}"
    );
    // What they asked, and the audit trail of their records.
    assert!(
        !body["questionsRaised"].as_array().unwrap().is_empty(),
        "{body}"
    );
    let events = body["auditEvents"].as_array().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e["action"] == "feedback.submitted" || e["action"] == "feedback.saved"),
        "{body}"
    );
    assert!(body["emails"].is_array());
    assert_eq!(exports_audited(&app).await, 1);
}

async fn a_person_consult_does_not_know_gets_an_empty_export(app: TestApp) {
    let (_, hr) = app.signed_in(consult::domain::account::Role::HrAdmin).await;
    let (status, _, body) = export(&app, Some(&hr), "?email=nobody%40bury.gov.uk").await;
    assert_eq!(status, 200, "{body}");
    assert!(body["account"].is_null());
    for section in [
        "employeeRecords",
        "feedbackResponses",
        "emails",
        "auditEvents",
    ] {
        assert_eq!(body[section], json!([]), "{section}");
    }
    assert_eq!(exports_audited(&app).await, 1);
}
