//! One-click unsubscribe (RFC 8058) from optional notices, without signing in: the link's
//! token is the proof (`domain::email_headers::UnsubscribeKey`). A POST, as a mail provider
//! sends it with the body `List-Unsubscribe=One-Click`, switches the recipient to the daily
//! digest (statutory notices still come at once); a GET shows a page with a button that
//! POSTs, so a link scanner that follows the link changes nothing.

use super::{ConsultSchema, downloads};
use crate::domain::session;
use crate::store;
use poem::{
    Response, handler,
    http::{StatusCode, header},
    web::{Data, Path},
};
use std::sync::Arc;
use uuid::Uuid;

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(format!(
            "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title} – Consult</title></head><body><main><h1>{title}</h1>{body}</main></body></html>\n"
        ))
}

fn not_found() -> Response {
    page(
        StatusCode::NOT_FOUND,
        "Link not recognised",
        "<p>This unsubscribe link is not one Consult made. You can choose how you receive \
         Consult emails in your settings after signing in.</p>",
    )
}

/// The account a token names, if the token is genuine and the account can still sign in.
async fn owner(
    schema: &ConsultSchema,
    token: &str,
) -> Result<Option<Uuid>, crate::error::AppError> {
    let api = downloads::api(schema);
    let Ok(token) = downloads::path_segment(token) else {
        return Ok(None);
    };
    let Some(user) = api.unsubscribe.owner(token) else {
        return Ok(None);
    };
    let Some(account) = store::users::find_by_ids(&api.store, &[user]).await?.pop() else {
        return Ok(None);
    };
    Ok(session::may_sign_in(account.disabled_at)
        .is_ok()
        .then_some(account.id))
}

/// The page a person reaches by following the link: a button that POSTs.
#[handler]
pub async fn confirm(
    Path(token): Path<String>,
    Data(schema): Data<&Arc<ConsultSchema>>,
) -> Response {
    match owner(schema, &token).await {
        Ok(Some(_)) => page(
            StatusCode::OK,
            "Fewer Consult emails",
            "<p>Get notices that are not statutory as one email a day (a daily digest) \
                 instead of one email each. Statutory notices, such as the consultation \
                 opening and closing, still come at once.</p>\
                 <form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" \
                 value=\"One-Click\"><button type=\"submit\">Send me a daily digest</button></form>",
        ),
        Ok(None) => not_found(),
        Err(err) => downloads::Refusal::Failed(err).into_response("page"),
    }
}

/// The one-click POST: the recipient now gets the daily digest. The body is not needed to
/// act (the token is the proof), so a provider's `multipart/form-data` works as well as
/// `application/x-www-form-urlencoded`.
#[handler]
pub async fn one_click(
    Path(token): Path<String>,
    Data(schema): Data<&Arc<ConsultSchema>>,
) -> Response {
    let api = downloads::api(schema);
    let result = async {
        let Some(user) = owner(schema, &token).await? else {
            return Ok(None);
        };
        store::outbox::set_daily_digest(&api.store, user, true).await?;
        Ok::<_, crate::error::AppError>(Some(user))
    }
    .await;
    match result {
        Ok(Some(_)) => page(
            StatusCode::OK,
            "You will get a daily digest",
            "<p>Consult will send notices that are not statutory as one email a day. \
             Statutory notices still come at once. You can change this in your Consult \
             settings.</p>",
        ),
        Ok(None) => not_found(),
        Err(err) => downloads::Refusal::Failed(err).into_response("page"),
    }
}
