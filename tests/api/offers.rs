//! Offers of suitable alternative employment and trial periods through HTTP (issue 16; ERA
//! 1996 s138, s141): the flow from at risk to a confirmed trial, declining with a reason,
//! HR's s141 judgement, each role's refusals, the four-week boundaries, the letters, and the
//! emails over the real SMTP server, the trial reminder stopping once the trial is confirmed.

use crate::db_tests;
use crate::email::{SmtpSink, outbox, worker};
use crate::helpers::{PASSWORD, TestApp, error_code};
use crate::timetable::{FIELDS, bury_proposal, version};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use consult::domain::account::Role;
use consult::domain::{audit::AuditActor, individual::case::CaseStep};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

db_tests!(
    the_flow_from_at_risk_to_a_confirmed_trial_with_its_letters,
    declining_needs_a_reason_and_only_hr_records_the_s141_judgement,
    each_role_sees_and_does_only_what_it_may,
    the_four_week_boundaries_of_a_renewal_and_of_the_trial,
    the_offer_and_trial_reminder_emails_and_the_reminder_stops_once_confirmed,
    the_reminder_to_answer_waits_for_the_day_before_and_stops_once_answered,
);

pub const OFFER_FIELDS: &str = "id employeeId version status answerBy declinedReason post { postId title grade place weeklyPay } s141Judgement { offerSuitable refusalUnreasonable removesRedundancyPay reasons } trial { start end statutoryEnd extendedTo oldJobEnds endedOn endedBy endReason }";

fn make_offer() -> String {
    format!("mutation($i: MakeOfferInput!) {{ makeOffer(input: $i) {{ {OFFER_FIELDS} }} }}")
}
pub fn answer() -> String {
    format!("mutation($i: AnswerOfferInput!) {{ answerOffer(input: $i) {{ {OFFER_FIELDS} }} }}")
}
fn judgement() -> String {
    format!(
        "mutation($i: RecordRefusalJudgementInput!) {{ recordRefusalJudgement(input: $i) {{ {OFFER_FIELDS} }} }}"
    )
}
pub fn start() -> String {
    format!(
        "mutation($i: StartTrialPeriodInput!) {{ startTrialPeriod(input: $i) {{ {OFFER_FIELDS} }} }}"
    )
}
fn extend() -> String {
    format!(
        "mutation($i: ExtendTrialPeriodInput!) {{ extendTrialPeriod(input: $i) {{ {OFFER_FIELDS} }} }}"
    )
}
pub fn confirm() -> String {
    format!(
        "mutation($i: ConfirmTrialPeriodInput!) {{ confirmTrialPeriod(input: $i) {{ {OFFER_FIELDS} }} }}"
    )
}
pub fn end() -> String {
    format!(
        "mutation($i: EndTrialPeriodInput!) {{ endTrialPeriod(input: $i) {{ {OFFER_FIELDS} }} }}"
    )
}
fn case_query() -> String {
    format!(
        "query($e: ID!) {{ case(employeeId: $e) {{ state version history {{ step detail }} offers {{ {OFFER_FIELDS} }} }} }}"
    )
}

pub fn today() -> NaiveDate {
    consult::store::s188::today()
}

pub fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn message(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap_or("")
}

/// A decided Bury proposal with a sponsor and its cases open: (proposal id, sponsor token,
/// employee ids by number, post ids by title).
async fn decided(
    app: &TestApp,
    hr: &str,
) -> (
    String,
    String,
    HashMap<String, String>,
    HashMap<String, String>,
) {
    decided_with(app, hr, 0).await
}

/// `decided`, with `extra_employees` more caseworkers (C3, C4…) than the pack's three.
pub async fn decided_with(
    app: &TestApp,
    hr: &str,
    extra_employees: usize,
) -> (
    String,
    String,
    HashMap<String, String>,
    HashMap<String, String>,
) {
    let id = bury_proposal(app, hr, extra_employees).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    app.ok(
        hr,
        FIELDS,
        json!({ "id": id, "v": version(app, hr, &id).await, "f": { "sponsorId": sponsor_id } }),
    )
    .await;
    app.store
        .conn()
        .execute_unprepared("UPDATE proposal SET status = 'DECIDED'")
        .await
        .unwrap();
    app.ok(
        hr,
        "mutation($id: ID!) { openCases(proposalId: $id) { opened } }",
        json!({ "id": id }),
    )
    .await;
    let body = app
        .ok(
            hr,
            "query($id: ID!) { proposal(id: $id) { posts(first: 100) { edges { node { id title } } } employees(first: 100) { edges { node { id employeeNumber } } } } }",
            json!({ "id": id }),
        )
        .await;
    let map = |list: &Value, key: &str| {
        list["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["node"][key].as_str().unwrap().to_owned(),
                    e["node"]["id"].as_str().unwrap().to_owned(),
                )
            })
            .collect::<HashMap<_, _>>()
    };
    let people = map(&body["proposal"]["employees"], "employeeNumber");
    let posts = map(&body["proposal"]["posts"], "title");
    (id, sponsor, people, posts)
}

