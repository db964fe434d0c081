// A pool's selection matrix (issue 16). HR sets the weighted criteria and scale and names
// the two assessors, sees both assessors' scores in every cell, moderates where they differ,
// breaks a tie at the last post and publishes the outcome. An assessor (HR or a manager)
// reaches the same page from "My tasks" to give their own scores, and sees no more of the
// proposal than the pool. Views: `?view=criteria|assessors|moderate|tie|publish|score`.
import { useEffect, useRef, useState } from 'preact/hooks'
import { request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { SelectionMatrixQuery } from '../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  InsetText,
  Loading,
  NotificationBanner,
  PageHeading,
  ProblemPage,
  Select,
  SummaryList,
  Tag,
  TextInput,
  Textarea,
  WarningText,
  errorFor,
} from '../../components/govuk'
import { formatDateTime, plural } from '../../format'
import { type Form, useForm } from '../../form'
import { Link, navigate, useLocation } from '../../router'
import { useMe } from '../../session'
import { WorkspaceFrame } from './WorkspaceNav'
import { StepProblem } from './individualKit'
import { focusBanner } from '../../focus'

const SelectionMatrixDocument = graphql(`
  query SelectionMatrix($id: ID!) {
    selection(ringFenceId: $id) {
      ringFenceId name postsToFill maxTotal scoresOutstanding moderationOutstanding blockers publishedAt version viewerIsAssessor
      scale { min max descriptors { score text } }
      criteria { id name description weight }
      assessors { userId name }
      boundaryTie { employeeIds places resolved }
      candidates {
        employeeId name employeeNumber weightedTotal rank tie tieAtBoundary tieNote tieBreakReason selected
        cells {
          criterionId state finalScore moderatedScore moderationNote
          assessorScores { assessorId score note version }
        }
      }
    }
  }
`)

const SelectionPeopleDocument = graphql(`
  query SelectionPeople {
    managers: users(role: MANAGER, first: 100) { nodes { id name } }
    hr: users(role: HR_ADMIN, first: 100) { nodes { id name } }
  }
`)

const SetCriteriaDocument = graphql(`
  mutation SelectionSetCriteria($input: SetSelectionCriteriaInput!) { setSelectionCriteria(input: $input) { ringFenceId } }
`)
const SetAssessorsDocument = graphql(`
  mutation SelectionSetAssessors($input: SetPoolAssessorsInput!) { setPoolAssessors(input: $input) { ringFenceId } }
`)
const ScoreDocument = graphql(`
  mutation SelectionScore($input: RecordSelectionScoreInput!) { recordSelectionScore(input: $input) { ringFenceId } }
`)
const ModerateDocument = graphql(`
  mutation SelectionModerate($input: ModerateSelectionScoreInput!) { moderateSelectionScore(input: $input) { ringFenceId } }
`)
const TieBreakDocument = graphql(`
  mutation SelectionTieBreak($input: RecordTieBreakInput!) { recordTieBreak(input: $input) { ringFenceId } }
`)
const PublishDocument = graphql(`
  mutation SelectionPublish($input: PublishSelectionOutcomeInput!) { publishSelectionOutcome(input: $input) { ringFenceId } }
`)

type Selection = SelectionMatrixQuery['selection']
type Candidate = Selection['candidates'][number]

const doneMessages: Record<string, string> = {
  criteria: 'The criteria have been saved.',
  assessors: 'The assessors have been named.',
  scored: 'Your scores have been saved.',
  moderated: 'The moderated score has been saved.',
  tie: 'The tie-break has been recorded.',
  published: 'The outcome has been published: each candidate can now see their own scores.',
}

const cellState: Record<string, string> = {
  AWAITING_SCORES: 'Awaiting scores',
  AGREED: 'Agreed',
  MODERATION_OUTSTANDING: 'Assessors differ: to moderate',
  MODERATED: 'Moderated',
}

/** HR's page, in the proposal's workspace. */
export function SelectionPage({ params }: { params: Record<string, string> }) {
  return (
    <WorkspaceFrame proposalId={params.id} current="cases">
      <SelectionView ringFenceId={params.ringFenceId} base={`/proposals/${params.id}/selection/${params.ringFenceId}`} back={`/proposals/${params.id}/cases`} />
    </WorkspaceFrame>
  )
}

