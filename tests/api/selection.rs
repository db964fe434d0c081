//! Selection in a competitive pool through HTTP: criteria, assessors, scoring, moderation, a
//! tie at the last post, publication, and every role's refusals.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use crate::timetable::bury_proposal;
use consult::domain::account::Role;
use serde_json::{Value, json};
use std::collections::HashMap;

db_tests!(
    a_pool_is_scored_moderated_tie_broken_and_published_each_score_audited,
    only_this_pools_assessors_score_and_others_never_see_the_scores,
    the_set_up_is_checked_and_fixed_once_scoring_begins,
);

const SELECTION: &str = "criteria { id name weight } scale { min max descriptors { score text } } assessors { userId name } postsToFill maxTotal scoresOutstanding moderationOutstanding blockers publishedAt version boundaryTie { places resolved employeeIds } candidates { employeeId name weightedTotal rank tie tieAtBoundary tieNote selected tieBreakReason cells { criterionId state finalScore moderatedScore moderationNote assessorScores { assessorId score version } } }";

fn q(body: &str) -> String {
    body.replace("SEL", SELECTION)
}

/// A signed-in account with `email` and `role`: (user id, token).
async fn account(app: &TestApp, email: &str, role: Role) -> (String, String) {
    let id = app.create_user(email, role).await;
    let body = app.login(email, crate::helpers::PASSWORD).await;
    (
        id,
        body["data"]["login"]["token"].as_str().unwrap().to_owned(),
    )
}

/// The Bury proposal's posts by title and employees by number.
async fn ids(
    app: &TestApp,
    hr: &str,
    id: &str,
) -> (HashMap<String, String>, HashMap<String, String>) {
    let body = app
        .ok(
            hr,
            "query($id: ID!) { proposal(id: $id) { posts(first: 100) { edges { node { id title } } } employees(first: 100) { edges { node { id employeeNumber } } } } }",
            json!({ "id": id }),
        )
        .await;
    let map = |list: &Value, key: &str| {
        list["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["node"][key].as_str().unwrap().to_owned(),
                    e["node"]["id"].as_str().unwrap().to_owned(),
                )
            })
            .collect::<HashMap<_, _>>()
    };
    (
        map(&body["proposal"]["posts"], "title"),
        map(&body["proposal"]["employees"], "employeeNumber"),
    )
}

struct Pool {
    id: String,
    version: i64,
    /// Employee ids by number: E1 (Alex Moore), E2 (Farzana Hussain), C0.
    people: HashMap<String, String>,
}

/// A ring fence for the one Senior SEN Practitioner post of the new structure, competed for
/// by the two seniors and (with HR's reason) caseworker C0: one post, three people.
async fn senior_pool(app: &TestApp, hr: &str, proposal: &str, name: &str) -> Pool {
    let (posts, people) = ids(app, hr, proposal).await;
    let senior = &posts["Senior SEN Practitioner"];
    let created = app
        .ok(
            hr,
            "mutation($i: CreateRingFenceInput!) { createRingFence(input: $i) { id version postsToFill } }",
            json!({ "i": { "proposalId": proposal, "name": name, "rule": "Holders of the current posts",
                "fromPostIds": [senior], "toPostIds": [senior],
                "memberIds": [people["E1"], people["E2"], people["C0"]],
                "memberReasons": [{ "employeeId": people["C0"], "reason": "Acting up as a senior since 2023" }] } }),
        )
        .await["createRingFence"]
        .clone();
    assert_eq!(created["postsToFill"], 1);
    Pool {
        id: created["id"].as_str().unwrap().to_owned(),
        version: created["version"].as_i64().unwrap(),
        people,
    }
}

const SET_CRITERIA: &str =
    "mutation($i: SetSelectionCriteriaInput!) { setSelectionCriteria(input: $i) { SEL } }";
