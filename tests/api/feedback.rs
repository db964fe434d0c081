//! Staff feedback through HTTP: drafts, submission, idempotent retries, edits, the deadline.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use crate::proposals::open_proposal_naming;
use consult::domain::account::Role;
use serde_json::json;

db_tests!(
    staff_submit_edit_and_retry_one_response_until_the_deadline,
    a_union_posts_a_collective_response_whose_points_become_questions,
);

const SAVE: &str = "mutation($i: SaveFeedbackInput!) { saveFeedback(input: $i) { id version submitted confidential savedVersions answers { questionKey values } } }";

async fn staff_submit_edit_and_retry_one_response_until_the_deadline(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;

    let form = app
        .ok(
            &staff,
            "query($id: ID!) { feedbackForm(proposalId: $id) { templateName version questions { key kind required needsResponse } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        form["feedbackForm"]["questions"].as_array().unwrap().len(),
        4,
        "the Bury form"
    );

    // A draft may be incomplete; a submission may not.
    let draft = app.ok(&staff, SAVE, json!({ "i": { "proposalId": id, "answers": [{ "questionKey": "agree_with_proposal", "values": ["DISAGREE"] }] } })).await;
    assert_eq!(draft["saveFeedback"]["submitted"], false);
    let incomplete = app.graphql(Some(&staff), SAVE, json!({ "i": { "proposalId": id, "submit": true, "answers": [{ "questionKey": "agree_with_proposal", "values": ["DISAGREE"] }] } })).await;
    assert_eq!(error_code(&incomplete), "BAD_USER_INPUT");
    assert_eq!(
        incomplete["errors"][0]["extensions"]["field"],
        "input.answers"
    );
    let bad = app.graphql(Some(&staff), SAVE, json!({ "i": { "proposalId": id, "answers": [{ "questionKey": "agree_with_proposal", "values": ["MAYBE"] }] } })).await;
    assert_eq!(
        bad["errors"][0]["extensions"]["field"],
        "input.answers[0].values"
    );

    let answers = json!([
        { "questionKey": "agree_with_proposal", "values": ["DISAGREE"] },
        { "questionKey": "agree_with_implementation", "values": ["NEUTRAL"] },
        { "questionKey": "questions", "values": ["Will caseloads be capped?"] }
    ]);
    let submitted = app.ok(&staff, SAVE, json!({ "i": { "proposalId": id, "answers": answers, "submit": true, "confidential": true, "clientKey": "k1" } })).await["saveFeedback"].clone();
    assert_eq!(submitted["submitted"], true);
    assert_eq!(submitted["version"], 2);
    // A retry with the same key is the same response, saved once.
    let retried = app.ok(&staff, SAVE, json!({ "i": { "proposalId": id, "answers": answers, "submit": true, "confidential": true, "clientKey": "k1" } })).await["saveFeedback"].clone();
    assert_eq!(retried["id"], submitted["id"]);
    assert_eq!(retried["version"], 2);
    assert_eq!(retried["savedVersions"], 2);
    // The question needing a response is in the log, confidential.
    let log = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { questions { text confidential source } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        log["proposal"]["questions"],
        json!([{ "text": "Will caseloads be capped?", "confidential": true, "source": "STAFF" }])
    );

    // An edit keeps the one response and adds a version.
    let edited = app.ok(&staff, SAVE, json!({ "i": { "proposalId": id, "answers": [{ "questionKey": "agree_with_proposal", "values": ["AGREE"] }, { "questionKey": "agree_with_implementation", "values": ["AGREE"] }], "submit": true, "clientKey": "k2" } })).await["saveFeedback"].clone();
    assert_eq!(
        (
            edited["id"].clone(),
            edited["version"].clone(),
            edited["savedVersions"].clone()
        ),
        (submitted["id"].clone(), json!(3), json!(3))
    );
    let questions = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { questions { text } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        questions["proposal"]["questions"].as_array().unwrap().len(),
        1,
        "resubmitting does not ask again"
    );

    // Representatives respond collectively, not on the staff form.
    let by_rep = app
        .graphql(
            Some(&rep),
            SAVE,
            json!({ "i": { "proposalId": id, "answers": [] } }),
        )
        .await;
    assert_eq!(error_code(&by_rep), "FORBIDDEN");

    // After the last day nothing changes.
    crate::outcome::end_consultation_yesterday(&app, &hr, &id).await;
    let late = app.graphql(Some(&staff), SAVE, json!({ "i": { "proposalId": id, "answers": answers, "submit": true, "clientKey": "k3" } })).await;
    assert_eq!(error_code(&late), "DEADLINE_PASSED", "{late}");
    let mine = app
        .ok(
            &staff,
            "query($id: ID!) { myFeedback(proposalId: $id) { version savedVersions } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        mine["myFeedback"],
        json!({ "version": 3, "savedVersions": 3 })
    );
}

