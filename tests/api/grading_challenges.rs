//! Grading challenges through HTTP (issue 20): staff in the post and recognised unions
//! challenge the grade of a revised JD, pointing at the duty-level diff; who may raise and
//! see them; HR's outcome (re-evaluated under a named scheme, or confirmed with reasons); a
//! regrade flowing into the proposed structure's costs as a new revision; and the emails.

use crate::db_tests;
use crate::email::{SmtpSink, worker};
use crate::helpers::{PASSWORD, TestApp, error_code};
use crate::proposals::open_proposal_naming;
use crate::timetable::{FIELDS, version};
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    staff_in_the_post_and_recognised_unions_challenge_and_each_sees_only_what_they_may,
    hr_records_the_outcome_once_and_a_regrade_moves_the_costs_as_a_new_revision,
    a_challenge_tells_hr_and_its_outcome_tells_the_challenger,
    the_demo_has_unisons_challenge_to_the_senior_practitioner_grade_awaiting_an_outcome,
);

const CHALLENGE: &str =
    "mutation($i: ChallengeGradeInput!) { challengeGrade(input: $i) { id version status
    currentTitle currentGrade revisedTitle revisedGrade unionName believedGrade evidence
    challenger { email } areas { kind currentDutyNumber revisedDutyNumber revisedText note } } }";
const OUTCOME: &str = "mutation($i: RecordGradingOutcomeInput!) { recordGradingOutcome(input: $i) {
    id version status scheme resultingGrade outcomeReasons decidedAt } }";
const LIST: &str = "query($p: ID!, $s: [GradingChallengeStatus!], $jd: ID) {
    gradingChallenges(proposalId: $p, status: $s, jobDescriptionId: $jd) { id status unionName challenger { email } }
    gradingChallengeCounts(proposalId: $p) { awaitingOutcome reEvaluated gradeConfirmed total } }";
const ELIGIBLE: &str = "query($jd: ID!) { gradeChallengeEligibility(jobDescriptionId: $jd) { allowed reason unionName } }";

struct Cast {
    hr: String,
    staff: String,
    staff_email: String,
    sponsor: String,
    unison: String,
    gmb: String,
    outsider: String,
    id: String,
    /// The SEN Caseworker JD the staff member's post has, revised with a new duty.
    jd: String,
    /// A revised JD of no post anyone holds.
    other_jd: String,
    /// A JD whose revision changes nothing.
    same_jd: String,
}

