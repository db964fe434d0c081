//! Accounts over GraphQL: signing in, who am I, and HR's management of accounts.

use super::{
    ApiState,
    auth::{RoleGuard, viewer},
    loaders::Loaders,
    pagination::{self, IdCursor, TotalCount},
    parse_id,
};
use crate::domain::{
    DomainError,
    access::Permission,
    account::{EmailAddress, NewUser, Role},
    audit::AuditActor,
    page::PageSize,
    password, session,
};
use crate::error::AppError;
use crate::metrics::{SignInFailure, SignInMethod};
use crate::store;
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject, connection::Connection};
use chrono::{DateTime, Utc};

/// A global role. What a role may see of a proposal is further scoped to that proposal.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "Role", remote = "crate::domain::account::Role")]
pub enum RoleValue {
    /// HR: creates proposals and accounts, publishes, sees everything including who said what.
    HrAdmin,
    /// A manager: sponsors proposals, answers questions, completes sign-off steps.
    Manager,
    /// A trade union representative of a recognised union.
    UnionRep,
    /// An employee: sees proposals that affect them and gives feedback.
    Staff,
}

pub struct User(pub store::users::User);

/// A person's account.
#[Object]
impl User {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Work email address; people sign in with it.
    async fn email(&self) -> &str {
        &self.0.email
    }
    /// Name as shown to others.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Global role.
    async fn role(&self) -> RoleValue {
        self.0.role.into()
    }
    /// The union a union representative acts for; null for other roles.
    async fn union(&self) -> Option<&str> {
        self.0.union.as_deref()
    }
    /// When the account was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Whether HR has disabled the account: it cannot sign in, and its sessions have ended.
    async fn disabled(&self) -> bool {
        self.0.disabled_at.is_some()
    }
    /// When HR disabled the account; null while it is enabled.
    async fn disabled_at(&self) -> Option<DateTime<Utc>> {
        self.0.disabled_at
    }
}

/// Email address and password.
#[derive(InputObject)]
pub struct LoginInput {
    /// Work email address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// A successful sign-in.
#[derive(SimpleObject)]
pub struct LoginPayload {
    /// Send as `Authorization: Bearer <token>` with every request.
    pub token: String,
    /// When the token stops working; sign in again after.
    pub expires_at: DateTime<Utc>,
    /// Who signed in.
    pub user: User,
}

/// Signs `user` in: a new session, its token for API clients and the browser's cookie.
pub async fn sign_in(
    ctx: &Context<'_>,
    user: store::users::User,
) -> async_graphql::Result<LoginPayload> {
    session::may_sign_in(user.disabled_at)?;
    let api = ApiState::of(ctx);
    let expires_at = api.tokens.expiry_from(Utc::now());
    let session_id = store::sessions::start(api.store.conn(), user.id, expires_at, None).await?;
    let token = api
        .tokens
        .issue(&user.viewer(), session_id, expires_at)
        .map_err(|err| super::error::internal(&err))?;
    super::auth::start_session(ctx, &token, expires_at);
    Ok(LoginPayload {
        token,
        expires_at,
        user: User(user),
    })
}

/// A new account.
#[derive(InputObject)]
pub struct CreateUserInput {
    /// Work email address; it must not belong to another account.
    pub email: String,
    /// Name as shown to others.
    pub name: String,
    /// Global role.
    pub role: RoleValue,
    /// The union a UNION_REP acts for (UNISON, GMB, NEU, ...); only for UNION_REP.
    pub union: Option<String>,
}

/// How people sign in here; asked before anyone has.
pub struct SignInOptions {
    password_sign_in: bool,
    single_sign_on: Option<SingleSignOnOption>,
}

/// Signing in with an OpenID provider.
#[derive(SimpleObject)]
pub struct SingleSignOnOption {
    /// The provider's name, for "Sign in with <providerName>".
    pub provider_name: String,
    /// Where the browser goes to sign in there (a plain link, not an API call).
    pub start_path: String,
    /// Where the browser goes to sign out, of Consult and, when it offers it, the provider.
    pub sign_out_path: String,
}

/// How people sign in here: passwords, the organisation's provider, or both.
#[Object]
impl SignInOptions {
    /// Whether `login` (email and password) is on. Off only beside single sign-on.
    async fn password_sign_in(&self) -> bool {
        self.password_sign_in
    }
    /// Single sign-on with the organisation's provider; null when it is not configured.
    async fn single_sign_on(&self) -> Option<&SingleSignOnOption> {
        self.single_sign_on.as_ref()
    }
}

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// How people sign in here. Anyone may ask, signed in or not.
    async fn sign_in_options(&self, ctx: &Context<'_>) -> SignInOptions {
        let api = ApiState::of(ctx);
        SignInOptions {
            password_sign_in: api.password_sign_in,
            single_sign_on: api.single_sign_on.as_deref().map(|sso| SingleSignOnOption {
                provider_name: sso.provider_name().to_owned(),
                start_path: "/auth/oidc/start".into(),
                sign_out_path: "/auth/oidc/sign-out".into(),
            }),
        }
    }

