// The consultation outcome report ("you said, we did"): each theme with how often it was
// raised and management's response, HR's introduction, and completing the report once the
// consultation has closed. Responding to a theme is a page of its own: ?theme=ID.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { asApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { OutcomePageQuery, ThemeOutcome } from '../../gql/graphql'
import { BackLink, Button, ChoiceField, errorFor, type FieldError, InsetText, Loading, PageHeading, Paragraphs, ProblemPage, Select, Tag, Textarea, WarningText } from '../../components/govuk'
import { formatDate, formatDateTime, humanise, plural, pluralOrFewer } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { type Notice, PageMessages, errorsFrom, missingOf, usePageMessages } from './InboxShared'
import { WorkspaceFrame } from './WorkspaceNav'

const OutcomePageDocument = graphql(`
  query OutcomePage($id: ID!) {
    proposal(id: $id) {
      id title status
      timetable { consultationEnd }
      revisions { number changeSummary createdAt }
      outcomeReport {
        complete completedAt csvPath htmlPath missing summary version
        completedBy { name }
        challenges { challenged unresolved closedWithoutAgreement }
        themes {
          id name version managementResponse outcome changeDescription revisionNumber
          raised { total staffResponses unionResponses questions }
        }
        questions { text answer answeredAt themes }
      }
    }
  }
`)

// What was said under a theme, for writing the response: written answers and union points, no names.
const OutcomePageSaidDocument = graphql(`
  query OutcomePageSaid($id: ID!) {
    proposal(id: $id) {
      id
      feedbackResponses(first: 100) { totalCount nodes { id themes { id } answers { questionKey values } } }
      unionResponses { id unionName submitted body points themes { id } }
    }
    feedbackForm(proposalId: $id) { questions { key text kind } }
  }
`)

const OutcomePageRespondDocument = graphql(`
  mutation OutcomePageRespond($input: RespondToThemeInput!) {
    respondToTheme(input: $input) { id name }
  }
`)

const OutcomePageSaveDocument = graphql(`
  mutation OutcomePageSave($input: SaveOutcomeReportInput!) {
    saveOutcomeReport(input: $input) { complete version }
  }
`)

type Data = OutcomePageQuery
type Report = Data['proposal']['outcomeReport']
type Theme = Report['themes'][number]
type Messages = ReturnType<typeof usePageMessages>

const TITLE = 'Outcome report'

const OUTCOMES: Record<ThemeOutcome, string> = {
  NO_CHANGE: 'No change to the proposal',
  CHANGED: 'The proposal changed',
}

function raisedText(theme: Theme): string {
  const { staffResponses, unionResponses, questions } = theme.raised
  return `${pluralOrFewer(staffResponses, 'staff response')}, ${pluralOrFewer(unionResponses, 'union response')} and ${pluralOrFewer(questions, 'question')}`
}

export function OutcomePage({ params }: { params: Record<string, string> }) {
  const location = useLocation()
  const { data, error, reload } = useQuery(OutcomePageDocument, { id: params.id })
  const themeId = location.query.get('theme')
  const theme = themeId ? data?.proposal.outcomeReport.themes.find((t) => t.id === themeId) : undefined
  const editable = !!data && !data.proposal.outcomeReport.complete && ['CONSULTING', 'CONSULTATION_CLOSED'].includes(data.proposal.status)
  // The report's messages outlive the theme page, to show its banner afterwards.
  const messages = usePageMessages(theme && editable ? null : TITLE)
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  if (theme && editable) {
    return (
      <RespondPage
        data={data}
        theme={theme}
        reload={reload}
        done={(notice) => {
          navigate(`/proposals/${data.proposal.id}/outcome`)
          messages.setNotice(notice)
          reload()
        }}
      />
    )
  }
  return <ReportPage data={data} editable={editable} messages={messages} reload={reload} />
}

