//! Sign-in tokens and who is asking: HS256 JWTs sent as `Authorization: Bearer`, the
//! viewer they name, and the guard that asks `domain::access` whether a field is allowed.

use crate::config::JwtSecret;
use crate::domain::{
    DomainError,
    access::{Permission, Viewer},
    account::Role,
    session::{self, SessionEnded},
};
use async_graphql::{Context, Guard};
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a token says. The session it names is what signs a request in: its account's role,
/// union and state are read from the database with the session, so a role change, a sign-out or
/// a disabled account takes effect at the next request.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    /// The session (`store::sessions`) this token belongs to.
    pub sid: Uuid,
    pub role: String,
    pub email: String,
    pub union: Option<String>,
    pub iat: i64,
    pub exp: i64,
}

/// A token whose signature and expiry check out: whose it is and which session it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifiedToken {
    pub user_id: Uuid,
    pub session_id: Uuid,
}

/// Issues and checks tokens with one secret.
#[derive(Clone)]
pub struct TokenService {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl: Duration,
}

/// Why a presented token was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    Expired,
    Invalid,
}

impl TokenService {
    pub fn new(secret: &JwtSecret, ttl: Duration) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            ttl,
        }
    }

    /// When a token issued now expires (its session ends then too).
    pub fn expiry_from(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + self.ttl
    }

    /// A token naming `viewer` and its session, expiring at `expires_at`.
    pub fn issue(
        &self,
        viewer: &Viewer,
        session_id: Uuid,
        expires_at: DateTime<Utc>,
    ) -> anyhow::Result<String> {
        let claims = Claims {
            sub: viewer.user_id,
            sid: session_id,
            role: viewer.role.as_str().to_owned(),
            email: viewer.email.clone(),
            union: viewer.union.clone(),
            iat: Utc::now().timestamp(),
            exp: expires_at.timestamp(),
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// Whose token it is and its session, if its signature, algorithm and expiry check out.
    pub fn verify(&self, token: &str) -> Result<VerifiedToken, TokenProblem> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        let data =
            jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).map_err(|err| {
                match err.kind() {
                    ErrorKind::ExpiredSignature => TokenProblem::Expired,
                    _ => TokenProblem::Invalid,
                }
            })?;
        Role::parse(&data.claims.role).ok_or(TokenProblem::Invalid)?;
        Ok(VerifiedToken {
            user_id: data.claims.sub,
            session_id: data.claims.sid,
        })
    }
}

/// The cookie that carries a browser's sign-in (the token itself: httpOnly, so scripts cannot
/// read it, and SameSite=Strict, so other sites' requests do not carry it).
pub const SESSION_COOKIE: &str = "consult_session";

/// How a request said who it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credentials {
    None,
    /// `Authorization: Bearer`, which a browser never adds by itself.
    Bearer,
    /// The session cookie, which a browser adds by itself: the request's origin is checked.
    Cookie,
}

/// The `Set-Cookie` value that starts a browser session.
pub fn session_cookie(token: &str, max_age_seconds: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_seconds}{secure}"
    )
}

/// The `Set-Cookie` value that ends it.
pub fn cleared_session_cookie(secure: bool) -> String {
    session_cookie("", 0, secure)
}

