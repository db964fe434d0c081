// Grading challenges on a job description's page (issue 20): staff in the post, or a union's
// representative, challenge the grade proposed for the revision, naming the duties that
// changed; everyone who may see a challenge reads it and its outcome; HR records the outcome.
import { useEffect, useRef, useState } from 'preact/hooks'
import { type ApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { GradingChallengeSectionQuery, GradingOutcomeKind } from '../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  Loading,
  NotificationBanner,
  SummaryList,
  Tag,
  Textarea,
  TextInput,
  WarningText,
  errorFor,
} from '../../components/govuk'
import { formatDate } from '../../format'
import { useForm } from '../../form'

const GradingChallengeSectionDocument = graphql(`
  query GradingChallengeSection($proposalId: ID!, $jdId: ID!) {
    gradingChallenges(proposalId: $proposalId, jobDescriptionId: $jdId) {
      id version status currentTitle currentGrade revisedTitle revisedGrade unionName believedGrade evidence
      scheme resultingGrade outcomeReasons decidedAt createdAt
      challenger { name }
      areas { kind currentDutyNumber revisedDutyNumber note }
    }
    gradeChallengeEligibility(jobDescriptionId: $jdId) { allowed reason unionName }
  }
`)

const ChallengeGradeDocument = graphql(`
  mutation ChallengeGrade($input: ChallengeGradeInput!) {
    challengeGrade(input: $input) { id status }
  }
`)

const RecordGradingOutcomeDocument = graphql(`
  mutation RecordGradingOutcome($input: RecordGradingOutcomeInput!) {
    recordGradingOutcome(input: $input) { id status }
  }
`)

type Challenge = GradingChallengeSectionQuery['gradingChallenges'][number]

/** A duty of the diff that changed: what a challenge may point at. */
export interface ChangedDuty {
  kind: string
  fromNumber?: number | null
  toNumber?: number | null
}

const statusTag: Record<string, [string, string]> = {
  AWAITING_OUTCOME: ['Awaiting outcome', 'yellow'],
  RE_EVALUATED: ['Re-evaluated', 'blue'],
  GRADE_CONFIRMED: ['Grade confirmed', 'grey'],
}

const kindWords: Record<string, string> = { NEW: 'new', CHANGED: 'changed', REMOVED: 'removed' }

function areaKey(change: ChangedDuty): string {
  return change.toNumber != null ? `revised-${change.toNumber}` : `current-${change.fromNumber}`
}

function areaLabel(change: { kind: string; toNumber?: number | null; fromNumber?: number | null }): string {
  const words = kindWords[change.kind] ?? change.kind.toLowerCase()
  return change.toNumber != null ? `Duty ${change.toNumber} (${words})` : `Former duty ${change.fromNumber} (${words})`
}

export function GradingChallengeSection({ proposalId, jdId, isHr, changes }: {
  proposalId: string
  jdId: string
  isHr: boolean
  /** The diff's duties; undefined while it loads. */
  changes: ChangedDuty[] | undefined
}) {
  const { data, error, reload } = useQuery(GradingChallengeSectionDocument, { proposalId, jdId })
  const [done, setDone] = useState<string | null>(null)
  const [open, setOpen] = useState(false)
  const bannerRef = useRef<HTMLDivElement>(null)
  const finished = (message: string) => {
    setDone(message)
    setOpen(false)
    reload()
    requestAnimationFrame(() => bannerRef.current?.querySelector<HTMLElement>('.govuk-notification-banner')?.focus())
  }
  return (
    <section aria-labelledby="grading-challenges">
      <h2 class="govuk-heading-l" id="grading-challenges">Grading challenges</h2>
      <div ref={bannerRef}>
        {done && (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">{done}</p>
          </NotificationBanner>
        )}
      </div>
      {error && <WarningText>The grading challenges could not be loaded: {error.message}</WarningText>}
      {!data && !error && <Loading />}
      {data && (
        <>
          {data.gradingChallenges.length === 0 ? (
            <p class="govuk-body">There are no grading challenges to this job description that you can see.</p>
          ) : (
            data.gradingChallenges.map((challenge) => (
              <ChallengeCard
                key={challenge.id}
                challenge={challenge}
                isHr={isHr}
                onDecided={() => finished('The outcome of the grading challenge has been recorded')}
              />
            ))
          )}
          {data.gradeChallengeEligibility.allowed && changes && (
            open ? (
              <ChallengeForm
                jdId={jdId}
                unionName={data.gradeChallengeEligibility.unionName ?? null}
                changes={changes.filter((c) => c.kind !== 'UNCHANGED')}
                onCancel={() => setOpen(false)}
                onDone={() => finished('Your grading challenge has been sent to HR')}
              />
            ) : (
              <button type="button" class="govuk-button govuk-button--secondary" onClick={() => { setDone(null); setOpen(true) }}>
                Challenge the grade
              </button>
            )
          )}
        </>
      )}
    </section>
  )
}

