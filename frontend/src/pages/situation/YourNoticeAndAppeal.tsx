// "Your situation" once notice of dismissal is given: the notice period and last day, time off
// to look for work, redundancy pay line by line, and the right of appeal: a form to lodge one
// within the employer's window, then its status and hearing. In the person's own words; the
// figures and every refusal (out of time, already appealed) are the server's.
import { useEffect, useRef, useState } from 'preact/hooks'
import { type ApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import { useForm } from '../../form'
import type { YourNoticeAndAppealQuery } from '../../gql/graphql'
import {
  Button,
  ErrorSummary,
  type FieldError,
  InsetText,
  Loading,
  NotificationBanner,
  SummaryList,
  Textarea,
  errorFor,
} from '../../components/govuk'
import { RedundancyPayLines } from '../../components/RedundancyPayLines'
import { formatDate, formatDateTime, formatTime, plural } from '../../format'

const YourNoticeDocument = graphql(`
  query YourNoticeAndAppeal($employeeId: ID!) {
    case(employeeId: $employeeId) {
      id state
      notice { givenOn lastDay noticeWeeks statutoryWeeks contractualWeeks basis timeOffToLookForWork timeOffExplained appealDeadline }
      redundancyPay { ...RedundancyPayLines }
      appeals { id decisionStep decidedOn deadline lodgedOn grounds hearingStartsAt hearingEndsAt hearingPlace outcome outcomeOn outcomeReasons }
    }
  }
`)
const LodgeAppealDocument = graphql(`
  mutation YourNoticeLodgeAppeal($input: LodgeAppealInput!) { lodgeAppeal(input: $input) { id } }
`)

type Ends = NonNullable<YourNoticeAndAppealQuery['case']>
type Notice = NonNullable<Ends['notice']>
type Appeal = Ends['appeals'][number]

export function YourNoticeAndAppeal({ employeeId }: { employeeId: string }) {
  const { data, error, reload } = useQuery(YourNoticeDocument, { employeeId })
  const [lodged, setLodged] = useState(false)
  if (error) return <p class="govuk-body">Your notice and redundancy pay cannot be shown just now: {error.message}</p>
  if (!data) return <Loading />
  const ends = data.case
  const notice = ends.notice
  // The appeal against this notice (a notice given again after an upheld appeal is a new decision).
  const appeal = notice ? ends.appeals.find((a) => a.decisionStep === 'GIVE_NOTICE' && a.decidedOn === notice.givenOn) : undefined
  return (
    <>
      {notice && <YourNotice notice={notice} caseId={ends.id} />}

      <section aria-labelledby={`pay-${ends.id}`}>
        <h2 class="govuk-heading-m" id={`pay-${ends.id}`}>Your redundancy pay</h2>
        <RedundancyPayLines pay={ends.redundancyPay} reader="own" />
        <p class="govuk-body">HR’s letter confirms what you will be paid. If a date or your pay looks wrong, tell HR.</p>
      </section>

      <section aria-labelledby={`appeal-${ends.id}`}>
        <h2 class="govuk-heading-m" id={`appeal-${ends.id}`}>Appealing against your dismissal</h2>
        {appeal ? (
          <YourAppeal appeal={appeal} justLodged={lodged} />
        ) : notice ? (
          <AppealForm
            employeeId={employeeId}
            deadline={notice.appealDeadline}
            onLodged={() => {
              setLodged(true)
              reload()
            }}
          />
        ) : (
          <p class="govuk-body">There is no decision to appeal.</p>
        )}
      </section>
    </>
  )
}

function YourNotice({ notice, caseId }: { notice: Notice; caseId: string }) {
  const period =
    notice.basis === 'CONTRACTUAL'
      ? `${plural(notice.noticeWeeks, 'week')}, as your contract gives (longer than the legal minimum of ${plural(notice.statutoryWeeks, 'week')})`
      : `${plural(notice.noticeWeeks, 'week')}, the legal minimum for your length of service (Employment Rights Act 1996, section 86)`
  return (
    <section aria-labelledby={`notice-${caseId}`}>
      <h2 class="govuk-heading-m" id={`notice-${caseId}`}>Your notice</h2>
      <SummaryList
        rows={[
          { key: 'Notice given on', value: formatDate(notice.givenOn) },
          { key: 'Your notice period', value: period },
          { key: 'Your last day of service', value: <strong>{formatDate(notice.lastDay, true)}</strong> },
          { key: 'Last day to appeal', value: formatDate(notice.appealDeadline, true) },
        ]}
      />
      <h3 class="govuk-heading-s">Time off to look for work</h3>
      {notice.timeOffToLookForWork ? (
        <p class="govuk-body">{notice.timeOffExplained ?? 'You may take reasonable paid time off during your notice to look for work or arrange training.'} Ask your manager.</p>
      ) : (
        <p class="govuk-body">
          The law gives paid time off to look for work to people with 2 years’ continuous employment (Employment Rights Act 1996, section 52),
          which you will not have by the end of your notice. Your manager may still agree to time off: ask them.
        </p>
      )}
    </section>
  )
}

function AppealForm({ employeeId, deadline, onLodged }: { employeeId: string; deadline: string; onLodged: () => void }) {
  const id = `grounds-${employeeId}`
  const [grounds, setGrounds] = useState('')
  const { errors, problem: refusal, busy, submit: send } = useForm({ 'input.grounds': id })
  const submit = () => {
    const found: FieldError[] = grounds.trim() ? [] : [{ field: id, message: 'Enter why you are appealing' }]
    return send(found, async () => {
      await request(LodgeAppealDocument, { input: { employeeId, grounds: grounds.trim() } })
      onLodged()
    })
  }
  return (
    <>
      <p class="govuk-body">
        If you think the decision to dismiss you is wrong, or was not reached fairly, you can appeal. Someone who was not involved in the
        decision hears your appeal at a meeting, and you can bring a trade union representative or a work colleague.
      </p>
      <InsetText>
        <p class="govuk-body">
          The last day you can appeal is <strong>{formatDate(deadline, true)}</strong>: the employer’s appeal window, in working days from
          the day you were given notice.
        </p>
      </InsetText>
      {refusal && <Refusal error={refusal} />}
      <ErrorSummary errors={errors} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <Textarea
          id={id}
          label="Why are you appealing?"
          hint="Say what you think was wrong, for example how you were scored or how the decision was made. You can bring more to the hearing."
          rows={6}
          value={grounds}
          onInput={setGrounds}
          error={errorFor(errors, id)}
        />
        <Button disabled={busy}>Lodge your appeal</Button>
      </form>
    </>
  )
}

/** The server's refusal of an appeal (out of time, already lodged), read out when it appears. */
function Refusal({ error }: { error: ApiError }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [error])
  return (
    <div class="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <p class="govuk-body">{error.message}</p>
        </div>
      </div>
    </div>
  )
}