pub(crate) fn cookie_value<'a>(headers: &'a poem::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(poem::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

/// The sign-in state of one request, put in its GraphQL data by the HTTP layer.
#[derive(Debug, Clone)]
pub enum RequestAuth {
    Anonymous,
    SignedIn { viewer: Viewer, session_id: Uuid },
    Rejected(TokenProblem),
    Ended(SessionEnded),
}

/// The token a request presents: `Authorization: Bearer`, or else the session cookie.
fn presented_token(headers: &poem::http::HeaderMap) -> (Option<&str>, Credentials) {
    if let Some(value) = headers
        .get(poem::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .map(str::trim);
        // A malformed Authorization header is a token that does not verify.
        return (Some(token.unwrap_or_default()), Credentials::Bearer);
    }
    match cookie_value(headers, SESSION_COOKIE) {
        Some(token) => (Some(token), Credentials::Cookie),
        None => (None, Credentials::None),
    }
}

/// Who a request is from: its token checked, then its session looked up (one read by primary
/// key) and judged by `domain::session::check`. The viewer is the account as it is now.
pub async fn authenticate(
    headers: &poem::http::HeaderMap,
    api: &super::ApiState,
) -> Result<(RequestAuth, Credentials), crate::error::AppError> {
    let (token, credentials) = presented_token(headers);
    let Some(token) = token else {
        return Ok((RequestAuth::Anonymous, credentials));
    };
    let verified = match api.tokens.verify(token) {
        Ok(verified) => verified,
        Err(problem) => return Ok((RequestAuth::Rejected(problem), credentials)),
    };
    let found = crate::store::sessions::find(&api.store, verified.session_id).await?;
    let auth = match session::check(found.as_ref().map(|(facts, _)| facts), Utc::now()) {
        Err(ended) => RequestAuth::Ended(ended),
        Ok(()) => match found.and_then(|(_, user)| user) {
            Some(user) if user.id == verified.user_id => RequestAuth::SignedIn {
                viewer: user.viewer(),
                session_id: verified.session_id,
            },
            // A session of another account than the token says: not a token we issued.
            _ => RequestAuth::Rejected(TokenProblem::Invalid),
        },
    };
    Ok((auth, credentials))
}

impl RequestAuth {
    /// The viewer, or `UNAUTHENTICATED` saying what to do.
    pub fn viewer(&self) -> Result<&Viewer, DomainError> {
        match self {
            RequestAuth::SignedIn { viewer, .. } => Ok(viewer),
            RequestAuth::Anonymous => {
                Err(DomainError::Unauthenticated("Sign in to do this.".into()))
            }
            RequestAuth::Rejected(TokenProblem::Expired) => Err(DomainError::Unauthenticated(
                "Your sign-in has expired. Sign in again.".into(),
            )),
            RequestAuth::Rejected(TokenProblem::Invalid) => Err(DomainError::Unauthenticated(
                "The sign-in token is not valid. Sign in again.".into(),
            )),
            RequestAuth::Ended(ended) => Err(ended.into_error()),
        }
    }

    /// The session this request is signed in with.
    pub fn session_id(&self) -> Option<Uuid> {
        match self {
            RequestAuth::SignedIn { session_id, .. } => Some(*session_id),
            _ => None,
        }
    }
}

/// The signed-in viewer of this request, or `UNAUTHENTICATED`.
pub fn viewer<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Viewer> {
    match ctx.data_opt::<RequestAuth>() {
        Some(auth) => Ok(auth.viewer()?),
        None => Err(RequestAuth::Anonymous.viewer().unwrap_err().into()),
    }
}

/// Starts a browser session beside the token the response carries.
pub fn start_session(ctx: &Context<'_>, token: &str, expires_at: DateTime<Utc>) {
    // Rounded, so a 12-hour token gives a 12-hour cookie despite the time spent signing.
    let seconds = ((expires_at - Utc::now()).num_milliseconds().max(0) + 500) / 1000;
    let secure = super::ApiState::of(ctx).secure_cookies;
    ctx.append_http_header("set-cookie", session_cookie(token, seconds, secure));
}

/// The signed-in viewer as the actor the audit log records.
pub fn audit_actor(ctx: &Context<'_>) -> async_graphql::Result<crate::domain::audit::AuditActor> {
    Ok(crate::domain::audit::AuditActor::User(viewer(ctx)?.user_id))
}

/// Lets a field run only for viewers whose role holds the permission (see
/// `domain::access::Permission`): `#[graphql(guard = "RoleGuard(Permission::ManageUsers)")]`.
pub struct RoleGuard(pub Permission);

impl Guard for RoleGuard {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        Ok(viewer(ctx)?.require(self.0)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role) -> Viewer {
        Viewer {
            user_id: Uuid::now_v7(),
            role,
            email: "a@bury.example".into(),
            union: Some("GMB".into()),
        }
    }

    fn service(ttl: Duration) -> TokenService {
        TokenService::new(&JwtSecret::generate(), ttl)
    }

    #[test]
    fn an_issued_token_names_its_viewer_and_session() {
        let tokens = service(Duration::hours(12));
        let viewer = viewer(Role::UnionRep);
        let session_id = Uuid::now_v7();
        let expires_at = tokens.expiry_from(Utc::now());
        let token = tokens.issue(&viewer, session_id, expires_at).unwrap();
        assert_eq!(
            tokens.verify(&token).unwrap(),
            VerifiedToken {
                user_id: viewer.user_id,
                session_id
            }
        );
        assert!(expires_at > Utc::now() + Duration::hours(11));
    }

    #[test]
    fn expired_and_foreign_tokens_are_refused() {
        let expired_at = Utc::now() - Duration::hours(1);
        let other = service(Duration::hours(1));
        let foreign = other
            .issue(
                &viewer(Role::Staff),
                Uuid::now_v7(),
                other.expiry_from(Utc::now()),
            )
            .unwrap();
        let tokens = service(Duration::hours(1));
        assert_eq!(
            tokens.verify(&foreign),
            Err(TokenProblem::Invalid),
            "signed with another secret"
        );
        let own_expired = tokens
            .issue(&viewer(Role::Staff), Uuid::now_v7(), expired_at)
            .unwrap();
        assert_eq!(tokens.verify(&own_expired), Err(TokenProblem::Expired));
        assert_eq!(tokens.verify("not.a.token"), Err(TokenProblem::Invalid));
    }
}