function ChallengeCard({ challenge, isHr, onDecided }: { challenge: Challenge; isHr: boolean; onDecided: () => void }) {
  const [tagText, tagColour] = statusTag[challenge.status] ?? [challenge.status, 'grey']
  const by = challenge.unionName ?? challenge.challenger?.name ?? 'A member of staff in the post'
  const heading = `Challenge by ${by}, ${formatDate(challenge.createdAt)}`
  const grade = (g?: string | null) => g ?? 'not given'
  return (
    <div class="app-duty govuk-!-margin-bottom-6">
      <h3 class="govuk-heading-m govuk-!-margin-bottom-2">
        {heading} <Tag colour={tagColour}>{tagText}</Tag>
      </h3>
      <SummaryList
        rows={[
          { key: 'Current title and grade', value: `${challenge.currentTitle}, ${grade(challenge.currentGrade)}` },
          { key: 'Revised title and grade', value: `${challenge.revisedTitle}, ${grade(challenge.revisedGrade)}` },
          { key: 'The grade they believe is right', value: challenge.believedGrade },
          {
            key: 'Areas of significant change',
            value: (
              <ul class="govuk-list">
                {challenge.areas.map((area, index) => (
                  <li key={index}>
                    <strong>
                      {areaLabel({ kind: area.kind, toNumber: area.revisedDutyNumber, fromNumber: area.currentDutyNumber })}
                    </strong>
                    : <span class="app-pre-wrap">{area.note}</span>
                  </li>
                ))}
              </ul>
            ),
          },
          { key: 'Evidence', value: <span class="app-pre-wrap">{challenge.evidence}</span> },
          ...(challenge.status === 'RE_EVALUATED'
            ? [{ key: 'Outcome', value: `Re-evaluated under ${challenge.scheme ?? 'the job evaluation scheme'}: ${challenge.resultingGrade ?? ''}` }]
            : challenge.status === 'GRADE_CONFIRMED'
              ? [{ key: 'Outcome', value: 'Grade confirmed' }]
              : []),
          ...(challenge.outcomeReasons ? [{ key: 'HR’s reasons', value: <span class="app-pre-wrap">{challenge.outcomeReasons}</span> }] : []),
        ]}
      />
      {isHr && challenge.status === 'AWAITING_OUTCOME' && <OutcomeForm challenge={challenge} onDone={onDecided} />}
    </div>
  )
}

function ChallengeForm({ jdId, unionName, changes, onCancel, onDone }: {
  jdId: string
  unionName: string | null
  changes: ChangedDuty[]
  onCancel: () => void
  onDone: () => void
}) {
  const [chosen, setChosen] = useState<string[]>([])
  const [notes, setNotes] = useState<Record<string, string>>({})
  const [believed, setBelieved] = useState('')
  const [evidence, setEvidence] = useState('')
  const form = useForm({ 'input.areas': 'challenge-areas', 'input.believedGrade': 'challenge-grade', 'input.evidence': 'challenge-evidence' }, 'challenge-evidence')
  const { errors, problem, busy, attempt } = form
  const submit = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (chosen.length === 0) found.push({ field: 'challenge-areas', message: 'Select at least one duty that changed' })
    for (const key of chosen) {
      if (!(notes[key] ?? '').trim()) {
        const change = changes.find((c) => areaKey(c) === key)
        found.push({ field: `challenge-note-${key}`, message: `Say what changed in ${change ? areaLabel(change).toLowerCase() : 'this duty'}` })
      }
    }
    if (!believed.trim()) found.push({ field: 'challenge-grade', message: 'Enter the grade you believe is right' })
    if (!evidence.trim()) found.push({ field: 'challenge-evidence', message: 'Enter your evidence' })
    void form.submit(found, async () => {
      await request(ChallengeGradeDocument, {
        input: {
          jobDescriptionId: jdId,
          areas: chosen.map((key) => {
            const change = changes.find((c) => areaKey(c) === key)
            return change?.toNumber != null
              ? { revisedDutyNumber: change.toNumber, note: notes[key].trim() }
              : { currentDutyNumber: change?.fromNumber ?? 0, note: notes[key].trim() }
          }),
          believedGrade: believed.trim(),
          evidence: evidence.trim(),
        },
      })
      onDone()
    })
  }
  return (
    <>
      <ErrorSummary errors={errors} />
      <Problem error={problem} title="Your challenge has not been sent" />
      <form noValidate onSubmit={submit}>
        <h3 class="govuk-heading-m">Challenge the grade{unionName ? ` for ${unionName}` : ''}</h3>
        {changes.length === 0 ? (
          <p class="govuk-body">No duty changed between the versions: the challenge is about the grade alone.</p>
        ) : (
          <ChoiceField
            id="challenge-areas"
            label="Which duties are the areas of significant change?"
            hint="Select each duty that is new, changed or removed and bears on the grade."
            multiple
            choices={changes.map((change) => ({ value: areaKey(change), label: areaLabel(change) }))}
            values={chosen}
            onChange={setChosen}
            error={errorFor(errors, 'challenge-areas')}
          />
        )}
        {chosen.map((key) => {
          const change = changes.find((c) => areaKey(c) === key)
          return (
            <Textarea
              key={key}
              id={`challenge-note-${key}`}
              label={`What changed in ${change ? areaLabel(change).toLowerCase() : 'this duty'}, and why it matters to the grade`}
              rows={3}
              value={notes[key] ?? ''}
              onInput={(value) => setNotes((n) => ({ ...n, [key]: value }))}
              error={errorFor(errors, `challenge-note-${key}`)}
            />
          )
        })}
        <TextInput
          id="challenge-grade"
          label="The grade you believe is right"
          hint="For example, Grade 13."
          width="10"
          value={believed}
          onInput={setBelieved}
          error={errorFor(errors, 'challenge-grade')}
        />
        <Textarea
          id="challenge-evidence"
          label="Your evidence"
          hint="How the duties compare, any job evaluation you have done, and anything HR should weigh."
          rows={6}
          value={evidence}
          onInput={setEvidence}
          error={errorFor(errors, 'challenge-evidence')}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Send the challenge to HR</Button>
          <button type="button" class="govuk-button govuk-button--secondary" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </>
  )
}

