// HR's start page: what needs attention next across every proposal (consultations closing,
// HR1 notices due, questions overdue, sign-off steps due), and the proposals by status.
// One query for the page.
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { ProposalStatus } from '../../gql/graphql'
import { Loading, PageHeading, ProblemPage, Tag } from '../../components/govuk'
import { daysUntil, formatDate, formatDateTime, plural } from '../../format'
import { Link, useLocation } from '../../router'
import { statusLabel } from '../../labels'

// Fields are written out per status (fragments would do, but each graphql() call holds one
// definition): drafts need no deadlines, and only the statuses where an HR1 or a question
// can fall due ask for the s188 assessment and the question log.
const HrDashboardDocument = graphql(`
  query HrDashboard {
    draft: proposals(status: DRAFT, first: 30) { totalCount nodes { id title service status updatedAt timetable { consultationStart consultationEnd } } }
    inApproval: proposals(status: IN_APPROVAL, first: 30) { totalCount nodes { id title service status updatedAt timetable { consultationStart consultationEnd } checklist { id title plannedDate completedAt overdue } } }
    approved: proposals(status: APPROVED, first: 30) { totalCount nodes { id title service status updatedAt timetable { consultationStart consultationEnd } checklist { id title plannedDate completedAt overdue } overdueQuestions: questions(status: OVERDUE) { id dueOn } s188 { applies hr1DueDate hr1MadeOn } } }
    consulting: proposals(status: CONSULTING, first: 30) { totalCount nodes { id title service status updatedAt timetable { consultationStart consultationEnd } checklist { id title plannedDate completedAt overdue } overdueQuestions: questions(status: OVERDUE) { id dueOn } s188 { applies hr1DueDate hr1MadeOn } } }
    consultationClosed: proposals(status: CONSULTATION_CLOSED, first: 30) { totalCount nodes { id title service status updatedAt timetable { consultationStart consultationEnd } checklist { id title plannedDate completedAt overdue } overdueQuestions: questions(status: OVERDUE) { id dueOn } s188 { applies hr1DueDate hr1MadeOn } } }
    decided: proposals(status: DECIDED, first: 30) { totalCount nodes { id title service status updatedAt timetable { consultationStart consultationEnd } checklist { id title plannedDate completedAt overdue } overdueQuestions: questions(status: OVERDUE) { id dueOn } s188 { applies hr1DueDate hr1MadeOn } } }
    implementing: proposals(status: IMPLEMENTING, first: 30) { totalCount nodes { id title service status updatedAt timetable { consultationStart consultationEnd } checklist { id title plannedDate completedAt overdue } } }
    completed: proposals(status: COMPLETED, first: 1) { totalCount }
    withdrawn: proposals(status: WITHDRAWN, first: 1) { totalCount }
  }
`)

const HrDashboardListDocument = graphql(`
  query HrDashboardList($status: ProposalStatus!, $after: String) {
    proposals(status: $status, first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id title service updatedAt withdrawnReason
        sponsor { id name }
        timetable { consultationStart consultationEnd }
      }
    }
  }
`)

/** The statuses in lifecycle order, with the query alias that holds each. */
const statuses: [ProposalStatus, string][] = [
  ['DRAFT', 'draft'],
  ['IN_APPROVAL', 'inApproval'],
  ['APPROVED', 'approved'],
  ['CONSULTING', 'consulting'],
  ['CONSULTATION_CLOSED', 'consultationClosed'],
  ['DECIDED', 'decided'],
  ['IMPLEMENTING', 'implementing'],
  ['COMPLETED', 'completed'],
  ['WITHDRAWN', 'withdrawn'],
]

/** Sign-off steps planned this many days ahead count as due soon. */
const STEP_HORIZON_DAYS = 14

/** One proposal as the dashboard reads it, whichever status list it came from. */
interface Summary {
  id: string
  title: string
  service: string
  status: ProposalStatus
  updatedAt: string
  timetable: { consultationStart?: string | null; consultationEnd?: string | null }
  checklist?: { id: string; title: string; plannedDate?: string | null; completedAt?: string | null; overdue: boolean }[]
  overdueQuestions?: { id: string; dueOn: string }[]
  s188?: { applies: boolean; hr1DueDate?: string | null; hr1MadeOn?: string | null }
}

interface Deadline {
  key: string
  date: string
  title: string
  href: string
  proposal: Summary
}

function when(date: string): string {
  const days = daysUntil(date)
  if (days < 0) return `${plural(-days, 'day')} overdue`
  if (days === 0) return 'today'
  return `in ${plural(days, 'day')}`
}

export function HrDashboardPage(_: { params: Record<string, string> }) {
  const location = useLocation()
  const status = location.query.get('status') as ProposalStatus | null
  if (status && statusLabel[status]) {
    return <StatusList status={status} after={location.query.get('after')} />
  }
  return <Overview />
}

