//! The consultation bundle (`GET /proposals/{id}/bundle.zip`): what it holds, what the union's
//! variant withholds, who may download which, and that it is streamed. Built on the demo's two
//! proposals (the SEN restructure in consultation; the Business Support Review past its
//! decision, with letters), with a confidential question from someone with a name found
//! nowhere else.

use crate::db_tests;
use crate::helpers::{PASSWORD, TestApp};
use consult::domain::{
    account::{NewUser, Role},
    audit::AuditActor,
    password::Password,
    question::QuestionSource,
};
use consult::store::{self, entities::union_response_attachment};
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use uuid::Uuid;

db_tests!(
    the_bundle_holds_the_record_and_its_manifest,
    the_union_variant_withholds_what_reps_may_not_see,
    only_hr_and_reps_download_and_reps_only_the_unions,
    a_large_bundle_is_streamed,
);

const DISTINCTIVE: &str = "Zephyrine Quillfeather-Okonkwo";
const CONFIDENTIAL_QUESTION: &str =
    "Will my part-time hours be protected if I am slotted in to the caseworker post?";

/// The demo's SEN proposal and the decided Business Support Review: (sen id, business id).
async fn demo(app: &TestApp) -> (String, String, String) {
    consult::demo::load(&app.store, consult::demo::DemoPasswords::Use(PASSWORD))
        .await
        .unwrap();
    let hr = token(app, "hr@bury.example").await;
    let list = app
        .ok(
            &hr,
            "{ proposals { edges { node { id title } } } }",
            json!({}),
        )
        .await;
    let id_of = |pick: &dyn Fn(&str) -> bool| {
        list["proposals"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| pick(e["node"]["title"].as_str().unwrap()))
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let business = id_of(&|t| t == consult::demo::business_support::TITLE);
    let sen = id_of(&|t| t != consult::demo::business_support::TITLE);
    // The demo's joint UNISON and GMB response awaits GMB's signature: GMB signs, so the
    // bundle holds a submitted response.
    let gmb = token(app, "gmb.rep@bury.example").await;
    let joint = app
        .ok(
            &gmb,
            "query($id: ID!) { proposal(id: $id) { unionResponses { id version } } }",
            json!({ "id": sen }),
        )
        .await["proposal"]["unionResponses"][0]
        .clone();
    app.ok(
        &gmb,
        "mutation($i: SignUnionResponseInput!) { signUnionResponse(input: $i) { submitted } }",
        json!({ "i": { "responseId": joint["id"], "expectedVersion": joint["version"] } }),
    )
    .await;
    (hr, sen, business)
}

async fn token(app: &TestApp, email: &str) -> String {
    let body = app.login(email, PASSWORD).await;
    body["data"]["login"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

/// A confidential question from a member of staff with a distinctive name.
async fn confidential_question(app: &TestApp, proposal: &str) {
    let email = format!("zq-{}@bury.gov.uk", Uuid::now_v7().simple());
    let user = store::users::create(
        &app.store,
        &AuditActor::CLI,
        NewUser::parse(&email, DISTINCTIVE, Role::Staff, None, "").unwrap(),
        Some(Password::parse(PASSWORD, "password").unwrap()),
    )
    .await
    .unwrap();
    let today = chrono::Utc::now().date_naive();
    store::questions::raise(
        &app.store,
        &AuditActor::User(user.id),
        Uuid::parse_str(proposal).unwrap(),
        store::questions::NewQuestion {
            source: QuestionSource::Staff,
            text: CONFIDENTIAL_QUESTION.into(),
            asker_id: Some(user.id),
            asker_union: None,
            confidential: true,
            raised_on: today,
            due_on: None,
            jd_comment_id: None,
        },
    )
    .await
    .unwrap();
}

/// A document tabled at the SEN proposal's first held (group) meeting.
async fn tabled_document(app: &TestApp, proposal: &str) {
    let id = Uuid::parse_str(proposal).unwrap();
    let graphs = store::structure::load_graphs(app.store.conn(), &[id])
        .await
        .unwrap();
    let held = graphs[&id]
        .meetings
        .iter()
        .find(|m| {
            m.starts_at < chrono::Utc::now()
                && !m.cancelled
                && m.kind != consult::domain::timetable::MeetingKind::OneToOne
        })
        .expect("the demo has a held meeting");
    store::meeting_records::table_document(
        &app.store,
        &AuditActor::CLI,
        held.id,
        "Briefing slides.pdf",
        crate::hardening::sample_pdf(0),
    )
    .await
    .unwrap();
}

/// Downloads a bundle: (status, headers, body).
async fn fetch(
    app: &TestApp,
    token: Option<&str>,
    path: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

/// Unzips with a real reader (Python's `zipfile`, which checks every CRC) into a map of
/// path → content.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("bundle.zip");
    std::fs::write(&archive, bytes).unwrap();
    let out = dir.path().join("out");
    let script = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nbad = z.testzip()\nassert bad is None, bad\nz.extractall(sys.argv[2])\nprint('\\n'.join(z.namelist()))";
    let run = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&archive)
        .arg(&out)
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "not a valid ZIP: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(|name| (name.to_owned(), std::fs::read(out.join(name)).unwrap()))
        .collect()
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        files
            .get(name)
            .unwrap_or_else(|| panic!("{name} is missing: {:?}", files.keys()))
            .clone(),
    )
    .unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every file the manifest lists is there with its size and SHA-256, and every file but
/// the manifest is listed.
fn check_manifest(files: &BTreeMap<String, Vec<u8>>) -> Value {
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let listed = manifest["files"].as_array().unwrap();
    for entry in listed {
        let path = entry["path"].as_str().unwrap();
        let content = files.get(path).unwrap_or_else(|| panic!("{path} missing"));
        assert_eq!(
            entry["size"].as_u64().unwrap(),
            content.len() as u64,
            "{path}"
        );
        assert_eq!(entry["sha256"].as_str().unwrap(), sha256(content), "{path}");
    }
    assert_eq!(
        listed.len() + 1,
        files.len(),
        "every file is in the manifest"
    );
    manifest
}

fn index_mentions(files: &BTreeMap<String, Vec<u8>>, needle: &str) -> bool {
    text(files, "index.html").contains(needle)
}

fn contains(files: &BTreeMap<String, Vec<u8>>, needle: &str) -> Vec<String> {
    files
        .iter()
        .filter(|(_, content)| {
            content
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
        })
        .map(|(name, _)| name.clone())
        .collect()
}

async fn the_bundle_holds_the_record_and_its_manifest(app: TestApp) {
    let (hr, sen, business) = demo(&app).await;
    confidential_question(&app, &sen).await;
    tabled_document(&app, &sen).await;
    let path = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { bundlePath } }",
            json!({ "id": sen }),
        )
        .await["proposal"]["bundlePath"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(path, format!("/proposals/{sen}/bundle.zip"));
    let (status, headers, body) = fetch(&app, Some(&hr), &path).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(headers["content-type"], "application/zip");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"consultation-bundle-")
            && disposition.ends_with(".zip\""),
        "{disposition}"
    );
    let files = unzip(&body);
    let manifest = check_manifest(&files);
    assert_eq!(manifest["variant"], "full");
    for expected in [
        "index.html",
        "chronology.csv",
        "01-proposal/proposal.html",
        "01-proposal/revisions.csv",
        "04-meetings/meetings.html",
        "04-meetings/meetings.csv",
        "04-meetings/attendance.csv",
        "05-questions/questions.html",
        "05-questions/questions.csv",
        "06-union-responses/responses.html",
        "07-feedback/summary.html",
        "07-feedback/responses.html",
        "07-feedback/responses.csv",
        "08-outcome/outcome-report.html",
        "08-outcome/outcome-report.csv",
        "09-decision/decision.html",
        "10-letters/letters.csv",
        "11-audit/chain-check.txt",
        "11-audit/audit-log.html",
        "11-audit/audit-log.csv",
    ] {
        assert!(
            files.contains_key(expected),
            "{expected}: {:?}",
            files.keys()
        );
    }
    assert!(
        files
            .keys()
            .any(|f| f.starts_with("01-proposal/revision-01"))
    );
    // The meetings' records: attendance, minutes with the union side's replies (the demo's
    // opening briefing disputed by UNISON, with its version), the tabled document itself.
    let meetings = text(&files, "04-meetings/meetings.html");
    assert!(meetings.contains("<h3>Attendance</h3>"), "{meetings}");
    assert!(meetings.contains("<h3>Minutes (version"));
    assert!(meetings.contains("UNISON: disputed"));
    assert!(meetings.contains("The union's version:"));
    assert!(
        files.iter().any(|(n, c)| n.starts_with("04-meetings/")
            && n.ends_with("Briefing-slides.pdf")
            && c.starts_with(b"%PDF")),
        "{:?}",
        files.keys()
    );
    assert!(index_mentions(&files, "Minutes of"));
    // UNISON's attachment, the file itself.
    assert!(
        files
            .keys()
            .any(|f| f.starts_with("06-union-responses/01-UNISON/")),
        "{:?}",
        files.keys()
    );
    let index = text(&files, "index.html");
    assert!(index.contains("<h2>Contents</h2>") && index.contains("Chronology"));
    assert!(
        index.contains("counter(page)"),
        "numbered pages when printed"
    );
    assert!(!index.contains("<script") && !index.contains("https://"));
    for name in files.keys().filter(|n| *n != "index.html") {
        if name == "manifest.json" {
            continue;
        }
        assert!(
            index.contains(&format!("href=\"{name}\"")),
            "index links {name}"
        );
    }
    assert!(
        index.contains("Question raised"),
        "chronology has dated facts"
    );
    assert!(index.contains("Collective response submitted"));
    assert!(
        index.contains("proposal.shared_with_unions"),
        "and the audit log"
    );
    assert!(text(&files, "11-audit/chain-check.txt").contains("intact"));
    // HR sees names as the API shows them to HR, confidential ones included.
    assert!(!contains(&files, DISTINCTIVE).is_empty());
    assert!(text(&files, "05-questions/questions.csv").contains(CONFIDENTIAL_QUESTION));
    assert!(!contains(&files, "Jo Brierley").is_empty());
    assert!(text(&files, "11-audit/audit-log.csv").contains("bundle.downloaded"));

    // The decided proposal: its decision and its letters as PDFs.
    let (status, _, body) = fetch(
        &app,
        Some(&hr),
        &format!("/proposals/{business}/bundle.zip"),
    )
    .await;
    assert_eq!(status, 200);
    let files = unzip(&body);
    check_manifest(&files);
    let pdfs: Vec<_> = files
        .iter()
        .filter(|(n, _)| n.starts_with("10-letters/") && n.ends_with(".pdf"))
        .collect();
    assert!(!pdfs.is_empty(), "{:?}", files.keys());
    assert!(pdfs.iter().all(|(_, c)| c.starts_with(b"%PDF")));
    assert!(text(&files, "09-decision/decision.html").contains("Decision recorded"));
    assert!(text(&files, "index.html").contains("Letter issued to"));

    // Each download is in the audit log, with its variant.
    let events = app
        .ok(
            &hr,
            "query($id: ID!) { auditEvents(entityId: $id, first: 100) { edges { node { action after } } } }",
            json!({ "id": business }),
        )
        .await;
    assert!(
        events["auditEvents"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["node"]["action"] == "bundle.downloaded"
                && e["node"]["after"]["variant"] == "full"),
        "{events}"
    );
}

