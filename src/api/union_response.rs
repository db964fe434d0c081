//! Collective union responses over GraphQL: drafted by any rep of a union it names (a joint
//! response names several, issue 20), signed for each union and submitted once all have
//! signed, with attachments (`addUnionResponseAttachment` takes a GraphQL multipart upload; the
//! file downloads from `GET /attachments/{id}`).

use super::{ApiState, auth::viewer, parse_id, proposal::load_visible};
use crate::domain::{DomainError, feedback, joint_response, outcome::TagSubject};
use crate::store::{self, union_responses::AttachmentRecord};
use async_graphql::{Context, ID, InputObject, Object, Upload};
use chrono::{DateTime, Utc};
use std::io::Read;
use uuid::Uuid;

/// A union's collective response.
pub struct UnionResponse {
    record: crate::store::union_responses::UnionResponseRecord,
    attachments: Vec<AttachmentRecord>,
}

/// A union's collective response, with its numbered points.
#[Object]
impl UnionResponse {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// Increases with every save; send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.record.version
    }
    /// The union that drafted it (a joint response names others in `signatories`).
    async fn union_name(&self) -> &str {
        &self.record.union_name
    }
    /// Every union it names, the drafting union first, with its signature and its own
    /// failure to agree.
    async fn signatories(&self) -> Vec<UnionSignature> {
        self.record
            .signatories
            .iter()
            .cloned()
            .map(UnionSignature)
            .collect()
    }
    /// The unions it still waits to be signed by (empty once submitted).
    async fn awaiting_signatures(&self) -> Vec<String> {
        joint_response::awaited(&self.record.signatures())
            .into_iter()
            .map(str::to_owned)
            .collect()
    }
    /// The team responses the unions it names have endorsed.
    async fn endorsed_team_responses(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<EndorsedTeamResponse>> {
        let named = self.record.named_unions();
        Ok(store::team_responses::endorsed_by_unions(
            ApiState::of(ctx).store.conn(),
            self.record.proposal_id,
        )
        .await?
        .into_iter()
        .filter(|(_, _, _, union)| named.iter().any(|u| u.eq_ignore_ascii_case(union)))
        .map(|(id, title, team_name, union_name)| EndorsedTeamResponse {
            id: ID(id.to_string()),
            title,
            team_name,
            union_name,
        })
        .collect())
    }
    /// Title.
    async fn title(&self) -> &str {
        &self.record.title
    }
    /// The response.
    async fn body(&self) -> &str {
        &self.record.body
    }
    /// Numbered points (1, 2, ... in order); each became a question on submission.
    async fn points(&self) -> &[String] {
        &self.record.points
    }
    /// A union it names formally records a failure to agree (each union's own is on
    /// `signatories`).
    async fn failure_to_agree(&self) -> bool {
        self.record.failure_to_agree || self.record.signatories.iter().any(|s| s.failure_to_agree)
    }
    /// Whether it has been submitted.
    async fn submitted(&self) -> bool {
        self.record.submitted
    }
    /// When.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.record.submitted_at
    }
    /// Files attached to it.
    async fn attachments(&self) -> Vec<UnionResponseAttachment> {
        self.attachments
            .iter()
            .cloned()
            .map(UnionResponseAttachment)
            .collect()
    }
    /// The themes HR tagged it with.
    async fn themes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<super::outcome::Theme>> {
        super::outcome::themes_tagged(
            ctx,
            self.record.proposal_id,
            TagSubject::UnionResponse,
            self.record.id,
        )
        .await
    }
}

/// A union named on a collective response, and its signature.
pub struct UnionSignature(crate::store::union_responses::UnionSignatureRecord);

/// A union named on a collective response, and its signature.
#[Object]
impl UnionSignature {
    /// The union.
    async fn union_name(&self) -> &str {
        &self.0.union_name
    }
    /// Whether it has signed.
    async fn signed(&self) -> bool {
        self.0.signed_at.is_some()
    }
    /// When.
    async fn signed_at(&self) -> Option<DateTime<Utc>> {
        self.0.signed_at
    }
    /// This union formally records a failure to agree.
    async fn failure_to_agree(&self) -> bool {
        self.0.failure_to_agree
    }
}

