//! Command line and environment: every setting has a flag, an environment variable and a
//! default that works on a fresh machine (SQLite beside the working directory).

use anyhow::{Context, bail};
use base64::{Engine, engine::general_purpose::STANDARD as BASE64};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::{
    io::Write,
    net::SocketAddr,
    path::{Path, PathBuf},
};

/// The embedded default: a SQLite file in the working directory, created when missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://consult.db?mode=rwc";

/// Consult: the statutory consultation before a restructure, from proposal to decision.
#[derive(Debug, Parser)]
#[command(name = "consult", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[command(flatten)]
    pub log: LogArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the GraphQL API and the web app over HTTP, migrating the database first.
    // Boxed: its settings (single sign-on's among them) make it far larger than the others.
    Serve(Box<ServeArgs>),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the GraphQL schema (SDL), as committed in schema.graphql.
    Schema,
    /// Load the demo data (the Bury SEN restructure's people); safe to run again.
    Demo,
    /// Run only the email worker (several may run against PostgreSQL).
    Worker(WorkerArgs),
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Check the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// List (--dry-run) or pseudonymise (--apply) the personal data of decided proposals past
    /// the employer's retention period (UK GDPR Art. 5(1)(e)). The worker applies it daily.
    Retention(RetentionArgs),
}

#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// List what is due, changing nothing.
    #[arg(long, conflicts_with = "apply", required_unless_present = "apply")]
    pub dry_run: bool,
    /// Pseudonymise what is due (idempotent: a proposal already done is skipped).
    #[arg(long)]
    pub apply: bool,
    /// The day to judge from, YYYY-MM-DD (Europe/London); today by default.
    #[arg(long)]
    pub as_of: Option<chrono::NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the audit log's hash chain; exit 1 naming the first broken link.
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. Without --password-stdin a strong password is generated and printed once.
    Add(UserAddArgs),
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// Work email address; people sign in with it.
    #[arg(long)]
    pub email: String,
    /// Name as shown to others.
    #[arg(long)]
    pub name: String,
    /// Global role.
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The union a UNION_REP acts for (UNISON, GMB, NEU, ...). Required for UNION_REP only.
    #[arg(long = "union")]
    pub union: Option<String>,
    /// Read the password from standard input (its first line) instead of generating one.
    #[arg(long)]
    pub password_stdin: bool,
}

/// Roles as spelled on the command line and in the API.
#[derive(Debug, Clone, Copy, ValueEnum)]
#[value(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RoleArg {
    HrAdmin,
    Manager,
    UnionRep,
    Staff,
}

impl From<RoleArg> for crate::domain::account::Role {
    fn from(role: RoleArg) -> Self {
        use crate::domain::account::Role;
        match role {
            RoleArg::HrAdmin => Role::HrAdmin,
            RoleArg::Manager => Role::Manager,
            RoleArg::UnionRep => Role::UnionRep,
            RoleArg::Staff => Role::Staff,
        }
    }
}

#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Database URL: sqlite://FILE?mode=rwc (embedded default) or postgres://USER@HOST/DB.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true, hide_env_values = true)]
    pub database_url: String,
    /// Largest number of pooled database connections.
    #[arg(
        long,
        env = "CONSULT_DB_MAX_CONNECTIONS",
        default_value_t = 10,
        global = true
    )]
    pub db_max_connections: u32,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Log filter, in tracing's EnvFilter syntax (e.g. `info`, `consult=debug`).
    #[arg(long, env = "CONSULT_LOG", default_value = "info", global = true)]
    pub log: String,
    /// Log line format.
    #[arg(long, env = "CONSULT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable key=value lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CONSULT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Secret for signing sign-in tokens (at least 32 characters). When unset, one is
    /// generated once and kept in `consult.jwt-secret` beside the SQLite database.
    #[arg(long, env = "CONSULT_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// How long a sign-in lasts, in hours.
    #[arg(long, env = "CONSULT_TOKEN_TTL_HOURS", default_value_t = 12)]
    pub token_ttl_hours: u32,
    /// The built web app served at `/` (when the folder exists).
    #[arg(long, env = "CONSULT_STATIC_DIR", default_value = "frontend/dist")]
    pub static_dir: PathBuf,
    /// Deprecated, does nothing: the API explorer is part of the web app, at `/graphiql`.
    /// Still accepted (with a warning) so that start-up commands that pass it keep working.
    #[arg(long, env = "CONSULT_GRAPHIQL", hide = true)]
    pub graphiql: bool,
    /// How long one API request may run, in seconds, before it is stopped with `TIMEOUT`.
    #[arg(long, env = "CONSULT_REQUEST_TIMEOUT_SECONDS", default_value_t = 10)]
    pub request_timeout_seconds: u32,
    /// Serve `GET /metrics` on the main address to whoever sends this token as
    /// `Authorization: Bearer` (at least 16 characters). Unset: `/metrics` answers 404 there.
    #[arg(long, env = "CONSULT_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    #[command(flatten)]
    pub metrics: MetricsArgs,
    #[command(flatten)]
    pub sign_in: SignInArgs,
    #[command(flatten)]
    pub mail: MailArgs,
}

