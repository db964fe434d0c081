// The question pages of the feedback form: whether to show your name, then one question a page.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError } from '../../api/client'
import {
  BackLink,
  Button,
  ChoiceField,
  ErrorSummary,
  InsetText,
  TextInput,
  Textarea,
  errorFor,
} from '../../components/govuk'
import { Link } from '../../router'
import { ClosedPage, goTo, useFormErrors, useStepHeading } from './FeedbackShared'
import {
  type FeedbackData,
  type FormQuestion,
  MAX_CHARS,
  type Working,
  choicesFor,
  differs,
  fieldId,
  forgetWorking,
  go,
  isTextQuestion,
  keepWorking,
  lateAttempts,
  questionOfError,
  saveResponse,
  stepPath,
  workingCopy,
} from './feedbackModel'

type Outcome = { ok: true } | { ok: false; error: ApiError }

/**
 * Keeps the answers after a step. A draft goes to the server at once, so nothing is lost if
 * the browser closes; a response already sent keeps its changes here until it is sent again.
 */
function useKeepAnswers(data: FeedbackData) {
  const busy = useRef(false)
  const [refused, setRefused] = useState<null | { late: boolean }>(null)
  const id = data.proposal.id
  const questions = data.feedbackForm.questions
  const sent = data.myFeedback?.submitted ?? false
  const keep = async (next: Working): Promise<Outcome | null> => {
    if (busy.current) return null
    if (sent) {
      keepWorking(id, { ...next, dirty: differs(questions, next, data.myFeedback) })
      return { ok: true }
    }
    busy.current = true
    try {
      const saved = await saveResponse(id, questions, next)
      keepWorking(id, { ...next, baseVersion: saved.version, dirty: false })
      return { ok: true }
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(String(error), 'INTERNAL_SERVER_ERROR')
      if (apiError.code === 'DEADLINE_PASSED') {
        setRefused({ late: lateAttempts.has(id) })
        lateAttempts.delete(id)
      }
      return { ok: false, error: apiError }
    } finally {
      busy.current = false
    }
  }
  return { keep, refused, sent }
}

function SentNotice() {
  return (
    <InsetText>
      You have already sent your response. Your changes will be sent only when you check them and select “Send response”.
    </InsetText>
  )
}

/** "Cancel your changes" to a response already sent: back to the start, the sent one unchanged. */
function CancelChanges({ proposalId }: { proposalId: string }) {
  const href = stepPath(proposalId)
  return (
    <a
      class="govuk-link"
      href={href}
      onClick={(event) => {
        event.preventDefault()
        forgetWorking(proposalId)
        go(href)
      }}
    >
      Cancel your changes
    </a>
  )
}

export function ConfidentialityStep({ data, returnTo }: { data: FeedbackData; returnTo?: 'check' }) {
  const id = data.proposal.id
  const working = workingCopy(id, data.myFeedback)
  const [choice, setChoice] = useState<string[]>(
    working.confidential === null ? [] : [working.confidential ? 'confidential' : 'named'],
  )
  const { errors, attempt, setErrors } = useFormErrors()
  const { keep, refused, sent } = useKeepAnswers(data)
  const title = 'Do you want your name to be shown with your response?'
  useStepHeading(title, errors.length > 0)
  if (refused) return <ClosedPage data={data} refused={refused.late} />

  const sponsor = data.proposal.sponsor?.name
  const next = returnTo ? stepPath(id, 'check') : stepPath(id, data.feedbackForm.questions.length > 0 ? 'questions-1' : 'check')
  const back = returnTo ? stepPath(id, 'check') : stepPath(id)

  const save = async (later: boolean) => {
    if (choice.length === 0) {
      if (later) {
        // Nothing chosen yet: there is nothing to save, and no one should be named by default.
        if (data.myFeedback) return go(`${stepPath(id)}?saved=1`)
        return go(stepPath(id))
      }
      setErrors([{ field: 'confidentiality', message: 'Select whether you want your name to be shown with your response' }])
      return
    }
    const outcome = await keep({ ...working, confidential: choice[0] === 'confidential' })
    if (!outcome) return
    if (!outcome.ok) {
      setErrors([{ field: 'confidentiality', message: outcome.error.message }])
      return
    }
    go(later ? `${stepPath(id)}?saved=1` : next)
  }

  return (
    <>
      <BackLink href={back} onClick={goTo(back)} />
      <ErrorSummary errors={errors} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void save(false)
        }}
      >
        <ChoiceField
          id="confidentiality"
          label={title}
          legendIsPageHeading
          hint="HR always sees who sent each response. Union representatives never see names."
          error={errorFor(errors, 'confidentiality')}
          values={choice}
          onChange={setChoice}
          choices={[
            {
              value: 'named',
              label: 'Yes, show my name',
              hint: `The manager leading the proposal${sponsor ? `, ${sponsor},` : ''} can also see that the response is from you.`,
            },
            {
              value: 'confidential',
              label: 'No, keep my name confidential',
              hint: 'Only HR will see your name. The manager leading the proposal will read your answers without knowing they are yours.',
            },
          ]}
        />
        <p class="govuk-body">
          Whichever you choose, your words may be quoted without your name, for example in the report of what staff said and
          what was done about it. If you write about something only you would know, people may still be able to tell it is from you.
        </p>
        <p class="govuk-body">
          If you choose to keep your name confidential, any questions in your response are kept confidential in the same way.
        </p>
        {sent && <SentNotice />}
        <div class="govuk-button-group" key={attempt}>
          <Button>Continue</Button>
          {sent ? (
            <CancelChanges proposalId={id} />
          ) : (
            <Button secondary type="button" onClick={() => void save(true)}>
              Save and come back later
            </Button>
          )}
        </div>
      </form>
    </>
  )
}

