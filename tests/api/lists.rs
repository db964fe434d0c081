//! HR's lists at real scale (issue 18): the outbox and the audit log filtered in SQL, with
//! `totalCount` counting what the filter matches, for HR only, at a bounded statement cost.

use crate::helpers::{TestApp, error_code};
use crate::proposals::open_proposal_naming;
use consult::domain::account::Role;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

crate::db_tests!(
    hr_filters_the_outbox_by_status_kind_and_recipient,
    the_outbox_filters_refuse_others_and_bad_input,
    a_filtered_outbox_page_costs_a_bounded_number_of_statements,
    hr_filters_the_audit_log_by_actor_action_record_and_dates,
);

const OUTBOX: &str = "query($id: ID!, $f: OutboxFilterInput, $s: EmailSort, $first: Int, $after: String) { proposal(id: $id) { outbox(filter: $f, sort: $s, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id milestone status recipientEmail recipient { name } } } } }";

async fn outbox(app: &TestApp, hr: &str, id: &str, filter: Value, sort: &str) -> (u64, Vec<Value>) {
    let body = app
        .ok(
            hr,
            OUTBOX,
            json!({ "id": id, "f": filter, "s": sort, "first": 100 }),
        )
        .await;
    let outbox = &body["proposal"]["outbox"];
    (
        outbox["totalCount"].as_u64().unwrap(),
        outbox["nodes"].as_array().unwrap().clone(),
    )
}

fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn hr_filters_the_outbox_by_status_kind_and_recipient(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, other) = app.signed_in(Role::Staff).await;
    let (_, rep) = app.signed_in_rep("UNISON").await;
    let _ = rep;
    let id = open_proposal_naming(&app, &hr, &[&staff, &other], &["UNISON"]).await;
    let (total, all) = outbox(&app, &hr, &id, json!(null), "NEWEST_FIRST").await;
    assert!(all.len() >= 4, "the proposal has emails to filter: {all:?}");
    assert_eq!(total as usize, all.len());

    // One email could not be delivered.
    let dead_id: uuid::Uuid = all[1]["id"].as_str().unwrap().parse().unwrap();
    use consult::store::entities::outbox_message;
    outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::Status, Expr::value("DEAD"))
        .filter(outbox_message::Column::Id.eq(dead_id))
        .exec(app.store.conn())
        .await
        .unwrap();
    let (total, dead) = outbox(&app, &hr, &id, json!({ "status": "DEAD" }), "NEWEST_FIRST").await;
    assert_eq!((total, ids(&dead)), (1, vec![dead_id.to_string()]));

    // By kind: exactly the emails of that milestone.
    let milestone = all[0]["milestone"].as_str().unwrap();
    let expected: Vec<Value> = all
        .iter()
        .filter(|e| e["milestone"] == milestone)
        .cloned()
        .collect();
    let (total, of_kind) = outbox(
        &app,
        &hr,
        &id,
        json!({ "milestone": milestone }),
        "NEWEST_FIRST",
    )
    .await;
    assert_eq!(ids(&of_kind), ids(&expected));
    assert_eq!(total as usize, expected.len());

    // By recipient: part of an address, in another case.
    let address = all
        .iter()
        .map(|e| e["recipientEmail"].as_str().unwrap())
        .find(|a| a.starts_with("staff-"))
        .expect("an email to a member of staff")
        .to_owned();
    let needle = address[..address.find('@').unwrap()].to_uppercase();
    let expected: Vec<Value> = all
        .iter()
        .filter(|e| e["recipientEmail"] == address.as_str())
        .cloned()
        .collect();
    let (total, to_them) = outbox(
        &app,
        &hr,
        &id,
        json!({ "recipient": needle }),
        "NEWEST_FIRST",
    )
    .await;
    assert_eq!(ids(&to_them), ids(&expected));
    assert_eq!(total as usize, expected.len());
    // ...or part of the name on their account.
    let named: Vec<Value> = all
        .iter()
        .filter(|e| {
            e["recipient"]["name"]
                .as_str()
                .is_some_and(|n| n.to_lowercase().contains("test staff"))
        })
        .cloned()
        .collect();
    assert!(!named.is_empty());
    let (_, by_name) = outbox(
        &app,
        &hr,
        &id,
        json!({ "recipient": "test STAFF" }),
        "NEWEST_FIRST",
    )
    .await;
    assert_eq!(ids(&by_name), ids(&named));
    // A `%` is a character to look for, not a wildcard.
    let (total, none) = outbox(&app, &hr, &id, json!({ "recipient": "%" }), "NEWEST_FIRST").await;
    assert_eq!((total, none.len()), (0, 0));

    // Filters combine; oldest first is the same rows reversed, paged with the same cursors.
    let (_, combined) = outbox(
        &app,
        &hr,
        &id,
        json!({ "milestone": milestone, "recipient": needle }),
        "NEWEST_FIRST",
    )
    .await;
    assert!(
        combined
            .iter()
            .all(|e| e["milestone"] == milestone && e["recipientEmail"] == address.as_str())
    );
    let (_, oldest) = outbox(&app, &hr, &id, json!(null), "OLDEST_FIRST").await;
    let mut reversed = ids(&all);
    reversed.reverse();
    assert_eq!(ids(&oldest), reversed);
    let first_two = app
        .ok(
            &hr,
            OUTBOX,
            json!({ "id": id, "s": "OLDEST_FIRST", "first": 2 }),
        )
        .await;
    let cursor = first_two["proposal"]["outbox"]["pageInfo"]["endCursor"].clone();
    let next = app
        .ok(
            &hr,
            OUTBOX,
            json!({ "id": id, "s": "OLDEST_FIRST", "first": 2, "after": cursor }),
        )
        .await;
    assert_eq!(
        ids(next["proposal"]["outbox"]["nodes"].as_array().unwrap()),
        reversed[2..4].to_vec()
    );
}

