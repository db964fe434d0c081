//! Signposting and guard rails (issue 18): the navigation's counts, whom to talk to, the
//! receipt for a staff response, and the checklist's guard rails.

use crate::email::{SmtpSink, outbox, worker};
use crate::helpers::{TestApp, error_code};
use crate::proposals::open_proposal_naming;
use consult::domain::account::Role;
use serde_json::{Value, json};

crate::db_tests!(
    navigation_counts_open_tasks_and_answers_not_yet_seen,
    whom_to_talk_to_names_the_hr_contact_and_the_sponsor_to_everyone_who_sees_the_proposal,
    a_receipt_copies_the_answers_and_says_what_confidential_means,
    a_step_for_after_the_consultation_needs_a_reason_while_it_is_open,
    submitting_for_approval_needs_the_checklist_of_approvers,
);

const COUNTS: &str = "{ myNavigationCounts { openTasks newAnswers latestAnswerProposalId } }";
const ASK: &str =
    "mutation($id: ID!, $t: String!) { raiseQuestion(input: {proposalId: $id, text: $t}) { id } }";
const ANSWER: &str = "mutation($q: ID!, $a: String!) { answerQuestion(input: {id: $q, expectedVersion: 1, answer: $a}) { status } }";

async fn counts(app: &TestApp, token: &str) -> Value {
    app.ok(token, COUNTS, json!({})).await["myNavigationCounts"].clone()
}

async fn ask_and_answer(app: &TestApp, staff: &str, hr: &str, id: &str, text: &str) {
    let q = app.ok(staff, ASK, json!({ "id": id, "t": text })).await["raiseQuestion"]["id"].clone();
    app.ok(hr, ANSWER, json!({ "q": q, "a": "Yes." })).await;
}

async fn navigation_counts_open_tasks_and_answers_not_yet_seen(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (manager_id, manager) = app.signed_in(Role::Manager).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, colleague) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(&app, &hr, &[&staff, &colleague], &["UNISON"]).await;

    // A manager's open tasks are what My tasks lists.
    let q = app
        .ok(
            &staff,
            ASK,
            json!({ "id": id, "t": "Will caseloads be capped?" }),
        )
        .await["raiseQuestion"]["id"]
        .clone();
    app.ok(
        &hr,
        "mutation($i: AssignQuestionInput!) { assignQuestion(input: $i) { id } }",
        json!({ "i": { "id": q, "expectedVersion": 1, "ownerId": manager_id } }),
    )
    .await;
    let tasks = app
        .ok(
            &manager,
            "{ myOpenQuestions { id } myTasks { steps { id } approvals { id } } }",
            json!({}),
        )
        .await;
    let listed = tasks["myOpenQuestions"].as_array().unwrap().len()
        + tasks["myTasks"]["steps"].as_array().unwrap().len()
        + tasks["myTasks"]["approvals"].as_array().unwrap().len();
    let mine = counts(&app, &manager).await;
    assert_eq!(mine["openTasks"], listed as i64, "{tasks}");
    assert!(listed >= 1);
    app.ok(&manager, "mutation($q: ID!) { answerQuestion(input: {id: $q, expectedVersion: 2, answer: \"No.\"}) { status } }", json!({ "q": q })).await;
    assert_eq!(counts(&app, &manager).await["openTasks"], listed as i64 - 1);

    // The asker has one new answer, until they look; then only later answers count.
    let staff_counts = counts(&app, &staff).await;
    assert_eq!(staff_counts["newAnswers"], 1);
    assert_eq!(staff_counts["latestAnswerProposalId"], id.as_str());
    assert_eq!(
        counts(&app, &colleague).await["newAnswers"],
        0,
        "only your own"
    );
    assert_eq!(
        counts(&app, &colleague).await["latestAnswerProposalId"],
        Value::Null
    );
    let seen = app
        .ok(
            &staff,
            "mutation { markAnswersSeen { newAnswers } }",
            json!({}),
        )
        .await;
    assert_eq!(seen["markAnswersSeen"]["newAnswers"], 0);
    assert_eq!(counts(&app, &staff).await["newAnswers"], 0);
    ask_and_answer(&app, &staff, &hr, &id, "Will hours change?").await;
    assert_eq!(counts(&app, &staff).await["newAnswers"], 1);

    // The counts are SQL counts: the statements do not grow with the answers.
    let before = app.store.statements_executed();
    counts(&app, &staff).await;
    let few = app.store.statements_executed() - before;
    for i in 0..4 {
        ask_and_answer(&app, &staff, &hr, &id, &format!("Question {i}?")).await;
    }
    let before = app.store.statements_executed();
    assert_eq!(counts(&app, &staff).await["newAnswers"], 5);
    let many = app.store.statements_executed() - before;
    assert_eq!(few, many, "statements do not grow with the answers");
    assert!(many <= 8, "the session check and six counts: {many}");
}

