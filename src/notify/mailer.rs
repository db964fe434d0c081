//! Where emails go: an SMTP server (`CONSULT_SMTP_URL`), or, by default, `.eml` files in a
//! mail folder beside the database, so a newcomer can read what would have been sent.
//!
//! SMTP connections are pooled (`CONNECTIONS` kept open) and may be used side by side: the
//! worker sends a group of emails at once. A plain `smtp://host:port` server (a relay on the
//! machine or the local network, the usual set-up) is reached over connections that Consult
//! opens itself, with Nagle's algorithm off: lettre 0.11.23 leaves it on, and then every email
//! waits 40 ms for the server's delayed acknowledgement of its body before the closing
//! `.` goes out (22 emails a second a connection). URLs with TLS or a login go through
//! lettre's own pooled transport.

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    transport::smtp::{PoolConfig, client::AsyncSmtpConnection, extension::ClientId},
};
use std::{
    path::PathBuf,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// SMTP connections kept open for reuse; the worker sends as many emails side by side.
pub const CONNECTIONS: usize = 8;

/// How long connecting, or sending one email, may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// The transport, built once and shared by the worker.
#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    PlainSmtp(PlainSmtp),
    Folder(PathBuf),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp(_) => f.write_str("Mailer::Smtp"),
            Mailer::PlainSmtp(p) => write!(f, "Mailer::PlainSmtp({}:{})", p.host, p.port),
            Mailer::Folder(dir) => write!(f, "Mailer::Folder({})", dir.display()),
        }
    }
}

impl Mailer {
    /// SMTP when a URL is given (`smtp://host:port`, `smtp://user:pass@host?tls=required`,
    /// `smtps://...`), otherwise the mail folder.
    pub fn new(smtp_url: Option<&str>, mail_dir: PathBuf) -> anyhow::Result<Self> {
        let Some(url) = smtp_url.map(str::trim).filter(|u| !u.is_empty()) else {
            return Ok(Mailer::Folder(mail_dir));
        };
        // Checked by lettre in every case, so a bad URL is refused the same way.
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("CONSULT_SMTP_URL is not a usable SMTP URL: {e}"))?;
        if let Some((host, port)) = plain_server(url) {
            return Ok(Mailer::PlainSmtp(PlainSmtp {
                host,
                port,
                idle: Arc::new(Mutex::new(Vec::new())),
            }));
        }
        Ok(Mailer::Smtp(
            builder
                .timeout(Some(TIMEOUT))
                .pool_config(PoolConfig::new().max_size(CONNECTIONS as u32))
                .build(),
        ))
    }

    /// Sends one message; the error says why it could not go. Several may be sent at once.
    pub async fn send(&self, message: Message, file_stem: &str) -> Result<(), String> {
        let refused = |e: lettre::transport::smtp::Error| {
            format!("The SMTP server did not take the message: {e}")
        };
        match self {
            Mailer::Smtp(transport) => transport.send(message).await.map(|_| ()).map_err(refused),
            Mailer::PlainSmtp(server) => server.send(&message).await,
            Mailer::Folder(dir) => {
                let bytes = message.formatted();
                let write = async {
                    tokio::fs::create_dir_all(dir).await?;
                    // Written whole, then renamed, so a reader never sees half a message.
                    let partial = dir.join(format!("{file_stem}.eml.partial"));
                    let done = dir.join(format!("{file_stem}.eml"));
                    tokio::fs::write(&partial, &bytes).await?;
                    tokio::fs::rename(&partial, &done).await?;
                    Ok::<_, std::io::Error>(done)
                };
                let path = write.await.map_err(|e| {
                    format!(
                        "The mail folder {} could not be written: {e}",
                        dir.display()
                    )
                })?;
                tracing::info!(path = %path.display(), "email written to the mail folder (no SMTP configured)");
                Ok(())
            }
        }
    }
}

/// The host and port of `smtp://host[:port][/]`: a server reached without TLS or a login.
fn plain_server(url: &str) -> Option<(String, u16)> {
    let rest = url.strip_prefix("smtp://")?.trim_end_matches('/');
    if rest.is_empty() || rest.contains(['@', '?', '/', '#', '[', '%']) {
        return None;
    }
    match rest.split_once(':') {
        Some((host, port)) => Some((host.to_owned(), port.parse().ok()?)),
        None => Some((rest.to_owned(), 25)),
    }
}

