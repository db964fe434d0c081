//! The outbox worker: claims due messages, renders them, sends them, and records how it went
//! (retried with backoff, dead after the last attempt). `consult serve` runs one; `consult
//! worker` runs one alone. On PostgreSQL several may run at once.
//!
//! A round claims up to `BATCH` messages under a lease (`store::outbox::claim`), then works
//! through them a group of `CONCURRENCY` emails at a time: the group's sends are recorded as
//! started in one statement (`mark_started`), sent side by side over the SMTP pool, and
//! settled in one transaction (`settle`). A worker that stops mid-round leaves at most one
//! group whose delivery is unknown (dead for HR to check when its lease runs out); the
//! messages it had not started on go back to the queue untouched. A worker that is still
//! going after half its lease gives back what it has not started on (`release`).

use super::{
    ical::{self, Method, Person},
    mailer::{self, Mailer},
    templates,
};
use crate::domain::email_headers::{self, UnsubscribeKey};
use crate::domain::meeting_wording;
use crate::domain::notify::{CLAIM_SECONDS, Milestone};
use crate::error::AppResult;
use crate::metrics::Metrics;
use crate::store::{
    self, Store,
    outbox::{Claim, MessageRecord},
    timetable::MeetingRecord,
};
use chrono::Utc;
use lettre::{
    Message,
    message::{
        Attachment, Mailbox, MultiPart,
        header::{ContentType, HeaderName, HeaderValue},
    },
};
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
    time::Duration,
};
use uuid::Uuid;

/// Messages claimed at a time.
pub const BATCH: u64 = 100;

/// Emails sent side by side (each over its own SMTP connection): one group of a round.
pub const CONCURRENCY: usize = mailer::CONNECTIONS;

/// How long a worker goes on starting sends under one claim: half its lease, which leaves
/// the other half for the group in flight (connecting and sending have 20 s each).
const LEASE_IN_HAND: Duration = Duration::from_secs(CLAIM_SECONDS as u64 / 2);

/// Who the daily retention run is audited as.
pub const RETENTION_ACTOR: crate::domain::audit::AuditActor =
    crate::domain::audit::AuditActor::System("retention policy");

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
    batch: u64,
    concurrency: usize,
    /// Signs the one-click unsubscribe links of optional notices; without it they link to
    /// the settings page only.
    unsubscribe: Option<UnsubscribeKey>,
    /// Counts the emails sent and the attempts that failed.
    metrics: Arc<Metrics>,
}

/// One email to send: a message, or a digest of several to one person.
struct Unit {
    messages: Vec<MessageRecord>,
}

impl Worker {
    pub fn new(store: Store, config: WorkerConfig) -> Self {
        Self {
            store,
            config,
            batch: BATCH,
            concurrency: CONCURRENCY,
            unsubscribe: None,
            metrics: Arc::new(Metrics::new()),
        }
    }

    /// Counts what it sends in `metrics` (the server's, or `consult worker`'s own).
    pub fn with_metrics(mut self, metrics: Arc<Metrics>) -> Self {
        self.metrics = metrics;
        self
    }

    /// Gives optional notices a one-click unsubscribe link (RFC 8058) signed with `key`,
    /// the key the server checks the link with.
    pub fn with_unsubscribe_key(mut self, key: UnsubscribeKey) -> Self {
        self.unsubscribe = Some(key);
        self
    }

    /// Sends up to `n` emails side by side (default `CONCURRENCY`). More than the SMTP
    /// pool keeps (`mailer::CONNECTIONS`) works, but opens a connection per extra email.
    pub fn with_concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// Claims up to `n` messages at a time (default `BATCH`).
    pub fn with_batch(mut self, n: u64) -> Self {
        self.batch = n.max(1);
        self
    }

    /// Sends everything due now; returns how many messages were handled.
    pub async fn run_once(&self) -> AppResult<usize> {
        self.run_once_at(Utc::now()).await
    }

