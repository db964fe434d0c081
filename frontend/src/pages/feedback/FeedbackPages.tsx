// The staff feedback form: a start page, then one page per step (GOV.UK "question pages",
// "check answers" and "confirmation pages" patterns). Every step loads the form and the
// person's saved response again, so a reload or a return days later picks up where they were.
import type { ComponentChildren } from 'preact'
import { useQuery } from '../../api/hooks'
import { InsetText, Loading, NotificationBanner, PageHeading, ProblemPage, WarningText } from '../../components/govuk'
import { formatDate, formatDateTime, plural } from '../../format'
import { Link, useLocation } from '../../router'
import { useMe } from '../../session'
import { CheckStep, ConfirmationStep } from './FeedbackCheck'
import { ClosedPage, StartButton, StepLink, deadlineSentence } from './FeedbackShared'
import { ConfidentialityStep, QuestionStep } from './FeedbackSteps'
import {
  type FeedbackData,
  FeedbackPagesDocument,
  lateAttempts,
  responseWindow,
  resumeStep,
  stepPath,
  workingCopy,
} from './feedbackModel'

type Params = { params: Record<string, string> }

export function FeedbackStartPage({ params }: Params) {
  return (
    <Column>
      <StaffOnly proposalId={params.id}>
        <WithFeedback proposalId={params.id}>{(data) => <StartPage data={data} />}</WithFeedback>
      </StaffOnly>
    </Column>
  )
}

/** GOV.UK forms sit in two thirds of the page, which keeps lines short enough to read. */
function Column({ children }: { children: ComponentChildren }) {
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">{children}</div>
    </div>
  )
}

export function FeedbackStepPage({ params }: Params) {
  const location = useLocation()
  const step = params.step
  const returnTo = location.query.get('return') === 'check' ? 'check' : undefined
  return (
    <Column>
      <StaffOnly proposalId={params.id}>
        <WithFeedback proposalId={params.id}>
          {(data) => {
            const questions = data.feedbackForm.questions
            const window = responseWindow(data.proposal)
            const sent = data.myFeedback?.submitted ?? false
            // A confirmation is still shown to someone who sent on the last day before midnight.
            if (window.kind !== 'open' && !(step === 'confirmation' && sent) && !lateAttempts.has(data.proposal.id)) {
              return <ClosedPage data={data} />
            }
            if (step === 'confidentiality') return <ConfidentialityStep data={data} returnTo={returnTo} />
            const number = step.match(/^questions-(\d+)$/)?.[1]
            if (number && Number(number) >= 1 && Number(number) <= questions.length) {
              return <QuestionStep data={data} index={Number(number) - 1} returnTo={returnTo} key={step} />
            }
            if (step === 'check') return <CheckStep data={data} />
            if (step === 'confirmation') return <ConfirmationStep data={data} updated={location.query.get('updated') === '1'} />
            return <StepNotFound proposalId={data.proposal.id} />
          }}
        </WithFeedback>
      </StaffOnly>
    </Column>
  )
}

/** The form is for affected staff: the server refuses everyone else (FORBIDDEN). */
function StaffOnly({ proposalId, children }: { proposalId: string; children: ComponentChildren }) {
  const me = useMe()
  if (me.role === 'STAFF') return <>{children}</>
  return <NotForYou proposalId={proposalId} rep={me.role === 'UNION_REP'} union={me.union} />
}

function NotForYou({ proposalId, rep, union }: { proposalId: string; rep: boolean; union?: string | null }) {
  const title = rep ? 'Union representatives respond collectively' : 'This form is for staff affected by the proposal'
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      {rep ? (
        <>
          <p class="govuk-body">
            The feedback form is for individual members of staff. As a representative of {union ?? 'your union'}, you send
            your union's collective response instead.
          </p>
          <p class="govuk-body">
            <Link href={`/proposals/${proposalId}/union-response`}>Write your union's collective response</Link>
          </p>
          <p class="govuk-body">
            <Link href={`/proposals/${proposalId}/staff-feedback`}>Read what staff said</Link> (without their names)
          </p>
        </>
      ) : (
        <p class="govuk-body">Only members of staff the proposal affects can send a response with this form.</p>
      )}
      <p class="govuk-body">
        <Link href={`/proposals/${proposalId}`}>Go back to the proposal</Link>
      </p>
    </>
  )
}

