//! Sessions the server can end: signing out ends a token at once (Bearer or cookie), HR can
//! disable and re-enable an account (audited), and a token for an account that is gone or
//! disabled is `UNAUTHENTICATED`, never answered by its role.

use crate::db_tests;
use crate::helpers::{PASSWORD, TestApp, error_code};
use consult::api::auth::TokenService;
use consult::domain::{access::Viewer, account::Role};
use consult::store::entities::app_user;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

db_tests!(
    signing_out_ends_the_token_at_once,
    signing_out_everywhere_ends_every_session,
    a_token_for_an_account_that_is_gone_is_unauthenticated,
    a_token_for_a_session_the_server_never_started_is_refused,
    hr_disables_and_re_enables_an_account,
    only_hr_disables_accounts_and_not_their_own,
);

const ME: &str = "{ me { id email } }";

async fn sign_in(app: &TestApp, email: &str) -> String {
    let body = app.login(email, PASSWORD).await;
    body["data"]["login"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("login failed: {body}"))
        .to_owned()
}

fn message(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap_or_default()
}

async fn signing_out_ends_the_token_at_once(app: TestApp) {
    app.create_user("leaving@bury.gov.uk", Role::Staff).await;
    let phone = sign_in(&app, "leaving@bury.gov.uk").await;
    let laptop = sign_in(&app, "leaving@bury.gov.uk").await;
    app.ok(&phone, ME, json!({})).await;

    let out = app.ok(&phone, "mutation { signOut }", json!({})).await;
    assert_eq!(out["signOut"], true);
    let after = app.graphql(Some(&phone), ME, json!({})).await;
    assert_eq!(error_code(&after), "UNAUTHENTICATED", "{after}");
    assert!(message(&after).contains("signed out"), "{after}");
    // Signing out again with the ended token is harmless and ends no other session.
    app.ok(&phone, "mutation { signOut }", json!({})).await;

    // The other device's session is its own.
    let other = app.ok(&laptop, ME, json!({})).await;
    assert_eq!(other["me"]["email"], "leaving@bury.gov.uk");
}

async fn signing_out_everywhere_ends_every_session(app: TestApp) {
    app.create_user("everywhere@bury.gov.uk", Role::Manager)
        .await;
    let tokens = [
        sign_in(&app, "everywhere@bury.gov.uk").await,
        sign_in(&app, "everywhere@bury.gov.uk").await,
        sign_in(&app, "everywhere@bury.gov.uk").await,
    ];
    app.ok(
        &tokens[0],
        "mutation { signOut(everywhere: true) }",
        json!({}),
    )
    .await;
    for token in &tokens {
        let body = app.graphql(Some(token), ME, json!({})).await;
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    }
    // Signing in again starts a new session that works.
    let fresh = sign_in(&app, "everywhere@bury.gov.uk").await;
    app.ok(&fresh, ME, json!({})).await;
}

async fn a_token_for_an_account_that_is_gone_is_unauthenticated(app: TestApp) {
    let id = app.create_user("gone@bury.gov.uk", Role::Staff).await;
    let token = sign_in(&app, "gone@bury.gov.uk").await;
    let before = app
        .graphql(Some(&token), "{ users { totalCount } }", json!({}))
        .await;
    assert_eq!(
        error_code(&before),
        "FORBIDDEN",
        "a live staff token: {before}"
    );

    // The account is removed outside Consult (its sessions go with it).
    let deleted = app_user::Entity::delete_by_id(id.parse::<uuid::Uuid>().unwrap())
        .exec(app.store.conn())
        .await
        .unwrap();
    assert_eq!(deleted.rows_affected, 1);
    for query in [
        ME,
        "{ users { totalCount } }",
        "{ proposals { totalCount } }",
    ] {
        let body = app.graphql(Some(&token), query, json!({})).await;
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{query}: {body}");
    }
    let download = app
        .download(
            Some(&token),
            &format!("/proposals/{}/responses.csv", uuid::Uuid::now_v7()),
        )
        .await;
    assert_eq!(download.0, 401, "downloads check the session too");
}