async fn the_union_variant_withholds_what_reps_may_not_see(app: TestApp) {
    let (hr, sen, business) = demo(&app).await;
    confidential_question(&app, &sen).await;
    tabled_document(&app, &sen).await;
    let rep = token(&app, "unison.rep@bury.example").await;
    let path = app
        .ok(
            &rep,
            "query($id: ID!) { proposal(id: $id) { bundlePath } }",
            json!({ "id": sen }),
        )
        .await["proposal"]["bundlePath"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(path, format!("/proposals/{sen}/bundle.zip?variant=union"));
    let (status, headers, body) = fetch(&app, Some(&rep), &path).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("-unison.zip")
    );
    let files = unzip(&body);
    let manifest = check_manifest(&files);
    assert_eq!(manifest["variant"], "union");
    assert_eq!(manifest["union"], "UNISON");
    // No confidential names, no staff names at all, no letters, no audit entries.
    assert_eq!(contains(&files, DISTINCTIVE), Vec::<String>::new());
    assert_eq!(
        contains(&files, CONFIDENTIAL_QUESTION),
        Vec::<String>::new()
    );
    // The demo's confidential asker and responder, and the other responder: not named with
    // what they said. (Staff who attended a briefing are on its attendance list, which the
    // API shows representatives: `meeting_record::record_access`.)
    for name in ["Jo Brierley", "Alex Moore"] {
        let named: Vec<String> = contains(&files, name)
            .into_iter()
            .filter(|f| !f.starts_with("04-meetings/"))
            .collect();
        assert_eq!(named, Vec::<String>::new(), "{name}");
    }
    assert!(!files.keys().any(|f| f.starts_with("10-letters/")));
    assert!(!files.contains_key("11-audit/audit-log.csv"));
    assert!(files.contains_key("11-audit/chain-check.txt"));
    // What reps see through the API is there: their union's response and its attachment,
    // the staff responses without names, the questions they may read.
    assert!(
        files
            .keys()
            .any(|f| f.starts_with("06-union-responses/01-UNISON/"))
    );
    assert!(text(&files, "07-feedback/responses.csv").contains("Withheld"));
    // The shared minutes and the replies, and the tabled document, as reps see them.
    assert!(text(&files, "04-meetings/meetings.html").contains("UNISON: disputed"));
    assert!(files.keys().any(|n| n.ends_with("Briefing-slides.pdf")));
    assert!(text(&files, "05-questions/questions.csv").contains("Senior SEN Practitioner"));
    // Not GMB's own question (not in the FAQ, another union's).
    assert!(!text(&files, "05-questions/questions.csv").contains("agency caseworkers"));

    // HR may take the union's variant too, naming the union; it is the same reading.
    let (status, _, body) = fetch(
        &app,
        Some(&hr),
        &format!("/proposals/{sen}/bundle.zip?variant=union&union=UNISON"),
    )
    .await;
    assert_eq!(status, 200);
    let files = unzip(&body);
    assert_eq!(contains(&files, DISTINCTIVE), Vec::<String>::new());

    // The decided proposal: no letters, no individual cases' names in the union's.
    let employees = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { employees { edges { node { name } } } } }",
            json!({ "id": business }),
        )
        .await;
    let (status, _, body) = fetch(
        &app,
        Some(&rep),
        &format!("/proposals/{business}/bundle.zip?variant=union"),
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let files = unzip(&body);
    check_manifest(&files);
    assert!(!files.keys().any(|f| f.starts_with("10-letters/")));
    for e in employees["proposal"]["employees"]["edges"]
        .as_array()
        .unwrap()
    {
        // Only on a group meeting's attendance list, as the API shows it to reps.
        let name = e["node"]["name"].as_str().unwrap();
        let named: Vec<String> = contains(&files, name)
            .into_iter()
            .filter(|f| f != "04-meetings/meetings.html" && f != "04-meetings/attendance.csv")
            .collect();
        assert_eq!(named, Vec::<String>::new(), "{name}");
    }
}

