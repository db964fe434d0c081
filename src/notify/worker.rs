//! The outbox worker: claims due messages, renders them, sends them, and records how it went
//! (retried with backoff, dead after the last attempt). `consult serve` runs one; `consult
//! worker` runs one alone. On PostgreSQL several may run at once.

use super::{
    ical::{Method, meetings_calendar},
    mailer::Mailer,
    templates,
};
use crate::domain::notify::Milestone;
use crate::error::AppResult;
use crate::store::{self, Store, outbox::MessageRecord};
use chrono::Utc;
use lettre::{
    Message,
    message::{Attachment, Mailbox, MultiPart, header::ContentType},
};
use std::{collections::HashMap, time::Duration};
use uuid::Uuid;

/// Messages claimed at a time.
const BATCH: u64 = 20;

/// What a worker needs.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    pub mailer: Mailer,
    /// The From address, e.g. `Consult <consult@bury.gov.uk>`.
    pub from: Mailbox,
    /// Where links in emails point, e.g. `https://consult.bury.gov.uk`.
    pub public_url: String,
    /// How often to look for due messages.
    pub poll: Duration,
}

/// The worker.
pub struct Worker {
    store: Store,
    config: WorkerConfig,
}

impl Worker {
    pub fn new(store: Store, config: WorkerConfig) -> Self {
        Self { store, config }
    }

    /// Sends everything due now; returns how many messages were settled.
    pub async fn run_once(&self) -> AppResult<usize> {
        self.run_once_at(Utc::now()).await
    }

    /// Sends everything due at `now` (a later time lets a test skip a retry's wait).
    pub async fn run_once_at(&self, now: chrono::DateTime<Utc>) -> AppResult<usize> {
        let mut settled = 0;
        loop {
            let batch = store::outbox::claim(&self.store, now, BATCH).await?;
            if batch.is_empty() {
                return Ok(settled);
            }
            settled += batch.len();
            self.deliver(batch, now).await?;
        }
    }

    /// Polls until `stop` resolves; a failed round is logged and the next one tried.
    pub async fn run_until(self, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        tracing::info!(mailer = ?self.config.mailer, "the email worker is running");
        loop {
            if let Err(err) = self.run_once().await {
                let err = err.into_anyhow();
                tracing::error!(
                    error = format!("{err:#}"),
                    "the email worker's round failed"
                );
            }
            tokio::select! {
                () = &mut stop => return,
                () = tokio::time::sleep(self.config.poll) => {}
            }
        }
    }

    async fn deliver(
        &self,
        batch: Vec<MessageRecord>,
        now: chrono::DateTime<Utc>,
    ) -> AppResult<()> {
        let ids: Vec<Uuid> = batch.iter().filter_map(|m| m.recipient_id).collect();
        let names: HashMap<Uuid, String> = store::users::find_by_ids(&self.store, &ids)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        let name_of = |m: &MessageRecord| {
            m.recipient_id
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_default()
        };
        // Digest notices to one person go as one email.
        let mut digests: HashMap<String, Vec<MessageRecord>> = HashMap::new();
        for message in batch {
            if message.digest {
                digests
                    .entry(message.recipient_email.clone())
                    .or_default()
                    .push(message);
                continue;
            }
            let outcome = match self.compose(&message, &name_of(&message)).await {
                Ok(email) => {
                    self.config
                        .mailer
                        .send(email, &message.id.to_string())
                        .await
                }
                Err(err) => Err(err),
            };
            log_outcome(&message, &outcome);
            store::outbox::settle(&self.store, &message, outcome, now).await?;
        }
        for messages in digests.into_values() {
            let name = name_of(&messages[0]);
            let outcome = match self.compose_digest(&messages, &name) {
                Ok(email) => {
                    let stem = format!("digest-{}", messages[0].id);
                    self.config.mailer.send(email, &stem).await
                }
                Err(err) => Err(err),
            };
            for message in &messages {
                log_outcome(message, &outcome);
                store::outbox::settle(&self.store, message, outcome.clone(), now).await?;
            }
        }
        Ok(())
    }

