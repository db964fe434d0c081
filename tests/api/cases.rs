//! Individual cases through HTTP (issue 16): opening them after the decision, the steps of
//! the cases module, the facts, individual meetings and their invitation, who sees which case
//! and which of its fields, and the cost of the people board.

use crate::db_tests;
use crate::helpers::{PASSWORD, TestApp, error_code};
use crate::timetable::{FIELDS, bury_proposal, version};
use consult::domain::account::Role;
use consult::domain::{audit::AuditActor, individual::case::CaseStep};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

db_tests!(
    cases_open_after_the_decision_once_per_affected_employee,
    slot_in_pool_redeployment_and_withdrawal_each_say_what_is_missing,
    leaving_comes_after_the_notice_given_through_apply_step,
    facts_and_individual_meetings_with_an_invitation_that_states_the_right_to_be_accompanied,
    each_role_sees_only_the_cases_and_fields_it_may,
    the_people_board_costs_a_bounded_number_of_statements,
);

const OPEN: &str = "mutation($id: ID!) { openCases(proposalId: $id) { opened } }";
const CASE: &str = "query($e: ID!) { case(employeeId: $e) { id state version nextAction nextActionDue overdue history { from to step detail actorId occurredOn } meetings { id version heldOn notes companionKind companionName } employee { name } } }";
const COUNTS: &str = "query($id: ID!) { proposal(id: $id) { caseCounts { state count } } }";
const CASES: &str = "query($id: ID!, $first: Int, $after: String, $state: CaseState, $overdue: Boolean) { proposal(id: $id) { cases(first: $first, after: $after, state: $state, overdueFirst: $overdue) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id state overdue employee { name employeeNumber } } } } } }";

pub(crate) async fn sql(app: &TestApp, statement: &str) {
    app.store
        .conn()
        .execute_unprepared(statement)
        .await
        .unwrap();
}

/// Moves this test database's proposals to `status`, as the lifecycle would.
pub(crate) async fn set_status(app: &TestApp, status: &str) {
    sql(app, &format!("UPDATE proposal SET status = '{status}'")).await;
}

/// A decided Bury proposal with its cases open: (proposal id, employee ids by number, post
/// ids by title).
pub(crate) async fn decided(
    app: &TestApp,
    hr: &str,
    extra: usize,
) -> (String, HashMap<String, String>, HashMap<String, String>) {
    let id = bury_proposal(app, hr, extra).await;
    set_status(app, "DECIDED").await;
    app.ok(hr, OPEN, json!({ "id": id })).await;
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
    let people = map(&body["proposal"]["employees"], "employeeNumber");
    let posts = map(&body["proposal"]["posts"], "title");
    (id, people, posts)
}

async fn case(app: &TestApp, token: &str, employee: &str) -> Value {
    app.ok(token, CASE, json!({ "e": employee })).await["case"].clone()
}

pub(crate) async fn audit_count(app: &TestApp, action: &str) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    consult::store::entities::audit_event::Entity::find()
        .filter(consult::store::entities::audit_event::Column::Action.eq(action))
        .count(app.store.conn())
        .await
        .unwrap() as i64
}

