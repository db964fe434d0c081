//! Information requests over GraphQL (issue 20): a union (or HR on its behalf) logs what it
//! asked for; HR gives it an owner and due date; HR or the owner provides it (text and files,
//! a GraphQL multipart request) or refuses it with the reason. Files download from
//! `GET /information-request-files/{id}`. Seen by HR, the sponsor and the union that asked.

use super::{
    ApiState,
    account::User,
    auth::viewer,
    loaders::Loaders,
    pagination::{self, IdCursor, TotalCount},
    parse_id,
    proposal::{Proposal, load_visible},
};
use crate::domain::{
    DomainError,
    attachment::{MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS},
    audit::AuditActor,
    information_request::{self as rules, RequestStatus},
    page::PageSize,
};
use crate::store::{
    self,
    information_requests::{RequestAttachment, RequestRecord, UploadedFile},
};
use async_graphql::{
    Context, Enum, ID, InputObject, Object, SimpleObject, Upload, connection::Connection,
};
use chrono::{DateTime, NaiveDate, Utc};
use std::io::Read;

/// Where an information request stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "InformationRequestStatus",
    remote = "crate::domain::information_request::RequestStatus"
)]
pub enum StatusValue {
    /// Waiting for the information (see `overdue`).
    Open,
    /// The information was provided.
    Provided,
    /// Management refused to provide it, with the reason.
    Refused,
}

/// An item of the s188(4) disclosure a request concerns.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "S188DisclosureItem",
    remote = "crate::domain::s188::DisclosureItemKind"
)]
pub enum S188ItemValue {
    /// s188(4)(a): the reasons for the proposals.
    Reasons,
    /// s188(4)(b): the numbers and descriptions of employees proposed for dismissal.
    NumbersAndDescriptions,
    /// s188(4)(c): the total number of employees of each description.
    TotalEmployed,
    /// s188(4)(d): the selection method.
    SelectionMethod,
    /// s188(4)(e): the method and period of the dismissals.
    DismissalMethodAndPeriod,
    /// s188(4)(f): the method of calculating non-statutory redundancy payments.
    RedundancyPayMethod,
    /// s188(4)(g)-(i): agency workers.
    AgencyWorkers,
}

/// A request, as someone who may see it sees it.
pub struct InformationRequest {
    record: RequestRecord,
    attachments: Vec<RequestAttachment>,
}

impl InformationRequest {
    /// Requests with their files, read in one statement.
    async fn with_files(
        ctx: &Context<'_>,
        records: Vec<RequestRecord>,
    ) -> async_graphql::Result<Vec<InformationRequest>> {
        let ids: Vec<_> = records.iter().map(|r| r.id).collect();
        let mut files: std::collections::HashMap<uuid::Uuid, Vec<RequestAttachment>> =
            std::collections::HashMap::new();
        for file in
            store::information_requests::attachments_of(ApiState::of(ctx).store.conn(), &ids)
                .await?
        {
            files
                .entry(file.information_request_id)
                .or_default()
                .push(file);
        }
        Ok(records
            .into_iter()
            .map(|record| InformationRequest {
                attachments: files.remove(&record.id).unwrap_or_default(),
                record,
            })
            .collect())
    }
}