function YourAppeal({ appeal, justLodged }: { appeal: Appeal; justLodged: boolean }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const banner = justLodged ? ref.current?.querySelector<HTMLElement>('.govuk-notification-banner') : null
    if (!banner) return
    banner.tabIndex = -1
    banner.focus()
  }, [justLodged])
  const hearing = appeal.hearingStartsAt
    ? `${formatDateTime(appeal.hearingStartsAt)}${appeal.hearingEndsAt ? ` to ${formatTime(appeal.hearingEndsAt)}` : ''}, at ${appeal.hearingPlace ?? ''}`
    : 'Not arranged yet. HR will email you an invitation with the day, time and place.'
  const status = appeal.outcome
    ? appeal.outcome === 'UPHELD'
      ? `Upheld on ${formatDate(appeal.outcomeOn)}: your notice is withdrawn and your case is open again.`
      : `Not upheld on ${formatDate(appeal.outcomeOn)}: the decision to dismiss you stands.`
    : appeal.hearingStartsAt
      ? 'Waiting for the hearing.'
      : 'Lodged: waiting for HR to arrange a hearing.'
  return (
    <div ref={ref}>
      {justLodged && (
        <NotificationBanner success titleId={`appeal-banner-${appeal.id}`}>
          <p class="govuk-notification-banner__heading">Your appeal has been lodged. HR will arrange a hearing and tell you when it is.</p>
        </NotificationBanner>
      )}
      <SummaryList
        rows={[
          { key: 'Where it stands', value: status },
          { key: 'Lodged on', value: formatDate(appeal.lodgedOn) },
          { key: 'Last day to appeal', value: formatDate(appeal.deadline) },
          { key: 'Your grounds', value: <span class="app-pre-wrap">{appeal.grounds}</span> },
          { key: 'Your hearing', value: hearing },
          ...(appeal.outcomeReasons ? [{ key: 'The reasons', value: <span class="app-pre-wrap">{appeal.outcomeReasons}</span> }] : []),
        ]}
      />
      {appeal.hearingStartsAt && !appeal.outcome && (
        <p class="govuk-body">You can bring a trade union representative or a work colleague to the hearing. Tell HR who will come.</p>
      )}
    </div>
  )
}