function WithFeedback({ proposalId, children }: {
  proposalId: string
  children: (data: FeedbackData) => ComponentChildren
}) {
  const me = useMe()
  const { data, error } = useQuery(FeedbackPagesDocument, { id: proposalId })
  if (error?.code === 'FORBIDDEN') return <NotForYou proposalId={proposalId} rep={me.role === 'UNION_REP'} union={me.union} />
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  return <>{children(data)}</>
}

function StepNotFound({ proposalId }: { proposalId: string }) {
  return (
    <>
      <PageHeading title="Page not found">Page not found</PageHeading>
      <p class="govuk-body">
        <Link href={stepPath(proposalId)}>Go to the start of the feedback form</Link>
      </p>
    </>
  )
}

function minutesToAnswer(count: number): number {
  // About two minutes a question, rounded up to five: a guide, not a promise.
  return Math.max(5, Math.ceil((count * 2) / 5) * 5)
}

function StartPage({ data }: { data: FeedbackData }) {
  const location = useLocation()
  const { proposal, feedbackForm, myFeedback } = data
  const window = responseWindow(proposal)
  if (window.kind !== 'open') return <ClosedPage data={data} />
  const questions = feedbackForm.questions
  const required = questions.filter((question) => question.required).length
  const start = stepPath(proposal.id, myFeedback ? resumeStep(questions, myFeedback) : 'confidentiality')
  const title = 'Respond to the consultation'
  return (
    <>
      {location.query.get('saved') === '1' && !myFeedback?.submitted && (
        <NotificationBanner success>
          <h3 class="govuk-notification-banner__heading">Your answers have been saved</h3>
          <p class="govuk-body">
            Your response has not been sent yet. You can come back and finish it at any time until the consultation closes
            {window.end ? ` on ${formatDate(window.end)}` : ''}.
          </p>
        </NotificationBanner>
      )}
      <PageHeading title={title} caption={proposal.title}>{title}</PageHeading>
      <p class="govuk-body-l">
        Tell us what you think of the proposal before a decision is made. HR reads every response, and the outcome of the
        consultation will say what was changed because of what staff said.
      </p>
      <p class="govuk-body">
        The form has {plural(questions.length, 'question')}
        {required > 0 ? `; you must answer ${required === questions.length ? 'all of them' : required}` : ''}. It takes about{' '}
        {minutesToAnswer(questions.length)} minutes.
      </p>
      <p class="govuk-body">
        You choose whether the manager leading the proposal sees your name. HR always sees it, and union representatives never do.
      </p>
      <p class="govuk-body">You can save your answers and come back later, and you can change your response after you send it.</p>
      <p class="govuk-body govuk-!-font-weight-bold">{deadlineSentence(window.end, window.daysLeft)}</p>

      {myFeedback?.submitted ? (
        <>
          <InsetText>
            You sent your response on {formatDateTime(myFeedback.submittedAt)}; you can change it until
            {window.end ? ` ${formatDate(window.end)}` : ' the consultation closes'}.
          </InsetText>
          {workingCopy(proposal.id, myFeedback).dirty && (
            <WarningText>You have changed your response but not sent the changes yet.</WarningText>
          )}
          <p class="govuk-body">
            <StepLink href={stepPath(proposal.id, 'check')}>Check or change your response</StepLink>
          </p>
        </>
      ) : myFeedback ? (
        <>
          <p class="govuk-body">You have started a response but not sent it yet.</p>
          <StartButton href={start}>Continue your response</StartButton>
        </>
      ) : (
        <StartButton href={start}>Start now</StartButton>
      )}

      {!myFeedback?.submitted && (
        <>
          <h2 class="govuk-heading-m">Before you start</h2>
          <p class="govuk-body">
            You may want to <Link href={`/proposals/${proposal.id}`}>read the proposal</Link> and the job descriptions first.
          </p>
        </>
      )}
      <p class="govuk-body">
        If you have a question you want answered, you can also <Link href={`/proposals/${proposal.id}/questions`}>ask a question</Link>{' '}
        at any time.
      </p>
    </>
  )
}

