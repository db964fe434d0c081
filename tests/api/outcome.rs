//! Forms built from templates, what each role sees of staff responses, union attachments, the
//! deadline (extension, late responses), JD comments in the log, themes and the outcome report
//! with its downloads and its place in the decision gate.

use crate::helpers::{TestApp, error_code};
use crate::proposals::open_proposal_naming;
use consult::domain::account::Role;
use serde_json::{Value, json};

crate::db_tests!(
    forms_are_built_from_templates_until_the_first_response,
    each_role_sees_staff_responses_as_allowed_and_counts_without_names,
    unions_attach_files_that_only_readers_of_the_response_download,
    hr_extends_the_deadline_with_a_reason_or_accepts_one_late_response,
    duty_comments_of_staff_and_unions_become_questions,
    the_outcome_report_lists_what_was_said_and_done_and_gates_the_decision,
);

const SAVE: &str =
    "mutation($i: SaveFeedbackInput!) { saveFeedback(input: $i) { id version submitted } }";
const UNION_SAVE: &str = "mutation($i: SaveUnionResponseInput!) { saveUnionResponse(input: $i) { id version submitted } }";

fn agree(choice: &str) -> Value {
    json!([
        { "questionKey": "agree_with_proposal", "values": [choice] },
        { "questionKey": "agree_with_implementation", "values": ["NEUTRAL"] },
    ])
}

