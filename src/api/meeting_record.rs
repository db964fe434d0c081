//! The record of a consultation meeting over GraphQL (issue 17): `Meeting.attendance`,
//! `minutes`, `documents` and `actions`, and the mutations that keep them. Who sees what is
//! `domain::meeting_record`; a tabled document downloads from `GET /meeting-documents/{id}`.

use super::{
    ApiState,
    account::User,
    auth::{RoleGuard, audit_actor, viewer},
    loaders::Loaders,
    parse_id,
    question::Question,
    timetable::{ChecklistStep, ConcernValue, Meeting},
};
use crate::domain::{
    DomainError,
    access::Permission,
    bounds,
    meeting_record::{
        self as rules, ActionKind, Attendee, AttendeeCapacity, MinutesDraft, MinutesStatus,
        RecordAccess,
    },
    question::{QuestionVisibility, visibility},
    s188::Concern,
    text,
};
use crate::error::AppResult;
use crate::store::{
    self,
    meeting_records::{
        ActionRecord, AttendeeRecord, DocumentRecord, MeetingRecords, MinutesRecord, NewAction,
        ReplyRecord,
    },
    timetable::MeetingRecord,
};
use async_graphql::{Context, Enum, ID, InputObject, Object, Upload};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;
use tokio::sync::OnceCell;
use uuid::Uuid;

/// In what capacity someone attended a meeting.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "AttendeeCapacity",
    remote = "crate::domain::meeting_record::AttendeeCapacity"
)]
pub enum AttendeeCapacityValue {
    /// For management (the sponsor, managers presenting the proposal).
    Management,
    /// For HR.
    Hr,
    /// For a recognised union (`unionName` says which).
    Union,
    /// A member of staff.
    Staff,
    /// Accompanying someone (a colleague or a union companion).
    Companion,
}

/// Where minutes stand with the union side.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "MinutesStatus",
    remote = "crate::domain::meeting_record::MinutesStatus"
)]
pub enum MinutesStatusValue {
    /// HR's draft: only HR and the sponsor see it.
    Draft,
    /// Shared with the union side, not yet confirmed by every recognised union.
    Shared,
    /// Every union recognised on the proposal confirmed the current version.
    Confirmed,
    /// A union recorded disagreement with the current version (this wins over confirmed).
    Disputed,
}

/// What an action agreed at a meeting becomes.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "MeetingActionKind",
    remote = "crate::domain::meeting_record::ActionKind"
)]
pub enum ActionKindValue {
    /// A question in the question log, owned and due.
    Question,
    /// A step on the checklist, assigned and planned.
    Task,
}

/// The records of the meetings of one list, read together by the first that asks (five
/// statements whatever the list's length), with the unions each proposal recognises.
pub struct RecordPage {
    ids: Vec<Uuid>,
    proposals: Vec<Uuid>,
    records: OnceCell<(MeetingRecords, HashMap<Uuid, Vec<String>>)>,
}

impl RecordPage {
    pub fn new(meetings: &[MeetingRecord]) -> Arc<Self> {
        let mut proposals: Vec<Uuid> = meetings.iter().map(|m| m.proposal_id).collect();
        proposals.sort();
        proposals.dedup();
        Arc::new(Self {
            ids: meetings.iter().map(|m| m.id).collect(),
            proposals,
            records: OnceCell::new(),
        })
    }

