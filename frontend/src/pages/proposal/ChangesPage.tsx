// What changed in a proposal between two of its revisions (?from=&to=, first to latest by
// default), field by field and item by item, in plain words.
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { ChangesPageDiffQuery, ChangesPageQuery } from '../../gql/graphql'
import { BackLink, Loading, PageHeading, ProblemPage, Tag } from '../../components/govuk'
import { Added, Removed } from '../../components/diff'
import { formatDate, plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { pageProblem } from '../../components/pageProblem'

const ChangesPageDocument = graphql(`
  query ChangesPage($id: ID!) {
    proposal(id: $id) {
      id title
      revisions { number changeSummary createdAt }
    }
  }
`)

const ChangesPageDiffDocument = graphql(`
  query ChangesPageDiff($id: ID!, $from: Int!, $to: Int!) {
    proposalDiff(id: $id, from: $from, to: $to) { kind field path itemId itemLabel before after }
  }
`)

type Revision = ChangesPageQuery['proposal']['revisions'][number]
type Change = ChangesPageDiffQuery['proposalDiff'][number]

/** The proposal's fields, as a reader calls them (the keys of a revision's snapshot). */
const fieldNames: Record<string, string> = {
  title: 'Title',
  service: 'Service',
  establishment: 'Establishment',
  background: 'Background',
  rationale: 'Why a change is needed',
  proposalText: 'The proposal',
  benefits: 'Benefits',
  alternatives: 'Alternatives considered',
  risks: 'Risks',
  equalityAnalysis: 'Equality analysis',
  agencyWorkers: 'Agency workers',
  selectionMethod: 'How people will be selected',
  dismissalMethod: 'How and when any dismissals would happen',
  redundancyPayMethod: 'How redundancy pay is worked out',
  recognisedUnions: 'Recognised trade unions',
  posts: 'Posts',
  sponsor: 'Sponsoring manager',
}

/** The parts of a list item (a post, a risk, an option). */
const partNames: Record<string, string> = {
  title: 'Job title',
  currentGrade: 'Grade now',
  currentFte: 'FTE now',
  currentHeadcount: 'Number of posts now',
  currentReportsTo: 'Reports to now',
  proposedGrade: 'Proposed grade',
  proposedFte: 'Proposed FTE',
  proposedHeadcount: 'Proposed number of posts',
  proposedReportsTo: 'Proposed to report to',
  note: 'Note',
  risk: 'The risk',
  mitigation: 'How it will be managed',
  option: 'The option',
  whyRejected: 'Why it was rejected',
  name: 'Name',
}

/** The parts of an item in the order a reader expects them. */
const keyOrder = Object.keys(partNames)

/** "proposedFte" to "Proposed fte" when it has no name of its own. */
export function humaniseKey(key: string): string {
  if (partNames[key]) return partNames[key]
  if (fieldNames[key]) return fieldNames[key]
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** `posts[<id>].proposedGrade` to its field, item and part. */
export function parsePath(path: string): { field: string; item?: string; part?: string } {
  const match = path.match(/^([^.[]+)(?:\[([^\]]*)\])?(?:\.(.+))?$/)
  if (!match) return { field: path }
  return { field: match[1], item: match[2], part: match[3] }
}

/** A JSON value as text: strings as they are, lists one item a line, objects as "key: value" lines. */
export function Value({ value }: { value: unknown }): ComponentChildren {
  if (value === null || value === undefined || value === '') return <span class="govuk-hint">Nothing</span>
  if (typeof value === 'string') return <span class="app-pre-wrap">{value}</span>
  if (typeof value === 'number') return value.toLocaleString('en-GB')
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (Array.isArray(value)) {
    if (value.length === 0) return <span class="govuk-hint">None</span>
    return (
      <ul class="govuk-list govuk-!-margin-bottom-0">
        {value.map((item, index) => (
          <li key={index}>
            <Value value={item} />
          </li>
        ))}
      </ul>
    )
  }
  if (typeof value === 'object') {
    const rank = (key: string) => {
      const index = keyOrder.indexOf(key)
      return index < 0 ? keyOrder.length : index
    }
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key]) => key !== 'id')
      .sort(([a], [b]) => rank(a) - rank(b))
    return (
      <ul class="govuk-list govuk-!-margin-bottom-0">
        {entries.map(([key, item]) => (
          <li key={key}>
            <strong>{humaniseKey(key)}:</strong> <Value value={item} />
          </li>
        ))}
      </ul>
    )
  }
  return String(value)
}

