// "My questions": the questions I (or, for a union representative, my union) asked about a
// proposal, where each stands and its answer, and a form to ask another.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { QuestionsPageQuery, QuestionStatus } from '../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  Loading,
  NotificationBanner,
  PageHeading,
  Paragraphs,
  ProblemPage,
  Tag,
  Textarea,
  errorFor,
} from '../../components/govuk'
import { formatDate, formatDateTime, plural } from '../../format'
import { Link } from '../../router'
import { type Me, useMe } from '../../session'
import { refreshNavigationCounts } from '../../components/navigationCounts'
import { useFormErrors } from './FeedbackShared'
import { QuestionThread, ReplyStateTag } from '../../components/QuestionThread'

const QuestionsPageDocument = graphql(`
  query QuestionsPage($id: ID!) {
    proposal(id: $id) {
      id title status
      timetable { questionResponseWorkingDays }
      faq { question }
      questions {
        id version text raisedOn dueOn status answer answeredAt confidential askerUnion published source
        replyState challengeCount closureReason mayReply
        askedBy { id name }
        thread { id kind text createdAt author { name } }
      }
    }
  }
`)

const QuestionsPageSeenDocument = graphql(`
  mutation QuestionsPageSeen { markAnswersSeen { newAnswers } }
`)

const QuestionsPageRaiseDocument = graphql(`
  mutation QuestionsPageRaise($input: RaiseQuestionInput!) {
    raiseQuestion(input: $input) { id dueOn }
  }
`)

const QuestionsPageAcceptDocument = graphql(`
  mutation QuestionsPageAccept($input: AcceptAnswerInput!) {
    acceptAnswer(input: $input) { id replyState }
  }
`)

const QuestionsPageChallengeDocument = graphql(`
  mutation QuestionsPageChallenge($input: ChallengeAnswerInput!) {
    challengeAnswer(input: $input) { id dueOn }
  }
`)

type Question = QuestionsPageQuery['proposal']['questions'][number]

const STATUS: Record<QuestionStatus, [string, string | undefined]> = {
  OPEN: ['Open', undefined],
  OVERDUE: ['Overdue', 'red'],
  ANSWERED: ['Answered', 'green'],
}

const SOURCE: Record<Question['source'], string> = {
  STAFF: 'Asked by a member of staff',
  UNION: 'Raised for the union (or a point of its collective response)',
  JOB_DESCRIPTION: 'A comment on a job description',
  MEETING: 'Raised at a meeting',
}

/** Longest question the server accepts. */
const MAX_QUESTION = 20_000

/** Mine: what I asked; for a representative, what my union asked. */
function isOurs(question: Question, me: Me): boolean {
  if (me.role === 'UNION_REP' && me.union) {
    return (question.askerUnion ?? '').toLowerCase() === me.union.toLowerCase()
  }
  return question.askedBy?.id === me.id
}

