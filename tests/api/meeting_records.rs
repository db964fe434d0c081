//! The record of a consultation meeting through HTTP (issue 17): attendance, minutes shared
//! with the union side and confirmed or disputed, documents tabled, actions agreed, the
//! emails they call for, and s188(2) coverage following what the minutes record.

use crate::db_tests;
use crate::email::outbox;
use crate::helpers::{TestApp, error_code};
use crate::proposals::open_proposal_naming;
use consult::domain::account::Role;
use serde_json::{Value, json};
use std::collections::BTreeSet;

db_tests!(
    minutes_are_drafted_shared_confirmed_and_disputed_and_each_side_sees_its_part,
    attendance_is_recorded_once_a_meeting_is_held_and_for_recognised_unions_only,
    an_action_becomes_an_owned_question_or_a_checklist_task,
    a_tabled_document_downloads_for_hr_and_reps_but_not_staff,
    s188_coverage_follows_the_subjects_the_minutes_record,
);

const SCHEDULE: &str =
    "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id version } }";
const RECORD: &str = "{ id version title attendance { name capacity unionName present user { id } }
    minutes { version status sections { heading body } subjectsDiscussed sharedAt draftedBy { id }
      unionReplies { unionName agreed text minutesVersion by { id } } }
    documents { id fileName downloadPath } actions { text kind dueOn } }";
const SAVE: &str = "mutation($i: SaveMeetingMinutesInput!) { saveMeetingMinutes(input: $i) { minutes { version status } } }";
const SHARE: &str = "mutation($i: MeetingMinutesVersionInput!) { shareMeetingMinutes(input: $i) { minutes { version status sharedAt } } }";
const CONFIRM: &str = "mutation($i: MeetingMinutesVersionInput!) { confirmMeetingMinutes(input: $i) { minutes { version status } } }";
const DISPUTE: &str = "mutation($i: DisputeMeetingMinutesInput!) { disputeMeetingMinutes(input: $i) { minutes { version status unionReplies { unionName agreed text minutesVersion } } } }";
const ATTEND: &str = "mutation($i: RecordMeetingAttendanceInput!) { recordMeetingAttendance(input: $i) { version attendance { name capacity unionName present } } }";

/// HR, a member of staff named in an open proposal recognising UNISON and GMB, a
/// representative of each, and the proposal: (hr, staff, unison, gmb, proposal id).
struct Cast {
    hr: String,
    hr_email: String,
    staff: String,
    unison: String,
    gmb: String,
    id: String,
}

async fn cast(app: &TestApp) -> Cast {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let (_, unison) = app.signed_in_rep("UNISON").await;
    let (_, gmb) = app.signed_in_rep("GMB").await;
    let id = open_proposal_naming(app, &hr, &[&staff], &["UNISON", "GMB"]).await;
    Cast {
        hr_email: app.email_of(&hr).await,
        hr,
        staff,
        unison,
        gmb,
        id,
    }
}

/// Schedules a union briefing starting `hours_from_now` (negative: already held).
async fn meeting(app: &TestApp, hr: &str, id: &str, hours_from_now: i64, covers: Value) -> Value {
    let start = chrono::Utc::now() + chrono::Duration::hours(hours_from_now);
    app.ok(
        hr,
        SCHEDULE,
        json!({ "i": { "proposalId": id, "kind": "UNION_BRIEFING", "title": "Union briefing",
            "startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(1)).to_rfc3339(),
            "inviteeGroups": ["UNION_REPS", "AFFECTED_STAFF"], "covers": covers } }),
    )
    .await["scheduleMeeting"]
        .clone()
}