function SelectionView({ ringFenceId, base, back }: { ringFenceId: string; base: string; back: string }) {
  const location = useLocation()
  const view = location.query.get('view')
  const { data, error, reload } = useQuery(SelectionMatrixDocument, { id: ringFenceId })
  const hr = useMe().role === 'HR_ADMIN'
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  const selection = data.selection
  const done = (what: string) => {
    reload()
    navigate(`${base}?done=${what}`)
  }
  const props = { selection, base, onDone: done, reload }
  const candidate = selection.candidates.find((c) => c.employeeId === location.query.get('candidate'))
  const criterion = selection.criteria.find((c) => c.id === location.query.get('criterion'))
  if (view === 'criteria' && hr) return <CriteriaForm {...props} />
  if (view === 'assessors' && hr) return <AssessorsForm {...props} />
  if (view === 'score' && candidate && selection.viewerIsAssessor) return <ScoreForm {...props} candidate={candidate} />
  if (view === 'moderate' && hr && candidate && criterion) return <ModerateForm {...props} candidate={candidate} criterionId={criterion.id} />
  if (view === 'tie' && hr && selection.boundaryTie) return <TieForm {...props} />
  if (view === 'publish' && hr) return <PublishForm {...props} />
  return <Matrix selection={selection} base={base} back={back} hr={hr} done={location.query.get('done')} />
}

