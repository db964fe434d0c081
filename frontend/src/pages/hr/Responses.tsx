// The feedback inbox: every submitted staff response (with names: HR only), the unions'
// collective responses, the themes HR groups them under, late responses HR accepted and
// extending the closing date.
import type { ComponentChildren } from 'preact'
import { useRef, useState } from 'preact/hooks'
import { request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { ResponseFilterInput, ResponseSort, ResponsesPageQuery } from '../../gql/graphql'
import { Button, errorFor, type FieldError, Loading, PageHeading, Paragraphs, ProblemPage, Select, Tag, Textarea, TextInput } from '../../components/govuk'
import { DateInput, checkDate, dateExample } from '../../components/DateInput'
import { countOrFewer, daysUntil, formatDate, formatDateTime, londonToday, plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { choiceLabel } from '../feedback/feedbackModel'
import { PageMessages, ThemeTagger, ThemeTags, afterTagging, errorsFrom, fileSize, usePageMessages } from './InboxShared'
import { WorkspaceFrame } from './WorkspaceNav'

const PAGE_SIZE = 20

const ResponsesPageDocument = graphql(`
  query ResponsesPage($id: ID!, $first: Int!, $after: String, $filter: ResponseFilterInput, $sort: ResponseSort) {
    proposal(id: $id) {
      id title status responsesCsvPath
      responseRate { responded affected }
      nonResponders(first: 100) { totalCount nodes { id name workEmail } }
      posts(first: 100) { nodes { id title current { grade } } }
      timetable { consultationStart consultationEnd }
      outcomeReport { csvPath }
      themes { id name raised { total staffResponses unionResponses questions } }
      feedbackResponses(first: $first, after: $after, filter: $filter, sort: $sort) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          id confidential submittedAt updatedAt
          author { id name email }
          answers { questionKey values }
          themes { id name }
        }
      }
      unionResponses {
        id unionName title body points failureToAgree submitted submittedAt
        attachments { id fileName downloadPath sizeBytes contentType }
        themes { id name }
      }
      lateResponses { acceptedUntil grantedAt reason grantedBy { name } user { id name email } }
    }
    feedbackForm(proposalId: $id) { questions { key text kind choices } }
    staff: users(role: STAFF, first: 100) { nodes { id name email } }
    reps: users(role: UNION_REP, first: 100) { nodes { id name email union } }
  }
`)

const ResponsesPageCreateThemeDocument = graphql(`
  mutation ResponsesPageCreateTheme($input: CreateThemeInput!) {
    createTheme(input: $input) { id name }
  }
`)

const ResponsesPageAcceptLateDocument = graphql(`
  mutation ResponsesPageAcceptLate($input: AcceptLateResponseInput!) {
    acceptLateResponse(input: $input) { acceptedUntil user { name } }
  }
`)

const ResponsesPageRemindDocument = graphql(`
  mutation ResponsesPageRemind($proposalId: ID!) {
    remindNonResponders(proposalId: $proposalId) { queued message }
  }
`)

const ResponsesPageExtendDocument = graphql(`
  mutation ResponsesPageExtend($input: ExtendConsultationInput!) {
    extendConsultation(input: $input) { consultationEnd }
  }
`)

type Data = ResponsesPageQuery
type Proposal = Data['proposal']
type StaffResponse = Proposal['feedbackResponses']['nodes'][number]
type UnionResponse = Proposal['unionResponses'][number]
type Messages = ReturnType<typeof usePageMessages>

const TITLE = 'Responses and themes'

export function ResponsesPage({ params }: { params: Record<string, string> }) {
  // The cursors of the pages before this one: "Previous" goes back through them.
  const [cursors, setCursors] = useState<(string | null)[]>([])
  const after = cursors.length > 0 ? cursors[cursors.length - 1] : null
  const location = useLocation()
  const query = location.query
  // The filters live in the address, so that a link reproduces the view.
  const answerParam = query.get('answer')?.split(':')
  const filter: ResponseFilterInput = {
    themeId: query.get('theme') || null,
    postId: query.get('post') || null,
    answer: answerParam && answerParam.length === 2 ? { questionKey: answerParam[0], choice: answerParam[1] } : null,
    confidential: query.get('confidential') === 'yes' ? true : query.get('confidential') === 'no' ? false : null,
    late: query.get('late') === 'yes' ? true : query.get('late') === 'no' ? false : null,
  }
  const sort: ResponseSort = query.get('sort') === 'NEWEST' ? 'NEWEST' : 'OLDEST'
  const { data, error, reload, current } = useQuery(ResponsesPageDocument, { id: params.id, first: PAGE_SIZE, after, filter, sort })
  const messages = usePageMessages(TITLE)
  const listRef = useRef<HTMLHeadingElement>(null)

  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  const { proposal } = data
  const responses = proposal.feedbackResponses
  // Responses of an earlier filter or page are not shown under this one's heading while it loads.
  const shown = current ? responses : null
  const submittedUnion = proposal.unionResponses.filter((r) => r.submitted)
  const draftUnions = proposal.unionResponses.filter((r) => !r.submitted).map((r) => r.unionName)
  const turnPage = (next: (string | null)[]) => {
    setCursors(next)
    listRef.current?.focus()
  }
  const first = cursors.length * PAGE_SIZE + 1
  const last = cursors.length * PAGE_SIZE + responses.nodes.length

  return (
    <WorkspaceFrame proposalId={proposal.id} current="responses">
      <PageMessages errors={messages.errors} notice={messages.notice} attempt={messages.attempt} />
      <PageHeading title={TITLE} caption={proposal.title}>{TITLE}</PageHeading>
      <p class="govuk-body">
        {plural(responses.totalCount, 'staff response')} and {plural(submittedUnion.length, 'union response')} so far.
        {draftUnions.length > 0 && ` ${draftUnions.join(' and ')} ${draftUnions.length === 1 ? 'has' : 'have'} a draft not sent yet.`}
      </p>
      <div class="govuk-inset-text">
        You can see who wrote each response. Managers and union representatives cannot: never pass on the name of
        someone whose response is marked confidential.
      </div>
      <ul class="govuk-list">
        <li>
          <Link href={`/proposals/${proposal.id}/staff-feedback`}>What staff have said, in numbers</Link>
        </li>
        <li>
          <a class="govuk-link" href={proposal.responsesCsvPath} download>
            Download every response (CSV)
          </a>
        </li>
        <li>
          <a class="govuk-link" href={proposal.outcomeReport.csvPath} download>
            Download the outcome report (CSV)
          </a>
        </li>
      </ul>
      <nav aria-labelledby="responses-contents">
        <h2 class="govuk-heading-s" id="responses-contents">On this page</h2>
        <ul class="govuk-list">
          <li><a class="govuk-link" href="#themes">Themes</a></li>
          <li><a class="govuk-link" href="#staff-responses">Staff responses</a></li>
          <li><a class="govuk-link" href="#union-responses">Union responses</a></li>
          <li><a class="govuk-link" href="#late-responses">Late responses</a></li>
          <li><a class="govuk-link" href="#closing-date">Closing date</a></li>
        </ul>
      </nav>

      <ResponseRate proposal={proposal} messages={messages} reload={reload} />

      <Themes proposal={proposal} messages={messages} reload={reload} />

      <h2 class="govuk-heading-l" id="staff-responses" tabIndex={-1} ref={listRef}>
        Staff responses ({shown ? shown.totalCount : '…'})
      </h2>
      <ResponseFilters
        key={query.toString()}
        data={data}
        query={query}
        apply={(next) => {
          setCursors([])
          navigate(`/proposals/${proposal.id}/responses${next.toString() ? `?${next}` : ''}#staff-responses`)
        }}
      />
      {!shown ? (
        <Loading />
      ) : shown.totalCount === 0 ? (
        <p class="govuk-body">{[...query.keys()].length > 0 ? 'No response matches the filters.' : 'No member of staff has sent a response yet.'}</p>
      ) : (
        <p class="govuk-body">
          {sort === 'NEWEST' ? 'Newest first' : 'Oldest first'}. Showing {first} to {last} of {shown.totalCount}.
        </p>
      )}
      {shown?.nodes.map((response) => (
        <StaffResponseCard
          key={response.id}
          response={response}
          questions={data.feedbackForm.questions}
          themes={proposal.themes}
          messages={messages}
          reload={reload}
        />
      ))}
      {shown && (cursors.length > 0 || shown.pageInfo.hasNextPage) && (
        <nav class="govuk-pagination govuk-pagination--block" aria-label="Staff responses, pages">
          {cursors.length > 0 && (
            <div class="govuk-pagination__prev">
              <a
                class="govuk-link govuk-pagination__link"
                href="#staff-responses"
                rel="prev"
                onClick={(event) => {
                  event.preventDefault()
                  turnPage(cursors.slice(0, -1))
                }}
              >
                <span class="govuk-pagination__link-title">
                  Previous<span class="govuk-visually-hidden"> page</span>
                </span>
                <span class="govuk-visually-hidden">:</span>
                <span class="govuk-pagination__link-label">Responses {first - PAGE_SIZE} to {first - 1}</span>
              </a>
            </div>
          )}
          {shown.pageInfo.hasNextPage && shown.pageInfo.endCursor && (
            <div class="govuk-pagination__next">
              <a
                class="govuk-link govuk-pagination__link"
                href="#staff-responses"
                rel="next"
                onClick={(event) => {
                  event.preventDefault()
                  turnPage([...cursors, shown.pageInfo.endCursor!])
                }}
              >
                <span class="govuk-pagination__link-title">
                  Next<span class="govuk-visually-hidden"> page</span>
                </span>
                <span class="govuk-visually-hidden">:</span>
                <span class="govuk-pagination__link-label">Responses from {last + 1}</span>
              </a>
            </div>
          )}
        </nav>
      )}

      <h2 class="govuk-heading-l" id="union-responses">Union responses ({submittedUnion.length})</h2>
      {submittedUnion.length === 0 && <p class="govuk-body">No union has sent its collective response yet.</p>}
      {submittedUnion.map((response) => (
        <UnionResponseCard key={response.id} response={response} themes={proposal.themes} messages={messages} reload={reload} />
      ))}
      <p class="govuk-body">
        <Link href={`/proposals/${proposal.id}/union-response`}>Every union response, with the signatures of joint ones</Link>
        {' · '}
        <Link href={`/proposals/${proposal.id}/team-responses`}>Team responses</Link>
      </p>
      <p class="govuk-body">
        Each numbered point of a union’s response is also in the{' '}
        <Link href={`/proposals/${proposal.id}/question-log`}>question log</Link>, to be answered.
      </p>

      <LateResponses data={data} messages={messages} reload={reload} />
      <ClosingDate proposal={proposal} messages={messages} reload={reload} />
    </WorkspaceFrame>
  )
}

function Themes({ proposal, messages, reload }: { proposal: Proposal; messages: Messages; reload: () => void }) {
  const [name, setName] = useState('')
  const sending = useRef(false)
  const add = async () => {
    if (sending.current) return
    const trimmed = name.trim()
    if (!trimmed) return messages.setErrors([{ field: 'theme-name', message: 'Enter the name of the theme' }])
    if (proposal.themes.some((theme) => theme.name.toLowerCase() === trimmed.toLowerCase())) {
      return messages.setErrors([{ field: 'theme-name', message: `There is already a theme called “${trimmed}”` }])
    }
    sending.current = true
    try {
      const result = await request(ResponsesPageCreateThemeDocument, { input: { proposalId: proposal.id, name: trimmed } })
      setName('')
      messages.setNotice({
        title: `Theme “${result.createTheme.name}” added`,
        body: <p class="govuk-body">Tag responses and questions with it using “Change themes” under each one.</p>,
      })
      reload()
    } catch (error) {
      messages.setErrors(errorsFrom(error, { 'input.name': 'theme-name' }, 'theme-name'))
    } finally {
      sending.current = false
    }
  }
  return (
    <>
      <h2 class="govuk-heading-l" id="themes">Themes</h2>
      <p class="govuk-body">
        Group what people raise under themes. Each theme gets a response in the{' '}
        <Link href={`/proposals/${proposal.id}/outcome`}>outcome report</Link> (“you said, we did”).
      </p>
      {proposal.themes.length === 0 ? (
        <p class="govuk-body">There are no themes yet.</p>
      ) : (
        <div class="app-table-scroll" role="region" aria-label="Themes and how often each was raised" tabIndex={0}>
          <table class="govuk-table govuk-table--small-text-until-tablet app-counts">
            <caption class="govuk-table__caption govuk-visually-hidden">Themes and how often each was raised</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Theme</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Staff responses</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Union responses</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Questions</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {proposal.themes.map((theme) => (
                <tr class="govuk-table__row" key={theme.id}>
                  <th scope="row" class="govuk-table__header">{theme.name}</th>
                  <td class="govuk-table__cell govuk-table__cell--numeric app-count">{countOrFewer(theme.raised.staffResponses)}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric app-count">{countOrFewer(theme.raised.unionResponses)}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric app-count">{countOrFewer(theme.raised.questions)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void add()
        }}
      >
        <TextInput
          id="theme-name"
          label="Add a theme"
          hint="A short name for something people raised, for example “Caseloads”"
          error={errorFor(messages.errors, 'theme-name')}
          value={name}
          onInput={setName}
          width="20"
        />
        <Button secondary key={messages.attempt}>Add theme</Button>
      </form>
    </>
  )
}

function Answer({ kind, values }: { kind: string; values: string[] }) {
  if (values.length === 0 || values.every((value) => !value.trim())) return <span class="app-secondary-text">Not answered</span>
  if (kind === 'TEXT' || kind === 'LONG_TEXT') return <Paragraphs text={values.join('\n\n')} />
  if (values.length === 1) return <>{choiceLabel(kind, values[0])}</>
  return (
    <ul class="govuk-list govuk-list--bullet">
      {values.map((value) => <li key={value}>{choiceLabel(kind, value)}</li>)}
    </ul>
  )
}

function Card({ title, rows, children }: {
  title: ComponentChildren
  rows: { key: string; value: ComponentChildren }[]
  children?: ComponentChildren
}) {
  return (
    <div class="govuk-summary-card">
      <div class="govuk-summary-card__title-wrapper">
        <h3 class="govuk-summary-card__title">{title}</h3>
      </div>
      <div class="govuk-summary-card__content">
        <dl class="govuk-summary-list">
          {rows.map((row, index) => (
            <div class="govuk-summary-list__row" key={index}>
              <dt class="govuk-summary-list__key">{row.key}</dt>
              <dd class="govuk-summary-list__value">{row.value}</dd>
            </div>
          ))}
        </dl>
        {children}
      </div>
    </div>
  )
}

function StaffResponseCard({ response, questions, themes, messages, reload }: {
  response: StaffResponse
  questions: Data['feedbackForm']['questions']
  themes: Proposal['themes']
  messages: Messages
  reload: () => void
}) {
  const name = response.author?.name ?? 'Name not shown'
  const byKey = new Map(response.answers.map((answer) => [answer.questionKey, answer.values]))
  const known = new Set(questions.map((question) => question.key))
  const rows: { key: string; value: ComponentChildren }[] = [
    {
      key: 'Their name',
      value: response.confidential ? (
        <Tag colour="red">Confidential: do not share the name</Tag>
      ) : (
        'Not confidential: managers may see who wrote it'
      ),
    },
    { key: 'Submitted', value: formatDateTime(response.submittedAt) },
  ]
  if (response.submittedAt && Date.parse(response.updatedAt) - Date.parse(response.submittedAt) > 60_000) {
    rows.push({ key: 'Last changed', value: formatDateTime(response.updatedAt) })
  }
  for (const question of questions) {
    rows.push({ key: question.text, value: <Answer kind={question.kind} values={byKey.get(question.key) ?? []} /> })
  }
  // Answers to questions no longer on the form are still theirs to read.
  for (const answer of response.answers.filter((a) => !known.has(a.questionKey))) {
    rows.push({ key: answer.questionKey, value: <Answer kind="TEXT" values={answer.values} /> })
  }
  rows.push({ key: 'Themes', value: <ThemeTags themes={response.themes} /> })
  return (
    <Card title={name} rows={rows}>
      <ThemeTagger
        subject="FEEDBACK_RESPONSE"
        subjectId={response.id}
        label={`${name}’s response`}
        themes={themes}
        tagged={response.themes.map((theme) => theme.id)}
        attempt={messages.attempt}
        onSaved={() => afterTagging(messages, reload)}
        onError={messages.setErrors}
      />
    </Card>
  )
}

function UnionResponseCard({ response, themes, messages, reload }: {
  response: UnionResponse
  themes: Proposal['themes']
  messages: Messages
  reload: () => void
}) {
  const rows: { key: string; value: ComponentChildren }[] = [
    { key: 'Title', value: response.title },
    { key: 'Submitted', value: formatDateTime(response.submittedAt) },
    {
      key: 'Failure to agree',
      value: response.failureToAgree ? <Tag colour="red">Failure to agree recorded</Tag> : 'Not recorded',
    },
    { key: 'Response', value: <Paragraphs text={response.body} /> },
    {
      key: 'Numbered points',
      value:
        response.points.length === 0 ? (
          'None'
        ) : (
          <ol class="govuk-list govuk-list--number">
            {response.points.map((point, index) => <li key={index}>{point}</li>)}
          </ol>
        ),
    },
    {
      key: 'Attachments',
      value:
        response.attachments.length === 0 ? (
          'None'
        ) : (
          <ul class="govuk-list">
            {response.attachments.map((file) => (
              <li key={file.id}>
                <a class="govuk-link" href={file.downloadPath} download={file.fileName}>
                  {file.fileName}
                </a>{' '}
                <span class="app-secondary-text">({fileSize(file.sizeBytes)})</span>
              </li>
            ))}
          </ul>
        ),
    },
    { key: 'Themes', value: <ThemeTags themes={response.themes} /> },
  ]
  return (
    <Card title={`${response.unionName}’s collective response`} rows={rows}>
      <ThemeTagger
        subject="UNION_RESPONSE"
        subjectId={response.id}
        label={`${response.unionName}’s response`}
        themes={themes}
        tagged={response.themes.map((theme) => theme.id)}
        attempt={messages.attempt}
        onSaved={() => afterTagging(messages, reload)}
        onError={messages.setErrors}
      />
    </Card>
  )
}

function LateResponses({ data, messages, reload }: { data: Data; messages: Messages; reload: () => void }) {
  const { proposal } = data
  const [userId, setUserId] = useState('')
  const [until, setUntil] = useState('')
  const [reason, setReason] = useState('')
  const sending = useRef(false)
  const people = [
    ...data.staff.nodes.map((user) => ({ value: user.id, label: `${user.name} (${user.email})`, group: 'Staff' })),
    ...data.reps.nodes.map((user) => ({
      value: user.id,
      label: `${user.name} (${user.email})`,
      group: 'Union representatives',
    })),
  ]
  const accept = async () => {
    if (sending.current) return
    const errors: FieldError[] = []
    if (!userId) errors.push({ field: 'late-person', message: 'Choose whose response you are accepting' })
    if (checkDate(errors, 'late-until', until, 'The last day they may respond', 'Enter the last day they may respond') && until < londonToday()) errors.push({ field: 'late-until', message: 'The last day must be today or in the future' })
    if (!reason.trim()) errors.push({ field: 'late-reason', message: 'Enter why you are accepting a late response' })
    if (errors.length > 0) return messages.setErrors(errors)
    sending.current = true
    try {
      const result = await request(ResponsesPageAcceptLateDocument, {
        input: { proposalId: proposal.id, userId, acceptedUntil: until, reason: reason.trim() },
      })
      setUserId('')
      setUntil('')
      setReason('')
      messages.setNotice({
        title: 'Late response accepted',
        body: (
          <p class="govuk-body">
            {result.acceptLateResponse.user?.name ?? 'They'} may save and submit a response until the end of{' '}
            {formatDate(result.acceptLateResponse.acceptedUntil, true)}.
          </p>
        ),
      })
      reload()
    } catch (error) {
      messages.setErrors(
        errorsFrom(error, { 'input.userId': 'late-person', 'input.acceptedUntil': 'late-until', 'input.reason': 'late-reason' }, 'late-person'),
      )
    } finally {
      sending.current = false
    }
  }
  return (
    <>
      <h2 class="govuk-heading-l" id="late-responses">Late responses</h2>
      <p class="govuk-body">
        After the closing date, people can no longer save or submit a response. You can accept one person’s response
        after the deadline, until a day you choose. The audit log records why.
      </p>
      {proposal.lateResponses.length === 0 ? (
        <p class="govuk-body">You have not accepted any late responses.</p>
      ) : (
        <div class="app-table-scroll" role="region" aria-label="Late responses accepted" tabIndex={0}>
          <table class="govuk-table govuk-table--small-text-until-tablet">
            <caption class="govuk-table__caption govuk-table__caption--s">Late responses accepted</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Person</th>
                <th scope="col" class="govuk-table__header">Until</th>
                <th scope="col" class="govuk-table__header">Why</th>
                <th scope="col" class="govuk-table__header">Accepted by</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {proposal.lateResponses.map((late, index) => (
                <tr class="govuk-table__row" key={index}>
                  <th scope="row" class="govuk-table__header">{late.user?.name ?? 'Unknown account'}</th>
                  <td class="govuk-table__cell">{formatDate(late.acceptedUntil)}</td>
                  <td class="govuk-table__cell">{late.reason}</td>
                  <td class="govuk-table__cell">
                    {late.grantedBy?.name ?? 'HR'}, {formatDateTime(late.grantedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void accept()
        }}
      >
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Accept a late response</legend>
          <Select
            id="late-person"
            label="Whose response"
            error={errorFor(messages.errors, 'late-person')}
            value={userId}
            onChange={setUserId}
            options={[{ value: '', label: 'Choose a person' }, ...people]}
          />
          <DateInput
            id="late-until"
            label="Last day they may respond"
            hint="They can save and submit until the end of this day (UK time)."
            error={errorFor(messages.errors, 'late-until')}
            value={until}
            onInput={setUntil}
          />
          <Textarea
            id="late-reason"
            label="Why you are accepting it"
            hint="For example, they were on leave when the consultation closed."
            error={errorFor(messages.errors, 'late-reason')}
            value={reason}
            onInput={setReason}
            rows={3}
          />
        </fieldset>
        <Button secondary key={messages.attempt}>Accept late response</Button>
      </form>
    </>
  )
}

/** A day after `date` ("YYYY-MM-DD"), plus `days`. */
function addDays(date: string, days: number): string {
  const day = new Date(`${date}T12:00:00Z`)
  day.setUTCDate(day.getUTCDate() + days)
  return day.toISOString().slice(0, 10)
}

function ClosingDate({ proposal, messages, reload }: { proposal: Proposal; messages: Messages; reload: () => void }) {
  const end = proposal.timetable.consultationEnd
  const [newEnd, setNewEnd] = useState('')
  const [reason, setReason] = useState('')
  const sending = useRef(false)
  const consulting = proposal.status === 'CONSULTING'
  const extend = async () => {
    if (sending.current || !end) return
    const errors: FieldError[] = []
    if (checkDate(errors, 'extend-end', newEnd, 'The new last day', 'Enter the new last day of the consultation') && newEnd <= end) errors.push({ field: 'extend-end', message: `The new last day must be after ${formatDate(end)}` })
    if (!reason.trim()) errors.push({ field: 'extend-reason', message: 'Enter why you are extending the consultation' })
    if (errors.length > 0) return messages.setErrors(errors)
    sending.current = true
    try {
      const result = await request(ResponsesPageExtendDocument, {
        input: { proposalId: proposal.id, consultationEnd: newEnd, reason: reason.trim() },
      })
      setNewEnd('')
      setReason('')
      messages.setNotice({
        title: 'Consultation extended',
        body: (
          <p class="govuk-body">
            The consultation now closes at the end of {formatDate(result.extendConsultation.consultationEnd, true)}.
          </p>
        ),
      })
      reload()
    } catch (error) {
      messages.setErrors(errorsFrom(error, { 'input.consultationEnd': 'extend-end', 'input.reason': 'extend-reason' }, 'extend-end'))
    } finally {
      sending.current = false
    }
  }
  const left = end ? daysUntil(end) : null
  return (
    <>
      <h2 class="govuk-heading-l" id="closing-date">Closing date</h2>
      <dl class="govuk-summary-list">
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Consultation period</dt>
          <dd class="govuk-summary-list__value">
            {proposal.timetable.consultationStart
              ? `${formatDate(proposal.timetable.consultationStart)} to ${formatDate(end)}`
              : 'Not set'}
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Closes</dt>
          <dd class="govuk-summary-list__value">
            {!end
              ? 'Not set'
              : left === null || left < 0
                ? `Closed for responses on ${formatDate(end, true)}`
                : left === 0
                  ? `Today, ${formatDate(end, true)}`
                  : `${formatDate(end, true)}, in ${plural(left, 'day')}`}
          </dd>
        </div>
      </dl>
      {!consulting || !end ? (
        <p class="govuk-body">
          {end
            ? 'The consultation can be extended only while it is open.'
            : 'Set the consultation period on the timetable page first.'}
        </p>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            void extend()
          }}
        >
          <fieldset class="govuk-fieldset">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Extend the consultation</legend>
            <p class="govuk-body">
              The new closing date applies to everyone. Staff and representatives see it on the proposal straight away,
              and the “closes in a week” and “closes tomorrow” reminder emails to everyone who has not responded yet move
              to the new date. The audit log records your reason.
            </p>
            <DateInput
              id="extend-end"
              label="New last day"
              hint={`After the current last day, ${formatDate(end)}.`}
              example={dateExample(addDays(end, 7))}
              error={errorFor(messages.errors, 'extend-end')}
              value={newEnd}
              onInput={setNewEnd}
            />
            <Textarea
              id="extend-reason"
              label="Why you are extending it"
              hint="For example, a consultation meeting was moved."
              error={errorFor(messages.errors, 'extend-reason')}
              value={reason}
              onInput={setReason}
              rows={3}
            />
          </fieldset>
          <Button key={messages.attempt}>Extend the consultation</Button>
        </form>
      )}
    </>
  )
}

/** How many affected staff responded, who has not, and reminding them by email. */
function ResponseRate({ proposal, messages, reload }: { proposal: Proposal; messages: Messages; reload: () => void }) {
  const [busy, setBusy] = useState(false)
  const { responded, affected } = proposal.responseRate
  const waiting = proposal.nonResponders
  const remind = async () => {
    setBusy(true)
    try {
      const result = await request(ResponsesPageRemindDocument, { proposalId: proposal.id })
      messages.setNotice({ title: 'Reminders', body: <p class="govuk-body">{result.remindNonResponders.message}</p> })
      reload()
    } catch (error) {
      messages.setErrors(errorsFrom(error, {}, 'remind'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <h2 class="govuk-heading-l" id="response-rate">Who has responded</h2>
      <p class="govuk-body govuk-!-font-weight-bold" id="response-rate-count">
        {responded} of {plural(affected, 'affected member of staff', 'affected staff')} {responded === 1 ? 'has' : 'have'} responded.
      </p>
      {waiting.totalCount === 0 ? (
        <p class="govuk-body">Everyone affected has responded.</p>
      ) : (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">{plural(waiting.totalCount, 'person has', 'people have')} not responded yet</span>
          </summary>
          <div class="govuk-details__text">
            <ul class="govuk-list govuk-list--bullet">
              {waiting.nodes.map((person) => (
                <li key={person.id}>
                  {person.name} ({person.workEmail})
                </li>
              ))}
            </ul>
            {waiting.totalCount > waiting.nodes.length && <p class="govuk-body">And {waiting.totalCount - waiting.nodes.length} more.</p>}
          </div>
        </details>
      )}
      {waiting.totalCount > 0 && proposal.status === 'CONSULTING' && (
        <>
          <p class="govuk-body">
            A reminder gives the closing date and a link to give feedback. Nobody reminded in the last 24 hours is reminded again.
          </p>
          <Button type="button" onClick={remind} disabled={busy}>
            Remind everyone who has not responded
          </Button>
        </>
      )}
    </>
  )
}

/** Filters and sort of the staff responses, applied by changing the address. */
function ResponseFilters({ data, query, apply }: { data: Data; query: URLSearchParams; apply: (next: URLSearchParams) => void }) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(['theme', 'post', 'answer', 'confidential', 'late', 'sort'].map((key) => [key, query.get(key) ?? ''])),
  )
  const set = (key: string) => (value: string) => setValues((previous) => ({ ...previous, [key]: value }))
  const choiceQuestions = data.feedbackForm.questions.filter((q) => q.kind !== 'TEXT' && q.kind !== 'LONG_TEXT')
  const answers = choiceQuestions.flatMap((q) =>
    (q.choices ?? []).map((choice) => ({ value: `${q.key}:${choice}`, label: choiceLabel(q.kind, choice), group: q.text })),
  )
  const yesNo = (yes: string, no: string) => [
    { value: '', label: 'Either' },
    { value: 'yes', label: yes },
    { value: 'no', label: no },
  ]
  return (
    <form
      role="search"
      aria-label="Filter responses"
      onSubmit={(event) => {
        event.preventDefault()
        const next = new URLSearchParams()
        for (const [key, value] of Object.entries(values)) if (value) next.set(key, value)
        apply(next)
      }}
    >
      <h3 class="govuk-heading-m">Filter responses</h3>
      <Select id="response-theme" label="Theme" value={values.theme} onChange={set('theme')} options={[{ value: '', label: 'Any theme' }, ...data.proposal.themes.map((t) => ({ value: t.id, label: t.name }))]} />
      <Select
        id="response-post"
        label="Current post of the author"
        value={values.post}
        onChange={set('post')}
        options={[{ value: '', label: 'Any post' }, ...data.proposal.posts.nodes.filter((p) => p.current).map((p) => ({ value: p.id, label: p.title }))]}
      />
      <Select id="response-answer" label="Answer" value={values.answer} onChange={set('answer')} options={[{ value: '', label: 'Any answer' }, ...answers]} />
      <Select id="response-confidential" label="Named or confidential" value={values.confidential} onChange={set('confidential')} options={yesNo('Confidential', 'Named')} />
      <Select id="response-late" label="Accepted late" value={values.late} onChange={set('late')} options={yesNo('Accepted late', 'On time')} />
      <Select
        id="response-sort"
        label="Sort by"
        value={values.sort}
        onChange={set('sort')}
        options={[
          { value: '', label: 'Oldest first' },
          { value: 'NEWEST', label: 'Newest first' },
        ]}
      />
      <div class="govuk-button-group">
        <Button type="submit">Apply filters</Button>
        <Link class="govuk-link" href={`/proposals/${data.proposal.id}/responses#staff-responses`}>
          Clear filters
        </Link>
      </div>
    </form>
  )
}
