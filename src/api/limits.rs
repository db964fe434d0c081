//! Limits that keep one request from costing more than a page of work. A request over a
//! limit is refused at once with a clear error, never answered slowly.

/// Deepest nesting of fields in one query. The standard introspection query (GraphiQL,
/// code generators) needs about 13.
pub const MAX_DEPTH: usize = 16;

/// Largest query complexity: each field counts 1, and a list's children count once per
/// item of the page asked for (`domain::page::PageSize::complexity`).
pub const MAX_COMPLEXITY: usize = 10_000;

/// Largest request body on `POST /graphql`.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Largest multipart request (a file upload): one attachment and the operation beside it.
pub const MAX_UPLOAD_BODY_BYTES: usize =
    crate::domain::attachment::MAX_ATTACHMENT_BYTES + MAX_BODY_BYTES;

/// Complexity of a field that computes over a whole proposal (the s188 position, the
/// feedback summary, the outcome report, an org chart): far more than a plain field, so
/// that many aliases of it cannot pass as a small request, yet HR's dashboard (the s188
/// position of up to 120 proposals) stays under `MAX_COMPLEXITY`.
pub const EXPENSIVE_FIELD: usize = 25;

/// Most root fields in one operation (the web app's largest page asks for 5).
pub const MAX_ROOT_FIELDS: usize = 20;

/// Most aliased fields in one operation, counting each use of a fragment.
pub const MAX_ALIASES: usize = 50;

/// Sign-ins (`login`, `signInWithLink`) in one request: each checks a password or a link,
/// which is slow by design, so a request may ask for one.
pub const MAX_SIGN_INS: usize = 1;

/// How long one request may run before it is stopped with `TIMEOUT` (the default of
/// `CONSULT_REQUEST_TIMEOUT_SECONDS`); whatever a stopped mutation had begun is rolled back.
pub const REQUEST_BUDGET: std::time::Duration = std::time::Duration::from_secs(10);

use async_graphql::{
    ErrorExtensionValues, Pos, ServerError,
    parser::types::{
        DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
    },
};

/// A limit on the shape of an operation that a document exceeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeRefusal {
    /// `rootFields`, `aliases` or `signIn` (the error's `extensions.limit`).
    pub limit: &'static str,
    pub message: String,
    pub pos: Pos,
}

/// Checks every operation of a parsed document against the root-field, alias and sign-in
/// limits. Fragments are expanded where they are used; the walk stops as soon as a limit is
/// passed, so checking costs no more than the limit allows.
pub fn check_shape(document: &ExecutableDocument) -> Result<(), ShapeRefusal> {
    let operations: Vec<_> = match &document.operations {
        DocumentOperations::Single(op) => vec![op],
        DocumentOperations::Multiple(ops) => ops.values().collect(),
    };
    for operation in operations {
        let pos = operation.pos;
        let mut roots = Vec::new();
        root_fields(document, &operation.node.selection_set.node, &mut roots, 0);
        if roots.len() > MAX_ROOT_FIELDS {
            return Err(ShapeRefusal {
                limit: "rootFields",
                message: format!(
                    "The request asks for more than {MAX_ROOT_FIELDS} top-level fields at once; split it into several requests."
                ),
                pos,
            });
        }
        let sign_ins = roots
            .iter()
            .filter(|name| matches!(name.as_str(), "login" | "signInWithLink"))
            .count();
        if operation.node.ty == OperationType::Mutation && sign_ins > MAX_SIGN_INS {
            return Err(ShapeRefusal {
                limit: "signIn",
                message:
                    "A request may sign in once; send one login or signInWithLink per request."
                        .into(),
                pos,
            });
        }
        let mut aliases = 0;
        count_aliases(
            document,
            &operation.node.selection_set.node,
            &mut aliases,
            0,
        );
        if aliases > MAX_ALIASES {
            return Err(ShapeRefusal {
                limit: "aliases",
                message: format!(
                    "The request uses more than {MAX_ALIASES} aliases; ask for each thing once, or split it into several requests."
                ),
                pos,
            });
        }
    }
    Ok(())
}

/// Nesting through fragments deeper than this is left to validation (which refuses cycles
/// and the depth limit); it only bounds this walk.
const MAX_WALK_DEPTH: usize = MAX_DEPTH + 8;

