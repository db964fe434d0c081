//! HTTP routes: `POST /graphql` (`GET /graphql` leads a browser to the API explorer, the web
//! app's `/graphiql`), `/healthz`, `/readyz`, `/metrics` (`scrape`), and one log line per
//! request with its status and duration.

use super::{
    ApiState, ConsultSchema,
    auth::{Credentials, authenticate},
    error, limits,
    loaders::Loaders,
};
use async_graphql_poem::GraphQLResponse;
use poem::{
    Body, Endpoint, EndpointExt, IntoResponse, Request, Response, Route,
    error::ReadBodyError,
    get, handler,
    http::{StatusCode, header},
    web::{Data, Html, Json, Redirect},
};
use std::{sync::Arc, time::Instant};

/// Content-Security-Policy of every response, the API explorer's included: nothing from
/// elsewhere, no inline script or style, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The whole HTTP application, with the built web app when there is one.
pub fn app(
    schema: ConsultSchema,
    web_app: Option<super::web_app::WebApp>,
    metrics_guard: super::scrape::MetricsGuard,
) -> impl Endpoint {
    // Queries are POSTed; a browser that opens the address gets the explorer, when it is built.
    let explorer = if web_app.is_some() {
        get(to_explorer)
    } else {
        get(no_explorer)
    };
    let route = Route::new()
        .at("/graphql", explorer.post(graphql))
        .at("/healthz", get(healthz))
        .at("/readyz", get(readyz))
        .at("/metrics", get(super::scrape::guarded))
        .at("/auth/oidc/start", get(super::single_sign_on::start))
        .at("/auth/oidc/callback", get(super::single_sign_on::callback))
        .at("/auth/oidc/sign-out", get(super::single_sign_on::sign_out))
        .at("/calendar/meeting/:file", get(super::calendar::meeting))
        .at("/calendar/:file", get(super::calendar::feed))
        .at("/attachments/:id", get(super::downloads::attachment))
        .at(
            "/information-request-files/:id",
            get(super::information_request::download),
        )
        .at(
            "/meeting-documents/:id",
            get(super::downloads::meeting_document),
        )
        .at("/letters/:id", get(super::letters::print))
        .at("/letters/:id/pdf", get(super::letters::pdf))
        .at(
            "/proposals/:id/responses.csv",
            get(super::downloads::responses_csv),
        )
        .at(
            "/proposals/:id/outcome-report.csv",
            get(super::downloads::outcome_report_csv),
        )
        .at("/proposals/:id/bundle.zip", get(super::bundle::download))
        .at(
            "/proposals/:id/outcome-report.html",
            get(super::downloads::outcome_report_html),
        )
        .at("/subject-access.json", get(super::subject_access::export))
        .at(
            "/notifications/unsubscribe/:token",
            get(super::unsubscribe::confirm).post(super::unsubscribe::one_click),
        );
    let route = match web_app {
        Some(web_app) => route.nest("/", web_app),
        None => route.at("/", get(no_web_app)),
    };
    route
        .data(Arc::new(schema))
        .data(metrics_guard)
        .around(|endpoint, request| async move {
            let started = Instant::now();
            let method = request.method().clone();
            let path = request.uri().path().to_owned();
            let mut response = endpoint.get_response(request).await;
            let headers = response.headers_mut();
            for (name, value) in [
                ("content-security-policy", CSP),
                ("x-content-type-options", "nosniff"),
                ("referrer-policy", "no-referrer"),
                ("x-frame-options", "DENY"),
            ] {
                if !headers.contains_key(name) {
                    headers.insert(name, poem::http::HeaderValue::from_static(value));
                }
            }
            tracing::info!(
                %method,
                path,
                status = response.status().as_u16(),
                duration_ms = started.elapsed().as_secs_f64() * 1000.0,
                "request"
            );
            Ok(response)
        })
}

/// `POST /graphql`, counted in the metrics by operation name and outcome.
#[handler]
async fn graphql(
    request: &Request,
    body: Body,
    Data(schema): Data<&Arc<ConsultSchema>>,
) -> Response {
    let started = Instant::now();
    let mut operation = None;
    let (response, outcome) = answer_graphql(request, body, schema, &mut operation).await;
    let api = schema
        .data::<ApiState>()
        .expect("the served schema carries ApiState");
    api.metrics
        .graphql_request(operation.as_deref(), &outcome, started.elapsed());
    response
}

