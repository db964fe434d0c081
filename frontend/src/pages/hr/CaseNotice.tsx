// The end of a case on HR's case page (issue 16): notice of dismissal (ERA 1996 s86) with its
// last day and time off to look for work (s52), redundancy pay line by line (s162), and the
// appeals the employee lodges, with their hearings and outcomes. The sections sit on the case
// page; each step is its own small page (`?view=notice`, `pay-inputs`, `hearing`,
// `appeal-outcome`), as the other steps of the case are. The server decides everything:
// when notice may be given (after consultation and HR1), the period, the pay, the window.
import { useState } from 'preact/hooks'
import { ApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { AppealOutcome, CaseNoticeQuery, CaseState } from '../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  InsetText,
  Loading,
  PageHeading,
  ProblemPage,
  SummaryList,
  Tag,
  TextInput,
  Textarea,
  WarningText,
  errorFor,
} from '../../components/govuk'
import { DateInput, checkDate } from '../../components/DateInput'
import { RedundancyPayLines, formatPounds, missingPayFacts } from '../../components/RedundancyPayLines'
import { formatDate, formatDateTime, formatTime, londonToday, plural } from '../../format'
import { type Form, useForm } from '../../form'
import { Link, useLocation } from '../../router'
import { pageProblem } from '../../components/pageProblem'
import { StepProblem, caseStateLabel } from './individualKit'
import { londonToInstant, parseTime } from '../../components/planKit'

const CaseNoticeDocument = graphql(`
  query CaseNotice($employeeId: ID!) {
    case(employeeId: $employeeId) {
      id state
      notice { givenOn lastDay noticeWeeks statutoryWeeks contractualWeeks basis timeOffToLookForWork timeOffExplained appealDeadline }
      redundancyPay { inputsVersion pensionStrain ...RedundancyPayLines }
      appeals {
        id version decisionStep decidedOn deadline lodgedOn grounds
        hearingStartsAt hearingEndsAt hearingPlace outcome outcomeOn outcomeReasons reopenedAt
      }
    }
  }
`)
const GiveNoticeDocument = graphql(`
  mutation CaseNoticeGive($input: GiveNoticeInput!) { giveNotice(input: $input) { notice { lastDay } } }
`)
const PayInputsDocument = graphql(`
  mutation CaseNoticePayInputs($input: SetCasePayInputsInput!) { setCasePayInputs(input: $input) { version } }
`)
const HearingDocument = graphql(`
  mutation CaseNoticeHearing($input: SetAppealHearingInput!) { setAppealHearing(input: $input) { id version } }
`)
const OutcomeDocument = graphql(`
  mutation CaseNoticeOutcome($input: RecordAppealOutcomeInput!) { recordAppealOutcome(input: $input) { case { state } } }
`)

type Ends = NonNullable<CaseNoticeQuery['case']>
type Notice = NonNullable<Ends['notice']>
type Appeal = Ends['appeals'][number]

/** What this file needs of the case page's case. */
export interface NoticeCase {
  proposalId: string
  state: CaseState
  version: number
  continuousServiceStart?: string | null
  contractualNoticeWeeks?: number | null
  employee: { id: string; name: string }
}

/** The states notice may be given from (the server checks it again). */
const NOTICE_FROM: CaseState[] = ['AT_RISK', 'IN_SELECTION_POOL', 'REDEPLOYMENT', 'DECLINED', 'TRIAL_ENDED']
/** A notice is in force in these states; a reopened case's old notice is not. */
const NOTICE_IN_FORCE: CaseState[] = ['NOTICE_GIVEN', 'LEFT']

const VIEWS = ['notice', 'pay-inputs', 'hearing', 'appeal-outcome']

export function isNoticeView(view: string | null): view is string {
  return view !== null && VIEWS.includes(view)
}

