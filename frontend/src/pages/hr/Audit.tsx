// The audit log of a proposal: who changed what and when, newest first, each change shown as
// the fields that differ before and after. Changes to one of its records (a post, a meeting,
// a question...) are recorded against that record: choose it to see them.
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { AuditPageQuery } from '../../gql/graphql'
import { ErrorSummary, Loading, PageHeading, ProblemPage, errorFor, type FieldError } from '../../components/govuk'
import { formatDate, formatDateTime, humanise, plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { statusLabel } from '../../labels'
import { pageProblem } from '../../components/pageProblem'
import { WorkspaceFrame } from './WorkspaceNav'

const AuditPageDocument = graphql(`
  query AuditPage($id: ID!, $entityId: ID!, $after: String, $actorId: ID, $actor: String, $action: String, $from: NaiveDate, $to: NaiveDate) {
    proposal(id: $id) {
      id title
      posts(first: 100) { nodes { id title } }
      employees(first: 100) { nodes { id name } }
      jobDescriptions { id title versions { id label } }
      meetings { id title }
      questions { id text }
      themes { id name }
      unionResponses { id unionName }
      ringFences { id name }
    }
    users(first: 100) { nodes { id name } }
    auditEvents(entityId: $entityId, first: 10, after: $after, actorId: $actorId, actor: $actor, action: $action, from: $from, to: $to) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id action entityType occurredAt before after actorLabel
        actor { id name }
      }
    }
  }
`)

type Data = AuditPageQuery
type AuditEvent = Data['auditEvents']['nodes'][number]

/** What happened, in words; other actions are worded from their code. */
const actionNames: Record<string, string> = {
  'proposal.created': 'Proposal created',
  'proposal.updated': 'Proposal changed',
  'proposal.shared_with_unions': 'Shared with the unions',
  'proposal.submitted_for_approval': 'Submitted for approval',
  'proposal.returned_to_draft': 'Returned to draft',
  'proposal.approved': 'Approved',
  'proposal.consultation_opened': 'Consultation opened',
  'proposal.consultation_closed': 'Consultation closed',
  'proposal.consultation_extended': 'Consultation extended',
  'proposal.decided': 'Decision recorded',
  'proposal.implementation_started': 'Implementation started',
  'proposal.completed': 'Completed',
  'proposal.withdrawn': 'Withdrawn',
  'proposal.approval_decided': 'Approval decided',
  'proposal.approver_assigned': 'Approver named',
  'proposal.checklist_applied': 'Sign-off checklist set up',
  'proposal.checklist_step_added': 'Checklist step added',
  'proposal.checklist_step_completed': 'Checklist step completed',
  'proposal.checklist_step_moved': 'Checklist step moved',
  'proposal.checklist_step_removed': 'Checklist step removed',
  'proposal.implementation_step_added': 'Implementation step added',
  'proposal.implementation_step_done': 'Implementation step done',
  'proposal.timetable_set': 'Timetable set',
  'proposal.feedback_form_set': 'Feedback form set',
  'proposal.late_response_accepted': 'Late response accepted',
  'proposal.outcome_report_saved': 'Outcome report saved',
  'proposal.outcome_report_completed': 'Outcome report completed',
  'proposal.structure_imported': 'Structure imported from a file',
  'proposal.s188_disclosure_given': 's188(4) disclosure given',
  'proposal.hr1_recorded': 'HR1 notification recorded',
}

/** Field names people read; others are worded from their camelCase. */
const fieldNames: Record<string, string> = {
  proposalText: 'The proposal',
  recognisedUnions: 'Recognised unions',
  sponsorId: 'Sponsoring manager',
  sharedWithUnionsAt: 'Shared with the unions',
  consultationOpenedAt: 'Consultation opened',
  equalityAnalysisComplete: 'Equality analysis complete',
  establishmentJurisdiction: 'Where the establishment is',
  jurisdiction: 'Where the establishment is',
  visibleToWholeService: 'Published to the whole service',
  jdVersionId: 'Job description version',
  reportsTo: 'Reports to',
  questionResponseDays: 'Working days to answer a question',
  whyRejected: 'Why it was rejected',
  fte: 'FTE',
  inScope: 'In scope',
  slotInPostId: 'Slot-in post',
  slotInMatchPercent: 'Slot-in match (%)',
  ownerId: 'Owner',
  askerId: 'Asked by',
  authorId: 'Written by',
  approverId: 'Approver',
  assigneeId: 'Assigned to',
  decidedBy: 'Decided by',
  completedBy: 'Completed by',
  doneBy: 'Done by',
  uploadedBy: 'Uploaded by',
  inviteeIds: 'People invited',
  memberIds: 'Members',
  fromPostIds: 'From posts',
  toPostIds: 'To posts',
}

/** Bookkeeping that changes with every save and means nothing to a reader. */
const hiddenFields = new Set(['id', 'version', 'updatedAt', 'createdAt', 'proposalId', 'sequence'])

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DATE = /^\d{4}-\d{2}-\d{2}$/
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/
const SHORT = 300

type Names = Map<string, string>

function fieldName(key: string): string {
  if (fieldNames[key]) return fieldNames[key]
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isEmpty(value: unknown): boolean {
  return value == null || value === '' || (Array.isArray(value) && value.length === 0)
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** The fields that differ; for a creation or a deletion, the fields that hold something. */
function changedFields(before: unknown, after: unknown): { key: string; before: unknown; after: unknown }[] {
  if (isObject(before) || isObject(after)) {
    const b = isObject(before) ? before : {}
    const a = isObject(after) ? after : {}
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
    return keys
      .filter((key) => !hiddenFields.has(key))
      .filter((key) => !same(b[key], a[key]))
      .filter((key) => !(isEmpty(b[key]) && isEmpty(a[key])))
      .map((key) => ({ key, before: b[key], after: a[key] }))
  }
  if (same(before, after)) return []
  return [{ key: 'value', before, after }]
}

/** A short label for an item of a list (an option, a risk, a step). */
function itemLabel(item: unknown, names: Names): string {
  if (!isObject(item)) return text(item, names)
  for (const key of ['option', 'risk', 'title', 'name', 'activity', 'text', 'approverTitle', 'fileName']) {
    if (typeof item[key] === 'string' && item[key]) return item[key] as string
  }
  return Object.entries(item)
    .filter(([key]) => !hiddenFields.has(key))
    .map(([key, value]) => `${fieldName(key)}: ${text(value, names)}`)
    .join('; ')
}

/** A value as one line of text. */
function text(value: unknown, names: Names): string {
  if (isEmpty(value)) return 'nothing'
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') {
    if (UUID.test(value)) return names.get(value.toLowerCase()) ?? 'a record no longer listed'
    if (DATE.test(value)) return formatDate(value)
    if (INSTANT.test(value)) return formatDateTime(value)
    if (/^[A-Z][A-Z_]+$/.test(value)) return statusLabel[value as keyof typeof statusLabel]?.[0] ?? humanise(value)
    return value
  }
  if (Array.isArray(value)) return value.map((item) => itemLabel(item, names)).join(', ')
  if (isObject(value)) return itemLabel(value, names)
  return JSON.stringify(value)
}

/** Long text shortened, with the whole of it a click away. */
function LongText({ value }: { value: string }) {
  if (value.length <= SHORT) return <span class="app-pre-wrap">{value}</span>
  return (
    <>
      <span class="app-pre-wrap">{value.slice(0, SHORT).trimEnd()}…</span>
      <details class="govuk-details govuk-!-margin-top-2 govuk-!-margin-bottom-0">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">Show all {value.length.toLocaleString('en-GB')} characters</span>
        </summary>
        <div class="govuk-details__text app-pre-wrap">{value}</div>
      </details>
    </>
  )
}

function Value({ value, names }: { value: unknown; names: Names }) {
  if (isEmpty(value)) return <span class="app-secondary-text">Nothing</span>
  if (typeof value === 'string' && !UUID.test(value) && !DATE.test(value) && !INSTANT.test(value)) {
    return <LongText value={/^[A-Z][A-Z_]+$/.test(value) ? text(value, names) : value} />
  }
  if (Array.isArray(value) && value.some(isObject)) {
    return (
      <ul class="govuk-list govuk-list--bullet govuk-!-margin-bottom-0">
        {value.map((item, index) => <li key={index}><LongText value={itemLabel(item, names)} /></li>)}
      </ul>
    )
  }
  if (isObject(value)) {
    return (
      <ul class="govuk-list govuk-!-margin-bottom-0">
        {changedFields(null, value).map((field) => (
          <li key={field.key}>{fieldName(field.key)}: <LongText value={text(field.after, names)} /></li>
        ))}
      </ul>
    )
  }
  return <>{text(value, names)}</>
}

/** A list whose items have ids (options, risks, answers): what was added, removed or changed. */
function ListChange({ before, after, names }: { before: unknown[]; after: unknown[]; names: Names }) {
  const idOf = (item: unknown) => (isObject(item) && typeof item.id === 'string' ? item.id : JSON.stringify(item))
  const was = new Map(before.map((item) => [idOf(item), item]))
  const now = new Map(after.map((item) => [idOf(item), item]))
  const lines: ComponentChildren[] = []
  for (const [id, item] of now) {
    const old = was.get(id)
    if (old === undefined) lines.push(<>Added “{itemLabel(item, names)}”</>)
    else if (!same(old, item)) {
      const fields = changedFields(old, item)
      lines.push(
        <>
          Changed “{itemLabel(old, names)}”:{' '}
          {fields.map((f) => `${fieldName(f.key).toLowerCase()} now “${text(f.after, names)}”`).join('; ')}
        </>,
      )
    }
  }
  for (const [id, item] of was) if (!now.has(id)) lines.push(<>Removed “{itemLabel(item, names)}”</>)
  if (lines.length === 0) lines.push(<>Reordered</>)
  return (
    <ul class="govuk-list govuk-list--bullet govuk-!-margin-bottom-0">
      {lines.map((line, index) => <li key={index} class="app-pre-wrap">{line}</li>)}
    </ul>
  )
}

function Change({ before, after, names, created, deleted }: { before: unknown; after: unknown; names: Names; created: boolean; deleted: boolean }) {
  if (created) return <Value value={after} names={names} />
  if (deleted) return <Value value={before} names={names} />
  if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].every((i) => isObject(i) && 'id' in i)) {
    return <ListChange before={before} after={after} names={names} />
  }
  return (
    <>
      <span class="govuk-!-display-block govuk-!-font-weight-bold">Before</span>
      <div class="govuk-!-margin-bottom-2"><Value value={before} names={names} /></div>
      <span class="govuk-!-display-block govuk-!-font-weight-bold">After</span>
      <div><Value value={after} names={names} /></div>
    </>
  )
}