/// The meeting's record as `token` sees it on the proposal.
async fn record(app: &TestApp, token: &str, id: &str, meeting_id: &Value) -> Value {
    let body = app
        .ok(
            token,
            &format!("query($id: ID!) {{ proposal(id: $id) {{ meetings {RECORD} }} }}"),
            json!({ "id": id }),
        )
        .await;
    body["proposal"]["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == *meeting_id)
        .cloned()
        .unwrap_or_else(|| panic!("meeting not shown: {body}"))
}

fn minutes_input(meeting_id: &Value, version: Option<i64>, text: &str) -> Value {
    json!({ "i": { "meetingId": meeting_id, "expectedVersion": version,
        "sections": [
            { "heading": "Introductions", "body": "HR opened the meeting and introduced the proposal." },
            { "heading": "Ways to avoid redundancies", "body": text },
            { "heading": "Next steps", "body": "" }
        ],
        "subjectsDiscussed": ["AVOIDING", "MITIGATING"] } })
}

fn recipients(rows: &[Value]) -> BTreeSet<String> {
    rows.iter()
        .map(|r| r["recipientEmail"].as_str().unwrap().to_owned())
        .collect()
}

async fn minutes_are_drafted_shared_confirmed_and_disputed_and_each_side_sees_its_part(
    app: TestApp,
) {
    let c = cast(&app).await;
    let m = meeting(&app, &c.hr, &c.id, -3, json!(["AVOIDING"])).await;
    let mid = &m["id"];
    let saved = app
        .ok(
            &c.hr,
            SAVE,
            minutes_input(mid, None, "Vacancies will be held."),
        )
        .await;
    assert_eq!(
        saved["saveMeetingMinutes"]["minutes"],
        json!({ "version": 1, "status": "DRAFT" })
    );
    // A draft is HR's (and the sponsor's): null to a rep, and staff see nothing of the record.
    let hr_view = record(&app, &c.hr, &c.id, mid).await;
    assert_eq!(
        hr_view["minutes"]["sections"][1]["heading"],
        "Ways to avoid redundancies"
    );
    assert_eq!(
        hr_view["minutes"]["subjectsDiscussed"],
        json!(["AVOIDING", "MITIGATING"])
    );
    assert!(hr_view["minutes"]["draftedBy"]["id"].is_string());
    assert!(record(&app, &c.unison, &c.id, mid).await["minutes"].is_null());
    let body = app
        .graphql(
            Some(&c.unison),
            CONFIRM,
            json!({ "i": { "meetingId": mid, "expectedVersion": 1 } }),
        )
        .await;
    assert_eq!(
        error_code(&body),
        "NOT_FOUND",
        "a draft cannot be confirmed"
    );

    // Once minutes exist, a save names the version it replaces.
    let body = app
        .graphql(Some(&c.hr), SAVE, minutes_input(mid, None, "x"))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(
        body["errors"][0]["extensions"]["field"],
        "input.expectedVersion"
    );
    let body = app
        .graphql(Some(&c.hr), SAVE, minutes_input(mid, Some(7), "x"))
        .await;
    assert_eq!(error_code(&body), "CONFLICT");
    let text = "Vacancies will be held and agency use reviewed.";
    app.ok(&c.hr, SAVE, minutes_input(mid, Some(1), text)).await;
    let body = app
        .graphql(
            Some(&c.hr),
            SHARE,
            json!({ "i": { "meetingId": mid, "expectedVersion": 1 } }),
        )
        .await;
    assert_eq!(error_code(&body), "CONFLICT", "stale version");
    let shared = app
        .ok(
            &c.hr,
            SHARE,
            json!({ "i": { "meetingId": mid, "expectedVersion": 2 } }),
        )
        .await;
    assert_eq!(shared["shareMeetingMinutes"]["minutes"]["status"], "SHARED");
    assert!(shared["shareMeetingMinutes"]["minutes"]["sharedAt"].is_string());
    // "Minutes ready for review" to the reps of the recognised unions.
    let (unison_email, gmb_email) = (app.email_of(&c.unison).await, app.email_of(&c.gmb).await);
    let ready = outbox(&app, &c.hr, &c.id, "minutes_ready").await;
    assert_eq!(
        recipients(&ready),
        BTreeSet::from([unison_email.clone(), gmb_email.clone()])
    );
    let rep_view = record(&app, &c.unison, &c.id, mid).await;
    assert_eq!(rep_view["minutes"]["status"], "SHARED");
    assert_eq!(rep_view["minutes"]["sections"][1]["body"], text);

    // UNISON confirms; GMB has not yet: still SHARED. A second confirmation is a conflict.
    let v2 = json!({ "i": { "meetingId": mid, "expectedVersion": 2 } });
    let confirmed = app.ok(&c.unison, CONFIRM, v2.clone()).await;
    assert_eq!(
        confirmed["confirmMeetingMinutes"]["minutes"]["status"],
        "SHARED"
    );
    assert_eq!(
        error_code(&app.graphql(Some(&c.unison), CONFIRM, v2.clone()).await),
        "CONFLICT"
    );
    assert!(
        outbox(&app, &c.hr, &c.id, "minutes_confirmed")
            .await
            .is_empty()
    );
    // HR does not confirm for a union.
    assert_eq!(
        error_code(&app.graphql(Some(&c.hr), CONFIRM, v2.clone()).await),
        "FORBIDDEN"
    );
    let confirmed = app.ok(&c.gmb, CONFIRM, v2).await;
    assert_eq!(
        confirmed["confirmMeetingMinutes"]["minutes"]["status"],
        "CONFIRMED"
    );
    let told = outbox(&app, &c.hr, &c.id, "minutes_confirmed").await;
    assert_eq!(
        recipients(&told),
        BTreeSet::from([c.hr_email.clone(), unison_email.clone(), gmb_email.clone()])
    );

    // A change after sharing is a new version, shared again; the replies to version 2 stay.
    let saved = app
        .ok(
            &c.hr,
            SAVE,
            minutes_input(mid, Some(2), "Vacancies held; no agency staff."),
        )
        .await;
    assert_eq!(
        saved["saveMeetingMinutes"]["minutes"],
        json!({ "version": 3, "status": "SHARED" })
    );
    assert_eq!(outbox(&app, &c.hr, &c.id, "minutes_ready").await.len(), 4);
    let stale = app
        .graphql(
            Some(&c.gmb),
            DISPUTE,
            json!({ "i": { "meetingId": mid, "expectedVersion": 2, "text": "No." } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    let disputed = app
        .ok(
            &c.gmb,
            DISPUTE,
            json!({ "i": { "meetingId": mid, "expectedVersion": 3, "text": "GMB said agency staff would go first, before any redundancy." } }),
        )
        .await["disputeMeetingMinutes"]["minutes"]
        .clone();
    assert_eq!(disputed["status"], "DISPUTED");
    let replies = disputed["unionReplies"].as_array().unwrap();
    assert_eq!(
        replies.len(),
        3,
        "both versions' replies are kept: {replies:?}"
    );
    assert_eq!(
        replies[2],
        json!({ "unionName": "GMB", "agreed": false, "text": "GMB said agency staff would go first, before any redundancy.", "minutesVersion": 3 })
    );
    assert_eq!(
        recipients(&outbox(&app, &c.hr, &c.id, "minutes_disputed").await),
        BTreeSet::from([c.hr_email.clone()])
    );
    // Disputed wins over confirmed.
    let unison_v3 = app
        .ok(
            &c.unison,
            CONFIRM,
            json!({ "i": { "meetingId": mid, "expectedVersion": 3 } }),
        )
        .await;
    assert_eq!(
        unison_v3["confirmMeetingMinutes"]["minutes"]["status"],
        "DISPUTED"
    );
    let empty = app
        .graphql(
            Some(&c.gmb),
            DISPUTE,
            json!({ "i": { "meetingId": mid, "expectedVersion": 3, "text": "  " } }),
        )
        .await;
    assert_eq!(error_code(&empty), "BAD_USER_INPUT");

    // Staff see nothing of the record, nor can they reply.
    let staff_view = record(&app, &c.staff, &c.id, mid).await;
    assert!(staff_view["minutes"].is_null(), "{staff_view}");
    assert_eq!(staff_view["attendance"], json!([]));
    assert_ne!(
        app.graphql(
            Some(&c.staff),
            CONFIRM,
            json!({ "i": { "meetingId": mid, "expectedVersion": 3 } })
        )
        .await
        .get("errors"),
        None
    );
}

async fn attendance_is_recorded_once_a_meeting_is_held_and_for_recognised_unions_only(
    app: TestApp,
) {
    let c = cast(&app).await;
    let (rep_id, _) = app.signed_in_rep("UNISON").await;
    let future = meeting(&app, &c.hr, &c.id, 48, json!([])).await;
    let attendees = json!([
        { "name": "Jo Brierley", "capacity": "HR", "present": true },
        { "name": "Sam Patel", "capacity": "MANAGEMENT", "present": true },
        { "name": "Pat Rep", "capacity": "UNION", "unionName": "unison", "userId": rep_id, "present": true },
        { "name": "Gill Moss", "capacity": "UNION", "unionName": "GMB", "present": false }
    ]);
    let body = app
        .graphql(
            Some(&c.hr),
            ATTEND,
            json!({ "i": { "meetingId": future["id"], "expectedVersion": future["version"], "attendees": attendees } }),
        )
        .await;
    assert_eq!(error_code(&body), "PRECONDITION_FAILED", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["missing"],
        json!(["MEETING_HELD"])
    );

    let held = meeting(&app, &c.hr, &c.id, -2, json!([])).await;
    let neu = app
        .graphql(
            Some(&c.hr),
            ATTEND,
            json!({ "i": { "meetingId": held["id"], "expectedVersion": held["version"], "attendees": [
                { "name": "Nell", "capacity": "UNION", "unionName": "NEU", "present": true } ] } }),
        )
        .await;
    assert_eq!(error_code(&neu), "BAD_USER_INPUT");
    assert_eq!(
        neu["errors"][0]["extensions"]["field"],
        "input.attendees[0].unionName"
    );
    let stale = app
        .graphql(
            Some(&c.hr),
            ATTEND,
            json!({ "i": { "meetingId": held["id"], "expectedVersion": 99, "attendees": attendees } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    // Only HR records it.
    assert_eq!(
        error_code(
            &app.graphql(
                Some(&c.unison),
                ATTEND,
                json!({ "i": { "meetingId": held["id"], "expectedVersion": held["version"], "attendees": [] } }),
            )
            .await
        ),
        "FORBIDDEN"
    );
    let recorded = app
        .ok(
            &c.hr,
            ATTEND,
            json!({ "i": { "meetingId": held["id"], "expectedVersion": held["version"], "attendees": attendees } }),
        )
        .await["recordMeetingAttendance"]
        .clone();
    assert_eq!(recorded["version"], held["version"].as_i64().unwrap() + 1);
    assert_eq!(
        recorded["attendance"][2],
        json!({ "name": "Pat Rep", "capacity": "UNION", "unionName": "UNISON", "present": true })
    );
    assert_eq!(recorded["attendance"][3]["present"], false, "apologies");
    // The rep of a recognised union sees who came; staff do not.
    let rep_view = record(&app, &c.gmb, &c.id, &held["id"]).await;
    assert_eq!(rep_view["attendance"].as_array().unwrap().len(), 4);
    assert_eq!(rep_view["attendance"][2]["user"]["id"], rep_id);
    assert_eq!(
        record(&app, &c.staff, &c.id, &held["id"]).await["attendance"],
        json!([])
    );
    // A cancelled meeting was not held.
    let cancelled = meeting(&app, &c.hr, &c.id, -5, json!([])).await;
    let after = app
        .ok(
            &c.hr,
            "mutation($i: CancelMeetingInput!) { cancelMeeting(input: $i) { version } }",
            json!({ "i": { "id": cancelled["id"], "expectedVersion": cancelled["version"] } }),
        )
        .await;
    let body = app
        .graphql(
            Some(&c.hr),
            ATTEND,
            json!({ "i": { "meetingId": cancelled["id"], "expectedVersion": after["cancelMeeting"]["version"], "attendees": [] } }),
        )
        .await;
    assert_eq!(error_code(&body), "PRECONDITION_FAILED");
}

const AGREE: &str = "mutation($i: AgreeMeetingActionInput!) { agreeMeetingAction(input: $i) {
    text kind dueOn owner { id }
    question { text source dueOn owner { id } }
    checklistStep { title description plannedDate assignee { id } } } }";

async fn an_action_becomes_an_owned_question_or_a_checklist_task(app: TestApp) {
    let c = cast(&app).await;
    let (manager_id, _) = app.signed_in(Role::Manager).await;
    let staff_id = app.ok(&c.staff, "{ me { id } }", json!({})).await["me"]["id"].clone();
    let held = meeting(&app, &c.hr, &c.id, -2, json!([])).await;
    let due = (chrono::Utc::now() + chrono::Duration::days(7))
        .date_naive()
        .to_string();
    let question = app
        .ok(
            &c.hr,
            AGREE,
            json!({ "i": { "meetingId": held["id"], "text": "Share the list of vacancies across the directorate.",
                "kind": "QUESTION", "ownerId": manager_id, "dueOn": due } }),
        )
        .await["agreeMeetingAction"]
        .clone();
    assert_eq!(question["kind"], "QUESTION");
    let q = &question["question"];
    assert!(
        q["text"]
            .as_str()
            .unwrap()
            .starts_with("Action from Union briefing on "),
        "{q}"
    );
    assert!(
        q["text"]
            .as_str()
            .unwrap()
            .ends_with(": Share the list of vacancies across the directorate.")
    );
    assert_eq!(q["source"], "MEETING");
    assert_eq!(q["dueOn"], due);
    assert_eq!(q["owner"]["id"], manager_id);
    // It is in the question log.
    let log = app
        .ok(
            &c.hr,
            "query($id: ID!) { proposal(id: $id) { questions { text owner { id } } } }",
            json!({ "id": c.id }),
        )
        .await;
    assert!(
        log["proposal"]["questions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["text"] == q["text"] && x["owner"]["id"] == manager_id),
        "{log}"
    );

    let task = app
        .ok(
            &c.hr,
            AGREE,
            json!({ "i": { "meetingId": held["id"], "text": "Draft the redeployment pool letter.",
                "kind": "TASK", "ownerId": manager_id, "dueOn": due } }),
        )
        .await["agreeMeetingAction"]
        .clone();
    assert!(task["question"].is_null());
    let step = &task["checklistStep"];
    assert_eq!(step["title"], "Draft the redeployment pool letter.");
    assert_eq!(step["plannedDate"], due);
    assert_eq!(step["assignee"]["id"], manager_id);
    assert!(
        step["description"]
            .as_str()
            .unwrap()
            .starts_with("Action from Union briefing")
    );

    // The owner is an HR or manager account.
    let body = app
        .graphql(
            Some(&c.hr),
            AGREE,
            json!({ "i": { "meetingId": held["id"], "text": "x", "kind": "TASK", "ownerId": staff_id, "dueOn": due } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "input.ownerId");
    // Reps see the actions agreed.
    let rep_view = record(&app, &c.unison, &c.id, &held["id"]).await;
    assert_eq!(rep_view["actions"].as_array().unwrap().len(), 2);
    assert_eq!(
        record(&app, &c.staff, &c.id, &held["id"]).await["actions"],
        json!([])
    );
}

async fn a_tabled_document_downloads_for_hr_and_reps_but_not_staff(app: TestApp) {
    let c = cast(&app).await;
    let held = meeting(&app, &c.hr, &c.id, -2, json!([])).await;
    let pdf = crate::hardening::sample_pdf(0);
    let tabled = app
        .upload(
            &c.hr,
            "mutation($i: TableMeetingDocumentInput!) { tableMeetingDocument(input: $i) { id fileName contentType sizeBytes downloadPath tabledBy { id } } }",
            json!({ "i": { "meetingId": held["id"], "file": null } }),
            "i.file",
            "Slides.pdf",
            pdf.clone(),
        )
        .await;
    assert!(tabled.get("errors").is_none(), "{tabled}");
    let doc = tabled["data"]["tableMeetingDocument"].clone();
    assert_eq!(doc["contentType"], "application/pdf");
    assert_eq!(doc["sizeBytes"], json!(pdf.len()));
    let path = doc["downloadPath"].as_str().unwrap().to_owned();
    assert_eq!(
        path,
        format!("/meeting-documents/{}", doc["id"].as_str().unwrap())
    );
    for token in [&c.hr, &c.unison] {
        let (status, content_type, bytes) = app.download(Some(token), &path).await;
        assert_eq!(status, 200);
        assert_eq!(content_type, "application/pdf");
        assert_eq!(bytes, pdf);
    }
    let (status, _, _) = app.download(Some(&c.staff), &path).await;
    assert_eq!(status, 404, "staff see nothing of the record");
    let (status, _, _) = app.download(None, &path).await;
    assert_eq!(status, 401);
    assert_eq!(
        record(&app, &c.unison, &c.id, &held["id"]).await["documents"][0]["fileName"],
        "Slides.pdf"
    );
    let removed = app
        .ok(
            &c.hr,
            "mutation($i: RemoveMeetingDocumentInput!) { removeMeetingDocument(input: $i) { documents { id } } }",
            json!({ "i": { "id": doc["id"] } }),
        )
        .await;
    assert_eq!(removed["removeMeetingDocument"]["documents"], json!([]));
    let (status, _, _) = app.download(Some(&c.hr), &path).await;
    assert_eq!(status, 404);
}

async fn uncovered(app: &TestApp, hr: &str, id: &str) -> Value {
    app.ok(
        hr,
        "query($id: ID!) { proposal(id: $id) { s188 { uncovered } } }",
        json!({ "id": id }),
    )
    .await["proposal"]["s188"]["uncovered"]
        .clone()
}

// s188(2): consultation must cover avoiding, reducing and mitigating the dismissals. What a
// held meeting covered is what its minutes record, not what it was planned to cover.
async fn s188_coverage_follows_the_subjects_the_minutes_record(app: TestApp) {
    let c = cast(&app).await;
    assert_eq!(
        uncovered(&app, &c.hr, &c.id).await,
        json!(["AVOIDING", "REDUCING", "MITIGATING"])
    );
    let held = meeting(&app, &c.hr, &c.id, -2, json!(["AVOIDING", "REDUCING"])).await;
    assert_eq!(uncovered(&app, &c.hr, &c.id).await, json!(["MITIGATING"]));
    app.ok(
        &c.hr,
        SAVE,
        json!({ "i": { "meetingId": held["id"], "sections": [{ "heading": "Mitigating the effect", "body": "Redeployment and retraining." }],
            "subjectsDiscussed": ["MITIGATING"] } }),
    )
    .await;
    assert_eq!(
        uncovered(&app, &c.hr, &c.id).await,
        json!(["AVOIDING", "REDUCING"]),
        "the minutes, not the plan"
    );
    // A meeting without minutes still counts what it planned.
    meeting(&app, &c.hr, &c.id, 24, json!(["REDUCING"])).await;
    assert_eq!(uncovered(&app, &c.hr, &c.id).await, json!(["AVOIDING"]));
}
