//! The s188 engine as HR sees it through the API: counting (s188(1), s188(3), s195, Hardy),
//! dates (s193's two limbs, Junk v Kühnel, when consultation began) and what the disclosure
//! says (s188(4)(c), (d)). The rules' edge cases are unit tests in `domain::s188`.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use crate::timetable::{FIELDS, bury_proposal, missing, step, version};
use consult::domain::account::Role;
use serde_json::{Value, json};
use std::collections::HashSet;

db_tests!(
    s188_3_a_proposal_made_after_consultation_began_neither_counts_nor_is_counted,
    s188_1_a_draft_in_the_window_is_warned_about_but_not_counted,
    hardy_placing_people_during_consultation_keeps_the_duty_and_shows_both_numbers,
    s195_dismissal_and_reengagement_and_volunteers_count_once_each,
    s193_hr1_has_two_limbs_and_compliant_is_false_beside_an_error,
    junk_v_kuhnel_a_dismissal_inside_consultation_is_an_error,
    s188_4_consultation_begins_with_the_first_complete_disclosure,
    s188_4_c_and_d_are_judged_on_what_the_disclosure_says,
    the_open_gate_lists_each_s188_problem_once,
);

/// Today in the calendar Consult keeps (Europe/London).
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
}

pub(crate) fn days(n: u64) -> chrono::Days {
    chrono::Days::new(n)
}

const S188: &str = "query($id: ID!) { proposal(id: $id) { s188 { applies band compliant dismissalsInWindow dismissalsInWindowAtStart proposedDismissalsNow proposedDismissalsAtStart minimumConsultationDays consultationStart firstNotice hr1DueDate hr1DueBeforeFirstNotice hr1DueBeforeFirstDismissal disclosure { item present text problem } disclosures { version givenOn complete startedConsultation missing proposedDismissals } findings { severity section message } } } }";

pub(crate) async fn s188(app: &TestApp, hr: &str, id: &str) -> Value {
    app.ok(hr, S188, json!({ "id": id })).await["proposal"]["s188"].clone()
}

pub(crate) fn findings<'a>(s188: &'a Value, severity: &str) -> Vec<&'a Value> {
    s188["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == severity)
        .collect()
}

/// Every s188(4) item written, with a workforce of `workforce` people.
async fn complete_the_content(app: &TestApp, hr: &str, id: &str, workforce: u32) {
    let fields = json!({
        "background": "Demand for EHC plans has doubled.",
        "rationale": "The structure is top heavy and casework is slow.",
        "proposalText": "Fewer senior practitioners, more caseworkers.",
        "selectionMethod": "Slot-in where the new job description matches 60% or more; otherwise a ring fence with competitive interview against the person specification.",
        "dismissalMethod": "Notice in line with contracts after selection.",
        "redundancyPayMethod": "Statutory formula on actual weekly pay, uncapped.",
        "agencyWorkers": "None at the establishment.",
        "equalityAnalysis": "Done",
        "equalityAnalysisComplete": true,
        "establishmentWorkforce": { "asOf": today(), "descriptions": [{ "description": "SEN caseworker", "headcount": workforce }] },
    });
    app.ok(
        hr,
        FIELDS,
        json!({ "id": id, "v": version(app, hr, id).await, "f": fields }),
    )
    .await;
}

