//! Challenged answers (issue 20) through HTTP: the raiser or their union accepts or challenges
//! an answer; a challenge reopens the question with a new due date and sends it back to its
//! owner (emailed over SMTP); the thread keeps every answer and challenge; HR closes a
//! challenge without agreement with a reason shown to the union; the counts are SQL's; and
//! the decision waits for unresolved challenges.

use crate::db_tests;
use crate::email::{SmtpSink, worker};
use crate::helpers::{TestApp, error_code};
use crate::proposals::open_proposal_naming;
use consult::domain::{account::Role, working_days::add_working_days};
use serde_json::{Value, json};

db_tests!(
    a_challenged_answer_reopens_returns_to_its_owner_and_holds_up_the_decision,
    the_owner_hears_of_a_challenge_and_is_chased_again_by_the_new_due_date,
);

const RAISE: &str = "mutation($i: RaiseQuestionInput!) { raiseQuestion(input: $i) { id version } }";
const ASSIGN: &str = "mutation($i: AssignQuestionInput!) { assignQuestion(input: $i) { version } }";
const ANSWER: &str =
    "mutation($i: AnswerQuestionInput!) { answerQuestion(input: $i) { version status } }";
const CHALLENGE: &str = "mutation($i: ChallengeAnswerInput!) { challengeAnswer(input: $i) { version status answer dueOn replyState challengeCount } }";
const ACCEPT: &str =
    "mutation($i: AcceptAnswerInput!) { acceptAnswer(input: $i) { version status replyState } }";
const CLOSE: &str = "mutation($i: CloseChallengeInput!) { closeChallenge(input: $i) { version replyState closureReason } }";
const ONE: &str = "query($id: ID!) { question(id: $id) { version status answer replyState challengeCount closureReason mayReply mayCloseChallenge thread { kind text author { id } } } }";
const DECIDE: &str = "mutation($id: ID!) { recordDecision(input: {id: $id}) { status } }";

fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
}

async fn question(app: &TestApp, token: &str, id: &Value) -> Value {
    app.ok(token, ONE, json!({ "id": id })).await["question"].clone()
}