async fn cases_open_after_the_decision_once_per_affected_employee(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = bury_proposal(&app, &hr, 0).await;
    let early = app.graphql(Some(&hr), OPEN, json!({ "id": id })).await;
    assert_eq!(error_code(&early), "PRECONDITION_FAILED");
    assert!(
        early["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("once the proposal is decided")
    );
    set_status(&app, "DECIDED").await;
    let opened = app.ok(&hr, OPEN, json!({ "id": id })).await;
    assert_eq!(opened["openCases"]["opened"], 5);
    // Idempotent: nobody gets a second case.
    let again = app.ok(&hr, OPEN, json!({ "id": id })).await;
    assert_eq!(again["openCases"]["opened"], 0);
    let counts = app.ok(&hr, COUNTS, json!({ "id": id })).await;
    let counts = counts["proposal"]["caseCounts"].as_array().unwrap();
    assert_eq!(counts.len(), 13);
    assert_eq!(counts[0], json!({ "state": "AT_RISK", "count": 5 }));
    assert!(counts[1..].iter().all(|c| c["count"] == 0));
    assert_eq!(audit_count(&app, "case.opened").await, 2);
    // Other roles cannot open cases.
    let (_, manager) = app.signed_in(Role::Manager).await;
    assert_eq!(
        error_code(&app.graphql(Some(&manager), OPEN, json!({ "id": id })).await),
        "FORBIDDEN"
    );
}

async fn slot_in_pool_redeployment_and_withdrawal_each_say_what_is_missing(app: TestApp) {
    let (hr_id, hr) = app.signed_in(Role::HrAdmin).await;
    let (id, people, posts) = decided(&app, &hr, 0).await;
    let slot_in = "mutation($i: SlotInInput!) { slotIn(input: $i) { state version history { step detail } } }";
    let c0 = &people["C0"];
    let refused = app
        .graphql(Some(&hr), slot_in, json!({ "i": { "employeeId": c0, "expectedVersion": 1, "postId": posts["SEN Caseworker"], "matchPercent": 55 } }))
        .await;
    assert_eq!(error_code(&refused), "PRECONDITION_FAILED");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("A slot-in needs a match of at least 70%; this is 55%."),
        "{refused}"
    );
    // A post with no place in the new structure is not one to slot into.
    let gone = app
        .graphql(Some(&hr), slot_in, json!({ "i": { "employeeId": c0, "expectedVersion": 1, "postId": posts["Service Manager SEN"], "matchPercent": 90 } }))
        .await;
    assert_eq!(error_code(&gone), "NOT_FOUND");
    assert_eq!(gone["errors"][0]["extensions"]["field"], "input.postId");
    // The proposal's threshold is policy HR sets.
    let threshold = "mutation($i: SetSlotInThresholdInput!) { setSlotInThreshold(input: $i) { slotInThresholdPercent } }";
    let bad = app.graphql(Some(&hr), threshold, json!({ "i": { "proposalId": id, "expectedVersion": version(&app, &hr, &id).await, "percent": 0 } })).await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
    let set = app.ok(&hr, threshold, json!({ "i": { "proposalId": id, "expectedVersion": version(&app, &hr, &id).await, "percent": 50 } })).await;
    assert_eq!(set["setSlotInThreshold"]["slotInThresholdPercent"], 50);
    let slotted = app
        .ok(&hr, slot_in, json!({ "i": { "employeeId": c0, "expectedVersion": 1, "postId": posts["SEN Caseworker"], "matchPercent": 55 } }))
        .await;
    assert_eq!(slotted["slotIn"]["state"], "SLOTTED_IN");
    assert_eq!(slotted["slotIn"]["version"], 2);
    let detail = &slotted["slotIn"]["history"][1]["detail"];
    assert_eq!(detail["matchPercent"], 55);
    assert_eq!(detail["decidedBy"], hr_id);
    // A stale version is a conflict.
    let stale = app.graphql(Some(&hr), slot_in, json!({ "i": { "employeeId": c0, "expectedVersion": 1, "postId": posts["SEN Caseworker"], "matchPercent": 90 } })).await;
    assert_eq!(error_code(&stale), "CONFLICT");

    // A pool the employee is a member of (drawn up before the decision).
    set_status(&app, "DRAFT").await;
    let fence = app
        .ok(&hr, "mutation($i: CreateRingFenceInput!) { createRingFence(input: $i) { id } }", json!({ "i": { "proposalId": id, "name": "Caseworkers", "rule": "Holders of caseworker posts", "fromPostIds": [posts["SEN Caseworker"]], "toPostIds": [posts["SEN Caseworker"]], "memberIds": [people["C1"]] } }))
        .await;
    let fence = fence["createRingFence"]["id"].as_str().unwrap();
    set_status(&app, "DECIDED").await;
    let pool = "mutation($i: PlaceInSelectionPoolInput!) { placeInSelectionPool(input: $i) { state version } }";
    let outsider = app.graphql(Some(&hr), pool, json!({ "i": { "employeeId": people["C2"], "expectedVersion": 1, "ringFenceId": fence } })).await;
    assert_eq!(error_code(&outsider), "PRECONDITION_FAILED");
    assert!(
        outsider["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a member of this ring fence")
    );
    let placed = app.ok(&hr, pool, json!({ "i": { "employeeId": people["C1"], "expectedVersion": 1, "ringFenceId": fence } })).await;
    assert_eq!(placed["placeInSelectionPool"]["state"], "IN_SELECTION_POOL");
    let redeploy =
        "mutation($i: CaseStepInput!) { moveToRedeployment(input: $i) { state version } }";
    let moved = app
        .ok(
            &hr,
            redeploy,
            json!({ "i": { "employeeId": people["C1"], "expectedVersion": 2 } }),
        )
        .await;
    assert_eq!(moved["moveToRedeployment"]["state"], "REDEPLOYMENT");

    // Withdrawal needs a reason; a closed case takes no step.
    let withdraw = "mutation($i: WithdrawCaseInput!) { withdrawCase(input: $i) { state } }";
    let no_reason = app
        .graphql(
            Some(&hr),
            withdraw,
            json!({ "i": { "employeeId": people["C2"], "expectedVersion": 1, "reason": " " } }),
        )
        .await;
    assert_eq!(error_code(&no_reason), "BAD_USER_INPUT");
    let withdrawn = app.ok(&hr, withdraw, json!({ "i": { "employeeId": people["C2"], "expectedVersion": 1, "reason": "Post kept after consultation" } })).await;
    assert_eq!(withdrawn["withdrawCase"]["state"], "WITHDRAWN");
    let closed = app
        .graphql(
            Some(&hr),
            redeploy,
            json!({ "i": { "employeeId": people["C2"], "expectedVersion": 2 } }),
        )
        .await;
    assert_eq!(error_code(&closed), "PRECONDITION_FAILED");
    assert!(
        closed["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("only an upheld appeal reopens it")
    );
    // Leaving before notice says so.
    let leave = app
        .graphql(
            Some(&hr),
            "mutation($i: CaseStepInput!) { recordLeaving(input: $i) { state } }",
            json!({ "i": { "employeeId": people["E1"], "expectedVersion": 1 } }),
        )
        .await;
    assert!(
        leave["errors"][0]["message"]
            .as_str()
            .unwrap()
            .ends_with("Give notice first.")
    );

    let counts = app.ok(&hr, COUNTS, json!({ "id": id })).await;
    let counts: HashMap<String, Value> = counts["proposal"]["caseCounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["state"].as_str().unwrap().to_owned(), c["count"].clone()))
        .collect();
    assert_eq!(counts["AT_RISK"], 2);
    assert_eq!(counts["SLOTTED_IN"], 1);
    assert_eq!(counts["REDEPLOYMENT"], 1);
    assert_eq!(counts["WITHDRAWN"], 1);
    // Filtered by state.
    let page = app
        .ok(&hr, CASES, json!({ "id": id, "state": "AT_RISK" }))
        .await;
    assert_eq!(page["proposal"]["cases"]["totalCount"], 2);
    assert_eq!(audit_count(&app, "case.step_taken").await, 4);
    assert_eq!(audit_count(&app, "proposal.slot_in_threshold_set").await, 1);
}

async fn leaving_comes_after_the_notice_given_through_apply_step(app: TestApp) {
    let (hr_id, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, people, _) = decided(&app, &hr, 0).await;
    let e1 = Uuid::parse_str(&people["E1"]).unwrap();
    let actor = AuditActor::User(Uuid::parse_str(&hr_id).unwrap());
    let today = consult::store::s188::today();
    let notice = CaseStep::GiveNotice {
        given_on: today - chrono::Days::new(90),
        last_day: today - chrono::Days::new(6),
    };
    // The next wave's modules move cases through apply_step, in their own transaction.
    let txn = app.store.begin_write().await.unwrap();
    let refused =
        consult::store::cases::apply_step(&txn, &actor, e1, 1, notice.clone(), json!({}), None)
            .await
            .unwrap_err();
    let consult::error::AppError::Domain(refused) = refused else {
        panic!("a refusal")
    };
    assert!(
        refused
            .message()
            .starts_with("Record the employee's continuous service start before giving notice")
    );
    drop(txn);
    let facts = "mutation($i: SetCaseFactsInput!) { setCaseFacts(input: $i) { version continuousServiceStart } }";
    let employee_version = app
        .ok(
            &hr,
            "query($e: ID!) { case(employeeId: $e) { employee { version } } }",
            json!({ "e": people["E1"] }),
        )
        .await["case"]["employee"]["version"]
        .as_i64()
        .unwrap();
    app.ok(&hr, facts, json!({ "i": { "employeeId": people["E1"], "expectedVersion": employee_version, "continuousServiceStart": "2012-04-02" } })).await;
    let txn = app.store.begin_write().await.unwrap();
    let moved = consult::store::cases::apply_step(
        &txn,
        &actor,
        e1,
        1,
        notice,
        json!({ "letter": "n1" }),
        None,
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(moved.version, 2);
    let leave = "mutation($i: CaseStepInput!) { recordLeaving(input: $i) { state history { step detail } } }";
    let left = app
        .ok(
            &hr,
            leave,
            json!({ "i": { "employeeId": people["E1"], "expectedVersion": 2 } }),
        )
        .await;
    assert_eq!(left["recordLeaving"]["state"], "LEFT");
    let history = left["recordLeaving"]["history"].as_array().unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[1]["step"], "GIVE_NOTICE");
    assert_eq!(history[1]["detail"]["letter"], "n1");
}

async fn facts_and_individual_meetings_with_an_invitation_that_states_the_right_to_be_accompanied(
    app: TestApp,
) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (id, people, _) = decided(&app, &hr, 0).await;
    let c0 = &people["C0"];
    let facts = "mutation($i: SetCaseFactsInput!) { setCaseFacts(input: $i) { version continuousServiceStart dateOfBirth contractualNoticeWeeks } }";
    let future = app
        .graphql(
            Some(&hr),
            facts,
            json!({ "i": { "employeeId": c0, "expectedVersion": 1, "dateOfBirth": "2099-01-01" } }),
        )
        .await;
    assert_eq!(error_code(&future), "BAD_USER_INPUT");
    let weeks = app.graphql(Some(&hr), facts, json!({ "i": { "employeeId": c0, "expectedVersion": 1, "contractualNoticeWeeks": 60 } })).await;
    assert_eq!(
        weeks["errors"][0]["extensions"]["field"],
        "input.contractualNoticeWeeks"
    );
    let set = app.ok(&hr, facts, json!({ "i": { "employeeId": c0, "expectedVersion": 1, "continuousServiceStart": "2009-09-01", "dateOfBirth": "1980-05-17", "contractualNoticeWeeks": 12 } })).await;
    assert_eq!(
        set["setCaseFacts"],
        json!({ "version": 2, "continuousServiceStart": "2009-09-01", "dateOfBirth": "1980-05-17", "contractualNoticeWeeks": 12 })
    );
    let stale = app
        .graphql(
            Some(&hr),
            facts,
            json!({ "i": { "employeeId": c0, "expectedVersion": 1, "contractualNoticeWeeks": 4 } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");

    let schedule = "mutation($i: ScheduleIndividualMeetingInput!) { scheduleIndividualMeeting(input: $i) { id version location heldOn } }";
    // Yesterday's meeting, not yet recorded: the case is overdue.
    let starts = (chrono::Utc::now() - chrono::Duration::days(2)).to_rfc3339();
    let meeting = app.ok(&hr, schedule, json!({ "i": { "employeeId": c0, "expectedVersion": 1, "startsAt": starts, "location": "Room 2, Town Hall" } })).await;
    let meeting_id = meeting["scheduleIndividualMeeting"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let seen = case(&app, &hr, c0).await;
    assert_eq!(seen["overdue"], true);
    assert_eq!(seen["version"], 2);
    // Overdue first on the people board.
    let board = app
        .ok(&hr, CASES, json!({ "id": id, "overdue": true, "first": 2 }))
        .await;
    let edges = board["proposal"]["cases"]["edges"].as_array().unwrap();
    assert_eq!(edges[0]["node"]["id"], *c0);
    assert_eq!(edges[0]["node"]["overdue"], true);
    // The rest follow, each once, across pages.
    let mut seen_ids = vec![
        edges[0]["node"]["id"].clone(),
        edges[1]["node"]["id"].clone(),
    ];
    let mut after = board["proposal"]["cases"]["pageInfo"]["endCursor"].clone();
    loop {
        let next = app
            .ok(
                &hr,
                CASES,
                json!({ "id": id, "overdue": true, "first": 2, "after": after }),
            )
            .await;
        let cases = &next["proposal"]["cases"];
        for e in cases["edges"].as_array().unwrap() {
            assert_eq!(e["node"]["overdue"], false);
            seen_ids.push(e["node"]["id"].clone());
        }
        if cases["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = cases["pageInfo"]["endCursor"].clone();
    }
    seen_ids.sort_by_key(|v| v.to_string());
    seen_ids.dedup();
    assert_eq!(seen_ids.len(), 5);

    // The invitation: once per meeting, stating the right to be accompanied.
    use consult::store::entities::outbox_message;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let messages = outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq("individual_meeting_invitation"))
        .all(app.store.conn())
        .await
        .unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].recipient_email, "cw0@bury.example");
    assert_eq!(
        messages[0].dedupe_key,
        format!("individual_meeting_invitation:{meeting_id}:{c0}")
    );
    let rendered = consult::notify::templates::render(
        consult::domain::notify::Milestone::IndividualMeetingInvitation,
        &messages[0].data,
        "Caseworker 0",
        "https://consult.example",
    )
    .unwrap();
    assert!(
        rendered.text.contains("Employment Relations Act 1999 s10"),
        "{}",
        rendered.text
    );
    assert!(rendered.text.contains("Room 2, Town Hall"));
    // A later whole re-plan of the proposal leaves it pending.
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "background": "Changed." } }),
    )
    .await;
    let still = outbox_message::Entity::find_by_id(messages[0].id)
        .one(app.store.conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(still.status, "PENDING");

    // Recorded with a union representative as companion, who may then read the case.
    let (rep_id, rep) = app.signed_in_rep("UNISON").await;
    assert_eq!(
        error_code(&app.graphql(Some(&rep), CASE, json!({ "e": c0 })).await),
        "NOT_FOUND"
    );
    let record = "mutation($i: RecordIndividualMeetingInput!) { recordIndividualMeeting(input: $i) { version heldOn notes companionKind companionName } }";
    let today = consult::store::s188::today().to_string();
    let nameless = app.graphql(Some(&hr), record, json!({ "i": { "meetingId": meeting_id, "expectedVersion": 1, "heldOn": today, "notes": "Discussed options.", "companionKind": "UNION_REP" } })).await;
    assert_eq!(error_code(&nameless), "BAD_USER_INPUT");
    let (manager_id, _) = app.signed_in(Role::Manager).await;
    let not_rep = app.graphql(Some(&hr), record, json!({ "i": { "meetingId": meeting_id, "expectedVersion": 1, "heldOn": today, "notes": "Discussed options.", "companionKind": "UNION_REP", "companionName": "Pat", "companionUserId": manager_id } })).await;
    assert_eq!(error_code(&not_rep), "NOT_FOUND");
    let recorded = app.ok(&hr, record, json!({ "i": { "meetingId": meeting_id, "expectedVersion": 1, "heldOn": today, "notes": "Discussed options.", "companionKind": "UNION_REP", "companionName": "Pat Rep", "companionUserId": rep_id } })).await;
    assert_eq!(
        recorded["recordIndividualMeeting"]["companionKind"],
        "UNION_REP"
    );
    let as_rep = case(&app, &rep, c0).await;
    assert_eq!(as_rep["meetings"][0]["notes"], "Discussed options.");
    assert_eq!(as_rep["overdue"], false);
    // ...but not the date of birth, nor anyone else's case.
    let dob = app
        .graphql(
            Some(&rep),
            "query($e: ID!) { case(employeeId: $e) { dateOfBirth } }",
            json!({ "e": c0 }),
        )
        .await;
    assert_eq!(error_code(&dob), "FORBIDDEN");
    assert_eq!(
        error_code(
            &app.graphql(Some(&rep), CASE, json!({ "e": people["C1"] }))
                .await
        ),
        "NOT_FOUND"
    );
    assert_eq!(audit_count(&app, "individual_meeting.scheduled").await, 1);
    assert_eq!(audit_count(&app, "individual_meeting.recorded").await, 1);
    assert_eq!(audit_count(&app, "employee.case_facts_set").await, 1);
}

