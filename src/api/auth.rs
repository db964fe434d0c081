//! Sign-in tokens and who is asking: HS256 JWTs sent as `Authorization: Bearer`, the
//! viewer they name, and the guard that asks `domain::access` whether a field is allowed.

use crate::config::JwtSecret;
use crate::domain::{
    DomainError,
    access::{Permission, Viewer},
    account::Role,
};
use async_graphql::{Context, Guard};
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a token says. `role` is read at sign-in; a role change takes effect at the next one.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub role: String,
    pub email: String,
    pub union: Option<String>,
    pub iat: i64,
    pub exp: i64,
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

    /// A token naming `viewer`, and when it expires.
    pub fn issue(&self, viewer: &Viewer) -> anyhow::Result<(String, DateTime<Utc>)> {
        let now = Utc::now();
        let expires_at = now + self.ttl;
        let claims = Claims {
            sub: viewer.user_id,
            role: viewer.role.as_str().to_owned(),
            email: viewer.email.clone(),
            union: viewer.union.clone(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok((token, expires_at))
    }

    /// The viewer a token names, if its signature, algorithm and expiry check out.
    pub fn verify(&self, token: &str) -> Result<Viewer, TokenProblem> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        let data =
            jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).map_err(|err| {
                match err.kind() {
                    ErrorKind::ExpiredSignature => TokenProblem::Expired,
                    _ => TokenProblem::Invalid,
                }
            })?;
        let role = Role::parse(&data.claims.role).ok_or(TokenProblem::Invalid)?;
        Ok(Viewer {
            user_id: data.claims.sub,
            role,
            email: data.claims.email,
            union: data.claims.union,
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

fn cookie_value<'a>(headers: &'a poem::http::HeaderMap, name: &str) -> Option<&'a str> {
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
    SignedIn(Viewer),
    Rejected(TokenProblem),
}

impl RequestAuth {
    /// Reads `Authorization: Bearer <token>`.
    pub fn from_authorization(header: Option<&str>, tokens: &TokenService) -> Self {
        let Some(value) = header else {
            return RequestAuth::Anonymous;
        };
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .map(str::trim);
        match token {
            Some(token) => match tokens.verify(token) {
                Ok(viewer) => RequestAuth::SignedIn(viewer),
                Err(problem) => RequestAuth::Rejected(problem),
            },
            None => RequestAuth::Rejected(TokenProblem::Invalid),
        }
    }

    /// Reads a Bearer token, or else the session cookie.
    pub fn from_headers(
        headers: &poem::http::HeaderMap,
        tokens: &TokenService,
    ) -> (Self, Credentials) {
        if let Some(value) = headers
            .get(poem::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        {
            return (
                Self::from_authorization(Some(value), tokens),
                Credentials::Bearer,
            );
        }
        match cookie_value(headers, SESSION_COOKIE) {
            Some(token) => {
                let auth = match tokens.verify(token) {
                    Ok(viewer) => RequestAuth::SignedIn(viewer),
                    Err(problem) => RequestAuth::Rejected(problem),
                };
                (auth, Credentials::Cookie)
            }
            None => (RequestAuth::Anonymous, Credentials::None),
        }
    }

    /// The viewer, or `UNAUTHENTICATED` saying what to do.
    pub fn viewer(&self) -> Result<&Viewer, DomainError> {
        match self {
            RequestAuth::SignedIn(viewer) => Ok(viewer),
            RequestAuth::Anonymous => {
                Err(DomainError::Unauthenticated("Sign in to do this.".into()))
            }
            RequestAuth::Rejected(TokenProblem::Expired) => Err(DomainError::Unauthenticated(
                "Your sign-in has expired. Sign in again.".into(),
            )),
            RequestAuth::Rejected(TokenProblem::Invalid) => Err(DomainError::Unauthenticated(
                "The sign-in token is not valid. Sign in again.".into(),
            )),
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
    fn an_issued_token_names_its_viewer() {
        let tokens = service(Duration::hours(12));
        let viewer = viewer(Role::UnionRep);
        let (token, expires_at) = tokens.issue(&viewer).unwrap();
        assert_eq!(tokens.verify(&token).unwrap(), viewer);
        assert!(expires_at > Utc::now() + Duration::hours(11));
    }

    #[test]
    fn expired_and_foreign_tokens_are_refused() {
        let (expired, _) = service(Duration::hours(-1))
            .issue(&viewer(Role::Staff))
            .unwrap();
        let tokens = service(Duration::hours(1));
        assert_eq!(
            tokens.verify(&expired),
            Err(TokenProblem::Invalid),
            "signed with another secret"
        );
        let own_expired = TokenService {
            ttl: Duration::hours(-1),
            ..tokens.clone()
        }
        .issue(&viewer(Role::Staff))
        .unwrap()
        .0;
        assert_eq!(tokens.verify(&own_expired), Err(TokenProblem::Expired));
        assert_eq!(tokens.verify("not.a.token"), Err(TokenProblem::Invalid));
    }
}
