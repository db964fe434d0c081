// Consultation meetings (domain::timetable): the list on the overview, and scheduling, moving
// and cancelling one. Each change is emailed to those invited with a calendar file.
import { useRef, useState } from 'preact/hooks'
import { ApiError, asApiError, request } from '../../../api/client'
import { useAllEmployees, useQuery } from '../../../api/hooks'
import { graphql } from '../../../gql'
import type { ConsultationConcern, InviteeGroup, MeetingInviteeKind, MeetingKind, MinutesStatus } from '../../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  InsetText,
  NotificationBanner,
  PageHeading,
  SummaryList,
  Tag,
  TextInput,
  WarningText,
  errorFor,
} from '../../../components/govuk'
import { notADate } from '../../../components/DateInput'
import { formatDate, formatTime, plural } from '../../../format'
import { useForm } from '../../../form'
import { Link } from '../../../router'
import { concernNames } from '../../union/S188Panel'
import {
  SummaryCard,
  inviteeGroupLabel,
  isDate,
  londonDateTime,
  londonToInstant,
  meetingKindLabel,
  parseTime,
  summaryMessage,
} from '../../../components/planKit'
import { BackToTimetable, emailsGoOut, type Meeting, notYetEmailed, type Proposal, SaveProblem, TimetablePageDocument, useFocusOn } from './shared'
import { WhenFields } from './whenFields'

// Who may be invited by name: the employees of the proposal (emailed at their work email,
// with or without an account), a page at a time, and managers' accounts.
const TimetablePageEmployeesDocument = graphql(`
  query TimetablePageEmployees($id: ID!, $after: String) {
    proposal(id: $id) {
      id
      employees(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id name workEmail }
      }
    }
  }
`)

const TimetablePageManagersDocument = graphql(`
  query TimetablePageManagers {
    users(role: MANAGER, first: 100) { nodes { id name email } }
  }
`)

const TimetablePageScheduleDocument = graphql(`
  mutation TimetablePageSchedule($input: ScheduleMeetingInput!) {
    scheduleMeeting(input: $input) { id sequence }
  }
`)

const TimetablePageUpdateMeetingDocument = graphql(`
  mutation TimetablePageUpdateMeeting($input: UpdateMeetingInput!) {
    updateMeeting(input: $input) { id version sequence }
  }
`)

const TimetablePageCancelMeetingDocument = graphql(`
  mutation TimetablePageCancelMeeting($input: CancelMeetingInput!) {
    cancelMeeting(input: $input) { id cancelled sequence }
  }
`)

export function MeetingGone({ proposal }: { proposal: Proposal }) {
  return (
    <>
      <BackToTimetable proposal={proposal} />
      <PageHeading title={`Meeting not found: ${proposal.title}`} caption={proposal.title}>This meeting cannot be changed</PageHeading>
      <p class="govuk-body">It has been cancelled, or there is no such meeting in this proposal. Schedule a new meeting instead.</p>
      <p class="govuk-body">
        <Link href={`/proposals/${proposal.id}/timetable`}>Go back to the timetable</Link>
      </p>
    </>
  )
}

function meetingWhen(meeting: Meeting): string {
  return `${formatDate(meeting.startsAt, true)}, ${formatTime(meeting.startsAt)} to ${formatTime(meeting.endsAt)}`
}

