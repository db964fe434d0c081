//! Single sign-on with OpenID Connect, over plain HTTP routes the browser is sent through:
//!
//! - `GET /auth/oidc/start`: a new attempt (state, nonce, PKCE verifier kept in the database,
//!   the state also in a cookie of this browser), then off to the provider;
//! - `GET /auth/oidc/callback`: the attempt taken (once), the code exchanged with the PKCE
//!   verifier, the ID token checked against the provider's keys (signature, issuer, audience,
//!   expiry, nonce), the person matched and signed in (`domain::single_sign_on`);
//! - `GET /auth/oidc/sign-out`: the Consult session ended and, when the provider offers it,
//!   RP-initiated logout there.
//!
//! The protocol is the `openidconnect` crate's; nothing of it is written here. Every refusal
//! lands on the sign-in page as `/sign-in?problem=<code>`, its reason in the log.

use super::{
    ApiState, ConsultSchema,
    auth::{RequestAuth, authenticate, cleared_session_cookie, session_cookie},
    downloads::api,
};
use crate::domain::single_sign_on::{
    self as rules, AccountFacts, IdentityClaims, Refusal, RoleGroups,
};
use crate::store;
use anyhow::Context as _;
use chrono::Utc;
use openidconnect::{
    AdditionalClaims, AuthenticationFlow, AuthorizationCode, Client, ClientId, ClientSecret,
    CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdToken,
    IdTokenFields, IssuerUrl, LogoutRequest, Nonce, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, Scope, StandardErrorResponse,
    StandardTokenResponse,
    core::{
        CoreAuthDisplay, CoreAuthPrompt, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
        CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreResponseType,
        CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse,
        CoreTokenType,
    },
};
use poem::{
    IntoResponse, Request, Response, handler,
    http::{StatusCode, header},
    web::{Data, Html, Query},
};
use serde::{Deserialize, Serialize};
use std::{str::FromStr, sync::Arc};

/// The cookie that ties an attempt to the browser that began it (so a callback URL sent to
/// someone else signs nobody in). SameSite=Lax: the provider's redirect back is a top-level
/// navigation from another site, which a Strict cookie would not come with.
const ATTEMPT_COOKIE: &str = "consult_sso_attempt";

/// The claims of an ID token beyond the standard ones (the groups claim is read from here).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OtherClaims {
    #[serde(flatten)]
    claims: serde_json::Map<String, serde_json::Value>,
}

impl AdditionalClaims for OtherClaims {}

type ConsultIdToken = IdToken<
    OtherClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type ConsultTokenResponse = StandardTokenResponse<
    IdTokenFields<
        OtherClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;
/// An OpenID Connect client as discovery makes it (authorization endpoint set, token and
/// userinfo endpoints as the provider says).
type ConsultClient = Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    ConsultTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// What `consult serve` is configured with (`CONSULT_OIDC_*`).
#[derive(Debug, Clone)]
pub struct SingleSignOnSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// Shown on the sign-in page: "Sign in with <provider_name>".
    pub provider_name: String,
    /// The ID token claim that lists the person's groups; none means roles are HR's alone.
    pub groups_claim: Option<String>,
    pub role_groups: RoleGroups,
    /// `CONSULT_PUBLIC_URL`, without a trailing slash: the redirect URIs start with it.
    pub public_url: String,
}

/// A discovered provider, ready to sign people in.
pub struct SingleSignOn {
    client: ConsultClient,
    http: reqwest::Client,
    settings: SingleSignOnSettings,
    end_session_endpoint: Option<openidconnect::EndSessionUrl>,
}

impl SingleSignOn {
    /// Reads the provider's discovery document and keys (at start-up: a provider that cannot be
    /// reached stops the server from starting rather than failing each sign-in).
    pub async fn discover(settings: SingleSignOnSettings) -> anyhow::Result<Self> {
        // No redirects: a provider's endpoints answer directly (the oauth2 crate's advice, so a
        // redirect cannot point the server at an internal address).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // No idle connections kept: a sign-in talks to the provider once or twice, and a
            // connection the provider has meanwhile closed (Node's keep-alive lasts 5 s) would
            // fail the token request, which is not retried.
            .pool_max_idle_per_host(0)
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .context("cannot build the HTTP client for single sign-on")?;
        let issuer = IssuerUrl::new(settings.issuer.clone())
            .with_context(|| format!("CONSULT_OIDC_ISSUER ({}) is not a URL", settings.issuer))?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &http)
            .await
            .with_context(|| {
                format!(
                    "cannot read the OpenID provider's discovery document at {}",
                    settings.issuer
                )
            })?;
        let end_session_endpoint = metadata.additional_metadata().end_session_endpoint.clone();
        let redirect = RedirectUrl::new(format!("{}/auth/oidc/callback", settings.public_url))
            .context("CONSULT_PUBLIC_URL does not make a redirect URL")?;
        let client = ConsultClient::from_provider_metadata(
            metadata,
            ClientId::new(settings.client_id.clone()),
            settings.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(redirect);
        tracing::info!(
            issuer = settings.issuer,
            rp_initiated_logout = end_session_endpoint.is_some(),
            "single sign-on is on"
        );
        Ok(Self {
            client,
            http,
            settings,
            end_session_endpoint,
        })
    }

