//! Milestone emails through the outbox, delivered to a real SMTP server (aiosmtpd, started by
//! the test on loopback): who gets what, calendar files, re-planning, cancelling, outages,
//! retries, two workers, invitations and digests.

use crate::helpers::{TestApp, error_code};
use crate::proposals::open_proposal_naming;
use consult::domain::account::Role;
use consult::domain::email_headers::UnsubscribeKey;
use consult::domain::working_days::add_working_days;
use consult::notify::{
    mailer::Mailer,
    worker::{Worker, WorkerConfig},
};
use serde_json::{Value, json};
use std::io::BufRead;
use std::process::{Child, Command, Stdio};

crate::db_tests!(
    milestones_reach_the_right_people_with_absolute_links_and_calendar_files,
    moving_the_end_date_replans_reminders_and_withdrawing_cancels_them,
    an_smtp_server_that_refuses_or_goes_away_loses_nothing_and_duplicates_nothing,
    two_workers_send_each_milestone_once,
    an_invitation_link_signs_in_once,
    a_daily_digest_collects_notices_that_are_not_statutory,
    closing_reminders_the_close_and_the_decision_arrive_when_due,
    a_worker_that_stops_mid_send_never_sends_twice,
    hr_hears_of_hr1_the_minimum_period_and_a_disclosure_update,
    approvers_step_owners_question_owners_and_hr_hear_what_is_due,
    a_killed_worker_loses_nothing_it_had_not_started,
    a_slow_worker_gives_back_what_it_has_not_started,
    statements_grow_with_groups_of_emails_not_with_emails,
    the_mail_folder_gets_every_email_once_when_sent_side_by_side,
);

pub(crate) const PUBLIC_URL: &str = "https://consult.bury.example";

