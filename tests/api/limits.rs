//! Limits on one request: depth, complexity, body size. Each refused with a clear error.

use crate::db_tests;
use crate::helpers::{Backend, PASSWORD, TestApp, error_code, spawn_app_with};
use consult::domain::account::Role;
use sea_orm::ConnectionTrait;
use serde_json::json;

db_tests!(
    a_query_nested_thirty_levels_is_refused,
    the_standard_introspection_query_is_allowed,
    an_overly_complex_query_is_refused,
    a_thousand_aliases_of_expensive_fields_are_refused_before_they_run,
    a_request_signs_in_once,
    an_oversized_body_is_refused,
    a_body_that_is_not_a_graphql_request_is_refused,
    a_syntax_error_gets_a_code,
);

async fn a_query_nested_thirty_levels_is_refused(app: TestApp) {
    // __type is recursive through ofType, so this is a valid query, only too deep.
    let inner = (0..28).fold("name".to_owned(), |acc, _| format!("ofType {{ {acc} }}"));
    let query = format!("{{ __type(name: \"User\") {{ {inner} }} }}");
    let body = app.graphql(None, &query, json!({})).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "depth");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("nested more than 16 levels"), "{message}");
    assert!(body["data"].is_null());
}

async fn the_standard_introspection_query_is_allowed(app: TestApp) {
    let type_ref = (0..9).fold("kind name".to_owned(), |acc, _| {
        format!("kind name ofType {{ {acc} }}")
    });
    let query = format!(
        "query IntrospectionQuery {{ __schema {{ queryType {{ name }} mutationType {{ name }}
           types {{ ...FullType }} directives {{ name locations args {{ ...InputValue }} }} }} }}
         fragment FullType on __Type {{ kind name description
           fields(includeDeprecated: true) {{ name description args {{ ...InputValue }} type {{ ...TypeRef }} isDeprecated deprecationReason }}
           inputFields {{ ...InputValue }} interfaces {{ ...TypeRef }}
           enumValues(includeDeprecated: true) {{ name description isDeprecated deprecationReason }}
           possibleTypes {{ ...TypeRef }} }}
         fragment InputValue on __InputValue {{ name description type {{ ...TypeRef }} defaultValue }}
         fragment TypeRef on __Type {{ {type_ref} }}"
    );
    let body = app.graphql(None, &query, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert!(body["data"]["__schema"]["types"].as_array().unwrap().len() > 10);
}

async fn an_overly_complex_query_is_refused(app: TestApp) {
    // A page of 100 proposals, each with a page of 100 posts: 100 × 100 × ~3 is over the
    // limit, and it is refused before any resolver runs (so even without signing in).
    let query = "{ proposals(first: 100) { edges { node { id posts(first: 100) { edges { node { id title } } } } } } }";
    let body = app.graphql(None, query, json!({})).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "complexity");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("complexity limit 10000")
    );
}

