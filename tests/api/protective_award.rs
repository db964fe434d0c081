//! The protective award (TULRCA s189) in money, through HTTP: a week's pay is the employee's
//! gross pay without on-costs, uncapped (s190(5)), and an estimate from the grade says so.

use crate::db_tests;
use crate::helpers::{PASSWORD, TestApp, error_code};
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    the_exposure_is_weekly_pay_times_days_over_7_without_on_costs,
    a_pay_scale_is_a_salary_and_an_on_cost_rate,
    only_hr_sees_weekly_pay_and_the_volunteer_mark_not_even_the_employee,
);

const SET_PAY_SCALE: &str = "mutation($i: SetPayScaleInput!) { setPayScale(input: $i) {
    grade salary onCostPercent annualCost } }";

const CREATE_EMPLOYEE: &str = "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) {
    id version weeklyPay } }";

const AWARD: &str = "query($id: ID!) { proposal(id: $id) { costs { costBefore } s188 { applies
    protectiveAward { maxDays employees exposure estimatedEmployeeCount estimatedEmployees
    unknownPayEmployeeCount unknownPayEmployees } findings { severity section message } } } }";

async fn employee(app: &TestApp, hr: &str, input: Value) -> Value {
    app.ok(hr, CREATE_EMPLOYEE, json!({ "i": input })).await["createEmployee"].clone()
}