function Matrix({ selection, base, back, hr, done }: { selection: Selection; base: string; back: string; hr: boolean; done: string | null }) {
  const bannerRef = useRef<HTMLDivElement>(null)
  const message = done ? doneMessages[done] : undefined
  useEffect(() => {
    if (message) focusBanner(bannerRef.current)
  }, [message])
  const published = !!selection.publishedAt
  const scoringBegun = selection.candidates.some((c) => c.cells.some((cell) => cell.assessorScores.some((s) => s.score != null)))
  const assessorName = new Map(selection.assessors.map((a) => [a.userId, a.name]))
  const me = useMe()
  const order = [...selection.candidates].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.name.localeCompare(b.name))
  return (
    <>
      <Link href={back} class="govuk-back-link">
        {hr && !selection.viewerIsAssessor ? "Back to people's cases" : 'Back to my tasks'}
      </Link>
      <div ref={bannerRef}>
        {message && (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">{message}</p>
          </NotificationBanner>
        )}
      </div>
      <PageHeading title={`Selection matrix: ${selection.name}`} caption={selection.name}>Selection matrix</PageHeading>
      <SummaryList
        rows={[
          { key: 'Competing', value: `${plural(selection.candidates.length, 'person', 'people')} for ${plural(selection.postsToFill, 'post')}` },
          { key: 'Scale', value: `${selection.scale.min} to ${selection.scale.max}` },
          {
            key: 'Assessors',
            value: selection.assessors.length ? selection.assessors.map((a) => a.name).join(' and ') : 'Not named yet',
            action:
              hr && !scoringBegun && !published ? (
                <Link href={`${base}?view=assessors`}>
                  Change<span class="govuk-visually-hidden"> the assessors</span>
                </Link>
              ) : undefined,
          },
          { key: 'Outcome', value: published ? `Published ${formatDateTime(selection.publishedAt)}` : 'Not published' },
        ]}
      />
      <h2 class="govuk-heading-m">Criteria and weights</h2>
      {selection.criteria.length === 0 ? (
        <p class="govuk-body">No criteria yet.</p>
      ) : (
        <table class="govuk-table app-selection-table">
          <caption class="govuk-table__caption govuk-visually-hidden">Criteria and their weights</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Criterion</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Weight</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {selection.criteria.map((c) => (
              <tr class="govuk-table__row" key={c.id}>
                <td class="govuk-table__cell">
                  {c.name}
                  {c.description && <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">{c.description}</span>}
                </td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{c.weight}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hr && !scoringBegun && !published && (
        <p class="govuk-body">
          <Link href={`${base}?view=criteria`}>{selection.criteria.length ? 'Change the criteria' : 'Set the criteria'}</Link>
        </p>
      )}

      <h2 class="govuk-heading-m">Scores and ranking</h2>
      <p class="govuk-body">
        {selection.scoresOutstanding > 0 && `${plural(selection.scoresOutstanding, 'score')} still to give. `}
        {selection.moderationOutstanding > 0 && `${plural(selection.moderationOutstanding, 'score')} to moderate. `}
        The weighted total is the sum of each final score times its weight (at most {selection.maxTotal}).
      </p>
      {order.map((c) => (
        <div class="govuk-summary-card" key={c.employeeId} id={`candidate-${c.employeeId}`}>
          <div class="govuk-summary-card__title-wrapper">
            <h3 class="govuk-summary-card__title">
              {c.name} ({c.employeeNumber})
            </h3>
            {selection.viewerIsAssessor && !published && selection.criteria.length > 0 && (
              <ul class="govuk-summary-card__actions">
                <li class="govuk-summary-card__action">
                  <Link href={`${base}?view=score&candidate=${c.employeeId}`}>
                    Score<span class="govuk-visually-hidden"> {c.name}</span>
                  </Link>
                </li>
              </ul>
            )}
          </div>
          <div class="govuk-summary-card__content">
            <p class="govuk-body">
              Weighted total: <strong>{c.weightedTotal ?? 'not yet'}</strong>
              {c.rank != null && <>, rank {c.rank}</>}
              {c.selected != null && (
                <>
                  {' '}
                  <Tag colour={c.selected ? 'green' : 'grey'}>{c.selected ? 'Selected' : 'Not selected'}</Tag>
                </>
              )}
            </p>
            {c.tieNote && <WarningText>{c.tieNote}</WarningText>}
            {c.tieBreakReason && <p class="govuk-body">Tie-break: {c.tieBreakReason}</p>}
            {/* A region of its own that scrolls sideways on the narrowest screens, not the page. */}
            <div class="app-table-scroll" role="region" aria-label={`Scores of ${c.name}`} tabIndex={0}>
              <table class="govuk-table govuk-table--small-text-until-tablet app-selection-table">
                <caption class="govuk-table__caption govuk-visually-hidden">Scores of {c.name}</caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">Criterion</th>
                    {selection.assessors.map((a) => (
                      <th scope="col" class="govuk-table__header govuk-table__header--numeric" key={a.userId}>
                        {a.userId === me.id ? (
                          'You'
                        ) : (
                          <>
                            <span aria-hidden="true">{a.name.split(' ')[0]}</span>
                            <span class="govuk-visually-hidden">{a.name}</span>
                          </>
                        )}
                      </th>
                    ))}
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">Final</th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  {c.cells.map((cell) => {
                    const crit = selection.criteria.find((x) => x.id === cell.criterionId)
                    return (
                      <tr class="govuk-table__row" key={cell.criterionId}>
                        <th scope="row" class="govuk-table__header">
                          {crit?.name}
                          <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">{cellState[cell.state]}</span>
                          {hr && !published && (cell.state === 'MODERATION_OUTSTANDING' || cell.state === 'MODERATED') && (
                            <Link href={`${base}?view=moderate&candidate=${c.employeeId}&criterion=${cell.criterionId}`}>
                              Moderate<span class="govuk-visually-hidden"> {crit?.name} for {c.name}</span>
                            </Link>
                          )}
                        </th>
                        {cell.assessorScores.map((s) => (
                          <td class="govuk-table__cell govuk-table__cell--numeric" key={s.assessorId}>
                            {s.score ?? '–'}
                            <span class="govuk-visually-hidden"> by {assessorName.get(s.assessorId)}</span>
                          </td>
                        ))}
                        <td class="govuk-table__cell govuk-table__cell--numeric">
                          {cell.finalScore ?? '–'}
                          {cell.moderationNote && <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">{cell.moderationNote}</span>}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      ))}
      {hr && selection.boundaryTie && !published && (
        <p class="govuk-body">
          <Link href={`${base}?view=tie`}>{selection.boundaryTie.resolved ? 'Change the tie-break' : 'Break the tie at the last post'}</Link>
        </p>
      )}
      {hr && !published && (
        <>
          <h2 class="govuk-heading-m">Publish the outcome</h2>
          {selection.blockers.length > 0 ? (
            <>
              <p class="govuk-body">Before the outcome can be published:</p>
              <ul class="govuk-list govuk-list--bullet">
                {selection.blockers.map((b) => <li key={b}>{b}</li>)}
              </ul>
            </>
          ) : (
            <Link href={`${base}?view=publish`} class="govuk-button">
              Publish the outcome
            </Link>
          )}
        </>
      )}
    </>
  )
}

function FormFrame({ base, title, caption, problem, errors, busy, submit, onSubmit, children }: {
  base: string
  title: string
  caption: string
  problem: Form['problem']
  errors: FieldError[]
  busy: boolean
  submit: string
  onSubmit: () => void
  children?: preact.ComponentChildren
}) {
  return (
    <>
      <Link href={base} class="govuk-back-link">
        Back to the selection matrix
      </Link>
      {problem && <StepProblem error={problem} />}
      <ErrorSummary errors={errors} />
      <PageHeading title={`${title}: ${caption}`} caption={caption}>{title}</PageHeading>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          onSubmit()
        }}
      >
        {children}
        <div class="govuk-button-group">
          <Button disabled={busy}>{submit}</Button>
          <Link href={base}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

interface FormProps {
  selection: Selection
  base: string
  onDone: (what: string) => void
  reload: () => void
}

function CriteriaForm({ selection, base, onDone }: FormProps) {
  const initial = selection.criteria.length
    ? selection.criteria.map((c) => ({ name: c.name, weight: String(c.weight), description: c.description ?? '' }))
    : [{ name: '', weight: '', description: '' }]
  const [rows, setRows] = useState(initial)
  const [max, setMax] = useState(String(selection.scale.max))
  const save = useForm({ 'input.criteria': 'name-0', 'input.scale.max': 'max' })
  const update = (index: number, key: 'name' | 'weight' | 'description', value: string) =>
    setRows(rows.map((r, i) => (i === index ? { ...r, [key]: value } : r)))
  const submit = () => {
    const found: FieldError[] = []
    rows.forEach((r, i) => {
      if (!r.name.trim()) found.push({ field: `name-${i}`, message: `Enter the name of criterion ${i + 1}` })
      if (!/^\d+$/.test(r.weight.trim()) || Number(r.weight) < 1 || Number(r.weight) > 100)
        found.push({ field: `weight-${i}`, message: `Enter the weight of criterion ${i + 1} as a whole percentage from 1 to 100` })
    })
    const total = rows.reduce((sum, r) => sum + (Number(r.weight) || 0), 0)
    if (found.length === 0 && total !== 100) found.push({ field: 'weight-0', message: `The weights must add up to 100%, not ${total}%` })
    if (!/^\d+$/.test(max.trim()) || Number(max) < 1 || Number(max) > 10) found.push({ field: 'max', message: 'Enter the highest score as a whole number from 1 to 10' })
    save.submit(found, async () => {
      await request(SetCriteriaDocument, {
        input: {
          ringFenceId: selection.ringFenceId,
          expectedVersion: selection.version,
          criteria: rows.map((r) => ({ name: r.name.trim(), weight: Number(r.weight), description: r.description.trim() || null })),
          scale: { max: Number(max) },
        },
      })
      onDone('criteria')
    })
  }
  return (
    <FormFrame base={base} title="Criteria and weights" caption={selection.name} submit="Save the criteria" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">Objective criteria, each with a weight; the weights add up to 100%.</p>
      {rows.map((r, i) => (
        <fieldset class="govuk-fieldset" key={i}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Criterion {i + 1}</legend>
          <TextInput id={`name-${i}`} label="Name" value={r.name} onInput={(v) => update(i, 'name', v)} error={errorFor(save.errors, `name-${i}`)} />
          <TextInput id={`description-${i}`} label="What it assesses, on what evidence (optional)" value={r.description} onInput={(v) => update(i, 'description', v)} />
          <TextInput id={`weight-${i}`} width="3" label="Weight, in percent" value={r.weight} onInput={(v) => update(i, 'weight', v)} error={errorFor(save.errors, `weight-${i}`)} />
          {rows.length > 1 && (
            <Button secondary type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              Remove criterion {i + 1}
            </Button>
          )}
        </fieldset>
      ))}
      <Button secondary type="button" onClick={() => setRows([...rows, { name: '', weight: '', description: '' }])}>
        Add another criterion
      </Button>
      <TextInput id="max" width="2" label="Highest score on the scale" hint="Scores run from 0 to this (at most 10)." value={max} onInput={setMax} error={errorFor(save.errors, 'max')} />
    </FormFrame>
  )
}

function AssessorsForm({ selection, base, onDone }: FormProps) {
  const { data, error } = useQuery(SelectionPeopleDocument, {})
  const [first, setFirst] = useState(selection.assessors[0]?.userId ?? '')
  const [second, setSecond] = useState(selection.assessors[1]?.userId ?? '')
  const save = useForm({ 'input.assessorIds': 'first' })
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  const options = [
    { value: '', label: 'Choose someone' },
    ...data.managers.nodes.map((u) => ({ value: u.id, label: u.name, group: 'Managers' })),
    ...data.hr.nodes.map((u) => ({ value: u.id, label: u.name, group: 'HR' })),
  ]
  const submit = () => {
    const found: FieldError[] = []
    if (!first) found.push({ field: 'first', message: 'Choose the first assessor' })
    if (!second) found.push({ field: 'second', message: 'Choose the second assessor' })
    else if (second === first) found.push({ field: 'second', message: 'Choose two different assessors' })
    save.submit(found, async () => {
      await request(SetAssessorsDocument, { input: { ringFenceId: selection.ringFenceId, assessorIds: [first, second] } })
      onDone('assessors')
    })
  }
  return (
    <FormFrame base={base} title="Name the assessors" caption={selection.name} submit="Save the assessors" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">Two people score every candidate independently. Neither may be a candidate.</p>
      <Select id="first" label="First assessor" value={first} onChange={setFirst} options={options} error={errorFor(save.errors, 'first')} />
      <Select id="second" label="Second assessor" value={second} onChange={setSecond} options={options} error={errorFor(save.errors, 'second')} />
    </FormFrame>
  )
}

function ScoreForm({ selection, base, onDone, reload, candidate }: FormProps & { candidate: Candidate }) {
  const me = useMe()
  const mine = (criterionId: string) =>
    candidate.cells.find((c) => c.criterionId === criterionId)?.assessorScores.find((s) => s.assessorId === me.id)
  const [scores, setScores] = useState<Record<string, string>>(
    Object.fromEntries(selection.criteria.map((c) => [c.id, mine(c.id)?.score == null ? '' : String(mine(c.id)?.score)])),
  )
  const [notes, setNotes] = useState<Record<string, string>>(Object.fromEntries(selection.criteria.map((c) => [c.id, mine(c.id)?.note ?? ''])))
  const save = useForm({})
  const { max } = selection.scale
  const submit = () => {
    const found: FieldError[] = []
    selection.criteria.forEach((c) => {
      const v = scores[c.id].trim()
      if (v && (!/^\d+$/.test(v) || Number(v) > max)) found.push({ field: `score-${c.id}`, message: `Enter a score for ${c.name} from 0 to ${max}` })
    })
    save.submit(found, async () => {
      // One call per score: when one is refused, those before it stand, so read them again
      // (their new versions) and keep what the assessor typed for another try.
      try {
        await saveEach()
      } catch (caught) {
        reload()
        throw caught
      }
      onDone('scored')
    })
  }
  const saveEach = async () => {
    for (const c of selection.criteria) {
      const v = scores[c.id].trim()
      const previous = mine(c.id)
      if (!v || (previous?.score === Number(v) && (previous?.note ?? '') === notes[c.id].trim())) continue
      await request(ScoreDocument, {
        input: {
          ringFenceId: selection.ringFenceId,
          employeeId: candidate.employeeId,
          criterionId: c.id,
          score: Number(v),
          note: notes[c.id].trim() || null,
          expectedVersion: previous?.version ?? null,
        },
      })
    }
  }
  return (
    <FormFrame base={base} title={`Score ${candidate.name}`} caption={selection.name} submit="Save my scores" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">
        Score each criterion from 0 to {max} on the evidence. The other assessor's scores are not shown here; every change is audited.
      </p>
      {selection.scale.descriptors.length > 0 && (
        <InsetText>
          {selection.scale.descriptors.map((d) => (
            <span class="govuk-!-display-block" key={d.score}>
              {d.score}: {d.text}
            </span>
          ))}
        </InsetText>
      )}
      {selection.criteria.map((c) => (
        <fieldset class="govuk-fieldset" key={c.id}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
            {c.name} ({c.weight}%)
          </legend>
          {c.description && <p class="govuk-body">{c.description}</p>}
          <TextInput
            id={`score-${c.id}`}
            width="2"
            label={`Score for ${c.name}`}
            value={scores[c.id]}
            onInput={(v) => setScores({ ...scores, [c.id]: v })}
            error={errorFor(save.errors, `score-${c.id}`)}
          />
          <Textarea id={`note-${c.id}`} rows={2} label={`Evidence for ${c.name} (optional)`} value={notes[c.id]} onInput={(v) => setNotes({ ...notes, [c.id]: v })} />
        </fieldset>
      ))}
    </FormFrame>
  )
}

function ModerateForm({ selection, base, onDone, candidate, criterionId }: FormProps & { candidate: Candidate; criterionId: string }) {
  const cell = candidate.cells.find((c) => c.criterionId === criterionId)
  const criterion = selection.criteria.find((c) => c.id === criterionId)
  const [score, setScore] = useState(cell?.moderatedScore == null ? '' : String(cell.moderatedScore))
  const [note, setNote] = useState(cell?.moderationNote ?? '')
  const save = useForm({ 'input.score': 'score', 'input.note': 'note' })
  const { max } = selection.scale
  const submit = () => {
    const found: FieldError[] = []
    if (!/^\d+$/.test(score.trim()) || Number(score) > max) found.push({ field: 'score', message: `Enter the moderated score from 0 to ${max}` })
    save.submit(found, async () => {
      await request(ModerateDocument, {
        input: { ringFenceId: selection.ringFenceId, employeeId: candidate.employeeId, criterionId, score: Number(score), note: note.trim() || null },
      })
      onDone('moderated')
    })
  }
  return (
    <FormFrame base={base} title={`Moderate ${criterion?.name ?? ''} for ${candidate.name}`} caption={selection.name} submit="Save the moderated score" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <SummaryList
        rows={selection.assessors.map((a, i) => ({
          key: a.name,
          value: (
            <>
              {cell?.assessorScores[i]?.score ?? 'Not scored'}
              {cell?.assessorScores[i]?.note && <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">{cell.assessorScores[i].note}</span>}
            </>
          ),
        }))}
      />
      <TextInput id="score" width="2" label="Moderated score" value={score} onInput={setScore} error={errorFor(save.errors, 'score')} />
      <Textarea id="note" label="Why" hint="Needed where it differs from an assessor's score." value={note} onInput={setNote} error={errorFor(save.errors, 'note')} />
    </FormFrame>
  )
}

function TieForm({ selection, base, onDone }: FormProps) {
  const tie = selection.boundaryTie!
  const tied = selection.candidates.filter((c) => tie.employeeIds.includes(c.employeeId))
  const [chosen, setChosen] = useState<string[]>([])
  const [reason, setReason] = useState('')
  const save = useForm({ 'input.employeeIds': 'chosen', 'input.reason': 'reason' })
  const submit = () => {
    const found: FieldError[] = []
    if (chosen.length !== tie.places) found.push({ field: 'chosen', message: `Choose ${plural(tie.places, 'person', 'people')} for the places left` })
    if (!reason.trim()) found.push({ field: 'reason', message: 'Enter the objective ground for the choice' })
    save.submit(found, async () => {
      await request(TieBreakDocument, { input: { ringFenceId: selection.ringFenceId, employeeIds: chosen, reason: reason.trim() } })
      onDone('tie')
    })
  }
  return (
    <FormFrame base={base} title="Break the tie at the last post" caption={selection.name} submit="Record the tie-break" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <ChoiceField
        id="chosen"
        multiple
        label={`Who takes the ${plural(tie.places, 'place')} left?`}
        choices={tied.map((c) => ({ value: c.employeeId, label: `${c.name} (${c.weightedTotal})` }))}
        values={chosen}
        onChange={setChosen}
        error={errorFor(save.errors, 'chosen')}
      />
      <Textarea id="reason" label="On what objective ground?" value={reason} onInput={setReason} error={errorFor(save.errors, 'reason')} />
    </FormFrame>
  )
}

function PublishForm({ selection, base, onDone }: FormProps) {
  const save = useForm({})
  const submit = () =>
    save.submit([], async () => {
      await request(PublishDocument, { input: { ringFenceId: selection.ringFenceId } })
      onDone('published')
    })
  const selected = selection.candidates.filter((c) => c.selected).map((c) => c.name)
  return (
    <FormFrame base={base} title="Publish the outcome" caption={selection.name} submit="Publish the outcome" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">Selected: {selected.join(', ') || 'nobody'}.</p>
      <WarningText>Once published, each candidate sees their own scores and rank, and the scores can no longer change.</WarningText>
    </FormFrame>
  )
}
