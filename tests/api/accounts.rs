//! HR's management of accounts: creation with validation and audit, the paginated list.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    hr_creates_an_account_and_the_audit_log_records_who,
    a_duplicate_email_is_a_conflict_and_nothing_is_written,
    invalid_input_names_the_field,
    users_are_paged_with_cursors_and_a_total,
    a_page_over_the_cap_is_refused,
);

const CREATE: &str =
    "mutation($input: CreateUserInput!) { createUser(input: $input) { id email name role union } }";
const AUDIT: &str = "query($type: String, $id: ID) { auditEvents(entityType: $type, entityId: $id) {
    totalCount edges { node { action entityType entityId actor { id } actorLabel before after } } } }";

async fn hr_creates_an_account_and_the_audit_log_records_who(app: TestApp) {
    let (hr_id, hr) = app.signed_in(Role::HrAdmin).await;
    let body = app
        .graphql(
            Some(&hr),
            CREATE,
            json!({ "input": { "email": " Rep@Unison.org.uk ", "name": " Pat Jones ", "role": "UNION_REP", "union": "UNISON" } }),
        )
        .await;
    let user = &body["data"]["createUser"];
    assert_eq!(user["email"], "rep@unison.org.uk", "{body}");
    assert_eq!(user["name"], "Pat Jones");
    assert_eq!(user["union"], "UNISON");

    let audit = app
        .graphql(
            Some(&hr),
            AUDIT,
            json!({ "type": "user", "id": user["id"] }),
        )
        .await;
    let events = &audit["data"]["auditEvents"];
    assert_eq!(events["totalCount"], 2, "{audit}");
    assert_eq!(
        events["edges"][0]["node"]["action"], "user.sign_in_link_sent",
        "without a password, the account gets an invitation"
    );
    let event = &events["edges"][1]["node"];
    assert_eq!(event["action"], "user.created");
    assert_eq!(event["actor"]["id"], hr_id.as_str());
    assert!(event["before"].is_null());
    assert_eq!(event["after"]["email"], "rep@unison.org.uk");
    assert!(
        event["after"].get("password_hash").is_none(),
        "no secrets in the audit log"
    );

    // The HR account itself was made on the command line.
    let own = app
        .graphql(Some(&hr), AUDIT, json!({ "type": "user", "id": hr_id }))
        .await;
    let node = &own["data"]["auditEvents"]["edges"][0]["node"];
    assert!(node["actor"].is_null());
    assert_eq!(node["actorLabel"], "command line");
}

async fn a_duplicate_email_is_a_conflict_and_nothing_is_written(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let input = json!({ "input": { "email": "twin@bury.gov.uk", "name": "One", "role": "STAFF" } });
    assert!(
        app.graphql(Some(&hr), CREATE, input.clone()).await["data"]["createUser"]["id"].is_string()
    );
    let again =
        json!({ "input": { "email": "TWIN@bury.gov.uk", "name": "Two", "role": "MANAGER" } });
    let body = app.graphql(Some(&hr), CREATE, again).await;
    assert_eq!(error_code(&body), "CONFLICT");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("twin@bury.gov.uk")
    );

    let users = app
        .graphql(Some(&hr), "{ users { totalCount } }", json!({}))
        .await;
    assert_eq!(users["data"]["users"]["totalCount"], 2);
    let audit = app
        .graphql(Some(&hr), AUDIT, json!({ "type": "user" }))
        .await;
    assert_eq!(
        audit["data"]["auditEvents"]["totalCount"], 3,
        "the HR account, the first account and its invitation; nothing for the refused one"
    );
}

async fn invalid_input_names_the_field(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let cases: [(Value, &str); 4] = [
        (
            json!({ "email": "not-an-email", "name": "A", "role": "STAFF" }),
            "input.email",
        ),
        (
            json!({ "email": "a@bury.gov.uk", "name": "  ", "role": "STAFF" }),
            "input.name",
        ),
        (
            json!({ "email": "a@bury.gov.uk", "name": "A", "role": "UNION_REP" }),
            "input.union",
        ),
        (
            json!({ "email": "a@bury.gov.uk", "name": "A", "role": "STAFF", "union": "GMB" }),
            "input.union",
        ),
    ];
    for (input, field) in cases {
        let body = app
            .graphql(Some(&hr), CREATE, json!({ "input": input }))
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    let bad_enum = app
        .graphql(
            Some(&hr),
            CREATE,
            json!({ "input": { "email": "a@b.uk", "name": "A", "role": "BOSS" } }),
        )
        .await;
    assert_eq!(
        error_code(&bad_enum),
        "BAD_USER_INPUT",
        "async-graphql's own input errors get a code too"
    );
}

async fn users_are_paged_with_cursors_and_a_total(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    for i in 0..24 {
        let role = if i % 3 == 0 {
            Role::Manager
        } else {
            Role::Staff
        };
        app.create_user(&format!("person{i:02}@bury.gov.uk"), role)
            .await;
    }
    let query = "query($after: String, $role: Role) { users(first: 10, after: $after, role: $role) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { email } } } }";
    let mut seen = Vec::new();
    let mut after = Value::Null;
    let mut pages = 0;
    loop {
        let body = app
            .graphql(Some(&hr), query, json!({ "after": after }))
            .await;
        let page = &body["data"]["users"];
        assert_eq!(page["totalCount"], 25, "{body}");
        assert_eq!(page["pageInfo"]["hasPreviousPage"], pages > 0);
        seen.extend(
            page["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["email"].as_str().unwrap().to_owned()),
        );
        pages += 1;
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 25);
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique.len(), 25, "no account appears twice");
    assert_eq!(
        seen[1], "person00@bury.gov.uk",
        "oldest first, after the HR account"
    );

    let managers = app
        .graphql(Some(&hr), query, json!({ "role": "MANAGER" }))
        .await;
    assert_eq!(managers["data"]["users"]["totalCount"], 8);

    let junk = app
        .graphql(Some(&hr), query, json!({ "after": "not-a-cursor" }))
        .await;
    assert_eq!(error_code(&junk), "BAD_USER_INPUT");
    assert_eq!(junk["errors"][0]["extensions"]["field"], "after");
}

async fn a_page_over_the_cap_is_refused(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let body = app
        .graphql(Some(&hr), "{ users(first: 101) { totalCount } }", json!({}))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "first");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("at most 100")
    );
    let ok = app
        .graphql(Some(&hr), "{ users(first: 100) { totalCount } }", json!({}))
        .await;
    assert_eq!(ok["data"]["users"]["totalCount"], 1);
}
