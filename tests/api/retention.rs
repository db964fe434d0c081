//! `consult retention`: decided proposals past the employer's retention period are
//! pseudonymised (UK GDPR Art. 5(1)(e)); the rest are left alone, the outcome report and the
//! counts survive, and the audit chain still verifies.

use crate::db_tests;
use crate::helpers::{PASSWORD, TestApp};
use crate::subject_access::{proposal_with, token};
use consult::store::entities::{employee, employee_characteristic, outcome_report, proposal};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};
use serde_json::json;
use std::process::Command;
use uuid::Uuid;

db_tests!(a_decided_proposal_past_its_period_is_pseudonymised_and_nothing_else,);

fn consult(app: &TestApp, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_consult"))
        .env("DATABASE_URL", &app.database_url)
        .env("CONSULT_LOG", "warn")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), format!("{stdout}{stderr}"))
}

/// Each employee's (id, name, email, number) in a proposal, by id.
async fn people(app: &TestApp, proposal_id: Uuid) -> Vec<(Uuid, String, String, String, String)> {
    employee::Entity::find()
        .filter(employee::Column::ProposalId.eq(proposal_id))
        .order_by_asc(employee::Column::Id)
        .all(app.store.conn())
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.id, e.name, e.work_email, e.employee_number, e.impact))
        .collect()
}

async fn pseudonymised_at(app: &TestApp, id: Uuid) -> Option<chrono::DateTime<chrono::Utc>> {
    proposal::Entity::find_by_id(id)
        .one(app.store.conn())
        .await
        .unwrap()
        .unwrap()
        .pseudonymised_at
}

async fn decide(app: &TestApp, id: Uuid, at: chrono::DateTime<chrono::Utc>) {
    proposal::Entity::update_many()
        .col_expr(proposal::Column::Status, Expr::value("DECIDED"))
        .col_expr(proposal::Column::DecidedAt, Expr::value(at))
        .filter(proposal::Column::Id.eq(id))
        .exec(app.store.conn())
        .await
        .unwrap();
}

