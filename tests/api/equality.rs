//! Equality monitoring of the individual stage through HTTP (issue 16; Equality Act 2010 s4,
//! s149): HR records what staff have given, the outcomes by characteristic withhold groups and
//! counts below 3 and flag a marked difference, and nobody but HR sees any of it.

use crate::cases::{audit_count, decided, sql};
use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use crate::timetable::{FIELDS, version};
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    outcomes_by_characteristic_withhold_small_groups_and_flag_a_marked_difference,
    only_hr_records_or_sees_protected_characteristics,
);

const SET: &str = "mutation($i: SetProtectedCharacteristicsInput!) { setProtectedCharacteristics(input: $i) { characteristic value } }";
const HELD: &str =
    "query($e: ID!) { protectedCharacteristics(employeeId: $e) { characteristic value } }";
const MONITORING: &str = "query($id: ID!) { proposal(id: $id) { equalityMonitoring { wholeGroup { counts { people atRisk selected dismissed } selectedPercent } characteristics { characteristic section groups { value counts { people selected } selectedPercent markedDifference } smallerGroups { value counts { people } markedDifference } notRecorded { people } } } } }";

async fn set_sex(app: &TestApp, hr: &str, employee: &str, value: &str) {
    app.ok(
        hr,
        SET,
        json!({ "i": { "employeeId": employee, "characteristics": [{ "characteristic": "SEX", "value": value }] } }),
    )
    .await;
}

async fn outcomes_by_characteristic_withhold_small_groups_and_flag_a_marked_difference(
    app: TestApp,
) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    // E1, E2 and C0 to C5: eight cases at risk.
    let (id, people, _) = decided(&app, &hr, 3).await;
    for number in ["C0", "C1", "C2", "C3"] {
        set_sex(&app, &hr, &people[number], "Female").await;
    }
    for number in ["C4", "C5", "E1"] {
        set_sex(&app, &hr, &people[number], " Male ").await;
    }
    // E2 gave nothing. Three of the four women are not kept.
    for number in ["C0", "C1", "C2"] {
        let moved = app
            .ok(
                &hr,
                "mutation($i: CaseStepInput!) { moveToRedeployment(input: $i) { state } }",
                json!({ "i": { "employeeId": people[number], "expectedVersion": 1 } }),
            )
            .await;
        assert_eq!(moved["moveToRedeployment"]["state"], "REDEPLOYMENT");
    }
    let report = app.ok(&hr, MONITORING, json!({ "id": id })).await;
    let report = &report["proposal"]["equalityMonitoring"];
    assert_eq!(
        report["wholeGroup"],
        json!({ "counts": { "people": 8, "atRisk": 8, "selected": 3, "dismissed": null }, "selectedPercent": 38 })
    );
    let sex = &report["characteristics"][0];
    assert_eq!(sex["characteristic"], "SEX");
    assert_eq!(sex["section"], "s11");
    assert_eq!(
        sex["groups"],
        json!([
            { "value": "Female", "counts": { "people": 4, "selected": 3 }, "selectedPercent": 75, "markedDifference": true },
            // None of the men were selected: 0 is withheld like 1 or 2.
            { "value": "Male", "counts": { "people": 3, "selected": null }, "selectedPercent": null, "markedDifference": false },
        ])
    );
    assert_eq!(sex["smallerGroups"], Value::Null);
    assert_eq!(sex["notRecorded"], json!({ "people": null }));
    assert_eq!(report["characteristics"].as_array().unwrap().len(), 1);

    // A value held by fewer than 3 is merged, never shown as a group of its own.
    set_sex(&app, &hr, &people["E2"], "Non-binary").await;
    let report = app.ok(&hr, MONITORING, json!({ "id": id })).await;
    let sex = &report["proposal"]["equalityMonitoring"]["characteristics"][0];
    assert_eq!(sex["groups"].as_array().unwrap().len(), 2);
    assert_eq!(
        sex["smallerGroups"],
        json!({ "value": null, "counts": { "people": null }, "markedDifference": false })
    );

    // What is held is read back in the order of s4, and every change is audited.
    app.ok(
        &hr,
        SET,
        json!({ "i": { "employeeId": people["C0"], "characteristics": [
        { "characteristic": "SEX", "value": "Female" },
        { "characteristic": "AGE", "value": "50 to 59" },
    ] } }),
    )
    .await;
    let held = app.ok(&hr, HELD, json!({ "e": people["C0"] })).await;
    assert_eq!(
        held["protectedCharacteristics"],
        json!([{ "characteristic": "AGE", "value": "50 to 59" }, { "characteristic": "SEX", "value": "Female" }])
    );
    assert_eq!(
        audit_count(&app, "employee.protected_characteristics_set").await,
        9
    );

    // Bad input says where, and writes nothing.
    let twice = app
        .graphql(
            Some(&hr),
            SET,
            json!({ "i": { "employeeId": people["C0"], "characteristics": [
                { "characteristic": "SEX", "value": "Female" },
                { "characteristic": "SEX", "value": "Male" },
            ] } }),
        )
        .await;
    assert_eq!(error_code(&twice), "BAD_USER_INPUT");
    assert_eq!(
        twice["errors"][0]["extensions"]["field"],
        "input.characteristics[1].characteristic"
    );
    let held = app.ok(&hr, HELD, json!({ "e": people["C0"] })).await;
    assert_eq!(
        held["protectedCharacteristics"].as_array().unwrap().len(),
        2
    );
    // An empty list clears what is held.
    app.ok(
        &hr,
        SET,
        json!({ "i": { "employeeId": people["C0"], "characteristics": [] } }),
    )
    .await;
    let held = app.ok(&hr, HELD, json!({ "e": people["C0"] })).await;
    assert_eq!(held["protectedCharacteristics"], json!([]));
}

