// One person's case for HR (issue 16): the facts HR holds, where the case stands and the
// steps HR may take from there (slot in, place in a pool, redeployment, withdraw), the
// individual consultation meetings with notes and companion, the history and the letters
// issued. Each step is its own small page (`?view=…`). Offers and trial periods are
// CaseOffers.tsx; notice, redundancy pay and appeals are CaseNotice.tsx.
import { useEffect, useRef, useState } from 'preact/hooks'
import { request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { CasePageQuery, CompanionKind, LetterKind } from '../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  Loading,
  NotificationBanner,
  PageHeading,
  ProblemPage,
  Select,
  SummaryList,
  Tag,
  TextInput,
  Textarea,
  errorFor,
} from '../../components/govuk'
import { DateInput, checkDate } from '../../components/DateInput'
import { formatDate, formatDateTime, humanise, plural } from '../../format'
import { type Form, useForm } from '../../form'
import { Link, navigate, useLocation } from '../../router'
import { pageProblem } from '../../components/pageProblem'
import { WorkspaceFrame } from './WorkspaceNav'
import { CaseOffers, OfferStep, isOfferView, offerDoneMessages } from './CaseOffers'
import { CaseNoticeSections, CaseNoticeStep, isNoticeView, noticeDoneMessages } from './CaseNotice'
import { StepProblem, caseStateLabel, letterKindLabel } from './individualKit'
import { londonToInstant, parseTime } from '../../components/planKit'
import { focusBanner } from '../../focus'

const CasePageDocument = graphql(`
  query CasePage($id: ID!, $employeeId: ID!) {
    proposal(id: $id) {
      id title status slotInThresholdPercent
      ringFences { id name kind members { id } }
      posts(first: 100) { nodes { id title proposed { grade } } }
    }
    case(employeeId: $employeeId) {
      id state version nextAction nextActionDue overdue openedAt proposalId
      continuousServiceStart dateOfBirth contractualNoticeWeeks
      employee {
        id name employeeNumber version impact
        holdings { post { id title } }
        letters { id kind subject issuedAt printUrl pdfUrl supersedesId }
      }
      meetings { id scheduledFor location heldOn notes companionKind companionName version }
      history { id from to step detail occurredOn at }
    }
  }
`)

const CaseFactsDocument = graphql(`
  mutation CasePageFacts($input: SetCaseFactsInput!) {
    setCaseFacts(input: $input) { employeeId version }
  }
`)
const SlotInDocument = graphql(`
  mutation CasePageSlotIn($input: SlotInInput!) { slotIn(input: $input) { id state } }
`)
const PlaceInPoolDocument = graphql(`
  mutation CasePagePlaceInPool($input: PlaceInSelectionPoolInput!) { placeInSelectionPool(input: $input) { id state } }
`)
const RedeploymentDocument = graphql(`
  mutation CasePageRedeployment($input: CaseStepInput!) { moveToRedeployment(input: $input) { id state } }
`)
const WithdrawDocument = graphql(`
  mutation CasePageWithdraw($input: WithdrawCaseInput!) { withdrawCase(input: $input) { id state } }
`)
const ScheduleMeetingDocument = graphql(`
  mutation CasePageScheduleMeeting($input: ScheduleIndividualMeetingInput!) { scheduleIndividualMeeting(input: $input) { id } }
`)
const RecordMeetingDocument = graphql(`
  mutation CasePageRecordMeeting($input: RecordIndividualMeetingInput!) { recordIndividualMeeting(input: $input) { id } }
`)
const IssueLetterDocument = graphql(`
  mutation CasePageIssueLetter($input: IssueLetterInput!) { issueLetter(input: $input) { id subject } }
`)

type Data = CasePageQuery
type Case = Data['case']
type Proposal = Data['proposal']

const CLOSED = ['LEFT', 'WITHDRAWN']

const doneMessages: Record<string, string> = {
  facts: 'The facts have been saved.',
  'slot-in': 'They have been slotted in.',
  pool: 'They have been placed in the selection pool.',
  redeployment: 'They are now seeking redeployment.',
  withdraw: 'The case has been withdrawn: they are no longer at risk.',
  scheduled: 'The meeting has been scheduled and the invitation emailed.',
  recorded: 'The meeting has been recorded.',
  letter: 'The letter has been issued and emailed to them.',
  characteristics: 'The protected characteristics have been saved.',
  ...offerDoneMessages,
  ...noticeDoneMessages,
}