/// A plain SMTP server, over connections with Nagle's algorithm off, `CONNECTIONS` of them
/// kept open for the next emails.
#[derive(Clone)]
pub struct PlainSmtp {
    host: String,
    port: u16,
    /// Open connections not in use, each with until when it is taken to be open still.
    idle: Arc<Mutex<Vec<(AsyncSmtpConnection, Instant)>>>,
}

/// A connection used this recently is taken to be open still (servers close idle ones after
/// minutes), so the next email goes without first asking the server whether it is there.
const FRESH: Duration = Duration::from_secs(2);

impl PlainSmtp {
    async fn send(&self, message: &Message) -> Result<(), String> {
        let mut connection = self.connection().await.map_err(|e| {
            format!(
                "The SMTP server {}:{} could not be reached: {e}",
                self.host, self.port
            )
        })?;
        let sent = tokio::time::timeout(
            TIMEOUT,
            connection.send(message.envelope(), &message.formatted()),
        )
        .await;
        match sent {
            Ok(Ok(_)) => {
                self.recycle(connection);
                Ok(())
            }
            Ok(Err(e)) => {
                self.recycle(connection);
                Err(format!("The SMTP server did not take the message: {e}"))
            }
            // Dropped mid-exchange: that connection is not used again.
            Err(_) => {
                self.distrust();
                Err(format!(
                    "The SMTP server did not answer within {} seconds.",
                    TIMEOUT.as_secs()
                ))
            }
        }
    }

    /// An idle connection that still answers, or a new one.
    async fn connection(&self) -> Result<AsyncSmtpConnection, String> {
        loop {
            let idle = self.idle.lock().expect("the SMTP pool's lock").pop();
            let Some((mut connection, trusted_until)) = idle else {
                break;
            };
            if Instant::now() < trusted_until
                || tokio::time::timeout(TIMEOUT, connection.test_connected())
                    .await
                    .unwrap_or(false)
            {
                return Ok(connection);
            }
            // Broken (the server restarted, or closed it when idle): closed by dropping it.
        }
        let connect = async {
            let stream = tokio::net::TcpStream::connect((self.host.as_str(), self.port))
                .await
                .map_err(|e| e.to_string())?;
            stream.set_nodelay(true).map_err(|e| e.to_string())?;
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), &ClientId::default())
                .await
                .map_err(|e| e.to_string())
        };
        tokio::time::timeout(TIMEOUT, connect)
            .await
            .map_err(|_| format!("no answer within {} seconds", TIMEOUT.as_secs()))?
    }

    /// Keeps a connection that still works for the next email, up to `CONNECTIONS`.
    fn recycle(&self, connection: AsyncSmtpConnection) {
        if connection.has_broken() {
            return self.distrust();
        }
        let mut idle = self.idle.lock().expect("the SMTP pool's lock");
        if idle.len() < CONNECTIONS {
            idle.push((connection, Instant::now() + FRESH));
        }
    }

    /// After a connection broke (the server may have gone away or restarted), the open
    /// ones are checked before they are used again.
    fn distrust(&self) {
        let now = Instant::now();
        for (_, trusted_until) in self.idle.lock().expect("the SMTP pool's lock").iter_mut() {
            *trusted_until = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plain_server;

    #[test]
    fn only_a_bare_smtp_url_is_sent_over_our_own_connections() {
        assert_eq!(
            plain_server("smtp://127.0.0.1:2525"),
            Some(("127.0.0.1".into(), 2525))
        );
        assert_eq!(
            plain_server("smtp://relay.bury.gov.uk/"),
            Some(("relay.bury.gov.uk".into(), 25))
        );
        for lettres in [
            "smtp://user:pass@relay:587?tls=required",
            "smtp://relay:587?tls=opportunistic",
            "smtps://relay:465",
            "smtp://relay/consult.bury.gov.uk",
            "smtp://[::1]:25",
        ] {
            assert_eq!(plain_server(lettres), None, "{lettres}");
        }
    }
}
