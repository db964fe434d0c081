//! Start-up: connect and migrate the database, build the schema, bind the listener.
//! Tests use `Server::build` with port 0 to run the real application.

use crate::api::{self, ApiState, auth::TokenService};
use crate::config::JwtSecret;
use crate::domain::email_headers::UnsubscribeKey;
use crate::domain::login_throttle::LoginThrottle;
use crate::domain::metrics_access::MetricsToken;
use crate::metrics::Metrics;
use crate::store::Store;
use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use std::net::SocketAddr;
use std::sync::Arc;

/// Everything `consult serve` needs.
pub struct ServerConfig {
    pub listen: SocketAddr,
    pub database_url: String,
    pub db_max_connections: u32,
    pub jwt_secret: JwtSecret,
    pub token_ttl: chrono::Duration,
    pub login_throttle: LoginThrottle,
    /// Where people reach Consult (`CONSULT_PUBLIC_URL`): its origin may send cookie requests
    /// (beside the host they are sent to), and https marks the session cookie `Secure`.
    pub public_url: Option<String>,
    /// The built web app to serve at `/` (deep links fall back to its index.html).
    pub static_dir: Option<std::path::PathBuf>,
    /// The email worker to run beside the API (none in tests that drive their own).
    pub worker: Option<crate::notify::worker::WorkerConfig>,
    /// How long one API request may run before it is stopped (`api::limits::REQUEST_BUDGET`).
    pub request_budget: std::time::Duration,
    /// The token `GET /metrics` on the main listener asks for; none: it answers 404.
    pub metrics_token: Option<MetricsToken>,
    /// A private address serving `/metrics` without a token (`CONSULT_METRICS_LISTEN`).
    pub metrics_listen: Option<SocketAddr>,
    /// Passwords, single sign-on, or both.
    pub sign_in: SignInConfig,
}

/// How people sign in.
#[derive(Debug, Clone)]
pub struct SignInConfig {
    /// The OpenID provider, when single sign-on is on.
    pub single_sign_on: Option<crate::api::single_sign_on::SingleSignOnSettings>,
    /// Whether the password sign-in is on.
    pub password_sign_in: bool,
}

impl Default for SignInConfig {
    fn default() -> Self {
        Self {
            single_sign_on: None,
            password_sign_in: true,
        }
    }
}

impl SignInConfig {
    /// Refuses a configuration in which nobody could sign in.
    pub fn check(&self) -> anyhow::Result<()> {
        if !self.password_sign_in && self.single_sign_on.is_none() {
            anyhow::bail!(
                "CONSULT_PASSWORD_SIGN_IN=false needs single sign-on: set CONSULT_OIDC_ISSUER and CONSULT_OIDC_CLIENT_ID, or leave password sign-in on"
            );
        }
        Ok(())
    }
}

/// The stack of each runtime worker thread. A GraphQL request runs as one future nested
/// through every merged root object and resolver; in a debug build on PostgreSQL it outgrew
/// the 2 MiB default (a stack overflow aborts the whole process), so workers get 16 MiB.
pub const WORKER_STACK_BYTES: usize = 16 << 20;

/// The multi-threaded runtime Consult runs on (`workers` threads, or one per core).
pub fn runtime(workers: Option<usize>) -> std::io::Result<tokio::runtime::Runtime> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let Some(workers) = workers {
        builder.worker_threads(workers);
    }
    builder
        .thread_stack_size(WORKER_STACK_BYTES)
        .enable_all()
        .build()
}

/// A bound, migrated server, ready to run.
pub struct Server {
    acceptor: TcpAcceptor,
    local_addr: SocketAddr,
    store: Store,
    schema: api::ConsultSchema,
    worker: Option<crate::notify::worker::WorkerConfig>,
    unsubscribe: UnsubscribeKey,
    web_app: Option<api::web_app::WebApp>,
    metrics: Arc<Metrics>,
    metrics_guard: api::scrape::MetricsGuard,
    metrics_listener: Option<MetricsListener>,
}

/// The private metrics address, bound.
pub struct MetricsListener {
    acceptor: TcpAcceptor,
    local_addr: SocketAddr,
}