async fn jd(
    app: &TestApp,
    hr: &str,
    id: &str,
    title: &str,
    versions: &[Value],
) -> (String, Vec<String>) {
    let created = app
        .ok(
            hr,
            "mutation($id: ID!, $t: String!, $v: JobDescriptionVersionInput!) { createJobDescription(input: {proposalId: $id, title: $t, version: $v}) { id versions { id } } }",
            json!({ "id": id, "t": title, "v": versions[0] }),
        )
        .await;
    let jd_id = created["createJobDescription"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut ids = vec![
        created["createJobDescription"]["versions"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
    ];
    for v in &versions[1..] {
        let added = app
            .ok(
                hr,
                "mutation($jd: ID!, $v: JobDescriptionVersionInput!) { addJobDescriptionVersion(input: {jobDescriptionId: $jd, version: $v}) { id } }",
                json!({ "jd": jd_id, "v": v }),
            )
            .await;
        ids.push(
            added["addJobDescriptionVersion"]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    (jd_id, ids)
}

fn version_input(label: &str, grade: &str, duties: &[&str]) -> Value {
    json!({ "label": label, "purpose": "Casework for children with SEN.", "proposedGrade": grade,
        "duties": duties.iter().enumerate().map(|(i, t)| json!({ "number": i + 1, "text": t })).collect::<Vec<_>>() })
}

/// A proposal open for consultation recognising UNISON and GMB, naming one member of staff
/// in the SEN Caseworker post (Grade 9, 1 FTE now, 2 FTE proposed), with a sponsor, and
/// three JDs.
async fn cast(app: &TestApp) -> Cast {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let (_, unison) = app.signed_in_rep("UNISON").await;
    let (_, gmb) = app.signed_in_rep("GMB").await;
    let (_, outsider) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(app, &hr, &[&staff], &["UNISON", "GMB"]).await;
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(app, &hr, &id).await, "f": { "sponsorId": sponsor_id } }),
    )
    .await;
    let current = version_input(
        "Current",
        "Grade 9",
        &[
            "Manage a caseload of EHC needs assessments.",
            "Attend annual reviews of EHC plans.",
        ],
    );
    let revised = version_input(
        "Proposed",
        "Grade 9",
        &[
            "Manage a caseload of EHC needs assessments.",
            "Attend annual reviews of EHC plans.",
            "Write EHC plans in house, with outcomes agreed with families.",
        ],
    );
    let (jd_id, versions) = jd(
        app,
        &hr,
        &id,
        "SEN Caseworker",
        &[current.clone(), revised.clone()],
    )
    .await;
    let (other_jd, _) = jd(
        app,
        &hr,
        &id,
        "SEN Team Manager",
        &[current.clone(), revised],
    )
    .await;
    let (same_jd, _) = jd(app, &hr, &id, "Administrator", &[current.clone(), current]).await;
    // The caseworker post: its current side is the current JD, its proposed side the revision.
    let posts = app
        .ok(&hr, "query($id: ID!) { proposal(id: $id) { posts(first: 10) { edges { node { id version current { fte headcount } proposed { fte headcount } } } } } }", json!({ "id": id }))
        .await;
    let post = &posts["proposal"]["posts"]["edges"][0]["node"];
    app.ok(
        &hr,
        "mutation($i: UpdatePostInput!) { updatePost(input: $i) { version } }",
        json!({ "i": { "id": post["id"], "expectedVersion": post["version"],
            "current": { "grade": "Grade 9", "fte": post["current"]["fte"], "headcount": post["current"]["headcount"], "jobDescriptionVersionId": versions[0] },
            "proposed": { "grade": "Grade 9", "fte": post["proposed"]["fte"], "headcount": post["proposed"]["headcount"], "jobDescriptionVersionId": versions[1] } } }),
    )
    .await;
    Cast {
        staff_email: app.email_of(&staff).await,
        hr,
        staff,
        sponsor,
        unison,
        gmb,
        outsider,
        id,
        jd: jd_id,
        other_jd,
        same_jd,
    }
}

fn challenge_input(jd: &str, duty: i64) -> Value {
    json!({ "i": { "jobDescriptionId": jd,
        "areas": [{ "revisedDutyNumber": duty, "note": "Writing plans was the external provider's work." }],
        "believedGrade": "Grade 10",
        "evidence": "Our own evaluation under the NJC scheme scores the revised job in the Grade 10 band." } })
}

fn list(body: &Value) -> Vec<Value> {
    body["gradingChallenges"].as_array().unwrap().clone()
}

async fn staff_in_the_post_and_recognised_unions_challenge_and_each_sees_only_what_they_may(
    app: TestApp,
) {
    let c = cast(&app).await;
    let eligible = app.ok(&c.staff, ELIGIBLE, json!({ "jd": c.jd })).await;
    assert_eq!(
        eligible["gradeChallengeEligibility"]["allowed"], true,
        "{eligible}"
    );
    let hr_eligible = app.ok(&c.hr, ELIGIBLE, json!({ "jd": c.jd })).await;
    assert_eq!(hr_eligible["gradeChallengeEligibility"]["allowed"], false);
    let union_eligible = app.ok(&c.unison, ELIGIBLE, json!({ "jd": c.jd })).await;
    assert_eq!(
        union_eligible["gradeChallengeEligibility"]["unionName"],
        "UNISON"
    );

    // An area must be a duty the revision changed: duty 1 is unchanged, duty 9 does not exist.
    let body = app
        .graphql(Some(&c.staff), CHALLENGE, challenge_input(&c.jd, 1))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["field"],
        "input.areas[0].revisedDutyNumber"
    );
    let body = app
        .graphql(Some(&c.staff), CHALLENGE, challenge_input(&c.jd, 9))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    let mut no_evidence = challenge_input(&c.jd, 3);
    no_evidence["i"]["evidence"] = json!("  ");
    let body = app.graphql(Some(&c.staff), CHALLENGE, no_evidence).await;
    assert_eq!(
        body["errors"][0]["extensions"]["field"], "input.evidence",
        "{body}"
    );

    let mine =
        app.ok(&c.staff, CHALLENGE, challenge_input(&c.jd, 3)).await["challengeGrade"].clone();
    assert_eq!(mine["status"], "AWAITING_OUTCOME");
    assert_eq!(mine["currentTitle"], "SEN Caseworker");
    assert_eq!(mine["currentGrade"], "Grade 9");
    assert_eq!(mine["revisedGrade"], "Grade 9");
    assert_eq!(mine["unionName"], Value::Null);
    assert_eq!(mine["challenger"]["email"], c.staff_email.as_str());
    assert_eq!(
        mine["areas"],
        json!([{ "kind": "NEW", "currentDutyNumber": null, "revisedDutyNumber": 3,
            "revisedText": "Write EHC plans in house, with outcomes agreed with families.",
            "note": "Writing plans was the external provider's work." }])
    );
    // One open challenge per person per JD.
    let body = app
        .graphql(Some(&c.staff), CHALLENGE, challenge_input(&c.jd, 3))
        .await;
    assert_eq!(error_code(&body), "CONFLICT", "{body}");

    let theirs = app
        .ok(&c.unison, CHALLENGE, challenge_input(&c.jd, 3))
        .await["challengeGrade"]
        .clone();
    assert_eq!(theirs["unionName"], "UNISON");
    let body = app
        .graphql(Some(&c.unison), CHALLENGE, challenge_input(&c.jd, 3))
        .await;
    assert_eq!(
        error_code(&body),
        "CONFLICT",
        "one open challenge per union: {body}"
    );

    // Refusals: HR and the sponsor set grades; staff not in the post; a JD whose revision
    // changes nothing; someone who cannot see the proposal.
    for token in [&c.hr, &c.sponsor] {
        let body = app
            .graphql(Some(token), CHALLENGE, challenge_input(&c.jd, 3))
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    }
    let body = app
        .graphql(Some(&c.staff), CHALLENGE, challenge_input(&c.other_jd, 3))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "not their post: {body}");
    let body = app
        .graphql(Some(&c.gmb), CHALLENGE, challenge_input(&c.same_jd, 1))
        .await;
    assert_eq!(error_code(&body), "PRECONDITION_FAILED", "{body}");
    let body = app
        .graphql(Some(&c.outsider), CHALLENGE, challenge_input(&c.jd, 3))
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["field"],
        "input.jobDescriptionId"
    );

    // Who sees what: HR and the sponsor all; a union its own; staff their own.
    let seen = |token: &str| {
        let token = token.to_owned();
        let app = &app;
        let id = c.id.clone();
        async move { app.ok(&token, LIST, json!({ "p": id })).await }
    };
    for token in [&c.hr, &c.sponsor] {
        let body = seen(token).await;
        assert_eq!(list(&body).len(), 2, "{body}");
        assert_eq!(
            body["gradingChallengeCounts"],
            json!({ "awaitingOutcome": 2, "reEvaluated": 0, "gradeConfirmed": 0, "total": 2 })
        );
    }
    let body = seen(&c.unison).await;
    assert_eq!(list(&body).len(), 1);
    assert_eq!(list(&body)[0]["id"], theirs["id"]);
    assert_eq!(body["gradingChallengeCounts"]["total"], 1);
    let body = seen(&c.gmb).await;
    assert!(list(&body).is_empty(), "{body}");
    assert_eq!(body["gradingChallengeCounts"]["total"], 0);
    let body = seen(&c.staff).await;
    assert_eq!(list(&body).len(), 1);
    assert_eq!(list(&body)[0]["id"], mine["id"]);
    let body = app
        .graphql(Some(&c.outsider), LIST, json!({ "p": c.id }))
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND");
    // Filtered by JD.
    let body = app
        .ok(&c.hr, LIST, json!({ "p": c.id, "jd": c.other_jd }))
        .await;
    assert!(list(&body).is_empty());
}

