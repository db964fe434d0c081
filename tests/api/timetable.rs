//! Timetables, the s188 gate, sign-off and meetings' calendar files, through HTTP.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    the_bury_proposal_walks_from_draft_to_decided_through_every_gate,
    where_s188_applies_consultation_opens_only_with_a_disclosure_and_a_lawful_timetable,
    meetings_give_ics_invites_that_keep_their_uid_and_raise_sequence,
    my_tasks_lists_my_steps_and_approvals,
    hr_writes_a_checklist_template_and_applies_it,
);

pub async fn step(app: &TestApp, token: &str, mutation: &str, id: &str) -> Value {
    app.graphql(
        Some(token),
        &format!("mutation($id: ID!) {{ {mutation}(input: {{id: $id}}) {{ status }} }}"),
        json!({ "id": id }),
    )
    .await
}

pub fn missing(body: &Value) -> Vec<String> {
    assert_eq!(error_code(body), "PRECONDITION_FAILED", "{body}");
    body["errors"][0]["extensions"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_owned())
        .collect()
}

const BURY_POSTS: &str = "ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note
sm,Service Manager SEN,,SM1,1,1,,,,,,Post vacant. Post disestablished.
tm,SEN Team Manager,,,,,,Grade 16,1,1,,Post established
sp,Senior SEN Practitioner,,Grade 13,3,3,sm,Grade 12,1,1,tm,Reduction to 1 FTE
cw,SEN Caseworker,,Grade 9,4,4,sp,Grade 9,7,7,sp,Increase to 7 FTE
";