/// Signs in as the employee whose work email this is (creating their account).
pub async fn employee_token(app: &TestApp, email: &str) -> String {
    app.create_user(email, Role::Staff).await;
    app.login(email, PASSWORD).await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub async fn case(app: &TestApp, token: &str, employee: &str) -> Value {
    app.ok(token, &case_query(), json!({ "e": employee })).await["case"].clone()
}

pub async fn case_version(app: &TestApp, hr: &str, employee: &str) -> i64 {
    case(app, hr, employee).await["version"].as_i64().unwrap()
}

/// HR offers `employee` the caseworker post, to answer within a week.
pub async fn offer_post(
    app: &TestApp,
    hr: &str,
    employee: &str,
    posts: &HashMap<String, String>,
) -> Value {
    let v = case_version(app, hr, employee).await;
    app.ok(
        hr,
        &make_offer(),
        json!({ "i": { "employeeId": employee, "expectedVersion": v, "postId": posts["SEN Caseworker"], "answerBy": iso(today() + Days::new(7)) } }),
    )
    .await["makeOffer"]
        .clone()
}

pub async fn accept(app: &TestApp, token: &str, offer: &Value) -> Value {
    app.ok(
        token,
        &answer(),
        json!({ "i": { "offerId": offer["id"], "expectedVersion": offer["version"], "accept": true } }),
    )
    .await["answerOffer"]
        .clone()
}

async fn audit_count(app: &TestApp, action: &str) -> u64 {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    consult::store::entities::audit_event::Entity::find()
        .filter(consult::store::entities::audit_event::Column::Action.eq(action))
        .count(app.store.conn())
        .await
        .unwrap()
}

async fn the_flow_from_at_risk_to_a_confirmed_trial_with_its_letters(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, _, people, posts) = decided(&app, &hr).await;
    let c0 = &people["C0"];
    let staff = employee_token(&app, "cw0@bury.example").await;
    // A post that is not in the new structure is refused.
    let gone = app
        .graphql(
            Some(&hr),
            &make_offer(),
            json!({ "i": { "employeeId": c0, "expectedVersion": 1, "postId": posts["Service Manager SEN"], "answerBy": iso(today()) } }),
        )
        .await;
    assert_eq!(error_code(&gone), "NOT_FOUND");
    assert_eq!(gone["errors"][0]["extensions"]["field"], "input.postId");
    // An answer-by day in the past, or neither a post nor a vacancy.
    let past = app
        .graphql(
            Some(&hr),
            &make_offer(),
            json!({ "i": { "employeeId": c0, "expectedVersion": 1, "postId": posts["SEN Caseworker"], "answerBy": iso(today() - Days::new(1)) } }),
        )
        .await;
    assert_eq!(error_code(&past), "BAD_USER_INPUT");
    let neither = app
        .graphql(
            Some(&hr),
            &make_offer(),
            json!({ "i": { "employeeId": c0, "expectedVersion": 1, "answerBy": iso(today()) } }),
        )
        .await;
    assert_eq!(error_code(&neither), "BAD_USER_INPUT");

    let offer = offer_post(&app, &hr, c0, &posts).await;
    assert_eq!(offer["status"], "OFFERED");
    assert_eq!(offer["post"]["title"], "SEN Caseworker");
    assert_eq!(offer["post"]["grade"], "Grade 9");
    assert_eq!(case(&app, &hr, c0).await["state"], "OFFERED");
    // A second offer while one waits for an answer is refused by the case's rules.
    let again = app
        .graphql(
            Some(&hr),
            &make_offer(),
            json!({ "i": { "employeeId": c0, "expectedVersion": 2, "postId": posts["SEN Caseworker"], "answerBy": iso(today()) } }),
        )
        .await;
    assert_eq!(error_code(&again), "PRECONDITION_FAILED", "{again}");
    // Starting a trial before the answer says so.
    let early = app
        .graphql(
            Some(&hr),
            &start(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 1, "newPostStarts": iso(today()) } }),
        )
        .await;
    assert_eq!(error_code(&early), "PRECONDITION_FAILED");
    assert!(message(&early).contains("waiting for the employee's answer"));

    let accepted = accept(&app, &staff, &offer).await;
    assert_eq!(accepted["status"], "ACCEPTED");
    assert_eq!(case(&app, &staff, c0).await["state"], "ACCEPTED");
    // Answering twice is refused; a stale version is a conflict.
    let twice = app
        .graphql(
            Some(&staff),
            &answer(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 2, "accept": true } }),
        )
        .await;
    assert_eq!(error_code(&twice), "PRECONDITION_FAILED");
    let stale = app
        .graphql(
            Some(&hr),
            &start(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 1, "newPostStarts": iso(today()) } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");

    // The trial period: four weeks beginning with the first day (s138(3)).
    let first_day = today() - Days::new(3);
    let trial = app
        .ok(
            &hr,
            &start(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 2, "newPostStarts": iso(first_day) } }),
        )
        .await["startTrialPeriod"]
        .clone();
    assert_eq!(trial["status"], "IN_TRIAL");
    assert_eq!(trial["trial"]["start"], iso(first_day));
    assert_eq!(trial["trial"]["end"], iso(first_day + Days::new(27)));
    assert_eq!(
        trial["trial"]["statutoryEnd"],
        iso(first_day + Days::new(27))
    );
    assert!(trial["trial"]["extendedTo"].is_null());
    // No notice: the old job ended the day before the new post started.
    assert_eq!(trial["trial"]["oldJobEnds"], iso(first_day - Days::new(1)));
    assert_eq!(case(&app, &hr, c0).await["state"], "TRIAL_PERIOD");

    // The offer and trial period letters render from the offer and the trial.
    let issue = "mutation($i: IssueLetterInput!) { issueLetter(input: $i) { bodyText } }";
    let letter = app
        .ok(
            &hr,
            issue,
            json!({ "i": { "employeeId": c0, "kind": "OFFER" } }),
        )
        .await;
    let text = letter["issueLetter"]["bodyText"].as_str().unwrap();
    assert!(
        text.contains("offer you the post of SEN Caseworker (Grade 9)"),
        "{text}"
    );
    assert!(text.contains("section 138"), "{text}");
    let letter = app
        .ok(
            &hr,
            issue,
            json!({ "i": { "employeeId": c0, "kind": "TRIAL_PERIOD" } }),
        )
        .await;
    let text = letter["issueLetter"]["bodyText"].as_str().unwrap();
    let long = |d: NaiveDate| d.format("%A %-d %B %Y").to_string();
    assert!(
        text.contains(&format!(
            "starts on {} and ends on {}",
            long(first_day),
            long(first_day + Days::new(27))
        )),
        "{text}"
    );

    let confirmed = app
        .ok(
            &hr,
            &confirm(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 3 } }),
        )
        .await["confirmTrialPeriod"]
        .clone();
    assert_eq!(confirmed["status"], "CONFIRMED");
    let seen = case(&app, &staff, c0).await;
    assert_eq!(seen["state"], "CONFIRMED");
    let steps: Vec<&str> = seen["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "OPEN",
            "MAKE_OFFER",
            "ACCEPT",
            "START_TRIAL",
            "CONFIRM_TRIAL"
        ]
    );
    assert_eq!(seen["history"][1]["detail"]["offerId"], offer["id"]);
    assert_eq!(seen["offers"].as_array().unwrap().len(), 1);
    // A confirmed trial cannot be ended.
    let closed = app
        .graphql(
            Some(&hr),
            &end(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 4, "endedOn": iso(today()), "endedBy": "EMPLOYER", "reason": "x" } }),
        )
        .await;
    assert_eq!(error_code(&closed), "PRECONDITION_FAILED");
    assert_eq!(audit_count(&app, "offer.made").await, 1);
    assert_eq!(audit_count(&app, "offer.answered").await, 1);
    assert_eq!(audit_count(&app, "offer.trial_started").await, 1);
    assert_eq!(audit_count(&app, "offer.trial_confirmed").await, 1);
}