    pub fn provider_name(&self) -> &str {
        &self.settings.provider_name
    }

    /// The verified claims of the callback's code, or why not (for the log).
    async fn verified_claims(
        &self,
        code: String,
        attempt: store::single_sign_on::Attempt,
    ) -> Result<(IdentityClaims, String, String), String> {
        let response = self
            .client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|err| format!("the provider has no token endpoint: {err}"))?
            .set_pkce_verifier(PkceCodeVerifier::new(attempt.pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|err| format!("the token request failed: {}", with_causes(&err)))?;
        let id_token = openidconnect::TokenResponse::id_token(&response)
            .ok_or("the token response has no ID token")?;
        let claims = id_token
            .claims(&self.client.id_token_verifier(), &Nonce::new(attempt.nonce))
            .map_err(|err| format!("the ID token was refused: {err}"))?;
        let groups = self.settings.groups_claim.as_ref().and_then(|name| {
            let value = claims.additional_claims().claims.get(name)?;
            Some(match value {
                serde_json::Value::Array(items) => items
                    .iter()
                    .filter_map(|item| item.as_str().map(str::to_owned))
                    .collect(),
                serde_json::Value::String(one) => vec![one.clone()],
                _ => Vec::new(),
            })
        });
        let identity = IdentityClaims {
            email: claims.email().map(|email| email.as_str().to_owned()),
            email_verified: claims.email_verified(),
            groups,
        };
        Ok((
            identity,
            claims.subject().as_str().to_owned(),
            id_token.to_string(),
        ))
    }
}

/// An error with the errors that caused it, for the log ("Request failed: connection refused").
fn with_causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn redirect(location: &str) -> Response {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, location)
        .header(header::CACHE_CONTROL, "no-store")
        .finish()
}

fn attempt_cookie(value: &str, max_age_seconds: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{ATTEMPT_COOKIE}={value}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"
    )
}

