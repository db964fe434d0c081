//! `feedbackSummary` at scale (issue 13). With more submitted responses than PostgreSQL's
//! 65,535 bind parameters it is exact for HR, follows `domain::feedback::summary_shown` for
//! union reps and the sponsor, and costs the same statements as with ten; and the counts the
//! database makes are those the graph-based count (`domain::feedback::summarise`) made.
//!
//! The proposal, its posts, form, themes and a few people are made through the API; the
//! generated people (accounts, employees, their posts), their responses and theme tags are
//! written straight into the database with `INSERT ... SELECT` over a generated series. The
//! functions under "The generated people" state how the i-th one looks, for the expected
//! counts; the SQL in `populate` writes the same.

use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::proposals::sign_off_and_open;
use consult::domain::{
    access::ProposalView,
    account::Role,
    feedback::{
        self, AGREE_SCALE, CountedResponse, FeedbackSummary, FormQuestion, PostPopulation,
        SummaryShown,
    },
    outcome::TagSubject,
};
use consult::store;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

crate::db_tests!(the_database_counts_what_the_graph_counted);

/// Run with a longer request budget than the server's default: a debug build on a busy
/// machine can take longer over 70,000 rows, and this test is about counts, not time.
mod the_summary_is_exact_beyond_the_bind_parameter_limit {
    use crate::helpers::Backend;

    #[test]
    fn sqlite() {
        consult::server::runtime(Some(2)).unwrap().block_on(async {
            super::the_summary_is_exact_beyond_the_bind_parameter_limit(Backend::Sqlite).await;
        })
    }

    #[test]
    fn postgres() {
        consult::server::runtime(Some(2)).unwrap().block_on(async {
            super::the_summary_is_exact_beyond_the_bind_parameter_limit(Backend::Postgres).await;
        })
    }
}

/// Submitted responses generated for the large proposal: more than 65,535.
const MANY: u32 = 70_000;
/// Drafts generated after the submitted responses (never counted).
const DRAFTS: u32 = 30;
/// Generated accounts are `gen-<i>@bury.gov.uk`.
const PREFIX: &str = "gen-";

/// The posts, by CSV ref, in the structure's order. `nr` has no current side.
const POSTS: &str = "ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note
cw,SEN Caseworker,,Grade 9,4,4,,Grade 9,4,4,,
fs,Family Support Worker,,Grade 9,4,4,,Grade 9,4,4,,
pw,Plan Writer,,Grade 9,1,1,,,,,,
tl,Team Leader,,Grade 9,2,2,,Grade 9,2,2,,
ao,Admin Officer,,Grade 9,1,1,,,,,,
nr,New Role,,,,,,Grade 9,1,1,,
";
const CURRENT_POSTS: [&str; 5] = ["cw", "fs", "pw", "tl", "ao"];

const SUMMARY: &str = "query($id: ID!) { proposal(id: $id) { feedbackSummary {
    responses
    answers { questionKey choices { choice responses } }
    posts { post { id } responses }
    otherPosts { posts responses }
    themes { theme { id } responses }
} } }";

const SAVE: &str = "mutation($i: SaveFeedbackInput!) { saveFeedback(input: $i) { id } }";

/// One answer as stored: (question key, values).
type StoredAnswer = (String, Vec<String>);

// The generated people. The i-th (from 1) of a proposal with `n` generated submitted
// responses: responses 1..=n are submitted, n+1..=n+DRAFTS are drafts.

/// The last n/70 submitted authors are not in the structure (their responses count in the
/// total only); the rest, and the drafts' authors, are employees of the proposal.
fn in_structure(i: u32, n: u32) -> bool {
    i > n || i <= n - n / 70
}