export function MeetingList({ proposal }: { proposal: Proposal }) {
  if (proposal.meetings.length === 0) return <p class="govuk-body">No meetings have been scheduled yet.</p>
  const now = Date.now()
  return (
    <>
      {proposal.meetings.map((meeting) => {
        const base = `/proposals/${proposal.id}/timetable?meeting=${meeting.id}`
        const past = Date.parse(meeting.endsAt) < now
        const record = (
          <Link href={`/proposals/${proposal.id}/meetings/${meeting.id}`} key="record">
            {past ? 'Attendance and minutes' : 'Meeting record'}
            <span class="govuk-visually-hidden"> of {meeting.title}</span>
          </Link>
        )
        const actions = meeting.cancelled
          ? [record]
          : [
              record,
              <Link href={`${base}&view=change-meeting`} key="change">
                Move or change<span class="govuk-visually-hidden"> {meeting.title}</span>
              </Link>,
              <Link href={`${base}&view=cancel-meeting`} key="cancel">
                Cancel<span class="govuk-visually-hidden"> {meeting.title}</span>
              </Link>,
            ]
        return (
          <SummaryCard key={meeting.id} id={`meeting-${meeting.id}`} title={meeting.title} actions={actions}>
            <SummaryList
              rows={[
                {
                  key: 'Status',
                  value: meeting.cancelled ? (
                    <Tag colour="red">Cancelled</Tag>
                  ) : past ? (
                    <Tag colour="grey">Held</Tag>
                  ) : (
                    <Tag colour="blue">Scheduled</Tag>
                  ),
                },
                { key: 'When', value: meeting.cancelled ? <del>{meetingWhen(meeting)}</del> : meetingWhen(meeting) },
                { key: 'Kind', value: meetingKindLabel[meeting.kind] },
                {
                  key: 'Where',
                  value: (
                    <>
                      {meeting.place ?? (meeting.link ? 'Online' : 'Not given')}
                      {meeting.link && (
                        <>
                          <br />
                          <a class="govuk-link" href={meeting.link} rel="noreferrer noopener">
                            Video link<span class="govuk-visually-hidden"> for {meeting.title}</span>
                          </a>
                        </>
                      )}
                    </>
                  ),
                },
                {
                  key: 'Invited',
                  value:
                    meeting.inviteeGroups.length > 0
                      ? meeting.inviteeGroups.map((g) => inviteeGroupLabel[g]).join(', ')
                      : meeting.invitees.length > 0
                        ? 'People invited by name only'
                        : 'Nobody',
                },
                ...(meeting.invitees.length > 0 ? [{ key: 'Invited by name', value: <InviteeList invitees={meeting.invitees} /> }] : []),
                {
                  key: 'Covers (section 188(2))',
                  value:
                    meeting.covers.length > 0 ? (
                      <ul class="govuk-list">
                        {meeting.covers.map((c) => <li key={c}>{concernNames[c]}</li>)}
                      </ul>
                    ) : (
                      'Not recorded'
                    ),
                },
                ...(!meeting.cancelled && Date.parse(meeting.startsAt) <= now
                  ? [{ key: 'Record', value: <MeetingRecordState meeting={meeting} /> }]
                  : []),
                {
                  key: 'Calendar',
                  value: (
                    <>
                      {meeting.sequence > 0 && <>{plural(meeting.sequence, 'update')} sent. </>}
                      <a class="govuk-link" href={meeting.icsPath} download>
                        Download the calendar file<span class="govuk-visually-hidden"> for {meeting.title}</span>
                      </a>
                    </>
                  ),
                },
              ]}
            />
          </SummaryCard>
        )
      })}
    </>
  )
}

/** Whether a held meeting's attendance and minutes are written, and where the minutes stand with the union side. */
function MeetingRecordState({ meeting }: { meeting: Meeting }) {
  const minutes = meeting.minutes
  const words: Record<MinutesStatus, [string, string]> = {
    DRAFT: ['Minutes in draft', 'yellow'],
    SHARED: ['Minutes shared', 'blue'],
    CONFIRMED: ['Minutes confirmed', 'green'],
    DISPUTED: ['Minutes disputed', 'red'],
  }
  return (
    <>
      {minutes ? <Tag colour={words[minutes.status][1]}>{words[minutes.status][0]}</Tag> : <Tag colour="grey">No minutes yet</Tag>}
      <span class="govuk-!-display-block govuk-!-margin-top-1">
        {meeting.attendance.length > 0 ? `Attendance recorded (${plural(meeting.attendance.length, 'person', 'people')})` : 'No attendance recorded'}
      </span>
    </>
  )
}

const inviteeKindLabel: Record<MeetingInviteeKind, string> = {
  EMPLOYEE: 'Employee',
  USER: 'Account',
}

/** Whom a meeting invited by name: each with the address the invitation goes to. */
function InviteeList({ invitees }: { invitees: Meeting['invitees'] }) {
  return (
    <ul class="govuk-list">
      {invitees.map((invitee) => (
        <li key={`${invitee.kind}-${invitee.id}`}>
          {invitee.name}{' '}
          <Tag colour={invitee.kind === 'EMPLOYEE' ? 'purple' : 'grey'}>
            <span class="govuk-visually-hidden">invited as: </span>
            {inviteeKindLabel[invitee.kind]}
          </Tag>
          <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">{invitee.email}</span>
        </li>
      ))}
    </ul>
  )
}