impl MetricsListener {
    /// Binds `address` (port 0: any free port).
    pub async fn bind(address: SocketAddr) -> anyhow::Result<Self> {
        let (acceptor, local_addr) = bind(address).await.map_err(|err| {
            anyhow::anyhow!("CONSULT_METRICS_LISTEN ({address}) cannot be listened on: {err}")
        })?;
        Ok(Self {
            acceptor,
            local_addr,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Serves `/metrics` (and nothing else) until `stop` resolves.
    pub async fn run(
        self,
        source: api::scrape::MetricsSource,
        stop: impl std::future::Future<Output = ()> + Send,
    ) -> std::io::Result<()> {
        tracing::info!(address = %self.local_addr, "metrics are served here");
        poem::Server::new_with_acceptor(self.acceptor)
            .run_with_graceful_shutdown(
                api::scrape::private_app(source),
                stop,
                Some(std::time::Duration::from_secs(5)),
            )
            .await
    }
}

async fn bind(address: SocketAddr) -> anyhow::Result<(TcpAcceptor, SocketAddr)> {
    let acceptor = TcpListener::bind(address).into_acceptor().await?;
    let local_addr = acceptor
        .local_addr()
        .first()
        .and_then(|addr| addr.as_socket_addr().copied())
        .ok_or_else(|| anyhow::anyhow!("the listener has no socket address"))?;
    Ok((acceptor, local_addr))
}

impl Server {
    pub async fn build(config: ServerConfig) -> anyhow::Result<Self> {
        config.sign_in.check()?;
        let single_sign_on = match config.sign_in.single_sign_on.clone() {
            Some(settings) => Some(std::sync::Arc::new(
                api::single_sign_on::SingleSignOn::discover(settings).await?,
            )),
            None => None,
        };
        let store = Store::connect(&config.database_url, config.db_max_connections).await?;
        store.migrate().await?;
        let unsubscribe = UnsubscribeKey::derive(config.jwt_secret.as_bytes());
        let metrics = Arc::new(Metrics::new());
        let state = ApiState {
            metrics: metrics.clone(),
            store: store.clone(),
            tokens: TokenService::new(&config.jwt_secret, config.token_ttl),
            unsubscribe: unsubscribe.clone(),
            login_throttle: config.login_throttle,
            secure_cookies: config
                .public_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://")),
            public_origin: config.public_url.as_deref().map(api::http::origin_of),
            password_checks: std::sync::Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            )),
            request_budget: config.request_budget,
            single_sign_on,
            password_sign_in: config.sign_in.password_sign_in,
            graph_cache: std::sync::Arc::new(crate::store::graph_cache::GraphCache::new(
                crate::store::graph_cache::DEFAULT_MAX_ROWS,
            )),
            people_cache: std::sync::Arc::new(crate::store::graph_cache::GraphCache::new(
                crate::store::graph_cache::DEFAULT_MAX_ROWS,
            )),
            impact_cache: std::sync::Arc::new(crate::store::graph_cache::GraphCache::new(
                crate::store::graph_cache::DEFAULT_MAX_ROWS,
            )),
        };
        let web_app = match &config.static_dir {
            Some(dir) => api::web_app::WebApp::load(dir).map_err(|err| {
                anyhow::anyhow!("the web app in {} cannot be read: {err}", dir.display())
            })?,
            None => None,
        };
        let (acceptor, local_addr) = bind(config.listen).await?;
        let metrics_listener = match config.metrics_listen {
            Some(address) => Some(MetricsListener::bind(address).await?),
            None => None,
        };
        Ok(Self {
            acceptor,
            local_addr,
            store,
            schema: api::schema(Some(state)),
            worker: config.worker,
            unsubscribe,
            web_app,
            metrics,
            metrics_guard: api::scrape::MetricsGuard(config.metrics_token),
            metrics_listener,
        })
    }

    /// The private metrics address actually bound, when one was asked for.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_listener.as_ref().map(|l| l.local_addr())
    }

    /// The address actually bound (port 0 becomes a real port).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Serves until Ctrl-C or SIGTERM, then lets requests in flight finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        tracing::info!(address = %self.local_addr, "Consult is listening");
        if let Some(config) = self.worker {
            let worker = crate::notify::worker::Worker::new(self.store.clone(), config)
                .with_unsubscribe_key(self.unsubscribe.clone())
                .with_metrics(self.metrics.clone());
            tokio::spawn(worker.run_until(shutdown_signal()));
        }
        if let Some(listener) = self.metrics_listener {
            let source = api::scrape::MetricsSource {
                store: self.store.clone(),
                metrics: self.metrics.clone(),
            };
            tokio::spawn(async move {
                if let Err(err) = listener.run(source, shutdown_signal()).await {
                    tracing::error!(error = %err, "the metrics listener stopped");
                }
            });
        }
        poem::Server::new_with_acceptor(self.acceptor)
            .run_with_graceful_shutdown(
                api::http::app(self.schema, self.web_app, self.metrics_guard),
                shutdown_signal(),
                Some(std::time::Duration::from_secs(10)),
            )
            .await
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM can be handled");
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
    tracing::info!("shutting down");
}
