//! A write costs what it changes (issue 13): saving or submitting one person's response runs
//! the same SQL statements in a consultation of 10 people as in one of 5,000, and still takes
//! exactly that person (or their union's representatives) off the closing reminders, leaving
//! everyone else's as they were.
//!
//! The people beyond the few made through the API are written straight into the database
//! (accounts and employees copied from a real one), then a whole re-plan (HR raising a
//! question) plans their reminders, so the outbox holds thousands of rows when the save runs.

use crate::feedback_scale::{dialect, execute};
use crate::helpers::TestApp;
use crate::proposals::open_proposal_naming;
use consult::domain::account::Role;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

/// Run with a longer request budget than the server's default: the whole re-plan that sets
/// up 5,000 people's reminders can outlast it in a debug build on a busy machine, and this
/// test is about statements, not time.
mod a_response_costs_the_same_statements_for_10_people_and_for_5000 {
    use crate::helpers::{Backend, spawn_app_with};

    async fn run(backend: Backend) {
        let Some(app) = spawn_app_with(backend, |config| {
            config.request_budget = std::time::Duration::from_secs(120);
        })
        .await
        else {
            return eprintln!("skipped: CONSULT_TEST_POSTGRES_URL is not set");
        };
        super::a_response_costs_the_same_statements_for_10_people_and_for_5000(app).await;
    }

    #[test]
    fn sqlite() {
        consult::server::runtime(Some(2)).unwrap().block_on(async {
            run(Backend::Sqlite).await;
        })
    }

    #[test]
    fn postgres() {
        consult::server::runtime(Some(2)).unwrap().block_on(async {
            run(Backend::Postgres).await;
        })
    }
}

const SAVE: &str = "mutation($i: SaveFeedbackInput!) { saveFeedback(input: $i) { submitted } }";
const UNION_SAVE: &str =
    "mutation($i: SaveUnionResponseInput!) { saveUnionResponse(input: $i) { submitted } }";
const REMINDER: &str = "consultation_closes_tomorrow";

/// What saving, submitting and a union's submission cost, in statements.
#[derive(Debug, PartialEq, Eq)]
struct Costs {
    draft: u64,
    submit: u64,
    union_submit: u64,
}

/// Statuses of the closing reminder to one address in one proposal.
async fn reminder_statuses(app: &TestApp, proposal: Uuid, email: &str) -> Vec<String> {
    let statement = Statement::from_sql_and_values(
        app.store.backend(),
        "SELECT status FROM outbox_message WHERE proposal_id = $1 AND recipient_email = $2 AND template = $3",
        vec![proposal.into(), email.into(), REMINDER.into()],
    );
    app.store
        .conn()
        .query_all_raw(statement)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String>("", "status").unwrap())
        .collect()
}

