//! Calendar files: one meeting's invite (`GET /calendar/meeting/{id}.ics`, signed in), and
//! each person's private feed of the meetings they are invited to (`GET /calendar/{token}.ics`,
//! for calendar apps that cannot sign in: the token is the secret).

use super::{ApiState, ConsultSchema, auth::RequestAuth, timetable::ics};
use crate::domain::{access::Viewer, timetable as rules};
use crate::notify::ical::Method;
use crate::store;
use poem::{
    IntoResponse, Request, Response, handler,
    http::{StatusCode, header},
    web::{Data, Path},
};
use std::{collections::HashMap, sync::Arc};
use uuid::Uuid;

fn calendar_response(body: String, filename: &str) -> Response {
    Response::builder()
        .header(header::CONTENT_TYPE, "text/calendar; charset=utf-8")
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        )
        .header(header::CACHE_CONTROL, "private, no-store")
        .body(body)
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        "There is no calendar here that you can see.",
    )
        .into_response()
}

fn failed(err: crate::error::AppError) -> Response {
    if let crate::error::AppError::Internal(err) = err {
        let _ = super::error::internal(&err);
    }
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong on our side.",
    )
        .into_response()
}

/// One meeting's invite, for someone signed in who may see it.
#[handler]
pub async fn meeting(
    request: &Request,
    Path(file): Path<String>,
    Data(schema): Data<&Arc<ConsultSchema>>,
) -> Response {
    let api = schema
        .data::<ApiState>()
        .expect("the served schema carries ApiState");
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let auth = RequestAuth::from_authorization(authorization, &api.tokens);
    let Ok(viewer) = auth.viewer() else {
        return (StatusCode::UNAUTHORIZED, "Sign in to download this invite.").into_response();
    };
    let Some(id) = file
        .strip_suffix(".ics")
        .and_then(|id| Uuid::parse_str(id).ok())
    else {
        return not_found();
    };
    let meeting = match store::timetable::find_meeting(api.store.conn(), id).await {
        Ok(Some(m)) => m,
        Ok(None) => return not_found(),
        Err(err) => return failed(err),
    };
    let proposal = match store::proposals::find(&api.store, meeting.proposal_id).await {
        Ok(Some(p)) => p,
        Ok(None) => return not_found(),
        Err(err) => return failed(err),
    };
    let named = match store::proposals::viewer_is_named(&api.store, viewer, proposal.id).await {
        Ok(named) => named,
        Err(err) => return failed(err),
    };
    let Some(view) = viewer.proposal_view(&proposal.facts(named)) else {
        return not_found();
    };
    if !rules::may_see(
        viewer,
        view,
        meeting.kind,
        &meeting.invitee_groups,
        &meeting.invitee_ids,
    ) {
        return not_found();
    }
    let method = if meeting.cancelled {
        Method::Cancel
    } else {
        Method::Request
    };
    let title = proposal.content.title.clone();
    let name = meeting.title.clone();
    calendar_response(
        ics(&name, &[meeting], &|_| title.clone(), method),
        &format!("{id}.ics"),
    )
}

/// A person's feed: every meeting they are invited to, cancelled ones included so calendars
/// drop them.
#[handler]
pub async fn feed(Path(file): Path<String>, Data(schema): Data<&Arc<ConsultSchema>>) -> Response {
    let api = schema
        .data::<ApiState>()
        .expect("the served schema carries ApiState");
    let Some(token) = file.strip_suffix(".ics") else {
        return not_found();
    };
    let owner = match store::timetable::feed_owner(&api.store, token).await {
        Ok(Some(id)) => id,
        Ok(None) => return not_found(),
        Err(err) => return failed(err),
    };
    let user = match store::users::find_by_ids(&api.store, &[owner]).await {
        Ok(mut users) if !users.is_empty() => users.remove(0),
        Ok(_) => return not_found(),
        Err(err) => return failed(err),
    };
    let viewer = Viewer {
        user_id: user.id,
        role: user.role,
        email: user.email.clone(),
        union: user.union.clone(),
    };
    let proposals = match store::proposals::all_in_scope(&api.store, &viewer.proposal_scope()).await
    {
        Ok(p) => p,
        Err(err) => return failed(err),
    };
    let ids: Vec<Uuid> = proposals.iter().map(|p| p.id).collect();
    let meetings = match store::timetable::meetings(api.store.conn(), &ids).await {
        Ok(m) => m,
        Err(err) => return failed(err),
    };
    // The scope is the visibility rule, so every proposal here is seen; staff are named in it
    // (or it is published to the whole service).
    let views: HashMap<Uuid, _> = proposals
        .iter()
        .filter_map(|p| viewer.proposal_view(&p.facts(true)).map(|v| (p.id, v)))
        .collect();
    let invited: Vec<_> = meetings
        .into_iter()
        .filter(|m| {
            views.get(&m.proposal_id).is_some_and(|view| {
                rules::is_invited(&viewer, *view, &m.invitee_groups, &m.invitee_ids)
            })
        })
        .collect();
    let titles: HashMap<Uuid, String> = proposals
        .iter()
        .map(|p| (p.id, p.content.title.clone()))
        .collect();
    calendar_response(
        ics(
            "Consultation meetings",
            &invited,
            &|id| titles.get(&id).cloned().unwrap_or_default(),
            Method::Publish,
        ),
        "consult.ics",
    )
}
