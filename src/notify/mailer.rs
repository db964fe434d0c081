//! Where emails go: an SMTP server (`CONSULT_SMTP_URL`), or, by default, `.eml` files in a
//! mail folder beside the database, so a newcomer can read what would have been sent.

use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

/// The transport, built once and shared by the worker.
#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(PathBuf),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp(_) => f.write_str("Mailer::Smtp"),
            Mailer::Folder(dir) => write!(f, "Mailer::Folder({})", dir.display()),
        }
    }
}

impl Mailer {
    /// SMTP when a URL is given (`smtp://host:port`, `smtp://user:pass@host?tls=required`,
    /// `smtps://...`), otherwise the mail folder.
    pub fn new(smtp_url: Option<&str>, mail_dir: PathBuf) -> anyhow::Result<Self> {
        match smtp_url.filter(|u| !u.trim().is_empty()) {
            Some(url) => Ok(Mailer::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("CONSULT_SMTP_URL is not a usable SMTP URL: {e}"))?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build(),
            )),
            None => Ok(Mailer::Folder(mail_dir)),
        }
    }

    /// Sends one message; the error says why it could not go.
    pub async fn send(&self, message: Message, file_stem: &str) -> Result<(), String> {
        match self {
            Mailer::Smtp(transport) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| format!("The SMTP server did not take the message: {e}")),
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