async fn submit(
    app: &TestApp,
    token: &str,
    id: &str,
    answers: Value,
    confidential: bool,
) -> String {
    app.ok(token, SAVE, json!({ "i": { "proposalId": id, "answers": answers, "submit": true, "confidential": confidential } }))
        .await["saveFeedback"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
}

/// Moves the consultation so that its last day was yesterday, as a consultation left open
/// past its last day holds it. Written to the database: `setTimetable` refuses a last day
/// in the past while consulting (closing is `closeConsultation`, issue 21).
pub(crate) async fn end_consultation_yesterday(app: &TestApp, _hr: &str, id: &str) {
    use consult::store::entities::timetable;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let moved = timetable::Entity::update_many()
        .col_expr(
            timetable::Column::ConsultationStart,
            Expr::value(today() - chrono::Days::new(31)),
        )
        .col_expr(
            timetable::Column::ConsultationEnd,
            Expr::value(today() - chrono::Days::new(1)),
        )
        .filter(timetable::Column::ProposalId.eq(uuid::Uuid::parse_str(id).unwrap()))
        .exec(app.store.conn())
        .await
        .unwrap();
    assert_eq!(moved.rows_affected, 1);
}

/// Completes the outcome report of a closed consultation with one answered theme.
pub async fn complete_outcome_report(app: &TestApp, hr: &str, id: &str) {
    let theme = app
        .ok(hr, "mutation($id: ID!) { createTheme(input: {proposalId: $id, name: \"Caseloads\"}) { id } }", json!({ "id": id }))
        .await["createTheme"]["id"]
        .clone();
    app.ok(hr, "mutation($t: ID!) { respondToTheme(input: {themeId: $t, managementResponse: \"Caseloads will be reviewed after six months.\", outcome: NO_CHANGE}) { version } }", json!({ "t": theme })).await;
    app.ok(
        hr,
        "mutation($id: ID!) { saveOutcomeReport(input: {proposalId: $id, complete: true}) { complete } }",
        json!({ "id": id }),
    )
    .await;
}

async fn forms_are_built_from_templates_until_the_first_response(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;

    let templates = app
        .ok(
            &hr,
            "{ feedbackFormTemplates { id name questions { key } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        templates["feedbackFormTemplates"][0]["name"],
        "Bury pack consultation feedback form"
    );
    assert_eq!(
        error_code(
            &app.graphql(Some(&staff), "{ feedbackFormTemplates { id } }", json!({}))
                .await
        ),
        "FORBIDDEN"
    );

    let create = "mutation($i: CreateFeedbackFormTemplateInput!) { createFeedbackFormTemplate(input: $i) { id name questions { key kind choices needsResponse } } }";
    let questions = json!([
        { "text": "Which structure option do you prefer?", "kind": "SINGLE_CHOICE", "choices": ["Option 1: seven caseworkers", "Option 2: six caseworkers"], "required": true },
        { "text": "Have you read the proposed job description?", "kind": "YES_NO" },
        { "key": "questions", "text": "Questions you want answered", "kind": "LONG_TEXT", "needsResponse": true },
    ]);
    let template = app
        .ok(
            &hr,
            create,
            json!({ "i": { "name": "Options appraisal", "questions": questions } }),
        )
        .await["createFeedbackFormTemplate"]
        .clone();
    assert_eq!(template["questions"][0]["key"], "q1");
    assert_eq!(template["questions"][1]["choices"], json!(["YES", "NO"]));
    let duplicate = app
        .graphql(
            Some(&hr),
            create,
            json!({ "i": { "name": "Options appraisal", "questions": questions } }),
        )
        .await;
    assert_eq!(error_code(&duplicate), "CONFLICT");
    let bad = app
        .graphql(Some(&hr), create, json!({ "i": { "name": "Bad", "questions": [{ "text": "Pick", "kind": "SINGLE_CHOICE", "choices": ["Only one"] }] } }))
        .await;
    assert_eq!(
        bad["errors"][0]["extensions"]["field"],
        "input.questions[0].choices"
    );

    let set = "mutation($i: SetFeedbackFormInput!) { setFeedbackForm(input: $i) { templateName version questions { key } } }";
    let by_staff = app
        .graphql(
            Some(&staff),
            set,
            json!({ "i": { "proposalId": id, "templateId": template["id"] } }),
        )
        .await;
    assert_eq!(error_code(&by_staff), "FORBIDDEN");
    let foreign_post = app
        .graphql(Some(&hr), set, json!({ "i": { "proposalId": id, "questions": [{ "text": "About this post?", "kind": "TEXT", "postId": "00000000-0000-7000-8000-000000000000" }] } }))
        .await;
    assert_eq!(
        foreign_post["errors"][0]["extensions"]["field"],
        "input.questions[0].postId"
    );
    let form = app
        .ok(&hr, set, json!({ "i": { "proposalId": id, "expectedVersion": 0, "templateId": template["id"] } }))
        .await["setFeedbackForm"]
        .clone();
    assert_eq!(
        (form["templateName"].clone(), form["version"].clone()),
        (json!("Options appraisal"), json!(1))
    );

    // Staff answer the proposal's own form.
    let seen = app
        .ok(
            &staff,
            "query($id: ID!) { feedbackForm(proposalId: $id) { questions { key kind } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        seen["feedbackForm"]["questions"][0]["kind"],
        "SINGLE_CHOICE"
    );
    let old_form = app
        .graphql(
            Some(&staff),
            SAVE,
            json!({ "i": { "proposalId": id, "answers": agree("AGREE") } }),
        )
        .await;
    assert_eq!(
        old_form["errors"][0]["extensions"]["field"],
        "input.answers[0].questionKey"
    );
    let missing_required = app
        .graphql(Some(&staff), SAVE, json!({ "i": { "proposalId": id, "submit": true, "answers": [{ "questionKey": "q2", "values": ["YES"] }] } }))
        .await;
    assert_eq!(error_code(&missing_required), "BAD_USER_INPUT");
    submit(
        &app,
        &staff,
        &id,
        json!([
            { "questionKey": "q1", "values": ["Option 2: six caseworkers"] },
            { "questionKey": "questions", "values": ["Will the new posts be evaluated?"] },
        ]),
        false,
    )
    .await;
    let log = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { questions { text } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        log["proposal"]["questions"],
        json!([{ "text": "Will the new posts be evaluated?" }]),
        "the form's question needing a response went to the log"
    );

    // Once answered, the form stays as it is.
    let too_late = app
        .graphql(Some(&hr), set, json!({ "i": { "proposalId": id, "templateId": templates["feedbackFormTemplates"][0]["id"] } }))
        .await;
    assert_eq!(error_code(&too_late), "PRECONDITION_FAILED");
}

async fn each_role_sees_staff_responses_as_allowed_and_counts_without_names(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (named_id, named) = app.signed_in(Role::Staff).await;
    let (_, confidential) = app.signed_in(Role::Staff).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let id = open_proposal_naming(&app, &hr, &[&named, &confidential], &["UNISON"]).await;
    let version = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { version } }",
            json!({ "id": id }),
        )
        .await["proposal"]["version"]
        .clone();
    app.ok(&hr, "mutation($id: ID!, $v: Int!, $s: ID!) { updateProposal(input: {id: $id, expectedVersion: $v, fields: {sponsorId: $s}}) { id } }", json!({ "id": id, "v": version, "s": sponsor_id })).await;

    submit(&app, &named, &id, agree("AGREE"), false).await;
    let hidden_id = submit(&app, &confidential, &id, agree("STRONGLY_DISAGREE"), true).await;
    // A draft is nobody's business but its author's.
    let (_, drafting) = app.signed_in(Role::Staff).await;
    let _ = drafting;

    let list = "query($id: ID!) { proposal(id: $id) { feedbackResponses(first: 10) { totalCount edges { node { id confidential author { id } answers { questionKey values } } } } } }";
    let authors = |body: &Value| -> Vec<Value> {
        body["proposal"]["feedbackResponses"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["author"].clone())
            .collect()
    };
    let by_hr = app.ok(&hr, list, json!({ "id": id })).await;
    assert_eq!(by_hr["proposal"]["feedbackResponses"]["totalCount"], 2);
    assert!(
        authors(&by_hr).iter().all(|a| !a.is_null()),
        "HR sees every name"
    );
    let by_sponsor = app.ok(&sponsor, list, json!({ "id": id })).await;
    assert_eq!(
        authors(&by_sponsor),
        vec![json!({ "id": named_id }), Value::Null],
        "the sponsor sees the named author only"
    );
    let by_rep = app.ok(&rep, list, json!({ "id": id })).await;
    assert_eq!(authors(&by_rep), vec![Value::Null, Value::Null]);
    assert_eq!(
        by_rep["proposal"]["feedbackResponses"]["edges"][1]["node"]["answers"][0]["values"],
        json!(["STRONGLY_DISAGREE"]),
        "reps read the text without the name"
    );
    assert_eq!(
        error_code(&app.graphql(Some(&named), list, json!({ "id": id })).await),
        "FORBIDDEN",
        "staff see only their own"
    );
    let page = app
        .ok(&hr, "query($id: ID!) { proposal(id: $id) { feedbackResponses(first: 1) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } }", json!({ "id": id }))
        .await;
    assert_eq!(
        page["proposal"]["feedbackResponses"]["pageInfo"]["hasNextPage"],
        true
    );
    let next = app
        .ok(&hr, "query($id: ID!, $a: String) { proposal(id: $id) { feedbackResponses(first: 1, after: $a) { edges { node { id } } } } }", json!({ "id": id, "a": page["proposal"]["feedbackResponses"]["pageInfo"]["endCursor"] }))
        .await;
    assert_eq!(
        next["proposal"]["feedbackResponses"]["edges"][0]["node"]["id"],
        json!(hidden_id)
    );

    // Counts, for managers and reps: no names; small groups withheld from all but HR (the
    // rule and its tests: tests/api/confidentiality.rs).
    let summary = "query($id: ID!) { proposal(id: $id) { feedbackSummary { responses answers { questionKey choices { choice responses } } posts { post { title } responses } otherPosts { posts responses } } } }";
    let counted =
        app.ok(&rep, summary, json!({ "id": id })).await["proposal"]["feedbackSummary"].clone();
    assert_eq!(counted["responses"], 2);
    let proposal_counts = &counted["answers"][0];
    assert_eq!(proposal_counts["questionKey"], "agree_with_proposal");
    assert_eq!(
        proposal_counts["choices"][1],
        json!({ "choice": "AGREE", "responses": null }),
        "one response: too few to show a rep"
    );
    assert_eq!(
        counted["posts"],
        json!([]),
        "the caseworker post has two holders: not shown on its own"
    );
    assert_eq!(
        counted["otherPosts"],
        json!({ "posts": 1, "responses": null })
    );
    let for_hr =
        app.ok(&hr, summary, json!({ "id": id })).await["proposal"]["feedbackSummary"].clone();
    assert_eq!(
        for_hr["posts"],
        json!([{ "post": { "title": "SEN Caseworker" }, "responses": 2 }])
    );
    assert_eq!(for_hr["otherPosts"], Value::Null);
    assert_eq!(
        for_hr["answers"][0]["choices"][0],
        json!({ "choice": "STRONGLY_AGREE", "responses": 0 })
    );
    assert_eq!(
        for_hr["answers"][0]["choices"][1],
        json!({ "choice": "AGREE", "responses": 1 })
    );
    assert_eq!(
        for_hr["answers"][0]["choices"][4],
        json!({ "choice": "STRONGLY_DISAGREE", "responses": 1 })
    );
    assert_eq!(
        error_code(
            &app.graphql(Some(&named), summary, json!({ "id": id }))
                .await
        ),
        "FORBIDDEN"
    );

    // The CSV export, read with a CSV parser, names people as the caller may see them.
    let path = format!("/proposals/{id}/responses.csv");
    let rows = |bytes: Vec<u8>| -> Vec<Vec<String>> {
        csv::Reader::from_reader(bytes.as_slice())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    };
    let (status, content_type, body) = app.download(Some(&hr), &path).await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/csv; charset=utf-8")
    );
    let for_hr = rows(body);
    assert_eq!(for_hr.len(), 2);
    assert!(
        for_hr.iter().all(|r| r[2].starts_with("Test ")),
        "{for_hr:?}"
    );
    // Answers and times read as words and London time, under headers people read.
    assert_eq!(for_hr[1][5], "Strongly disagree");
    let submitted = &for_hr[1][1];
    let parsed = chrono::NaiveDateTime::parse_from_str(submitted, "%-d %b %Y %H:%M")
        .unwrap_or_else(|e| panic!("{submitted:?} is not like \"7 Dec 2026 14:05\": {e}"));
    let london_now = chrono::Utc::now().with_timezone(&chrono_tz::Europe::London);
    assert_eq!(parsed.date(), london_now.date_naive(), "{submitted}");
    let (status, _, body) = app.download(Some(&rep), &path).await;
    assert_eq!(status, 200);
    assert!(rows(body).iter().all(|r| r[2] == "Withheld"));
    let (_, _, body) = app.download(Some(&sponsor), &path).await;
    let for_sponsor = rows(body);
    assert_eq!(
        (for_sponsor[0][2].as_str(), for_sponsor[1][2].as_str()),
        ("Test STAFF", "Withheld")
    );
    assert_eq!(app.download(Some(&named), &path).await.0, 404);
    assert_eq!(app.download(None, &path).await.0, 401);
}

