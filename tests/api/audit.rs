//! The audit log: append-only at the database, and cheap to page through.

use crate::db_tests;
use crate::helpers::TestApp;
use consult::domain::account::Role;
use sea_orm::ConnectionTrait;
use serde_json::json;

db_tests!(
    the_database_refuses_to_change_or_delete_audit_events,
    a_page_of_events_costs_a_bounded_number_of_statements
);

async fn the_database_refuses_to_change_or_delete_audit_events(app: TestApp) {
    app.create_user("someone@bury.gov.uk", Role::Staff).await;
    let db = app.store.conn();
    let update = db
        .execute_unprepared("UPDATE audit_event SET action = 'forged'")
        .await;
    assert!(update.is_err(), "an UPDATE of the audit log must fail");
    let delete = db.execute_unprepared("DELETE FROM audit_event").await;
    assert!(delete.is_err(), "a DELETE from the audit log must fail");
    let count = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM audit_event",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(count, 1);
}

async fn a_page_of_events_costs_a_bounded_number_of_statements(app: TestApp) {
    let query = "{ auditEvents(first: 100) { totalCount edges { node { action actor { id name email } } } } }";
    // Three HR officers each create accounts, so the page has several distinct actors.
    let mut hr_tokens = Vec::new();
    for _ in 0..3 {
        hr_tokens.push(app.signed_in(Role::HrAdmin).await.1);
    }
    let mut statements_per_size = Vec::new();
    for round in 0..2 {
        for (n, token) in hr_tokens.iter().enumerate() {
            for i in 0..(5 + round * 10) {
                let email = format!("r{round}-hr{n}-{i}@bury.gov.uk");
                app.graphql(
                    Some(token),
                    "mutation($e: String!) { createUser(input: {email: $e, name: \"N\", role: STAFF}) { id } }",
                    json!({ "e": email }),
                )
                .await;
            }
        }
        let before = app.store.statements_executed();
        let body = app.graphql(Some(&hr_tokens[0]), query, json!({})).await;
        let statements = app.store.statements_executed() - before;
        let edges = body["data"]["auditEvents"]["edges"].as_array().unwrap();
        assert!(
            edges
                .iter()
                .filter(|e| e["node"]["actor"]["id"].is_string())
                .count()
                >= 15,
            "{body}"
        );
        statements_per_size.push((edges.len(), statements));
    }
    let (small, large) = (statements_per_size[0], statements_per_size[1]);
    assert!(
        large.0 > small.0 * 2,
        "the second page is larger: {statements_per_size:?}"
    );
    assert_eq!(
        small.1, large.1,
        "statements do not grow with the page: {statements_per_size:?}"
    );
    assert!(
        large.1 <= 4,
        "the session check, page, count and one batch of actors: {statements_per_size:?}"
    );
}
