//! HR's lists at real scale (issue 18): the question log and the staff responses filtered,
//! sorted and paged by the server, each role's filters, who has not responded and the
//! reminders to them through the outbox, the response rate, and statements that do not grow
//! with the data.

use crate::db_tests;
use crate::email::outbox;
use crate::helpers::{TestApp, error_code};
use crate::proposals::sign_off_and_open;
use consult::domain::account::Role;
use serde_json::{Value, json};

db_tests!(
    the_question_log_is_filtered_sorted_and_paged_by_the_server,
    each_role_filters_the_responses_it_may,
    hr_reminds_those_who_have_not_responded_once_a_day,
    a_page_of_the_question_log_costs_a_bounded_number_of_statements,
    the_question_log_page_costs_the_same_at_3_and_150_questions,
    questions_are_numbered_and_counted_by_the_server,
);

const IMPORT: &str = "mutation($id: ID!, $kind: CsvKind!, $csv: String!) { importStructureCsv(input: {proposalId: $id, kind: $kind, csv: $csv}) { imported } }";
const SAVE: &str = "mutation($i: SaveFeedbackInput!) { saveFeedback(input: $i) { id } }";
const RAISE: &str = "mutation($i: RaiseQuestionInput!) { raiseQuestion(input: $i) { id version } }";
const LOG: &str = "query($id: ID!, $f: QuestionLogFilter, $s: QuestionLogSort, $n: Int, $a: String) { proposal(id: $id) { questionLog(filter: $f, sort: $s, first: $n, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { node { id text status source askedBy { id } } } } } }";
const RESPONSES: &str = "query($id: ID!, $f: ResponseFilterInput, $s: ResponseSort) { proposal(id: $id) { feedbackResponses(filter: $f, sort: $s, first: 50) { totalCount edges { node { id } } } } }";

/// A consulting proposal with a sponsor, a UNISON rep, three caseworkers (`staff[0..3]`)
/// and a team leader (`staff[3]`), all affected.
struct Setup {
    id: String,
    hr: String,
    sponsor: (String, String),
    rep: String,
    staff: Vec<(String, String)>,
}

