// Parts the feedback pages share: links between steps, the closed page, a read-only list of
// answers, and the deadline in words.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { Button as GovukButton } from 'govuk-frontend'
import { formatDate, formatDateTime, plural } from '../../format'
import { Link } from '../../router'
import { type FieldError, PageHeading, SummaryList } from '../../components/govuk'
import {
  type FeedbackData,
  type FormQuestion,
  choiceLabel,
  go,
  isTextQuestion,
  lateAttempts,
  responseWindow,
  resumeStep,
  stepPath,
  takeMoved,
} from './feedbackModel'

/** "You have 20 days left, until Monday 14 December 2026." */
export function deadlineSentence(end: string | null, daysLeft: number | null): string {
  if (!end || daysLeft === null) return 'The closing date has not been set yet.'
  if (daysLeft === 0) return `Today is the last day to respond: the consultation closes at midnight tonight (${formatDate(end, true)}).`
  return `You have ${plural(daysLeft, 'day')} left, until ${formatDate(end, true)}.`
}

/** A GOV.UK start button: a link that looks like a button, with the arrow. */
export function StartButton({ href, children }: { href: string; children: string }) {
  const ref = useRef<HTMLAnchorElement>(null)
  // govuk-frontend's Button makes the space bar follow a link with role="button".
  useEffect(() => {
    if (ref.current) new GovukButton(ref.current)
  }, [])
  return (
    <a
      href={href}
      role="button"
      draggable={false}
      class="govuk-button govuk-button--start"
      data-module="govuk-button"
      onClick={goTo(href)}
      ref={ref}
    >
      {children}
      <svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
        <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
      </svg>
    </a>
  )
}

/** A link to another page of the form. */
export function StepLink({ href, id, children }: { href: string; id?: string; children: ComponentChildren }) {
  return (
    <a class="govuk-link" href={href} id={id} onClick={goTo(href)}>
      {children}
    </a>
  )
}

/**
 * For pages whose heading is a question's label or legend (not PageHeading): sets the
 * document title and, after moving between steps, puts focus on the heading so screen
 * readers announce the new page.
 */
export function useStepHeading(title: string, hasErrors: boolean): void {
  useEffect(() => {
    document.title = `${hasErrors ? 'Error: ' : ''}${title} – Consult`
  }, [title, hasErrors])
  useEffect(() => {
    if (!takeMoved()) return
    const heading = document.querySelector<HTMLElement>('main h1')
    if (heading) {
      heading.tabIndex = -1
      heading.focus()
    }
  }, [])
}

/**
 * A form's errors, and a count of attempts to key its buttons with: govuk-frontend ignores a
 * second click on the same button within a second, so after a refused attempt the button is
 * made afresh and a corrected answer can be sent at once.
 */
export function useFormErrors() {
  const [state, setState] = useState<{ errors: FieldError[]; attempt: number }>({ errors: [], attempt: 0 })
  const setErrors = (errors: FieldError[]) => setState((previous) => ({ errors, attempt: previous.attempt + 1 }))
  return { errors: state.errors, attempt: state.attempt, setErrors }
}

/** An in-form link: the next page's heading takes focus, as after "Continue". */
export function goTo(href: string) {
  return (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    go(href)
  }
}

