//! `GET /metrics`: the Prometheus text format. On the main listener it answers only the
//! bearer token `CONSULT_METRICS_TOKEN` names (404 when none is set, so nothing is exposed
//! by default); on the private listener (`CONSULT_METRICS_LISTEN`) it asks for nothing.

use super::{ApiState, ConsultSchema};
use crate::domain::metrics_access::MetricsToken;
use crate::metrics::{self, Metrics};
use crate::store::Store;
use poem::{
    Endpoint, EndpointExt, IntoResponse, Request, Response, Route, get, handler,
    http::{StatusCode, header},
    web::Data,
};
use std::sync::Arc;

/// What the main listener's `/metrics` checks: the token, if one is configured.
#[derive(Clone, Default)]
pub struct MetricsGuard(pub Option<MetricsToken>);

/// What a scrape reads: the database (pool and outbox) and the counters.
#[derive(Clone)]
pub struct MetricsSource {
    pub store: Store,
    pub metrics: Arc<Metrics>,
}

impl MetricsSource {
    async fn respond(&self) -> Response {
        let text = self.metrics.render(&self.store).await;
        text.with_content_type(metrics::CONTENT_TYPE)
            .with_header(header::CACHE_CONTROL, "no-store")
            .into_response()
    }
}

/// `GET /metrics` on the main listener.
#[handler]
pub async fn guarded(
    request: &Request,
    Data(schema): Data<&Arc<ConsultSchema>>,
    Data(guard): Data<&MetricsGuard>,
) -> Response {
    let Some(token) = &guard.0 else {
        return plain(
            StatusCode::NOT_FOUND,
            "Metrics are not served on this address. Set CONSULT_METRICS_TOKEN to serve them here to a scraper that sends it, or CONSULT_METRICS_LISTEN for a private address.",
        );
    };
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if !token.admits(authorization) {
        return plain(
            StatusCode::UNAUTHORIZED,
            "Send the metrics token (CONSULT_METRICS_TOKEN) as Authorization: Bearer <token>.",
        )
        .with_header(header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")
        .into_response();
    }
    let api = schema
        .data::<ApiState>()
        .expect("the served schema carries ApiState");
    MetricsSource {
        store: api.store.clone(),
        metrics: api.metrics.clone(),
    }
    .respond()
    .await
}

/// The private listener: `/metrics` alone, without a token.
pub fn private_app(source: MetricsSource) -> impl Endpoint {
    Route::new().at("/metrics", get(open)).data(source)
}

#[handler]
async fn open(Data(source): Data<&MetricsSource>) -> Response {
    source.respond().await
}

fn plain(status: StatusCode, message: &'static str) -> Response {
    message
        .with_content_type("text/plain; charset=utf-8")
        .with_status(status)
        .into_response()
}
