//! Proposals, structure, people and JDs through HTTP, for every role.

use crate::db_tests;
use crate::helpers::{PASSWORD, TestApp, error_code};
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    the_bury_demo_costs_and_counts_match_the_pack,
    each_role_sees_only_what_it_may,
    a_stale_update_is_a_conflict_and_changes_nothing,
    lifecycle_gates_say_what_is_missing,
    sharing_starts_numbered_revisions_that_can_be_diffed,
    bad_structure_input_names_the_field_and_writes_nothing,
    job_description_versions_diff_duty_by_duty_and_take_comments,
    a_full_proposal_query_costs_the_same_statements_for_10_and_1000_posts,
    a_proposal_reaches_reps_when_shared_and_staff_when_consultation_opens,
    a_page_of_proposals_costs_the_same_statements_whatever_its_length,
);

async fn demo(app: &TestApp) -> String {
    consult::demo::load(&app.store, consult::demo::DemoPasswords::Use(PASSWORD))
        .await
        .unwrap();
    let hr = token(app, "hr@bury.example").await;
    let body = app
        .graphql(
            Some(&hr),
            "{ proposals { edges { node { id } } } }",
            json!({}),
        )
        .await;
    body["data"]["proposals"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn token(app: &TestApp, email: &str) -> String {
    let body = app.login(email, PASSWORD).await;
    body["data"]["login"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

async fn the_bury_demo_costs_and_counts_match_the_pack(app: TestApp) {
    let id = demo(&app).await;
    let hr = token(&app, "hr@bury.example").await;
    let body = app
        .graphql(
            Some(&hr),
            "query($id: ID!) { proposal(id: $id) { status costs { costBefore costAfter saving }
               counts { directlyAffected potentiallyDisplaced newPostsCreated }
               posts(first: 100) { totalCount edges { node { title actions } } }
               orgChart(side: PROPOSED) { post { title } depth } } }",
            json!({ "id": id }),
        )
        .await;
    let p = &body["data"]["proposal"];
    assert_eq!(
        p["costs"],
        json!({ "costBefore": "633036.00", "costAfter": "629850.00", "saving": "3186.00" }),
        "{body}"
    );
    assert_eq!(
        p["counts"],
        json!({ "directlyAffected": 10, "potentiallyDisplaced": 5, "newPostsCreated": 5 })
    );
    assert_eq!(p["status"], "CONSULTING");
    let log = app.graphql(Some(&hr), "query($id: ID!) { proposal(id: $id) { questions { status } faq { question } checklist { completedAt } meetings { title } } }", json!({ "id": id })).await;
    let mut statuses: Vec<&str> = log["data"]["proposal"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["status"].as_str().unwrap())
        .collect();
    statuses.sort();
    statuses.dedup();
    assert_eq!(
        statuses,
        vec!["ANSWERED", "OPEN", "OVERDUE"],
        "questions in every status: {log}"
    );
    assert_eq!(log["data"]["proposal"]["faq"].as_array().unwrap().len(), 1);
    let feedback = app.graphql(Some(&hr), "query($id: ID!) { proposal(id: $id) { feedbackSummary { responses unionResponses } feedbackResponses { edges { node { confidential author { email } } } } unionResponses { points attachments { fileName } } themes { name raised { total } } } }", json!({ "id": id })).await;
    let f = &feedback["data"]["proposal"];
    assert_eq!(
        f["feedbackSummary"],
        // The demo's union response is a joint one awaiting GMB's signature (issue 20).
        json!({ "responses": 2, "unionResponses": 0 }),
        "{feedback}"
    );
    assert_eq!(
        f["feedbackResponses"]["edges"][0]["node"]["confidential"],
        true
    );
    assert_eq!(
        f["unionResponses"][0]["points"].as_array().unwrap().len(),
        3
    );
    assert_eq!(
        f["unionResponses"][0]["attachments"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        f["themes"],
        json!([{ "name": "Caseloads", "raised": { "total": 1 } }, { "name": "Grading of the caseworker post", "raised": { "total": 1 } }])
    );
    assert_eq!(
        log["data"]["proposal"]["meetings"]
            .as_array()
            .unwrap()
            .len(),
        10,
        "the pack's meetings"
    );
    let actions: Vec<(String, Value)> = p["posts"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["title"].as_str().unwrap().to_owned(),
                e["node"]["actions"].clone(),
            )
        })
        .collect();
    let of = |title: &str| {
        actions
            .iter()
            .find(|(t, _)| t == title)
            .map(|(_, a)| a.clone())
            .unwrap()
    };
    assert_eq!(of("Service Manager SEN"), json!(["DELETED"]));
    assert_eq!(of("SEN Team Manager"), json!(["NEW"]));
    assert_eq!(
        of("Senior SEN Practitioner"),
        json!(["REDUCED", "REVISED", "LINE_MANAGEMENT_CHANGE"])
    );
    let chart = p["orgChart"].as_array().unwrap();
    assert_eq!(chart[0]["depth"], 0);
    assert!(
        chart
            .iter()
            .any(|n| n["post"]["title"] == "SEN Caseworker" && n["depth"].as_i64().unwrap() >= 2),
        "{chart:?}"
    );
}

const PEOPLE: &str = "query($id: ID!) { proposal(id: $id) { title
    employees { totalCount edges { node { name impact } } } } }";