/// Something a union asked management for during consultation, and what came of it.
#[Object]
impl InformationRequest {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// Increases with every change; send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.record.version
    }
    /// The union that asked.
    async fn union_name(&self) -> &str {
        &self.record.union_name
    }
    /// What was asked for.
    async fn text(&self) -> &str {
        &self.record.text
    }
    /// The s188(4) item it concerns, if any: while it is open that item does not count as
    /// disclosed.
    async fn s188_item(&self) -> Option<S188ItemValue> {
        self.record.s188_item.map(Into::into)
    }
    /// Who logged it (a representative, or HR on the union's behalf).
    async fn requested_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.record.requested_by {
            Some(id) => Loaders::of(ctx).user(id).await,
            None => Ok(None),
        }
    }
    /// Who owes the information: an HR account or the sponsor; null while HR holds it.
    async fn owner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.record.owner_id {
            Some(id) => Loaders::of(ctx).user(id).await,
            None => Ok(None),
        }
    }
    /// The day it was asked for (Europe/London).
    async fn requested_on(&self) -> NaiveDate {
        self.record.requested_on
    }
    /// The day the information is due.
    async fn due_on(&self) -> NaiveDate {
        self.record.due_on
    }
    /// Open, provided or refused.
    async fn status(&self) -> StatusValue {
        self.record.status.into()
    }
    /// Open and past its due date, today.
    async fn overdue(&self) -> bool {
        rules::is_overdue(self.record.status, self.record.due_on, store::s188::today())
    }
    /// What was provided, or why it was refused.
    async fn response(&self) -> Option<&str> {
        self.record.response.as_deref()
    }
    /// Who provided or refused it.
    async fn responded_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.record.responded_by {
            Some(id) => Loaders::of(ctx).user(id).await,
            None => Ok(None),
        }
    }
    /// When.
    async fn responded_at(&self) -> Option<DateTime<Utc>> {
        self.record.responded_at
    }
    /// The files provided with it.
    async fn attachments(&self) -> Vec<InformationRequestFile> {
        self.attachments
            .iter()
            .cloned()
            .map(InformationRequestFile)
            .collect()
    }
}

/// A file provided in answer to an information request.
pub struct InformationRequestFile(RequestAttachment);

/// A file provided in answer to an information request.
#[Object]
impl InformationRequestFile {
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
    /// When it was provided.
    async fn uploaded_at(&self) -> DateTime<Utc> {
        self.0.uploaded_at
    }
    /// Where to download it (signed in, by anyone who may see the request).
    async fn download_path(&self) -> String {
        format!("/information-request-files/{}", self.0.id)
    }
}

/// How many of a proposal's information requests (those you may see) stand where today.
#[derive(SimpleObject)]
pub struct InformationRequestCounts {
    /// Open and not yet due.
    pub open: u64,
    /// Open and past their due date.
    pub overdue: u64,
    /// Provided.
    pub provided: u64,
    /// Refused.
    pub refused: u64,
    /// Every request.
    pub all: u64,
}

/// What to narrow a proposal's information requests to; every filter given must match.
#[derive(InputObject, Default)]
pub struct InformationRequestFilter {
    /// Only requests in this state.
    pub status: Option<StatusValue>,
    /// Only open requests past their due date (true); false or absent for all.
    pub overdue: Option<bool>,
    /// Only this union's requests (HR and the sponsor; a representative sees only their own).
    pub union_name: Option<String>,
}

#[derive(Default)]
pub struct InformationRequestQuery;