/** The case page's banner after each step here. */
export const noticeDoneMessages: Record<string, string> = {
  notice: 'Notice of dismissal has been given. They have been emailed their last day and how to appeal.',
  'pay-inputs': 'The pay inputs have been saved.',
  hearing: 'The appeal hearing has been set and the invitation emailed to them.',
  'appeal-upheld': 'The appeal is upheld: the notice is withdrawn and the case has reopened. Issue the appeal outcome letter.',
  'appeal-not-upheld': 'The appeal is not upheld: the notice stands. Issue the appeal outcome letter.',
}

const outcomeLabel: Record<AppealOutcome, string> = {
  UPHELD: 'Upheld',
  NOT_UPHELD: 'Not upheld',
}

function casePath(item: NoticeCase): string {
  return `/proposals/${item.proposalId}/cases/${item.employee.id}`
}

// ---------------------------------------------------------------- the sections on the case page

/** "Notice and redundancy pay" and "Appeals", on the case page. */
export function CaseNoticeSections({ item }: { item: NoticeCase }) {
  const { data, error } = useQuery(CaseNoticeDocument, { employeeId: item.employee.id })
  if (error) return <p class="govuk-body">Notice, redundancy pay and appeals cannot be shown just now: {error.message}</p>
  if (!data) return <Loading />
  const ends = data.case
  return (
    <>
      <NoticeSection item={item} ends={ends} />
      <AppealsSection item={item} ends={ends} />
    </>
  )
}

function NoticeSection({ item, ends }: { item: NoticeCase; ends: Ends }) {
  const base = casePath(item)
  const notice = ends.notice
  const inForce = notice && NOTICE_IN_FORCE.includes(item.state)
  const mayGive = NOTICE_FROM.includes(item.state)
  const pay = ends.redundancyPay
  const factsMissing = pay.missing.filter((m) => m === 'continuousServiceStart' || m === 'dateOfBirth')
  return (
    <section aria-labelledby="notice-heading">
      <h2 class="govuk-heading-m" id="notice-heading">Notice and redundancy pay</h2>
      {inForce && notice ? (
        <NoticeSummary notice={notice} />
      ) : (
        <>
          {notice && (
            <p class="govuk-body">
              The notice given on {formatDate(notice.givenOn)} is no longer in force: an appeal against it was upheld.
            </p>
          )}
          {mayGive ? (
            item.continuousServiceStart ? (
              <p class="govuk-body">
                <Link href={`${base}?view=notice`} class="govuk-button govuk-!-margin-bottom-0" draggable={false}>
                  Give notice of dismissal
                </Link>
              </p>
            ) : (
              <p class="govuk-body">
                Record their continuous service start before giving notice: the notice period depends on it.{' '}
                <Link href={`${base}?view=facts`}>Record the facts HR holds</Link>
              </p>
            )
          ) : (
            !inForce && <p class="govuk-body">No notice has been given.{item.state === 'OFFERED' ? ' Wait for their answer to the offer first.' : ''}</p>
          )}
        </>
      )}

      <h3 class="govuk-heading-s">Redundancy pay</h3>
      <RedundancyPayLines pay={pay} reader="hr" />
      {factsMissing.length > 0 && (
        <p class="govuk-body">
          <Link href={`${base}?view=facts`}>
            Record {missingPayFacts(factsMissing, 'hr').join(' and ')}
          </Link>
        </p>
      )}
      {pay.missing.includes('weeklyPay') && (
        <p class="govuk-body">Their gross weekly pay is taken from their employee record, which is set before the decision.</p>
      )}
      {pay.pensionStrain != null && (
        <p class="govuk-body">Pension strain cost HR entered: {formatPounds(pay.pensionStrain)}.</p>
      )}
      {!inForce && !['LEFT', 'WITHDRAWN'].includes(item.state) && (
        <p class="govuk-body">
          <Link href={`${base}?view=pay-inputs`}>
            Set a provisional relevant date or a pension strain cost<span class="govuk-visually-hidden"> for {item.employee.name}</span>
          </Link>
        </p>
      )}
    </section>
  )
}

