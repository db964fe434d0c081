// "Your offer" on Your situation (issue 16; ERA 1996 s138, s141): the post HR offers, in plain
// words, what accepting or declining means, and the answer form (accept, or decline with a
// reason); once answered, the answer; in a trial period, when it ends and what happens then.
// Only the employee answers their offer; what the law means for them is said, never decided
// here: HR records any judgement on a refusal, and the employee sees it below.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import { useForm } from '../../form'
import type { YourOfferQuery } from '../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  InsetText,
  Loading,
  NotificationBanner,
  SummaryList,
  Textarea,
  WarningText,
  errorFor,
} from '../../components/govuk'
import { formatDate } from '../../format'

const YourOfferDocument = graphql(`
  query YourOffer($employeeId: ID!) {
    case(employeeId: $employeeId) {
      id
      offers {
        id version status answerBy answeredAt declinedReason
        post { title grade place weeklyPay }
        s141Judgement { offerSuitable refusalUnreasonable removesRedundancyPay reasons }
        trial { start end extendedTo endedOn endedBy endReason }
      }
    }
  }
`)
const AnswerOfferDocument = graphql(`
  mutation YourOfferAnswer($input: AnswerOfferInput!) { answerOffer(input: $input) { id status } }
`)

type Offer = YourOfferQuery['case']['offers'][number]

const pay = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' })

/** The employee's offers, the latest first in words; `onAnswered` refreshes the rest of the page. */
export function YourOffer({ employeeId, onAnswered }: { employeeId: string; onAnswered: () => void }) {
  const { data, error, reload } = useQuery(YourOfferDocument, { employeeId })
  const [answered, setAnswered] = useState<'accepted' | 'declined' | null>(null)
  const bannerRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    // The form has gone: the confirmation takes the focus so it is read out and keyboard users go on from there.
    const banner = answered ? bannerRef.current?.querySelector<HTMLElement>('.govuk-notification-banner') : null
    if (!banner) return
    banner.tabIndex = -1
    banner.focus()
  }, [answered])
  const offers = data?.case.offers ?? []
  const latest = offers[offers.length - 1]
  return (
    <section aria-labelledby={`offer-${employeeId}`}>
      <h2 class="govuk-heading-m" id={`offer-${employeeId}`}>Your offer</h2>
      <div ref={bannerRef}>
        {answered && (
          <NotificationBanner success titleId="offer-answered-title">
            <p class="govuk-notification-banner__heading">
              {answered === 'accepted' ? 'You have accepted the offer. HR has been told.' : 'You have declined the offer. HR has been told, with your reason.'}
            </p>
          </NotificationBanner>
        )}
      </div>
      {error ? (
        <p class="govuk-body">Your offer could not be loaded: {error.message}</p>
      ) : !data ? (
        <Loading />
      ) : !latest ? (
        <p class="govuk-body">HR has not made you an offer in Consult. Your letters below may say more.</p>
      ) : (
        <>
          <OfferDetails offer={latest} />
          {latest.status === 'OFFERED' ? (
            <AnswerForm
              offer={latest}
              onAnswered={(accepted) => {
                setAnswered(accepted ? 'accepted' : 'declined')
                reload()
                onAnswered()
              }}
            />
          ) : (
            <Outcome offer={latest} />
          )}
          {offers.length > 1 && <EarlierOffers offers={offers.slice(0, -1)} />}
        </>
      )}
    </section>
  )
}

function OfferDetails({ offer }: { offer: Offer }) {
  const { post } = offer
  return (
    <SummaryList
      rows={[
        { key: 'Post', value: post.title },
        ...(post.grade ? [{ key: 'Grade', value: post.grade }] : []),
        ...(post.place ? [{ key: 'Place of work', value: post.place }] : []),
        ...(post.weeklyPay ? [{ key: 'Pay', value: `${pay.format(Number(post.weeklyPay))} a week` }] : []),
        ...(offer.status === 'OFFERED' ? [{ key: 'Answer by', value: formatDate(offer.answerBy, true) }] : []),
      ]}
    />
  )
}

