//! CSV import of posts and employees: a per-row report, and all or nothing.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use consult::domain::account::Role;
use serde_json::json;

db_tests!(
    a_good_file_is_imported_whole,
    one_bad_row_imports_nothing_and_says_why
);

const IMPORT: &str = "mutation($i: ImportStructureCsvInput!) { importStructureCsv(input: $i) {
    imported rejected rows { line accepted errors { column message } } } }";
const COUNTS: &str =
    "query($id: ID!) { proposal(id: $id) { posts { totalCount } employees { totalCount }
    costs { costBefore costAfter } counts { directlyAffected } } }";

const POSTS: &str = "ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note
mgr,SEN Team Manager,,,,,,Grade 16,1,1,,New post
sp,Senior SEN Practitioner,,Grade 13,3,3,,Grade 12,1,1,mgr,Reduced
cw,SEN Caseworker,,Grade 9,4,4,sp,Grade 9,7,7,mgr,
";

async fn setup(app: &TestApp) -> (String, String) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    for (grade, cost) in [
        ("Grade 9", "36700"),
        ("Grade 12", "40123"),
        ("Grade 13", "41260"),
        ("Grade 16", "53608"),
    ] {
        app.graphql(Some(&hr), "mutation($g: String!, $c: Money!) { setPayScale(input: {grade: $g, annualCost: $c}) { grade } }", json!({ "g": grade, "c": cost })).await;
    }
    let body = app
        .graphql(Some(&hr), "mutation { createProposal(input: {fields: {title: \"SEN\", service: \"CYP\", establishment: \"Bury SEN\"}}) { id } }", json!({}))
        .await;
    (
        hr,
        body["data"]["createProposal"]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

async fn a_good_file_is_imported_whole(app: TestApp) {
    let (hr, id) = setup(&app).await;
    let posts = app
        .graphql(
            Some(&hr),
            IMPORT,
            json!({ "i": { "proposalId": id, "kind": "POSTS", "csv": POSTS } }),
        )
        .await;
    assert_eq!(
        posts["data"]["importStructureCsv"]["imported"], 3,
        "{posts}"
    );
    let employees = "employee_number,name,work_email,post,fte,impact,impact_note
E1,Alex Moore,alex@bury.example,Senior SEN Practitioner,1,RING_FENCED,
E2,Farzana Hussain,farzana@bury.example,Senior SEN Practitioner,1,ring fenced,
E3,Jo Brierley,jo@bury.example,SEN Caseworker,0.6,AFFECTED,Part time
";
    let people = app
        .graphql(
            Some(&hr),
            IMPORT,
            json!({ "i": { "proposalId": id, "kind": "EMPLOYEES", "csv": employees } }),
        )
        .await;
    assert_eq!(
        people["data"]["importStructureCsv"]["imported"], 3,
        "{people}"
    );
    let counts = app.graphql(Some(&hr), COUNTS, json!({ "id": id })).await;
    assert_eq!(
        counts["data"]["proposal"],
        json!({ "posts": { "totalCount": 3 }, "employees": { "totalCount": 3 },
                "costs": { "costBefore": "270580.00", "costAfter": "350631.00" }, "counts": { "directlyAffected": 3 } })
    );
}

async fn one_bad_row_imports_nothing_and_says_why(app: TestApp) {
    let (hr, id) = setup(&app).await;
    let bad = POSTS.replace(
        "cw,SEN Caseworker,,Grade 9,4,4",
        "cw,SEN Caseworker,,Grade 99,-4,4",
    );
    let body = app
        .graphql(
            Some(&hr),
            IMPORT,
            json!({ "i": { "proposalId": id, "kind": "POSTS", "csv": bad } }),
        )
        .await;
    let report = &body["data"]["importStructureCsv"];
    assert_eq!(report["imported"], 0, "{body}");
    assert_eq!(report["rejected"], 1);
    let row = &report["rows"][2];
    assert_eq!(row["line"], 4);
    assert_eq!(row["accepted"], false);
    let columns: Vec<&str> = row["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["column"].as_str().unwrap())
        .collect();
    assert_eq!(columns, vec!["current_grade", "current_fte"]);
    assert_eq!(report["rows"][0]["accepted"], true);
    let counts = app.graphql(Some(&hr), COUNTS, json!({ "id": id })).await;
    assert_eq!(
        counts["data"]["proposal"]["posts"]["totalCount"], 0,
        "nothing half-imported"
    );

    let no_header = app
        .graphql(
            Some(&hr),
            IMPORT,
            json!({ "i": { "proposalId": id, "kind": "POSTS", "csv": "a,b\n1,2\n" } }),
        )
        .await;
    assert_eq!(error_code(&no_header), "BAD_USER_INPUT");
    assert_eq!(no_header["errors"][0]["extensions"]["field"], "input.csv");

    let (_, staff) = app.signed_in(Role::Staff).await;
    let forbidden = app
        .graphql(
            Some(&staff),
            IMPORT,
            json!({ "i": { "proposalId": id, "kind": "POSTS", "csv": POSTS } }),
        )
        .await;
    assert_eq!(error_code(&forbidden), "FORBIDDEN");
}
