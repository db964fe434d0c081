//! Letters of the individual stage: HR's templates, issuing a letter, reading them back, and
//! the printable page `GET /letters/{id}`. Who sees what is `domain::individual::letter`.

use super::{
    ApiState,
    auth::{audit_actor, viewer},
    downloads::{Refusal, api, path_segment, signed_in},
    loaders::Loaders,
    parse_id,
};
use crate::domain::DomainError;
use crate::domain::individual::letter::{
    self as rules, LetterAccess, letter_access, letter_not_found, proposal_letters_access,
};
use crate::store::{
    self,
    letters::{IssueLetter, LetterRecord, TemplateRecord},
};
use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::{DateTime, NaiveDate, Utc};
use poem::{
    Request, Response, handler,
    http::header,
    web::{Data, Path},
};
use std::sync::Arc;
use uuid::Uuid;

/// The most letters one list returns.
const MAX_LETTERS: i32 = 200;

/// Each kind of letter of the individual stage.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "LetterKind",
    remote = "crate::domain::individual::letter::LetterKind"
)]
pub enum LetterKindValue {
    /// Invitation to an individual consultation meeting, with the right to be accompanied.
    InvitationToMeeting,
    /// The employee's post is at risk of redundancy.
    AtRisk,
    /// The employee is slotted into a post of the new structure.
    SlotInOutcome,
    /// The outcome of a ring-fenced selection.
    RingFenceOutcome,
    /// An offer of suitable alternative employment (ERA 1996 s138).
    Offer,
    /// The statutory trial period in a new post.
    TrialPeriod,
    /// Notice of dismissal by reason of redundancy.
    NoticeOfDismissal,
    /// The outcome of an appeal.
    AppealOutcome,
}

/// Something a letter of a kind must contain, and why.
pub struct LetterRequirement(rules::Requirement);

/// Something a letter of a kind must contain, and why.
#[Object]
impl LetterRequirement {
    /// The placeholder, as written in a template: `{{notice.lastDay}}`.
    async fn placeholder(&self) -> String {
        format!("{{{{{}}}}}", self.0.placeholder.name())
    }
    /// What it stands for.
    async fn describes(&self) -> &str {
        self.0.placeholder.describes()
    }
    /// Why the letter must say it: the section, case or policy.
    async fn citation(&self) -> &str {
        self.0.citation
    }
}

/// A kind's template as it applies now. HR only.
pub struct LetterTemplate(TemplateRecord);

/// A kind's template as it applies now. HR only.
#[Object]
impl LetterTemplate {
    /// The kind of letter.
    async fn kind(&self) -> LetterKindValue {
        self.0.kind.into()
    }
    /// The wording, with placeholders such as `{{employee.name}}`.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// Consult's default wording applies (never edited, or reset).
    async fn is_default(&self) -> bool {
        self.0.is_default
    }
    /// Send it back as `expectedVersion`; 0 until first edited.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When HR last changed it.
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.updated_at
    }
    /// The subject of letters of this kind.
    async fn subject(&self) -> &str {
        self.0.kind.subject()
    }
    /// What the template must contain, with the reason for each.
    async fn requirements(&self) -> Vec<LetterRequirement> {
        self.0
            .kind
            .requirements()
            .iter()
            .copied()
            .map(LetterRequirement)
            .collect()
    }
    /// Every placeholder a template may use.
    async fn placeholders(&self) -> Vec<String> {
        rules::Placeholder::ALL
            .iter()
            .map(|p| format!("{{{{{}}}}}", p.name()))
            .collect()
    }
}

/// A letter as issued. The proposal's sponsor sees that it exists (kind, subject, date); its
/// text only HR and the employee it is addressed to.
pub struct Letter {
    pub record: LetterRecord,
    pub access: LetterAccess,
}

impl Letter {
    fn full(&self) -> bool {
        self.access == LetterAccess::Full
    }
}

