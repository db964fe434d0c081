//! Notice of dismissal and redundancy pay through HTTP (issue 16, wave 2): the collective
//! gates (Junk v Kühnel, TULRCA s193), the s188 panel reading the first notice actually given,
//! the s86 period and last day, s52 time off, the s162 calculation by content, the proposal's
//! totals, and who sees pay.

use crate::cases::{decided, set_status, sql};
use crate::db_tests;
use crate::email::{PUBLIC_URL, SmtpSink, worker};
use crate::helpers::{PASSWORD, TestApp, error_code};
use crate::s188::{days, give_disclosure, proposed, s188, set_timetable, today};
use crate::timetable::{FIELDS, version};
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    notice_waits_for_the_end_of_consultation_and_hr1_and_feeds_the_s188_panel,
    redundancy_pay_is_worked_line_by_line_and_seen_by_hr_and_the_employee_only,
    the_notice_email_states_the_last_day_and_the_right_of_appeal,
);

const GIVE: &str = "mutation($i: GiveNoticeInput!) { giveNotice(input: $i) { case { state version } notice { givenOn lastDay noticeWeeks statutoryWeeks contractualWeeks basis timeOffToLookForWork timeOffExplained appealDeadline } } }";
const FACTS: &str = "mutation($i: SetCaseFactsInput!) { setCaseFacts(input: $i) { version } }";
const PAY: &str = "query($e: ID!) { case(employeeId: $e) { redundancyPay { relevantDate relevantDateBasis missing inputsVersion pensionStrain statutory { qualifies completeYearsOfService ageOnRelevantDate yearsCounted totalWeeks actualWeeklyPay weekPayLimit capApplied weekPayUsed total bands { band years weeksPerYear weeks citation } enhanced { multiplier weeksPaid total statutoryFloorApplied } } } } }";
const COSTS: &str = "query($id: ID!) { proposal(id: $id) { individualStageCosts { redundancyPayStatutory redundancyPayEnhanced pensionStrain missing calculated } } }";
const PAY_INPUTS: &str = "mutation($i: SetCasePayInputsInput!) { setCasePayInputs(input: $i) { version provisionalRelevantDate pensionStrain } }";

async fn employee_version(app: &TestApp, hr: &str, employee: &str) -> i64 {
    app.ok(
        hr,
        "query($e: ID!) { case(employeeId: $e) { employee { version } } }",
        json!({ "e": employee }),
    )
    .await["case"]["employee"]["version"]
        .as_i64()
        .unwrap()
}

/// Service from 1 September 2010, born 15 March 1975, £600 a week.
/// Sets the employee's weekly pay to £600 in the database (no statement text holds the id,
/// which SQLite and PostgreSQL store differently).
pub(crate) async fn weekly_pay_of_600(app: &TestApp, employee: &str) {
    use consult::store::entities::employee;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    employee::Entity::update_many()
        .col_expr(employee::Column::WeeklyPayPence, Expr::value(60_000i64))
        .filter(employee::Column::Id.eq(uuid::Uuid::parse_str(employee).unwrap()))
        .exec(app.store.conn())
        .await
        .unwrap();
}

async fn worked_example_facts(app: &TestApp, hr: &str, employee: &str) {
    let v = employee_version(app, hr, employee).await;
    app.ok(hr, FACTS, json!({ "i": { "employeeId": employee, "expectedVersion": v, "continuousServiceStart": "2010-09-01", "dateOfBirth": "1975-03-15" } })).await;
    weekly_pay_of_600(app, employee).await;
}

async fn case_version(app: &TestApp, token: &str, employee: &str) -> i64 {
    app.ok(
        token,
        "query($e: ID!) { case(employeeId: $e) { version } }",
        json!({ "e": employee }),
    )
    .await["case"]["version"]
        .as_i64()
        .unwrap()
}

fn message(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap_or_default()
}