async fn each_role_sees_only_the_cases_and_fields_it_may(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let (_, other_manager) = app.signed_in(Role::Manager).await;
    let (id, people, _) = decided(&app, &hr, 0).await;
    // The proposal has a sponsor and is shared with the unions.
    set_status(&app, "DRAFT").await;
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "sponsorId": sponsor_id } }),
    )
    .await;
    set_status(&app, "DECIDED").await;
    sql(&app, "UPDATE proposal SET shared_with_unions_at = '2026-11-01T10:00:00+00:00', consultation_opened_at = '2026-11-01T10:00:00+00:00'").await;
    app.ok(&hr, "mutation($i: SetCaseFactsInput!) { setCaseFacts(input: $i) { version } }", json!({ "i": { "employeeId": people["C0"], "expectedVersion": 1, "dateOfBirth": "1980-05-17" } })).await;

    // HR: everything.
    let all = app.ok(&hr, CASES, json!({ "id": id })).await;
    assert_eq!(all["proposal"]["cases"]["totalCount"], 5);
    let dob = app
        .ok(
            &hr,
            "query($e: ID!) { case(employeeId: $e) { dateOfBirth employee { weeklyPay } } }",
            json!({ "e": people["C0"] }),
        )
        .await;
    assert_eq!(dob["case"]["dateOfBirth"], "1980-05-17");

    // The sponsor: the cases, without date of birth or pay.
    let listed = app.ok(&sponsor, CASES, json!({ "id": id })).await;
    assert_eq!(listed["proposal"]["cases"]["totalCount"], 5);
    let seen = app.ok(&sponsor, CASE, json!({ "e": people["C0"] })).await;
    assert_eq!(seen["case"]["state"], "AT_RISK");
    for field in ["dateOfBirth", "employee { weeklyPay }"] {
        let refused = app
            .graphql(
                Some(&sponsor),
                &format!("query($e: ID!) {{ case(employeeId: $e) {{ {field} }} }}"),
                json!({ "e": people["C0"] }),
            )
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{field}");
    }
    let volunteer = app
        .ok(
            &sponsor,
            "query($e: ID!) { case(employeeId: $e) { employee { volunteer } } }",
            json!({ "e": people["C0"] }),
        )
        .await;
    assert_eq!(volunteer["case"]["employee"]["volunteer"], Value::Null);
    let counts = app.ok(&sponsor, COUNTS, json!({ "id": id })).await;
    assert_eq!(counts["proposal"]["caseCounts"][0]["count"], 5);

    // Another proposal's manager: nothing.
    assert_eq!(
        error_code(
            &app.graphql(Some(&other_manager), CASE, json!({ "e": people["C0"] }))
                .await
        ),
        "NOT_FOUND"
    );
    assert_eq!(
        error_code(
            &app.graphql(Some(&other_manager), CASES, json!({ "id": id }))
                .await
        ),
        "NOT_FOUND"
    );

    // A union representative: counts of 3 or more only, no list, no case.
    let (_, rep) = app.signed_in_rep("UNISON").await;
    let counts = app.ok(&rep, COUNTS, json!({ "id": id })).await;
    let counts = counts["proposal"]["caseCounts"].as_array().unwrap();
    assert_eq!(counts[0], json!({ "state": "AT_RISK", "count": 5 }));
    assert!(
        counts[1..].iter().all(|c| c["count"].is_null()),
        "{counts:?}"
    );
    assert_eq!(
        error_code(&app.graphql(Some(&rep), CASES, json!({ "id": id })).await),
        "FORBIDDEN"
    );
    assert_eq!(
        error_code(
            &app.graphql(Some(&rep), CASE, json!({ "e": people["C0"] }))
                .await
        ),
        "NOT_FOUND"
    );

    // Staff: their own case only.
    app.create_user("cw0@bury.example", Role::Staff).await;
    let staff = app.login("cw0@bury.example", PASSWORD).await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let mine = app
        .ok(
            &staff,
            "{ myCases { id state nextAction dateOfBirth history { step actorId detail } } }",
            json!({}),
        )
        .await;
    let mine = mine["myCases"].as_array().unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], people["C0"]);
    assert_eq!(mine[0]["dateOfBirth"], "1980-05-17");
    assert!(mine[0]["history"][0]["actorId"].is_null());
    assert_eq!(case(&app, &staff, &people["C0"]).await["state"], "AT_RISK");
    assert_eq!(
        error_code(
            &app.graphql(Some(&staff), CASE, json!({ "e": people["C1"] }))
                .await
        ),
        "NOT_FOUND"
    );
    assert_eq!(
        error_code(&app.graphql(Some(&staff), CASES, json!({ "id": id })).await),
        "FORBIDDEN"
    );
    assert_eq!(
        error_code(&app.graphql(Some(&staff), COUNTS, json!({ "id": id })).await),
        "FORBIDDEN"
    );
    let own_employee = app.ok(&staff, "query($id: ID!) { proposal(id: $id) { employees { edges { node { case { state } } } } } }", json!({ "id": id })).await;
    assert_eq!(
        own_employee["proposal"]["employees"]["edges"][0]["node"]["case"]["state"],
        "AT_RISK"
    );
    // Nobody but HR takes a step.
    for token in [&staff, &rep, &sponsor] {
        let refused = app
            .graphql(
                Some(token),
                "mutation($i: CaseStepInput!) { moveToRedeployment(input: $i) { state } }",
                json!({ "i": { "employeeId": people["C0"], "expectedVersion": 1 } }),
            )
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
    }
    // Signed out: nothing.
    assert_eq!(
        error_code(&app.graphql(None, "{ myCases { id } }", json!({})).await),
        "UNAUTHENTICATED"
    );
}