/// The posts an employee holds: a caseworker (even) or family support worker (odd); numbers 3
/// and 9 are also the Admin Officers (a small post); every thousandth also holds the New
/// Role, which is not a current post.
fn posts_held(i: u32) -> Vec<&'static str> {
    let mut posts = vec![if i.is_multiple_of(2) { "cw" } else { "fs" }];
    if i == 3 || i == 9 {
        posts.push("ao");
    }
    if i.is_multiple_of(1000) {
        posts.push("nr");
    }
    posts
}

/// Their answers: the scale by i mod 5; options by i mod 4 (none at 2, "Option C" twice at
/// 3); a text answer every third.
fn answers(i: u32) -> Vec<StoredAnswer> {
    let mut answers = vec![answer(
        "agree_with_proposal",
        &[AGREE_SCALE[(i % 5) as usize]],
    )];
    match i % 4 {
        0 => answers.push(answer("options", &["Option A", "Option B"])),
        1 => answers.push(answer("options", &["Option B"])),
        2 => {}
        _ => answers.push(answer("options", &["Option C", "Option C"])),
    }
    if i.is_multiple_of(3) {
        answers.push(answer("other_issues", &["Option A"]));
    }
    answers
}

/// Tagged with "Caseloads" (drafts included; they do not count).
fn about_caseloads(i: u32) -> bool {
    i.is_multiple_of(7)
}

fn answer(key: &str, values: &[&str]) -> StoredAnswer {
    (
        key.to_owned(),
        values.iter().map(|v| (*v).to_owned()).collect(),
    )
}

/// The two responses made through the API: a caseworker's and the Plan Writer's (tagged
/// "Grading").
fn api_answers() -> [Vec<StoredAnswer>; 2] {
    [
        vec![
            answer("agree_with_proposal", &["AGREE"]),
            answer("options", &["Option A"]),
        ],
        vec![
            answer("agree_with_proposal", &["STRONGLY_DISAGREE"]),
            answer("options", &["Option B", "Option C"]),
        ],
    ]
}

/// A proposal made through the API: the posts above, a caseworker (`member`), the Plan
/// Writer and two Team Leaders, a form with a scale, a multiple choice and a text question,
/// themes "Caseloads" and "Grading", and the two responses of `api_answers`.
struct Consultation {
    id: String,
    uuid: Uuid,
    hr: String,
    sponsor: String,
    rep: String,
    posts: HashMap<String, Uuid>,
    /// Caseloads, Grading.
    themes: [Uuid; 2],
    member_email: String,
    member_response: Uuid,
}

fn id_of(value: &Value) -> Uuid {
    value.as_str().unwrap().parse().unwrap()
}