function EventCard({ event, names }: { event: AuditEvent; names: Names }) {
  const title = actionNames[event.action] ?? `${humanise(event.entityType)}: ${humanise(event.action.split('.').pop() ?? event.action).toLowerCase()}`
  const label = event.actorLabel ? event.actorLabel.charAt(0).toUpperCase() + event.actorLabel.slice(1) : null
  const who = event.actor?.name ?? label ?? 'Consult'
  const created = event.before == null
  const deleted = event.after == null
  const fields = changedFields(event.before, event.after)
  // A step, approval or other item of the proposal: which one, when its name did not change.
  const snapshot = isObject(event.after) ? event.after : isObject(event.before) ? event.before : null
  const about =
    snapshot && !('status' in snapshot) && !created && !deleted &&
    ['title', 'approverTitle', 'activity', 'name'].some((key) => typeof snapshot[key] === 'string' && !fields.some((f) => f.key === key))
      ? itemLabel(snapshot, names)
      : null
  return (
    <div class="govuk-summary-card">
      <div class="govuk-summary-card__title-wrapper">
        <h2 class="govuk-summary-card__title">{title}</h2>
      </div>
      <div class="govuk-summary-card__content">
        <dl class="govuk-summary-list">
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">When</dt>
            <dd class="govuk-summary-list__value">{formatDateTime(event.occurredAt)}</dd>
          </div>
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">Who</dt>
            <dd class="govuk-summary-list__value">{who}</dd>
          </div>
          {about && (
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">About</dt>
              <dd class="govuk-summary-list__value">{about}</dd>
            </div>
          )}
          {fields.length === 0 ? (
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">What changed</dt>
              <dd class="govuk-summary-list__value">No recorded details</dd>
            </div>
          ) : (
            fields.map((field) => (
              <div class="govuk-summary-list__row" key={field.key}>
                <dt class="govuk-summary-list__key">{fieldName(field.key)}</dt>
                <dd class="govuk-summary-list__value">
                  <Change before={field.before} after={field.after} names={names} created={created} deleted={deleted} />
                </dd>
              </div>
            ))
          )}
        </dl>
      </div>
    </div>
  )
}