    fn envelope(
        &self,
        to: &str,
        name: &str,
        message_id: String,
    ) -> Result<lettre::message::MessageBuilder, String> {
        let address = to
            .parse()
            .map_err(|e| format!("The address {to} cannot receive email: {e}"))?;
        let name = (!name.is_empty()).then(|| name.to_owned());
        Ok(Message::builder()
            .from(self.config.from.clone())
            .to(Mailbox::new(name, address))
            // A stable id: if a resent message did arrive before, mail clients know it.
            .message_id(Some(message_id)))
    }

    async fn compose(&self, message: &MessageRecord, name: &str) -> Result<Message, String> {
        let rendered = templates::render(
            message.milestone,
            &message.data,
            name,
            &self.config.public_url,
        )
        .map_err(|e| format!("The email could not be written from its template: {e}"))?;
        let body = MultiPart::alternative_plain_html(rendered.text, rendered.html);
        let body = match self.calendar_for(message).await? {
            Some((file_name, ics, method)) => MultiPart::mixed().multipart(body).singlepart(
                Attachment::new(file_name).body(
                    ics,
                    ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                        .map_err(|e| e.to_string())?,
                ),
            ),
            None => body,
        };
        self.envelope(
            &message.recipient_email,
            name,
            format!("<{}@consult>", message.id),
        )?
        .subject(rendered.subject)
        .multipart(body)
        .map_err(|e| format!("The email could not be built: {e}"))
    }

    /// The invite a meeting email carries, as the meeting stands now.
    async fn calendar_for(
        &self,
        message: &MessageRecord,
    ) -> Result<Option<(String, String, &'static str)>, String> {
        let method = match message.milestone {
            Milestone::MeetingInvitation | Milestone::MeetingUpdated => Method::Request,
            Milestone::MeetingCancelled => Method::Cancel,
            _ => return Ok(None),
        };
        let Some(id) = message.data["meetingId"]
            .as_str()
            .and_then(|id| Uuid::parse_str(id).ok())
        else {
            return Err("The meeting email has no meeting.".into());
        };
        let meeting = store::timetable::find_meeting(self.store.conn(), id)
            .await
            .map_err(|_| "The meeting could not be read.".to_owned())?
            .ok_or_else(|| "The meeting no longer exists.".to_owned())?;
        let title = message.data["proposalTitle"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let name = meeting.title.clone();
        let method_name = method.as_str();
        let ics = meetings_calendar(&name, &[meeting], &|_| title.clone(), method);
        Ok(Some((format!("{id}.ics"), ics, method_name)))
    }

    fn compose_digest(&self, messages: &[MessageRecord], name: &str) -> Result<Message, String> {
        let items: Vec<serde_json::Value> = messages
            .iter()
            .map(|m| {
                let rendered =
                    templates::render(m.milestone, &m.data, name, &self.config.public_url)
                        .map_err(|e| e.to_string())?;
                let context = templates::context(&m.data, name, &self.config.public_url);
                Ok(serde_json::json!({
                    "subject": rendered.subject,
                    "text": rendered.text,
                    "url": context["proposalUrl"],
                }))
            })
            .collect::<Result<_, String>>()?;
        let context = serde_json::json!({
            "recipientName": name,
            "items": items,
            "settingsUrl": format!("{}/settings", self.config.public_url.trim_end_matches('/')),
        });
        let rendered = templates::render_named("digest", &context)
            .map_err(|e| format!("The digest could not be written: {e}"))?;
        self.envelope(
            &messages[0].recipient_email,
            name,
            format!("<digest-{}@consult>", messages[0].id),
        )?
        .subject(rendered.subject)
        .multipart(MultiPart::alternative_plain_html(
            rendered.text,
            rendered.html,
        ))
        .map_err(|e| format!("The digest could not be built: {e}"))
    }
}

fn log_outcome(message: &MessageRecord, outcome: &Result<(), String>) {
    match outcome {
        Ok(()) => tracing::info!(
            id = %message.id,
            milestone = message.milestone.as_str(),
            "email sent"
        ),
        Err(error) => tracing::warn!(
            id = %message.id,
            milestone = message.milestone.as_str(),
            attempt = message.attempts,
            error,
            "email not sent"
        ),
    }
}