async fn consultation(app: &TestApp) -> Consultation {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let (_, member) = app.signed_in(Role::Staff).await;
    let (_, solo) = app.signed_in(Role::Staff).await;
    let (_, pair_1) = app.signed_in(Role::Staff).await;
    let (_, pair_2) = app.signed_in(Role::Staff).await;
    app.ok(
        &hr,
        "mutation { setPayScale(input: {grade: \"Grade 9\", annualCost: \"36700\"}) { grade } }",
        json!({}),
    )
    .await;
    let fields = json!({ "title": "SEN", "service": "CYP", "establishment": "Bury SEN", "background": "B", "rationale": "R", "proposalText": "P", "selectionMethod": "S", "equalityAnalysis": "E", "equalityAnalysisComplete": true, "recognisedUnions": ["UNISON"], "sponsorId": sponsor_id });
    let id = app
        .ok(
            &hr,
            "mutation($f: ProposalFieldsInput!) { createProposal(input: {fields: $f}) { id } }",
            json!({ "f": fields }),
        )
        .await["createProposal"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let questions = json!([
        { "key": "agree_with_proposal", "text": "Are you in agreement with the proposal?", "kind": "AGREE_SCALE", "required": true },
        { "key": "options", "text": "Which options do you support?", "kind": "MULTI_CHOICE", "choices": ["Option A", "Option B", "Option C"] },
        { "key": "other_issues", "text": "Anything else?", "kind": "LONG_TEXT" },
    ]);
    app.ok(
        &hr,
        "mutation($i: SetFeedbackFormInput!) { setFeedbackForm(input: $i) { version } }",
        json!({ "i": { "proposalId": id, "questions": questions } }),
    )
    .await;
    let import = "mutation($id: ID!, $kind: CsvKind!, $csv: String!) { importStructureCsv(input: {proposalId: $id, kind: $kind, csv: $csv}) { imported } }";
    app.ok(
        &hr,
        import,
        json!({ "id": id, "kind": "POSTS", "csv": POSTS }),
    )
    .await;
    let member_email = app.email_of(&member).await;
    let mut people = String::from("employee_number,name,work_email,post,fte,impact,impact_note\n");
    let holders = [
        (&member, "SEN Caseworker"),
        (&solo, "Plan Writer"),
        (&pair_1, "Team Leader"),
        (&pair_2, "Team Leader"),
    ];
    for (i, (token, post)) in holders.into_iter().enumerate() {
        let email = app.email_of(token).await;
        people.push_str(&format!("E{i},Person {i},{email},{post},1,AFFECTED,\n"));
    }
    app.ok(
        &hr,
        import,
        json!({ "id": id, "kind": "EMPLOYEES", "csv": people }),
    )
    .await;
    app.ok(
        &hr,
        "mutation($id: ID!) { shareProposalWithUnions(input: {id: $id}) { id } }",
        json!({ "id": id }),
    )
    .await;
    sign_off_and_open(app, &hr, &id).await;
    let mut themes = Vec::new();
    for name in ["Caseloads", "Grading"] {
        let theme = app
            .ok(
                &hr,
                "mutation($id: ID!, $n: String!) { createTheme(input: {proposalId: $id, name: $n}) { id } }",
                json!({ "id": id, "n": name }),
            )
            .await["createTheme"]["id"]
            .clone();
        themes.push(id_of(&theme));
    }
    let mut responses = Vec::new();
    for (token, answers) in [&member, &solo].into_iter().zip(api_answers()) {
        let answers: Vec<Value> = answers
            .iter()
            .map(|(key, values)| json!({ "questionKey": key, "values": values }))
            .collect();
        let saved = app
            .ok(
                token,
                SAVE,
                json!({ "i": { "proposalId": id, "answers": answers, "submit": true, "confidential": true } }),
            )
            .await;
        responses.push(id_of(&saved["saveFeedback"]["id"]));
    }
    app.ok(
        &hr,
        "mutation($t: ID!, $x: ID!) { tagTheme(input: {themeId: $t, subject: FEEDBACK_RESPONSE, subjectId: $x}) { id } }",
        json!({ "t": themes[1].to_string(), "x": responses[1].to_string() }),
    )
    .await;
    let listed = app
        .ok(
            &hr,
            "query($id: ID!) { proposal(id: $id) { posts(first: 20) { edges { node { id title } } } } }",
            json!({ "id": id }),
        )
        .await;
    let refs: HashMap<&str, &str> = POSTS
        .lines()
        .skip(1)
        .map(|line| {
            let mut cells = line.split(',');
            let r = cells.next().unwrap();
            (cells.next().unwrap(), r)
        })
        .collect();
    let posts = listed["proposal"]["posts"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let title = e["node"]["title"].as_str().unwrap();
            (refs[title].to_owned(), id_of(&e["node"]["id"]))
        })
        .collect();
    Consultation {
        uuid: id.parse().unwrap(),
        id,
        hr,
        sponsor,
        rep,
        posts,
        themes: themes.try_into().unwrap(),
        member_email,
        member_response: responses[0],
    }
}

/// Runs one statement of the test's own SQL.
pub(crate) async fn execute(app: &TestApp, sql: &str, values: Vec<sea_orm::Value>) {
    let statement = Statement::from_sql_and_values(app.store.backend(), sql, values);
    app.store
        .conn()
        .execute_raw(statement)
        .await
        .unwrap_or_else(|err| panic!("{err}: {sql}"));
}