/// Back to the sign-in page, saying what went wrong; the attempt's cookie goes.
fn refused(refusal: Refusal, secure: bool) -> Response {
    let mut response = redirect(&format!("/sign-in?problem={}", refusal.code()));
    if let Ok(value) = attempt_cookie("", 0, secure).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// `GET /auth/oidc/start`: a new attempt, then to the provider.
#[handler]
pub async fn start(Data(schema): Data<&Arc<ConsultSchema>>) -> Response {
    let api = api(schema);
    let Some(sso) = api.single_sign_on.as_deref() else {
        return redirect("/sign-in");
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = sso
        .client
        .authorize_url(
            AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let now = Utc::now();
    let expires_at = rules::attempt_expires(now);
    let attempt = store::single_sign_on::Attempt {
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
    };
    if let Err(err) =
        store::single_sign_on::begin(&api.store, state.secret(), attempt, expires_at).await
    {
        tracing::error!(error = ?err, "single sign-on: the attempt could not be kept");
        return refused(Refusal::Failed, api.secure_cookies);
    }
    let mut response = redirect(url.as_str());
    let cookie = attempt_cookie(
        state.secret(),
        (expires_at - now).num_seconds(),
        api.secure_cookies,
    );
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// What the provider sends back.
#[derive(Debug, Deserialize)]
pub struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// `GET /auth/oidc/callback`: finish the attempt and sign the person in, or say why not.
#[handler]
pub async fn callback(
    request: &Request,
    Query(params): Query<CallbackParams>,
    Data(schema): Data<&Arc<ConsultSchema>>,
) -> Response {
    let api = api(schema);
    let secure = api.secure_cookies;
    let Some(sso) = api.single_sign_on.as_deref() else {
        return redirect("/sign-in");
    };
    match finish(api, sso, request, params).await {
        Ok(response) => response,
        Err((refusal, reason)) => {
            tracing::warn!(problem = refusal.code(), reason, "single sign-on refused");
            api.metrics
                .sign_in_failed(crate::metrics::SignInMethod::SingleSignOn, refusal.into());
            refused(refusal, secure)
        }
    }
}

async fn finish(
    api: &ApiState,
    sso: &SingleSignOn,
    request: &Request,
    params: CallbackParams,
) -> Result<Response, (Refusal, String)> {
    let failed = |reason: String| (Refusal::Failed, reason);
    let state = params.state.ok_or_else(|| failed("no state".into()))?;
    // The attempt is used up whatever follows: a state works once.
    let attempt = store::single_sign_on::take(&api.store, &state)
        .await
        .map_err(|err| failed(format!("the attempt could not be read: {err:?}")))?
        .ok_or_else(|| failed("unknown, expired or already used state".into()))?;
    if super::auth::cookie_value(request.headers(), ATTEMPT_COOKIE) != Some(state.as_str()) {
        return Err(failed("the state is not this browser's attempt".into()));
    }
    if let Some(error) = params.error {
        let description = params.error_description.unwrap_or_default();
        return Err((
            Refusal::Cancelled,
            format!("the provider answered {error}: {description}"),
        ));
    }
    let code = params.code.ok_or_else(|| failed("no code".into()))?;
    let (identity, subject, id_token) = sso.verified_claims(code, attempt).await.map_err(failed)?;
    let email = rules::verified_email(&identity)
        .map_err(|refusal| (refusal, "the provider did not verify the address".into()))?;
    let account = store::single_sign_on::find_account(&api.store, &email)
        .await
        .map_err(|err| failed(format!("the account could not be read: {err:?}")))?;
    let decision = rules::decide(
        account.as_ref().map(|user| AccountFacts {
            role: user.role,
            disabled_at: user.disabled_at,
        }),
        identity.groups.as_deref(),
        &sso.settings.role_groups,
    )
    .map_err(|refusal| (refusal, format!("subject {subject}")))?;
    let user = account.expect("decide refuses a missing account");
    let user = store::single_sign_on::record_sign_in(
        &api.store,
        user,
        decision.new_role,
        &sso.settings.issuer,
        &subject,
    )
    .await
    .map_err(|err| failed(format!("the sign-in could not be recorded: {err:?}")))?;
    let now = Utc::now();
    let expires_at = api.tokens.expiry_from(now);
    let session_id = store::sessions::start(api.store.conn(), user.id, expires_at, Some(id_token))
        .await
        .map_err(|err| failed(format!("the session could not start: {err:?}")))?;
    let token = api
        .tokens
        .issue(&user.viewer(), session_id, expires_at)
        .map_err(|err| failed(format!("the token could not be issued: {err}")))?;
    tracing::info!(user_id = %user.id, "signed in with single sign-on");
    // The session cookie is SameSite=Strict, and this response ends a navigation that began
    // at the provider: a browser would not send the cookie with a redirect from here. A page
    // of Consult's own that moves on to `/` makes the next request same-site.
    let mut response = Html(SIGNED_IN_PAGE)
        .with_header(header::CACHE_CONTROL, "no-store")
        .into_response();
    let max_age = (expires_at - now).num_seconds();
    for cookie in [
        session_cookie(&token, max_age, api.secure_cookies),
        attempt_cookie("", 0, api.secure_cookies),
    ] {
        if let Ok(value) = cookie.parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    Ok(response)
}

/// Shown for a moment after signing in through the provider (no script: the CSP allows none
/// inline, and a refresh needs none).
const SIGNED_IN_PAGE: &str = "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url=/\"><title>Signed in - Consult</title></head><body><main><h1>You are signed in</h1><p><a href=\"/\">Continue to Consult</a></p></main></body></html>";

/// Where a browser lands after signing out (from the provider, `post_logout_redirect_uri`,
/// which the provider must have registered).
pub const SIGNED_OUT_PAGE: &str = "/sign-in?signedOut=1";

/// `GET /auth/oidc/sign-out`: ends this browser's session and clears its cookie, then signs
/// out at the provider too when the session began there and the provider offers it.
#[handler]
pub async fn sign_out(request: &Request, Data(schema): Data<&Arc<ConsultSchema>>) -> Response {
    let api = api(schema);
    let mut id_token_hint = None;
    if let Ok((RequestAuth::SignedIn { viewer, session_id }, _)) =
        authenticate(request.headers(), api).await
    {
        id_token_hint = store::sessions::id_token_hint(&api.store, session_id)
            .await
            .ok()
            .flatten();
        if let Err(err) = store::sessions::revoke(&api.store, session_id).await {
            tracing::error!(error = ?err, "the session could not be ended");
        } else {
            tracing::info!(user_id = %viewer.user_id, "signed out");
        }
    }
    let at_provider = api.single_sign_on.as_deref().and_then(|sso| {
        let endpoint = sso.end_session_endpoint.clone()?;
        let hint = ConsultIdToken::from_str(id_token_hint.as_deref()?).ok()?;
        let back =
            PostLogoutRedirectUrl::new(format!("{}{SIGNED_OUT_PAGE}", sso.settings.public_url))
                .ok()?;
        Some(
            LogoutRequest::from(endpoint)
                .set_client_id(ClientId::new(sso.settings.client_id.clone()))
                .set_id_token_hint(&hint)
                .set_post_logout_redirect_uri(back)
                .http_get_url(),
        )
    });
    let mut response = match at_provider {
        Some(url) => redirect(url.as_str()),
        None => redirect(SIGNED_OUT_PAGE),
    };
    if let Ok(value) = cleared_session_cookie(api.secure_cookies).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}
