// The timetable of a proposal for HR: the consultation period, the meetings (each change is
// emailed to those invited with a calendar file), the implementation plan, and the s188
// position with what HR records for it. Each change is made on its own small page
// (`?view=…`) and returns here with a success banner (`?done=…`).
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, asApiError, request } from '../../api/client'
import { useAllEmployees, useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type {
  ConsultationConcern,
  ConsultationType,
  InviteeGroup,
  MeetingInviteeKind,
  MeetingKind,
  MinutesStatus,
  TimetablePageQuery,
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
  ProblemPage,
  SummaryList,
  Tag,
  TextInput,
  Textarea,
  WarningText,
  errorFor,
} from '../../components/govuk'
import { DateInput, notADate } from '../../components/DateInput'
import { formatDate, formatDateShort, formatDateTimeShort, formatTime, londonToday, plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { pageProblem } from '../../components/pageProblem'
import { S188Panel, concernNames } from '../union/S188Panel'
import { RefusalSummary, missingHref } from './workspaceKit'
import { focusBanner } from '../../focus'
import { WorkspaceFrame } from './WorkspaceNav'
import {
  SummaryCard,
  daysBetween,
  inviteeGroupLabel,
  isDate,
  londonDateTime,
  londonToInstant,
  meetingKindLabel,
  parseTime,
  summaryMessage,
} from '../../components/planKit'

const TimetablePageDocument = graphql(`
  query TimetablePage($id: ID!) {
    proposal(id: $id) {
      id title status establishment recognisedUnions sharedWithUnionsAt
      sponsor { id name }
      timetable {
        version consultationStart consultationEnd consultationDays consultationType
        plannedFirstDismissal plannedFirstNotice questionResponseWorkingDays
      }
      meetings {
        id version title kind startsAt endsAt place link inviteeGroups covers sequence cancelled icsPath
        invitees { kind id name email }
        minutes { status }
        attendance { id }
      }
      implementationSteps { id date activity beforeDecision doneAt }
      s188 {
        applies dismissalsInWindow minimumConsultationDays earliestLawfulFirstDismissal
        consultationStart hr1DueDate hr1DueBeforeFirstNotice hr1MadeOn hr1Reference
        disclosures { version givenOn complete startedConsultation }
        findings { message section severity }
      }
    }
  }
`)

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

const TimetablePageSetDocument = graphql(`
  mutation TimetablePageSet($input: SetTimetableInput!) {
    setTimetable(input: $input) { version }
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
const TimetablePageAddStepDocument = graphql(`
  mutation TimetablePageAddStep($input: AddImplementationStepInput!) {
    addImplementationStep(input: $input) { id }
  }
`)
const TimetablePageCompleteStepDocument = graphql(`
  mutation TimetablePageCompleteStep($id: ID!) {
    completeImplementationStep(id: $id) { id doneAt }
  }
`)
const TimetablePageDisclosureDocument = graphql(`
  mutation TimetablePageDisclosure($input: GiveS188DisclosureInput!) {
    giveS188Disclosure(input: $input) { consultationStart }
  }
`)
const TimetablePageHr1Document = graphql(`
  mutation TimetablePageHr1($input: RecordHr1Input!) {
    recordHr1Notification(input: $input) { id }
  }
`)

type Proposal = TimetablePageQuery['proposal']
type Timetable = Proposal['timetable']
type Meeting = Proposal['meetings'][number]

/**
 * Whether meeting emails go out now: Consult sends invitations, updates and cancellations
 * once the proposal is shared with the unions or consultation has opened, and none for a
 * meeting already held.
 */
function emailsGoOut(proposal: Proposal): boolean {
  return !!proposal.sharedWithUnionsAt || !['DRAFT', 'IN_APPROVAL', 'APPROVED', 'WITHDRAWN'].includes(proposal.status)
}

const notYetEmailed =
  'Nothing is emailed yet: invitations, changes and cancellations go out once the proposal is shared with the unions or consultation opens.'

/** What the overview says after each kind of change. */
const doneMessages: Record<string, { heading: string; body?: string }> = {
  period: { heading: 'The consultation period has been saved.' },
  scheduled: {
    heading: 'The meeting has been scheduled.',
    body: 'Everyone invited is being emailed an invitation with a calendar file (.ics) to add it to their calendar.',
  },
  'scheduled-uninvited': {
    heading: 'The meeting has been scheduled.',
    body: 'Nobody is invited to it, so no invitations were emailed.',
  },
  moved: {
    heading: 'The meeting has been changed.',
    body: 'Everyone invited is being emailed the change with an updated calendar file, so it moves in their calendar.',
  },
  cancelled: {
    heading: 'The meeting has been cancelled.',
    body: 'Everyone invited is being emailed the cancellation with a calendar file that removes it from their calendar.',
  },
  'step-added': { heading: 'The step has been added to the implementation plan.' },
  'step-done': { heading: 'The step has been marked as done.' },
  disclosure: {
    heading: 'The written disclosure has been recorded.',
    body: 'Consultation under section 188 counts from the day the representatives received it.',
  },
  hr1: { heading: 'The HR1 notice has been recorded.' },
}

export function TimetablePage({ params }: { params: Record<string, string> }) {
  const id = params.id
  const location = useLocation()
  const view = location.query.get('view')
  const { data, error, reload } = useQuery(TimetablePageDocument, { id })
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const proposal = data.proposal
  const base = `/proposals/${id}/timetable`
  const finish = (done: string) => {
    reload()
    navigate(`${base}?done=${done}`)
  }
  const meeting = proposal.meetings.find((m) => m.id === location.query.get('meeting'))
  let content
  if (view === 'period') content = <PeriodForm proposal={proposal} onDone={finish} />
  else if (view === 'new-meeting') content = <MeetingForm proposal={proposal} onDone={finish} />
  else if (view === 'change-meeting' && meeting && !meeting.cancelled)
    content = <MeetingForm key={meeting.id} proposal={proposal} meeting={meeting} onDone={finish} />
  else if (view === 'cancel-meeting' && meeting && !meeting.cancelled)
    content = <CancelMeeting key={meeting.id} proposal={proposal} meeting={meeting} onDone={finish} />
  else if (view === 'new-step') content = <StepForm proposal={proposal} onDone={finish} />
  else if (view === 'disclosure') content = <DisclosureForm proposal={proposal} onDone={finish} />
  else if (view === 'hr1') content = <Hr1Form proposal={proposal} onDone={finish} />
  else if (view === 'change-meeting' || view === 'cancel-meeting') content = <MeetingGone proposal={proposal} />
  else content = <Overview proposal={proposal} done={location.query.get('done')} onChanged={reload} />
  return (
    <WorkspaceFrame proposalId={id} current="timetable">
      {content}
    </WorkspaceFrame>
  )
}

function BackToTimetable({ proposal }: { proposal: Proposal }) {
  return (
    <Link href={`/proposals/${proposal.id}/timetable`} class="govuk-back-link">
      Back to the timetable
    </Link>
  )
}

/** A link styled as a secondary button, for starting one of the small pages. */
function ButtonLink({ href, children }: { href: string; children: string }) {
  return (
    <Link href={href} class="govuk-button govuk-button--secondary" draggable={false}>
      {children}
    </Link>
  )
}

function MeetingGone({ proposal }: { proposal: Proposal }) {
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

// ---------------------------------------------------------------------------------------
// The overview

function Overview({ proposal, done, onChanged }: { proposal: Proposal; done: string | null; onChanged: () => void }) {
  const bannerRef = useRef<HTMLDivElement>(null)
  const [stepProblem, setStepProblem] = useState<ApiError | null>(null)
  const [stepDone, setStepDone] = useState<string | null>(null)
  const [busyStep, setBusyStep] = useState<string | null>(null)
  const known = done ? doneMessages[done] : undefined
  const aboutMeeting = done === 'scheduled' || done === 'moved' || done === 'cancelled'
  const message = known && aboutMeeting && !emailsGoOut(proposal) ? { ...known, body: notYetEmailed } : known
  useEffect(() => {
    if (message || stepDone) focusBanner(bannerRef.current)
  }, [message?.heading, stepDone])

  const markDone = async (stepId: string, activity: string) => {
    setBusyStep(stepId)
    setStepProblem(null)
    try {
      await request(TimetablePageCompleteStepDocument, { id: stepId })
      setStepDone(activity)
      onChanged()
    } catch (caught) {
      setStepProblem(asApiError(caught))
    } finally {
      setBusyStep(null)
    }
  }

  const base = `/proposals/${proposal.id}/timetable`
  return (
    <>
      <div ref={bannerRef}>
        {stepDone ? (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">“{stepDone}” has been marked as done.</p>
          </NotificationBanner>
        ) : (
          message && (
            <NotificationBanner success>
              <p class="govuk-notification-banner__heading">{message.heading}</p>
              {message.body && <p class="govuk-body">{message.body}</p>}
            </NotificationBanner>
          )
        )}
      </div>
      <PageHeading title={`Timetable and s188: ${proposal.title}`} caption={proposal.title}>
        Timetable and s188
      </PageHeading>

      <h2 class="govuk-heading-l" id="period">Consultation period</h2>
      <PeriodSummary proposal={proposal} />
      <ButtonLink href={`${base}?view=period`}>Change the consultation period</ButtonLink>

      <h2 class="govuk-heading-l" id="meetings">Meetings</h2>
      <p class="govuk-body">
        Everyone invited to a meeting is emailed an invitation with a calendar file (.ics). When you move or cancel a meeting
        they are emailed the change, and the calendar file updates the meeting in their calendar.
      </p>
      {!emailsGoOut(proposal) && <InsetText>{notYetEmailed}</InsetText>}
      <ButtonLink href={`${base}?view=new-meeting`}>Schedule a meeting</ButtonLink>
      <MeetingList proposal={proposal} />

      <h2 class="govuk-heading-l" id="implementation">Implementation plan</h2>
      {stepProblem && <RefusalSummary title="The step could not be marked as done" error={stepProblem} proposalId={proposal.id} />}
      <ImplementationSteps proposal={proposal} busyStep={busyStep} onDone={markDone} />
      <ButtonLink href={`${base}?view=new-step`}>Add a step</ButtonLink>

      <S188Panel proposalId={proposal.id} />
      <S188Actions proposal={proposal} />
    </>
  )
}

const typeLabel: Record<ConsultationType, string> = {
  COLLECTIVE: 'Collective: with the union representatives (section 188) and each affected employee',
  INDIVIDUAL: 'Individual: with each affected employee',
}

function PeriodSummary({ proposal }: { proposal: Proposal }) {
  const t = proposal.timetable
  if (t.version === 0 && !t.consultationStart) {
    return <InsetText>The consultation period has not been set yet.</InsetText>
  }
  return (
    <SummaryList
      rows={[
        { key: 'Type of consultation', value: typeLabel[t.consultationType] },
        { key: 'First day', value: formatDate(t.consultationStart, true) },
        {
          key: 'Last day',
          value: (
            <>
              {formatDate(t.consultationEnd, true)}
              {t.consultationDays != null && <> ({plural(t.consultationDays, 'day')})</>}
            </>
          ),
        },
        { key: 'Planned first notice of dismissal', value: t.plannedFirstNotice ? formatDate(t.plannedFirstNotice) : 'Not planned yet' },
        { key: 'Planned first dismissal', value: t.plannedFirstDismissal ? formatDate(t.plannedFirstDismissal) : 'Not planned yet' },
        { key: 'Time to answer a question', value: plural(t.questionResponseWorkingDays, 'working day') },
      ]}
    />
  )
}

function meetingWhen(meeting: Meeting): string {
  return `${formatDate(meeting.startsAt, true)}, ${formatTime(meeting.startsAt)} to ${formatTime(meeting.endsAt)}`
}

function MeetingList({ proposal }: { proposal: Proposal }) {
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

function ImplementationSteps({ proposal, busyStep, onDone }: {
  proposal: Proposal
  busyStep: string | null
  onDone: (id: string, activity: string) => void
}) {
  const steps = proposal.implementationSteps
  if (steps.length === 0) return <p class="govuk-body">No implementation steps have been planned yet.</p>
  const today = londonToday()
  return (
    <div class="app-table-scroll" role="region" aria-label="Implementation plan (scrolls sideways)" tabIndex={0}>
      <table class="govuk-table app-plan-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Implementation plan, in date order</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Date</th>
            <th scope="col" class="govuk-table__header">Activity</th>
            <th scope="col" class="govuk-table__header">Status</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {steps.map((step) => {
            const late = !step.doneAt && step.date < today
            return (
              <tr class="govuk-table__row" key={step.id}>
                <td class="govuk-table__cell app-nowrap">{formatDateShort(step.date)}</td>
                <td class="govuk-table__cell">
                  {step.activity}
                  {step.beforeDecision && (
                    <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">Must be done before the decision</span>
                  )}
                </td>
                <td class="govuk-table__cell">
                  {step.doneAt ? (
                    <>
                      <Tag colour="green">Done</Tag> <span class="govuk-!-display-block app-nowrap">{formatDateTimeShort(step.doneAt)}</span>
                    </>
                  ) : late ? (
                    <Tag colour="red">Overdue</Tag>
                  ) : (
                    <Tag colour="grey">To do</Tag>
                  )}
                </td>
                <td class="govuk-table__cell">
                  {!step.doneAt && (
                    <button
                      type="button"
                      class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      disabled={busyStep !== null}
                      onClick={() => onDone(step.id, step.activity)}
                    >
                      Mark as done<span class="govuk-visually-hidden"> {step.activity}</span>
                    </button>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** What HR records for section 188, and where to fix each problem the check found. */
function S188Actions({ proposal }: { proposal: Proposal }) {
  const s = proposal.s188
  const base = `/proposals/${proposal.id}/timetable`
  const problems = s.findings.filter((f) => f.severity !== 'INFO')
  const latest = s.disclosures.at(-1)
  return (
    <section aria-labelledby="s188-record">
      <h2 class="govuk-heading-l" id="s188-record">What HR records for section 188</h2>
      {!s.applies && (
        <InsetText>
          Collective consultation does not apply to this proposal at present, so these are needed only if that changes.
        </InsetText>
      )}
      <SummaryCard
        title="Written disclosure to the representatives"
        actions={[
          <Link href={`${base}?view=disclosure`} key="d">
            {latest ? 'Record another' : 'Record it'}
            <span class="govuk-visually-hidden"> written disclosure</span>
          </Link>,
        ]}
      >
        <SummaryList
          rows={[
            {
              key: 'Consultation began',
              value: s.consultationStart ? `On ${formatDate(s.consultationStart)}` : <Tag colour="grey">Not yet</Tag>,
            },
            {
              key: 'Given',
              value: latest ? (
                <>
                  {plural(s.disclosures.length, 'version')}. The latest, version {latest.version}, on {formatDate(latest.givenOn)}{' '}
                  {latest.complete ? <Tag colour="green">Complete</Tag> : <Tag colour="red">Not complete</Tag>}
                </>
              ) : (
                <Tag colour="grey">Not recorded</Tag>
              ),
            },
          ]}
        />
      </SummaryCard>
      <SummaryCard
        title="HR1 notice to the Secretary of State"
        actions={[
          <Link href={`${base}?view=hr1`} key="h">
            {s.hr1MadeOn ? 'Change' : 'Record it'}
            <span class="govuk-visually-hidden"> the HR1 notice</span>
          </Link>,
        ]}
      >
        <SummaryList
          rows={[
            {
              key: 'Due by',
              value: s.hr1DueDate
                ? formatDate(s.hr1DueDate)
                : !s.applies
                  ? 'Not needed while collective consultation does not apply'
                  : 'Known once the first dismissal is planned',
            },
            {
              key: 'Made',
              value: s.hr1MadeOn ? (
                `On ${formatDate(s.hr1MadeOn)}${s.hr1Reference ? `, reference ${s.hr1Reference}` : ''}`
              ) : (
                <Tag colour="grey">Not recorded</Tag>
              ),
            },
          ]}
        />
      </SummaryCard>
      {problems.length > 0 && (
        <>
          <h3 class="govuk-heading-m">Fix what the check found</h3>
          <ul class="govuk-list govuk-list--bullet">
            {problems.map((finding, index) => {
              const href = missingHref(proposal.id, finding.message)
              return (
                <li key={index}>
                  <strong>{finding.severity === 'ERROR' ? 'Problem' : 'To do'} ({finding.section}):</strong> {finding.message}
                  {href && href !== base && (
                    <>
                      {' '}
                      <Link href={href}>
                        Go to where this is done<span class="govuk-visually-hidden">: {finding.message}</span>
                      </Link>
                    </>
                  )}
                </li>
              )
            })}
          </ul>
        </>
      )}
    </section>
  )
}

// ---------------------------------------------------------------------------------------
// Shared by the forms

/** The outcome of a refused or failed save, shown above the form. */
function SaveProblem({ error, proposalId, title }: { error: ApiError | null; proposalId: string; title: string }) {
  if (!error) return null
  return <RefusalSummary title={title} error={error} proposalId={proposalId} />
}

function useFocusOn(value: unknown, ref: { current: HTMLElement | null }) {
  useEffect(() => {
    if (value) focusBanner(ref.current)
  }, [value])
}

const intPattern = /^\d+$/

// ---------------------------------------------------------------------------------------
// The consultation period

interface PeriodValues {
  type: ConsultationType
  start: string
  end: string
  first: string
  days: string
  notice: string
}

function periodValues(t: Timetable): PeriodValues {
  return {
    type: t.consultationType,
    start: t.consultationStart ?? '',
    end: t.consultationEnd ?? '',
    first: t.plannedFirstDismissal ?? '',
    days: String(t.questionResponseWorkingDays),
    notice: t.plannedFirstNotice ?? '',
  }
}

function validatePeriod(v: PeriodValues): FieldError[] {
  const errors: FieldError[] = []
  const start = v.start.trim()
  const end = v.end.trim()
  if (start && !isDate(start)) errors.push({ field: 'start', message: notADate(start, 'The first day of consultation') })
  if (end && !isDate(end)) errors.push({ field: 'end', message: notADate(end, 'The last day of consultation') })
  if (start && !end) errors.push({ field: 'end', message: 'Enter the last day of consultation, or clear the first day' })
  if (end && !start) errors.push({ field: 'start', message: 'Enter the first day of consultation, or clear the last day' })
  if (isDate(start) && isDate(end)) {
    if (end < start) errors.push({ field: 'end', message: 'The last day of consultation must be the same as or after the first day' })
    else if (daysBetween(start, end) > 366) errors.push({ field: 'end', message: 'A consultation period can be at most a year long' })
  }
  // The notice field comes before the first dismissal on the form, so its errors are listed first.
  const first = v.first.trim()
  const notice = v.notice.trim()
  if (notice && !isDate(notice)) errors.push({ field: 'notice', message: notADate(notice, 'The planned first notice of dismissal') })
  else if (notice && isDate(first) && notice > first) {
    errors.push({ field: 'notice', message: 'The first notice of dismissal must be given on or before the first dismissal' })
  }
  if (first && !isDate(first)) errors.push({ field: 'first', message: notADate(first, 'The planned first dismissal') })
  else if (first && isDate(start) && first <= start) {
    errors.push({ field: 'first', message: 'The first dismissal must take effect after consultation starts' })
  }
  const days = v.days.trim()
  if (!intPattern.test(days) || Number(days) < 1 || Number(days) > 30) {
    errors.push({ field: 'days', message: 'Enter a number of working days from 1 to 30' })
  }
  return errors
}

const periodFields: Record<string, string> = {
  'input.consultation.end': 'end',
  'input.consultationEnd': 'end',
  'input.consultationStart': 'start',
  'input.plannedFirstDismissal': 'first',
  'input.questionResponseWorkingDays': 'days',
  'input.plannedFirstNotice': 'notice',
  'input.consultationType': 'type',
}

function PeriodForm({ proposal, onDone }: { proposal: Proposal; onDone: (done: string) => void }) {
  const [values, setValues] = useState<PeriodValues>(() => periodValues(proposal.timetable))
  const [version, setVersion] = useState(proposal.timetable.version)
  const [errors, setErrors] = useState<FieldError[]>([])
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [theirs, setTheirs] = useState<Timetable | null>(null)
  const [busy, setBusy] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const bannerRef = useRef<HTMLDivElement>(null)
  useFocusOn(theirs, bannerRef)
  const set = (name: keyof PeriodValues) => (value: string) => setValues((v) => ({ ...v, [name]: value }))
  const s = proposal.s188

  const save = async (event: Event) => {
    event.preventDefault()
    setAttempt((n) => n + 1)
    const found = validatePeriod(values)
    setErrors(found)
    setProblem(null)
    if (found.length > 0) return
    setBusy(true)
    try {
      await request(TimetablePageSetDocument, {
        input: {
          proposalId: proposal.id,
          expectedVersion: version,
          consultationType: values.type,
          consultationStart: values.start.trim() || null,
          consultationEnd: values.end.trim() || null,
          plannedFirstDismissal: values.first.trim() || null,
          questionResponseWorkingDays: Number(values.days.trim()),
          plannedFirstNotice: values.notice.trim() || null,
        },
      })
      onDone('period')
    } catch (caught) {
      const apiError = asApiError(caught)
      if (apiError.code === 'CONFLICT') {
        // Someone else saved first: show theirs, keep ours in the form, save over theirs only on purpose.
        try {
          const fresh = (await request(TimetablePageDocument, { id: proposal.id })).proposal.timetable
          setTheirs(fresh)
          setVersion(fresh.version)
        } catch (again) {
          setProblem(asApiError(again))
        }
      } else if (apiError.code === 'BAD_USER_INPUT') {
        setErrors([{ field: periodFields[apiError.field ?? ''] ?? 'type', message: summaryMessage(apiError.message) }])
      } else {
        setProblem(apiError)
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <BackToTimetable proposal={proposal} />
      <div ref={bannerRef}>
        {theirs && (
          <NotificationBanner>
            <p class="govuk-notification-banner__heading">Someone else changed the timetable while you were editing</p>
            <p class="govuk-body">
              Your changes have not been saved. Their version is shown below and yours is still in the form. Check the two,
              then save again to replace theirs with yours.
            </p>
          </NotificationBanner>
        )}
      </div>
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} proposalId={proposal.id} title="The timetable could not be saved" />
      <PageHeading title={`Consultation period: ${proposal.title}`} caption={proposal.title}>Consultation period</PageHeading>
      {theirs && (
        <>
          <h2 class="govuk-heading-m">Their version, saved now</h2>
          <PeriodSummary proposal={{ ...proposal, timetable: theirs }} />
          <h2 class="govuk-heading-m">Your version, not saved</h2>
        </>
      )}
      <InsetText>
        Consult counts {plural(s.dismissalsInWindow, 'proposed dismissal')} at {proposal.establishment} within 90 days, so
        collective consultation with the union representatives{' '}
        {s.applies ? <strong>applies</strong> : <strong>does not apply</strong>}.
        {s.applies && s.minimumConsultationDays != null && (
          <> Consultation must begin at least {plural(s.minimumConsultationDays, 'day')} before the first dismissal takes effect.</>
        )}
      </InsetText>
      <form noValidate onSubmit={save}>
        <ChoiceField
          id="type"
          label="Type of consultation"
          choices={[
            {
              value: 'COLLECTIVE',
              label: 'Collective consultation',
              hint: 'With the representatives of the recognised unions, under section 188, as well as with each affected employee. Needed when 20 or more dismissals are proposed at one establishment within 90 days.',
            },
            {
              value: 'INDIVIDUAL',
              label: 'Individual consultation only',
              hint: 'With each affected employee. For fewer than 20 proposed dismissals at one establishment within 90 days.',
            },
          ]}
          values={[values.type]}
          onChange={(chosen) => setValues((v) => ({ ...v, type: chosen[0] as ConsultationType }))}
          error={errorFor(errors, 'type')}
        />
        {s.applies && values.type === 'INDIVIDUAL' && (
          <WarningText>Consult's check says collective consultation applies to this proposal.</WarningText>
        )}
        <DateInput
          id="start"
          label="First day of formal consultation"
          hint="Affected staff can read the proposal and respond from this day."
          value={values.start}
          onInput={set('start')}
          error={errorFor(errors, 'start')}
        />
        <DateInput
          id="end"
          label="Last day of formal consultation"
          hint="Responses are accepted until the end of this day."
          value={values.end}
          onInput={set('end')}
          error={errorFor(errors, 'end')}
        />
        <DateInput
          id="notice"
          label="Planned first notice of dismissal (optional)"
          hint={
            <>
              The day the first notice of dismissal is planned to be given. HR1 must be made before it, and no notice may be
              given until consultation has ended.
              {s.hr1DueBeforeFirstNotice && <> On this plan HR1 is due by {formatDate(s.hr1DueBeforeFirstNotice)}.</>}
            </>
          }
          value={values.notice}
          onInput={set('notice')}
          error={errorFor(errors, 'notice')}
        />
        <DateInput
          id="first"
          label="Planned first dismissal (optional)"
          hint={
            <>
              The day the first dismissal is planned to take effect. Consult uses it to check the timetable and to work out
              when the HR1 notice is due.
              {s.earliestLawfulFirstDismissal && <> The earliest lawful date is {formatDate(s.earliestLawfulFirstDismissal)}.</>}
            </>
          }
          value={values.first}
          onInput={set('first')}
          error={errorFor(errors, 'first')}
        />
        <TextInput
          id="days"
          type="number"
          width="3"
          label="Working days a manager has to answer a question"
          hint="From 1 to 30. Bank holidays in England and Wales are not counted."
          value={values.days}
          onInput={set('days')}
          error={errorFor(errors, 'days')}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Save the consultation period</Button>
          <Link href={`/proposals/${proposal.id}/timetable`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

// ---------------------------------------------------------------------------------------
// Meetings

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

function MeetingForm({ proposal, meeting, onDone }: { proposal: Proposal; meeting?: Meeting; onDone: (done: string) => void }) {
  const isNew = !meeting
  const [values, setValues] = useState<MeetingValues>(() => meetingValues(meeting))
  const [version, setVersion] = useState(meeting?.version ?? 0)
  const [errors, setErrors] = useState<FieldError[]>([])
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [theirs, setTheirs] = useState<Meeting | null>(null)
  const [busy, setBusy] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const bannerRef = useRef<HTMLDivElement>(null)
  useFocusOn(theirs, bannerRef)
  const set = (name: 'title' | 'date' | 'start' | 'end' | 'place' | 'link') => (value: string) =>
    setValues((v) => ({ ...v, [name]: value }))

  const save = async (event: Event) => {
    event.preventDefault()
    setAttempt((n) => n + 1)
    const found = validateMeeting(values, isNew)
    setErrors(found)
    setProblem(null)
    if (found.length > 0) return
    const date = values.date.trim()
    const startsAt = londonToInstant(date, parseTime(values.start)!)
    const endsAt = londonToInstant(date, parseTime(values.end)!)
    setBusy(true)
    try {
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
    } catch (caught) {
      const apiError = asApiError(caught)
      if (apiError.code === 'CONFLICT' && meeting) {
        try {
          const fresh = (await request(TimetablePageDocument, { id: proposal.id })).proposal.meetings.find((m) => m.id === meeting.id)
          if (fresh) {
            setTheirs(fresh)
            setVersion(fresh.version)
          } else setProblem(apiError)
        } catch (again) {
          setProblem(asApiError(again))
        }
      } else if (apiError.code === 'BAD_USER_INPUT' || (apiError.code === 'NOT_FOUND' && apiError.field && meetingFields[apiError.field.replace(/\[\d+\]$/, '')])) {
        // An invitee of the wrong kind or not of this proposal is NOT_FOUND at its field,
        // e.g. input.inviteeEmployeeIds[0]: shown at the list it was chosen from.
        const field = apiError.field?.replace(/\[\d+\]$/, '') ?? ''
        setErrors([{ field: meetingFields[field] ?? 'title', message: summaryMessage(apiError.message) }])
      } else {
        setProblem(apiError)
      }
    } finally {
      setBusy(false)
    }
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
        <DateInput id="date" label="Date" value={values.date} onInput={set('date')} error={errorFor(errors, 'date')} />
        <TextInput
          id="start"
          label="Start time"
          hint="UK time. For example, 14:30 or 2:30pm"
          width="5"
          value={values.start}
          onInput={set('start')}
          error={errorFor(errors, 'start')}
        />
        <TextInput
          id="end"
          label="End time"
          hint="UK time. For example, 15:30 or 3:30pm"
          width="5"
          value={values.end}
          onInput={set('end')}
          error={errorFor(errors, 'end')}
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

function CancelMeeting({ proposal, meeting, onDone }: { proposal: Proposal; meeting: Meeting; onDone: (done: string) => void }) {
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const cancel = async (event: Event) => {
    event.preventDefault()
    setAttempt((n) => n + 1)
    setBusy(true)
    setProblem(null)
    try {
      await request(TimetablePageCancelMeetingDocument, { input: { id: meeting.id, expectedVersion: meeting.version } })
      onDone('cancelled')
    } catch (caught) {
      const apiError = asApiError(caught)
      setProblem(
        apiError.code === 'CONFLICT'
          ? new ApiError('Someone else changed this meeting while you were looking at it. Go back to the timetable to see it as it is now, then cancel it if you still want to.', 'CONFLICT')
          : apiError,
      )
    } finally {
      setBusy(false)
    }
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

// ---------------------------------------------------------------------------------------
// The implementation plan

function StepForm({ proposal, onDone }: { proposal: Proposal; onDone: (done: string) => void }) {
  const [activity, setActivity] = useState('')
  const [date, setDate] = useState('')
  const [beforeDecision, setBeforeDecision] = useState(false)
  const [errors, setErrors] = useState<FieldError[]>([])
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [attempt, setAttempt] = useState(0)

  const save = async (event: Event) => {
    event.preventDefault()
    setAttempt((n) => n + 1)
    const found: FieldError[] = []
    if (!activity.trim()) found.push({ field: 'activity', message: 'Enter what the step is' })
    else if (activity.trim().length > 500) found.push({ field: 'activity', message: 'The step must be 500 characters or fewer' })
    if (!date.trim()) found.push({ field: 'date', message: 'Enter the date of the step' })
    else if (!isDate(date.trim())) found.push({ field: 'date', message: notADate(date.trim(), 'The date of the step') })
    setErrors(found)
    setProblem(null)
    if (found.length > 0) return
    setBusy(true)
    try {
      await request(TimetablePageAddStepDocument, {
        input: { proposalId: proposal.id, activity: activity.trim(), date: date.trim(), beforeDecision },
      })
      onDone('step-added')
    } catch (caught) {
      const apiError = asApiError(caught)
      if (apiError.code === 'BAD_USER_INPUT') {
        setErrors([{ field: apiError.field === 'input.date' ? 'date' : 'activity', message: summaryMessage(apiError.message) }])
      } else setProblem(apiError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <BackToTimetable proposal={proposal} />
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} proposalId={proposal.id} title="The step could not be added" />
      <PageHeading title={`Add a step to the implementation plan: ${proposal.title}`} caption={proposal.title}>
        Add a step to the implementation plan
      </PageHeading>
      <form noValidate onSubmit={save}>
        <TextInput
          id="activity"
          label="What is the step?"
          hint="For example, Selection of employees"
          value={activity}
          onInput={setActivity}
          error={errorFor(errors, 'activity')}
        />
        <DateInput id="date" label="When is it planned?" value={date} onInput={setDate} error={errorFor(errors, 'date')} />
        <ChoiceField
          id="beforeDecision"
          label="Before the decision"
          multiple
          choices={[
            {
              value: 'yes',
              label: 'It must be done before the decision is recorded',
              hint: 'The decision cannot be recorded until this step is marked as done.',
            },
          ]}
          values={beforeDecision ? ['yes'] : []}
          onChange={(chosen) => setBeforeDecision(chosen.includes('yes'))}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Add the step</Button>
          <Link href={`/proposals/${proposal.id}/timetable`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

// ---------------------------------------------------------------------------------------
// Section 188 records

function DisclosureForm({ proposal, onDone }: { proposal: Proposal; onDone: (done: string) => void }) {
  const [givenOn, setGivenOn] = useState(londonToday())
  const [errors, setErrors] = useState<FieldError[]>([])
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [attempt, setAttempt] = useState(0)

  const save = async (event: Event) => {
    event.preventDefault()
    setAttempt((n) => n + 1)
    const found: FieldError[] = []
    if (!givenOn.trim()) found.push({ field: 'givenOn', message: 'Enter the day the representatives received the disclosure' })
    else if (!isDate(givenOn.trim())) found.push({ field: 'givenOn', message: notADate(givenOn.trim(), 'The day') })
    setErrors(found)
    setProblem(null)
    if (found.length > 0) return
    setBusy(true)
    try {
      await request(TimetablePageDisclosureDocument, { input: { proposalId: proposal.id, givenOn: givenOn.trim() } })
      onDone('disclosure')
    } catch (caught) {
      const apiError = asApiError(caught)
      if (apiError.code === 'BAD_USER_INPUT') setErrors([{ field: 'givenOn', message: summaryMessage(apiError.message) }])
      else setProblem(apiError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <BackToTimetable proposal={proposal} />
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} proposalId={proposal.id} title="The disclosure could not be recorded" />
      <PageHeading title={`Record the written disclosure: ${proposal.title}`} caption={proposal.title}>
        Record the written disclosure to the representatives
      </PageHeading>
      <p class="govuk-body">
        Section 188(4) lists what the union representatives must be told in writing. Consult keeps a copy of what the
        proposal disclosed on the day you give. Collective consultation begins on the day the representatives receive the
        first complete disclosure; a later one is kept as a new version and does not move that day.
      </p>
      {proposal.s188.consultationStart ? (
        <InsetText>
          Consultation began on {formatDate(proposal.s188.consultationStart)}. Saving records a new version of the disclosure.
        </InsetText>
      ) : (
        proposal.s188.disclosures.length > 0 && (
          <InsetText>
            {plural(proposal.s188.disclosures.length, 'disclosure has', 'disclosures have')} been recorded, but none gave every
            item, so consultation has not begun. Saving records a new version.
          </InsetText>
        )
      )}
      <form noValidate onSubmit={save}>
        <DateInput
          id="givenOn"
          label="The day the representatives received it"
          value={givenOn}
          onInput={setGivenOn}
          error={errorFor(errors, 'givenOn')}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Record the disclosure</Button>
          <Link href={`/proposals/${proposal.id}/timetable`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

function Hr1Form({ proposal, onDone }: { proposal: Proposal; onDone: (done: string) => void }) {
  const s = proposal.s188
  const [values, setValues] = useState({
    madeOn: s.hr1MadeOn ?? londonToday(),
    reference: s.hr1Reference ?? '',
    copy: '',
    copyOn: '',
  })
  const [errors, setErrors] = useState<FieldError[]>([])
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const set = (name: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [name]: value }))

  const save = async (event: Event) => {
    event.preventDefault()
    setAttempt((n) => n + 1)
    const found: FieldError[] = []
    if (!values.madeOn.trim()) found.push({ field: 'madeOn', message: 'Enter the day the HR1 notice was made' })
    else if (!isDate(values.madeOn.trim())) found.push({ field: 'madeOn', message: notADate(values.madeOn.trim(), 'The day the HR1 notice was made') })
    if (!values.reference.trim()) found.push({ field: 'reference', message: 'Enter the Insolvency Service’s reference' })
    else if (values.reference.trim().length > 100) found.push({ field: 'reference', message: 'The reference must be 100 characters or fewer' })
    if (!values.copy.trim()) found.push({ field: 'copy', message: 'Paste a copy of what was submitted' })
    if (values.copyOn.trim() && !isDate(values.copyOn.trim())) {
      found.push({ field: 'copyOn', message: notADate(values.copyOn.trim(), 'The day the representatives were given a copy') })
    }
    setErrors(found)
    setProblem(null)
    if (found.length > 0) return
    setBusy(true)
    try {
      await request(TimetablePageHr1Document, {
        input: {
          proposalId: proposal.id,
          madeOn: values.madeOn.trim(),
          reference: values.reference.trim(),
          submittedCopy: values.copy.trim(),
          copyToRepresentativesOn: values.copyOn.trim() || null,
        },
      })
      onDone('hr1')
    } catch (caught) {
      const apiError = asApiError(caught)
      if (apiError.code === 'BAD_USER_INPUT') {
        const fields: Record<string, string> = {
          'input.madeOn': 'madeOn',
          'input.reference': 'reference',
          'input.submittedCopy': 'copy',
          'input.copyToRepresentativesOn': 'copyOn',
        }
        setErrors([{ field: fields[apiError.field ?? ''] ?? 'madeOn', message: summaryMessage(apiError.message) }])
      } else setProblem(apiError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <BackToTimetable proposal={proposal} />
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} proposalId={proposal.id} title="The HR1 notice could not be recorded" />
      <PageHeading title={`Record the HR1 notice: ${proposal.title}`} caption={proposal.title}>Record the HR1 notice to the Secretary of State</PageHeading>
      <p class="govuk-body">
        Section 193 requires notice of the proposed dismissals on form HR1.
        {s.hr1DueDate ? ` It is due by ${formatDate(s.hr1DueDate)}.` : ' Its due date is known once the first dismissal is planned.'}
      </p>
      <form noValidate onSubmit={save}>
        <DateInput id="madeOn" label="The day it was made" value={values.madeOn} onInput={set('madeOn')} error={errorFor(errors, 'madeOn')} />
        <TextInput
          id="reference"
          label="The Insolvency Service’s reference"
          width="20"
          value={values.reference}
          onInput={set('reference')}
          error={errorFor(errors, 'reference')}
        />
        <Textarea
          id="copy"
          label="A copy of what was submitted"
          hint="The service keeps no copy for you, so paste the answers you gave."
          rows={8}
          value={values.copy}
          onInput={set('copy')}
          error={errorFor(errors, 'copy')}
        />
        <DateInput
          id="copyOn"
          label="The day the representatives were given a copy (optional)"
          hint="Section 193(6) says the representatives must be given a copy."
          value={values.copyOn}
          onInput={set('copyOn')}
          error={errorFor(errors, 'copyOn')}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Record the HR1 notice</Button>
          <Link href={`/proposals/${proposal.id}/timetable`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}