const companionLabel: Record<CompanionKind, string> = {
  NONE: 'Nobody',
  COLLEAGUE: 'A colleague',
  UNION_REP: 'A trade union representative',
}

export function CasePage({ params }: { params: Record<string, string> }) {
  const { id, employeeId } = params
  const location = useLocation()
  const view = location.query.get('view')
  const { data, error, reload } = useQuery(CasePageDocument, { id, employeeId })
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const base = `/proposals/${id}/cases/${employeeId}`
  // Shown again only once the list no longer holds what was just done (rows moving under a click).
  const done = async (what: string) => {
    await reload()
    navigate(`${base}?done=${what}`)
  }
  const props = { proposal: data.proposal, item: data.case, onDone: done }
  const meeting = data.case.meetings.find((m) => m.id === location.query.get('meeting'))
  let content
  if (view === 'facts') content = <FactsForm {...props} />
  else if (view === 'slot-in') content = <SlotInForm {...props} />
  else if (view === 'pool') content = <PoolForm {...props} />
  else if (view === 'redeployment') content = <RedeploymentForm {...props} />
  else if (view === 'withdraw') content = <WithdrawForm {...props} />
  else if (view === 'meeting') content = <ScheduleForm {...props} />
  else if (view === 'record' && meeting) content = <RecordForm {...props} meeting={meeting} />
  else if (view === 'letter') content = <LetterForm {...props} />
  else if (view && isOfferView(view)) content = <OfferStep {...props} view={view} offerId={location.query.get('offer')} />
  else if (isNoticeView(view)) content = <CaseNoticeStep view={view} item={data.case} onDone={done} />
  else content = <Overview {...props} done={location.query.get('done')} />
  return (
    <WorkspaceFrame proposalId={id} current="cases">
      {content}
    </WorkspaceFrame>
  )
}

interface Props {
  proposal: Proposal
  item: Case
  onDone: (what: string) => void
}

function Back({ item }: { item: Case }) {
  return (
    <Link href={`/proposals/${item.proposalId}/cases/${item.employee.id}`} class="govuk-back-link">
      Back to {item.employee.name}'s case
    </Link>
  )
}