#[Object]
impl InformationRequestQuery {
    /// A proposal's information requests, overdue first (open requests by due date, then
    /// the answered ones): every union's for HR and the sponsor, their own union's for a
    /// representative; staff are refused (`FORBIDDEN`).
    async fn information_requests(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] proposal_id: ID,
        #[graphql(desc = "What to narrow the list to.")] filter: Option<InformationRequestFilter>,
        #[graphql(desc = "Page size (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "The cursor of the last request of the previous page.")] after: Option<
            String,
        >,
    ) -> async_graphql::Result<Connection<IdCursor, InformationRequest, TotalCount>> {
        let proposal = load_visible(ctx, parse_id(&proposal_id, "proposalId")?).await?;
        let viewer = viewer(ctx)?;
        let own_union = rules::list_scope(viewer, proposal.view)?;
        let filter = filter.unwrap_or_default();
        let size = PageSize::parse(first)?;
        let after = pagination::decode_after(after.as_deref())?;
        let union = match (own_union, filter.union_name) {
            (Some(own), _) => Some(own),
            (None, named) => named.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()),
        };
        let filter = store::information_requests::ListFilter {
            union,
            status: filter.status.map(Into::into),
            overdue_on: filter.overdue.unwrap_or(false).then(store::s188::today),
        };
        let conn = ApiState::of(ctx).store.conn();
        let rows =
            store::information_requests::page(conn, proposal.record.id, &filter, after, size.get())
                .await?;
        let total = store::information_requests::count(conn, proposal.record.id, &filter).await?;
        let rows = InformationRequest::with_files(ctx, rows).await?;
        Ok(pagination::connection(
            rows,
            size.get(),
            after.is_some(),
            total,
            |r| r.record.id,
            |r| r,
        ))
    }

    /// How many of a proposal's information requests you may see stand where today,
    /// counted in SQL.
    async fn information_request_counts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] proposal_id: ID,
    ) -> async_graphql::Result<InformationRequestCounts> {
        let proposal = load_visible(ctx, parse_id(&proposal_id, "proposalId")?).await?;
        let union = rules::list_scope(viewer(ctx)?, proposal.view)?;
        let c = store::information_requests::counts(
            ApiState::of(ctx).store.conn(),
            proposal.record.id,
            union.as_deref(),
            store::s188::today(),
        )
        .await?;
        Ok(InformationRequestCounts {
            open: c.open,
            overdue: c.overdue,
            provided: c.provided,
            refused: c.refused,
            all: c.all,
        })
    }

    /// One information request: `NOT_FOUND` when there is none you may see.
    async fn information_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request's id.")] id: ID,
    ) -> async_graphql::Result<InformationRequest> {
        let (record, _) = request_and_view(ctx, &id, "id").await?;
        Ok(InformationRequest::with_files(ctx, vec![record])
            .await?
            .remove(0))
    }
}

/// A request to log.
#[derive(InputObject)]
pub struct LogInformationRequestInput {
    /// The proposal.
    pub proposal_id: ID,
    /// What the union asks for.
    pub text: String,
    /// The union asking: HR names one of the proposal's recognised unions; a representative
    /// may leave it out (their own union).
    pub union_name: Option<String>,
    /// The s188(4) item it concerns, if any.
    pub s188_item: Option<S188ItemValue>,
    /// Who owes it (HR only): an HR account or the proposal's sponsor.
    pub owner_id: Option<ID>,
    /// When it is due (HR only); default: the consultation's working days to answer a
    /// question after today.
    pub due_on: Option<NaiveDate>,
}

/// Giving a request its owner and due date.
#[derive(InputObject)]
pub struct AssignInformationRequestInput {
    /// The request.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// Who owes it: an HR account or the proposal's sponsor (default: unchanged).
    pub owner_id: Option<ID>,
    /// When it is due (default: unchanged).
    pub due_on: Option<NaiveDate>,
}

/// Providing the information asked for.
#[derive(InputObject)]
pub struct ProvideInformationInput {
    /// The request.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// What is provided, or where it is.
    pub text: String,
    /// Files (a GraphQL multipart request, which takes one file; add more with
    /// `addInformationRequestFile`): PDF, Word, Excel, OpenDocument, PNG, JPEG or plain text,
    /// at most 10 MiB each and 10 in all.
    pub files: Option<Vec<Upload>>,
}

/// Another file for provided information.
#[derive(InputObject)]
pub struct AddInformationRequestFileInput {
    /// The request (provided).
    pub id: ID,
    /// The file: PDF, Word, Excel, OpenDocument, PNG, JPEG or plain text, at most 10 MiB.
    pub file: Upload,
}

/// Refusing a request.
#[derive(InputObject)]
pub struct RefuseInformationRequestInput {
    /// The request.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// Why it is refused (the union reads it).
    pub reason: String,
}