    /// Sends everything due at `now` (a later time lets a test skip a retry's wait, or
    /// outlive the lease of a worker that stopped).
    pub async fn run_once_at(&self, now: chrono::DateTime<Utc>) -> AppResult<usize> {
        let mut handled = 0;
        loop {
            let claim = store::outbox::claim(&self.store, now, self.batch).await?;
            if claim.messages.is_empty() {
                return Ok(handled);
            }
            handled += claim.messages.len();
            self.deliver(claim, now).await?;
        }
    }

    /// Polls until `stop` resolves; a failed round is logged and the next one tried. Once a
    /// day (on its first round of each Europe/London day) it also applies the retention
    /// policy (`consult retention --apply`; UK GDPR Art. 5(1)(e)).
    pub async fn run_until(self, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        tracing::info!(mailer = ?self.config.mailer, "the email worker is running");
        let mut retention_ran_on: Option<chrono::NaiveDate> = None;
        loop {
            let today = store::s188::today();
            if retention_ran_on != Some(today) {
                match store::retention::apply(&self.store, &RETENTION_ACTOR, today).await {
                    Ok(_) => retention_ran_on = Some(today),
                    Err(err) => tracing::error!(
                        error = format!("{:#}", err.into_anyhow()),
                        "the daily retention run failed; it is tried again next round"
                    ),
                }
            }
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

    /// Sends a claimed batch, a group at a time. What the emails need from the database
    /// (names, meetings) is read once for the batch.
    async fn deliver(&self, claim: Claim, now: chrono::DateTime<Utc>) -> AppResult<()> {
        let claimed_at = std::time::Instant::now();
        let Claim { lease, messages } = claim;
        let ids: Vec<Uuid> = messages.iter().filter_map(|m| m.recipient_id).collect();
        let names: HashMap<Uuid, String> = store::users::find_by_ids(&self.store, &ids)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        let meetings = self.meetings_of(&messages).await?;
        // A message to an address with no account (an invited employee) carries the name.
        let name_of = |m: &MessageRecord| {
            m.recipient_id
                .and_then(|id| names.get(&id).cloned())
                .or_else(|| m.data["recipientName"].as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        let mut units = units(messages).into_iter().peekable();
        while units.peek().is_some() {
            // A slow server must not outlast the lease: past half of it, what is not started
            // goes back (and the next claim takes it afresh), so no other worker ever finds a
            // send of ours started under a lease that has run out.
            if claimed_at.elapsed() > LEASE_IN_HAND {
                let rest: Vec<Uuid> = units
                    .flat_map(|u| u.messages.into_iter().map(|m| m.id))
                    .collect();
                tracing::warn!(
                    messages = rest.len(),
                    "the email worker is slow: it gives back what it has not started on"
                );
                store::outbox::release(&self.store, lease, &rest, now).await?;
                break;
            }
            let group: Vec<Unit> = units.by_ref().take(self.concurrency).collect();
            // Recorded as started just before sending: if this worker stops now, these (and
            // only these) may or may not have been delivered.
            let wanted: Vec<Uuid> = group
                .iter()
                .flat_map(|u| u.messages.iter().map(|m| m.id))
                .collect();
            let started: HashSet<Uuid> =
                store::outbox::mark_started(&self.store, lease, &wanted, now)
                    .await?
                    .into_iter()
                    .collect();
            if started.len() < wanted.len() {
                tracing::warn!(
                    lost = wanted.len() - started.len(),
                    "the worker's claim ran out before it got to some messages; another worker has them"
                );
            }
            let mut sends = tokio::task::JoinSet::new();
            let mut outcomes: Vec<(MessageRecord, Result<(), String>)> = Vec::new();
            let mut pending: Vec<Vec<MessageRecord>> = Vec::new();
            for mut unit in group {
                unit.messages.retain(|m| started.contains(&m.id));
                for m in &mut unit.messages {
                    m.attempts += 1;
                }
                let Some(first) = unit.messages.first() else {
                    continue;
                };
                let name = name_of(first);
                let (email, stem) = if first.digest {
                    // A digest holds only optional notices, all to one account.
                    (
                        self.compose_digest(&unit.messages, &name),
                        format!("digest-{}", first.id),
                    )
                } else {
                    (self.compose(first, &name, &meetings), first.id.to_string())
                };
                match email {
                    Ok(email) => {
                        let mailer = self.config.mailer.clone();
                        let index = pending.len();
                        pending.push(unit.messages);
                        sends.spawn(async move { (index, mailer.send(email, &stem).await) });
                    }
                    Err(error) => {
                        self.metrics.emails_failed(1);
                        outcomes.extend(unit.messages.into_iter().map(|m| (m, Err(error.clone()))))
                    }
                }
            }
            let mut settled = vec![None; pending.len()];
            while let Some(joined) = sends.join_next().await {
                match joined {
                    Ok((index, outcome)) => settled[index] = Some(outcome),
                    // Not known whether it went: left started, so dead for HR to check once
                    // the lease runs out.
                    Err(err) => tracing::error!(error = %err, "an email's send failed to finish"),
                }
            }
            for (messages, outcome) in pending.into_iter().zip(settled) {
                let Some(outcome) = outcome else { continue };
                // One email per unit, however many messages a digest holds.
                match &outcome {
                    Ok(()) => self.metrics.emails_sent(1),
                    Err(_) => self.metrics.emails_failed(1),
                }
                outcomes.extend(messages.into_iter().map(|m| (m, outcome.clone())));
            }
            for (message, outcome) in &outcomes {
                log_outcome(message, outcome);
            }
            store::outbox::settle(&self.store, lease, &outcomes, now).await?;
        }
        Ok(())
    }

    /// The meetings the batch's invitations, updates and cancellations are about, read at
    /// once (as they stand now).
    async fn meetings_of(
        &self,
        messages: &[MessageRecord],
    ) -> AppResult<HashMap<Uuid, MeetingRecord>> {
        let about_meetings: Vec<&MessageRecord> = messages
            .iter()
            .filter(|m| method_of(m.milestone).is_some())
            .collect();
        let proposals: HashSet<Uuid> = about_meetings
            .iter()
            .filter_map(|m| m.proposal_id)
            .collect();
        let mut meetings: HashMap<Uuid, MeetingRecord> = if proposals.is_empty() {
            HashMap::new()
        } else {
            let proposals: Vec<Uuid> = proposals.into_iter().collect();
            store::timetable::meetings(self.store.conn(), &proposals)
                .await?
                .into_iter()
                .map(|m| (m.id, m))
                .collect()
        };
        // A meeting email outside a proposal's outbox is not planned today; read it alone.
        for message in about_meetings.iter().filter(|m| m.proposal_id.is_none()) {
            if let Some(id) = meeting_id(message)
                && !meetings.contains_key(&id)
                && let Some(meeting) = store::timetable::find_meeting(self.store.conn(), id).await?
            {
                meetings.insert(id, meeting);
            }
        }
        Ok(meetings)
    }

    /// The headers every email has, and for an optional notice to an account (`unsubscribe`
    /// names it) the one-click unsubscribe headers of RFC 8058.
    fn envelope(
        &self,
        to: &str,
        name: &str,
        message_id: &str,
        unsubscribe: Option<Uuid>,
    ) -> Result<lettre::message::MessageBuilder, String> {
        let address = to
            .parse()
            .map_err(|e| format!("The address {to} cannot receive email: {e}"))?;
        let name = (!name.is_empty()).then(|| name.to_owned());
        let domain = email_headers::message_id_domain(&self.config.public_url);
        let mut builder = Message::builder()
            .from(self.config.from.clone())
            .to(Mailbox::new(name, address))
            // A stable id: if a resent message did arrive before, mail clients know it.
            .message_id(Some(format!("<{message_id}@{domain}>")))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                email_headers::AUTO_SUBMITTED.to_owned(),
            ));
        if let Some(user) = unsubscribe {
            match &self.unsubscribe {
                Some(key) => {
                    builder = builder
                        .raw_header(HeaderValue::new(
                            HeaderName::new_from_ascii_str("List-Unsubscribe"),
                            email_headers::list_unsubscribe(
                                &key.url(&self.config.public_url, user),
                            ),
                        ))
                        .raw_header(HeaderValue::new(
                            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                            email_headers::LIST_UNSUBSCRIBE_POST.to_owned(),
                        ));
                }
                None => {
                    builder = builder.raw_header(HeaderValue::new(
                        HeaderName::new_from_ascii_str("List-Unsubscribe"),
                        email_headers::list_unsubscribe(&format!(
                            "{}/settings",
                            self.config.public_url.trim_end_matches('/')
                        )),
                    ));
                }
            }
        }
        Ok(builder)
    }

    /// Consult as the organizer of the meetings it invites to: the From address, named as
    /// the From is (the service's name).
    fn organizer(&self) -> Person {
        Person {
            name: self
                .config
                .from
                .name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| "Consult".to_owned()),
            email: self.config.from.email.to_string(),
        }
    }

    fn compose(
        &self,
        message: &MessageRecord,
        name: &str,
        meetings: &HashMap<Uuid, MeetingRecord>,
    ) -> Result<Message, String> {
        let data = meeting_details(message, meetings);
        let rendered =
            templates::render(message.milestone, &data, name, &self.config.public_url)
                .map_err(|e| format!("The email could not be written from its template: {e}"))?;
        let body = MultiPart::alternative_plain_html(rendered.text, rendered.html);
        let attendee = Person {
            name: if name.is_empty() {
                message.recipient_email.clone()
            } else {
                name.to_owned()
            },
            email: message.recipient_email.clone(),
        };
        let body = match calendar_for(message, meetings, self.organizer(), attendee)? {
            Some((file_name, ics, method)) => MultiPart::mixed().multipart(body).singlepart(
                Attachment::new(file_name).body(
                    ics,
                    ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                        .map_err(|e| e.to_string())?,
                ),
            ),
            None => body,
        };
        let unsubscribe = message.recipient_id.filter(|_| {
            email_headers::offered(
                message.milestone,
                message.digest,
                message.recipient_id.is_some(),
            )
        });
        self.envelope(
            &message.recipient_email,
            name,
            &message.id.to_string(),
            unsubscribe,
        )?
        .subject(rendered.subject)
        .multipart(body)
        .map_err(|e| format!("The email could not be built: {e}"))
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
        let unsubscribe = messages[0]
            .recipient_id
            .filter(|_| email_headers::offered(messages[0].milestone, true, true));
        self.envelope(
            &messages[0].recipient_email,
            name,
            &format!("digest-{}", messages[0].id),
            unsubscribe,
        )?
        .subject(rendered.subject)
        .multipart(MultiPart::alternative_plain_html(
            rendered.text,
            rendered.html,
        ))
        .map_err(|e| format!("The digest could not be built: {e}"))
    }
}

/// The batch as emails, in claim order: each message alone, except that digest notices to
/// one person go as one email (where the first of them was).
fn units(messages: Vec<MessageRecord>) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut digest_of: HashMap<String, usize> = HashMap::new();
    for message in messages {
        if message.digest {
            if let Some(&i) = digest_of.get(&message.recipient_email) {
                units[i].messages.push(message);
                continue;
            }
            digest_of.insert(message.recipient_email.clone(), units.len());
        }
        units.push(Unit {
            messages: vec![message],
        });
    }
    units
}