export interface Segment {
  kind: 'same' | 'added' | 'removed'
  text: string
}

/**
 * The words of `before` and `after` as one text, each run marked the same, added or removed
 * (longest common subsequence over words and spaces; null for texts too long to compare).
 */
export function wordDiff(before: string, after: string): Segment[] | null {
  const a = before.split(/(\s+)/).filter((w) => w.length > 0)
  const b = after.split(/(\s+)/).filter((w) => w.length > 0)
  if (a.length * b.length > 4_000_000) return null
  const n = a.length
  const m = b.length
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1])
    }
  }
  const segments: Segment[] = []
  const push = (kind: Segment['kind'], text: string) => {
    const last = segments[segments.length - 1]
    if (last && last.kind === kind) last.text += text
    else segments.push({ kind, text })
  }
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      push('same', a[i])
      i++
      j++
    } else if (j >= m || (i < n && table[i + 1][j] >= table[i][j + 1])) {
      push('removed', a[i++])
    } else {
      push('added', b[j++])
    }
  }
  return tidy(segments)
}

/**
 * Reads better: a word or two left the same between changes ("Grade" in "Grade 8" → "Grade 9")
 * joins the change, and each run of changes shows all it removed, then all it added.
 */
function tidy(segments: Segment[]): Segment[] {
  const out: Segment[] = []
  let k = 0
  while (k < segments.length) {
    if (segments[k].kind === 'same') {
      out.push(segments[k++])
      continue
    }
    let removed = ''
    let added = ''
    while (k < segments.length) {
      const segment = segments[k]
      if (segment.kind === 'removed') removed += segment.text
      else if (segment.kind === 'added') added += segment.text
      else {
        const words = segment.text.trim().split(/\s+/).filter(Boolean).length
        if (words > 2 || k + 1 >= segments.length) break
        removed += segment.text
        added += segment.text
      }
      k++
    }
    if (removed.trim()) out.push({ kind: 'removed', text: removed })
    if (removed.trim() && added.trim() && !/\s$/.test(removed)) out.push({ kind: 'same', text: ' ' })
    if (added.trim()) out.push({ kind: 'added', text: added })
  }
  return out
}

/** A text with its added and removed words marked by <ins> and <del>, and said in words to screen readers. */
function MarkedText({ segments }: { segments: Segment[] }) {
  return (
    <p class="govuk-body govuk-!-margin-bottom-0 app-pre-wrap app-diff-text">
      {segments.map((segment, index) =>
        segment.kind === 'same' ? (
          segment.text
        ) : segment.kind === 'added' ? (
          <Added key={index}>{segment.text}</Added>
        ) : (
          <Removed key={index}>{segment.text}</Removed>
        ),
      )}
    </p>
  )
}

/** A changed text: one text with what was added and removed marked, or before and after in full. */
function TextChange({ before, after }: { before: string; after: string }) {
  const segments = wordDiff(before, after)
  if (!segments) {
    return (
      <>
        <p class="govuk-body govuk-!-margin-bottom-1">
          <strong>Before:</strong> <Value value={before} />
        </p>
        <p class="govuk-body govuk-!-margin-bottom-0">
          <strong>After:</strong> <Value value={after} />
        </p>
      </>
    )
  }
  return <MarkedText segments={segments} />
}

function Row({ label, children }: { label: ComponentChildren; children: ComponentChildren }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{label}</dt>
      <dd class="govuk-summary-list__value">{children}</dd>
    </div>
  )
}

const kindTag: Record<Change['kind'], [string, string]> = {
  ADDED: ['Added', 'green'],
  REMOVED: ['Removed', 'red'],
  CHANGED: ['Changed', 'blue'],
}

/** One item's changes (a post, a risk) or one field's: a summary card. */
interface Group {
  key: string
  field: string
  label?: string
  changes: Change[]
}

