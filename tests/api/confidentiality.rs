//! A confidential (or named) responder must not be identifiable from the counts anyone but HR
//! sees: `feedbackSummary`, theme counts, the outcome report and its downloads. Tested as an
//! attacker would: take everything the sponsor or a union rep can see, before and after one
//! person responds, and compare. `domain::feedback::summary_shown` states the rule.

use crate::helpers::TestApp;
use crate::proposals::sign_off_and_open;
use consult::domain::account::Role;
use serde_json::{Value, json};

crate::db_tests!(
    the_sole_holder_of_a_post_responding_in_confidence_changes_nothing_but_the_total,
    a_named_response_gets_the_same_treatment_for_reps_and_the_sponsor,
    hr_sees_exact_counts,
    a_post_of_3_or_more_holders_shows_its_count_once_3_responded,
    the_outcome_report_and_its_downloads_withhold_theme_counts_below_3,
);

/// Everything the counts pages can ask for: the whole `feedbackSummary`, every theme's
/// counts, and the outcome report's.
const AGGREGATES: &str = "query($id: ID!) { proposal(id: $id) {
    feedbackSummary {
        responses unionResponses
        answers { question questionKey choices { choice responses } }
        posts { post { id title } responses }
        otherPosts { posts responses }
        themes { theme { id name raised { staffResponses unionResponses questions total } } responses }
    }
    themes { id name raised { staffResponses unionResponses questions total } }
    outcomeReport { themes { id name raised { staffResponses unionResponses questions total } } }
} }";

const SAVE: &str = "mutation($i: SaveFeedbackInput!) { saveFeedback(input: $i) { id submitted } }";
const AGREE: [&str; 2] = ["AGREE", "NEUTRAL"];
const TAG: &str = "mutation($t: ID!, $x: ID!) { tagTheme(input: {themeId: $t, subject: FEEDBACK_RESPONSE, subjectId: $x}) { id } }";

/// A consultation with three current posts: "SEN Caseworker" held by four people, "Plan
/// Writer" held by one (`solo`) and "Team Leader" held by two (`pair`), and two themes.
struct Consultation {
    id: String,
    hr: String,
    sponsor: String,
    rep: String,
    solo: String,
    team: Vec<String>,
    pair: Vec<String>,
    /// "Caseloads", "Grading".
    themes: [String; 2],
}

async fn consultation(app: &TestApp) -> Consultation {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let (_, solo) = app.signed_in(Role::Staff).await;
    let mut team = Vec::new();
    for _ in 0..4 {
        team.push(app.signed_in(Role::Staff).await.1);
    }
    let mut pair = Vec::new();
    for _ in 0..2 {
        pair.push(app.signed_in(Role::Staff).await.1);
    }
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
    let posts = "ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note
cw,SEN Caseworker,,Grade 9,4,4,,Grade 9,4,4,,
pw,Plan Writer,,Grade 9,1,1,,,,,,
tl,Team Leader,,Grade 9,2,2,,Grade 9,2,2,,
";
    let import = "mutation($id: ID!, $kind: CsvKind!, $csv: String!) { importStructureCsv(input: {proposalId: $id, kind: $kind, csv: $csv}) { imported } }";
    app.ok(
        &hr,
        import,
        json!({ "id": id, "kind": "POSTS", "csv": posts }),
    )
    .await;
    let mut people = String::from("employee_number,name,work_email,post,fte,impact,impact_note\n");
    let holders = std::iter::once((&solo, "Plan Writer"))
        .chain(team.iter().map(|t| (t, "SEN Caseworker")))
        .chain(pair.iter().map(|t| (t, "Team Leader")));
    for (i, (token, post)) in holders.enumerate() {
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
            .as_str()
            .unwrap()
            .to_owned();
        themes.push(theme);
    }
    Consultation {
        id,
        hr,
        sponsor,
        rep,
        solo,
        team,
        pair,
        themes: themes.try_into().unwrap(),
    }
}

