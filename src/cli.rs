//! The `consult` subcommands.

use crate::config::{
    AuditCommand, Cli, Command, JwtSecret, ServeArgs, UserAddArgs, UserCommand, data_dir,
};
use crate::domain::{
    account::NewUser, audit::AuditActor, login_throttle::LoginThrottle,
    metrics_access::MetricsToken, password::Password,
};
use crate::error::AppError;
use crate::server::{MetricsListener, Server, ServerConfig};
use crate::store::{self, Store};
use anyhow::Context;
use clap::Parser;
use std::process::ExitCode;
use tokio::io::AsyncBufReadExt;

/// Parses the command line and runs the chosen command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    crate::telemetry::init(&cli.log);
    let runtime = crate::server::runtime(None).expect("the tokio runtime starts");
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let database_url = cli.database.database_url;
    if let Command::Audit {
        command: AuditCommand::Verify,
    } = cli.command
    {
        return verify_audit(&database_url).await;
    }
    run_command(cli.command, database_url, cli.database.db_max_connections)
        .await
        .map(|()| ExitCode::SUCCESS)
}

async fn run_command(
    command: Command,
    database_url: String,
    db_max_connections: u32,
) -> anyhow::Result<()> {
    match command {
        Command::Schema => {
            print!("{}", crate::api::sdl());
            Ok(())
        }
        Command::Migrate => {
            Store::connect(&database_url, db_max_connections)
                .await?
                .migrate()
                .await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Demo => {
            let store = Store::connect(&database_url, db_max_connections).await?;
            store.migrate().await?;
            let accounts = crate::demo::load(&store, crate::demo::DemoPasswords::Generate).await?;
            println!(
                "Demo data loaded: the Bury SEN restructure, open for consultation. Accounts:"
            );
            for account in accounts {
                let password = account
                    .password
                    .unwrap_or_else(|| "(already existed: shown when it was created)".into());
                println!(
                    "  {:<34} {:<10} {:<28} {}",
                    account.email,
                    account.role.as_str(),
                    password,
                    account.name
                );
            }
            println!("Passwords are shown only now; keep them to sign in.");
            Ok(())
        }
        Command::Serve(args) => serve(*args, database_url, db_max_connections).await,
        Command::Worker(args) => {
            let config = args.mail.worker_config(&database_url)?;
            // The secret `consult serve` uses, so it accepts the unsubscribe links signed here.
            let secret = JwtSecret::resolve(args.jwt_secret.as_deref(), &data_dir(&database_url))?;
            let store = Store::connect(&database_url, db_max_connections).await?;
            store.migrate().await?;
            let metrics = std::sync::Arc::new(crate::metrics::Metrics::new());
            let worker = crate::notify::worker::Worker::new(store.clone(), config)
                .with_unsubscribe_key(crate::domain::email_headers::UnsubscribeKey::derive(
                    secret.as_bytes(),
                ))
                .with_metrics(metrics.clone());
            if args.once {
                let sent = worker.run_once().await.map_err(AppError::into_anyhow)?;
                println!("{sent} email(s) handled.");
                return Ok(());
            }
            // The worker has no other listener: its metrics are served on their own address.
            if let Some(address) = args.metrics.metrics_listen {
                let listener = MetricsListener::bind(address).await?;
                let source = crate::api::scrape::MetricsSource { store, metrics };
                tokio::spawn(async move {
                    if let Err(err) = listener.run(source, crate::server::shutdown_signal()).await {
                        tracing::error!(error = %err, "the metrics listener stopped");
                    }
                });
            }
            worker.run_until(crate::server::shutdown_signal()).await;
            Ok(())
        }
        Command::User {
            command: UserCommand::Add(args),
        } => add_user(args, &database_url).await,
        Command::Retention(args) => retention(args, &database_url).await,
        Command::Audit { .. } => unreachable!("handled by run"),
    }
}

/// `consult audit verify`: exit 0 when every link holds, 1 naming the first that does not.
async fn verify_audit(database_url: &str) -> anyhow::Result<ExitCode> {
    use crate::domain::audit_chain::Break;
    use crate::store::audit::ChainVerdict;
    let store = Store::connect(database_url, 1).await?;
    store.migrate().await?;
    match store::audit::verify(&store)
        .await
        .map_err(AppError::into_anyhow)?
    {
        ChainVerdict::Intact { events } => {
            println!("audit chain intact: {events} events");
            Ok(ExitCode::SUCCESS)
        }
        ChainVerdict::Broken(link) => {
            let event = &link.event;
            let why = match link.broken {
                Break::Altered => {
                    "the event itself was altered (its hash does not match)".to_owned()
                }
                Break::EarlierAlteredOrMissing => {
                    "an event before it is missing or was altered (its prev_hash does not match)"
                        .to_owned()
                }
                Break::Gap { expected_seq } => format!(
                    "events before it are missing (seq {expected_seq} to {} absent)",
                    link.seq - 1
                ),
            };
            println!(
                "audit chain broken at seq {} (event {}, {} at {}): {why}",
                link.seq,
                event.id,
                event.action,
                event.occurred_at.to_rfc3339()
            );
            Ok(ExitCode::from(1))
        }
    }
}

async fn serve(
    args: ServeArgs,
    database_url: String,
    db_max_connections: u32,
) -> anyhow::Result<()> {
    let jwt_secret = JwtSecret::resolve(args.jwt_secret.as_deref(), &data_dir(&database_url))?;
    tracing::info!(database = %store::redact_password(&database_url), "starting");
    if args.graphiql {
        tracing::warn!(
            "CONSULT_GRAPHIQL (--graphiql) is deprecated and does nothing: the API explorer is \
             part of the web app, at /graphiql; remove the setting"
        );
    }
    let worker = args.mail.worker_config(&database_url)?;
    let metrics_token = args
        .metrics_token
        .as_deref()
        .map(MetricsToken::parse)
        .transpose()
        .map_err(|message| anyhow::anyhow!(message))?;
    let sign_in = args.sign_in.config(&worker.public_url)?;
    let server = Server::build(ServerConfig {
        listen: args.listen,
        database_url,
        db_max_connections,
        jwt_secret,
        token_ttl: chrono::Duration::hours(args.token_ttl_hours.into()),
        login_throttle: LoginThrottle::default(),
        worker: Some(worker),
        public_url: Some(args.mail.public_url.clone()),
        static_dir: args
            .static_dir
            .join("index.html")
            .is_file()
            .then_some(args.static_dir),
        request_budget: std::time::Duration::from_secs(args.request_timeout_seconds.into()),
        metrics_token,
        metrics_listen: args.metrics.metrics_listen,
        sign_in,
    })
    .await?;
    server
        .run_until_stopped()
        .await
        .context("the HTTP server stopped")
}

async fn add_user(args: UserAddArgs, database_url: &str) -> anyhow::Result<()> {
    let new_user = NewUser::parse(
        &args.email,
        &args.name,
        args.role.into(),
        args.union.as_deref(),
        "",
    )
    .map_err(refusal)?;
    let (password, generated) = if args.password_stdin {
        let mut line = String::new();
        tokio::io::BufReader::new(tokio::io::stdin())
            .read_line(&mut line)
            .await?;
        let line = line.trim_end_matches(['\r', '\n']);
        (Password::parse(line, "password").map_err(refusal)?, None)
    } else {
        let (password, text) = Password::generate();
        (password, Some(text))
    };
    let store = Store::connect(database_url, 1).await?;
    store.migrate().await?;
    let user = store::users::create(&store, &AuditActor::CLI, new_user, Some(password))
        .await
        .map_err(|err| match err {
            AppError::Domain(err) => refusal(err),
            AppError::Internal(err) => err,
        })?;
    println!("Created {} ({}) with id {}", user.email, user.role, user.id);
    if let Some(text) = generated {
        println!("Password (shown once): {text}");
    }
    Ok(())
}

/// `consult retention --dry-run | --apply [--as-of DAY]`.
async fn retention(args: crate::config::RetentionArgs, database_url: &str) -> anyhow::Result<()> {
    let store = Store::connect(database_url, 1).await?;
    store.migrate().await?;
    let as_of = args.as_of.unwrap_or_else(store::s188::today);
    let run = if args.apply {
        store::retention::apply(&store, &AuditActor::CLI, as_of).await
    } else {
        store::retention::dry_run(&store, as_of).await
    }
    .map_err(AppError::into_anyhow)?;
    let verb = if args.apply {
        "pseudonymised"
    } else {
        "due (dry run: nothing changed)"
    };
    println!(
        "retention: {} proposal(s) {verb} as of {} (period {} years after the decision{})",
        run.due.len(),
        run.as_of,
        run.retention_years,
        if run.keeps_free_text {
            ", free text kept"
        } else {
            ""
        }
    );
    for proposal in &run.due {
        println!(
            "  {}  decided {}  kept until {}  {}",
            proposal.id,
            proposal.decided_at.date_naive(),
            proposal.kept_until,
            proposal.title
        );
    }
    if args.apply {
        println!("{} audit event(s) redacted", run.redacted_events);
    }
    Ok(())
}

/// A refusal as a command-line error, naming the flag at fault.
fn refusal(err: crate::domain::DomainError) -> anyhow::Error {
    match err {
        crate::domain::DomainError::BadInput { field, message } if !field.is_empty() => {
            anyhow::anyhow!("--{}: {message}", field.replace('_', "-"))
        }
        other => anyhow::anyhow!("{}", other.message()),
    }
}
