//! `GET /proposals/{id}/bundle.zip[?variant=union[&union=NAME]]`: the consultation bundle, the
//! record of one proposal's consultation in one download (`domain::bundle` says who may have
//! which variant and what the union's leaves out).
//!
//! The archive is streamed: the small facts are gathered first (so a failure there is still a
//! clean error), then the response starts and a task writes the files one at a time into a
//! bounded channel that feeds the body (`zip::ZipStream`). Attachments are read from the
//! database one at a time, letters rendered to PDF one at a time; `index.html` (which lists
//! every file) and `manifest.json` (every file's size and SHA-256) are written last.
//!
//! Every rule on what the reader may see is the API's own, applied to `Reader` (HR, or a
//! representative of the union and no one in particular).

mod render;
pub mod zip;

use super::{
    ApiState, ConsultSchema,
    downloads::{self, Refusal, api, signed_in, visible_proposal},
    outcome::report_of,
};
use crate::domain::{
    DomainError,
    audit::{AuditAction, AuditActor},
    bundle::{self, Reader, Sections, Variant},
    feedback, meeting_record,
    question::{self, QuestionVisibility},
    readable,
    revision_diff::{self, ChangeKind},
    timetable::{self as timetable_rules, Invitees},
};
use crate::store::{
    self, audit::ChainVerdict, proposals::ProposalRecord, structure::ProposalGraph,
};
use chrono::{DateTime, NaiveDate, Utc};
use poem::{
    Body, IntoResponse, Request, Response, handler,
    http::{StatusCode, header},
    web::{Data, Path, Query},
};
use render::{day, definitions, escape, page, paragraphs, table, when};
use serde::Deserialize;
use std::{collections::HashMap, io, sync::Arc};
use uuid::Uuid;
use zip::{Written, ZipStream, safe_name};

/// Chunks queued between the writer and the HTTP body: with `zip::CHUNK` this bounds what a
/// download buffers (about 256 KiB) besides the one file being written.
const QUEUED_CHUNKS: usize = 4;

#[derive(Debug, Deserialize, Default)]
pub struct BundleQuery {
    variant: Option<String>,
    union: Option<String>,
}

fn refused(err: DomainError) -> Response {
    let status = match &err {
        DomainError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        DomainError::Forbidden(_) => StatusCode::FORBIDDEN,
        DomainError::NotFound(_) | DomainError::UnknownId { .. } => StatusCode::NOT_FOUND,
        DomainError::Conflict(_) => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    };
    (status, err.message().to_owned()).into_response()
}