async fn only_hr_and_reps_download_and_reps_only_the_unions(app: TestApp) {
    let (_hr, sen, _) = demo(&app).await;
    let full = format!("/proposals/{sen}/bundle.zip");
    let union = format!("{full}?variant=union");
    assert_eq!(fetch(&app, None, &full).await.0, 401);
    assert_eq!(fetch(&app, None, &union).await.0, 401);
    let staff = token(&app, "caseworker@bury.example").await;
    assert_eq!(fetch(&app, Some(&staff), &full).await.0, 403);
    assert_eq!(fetch(&app, Some(&staff), &union).await.0, 403);
    let sponsor = token(&app, "strategic.lead@bury.example").await;
    assert_eq!(fetch(&app, Some(&sponsor), &full).await.0, 403);
    let rep = token(&app, "gmb.rep@bury.example").await;
    assert_eq!(fetch(&app, Some(&rep), &full).await.0, 403);
    assert_eq!(fetch(&app, Some(&rep), &union).await.0, 200);
    // Not another union's.
    assert_eq!(
        fetch(&app, Some(&rep), &format!("{union}&union=UNISON"))
            .await
            .0,
        403
    );
    // A rep of a union not recognised on it does not see the proposal.
    let (_, other) = app.signed_in_rep("NASUWT").await;
    assert_eq!(fetch(&app, Some(&other), &union).await.0, 404);
    let hr = token(&app, "hr@bury.example").await;
    assert_eq!(
        fetch(
            &app,
            Some(&hr),
            &format!("/proposals/{}/bundle.zip", Uuid::now_v7())
        )
        .await
        .0,
        404
    );
    assert_eq!(
        fetch(&app, Some(&hr), "/proposals/nonsense/bundle.zip")
            .await
            .0,
        404
    );
    // The link is there for HR and reps only.
    for (who, expected) in [(&staff, Value::Null), (&sponsor, Value::Null)] {
        let body = app
            .ok(
                who,
                "query($id: ID!) { proposal(id: $id) { bundlePath } }",
                json!({ "id": sen }),
            )
            .await;
        assert_eq!(body["proposal"]["bundlePath"], expected);
    }
}

