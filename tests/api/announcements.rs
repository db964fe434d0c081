//! What a change of course announces (issue 21), delivered to a real SMTP server (aiosmtpd):
//! a withdrawal tells everyone the proposal was shared with why and cancels the meetings to
//! come in their calendars; a moved last day is told to staff and reps; an open consultation
//! is not ended by a past last day; and a step for after the close that falls due while the
//! consultation is open goes to HR, not to its assignee.

use crate::email::{SmtpSink, worker};
use crate::helpers::{TestApp, error_code};
use crate::proposals::open_proposal_naming;
use crate::timetable::{FIELDS, version};
use consult::domain::account::Role;
use serde_json::{Value, json};

crate::db_tests!(
    a_withdrawal_tells_everyone_why_and_cancels_the_meetings_to_come,
    a_moved_last_day_is_told_to_staff_and_reps_and_a_past_one_refused,
    a_step_for_after_the_close_due_while_consulting_goes_to_hr_not_its_assignee,
);

fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
}

fn long_date(day: chrono::NaiveDate) -> String {
    day.format("%A %-d %B %Y").to_string()
}

fn text(message: &Value) -> &str {
    message["text"].as_str().unwrap()
}

/// A calendar file as the Python `icalendar` package reads it: its METHOD, and each event's
/// UID, SEQUENCE and STATUS.
fn parse_ics(content: &str) -> Value {
    const SCRIPT: &str = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
errors = [e for c in cal.walk() for e in c.errors]
print(json.dumps({
    "method": str(cal.get("METHOD")),
    "errors": [str(e) for e in errors],
    "events": [
        {"uid": str(e.get("UID")), "sequence": e.decoded("SEQUENCE"), "status": str(e.get("STATUS"))}
        for e in cal.walk("VEVENT")
    ],
}))
"#;
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (.ci/run installs the icalendar package)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(content.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the .ics does not parse: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

const SCHEDULE: &str = "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }";

async fn a_withdrawal_tells_everyone_why_and_cancels_the_meetings_to_come(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let (hr_email, staff_email, rep_email, sponsor_email) = (
        app.email_of(&hr).await,
        app.email_of(&staff).await,
        app.email_of(&rep).await,
        app.email_of(&sponsor).await,
    );
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "sponsorId": sponsor_id } }),
    )
    .await;
    let at = |days: i64, hour: u32| {
        format!(
            "{}T{hour:02}:00:00Z",
            today()
                .checked_add_signed(chrono::Duration::days(days))
                .unwrap()
        )
    };
    let coming = app
        .ok(&hr, SCHEDULE, json!({ "i": { "proposalId": id, "kind": "STAFF_BRIEFING", "title": "Briefing to come", "startsAt": at(5, 10), "endsAt": at(5, 11), "place": "Town Hall, Bury", "inviteeGroups": ["AFFECTED_STAFF", "UNION_REPS"] } }))
        .await["scheduleMeeting"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.ok(&hr, SCHEDULE, json!({ "i": { "proposalId": id, "kind": "STAFF_BRIEFING", "title": "Briefing already held", "startsAt": at(-3, 10), "endsAt": at(-3, 11), "inviteeGroups": ["AFFECTED_STAFF", "UNION_REPS"] } })).await;
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    assert_eq!(
        sink.to(&staff_email, "Briefing to come").len(),
        1,
        "invited"
    );

    let reason = "Funding was found for every post, so no post will be deleted.";
    app.ok(
        &hr,
        "mutation($id: ID!, $r: String!) { withdrawProposal(input: {id: $id, reason: $r}) { status } }",
        json!({ "id": id, "r": reason }),
    )
    .await;
    worker.run_once().await.unwrap();

    // Everyone it was shared with hears, once, with the reason.
    for email in [&staff_email, &rep_email, &sponsor_email, &hr_email] {
        let told = sink.to(email, "Proposal withdrawn");
        assert_eq!(told.len(), 1, "{email}: {:?}", sink.messages());
        assert!(
            text(&told[0]).replace('\n', " ").contains(reason),
            "{}",
            text(&told[0])
        );
    }

    // The meeting to come is cancelled in each invitee's calendar.
    for email in [&staff_email, &rep_email] {
        let cancelled = sink.to(email, "Meeting cancelled: Briefing to come");
        assert_eq!(cancelled.len(), 1, "{email}: {:?}", sink.messages());
        let ics = &cancelled[0]["attachments"][0];
        assert_eq!(ics["method"], "CANCEL");
        let calendar = parse_ics(ics["content"].as_str().unwrap());
        assert_eq!(calendar["method"], "CANCEL", "{calendar}");
        assert_eq!(calendar["errors"], json!([]), "{calendar}");
        assert_eq!(
            calendar["events"],
            json!([{ "uid": format!("{coming}@consult"), "sequence": 1, "status": "CANCELLED" }]),
            "the invitation's UID, a higher SEQUENCE"
        );
    }
    // The meeting already held is left as it was, and nobody hears of it.
    assert!(
        sink.to(&staff_email, "Briefing already held").is_empty(),
        "{:?}",
        sink.messages()
    );
    let meetings = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { meetings { title cancelled } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["meetings"]
        .clone();
    assert_eq!(
        meetings,
        json!([
            { "title": "Briefing already held", "cancelled": false },
            { "title": "Briefing to come", "cancelled": true },
        ])
    );

    // Nothing goes twice, however often the worker runs.
    let count = sink.messages().len();
    worker.run_once().await.unwrap();
    assert_eq!(sink.messages().len(), count);
}

const TIMETABLE: &str = "mutation($id: ID!, $s: NaiveDate!, $e: NaiveDate!) { setTimetable(input: {proposalId: $id, consultationStart: $s, consultationEnd: $e, consultationType: INDIVIDUAL}) { consultationEnd } }";

async fn a_moved_last_day_is_told_to_staff_and_reps_and_a_past_one_refused(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let (staff_email, rep_email) = (app.email_of(&staff).await, app.email_of(&rep).await);
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    let timetable = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { timetable { consultationStart consultationEnd } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["timetable"]
        .clone();
    let start: chrono::NaiveDate = timetable["consultationStart"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let first: chrono::NaiveDate = timetable["consultationEnd"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    const SUBJECT: &str = "Consultation closing date changed";

    // An extension: staff and the rep hear the old and the new day.
    let extended = first + chrono::Days::new(10);
    app.ok(&hr, "mutation($id: ID!, $e: NaiveDate!) { extendConsultation(input: {proposalId: $id, consultationEnd: $e, reason: \"More time for the unions\"}) { version } }", json!({ "id": id, "e": extended })).await;
    worker.run_once().await.unwrap();
    for email in [&staff_email, &rep_email] {
        let told = sink.to(email, SUBJECT);
        assert_eq!(told.len(), 1, "{email}: {:?}", sink.messages());
        let body = text(&told[0]).replace('\n', " ");
        assert!(
            body.contains(&format!(
                "from {} to {}",
                long_date(first),
                long_date(extended)
            )),
            "{body}"
        );
    }

    // The timetable moving it again: one more each. Saving it unchanged: nothing.
    let moved = extended + chrono::Days::new(5);
    app.ok(&hr, TIMETABLE, json!({ "id": id, "s": start, "e": moved }))
        .await;
    app.ok(&hr, TIMETABLE, json!({ "id": id, "s": start, "e": moved }))
        .await;
    worker.run_once().await.unwrap();
    for email in [&staff_email, &rep_email] {
        let told = sink.to(email, SUBJECT);
        assert_eq!(told.len(), 2, "{email}: {:?}", sink.messages());
        assert!(
            text(&told[1])
                .replace('\n', " ")
                .contains(&format!("to {}", long_date(moved))),
            "{}",
            text(&told[1])
        );
    }

    // A last day before today would end the consultation with nobody told it closed.
    let yesterday = today() - chrono::Days::new(1);
    let refused = app
        .graphql(
            Some(&hr),
            TIMETABLE,
            json!({ "id": id, "s": yesterday - chrono::Days::new(10), "e": yesterday }),
        )
        .await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    assert_eq!(
        refused["errors"][0]["extensions"]["field"], "input.consultationEnd",
        "{refused}"
    );
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Close consultation"),
        "{refused}"
    );
    worker.run_once().await.unwrap();
    assert_eq!(sink.to(&staff_email, SUBJECT).len(), 2, "nothing changed");
    let end = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { status timetable { consultationEnd } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        end["proposal"],
        json!({ "status": "CONSULTING", "timetable": { "consultationEnd": moved.to_string() } })
    );
}

async fn a_step_for_after_the_close_due_while_consulting_goes_to_hr_not_its_assignee(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let (hr_email, sponsor_email) = (app.email_of(&hr).await, app.email_of(&sponsor).await);
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "sponsorId": sponsor_id } }),
    )
    .await;
    let checklist = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { timetable { consultationEnd } checklist { title plannedDate } } }",
            json!({ "id": id }),
        )
        .await;
    let end: chrono::NaiveDate = checklist["proposal"]["timetable"]["consultationEnd"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    // The Bury pack plans confirming the proposal (the sponsor's) after the last day.
    let confirm = checklist["proposal"]["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["title"]
                .as_str()
                .unwrap()
                .contains("Confirmation of proposal")
        })
        .unwrap_or_else(|| panic!("{checklist}"))
        .clone();
    let title = confirm["title"].as_str().unwrap();
    let planned: chrono::NaiveDate = confirm["plannedDate"].as_str().unwrap().parse().unwrap();
    assert!(planned > end, "{planned} after {end}");

    // Its day comes and goes while the consultation is still open.
    let morning = |day: chrono::NaiveDate| {
        consult::domain::notify::morning_of(day) + chrono::Duration::minutes(1)
    };
    let worker = worker(&app, &sink);
    for day in [
        planned,
        planned + chrono::Days::new(1),
        planned + chrono::Days::new(5),
    ] {
        worker.run_once_at(morning(day)).await.unwrap();
    }
    assert!(
        sink.to(&sponsor_email, title).is_empty(),
        "the sponsor is not reminded to confirm the proposal: {:?}",
        sink.to(&sponsor_email, "")
    );
    let flagged = sink.to(
        &hr_email,
        &format!("Step due before the consultation has closed: {title}"),
    );
    assert_eq!(flagged.len(), 1, "HR hears once: {:?}", sink.messages());
    assert!(
        text(&flagged[0])
            .replace('\n', " ")
            .contains(&long_date(planned)),
        "{}",
        text(&flagged[0])
    );
    // A step within the consultation still reminds the sponsor, as before.
    assert!(
        !sink.to(&sponsor_email, "Sign-off step due").is_empty(),
        "{:?}",
        sink.messages()
    );
}
