//! `schema.graphql` is what the server exports, and it documents itself.

use serde_json::Value;

#[test]
fn schema_graphql_is_current() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
        .unwrap_or_default();
    let exported = consult::api::sdl();
    assert!(
        committed == exported,
        "schema.graphql is stale: regenerate it with `cargo run -q -- schema > schema.graphql` and commit it"
    );
}

/// Descriptions are the API's documentation in GraphiQL: every type, field and argument
/// of ours has one (built-in scalars and introspection types aside).
#[tokio::test]
async fn every_type_field_and_argument_is_described() {
    let query = "{ __schema { types { name kind description
        fields { name description args { name description } }
        inputFields { name description } enumValues { name description } } } }";
    let response = consult::api::schema(None).execute(query).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let data = response.data.into_json().unwrap();
    let described = |v: &Value| {
        v["description"]
            .as_str()
            .is_some_and(|d| !d.trim().is_empty())
    };
    let built_in = ["String", "Boolean", "Int", "Float", "ID", "PageInfo"];
    let mut missing = Vec::new();
    for ty in data["__schema"]["types"].as_array().unwrap() {
        let name = ty["name"].as_str().unwrap();
        if name.starts_with("__") || built_in.contains(&name) {
            continue;
        }
        let generated = name.ends_with("Connection") || name.ends_with("Edge");
        if !generated && !described(ty) {
            missing.push(name.to_owned());
        }
        for list in ["fields", "inputFields", "enumValues"] {
            for field in ty[list].as_array().into_iter().flatten() {
                let field_name = format!("{name}.{}", field["name"].as_str().unwrap());
                if !described(field) {
                    missing.push(field_name.clone());
                }
                for arg in field["args"].as_array().into_iter().flatten() {
                    if !described(arg) {
                        missing.push(format!("{field_name}({})", arg["name"].as_str().unwrap()));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented: {missing:?}");
}
