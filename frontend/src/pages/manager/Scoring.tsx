// An assessor's scoring of one selection pool (reached from "My tasks"): the criteria with their
// weights, the scale with what each score means, and each candidate with how many of their
// scores are given; `?candidate=…` is one candidate, a small form per criterion, each score
// saved on its own. An assessor sees only their own scores here, so each marks independently
// (the API gives HR and both assessors the whole matrix; moderation is HR's). Refusals from the
// server (a published outcome, a score off the scale, a score changed meanwhile) are shown in
// the error summary, linked to the criterion they concern.
import { useState } from 'preact/hooks'
import { ApiError, asApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { ScoringPageQuery } from '../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  Loading,
  NotificationBanner,
  PageHeading,
  ProblemPage,
  SummaryList,
  Tag,
  Textarea,
  WarningText,
  errorFor,
} from '../../components/govuk'
import { formatDate, plural } from '../../format'
import { Link, useLocation } from '../../router'

const ScoringPageDocument = graphql(`
  query ScoringPage($id: ID!) {
    me { id }
    myAssessments { ringFenceId proposalTitle }
    selection(ringFenceId: $id) {
      ringFenceId name postsToFill publishedAt
      criteria { id name description weight }
      scale { min max descriptors { score text } }
      assessors { userId name }
      candidates {
        employeeId name employeeNumber
        cells { criterionId assessorScores { assessorId score note version } }
      }
    }
  }
`)

const RecordScoreDocument = graphql(`
  mutation ScoringPageRecord($input: RecordSelectionScoreInput!) {
    recordSelectionScore(input: $input) { ringFenceId }
  }
`)

type Data = ScoringPageQuery
type Selection = Data['selection']
type Candidate = Selection['candidates'][number]
type Criterion = Selection['criteria'][number]
type OwnScore = Candidate['cells'][number]['assessorScores'][number]

/** The viewer's own score on each criterion of a candidate. */
function ownScores(candidate: Candidate, me: string): Map<string, OwnScore | undefined> {
  return new Map(candidate.cells.map((cell) => [cell.criterionId, cell.assessorScores.find((s) => s.assessorId === me && s.score != null)]))
}

export function ScoringPage({ params }: { params: { [key: string]: string } }) {
  const location = useLocation()
  const { data, error, reload } = useQuery(ScoringPageDocument, { id: params.ringFenceId })
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  const candidateId = location.query.get('candidate')
  const candidate = data.selection.candidates.find((c) => c.employeeId === candidateId)
  const proposalTitle = data.myAssessments.find((a) => a.ringFenceId === data.selection.ringFenceId)?.proposalTitle
  if (candidate) return <ScoreCandidate key={candidate.employeeId} data={data} candidate={candidate} onSaved={reload} />
  return <PoolOverview data={data} proposalTitle={proposalTitle} gone={candidateId != null} />
}

function Scale({ selection }: { selection: Selection }) {
  const meaning = new Map(selection.scale.descriptors.map((d) => [d.score, d.text]))
  const scores = Array.from({ length: selection.scale.max - selection.scale.min + 1 }, (_, i) => selection.scale.min + i)
  return (
    <SummaryList rows={scores.map((score) => ({ key: String(score), value: meaning.get(score) ?? 'No description given' }))} />
  )
}