function AnswerForm({ offer, onAnswered }: { offer: Offer; onAnswered: (accepted: boolean) => void }) {
  const [answer, setAnswer] = useState<'' | 'accept' | 'decline'>('')
  const [reason, setReason] = useState('')
  const { errors, problem, setProblem, busy, submit: send } = useForm({ 'input.reason': 'offer-reason' })
  const submit = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (!answer) found.push({ field: 'offer-answer', message: 'Select whether you accept the post' })
    if (answer === 'decline' && !reason.trim()) found.push({ field: 'offer-reason', message: 'Enter why you are declining the post' })
    void send(
      found,
      async () => {
        await request(AnswerOfferDocument, {
          input: { offerId: offer.id, expectedVersion: offer.version, accept: answer === 'accept', reason: answer === 'decline' ? reason.trim() : null },
        })
        onAnswered(answer === 'accept')
      },
      (apiError) => {
        if (apiError.code !== 'CONFLICT') return false
        setProblem(new ApiError('Your offer changed while you were reading it. Reload the page to see it as it is now.', 'CONFLICT'))
        return true
      },
    )
  }
  const summary = problem ? [{ field: 'offer-answer', message: problem.message }] : errors
  return (
    <>
      <h3 class="govuk-heading-s">If you accept</h3>
      <p class="govuk-body">
        You start the new post on a day HR agrees with you. If it is different from your old post, you have a trial period of 4 weeks in it, to see
        whether it suits you (Employment Rights Act 1996, section 138).
      </p>
      <p class="govuk-body">
        If it does not suit you, you or the council can end it during the trial period. You are then treated as dismissed for redundancy from your
        old post, so you keep your right to redundancy pay. You could lose it only if HR judges the post suitable for you and your reasons for
        ending the trial unreasonable (section 141).
      </p>
      <h3 class="govuk-heading-s">If you decline</h3>
      <p class="govuk-body">
        Say why: HR reads your reason and keeps it with the offer. If HR judges that the post was suitable for you and that you refused it
        unreasonably, you could lose your redundancy pay (section 141). HR will tell you if it takes that view, and why.
      </p>
      <InsetText>
        <p class="govuk-body">If you are not sure, ask HR or your trade union representative before {formatDate(offer.answerBy)}.</p>
      </InsetText>
      <ErrorSummary errors={summary} />
      <form noValidate onSubmit={submit}>
        <ChoiceField
          id="offer-answer"
          label="Do you accept this post?"
          choices={[
            { value: 'accept', label: 'Yes, I accept the post' },
            { value: 'decline', label: 'No, I decline it' },
          ]}
          values={answer ? [answer] : []}
          onChange={(v) => setAnswer((v[0] ?? '') as 'accept' | 'decline')}
          error={errorFor(errors, 'offer-answer')}
        />
        {answer === 'decline' && (
          <Textarea
            id="offer-reason"
            label="Why are you declining it?"
            hint="For example, the travel, the hours, your health or caring for someone."
            value={reason}
            onInput={setReason}
            error={errorFor(errors, 'offer-reason')}
          />
        )}
        <Button disabled={busy}>Send your answer</Button>
      </form>
    </>
  )
}