export function QuestionsPage({ params }: { params: Record<string, string> }) {
  const me = useMe()
  const rep = me.role === 'UNION_REP'
  const { data, error, reload } = useQuery(QuestionsPageDocument, { id: params.id })
  const [raised, setRaised] = useState<{ dueOn: string } | null>(null)
  // The error summary belongs at the top of the page, though the form is at the bottom.
  const { errors, attempt, setErrors } = useFormErrors()
  const bannerRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    // The banner is at the top, the form at the bottom: take the reader to the news.
    if (raised) bannerRef.current?.focus()
  }, [raised])

  // Shown, the answers are seen: the navigation stops counting them as new.
  const loaded = data !== undefined
  useEffect(() => {
    if (!loaded) return
    request(QuestionsPageSeenDocument)
      .then(refreshNavigationCounts)
      .catch(() => undefined)
  }, [loaded])

  const title = rep ? 'Your union’s questions' : 'My questions'
  // After PageHeading's own title: GOV.UK starts the title with "Error: " while there are errors.
  useEffect(() => {
    if (data) document.title = `${errors.length > 0 ? 'Error: ' : ''}${title} – Consult`
  }, [errors, data, title])

  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  const proposal = data.proposal
  // Newest first: the one just asked is at the top of its list.
  const ours = proposal.questions
    .filter((question) => isOurs(question, me))
    .reverse()
    .sort((a, b) => b.raisedOn.localeCompare(a.raisedOn))
  const waiting = ours.filter((question) => question.status !== 'ANSWERED')
  const answered = ours.filter((question) => question.status === 'ANSWERED')
  const days = proposal.timetable.questionResponseWorkingDays

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        {raised && (
          <div tabIndex={-1} ref={bannerRef}>
            <NotificationBanner success>
              <h3 class="govuk-notification-banner__heading">Your question has been sent</h3>
              <p class="govuk-body">An answer is due by {formatDate(raised.dueOn)}. It is listed below under “Waiting for an answer”.</p>
            </NotificationBanner>
          </div>
        )}
        <ErrorSummary errors={errors} />
        <PageHeading title={title} caption={proposal.title}>{title}</PageHeading>
        <p class="govuk-body">
          {rep
            ? `Questions ${me.union ?? 'your union'} has asked about this proposal, including the points of your collective response and your comments on job descriptions.`
            : 'Questions you have asked about this proposal, in your response or here.'}{' '}
          A manager must answer each question within {plural(days, 'working day')}.
        </p>
        <p class="govuk-body">
          <a class="govuk-link" href="#ask">Ask a question</a>
        </p>

        <h2 class="govuk-heading-m">Waiting for an answer ({waiting.length})</h2>
        {waiting.length === 0 ? (
          <p class="govuk-body">{ours.length === 0 ? 'You have not asked any questions yet.' : 'All your questions have been answered.'}</p>
        ) : (
          waiting.map((question) => <QuestionCard question={question} rep={rep} meId={me.id} key={question.id} onReplied={reload} />)
        )}

        <h2 class="govuk-heading-m">Answered ({answered.length})</h2>
        {answered.length === 0 ? (
          <p class="govuk-body">None of your questions has been answered yet.</p>
        ) : (
          answered.map((question) => <QuestionCard question={question} rep={rep} meId={me.id} key={question.id} onReplied={reload} />)
        )}

        {proposal.faq.length > 0 && (
          <p class="govuk-body">
            Answers that help everyone are published on the proposal page:{' '}
            <Link href={`/proposals/${proposal.id}`}>
              read the {plural(proposal.faq.length, 'published question and answer', 'published questions and answers')}
            </Link>
            .
          </p>
        )}

        <AskForm
          proposalId={proposal.id}
          rep={rep}
          union={me.union}
          days={days}
          errors={errors}
          attempt={attempt}
          setErrors={setErrors}
          onRaised={(dueOn) => {
            setRaised({ dueOn })
            reload()
          }}
        />
      </div>
    </div>
  )
}

function QuestionCard({ question, rep, meId, onReplied }: { question: Question; rep: boolean; meId: string; onReplied: () => void }) {
  const [label, colour] = STATUS[question.status]
  const rows: { key: string; value: ComponentChildren }[] = [
    { key: 'Question', value: <Paragraphs text={question.text} /> },
    { key: 'Status', value: <Tag colour={colour}>{label}</Tag> },
  ]
  if (question.status === 'ANSWERED') {
    rows.push({ key: 'Answer', value: <Paragraphs text={question.answer} empty="No answer text." /> })
    if (question.answeredAt) rows.push({ key: 'Answered on', value: formatDateTime(question.answeredAt) })
  } else {
    rows.push({
      key: 'Answer due',
      value: question.status === 'OVERDUE' ? `${formatDate(question.dueOn)} (overdue)` : formatDate(question.dueOn),
    })
  }
  if (rep) {
    rows.push({
      key: 'Asked by',
      value: question.askedBy ? (question.askedBy.id === meId ? `You (${question.askedBy.name})` : question.askedBy.name) : 'Name kept private',
    })
    rows.push({ key: 'From', value: SOURCE[question.source] })
  } else {
    rows.push({
      key: 'Your name',
      value: question.confidential
        ? 'Only HR can see that you asked it'
        : 'HR and the managers answering it can see that you asked it',
    })
  }
  if (question.published) rows.push({ key: 'Published', value: 'Yes, in the questions and answers on the proposal page' })
  if (question.replyState) rows.push({ key: 'Your reply', value: <ReplyStateTag state={question.replyState} /> })
  if (question.closureReason) rows.push({ key: 'Why HR closed it', value: <Paragraphs text={question.closureReason} /> })
  return (
    <div class="govuk-summary-card">
      <div class="govuk-summary-card__title-wrapper">
        <h3 class="govuk-summary-card__title">Asked on {formatDate(question.raisedOn)}</h3>
      </div>
      <div class="govuk-summary-card__content">
        <dl class="govuk-summary-list">
          {rows.map((row) => (
            <div class="govuk-summary-list__row" key={row.key}>
              <dt class="govuk-summary-list__key">{row.key}</dt>
              <dd class="govuk-summary-list__value">{row.value}</dd>
            </div>
          ))}
        </dl>
        <QuestionThread thread={question.thread} />
        {question.mayReply && <ReplyToAnswer question={question} onReplied={onReplied} />}
      </div>
    </div>
  )
}