async fn a_decided_proposal_past_its_period_is_pseudonymised_and_nothing_else(app: TestApp) {
    consult::demo::load(&app.store, consult::demo::DemoPasswords::Use(PASSWORD))
        .await
        .unwrap();
    let hr = token(&app, "hr@bury.example").await;
    let list = app
        .ok(
            &hr,
            "{ proposals { edges { node { id title status } } } }",
            json!({}),
        )
        .await;
    let id_of = |title: &str| {
        list["proposals"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["node"]["title"] == title)
            .map(|e| Uuid::parse_str(e["node"]["id"].as_str().unwrap()).unwrap())
            .unwrap_or_else(|| panic!("{title}: {list}"))
    };
    // The demo's Business Support restructure is decided; its decision is moved back to 2015,
    // past the default 6 years. The SEN proposal is still consulting.
    let old = id_of(consult::demo::business_support::TITLE);
    let undecided = list["proposals"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["status"] == "CONSULTING")
        .map(|e| Uuid::parse_str(e["node"]["id"].as_str().unwrap()).unwrap())
        .unwrap();
    let decided_at = proposal::Entity::find_by_id(old)
        .one(app.store.conn())
        .await
        .unwrap()
        .unwrap()
        .decided_at;
    assert!(
        decided_at.is_some(),
        "recording the decision sets decided_at"
    );
    use chrono::TimeZone;
    decide(
        &app,
        old,
        chrono::Utc.with_ymd_and_hms(2015, 6, 1, 10, 0, 0).unwrap(),
    )
    .await;
    // A proposal decided a year ago: within its period.
    let recent = proposal_with(
        &app,
        &hr,
        "Recent restructure",
        "Rita Recent",
        "rita@bury.example",
    )
    .await;
    let recent = Uuid::parse_str(&recent).unwrap();
    decide(
        &app,
        recent,
        chrono::Utc::now() - chrono::Duration::days(365),
    )
    .await;

    let before_old = people(&app, old).await;
    let before_undecided = people(&app, undecided).await;
    let before_recent = people(&app, recent).await;
    assert!(before_old.len() >= 2);
    let report = outcome_report::Entity::find_by_id(old)
        .one(app.store.conn())
        .await
        .unwrap();

    // Dry run: lists the old one only, changes nothing.
    let (ok, out) = consult(&app, &["retention", "--dry-run"]);
    assert!(ok, "{out}");
    assert!(out.contains("1 proposal(s) due"), "{out}");
    assert!(out.contains(&old.to_string()), "{out}");
    assert!(!out.contains(&recent.to_string()), "{out}");
    assert_eq!(people(&app, old).await, before_old);
    assert_eq!(pseudonymised_at(&app, old).await, None);

    let (ok, out) = consult(&app, &["retention", "--apply"]);
    assert!(ok, "{out}");
    assert!(out.contains("1 proposal(s) pseudonymised"), "{out}");
    let after_old = people(&app, old).await;
    assert_eq!(after_old.len(), before_old.len(), "the counts survive");
    for (i, ((id, name, email, number, impact), before)) in
        after_old.iter().zip(&before_old).enumerate()
    {
        assert_eq!(*id, before.0);
        assert_eq!(name, &format!("Employee {}", i + 1));
        assert_eq!(email, "");
        assert_eq!(number, &(i + 1).to_string());
        assert_eq!(impact, &before.4, "impacts (and so the counts) survive");
    }
    assert!(pseudonymised_at(&app, old).await.is_some());
    let ids: Vec<Uuid> = after_old.iter().map(|p| p.0).collect();
    assert!(
        employee_characteristic::Entity::find()
            .filter(employee_characteristic::Column::EmployeeId.is_in(ids))
            .all(app.store.conn())
            .await
            .unwrap()
            .is_empty(),
        "equality data is deleted"
    );
    assert_eq!(
        outcome_report::Entity::find_by_id(old)
            .one(app.store.conn())
            .await
            .unwrap(),
        report,
        "the outcome report survives"
    );
    // The others are untouched.
    assert_eq!(people(&app, undecided).await, before_undecided);
    assert_eq!(people(&app, recent).await, before_recent);
    assert_eq!(pseudonymised_at(&app, recent).await, None);
    assert_eq!(pseudonymised_at(&app, undecided).await, None);
    // HR still reads the proposal and its counts.
    let body = app
        .graphql(
            Some(&hr),
            "query($id: ID!) { proposal(id: $id) { title status employees { totalCount edges { node { name } } } outbox(first: 100) { edges { node { recipientEmail status } } } cases { totalCount edges { node { state } } } } }",
            json!({ "id": old }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(
        body["data"]["proposal"]["employees"]["totalCount"],
        json!(before_old.len())
    );
    // The audit chain still verifies, with the payloads about them redacted.
    let (ok, out) = consult(&app, &["audit", "verify"]);
    assert!(ok, "{out}");
    assert!(out.contains("audit chain intact"), "{out}");
    {
        use consult::store::entities::audit_event;
        let redacted = audit_event::Entity::find()
            .filter(audit_event::Column::RedactedAt.is_not_null())
            .all(app.store.conn())
            .await
            .unwrap();
        assert!(!redacted.is_empty());
        assert!(
            redacted
                .iter()
                .all(|e| e.before.is_none() && e.after.is_none())
        );
    }

    // A second run finds nothing.
    let (ok, out) = consult(&app, &["retention", "--apply"]);
    assert!(ok, "{out}");
    assert!(out.contains("0 proposal(s) pseudonymised"), "{out}");
    assert_eq!(people(&app, old).await, after_old);
    // Judged from a later day, the recent one's turn comes.
    let (ok, out) = consult(&app, &["retention", "--dry-run", "--as-of", "2099-01-01"]);
    assert!(ok, "{out}");
    assert!(out.contains(&recent.to_string()), "{out}");
    assert!(!out.contains(&undecided.to_string()), "{out}");
}
