//! The employer's individual-stage policy and HR's redundancy pay calculator through HTTP:
//! who may read and change them, the statutory floors, and the line-by-line calculation.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    hr_sets_the_policy_and_managers_read_it_others_are_refused,
    a_policy_below_its_statutory_floor_or_stale_is_refused_and_nothing_is_written,
    the_redundancy_pay_estimate_is_line_by_line_for_hr_only,
    the_retention_period_defaults_to_six_years_and_is_bounded,
);

const READ: &str = "{ employerPolicy { appealWindowWorkingDays slotInThresholdPercent trialReminderWorkingDays redundancyScheme useActualWeeklyPay multiplier maxWeeks version updatedAt } }";
const SET: &str = "mutation($i: SetEmployerPolicyInput!) { setEmployerPolicy(input: $i) { appealWindowWorkingDays slotInThresholdPercent trialReminderWorkingDays redundancyScheme useActualWeeklyPay multiplier maxWeeks version } }";
const ESTIMATE: &str = "query($i: RedundancyPayEstimateInput!) { redundancyPayEstimate(input: $i) { completeYearsOfService qualifies yearsCounted ageOnRelevantDate years { number from to ageAtStart band } bands { band years weeksPerYear weeks citation } totalWeeks actualWeeklyPay weekPayLimit limitSource limitStatus capApplied weekPayUsed total notes enhanced { weeksBeforeMaximum maxWeeks weeksPaid multiplier weekPayUsed schemeTotal total statutoryFloorApplied source } } }";

fn field(body: &Value) -> &str {
    body["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or_else(|| panic!("expected a field: {body}"))
}

async fn hr_sets_the_policy_and_managers_read_it_others_are_refused(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, manager) = app.signed_in(Role::Manager).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let (_, staff) = app.signed_in(Role::Staff).await;

    // Until HR saves one, the defaults: statutory pay only.
    let policy = app.ok(&manager, READ, json!({})).await["employerPolicy"].clone();
    assert_eq!(policy["version"], 0);
    assert_eq!(policy["redundancyScheme"], "STATUTORY_ONLY");
    assert_eq!(policy["appealWindowWorkingDays"], 10);
    assert_eq!(policy["slotInThresholdPercent"], 70);
    assert_eq!(policy["trialReminderWorkingDays"], 5);
    assert_eq!(policy["maxWeeks"], 30);
    assert_eq!(policy["updatedAt"], Value::Null);

    let saved = app
        .ok(
            &hr,
            SET,
            json!({ "i": { "expectedVersion": 0, "redundancyScheme": "ENHANCED",
                "useActualWeeklyPay": true, "multiplier": 1.5, "maxWeeks": 104,
                "appealWindowWorkingDays": 15 } }),
        )
        .await["setEmployerPolicy"]
        .clone();
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["redundancyScheme"], "ENHANCED");
    assert_eq!(saved["multiplier"], 1.5);
    assert_eq!(saved["appealWindowWorkingDays"], 15);
    // Absent fields keep their value.
    assert_eq!(saved["slotInThresholdPercent"], 70);

    // A partial second change, at the new version.
    let again = app
        .ok(
            &hr,
            SET,
            json!({ "i": { "expectedVersion": 1, "slotInThresholdPercent": 60 } }),
        )
        .await["setEmployerPolicy"]
        .clone();
    assert_eq!(again["version"], 2);
    assert_eq!(again["slotInThresholdPercent"], 60);
    assert_eq!(again["multiplier"], 1.5);

    let read = app.ok(&manager, READ, json!({})).await["employerPolicy"].clone();
    assert_eq!(read["version"], 2);
    assert_eq!(read["maxWeeks"], 104);
    assert!(read["updatedAt"].is_string());

    // Each change is in the audit log.
    let audit = app
        .ok(
            &hr,
            "{ auditEvents(first: 10, entityType: \"employer_policy\") { edges { node { action } } } }",
            json!({}),
        )
        .await;
    let actions: Vec<_> = audit["auditEvents"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, vec!["employer_policy.set", "employer_policy.set"]);

    // Reading: union reps and staff are refused; signed out is unauthenticated.
    for token in [&rep, &staff] {
        let body = app.graphql(Some(token), READ, json!({})).await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    }
    let body = app.graphql(None, READ, json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");

    // Changing: HR only.
    for token in [&manager, &rep, &staff] {
        let body = app
            .graphql(
                Some(token),
                SET,
                json!({ "i": { "expectedVersion": 2, "appealWindowWorkingDays": 20 } }),
            )
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    }
    let body = app
        .graphql(
            None,
            SET,
            json!({ "i": { "expectedVersion": 2, "appealWindowWorkingDays": 20 } }),
        )
        .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
    let read = app.ok(&hr, READ, json!({})).await["employerPolicy"].clone();
    assert_eq!(read["version"], 2);
    assert_eq!(read["appealWindowWorkingDays"], 15);
}