impl Consultation {
    /// Submits a response with these answers to the proposal and to its implementation;
    /// returns its id.
    async fn respond(
        &self,
        app: &TestApp,
        token: &str,
        [proposal, implementation]: [&str; 2],
        confidential: bool,
    ) -> String {
        let answers = json!([
            { "questionKey": "agree_with_proposal", "values": [proposal] },
            { "questionKey": "agree_with_implementation", "values": [implementation] },
        ]);
        app.ok(token, SAVE, json!({ "i": { "proposalId": self.id, "answers": answers, "submit": true, "confidential": confidential } }))
            .await["saveFeedback"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn tag(&self, app: &TestApp, theme: usize, response: &str) {
        app.ok(
            &self.hr,
            TAG,
            json!({ "t": self.themes[theme], "x": response }),
        )
        .await;
    }

    /// Everything `token` can see of the counts.
    async fn aggregates(&self, app: &TestApp, token: &str) -> Value {
        app.ok(token, AGGREGATES, json!({ "id": self.id })).await["proposal"].clone()
    }

    async fn summary(&self, app: &TestApp, token: &str) -> Value {
        self.aggregates(app, token).await["feedbackSummary"].clone()
    }

    /// The team's first three respond (two named, one confidential), agreeing with the
    /// proposal, neutral on its implementation, tagged with Caseloads.
    async fn three_of_the_team_respond(&self, app: &TestApp) {
        for (i, member) in self.team.iter().take(3).enumerate() {
            let response = self.respond(app, member, AGREE, i == 2).await;
            self.tag(app, 0, &response).await;
        }
    }
}

/// The aggregates with the total number of responses taken out.
fn without_total(aggregates: &Value) -> Value {
    let mut rest = aggregates.clone();
    rest["feedbackSummary"]
        .as_object_mut()
        .unwrap()
        .remove("responses");
    rest
}

fn total(aggregates: &Value) -> i64 {
    aggregates["feedbackSummary"]["responses"].as_i64().unwrap()
}

fn post_titles(summary: &Value) -> Vec<String> {
    summary["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["post"]["title"].as_str().unwrap().to_owned())
        .collect()
}

/// Whether a text mentions the post or its holder's response anywhere.
fn mentions_plan_writer(value: &Value) -> bool {
    value.to_string().contains("Plan Writer")
}

async fn the_sole_holder_of_a_post_responding_in_confidence_changes_nothing_but_the_total(
    app: TestApp,
) {
    let c = consultation(&app).await;
    // The sponsor knows the post has one holder.
    let posts = app
        .ok(
            &c.sponsor,
            "query($id: ID!) { proposal(id: $id) { posts(first: 20) { edges { node { title filledFte } } } } }",
            json!({ "id": c.id }),
        )
        .await;
    assert!(
        posts["proposal"]["posts"]["edges"]
            .as_array()
            .unwrap()
            .contains(&json!({ "node": { "title": "Plan Writer", "filledFte": 1.0 } })),
        "{posts}"
    );
    c.three_of_the_team_respond(&app).await;

    let before = [
        c.aggregates(&app, &c.sponsor).await,
        c.aggregates(&app, &c.rep).await,
    ];
    let response = c
        .respond(&app, &c.solo, ["STRONGLY_DISAGREE", "DISAGREE"], true)
        .await;
    let after = [
        c.aggregates(&app, &c.sponsor).await,
        c.aggregates(&app, &c.rep).await,
    ];
    // HR then tags her response with a theme: still nothing to see.
    c.tag(&app, 1, &response).await;
    let tagged = [
        c.aggregates(&app, &c.sponsor).await,
        c.aggregates(&app, &c.rep).await,
    ];
    for (who, ((before, after), tagged)) in ["sponsor", "rep"]
        .into_iter()
        .zip(before.iter().zip(&after).zip(&tagged))
    {
        assert_eq!((total(before), total(after)), (3, 4), "{who}");
        assert_eq!(
            without_total(before),
            without_total(after),
            "{who}: only the total changes when she responds"
        );
        assert_eq!(
            without_total(before),
            without_total(tagged),
            "{who}: nor when HR tags her response"
        );
        assert!(!mentions_plan_writer(after), "{who}: {after}");
        let summary = &after["feedbackSummary"];
        assert_eq!(
            post_titles(summary),
            ["SEN Caseworker"],
            "{who}: only the post of 4 holders is listed on its own"
        );
        assert_eq!(
            summary["posts"][0]["responses"], 3,
            "{who}: three caseworkers responded"
        );
        assert_eq!(
            summary["otherPosts"],
            json!({ "posts": 2, "responses": null }),
            "{who}: the posts of one and two holders, merged, fewer than 3 responses"
        );
        let strongly_disagree = &summary["answers"][0]["choices"][4];
        assert_eq!(
            strongly_disagree,
            &json!({ "choice": "STRONGLY_DISAGREE", "responses": null })
        );
        assert_eq!(
            summary["themes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| (t["theme"]["name"].clone(), t["responses"].clone()))
                .collect::<Vec<_>>(),
            [
                (json!("Caseloads"), json!(3)),
                (json!("Grading"), Value::Null)
            ],
            "{who}: every theme is listed, whatever was tagged"
        );
    }

    // Before anyone responds, the same rows are there.
    let fresh = consultation(&app).await;
    for token in [&fresh.sponsor, &fresh.rep] {
        let summary = fresh.summary(&app, token).await;
        assert_eq!(summary["responses"], 0);
        assert_eq!(
            summary["posts"],
            json!([{ "post": { "id": summary["posts"][0]["post"]["id"], "title": "SEN Caseworker" }, "responses": null }])
        );
        assert_eq!(
            summary["otherPosts"],
            json!({ "posts": 2, "responses": null })
        );
        assert_eq!(summary["themes"].as_array().unwrap().len(), 2);
        assert!(
            summary["answers"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|a| a["choices"].as_array().unwrap())
                .all(|c| c["responses"].is_null()),
            "no count below 3: {summary}"
        );
    }
}

async fn a_named_response_gets_the_same_treatment_for_reps_and_the_sponsor(app: TestApp) {
    let c = consultation(&app).await;
    c.three_of_the_team_respond(&app).await;
    // A Team Leader, then the Plan Writer, respond with their names; each lands on counts
    // below 3 (they answer differently), so nothing but the total may move.
    let responders = [
        (&c.pair[0], ["DISAGREE", "STRONGLY_DISAGREE"]),
        (&c.solo, ["STRONGLY_AGREE", "DISAGREE"]),
    ];
    for (token, answers) in responders {
        let before = [
            c.aggregates(&app, &c.rep).await,
            c.aggregates(&app, &c.sponsor).await,
        ];
        let response = c.respond(&app, token, answers, false).await;
        c.tag(&app, 1, &response).await;
        let after = [
            c.aggregates(&app, &c.rep).await,
            c.aggregates(&app, &c.sponsor).await,
        ];
        for (who, (before, after)) in ["rep", "sponsor"]
            .into_iter()
            .zip(before.iter().zip(&after))
        {
            assert_eq!(total(after), total(before) + 1);
            assert_eq!(
                without_total(before),
                without_total(after),
                "{who}: a named response answering {answers:?}"
            );
            assert!(
                !after.to_string().contains("Team Leader") && !mentions_plan_writer(after),
                "{who}: a post of one or two holders is never named: {after}"
            );
        }
    }

    // The responses CSV has no per-post column and no counts.
    let (status, _, csv) = app
        .download(Some(&c.rep), &format!("/proposals/{}/responses.csv", c.id))
        .await;
    assert_eq!(status, 200);
    let csv = String::from_utf8(csv).unwrap();
    assert!(!csv.contains("Plan Writer") && !csv.contains("Team Leader"));
}

async fn hr_sees_exact_counts(app: TestApp) {
    let c = consultation(&app).await;
    let nothing = c.summary(&app, &c.hr).await;
    assert_eq!(nothing["posts"], json!([]), "HR: posts with a response");
    assert_eq!(nothing["otherPosts"], Value::Null);
    assert_eq!(
        nothing["themes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["responses"].clone())
            .collect::<Vec<_>>(),
        [json!(0), json!(0)]
    );
    let response = c
        .respond(&app, &c.solo, ["STRONGLY_DISAGREE", "DISAGREE"], true)
        .await;
    c.tag(&app, 1, &response).await;
    let member = c.respond(&app, &c.team[0], AGREE, false).await;
    c.tag(&app, 1, &member).await;
    let aggregates = c.aggregates(&app, &c.hr).await;
    let summary = &aggregates["feedbackSummary"];
    assert_eq!(summary["responses"], 2);
    assert_eq!(
        summary["posts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["post"]["title"].clone(), p["responses"].clone()))
            .collect::<Vec<_>>(),
        [
            (json!("SEN Caseworker"), json!(1)),
            (json!("Plan Writer"), json!(1))
        ]
    );
    assert_eq!(summary["otherPosts"], Value::Null);
    assert_eq!(
        summary["answers"][0]["choices"][4],
        json!({ "choice": "STRONGLY_DISAGREE", "responses": 1 })
    );
    assert_eq!(
        summary["answers"][0]["choices"][0],
        json!({ "choice": "STRONGLY_AGREE", "responses": 0 })
    );
    assert_eq!(summary["themes"][0]["responses"], 0);
    assert_eq!(summary["themes"][1]["responses"], 2);
    assert_eq!(
        aggregates["themes"][1]["raised"],
        json!({ "staffResponses": 2, "unionResponses": 0, "questions": 0, "total": 2 })
    );
    assert_eq!(
        aggregates["outcomeReport"]["themes"][1]["raised"],
        aggregates["themes"][1]["raised"]
    );
}

async fn a_post_of_3_or_more_holders_shows_its_count_once_3_responded(app: TestApp) {
    let c = consultation(&app).await;
    for (i, member) in c.team.iter().enumerate() {
        c.respond(&app, member, AGREE, i % 2 == 0).await;
        for token in [&c.rep, &c.sponsor] {
            let summary = c.summary(&app, token).await;
            let shown = if i >= 2 { json!(i + 1) } else { Value::Null };
            assert_eq!(
                summary["posts"][0]["responses"],
                shown,
                "{} caseworker(s) responded",
                i + 1
            );
            assert_eq!(summary["answers"][0]["choices"][1]["responses"], shown);
            assert_eq!(
                summary["answers"][1]["choices"][2]["responses"], shown,
                "NEUTRAL on the implementation"
            );
        }
    }
}

async fn the_outcome_report_and_its_downloads_withhold_theme_counts_below_3(app: TestApp) {
    let c = consultation(&app).await;
    let response = c
        .respond(&app, &c.solo, ["STRONGLY_DISAGREE", "DISAGREE"], true)
        .await;
    let raised_by = |aggregates: &Value, theme: usize| {
        aggregates["outcomeReport"]["themes"][theme]["raised"].clone()
    };
    let csv_path = format!("/proposals/{}/outcome-report.csv", c.id);
    let html_path = format!("/proposals/{}/outcome-report.html", c.id);
    let csv_rows = |bytes: Vec<u8>| -> Vec<Vec<String>> {
        csv::Reader::from_reader(bytes.as_slice())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    };
    let before_csv = csv_rows(app.download(Some(&c.rep), &csv_path).await.2);
    let before_html = app.download(Some(&c.rep), &html_path).await.2;
    // The rep, the sponsor and a member of staff read the report.
    let readers = [&c.rep, &c.sponsor, &c.team[3]];
    const REPORT: &str = "query($id: ID!) { proposal(id: $id) { outcomeReport { themes { name raised { staffResponses unionResponses questions total } } } } }";
    let mut seen_before = Vec::new();
    for token in readers {
        seen_before.push(app.ok(token, REPORT, json!({ "id": c.id })).await);
    }

    c.tag(&app, 1, &response).await;

    for (token, was) in readers.into_iter().zip(&seen_before) {
        let report = app.ok(token, REPORT, json!({ "id": c.id })).await;
        assert_eq!(&report, was, "tagging one response shows nowhere");
        assert_eq!(
            report["proposal"]["outcomeReport"]["themes"][1]["raised"],
            json!({ "staffResponses": null, "unionResponses": null, "questions": null, "total": null })
        );
    }
    let after_csv = csv_rows(app.download(Some(&c.rep), &csv_path).await.2);
    assert_eq!(before_csv, after_csv);
    assert_eq!(
        (after_csv[1][1].as_str(), after_csv[1][2].as_str()),
        ("Grading", "Withheld: fewer than 3 in a group")
    );
    let after_html = app.download(Some(&c.rep), &html_path).await.2;
    assert_eq!(before_html, after_html);
    assert!(
        String::from_utf8(after_html).unwrap().contains(
            "Raised in fewer than 3 staff response(s), fewer than 3 union response(s) and fewer than 3 question(s)."
        )
    );

    // HR's report, CSV and page are exact.
    let hr = c.aggregates(&app, &c.hr).await;
    assert_eq!(
        raised_by(&hr, 1),
        json!({ "staffResponses": 1, "unionResponses": 0, "questions": 0, "total": 1 })
    );
    let hr_csv = csv_rows(app.download(Some(&c.hr), &csv_path).await.2);
    assert_eq!(hr_csv[1][2], "1");
    let hr_html = String::from_utf8(app.download(Some(&c.hr), &html_path).await.2).unwrap();
    assert!(
        hr_html.contains("Raised in 1 staff response(s), 0 union response(s) and 0 question(s).")
    );

    // Three staff responses under one theme are shown; the total still waits for the others.
    c.three_of_the_team_respond(&app).await;
    let rep = c.aggregates(&app, &c.rep).await;
    assert_eq!(
        raised_by(&rep, 0),
        json!({ "staffResponses": 3, "unionResponses": null, "questions": null, "total": null })
    );
    assert_eq!(rep["themes"][0]["raised"], raised_by(&rep, 0));
    let rep_html = String::from_utf8(app.download(Some(&c.rep), &html_path).await.2).unwrap();
    assert!(rep_html.contains(
        "Raised in 3 staff response(s), fewer than 3 union response(s) and fewer than 3 question(s)."
    ));
}
