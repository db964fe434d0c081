//! Reminders that stop when their task is done, go on working days, and chase questions
//! nobody owns (issue 21), through the outbox and a real SMTP server (aiosmtpd).

use crate::email::{SmtpSink, outbox, worker};
use crate::helpers::TestApp;
use crate::proposals::open_proposal_naming;
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use consult::domain::account::Role;
use consult::domain::{notify::morning_of, working_days::add_working_days};
use consult::notify::templates::long_date;
use serde_json::{Value, json};

crate::db_tests!(
    recording_hr1_cancels_its_pending_reminders,
    a_question_nobody_owns_asks_hr_to_assign_it_until_someone_does,
    an_overdue_notice_due_on_a_weekend_waits_for_the_working_morning,
    representatives_are_reminded_for_their_union_and_only_respondents_are_thanked,
);

fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
}

/// A minute after 09:00 London on `day`.
fn morning(day: NaiveDate) -> DateTime<Utc> {
    morning_of(day) + chrono::Duration::minutes(1)
}

fn due_at(row: &Value) -> DateTime<Utc> {
    row["dueAt"].as_str().unwrap().parse().unwrap()
}

fn statuses(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["status"].as_str().unwrap().to_owned())
        .collect()
}

async fn recording_hr1_cancels_its_pending_reminders(app: TestApp) {
    use crate::timetable::{FIELDS, bury_proposal, step, version};
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let hr_email = app.email_of(&hr).await;
    // 25 proposed dismissals at one establishment: collective consultation and HR1.
    let id = bury_proposal(&app, &hr, 20).await;
    let fields = json!({ "background": "B", "rationale": "R", "proposalText": "P", "selectionMethod": "Ring fence of the current post holders.", "equalityAnalysis": "Done", "equalityAnalysisComplete": true, "dismissalMethod": "Notice after selection.", "redundancyPayMethod": "Statutory formula.", "agencyWorkers": "None.", "establishmentWorkforce": { "asOf": today(), "descriptions": [{ "description": "SEN caseworker", "headcount": 40 }] } });
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": fields }),
    )
    .await;
    let (end, first) = (today() + Days::new(45), today() + Days::new(60));
    app.ok(&hr, "mutation($id: ID!, $s: NaiveDate!, $e: NaiveDate!, $f: NaiveDate!) { setTimetable(input: {proposalId: $id, consultationStart: $s, consultationEnd: $e, consultationType: COLLECTIVE, plannedFirstDismissal: $f}) { version } }", json!({ "id": id, "s": today(), "e": end, "f": first })).await;
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
    let hr1: NaiveDate = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { s188 { hr1DueDate } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["s188"]["hr1DueDate"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(hr1 - Days::new(7) > today(), "both reminders are ahead");
    for milestone in ["hr1_due_in_a_week", "hr1_due_today"] {
        assert_eq!(
            statuses(&outbox(&app, &hr, &id, milestone).await),
            vec!["PENDING"],
            "{milestone}"
        );
    }

    app.ok(&hr, "mutation($id: ID!, $d: NaiveDate!) { recordHr1Notification(input: {proposalId: $id, madeOn: $d, reference: \"HR1-1\", submittedCopy: \"25 proposed redundancies\", copyToRepresentativesOn: $d}) { id } }", json!({ "id": id, "d": today() })).await;
    for milestone in ["hr1_due_in_a_week", "hr1_due_today"] {
        assert_eq!(
            statuses(&outbox(&app, &hr, &id, milestone).await),
            vec!["CANCELLED"],
            "{milestone}"
        );
    }
    let worker = worker(&app, &sink);
    worker
        .run_once_at(morning(hr1 - Days::new(7)))
        .await
        .unwrap();
    worker.run_once_at(morning(hr1)).await.unwrap();
    assert!(sink.to(&hr_email, "HR1 due").is_empty());
}

async fn a_question_nobody_owns_asks_hr_to_assign_it_until_someone_does(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (manager_id, _) = app.signed_in(Role::Manager).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let hr_email = app.email_of(&hr).await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    let raise = "mutation($id: ID!, $t: String!) { raiseQuestion(input: {proposalId: $id, text: $t}) { id } }";
    let first = app
        .ok(
            &staff,
            raise,
            json!({ "id": id, "t": "Will the new posts be home based?" }),
        )
        .await["raiseQuestion"]["id"]
        .clone();
    let rows = outbox(&app, &hr, &id, "question_unassigned").await;
    assert_eq!(statuses(&rows), vec!["PENDING"]);
    let next_morning = add_working_days(today(), 1);
    assert_eq!(due_at(&rows[0]), morning_of(next_morning));

    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    assert!(sink.to(&hr_email, "needs an owner").is_empty(), "not yet");
    worker.run_once_at(morning(next_morning)).await.unwrap();
    let sent = sink.to(&hr_email, "Question needs an owner");
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0]["text"]
            .as_str()
            .unwrap()
            .contains("Will the new posts be home based?")
    );

    // A second question is assigned before the morning: HR is not asked about it.
    let second = app
        .ok(
            &staff,
            raise,
            json!({ "id": id, "t": "Is there pay protection?" }),
        )
        .await["raiseQuestion"]["id"]
        .clone();
    let mut before = statuses(&outbox(&app, &hr, &id, "question_unassigned").await);
    before.sort();
    assert_eq!(before, vec!["PENDING", "SENT"]);
    app.ok(&hr, "mutation($q: ID!, $m: ID!, $d: NaiveDate!) { assignQuestion(input: {id: $q, expectedVersion: 1, ownerId: $m, dueOn: $d}) { status } }", json!({ "q": second, "m": manager_id, "d": today() + Days::new(10) })).await;
    let mut after = statuses(&outbox(&app, &hr, &id, "question_unassigned").await);
    after.sort();
    assert_eq!(after, vec!["CANCELLED", "SENT"]);
    assert_ne!(first, second);

    // A question in a submitted response starts in the log with no owner: HR is asked too.
    app.ok(&staff, "mutation($id: ID!) { saveFeedback(input: {proposalId: $id, submit: true, answers: [{questionKey: \"agree_with_proposal\", values: [\"AGREE\"]}, {questionKey: \"agree_with_implementation\", values: [\"AGREE\"]}, {questionKey: \"questions\", values: [\"Will mileage be paid?\"]}]}) { submitted } }", json!({ "id": id })).await;
    let rows = outbox(&app, &hr, &id, "question_unassigned").await;
    let pending: Vec<&Value> = rows.iter().filter(|r| r["status"] == "PENDING").collect();
    assert_eq!(pending.len(), 1, "{rows:?}");
    assert_eq!(due_at(pending[0]), morning_of(next_morning));
}