async fn declining_needs_a_reason_and_only_hr_records_the_s141_judgement(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, sponsor, people, _) = decided(&app, &hr).await;
    let c1 = &people["C1"];
    let staff = employee_token(&app, "cw1@bury.example").await;
    // A vacancy outside the new structure, with its pay.
    let offer = app
        .ok(
            &hr,
            &make_offer(),
            json!({ "i": { "employeeId": c1, "expectedVersion": 1, "vacancy": { "title": "Family Support Worker", "grade": "Grade 8", "place": "Radcliffe Children's Centre", "weeklyPay": "612.50" }, "answerBy": iso(today() + Days::new(10)) } }),
        )
        .await["makeOffer"]
        .clone();
    assert_eq!(offer["post"]["postId"], Value::Null);
    assert_eq!(offer["post"]["weeklyPay"], "612.50");
    let bad_vacancy = app
        .graphql(
            Some(&hr),
            &make_offer(),
            json!({ "i": { "employeeId": people["C2"], "expectedVersion": 1, "vacancy": { "title": " " }, "answerBy": iso(today()) } }),
        )
        .await;
    assert_eq!(error_code(&bad_vacancy), "BAD_USER_INPUT");
    assert_eq!(
        bad_vacancy["errors"][0]["extensions"]["field"],
        "input.vacancy.title"
    );

    // A judgement before any refusal is refused.
    let early = app
        .graphql(
            Some(&hr),
            &judgement(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 1, "offerSuitable": true, "refusalUnreasonable": true, "reasons": "Same grade" } }),
        )
        .await;
    assert_eq!(error_code(&early), "PRECONDITION_FAILED");
    assert!(message(&early).contains("s141"));

    // Declining needs a reason.
    for reason in [json!(null), json!("  ")] {
        let bare = app
            .graphql(
                Some(&staff),
                &answer(),
                json!({ "i": { "offerId": offer["id"], "expectedVersion": 1, "accept": false, "reason": reason } }),
            )
            .await;
        assert_eq!(error_code(&bare), "BAD_USER_INPUT");
        assert_eq!(bare["errors"][0]["extensions"]["field"], "input.reason");
    }
    let declined = app
        .ok(
            &staff,
            &answer(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 1, "accept": false, "reason": "I care for my mother in Bury and cannot travel to Radcliffe." } }),
        )
        .await["answerOffer"]
        .clone();
    assert_eq!(declined["status"], "DECLINED");
    assert_eq!(
        declined["declinedReason"],
        "I care for my mother in Bury and cannot travel to Radcliffe."
    );
    let seen = case(&app, &hr, c1).await;
    assert_eq!(seen["state"], "DECLINED");
    let history = seen["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["step"], "DECLINE");
    assert!(
        history.last().unwrap()["detail"]["reason"]
            .as_str()
            .unwrap()
            .contains("care for my mother")
    );
    // Nothing is judged silently.
    assert!(declined["s141Judgement"].is_null());

    // Only HR records the judgement, with reasons.
    let (_, rep) = app.signed_in_rep("UNISON").await;
    let input = json!({ "i": { "offerId": offer["id"], "expectedVersion": 2, "offerSuitable": true, "refusalUnreasonable": false, "reasons": "Suitable post; the refusal is reasonable given caring duties." } });
    for token in [&sponsor, &staff, &rep] {
        let refused = app.graphql(Some(token), &judgement(), input.clone()).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
    }
    let no_reasons = app
        .graphql(
            Some(&hr),
            &judgement(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 2, "offerSuitable": true, "refusalUnreasonable": true, "reasons": " " } }),
        )
        .await;
    assert_eq!(error_code(&no_reasons), "BAD_USER_INPUT");
    let judged = app.ok(&hr, &judgement(), input).await["recordRefusalJudgement"].clone();
    assert_eq!(judged["s141Judgement"]["offerSuitable"], true);
    assert_eq!(judged["s141Judgement"]["removesRedundancyPay"], false);
    // HR changes its mind, explicitly: audited each time.
    let judged = app
        .ok(
            &hr,
            &judgement(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 3, "offerSuitable": true, "refusalUnreasonable": true, "reasons": "The centre is on her bus route; the hours are the same." } }),
        )
        .await["recordRefusalJudgement"]
        .clone();
    assert_eq!(judged["s141Judgement"]["removesRedundancyPay"], true);
    assert_eq!(
        audit_count(&app, "offer.refusal_judgement_recorded").await,
        2
    );
    // The employee sees the judgement on their own offer; the sponsor sees neither it nor
    // the pay.
    let own = case(&app, &staff, c1).await;
    assert_eq!(
        own["offers"][0]["s141Judgement"]["removesRedundancyPay"],
        true
    );
    assert_eq!(own["offers"][0]["post"]["weeklyPay"], "612.50");
    let sponsor_view = case(&app, &sponsor, c1).await;
    assert!(sponsor_view["offers"][0]["s141Judgement"].is_null());
    assert!(sponsor_view["offers"][0]["post"]["weeklyPay"].is_null());
    assert_eq!(
        sponsor_view["offers"][0]["declinedReason"],
        declined["declinedReason"]
    );
    // After a refusal, another offer can be made.
    let v = case_version(&app, &hr, c1).await;
    app.ok(
        &hr,
        &make_offer(),
        json!({ "i": { "employeeId": c1, "expectedVersion": v, "vacancy": { "title": "Admin Officer" }, "answerBy": iso(today()) } }),
    )
    .await;
    assert_eq!(
        case(&app, &hr, c1).await["offers"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

async fn each_role_sees_and_does_only_what_it_may(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, sponsor, people, posts) = decided(&app, &hr).await;
    let c0 = &people["C0"];
    let staff = employee_token(&app, "cw0@bury.example").await;
    let colleague = employee_token(&app, "cw1@bury.example").await;
    let (_, other_manager) = app.signed_in(Role::Manager).await;
    let (rep_id, rep) = app.signed_in_rep("UNISON").await;

    // Only HR makes offers.
    let input = json!({ "i": { "employeeId": c0, "expectedVersion": 1, "postId": posts["SEN Caseworker"], "answerBy": iso(today()) } });
    for token in [&sponsor, &staff, &rep, &other_manager] {
        let refused = app.graphql(Some(token), &make_offer(), input.clone()).await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
    }
    let offer = offer_post(&app, &hr, c0, &posts).await;
    // Only the employee answers: not HR, not the sponsor, not a colleague.
    let accept_input =
        json!({ "i": { "offerId": offer["id"], "expectedVersion": 1, "accept": true } });
    for (token, code) in [
        (&hr, "FORBIDDEN"),
        (&sponsor, "FORBIDDEN"),
        (&colleague, "NOT_FOUND"),
        (&rep, "NOT_FOUND"),
        (&other_manager, "NOT_FOUND"),
    ] {
        let refused = app
            .graphql(Some(token), &answer(), accept_input.clone())
            .await;
        assert_eq!(error_code(&refused), code, "{refused}");
    }
    let accepted = accept(&app, &staff, &offer).await;
    // Only HR starts and extends a trial period.
    let start_input = json!({ "i": { "offerId": offer["id"], "expectedVersion": 2, "newPostStarts": iso(today()) } });
    for token in [&sponsor, &staff, &rep] {
        let refused = app
            .graphql(Some(token), &start(), start_input.clone())
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
    }
    let trial = app.ok(&hr, &start(), start_input).await["startTrialPeriod"].clone();
    assert_eq!(trial["version"], accepted["version"].as_i64().unwrap() + 1);
    let extend_input = json!({ "i": { "offerId": offer["id"], "expectedVersion": 3, "retraining": { "agreedOn": iso(today() - Days::new(1)), "endsOn": iso(today() + Days::new(60)), "termsAfter": "Grade 9, permanent" } } });
    for token in [&sponsor, &staff] {
        let refused = app
            .graphql(Some(token), &extend(), extend_input.clone())
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
    }
    // Confirming or ending: HR or the sponsor; not the employee, another manager or a rep.
    let confirm_input = json!({ "i": { "offerId": offer["id"], "expectedVersion": 3 } });
    for (token, code) in [
        (&staff, "FORBIDDEN"),
        (&other_manager, "NOT_FOUND"),
        (&rep, "NOT_FOUND"),
    ] {
        let refused = app
            .graphql(Some(token), &confirm(), confirm_input.clone())
            .await;
        assert_eq!(error_code(&refused), code, "{refused}");
        let refused = app
            .graphql(
                Some(token),
                &end(),
                json!({ "i": { "offerId": offer["id"], "expectedVersion": 3, "endedOn": iso(today()), "endedBy": "EMPLOYEE", "reason": "x" } }),
            )
            .await;
        assert_eq!(error_code(&refused), code, "{refused}");
    }
    let confirmed = app.ok(&sponsor, &confirm(), confirm_input).await;
    assert_eq!(confirmed["confirmTrialPeriod"]["status"], "CONFIRMED");
    // The sponsor's answer shows no pay.
    assert!(confirmed["confirmTrialPeriod"]["post"]["weeklyPay"].is_null());

    // Who sees the offers: a union representative never, even as the named companion.
    let meeting = app
        .ok(
            &hr,
            "mutation($i: ScheduleIndividualMeetingInput!) { scheduleIndividualMeeting(input: $i) { id version } }",
            json!({ "i": { "employeeId": people["C1"], "expectedVersion": 1, "startsAt": "2030-01-07T10:00:00Z", "location": "Town Hall" } }),
        )
        .await["scheduleIndividualMeeting"]
        .clone();
    app.ok(
        &hr,
        "mutation($i: RecordIndividualMeetingInput!) { recordIndividualMeeting(input: $i) { id } }",
        json!({ "i": { "meetingId": meeting["id"], "expectedVersion": meeting["version"], "heldOn": iso(today()), "notes": "Discussed options", "companionKind": "UNION_REP", "companionName": "Pat", "companionUserId": rep_id } }),
    )
    .await;
    let as_companion = app
        .graphql(
            Some(&rep),
            "query($e: ID!) { case(employeeId: $e) { state offers { id } } }",
            json!({ "e": people["C1"] }),
        )
        .await;
    assert_eq!(error_code(&as_companion), "FORBIDDEN", "{as_companion}");
    let state_only = app
        .ok(
            &rep,
            "query($e: ID!) { case(employeeId: $e) { state } }",
            json!({ "e": people["C1"] }),
        )
        .await;
    assert_eq!(state_only["case"]["state"], "AT_RISK");
    // A colleague cannot see another's case or offers.
    let other = app
        .graphql(Some(&colleague), &case_query(), json!({ "e": c0 }))
        .await;
    assert_eq!(error_code(&other), "NOT_FOUND");
    // The people board shows offers to HR and the sponsor.
    let board = "query($id: ID!) { proposal(id: $id) { cases(first: 50) { edges { node { id offers { status post { weeklyPay } } } } } } }";
    let proposal_id = app
        .ok(
            &hr,
            "query($e: ID!) { case(employeeId: $e) { proposalId } }",
            json!({ "e": c0 }),
        )
        .await["case"]["proposalId"]
        .clone();
    let listed = app.ok(&sponsor, board, json!({ "id": proposal_id })).await;
    let with_offers: Vec<&Value> = listed["proposal"]["cases"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| !e["node"]["offers"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(with_offers.len(), 1);
    assert_eq!(with_offers[0]["node"]["offers"][0]["status"], "CONFIRMED");
}

/// The day notice was given and its last day, as the notice module records them (through
/// `apply_step`), for a Tuesday last day well ahead.
async fn give_notice(app: &TestApp, hr_id: &str, hr: &str, employee: &str) -> NaiveDate {
    let employee_version = app
        .ok(
            hr,
            "query($e: ID!) { case(employeeId: $e) { employee { version } } }",
            json!({ "e": employee }),
        )
        .await["case"]["employee"]["version"]
        .as_i64()
        .unwrap();
    app.ok(
        hr,
        "mutation($i: SetCaseFactsInput!) { setCaseFacts(input: $i) { version } }",
        json!({ "i": { "employeeId": employee, "expectedVersion": employee_version, "continuousServiceStart": "2012-04-02" } }),
    )
    .await;
    let mut last_day = today() + Days::new(40);
    while last_day.weekday() != Weekday::Tue {
        last_day = last_day + Days::new(1);
    }
    let actor = AuditActor::User(Uuid::parse_str(hr_id).unwrap());
    let txn = app.store.begin_write().await.unwrap();
    let version = case_version(app, hr, employee).await as i32;
    consult::store::cases::apply_step(
        &txn,
        &actor,
        Uuid::parse_str(employee).unwrap(),
        version,
        CaseStep::GiveNotice {
            given_on: today(),
            last_day,
        },
        json!({}),
        None,
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    last_day
}

async fn the_four_week_boundaries_of_a_renewal_and_of_the_trial(app: TestApp) {
    let (hr_id, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, sponsor, people, posts) = decided(&app, &hr).await;
    let c2 = &people["C2"];
    let staff = employee_token(&app, "cw2@bury.example").await;
    let last_day = give_notice(&app, &hr_id, &hr, c2).await;
    // Redeployment continues during notice.
    let offer = offer_post(&app, &hr, c2, &posts).await;
    accept(&app, &staff, &offer).await;
    // s138(1)(b): the old job ends on Tuesday; the four weeks run from Wednesday, so the
    // latest start is the Wednesday four weeks later (last day + 29).
    let too_late = app
        .graphql(
            Some(&hr),
            &start(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 2, "newPostStarts": iso(last_day + Days::new(30)) } }),
        )
        .await;
    assert_eq!(error_code(&too_late), "BAD_USER_INPUT");
    assert_eq!(
        too_late["errors"][0]["extensions"]["field"],
        "input.newPostStarts"
    );
    assert!(
        message(&too_late)
            .contains("it would not be a renewal of employment (ERA 1996 s138(1)(b))"),
        "{too_late}"
    );
    assert_eq!(case(&app, &hr, c2).await["state"], "ACCEPTED");
    // A retraining agreement made after the start is refused (s138(6)(a)).
    let first_day = last_day + Days::new(29);
    let late_agreement = app
        .graphql(
            Some(&hr),
            &start(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 2, "newPostStarts": iso(first_day), "retraining": { "agreedOn": iso(first_day), "endsOn": iso(first_day + Days::new(60)), "termsAfter": "Grade 9" } } }),
        )
        .await;
    assert_eq!(error_code(&late_agreement), "BAD_USER_INPUT");
    assert_eq!(
        late_agreement["errors"][0]["extensions"]["field"],
        "input.retraining.agreedOn"
    );
    let trial = app
        .ok(
            &hr,
            &start(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 2, "newPostStarts": iso(first_day) } }),
        )
        .await["startTrialPeriod"]
        .clone();
    assert_eq!(trial["trial"]["oldJobEnds"], iso(last_day));
    let statutory_end = first_day + Days::new(27);
    assert_eq!(trial["trial"]["end"], iso(statutory_end));

    // An extension for retraining needs the written agreement's end, after the statutory one.
    let short = app
        .graphql(
            Some(&hr),
            &extend(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 3, "retraining": { "agreedOn": iso(today()), "endsOn": iso(statutory_end), "termsAfter": "Grade 9" } } }),
        )
        .await;
    assert_eq!(error_code(&short), "BAD_USER_INPUT");
    assert_eq!(
        short["errors"][0]["extensions"]["field"],
        "input.retraining.endsOn"
    );
    let extended_to = statutory_end + Days::new(14);
    let extended = app
        .ok(
            &hr,
            &extend(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 3, "retraining": { "agreedOn": iso(today()), "endsOn": iso(extended_to), "termsAfter": "Grade 9 SEN Caseworker, permanent" } } }),
        )
        .await["extendTrialPeriod"]
        .clone();
    assert_eq!(extended["trial"]["extendedTo"], iso(extended_to));
    assert_eq!(extended["trial"]["end"], iso(extended_to));
    assert_eq!(extended["trial"]["statutoryEnd"], iso(statutory_end));

    // s138(2): ending after the period is refused; on its last day it keeps the entitlement.
    let after = app
        .graphql(
            Some(&sponsor),
            &end(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 4, "endedOn": iso(extended_to + Days::new(1)), "endedBy": "EMPLOYEE", "reason": "Not for me" } }),
        )
        .await;
    assert_eq!(error_code(&after), "PRECONDITION_FAILED");
    assert!(message(&after).contains("s138(2)"));
    let before = app
        .graphql(
            Some(&sponsor),
            &end(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 4, "endedOn": iso(first_day - Days::new(1)), "endedBy": "EMPLOYEE", "reason": "Not for me" } }),
        )
        .await;
    assert_eq!(error_code(&before), "BAD_USER_INPUT");
    let no_reason = app
        .graphql(
            Some(&sponsor),
            &end(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 4, "endedOn": iso(extended_to), "endedBy": "EMPLOYEE", "reason": "" } }),
        )
        .await;
    assert_eq!(error_code(&no_reason), "BAD_USER_INPUT");
    let ended = app
        .ok(
            &sponsor,
            &end(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 4, "endedOn": iso(extended_to), "endedBy": "EMPLOYEE", "reason": "The caseload is not what I expected" } }),
        )
        .await["endTrialPeriod"]
        .clone();
    assert_eq!(ended["status"], "TRIAL_ENDED");
    assert_eq!(ended["trial"]["endedBy"], "EMPLOYEE");
    let seen = case(&app, &hr, c2).await;
    assert_eq!(seen["state"], "TRIAL_ENDED");
    let last = seen["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["step"], "END_TRIAL");
    assert_eq!(last["detail"]["keepsRedundancyEntitlement"], true);
    // The employee ended it: HR may judge that unreasonable (s141(4)(d)), explicitly.
    let judged = app
        .ok(
            &hr,
            &judgement(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 5, "offerSuitable": true, "refusalUnreasonable": false, "reasons": "A real change of caseload." } }),
        )
        .await;
    assert_eq!(
        judged["recordRefusalJudgement"]["s141Judgement"]["removesRedundancyPay"],
        false
    );
}

