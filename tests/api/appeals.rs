//! Appeals through HTTP (issue 16, wave 2): the employee lodges within the employer's window,
//! once per decision; HR sets a hearing (emailed with an .ics invite) and records the outcome;
//! an upheld appeal reopens the case at the state before the notice; the NOTICE_OF_DISMISSAL
//! and APPEAL_OUTCOME letters are filled from the case. Every role's refusals.

use crate::cases::{decided, set_status, sql};
use crate::db_tests;
use crate::email::{SmtpSink, outbox, worker};
use crate::helpers::{PASSWORD, TestApp, error_code};
use crate::notice::weekly_pay_of_600;
use crate::s188::{days, today};
use crate::timetable::{FIELDS, version};
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    an_appeal_is_lodged_heard_upheld_and_reopens_the_case,
    appeals_are_refused_out_of_time_twice_and_to_anyone_else,
    the_appeal_deadline_reminder_stops_once_an_appeal_is_lodged,
);

const GIVE: &str = "mutation($i: GiveNoticeInput!) { giveNotice(input: $i) { case { state version } notice { lastDay } } }";
const LODGE: &str = "mutation($i: LodgeAppealInput!) { lodgeAppeal(input: $i) { id version decisionStep decidedOn deadline lodgedOn grounds outcome } }";
const HEARING: &str = "mutation($i: SetAppealHearingInput!) { setAppealHearing(input: $i) { id version hearingStartsAt hearingPlace } }";
const OUTCOME: &str = "mutation($i: RecordAppealOutcomeInput!) { recordAppealOutcome(input: $i) { appeal { version outcome outcomeReasons reopenedAt } case { state version history { step from to } } } }";
const ISSUE: &str = "mutation($i: IssueLetterInput!) { issueLetter(input: $i) { id bodyText } }";
const APPEALS: &str = "query($e: ID!) { case(employeeId: $e) { appeals { id outcome } } }";

