//! `deploy/nginx/consult.conf`, the README's reverse proxy, in front of a real server: the
//! file as shipped, with only its ports, upstream address and certificate paths put to this
//! machine's. Through it, over TLS: plain http is sent to https, the browser session works
//! (cookie set, accepted with Consult's Origin, refused without), Consult's own security
//! headers arrive beside the proxy's HSTS, and an upload over Consult's limit gets Consult's
//! plain answer rather than the proxy's.
//!
//! Needs nginx, openssl and curl (`.ci/run` installs nginx and sets CONSULT_TEST_REQUIRE_NGINX).

use crate::helpers::{Backend, PASSWORD, TestApp, error_code, free_port, spawn_app_with};
use consult::domain::account::Role;
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const HOST: &str = "consult.example.gov.uk";

fn nginx_available() -> bool {
    let found = Command::new("nginx")
        .arg("-v")
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found || std::env::var_os("CONSULT_TEST_REQUIRE_NGINX").is_none(),
        "CONSULT_TEST_REQUIRE_NGINX is set but nginx is not installed"
    );
    if !found {
        eprintln!("skipped: nginx is not installed");
    }
    found
}

struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The shipped configuration, moved onto this machine's ports and files.
fn configuration(shipped: &str, upstream: &str, http: u16, https: u16, dir: &Path) -> String {
    let mut out = String::new();
    for line in shipped.lines() {
        let trimmed = line.trim();
        let line = if trimmed.starts_with("listen [::]") {
            continue;
        } else if trimmed == "listen 80;" {
            format!("    listen 127.0.0.1:{http};")
        } else if trimmed.starts_with("listen 443 ssl") {
            line.replace("listen 443", &format!("listen 127.0.0.1:{https}"))
        } else if trimmed.starts_with("server 127.0.0.1:") {
            // Both upstream lines lead to the one test server.
            let rest = trimmed
                .split_once(' ')
                .unwrap()
                .1
                .split_once(' ')
                .unwrap()
                .1;
            format!("    server {upstream} {rest}")
        } else if trimmed.starts_with("ssl_certificate ") {
            format!("    ssl_certificate {}/cert.pem;", dir.display())
        } else if trimmed.starts_with("ssl_certificate_key ") {
            format!("    ssl_certificate_key {}/key.pem;", dir.display())
        } else {
            line.to_owned()
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn start_nginx(upstream: &str, http: u16, https: u16, dir: &Path) -> Nginx {
    let shipped = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/deploy/nginx/consult.conf"
    ))
    .unwrap();
    let site = configuration(&shipped, upstream, http, https, dir);
    assert!(site.contains(&format!("server {upstream}")), "{site}");
    std::fs::write(dir.join("consult.conf"), site).unwrap();
    let d = dir.display();
    // The `http` block a distribution's nginx.conf provides, with every path in `dir`.
    std::fs::write(
        dir.join("nginx.conf"),
        format!(
            "daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
             events {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  \
             proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  \
             scgi_temp_path {d}/scgi;\n  include {d}/consult.conf;\n}}\n"
        ),
    )
    .unwrap();
    let status = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", &format!("/CN={HOST}")])
        .arg("-keyout")
        .arg(dir.join("key.pem"))
        .arg("-out")
        .arg(dir.join("cert.pem"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "openssl makes a certificate");
    let child = Command::new("nginx")
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let nginx = Nginx(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", https)).is_err() {
        assert!(
            Instant::now() < deadline,
            "nginx did not start: {}",
            std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    nginx
}

/// One request through the proxy with curl: (status, headers, body).
fn curl(url: &str, https: u16, args: &[&str]) -> (u16, String, String) {
    let output = Command::new("curl")
        .args(["-sk", "--http1.1", "-D", "-", "-w", "\n%{http_code}"])
        .args(["--resolve", &format!("{HOST}:{https}:127.0.0.1")])
        .args(args)
        .arg(url)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let (rest, code) = text.rsplit_once('\n').unwrap();
    // The last header block (curl prints one per response it follows).
    let (headers, body) = rest.rsplit_once("\r\n\r\n").unwrap_or((rest, ""));
    (
        code.trim().parse().unwrap(),
        headers.to_ascii_lowercase(),
        body.to_owned(),
    )
}

#[test]
fn the_shipped_nginx_configuration_serves_consult() {
    if !nginx_available() {
        return;
    }
    consult::server::runtime(Some(2)).unwrap().block_on(async {
        let https = free_port();
        let public_url = format!("https://{HOST}:{https}");
        let app = spawn_app_with(Backend::Sqlite, |config| {
            config.public_url = Some(public_url.clone());
        })
        .await
        .unwrap();
        through_the_proxy(&app, &public_url, https).await;
    });
}

async fn through_the_proxy(app: &TestApp, public_url: &str, https: u16) {
    let dir = tempfile::tempdir().unwrap();
    // nginx's workers may run as another user: let them use the temporary folders.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    let http = free_port();
    let upstream = app.address.trim_start_matches("http://").to_owned();
    let _nginx = start_nginx(&upstream, http, https, dir.path());
    let email = format!("proxy-{}@bury.gov.uk", uuid::Uuid::now_v7().simple());
    app.create_user(&email, Role::Staff).await;

    // Plain http goes to https.
    let (status, headers, _) = curl(
        &format!("http://{HOST}:{http}/healthz"),
        https,
        &["--resolve", &format!("{HOST}:{http}:127.0.0.1")],
    );
    assert_eq!(status, 301, "{headers}");
    assert!(
        headers.contains(&format!("location: https://{HOST}")),
        "{headers}"
    );

    // Consult's headers arrive with the proxy's.
    let (status, headers, _) = curl(&format!("{public_url}/healthz"), https, &[]);
    assert_eq!(status, 200, "{headers}");
    for header in [
        "strict-transport-security: max-age",
        "content-security-policy: default-src 'self'",
        "x-content-type-options: nosniff",
    ] {
        assert!(headers.contains(header), "{header} in {headers}");
    }

    // The browser session: signed in through the proxy, the cookie is Secure and works with
    // Consult's Origin, and nothing the proxy adds lets it work without one.
    let login = format!(
        r#"{{"query":"mutation {{ login(input: {{email: \"{email}\", password: \"{PASSWORD}\"}}) {{ token }} }}"}}"#
    );
    let origin = format!("Origin: {public_url}");
    let json = "Content-Type: application/json";
    let graphql = format!("{public_url}/graphql");
    let (status, headers, body) = curl(
        &graphql,
        https,
        &["-H", json, "-H", &origin, "--data", &login],
    );
    assert_eq!(status, 200, "{headers}{body}");
    let cookie = headers
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .unwrap_or_else(|| panic!("a session cookie: {headers}"));
    assert!(cookie.contains("secure"), "{cookie}");
    let cookie = format!(
        "Cookie: consult_session={}",
        body.split("\"token\":\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
    );
    let me = r#"{"query":"{ me { email } }"}"#;
    let (status, _, body) = curl(
        &graphql,
        https,
        &["-H", json, "-H", &origin, "-H", &cookie, "--data", me],
    );
    assert_eq!(status, 200);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["data"]["me"]["email"], email.as_str(), "{body}");
    let (status, _, _) = curl(&graphql, https, &["-H", json, "-H", &cookie, "--data", me]);
    assert_eq!(
        status, 403,
        "a cookie request that does not say where it comes from"
    );

    // Over Consult's upload limit but within the proxy's: Consult answers, in words.
    let big = dir.path().join("big.json");
    std::fs::write(
        &big,
        format!(
            r#"{{"query":"{{ __typename }}","variables":{{"padding":"{}"}}}}"#,
            "x".repeat(consult::api::limits::MAX_UPLOAD_BODY_BYTES + 1)
        ),
    )
    .unwrap();
    let (status, _, body) = curl(
        &graphql,
        https,
        &[
            "-H",
            "Content-Type: multipart/form-data; boundary=x",
            "--data-binary",
            &format!("@{}", big.display()),
        ],
    );
    assert_eq!(status, 413, "{body}");
    let body: Value =
        serde_json::from_str(&body).unwrap_or_else(|_| panic!("Consult's JSON: {body}"));
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
}