/// `n(i)` for i in 1..=$1, a new id, and JSON from text, in the backend's SQL.
pub(crate) fn dialect(app: &TestApp) -> (&'static str, &'static str, fn(&str) -> String) {
    match app.store.backend() {
        DbBackend::Postgres => (
            "WITH n(i) AS (SELECT generate_series(1, $1))",
            "gen_random_uuid()",
            |text| format!("CAST({text} AS jsonb)"),
        ),
        _ => (
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)",
            // sea-orm stores a Uuid in SQLite as its 16 bytes.
            "randomblob(16)",
            |text| text.to_owned(),
        ),
    }
}

/// Accounts `gen-1@bury.gov.uk` ... `gen-<count>@bury.gov.uk`, members of staff.
async fn generate_accounts(app: &TestApp, like: &str, count: u32) {
    let (series, new_id, _) = dialect(app);
    let sql = format!(
        "{series}
        INSERT INTO app_user (id, email, name, role, union_name, password_hash, created_at, updated_at, version)
        SELECT {new_id}, $2 || i || '@bury.gov.uk', 'Generated ' || i, t.role, NULL, NULL,
               t.created_at, t.updated_at, t.version
        FROM n CROSS JOIN app_user AS t WHERE t.email = $3"
    );
    execute(
        app,
        &sql,
        vec![i64::from(count).into(), PREFIX.into(), like.into()],
    )
    .await;
}