async fn staff(app: &TestApp, email: &str) -> String {
    app.create_user(email, Role::Staff).await;
    app.login(email, PASSWORD).await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Facts for notice and pay, then notice given on `given_on` from REDEPLOYMENT.
pub(crate) async fn under_notice(
    app: &TestApp,
    hr: &str,
    employee: &str,
    given_on: chrono::NaiveDate,
) {
    app.ok(hr, "mutation($i: SetCaseFactsInput!) { setCaseFacts(input: $i) { version } }", json!({ "i": { "employeeId": employee, "expectedVersion": 1, "continuousServiceStart": "2010-09-01", "dateOfBirth": "1975-03-15" } })).await;
    weekly_pay_of_600(app, employee).await;
    app.ok(
        hr,
        "mutation($i: CaseStepInput!) { moveToRedeployment(input: $i) { state } }",
        json!({ "i": { "employeeId": employee, "expectedVersion": 1 } }),
    )
    .await;
    app.ok(
        hr,
        GIVE,
        json!({ "i": { "employeeId": employee, "expectedVersion": 2, "givenOn": given_on } }),
    )
    .await;
}

async fn an_appeal_is_lodged_heard_upheld_and_reopens_the_case(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, people, _) = decided(&app, &hr, 0).await;
    let c0 = people["C0"].clone();
    let t = today();
    under_notice(&app, &hr, &c0, t).await;

    // The notice letter is filled from the case: period, last day, pay, appeal deadline.
    let letter = app
        .ok(
            &hr,
            ISSUE,
            json!({ "i": { "employeeId": c0, "kind": "NOTICE_OF_DISMISSAL" } }),
        )
        .await;
    let text = letter["issueLetter"]["bodyText"].as_str().unwrap();
    assert!(text.contains("12 weeks"), "{text}");
    assert!(text.contains("Statutory redundancy pay"), "{text}");
    assert!(text.contains("41 or over"), "{text}");
    assert!(text.contains("Total: £"), "{text}");

    let own = staff(&app, "cw0@bury.example").await;
    let lodged = app
        .ok(
            &own,
            LODGE,
            json!({ "i": { "employeeId": c0, "grounds": "My scores were not moderated." } }),
        )
        .await["lodgeAppeal"]
        .clone();
    assert_eq!(lodged["decisionStep"], "GIVE_NOTICE");
    assert_eq!(lodged["decidedOn"], json!(t));
    assert_eq!(lodged["lodgedOn"], json!(t));
    assert_eq!(lodged["outcome"], Value::Null);
    let appeal = lodged["id"].as_str().unwrap().to_owned();
    // The employee sees their appeal.
    let mine = app.ok(&own, APPEALS, json!({ "e": c0 })).await;
    assert_eq!(mine["case"]["appeals"][0]["id"], appeal.as_str());

    // HR sets the hearing: emailed with an invite.
    let starts = (chrono::Utc::now() + chrono::Duration::days(7)).to_rfc3339();
    let ends =
        (chrono::Utc::now() + chrono::Duration::days(7) + chrono::Duration::hours(1)).to_rfc3339();
    let bad = app.graphql(Some(&hr), HEARING, json!({ "i": { "appealId": appeal, "expectedVersion": 1, "startsAt": ends, "endsAt": starts, "place": "Room 3" } })).await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
    let set = app.ok(&hr, HEARING, json!({ "i": { "appealId": appeal, "expectedVersion": 1, "startsAt": starts, "endsAt": ends, "place": "Room 3, Town Hall" } })).await;
    assert_eq!(set["setAppealHearing"]["version"], 2);
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    worker.run_once().await.unwrap();
    let hearing = sink.to("cw0@bury.example", "Your appeal hearing");
    assert_eq!(hearing.len(), 1, "{:?}", sink.to("cw0@bury.example", ""));
    let text = hearing[0]["text"].as_str().unwrap();
    assert!(text.contains("Room 3, Town Hall"), "{text}");
    assert!(text.contains("companion"), "{text}");
    let ics = &hearing[0]["attachments"][0];
    assert_eq!(ics["contentType"], "text/calendar", "{ics}");
    assert_eq!(ics["method"], "REQUEST");
    let content = ics["content"].as_str().unwrap();
    assert!(
        content.contains(&format!("UID:appeal-{appeal}@consult")),
        "{content}"
    );
    assert!(content.contains("SEQUENCE:1"), "{content}");
    assert!(content.contains("Room 3"), "{content}");

    // Nobody but HR sets hearings or outcomes.
    for token in [&own] {
        assert_eq!(error_code(&app.graphql(Some(token), HEARING, json!({ "i": { "appealId": appeal, "expectedVersion": 2, "startsAt": starts, "endsAt": ends, "place": "x" } })).await), "FORBIDDEN");
        assert_eq!(error_code(&app.graphql(Some(token), OUTCOME, json!({ "i": { "appealId": appeal, "expectedVersion": 2, "outcome": "UPHELD", "reasons": "x" } })).await), "FORBIDDEN");
    }
    // Upheld: the case reopens where it was before the notice.
    let no_reasons = app.graphql(Some(&hr), OUTCOME, json!({ "i": { "appealId": appeal, "expectedVersion": 2, "outcome": "UPHELD", "reasons": " " } })).await;
    assert_eq!(error_code(&no_reasons), "BAD_USER_INPUT");
    let decided_appeal = app.ok(&hr, OUTCOME, json!({ "i": { "appealId": appeal, "expectedVersion": 2, "outcome": "UPHELD", "reasons": "The scores were not moderated as the policy requires." } })).await["recordAppealOutcome"].clone();
    assert_eq!(decided_appeal["appeal"]["outcome"], "UPHELD");
    assert_eq!(decided_appeal["appeal"]["reopenedAt"], "REDEPLOYMENT");
    assert_eq!(decided_appeal["case"]["state"], "REDEPLOYMENT");
    let history = decided_appeal["case"]["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["step"], "REOPEN_AFTER_APPEAL");
    assert_eq!(history.last().unwrap()["from"], "NOTICE_GIVEN");
    // Final: a second outcome is refused.
    let again = app.graphql(Some(&hr), OUTCOME, json!({ "i": { "appealId": appeal, "expectedVersion": 3, "outcome": "NOT_UPHELD", "reasons": "x" } })).await;
    assert_eq!(error_code(&again), "CONFLICT");
    // The outcome letter states it and its reasons.
    let letter = app
        .ok(
            &hr,
            ISSUE,
            json!({ "i": { "employeeId": c0, "kind": "APPEAL_OUTCOME" } }),
        )
        .await;
    let text = letter["issueLetter"]["bodyText"].as_str().unwrap();
    assert!(text.contains("Your appeal is upheld."), "{text}");
    assert!(
        text.contains("The scores were not moderated as the policy requires."),
        "{text}"
    );
    // A reopened case has no notice in force: no pay at the old notice's last day.
    let pay = app
        .ok(
            &hr,
            "query($e: ID!) { case(employeeId: $e) { redundancyPay { missing } } }",
            json!({ "e": c0 }),
        )
        .await;
    assert_eq!(
        pay["case"]["redundancyPay"]["missing"],
        json!(["relevantDate"])
    );
}

async fn appeals_are_refused_out_of_time_twice_and_to_anyone_else(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let (id, people, _) = decided(&app, &hr, 0).await;
    set_status(&app, "DRAFT").await;
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "sponsorId": sponsor_id } }),
    )
    .await;
    set_status(&app, "DECIDED").await;
    let (c0, c1) = (people["C0"].clone(), people["C1"].clone());
    let own = staff(&app, "cw0@bury.example").await;
    let other = staff(&app, "cw1@bury.example").await;

    // Nothing to appeal before notice.
    let early = app
        .graphql(
            Some(&own),
            LODGE,
            json!({ "i": { "employeeId": c0, "grounds": "Unfair" } }),
        )
        .await;
    assert_eq!(error_code(&early), "PRECONDITION_FAILED");

    // Notice 30 days ago: the ten working days have passed.
    under_notice(&app, &hr, &c0, today() - days(30)).await;
    let late = app
        .graphql(
            Some(&own),
            LODGE,
            json!({ "i": { "employeeId": c0, "grounds": "Unfair" } }),
        )
        .await;
    assert_eq!(error_code(&late), "DEADLINE_PASSED", "{late}");
    assert!(
        late["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("The appeal window closed on")
    );

    // In time: once only; grounds required.
    under_notice(&app, &hr, &c1, today()).await;
    let no_grounds = app
        .graphql(
            Some(&other),
            LODGE,
            json!({ "i": { "employeeId": c1, "grounds": "  " } }),
        )
        .await;
    assert_eq!(error_code(&no_grounds), "BAD_USER_INPUT");
    app.ok(
        &other,
        LODGE,
        json!({ "i": { "employeeId": c1, "grounds": "Unfair selection" } }),
    )
    .await;
    let twice = app
        .graphql(
            Some(&other),
            LODGE,
            json!({ "i": { "employeeId": c1, "grounds": "Again" } }),
        )
        .await;
    assert_eq!(error_code(&twice), "CONFLICT");

    // Someone else's case: another employee cannot see it; HR and the sponsor may not lodge it.
    let theirs = app
        .graphql(
            Some(&own),
            LODGE,
            json!({ "i": { "employeeId": c1, "grounds": "On their behalf" } }),
        )
        .await;
    assert_eq!(error_code(&theirs), "NOT_FOUND");
    for token in [&hr, &sponsor] {
        let body = app
            .graphql(
                Some(token),
                LODGE,
                json!({ "i": { "employeeId": c1, "grounds": "For them" } }),
            )
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN");
    }
    // The sponsor does not see appeals; a union representative sees no case.
    assert_eq!(
        error_code(
            &app.graphql(Some(&sponsor), APPEALS, json!({ "e": c1 }))
                .await
        ),
        "FORBIDDEN"
    );
    sql(&app, "UPDATE proposal SET shared_with_unions_at = '2026-11-01T10:00:00+00:00', consultation_opened_at = '2026-11-01T10:00:00+00:00'").await;
    let (_, rep) = app.signed_in_rep("UNISON").await;
    assert_eq!(
        error_code(&app.graphql(Some(&rep), APPEALS, json!({ "e": c1 })).await),
        "NOT_FOUND"
    );
    assert_eq!(
        error_code(
            &app.graphql(
                Some(&rep),
                LODGE,
                json!({ "i": { "employeeId": c1, "grounds": "x" } })
            )
            .await
        ),
        "NOT_FOUND"
    );
    // HR sees it.
    let seen = app.ok(&hr, APPEALS, json!({ "e": c1 })).await;
    assert_eq!(seen["case"]["appeals"].as_array().unwrap().len(), 1);
}

