//! Email over GraphQL: the outbox of a proposal for HR (and resending what could not be
//! delivered), what was sent to me, my notification preference, and signing in with the link
//! of an invitation.

use super::{
    ApiState,
    account::{LoginPayload, User},
    auth::{RoleGuard, audit_actor, viewer},
    loaders::Loaders,
    pagination::{self, IdCursor, TotalCount},
    parse_id,
    proposal::Proposal,
};
use crate::domain::{
    DomainError,
    access::Permission,
    page::{PageSize, search_text},
    password::Password,
};
use crate::error::AppError;
use crate::metrics::{SignInFailure, SignInMethod};
use crate::store::{self, outbox::MessageRecord};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject, connection::Connection};
use chrono::{DateTime, Utc};

/// Where an email stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "EmailStatus", remote = "crate::domain::notify::OutboxStatus")]
pub enum EmailStatusValue {
    /// Waiting for its time or its next attempt.
    Pending,
    /// Being sent now.
    Sending,
    /// Handed to the mail server.
    Sent,
    /// Could not be delivered; HR can resend it.
    Dead,
    /// No longer needed (a date moved, the person responded, the proposal was withdrawn).
    Cancelled,
}

/// The order of the outbox.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Default)]
pub enum EmailSort {
    /// Most recently planned first.
    #[default]
    NewestFirst,
    /// First planned first.
    OldestFirst,
}

/// Which emails of the outbox to list.
#[derive(InputObject, Default)]
pub struct OutboxFilterInput {
    /// Only emails in this state.
    pub status: Option<EmailStatusValue>,
    /// Only emails of this kind, as `Email.milestone` names it (e.g. `meeting_invitation`).
    pub milestone: Option<String>,
    /// Only emails whose recipient's address or name contains this text (any case).
    pub recipient: Option<String>,
}

/// An email Consult sends or sent.
pub struct Email(MessageRecord);

