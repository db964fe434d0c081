//! Joint union responses and team responses (issue 20): who drafts, signs, reads and
//! endorses them, the refusals, and the emails asking for a signature (over a real SMTP
//! server).

use crate::email::{SmtpSink, outbox, worker};
use crate::helpers::{TestApp, error_code};
use crate::proposals::open_proposal_naming;
use consult::domain::account::Role;
use serde_json::{Value, json};

crate::db_tests!(
    a_joint_response_is_submitted_once_every_union_named_has_signed,
    one_response_names_each_union,
    staff_respond_as_a_team_and_a_union_endorses_it,
);

const FIELDS: &str = "id version unionName submitted failureToAgree awaitingSignatures signatories { unionName signed failureToAgree } endorsedTeamResponses { title teamName unionName }";

fn save() -> String {
    format!(
        "mutation($i: SaveUnionResponseInput!) {{ saveUnionResponse(input: $i) {{ {FIELDS} }} }}"
    )
}

fn sign() -> String {
    format!(
        "mutation($i: SignUnionResponseInput!) {{ signUnionResponse(input: $i) {{ {FIELDS} }} }}"
    )
}

async fn responses(app: &TestApp, token: &str, id: &str) -> Value {
    app.ok(
        token,
        &format!("query($id: ID!) {{ proposal(id: $id) {{ unionResponses {{ {FIELDS} }} }} }}"),
        json!({ "id": id }),
    )
    .await["proposal"]["unionResponses"]
        .clone()
}

fn signatories(response: &Value) -> Vec<(String, bool, bool)> {
    response["signatories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["unionName"].as_str().unwrap().to_owned(),
                s["signed"].as_bool().unwrap(),
                s["failureToAgree"].as_bool().unwrap(),
            )
        })
        .collect()
}