function Overview() {
  const { data, error } = useQuery(HrDashboardDocument, {})
  if (error) return <ProblemPage error={error} />
  const title = 'Dashboard'
  if (!data) {
    return (
      <>
        <PageHeading title={title}>{title}</PageHeading>
        <Loading />
      </>
    )
  }
  const lists = data as unknown as Record<string, { totalCount: number; nodes?: Summary[] }>
  const active: Summary[] = statuses.flatMap(([, alias]) => lists[alias].nodes ?? [])

  const closing: Deadline[] = []
  const hr1: Deadline[] = []
  const questions: Deadline[] = []
  const steps: Deadline[] = []
  for (const p of active) {
    const base = `/proposals/${p.id}`
    if (p.status === 'CONSULTING' && p.timetable.consultationEnd) {
      closing.push({ key: `${p.id}-end`, date: p.timetable.consultationEnd, title: 'Consultation closes', href: `${base}/manage`, proposal: p })
    }
    if (p.s188?.applies && p.s188.hr1DueDate && !p.s188.hr1MadeOn) {
      hr1.push({ key: `${p.id}-hr1`, date: p.s188.hr1DueDate, title: 'HR1 due to the Secretary of State', href: `${base}/timetable`, proposal: p })
    }
    const overdue = p.overdueQuestions ?? []
    if (overdue.length > 0) {
      const earliest = overdue.map((q) => q.dueOn).sort()[0]
      questions.push({ key: `${p.id}-questions`, date: earliest, title: `${plural(overdue.length, 'question')} not answered in time`, href: `${base}/question-log`, proposal: p })
    }
    for (const step of p.checklist ?? []) {
      if (step.completedAt || !step.plannedDate) continue
      if (step.overdue || daysUntil(step.plannedDate) <= STEP_HORIZON_DAYS) {
        steps.push({ key: step.id, date: step.plannedDate, title: step.title, href: `${base}/checklist`, proposal: p })
      }
    }
  }
  const byDate = (a: Deadline, b: Deadline) => a.date.localeCompare(b.date)
  const groups = [
    { id: 'closing', heading: 'Consultations closing', due: 'Closes', none: 'No consultation is open.', items: closing.sort(byDate) },
    { id: 'hr1', heading: 'HR1 notifications due', due: 'Due by', none: 'No HR1 notification is waiting to be made.', items: hr1.sort(byDate) },
    { id: 'questions', heading: 'Questions past their due date', due: 'The earliest was due', none: 'No open question is past its due date.', items: questions.sort(byDate) },
    {
      id: 'steps',
      heading: 'Sign-off steps due',
      due: 'Planned for',
      none: `No sign-off step is overdue or due in the next ${STEP_HORIZON_DAYS} days.`,
      items: steps.sort(byDate),
    },
  ]
  const counts: Record<string, number> = { questions: questions.reduce((n, d) => n + (d.proposal.overdueQuestions?.length ?? 0), 0) }

  return (
    <>
      <PageHeading title={title} caption="HR workspace">{title}</PageHeading>
      {/* A link: it goes to a page (govuk-button styles it as the page's main call to action). */}
      <Link href="/proposals/new" class="govuk-button" draggable={false}>
        Create a proposal
      </Link>
      <p class="govuk-body">
        <Link href="/letter-templates">Letter templates</Link> for the individual stage.
      </p>
      <p class="govuk-body">
        <Link href="/employer-policy/retention">How long personal data is kept</Link> after a decision.
      </p>

      <h2 class="govuk-heading-l">Next deadlines</h2>
      <dl class="govuk-summary-list">
        {groups.map((group) => {
          const count = counts[group.id] ?? group.items.length
          return (
            <div class="govuk-summary-list__row" key={group.id}>
              <dt class="govuk-summary-list__key">{group.heading}</dt>
              <dd class="govuk-summary-list__value">
                {count === 0 ? (
                  'None'
                ) : (
                  <a class="govuk-link" href={`#${group.id}`}>
                    {count}
                    <span class="govuk-visually-hidden"> {group.heading.toLowerCase()}</span>
                  </a>
                )}
              </dd>
            </div>
          )
        })}
      </dl>
      {groups.map((group) => (
        <section key={group.id} aria-labelledby={group.id}>
          <h3 class="govuk-heading-m" id={group.id} tabIndex={-1}>{group.heading}</h3>
          {group.items.length === 0 ? (
            <p class="govuk-body">{group.none}</p>
          ) : (
            <ul class="govuk-list govuk-list--spaced">
              {group.items.map((item) => {
                const overdue = daysUntil(item.date) < 0
                return (
                  <li key={item.key}>
                    <Link href={item.href}>{item.title}</Link>
                    <span class="govuk-!-display-block">
                      {item.proposal.title}
                    </span>
                    <span class="govuk-!-display-block">
                      {group.due} {formatDate(item.date)}{' '}
                      {overdue ? <Tag colour="red">{when(item.date)}</Tag> : <span class="govuk-hint govuk-!-display-inline">({when(item.date)})</span>}
                    </span>
                  </li>
                )
              })}
            </ul>
          )}
        </section>
      ))}

      <h2 class="govuk-heading-l">Proposals by status</h2>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Number of proposals in each status</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Status</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Proposals</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {statuses.map(([status, alias]) => {
            const count = lists[alias].totalCount
            return (
              <tr class="govuk-table__row" key={status}>
                <th scope="row" class="govuk-table__header">{statusLabel[status][0]}</th>
                <td class="govuk-table__cell govuk-table__cell--numeric">
                  {count === 0 ? (
                    0
                  ) : (
                    <Link href={`/?status=${status}`}>
                      {count}
                      <span class="govuk-visually-hidden"> {statusLabel[status][0].toLowerCase()}</span>
                    </Link>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>

      <h2 class="govuk-heading-l">Proposals in progress</h2>
      {active.length === 0 ? (
        <p class="govuk-body">There are no proposals in progress. Create one to start.</p>
      ) : (
        <ul class="govuk-list app-proposal-list">
          {active.map((p) => {
            const [label, colour] = statusLabel[p.status]
            return (
              <li key={p.id} class="app-proposal-list__item">
                <h3 class="govuk-heading-m govuk-!-margin-bottom-2">
                  <Link href={`/proposals/${p.id}/manage`}>{p.title}</Link>
                </h3>
                <p class="govuk-body govuk-!-margin-bottom-2">
                  {p.service} <Tag colour={colour}>{label}</Tag>
                </p>
                <p class="govuk-body-s govuk-!-margin-bottom-0">Last changed {formatDateTime(p.updatedAt)}</p>
              </li>
            )
          })}
        </ul>
      )}
    </>
  )
}

/** The proposals in one status, behind a count of the dashboard. */
function StatusList({ status, after }: { status: ProposalStatus; after: string | null }) {
  const { data, error } = useQuery(HrDashboardListDocument, { status, after })
  const [label] = statusLabel[status]
  const title = `Proposals: ${label.toLowerCase()}`
  if (error) return <ProblemPage error={error} />
  const list = data?.proposals
  return (
    <>
      <Link href="/" class="govuk-back-link">Back to the dashboard</Link>
      <PageHeading title={title} caption="HR workspace">{title}</PageHeading>
      {!list ? (
        <Loading />
      ) : list.totalCount === 0 ? (
        <p class="govuk-body">There are no proposals in this status.</p>
      ) : (
        <>
          <p class="govuk-body">{plural(list.totalCount, 'proposal')}.</p>
          <ul class="govuk-list app-proposal-list">
            {list.nodes.map((p) => (
              <li key={p.id} class="app-proposal-list__item">
                <h2 class="govuk-heading-m govuk-!-margin-bottom-2">
                  <Link href={`/proposals/${p.id}/manage`}>{p.title}</Link>
                </h2>
                <p class="govuk-body govuk-!-margin-bottom-2">
                  {p.service}
                  {p.sponsor ? `, sponsored by ${p.sponsor.name}` : ''}
                </p>
                {p.timetable.consultationStart && p.timetable.consultationEnd && (
                  <p class="govuk-body govuk-!-margin-bottom-2">
                    Consultation {formatDate(p.timetable.consultationStart)} to {formatDate(p.timetable.consultationEnd)}
                  </p>
                )}
                {status === 'WITHDRAWN' && p.withdrawnReason && <p class="govuk-body govuk-!-margin-bottom-2">Withdrawn: {p.withdrawnReason}</p>}
                <p class="govuk-body-s govuk-!-margin-bottom-0">Last changed {formatDateTime(p.updatedAt)}</p>
              </li>
            ))}
          </ul>
          {list.pageInfo.hasNextPage && list.pageInfo.endCursor && (
            <nav class="govuk-pagination govuk-pagination--block" aria-label="Pages of proposals">
              <div class="govuk-pagination__next">
                <Link href={`/?status=${status}&after=${encodeURIComponent(list.pageInfo.endCursor)}`} class="govuk-link govuk-pagination__link" rel="next">
                  <span class="govuk-pagination__link-title">Next page</span>
                </Link>
              </div>
            </nav>
          )}
          {after && (
            <p class="govuk-body">
              <Link href={`/?status=${status}`}>Back to the first page</Link>
            </p>
          )}
        </>
      )}
    </>
  )
}
