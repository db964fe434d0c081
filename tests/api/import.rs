//! CSV import of posts and employees: a per-row report, and all or nothing.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    a_good_file_is_imported_whole,
    one_bad_row_imports_nothing_and_says_why,
    windows_1252_is_stored_right_and_a_preview_writes_nothing,
    semicolon_and_tab_files_are_read,
    human_headings_are_mapped_and_the_mapping_remembered,
    row_shape_duplicates_and_cells_are_reported_with_rows_and_columns,
    five_thousand_rows_with_notes_get_through_and_more_are_refused_plainly,
    employees_already_in_the_proposal_keep_their_emails_and_preview_rows_have_lines,
    a_file_over_the_size_limit_is_told_the_limit_with_a_code
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

const PREVIEW: &str = "mutation($i: StructureImportInput!) { previewStructureImport(input: $i) {
    encoding separator headings mapping { field columns } mappingRemembered mappingProblem
    ignoredColumns willCreate rejected itemHeadings items { line cells }
    errors { line errors { column heading message } } errorsCsv previewToken } }";
const IMPORT_FILE: &str = "mutation($i: StructureImportInput!) { importStructureFile(input: $i) {
    imported rejected rows { line errors { column message } } } }";
const NAMES: &str =
    "query($id: ID!) { proposal(id: $id) { employees(first: 50) { edges { node { name } } } } }";