function ReportPage({ data, editable, messages, reload }: {
  data: Data
  editable: boolean
  messages: Messages
  reload: () => void
}) {
  const { proposal } = data
  const report = proposal.outcomeReport
  const answered = report.themes.filter((theme) => theme.managementResponse).length
  // The version of the report's last save from this page: completing right after saving the
  // introduction, before the page has reloaded, must not be refused as a change by someone else.
  const savedVersion = useRef(0)
  return (
    <WorkspaceFrame proposalId={proposal.id} current="outcome">
      <PageMessages errors={messages.errors} notice={messages.notice} attempt={messages.attempt} />
      <PageHeading title={TITLE} caption={proposal.title}>{TITLE}</PageHeading>
      <p class="govuk-body">
        The outcome report tells staff and the unions what they said and what management did about it (“you said, we
        did”): each theme, how often it was raised, the response and any change to the proposal, and every question with
        its answer. It must be complete before the decision is recorded.
      </p>
      <dl class="govuk-summary-list">
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Report</dt>
          <dd class="govuk-summary-list__value">
            {report.complete ? (
              <>
                <Tag colour="green">Complete</Tag>{' '}
                {report.completedAt && `on ${formatDateTime(report.completedAt)}`}
                {report.completedBy && ` by ${report.completedBy.name}`}
              </>
            ) : (
              <Tag colour="yellow">Not complete</Tag>
            )}
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Consultation</dt>
          <dd class="govuk-summary-list__value">
            {humanise(proposal.status)}
            {proposal.timetable.consultationEnd && ` (last day ${formatDate(proposal.timetable.consultationEnd)})`}
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Themes answered</dt>
          <dd class="govuk-summary-list__value">
            {answered} of {report.themes.length}
          </dd>
        </div>
      </dl>
      <ul class="govuk-list">
        <li>
          <a class="govuk-link" href={report.htmlPath}>Open the printable report</a>
        </li>
        <li>
          <a class="govuk-link" href={report.csvPath} download>Download the report (CSV)</a>
        </li>
      </ul>

      <Introduction report={report} proposalId={proposal.id} editable={editable} messages={messages} reload={reload} savedVersion={savedVersion} />

      <h2 class="govuk-heading-l">You said, we did</h2>
      {report.themes.length === 0 ? (
        <p class="govuk-body">
          There are no themes yet. Add themes and tag responses with them on{' '}
          <Link href={`/proposals/${proposal.id}/responses`}>responses and themes</Link>.
        </p>
      ) : (
        <p class="govuk-body">
          Themes come from <Link href={`/proposals/${proposal.id}/responses`}>responses and themes</Link>, where you add
          them and tag responses and questions with them.
        </p>
      )}
      {report.themes.map((theme) => (
        <ThemeCard key={theme.id} theme={theme} proposalId={proposal.id} editable={editable} />
      ))}

      <h2 class="govuk-heading-l">Questions and answers ({report.questions.length})</h2>
      <p class="govuk-body" id="challenged-answers">
        {report.challenges.challenged === 0
          ? 'No answer was challenged.'
          : `${plural(report.challenges.challenged, 'answer was', 'answers were')} challenged: ${report.challenges.unresolved} still unresolved, ${report.challenges.closedWithoutAgreement} closed without agreement.`}
        {report.challenges.unresolved > 0 && (
          <>
            {' '}
            <Link class="govuk-link" href={`/proposals/${proposal.id}/still-open`}>See what is still open</Link>
          </>
        )}
      </p>
      {report.questions.length === 0 ? (
        <p class="govuk-body">No questions have been asked.</p>
      ) : (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">Every question in the report, with its answer</span>
          </summary>
          <div class="govuk-details__text">
            {report.questions.map((question, index) => (
              <div class="app-item" key={index}>
                <h3 class="govuk-heading-s">Question {index + 1}</h3>
                <Paragraphs text={question.text} />
                {question.answer ? (
                  <>
                    <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">Answer</p>
                    <Paragraphs text={question.answer} />
                  </>
                ) : (
                  <p class="govuk-body">
                    <Tag colour="red">Not answered yet</Tag>
                  </p>
                )}
              </div>
            ))}
            <p class="govuk-body">
              Answer them in the <Link href={`/proposals/${proposal.id}/question-log`}>question log</Link>.
            </p>
          </div>
        </details>
      )}

      <Complete data={data} editable={editable} messages={messages} reload={reload} savedVersion={savedVersion} />
    </WorkspaceFrame>
  )
}