/// A team response a union endorsed, as shown on the union's response.
#[derive(async_graphql::SimpleObject)]
pub struct EndorsedTeamResponse {
    /// The team response's id.
    pub id: ID,
    /// Its title.
    pub title: String,
    /// The team that wrote it.
    pub team_name: String,
    /// The union that endorsed it.
    pub union_name: String,
}

/// A file attached to a union's response.
pub struct UnionResponseAttachment(AttachmentRecord);

/// A file attached to a union's response.
#[Object]
impl UnionResponseAttachment {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The file's name.
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    /// Its type, judged from its content.
    async fn content_type(&self) -> &str {
        &self.0.content_type
    }
    /// Its size.
    async fn size_bytes(&self) -> i64 {
        self.0.size_bytes
    }
    /// When it was attached.
    async fn uploaded_at(&self) -> DateTime<Utc> {
        self.0.uploaded_at
    }
    /// Where to download it (signed in, by anyone who may read the response).
    async fn download_path(&self) -> String {
        format!("/attachments/{}", self.0.id)
    }
}

/// A file to attach.
#[derive(InputObject)]
pub struct AddUnionResponseAttachmentInput {
    /// Your union's response (saved as a draft first).
    pub response_id: ID,
    /// The file: PDF, Word, Excel, OpenDocument, PNG, JPEG or plain text, at most 10 MiB.
    pub file: Upload,
}

/// An attachment to remove.
#[derive(InputObject)]
pub struct RemoveUnionResponseAttachmentInput {
    /// The attachment.
    pub id: ID,
}

/// A union's collective response, drafted by any of its reps and submitted by one.
#[derive(InputObject)]
pub struct SaveUnionResponseInput {
    /// The proposal.
    pub proposal_id: ID,
    /// The `version` you last saw (0 for a new one). Optional.
    pub expected_version: Option<i32>,
    /// Title.
    pub title: String,
    /// The response.
    pub body: String,
    /// Numbered points, in order.
    pub points: Option<Vec<String>>,
    /// Record a formal failure to agree.
    pub failure_to_agree: Option<bool>,
    /// Submit it (default: save the draft). On a joint response this signs it for your
    /// union; it is submitted once every union it names has signed.
    pub submit: Option<bool>,
    /// The other recognised unions that write it with yours (a joint response); each must
    /// sign it (`signUnionResponse`). Omit to keep those already named; `[]` names none.
    pub co_signatories: Option<Vec<String>>,
}

/// Your union's signature on a response that names it.
#[derive(InputObject)]
pub struct SignUnionResponseInput {
    /// The response.
    pub response_id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// Your union formally records a failure to agree.
    pub failure_to_agree: Option<bool>,
}

#[derive(Default)]
pub struct UnionResponseMutation;

#[Object]
impl UnionResponseMutation {
    /// Saves or submits your union's collective response; on submission each numbered point
    /// becomes a question in the log.
    async fn save_union_response(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The response.")] input: SaveUnionResponseInput,
    ) -> async_graphql::Result<UnionResponse> {
        let viewer = viewer(ctx)?;
        let proposal = load_visible(ctx, parse_id(&input.proposal_id, "input.proposalId")?).await?;
        let union = feedback::may_respond_collectively(proposal.view, viewer.union.as_deref())?;
        let co_signatories = input
            .co_signatories
            .as_deref()
            .map(|named| {
                joint_response::co_signatories(
                    union,
                    named,
                    &proposal.record.content.recognised_unions,
                )
            })
            .transpose()?;
        let response = feedback::CollectiveResponse::parse(
            &input.title,
            &input.body,
            input.points.as_deref().unwrap_or(&[]),
            input.failure_to_agree.unwrap_or(false),
        )?;
        let record = store::union_responses::save(
            &ApiState::of(ctx).store,
            viewer,
            union,
            proposal.record.id,
            input.expected_version,
            response,
            co_signatories,
            input.submit.unwrap_or(false),
            store::s188::today(),
        )
        .await?;
        with_attachments(ctx, record).await
    }

    /// Signs, for your union, the response that names it; the last union to sign submits it
    /// (its points become questions). The other named unions' reps are asked to sign.
    async fn sign_union_response(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The response and your union's position.")] input: SignUnionResponseInput,
    ) -> async_graphql::Result<UnionResponse> {
        let viewer = viewer(ctx)?;
        let response_id = parse_id(&input.response_id, "input.responseId")?;
        let union = own_response_union(ctx, response_id).await?;
        let record = store::union_responses::sign(
            &ApiState::of(ctx).store,
            viewer,
            &union,
            response_id,
            input.expected_version,
            input.failure_to_agree.unwrap_or(false),
            store::s188::today(),
        )
        .await?;
        with_attachments(ctx, record).await
    }

