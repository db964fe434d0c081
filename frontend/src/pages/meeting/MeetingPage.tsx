// The record of one consultation meeting (issue 17): who attended or sent apologies, the
// minutes as headed sections with the s188(2) subjects discussed, the documents tabled and
// the actions agreed. HR writes it and shares the minutes with the union side; each union's
// representatives confirm them or record their disagreement in their own words, and both
// sides' text is kept. Each change is made on its own small page (`?view=…`) and returns
// here with a success banner (`?done=…`), as on the timetable.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, asApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type {
  AttendeeCapacity,
  ConsultationConcern,
  MeetingActionKind,
  MeetingPageQuery,
  MeetingPageTableDocumentMutation,
  MinutesStatus,
} from '../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  InsetText,
  Loading,
  NotificationBanner,
  PageHeading,
  Paragraphs,
  ProblemPage,
  Select,
  SummaryList,
  Tag,
  TextInput,
  Textarea,
  WarningText,
  errorFor,
} from '../../components/govuk'
import { DateInput, checkDate } from '../../components/DateInput'
import { formatDate, formatDateTime, formatTime, plural } from '../../format'
import { focusBanner, useFocusRequest } from '../../focus'
import { Link, navigate, useLocation } from '../../router'
import { useForm } from '../../form'
import { useMe } from '../../session'
import { pageProblem } from '../../components/pageProblem'
import { concernNames } from '../union/S188Panel'
import { RefusalSummary } from '../hr/workspaceKit'
import { WorkspaceFrame } from '../hr/WorkspaceNav'
import { SummaryCard, meetingKindLabel, summaryMessage } from '../../components/planKit'

const MeetingPageDocument = graphql(`
  query MeetingPage($id: ID!) {
    proposal(id: $id) {
      id title recognisedUnions
      sponsor { id name }
      meetings {
        id version title kind startsAt endsAt place link cancelled covers
        attendance { id name capacity unionName present user { id name } }
        minutes {
          version status updatedAt sharedAt
          sections { heading body }
          subjectsDiscussed
          draftedBy { id name }
          unionReplies { id unionName agreed text minutesVersion at by { id name } }
        }
        documents { id fileName contentType sizeBytes downloadPath tabledAt tabledBy { id name } }
        actions {
          id text kind dueOn
          owner { id name }
          question { id status }
          checklistStep { id title }
        }
      }
    }
  }
`)

// Whom HR can name as the owner of an action: HR's and managers' accounts.
const MeetingPageOwnersDocument = graphql(`
  query MeetingPageOwners {
    hr: users(role: HR_ADMIN, first: 100) { nodes { id name email disabled } }
    managers: users(role: MANAGER, first: 100) { nodes { id name email disabled } }
  }
`)

const MeetingPageAttendanceDocument = graphql(`
  mutation MeetingPageAttendance($input: RecordMeetingAttendanceInput!) {
    recordMeetingAttendance(input: $input) { id version }
  }
`)
const MeetingPageSaveMinutesDocument = graphql(`
  mutation MeetingPageSaveMinutes($input: SaveMeetingMinutesInput!) {
    saveMeetingMinutes(input: $input) { id minutes { version status } }
  }
`)
const MeetingPageShareMinutesDocument = graphql(`
  mutation MeetingPageShareMinutes($input: MeetingMinutesVersionInput!) {
    shareMeetingMinutes(input: $input) { id minutes { version status } }
  }
`)
const MeetingPageConfirmMinutesDocument = graphql(`
  mutation MeetingPageConfirmMinutes($input: MeetingMinutesVersionInput!) {
    confirmMeetingMinutes(input: $input) { id minutes { version status } }
  }
`)
const MeetingPageDisputeMinutesDocument = graphql(`
  mutation MeetingPageDisputeMinutes($input: DisputeMeetingMinutesInput!) {
    disputeMeetingMinutes(input: $input) { id minutes { version status } }
  }
`)
const MeetingPageTableDocumentDocument = graphql(`
  mutation MeetingPageTableDocument($input: TableMeetingDocumentInput!) {
    tableMeetingDocument(input: $input) { id fileName }
  }
`)
const MeetingPageRemoveDocumentDocument = graphql(`
  mutation MeetingPageRemoveDocument($input: RemoveMeetingDocumentInput!) {
    removeMeetingDocument(input: $input) { id }
  }
`)
const MeetingPageAgreeActionDocument = graphql(`
  mutation MeetingPageAgreeAction($input: AgreeMeetingActionInput!) {
    agreeMeetingAction(input: $input) { id }
  }
`)

type Proposal = MeetingPageQuery['proposal']
type Meeting = Proposal['meetings'][number]
type Minutes = NonNullable<Meeting['minutes']>
type Reply = Minutes['unionReplies'][number]
type MeetingDocument = Meeting['documents'][number]

export const capacityLabel: Record<AttendeeCapacity, string> = {
  MANAGEMENT: 'Management',
  HR: 'HR',
  UNION: 'Union representative',
  STAFF: 'Member of staff',
  COMPANION: 'Companion',
}

const statusTag: Record<MinutesStatus, [string, string]> = {
  DRAFT: ['Draft, not shared', 'grey'],
  SHARED: ['Shared with the union side', 'blue'],
  CONFIRMED: ['Confirmed', 'green'],
  DISPUTED: ['Disputed', 'red'],
}

/** Headings a set of minutes starts from: the meeting's business and what s188(2) asks consultation to cover. */
export const defaultHeadings = [
  'Introductions and purpose of the meeting',
  'Ways of avoiding the dismissals',
  'Ways of reducing the number of dismissals',
  'Ways of mitigating the consequences',
  'Questions raised and answers given',
  'Next steps',
]