async fn a_token_for_a_session_the_server_never_started_is_refused(app: TestApp) {
    // Even signed with the server's own secret (a leaked secret, a token from a backup), a
    // token counts only with a session the server holds.
    let id = app
        .create_user("hr.someone@bury.gov.uk", Role::HrAdmin)
        .await;
    let tokens = TokenService::new(&app.jwt_secret, chrono::Duration::hours(12));
    let token = tokens
        .issue(
            &Viewer {
                user_id: id.parse().unwrap(),
                role: Role::HrAdmin,
                email: "hr.someone@bury.gov.uk".into(),
                union: None,
            },
            uuid::Uuid::now_v7(),
            chrono::Utc::now() + chrono::Duration::hours(1),
        )
        .unwrap();
    let body = app
        .graphql(Some(&token), "{ users { totalCount } }", json!({}))
        .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
}

async fn hr_disables_and_re_enables_an_account(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = app.create_user("leaver@bury.gov.uk", Role::Staff).await;
    let token = sign_in(&app, "leaver@bury.gov.uk").await;
    app.ok(&token, ME, json!({})).await;

    let disabled = app
        .ok(
            &hr,
            "mutation($id: ID!) { disableUser(id: $id) { id disabled disabledAt } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(disabled["disableUser"]["disabled"], true);
    assert!(disabled["disableUser"]["disabledAt"].is_string());

    // The token stops working at once, for reads and writes.
    let body = app.graphql(Some(&token), ME, json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    assert!(message(&body).contains("disabled"), "{body}");
    // The right password is told the account is disabled; a wrong one learns nothing.
    let right = app.login("leaver@bury.gov.uk", PASSWORD).await;
    assert_eq!(error_code(&right), "UNAUTHENTICATED");
    assert!(message(&right).contains("disabled"), "{right}");
    let wrong = app.login("leaver@bury.gov.uk", "not the password").await;
    assert!(!message(&wrong).contains("disabled"), "{wrong}");

    let enabled = app
        .ok(
            &hr,
            "mutation($id: ID!) { enableUser(id: $id) { disabled disabledAt } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(enabled["enableUser"]["disabled"], false);
    assert!(enabled["enableUser"]["disabledAt"].is_null());
    // Re-enabling lets the person sign in again; the old session stays ended.
    let fresh = sign_in(&app, "leaver@bury.gov.uk").await;
    app.ok(&fresh, ME, json!({})).await;
    let old = app.graphql(Some(&token), ME, json!({})).await;
    assert_eq!(error_code(&old), "UNAUTHENTICATED", "{old}");

    // Both changes are in the audit log, by HR.
    let audit = app
        .ok(
            &hr,
            "query($id: ID!) { auditEvents(entityType: \"user\", entityId: $id) { edges { node { action } } } }",
            json!({ "id": id }),
        )
        .await;
    let actions: Vec<&str> = audit["auditEvents"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"user.disabled"), "{actions:?}");
    assert!(actions.contains(&"user.enabled"), "{actions:?}");
}

async fn only_hr_disables_accounts_and_not_their_own(app: TestApp) {
    let (hr_id, hr) = app.signed_in(Role::HrAdmin).await;
    let (staff_id, _) = app.signed_in(Role::Staff).await;
    for role in [Role::Staff, Role::Manager, Role::UnionRep] {
        let (_, token) = app.signed_in(role).await;
        let body = app
            .graphql(
                Some(&token),
                "mutation($id: ID!) { disableUser(id: $id) { id } }",
                json!({ "id": staff_id }),
            )
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{role}: {body}");
    }
    let own = app
        .graphql(
            Some(&hr),
            "mutation($id: ID!) { disableUser(id: $id) { id } }",
            json!({ "id": hr_id }),
        )
        .await;
    assert_eq!(error_code(&own), "BAD_USER_INPUT", "{own}");
    let unknown = app
        .graphql(
            Some(&hr),
            "mutation($id: ID!) { disableUser(id: $id) { id } }",
            json!({ "id": uuid::Uuid::now_v7().to_string() }),
        )
        .await;
    assert_eq!(error_code(&unknown), "NOT_FOUND", "{unknown}");
}
