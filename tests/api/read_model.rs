//! The proposal read model kept in memory (`store::graph_cache`): never stale, whichever server
//! or write path changed the proposal, because database triggers move its graph version.

use crate::db_tests;
use crate::helpers::{Backend, TestApp, server_config};
use consult::domain::account::Role;
use consult::server::Server;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

db_tests!(
    two_servers_on_one_database_never_answer_from_a_stale_graph,
    one_bulk_statement_moves_its_proposals_graph_version_once,
    a_proposal_page_reads_no_employee_and_employees_come_a_page_at_a_time,
);

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
        metrics_address: None,
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

/// Rows each bulk statement below writes.
const BULK: i64 = 2_000;

const PEOPLE: &str = "query($id: ID!) { proposal(id: $id) { employees { totalCount } posts(first: 100) { edges { node { filledFte } } } } }";

/// A proposal's employees, and the FTE held of its one post, as the API answers.
async fn people(app: &TestApp, token: &str, id: &str) -> (i64, f64) {
    let body = app.ok(token, PEOPLE, json!({ "id": id })).await;
    let proposal = &body["proposal"];
    (
        proposal["employees"]["totalCount"].as_i64().unwrap(),
        proposal["posts"]["edges"][0]["node"]["filledFte"]
            .as_f64()
            .unwrap(),
    )
}

/// A proposal's graph version, straight from the database.
async fn graph_version(app: &TestApp, proposal: Uuid) -> i64 {
    app.store
        .conn()
        .query_one_raw(Statement::from_sql_and_values(
            app.store.backend(),
            "SELECT graph_version FROM proposal WHERE id = $1",
            [proposal.into()],
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "graph_version")
        .unwrap()
}

/// On PostgreSQL the triggers are per statement: one statement writing thousands of rows of
/// one proposal moves its version once (row triggers there made bulk loads quadratic). On
/// SQLite they are per row, so it moves at least once. Either way no other proposal's
/// version moves, and the server's read model sees the rows at its next request.
async fn one_bulk_statement_moves_its_proposals_graph_version_once(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    app.ok(
        &hr,
        "mutation { setPayScale(input: {grade: \"Grade 5\", annualCost: \"24000\"}) { grade } }",
        json!({}),
    )
    .await;
    let mut ids = Vec::new();
    for title in ["Library restructure", "Parks restructure"] {
        let created = app
            .ok(
                &hr,
                "mutation($t: String!) { createProposal(input: {fields: {title: $t, service: \"Libraries\", establishment: \"Bury Libraries\"}}) { id } }",
                json!({ "t": title }),
            )
            .await;
        ids.push(created["createProposal"]["id"].as_str().unwrap().to_owned());
    }
    let (id, other) = (&ids[0], &ids[1]);
    // The bulk rows copy the employee's impact, version and times.
    let (post, template) = post_and_holder(&app, &hr, id, json!({})).await;
    // The server holds the graph from here on.
    assert_eq!(people(&app, &hr, id).await, (1, 1.0));

    let (proposal, other): (Uuid, Uuid) = (id.parse().unwrap(), other.parse().unwrap());
    let postgres = app.backend == Backend::Postgres;
    let (series, new_id) = generated(app.backend);
    let check = Check {
        app: &app,
        hr: &hr,
        id,
        proposal,
        other,
        postgres,
    };
    let bulk = "proposal_id = $1 AND employee_number LIKE 'B%'";
    let all = (BULK + 1, (BULK + 1) as f64);
    check
        .statement(
            &format!(
                "{series}
                INSERT INTO employee (id, proposal_id, employee_number, name, work_email, impact, impact_note,
                                      slot_in_post_id, slot_in_match_percent, version, created_at, updated_at)
                SELECT {new_id}, t.proposal_id, 'B' || i, 'Bulk ' || i, 'bulk.' || i || '@bury.example',
                       t.impact, NULL, NULL, NULL, t.version, t.created_at, t.updated_at
                FROM n CROSS JOIN employee AS t WHERE t.id = $2"
            ),
            vec![BULK.into(), template.into()],
            true,
            (BULK + 1, 1.0),
        )
        .await;
    check
        .statement(
            &format!(
                "INSERT INTO post_holding (id, employee_id, post_id, fte_hundredths)
                SELECT {new_id}, e.id, $2, 100 FROM employee AS e WHERE e.{bulk}"
            ),
            vec![proposal.into(), post.into()],
            true,
            all,
        )
        .await;
    check
        .statement(
            &format!("UPDATE employee SET name = 'Renamed ' || employee_number WHERE {bulk}"),
            vec![proposal.into()],
            true,
            all,
        )
        .await;
    // Fires the statement triggers over no rows: fine, and moves nothing.
    check
        .statement(
            "UPDATE employee SET name = name WHERE proposal_id = $1 AND 1 = 0",
            vec![proposal.into()],
            false,
            all,
        )
        .await;
    let mut left = BULK + 1;
    if postgres {
        // Holdings and their employees in one statement: the holdings' trigger finds no
        // employee left, and the employees' trigger moves the version.
        // B1, B10-B19, B100-B199 and B1000-B1999 go.
        left -= 1_111;
        check
            .statement(
                &format!(
                    "WITH h AS (DELETE FROM post_holding WHERE employee_id IN
                                  (SELECT id FROM employee WHERE {bulk} AND employee_number LIKE 'B1%')
                                RETURNING employee_id)
                    DELETE FROM employee WHERE id IN (SELECT employee_id FROM h)"
                ),
                vec![proposal.into()],
                true,
                (left, left as f64),
            )
            .await;
    }
    check
        .statement(
            &format!(
                "DELETE FROM post_holding WHERE employee_id IN (SELECT id FROM employee WHERE {bulk})"
            ),
            vec![proposal.into()],
            true,
            (left, 1.0),
        )
        .await;
    check
        .statement(
            &format!("DELETE FROM employee WHERE {bulk}"),
            vec![proposal.into()],
            true,
            (1, 1.0),
        )
        .await;
}