    async fn get(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<&(MeetingRecords, HashMap<Uuid, Vec<String>>)> {
        let conn = ApiState::of(ctx).store.conn();
        self.records
            .get_or_try_init(|| async {
                let read = async {
                    AppResult::Ok((
                        store::meeting_records::of_meetings(conn, &self.ids).await?,
                        store::proposals::unions_of(conn, &self.proposals).await?,
                    ))
                };
                read.await.map_err(async_graphql::Error::from)
            })
            .await
    }
}

/// How the request's viewer sees a meeting's record.
async fn access(ctx: &Context<'_>, meeting: &MeetingRecord) -> async_graphql::Result<RecordAccess> {
    let view = Loaders::of(ctx).view(ctx, meeting.proposal_id).await?;
    Ok(rules::record_access(view, meeting.kind))
}

/// The record's fields of `Meeting` (resolved here, declared on the type in `timetable`).
impl Meeting {
    pub async fn attendance_of(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<MeetingAttendee>> {
        if !access(ctx, &self.0).await?.sees_record() {
            return Ok(Vec::new());
        }
        let (records, _) = self.1.get(ctx).await?;
        Ok(records
            .attendees
            .iter()
            .filter(|a| a.meeting_id == self.0.id)
            .cloned()
            .map(MeetingAttendee)
            .collect())
    }

    pub async fn minutes_of(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<MeetingMinutes>> {
        let access = access(ctx, &self.0).await?;
        let (records, unions) = self.1.get(ctx).await?;
        let Some(minutes) = records.minutes.get(&self.0.id) else {
            return Ok(None);
        };
        if !access.sees_minutes(minutes.shared_at.is_some()) {
            return Ok(None);
        }
        let recognised = unions
            .get(&self.0.proposal_id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        Ok(Some(MeetingMinutes {
            status: records
                .status_of(self.0.id, recognised)
                .unwrap_or(MinutesStatus::Draft),
            replies: records.replies_of(self.0.id).into_iter().cloned().collect(),
            record: minutes.clone(),
        }))
    }

    pub async fn documents_of(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<MeetingDocument>> {
        if !access(ctx, &self.0).await?.sees_record() {
            return Ok(Vec::new());
        }
        let (records, _) = self.1.get(ctx).await?;
        Ok(records
            .documents
            .iter()
            .filter(|d| d.meeting_id == self.0.id)
            .cloned()
            .map(MeetingDocument)
            .collect())
    }

    pub async fn actions_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<MeetingAction>> {
        if !access(ctx, &self.0).await?.sees_record() {
            return Ok(Vec::new());
        }
        let (records, _) = self.1.get(ctx).await?;
        Ok(records
            .actions
            .iter()
            .filter(|a| a.meeting_id == self.0.id)
            .map(|a| MeetingAction {
                record: a.clone(),
                proposal_id: self.0.proposal_id,
            })
            .collect())
    }
}

async fn user(ctx: &Context<'_>, id: Option<Uuid>) -> async_graphql::Result<Option<User>> {
    match id {
        Some(id) => Loaders::of(ctx).user(id).await,
        None => Ok(None),
    }
}

/// Someone on a meeting's attendance list.
pub struct MeetingAttendee(AttendeeRecord);

/// Someone who attended a meeting, or sent apologies.
#[Object]
impl MeetingAttendee {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Name as minuted.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// In what capacity.
    async fn capacity(&self) -> AttendeeCapacityValue {
        self.0.capacity.into()
    }
    /// The recognised union they attended for (capacity UNION). Unions are named, not
    /// objects, in this API (`Proposal.recognisedUnions`).
    async fn union_name(&self) -> Option<&str> {
        self.0.union_name.as_deref()
    }
    /// Whether they attended; false: they sent apologies.
    async fn present(&self) -> bool {
        self.0.present
    }
    /// Their account, when linked to one.
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user(ctx, self.0.user_id).await
    }
}

/// A heading of the minutes and its text.
pub struct MinutesSection(crate::domain::meeting_record::MinutesSection);

/// A heading of the minutes and its text.
#[Object]
impl MinutesSection {
    /// Heading, e.g. "Ways to avoid redundancies".
    async fn heading(&self) -> &str {
        &self.0.heading
    }
    /// What was said.
    async fn body(&self) -> &str {
        &self.0.body
    }
}

/// A meeting's minutes: the current version, with every union's reply to it and to earlier
/// versions.
pub struct MeetingMinutes {
    record: MinutesRecord,
    status: MinutesStatus,
    replies: Vec<ReplyRecord>,
}

/// A meeting's minutes, as HR last saved them, and where they stand with the union side.
#[Object]
impl MeetingMinutes {
    /// Increases with every save; send it back as `expectedVersion`. The unions confirm or
    /// dispute a version.
    async fn version(&self) -> i32 {
        self.record.version
    }
    /// DRAFT, SHARED, CONFIRMED or DISPUTED.
    async fn status(&self) -> MinutesStatusValue {
        self.status.into()
    }
    /// The minutes, heading by heading.
    async fn sections(&self) -> Vec<MinutesSection> {
        self.record
            .sections
            .iter()
            .cloned()
            .map(MinutesSection)
            .collect()
    }
    /// The s188(2) subjects the meeting discussed; they count toward the proposal's s188
    /// coverage in place of those the meeting was planned to cover.
    async fn subjects_discussed(&self) -> Vec<ConcernValue> {
        self.record
            .subjects_discussed
            .iter()
            .filter_map(|c| Concern::ALL.into_iter().find(|k| k.as_str() == c))
            .map(ConcernValue::from)
            .collect()
    }
    /// Who last saved them.
    async fn drafted_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user(ctx, self.record.drafted_by).await
    }
    /// When this version was last saved.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.record.updated_at
    }
    /// When this version was shared with the union side.
    async fn shared_at(&self) -> Option<DateTime<Utc>> {
        self.record.shared_at
    }
    /// Every union's replies, to this version and earlier ones (each names its version),
    /// oldest first.
    async fn union_replies(&self) -> Vec<MinutesReply> {
        self.replies.iter().cloned().map(MinutesReply).collect()
    }
}

/// A union's reply to a version of the minutes.
pub struct MinutesReply(ReplyRecord);

/// A union's reply to a version of the minutes: it confirmed them, or recorded where it
/// disagrees in its own words.
#[Object]
impl MinutesReply {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The union.
    async fn union_name(&self) -> &str {
        &self.0.union_name
    }
    /// The representative who replied.
    async fn by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user(ctx, self.0.user_id).await
    }
    /// True: confirmed; false: disputed.
    async fn agreed(&self) -> bool {
        self.0.agreed
    }
    /// The union's own account where it disagrees.
    async fn text(&self) -> Option<&str> {
        self.0.text.as_deref()
    }
    /// The version of the minutes it replies to.
    async fn minutes_version(&self) -> i32 {
        self.0.minutes_version
    }
    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
}

/// A document tabled at a meeting.
pub struct MeetingDocument(DocumentRecord);

/// A document tabled at a meeting.
#[Object]
impl MeetingDocument {
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
    /// Where to download it (signed in, by those who may see the meeting's record).
    async fn download_path(&self) -> String {
        format!("/meeting-documents/{}", self.0.id)
    }
    /// Who tabled it.
    async fn tabled_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user(ctx, self.0.tabled_by).await
    }
    /// When.
    async fn tabled_at(&self) -> DateTime<Utc> {
        self.0.tabled_at
    }
}

