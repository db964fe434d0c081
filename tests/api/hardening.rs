//! Findings from an attack on the running server, each refused with a coded answer on both
//! databases: NUL bytes and other control characters in any argument or path segment, dates
//! and numbers outside what they mean, and uploads at and over the size limit or dressed up
//! as a type they are not.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use crate::proposals::open_proposal_naming;
use consult::domain::{account::Role, attachment::MAX_ATTACHMENT_BYTES};
use serde_json::{Value, json};

db_tests!(
    nul_and_control_characters_in_arguments_are_bad_input_before_any_database,
    nul_in_a_path_segment_of_every_download_is_not_found,
    dates_outside_2000_to_2100_are_refused_naming_the_field,
    numbers_are_bounded_to_what_they_mean,
    a_file_of_exactly_the_limit_is_accepted_and_a_larger_one_is_told_the_limit,
    files_must_be_whole_documents_of_the_type_they_claim,
);

/// The `extensions.field` of the first error, asserting it is a `BAD_USER_INPUT`.
fn bad_field(body: &Value) -> &str {
    assert_eq!(error_code(body), "BAD_USER_INPUT", "{body}");
    body["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or_else(|| panic!("no extensions.field: {body}"))
}

fn message(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap_or_default()
}

const CREATE: &str =
    "mutation($f: ProposalFieldsInput!) { createProposal(input: {fields: $f}) { id } }";

async fn draft(app: &TestApp, hr: &str) -> String {
    app.ok(
        hr,
        CREATE,
        json!({ "f": { "title": "SEN", "service": "CYP", "establishment": "Bury SEN" } }),
    )
    .await["createProposal"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn nul_and_control_characters_in_arguments_are_bad_input_before_any_database(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let audit = "query($t: String) { auditEvents(entityType: $t) { totalCount } }";
    // A variable (PostgreSQL answered "invalid byte sequence for encoding UTF8: 0x00").
    let body = app
        .graphql(Some(&hr), audit, json!({ "t": "a\u{0}b" }))
        .await;
    assert_eq!(bad_field(&body), "entityType");
    assert!(message(&body).contains("U+0000"), "{body}");
    assert!(body["data"].is_null(), "nothing ran: {body}");
    // An inline literal, signed in or not.
    let inline = r#"{ auditEvents(entityType: "a\u0000b") { totalCount } }"#;
    for token in [Some(hr.as_str()), None] {
        let body = app.graphql(token, inline, json!({})).await;
        assert_eq!(bad_field(&body), "entityType");
    }
    // An ID, an inline nested input field, a nested field of a variable, a list item.
    let body = app
        .graphql(
            Some(&hr),
            r#"{ proposal(id: "0190c5c1-0000-7000-8000-00000000000\u0000") { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(bad_field(&body), "id");
    let body = app
        .graphql(
            Some(&hr),
            r#"mutation { createProposal(input: {fields: {title: "SEN\u0000"}}) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(bad_field(&body), "input.fields.title");
    let body = app
        .graphql(
            Some(&hr),
            CREATE,
            json!({ "f": { "title": "SEN", "background": "Two\u{0}parts" } }),
        )
        .await;
    assert_eq!(bad_field(&body), "input.fields.background");
    let body = app
        .graphql(
            Some(&hr),
            CREATE,
            json!({ "f": { "title": "SEN", "recognisedUnions": ["UNISON", "G\u{0}MB"] } }),
        )
        .await;
    assert_eq!(bad_field(&body), "input.fields.recognisedUnions[1]");
    // Sign-in too: the password never reaches the hash, the email never the database.
    let body = app
        .graphql(
            None,
            "mutation($i: LoginInput!) { login(input: $i) { token } }",
            json!({ "i": { "email": "a\u{0}@bury.gov.uk", "password": "x" } }),
        )
        .await;
    assert_eq!(bad_field(&body), "input.email");
    // Other control characters too; tabs and line breaks in long text are kept.
    for control in ["\u{7}", "\u{1b}[31m", "\u{7f}", "\u{85}"] {
        let body = app
            .graphql(
                Some(&hr),
                CREATE,
                json!({ "f": { "title": "SEN", "rationale": format!("x{control}") } }),
            )
            .await;
        assert_eq!(bad_field(&body), "input.fields.rationale", "{control:?}");
    }
    let kept = app
        .ok(
            &hr,
            "mutation($f: ProposalFieldsInput!) { createProposal(input: {fields: $f}) { background } }",
            json!({ "f": { "title": "SEN", "service": "CYP", "establishment": "Bury SEN", "background": "One\n\n\tTwo\r\nThree" } }),
        )
        .await;
    assert_eq!(kept["createProposal"]["background"], "One\n\n\tTwo\nThree");
    // Nothing was written by the refused requests.
    let proposals = app.ok(&hr, "{ proposals { totalCount } }", json!({})).await;
    assert_eq!(proposals["proposals"]["totalCount"], 1, "{proposals}");
}

async fn nul_in_a_path_segment_of_every_download_is_not_found(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    // The calendar feed needs no sign-in: the token is the secret (it answered 500 on
    // PostgreSQL).
    for path in [
        "/calendar/a%00b.ics",
        "/calendar/%00.ics",
        "/calendar/a%01b.ics",
        "/calendar/a%0Ab.ics",
    ] {
        let (status, _, body) = app.download(None, path).await;
        assert_eq!(status, 404, "{path}: {}", String::from_utf8_lossy(&body));
    }
    let id = draft(&app, &hr).await;
    for path in [
        "/calendar/meeting/a%00b.ics".to_owned(),
        "/attachments/a%00b".to_owned(),
        format!("/attachments/{id}%00"),
        "/proposals/a%00b/responses.csv".to_owned(),
        format!("/proposals/{id}%00/responses.csv"),
        "/proposals/a%00b/outcome-report.csv".to_owned(),
        format!("/proposals/{id}%00/outcome-report.csv"),
        "/proposals/a%00b/outcome-report.html".to_owned(),
        format!("/proposals/{id}%00/outcome-report.html"),
    ] {
        let (status, _, body) = app.download(Some(&hr), &path).await;
        assert_eq!(status, 404, "{path}: {}", String::from_utf8_lossy(&body));
    }
    // The real report is still there.
    let (status, _, _) = app
        .download(Some(&hr), &format!("/proposals/{id}/outcome-report.html"))
        .await;
    assert_eq!(status, 200);
}

async fn dates_outside_2000_to_2100_are_refused_naming_the_field(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (late_id, late) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(&app, &hr, &[&late], &["UNISON"]).await;
    let schedule =
        "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id icsPath } }";
    let meeting = |starts: &str, ends: &str| json!({ "i": { "proposalId": id, "kind": "DROP_IN", "title": "Drop-in", "startsAt": starts, "endsAt": ends } });
    // Year 0 made `DTSTART;TZID=Europe/London:-00011231T235845` in the invite.
    let body = app
        .graphql(
            Some(&hr),
            schedule,
            meeting("0000-01-01T00:00:00Z", "0000-01-01T01:00:00Z"),
        )
        .await;
    assert_eq!(bad_field(&body), "input.startsAt");
    assert!(message(&body).contains("years 2000 to 2100"), "{body}");
    let body = app
        .graphql(
            Some(&hr),
            schedule,
            meeting("2100-12-31T23:00:00Z", "2101-01-01T00:30:00Z"),
        )
        .await;
    assert_eq!(bad_field(&body), "input.endsAt");
    let held = app
        .ok(
            &hr,
            schedule,
            meeting("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z"),
        )
        .await["scheduleMeeting"]
        .clone();
    let (status, _, ics) = app
        .download(Some(&hr), held["icsPath"].as_str().unwrap())
        .await;
    assert_eq!(status, 200);
    assert!(
        String::from_utf8_lossy(&ics).contains("DTSTART;TZID=Europe/London:20260302T100000"),
        "{}",
        String::from_utf8_lossy(&ics)
    );
    let body = app
        .graphql(
            Some(&hr),
            "mutation($i: UpdateMeetingInput!) { updateMeeting(input: $i) { id } }",
            json!({ "i": { "id": held["id"], "expectedVersion": 1, "startsAt": "1999-12-31T10:00:00Z", "endsAt": "1999-12-31T11:00:00Z" } }),
        )
        .await;
    assert_eq!(bad_field(&body), "input.startsAt");

    // Calendar dates, as variables and inline, in every kind of input that takes one.
    let extend = "mutation($i: ExtendConsultationInput!) { extendConsultation(input: $i) { consultationEnd } }";
    let body = app
        .graphql(
            Some(&hr),
            extend,
            json!({ "i": { "proposalId": id, "consultationEnd": "+10000-01-01", "reason": "More time" } }),
        )
        .await;
    assert_eq!(bad_field(&body), "input.consultationEnd");
    assert!(message(&body).contains("+10000-01-01"), "{body}");
    let body = app
        .graphql(
            Some(&hr),
            "mutation($i: AcceptLateResponseInput!) { acceptLateResponse(input: $i) { reason } }",
            json!({ "i": { "proposalId": id, "userId": late_id, "acceptedUntil": "2101-01-01", "reason": "Sick leave" } }),
        )
        .await;
    assert_eq!(bad_field(&body), "input.acceptedUntil");
    let body = app
        .graphql(
            Some(&hr),
            &format!(
                "mutation {{ addImplementationStep(input: {{proposalId: \"{id}\", date: \"0000-01-01\", activity: \"Go live\"}}) {{ id }} }}"
            ),
            json!({}),
        )
        .await;
    assert_eq!(bad_field(&body), "input.date");
    let other = draft(&app, &hr).await;
    let body = app
        .graphql(
            Some(&hr),
            "mutation($i: SetTimetableInput!) { setTimetable(input: $i) { version } }",
            json!({ "i": { "proposalId": other, "consultationStart": "1999-12-01", "consultationEnd": "2000-01-15", "consultationType": "INDIVIDUAL" } }),
        )
        .await;
    assert_eq!(bad_field(&body), "input.consultationStart");
    let body = app
        .graphql(
            Some(&hr),
            "mutation($i: AddChecklistStepInput!) { addChecklistStep(input: $i) { id } }",
            json!({ "i": { "proposalId": other, "title": "Step", "plannedDate": "2200-01-01" } }),
        )
        .await;
    assert_eq!(bad_field(&body), "input.plannedDate");
    let body = app
        .graphql(
            Some(&hr),
            "mutation($i: GiveS188DisclosureInput!) { giveS188Disclosure(input: $i) { applies } }",
            json!({ "i": { "proposalId": other, "givenOn": "0001-01-01" } }),
        )
        .await;
    assert_eq!(bad_field(&body), "input.givenOn");

    // A valid extension still goes through.
    let end = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { timetable { consultationEnd } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["timetable"]["consultationEnd"]
        .as_str()
        .unwrap()
        .parse::<chrono::NaiveDate>()
        .unwrap();
    let later = (end + chrono::Days::new(7)).to_string();
    let extended = app
        .ok(
            &hr,
            extend,
            json!({ "i": { "proposalId": id, "consultationEnd": later, "reason": "More time" } }),
        )
        .await;
    assert_eq!(extended["extendConsultation"]["consultationEnd"], later);
}

async fn numbers_are_bounded_to_what_they_mean(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = draft(&app, &hr).await;
    app.ok(
        &hr,
        "mutation { setPayScale(input: {grade: \"Grade 9\", annualCost: \"36700\"}) { grade } }",
        json!({}),
    )
    .await;
    let post = app
        .ok(&hr, "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }", json!({ "i": { "proposalId": id, "title": "Caseworker", "current": { "grade": "Grade 9", "fte": 2.0, "headcount": 2 }, "proposed": { "grade": "Grade 9", "fte": 2.0, "headcount": 2 } } }))
        .await["createPost"]["id"]
        .clone();
    let employee = "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id slotInMatchPercent } }";
    let person = |extra: Value| {
        let mut input = json!({ "proposalId": id, "employeeNumber": "E1", "name": "Jo", "workEmail": "jo@bury.example", "holdings": [{ "postId": post, "fte": 1.0 }] });
        input
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({ "i": input })
    };
    // Without a slot-in post the percentage was dropped without a word.
    for percent in [1_000_000_000, 101, -1] {
        for extra in [
            json!({ "slotInMatchPercent": percent }),
            json!({ "slotInMatchPercent": percent, "slotInPostId": post, "impact": "SLOT_IN" }),
        ] {
            let body = app.graphql(Some(&hr), employee, person(extra)).await;
            assert_eq!(bad_field(&body), "input.slotInMatchPercent", "{body}");
            assert!(message(&body).contains("between 0 and 100"), "{body}");
        }
    }
    let jo = app
        .ok(
            &hr,
            employee,
            person(json!({ "slotInMatchPercent": 100, "slotInPostId": post, "impact": "SLOT_IN" })),
        )
        .await["createEmployee"]
        .clone();
    assert_eq!(jo["slotInMatchPercent"], 100);
    let body = app
        .graphql(
            Some(&hr),
            "mutation($i: UpdateEmployeeInput!) { updateEmployee(input: $i) { id } }",
            json!({ "i": { "id": jo["id"], "expectedVersion": 1, "slotInMatchPercent": 1_000_000_000 } }),
        )
        .await;
    assert_eq!(bad_field(&body), "input.slotInMatchPercent");

    // Every other number the API takes, each at an absurd value.
    let side = |fte: Value, headcount: Value| json!({ "grade": "Grade 9", "fte": fte, "headcount": headcount });
    let cases = [
        (
            "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }",
            json!({ "i": { "proposalId": id, "title": "A", "current": side(json!(1e9), json!(1)) } }),
            "input.current.fte",
        ),
        (
            "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }",
            json!({ "i": { "proposalId": id, "title": "A", "proposed": side(json!(1.0), json!(1_000_000_000)) } }),
            "input.proposed.headcount",
        ),
        (
            "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }",
            json!({ "i": { "proposalId": id, "employeeNumber": "E2", "name": "Al", "workEmail": "al@bury.example", "holdings": [{ "postId": post, "fte": 1000.0 }] } }),
            "input.holdings[0].fte",
        ),
        (
            "mutation($i: SetTimetableInput!) { setTimetable(input: $i) { version } }",
            json!({ "i": { "proposalId": id, "consultationType": "INDIVIDUAL", "plannedFirstDismissal": "2027-03-02", "plannedFirstNotice": "2027-03-05" } }),
            "input.plannedFirstNotice",
        ),
        (
            "mutation($i: SetTimetableInput!) { setTimetable(input: $i) { version } }",
            json!({ "i": { "proposalId": id, "consultationType": "INDIVIDUAL", "questionResponseWorkingDays": 1_000_000 } }),
            "input.questionResponseWorkingDays",
        ),
        (
            "mutation($i: ChecklistTemplateInput!) { createChecklistTemplate(input: $i) { id } }",
            json!({ "i": { "name": "T", "steps": [{ "title": "S", "anchor": "CONSULTATION_START", "offsetDays": 1_000_000, "assigneeRole": "HR_ADMIN" }], "approvals": [] } }),
            "input.steps[0].offsetDays",
        ),
        (
            "mutation($c: Money!) { setPayScale(input: {grade: \"Grade 10\", annualCost: $c}) { grade } }",
            json!({ "c": "99999999999.00" }),
            "input.annualCost",
        ),
        (
            "query { proposals(first: 1000000000) { totalCount } }",
            json!({}),
            "first",
        ),
    ];
    for (query, variables, field) in cases {
        let body = app.graphql(Some(&hr), query, variables).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{query}: {body}");
        if field != "input.annualCost" {
            // Money is a scalar: async-graphql names the variable, not the field.
            assert_eq!(bad_field(&body), field, "{query}: {body}");
        }
        assert!(!message(&body).is_empty());
    }
}

/// CRC-32, as ZIP and PNG use it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A ZIP of stored entries, laid out as Office writes one.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let (crc, size, name_len) = (crc32(data), data.len() as u32, name.len() as u16);
        out.extend(b"PK\x03\x04");
        out.extend(20u16.to_le_bytes());
        out.extend([0; 8]); // flags, method 0 (stored), time, date
        out.extend(crc.to_le_bytes());
        out.extend(size.to_le_bytes());
        out.extend(size.to_le_bytes());
        out.extend(name_len.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(name.as_bytes());
        out.extend(*data);
        directory.extend(b"PK\x01\x02");
        directory.extend(20u16.to_le_bytes());
        directory.extend(20u16.to_le_bytes());
        directory.extend([0; 8]);
        directory.extend(crc.to_le_bytes());
        directory.extend(size.to_le_bytes());
        directory.extend(size.to_le_bytes());
        directory.extend(name_len.to_le_bytes());
        directory.extend([0; 12]); // extra, comment, disk, internal and external attributes
        directory.extend(offset.to_le_bytes());
        directory.extend(name.as_bytes());
    }
    let (start, size, count) = (
        out.len() as u32,
        directory.len() as u32,
        entries.len() as u16,
    );
    out.extend(directory);
    out.extend(b"PK\x05\x06");
    out.extend([0; 4]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(size.to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// A small PDF with a correct cross-reference table; `padding` bytes of comment after its
/// header make it as large as wanted.
pub fn sample_pdf(padding: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    if padding > 0 {
        out.push(b'%');
        out.extend(std::iter::repeat_n(b'x', padding.saturating_sub(2)));
        out.push(b'\n');
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
    ];
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

/// A real-shaped PDF of exactly `size` bytes.
fn pdf_of_size(size: usize) -> Vec<u8> {
    let mut padding = size - sample_pdf(0).len();
    loop {
        let pdf = sample_pdf(padding);
        match pdf.len() {
            n if n == size => return pdf,
            n if n > size => padding -= n - size,
            n => padding += size - n,
        }
    }
}

const UNION_SAVE: &str =
    "mutation($i: SaveUnionResponseInput!) { saveUnionResponse(input: $i) { id } }";
const ATTACH: &str = "mutation($i: AddUnionResponseAttachmentInput!) { addUnionResponseAttachment(input: $i) { attachments { fileName contentType sizeBytes } } }";

/// An open proposal with a UNISON representative's draft response: (rep's token, response id).
async fn draft_union_response(app: &TestApp) -> (String, Value) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, unison) = app.signed_in(Role::UnionRep).await;
    let id = open_proposal_naming(app, &hr, &[], &["UNISON"]).await;
    let response = app
        .ok(&unison, UNION_SAVE, json!({ "i": { "proposalId": id, "title": "Joint response", "body": "We oppose it." } }))
        .await["saveUnionResponse"]["id"]
        .clone();
    (unison, response)
}

/// Sends a multipart upload of `files` and returns (status, body), whatever the status.
async fn upload_raw(
    app: &TestApp,
    token: &str,
    response: &Value,
    files: Vec<(&str, Vec<u8>)>,
) -> (u16, Value) {
    upload_raw_result(app, token, response, files, false)
        .await
        .expect("the server answers")
}

async fn upload_raw_result(
    app: &TestApp,
    token: &str,
    response: &Value,
    files: Vec<(&str, Vec<u8>)>,
    last_on_connection: bool,
) -> Result<(u16, Value), reqwest::Error> {
    let operations =
        json!({ "query": ATTACH, "variables": { "i": { "responseId": response, "file": null } } });
    let map: serde_json::Map<String, Value> = (0..files.len())
        .map(|i| (i.to_string(), json!(["variables.i.file"])))
        .collect();
    let mut form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", Value::Object(map).to_string());
    for (i, (name, bytes)) in files.into_iter().enumerate() {
        form = form.part(
            i.to_string(),
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    }
    let mut request = app
        .client
        .post(format!("{}/graphql", app.address))
        .bearer_auth(token)
        .multipart(form);
    if last_on_connection {
        // The server may close this connection before reading all of it: the client must not
        // hand it to the next request (which would then fail with "connection closed").
        request = request.header("connection", "close");
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await?))
}

async fn a_file_of_exactly_the_limit_is_accepted_and_a_larger_one_is_told_the_limit(app: TestApp) {
    let (rep, response) = draft_union_response(&app).await;
    let at_limit = pdf_of_size(MAX_ATTACHMENT_BYTES);
    assert_eq!(at_limit.len(), 10 * 1024 * 1024);
    let (status, body) = upload_raw(&app, &rep, &response, vec![("Scan.pdf", at_limit)]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        body["data"]["addUnionResponseAttachment"]["attachments"][0]["sizeBytes"],
        json!(MAX_ATTACHMENT_BYTES)
    );
    // One byte over: refused with the limit, not as a malformed request.
    let (status, body) = upload_raw(
        &app,
        &rep,
        &response,
        vec![("Scan.pdf", pdf_of_size(MAX_ATTACHMENT_BYTES + 1))],
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    let text = message(&body);
    assert!(
        text.contains("larger than 10 MiB (10485760 bytes)"),
        "{text}"
    );
    assert!(!text.contains("multipart"), "{text}");
    // Far over the whole body's limit the server stops reading; a client that is still sending
    // may see the connection close first. When the answer arrives, it says the same.
    let far_over = upload_raw_result(
        &app,
        &rep,
        &response,
        vec![(
            "Scan.pdf",
            pdf_of_size(MAX_ATTACHMENT_BYTES + 2 * 1024 * 1024),
        )],
        true,
    )
    .await;
    if let Ok((status, body)) = far_over {
        assert_eq!(status, 413, "{body}");
        assert_eq!(message(&body), text);
    }
    // Two files in one request.
    let (status, body) = upload_raw(
        &app,
        &rep,
        &response,
        vec![("a.pdf", sample_pdf(0)), ("b.pdf", sample_pdf(0))],
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert!(message(&body).contains("one file"), "{body}");
}

async fn files_must_be_whole_documents_of_the_type_they_claim(app: TestApp) {
    let (rep, response) = draft_union_response(&app).await;
    let upload = |name: &'static str, bytes: Vec<u8>| {
        app.upload(
            &rep,
            ATTACH,
            json!({ "i": { "responseId": response, "file": null } }),
            "i.file",
            name,
            bytes,
        )
    };
    // A PDF's first bytes glued to a Windows program were stored as a PDF.
    let mut exe = b"%PDF-1.4\n".to_vec();
    exe.extend(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00");
    exe.extend(vec![0x90; 8192]);
    let body = upload("response.pdf", exe).await;
    assert_eq!(bad_field(&body), "input.file");
    assert!(message(&body).contains("starts like a PDF"), "{body}");
    let body = upload("points.docx", b"PK\x03\x04 and then anything".to_vec()).await;
    assert_eq!(bad_field(&body), "input.file");
    assert!(message(&body).contains("ZIP"), "{body}");
    let workbook = zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
    ]);
    let body = upload("points.docx", workbook.clone()).await;
    assert!(message(&body).contains("word/"), "{body}");

    // Real-shaped documents pass.
    let docx = zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w:document/>"),
    ]);
    let mut last = Value::Null;
    for (name, bytes) in [
        ("Annotated JDs.pdf", sample_pdf(0)),
        ("points.docx", docx),
        ("costs.xlsx", workbook),
        (
            "letter.odt",
            zip(&[
                ("mimetype", b"application/vnd.oasis.opendocument.text"),
                ("content.xml", b"<office:document-content/>"),
            ]),
        ),
    ] {
        last = upload(name, bytes).await;
        assert!(last.get("errors").is_none(), "{name}: {last}");
    }
    let types: Vec<&str> = last["data"]["addUnionResponseAttachment"]["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["contentType"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.oasis.opendocument.text",
        ]
    );
}