/** After the last day, or when the server refused a save because of it. */
export function ClosedPage({ data, refused }: { data: FeedbackData; refused?: boolean }) {
  const { proposal, feedbackForm, myFeedback } = data
  const window = responseWindow(proposal)
  const back = (
    <p class="govuk-body">
      <Link href={`/proposals/${proposal.id}`}>Go back to the proposal</Link>
    </p>
  )
  if (window.kind === 'withdrawn' || window.kind === 'not-open') {
    const title = window.kind === 'withdrawn' ? 'This proposal has been withdrawn' : 'The consultation has not opened yet'
    return (
      <>
        <PageHeading title={title} caption={proposal.title}>{title}</PageHeading>
        <p class="govuk-body">
          {window.kind === 'withdrawn'
            ? 'You do not need to respond to it.'
            : 'You will get an email when it opens, and can then send your response.'}
        </p>
        {back}
      </>
    )
  }
  const end = window.kind === 'closed' || window.kind === 'open' ? window.end : null
  const title = 'The consultation has closed'
  const late = () => {
    lateAttempts.add(proposal.id)
    go(stepPath(proposal.id, myFeedback?.submitted ? 'check' : resumeStep(feedbackForm.questions, myFeedback)))
  }
  return (
    <>
      <PageHeading title={title} caption={proposal.title}>{title}</PageHeading>
      {refused && (
        <div class="govuk-error-summary" role="alert">
          <h2 class="govuk-error-summary__title">Your answers were not saved</h2>
          <div class="govuk-error-summary__body">
            <p class="govuk-body">HR has not accepted a late response from you for this consultation.</p>
          </div>
        </div>
      )}
      <p class="govuk-body-l">
        {end ? `The consultation closed on ${formatDate(end)}.` : 'The consultation has closed.'} You can no longer send or change
        feedback.
      </p>
      {myFeedback?.submitted ? (
        <p class="govuk-body">
          You sent your response on {formatDateTime(myFeedback.submittedAt)}. It is part of the consultation and HR will consider it
          with all the others.
        </p>
      ) : myFeedback ? (
        <p class="govuk-body">You saved a draft response but did not send it, so it is not part of the consultation.</p>
      ) : null}

      <h2 class="govuk-heading-m">What you can do instead</h2>
      <ul class="govuk-list govuk-list--bullet">
        <li>
          If you could not respond in time, for example because you were off work, contact HR as soon as you can. They can agree
          to accept a late response from you.
        </li>
        {!refused && (
          <li>
            If HR has agreed to accept a late response from you,{' '}
            <a
              class="govuk-link"
              href={stepPath(proposal.id, 'confidentiality')}
              onClick={(event) => {
                event.preventDefault()
                late()
              }}
            >
              continue to your response
            </a>
            .
          </li>
        )}
        <li>
          The outcome report will set out what staff said and what was done about it. It will be on the{' '}
          <Link href={`/proposals/${proposal.id}`}>proposal page</Link> when HR publishes it.
        </li>
      </ul>

      {myFeedback?.submitted && (
        <>
          <h2 class="govuk-heading-m">Your response</h2>
          <AnswersList questions={feedbackForm.questions} answers={toRecord(myFeedback.answers)} confidential={myFeedback.confidential} />
        </>
      )}
      {back}
    </>
  )
}

export function toRecord(answers: { questionKey: string; values: string[] }[]): Record<string, string[]> {
  return Object.fromEntries(answers.map((answer) => [answer.questionKey, answer.values]))
}

/** How an answer reads on the check page and after the deadline. */
export function AnswerValue({ question, values }: { question: FormQuestion; values: string[] | undefined }) {
  const given = (values ?? []).filter((value) => value.trim())
  if (given.length === 0) return <span class="govuk-hint">Not answered</span>
  if (isTextQuestion(question)) return <span class="app-pre-wrap">{given[0].trim()}</span>
  if (given.length === 1) return <>{choiceLabel(question.kind, given[0])}</>
  return (
    <ul class="govuk-list">
      {given.map((value) => <li key={value}>{choiceLabel(question.kind, value)}</li>)}
    </ul>
  )
}

export function confidentialityLabel(confidential: boolean | null): string {
  if (confidential === null) return 'Not answered'
  return confidential ? 'No, keep my name confidential (only HR will see it)' : 'Yes, show my name'
}

/** The answers without "Change" links: a response that can no longer change. */
export function AnswersList({ questions, answers, confidential }: {
  questions: FormQuestion[]
  answers: Record<string, string[]>
  confidential: boolean
}) {
  return (
    <SummaryList
      rows={[
        { key: 'Name shown with your response', value: confidentialityLabel(confidential) },
        ...questions.map((question) => ({ key: question.text, value: <AnswerValue question={question} values={answers[question.key]} /> })),
      ]}
    />
  )
}