/** The records of the proposal whose own changes can be shown, grouped for the select. */
function recordGroups(data: Data): { label: string; records: { id: string; name: string }[] }[] {
  const p = data.proposal
  const short = (s: string) => (s.length > 70 ? `${s.slice(0, 70).trimEnd()}…` : s)
  return [
    { label: 'Posts', records: p.posts.nodes.map((r) => ({ id: r.id, name: r.title })) },
    { label: 'Employees', records: p.employees.nodes.map((r) => ({ id: r.id, name: r.name })) },
    { label: 'Job descriptions', records: p.jobDescriptions.map((r) => ({ id: r.id, name: r.title })) },
    { label: 'Ring-fence pools', records: p.ringFences.map((r) => ({ id: r.id, name: r.name })) },
    { label: 'Meetings', records: p.meetings.map((r) => ({ id: r.id, name: r.title })) },
    { label: 'Questions', records: p.questions.map((r) => ({ id: r.id, name: short(r.text) })) },
    { label: 'Themes', records: p.themes.map((r) => ({ id: r.id, name: r.name })) },
    { label: 'Union responses', records: p.unionResponses.map((r) => ({ id: r.id, name: r.unionName })) },
  ].filter((group) => group.records.length > 0)
}

function namesOf(data: Data): Names {
  const names: Names = new Map()
  const add = (id: string, name: string) => names.set(id.toLowerCase(), name)
  add(data.proposal.id, data.proposal.title)
  for (const user of data.users.nodes) add(user.id, user.name)
  for (const group of recordGroups(data)) for (const record of group.records) add(record.id, record.name)
  for (const jd of data.proposal.jobDescriptions) for (const v of jd.versions) add(v.id, `${jd.title} (${v.label})`)
  for (const event of data.auditEvents.nodes) if (event.actor) add(event.actor.id, event.actor.name)
  return names
}