/// Answers a GraphQL request, with its outcome for the metrics (`ok`, or the first error's
/// `extensions.code`). `operation` is set to the operation's name once the request is read.
async fn answer_graphql(
    request: &Request,
    body: Body,
    schema: &ConsultSchema,
    operation: &mut Option<String>,
) -> (Response, String) {
    let refused = |response: Response, code: &str| (response, code.to_owned());
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let multipart = content_type.starts_with("multipart/form-data");
    let limit = if multipart {
        limits::MAX_UPLOAD_BODY_BYTES
    } else {
        limits::MAX_BODY_BYTES
    };
    let bytes = match body.into_bytes_limit(limit).await {
        Ok(bytes) => bytes,
        Err(ReadBodyError::PayloadTooLarge) => {
            let message = if multipart {
                // The body allows one file at the limit and the operation beside it.
                crate::domain::attachment::too_large_message()
            } else {
                format!(
                    "The request is larger than {} KiB; send a smaller query or fewer variables.",
                    limits::MAX_BODY_BYTES / 1024
                )
            };
            return request_error(StatusCode::PAYLOAD_TOO_LARGE, &message);
        }
        Err(_) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                "The request body could not be read.",
            );
        }
    };
    let gql_request: async_graphql::Request = if multipart {
        // The GraphQL multipart request spec: the operation, a map, and the files. Each part
        // may hold up to the limit, inclusive. No `max_num_files`: async-graphql turns it into a
        // limit on the whole body (file size × files) that counts the operation and the map too,
        // refusing a file of exactly the limit; the body is bounded above, and files counted here.
        let options = async_graphql::http::MultipartOptions::default()
            .max_file_size(crate::domain::attachment::MAX_ATTACHMENT_BYTES);
        match async_graphql::http::receive_body(Some(&content_type), &bytes[..], options).await {
            Ok(gql_request) if gql_request.uploads.len() > 1 => {
                return request_error(
                    StatusCode::BAD_REQUEST,
                    "Send one file per request; attach the others one at a time.",
                );
            }
            Ok(gql_request) => gql_request,
            Err(async_graphql::ParseRequestError::PayloadTooLarge) => {
                return request_error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    &crate::domain::attachment::too_large_message(),
                );
            }
            Err(err) => {
                let message =
                    format!("The upload is not a GraphQL multipart request with one file ({err}).");
                return request_error(StatusCode::BAD_REQUEST, &message);
            }
        }
    } else {
        match serde_json::from_slice(&bytes) {
            Ok(gql_request) => gql_request,
            Err(err) => {
                let message = format!("The request body is not a GraphQL request in JSON ({err}).");
                return request_error(StatusCode::BAD_REQUEST, &message);
            }
        }
    };
    let mut gql_request: async_graphql::Request = gql_request;
    *operation = operation_name(&mut gql_request);
    let api = schema
        .data::<ApiState>()
        .expect("the served schema carries ApiState");
    let (auth, credentials) = match authenticate(request.headers(), api).await {
        Ok(found) => found,
        Err(err) => {
            let error = match err {
                crate::error::AppError::Internal(err) => error::internal(&err),
                err => err.into(),
            };
            let response = async_graphql::Response::from_errors(vec![
                error.into_server_error(async_graphql::Pos::default()),
            ]);
            let outcome = outcome_of(&response);
            return (GraphQLResponse::from(response).into_response(), outcome);
        }
    };
    // A cookie travels by itself: a request carrying it must come from Consult's own pages.
    if credentials == Credentials::Cookie && !same_origin(request, api.public_origin.as_deref()) {
        return refused(
            Json(error::request_error_body(
                "FORBIDDEN",
                "Requests from other sites are refused. Use Consult's own pages, or send a Bearer token.",
            ))
            .with_status(StatusCode::FORBIDDEN)
            .into_response(),
            "FORBIDDEN",
        );
    }
    // The request's shape and values are checked once parsed, before anything runs; the
    // parsed document is kept for execution.
    if let Err(error) = check_request(&mut gql_request, schema) {
        let mut response = async_graphql::Response::from_errors(vec![error]);
        error::classify_request_errors(&mut response);
        let outcome = outcome_of(&response);
        return (GraphQLResponse::from(response).into_response(), outcome);
    }
    let gql_request = gql_request.data(auth).data(Loaders::new(
        &api.store,
        api.graph_cache.clone(),
        api.people_cache.clone(),
        api.impact_cache.clone(),
    ));
    // Past its budget a request is stopped: dropping it rolls back any transaction it began.
    let mut response = match tokio::time::timeout(api.request_budget, schema.execute(gql_request))
        .await
    {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(
                budget_ms = api.request_budget.as_millis() as u64,
                "request stopped at its time budget"
            );
            return refused(
                Json(error::request_error_body(
                    "TIMEOUT",
                    &format!(
                        "The request took longer than {} seconds and was stopped; nothing it was changing was saved. Ask for less at once (fewer fields, smaller pages) and try again.",
                        api.request_budget.as_secs_f64()
                    ),
                ))
                .into_response(),
                "TIMEOUT",
            );
        }
    };
    error::classify_request_errors(&mut response);
    let outcome = outcome_of(&response);
    (GraphQLResponse::from(response).into_response(), outcome)
}