function OutcomeForm({ challenge, onDone }: { challenge: Challenge; onDone: () => void }) {
  const id = `outcome-${challenge.id}`
  const [kind, setKind] = useState<string[]>([])
  const [scheme, setScheme] = useState('')
  const [grade, setGrade] = useState('')
  const [reasons, setReasons] = useState('')
  const form = useForm({ 'input.scheme': `${id}-scheme`, 'input.resultingGrade': `${id}-grade`, 'input.reasons': `${id}-reasons` }, `${id}-kind`)
  const { errors, problem, busy, attempt } = form
  const reEvaluated = kind[0] === 'RE_EVALUATED'
  const submit = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (kind.length === 0) found.push({ field: `${id}-kind`, message: 'Select the outcome' })
    if (reEvaluated && !scheme.trim()) found.push({ field: `${id}-scheme`, message: 'Enter the job evaluation scheme' })
    if (reEvaluated && !grade.trim()) found.push({ field: `${id}-grade`, message: 'Enter the resulting grade' })
    if (kind[0] === 'GRADE_CONFIRMED' && !reasons.trim()) found.push({ field: `${id}-reasons`, message: 'Enter the reasons the grade is confirmed' })
    void form.submit(found, async () => {
      await request(RecordGradingOutcomeDocument, {
        input: {
          challengeId: challenge.id,
          expectedVersion: challenge.version,
          outcome: kind[0] as GradingOutcomeKind,
          scheme: reEvaluated ? scheme.trim() : null,
          resultingGrade: reEvaluated ? grade.trim() : null,
          reasons: reasons.trim() || null,
        },
      })
      onDone()
    })
  }
  return (
    <details class="govuk-details">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">Record the outcome</span>
      </summary>
      <div class="govuk-details__text">
        <ErrorSummary errors={errors} />
        <Problem error={problem} title="The outcome has not been recorded" />
        <form noValidate onSubmit={submit}>
          <ChoiceField
            id={`${id}-kind`}
            label="What is the outcome?"
            choices={[
              { value: 'RE_EVALUATED', label: 'Re-evaluated under the job evaluation scheme', hint: 'A grade other than the one proposed changes the proposed structure and its costs.' },
              { value: 'GRADE_CONFIRMED', label: 'The proposed grade is confirmed' },
            ]}
            values={kind}
            onChange={setKind}
            error={errorFor(errors, `${id}-kind`)}
          />
          {reEvaluated && (
            <>
              <TextInput id={`${id}-scheme`} label="Job evaluation scheme" hint="For example, NJC or GLPC." width="10" value={scheme} onInput={setScheme} error={errorFor(errors, `${id}-scheme`)} />
              <TextInput id={`${id}-grade`} label="Resulting grade" hint="It must have a pay scale." width="10" value={grade} onInput={setGrade} error={errorFor(errors, `${id}-grade`)} />
            </>
          )}
          <Textarea
            id={`${id}-reasons`}
            label={reEvaluated ? 'Reasons (optional)' : 'Reasons'}
            rows={4}
            value={reasons}
            onInput={setReasons}
            error={errorFor(errors, `${id}-reasons`)}
          />
          <Button key={attempt} disabled={busy}>Record the outcome</Button>
        </form>
      </div>
    </details>
  )
}

/** A refusal the form cannot pin on a field, focused so it is heard. */
function Problem({ error, title }: { error: ApiError | null; title: string }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (error) ref.current?.focus()
  }, [error])
  if (!error) return null
  const message =
    error.code === 'CONFLICT'
      ? `${error.message} Reload the page to see it as it is now.`
      : error.message
  return (
    <div class="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">{title}</h2>
        <div class="govuk-error-summary__body">
          <p class="govuk-body">{message}</p>
        </div>
      </div>
    </div>
  )
}