const UNION_SAVE: &str = "mutation($i: SaveUnionResponseInput!) { saveUnionResponse(input: $i) { id version submitted failureToAgree points unionName } }";

async fn a_union_posts_a_collective_response_whose_points_become_questions(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, unison) = app.signed_in(Role::UnionRep).await; // UNISON
    let (_, unison_colleague) = app.signed_in(Role::UnionRep).await;
    let gmb_user = consult::domain::account::NewUser::parse(
        "rep@gmb.example",
        "GMB rep",
        Role::UnionRep,
        Some("GMB"),
        "",
    )
    .unwrap();
    let password =
        consult::domain::password::Password::parse(crate::helpers::PASSWORD, "p").unwrap();
    consult::store::users::create(
        &app.store,
        &consult::domain::audit::AuditActor::CLI,
        gmb_user,
        Some(password),
    )
    .await
    .unwrap();
    let gmb =
        app.login("rep@gmb.example", crate::helpers::PASSWORD).await["data"]["login"]["token"]
            .as_str()
            .unwrap()
            .to_owned();
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON", "GMB"]).await;

    // Two reps of one union draft together; one submits.
    let draft = app.ok(&unison, UNION_SAVE, json!({ "i": { "proposalId": id, "title": "UNISON response", "body": "We object to the regrading.", "points": ["Why is the senior grade reduced?"] } })).await["saveUnionResponse"].clone();
    assert_eq!(draft["submitted"], false);
    let stale = app
        .graphql(
            Some(&unison_colleague),
            UNION_SAVE,
            json!({ "i": { "proposalId": id, "expectedVersion": 0, "title": "x", "body": "y" } }),
        )
        .await;
    assert_eq!(
        error_code(&stale),
        "CONFLICT",
        "a co-author's newer draft is not overwritten"
    );
    let body = "Joint UNISON response to the restructure of the SEN Service.\n\nWe do not agree that the revised duties justify Grade 12.";
    let points = json!([
        "1. What job evaluation supports Grade 12 for the Senior SEN Practitioner?",
        "2. Will pay protection apply to those who are not selected?"
    ]);
    let submitted = app.ok(&unison_colleague, UNION_SAVE, json!({ "i": { "proposalId": id, "expectedVersion": 1, "title": "UNISON response", "body": body, "points": points, "failureToAgree": true, "submit": true } })).await["saveUnionResponse"].clone();
    assert_eq!(
        (
            submitted["submitted"].clone(),
            submitted["failureToAgree"].clone(),
            submitted["unionName"].clone()
        ),
        (json!(true), json!(true), json!("UNISON"))
    );
    let again = app
        .graphql(
            Some(&unison),
            UNION_SAVE,
            json!({ "i": { "proposalId": id, "title": "x", "body": "y", "submit": true } }),
        )
        .await;
    assert_eq!(error_code(&again), "CONFLICT");

    // The two points are two questions, asked by the union.
    let log = app.ok(&hr, "query($id: ID!) { proposal(id: $id) { questions { text source askerUnion status } unionResponses { unionName } } }", json!({ "id": id })).await;
    let questions = log["proposal"]["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 2);
    assert!(
        questions.iter().all(|q| q["source"] == "UNION"
            && q["askerUnion"] == "UNISON"
            && q["status"] == "OPEN")
    );
    assert_eq!(
        log["proposal"]["unionResponses"].as_array().unwrap().len(),
        1
    );

    // Another union and staff do not read it; staff cannot write one.
    let by_gmb = app
        .ok(
            &gmb,
            "query($id: ID!) { proposal(id: $id) { unionResponses { id } questions { id } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        by_gmb["proposal"],
        json!({ "unionResponses": [], "questions": [] })
    );
    let by_staff = app
        .ok(
            &staff,
            "query($id: ID!) { proposal(id: $id) { unionResponses { id } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(by_staff["proposal"]["unionResponses"], json!([]));
    let staff_write = app
        .graphql(
            Some(&staff),
            UNION_SAVE,
            json!({ "i": { "proposalId": id, "title": "x", "body": "y" } }),
        )
        .await;
    assert_eq!(error_code(&staff_write), "FORBIDDEN");
}