/** A day as people type it: "27/3/2026", "27 3 2026" or "2026-03-27"; null when it is not one. */
export function parseDay(raw: string): string | null {
  const text = raw.trim()
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text)
  const uk = /^(\d{1,2})[/\s.-]+(\d{1,2})[/\s.-]+(\d{4})$/.exec(text)
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : []
  if (!y || !m || !d) return null
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null
  return date.toISOString().slice(0, 10)
}

/** The filters the URL holds besides the record: who, what, and a range of London days. */
const FILTER_KEYS = ['who', 'action', 'from', 'to'] as const

export function AuditPage({ params }: { params: Record<string, string> }) {
  const location = useLocation()
  const record = location.query.get('record')
  const after = location.query.get('after')
  const who = location.query.get('who')?.trim() || null
  const action = location.query.get('action')?.trim() || null
  const from = parseDay(location.query.get('from') ?? '')
  const to = parseDay(location.query.get('to') ?? '')
  // Not useForm: the filter only checks its dates and navigates; it sends nothing to the API.
  const [problems, setProblems] = useState<FieldError[]>([])
  const base = `/proposals/${params.id}/audit`
  const { data, error, current } = useQuery(AuditPageDocument, {
    id: params.id,
    entityId: record && UUID.test(record) ? record : params.id,
    after,
    // "Who" is an account chosen from the list, or text matched against names and emails.
    ...(who && UUID.test(who) ? { actorId: who } : who ? { actor: who } : {}),
    action,
    from,
    to,
  })
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const groups = recordGroups(data)
  const names = namesOf(data)
  const recordName = record ? names.get(record.toLowerCase()) : null
  // Changes of an earlier filter are not shown under this one's heading while it loads.
  const events = current ? data.auditEvents : null
  const filtered = Boolean(who || action || from || to)
  const show = (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const value = (key: string) => String(form.get(key) ?? '').trim()
    const found: FieldError[] = []
    const q = new URLSearchParams()
    if (value('record')) q.set('record', value('record'))
    if (value('who')) q.set('who', value('who'))
    if (value('action')) q.set('action', value('action'))
    const days: Record<string, string | null> = {}
    for (const [key, label] of [['from', 'From'], ['to', 'To']] as const) {
      if (!value(key)) continue
      days[key] = parseDay(value(key))
      if (days[key]) q.set(key, days[key] as string)
      else found.push({ field: `audit-${key}`, message: `${label} must be a real date, like 27/3/2026` })
    }
    if (days.from && days.to && days.to < days.from) {
      found.push({ field: 'audit-to', message: 'To must be the same as or after From' })
    }
    setProblems(found)
    if (found.length > 0) return
    const query = q.toString()
    navigate(query ? `${base}?${query}` : base)
  }
  const query = (extra: Record<string, string>) => {
    const kept: Record<string, string> = {}
    if (record) kept.record = record
    for (const key of FILTER_KEYS) {
      const value = location.query.get(key)
      if (value) kept[key] = value
    }
    const q = new URLSearchParams({ ...kept, ...extra }).toString()
    return q ? `${base}?${q}` : base
  }
  const dayText = (iso: string | null) => (iso ? iso.split('-').reverse().map(Number).join('/') : '')
  const fromError = errorFor(problems, 'audit-from')
  const toError = errorFor(problems, 'audit-to')

  return (
    <WorkspaceFrame proposalId={data.proposal.id} current="audit">
      <PageHeading title="Audit log" caption={data.proposal.title}>Audit log</PageHeading>
      <p class="govuk-body">
        Every change, who made it and when, newest first. Changes to the proposal’s text, its lifecycle, checklist and
        timetable are recorded against the proposal; changes to a post, person, meeting or question against that record.
      </p>
      <ErrorSummary errors={problems} />
      <form class="app-list-filter" onSubmit={show} noValidate key={location.query.toString()} aria-label="Filter the audit log">
        <div class="app-list-filter__fields">
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="record">Show changes to</label>
          <select class="govuk-select" id="record" name="record">
            <option value="">The proposal itself</option>
            {groups.map((group) => (
              <optgroup label={group.label} key={group.label}>
                {group.records.map((r) => (
                  <option value={r.id} key={r.id} selected={r.id === record}>{r.name}</option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="audit-who">Made by</label>
          <select class="govuk-select" id="audit-who" name="who">
            <option value="">Anyone</option>
            {who && !UUID.test(who) && <option value={who} selected>Names or emails with “{who}”</option>}
            {data.users.nodes.map((user) => <option value={user.id} key={user.id} selected={user.id === who}>{user.name}</option>)}
          </select>
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="audit-action">What was done</label>
          <select class="govuk-select" id="audit-action" name="action">
            <option value="">Anything</option>
            {action && !actionNames[action] && <option value={action} selected>{humanise(action.split('.').pop() ?? action)}</option>}
            {Object.entries(actionNames).map(([key, label]) => <option value={key} key={key} selected={key === action}>{label}</option>)}
          </select>
        </div>
        <div class={`govuk-form-group${fromError ? ' govuk-form-group--error' : ''}`}>
          <label class="govuk-label govuk-label--s" for="audit-from">From</label>
          <div class="govuk-hint" id="audit-from-hint">For example, 27/3/2026</div>
          {fromError && <p class="govuk-error-message" id="audit-from-error"><span class="govuk-visually-hidden">Error:</span> {fromError}</p>}
          <input class={`govuk-input govuk-input--width-10${fromError ? ' govuk-input--error' : ''}`} id="audit-from" name="from" type="text"
            aria-describedby={`audit-from-hint${fromError ? ' audit-from-error' : ''}`} defaultValue={dayText(from)} autocomplete="off" />
        </div>
        <div class={`govuk-form-group${toError ? ' govuk-form-group--error' : ''}`}>
          <label class="govuk-label govuk-label--s" for="audit-to">To</label>
          <div class="govuk-hint" id="audit-to-hint">For example, 30/3/2026</div>
          {toError && <p class="govuk-error-message" id="audit-to-error"><span class="govuk-visually-hidden">Error:</span> {toError}</p>}
          <input class={`govuk-input govuk-input--width-10${toError ? ' govuk-input--error' : ''}`} id="audit-to" name="to" type="text"
            aria-describedby={`audit-to-hint${toError ? ' audit-to-error' : ''}`} defaultValue={dayText(to)} autocomplete="off" />
        </div>
        </div>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button govuk-button--secondary">Show changes</button>
          {(filtered || record) && <Link href={base} class="govuk-link">Clear filters</Link>}
        </div>
      </form>
      <h2 class="govuk-heading-m">
        {record ? `Changes to ${recordName ?? 'this record'}` : 'Changes to the proposal'}
        <span class="govuk-caption-m">{events ? <>{plural(events.totalCount, 'change')}{filtered ? ' match' : ''}{after ? ', older ones' : ''}</> : '…'}</span>
      </h2>
      {!events ? (
        <Loading />
      ) : events.nodes.length === 0 ? (
        <p class="govuk-body">{filtered ? 'No changes match these filters.' : 'No changes have been recorded.'}</p>
      ) : (
        <div class="app-audit-events">
          {events.nodes.map((event) => (
            <EventCard key={event.id} event={event} names={names} />
          ))}
        </div>
      )}
      {events && (events.pageInfo.hasNextPage || after) && (
        <nav class="govuk-pagination govuk-pagination--block" aria-label="Pages of the audit log">
          {after && (
            <div class="govuk-pagination__prev">
              <Link href={query({})} class="govuk-link govuk-pagination__link" rel="prev">
                <span class="govuk-pagination__link-title">Newest changes</span>
              </Link>
            </div>
          )}
          {events.pageInfo.hasNextPage && events.pageInfo.endCursor && (
            <div class="govuk-pagination__next">
              <Link href={query({ after: events.pageInfo.endCursor })} class="govuk-link govuk-pagination__link" rel="next">
                <span class="govuk-pagination__link-title">Next page</span>
                <span class="govuk-visually-hidden"> of changes</span>
              </Link>
            </div>
          )}
        </nav>
      )}
    </WorkspaceFrame>
  )
}