async fn count(app: &TestApp, sql: &str, values: Vec<sea_orm::Value>) -> i64 {
    let statement = Statement::from_sql_and_values(app.store.backend(), sql, values);
    app.store
        .conn()
        .query_one_raw(statement)
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

/// A consultation of `people` members of staff (two made through the API, the rest
/// generated) and a UNISON representative; returns what each kind of save cost.
async fn consultation_of(app: &TestApp, people: u32) -> Costs {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (_, member) = app.signed_in(Role::Staff).await;
    let (_, colleague) = app.signed_in(Role::Staff).await;
    let (_, rep) = app.signed_in_rep("UNISON").await;
    let (member_email, colleague_email, rep_email) = (
        app.email_of(&member).await,
        app.email_of(&colleague).await,
        app.email_of(&rep).await,
    );
    let id = open_proposal_naming(app, &hr, &[&member, &colleague], &["UNISON"]).await;
    let proposal: Uuid = id.parse().unwrap();

    // The rest of the people: accounts and employees like the member's.
    let (series, new_id, _) = dialect(app);
    let prefix = format!("p{}-", proposal.simple());
    let generated = i64::from(people - 2);
    execute(
        app,
        &format!(
            "{series}
            INSERT INTO app_user (id, email, name, role, union_name, password_hash, created_at, updated_at, version)
            SELECT {new_id}, $2 || i || '@bury.gov.uk', 'Generated ' || i, t.role, NULL, NULL,
                   t.created_at, t.updated_at, t.version
            FROM n CROSS JOIN app_user AS t WHERE t.email = $3"
        ),
        vec![generated.into(), prefix.clone().into(), member_email.clone().into()],
    )
    .await;
    execute(
        app,
        &format!(
            "{series}
            INSERT INTO employee (id, proposal_id, employee_number, name, work_email, impact, impact_note,
                                  slot_in_post_id, slot_in_match_percent, version, created_at, updated_at)
            SELECT {new_id}, t.proposal_id, 'G' || i, 'Generated ' || i, $2 || i || '@bury.gov.uk',
                   t.impact, NULL, NULL, NULL, t.version, t.created_at, t.updated_at
            FROM n CROSS JOIN employee AS t WHERE t.proposal_id = $3 AND t.work_email = $4"
        ),
        vec![
            generated.into(),
            prefix.clone().into(),
            proposal.into(),
            member_email.clone().into(),
        ],
    )
    .await;
    // A change that re-plans the whole proposal plans every generated person's reminders.
    app.ok(
        &hr,
        "mutation($i: RaiseQuestionInput!) { raiseQuestion(input: $i) { id } }",
        json!({ "i": { "proposalId": id, "text": "Will the caseload policy change?" } }),
    )
    .await;
    let planned = count(
        app,
        "SELECT COUNT(*) FROM outbox_message WHERE proposal_id = $1 AND template = $2 AND status = 'PENDING'",
        vec![proposal.into(), REMINDER.into()],
    )
    .await;
    let reps = count(
        app,
        "SELECT COUNT(*) FROM app_user WHERE role = $1",
        vec![Role::UnionRep.as_str().into()],
    )
    .await;
    assert_eq!(planned, i64::from(people) + reps, "every person and rep");
    let total = count(
        app,
        "SELECT COUNT(*) FROM outbox_message WHERE proposal_id = $1",
        vec![proposal.into()],
    )
    .await;
    assert!(total >= 4 * i64::from(people), "{total} messages planned");

    let answers = json!([
        { "questionKey": "agree_with_proposal", "values": ["AGREE"] },
        { "questionKey": "agree_with_implementation", "values": ["AGREE"] },
    ]);
    let member = member.as_str();
    let cost = |body: Value| async move {
        let before = app.store.statements_executed();
        app.store.record_statements();
        let result = app.ok(member, SAVE, body).await;
        reads_nothing_of_the_whole_proposal(&app.store.take_recorded());
        (app.store.statements_executed() - before, result)
    };
    let (draft, saved) =
        cost(json!({ "i": { "proposalId": id, "answers": answers, "submit": false } })).await;
    assert_eq!(saved["saveFeedback"]["submitted"], false);
    assert_eq!(
        reminder_statuses(app, proposal, &member_email).await,
        ["PENDING"],
        "a draft is not a response: the reminder stays"
    );
    let (submit, saved) =
        cost(json!({ "i": { "proposalId": id, "answers": answers, "submit": true } })).await;
    assert_eq!(saved["saveFeedback"]["submitted"], true);
    assert_eq!(
        reminder_statuses(app, proposal, &member_email).await,
        ["CANCELLED"],
        "the member responded"
    );
    assert_eq!(
        reminder_statuses(app, proposal, &colleague_email).await,
        ["PENDING"],
        "nobody else is taken off"
    );

    let before = app.store.statements_executed();
    app.store.record_statements();
    let saved = app
        .ok(
            &rep,
            UNION_SAVE,
            json!({ "i": { "proposalId": id, "title": "UNISON's response", "body": "We oppose the deletion of posts.", "submit": true } }),
        )
        .await;
    let union_submit = app.store.statements_executed() - before;
    reads_nothing_of_the_whole_proposal(&app.store.take_recorded());
    assert_eq!(saved["saveUnionResponse"]["submitted"], true);
    assert_eq!(
        reminder_statuses(app, proposal, &rep_email).await,
        ["CANCELLED"],
        "the rep's union responded"
    );
    assert_eq!(
        reminder_statuses(app, proposal, &colleague_email).await,
        ["PENDING"]
    );
    let still_planned = count(
        app,
        "SELECT COUNT(*) FROM outbox_message WHERE proposal_id = $1 AND template = $2 AND status = 'PENDING'",
        vec![proposal.into(), REMINDER.into()],
    )
    .await;
    assert_eq!(
        still_planned,
        planned - 1 - reps,
        "only the member's and the union's reps' went"
    );
    Costs {
        draft,
        submit,
        union_submit,
    }
}

/// A response's save reads none of the proposal's structure or plans (posts, holdings,
/// meetings, steps, approvals), and reads the outbox only for the people it concerns. The same
/// count of statements alone would not show it: a whole re-plan runs a fixed number too, each
/// reading every row.
fn reads_nothing_of_the_whole_proposal(statements: &[String]) {
    assert!(!statements.is_empty());
    for sql in statements {
        let reads =
            |table: &str| sql.starts_with("SELECT") && sql.contains(&format!("FROM \"{table}\""));
        for table in [
            "post",
            "post_holding",
            "meeting",
            "checklist_step",
            "approval",
            "job_description",
        ] {
            assert!(!reads(table), "a save read the proposal's {table}s: {sql}");
        }
        if reads("outbox_message") {
            assert!(
                sql.contains("recipient_id"),
                "a save read the whole outbox: {sql}"
            );
        }
    }
}

async fn a_response_costs_the_same_statements_for_10_people_and_for_5000(app: TestApp) {
    let small = consultation_of(&app, 10).await;
    let large = consultation_of(&app, 5_000).await;
    assert_eq!(
        small, large,
        "10 people: {small:?}; 5,000 people: {large:?}"
    );
    // And a save is a handful of statements, not a re-read of the proposal.
    assert!(small.submit <= 25, "{small:?}");
}
