//! Health endpoints, and what `GET /graphql` says without the web app.

use crate::db_tests;
use crate::helpers::TestDatabase;
use crate::helpers::{Backend, TestApp, drop_postgres_database};
use serde_json::json;

db_tests!(
    healthz_and_readyz_answer,
    get_graphql_without_the_web_app_says_to_post,
    typename_answers
);

async fn healthz_and_readyz_answer(app: TestApp) {
    let health = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let ready = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(
        ready.json::<serde_json::Value>().await.unwrap()["status"],
        "ready"
    );

    if app.backend == Backend::Postgres {
        // Take the database away: the process is still up, but no longer ready.
        let TestDatabase::Postgres { admin_url, name } = &app.database else {
            unreachable!()
        };
        drop_postgres_database(admin_url, name).await;
        let ready = app
            .client
            .get(format!("{}/readyz", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(ready.status(), 503);
        let health = app
            .client
            .get(format!("{}/healthz", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), 200);
    }
}

/// The API explorer is part of the web app: without it, a browser is told where it would be
/// and nothing is loaded from anywhere.
async fn get_graphql_without_the_web_app_says_to_post(app: TestApp) {
    let page = app
        .client
        .get(format!("{}/graphql", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let text = page.text().await.unwrap();
    assert!(
        text.contains("POST GraphQL requests here")
            && text.contains("npm run build")
            && !text.contains("<script"),
        "{text}"
    );
}

async fn typename_answers(app: TestApp) {
    let body = app.graphql(None, "{ __typename }", json!({})).await;
    assert_eq!(body, json!({ "data": { "__typename": "Query" } }));
}
