//! `GET /subject-access.json?email=<address>`: everything Consult holds about one person, as a
//! download, for HR answering a subject access request (UK GDPR Art. 15). Signed in by session
//! cookie or bearer token as the other downloads; 401 signed out, 403 for anyone but HR
//! (`domain::subject_access`), 400 for a missing or invalid address. A person Consult knows
//! nothing about gets a valid, empty export. The request is audited.

use super::{
    ConsultSchema,
    downloads::{api, signed_in},
};
use crate::domain::{audit::AuditActor, notify::Milestone, subject_access};
use crate::store::{self, subject_access::SubjectData};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Data, Query},
};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;

#[derive(Deserialize)]
pub struct SubjectAccessParams {
    email: Option<String>,
}

/// The export of one person's data.
#[handler]
pub async fn export(
    request: &Request,
    Query(params): Query<SubjectAccessParams>,
    Data(schema): Data<&Arc<ConsultSchema>>,
) -> Response {
    let api = api(schema);
    let viewer = match signed_in(request, api).await {
        Ok(viewer) => viewer,
        Err(refusal) => return refusal.into_response("export"),
    };
    if let Err(err) = subject_access::may_export(&viewer) {
        return (StatusCode::FORBIDDEN, err.message().to_owned()).into_response();
    }
    let email = match subject_access::subject(params.email.as_deref()) {
        Ok(email) => email,
        Err(err) => return (StatusCode::BAD_REQUEST, err.message().to_owned()).into_response(),
    };
    let result = async {
        let data = store::subject_access::gather(&api.store, &email).await?;
        store::subject_access::record_export(
            &api.store,
            &AuditActor::User(viewer.user_id),
            &email,
            &data,
        )
        .await?;
        Ok::<_, crate::error::AppError>(data)
    }
    .await;
    match result {
        Ok(data) => {
            let body = document(&email, &data, api.public_origin.as_deref().unwrap_or(""));
            super::downloads::file(
                "application/json; charset=utf-8",
                &format!("subject-access-{}.json", subject_access::slug(&email)),
                serde_json::to_string_pretty(&body).unwrap_or_default(),
            )
        }
        Err(err) => super::downloads::Refusal::Failed(err).into_response("export"),
    }
}

/// The export: one JSON document, a section per kind of data.
fn document(
    email: &crate::domain::account::EmailAddress,
    data: &SubjectData,
    public_url: &str,
) -> Value {
    let name = data
        .account
        .as_ref()
        .and_then(|a| a.get("name").and_then(Value::as_str))
        .or_else(|| {
            data.employee_records
                .first()
                .and_then(|e| e.get("name").and_then(Value::as_str))
        })
        .unwrap_or("")
        .to_owned();
    let emails: Vec<Value> = data
        .emails
        .iter()
        .map(|m| {
            let rendered = Milestone::parse(&m.template).and_then(|milestone| {
                crate::notify::templates::render(milestone, &m.data, &name, public_url).ok()
            });
            json!({
                "id": m.id,
                "proposalId": m.proposal_id,
                "to": m.recipient_email,
                "kind": m.template,
                "subject": rendered.as_ref().map(|r| r.subject.clone()),
                "body": rendered.as_ref().map(|r| r.text.clone()),
                "status": m.status,
                "dueAt": m.due_at,
                "sentAt": m.sent_at,
                "createdAt": m.created_at,
            })
        })
        .collect();
    json!({
        "about": "Everything Consult holds about this person (UK GDPR Art. 15). Rows are as stored; feedback includes confidential responses.",
        "email": email.as_str(),
        "generatedAt": chrono::Utc::now(),
        "account": data.account,
        "proposals": data.proposals,
        "employeeRecords": data.employee_records,
        "postsHeld": data.posts_held,
        "feedbackResponses": data.feedback_responses,
        "questionsRaised": data.questions_raised,
        "jdComments": data.jd_comments,
        "questionReplies": data.question_replies,
        "meetingInvitations": data.meeting_invitations,
        "meetingAttendance": data.meeting_attendance,
        "individualCases": data.individual_cases,
        "caseHistory": data.case_history,
        "offers": data.offers,
        "notices": data.notices,
        "appeals": data.appeals,
        "redundancyPay": data.redundancy_pay,
        "individualMeetings": data.individual_meetings,
        "selectionScores": data.selection_scores,
        "letters": data.letters,
        "equalityData": data.equality_data,
        "emails": emails,
        "auditEvents": data.audit_events,
    })
}