/// A letter as issued. The proposal's sponsor sees that it exists (kind, subject, date); its
/// text only HR and the employee it is addressed to.
#[Object]
impl Letter {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// The kind of letter.
    async fn kind(&self) -> LetterKindValue {
        self.record.kind.into()
    }
    /// The employee it is addressed to.
    async fn employee_id(&self) -> ID {
        ID(self.record.employee_id.to_string())
    }
    /// The subject line.
    async fn subject(&self) -> &str {
        &self.record.subject
    }
    /// When HR issued it.
    async fn issued_at(&self) -> DateTime<Utc> {
        self.record.issued_at
    }
    /// The letter as HTML (escaped text in paragraphs, the pay table): HR and the employee.
    async fn body_html(&self) -> Option<&str> {
        self.full().then_some(self.record.body_html.as_str())
    }
    /// The letter as plain text: HR and the employee.
    async fn body_text(&self) -> Option<&str> {
        self.full().then_some(self.record.body_text.as_str())
    }
    /// The printable page (sign-in cookie or token): HR and the employee.
    async fn print_url(&self) -> Option<String> {
        self.full().then(|| format!("/letters/{}", self.record.id))
    }
    /// The letter as a PDF to download (sign-in cookie or token): HR and the employee.
    async fn pdf_url(&self) -> Option<String> {
        self.full()
            .then(|| format!("/letters/{}/pdf", self.record.id))
    }
    /// The template version it was written from (0: Consult's default wording).
    async fn template_version(&self) -> Option<i32> {
        self.full().then_some(self.record.template_version)
    }
    /// The letter this one corrects.
    async fn supersedes_id(&self) -> Option<ID> {
        self.record.supersedes.map(|id| ID(id.to_string()))
    }
}

/// The letters of an employee record, for `Employee.letters`: HR and the employee only.
pub async fn of_employee(
    ctx: &Context<'_>,
    employee_id: Uuid,
    work_email: &str,
) -> async_graphql::Result<Vec<Letter>> {
    let viewer = viewer(ctx)?;
    let access = letter_access(
        viewer,
        &rules::LetterAudience {
            employee_email: work_email,
            sponsor_id: None,
        },
    );
    if access != Some(LetterAccess::Full) {
        return Err(DomainError::Forbidden(
            "Letters are personal: only HR and the employee they are addressed to read them."
                .into(),
        )
        .into());
    }
    let letters = Loaders::of(ctx).employee_letters(employee_id).await?;
    Ok(letters
        .iter()
        .cloned()
        .map(|record| Letter {
            record,
            access: LetterAccess::Full,
        })
        .collect())
}

fn limit(first: Option<i32>) -> Result<u64, DomainError> {
    match first.unwrap_or(50) {
        n @ 1..=MAX_LETTERS => Ok(n as u64),
        _ => Err(DomainError::bad_input(
            "first",
            format!("Ask for between 1 and {MAX_LETTERS} letters."),
        )),
    }
}

#[derive(Default)]
pub struct LettersQuery;

