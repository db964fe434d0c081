// HR's people page: every employee named in the proposal with the posts they hold and what the
// proposal means for them, the ring-fence pools, and importing posts or employees from a spreadsheet (import/).
// Adding or changing an employee (?employee=…), a pool (?pool=new) and the import (?import=…)
// are pages of their own.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, asApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { Impact, PeoplePageQuery } from '../../gql/graphql'
import { Button, type Choice, ChoiceField, errorFor, type FieldError, InsetText, Loading, NotificationBanner, PageHeading, ProblemPage, Select, type SelectOption, SummaryList, Tag, Textarea, TextInput, WarningText } from '../../components/govuk'
import { plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { useMe } from '../../session'
import { pageProblem } from '../../components/pageProblem'
import { FocusBanner, FormPrelude, LostChanges, NumberInput, type Notice, fteText, isFrozen, isStaleVersion, parseFte, parseWhole } from './structure/shared'
import { RefusalSummary } from './workspaceKit'
import { WorkspaceFrame } from './WorkspaceNav'
import { ImportPage } from './import/ImportPage'
import { useFocusRequest } from '../../focus'
import { useForm } from '../../form'

const PeoplePageDocument = graphql(`
  query PeoplePage($id: ID!) {
    proposal(id: $id) {
      id title status sharedWithUnionsAt
      counts { directlyAffected potentiallyDisplaced newPostsCreated proposedDismissals }
      affectedWithoutAccountCount
      affectedWithoutAccount(first: 20) { totalCount nodes { id name workEmail } }
      employees(first: 100) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          id name employeeNumber workEmail weeklyPay impact impactNote slotInMatchPercent volunteer version
          slotInPost { id title }
          holdings { fte post { id title } }
        }
      }
      posts(first: 100) {
        nodes {
          id title inScope vacantFte
          current { grade fte headcount }
          proposed { grade fte headcount }
        }
      }
      ringFences {
        id name rule memberCount
        members { id name }
        fromPosts { id title }
        toPosts { id title proposed { headcount } }
      }
    }
  }
`)

const PeoplePageMoreEmployeesDocument = graphql(`
  query PeoplePageMoreEmployees($id: ID!, $after: String) {
    proposal(id: $id) {
      id
      employees(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id name employeeNumber workEmail weeklyPay impact impactNote slotInMatchPercent volunteer version
          slotInPost { id title }
          holdings { fte post { id title } }
        }
      }
    }
  }
`)

const PeoplePageCreateEmployeeDocument = graphql(`
  mutation PeoplePageCreateEmployee($input: CreateEmployeeInput!) {
    createEmployee(input: $input) { id name version }
  }
`)

const PeoplePageUpdateEmployeeDocument = graphql(`
  mutation PeoplePageUpdateEmployee($input: UpdateEmployeeInput!) {
    updateEmployee(input: $input) { id name version }
  }
`)

const PeoplePageInviteDocument = graphql(`
  mutation PeoplePageInvite($proposalId: ID!) {
    inviteAffectedStaff(proposalId: $proposalId)
  }
`)

const PeoplePageCreateRingFenceDocument = graphql(`
  mutation PeoplePageCreateRingFence($input: CreateRingFenceInput!) {
    createRingFence(input: $input) { id name memberCount }
  }
`)

type Proposal = PeoplePageQuery['proposal']
type Employee = Proposal['employees']['nodes'][number]
type Post = Proposal['posts']['nodes'][number]

/** What each impact is, for HR: a short label and what it means. */
export const impactLabels: Record<Impact, { label: string; hint: string; colour: string }> = {
  NOT_AFFECTED: { label: 'Not affected', hint: 'The proposal does not change their job.', colour: 'grey' },
  AFFECTED: { label: 'Affected, keeps their post', hint: 'For example a new line manager or new colleagues.', colour: 'blue' },
  AT_RISK: { label: 'At risk of redundancy', hint: 'Their post is deleted or reduced.', colour: 'red' },
  DISMISS_AND_REENGAGE: {
    label: 'Dismissal and re-engagement',
    hint: 'Dismissed and offered a new contract on new terms: counts as a proposed dismissal (s195).',
    colour: 'orange',
  },
  RING_FENCED: { label: 'In a ring-fenced pool', hint: 'Considered first for new posts, with the others in the pool.', colour: 'yellow' },
  SLOT_IN: { label: 'Slots in to a new post', hint: 'The new post’s duties match theirs closely, so they move into it.', colour: 'turquoise' },
  SELECTED: { label: 'Selected for a post', hint: 'After selection.', colour: 'green' },
  NOT_SELECTED: { label: 'Not selected', hint: 'After selection; not dismissed.', colour: 'pink' },
  REDEPLOYMENT_POOL: { label: 'In the redeployment pool', hint: 'Not placed: priority for other suitable vacancies.', colour: 'purple' },
  REDUNDANT: { label: 'Made redundant', hint: 'Only after the decision.', colour: 'red' },
}

const impactOrder: Impact[] = ['NOT_AFFECTED', 'AFFECTED', 'AT_RISK', 'DISMISS_AND_REENGAGE', 'RING_FENCED', 'SLOT_IN', 'SELECTED', 'NOT_SELECTED', 'REDEPLOYMENT_POOL', 'REDUNDANT']

/** Every employee: the first page from the page's query, the rest fetched after it. */
function useAllEmployees(proposal: Proposal | undefined): { employees: Employee[]; complete: boolean } {
  const [rest, setRest] = useState<{ key: unknown; nodes: Employee[]; complete: boolean } | null>(null)
  const first = proposal?.employees
  useEffect(() => {
    if (!proposal || !first?.pageInfo.hasNextPage) return
    let live = true
    ;(async () => {
      const nodes: Employee[] = []
      let after = first.pageInfo.endCursor ?? null
      for (;;) {
        const page = (await request(PeoplePageMoreEmployeesDocument, { id: proposal.id, after })).proposal.employees
        nodes.push(...page.nodes)
        if (!page.pageInfo.hasNextPage) break
        after = page.pageInfo.endCursor ?? null
      }
      if (live) setRest({ key: first, nodes, complete: true })
    })().catch(() => live && setRest({ key: first, nodes: [], complete: false }))
    return () => {
      live = false
    }
  }, [first])
  if (!first) return { employees: [], complete: false }
  if (!first.pageInfo.hasNextPage) return { employees: first.nodes, complete: true }
  const extra = rest && rest.key === first ? rest : null
  return { employees: [...first.nodes, ...(extra?.nodes ?? [])], complete: extra?.complete ?? false }
}

export function PeoplePage({ params }: { params: Record<string, string> }) {
  const me = useMe()
  const location = useLocation()
  const query = useQuery(PeoplePageDocument, { id: params.id })
  const [notice, setNotice] = useState<Notice | null>(null)
  const { employees, complete } = useAllEmployees(query.data?.proposal)
  if (me.role !== 'HR_ADMIN') {
    return <ProblemPage error={new ApiError('Only HR can see and change who is affected by a proposal.', 'FORBIDDEN')} />
  }
  if (query.error) return <ProblemPage error={pageProblem(query.error)} />
  if (!query.data) return <Loading />
  const proposal = query.data.proposal
  const path = `/proposals/${proposal.id}/people`
  const shown = notice && notice.at === location.href ? notice : null
  const banner = shown && (
    <FocusBanner success={shown.success} heading={shown.heading} focusKey={shown}>
      {shown.body && <p class="govuk-body">{shown.body}</p>}
      {shown.lost && <LostChanges rows={shown.lost} />}
    </FocusBanner>
  )
  const done = (next: Omit<Notice, 'at'>, to = path) => {
    setNotice({ ...next, at: to })
    if (location.href !== to) navigate(to)
    query.reload()
  }
  const frozen = isFrozen(proposal.status)
  const employeeParam = location.query.get('employee')
  const importParam = location.query.get('import')
  let body: ComponentChildren
  if (employeeParam && !frozen) {
    const employee = employeeParam === 'new' ? null : employees.find((e) => e.id === employeeParam)
    body =
      employee === undefined ? (
        complete ? (
          <ProblemPage error={new ApiError('There is no such employee in this proposal.', 'NOT_FOUND')} />
        ) : (
          <Loading />
        )
      ) : (
        <EmployeeForm
          key={employee ? `${employee.id}-${employee.version}` : 'new'}
          proposal={proposal}
          employee={employee}
          path={path}
          banner={banner}
          onDone={done}
          onConflict={(next) => done(next, location.href)}
        />
      )
  } else if (location.query.get('pool') === 'new' && !frozen) {
    body = <RingFenceForm proposal={proposal} employees={employees} path={path} onDone={done} />
  } else if (importParam && !frozen) {
    body = (
      <ImportPage
        proposal={proposal}
        initialKind={importParam === 'EMPLOYEES' ? 'EMPLOYEES' : 'POSTS'}
        path={path}
        onImported={() => query.reload()}
      />
    )
  } else {
    body = <Overview proposal={proposal} employees={employees} complete={complete} path={path} banner={banner} frozen={frozen} onDone={done} />
  }
  return (
    <WorkspaceFrame proposalId={proposal.id} current="people">
      {body}
    </WorkspaceFrame>
  )
}

function holdingsText(employee: Employee): ComponentChildren {
  const holdings = employee.holdings.filter((h) => h.post)
  if (holdings.length === 0) return 'None'
  return (
    <ul class="govuk-list govuk-!-margin-bottom-0">
      {holdings.map((holding) => (
        <li key={holding.post!.id} class="govuk-!-margin-bottom-1">
          {holding.post!.title} ({fteText(holding.fte)} FTE)
        </li>
      ))}
    </ul>
  )
}

function Overview({ proposal, employees, complete, path, banner, frozen, onDone }: {
  proposal: Proposal
  employees: Employee[]
  complete: boolean
  path: string
  banner: ComponentChildren
  frozen: boolean
  onDone: (notice: Omit<Notice, 'at'>) => void
}) {
  const [filter, setFilter] = useState('')
  const c = proposal.counts
  const present = impactOrder.filter((impact) => employees.some((e) => e.impact === impact))
  const shown = filter ? employees.filter((e) => e.impact === filter) : employees
  return (
    <>
      {banner}
      <PageHeading title={`People and impacts: ${proposal.title}`} caption={proposal.title}>People and impacts</PageHeading>
      {proposal.affectedWithoutAccountCount > 0 && <WithoutAccounts proposal={proposal} onDone={onDone} />}
      {frozen && <WarningText>This proposal is decided: its employee records can no longer change.</WarningText>}
      <SummaryList
        rows={[
          { key: 'Directly affected', value: <span class="app-count">{plural(c.directlyAffected, 'person', 'people')}</span> },
          { key: 'Must be placed again', value: <span class="app-count">{plural(c.potentiallyDisplaced, 'person', 'people')}</span> },
          { key: 'New posts created', value: <span class="app-count">{c.newPostsCreated}</span> },
          { key: 'Could be dismissed if not placed', value: <span class="app-count">{plural(c.proposedDismissals, 'person', 'people')}</span> },
        ]}
      />
      <p class="govuk-body-s">Staff, managers and unions see these counts; only HR and each employee see the names below.</p>

      <h2 class="govuk-heading-l" id="employees">Employees ({proposal.employees.totalCount})</h2>
      {!frozen && (
        <div class="govuk-button-group">
          <Link href={`${path}?employee=new`} class="govuk-button" draggable={false}>Add an employee</Link>
          <Link href={`${path}?import=EMPLOYEES`}>Import employees from a spreadsheet</Link>
        </div>
      )}
      {!complete && <p class="govuk-body" role="status">Loading the rest of the employees…</p>}
      {employees.length > 0 && !frozen && <p class="govuk-body">Choose a name to change their record.</p>}
      {employees.length === 0 ? (
        <p class="govuk-body">No employees are named yet. Add the people who hold the current posts, with what the proposal means for each.</p>
      ) : (
        <>
          {present.length > 1 && (
            <Select
              id="employee-filter"
              label="Show"
              value={filter}
              options={[
                { value: '', label: `Everyone (${employees.length})` },
                ...present.map((impact) => ({
                  value: impact,
                  label: `${impactLabels[impact].label} (${employees.filter((e) => e.impact === impact).length})`,
                })),
              ]}
              onChange={setFilter}
            />
          )}
          <div class="app-table-scroll" role="region" aria-label="Employees (scrolls sideways)" tabIndex={0}>
            <table class="govuk-table app-people-table">
              <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">
                {filter ? `${impactLabels[filter as Impact].label}: ` : ''}
                {plural(shown.length, 'employee')}, the posts they hold and what the proposal means for them
              </caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">Name</th>
                  <th scope="col" class="govuk-table__header">Number</th>
                  <th scope="col" class="govuk-table__header">Posts held</th>
                  <th scope="col" class="govuk-table__header">Impact</th>
                  <th scope="col" class="govuk-table__header">Slot-in post</th>
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric">Match</th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {shown.map((employee) => (
                  <tr class="govuk-table__row" key={employee.id}>
                    <th scope="row" class="govuk-table__header">
                      {frozen ? (
                        employee.name
                      ) : (
                        <Link href={`${path}?employee=${employee.id}`}>
                          <span class="govuk-visually-hidden">Change </span>
                          {employee.name}
                        </Link>
                      )}
                    </th>
                    <td class="govuk-table__cell">{employee.employeeNumber}</td>
                    <td class="govuk-table__cell">{holdingsText(employee)}</td>
                    <td class="govuk-table__cell">
                      <Tag colour={impactLabels[employee.impact].colour}>{impactLabels[employee.impact].label}</Tag>
                      {employee.volunteer && (
                        <>
                          {' '}
                          <Tag colour="grey">Volunteer</Tag>
                        </>
                      )}
                    </td>
                    <td class="govuk-table__cell">{employee.slotInPost?.title ?? ''}</td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">
                      {employee.slotInMatchPercent != null ? `${employee.slotInMatchPercent}%` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <h2 class="govuk-heading-l" id="ring-fences">Ring-fence pools</h2>
      <p class="govuk-body">Which post holders are considered first for which new posts, and the rule that put them in the pool.</p>
      {proposal.ringFences.length > 0 && (
        <p class="govuk-body">
          <Link href={`/proposals/${proposal.id}/ring-fences`}>Change, add members to or remove a pool</Link>
        </p>
      )}
      {proposal.ringFences.length === 0 ? (
        <p class="govuk-body">There are no ring-fence pools.</p>
      ) : (
        proposal.ringFences.map((pool) => {
          const places = pool.toPosts.reduce((sum, post) => sum + (post.proposed?.headcount ?? 0), 0)
          return (
            <div class="govuk-summary-card" key={pool.id}>
              <div class="govuk-summary-card__title-wrapper">
                <h3 class="govuk-summary-card__title">{pool.name}</h3>
              </div>
              <div class="govuk-summary-card__content">
                <SummaryList
                  rows={[
                    { key: 'Rule', value: <span class="app-pre-wrap">{pool.rule}</span> },
                    { key: 'Holders of', value: pool.fromPosts.map((p) => p.title).join(', ') || 'None' },
                    {
                      key: 'May fill',
                      value: pool.toPosts.map((p) => `${p.title}${p.proposed ? ` (${plural(p.proposed.headcount, 'post')})` : ''}`).join(', ') || 'None',
                    },
                    {
                      key: `Members (${pool.memberCount})`,
                      value: (
                        <>
                          {pool.members.map((m) => m.name).join(', ') || 'None'}
                          <span class="govuk-!-display-block govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                            {plural(pool.memberCount, 'person', 'people')} for {plural(places, 'post')}
                            {pool.memberCount > places ? ': there will be a selection' : ''}
                          </span>
                        </>
                      ),
                    },
                  ]}
                />
              </div>
            </div>
          )
        })
      )}
      {!frozen && (
        <p class="govuk-body">
          <Link href={`${path}?pool=new`} class="govuk-button govuk-button--secondary" draggable={false}>Create a ring-fence pool</Link>
        </p>
      )}

      <h2 class="govuk-heading-l" id="subject-access">Subject access requests</h2>
      <p class="govuk-body">
        When someone asks for a copy of the personal data Consult holds about them, download it for them as a file.
      </p>
      <p class="govuk-body">
        <Link href={`/proposals/${proposal.id}/subject-access`}>Respond to a subject access request</Link>
      </p>

      {!frozen && (
        <>
          <h2 class="govuk-heading-l" id="import">Import from a spreadsheet</h2>
          <p class="govuk-body">Add many posts or employees at once from a spreadsheet file: you see every row checked before anything is imported.</p>
          <ul class="govuk-list">
            <li><Link href={`${path}?import=POSTS`}>Import posts from a spreadsheet</Link></li>
            <li><Link href={`${path}?import=EMPLOYEES`}>Import employees from a spreadsheet</Link></li>
          </ul>
        </>
      )}
    </>
  )
}

/**
 * Affected employees with no account hear nothing from Consult (no email, no proposal to
 * read) until they are invited: said loudly, with who they are and one button to invite them.
 */
function WithoutAccounts({ proposal, onDone }: { proposal: Proposal; onDone: (notice: Omit<Notice, 'at'>) => void }) {
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const count = proposal.affectedWithoutAccountCount
  const listed = proposal.affectedWithoutAccount.nodes
  const invite = async () => {
    setProblem(null)
    setBusy(true)
    try {
      const invited = (await request(PeoplePageInviteDocument, { proposalId: proposal.id })).inviteAffectedStaff
      onDone({
        success: true,
        heading: `Invited ${plural(invited, 'person', 'people')}`,
        body: invited > 0 ? 'Each has been sent an email with a link to sign in and read what the proposal means for them.' : 'Everyone affected already had an account.',
      })
    } catch (caught) {
      setProblem(asApiError(caught))
    } finally {
      setBusy(false)
      setAttempt((n) => n + 1)
    }
  }
  return (
    <>
      {problem && <RefusalSummary title="The invitations were not sent" error={problem} proposalId={proposal.id} />}
      <NotificationBanner title="Important" titleId="without-accounts-title">
        <p class="govuk-notification-banner__heading">
          {count === 1 ? '1 affected employee has' : `${count} affected employees have`} no account: they hear nothing from Consult until they
          are invited.
        </p>
        <ul class="govuk-list govuk-list--bullet">
          {listed.map((employee) => (
            <li key={employee.id}>
              {employee.name}, {employee.workEmail}
            </li>
          ))}
        </ul>
        {count > listed.length && <p class="govuk-body">And {plural(count - listed.length, 'other')}.</p>}
        <p class="govuk-body">Inviting them creates a staff account for each, linked by their work email, and emails them a link to sign in.</p>
        <Button key={attempt} type="button" disabled={busy} onClick={invite}>Invite them all</Button>
      </NotificationBanner>
    </>
  )
}

// ---------------------------------------------------------------- adding or changing an employee

interface HoldingRow {
  key: number
  postId: string
  fte: string
}

interface EmployeeFormState {
  name: string
  employeeNumber: string
  workEmail: string
  weeklyPay: string
  holdings: HoldingRow[]
  impact: Impact | ''
  impactNote: string
  slotInPostId: string
  slotInMatchPercent: string
  volunteer: boolean
}

let nextKey = 1

function employeeForm(employee: Employee | null): EmployeeFormState {
  const holdings = employee?.holdings.filter((h) => h.post) ?? []
  return {
    name: employee?.name ?? '',
    employeeNumber: employee?.employeeNumber ?? '',
    workEmail: employee?.workEmail ?? '',
    weeklyPay: employee?.weeklyPay != null ? String(Number(employee.weeklyPay)) : '',
    holdings: (holdings.length ? holdings : [null]).map((h) => ({ key: nextKey++, postId: h?.post?.id ?? '', fte: h ? fteText(h.fte) : '1' })),
    impact: employee?.impact ?? '',
    impactNote: employee?.impactNote ?? '',
    slotInPostId: employee?.slotInPost?.id ?? '',
    slotInMatchPercent: employee?.slotInMatchPercent != null ? String(employee.slotInMatchPercent) : '',
    volunteer: employee?.volunteer ?? false,
  }
}

/** Slot-in fields show for the impacts that place someone in a post (or once they are set). */
const placing: Impact[] = ['SLOT_IN', 'SELECTED']

function employeeFieldId(field: string | undefined, rows: number[]): string {
  const holding = field?.match(/^input\.holdings\[(\d+)\]\.(postId|fte)$/)
  if (holding) return `employee-holding-${(rows[Number(holding[1])] ?? 0) + 1}-${holding[2] === 'fte' ? 'fte' : 'post'}`
  const ids: Record<string, string> = {
    'input.name': 'employee-name',
    'input.employeeNumber': 'employee-number',
    'input.workEmail': 'employee-email',
    'input.weeklyPay': 'employee-weekly-pay',
    'input.holdings': 'employee-holding-1-post',
    'input.impact': 'employee-impact',
    'input.impactNote': 'employee-impact-note',
    'input.slotInPostId': 'employee-slot-in-post',
    'input.slotInMatchPercent': 'employee-slot-in-match',
    'input.volunteer': 'employee-volunteer',
  }
  return (field && ids[field]) ?? 'employee-name'
}

function EmployeeForm({ proposal, employee, path, banner, onDone, onConflict }: {
  proposal: Proposal
  employee: Employee | null
  path: string
  banner: ComponentChildren
  onDone: (notice: Omit<Notice, 'at'>) => void
  onConflict: (notice: Omit<Notice, 'at'>) => void
}) {
  const [form, setForm] = useState<EmployeeFormState>(() => employeeForm(employee))
  const { errors, setErrors, busy, submit: send } = useForm()
  const setFocusId = useFocusRequest()
  const [announcement, setAnnouncement] = useState('')
  const sending = useRef(false)

  const currentPosts = proposal.posts.nodes.filter((p) => p.current)
  const proposedPosts = proposal.posts.nodes.filter((p) => p.proposed)
  const postOptions: SelectOption[] = [
    { value: '', label: 'Choose a post' },
    ...currentPosts.map((p) => ({
      value: p.id,
      label: `${p.title} (${p.current!.grade}${p.vacantFte > 0 ? `, ${fteText(p.vacantFte)} FTE vacant` : ''})`,
    })),
  ]
  const slotOptions: SelectOption[] = [{ value: '', label: 'None' }, ...proposedPosts.map((p) => ({ value: p.id, label: `${p.title} (${p.proposed!.grade})` }))]
  const showSlotIn = (form.impact !== '' && placing.includes(form.impact)) || form.slotInPostId !== ''

  const setHolding = (index: number, change: Partial<HoldingRow>) =>
    setForm((f) => ({ ...f, holdings: f.holdings.map((h, i) => (i === index ? { ...h, ...change } : h)) }))
  const addHolding = () => {
    const n = form.holdings.length + 1
    setForm((f) => ({ ...f, holdings: [...f.holdings, { key: nextKey++, postId: '', fte: '' }] }))
    setAnnouncement(`Post ${n} added.`)
    setFocusId(`employee-holding-${n}-post`)
  }
  const removeHolding = (index: number) => {
    const remaining = form.holdings.length - 1
    setForm((f) => ({ ...f, holdings: f.holdings.filter((_, i) => i !== index) }))
    setErrors([])
    setAnnouncement(`Post ${index + 1} removed.`)
    setFocusId(`employee-holding-${Math.min(index, remaining - 1) + 1}-post`)
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    if (sending.current) return
    const found: FieldError[] = []
    if (!form.name.trim()) found.push({ field: 'employee-name', message: 'Enter the employee’s name' })
    if (!form.employeeNumber.trim()) found.push({ field: 'employee-number', message: 'Enter the employee number' })
    if (!form.workEmail.trim()) found.push({ field: 'employee-email', message: 'Enter their work email address' })
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.workEmail.trim())) {
      found.push({ field: 'employee-email', message: 'Enter an email address in the correct format, like name@council.gov.uk' })
    }
    // Rows with no post chosen and no FTE typed are ignored.
    const rows = form.holdings.flatMap((h, i) => (h.postId || (h.fte.trim() && h.fte.trim() !== '1') ? [i] : []))
    if (rows.length === 0) found.push({ field: 'employee-holding-1-post', message: 'Choose the post they hold' })
    let total = 0
    for (const i of rows) {
      const h = form.holdings[i]
      const fte = parseFte(h.fte)
      if (!h.postId) found.push({ field: `employee-holding-${i + 1}-post`, message: `Choose post ${i + 1}` })
      else if (form.holdings.findIndex((other) => other.postId === h.postId) !== i) {
        found.push({ field: `employee-holding-${i + 1}-post`, message: `Post ${i + 1} is already listed above` })
      }
      if (fte == null || fte > 1) found.push({ field: `employee-holding-${i + 1}-fte`, message: `The FTE of post ${i + 1} must be a number more than 0 and at most 1, like 1 or 0.6` })
      else total += fte
    }
    if (total > 1.0001) found.push({ field: `employee-holding-${(rows[0] ?? 0) + 1}-fte`, message: `One person can hold at most 1 FTE in all; these posts add up to ${fteText(total)}` })
    const pay = form.weeklyPay.trim().replace(/^£/, '').replace(/,/g, '')
    if (pay && !/^\d+(\.\d{1,2})?$/.test(pay)) {
      found.push({ field: 'employee-weekly-pay', message: 'Enter the gross weekly pay in pounds, like 550 or 550.25, or leave it empty' })
    }
    if (!form.impact) found.push({ field: 'employee-impact', message: 'Choose what the proposal means for them' })
    const match = form.slotInMatchPercent.trim()
    const matchValue = parseWhole(match)
    if (showSlotIn && match && (matchValue == null || matchValue > 100)) {
      found.push({ field: 'employee-slot-in-match', message: 'The match must be a whole number from 0 to 100' })
    }
    const holdings = rows.map((i) => ({ postId: form.holdings[i].postId, fte: parseFte(form.holdings[i].fte)! }))
    const slotInPostId = showSlotIn && form.slotInPostId ? form.slotInPostId : null
    const slotInMatchPercent = showSlotIn && match ? matchValue : null
    const name = form.name.trim()
    sending.current = true
    await send(
      found,
      async () => {
        if (employee) {
          await request(PeoplePageUpdateEmployeeDocument, {
            input: {
              id: employee.id,
              expectedVersion: employee.version,
              name,
              employeeNumber: form.employeeNumber.trim(),
              workEmail: form.workEmail.trim(),
              weeklyPay: pay ? Number(pay).toFixed(2) : null,
              holdings,
              impact: form.impact as Impact,
              impactNote: form.impactNote.trim() || null,
              slotInPostId,
              slotInMatchPercent,
              volunteer: form.volunteer,
            },
          })
        } else {
          await request(PeoplePageCreateEmployeeDocument, {
            input: {
              proposalId: proposal.id,
              name,
              employeeNumber: form.employeeNumber.trim(),
              workEmail: form.workEmail.trim(),
              weeklyPay: pay ? Number(pay).toFixed(2) : undefined,
              holdings,
              impact: form.impact as Impact,
              impactNote: form.impactNote.trim() || undefined,
              slotInPostId: slotInPostId ?? undefined,
              slotInMatchPercent: slotInMatchPercent ?? undefined,
              volunteer: form.volunteer,
            },
          })
        }
        onDone({ success: true, heading: employee ? `${name}’s record saved` : `${name} added` })
      },
      // Every refusal is placed here: a stale version is told above the form, and any other
      // refusal is put on the field it names (with the holding rows as the page numbers them).
      (error) => {
      if (isStaleVersion(error)) {
          onConflict({
            heading: 'Someone else changed this employee’s record since you opened it',
            body: 'Your changes were not saved. The record as it is now is shown below: make your changes to it again, then save.',
            lost: [
              ['Name', form.name],
              ['Employee number', form.employeeNumber],
              ['Work email address', form.workEmail],
              ['Gross weekly pay', form.weeklyPay ? `£${form.weeklyPay.replace(/^£/, '')}` : ''],
              [
                'Posts held',
                rows.map((i) => `${currentPosts.find((p) => p.id === form.holdings[i].postId)?.title ?? ''} (${form.holdings[i].fte} FTE)`).join(', '),
              ],
              ['Impact', form.impact ? impactLabels[form.impact].label : ''],
              ['Slot-in post', slotInPostId ? (proposedPosts.find((p) => p.id === slotInPostId)?.title ?? '') : ''],
              ['Match', slotInMatchPercent != null ? `${slotInMatchPercent}%` : ''],
              ['Volunteered for redundancy', form.volunteer ? 'Yes' : 'No'],
              ['What it means for them', form.impactNote],
            ],
          })
        } else if (error.code === 'CONFLICT') {
          setErrors([{ field: /number/i.test(error.message) ? 'employee-number' : 'employee-name', message: error.message }])
        } else {
          setErrors([{ field: employeeFieldId(error.field, rows), message: error.message }])
        }
        return true
      },
    )
    sending.current = false
  }

  const title = employee ? `Change ${employee.name}’s record` : 'Add an employee'
  return (
    <>
      <FormPrelude back={path} banner={banner} errors={errors} title={`${title}: ${proposal.title}`} caption={`${proposal.title}: people`} heading={title} />
      <form noValidate onSubmit={submit}>
        <TextInput id="employee-name" label="Name" autocomplete="off" value={form.name} onInput={(name) => setForm((f) => ({ ...f, name }))} error={errorFor(errors, 'employee-name')} />
        <TextInput
          id="employee-number"
          label="Employee number"
          width="10"
          spellcheck={false}
          value={form.employeeNumber}
          onInput={(employeeNumber) => setForm((f) => ({ ...f, employeeNumber }))}
          error={errorFor(errors, 'employee-number')}
        />
        <TextInput
          id="employee-email"
          label="Work email address"
          hint="It links this record to their account, so they see what the proposal means for them."
          type="email"
          autocomplete="off"
          spellcheck={false}
          value={form.workEmail}
          onInput={(workEmail) => setForm((f) => ({ ...f, workEmail }))}
          error={errorFor(errors, 'employee-email')}
        />
        <NumberInput
          id="employee-weekly-pay"
          label="Gross weekly pay (£, optional)"
          hint="Without on-costs. Used for the protective award; if left empty it is estimated from the grade."
          decimal
          width="5"
          prefix="£"
          value={form.weeklyPay}
          onInput={(weeklyPay) => setForm((f) => ({ ...f, weeklyPay }))}
          error={errorFor(errors, 'employee-weekly-pay')}
        />
        <fieldset class="govuk-fieldset govuk-!-margin-bottom-6" aria-describedby="employee-holdings-hint">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
            <h2 class="govuk-fieldset__heading">Posts they hold now</h2>
          </legend>
          <div id="employee-holdings-hint" class="govuk-hint">Posts of the current structure, and how much of each: at most 1 FTE in all.</div>
          <ol class="govuk-list app-add-another">
            {form.holdings.map((holding, index) => (
              <li key={holding.key} class="app-add-another__item">
                <Select
                  id={`employee-holding-${index + 1}-post`}
                  label={`Post ${index + 1}`}
                  value={holding.postId}
                  options={postOptions}
                  onChange={(postId) => setHolding(index, { postId })}
                  error={errorFor(errors, `employee-holding-${index + 1}-post`)}
                />
                <NumberInput
                  id={`employee-holding-${index + 1}-fte`}
                  label={`FTE of post ${index + 1}`}
                  decimal
                  value={holding.fte}
                  onInput={(fte) => setHolding(index, { fte })}
                  error={errorFor(errors, `employee-holding-${index + 1}-fte`)}
                />
                {form.holdings.length > 1 && (
                  <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-4" onClick={() => removeHolding(index)}>
                    Remove post {index + 1}
                  </button>
                )}
              </li>
            ))}
          </ol>
          <button type="button" class="govuk-button govuk-button--secondary" onClick={addHolding}>Add another post</button>
          <p class="govuk-visually-hidden" role="status">{announcement}</p>
        </fieldset>
        <ChoiceField
          id="employee-impact"
          label={<span class="govuk-!-font-size-24">What the proposal means for them</span>}
          hint="They read this, explained in plain words, on the proposal."
          choices={impactOrder.map((impact): Choice => ({ value: impact, label: impactLabels[impact].label, hint: impactLabels[impact].hint }))}
          values={form.impact ? [form.impact] : []}
          onChange={(values) => setForm((f) => ({ ...f, impact: values[0] as Impact }))}
          error={errorFor(errors, 'employee-impact')}
        />
        {showSlotIn && (
          <div class="govuk-inset-text">
            <Select
              id="employee-slot-in-post"
              label="The new post they move into"
              value={form.slotInPostId}
              options={slotOptions}
              onChange={(slotInPostId) => setForm((f) => ({ ...f, slotInPostId }))}
              error={errorFor(errors, 'employee-slot-in-post')}
            />
            <NumberInput
              id="employee-slot-in-match"
              label="How closely their duties match it (optional)"
              width="3"
              suffix="%"
              value={form.slotInMatchPercent}
              onInput={(slotInMatchPercent) => setForm((f) => ({ ...f, slotInMatchPercent }))}
              error={errorFor(errors, 'employee-slot-in-match')}
            />
          </div>
        )}
        <ChoiceField
          id="employee-volunteer"
          label="Redundancy volunteer"
          multiple
          choices={[
            {
              value: 'yes',
              label: 'Volunteered for redundancy',
              hint: 'A volunteer is still dismissed by reason of redundancy and is counted once; a colleague who moves into their post is no longer counted.',
            },
          ]}
          values={form.volunteer ? ['yes'] : []}
          onChange={(values) => setForm((f) => ({ ...f, volunteer: values.includes('yes') }))}
          error={errorFor(errors, 'employee-volunteer')}
        />
        <Textarea
          id="employee-impact-note"
          label="What it means for them (optional)"
          hint="The employee reads this under “What HR says about your post”. Write it to them, plainly."
          rows={4}
          value={form.impactNote}
          onInput={(impactNote) => setForm((f) => ({ ...f, impactNote }))}
          error={errorFor(errors, 'employee-impact-note')}
        />
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" aria-disabled={busy ? 'true' : undefined}>
            {employee ? 'Save changes' : 'Add employee'}
          </button>
          <Link href={path}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

// ---------------------------------------------------------------- ring-fence pools

function RingFenceForm({ proposal, employees, path, onDone }: {
  proposal: Proposal
  employees: Employee[]
  path: string
  onDone: (notice: Omit<Notice, 'at'>) => void
}) {
  const [name, setName] = useState('')
  const [rule, setRule] = useState('')
  const [from, setFrom] = useState<string[]>([])
  const [to, setTo] = useState<string[]>([])
  const [members, setMembers] = useState<string[]>([])
  const { errors, setErrors, busy, submit: send } = useForm()
  const [status, setStatus] = useState('')
  const sending = useRef(false)
  const holdersOf = (post: Post) => employees.filter((e) => e.holdings.some((h) => h.post?.id === post.id))

  const addHolders = () => {
    const ids = employees.filter((e) => e.holdings.some((h) => h.post && from.includes(h.post.id))).map((e) => e.id)
    const added = ids.filter((id) => !members.includes(id))
    setMembers([...members, ...added])
    setStatus(added.length ? `${plural(added.length, 'holder')} added to the members.` : 'Their holders are already members.')
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    if (sending.current) return
    const found: FieldError[] = []
    if (!name.trim()) found.push({ field: 'pool-name', message: 'Enter a name for the pool' })
    if (!rule.trim()) found.push({ field: 'pool-rule', message: 'Enter the rule that made the pool' })
    if (from.length === 0) found.push({ field: 'pool-from', message: 'Choose the current posts whose holders are in the pool' })
    if (to.length === 0) found.push({ field: 'pool-to', message: 'Choose the proposed posts the pool may fill' })
    if (members.length === 0) found.push({ field: 'pool-members', message: 'Choose who is in the pool' })
    sending.current = true
    await send(
      found,
      async () => {
        const created = await request(PeoplePageCreateRingFenceDocument, {
          input: { proposalId: proposal.id, name: name.trim(), rule: rule.trim(), fromPostIds: from, toPostIds: to, memberIds: members },
        })
        onDone({ success: true, heading: `${created.createRingFence.name} created`, body: `${plural(created.createRingFence.memberCount, 'person', 'people')} in the pool.` })
      },
      // Every refusal is put on a field, the one it names or else the pool's name.
      (error) => {
        const field = error.field ?? ''
        const id = field.startsWith('input.fromPostIds')
          ? 'pool-from'
          : field.startsWith('input.toPostIds')
            ? 'pool-to'
            : field.startsWith('input.memberIds')
              ? 'pool-members'
              : field === 'input.rule'
                ? 'pool-rule'
                : 'pool-name'
        setErrors([{ field: id, message: error.message }])
        return true
      },
    )
    sending.current = false
  }

  return (
    <>
      <FormPrelude
        back={path}
        errors={errors}
        title={`Create a ring-fence pool: ${proposal.title}`}
        caption={`${proposal.title}: people`}
        heading="Create a ring-fence pool"
      />
      <InsetText>Each member holds one of the pool’s current posts, or you give the reason they are in it. You can change or remove the pool until the decision.</InsetText>
      <form noValidate onSubmit={submit}>
        <TextInput id="pool-name" label="Name" hint="For example “SEN Caseworker pool”." value={name} onInput={setName} error={errorFor(errors, 'pool-name')} />
        <Textarea
          id="pool-rule"
          label="The rule that made the pool"
          hint="For example: “60% rule: current caseworkers whose job matches at least 60% of the new job description”."
          rows={3}
          value={rule}
          onInput={setRule}
          error={errorFor(errors, 'pool-rule')}
        />
        <ChoiceField
          id="pool-from"
          label={<span class="govuk-!-font-size-24">Holders of which current posts</span>}
          multiple
          choices={proposal.posts.nodes
            .filter((p) => p.current)
            .map((p) => {
              const holders = holdersOf(p)
              return { value: p.id, label: p.title, hint: holders.length ? holders.map((e) => e.name).join(', ') : 'Nobody holds it' }
            })}
          values={from}
          onChange={setFrom}
          error={errorFor(errors, 'pool-from')}
        />
        <ChoiceField
          id="pool-to"
          label={<span class="govuk-!-font-size-24">May fill which proposed posts</span>}
          multiple
          choices={proposal.posts.nodes
            .filter((p) => p.proposed)
            .map((p) => ({ value: p.id, label: p.title, hint: `${plural(p.proposed!.headcount, 'post')}, ${p.proposed!.grade}` }))}
          values={to}
          onChange={setTo}
          error={errorFor(errors, 'pool-to')}
        />
        <div class="govuk-!-margin-bottom-4">
          <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" onClick={addHolders} disabled={from.length === 0}>
            Add the holders of the chosen current posts
          </button>
          <p class="govuk-visually-hidden" role="status">{status}</p>
        </div>
        {employees.length === 0 ? (
          <p class="govuk-body">There are no employees in this proposal yet: add them first.</p>
        ) : (
          <ChoiceField
            id="pool-members"
            label={<span class="govuk-!-font-size-24">Who is in the pool</span>}
            multiple
            choices={employees.map((e) => ({
              value: e.id,
              label: e.name,
              hint: e.holdings.filter((h) => h.post).map((h) => h.post!.title).join(', ') || 'Holds no post',
            }))}
            values={members}
            onChange={setMembers}
            error={errorFor(errors, 'pool-members')}
          />
        )}
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" aria-disabled={busy ? 'true' : undefined}>Create pool</button>
          <Link href={path}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