fn kinds(q: &Value) -> Vec<&str> {
    q["thread"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect()
}

async fn a_challenged_answer_reopens_returns_to_its_owner_and_holds_up_the_decision(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (owner_id, owner) = app.signed_in(Role::Manager).await;
    let (rep_id, rep) = app.signed_in_rep("UNISON").await;
    let (other_rep_id, other_rep) = app.signed_in_rep("UNISON").await;
    let (_, gmb) = app.signed_in_rep("GMB").await;
    let (staff_id, staff) = app.signed_in(Role::Staff).await;
    let (_, colleague) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(&app, &hr, &[&staff, &colleague], &["UNISON", "GMB"]).await;

    let q = app.ok(&rep, RAISE, json!({ "i": { "proposalId": id, "text": "Why is the senior practitioner grade reduced?" } })).await["raiseQuestion"]["id"].clone();
    app.ok(
        &hr,
        ASSIGN,
        json!({ "i": { "id": q, "expectedVersion": 1, "ownerId": owner_id } }),
    )
    .await;

    // A confidential question of staff, answered, for later.
    let mine = app.ok(&staff, RAISE, json!({ "i": { "proposalId": id, "text": "Will my hours change?", "confidential": true } })).await["raiseQuestion"]["id"].clone();
    app.ok(
        &hr,
        ASSIGN,
        json!({ "i": { "id": mine, "expectedVersion": 1, "ownerId": owner_id } }),
    )
    .await;

    app.ok(
        &owner,
        ANSWER,
        json!({ "i": { "id": mine, "expectedVersion": 2, "answer": "No." } }),
    )
    .await;

    // Nothing to reply to before an answer.
    let early = app
        .graphql(
            Some(&rep),
            CHALLENGE,
            json!({ "i": { "id": q, "expectedVersion": 2, "reasons": "No." } }),
        )
        .await;
    assert_eq!(error_code(&early), "PRECONDITION_FAILED", "{early}");
    app.ok(
        &owner,
        ANSWER,
        json!({ "i": { "id": q, "expectedVersion": 2, "answer": "The duties match Grade 11." } }),
    )
    .await;

    // Who may reply: the raiser and their union's reps only.
    let reasons = json!({ "i": { "id": q, "expectedVersion": 3, "reasons": "The duties include statutory casework, which is Grade 12 elsewhere." } });
    for (token, code) in [
        (&gmb, "NOT_FOUND"),
        (&colleague, "NOT_FOUND"),
        (&owner, "FORBIDDEN"),
        (&hr, "FORBIDDEN"),
    ] {
        let refused = app.graphql(Some(token), CHALLENGE, reasons.clone()).await;
        assert_eq!(error_code(&refused), code, "{refused}");
        let refused = app
            .graphql(
                Some(token),
                ACCEPT,
                json!({ "i": { "id": q, "expectedVersion": 3 } }),
            )
            .await;
        assert_eq!(error_code(&refused), code, "{refused}");
    }
    let blank = app
        .graphql(
            Some(&rep),
            CHALLENGE,
            json!({ "i": { "id": q, "expectedVersion": 3, "reasons": "  " } }),
        )
        .await;
    assert_eq!(blank["errors"][0]["extensions"]["field"], "input.reasons");
    let stale = app
        .graphql(
            Some(&rep),
            CHALLENGE,
            json!({ "i": { "id": q, "expectedVersion": 2, "reasons": "Stale." } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    assert_eq!(question(&app, &other_rep, &q).await["mayReply"], true);
    assert_eq!(question(&app, &owner, &q).await["mayReply"], false);

    // Another rep of the same union challenges: the question is open again, due afresh,
    // and back with its owner.
    let challenged = app.ok(&other_rep, CHALLENGE, reasons).await["challengeAnswer"].clone();
    assert_eq!(challenged["status"], "OPEN");
    assert!(challenged["answer"].is_null());
    assert_eq!(challenged["replyState"], "CHALLENGED");
    assert_eq!(challenged["challengeCount"], 1);
    assert_eq!(
        challenged["dueOn"],
        json!(add_working_days(today(), 5).to_string())
    );
    let open = app
        .ok(&owner, "{ myOpenQuestions { id } }", json!({}))
        .await;
    assert_eq!(open["myOpenQuestions"][0]["id"], q);
    let seen = question(&app, &rep, &q).await;
    assert_eq!(kinds(&seen), ["ANSWER", "CHALLENGE"]);
    assert_eq!(seen["thread"][0]["author"]["id"], json!(owner_id));
    assert_eq!(seen["thread"][1]["author"]["id"], json!(other_rep_id));
    assert_eq!(
        seen["mayReply"], false,
        "nothing to reply to until answered"
    );

    // Counted in SQL, and filterable, for HR.
    let counts = "query($id: ID!) { proposal(id: $id) { questionCounts { challenged unresolvedChallenges closedWithoutAgreement } questionLog(filter: {replyState: CHALLENGED}) { totalCount edges { node { id } } } } }";
    let log = app.ok(&hr, counts, json!({ "id": id })).await;
    assert_eq!(
        log["proposal"]["questionCounts"],
        json!({ "challenged": 1, "unresolvedChallenges": 1, "closedWithoutAgreement": 0 })
    );
    assert_eq!(log["proposal"]["questionLog"]["totalCount"], 1);

    // The decision waits: unanswered, then answered but not agreed.
    app.ok(
        &hr,
        "mutation($id: ID!) { closeConsultation(input: {id: $id}) { status } }",
        json!({ "id": id }),
    )
    .await;
    let missing = |body: &Value| body["errors"][0]["extensions"]["missing"][0].clone();
    let refused = app.graphql(Some(&hr), DECIDE, json!({ "id": id })).await;
    assert_eq!(missing(&refused), "Answer the 1 open question(s).");
    let early_close = app.graphql(Some(&hr), CLOSE, json!({ "i": { "id": q, "expectedVersion": 4, "reason": "Management's position stands." } })).await;
    assert_eq!(error_code(&early_close), "PRECONDITION_FAILED");
    app.ok(&owner, ANSWER, json!({ "i": { "id": q, "expectedVersion": 4, "answer": "Job evaluation confirmed Grade 11; the statutory casework is supervised." } })).await;
    let refused = app.graphql(Some(&hr), DECIDE, json!({ "id": id })).await;
    assert_eq!(
        missing(&refused),
        "Answer the 1 open question(s).",
        "an unresolved challenge counts as unanswered"
    );

    // The rep accepts: resolved, and final.
    let accepted = app
        .ok(
            &rep,
            ACCEPT,
            json!({ "i": { "id": q, "expectedVersion": 5, "comment": "Accepted, with the supervision noted." } }),
        )
        .await;
    assert_eq!(accepted["acceptAnswer"]["replyState"], "ACCEPTED");
    let again = app
        .graphql(
            Some(&rep),
            CHALLENGE,
            json!({ "i": { "id": q, "expectedVersion": 6, "reasons": "On reflection, no." } }),
        )
        .await;
    assert_eq!(error_code(&again), "PRECONDITION_FAILED");
    let thread = question(&app, &hr, &q).await;
    assert_eq!(
        kinds(&thread),
        ["ANSWER", "CHALLENGE", "ANSWER", "ACCEPTANCE"]
    );
    assert_eq!(thread["thread"][3]["author"]["id"], json!(rep_id));

    // A confidential member of staff challenges: the owner reads the challenge, not who made
    // it; HR closes it without agreement, and the reason is kept and shown to the raiser.
    app.ok(&staff, CHALLENGE, json!({ "i": { "id": mine, "expectedVersion": 3, "reasons": "The new rota moves my days." } })).await;
    let by_owner = question(&app, &owner, &mine).await;
    assert_eq!(by_owner["thread"][1]["kind"], "CHALLENGE");
    assert!(by_owner["thread"][1]["author"].is_null(), "{by_owner}");
    assert_eq!(
        question(&app, &hr, &mine).await["thread"][1]["author"]["id"],
        json!(staff_id)
    );
    app.ok(&owner, ANSWER, json!({ "i": { "id": mine, "expectedVersion": 4, "answer": "Your contracted hours stay; the days may move." } })).await;
    assert_eq!(question(&app, &hr, &mine).await["mayCloseChallenge"], true);
    let not_hr = app
        .graphql(
            Some(&owner),
            CLOSE,
            json!({ "i": { "id": mine, "expectedVersion": 5, "reason": "R" } }),
        )
        .await;
    assert_eq!(error_code(&not_hr), "FORBIDDEN");
    let no_reason = app
        .graphql(
            Some(&hr),
            CLOSE,
            json!({ "i": { "id": mine, "expectedVersion": 5, "reason": " " } }),
        )
        .await;
    assert_eq!(
        no_reason["errors"][0]["extensions"]["field"],
        "input.reason"
    );
    let reason = "The rota is a matter for the team's local agreement, not this consultation.";
    let closed = app
        .ok(
            &hr,
            CLOSE,
            json!({ "i": { "id": mine, "expectedVersion": 5, "reason": reason } }),
        )
        .await;
    assert_eq!(
        closed["closeChallenge"]["replyState"],
        "CLOSED_WITHOUT_AGREEMENT"
    );
    let by_staff = question(&app, &staff, &mine).await;
    assert_eq!(by_staff["closureReason"], reason);
    assert_eq!(
        kinds(&by_staff),
        ["ANSWER", "CHALLENGE", "ANSWER", "CLOSURE"]
    );
    let reopen = app
        .graphql(
            Some(&staff),
            CHALLENGE,
            json!({ "i": { "id": mine, "expectedVersion": 6, "reasons": "Still no." } }),
        )
        .await;
    assert_eq!(error_code(&reopen), "PRECONDITION_FAILED");

    // In the FAQ, readers see the answer, not the thread or the reason.
    app.ok(
        &hr,
        "mutation($q: ID!) { publishQuestion(input: {id: $q, published: true}) { published } }",
        json!({ "q": mine }),
    )
    .await;
    let by_colleague = question(&app, &colleague, &mine).await;
    assert!(by_colleague["thread"].is_null());
    assert!(by_colleague["closureReason"].is_null());

    // The outcome report counts them; the decision no longer waits.
    let report = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { outcomeReport { challenges { challenged unresolved closedWithoutAgreement } questions { replyState } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        report["proposal"]["outcomeReport"]["challenges"],
        json!({ "challenged": 2, "unresolved": 0, "closedWithoutAgreement": 1 })
    );
    assert_eq!(
        app.ok(&hr, counts, json!({ "id": id })).await["proposal"]["questionCounts"],
        json!({ "challenged": 2, "unresolvedChallenges": 0, "closedWithoutAgreement": 1 })
    );
    crate::outcome::complete_outcome_report(&app, &hr, &id).await;
    assert_eq!(
        app.ok(&hr, DECIDE, json!({ "id": id })).await["recordDecision"]["status"],
        "DECIDED"
    );
}

async fn the_owner_hears_of_a_challenge_and_is_chased_again_by_the_new_due_date(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (owner_id, owner) = app.signed_in(Role::Manager).await;
    let (_, rep) = app.signed_in_rep("UNISON").await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (owner_email, rep_email) = (app.email_of(&owner).await, app.email_of(&rep).await);
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    let q = app
        .ok(
            &rep,
            RAISE,
            json!({ "i": { "proposalId": id, "text": "Is there pay protection?" } }),
        )
        .await["raiseQuestion"]["id"]
        .clone();
    app.ok(
        &hr,
        ASSIGN,
        json!({ "i": { "id": q, "expectedVersion": 1, "ownerId": owner_id } }),
    )
    .await;
    app.ok(
        &owner,
        ANSWER,
        json!({ "i": { "id": q, "expectedVersion": 2, "answer": "For one year." } }),
    )
    .await;
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    assert_eq!(
        sink.to(&rep_email, "Your question has been answered").len(),
        1
    );

    let challenged = app.ok(&rep, CHALLENGE, json!({ "i": { "id": q, "expectedVersion": 3, "reasons": "The council's policy says three years." } })).await;
    let due: chrono::NaiveDate = challenged["challengeAnswer"]["dueOn"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    worker.run_once().await.unwrap();
    let mail = sink.to(&owner_email, "Answer challenged");
    assert_eq!(mail.len(), 1, "{:?}", sink.messages());

    // Unanswered past the new due date: overdue again, and chased.
    let morning = |day| consult::domain::notify::morning_of(day) + chrono::Duration::minutes(1);
    worker
        .run_once_at(morning(add_working_days(due, 3)))
        .await
        .unwrap();
    assert_eq!(sink.to(&owner_email, "Question overdue").len(), 1);

    // Answered again: the rep hears of the new answer too.
    app.ok(&owner, ANSWER, json!({ "i": { "id": q, "expectedVersion": 4, "answer": "Three years, as the policy says." } })).await;
    worker.run_once().await.unwrap();
    assert_eq!(
        sink.to(&rep_email, "Your question has been answered").len(),
        2
    );
}