const SET_ASSESSORS: &str =
    "mutation($i: SetPoolAssessorsInput!) { setPoolAssessors(input: $i) { SEL } }";
const SCORE: &str =
    "mutation($i: RecordSelectionScoreInput!) { recordSelectionScore(input: $i) { SEL } }";
const MODERATE: &str =
    "mutation($i: ModerateSelectionScoreInput!) { moderateSelectionScore(input: $i) { SEL } }";
const TIE_BREAK: &str = "mutation($i: RecordTieBreakInput!) { recordTieBreak(input: $i) { SEL } }";
const PUBLISH: &str =
    "mutation($i: PublishSelectionOutcomeInput!) { publishSelectionOutcome(input: $i) { SEL } }";
const READ: &str = "query($id: ID!) { selection(ringFenceId: $id) { SEL } }";
const MINE: &str = "{ mySelectionScores { ringFenceId poolName weightedTotal maxTotal rank candidateCount postsToFill selected tie scores { criterion weight score } } }";
const TASKS: &str = "{ myAssessments { ringFenceId poolName proposalTitle candidateCount criteriaCount scoresRemaining published } }";

fn criteria_input(pool: &Pool, weights: (i32, i32)) -> Value {
    json!({ "i": { "ringFenceId": pool.id, "expectedVersion": pool.version,
        "criteria": [
            { "name": "Performance", "description": "Appraisals of the last two years", "weight": weights.0 },
            { "name": "Skills", "weight": weights.1 },
        ],
        "scale": { "max": 4, "descriptors": [{ "score": 0, "text": "No evidence" }, { "score": 4, "text": "Exceeds the requirement" }] } } })
}

/// Sets the criteria (60/40) and returns their ids.
async fn set_criteria(app: &TestApp, hr: &str, pool: &Pool) -> (String, String) {
    let set = app
        .ok(hr, &q(SET_CRITERIA), criteria_input(pool, (60, 40)))
        .await["setSelectionCriteria"]
        .clone();
    (
        set["criteria"][0]["id"].as_str().unwrap().to_owned(),
        set["criteria"][1]["id"].as_str().unwrap().to_owned(),
    )
}

fn score(pool: &Pool, employee: &str, criterion: &str, score: i32) -> Value {
    json!({ "i": { "ringFenceId": pool.id, "employeeId": pool.people[employee], "criterionId": criterion, "score": score } })
}