async fn whom_to_talk_to_names_the_hr_contact_and_the_sponsor_to_everyone_who_sees_the_proposal(
    app: TestApp,
) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (other_hr_id, other_hr) = app.signed_in(Role::HrAdmin).await;
    let (manager_id, manager) = app.signed_in(Role::Manager).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, rep) = app.signed_in_rep("UNISON").await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    let version = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { version } }",
            json!({ "id": id }),
        )
        .await["proposal"]["version"]
        .clone();
    app.ok(&hr, "mutation($id: ID!, $v: Int!, $s: ID!) { updateProposal(input: {id: $id, expectedVersion: $v, fields: {sponsorId: $s}}) { id } }", json!({ "id": id, "v": version, "s": manager_id })).await;
    let contacts = "query($id: ID!) { proposal(id: $id) { version hrContact { name email } sponsor { name email } } }";

    // The HR person who created it, until HR names another.
    let (hr_email, manager_email) = (app.email_of(&hr).await, app.email_of(&manager).await);
    for token in [&staff, &rep, &manager] {
        let seen = app.ok(token, contacts, json!({ "id": id })).await;
        assert_eq!(
            seen["proposal"]["hrContact"]["email"],
            hr_email.as_str(),
            "{seen}"
        );
        assert!(
            seen["proposal"]["hrContact"]["name"]
                .as_str()
                .is_some_and(|n| !n.is_empty())
        );
        assert_eq!(seen["proposal"]["sponsor"]["email"], manager_email.as_str());
    }

    let set = "mutation($i: SetHrContactInput!) { setHrContact(input: $i) { version hrContact { email } } }";
    let version = app.ok(&hr, contacts, json!({ "id": id })).await["proposal"]["version"].clone();
    let refused = app
        .graphql(
            Some(&hr),
            set,
            json!({ "i": { "proposalId": id, "expectedVersion": version, "userId": manager_id } }),
        )
        .await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT");
    assert_eq!(refused["errors"][0]["extensions"]["field"], "input.userId");
    let by_staff = app
        .graphql(
            Some(&staff),
            set,
            json!({ "i": { "proposalId": id, "expectedVersion": version, "userId": other_hr_id } }),
        )
        .await;
    assert_eq!(error_code(&by_staff), "FORBIDDEN");
    let stale = app
        .graphql(
            Some(&hr),
            set,
            json!({ "i": { "proposalId": id, "expectedVersion": 1, "userId": other_hr_id } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    app.ok(
        &hr,
        set,
        json!({ "i": { "proposalId": id, "expectedVersion": version, "userId": other_hr_id } }),
    )
    .await;
    let other_email = app.email_of(&other_hr).await;
    let seen = app.ok(&staff, contacts, json!({ "id": id })).await;
    assert_eq!(seen["proposal"]["hrContact"]["email"], other_email.as_str());
    let audit = app.ok(&hr, "query($id: ID!) { auditEvents(entityId: $id, first: 1) { edges { node { action after } } } }", json!({ "id": id })).await;
    assert_eq!(
        audit["auditEvents"]["edges"][0]["node"]["after"]["hrContactId"],
        other_hr_id.as_str()
    );
}

async fn a_receipt_copies_the_answers_and_says_what_confidential_means(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let staff_email = app.email_of(&staff).await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    let save = "mutation($i: SaveFeedbackInput!) { saveFeedback(input: $i) { version } }";
    let answers = json!([
        { "questionKey": "agree_with_proposal", "values": ["STRONGLY_DISAGREE"] },
        { "questionKey": "agree_with_implementation", "values": ["NEUTRAL"] },
        { "questionKey": "questions", "values": ["Will caseloads be capped?"] }
    ]);
    // A draft has no receipt.
    app.ok(&staff, save, json!({ "i": { "proposalId": id, "answers": [{ "questionKey": "agree_with_proposal", "values": ["AGREE"] }] } })).await;
    assert!(outbox(&app, &hr, &id, "feedback_receipt").await.is_empty());

    app.ok(&staff, save, json!({ "i": { "proposalId": id, "answers": answers, "submit": true, "confidential": true } })).await;
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    let receipts = sink.to(&staff_email, "Your feedback");
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    for part in ["text", "html"] {
        let body = receipts[0][part].as_str().unwrap();
        for words in [
            "Are you in agreement with the proposal?",
            "Strongly disagree",
            "Neutral",
            "Will caseloads be capped?",
            "You asked for your response to be kept confidential",
            "without your name",
        ] {
            assert!(body.contains(words), "{part} lacks {words:?}: {body}");
        }
    }

    // A change gets a receipt of its own; no longer confidential, it does not say so.
    let changed = json!([
        { "questionKey": "agree_with_proposal", "values": ["AGREE"] },
        { "questionKey": "agree_with_implementation", "values": ["AGREE"] }
    ]);
    app.ok(
        &staff,
        save,
        json!({ "i": { "proposalId": id, "answers": changed, "submit": true } }),
    )
    .await;
    worker.run_once().await.unwrap();
    let receipts = sink.to(&staff_email, "Your changed feedback");
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    let text = receipts[0]["text"].as_str().unwrap();
    assert!(
        text.contains("Agree") && !text.contains("kept confidential"),
        "{text}"
    );
    assert!(
        text.contains("https://consult.bury.example/proposals/"),
        "absolute link: {text}"
    );
    assert_eq!(outbox(&app, &hr, &id, "feedback_receipt").await.len(), 2);
}

async fn step_titled(app: &TestApp, hr: &str, id: &str, prefix: &str) -> String {
    let checklist = app
        .ok(
            hr,
            "query($id: ID!) { proposal(id: $id) { checklist { id title } } }",
            json!({ "id": id }),
        )
        .await;
    checklist["proposal"]["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"].as_str().unwrap().starts_with(prefix))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn a_step_for_after_the_consultation_needs_a_reason_while_it_is_open(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    let complete = "mutation($i: CompleteChecklistStepInput!) { completeChecklistStep(input: $i) { completedAt earlyCompletionReason } }";

    // Finalising the proposal is planned after the period ends; the consultation is open.
    let finalising = step_titled(&app, &hr, &id, "Step 6").await;
    let refused = app
        .graphql(Some(&hr), complete, json!({ "i": { "id": finalising } }))
        .await;
    assert_eq!(error_code(&refused), "PRECONDITION_FAILED");
    let message = refused["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("after the consultation closes"),
        "{message}"
    );
    assert_eq!(
        refused["errors"][0]["extensions"]["missing"][0],
        "Give the reason for completing the step before the consultation closes."
    );
    let blank = app
        .graphql(
            Some(&hr),
            complete,
            json!({ "i": { "id": finalising, "reason": "  " } }),
        )
        .await;
    assert_eq!(error_code(&blank), "PRECONDITION_FAILED");

    let done = app.ok(&hr, complete, json!({ "i": { "id": finalising, "reason": "The unions agreed the final structure early." } })).await;
    assert_eq!(
        done["completeChecklistStep"]["earlyCompletionReason"],
        "The unions agreed the final structure early."
    );
    let listed = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { checklist { id earlyCompletionReason } } }",
            json!({ "id": id }),
        )
        .await;
    assert!(
        listed["proposal"]["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == finalising.as_str()
                && s["earlyCompletionReason"] == "The unions agreed the final structure early.")
    );
    let audit = app.ok(&hr, "query($id: ID!) { auditEvents(entityId: $id, first: 1) { edges { node { action after } } } }", json!({ "id": id })).await;
    assert_eq!(
        audit["auditEvents"]["edges"][0]["node"]["after"]["earlyCompletionReason"],
        "The unions agreed the final structure early."
    );

    // A step within the period needs no reason, and keeps none.
    let period = step_titled(&app, &hr, &id, "Step 5").await;
    let done = app
        .ok(&hr, complete, json!({ "i": { "id": period } }))
        .await;
    assert_eq!(
        done["completeChecklistStep"]["earlyCompletionReason"],
        Value::Null
    );
}