/// A request and how its proposal is seen, or `NOT_FOUND` for one the viewer may not see.
async fn request_and_view(
    ctx: &Context<'_>,
    id: &ID,
    field: &str,
) -> async_graphql::Result<(RequestRecord, Proposal)> {
    let id = parse_id(id, field)?;
    let not_found = || {
        DomainError::NotFound(
            "There is no information request with that id that you can see.".into(),
        )
    };
    let record = store::information_requests::find(ApiState::of(ctx).store.conn(), id)
        .await?
        .ok_or_else(not_found)?;
    let proposal = load_visible(ctx, record.proposal_id)
        .await
        .map_err(|_| not_found())?;
    if !rules::may_see(viewer(ctx)?, proposal.view, &record.union_name) {
        return Err(not_found().into());
    }
    Ok((record, proposal))
}

#[derive(Default)]
pub struct InformationRequestMutation;

#[Object]
impl InformationRequestMutation {
    /// Logs a union's request for information: a representative for their own union, or HR
    /// on a recognised union's behalf. Its owner (or HR) is told, and reminded the working
    /// day before it is due and when it is overdue.
    async fn log_information_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request.")] input: LogInformationRequestInput,
    ) -> async_graphql::Result<InformationRequest> {
        let viewer = viewer(ctx)?;
        let proposal = load_visible(ctx, parse_id(&input.proposal_id, "input.proposalId")?).await?;
        let union_name = rules::requesting_union(
            viewer,
            proposal.view,
            input.union_name.as_deref(),
            &proposal.record.content.recognised_unions,
        )?;
        if proposal.view != crate::domain::access::ProposalView::Hr
            && (input.owner_id.is_some() || input.due_on.is_some())
        {
            return Err(DomainError::Forbidden(
                "Only HR sets who owes a request and when it is due.".into(),
            )
            .into());
        }
        let new = store::information_requests::NewRequest {
            union_name,
            text: crate::domain::question::text_of(
                &input.text,
                "input.text",
                "what the union asks for",
            )?,
            s188_item: input.s188_item.map(Into::into),
            owner_id: input
                .owner_id
                .as_ref()
                .map(|id| parse_id(id, "input.ownerId"))
                .transpose()?,
            requested_on: store::s188::today(),
            due_on: input.due_on,
        };
        let record = store::information_requests::log(
            &ApiState::of(ctx).store,
            &AuditActor::User(viewer.user_id),
            proposal.record.id,
            new,
        )
        .await?;
        Ok(InformationRequest {
            record,
            attachments: vec![],
        })
    }

    /// Gives a request its owner and due date. HR only.
    async fn assign_information_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The owner and due date.")] input: AssignInformationRequestInput,
    ) -> async_graphql::Result<InformationRequest> {
        let viewer = viewer(ctx)?;
        let (record, proposal) = request_and_view(ctx, &input.id, "input.id").await?;
        rules::may_assign(proposal.view)?;
        let saved = store::information_requests::assign(
            &ApiState::of(ctx).store,
            &AuditActor::User(viewer.user_id),
            record.id,
            input.expected_version,
            input
                .owner_id
                .as_ref()
                .map(|id| parse_id(id, "input.ownerId"))
                .transpose()?,
            input.due_on,
        )
        .await?;
        Ok(InformationRequest::with_files(ctx, vec![saved])
            .await?
            .remove(0))
    }

    /// Provides the information asked for, with any files (a GraphQL multipart request): HR
    /// or the request's owner. The union's representatives are told.
    async fn provide_information(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What is provided.")] input: ProvideInformationInput,
    ) -> async_graphql::Result<InformationRequest> {
        let viewer = viewer(ctx)?;
        let (record, proposal) = request_and_view(ctx, &input.id, "input.id").await?;
        rules::may_respond(viewer, proposal.view, record.owner_id)?;
        let text = crate::domain::question::text_of(&input.text, "input.text", "what is provided")?;
        let uploads = input.files.unwrap_or_default();
        if uploads.len() > MAX_ATTACHMENTS {
            return Err(DomainError::bad_input(
                "input.files",
                format!("Provide at most {MAX_ATTACHMENTS} files at once."),
            )
            .into());
        }
        let files = uploads
            .iter()
            .enumerate()
            .map(|(i, upload)| read_upload(ctx, upload, &format!("input.files.{i}")))
            .collect::<Result<Vec<_>, _>>()?;
        let (saved, attachments) = store::information_requests::answer(
            &ApiState::of(ctx).store,
            &AuditActor::User(viewer.user_id),
            record.id,
            input.expected_version,
            RequestStatus::Provided,
            text,
            files,
        )
        .await?;
        Ok(InformationRequest {
            record: saved,
            attachments,
        })
    }

    /// Adds another file to provided information (one file per request): HR or the owner.
    async fn add_information_request_file(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request and the file.")] input: AddInformationRequestFileInput,
    ) -> async_graphql::Result<InformationRequest> {
        let viewer = viewer(ctx)?;
        let (record, proposal) = request_and_view(ctx, &input.id, "input.id").await?;
        rules::may_respond(viewer, proposal.view, record.owner_id)?;
        let file = read_upload(ctx, &input.file, "input.file")?;
        let saved = store::information_requests::add_file(
            &ApiState::of(ctx).store,
            &AuditActor::User(viewer.user_id),
            record.id,
            file,
        )
        .await?;
        Ok(InformationRequest::with_files(ctx, vec![saved])
            .await?
            .remove(0))
    }

    /// Refuses a request, with the reason the union will read: HR or the request's owner.
    async fn refuse_information_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The reason.")] input: RefuseInformationRequestInput,
    ) -> async_graphql::Result<InformationRequest> {
        let viewer = viewer(ctx)?;
        let (record, proposal) = request_and_view(ctx, &input.id, "input.id").await?;
        rules::may_respond(viewer, proposal.view, record.owner_id)?;
        let reason = crate::domain::question::text_of(&input.reason, "input.reason", "the reason")?;
        let (saved, attachments) = store::information_requests::answer(
            &ApiState::of(ctx).store,
            &AuditActor::User(viewer.user_id),
            record.id,
            input.expected_version,
            RequestStatus::Refused,
            reason,
            vec![],
        )
        .await?;
        Ok(InformationRequest {
            record: saved,
            attachments,
        })
    }
}