pub(crate) async fn set_timetable(
    app: &TestApp,
    hr: &str,
    id: &str,
    period: (chrono::NaiveDate, chrono::NaiveDate),
    notice: Option<chrono::NaiveDate>,
    first_dismissal: chrono::NaiveDate,
) {
    let v = app
        .ok(
            hr,
            "query($id: ID!) { proposal(id: $id) { timetable { version } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["timetable"]["version"]
        .clone();
    app.ok(hr, "mutation($id: ID!, $v: Int, $s: NaiveDate!, $e: NaiveDate!, $n: NaiveDate, $f: NaiveDate!) { setTimetable(input: {proposalId: $id, expectedVersion: $v, consultationStart: $s, consultationEnd: $e, consultationType: COLLECTIVE, plannedFirstNotice: $n, plannedFirstDismissal: $f}) { version } }", json!({ "id": id, "v": v, "s": period.0, "e": period.1, "n": notice, "f": first_dismissal })).await;
}

pub(crate) async fn give_disclosure(
    app: &TestApp,
    hr: &str,
    id: &str,
    on: chrono::NaiveDate,
) -> Value {
    app.graphql(
        Some(hr),
        "mutation($id: ID!, $d: NaiveDate!) { giveS188Disclosure(input: {proposalId: $id, givenOn: $d}) { consultationStart } }",
        json!({ "id": id, "d": on }),
    )
    .await
}

/// A Bury SEN proposal with `at_risk` proposed dismissals, every item written, a lawful
/// timetable, and submitted (so proposed today).
pub(crate) async fn proposed(app: &TestApp, hr: &str, at_risk: usize) -> String {
    // bury_proposal has 2 ring-fenced seniors and 3 + extra caseworkers.
    let id = bury_proposal(app, hr, at_risk - 5).await;
    complete_the_content(app, hr, &id, 60).await;
    set_timetable(
        app,
        hr,
        &id,
        (today(), today() + days(30)),
        None,
        today() + days(45),
    )
    .await;
    app.ok(
        hr,
        "mutation($id: ID!) { applyChecklistTemplate(proposalId: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(
        step(app, hr, "submitForApproval", &id).await["data"]["submitForApproval"]["status"],
        "IN_APPROVAL"
    );
    id
}

async fn s188_3_a_proposal_made_after_consultation_began_neither_counts_nor_is_counted(
    app: TestApp,
) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let first = proposed(&app, &hr, 15).await;
    let yesterday = today() - days(1);
    let given = give_disclosure(&app, &hr, &first, yesterday).await;
    assert_eq!(
        given["data"]["giveS188Disclosure"]["consultationStart"],
        json!(yesterday)
    );
    // A second proposal at the same establishment, made after the first's consultation began.
    let second = proposed(&app, &hr, 10).await;

    let earlier = s188(&app, &hr, &first).await;
    assert_eq!(earlier["dismissalsInWindow"], 15, "{earlier}");
    assert_eq!(
        earlier["applies"], false,
        "a later proposal does not re-open the verdict"
    );
    let later = s188(&app, &hr, &second).await;
    assert_eq!(
        later["dismissalsInWindow"], 10,
        "employees already consulted on are not counted again: {later}"
    );
    assert_eq!(later["applies"], false);
    assert!(
        later["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["section"] == "s188(3)"),
        "{later}"
    );
}

async fn s188_1_a_draft_in_the_window_is_warned_about_but_not_counted(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let made = proposed(&app, &hr, 18).await;
    // A draft of 5 at the same establishment, dismissing within the same 90 days.
    let draft = bury_proposal(&app, &hr, 0).await;
    set_timetable(
        &app,
        &hr,
        &draft,
        (today(), today() + days(30)),
        None,
        today() + days(60),
    )
    .await;
    let assessed = s188(&app, &hr, &made).await;
    assert_eq!(assessed["dismissalsInWindow"], 18, "a draft is not counted");
    assert_eq!(assessed["applies"], false);
    let warnings = findings(&assessed, "WARNING");
    assert!(
        warnings.iter().any(|f| {
            let m = f["message"].as_str().unwrap();
            m.contains("draft") && m.contains("would bring the count to 23")
        }),
        "{assessed}"
    );
}

async fn employees(app: &TestApp, hr: &str, id: &str) -> Vec<Value> {
    app.ok(hr, "query($id: ID!) { proposal(id: $id) { employees(first: 100) { nodes { id version employeeNumber impact volunteer } } } }", json!({ "id": id }))
        .await["proposal"]["employees"]["nodes"]
        .as_array()
        .unwrap()
        .clone()
}

async fn update_employee(app: &TestApp, hr: &str, employee: &Value, change: Value) -> Value {
    let mut input = json!({ "id": employee["id"], "expectedVersion": employee["version"] });
    input
        .as_object_mut()
        .unwrap()
        .extend(change.as_object().unwrap().clone());
    app.ok(
        hr,
        "mutation($i: UpdateEmployeeInput!) { updateEmployee(input: $i) { id impact volunteer } }",
        json!({ "i": input }),
    )
    .await["updateEmployee"]
        .clone()
}

async fn hardy_placing_people_during_consultation_keeps_the_duty_and_shows_both_numbers(
    app: TestApp,
) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = proposed(&app, &hr, 25).await;
    give_disclosure(&app, &hr, &id, today()).await;
    // Redeployment during consultation places seven caseworkers.
    let at_risk: Vec<Value> = employees(&app, &hr, &id)
        .await
        .into_iter()
        .filter(|e| e["impact"] == "AT_RISK")
        .take(7)
        .collect();
    for e in &at_risk {
        update_employee(&app, &hr, e, json!({ "impact": "SELECTED" })).await;
    }
    let assessed = s188(&app, &hr, &id).await;
    assert_eq!(assessed["proposedDismissalsAtStart"], 25, "{assessed}");
    assert_eq!(assessed["proposedDismissalsNow"], 18);
    assert_eq!(assessed["applies"], true, "placing people keeps the duty");
    assert_eq!(assessed["minimumConsultationDays"], 30);
    assert_eq!(assessed["dismissalsInWindow"], 25);
    assert_eq!(assessed["disclosures"][0]["proposedDismissals"], 25);
}