/// The generated people of a proposal with `n` generated submitted responses: employees
/// (every tenth with its email in capitals), their posts, responses and "Caseloads" tags,
/// plus tags of the "Grading" theme on responses as if they were questions (which do not
/// count). Rows copy the caseworker's employee row and response made through the API.
///
/// The series `n` is the outer loop of every join (`CROSS JOIN` fixes the order in SQLite):
/// inside, SQLite would run through the whole series again for every row.
async fn populate(app: &TestApp, c: &Consultation, n: u32) {
    let (series, new_id, json) = dialect(app);
    let all = i64::from(n + DRAFTS);
    let n = i64::from(n);
    let email = "$2 || i || '@bury.gov.uk'";
    let employees = format!(
        "{series}
        INSERT INTO employee (id, proposal_id, employee_number, name, work_email, impact, impact_note,
                              slot_in_post_id, slot_in_match_percent, version, created_at, updated_at)
        SELECT {new_id}, t.proposal_id, 'G' || i, 'Generated ' || i,
               CASE WHEN i % 10 = 0 THEN upper({email}) ELSE {email} END,
               t.impact, NULL, NULL, NULL, t.version, t.created_at, t.updated_at
        FROM n CROSS JOIN employee AS t
        WHERE t.proposal_id = $3 AND t.work_email = $4 AND (i > $5 OR i <= $5 - $5 / 70)"
    );
    execute(
        app,
        &employees,
        vec![
            all.into(),
            PREFIX.into(),
            c.uuid.into(),
            c.member_email.clone().into(),
            n.into(),
        ],
    )
    .await;
    let number = "CAST(substr(e.employee_number, 2) AS BIGINT)";
    let holdings = |post: &str, which: &str| {
        format!(
            "INSERT INTO post_holding (id, employee_id, post_id, fte_hundredths)
            SELECT {new_id}, e.id, {post}, 100 FROM employee AS e
            WHERE e.proposal_id = $1 AND e.employee_number LIKE 'G%' AND {which}"
        )
    };
    let post = |r: &str| sea_orm::Value::from(c.posts[r]);
    execute(
        app,
        &holdings(
            &format!("CASE WHEN {number} % 2 = 0 THEN $2 ELSE $3 END"),
            "1 = 1",
        ),
        vec![c.uuid.into(), post("cw"), post("fs")],
    )
    .await;
    execute(
        app,
        &holdings("$2", "e.employee_number IN ('G3', 'G9')"),
        vec![c.uuid.into(), post("ao")],
    )
    .await;
    execute(
        app,
        &holdings("$2", &format!("{number} % 1000 = 0")),
        vec![c.uuid.into(), post("nr")],
    )
    .await;
    let answers = json(
        "'[[\"agree_with_proposal\",[\"' ||
            CASE i % 5 WHEN 0 THEN 'STRONGLY_AGREE' WHEN 1 THEN 'AGREE' WHEN 2 THEN 'NEUTRAL'
                       WHEN 3 THEN 'DISAGREE' ELSE 'STRONGLY_DISAGREE' END || '\"]]' ||
            CASE i % 4 WHEN 0 THEN ',[\"options\",[\"Option A\",\"Option B\"]]'
                       WHEN 1 THEN ',[\"options\",[\"Option B\"]]'
                       WHEN 2 THEN ''
                       ELSE ',[\"options\",[\"Option C\",\"Option C\"]]' END ||
            CASE WHEN i % 3 = 0 THEN ',[\"other_issues\",[\"Option A\"]]' ELSE '' END || ']'",
    );
    let responses = format!(
        "{series}
        INSERT INTO feedback_response (id, proposal_id, author_id, confidential, answers, submitted,
                                       submitted_at, client_key, version, created_at, updated_at)
        SELECT {new_id}, t.proposal_id, u.id, (i % 3 = 0), {answers}, (i <= $4),
               CASE WHEN i <= $4 THEN t.submitted_at END, NULL, 1, t.created_at, t.updated_at
        FROM n CROSS JOIN app_user AS u CROSS JOIN feedback_response AS t
        WHERE u.email = {email} AND t.id = $3"
    );
    execute(
        app,
        &responses,
        vec![
            all.into(),
            PREFIX.into(),
            c.member_response.into(),
            n.into(),
        ],
    )
    .await;
    let tags = format!(
        "{series}
        INSERT INTO theme_tag (id, theme_id, subject_kind, subject_id, tagged_by, created_at)
        SELECT {new_id}, $3, $4, r.id, NULL, r.created_at
        FROM n CROSS JOIN app_user AS u CROSS JOIN feedback_response AS r
        WHERE i % $6 = 0 AND u.email = {email} AND r.author_id = u.id AND r.proposal_id = $5"
    );
    for (theme, subject, every) in [
        (c.themes[0], TagSubject::FeedbackResponse, 7_i64),
        (c.themes[1], TagSubject::Question, 13),
    ] {
        execute(
            app,
            &tags,
            vec![
                all.into(),
                PREFIX.into(),
                theme.into(),
                subject.as_str().into(),
                c.uuid.into(),
                every.into(),
            ],
        )
        .await;
    }
}

/// The counts `domain::feedback::summarise` makes of what `consultation` and `populate`
/// wrote, from the rules above.
fn expected(c: &Consultation, n: u32, form: &[FormQuestion]) -> FeedbackSummary {
    let [member, solo] = api_answers();
    let generated: Vec<_> = (1..=n).map(answers).collect();
    let mut facts: Vec<(&[StoredAnswer], Vec<Uuid>, Vec<Uuid>)> = vec![
        (member.as_slice(), vec![c.posts["cw"]], vec![]),
        (solo.as_slice(), vec![c.posts["pw"]], vec![c.themes[1]]),
    ];
    for (i, answers) in (1..=n).zip(&generated) {
        let posts = if in_structure(i, n) {
            posts_held(i).iter().map(|r| c.posts[*r]).collect()
        } else {
            vec![]
        };
        let themes = if about_caseloads(i) {
            vec![c.themes[0]]
        } else {
            vec![]
        };
        facts.push((answers, posts, themes));
    }
    let counted: Vec<CountedResponse<'_>> = facts
        .iter()
        .map(|(answers, posts, themes)| CountedResponse {
            answers,
            post_ids: posts,
            theme_ids: themes,
        })
        .collect();
    // The people made through the API, then the generated ones.
    let mut holders: HashMap<&str, u32> = HashMap::from([("cw", 1), ("pw", 1), ("tl", 2)]);
    for i in (1..=n + DRAFTS).filter(|i| in_structure(*i, n)) {
        for post in posts_held(i) {
            *holders.entry(post).or_default() += 1;
        }
    }
    let populations: Vec<PostPopulation> = CURRENT_POSTS
        .iter()
        .map(|r| PostPopulation {
            post_id: c.posts[*r],
            holders: holders.get(r).copied().unwrap_or(0),
        })
        .collect();
    feedback::summarise(form, &counted, &populations, &c.themes)
}