/// An action agreed at a meeting.
pub struct MeetingAction {
    record: ActionRecord,
    proposal_id: Uuid,
}

/// An action agreed at a meeting: a question put into the question log, or a task put onto
/// the checklist.
#[Object]
impl MeetingAction {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// What was agreed.
    async fn text(&self) -> &str {
        &self.record.text
    }
    /// QUESTION or TASK.
    async fn kind(&self) -> ActionKindValue {
        self.record.kind.into()
    }
    /// Who owns it.
    async fn owner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user(ctx, self.record.owner_id).await
    }
    /// When it is due.
    async fn due_on(&self) -> NaiveDate {
        self.record.due_on
    }
    /// The question it became (QUESTION), when you may see it in the log.
    async fn question(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Question>> {
        let Some(id) = self.record.question_id else {
            return Ok(None);
        };
        let loaders = Loaders::of(ctx);
        let view = loaders.view(ctx, self.proposal_id).await?;
        let graph = loaders.graph(self.proposal_id).await?;
        let viewer = viewer(ctx)?;
        // The graph holds the proposal's questions oldest first: their place is their number.
        Ok(graph
            .questions
            .iter()
            .zip(1..)
            .find(|(q, _)| q.id == id)
            .and_then(|(q, number)| {
                let visibility = visibility(viewer, view, &q.facts());
                (visibility != QuestionVisibility::Hidden).then(|| Question {
                    record: q.clone(),
                    visibility,
                    number,
                })
            }))
    }
    /// The checklist step it became (TASK).
    async fn checklist_step(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<ChecklistStep>> {
        let Some(id) = self.record.checklist_step_id else {
            return Ok(None);
        };
        let graph = Loaders::of(ctx).graph(self.proposal_id).await?;
        Ok(graph
            .checklist
            .iter()
            .find(|s| s.id == id)
            .cloned()
            .map(ChecklistStep))
    }
}

/// Someone on the attendance list.
#[derive(InputObject)]
pub struct AttendeeInput {
    /// Name as minuted.
    pub name: String,
    /// In what capacity.
    pub capacity: AttendeeCapacityValue,
    /// For capacity UNION: the union, one recognised on the proposal (the contract's
    /// `unionId`: unions have names, not ids, in this API).
    pub union_name: Option<String>,
    /// Their account, when they have one.
    pub user_id: Option<ID>,
    /// Whether they attended; false: they sent apologies.
    pub present: bool,
}

/// A meeting's attendance.
#[derive(InputObject)]
pub struct RecordMeetingAttendanceInput {
    /// The meeting.
    pub meeting_id: ID,
    /// The meeting's `version` you last saw.
    pub expected_version: i32,
    /// Everyone who attended or sent apologies (replaces the list).
    pub attendees: Vec<AttendeeInput>,
}

/// A heading of the minutes and its text.
#[derive(InputObject)]
pub struct MinutesSectionInput {
    /// Heading, one line.
    pub heading: String,
    /// What was said (may be empty).
    pub body: String,
}

/// HR's minutes of a meeting.
#[derive(InputObject)]
pub struct SaveMeetingMinutesInput {
    /// The meeting.
    pub meeting_id: ID,
    /// The minutes' `version` you last saw; required once minutes exist.
    pub expected_version: Option<i32>,
    /// The minutes, heading by heading (at least one).
    pub sections: Vec<MinutesSectionInput>,
    /// The s188(2) subjects the meeting discussed.
    pub subjects_discussed: Vec<ConcernValue>,
}

/// Sharing, or confirming, a version of the minutes.
#[derive(InputObject)]
pub struct MeetingMinutesVersionInput {
    /// The meeting.
    pub meeting_id: ID,
    /// The minutes' `version` you last saw.
    pub expected_version: i32,
}

/// A union's disagreement with the minutes.
#[derive(InputObject)]
pub struct DisputeMeetingMinutesInput {
    /// The meeting.
    pub meeting_id: ID,
    /// The minutes' `version` you last saw.
    pub expected_version: i32,
    /// Where your union disagrees, in its own words.
    pub text: String,
}

/// A document to table at a meeting.
#[derive(InputObject)]
pub struct TableMeetingDocumentInput {
    /// The meeting.
    pub meeting_id: ID,
    /// The file: PDF, Word, Excel, OpenDocument, PNG, JPEG or plain text, at most 10 MiB.
    pub file: Upload,
}

/// A tabled document to remove.
#[derive(InputObject)]
pub struct RemoveMeetingDocumentInput {
    /// The document.
    pub id: ID,
}

/// An action agreed at a meeting.
#[derive(InputObject)]
pub struct AgreeMeetingActionInput {
    /// The meeting.
    pub meeting_id: ID,
    /// What was agreed.
    pub text: String,
    /// QUESTION (into the question log) or TASK (onto the checklist).
    pub kind: ActionKindValue,
    /// Who owns it: an HR or manager account.
    pub owner_id: ID,
    /// When it is due.
    pub due_on: NaiveDate,
}

/// The longest text of an action.
const ACTION_MAX_CHARS: usize = 2000;

#[derive(Default)]
pub struct MeetingRecordMutation;

#[Object]
impl MeetingRecordMutation {
    /// Records who attended a held meeting and who sent apologies (replaces the list). A
    /// meeting not yet started, or cancelled, is refused (PRECONDITION_FAILED, missing
    /// MEETING_HELD). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn record_meeting_attendance(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting and its attendance.")] input: RecordMeetingAttendanceInput,
    ) -> async_graphql::Result<Meeting> {
        let id = parse_id(&input.meeting_id, "input.meetingId")?;
        rules::check_attendance_size(input.attendees.len(), "input.attendees")?;
        let user_ids = input
            .attendees
            .iter()
            .enumerate()
            .map(|(i, a)| {
                a.user_id
                    .as_ref()
                    .map(|u| parse_id(u, &format!("input.attendees[{i}].userId")))
                    .transpose()
            })
            .collect::<Result<Vec<_>, DomainError>>()?;
        let record = store::meeting_records::record_attendance(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            |recognised| {
                input
                    .attendees
                    .iter()
                    .zip(user_ids)
                    .enumerate()
                    .map(|(i, (a, user_id))| {
                        Attendee::parse(
                            &a.name,
                            AttendeeCapacity::from(a.capacity),
                            a.union_name.as_deref(),
                            user_id,
                            a.present,
                            recognised,
                            &format!("input.attendees[{i}]"),
                        )
                    })
                    .collect()
            },
        )
        .await?;
        Ok(Meeting::one(record))
    }

    /// Saves HR's minutes of a held meeting. Once shared, a save makes a new version that is
    /// shared again (the representatives hear of it); replies to earlier versions stay. HR
    /// only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn save_meeting_minutes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting and its minutes.")] input: SaveMeetingMinutesInput,
    ) -> async_graphql::Result<Meeting> {
        let id = parse_id(&input.meeting_id, "input.meetingId")?;
        let sections: Vec<(String, String)> = input
            .sections
            .into_iter()
            .map(|s| (s.heading, s.body))
            .collect();
        let subjects: Vec<Concern> = input
            .subjects_discussed
            .into_iter()
            .map(Concern::from)
            .collect();
        let draft = MinutesDraft::parse(&sections, &subjects, "input")?;
        let record = store::meeting_records::save_minutes(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
            draft,
        )
        .await?;
        Ok(Meeting::one(record))
    }

    /// Shares the draft minutes with the union side and emails the representatives of the
    /// proposal's recognised unions ("minutes ready for review"). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn share_meeting_minutes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting and the minutes' version.")]
        input: MeetingMinutesVersionInput,
    ) -> async_graphql::Result<Meeting> {
        let id = parse_id(&input.meeting_id, "input.meetingId")?;
        let record = store::meeting_records::share_minutes(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            input.expected_version,
        )
        .await?;
        Ok(Meeting::one(record))
    }

    /// Confirms the shared minutes for your union (a representative of a union recognised on
    /// the proposal). Once every recognised union has confirmed the current version, HR and
    /// the representatives are emailed ("minutes confirmed").
    async fn confirm_meeting_minutes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting and the minutes' version.")]
        input: MeetingMinutesVersionInput,
    ) -> async_graphql::Result<Meeting> {
        let id = parse_id(&input.meeting_id, "input.meetingId")?;
        reply(ctx, id, input.expected_version, None).await
    }

    /// Records that your union disagrees with the shared minutes, in its own words (kept
    /// beside HR's); HR is emailed.
    async fn dispute_meeting_minutes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting, the minutes' version and your union's account.")]
        input: DisputeMeetingMinutesInput,
    ) -> async_graphql::Result<Meeting> {
        let id = parse_id(&input.meeting_id, "input.meetingId")?;
        let text = rules::dispute_text(&input.text, "input.text")?;
        reply(ctx, id, input.expected_version, Some(text)).await
    }

    /// Tables a document at a meeting (a GraphQL multipart request). HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn table_meeting_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting and the file.")] input: TableMeetingDocumentInput,
    ) -> async_graphql::Result<MeetingDocument> {
        let id = parse_id(&input.meeting_id, "input.meetingId")?;
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
        let record = store::meeting_records::table_document(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            &file_name,
            bytes,
        )
        .await?;
        Ok(MeetingDocument(record))
    }

    /// Removes a tabled document. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn remove_meeting_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The document.")] input: RemoveMeetingDocumentInput,
    ) -> async_graphql::Result<Meeting> {
        let id = parse_id(&input.id, "input.id")?;
        let record = store::meeting_records::remove_document(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
        )
        .await?;
        Ok(Meeting::one(record))
    }

    /// Agrees an action at a held meeting: a QUESTION goes into the question log ("Action
    /// from <meeting> on <day>: ...", owned, due `dueOn`); a TASK onto the checklist
    /// (assigned, planned `dueOn`). The owner is an HR or manager account. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn agree_meeting_action(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The action.")] input: AgreeMeetingActionInput,
    ) -> async_graphql::Result<MeetingAction> {
        let id = parse_id(&input.meeting_id, "input.meetingId")?;
        let owner_id = parse_id(&input.owner_id, "input.ownerId")?;
        let text = text::required_line(&input.text, "input.text", "the action", ACTION_MAX_CHARS)?;
        let due_on = bounds::date(input.due_on, "input.dueOn")?;
        let record = store::meeting_records::agree_action(
            &ApiState::of(ctx).store,
            &audit_actor(ctx)?,
            id,
            NewAction {
                text,
                kind: ActionKind::from(input.kind),
                owner_id,
                due_on,
            },
        )
        .await?;
        let meeting = store::timetable::find_meeting(ApiState::of(ctx).store.conn(), id)
            .await?
            .ok_or_else(|| DomainError::NotFound("There is no meeting with that id.".into()))?;
        Ok(MeetingAction {
            record,
            proposal_id: meeting.proposal_id,
        })
    }
}

/// A representative's reply to a meeting's minutes: confirmed (`text` None) or disputed.
async fn reply(
    ctx: &Context<'_>,
    meeting_id: Uuid,
    expected_version: i32,
    text: Option<String>,
) -> async_graphql::Result<Meeting> {
    let viewer = viewer(ctx)?;
    let store = &ApiState::of(ctx).store;
    let not_found = || DomainError::NotFound("There is no meeting with that id.".into());
    let meeting = store::timetable::find_meeting(store.conn(), meeting_id)
        .await?
        .ok_or_else(not_found)?;
    let view = super::proposal::load_visible(ctx, meeting.proposal_id)
        .await
        .map_err(|_| not_found())?
        .view;
    let record = store::meeting_records::reply_to_minutes(
        store,
        viewer.user_id,
        view,
        viewer.union.as_deref(),
        meeting_id,
        expected_version,
        text,
    )
    .await?;
    Ok(Meeting::one(record))
}