/** What the page says after each kind of change. */
const doneMessages: Record<string, { heading: string; body?: string }> = {
  attendance: { heading: 'The attendance has been recorded.' },
  minutes: { heading: 'The minutes have been saved as a draft.', body: 'The union side cannot see them until you share them.' },
  'minutes-reshared': {
    heading: 'The minutes have been saved as a new version.',
    body: 'They were already shared, so the union side can see the new version now and is asked to confirm it.',
  },
  shared: {
    heading: 'The minutes have been shared with the union side.',
    body: 'Their representatives can now read them, and confirm them or record their disagreement.',
  },
  confirmed: { heading: 'You have confirmed the minutes.', body: 'HR can see that your union agrees they are a fair record.' },
  disputed: { heading: 'Your disagreement has been recorded.', body: 'HR can see your account beside the minutes.' },
  action: { heading: 'The action has been agreed.' },
}

function when(meeting: Meeting): string {
  return `${formatDate(meeting.startsAt, true)}, ${formatTime(meeting.startsAt)} to ${formatTime(meeting.endsAt)}`
}

function sameUnion(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase()
}

export function MeetingPage({ params }: { params: Record<string, string> }) {
  const me = useMe()
  if (me.role === 'STAFF') {
    return <ProblemPage error={new ApiError('The record of a consultation meeting is kept by HR and shared with the union side.', 'FORBIDDEN')} />
  }
  return <MeetingRecord proposalId={params.id} meetingId={params.meetingId} />
}

function MeetingRecord({ proposalId, meetingId }: { proposalId: string; meetingId: string }) {
  const me = useMe()
  const hr = me.role === 'HR_ADMIN'
  const location = useLocation()
  const { data, error, reload } = useQuery(MeetingPageDocument, { id: proposalId })
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const proposal = data.proposal
  const meeting = proposal.meetings.find((m) => m.id === meetingId)
  const frame = (children: ComponentChildren) =>
    hr ? (
      <WorkspaceFrame proposalId={proposal.id} current="timetable">
        {children}
      </WorkspaceFrame>
    ) : (
      <>{children}</>
    )
  if (!meeting) {
    return frame(
      <ProblemPage error={new ApiError('There is no such meeting in this proposal. Check the address, or find it in the list of meetings.', 'NOT_FOUND')} />,
    )
  }
  const base = `/proposals/${proposal.id}/meetings/${meeting.id}`
  const finish = (done: string) => {
    reload()
    navigate(`${base}?done=${done}`)
  }
  const view = location.query.get('view')
  let content
  if (hr && view === 'attendance') content = <AttendanceForm proposal={proposal} meeting={meeting} onDone={finish} />
  else if (hr && view === 'minutes') content = <MinutesForm proposal={proposal} meeting={meeting} onDone={finish} />
  else if (hr && view === 'action') content = <ActionForm proposal={proposal} meeting={meeting} onDone={finish} />
  else if (!hr && view === 'dispute' && meeting.minutes) {
    content = <DisputeForm proposal={proposal} meeting={meeting} minutes={meeting.minutes} onDone={finish} />
  } else content = <Overview proposal={proposal} meeting={meeting} done={location.query.get('done')} onDone={finish} onChanged={reload} />
  return frame(content)
}

function BackToMeeting({ proposal, meeting }: { proposal: Proposal; meeting: Meeting }) {
  return (
    <Link href={`/proposals/${proposal.id}/meetings/${meeting.id}`} class="govuk-back-link">
      Back to the meeting
    </Link>
  )
}

/** A link styled as a secondary button, for starting one of the small pages. */
function ButtonLink({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <Link href={href} class="govuk-button govuk-button--secondary" draggable={false}>
      {children}
    </Link>
  )
}

/** The outcome of a refused or failed save, shown above the form. */
function SaveProblem({ error, proposalId, title }: { error: ApiError | null; proposalId: string; title: string }) {
  if (!error) return null
  return <RefusalSummary title={title} error={error} proposalId={proposalId} />
}

/**
 * A refusal in words: a stale expectedVersion (someone else changed the record first), or a
 * precondition whose `missing` items are codes (MEETING_HELD) rather than sentences.
 */
function conflictProblem(error: ApiError, what: string): ApiError {
  if (error.code === 'PRECONDITION_FAILED' && (error.missing ?? []).every((item) => /^[A-Z_]+$/.test(item))) {
    return new ApiError(error.message, error.code)
  }
  if (error.code !== 'CONFLICT') return error
  return new ApiError(
    `Someone else changed ${what} while you were working on it, so your changes have not been saved. Go back to the meeting to see it as it is now.`,
    'CONFLICT',
  )
}

// ---------------------------------------------------------------------------------------
// The record as it stands