pub async fn bury_proposal(app: &TestApp, hr: &str, extra_employees: usize) -> String {
    for (grade, cost) in [
        ("SM1", "61969"),
        ("Grade 16", "53608"),
        ("Grade 13", "41260"),
        ("Grade 12", "40123"),
        ("Grade 9", "36700"),
    ] {
        app.ok(hr, "mutation($g: String!, $c: Money!) { setPayScale(input: {grade: $g, annualCost: $c}) { grade } }", json!({ "g": grade, "c": cost })).await;
    }
    let id = app.ok(hr, "mutation { createProposal(input: {fields: {title: \"Restructure of the SEN Service\", service: \"Children and Young People\", establishment: \"Bury SEN Service\", recognisedUnions: [\"UNISON\", \"GMB\"]}}) { id } }", json!({}))
        .await["createProposal"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let posts = if extra_employees > 0 {
        BURY_POSTS
            .replace(
                "Grade 9,4,4,sp",
                &format!("Grade 9,{0},{0},sp", 4 + extra_employees),
            )
            .replace(
                "Grade 9,7,7,sp",
                &format!("Grade 9,{0},{0},sp", 7 + extra_employees),
            )
    } else {
        BURY_POSTS.to_owned()
    };
    let report = app.ok(hr, "mutation($id: ID!, $csv: String!) { importStructureCsv(input: {proposalId: $id, kind: POSTS, csv: $csv}) { imported } }", json!({ "id": id, "csv": posts })).await;
    assert_eq!(report["importStructureCsv"]["imported"], 4);
    let mut people = String::from(
        "employee_number,name,work_email,post,fte,impact,impact_note\nE1,Alex Moore,alex@bury.example,Senior SEN Practitioner,1,RING_FENCED,\nE2,Farzana Hussain,farzana@bury.example,Senior SEN Practitioner,1,RING_FENCED,\n",
    );
    for i in 0..(3 + extra_employees) {
        people.push_str(&format!(
            "C{i},Caseworker {i},cw{i}@bury.example,SEN Caseworker,1,{},\n",
            if extra_employees > 0 {
                "AT_RISK"
            } else {
                "RING_FENCED"
            }
        ));
    }
    app.ok(hr, "mutation($id: ID!, $csv: String!) { importStructureCsv(input: {proposalId: $id, kind: EMPLOYEES, csv: $csv}) { imported } }", json!({ "id": id, "csv": people })).await;
    id
}

pub const FIELDS: &str = "mutation($id: ID!, $v: Int!, $f: ProposalFieldsInput!) { updateProposal(input: {id: $id, expectedVersion: $v, fields: $f}) { version } }";

pub async fn version(app: &TestApp, token: &str, id: &str) -> i64 {
    app.ok(
        token,
        "query($id: ID!) { proposal(id: $id) { version } }",
        json!({ "id": id }),
    )
    .await["proposal"]["version"]
        .as_i64()
        .unwrap()
}

async fn the_bury_proposal_walks_from_draft_to_decided_through_every_gate(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = bury_proposal(&app, &hr, 0).await;

    let refused = missing(&step(&app, &hr, "submitForApproval", &id).await);
    assert!(
        refused.contains(&"Write the rationale.".to_owned()),
        "{refused:?}"
    );
    let fields = json!({ "background": "Demand for EHC plans has grown.", "rationale": "The structure is top heavy.", "proposalText": "Increase caseworker capacity.", "selectionMethod": "Ring fence under the 60% rule." });
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": fields }),
    )
    .await;
    // The approvers are named before approval is asked for.
    assert_eq!(
        missing(&step(&app, &hr, "submitForApproval", &id).await),
        vec!["Set up the sign-off checklist and its approvals."]
    );
    let checklist = app.ok(&hr, "mutation($id: ID!) { applyChecklistTemplate(proposalId: $id) { checklist { title } approvals { id approverTitle } } }", json!({ "id": id })).await;
    assert_eq!(
        step(&app, &hr, "submitForApproval", &id).await["data"]["submitForApproval"]["status"],
        "IN_APPROVAL"
    );

    let refused = missing(&step(&app, &hr, "approveProposal", &id).await);
    assert_eq!(refused[0], "Complete the equality analysis.");
    assert_eq!(refused.len(), 7, "{refused:?}");
    app.ok(&hr, FIELDS, json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "equalityAnalysis": "Positive impact for children with SEND.", "equalityAnalysisComplete": true } })).await;
    assert_eq!(
        checklist["applyChecklistTemplate"]["checklist"]
            .as_array()
            .unwrap()
            .len(),
        11
    );
    let approvals: Vec<Value> = checklist["applyChecklistTemplate"]["approvals"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(approvals.len(), 6);
    let refused = missing(&step(&app, &hr, "approveProposal", &id).await);
    assert_eq!(
        refused.len(),
        6,
        "one line per outstanding approval: {refused:?}"
    );
    assert!(refused[1].contains("Head of Finance"));

    // A named approver rejects: back to DRAFT with the comment.
    let (finance_id, finance) = app.signed_in(Role::Manager).await;
    app.ok(
        &hr,
        "mutation($a: ID!, $u: ID!) { assignApprover(input: {approvalId: $a, userId: $u}) { id } }",
        json!({ "a": approvals[1]["id"], "u": finance_id }),
    )
    .await;
    let decide = "mutation($a: ID!, $d: ApprovalDecision!, $c: String) { decideApproval(input: {approvalId: $a, decision: $d, comment: $c}) { decision comment } }";
    let not_theirs = app
        .graphql(
            Some(&hr),
            decide,
            json!({ "a": approvals[1]["id"], "d": "APPROVE" }),
        )
        .await;
    assert_eq!(
        error_code(&not_theirs),
        "FORBIDDEN",
        "only the named approver decides"
    );
    let no_reason = app
        .graphql(
            Some(&finance),
            decide,
            json!({ "a": approvals[1]["id"], "d": "REJECT" }),
        )
        .await;
    assert_eq!(
        no_reason["errors"][0]["extensions"]["field"],
        "input.comment"
    );
    app.ok(
        &finance,
        decide,
        json!({ "a": approvals[1]["id"], "d": "REJECT", "c": "Cost the agency cover." }),
    )
    .await;
    let status = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(status["proposal"]["status"], "DRAFT");
    let audit = app.ok(&hr, "query($id: ID!) { auditEvents(entityId: $id, first: 1) { edges { node { action after } } } }", json!({ "id": id })).await;
    assert_eq!(
        audit["auditEvents"]["edges"][0]["node"]["after"]["comment"],
        "Cost the agency cover."
    );

    assert_eq!(
        step(&app, &hr, "submitForApproval", &id).await["data"]["submitForApproval"]["status"],
        "IN_APPROVAL"
    );
    app.ok(&finance, decide, json!({ "a": approvals[1]["id"], "d": "APPROVE_WITH_CONDITIONS", "c": "Agency cover ends at go-live." })).await;
    for approval in approvals.iter().filter(|a| a["id"] != approvals[1]["id"]) {
        app.ok(&hr, decide, json!({ "a": approval["id"], "d": "APPROVE" }))
            .await;
    }
    assert_eq!(
        step(&app, &hr, "approveProposal", &id).await["data"]["approveProposal"]["status"],
        "APPROVED"
    );

    let refused = missing(&step(&app, &hr, "openConsultation", &id).await);
    assert_eq!(
        refused,
        vec![
            "Share the proposal with its recognised unions.",
            "Set the consultation period."
        ]
    );
    app.ok(
        &hr,
        "mutation($id: ID!) { shareProposalWithUnions(input: {id: $id}) { id } }",
        json!({ "id": id }),
    )
    .await;
    let bad_period = app.graphql(Some(&hr), "mutation($id: ID!) { setTimetable(input: {proposalId: $id, consultationStart: \"2021-03-07\", consultationEnd: \"2021-02-05\", consultationType: INDIVIDUAL}) { version } }", json!({ "id": id })).await;
    assert_eq!(
        bad_period["errors"][0]["extensions"]["field"], "input.consultation.end",
        "end before start"
    );
    app.ok(&hr, "mutation($id: ID!) { setTimetable(input: {proposalId: $id, consultationStart: \"2021-02-05\", consultationEnd: \"2021-03-07\", consultationType: INDIVIDUAL}) { consultationDays } }", json!({ "id": id })).await;
    // The pack's consultation is long over: it is recorded as having opened on its first day.
    assert_eq!(
        app.ok(
            &hr,
            "mutation($id: ID!) { openConsultation(input: {id: $id, occurredOn: \"2021-02-05\"}) { status } }",
            json!({ "id": id })
        )
        .await["openConsultation"]["status"],
        "CONSULTING"
    );
    let s188 = app.ok(&hr, "query($id: ID!) { proposal(id: $id) { s188 { applies band findings { severity section } } } }", json!({ "id": id })).await;
    assert_eq!(
        s188["proposal"]["s188"]["applies"], false,
        "5 displaced: individual consultation only"
    );
    assert_eq!(s188["proposal"]["s188"]["band"], "INDIVIDUAL_ONLY");

    assert_eq!(
        step(&app, &hr, "closeConsultation", &id).await["data"]["closeConsultation"]["status"],
        "CONSULTATION_CLOSED"
    );
    let plan = app.ok(&hr, "mutation($id: ID!) { addImplementationStep(input: {proposalId: $id, date: \"2021-03-10\", activity: \"Final collation of feedback\", beforeDecision: true}) { id } }", json!({ "id": id })).await;
    let refused = missing(&step(&app, &hr, "recordDecision", &id).await);
    assert_eq!(
        refused,
        vec![
            "Complete the step \"Final collation of feedback\".",
            "Write the consultation outcome report."
        ]
    );
    crate::outcome::complete_outcome_report(&app, &hr, &id).await;
    app.ok(
        &hr,
        "mutation($s: ID!) { completeImplementationStep(id: $s) { doneAt } }",
        json!({ "s": plan["addImplementationStep"]["id"] }),
    )
    .await;
    assert_eq!(
        step(&app, &hr, "recordDecision", &id).await["data"]["recordDecision"]["status"],
        "DECIDED"
    );
}