/** Accept the answer, or challenge it with reasons (the question then goes back to its owner). */
function ReplyToAnswer({ question, onReplied }: { question: Question; onReplied: () => void }) {
  const [challenging, setChallenging] = useState(false)
  const [reasons, setReasons] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [done, setDone] = useState<string | null>(null)
  const sending = useRef(false)
  const field = `challenge-${question.id}`
  const send = async (action: () => Promise<string>) => {
    if (sending.current) return
    sending.current = true
    try {
      setDone(await action())
      setError(undefined)
      onReplied()
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure))
    } finally {
      sending.current = false
    }
  }
  const accept = () =>
    send(async () => {
      await request(QuestionsPageAcceptDocument, { input: { id: question.id, expectedVersion: question.version } })
      return 'You accepted the answer.'
    })
  const challenge = () => {
    const trimmed = reasons.trim()
    if (!trimmed) return setError('Enter why you challenge the answer')
    if (trimmed.length > MAX_QUESTION) return setError(`Your reasons must be ${MAX_QUESTION.toLocaleString('en-GB')} characters or fewer`)
    return send(async () => {
      const result = await request(QuestionsPageChallengeDocument, {
        input: { id: question.id, expectedVersion: question.version, reasons: trimmed },
      })
      return `You challenged the answer. A new answer is due by ${formatDate(result.challengeAnswer.dueOn)}.`
    })
  }
  return (
    <div class="govuk-!-margin-top-4">
      <div role="status">{done && <p class="govuk-body govuk-!-font-weight-bold">{done}</p>}</div>
      {!challenging ? (
        <>
          {error && <p class="govuk-error-message">{error}</p>}
          <div class="govuk-button-group">
            <Button type="button" onClick={() => void accept()}>
              Accept this answer
            </Button>
            <Button type="button" secondary onClick={() => setChallenging(true)}>
              Challenge this answer
            </Button>
          </div>
        </>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            void challenge()
          }}
        >
          <Textarea
            id={field}
            label="Why you challenge the answer"
            hint="Say what the answer leaves out or gets wrong. The question goes back to the manager who answered it, with a new due date."
            error={error}
            value={reasons}
            onInput={setReasons}
          />
          <div class="govuk-button-group">
            <Button>Send challenge</Button>
            <Button type="button" secondary onClick={() => setChallenging(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  )
}

function AskForm({ proposalId, rep, union, days, errors, attempt, setErrors, onRaised }: {
  proposalId: string
  rep: boolean
  union?: string | null
  days: number
  errors: FieldError[]
  attempt: number
  setErrors: (errors: FieldError[]) => void
  onRaised: (dueOn: string) => void
}) {
  const [text, setText] = useState('')
  const [private_, setPrivate] = useState<string[]>([])
  const sending = useRef(false)

  const submit = async () => {
    if (sending.current) return
    const trimmed = text.trim()
    if (!trimmed) return setErrors([{ field: 'question-text', message: 'Enter your question' }])
    if (trimmed.length > MAX_QUESTION) {
      return setErrors([{ field: 'question-text', message: `Your question must be ${MAX_QUESTION.toLocaleString('en-GB')} characters or fewer` }])
    }
    sending.current = true
    try {
      const result = await request(QuestionsPageRaiseDocument, {
        input: { proposalId, text: trimmed, confidential: private_.includes('private') },
      })
      setErrors([])
      setText('')
      setPrivate([])
      onRaised(result.raiseQuestion.dueOn)
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(String(error), 'INTERNAL_SERVER_ERROR')
      const field = apiError.field === 'input.confidential' ? 'ask-privately' : 'question-text'
      setErrors([{ field, message: apiError.message }])
    } finally {
      sending.current = false
    }
  }

  return (
    <>
      <h2 class="govuk-heading-m" id="ask">Ask a question</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <Textarea
          id="question-text"
          label="Your question"
          hint={
            rep
              ? `It is logged as a question from ${union ?? 'your union'}. A manager must answer it within ${plural(days, 'working day')}.`
              : `Ask one question at a time. A manager must answer it within ${plural(days, 'working day')}.`
          }
          error={errorFor(errors, 'question-text')}
          value={text}
          onInput={setText}
        />
        <ChoiceField
          id="ask-privately"
          label="Who can see that you asked"
          multiple
          values={private_}
          onChange={setPrivate}
          error={errorFor(errors, 'ask-privately')}
          choices={[
            {
              value: 'private',
              label: 'Ask privately',
              hint: rep
                ? `Only HR will see your name. Managers and the other ${union ?? 'union'} representatives will see the question as your union’s.`
                : 'Only HR will see your name. The managers who answer will see the question and its answer, but not who asked.',
            },
          ]}
        />
        <Button key={attempt}>Send question</Button>
      </form>
    </>
  )
}
