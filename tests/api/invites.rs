//! Issue 21: meeting invites mail clients can act on, meeting emails that say when and where,
//! and the headers of every email, over a real SMTP server (aiosmtpd). The invites are read
//! with a real iCalendar parser (Python icalendar) and checked against RFC 5546.

use crate::email::{PUBLIC_URL, SmtpSink, worker};
use crate::helpers::TestApp;
use crate::proposals::open_proposal_naming;
use consult::domain::account::Role;
use serde_json::{Value, json};

crate::db_tests!(
    invites_name_the_organizer_and_the_invitee_and_meet_rfc_5546,
    every_email_is_auto_submitted_and_optional_ones_unsubscribe_in_one_click,
);

const SCHEDULE: &str =
    "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id version } }";

/// The invite read by Python icalendar and checked against RFC 5546 for its method.
fn itip(ics: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("invite.ics");
    std::fs::write(&path, ics).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/check_itip.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 runs (pip install icalendar)");
    assert!(
        out.status.success(),
        "the invite breaks RFC 5546: {}\n{ics}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn only(mails: Vec<Value>, what: &str) -> Value {
    assert_eq!(mails.len(), 1, "{what}: {mails:?}");
    mails.into_iter().next().unwrap()
}

fn invite_of(mail: &Value) -> Value {
    let ics = &mail["attachments"][0];
    assert_eq!(ics["contentType"], "text/calendar", "{mail}");
    itip(ics["content"].as_str().unwrap())
}

/// Consult organizes; the recipient, and no one else, is the attendee asked to reply.
fn assert_people(invite: &Value, email: &str, name: &str) {
    let event = &invite["events"][0];
    assert_eq!(
        event["organizer"], "mailto:consult@bury.example",
        "{invite}"
    );
    assert_eq!(event["organizerCn"], "Consult", "{invite}");
    assert_eq!(
        event["attendees"],
        json!([{ "address": format!("mailto:{email}"), "cn": name, "rsvp": "TRUE", "partstat": "NEEDS-ACTION", "role": "REQ-PARTICIPANT" }]),
        "{invite}"
    );
}

async fn daily_digest(app: &TestApp, token: &str) -> bool {
    app.ok(
        token,
        "{ myNotificationPreferences { dailyDigest } }",
        json!({}),
    )
    .await["myNotificationPreferences"]["dailyDigest"]
        .as_bool()
        .unwrap()
}

fn normalised(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn invites_name_the_organizer_and_the_invitee_and_meet_rfc_5546(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let me = app.ok(&staff, "{ me { name email } }", json!({})).await;
    let (name, email) = (
        me["me"]["name"].as_str().unwrap().to_owned(),
        me["me"]["email"].as_str().unwrap().to_owned(),
    );
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    // Two briefings of one title: the first from the first 01:30 of 31 October 2027 (BST)
    // to the second (GMT), the repeated autumn hour; the second online. A third title is
    // used once.
    let schedule = |title: &str,
                    start: &str,
                    end: &str,
                    place: Option<&str>,
                    link: Option<&str>| {
        json!({ "i": { "proposalId": id, "kind": "STAFF_BRIEFING", "title": title, "startsAt": start, "endsAt": end, "place": place, "link": link, "inviteeGroups": ["AFFECTED_STAFF"] } })
    };
    let autumn = app
        .ok(
            &hr,
            SCHEDULE,
            schedule(
                "Team briefing",
                "2027-10-31T00:30:00Z",
                "2027-10-31T01:30:00Z",
                Some("Committee Room 2, Town Hall"),
                None,
            ),
        )
        .await["scheduleMeeting"]
        .clone();
    let online = app
        .ok(
            &hr,
            SCHEDULE,
            schedule(
                "Team briefing",
                "2027-11-02T10:00:00Z",
                "2027-11-02T11:30:00Z",
                None,
                Some("https://meet.example/abc"),
            ),
        )
        .await["scheduleMeeting"]
        .clone();
    app.ok(
        &hr,
        SCHEDULE,
        schedule(
            "Question time",
            "2027-11-03T14:00:00Z",
            "2027-11-03T15:00:00Z",
            Some("Hall"),
            None,
        ),
    )
    .await;
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();

    // The invitation: subject with the date (the title is used twice), when and where in
    // both parts, and an invite with Consult as organizer and the recipient as attendee.
    let first = only(
        sink.to(
            &email,
            "Meeting invitation: Team briefing on Sunday 31 October 2027",
        ),
        "the autumn briefing's invitation",
    );
    let when = "01:30 BST to 01:30 GMT on Sunday 31 October 2027 (UK time)";
    for part in ["text", "html"] {
        let body = normalised(first[part].as_str().unwrap());
        assert!(body.contains(&format!("When: {when}")), "{part}: {body}");
        assert!(
            body.contains("Where: Committee Room 2, Town Hall"),
            "{part}: {body}"
        );
    }
    let invite = invite_of(&first);
    assert_eq!(invite["method"], "REQUEST");
    assert_eq!(invite["events"][0]["sequence"], 0);
    assert_eq!(
        invite["events"][0]["location"],
        "Committee Room 2, Town Hall"
    );
    assert_people(&invite, &email, &name);
    let second = only(
        sink.to(
            &email,
            "Meeting invitation: Team briefing on Tuesday 2 November 2027",
        ),
        "the online briefing's invitation",
    );
    let text = normalised(second["text"].as_str().unwrap());
    assert!(
        text.contains("When: 10:00 to 11:30 on Tuesday 2 November 2027 (UK time)"),
        "{text}"
    );
    assert!(
        text.contains("Join online: https://meet.example/abc"),
        "{text}"
    );
    let unique = only(sink.to(&email, "Question time"), "the question time");
    assert_eq!(unique["subject"], "Meeting invitation: Question time");

    // Moved: an update, still from Consult to the recipient, one sequence on.
    app.ok(&hr, "mutation($i: UpdateMeetingInput!) { updateMeeting(input: $i) { sequence } }", json!({ "i": { "id": autumn["id"], "expectedVersion": autumn["version"], "startsAt": "2027-10-31T10:00:00Z", "endsAt": "2027-10-31T11:00:00Z" } })).await;
    worker.run_once().await.unwrap();
    let moved = only(
        sink.to(
            &email,
            "Meeting changed: Team briefing on Sunday 31 October 2027",
        ),
        "the update",
    );
    assert!(
        normalised(moved["text"].as_str().unwrap())
            .contains("When: 10:00 to 11:00 on Sunday 31 October 2027 (UK time)"),
        "{moved}"
    );
    let invite = invite_of(&moved);
    assert_eq!(invite["method"], "REQUEST");
    assert_eq!(invite["events"][0]["sequence"], 1);
    assert_people(&invite, &email, &name);

    // Cancelled: a CANCEL the calendar can match (same UID, organizer and attendee).
    app.ok(
        &hr,
        "mutation($i: CancelMeetingInput!) { cancelMeeting(input: $i) { cancelled } }",
        json!({ "i": { "id": online["id"], "expectedVersion": online["version"] } }),
    )
    .await;
    worker.run_once().await.unwrap();
    let cancelled = only(
        sink.to(
            &email,
            "Meeting cancelled: Team briefing on Tuesday 2 November 2027",
        ),
        "the cancellation",
    );
    assert!(
        normalised(cancelled["text"].as_str().unwrap())
            .contains("When: 10:00 to 11:30 on Tuesday 2 November 2027 (UK time)"),
        "{cancelled}"
    );
    let invite = invite_of(&cancelled);
    assert_eq!(invite["method"], "CANCEL");
    assert_eq!(invite["events"][0]["status"], "CANCELLED");
    assert_eq!(
        invite["events"][0]["uid"],
        invite_of(&second)["events"][0]["uid"]
    );
    assert_people(&invite, &email, &name);
}

async fn every_email_is_auto_submitted_and_optional_ones_unsubscribe_in_one_click(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, other) = app.signed_in(Role::Staff).await;
    let email = app.email_of(&staff).await;
    let id = open_proposal_naming(&app, &hr, &[&staff, &other], &["UNISON"]).await;
    app.ok(&hr, SCHEDULE, json!({ "i": { "proposalId": id, "kind": "STAFF_BRIEFING", "title": "Team briefing", "startsAt": "2027-11-02T10:00:00Z", "endsAt": "2027-11-02T11:00:00Z", "place": "Hall", "inviteeGroups": ["AFFECTED_STAFF"] } })).await;
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();

    let all = sink.to(&email, "");
    assert!(all.len() >= 2, "{all:?}");
    for mail in &all {
        let headers = &mail["headers"];
        assert_eq!(headers["Auto-Submitted"], "auto-generated", "{mail}");
        assert!(
            mail["messageId"]
                .as_str()
                .unwrap()
                .ends_with("@consult.bury.example>"),
            "{mail}"
        );
        // The text part ends with the HTML part's footer.
        let text = normalised(mail["text"].as_str().unwrap());
        assert!(
            text.contains(&format!(
                "You receive this because you take part in this consultation. Statutory notices are always sent straight away; you can choose a daily digest for the others in your Consult settings: {PUBLIC_URL}/settings"
            )),
            "{text}"
        );
    }
    // Statutory: no way out. Optional: one click, RFC 8058.
    let opened = only(sink.to(&email, "onsultation"), "the opening notice");
    assert!(
        opened["headers"].get("List-Unsubscribe").is_none(),
        "{opened}"
    );
    assert!(opened["headers"].get("List-Unsubscribe-Post").is_none());
    // A meeting's invitation always comes at once (it carries the calendar entry): no way out.
    let invitation = only(sink.to(&email, "Meeting invitation"), "the invitation");
    assert!(
        invitation["headers"].get("List-Unsubscribe").is_none(),
        "{invitation}"
    );
    let shared = only(
        sink.to(&email, "A proposal has been shared with you"),
        "the proposal shared",
    );
    assert_eq!(
        shared["headers"]["List-Unsubscribe-Post"],
        "List-Unsubscribe=One-Click"
    );
    let header = shared["headers"]["List-Unsubscribe"].as_str().unwrap();
    let url = header
        .strip_prefix('<')
        .and_then(|h| h.strip_suffix('>'))
        .unwrap_or_else(|| panic!("{header}"));
    let path = url
        .strip_prefix(&format!("{PUBLIC_URL}/notifications/unsubscribe/"))
        .map(|token| format!("/notifications/unsubscribe/{token}"))
        .unwrap_or_else(|| panic!("{url}"));
    let token = path.rsplit('/').next().unwrap().to_owned();

    let post = |path: String| {
        app.client
            .post(format!("{}{path}", app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
    };
    // A token with one character of its signature changed is not accepted and changes
    // nothing.
    let mut forged = token.clone().into_bytes();
    forged[50] = if forged[50] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let refused = post(format!("/notifications/unsubscribe/{forged}"))
        .await
        .unwrap();
    assert_eq!(refused.status(), 404);
    assert!(!daily_digest(&app, &staff).await);

    // Following the link shows a button; it changes nothing by itself.
    let page = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<form method=\"post\">"), "{html}");
    assert!(!daily_digest(&app, &staff).await);

    // The one-click POST, without signing in, moves that recipient (only) to the digest.
    let done = post(path).await.unwrap();
    assert_eq!(done.status(), 200);
    assert!(daily_digest(&app, &staff).await);
    assert!(!daily_digest(&app, &other).await);

    // The digest itself carries the headers too.
    let question = app
        .ok(&staff, "mutation($id: ID!) { raiseQuestion(input: {proposalId: $id, text: \"Will my hours change?\"}) { id } }", json!({ "id": id }))
        .await["raiseQuestion"]["id"]
        .clone();
    app.ok(&hr, "mutation($q: ID!) { answerQuestion(input: {id: $q, expectedVersion: 1, answer: \"No.\"}) { status } }", json!({ "q": question })).await;
    worker
        .run_once_at(chrono::Utc::now() + chrono::Duration::days(1))
        .await
        .unwrap();
    let digest = only(sink.to(&email, "digest"), "the digest");
    assert_eq!(digest["headers"]["Auto-Submitted"], "auto-generated");
    assert_eq!(digest["headers"]["List-Unsubscribe"], header);
    assert_eq!(
        digest["headers"]["List-Unsubscribe-Post"],
        "List-Unsubscribe=One-Click"
    );
}