function PoolOverview({ data, proposalTitle, gone }: { data: Data; proposalTitle?: string; gone: boolean }) {
  const selection = data.selection
  const published = selection.publishedAt != null
  const isAssessor = selection.assessors.some((a) => a.userId === data.me.id)
  const criteria = selection.criteria.length
  return (
    <>
      <Link href="/tasks" class="govuk-back-link">
        Back to my tasks
      </Link>
      {gone && (
        <NotificationBanner>
          <p class="govuk-notification-banner__heading">That candidate is not in this pool</p>
          <p class="govuk-body">Choose a candidate from the list below.</p>
        </NotificationBanner>
      )}
      <PageHeading title={`Scoring: ${selection.name}`} caption={proposalTitle}>
        Scoring: {selection.name}
      </PageHeading>
      {published ? (
        <WarningText>HR published the outcome on {formatDate(selection.publishedAt)}. Scores can no longer change.</WarningText>
      ) : !isAssessor ? (
        <WarningText>You are not one of this pool’s assessors, so you cannot score in it.</WarningText>
      ) : (
        <p class="govuk-body">
          Score each candidate on each criterion, on the evidence. Save each score as you go: you can change a score until HR publishes the outcome. The other assessor
          scores separately, and HR agrees any differences between you.
        </p>
      )}
      <p class="govuk-body">
        {plural(selection.candidates.length, 'candidate')} for {plural(selection.postsToFill, 'post')}. Assessors:{' '}
        {selection.assessors.map((a) => a.name).join(' and ')}.
      </p>

      <h2 class="govuk-heading-m">Candidates</h2>
      <ul class="govuk-list">
        {selection.candidates.map((candidate) => {
          const given = [...ownScores(candidate, data.me.id).values()].filter(Boolean).length
          return (
            <li key={candidate.employeeId} class="govuk-!-margin-bottom-4">
              <Link href={`/tasks/scoring/${selection.ringFenceId}?candidate=${candidate.employeeId}`}>
                {published || !isAssessor ? 'Read the scores of' : given === criteria ? 'Check or change the scores of' : 'Score'} {candidate.name}
              </Link>{' '}
              <span class="govuk-!-display-block govuk-!-margin-top-1">
                {given === criteria ? (
                  <Tag colour="green">All {criteria} scored</Tag>
                ) : (
                  <Tag colour={given === 0 ? 'grey' : 'blue'}>
                    {given} of {criteria} scored
                  </Tag>
                )}{' '}
                <span class="govuk-hint">Employee number {candidate.employeeNumber}</span>
              </span>
            </li>
          )
        })}
      </ul>

      <h2 class="govuk-heading-m">Criteria</h2>
      <SummaryList
        rows={selection.criteria.map((c) => ({
          key: `${c.name} (${c.weight}%)`,
          value: c.description ?? 'No description given',
        }))}
      />
      <h2 class="govuk-heading-m">What each score means</h2>
      <Scale selection={selection} />
    </>
  )
}

function ScoreCandidate({ data, candidate, onSaved: reload }: { data: Data; candidate: Candidate; onSaved: () => void }) {
  const selection = data.selection
  // Not useForm: this page's summary gathers the errors of every criterion's own form, each
  // saved separately, so one criterion's save replaces only its own errors.
  const [errors, setErrors] = useState<FieldError[]>([])
  const [saved, setSaved] = useState<string | null>(null)
  const published = selection.publishedAt != null
  const isAssessor = selection.assessors.some((a) => a.userId === data.me.id)
  const own = ownScores(candidate, data.me.id)
  const index = selection.candidates.findIndex((c) => c.employeeId === candidate.employeeId)
  const nextCandidate = selection.candidates[index + 1]
  const back = `/tasks/scoring/${selection.ringFenceId}`

  const report = (criterion: Criterion, found: FieldError[], stale?: boolean) => {
    setSaved(null)
    setErrors((previous) => [...previous.filter((e) => !e.field.endsWith(criterion.id)), ...found])
    if (stale) reload()
  }
  const done = (criterion: Criterion) => {
    setErrors((previous) => previous.filter((e) => !e.field.endsWith(criterion.id)))
    setSaved(criterion.name)
    reload()
  }

  return (
    <>
      <Link href={back} class="govuk-back-link">
        Back to the candidates
      </Link>
      <ErrorSummary errors={errors} />
      {/* A success banner is an alert: it is announced without taking the focus from the form. */}
      {saved && (
        <NotificationBanner success>
          <p class="govuk-notification-banner__heading">Your score for {saved} has been saved.</p>
        </NotificationBanner>
      )}
      <PageHeading title={`Score ${candidate.name}`} caption={selection.name}>
        Score {candidate.name}
      </PageHeading>
      {published ? (
        <WarningText>HR published the outcome on {formatDate(selection.publishedAt)}. Scores can no longer change.</WarningText>
      ) : (
        <p class="govuk-body">
          Choose a score from {selection.scale.min} to {selection.scale.max} for each criterion and save it. Write down the evidence you used: HR reads it if
          the assessors’ scores differ, and it is kept in case the candidate appeals.
        </p>
      )}
      {selection.criteria.map((criterion) => (
        <CriterionForm
          key={`${criterion.id}-${own.get(criterion.id)?.version ?? 0}`}
          selection={selection}
          candidate={candidate}
          criterion={criterion}
          own={own.get(criterion.id)}
          readOnly={!isAssessor || published}
          errors={errors}
          onError={(found, stale) => report(criterion, found, stale)}
          onSaved={() => done(criterion)}
        />
      ))}
      <p class="govuk-body">
        {nextCandidate ? (
          <Link href={`${back}?candidate=${nextCandidate.employeeId}`}>Next candidate: {nextCandidate.name}</Link>
        ) : (
          <Link href={back}>Back to the candidates</Link>
        )}
      </p>
    </>
  )
}