fn root_fields(
    document: &ExecutableDocument,
    set: &SelectionSet,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > MAX_WALK_DEPTH {
        return;
    }
    for selection in &set.items {
        if out.len() > MAX_ROOT_FIELDS {
            return;
        }
        match &selection.node {
            Selection::Field(field) => out.push(field.node.name.node.to_string()),
            Selection::InlineFragment(fragment) => {
                root_fields(document, &fragment.node.selection_set.node, out, depth + 1)
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    root_fields(document, &fragment.node.selection_set.node, out, depth + 1)
                }
            }
        }
    }
}

fn count_aliases(
    document: &ExecutableDocument,
    set: &SelectionSet,
    count: &mut usize,
    depth: usize,
) {
    if depth > MAX_WALK_DEPTH {
        return;
    }
    for selection in &set.items {
        if *count > MAX_ALIASES {
            return;
        }
        match &selection.node {
            Selection::Field(field) => {
                if field.node.alias.is_some() {
                    *count += 1;
                }
                count_aliases(document, &field.node.selection_set.node, count, depth + 1);
            }
            Selection::InlineFragment(fragment) => count_aliases(
                document,
                &fragment.node.selection_set.node,
                count,
                depth + 1,
            ),
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    count_aliases(
                        document,
                        &fragment.node.selection_set.node,
                        count,
                        depth + 1,
                    )
                }
            }
        }
    }
}

/// Refuses, right after parsing and before validation or any resolver, a document whose
/// shape is over the limits of `check_shape`. Run by the HTTP handler, not as a schema
/// extension: any extension puts a hook around every field the schema resolves.
pub fn check_document(document: &ExecutableDocument) -> Result<(), ServerError> {
    check_shape(document).map_err(|refusal| {
        let mut error = ServerError::new(refusal.message, Some(refusal.pos));
        let mut extensions = ErrorExtensionValues::default();
        extensions.set("code", "BAD_USER_INPUT");
        extensions.set("limit", refusal.limit);
        error.extensions = Some(extensions);
        error
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(query: &str) -> Result<(), ShapeRefusal> {
        check_shape(&async_graphql::parser::parse_query(query).unwrap())
    }

    #[test]
    fn ordinary_pages_pass() {
        assert_eq!(
            shape("{ me { id } proposals { edges { node { id } } } }"),
            Ok(())
        );
        assert_eq!(
            shape(
                "{ a: users(role: HR_ADMIN) { totalCount } b: users(role: STAFF) { totalCount } }"
            ),
            Ok(())
        );
    }

    #[test]
    fn too_many_root_fields_are_refused_also_through_fragments() {
        let fields: String = (0..21).map(|i| format!("f{i}: me {{ id }} ")).collect();
        assert_eq!(
            shape(&format!("{{ {fields} }}")).unwrap_err().limit,
            "rootFields"
        );
        let fragment: String = (0..11).map(|i| format!("g{i}: me {{ id }} ")).collect();
        let query =
            format!("query {{ ...F ...on Query {{ ...F }} }} fragment F on Query {{ {fragment} }}");
        assert_eq!(shape(&query).unwrap_err().limit, "rootFields");
    }

    #[test]
    fn aliases_are_counted_at_every_level_and_per_use_of_a_fragment() {
        let nested: String = (0..51).map(|i| format!("a{i}: id ")).collect();
        assert_eq!(
            shape(&format!("{{ me {{ {nested} }} }}"))
                .unwrap_err()
                .limit,
            "aliases"
        );
        let fragment: String = (0..10).map(|i| format!("a{i}: id ")).collect();
        let uses: String = (0..6)
            .map(|i| format!("p{i}: proposal(id: \"x\") {{ ...F }} "))
            .collect();
        let query = format!("{{ {uses} }} fragment F on Proposal {{ {fragment} }}");
        assert_eq!(shape(&query).unwrap_err().limit, "aliases");
    }

    #[test]
    fn one_sign_in_per_request() {
        assert_eq!(
            shape("mutation { login(input: {email: \"a\", password: \"b\"}) { token } }"),
            Ok(())
        );
        let two = "mutation { a: login(input: {email: \"a\", password: \"b\"}) { token } b: signInWithLink(input: {token: \"t\"}) { token } }";
        assert_eq!(shape(two).unwrap_err().limit, "signIn");
    }

    #[test]
    fn a_cyclic_fragment_ends_the_walk_and_is_refused() {
        // Validation would refuse the cycle; the walk must end first, not overflow the stack.
        let query = "{ ...A } fragment A on Query { me { id } ...A }";
        assert_eq!(shape(query).unwrap_err().limit, "rootFields");
    }
}