    /// Attaches a file to your union's draft response (a GraphQL multipart request).
    async fn add_union_response_attachment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The response and the file.")] input: AddUnionResponseAttachmentInput,
    ) -> async_graphql::Result<UnionResponse> {
        let viewer = viewer(ctx)?;
        let response_id = parse_id(&input.response_id, "input.responseId")?;
        let store = &ApiState::of(ctx).store;
        let union = own_response_union(ctx, response_id).await?;
        let unreadable =
            || DomainError::bad_input("input.file", "The file could not be read; send it again.");
        let mut upload = input.file.value(ctx).map_err(|_| unreadable())?;
        let file_name = std::mem::take(&mut upload.filename);
        let mut bytes = Vec::new();
        upload
            .into_read()
            .take(crate::domain::attachment::MAX_ATTACHMENT_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| unreadable())?;
        store::union_responses::add_attachment(
            store,
            viewer,
            &union,
            response_id,
            &file_name,
            bytes,
            store::s188::today(),
        )
        .await?;
        let record = store::union_responses::find(store.conn(), response_id)
            .await?
            .ok_or_else(|| {
                DomainError::NotFound("Your union has no response with that id.".into())
            })?;
        with_attachments(ctx, record).await
    }

    /// Removes an attachment from your union's draft response.
    async fn remove_union_response_attachment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The attachment.")] input: RemoveUnionResponseAttachmentInput,
    ) -> async_graphql::Result<UnionResponse> {
        let viewer = viewer(ctx)?;
        let id = parse_id(&input.id, "input.id")?;
        let union = viewer.union.clone().ok_or_else(|| {
            DomainError::NotFound("Your union has no attachment with that id.".into())
        })?;
        let record =
            store::union_responses::remove_attachment(&ApiState::of(ctx).store, viewer, &union, id)
                .await?;
        with_attachments(ctx, record).await
    }
}

/// The union a rep acts for, when the response is that union's and the rep may still see its
/// proposal; otherwise `NOT_FOUND`.
async fn own_response_union(ctx: &Context<'_>, response_id: Uuid) -> async_graphql::Result<String> {
    let viewer = viewer(ctx)?;
    let not_found = || DomainError::NotFound("Your union has no response with that id.".into());
    let record = store::union_responses::find(ApiState::of(ctx).store.conn(), response_id)
        .await?
        .ok_or_else(not_found)?;
    let proposal = load_visible(ctx, record.proposal_id)
        .await
        .map_err(|_| not_found())?;
    let union = feedback::may_respond_collectively(proposal.view, viewer.union.as_deref())?;
    if !joint_response::sees_union_response(proposal.view, Some(union), &record.named_unions()) {
        return Err(not_found().into());
    }
    Ok(union.to_owned())
}

async fn with_attachments(
    ctx: &Context<'_>,
    record: crate::store::union_responses::UnionResponseRecord,
) -> async_graphql::Result<UnionResponse> {
    let attachments = store::union_responses::attachments_of(
        ApiState::of(ctx).store.conn(),
        &[record.proposal_id],
    )
    .await?
    .into_iter()
    .filter(|a| a.union_response_id == record.id)
    .collect();
    Ok(UnionResponse {
        record,
        attachments,
    })
}

impl super::proposal::Proposal {
    /// The collective responses the viewer may read.
    pub async fn union_responses_of(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<UnionResponse>> {
        let viewer = viewer(ctx)?;
        let graph = super::loaders::Loaders::of(ctx)
            .graph(self.record.id)
            .await?;
        Ok(graph
            .union_responses
            .iter()
            .filter(|r| {
                joint_response::sees_union_response(
                    self.view,
                    viewer.union.as_deref(),
                    &r.named_unions(),
                )
            })
            .map(|record| UnionResponse {
                attachments: graph
                    .attachments
                    .iter()
                    .filter(|a| a.union_response_id == record.id)
                    .cloned()
                    .collect(),
                record: record.clone(),
            })
            .collect())
    }
}
