//! Files people download, signed in with the same Bearer token as the API: a union
//! response's attachment (`GET /attachments/{id}`), a document tabled at a meeting
//! (`GET /meeting-documents/{id}`), every response as CSV
//! (`GET /proposals/{id}/responses.csv`) and the outcome report as CSV and as a printable page
//! (`GET /proposals/{id}/outcome-report.csv`, `.html`). Each applies the same visibility
//! rules as the API; what the caller may not see answers 404.

use super::{
    ApiState, ConsultSchema,
    auth::authenticate,
    outcome::{OutcomeReportData, report_of},
};
use crate::domain::{
    access::{ProposalView, Viewer},
    feedback::{self, ResponseVisibility},
    outcome::TagSubject,
    readable,
};
use crate::error::AppError;
use crate::store::{self, proposals::ProposalRecord};
use chrono::{DateTime, Utc};
use poem::{
    IntoResponse, Request, Response, handler,
    http::{StatusCode, header},
    web::{Data, Path},
};
use std::sync::Arc;
use uuid::Uuid;

/// Why a download was refused, as the response says it.
pub enum Refusal {
    SignIn,
    NotFound,
    Failed(AppError),
}

impl From<AppError> for Refusal {
    fn from(err: AppError) -> Self {
        Refusal::Failed(err)
    }
}

impl Refusal {
    pub fn into_response(self, what: &str) -> Response {
        match self {
            Refusal::SignIn => (
                StatusCode::UNAUTHORIZED,
                format!("Sign in to download this {what}."),
            )
                .into_response(),
            Refusal::NotFound => (
                StatusCode::NOT_FOUND,
                format!("There is no {what} here that you can see."),
            )
                .into_response(),
            Refusal::Failed(err) => {
                if let AppError::Internal(err) = err {
                    let _ = super::error::internal(&err);
                }
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side.",
                )
                    .into_response()
            }
        }
    }
}

/// The API state of the served schema.
pub fn api(schema: &ConsultSchema) -> &ApiState {
    schema
        .data::<ApiState>()
        .expect("the served schema carries ApiState")
}

/// The signed-in viewer of a request (its session checked, as for the API).
pub async fn signed_in(request: &Request, api: &ApiState) -> Result<Viewer, Refusal> {
    let (auth, _) = authenticate(request.headers(), api).await?;
    auth.viewer().cloned().map_err(|_| Refusal::SignIn)
}

/// A path segment as sent, if it can name anything: one holding a control character (a NUL
/// cannot even be looked up in PostgreSQL) is answered as not found before any query.
pub fn path_segment(raw: &str) -> Result<&str, Refusal> {
    if crate::domain::bounds::path_segment_is_plausible(raw) {
        Ok(raw)
    } else {
        Err(Refusal::NotFound)
    }
}

/// A proposal the viewer may see, and how.
pub async fn visible_proposal(
    api: &ApiState,
    viewer: &Viewer,
    id: Uuid,
) -> Result<(ProposalRecord, ProposalView), Refusal> {
    let proposal = store::proposals::find(&api.store, id)
        .await?
        .ok_or(Refusal::NotFound)?;
    let named = store::proposals::viewer_is_named(&api.store, viewer, id).await?;
    let view = viewer
        .proposal_view(&proposal.facts(named))
        .ok_or(Refusal::NotFound)?;
    Ok((proposal, view))
}

pub(crate) fn file(content_type: &str, file_name: &str, body: impl Into<poem::Body>) -> Response {
    // The name is quoted and stripped of quotes and line breaks so it cannot break the header.
    let safe: String = file_name
        .chars()
        .filter(|c| !matches!(c, '"' | '\\') && !c.is_control())
        .collect();
    Response::builder()
        .header(header::CONTENT_TYPE, content_type)
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{safe}\""),
        )
        .header(header::CACHE_CONTROL, "private, no-store")
        .header("X-Content-Type-Options", "nosniff")
        .body(body)
}

/// A union response's attachment, for those who may read the response.
#[handler]
pub async fn attachment(
    request: &Request,
    Path(id): Path<String>,
    Data(schema): Data<&Arc<ConsultSchema>>,
) -> Response {
    let api = api(schema);
    let result = async {
        let viewer = signed_in(request, api).await?;
        let id = Uuid::parse_str(path_segment(&id)?).map_err(|_| Refusal::NotFound)?;
        let (record, response, content) =
            store::union_responses::attachment_content(api.store.conn(), id)
                .await?
                .ok_or(Refusal::NotFound)?;
        let (_, view) = visible_proposal(api, &viewer, response.proposal_id).await?;
        if !crate::domain::joint_response::sees_union_response(
            view,
            viewer.union.as_deref(),
            &response.named_unions(),
        ) {
            return Err(Refusal::NotFound);
        }
        Ok(file(&record.content_type, &record.file_name, content))
    }
    .await;
    result.unwrap_or_else(|refusal: Refusal| refusal.into_response("attachment"))
}