/// aiosmtpd on a free loopback port, writing what it accepts as JSON files.
pub(crate) struct SmtpSink {
    port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl SmtpSink {
    pub(crate) fn start() -> Self {
        let port = crate::helpers::free_port();
        let mut sink = SmtpSink {
            port,
            dir: tempfile::tempdir().unwrap(),
            child: None,
        };
        sink.restart();
        sink
    }

    fn restart(&mut self) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(self.port.to_string())
            .arg(self.dir.path())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs (pip install aiosmtpd)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink started");
        self.child = Some(child);
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn refuse(&self, refusing: bool) {
        let flag = self.dir.path().join("refuse");
        if refusing {
            std::fs::write(flag, "").unwrap();
        } else {
            let _ = std::fs::remove_file(flag);
        }
    }

    /// Makes every message wait `seconds` before it is accepted (other connections are
    /// served meanwhile), as a slow server.
    fn delay(&self, seconds: f64) {
        std::fs::write(self.dir.path().join("delay"), seconds.to_string()).unwrap();
    }

    pub(crate) fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message accepted so far, in order.
    pub(crate) fn messages(&self) -> Vec<Value> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    /// Messages to `email` whose subject contains `words`.
    pub(crate) fn to(&self, email: &str, words: &str) -> Vec<Value> {
        self.messages()
            .into_iter()
            .filter(|m| {
                m["to"].as_array().unwrap().iter().any(|t| t == email)
                    && m["subject"].as_str().unwrap().contains(words)
            })
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

pub(crate) fn worker(app: &TestApp, sink: &SmtpSink) -> Worker {
    Worker::new(
        app.store.clone(),
        WorkerConfig {
            mailer: Mailer::new(Some(&sink.url()), sink.dir.path().join("unused")).unwrap(),
            from: "Consult <consult@bury.example>".parse().unwrap(),
            public_url: PUBLIC_URL.into(),
            poll: std::time::Duration::from_secs(1),
        },
    )
    // Signed as the server checks them, so the one-click links work.
    .with_unsubscribe_key(UnsubscribeKey::derive(app.jwt_secret.as_bytes()))
}

/// The last working day before `day`, when a reminder before a deadline goes.
fn working_day_before(day: chrono::NaiveDate) -> chrono::NaiveDate {
    let mut before = day - chrono::Days::new(1);
    while !consult::domain::working_days::is_working_day(before) {
        before = before - chrono::Days::new(1);
    }
    before
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
}

/// The outbox rows of a proposal with this milestone, as HR sees them.
pub(crate) async fn outbox(app: &TestApp, hr: &str, id: &str, milestone: &str) -> Vec<Value> {
    let body = app
        .ok(hr, "query($id: ID!) { proposal(id: $id) { outbox(first: 100) { edges { node { id milestone status dueAt attempts lastError recipientEmail } } } } }", json!({ "id": id }))
        .await;
    body["proposal"]["outbox"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .filter(|n| n["milestone"] == milestone)
        .collect()
}

async fn milestones_reach_the_right_people_with_absolute_links_and_calendar_files(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, colleague) = app.signed_in(Role::Staff).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let (staff_email, colleague_email, rep_email) = (
        app.email_of(&staff).await,
        app.email_of(&colleague).await,
        app.email_of(&rep).await,
    );
    let id = open_proposal_naming(&app, &hr, &[&staff, &colleague], &["UNISON"]).await;
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();

    // Sharing told the rep; opening told staff and the rep, each once.
    for email in [&staff_email, &colleague_email, &rep_email] {
        assert_eq!(
            sink.to(email, "shared with you").len() + sink.to(email, "published").len(),
            1,
            "{email}: {:?}",
            sink.messages()
        );
        let opened = sink.to(email, "onsultation");
        assert_eq!(opened.len(), 1, "{email}: {:?}", sink.messages());
        assert!(
            opened[0]["text"]
                .as_str()
                .unwrap()
                .contains(&format!("{PUBLIC_URL}/proposals/{id}")),
            "links are absolute: {}",
            opened[0]["text"]
        );
    }
    let to_staff = sink.to(&staff_email, "");
    assert!(
        to_staff
            .iter()
            .all(|m| !m.to_string().contains(&colleague_email)),
        "no one else's details in anyone's email"
    );

    // A meeting: the invitation, its move and its cancellation carry the calendar file.
    let start = format!("{}T10:00:00Z", today() + chrono::Days::new(5));
    let end = format!("{}T11:00:00Z", today() + chrono::Days::new(5));
    let meeting = app
        .ok(&hr, "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }", json!({ "i": { "proposalId": id, "kind": "STAFF_BRIEFING", "title": "Whole staff briefing", "startsAt": start, "endsAt": end, "place": "Town Hall, Bury", "inviteeGroups": ["AFFECTED_STAFF"] } }))
        .await["scheduleMeeting"]["id"]
        .clone();
    worker.run_once().await.unwrap();
    let invites = sink.to(&staff_email, "Whole staff briefing");
    assert_eq!(invites.len(), 1, "{:?}", sink.messages());
    let ics = &invites[0]["attachments"][0];
    assert_eq!(
        (ics["contentType"].as_str(), ics["method"].as_str()),
        (Some("text/calendar"), Some("REQUEST"))
    );
    assert!(ics["content"].as_str().unwrap().contains("SEQUENCE:0"));
    assert!(
        sink.to(&rep_email, "Whole staff briefing").is_empty(),
        "reps were not invited"
    );
    let later = format!("{}T14:00:00Z", today() + chrono::Days::new(6));
    let later_end = format!("{}T15:00:00Z", today() + chrono::Days::new(6));
    app.ok(&hr, "mutation($i: UpdateMeetingInput!) { updateMeeting(input: $i) { sequence } }", json!({ "i": { "id": meeting, "expectedVersion": 1, "startsAt": later, "endsAt": later_end } })).await;
    worker.run_once().await.unwrap();
    app.ok(
        &hr,
        "mutation($i: CancelMeetingInput!) { cancelMeeting(input: $i) { cancelled } }",
        json!({ "i": { "id": meeting, "expectedVersion": 2 } }),
    )
    .await;
    worker.run_once().await.unwrap();
    let all = sink.to(&staff_email, "Whole staff briefing");
    assert_eq!(all.len(), 3, "invitation, update, cancellation: {all:?}");
    let cancelled = &all[2]["attachments"][0];
    assert_eq!(cancelled["method"], "CANCEL");
    assert!(
        cancelled["content"]
            .as_str()
            .unwrap()
            .contains("STATUS:CANCELLED")
    );

    // An answered question goes to its asker only.
    let question = app
        .ok(&staff, "mutation($id: ID!) { raiseQuestion(input: {proposalId: $id, text: \"Will my hours change?\"}) { id } }", json!({ "id": id }))
        .await["raiseQuestion"]["id"]
        .clone();
    app.ok(&hr, "mutation($q: ID!) { answerQuestion(input: {id: $q, expectedVersion: 1, answer: \"No.\"}) { status } }", json!({ "q": question })).await;
    worker.run_once().await.unwrap();
    assert_eq!(
        sink.to(&staff_email, "answer").len(),
        1,
        "{:?}",
        sink.messages()
    );
    assert!(sink.to(&colleague_email, "answer").is_empty());

    // Nothing is sent twice, however often the worker runs.
    let count = sink.messages().len();
    worker.run_once().await.unwrap();
    assert_eq!(sink.messages().len(), count);
    // Staff see what was sent to them.
    let mine = app
        .ok(
            &staff,
            "{ myEmails(first: 50) { totalCount edges { node { milestone status } } } }",
            json!({}),
        )
        .await;
    let sent_to_me = mine["myEmails"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["status"] == "SENT")
        .count();
    assert_eq!(sent_to_me, sink.to(&staff_email, "").len());
    assert!(
        mine["myEmails"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(
                |e| e["node"]["milestone"] == "consultation_closes_in_a_week"
                    && e["node"]["status"] == "PENDING"
            ),
        "the reminder still to come is listed: {mine}"
    );
    assert_eq!(
        error_code(
            &app.graphql(
                Some(&staff),
                "query($id: ID!) { proposal(id: $id) { outbox { totalCount } } }",
                json!({ "id": id })
            )
            .await
        ),
        "FORBIDDEN"
    );
}

async fn moving_the_end_date_replans_reminders_and_withdrawing_cancels_them(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    // Consultation ends in 10 days: the week's reminder is due in 3.
    let (start, end) = (today(), today() + chrono::Days::new(10));
    app.ok(&hr, "mutation($id: ID!, $s: NaiveDate!, $e: NaiveDate!) { setTimetable(input: {proposalId: $id, consultationStart: $s, consultationEnd: $e, consultationType: INDIVIDUAL}) { version } }", json!({ "id": id, "s": start, "e": end })).await;
    let week: Vec<Value> = outbox(&app, &hr, &id, "consultation_closes_in_a_week")
        .await
        .into_iter()
        .filter(|m| m["status"] == "PENDING")
        .collect();
    assert_eq!(
        week.len(),
        1,
        "the reminder of the first timetable is cancelled: {week:?}"
    );
    assert!(
        week[0]["dueAt"]
            .as_str()
            .unwrap()
            .starts_with(&(today() + chrono::Days::new(3)).to_string())
    );

    app.ok(&hr, "mutation($id: ID!, $e: NaiveDate!) { extendConsultation(input: {proposalId: $id, consultationEnd: $e, reason: \"More time for the unions\"}) { version } }", json!({ "id": id, "e": today() + chrono::Days::new(20) })).await;
    let week = outbox(&app, &hr, &id, "consultation_closes_in_a_week").await;
    let statuses: Vec<(&str, &str)> = week
        .iter()
        .map(|m| {
            (
                m["status"].as_str().unwrap(),
                &m["dueAt"].as_str().unwrap()[..10],
            )
        })
        .collect();
    let new_due = (today() + chrono::Days::new(13)).to_string();
    assert!(
        statuses.contains(&("CANCELLED", &(today() + chrono::Days::new(3)).to_string())),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&("PENDING", new_due.as_str())),
        "{statuses:?}"
    );

    // Responding takes a person off the closing reminders.
    app.ok(&staff, "mutation($id: ID!) { saveFeedback(input: {proposalId: $id, submit: true, answers: [{questionKey: \"agree_with_proposal\", values: [\"AGREE\"]}, {questionKey: \"agree_with_implementation\", values: [\"AGREE\"]}]}) { submitted } }", json!({ "id": id })).await;
    let staff_email = app.email_of(&staff).await;
    assert!(
        outbox(&app, &hr, &id, "consultation_closes_tomorrow")
            .await
            .iter()
            .filter(|m| m["recipientEmail"] == staff_email.as_str())
            .all(|m| m["status"] == "CANCELLED")
    );

    app.ok(&hr, "mutation($id: ID!) { withdrawProposal(input: {id: $id, reason: \"Funding was found.\"}) { status } }", json!({ "id": id })).await;
    let pending = app
        .ok(&hr, "query($id: ID!) { proposal(id: $id) { outbox(first: 100) { edges { node { status milestone } } } } }", json!({ "id": id }))
        .await;
    // The receipt for the response stays: it is a copy of what was sent, withdrawn or not.
    // The withdrawal itself is what goes now (the announcements' tests follow it).
    assert!(
        pending["proposal"]["outbox"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["node"]["status"] != "PENDING"
                || e["node"]["milestone"] == "feedback_receipt"
                || e["node"]["milestone"] == "proposal_withdrawn"),
        "withdrawing cancels what was still to go: {pending}"
    );
}

async fn an_smtp_server_that_refuses_or_goes_away_loses_nothing_and_duplicates_nothing(
    app: TestApp,
) {
    let mut sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let staff_email = app.email_of(&staff).await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    let worker = worker(&app, &sink);

    // Refusing: nothing is lost, the message waits for its next attempt.
    sink.refuse(true);
    worker.run_once().await.unwrap();
    assert!(sink.messages().is_empty());
    let opened = outbox(&app, &hr, &id, "consultation_opened").await;
    assert_eq!(
        (opened[0]["status"].as_str(), opened[0]["attempts"].as_i64()),
        (Some("PENDING"), Some(1))
    );
    assert!(
        opened[0]["lastError"].as_str().unwrap().contains("451"),
        "{opened:?}"
    );
    sink.refuse(false);
    let later = chrono::Utc::now() + chrono::Duration::minutes(5);
    worker.run_once_at(later).await.unwrap();
    assert_eq!(sink.to(&staff_email, "onsultation").len(), 1);

    // Gone away: the next email waits until the server is back, and arrives once.
    sink.stop();
    let question = app
        .ok(&staff, "mutation($id: ID!) { raiseQuestion(input: {proposalId: $id, text: \"Is there pay protection?\"}) { id } }", json!({ "id": id }))
        .await["raiseQuestion"]["id"]
        .clone();
    app.ok(&hr, "mutation($q: ID!) { answerQuestion(input: {id: $q, expectedVersion: 1, answer: \"Yes, for three years.\"}) { status } }", json!({ "q": question })).await;
    worker.run_once_at(later).await.unwrap();
    let waiting = outbox(&app, &hr, &id, "question_answered").await;
    assert_eq!(waiting[0]["status"], "PENDING", "{waiting:?}");
    sink.restart();
    worker
        .run_once_at(later + chrono::Duration::hours(1))
        .await
        .unwrap();
    worker
        .run_once_at(later + chrono::Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(sink.to(&staff_email, "answer").len(), 1);

    // Refused at every attempt: dead, shown to HR, and sent once HR resends it.
    sink.refuse(true);
    app.ok(&hr, "mutation($id: ID!) { raiseQuestion(input: {proposalId: $id, text: \"When is the decision?\"}) { id } }", json!({ "id": id })).await;
    let hr_question = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { questions { id text } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["text"] == "When is the decision?")
        .unwrap()["id"]
        .clone();
    let (_, manager) = app.signed_in(Role::Manager).await;
    let manager_id = app.ok(&manager, "{ me { id } }", json!({})).await["me"]["id"].clone();
    let due = today() + chrono::Days::new(1);
    app.ok(&hr, "mutation($q: ID!, $m: ID!, $d: NaiveDate!) { assignQuestion(input: {id: $q, expectedVersion: 1, ownerId: $m, dueOn: $d}) { status } }", json!({ "q": hr_question, "m": manager_id, "d": due })).await;
    let mut at = later + chrono::Duration::days(3);
    for _ in 0..8 {
        worker.run_once_at(at).await.unwrap();
        at += chrono::Duration::hours(2);
    }
    let dead = outbox(&app, &hr, &id, "question_overdue").await;
    assert_eq!(dead[0]["status"], "DEAD", "{dead:?}");
    assert_eq!(dead[0]["attempts"], 6);
    sink.refuse(false);
    let resent = app
        .ok(
            &hr,
            "mutation($e: ID!) { resendEmail(input: {id: $e}) { status attempts } }",
            json!({ "e": dead[0]["id"] }),
        )
        .await;
    assert_eq!(
        resent["resendEmail"],
        json!({ "status": "PENDING", "attempts": 0 })
    );
    assert_eq!(
        error_code(
            &app.graphql(
                Some(&hr),
                "mutation($e: ID!) { resendEmail(input: {id: $e}) { status } }",
                json!({ "e": dead[0]["id"] })
            )
            .await
        ),
        "CONFLICT",
        "only dead emails are resent"
    );
    worker.run_once_at(at).await.unwrap();
    let manager_email = app.email_of(&manager).await;
    assert_eq!(
        sink.to(&manager_email, "overdue").len(),
        1,
        "{:?}",
        sink.messages()
    );

    // Across all of it, no message arrived twice.
    let mut seen = std::collections::HashSet::new();
    for m in sink.messages() {
        assert!(
            seen.insert(m["messageId"].as_str().unwrap().to_owned()),
            "duplicate: {m}"
        );
    }
}

async fn two_workers_send_each_milestone_once(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let mut staff = Vec::new();
    for _ in 0..6 {
        staff.push(app.signed_in(Role::Staff).await.1);
    }
    let tokens: Vec<&str> = staff.iter().map(String::as_str).collect();
    let id = open_proposal_naming(&app, &hr, &tokens, &["UNISON"]).await;
    let (a, b) = (worker(&app, &sink), worker(&app, &sink));
    let (ra, rb) = tokio::join!(a.run_once(), b.run_once());
    let handled = ra.unwrap() + rb.unwrap();
    let sent = app
        .ok(&hr, "query($id: ID!) { proposal(id: $id) { outbox(first: 100) { edges { node { status milestone } } } } }", json!({ "id": id }))
        .await["proposal"]["outbox"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["status"] == "SENT")
        .count();
    assert!(
        sent >= 12,
        "opening and publishing for six people at least: {sent}"
    );
    assert_eq!(handled, sent, "each message was claimed by one worker");
    assert_eq!(sink.messages().len(), sent);
    let mut seen = std::collections::HashSet::new();
    for m in sink.messages() {
        assert!(
            seen.insert(m["messageId"].as_str().unwrap().to_owned()),
            "duplicate: {m}"
        );
    }
}

async fn an_invitation_link_signs_in_once(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    app.ok(&hr, "mutation { createUser(input: {email: \"jo.brierley@bury.gov.uk\", name: \"Jo Brierley\", role: STAFF}) { id } }", json!({})).await;
    worker(&app, &sink).run_once().await.unwrap();
    let invitation = sink.to("jo.brierley@bury.gov.uk", "");
    assert_eq!(invitation.len(), 1, "{:?}", sink.messages());
    let text = invitation[0]["text"].as_str().unwrap();
    let link = text
        .split_whitespace()
        .find(|w| w.starts_with(&format!("{PUBLIC_URL}/sign-in?token=")))
        .unwrap_or_else(|| panic!("a sign-in link: {text}"));
    let token = link.split("token=").nth(1).unwrap();
    let sign_in = "mutation($t: String!, $p: String) { signInWithLink(input: {token: $t, newPassword: $p}) { token user { email } } }";
    let signed = app
        .graphql(
            None,
            sign_in,
            json!({ "t": token, "p": "a long new passphrase" }),
        )
        .await;
    assert_eq!(
        signed["data"]["signInWithLink"]["user"]["email"], "jo.brierley@bury.gov.uk",
        "{signed}"
    );
    let again = app.graphql(None, sign_in, json!({ "t": token })).await;
    assert_eq!(error_code(&again), "UNAUTHENTICATED", "a link works once");
    let login = app
        .login("jo.brierley@bury.gov.uk", "a long new passphrase")
        .await;
    assert!(login["data"]["login"]["token"].is_string(), "{login}");
}

async fn a_daily_digest_collects_notices_that_are_not_statutory(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (staff_id, staff) = app.signed_in(Role::Staff).await;
    let staff_email = app.email_of(&staff).await;
    let set = app
        .ok(
            &staff,
            "mutation { setNotificationPreferences(input: {dailyDigest: true}) { dailyDigest } }",
            json!({}),
        )
        .await;
    assert_eq!(set["setNotificationPreferences"]["dailyDigest"], true);
    let audit = app
        .ok(
            &hr,
            "query($u: ID!) { auditEvents(entityId: $u) { edges { node { action after } } } }",
            json!({ "u": staff_id }),
        )
        .await;
    assert_eq!(
        audit["auditEvents"]["edges"][0]["node"],
        json!({ "action": "user.preferences_set", "after": { "dailyDigest": true } })
    );
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    for text in ["Will my hours change?", "Is there pay protection?"] {
        let q = app
            .ok(&staff, "mutation($id: ID!, $t: String!) { raiseQuestion(input: {proposalId: $id, text: $t}) { id } }", json!({ "id": id, "t": text }))
            .await["raiseQuestion"]["id"]
            .clone();
        app.ok(&hr, "mutation($q: ID!) { answerQuestion(input: {id: $q, expectedVersion: 1, answer: \"See the FAQ.\"}) { status } }", json!({ "q": q })).await;
    }
    app.ok(&hr, "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }", json!({ "i": { "proposalId": id, "kind": "STAFF_BRIEFING", "title": "Caseworkers' briefing", "startsAt": "2027-11-02T10:00:00Z", "endsAt": "2027-11-02T11:00:00Z", "place": "Hall", "inviteeGroups": ["AFFECTED_STAFF"] } })).await;
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    // The statutory opening notice came at once; the answers wait for the morning.
    assert_eq!(
        sink.to(&staff_email, "onsultation").len(),
        1,
        "{:?}",
        sink.messages()
    );
    assert!(sink.to(&staff_email, "answer").is_empty());
    // A meeting's invitation carries its calendar entry (a digest has none): it comes at once.
    let invitation = sink.to(&staff_email, "Meeting invitation: Caseworkers");
    assert_eq!(invitation.len(), 1, "{:?}", sink.messages());
    assert_eq!(
        invitation[0]["attachments"][0]["contentType"],
        "text/calendar"
    );
    worker
        .run_once_at(chrono::Utc::now() + chrono::Duration::days(1))
        .await
        .unwrap();
    let digest = sink.to(&staff_email, "digest");
    assert_eq!(digest.len(), 1, "{:?}", sink.messages());
    assert_eq!(
        digest[0]["subject"], "Your Consult digest: 3 update(s)",
        "the proposal shared, and two answers"
    );
}

async fn closing_reminders_the_close_and_the_decision_arrive_when_due(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, waiting) = app.signed_in(Role::Staff).await;
    let (_, responded) = app.signed_in(Role::Staff).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let (waiting_email, responded_email, rep_email) = (
        app.email_of(&waiting).await,
        app.email_of(&responded).await,
        app.email_of(&rep).await,
    );
    let id = open_proposal_naming(&app, &hr, &[&waiting, &responded], &["UNISON"]).await;
    let end = today() + chrono::Days::new(8);
    app.ok(&hr, "mutation($id: ID!, $s: NaiveDate!, $e: NaiveDate!) { setTimetable(input: {proposalId: $id, consultationStart: $s, consultationEnd: $e, consultationType: INDIVIDUAL}) { version } }", json!({ "id": id, "s": today(), "e": end })).await;
    app.ok(&responded, "mutation($id: ID!) { saveFeedback(input: {proposalId: $id, submit: true, answers: [{questionKey: \"agree_with_proposal\", values: [\"AGREE\"]}, {questionKey: \"agree_with_implementation\", values: [\"AGREE\"]}]}) { submitted } }", json!({ "id": id })).await;
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    assert!(sink.to(&waiting_email, "closes").is_empty(), "not yet due");

    let morning = |day: chrono::NaiveDate| {
        consult::domain::notify::morning_of(day) + chrono::Duration::minutes(1)
    };
    worker
        .run_once_at(morning(end - chrono::Days::new(7)))
        .await
        .unwrap();
    assert_eq!(sink.to(&waiting_email, "closes in a week").len(), 1);
    assert_eq!(sink.to(&rep_email, "closes in a week").len(), 1);
    assert!(
        sink.to(&responded_email, "closes").is_empty(),
        "those who responded are not reminded"
    );
    worker
        .run_once_at(morning(end - chrono::Days::new(1)))
        .await
        .unwrap();
    let tomorrow = sink.to(&waiting_email, "closes tomorrow");
    assert_eq!(tomorrow.len(), 1);
    assert!(
        tomorrow[0]["text"]
            .as_str()
            .unwrap()
            .contains(&consult::notify::templates::long_date(end))
    );

    let go_live = today() + chrono::Days::new(40);
    app.ok(&hr, "mutation($id: ID!, $d: NaiveDate!) { addImplementationStep(input: {proposalId: $id, date: $d, activity: \"New structure goes live\", beforeDecision: false}) { id } }", json!({ "id": id, "d": go_live })).await;
    app.ok(
        &hr,
        "mutation($id: ID!) { closeConsultation(input: {id: $id}) { status } }",
        json!({ "id": id }),
    )
    .await;
    crate::outcome::complete_outcome_report(&app, &hr, &id).await;
    app.ok(
        &hr,
        "mutation($id: ID!) { recordDecision(input: {id: $id}) { status } }",
        json!({ "id": id }),
    )
    .await;
    worker.run_once().await.unwrap();
    for email in [&waiting_email, &responded_email, &rep_email] {
        assert_eq!(
            sink.to(email, "Consultation has closed").len(),
            1,
            "{email}"
        );
        assert_eq!(sink.to(email, "Decision published").len(), 1, "{email}");
    }
    let hr_email = app.email_of(&hr).await;
    assert!(
        sink.to(&hr_email, "Implementation step due").is_empty(),
        "not yet"
    );
    // Not statutory: on a weekend or bank holiday it waits for the next working day.
    worker
        .run_once_at(morning(add_working_days(go_live, 0)))
        .await
        .unwrap();
    assert_eq!(
        sink.to(
            &hr_email,
            "Implementation step due: New structure goes live"
        )
        .len(),
        1,
        "{:?}",
        sink.messages()
    );
}

async fn a_worker_that_stops_mid_send_never_sends_twice(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let staff_email = app.email_of(&staff).await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    // A worker claims the due messages, records that it is sending the opening notice, and
    // stops before it can record what happened: the rest it had not started on.
    let now = chrono::Utc::now();
    let claim = consult::store::outbox::claim(&app.store, now, 100)
        .await
        .unwrap();
    let (opened, others): (Vec<_>, Vec<_>) = claim
        .messages
        .iter()
        .partition(|m| m.milestone.as_str() == "consultation_opened");
    assert_eq!(opened.len(), 1, "{:?}", claim.messages);
    assert!(!others.is_empty(), "sharing told staff too");
    let started =
        consult::store::outbox::mark_started(&app.store, claim.lease, &[opened[0].id], now)
            .await
            .unwrap();
    assert_eq!(started, vec![opened[0].id]);
    // Before the lease runs out, no other worker touches them.
    worker(&app, &sink)
        .run_once_at(now + chrono::Duration::minutes(1))
        .await
        .unwrap();
    assert!(sink.messages().is_empty(), "{:?}", sink.messages());
    // After it, the one whose send had started is not sent again: it may have arrived. It is
    // dead, for HR to check. Those never started are sent, once.
    worker(&app, &sink)
        .run_once_at(now + chrono::Duration::minutes(10))
        .await
        .unwrap();
    assert!(sink.to(&staff_email, "Consultation has started").is_empty());
    assert_eq!(sink.messages().len(), others.len(), "{:?}", sink.messages());
    let opened_row = outbox(&app, &hr, &id, "consultation_opened").await;
    assert_eq!(opened_row[0]["status"], "DEAD");
    assert_eq!(opened_row[0]["attempts"], 1);
    assert!(
        opened_row[0]["lastError"]
            .as_str()
            .unwrap()
            .contains("stopped while sending")
    );
    for other in &others {
        let row = consult::store::outbox::find(app.store.conn(), other.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (row.status.as_str(), row.attempts, row.last_error),
            ("SENT", 1, None),
            "sent once, its wait under the stopped worker's claim not counted as an attempt"
        );
    }
    app.ok(
        &hr,
        "mutation($e: ID!) { resendEmail(input: {id: $e}) { status } }",
        json!({ "e": opened_row[0]["id"] }),
    )
    .await;
    worker(&app, &sink)
        .run_once_at(now + chrono::Duration::minutes(11))
        .await
        .unwrap();
    assert_eq!(sink.to(&staff_email, "Consultation has started").len(), 1);
    assert_eq!(sink.messages().len(), others.len() + 1);
}

/// `n` due emails (answers to questions) spread over `people`, added straight to the outbox.
async fn enqueue(app: &TestApp, people: &[(uuid::Uuid, String)], n: usize) {
    let txn = app.store.begin_write().await.unwrap();
    for i in 0..n {
        let (id, email) = &people[i % people.len()];
        consult::store::outbox::enqueue(
            &txn,
            (*id, email),
            consult::domain::notify::Milestone::QuestionAnswered,
            format!("test:{}", uuid::Uuid::now_v7()),
            json!({
                "proposalId": "0190",
                "proposalTitle": "Restructure of the SEN Service",
                "proposalPath": "/proposals/0190",
                "questionText": format!("Question {i}: will caseloads be capped?"),
            }),
        )
        .await
        .unwrap();
    }
    txn.commit().await.unwrap();
}

/// Staff accounts to write to: (id, email).
async fn people(app: &TestApp, n: usize) -> Vec<(uuid::Uuid, String)> {
    let mut people = Vec::new();
    for _ in 0..n {
        let email = format!("staff-{}@bury.gov.uk", uuid::Uuid::now_v7().simple());
        let id = app.create_user(&email, Role::Staff).await;
        people.push((id.parse().unwrap(), email));
    }
    people
}

async fn rows(app: &TestApp) -> Vec<consult::store::entities::outbox_message::Model> {
    use sea_orm::EntityTrait;
    consult::store::entities::outbox_message::Entity::find()
        .all(app.store.conn())
        .await
        .unwrap()
}

async fn a_killed_worker_loses_nothing_it_had_not_started(app: TestApp) {
    use consult::domain::notify::{CLAIM_SECONDS, STOPPED_MID_SEND};
    use consult::notify::worker::CONCURRENCY;
    const EMAILS: usize = 80;
    let sink = SmtpSink::start();
    // A slow server, so that a group of sends is in flight when the worker is killed.
    sink.delay(0.3);
    let people = people(&app, 4).await;
    enqueue(&app, &people, EMAILS).await;

    // The real `consult worker`, killed (SIGKILL: nothing is cleaned up) once it has sent
    // more than one group and before it has sent everything.
    let mut child = Command::new(env!("CARGO_BIN_EXE_consult"))
        .env("DATABASE_URL", &app.database_url)
        .env("CONSULT_SMTP_URL", sink.url())
        // As the in-process workers: the same Message-IDs, and no secret file written.
        .env("CONSULT_PUBLIC_URL", PUBLIC_URL)
        .env(
            "CONSULT_JWT_SECRET",
            "a test secret of at least 32 characters",
        )
        .env("CONSULT_LOG", "warn")
        .args(["worker", "--once"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while sink.messages().len() <= CONCURRENCY {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the worker finished before it could be killed"
        );
        assert!(std::time::Instant::now() < deadline, "the worker sends");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // What the server may still finish accepting is in, so counts below are stable.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;

    let at_kill = rows(&app).await;
    assert_eq!(at_kill.len(), EMAILS);
    let in_flight: Vec<_> = at_kill
        .iter()
        .filter(|r| r.status == "SENDING" && r.send_started_at.is_some())
        .collect();
    let never_started: Vec<uuid::Uuid> = at_kill
        .iter()
        .filter(|r| r.send_started_at.is_none())
        .map(|r| r.id)
        .collect();
    assert!(
        in_flight.len() <= CONCURRENCY,
        "at most one group is in doubt: {in_flight:?}"
    );
    assert!(
        at_kill
            .iter()
            .any(|r| r.status == "SENDING" && r.send_started_at.is_none()),
        "the worker had claimed messages it never started on"
    );
    assert!(at_kill.iter().all(|r| r.status != "DEAD"));

    // A new worker, once the killed one's lease has run out.
    let later = chrono::Utc::now() + chrono::Duration::seconds(CLAIM_SECONDS + 1);
    sink.delay(0.0);
    worker(&app, &sink).run_once_at(later).await.unwrap();

    let after = rows(&app).await;
    let mut arrived: std::collections::HashMap<String, usize> = Default::default();
    for m in sink.messages() {
        *arrived
            .entry(m["messageId"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    assert!(
        arrived.values().all(|&n| n == 1),
        "nothing arrived twice: {arrived:?}"
    );
    let (mut sent, mut dead) = (0, 0);
    for row in &after {
        let times = arrived
            .get(&format!("<{}@consult.bury.example>", row.id))
            .copied()
            .unwrap_or(0);
        match row.status.as_str() {
            "SENT" => {
                sent += 1;
                assert_eq!(times, 1, "a sent message arrived once: {row:?}");
                assert_eq!(row.attempts, 1, "{row:?}");
            }
            "DEAD" => {
                dead += 1;
                assert!(
                    row.send_started_at.is_some() && in_flight.iter().any(|r| r.id == row.id),
                    "only a message whose send had started is dead: {row:?}"
                );
                assert_eq!(row.last_error.as_deref(), Some(STOPPED_MID_SEND));
                assert!(times <= 1);
            }
            other => panic!("{other}: every message is sent or, in doubt, dead: {row:?}"),
        }
        if never_started.contains(&row.id) {
            assert_eq!(row.status, "SENT", "a message never attempted is sent");
        }
    }
    assert_eq!(sent + dead, EMAILS);
    assert_eq!(dead, in_flight.len());
    assert!(
        arrived.keys().all(|id| after
            .iter()
            .any(|r| format!("<{}@consult.bury.example>", r.id) == *id)),
        "{arrived:?}"
    );
}

async fn a_slow_worker_gives_back_what_it_has_not_started(app: TestApp) {
    let sink = SmtpSink::start();
    let people = people(&app, 2).await;
    enqueue(&app, &people, 6).await;
    let now = chrono::Utc::now();
    let claim = consult::store::outbox::claim(&app.store, now, 100)
        .await
        .unwrap();
    let ids: Vec<uuid::Uuid> = claim.messages.iter().map(|m| m.id).collect();
    assert_eq!(ids.len(), 6);
    let (first, rest) = ids.split_at(2);
    // A worker whose lease is not this one's (it ran out, and the rows were claimed again)
    // cannot start them.
    let other_lease = claim.lease - chrono::Duration::seconds(1);
    assert!(
        consult::store::outbox::mark_started(&app.store, other_lease, rest, now)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        consult::store::outbox::mark_started(&app.store, claim.lease, first, now)
            .await
            .unwrap(),
        first
    );
    // Given back (a worker past half its lease does this): the started ones stay its own.
    consult::store::outbox::release(&app.store, claim.lease, &ids, now)
        .await
        .unwrap();
    assert_eq!(worker(&app, &sink).run_once_at(now).await.unwrap(), 4);
    for row in rows(&app).await {
        let expected = if first.contains(&row.id) {
            ("SENDING", 1)
        } else {
            ("SENT", 1)
        };
        assert_eq!((row.status.as_str(), row.attempts), expected, "{row:?}");
    }
    assert_eq!(sink.messages().len(), 4);
}

async fn statements_grow_with_groups_of_emails_not_with_emails(app: TestApp) {
    let sink = SmtpSink::start();
    let people = people(&app, 5).await;
    let statements = async |worker: &Worker, n: usize| {
        enqueue(&app, &people, n).await;
        let before = app.store.statements_executed();
        assert_eq!(worker.run_once().await.unwrap(), n);
        app.store.statements_executed() - before
    };
    // One group (as many side by side as there are emails): the same statements for 10
    // emails as for 100.
    let wide = worker(&app, &sink).with_concurrency(100);
    let (ten, hundred) = (statements(&wide, 10).await, statements(&wide, 100).await);
    assert_eq!(
        ten, hundred,
        "claiming, reading, starting and settling 10 or 100"
    );
    // In groups of 8: a fixed number of statements per group, whatever is in it.
    let narrow = worker(&app, &sink).with_concurrency(8);
    let one = statements(&narrow, 8).await;
    let two = statements(&narrow, 16).await;
    let thirteen = statements(&narrow, 100).await;
    let per_group = two - one;
    assert!(
        per_group <= 2,
        "recorded as started, then as sent: {per_group}"
    );
    assert_eq!(thirteen, one + 12 * per_group);
    assert_eq!(sink.messages().len(), 10 + 100 + 8 + 16 + 100);
    assert!(rows(&app).await.iter().all(|r| r.status == "SENT"));
}

async fn the_mail_folder_gets_every_email_once_when_sent_side_by_side(app: TestApp) {
    let folder = tempfile::tempdir().unwrap();
    let people = people(&app, 3).await;
    enqueue(&app, &people, 30).await;
    let worker = Worker::new(
        app.store.clone(),
        WorkerConfig {
            mailer: Mailer::new(None, folder.path().to_owned()).unwrap(),
            from: "Consult <consult@bury.example>".parse().unwrap(),
            public_url: PUBLIC_URL.into(),
            poll: std::time::Duration::from_secs(1),
        },
    );
    assert_eq!(worker.run_once().await.unwrap(), 30);
    let mut files: Vec<String> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let mut ids: Vec<String> = rows(&app)
        .await
        .iter()
        .map(|r| {
            assert_eq!(r.status, "SENT");
            format!("{}.eml", r.id)
        })
        .collect();
    ids.sort();
    assert_eq!(files, ids);
}

async fn hr_hears_of_hr1_the_minimum_period_and_a_disclosure_update(app: TestApp) {
    use crate::timetable::{FIELDS, bury_proposal, step, version};
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let hr_email = app.email_of(&hr).await;
    // 25 proposed dismissals at one establishment: collective consultation, 30 days, HR1.
    let id = bury_proposal(&app, &hr, 20).await;
    let fields = json!({ "background": "B", "rationale": "R", "proposalText": "P", "selectionMethod": "Ring fence of the current post holders.", "equalityAnalysis": "Done", "equalityAnalysisComplete": true, "dismissalMethod": "Notice after selection.", "redundancyPayMethod": "Statutory formula.", "agencyWorkers": "None.", "establishmentWorkforce": { "asOf": today(), "descriptions": [{ "description": "SEN caseworker", "headcount": 40 }] } });
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": fields }),
    )
    .await;
    let (start, end, first) = (
        today(),
        today() + chrono::Days::new(45),
        today() + chrono::Days::new(60),
    );
    app.ok(&hr, "mutation($id: ID!, $s: NaiveDate!, $e: NaiveDate!, $f: NaiveDate!) { setTimetable(input: {proposalId: $id, consultationStart: $s, consultationEnd: $e, consultationType: COLLECTIVE, plannedFirstDismissal: $f}) { version } }", json!({ "id": id, "s": start, "e": end, "f": first })).await;
    app.ok(
        &hr,
        "mutation($id: ID!) { shareProposalWithUnions(input: {id: $id}) { id } }",
        json!({ "id": id }),
    )
    .await;
    app.ok(
        &hr,
        "mutation($id: ID!) { applyChecklistTemplate(proposalId: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    step(&app, &hr, "submitForApproval", &id).await;
    let approvals = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { approvals { id } } }",
            json!({ "id": id }),
        )
        .await;
    for a in approvals["proposal"]["approvals"].as_array().unwrap() {
        app.ok(&hr, "mutation($a: ID!) { decideApproval(input: {approvalId: $a, decision: APPROVE}) { decision } }", json!({ "a": a["id"] })).await;
    }
    step(&app, &hr, "approveProposal", &id).await;
    let hr1 = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { s188 { hr1DueDate } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["s188"]["hr1DueDate"]
        .as_str()
        .unwrap()
        .parse::<chrono::NaiveDate>()
        .unwrap();
    let morning = |day: chrono::NaiveDate| {
        consult::domain::notify::morning_of(day) + chrono::Duration::minutes(1)
    };
    let worker = worker(&app, &sink);
    worker
        .run_once_at(morning(hr1 - chrono::Days::new(7)))
        .await
        .unwrap();
    assert_eq!(
        sink.to(&hr_email, "HR1 due in a week").len(),
        1,
        "{:?}",
        sink.messages()
    );
    assert!(sink.to(&hr_email, "HR1 due today").is_empty());
    worker.run_once_at(morning(hr1)).await.unwrap();
    assert_eq!(sink.to(&hr_email, "HR1 due today").len(), 1);

    // The disclosure starts the 30 days; HR hears when they end.
    app.ok(&hr, "mutation($id: ID!, $d: NaiveDate!) { giveS188Disclosure(input: {proposalId: $id, givenOn: $d}) { applies } }", json!({ "id": id, "d": start })).await;
    worker
        .run_once_at(morning(start + chrono::Days::new(30)))
        .await
        .unwrap();
    assert_eq!(
        sink.to(&hr_email, "Minimum consultation period").len(),
        1,
        "{:?}",
        sink.messages()
    );

    // A change after the disclosure calls for an updated one.
    app.ok(&hr, FIELDS, json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "rationale": "The structure is top heavy, and demand has grown." } })).await;
    worker.run_once().await.unwrap();
    assert_eq!(
        sink.to(&hr_email, "Updated disclosure needed").len(),
        1,
        "{:?}",
        sink.messages()
    );
}

async fn approvers_step_owners_question_owners_and_hr_hear_what_is_due(app: TestApp) {
    use crate::timetable::{FIELDS, bury_proposal, step, version};
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (manager_id, manager) = app.signed_in(Role::Manager).await;
    let (hr_email, manager_email) = (app.email_of(&hr).await, app.email_of(&manager).await);
    let id = bury_proposal(&app, &hr, 0).await;
    let fields = json!({ "background": "B", "rationale": "R", "proposalText": "P", "selectionMethod": "Ring fence.", "equalityAnalysis": "Done", "equalityAnalysisComplete": true });
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": fields }),
    )
    .await;
    let (start, end) = (
        today() + chrono::Days::new(10),
        today() + chrono::Days::new(40),
    );
    app.ok(&hr, "mutation($id: ID!, $s: NaiveDate!, $e: NaiveDate!) { setTimetable(input: {proposalId: $id, consultationStart: $s, consultationEnd: $e, consultationType: INDIVIDUAL}) { version } }", json!({ "id": id, "s": start, "e": end })).await;
    let applied = app
        .ok(
            &hr,
            "mutation($id: ID!) { applyChecklistTemplate(proposalId: $id) { approvals { id } } }",
            json!({ "id": id }),
        )
        .await;
    step(&app, &hr, "submitForApproval", &id).await;
    let approval = applied["applyChecklistTemplate"]["approvals"][0]["id"].clone();
    app.ok(
        &hr,
        "mutation($a: ID!, $u: ID!) { assignApprover(input: {approvalId: $a, userId: $u}) { id } }",
        json!({ "a": approval, "u": manager_id }),
    )
    .await;
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    assert_eq!(
        sink.to(&manager_email, "Your approval is requested").len(),
        1,
        "{:?}",
        sink.messages()
    );

    // A checklist step HR owns, planned ahead: due on its day, overdue the day after.
    let steps = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { checklist { title plannedDate } } }",
            json!({ "id": id }),
        )
        .await;
    let future = steps["proposal"]["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["plannedDate"]
                .as_str()
                .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
                .is_some_and(|d| d > today())
        })
        .unwrap_or_else(|| panic!("a step planned ahead: {steps}"))
        .clone();
    let title = future["title"].as_str().unwrap();
    let planned: chrono::NaiveDate = future["plannedDate"].as_str().unwrap().parse().unwrap();
    let morning = |day: chrono::NaiveDate| {
        consult::domain::notify::morning_of(day) + chrono::Duration::minutes(1)
    };
    // Not statutory: on a weekend or bank holiday they wait for the next working day.
    worker
        .run_once_at(morning(add_working_days(planned, 0)))
        .await
        .unwrap();
    assert_eq!(
        sink.to(&hr_email, &format!("Sign-off step due: {title}"))
            .len(),
        1,
        "{:?}",
        sink.messages()
    );
    worker
        .run_once_at(morning(add_working_days(planned + chrono::Days::new(1), 0)))
        .await
        .unwrap();
    assert_eq!(
        sink.to(&hr_email, &format!("Sign-off step overdue: {title}"))
            .len(),
        1
    );

    // A question owned by the manager: due tomorrow, then, unanswered, HR is told.
    app.ok(&hr, "mutation($id: ID!) { raiseQuestion(input: {proposalId: $id, text: \"Who approves the new grades?\"}) { id } }", json!({ "id": id })).await;
    let question = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { questions { id } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["questions"][0]["id"]
        .clone();
    let due = add_working_days(today(), 2);
    app.ok(&hr, "mutation($q: ID!, $m: ID!, $d: NaiveDate!) { assignQuestion(input: {id: $q, expectedVersion: 1, ownerId: $m, dueOn: $d}) { status } }", json!({ "q": question, "m": manager_id, "d": due })).await;
    worker
        .run_once_at(morning(working_day_before(due)))
        .await
        .unwrap();
    assert_eq!(
        sink.to(&manager_email, "Answer due").len(),
        1,
        "{:?}",
        sink.messages()
    );
    worker
        .run_once_at(morning(add_working_days(due, 3)))
        .await
        .unwrap();
    assert_eq!(sink.to(&manager_email, "Question overdue").len(), 1);
    assert_eq!(
        sink.to(&hr_email, "Unanswered question past its due date")
            .len(),
        1,
        "{:?}",
        sink.messages()
    );
}