/** What to say when a required question is left empty. */
function missingMessage(question: FormQuestion): string {
  switch (question.kind) {
    case 'AGREE_SCALE':
      return 'Select how much you agree'
    case 'YES_NO':
      return 'Select yes or no'
    case 'MULTI_CHOICE':
      return 'Select at least one answer'
    case 'SINGLE_CHOICE':
      return 'Select an answer'
    default:
      return 'Enter your answer'
  }
}

function checkAnswer(question: FormQuestion, values: string[], requireAnswer: boolean): string | undefined {
  const given = values.map((value) => (isTextQuestion(question) ? value.trim() : value)).filter(Boolean)
  if (requireAnswer && question.required && given.length === 0) return missingMessage(question)
  const max = MAX_CHARS[question.kind]
  if (max && given[0] && given[0].length > max) return `Your answer must be ${max.toLocaleString('en-GB')} characters or fewer`
  return undefined
}

export function QuestionStep({ data, index, returnTo }: { data: FeedbackData; index: number; returnTo?: 'check' }) {
  const id = data.proposal.id
  const questions = data.feedbackForm.questions
  const question = questions[index]
  const working = workingCopy(id, data.myFeedback)
  const [values, setValues] = useState<string[]>(working.answers[question.key] ?? [])
  const { errors, attempt, setErrors } = useFormErrors()
  const { keep, refused, sent } = useKeepAnswers(data)
  const field = fieldId(question)
  const heading = `${question.text}${question.required ? '' : ' (optional)'}`
  useStepHeading(heading, errors.length > 0)

  // The name question comes first: nobody is named by default because they skipped it.
  const unchosen = working.confidential === null
  useEffect(() => {
    if (unchosen) go(stepPath(id, 'confidentiality'), { replace: true })
  }, [unchosen, id])
  if (refused) return <ClosedPage data={data} refused={refused.late} />
  if (unchosen) return null

  const next = returnTo || index === questions.length - 1 ? stepPath(id, 'check') : stepPath(id, `questions-${index + 2}`)
  const back = returnTo ? stepPath(id, 'check') : index === 0 ? stepPath(id, 'confidentiality') : stepPath(id, `questions-${index}`)
  const jobDescription = data.proposal.jobDescriptions.find((jd) => jd.id === question.jobDescriptionId)

  const save = async (later: boolean) => {
    const problem = checkAnswer(question, values, !later)
    if (problem) {
      setErrors([{ field, message: problem }])
      return
    }
    const answers = { ...working.answers, [question.key]: values }
    const outcome = await keep({ ...working, answers })
    if (!outcome) return
    if (!outcome.ok) {
      const about = questionOfError(outcome.error.field, outcome.error.message, questions, answers)
      setErrors([{ field: about ? fieldId(about) : field, message: outcome.error.message }])
      return
    }
    go(later ? `${stepPath(id)}?saved=1` : next)
  }

  const label = (
    <>
      <span class="govuk-caption-l">
        Question {index + 1} of {questions.length}
      </span>
      {heading}
    </>
  )
  const error = errorFor(errors, field)
  const help = question.kind === 'MULTI_CHOICE' ? [question.help, 'Select all that apply.'].filter(Boolean).join(' ') : question.help
  let input
  if (question.kind === 'TEXT') {
    input = (
      <TextInput id={field} label={label} hint={help} error={error} isPageHeading value={values[0] ?? ''} onInput={(v) => setValues([v])} />
    )
  } else if (question.kind === 'LONG_TEXT') {
    input = (
      <Textarea id={field} label={label} hint={help} error={error} isPageHeading rows={8} value={values[0] ?? ''} onInput={(v) => setValues([v])} />
    )
  } else {
    input = (
      <ChoiceField
        id={field}
        label={label}
        legendIsPageHeading
        hint={help}
        error={error}
        choices={choicesFor(question)}
        multiple={question.kind === 'MULTI_CHOICE'}
        inline={question.kind === 'YES_NO'}
        values={values}
        onChange={setValues}
      />
    )
  }

  return (
    <>
      <BackLink href={back} onClick={goTo(back)} />
      <ErrorSummary errors={errors} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void save(false)
        }}
      >
        {input}
        {jobDescription && (
          <p class="govuk-body">
            <a class="govuk-link" href={`/proposals/${id}/job-descriptions/${jobDescription.id}`} target="_blank" rel="noopener noreferrer">
              Read the {jobDescription.title} job description (opens in new tab)
            </a>
          </p>
        )}
        {sent && question.needsResponse && (
          <p class="govuk-body">
            Questions in a response that has already been sent are not added to the question log. To get a new question
            answered, <Link href={`/proposals/${id}/questions`}>ask it on the questions page</Link>.
          </p>
        )}
        {sent && <SentNotice />}
        <div class="govuk-button-group" key={attempt}>
          <Button>Continue</Button>
          {sent ? (
            <CancelChanges proposalId={id} />
          ) : (
            <Button secondary type="button" onClick={() => void save(true)}>
              Save and come back later
            </Button>
          )}
        </div>
      </form>
    </>
  )
}
