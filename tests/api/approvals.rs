//! Approvals given on an earlier version, HR's reason to proceed without them, and affected
//! staff who have no account.

use crate::db_tests;
use crate::helpers::{TestApp, error_code};
use crate::timetable::missing;
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    a_changed_post_needs_the_approvals_again_or_hrs_recorded_reason,
    an_approver_gives_an_approval_again_after_the_sections_and_disclosure_change,
    the_title_timetable_and_themes_do_not_make_approvals_stale,
    hr_invites_the_affected_staff_who_have_no_account_once,
);

const APPROVALS: &str = "query($id: ID!) { proposal(id: $id) { approvals { id givenOnEarlierVersion changedSince needsReapproval proceedReason } } }";
const DECIDE: &str = "mutation($a: ID!) { decideApproval(input: {approvalId: $a, decision: APPROVE}) { decision givenOnEarlierVersion } }";
const OPEN: &str = "mutation($id: ID!) { openConsultation(input: {id: $id}) { status } }";
const PROCEED: &str = "mutation($id: ID!, $r: String!) { proceedWithoutReapproval(input: {proposalId: $id, reason: $r}) { approverTitle proceedReason givenOnEarlierVersion needsReapproval } }";

/// A proposal naming `people` (name, email, impact), with a current consultation period,
/// signed off by every approver (HR records them) and approved, not yet open.
async fn approved_proposal(app: &TestApp, hr: &str, people: &[(&str, &str, &str)]) -> String {
    let start = chrono::Utc::now().date_naive();
    approved_proposal_with(app, hr, people, &[], (start, start + chrono::Days::new(30))).await
}

