// The review of one trial period in a new post (ERA 1996 s138), reached from "My tasks": the
// employee, the post and the trial's dates, then one decision: confirm that they keep the post,
// or end the trial (who ended it, the day and the reason). Ending within the period keeps the
// employee's right to a redundancy payment, so the page says so before the manager decides.
// Either way the page returns to My tasks with a success banner, where the trial is gone.
import { useState } from 'preact/hooks'
import { ApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { TrialEndedBy, TrialReviewPageQuery } from '../../gql/graphql'
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
  Textarea,
  WarningText,
  errorFor,
} from '../../components/govuk'
import { DateInput, checkDate } from '../../components/DateInput'
import { formatDate, londonToday, plural } from '../../format'
import { useForm } from '../../form'
import { Link, navigate } from '../../router'
import { Problem } from './MyTasks'

const TrialReviewPageDocument = graphql(`
  query TrialReviewPage {
    myTrialReviews {
      employeeName proposalId proposalTitle trialStart trialEnd workingDaysLeft dueSoon
      offer { id version post { title grade place } trial { start end extendedTo } }
    }
  }
`)
const TrialReviewConfirmDocument = graphql(`
  mutation TrialReviewConfirm($input: ConfirmTrialPeriodInput!) {
    confirmTrialPeriod(input: $input) { id status }
  }
`)
const TrialReviewEndDocument = graphql(`
  mutation TrialReviewEnd($input: EndTrialPeriodInput!) {
    endTrialPeriod(input: $input) { id status }
  }
`)

type Review = TrialReviewPageQuery['myTrialReviews'][number]

export function TrialReviewPage({ params }: { params: Record<string, string> }) {
  const { data, error } = useQuery(TrialReviewPageDocument, {})
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  const review = data.myTrialReviews.find((r) => r.offer.id === params.offerId)
  if (!review) return <NotWaiting />
  return <ReviewForm key={review.offer.id} review={review} />
}

function Back() {
  return (
    <Link href="/tasks" class="govuk-back-link">
      Back to my tasks
    </Link>
  )
}

/** A trial confirmed or ended meanwhile, or one the viewer does not review. */
function NotWaiting() {
  return (
    <>
      <Back />
      <PageHeading title="Trial period not waiting for review">This trial period is not waiting for your review</PageHeading>
      <p class="govuk-body">It may have been confirmed or ended already, by you or by HR, or it is in a proposal you do not manage.</p>
      <p class="govuk-body">
        <Link href="/tasks">Go back to my tasks</Link>
      </p>
    </>
  )
}

const decisions = [
  { value: 'CONFIRM', label: 'Confirm: they keep the post', hint: 'The trial period has gone well: the employee stays in the new post and is no longer at risk of redundancy.' },
  { value: 'END', label: 'End the trial period', hint: 'The employee stays at risk of redundancy and HR takes the next step in their case. Give the reason below.' },
]

const endedByChoices: { value: TrialEndedBy; label: string }[] = [
  { value: 'EMPLOYER', label: 'The employer (you or HR)' },
  { value: 'EMPLOYEE', label: 'The employee' },
]

/** The server's field names, as this form's. */
const serverFields: Record<string, string> = {
  'input.reason': 'reason',
  'input.endedOn': 'endedOn',
  'input.endedBy': 'endedBy',
}