async fn the_outbox_filters_refuse_others_and_bad_input(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, sponsor) = app.signed_in(Role::Manager).await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    let vars = json!({ "id": id, "f": { "status": "PENDING" } });
    for token in [&staff, &sponsor] {
        let body = app.graphql(Some(token), OUTBOX, vars.clone()).await;
        assert!(
            matches!(error_code(&body), "FORBIDDEN" | "NOT_FOUND"),
            "{body}"
        );
    }
    let body = app
        .graphql(
            Some(&hr),
            OUTBOX,
            json!({ "id": id, "f": { "milestone": "no_such_email" } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "filter.milestone");
    let body = app
        .graphql(
            Some(&hr),
            OUTBOX,
            json!({ "id": id, "f": { "recipient": "x".repeat(201) } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
}

async fn a_filtered_outbox_page_costs_a_bounded_number_of_statements(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let mut staff = Vec::new();
    let mut costs = Vec::new();
    for round in 0..2 {
        for _ in 0..(1 + round * 4) {
            staff.push(app.signed_in(Role::Staff).await.1);
        }
        let tokens: Vec<&str> = staff.iter().map(String::as_str).collect();
        let id = open_proposal_naming(&app, &hr, &tokens, &["UNISON"]).await;
        let vars = json!({ "id": id, "f": { "recipient": "staff", "status": "PENDING" }, "s": "OLDEST_FIRST", "first": 100 });
        let before = app.store.statements_executed();
        let body = app.ok(&hr, OUTBOX, vars).await;
        let statements = app.store.statements_executed() - before;
        let rows = body["proposal"]["outbox"]["nodes"]
            .as_array()
            .unwrap()
            .len();
        costs.push((rows, statements));
    }
    assert!(
        costs[1].0 > costs[0].0,
        "the second outbox is larger: {costs:?}"
    );
    assert_eq!(
        costs[0].1, costs[1].1,
        "statements do not grow with the outbox: {costs:?}"
    );
}

const AUDIT: &str = "query($actorId: ID, $actor: String, $action: String, $entityId: ID, $from: NaiveDate, $to: NaiveDate) { auditEvents(actorId: $actorId, actor: $actor, action: $action, entityId: $entityId, from: $from, to: $to, first: 100) { totalCount nodes { id action entityId occurredAt actor { id } } } }";

async fn hr_filters_the_audit_log_by_actor_action_record_and_dates(app: TestApp) {
    let (hr_id, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, other_hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let create = "mutation($e: String!, $n: String!) { createUser(input: {email: $e, name: $n, role: STAFF}) { id } }";
    let made = app
        .ok(
            &hr,
            create,
            json!({ "e": "anne.audit@bury.gov.uk", "n": "Anne" }),
        )
        .await["createUser"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.ok(
        &other_hr,
        create,
        json!({ "e": "bob.audit@bury.gov.uk", "n": "Bob" }),
    )
    .await;
    let run = |vars: Value| {
        let app = &app;
        let hr = hr.clone();
        async move {
            let body = app.ok(&hr, AUDIT, vars).await;
            let events = &body["auditEvents"];
            (
                events["totalCount"].as_u64().unwrap(),
                events["nodes"].as_array().unwrap().clone(),
            )
        }
    };
    let (_, all) = run(json!({})).await;

    // By account, and by text in the actor's email or name.
    let (total, by_hr) = run(json!({ "actorId": hr_id })).await;
    let expected: Vec<Value> = all
        .iter()
        .filter(|e| e["actor"]["id"] == hr_id.as_str())
        .cloned()
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(
        (total as usize, ids(&by_hr)),
        (expected.len(), ids(&expected))
    );
    let hr_email = app.ok(&hr, "{ me { email } }", json!({})).await["me"]["email"]
        .as_str()
        .unwrap()
        .to_uppercase();
    let (_, by_text) = run(json!({ "actor": hr_email })).await;
    assert_eq!(ids(&by_text), ids(&expected));

    // By action, by record.
    let (_, created) = run(json!({ "action": "user.created" })).await;
    assert!(created.len() >= 2 && created.iter().all(|e| e["action"] == "user.created"));
    let (total, about_anne) = run(json!({ "entityId": made })).await;
    assert_eq!(total as usize, about_anne.len());
    assert!(!about_anne.is_empty() && about_anne.iter().all(|e| e["entityId"] == made.as_str()));
    let (_, anne_created) = run(json!({ "entityId": made, "action": "user.created" })).await;
    assert_eq!(anne_created.len(), 1);

    // By London day: today holds them all; yesterday none; a range backwards is refused.
    let today = consult::domain::retention::london_day(chrono::Utc::now());
    let yesterday = today.pred_opt().unwrap();
    let (total, _) = run(json!({ "from": today, "to": today })).await;
    assert_eq!(total as usize, all.len());
    let (total, _) = run(json!({ "to": yesterday })).await;
    assert_eq!(total, 0);
    let backwards = app
        .graphql(Some(&hr), AUDIT, json!({ "from": today, "to": yesterday }))
        .await;
    assert_eq!(error_code(&backwards), "BAD_USER_INPUT");

    // Only HR reads the log, filtered or not.
    let refused = app
        .graphql(Some(&staff), AUDIT, json!({ "actor": "anne" }))
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");
}