/// A caseworker proposal naming `people` (name, email, impact) and recognising `unions`, with
/// the consultation period `period`, signed off by every approver (HR records them) and
/// approved, neither shared nor open.
pub async fn approved_proposal_with(
    app: &TestApp,
    hr: &str,
    people: &[(&str, &str, &str)],
    unions: &[&str],
    period: (chrono::NaiveDate, chrono::NaiveDate),
) -> String {
    app.ok(
        hr,
        "mutation { setPayScale(input: {grade: \"Grade 9\", annualCost: \"36700\"}) { grade } }",
        json!({}),
    )
    .await;
    let fields = json!({ "title": "SEN", "service": "CYP", "establishment": "Bury SEN", "background": "B", "rationale": "R", "proposalText": "P", "selectionMethod": "S", "equalityAnalysis": "E", "equalityAnalysisComplete": true, "recognisedUnions": unions });
    let id = app
        .ok(
            hr,
            "mutation($f: ProposalFieldsInput!) { createProposal(input: {fields: $f}) { id } }",
            json!({ "f": fields }),
        )
        .await["createProposal"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let n = people.len().max(1);
    let posts = format!(
        "ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note\ncw,SEN Caseworker,,Grade 9,{n},{n},,Grade 9,{n},{n},,\n"
    );
    let import = "mutation($id: ID!, $kind: CsvKind!, $csv: String!) { importStructureCsv(input: {proposalId: $id, kind: $kind, csv: $csv}) { imported } }";
    app.ok(
        hr,
        import,
        json!({ "id": id, "kind": "POSTS", "csv": posts }),
    )
    .await;
    if !people.is_empty() {
        let mut csv = String::from("employee_number,name,work_email,post,fte,impact,impact_note\n");
        for (i, (name, email, impact)) in people.iter().enumerate() {
            csv.push_str(&format!("E{i},{name},{email},SEN Caseworker,1,{impact},\n"));
        }
        app.ok(
            hr,
            import,
            json!({ "id": id, "kind": "EMPLOYEES", "csv": csv }),
        )
        .await;
    }
    app.ok(hr, "mutation($id: ID!, $s: NaiveDate!, $e: NaiveDate!) { setTimetable(input: {proposalId: $id, consultationStart: $s, consultationEnd: $e, consultationType: INDIVIDUAL}) { version } }", json!({ "id": id, "s": period.0, "e": period.1 })).await;
    app.ok(
        hr,
        "mutation($id: ID!) { applyChecklistTemplate(proposalId: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    app.ok(
        hr,
        "mutation($id: ID!) { submitForApproval(input: {id: $id}) { status } }",
        json!({ "id": id }),
    )
    .await;
    for approval in approvals(app, hr, &id).await {
        app.ok(hr, DECIDE, json!({ "a": approval["id"] })).await;
    }
    app.ok(
        hr,
        "mutation($id: ID!) { approveProposal(input: {id: $id}) { status } }",
        json!({ "id": id }),
    )
    .await;
    id
}

async fn approvals(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    app.ok(token, APPROVALS, json!({ "id": id })).await["proposal"]["approvals"]
        .as_array()
        .unwrap()
        .clone()
}

async fn a_changed_post_needs_the_approvals_again_or_hrs_recorded_reason(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let id = approved_proposal(&app, &hr, &[]).await;
    assert!(
        approvals(&app, &hr, &id)
            .await
            .iter()
            .all(|a| a["givenOnEarlierVersion"] == false && a["changedSince"] == json!([])),
        "given on the version approved"
    );

    app.ok(&hr, "mutation($id: ID!) { createPost(input: {proposalId: $id, title: \"Business Support Officer\", proposed: {grade: \"Grade 9\", fte: 1, headcount: 1}}) { id } }", json!({ "id": id })).await;
    let stale = approvals(&app, &hr, &id).await;
    assert_eq!(stale.len(), 6);
    for a in &stale {
        assert_eq!(a["givenOnEarlierVersion"], true, "{a}");
        assert_eq!(a["changedSince"], json!(["posts"]), "{a}");
        assert_eq!(a["needsReapproval"], true, "{a}");
    }
    let refused = missing(&app.graphql(Some(&hr), OPEN, json!({ "id": id })).await);
    assert!(
        refused.contains(
            &"Get the approval of the Head of Finance again: it was given on an earlier version."
                .to_owned()
        ),
        "{refused:?}"
    );

    let no_reason = app
        .graphql(Some(&hr), PROCEED, json!({ "id": id, "r": "  " }))
        .await;
    assert_eq!(error_code(&no_reason), "BAD_USER_INPUT");
    let not_hr = app
        .graphql(Some(&staff), PROCEED, json!({ "id": id, "r": "Because." }))
        .await;
    assert_eq!(error_code(&not_hr), "FORBIDDEN");

    let reason = "The new post is funded from the same budget; the Director agreed by email.";
    let proceeded =
        app.ok(&hr, PROCEED, json!({ "id": id, "r": reason })).await["proceedWithoutReapproval"]
            .as_array()
            .unwrap()
            .clone();
    assert!(proceeded.iter().all(|a| a["proceedReason"] == reason
        && a["givenOnEarlierVersion"] == true
        && a["needsReapproval"] == false));
    let audit = app.ok(&hr, "query($id: ID!) { auditEvents(entityId: $id, first: 1) { edges { node { action after } } } }", json!({ "id": id })).await;
    let event = &audit["auditEvents"]["edges"][0]["node"];
    assert_eq!(event["action"], "proposal.proceeded_without_reapproval");
    assert_eq!(event["after"]["reason"], reason);
    assert_eq!(event["after"]["changedSince"], json!(["posts"]));

    let again = app
        .graphql(Some(&hr), PROCEED, json!({ "id": id, "r": reason }))
        .await;
    assert_eq!(
        error_code(&again),
        "PRECONDITION_FAILED",
        "nothing left to proceed without"
    );
    assert_eq!(
        app.ok(&hr, OPEN, json!({ "id": id })).await["openConsultation"]["status"],
        "CONSULTING"
    );
}

async fn an_approver_gives_an_approval_again_after_the_sections_and_disclosure_change(
    app: TestApp,
) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = approved_proposal(&app, &hr, &[]).await;
    let v = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { version } }",
            json!({ "id": id }),
        )
        .await["proposal"]["version"]
        .clone();
    app.ok(&hr, "mutation($id: ID!, $v: Int!) { updateProposal(input: {id: $id, expectedVersion: $v, fields: {background: \"A new background.\", dismissalMethod: \"Notice in line with contracts.\"}}) { version } }", json!({ "id": id, "v": v })).await;
    let stale = approvals(&app, &hr, &id).await;
    assert_eq!(
        stale[0]["changedSince"],
        json!(["sections", "disclosure items"])
    );

    // Each approver gives it again on the proposal as it now stands; a named approver finds
    // theirs in their tasks.
    let (finance_id, finance) = app.signed_in(Role::Manager).await;
    app.ok(
        &hr,
        "mutation($a: ID!, $u: ID!) { assignApprover(input: {approvalId: $a, userId: $u}) { id } }",
        json!({ "a": stale[0]["id"], "u": finance_id }),
    )
    .await;
    let tasks = app
        .ok(
            &finance,
            "{ myTasks { approvals { id needsReapproval } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        tasks["myTasks"]["approvals"],
        json!([{ "id": stale[0]["id"], "needsReapproval": true }])
    );
    let first = app
        .ok(&finance, DECIDE, json!({ "a": stale[0]["id"] }))
        .await;
    assert_eq!(first["decideApproval"]["givenOnEarlierVersion"], false);
    let tasks = app
        .ok(&finance, "{ myTasks { approvals { id } } }", json!({}))
        .await;
    assert_eq!(tasks["myTasks"]["approvals"], json!([]));
    let refused = missing(&app.graphql(Some(&hr), OPEN, json!({ "id": id })).await);
    assert_eq!(
        refused.len(),
        5,
        "the other five still to give: {refused:?}"
    );
    for a in &stale[1..] {
        app.ok(&hr, DECIDE, json!({ "a": a["id"] })).await;
    }
    assert_eq!(
        app.ok(&hr, OPEN, json!({ "id": id })).await["openConsultation"]["status"],
        "CONSULTING"
    );
}