async fn hr_records_the_outcome_once_and_a_regrade_moves_the_costs_as_a_new_revision(app: TestApp) {
    let c = cast(&app).await;
    app.ok(
        &c.hr,
        "mutation { setPayScale(input: {grade: \"Grade 10\", annualCost: \"40000\"}) { grade } }",
        json!({}),
    )
    .await;
    let mine =
        app.ok(&c.staff, CHALLENGE, challenge_input(&c.jd, 3)).await["challengeGrade"].clone();
    let theirs = app
        .ok(&c.unison, CHALLENGE, challenge_input(&c.jd, 3))
        .await["challengeGrade"]
        .clone();
    let outcome = |challenge: &Value, fields: Value| {
        let mut input =
            json!({ "challengeId": challenge["id"], "expectedVersion": challenge["version"] });
        input
            .as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        json!({ "i": input })
    };
    let re_evaluated =
        json!({ "outcome": "RE_EVALUATED", "scheme": "NJC", "resultingGrade": "Grade 10" });

    // Only HR records outcomes; a union that cannot see the challenge is told it does not exist.
    for token in [&c.sponsor, &c.staff] {
        let body = app
            .graphql(Some(token), OUTCOME, outcome(&mine, re_evaluated.clone()))
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    }
    let body = app
        .graphql(
            Some(&c.gmb),
            OUTCOME,
            outcome(&theirs, re_evaluated.clone()),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    let body = app
        .graphql(
            Some(&c.hr),
            OUTCOME,
            outcome(
                &mine,
                json!({ "outcome": "RE_EVALUATED", "resultingGrade": "Grade 10" }),
            ),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["field"], "input.scheme",
        "{body}"
    );
    let body = app
        .graphql(
            Some(&c.hr),
            OUTCOME,
            outcome(&mine, json!({ "outcome": "GRADE_CONFIRMED" })),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["field"], "input.reasons",
        "{body}"
    );
    let body = app
        .graphql(
            Some(&c.hr),
            OUTCOME,
            outcome(
                &mine,
                json!({ "outcome": "RE_EVALUATED", "scheme": "NJC", "resultingGrade": "Grade 99" }),
            ),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["field"], "input.resultingGrade",
        "no pay scale: {body}"
    );
    let mut stale = outcome(&mine, re_evaluated.clone());
    stale["i"]["expectedVersion"] = json!(7);
    let body = app.graphql(Some(&c.hr), OUTCOME, stale).await;
    assert_eq!(error_code(&body), "CONFLICT", "{body}");

    let costs = "query($id: ID!) { proposal(id: $id) { costs { costAfter }
        posts(first: 10) { edges { node { proposed { grade } } } } revisions { number changeSummary } } }";
    let before = app.ok(&c.hr, costs, json!({ "id": c.id })).await;
    assert_eq!(before["proposal"]["costs"]["costAfter"], "73400.00");

    let decided = app
        .ok(&c.hr, OUTCOME, outcome(&mine, re_evaluated.clone()))
        .await["recordGradingOutcome"]
        .clone();
    assert_eq!(decided["status"], "RE_EVALUATED");
    assert_eq!(decided["scheme"], "NJC");
    assert_eq!(decided["resultingGrade"], "Grade 10");
    assert!(decided["decidedAt"].is_string());
    let after = app.ok(&c.hr, costs, json!({ "id": c.id })).await;
    assert_eq!(
        after["proposal"]["costs"]["costAfter"], "80000.00",
        "{after}"
    );
    assert_eq!(
        after["proposal"]["posts"]["edges"][0]["node"]["proposed"]["grade"],
        "Grade 10"
    );
    let revisions = after["proposal"]["revisions"].as_array().unwrap();
    let last = revisions.last().unwrap();
    assert_eq!(
        last["changeSummary"],
        "Grading challenge on SEN Caseworker: re-evaluated under NJC; proposed grade changed from Grade 9 to Grade 10."
    );
    assert_eq!(
        last["number"].as_i64().unwrap(),
        before["proposal"]["revisions"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()["number"]
            .as_i64()
            .unwrap()
            + 1
    );
    // Recorded once.
    let body = app
        .graphql(Some(&c.hr), OUTCOME, outcome(&decided, re_evaluated))
        .await;
    assert_eq!(error_code(&body), "CONFLICT", "{body}");

    let confirmed = app
        .ok(&c.hr, OUTCOME, outcome(&theirs, json!({ "outcome": "GRADE_CONFIRMED", "reasons": "Writing plans is within the Grade 9 band's level of responsibility." })))
        .await["recordGradingOutcome"]
        .clone();
    assert_eq!(confirmed["status"], "GRADE_CONFIRMED");
    assert_eq!(confirmed["resultingGrade"], Value::Null);
    let open = app
        .ok(&c.hr, LIST, json!({ "p": c.id, "s": ["AWAITING_OUTCOME"] }))
        .await;
    assert!(list(&open).is_empty());
    assert_eq!(
        open["gradingChallengeCounts"],
        json!({ "awaitingOutcome": 0, "reEvaluated": 1, "gradeConfirmed": 1, "total": 2 })
    );
    // The staff member sees their own outcome.
    let own = app
        .ok(
            &c.staff,
            LIST,
            json!({ "p": c.id, "s": ["RE_EVALUATED", "GRADE_CONFIRMED"] }),
        )
        .await;
    assert_eq!(list(&own).len(), 1);
    assert_eq!(list(&own)[0]["status"], "RE_EVALUATED");
}