async fn setup(app: &TestApp) -> Setup {
    let (_, hr) = app.signed_in(Role::HrAdmin).await;
    let (sponsor_id, sponsor) = app.signed_in(Role::Manager).await;
    let (_, rep) = app.signed_in(Role::UnionRep).await;
    let mut staff = Vec::new();
    for _ in 0..4 {
        let (id, token) = app.signed_in(Role::Staff).await;
        staff.push((id.to_string(), token));
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
    let posts = "ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note\ncw,SEN Caseworker,,Grade 9,3,3,,Grade 9,3,3,,\ntl,Team Leader,,Grade 9,1,1,,Grade 9,1,1,,\n";
    app.ok(
        &hr,
        IMPORT,
        json!({ "id": id, "kind": "POSTS", "csv": posts }),
    )
    .await;
    let mut people = String::from("employee_number,name,work_email,post,fte,impact,impact_note\n");
    for (i, (_, token)) in staff.iter().enumerate() {
        let email = app.email_of(token).await;
        let post = if i == 3 {
            "Team Leader"
        } else {
            "SEN Caseworker"
        };
        people.push_str(&format!("E{i},Person {i},{email},{post},1,AFFECTED,\n"));
    }
    app.ok(
        &hr,
        IMPORT,
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
    Setup {
        id,
        hr,
        sponsor: (sponsor_id.to_string(), sponsor),
        rep,
        staff,
    }
}

fn ids(body: &Value, field: &str) -> Vec<String> {
    body["proposal"][field]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn the_question_log_is_filtered_sorted_and_paged_by_the_server(app: TestApp) {
    let s = setup(&app).await;
    let raise = |token: String, text: &'static str, confidential: bool| {
        let (app, id) = (&app, s.id.clone());
        async move {
            app.ok(
                &token,
                RAISE,
                json!({ "i": { "proposalId": id, "text": text, "confidential": confidential } }),
            )
            .await["raiseQuestion"]
                .clone()
        }
    };
    let staff_q = raise(s.staff[0].1.clone(), "Will CASELOADS be capped?", true).await;
    let union_q = raise(s.rep.clone(), "Why is the grade reduced?", false).await;
    let hr_q = raise(s.hr.clone(), "Is pay protected 100%?", false).await;
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive();
    // The staff question is the sponsor's and overdue; HR's is answered.
    app.ok(&s.hr, "mutation($i: AssignQuestionInput!) { assignQuestion(input: $i) { id } }", json!({ "i": { "id": staff_q["id"], "expectedVersion": 1, "ownerId": s.sponsor.0, "dueOn": today.pred_opt().unwrap() } })).await;
    app.ok(&s.hr, "mutation($i: AnswerQuestionInput!) { answerQuestion(input: $i) { id } }", json!({ "i": { "id": hr_q["id"], "expectedVersion": 1, "answer": "Pay is protected for two years." } })).await;
    let theme = app
        .ok(
            &s.hr,
            "mutation($id: ID!) { createTheme(input: {proposalId: $id, name: \"Pay\"}) { id } }",
            json!({ "id": s.id }),
        )
        .await["createTheme"]["id"]
        .clone();
    app.ok(&s.hr, "mutation($t: ID!, $x: ID!) { tagTheme(input: {themeId: $t, subject: QUESTION, subjectId: $x}) { id } }", json!({ "t": theme, "x": union_q["id"] })).await;

    let log = |filter: Value, sort: Value| {
        let (app, id, hr) = (&app, s.id.clone(), s.hr.clone());
        async move {
            let body = app
                .ok(&hr, LOG, json!({ "id": id, "f": filter, "s": sort }))
                .await;
            assert_eq!(
                body["proposal"]["questionLog"]["totalCount"],
                json!(
                    body["proposal"]["questionLog"]["edges"]
                        .as_array()
                        .unwrap()
                        .len()
                ),
                "{body}"
            );
            ids(&body, "questionLog")
        }
    };
    let [staff_q, union_q, hr_q] =
        [&staff_q, &union_q, &hr_q].map(|q| q["id"].as_str().unwrap().to_owned());
    assert_eq!(
        log(json!(null), json!(null)).await,
        vec![staff_q.clone(), union_q.clone(), hr_q.clone()]
    );
    assert_eq!(
        log(json!({ "status": "OVERDUE" }), json!(null)).await,
        vec![staff_q.clone()]
    );
    assert_eq!(
        log(json!({ "status": "OPEN" }), json!(null)).await,
        vec![union_q.clone()]
    );
    assert_eq!(
        log(json!({ "status": "ANSWERED" }), json!(null)).await,
        vec![hr_q.clone()]
    );
    assert_eq!(
        log(json!({ "ownerId": s.sponsor.0 }), json!(null)).await,
        vec![staff_q.clone()]
    );
    assert_eq!(
        log(json!({ "source": "UNION" }), json!(null)).await,
        vec![union_q.clone()]
    );
    assert_eq!(
        log(json!({ "source": "MEETING" }), json!(null)).await,
        vec![hr_q.clone()]
    );
    assert_eq!(
        log(json!({ "themeId": theme }), json!(null)).await,
        vec![union_q.clone()]
    );
    // Text or answer, any case; % is a character, not a wildcard.
    assert_eq!(
        log(json!({ "search": "caseloads" }), json!(null)).await,
        vec![staff_q.clone()]
    );
    assert_eq!(
        log(json!({ "search": " TWO YEARS " }), json!(null)).await,
        vec![hr_q.clone()]
    );
    assert_eq!(
        log(json!({ "search": "100%" }), json!(null)).await,
        vec![hr_q.clone()]
    );
    assert_eq!(
        log(json!({ "search": "0%?" }), json!(null)).await,
        vec![hr_q.clone()]
    );
    assert!(
        log(json!({ "search": "%" , "status": "OPEN" }), json!(null))
            .await
            .is_empty()
    );
    assert_eq!(
        log(json!(null), json!("NEWEST")).await,
        vec![hr_q.clone(), union_q.clone(), staff_q.clone()]
    );
    assert_eq!(log(json!(null), json!("OVERDUE_FIRST")).await[0], staff_q);
    assert_eq!(
        *log(json!(null), json!("OVERDUE_FIRST"))
            .await
            .last()
            .unwrap(),
        hr_q
    );

    // One at a time in due order: every question once, in the order of the whole list.
    let whole = log(json!(null), json!("DUE_SOONEST")).await;
    for sort in ["DUE_SOONEST", "OVERDUE_FIRST", "NEWEST"] {
        let mut paged = Vec::new();
        let mut after = Value::Null;
        loop {
            let body = app
                .ok(
                    &s.hr,
                    LOG,
                    json!({ "id": s.id, "s": sort, "n": 1, "a": after }),
                )
                .await;
            paged.extend(ids(&body, "questionLog"));
            let info = &body["proposal"]["questionLog"]["pageInfo"];
            assert_eq!(body["proposal"]["questionLog"]["totalCount"], 3);
            if info["hasNextPage"] != true {
                break;
            }
            after = info["endCursor"].clone();
        }
        assert_eq!(paged, log(json!(null), json!(sort)).await, "{sort}");
    }
    assert_eq!(whole[0], staff_q, "the overdue question was due first");

    // The sponsor sees the whole log without the confidential asker; others are refused.
    let sponsor = app.ok(&s.sponsor.1, LOG, json!({ "id": s.id })).await;
    assert_eq!(sponsor["proposal"]["questionLog"]["totalCount"], 3);
    assert!(sponsor["proposal"]["questionLog"]["edges"][0]["node"]["askedBy"].is_null());
    for token in [&s.rep, &s.staff[1].1] {
        let refused = app.graphql(Some(token), LOG, json!({ "id": s.id })).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
    }
    let long = app
        .graphql(
            Some(&s.hr),
            LOG,
            json!({ "id": s.id, "f": { "search": "x".repeat(201) } }),
        )
        .await;
    assert_eq!(error_code(&long), "BAD_USER_INPUT");
    assert_eq!(long["errors"][0]["extensions"]["field"], "filter.search");
    // `questions` still works for everyone else.
    let mine = app
        .ok(
            &s.staff[0].1,
            "query($id: ID!) { proposal(id: $id) { questions { id } } }",
            json!({ "id": s.id }),
        )
        .await;
    assert_eq!(mine["proposal"]["questions"][0]["id"], json!(staff_q));
}

/// Person 0 names themself and agrees; person 3 (the only team leader) disagrees in
/// confidence, accepted late; HR tags person 0's response. Returns their response ids.
async fn two_responses(app: &TestApp, s: &Setup) -> (String, String) {
    let save = |token: String, agree: &'static str, confidential: bool| {
        let (app, id) = (app, s.id.clone());
        async move {
            let answers = json!([
                { "questionKey": "agree_with_proposal", "values": [agree] },
                { "questionKey": "agree_with_implementation", "values": ["NEUTRAL"] },
                { "questionKey": "questions", "values": ["None."] }
            ]);
            app.ok(&token, SAVE, json!({ "i": { "proposalId": id, "answers": answers, "submit": true, "confidential": confidential } }))
                .await["saveFeedback"]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let named = save(s.staff[0].1.clone(), "AGREE", false).await;
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive();
    app.ok(&s.hr, "mutation($i: AcceptLateResponseInput!) { acceptLateResponse(input: $i) { reason } }", json!({ "i": { "proposalId": s.id, "userId": s.staff[3].0, "acceptedUntil": today.succ_opt().unwrap(), "reason": "On leave" } })).await;
    let confidential = save(s.staff[3].1.clone(), "DISAGREE", true).await;
    let theme = app
        .ok(&s.hr, "mutation($id: ID!) { createTheme(input: {proposalId: $id, name: \"Workload\"}) { id } }", json!({ "id": s.id }))
        .await["createTheme"]["id"]
        .clone();
    app.ok(&s.hr, "mutation($t: ID!, $x: ID!) { tagTheme(input: {themeId: $t, subject: FEEDBACK_RESPONSE, subjectId: $x}) { id } }", json!({ "t": theme, "x": named })).await;
    (named, confidential)
}

async fn each_role_filters_the_responses_it_may(app: TestApp) {
    let s = setup(&app).await;
    let (named, confidential) = two_responses(&app, &s).await;
    let posts = app
        .ok(&s.hr, "query($id: ID!) { proposal(id: $id) { posts(first: 10) { edges { node { id title } } } themes { id } } }", json!({ "id": s.id }))
        .await;
    let post = |title: &str| {
        posts["proposal"]["posts"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["node"]["title"] == title)
            .unwrap()["node"]["id"]
            .clone()
    };
    let theme = posts["proposal"]["themes"][0]["id"].clone();
    let list = |token: String, filter: Value, sort: Value| {
        let (app, id) = (&app, s.id.clone());
        async move {
            let body = app
                .graphql(
                    Some(&token),
                    RESPONSES,
                    json!({ "id": id, "f": filter, "s": sort }),
                )
                .await;
            if body["errors"].is_array() {
                return Err(error_code(&body).to_owned());
            }
            let data = &body["data"];
            assert_eq!(
                data["proposal"]["feedbackResponses"]["totalCount"],
                json!(
                    data["proposal"]["feedbackResponses"]["edges"]
                        .as_array()
                        .unwrap()
                        .len()
                )
            );
            Ok(ids(data, "feedbackResponses"))
        }
    };
    let hr = || s.hr.clone();
    assert_eq!(
        list(hr(), json!(null), json!(null)).await,
        Ok(vec![named.clone(), confidential.clone()])
    );
    assert_eq!(
        list(hr(), json!(null), json!("NEWEST")).await,
        Ok(vec![confidential.clone(), named.clone()])
    );
    assert_eq!(
        list(hr(), json!({ "themeId": theme }), json!(null)).await,
        Ok(vec![named.clone()])
    );
    assert_eq!(
        list(hr(), json!({ "postId": post("Team Leader") }), json!(null)).await,
        Ok(vec![confidential.clone()])
    );
    assert_eq!(
        list(
            hr(),
            json!({ "postId": post("SEN Caseworker") }),
            json!(null)
        )
        .await,
        Ok(vec![named.clone()])
    );
    assert_eq!(
        list(
            hr(),
            json!({ "answer": { "questionKey": "agree_with_proposal", "choice": "DISAGREE" } }),
            json!(null)
        )
        .await,
        Ok(vec![confidential.clone()])
    );
    assert_eq!(list(hr(), json!({ "answer": { "questionKey": "agree_with_implementation", "choice": "NEUTRAL" } }), json!(null)).await, Ok(vec![named.clone(), confidential.clone()]));
    assert_eq!(
        list(
            hr(),
            json!({ "answer": { "questionKey": "agree_with_proposal", "choice": "NEUTRAL" } }),
            json!(null)
        )
        .await,
        Ok(vec![])
    );
    assert_eq!(
        list(hr(), json!({ "confidential": true }), json!(null)).await,
        Ok(vec![confidential.clone()])
    );
    assert_eq!(
        list(hr(), json!({ "confidential": false }), json!(null)).await,
        Ok(vec![named.clone()])
    );
    assert_eq!(
        list(hr(), json!({ "late": true }), json!(null)).await,
        Ok(vec![confidential.clone()])
    );
    assert_eq!(
        list(
            hr(),
            json!({ "late": false, "themeId": theme }),
            json!(null)
        )
        .await,
        Ok(vec![named.clone()])
    );

    // The team leader's confidential response must not be found by post or lateness.
    let sponsor = || s.sponsor.1.clone();
    let rep = || s.rep.clone();
    for token in [sponsor(), rep()] {
        for filter in [
            json!({ "postId": post("Team Leader") }),
            json!({ "late": true }),
        ] {
            assert_eq!(
                list(token.clone(), filter, json!(null)).await,
                Err("FORBIDDEN".into())
            );
        }
        assert_eq!(
            list(
                token.clone(),
                json!({ "answer": { "questionKey": "agree_with_proposal", "choice": "AGREE" } }),
                json!(null)
            )
            .await,
            Ok(vec![named.clone()])
        );
        assert_eq!(
            list(token.clone(), json!({ "themeId": theme }), json!(null)).await,
            Ok(vec![named.clone()])
        );
    }
    assert_eq!(
        list(sponsor(), json!({ "confidential": true }), json!(null)).await,
        Ok(vec![confidential.clone()])
    );
    assert_eq!(
        list(rep(), json!({ "confidential": true }), json!(null)).await,
        Err("FORBIDDEN".into())
    );
    assert_eq!(
        list(s.staff[1].1.clone(), json!(null), json!(null)).await,
        Err("FORBIDDEN".into())
    );
}

async fn hr_reminds_those_who_have_not_responded_once_a_day(app: TestApp) {
    let s = setup(&app).await;
    two_responses(&app, &s).await;
    let rate = "query($id: ID!) { proposal(id: $id) { responseRate { responded affected } } }";
    for token in [&s.hr, &s.sponsor.1, &s.rep] {
        let body = app.ok(token, rate, json!({ "id": s.id })).await;
        assert_eq!(
            body["proposal"]["responseRate"],
            json!({ "responded": 2, "affected": 4 })
        );
    }
    let staff_rate = app
        .graphql(Some(&s.staff[1].1), rate, json!({ "id": s.id }))
        .await;
    assert_eq!(error_code(&staff_rate), "FORBIDDEN");

    let waiting = "query($id: ID!) { proposal(id: $id) { nonResponders(first: 10) { totalCount edges { node { id name workEmail } } } } }";
    let body = app.ok(&s.hr, waiting, json!({ "id": s.id })).await;
    let names: Vec<&str> = body["proposal"]["nonResponders"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Person 1", "Person 2"]);
    assert_eq!(body["proposal"]["nonResponders"]["totalCount"], 2);
    for token in [&s.sponsor.1, &s.rep] {
        let refused = app
            .graphql(Some(token), waiting, json!({ "id": s.id }))
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
    }

    let remind = "mutation($id: ID!, $e: [ID!]) { remindNonResponders(proposalId: $id, employeeIds: $e) { queued recentlyReminded withoutAccount message } }";
    let first_id = body["proposal"]["nonResponders"]["edges"][0]["node"]["id"].clone();
    let one = app
        .ok(&s.hr, remind, json!({ "id": s.id, "e": [first_id] }))
        .await;
    assert_eq!(one["remindNonResponders"]["queued"], 1);
    let all = app.ok(&s.hr, remind, json!({ "id": s.id })).await;
    assert_eq!(
        (
            &all["remindNonResponders"]["queued"],
            &all["remindNonResponders"]["recentlyReminded"]
        ),
        (&json!(1), &json!(1)),
        "{all}"
    );
    let again = app.ok(&s.hr, remind, json!({ "id": s.id })).await;
    assert_eq!(again["remindNonResponders"]["queued"], 0);
    assert_eq!(again["remindNonResponders"]["recentlyReminded"], 2);
    assert!(
        again["remindNonResponders"]["message"]
            .as_str()
            .unwrap()
            .contains("not reminded again"),
        "{again}"
    );
    let queued = outbox(&app, &s.hr, &s.id, "response_reminder").await;
    let mut to: Vec<String> = queued
        .iter()
        .map(|m| m["recipientEmail"].as_str().unwrap().to_owned())
        .collect();
    to.sort();
    let mut expected = vec![
        app.email_of(&s.staff[1].1).await,
        app.email_of(&s.staff[2].1).await,
    ];
    expected.sort();
    assert_eq!(
        to, expected,
        "one reminder each, to those who have not responded"
    );

    let by_sponsor = app
        .graphql(Some(&s.sponsor.1), remind, json!({ "id": s.id }))
        .await;
    assert_eq!(error_code(&by_sponsor), "FORBIDDEN");
    app.ok(
        &s.hr,
        "mutation($id: ID!) { closeConsultation(input: {id: $id}) { status } }",
        json!({ "id": s.id }),
    )
    .await;
    let closed = app
        .graphql(Some(&s.hr), remind, json!({ "id": s.id }))
        .await;
    assert_eq!(error_code(&closed), "PRECONDITION_FAILED", "{closed}");
}

async fn a_page_of_the_question_log_costs_a_bounded_number_of_statements(app: TestApp) {
    let s = setup(&app).await;
    let query = "query($id: ID!, $a: String) { proposal(id: $id) { questionLog(first: 100, after: $a, sort: OVERDUE_FIRST, filter: {search: \"pay\"}) { totalCount edges { cursor node { id text status owner { id } themes { id } askedBy { id } } } } nonResponders(first: 100) { totalCount edges { node { id } } } responseRate { responded } feedbackResponses(first: 100, filter: {confidential: false}) { totalCount edges { node { id } } } } }";
    let mut costs = Vec::new();
    for round in 0..2 {
        for i in 0..(3 + round * 12) {
            let token = if i % 2 == 0 {
                &s.staff[i % 4].1
            } else {
                &s.rep
            };
            app.ok(
                token,
                RAISE,
                json!({ "i": { "proposalId": s.id, "text": format!("Pay question {round}-{i}") } }),
            )
            .await;
        }
        // The second page starts after a cursor, which costs the cursor's row.
        let first = app.ok(&s.hr, query, json!({ "id": s.id })).await;
        let cursor = first["proposal"]["questionLog"]["edges"][0]["cursor"].clone();
        let before = app.store.statements_executed();
        let body = app
            .ok(&s.hr, query, json!({ "id": s.id, "a": cursor }))
            .await;
        let statements = app.store.statements_executed() - before;
        let shown = body["proposal"]["questionLog"]["edges"]
            .as_array()
            .unwrap()
            .len();
        costs.push((shown, statements));
    }
    let (small, large) = (costs[0], costs[1]);
    assert!(
        large.0 > small.0 * 3,
        "the second page is larger: {costs:?}"
    );
    assert_eq!(
        small.1, large.1,
        "statements do not grow with the page: {costs:?}"
    );
    assert!(large.1 <= 14, "{costs:?}");
}

/// The HR question log page's queries, as the web app sends them.
const LOG_PAGE: &str = "query($id: ID!) { proposal(id: $id) { id title status sponsor { id name } timetable { questionResponseWorkingDays } themes { id name } questionCounts { open overdue answered all unassigned } } managers: users(role: MANAGER, first: 100) { nodes { id name email } } hr: users(role: HR_ADMIN, first: 100) { nodes { id name email } } }";
const LOG_LIST: &str = "query($id: ID!) { proposal(id: $id) { id questionLog(filter: {status: OPEN}, sort: OVERDUE_FIRST, first: 20) { totalCount pageInfo { hasNextPage endCursor } nodes { id number text source status confidential askerUnion raisedOn dueOn answer answeredAt covers published version askedBy { id name } owner { id name } answeredBy { id name } themes { id name } } } } }";
const ONE_QUESTION: &str = "query($id: ID!) { question(id: $id) { id number text source status confidential askerUnion raisedOn dueOn answer answeredAt covers published version askedBy { id name } owner { id name } answeredBy { id name } themes { id name } } }";

async fn raise_many(app: &TestApp, s: &Setup, from: usize, to: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in from..to {
        let token = if i % 2 == 0 {
            &s.staff[i % 4].1
        } else {
            &s.rep
        };
        let raised = app
            .ok(
                token,
                RAISE,
                json!({ "i": { "proposalId": s.id, "text": format!("Question {i}") } }),
            )
            .await;
        ids.push(raised["raiseQuestion"]["id"].as_str().unwrap().to_owned());
    }
    ids
}

/// The statements one query costs, after a first run that warms what a request caches.
async fn cost(app: &TestApp, token: &str, query: &str, variables: Value) -> u64 {
    app.ok(token, query, variables.clone()).await;
    let before = app.store.statements_executed();
    app.ok(token, query, variables).await;
    app.store.statements_executed() - before
}

async fn the_question_log_page_costs_the_same_at_3_and_150_questions(app: TestApp) {
    let s = setup(&app).await;
    let mut raised = raise_many(&app, &s, 0, 3).await;
    let mut costs = Vec::new();
    for round in 0..2 {
        if round == 1 {
            raised.extend(raise_many(&app, &s, 3, 150).await);
        }
        let page = cost(&app, &s.hr, LOG_PAGE, json!({ "id": s.id })).await;
        let list = cost(&app, &s.hr, LOG_LIST, json!({ "id": s.id })).await;
        // The assign and answer pages fetch the one question they act on: the last raised.
        let one = cost(
            &app,
            &s.hr,
            ONE_QUESTION,
            json!({ "id": raised.last().unwrap() }),
        )
        .await;
        costs.push((page, list, one));
    }
    let counts = app.ok(&s.hr, LOG_PAGE, json!({ "id": s.id })).await;
    assert_eq!(counts["proposal"]["questionCounts"]["all"], 150, "{counts}");
    let one = app
        .ok(&s.hr, ONE_QUESTION, json!({ "id": raised.last().unwrap() }))
        .await;
    assert_eq!(one["question"]["number"], 150, "{one}");
    assert_eq!(
        costs[0], costs[1],
        "(page, list, one question) cost the same at 3 and 150 questions: {costs:?}"
    );
}

async fn questions_are_numbered_and_counted_by_the_server(app: TestApp) {
    let s = setup(&app).await;
    let raised = raise_many(&app, &s, 0, 3).await;
    let hr_id = app.ok(&s.hr, "{ me { id } }", json!({})).await["me"]["id"].clone();
    // The second is assigned, the third answered.
    app.ok(
        &s.hr,
        "mutation($i: AssignQuestionInput!) { assignQuestion(input: $i) { id } }",
        json!({ "i": { "id": raised[1], "ownerId": hr_id, "expectedVersion": 1 } }),
    )
    .await;
    app.ok(
        &s.hr,
        "mutation($i: AnswerQuestionInput!) { answerQuestion(input: $i) { id number } }",
        json!({ "i": { "id": raised[2], "answer": "Yes.", "expectedVersion": 1 } }),
    )
    .await;
    let counts =
        app.ok(&s.hr, LOG_PAGE, json!({ "id": s.id })).await["proposal"]["questionCounts"].clone();
    assert_eq!(
        counts,
        json!({ "open": 2, "overdue": 0, "answered": 1, "all": 3, "unassigned": 1 })
    );
    // Numbers follow the order raised, whatever order the list is in.
    let newest = app
        .ok(
            &s.hr,
            "query($id: ID!) { proposal(id: $id) { questionLog(sort: NEWEST) { nodes { id number } } questions { id number } } }",
            json!({ "id": s.id }),
        )
        .await;
    let numbers: Vec<(String, i64)> = newest["proposal"]["questionLog"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["id"].as_str().unwrap().to_owned(),
                q["number"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, i64)> = raised.iter().cloned().zip([1, 2, 3]).rev().collect();
    assert_eq!(numbers, expected);
    assert_eq!(newest["proposal"]["questions"][1]["number"], 2, "{newest}");
    // One question: its asker reads it; another member of staff may not, nor count the log.
    let mine = app
        .ok(&s.staff[0].1, ONE_QUESTION, json!({ "id": raised[0] }))
        .await;
    assert_eq!(mine["question"]["number"], 1, "{mine}");
    let theirs = app
        .graphql(
            Some(&s.staff[1].1),
            ONE_QUESTION,
            json!({ "id": raised[0] }),
        )
        .await;
    assert_eq!(error_code(&theirs), "NOT_FOUND", "{theirs}");
    let counted = app
        .graphql(
            Some(&s.staff[0].1),
            "query($id: ID!) { proposal(id: $id) { questionCounts { all } } }",
            json!({ "id": s.id }),
        )
        .await;
    assert_eq!(error_code(&counted), "FORBIDDEN", "{counted}");
}