/** The offer once answered: the answer, and the trial period or HR's judgement when there is one. */
function Outcome({ offer }: { offer: Offer }) {
  const trial = offer.trial
  const judgement = offer.s141Judgement
  const answeredOn = offer.answeredAt ? ` on ${formatDate(offer.answeredAt)}` : ''
  switch (offer.status) {
    case 'ACCEPTED':
      return (
        <>
          <p class="govuk-body">You accepted this post{answeredOn}.</p>
          <p class="govuk-body">
            HR will agree with you the day you start it. Your trial period of 4 weeks begins that day (Employment Rights Act 1996, section 138).
          </p>
        </>
      )
    case 'IN_TRIAL':
      return (
        <>
          <p class="govuk-body">You accepted this post{answeredOn}.</p>
          {trial && (
            <SummaryList
              rows={[
                { key: 'Your trial period began', value: formatDate(trial.start, true) },
                { key: 'It ends', value: formatDate(trial.end, true) },
              ]}
            />
          )}
          <h3 class="govuk-heading-s">What happens then</h3>
          <p class="govuk-body">
            {trial?.extendedTo
              ? 'Your trial period is longer than 4 weeks because you agreed in writing to retrain for the post (Employment Rights Act 1996, section 138(6)). '
              : ''}
            If the post suits you, HR confirms you in it and it is yours.
          </p>
          <p class="govuk-body">
            If it does not suit you, tell HR{trial ? ` by ${formatDate(trial.end)}` : ''}. Ending the trial within it means you are treated as
            dismissed for redundancy from your old post, so you keep your right to redundancy pay, unless HR judges the post suitable and your
            reasons unreasonable (Employment Rights Act 1996, sections 138 and 141).
          </p>
        </>
      )
    case 'CONFIRMED':
      return <p class="govuk-body">Your trial period is over and you keep this post{trial ? `: it ended on ${formatDate(trial.end)}` : ''}.</p>
    case 'DECLINED':
      return (
        <>
          <p class="govuk-body">You declined this post{answeredOn}.</p>
          {offer.declinedReason && (
            <InsetText>
              <p class="govuk-body">Your reason: {offer.declinedReason}</p>
            </InsetText>
          )}
          <Judgement judgement={judgement} what="your refusal" />
        </>
      )
    case 'TRIAL_ENDED':
      return (
        <>
          <p class="govuk-body">
            Your trial period in this post ended{trial?.endedOn ? ` on ${formatDate(trial.endedOn)}` : ''}
            {trial?.endedBy ? (trial.endedBy === 'EMPLOYEE' ? ', at your request' : ', at the council’s decision') : ''}.
          </p>
          {trial?.endReason && (
            <InsetText>
              <p class="govuk-body">The reason given: {trial.endReason}</p>
            </InsetText>
          )}
          <Judgement judgement={judgement} what="ending the trial period" />
        </>
      )
    default:
      return null
  }
}

function Judgement({ judgement, what }: { judgement: Offer['s141Judgement']; what: string }) {
  if (!judgement) return null
  return (
    <>
      <h3 class="govuk-heading-s">HR’s view of {what}</h3>
      <p class="govuk-body">
        HR judged the post {judgement.offerSuitable ? 'suitable' : 'not suitable'} for you, and {what}{' '}
        {judgement.refusalUnreasonable ? 'unreasonable' : 'reasonable'}.
      </p>
      <p class="govuk-body">HR’s reasons: {judgement.reasons}</p>
      {judgement.removesRedundancyPay ? (
        <WarningText>
          Because of this judgement you lose your right to a redundancy payment (Employment Rights Act 1996, section 141). If you disagree, tell HR
          or your trade union representative.
        </WarningText>
      ) : (
        <p class="govuk-body">You keep your right to a redundancy payment.</p>
      )}
    </>
  )
}

function EarlierOffers({ offers }: { offers: Offer[] }) {
  const word: Record<Offer['status'], string> = {
    OFFERED: 'waiting for your answer',
    ACCEPTED: 'accepted',
    DECLINED: 'declined',
    IN_TRIAL: 'in its trial period',
    CONFIRMED: 'confirmed',
    TRIAL_ENDED: 'trial period ended',
  }
  return (
    <>
      <h3 class="govuk-heading-s">Earlier offers</h3>
      <ul class="govuk-list">
        {offers.map((o) => (
          <li key={o.id}>
            {o.post.title}: {word[o.status]}
          </li>
        ))}
      </ul>
    </>
  )
}
