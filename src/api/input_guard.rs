//! One check of every value a request passes, before any resolver runs: the arguments written
//! in the query and the variables they use, nested input fields and list items included.
//! Text holding a control character (a NUL cannot even be looked up in PostgreSQL) and dates
//! outside the years Consult accepts are refused as `BAD_USER_INPUT`, with `extensions.field`
//! naming the argument (`input.startsAt`, `input.holdings[1].fte`). The rules are
//! `domain::bounds`; this only finds the values and knows their types from the schema.

use crate::domain::{DomainError, bounds};
use async_graphql::{
    Name, Pos, ServerError, ServerResult, Value, Variables,
    parser::{
        parse_schema,
        types::{
            BaseType, ExecutableDocument, Selection, SelectionSet, Type, TypeKind,
            TypeSystemDefinition,
        },
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use std::{
    cell::RefCell,
    collections::{HashMap, HashSet},
    convert::Infallible,
    sync::OnceLock,
};

/// The schema's input types, read once from its SDL (every schema of this binary has the
/// same SDL).
static TYPES: OnceLock<InputTypes> = OnceLock::new();

/// Checks every value a parsed request passes. Run by the HTTP handler before execution,
/// not as a schema extension: any extension puts a hook around every field resolved.
pub fn check(
    sdl: impl FnOnce() -> String,
    document: &ExecutableDocument,
    variables: &Variables,
) -> ServerResult<()> {
    let types = TYPES.get_or_init(|| InputTypes::of_sdl(&sdl()));
    Walk {
        types,
        document,
        variables,
        checked: RefCell::default(),
    }
    .document()
}

/// A field of an object or interface: the type it returns and the types of its arguments.
#[derive(Default)]
struct OutputField {
    returns: String,
    arguments: HashMap<String, Type>,
}

/// What the schema says about the types of input values, read once from its SDL.
#[derive(Default)]
struct InputTypes {
    query: String,
    mutation: String,
    subscription: String,
    /// Objects' and interfaces' fields.
    outputs: HashMap<String, HashMap<String, OutputField>>,
    /// Input objects' fields, in the schema's order (the order they are checked in).
    inputs: HashMap<String, Vec<(String, Type)>>,
}

fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(inner) => named(inner),
    }
}

impl InputTypes {
    fn of_sdl(sdl: &str) -> Self {
        let mut types = InputTypes {
            query: "Query".into(),
            mutation: "Mutation".into(),
            subscription: "Subscription".into(),
            ..Default::default()
        };
        let Ok(document) = parse_schema(sdl) else {
            // Without types, text is still checked everywhere; dates are checked by the domain.
            tracing::error!("the schema's SDL does not parse; dates are not checked up front");
            return types;
        };
        for definition in document.definitions {
            match definition {
                TypeSystemDefinition::Schema(schema) => {
                    let schema = schema.node;
                    if let Some(name) = schema.query {
                        types.query = name.node.to_string();
                    }
                    if let Some(name) = schema.mutation {
                        types.mutation = name.node.to_string();
                    }
                    if let Some(name) = schema.subscription {
                        types.subscription = name.node.to_string();
                    }
                }
                TypeSystemDefinition::Type(definition) => {
                    let definition = definition.node;
                    let name = definition.name.node.to_string();
                    let fields = match definition.kind {
                        TypeKind::Object(object) => object.fields,
                        TypeKind::Interface(interface) => interface.fields,
                        TypeKind::InputObject(input) => {
                            let fields = input
                                .fields
                                .into_iter()
                                .map(|f| (f.node.name.node.to_string(), f.node.ty.node))
                                .collect();
                            types.inputs.insert(name, fields);
                            continue;
                        }
                        _ => continue,
                    };
                    let fields = fields
                        .into_iter()
                        .map(|f| {
                            let f = f.node;
                            let field = OutputField {
                                returns: named(&f.ty.node).to_owned(),
                                arguments: f
                                    .arguments
                                    .into_iter()
                                    .map(|a| (a.node.name.node.to_string(), a.node.ty.node))
                                    .collect(),
                            };
                            (f.name.node.to_string(), field)
                        })
                        .collect();
                    types.outputs.insert(name, fields);
                }
                TypeSystemDefinition::Directive(_) => {}
            }
        }
        types
    }
}

