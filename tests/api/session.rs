//! The browser's side of the HTTP layer: a session in an httpOnly, SameSite=Strict cookie that
//! other sites cannot use, security headers on every response, and the web app served at `/`.

use crate::helpers::{PASSWORD, TestApp, error_code, server_config};
use consult::domain::account::Role;
use consult::server::{Server, ServerConfig};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

crate::db_tests!(
    a_browser_session_is_an_http_only_cookie_that_other_sites_cannot_use,
    a_cookie_request_that_does_not_say_where_it_comes_from_is_refused,
    every_response_carries_the_security_headers,
    the_web_app_is_served_at_the_root_and_deep_links_fall_back_to_it,
);

async fn post(
    app: &TestApp,
    cookie: Option<&str>,
    origin: Option<&str>,
    query: &str,
) -> (u16, Option<String>, Value) {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": query }));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let set_cookie = response
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, set_cookie, response.json().await.unwrap())
}

async fn a_browser_session_is_an_http_only_cookie_that_other_sites_cannot_use(app: TestApp) {
    app.create_user("jo.brierley@bury.gov.uk", Role::Staff)
        .await;
    let login = format!(
        "mutation {{ login(input: {{email: \"jo.brierley@bury.gov.uk\", password: \"{PASSWORD}\"}}) {{ user {{ email }} }} }}"
    );
    let (status, set_cookie, _) = post(&app, None, Some(&app.address), &login).await;
    assert_eq!(status, 200);
    let set_cookie = set_cookie.expect("signing in sets the session cookie");
    for part in [
        "consult_session=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/",
        "Max-Age=43200",
    ] {
        assert!(set_cookie.contains(part), "{part} in {set_cookie}");
    }
    let cookie = set_cookie.split(';').next().unwrap().to_owned();

    // From Consult's own pages the cookie signs the request in.
    let me = "{ me { email } }";
    let (status, _, body) = post(&app, Some(&cookie), Some(&app.address), me).await;
    assert_eq!(
        (status, &body["data"]["me"]["email"]),
        (200, &json!("jo.brierley@bury.gov.uk"))
    );
    // From another site it is refused, whatever the request.
    let (status, _, body) = post(&app, Some(&cookie), Some("https://evil.example"), me).await;
    assert_eq!(status, 403);
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");
    // Mutations do not run over GET: GET /graphql is only a page about the API.
    let get = app
        .client
        .get(format!(
            "{}/graphql?query=mutation%7BsignOut%7D",
            app.address
        ))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert!(get.headers().get("set-cookie").is_none(), "nothing ran");
    assert!(get.text().await.unwrap().contains("<html"));

    // An expired or forged cookie asks to sign in again.
    let (_, _, body) = post(
        &app,
        Some("consult_session=not-a-token"),
        Some(&app.address),
        me,
    )
    .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Sign in again")
    );

    // Signing out clears the cookie.
    let (_, set_cookie, body) = post(
        &app,
        Some(&cookie),
        Some(&app.address),
        "mutation { signOut }",
    )
    .await;
    assert_eq!(body["data"]["signOut"], true);
    let cleared = set_cookie.expect("signing out sets the cookie again");
    assert!(
        cleared.starts_with("consult_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    // ...and ends its session: a copy of the cookie kept elsewhere no longer signs in.
    let (_, _, body) = post(&app, Some(&cookie), Some(&app.address), me).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");

    // Other clients keep using Bearer tokens, from anywhere.
    let (_, token) = app.signed_in(Role::HrAdmin).await;
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .bearer_auth(&token)
        .header("origin", "https://reports.bury.gov.uk")
        .json(&json!({ "query": me }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

async fn a_cookie_request_that_does_not_say_where_it_comes_from_is_refused(app: TestApp) {
    app.create_user("csrf.target@bury.gov.uk", Role::HrAdmin)
        .await;
    let login = format!(
        "mutation {{ login(input: {{email: \"csrf.target@bury.gov.uk\", password: \"{PASSWORD}\"}}) {{ user {{ email }} }} }}"
    );
    let (_, set_cookie, _) = post(&app, None, Some(&app.address), &login).await;
    let cookie = set_cookie.unwrap().split(';').next().unwrap().to_owned();
    let create = "mutation { createUser(input: {email: \"planted@bury.gov.uk\", name: \"Planted\", role: HR_ADMIN}) { id } }";
    let send = |fetch_site: Option<&'static str>, origin: Option<String>| {
        let mut request = app
            .client
            .post(format!("{}/graphql", app.address))
            .header("cookie", &cookie)
            .json(&json!({ "query": create }));
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };

    // No Origin, no Referer, no Sec-Fetch-Site: not from a page of Consult's.
    let response = send(None, None).await.unwrap();
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), "FORBIDDEN");
    // A browser that says the request is cross-site is refused even with a matching Origin.
    let response = send(Some("cross-site"), Some(app.address.clone()))
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = send(Some("same-site"), None).await.unwrap();
    assert_eq!(response.status(), 403);
    let users = app
        .store
        .conn()
        .query_one_raw(sea_orm::Statement::from_string(
            app.store.backend(),
            "SELECT COUNT(*) AS n FROM app_user WHERE email = 'planted@bury.gov.uk'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(users, 0, "no refused request ran its mutation");

    // Consult's own page, as a browser marks it.
    let response = send(Some("same-origin"), None).await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert!(body["data"]["createUser"]["id"].is_string(), "{body}");
}

async fn every_response_carries_the_security_headers(app: TestApp) {
    for (method, path) in [
        ("GET", "/healthz"),
        ("POST", "/graphql"),
        ("GET", "/"),
        ("GET", "/nowhere"),
    ] {
        let request = match method {
            "GET" => app.client.get(format!("{}{path}", app.address)),
            _ => app
                .client
                .post(format!("{}{path}", app.address))
                .json(&json!({ "query": "{ __typename }" })),
        };
        let response = request.send().await.unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_else(|| panic!("{name} on {method} {path}"))
        };
        let csp = header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("referrer-policy"), "no-referrer");
    }
}

async fn the_web_app_is_served_at_the_root_and_deep_links_fall_back_to_it(app: TestApp) {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(
        web.path().join("index.html"),
        "<!doctype html><title>Consult</title><script type=module src=/assets/app.js></script>",
    )
    .unwrap();
    std::fs::create_dir(web.path().join("assets")).unwrap();
    std::fs::write(web.path().join("assets/app.js"), "console.log('consult')").unwrap();
    // What `npm run build` writes beside each file (the content here only marks which is sent).
    std::fs::write(web.path().join("assets/app.js.br"), "brotli bytes").unwrap();
    std::fs::write(web.path().join("assets/app.js.gz"), "gzip bytes").unwrap();
    let server = Server::build(ServerConfig {
        public_url: Some("https://consult.bury.gov.uk".into()),
        static_dir: Some(web.path().to_path_buf()),
        ..server_config(&app.database_url, &app.jwt_secret)
    })
    .await
    .unwrap();
    let address = format!("http://{}", server.local_addr());
    tokio::spawn(server.run_until_stopped());
    let get = |path: &str| {
        let url = format!("{address}{path}");
        let client = app.client.clone();
        async move {
            let response = client.get(url).send().await.unwrap();
            let content_type = response
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default();
            (content_type, response.text().await.unwrap())
        }
    };
    let (content_type, body) = get("/").await;
    assert!(content_type.starts_with("text/html") && body.contains("<title>Consult</title>"));
    let (_, deep) = get("/proposals/0190/feedback").await;
    assert_eq!(deep, body, "a deep link gets the app, which routes it");
    let (content_type, script) = get("/assets/app.js").await;
    assert!(content_type.contains("javascript"), "{content_type}");
    assert_eq!(script, "console.log('consult')");

    // Precompressed bytes for a browser that takes them; hashed assets cached for good,
    // the page itself revalidated.
    let fetch = |path: &'static str, accept_encoding: &'static str| {
        let url = format!("{address}{path}");
        let client = app.client.clone();
        async move {
            let response = client
                .get(url)
                .header("accept-encoding", accept_encoding)
                .send()
                .await
                .unwrap();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
                    .unwrap_or_default()
            };
            let head = (
                response.status().as_u16(),
                header("content-encoding"),
                header("cache-control"),
                header("vary"),
            );
            (head, response.text().await.unwrap())
        }
    };
    let ((status, encoding, cache, vary), body) =
        fetch("/assets/app.js", "gzip, deflate, br, zstd").await;
    assert_eq!(
        (status, encoding.as_str(), body.as_str()),
        (200, "br", "brotli bytes")
    );
    assert_eq!(cache, "public, max-age=31536000, immutable");
    assert_eq!(vary, "Accept-Encoding");
    let ((_, encoding, _, _), body) = fetch("/assets/app.js", "gzip, br;q=0").await;
    assert_eq!((encoding.as_str(), body.as_str()), ("gzip", "gzip bytes"));
    let ((_, encoding, _, _), body) = fetch("/assets/app.js", "identity").await;
    assert_eq!(
        (encoding.as_str(), body.as_str()),
        ("", "console.log('consult')")
    );
    let ((status, _, cache, _), _) = fetch("/", "br").await;
    assert_eq!((status, cache.as_str()), (200, "no-cache"));
    let ((status, _, cache, _), _) = fetch("/proposals/0190", "br").await;
    assert_eq!((status, cache.as_str()), (200, "no-cache"));
    // A hashed file of another build is not answered with the page.
    let ((status, _, _, _), _) = fetch("/assets/gone-1234.js", "br").await;
    assert_eq!(status, 404);
    // The API explorer is a page of the app (which loads GraphiQL from its own files), under
    // the same Content-Security-Policy as every other. A browser that opens the API's address
    // is sent on to it; any other client is told to POST.
    let (_, index) = get("/").await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let explorer = no_redirects
        .get(format!("{address}/graphiql"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(explorer.status(), 200);
    let csp = explorer.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self';")
            && csp.contains("style-src 'self';")
            && csp.contains("font-src 'self';")
            && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(explorer.text().await.unwrap(), index);
    let from_a_browser = no_redirects
        .get(format!("{address}/graphql"))
        .header(
            "accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(from_a_browser.status(), 303);
    assert_eq!(from_a_browser.headers()["location"], "/graphiql");
    let (_, api) = get("/graphql").await;
    assert!(
        api.contains("POST GraphQL requests here")
            && api.contains("/graphiql")
            && !api.contains("<script"),
        "{api}"
    );
    let (_, health) = get("/healthz").await;
    assert!(health.contains("ok"));

    // Behind a proxy the public origin is trusted too, and the cookie is Secure on https.
    app.create_user("pat.jones@bury.gov.uk", Role::Staff).await;
    let graphql = |cookie: Option<String>, origin: &'static str, query: String| {
        let client = app.client.clone();
        let url = format!("{address}/graphql");
        async move {
            let mut request = client
                .post(url)
                .header("origin", origin)
                .json(&json!({ "query": query }));
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            let response = request.send().await.unwrap();
            let set_cookie = response
                .headers()
                .get("set-cookie")
                .map(|v| v.to_str().unwrap().to_owned());
            (response.status().as_u16(), set_cookie)
        }
    };
    let (_, set_cookie) = graphql(
        None,
        "https://consult.bury.gov.uk",
        format!("mutation {{ login(input: {{email: \"pat.jones@bury.gov.uk\", password: \"{PASSWORD}\"}}) {{ token }} }}"),
    )
    .await;
    let set_cookie = set_cookie.unwrap();
    assert!(set_cookie.ends_with("; Secure"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let me = || "{ me { email } }".to_owned();
    assert_eq!(
        graphql(Some(cookie.clone()), "https://consult.bury.gov.uk", me())
            .await
            .0,
        200
    );
    assert_eq!(
        graphql(Some(cookie), "https://evil.example", me()).await.0,
        403
    );
}