/// A document tabled at a consultation meeting, for those who may see the meeting's record
/// (`domain::meeting_record::record_access`): HR, the sponsor, the recognised unions'
/// representatives; never staff, nor anyone but HR and the sponsor for a 1:1.
#[handler]
pub async fn meeting_document(
    request: &Request,
    Path(id): Path<String>,
    Data(schema): Data<&Arc<ConsultSchema>>,
) -> Response {
    let api = api(schema);
    let result = async {
        let viewer = signed_in(request, api).await?;
        let id = Uuid::parse_str(path_segment(&id)?).map_err(|_| Refusal::NotFound)?;
        let (record, meeting, content) =
            store::meeting_records::document_content(api.store.conn(), id)
                .await?
                .ok_or(Refusal::NotFound)?;
        let (_, view) = visible_proposal(api, &viewer, meeting.proposal_id).await?;
        if !crate::domain::meeting_record::record_access(view, meeting.kind).sees_record() {
            return Err(Refusal::NotFound);
        }
        Ok(file(&record.content_type, &record.file_name, content))
    }
    .await;
    result.unwrap_or_else(|refusal: Refusal| refusal.into_response("meeting document"))
}

/// Neutralises a cell a spreadsheet would run as a formula (CSV injection).
fn cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

pub fn csv_bytes(rows: Vec<Vec<String>>) -> Result<Vec<u8>, Refusal> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer
            .write_record(row.iter().map(|v| cell(v)))
            .map_err(|e| Refusal::Failed(AppError::Internal(e.into())))?;
    }
    writer
        .into_inner()
        .map_err(|e| Refusal::Failed(AppError::Internal(anyhow::anyhow!("{e}"))))
}

/// Every submitted response (staff and union) as CSV, with names as the caller may see them.
#[handler]
pub async fn responses_csv(
    request: &Request,
    Path(id): Path<String>,
    Data(schema): Data<&Arc<ConsultSchema>>,
) -> Response {
    let api = api(schema);
    let result = async {
        let viewer = signed_in(request, api).await?;
        let id = Uuid::parse_str(&id).map_err(|_| Refusal::NotFound)?;
        let (proposal, view) = visible_proposal(api, &viewer, id).await?;
        feedback::may_read_responses(view).map_err(|_| Refusal::NotFound)?;
        let table = responses_rows(api, &viewer, view, id).await?;
        let name = format!("responses-{}.csv", slug(&proposal.content.title));
        Ok(file(
            "text/csv; charset=utf-8",
            &name,
            csv_bytes(table.rows)?,
        ))
    }
    .await;
    result.unwrap_or_else(|refusal: Refusal| refusal.into_response("list of responses"))
}

/// The responses as rows for people to read, and when each was submitted.
pub struct ResponseRows {
    /// Header first, then one row per response; times and answers in words
    /// (`domain::readable`).
    pub rows: Vec<Vec<String>>,
    /// When the response of `rows[i + 1]` was submitted (the bundle's chronology).
    pub submitted_at: Vec<Option<DateTime<Utc>>>,
}