async fn each_role_sees_only_what_it_may(app: TestApp) {
    let id = demo(&app).await;
    let hr = token(&app, "hr@bury.example").await;
    let all = app.graphql(Some(&hr), PEOPLE, json!({ "id": id })).await;
    assert!(
        all["data"]["proposal"]["employees"]["totalCount"]
            .as_i64()
            .unwrap()
            >= 10,
        "{all}"
    );

    // The sponsor and a union rep see the proposal but nobody's personal data.
    for email in ["strategic.lead@bury.example", "unison.rep@bury.example"] {
        let t = token(&app, email).await;
        let title = app
            .graphql(
                Some(&t),
                "query($id: ID!) { proposal(id: $id) { title counts { directlyAffected } } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(
            title["data"]["proposal"]["counts"]["directlyAffected"], 10,
            "{email}: {title}"
        );
        let people = app.graphql(Some(&t), PEOPLE, json!({ "id": id })).await;
        assert_eq!(error_code(&people), "FORBIDDEN", "{email}");
        let holders = app
            .graphql(Some(&t), "query($id: ID!) { proposal(id: $id) { posts(first: 100) { edges { node { holders { fte } vacantFte } } } ringFences { memberCount members { name } } } }", json!({ "id": id }))
            .await;
        assert_eq!(
            error_code(&holders),
            "FORBIDDEN",
            "ring fence members are personal data"
        );
        let holders = app.graphql(Some(&t), "query($id: ID!) { proposal(id: $id) { posts(first: 100) { edges { node { holders { fte } } } } } }", json!({ "id": id })).await;
        let seen: usize = holders["data"]["proposal"]["posts"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["holders"].as_array().unwrap().len())
            .sum();
        assert_eq!(seen, 0, "{email} sees no holders");
    }

    // A caseworker sees the proposal and only their own record.
    let staff = token(&app, "caseworker@bury.example").await;
    let own = app.graphql(Some(&staff), PEOPLE, json!({ "id": id })).await;
    let employees = &own["data"]["proposal"]["employees"];
    assert_eq!(employees["totalCount"], 1, "{own}");
    assert_eq!(employees["edges"][0]["node"]["name"], "Jo Brierley");
    assert_eq!(employees["edges"][0]["node"]["impact"], "RING_FENCED");

    // Union comments on JDs are for HR, the sponsor and reps, not staff.
    let comments = "query($id: ID!) { proposal(id: $id) { jobDescriptions { versions { duties { comments { text author { name } } } } } } }";
    let count = |body: &Value| -> usize {
        body["data"]["proposal"]["jobDescriptions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|j| j["versions"].as_array().unwrap())
            .flat_map(|v| v["duties"].as_array().unwrap())
            .map(|d| d["comments"].as_array().unwrap().len())
            .sum()
    };
    let rep = token(&app, "gmb.rep@bury.example").await;
    assert!(count(&app.graphql(Some(&rep), comments, json!({ "id": id })).await) >= 4);
    assert_eq!(
        count(
            &app.graphql(Some(&staff), comments, json!({ "id": id }))
                .await
        ),
        0
    );

    // People the proposal does not concern cannot find it at all.
    let (_, stranger) = app.signed_in(Role::Staff).await;
    let (_, other_manager) = app.signed_in(Role::Manager).await;
    for t in [&stranger, &other_manager] {
        let list = app
            .graphql(Some(t), "{ proposals { totalCount } }", json!({}))
            .await;
        assert_eq!(list["data"]["proposals"]["totalCount"], 0, "{list}");
        let one = app.graphql(Some(t), PEOPLE, json!({ "id": id })).await;
        assert_eq!(error_code(&one), "NOT_FOUND");
    }
    // A rep of a union not recognised for it cannot find it; one of a recognised union can.
    let new_user = consult::domain::account::NewUser::parse(
        "rep@neu.example",
        "NEU rep",
        Role::UnionRep,
        Some("NEU"),
        "",
    )
    .unwrap();
    let password = consult::domain::password::Password::parse(PASSWORD, "p").unwrap();
    consult::store::users::create(
        &app.store,
        &consult::domain::audit::AuditActor::CLI,
        new_user,
        Some(password),
    )
    .await
    .unwrap();
    let neu = token(&app, "rep@neu.example").await;
    let none = app
        .graphql(Some(&neu), "{ proposals { totalCount } }", json!({}))
        .await;
    assert_eq!(none["data"]["proposals"]["totalCount"], 0, "{none}");
    assert_eq!(
        error_code(&app.graphql(Some(&neu), PEOPLE, json!({ "id": id })).await),
        "NOT_FOUND"
    );
    let (_, unison_rep) = app.signed_in(Role::UnionRep).await; // UNISON in the helper, recognised
    let seen = app
        .graphql(Some(&unison_rep), "{ proposals { totalCount } }", json!({}))
        .await;
    assert_eq!(
        seen["data"]["proposals"]["totalCount"], 2,
        "a UNISON rep sees both demo proposals, each shared with UNISON"
    );
    // The demo's second proposal (Business Support, decided) concerns neither the caseworker
    // nor the SEN sponsor; HR sees both.
    for (email, count) in [
        ("caseworker@bury.example", 1),
        ("strategic.lead@bury.example", 1),
        ("hr@bury.example", 2),
    ] {
        let t = token(&app, email).await;
        let list = app
            .graphql(Some(&t), "{ proposals { totalCount } }", json!({}))
            .await;
        assert_eq!(list["data"]["proposals"]["totalCount"], count, "{email}");
    }
    // And nobody but HR may change it.
    let update = "mutation($id: ID!) { updateProposal(input: {id: $id, expectedVersion: 1, fields: {title: \"X\"}}) { id } }";
    for t in [&staff, &rep] {
        assert_eq!(
            error_code(&app.graphql(Some(t), update, json!({ "id": id })).await),
            "FORBIDDEN"
        );
    }
}

const CREATE: &str = "mutation($f: ProposalFieldsInput!) { createProposal(input: {fields: $f}) { id version title status } }";
const UPDATE: &str = "mutation($id: ID!, $v: Int!, $f: ProposalFieldsInput!, $s: String) {
    updateProposal(input: {id: $id, expectedVersion: $v, fields: $f, changeSummary: $s}) { id version title rationale risks { risk } } }";