function Introduction({ report, proposalId, editable, messages, reload, savedVersion }: {
  report: Report
  proposalId: string
  editable: boolean
  messages: Messages
  reload: () => void
  savedVersion: { current: number }
}) {
  const [summary, setSummary] = useState(report.summary)
  const sending = useRef(false)
  useEffect(() => setSummary(report.summary), [report.version])
  const save = async () => {
    if (sending.current) return
    sending.current = true
    try {
      const saved = await request(OutcomePageSaveDocument, {
        input: { proposalId, summary, expectedVersion: Math.max(report.version, savedVersion.current) },
      })
      savedVersion.current = saved.saveOutcomeReport.version
      messages.setNotice({ title: 'Introduction saved' })
      reload()
    } catch (error) {
      const apiError = asApiError(error)
      if (apiError.code === 'CONFLICT') reload()
      messages.setErrors([
        {
          field: 'summary',
          message: apiError.code === 'CONFLICT' ? `${apiError.message} The latest introduction is shown: check it and try again.` : apiError.message,
        },
      ])
    } finally {
      sending.current = false
    }
  }
  return (
    <>
      <h2 class="govuk-heading-l">Introduction</h2>
      {!editable ? (
        <Paragraphs text={report.summary} empty="No introduction." />
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            void save()
          }}
        >
          <Textarea
            id="summary"
            label="Introduction to the report"
            hint="How the consultation ran: its dates, the meetings held and how many people responded."
            error={errorFor(messages.errors, 'summary')}
            value={summary}
            onInput={setSummary}
            rows={6}
          />
          <Button secondary key={messages.attempt}>Save introduction</Button>
        </form>
      )}
    </>
  )
}

function ThemeCard({ theme, proposalId, editable }: { theme: Theme; proposalId: string; editable: boolean }) {
  const rows: { key: string; value: ComponentChildren }[] = [
    { key: 'You said', value: `Raised in ${raisedText(theme)}` },
    {
      key: 'We did',
      value: theme.managementResponse ? <Paragraphs text={theme.managementResponse} /> : <Tag colour="red">Not written yet</Tag>,
    },
  ]
  if (theme.outcome) rows.push({ key: 'Outcome', value: OUTCOMES[theme.outcome] })
  if (theme.changeDescription) rows.push({ key: 'How it changed', value: <Paragraphs text={theme.changeDescription} /> })
  if (theme.revisionNumber) rows.push({ key: 'Revision', value: `Revision ${theme.revisionNumber}` })
  return (
    <div class="govuk-summary-card">
      <div class="govuk-summary-card__title-wrapper">
        <h3 class="govuk-summary-card__title">{theme.name}</h3>
        {editable && (
          <ul class="govuk-summary-card__actions">
            <li class="govuk-summary-card__action">
              <Link href={`/proposals/${proposalId}/outcome?theme=${theme.id}`} class="govuk-link">
                {theme.managementResponse ? 'Change response' : 'Write response'}
                <span class="govuk-visually-hidden"> to the theme “{theme.name}”</span>
              </Link>
            </li>
          </ul>
        )}
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
      </div>
    </div>
  )
}

function Complete({ data, editable, messages, reload, savedVersion }: {
  data: Data
  editable: boolean
  messages: Messages
  reload: () => void
  savedVersion: { current: number }
}) {
  const { proposal } = data
  const report = proposal.outcomeReport
  const sending = useRef(false)
  if (report.complete) {
    return (
      <>
        <h2 class="govuk-heading-l">Completed</h2>
        <p class="govuk-body">
          The report was completed{report.completedAt && ` on ${formatDateTime(report.completedAt)}`}
          {report.completedBy && ` by ${report.completedBy.name}`}. It can no longer change.
        </p>
      </>
    )
  }
  if (!editable) {
    return (
      <>
        <h2 class="govuk-heading-l">Complete the report</h2>
        <p class="govuk-body">The outcome report is written while the consultation is open and after it closes.</p>
      </>
    )
  }
  const complete = async () => {
    if (sending.current) return
    sending.current = true
    try {
      await request(OutcomePageSaveDocument, {
        input: { proposalId: proposal.id, complete: true, expectedVersion: Math.max(report.version, savedVersion.current) },
      })
      messages.setNotice({
        title: 'The outcome report is complete',
        body: <p class="govuk-body">You can now record the decision. Share the printable report with staff and the unions.</p>,
      })
      reload()
    } catch (error) {
      const apiError = asApiError(error)
      const missing = missingOf(apiError)
      const errors: FieldError[] = [{ field: 'complete-report', message: apiError.message }]
      // What is missing comes with the refusal; the report lists it too, should the client not pass it on.
      for (const item of missing.length > 0 ? missing : apiError.code === 'PRECONDITION_FAILED' ? report.missing : []) {
        errors.push({ field: 'complete-report', message: item })
      }
      messages.setErrors(errors)
      reload()
    } finally {
      sending.current = false
    }
  }
  return (
    <>
      <h2 class="govuk-heading-l" id="complete-report" tabIndex={-1}>
        Complete the report
      </h2>
      {report.missing.length > 0 ? (
        <>
          <p class="govuk-body">Before you can complete it:</p>
          <ul class="govuk-list govuk-list--bullet" id="outcome-missing">
            {report.missing.map((item) => <li key={item}>{item}</li>)}
          </ul>
        </>
      ) : (
        <p class="govuk-body">The consultation has closed and every theme has a response: the report is ready to complete.</p>
      )}
      <WarningText>Once complete, the report can no longer be changed.</WarningText>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void complete()
        }}
      >
        <Button key={messages.attempt}>Mark as complete</Button>
      </form>
    </>
  )
}