fn method_of(milestone: Milestone) -> Option<Method> {
    match milestone {
        Milestone::MeetingInvitation | Milestone::MeetingUpdated => Some(Method::Request),
        Milestone::MeetingCancelled => Some(Method::Cancel),
        _ => None,
    }
}

fn meeting_id(message: &MessageRecord) -> Option<Uuid> {
    message.data["meetingId"]
        .as_str()
        .and_then(|id| Uuid::parse_str(id).ok())
}

/// A meeting email's data with the meeting as it stands now written out for the text: when
/// (start and end), where, the link, and the date for the subject when the proposal has
/// another meeting of the same title.
fn meeting_details(
    message: &MessageRecord,
    meetings: &HashMap<Uuid, MeetingRecord>,
) -> serde_json::Value {
    let mut data = message.data.clone();
    let meeting = method_of(message.milestone)
        .and(meeting_id(message))
        .and_then(|id| meetings.get(&id));
    let (Some(meeting), Some(fields)) = (meeting, data.as_object_mut()) else {
        return data;
    };
    fields.insert(
        "meetingWhen".into(),
        meeting_wording::meeting_when(meeting.starts_at, meeting.ends_at).into(),
    );
    if let Some(place) = meeting.place.as_deref().filter(|p| !p.trim().is_empty()) {
        fields.insert("meetingPlace".into(), place.into());
    }
    if let Some(link) = meeting.link.as_deref().filter(|l| !l.trim().is_empty()) {
        fields.insert("meetingLink".into(), link.into());
    }
    let titles = meetings
        .values()
        .filter(|m| m.proposal_id == meeting.proposal_id)
        .map(|m| m.title.as_str());
    if meeting_wording::subject_needs_date(&meeting.title, titles) {
        fields.insert(
            "meetingDate".into(),
            meeting_wording::subject_date(meeting.starts_at).into(),
        );
    }
    data
}

