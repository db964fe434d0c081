// HR's job description editor: the versions of one JD, what changed between any two of them
// duty by duty, the comments on its duties with who wrote them, and a new version written
// from the latest one (?add=version). /job-descriptions/new/edit creates a JD.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, request } from '../../api/client'
import { useForm } from '../../form'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { CommentCategory, JobDescriptionEditorDiffQuery, JobDescriptionEditorPageQuery } from '../../gql/graphql'
import { BackLink, ChoiceField, errorFor, ErrorSummary, type FieldError, Loading, PageHeading, ProblemPage, Select, type SelectOption, Tag, Textarea, TextInput, WarningText } from '../../components/govuk'
import { Added, Removed } from '../../components/diff'
import { formatDate, formatDateTime, plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { useMe } from '../../session'
import { FullVersion, Words } from '../proposal/JobDescriptionPage'
import { pageProblem } from '../../components/pageProblem'
import { FocusBanner, isFrozen } from './structure/shared'
import { WorkspaceFrame } from './WorkspaceNav'
import { useFocusRequest } from '../../focus'

const JobDescriptionEditorPageDocument = graphql(`
  query JobDescriptionEditorPage($id: ID!) {
    proposal(id: $id) {
      id title status
      jobDescriptions {
        id title
        versions {
          id number label createdAt purpose proposedGrade staffResponsibilities essentialCriteria desirableCriteria
          duties { number text comments { id category text createdAt author { name union } } }
        }
      }
    }
  }
`)

const JobDescriptionEditorDiffDocument = graphql(`
  query JobDescriptionEditorDiff($from: ID!, $to: ID!) {
    jobDescriptionDiff(from: $from, to: $to) {
      gradeBefore gradeAfter
      purpose { kind text }
      duties { kind fromNumber toNumber fromText toText words { kind text } }
      essentialCriteria { kind fromNumber toNumber fromText toText words { kind text } }
      desirableCriteria { kind fromNumber toNumber fromText toText words { kind text } }
    }
  }
`)

const JobDescriptionEditorAddVersionDocument = graphql(`
  mutation JobDescriptionEditorAddVersion($input: AddJobDescriptionVersionInput!) {
    addJobDescriptionVersion(input: $input) { id number label }
  }
`)

const JobDescriptionEditorCreateDocument = graphql(`
  mutation JobDescriptionEditorCreate($input: CreateJobDescriptionInput!) {
    createJobDescription(input: $input) { id title versions { id number } }
  }
`)

type Proposal = JobDescriptionEditorPageQuery['proposal']
type JobDescription = Proposal['jobDescriptions'][number]
type Version = JobDescription['versions'][number]
type Diff = JobDescriptionEditorDiffQuery['jobDescriptionDiff']
type Change = Diff['duties'][number]

/** What a comment is about, as HR files it. */
const categoryName: Record<CommentCategory, string> = {
  WORKLOAD: 'Workload',
  GRADING_CONCERN: 'Grading concern',
  TRAINING_NEED: 'Training need',
  NEW_DUTY: 'New area of work',
  OTHER: 'Other',
}

const changeTag: Record<string, [string, string]> = {
  NEW: ['New', 'green'],
  ADDED: ['New', 'green'],
  REMOVED: ['Removed', 'red'],
  CHANGED: ['Changed', 'blue'],
  UNCHANGED: ['No change', 'grey'],
}

const dutyClass: Record<string, string> = {
  NEW: 'app-duty app-duty--added',
  ADDED: 'app-duty app-duty--added',
  REMOVED: 'app-duty app-duty--removed',
  CHANGED: 'app-duty app-duty--changed',
}

/** A banner to show once the page that follows a save has loaded (it may be a new page). */
let pendingNotice: { jdId: string; heading: string; body: string } | null = null

export function JobDescriptionEditorPage({ params }: { params: Record<string, string> }) {
  const me = useMe()
  const location = useLocation()
  const query = useQuery(JobDescriptionEditorPageDocument, { id: params.id })
  const [notice, setNotice] = useState<{ at: string; heading: string; body: string } | null>(() => {
    const pending = pendingNotice && pendingNotice.jdId === params.jdId ? pendingNotice : null
    pendingNotice = null
    return pending ? { heading: pending.heading, body: pending.body, at: location.href } : null
  })
  if (me.role !== 'HR_ADMIN') {
    return <ProblemPage error={new ApiError('Only HR can edit job descriptions.', 'FORBIDDEN')} />
  }
  if (query.error) return <ProblemPage error={pageProblem(query.error)} />
  if (!query.data) return <Loading />
  const proposal = query.data.proposal
  const structurePath = `/proposals/${proposal.id}/structure`
  if (params.jdId === 'new') {
    return (
      <WorkspaceFrame proposalId={proposal.id} current="structure">
        <VersionForm proposal={proposal} jd={null} backTo={structurePath} />
      </WorkspaceFrame>
    )
  }
  const jd = proposal.jobDescriptions.find((candidate) => candidate.id === params.jdId)
  if (!jd) {
    return <ProblemPage error={new ApiError('There is no such job description in this proposal.', 'NOT_FOUND')} />
  }
  const path = `/proposals/${proposal.id}/job-descriptions/${jd.id}/edit`
  const shown = notice && notice.at === location.href ? notice : null
  const adding = location.query.get('add') === 'version' && !isFrozen(proposal.status)
  return (
    <WorkspaceFrame proposalId={proposal.id} current="structure">
      {adding ? (
        <VersionForm
          proposal={proposal}
          jd={jd}
          backTo={path}
          onSaved={(version, previous) => {
            const to = `${path}?from=${previous}&to=${version.id}`
            setNotice({
              at: to,
              heading: `Version ${version.number} (${version.label}) saved`,
              body: 'What changed from the version before it is shown below.',
            })
            navigate(to)
            query.reload()
          }}
        />
      ) : (
        <Overview
          proposal={proposal}
          jd={jd}
          path={path}
          banner={
            shown && (
              <FocusBanner success heading={shown.heading} focusKey={shown}>
                <p class="govuk-body">{shown.body}</p>
              </FocusBanner>
            )
          }
        />
      )}
    </WorkspaceFrame>
  )
}

function Overview({ proposal, jd, path, banner }: { proposal: Proposal; jd: JobDescription; path: string; banner: ComponentChildren }) {
  const versions = jd.versions
  const latest = versions[versions.length - 1]
  const frozen = isFrozen(proposal.status)
  const comments = versions.reduce((sum, v) => sum + v.duties.reduce((n, d) => n + d.comments.length, 0), 0)
  const title = `${jd.title} job description`
  return (
    <>
      <BackLink
        href={`/proposals/${proposal.id}/structure#job-descriptions`}
        onClick={(event) => {
          event.preventDefault()
          navigate(`/proposals/${proposal.id}/structure`)
        }}
      />
      {banner}
      <PageHeading title={`${title}: ${proposal.title}`} caption={proposal.title}>{title}</PageHeading>
      {frozen && <WarningText>This proposal is decided: its job descriptions can no longer change.</WarningText>}
      <div class="govuk-button-group">
        {!frozen && latest && (
          <Link href={`${path}?add=version`} class="govuk-button" draggable={false}>Add a version</Link>
        )}
        <Link href={`/proposals/${proposal.id}/job-descriptions/${jd.id}`}>See it as staff do</Link>
      </div>

      <h2 class="govuk-heading-l">Versions</h2>
      <div class="app-table-scroll" role="region" aria-label="Versions (scrolls sideways)" tabIndex={0}>
        <table class="govuk-table app-jd-versions-table">
          <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">Versions of the {jd.title} job description, oldest first</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Version</th>
              <th scope="col" class="govuk-table__header">Label</th>
              <th scope="col" class="govuk-table__header">Grade</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Duties</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Comments</th>
              <th scope="col" class="govuk-table__header">Written</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {versions.map((version) => (
              <tr class="govuk-table__row" key={version.id}>
                <th scope="row" class="govuk-table__header govuk-table__header--numeric">{version.number}</th>
                <td class="govuk-table__cell">{version.label}</td>
                <td class="govuk-table__cell">{version.proposedGrade ?? 'Not given'}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{version.duties.length}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">
                  {version.duties.reduce((n, d) => n + d.comments.length, 0)}
                </td>
                <td class="govuk-table__cell">{formatDateTime(version.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 class="govuk-heading-l" id="compare">Compare two versions</h2>
      {versions.length < 2 ? (
        <p class="govuk-body">There is one version. Add a version to see what changes, duty by duty.</p>
      ) : (
        <Compare versions={versions} path={path} />
      )}

      <h2 class="govuk-heading-l" id="comments">Comments on duties</h2>
      {comments === 0 ? (
        <p class="govuk-body">No one has commented on a duty yet. Staff and union representatives can comment while the consultation is open.</p>
      ) : (
        <Comments versions={versions} total={comments} />
      )}

      {latest && (
        <>
          <h2 class="govuk-heading-l">The latest version in full</h2>
          <details class="govuk-details">
            <summary class="govuk-details__summary">
              <span class="govuk-details__summary-text">Read version {latest.number} ({latest.label})</span>
            </summary>
            <div class="govuk-details__text">
              <FullVersion version={latest} />
            </div>
          </details>
        </>
      )}
    </>
  )
}

/** Chooses two versions (kept in the address, so a comparison can be shared) and shows the diff. */
function Compare({ versions, path }: { versions: Version[]; path: string }) {
  const location = useLocation()
  const ids = versions.map((v) => v.id)
  const fromParam = location.query.get('from')
  const toParam = location.query.get('to')
  // By default: the latest version against the one before it.
  const initialFrom = fromParam && ids.includes(fromParam) ? fromParam : ids[ids.length - 2]
  const initialTo = toParam && ids.includes(toParam) ? toParam : ids[ids.length - 1]
  const [from, setFrom] = useState(initialFrom)
  const [to, setTo] = useState(initialTo)
  // The address may name a version the page has not loaded yet (just saved): follow it once it has.
  useEffect(() => {
    setFrom(initialFrom)
    setTo(initialTo)
  }, [initialFrom, initialTo])
  const [hideUnchanged, setHideUnchanged] = useState(false)
  const options: SelectOption[] = versions.map((v) => ({ value: v.id, label: `Version ${v.number} (${v.label})` }))
  const same = initialFrom === initialTo
  const diff = useQuery(JobDescriptionEditorDiffDocument, { from: initialFrom, to: initialTo })
  const fromVersion = versions.find((v) => v.id === initialFrom)!
  const toVersion = versions.find((v) => v.id === initialTo)!
  return (
    <>
      <form
        class="app-compare-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          navigate(`${path}?from=${from}&to=${to}`, { replace: true })
        }}
      >
        <div class="app-compare-form__fields">
          <Select id="compare-from" label="From" value={from} options={options} onChange={setFrom} />
          <Select id="compare-to" label="To" value={to} options={options} onChange={setTo} />
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">Compare</button>
      </form>
      {same ? (
        <p class="govuk-body">Choose two different versions to see what changed.</p>
      ) : diff.error ? (
        <p class="govuk-body">The changes could not be loaded: {diff.error.message}</p>
      ) : !diff.data ? (
        <Loading />
      ) : (
        <div class="app-jd-diff">
          <h3 class="govuk-heading-m">
            Version {fromVersion.number} ({fromVersion.label}) to version {toVersion.number} ({toVersion.label})
          </h3>
          <ChoiceField
            id="compare-hide-unchanged"
            label="Show"
            multiple
            choices={[{ value: 'hide', label: 'Only what changed' }]}
            values={hideUnchanged ? ['hide'] : []}
            onChange={(values) => setHideUnchanged(values.includes('hide'))}
          />
          <DiffView diff={diff.data.jobDescriptionDiff} hideUnchanged={hideUnchanged} />
        </div>
      )}
    </>
  )
}

function countKinds(changes: Change[]): string {
  const counts = new Map<string, number>()
  for (const change of changes) {
    const kind = change.kind.toUpperCase() === 'ADDED' ? 'NEW' : change.kind.toUpperCase()
    counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }
  const words: [string, string][] = [
    ['CHANGED', 'changed'],
    ['NEW', 'new'],
    ['REMOVED', 'removed'],
    ['UNCHANGED', 'unchanged'],
  ]
  return words
    .filter(([kind]) => counts.get(kind))
    .map(([kind, word]) => `${counts.get(kind)} ${word}`)
    .join(', ')
}

/** One changed item's text: words marked for a change, the whole text for new or removed. */
function ChangeText({ change }: { change: Change }) {
  const kind = change.kind.toUpperCase()
  if (kind === 'REMOVED') return <Removed>{change.fromText}</Removed>
  if (kind === 'NEW' || kind === 'ADDED') return <Added>{change.toText}</Added>
  if (kind === 'CHANGED' && change.words.length > 0) return <Words segments={change.words} />
  return <>{change.toText ?? change.fromText}</>
}

function KindTag({ kind }: { kind: string }) {
  const [text, colour] = changeTag[kind.toUpperCase()] ?? [kind, 'grey']
  return <Tag colour={colour}>{text}</Tag>
}

export function DiffView({ diff, hideUnchanged }: { diff: Diff; hideUnchanged: boolean }) {
  const visible = (changes: Change[]) => (hideUnchanged ? changes.filter((c) => c.kind.toUpperCase() !== 'UNCHANGED') : changes)
  const purposeChanged = diff.purpose.some((s) => s.kind.toUpperCase() !== 'SAME')
  const duties = visible(diff.duties)
  return (
    <>
      <dl class="govuk-summary-list">
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Grade</dt>
          <dd class="govuk-summary-list__value">
            {diff.gradeBefore === diff.gradeAfter ? (
              `${diff.gradeAfter ?? 'Not given'} (no change)`
            ) : (
              <>
                <Removed>{diff.gradeBefore ?? 'not given'}</Removed> to <Added>{diff.gradeAfter ?? 'not given'}</Added>
              </>
            )}
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Duties</dt>
          <dd class="govuk-summary-list__value">{countKinds(diff.duties) || 'None'}</dd>
        </div>
      </dl>
      {(!hideUnchanged || purposeChanged) && (
        <>
          <h4 class="govuk-heading-s">
            Purpose {purposeChanged ? <KindTag kind="CHANGED" /> : <KindTag kind="UNCHANGED" />}
          </h4>
          <p class="govuk-body">{diff.purpose.length ? <Words segments={diff.purpose} /> : 'Not given.'}</p>
        </>
      )}
      <h4 class="govuk-heading-s">Duties</h4>
      {duties.length === 0 ? (
        <p class="govuk-body">{diff.duties.length === 0 ? 'None.' : 'No duty changed.'}</p>
      ) : (
        duties.map((change, index) => {
          const kind = change.kind.toUpperCase()
          const number = change.toNumber ?? change.fromNumber
          const moved =
            change.fromNumber != null && change.toNumber != null && change.fromNumber !== change.toNumber ? ` (was duty ${change.fromNumber})` : ''
          return (
            <div class={dutyClass[kind] ?? 'app-duty'} key={`${kind}-${change.fromNumber}-${change.toNumber}-${index}`}>
              <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
                {change.toNumber != null ? `Duty ${number}` : `Former duty ${number}`}
                {moved} <KindTag kind={kind} />
              </p>
              <p class="govuk-body">
                <ChangeText change={change} />
              </p>
            </div>
          )
        })
      )}
      <CriteriaDiff heading="Essential criteria" changes={visible(diff.essentialCriteria)} none={hideUnchanged && diff.essentialCriteria.length > 0 ? 'None changed.' : 'None.'} />
      <CriteriaDiff heading="Desirable criteria" changes={visible(diff.desirableCriteria)} none={hideUnchanged && diff.desirableCriteria.length > 0 ? 'None changed.' : 'None.'} />
    </>
  )
}

function CriteriaDiff({ heading, changes, none }: { heading: string; changes: Change[]; none: string }) {
  return (
    <>
      <h4 class="govuk-heading-s">{heading}</h4>
      {changes.length === 0 ? (
        <p class="govuk-body">{none}</p>
      ) : (
        <ul class="govuk-list govuk-list--bullet">
          {changes.map((change, index) => (
            <li key={index}>
              <ChangeText change={change} />
              {change.kind.toUpperCase() !== 'UNCHANGED' && (
                <>
                  {' '}
                  <KindTag kind={change.kind} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

/** Every comment on every version's duties, newest version first, with who wrote it. */
function Comments({ versions, total }: { versions: Version[]; total: number }) {
  return (
    <>
      <p class="govuk-body">
        {plural(total, 'comment')} from staff and union representatives. Each also went to the question log for a written answer.
      </p>
      {[...versions].reverse().map((version) => {
        const duties = version.duties.filter((duty) => duty.comments.length > 0)
        if (duties.length === 0) return null
        return (
          <div key={version.id}>
            <h3 class="govuk-heading-m">
              Version {version.number} ({version.label})
            </h3>
            {duties.map((duty) => (
              <div class="app-duty" key={duty.number}>
                <h4 class="govuk-heading-s govuk-!-margin-bottom-1">
                  Duty {duty.number} ({plural(duty.comments.length, 'comment')})
                </h4>
                <p class="govuk-body app-secondary-text">{duty.text}</p>
                <ul class="govuk-list">
                  {duty.comments.map((comment) => (
                    <li class="app-comment" key={comment.id}>
                      <p class="govuk-body-s govuk-!-margin-bottom-1">
                        <strong>{comment.author?.name ?? 'Someone whose account was removed'}</strong>
                        {comment.author?.union && !comment.author.name.includes(comment.author.union) ? ` (${comment.author.union})` : ''},{' '}
                        {formatDate(comment.createdAt)} · <Tag colour="grey">{categoryName[comment.category]}</Tag>
                      </p>
                      <p class="govuk-body govuk-!-margin-bottom-1 app-pre-wrap">{comment.text}</p>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        )
      })}
    </>
  )
}

// ---------------------------------------------------------------- writing a version

interface Item {
  key: number
  text: string
}

interface VersionFormState {
  title: string
  label: string
  purpose: string
  proposedGrade: string
  duties: Item[]
  essential: Item[]
  desirable: Item[]
  staffResponsibilities: string
}

let nextKey = 1
const items = (texts: string[]): Item[] => (texts.length ? texts : ['']).map((text) => ({ key: nextKey++, text }))

/** A new version starts as a copy of the latest, so HR edits rather than retypes. */
function formFrom(jd: JobDescription | null): VersionFormState {
  const latest = jd?.versions[jd.versions.length - 1]
  return {
    title: jd?.title ?? '',
    label: latest ? (latest.label === 'Current' ? 'Proposed' : latest.label) : 'Current',
    purpose: latest?.purpose ?? '',
    proposedGrade: latest?.proposedGrade ?? '',
    duties: items(latest?.duties.map((d) => d.text) ?? []),
    essential: items(latest?.essentialCriteria ?? []),
    desirable: items(latest?.desirableCriteria ?? []),
    staffResponsibilities: latest?.staffResponsibilities ?? '',
  }
}

type ListName = 'duties' | 'essential' | 'desirable'
const listIds: Record<ListName, string> = { duties: 'jd-duty', essential: 'jd-essential', desirable: 'jd-desirable' }
const listApi: Record<string, ListName> = { duties: 'duties', essentialCriteria: 'essential', desirableCriteria: 'desirable' }
const itemWord: Record<ListName, string> = { duties: 'Duty', essential: 'Essential criterion', desirable: 'Desirable criterion' }

function VersionForm({ proposal, jd, backTo, onSaved }: {
  proposal: Proposal
  jd: JobDescription | null
  backTo: string
  onSaved?: (version: { id: string; number: number; label: string }, previous: string) => void
}) {
  const [form, setForm] = useState<VersionFormState>(() => formFrom(jd))
  const { errors, setErrors, busy, submit: send } = useForm()
  const [announcement, setAnnouncement] = useState('')
  const setFocusId = useFocusRequest()
  const sending = useRef(false)
  const latest = jd?.versions[jd.versions.length - 1]

  const setList = (name: ListName, update: (list: Item[]) => Item[]) => setForm((f) => ({ ...f, [name]: update(f[name]) }))
  const add = (name: ListName) => {
    const n = form[name].length + 1
    setList(name, (list) => [...list, { key: nextKey++, text: '' }])
    setAnnouncement(`${itemWord[name]} ${n} added.`)
    setFocusId(`${listIds[name]}-${n}`)
  }
  const remove = (name: ListName, index: number) => {
    const remaining = form[name].length - 1
    setList(name, (list) => list.filter((_, i) => i !== index))
    setErrors([])
    setAnnouncement(`${itemWord[name]} ${index + 1} removed. The ones after it have been renumbered.`)
    setFocusId(remaining > 0 ? `${listIds[name]}-${Math.min(index, remaining - 1) + 1}` : `${listIds[name]}-add`)
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    if (sending.current) return
    // Empty boxes are dropped; remember where each kept item was, to place the API's errors.
    const kept = (name: ListName) => form[name].flatMap((item, i) => (item.text.trim() ? [i] : []))
    const keptIndexes: Record<ListName, number[]> = { duties: kept('duties'), essential: kept('essential'), desirable: kept('desirable') }
    const found: FieldError[] = []
    if (!jd && !form.title.trim()) found.push({ field: 'jd-title', message: 'Enter the job title' })
    if (!form.label.trim()) found.push({ field: 'jd-label', message: 'Enter a label for the version, such as Current or Proposed' })
    if (!form.purpose.trim()) found.push({ field: 'jd-purpose', message: 'Enter the purpose of the job' })
    if (keptIndexes.duties.length === 0) found.push({ field: 'jd-duty-1', message: 'Write at least one duty' })
    const version = {
      label: form.label.trim(),
      purpose: form.purpose.trim(),
      proposedGrade: form.proposedGrade.trim() || null,
      duties: keptIndexes.duties.map((i, n) => ({ number: n + 1, text: form.duties[i].text.trim() })),
      essentialCriteria: keptIndexes.essential.map((i) => form.essential[i].text.trim()),
      desirableCriteria: keptIndexes.desirable.map((i) => form.desirable[i].text.trim()),
      staffResponsibilities: form.staffResponsibilities.trim() || null,
    }
    sending.current = true
    await send(
      found,
      async () => {
        if (jd) {
          const saved = await request(JobDescriptionEditorAddVersionDocument, { input: { jobDescriptionId: jd.id, version } })
          onSaved?.(saved.addJobDescriptionVersion, latest?.id ?? saved.addJobDescriptionVersion.id)
        } else {
          const created = (await request(JobDescriptionEditorCreateDocument, { input: { proposalId: proposal.id, title: form.title.trim(), version } }))
            .createJobDescription
          pendingNotice = {
            jdId: created.id,
            heading: `${created.title} job description created`,
            body: 'Choose it as the job description of its posts on the structure page. Add a version when it changes.',
          }
          navigate(`/proposals/${proposal.id}/job-descriptions/${created.id}/edit`)
        }
      },
      // Every refusal goes on a field: the one it names (an item by where it was typed), else the label.
      (error) => {
        setErrors([{ field: fieldId(error.field, keptIndexes), message: itemMessage(error, keptIndexes) }])
        return true
      },
    )
    sending.current = false
  }

  const title = jd ? `Add a version to the ${jd.title} job description` : 'Create a job description'
  return (
    <>
      <BackLink
        href={backTo}
        onClick={(event) => {
          event.preventDefault()
          navigate(backTo)
        }}
      />
      <ErrorSummary errors={errors} />
      <PageHeading title={`${title}: ${proposal.title}`} caption={proposal.title}>{title}</PageHeading>
      {latest && (
        <p class="govuk-body">
          This starts as a copy of version {latest.number} ({latest.label}): change what is different. Earlier versions stay as they are,
          with their comments.
        </p>
      )}
      <form noValidate onSubmit={submit}>
        {!jd && (
          <TextInput id="jd-title" label="Job title" value={form.title} onInput={(title) => setForm((f) => ({ ...f, title }))} error={errorFor(errors, 'jd-title')} />
        )}
        <TextInput
          id="jd-label"
          label="Version label"
          hint="For example Current, Proposed, or Revised after consultation."
          width="20"
          value={form.label}
          onInput={(label) => setForm((f) => ({ ...f, label }))}
          error={errorFor(errors, 'jd-label')}
        />
        <TextInput
          id="jd-grade"
          label="Proposed grade (optional)"
          width="10"
          value={form.proposedGrade}
          onInput={(proposedGrade) => setForm((f) => ({ ...f, proposedGrade }))}
          error={errorFor(errors, 'jd-grade')}
        />
        <Textarea
          id="jd-purpose"
          label="Purpose of the job"
          rows={4}
          value={form.purpose}
          onInput={(purpose) => setForm((f) => ({ ...f, purpose }))}
          error={errorFor(errors, 'jd-purpose')}
        />
        <ListFields
          name="duties"
          legend="Duties"
          hint="One duty in each box, in order: they are numbered as shown. Staff comment on each duty by its number. Empty boxes are not saved."
          multiline
          items={form.duties}
          errors={errors}
          onInput={(index, text) => setList('duties', (list) => list.map((item, i) => (i === index ? { ...item, text } : item)))}
          onAdd={() => add('duties')}
          onRemove={(index) => remove('duties', index)}
        />
        <ListFields
          name="essential"
          legend="Essential criteria"
          hint="What the person must have: one in each box."
          items={form.essential}
          errors={errors}
          onInput={(index, text) => setList('essential', (list) => list.map((item, i) => (i === index ? { ...item, text } : item)))}
          onAdd={() => add('essential')}
          onRemove={(index) => remove('essential', index)}
        />
        <ListFields
          name="desirable"
          legend="Desirable criteria"
          hint="What would help: one in each box."
          items={form.desirable}
          errors={errors}
          onInput={(index, text) => setList('desirable', (list) => list.map((item, i) => (i === index ? { ...item, text } : item)))}
          onAdd={() => add('desirable')}
          onRemove={(index) => remove('desirable', index)}
        />
        <Textarea
          id="jd-staff"
          label="Staff responsibilities (optional)"
          hint="Who the post manages, if anyone."
          rows={3}
          value={form.staffResponsibilities}
          onInput={(staffResponsibilities) => setForm((f) => ({ ...f, staffResponsibilities }))}
          error={errorFor(errors, 'jd-staff')}
        />
        <p class="govuk-visually-hidden" role="status">{announcement}</p>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" aria-disabled={busy ? 'true' : undefined}>
            {jd ? `Save as version ${(latest?.number ?? 0) + 1}` : 'Create job description'}
          </button>
          <Link href={backTo}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

function ListFields({ name, legend, hint, multiline, items, errors, onInput, onAdd, onRemove }: {
  name: ListName
  legend: string
  hint: string
  multiline?: boolean
  items: Item[]
  errors: FieldError[]
  onInput: (index: number, text: string) => void
  onAdd: () => void
  onRemove: (index: number) => void
}) {
  const prefix = listIds[name]
  const word = itemWord[name]
  return (
    <fieldset class="govuk-fieldset govuk-!-margin-bottom-6" aria-describedby={`${prefix}-hint`}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
        <h2 class="govuk-fieldset__heading">{legend}</h2>
      </legend>
      <div id={`${prefix}-hint`} class="govuk-hint">{hint}</div>
      <ol class="govuk-list app-add-another">
        {items.map((item, index) => {
          const id = `${prefix}-${index + 1}`
          const field = multiline ? (
            <Textarea id={id} label={`${word} ${index + 1}`} rows={3} value={item.text} error={errorFor(errors, id)} onInput={(text) => onInput(index, text)} />
          ) : (
            <TextInput id={id} label={`${word} ${index + 1}`} value={item.text} error={errorFor(errors, id)} onInput={(text) => onInput(index, text)} />
          )
          return (
            <li key={item.key} class="app-add-another__item">
              {field}
              {items.length > 1 && (
                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-4" onClick={() => onRemove(index)}>
                  Remove {word.toLowerCase()} {index + 1}
                </button>
              )}
            </li>
          )
        })}
      </ol>
      <button type="button" id={`${prefix}-add`} class="govuk-button govuk-button--secondary" onClick={onAdd}>
        Add another {word === 'Duty' ? 'duty' : word.toLowerCase()}
      </button>
    </fieldset>
  )
}

/** Where the API's `field` points, as the id of an input on the form. */
function fieldId(field: string | undefined, kept: Record<ListName, number[]>): string {
  if (field === 'input.title') return 'jd-title'
  const m = field?.match(/^input\.version\.(\w+)(?:\[(\d+)\])?/)
  if (!m) return 'jd-label'
  const list = listApi[m[1]]
  if (list) return `${listIds[list]}-${(kept[list][Number(m[2] ?? 0)] ?? 0) + 1}`
  const simple: Record<string, string> = { label: 'jd-label', purpose: 'jd-purpose', proposedGrade: 'jd-grade', staffResponsibilities: 'jd-staff' }
  return simple[m[1]] ?? 'jd-label'
}

/** The API says "Write the duty"; the form says which one. */
function itemMessage(error: ApiError, kept: Record<ListName, number[]>): string {
  const m = error.field?.match(/^input\.version\.(\w+)\[(\d+)\]/)
  const list = m && listApi[m[1]]
  if (!m || !list) return error.message
  return `${itemWord[list]} ${(kept[list][Number(m[2])] ?? 0) + 1}: ${error.message}`
}
