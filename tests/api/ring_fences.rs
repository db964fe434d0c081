//! Ring fences and resource pools through HTTP: who may be in one, what it fills, and how it
//! changes until the decision.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use crate::timetable::bury_proposal;
use consult::domain::account::Role;
use serde_json::{Value, json};
use std::collections::HashMap;

db_tests!(
    a_member_holds_a_pool_post_or_comes_with_a_reason_that_is_kept,
    ring_fences_change_and_go_until_the_decision_each_change_audited,
    a_resource_pool_fills_no_post_and_takes_members_after_the_decision,
    ring_fence_ids_of_another_kind_are_not_found_at_their_field,
);

const CREATE: &str = "mutation($i: CreateRingFenceInput!) { createRingFence(input: $i) { id version kind name memberCount postsToFill members { name } memberReasons { employeeId reason } } }";
const UPDATE: &str = "mutation($i: UpdateRingFenceInput!) { updateRingFence(input: $i) { id version name memberCount postsToFill fromPosts { title } memberReasons { employeeId reason } } }";
const ADD: &str = "mutation($i: AddRingFenceMembersInput!) { addRingFenceMembers(input: $i) { version memberCount members { name } } }";
const DELETE: &str =
    "mutation($i: DeleteRingFenceInput!) { deleteRingFence(input: $i) { deletedRingFenceId } }";

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

/// Moves the proposals of this test's database to `status`, as the lifecycle would.
async fn set_status(app: &TestApp, status: &str) {
    use sea_orm::ConnectionTrait;
    app.store
        .conn()
        .execute_unprepared(&format!("UPDATE proposal SET status = '{status}'"))
        .await
        .unwrap();
}