async fn an_overdue_notice_due_on_a_weekend_waits_for_the_working_morning(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (manager_id, _) = app.signed_in(Role::Manager).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let id = open_proposal_naming(&app, &hr, &[&staff], &["UNISON"]).await;
    let question = app.ok(&staff, "mutation($id: ID!) { raiseQuestion(input: {proposalId: $id, text: \"Who approves the new grades?\"}) { id } }", json!({ "id": id })).await["raiseQuestion"]["id"].clone();
    // Due on a Friday at least two days ahead: its overdue day is a Saturday.
    let mut due = today() + Days::new(2);
    while due.weekday() != Weekday::Fri {
        due = due + Days::new(1);
    }
    app.ok(&hr, "mutation($q: ID!, $m: ID!, $d: NaiveDate!) { assignQuestion(input: {id: $q, expectedVersion: 1, ownerId: $m, dueOn: $d}) { status } }", json!({ "q": question, "m": manager_id, "d": due })).await;
    let overdue = outbox(&app, &hr, &id, "question_overdue").await;
    let monday = add_working_days(due, 1);
    assert_eq!(due_at(&overdue[0]), morning_of(monday));
    assert_ne!(due_at(&overdue[0]), morning_of(due + Days::new(1)));
    // HR hears 3 working days after the due day, not 3 calendar days (a Monday).
    let to_hr = outbox(&app, &hr, &id, "question_overdue_to_hr").await;
    assert_eq!(due_at(&to_hr[0]), morning_of(add_working_days(due, 3)));
}

async fn representatives_are_reminded_for_their_union_and_only_respondents_are_thanked(
    app: TestApp,
) {
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
    let end = today() + Days::new(8);
    app.ok(&hr, "mutation($id: ID!, $s: NaiveDate!, $e: NaiveDate!) { setTimetable(input: {proposalId: $id, consultationStart: $s, consultationEnd: $e, consultationType: INDIVIDUAL}) { version } }", json!({ "id": id, "s": today(), "e": end })).await;
    app.ok(&responded, "mutation($id: ID!) { saveFeedback(input: {proposalId: $id, submit: true, answers: [{questionKey: \"agree_with_proposal\", values: [\"AGREE\"]}, {questionKey: \"agree_with_implementation\", values: [\"AGREE\"]}]}) { submitted } }", json!({ "id": id })).await;
    let worker = worker(&app, &sink);
    for (reminder, day) in [
        ("closes in a week", end - Days::new(7)),
        ("closes tomorrow", end - Days::new(1)),
    ] {
        worker.run_once_at(morning(day)).await.unwrap();
        let staff = sink.to(&waiting_email, reminder);
        let reps = sink.to(&rep_email, reminder);
        assert_eq!((staff.len(), reps.len()), (1, 1), "{reminder}");
        for part in ["text", "html"] {
            let (staff, reps) = (
                staff[0][part].as_str().unwrap(),
                reps[0][part].as_str().unwrap(),
            );
            assert!(
                staff.contains("confidentially to HR"),
                "{reminder}: {staff}"
            );
            assert!(!reps.contains("confidentially"), "{reminder}: {reps}");
            assert!(reps.contains("your union"), "{reminder}: {reps}");
        }
    }

    app.ok(
        &hr,
        "mutation($id: ID!) { closeConsultation(input: {id: $id}) { status } }",
        json!({ "id": id }),
    )
    .await;
    worker.run_once().await.unwrap();
    // Closed today, before its last day: the email gives the day it closed.
    let closed_on = long_date(today());
    for (email, took_part) in [
        (&waiting_email, false),
        (&rep_email, false),
        (&responded_email, true),
    ] {
        let closed = sink.to(email, "Consultation has closed");
        assert_eq!(closed.len(), 1, "{email}");
        for part in ["text", "html"] {
            let body = closed[0][part].as_str().unwrap();
            assert!(body.contains(&closed_on), "{email}: {body}");
            assert_eq!(
                body.contains("Thank you for taking part"),
                took_part,
                "{email}: {body}"
            );
        }
    }
}