async fn a_policy_below_its_statutory_floor_or_stale_is_refused_and_nothing_is_written(
    app: TestApp,
) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let refused = |input: Value| {
        let app = &app;
        let hr = hr.clone();
        async move { app.graphql(Some(&hr), SET, json!({ "i": input })).await }
    };
    // ERA s162: an enhanced scheme may never pay less than the statute.
    let body =
        refused(json!({ "expectedVersion": 0, "redundancyScheme": "ENHANCED", "multiplier": 0.9 }))
            .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(field(&body), "input.multiplier");
    let body = refused(json!({ "expectedVersion": 0, "maxWeeks": 29 })).await;
    assert_eq!(field(&body), "input.maxWeeks");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("s162")
    );
    // SI 2006/2914 reg. 6: at most 104 weeks' pay.
    let body = refused(json!({ "expectedVersion": 0, "maxWeeks": 105 })).await;
    assert_eq!(field(&body), "input.maxWeeks");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("104")
    );
    let body = refused(json!({ "expectedVersion": 0, "multiplier": 1.255 })).await;
    assert_eq!(field(&body), "input.multiplier");
    let body = refused(json!({ "expectedVersion": 0, "appealWindowWorkingDays": -1 })).await;
    assert_eq!(field(&body), "input.appealWindowWorkingDays");
    let body = refused(json!({ "expectedVersion": 0, "trialReminderWorkingDays": 20 })).await;
    assert_eq!(field(&body), "input.trialReminderWorkingDays");
    let body = refused(json!({ "expectedVersion": 0, "slotInThresholdPercent": 0 })).await;
    assert_eq!(field(&body), "input.slotInThresholdPercent");
    // Nothing was written.
    let read = app.ok(&hr, READ, json!({})).await["employerPolicy"].clone();
    assert_eq!(read["version"], 0);

    // A stale version is a conflict.
    app.ok(
        &hr,
        SET,
        json!({ "i": { "expectedVersion": 0, "appealWindowWorkingDays": 12 } }),
    )
    .await;
    let body = refused(json!({ "expectedVersion": 0, "appealWindowWorkingDays": 20 })).await;
    assert_eq!(error_code(&body), "CONFLICT");
    let body = refused(json!({ "expectedVersion": 5, "appealWindowWorkingDays": 20 })).await;
    assert_eq!(error_code(&body), "CONFLICT");
    let read = app.ok(&hr, READ, json!({})).await["employerPolicy"].clone();
    assert_eq!(read["version"], 1);
    assert_eq!(read["appealWindowWorkingDays"], 12);
}