async fn where_s188_applies_consultation_opens_only_with_a_disclosure_and_a_lawful_timetable(
    app: TestApp,
) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    // 2 ring-fenced seniors and 3 + 20 caseworkers at risk: 25 proposed dismissals.
    let id = bury_proposal(&app, &hr, 20).await;
    let today = chrono::Utc::now().date_naive();
    let fields = json!({ "background": "B", "rationale": "The structure is top heavy.", "proposalText": "P", "selectionMethod": "Ring fence under the 60% rule.", "equalityAnalysis": "Done", "equalityAnalysisComplete": true, "establishmentWorkforce": { "asOf": today, "descriptions": [{ "description": "SEN caseworker", "headcount": 40 }, { "description": "Senior SEN practitioner", "headcount": 6 }] } });
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": fields }),
    )
    .await;
    let start = today;
    // Consultation ends before the first dismissal takes effect (Junk v Kühnel).
    let end = start + chrono::Days::new(29);
    let too_soon = start + chrono::Days::new(20);
    app.ok(&hr, "mutation($id: ID!, $s: NaiveDate!, $e: NaiveDate!, $f: NaiveDate!) { setTimetable(input: {proposalId: $id, consultationStart: $s, consultationEnd: $e, consultationType: COLLECTIVE, plannedFirstDismissal: $f}) { version } }", json!({ "id": id, "s": start, "e": end, "f": too_soon })).await;
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
    assert_eq!(
        step(&app, &hr, "submitForApproval", &id).await["data"]["submitForApproval"]["status"],
        "IN_APPROVAL"
    );
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

    let refused = missing(&step(&app, &hr, "openConsultation", &id).await);
    assert!(
        refused.iter().any(|m| m.contains("s188(4)")),
        "dismissal method, pay method, agency workers missing: {refused:?}"
    );
    assert!(
        refused.iter().any(|m| m.contains("giveS188Disclosure")),
        "{refused:?}"
    );

    let fields = json!({ "dismissalMethod": "Notice in line with contracts after selection.", "redundancyPayMethod": "Statutory formula on actual weekly pay.", "agencyWorkers": "4 FTE agency caseworkers in the SEN team, casework." });
    app.ok(
        &hr,
        FIELDS,
        json!({ "id": id, "v": version(&app, &hr, &id).await, "f": fields }),
    )
    .await;
    let given = app.ok(&hr, "mutation($id: ID!, $d: NaiveDate!) { giveS188Disclosure(input: {proposalId: $id, givenOn: $d}) { applies band minimumConsultationDays compliant disclosure { item present } } }", json!({ "id": id, "d": start })).await;
    let s188 = &given["giveS188Disclosure"];
    assert_eq!(s188["applies"], true);
    assert_eq!(s188["band"], "TWENTY_TO_NINETY_NINE");
    assert_eq!(s188["minimumConsultationDays"], 30);
    assert!(
        s188["disclosure"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["present"] == true),
        "{s188}"
    );
    assert_eq!(
        s188["compliant"], false,
        "the first dismissal is only 20 days after the start"
    );
    let refused = missing(&step(&app, &hr, "openConsultation", &id).await);
    assert!(
        refused.iter().any(|m| m.contains("s188(1A)")),
        "{refused:?}"
    );

    let lawful = start + chrono::Days::new(30);
    let v = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { timetable { version } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["timetable"]["version"]
        .clone();
    app.ok(&hr, "mutation($id: ID!, $v: Int, $s: NaiveDate!, $e: NaiveDate!, $f: NaiveDate!) { setTimetable(input: {proposalId: $id, expectedVersion: $v, consultationStart: $s, consultationEnd: $e, consultationType: COLLECTIVE, plannedFirstDismissal: $f}) { version } }", json!({ "id": id, "v": v, "s": start, "e": end, "f": lawful })).await;
    // The disclosure items were written after sign-off: HR records why consultation opens on
    // the approvals given before.
    let refused = missing(&step(&app, &hr, "openConsultation", &id).await);
    assert!(
        refused
            .iter()
            .all(|m| m.contains("given on an earlier version")),
        "{refused:?}"
    );
    app.ok(&hr, "mutation($id: ID!) { proceedWithoutReapproval(input: {proposalId: $id, reason: \"The methods were required by s188(4) and not in dispute.\"}) { id } }", json!({ "id": id })).await;
    assert_eq!(
        step(&app, &hr, "openConsultation", &id).await["data"]["openConsultation"]["status"],
        "CONSULTING"
    );
    let view = app.ok(&hr, "query($id: ID!) { proposal(id: $id) { s188 { compliant hr1DueDate earliestLawfulFirstDismissal dismissalsInWindow protectiveAward { employees maxDays } } } }", json!({ "id": id })).await;
    let s188 = &view["proposal"]["s188"];
    assert_eq!(s188["compliant"], true, "{s188}");
    assert_eq!(s188["dismissalsInWindow"], 25);
    assert_eq!(
        s188["hr1DueDate"],
        json!(start.to_string()),
        "HR1 30 days before the first dismissal (s193)"
    );
    assert_eq!(
        s188["earliestLawfulFirstDismissal"],
        json!(lawful.to_string())
    );
    assert_eq!(s188["protectiveAward"]["employees"], 25);

    // HR1 is recorded with its copy to the representatives; a later change to the proposal
    // means the representatives are owed an updated disclosure.
    let hr1 = "mutation($id: ID!, $d: NaiveDate!) { recordHr1Notification(input: {proposalId: $id, madeOn: $d, reference: \"HR1-2026-0042\", submittedCopy: \"25 proposed redundancies at Bury SEN Service\", copyToRepresentativesOn: $d}) { s188 { hr1MadeOn hr1Reference findings { section message } } } }";
    let recorded = app.ok(&hr, hr1, json!({ "id": id, "d": start })).await;
    assert_eq!(
        recorded["recordHr1Notification"]["s188"]["hr1Reference"],
        "HR1-2026-0042"
    );
    app.ok(&hr, FIELDS, json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "rationale": "The structure is top heavy, and demand has grown." } })).await;
    let after = app.ok(&hr,
        "query($id: ID!) { proposal(id: $id) { s188 { findings { severity section message } } } }",
        json!({ "id": id }),
    )
    .await;
    let findings = after["proposal"]["s188"]["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("updated disclosure")),
        "{findings:?}"
    );

    // Staff do not see the s188 assessment; union reps do.
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    assert_eq!(
        app.ok(
            &rep,
            "query($id: ID!) { proposal(id: $id) { s188 { applies } } }",
            json!({ "id": id })
        )
        .await["proposal"]["s188"]["applies"],
        true
    );
}

