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

/// The contract check `.ci/run` applies to each commit that changes `schema.graphql`
/// (`frontend/scripts/schema-compat.mjs`): it refuses what breaks a written client and lets
/// additions through. Needs Node.js and `npm ci` in `frontend/`, as the browser tests do.
#[test]
fn the_contract_check_refuses_breaking_changes_and_allows_additions() {
    let frontend = concat!(env!("CARGO_MANIFEST_DIR"), "/frontend");
    if !std::path::Path::new(frontend)
        .join("node_modules/graphql")
        .exists()
    {
        assert!(
            std::env::var_os("CONSULT_TEST_REQUIRE_BROWSER").is_none(),
            "frontend/node_modules is missing: run `npm ci` in frontend/"
        );
        eprintln!("skipped: frontend/node_modules is missing");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let check = |before: &str, after: &str| {
        let (old, new) = (
            dir.path().join("old.graphql"),
            dir.path().join("new.graphql"),
        );
        std::fs::write(&old, before).unwrap();
        std::fs::write(&new, after).unwrap();
        let output = std::process::Command::new("node")
            .arg("scripts/schema-compat.mjs")
            .args([&old, &new])
            .current_dir(frontend)
            .output()
            .expect("node runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let base = "type Query { proposal(id: ID!): Proposal }\n\
                type Proposal { id: ID! title: String! saving: Int }\n\
                input FeedbackInput { text: String! anonymous: Boolean }\n\
                type Mutation { sendFeedback(input: FeedbackInput!): Boolean! }\n";

    let (code, out) = check(base, &base.replace(" saving: Int", ""));
    assert_eq!(code, Some(1), "a removed field breaks clients: {out}");
    assert!(out.contains("Proposal.saving was removed"), "{out}");

    let (code, out) = check(base, &base.replace("title: String!", "title: Int!"));
    assert_eq!(code, Some(1), "a changed type breaks clients: {out}");

    let (code, out) = check(
        base,
        &base.replace("anonymous: Boolean", "anonymous: Boolean!"),
    );
    assert_eq!(
        code,
        Some(1),
        "a required input field breaks clients: {out}"
    );

    let added = base
        .replace(
            " saving: Int",
            " saving: Int @deprecated(reason: \"Use costs\") costs: Int",
        )
        .replace("anonymous: Boolean", "anonymous: Boolean theme: String");
    let (code, out) = check(base, &added);
    assert_eq!(
        code,
        Some(0),
        "deprecations and additions are allowed: {out}"
    );

    let current =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql")).unwrap();
    let (code, out) = check(&current, &current);
    assert_eq!(code, Some(0), "the committed schema parses: {out}");
}
