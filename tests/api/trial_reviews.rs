//! The manager's trial-period reviews (`myTrialReviews`; ERA 1996 s138): the sponsor finds
//! the trials running in their proposals and no others, HR finds every one, staff and union
//! representatives none; a confirmed trial leaves the list; the list costs the same number
//! of statements for one trial as for six.

use crate::db_tests;
use crate::helpers::TestApp;
use crate::offers::{
    OFFER_FIELDS, accept, confirm, decided_with, employee_token, iso, offer_post, start, today,
};
use chrono::{Days, NaiveDate};
use consult::domain::{account::Role, working_days};
use serde_json::{Value, json};
use std::collections::HashMap;

db_tests!(
    the_sponsor_reviews_the_trials_of_their_proposals_only,
    the_list_costs_the_same_for_one_trial_as_for_six,
);

fn reviews_query() -> String {
    format!(
        "{{ myTrialReviews {{ employeeId employeeName proposalId proposalTitle trialStart trialEnd workingDaysLeft dueSoon offer {{ {OFFER_FIELDS} }} }} }}"
    )
}

async fn reviews(app: &TestApp, token: &str) -> Vec<Value> {
    app.ok(token, &reviews_query(), json!({})).await["myTrialReviews"]
        .as_array()
        .unwrap()
        .clone()
}

/// Takes `employee` from an offer of the caseworker post to a trial period that began on
/// `first_day`; the offer as it is then.
async fn in_trial(
    app: &TestApp,
    hr: &str,
    staff: &str,
    employee: &str,
    posts: &HashMap<String, String>,
    first_day: NaiveDate,
) -> Value {
    let offer = offer_post(app, hr, employee, posts).await;
    let accepted = accept(app, staff, &offer).await;
    app.ok(
        hr,
        &start(),
        json!({ "i": { "offerId": accepted["id"], "expectedVersion": accepted["version"], "newPostStarts": iso(first_day) } }),
    )
    .await["startTrialPeriod"]
        .clone()
}

async fn the_sponsor_reviews_the_trials_of_their_proposals_only(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (first, sponsor, people, posts) = decided_with(&app, &hr, 0).await;
    let (second, other_sponsor, other_people, other_posts) = decided_with(&app, &hr, 0).await;
    // Both proposals hold the pack's caseworkers, at the same work addresses: one account.
    let staff = employee_token(&app, "cw0@bury.example").await;
    let (_, rep) = app.signed_in_rep("UNISON").await;
    assert!(reviews(&app, &sponsor).await.is_empty(), "no trial yet");

    // One trial ends in three days (within the policy's five working days' lead), the
    // other in 24.
    let soon = in_trial(
        &app,
        &hr,
        &staff,
        &people["C0"],
        &posts,
        today() - Days::new(24),
    )
    .await;
    let later = in_trial(
        &app,
        &hr,
        &staff,
        &other_people["C0"],
        &other_posts,
        today() - Days::new(3),
    )
    .await;

    let mine = reviews(&app, &sponsor).await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    let review = &mine[0];
    assert_eq!(review["offer"]["id"], soon["id"]);
    assert_eq!(review["offer"]["status"], "IN_TRIAL");
    assert_eq!(review["employeeId"], people["C0"].as_str());
    assert_eq!(review["employeeName"], "Caseworker 0");
    assert_eq!(review["proposalId"], first.as_str());
    assert_eq!(review["proposalTitle"], "Restructure of the SEN Service");
    let end = today() + Days::new(3);
    assert_eq!(review["trialStart"], iso(today() - Days::new(24)));
    assert_eq!(review["trialEnd"], iso(end));
    assert_eq!(
        review["workingDaysLeft"],
        working_days::working_days_between(today(), end)
    );
    assert_eq!(review["dueSoon"], true);
    assert!(
        review["offer"]["post"]["weeklyPay"].is_null(),
        "the manager sees no pay"
    );

    let theirs = reviews(&app, &other_sponsor).await;
    assert_eq!(theirs.len(), 1, "{theirs:?}");
    assert_eq!(theirs[0]["offer"]["id"], later["id"]);
    assert_eq!(theirs[0]["proposalId"], second.as_str());
    assert_eq!(theirs[0]["dueSoon"], false);

    // HR reviews every trial, soonest end first.
    let all = reviews(&app, &hr).await;
    let ids: Vec<&Value> = all.iter().map(|r| &r["offer"]["id"]).collect();
    assert_eq!(ids, [&soon["id"], &later["id"]]);

    // The employee and a union representative have none to review.
    assert!(reviews(&app, &staff).await.is_empty());
    assert!(reviews(&app, &rep).await.is_empty());
    let (_, bystander) = app.signed_in(Role::Manager).await;
    assert!(reviews(&app, &bystander).await.is_empty());

    // The sponsor confirms from the list: the trial leaves it.
    let confirmed = app
        .ok(
            &sponsor,
            &confirm(),
            json!({ "i": { "offerId": review["offer"]["id"], "expectedVersion": review["offer"]["version"] } }),
        )
        .await["confirmTrialPeriod"]
        .clone();
    assert_eq!(confirmed["status"], "CONFIRMED");
    assert!(reviews(&app, &sponsor).await.is_empty());
    assert_eq!(reviews(&app, &hr).await.len(), 1);
}

async fn the_list_costs_the_same_for_one_trial_as_for_six(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, sponsor, people, posts) = decided_with(&app, &hr, 3).await;
    let mut statements = Vec::new();
    for range in [0..1, 1..6] {
        for i in range {
            let staff = employee_token(&app, &format!("cw{i}@bury.example")).await;
            in_trial(
                &app,
                &hr,
                &staff,
                &people[&format!("C{i}")],
                &posts,
                today() - Days::new(i as u64),
            )
            .await;
        }
        let before = app.store.statements_executed();
        let count = reviews(&app, &sponsor).await.len();
        statements.push((count, app.store.statements_executed() - before));
    }
    assert_eq!(statements[0].0, 1);
    assert_eq!(statements[1].0, 6);
    assert_eq!(
        statements[0].1, statements[1].1,
        "the same statements whatever the number of trials: {statements:?}"
    );
}