function groupChanges(changes: Change[]): Group[] {
  const groups: Group[] = []
  const byKey = new Map<string, Group>()
  for (const change of changes) {
    const { field, item } = parsePath(change.path)
    const key = item !== undefined ? `${field}[${item}]` : field
    let group = byKey.get(key)
    if (!group) {
      group = { key, field: change.field || field, label: change.itemLabel ?? undefined, changes: [] }
      byKey.set(key, group)
      groups.push(group)
    }
    group.changes.push(change)
  }
  return groups
}

function ChangeCard({ group }: { group: Group }) {
  const fieldName = humaniseKey(group.field)
  const whole = group.changes.length === 1 && !parsePath(group.changes[0].path).part ? group.changes[0] : null
  const title = group.label ? `${fieldName}: ${group.label}` : fieldName
  return (
    <div class="govuk-summary-card">
      <div class="govuk-summary-card__title-wrapper">
        <h3 class="govuk-summary-card__title">
          {title}
          {whole && (
            <>
              {' '}
              <Tag colour={kindTag[whole.kind][1]}>{kindTag[whole.kind][0]}</Tag>
            </>
          )}
        </h3>
      </div>
      <div class="govuk-summary-card__content">
        {whole ? (
          <WholeChange change={whole} />
        ) : (
          <dl class="govuk-summary-list govuk-!-margin-bottom-0">
            {group.changes.map((change) => {
              const part = parsePath(change.path).part ?? change.path
              return (
                <Row label={humaniseKey(part.split('.').pop() ?? part)} key={change.path}>
                  <PartChange change={change} />
                </Row>
              )
            })}
          </dl>
        )}
      </div>
    </div>
  )
}

/** A field or a whole item added, removed or changed. */
function WholeChange({ change }: { change: Change }) {
  if (change.kind === 'ADDED') return <Value value={change.after} />
  if (change.kind === 'REMOVED') return <Value value={change.before} />
  if (typeof change.before === 'string' && typeof change.after === 'string') {
    return <TextChange before={change.before} after={change.after} />
  }
  return (
    <dl class="govuk-summary-list govuk-!-margin-bottom-0">
      <Row label="Before"><Value value={change.before} /></Row>
      <Row label="After"><Value value={change.after} /></Row>
    </dl>
  )
}

/** One part of an item (a post's proposed grade): "Grade 8, now Grade 9". */
function PartChange({ change }: { change: Change }) {
  if (change.kind === 'ADDED') {
    return (
      <>
        <strong>Added:</strong> <Value value={change.after} />
      </>
    )
  }
  if (change.kind === 'REMOVED') {
    return (
      <>
        <strong>Removed:</strong> <Value value={change.before} />
      </>
    )
  }
  const long = (value: unknown) => typeof value === 'string' && value.length > 80
  if (typeof change.before === 'string' && typeof change.after === 'string' && (long(change.before) || long(change.after))) {
    return <TextChange before={change.before} after={change.after} />
  }
  return (
    <>
      <p class="govuk-body govuk-!-margin-bottom-1">
        <strong>Before:</strong> <Value value={change.before} />
      </p>
      <p class="govuk-body govuk-!-margin-bottom-0">
        <strong>After:</strong> <Value value={change.after} />
      </p>
    </>
  )
}

export function ChangesPage({ params }: { params: Record<string, string> }) {
  const location = useLocation()
  const { data, error } = useQuery(ChangesPageDocument, { id: params.id })
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const proposal = data.proposal
  const revisions = proposal.revisions
  const back = <BackLink href={`/proposals/${proposal.id}#what-changed`} />
  if (revisions.length < 2) {
    return (
      <>
        {back}
        <PageHeading title="What changed" caption={proposal.title}>What changed</PageHeading>
        <p class="govuk-body">Nothing has changed since the proposal was first shared.</p>
        <p class="govuk-body">
          <Link href={`/proposals/${proposal.id}`}>Read the proposal</Link>
        </p>
      </>
    )
  }
  const numbers = revisions.map((revision) => revision.number)
  const wanted = (name: string, fallback: number) => {
    const value = Number(location.query.get(name))
    return location.query.has(name) && numbers.includes(value) ? value : fallback
  }
  let from = wanted('from', numbers[0])
  let to = wanted('to', numbers[numbers.length - 1])
  if (from > to) [from, to] = [to, from]
  return (
    <>
      {back}
      <PageHeading title="What changed" caption={proposal.title}>What changed</PageHeading>
      <Chooser proposalId={proposal.id} revisions={revisions} from={from} to={to} />
      {from === to ? (
        <p class="govuk-body">Choose two different versions to see what changed between them.</p>
      ) : (
        <Changes proposalId={proposal.id} revisions={revisions} from={from} to={to} />
      )}
      <p class="govuk-body">
        <Link href={`/proposals/${proposal.id}`}>Read the proposal as it is now</Link>
      </p>
    </>
  )
}