fn validate_ics(files: &[(std::path::PathBuf, String, i64, &str)]) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/validate_ics.py");
    let mut command = std::process::Command::new("python3");
    command.arg(script);
    for (path, uid, sequence, status) in files {
        command
            .arg(path)
            .arg(uid)
            .arg(sequence.to_string())
            .arg(status);
    }
    let output = command
        .output()
        .expect("python3 runs (.ci/run installs the icalendar package)");
    assert!(
        output.status.success(),
        "the .ics files do not parse: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

async fn meetings_give_ics_invites_that_keep_their_uid_and_raise_sequence(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = bury_proposal(&app, &hr, 0).await;
    let schedule = "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id version sequence icsPath } }";
    let briefing = app.ok(&hr, schedule, json!({ "i": { "proposalId": id, "kind": "STAFF_BRIEFING", "title": "Whole staff briefing: Restructure of the SEN Service", "startsAt": "2021-02-05T10:00:00Z", "endsAt": "2021-02-05T11:00:00Z", "place": "Town Hall, Knowsley Street; Room 3, Bury", "inviteeGroups": ["AFFECTED_STAFF", "UNION_REPS"], "covers": ["AVOIDING"] } })).await["scheduleMeeting"].clone();
    let bad = app.graphql(Some(&hr), schedule, json!({ "i": { "proposalId": id, "kind": "DROP_IN", "title": "x", "startsAt": "2021-02-05T11:00:00Z", "endsAt": "2021-02-05T10:00:00Z" } })).await;
    assert_eq!(bad["errors"][0]["extensions"]["field"], "input.endsAt");

    let meeting_id = briefing["id"].as_str().unwrap().to_owned();
    let uid = format!("{meeting_id}@consult");
    let dir = tempfile::tempdir().unwrap();
    let download = |name: &str| {
        let path = dir.path().join(name);
        let (client, url, token) = (
            app.client.clone(),
            format!("{}{}", app.address, briefing["icsPath"].as_str().unwrap()),
            hr.clone(),
        );
        async move {
            let response = client.get(url).bearer_auth(token).send().await.unwrap();
            assert_eq!(response.status(), 200);
            assert!(
                response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/calendar")
            );
            std::fs::write(&path, response.bytes().await.unwrap()).unwrap();
            path
        }
    };
    let first = download("first.ics").await;
    // Moved a week later: same UID, SEQUENCE 1.
    app.ok(&hr, "mutation($i: UpdateMeetingInput!) { updateMeeting(input: $i) { sequence } }", json!({ "i": { "id": meeting_id, "expectedVersion": 1, "startsAt": "2021-06-10T09:00:00Z", "endsAt": "2021-06-10T10:00:00Z" } })).await;
    let moved = download("moved.ics").await;
    let cancelled = app
        .ok(
            &hr,
            "mutation($i: CancelMeetingInput!) { cancelMeeting(input: $i) { sequence cancelled } }",
            json!({ "i": { "id": meeting_id, "expectedVersion": 2 } }),
        )
        .await;
    assert_eq!(
        cancelled["cancelMeeting"],
        json!({ "sequence": 2, "cancelled": true })
    );
    let gone = download("cancelled.ics").await;
    validate_ics(&[
        (first, uid.clone(), 0, "CONFIRMED"),
        (moved.clone(), uid.clone(), 1, "CONFIRMED"),
        (gone, uid.clone(), 2, "CANCELLED"),
    ]);
    let moved_text = std::fs::read_to_string(&moved).unwrap();
    assert!(
        moved_text.contains("DTSTART;TZID=Europe/London:20210610T100000"),
        "09:00Z in June is 10:00 BST: {moved_text}"
    );

    // Signed out, or not allowed to see the proposal: no invite.
    let anonymous = app
        .client
        .get(format!("{}/calendar/meeting/{meeting_id}.ics", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let (_, stranger) = app.signed_in(Role::Staff).await;
    let hidden = app
        .client
        .get(format!("{}/calendar/meeting/{meeting_id}.ics", app.address))
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), 404);

    // A rep's private feed has the (cancelled) briefing; a 1:1 for someone else is not in it.
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    app.ok(
        &hr,
        "mutation($id: ID!) { shareProposalWithUnions(input: {id: $id}) { id } }",
        json!({ "id": id }),
    )
    .await;
    app.ok(&hr, schedule, json!({ "i": { "proposalId": id, "kind": "ONE_TO_ONE", "title": "1:1 with Alex Moore", "startsAt": "2021-02-08T09:30:00Z", "endsAt": "2021-02-08T10:00:00Z" } })).await;
    let path = app.ok(&rep, "{ myCalendarFeedPath }", json!({})).await["myCalendarFeedPath"]
        .as_str()
        .unwrap()
        .to_owned();
    let feed = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(feed.contains(&uid), "{feed}");
    assert!(
        !feed.contains("Alex Moore"),
        "a 1:1 is only for those invited"
    );
    let feed_path = dir.path().join("feed.ics");
    std::fs::write(&feed_path, &feed).unwrap();
    validate_ics(&[(feed_path, uid, 2, "CANCELLED")]);
    let wrong = app
        .client
        .get(format!("{}/calendar/not-a-token.ics", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);
}

async fn my_tasks_lists_my_steps_and_approvals(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let id = bury_proposal(&app, &hr, 0).await;
    app.ok(&hr, FIELDS, json!({ "id": id, "v": version(&app, &hr, &id).await, "f": { "sponsorId": sponsor_id, "background": "B", "rationale": "R", "proposalText": "P", "selectionMethod": "S" } })).await;
    // A period in the past makes the early steps overdue.
    app.ok(&hr, "mutation($id: ID!) { setTimetable(input: {proposalId: $id, consultationStart: \"2021-02-05\", consultationEnd: \"2021-03-07\", consultationType: INDIVIDUAL}) { version } }", json!({ "id": id })).await;
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
        json!({ "a": approval, "u": sponsor_id }),
    )
    .await;

    let tasks = app.ok(&sponsor, "{ myTasks { steps { title overdue plannedDate assignee { id } } approvals { approverTitle } } }", json!({})).await;
    let steps = tasks["myTasks"]["steps"].as_array().unwrap();
    assert!(
        steps.len() >= 5,
        "the manager's steps of their proposal: {steps:?}"
    );
    assert!(
        steps
            .iter()
            .all(|s| s["assignee"]["id"] == json!(sponsor_id))
    );
    assert_eq!(steps[0]["overdue"], true, "overdue first");
    assert_eq!(
        tasks["myTasks"]["approvals"][0]["approverTitle"],
        "Director or Chief/Senior Officer"
    );

    let first = steps[0].clone();
    let step_id = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { checklist { id title } } }",
            json!({ "id": id }),
        )
        .await["proposal"]["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == first["title"])
        .unwrap()["id"]
        .clone();
    let (_, other) = app.signed_in(Role::Manager).await;
    let complete = "mutation($s: ID!) { completeChecklistStep(input: {id: $s, note: \"Signed off at SLT.\"}) { completedAt completionNote } }";
    assert_eq!(
        error_code(
            &app.graphql(Some(&other), complete, json!({ "s": step_id }))
                .await
        ),
        "FORBIDDEN"
    );
    assert_eq!(
        app.ok(&sponsor, complete, json!({ "s": step_id })).await["completeChecklistStep"]["completionNote"],
        "Signed off at SLT."
    );
    let after = app
        .ok(&sponsor, "{ myTasks { steps { title } } }", json!({}))
        .await;
    assert_eq!(
        after["myTasks"]["steps"].as_array().unwrap().len(),
        steps.len() - 1
    );

    // Until approval HR may reorder and remove steps.
    let reordered = app.ok(&hr, "mutation($s: ID!) { moveOrRemoveChecklistStep(input: {id: $s, position: 1}) { title position } }", json!({ "s": step_id })).await;
    assert_eq!(
        reordered["moveOrRemoveChecklistStep"][0]["title"],
        first["title"]
    );
    let removed = app
        .ok(
            &hr,
            "mutation($s: ID!) { moveOrRemoveChecklistStep(input: {id: $s}) { position } }",
            json!({ "s": step_id }),
        )
        .await;
    assert_eq!(
        removed["moveOrRemoveChecklistStep"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
}

async fn hr_writes_a_checklist_template_and_applies_it(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (lead_id, _) = app.signed_in(Role::Manager).await;
    let listed = app.ok(&hr,
        "{ checklistTemplates { name steps { title anchor offsetDays assigneeRole } approvals } }",
        json!({}),
    )
    .await;
    let default = &listed["checklistTemplates"][0];
    assert_eq!(default["name"], "Bury progress checklist");
    assert_eq!(default["steps"].as_array().unwrap().len(), 11);
    assert_eq!(
        default["steps"][2],
        json!({ "title": "Step 3 – Briefing Trade Unions", "anchor": "CONSULTATION_START", "offsetDays": -64, "assigneeRole": "HR_ADMIN" })
    );

    let create = "mutation($i: ChecklistTemplateInput!) { createChecklistTemplate(input: $i) { id name steps { title assigneeId } approvals } }";
    let input = json!({ "name": "Small team change", "steps": [
        { "title": "Brief the team", "anchor": "CONSULTATION_START", "offsetDays": 0, "assigneeId": lead_id },
        { "title": "Confirm the outcome", "anchor": "CONSULTATION_END", "offsetDays": 5, "assigneeRole": "HR_ADMIN" }
    ], "approvals": [{ "approverTitle": "Head of Service", "approverId": lead_id }] });
    let created =
        app.ok(&hr, create, json!({ "i": input })).await["createChecklistTemplate"].clone();
    assert_eq!(created["steps"][0]["assigneeId"], json!(lead_id));
    assert_eq!(
        error_code(&app.graphql(Some(&hr), create, json!({ "i": input })).await),
        "CONFLICT"
    );
    let no_one = json!({ "name": "Nobody", "steps": [{ "title": "Orphan" }], "approvals": [] });
    let body = app.graphql(Some(&hr), create, json!({ "i": no_one })).await;
    assert_eq!(
        body["errors"][0]["extensions"]["field"],
        "input.steps[0].assigneeRole"
    );

    let id = bury_proposal(&app, &hr, 0).await;
    app.ok(&hr, "mutation($id: ID!) { setTimetable(input: {proposalId: $id, consultationStart: \"2026-01-05\", consultationEnd: \"2026-02-04\", consultationType: INDIVIDUAL}) { version } }", json!({ "id": id })).await;
    let applied = app.ok(&hr, "mutation($id: ID!, $t: ID!) { applyChecklistTemplate(proposalId: $id, templateId: $t) { checklist { title plannedDate assignee { id } } approvals { approverTitle approver { id } } } }", json!({ "id": id, "t": created["id"] })).await;
    let proposal = &applied["applyChecklistTemplate"];
    assert_eq!(
        proposal["checklist"][0],
        json!({ "title": "Brief the team", "plannedDate": "2026-01-05", "assignee": { "id": lead_id } })
    );
    assert_eq!(proposal["checklist"][1]["plannedDate"], "2026-02-09");
    assert_eq!(
        proposal["approvals"],
        json!([{ "approverTitle": "Head of Service", "approver": { "id": lead_id } }])
    );

    let (_, staff) = app.signed_in(Role::Staff).await;
    assert_eq!(
        error_code(
            &app.graphql(Some(&staff), "{ checklistTemplates { name } }", json!({}))
                .await
        ),
        "FORBIDDEN"
    );
}