async fn the_exposure_is_weekly_pay_times_days_over_7_without_on_costs(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    // £26,000 a year with 28.5% on-costs: a post costs £33,410, but pays £500 a week.
    app.ok(
        &hr,
        SET_PAY_SCALE,
        json!({ "i": { "grade": "Grade 9", "salary": "26000.00", "onCostPercent": 28.5 } }),
    )
    .await;
    let id = app.ok(&hr, "mutation { createProposal(input: {fields: {title: \"Caseworkers\", service: \"SEN\", establishment: \"Bury SEN\", recognisedUnions: [\"UNISON\"]}}) { id } }", json!({}))
        .await["createProposal"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let post = app.ok(&hr, "mutation($id: ID!) { createPost(input: {proposalId: $id, title: \"SEN Caseworker\", current: {grade: \"Grade 9\", fte: 20, headcount: 20}}) { id } }", json!({ "id": id }))
        .await["createPost"]["id"]
        .clone();
    let at_risk = |number: &str, name: &str, fte: f64, weekly: Option<&str>| {
        json!({ "proposalId": id, "employeeNumber": number, "name": name,
                "workEmail": format!("{}@bury.example", number.to_lowercase()),
                "holdings": if fte > 0.0 { json!([{ "postId": post, "fte": fte }]) } else { json!([]) },
                "impact": "AT_RISK", "weeklyPay": weekly })
    };
    // s190(5): no cap on a week's pay for a protective award, so £3,000 counts in full.
    let high = employee(&app, &hr, at_risk("E1", "Priya Shah", 1.0, Some("3000.00"))).await;
    assert_eq!(high["weeklyPay"], "3000.00");
    // 17 more from a spreadsheet, with the optional weekly_pay column.
    let mut csv =
        String::from("employee_number,name,work_email,post,fte,impact,impact_note,weekly_pay\n");
    for n in 0..17 {
        csv.push_str(&format!(
            "C{n},Caseworker {n},c{n}@bury.example,SEN Caseworker,1,AT_RISK,,700.00\n"
        ));
    }
    let imported = app.ok(&hr, "mutation($id: ID!, $csv: String!) { importStructureCsv(input: {proposalId: $id, kind: EMPLOYEES, csv: $csv}) { imported } }", json!({ "id": id, "csv": csv })).await;
    assert_eq!(imported["importStructureCsv"]["imported"], 17);
    // No weekly pay: estimated from the grade's salary without on-costs, £26,000 × 0.6 ÷ 52.
    let estimated = employee(&app, &hr, at_risk("E2", "Jo Brierley", 0.6, None)).await;
    assert_eq!(estimated["weeklyPay"], Value::Null);
    // Neither weekly pay nor a graded post: unknown.
    employee(&app, &hr, at_risk("E3", "Sam Holt", 0.0, None)).await;

    let body = app.ok(&hr, AWARD, json!({ "id": id })).await;
    let s188 = &body["proposal"]["s188"];
    assert_eq!(s188["applies"], true, "{body}");
    // The structure is still costed with on-costs: 20 FTE × £33,410.
    assert_eq!(body["proposal"]["costs"]["costBefore"], "668200.00");
    let award = &s188["protectiveAward"];
    // Today is after 6 April 2026: 180 days (s189(4)(b) as amended).
    assert_eq!(award["maxDays"], 180);
    assert_eq!(award["employees"], 20);
    // £3,000 × 180 ÷ 7 = £77,142.86; 17 × £700 × 180 ÷ 7 = 17 × £18,000;
    // £300 × 180 ÷ 7 = £7,714.29; the unknown one adds nothing.
    let expected = 7_714_286 + 17 * 1_800_000 + 771_429;
    assert_eq!(
        award["exposure"],
        format!("{}.{:02}", expected / 100, expected % 100),
        "{award}"
    );
    assert_eq!(award["estimatedEmployeeCount"], 1);
    assert_eq!(award["estimatedEmployees"], json!(["Jo Brierley"]));
    assert_eq!(award["unknownPayEmployeeCount"], 1);
    assert_eq!(award["unknownPayEmployees"], json!(["Sam Holt"]));
    let findings = s188["findings"].as_array().unwrap();
    let pay: Vec<&Value> = findings
        .iter()
        .filter(|f| f["section"] == "s190(5); ERA 1996 ss221-229")
        .collect();
    assert_eq!(pay.len(), 2, "{findings:?}");
    assert!(pay.iter().all(|f| f["severity"] == "INFO"));
    assert!(pay.iter().any(|f| {
        f["message"]
            .as_str()
            .unwrap()
            .starts_with("Weekly pay is estimated from the grade for 1 employee(s)")
    }));
    assert!(pay.iter().any(|f| {
        f["message"]
            .as_str()
            .unwrap()
            .contains("unknown for 1 of 20")
    }));

    // A union representative sees the totals but not whose pay is estimated, nor anyone's pay.
    app.ok(
        &hr,
        "mutation($id: ID!) { shareProposalWithUnions(input: {id: $id}) { id } }",
        json!({ "id": id }),
    )
    .await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let totals = app.ok(&rep, "query($id: ID!) { proposal(id: $id) { s188 { protectiveAward { exposure estimatedEmployeeCount unknownPayEmployeeCount } } } }", json!({ "id": id })).await;
    assert_eq!(
        totals["proposal"]["s188"]["protectiveAward"],
        json!({ "exposure": award["exposure"], "estimatedEmployeeCount": 1, "unknownPayEmployeeCount": 1 })
    );
    for field in ["estimatedEmployees", "unknownPayEmployees"] {
        let names = app
            .graphql(
                Some(&rep),
                &format!("query($id: ID!) {{ proposal(id: $id) {{ s188 {{ protectiveAward {{ exposure {field} }} }} }} }}"),
                json!({ "id": id }),
            )
            .await;
        assert_eq!(error_code(&names), "FORBIDDEN", "{names}");
        let shown = &names["data"]["proposal"]["s188"]["protectiveAward"];
        assert_eq!(shown[field], Value::Null, "{names}");
        assert_eq!(shown["exposure"], award["exposure"], "the rest is intact");
    }

    // HR enters Jo's actual pay: nothing is estimated any more; £310 a week is £7,971.43.
    let updated = app.ok(&hr, "mutation($i: UpdateEmployeeInput!) { updateEmployee(input: $i) { weeklyPay } }", json!({ "i": { "id": estimated["id"], "expectedVersion": estimated["version"], "weeklyPay": "310.00" } })).await;
    assert_eq!(updated["updateEmployee"]["weeklyPay"], "310.00");
    let body = app.ok(&hr, AWARD, json!({ "id": id })).await;
    let award = &body["proposal"]["s188"]["protectiveAward"];
    assert_eq!(award["estimatedEmployeeCount"], 0);
    let expected = 7_714_286 + 17 * 1_800_000 + 797_143;
    assert_eq!(
        award["exposure"],
        format!("{}.{:02}", expected / 100, expected % 100)
    );

    // A week's pay of nothing is refused, naming the field.
    let zero = app
        .graphql(
            Some(&hr),
            CREATE_EMPLOYEE,
            json!({ "i": at_risk("E4", "Nil Pay", 0.1, Some("0")) }),
        )
        .await;
    assert_eq!(error_code(&zero), "BAD_USER_INPUT");
    assert_eq!(zero["errors"][0]["extensions"]["field"], "input.weeklyPay");
}

async fn a_pay_scale_is_a_salary_and_an_on_cost_rate(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let set = app
        .ok(
            &hr,
            SET_PAY_SCALE,
            json!({ "i": { "grade": "Grade 13", "salary": "32234.00", "onCostPercent": 28.25 } }),
        )
        .await;
    // £32,234 + 28.25% (£9,106.11) = £41,340.11.
    assert_eq!(
        set["setPayScale"],
        json!({ "grade": "Grade 13", "salary": "32234.00", "onCostPercent": 28.25, "annualCost": "41340.11" })
    );
    // A new salary alone keeps the grade's rate.
    let raised = app
        .ok(
            &hr,
            SET_PAY_SCALE,
            json!({ "i": { "grade": "Grade 13", "salary": "33000.00" } }),
        )
        .await;
    assert_eq!(raised["setPayScale"]["onCostPercent"], 28.25);
    assert_eq!(raised["setPayScale"]["annualCost"], "42322.50");
    // An annual cost alone, as before: held as the salary, with no on-costs.
    let total = app
        .ok(
            &hr,
            SET_PAY_SCALE,
            json!({ "i": { "grade": "Grade 4", "annualCost": "25720.00" } }),
        )
        .await;
    assert_eq!(
        total["setPayScale"],
        json!({ "grade": "Grade 4", "salary": "25720.00", "onCostPercent": 0.0, "annualCost": "25720.00" })
    );
    let listed = app
        .ok(
            &hr,
            "{ payScales { grade salary onCostPercent annualCost } }",
            json!({}),
        )
        .await;
    assert_eq!(listed["payScales"].as_array().unwrap().len(), 2);

    for (input, field) in [
        (
            json!({ "grade": "G", "salary": "1.00", "annualCost": "1.00" }),
            "input.annualCost",
        ),
        (
            json!({ "grade": "G", "salary": "1.00", "onCostPercent": 100.5 }),
            "input.onCostPercent",
        ),
        (
            json!({ "grade": "G", "annualCost": "1.00", "onCostPercent": 28 }),
            "input.onCostPercent",
        ),
        (json!({ "grade": "G" }), "input.salary"),
    ] {
        let refused = app
            .graphql(Some(&hr), SET_PAY_SCALE, json!({ "i": input }))
            .await;
        assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
        assert_eq!(refused["errors"][0]["extensions"]["field"], field);
    }
}

async fn only_hr_sees_weekly_pay_and_the_volunteer_mark_not_even_the_employee(app: TestApp) {
    consult::demo::load(&app.store, consult::demo::DemoPasswords::Use(PASSWORD))
        .await
        .unwrap();
    let token = |email: &'static str| {
        let app = &app;
        async move {
            app.login(email, PASSWORD).await["data"]["login"]["token"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let hr = token("hr@bury.example").await;
    let id = app
        .ok(&hr, "{ proposals { edges { node { id } } } }", json!({}))
        .await["proposals"]["edges"][0]["node"]["id"]
        .clone();
    const PAY: &str = "query($id: ID!) { proposal(id: $id) { employees(first: 100) { edges { node { name weeklyPay } } } } }";
    let all = app.ok(&hr, PAY, json!({ "id": id })).await;
    let paid: Vec<(&str, &str)> = all["proposal"]["employees"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| {
            Some((
                e["node"]["name"].as_str()?,
                e["node"]["weeklyPay"].as_str()?,
            ))
        })
        .collect();
    assert!(paid.contains(&("Jo Brierley", "551.38")), "{all}");
    // Jo sees her own record, but not the pay HR holds for her.
    let jo = token("caseworker@bury.example").await;
    let own = app.graphql(Some(&jo), PAY, json!({ "id": id })).await;
    assert_eq!(error_code(&own), "FORBIDDEN", "{own}");
    let node = &own["data"]["proposal"]["employees"]["edges"][0]["node"];
    assert_eq!(node["name"], "Jo Brierley", "{own}");
    assert_eq!(node["weeklyPay"], Value::Null, "{own}");
    // So is the volunteer mark: HR marks Jo, and her own record does not show it.
    const MARK: &str = "query($id: ID!) { proposal(id: $id) { employees(first: 100) { edges { node { id version name volunteer } } } } }";
    let hr_view = app.ok(&hr, MARK, json!({ "id": id })).await;
    let jo_record = hr_view["proposal"]["employees"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .find(|n| n["name"] == "Jo Brierley")
        .unwrap()
        .clone();
    let marked = app
        .ok(
            &hr,
            "mutation($i: UpdateEmployeeInput!) { updateEmployee(input: $i) { volunteer } }",
            json!({ "i": { "id": jo_record["id"], "expectedVersion": jo_record["version"], "volunteer": true } }),
        )
        .await;
    assert_eq!(marked["updateEmployee"]["volunteer"], true);
    let own = app.ok(&jo, MARK, json!({ "id": id })).await;
    let node = &own["proposal"]["employees"]["edges"][0]["node"];
    assert_eq!(node["name"], "Jo Brierley", "{own}");
    assert_eq!(node["volunteer"], Value::Null, "HR only: {own}");
    // Pay scales are the council's published grades: salary and on-costs for anyone signed in.
    let scales = app
        .ok(
            &jo,
            "{ payScales { grade salary onCostPercent annualCost } }",
            json!({}),
        )
        .await;
    assert!(
        scales["payScales"]
            .as_array()
            .unwrap()
            .contains(&json!({ "grade": "Grade 9", "salary": "28678.60", "onCostPercent": 27.97, "annualCost": "36700.00" })),
        "{scales}"
    );
}