async fn the_title_timetable_and_themes_do_not_make_approvals_stale(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let id = approved_proposal(&app, &hr, &[]).await;
    let v = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { version timetable { version } } }",
            json!({ "id": id }),
        )
        .await["proposal"]
        .clone();
    app.ok(&hr, "mutation($id: ID!, $v: Int!) { updateProposal(input: {id: $id, expectedVersion: $v, fields: {title: \"SEN restructure\"}}) { version } }", json!({ "id": id, "v": v["version"] })).await;
    let start = chrono::Utc::now().date_naive();
    let end = start + chrono::Days::new(45);
    app.ok(&hr, "mutation($id: ID!, $v: Int, $s: NaiveDate!, $e: NaiveDate!) { setTimetable(input: {proposalId: $id, expectedVersion: $v, consultationStart: $s, consultationEnd: $e, consultationType: INDIVIDUAL}) { version } }", json!({ "id": id, "v": v["timetable"]["version"], "s": start, "e": end })).await;
    assert!(
        approvals(&app, &hr, &id)
            .await
            .iter()
            .all(|a| a["givenOnEarlierVersion"] == false),
        "a title and a timetable are not what was approved"
    );
    assert_eq!(
        app.ok(&hr, OPEN, json!({ "id": id })).await["openConsultation"]["status"],
        "CONSULTING"
    );
    app.ok(
        &hr,
        "mutation($id: ID!) { createTheme(input: {proposalId: $id, name: \"Workload\"}) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(
        approvals(&app, &hr, &id)
            .await
            .iter()
            .all(|a| a["givenOnEarlierVersion"] == false),
        "a theme is not what was approved"
    );
}

async fn hr_invites_the_affected_staff_who_have_no_account_once(app: TestApp) {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, staff) = app.signed_in(Role::Staff).await;
    let with_account = app.email_of(&staff).await.to_uppercase();
    let id = approved_proposal(
        &app,
        &hr,
        &[
            ("Has Account", &with_account, "AT_RISK"),
            ("Jo Without", "jo.without@bury.example", "AFFECTED"),
            ("Sam Without", "sam.without@bury.example", "AT_RISK"),
            (
                "Not Affected",
                "kim.unaffected@bury.example",
                "NOT_AFFECTED",
            ),
        ],
    )
    .await;
    let query = "query($id: ID!) { proposal(id: $id) { affectedWithoutAccountCount affectedWithoutAccount(first: 1) { totalCount pageInfo { hasNextPage } edges { node { name } } } } }";
    let before = app.ok(&hr, query, json!({ "id": id })).await;
    let p = &before["proposal"];
    assert_eq!(p["affectedWithoutAccountCount"], 2, "{p}");
    assert_eq!(p["affectedWithoutAccount"]["totalCount"], 2);
    assert_eq!(p["affectedWithoutAccount"]["pageInfo"]["hasNextPage"], true);

    let invite = "mutation($id: ID!) { inviteAffectedStaff(proposalId: $id) }";
    assert_eq!(
        error_code(&app.graphql(Some(&staff), invite, json!({ "id": id })).await),
        "FORBIDDEN"
    );
    assert_eq!(
        app.ok(&hr, invite, json!({ "id": id })).await["inviteAffectedStaff"],
        2
    );
    assert_eq!(
        app.ok(&hr, invite, json!({ "id": id })).await["inviteAffectedStaff"],
        0,
        "a second call invites nobody new"
    );
    let after = app.ok(&hr, query, json!({ "id": id })).await;
    assert_eq!(after["proposal"]["affectedWithoutAccountCount"], 0);
    let users = app
        .ok(
            &hr,
            "{ users(first: 100) { edges { node { email role } } } }",
            json!({}),
        )
        .await;
    let staff_accounts: Vec<&str> = users["users"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["role"] == "STAFF")
        .map(|e| e["node"]["email"].as_str().unwrap())
        .collect();
    assert!(staff_accounts.contains(&"jo.without@bury.example"));
    assert!(staff_accounts.contains(&"sam.without@bury.example"));
    assert!(
        !staff_accounts.contains(&"kim.unaffected@bury.example"),
        "not affected: not invited"
    );
    let audit = app.ok(&hr, "query($id: ID!) { auditEvents(entityId: $id, first: 1) { edges { node { action after } } } }", json!({ "id": id })).await;
    let event = &audit["auditEvents"]["edges"][0]["node"];
    assert_eq!(event["action"], "proposal.affected_staff_invited");
    assert_eq!(
        event["after"]["invited"], 0,
        "the second call, recorded too"
    );
}