async fn the_offer_and_trial_reminder_emails_and_the_reminder_stops_once_confirmed(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let hr_email = app.email_of(&hr).await;
    let (_, sponsor, people, posts) = decided(&app, &hr).await;
    let sponsor_email = app.email_of(&sponsor).await;
    // Caseworker 0 has no account yet: the offer goes to the work email on the record.
    let offer0 = offer_post(&app, &hr, &people["C0"], &posts).await;
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    let mails = sink.to(
        "cw0@bury.example",
        "An offer of a post for you to answer by",
    );
    assert_eq!(mails.len(), 1);
    let text = mails[0]["text"]
        .as_str()
        .unwrap()
        .replace("\r\n", " ")
        .replace('\n', " ");
    assert!(text.contains("Dear Caseworker 0,"), "{text}");
    assert!(text.contains("the post of SEN Caseworker"), "{text}");
    let answer_by = (today() + Days::new(7)).format("%A %-d %B %Y").to_string();
    assert!(mails[0]["subject"].as_str().unwrap().contains(&answer_by));

    // Two trials start today; one is confirmed at once.
    let staff0 = employee_token(&app, "cw0@bury.example").await;
    let staff1 = employee_token(&app, "cw1@bury.example").await;
    let offer1 = offer_post(&app, &hr, &people["C1"], &posts).await;
    for (token, offer) in [(&staff0, &offer0), (&staff1, &offer1)] {
        accept(&app, token, offer).await;
        app.ok(
            &hr,
            &start(),
            json!({ "i": { "offerId": offer["id"], "expectedVersion": 2, "newPostStarts": iso(today()) } }),
        )
        .await;
    }
    app.ok(
        &hr,
        &confirm(),
        json!({ "i": { "offerId": offer1["id"], "expectedVersion": 3 } }),
    )
    .await;
    // Nothing is due yet.
    worker.run_once().await.unwrap();
    assert!(sink.to("cw0@bury.example", "trial period").is_empty());
    // Five working days before the end, the employee, the sponsor and HR hear, once; of the
    // confirmed trial, nobody.
    let end_day = today() + Days::new(27);
    let later = chrono::Utc::now() + chrono::Duration::days(30);
    worker.run_once_at(later).await.unwrap();
    worker.run_once_at(later).await.unwrap();
    let subject = format!(
        "The trial period of Caseworker 0 ends on {}",
        end_day.format("%A %-d %B %Y")
    );
    for address in [
        "cw0@bury.example",
        sponsor_email.as_str(),
        hr_email.as_str(),
    ] {
        let mails = sink.to(address, &subject);
        assert_eq!(mails.len(), 1, "{address}");
        let text = mails[0]["text"]
            .as_str()
            .unwrap()
            .replace("\r\n", " ")
            .replace('\n', " ");
        assert!(text.contains("section 138(2)"), "{text}");
    }
    for address in [
        "cw1@bury.example",
        sponsor_email.as_str(),
        hr_email.as_str(),
    ] {
        assert!(sink.to(address, "Caseworker 1 ends on").is_empty());
    }
    let (cancelled,): (i64,) = {
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let n = consult::store::entities::outbox_message::Entity::find()
            .filter(
                consult::store::entities::outbox_message::Column::Template
                    .eq("trial_period_ending"),
            )
            .filter(consult::store::entities::outbox_message::Column::Status.eq("CANCELLED"))
            .count(app.store.conn())
            .await
            .unwrap();
        (n as i64,)
    };
    assert_eq!(cancelled, 3);
}