function versionName(revision: Revision | undefined, number: number): string {
  return revision ? `version ${number} (${formatDate(revision.createdAt)})` : `version ${number}`
}

function Changes({ proposalId, revisions, from, to }: { proposalId: string; revisions: Revision[]; from: number; to: number }) {
  const { data, error, loading } = useQuery(ChangesPageDiffDocument, { id: proposalId, from, to })
  const between = revisions.filter((revision) => revision.number > from && revision.number <= to)
  const fromRevision = revisions.find((revision) => revision.number === from)
  const toRevision = revisions.find((revision) => revision.number === to)
  return (
    <>
      <h2 class="govuk-heading-l">
        From {versionName(fromRevision, from)} to {versionName(toRevision, to)}
      </h2>
      <h3 class="govuk-heading-m">What HR said about the changes</h3>
      <ul class="govuk-list">
        {between.map((revision) => (
          <li key={revision.number}>
            <strong>Version {revision.number}:</strong> {revision.changeSummary}
          </li>
        ))}
      </ul>
      <h3 class="govuk-heading-m">Every change</h3>
      {error ? (
        <p class="govuk-body">The changes could not be loaded. {error.message}</p>
      ) : loading && !data ? (
        <Loading />
      ) : data && data.proposalDiff.length === 0 ? (
        <p class="govuk-body">Nothing that readers see changed between these versions.</p>
      ) : data ? (
        <>
          <p class="govuk-body">
            {plural(data.proposalDiff.length, 'change')}. Words that are new are <ins class="app-diff__added">underlined on green</ins>;
            words taken out are <del class="app-diff__removed">struck through on red</del>.
          </p>
          {groupChanges(data.proposalDiff).map((group) => (
            <ChangeCard group={group} key={group.key} />
          ))}
        </>
      ) : null}
    </>
  )
}

/** Two selects to compare any two versions; a GET form, so the address says what is shown. */
function Chooser({ proposalId, revisions, from, to }: { proposalId: string; revisions: Revision[]; from: number; to: number }) {
  const [chosenFrom, setFrom] = useState(String(from))
  const [chosenTo, setTo] = useState(String(to))
  const action = `/proposals/${proposalId}/changes`
  const submit = (event: Event) => {
    event.preventDefault()
    navigate(`${action}?from=${chosenFrom}&to=${chosenTo}`)
  }
  const options = revisions.map((revision) => (
    <option value={String(revision.number)} key={revision.number}>
      Version {revision.number}, {formatDate(revision.createdAt)}
    </option>
  ))
  return (
    <details class="govuk-details">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">Compare other versions</span>
      </summary>
      <div class="govuk-details__text">
        <form method="get" action={action} onSubmit={submit} class="app-version-chooser">
          <div class="govuk-form-group">
            <label class="govuk-label" for="from">From</label>
            <select
              class="govuk-select"
              id="from"
              name="from"
              value={chosenFrom}
              onChange={(event) => setFrom((event.target as HTMLSelectElement).value)}
            >
              {options}
            </select>
          </div>
          <div class="govuk-form-group">
            <label class="govuk-label" for="to">To</label>
            <select
              class="govuk-select"
              id="to"
              name="to"
              value={chosenTo}
              onChange={(event) => setTo((event.target as HTMLSelectElement).value)}
            >
              {options}
            </select>
          </div>
          <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
            Show what changed
          </button>
        </form>
      </div>
    </details>
  )
}