    /// The signed-in person.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        let viewer = viewer(ctx)?;
        let user = Loaders::of(ctx).user(viewer.user_id).await?;
        // A valid token for an account that no longer exists is no sign-in at all.
        user.ok_or_else(|| {
            DomainError::Unauthenticated("Your account no longer exists. Sign in again.".into())
                .into()
        })
    }

    /// One account: your own, or any for HR.
    async fn user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's id.")] id: ID,
    ) -> async_graphql::Result<User> {
        let viewer = viewer(ctx)?;
        let id = parse_id(&id, "id")?;
        let not_found = || DomainError::NotFound("There is no account with that id.".into());
        if !viewer.may_see_user(id) {
            return Err(not_found().into());
        }
        Loaders::of(ctx)
            .user(id)
            .await?
            .ok_or_else(|| not_found().into())
    }

    /// Every account, oldest first. HR only.
    #[graphql(
        guard = "RoleGuard(Permission::ManageUsers)",
        complexity = "PageSize::complexity(first, child_complexity)"
    )]
    async fn users(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only accounts with this role.")] role: Option<RoleValue>,
        #[graphql(desc = "Page size (at most 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, User, TotalCount>> {
        let size = PageSize::parse(first)?;
        let after = pagination::decode_after(after.as_deref())?;
        let role = role.map(Role::from);
        let store = &ApiState::of(ctx).store;
        let rows = store::users::page(store, role, after, size.get()).await?;
        let total = store::users::count(store, role).await?;
        Ok(pagination::connection(
            rows,
            size.get(),
            after.is_some(),
            total,
            |u| u.id,
            User,
        ))
    }
}

/// Disables or re-enables the account `id`, as the signed-in HR administrator.
async fn set_disabled(ctx: &Context<'_>, id: &ID, disabled: bool) -> async_graphql::Result<User> {
    let viewer = viewer(ctx)?;
    let id = parse_id(id, "id")?;
    if disabled {
        session::check_disable(viewer.user_id, id)?;
    }
    let actor = AuditActor::User(viewer.user_id);
    let user = store::users::set_disabled(&ApiState::of(ctx).store, &actor, id, disabled).await?;
    Ok(User(user))
}