/// Every submitted response (staff and union) as CSV rows, header first, with names as
/// `viewer` (seeing the proposal as `view`) may see them: the download, and the bundle's.
pub async fn responses_rows(
    api: &ApiState,
    viewer: &Viewer,
    view: ProposalView,
    id: Uuid,
) -> Result<ResponseRows, Refusal> {
    let conn = api.store.conn();
    let form = store::forms::form_of(conn, id).await?;
    let responses = store::feedback::submitted(conn, id, None, None).await?;
    let graph = store::structure::load_graphs(conn, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let authors: std::collections::HashMap<Uuid, String> = store::users::find_by_ids(
        &api.store,
        &responses.iter().map(|r| r.author_id).collect::<Vec<_>>(),
    )
    .await?
    .into_iter()
    .map(|u| (u.id, u.name))
    .collect();
    let themes_of = |subject: TagSubject, subject_id: Uuid| {
        graph
            .themes_on(subject, subject_id)
            .map(|th| th.name.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut header: Vec<String> = ["Type", "Submitted", "From", "Confidential", "Themes"]
        .map(str::to_owned)
        .to_vec();
    header.extend(form.questions.iter().map(|q| q.text.clone()));
    header.extend(
        [
            "Title",
            "Collective response",
            "Numbered points",
            "Failure to agree",
        ]
        .map(str::to_owned),
    );
    let blanks = |n: usize| vec![String::new(); n];
    let mut rows = vec![header];
    let mut submitted_at = Vec::new();
    for r in &responses {
        let from = match feedback::response_visibility(
            view,
            viewer.user_id,
            r.author_id,
            r.confidential,
        ) {
            ResponseVisibility::Named => authors.get(&r.author_id).cloned().unwrap_or_default(),
            _ => "Withheld".to_owned(),
        };
        let mut row = vec![
            "Staff response".to_owned(),
            r.submitted_at.map(readable::when).unwrap_or_default(),
            from,
            readable::yes_no(r.confidential).to_owned(),
            themes_of(TagSubject::FeedbackResponse, r.id),
        ];
        row.extend(form.questions.iter().map(|q| {
            r.answers
                .iter()
                .find(|(key, _)| *key == q.key)
                .map(|(_, values)| {
                    values
                        .iter()
                        .map(|v| readable::answer(q.kind, v))
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default()
        }));
        row.extend(blanks(4));
        rows.push(row);
        submitted_at.push(r.submitted_at);
    }
    for u in graph.union_responses.iter().filter(|u| {
        u.submitted
            && crate::domain::joint_response::sees_union_response(
                view,
                viewer.union.as_deref(),
                &u.named_unions(),
            )
    }) {
        let mut row = vec![
            "Union response".to_owned(),
            u.submitted_at.map(readable::when).unwrap_or_default(),
            // A joint response is every union's that signed it.
            u.named_unions().join(" and "),
            readable::yes_no(false).to_owned(),
            themes_of(TagSubject::UnionResponse, u.id),
        ];
        row.extend(blanks(form.questions.len()));
        row.push(u.title.clone());
        row.push(u.body.clone());
        row.push(
            u.points
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{}. {p}", i + 1))
                .collect::<Vec<_>>()
                .join("\n"),
        );
        row.push(readable::yes_no(u.failure_to_agree).to_owned());
        rows.push(row);
        submitted_at.push(u.submitted_at);
    }
    Ok(ResponseRows { rows, submitted_at })
}

pub fn slug(title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    slug.split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

async fn outcome_report(
    request: &Request,
    api: &ApiState,
    id: &str,
) -> Result<OutcomeReportData, Refusal> {
    let viewer = signed_in(request, api).await?;
    let id = Uuid::parse_str(path_segment(id)?).map_err(|_| Refusal::NotFound)?;
    let (proposal, view) = visible_proposal(api, &viewer, id).await?;
    let graph = store::structure::load_graphs(api.store.conn(), &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    Ok(report_of(&proposal, &viewer, view, &graph))
}

/// A theme's total as the CSV gives it when it is withheld (`feedback::raised_shown`).
const WITHHELD: &str = "Withheld: fewer than 3 in a group";

/// The outcome report as CSV rows, header first: one row per theme, then one per question.
pub fn outcome_report_rows(report: &OutcomeReportData) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "Section",
            "Theme",
            "Raised by",
            "Management response",
            "Outcome",
            "Change to the proposal",
            "Revision",
            "Question",
            "Answer",
            "Answered",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for t in &report.themes {
        rows.push(vec![
            "Theme".to_owned(),
            t.record.name.clone(),
            t.raised
                .total
                .map_or_else(|| WITHHELD.to_owned(), |n| n.to_string()),
            t.record.management_response.clone().unwrap_or_default(),
            t.record
                .outcome
                .map(|o| readable::code(o.as_str()))
                .unwrap_or_default(),
            t.record.change_description.clone().unwrap_or_default(),
            t.record
                .revision_number
                .map(|n| n.to_string())
                .unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    for q in &report.questions {
        rows.push(vec![
            "Question".to_owned(),
            q.themes.join("; "),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            q.record.text.clone(),
            q.record.answer.clone().unwrap_or_default(),
            q.record.answered_at.map(readable::when).unwrap_or_default(),
        ]);
    }
    rows
}

/// The outcome report as CSV: one row per theme, then one per question. How often a theme
/// was raised is shown as the API shows it to the caller.
#[handler]
pub async fn outcome_report_csv(
    request: &Request,
    Path(id): Path<String>,
    Data(schema): Data<&Arc<ConsultSchema>>,
) -> Response {
    let api = api(schema);
    let result = async {
        let report = outcome_report(request, api, &id).await?;
        let rows = outcome_report_rows(&report);
        let name = format!("outcome-report-{}.csv", slug(&report.proposal_title));
        Ok(file("text/csv; charset=utf-8", &name, csv_bytes(rows)?))
    }
    .await;
    result.unwrap_or_else(|refusal: Refusal| refusal.into_response("outcome report"))
}

/// The outcome report as a page to print or save as PDF.
#[handler]
pub async fn outcome_report_html(
    request: &Request,
    Path(id): Path<String>,
    Data(schema): Data<&Arc<ConsultSchema>>,
) -> Response {
    let api = api(schema);
    match outcome_report(request, api, &id).await {
        Ok(report) => Response::builder()
            .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
            .header(header::CACHE_CONTROL, "private, no-store")
            .header("X-Content-Type-Options", "nosniff")
            .header(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
            )
            .body(super::report_page::render(&report)),
        Err(refusal) => refusal.into_response("outcome report"),
    }
}
