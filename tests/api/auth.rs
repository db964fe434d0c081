//! Signing in, tokens, roles.

use crate::db_tests;
use crate::helpers::{PASSWORD, TestApp, error_code};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use consult::api::auth::TokenService;
use consult::domain::{access::Viewer, account::Role};
use serde_json::json;

db_tests!(
    login_then_me_returns_the_account,
    wrong_password_and_unknown_email_get_the_same_answer,
    me_without_a_token_is_unauthenticated,
    a_tampered_token_is_unauthenticated,
    an_expired_token_is_unauthenticated,
    a_token_signed_with_another_secret_is_unauthenticated,
    ten_failures_lock_the_address_even_for_the_right_password,
    a_successful_login_forgets_earlier_failures,
    a_hundred_parallel_guesses_check_at_most_ten_passwords,
    a_role_without_permission_is_forbidden,
    people_see_their_own_account_but_not_others,
    an_expired_token_still_allows_signing_in_again,
);

const ME: &str = "{ me { id email name role union } }";

async fn login_then_me_returns_the_account(app: TestApp) {
    let id = app
        .create_user("Sam.Patel@Bury.gov.uk", Role::Manager)
        .await;
    let body = app.login("sam.patel@bury.gov.uk", PASSWORD).await;
    let login = &body["data"]["login"];
    assert_eq!(login["user"]["id"], id.as_str());
    assert_eq!(login["user"]["role"], "MANAGER");
    let expires_at =
        chrono::DateTime::parse_from_rfc3339(login["expiresAt"].as_str().unwrap()).unwrap();
    let hours =
        (expires_at.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!(
        (11.9..=12.0).contains(&hours),
        "default expiry is 12 h, got {hours}"
    );

    let me = app.graphql(login["token"].as_str(), ME, json!({})).await;
    assert_eq!(me["data"]["me"]["id"], id.as_str());
    assert_eq!(me["data"]["me"]["email"], "sam.patel@bury.gov.uk");
    assert_eq!(me["data"]["me"]["role"], "MANAGER");
}

async fn wrong_password_and_unknown_email_get_the_same_answer(app: TestApp) {
    app.create_user("jo@bury.gov.uk", Role::Staff).await;
    let wrong_password = app.login("jo@bury.gov.uk", "not the password at all").await;
    let unknown_email = app.login("nobody@bury.gov.uk", PASSWORD).await;
    let not_an_email = app.login("nobody", PASSWORD).await;
    assert_eq!(error_code(&wrong_password), "UNAUTHENTICATED");
    assert!(wrong_password["data"].is_null());
    assert_eq!(
        wrong_password["errors"][0]["message"],
        unknown_email["errors"][0]["message"]
    );
    assert_eq!(
        wrong_password["errors"][0]["extensions"],
        unknown_email["errors"][0]["extensions"]
    );
    assert_eq!(
        wrong_password["errors"][0]["message"],
        not_an_email["errors"][0]["message"]
    );
}

async fn me_without_a_token_is_unauthenticated(app: TestApp) {
    let body = app.graphql(None, ME, json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
    assert_eq!(body["errors"][0]["message"], "Sign in to do this.");
}

async fn a_tampered_token_is_unauthenticated(app: TestApp) {
    let (_, token) = app.signed_in(Role::Staff).await;
    // Promote the role in the payload, keeping the original signature.
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
    claims["role"] = json!("HR_ADMIN");
    parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
    let tampered = parts.join(".");

    let body = app
        .graphql(Some(&tampered), "{ users { totalCount } }", json!({}))
        .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
    let body = app.graphql(Some("garbage"), ME, json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
}

async fn an_expired_token_is_unauthenticated(app: TestApp) {
    let id = app.create_user("late@bury.gov.uk", Role::Staff).await;
    let expired = TokenService::new(&app.jwt_secret, chrono::Duration::hours(12))
        .issue(
            &Viewer {
                user_id: id.parse().unwrap(),
                role: Role::Staff,
                email: "late@bury.gov.uk".into(),
                union: None,
            },
            uuid::Uuid::now_v7(),
            chrono::Utc::now() - chrono::Duration::minutes(1),
        )
        .unwrap();
    let body = app.graphql(Some(&expired), ME, json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("expired"),
        "{body}"
    );
}

async fn a_token_signed_with_another_secret_is_unauthenticated(app: TestApp) {
    let id = app.create_user("forged@bury.gov.uk", Role::HrAdmin).await;
    let forged = TokenService::new(
        &consult::config::JwtSecret::generate(),
        chrono::Duration::hours(1),
    )
    .issue(
        &Viewer {
            user_id: id.parse().unwrap(),
            role: Role::HrAdmin,
            email: "forged@bury.gov.uk".into(),
            union: None,
        },
        uuid::Uuid::now_v7(),
        chrono::Utc::now() + chrono::Duration::hours(1),
    )
    .unwrap();
    let body = app.graphql(Some(&forged), ME, json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
}

async fn an_expired_token_still_allows_signing_in_again(app: TestApp) {
    app.create_user("again@bury.gov.uk", Role::Staff).await;
    let body = app
        .graphql(
            Some("expired.or.garbage"),
            "mutation { login(input: {email: \"again@bury.gov.uk\", password: \"correct horse battery staple\"}) { token } }",
            json!({}),
        )
        .await;
    assert!(body["data"]["login"]["token"].is_string(), "{body}");
}

async fn ten_failures_lock_the_address_even_for_the_right_password(app: TestApp) {
    app.create_user("target@bury.gov.uk", Role::HrAdmin).await;
    app.create_user("bystander@bury.gov.uk", Role::Staff).await;
    for attempt in 1..=10 {
        let body = app
            .login("target@bury.gov.uk", &format!("guess number {attempt:02}"))
            .await;
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "attempt {attempt}");
    }
    let body = app.login("target@bury.gov.uk", PASSWORD).await;
    assert_eq!(error_code(&body), "RATE_LIMITED", "{body}");
    let retry = body["errors"][0]["extensions"]["retryAfterSeconds"]
        .as_u64()
        .unwrap();
    assert!(
        (14 * 60..=15 * 60).contains(&retry),
        "locked for about 15 minutes, got {retry}s"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Try again in")
    );

    // Another address is not affected.
    let other = app.login("bystander@bury.gov.uk", PASSWORD).await;
    assert!(other["data"]["login"]["token"].is_string(), "{other}");
}

async fn a_successful_login_forgets_earlier_failures(app: TestApp) {
    app.create_user("forgetful@bury.gov.uk", Role::Staff).await;
    for _ in 0..9 {
        app.login("forgetful@bury.gov.uk", "misremembered password")
            .await;
    }
    assert!(
        app.login("forgetful@bury.gov.uk", PASSWORD).await["data"]["login"]["token"].is_string()
    );
    for _ in 0..9 {
        app.login("forgetful@bury.gov.uk", "misremembered password")
            .await;
    }
    let body = app.login("forgetful@bury.gov.uk", PASSWORD).await;
    assert!(
        body["data"]["login"]["token"].is_string(),
        "9 new failures do not lock: {body}"
    );
}

async fn a_role_without_permission_is_forbidden(app: TestApp) {
    for role in [Role::Staff, Role::Manager, Role::UnionRep] {
        let (_, token) = app.signed_in(role).await;
        let users = app
            .graphql(Some(&token), "{ users { totalCount } }", json!({}))
            .await;
        assert_eq!(error_code(&users), "FORBIDDEN", "{role}");
        let audit = app
            .graphql(Some(&token), "{ auditEvents { totalCount } }", json!({}))
            .await;
        assert_eq!(error_code(&audit), "FORBIDDEN", "{role}");
        let create = app
            .graphql(
                Some(&token),
                "mutation { createUser(input: {email: \"x@bury.gov.uk\", name: \"X\", role: STAFF}) { id } }",
                json!({}),
            )
            .await;
        assert_eq!(error_code(&create), "FORBIDDEN", "{role}");
    }
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let users = app
        .graphql(Some(&hr), "{ users { totalCount } }", json!({}))
        .await;
    assert_eq!(users["data"]["users"]["totalCount"], 4, "{users}");
}

async fn people_see_their_own_account_but_not_others(app: TestApp) {
    let (staff_id, staff) = app.signed_in(Role::Staff).await;
    let (hr_id, hr) = app.signed_in(Role::HrAdmin).await;
    let query = "query($id: ID!) { user(id: $id) { id email } }";

    let own = app
        .graphql(Some(&staff), query, json!({ "id": staff_id }))
        .await;
    assert_eq!(own["data"]["user"]["id"], staff_id.as_str());
    let other = app
        .graphql(Some(&staff), query, json!({ "id": hr_id }))
        .await;
    assert_eq!(
        error_code(&other),
        "NOT_FOUND",
        "another's account is not even confirmed to exist"
    );
    let missing = app
        .graphql(
            Some(&staff),
            query,
            json!({ "id": uuid::Uuid::now_v7().to_string() }),
        )
        .await;
    assert_eq!(
        other["errors"][0]["message"],
        missing["errors"][0]["message"]
    );

    let by_hr = app
        .graphql(Some(&hr), query, json!({ "id": staff_id }))
        .await;
    assert_eq!(by_hr["data"]["user"]["id"], staff_id.as_str());
    let malformed = app.graphql(Some(&hr), query, json!({ "id": "42" })).await;
    assert_eq!(error_code(&malformed), "BAD_USER_INPUT");
    assert_eq!(malformed["errors"][0]["extensions"]["field"], "id");
}

async fn a_hundred_parallel_guesses_check_at_most_ten_passwords(app: TestApp) {
    app.create_user("parallel@bury.gov.uk", Role::HrAdmin).await;
    let app = std::sync::Arc::new(app);
    let guesses: Vec<_> = (0..100)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                app.login("parallel@bury.gov.uk", &format!("parallel guess {i:03}"))
                    .await
            })
        })
        .collect();
    let mut checked = 0;
    let mut limited = 0;
    for guess in guesses {
        let body = guess.await.unwrap();
        match error_code(&body) {
            // Only an attempt whose password was checked gets the "not right" answer.
            "UNAUTHENTICATED" => checked += 1,
            "RATE_LIMITED" => limited += 1,
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert!(
        checked <= 10,
        "{checked} passwords checked, {limited} refused"
    );
    assert_eq!(checked + limited, 100);
    // The right password is refused too now: the limit holds.
    let body = app.login("parallel@bury.gov.uk", PASSWORD).await;
    assert_eq!(error_code(&body), "RATE_LIMITED", "{body}");
}