async fn a_thousand_aliases_of_expensive_fields_are_refused_before_they_run(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = uuid::Uuid::now_v7();
    let aliases: String = (0..1000)
        .map(|i| format!("p{i}: proposal(id: \"{id}\") {{ s188 {{ applies }} feedbackSummary {{ responses }} }} "))
        .collect();
    let query = format!("{{ {aliases} }}");
    assert!(
        query.len() < 120 * 1024,
        "fits the body limit, as the attack did"
    );
    let before = app.store.statements_executed();
    let big = {
        let app = &app;
        let query = query.clone();
        let hr = hr.clone();
        async move { app.graphql(Some(&hr), &query, json!({})).await }
    };
    // Meanwhile the server answers others.
    let small = async { app.graphql(Some(&hr), "{ me { id } }", json!({})).await };
    let health = async {
        app.client
            .get(format!("{}/healthz", app.address))
            .send()
            .await
            .unwrap()
            .status()
    };
    let (big, small, health) = tokio::join!(big, small, health);
    assert_eq!(error_code(&big), "BAD_USER_INPUT", "{big}");
    assert_eq!(big["errors"][0]["extensions"]["limit"], "rootFields");
    assert!(big["data"].is_null());
    assert!(small["data"]["me"]["id"].is_string(), "{small}");
    assert_eq!(health, 200);
    // Nothing of it ran: at most the session checks of the two signed-in requests.
    assert!(app.store.statements_executed() - before <= 4);

    // Under the root-field limit, many aliases deeper down are refused too.
    let nested: String = (0..60)
        .map(|i| format!("s{i}: s188 {{ applies }} "))
        .collect();
    let body = app
        .graphql(
            Some(&hr),
            &format!("{{ proposal(id: \"{id}\") {{ {nested} }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "aliases");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("50 aliases")
    );
}

async fn a_request_signs_in_once(app: TestApp) {
    app.create_user("aliased@bury.gov.uk", Role::Staff).await;
    let guesses: String = (0..200)
        .map(|i| format!("g{i}: login(input: {{email: \"aliased@bury.gov.uk\", password: \"guess {i}\"}}) {{ token }} "))
        .collect();
    let body = app
        .graphql(None, &format!("mutation {{ {guesses} }}"), json!({}))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    let two = format!(
        "mutation {{ a: login(input: {{email: \"aliased@bury.gov.uk\", password: \"one\"}}) {{ token }} b: login(input: {{email: \"aliased@bury.gov.uk\", password: \"{PASSWORD}\"}}) {{ token }} }}"
    );
    let body = app.graphql(None, &two, json!({})).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "signIn");
    assert!(body["data"].is_null(), "neither sign-in ran");
    // No password was checked: the account is not locked and signs in at the first try.
    let body = app.login("aliased@bury.gov.uk", PASSWORD).await;
    assert!(body["data"]["login"]["token"].is_string(), "{body}");
}

async fn a_request_over_its_time_budget_is_stopped_and_nothing_is_saved(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |config| {
        config.request_budget = std::time::Duration::ZERO;
    })
    .await
    else {
        return eprintln!("skipped: CONSULT_TEST_POSTGRES_URL is not set");
    };
    // Accounts are made directly: with no time at all, signing in through the API stops too.
    app.create_user("budget.hr@bury.gov.uk", Role::HrAdmin)
        .await;
    let login = app.login("budget.hr@bury.gov.uk", PASSWORD).await;
    assert_eq!(error_code(&login), "TIMEOUT", "{login}");
    assert!(
        login["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("was stopped"),
        "{login}"
    );
    // A request that needs nothing from the database still answers.
    let typename = app.graphql(None, "{ __typename }", json!({})).await;
    assert_eq!(typename["data"]["__typename"], "Query");
    // The stopped sign-in left nothing behind: no session was started.
    let sessions = app
        .store
        .conn()
        .query_one_raw(sea_orm::Statement::from_string(
            app.store.backend(),
            "SELECT COUNT(*) AS n FROM user_session",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(sessions, 0);
}

mod a_request_over_its_time_budget {
    use crate::helpers::Backend;

    #[test]
    fn sqlite() {
        consult::server::runtime(Some(2)).unwrap().block_on(async {
            super::a_request_over_its_time_budget_is_stopped_and_nothing_is_saved(Backend::Sqlite)
                .await;
        })
    }

    #[test]
    fn postgres() {
        consult::server::runtime(Some(2)).unwrap().block_on(async {
            super::a_request_over_its_time_budget_is_stopped_and_nothing_is_saved(
                Backend::Postgres,
            )
            .await;
        })
    }
}

async fn an_oversized_body_is_refused(app: TestApp) {
    let padding = "x".repeat(1024 * 1024 + 1);
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": "{ __typename }", "variables": { "padding": padding } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1024 KiB")
    );
}

async fn a_body_that_is_not_a_graphql_request_is_refused(app: TestApp) {
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "application/json")
        .body("{ not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
}

async fn a_syntax_error_gets_a_code(app: TestApp) {
    let body = app.graphql(None, "{ me { id ", json!({})).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    let unknown = app.graphql(None, "{ doesNotExist }", json!({})).await;
    assert_eq!(error_code(&unknown), "BAD_USER_INPUT");
}