async fn unions_attach_files_that_only_readers_of_the_response_download(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, unison) = app.signed_in(Role::UnionRep).await;
    let (_, gmb) = app.signed_in_rep("GMB").await;
    let id = open_proposal_naming(&app, &hr, &[], &["UNISON", "GMB"]).await;
    let response = app
        .ok(&unison, UNION_SAVE, json!({ "i": { "proposalId": id, "title": "Joint response", "body": "We oppose the deletion of the plan writer post." } }))
        .await["saveUnionResponse"]
        .clone();
    let attach = "mutation($i: AddUnionResponseAttachmentInput!) { addUnionResponseAttachment(input: $i) { attachments { id fileName contentType sizeBytes downloadPath } } }";
    // A whole PDF (header, objects, cross-reference, trailer): the first bytes alone are refused.
    let pdf = crate::hardening::sample_pdf(0);
    let attached = app
        .upload(
            &unison,
            attach,
            json!({ "i": { "responseId": response["id"], "file": null } }),
            "i.file",
            "Annotated JDs.pdf",
            pdf.clone(),
        )
        .await;
    assert!(attached.get("errors").is_none(), "{attached}");
    let file = attached["data"]["addUnionResponseAttachment"]["attachments"][0].clone();
    assert_eq!(
        (
            file["fileName"].clone(),
            file["contentType"].clone(),
            file["sizeBytes"].clone()
        ),
        (
            json!("Annotated JDs.pdf"),
            json!("application/pdf"),
            json!(pdf.len())
        )
    );
    let exe = app
        .upload(
            &unison,
            attach,
            json!({ "i": { "responseId": response["id"], "file": null } }),
            "i.file",
            "response.pdf",
            b"MZ\x90\x00\x03".to_vec(),
        )
        .await;
    assert_eq!(error_code(&exe), "BAD_USER_INPUT");
    assert!(
        exe["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a file type")
    );
    let other_union = app
        .upload(
            &gmb,
            attach,
            json!({ "i": { "responseId": response["id"], "file": null } }),
            "i.file",
            "x.pdf",
            pdf.clone(),
        )
        .await;
    assert_eq!(error_code(&other_union), "NOT_FOUND");

    let path = file["downloadPath"].as_str().unwrap().to_owned();
    let (status, content_type, body) = app.download(Some(&hr), &path).await;
    assert_eq!(
        (status, content_type.as_str(), body),
        (200, "application/pdf", pdf.clone())
    );
    assert_eq!(app.download(Some(&unison), &path).await.0, 200);
    assert_eq!(
        app.download(Some(&gmb), &path).await.0,
        404,
        "another union's file"
    );
    assert_eq!(app.download(None, &path).await.0, 401);

    let seen = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { unionResponses { attachments { fileName } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        seen["proposal"]["unionResponses"][0]["attachments"],
        json!([{ "fileName": "Annotated JDs.pdf" }])
    );

    // Once submitted, the attachments are part of the record.
    app.ok(&unison, UNION_SAVE, json!({ "i": { "proposalId": id, "expectedVersion": 1, "title": "Joint response", "body": "We oppose it.", "submit": true } })).await;
    let after = app
        .upload(
            &unison,
            attach,
            json!({ "i": { "responseId": response["id"], "file": null } }),
            "i.file",
            "late.pdf",
            pdf,
        )
        .await;
    assert_eq!(error_code(&after), "CONFLICT");
    let remove = app
        .graphql(
            Some(&unison),
            "mutation($a: ID!) { removeUnionResponseAttachment(input: {id: $a}) { id } }",
            json!({ "a": file["id"] }),
        )
        .await;
    assert_eq!(error_code(&remove), "CONFLICT");
}