async fn notice_waits_for_the_end_of_consultation_and_hr1_and_feeds_the_s188_panel(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    // 25 proposed dismissals: s188 and s193 apply. Consultation from 60 to 31 days ago.
    let id = proposed(&app, &hr, 25).await;
    let t = today();
    set_timetable(
        &app,
        &hr,
        &id,
        (t - days(60), t - days(31)),
        None,
        t + days(90),
    )
    .await;
    give_disclosure(&app, &hr, &id, t - days(60)).await;
    set_status(&app, "DECIDED").await;
    app.ok(
        &hr,
        "mutation($id: ID!) { openCases(proposalId: $id) { opened } }",
        json!({ "id": id }),
    )
    .await;
    let people = app
        .ok(&hr, "query($id: ID!) { proposal(id: $id) { employees(first: 100) { edges { node { id employeeNumber } } } } }", json!({ "id": id }))
        .await;
    let c0 = people["proposal"]["employees"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["employeeNumber"] == "C0")
        .unwrap()["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    worked_example_facts(&app, &hr, &c0).await;

    // Inside consultation and before HR1: both named.
    let early = app
        .graphql(
            Some(&hr),
            GIVE,
            json!({ "i": { "employeeId": c0, "expectedVersion": 1, "givenOn": t - days(40) } }),
        )
        .await;
    assert_eq!(error_code(&early), "PRECONDITION_FAILED", "{early}");
    assert!(
        message(&early).contains("consultation runs until"),
        "{early}"
    );
    assert!(message(&early).contains("HR1 has not been made"), "{early}");
    // After consultation, still before HR1.
    let no_hr1 = app
        .graphql(
            Some(&hr),
            GIVE,
            json!({ "i": { "employeeId": c0, "expectedVersion": 1, "givenOn": t - days(30) } }),
        )
        .await;
    assert_eq!(error_code(&no_hr1), "PRECONDITION_FAILED");
    assert!(!message(&no_hr1).contains("consultation runs until"));
    assert!(message(&no_hr1).contains("HR1 has not been made"));
    app.ok(&hr, "mutation($id: ID!, $d: NaiveDate!) { recordHr1Notification(input: {proposalId: $id, madeOn: $d, reference: \"HR1-1\", submittedCopy: \"25 proposed redundancies\", copyToRepresentativesOn: $d}) { id } }", json!({ "id": id, "d": t - days(30) })).await;
    // On the day HR1 was made: refused (s193 needs it before).
    let same_day = app
        .graphql(
            Some(&hr),
            GIVE,
            json!({ "i": { "employeeId": c0, "expectedVersion": 1, "givenOn": t - days(30) } }),
        )
        .await;
    assert_eq!(error_code(&same_day), "PRECONDITION_FAILED");
    assert!(message(&same_day).contains("notice must come after it"));
    // Nothing half-written by the refusals.
    assert_eq!(case_version(&app, &hr, &c0).await, 1);

    // The day after: 16 complete years, so 12 weeks (the s86 maximum); s52 time off.
    let given = app
        .ok(
            &hr,
            GIVE,
            json!({ "i": { "employeeId": c0, "expectedVersion": 1, "givenOn": t - days(29) } }),
        )
        .await;
    let notice = &given["giveNotice"]["notice"];
    assert_eq!(given["giveNotice"]["case"]["state"], "NOTICE_GIVEN");
    assert_eq!(notice["noticeWeeks"], 12);
    assert_eq!(notice["statutoryWeeks"], 12);
    assert_eq!(notice["basis"], "STATUTORY");
    assert_eq!(notice["lastDay"], json!(t - days(29) + days(84)));
    assert_eq!(notice["timeOffToLookForWork"], true);
    assert!(notice["timeOffExplained"].as_str().unwrap().contains("s52"));

    // The s188 panel reads the notice actually given: HR1 was due the day before it.
    let assessed = s188(&app, &hr, &id).await;
    assert_eq!(assessed["firstNotice"], json!(t - days(29)), "{assessed}");
    assert_eq!(assessed["hr1DueBeforeFirstNotice"], json!(t - days(30)));
    assert!(
        !assessed["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["severity"] == "ERROR" && f["section"] == "s193(2)(a)"),
        "{assessed}"
    );

    // Only HR gives notice.
    let (_, manager) = app.signed_in(Role::Manager).await;
    let refused = app
        .graphql(
            Some(&manager),
            GIVE,
            json!({ "i": { "employeeId": c0, "expectedVersion": 2, "givenOn": t } }),
        )
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");
}

async fn redundancy_pay_is_worked_line_by_line_and_seen_by_hr_and_the_employee_only(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let (id, people, _) = decided(&app, &hr, 0).await;
    set_status(&app, "DRAFT").await;
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "sponsorId": sponsor_id } }),
    )
    .await;
    set_status(&app, "DECIDED").await;
    let c0 = people["C0"].clone();

    // Nothing known yet: every missing fact named.
    let empty = app.ok(&hr, PAY, json!({ "e": c0 })).await;
    assert_eq!(
        empty["case"]["redundancyPay"]["missing"],
        json!([
            "continuousServiceStart",
            "dateOfBirth",
            "weeklyPay",
            "relevantDate"
        ])
    );
    worked_example_facts(&app, &hr, &c0).await;
    let set = app
        .ok(&hr, PAY_INPUTS, json!({ "i": { "employeeId": c0, "expectedVersion": 0, "provisionalRelevantDate": "2026-06-30", "pensionStrain": "1500.00" } }))
        .await;
    assert_eq!(set["setCasePayInputs"]["version"], 1);
    let stale = app
        .graphql(
            Some(&hr),
            PAY_INPUTS,
            json!({ "i": { "employeeId": c0, "expectedVersion": 0, "pensionStrain": "1.00" } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");

    // s162 worked: 15 complete years to 30 June 2026; 10 years aged 41 or over at 1.5 weeks
    // and 5 aged 22 to 40 at 1 week: 20 weeks × £600 (under the £751 limit) = £12,000.
    let pay = app.ok(&hr, PAY, json!({ "e": c0 })).await["case"]["redundancyPay"].clone();
    assert_eq!(pay["relevantDate"], "2026-06-30");
    assert_eq!(pay["relevantDateBasis"], "PROVISIONAL");
    assert_eq!(pay["missing"], json!([]));
    let s = &pay["statutory"];
    assert_eq!(s["qualifies"], true);
    assert_eq!(s["completeYearsOfService"], 15);
    assert_eq!(s["ageOnRelevantDate"], 51);
    assert_eq!(s["totalWeeks"], 20.0);
    assert_eq!(s["weekPayLimit"], "751.00");
    assert_eq!(s["capApplied"], false);
    assert_eq!(s["weekPayUsed"], "600.00");
    assert_eq!(s["total"], "12000.00");
    let bands: Vec<(String, i64, f64)> = s["bands"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["years"].as_i64().unwrap() > 0)
        .map(|b| {
            (
                b["band"].as_str().unwrap().to_owned(),
                b["years"].as_i64().unwrap(),
                b["weeks"].as_f64().unwrap(),
            )
        })
        .collect();
    assert!(bands.contains(&("FROM_41".into(), 10, 15.0)), "{bands:?}");
    assert!(
        bands.contains(&("FROM_22_TO_40".into(), 5, 5.0)),
        "{bands:?}"
    );
    assert_eq!(pay["enhanced"], Value::Null);
    assert_eq!(pay["pensionStrain"], "1500.00");

    // The proposal's totals: one case calculated, four missing facts.
    let costs =
        app.ok(&hr, COSTS, json!({ "id": id })).await["proposal"]["individualStageCosts"].clone();
    assert_eq!(
        costs,
        json!({ "redundancyPayStatutory": "12000.00", "redundancyPayEnhanced": "12000.00", "pensionStrain": "1500.00", "missing": 4, "calculated": 1 })
    );
    // An enhanced scheme (actual pay × 1.5) sits beside it: 30 weeks × £600.
    app.ok(&hr, "mutation { setEmployerPolicy(input: {expectedVersion: 0, redundancyScheme: ENHANCED, useActualWeeklyPay: true, multiplier: 1.5, maxWeeks: 104}) { version } }", json!({})).await;
    let pay = app.ok(&hr, PAY, json!({ "e": c0 })).await["case"]["redundancyPay"].clone();
    assert_eq!(pay["statutory"]["enhanced"]["weeksPaid"], 30.0);
    assert_eq!(pay["statutory"]["enhanced"]["total"], "18000.00");
    let costs = app.ok(&hr, COSTS, json!({ "id": id })).await;
    assert_eq!(
        costs["proposal"]["individualStageCosts"]["redundancyPayEnhanced"],
        "18000.00"
    );
    // Placed people are not costed.
    {
        use consult::store::entities::individual_case;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        individual_case::Entity::update_many()
            .col_expr(individual_case::Column::State, Expr::value("SLOTTED_IN"))
            .filter(
                individual_case::Column::EmployeeId
                    .eq(uuid::Uuid::parse_str(&people["C1"]).unwrap()),
            )
            .exec(app.store.conn())
            .await
            .unwrap();
    }
    let costs = app.ok(&hr, COSTS, json!({ "id": id })).await;
    assert_eq!(costs["proposal"]["individualStageCosts"]["missing"], 3);

    // The employee sees their own pay.
    app.create_user("cw0@bury.example", Role::Staff).await;
    let own = app.login("cw0@bury.example", PASSWORD).await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let mine = app.ok(&own, PAY, json!({ "e": c0 })).await;
    assert_eq!(
        mine["case"]["redundancyPay"]["statutory"]["total"],
        "12000.00"
    );
    // ...but not the proposal's totals, nor another's case.
    assert!(matches!(
        error_code(&app.graphql(Some(&own), COSTS, json!({ "id": id })).await),
        "FORBIDDEN" | "NOT_FOUND"
    ));
    assert_eq!(
        error_code(
            &app.graphql(Some(&own), PAY, json!({ "e": people["C2"] }))
                .await
        ),
        "NOT_FOUND"
    );
    // The sponsor sees the case, never the pay or the totals.
    assert_eq!(
        error_code(&app.graphql(Some(&sponsor), PAY, json!({ "e": c0 })).await),
        "FORBIDDEN"
    );
    assert_eq!(
        error_code(
            &app.graphql(Some(&sponsor), COSTS, json!({ "id": id }))
                .await
        ),
        "FORBIDDEN"
    );
    // A union representative sees no case.
    sql(&app, "UPDATE proposal SET shared_with_unions_at = '2026-11-01T10:00:00+00:00', consultation_opened_at = '2026-11-01T10:00:00+00:00'").await;
    let (_, rep) = app.signed_in_rep("UNISON").await;
    assert_eq!(
        error_code(&app.graphql(Some(&rep), PAY, json!({ "e": c0 })).await),
        "NOT_FOUND"
    );
    assert!(matches!(
        error_code(&app.graphql(Some(&rep), COSTS, json!({ "id": id })).await),
        "FORBIDDEN" | "NOT_FOUND"
    ));
    // Only HR sets the pay inputs.
    assert_eq!(
        error_code(
            &app.graphql(
                Some(&own),
                PAY_INPUTS,
                json!({ "i": { "employeeId": c0, "expectedVersion": 1, "pensionStrain": "0.00" } })
            )
            .await
        ),
        "FORBIDDEN"
    );
}

async fn the_notice_email_states_the_last_day_and_the_right_of_appeal(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    // Five at risk: s188 does not apply, so no collective gate.
    let (_, people, _) = decided(&app, &hr, 0).await;
    let c0 = people["C0"].clone();
    worked_example_facts(&app, &hr, &c0).await;
    let given_on = chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    let given = app
        .ok(
            &hr,
            GIVE,
            json!({ "i": { "employeeId": c0, "expectedVersion": 1, "givenOn": given_on } }),
        )
        .await;
    // 15 complete years on 1 April 2026: 12 weeks, to 24 June 2026.
    assert_eq!(given["giveNotice"]["notice"]["lastDay"], "2026-06-24");
    // The same last day to appeal the email states, on the notice itself.
    assert_eq!(
        given["giveNotice"]["notice"]["appealDeadline"],
        "2026-04-17"
    );
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    worker.run_once().await.unwrap();
    let sent = sink.to("cw0@bury.example", "Notice of dismissal");
    assert_eq!(sent.len(), 1, "{:?}", sink.to("cw0@bury.example", ""));
    let text = sent[0]["text"].as_str().unwrap();
    assert!(text.contains("Dear Caseworker 0,"), "{text}");
    assert!(
        text.contains("last day of service\nis Wednesday 24 June 2026")
            || text.contains("is Wednesday 24 June 2026"),
        "{text}"
    );
    // Ten working days from 1 April 2026 (Easter skipped): 17 April.
    assert!(text.contains("Friday 17 April 2026"), "{text}");
    assert!(text.contains(PUBLIC_URL), "{text}");
    // The deadline reminder was due before now (the notice is in the past): sent once too.
    assert_eq!(
        sink.to("cw0@bury.example", "Your right of appeal ends")
            .len(),
        1
    );
    worker.run_once().await.unwrap();
    assert_eq!(sink.to("cw0@bury.example", "Notice of dismissal").len(), 1);
}