/// The status of the appeal-deadline reminder to each address, by address.
async fn deadline_reminders(app: &TestApp, hr: &str, proposal: &str) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = outbox(app, hr, proposal, "appeal_deadline")
        .await
        .iter()
        .map(|r| {
            (
                r["recipientEmail"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    rows.sort();
    rows
}

async fn the_appeal_deadline_reminder_stops_once_an_appeal_is_lodged(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (id, people, _) = decided(&app, &hr, 0).await;
    let (c0, c1) = (people["C0"].clone(), people["C1"].clone());
    under_notice(&app, &hr, &c0, today()).await;
    under_notice(&app, &hr, &c1, today()).await;
    let pending = |address: &str| (address.to_owned(), "PENDING".to_owned());
    assert_eq!(
        deadline_reminders(&app, &hr, &id).await,
        [pending("cw0@bury.example"), pending("cw1@bury.example")]
    );
    // Caseworker 0 appeals: their reminder is no longer called for.
    let own = staff(&app, "cw0@bury.example").await;
    app.ok(
        &own,
        LODGE,
        json!({ "i": { "employeeId": c0, "grounds": "My scores were not moderated." } }),
    )
    .await;
    assert_eq!(
        deadline_reminders(&app, &hr, &id).await,
        [
            ("cw0@bury.example".to_owned(), "CANCELLED".to_owned()),
            pending("cw1@bury.example")
        ]
    );
    // When the reminders are due, caseworker 1 alone hears that the window is closing.
    let worker = worker(&app, &sink);
    let later = chrono::Utc::now() + chrono::Duration::days(30);
    worker.run_once_at(later).await.unwrap();
    worker.run_once_at(later).await.unwrap();
    let mails = sink.to("cw1@bury.example", "Your right of appeal ends on");
    assert_eq!(mails.len(), 1, "{:?}", sink.to("cw1@bury.example", ""));
    let text = mails[0]["text"]
        .as_str()
        .unwrap()
        .replace("\r\n", " ")
        .replace('\n', " ");
    assert!(text.contains("Dear Caseworker 1,"), "{text}");
    assert!(text.contains("lodge your appeal in Consult by"), "{text}");
    assert!(
        sink.to("cw0@bury.example", "Your right of appeal ends on")
            .is_empty()
    );
    // The notice itself reached both.
    for address in ["cw0@bury.example", "cw1@bury.example"] {
        assert_eq!(
            sink.to(address, "Notice of dismissal").len(),
            1,
            "{address}"
        );
    }
}