/// SQL for numbers 1..=$1 (`n(i)`) and for a new id, on the app's database.
fn generated(backend: Backend) -> (&'static str, &'static str) {
    if backend == Backend::Postgres {
        (
            "WITH n(i) AS (SELECT generate_series(1, $1))",
            "gen_random_uuid()",
        )
    } else {
        (
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)",
            // sea-orm stores a Uuid in SQLite as its 16 bytes.
            "randomblob(16)",
        )
    }
}

/// Employees generated in the proposal below, besides the one made through the API.
const GENERATED: i64 = 3_000;

/// What the proposal page asks: posts, counts, costs and org charts; nothing of anyone.
const PROPOSAL_PAGE: &str = "query($id: ID!) { proposal(id: $id) { title
    posts(first: 100) { totalCount edges { node { title current { grade fte } } } }
    counts { directlyAffected potentiallyDisplaced newPostsCreated }
    costs { costBefore costAfter saving }
    current: orgChart(side: CURRENT) { depth post { title } }
    proposed: orgChart(side: PROPOSED) { depth post { title } } } }";

const EMPLOYEES: &str = "query($id: ID!, $after: String) { proposal(id: $id) {
    employees(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { id impact holdings { fte post { title } } } } } } }";

/// Whether a statement reads the `employee` table.
fn reads_employees(sql: &str) -> bool {
    sql.contains("\"employee\"")
}