async fn only_hr_records_or_sees_protected_characteristics(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (id, people, _) = decided(&app, &hr, 0).await;
    // The proposal has a sponsor and is shared with the unions, so both may read it.
    sql(&app, "UPDATE proposal SET status = 'DRAFT'").await;
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "sponsorId": sponsor_id } }),
    )
    .await;
    sql(&app, "UPDATE proposal SET status = 'DECIDED', shared_with_unions_at = '2026-11-01T10:00:00+00:00', consultation_opened_at = '2026-11-01T10:00:00+00:00'").await;
    let (_, rep) = app.signed_in_rep("UNISON").await;
    set_sex(&app, &hr, &people["C0"], "Female").await;
    for token in [&sponsor, &rep] {
        let seen = app
            .graphql(Some(token), MONITORING, json!({ "id": id }))
            .await;
        assert_eq!(error_code(&seen), "FORBIDDEN", "{seen}");
        let held = app
            .graphql(Some(token), HELD, json!({ "e": people["C0"] }))
            .await;
        assert_eq!(error_code(&held), "FORBIDDEN", "{held}");
    }
    // Staff who are not named in the proposal cannot even find it.
    let seen = app
        .graphql(Some(&staff), MONITORING, json!({ "id": id }))
        .await;
    assert_eq!(error_code(&seen), "NOT_FOUND");
    for token in [&sponsor, &rep, &staff] {
        let set = app
            .graphql(
                Some(token),
                SET,
                json!({ "i": { "employeeId": people["C0"], "characteristics": [] } }),
            )
            .await;
        assert_eq!(error_code(&set), "FORBIDDEN", "{set}");
    }
    let held = app.ok(&hr, HELD, json!({ "e": people["C0"] })).await;
    assert_eq!(
        held["protectedCharacteristics"].as_array().unwrap().len(),
        1
    );
    // An unknown employee is refused as such.
    let unknown = app
        .graphql(
            Some(&hr),
            HELD,
            json!({ "e": "00000000-0000-7000-8000-000000000000" }),
        )
        .await;
    assert_eq!(error_code(&unknown), "NOT_FOUND");
}