/// The name of the operation a request runs: its `operationName`, or the name of the one
/// operation its document holds (none for an anonymous one, or a document that does not
/// parse).
fn operation_name(request: &mut async_graphql::Request) -> Option<String> {
    if let Some(name) = &request.operation_name {
        return Some(name.clone());
    }
    match &request.parsed_query().ok()?.operations {
        async_graphql::parser::types::DocumentOperations::Single(_) => None,
        async_graphql::parser::types::DocumentOperations::Multiple(operations) => {
            match operations.keys().collect::<Vec<_>>().as_slice() {
                [name] => Some(name.to_string()),
                _ => None,
            }
        }
    }
}

/// `ok` for a response without errors, otherwise the first error's `extensions.code`.
fn outcome_of(response: &async_graphql::Response) -> String {
    let Some(error) = response.errors.first() else {
        return crate::metrics::OK_OUTCOME.to_owned();
    };
    match error.extensions.as_ref().and_then(|e| e.get("code")) {
        Some(async_graphql::Value::String(code)) => code.clone(),
        Some(async_graphql::Value::Enum(code)) => code.to_string(),
        _ => "INTERNAL_SERVER_ERROR".to_owned(),
    }
}

/// The limits on a document's shape (`limits`) and the bounds of every value it passes
/// (`input_guard`). A document that does not parse is left to execution, which says why.
fn check_request(
    request: &mut async_graphql::Request,
    schema: &ConsultSchema,
) -> Result<(), async_graphql::ServerError> {
    let variables = std::mem::take(&mut request.variables);
    let checked = match request.parsed_query() {
        Ok(document) => limits::check_document(document)
            .and_then(|()| super::input_guard::check(|| schema.sdl(), document, &variables)),
        Err(_) => Ok(()),
    };
    request.variables = variables;
    checked
}

/// A request refused before it runs, with its outcome for the metrics.
fn request_error(status: StatusCode, message: &str) -> (Response, String) {
    const CODE: &str = "BAD_USER_INPUT";
    let response = Json(error::request_error_body(CODE, message))
        .with_status(status)
        .into_response();
    (response, CODE.to_owned())
}

/// The origin (scheme, host and port) of a URL.
pub fn origin_of(url: &str) -> String {
    match (url.split_once("://"), authority_of(url)) {
        (Some((scheme, _)), Some(authority)) => format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            authority.to_ascii_lowercase()
        ),
        _ => url.to_ascii_lowercase(),
    }
}

/// The host and port of a URL.
fn authority_of(url: &str) -> Option<&str> {
    url.split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or_default())
}

/// Whether a browser's request comes from this site. A browser says so itself with
/// `Sec-Fetch-Site` (only `same-origin` passes); without it, the `Origin` (or `Referer`) must
/// name the host the request was sent to, or Consult's public origin (behind a proxy the two
/// differ). A cookie request that says nothing of where it comes from is refused: browsers
/// send `Origin` with every POST, so only something that is not Consult's page omits all three.
fn same_origin(request: &Request, public_origin: Option<&str>) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site.eq_ignore_ascii_case("same-origin");
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match source {
        None => false,
        Some(source) if public_origin.is_some_and(|o| origin_of(source) == o) => true,
        Some(source) => authority_of(source)
            .is_some_and(|authority| !host.is_empty() && authority.eq_ignore_ascii_case(host)),
    }
}

/// `GET /graphql` with the web app built: a browser (which asks for HTML) goes on to the API
/// explorer; any other client is told to POST.
#[handler]
fn to_explorer(request: &Request) -> Response {
    let wants_html = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if wants_html {
        Redirect::see_other("/graphiql").into_response()
    } else {
        api_page(
            "POST GraphQL requests here. To explore the API, sign in and open <a href=\"/graphiql\">/graphiql</a>.",
        )
    }
}

/// `GET /graphql` when the web app, of which the API explorer is a part, has not been built.
#[handler]
fn no_explorer() -> Response {
    api_page(
        "POST GraphQL requests here. The API explorer is part of the web app, which has not been built here (<code>npm run build --prefix frontend</code>); it is then at <a href=\"/graphiql\">/graphiql</a>.",
    )
}

/// A page that says what `/graphql` is, for whoever opens it.
fn api_page(paragraph: &str) -> Response {
    Html(format!(
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Consult API</title></head><body><main><h1>Consult API</h1><p>{paragraph}</p></main></body></html>"
    ))
    .into_response()
}

/// `/` when the web app has not been built.
#[handler]
fn no_web_app() -> Html<&'static str> {
    Html(
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Consult</title></head><body><main><h1>Consult</h1><p>The web app has not been built here. The API is at <a href=\"/graphql\">/graphql</a>.</p></main></body></html>",
    )
}

/// The process is up.
#[handler]
fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// The database answers; load balancers send traffic only then.
#[handler]
async fn readyz(Data(schema): Data<&Arc<ConsultSchema>>) -> Response {
    let api = schema
        .data::<ApiState>()
        .expect("the served schema carries ApiState");
    if api.store.ping().await {
        Json(serde_json::json!({ "status": "ready" })).into_response()
    } else {
        Json(serde_json::json!({ "status": "database unavailable" }))
            .with_status(StatusCode::SERVICE_UNAVAILABLE)
            .into_response()
    }
}