async fn the_people_board_costs_a_bounded_number_of_statements(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (small, _, _) = decided(&app, &hr, 0).await;
    let cost = |id: String, first: i64, overdue: bool| {
        let app = &app;
        let hr = hr.clone();
        async move {
            // Warm the proposal's caches first, so only the board is counted.
            app.ok(
                &hr,
                CASES,
                json!({ "id": id, "first": first, "overdue": overdue }),
            )
            .await;
            let before = app.store.statements_executed();
            let body = app
                .ok(
                    &hr,
                    CASES,
                    json!({ "id": id, "first": first, "overdue": overdue }),
                )
                .await;
            let after = body["proposal"]["cases"]["pageInfo"]["endCursor"].clone();
            app.ok(
                &hr,
                CASES,
                json!({ "id": id, "first": first, "overdue": overdue, "after": after }),
            )
            .await;
            app.store.statements_executed() - before
        }
    };
    let small_cost = cost(small.clone(), 2, true).await;
    sql(&app, "UPDATE proposal SET status = 'DRAFT'").await;
    let large = bury_proposal(&app, &hr, 60).await;
    set_status(&app, "DECIDED").await;
    app.ok(&hr, OPEN, json!({ "id": large })).await;
    let large_cost = cost(large.clone(), 50, true).await;
    assert_eq!(
        small_cost, large_cost,
        "the board's cost does not grow with the proposal"
    );
    assert!(large_cost <= 16, "{large_cost}");
    let total = app.ok(&hr, CASES, json!({ "id": large, "first": 1 })).await;
    assert_eq!(total["proposal"]["cases"]["totalCount"], 65);
}