async fn submitting_for_approval_needs_the_checklist_of_approvers(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    app.ok(
        &hr,
        "mutation { setPayScale(input: {grade: \"Grade 9\", annualCost: \"36700\"}) { grade } }",
        json!({}),
    )
    .await;
    let fields = json!({ "title": "SEN", "service": "CYP", "establishment": "Bury SEN", "background": "B", "rationale": "R", "proposalText": "P", "selectionMethod": "S" });
    let id = app
        .ok(
            &hr,
            "mutation($f: ProposalFieldsInput!) { createProposal(input: {fields: $f}) { id } }",
            json!({ "f": fields }),
        )
        .await["createProposal"]["id"]
        .clone();
    let posts = "ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note\ncw,SEN Caseworker,,Grade 9,1,1,,Grade 9,1,1,,\n";
    let imported = app.ok(&hr, "mutation($id: ID!, $csv: String!) { importStructureCsv(input: {proposalId: $id, kind: POSTS, csv: $csv}) { imported } }", json!({ "id": id, "csv": posts })).await;
    assert_eq!(imported["importStructureCsv"]["imported"], 1, "{imported}");
    let submit = "mutation($id: ID!) { submitForApproval(input: {id: $id}) { status } }";
    let refused = app.graphql(Some(&hr), submit, json!({ "id": id })).await;
    assert_eq!(error_code(&refused), "PRECONDITION_FAILED");
    assert_eq!(
        refused["errors"][0]["extensions"]["missing"],
        json!(["Set up the sign-off checklist and its approvals."])
    );
    app.ok(
        &hr,
        "mutation($id: ID!) { applyChecklistTemplate(proposalId: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(
        app.ok(&hr, submit, json!({ "id": id })).await["submitForApproval"]["status"],
        "IN_APPROVAL"
    );
}