async fn a_challenge_tells_hr_and_its_outcome_tells_the_challenger(app: TestApp) {
    let sink = SmtpSink::start();
    let c = cast(&app).await;
    let hr_email = app.email_of(&c.hr).await;
    let mine =
        app.ok(&c.staff, CHALLENGE, challenge_input(&c.jd, 3)).await["challengeGrade"].clone();
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    let received = sink.to(&hr_email, "Grading challenge: SEN Caseworker");
    assert_eq!(received.len(), 1, "{:?}", sink.messages());
    let text = received[0]["text"].as_str().unwrap();
    assert!(
        text.contains("A member of staff in the post has challenged"),
        "{text}"
    );
    assert!(
        text.contains("The grade they believe is right: Grade 10"),
        "{text}"
    );
    assert!(
        text.contains(&format!("/proposals/{}/job-descriptions/{}", c.id, c.jd)),
        "{text}"
    );
    assert!(
        sink.to(&c.staff_email, "").is_empty() || sink.to(&c.staff_email, "Grading").is_empty()
    );

    app.ok(
        &c.hr,
        OUTCOME,
        json!({ "i": { "challengeId": mine["id"], "expectedVersion": mine["version"], "outcome": "GRADE_CONFIRMED",
            "reasons": "Evaluated under NJC at 412 points, within Grade 9." } }),
    )
    .await;
    worker.run_once().await.unwrap();
    let outcome = sink.to(
        &c.staff_email,
        "Outcome of your grading challenge: SEN Caseworker",
    );
    assert_eq!(outcome.len(), 1, "{:?}", sink.messages());
    let text = outcome[0]["text"].as_str().unwrap();
    assert!(
        text.contains("The proposed grade, Grade 9, is confirmed."),
        "{text}"
    );
    assert!(text.contains("Evaluated under NJC at 412 points"), "{text}");
    // Nobody else hears of the outcome; HR heard of the challenge once.
    assert!(
        sink.to(&hr_email, "Outcome of your grading challenge")
            .is_empty()
    );
    worker.run_once().await.unwrap();
    assert_eq!(
        sink.to(&hr_email, "Grading challenge: SEN Caseworker")
            .len(),
        1
    );
}