async fn audit_count(app: &TestApp, hr: &str, pool: &Pool) -> Vec<Value> {
    let body = app
        .ok(
            hr,
            "query($e: ID!) { auditEvents(entityType: \"selection_score\", entityId: $e, first: 100) { edges { node { action before after actor { id } } } } }",
            json!({ "e": pool.id }),
        )
        .await;
    body["auditEvents"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

// Williams v Compair Maxam [1982] ICR 156: criteria applied by more than one assessor, the
// scores reconciled openly; a tie at the last post broken by HR with a reason, never silently.
async fn a_pool_is_scored_moderated_tie_broken_and_published_each_score_audited(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (m1_id, m1) = app.signed_in(Role::Manager).await;
    let (m2_id, m2) = app.signed_in(Role::Manager).await;
    let (_, alex) = account(&app, "alex@bury.example", Role::Staff).await;
    let proposal = bury_proposal(&app, &hr, 0).await;
    let pool = senior_pool(&app, &hr, &proposal, "Senior practitioner pool").await;

    // Weights are percentages adding up to 100.
    let refused = app
        .graphql(Some(&hr), &q(SET_CRITERIA), criteria_input(&pool, (60, 30)))
        .await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("add up to 90"),
        "{refused}"
    );
    let (perf, skills) = set_criteria(&app, &hr, &pool).await;
    let set = app
        .ok(
            &hr,
            &q(SET_ASSESSORS),
            json!({ "i": { "ringFenceId": pool.id, "assessorIds": [m1_id, m2_id] } }),
        )
        .await["setPoolAssessors"]
        .clone();
    assert_eq!(set["assessors"].as_array().unwrap().len(), 2);
    assert_eq!(set["scale"]["max"], 4);
    assert_eq!(set["maxTotal"], 400);
    assert_eq!(set["scoresOutstanding"], 6, "cells awaiting a score");

    // The manager's tasks: the pool, with every score to give.
    let tasks = app.ok(&m1, TASKS, json!({})).await["myAssessments"].clone();
    assert_eq!(
        tasks,
        json!([{ "ringFenceId": pool.id, "poolName": "Senior practitioner pool",
            "proposalTitle": "Restructure of the SEN Service", "candidateCount": 3,
            "criteriaCount": 2, "scoresRemaining": 6, "published": false }])
    );

    // A score outside the scale is refused.
    let outside = app
        .graphql(Some(&m1), &q(SCORE), score(&pool, "E1", &perf, 5))
        .await;
    assert_eq!(error_code(&outside), "BAD_USER_INPUT");
    assert_eq!(outside["errors"][0]["extensions"]["field"], "input.score");

    // E1: both 4 and 3 (360). E2: 4/2 on performance (they differ), 3 on skills. C0: 1 and 1.
    for (token, e2_perf) in [(&m1, 4), (&m2, 2)] {
        for (employee, p, s) in [("E1", 4, 3), ("E2", e2_perf, 3), ("C0", 1, 1)] {
            app.ok(token, &q(SCORE), score(&pool, employee, &perf, p))
                .await;
            app.ok(token, &q(SCORE), score(&pool, employee, &skills, s))
                .await;
        }
    }
    // An assessor changes a score, naming the version they saw.
    let first = app.ok(&m1, &q(READ), json!({ "id": pool.id })).await["selection"].clone();
    let c0 = &first["candidates"][2];
    let version = c0["cells"][1]["assessorScores"][0]["version"].clone();
    let mut change = score(&pool, "C0", &skills, 2);
    change["i"]["expectedVersion"] = version;
    app.ok(&m1, &q(SCORE), change.clone()).await;
    let stale = app.graphql(Some(&m1), &q(SCORE), change).await;
    assert_eq!(error_code(&stale), "CONFLICT");
    app.ok(&m2, &q(SCORE), score(&pool, "C0", &skills, 2)).await;

    let view = app.ok(&hr, &q(READ), json!({ "id": pool.id })).await["selection"].clone();
    let e2 = &view["candidates"][1];
    assert_eq!(e2["cells"][0]["state"], "MODERATION_OUTSTANDING");
    assert_eq!(
        e2["cells"][0]["assessorScores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["score"].clone())
            .collect::<Vec<_>>(),
        vec![json!(4), json!(2)],
        "both scores shown until moderated"
    );
    assert_eq!(e2["weightedTotal"], Value::Null);
    assert_eq!(view["candidates"][0]["weightedTotal"], 360);
    assert_eq!(view["candidates"][0]["cells"][0]["state"], "AGREED");
    assert_eq!(view["moderationOutstanding"], 1);
    assert_eq!(view["candidates"][0]["rank"], Value::Null, "no ranking yet");

    // Publishing says what is outstanding.
    let publish = json!({ "i": { "ringFenceId": pool.id } });
    let refused = app.graphql(Some(&hr), &q(PUBLISH), publish.clone()).await;
    assert_eq!(error_code(&refused), "PRECONDITION_FAILED");
    let missing = refused["errors"][0]["extensions"]["missing"].clone();
    assert_eq!(
        missing,
        json!(["Farzana Hussain (E2): Performance: the assessors differ, moderation outstanding."])
    );

    // Moderation where the assessors differ needs a note; to 4 it ties E2 with E1 at 360.
    let mut moderation = score(&pool, "E2", &perf, 4);
    let no_note = app
        .graphql(Some(&hr), &q(MODERATE), moderation.clone())
        .await;
    assert_eq!(error_code(&no_note), "BAD_USER_INPUT");
    assert_eq!(no_note["errors"][0]["extensions"]["field"], "input.note");
    moderation["i"]["note"] = json!("The appraisal evidence supports the higher score");
    let tied = app.ok(&hr, &q(MODERATE), moderation).await["moderateSelectionScore"].clone();
    let ranks: Vec<Value> = tied["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            json!([
                c["weightedTotal"],
                c["rank"],
                c["tieAtBoundary"],
                c["selected"]
            ])
        })
        .collect();
    assert_eq!(
        ranks,
        vec![
            json!([360, 1, true, null]),
            json!([360, 1, true, null]),
            json!([140, 3, false, false])
        ]
    );
    assert!(
        tied["candidates"][0]["tieNote"]
            .as_str()
            .unwrap()
            .contains("needs a tie-break decision")
    );
    assert_eq!(tied["candidates"][1]["cells"][0]["state"], "MODERATED");

    // A tie at the last post blocks publication until HR breaks it, with a reason.
    let refused = app.graphql(Some(&hr), &q(PUBLISH), publish.clone()).await;
    assert_eq!(error_code(&refused), "PRECONDITION_FAILED");
    let missing = refused["errors"][0]["extensions"]["missing"][0]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        missing.contains("Tie at the last post") && missing.contains("Alex Moore"),
        "{missing}"
    );
    let both = app
        .graphql(
            Some(&hr),
            &q(TIE_BREAK),
            json!({ "i": { "ringFenceId": pool.id, "employeeIds": [pool.people["E1"], pool.people["E2"]], "reason": "x" } }),
        )
        .await;
    assert_eq!(error_code(&both), "BAD_USER_INPUT", "one place for two");
    let broken = app
        .ok(
            &hr,
            &q(TIE_BREAK),
            json!({ "i": { "ringFenceId": pool.id, "employeeIds": [pool.people["E2"]], "reason": "Higher score on the more heavily weighted criterion at interview" } }),
        )
        .await["recordTieBreak"]
        .clone();
    assert_eq!(broken["candidates"][1]["selected"], true);
    assert_eq!(broken["candidates"][0]["selected"], false);
    assert!(broken["candidates"][1]["tieBreakReason"].as_str().is_some());
    assert_eq!(broken["blockers"], json!([]));

    // Before publication a candidate sees nothing of it.
    assert_eq!(
        app.ok(&alex, MINE, json!({})).await["mySelectionScores"],
        json!([])
    );
    let denied = app
        .graphql(Some(&alex), &q(READ), json!({ "id": pool.id }))
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN");

    let published =
        app.ok(&hr, &q(PUBLISH), publish.clone()).await["publishSelectionOutcome"].clone();
    assert!(published["publishedAt"].is_string());

    // After publication: the candidate sees their own scores and rank, nobody else's.
    let mine = app.ok(&alex, MINE, json!({})).await["mySelectionScores"].clone();
    assert_eq!(
        mine,
        json!([{ "ringFenceId": pool.id, "poolName": "Senior practitioner pool",
            "weightedTotal": 360, "maxTotal": 400, "rank": 1, "candidateCount": 3, "postsToFill": 1,
            "selected": false, "tie": true,
            "scores": [{ "criterion": "Performance", "weight": 60, "score": 4 },
                       { "criterion": "Skills", "weight": 40, "score": 3 }] }])
    );
    let denied = app
        .graphql(Some(&alex), &q(READ), json!({ "id": pool.id }))
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN", "still not the matrix");

    // Nothing changes after publication.
    let late = app
        .graphql(Some(&m1), &q(SCORE), score(&pool, "E1", &perf, 1))
        .await;
    assert_eq!(error_code(&late), "PRECONDITION_FAILED");
    let late = app.graphql(Some(&hr), &q(PUBLISH), publish).await;
    assert_eq!(error_code(&late), "PRECONDITION_FAILED");
    let tasks = app.ok(&m1, TASKS, json!({})).await["myAssessments"].clone();
    assert_eq!(tasks[0]["scoresRemaining"], 0);
    assert_eq!(tasks[0]["published"], true);

    // Every score change is in the audit log with its before and after: 12 scores, two
    // changes, one moderation.
    let events = audit_count(&app, &hr, &pool).await;
    let recorded = events
        .iter()
        .filter(|e| e["action"] == "selection_score.recorded")
        .count();
    assert_eq!(recorded, 14, "{events:?}");
    let changed: Vec<&Value> = events
        .iter()
        .filter(|e| e["action"] == "selection_score.recorded" && !e["before"].is_null())
        .collect();
    assert_eq!(changed.len(), 2);
    assert_eq!(changed[0]["after"]["score"], 2);
    assert_eq!(changed[0]["before"]["score"], 1);
    let moderated: Vec<&Value> = events
        .iter()
        .filter(|e| e["action"] == "selection_score.moderated")
        .collect();
    assert_eq!(moderated.len(), 1);
    assert_eq!(moderated[0]["after"]["assessorScores"], json!([4, 2]));
    assert_eq!(moderated[0]["after"]["score"], 4);
    assert_eq!(moderated[0]["before"], Value::Null);

    // Reading the matrix costs a bounded number of statements.
    let before = app.store.statements_executed();
    app.ok(&hr, &q(READ), json!({ "id": pool.id })).await;
    let statements = app.store.statements_executed() - before;
    assert!(statements <= 14, "{statements} statements");
}