function NoticeSummary({ notice }: { notice: Notice }) {
  const contractual = notice.contractualWeeks
  const basis =
    notice.basis === 'CONTRACTUAL'
      ? `Their contract’s ${plural(notice.noticeWeeks, 'week')}, longer than the statutory minimum of ${plural(notice.statutoryWeeks, 'week')}`
      : `The statutory minimum for their service (ERA 1996 s86)${contractual != null ? `; their contract gives ${plural(contractual, 'week')}` : ''}`
  return (
    <SummaryList
      rows={[
        { key: 'Notice given on', value: formatDate(notice.givenOn) },
        {
          key: 'Notice period',
          value: (
            <>
              {plural(notice.noticeWeeks, 'week')}
              <span class="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{basis}</span>
            </>
          ),
        },
        { key: 'Statutory minimum', value: plural(notice.statutoryWeeks, 'week') },
        { key: 'Contractual notice', value: contractual == null ? 'Not recorded: the statutory minimum applies' : plural(contractual, 'week') },
        { key: 'Last day of service', value: <strong>{formatDate(notice.lastDay, true)}</strong> },
        { key: 'Last day to appeal', value: formatDate(notice.appealDeadline, true) },
        {
          key: 'Time off to look for work',
          value: notice.timeOffToLookForWork
            ? notice.timeOffExplained ?? 'Entitled (ERA 1996 s52)'
            : 'Not entitled: it needs 2 years’ continuous employment (ERA 1996 s52)',
        },
      ]}
    />
  )
}

function AppealsSection({ item, ends }: { item: NoticeCase; ends: Ends }) {
  const base = casePath(item)
  return (
    <section aria-labelledby="appeals-heading">
      <h2 class="govuk-heading-m" id="appeals-heading">Appeals</h2>
      {ends.appeals.length === 0 ? (
        <p class="govuk-body">
          No appeal has been lodged.
          {NOTICE_IN_FORCE.includes(item.state) &&
            ' They lodge an appeal themselves, on their “Your situation” page, within the appeal window of the employer’s policy; the notice email told them the last day.'}
        </p>
      ) : (
        ends.appeals.map((appeal, index) => (
          <div class="govuk-summary-card" key={appeal.id}>
            <div class="govuk-summary-card__title-wrapper">
              <h3 class="govuk-summary-card__title">
                Appeal {index + 1}: lodged {formatDate(appeal.lodgedOn)}
              </h3>
              {!appeal.outcome && (
                <ul class="govuk-summary-card__actions">
                  <li class="govuk-summary-card__action">
                    <Link href={`${base}?view=hearing&appeal=${appeal.id}`}>
                      {appeal.hearingStartsAt ? 'Move the hearing' : 'Set the hearing'}
                      <span class="govuk-visually-hidden"> of appeal {index + 1}</span>
                    </Link>
                  </li>
                  <li class="govuk-summary-card__action">
                    <Link href={`${base}?view=appeal-outcome&appeal=${appeal.id}`}>
                      Record the outcome<span class="govuk-visually-hidden"> of appeal {index + 1}</span>
                    </Link>
                  </li>
                </ul>
              )}
            </div>
            <div class="govuk-summary-card__content">
              <AppealRows appeal={appeal} />
            </div>
          </div>
        ))
      )}
    </section>
  )
}

function hearingText(appeal: Appeal): string {
  if (!appeal.hearingStartsAt) return 'Not set yet'
  const ends = appeal.hearingEndsAt ? ` to ${formatTime(appeal.hearingEndsAt)}` : ''
  return `${formatDateTime(appeal.hearingStartsAt)}${ends}, ${appeal.hearingPlace ?? ''}`
}

