//! The proposal read model kept in memory (`store::graph_cache`): never stale, whichever server
//! or write path changed the proposal, because database triggers move its graph version.

use crate::db_tests;
use crate::helpers::{TestApp, server_config};
use consult::domain::account::Role;
use consult::server::Server;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

db_tests!(two_servers_on_one_database_never_answer_from_a_stale_graph);

const POSTS: &str = "query($id: ID!) { proposal(id: $id) { posts(first: 100) { totalCount edges { node { title } } } } }";

fn titles(body: &Value) -> Vec<String> {
    body["proposal"]["posts"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn two_servers_on_one_database_never_answer_from_a_stale_graph(app: TestApp) {
    // Server B: another process's worth of memory on the same database.
    let other = Server::build(server_config(&app.database_url, &app.jwt_secret))
        .await
        .unwrap();
    let b = TestApp {
        address: format!("http://{}", other.local_addr()),
        client: app.client.clone(),
        store: other.store().clone(),
        jwt_secret: app.jwt_secret.clone(),
        database_url: app.database_url.clone(),
        backend: app.backend,
        database: crate::helpers::TestDatabase::Sqlite(tempfile::tempdir().unwrap()),
    };
    tokio::spawn(other.run_until_stopped());

    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    app.ok(
        &hr,
        "mutation { setPayScale(input: {grade: \"Grade 5\", annualCost: \"24000\"}) { grade } }",
        json!({}),
    )
    .await;
    let created = app
        .ok(
            &hr,
            "mutation { createProposal(input: {fields: {title: \"Library restructure\", service: \"Libraries\", establishment: \"Bury Libraries\"}}) { id } }",
            json!({}),
        )
        .await;
    let id = created["createProposal"]["id"].as_str().unwrap().to_owned();
    let add = |title: &'static str| json!({ "i": { "proposalId": id, "title": title, "current": { "grade": "Grade 5", "fte": 1.0, "headcount": 1 } } });
    const CREATE_POST: &str = "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }";
    app.ok(&hr, CREATE_POST, add("Library assistant")).await;

    // Both servers read the proposal, so both hold its graph.
    for server in [&app, &b] {
        assert_eq!(
            titles(&server.ok(&hr, POSTS, json!({ "id": id })).await),
            ["Library assistant"]
        );
    }
    // A change through server B is seen by server A at its next request.
    b.ok(&hr, CREATE_POST, add("Mobile library driver")).await;
    assert_eq!(
        titles(&app.ok(&hr, POSTS, json!({ "id": id })).await),
        ["Library assistant", "Mobile library driver"]
    );
    // So is a change made outside Consult, straight in the database.
    app.store
        .conn()
        .execute_unprepared(
            "UPDATE post SET title = 'Library supervisor' WHERE title = 'Library assistant'",
        )
        .await
        .unwrap();
    for server in [&app, &b] {
        assert_eq!(
            titles(&server.ok(&hr, POSTS, json!({ "id": id })).await),
            ["Library supervisor", "Mobile library driver"]
        );
    }
    // Reading again changes nothing and reads no graph: a handful of statements.
    let before = app.store.statements_executed();
    app.ok(&hr, POSTS, json!({ "id": id })).await;
    assert!(app.store.statements_executed() - before <= 6);
}
