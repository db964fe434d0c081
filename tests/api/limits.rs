//! Limits on one request: depth, complexity, body size. Each refused with a clear error.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use serde_json::json;

db_tests!(
    a_query_nested_thirty_levels_is_refused,
    the_standard_introspection_query_is_allowed,
    an_overly_complex_query_is_refused,
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
    // Each alias asks for a full page of 100 accounts: 50 × ~400 is over the limit,
    // and it is refused before any resolver runs (so even without signing in).
    let fields: String = (0..50)
        .map(|i| format!("a{i}: users(first: 100) {{ edges {{ node {{ id email }} }} }} "))
        .collect();
    let body = app
        .graphql(None, &format!("{{ {fields} }}"), json!({}))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "complexity");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("complexity limit 10000")
    );
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