/// How people sign in: passwords, single sign-on with an OpenID provider, or both.
#[derive(Debug, Args)]
pub struct SignInArgs {
    /// The OpenID provider's issuer URL (its discovery document is read at start-up);
    /// setting it turns single sign-on on.
    #[arg(long, env = "CONSULT_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// Consult's client id at the provider.
    #[arg(long, env = "CONSULT_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// Consult's client secret at the provider.
    #[arg(long, env = "CONSULT_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,
    /// The provider's name on the sign-in page: "Sign in with <name>".
    #[arg(
        long,
        env = "CONSULT_OIDC_PROVIDER_NAME",
        default_value = "your organisation's account"
    )]
    pub oidc_provider_name: String,
    /// The ID token claim listing the person's groups (e.g. `groups`), read only with
    /// --oidc-role-groups.
    #[arg(long, env = "CONSULT_OIDC_GROUPS_CLAIM")]
    pub oidc_groups_claim: Option<String>,
    /// Roles given by provider groups: `HR_ADMIN=consult-hr,MANAGER=consult-managers`
    /// (HR_ADMIN, MANAGER, STAFF; never UNION_REP, which needs a union).
    #[arg(long, env = "CONSULT_OIDC_ROLE_GROUPS")]
    pub oidc_role_groups: Option<String>,
    /// Whether people may sign in with a password. Only single sign-on can replace it.
    #[arg(long, env = "CONSULT_PASSWORD_SIGN_IN", default_value_t = true, action = clap::ArgAction::Set)]
    pub password_sign_in: bool,
}

impl SignInArgs {
    /// The sign-in configuration; `public_url` starts the redirect URIs.
    pub fn config(&self, public_url: &str) -> anyhow::Result<crate::server::SignInConfig> {
        use crate::api::single_sign_on::SingleSignOnSettings;
        use crate::domain::single_sign_on::RoleGroups;
        let single_sign_on = match &self.oidc_issuer {
            None => None,
            Some(issuer) => {
                let Some(client_id) = self.oidc_client_id.clone() else {
                    bail!("CONSULT_OIDC_ISSUER is set: set CONSULT_OIDC_CLIENT_ID too");
                };
                let role_groups = RoleGroups::parse(self.oidc_role_groups.as_deref().unwrap_or(""))
                    .map_err(|why| anyhow::anyhow!("CONSULT_OIDC_ROLE_GROUPS: {why}"))?;
                if !role_groups.is_empty() && self.oidc_groups_claim.is_none() {
                    bail!(
                        "CONSULT_OIDC_ROLE_GROUPS is set: set CONSULT_OIDC_GROUPS_CLAIM to the claim that lists groups (e.g. groups)"
                    );
                }
                Some(SingleSignOnSettings {
                    issuer: issuer.clone(),
                    client_id,
                    client_secret: self.oidc_client_secret.clone(),
                    provider_name: self.oidc_provider_name.clone(),
                    groups_claim: self.oidc_groups_claim.clone(),
                    role_groups,
                    public_url: public_url.trim_end_matches('/').to_owned(),
                })
            }
        };
        let config = crate::server::SignInConfig {
            single_sign_on,
            password_sign_in: self.password_sign_in,
        };
        config.check()?;
        Ok(config)
    }
}

/// The private metrics address, which `serve` and `worker` both accept.
#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// Serve `GET /metrics` (Prometheus text format), without a token, on this address: keep
    /// it private (loopback, or a network only the scraper reaches).
    #[arg(long, env = "CONSULT_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub mail: MailArgs,
    #[command(flatten)]
    pub metrics: MetricsArgs,
    /// The secret `consult serve` signs with (see its `--jwt-secret`): the worker signs the
    /// one-click unsubscribe links of optional notices with it, so the server accepts them.
    #[arg(long, env = "CONSULT_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Send what is due now, then exit (for cron, or to look at the demo's emails).
    #[arg(long)]
    pub once: bool,
}

/// Where email goes and what its links point at.
#[derive(Debug, Args)]
pub struct MailArgs {
    /// SMTP server: smtp://HOST:PORT (plain), smtp://USER:PASS@HOST:587?tls=required
    /// (STARTTLS), smtps://USER:PASS@HOST:465 (TLS). When unset, emails are written as .eml
    /// files to the mail folder instead.
    #[arg(long, env = "CONSULT_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The From address of every email.
    #[arg(
        long,
        env = "CONSULT_MAIL_FROM",
        default_value = "Consult <consult@localhost>"
    )]
    pub mail_from: String,
    /// The address people reach Consult at; every link in an email starts with it.
    #[arg(
        long,
        env = "CONSULT_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,
    /// Where emails are written when no SMTP server is configured (default: `consult-mail`
    /// beside the SQLite database).
    #[arg(long, env = "CONSULT_MAIL_DIR")]
    pub mail_dir: Option<PathBuf>,
    /// Seconds between the worker's looks for due emails.
    #[arg(long, env = "CONSULT_WORKER_POLL_SECONDS", default_value_t = 5)]
    pub worker_poll_seconds: u64,
}