async fn s195_dismissal_and_reengagement_and_volunteers_count_once_each(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    // 5 ring-fenced, and 14 to be dismissed and offered new contracts: 19.
    let id = bury_proposal(&app, &hr, 0).await;
    let create = "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }";
    for i in 0..14 {
        app.ok(&hr, create, json!({ "i": { "proposalId": id, "employeeNumber": format!("R{i}"), "name": format!("Driver {i}"), "workEmail": format!("driver{i}@bury.example"), "holdings": [], "impact": "DISMISS_AND_REENGAGE", "impactNote": "New shift pattern" } })).await;
    }
    app.ok(&hr, create, json!({ "i": { "proposalId": id, "employeeNumber": "N1", "name": "Nadia Khan", "workEmail": "nadia@bury.example", "holdings": [] } })).await;
    let assessed = s188(&app, &hr, &id).await;
    assert_eq!(assessed["proposedDismissalsNow"], 19, "{assessed}");
    assert_eq!(assessed["applies"], false);

    // A volunteer from a post not at risk is a dismissal too: 20.
    let people = employees(&app, &hr, &id).await;
    let nadia = people.iter().find(|e| e["employeeNumber"] == "N1").unwrap();
    let marked = update_employee(&app, &hr, nadia, json!({ "volunteer": true })).await;
    assert_eq!(marked["volunteer"], true);
    let assessed = s188(&app, &hr, &id).await;
    assert_eq!(assessed["proposedDismissalsNow"], 20);
    assert_eq!(assessed["applies"], true);
    let numbers = assessed["disclosure"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "NUMBERS_AND_DESCRIPTIONS")
        .unwrap();
    assert_eq!(numbers["present"], true, "{numbers}");

    // A ring-fenced colleague moves into the volunteer's post: who is dismissed changes,
    // not how many; and an at-risk volunteer is still one dismissal.
    let senior = people
        .iter()
        .find(|e| e["impact"] == "RING_FENCED")
        .unwrap();
    update_employee(&app, &hr, senior, json!({ "impact": "SELECTED" })).await;
    let another = people
        .iter()
        .filter(|e| e["impact"] == "RING_FENCED")
        .nth(1)
        .unwrap();
    update_employee(&app, &hr, another, json!({ "volunteer": true })).await;
    assert_eq!(s188(&app, &hr, &id).await["proposedDismissalsNow"], 19);
}