#[Object]
impl LettersQuery {
    /// Every kind's letter template as it applies now. HR only.
    async fn letter_templates(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<LetterTemplate>> {
        rules::may_manage_letters(viewer(ctx)?)?;
        Ok(store::letters::templates(ApiState::of(ctx).store.conn())
            .await?
            .into_iter()
            .map(LetterTemplate)
            .collect())
    }

    /// The letters issued to you, newest first.
    async fn my_letters(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many, newest first (at most 200; 50 unless given).")] first: Option<
            i32,
        >,
    ) -> async_graphql::Result<Vec<Letter>> {
        let viewer = viewer(ctx)?;
        let records =
            store::letters::to_email(ApiState::of(ctx).store.conn(), &viewer.email, limit(first)?)
                .await?;
        Ok(records
            .into_iter()
            .map(|record| Letter {
                record,
                access: LetterAccess::Full,
            })
            .collect())
    }

    /// A proposal's letters, newest first: HR reads them; its sponsor sees which exist.
    async fn proposal_letters(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal's id.")] proposal_id: ID,
        #[graphql(desc = "How many, newest first (at most 200; 50 unless given).")] first: Option<
            i32,
        >,
    ) -> async_graphql::Result<Vec<Letter>> {
        let viewer = viewer(ctx)?;
        let id = parse_id(&proposal_id, "proposalId")?;
        let state = ApiState::of(ctx);
        let proposal = store::proposals::find(&state.store, id)
            .await?
            .ok_or_else(crate::domain::access::proposal_not_found)?;
        let access = proposal_letters_access(viewer, proposal.content.sponsor_id)?;
        let records = store::letters::of_proposal(state.store.conn(), id, limit(first)?).await?;
        Ok(records
            .into_iter()
            .map(|record| Letter { record, access })
            .collect())
    }

    /// One letter, as the viewer may see it.
    async fn letter(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The letter's id.")] id: ID,
    ) -> async_graphql::Result<Letter> {
        let viewer = viewer(ctx)?;
        let id = parse_id(&id, "id")?;
        let (record, recipient) = store::letters::find(ApiState::of(ctx).store.conn(), id)
            .await?
            .ok_or_else(letter_not_found)?;
        let access = letter_access(viewer, &recipient.audience()).ok_or_else(letter_not_found)?;
        Ok(Letter { record, access })
    }
}

/// A letter to issue.
#[derive(InputObject)]
pub struct IssueLetterInput {
    /// The employee record it is addressed to.
    pub employee_id: ID,
    /// The kind of letter.
    pub kind: LetterKindValue,
    /// For a meeting invitation: the day.
    pub meeting_date: Option<NaiveDate>,
    /// For a meeting invitation: the time, HH:MM (UK time).
    pub meeting_time: Option<String>,
    /// For a meeting invitation: where (a room, or how to join online).
    pub meeting_place: Option<String>,
    /// For a selection or appeal outcome: the outcome in a sentence or two.
    pub outcome: Option<String>,
    /// For a selection or appeal outcome: the reasons.
    pub outcome_reasons: Option<String>,
    /// A re-issue: the letter of the same kind to this employee it corrects.
    pub supersedes_letter_id: Option<ID>,
}

#[derive(Default)]
pub struct LettersMutation;

#[Object]
impl LettersMutation {
    /// Changes a kind's template. Refused unless it contains the kind's statutory content
    /// (see `LetterTemplate.requirements`). HR only.
    async fn update_letter_template(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The kind of letter.")] kind: LetterKindValue,
        #[graphql(desc = "The wording, with placeholders such as {{employee.name}}.")] body: String,
        #[graphql(desc = "The version you edited (0 for the default wording).")]
        expected_version: i32,
    ) -> async_graphql::Result<LetterTemplate> {
        rules::may_manage_letters(viewer(ctx)?)?;
        Ok(LetterTemplate(
            store::letters::update_template(
                &ApiState::of(ctx).store,
                &audit_actor(ctx)?,
                kind.into(),
                body,
                expected_version,
            )
            .await?,
        ))
    }

    /// Returns a kind's template to Consult's default wording. HR only.
    async fn reset_letter_template(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The kind of letter.")] kind: LetterKindValue,
        #[graphql(desc = "The version you saw.")] expected_version: i32,
    ) -> async_graphql::Result<LetterTemplate> {
        rules::may_manage_letters(viewer(ctx)?)?;
        Ok(LetterTemplate(
            store::letters::reset_template(
                &ApiState::of(ctx).store,
                &audit_actor(ctx)?,
                kind.into(),
                expected_version,
            )
            .await?,
        ))
    }