function Overview({ proposal, meeting, done, onDone, onChanged }: {
  proposal: Proposal
  meeting: Meeting
  done: string | null
  onDone: (done: string) => void
  onChanged: () => void
}) {
  const me = useMe()
  const hr = me.role === 'HR_ADMIN'
  const bannerRef = useRef<HTMLDivElement>(null)
  const message = done ? doneMessages[done] : undefined
  useEffect(() => {
    if (message) focusBanner(bannerRef.current)
  }, [message?.heading])
  const started = Date.parse(meeting.startsAt) <= Date.now()
  const base = `/proposals/${proposal.id}/meetings/${meeting.id}`
  return (
    <>
      {hr ? (
        <Link href={`/proposals/${proposal.id}/timetable#meetings`} class="govuk-back-link">Back to the timetable</Link>
      ) : (
        <Link href={`/proposals/${proposal.id}#meetings`} class="govuk-back-link">Back to the proposal</Link>
      )}
      <div ref={bannerRef}>
        {message && (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">{message.heading}</p>
            {message.body && <p class="govuk-body">{message.body}</p>}
          </NotificationBanner>
        )}
      </div>
      <PageHeading title={`${meeting.title}: ${proposal.title}`} caption={proposal.title}>{meeting.title}</PageHeading>
      <SummaryList
        rows={[
          {
            key: 'Status',
            value: meeting.cancelled ? <Tag colour="red">Cancelled</Tag> : started ? <Tag colour="grey">Held</Tag> : <Tag colour="blue">Scheduled</Tag>,
          },
          { key: 'When', value: meeting.cancelled ? <del>{when(meeting)}</del> : when(meeting) },
          { key: 'Kind', value: meetingKindLabel[meeting.kind] },
          { key: 'Where', value: meeting.place ?? (meeting.link ? 'Online' : 'Not given') },
          {
            key: 'Planned to cover',
            value:
              meeting.covers.length > 0 ? (
                <ul class="govuk-list">
                  {meeting.covers.map((c) => <li key={c}>{concernNames[c]}</li>)}
                </ul>
              ) : (
                'Not recorded'
              ),
          },
        ]}
      />

      <h2 class="govuk-heading-l" id="attendance">Attendance</h2>
      <AttendanceList meeting={meeting} />
      {hr &&
        (started ? (
          <ButtonLink href={`${base}?view=attendance`}>{meeting.attendance.length > 0 ? 'Change the attendance' : 'Record attendance'}</ButtonLink>
        ) : (
          <InsetText>You can record who attended once the meeting has started.</InsetText>
        ))}

      <h2 class="govuk-heading-l" id="minutes">Minutes</h2>
      <MinutesSectionView proposal={proposal} meeting={meeting} onDone={onDone} />

      <h2 class="govuk-heading-l" id="documents" tabIndex={-1}>Documents tabled</h2>
      <Documents meeting={meeting} canChange={hr} onChanged={onChanged} />

      <h2 class="govuk-heading-l" id="actions">Actions agreed</h2>
      <Actions proposal={proposal} meeting={meeting} hr={hr} />
      {hr && <ButtonLink href={`${base}?view=action`}>Agree an action</ButtonLink>}
    </>
  )
}

function AttendanceList({ meeting }: { meeting: Meeting }) {
  if (meeting.attendance.length === 0) return <p class="govuk-body">No attendance has been recorded.</p>
  const present = meeting.attendance.filter((a) => a.present)
  const apologies = meeting.attendance.filter((a) => !a.present)
  const item = (a: Meeting['attendance'][number]) => (
    <li key={a.id}>
      {a.name}
      <span class="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">
        {capacityLabel[a.capacity]}
        {a.unionName ? `, ${a.unionName}` : ''}
      </span>
    </li>
  )
  return (
    <>
      <h3 class="govuk-heading-s">Present ({present.length})</h3>
      {present.length > 0 ? <ul class="govuk-list govuk-list--spaced">{present.map(item)}</ul> : <p class="govuk-body">Nobody.</p>}
      {apologies.length > 0 && (
        <>
          <h3 class="govuk-heading-s">Apologies ({apologies.length})</h3>
          <ul class="govuk-list govuk-list--spaced">{apologies.map(item)}</ul>
        </>
      )}
    </>
  )
}

function MinutesText({ minutes, level = 3 }: { minutes: Minutes; level?: 3 | 4 }) {
  const H = level === 3 ? 'h3' : 'h4'
  return (
    <>
      {minutes.sections.map((section, index) => (
        <div key={index} class="app-minutes-section">
          <H class="govuk-heading-s">{section.heading}</H>
          <Paragraphs text={section.body} empty="Nothing was written under this heading." />
        </div>
      ))}
      <H class="govuk-heading-s">Subjects discussed (section 188(2))</H>
      {minutes.subjectsDiscussed.length > 0 ? (
        <ul class="govuk-list govuk-list--bullet">
          {minutes.subjectsDiscussed.map((c) => <li key={c}>{concernNames[c]}</li>)}
        </ul>
      ) : (
        <p class="govuk-body">None recorded.</p>
      )}
    </>
  )
}

function MinutesSectionView({ proposal, meeting, onDone }: { proposal: Proposal; meeting: Meeting; onDone: (done: string) => void }) {
  const me = useMe()
  const hr = me.role === 'HR_ADMIN'
  const rep = me.role === 'UNION_REP'
  const minutes = meeting.minutes
  const base = `/proposals/${proposal.id}/meetings/${meeting.id}`
  const form = useForm()
  const { problem, busy, attempt } = form

  const act = (kind: 'share' | 'confirm') => {
    if (!minutes) return
    const input = { meetingId: meeting.id, expectedVersion: minutes.version }
    void form.submit(
      [],
      async () => {
        if (kind === 'share') await request(MeetingPageShareMinutesDocument, { input })
        else await request(MeetingPageConfirmMinutesDocument, { input })
        onDone(kind === 'share' ? 'shared' : 'confirmed')
      },
      (apiError) => {
        // Confirming twice is a CONFLICT whose sentence says so; keep the server's words then.
        form.setProblem(kind === 'share' || apiError.code !== 'CONFLICT' ? conflictProblem(apiError, 'the minutes') : apiError)
        return true
      },
    )
  }

  if (!minutes) {
    return (
      <>
        <p class="govuk-body">
          {hr ? 'No minutes have been written yet.' : 'HR has not shared minutes of this meeting yet.'}
        </p>
        {hr && <ButtonLink href={`${base}?view=minutes`}>Write the minutes</ButtonLink>}
      </>
    )
  }
  const [statusText, statusColour] = statusTag[minutes.status]
  // The union's latest reply to this version is its position; a union may change it.
  const mine = rep
    ? minutes.unionReplies
        .filter((r) => sameUnion(r.unionName, me.union) && r.minutesVersion === minutes.version)
        .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0]
    : undefined
  const canReply = rep && !!minutes.sharedAt && minutes.status !== 'DRAFT'
  return (
    <>
      <SaveProblem
        error={problem}
        proposalId={proposal.id}
        title={hr ? 'The minutes could not be shared' : 'The minutes could not be confirmed'}
      />
      <p class="govuk-body">
        <Tag colour={statusColour}>{statusText}</Tag>
        <span class="govuk-!-display-block govuk-!-margin-top-2">
          Version {minutes.version}, last changed on {formatDateTime(minutes.updatedAt)}
          {minutes.draftedBy ? ` by ${minutes.draftedBy.name}` : ''}.
          {minutes.sharedAt && <> Shared with the union side on {formatDateTime(minutes.sharedAt)}.</>}
        </span>
      </p>
      <div class="app-minutes">
        <MinutesText minutes={minutes} />
      </div>
      {hr && (
        <div class="govuk-button-group">
          {minutes.status === 'DRAFT' && (
            <Button key={`share-${attempt}`} type="button" disabled={busy} onClick={() => act('share')}>
              Share the minutes with the union side
            </Button>
          )}
          <ButtonLink href={`${base}?view=minutes`}>Change the minutes</ButtonLink>
        </div>
      )}
      {hr && minutes.status !== 'DRAFT' && (
        <p class="govuk-body">If you change the minutes, the union side sees the new version at once and is asked to confirm it.</p>
      )}
      {canReply && (
        <div class="app-call-to-action">
          <h3 class="govuk-heading-m">Are these minutes a fair record?</h3>
          {!mine ? (
            <p class="govuk-body">
              Confirm them for {me.union ?? 'your union'}, or record where you disagree in your own words. Your account is kept beside
              HR's minutes in the record of the consultation.
            </p>
          ) : mine.agreed ? (
            <p class="govuk-body">
              {me.union ?? 'Your union'} confirmed version {minutes.version} on {formatDateTime(mine.at)}. If you now disagree, record
              where, in your own words.
            </p>
          ) : (
            <p class="govuk-body">
              {me.union ?? 'Your union'} recorded its disagreement with version {minutes.version} on {formatDateTime(mine.at)}. If
              you now agree, confirm the minutes; or record a fuller account.
            </p>
          )}
          <div class="govuk-button-group">
            {!mine?.agreed && (
              <Button key={`confirm-${attempt}`} type="button" disabled={busy} onClick={() => act('confirm')}>
                Confirm the minutes
              </Button>
            )}
            <ButtonLink href={`${base}?view=dispute`}>Record your disagreement</ButtonLink>
          </div>
        </div>
      )}
      <Replies minutes={minutes} />
    </>
  )
}