/// The invite a meeting email carries, as the meeting stands now, from Consult (the
/// organizer) to the recipient (the attendee).
fn calendar_for(
    message: &MessageRecord,
    meetings: &HashMap<Uuid, MeetingRecord>,
    organizer: Person,
    attendee: Person,
) -> Result<Option<(String, String, &'static str)>, String> {
    if message.milestone == Milestone::AppealHearing {
        return appeal_hearing_calendar(message, organizer, attendee).map(Some);
    }
    let Some(method) = method_of(message.milestone) else {
        return Ok(None);
    };
    let Some(id) = meeting_id(message) else {
        return Err("The meeting email has no meeting.".into());
    };
    let meeting = meetings
        .get(&id)
        .cloned()
        .ok_or_else(|| "The meeting no longer exists.".to_owned())?;
    let title = message.data["proposalTitle"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let name = meeting.title.clone();
    let method_name = method.as_str();
    let event = ical::meeting_event(&meeting, &title).with_people(organizer, attendee);
    let ics = ical::calendar(&name, method, &[event], Utc::now());
    Ok(Some((format!("{id}.ics"), ics, method_name)))
}

/// The invite of an appeal hearing, from the message itself (a hearing is not a meeting of
/// the timetable): its uid is the appeal's, its sequence the hearing's, so a moved hearing
/// updates the same calendar entry.
fn appeal_hearing_calendar(
    message: &MessageRecord,
    organizer: Person,
    attendee: Person,
) -> Result<(String, String, &'static str), String> {
    let data = &message.data;
    let at = |key: &str| {
        data[key]
            .as_str()
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&chrono_tz::Europe::London))
            .ok_or_else(|| format!("The hearing email has no {key}."))
    };
    let id = data["appealId"]
        .as_str()
        .ok_or_else(|| "The hearing email has no appeal.".to_owned())?;
    let event = crate::notify::ical::Event {
        uid: format!("appeal-{id}@consult"),
        sequence: data["sequence"].as_u64().unwrap_or(0) as u32,
        start: at("startsAt")?,
        end: at("endsAt")?,
        summary: "Appeal hearing".to_owned(),
        description: format!(
            "{} — appeal hearing",
            data["proposalTitle"].as_str().unwrap_or_default()
        ),
        location: data["location"].as_str().map(str::to_owned),
        url: None,
        organizer: None,
        attendees: vec![],
        cancelled: false,
        last_modified: message.due_at,
    }
    .with_people(organizer, attendee);
    let ics = crate::notify::ical::calendar(
        "Appeal hearing",
        Method::Request,
        &[event],
        chrono::Utc::now(),
    );
    Ok((format!("appeal-{id}.ics"), ics, Method::Request.as_str()))
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