function Overview({ proposal, item, done }: Props & { done: string | null }) {
  const bannerRef = useRef<HTMLDivElement>(null)
  const message = done ? doneMessages[done] : undefined
  useEffect(() => {
    if (message) focusBanner(bannerRef.current)
  }, [message])
  const base = `/proposals/${proposal.id}/cases/${item.employee.id}`
  const person = item.employee.name
  const state = caseStateLabel[item.state]
  const steps: { view: string; label: string }[] = []
  if (item.state === 'AT_RISK') {
    steps.push({ view: 'slot-in', label: 'Slot them in' }, { view: 'pool', label: 'Place them in a selection pool' })
  }
  if (item.state === 'AT_RISK' || item.state === 'IN_SELECTION_POOL') steps.push({ view: 'redeployment', label: 'Move them to redeployment' })
  if (!CLOSED.includes(item.state)) steps.push({ view: 'withdraw', label: 'Withdraw the case' })
  const change = (label: string) => (
    <Link href={`${base}?view=facts`}>
      Change<span class="govuk-visually-hidden"> {label}</span>
    </Link>
  )
  return (
    <>
      <Link href={`/proposals/${proposal.id}/cases`} class="govuk-back-link">
        Back to people's cases
      </Link>
      <div ref={bannerRef}>
        {message && (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">{message}</p>
          </NotificationBanner>
        )}
      </div>
      <PageHeading title={`${person}'s case: ${proposal.title}`} caption={`${proposal.title}: ${item.employee.employeeNumber}`}>
        {person}
      </PageHeading>
      <SummaryList
        rows={[
          { key: 'State', value: <Tag colour={state.colour}>{state.label}</Tag> },
          {
            key: 'What is next',
            value: (
              <>
                {item.overdue && (
                  <>
                    <Tag colour="red">Overdue</Tag>{' '}
                  </>
                )}
                {item.nextAction ?? 'Nothing: the case is closed.'}
                {item.nextActionDue && <> (by {formatDate(item.nextActionDue)})</>}
              </>
            ),
          },
          { key: 'Current posts', value: item.employee.holdings.map((h) => h.post?.title).filter(Boolean).join(', ') || 'None' },
          { key: 'Case opened', value: formatDateTime(item.openedAt) },
        ]}
      />
      {steps.length > 0 && (
        <>
          <h2 class="govuk-heading-m">Next steps</h2>
          <ul class="govuk-list">
            {steps.map((s) => (
              <li key={s.view}>
                <Link href={`${base}?view=${s.view}`}>{s.label}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <CaseOffers proposal={proposal} item={item} />

      <h2 class="govuk-heading-m">Facts HR holds</h2>
      <SummaryList
        rows={[
          {
            key: 'Continuous service start',
            value: item.continuousServiceStart ? formatDate(item.continuousServiceStart) : 'Not recorded',
            action: change('continuous service start'),
          },
          { key: 'Date of birth', value: item.dateOfBirth ? formatDate(item.dateOfBirth) : 'Not recorded', action: change('date of birth') },
          {
            key: 'Contractual notice',
            value: item.contractualNoticeWeeks == null ? 'The statutory minimum' : plural(item.contractualNoticeWeeks, 'week'),
            action: change('contractual notice'),
          },
        ]}
      />
      <p class="govuk-body">
        <Link href={`/proposals/${proposal.id}/cases/${item.employee.id}/characteristics`}>
          Record the protected characteristics they have given<span class="govuk-visually-hidden"> ({item.employee.name})</span>
        </Link>{' '}
        for equality monitoring (optional, HR only).
      </p>

      <CaseNoticeSections item={item} />

      <h2 class="govuk-heading-m">Individual consultation meetings</h2>
      {item.meetings.length === 0 ? (
        <p class="govuk-body">No meeting yet.</p>
      ) : (
        item.meetings.map((m, index) => (
          <div class="govuk-summary-card" key={m.id}>
            <div class="govuk-summary-card__title-wrapper">
              <h3 class="govuk-summary-card__title">Meeting {index + 1}: {formatDateTime(m.scheduledFor)}</h3>
              {!m.heldOn && !CLOSED.includes(item.state) && (
                <ul class="govuk-summary-card__actions">
                  <li class="govuk-summary-card__action">
                    <Link href={`${base}?view=record&meeting=${m.id}`}>
                      Record<span class="govuk-visually-hidden"> meeting {index + 1}</span> as held
                    </Link>
                  </li>
                </ul>
              )}
            </div>
            <div class="govuk-summary-card__content">
              <SummaryList
                rows={[
                  { key: 'Where', value: m.location },
                  { key: 'Held', value: m.heldOn ? formatDate(m.heldOn) : 'Not yet' },
                  ...(m.heldOn
                    ? [
                        { key: 'Companion', value: `${companionLabel[m.companionKind]}${m.companionName ? `: ${m.companionName}` : ''}` },
                        { key: 'Notes', value: <span class="app-pre-wrap">{m.notes}</span> },
                      ]
                    : []),
                ]}
              />
            </div>
          </div>
        ))
      )}
      {!CLOSED.includes(item.state) && (
        <p class="govuk-body">
          <Link href={`${base}?view=meeting`}>Schedule a meeting</Link>
        </p>
      )}

      <h2 class="govuk-heading-m">Letters issued</h2>
      {item.employee.letters.length === 0 ? (
        <p class="govuk-body">No letter yet.</p>
      ) : (
        <ul class="govuk-list">
          {item.employee.letters.map((letter) => (
            <li key={letter.id}>
              {letter.printUrl ? <a class="govuk-link" href={letter.printUrl}>{letter.subject}</a> : letter.subject}
              <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">
                {letterKindLabel[letter.kind]}, issued {formatDateTime(letter.issuedAt)}
                {letter.supersedesId ? ' (corrects an earlier letter)' : ''}
              </span>
              {letter.pdfUrl && (
                <a class="govuk-link govuk-!-font-size-16" href={letter.pdfUrl} download>
                  Download as PDF<span class="govuk-visually-hidden"> ({letter.subject})</span>
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      <Link href={`${base}?view=letter`} class="govuk-button govuk-button--secondary" draggable={false}>
        Issue a letter
      </Link>

      <h2 class="govuk-heading-m">History</h2>
      <ol class="govuk-list app-case-history">
        {item.history.map((event) => (
          <li key={event.id}>
            <strong>{formatDate(event.occurredOn)}</strong>: {humanise(event.step)}
            {event.from ? `, from ${caseStateLabel[event.from].label.toLowerCase()}` : ''} to {caseStateLabel[event.to].label.toLowerCase()}
            <HistoryDetail detail={event.detail} proposal={proposal} />
          </li>
        ))}
      </ol>
    </>
  )
}

/** The plain facts recorded with a step (a reason, a match), not ids. */
function HistoryDetail({ detail, proposal }: { detail: unknown; proposal: Proposal }) {
  if (!detail || typeof detail !== 'object') return null
  const names: Record<string, (id: string) => string | undefined> = {
    postId: (id) => proposal.posts.nodes.find((p) => p.id === id)?.title,
    ringFenceId: (id) => proposal.ringFences.find((p) => p.id === id)?.name,
  }
  const parts = Object.entries(detail as Record<string, unknown>).flatMap(([key, value]) => {
    if (typeof value !== 'string' && typeof value !== 'number') return []
    if (names[key]) {
      const name = names[key](String(value))
      return name ? [`${key === 'postId' ? 'Post' : 'Pool'}: ${name}`] : []
    }
    // Who decided is shown by name elsewhere (the audit log); ids mean nothing to a reader.
    if (/id$|by$/i.test(key)) return []
    const text = /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? formatDate(String(value)) : String(value)
    return [`${humanise(key.replace(/([A-Z])/g, '_$1').toUpperCase())}: ${text}`]
  })
  if (parts.length === 0) return null
  return <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">{parts.join('; ')}</span>
}

function StepForm({ item, title, problem, errors, children, onSubmit, busy, submit, warning }: {
  item: Case
  title: string
  problem: Form['problem']
  errors: FieldError[]
  children?: preact.ComponentChildren
  onSubmit: () => void
  busy: boolean
  submit: string
  warning?: boolean
}) {
  return (
    <>
      <Back item={item} />
      {problem && <StepProblem error={problem} />}
      <ErrorSummary errors={errors} />
      <PageHeading title={`${title}: ${item.employee.name}`} caption={item.employee.name}>{title}</PageHeading>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          onSubmit()
        }}
      >
        {children}
        <div class="govuk-button-group">
          <Button disabled={busy} warning={warning}>{submit}</Button>
          <Link href={`/proposals/${item.proposalId}/cases/${item.employee.id}`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

function FactsForm({ item, onDone }: Props) {
  const [service, setService] = useState(item.continuousServiceStart ?? '')
  const [birth, setBirth] = useState(item.dateOfBirth ?? '')
  const [notice, setNotice] = useState(item.contractualNoticeWeeks == null ? '' : String(item.contractualNoticeWeeks))
  const save = useForm({
    'input.continuousServiceStart': 'service',
    'input.dateOfBirth': 'birth',
    'input.contractualNoticeWeeks': 'notice',
  })
  const submit = () => {
    const found: FieldError[] = []
    checkDate(found, 'service', service, 'Continuous service start')
    checkDate(found, 'birth', birth, 'Date of birth')
    if (notice.trim() && !/^\d+$/.test(notice.trim())) found.push({ field: 'notice', message: 'Contractual notice must be a whole number of weeks' })
    save.submit(found, async () => {
      await request(CaseFactsDocument, {
        input: {
          employeeId: item.employee.id,
          expectedVersion: item.employee.version,
          continuousServiceStart: service || null,
          dateOfBirth: birth || null,
          contractualNoticeWeeks: notice.trim() ? Number(notice.trim()) : null,
        },
      })
      onDone('facts')
    })
  }
  return (
    <StepForm item={item} title="Facts HR holds" submit="Save the facts" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <DateInput
        id="service"
        label="Continuous service start"
        hint="It may begin with a previous employer the law treats as continuous, such as another council."
        example="1 9 2010"
        value={service}
        onInput={setService}
        error={errorFor(save.errors, 'service')}
      />
      <DateInput id="birth" label="Date of birth" hint="Only HR and the person see it." example="27 3 1980" value={birth} onInput={setBirth} error={errorFor(save.errors, 'birth')} />
      <TextInput
        id="notice"
        width="3"
        label="Contractual notice, in weeks"
        hint="Leave it empty where the contract gives only the statutory minimum."
        value={notice}
        onInput={setNotice}
        error={errorFor(save.errors, 'notice')}
      />
    </StepForm>
  )
}

function SlotInForm({ proposal, item, onDone }: Props) {
  const posts = proposal.posts.nodes.filter((p) => p.proposed)
  const [post, setPost] = useState('')
  const [match, setMatch] = useState('')
  const save = useForm({ 'input.postId': 'post', 'input.matchPercent': 'match' })
  const submit = () => {
    const found: FieldError[] = []
    if (!post) found.push({ field: 'post', message: 'Choose the post they are slotted into' })
    const m = match.trim()
    if (!/^\d+$/.test(m) || Number(m) > 100) found.push({ field: 'match', message: 'Enter the match as a whole percentage from 0 to 100' })
    else if (Number(m) < proposal.slotInThresholdPercent)
      found.push({ field: 'match', message: `The match must be at least the threshold of ${proposal.slotInThresholdPercent}% for a slot-in` })
    save.submit(found, async () => {
      await request(SlotInDocument, {
        input: { employeeId: item.employee.id, expectedVersion: item.version, postId: post, matchPercent: Number(m) },
      })
      onDone('slot-in')
    })
  }
  return (
    <StepForm item={item} title="Slot them in" submit="Slot them in" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">
        A slot-in needs a post of the new structure whose duties match theirs by at least {proposal.slotInThresholdPercent}% (the
        employer's policy for this proposal). You are recorded as the person who decided.
      </p>
      <Select
        id="post"
        label="Post in the new structure"
        value={post}
        onChange={setPost}
        error={errorFor(save.errors, 'post')}
        options={[{ value: '', label: 'Choose a post' }, ...posts.map((p) => ({ value: p.id, label: `${p.title} (${p.proposed?.grade})` }))]}
      />
      <TextInput id="match" width="3" label="How closely the duties match, in percent" value={match} onInput={setMatch} error={errorFor(save.errors, 'match')} />
    </StepForm>
  )
}

function PoolForm({ proposal, item, onDone }: Props) {
  const pools = proposal.ringFences.filter((p) => p.members.some((m) => m.id === item.employee.id))
  const [pool, setPool] = useState(pools.length === 1 ? pools[0].id : '')
  const save = useForm({ 'input.ringFenceId': 'pool' })
  const submit = () => {
    const found: FieldError[] = pool ? [] : [{ field: 'pool', message: 'Choose the pool' }]
    save.submit(found, async () => {
      await request(PlaceInPoolDocument, { input: { employeeId: item.employee.id, expectedVersion: item.version, ringFenceId: pool } })
      onDone('pool')
    })
  }
  if (pools.length === 0) {
    return (
      <>
        <Back item={item} />
        <PageHeading title={`Place in a selection pool: ${item.employee.name}`} caption={item.employee.name}>
          Place them in a selection pool
        </PageHeading>
        <p class="govuk-body">
          {item.employee.name} is a member of no pool. <Link href={`/proposals/${proposal.id}/ring-fences`}>Add them to a pool</Link> first.
        </p>
      </>
    )
  }
  return (
    <StepForm item={item} title="Place them in a selection pool" submit="Place them in the pool" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <ChoiceField
        id="pool"
        label="Which pool?"
        choices={pools.map((p) => ({ value: p.id, label: p.name }))}
        values={pool ? [pool] : []}
        onChange={(v) => setPool(v[0] ?? '')}
        error={errorFor(save.errors, 'pool')}
      />
    </StepForm>
  )
}

function RedeploymentForm({ item, onDone }: Props) {
  const save = useForm({})
  const submit = () =>
    save.submit([], async () => {
      await request(RedeploymentDocument, { input: { employeeId: item.employee.id, expectedVersion: item.version } })
      onDone('redeployment')
    })
  return (
    <StepForm item={item} title="Move them to redeployment" submit="Move them to redeployment" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">
        They were not selected, or there is no pool for them: they will be considered for suitable alternative employment.
      </p>
    </StepForm>
  )
}

function WithdrawForm({ item, onDone }: Props) {
  const [reason, setReason] = useState('')
  const save = useForm({ 'input.reason': 'reason' })
  const submit = () => {
    const found: FieldError[] = reason.trim() ? [] : [{ field: 'reason', message: 'Enter why they are no longer at risk' }]
    save.submit(found, async () => {
      await request(WithdrawDocument, { input: { employeeId: item.employee.id, expectedVersion: item.version, reason: reason.trim() } })
      onDone('withdraw')
    })
  }
  return (
    <StepForm item={item} title="Withdraw the case" submit="Withdraw the case" warning onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <Textarea id="reason" label="Why are they no longer at risk?" value={reason} onInput={setReason} error={errorFor(save.errors, 'reason')} />
    </StepForm>
  )
}

function ScheduleForm({ item, onDone }: Props) {
  const [date, setDate] = useState('')
  const [time, setTime] = useState('')
  const [location, setLocation] = useState('')
  const save = useForm({ 'input.startsAt': 'date', 'input.location': 'location' })
  const submit = () => {
    const found: FieldError[] = []
    checkDate(found, 'date', date, 'The day of the meeting', 'Enter the day of the meeting')
    const at = parseTime(time)
    if (!at) found.push({ field: 'time', message: 'Enter the time, for example 10:30' })
    if (!location.trim()) found.push({ field: 'location', message: 'Enter where the meeting is' })
    save.submit(found, async () => {
      await request(ScheduleMeetingDocument, {
        input: {
          employeeId: item.employee.id,
          expectedVersion: item.version,
          startsAt: londonToInstant(date, at as string),
          location: location.trim(),
        },
      })
      onDone('scheduled')
    })
  }
  return (
    <StepForm item={item} title="Schedule an individual meeting" submit="Schedule and send the invitation" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">The invitation is emailed to {item.employee.name} and says they may bring a colleague or a union representative.</p>
      <DateInput id="date" label="Day of the meeting" value={date} onInput={setDate} error={errorFor(save.errors, 'date')} />
      <TextInput id="time" width="5" label="Time" hint="UK time, for example 10:30" value={time} onInput={setTime} error={errorFor(save.errors, 'time')} />
      <TextInput id="location" label="Where" hint="A room, or how to join online" value={location} onInput={setLocation} error={errorFor(save.errors, 'location')} />
    </StepForm>
  )
}

function RecordForm({ item, onDone, meeting }: Props & { meeting: Case['meetings'][number] }) {
  const [heldOn, setHeldOn] = useState(meeting.scheduledFor.slice(0, 10))
  const [companion, setCompanion] = useState<CompanionKind | ''>('')
  const [name, setName] = useState('')
  const [notes, setNotes] = useState('')
  const save = useForm({ 'input.heldOn': 'heldOn', 'input.companionName': 'companionName', 'input.notes': 'notes', 'input.companionKind': 'companion' })
  const submit = () => {
    const found: FieldError[] = []
    checkDate(found, 'heldOn', heldOn, 'The day it was held', 'Enter the day it was held')
    if (!companion) found.push({ field: 'companion', message: 'Choose who accompanied them' })
    if (companion && companion !== 'NONE' && !name.trim()) found.push({ field: 'companionName', message: "Enter the companion's name" })
    if (!notes.trim()) found.push({ field: 'notes', message: 'Enter the notes of the meeting' })
    save.submit(found, async () => {
      await request(RecordMeetingDocument, {
        input: {
          meetingId: meeting.id,
          expectedVersion: meeting.version,
          heldOn,
          companionKind: companion as CompanionKind,
          companionName: companion === 'NONE' ? null : name.trim(),
          notes: notes.trim(),
        },
      })
      onDone('recorded')
    })
  }
  return (
    <StepForm item={item} title="Record the meeting" submit="Record the meeting" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">Scheduled for {formatDateTime(meeting.scheduledFor)}, {meeting.location}.</p>
      <DateInput id="heldOn" label="The day it was held" value={heldOn} onInput={setHeldOn} error={errorFor(save.errors, 'heldOn')} />
      <ChoiceField
        id="companion"
        label="Who accompanied them?"
        choices={(Object.keys(companionLabel) as CompanionKind[]).map((k) => ({ value: k, label: companionLabel[k] }))}
        values={companion ? [companion] : []}
        onChange={(v) => setCompanion((v[0] ?? '') as CompanionKind)}
        error={errorFor(save.errors, 'companion')}
      />
      {companion && companion !== 'NONE' && (
        <TextInput id="companionName" label="The companion's name" value={name} onInput={setName} error={errorFor(save.errors, 'companionName')} />
      )}
      <Textarea id="notes" label="Notes of the meeting" rows={8} value={notes} onInput={setNotes} error={errorFor(save.errors, 'notes')} />
    </StepForm>
  )
}

/** Kinds HR issues from here; offers, trial periods and notice come with their own steps. */
const issuable: LetterKind[] = ['INVITATION_TO_MEETING', 'AT_RISK', 'SLOT_IN_OUTCOME', 'RING_FENCE_OUTCOME', 'OFFER', 'TRIAL_PERIOD', 'NOTICE_OF_DISMISSAL', 'APPEAL_OUTCOME']

function LetterForm({ item, onDone }: Props) {
  const [kind, setKind] = useState<LetterKind | ''>('')
  const [date, setDate] = useState('')
  const [time, setTime] = useState('')
  const [place, setPlace] = useState('')
  const [outcome, setOutcome] = useState('')
  const [reasons, setReasons] = useState('')
  const save = useForm({
    'input.kind': 'kind',
    'input.meetingDate': 'date',
    'input.meetingTime': 'time',
    'input.meetingPlace': 'place',
    'input.outcome': 'outcome',
    'input.outcomeReasons': 'reasons',
  })
  const meeting = kind === 'INVITATION_TO_MEETING'
  const withOutcome = kind === 'RING_FENCE_OUTCOME' || kind === 'APPEAL_OUTCOME'
  const submit = () => {
    const found: FieldError[] = []
    if (!kind) found.push({ field: 'kind', message: 'Choose the kind of letter' })
    if (meeting) {
      checkDate(found, 'date', date, 'The day of the meeting', 'Enter the day of the meeting')
      if (!parseTime(time)) found.push({ field: 'time', message: 'Enter the time of the meeting, for example 10:30' })
      if (!place.trim()) found.push({ field: 'place', message: 'Enter where the meeting is' })
    }
    if (withOutcome && !outcome.trim()) found.push({ field: 'outcome', message: 'Enter the outcome' })
    save.submit(found, async () => {
      await request(IssueLetterDocument, {
        input: {
          employeeId: item.employee.id,
          kind: kind as LetterKind,
          meetingDate: meeting ? date : null,
          meetingTime: meeting ? parseTime(time) : null,
          meetingPlace: meeting ? place.trim() : null,
          outcome: withOutcome ? outcome.trim() : null,
          outcomeReasons: withOutcome && reasons.trim() ? reasons.trim() : null,
        },
      })
      onDone('letter')
    })
  }
  return (
    <StepForm item={item} title="Issue a letter" submit="Issue the letter" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">
        The letter is filled from {item.employee.name}'s case, kept as issued and emailed to them with a link to read and print it.
      </p>
      <ChoiceField
        id="kind"
        label="Which letter?"
        choices={issuable.map((k) => ({ value: k, label: letterKindLabel[k] }))}
        values={kind ? [kind] : []}
        onChange={(v) => setKind((v[0] ?? '') as LetterKind)}
        error={errorFor(save.errors, 'kind')}
      />
      {meeting && (
        <>
          <DateInput id="date" label="Day of the meeting" value={date} onInput={setDate} error={errorFor(save.errors, 'date')} />
          <TextInput id="time" width="5" label="Time of the meeting" hint="UK time, for example 10:30" value={time} onInput={setTime} error={errorFor(save.errors, 'time')} />
          <TextInput id="place" label="Where" hint="A room, or how to join online" value={place} onInput={setPlace} error={errorFor(save.errors, 'place')} />
        </>
      )}
      {withOutcome && (
        <>
          <Textarea id="outcome" label="The outcome" hint="A sentence or two." rows={3} value={outcome} onInput={setOutcome} error={errorFor(save.errors, 'outcome')} />
          <Textarea id="reasons" label="The reasons (optional)" value={reasons} onInput={setReasons} error={errorFor(save.errors, 'reasons')} />
        </>
      )}
    </StepForm>
  )
}