function AppealRows({ appeal }: { appeal: Appeal }) {
  const reopened = appeal.reopenedAt as CaseState | null
  return (
    <SummaryList
      rows={[
        {
          key: 'Against',
          value: appeal.decisionStep === 'GIVE_NOTICE' ? `The notice of dismissal given on ${formatDate(appeal.decidedOn)}` : `The decision of ${formatDate(appeal.decidedOn)}`,
        },
        { key: 'Last day to lodge', value: formatDate(appeal.deadline) },
        { key: 'Grounds', value: <span class="app-pre-wrap">{appeal.grounds}</span> },
        { key: 'Hearing', value: hearingText(appeal) },
        {
          key: 'Outcome',
          value: appeal.outcome ? (
            <>
              <Tag colour={appeal.outcome === 'UPHELD' ? 'green' : 'grey'}>{outcomeLabel[appeal.outcome]}</Tag>{' '}
              on {formatDate(appeal.outcomeOn)}
              {appeal.outcome === 'UPHELD'
                ? `: the notice was withdrawn and the case reopened${reopened && caseStateLabel[reopened] ? ` (${caseStateLabel[reopened].label.toLowerCase()})` : ''}.`
                : ': the notice stands.'}
            </>
          ) : (
            'Not decided yet'
          ),
        },
        ...(appeal.outcomeReasons ? [{ key: 'Reasons', value: <span class="app-pre-wrap">{appeal.outcomeReasons}</span> }] : []),
      ]}
    />
  )
}

// ---------------------------------------------------------------- the step pages

interface StepProps {
  item: NoticeCase
  ends: Ends
  onDone: (what: string) => void
}

/** One of this file's step pages, with what it needs loaded. */
export function CaseNoticeStep({ view, item, onDone }: { view: string; item: NoticeCase; onDone: (what: string) => void }) {
  const location = useLocation()
  const { data, error } = useQuery(CaseNoticeDocument, { employeeId: item.employee.id })
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const props = { item, ends: data.case, onDone }
  const appeal = data.case.appeals.find((a) => a.id === location.query.get('appeal'))
  if (view === 'notice') return <GiveNoticeForm {...props} />
  if (view === 'pay-inputs') return <PayInputsForm {...props} />
  if (view === 'hearing' && appeal) return <HearingForm {...props} appeal={appeal} />
  if (view === 'appeal-outcome' && appeal) return <OutcomeForm {...props} appeal={appeal} />
  return <ProblemPage error={new ApiError('There is no such appeal in this case.', 'NOT_FOUND')} />
}

function Step({ item, title, save, submit, warning, onSubmit, children }: {
  item: NoticeCase
  title: string
  save: Form
  submit: string
  warning?: boolean
  onSubmit: () => void
  children: preact.ComponentChildren
}) {
  const base = casePath(item)
  // The gates' refusal names what is missing in codes ("hr1"); its message already says it in words.
  const problem = save.problem && new ApiError(save.problem.message, save.problem.code)
  return (
    <>
      <Link href={base} class="govuk-back-link">
        Back to {item.employee.name}'s case
      </Link>
      {problem && <StepProblem error={problem} />}
      <ErrorSummary errors={save.errors} />
      <PageHeading title={`${title}: ${item.employee.name}`} caption={item.employee.name}>
        {title}
      </PageHeading>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          onSubmit()
        }}
      >
        {children}
        <div class="govuk-button-group">
          <Button disabled={save.busy} warning={warning}>{submit}</Button>
          <Link href={base}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

function GiveNoticeForm({ item, onDone }: StepProps) {
  const [givenOn, setGivenOn] = useState(londonToday())
  const save = useForm({ 'input.givenOn': 'givenOn' })
  const submit = () => {
    const found: FieldError[] = []
    checkDate(found, 'givenOn', givenOn, 'The day they receive the notice', 'Enter the day they receive the notice')
    save.submit(found, async () => {
      await request(GiveNoticeDocument, { input: { employeeId: item.employee.id, expectedVersion: item.version, givenOn } })
      onDone('notice')
    })
  }
  const contract = item.contractualNoticeWeeks
  return (
    <Step item={item} title="Give notice of dismissal" submit="Give notice" save={save} onSubmit={submit}>
      <p class="govuk-body">
        Consult works out the notice period, the longer of the statutory minimum for their service (ERA 1996 s86) and their contract (
        {contract == null ? 'no contractual notice is recorded' : plural(contract, 'week')}), and their last day of service. They are emailed
        their last day and how to appeal.
      </p>
      <InsetText>
        Where collective consultation applies, notice cannot be given until consultation has ended, nor before HR1 has been made to the
        Secretary of State.
      </InsetText>
      <DateInput
        id="givenOn"
        label="The day they receive the notice"
        hint="The notice period begins the day after."
        value={givenOn}
        onInput={setGivenOn}
        error={errorFor(save.errors, 'givenOn')}
      />
    </Step>
  )
}