interface MeetingValues {
  title: string
  kind: MeetingKind | ''
  date: string
  start: string
  end: string
  place: string
  link: string
  groups: InviteeGroup[]
  /** Users (accounts) invited by name. */
  people: string[]
  /** Employees of the proposal invited by name. */
  employees: string[]
  covers: ConsultationConcern[]
}

function meetingValues(meeting?: Meeting): MeetingValues {
  if (!meeting) {
    return { title: '', kind: '', date: '', start: '', end: '', place: '', link: '', groups: [], people: [], employees: [], covers: [] }
  }
  const start = londonDateTime(meeting.startsAt)
  return {
    title: meeting.title,
    kind: meeting.kind,
    date: start.date,
    start: start.time,
    end: londonDateTime(meeting.endsAt).time,
    place: meeting.place ?? '',
    link: meeting.link ?? '',
    groups: meeting.inviteeGroups,
    people: meeting.invitees.filter((i) => i.kind === 'USER').map((i) => i.id),
    employees: meeting.invitees.filter((i) => i.kind === 'EMPLOYEE').map((i) => i.id),
    covers: meeting.covers,
  }
}

function validateMeeting(v: MeetingValues, isNew: boolean): FieldError[] {
  const errors: FieldError[] = []
  if (!v.title.trim()) errors.push({ field: 'title', message: 'Enter the meeting’s title' })
  else if (v.title.trim().length > 200) errors.push({ field: 'title', message: 'The title must be 200 characters or fewer' })
  if (isNew && !v.kind) errors.push({ field: 'kind', message: 'Select what kind of meeting it is' })
  if (!v.date.trim()) errors.push({ field: 'date', message: 'Enter the date of the meeting' })
  else if (!isDate(v.date.trim())) errors.push({ field: 'date', message: notADate(v.date.trim(), 'The date of the meeting') })
  const start = parseTime(v.start)
  const end = parseTime(v.end)
  if (!v.start.trim()) errors.push({ field: 'start', message: 'Enter the time the meeting starts' })
  else if (!start) errors.push({ field: 'start', message: 'Enter the start time like 14:30 or 2:30pm' })
  if (!v.end.trim()) errors.push({ field: 'end', message: 'Enter the time the meeting ends' })
  else if (!end) errors.push({ field: 'end', message: 'Enter the end time like 15:30 or 3:30pm' })
  if (start && end && end <= start) errors.push({ field: 'end', message: 'The meeting must end after it starts' })
  if (v.place.trim().length > 500) errors.push({ field: 'place', message: 'The place must be 500 characters or fewer' })
  const link = v.link.trim()
  if (link && !/^https?:\/\/\S+$/.test(link)) errors.push({ field: 'link', message: 'Enter a video link that starts with https://' })
  return errors
}

const meetingFields: Record<string, string> = {
  'input.title': 'title',
  'input.kind': 'kind',
  'input.startsAt': 'start',
  'input.endsAt': 'end',
  'input.place': 'place',
  'input.link': 'link',
  'input.covers': 'covers',
  'input.inviteeGroups': 'groups',
  'input.inviteeIds': 'people',
  'input.inviteeEmployeeIds': 'employees',
}