/// Union attachments of well over 50 MiB: the response has no length and arrives in many
/// chunks, read one at a time here; the archive is whole and valid at the end. (The
/// writer's own test bounds what it holds: `zip::tests::over_a_bounded_channel_...`.)
async fn a_large_bundle_is_streamed(app: TestApp) {
    let (hr, sen, _) = demo(&app).await;
    let graph = store::structure::load_graphs(app.store.conn(), &[Uuid::parse_str(&sen).unwrap()])
        .await
        .unwrap();
    let response = graph.values().next().unwrap().union_responses[0].clone();
    const MIB: usize = 1024 * 1024;
    let total_files = 6;
    for i in 0..total_files {
        // Different bytes per file, so nothing could be shared between them.
        let content: Vec<u8> = (0..10 * MIB)
            .map(|n| ((n * 31 + i * 7) % 251) as u8)
            .collect();
        union_response_attachment::Entity::insert(union_response_attachment::ActiveModel {
            id: Set(Uuid::now_v7()),
            union_response_id: Set(response.id),
            file_name: Set(format!("evidence-{i}.pdf")),
            content_type: Set("application/pdf".into()),
            size_bytes: Set(content.len() as i64),
            content: Set(content),
            uploaded_by: Set(response.submitted_by.unwrap()),
            uploaded_at: Set(chrono::Utc::now()),
        })
        .exec(app.store.conn())
        .await
        .unwrap();
    }
    let mut download = app
        .client
        .get(format!("{}/proposals/{sen}/bundle.zip", app.address))
        .bearer_auth(&hr)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert!(
        download.headers().get("content-length").is_none(),
        "a streamed body has no length up front"
    );
    assert_eq!(download.headers()["transfer-encoding"], "chunked");
    let mut body = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = download.chunk().await.unwrap() {
        chunks += 1;
        body.extend_from_slice(&chunk);
    }
    assert!(body.len() > 60 * MIB, "{} bytes", body.len());
    assert!(chunks > 100, "{chunks} chunks");
    let files = unzip(&body);
    check_manifest(&files);
    let big = files.keys().filter(|f| f.contains("evidence-")).count();
    assert_eq!(big, total_files);
}