/// A proposal of 3,001 people: its page (posts, counts, costs, org charts) reads none of their
/// rows, only how many have each impact (`GROUP BY impact`), and HR's list of them is read a
/// page at a time (`LIMIT`), by id, the total counted in SQL.
async fn a_proposal_page_reads_no_employee_and_employees_come_a_page_at_a_time(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    app.ok(
        &hr,
        "mutation { setPayScale(input: {grade: \"Grade 5\", annualCost: \"24000\"}) { grade } }",
        json!({}),
    )
    .await;
    let id = app
        .ok(
            &hr,
            "mutation { createProposal(input: {fields: {title: \"Library restructure\", service: \"Libraries\", establishment: \"Bury Libraries\"}}) { id } }",
            json!({}),
        )
        .await["createProposal"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The generated rows copy the employee's version and times.
    let (post, template) = post_and_holder(
        &app,
        &hr,
        &id,
        json!({ "proposed": { "grade": "Grade 5", "fte": 2.0, "headcount": 2 } }),
    )
    .await;
    let proposal: Uuid = id.parse().unwrap();
    let (series, new_id) = generated(app.backend);
    let conn = app.store.conn();
    // A third each not affected, affected and at risk.
    conn.execute_raw(Statement::from_sql_and_values(
        app.store.backend(),
        format!(
            "{series}
            INSERT INTO employee (id, proposal_id, employee_number, name, work_email, impact, impact_note,
                                  slot_in_post_id, slot_in_match_percent, version, created_at, updated_at)
            SELECT {new_id}, t.proposal_id, 'G' || i, 'Generated ' || i, 'generated.' || i || '@bury.example',
                   CASE i % 3 WHEN 0 THEN 'NOT_AFFECTED' WHEN 1 THEN 'AFFECTED' ELSE 'AT_RISK' END,
                   NULL, NULL, NULL, t.version, t.created_at, t.updated_at
            FROM n CROSS JOIN employee AS t WHERE t.id = $2"
        ),
        [GENERATED.into(), template.into()],
    ))
    .await
    .unwrap();
    conn.execute_raw(Statement::from_sql_and_values(
        app.store.backend(),
        format!(
            "INSERT INTO post_holding (id, employee_id, post_id, fte_hundredths)
            SELECT {new_id}, e.id, $2, 100 FROM employee AS e
            WHERE e.proposal_id = $1 AND e.employee_number LIKE 'G%'"
        ),
        [proposal.into(), post.into()],
    ))
    .await
    .unwrap();
    let everyone = GENERATED + 1;

    // The proposal page, with the proposal's graph read afresh (the rows above moved its
    // version): the counts are right, and no statement reads an employee's row or holdings.
    let expected_counts = json!({
        "directlyAffected": 2 * GENERATED / 3 + 1,
        "potentiallyDisplaced": GENERATED / 3 + 1,
        "newPostsCreated": 1,
    });
    for round in ["cold", "warm"] {
        app.store.record_statements();
        let page = app.ok(&hr, PROPOSAL_PAGE, json!({ "id": id })).await;
        let statements = app.store.take_recorded();
        let shown = &page["proposal"];
        assert_eq!(shown["counts"], expected_counts, "{round}");
        assert_eq!(shown["posts"]["totalCount"], 1, "{round}");
        assert_eq!(shown["current"].as_array().unwrap().len(), 1, "{round}");
        assert_eq!(shown["costs"]["costBefore"], "24000.00", "{round}");
        if round == "cold" {
            assert!(
                statements
                    .iter()
                    .any(|sql| sql.starts_with("SELECT") && sql.contains("FROM \"post\"")),
                "the graph is read in this request: {statements:#?}"
            );
        }
        for sql in &statements {
            assert!(
                !sql.contains("\"post_holding\""),
                "{round}: the proposal page read holdings: {sql}"
            );
            if reads_employees(sql) {
                assert!(
                    round == "cold"
                        && sql.starts_with(
                            "SELECT \"employee\".\"impact\", \"employee\".\"volunteer\", COUNT(*)"
                        )
                        && sql.contains("GROUP BY \"employee\".\"impact\""),
                    "{round}: the proposal page read employees, not only their impacts' tally: {sql}"
                );
            }
        }
        assert_eq!(
            statements.iter().filter(|sql| reads_employees(sql)).count(),
            usize::from(round == "cold"),
            "{round}: the tally is read once, then kept with the graph version: {statements:#?}"
        );
    }

    // HR's list of employees: a page of 50 by id, then the next after its cursor.
    let mut seen: Vec<Uuid> = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..2 {
        app.store.record_statements();
        let body = app
            .ok(&hr, EMPLOYEES, json!({ "id": id, "after": after }))
            .await;
        let statements = app.store.take_recorded();
        let employees = &body["proposal"]["employees"];
        assert_eq!(employees["totalCount"], everyone);
        assert_eq!(employees["pageInfo"]["hasNextPage"], true);
        let edges = employees["edges"].as_array().unwrap();
        assert_eq!(edges.len(), 50);
        for edge in edges {
            let holdings = edge["node"]["holdings"].as_array().unwrap();
            assert_eq!(holdings.len(), 1, "{edge}");
            assert_eq!(holdings[0]["post"]["title"], "Library assistant");
            seen.push(edge["node"]["id"].as_str().unwrap().parse().unwrap());
        }
        after = Some(
            employees["pageInfo"]["endCursor"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        let reads: Vec<&String> = statements
            .iter()
            .filter(|sql| sql.starts_with("SELECT") && reads_employees(sql))
            .collect();
        assert!(
            reads
                .iter()
                .any(|sql| sql.contains("FROM \"employee\"") && sql.contains("LIMIT")),
            "the page is read with a LIMIT: {reads:#?}"
        );
        for sql in &reads {
            assert!(
                sql.contains("LIMIT") || sql.contains("COUNT("),
                "a page of employees read more than its page: {sql}"
            );
        }
        for sql in &statements {
            if sql.contains("\"post_holding\"") {
                assert!(
                    !reads_employees(sql),
                    "the page's holdings are read for its employees, not the proposal's: {sql}"
                );
            }
        }
    }
    // Two pages of different people, in id order: the order of the whole list.
    let mut ordered = seen.clone();
    ordered.sort();
    ordered.dedup();
    assert_eq!(seen, ordered, "100 different employees, by id");
    let first_100: Vec<Uuid> = app
        .store
        .conn()
        .query_all_raw(Statement::from_sql_and_values(
            app.store.backend(),
            "SELECT id FROM employee WHERE proposal_id = $1 ORDER BY id LIMIT 100",
            [proposal.into()],
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<Uuid>("", "id").unwrap())
        .collect();
    assert_eq!(seen, first_100);
}

/// One proposal (`id`, `proposal`) read through the API, and another that no statement here
/// touches.
struct Check<'a> {
    app: &'a TestApp,
    hr: &'a str,
    id: &'a str,
    proposal: Uuid,
    other: Uuid,
    postgres: bool,
}

impl Check<'_> {
    /// Runs one statement, which `writes` rows of the proposal or none, and checks how far the
    /// versions moved and that the API then shows `shown` (see `people`).
    async fn statement(
        &self,
        sql: &str,
        values: Vec<sea_orm::Value>,
        writes: bool,
        shown: (i64, f64),
    ) {
        let app = self.app;
        let (before, other) = (
            graph_version(app, self.proposal).await,
            graph_version(app, self.other).await,
        );
        app.store
            .conn()
            .execute_raw(Statement::from_sql_and_values(
                app.store.backend(),
                sql,
                values,
            ))
            .await
            .unwrap_or_else(|err| panic!("{err}: {sql}"));
        let moved = graph_version(app, self.proposal).await - before;
        match (writes, self.postgres) {
            (false, _) => assert_eq!(moved, 0, "{sql}"),
            (true, true) => assert_eq!(moved, 1, "{sql}"),
            (true, false) => assert!(moved >= 1, "{sql}"),
        }
        assert_eq!(graph_version(app, self.other).await, other, "{sql}");
        assert_eq!(people(app, self.hr, self.id).await, shown, "{sql}");
    }
}

/// A current post, "Library assistant" (plus `extra` fields of its input), and Ann Able
/// holding it, at risk: (post id, employee id).
async fn post_and_holder(app: &TestApp, hr: &str, id: &str, extra: Value) -> (Uuid, Uuid) {
    let mut input = json!({ "proposalId": id, "title": "Library assistant", "current": { "grade": "Grade 5", "fte": 1.0, "headcount": 1 } });
    if let (Value::Object(input), Value::Object(extra)) = (&mut input, extra) {
        input.extend(extra);
    }
    let created =
        |body: Value, field: &str| body[field]["id"].as_str().unwrap().parse::<Uuid>().unwrap();
    let post = created(
        app.ok(
            hr,
            "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }",
            json!({ "i": input }),
        )
        .await,
        "createPost",
    );
    let employee = created(
        app.ok(
            hr,
            "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }",
            json!({ "i": { "proposalId": id, "employeeNumber": "E1", "name": "Ann Able", "workEmail": "ann.able@bury.example", "impact": "AT_RISK", "holdings": [{ "postId": post, "fte": 1.0 }] } }),
        )
        .await,
        "createEmployee",
    );
    (post, employee)
}