async fn only_this_pools_assessors_score_and_others_never_see_the_scores(app: TestApp) {
    let (hr_id, hr) = app.signed_in(Role::HrAdmin).await;
    let (m1_id, m1) = app.signed_in(Role::Manager).await;
    let (m2_id, m2) = app.signed_in(Role::Manager).await;
    let (other_id, other) = app.signed_in(Role::Manager).await;
    let (_, bystander) = app.signed_in(Role::Manager).await;
    let (_, rep) = app.signed_in_rep("UNISON").await;
    let (_, alex) = account(&app, "alex@bury.example", Role::Staff).await;
    let proposal = bury_proposal(&app, &hr, 0).await;
    let pool = senior_pool(&app, &hr, &proposal, "Pool A").await;
    let other_pool = senior_pool(&app, &hr, &proposal, "Pool B").await;
    let (perf, _) = set_criteria(&app, &hr, &pool).await;
    let (other_perf, _) = set_criteria(&app, &hr, &other_pool).await;
    app.ok(
        &hr,
        &q(SET_ASSESSORS),
        json!({ "i": { "ringFenceId": pool.id, "assessorIds": [m1_id, m2_id] } }),
    )
    .await;
    app.ok(
        &hr,
        &q(SET_ASSESSORS),
        json!({ "i": { "ringFenceId": other_pool.id, "assessorIds": [other_id, hr_id] } }),
    )
    .await;
    app.ok(&m1, &q(SCORE), score(&pool, "E1", &perf, 3)).await;

    // Who may score pool A: its assessors, nobody else (HR moderates; it is not one of A's).
    for (who, token) in [
        ("assessor of another pool", &other),
        ("manager who is no assessor", &bystander),
        ("rep", &rep),
        ("candidate", &alex),
        ("HR, not an assessor of this pool", &hr),
    ] {
        let refused = app
            .graphql(Some(token), &q(SCORE), score(&pool, "E2", &perf, 2))
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{who}: {refused}");
    }
    // HR as an assessor of pool B scores there, and the other assessor too.
    app.ok(&hr, &q(SCORE), score(&other_pool, "E1", &other_perf, 2))
        .await;
    app.ok(&other, &q(SCORE), score(&other_pool, "E1", &other_perf, 2))
        .await;
    // A criterion of another pool is not one of this pool's.
    let wrong = app
        .graphql(Some(&m1), &q(SCORE), score(&pool, "E1", &other_perf, 2))
        .await;
    assert_eq!(error_code(&wrong), "NOT_FOUND");
    assert_eq!(
        wrong["errors"][0]["extensions"]["field"],
        "input.criterionId"
    );

    // Who sees pool A's scores: HR and A's assessors, through the query and the ring fence.
    for token in [&hr, &m1, &m2] {
        let seen = app.ok(token, &q(READ), json!({ "id": pool.id })).await;
        assert_eq!(
            seen["selection"]["candidates"][0]["cells"][0]["assessorScores"][0]["score"],
            3
        );
    }
    for (who, token) in [
        ("assessor of another pool", &other),
        ("manager who is no assessor", &bystander),
        ("rep", &rep),
        ("candidate", &alex),
    ] {
        let refused = app
            .graphql(Some(token), &q(READ), json!({ "id": pool.id }))
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{who}: {refused}");
    }
    let through_fence = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { ringFences { name selection { criteria { name } } } } }",
            json!({ "id": proposal }),
        )
        .await;
    assert_eq!(
        through_fence["proposal"]["ringFences"][0]["selection"]["criteria"][0]["name"],
        "Performance"
    );
    // Only HR moderates, breaks ties and publishes.
    for token in [&m1, &rep, &alex] {
        let mut m = score(&pool, "E1", &perf, 3);
        m["i"]["note"] = json!("n");
        let refused = app.graphql(Some(token), &q(MODERATE), m).await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
        let refused = app
            .graphql(
                Some(token),
                &q(PUBLISH),
                json!({ "i": { "ringFenceId": pool.id } }),
            )
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
        let refused = app
            .graphql(
                Some(token),
                &q(TIE_BREAK),
                json!({ "i": { "ringFenceId": pool.id, "employeeIds": [], "reason": "r" } }),
            )
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
    }
    // A manager's tasks list only the pools they assess.
    assert_eq!(
        app.ok(&bystander, TASKS, json!({})).await["myAssessments"],
        json!([])
    );
    let tasks = app.ok(&other, TASKS, json!({})).await["myAssessments"].clone();
    assert_eq!(tasks.as_array().unwrap().len(), 1);
    assert_eq!(tasks[0]["poolName"], "Pool B");
    assert_eq!(tasks[0]["scoresRemaining"], 5);
    // Reps and others never see a candidate's scores.
    assert_eq!(
        app.ok(&rep, MINE, json!({})).await["mySelectionScores"],
        json!([])
    );
}