/** The written answers of the staff responses and the union responses tagged with a theme. */
function WhatWasSaid({ proposalId, themeId }: { proposalId: string; themeId: string }) {
  const { data } = useQuery(OutcomePageSaidDocument, { id: proposalId })
  if (!data) return null
  const written = new Map(
    data.feedbackForm.questions.filter((q) => q.kind === 'TEXT' || q.kind === 'LONG_TEXT').map((q) => [q.key, q.text]),
  )
  const staff = data.proposal.feedbackResponses.nodes.filter((r) => r.themes.some((t) => t.id === themeId))
  const unions = data.proposal.unionResponses.filter((r) => r.submitted && r.themes.some((t) => t.id === themeId))
  const more = data.proposal.feedbackResponses.totalCount > data.proposal.feedbackResponses.nodes.length
  return (
    <>
      {(staff.length > 0 || unions.length > 0) && (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">
              What people said under this theme ({plural(staff.length + unions.length, 'response')})
            </span>
          </summary>
          <div class="govuk-details__text">
            {staff.map((response, index) => (
              <div class="app-item" key={response.id}>
                <h3 class="govuk-heading-s">Staff response {index + 1}</h3>
                {response.answers
                  .filter((answer) => written.has(answer.questionKey) && answer.values.some((v) => v.trim()))
                  .map((answer) => (
                    <div key={answer.questionKey}>
                      <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{written.get(answer.questionKey)}</p>
                      <Paragraphs text={answer.values.join('\n\n')} />
                    </div>
                  ))}
              </div>
            ))}
            {unions.map((response) => (
              <div class="app-item" key={response.id}>
                <h3 class="govuk-heading-s">{response.unionName}’s collective response</h3>
                <Paragraphs text={response.body} />
                {response.points.length > 0 && (
                  <ol class="govuk-list govuk-list--number">
                    {response.points.map((point, index) => <li key={index}>{point}</li>)}
                  </ol>
                )}
              </div>
            ))}
          </div>
        </details>
      )}
      <p class="govuk-body">
        {more ? 'Only the first 100 staff responses are shown here. ' : ''}Read every response, with names, on{' '}
        <Link href={`/proposals/${proposalId}/responses`}>responses and themes</Link>.
      </p>
    </>
  )
}