async fn hr_extends_the_deadline_with_a_reason_or_accepts_one_late_response(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (late_id, late) = app.signed_in(Role::Staff).await;
    let (_, other) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(&app, &hr, &[&late, &other], &["UNISON"]).await;
    end_consultation_yesterday(&app, &hr, &id).await;
    let refused = app
        .graphql(
            Some(&late),
            SAVE,
            json!({ "i": { "proposalId": id, "answers": agree("AGREE"), "submit": true } }),
        )
        .await;
    assert_eq!(error_code(&refused), "DEADLINE_PASSED");

    // One named person, until a day HR gives.
    let accept = "mutation($i: AcceptLateResponseInput!) { acceptLateResponse(input: $i) { user { id } acceptedUntil reason } }";
    let no_reason = app
        .graphql(Some(&hr), accept, json!({ "i": { "proposalId": id, "userId": late_id, "acceptedUntil": today(), "reason": " " } }))
        .await;
    assert_eq!(
        no_reason["errors"][0]["extensions"]["field"],
        "input.reason"
    );
    let accepted = app
        .ok(&hr, accept, json!({ "i": { "proposalId": id, "userId": late_id, "acceptedUntil": today(), "reason": "On sick leave during the consultation" } }))
        .await;
    assert_eq!(accepted["acceptLateResponse"]["user"]["id"], json!(late_id));
    submit(&app, &late, &id, agree("DISAGREE"), false).await;
    let still_refused = app
        .graphql(
            Some(&other),
            SAVE,
            json!({ "i": { "proposalId": id, "answers": agree("AGREE"), "submit": true } }),
        )
        .await;
    assert_eq!(
        error_code(&still_refused),
        "DEADLINE_PASSED",
        "only the named person"
    );
    let lates = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { lateResponses { reason acceptedUntil } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        lates["proposal"]["lateResponses"][0]["reason"],
        "On sick leave during the consultation"
    );

    // Everyone, with the reason in the audit log.
    let extend = "mutation($i: ExtendConsultationInput!) { extendConsultation(input: $i) { consultationEnd version } }";
    let backwards = app
        .graphql(Some(&hr), extend, json!({ "i": { "proposalId": id, "consultationEnd": today() - chrono::Days::new(2), "reason": "Typo" } }))
        .await;
    assert_eq!(
        backwards["errors"][0]["extensions"]["field"],
        "input.consultationEnd"
    );
    let by_staff = app
        .graphql(Some(&other), extend, json!({ "i": { "proposalId": id, "consultationEnd": today() + chrono::Days::new(7), "reason": "x" } }))
        .await;
    assert_eq!(error_code(&by_staff), "FORBIDDEN");
    let new_end = today() + chrono::Days::new(7);
    let extended = app
        .ok(&hr, extend, json!({ "i": { "proposalId": id, "consultationEnd": new_end, "reason": "The unions asked for another week after the JD changes" } }))
        .await;
    assert_eq!(
        extended["extendConsultation"]["consultationEnd"],
        json!(new_end)
    );
    submit(&app, &other, &id, agree("AGREE"), false).await;
    let audit = app
        .ok(&hr, "query($id: ID!) { auditEvents(entityId: $id, first: 100) { edges { node { action after } } } }", json!({ "id": id }))
        .await;
    let extension = audit["auditEvents"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["action"] == "proposal.consultation_extended")
        .expect("the extension is audited");
    let after: Value = match &extension["node"]["after"] {
        Value::String(s) => serde_json::from_str(s).unwrap(),
        other => other.clone(),
    };
    assert_eq!(
        after["reason"],
        "The unions asked for another week after the JD changes"
    );
}