impl MailArgs {
    /// The worker's configuration; `database_url` places the default mail folder.
    pub fn worker_config(
        &self,
        database_url: &str,
    ) -> anyhow::Result<crate::notify::worker::WorkerConfig> {
        let mail_dir = self
            .mail_dir
            .clone()
            .unwrap_or_else(|| data_dir(database_url).join("consult-mail"));
        let from = self.mail_from.parse().with_context(|| {
            format!(
                "CONSULT_MAIL_FROM ({}) is not an email address",
                self.mail_from
            )
        })?;
        let public_url = self.public_url.trim_end_matches('/').to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            bail!("CONSULT_PUBLIC_URL must start with http:// or https://");
        }
        Ok(crate::notify::worker::WorkerConfig {
            mailer: crate::notify::mailer::Mailer::new(self.smtp_url.as_deref(), mail_dir)?,
            from,
            public_url,
            poll: std::time::Duration::from_secs(self.worker_poll_seconds.max(1)),
        })
    }
}

/// The secret that signs sign-in tokens.
#[derive(Clone)]
pub struct JwtSecret(Vec<u8>);

impl std::fmt::Debug for JwtSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtSecret(***)")
    }
}

impl JwtSecret {
    pub const MIN_LEN: usize = 32;
    pub const FILE_NAME: &str = "consult.jwt-secret";

    /// A secret given as configuration; too short a secret is refused rather than used.
    pub fn from_configured(value: &str) -> anyhow::Result<Self> {
        if value.len() < Self::MIN_LEN {
            bail!(
                "CONSULT_JWT_SECRET must be at least {} characters long",
                Self::MIN_LEN
            );
        }
        Ok(Self(value.as_bytes().to_vec()))
    }

    /// A fresh random secret.
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The configured secret, or the one kept in `dir`, created (mode 0600) on first use.
    pub fn resolve(configured: Option<&str>, dir: &Path) -> anyhow::Result<Self> {
        if let Some(value) = configured {
            return Self::from_configured(value);
        }
        let path = dir.join(Self::FILE_NAME);
        match Self::read(&path) {
            Ok(secret) => return Ok(secret),
            Err(err) if path.exists() => return Err(err),
            Err(_) => {}
        }
        let secret = Self::generate();
        let mut file = create_private_file(&path)
            .with_context(|| format!("cannot create the signing secret file {}", path.display()))?;
        file.write_all(BASE64.encode(&secret.0).as_bytes())?;
        tracing::warn!(
            path = %path.display(),
            "CONSULT_JWT_SECRET is not set: generated a signing secret and stored it (mode 0600); \
             set CONSULT_JWT_SECRET when several servers share one database"
        );
        Ok(secret)
    }

    fn read(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)?;
        let bytes = BASE64
            .decode(text.trim())
            .with_context(|| format!("{} does not hold a base64 secret", path.display()))?;
        if bytes.len() < Self::MIN_LEN {
            bail!(
                "{} holds a secret shorter than {} bytes",
                path.display(),
                Self::MIN_LEN
            );
        }
        tracing::info!(path = %path.display(), "using the stored signing secret");
        Ok(Self(bytes))
    }
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// The directory "beside the database": the SQLite file's directory, or the working
/// directory for a server database.
pub fn data_dir(database_url: &str) -> PathBuf {
    let sqlite_path = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .map(|rest| rest.split('?').next().unwrap_or(rest));
    match sqlite_path {
        Some(path) if !path.is_empty() && !path.contains(":memory:") => Path::new(path)
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_sits_beside_the_sqlite_file() {
        assert_eq!(data_dir(DEFAULT_DATABASE_URL), PathBuf::from("."));
        assert_eq!(
            data_dir("sqlite:///var/lib/consult/c.db?mode=rwc"),
            PathBuf::from("/var/lib/consult")
        );
        assert_eq!(data_dir("postgres://u@h/db"), PathBuf::from("."));
    }

    #[test]
    fn a_short_configured_secret_is_refused() {
        assert!(JwtSecret::from_configured("short").is_err());
        assert!(JwtSecret::from_configured(&"s".repeat(32)).is_ok());
    }

    #[test]
    fn a_generated_secret_is_kept_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = JwtSecret::resolve(None, dir.path()).unwrap();
        let second = JwtSecret::resolve(None, dir.path()).unwrap();
        assert_eq!(first.as_bytes(), second.as_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(JwtSecret::FILE_NAME))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