#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Signs in. A wrong password and an unknown email get the same answer; after 10
    /// attempts for one email in 15 minutes without a success, attempts are refused for a
    /// while (`RATE_LIMITED`), however many are sent at once. One sign-in per request.
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Email address and password.")] input: LoginInput,
    ) -> async_graphql::Result<LoginPayload> {
        let api = ApiState::of(ctx);
        api.require_password_sign_in()?;
        let wrong =
            || DomainError::Unauthenticated("The email address or password is not right.".into());
        // Something that is not an email address cannot have an account: the same answer.
        let refused = |reason| {
            api.metrics.sign_in_failed(SignInMethod::Password, reason);
        };
        let Ok(email) = EmailAddress::parse(&input.email, "input.email") else {
            refused(SignInFailure::WrongCredentials);
            return Err(wrong().into());
        };
        // The attempt is counted before the password is checked, atomically with the limit.
        if let Err(err) =
            store::login_failures::begin_attempt(&api.store, &email, api.login_throttle, Utc::now())
                .await
        {
            if matches!(err, AppError::Domain(DomainError::RateLimited { .. })) {
                api.metrics.sign_in_rate_limited(SignInMethod::Password);
            }
            return Err(err.into());
        }

        let found = store::users::find_for_login(&api.store, &email).await?;
        let stored_hash = found.as_ref().and_then(|(_, hash)| hash.clone());
        // Hashing is slow by design: at most one per core at a time, off the threads that
        // serve other requests, so a burst of sign-ins cannot starve everyone else.
        let _permit = api
            .password_checks
            .acquire()
            .await
            .map_err(|err| super::error::internal(&err.into()))?;
        let password_matches = tokio::task::spawn_blocking(move || {
            password::verify(&input.password, stored_hash.as_deref())
        })
        .await
        .map_err(|err| super::error::internal(&err.into()))?;

        match found {
            Some((user, _)) if password_matches => {
                store::login_failures::clear(api.store.conn(), &email).await?;
                if let Err(disabled) = session::may_sign_in(user.disabled_at) {
                    refused(SignInFailure::AccountDisabled);
                    return Err(disabled.into());
                }
                tracing::info!(user_id = %user.id, "signed in");
                sign_in(ctx, user).await
            }
            _ => {
                refused(SignInFailure::WrongCredentials);
                Err(wrong().into())
            }
        }
    }

    /// Signs out: ends this sign-in's session, so its token (Bearer or cookie) stops working
    /// at once, and clears the browser's cookie. With `everywhere`, ends every session of the
    /// account (all devices).
    async fn sign_out(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "End every session of your account, not only this one.")]
        everywhere: Option<bool>,
    ) -> async_graphql::Result<bool> {
        let api = ApiState::of(ctx);
        let auth = ctx.data_opt::<super::auth::RequestAuth>();
        if let Some((session_id, viewer)) =
            auth.and_then(|auth| Some((auth.session_id()?, auth.viewer().ok()?)))
        {
            if everywhere.unwrap_or(false) {
                store::sessions::revoke_all(api.store.conn(), viewer.user_id).await?;
            } else {
                store::sessions::revoke(&api.store, session_id).await?;
            }
            tracing::info!(user_id = %viewer.user_id, "signed out");
        }
        ctx.append_http_header(
            "set-cookie",
            super::auth::cleared_session_cookie(api.secure_cookies),
        );
        Ok(true)
    }

    /// Disables an account: it can no longer sign in, and every session it has ends at once
    /// (a leaver's token stops working now, not when it expires). Audited. HR only; not your own.
    #[graphql(guard = "RoleGuard(Permission::ManageUsers)")]
    async fn disable_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's id.")] id: ID,
    ) -> async_graphql::Result<User> {
        set_disabled(ctx, &id, true).await
    }

    /// Re-enables a disabled account: the person can sign in again. Audited. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageUsers)")]
    async fn enable_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's id.")] id: ID,
    ) -> async_graphql::Result<User> {
        set_disabled(ctx, &id, false).await
    }

    /// Creates an account. HR only. The person sets a password through an invitation (or,
    /// with password sign-in off, is invited to sign in through single sign-on).
    #[graphql(guard = "RoleGuard(Permission::ManageUsers)")]
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new account.")] input: CreateUserInput,
    ) -> async_graphql::Result<User> {
        let viewer = viewer(ctx)?;
        let new_user = NewUser::parse(
            &input.email,
            &input.name,
            input.role.into(),
            input.union.as_deref(),
            "input",
        )?;
        let actor = AuditActor::User(viewer.user_id);
        let api = ApiState::of(ctx);
        let user =
            store::users::create_inviting(&api.store, &actor, new_user, &api.first_sign_in())
                .await?;
        Ok(User(user))
    }
}