/// An uploaded file's name and bytes (at most one byte over the limit, for the check to refuse).
fn read_upload(
    ctx: &Context<'_>,
    upload: &Upload,
    field: &str,
) -> Result<UploadedFile, DomainError> {
    let unreadable = || DomainError::bad_input(field, "The file could not be read; send it again.");
    let mut value = upload.value(ctx).map_err(|_| unreadable())?;
    let file_name = std::mem::take(&mut value.filename);
    let mut bytes = Vec::new();
    value
        .into_read()
        .take(MAX_ATTACHMENT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| unreadable())?;
    Ok(UploadedFile { file_name, bytes })
}

/// A file provided in answer to a request, for those who may see the request.
#[poem::handler]
pub async fn download(
    request: &poem::Request,
    poem::web::Path(id): poem::web::Path<String>,
    poem::web::Data(schema): poem::web::Data<&std::sync::Arc<super::ConsultSchema>>,
) -> poem::Response {
    use super::downloads::{Refusal, api, file, path_segment, signed_in, visible_proposal};
    let api = api(schema);
    let result = async {
        let viewer = signed_in(request, api).await?;
        let id = uuid::Uuid::parse_str(path_segment(&id)?).map_err(|_| Refusal::NotFound)?;
        let (record, request, content) =
            store::information_requests::attachment_content(api.store.conn(), id)
                .await?
                .ok_or(Refusal::NotFound)?;
        let (_, view) = visible_proposal(api, &viewer, request.proposal_id).await?;
        if !rules::may_see(&viewer, view, &request.union_name) {
            return Err(Refusal::NotFound);
        }
        Ok(file(&record.content_type, &record.file_name, content))
    }
    .await;
    result.unwrap_or_else(|refusal: Refusal| refusal.into_response("file"))
}