async fn the_set_up_is_checked_and_fixed_once_scoring_begins(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (m1_id, m1) = app.signed_in(Role::Manager).await;
    let (m2_id, _) = app.signed_in(Role::Manager).await;
    let (rep_id, rep) = app.signed_in_rep("UNISON").await;
    // A manager whose work email is a candidate's.
    let (candidate_id, _) = account(&app, "farzana@bury.example", Role::Manager).await;
    let proposal = bury_proposal(&app, &hr, 0).await;
    let pool = senior_pool(&app, &hr, &proposal, "Seniors").await;

    // Only HR sets it up.
    for token in [&m1, &rep] {
        let refused = app
            .graphql(
                Some(token),
                &q(SET_CRITERIA),
                criteria_input(&pool, (60, 40)),
            )
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
        let refused = app
            .graphql(
                Some(token),
                &q(SET_ASSESSORS),
                json!({ "i": { "ringFenceId": pool.id, "assessorIds": [m1_id, m2_id] } }),
            )
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
    }
    // A weight of 0 and a stale version are refused.
    let zero = app
        .graphql(Some(&hr), &q(SET_CRITERIA), criteria_input(&pool, (100, 0)))
        .await;
    assert_eq!(
        zero["errors"][0]["extensions"]["field"],
        "input.criteria[1].weight"
    );
    let mut stale = criteria_input(&pool, (60, 40));
    stale["i"]["expectedVersion"] = json!(pool.version + 5);
    assert_eq!(
        error_code(&app.graphql(Some(&hr), &q(SET_CRITERIA), stale).await),
        "CONFLICT"
    );
    let mut scale = criteria_input(&pool, (60, 40));
    scale["i"]["scale"]["max"] = json!(11);
    let refused = app.graphql(Some(&hr), &q(SET_CRITERIA), scale).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["field"],
        "input.scale.max"
    );

    // Assessors: two different people, HR or managers, not candidates.
    for (assessors, field) in [
        (json!([m1_id]), "input.assessorIds"),
        (json!([m1_id, m1_id]), "input.assessorIds[1]"),
        (json!([m1_id, rep_id]), "input.assessorIds[1]"),
        (json!([m1_id, candidate_id]), "input.assessorIds[1]"),
    ] {
        let refused = app
            .graphql(
                Some(&hr),
                &q(SET_ASSESSORS),
                json!({ "i": { "ringFenceId": pool.id, "assessorIds": assessors } }),
            )
            .await;
        assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
        assert_eq!(refused["errors"][0]["extensions"]["field"], field);
    }

    let (perf, _) = set_criteria(&app, &hr, &pool).await;
    app.ok(
        &hr,
        &q(SET_ASSESSORS),
        json!({ "i": { "ringFenceId": pool.id, "assessorIds": [m1_id, m2_id] } }),
    )
    .await;
    // Moderation waits for both assessors.
    let mut early = score(&pool, "E1", &perf, 3);
    early["i"]["note"] = json!("n");
    let refused = app.graphql(Some(&hr), &q(MODERATE), early).await;
    assert_eq!(error_code(&refused), "PRECONDITION_FAILED");
    // Once scoring begins, the scheme is fixed.
    app.ok(&m1, &q(SCORE), score(&pool, "E1", &perf, 3)).await;
    let version = app.ok(&hr, &q(READ), json!({ "id": pool.id })).await["selection"]["version"]
        .as_i64()
        .unwrap();
    let mut again = criteria_input(&pool, (50, 50));
    again["i"]["expectedVersion"] = json!(version);
    let refused = app.graphql(Some(&hr), &q(SET_CRITERIA), again).await;
    assert_eq!(error_code(&refused), "PRECONDITION_FAILED", "{refused}");
    let refused = app
        .graphql(
            Some(&hr),
            &q(SET_ASSESSORS),
            json!({ "i": { "ringFenceId": pool.id, "assessorIds": [m2_id, m1_id] } }),
        )
        .await;
    assert_eq!(error_code(&refused), "PRECONDITION_FAILED");

    // A pool with as many posts as people runs no selection: the caseworkers' 7 posts for 3.
    let (posts, people) = ids(&app, &hr, &proposal).await;
    let caseworker = &posts["SEN Caseworker"];
    let roomy = app
        .ok(
            &hr,
            "mutation($i: CreateRingFenceInput!) { createRingFence(input: $i) { id version } }",
            json!({ "i": { "proposalId": proposal, "name": "Caseworkers", "rule": "Holders",
                "fromPostIds": [caseworker], "toPostIds": [caseworker],
                "memberIds": [people["C0"], people["C1"], people["C2"]] } }),
        )
        .await["createRingFence"]
        .clone();
    let roomy = Pool {
        id: roomy["id"].as_str().unwrap().to_owned(),
        version: roomy["version"].as_i64().unwrap(),
        people,
    };
    let refused = app
        .graphql(
            Some(&hr),
            &q(SET_CRITERIA),
            criteria_input(&roomy, (60, 40)),
        )
        .await;
    assert_eq!(error_code(&refused), "PRECONDITION_FAILED");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no selection"),
        "{refused}"
    );
}