async fn s193_hr1_has_two_limbs_and_compliant_is_false_beside_an_error(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = proposed(&app, &hr, 25).await;
    // Consultation held from 60 days ago to 31 days ago; notices went out 30 days ago; the
    // first dismissal takes effect in 10 days.
    let t = today();
    set_timetable(
        &app,
        &hr,
        &id,
        (t - days(60), t - days(31)),
        Some(t - days(30)),
        t + days(10),
    )
    .await;
    give_disclosure(&app, &hr, &id, t - days(60)).await;
    let assessed = s188(&app, &hr, &id).await;
    assert_eq!(assessed["hr1DueBeforeFirstNotice"], json!(t - days(31)));
    assert_eq!(assessed["hr1DueBeforeFirstDismissal"], json!(t - days(20)));
    assert_eq!(
        assessed["hr1DueDate"],
        json!(t - days(31)),
        "the earlier limb"
    );
    let errors = findings(&assessed, "ERROR");
    assert!(
        errors
            .iter()
            .any(|f| f["section"] == "s193(2)(a)"
                && f["message"].as_str().unwrap().contains("overdue")),
        "{assessed}"
    );
    assert_eq!(assessed["compliant"], false);

    // Made 25 days ago: in time for the 30 days, but after the notices.
    app.ok(&hr, "mutation($id: ID!, $d: NaiveDate!) { recordHr1Notification(input: {proposalId: $id, madeOn: $d, reference: \"HR1-1\", submittedCopy: \"25 proposed redundancies\", copyToRepresentativesOn: $d}) { id } }", json!({ "id": id, "d": t - days(25) })).await;
    let assessed = s188(&app, &hr, &id).await;
    let errors = findings(&assessed, "ERROR");
    assert!(
        errors.iter().any(|f| f["section"] == "s193(2)(a)"
            && f["message"].as_str().unwrap().contains("made late")),
        "{assessed}"
    );
    assert!(
        !errors.iter().any(|f| f["section"] == "s193(2)"),
        "{assessed}"
    );
    assert_eq!(
        assessed["compliant"], false,
        "never compliant beside an ERROR"
    );
}

async fn junk_v_kuhnel_a_dismissal_inside_consultation_is_an_error(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = proposed(&app, &hr, 25).await;
    // 30 days after the disclosure, but 15 days before consultation ends.
    set_timetable(
        &app,
        &hr,
        &id,
        (today(), today() + days(45)),
        Some(today() + days(20)),
        today() + days(30),
    )
    .await;
    give_disclosure(&app, &hr, &id, today()).await;
    let assessed = s188(&app, &hr, &id).await;
    let junk: Vec<_> = findings(&assessed, "ERROR")
        .into_iter()
        .filter(|f| f["section"].as_str().unwrap().starts_with("Junk v Kühnel"))
        .collect();
    assert_eq!(junk.len(), 2, "the notice and the dismissal: {assessed}");
    assert_eq!(assessed["compliant"], false);
    assert_eq!(assessed["firstNotice"], json!(today() + days(20)));
}

