// The question log of a proposal: every question, filtered by where it stands, with who asked
// (names: HR only), its owner and due date. HR assigns, answers (saying which s188(2)
// subjects the answer covers), publishes to the FAQ and tags themes. Assigning and answering
// are pages of their own: ?question=ID&action=assign|answer. Each part costs what it shows:
// the tab counts are counted by the server, the list is one page, and a form page fetches
// its one question.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { asApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { ConsultationConcern, QuestionLogListQuery, QuestionLogPageQuery, QuestionLogSort, QuestionSource, QuestionStatus } from '../../gql/graphql'
import {
  BackLink,
  Button,
  ChoiceField,
  type FieldError,
  InsetText,
  Loading,
  PageHeading,
  Paragraphs,
  ProblemPage,
  Select,
  Tag,
  TextInput,
  Textarea,
  errorFor,
} from '../../components/govuk'
import { DateInput, checkDate } from '../../components/DateInput'
import { formatDate, formatDateTime, plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { CONCERNS, type Notice, PageMessages, SOURCES, ThemeTagger, ThemeTags, afterTagging, errorsFrom, usePageMessages } from './InboxShared'
import { WorkspaceFrame } from './WorkspaceNav'
import { QuestionThread, type ReplyState, ReplyStateTag } from '../../components/QuestionThread'

const QuestionLogPageDocument = graphql(`
  query QuestionLogPage($id: ID!) {
    proposal(id: $id) {
      id title status
      sponsor { id name }
      timetable { questionResponseWorkingDays }
      themes { id name }
      questionCounts { open overdue answered all unassigned challenged unresolvedChallenges }
    }
    managers: users(role: MANAGER, first: 100) { nodes { id name email } }
    hr: users(role: HR_ADMIN, first: 100) { nodes { id name email } }
  }
`)

// One page of the log as the filters in the address ask, filtered, sorted and paged by the
// server: a link reproduces the view.
const QuestionLogListDocument = graphql(`
  query QuestionLogList($id: ID!, $filter: QuestionLogFilter, $sort: QuestionLogSort, $after: String) {
    proposal(id: $id) {
      id
      questionLog(filter: $filter, sort: $sort, first: 20, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          id number text source status confidential askerUnion raisedOn dueOn answer answeredAt covers published version
          replyState challengeCount closureReason mayCloseChallenge
          thread { id kind text createdAt author { name } }
          askedBy { id name }
          owner { id name }
          answeredBy { id name }
          themes { id name }
        }
      }
    }
  }
`)

// The one question a form page acts on, with the same fields as in the list.
const QuestionLogQuestionDocument = graphql(`
  query QuestionLogQuestion($id: ID!) {
    question(id: $id) {
      id number text source status confidential askerUnion raisedOn dueOn answer answeredAt covers published version
          replyState challengeCount closureReason mayCloseChallenge
          thread { id kind text createdAt author { name } }
      askedBy { id name }
      owner { id name }
      answeredBy { id name }
      themes { id name }
    }
  }
`)

const QuestionLogPageAssignDocument = graphql(`
  mutation QuestionLogPageAssign($input: AssignQuestionInput!) {
    assignQuestion(input: $input) { id dueOn owner { name } }
  }
`)

const QuestionLogPageAnswerDocument = graphql(`
  mutation QuestionLogPageAnswer($input: AnswerQuestionInput!) {
    answerQuestion(input: $input) { id }
  }
`)

const QuestionLogPageCloseDocument = graphql(`
  mutation QuestionLogPageClose($input: CloseChallengeInput!) {
    closeChallenge(input: $input) { id replyState }
  }
`)

const QuestionLogPagePublishDocument = graphql(`
  mutation QuestionLogPagePublish($input: PublishQuestionInput!) {
    publishQuestion(input: $input) { id published }
  }
`)

type Data = QuestionLogPageQuery
type Question = QuestionLogListQuery['proposal']['questionLog']['nodes'][number]
type Messages = ReturnType<typeof usePageMessages>

type Filter = 'open' | 'overdue' | 'answered' | 'all'
const FILTERS: { filter: Filter; label: string; status?: QuestionStatus }[] = [
  { filter: 'open', label: 'Open', status: 'OPEN' },
  { filter: 'overdue', label: 'Overdue', status: 'OVERDUE' },
  { filter: 'answered', label: 'Answered', status: 'ANSWERED' },
  { filter: 'all', label: 'All' },
]

const STATUS: Record<QuestionStatus, [string, string | undefined]> = {
  OPEN: ['Open', 'blue'],
  OVERDUE: ['Overdue', 'red'],
  ANSWERED: ['Answered', 'green'],
}

const TITLE = 'Question log'

const REPLIES: Record<ReplyState, string> = {
  CHALLENGED: 'Challenge unresolved',
  ACCEPTED: 'Answer accepted',
  CLOSED_WITHOUT_AGREEMENT: 'Closed without agreement',
}

function askerOf(question: Question): string {
  const name = question.askedBy?.name
  const union = question.askerUnion
  if (union && name) return name.includes(union) ? name : `${name} for ${union}`
  return union ?? name ?? 'Name not shown'
}

export function QuestionLogPage({ params }: { params: Record<string, string> }) {
  const location = useLocation()
  const { data, error, reload } = useQuery(QuestionLogPageDocument, { id: params.id })
  const questionId = location.query.get('question')
  const action = location.query.get('action')
  const onForm = !!questionId && (action === 'assign' || action === 'answer' || action === 'close')
  // The list's messages outlive a form page, to show its banner after the form is done.
  const messages = usePageMessages(onForm ? null : TITLE)
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  const listPath = (filter: Filter) => logPath(data.proposal.id, location.query, { status: filter === 'open' ? null : filter, after: null })
  const back = (filter: Filter, notice: Notice | null) => {
    navigate(listPath(filter))
    messages.setNotice(notice)
    reload()
  }
  if (onForm) return <QuestionFormPage data={data} questionId={questionId} action={action} back={back} />
  return <LogList data={data} messages={messages} reload={reload} query={location.query} listPath={listPath} />
}

/** The page assigning or answering one question, fetched on its own. */
function QuestionFormPage({ data, questionId, action, back }: {
  data: Data
  questionId: string
  action: 'assign' | 'answer' | 'close'
  back: (filter: Filter, notice: Notice | null) => void
}) {
  const { data: found, error, reload } = useQuery(QuestionLogQuestionDocument, { id: questionId })
  if (error) return <ProblemPage error={error} />
  if (!found) return <Loading />
  const Page = action === 'assign' ? AssignPage : action === 'close' ? ClosePage : AnswerPage
  return <Page data={data} question={found.question} number={found.question.number} back={back} reload={reload} />
}

/** The log's address with `changes` made to its query (null removes a parameter). */
function logPath(proposalId: string, query: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(query)
  next.delete('question')
  next.delete('action')
  for (const [key, value] of Object.entries(changes)) {
    if (value) next.set(key, value)
    else next.delete(key)
  }
  const text = next.toString()
  return `/proposals/${proposalId}/question-log${text ? `?${text}` : ''}`
}

const SORTS: { value: QuestionLogSort; label: string }[] = [
  { value: 'OVERDUE_FIRST', label: 'Overdue first, then due soonest' },
  { value: 'DUE_SOONEST', label: 'Due soonest' },
  { value: 'NEWEST', label: 'Newest first' },
  { value: 'OLDEST', label: 'Oldest first' },
]

/** The search, selects and sort of the log, applied by changing the address. */
function LogFilters({ data, query, apply }: { data: Data; query: URLSearchParams; apply: (changes: Record<string, string | null>) => void }) {
  const [search, setSearch] = useState(query.get('q') ?? '')
  const [owner, setOwner] = useState(query.get('owner') ?? '')
  const [theme, setTheme] = useState(query.get('theme') ?? '')
  const [source, setSource] = useState(query.get('source') ?? '')
  const [sort, setSort] = useState(query.get('sort') ?? '')
  const [reply, setReply] = useState(query.get('reply') ?? '')
  const owners = [...data.managers.nodes, ...data.hr.nodes]
  return (
    <form
      class="app-filters"
      role="search"
      aria-label="Filter questions"
      onSubmit={(event) => {
        event.preventDefault()
        apply({ q: search.trim() || null, owner: owner || null, theme: theme || null, source: source || null, reply: reply || null, sort: sort || null, after: null })
      }}
    >
      <h2 class="govuk-heading-m">Filter questions</h2>
      <TextInput id="question-search" label="Search the questions and answers" value={search} onInput={setSearch} width="govuk-input--width-30" />
      <Select
        id="question-owner"
        label="Owner"
        value={owner}
        onChange={setOwner}
        options={[{ value: '', label: 'Any owner' }, ...owners.map((user) => ({ value: user.id, label: user.name }))]}
      />
      <Select
        id="question-theme"
        label="Theme"
        value={theme}
        onChange={setTheme}
        options={[{ value: '', label: 'Any theme' }, ...data.proposal.themes.map((t) => ({ value: t.id, label: t.name }))]}
      />
      <Select
        id="question-source"
        label="Where it came from"
        value={source}
        onChange={setSource}
        options={[{ value: '', label: 'Anywhere' }, ...Object.entries(SOURCES).map(([value, label]) => ({ value, label }))]}
      />
      <Select
        id="question-reply"
        label="Reply to the answer"
        value={reply}
        onChange={setReply}
        options={[{ value: '', label: 'Any' }, ...Object.entries(REPLIES).map(([value, label]) => ({ value, label }))]}
      />
      <Select id="question-sort" label="Sort by" value={sort} onChange={setSort} options={[{ value: '', label: 'Overdue first, then due soonest' }, ...SORTS.slice(1)]} />
      <div class="govuk-button-group">
        <Button type="submit">Apply filters</Button>
        <Link class="govuk-link" href={logPath(data.proposal.id, new URLSearchParams(query.get('status') ? { status: query.get('status')! } : {}), {})}>
          Clear filters
        </Link>
      </div>
    </form>
  )
}

function LogList({ data, messages, reload, query, listPath }: {
  data: Data
  messages: Messages
  reload: () => void
  query: URLSearchParams
  listPath: (filter: Filter) => string
}) {
  const { proposal } = data
  const filterParam = query.get('status')
  const filter: Filter = FILTERS.some((f) => f.filter === filterParam) ? (filterParam as Filter) : 'open'
  const counts: Record<Filter, number> = proposal.questionCounts
  const status = FILTERS.find((f) => f.filter === filter)!.status
  const sortParam = query.get('sort')
  const sort: QuestionLogSort = SORTS.some((s) => s.value === sortParam)
    ? (sortParam as QuestionLogSort)
    : filter === 'answered'
      ? 'NEWEST'
      : 'OVERDUE_FIRST'
  const source = query.get('source')
  const reply = query.get('reply')
  const list = useQuery(QuestionLogListDocument, {
    id: proposal.id,
    filter: {
      status: status ?? null,
      search: query.get('q') || null,
      ownerId: query.get('owner') || null,
      themeId: query.get('theme') || null,
      source: source && source in SOURCES ? (source as QuestionSource) : null,
      replyState: reply && reply in REPLIES ? (reply as ReplyState) : null,
    },
    sort,
    after: query.get('after') || null,
  })
  const reloadAll = () => {
    reload()
    list.reload()
  }
  const apply = (changes: Record<string, string | null>) => navigate(logPath(proposal.id, query, changes))
  // Rows of an earlier filter are not shown under this one's heading while it loads.
  const page = list.current ? list.data?.proposal.questionLog : undefined
  const shown: Question[] = page?.nodes ?? []
  const unassigned = proposal.questionCounts.unassigned

  const publish = async (question: Question, published: boolean) => {
    const n = question.number
    try {
      await request(QuestionLogPagePublishDocument, { input: { id: question.id, published } })
      messages.setNotice({
        title: published ? `Question ${n} is published` : `Question ${n} is no longer published`,
        body: (
          <p class="govuk-body">
            {published
              ? 'Everyone who can see the proposal can now read it and its answer in the questions and answers on the proposal page. The name of whoever asked is never shown there.'
              : 'It has been taken off the questions and answers on the proposal page.'}
          </p>
        ),
      })
      reloadAll()
    } catch (error) {
      messages.setErrors(errorsFrom(error, {}, `question-${question.id}`))
    }
  }

  return (
    <WorkspaceFrame proposalId={proposal.id} current="question-log">
      <PageMessages errors={messages.errors} notice={messages.notice} attempt={messages.attempt} />
      <PageHeading title={TITLE} caption={proposal.title}>{TITLE}</PageHeading>
      <p class="govuk-body">
        Questions from staff, from the unions (including each numbered point of their responses), comments on job
        descriptions and questions raised at meetings. Each must be answered within{' '}
        {plural(proposal.timetable.questionResponseWorkingDays, 'working day')} of being raised.
      </p>
      <p class="govuk-body">
        {counts.overdue > 0 && <>{plural(counts.overdue, 'question is', 'questions are')} overdue. </>}
        {unassigned > 0 && <>{plural(unassigned, 'unanswered question has', 'unanswered questions have')} no owner. </>}
        {proposal.questionCounts.challenged > 0 && (
          <>
            {plural(proposal.questionCounts.challenged, 'answer was', 'answers were')} challenged;{' '}
            {plural(proposal.questionCounts.unresolvedChallenges, 'challenge is', 'challenges are')} unresolved. An unresolved
            challenge holds up the decision like an unanswered question, until whoever asked accepts an answer or you close it
            without agreement.
          </>
        )}
      </p>
      <InsetText>
        You can see who asked each question. Questions marked confidential must not be passed on with the name of whoever
        asked: the managers who answer them see the question only.
      </InsetText>

      <div class="govuk-tabs app-link-tabs">
        <h2 class="govuk-tabs__title">Show questions</h2>
        <ul class="govuk-tabs__list">
          {FILTERS.map((f) => (
            <li class={`govuk-tabs__list-item${f.filter === filter ? ' govuk-tabs__list-item--selected' : ''}`} key={f.filter}>
              <Link class="govuk-tabs__tab" href={listPath(f.filter)} aria-current={f.filter === filter ? 'page' : undefined}>
                {f.label} ({counts[f.filter]})
              </Link>
            </li>
          ))}
        </ul>
        <div class="govuk-tabs__panel">
          <LogFilters key={query.toString()} data={data} query={query} apply={apply} />
          <h2 class="govuk-heading-m" aria-live="polite">
            {FILTERS.find((f) => f.filter === filter)!.label} questions ({page ? page.totalCount : '…'})
          </h2>
          {list.error && <p class="govuk-error-message">{list.error.message}</p>}
          {page && shown.length === 0 && <p class="govuk-body">There are no {filter === 'all' ? '' : `${filter} `}questions{query.get('q') || query.get('owner') || query.get('theme') || query.get('source') || query.get('reply') ? ' that match the filters' : ''}.</p>}
          {shown.map((question) => (
            <QuestionCard
              key={question.id}
              question={question}
              number={question.number}
              proposalId={proposal.id}
              themes={proposal.themes}
              messages={messages}
              reload={reloadAll}
              onPublish={publish}
            />
          ))}
          {(query.get('after') || page?.pageInfo.hasNextPage) && (
            <nav class="govuk-pagination govuk-pagination--block" aria-label="Pages of questions">
              {query.get('after') && (
                <div class="govuk-pagination__prev">
                  <Link class="govuk-link govuk-pagination__link" href={logPath(proposal.id, query, { after: null })}>
                    <span class="govuk-pagination__link-title">First page</span>
                  </Link>
                </div>
              )}
              {page?.pageInfo.hasNextPage && page.pageInfo.endCursor && (
                <div class="govuk-pagination__next">
                  <Link class="govuk-link govuk-pagination__link" href={logPath(proposal.id, query, { after: page.pageInfo.endCursor })}>
                    <span class="govuk-pagination__link-title">Next page</span>
                  </Link>
                </div>
              )}
            </nav>
          )}
        </div>
      </div>
    </WorkspaceFrame>
  )
}

function QuestionCard({ question, number, proposalId, themes, messages, reload, onPublish }: {
  question: Question
  number: number
  proposalId: string
  themes: Data['proposal']['themes']
  messages: Messages
  reload: () => void
  onPublish: (question: Question, published: boolean) => void
}) {
  const [label, colour] = STATUS[question.status]
  const base = `/proposals/${proposalId}/question-log?question=${question.id}`
  const hidden = <span class="govuk-visually-hidden"> question {number}</span>
  const answered = question.status === 'ANSWERED'
  const rows: { key: string; value: ComponentChildren }[] = [
    { key: 'Question', value: <Paragraphs text={question.text} /> },
    {
      key: 'Asked by',
      value: (
        <>
          {askerOf(question)}
          {question.confidential && (
            <div class="govuk-!-margin-top-1">
              <Tag colour="red">Confidential: do not share the name</Tag>
            </div>
          )}
        </>
      ),
    },
    { key: 'Source', value: SOURCES[question.source] },
    { key: 'Raised', value: formatDate(question.raisedOn) },
    {
      key: 'Status',
      value: <Tag colour={colour}>{label}</Tag>,
    },
    { key: answered ? 'Was due' : 'Answer due', value: formatDate(question.dueOn) },
    { key: 'Owner', value: question.owner?.name ?? <span class="app-secondary-text">No owner yet</span> },
  ]
  if (answered) {
    rows.push({ key: 'Answer', value: <Paragraphs text={question.answer} empty="No answer text." /> })
    rows.push({
      key: 'Answered',
      value: `${formatDateTime(question.answeredAt)}${question.answeredBy ? ` by ${question.answeredBy.name}` : ''}`,
    })
    rows.push({
      key: 'Covers',
      value:
        question.covers.length === 0 ? (
          'None of the s188(2) subjects'
        ) : (
          <ul class="govuk-list">
            {question.covers.map((c) => <li key={c}>{CONCERNS.find((concern) => concern.value === c)?.label ?? c}</li>)}
          </ul>
        ),
    })
    rows.push({ key: 'In the FAQ', value: question.published ? <Tag colour="green">Published</Tag> : 'Not published' })
  }
  if (question.replyState) {
    rows.push({
      key: 'Reply to the answer',
      value: (
        <>
          <ReplyStateTag state={question.replyState} />
          {question.challengeCount > 0 && <span class="app-secondary-text"> {plural(question.challengeCount, 'challenge')}</span>}
        </>
      ),
    })
  }
  if (question.closureReason) rows.push({ key: 'Why it was closed', value: <Paragraphs text={question.closureReason} /> })
  rows.push({ key: 'Themes', value: <ThemeTags themes={question.themes} /> })
  return (
    <div class="govuk-summary-card" id={`question-${question.id}`} tabIndex={-1}>
      <div class="govuk-summary-card__title-wrapper">
        <h3 class="govuk-summary-card__title">Question {number}</h3>
        <ul class="govuk-summary-card__actions">
          {!answered && (
            <li class="govuk-summary-card__action">
              <Link href={`${base}&action=assign`} class="govuk-link">
                {question.owner ? 'Reassign' : 'Assign'}
                {hidden}
              </Link>
            </li>
          )}
          <li class="govuk-summary-card__action">
            <Link href={`${base}&action=answer`} class="govuk-link">
              {answered ? 'Change answer' : 'Answer'}
              {hidden}
            </Link>
          </li>
          {question.mayCloseChallenge && (
            <li class="govuk-summary-card__action">
              <Link href={`${base}&action=close`} class="govuk-link">
                Close without agreement
                {hidden}
              </Link>
            </li>
          )}
          {answered && (
            <li class="govuk-summary-card__action">
              <button type="button" class="govuk-link app-link-button app-card-action-button" onClick={() => onPublish(question, !question.published)}>
                {question.published ? 'Take off the FAQ' : 'Publish to the FAQ'}
                {hidden}
              </button>
            </li>
          )}
        </ul>
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
        <ThemeTagger
          subject="QUESTION"
          subjectId={question.id}
          label={`question ${number}`}
          themes={themes}
          tagged={question.themes.map((theme) => theme.id)}
          attempt={messages.attempt}
          onSaved={() => afterTagging(messages, reload)}
          onError={messages.setErrors}
        />
      </div>
    </div>
  )
}

/** The question as it stands, above a form about it. */
function QuestionSummary({ question }: { question: Question }) {
  return (
    <>
      <InsetText>
        <Paragraphs text={question.text} />
      </InsetText>
      <dl class="govuk-summary-list">
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Asked by</dt>
          <dd class="govuk-summary-list__value">
            {askerOf(question)}
            {question.confidential && (
              <div class="govuk-!-margin-top-1">
                <Tag colour="red">Confidential: do not share the name</Tag>
              </div>
            )}
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Raised</dt>
          <dd class="govuk-summary-list__value">{formatDate(question.raisedOn)}</dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Answer due</dt>
          <dd class="govuk-summary-list__value">
            {formatDate(question.dueOn)} {question.status === 'OVERDUE' && <Tag colour="red">Overdue</Tag>}
          </dd>
        </div>
      </dl>
    </>
  )
}

/** A refusal because someone else changed the question: say so, and show the latest. */
function conflictNotice(error: unknown, reload: () => void, field: string): FieldError[] | null {
  const apiError = asApiError(error)
  if (apiError.code !== 'CONFLICT') return null
  reload()
  return [{ field, message: `${apiError.message} The question has been reloaded: check it and try again.` }]
}

function AssignPage({ data, question, number, back, reload }: {
  data: Data
  question: Question
  number: number
  back: (filter: Filter, notice: Notice | null) => void
  reload: () => void
}) {
  const title = `Assign question ${number}`
  const messages = usePageMessages(title)
  const [ownerId, setOwnerId] = useState(question.owner?.id ?? '')
  const [dueOn, setDueOn] = useState(question.dueOn)
  const sending = useRef(false)
  const sponsorId = data.proposal.sponsor?.id
  const owners = [
    ...data.managers.nodes.map((user) => ({
      value: user.id,
      label: `${user.name}${user.id === sponsorId ? ' – sponsor of this proposal' : ''}`,
      hint: user.email,
    })),
    ...data.hr.nodes.map((user) => ({ value: user.id, label: `${user.name} – HR`, hint: user.email })),
  ]
  const submit = async () => {
    if (sending.current) return
    const errors: FieldError[] = []
    if (!ownerId) errors.push({ field: 'owner', message: 'Choose who answers the question' })
    checkDate(errors, 'due-on', dueOn, 'The day an answer is due', 'Enter when an answer is due')
    if (errors.length > 0) return messages.setErrors(errors)
    sending.current = true
    try {
      const result = await request(QuestionLogPageAssignDocument, {
        input: { id: question.id, ownerId, dueOn, expectedVersion: question.version },
      })
      back(question.status === 'OVERDUE' && result.assignQuestion.dueOn === question.dueOn ? 'overdue' : 'open', {
        title: `Question ${number} assigned to ${result.assignQuestion.owner?.name ?? 'its owner'}`,
        body: <p class="govuk-body">An answer is due by {formatDate(result.assignQuestion.dueOn, true)}. They see it in their tasks.</p>,
      })
    } catch (error) {
      messages.setErrors(
        conflictNotice(error, reload, 'owner') ?? errorsFrom(error, { 'input.ownerId': 'owner', 'input.dueOn': 'due-on' }, 'owner'),
      )
    } finally {
      sending.current = false
    }
  }
  return (
    <WorkspaceFrame proposalId={data.proposal.id} current="question-log">
      <BackLink href={`/proposals/${data.proposal.id}/question-log`} onClick={goBack(`/proposals/${data.proposal.id}/question-log`)} />
      <PageMessages errors={messages.errors} notice={null} attempt={messages.attempt} />
      <PageHeading title={title} caption={data.proposal.title}>{title}</PageHeading>
      <QuestionSummary question={question} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <ChoiceField
          id="owner"
          label="Who answers it"
          hint="They are emailed the day before it is due, and again if it becomes overdue."
          error={errorFor(messages.errors, 'owner')}
          choices={owners}
          values={ownerId ? [ownerId] : []}
          onChange={(values) => setOwnerId(values[0] ?? '')}
        />
        <DateInput
          id="due-on"
          label="Answer due by"
          hint={`Set by the timetable: ${plural(data.proposal.timetable.questionResponseWorkingDays, 'working day')} after it was raised. You can change it.`}
          error={errorFor(messages.errors, 'due-on')}
          value={dueOn}
          onInput={setDueOn}
        />
        <div class="govuk-button-group">
          <Button key={messages.attempt}>Assign question</Button>
          <Link href={`/proposals/${data.proposal.id}/question-log`} class="govuk-link">Cancel</Link>
        </div>
      </form>
    </WorkspaceFrame>
  )
}

function AnswerPage({ data, question, number, back, reload }: {
  data: Data
  question: Question
  number: number
  back: (filter: Filter, notice: Notice | null) => void
  reload: () => void
}) {
  const title = `Answer question ${number}`
  const messages = usePageMessages(title)
  const [answer, setAnswer] = useState(question.answer ?? '')
  const [covers, setCovers] = useState<string[]>(question.covers)
  const sending = useRef(false)
  // A reload after a conflict brings the latest answer: show it.
  useEffect(() => {
    setAnswer(question.answer ?? '')
    setCovers(question.covers)
  }, [question.version])
  const submit = async () => {
    if (sending.current) return
    if (!answer.trim()) return messages.setErrors([{ field: 'answer', message: 'Enter the answer' }])
    sending.current = true
    try {
      await request(QuestionLogPageAnswerDocument, {
        input: {
          id: question.id,
          answer: answer.trim(),
          covers: covers as ConsultationConcern[],
          expectedVersion: question.version,
        },
      })
      back('answered', {
        title: `Question ${number} answered`,
        body: (
          <p class="govuk-body">
            Whoever asked it can read the answer. {question.published ? 'The FAQ shows the new answer.' : 'To share it with everyone, publish it to the FAQ.'}
          </p>
        ),
      })
    } catch (error) {
      messages.setErrors(
        conflictNotice(error, reload, 'answer') ?? errorsFrom(error, { 'input.answer': 'answer', 'input.covers': 'covers' }, 'answer'),
      )
    } finally {
      sending.current = false
    }
  }
  return (
    <WorkspaceFrame proposalId={data.proposal.id} current="question-log">
      <BackLink href={`/proposals/${data.proposal.id}/question-log`} onClick={goBack(`/proposals/${data.proposal.id}/question-log`)} />
      <PageMessages errors={messages.errors} notice={null} attempt={messages.attempt} />
      <PageHeading title={title} caption={data.proposal.title}>{title}</PageHeading>
      <QuestionSummary question={question} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <Textarea
          id="answer"
          label="Answer"
          hint={question.confidential ? 'Do not name the person who asked: they asked confidentially.' : undefined}
          error={errorFor(messages.errors, 'answer')}
          value={answer}
          onInput={setAnswer}
          rows={8}
        />
        <ChoiceField
          id="covers"
          label="Which of these does the answer cover?"
          hint="Consultation must include ways of avoiding the dismissals, reducing the numbers and mitigating the consequences (section 188(2)). Select all that apply."
          multiple
          error={errorFor(messages.errors, 'covers')}
          choices={CONCERNS}
          values={covers}
          onChange={setCovers}
        />
        <div class="govuk-button-group">
          <Button key={messages.attempt}>Save answer</Button>
          <Link href={`/proposals/${data.proposal.id}/question-log`} class="govuk-link">Cancel</Link>
        </div>
      </form>
    </WorkspaceFrame>
  )
}

function ClosePage({ data, question, number, back, reload }: {
  data: Data
  question: Question
  number: number
  back: (filter: Filter, notice: Notice | null) => void
  reload: () => void
}) {
  const title = `Close the challenge to question ${number} without agreement`
  const messages = usePageMessages(title)
  const [reason, setReason] = useState('')
  const sending = useRef(false)
  const submit = async () => {
    if (sending.current) return
    if (!reason.trim()) return messages.setErrors([{ field: 'reason', message: 'Enter why the challenge is closed without agreement' }])
    sending.current = true
    try {
      await request(QuestionLogPageCloseDocument, {
        input: { id: question.id, reason: reason.trim(), expectedVersion: question.version },
      })
      back('answered', {
        title: `The challenge to question ${number} is closed without agreement`,
        body: <p class="govuk-body">Your reason is kept with the question and shown to whoever asked it and their union. The decision no longer waits for it.</p>,
      })
    } catch (error) {
      messages.setErrors(conflictNotice(error, reload, 'reason') ?? errorsFrom(error, { 'input.reason': 'reason' }, 'reason'))
    } finally {
      sending.current = false
    }
  }
  return (
    <WorkspaceFrame proposalId={data.proposal.id} current="question-log">
      <BackLink href={`/proposals/${data.proposal.id}/question-log`} onClick={goBack(`/proposals/${data.proposal.id}/question-log`)} />
      <PageMessages errors={messages.errors} notice={null} attempt={messages.attempt} />
      <PageHeading title={title} caption={data.proposal.title}>{title}</PageHeading>
      <QuestionSummary question={question} />
      <QuestionThread thread={question.thread} headingLevel={3} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <Textarea
          id="reason"
          label="Why it is closed without agreement"
          hint="Whoever asked, and their union, will read this. Say why management's answer stands."
          error={errorFor(messages.errors, 'reason')}
          value={reason}
          onInput={setReason}
          rows={6}
        />
        <div class="govuk-button-group">
          <Button key={messages.attempt}>Close without agreement</Button>
          <Link href={`/proposals/${data.proposal.id}/question-log`} class="govuk-link">Cancel</Link>
        </div>
      </form>
    </WorkspaceFrame>
  )
}

function goBack(href: string) {
  return (event: MouseEvent) => {
    event.preventDefault()
    navigate(href)
  }
}
