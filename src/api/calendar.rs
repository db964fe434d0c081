//! Calendar files: one meeting's invite (`GET /calendar/meeting/{id}.ics`, signed in), and
//! each person's private feed of the meetings they are invited to (`GET /calendar/{token}.ics`,
//! for calendar apps that cannot sign in: the token is the secret).

use super::{
    ConsultSchema,
    downloads::{self, Refusal},
};
use crate::domain::{session, timetable as rules};
use crate::notify::ical::{Method, meetings_calendar as ics};
use crate::store;
use poem::{
    Request, Response, handler,
    http::header,
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

/// One meeting's invite, for someone signed in who may see it.
#[handler]
pub async fn meeting(
    request: &Request,
    Path(file): Path<String>,
    Data(schema): Data<&Arc<ConsultSchema>>,
) -> Response {
    let api = downloads::api(schema);
    let result = async {
        let viewer = downloads::signed_in(request, api).await?;
        let id = downloads::path_segment(&file)?
            .strip_suffix(".ics")
            .and_then(|id| Uuid::parse_str(id).ok())
            .ok_or(Refusal::NotFound)?;
        let meeting = store::timetable::find_meeting(api.store.conn(), id)
            .await?
            .ok_or(Refusal::NotFound)?;
        let (proposal, view) =
            downloads::visible_proposal(api, &viewer, meeting.proposal_id).await?;
        let own_records = if meeting.invitee_employee_ids.is_empty() {
            Vec::new()
        } else {
            store::timetable::own_employee_records(
                api.store.conn(),
                &[meeting.proposal_id],
                &viewer.email,
            )
            .await?
        };
        if !rules::may_see(
            &viewer,
            view,
            meeting.kind,
            meeting.invitees(),
            &own_records,
        ) {
            return Err(Refusal::NotFound);
        }
        let method = if meeting.cancelled {
            Method::Cancel
        } else {
            Method::Request
        };
        let title = proposal.content.title.clone();
        let name = meeting.title.clone();
        Ok(calendar_response(
            ics(&name, &[meeting], &|_| title.clone(), method),
            &format!("{id}.ics"),
        ))
    }
    .await;
    result.unwrap_or_else(|refusal: Refusal| refusal.into_response("invite"))
}

/// A person's feed: every meeting they are invited to, cancelled ones included so calendars
/// drop them.
#[handler]
pub async fn feed(Path(file): Path<String>, Data(schema): Data<&Arc<ConsultSchema>>) -> Response {
    let api = downloads::api(schema);
    let result = async {
        let token = downloads::path_segment(&file)?
            .strip_suffix(".ics")
            .ok_or(Refusal::NotFound)?;
        let owner = store::timetable::feed_owner(&api.store, token)
            .await?
            .ok_or(Refusal::NotFound)?;
        let user = store::users::find_by_ids(&api.store, &[owner])
            .await?
            .pop()
            .ok_or(Refusal::NotFound)?;
        // A disabled account's calendar feed ends with its sessions.
        session::may_sign_in(user.disabled_at).map_err(|_| Refusal::NotFound)?;
        let viewer = user.viewer();
        let proposals =
            store::proposals::all_in_scope(&api.store, &viewer.proposal_scope()).await?;
        let ids: Vec<Uuid> = proposals.iter().map(|p| p.id).collect();
        let meetings = store::timetable::meetings(api.store.conn(), &ids).await?;
        // The scope is the visibility rule, so every proposal here is seen; staff are named in
        // it (or it is published to the whole service).
        let views: HashMap<Uuid, _> = proposals
            .iter()
            .filter_map(|p| viewer.proposal_view(&p.facts(true)).map(|v| (p.id, v)))
            .collect();
        let own_records =
            store::timetable::own_employee_records(api.store.conn(), &ids, &viewer.email).await?;
        let invited: Vec<_> = meetings
            .into_iter()
            .filter(|m| {
                views.get(&m.proposal_id).is_some_and(|view| {
                    rules::is_invited(&viewer, *view, m.invitees(), &own_records)
                })
            })
            .collect();
        let titles: HashMap<Uuid, String> = proposals
            .iter()
            .map(|p| (p.id, p.content.title.clone()))
            .collect();
        Ok(calendar_response(
            ics(
                "Consultation meetings",
                &invited,
                &|id| titles.get(&id).cloned().unwrap_or_default(),
                Method::Publish,
            ),
            "consult.ics",
        ))
    }
    .await;
    result.unwrap_or_else(|refusal: Refusal| refusal.into_response("calendar"))
}
