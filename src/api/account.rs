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
    password,
};
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

/// Signs `user` in: a token for API clients and the browser's session cookie.
pub fn sign_in(ctx: &Context<'_>, user: store::users::User) -> async_graphql::Result<LoginPayload> {
    let (token, expires_at) = ApiState::of(ctx)
        .tokens
        .issue(&user.viewer())
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

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
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

#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Signs in. A wrong password and an unknown email get the same answer; after 10
    /// failures for one email in 15 minutes, attempts are refused for a while (`RATE_LIMITED`).
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Email address and password.")] input: LoginInput,
    ) -> async_graphql::Result<LoginPayload> {
        let api = ApiState::of(ctx);
        let wrong =
            || DomainError::Unauthenticated("The email address or password is not right.".into());
        // Something that is not an email address cannot have an account: the same answer.
        let Ok(email) = EmailAddress::parse(&input.email, "input.email") else {
            return Err(wrong().into());
        };
        let now = Utc::now();
        let throttle = api.login_throttle;
        let failures = store::login_failures::recent(
            &api.store,
            &email,
            throttle.forget_before(now),
            throttle.max_failures as u64,
        )
        .await?;
        throttle.check(&failures, now)?;

        let found = store::users::find_for_login(&api.store, &email).await?;
        let stored_hash = found.as_ref().and_then(|(_, hash)| hash.clone());
        // Hashing is slow by design; keep it off the threads that serve other requests.
        let password_matches = tokio::task::spawn_blocking(move || {
            password::verify(&input.password, stored_hash.as_deref())
        })
        .await
        .map_err(|err| super::error::internal(&err.into()))?;

        match found {
            Some((user, _)) if password_matches => {
                store::login_failures::clear(&api.store, &email).await?;
                tracing::info!(user_id = %user.id, "signed in");
                sign_in(ctx, user)
            }
            _ => {
                store::login_failures::record(&api.store, &email, now, throttle.forget_before(now))
                    .await?;
                Err(wrong().into())
            }
        }
    }

    /// Signs out of the browser session (clears its cookie). A Bearer token stays valid
    /// until it expires: clients holding one simply forget it.
    async fn sign_out(&self, ctx: &Context<'_>) -> bool {
        let secure = ApiState::of(ctx).secure_cookies;
        ctx.append_http_header("set-cookie", super::auth::cleared_session_cookie(secure));
        true
    }

    /// Creates an account. HR only. The person sets a password through an invitation.
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
        let user = store::users::create(&ApiState::of(ctx).store, &actor, new_user, None).await?;
        Ok(User(user))
    }
}