async fn a_joint_response_is_submitted_once_every_union_named_has_signed(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, unison) = app.signed_in_rep("UNISON").await;
    let (_, gmb) = app.signed_in_rep("GMB").await;
    let (_, gmb_colleague) = app.signed_in_rep("GMB").await;
    let (_, unite) = app.signed_in_rep("Unite").await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON", "GMB", "Unite"]).await;

    // A co-signatory must be another recognised union.
    for (named, field) in [
        (json!(["NEU"]), "input.coSignatories[0]"),
        (json!(["GMB", "unison"]), "input.coSignatories[1]"),
    ] {
        let refused = app.graphql(Some(&unison), &save(), json!({ "i": { "proposalId": id, "title": "t", "body": "b", "coSignatories": named } })).await;
        assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
        assert_eq!(refused["errors"][0]["extensions"]["field"], field);
    }

    // UNISON drafts it naming GMB; any GMB rep reads and changes the draft.
    let draft = app.ok(&unison, &save(), json!({ "i": { "proposalId": id, "title": "Joint response", "body": "UNISON and GMB respond together.", "points": ["What caseload?"], "coSignatories": ["gmb"] } })).await["saveUnionResponse"].clone();
    assert_eq!(
        signatories(&draft),
        [
            ("UNISON".into(), false, false),
            ("GMB".into(), false, false)
        ]
    );
    assert_eq!(draft["awaitingSignatures"], json!(["UNISON", "GMB"]));
    let by_gmb = responses(&app, &gmb_colleague, &id).await;
    assert_eq!(by_gmb.as_array().unwrap().len(), 1, "{by_gmb}");
    assert_eq!(by_gmb[0]["id"], draft["id"]);
    assert_eq!(
        responses(&app, &unite, &id).await,
        json!([]),
        "Unite is not named"
    );
    let staff_sees = app
        .ok(
            &staff,
            "query($id: ID!) { proposal(id: $id) { unionResponses { id } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(staff_sees["proposal"]["unionResponses"], json!([]));
    let edited = app.ok(&gmb, &save(), json!({ "i": { "proposalId": id, "expectedVersion": 1, "title": "Joint response of UNISON and GMB", "body": "UNISON and GMB respond together.", "points": ["What caseload?", "Is there pay protection?"] } })).await["saveUnionResponse"].clone();
    assert_eq!(edited["version"], 2);
    assert_eq!(edited["unionName"], "UNISON", "the drafting union stays");
    assert_eq!(signatories(&edited).len(), 2, "the co-signatories are kept");
    let stale = app
        .graphql(
            Some(&unison),
            &save(),
            json!({ "i": { "proposalId": id, "expectedVersion": 1, "title": "x", "body": "y" } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");

    // UNISON signs with its own failure to agree: not yet submitted, GMB's signature awaited.
    let signed = app.ok(&unison, &save(), json!({ "i": { "proposalId": id, "expectedVersion": 2, "title": "Joint response of UNISON and GMB", "body": "UNISON and GMB respond together.", "points": ["What caseload?", "Is there pay protection?"], "failureToAgree": true, "submit": true } })).await["saveUnionResponse"].clone();
    assert_eq!(signed["submitted"], false);
    assert_eq!(signed["awaitingSignatures"], json!(["GMB"]));
    assert_eq!(
        signatories(&signed),
        [("UNISON".into(), true, true), ("GMB".into(), false, false)]
    );
    let questions = "query($id: ID!) { proposal(id: $id) { questions { text askerUnion } } }";
    assert_eq!(
        app.ok(&hr, questions, json!({ "id": id })).await["proposal"]["questions"],
        json!([])
    );

    // Its wording is now fixed; UNISON cannot sign twice; Unite is not named on it.
    let edit = app
        .graphql(
            Some(&gmb),
            &save(),
            json!({ "i": { "proposalId": id, "expectedVersion": 3, "title": "x", "body": "y" } }),
        )
        .await;
    assert_eq!(error_code(&edit), "CONFLICT", "{edit}");
    let sign_input = |v: i32, failure: bool| json!({ "i": { "responseId": signed["id"], "expectedVersion": v, "failureToAgree": failure } });
    let twice = app
        .graphql(Some(&unison), &sign(), sign_input(3, false))
        .await;
    assert_eq!(error_code(&twice), "CONFLICT");
    let by_unite = app
        .graphql(Some(&unite), &sign(), sign_input(3, false))
        .await;
    assert_eq!(error_code(&by_unite), "NOT_FOUND");
    let by_staff = app
        .graphql(Some(&staff), &sign(), sign_input(3, false))
        .await;
    assert_eq!(
        error_code(&by_staff),
        "FORBIDDEN",
        "staff do not sign for a union"
    );
    let stale = app.graphql(Some(&gmb), &sign(), sign_input(2, false)).await;
    assert_eq!(error_code(&stale), "CONFLICT");

    // Each GMB rep is asked to sign, by email.
    let asked = outbox(&app, &hr, &id, "signature_requested").await;
    assert_eq!(asked.len(), 2, "{asked:?}");
    worker(&app, &sink).run_once().await.unwrap();
    for token in [&gmb, &gmb_colleague] {
        let email = app.email_of(token).await;
        let sent = sink.to(&email, "UNISON asks GMB to sign a joint response");
        assert_eq!(sent.len(), 1, "{email}");
        assert!(
            sent[0]["text"]
                .as_str()
                .unwrap()
                .contains("Joint response of UNISON and GMB")
        );
    }
    let unison_email = app.email_of(&unison).await;
    assert!(
        sink.to(&unison_email, "sign").is_empty(),
        "the union that signed is not asked"
    );

    // GMB confirms: submitted, each union's position kept; its points become questions.
    let done = app.ok(&gmb, &sign(), sign_input(3, false)).await["signUnionResponse"].clone();
    assert_eq!(done["submitted"], true);
    assert_eq!(done["awaitingSignatures"], json!([]));
    assert_eq!(
        done["failureToAgree"], true,
        "UNISON records a failure to agree"
    );
    assert_eq!(
        signatories(&done),
        [("UNISON".into(), true, true), ("GMB".into(), true, false)]
    );
    let log = app.ok(&hr, questions, json!({ "id": id })).await["proposal"]["questions"].clone();
    assert_eq!(log.as_array().unwrap().len(), 2, "{log}");
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .all(|q| q["askerUnion"] == "UNISON")
    );
    let hr_sees = responses(&app, &hr, &id).await;
    assert_eq!(hr_sees.as_array().unwrap().len(), 1);
    assert_eq!(hr_sees[0]["submitted"], true);
    let again = app
        .graphql(
            Some(&gmb),
            &save(),
            json!({ "i": { "proposalId": id, "title": "x", "body": "y", "submit": true } }),
        )
        .await;
    assert_eq!(error_code(&again), "CONFLICT");
}

async fn one_response_names_each_union(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, unison) = app.signed_in_rep("UNISON").await;
    let (_, gmb) = app.signed_in_rep("GMB").await;
    let (_, unite) = app.signed_in_rep("Unite").await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON", "GMB", "Unite"]).await;

    // GMB has a response of its own: no other response may name it.
    app.ok(
        &gmb,
        &save(),
        json!({ "i": { "proposalId": id, "title": "GMB", "body": "Ours." } }),
    )
    .await;
    let naming_gmb = app.graphql(Some(&unison), &save(), json!({ "i": { "proposalId": id, "title": "Joint", "body": "b", "coSignatories": ["GMB"] } })).await;
    assert_eq!(error_code(&naming_gmb), "CONFLICT", "{naming_gmb}");
    // UNISON names Unite; Unite's reps then work on that response, not a new one.
    let joint = app.ok(&unison, &save(), json!({ "i": { "proposalId": id, "title": "Joint", "body": "b", "coSignatories": ["Unite"] } })).await["saveUnionResponse"].clone();
    let unites = responses(&app, &unite, &id).await;
    assert_eq!(unites.as_array().unwrap().len(), 1);
    assert_eq!(unites[0]["id"], joint["id"]);
    let fresh = app.graphql(Some(&unite), &save(), json!({ "i": { "proposalId": id, "expectedVersion": 0, "title": "Unite alone", "body": "b" } })).await;
    assert_eq!(
        error_code(&fresh),
        "CONFLICT",
        "Unite is named on UNISON's draft: {fresh}"
    );
    // Unnamed again (an empty list), Unite is free to write its own.
    app.ok(&unison, &save(), json!({ "i": { "proposalId": id, "expectedVersion": 1, "title": "UNISON", "body": "b", "coSignatories": [] } })).await;
    let own = app.ok(&unite, &save(), json!({ "i": { "proposalId": id, "expectedVersion": 0, "title": "Unite alone", "body": "b" } })).await["saveUnionResponse"].clone();
    assert_ne!(own["id"], joint["id"]);
    assert_eq!(responses(&app, &hr, &id).await.as_array().unwrap().len(), 3);
}

const TEAM: &str = "id version teamName title submitted signatories notice viewerIsMember viewerHasSigned members { name signed } endorsements { unionName statement }";

fn save_team() -> String {
    format!("mutation($i: SaveTeamResponseInput!) {{ saveTeamResponse(input: $i) {{ {TEAM} }} }}")
}

fn sign_team() -> String {
    format!("mutation($i: SignTeamResponseInput!) {{ signTeamResponse(input: $i) {{ {TEAM} }} }}")
}

fn endorse_team() -> String {
    format!(
        "mutation($i: EndorseTeamResponseInput!) {{ endorseTeamResponse(input: $i) {{ {TEAM} }} }}"
    )
}

async fn team_responses(app: &TestApp, token: &str, id: &str) -> Value {
    app.ok(
        token,
        &format!("query($id: ID!) {{ proposal(id: $id) {{ teamResponses {{ {TEAM} }} }} }}"),
        json!({ "id": id }),
    )
    .await["proposal"]["teamResponses"]
        .clone()
}

async fn staff_respond_as_a_team_and_a_union_endorses_it(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, drafter) = app.signed_in(Role::Staff).await;
    let (_, colleague) = app.signed_in(Role::Staff).await;
    let (_, bystander) = app.signed_in(Role::Staff).await;
    let (_, outsider) = app.signed_in(Role::Staff).await;
    let (_, unison) = app.signed_in_rep("UNISON").await;
    let (_, gmb) = app.signed_in_rep("GMB").await;
    let id = open_proposal_naming(
        &app,
        &hr,
        &[&drafter, &colleague, &bystander],
        &["UNISON", "GMB"],
    )
    .await;
    let colleague_email = app.email_of(&colleague).await;
    let outsider_email = app.email_of(&outsider).await;

    // Only staff the proposal affects are named; reps write collective responses instead.
    let input = |emails: Value| json!({ "i": { "proposalId": id, "teamName": "SEN Casework Team", "title": "Our response", "body": "We ask for caseloads to be capped.", "memberEmails": emails } });
    let stranger = app
        .graphql(Some(&drafter), &save_team(), input(json!([outsider_email])))
        .await;
    assert_eq!(error_code(&stranger), "BAD_USER_INPUT", "{stranger}");
    assert_eq!(
        stranger["errors"][0]["extensions"]["field"],
        "input.memberEmails[0]"
    );
    let by_rep = app
        .graphql(Some(&unison), &save_team(), input(json!([])))
        .await;
    assert_eq!(error_code(&by_rep), "FORBIDDEN");

    let draft = app
        .ok(
            &drafter,
            &save_team(),
            input(json!([colleague_email.to_uppercase()])),
        )
        .await["saveTeamResponse"]
        .clone();
    assert_eq!(draft["members"].as_array().unwrap().len(), 2);
    assert_eq!(draft["signatories"], json!([]));
    assert!(
        draft["notice"]
            .as_str()
            .unwrap()
            .contains("not confidential")
    );

    // A draft is read by its members only.
    assert_eq!(
        team_responses(&app, &colleague, &id)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    for token in [&hr, &unison, &bystander] {
        assert_eq!(team_responses(&app, token, &id).await, json!([]));
    }
    let sign_input = |v: i64, submit: bool| json!({ "i": { "id": draft["id"], "expectedVersion": v, "submit": submit } });
    let not_member = app
        .graphql(Some(&bystander), &sign_team(), sign_input(1, false))
        .await;
    assert_eq!(error_code(&not_member), "NOT_FOUND");

    // The colleague signs; the wording is then fixed; a member who has not signed cannot
    // submit it for others.
    let signed =
        app.ok(&colleague, &sign_team(), sign_input(1, false)).await["signTeamResponse"].clone();
    assert_eq!(signed["viewerHasSigned"], true);
    let edit = app.graphql(Some(&drafter), &save_team(), json!({ "i": { "proposalId": id, "id": draft["id"], "expectedVersion": 2, "teamName": "x", "title": "y", "body": "z", "memberEmails": [] } })).await;
    assert_eq!(error_code(&edit), "CONFLICT");
    let twice = app
        .graphql(Some(&colleague), &sign_team(), sign_input(2, false))
        .await;
    assert_eq!(error_code(&twice), "CONFLICT");
    let endorse_draft = app
        .graphql(
            Some(&unison),
            &endorse_team(),
            json!({ "i": { "id": draft["id"] } }),
        )
        .await;
    assert_eq!(error_code(&endorse_draft), "NOT_FOUND", "{endorse_draft}");

    // The drafter signs and submits: sent with both signatures, read by HR and the unions.
    let submitted =
        app.ok(&drafter, &sign_team(), sign_input(2, true)).await["signTeamResponse"].clone();
    assert_eq!(submitted["submitted"], true);
    assert_eq!(submitted["signatories"].as_array().unwrap().len(), 2);
    for token in [&hr, &unison, &gmb] {
        let seen = team_responses(&app, token, &id).await;
        assert_eq!(seen.as_array().unwrap().len(), 1);
        assert_eq!(seen[0]["signatories"].as_array().unwrap().len(), 2);
        assert_eq!(
            seen[0]["members"],
            json!([]),
            "only members see who was asked"
        );
    }
    assert_eq!(team_responses(&app, &bystander, &id).await, json!([]));

    // UNISON endorses it, once; the endorsement shows on UNISON's own response too.
    for token in [&hr, &drafter] {
        let refused = app
            .graphql(
                Some(token),
                &endorse_team(),
                json!({ "i": { "id": draft["id"] } }),
            )
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
    }
    let endorsed = app
        .ok(
            &unison,
            &endorse_team(),
            json!({ "i": { "id": draft["id"] } }),
        )
        .await["endorseTeamResponse"]
        .clone();
    assert_eq!(
        endorsed["endorsements"],
        json!([{ "unionName": "UNISON", "statement": "We support the attached response." }])
    );
    let again = app
        .graphql(
            Some(&unison),
            &endorse_team(),
            json!({ "i": { "id": draft["id"] } }),
        )
        .await;
    assert_eq!(error_code(&again), "CONFLICT");
    app.ok(
        &unison,
        &save(),
        json!({ "i": { "proposalId": id, "title": "UNISON", "body": "b" } }),
    )
    .await;
    let ours = responses(&app, &hr, &id).await;
    assert_eq!(
        ours[0]["endorsedTeamResponses"],
        json!([{ "title": "Our response", "teamName": "SEN Casework Team", "unionName": "UNISON" }])
    );

    // The colleague was asked to sign, by email; the drafter was not.
    assert_eq!(outbox(&app, &hr, &id, "signature_requested").await.len(), 1);
    worker(&app, &sink).run_once().await.unwrap();
    let sent = sink.to(&colleague_email, "ask you to sign a team response");
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0]["text"]
            .as_str()
            .unwrap()
            .contains("not confidential")
    );
    let drafter_email = app.email_of(&drafter).await;
    assert!(sink.to(&drafter_email, "sign").is_empty());
}