async fn new_proposal(app: &TestApp, hr: &str, extra: Value) -> (String, i64) {
    let mut fields = json!({ "title": "Restructure of the SEN Service", "service": "Children's Services", "establishment": "Bury SEN Service" });
    fields
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let body = app.graphql(Some(hr), CREATE, json!({ "f": fields })).await;
    let p = &body["data"]["createProposal"];
    (
        p["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{body}"))
            .to_owned(),
        p["version"].as_i64().unwrap(),
    )
}

async fn a_stale_update_is_a_conflict_and_changes_nothing(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (id, v) = new_proposal(&app, &hr, json!({})).await;
    assert_eq!(v, 1);
    let first = app
        .graphql(
            Some(&hr),
            UPDATE,
            json!({ "id": id, "v": 1, "f": { "rationale": "Demand for EHC plans." } }),
        )
        .await;
    assert_eq!(first["data"]["updateProposal"]["version"], 2, "{first}");
    assert_eq!(
        first["data"]["updateProposal"]["title"], "Restructure of the SEN Service",
        "absent fields are left alone"
    );
    let stale = app
        .graphql(
            Some(&hr),
            UPDATE,
            json!({ "id": id, "v": 1, "f": { "rationale": "Overwritten" } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    let now = app
        .graphql(
            Some(&hr),
            "query($id: ID!) { proposal(id: $id) { version rationale } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        now["data"]["proposal"],
        json!({ "version": 2, "rationale": "Demand for EHC plans." })
    );

    let missing = app
        .graphql(
            Some(&hr),
            CREATE,
            json!({ "f": { "title": "T", "service": "S" } }),
        )
        .await;
    assert_eq!(
        missing["errors"][0]["extensions"]["field"],
        "input.fields.establishment"
    );
    let long = app
        .graphql(
            Some(&hr),
            CREATE,
            json!({ "f": { "title": "x".repeat(201), "service": "S", "establishment": "E" } }),
        )
        .await;
    assert_eq!(
        long["errors"][0]["extensions"]["field"],
        "input.fields.title"
    );
}

const STEP: &str = "mutation($id: ID!) { submitForApproval(input: {id: $id}) { status } }";

async fn lifecycle_gates_say_what_is_missing(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (id, _) = new_proposal(&app, &hr, json!({})).await;
    let refused = app.graphql(Some(&hr), STEP, json!({ "id": id })).await;
    assert_eq!(error_code(&refused), "PRECONDITION_FAILED");
    let missing = refused["errors"][0]["extensions"]["missing"]
        .as_array()
        .unwrap();
    assert!(
        missing.contains(&json!("Write the rationale."))
            && missing.contains(&json!("Add the current structure's posts.")),
        "{missing:?}"
    );

    let approve = app
        .graphql(
            Some(&hr),
            "mutation($id: ID!) { approveProposal(input: {id: $id}) { status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&approve), "PRECONDITION_FAILED");
    assert!(
        approve["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("draft")
    );

    let withdraw = "mutation($id: ID!) { withdrawProposal(input: {id: $id, reason: \"Funding confirmed\"}) { status withdrawnReason } }";
    let done = app.graphql(Some(&hr), withdraw, json!({ "id": id })).await;
    assert_eq!(
        done["data"]["withdrawProposal"],
        json!({ "status": "WITHDRAWN", "withdrawnReason": "Funding confirmed" })
    );
    assert_eq!(
        error_code(&app.graphql(Some(&hr), withdraw, json!({ "id": id })).await),
        "PRECONDITION_FAILED"
    );

    let audit = app
        .graphql(
            Some(&hr),
            "query($id: ID!) { auditEvents(entityId: $id) { edges { node { action } } } }",
            json!({ "id": id }),
        )
        .await;
    let actions: Vec<&str> = audit["data"]["auditEvents"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["proposal.withdrawn", "proposal.created"]);
}

async fn sharing_starts_numbered_revisions_that_can_be_diffed(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (id, _) = new_proposal(&app, &hr, json!({ "rationale": "Too top heavy.", "recognisedUnions": ["UNISON", "GMB"], "risks": [{ "risk": "Loss of expertise", "mitigation": "Ring fence" }] })).await;
    let before = app
        .graphql(
            Some(&hr),
            "query($id: ID!) { proposal(id: $id) { revisions { number } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        before["data"]["proposal"]["revisions"],
        json!([]),
        "drafts have no revisions"
    );
    let shared = app.graphql(Some(&hr), "mutation($id: ID!) { shareProposalWithUnions(input: {id: $id}) { version sharedWithUnionsAt } }", json!({ "id": id })).await;
    let v = shared["data"]["shareProposalWithUnions"]["version"]
        .as_i64()
        .unwrap();
    let risks = json!([{ "risk": "Loss of expertise", "mitigation": "Ring fence" }, { "risk": "Tribunal claims", "mitigation": "Early consultation" }]);
    let changed = app.graphql(Some(&hr), UPDATE, json!({ "id": id, "v": v, "f": { "rationale": "Capacity in the engine room.", "risks": risks } })).await;
    assert!(
        changed["data"]["updateProposal"]["id"].is_string(),
        "{changed}"
    );
    let revs = app
        .graphql(
            Some(&hr),
            "query($id: ID!) { proposal(id: $id) { revisions { number changeSummary } } }",
            json!({ "id": id }),
        )
        .await;
    let revisions = revs["data"]["proposal"]["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2, "{revs}");
    assert_eq!(revisions[1]["number"], 2);
    assert!(
        revisions[1]["changeSummary"]
            .as_str()
            .unwrap()
            .contains("rationale"),
        "{revs}"
    );

    let diff = app.graphql(Some(&hr), "query($id: ID!) { proposalDiff(id: $id, from: 1, to: 2) { path field kind itemLabel before after } }", json!({ "id": id })).await;
    let changes = diff["data"]["proposalDiff"].as_array().unwrap();
    assert!(
        changes.iter().any(|c| c["field"] == "rationale"
            && c["kind"] == "CHANGED"
            && c["after"] == "Capacity in the engine room."),
        "{diff}"
    );
    assert!(
        changes.iter().any(|c| c["field"] == "risks"
            && c["kind"] == "ADDED"
            && c["itemLabel"] == "Tribunal claims"),
        "{diff}"
    );
    let bad = app
        .graphql(
            Some(&hr),
            "query($id: ID!) { proposalDiff(id: $id, from: 1, to: 9) { path } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["field"], "to");
}

const POST: &str = "mutation($i: CreatePostInput!) { createPost(input: $i) { id version title } }";

async fn bad_structure_input_names_the_field_and_writes_nothing(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (id, _) = new_proposal(&app, &hr, json!({})).await;
    app.graphql(
        Some(&hr),
        "mutation { setPayScale(input: {grade: \"Grade 9\", annualCost: \"36700\"}) { grade } }",
        json!({}),
    )
    .await;
    let side = |fte: f64| json!({ "grade": "Grade 9", "fte": fte, "headcount": 1 });
    let cases = [
        (
            json!({ "proposalId": id, "title": "A", "current": side(-1.0) }),
            "input.current.fte",
        ),
        (
            json!({ "proposalId": id, "title": "A", "current": side(5000.0) }),
            "input.current.fte",
        ),
        (
            json!({ "proposalId": id, "title": "A", "current": { "grade": "Grade 99", "fte": 1.0, "headcount": 1 } }),
            "input.current.grade",
        ),
        (
            json!({ "proposalId": id, "title": "x".repeat(300), "current": side(1.0) }),
            "input.title",
        ),
        (json!({ "proposalId": id, "title": "A" }), "input"),
    ];
    for (input, field) in cases {
        let body = app.graphql(Some(&hr), POST, json!({ "i": input })).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    let unknown = app.graphql(Some(&hr), POST, json!({ "i": { "proposalId": uuid::Uuid::now_v7().to_string(), "title": "A", "current": side(1.0) } })).await;
    assert_eq!(error_code(&unknown), "NOT_FOUND");

    // A reporting cycle, and an employee over 1.0 FTE.
    let a = app
        .graphql(
            Some(&hr),
            POST,
            json!({ "i": { "proposalId": id, "title": "A", "current": side(1.0) } }),
        )
        .await["data"]["createPost"]["id"]
        .clone();
    let b = app.graphql(Some(&hr), POST, json!({ "i": { "proposalId": id, "title": "B", "current": { "grade": "Grade 9", "fte": 1.0, "headcount": 1, "reportsToId": a } } })).await["data"]["createPost"]["id"].clone();
    let cycle = app.graphql(Some(&hr), "mutation($i: UpdatePostInput!) { updatePost(input: $i) { id } }", json!({ "i": { "id": a, "expectedVersion": 1, "current": { "grade": "Grade 9", "fte": 1.0, "headcount": 1, "reportsToId": b } } })).await;
    assert_eq!(
        cycle["errors"][0]["extensions"]["field"], "input.current.reportsToId",
        "{cycle}"
    );
    let own = app.graphql(Some(&hr), "mutation($i: UpdatePostInput!) { updatePost(input: $i) { id } }", json!({ "i": { "id": a, "expectedVersion": 1, "current": { "grade": "Grade 9", "fte": 1.0, "headcount": 1, "reportsToId": a } } })).await;
    assert!(
        own["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("itself"),
        "{own}"
    );
    let employee = "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }";
    let over = app.graphql(Some(&hr), employee, json!({ "i": { "proposalId": id, "employeeNumber": "E1", "name": "Jo", "workEmail": "jo@bury.example", "holdings": [{ "postId": a, "fte": 0.6 }, { "postId": b, "fte": 0.6 }] } })).await;
    assert_eq!(
        over["errors"][0]["extensions"]["field"], "input.holdings",
        "{over}"
    );

    let posts = app.graphql(Some(&hr), "query($id: ID!) { proposal(id: $id) { posts { totalCount } employees { totalCount } } }", json!({ "id": id })).await;
    assert_eq!(
        posts["data"]["proposal"],
        json!({ "posts": { "totalCount": 2 }, "employees": { "totalCount": 0 } }),
        "nothing half-written"
    );
}

async fn job_description_versions_diff_duty_by_duty_and_take_comments(app: TestApp) {
    let id = demo(&app).await;
    let rep = token(&app, "unison.rep@bury.example").await;
    let jds = app.graphql(Some(&rep), "query($id: ID!) { proposal(id: $id) { jobDescriptions { title versions { id label duties { number } } } } }", json!({ "id": id })).await;
    let caseworker = jds["data"]["proposal"]["jobDescriptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["title"].as_str().unwrap().contains("Caseworker"))
        .unwrap()
        .clone();
    let (current, proposed) = (
        caseworker["versions"][0]["id"].clone(),
        caseworker["versions"][1]["id"].clone(),
    );
    let diff = app.graphql(Some(&rep), "query($a: ID!, $b: ID!) { jobDescriptionDiff(from: $a, to: $b) { duties { kind fromNumber toNumber words { kind text } } } }", json!({ "a": current, "b": proposed })).await;
    let kinds: Vec<&str> = diff["data"]["jobDescriptionDiff"]["duties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    for kind in ["NEW", "REMOVED", "CHANGED"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let changed = diff["data"]["jobDescriptionDiff"]["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "CHANGED")
        .unwrap();
    assert!(
        changed["words"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] != "SAME")
    );

    let duty = caseworker["versions"][1]["duties"][0]["number"].clone();
    let comment = "mutation($v: ID!, $n: Int!) { commentOnDuty(input: {versionId: $v, dutyNumber: $n, category: TRAINING_NEED, text: \"Training needed.\"}) { category author { email } } }";
    let ok = app
        .graphql(Some(&rep), comment, json!({ "v": proposed, "n": duty }))
        .await;
    assert_eq!(
        ok["data"]["commentOnDuty"]["author"]["email"], "unison.rep@bury.example",
        "{ok}"
    );
    let bad = app
        .graphql(Some(&rep), comment, json!({ "v": proposed, "n": 999 }))
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["field"], "input.dutyNumber");
    let (_, stranger) = app.signed_in(Role::Staff).await;
    assert_eq!(
        error_code(
            &app.graphql(
                Some(&stranger),
                comment,
                json!({ "v": proposed, "n": duty })
            )
            .await
        ),
        "NOT_FOUND"
    );
}

const FULL: &str = "query($id: ID!) { proposal(id: $id) { title sponsor { name } costs { costBefore costAfter saving }
    counts { directlyAffected potentiallyDisplaced newPostsCreated proposedDismissals }
    posts(first: 100) { totalCount edges { node { title actions vacantFte
        current { grade fte cost reportsTo { title } jobDescription { label } }
        proposed { grade fte reportsTo { title } }
        holders { fte employee { name impact } } } } }
    employees(first: 100) { totalCount edges { node { name impact holdings { fte post { title } } } } }
    orgChart(side: CURRENT) { depth post { title } }
    ringFences { name memberCount } jobDescriptions { versions { duties { number } } } revisions { number }
    timetable { consultationStart } meetings { title } implementationSteps { activity } checklist { title } approvals { approverTitle } } }";

/// Fills a proposal with `n` posts (each reporting to the first) and `n` employees, fast,
/// straight into the tables.
async fn proposal_of_size(app: &TestApp, hr: &str, n: usize) -> String {
    use consult::store::entities::{employee, post, post_holding};
    use sea_orm::{ActiveValue::Set, EntityTrait};
    let (id, _) = new_proposal(app, hr, json!({})).await;
    let proposal_id: uuid::Uuid = id.parse().unwrap();
    let now = chrono::Utc::now();
    let ids: Vec<uuid::Uuid> = (0..n).map(|_| uuid::Uuid::now_v7()).collect();
    let posts = ids.iter().enumerate().map(|(i, pid)| post::ActiveModel {
        id: Set(*pid),
        proposal_id: Set(proposal_id),
        position: Set(i as i32),
        title: Set(format!("Post {i}")),
        in_scope: Set(true),
        current_grade: Set(Some("Grade 9".into())),
        current_fte_hundredths: Set(Some(100)),
        current_headcount: Set(Some(1)),
        current_reports_to: Set((i > 0).then_some(ids[0])),
        current_jd_version_id: Set(None),
        proposed_grade: Set(Some("Grade 9".into())),
        proposed_fte_hundredths: Set(Some(100)),
        proposed_headcount: Set(Some(1)),
        proposed_reports_to: Set((i > 0).then_some(ids[0])),
        proposed_jd_version_id: Set(None),
        note: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    });
    let employees: Vec<uuid::Uuid> = (0..n).map(|_| uuid::Uuid::now_v7()).collect();
    let db = app.store.conn();
    for chunk in posts.collect::<Vec<_>>().chunks(200) {
        post::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .unwrap();
    }
    let people: Vec<_> = employees
        .iter()
        .enumerate()
        .map(|(i, eid)| employee::ActiveModel {
            id: Set(*eid),
            proposal_id: Set(proposal_id),
            employee_number: Set(format!("E{i}")),
            name: Set(format!("Person {i}")),
            work_email: Set(format!("p{i}@bury.example")),
            impact: Set("AFFECTED".into()),
            impact_note: Set(None),
            slot_in_post_id: Set(None),
            slot_in_match_percent: Set(None),
            volunteer: Set(false),
            weekly_pay_pence: Set(None),
            continuous_service_start: Set(None),
            date_of_birth: Set(None),
            contractual_notice_weeks: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    for chunk in people.chunks(200) {
        employee::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .unwrap();
    }
    let holdings: Vec<_> = employees
        .iter()
        .zip(&ids)
        .map(|(e, p)| post_holding::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            employee_id: Set(*e),
            post_id: Set(*p),
            fte_hundredths: Set(100),
        })
        .collect();
    for chunk in holdings.chunks(200) {
        post_holding::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .unwrap();
    }
    id
}

async fn a_full_proposal_query_costs_the_same_statements_for_10_and_1000_posts(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    app.graphql(
        Some(&hr),
        "mutation { setPayScale(input: {grade: \"Grade 9\", annualCost: \"36700\"}) { grade } }",
        json!({}),
    )
    .await;
    let mut statements = Vec::new();
    let mut warm = Vec::new();
    for n in [10, 1000] {
        let id = proposal_of_size(&app, &hr, n).await;
        let before = app.store.statements_executed();
        let body = app.graphql(Some(&hr), FULL, json!({ "id": id })).await;
        statements.push(app.store.statements_executed() - before);
        assert!(body.get("errors").is_none(), "{body}");
        let p = &body["data"]["proposal"];
        assert_eq!(p["posts"]["totalCount"], n);
        assert_eq!(
            p["employees"]["edges"].as_array().unwrap().len(),
            n.min(100)
        );
        assert_eq!(p["orgChart"].as_array().unwrap().len(), n);
        assert_eq!(p["costs"]["costBefore"], format!("{}.00", 36_700 * n));
        // The same page again: the proposal's graph is current in the server's memory.
        let before = app.store.statements_executed();
        let again = app.graphql(Some(&hr), FULL, json!({ "id": id })).await;
        warm.push(app.store.statements_executed() - before);
        assert_eq!(again, body);
    }
    assert_eq!(
        statements[0], statements[1],
        "statements for 10 and 1000 posts: {statements:?}"
    );
    // The session check, the proposal, its unions, its graph (seventeen), its people (two:
    // `holders` shows them), the tally of impacts (`counts`), the page of employees and its
    // count, the holdings of the page's employees, and the pay scales.
    assert!(statements[1] <= 27, "{statements:?}");
    // Warm: the graph, people and tally are not read again, only checked by their version
    // (read with the proposal); the page of employees, its count and its holdings are.
    assert_eq!(warm[0], warm[1], "{warm:?}");
    assert!(warm[1] <= 10, "{warm:?}");
}

/// Staff named in a proposal see it only once consultation opens; reps once it is shared.
async fn a_proposal_reaches_reps_when_shared_and_staff_when_consultation_opens(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let staff_email = app
        .graphql(Some(&staff), "{ me { email } }", json!({}))
        .await["data"]["me"]["email"]
        .as_str()
        .unwrap()
        .to_owned();
    app.graphql(
        Some(&hr),
        "mutation { setPayScale(input: {grade: \"Grade 9\", annualCost: \"36700\"}) { grade } }",
        json!({}),
    )
    .await;
    let (id, _) = new_proposal(
        &app,
        &hr,
        json!({ "background": "B", "rationale": "R", "proposalText": "P", "selectionMethod": "Ring fence", "equalityAnalysis": "Done", "equalityAnalysisComplete": true, "recognisedUnions": ["UNISON"] }),
    )
    .await;
    let post = app.graphql(Some(&hr), POST, json!({ "i": { "proposalId": id, "title": "Caseworker", "current": { "grade": "Grade 9", "fte": 1.0, "headcount": 1 } } })).await["data"]["createPost"]["id"].clone();
    app.graphql(Some(&hr), "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }", json!({ "i": { "proposalId": id, "employeeNumber": "E1", "name": "Jo", "workEmail": staff_email, "holdings": [{ "postId": post, "fte": 1.0 }], "impact": "AT_RISK" } })).await;
    let sees = |t: String| {
        let app = &app;
        let id = id.clone();
        async move {
            app.graphql(
                Some(&t),
                "query($id: ID!) { proposal(id: $id) { status } }",
                json!({ "id": id }),
            )
            .await["data"]["proposal"]["status"]
                .clone()
        }
    };
    assert_eq!(sees(rep.clone()).await, Value::Null);
    assert_eq!(sees(staff.clone()).await, Value::Null);
    app.graphql(
        Some(&hr),
        "mutation($id: ID!) { shareProposalWithUnions(input: {id: $id}) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(sees(rep.clone()).await, "DRAFT");
    assert_eq!(
        sees(staff.clone()).await,
        Value::Null,
        "staff wait for consultation to open"
    );
    sign_off_and_open(&app, &hr, &id).await;
    assert_eq!(sees(staff.clone()).await, "CONSULTING");
    let mine = app.graphql(Some(&staff), "query($id: ID!) { proposal(id: $id) { myEmployeeRecords { impact holdings { post { title } } } } }", json!({ "id": id })).await;
    assert_eq!(
        mine["data"]["proposal"]["myEmployeeRecords"][0]["impact"], "AT_RISK",
        "{mine}"
    );
}

/// Sets a consultation period, submits, signs off every approval (HR records them) and
/// opens consultation, asserting each step succeeds.
pub async fn sign_off_and_open(app: &TestApp, hr: &str, id: &str) {
    let start = chrono::Utc::now().date_naive();
    let end = start + chrono::Days::new(30);
    let steps = [
        format!(
            "mutation($id: ID!) {{ setTimetable(input: {{proposalId: $id, consultationStart: \"{start}\", consultationEnd: \"{end}\", consultationType: INDIVIDUAL}}) {{ version }} }}"
        ),
        "mutation($id: ID!) { applyChecklistTemplate(proposalId: $id) { id } }".to_owned(),
        "mutation($id: ID!) { submitForApproval(input: {id: $id}) { status } }".to_owned(),
    ];
    for step in &steps {
        let body = app.graphql(Some(hr), step, json!({ "id": id })).await;
        assert!(body.get("errors").is_none(), "{step}: {body}");
    }
    let approvals = app
        .graphql(
            Some(hr),
            "query($id: ID!) { proposal(id: $id) { approvals { id } } }",
            json!({ "id": id }),
        )
        .await;
    for approval in approvals["data"]["proposal"]["approvals"]
        .as_array()
        .unwrap()
    {
        let body = app
            .graphql(Some(hr), "mutation($a: ID!) { decideApproval(input: {approvalId: $a, decision: APPROVE}) { decision } }", json!({ "a": approval["id"] }))
            .await;
        assert_eq!(
            body["data"]["decideApproval"]["decision"], "APPROVE",
            "{body}"
        );
    }
    for step in ["approveProposal", "openConsultation"] {
        let body = app
            .graphql(
                Some(hr),
                &format!("mutation($id: ID!) {{ {step}(input: {{id: $id}}) {{ status }} }}"),
                json!({ "id": id }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{step}: {body}");
    }
}

/// A small proposal open for consultation, recognising `unions` and naming the staff signed in
/// with `staff` tokens as affected SEN caseworkers.
pub async fn open_proposal_naming(
    app: &TestApp,
    hr: &str,
    staff: &[&str],
    unions: &[&str],
) -> String {
    app.ok(
        hr,
        "mutation { setPayScale(input: {grade: \"Grade 9\", annualCost: \"36700\"}) { grade } }",
        json!({}),
    )
    .await;
    let fields = json!({ "title": "SEN", "service": "CYP", "establishment": "Bury SEN", "background": "B", "rationale": "R", "proposalText": "P", "selectionMethod": "S", "equalityAnalysis": "E", "equalityAnalysisComplete": true, "recognisedUnions": unions });
    let id = app
        .ok(
            hr,
            "mutation($f: ProposalFieldsInput!) { createProposal(input: {fields: $f}) { id } }",
            json!({ "f": fields }),
        )
        .await["createProposal"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let n = staff.len().max(1);
    let posts = format!(
        "ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note\ncw,SEN Caseworker,,Grade 9,{n},{n},,Grade 9,{m},{m},,\n",
        m = n + 1
    );
    let import = "mutation($id: ID!, $kind: CsvKind!, $csv: String!) { importStructureCsv(input: {proposalId: $id, kind: $kind, csv: $csv}) { imported } }";
    app.ok(
        hr,
        import,
        json!({ "id": id, "kind": "POSTS", "csv": posts }),
    )
    .await;
    let mut people = String::from("employee_number,name,work_email,post,fte,impact,impact_note\n");
    for (i, token) in staff.iter().enumerate() {
        let email = app.ok(token, "{ me { email } }", json!({})).await["me"]["email"]
            .as_str()
            .unwrap()
            .to_owned();
        people.push_str(&format!(
            "E{i},Caseworker {i},{email},SEN Caseworker,1,AFFECTED,\n"
        ));
    }
    if !staff.is_empty() {
        app.ok(
            hr,
            import,
            json!({ "id": id, "kind": "EMPLOYEES", "csv": people }),
        )
        .await;
    }
    app.ok(
        hr,
        "mutation($id: ID!) { shareProposalWithUnions(input: {id: $id}) { id } }",
        json!({ "id": id }),
    )
    .await;
    sign_off_and_open(app, hr, &id).await;
    id
}

/// A page of proposals asking for what hangs off each (timetable, meetings, checklist,
/// questions, union responses, ...) costs the same statements for 3 proposals as for 9.
async fn a_page_of_proposals_costs_the_same_statements_whatever_its_length(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let query = "{ proposals(first: 50) { totalCount edges { node { title sponsor { name } timetable { version } meetings { title }
        implementationSteps { activity } checklist { title } approvals { approverTitle } questions { text } faq { question }
        unionResponses { title } revisions { number } costs { costBefore } counts { directlyAffected } } } } }";
    let mut statements = Vec::new();
    for round in [3, 6] {
        for i in 0..round {
            let (id, _) = new_proposal(
                &app,
                &hr,
                json!({ "title": format!("Proposal {round}-{i}") }),
            )
            .await;
            app.ok(&hr, "mutation($id: ID!) { raiseQuestion(input: {proposalId: $id, text: \"Why?\"}) { id } }", json!({ "id": id })).await;
        }
        let before = app.store.statements_executed();
        let body = app.ok(&hr, query, json!({})).await;
        statements.push(app.store.statements_executed() - before);
        assert!(body["proposals"]["edges"].as_array().unwrap().len() >= round);
    }
    assert_eq!(
        statements[0], statements[1],
        "3 proposals vs 9: {statements:?}"
    );
}