async fn the_redundancy_pay_estimate_is_line_by_line_for_hr_only(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, manager) = app.signed_in(Role::Manager).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    // 30 years' service, all at 41 or over, £900 a week, relevant date after 6 April 2026:
    // 20 years × 1.5 weeks × £751 (SI 2026/310) = £22,530.
    let long = json!({ "i": { "serviceStart": "1996-01-01", "dateOfBirth": "1950-01-01",
        "weeklyPay": "900.00", "relevantDate": "2026-12-31", "jurisdiction": "GREAT_BRITAIN" } });
    let c = app.ok(&hr, ESTIMATE, long.clone()).await["redundancyPayEstimate"].clone();
    assert_eq!(c["completeYearsOfService"], 31);
    assert_eq!(c["qualifies"], true);
    assert_eq!(c["yearsCounted"], 20);
    assert_eq!(c["years"].as_array().unwrap().len(), 20);
    assert_eq!(c["years"][0]["from"], "2026-01-01");
    assert_eq!(c["years"][0]["band"], "FROM_41");
    assert_eq!(c["bands"][0]["weeks"], 30.0);
    assert_eq!(c["bands"][0]["citation"], "ERA 1996 s162(2)(a)");
    assert_eq!(c["actualWeeklyPay"], "900.00");
    assert_eq!(c["weekPayLimit"], "751.00");
    assert!(c["limitSource"].as_str().unwrap().contains("SI 2026/310"));
    assert_eq!(c["limitStatus"], "CONFIRMED");
    assert_eq!(c["capApplied"], true);
    assert_eq!(c["total"], "22530.00");
    assert_eq!(c["enhanced"], Value::Null);

    // The day before 6 April 2026 the limit was £719.
    let before = json!({ "i": { "serviceStart": "2020-01-01", "dateOfBirth": "1990-01-01",
        "weeklyPay": "800", "relevantDate": "2026-04-05", "jurisdiction": "GREAT_BRITAIN" } });
    let c = app.ok(&hr, ESTIMATE, before).await["redundancyPayEstimate"].clone();
    assert_eq!(c["weekPayUsed"], "719.00");
    assert_eq!(c["totalWeeks"], 6.0);
    assert_eq!(c["total"], "4314.00");

    // Under two years: no payment, and the note says why.
    let short = json!({ "i": { "serviceStart": "2024-06-01", "dateOfBirth": "1990-01-01",
        "weeklyPay": "500", "relevantDate": "2026-05-30", "jurisdiction": "GREAT_BRITAIN" } });
    let c = app.ok(&hr, ESTIMATE, short).await["redundancyPayEstimate"].clone();
    assert_eq!(c["qualifies"], false);
    assert_eq!(c["total"], "0.00");
    assert!(c["notes"][0].as_str().unwrap().contains("s155"));

    // Northern Ireland after the last limit Consult holds: flagged for HR to confirm.
    let ni = json!({ "i": { "serviceStart": "2010-01-01", "dateOfBirth": "1970-01-01",
        "weeklyPay": "1000", "relevantDate": "2026-06-30", "jurisdiction": "NORTHERN_IRELAND" } });
    let c = app.ok(&hr, ESTIMATE, ni).await["redundancyPayEstimate"].clone();
    assert_eq!(c["limitStatus"], "UNCONFIRMED");
    assert!(c["notes"][0].as_str().unwrap().starts_with("Limit unknown"));

    // With an enhanced scheme in the policy, it is shown beside the statutory payment.
    app.ok(
        &hr,
        SET,
        json!({ "i": { "expectedVersion": 0, "redundancyScheme": "ENHANCED",
            "useActualWeeklyPay": true, "multiplier": 2, "maxWeeks": 52 } }),
    )
    .await;
    // One read of the policy, whatever the length of service (plus the session's own).
    let before = app.store.statements_executed();
    let c = app.ok(&hr, ESTIMATE, long.clone()).await["redundancyPayEstimate"].clone();
    let statements = app.store.statements_executed() - before;
    assert!(statements <= 3, "{statements} statements");
    let e = &c["enhanced"];
    assert_eq!(e["weeksBeforeMaximum"], 60.0);
    assert_eq!(e["weeksPaid"], 52.0);
    assert_eq!(e["weekPayUsed"], "900.00");
    assert_eq!(e["total"], "46800.00");
    assert_eq!(e["statutoryFloorApplied"], false);
    assert!(e["source"].as_str().unwrap().contains("SI 2006/2914"));

    // Inconsistent facts are refused at their field.
    let body = app
        .graphql(
            Some(&hr),
            ESTIMATE,
            json!({ "i": { "serviceStart": "2020-01-01", "dateOfBirth": "1990-01-01",
                "weeklyPay": "500", "relevantDate": "2019-01-01", "jurisdiction": "GREAT_BRITAIN" } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(field(&body), "input.relevantDate");
    let body = app
        .graphql(
            Some(&hr),
            ESTIMATE,
            json!({ "i": { "serviceStart": "2020-01-01", "dateOfBirth": "1990-01-01",
                "weeklyPay": "lots", "relevantDate": "2026-01-01", "jurisdiction": "GREAT_BRITAIN" } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    // A date of birth may be long before 2000, but not before 1900.
    let body = app
        .graphql(
            Some(&hr),
            ESTIMATE,
            json!({ "i": { "serviceStart": "2000-01-01", "dateOfBirth": "1850-01-01",
                "weeklyPay": "500", "relevantDate": "2026-01-01", "jurisdiction": "GREAT_BRITAIN" } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1900"),
        "{body}"
    );

    // HR only: it takes a date of birth and pay.
    for token in [&manager, &rep, &staff] {
        let body = app.graphql(Some(token), ESTIMATE, long.clone()).await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    }
    let body = app.graphql(None, ESTIMATE, long).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
}

/// UK GDPR Art. 5(1)(e): 6 years by default (Limitation Act 1980 s5), 1 to 20.
async fn the_retention_period_defaults_to_six_years_and_is_bounded(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let read = "{ employerPolicy { retentionYears retentionKeepsFreeText version } }";
    let policy = app.ok(&hr, read, json!({})).await["employerPolicy"].clone();
    assert_eq!(
        policy,
        json!({ "retentionYears": 6, "retentionKeepsFreeText": false, "version": 0 })
    );
    let set = "mutation($i: SetEmployerPolicyInput!) { setEmployerPolicy(input: $i) { retentionYears retentionKeepsFreeText version } }";
    for years in [0, 21, -1] {
        let body = app
            .graphql(
                Some(&hr),
                set,
                json!({ "i": { "expectedVersion": 0, "retentionYears": years } }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(field(&body), "input.retentionYears");
    }
    let saved = app
        .ok(
            &hr,
            set,
            json!({ "i": { "expectedVersion": 0, "retentionYears": 7, "retentionKeepsFreeText": true } }),
        )
        .await;
    assert_eq!(
        saved["setEmployerPolicy"],
        json!({ "retentionYears": 7, "retentionKeepsFreeText": true, "version": 1 })
    );
}
