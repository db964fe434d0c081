// The end of the feedback form: check your answers and send, then the confirmation.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError } from '../../api/client'
import { Button, ErrorSummary, type FieldError, InsetText, PageHeading, SummaryList, WarningText } from '../../components/govuk'
import { formatDate, formatDateTime, plural } from '../../format'
import { Link } from '../../router'
import { AnswerValue, ClosedPage, StepLink, confidentialityLabel, useFormErrors } from './FeedbackShared'
import {
  type FeedbackData,
  differs,
  forgetWorking,
  go,
  lateAttempts,
  newClientKey,
  questionOfError,
  responseWindow,
  saveResponse,
  stepPath,
  takeMoved,
  workingCopy,
} from './feedbackModel'

function FieldProblem({ message }: { message?: string }) {
  if (!message) return null
  return (
    <p class="govuk-error-message govuk-!-margin-top-2 govuk-!-margin-bottom-0">
      <span class="govuk-visually-hidden">Error:</span> {message}
    </p>
  )
}

export function CheckStep({ data }: { data: FeedbackData }) {
  const id = data.proposal.id
  const questions = data.feedbackForm.questions
  const working = workingCopy(id, data.myFeedback)
  const sent = data.myFeedback?.submitted ?? false
  const changed = sent && differs(questions, working, data.myFeedback)
  const { errors, attempt, setErrors } = useFormErrors()
  const [refused, setRefused] = useState<null | { late: boolean }>(null)
  // One response however often "Send response" is pressed: a send in flight blocks another,
  // and a retry of the same attempt carries the same key, which the server answers once.
  const sending = useRef(false)
  const clientKey = useRef<string | null>(null)

  const nothingYet = !data.myFeedback && working.confidential === null
  useEffect(() => {
    if (nothingYet) go(stepPath(id, 'confidentiality'), { replace: true })
  }, [nothingYet, id])
  const title = 'Check your answers before sending your response'
  // After PageHeading's own title, so the error stays in it (GOV.UK: "Error: " first).
  useEffect(() => {
    document.title = `${errors.length > 0 ? 'Error: ' : ''}${title} – Consult`
  }, [errors])
  if (refused) return <ClosedPage data={data} refused={refused.late} />
  if (nothingYet) return null

  // Open, or late with HR's agreement: then the closing date no longer says how long changes can be made.
  const end = responseWindow(data.proposal).kind === 'open' ? data.proposal.timetable.consultationEnd : null
  const answered = (key: string) => (working.answers[key] ?? []).some((value) => value.trim())
  const asks = questions.filter((question) => question.needsResponse && answered(question.key))

  const send = async () => {
    if (sending.current) return
    const missing: FieldError[] = []
    if (working.confidential === null) {
      missing.push({ field: 'change-confidentiality', message: 'Select whether you want your name to be shown with your response' })
    }
    for (const question of questions) {
      if (question.required && !answered(question.key)) {
        missing.push({ field: `change-${question.key}`, message: `Answer the question “${question.text}”` })
      }
    }
    if (missing.length > 0) {
      setErrors(missing)
      return
    }
    sending.current = true
    clientKey.current ??= newClientKey()
    try {
      await saveResponse(id, questions, working, { clientKey: clientKey.current })
      clientKey.current = null
      forgetWorking(id)
      lateAttempts.delete(id)
      go(`${stepPath(id, 'confirmation')}${sent ? '?updated=1' : ''}`)
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(String(error), 'INTERNAL_SERVER_ERROR')
      if (apiError.code === 'DEADLINE_PASSED') {
        setRefused({ late: lateAttempts.has(id) })
        lateAttempts.delete(id)
        return
      }
      if (apiError.code === 'BAD_USER_INPUT') {
        // The answers must change before the next attempt, which is then a new one.
        clientKey.current = null
        const about = questionOfError(apiError.field, apiError.message, questions, working.answers)
        setErrors([{ field: about ? `change-${about.key}` : 'check-answers', message: apiError.message }])
        return
      }
      // The network or the server failed: the same key lets "Send response" be tried again safely.
      setErrors([{ field: 'send-response', message: `Your response could not be sent. ${apiError.message}` }])
    } finally {
      sending.current = false
    }
  }

  const change = (step: string, key: string, hidden: string) => (
    <StepLink href={`${stepPath(id, step)}?return=check`} id={`change-${key}`}>
      Change<span class="govuk-visually-hidden"> {hidden}</span>
    </StepLink>
  )
  const problem = (field: string) => errors.find((error) => error.field === field)?.message

  return (
    <>
      <ErrorSummary errors={errors} />
      <PageHeading title={title} caption={data.proposal.title}>
        {title}
      </PageHeading>
      {sent && !changed && (
        <InsetText>
          You sent your response on {formatDateTime(data.myFeedback?.submittedAt)}. If you change an answer, check it here and
          send your response again.
        </InsetText>
      )}
      {changed && <WarningText>You have changed your response. Your changes have not been sent yet.</WarningText>}
      <div id="check-answers">
        <SummaryList
          rows={[
            {
              key: 'Name shown with your response',
              value: (
                <>
                  {confidentialityLabel(working.confidential)}
                  <FieldProblem message={problem('change-confidentiality')} />
                </>
              ),
              action: change('confidentiality', 'confidentiality', 'whether your name is shown with your response'),
            },
            ...questions.map((question, index) => ({
              key: question.text,
              value: (
                <>
                  <AnswerValue question={question} values={working.answers[question.key]} />
                  <FieldProblem message={problem(`change-${question.key}`)} />
                </>
              ),
              action: change(`questions-${index + 1}`, question.key, question.text),
            })),
          ]}
        />
      </div>

      <h2 class="govuk-heading-m">Now send your response</h2>
      <p class="govuk-body">
        HR reads every response.{' '}
        {working.confidential
          ? 'Only HR will see your name with it.'
          : 'HR and the manager leading the proposal will see your name with it; union representatives will not.'}
      </p>
      {asks.length > 0 && !sent && (
        <p class="govuk-body">
          What you wrote for “{asks.map((question) => question.text).join('” and “')}” will go to the question log, and a manager
          will answer it within {plural(data.proposal.timetable.questionResponseWorkingDays, 'working day')}.
        </p>
      )}
      {end && <p class="govuk-body">You can change your response until {formatDate(end)}.</p>}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void send()
        }}
      >
        <div id="send-response" key={attempt}>
          <Button>Send response</Button>
        </div>
      </form>
    </>
  )
}