function ReviewForm({ review }: { review: Review }) {
  const [decision, setDecision] = useState<string[]>([])
  const [endedBy, setEndedBy] = useState<string[]>([])
  const [endedOn, setEndedOn] = useState(londonToday())
  const [reason, setReason] = useState('')
  const form = useForm(serverFields)
  const { errors, problem, busy, attempt } = form
  const chosen = decision[0]
  const post = review.offer.post
  const extended = review.offer.trial?.extendedTo

  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (!chosen) found.push({ field: 'decision', message: 'Select whether they keep the post or the trial period ends' })
    if (chosen === 'END') {
      if (endedBy.length === 0) found.push({ field: 'endedBy', message: 'Select who ended the trial period' })
      const ends = 'The day the trial period ends'
      if (checkDate(found, 'endedOn', endedOn, ends, `Enter ${ends.toLowerCase()}`) && (endedOn < review.trialStart || endedOn > review.trialEnd))
        found.push({ field: 'endedOn', message: `Enter a day from ${formatDate(review.trialStart)} to ${formatDate(review.trialEnd)}, within the trial period` })
      if (!reason.trim()) found.push({ field: 'reason', message: 'Enter the reason the trial period is ending' })
      else if (reason.length > 2000) found.push({ field: 'reason', message: 'The reason must be 2,000 characters or fewer' })
    }
    void form.submit(
      found,
      async () => {
        const offer = { offerId: review.offer.id, expectedVersion: review.offer.version }
        if (chosen === 'CONFIRM') {
          await request(TrialReviewConfirmDocument, { input: offer })
          navigate('/tasks?done=trialConfirmed')
        } else {
          await request(TrialReviewEndDocument, {
            input: { ...offer, endedOn, endedBy: endedBy[0] as TrialEndedBy, reason: reason.trim() },
          })
          navigate('/tasks?done=trialEnded')
        }
      },
      (apiError) => {
        if (apiError.code !== 'CONFLICT') return false
        form.setProblem(new ApiError('Someone else changed this trial period while you were reviewing it (HR may have extended, confirmed or ended it), so nothing has been saved. Go back to my tasks to see where it stands.', 'CONFLICT'))
        return true
      },
    )
  }

  return (
    <>
      <Back />
      <ErrorSummary errors={errors} />
      <Problem error={problem} title="Your decision has not been saved" />
      <PageHeading title={`Review ${review.employeeName}'s trial period`} caption={review.proposalTitle}>
        Review {review.employeeName}’s trial period
      </PageHeading>
      <SummaryList
        rows={[
          { key: 'Employee', value: review.employeeName },
          // The grade only when the title does not already say it ("Officer (Grade 8)").
          { key: 'Post', value: [post.title, post.grade && !post.title.includes(post.grade) ? post.grade : null, post.place].filter(Boolean).join(', ') },
          { key: 'Started', value: formatDate(review.trialStart, true) },
          {
            key: 'Ends',
            value: (
              <>
                {formatDate(review.trialEnd, true)}
                {extended && <span class="govuk-!-display-block">Extended for retraining by written agreement</span>}
              </>
            ),
          },
          {
            key: 'Time left',
            value: (
              <>
                {review.workingDaysLeft > 0 ? `${plural(review.workingDaysLeft, 'working day')} after today` : 'This is the last day, or it has passed'}
                {review.dueSoon && (
                  <>
                    {' '}
                    <Tag colour="orange">Review due</Tag>
                  </>
                )}
              </>
            ),
          },
          { key: 'Proposal', value: <Link href={`/proposals/${review.proposalId}`}>{review.proposalTitle}</Link> },
        ]}
      />
      <InsetText>
        A trial period lets the employee and you see whether the new post suits them (Employment Rights Act 1996, section 138). If it ends on or before its last
        day, by either side, the employee keeps their right to a redundancy payment.
      </InsetText>
      <form noValidate onSubmit={save}>
        <ChoiceField id="decision" label="Your decision" choices={decisions} values={decision} onChange={setDecision} error={errorFor(errors, 'decision')} />
        {chosen === 'END' && (
          <>
            <WarningText>Talk to HR before you end a trial period: they send the employee the letter and take the next step in their case.</WarningText>
            <ChoiceField id="endedBy" label="Who ended it?" choices={endedByChoices} values={endedBy} onChange={setEndedBy} error={errorFor(errors, 'endedBy')} />
            <DateInput
              id="endedOn"
              label="The day the trial period ends"
              hint={`From ${formatDate(review.trialStart)} to ${formatDate(review.trialEnd)}.`}
              value={endedOn}
              onInput={setEndedOn}
              error={errorFor(errors, 'endedOn')}
            />
            <Textarea
              id="reason"
              label="Why it is ending"
              hint="It is kept in the employee’s case and the employee can read it."
              rows={5}
              value={reason}
              onInput={setReason}
              error={errorFor(errors, 'reason')}
            />
          </>
        )}
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy} warning={chosen === 'END'}>
            {chosen === 'END' ? 'End the trial period' : 'Save decision'}
          </Button>
          <Link href="/tasks">Cancel</Link>
        </div>
      </form>
    </>
  )
}