async fn duty_comments_of_staff_and_unions_become_questions(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let id = open_proposal_naming(&app, &hr, &[], &["UNISON"]).await;
    // This consultation gives managers ten working days to answer.
    let (start, end) = (today(), today() + chrono::Days::new(30));
    let timetable = "mutation($id: ID!, $s: NaiveDate!, $e: NaiveDate!, $d: Int!) { setTimetable(input: {proposalId: $id, consultationStart: $s, consultationEnd: $e, consultationType: INDIVIDUAL, questionResponseWorkingDays: $d}) { questionResponseWorkingDays } }";
    let days = app
        .ok(
            &hr,
            timetable,
            json!({ "id": id, "s": start, "e": end, "d": 10 }),
        )
        .await;
    assert_eq!(days["setTimetable"]["questionResponseWorkingDays"], 10);
    let too_many = app
        .graphql(
            Some(&hr),
            timetable,
            json!({ "id": id, "s": start, "e": end, "d": 31 }),
        )
        .await;
    assert_eq!(
        too_many["errors"][0]["extensions"]["field"],
        "input.questionResponseWorkingDays"
    );
    let jd = app
        .ok(&hr, "mutation($id: ID!) { createJobDescription(input: {proposalId: $id, title: \"SEN Caseworker\", version: {label: \"Proposed\", purpose: \"Casework\", duties: [{number: 1, text: \"Write EHC plans.\"}]}}) { versions { id } } }", json!({ "id": id }))
        .await;
    let version = jd["createJobDescription"]["versions"][0]["id"].clone();
    let comment = "mutation($v: ID!) { commentOnDuty(input: {versionId: $v, dutyNumber: 1, category: GRADING_CONCERN, text: \"Plan writing is a Grade 10 duty.\"}) { id } }";
    app.ok(&rep, comment, json!({ "v": version })).await;
    app.ok(&hr, comment, json!({ "v": version })).await;
    let log = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { questions { source text askerUnion status dueOn } } }",
            json!({ "id": id }),
        )
        .await;
    let due = consult::domain::question::default_due(today(), 10);
    assert_eq!(
        log["proposal"]["questions"],
        json!([{ "source": "JOB_DESCRIPTION", "text": "On duty 1 of SEN Caseworker (version 1), the proposed job description: Plan writing is a Grade 10 duty.", "askerUnion": "UNISON", "status": "OPEN", "dueOn": due }]),
        "the rep's comment is a question, due in ten working days; HR's own is a note"
    );
    let per_union = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { questions(union: \"GMB\") { id } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(per_union["proposal"]["questions"], json!([]));
    let unison = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { questions(union: \"unison\") { source } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        unison["proposal"]["questions"],
        json!([{ "source": "JOB_DESCRIPTION" }]),
        "per union, its own questions"
    );
}

async fn the_outcome_report_lists_what_was_said_and_done_and_gates_the_decision(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    let response = submit(&app, &staff, &id, agree("DISAGREE"), true).await;
    let union = app
        .ok(&rep, UNION_SAVE, json!({ "i": { "proposalId": id, "title": "UNISON response", "body": "Members do not support the proposal.", "points": ["What caseload will each caseworker carry?", "Will the plan writing duty be job evaluated?"], "submit": true } }))
        .await["saveUnionResponse"]["id"]
        .clone();
    let questions = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { questions { id text } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["questions"]
        .clone();
    assert_eq!(
        questions.as_array().unwrap().len(),
        2,
        "two numbered points, two questions"
    );

    let create = "mutation($id: ID!, $n: String!) { createTheme(input: {proposalId: $id, name: $n}) { id version } }";
    let caseloads = app
        .ok(&hr, create, json!({ "id": id, "n": "Caseloads" }))
        .await["createTheme"]
        .clone();
    let grading = app
        .ok(
            &hr,
            create,
            json!({ "id": id, "n": "Grading of <plan writing>" }),
        )
        .await["createTheme"]
        .clone();
    assert_eq!(
        error_code(
            &app.graphql(Some(&hr), create, json!({ "id": id, "n": "caseloads" }))
                .await
        ),
        "CONFLICT"
    );
    let tag = "mutation($t: ID!, $s: ThemeSubject!, $x: ID!) { tagTheme(input: {themeId: $t, subject: $s, subjectId: $x}) { name raised { staffResponses unionResponses questions total } } }";
    app.ok(
        &hr,
        tag,
        json!({ "t": caseloads["id"], "s": "FEEDBACK_RESPONSE", "x": response }),
    )
    .await;
    app.ok(
        &hr,
        tag,
        json!({ "t": caseloads["id"], "s": "UNION_RESPONSE", "x": union }),
    )
    .await;
    let tagged = app
        .ok(
            &hr,
            tag,
            json!({ "t": caseloads["id"], "s": "QUESTION", "x": questions[0]["id"] }),
        )
        .await;
    assert_eq!(
        tagged["tagTheme"]["raised"],
        json!({ "staffResponses": 1, "unionResponses": 1, "questions": 1, "total": 3 })
    );
    app.ok(
        &hr,
        tag,
        json!({ "t": grading["id"], "s": "QUESTION", "x": questions[1]["id"] }),
    )
    .await;
    let wrong_kind = app
        .graphql(
            Some(&hr),
            tag,
            json!({ "t": grading["id"], "s": "FEEDBACK_RESPONSE", "x": union }),
        )
        .await;
    assert_eq!(
        wrong_kind["errors"][0]["extensions"]["field"],
        "input.subjectId"
    );
    assert_eq!(
        error_code(
            &app.graphql(
                Some(&rep),
                tag,
                json!({ "t": grading["id"], "s": "QUESTION", "x": questions[1]["id"] })
            )
            .await
        ),
        "FORBIDDEN"
    );

    let respond = "mutation($i: RespondToThemeInput!) { respondToTheme(input: $i) { version managementResponse outcome changeDescription } }";
    app.ok(&hr, respond, json!({ "i": { "themeId": caseloads["id"], "managementResponse": "An indicative caseload of 1:45 will be reviewed after six months.", "outcome": "CHANGED", "changeDescription": "Caseload review added to the implementation plan." } })).await;
    let no_change = app
        .graphql(Some(&hr), respond, json!({ "i": { "themeId": grading["id"], "managementResponse": "", "outcome": "NO_CHANGE" } }))
        .await;
    assert_eq!(
        no_change["errors"][0]["extensions"]["field"],
        "input.managementResponse"
    );

    // Completing needs the close and every theme answered; the decision needs the report.
    let complete = "mutation($id: ID!) { saveOutcomeReport(input: {proposalId: $id, summary: \"Thank you to everyone who responded.\", complete: true}) { complete missing } }";
    let early = app.graphql(Some(&hr), complete, json!({ "id": id })).await;
    assert_eq!(error_code(&early), "PRECONDITION_FAILED");
    assert_eq!(
        early["errors"][0]["extensions"]["missing"],
        json!([
            "Close the consultation.",
            "Write the response to the theme \"Grading of <plan writing>\"."
        ])
    );
    app.ok(
        &hr,
        "mutation($id: ID!) { closeConsultation(input: {id: $id}) { status } }",
        json!({ "id": id }),
    )
    .await;
    let decide = "mutation($id: ID!) { recordDecision(input: {id: $id}) { status } }";
    let refused = app.graphql(Some(&hr), decide, json!({ "id": id })).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["missing"],
        json!([
            "Answer the 2 open question(s).",
            "Write the consultation outcome report."
        ])
    );
    app.ok(&hr, respond, json!({ "i": { "themeId": grading["id"], "managementResponse": "The caseworker JD was evaluated at Grade 9.", "outcome": "NO_CHANGE" } })).await;
    let answer = "mutation($q: ID!, $a: String!) { answerQuestion(input: {id: $q, expectedVersion: 1, answer: $a}) { status } }";
    app.ok(
        &hr,
        answer,
        json!({ "q": questions[0]["id"], "a": "About 45 children, reviewed after six months." }),
    )
    .await;
    app.ok(
        &hr,
        answer,
        json!({ "q": questions[1]["id"], "a": "Yes: it was evaluated at Grade 9." }),
    )
    .await;
    let done = app.ok(&hr, complete, json!({ "id": id })).await;
    assert_eq!(
        done["saveOutcomeReport"],
        json!({ "complete": true, "missing": [] })
    );
    let again = app.graphql(Some(&hr), complete, json!({ "id": id })).await;
    assert_eq!(
        error_code(&again),
        "CONFLICT",
        "a completed report no longer changes"
    );

    // Everyone who sees the proposal reads it; no asker is named; counts below 3 are withheld
    // from all but HR (a theme's total with them).
    let report = app
        .ok(&staff, "query($id: ID!) { proposal(id: $id) { outcomeReport { complete summary themes { name raised { total } managementResponse outcome } questions { text answer themes } csvPath htmlPath } } }", json!({ "id": id }))
        .await["proposal"]["outcomeReport"]
        .clone();
    assert_eq!(report["summary"], "Thank you to everyone who responded.");
    assert_eq!(
        report["themes"],
        json!([
            { "name": "Caseloads", "raised": { "total": null }, "managementResponse": "An indicative caseload of 1:45 will be reviewed after six months.", "outcome": "CHANGED" },
            { "name": "Grading of <plan writing>", "raised": { "total": null }, "managementResponse": "The caseworker JD was evaluated at Grade 9.", "outcome": "NO_CHANGE" },
        ])
    );
    let by_hr = app
        .ok(&hr, "query($id: ID!) { proposal(id: $id) { outcomeReport { questions { text answer themes } } } }", json!({ "id": id }))
        .await;
    assert_eq!(
        by_hr["proposal"]["outcomeReport"]["questions"][0],
        json!({ "text": "What caseload will each caseworker carry?", "answer": "About 45 children, reviewed after six months.", "themes": ["Caseloads"] })
    );

    let (status, _, csv) = app
        .download(Some(&hr), report["csvPath"].as_str().unwrap())
        .await;
    assert_eq!(status, 200);
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(csv.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 4, "two themes and two questions: {rows:?}");
    assert_eq!(
        (
            rows[0][0].as_str(),
            rows[0][1].as_str(),
            rows[0][2].as_str()
        ),
        ("Theme", "Caseloads", "3")
    );
    assert_eq!(rows[3][7], "Will the plan writing duty be job evaluated?");
    let (status, content_type, html) = app
        .download(Some(&staff), report["htmlPath"].as_str().unwrap())
        .await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/html; charset=utf-8")
    );
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("Grading of &lt;plan writing&gt;"), "escaped");
    assert!(
        !html.contains("About 45 children"),
        "staff read the questions they may see in the log: none here"
    );
    let (_, _, html) = app
        .download(Some(&hr), report["htmlPath"].as_str().unwrap())
        .await;
    assert!(
        String::from_utf8(html)
            .unwrap()
            .contains("About 45 children")
    );

    assert_eq!(
        app.ok(&hr, decide, json!({ "id": id })).await["recordDecision"]["status"],
        "DECIDED"
    );
}