/** The green confirmation panel; its title is the page's heading. */
function ConfirmationPanel({ title, children }: { title: string; children: string }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.title = `${title} – Consult`
    if (takeMoved()) ref.current?.focus()
  }, [title])
  return (
    <div class="govuk-panel govuk-panel--confirmation govuk-!-margin-bottom-6">
      <h1 class="govuk-panel__title" tabIndex={-1} ref={ref}>
        {title}
      </h1>
      <div class="govuk-panel__body">{children}</div>
    </div>
  )
}

export function ConfirmationStep({ data, updated }: { data: FeedbackData; updated: boolean }) {
  const id = data.proposal.id
  const response = data.myFeedback
  const sent = response?.submitted ?? false
  useEffect(() => {
    if (!sent) go(stepPath(id), { replace: true })
  }, [sent, id])
  if (!response || !sent) return null

  const open = responseWindow(data.proposal).kind === 'open'
  const end = data.proposal.timetable.consultationEnd
  const asked = data.feedbackForm.questions.filter(
    (question) => question.needsResponse && response.answers.some((answer) => answer.questionKey === question.key && answer.values.length > 0),
  )
  return (
    <>
      <ConfirmationPanel title={updated ? 'Response updated' : 'Response sent'}>
        {updated ? 'Your changes have been sent' : 'Thank you for telling us what you think'}
      </ConfirmationPanel>
      <p class="govuk-body">
        {updated
          ? 'Your response now includes your changes. Every version you send is kept.'
          : `We received your response on ${formatDateTime(response.submittedAt)}.`}{' '}
        {response.confidential
          ? 'Only HR can see your name with it.'
          : 'HR and the manager leading the proposal can see your name with it. Union representatives cannot.'}
      </p>

      <h2 class="govuk-heading-m">What happens next</h2>
      <p class="govuk-body">
        HR reads every response and groups what staff said into themes. Management then answers each theme and says whether the
        proposal will change because of it.
      </p>
      {!updated && asked.length > 0 && (
        <p class="govuk-body">
          Your questions have been added to the question log. A manager will answer them within{' '}
          {plural(data.proposal.timetable.questionResponseWorkingDays, 'working day')}; you can read the answers on{' '}
          <Link href={`/proposals/${id}/questions`}>your questions page</Link>.
        </p>
      )}
      <p class="govuk-body">
        {open ? `After the consultation closes${end ? ` on ${formatDate(end)}` : ''}, the` : 'The'} consultation outcome report will
        set out what staff said and what was done about it (“you said, we did”).
      </p>
      {open ? (
        <p class="govuk-body">
          You can change your response until {end ? formatDate(end) : 'the consultation closes'}:{' '}
          <StepLink href={stepPath(id, 'check')}>check or change your response</StepLink>.
        </p>
      ) : (
        <p class="govuk-body">The consultation has closed. If you need to change your response, contact HR.</p>
      )}
      <p class="govuk-body">
        <Link href={`/proposals/${id}`}>Go back to the proposal</Link>
      </p>
    </>
  )
}