function CriterionForm({ selection, candidate, criterion, own, readOnly, errors, onError, onSaved }: {
  selection: Selection
  candidate: Candidate
  criterion: Criterion
  own?: OwnScore
  readOnly: boolean
  errors: FieldError[]
  /** `stale`: what the page shows may be out of date (reload it). */
  onError: (found: FieldError[], stale?: boolean) => void
  onSaved: () => void
}) {
  const scoreField = `score-${criterion.id}`
  const noteField = `note-${criterion.id}`
  const [score, setScore] = useState<string[]>(own?.score != null ? [String(own.score)] : [])
  const [note, setNote] = useState(own?.note ?? '')
  const [busy, setBusy] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const meaning = new Map(selection.scale.descriptors.map((d) => [d.score, d.text]))
  const choices = Array.from({ length: selection.scale.max - selection.scale.min + 1 }, (_, i) => {
    const value = selection.scale.min + i
    return { value: String(value), label: String(value), hint: meaning.get(value) }
  })

  const save = async (event: Event) => {
    event.preventDefault()
    setAttempt((n) => n + 1)
    if (score.length === 0) {
      onError([{ field: scoreField, message: `Select a score for ${criterion.name}` }])
      return
    }
    if (note.length > 2000) {
      onError([{ field: noteField, message: `The evidence for ${criterion.name} must be 2,000 characters or fewer` }])
      return
    }
    setBusy(true)
    try {
      await request(RecordScoreDocument, {
        input: {
          ringFenceId: selection.ringFenceId,
          employeeId: candidate.employeeId,
          criterionId: criterion.id,
          score: Number(score[0]),
          note: note.trim() || null,
          expectedVersion: own?.version ?? null,
        },
      })
      onSaved()
    } catch (caught) {
      const apiError: ApiError = asApiError(caught)
      // A field's refusal links to the field; any other (the outcome published meanwhile, the
      // score changed elsewhere, no longer an assessor) to the criterion's heading, which stays
      // when the page reloads to show why.
      const field = apiError.code !== 'BAD_USER_INPUT' ? `criterion-${criterion.id}` : apiError.field === 'input.note' ? noteField : scoreField
      const message =
        apiError.code === 'CONFLICT'
          ? `Your score for ${criterion.name} was changed somewhere else while you had this page open, so this one was not saved. The page now shows the score as saved`
          : `${criterion.name}: ${apiError.message.replace(/\.$/, '')}`
      onError([{ field, message }], apiError.code !== 'BAD_USER_INPUT')
    } finally {
      setBusy(false)
    }
  }

  return (
    <form noValidate onSubmit={save} class="app-score-form">
      <h2 class="govuk-heading-m" id={`criterion-${criterion.id}`} tabIndex={-1}>
        {criterion.name} <span class="govuk-caption-m">Weight {criterion.weight}%</span>
      </h2>
      {criterion.description && <p class="govuk-body">{criterion.description}</p>}
      <p class="govuk-body">
        {own?.score != null ? (
          <>
            Your score: <Tag colour="green">{own.score}</Tag>
          </>
        ) : (
          <Tag colour="grey">Not scored yet</Tag>
        )}
      </p>
      {!readOnly && (
        <>
          <ChoiceField
            id={scoreField}
            label={<>Your score for {criterion.name}</>}
            choices={choices}
            values={score}
            onChange={setScore}
            error={errorFor(errors, scoreField)}
          />
          <Textarea
            id={noteField}
            label={<>Evidence for this score (optional)</>}
            hint="What you saw or read that supports it."
            rows={3}
            value={note}
            onInput={setNote}
            error={errorFor(errors, noteField)}
          />
          <Button key={attempt} disabled={busy}>
            Save score<span class="govuk-visually-hidden"> for {criterion.name}</span>
          </Button>
        </>
      )}
    </form>
  )
}