/** "1500.00" from what HR typed ("£1,500"), or null when it is not an amount. */
function money(text: string): string | null {
  const plain = text.trim().replace(/^£/, '').replace(/,/g, '')
  return /^\d+(\.\d{1,2})?$/.test(plain) ? Number(plain).toFixed(2) : null
}

function PayInputsForm({ item, ends, onDone }: StepProps) {
  const pay = ends.redundancyPay
  const [relevant, setRelevant] = useState(pay.relevantDateBasis === 'PROVISIONAL' ? pay.relevantDate ?? '' : '')
  const [strain, setStrain] = useState(pay.pensionStrain == null ? '' : String(Number(pay.pensionStrain)))
  const save = useForm({ 'input.provisionalRelevantDate': 'relevant', 'input.pensionStrain': 'strain' })
  const submit = () => {
    const found: FieldError[] = []
    checkDate(found, 'relevant', relevant, 'The provisional relevant date')
    if (strain.trim() && money(strain) === null) found.push({ field: 'strain', message: 'Enter the pension strain cost in pounds, for example 1500.00' })
    save.submit(found, async () => {
      await request(PayInputsDocument, {
        input: {
          employeeId: item.employee.id,
          expectedVersion: pay.inputsVersion,
          provisionalRelevantDate: relevant || null,
          pensionStrain: strain.trim() ? money(strain) : null,
        },
      })
      onDone('pay-inputs')
    })
  }
  return (
    <Step item={item} title="Pay inputs" submit="Save the pay inputs" save={save} onSubmit={submit}>
      <p class="govuk-body">
        Redundancy pay is worked out at the last day of notice. Before notice, a provisional date lets you see their pay and the
        proposal’s costs; notice, once given, replaces it.
      </p>
      <DateInput
        id="relevant"
        label="Provisional relevant date (optional)"
        hint="Such as the planned last day of service."
        value={relevant}
        onInput={setRelevant}
        error={errorFor(save.errors, 'relevant')}
      />
      <TextInput
        id="strain"
        width="10"
        label="Pension strain cost, in pounds (optional)"
        hint="What the pension fund charges the employer for early release of their pension, if it applies."
        value={strain}
        onInput={setStrain}
        error={errorFor(save.errors, 'strain')}
      />
    </Step>
  )
}

/** A London day and time ("2026-07-01", "10:30") of an instant. */
function londonParts(instant: string | null | undefined): [string, string] {
  if (!instant) return ['', '']
  const at = new Date(instant)
  return [londonToday(at), formatTime(instant)]
}