/// Previews a file (multipart) with an optional mapping: the preview.
async fn preview(
    app: &TestApp,
    hr: &str,
    id: &str,
    kind: &str,
    bytes: &[u8],
    mapping: Option<Value>,
) -> Value {
    let body = app
        .upload(
            hr,
            PREVIEW,
            json!({ "i": { "proposalId": id, "kind": kind, "file": null, "mapping": mapping } }),
            "i.file",
            "people.csv",
            bytes.to_vec(),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["previewStructureImport"].clone()
}

/// Previews then imports a file with the preview's mapping: the import's report.
async fn preview_and_import(app: &TestApp, hr: &str, id: &str, kind: &str, bytes: &[u8]) -> Value {
    let p = preview(app, hr, id, kind, bytes, None).await;
    assert_eq!(p["rejected"], 0, "{p}");
    let body = app
        .upload(
            hr,
            IMPORT_FILE,
            json!({ "i": { "proposalId": id, "kind": kind, "file": null,
            "mapping": p["mapping"], "previewToken": p["previewToken"] } }),
            "i.file",
            "people.csv",
            bytes.to_vec(),
        )
        .await;
    body["data"]["importStructureFile"].clone()
}

async fn with_posts(app: &TestApp) -> (String, String) {
    let (hr, id) = setup(app).await;
    app.graphql(
        Some(&hr),
        IMPORT,
        json!({ "i": { "proposalId": id, "kind": "POSTS", "csv": POSTS } }),
    )
    .await;
    (hr, id)
}

async fn names(app: &TestApp, hr: &str, id: &str) -> Vec<String> {
    let body = app.graphql(Some(hr), NAMES, json!({ "id": id })).await;
    let mut names: Vec<String> = body["data"]["proposal"]["employees"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

async fn windows_1252_is_stored_right_and_a_preview_writes_nothing(app: TestApp) {
    let (hr, id) = with_posts(&app).await;
    // Excel's "CSV (Comma delimited)": é is 0xE9, £ is 0xA3, ’ is 0x92.
    let bytes = b"employee_number,name,work_email,post,fte,impact,impact_note\r\nE1,Ren\xe9e O\x92Brien,renee@bury.example,sen caseworker,1,AT_RISK,Paid \xa3100 allowance\r\n".to_vec();
    let p = preview(&app, &hr, &id, "EMPLOYEES", &bytes, None).await;
    assert!(
        p["encoding"].as_str().unwrap().starts_with("Windows-1252"),
        "{p}"
    );
    assert_eq!(p["willCreate"], 1);
    assert_eq!(p["items"][0]["cells"][1], "Renée O’Brien");
    assert!(
        names(&app, &hr, &id).await.is_empty(),
        "a preview writes nothing"
    );
    let report = preview_and_import(&app, &hr, &id, "EMPLOYEES", &bytes).await;
    assert_eq!(report["imported"], 1, "{report}");
    assert_eq!(names(&app, &hr, &id).await, vec!["Renée O’Brien"]);

    // An import without its preview's token is refused.
    let body = app
        .upload(
            &hr,
            IMPORT_FILE,
            json!({ "i": { "proposalId": id, "kind": "EMPLOYEES", "file": null,
            "mapping": p["mapping"], "previewToken": "guess" } }),
            "i.file",
            "people.csv",
            bytes,
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(
        body["errors"][0]["extensions"]["field"],
        "input.previewToken"
    );
}

async fn semicolon_and_tab_files_are_read(app: TestApp) {
    let (hr, id) = with_posts(&app).await;
    let semicolons = "employee_number;name;work_email;post;fte;impact;impact_note\nE1;Jo Brierley;jo@bury.example;SEN Caseworker;0,6;AFFECTED;\n";
    let p = preview(&app, &hr, &id, "EMPLOYEES", semicolons.as_bytes(), None).await;
    assert_eq!(p["separator"], "semicolons");
    // 0,6 is not a number Consult reads: the error names the column.
    assert_eq!(p["errors"][0]["errors"][0]["column"], "fte", "{p}");
    let fixed = semicolons.replace("0,6", "0.6");
    assert_eq!(
        preview_and_import(&app, &hr, &id, "EMPLOYEES", fixed.as_bytes()).await["imported"],
        1
    );
    let tabs =
        "employee_number\tname\twork_email\tpost\nE2\tSam Hill\tsam@bury.example\tSEN Caseworker\n";
    let p = preview(&app, &hr, &id, "EMPLOYEES", tabs.as_bytes(), None).await;
    assert_eq!(p["separator"], "tabs");
    assert_eq!(
        preview_and_import(&app, &hr, &id, "EMPLOYEES", tabs.as_bytes()).await["imported"],
        1
    );
    assert_eq!(names(&app, &hr, &id).await, vec!["Jo Brierley", "Sam Hill"]);
    // A header that names none of the fields says which separator it was read with.
    let p = preview(&app, &hr, &id, "EMPLOYEES", b"a|b\n1|2\n", None).await;
    assert!(
        p["mappingProblem"]
            .as_str()
            .unwrap()
            .contains("with commas between"),
        "{p}"
    );
}

async fn human_headings_are_mapped_and_the_mapping_remembered(app: TestApp) {
    let (hr, id) = with_posts(&app).await;
    let file = "Employee No,Surname,Forename,Job Title,Work email,Cost centre\nE1,Moore,Alex,Senior SEN Practitioner,alex@bury.example,C1\n";
    let p = preview(&app, &hr, &id, "EMPLOYEES", file.as_bytes(), None).await;
    assert_eq!(p["mappingRemembered"], false);
    assert_eq!(p["ignoredColumns"], json!(["Cost centre"]));
    assert_eq!(
        p["mapping"][1],
        json!({ "field": "name", "columns": ["Forename", "Surname"] })
    );
    // The person chooses differently: surname first.
    let mapping = json!([
        { "field": "employee_number", "columns": ["Employee No"] },
        { "field": "name", "columns": ["Surname", "Forename"] },
        { "field": "work_email", "columns": ["Work email"] },
        { "field": "post", "columns": ["Job Title"] },
    ]);
    let p = preview(
        &app,
        &hr,
        &id,
        "EMPLOYEES",
        file.as_bytes(),
        Some(mapping.clone()),
    )
    .await;
    let body = app
        .upload(
            &hr,
            IMPORT_FILE,
            json!({ "i": { "proposalId": id, "kind": "EMPLOYEES", "file": null,
            "mapping": mapping, "previewToken": p["previewToken"] } }),
            "i.file",
            "people.csv",
            file.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(body["data"]["importStructureFile"]["imported"], 1, "{body}");
    assert_eq!(names(&app, &hr, &id).await, vec!["Moore Alex"]);
    let setup = app
        .graphql(Some(&hr), "{ importSetup(kind: EMPLOYEES) { maxRows limits rememberedMapping { field columns } template } }", json!({}))
        .await;
    assert_eq!(
        setup["data"]["importSetup"]["rememberedMapping"], mapping,
        "{setup}"
    );
    assert_eq!(
        setup["data"]["importSetup"]["limits"],
        "A file can hold up to 5,000 rows and be up to 10 MB."
    );
    let next = "Employee No,Surname,Forename,Job Title,Work email,Cost centre\nE2,Hill,Sam,SEN Caseworker,sam@bury.example,C1\n";
    let p = preview(&app, &hr, &id, "EMPLOYEES", next.as_bytes(), None).await;
    assert_eq!(p["mappingRemembered"], true);
    assert_eq!(p["mapping"], mapping);
}

async fn row_shape_duplicates_and_cells_are_reported_with_rows_and_columns(app: TestApp) {
    let (hr, id) = with_posts(&app).await;
    let file = "employee_number,name,work_email,post,fte,impact,impact_note
E1,Alex Moore,alex@bury.example,Senior SEN Practitioner,1,AT_RISK,
E2,Sam Hill,sam@bury.example,SEN Caseworker
E3,Jo Brierley,ALEX@bury.example,SEN Caseworker,1,,
E1,Alex Moore,alex@bury.example,SEN Caseworker,0.5,AFFECTED,
,,nope,SEN Casewroker,3,,
";
    let p = preview(&app, &hr, &id, "EMPLOYEES", file.as_bytes(), None).await;
    assert_eq!(p["willCreate"], 0);
    assert!(p["previewToken"].is_null());
    let errors = p["errors"].as_array().unwrap();
    let lines: Vec<i64> = errors.iter().map(|e| e["line"].as_i64().unwrap()).collect();
    assert_eq!(lines, vec![3, 4, 5, 6], "{p}");
    assert!(
        errors[0]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Row 3 has 4 cells but the header has 7")
    );
    assert_eq!(errors[1]["errors"][0]["column"], "work_email");
    assert!(
        errors[1]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("employee E1 on row 2")
    );
    assert_eq!(errors[2]["errors"][0]["column"], "impact");
    assert!(
        errors[2]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("row 2")
    );
    let columns: Vec<&str> = errors[3]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["column"].as_str().unwrap())
        .collect();
    assert_eq!(
        columns,
        vec!["employee_number", "name", "work_email", "post", "fte"]
    );
    assert!(
        errors[3]["errors"][3]["message"]
            .as_str()
            .unwrap()
            .contains("Did you mean \"SEN Caseworker\"?")
    );
    assert!(
        p["errorsCsv"]
            .as_str()
            .unwrap()
            .starts_with("line,column,heading,problem\r\n3,")
    );
    assert!(names(&app, &hr, &id).await.is_empty());
}

async fn five_thousand_rows_with_notes_get_through_and_more_are_refused_plainly(app: TestApp) {
    let (hr, id) = setup(&app).await;
    let mut posts = String::from("ref,title,current_grade,current_fte,note\n");
    let note = "A note HR wrote about this post, about a hundred and fifty characters long, to see that a realistic file is not refused for its size alone.";
    for i in 0..5_000 {
        posts.push_str(&format!("p{i},Post {i},Grade 9,1,\"{note}\"\n"));
    }
    let report = preview_and_import(&app, &hr, &id, "POSTS", posts.as_bytes()).await;
    assert_eq!(report["imported"], 5_000, "{report}");
    posts.push_str("p5000,Post 5000,Grade 9,1,\n");
    let body = app
        .upload(
            &hr,
            PREVIEW,
            json!({ "i": { "proposalId": id, "kind": "POSTS", "file": null } }),
            "i.file",
            "posts.csv",
            posts.into_bytes(),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(
        body["errors"][0]["message"],
        "The file has more than 5,000 rows. A file can hold up to 5,000 rows and be up to 10 MB. Split it into several files."
    );
}

async fn employees_already_in_the_proposal_keep_their_emails_and_preview_rows_have_lines(
    app: TestApp,
) {
    let (hr, id) = with_posts(&app).await;
    // Every file with the same headings: the first import's mapping is remembered.
    let first = "employee_number,name,work_email,post,fte\nE1,Alex Moore,alex@bury.example,SEN Caseworker,1\n";
    let report = preview_and_import(&app, &hr, &id, "EMPLOYEES", first.as_bytes()).await;
    assert_eq!(report["imported"], 1, "{report}");
    // A second file reusing Alex's email for someone else: refused, naming who has it.
    let second = "employee_number,name,work_email,post,fte\nE2,Sam Hill,sam@bury.example,SEN Caseworker,1\nE3,Jo Brierley,ALEX@bury.example,SEN Caseworker,1\n";
    let p = preview(&app, &hr, &id, "EMPLOYEES", second.as_bytes(), None).await;
    assert_eq!(p["rejected"], 1, "{p}");
    assert_eq!(p["errors"][0]["line"], 3, "{p}");
    assert_eq!(p["errors"][0]["errors"][0]["column"], "work_email");
    assert!(
        p["errors"][0]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("employee E1 in this proposal"),
        "{p}"
    );
    // Each previewed employee carries the line of their first row.
    let third = "employee_number,name,work_email,post,fte\nE2,Sam Hill,sam@bury.example,SEN Caseworker,0.5\nE3,Jo Brierley,jo@bury.example,SEN Caseworker,1\nE2,Sam Hill,sam@bury.example,Senior SEN Practitioner,0.5\n";
    let p = preview(&app, &hr, &id, "EMPLOYEES", third.as_bytes(), None).await;
    assert_eq!(p["rejected"], 0, "{p}");
    let lines: Vec<i64> = p["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, vec![2, 3], "{p}");
}

async fn a_file_over_the_size_limit_is_told_the_limit_with_a_code(app: TestApp) {
    let (hr, id) = setup(&app).await;
    let limit = consult::domain::csv_file::MAX_FILE_BYTES;
    let mut file = b"ref,title,current_grade,current_fte,note\n".to_vec();
    file.resize(limit + 1, b'x');
    let (status, body) = app
        .upload_status(
            &hr,
            PREVIEW,
            json!({ "i": { "proposalId": id, "kind": "POSTS", "file": null } }),
            "i.file",
            "posts.csv",
            file,
        )
        .await;
    // The HTTP layer stops it before the resolver; its answer is still a sentence with a code.
    assert_eq!(status, 413, "{body}");
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("The file is larger than 10 MiB"),
        "{message}"
    );
}