struct Walk<'a> {
    types: &'a InputTypes,
    document: &'a ExecutableDocument,
    variables: &'a Variables,
    /// Variables already checked, with the type they were checked as: a large variable used
    /// by many fields is read once, not once per field.
    checked: RefCell<HashSet<(String, String)>>,
}

/// Stands for `$name` in an argument: no literal can be an enum value named so.
const VARIABLE: char = '$';

impl Walk<'_> {
    fn document(&self) -> ServerResult<()> {
        for (_, operation) in self.document.operations.iter() {
            let root = match operation.node.ty {
                async_graphql::parser::types::OperationType::Query => &self.types.query,
                async_graphql::parser::types::OperationType::Mutation => &self.types.mutation,
                async_graphql::parser::types::OperationType::Subscription => {
                    &self.types.subscription
                }
            };
            self.selections(&operation.node.selection_set.node, Some(root))?;
        }
        for fragment in self.document.fragments.values() {
            let on = fragment.node.type_condition.node.on.node.as_str();
            self.selections(&fragment.node.selection_set.node, Some(on))?;
        }
        Ok(())
    }

    /// The value of `$name`: as sent, else its default in the operation that declares it.
    fn variable(&self, name: &str) -> Option<&Value> {
        let name = Name::new(name);
        if let Some(value) = self.variables.get(&name) {
            return Some(value);
        }
        self.document
            .operations
            .iter()
            .flat_map(|(_, op)| op.node.variable_definitions.iter())
            .find(|d| d.node.name.node == name)
            .and_then(|d| d.node.default_value())
    }

    fn selections(&self, set: &SelectionSet, parent: Option<&str>) -> ServerResult<()> {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let definition = parent
                        .and_then(|p| self.types.outputs.get(p))
                        .and_then(|fields| fields.get(field.name.node.as_str()));
                    for (name, value) in &field.arguments {
                        let position = value.pos;
                        let ty = definition.and_then(|d| d.arguments.get(name.node.as_str()));
                        // The literal as written (bounded by the body's size), each variable
                        // in it standing in for its value until the walk reaches it.
                        let value = value
                            .node
                            .clone()
                            .into_const_with(|v| {
                                Ok::<_, Infallible>(Value::Enum(Name::new(format!(
                                    "{VARIABLE}{v}"
                                ))))
                            })
                            .unwrap_or(Value::Null);
                        self.value(&value, ty, name.node.to_string(), position)?;
                    }
                    let returns = definition.map(|d| d.returns.as_str());
                    self.selections(&field.selection_set.node, returns)?;
                }
                Selection::InlineFragment(fragment) => {
                    let on = fragment
                        .node
                        .type_condition
                        .as_ref()
                        .map(|c| c.node.on.node.as_str())
                        .or(parent);
                    self.selections(&fragment.node.selection_set.node, on)?;
                }
                // Fragments are walked once each, from their definitions.
                Selection::FragmentSpread(_) => {}
            }
        }
        Ok(())
    }

    /// Checks one value of type `ty` (unknown: text is still checked) at `field`.
    fn value(&self, value: &Value, ty: Option<&Type>, field: String, pos: Pos) -> ServerResult<()> {
        let refuse = |err: DomainError| -> ServerError {
            async_graphql::Error::from(err).into_server_error(pos)
        };
        match (value, ty.map(|t| &t.base)) {
            (Value::List(items), Some(BaseType::List(inner))) => {
                for (i, item) in items.iter().enumerate() {
                    self.value(item, Some(inner), format!("{field}[{i}]"), pos)?;
                }
            }
            (Value::List(items), _) => {
                for (i, item) in items.iter().enumerate() {
                    self.value(item, None, format!("{field}[{i}]"), pos)?;
                }
            }
            // A single value where a list is expected counts as a list of one.
            (_, Some(BaseType::List(inner))) => self.value(value, Some(inner), field, pos)?,
            (Value::Object(fields), _) => {
                let known = ty
                    .and_then(|t| self.types.inputs.get(named(t)))
                    .map_or(&[][..], Vec::as_slice);
                for (name, item_ty) in known {
                    if let Some(item) = fields.get(name.as_str()) {
                        self.value(item, Some(item_ty), format!("{field}.{name}"), pos)?;
                    }
                }
                for (name, item) in fields {
                    if !known.iter().any(|(k, _)| k == name.as_str()) {
                        self.value(item, None, format!("{field}.{name}"), pos)?;
                    }
                }
            }
            (Value::Enum(name), _) if name.starts_with(VARIABLE) => {
                let name = &name[1..];
                let as_type = ty.map(ToString::to_string).unwrap_or_default();
                let first_time = self.checked.borrow_mut().insert((name.to_owned(), as_type));
                if let (true, Some(value)) = (first_time, self.variable(name)) {
                    self.value(value, ty, field, pos)?;
                }
            }
            (Value::String(text), _) => {
                bounds::text(text, &field).map_err(refuse)?;
                match ty.map(named) {
                    Some("NaiveDate") => {
                        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                            bounds::date(date, &field).map_err(refuse)?;
                        }
                    }
                    Some("DateTime") => {
                        if let Ok(instant) = text.parse::<DateTime<Utc>>() {
                            bounds::instant(instant, &field).map_err(refuse)?;
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sdl: &str, query: &str, variables: serde_json::Value) -> Result<(), ServerError> {
        let types = InputTypes::of_sdl(sdl);
        let document = async_graphql::parser::parse_query(query).unwrap();
        let variables = Variables::from_json(variables);
        Walk {
            types: &types,
            document: &document,
            variables: &variables,
            checked: RefCell::default(),
        }
        .document()
    }

    fn field_and_message(err: ServerError) -> (String, String) {
        let field = match err.extensions.as_ref().and_then(|e| e.get("field")) {
            Some(Value::String(f)) => f.clone(),
            other => panic!("no field: {other:?}"),
        };
        (field, err.message)
    }

    const SDL: &str = "
        schema { query: Q mutation: M }
        scalar NaiveDate
        scalar DateTime
        input SideInput { grade: String! when: [NaiveDate!] }
        input PostInput { title: String! startsAt: DateTime sides: [SideInput!]! }
        type Post { id: ID! events(kind: String, on: NaiveDate): [String!]! }
        type Q { post(id: ID!): Post audit(entityType: String): [String!]! }
        type M { createPost(input: PostInput!, note: String): Post }
    ";

    #[test]
    fn nul_is_refused_in_inline_arguments_variables_and_nested_inputs() {
        let (field, message) = field_and_message(
            check(
                SDL,
                r#"{ audit(entityType: "a\u0000b") }"#,
                serde_json::json!({}),
            )
            .unwrap_err(),
        );
        assert_eq!(field, "entityType");
        assert!(message.contains("U+0000"), "{message}");
        let err = check(
            SDL,
            "query($t: String) { audit(entityType: $t) }",
            serde_json::json!({ "t": "x\u{0}" }),
        )
        .unwrap_err();
        assert_eq!(field_and_message(err).0, "entityType");
        let err = check(
            SDL,
            "mutation($i: PostInput!) { createPost(input: $i) { id } }",
            serde_json::json!({ "i": { "title": "ok", "sides": [{ "grade": "ok" }, { "grade": "G\u{1}" }] } }),
        )
        .unwrap_err();
        assert_eq!(field_and_message(err).0, "input.sides[1].grade");
        // Nested selections and fragments are walked too; their argument types are known.
        let err = check(
            SDL,
            r#"{ post(id: "1") { ...F } } fragment F on Post { events(kind: "\u0000") }"#,
            serde_json::json!({}),
        )
        .unwrap_err();
        assert_eq!(field_and_message(err).0, "kind");
        // A default value counts when the variable is not sent.
        let err = check(
            SDL,
            "query($t: String = \"\\u0000\") { audit(entityType: $t) }",
            serde_json::json!({}),
        )
        .unwrap_err();
        assert_eq!(field_and_message(err).0, "entityType");
    }

    #[test]
    fn line_breaks_and_tabs_pass_and_unknown_fields_are_still_checked_for_text() {
        assert!(
            check(
                SDL,
                "mutation($i: PostInput!) { createPost(input: $i, note: \"a\\n\\tb\") { id } }",
                serde_json::json!({ "i": { "title": "Two\r\nlines", "sides": [] } }),
            )
            .is_ok()
        );
        let err = check(
            SDL,
            r#"{ nothing(x: ["a", "\u0007"]) }"#,
            serde_json::json!({}),
        )
        .unwrap_err();
        assert_eq!(field_and_message(err).0, "x[1]");
    }

    #[test]
    fn dates_and_times_are_bounded_where_the_schema_types_them() {
        let err = check(
            SDL,
            "mutation($i: PostInput!) { createPost(input: $i) { id } }",
            serde_json::json!({ "i": { "title": "t", "startsAt": "0000-01-01T00:00:00Z", "sides": [] } }),
        )
        .unwrap_err();
        let (field, message) = field_and_message(err);
        assert_eq!(field, "input.startsAt");
        assert!(message.contains("2000 to 2100"), "{message}");
        let err = check(
            SDL,
            "mutation($i: PostInput!) { createPost(input: $i) { id } }",
            serde_json::json!({ "i": { "title": "t", "sides": [{ "grade": "g", "when": ["2026-01-01", "+10000-01-01"] }] } }),
        );
        // chrono reads "+10000-01-01" as a date, so async-graphql would accept it.
        assert!(NaiveDate::parse_from_str("+10000-01-01", "%Y-%m-%d").is_ok());
        assert_eq!(
            field_and_message(err.unwrap_err()).0,
            "input.sides[0].when[1]"
        );
        let err = check(
            SDL,
            r#"{ post(id: "1") { events(on: "1999-12-31") } }"#,
            serde_json::json!({}),
        )
        .unwrap_err();
        assert_eq!(field_and_message(err).0, "on");
        // Text that merely looks like a date is not a date.
        assert!(
            check(
                SDL,
                r#"{ audit(entityType: "1999-12-31") }"#,
                serde_json::json!({})
            )
            .is_ok()
        );
        assert!(
            check(
                SDL,
                "mutation($i: PostInput!) { createPost(input: $i) { id } }",
                serde_json::json!({ "i": { "title": "t", "startsAt": "2026-03-02T09:30:00Z", "sides": [] } }),
            )
            .is_ok()
        );
    }

    #[test]
    fn a_variable_used_by_many_fields_is_read_once() {
        let types = InputTypes::of_sdl(SDL);
        let fields: String = (0..1000)
            .map(|i| format!("a{i}: audit(entityType: $t) "))
            .collect();
        let document =
            async_graphql::parser::parse_query(format!("query($t: String) {{ {fields} }}"))
                .unwrap();
        let variables = Variables::from_json(serde_json::json!({ "t": "x".repeat(1 << 20) }));
        let walk = Walk {
            types: &types,
            document: &document,
            variables: &variables,
            checked: RefCell::default(),
        };
        assert!(walk.document().is_ok());
        assert_eq!(
            walk.checked.into_inner(),
            HashSet::from([("t".to_owned(), "String".to_owned())])
        );
    }

    #[test]
    fn the_real_schema_is_read() {
        let types = InputTypes::of_sdl(&crate::api::sdl());
        assert_eq!(types.mutation, "Mutation");
        let schedule = &types.outputs["Mutation"]["scheduleMeeting"];
        assert_eq!(named(&schedule.arguments["input"]), "ScheduleMeetingInput");
        let field = |input: &str, name: &str| {
            let (_, ty) = types.inputs[input].iter().find(|(n, _)| n == name).unwrap();
            named(ty).to_owned()
        };
        assert_eq!(field("ScheduleMeetingInput", "startsAt"), "DateTime");
        assert_eq!(
            field("ExtendConsultationInput", "consultationEnd"),
            "NaiveDate"
        );
    }
}