/// What `feedbackSummary` (as `SUMMARY` asks for it) answers for `shown`.
fn as_json(shown: &SummaryShown) -> Value {
    let rows = |rows: &[(Uuid, Option<u32>)], name: &str| -> Vec<Value> {
        rows.iter()
            .map(|(id, n)| json!({ name: { "id": id.to_string() }, "responses": n }))
            .collect()
    };
    json!({
        "responses": shown.responses,
        "answers": shown.per_answer.iter().map(|(key, choices)| json!({
            "questionKey": key,
            "choices": choices
                .iter()
                .map(|(choice, n)| json!({ "choice": choice, "responses": n }))
                .collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "posts": rows(&shown.per_post, "post"),
        "otherPosts": shown.other_posts.map(|m| json!({ "posts": m.posts, "responses": m.responses })),
        "themes": rows(&shown.per_theme, "theme"),
    })
}

impl Consultation {
    async fn summary(&self, app: &TestApp, token: &str) -> Value {
        app.ok(token, SUMMARY, json!({ "id": self.id })).await["proposal"]["feedbackSummary"]
            .clone()
    }

    /// `feedbackSummary` as HR, and the statements the request cost.
    async fn summary_and_cost(&self, app: &TestApp) -> (Value, u64) {
        let before = app.store.statements_executed();
        let summary = self.summary(app, &self.hr).await;
        (summary, app.store.statements_executed() - before)
    }

    async fn form(&self, app: &TestApp) -> Vec<FormQuestion> {
        store::forms::form_of(app.store.conn(), self.uuid)
            .await
            .unwrap()
            .questions
    }
}

async fn the_summary_is_exact_beyond_the_bind_parameter_limit(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |config| {
        config.request_budget = std::time::Duration::from_secs(120);
    })
    .await
    else {
        return eprintln!("skipped: CONSULT_TEST_POSTGRES_URL is not set");
    };
    let large = consultation(&app).await;
    let small = consultation(&app).await;
    generate_accounts(&app, &large.member_email, MANY + DRAFTS).await;
    populate(&app, &large, MANY).await;
    // The same generated people respond to a second proposal, ten of them.
    populate(&app, &small, 10).await;

    // The first request after the data changed, for each: neither proposal's graph is cached
    // (a small one may be served from memory on later requests).

    let (small_hr, small_cost) = small.summary_and_cost(&app).await;
    let (large_hr, large_cost) = large.summary_and_cost(&app).await;
    assert_eq!(
        small_cost, large_cost,
        "feedbackSummary costs the same statements for 12 responses as for 70,002"
    );
    let form = large.form(&app).await;
    for (c, n, hr) in [(&large, MANY, &large_hr), (&small, 10, &small_hr)] {
        let before = app.store.statements_executed();
        let counted = store::feedback::summary(&app.store, c.uuid, &form, true)
            .await
            .unwrap();
        assert!(
            app.store.statements_executed() - before <= 4,
            "three statements, and one setting on PostgreSQL"
        );
        let expected = expected(c, n, &form);
        assert_eq!(counted, expected, "{n} generated responses");
        assert_eq!(
            hr,
            &as_json(&feedback::summary_shown(ProposalView::Hr, &expected).unwrap())
        );
    }

    // The large proposal's counts, worked out by hand from the rules above.
    let counted = store::feedback::summary(&app.store, large.uuid, &form, true)
        .await
        .unwrap();
    assert_eq!(counted.responses, 70_002);
    // A page that shows no per-post counts does not count posts, and gets the rest the same.
    let without_posts = store::feedback::summary(&app.store, large.uuid, &form, false)
        .await
        .unwrap();
    assert_eq!(without_posts.responses, counted.responses);
    assert_eq!(without_posts.per_answer, counted.per_answer);
    assert_eq!(without_posts.per_theme, counted.per_theme);
    assert!(without_posts.per_post.is_empty());
    let tallies: Vec<(u32, u32)> = counted
        .per_post
        .iter()
        .map(|p| (p.holders, p.responses))
        .collect();
    assert_eq!(
        tallies,
        [(34_516, 34_501), (34_515, 34_500), (1, 1), (2, 0), (2, 2)],
        "(holders, responses) of cw, fs, pw, tl, ao"
    );
    assert_eq!(counted.from_small_posts, 3, "the Plan Writer, 3 and 9");
    let choices = |q: usize| -> Vec<u32> { counted.per_answer[q].1.iter().map(|c| c.1).collect() };
    assert_eq!(choices(0), [14_000, 14_001, 14_000, 14_000, 14_001]);
    assert_eq!(
        choices(1),
        [17_501, 35_001, 17_501],
        "a response counts once per choice"
    );
    assert_eq!(
        counted.per_theme,
        [(large.themes[0], 10_000), (large.themes[1], 1)]
    );
    assert_eq!(large_hr["responses"], 70_002);
    assert_eq!(large_hr["otherPosts"], Value::Null);

    // A union rep and the sponsor: the posts of 3 or more holders with their counts, the
    // small ones merged, the Grading theme's single response withheld.
    for token in [&large.rep, &large.sponsor] {
        let shown = large.summary(&app, token).await;
        assert_eq!(
            shown,
            as_json(&feedback::summary_shown(ProposalView::UnionRep, &counted).unwrap())
        );
        assert_eq!(shown["responses"], 70_002);
        assert_eq!(
            shown["posts"],
            json!([
                { "post": { "id": large.posts["cw"].to_string() }, "responses": 34_501 },
                { "post": { "id": large.posts["fs"].to_string() }, "responses": 34_500 },
            ])
        );
        assert_eq!(shown["otherPosts"], json!({ "posts": 3, "responses": 3 }));
        assert_eq!(shown["themes"][0]["responses"], 10_000);
        assert_eq!(shown["themes"][1]["responses"], Value::Null);
    }
    assert_eq!(
        small.summary(&app, &small.rep).await["otherPosts"],
        json!({ "posts": 3, "responses": 3 }),
        "the Plan Writer, 3 and 9 again"
    );

    // The generated rows read as the application's own: HR pages through them.
    let page = app
        .ok(
            &large.hr,
            "query($id: ID!) { proposal(id: $id) { feedbackResponses(first: 50) { totalCount edges { node { answers { questionKey values } } } } } }",
            json!({ "id": large.id }),
        )
        .await;
    assert_eq!(page["proposal"]["feedbackResponses"]["totalCount"], 70_002);

    // HR's download of every response names all 70,002 authors (more ids than one statement
    // may bind on PostgreSQL).
    let (status, _, csv) = app
        .download(
            Some(&large.hr),
            &format!("/proposals/{}/responses.csv", large.id),
        )
        .await;
    assert_eq!(
        status,
        200,
        "{}",
        String::from_utf8_lossy(&csv[..csv.len().min(500)])
    );
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 70_002, "a header and every response");
    let named = lines.iter().filter(|l| l.contains(",Generated ")).count();
    assert_eq!(named, 70_000, "HR sees who wrote each generated response");
}

/// The summary as the graph-based code counted it before issue 13: every submitted response
/// and its author loaded, matched to employees and holdings in the proposal graph.
async fn counted_by_the_graph(app: &TestApp, proposal: Uuid) -> FeedbackSummary {
    let conn = app.store.conn();
    let graph = store::structure::load_graphs(conn, &[proposal])
        .await
        .unwrap()
        .remove(&proposal)
        .unwrap();
    let people = store::structure::load_people(conn, &[proposal])
        .await
        .unwrap()
        .remove(&proposal)
        .unwrap();
    let form = store::forms::form_of(conn, proposal).await.unwrap();
    let responses = store::feedback::submitted(conn, proposal, None, None)
        .await
        .unwrap();
    let authors = store::users::find_by_ids(
        &app.store,
        &responses.iter().map(|r| r.author_id).collect::<Vec<_>>(),
    )
    .await
    .unwrap();
    let posts_of = |author: Uuid| -> Vec<Uuid> {
        let Some(user) = authors.iter().find(|u| u.id == author) else {
            return vec![];
        };
        let employees: Vec<Uuid> = people
            .employees
            .iter()
            .filter(|e| e.work_email.eq_ignore_ascii_case(&user.email))
            .map(|e| e.id)
            .collect();
        people
            .holdings
            .iter()
            .filter(|h| employees.contains(&h.employee_id))
            .map(|h| h.post_id)
            .collect()
    };
    let facts: Vec<(Vec<Uuid>, Vec<Uuid>)> = responses
        .iter()
        .map(|r| {
            let themes = graph
                .themes_on(TagSubject::FeedbackResponse, r.id)
                .map(|t| t.id)
                .collect();
            (posts_of(r.author_id), themes)
        })
        .collect();
    let counted: Vec<CountedResponse<'_>> = responses
        .iter()
        .zip(&facts)
        .map(|(r, (posts, themes))| CountedResponse {
            answers: &r.answers,
            post_ids: posts,
            theme_ids: themes,
        })
        .collect();
    let mut holders: HashMap<Uuid, HashSet<Uuid>> = HashMap::new();
    for h in &people.holdings {
        holders.entry(h.post_id).or_default().insert(h.employee_id);
    }
    let populations: Vec<PostPopulation> = graph
        .posts
        .iter()
        .filter(|p| p.line.current.is_some())
        .map(|p| PostPopulation {
            post_id: p.line.id,
            holders: holders.get(&p.line.id).map_or(0, |h| h.len() as u32),
        })
        .collect();
    let themes: Vec<Uuid> = graph.themes.iter().map(|t| t.id).collect();
    feedback::summarise(&form.questions, &counted, &populations, &themes)
}

async fn the_database_counts_what_the_graph_counted(app: TestApp) {
    let first = consultation(&app).await;
    let second = consultation(&app).await;
    let fresh = consultation(&app).await;
    generate_accounts(&app, &first.member_email, 3_000 + DRAFTS).await;
    populate(&app, &first, 3_000).await;
    populate(&app, &second, 25).await;
    for c in [&first, &second, &fresh] {
        let form = c.form(&app).await;
        let counted = store::feedback::summary(&app.store, c.uuid, &form, true)
            .await
            .unwrap();
        assert_eq!(counted, counted_by_the_graph(&app, c.uuid).await);
        for (view, token) in [
            (ProposalView::Hr, &c.hr),
            (ProposalView::UnionRep, &c.rep),
            (ProposalView::Sponsor, &c.sponsor),
        ] {
            assert_eq!(
                c.summary(&app, token).await,
                as_json(&feedback::summary_shown(view, &counted).unwrap()),
                "{view:?}"
            );
        }
    }
}
