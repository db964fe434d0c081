//! Health endpoints and GraphiQL.

use crate::db_tests;
use crate::helpers::TestDatabase;
use crate::helpers::{Backend, TestApp, drop_postgres_database};
use serde_json::json;

db_tests!(
    healthz_and_readyz_answer,
    graphiql_is_served,
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

async fn graphiql_is_served(app: TestApp) {
    let page = app
        .client
        .get(format!("{}/graphql", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .to_lowercase()
            .contains("graphiql")
    );
}

async fn typename_answers(app: TestApp) {
    let body = app.graphql(None, "{ __typename }", json!({})).await;
    assert_eq!(body, json!({ "data": { "__typename": "Query" } }));
}