function RespondPage({ data, theme, reload, done }: {
  data: Data
  theme: Theme
  reload: () => void
  done: (notice: Notice) => void
}) {
  const { proposal } = data
  const title = `Respond to “${theme.name}”`
  const messages = usePageMessages(title)
  const [response, setResponse] = useState(theme.managementResponse ?? '')
  const [outcome, setOutcome] = useState<string>(theme.outcome ?? '')
  const [change, setChange] = useState(theme.changeDescription ?? '')
  const [revision, setRevision] = useState(theme.revisionNumber ? String(theme.revisionNumber) : '')
  const sending = useRef(false)
  // After a conflict the latest response is loaded: show it.
  useEffect(() => {
    setResponse(theme.managementResponse ?? '')
    setOutcome(theme.outcome ?? '')
    setChange(theme.changeDescription ?? '')
    setRevision(theme.revisionNumber ? String(theme.revisionNumber) : '')
  }, [theme.version])
  const back = `/proposals/${proposal.id}/outcome`
  const tagged = proposal.outcomeReport.questions.filter((question) => question.themes.includes(theme.name))

  const submit = async () => {
    if (sending.current) return
    const errors: FieldError[] = []
    if (!response.trim()) errors.push({ field: 'management-response', message: 'Enter management’s response to this theme' })
    if (!outcome) errors.push({ field: 'outcome', message: 'Select whether the proposal changed' })
    if (outcome === 'CHANGED' && !change.trim()) errors.push({ field: 'change-description', message: 'Enter how the proposal changed' })
    if (errors.length > 0) return messages.setErrors(errors)
    sending.current = true
    const changed = outcome === 'CHANGED'
    try {
      await request(OutcomePageRespondDocument, {
        input: {
          themeId: theme.id,
          managementResponse: response.trim(),
          outcome: outcome as ThemeOutcome,
          changeDescription: changed ? change.trim() : null,
          revisionNumber: changed && revision ? Number(revision) : null,
          expectedVersion: theme.version,
        },
      })
      done({ title: `Response to “${theme.name}” saved` })
    } catch (error) {
      const apiError = asApiError(error)
      if (apiError.code === 'CONFLICT') {
        reload()
        messages.setErrors([
          { field: 'management-response', message: `${apiError.message} The latest response is shown: check it and try again.` },
        ])
      } else {
        messages.setErrors(
          errorsFrom(
            error,
            {
              'input.managementResponse': 'management-response',
              'input.outcome': 'outcome',
              'input.changeDescription': 'change-description',
              'input.revisionNumber': 'revision-number',
            },
            'management-response',
          ),
        )
      }
    } finally {
      sending.current = false
    }
  }

  return (
    <WorkspaceFrame proposalId={proposal.id} current="outcome">
      <BackLink
        href={back}
        onClick={(event) => {
          event.preventDefault()
          navigate(back)
        }}
      />
      <PageMessages errors={messages.errors} notice={null} attempt={messages.attempt} />
      <PageHeading title={title} caption={proposal.title}>{title}</PageHeading>
      <p class="govuk-body">This theme was raised in {raisedText(theme)}.</p>
      {tagged.length > 0 && (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">Questions tagged with this theme ({tagged.length})</span>
          </summary>
          <div class="govuk-details__text">
            {tagged.map((question, index) => (
              <InsetText key={index}>
                <Paragraphs text={question.text} />
              </InsetText>
            ))}
          </div>
        </details>
      )}
      <WhatWasSaid proposalId={proposal.id} themeId={theme.id} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <Textarea
          id="management-response"
          label="What management did (“we did”)"
          hint="Answer what people raised, in plain words. If nothing changed, say why."
          error={errorFor(messages.errors, 'management-response')}
          value={response}
          onInput={setResponse}
          rows={8}
        />
        <ChoiceField
          id="outcome"
          label="Did the proposal change?"
          error={errorFor(messages.errors, 'outcome')}
          choices={[
            { value: 'NO_CHANGE', label: 'No, it stays as it was' },
            { value: 'CHANGED', label: 'Yes, the proposal changed' },
          ]}
          values={outcome ? [outcome] : []}
          onChange={(values) => setOutcome(values[0] ?? '')}
        />
        {outcome === 'CHANGED' && (
          // Shown as GOV.UK's conditional reveal: it belongs to the "Yes" answer above.
          <div class="govuk-radios__conditional">
            <Textarea
              id="change-description"
              label="How the proposal changed"
              error={errorFor(messages.errors, 'change-description')}
              value={change}
              onInput={setChange}
              rows={4}
            />
            <Select
              id="revision-number"
              label="Revision that made the change"
              hint="Each change to the proposal after it was shared is a new revision."
              error={errorFor(messages.errors, 'revision-number')}
              value={revision}
              onChange={setRevision}
              options={[
                { value: '', label: 'Not made yet' },
                ...proposal.revisions.map((r) => ({
                  value: String(r.number),
                  label: `Revision ${r.number}: ${r.changeSummary} (${formatDate(r.createdAt)})`,
                })),
              ]}
            />
          </div>
        )}
        <div class="govuk-button-group">
          <Button key={messages.attempt}>Save response</Button>
          <Link href={back} class="govuk-link">Cancel</Link>
        </div>
      </form>
    </WorkspaceFrame>
  )
}