export function MeetingForm({ proposal, meeting, onDone }: { proposal: Proposal; meeting?: Meeting; onDone: (done: string) => void }) {
  const isNew = !meeting
  const [values, setValues] = useState<MeetingValues>(() => meetingValues(meeting))
  const [version, setVersion] = useState(meeting?.version ?? 0)
  const form = useForm(meetingFields, 'title')
  const { errors, problem, busy, attempt } = form
  const [theirs, setTheirs] = useState<Meeting | null>(null)
  const bannerRef = useRef<HTMLDivElement>(null)
  useFocusOn(theirs, bannerRef)
  const set = (name: 'title' | 'date' | 'start' | 'end' | 'place' | 'link') => (value: string) =>
    setValues((v) => ({ ...v, [name]: value }))

  const save = (event: Event) => {
    event.preventDefault()
    const found = validateMeeting(values, isNew)
    const date = values.date.trim()
    void form.submit(
      found,
      async () => {
        const startsAt = londonToInstant(date, parseTime(values.start)!)
        const endsAt = londonToInstant(date, parseTime(values.end)!)
        if (meeting) {
          await request(TimetablePageUpdateMeetingDocument, {
            input: {
              id: meeting.id,
              expectedVersion: version,
              title: values.title.trim(),
              startsAt,
              endsAt,
              place: values.place.trim() || null,
              link: values.link.trim() || null,
              inviteeGroups: values.groups,
              inviteeIds: values.people,
              inviteeEmployeeIds: values.employees,
              covers: values.covers,
            },
          })
          onDone('moved')
        } else {
          await request(TimetablePageScheduleDocument, {
            input: {
              proposalId: proposal.id,
              kind: values.kind as MeetingKind,
              title: values.title.trim(),
              startsAt,
              endsAt,
              place: values.place.trim() || null,
              link: values.link.trim() || null,
              inviteeGroups: values.groups,
              inviteeIds: values.people,
              inviteeEmployeeIds: values.employees,
              covers: values.covers,
            },
          })
          onDone(values.groups.length + values.people.length + values.employees.length > 0 ? 'scheduled' : 'scheduled-uninvited')
        }
      },
      async (apiError) => {
        if (apiError.code === 'CONFLICT' && meeting) {
          try {
            const fresh = (await request(TimetablePageDocument, { id: proposal.id })).proposal.meetings.find((m) => m.id === meeting.id)
            if (fresh) {
              setTheirs(fresh)
              setVersion(fresh.version)
            } else form.setProblem(apiError)
          } catch (again) {
            form.setProblem(asApiError(again))
          }
          return true
        }
        // An invitee of the wrong kind or not of this proposal is NOT_FOUND at its field,
        // e.g. input.inviteeEmployeeIds[0]: shown at the list it was chosen from.
        const field = meetingFields[apiError.field?.replace(/\[\d+\]$/, '') ?? '']
        if (apiError.code === 'NOT_FOUND' && field) {
          form.setErrors([{ field, message: summaryMessage(apiError.message) }])
          return true
        }
        return false
      },
    )
  }

  const heading = isNew ? 'Schedule a meeting' : 'Move or change a meeting'
  const unions = proposal.recognisedUnions
  return (
    <>
      <BackToTimetable proposal={proposal} />
      <div ref={bannerRef}>
        {theirs && (
          <NotificationBanner>
            <p class="govuk-notification-banner__heading">Someone else changed this meeting while you were editing</p>
            <p class="govuk-body">
              Your changes have not been saved. It is now {meetingWhen(theirs)}
              {theirs.place ? `, ${theirs.place}` : ''}. Your changes are still in the form: save again to replace theirs.
            </p>
          </NotificationBanner>
        )}
      </div>
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} proposalId={proposal.id} title="The meeting could not be saved" />
      <PageHeading title={`${heading}: ${proposal.title}`} caption={proposal.title}>{heading}</PageHeading>
      {meeting ? (
        <>
          <p class="govuk-body">
            Now: <strong>{meetingWhen(meeting)}</strong>. Invited:{' '}
            {meeting.inviteeGroups.length > 0 ? meeting.inviteeGroups.map((g) => inviteeGroupLabel[g].toLowerCase()).join(', ') : 'people named by HR'}.
          </p>
          <InsetText>
            {emailsGoOut(proposal)
              ? 'When you save, everyone invited is emailed the change with an updated calendar file, so the meeting moves in their calendar.'
              : notYetEmailed}
          </InsetText>
        </>
      ) : (
        <InsetText>
          {emailsGoOut(proposal)
            ? 'Everyone you invite is emailed an invitation with a calendar file (.ics). If you later move or cancel the meeting, they are emailed again and their calendar updates.'
            : notYetEmailed}
        </InsetText>
      )}
      <form noValidate onSubmit={save}>
        <TextInput
          id="title"
          label="Title"
          hint="For example, Staff briefing: the proposed structure"
          value={values.title}
          onInput={set('title')}
          error={errorFor(errors, 'title')}
        />
        {isNew && (
          <ChoiceField
            id="kind"
            label="What kind of meeting is it?"
            choices={(Object.keys(meetingKindLabel) as MeetingKind[]).map((kind) => ({ value: kind, label: meetingKindLabel[kind] }))}
            values={values.kind ? [values.kind] : []}
            onChange={(chosen) => setValues((v) => ({ ...v, kind: chosen[0] as MeetingKind }))}
            error={errorFor(errors, 'kind')}
          />
        )}
        <WhenFields
          fields={[
            { name: 'date', label: 'Date' },
            { name: 'start', label: 'Start time', hint: 'UK time. For example, 14:30 or 2:30pm', time: true },
            { name: 'end', label: 'End time', hint: 'UK time. For example, 15:30 or 3:30pm', time: true },
          ]}
          values={values}
          set={set}
          errors={errors}
        />
        <TextInput
          id="place"
          label="Room or address (optional)"
          value={values.place}
          onInput={set('place')}
          error={errorFor(errors, 'place')}
        />
        <TextInput
          id="link"
          label="Video link (optional)"
          hint="The full address of the online meeting, starting with https://"
          value={values.link}
          onInput={set('link')}
          error={errorFor(errors, 'link')}
          spellcheck={false}
        />
        <ChoiceField
          id="groups"
          label="Who is invited?"
          hint={
            isNew
              ? 'Select all that apply. Each person is emailed an invitation.'
              : 'Select all that apply. This replaces who was invited; anyone newly invited is emailed an invitation.'
          }
          multiple
          choices={[
            { value: 'AFFECTED_STAFF', label: inviteeGroupLabel.AFFECTED_STAFF, hint: 'Everyone named in the proposal who has an account.' },
            {
              value: 'SPONSOR',
              label: inviteeGroupLabel.SPONSOR,
              hint: proposal.sponsor ? proposal.sponsor.name : 'No sponsoring manager is named in the proposal yet.',
            },
            {
              value: 'UNION_REPS',
              label: inviteeGroupLabel.UNION_REPS,
              hint: unions.length > 0 ? `Of the recognised unions: ${unions.join(', ')}.` : 'No recognised unions are named in the proposal yet.',
            },
          ]}
          values={values.groups}
          onChange={(chosen) => setValues((v) => ({ ...v, groups: chosen as InviteeGroup[] }))}
          error={errorFor(errors, 'groups')}
        />
        <NamedPeople
          proposalId={proposal.id}
          meeting={meeting}
          employees={values.employees}
          people={values.people}
          errors={errors}
          onEmployees={(employees) => setValues((v) => ({ ...v, employees }))}
          onPeople={(people) => setValues((v) => ({ ...v, people }))}
        />
        <ChoiceField
          id="covers"
          label={isNew ? 'What will it cover? (optional)' : 'What did it cover, or will it cover? (optional)'}
          hint="Section 188(2) says consultation must include ways of avoiding the dismissals, reducing the numbers and mitigating the consequences. Consult shows which are not yet covered by a meeting."
          multiple
          choices={(Object.keys(concernNames) as ConsultationConcern[]).map((c) => ({ value: c, label: concernNames[c] }))}
          values={values.covers}
          onChange={(chosen) => setValues((v) => ({ ...v, covers: chosen as ConsultationConcern[] }))}
          error={errorFor(errors, 'covers')}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>{isNew ? 'Schedule the meeting and send invitations' : 'Save and send the update'}</Button>
          <Link href={`/proposals/${proposal.id}/timetable`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

/**
 * People to invite by name: employees of the proposal (emailed at their work email, whether
 * or not they have an account) and managers. Open when anyone is chosen or a choice is wrong.
 */
function NamedPeople({ proposalId, meeting, employees, people, errors, onEmployees, onPeople }: {
  proposalId: string
  meeting?: Meeting
  employees: string[]
  people: string[]
  errors: FieldError[]
  onEmployees: (ids: string[]) => void
  onPeople: (ids: string[]) => void
}) {
  const all = useAllEmployees(TimetablePageEmployeesDocument, proposalId)
  const managers = useQuery(TimetablePageManagersDocument, {})
  const [filter, setFilter] = useState('')
  const employeeError = errorFor(errors, 'employees')
  const peopleError = errorFor(errors, 'people')
  // Accounts already invited stay choosable (to keep or remove), managers or not.
  const accounts = new Map<string, { id: string; name: string; email: string }>()
  for (const invitee of meeting?.invitees ?? []) {
    if (invitee.kind === 'USER') accounts.set(invitee.id, invitee)
  }
  for (const manager of managers.data?.users.nodes ?? []) accounts.set(manager.id, manager)
  const wanted = filter.trim().toLowerCase()
  const shown = (all.employees ?? []).filter(
    (e) => !wanted || e.name.toLowerCase().includes(wanted) || e.workEmail.toLowerCase().includes(wanted) || employees.includes(e.id),
  )
  const open = employees.length + people.length > 0 || !!employeeError || !!peopleError
  return (
    <details class="govuk-details" open={open}>
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">Invite people by name (optional)</span>
      </summary>
      <div class="govuk-details__text">
        {all.problem ? (
          <p class="govuk-body">The employees could not be loaded: {all.problem.message}</p>
        ) : !all.employees ? (
          <p class="govuk-body">Loading the employees…</p>
        ) : all.employees.length === 0 ? (
          <p class="govuk-body">There are no employees in this proposal yet.</p>
        ) : (
          <>
            {all.employees.length > 10 && (
              <TextInput
                id="employee-filter"
                label="Find an employee by name or email"
                hint="Only narrows the list below; those already chosen stay in it."
                value={filter}
                onInput={setFilter}
                spellcheck={false}
              />
            )}
            <ChoiceField
              id="employees"
              label="Employees of the proposal"
              hint="For example, the employee at a one-to-one meeting. The invitation goes to their work email, whether or not they have an account."
              multiple
              choices={shown.map((e) => ({ value: e.id, label: e.name, hint: e.workEmail }))}
              values={employees}
              onChange={onEmployees}
              error={employeeError}
            />
          </>
        )}
        {accounts.size > 0 && (
          <ChoiceField
            id="people"
            label={accounts.size > (managers.data?.users.nodes.length ?? 0) ? 'Managers, and others invited by account' : 'Managers'}
            multiple
            choices={[...accounts.values()].map((p) => ({ value: p.id, label: p.name, hint: p.email }))}
            values={people}
            onChange={onPeople}
            error={peopleError}
          />
        )}
      </div>
    </details>
  )
}

export function CancelMeeting({ proposal, meeting, onDone }: { proposal: Proposal; meeting: Meeting; onDone: (done: string) => void }) {
  const form = useForm()
  const { problem, busy, attempt } = form
  const cancel = (event: Event) => {
    event.preventDefault()
    void form.submit(
      [],
      async () => {
        await request(TimetablePageCancelMeetingDocument, { input: { id: meeting.id, expectedVersion: meeting.version } })
        onDone('cancelled')
      },
      (apiError) => {
        if (apiError.code !== 'CONFLICT') return false
        form.setProblem(
          new ApiError('Someone else changed this meeting while you were looking at it. Go back to the timetable to see it as it is now, then cancel it if you still want to.', 'CONFLICT'),
        )
        return true
      },
    )
  }
  return (
    <>
      <BackToTimetable proposal={proposal} />
      <SaveProblem error={problem} proposalId={proposal.id} title="The meeting could not be cancelled" />
      <PageHeading title={`Cancel a meeting: ${proposal.title}`} caption={proposal.title}>Are you sure you want to cancel this meeting?</PageHeading>
      <SummaryList
        rows={[
          { key: 'Meeting', value: meeting.title },
          { key: 'When', value: meetingWhen(meeting) },
          { key: 'Where', value: meeting.place ?? (meeting.link ? 'Online' : 'Not given') },
        ]}
      />
      <WarningText>
        {emailsGoOut(proposal)
          ? 'Everyone invited will be emailed that it is cancelled, with a calendar file that removes it from their calendar.'
          : 'Nobody has been emailed about it yet.'}{' '}
        A cancelled meeting cannot be brought back: you would schedule a new one.
      </WarningText>
      <form noValidate onSubmit={cancel}>
        <div class="govuk-button-group">
          <Button key={attempt} warning disabled={busy}>Yes, cancel the meeting</Button>
          <Link href={`/proposals/${proposal.id}/timetable`}>No, keep it</Link>
        </div>
      </form>
    </>
  )
}
