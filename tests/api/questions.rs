//! The question log through HTTP: raising, owners and due dates in working days, answers,
//! the FAQ, confidentiality for each role, and the decision gate.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use crate::proposals::open_proposal_naming;
use consult::domain::{account::Role, working_days};
use serde_json::json;

db_tests!(questions_are_owned_answered_published_and_gate_the_decision);

const RAISE: &str = "mutation($i: RaiseQuestionInput!) { raiseQuestion(input: $i) { id version status dueOn source askerUnion } }";
const LOG: &str = "query($id: ID!) { proposal(id: $id) { questions { id text status confidential askedBy { id } answer } faq { question answer } } }";

async fn questions_are_owned_answered_published_and_gate_the_decision(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (owner_id, owner) = app.signed_in(Role::Manager).await;
    let (rep_id, rep) = app.signed_in(Role::UnionRep).await;
    let (staff_id, staff) = app.signed_in(Role::Staff).await;
    let (_, colleague) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(&app, &hr, &[&staff, &colleague], &["UNISON"]).await;

    // Staff ask in confidence; the union asks openly. Answers are due in 5 working days.
    let mine = app.ok(&staff, RAISE, json!({ "i": { "proposalId": id, "text": "Will my hours change under the new structure?", "confidential": true } })).await["raiseQuestion"].clone();
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive();
    assert_eq!(
        mine["dueOn"],
        json!(working_days::add_working_days(today, 5).to_string())
    );
    assert_eq!(
        (mine["status"].as_str(), mine["source"].as_str()),
        (Some("OPEN"), Some("STAFF"))
    );
    let union_q = app.ok(&rep, RAISE, json!({ "i": { "proposalId": id, "text": "1. Why is the senior practitioner grade reduced?" } })).await["raiseQuestion"].clone();
    assert_eq!(union_q["askerUnion"], "UNISON");
    let empty = app
        .graphql(
            Some(&staff),
            RAISE,
            json!({ "i": { "proposalId": id, "text": "   " } }),
        )
        .await;
    assert_eq!(empty["errors"][0]["extensions"]["field"], "input.text");

    // HR gives the staff question an owner and a due date already past: it is overdue.
    let yesterday = today.pred_opt().unwrap();
    let assign = "mutation($i: AssignQuestionInput!) { assignQuestion(input: $i) { version status owner { id } } }";
    let assigned = app.ok(&hr, assign, json!({ "i": { "id": mine["id"], "expectedVersion": 1, "ownerId": owner_id, "dueOn": yesterday } })).await;
    assert_eq!(assigned["assignQuestion"]["status"], "OVERDUE");
    let stale = app
        .graphql(
            Some(&hr),
            assign,
            json!({ "i": { "id": mine["id"], "expectedVersion": 1, "ownerId": owner_id } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    let open = app
        .ok(
            &owner,
            "{ myOpenQuestions { id status askedBy { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(open["myOpenQuestions"][0]["id"], mine["id"]);
    assert_eq!(open["myOpenQuestions"][0]["status"], "OVERDUE");
    assert!(
        open["myOpenQuestions"][0]["askedBy"].is_null(),
        "a confidential asker is named to HR only"
    );

    // Who sees what of the log.
    let seen = |token: String| {
        let (app, id) = (&app, id.clone());
        async move {
            app.ok(&token, LOG, json!({ "id": id })).await["proposal"]["questions"]
                .as_array()
                .unwrap()
                .clone()
        }
    };
    let by_hr = seen(hr.clone()).await;
    assert_eq!(by_hr.len(), 2);
    assert_eq!(by_hr[0]["askedBy"]["id"], json!(staff_id));
    let by_rep = seen(rep.clone()).await;
    assert_eq!(
        by_rep.len(),
        1,
        "a rep sees their union's questions: {by_rep:?}"
    );
    assert_eq!(by_rep[0]["askedBy"]["id"], json!(rep_id));
    let by_staff = seen(staff.clone()).await;
    assert_eq!(by_staff.len(), 1);
    assert_eq!(by_staff[0]["askedBy"]["id"], json!(staff_id));
    assert!(
        seen(colleague.clone()).await.is_empty(),
        "nothing is published yet"
    );

    // The decision waits for every answer.
    app.ok(
        &hr,
        "mutation($id: ID!) { closeConsultation(input: {id: $id}) { status } }",
        json!({ "id": id }),
    )
    .await;
    let refused = app
        .graphql(
            Some(&hr),
            "mutation($id: ID!) { recordDecision(input: {id: $id}) { status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["missing"],
        json!([
            "Answer the 2 open question(s).",
            "Write the consultation outcome report."
        ])
    );

    let answer = "mutation($i: AnswerQuestionInput!) { answerQuestion(input: $i) { status answer covers answeredBy { id } } }";
    let not_yours = app
        .graphql(
            Some(&colleague),
            answer,
            json!({ "i": { "id": mine["id"], "expectedVersion": 2, "answer": "No." } }),
        )
        .await;
    assert_eq!(
        error_code(&not_yours),
        "NOT_FOUND",
        "a colleague cannot even see the question"
    );
    let answered = app.ok(&owner, answer, json!({ "i": { "id": mine["id"], "expectedVersion": 2, "answer": "No: contracted hours are protected.", "covers": ["MITIGATING"] } })).await;
    assert_eq!(answered["answerQuestion"]["status"], "ANSWERED");
    assert_eq!(answered["answerQuestion"]["covers"], json!(["MITIGATING"]));
    let publish =
        "mutation($i: PublishQuestionInput!) { publishQuestion(input: $i) { published } }";
    let too_soon = app
        .graphql(
            Some(&hr),
            publish,
            json!({ "i": { "id": union_q["id"], "published": true } }),
        )
        .await;
    assert_eq!(error_code(&too_soon), "PRECONDITION_FAILED");
    app.ok(&hr, answer, json!({ "i": { "id": union_q["id"], "expectedVersion": 1, "answer": "The revised duties match Grade 12." } })).await;
    app.ok(
        &hr,
        publish,
        json!({ "i": { "id": mine["id"], "published": true } }),
    )
    .await;

    let faq = app.ok(&colleague, LOG, json!({ "id": id })).await;
    assert_eq!(
        faq["proposal"]["faq"],
        json!([{ "question": "Will my hours change under the new structure?", "answer": "No: contracted hours are protected." }])
    );
    assert!(
        faq["proposal"]["questions"][0]["askedBy"].is_null(),
        "the FAQ names nobody"
    );
    crate::outcome::complete_outcome_report(&app, &hr, &id).await;
    assert_eq!(
        app.ok(
            &hr,
            "mutation($id: ID!) { recordDecision(input: {id: $id}) { status } }",
            json!({ "id": id })
        )
        .await["recordDecision"]["status"],
        "DECIDED"
    );
}