/// An email in the outbox.
#[Object]
impl Email {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What it is about: the template's name, e.g. `consultation_closes_in_a_week`.
    async fn milestone(&self) -> &str {
        self.0.milestone.as_str()
    }
    /// Sent at once whatever the recipient's preference (consultation opening and closing,
    /// HR1, the s188 period, decisions).
    async fn statutory(&self) -> bool {
        self.0.statutory
    }
    /// Goes in the recipient's daily digest.
    async fn digest(&self) -> bool {
        self.0.digest
    }
    /// Who it is to.
    async fn recipient(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.recipient_id {
            Some(id) => Loaders::of(ctx).user(id).await,
            None => Ok(None),
        }
    }
    /// The address it goes to.
    async fn recipient_email(&self) -> &str {
        &self.0.recipient_email
    }
    /// Where it stands.
    async fn status(&self) -> EmailStatusValue {
        self.0.status.into()
    }
    /// Attempts made.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// Why the last attempt failed.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
    /// When it is (or was) due.
    async fn due_at(&self) -> DateTime<Utc> {
        self.0.due_at
    }
    /// When it was sent.
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
    /// When it was planned.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

fn connection(
    rows: Vec<MessageRecord>,
    size: PageSize,
    had_cursor: bool,
    total: u64,
) -> Connection<IdCursor, Email, TotalCount> {
    pagination::connection(rows, size.get(), had_cursor, total, |m| m.id, Email)
}

impl Proposal {
    /// The proposal's outbox, filtered and sorted in SQL: HR only.
    pub async fn outbox_of(
        &self,
        ctx: &Context<'_>,
        filter: Option<OutboxFilterInput>,
        sort: Option<EmailSort>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, Email, TotalCount>> {
        crate::domain::notify::may_read_outbox(self.view)?;
        let size = PageSize::parse(first)?;
        let after = pagination::decode_after(after.as_deref())?;
        let filter = filter.unwrap_or_default();
        let filter = store::outbox::OutboxFilter {
            status: filter.status.map(Into::into),
            milestone: filter
                .milestone
                .as_deref()
                .filter(|m| !m.trim().is_empty())
                .map(|m| crate::domain::notify::milestone_filter(m, "filter.milestone"))
                .transpose()?,
            recipient: search_text(filter.recipient.as_deref(), "filter.recipient")?,
            oldest_first: sort.unwrap_or_default() == EmailSort::OldestFirst,
        };
        let (rows, total) = store::outbox::of_proposal(
            ApiState::of(ctx).store.conn(),
            self.record.id,
            &filter,
            after,
            size.get(),
        )
        .await?;
        Ok(connection(rows, size, after.is_some(), total))
    }
}

/// How you get notices that are not statutory.
#[derive(SimpleObject)]
pub struct NotificationPreferences {
    /// One email a day (08:00) instead of one per notice. Statutory notices always come at
    /// once.
    pub daily_digest: bool,
}

#[derive(Default)]
pub struct EmailQuery;

#[Object]
impl EmailQuery {
    /// The emails sent (or to be sent) to you, newest first.
    #[graphql(complexity = "PageSize::complexity(first, child_complexity)")]
    async fn my_emails(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size (at most 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<Connection<IdCursor, Email, TotalCount>> {
        let viewer = viewer(ctx)?;
        let size = PageSize::parse(first)?;
        let after = pagination::decode_after(after.as_deref())?;
        let (rows, total) = store::outbox::to_recipient(
            ApiState::of(ctx).store.conn(),
            viewer.user_id,
            after,
            size.get(),
        )
        .await?;
        Ok(connection(rows, size, after.is_some(), total))
    }

    /// Your notification preference.
    async fn my_notification_preferences(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<NotificationPreferences> {
        let viewer = viewer(ctx)?;
        Ok(NotificationPreferences {
            daily_digest: store::outbox::daily_digest(
                ApiState::of(ctx).store.conn(),
                viewer.user_id,
            )
            .await?,
        })
    }
}

/// An email to send again.
#[derive(InputObject)]
pub struct ResendEmailInput {
    /// The email (it must be dead).
    pub id: ID,
}

/// Your notification preference.
#[derive(InputObject)]
pub struct SetNotificationPreferencesInput {
    /// One email a day for notices that are not statutory.
    pub daily_digest: bool,
}

/// Sending an account a new invitation link.
#[derive(InputObject)]
pub struct SendSignInLinkInput {
    /// The account.
    pub user_id: ID,
}

/// Signing in with the link of an invitation.
#[derive(InputObject)]
pub struct SignInWithLinkInput {
    /// The `token` of the link.
    pub token: String,
    /// A password to sign in with from now on (optional).
    pub new_password: Option<String>,
}

#[derive(Default)]
pub struct EmailMutation;

#[Object]
impl EmailMutation {
    /// Sends a dead email again. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn resend_email(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The email.")] input: ResendEmailInput,
    ) -> async_graphql::Result<Email> {
        let id = parse_id(&input.id, "input.id")?;
        let record =
            store::outbox::resend(&ApiState::of(ctx).store, &audit_actor(ctx)?, id).await?;
        Ok(Email(record))
    }

    /// Chooses how you get notices that are not statutory.
    async fn set_notification_preferences(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Your preference.")] input: SetNotificationPreferencesInput,
    ) -> async_graphql::Result<NotificationPreferences> {
        let viewer = viewer(ctx)?;
        let daily_digest = store::outbox::set_daily_digest(
            &ApiState::of(ctx).store,
            viewer.user_id,
            input.daily_digest,
        )
        .await?;
        Ok(NotificationPreferences { daily_digest })
    }

    /// Emails an account a new sign-in link (with password sign-in off, an invitation to sign
    /// in through single sign-on instead). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageUsers)")]
    async fn send_sign_in_link(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account.")] input: SendSignInLinkInput,
    ) -> async_graphql::Result<User> {
        let id = parse_id(&input.user_id, "input.userId")?;
        let store = &ApiState::of(ctx).store;
        let user = store::users::find_by_ids(store, &[id])
            .await?
            .pop()
            .ok_or_else(|| DomainError::NotFound("There is no account with that id.".into()))?;
        let first_sign_in = ApiState::of(ctx).first_sign_in();
        store::sign_in_links::reissue(store, &audit_actor(ctx)?, &user, &first_sign_in).await?;
        Ok(User(user))
    }

    /// Signs in with the link of an invitation (once; links expire after 7 days), optionally
    /// choosing a password. `PASSWORD_SIGN_IN_OFF` when password sign-in is off.
    async fn sign_in_with_link(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The link's token.")] input: SignInWithLinkInput,
    ) -> async_graphql::Result<LoginPayload> {
        let api = ApiState::of(ctx);
        // A link is how a password is first set; without passwords people use the provider.
        api.require_password_sign_in()?;
        let password = input
            .new_password
            .as_deref()
            .map(|p| Password::parse(p, "input.newPassword"))
            .transpose()?;
        let refused = |reason| api.metrics.sign_in_failed(SignInMethod::Link, reason);
        let user = match store::sign_in_links::sign_in(&api.store, &input.token, password).await {
            Ok(Some(user)) => user,
            Ok(None) => {
                refused(SignInFailure::InvalidLink);
                return Err(DomainError::Unauthenticated(
                    "This sign-in link has been used or has expired; ask HR for a new one.".into(),
                )
                .into());
            }
            // The one refusal a valid link can meet: its account is disabled.
            Err(err @ AppError::Domain(_)) => {
                refused(SignInFailure::AccountDisabled);
                return Err(err.into());
            }
            Err(err) => return Err(err.into()),
        };
        super::account::sign_in(ctx, user).await
    }
}