function HearingForm({ item, appeal, onDone }: StepProps & { appeal: Appeal }) {
  const [startDay, startTime] = londonParts(appeal.hearingStartsAt)
  const [, endTime] = londonParts(appeal.hearingEndsAt)
  const [date, setDate] = useState(startDay)
  const [start, setStart] = useState(startTime)
  const [end, setEnd] = useState(endTime)
  const [place, setPlace] = useState(appeal.hearingPlace ?? '')
  const save = useForm({ 'input.startsAt': 'date', 'input.endsAt': 'end', 'input.place': 'place' })
  const submit = () => {
    const found: FieldError[] = []
    checkDate(found, 'date', date, 'The day of the hearing', 'Enter the day of the hearing')
    const from = parseTime(start)
    const to = parseTime(end)
    if (!from) found.push({ field: 'start', message: 'Enter the time it starts, for example 10:30' })
    if (!to) found.push({ field: 'end', message: 'Enter the time it ends, for example 11:30' })
    else if (from && to <= from) found.push({ field: 'end', message: 'The hearing must end after it starts' })
    if (!place.trim()) found.push({ field: 'place', message: 'Enter where the hearing is' })
    save.submit(found, async () => {
      await request(HearingDocument, {
        input: {
          appealId: appeal.id,
          expectedVersion: appeal.version,
          startsAt: londonToInstant(date, from as string),
          endsAt: londonToInstant(date, to as string),
          place: place.trim(),
        },
      })
      onDone('hearing')
    })
  }
  return (
    <Step item={item} title={appeal.hearingStartsAt ? 'Move the appeal hearing' : 'Set the appeal hearing'} submit="Set the hearing and send the invitation" save={save} onSubmit={submit}>
      <p class="govuk-body">
        {item.employee.name} is emailed an invitation with a calendar entry, and told they may bring a colleague or a trade union
        representative.
      </p>
      <SummaryList rows={[{ key: 'Their grounds', value: <span class="app-pre-wrap">{appeal.grounds}</span> }]} />
      <DateInput id="date" label="Day of the hearing" value={date} onInput={setDate} error={errorFor(save.errors, 'date')} />
      <TextInput id="start" width="5" label="Starts at" hint="UK time, for example 10:30" value={start} onInput={setStart} error={errorFor(save.errors, 'start')} />
      <TextInput id="end" width="5" label="Ends at" hint="UK time, for example 11:30" value={end} onInput={setEnd} error={errorFor(save.errors, 'end')} />
      <TextInput id="place" label="Where" hint="A room, or how to join online" value={place} onInput={setPlace} error={errorFor(save.errors, 'place')} />
    </Step>
  )
}

function OutcomeForm({ item, appeal, onDone }: StepProps & { appeal: Appeal }) {
  const [outcome, setOutcome] = useState<AppealOutcome | ''>('')
  const [reasons, setReasons] = useState('')
  const save = useForm({ 'input.outcome': 'outcome', 'input.reasons': 'reasons' })
  const submit = () => {
    const found: FieldError[] = []
    if (!outcome) found.push({ field: 'outcome', message: 'Choose the outcome of the appeal' })
    if (!reasons.trim()) found.push({ field: 'reasons', message: 'Enter the reasons for the outcome' })
    save.submit(found, async () => {
      await request(OutcomeDocument, {
        input: { appealId: appeal.id, expectedVersion: appeal.version, outcome: outcome as AppealOutcome, reasons: reasons.trim() },
      })
      onDone(outcome === 'UPHELD' ? 'appeal-upheld' : 'appeal-not-upheld')
    })
  }
  return (
    <Step item={item} title="Record the appeal’s outcome" submit="Record the outcome" save={save} onSubmit={submit}>
      <SummaryList
        rows={[
          { key: 'Their grounds', value: <span class="app-pre-wrap">{appeal.grounds}</span> },
          { key: 'Hearing', value: hearingText(appeal) },
        ]}
      />
      <ChoiceField
        id="outcome"
        label="What is the outcome?"
        choices={[
          {
            value: 'UPHELD',
            label: 'Upheld: the decision is overturned',
            hint: 'The notice is withdrawn and the case reopens where it was before notice was given.',
          },
          { value: 'NOT_UPHELD', label: 'Not upheld: the decision stands', hint: 'The notice stays in force.' },
        ]}
        values={outcome ? [outcome] : []}
        onChange={(v) => setOutcome((v[0] ?? '') as AppealOutcome)}
        error={errorFor(save.errors, 'outcome')}
      />
      <Textarea
        id="reasons"
        label="The reasons"
        hint="The outcome letter states them."
        rows={6}
        value={reasons}
        onInput={setReasons}
        error={errorFor(save.errors, 'reasons')}
      />
      <WarningText>The outcome is final: it cannot be changed once recorded.</WarningText>
    </Step>
  )
}