// ACAS "Managing staff redundancies" and Capita Hartshead v Byard [2012] ICR 1256: a pool is
// the employer's choice but must be explicable, so a member from outside its posts comes
// with HR's reason, kept with the pool.
async fn a_member_holds_a_pool_post_or_comes_with_a_reason_that_is_kept(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = bury_proposal(&app, &hr, 0).await;
    let (posts, people) = ids(&app, &hr, &id).await;
    let caseworker = &posts["SEN Caseworker"];
    let fence = |reasons: Value| {
        json!({ "i": { "proposalId": id, "name": "SEN Caseworker ring fence", "rule": "60% rule",
            "fromPostIds": [caseworker], "toPostIds": [caseworker],
            "memberIds": [people["C0"], people["E1"]], "memberReasons": reasons } })
    };
    // E1 (Alex Moore) holds a Senior SEN Practitioner post, not a caseworker's.
    let refused = app.graphql(Some(&hr), CREATE, fence(json!([]))).await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    assert_eq!(
        refused["errors"][0]["extensions"]["field"],
        "input.memberIds[1]"
    );
    let message = refused["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("Alex Moore"), "{message}");

    // A reason for someone who is not a member is refused too.
    let stray = app
        .graphql(
            Some(&hr),
            CREATE,
            fence(json!([{ "employeeId": people["C1"], "reason": "x" }])),
        )
        .await;
    assert_eq!(
        stray["errors"][0]["extensions"]["field"], "input.memberReasons[0].employeeId",
        "{stray}"
    );

    let reason = "Acting up as a caseworker since March 2020";
    let created = app
        .ok(
            &hr,
            CREATE,
            fence(json!([{ "employeeId": people["E1"], "reason": reason }])),
        )
        .await["createRingFence"]
        .clone();
    assert_eq!(created["kind"], "RING_FENCE");
    assert_eq!(created["memberCount"], 2);
    assert_eq!(
        created["postsToFill"], 7,
        "the caseworkers' proposed headcount"
    );
    assert_eq!(
        created["memberReasons"],
        json!([{ "employeeId": people["E1"], "reason": reason }])
    );

    // Kept: read back with the proposal, for HR; others do not see who is in it or why.
    let read = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { ringFences { memberCount postsToFill memberReasons { reason } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        read["proposal"]["ringFences"][0],
        json!({ "memberCount": 2, "postsToFill": 7, "memberReasons": [{ "reason": reason }] })
    );
}

async fn ring_fences_change_and_go_until_the_decision_each_change_audited(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = bury_proposal(&app, &hr, 0).await;
    let (posts, people) = ids(&app, &hr, &id).await;
    let (senior, caseworker) = (&posts["Senior SEN Practitioner"], &posts["SEN Caseworker"]);
    let created = app
        .ok(
            &hr,
            CREATE,
            json!({ "i": { "proposalId": id, "name": "Senior pool", "rule": "60% rule",
            "fromPostIds": [senior], "toPostIds": [senior], "memberIds": [people["E1"]] } }),
        )
        .await["createRingFence"]
        .clone();
    let fence = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["version"], 1);
    assert_eq!(created["postsToFill"], 1);

    // Edited: a second from post, more members, a new name.
    let updated = app
        .ok(
            &hr,
            UPDATE,
            json!({ "i": { "id": fence, "expectedVersion": 1, "name": "Senior and caseworker pool",
            "fromPostIds": [senior, caseworker], "toPostIds": [senior, caseworker],
            "memberIds": [people["E1"], people["E2"], people["C0"]] } }),
        )
        .await["updateRingFence"]
        .clone();
    assert_eq!(updated["version"], 2);
    assert_eq!(updated["memberCount"], 3);
    assert_eq!(updated["postsToFill"], 8);
    // Someone else's edit of version 1 would overwrite this one: CONFLICT.
    let stale = app
        .graphql(
            Some(&hr),
            UPDATE,
            json!({ "i": { "id": fence, "expectedVersion": 1, "name": "Stale" } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT", "{stale}");
    // Taking away the caseworker post leaves C0 holding none of the pool's posts.
    let orphan = app
        .graphql(
            Some(&hr),
            UPDATE,
            json!({ "i": { "id": fence, "expectedVersion": 2, "fromPostIds": [senior] } }),
        )
        .await;
    assert_eq!(error_code(&orphan), "BAD_USER_INPUT", "{orphan}");
    assert_eq!(
        orphan["errors"][0]["extensions"]["field"],
        "input.memberIds[2]"
    );

    let audit = app
        .ok(
            &hr,
            "query($e: ID!) { auditEvents(entityId: $e) { edges { node { action before after } } } }",
            json!({ "e": fence }),
        )
        .await;
    let events = audit["auditEvents"]["edges"].as_array().unwrap();
    let actions: Vec<&str> = events
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["ring_fence.updated", "ring_fence.created"]);
    assert_eq!(events[0]["node"]["before"]["name"], "Senior pool");
    assert_eq!(
        events[0]["node"]["after"]["name"],
        "Senior and caseworker pool"
    );

    let deleted = app
        .ok(
            &hr,
            DELETE,
            json!({ "i": { "id": fence, "expectedVersion": 2 } }),
        )
        .await;
    assert_eq!(deleted["deleteRingFence"]["deletedRingFenceId"], fence);
    let left = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { ringFences { id } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(left["proposal"]["ringFences"], json!([]));
    let audit = app
        .ok(
            &hr,
            "query($e: ID!) { auditEvents(entityId: $e, first: 1) { edges { node { action before after } } } }",
            json!({ "e": fence }),
        )
        .await;
    let removal = &audit["auditEvents"]["edges"][0]["node"];
    assert_eq!(removal["action"], "ring_fence.deleted");
    assert_eq!(removal["before"]["name"], "Senior and caseworker pool");
    assert_eq!(removal["after"], Value::Null);

    // After the decision a ring fence is what selection was made from: it stays as it was.
    let kept = app
        .ok(&hr, CREATE, json!({ "i": { "proposalId": id, "name": "Caseworker pool", "rule": "60% rule",
            "fromPostIds": [caseworker], "toPostIds": [caseworker], "memberIds": [people["C0"]] } }))
        .await["createRingFence"]["id"]
        .clone();
    set_status(&app, "DECIDED").await;
    for (mutation, input) in [
        (
            UPDATE,
            json!({ "id": kept, "expectedVersion": 1, "name": "Late" }),
        ),
        (DELETE, json!({ "id": kept, "expectedVersion": 1 })),
        (
            ADD,
            json!({ "id": kept, "expectedVersion": 1, "memberIds": [people["C1"]] }),
        ),
    ] {
        let refused = app
            .graphql(Some(&hr), mutation, json!({ "i": input }))
            .await;
        assert_eq!(error_code(&refused), "PRECONDITION_FAILED", "{refused}");
    }
}

// A resource pool gives priority for suitable alternative employment (ERA 1996 s141) in
// vacancies outside the structure: it may fill no post of it, and people join as their
// selection ends, after the decision too.
async fn a_resource_pool_fills_no_post_and_takes_members_after_the_decision(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = bury_proposal(&app, &hr, 0).await;
    let (posts, people) = ids(&app, &hr, &id).await;
    let senior = &posts["Senior SEN Practitioner"];
    let pool = |kind: &str| {
        json!({ "i": { "proposalId": id, "kind": kind, "name": "Redeployment pool", "rule": "Not placed in the new structure",
            "fromPostIds": [senior], "toPostIds": [], "memberIds": [] } })
    };
    let refused = app.graphql(Some(&hr), CREATE, pool("RING_FENCE")).await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    assert_eq!(
        refused["errors"][0]["extensions"]["field"],
        "input.toPostIds"
    );
    let created = app.ok(&hr, CREATE, pool("RESOURCE_POOL")).await["createRingFence"].clone();
    assert_eq!(created["kind"], "RESOURCE_POOL");
    assert_eq!(created["postsToFill"], 0);
    assert_eq!(created["memberCount"], 0);
    let pool_id = created["id"].clone();

    set_status(&app, "DECIDED").await;
    let added = app
        .ok(
            &hr,
            ADD,
            json!({ "i": { "id": pool_id, "expectedVersion": 1, "memberIds": [people["E2"]] } }),
        )
        .await;
    assert_eq!(
        added["addRingFenceMembers"],
        json!({ "version": 2, "memberCount": 1, "members": [{ "name": "Farzana Hussain" }] })
    );
    // Still held to the rule: a caseworker needs HR's reason.
    let without_reason = app
        .graphql(
            Some(&hr),
            ADD,
            json!({ "i": { "id": pool_id, "expectedVersion": 2, "memberIds": [people["C0"]] } }),
        )
        .await;
    assert_eq!(error_code(&without_reason), "BAD_USER_INPUT");
    app.ok(&hr, ADD, json!({ "i": { "id": pool_id, "expectedVersion": 2, "memberIds": [people["C0"]],
        "memberReasons": [{ "employeeId": people["C0"], "reason": "Not appointed at interview" }] } }))
        .await;
    // Only members: its name and posts are fixed with the decision, and it is not removed.
    let renamed = app
        .graphql(
            Some(&hr),
            UPDATE,
            json!({ "i": { "id": pool_id, "expectedVersion": 3, "name": "Late" } }),
        )
        .await;
    assert_eq!(error_code(&renamed), "PRECONDITION_FAILED", "{renamed}");
    set_status(&app, "COMPLETED").await;
    let closed = app
        .graphql(
            Some(&hr),
            ADD,
            json!({ "i": { "id": pool_id, "expectedVersion": 3, "memberIds": [people["C1"]] } }),
        )
        .await;
    assert_eq!(error_code(&closed), "PRECONDITION_FAILED", "{closed}");
}

async fn ring_fence_ids_of_another_kind_are_not_found_at_their_field(app: TestApp) {
    let (hr_id, hr) = app.signed_in(Role::HrAdmin).await;
    let id = bury_proposal(&app, &hr, 0).await;
    let other = bury_proposal(&app, &hr, 0).await;
    let (posts, people) = ids(&app, &hr, &id).await;
    let (other_posts, other_people) = ids(&app, &hr, &other).await;
    let caseworker = &posts["SEN Caseworker"];
    let input = |from: &str, to: &str, member: &str| {
        json!({ "i": { "proposalId": id, "name": "Pool", "rule": "60% rule",
            "fromPostIds": [from], "toPostIds": [to], "memberIds": [member] } })
    };
    for (variables, field) in [
        // Another proposal's post, as a current post.
        (
            input(&other_posts["SEN Caseworker"], caseworker, &people["C0"]),
            "input.fromPostIds[0]",
        ),
        // An employee's id as a post.
        (
            input(caseworker, &people["C0"], &people["C0"]),
            "input.toPostIds[0]",
        ),
        // A user's id, and another proposal's employee, as members.
        (input(caseworker, caseworker, &hr_id), "input.memberIds[0]"),
        (
            input(caseworker, caseworker, &other_people["C0"]),
            "input.memberIds[0]",
        ),
    ] {
        let refused = app.graphql(Some(&hr), CREATE, variables).await;
        assert_eq!(error_code(&refused), "NOT_FOUND", "{field}: {refused}");
        assert_eq!(refused["errors"][0]["extensions"]["field"], field);
    }
    // A post of this proposal without a proposed side is a post, but none to fill: HR's
    // mistake to correct, named.
    let deleted_post = app
        .graphql(
            Some(&hr),
            CREATE,
            input(caseworker, &posts["Service Manager SEN"], &people["C0"]),
        )
        .await;
    assert_eq!(
        error_code(&deleted_post),
        "BAD_USER_INPUT",
        "{deleted_post}"
    );
    assert_eq!(
        deleted_post["errors"][0]["extensions"]["field"],
        "input.toPostIds[0]"
    );
    // A post's id where a ring fence's is expected.
    let refused = app
        .graphql(
            Some(&hr),
            UPDATE,
            json!({ "i": { "id": caseworker, "expectedVersion": 1, "name": "x" } }),
        )
        .await;
    assert_eq!(error_code(&refused), "NOT_FOUND", "{refused}");
    assert_eq!(refused["errors"][0]["extensions"]["field"], "input.id");
}