/// The reminder to answer sent to `address`: (status, due at).
async fn answer_reminder(
    app: &TestApp,
    hr: &str,
    proposal: &str,
    address: &str,
) -> (String, chrono::DateTime<chrono::Utc>) {
    let rows = outbox(app, hr, proposal, "offer_answer_due").await;
    let mine: Vec<&Value> = rows
        .iter()
        .filter(|r| r["recipientEmail"] == address)
        .collect();
    assert_eq!(mine.len(), 1, "{rows:?}");
    let due = chrono::DateTime::parse_from_rfc3339(mine[0]["dueAt"].as_str().unwrap()).unwrap();
    (
        mine[0]["status"].as_str().unwrap().to_owned(),
        due.with_timezone(&chrono::Utc),
    )
}

async fn the_reminder_to_answer_waits_for_the_day_before_and_stops_once_answered(app: TestApp) {
    let sink = SmtpSink::start();
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (id, _, people, posts) = decided(&app, &hr).await;
    let offer0 = offer_post(&app, &hr, &people["C0"], &posts).await;
    let offer1 = offer_post(&app, &hr, &people["C1"], &posts).await;
    // Each reminder waits for 09:00 on the working day before the answer-by day.
    let answer_by = today() + Days::new(7);
    let remind_at = consult::domain::notify::morning_of(
        consult::domain::individual::offer::answer_reminder_day(answer_by, today()),
    );
    for address in ["cw0@bury.example", "cw1@bury.example"] {
        assert_eq!(
            answer_reminder(&app, &hr, &id, address).await,
            ("PENDING".to_owned(), remind_at)
        );
    }
    // Caseworker 1 answers: their reminder is cancelled; caseworker 0's still waits.
    let staff1 = employee_token(&app, "cw1@bury.example").await;
    accept(&app, &staff1, &offer1).await;
    assert_eq!(
        answer_reminder(&app, &hr, &id, "cw1@bury.example").await.0,
        "CANCELLED"
    );
    assert_eq!(
        answer_reminder(&app, &hr, &id, "cw0@bury.example").await.0,
        "PENDING"
    );
    // Caseworker 2's case is withdrawn while an offer waits: the reminder goes with it.
    offer_post(&app, &hr, &people["C2"], &posts).await;
    let v = case_version(&app, &hr, &people["C2"]).await;
    app.ok(
        &hr,
        "mutation($i: WithdrawCaseInput!) { withdrawCase(input: $i) { state } }",
        json!({ "i": { "employeeId": people["C2"], "expectedVersion": v, "reason": "The post is kept after all." } }),
    )
    .await;
    assert_eq!(
        answer_reminder(&app, &hr, &id, "cw2@bury.example").await.0,
        "CANCELLED"
    );
    // Nothing before its time; then caseworker 0 alone is reminded, once.
    let worker = worker(&app, &sink);
    worker.run_once().await.unwrap();
    assert!(sink.to("cw0@bury.example", "Reminder").is_empty());
    worker.run_once_at(remind_at).await.unwrap();
    worker.run_once_at(remind_at).await.unwrap();
    let subject = format!(
        "Reminder: please answer the offer of SEN Caseworker by {}",
        answer_by.format("%A %-d %B %Y")
    );
    let mails = sink.to("cw0@bury.example", &subject);
    assert_eq!(mails.len(), 1, "{:?}", sink.to("cw0@bury.example", ""));
    let text = mails[0]["text"]
        .as_str()
        .unwrap()
        .replace("\r\n", " ")
        .replace('\n', " ");
    assert!(text.contains("Dear Caseworker 0,"), "{text}");
    assert!(text.contains("the post of SEN Caseworker"), "{text}");
    assert!(text.contains("Please accept or decline"), "{text}");
    for address in ["cw1@bury.example", "cw2@bury.example"] {
        assert!(sink.to(address, "Reminder").is_empty(), "{address}");
    }
    assert_eq!(
        answer_reminder(&app, &hr, &id, "cw0@bury.example").await.0,
        "SENT"
    );
    // The offer itself still waits for caseworker 0's answer.
    assert_eq!(offer0["status"], "OFFERED");
}