async fn the_demo_has_unisons_challenge_to_the_senior_practitioner_grade_awaiting_an_outcome(
    app: TestApp,
) {
    consult::demo::load(&app.store, consult::demo::DemoPasswords::Use(PASSWORD))
        .await
        .unwrap();
    let login = |email: &'static str| {
        let app = &app;
        async move {
            app.login(email, PASSWORD).await["data"]["login"]["token"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let hr = login("hr@bury.example").await;
    let proposals = app
        .ok(
            &hr,
            "{ proposals { edges { node { id title } } } }",
            json!({}),
        )
        .await;
    let sen = proposals["proposals"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["title"] != consult::demo::business_support::TITLE)
        .unwrap()["node"]["id"]
        .clone();
    let q = "query($p: ID!) { gradingChallenges(proposalId: $p, status: [AWAITING_OUTCOME]) {
        currentTitle currentGrade revisedTitle revisedGrade unionName believedGrade areas { kind revisedDutyNumber } } }";
    let body = app.ok(&hr, q, json!({ "p": sen })).await;
    let all = body["gradingChallenges"].as_array().unwrap();
    assert_eq!(all.len(), 1, "{body}");
    let c = &all[0];
    assert_eq!(c["revisedTitle"], "Senior SEN Practitioner");
    assert_eq!(c["currentGrade"], "Grade 13");
    assert_eq!(c["revisedGrade"], "Grade 12");
    assert_eq!(c["unionName"], "UNISON");
    assert_eq!(c["believedGrade"], "Grade 13");
    assert_eq!(c["areas"].as_array().unwrap().len(), 3);
    // GMB's representative does not see UNISON's challenge; UNISON's does.
    let gmb = login("gmb.rep@bury.example").await;
    assert!(
        app.ok(&gmb, q, json!({ "p": sen })).await["gradingChallenges"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let unison = login("unison.rep@bury.example").await;
    assert_eq!(
        app.ok(&unison, q, json!({ "p": sen })).await["gradingChallenges"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