async fn s188_4_consultation_begins_with_the_first_complete_disclosure(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = proposed(&app, &hr, 25).await;
    // Without the establishment's workforce, (c) is missing.
    app.ok(&hr, FIELDS, json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "establishmentWorkforce": null } })).await;
    give_disclosure(&app, &hr, &id, today() - days(2)).await;
    let assessed = s188(&app, &hr, &id).await;
    assert_eq!(assessed["consultationStart"], Value::Null, "{assessed}");
    assert_eq!(assessed["disclosures"][0]["complete"], false);
    assert_eq!(
        assessed["disclosures"][0]["missing"],
        json!(["TOTAL_EMPLOYED"])
    );
    assert!(
        assessed["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["message"]
                .as_str()
                .unwrap()
                .contains("did not give s188(4)(c)")),
        "{assessed}"
    );

    complete_the_content(&app, &hr, &id, 60).await;
    give_disclosure(&app, &hr, &id, today() - days(1)).await;
    give_disclosure(&app, &hr, &id, today()).await;
    let assessed = s188(&app, &hr, &id).await;
    let yesterday = json!(today() - days(1));
    assert_eq!(assessed["consultationStart"], yesterday, "{assessed}");
    let versions = assessed["disclosures"].as_array().unwrap();
    assert_eq!(versions.len(), 3);
    assert_eq!(
        versions
            .iter()
            .map(|v| v["startedConsultation"].as_bool().unwrap())
            .collect::<Vec<_>>(),
        vec![false, true, false]
    );

    // A disclosure cannot be recorded on a day to come.
    let future = give_disclosure(&app, &hr, &id, today() + days(1)).await;
    assert_eq!(error_code(&future), "BAD_USER_INPUT", "{future}");
    assert_eq!(future["errors"][0]["extensions"]["field"], "input.givenOn");
}

async fn s188_4_c_and_d_are_judged_on_what_the_disclosure_says(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = proposed(&app, &hr, 25).await;
    complete_the_content(&app, &hr, &id, 10).await;
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "selectionMethod": "TBC" } }),
    )
    .await;
    let assessed = s188(&app, &hr, &id).await;
    let item = |kind: &str| {
        assessed["disclosure"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["item"] == kind)
            .unwrap()
            .clone()
    };
    let c = item("TOTAL_EMPLOYED");
    assert_eq!(c["present"], false, "{c}");
    assert!(
        c["problem"]
            .as_str()
            .unwrap()
            .contains("smaller than the 25")
    );
    assert!(c["text"].as_str().unwrap().contains("SEN caseworker: 10"));
    let d = item("SELECTION_METHOD");
    assert_eq!(d["present"], false, "{d}");
    assert_eq!(d["text"], "TBC", "the text is shown so a person judges it");

    // Bad workforce input is refused, naming the field.
    let refused = app.graphql(Some(&hr), FIELDS, json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "establishmentWorkforce": { "asOf": today(), "descriptions": [{ "description": "Driver", "headcount": 0 }] } } })).await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    assert_eq!(
        refused["errors"][0]["extensions"]["field"],
        "input.fields.establishmentWorkforce.descriptions[0].headcount"
    );
}

async fn the_open_gate_lists_each_s188_problem_once(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = proposed(&app, &hr, 25).await;
    app.ok(
        &hr,
        "mutation($id: ID!) { shareProposalWithUnions(input: {id: $id}) { id } }",
        json!({ "id": id }),
    )
    .await;
    let approvals = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { approvals { id } } }",
            json!({ "id": id }),
        )
        .await;
    for a in approvals["proposal"]["approvals"].as_array().unwrap() {
        app.ok(&hr, "mutation($a: ID!) { decideApproval(input: {approvalId: $a, decision: APPROVE}) { decision } }", json!({ "a": a["id"] })).await;
    }
    step(&app, &hr, "approveProposal", &id).await;
    // The disclosure is given without the redundancy pay method or the agency workers.
    app.ok(&hr, FIELDS, json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "redundancyPayMethod": "", "agencyWorkers": "" } })).await;
    give_disclosure(&app, &hr, &id, today()).await;
    let refused = missing(&step(&app, &hr, "openConsultation", &id).await);
    let unique: HashSet<&String> = refused.iter().collect();
    assert_eq!(unique.len(), refused.len(), "listed twice: {refused:?}");
    for item in ["s188(4)(f)", "s188(4)(g)-(i)"] {
        assert_eq!(
            refused.iter().filter(|m| m.contains(item)).count(),
            1,
            "{item} once: {refused:?}"
        );
    }
}