/// The handler.
#[handler]
pub async fn download(
    request: &Request,
    Path(id): Path<String>,
    Query(query): Query<BundleQuery>,
    Data(schema): Data<&Arc<ConsultSchema>>,
) -> Response {
    let api = api(schema);
    let viewer = match signed_in(request, api).await {
        Ok(viewer) => viewer,
        Err(refusal) => return refusal.into_response("consultation bundle"),
    };
    let variant = match Variant::parse(query.variant.as_deref()) {
        Ok(variant) => variant,
        Err(err) => return refused(err),
    };
    if let Err(err) = bundle::check_role(viewer.role, variant) {
        return refused(err);
    }
    let found = async {
        let id = Uuid::parse_str(downloads::path_segment(&id)?).map_err(|_| Refusal::NotFound)?;
        let (proposal, view) = visible_proposal(api, &viewer, id).await?;
        Ok::<_, Refusal>((proposal, view))
    }
    .await;
    let (proposal, view) = match found {
        Ok(found) => found,
        Err(refusal) => return refusal.into_response("consultation bundle"),
    };
    let reader = match bundle::reader(
        &viewer,
        view,
        variant,
        &proposal.facts(false),
        query.union.as_deref(),
    ) {
        Ok(reader) => reader,
        Err(err) => return refused(err),
    };
    let gathered = async {
        audit_download(api, &viewer, &proposal, variant, reader.union.as_deref()).await?;
        gather(api, &proposal, &reader, variant).await
    }
    .await;
    let facts = match gathered {
        Ok(facts) => facts,
        Err(err) => return Refusal::Failed(err).into_response("consultation bundle"),
    };
    let file_name = bundle::file_name(
        &downloads::slug(&proposal.content.title),
        variant,
        reader.union.as_deref(),
    );
    let (tx, mut rx) = tokio::sync::mpsc::channel::<io::Result<Vec<u8>>>(QUEUED_CHUNKS);
    let schema = Arc::clone(schema);
    tokio::spawn(async move {
        let api = downloads::api(&schema);
        let made = Bundle::new(tx.clone(), &proposal, &reader, variant, facts)
            .write(api)
            .await;
        if let Err(err) = made
            && err.kind() != io::ErrorKind::BrokenPipe
        {
            tracing::error!(error = %err, "the consultation bundle stopped part way");
            // The body ends in an error, so the client sees an incomplete download.
            let _ = tx.send(Err(err)).await;
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    let safe: String = file_name
        .chars()
        .filter(|c| !matches!(c, '"' | '\\') && !c.is_control())
        .collect();
    Response::builder()
        .header(header::CONTENT_TYPE, "application/zip")
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{safe}\""),
        )
        .header(header::CACHE_CONTROL, "private, no-store")
        .header("X-Content-Type-Options", "nosniff")
        .body(Body::from_bytes_stream(stream))
}

/// Each download is in the audit log, with its variant (and union).
async fn audit_download(
    api: &ApiState,
    viewer: &crate::domain::access::Viewer,
    proposal: &ProposalRecord,
    variant: Variant,
    union: Option<&str>,
) -> crate::error::AppResult<()> {
    let txn = api.store.begin_write().await?;
    store::audit::record(
        &txn,
        &AuditActor::User(viewer.user_id),
        AuditAction::BundleDownloaded,
        proposal.id,
        None::<&()>,
        Some(&serde_json::json!({ "variant": variant.as_str(), "union": union })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What is read before the download starts: everything but the attachments' content, the
/// letters' PDFs and the check of the audit chain.
struct Facts {
    graph: ProposalGraph,
    meeting_records: store::meeting_records::MeetingRecords,
    disclosures: Vec<store::timetable::DisclosureRecord>,
    hr1: Vec<store::timetable::Hr1Record>,
    audit: Vec<store::audit::AuditEvent>,
    decision: Option<store::audit::AuditEvent>,
    letters: Vec<(store::letters::LetterRecord, String)>,
    responses_rows: Option<downloads::ResponseRows>,
    summary: Option<feedback::SummaryShown>,
    form: Vec<feedback::FormQuestion>,
    users: HashMap<Uuid, String>,
    employees: HashMap<Uuid, String>,
}

async fn gather(
    api: &ApiState,
    proposal: &ProposalRecord,
    reader: &Reader,
    variant: Variant,
) -> crate::error::AppResult<Facts> {
    let sections = variant.sections();
    let conn = api.store.conn();
    let id = proposal.id;
    let graph = store::structure::load_graphs(conn, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let meeting_ids: Vec<Uuid> = graph.meetings.iter().map(|m| m.id).collect();
    let meeting_records = store::meeting_records::of_meetings(conn, &meeting_ids).await?;
    let disclosures = store::timetable::disclosures(conn, &[id]).await?;
    let hr1 = store::bundle::hr1_records(conn, id).await?;
    let audit = if sections.audit_events {
        store::bundle::audit_events(conn, id).await?
    } else {
        Vec::new()
    };
    let decision = store::bundle::decision(conn, id).await?;
    let letters = if sections.letters {
        store::bundle::letters(conn, id).await?
    } else {
        Vec::new()
    };
    let may_read = feedback::may_read_responses(reader.view).is_ok();
    let responses_rows = if may_read {
        match downloads::responses_rows(api, &reader.viewer, reader.view, id).await {
            Ok(rows) => Some(rows),
            Err(Refusal::Failed(err)) => return Err(err),
            Err(_) => None,
        }
    } else {
        None
    };
    let form = store::forms::form_of(conn, id).await?.questions;
    let summary = if may_read {
        let summary = store::feedback::summary(&api.store, id, &form, true).await?;
        feedback::summary_shown(reader.view, &summary).ok()
    } else {
        None
    };
    let employees = if reader.view.sees_everyones_personal_data() {
        store::bundle::employee_names(conn, id).await?
    } else {
        HashMap::new()
    };
    let mut user_ids: Vec<Uuid> = audit.iter().filter_map(|e| e.actor_id).collect();
    user_ids.extend(decision.iter().filter_map(|e| e.actor_id));
    user_ids.extend(graph.revisions.iter().filter_map(|r| r.created_by));
    for q in &graph.questions {
        user_ids.extend(q.asker_id);
        user_ids.extend(q.owner_id);
        user_ids.extend(q.answered_by);
    }
    for m in &graph.meetings {
        user_ids.extend(m.invitee_ids.iter().copied());
    }
    user_ids.extend(letters.iter().map(|(l, _)| l.issued_by));
    user_ids.extend(
        meeting_records
            .minutes
            .values()
            .filter_map(|m| m.drafted_by),
    );
    user_ids.extend(meeting_records.actions.iter().filter_map(|a| a.owner_id));
    let users = store::bundle::user_names(&api.store, &user_ids).await?;
    Ok(Facts {
        graph,
        meeting_records,
        disclosures,
        hr1,
        audit,
        decision,
        letters,
        responses_rows,
        summary,
        form,
        users,
        employees,
    })
}

/// One line of the chronology.
struct Event {
    at: DateTime<Utc>,
    /// Only the day is known.
    day_only: bool,
    who: String,
    what: String,
    /// Where in the bundle it is shown.
    link: String,
}

/// A file in the contents list.
struct Listed {
    section: String,
    title: String,
    path: String,
}

/// The bundle being written.
struct Bundle<'a> {
    zip: ZipStream<tokio::sync::mpsc::Sender<io::Result<Vec<u8>>>>,
    proposal: &'a ProposalRecord,
    reader: &'a Reader,
    variant: Variant,
    sections: Sections,
    facts: Facts,
    written: Vec<Written>,
    listed: Vec<Listed>,
    chronology: Vec<Event>,
    made_at: DateTime<Utc>,
}

fn start_of(on: NaiveDate) -> DateTime<Utc> {
    on.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

fn csv(rows: Vec<Vec<String>>) -> io::Result<Vec<u8>> {
    downloads::csv_bytes(rows).map_err(|_| io::Error::other("a CSV could not be written"))
}

impl<'a> Bundle<'a> {
    fn new(
        tx: tokio::sync::mpsc::Sender<io::Result<Vec<u8>>>,
        proposal: &'a ProposalRecord,
        reader: &'a Reader,
        variant: Variant,
        facts: Facts,
    ) -> Self {
        let made_at = Utc::now();
        Bundle {
            zip: ZipStream::new(tx, made_at),
            proposal,
            reader,
            variant,
            sections: variant.sections(),
            facts,
            written: Vec::new(),
            listed: Vec::new(),
            chronology: Vec::new(),
            made_at,
        }
    }

    /// Writes one file into the archive now, and lists it under `section`.
    async fn file(
        &mut self,
        section: &str,
        title: &str,
        path: String,
        bytes: Vec<u8>,
    ) -> io::Result<()> {
        let written = self.zip.add(&path, &bytes).await?;
        self.written.push(written);
        self.listed.push(Listed {
            section: section.to_owned(),
            title: title.to_owned(),
            path,
        });
        Ok(())
    }

    fn event(&mut self, at: DateTime<Utc>, day_only: bool, who: String, what: String, link: &str) {
        self.chronology.push(Event {
            at,
            day_only,
            who,
            what,
            link: link.to_owned(),
        });
    }

    /// A person by account, as the reader may see them: names in HR's bundle; the union's
    /// says only which side acted.
    fn person(&self, id: Option<Uuid>, side: &str) -> String {
        match id {
            Some(id) if self.sections.actors_named => self
                .facts
                .users
                .get(&id)
                .cloned()
                .unwrap_or_else(|| side.to_owned()),
            _ => side.to_owned(),
        }
    }

    fn subtitle(&self) -> String {
        match (&self.reader.union, self.variant) {
            (Some(union), Variant::Union) => format!(
                "{} — consultation bundle for {union}, made {}",
                self.proposal.content.title,
                when(self.made_at)
            ),
            _ => format!(
                "{} — consultation bundle (HR's full record), made {}",
                self.proposal.content.title,
                when(self.made_at)
            ),
        }
    }

    async fn write(mut self, api: &ApiState) -> io::Result<()> {
        self.proposal_and_revisions().await?;
        self.disclosures().await?;
        self.hr1().await?;
        self.meetings(api).await?;
        self.questions().await?;
        self.union_responses(api).await?;
        self.feedback().await?;
        self.outcome().await?;
        self.decision().await?;
        if self.sections.letters {
            self.letters().await?;
        }
        self.audit_log(api).await?;
        self.index().await?;
        self.manifest().await?;
        self.zip.finish().await.map(drop)
    }

    async fn proposal_and_revisions(&mut self) -> io::Result<()> {
        const S: &str = "1. The proposal and its revisions";
        let p = self.proposal;
        let c = &p.content;
        let body = format!(
            "{}<h2>Background</h2>{}<h2>Rationale</h2>{}<h2>The proposal</h2>{}<h2>Benefits</h2>{}<h2>Selection method</h2>{}<h2>Dismissal method</h2>{}<h2>Redundancy pay</h2>{}<h2>Agency workers</h2>{}",
            definitions(&[
                ("Status", p.status.as_str().to_owned()),
                ("Service", c.service.clone()),
                ("Establishment", c.establishment.clone()),
                ("Recognised unions", c.recognised_unions.join(", ")),
                ("Proposed on", p.proposed_on.map(day).unwrap_or_default()),
                (
                    "Shared with the unions",
                    p.shared_with_unions_at.map(when).unwrap_or_default()
                ),
                (
                    "Consultation opened",
                    p.consultation_opened_at.map(when).unwrap_or_default()
                ),
            ]),
            paragraphs(&c.background),
            paragraphs(&c.rationale),
            paragraphs(&c.proposal_text),
            paragraphs(&c.benefits),
            paragraphs(&c.selection_method),
            paragraphs(&c.dismissal_method),
            paragraphs(&c.redundancy_pay_method),
            paragraphs(&c.agency_workers),
        );
        let title = format!("The proposal as it stands: {}", c.title);
        self.file(
            S,
            "The proposal as it stands",
            "01-proposal/proposal.html".into(),
            page(&title, &self.subtitle(), &body),
        )
        .await?;
        if let Some(on) = p.proposed_on {
            self.event(
                start_of(on),
                true,
                "HR".into(),
                "Proposed (left draft; s188(3) counts from here)".into(),
                "01-proposal/proposal.html",
            );
        }
        if let Some(at) = p.shared_with_unions_at {
            self.event(
                at,
                false,
                "HR".into(),
                "Shared with the recognised unions".into(),
                "01-proposal/proposal.html",
            );
        }
        if let Some(at) = p.consultation_opened_at {
            let what = if p.consultation_opened_backdated {
                "Consultation opened (recorded after the fact)"
            } else {
                "Consultation opened: published to staff"
            };
            self.event(
                at,
                p.consultation_opened_backdated,
                "HR".into(),
                what.into(),
                "01-proposal/proposal.html",
            );
        }
        let revisions = std::mem::take(&mut self.facts.graph.revisions);
        let mut rows = vec![
            ["Number", "Created at", "By", "What changed", "Changes"]
                .map(str::to_owned)
                .to_vec(),
        ];
        let mut previous = serde_json::Value::Null;
        for r in &revisions {
            let changes = revision_diff::diff_snapshots(&previous, &r.snapshot);
            let change_rows: Vec<Vec<String>> = changes
                .iter()
                .map(|ch| {
                    vec![
                        match ch.kind {
                            ChangeKind::Added => "Added",
                            ChangeKind::Removed => "Removed",
                            ChangeKind::Changed => "Changed",
                        }
                        .to_owned(),
                        match &ch.item_label {
                            Some(label) => format!("{} — {label}", render::label(&ch.field)),
                            None => render::label(&ch.path),
                        },
                        render::json_text(ch.before.as_ref()),
                        render::json_text(ch.after.as_ref()),
                    ]
                })
                .collect();
            let who = self.person(r.created_by, "HR");
            let body = format!(
                "{}<h2>What changed from the revision before</h2>{}<h2>The revision as shared</h2>{}",
                definitions(&[
                    ("Revision", r.number.to_string()),
                    ("Made", when(r.created_at)),
                    ("By", who.clone()),
                    ("Summary", r.change_summary.clone()),
                ]),
                if r.number == 1 || previous.is_null() {
                    "<p>The first version shared: everything below is new.</p>".to_owned()
                } else if change_rows.is_empty() {
                    "<p class=\"withheld\">No change in what the revision records.</p>".to_owned()
                } else {
                    table(&["Change", "Where", "Before", "After"], &change_rows)
                },
                render::json_html(&r.snapshot),
            );
            let path = format!("01-proposal/revision-{:02}.html", r.number);
            self.file(
                S,
                &format!("Revision {}", r.number),
                path.clone(),
                page(&format!("Revision {}", r.number), &self.subtitle(), &body),
            )
            .await?;
            self.event(
                r.created_at,
                false,
                who.clone(),
                format!(
                    "Revision {} of the proposal: {}",
                    r.number, r.change_summary
                ),
                &path,
            );
            rows.push(vec![
                r.number.to_string(),
                when(r.created_at),
                who,
                r.change_summary.clone(),
                changes.len().to_string(),
            ]);
            previous = r.snapshot.clone();
        }
        self.file(
            S,
            "Revisions (CSV)",
            "01-proposal/revisions.csv".into(),
            csv(rows)?,
        )
        .await
    }

    async fn disclosures(&mut self) -> io::Result<()> {
        const S: &str = "2. s188(4) disclosures";
        let disclosures = std::mem::take(&mut self.facts.disclosures);
        if disclosures.is_empty() {
            let body = "<p>No s188(4) disclosure has been recorded as given.</p>";
            return self
                .file(
                    S,
                    "No disclosure recorded",
                    "02-s188-disclosures/none.html".into(),
                    page("s188(4) disclosures", &self.subtitle(), body),
                )
                .await;
        }
        for (i, d) in disclosures.iter().enumerate() {
            let n = i + 1;
            let path = format!("02-s188-disclosures/disclosure-{n:02}-{}.html", d.given_on);
            let body = format!(
                "{}<h2>As given</h2>{}",
                definitions(&[
                    ("Given to the representatives on", day(d.given_on)),
                    ("Recorded", when(d.created_at))
                ]),
                render::json_html(&d.snapshot)
            );
            self.file(
                S,
                &format!("Disclosure {n}, given {}", day(d.given_on)),
                path.clone(),
                page(&format!("s188(4) disclosure {n}"), &self.subtitle(), &body),
            )
            .await?;
            let json = serde_json::to_vec_pretty(&d.snapshot).map_err(io::Error::other)?;
            self.file(
                S,
                &format!("Disclosure {n} as stored (JSON)"),
                path.replace(".html", ".json"),
                json,
            )
            .await?;
            self.event(
                start_of(d.given_on),
                true,
                "HR".into(),
                format!("s188(4) disclosure {n} given to the representatives"),
                &path,
            );
        }
        Ok(())
    }

    async fn hr1(&mut self) -> io::Result<()> {
        const S: &str = "3. HR1 notification (s193)";
        let records = std::mem::take(&mut self.facts.hr1);
        let full = self.reader.view.sees_everyones_personal_data();
        let mut body = String::new();
        if records.is_empty() {
            body.push_str("<p>No HR1 notification has been recorded.</p>");
        }
        for (i, h) in records.iter().enumerate() {
            body.push_str(&format!("<h2>Record {}</h2>", i + 1));
            body.push_str(&definitions(&[
                ("Made on", day(h.made_on)),
                ("Reference", h.reference.clone()),
                (
                    "Copy to the representatives",
                    h.copy_to_representatives_on
                        .map(day)
                        .unwrap_or_else(|| "not recorded".into()),
                ),
            ]));
            if full {
                body.push_str("<h3>The copy submitted</h3>");
                body.push_str(&format!("<pre>{}</pre>", escape(&h.submitted_copy)));
            }
            self.event(
                start_of(h.made_on),
                true,
                "HR".into(),
                format!("HR1 made to the Secretary of State (ref. {})", h.reference),
                "03-hr1/hr1.html",
            );
            if let Some(on) = h.copy_to_representatives_on {
                self.event(
                    start_of(on),
                    true,
                    "HR".into(),
                    "Copy of HR1 given to the representatives (s193(6))".into(),
                    "03-hr1/hr1.html",
                );
            }
        }
        self.file(
            S,
            "HR1",
            "03-hr1/hr1.html".into(),
            page("HR1 notification", &self.subtitle(), &body),
        )
        .await
    }

    /// The meetings (schedule, kind, what they covered, cancelled) and, as the reader may see
    /// it (`meeting_record::record_access`), each one's record: attendance, the minutes and the
    /// union side's replies (`meeting_record_html`), the actions agreed, and the documents
    /// tabled, each written as a file (read one at a time).
    async fn meetings(&mut self, api: &ApiState) -> io::Result<()> {
        const S: &str = "4. Meetings";
        let meetings = std::mem::take(&mut self.facts.graph.meetings);
        let shown: Vec<_> = meetings
            .iter()
            .filter(|m| {
                timetable_rules::may_see(
                    &self.reader.viewer,
                    self.reader.view,
                    m.kind,
                    Invitees {
                        groups: &m.invitee_groups,
                        users: &m.invitee_ids,
                        employees: &m.invitee_employee_ids,
                    },
                    &[],
                )
            })
            .collect();
        let names_invitees = timetable_rules::may_see_invitees(self.reader.view).is_ok();
        let mut rows = vec![
            [
                "Title",
                "Kind",
                "Starts",
                "Ends",
                "Place",
                "Covers (s188(2))",
                "Invited",
                "Cancelled",
            ]
            .map(str::to_owned)
            .to_vec(),
        ];
        let records = std::mem::take(&mut self.facts.meeting_records);
        let recognised = self.proposal.content.recognised_unions.clone();
        let mut attendance = vec![
            ["Meeting", "Starts", "Name", "Capacity", "Union", "Attended"]
                .map(str::to_owned)
                .to_vec(),
        ];
        let mut body = String::new();
        for (number, m) in shown.iter().enumerate() {
            let access = meeting_record::record_access(self.reader.view, m.kind);
            let mut invited: Vec<String> = m
                .invitee_groups
                .iter()
                .map(|g| readable::code(g.as_str()))
                .collect();
            if names_invitees {
                invited.extend(
                    m.invitee_ids
                        .iter()
                        .map(|u| self.facts.users.get(u).cloned().unwrap_or_default()),
                );
                invited.extend(
                    m.invitee_employee_ids
                        .iter()
                        .map(|e| self.facts.employees.get(e).cloned().unwrap_or_default()),
                );
            }
            let row = vec![
                m.title.clone(),
                readable::code(m.kind.as_str()),
                when(m.starts_at),
                when(m.ends_at),
                m.place
                    .clone()
                    .or_else(|| m.link.clone())
                    .unwrap_or_default(),
                m.covers.join("; "),
                invited.join("; "),
                if m.cancelled { "Yes" } else { "No" }.to_owned(),
            ];
            body.push_str(&format!("<h2>{}</h2>", escape(&m.title)));
            body.push_str(&definitions(&[
                ("Kind", row[1].clone()),
                (
                    "When",
                    format!("{} to {}", when(m.starts_at), when(m.ends_at)),
                ),
                ("Where", row[4].clone()),
                ("Covered", row[5].clone()),
                ("Invited", row[6].clone()),
                ("Cancelled", row[7].clone()),
            ]));
            body.push_str(&meeting_record_html(
                m,
                &records,
                access,
                &recognised,
                &|id, side| self.person(id, side),
            ));
            if access.sees_record() {
                attendance.extend(
                    records
                        .attendees
                        .iter()
                        .filter(|a| a.meeting_id == m.id)
                        .map(|a| {
                            vec![
                                m.title.clone(),
                                when(m.starts_at),
                                a.name.clone(),
                                readable::code(a.capacity.as_str()),
                                a.union_name.clone().unwrap_or_default(),
                                if a.present { "Present" } else { "Apologies" }.to_owned(),
                            ]
                        }),
                );
                let mut tabled = Vec::new();
                for d in records.documents.iter().filter(|d| d.meeting_id == m.id) {
                    // One document in memory at a time.
                    let Some((record, _, content)) =
                        store::meeting_records::document_content(api.store.conn(), d.id)
                            .await
                            .map_err(|e| io::Error::other(format!("{e:?}")))?
                    else {
                        continue;
                    };
                    let path = format!(
                        "04-meetings/{}",
                        safe_name(&[
                            &format!("{:02}-{}", number + 1, m.title),
                            &format!("{:02}-{}", tabled.len() + 1, record.file_name),
                        ])
                    );
                    self.file(
                        S,
                        &format!("Tabled at {}: {}", m.title, record.file_name),
                        path.clone(),
                        content,
                    )
                    .await?;
                    tabled.push(format!(
                        "<li><a href=\"{}\">{}</a></li>",
                        escape(path.trim_start_matches("04-meetings/")),
                        escape(&record.file_name)
                    ));
                }
                if !tabled.is_empty() {
                    body.push_str(&format!(
                        "<h3>Documents tabled</h3><ul>{}</ul>",
                        tabled.concat()
                    ));
                }
                if let Some(minutes) = records
                    .minutes
                    .get(&m.id)
                    .filter(|min| access.sees_minutes(min.shared_at.is_some()))
                {
                    if let Some(at) = minutes.shared_at {
                        self.event(
                            at,
                            false,
                            "HR".into(),
                            format!("Minutes of {} shared with the union side", m.title),
                            "04-meetings/meetings.html",
                        );
                    }
                    for r in records.replies_of(m.id) {
                        let what = if r.agreed { "confirmed" } else { "disputed" };
                        self.event(
                            r.at,
                            false,
                            r.union_name.clone(),
                            format!(
                                "Minutes of {} {what} (version {})",
                                m.title, r.minutes_version
                            ),
                            "04-meetings/meetings.html",
                        );
                    }
                }
            }
            let what = if m.cancelled {
                format!("Meeting (cancelled): {}", m.title)
            } else {
                format!("Meeting: {}", m.title)
            };
            self.event(
                m.starts_at,
                false,
                "HR (organiser)".into(),
                what,
                "04-meetings/meetings.html",
            );
            rows.push(row);
        }
        if shown.is_empty() {
            body.push_str("<p>No meetings.</p>");
        }
        self.file(
            S,
            "Meetings",
            "04-meetings/meetings.html".into(),
            page("Meetings", &self.subtitle(), &body),
        )
        .await?;
        self.file(
            S,
            "Meetings (CSV)",
            "04-meetings/meetings.csv".into(),
            csv(rows)?,
        )
        .await?;
        self.file(
            S,
            "Attendance (CSV)",
            "04-meetings/attendance.csv".into(),
            csv(attendance)?,
        )
        .await
    }

    async fn questions(&mut self) -> io::Result<()> {
        const S: &str = "5. Questions and answers";
        let questions = std::mem::take(&mut self.facts.graph.questions);
        let mut rows = vec![
            [
                "Raised on",
                "Asked by",
                "Confidential",
                "Question",
                "Owner",
                "Due on",
                "Answered at",
                "Answered by",
                "Answer",
                "In the FAQ",
            ]
            .map(str::to_owned)
            .to_vec(),
        ];
        for q in &questions {
            let asker =
                match question::visibility(&self.reader.viewer, self.reader.view, &q.facts()) {
                    QuestionVisibility::Hidden => continue,
                    QuestionVisibility::Anonymous => "Withheld".to_owned(),
                    QuestionVisibility::Full => {
                        let name = q
                            .asker_id
                            .and_then(|id| self.facts.users.get(&id).cloned())
                            .unwrap_or_default();
                        match &q.asker_union {
                            Some(union) => format!("{name} ({union})"),
                            None => name,
                        }
                    }
                };
            let owner = self.person(q.owner_id, "Management");
            let answered_by = q
                .answered_by
                .map(|id| self.person(Some(id), "Management"))
                .unwrap_or_default();
            self.event(
                start_of(q.raised_on),
                true,
                asker.clone(),
                format!("Question raised: {}", q.text),
                "05-questions/questions.html",
            );
            if let Some(at) = q.answered_at {
                self.event(
                    at,
                    false,
                    answered_by.clone(),
                    format!("Question answered: {}", q.text),
                    "05-questions/questions.html",
                );
            }
            rows.push(vec![
                day(q.raised_on),
                asker,
                if q.confidential { "Yes" } else { "No" }.to_owned(),
                q.text.clone(),
                owner,
                day(q.due_on),
                q.answered_at.map(when).unwrap_or_default(),
                answered_by,
                q.answer.clone().unwrap_or_default(),
                if q.published { "Yes" } else { "No" }.to_owned(),
            ]);
        }
        let body = if rows.len() == 1 {
            "<p>No questions.</p>".to_owned()
        } else {
            table(
                &rows[0].iter().map(String::as_str).collect::<Vec<_>>(),
                &rows[1..],
            )
        };
        self.file(
            S,
            "Questions and answers",
            "05-questions/questions.html".into(),
            page("Questions and answers", &self.subtitle(), &body),
        )
        .await?;
        self.file(
            S,
            "Questions (CSV)",
            "05-questions/questions.csv".into(),
            csv(rows)?,
        )
        .await
    }

    async fn union_responses(&mut self, api: &ApiState) -> io::Result<()> {
        const S: &str = "6. Union responses";
        let responses = std::mem::take(&mut self.facts.graph.union_responses);
        let attachments = std::mem::take(&mut self.facts.graph.attachments);
        let mut body = String::new();
        let mut number = 0;
        for r in responses.iter().filter(|r| {
            r.submitted
                && crate::domain::joint_response::sees_union_response(
                    self.reader.view,
                    self.reader.viewer.union.as_deref(),
                    &r.named_unions(),
                )
        }) {
            number += 1;
            let folder = safe_name(&[
                "06-union-responses",
                &format!("{number:02}-{}", r.union_name),
            ]);
            body.push_str(&format!(
                "<h2>{}: {}</h2>",
                escape(&r.union_name),
                escape(&r.title)
            ));
            body.push_str(&definitions(&[
                ("Submitted", r.submitted_at.map(when).unwrap_or_default()),
                (
                    "Failure to agree",
                    if r.failure_to_agree { "Yes" } else { "No" }.to_owned(),
                ),
            ]));
            body.push_str(&paragraphs(&r.body));
            body.push_str("<ol>");
            for p in &r.points {
                body.push_str(&format!("<li>{}</li>", escape(p)));
            }
            body.push_str("</ol>");
            if let Some(at) = r.submitted_at {
                self.event(
                    at,
                    false,
                    r.union_name.clone(),
                    format!("Collective response submitted: {}", r.title),
                    "06-union-responses/responses.html",
                );
            }
            let mut files = Vec::new();
            for (i, a) in attachments
                .iter()
                .filter(|a| a.union_response_id == r.id)
                .enumerate()
            {
                // One attachment in memory at a time.
                let Some((record, _, content)) =
                    store::union_responses::attachment_content(api.store.conn(), a.id)
                        .await
                        .map_err(|e| io::Error::other(format!("{e:?}")))?
                else {
                    continue;
                };
                let path = format!(
                    "{folder}/{}",
                    safe_name(&[&format!("{:02}-{}", i + 1, record.file_name)])
                );
                self.file(
                    S,
                    &format!("{} attachment: {}", r.union_name, record.file_name),
                    path.clone(),
                    content,
                )
                .await?;
                files.push(format!(
                    "<li><a href=\"{}\">{}</a> ({} bytes)</li>",
                    escape(&path.replacen("06-union-responses/", "", 1)),
                    escape(&record.file_name),
                    record.size_bytes
                ));
            }
            if !files.is_empty() {
                body.push_str(&format!("<h3>Attachments</h3><ul>{}</ul>", files.concat()));
            }
        }
        if number == 0 {
            body.push_str("<p>No collective response has been submitted.</p>");
        }
        self.file(
            S,
            "Collective responses",
            "06-union-responses/responses.html".into(),
            page("Union responses", &self.subtitle(), &body),
        )
        .await
    }

    async fn feedback(&mut self) -> io::Result<()> {
        const S: &str = "7. Feedback";
        let mut body = String::new();
        match self.facts.summary.take() {
            None => body.push_str(
                "<p class=\"withheld\">The feedback summary is not shown to this reader.</p>",
            ),
            Some(summary) => {
                body.push_str(&format!(
                    "<p>Responses submitted: {}</p>",
                    summary.responses
                ));
                let shown =
                    |n: Option<u32>| n.map_or_else(|| "fewer than 3".to_owned(), |n| n.to_string());
                for (key, choices) in &summary.per_answer {
                    let text = self
                        .facts
                        .form
                        .iter()
                        .find(|q| &q.key == key)
                        .map_or(key.as_str(), |q| q.text.as_str());
                    body.push_str(&format!("<h3>{}</h3>", escape(text)));
                    let rows: Vec<Vec<String>> = choices
                        .iter()
                        .map(|(c, n)| vec![c.clone(), shown(*n)])
                        .collect();
                    body.push_str(&table(&["Answer", "Responses"], &rows));
                }
                let posts: Vec<Vec<String>> = summary
                    .per_post
                    .iter()
                    .map(|(id, n)| {
                        let title = self
                            .facts
                            .graph
                            .posts
                            .iter()
                            .find(|p| p.line.id == *id)
                            .map(|p| p.line.title.clone())
                            .unwrap_or_default();
                        vec![title, shown(*n)]
                    })
                    .chain(summary.other_posts.iter().map(|m| {
                        vec![
                            format!("Other posts ({}, fewer than 3 holders each)", m.posts),
                            shown(m.responses),
                        ]
                    }))
                    .collect();
                if !posts.is_empty() {
                    body.push_str("<h3>By post</h3>");
                    body.push_str(&table(&["Post", "Responses"], &posts));
                }
                let themes: Vec<Vec<String>> = summary
                    .per_theme
                    .iter()
                    .map(|(id, n)| {
                        let name = self
                            .facts
                            .graph
                            .themes
                            .iter()
                            .find(|t| t.id == *id)
                            .map(|t| t.name.clone())
                            .unwrap_or_default();
                        vec![name, shown(*n)]
                    })
                    .collect();
                if !themes.is_empty() {
                    body.push_str("<h3>By theme</h3>");
                    body.push_str(&table(&["Theme", "Responses"], &themes));
                }
            }
        }
        self.file(
            S,
            "Feedback summary",
            "07-feedback/summary.html".into(),
            page("Feedback summary", &self.subtitle(), &body),
        )
        .await?;
        if let Some(downloads::ResponseRows { rows, submitted_at }) =
            self.facts.responses_rows.take()
        {
            let html = if rows.len() <= 1 {
                "<p>No responses.</p>".to_owned()
            } else {
                table(
                    &rows[0].iter().map(String::as_str).collect::<Vec<_>>(),
                    &rows[1..],
                )
            };
            let note = if self.variant == Variant::Union {
                "<p class=\"meta\">Staff responses without names, as the union's representatives see them.</p>"
            } else {
                "<p class=\"meta\">Names as HR sees them.</p>"
            };
            for (row, at) in rows.iter().skip(1).zip(submitted_at) {
                if let Some(at) = at {
                    // Names as the rows give them to the reader (`responses_rows`).
                    let who = if row[2] == "Withheld" {
                        "A member of staff (name withheld)".to_owned()
                    } else {
                        row[2].clone()
                    };
                    self.event(
                        at,
                        false,
                        who,
                        format!("{} submitted", row[0]),
                        "07-feedback/responses.html",
                    );
                }
            }
            self.file(
                S,
                "Responses",
                "07-feedback/responses.html".into(),
                page("Responses", &self.subtitle(), &format!("{note}{html}")),
            )
            .await?;
            self.file(
                S,
                "Responses (CSV)",
                "07-feedback/responses.csv".into(),
                csv(rows)?,
            )
            .await?;
        }
        Ok(())
    }

    async fn outcome(&mut self) -> io::Result<()> {
        const S: &str = "8. Outcome report";
        let report = report_of(
            self.proposal,
            &self.reader.viewer,
            self.reader.view,
            &self.facts.graph,
        );
        if let Some(at) = report.report.completed_at {
            let who = self.person(report.report.completed_by, "HR");
            self.event(
                at,
                false,
                who,
                "Outcome report completed".into(),
                "08-outcome/outcome-report.html",
            );
        }
        let html = super::report_page::render(&report).into_bytes();
        self.file(
            S,
            "Outcome report",
            "08-outcome/outcome-report.html".into(),
            html,
        )
        .await?;
        let rows = downloads::outcome_report_rows(&report);
        self.file(
            S,
            "Outcome report (CSV)",
            "08-outcome/outcome-report.csv".into(),
            csv(rows)?,
        )
        .await
    }

    async fn decision(&mut self) -> io::Result<()> {
        const S: &str = "9. The decision";
        let body = match self.facts.decision.take() {
            Some(event) => {
                let who = self.person(event.actor_id, "HR");
                self.event(
                    event.occurred_at,
                    false,
                    who.clone(),
                    "Decision recorded".into(),
                    "09-decision/decision.html",
                );
                definitions(&[
                    ("Decision recorded", when(event.occurred_at)),
                    ("By", who),
                    ("Status now", self.proposal.status.as_str().to_owned()),
                ])
            }
            None => format!(
                "<p>No decision has been recorded. The proposal's status is {}.</p>{}",
                escape(self.proposal.status.as_str()),
                self.proposal
                    .withdrawn_reason
                    .as_deref()
                    .map(|r| format!("<p>Withdrawn: {}</p>", escape(r)))
                    .unwrap_or_default()
            ),
        };
        self.file(
            S,
            "The decision",
            "09-decision/decision.html".into(),
            page("The decision", &self.subtitle(), &body),
        )
        .await
    }

    async fn letters(&mut self) -> io::Result<()> {
        const S: &str = "10. Letters of the individual stage";
        let letters = std::mem::take(&mut self.facts.letters);
        let mut rows = vec![
            ["Issued at", "To", "Kind", "Subject", "Issued by", "File"]
                .map(str::to_owned)
                .to_vec(),
        ];
        for (i, (letter, name)) in letters.iter().enumerate() {
            let issued_on = crate::domain::individual::letter::long_date(
                letter
                    .issued_at
                    .with_timezone(&chrono_tz::Europe::London)
                    .date_naive(),
            );
            // One PDF in memory at a time.
            let pdf = super::letter_pdf::render(&super::letter_pdf::LetterDocument {
                subject: &letter.subject,
                addressed_to: name,
                issued_on: &issued_on,
                body_text: &letter.body_text,
            });
            let path = format!(
                "10-letters/{}",
                safe_name(&[&format!(
                    "{:03}-{}-{}-{}.pdf",
                    i + 1,
                    letter.kind.as_str(),
                    name,
                    letter.issued_at.format("%Y-%m-%d")
                )])
            );
            let by = self.person(Some(letter.issued_by), "HR");
            self.file(
                S,
                &format!("{} to {name}", letter.subject),
                path.clone(),
                pdf,
            )
            .await?;
            self.event(
                letter.issued_at,
                false,
                by.clone(),
                format!("Letter issued to {name}: {}", letter.subject),
                &path,
            );
            rows.push(vec![
                when(letter.issued_at),
                name.clone(),
                readable::code(letter.kind.as_str()),
                letter.subject.clone(),
                by,
                path,
            ]);
        }
        self.file(
            S,
            "Letters (CSV)",
            "10-letters/letters.csv".into(),
            csv(rows)?,
        )
        .await
    }

    async fn audit_log(&mut self, api: &ApiState) -> io::Result<()> {
        const S: &str = "11. Audit log";
        let verdict = store::audit::verify(&api.store)
            .await
            .map_err(|e| io::Error::other(format!("{e:?}")))?;
        let verdict_text = match &verdict {
            ChainVerdict::Intact { events } => format!(
                "The audit log's hash chain is intact: all {events} events of the database check, each linked to the one before."
            ),
            ChainVerdict::Broken(link) if self.sections.audit_events => format!(
                "The audit log's hash chain is BROKEN: the first broken link is event {} (seq {}, {} at {}): {:?}.",
                link.event.id,
                link.seq,
                link.event.action,
                link.event.occurred_at.to_rfc3339(),
                link.broken
            ),
            // The union's bundle says where, not what the event held.
            ChainVerdict::Broken(link) => format!(
                "The audit log's hash chain is BROKEN from event {} of the database (seq): later events cannot be relied on until HR explains it.",
                link.seq
            ),
        };
        let chain = format!("{verdict_text}\nChecked {}.\n", self.made_at.to_rfc3339());
        self.file(
            S,
            "Audit chain check",
            "11-audit/chain-check.txt".into(),
            chain.into_bytes(),
        )
        .await?;
        if !self.sections.audit_events {
            return Ok(());
        }
        let events = std::mem::take(&mut self.facts.audit);
        let mut rows = vec![
            [
                "Occurred at",
                "Who",
                "Action",
                "Entity",
                "Entity id",
                "Before",
                "After",
                "Event id",
            ]
            .map(str::to_owned)
            .to_vec(),
        ];
        for e in &events {
            let who = match (e.actor_id, &e.actor_label) {
                (Some(id), _) => self
                    .facts
                    .users
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| id.to_string()),
                (None, Some(label)) => label.clone(),
                (None, None) => String::new(),
            };
            self.event(
                e.occurred_at,
                false,
                who.clone(),
                format!("Audit log: {} ({})", e.action, e.entity_type),
                "11-audit/audit-log.html",
            );
            rows.push(vec![
                when(e.occurred_at),
                who,
                e.action.clone(),
                e.entity_type.clone(),
                e.entity_id.to_string(),
                render::json_text(e.before.as_ref()),
                render::json_text(e.after.as_ref()),
                e.id.to_string(),
            ]);
        }
        let shown: Vec<Vec<String>> = rows[1..]
            .iter()
            .map(|r| {
                vec![
                    r[0].clone(),
                    r[1].clone(),
                    r[2].clone(),
                    r[3].clone(),
                    r[4].clone(),
                ]
            })
            .collect();
        let body = format!(
            "<p><strong>{}</strong></p><p class=\"meta\">{} events about this proposal; their states before and after are in audit-log.csv.</p>{}",
            escape(&verdict_text),
            events.len(),
            table(
                &["Occurred at", "Who", "Action", "Entity", "Entity id"],
                &shown
            )
        );
        self.file(
            S,
            "Audit log",
            "11-audit/audit-log.html".into(),
            page("Audit log", &self.subtitle(), &body),
        )
        .await?;
        self.file(
            S,
            "Audit log (CSV, with before and after)",
            "11-audit/audit-log.csv".into(),
            csv(rows)?,
        )
        .await
    }

    /// The printable front page: contents and chronology. Written after everything it lists.
    async fn index(&mut self) -> io::Result<()> {
        let mut chronology = std::mem::take(&mut self.chronology);
        chronology.sort_by_key(|e| e.at);
        let mut csv_rows = vec![
            ["When", "Who", "What", "Where in the bundle"]
                .map(str::to_owned)
                .to_vec(),
        ];
        csv_rows.extend(chronology.iter().map(|e| {
            vec![
                if e.day_only {
                    day(e.at.date_naive())
                } else {
                    when(e.at)
                },
                e.who.clone(),
                e.what.clone(),
                e.link.clone(),
            ]
        }));
        self.file(
            "12. Chronology",
            "Chronology (CSV)",
            "chronology.csv".into(),
            csv(csv_rows)?,
        )
        .await?;
        let mut body = String::from("<h2>Contents</h2><ol>");
        let mut section = "";
        for l in &self.listed {
            if l.section != section {
                if !section.is_empty() {
                    body.push_str("</ul></li>");
                }
                section = &l.section;
                body.push_str(&format!("<li>{}<ul>", escape(section)));
            }
            body.push_str(&format!(
                "<li><a href=\"{p}\">{}</a> <span class=\"meta\">{p}</span></li>",
                escape(&l.title),
                p = escape(&l.path)
            ));
        }
        if !section.is_empty() {
            body.push_str("</ul></li>");
        }
        body.push_str("<li>Chronology: below</li><li><a href=\"manifest.json\">manifest.json</a>: every file with its size and SHA-256</li></ol>");
        if self.variant == Variant::Union {
            body.push_str("<p class=\"meta\">This is the bundle for the union side: it holds what a representative of the union sees in Consult. Confidential names, staff's personal data, individual cases and letters, one-to-one meetings and the audit log's entries are not in it.</p>");
        }
        body.push_str("<h2 class=\"section\">Chronology</h2>");
        let rows: Vec<Vec<String>> = chronology
            .iter()
            .map(|e| {
                vec![
                    if e.day_only {
                        day(e.at.date_naive())
                    } else {
                        when(e.at)
                    },
                    e.who.clone(),
                    e.what.clone(),
                    e.link.clone(),
                ]
            })
            .collect();
        body.push_str(&table(
            &["When", "Who", "What", "Where in the bundle"],
            &rows,
        ));
        let title = format!("Consultation bundle: {}", self.proposal.content.title);
        self.file(
            "Front",
            "Contents and chronology",
            "index.html".into(),
            page(&title, &self.subtitle(), &body),
        )
        .await
    }

    /// Every other file with its size and SHA-256: the last file written.
    async fn manifest(&mut self) -> io::Result<()> {
        let files: Vec<serde_json::Value> = self
            .written
            .iter()
            .map(|w| serde_json::json!({ "path": w.name, "size": w.size, "sha256": w.sha256 }))
            .collect();
        let manifest = serde_json::json!({
            "proposal": { "id": self.proposal.id, "title": self.proposal.content.title },
            "variant": self.variant.as_str(),
            "union": self.reader.union,
            "madeAt": self.made_at.to_rfc3339(),
            "files": files,
        });
        let bytes = serde_json::to_vec_pretty(&manifest).map_err(io::Error::other)?;
        self.zip.add("manifest.json", &bytes).await.map(drop)
    }
}

/// What a meeting's record adds to its entry, as the reader may see it
/// (`meeting_record::record_access`): attendance, the minutes (HR's current version, once
/// shared for the union side) and each union's reply (confirmed, or disputed with the union's
/// own version), and the actions agreed. Tabled documents are written as files beside it.
fn meeting_record_html(
    meeting: &store::timetable::MeetingRecord,
    records: &store::meeting_records::MeetingRecords,
    access: meeting_record::RecordAccess,
    recognised: &[String],
    person: &dyn Fn(Option<Uuid>, &str) -> String,
) -> String {
    if !access.sees_record() {
        return String::new();
    }
    let mut out = String::new();
    let attendees: Vec<Vec<String>> = records
        .attendees
        .iter()
        .filter(|a| a.meeting_id == meeting.id)
        .map(|a| {
            vec![
                a.name.clone(),
                readable::code(a.capacity.as_str()),
                a.union_name.clone().unwrap_or_default(),
                if a.present { "Present" } else { "Apologies" }.to_owned(),
            ]
        })
        .collect();
    if !attendees.is_empty() {
        out.push_str("<h3>Attendance</h3>");
        out.push_str(&table(
            &["Name", "Capacity", "Union", "Attended"],
            &attendees,
        ));
    }
    if let Some(minutes) = records
        .minutes
        .get(&meeting.id)
        .filter(|m| access.sees_minutes(m.shared_at.is_some()))
    {
        let status = records
            .status_of(meeting.id, recognised)
            .map(|s| format!("{s:?}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "<h3>Minutes (version {}, {})</h3>",
            minutes.version,
            escape(&status)
        ));
        out.push_str(&definitions(&[
            ("Drafted by", person(minutes.drafted_by, "HR")),
            (
                "Shared with the union side",
                minutes
                    .shared_at
                    .map(when)
                    .unwrap_or_else(|| "not yet".into()),
            ),
            (
                "s188(2) subjects discussed",
                minutes.subjects_discussed.join(", "),
            ),
        ]));
        for section in &minutes.sections {
            out.push_str(&format!(
                "<h4>{}</h4>{}",
                escape(&section.heading),
                paragraphs(&section.body)
            ));
        }
        let replies = records.replies_of(meeting.id);
        if !replies.is_empty() {
            out.push_str("<h3>The union side's replies</h3>");
            for r in replies {
                out.push_str(&format!(
                    "<h4>{}: {} version {} ({})</h4>",
                    escape(&r.union_name),
                    if r.agreed { "confirmed" } else { "disputed" },
                    r.minutes_version,
                    escape(&when(r.at))
                ));
                if let Some(text) = &r.text {
                    out.push_str("<p class=\"meta\">The union's version:</p>");
                    out.push_str(&paragraphs(text));
                }
            }
        }
    }
    let actions: Vec<Vec<String>> = records
        .actions
        .iter()
        .filter(|a| a.meeting_id == meeting.id)
        .map(|a| {
            vec![
                a.text.clone(),
                readable::code(a.kind.as_str()),
                person(a.owner_id, "Management"),
                day(a.due_on),
            ]
        })
        .collect();
    if !actions.is_empty() {
        out.push_str("<h3>Actions agreed</h3>");
        out.push_str(&table(&["Action", "Becomes", "Owner", "Due"], &actions));
    }
    out
}