/** Each union's answer to the minutes; where a union disagrees, its account beside the minutes. */
function Replies({ minutes }: { minutes: Minutes }) {
  if (!minutes.sharedAt && minutes.unionReplies.length === 0) return null
  const replies = [...minutes.unionReplies].sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
  const disputes = replies.filter((r) => !r.agreed)
  return (
    <section aria-labelledby="replies">
      <h3 class="govuk-heading-m" id="replies">The union side's replies</h3>
      {replies.length === 0 ? (
        <p class="govuk-body">No union has replied yet.</p>
      ) : (
        <ul class="govuk-list govuk-list--spaced">
          {replies.map((reply) => (
            <li key={reply.id}>
              <strong>{reply.unionName}</strong>{' '}
              {reply.agreed ? <Tag colour="green">Confirmed</Tag> : <Tag colour="red">Disagrees</Tag>}
              <span class="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">
                {reply.by ? `${reply.by.name}, ` : ''}
                {formatDateTime(reply.at)}, about version {reply.minutesVersion}
                {reply.minutesVersion !== minutes.version ? ' (the minutes have changed since)' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {disputes.map((reply) => (
        <Disagreement key={reply.id} minutes={minutes} reply={reply} />
      ))}
    </section>
  )
}

function Disagreement({ minutes, reply }: { minutes: Minutes; reply: Reply }) {
  return (
    <div class="app-disagreement">
      <h4 class="govuk-heading-s">Where {reply.unionName} disagrees</h4>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half app-disagreement__side">
          <h5 class="govuk-heading-s govuk-!-font-size-16">{reply.unionName}'s account</h5>
          <Paragraphs text={reply.text} empty="No text was given." />
        </div>
        <div class="govuk-grid-column-one-half app-disagreement__side">
          <h5 class="govuk-heading-s govuk-!-font-size-16">
            HR's minutes{reply.minutesVersion === minutes.version ? `, version ${minutes.version}` : `, now version ${minutes.version}`}
          </h5>
          <details class="govuk-details">
            <summary class="govuk-details__summary">
              <span class="govuk-details__summary-text">Show the minutes<span class="govuk-visually-hidden"> beside {reply.unionName}'s account</span></span>
            </summary>
            <div class="govuk-details__text">
              {minutes.sections.map((section, index) => (
                <div key={index}>
                  <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{section.heading}</p>
                  <Paragraphs text={section.body} empty="Nothing was written under this heading." />
                </div>
              ))}
            </div>
          </details>
        </div>
      </div>
    </div>
  )
}

// ---------------------------------------------------------------------------------------
// Documents tabled

export function fileSize(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte')
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** A GraphQL multipart request (the spec the server follows) with one file. */
async function tableDocument(meetingId: string, file: File): Promise<MeetingPageTableDocumentMutation> {
  const body = new FormData()
  body.append(
    'operations',
    JSON.stringify({ query: MeetingPageTableDocumentDocument.toString(), variables: { input: { meetingId, file: null } } }),
  )
  body.append('map', JSON.stringify({ 0: ['variables.input.file'] }))
  body.append('0', file, file.name)
  let result: { data?: MeetingPageTableDocumentMutation | null; errors?: { message: string; extensions?: { code?: string; field?: string } }[] }
  try {
    const response = await fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' }, body })
    result = await response.json()
  } catch {
    throw new ApiError('The file could not be sent. Check your connection and try again.', 'NETWORK')
  }
  const first = result.errors?.[0]
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first.extensions?.field)
  return result.data as MeetingPageTableDocumentMutation
}

function Documents({ meeting, canChange, onChanged }: { meeting: Meeting; canChange: boolean; onChanged: () => void }) {
  const fileRef = useRef<HTMLInputElement>(null)
  const [error, setError] = useState<string | undefined>()
  const [status, setStatus] = useState('')
  const [busy, setBusy] = useState(false)

  const upload = async () => {
    const file = fileRef.current?.files?.[0]
    if (!file) {
      setError('Choose a file to table')
      fileRef.current?.focus()
      return
    }
    setError(undefined)
    setBusy(true)
    try {
      await tableDocument(meeting.id, file)
      setStatus(`${file.name} tabled.`)
      if (fileRef.current) fileRef.current.value = ''
      onChanged()
    } catch (caught) {
      setError(asApiError(caught).message)
      fileRef.current?.focus()
    } finally {
      setBusy(false)
    }
  }

  const remove = async (document: MeetingDocument) => {
    setBusy(true)
    setError(undefined)
    try {
      await request(MeetingPageRemoveDocumentDocument, { input: { id: document.id } })
      setStatus(`${document.fileName} removed.`)
      onChanged()
      window.document.getElementById('documents')?.focus()
    } catch (caught) {
      setError(asApiError(caught).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="govuk-!-margin-bottom-6">
      {meeting.documents.length === 0 ? (
        <p class="govuk-body">No documents have been tabled.</p>
      ) : (
        <ul class="govuk-list govuk-list--spaced">
          {meeting.documents.map((document) => (
            <li key={document.id}>
              <a class="govuk-link" href={document.downloadPath} download={document.fileName}>
                {document.fileName}
              </a>{' '}
              <span class="govuk-hint govuk-!-display-inline">({fileSize(document.sizeBytes)})</span>
              <span class="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">
                Tabled {document.tabledBy ? `by ${document.tabledBy.name} ` : ''}on {formatDateTime(document.tabledAt)}
              </span>
              {canChange && (
                <button
                  type="button"
                  class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-top-1"
                  disabled={busy}
                  onClick={() => remove(document)}
                >
                  Remove<span class="govuk-visually-hidden"> {document.fileName}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canChange && (
        <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <label class="govuk-label govuk-label--s" for="meeting-file">Table a document</label>
          <div id="meeting-file-hint" class="govuk-hint">
            A paper put before the meeting. PDF, Word, Excel, OpenDocument, PNG, JPEG or plain text, up to 10 MiB.
          </div>
          {error && (
            <p id="meeting-file-error" class="govuk-error-message">
              <span class="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <input
            class={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`}
            id="meeting-file"
            name="meeting-file"
            type="file"
            ref={fileRef}
            aria-describedby={`meeting-file-hint${error ? ' meeting-file-error' : ''}`}
          />
          <div class="govuk-!-margin-top-3">
            <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" disabled={busy} onClick={upload}>
              Upload the document
            </button>
          </div>
        </div>
      )}
      <p class="govuk-visually-hidden" role="status">{status}</p>
    </div>
  )
}

// ---------------------------------------------------------------------------------------
// Actions agreed

const actionKindLabel: Record<MeetingActionKind, string> = {
  QUESTION: 'Question to answer',
  TASK: 'Task',
}

function Actions({ proposal, meeting, hr }: { proposal: Proposal; meeting: Meeting; hr: boolean }) {
  if (meeting.actions.length === 0) return <p class="govuk-body">No actions have been agreed.</p>
  return (
    <>
      {meeting.actions.map((action, index) => (
        <SummaryCard key={action.id} title={`Action ${index + 1}: ${actionKindLabel[action.kind]}`}>
          <SummaryList
            rows={[
              { key: 'What', value: <span class="app-pre-wrap">{action.text}</span> },
              { key: 'Owner', value: action.owner?.name ?? 'Not named' },
              { key: 'Due', value: formatDate(action.dueOn) },
              ...(hr && action.question
                ? [{ key: 'Question log', value: <Link href={`/proposals/${proposal.id}/question-log`}>In the question log<span class="govuk-visually-hidden">: action {index + 1}</span></Link> }]
                : []),
              ...(hr && action.checklistStep
                ? [{ key: 'Checklist', value: <Link href={`/proposals/${proposal.id}/checklist`}>{action.checklistStep.title}</Link> }]
                : []),
            ]}
          />
        </SummaryCard>
      ))}
    </>
  )
}

const actionFields: Record<string, string> = {
  'input.text': 'action-text',
  'input.kind': 'action-kind',
  'input.ownerId': 'action-owner',
  'input.dueOn': 'action-due',
}

function ActionForm({ proposal, meeting, onDone }: { proposal: Proposal; meeting: Meeting; onDone: (done: string) => void }) {
  const owners = useQuery(MeetingPageOwnersDocument, {})
  const [values, setValues] = useState({ text: '', kind: '' as MeetingActionKind | '', ownerId: '', dueOn: '' })
  const form = useForm(actionFields, 'action-text')
  const { errors, problem, busy, attempt } = form
  const set = (name: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [name]: value }))

  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    const text = values.text.trim()
    if (!text) found.push({ field: 'action-text', message: 'Enter what was agreed' })
    else if (text.length > 2000) found.push({ field: 'action-text', message: 'What was agreed must be 2,000 characters or fewer' })
    if (!values.kind) found.push({ field: 'action-kind', message: 'Select whether it is a question to answer or a task' })
    if (!values.ownerId) found.push({ field: 'action-owner', message: 'Select who owns the action' })
    checkDate(found, 'action-due', values.dueOn, 'The date it is due', 'Enter the date it is due')
    void form.submit(found, async () => {
      await request(MeetingPageAgreeActionDocument, {
        input: { meetingId: meeting.id, text, kind: values.kind as MeetingActionKind, ownerId: values.ownerId, dueOn: values.dueOn.trim() },
      })
      onDone('action')
    })
  }

  const live = (list: { id: string; name: string; email: string; disabled: boolean }[] | undefined) => (list ?? []).filter((u) => !u.disabled)
  const options = [
    { value: '', label: 'Choose an owner' },
    ...live(owners.data?.managers.nodes).map((u) => ({ value: u.id, label: u.name, group: 'Managers' })),
    ...live(owners.data?.hr.nodes).map((u) => ({ value: u.id, label: u.name, group: 'HR' })),
  ]
  return (
    <>
      <BackToMeeting proposal={proposal} meeting={meeting} />
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} proposalId={proposal.id} title="The action could not be agreed" />
      <PageHeading title={`Agree an action: ${meeting.title}`} caption={meeting.title}>Agree an action</PageHeading>
      <form noValidate onSubmit={save}>
        <Textarea
          id="action-text"
          label="What was agreed?"
          hint="For example, Send the union side the caseload figures for each caseworker."
          rows={4}
          value={values.text}
          onInput={set('text')}
          error={errorFor(errors, 'action-text')}
        />
        <ChoiceField
          id="action-kind"
          label="What kind of action is it?"
          choices={[
            { value: 'QUESTION', label: 'A question to answer', hint: 'It goes in the question log, for its owner to answer in writing.' },
            { value: 'TASK', label: 'A task to do', hint: 'It goes on the checklist, for its owner to complete.' },
          ]}
          values={values.kind ? [values.kind] : []}
          onChange={(chosen) => set('kind')(chosen[0] ?? '')}
          error={errorFor(errors, 'action-kind')}
        />
        {owners.error ? (
          <WarningText>The accounts that could own it could not be loaded: {owners.error.message}</WarningText>
        ) : (
          <Select
            id="action-owner"
            label="Who owns it?"
            hint="An HR or manager account."
            value={values.ownerId}
            options={owners.data ? options : [{ value: '', label: 'Loading the accounts…' }]}
            onChange={set('ownerId')}
            error={errorFor(errors, 'action-owner')}
          />
        )}
        <DateInput id="action-due" label="When is it due?" value={values.dueOn} onInput={set('dueOn')} error={errorFor(errors, 'action-due')} />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Agree the action</Button>
          <Link href={`/proposals/${proposal.id}/meetings/${meeting.id}`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

// ---------------------------------------------------------------------------------------
// Attendance: a row for each person, added and removed on the page

interface AttendeeRow {
  key: number
  name: string
  capacity: AttendeeCapacity | ''
  union: string
  present: boolean
  userId: string | null
  /** The name the account has, to drop the link to it if HR types someone else's. */
  userName: string | null
}

let nextKey = 1

function initialRows(proposal: Proposal, meeting: Meeting, me: { id: string; name: string }): AttendeeRow[] {
  if (meeting.attendance.length > 0) {
    return meeting.attendance.map((a) => ({
      key: nextKey++,
      name: a.name,
      capacity: a.capacity,
      union: a.unionName ?? '',
      present: a.present,
      userId: a.user?.id ?? null,
      userName: a.user?.name ?? null,
    }))
  }
  // Start from who is usually there: the HR adviser writing this, and the sponsoring manager.
  const rows: AttendeeRow[] = [{ key: nextKey++, name: me.name, capacity: 'HR', union: '', present: true, userId: me.id, userName: me.name }]
  if (proposal.sponsor && proposal.sponsor.id !== me.id) {
    rows.push({
      key: nextKey++,
      name: proposal.sponsor.name,
      capacity: 'MANAGEMENT',
      union: '',
      present: true,
      userId: proposal.sponsor.id,
      userName: proposal.sponsor.name,
    })
  }
  return rows
}

const MAX_ATTENDEES = 100

function AttendanceForm({ proposal, meeting, onDone }: { proposal: Proposal; meeting: Meeting; onDone: (done: string) => void }) {
  const me = useMe()
  const [rows, setRows] = useState<AttendeeRow[]>(() => initialRows(proposal, meeting, me))
  const form = useForm({}, 'attendee-1-name')
  const { errors, problem, busy, attempt } = form
  const [announcement, setAnnouncement] = useState('')
  const setFocusId = useFocusRequest()
  const unions = proposal.recognisedUnions

  const update = (index: number, change: Partial<AttendeeRow>) => setRows((all) => all.map((r, i) => (i === index ? { ...r, ...change } : r)))
  const add = () => {
    const n = rows.length + 1
    setRows((all) => [...all, { key: nextKey++, name: '', capacity: '', union: '', present: true, userId: null, userName: null }])
    setAnnouncement(`Person ${n} added.`)
    setFocusId(`attendee-${n}-name`)
  }
  const remove = (index: number) => {
    const remaining = rows.length - 1
    setRows((all) => all.filter((_, i) => i !== index))
    form.setErrors([])
    setAnnouncement(`Person ${index + 1} removed. The people after them have been renumbered.`)
    setFocusId(remaining > 0 ? `attendee-${Math.min(index, remaining - 1) + 1}-name` : 'add-attendee')
  }

  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (rows.length === 0) found.push({ field: 'add-attendee', message: 'Add at least one person who attended or sent apologies' })
    rows.forEach((row, index) => {
      const n = index + 1
      if (!row.name.trim()) found.push({ field: `attendee-${n}-name`, message: `Enter the name of person ${n}` })
      else if (row.name.trim().length > 200) found.push({ field: `attendee-${n}-name`, message: `The name of person ${n} must be 200 characters or fewer` })
      if (!row.capacity) found.push({ field: `attendee-${n}-capacity`, message: `Select the capacity person ${n} was there in` })
      else if (row.capacity === 'UNION' && !row.union) found.push({ field: `attendee-${n}-union`, message: `Select the union person ${n} represents` })
    })
    void form.submit(found, async () => {
      await request(MeetingPageAttendanceDocument, {
        input: {
          meetingId: meeting.id,
          expectedVersion: meeting.version,
          attendees: rows.map((row) => ({
            name: row.name.trim(),
            capacity: row.capacity as AttendeeCapacity,
            unionName: row.capacity === 'UNION' ? row.union : null,
            userId: row.userId && row.userName === row.name.trim() ? row.userId : null,
            present: row.present,
          })),
        },
      })
      onDone('attendance')
    }, (apiError) => {
      const at = apiError.field?.match(/^input\.attendees\[(\d+)\](?:\.(\w+))?/)
      if (apiError.code === 'BAD_USER_INPUT' && at) {
        const n = Number(at[1]) + 1
        const part = at[2] === 'capacity' ? 'capacity' : at[2]?.startsWith('union') ? 'union' : 'name'
        form.setErrors([{ field: `attendee-${n}-${part}`, message: summaryMessage(apiError.message) }])
        return true
      }
      if (apiError.code === 'BAD_USER_INPUT') return false
      form.setProblem(conflictProblem(apiError, 'the attendance'))
      return true
    })
  }

  return (
    <>
      <BackToMeeting proposal={proposal} meeting={meeting} />
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} proposalId={proposal.id} title="The attendance could not be recorded" />
      <PageHeading title={`Record attendance: ${meeting.title}`} caption={meeting.title}>Who attended?</PageHeading>
      <p class="govuk-body">
        Add everyone who was at the meeting, and those who sent apologies, with the capacity they were there in. Union
        representatives are recorded with their union.
      </p>
      <form noValidate onSubmit={save}>
        <ol class="govuk-list app-points">
          {rows.map((row, index) => {
            const n = index + 1
            return (
              <li key={row.key} class="app-points__item">
                <fieldset class="govuk-fieldset">
                  <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Person {n}</legend>
                  <TextInput
                    id={`attendee-${n}-name`}
                    label="Name"
                    value={row.name}
                    autocomplete="off"
                    spellcheck={false}
                    onInput={(name) => update(index, { name })}
                    error={errorFor(errors, `attendee-${n}-name`)}
                  />
                  <Select
                    id={`attendee-${n}-capacity`}
                    label="Capacity"
                    value={row.capacity}
                    options={[
                      { value: '', label: 'Choose a capacity' },
                      ...(Object.keys(capacityLabel) as AttendeeCapacity[]).map((c) => ({ value: c, label: capacityLabel[c] })),
                    ]}
                    onChange={(capacity) => update(index, { capacity: capacity as AttendeeCapacity | '' })}
                    error={errorFor(errors, `attendee-${n}-capacity`)}
                  />
                  {row.capacity === 'UNION' && (
                    <Select
                      id={`attendee-${n}-union`}
                      label="Union"
                      value={row.union}
                      options={[
                        { value: '', label: 'Choose a union' },
                        ...[...new Set([...unions, ...(row.union && !unions.includes(row.union) ? [row.union] : [])])].map((u) => ({ value: u, label: u })),
                      ]}
                      onChange={(union) => update(index, { union })}
                      error={errorFor(errors, `attendee-${n}-union`)}
                    />
                  )}
                  <ChoiceField
                    id={`attendee-${n}-present`}
                    label="Were they there?"
                    inline
                    choices={[
                      { value: 'yes', label: 'Attended' },
                      { value: 'no', label: 'Sent apologies' },
                    ]}
                    values={[row.present ? 'yes' : 'no']}
                    onChange={(chosen) => update(index, { present: chosen[0] === 'yes' })}
                  />
                </fieldset>
                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-4" onClick={() => remove(index)}>
                  Remove person {n}
                </button>
              </li>
            )
          })}
        </ol>
        {rows.length < MAX_ATTENDEES && (
          <button type="button" id="add-attendee" class="govuk-button govuk-button--secondary" onClick={add}>
            Add another person
          </button>
        )}
        <p class="govuk-visually-hidden" role="status">{announcement}</p>
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Save the attendance</Button>
          <Link href={`/proposals/${proposal.id}/meetings/${meeting.id}`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

// ---------------------------------------------------------------------------------------
// Minutes: headed sections, added and removed on the page

interface SectionRow {
  key: number
  heading: string
  body: string
}

const MAX_SECTIONS = 50
const concernOrder: ConsultationConcern[] = ['AVOIDING', 'REDUCING', 'MITIGATING']

function MinutesForm({ proposal, meeting, onDone }: { proposal: Proposal; meeting: Meeting; onDone: (done: string) => void }) {
  const minutes = meeting.minutes
  const [sections, setSections] = useState<SectionRow[]>(() =>
    (minutes?.sections.length ? minutes.sections : defaultHeadings.map((heading) => ({ heading, body: '' }))).map((s) => ({
      key: nextKey++,
      heading: s.heading,
      body: s.body,
    })),
  )
  const [subjects, setSubjects] = useState<string[]>(() => minutes?.subjectsDiscussed ?? [])
  const form = useForm()
  const { errors, problem, busy, attempt } = form
  const [announcement, setAnnouncement] = useState('')
  const setFocusId = useFocusRequest()

  const update = (index: number, change: Partial<SectionRow>) => setSections((all) => all.map((s, i) => (i === index ? { ...s, ...change } : s)))
  const add = () => {
    const n = sections.length + 1
    setSections((all) => [...all, { key: nextKey++, heading: '', body: '' }])
    setAnnouncement(`Section ${n} added.`)
    setFocusId(`section-${n}-heading`)
  }
  const remove = (index: number) => {
    const remaining = sections.length - 1
    setSections((all) => all.filter((_, i) => i !== index))
    form.setErrors([])
    setAnnouncement(`Section ${index + 1} removed. The sections after it have been renumbered.`)
    setFocusId(remaining > 0 ? `section-${Math.min(index, remaining - 1) + 1}-heading` : 'add-section')
  }

  const save = (event: Event) => {
    event.preventDefault()
    // A heading with nothing written under it is not saved (the defaults a meeting did not
    // need); text needs a heading.
    const kept = sections.map((s, i) => ({ ...s, n: i + 1 })).filter((s) => s.body.trim())
    const found: FieldError[] = []
    if (kept.length === 0) {
      found.push({ field: sections.length > 0 ? 'section-1-body' : 'add-section', message: 'Write what was said under at least one heading' })
    }
    for (const s of kept) {
      if (!s.heading.trim()) found.push({ field: `section-${s.n}-heading`, message: `Enter a heading for section ${s.n}` })
      else if (s.heading.trim().length > 200) found.push({ field: `section-${s.n}-heading`, message: `The heading of section ${s.n} must be 200 characters or fewer` })
    }
    void form.submit(found, async () => {
      await request(MeetingPageSaveMinutesDocument, {
        input: {
          meetingId: meeting.id,
          expectedVersion: minutes?.version ?? null,
          sections: kept.map((s) => ({ heading: s.heading.trim(), body: s.body.trim() })),
          subjectsDiscussed: concernOrder.filter((c) => subjects.includes(c)),
        },
      })
      onDone(minutes?.sharedAt ? 'minutes-reshared' : 'minutes')
    }, (apiError) => {
      const at = apiError.field?.match(/^input\.sections\[(\d+)\](?:\.(\w+))?/)
      if (apiError.code === 'BAD_USER_INPUT' && at) {
        const n = kept[Number(at[1])]?.n ?? 1
        form.setErrors([{ field: `section-${n}-${at[2] === 'body' ? 'body' : 'heading'}`, message: summaryMessage(apiError.message) }])
      } else if (apiError.code === 'BAD_USER_INPUT' && apiError.field === 'input.subjectsDiscussed') {
        form.setErrors([{ field: 'subjects', message: summaryMessage(apiError.message) }])
      } else form.setProblem(conflictProblem(apiError, 'the minutes'))
      return true
    })
  }

  return (
    <>
      <BackToMeeting proposal={proposal} meeting={meeting} />
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} proposalId={proposal.id} title="The minutes could not be saved" />
      <PageHeading title={`Minutes: ${meeting.title}`} caption={meeting.title}>{minutes ? 'Change the minutes' : 'Write the minutes'}</PageHeading>
      <p class="govuk-body">
        Write what was said under each heading. Change, add or remove headings to suit the meeting: a heading with nothing
        written under it is not saved. Leave a blank line between paragraphs.
      </p>
      {minutes && minutes.status !== 'DRAFT' && (
        <WarningText>
          These minutes have been shared. Saving makes a new version that the union side sees at once; their replies to the earlier
          version are kept, and they are asked to confirm the new one.
        </WarningText>
      )}
      <form noValidate onSubmit={save}>
        <ol class="govuk-list app-points">
          {sections.map((section, index) => {
            const n = index + 1
            return (
              <li key={section.key} class="app-points__item">
                <fieldset class="govuk-fieldset">
                  <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Section {n}</legend>
                  <TextInput
                    id={`section-${n}-heading`}
                    label="Heading"
                    value={section.heading}
                    onInput={(heading) => update(index, { heading })}
                    error={errorFor(errors, `section-${n}-heading`)}
                  />
                  <Textarea
                    id={`section-${n}-body`}
                    label="What was said"
                    rows={5}
                    value={section.body}
                    onInput={(body) => update(index, { body })}
                    error={errorFor(errors, `section-${n}-body`)}
                  />
                </fieldset>
                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-4" onClick={() => remove(index)}>
                  Remove section {n}
                </button>
              </li>
            )
          })}
        </ol>
        {sections.length < MAX_SECTIONS && (
          <button type="button" id="add-section" class="govuk-button govuk-button--secondary" onClick={add}>
            Add another section
          </button>
        )}
        <p class="govuk-visually-hidden" role="status">{announcement}</p>
        <ChoiceField
          id="subjects"
          label={<span class="govuk-!-font-size-24">Subjects discussed</span>}
          hint="Section 188(2) says consultation must include ways of avoiding the dismissals, reducing the numbers and mitigating the consequences. Tick each one this meeting discussed."
          multiple
          choices={concernOrder.map((c) => ({ value: c, label: concernNames[c] }))}
          values={subjects}
          onChange={setSubjects}
          error={errorFor(errors, 'subjects')}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Save draft minutes</Button>
          <Link href={`/proposals/${proposal.id}/meetings/${meeting.id}`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

// ---------------------------------------------------------------------------------------
// A union representative disagrees with the minutes

function DisputeForm({ proposal, meeting, minutes, onDone }: {
  proposal: Proposal
  meeting: Meeting
  minutes: Minutes
  onDone: (done: string) => void
}) {
  const me = useMe()
  const [text, setText] = useState('')
  const form = useForm({}, 'dispute-text')
  const { errors, problem, busy, attempt } = form

  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (!text.trim()) found.push({ field: 'dispute-text', message: 'Enter where you disagree with the minutes' })
    else if (text.trim().length > 10000) found.push({ field: 'dispute-text', message: 'Your account must be 10,000 characters or fewer' })
    void form.submit(found, async () => {
      await request(MeetingPageDisputeMinutesDocument, { input: { meetingId: meeting.id, expectedVersion: minutes.version, text: text.trim() } })
      onDone('disputed')
    }, (apiError) => {
      if (apiError.code !== 'CONFLICT') return false
      form.setProblem(
        new ApiError(
          'HR changed the minutes while you were writing, so your disagreement has not been recorded. Copy your text, go back to the meeting to read the new version, then record it again if you still disagree.',
          'CONFLICT',
        ),
      )
      return true
    })
  }

  return (
    <>
      <BackToMeeting proposal={proposal} meeting={meeting} />
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} proposalId={proposal.id} title="Your disagreement could not be recorded" />
      <PageHeading title={`Record your disagreement: ${meeting.title}`} caption={meeting.title}>Record your disagreement with the minutes</PageHeading>
      <p class="govuk-body">
        Say, in your own words, what the minutes get wrong or leave out. Your account is kept for {me.union ?? 'your union'} beside HR's
        minutes in the record of the consultation, and HR can see it.
      </p>
      <details class="govuk-details">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">Read the minutes (version {minutes.version})</span>
        </summary>
        <div class="govuk-details__text">
          <MinutesText minutes={minutes} level={4} />
        </div>
      </details>
      <form noValidate onSubmit={save}>
        <Textarea
          id="dispute-text"
          label="Where do you disagree?"
          hint="For example, which section is wrong, and what was actually said. Leave a blank line between paragraphs."
          rows={8}
          value={text}
          onInput={setText}
          error={errorFor(errors, 'dispute-text')}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Record your disagreement</Button>
          <Link href={`/proposals/${proposal.id}/meetings/${meeting.id}`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}
