//! The web app in a real browser: builds `frontend/` and runs its end-to-end tests
//! (`frontend/e2e/*.test.mjs`: Debian's Chromium through playwright-core, axe-core on every
//! page) against this build's `consult serve`, once on SQLite and once on PostgreSQL.
//!
//! Needs Node.js with `npm ci` done in `frontend/` and Chromium at /usr/bin/chromium (or
//! `CHROMIUM_PATH`). Without them the tests are skipped and say so, unless
//! `CONSULT_TEST_REQUIRE_BROWSER` is set (`.ci/run` sets it and installs both).

use std::{
    path::{Path, PathBuf},
    process::Command,
    sync::OnceLock,
};

fn frontend() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("frontend")
}

/// Whether the browser tests can run here; panics when they must but cannot.
fn browser_available() -> bool {
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing: Vec<String> = [
        (!Path::new(&chromium).exists()).then(|| format!("Chromium ({chromium})")),
        (!frontend().join("node_modules").exists())
            .then(|| "frontend/node_modules (run `npm ci` in frontend/)".to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CONSULT_TEST_REQUIRE_BROWSER").is_none(),
        "CONSULT_TEST_REQUIRE_BROWSER is set but these are missing: {}",
        missing.join(", ")
    );
    eprintln!("skipping the browser tests: missing {}", missing.join(", "));
    false
}

fn npm(args: &[&str], envs: &[(&str, &str)]) {
    let status = Command::new("npm")
        .args(args)
        .current_dir(frontend())
        .envs(envs.iter().copied())
        .status()
        .expect("npm runs");
    assert!(status.success(), "npm {} failed", args.join(" "));
}

/// Builds the app once, then runs the suite. The SQLite and PostgreSQL suites run side by
/// side (the test harness's two threads): a journey spends much of its time waiting on the
/// browser and the server, so two share two cores well, and CI takes minutes less.
fn run_suite(envs: &[(&str, &str)]) {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| npm(&["run", "build"], &[]));
    let mut all = vec![("CONSULT_BIN", env!("CARGO_BIN_EXE_consult"))];
    all.extend_from_slice(envs);
    npm(&["run", "test:e2e"], &all);
}

#[test]
fn journeys_on_sqlite() {
    if browser_available() {
        run_suite(&[]);
    }
}

#[test]
fn journeys_on_postgres() {
    if !browser_available() {
        return;
    }
    match std::env::var("CONSULT_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => run_suite(&[("CONSULT_E2E_POSTGRES_URL", &url)]),
        _ => {
            assert!(
                std::env::var_os("CONSULT_TEST_REQUIRE_POSTGRES").is_none(),
                "CONSULT_TEST_REQUIRE_POSTGRES is set but CONSULT_TEST_POSTGRES_URL is not"
            );
            eprintln!(
                "skipping the browser tests on PostgreSQL: CONSULT_TEST_POSTGRES_URL is unset"
            );
        }
    }
}