    /// Issues a letter to an employee, filled from their case and the facts given; keeps it
    /// as issued and emails them a link to it. HR only.
    async fn issue_letter(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The letter to issue.")] input: IssueLetterInput,
    ) -> async_graphql::Result<Letter> {
        rules::may_manage_letters(viewer(ctx)?)?;
        let issue = IssueLetter {
            employee_id: parse_id(&input.employee_id, "input.employeeId")?,
            kind: input.kind.into(),
            meeting_date: input.meeting_date,
            meeting_time: rules::meeting_time(input.meeting_time.as_deref(), "input.meetingTime")?,
            meeting_place: rules::fact_text(input.meeting_place.as_deref(), "input.meetingPlace")?,
            outcome: rules::fact_text(input.outcome.as_deref(), "input.outcome")?,
            outcome_reasons: rules::fact_text(
                input.outcome_reasons.as_deref(),
                "input.outcomeReasons",
            )?,
            supersedes: input
                .supersedes_letter_id
                .as_ref()
                .map(|id| parse_id(id, "input.supersedesLetterId"))
                .transpose()?,
        };
        let record =
            store::letters::issue(&ApiState::of(ctx).store, &audit_actor(ctx)?, issue).await?;
        Ok(Letter {
            record,
            access: LetterAccess::Full,
        })
    }
}

const STYLE: &str = "body{font-family:Arial,sans-serif;font-size:12pt;line-height:1.5;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#0b0c0c}\
h1{font-size:1.5rem}.meta{color:#505a5f}\
table.pay{border-collapse:collapse;margin:1rem 0}table.pay caption{text-align:left;font-weight:bold}\
table.pay th,table.pay td{border-bottom:1px solid #b1b4b6;padding:.25rem .75rem .25rem 0;text-align:left}\
table.pay td{text-align:right}table.pay tr.total th,table.pay tr.total td{font-weight:bold}\
@media print{body{margin:0;max-width:none;font-size:11pt}.meta{display:none}@page{margin:2cm}}";

/// The printable page of a letter: its stored HTML (escaped when it was issued) in a page.
fn page(record: &LetterRecord, name: &str) -> String {
    let title = rules::escape(&record.subject);
    let issued = issued_on(record);
    format!(
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><style>{STYLE}</style></head><body><main><p class=\"meta\">Letter to {}. Print this page to keep a copy.</p><p>{}</p><h1>{title}</h1>{}</main></body></html>",
        rules::escape(name),
        rules::escape(&issued),
        record.body_html
    )
}

/// The letter at `id` and the name of the person it is addressed to, for HR and that person
/// (signed in by cookie or token). Anyone else, the sponsor included, is refused as not found.
async fn readable_letter(
    request: &Request,
    id: &str,
    api: &ApiState,
) -> Result<(LetterRecord, String), Refusal> {
    let viewer = signed_in(request, api).await?;
    let id = Uuid::parse_str(path_segment(id)?).map_err(|_| Refusal::NotFound)?;
    let (record, recipient) = store::letters::find(api.store.conn(), id)
        .await?
        .ok_or(Refusal::NotFound)?;
    match letter_access(&viewer, &recipient.audience()) {
        Some(LetterAccess::Full) => Ok((record, recipient.name)),
        _ => Err(Refusal::NotFound),
    }
}

/// The day a letter was issued, in words, London time.
fn issued_on(record: &LetterRecord) -> String {
    rules::long_date(
        record
            .issued_at
            .with_timezone(&chrono_tz::Europe::London)
            .date_naive(),
    )
}

/// `GET /letters/{id}`: the printable letter, for HR and the employee it is addressed to.
#[handler]
pub async fn print(
    request: &Request,
    Path(id): Path<String>,
    Data(schema): Data<&Arc<super::ConsultSchema>>,
) -> Response {
    match readable_letter(request, &id, api(schema)).await {
        Ok((record, name)) => Response::builder()
            .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
            .header(header::CACHE_CONTROL, "private, no-store")
            .header("X-Content-Type-Options", "nosniff")
            .header(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
            )
            .body(page(&record, &name)),
        Err(refusal) => refusal.into_response("letter"),
    }
}

/// `GET /letters/{id}/pdf`: the same letter as a PDF to download, for the same people.
#[handler]
pub async fn pdf(
    request: &Request,
    Path(id): Path<String>,
    Data(schema): Data<&Arc<super::ConsultSchema>>,
) -> Response {
    match readable_letter(request, &id, api(schema)).await {
        Ok((record, name)) => {
            let bytes = super::letter_pdf::render(&super::letter_pdf::LetterDocument {
                subject: &record.subject,
                addressed_to: &name,
                issued_on: &issued_on(&record),
                body_text: &record.body_text,
            });
            Response::builder()
                .header(header::CONTENT_TYPE, "application/pdf")
                .header(
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"{}-{}.pdf\"",
                        record.kind.as_str().replace('_', "-"),
                        record.issued_at.format("%Y-%m-%d")
                    ),
                )
                .header(header::CACHE_CONTROL, "private, no-store")
                .header("X-Content-Type-Options", "nosniff")
                .body(bytes)
        }
        Err(refusal) => refusal.into_response("letter"),
    }
}
