// People's cases (issue 16): after the decision, one case per directly affected employee.
// The board lists each case's state and what is next, overdue first, filtered by state; HR
// opens the cases once the proposal is decided. Offers, trial periods, notice, pay and
// appeals are recorded on the case page once those parts of Consult are ready.
import { useEffect, useRef, useState } from 'preact/hooks'
import { request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import { useForm } from '../../form'
import type { CaseState, CasesBoardQuery } from '../../gql/graphql'
import { Button, InsetText, Loading, NotificationBanner, PageHeading, ProblemPage, Select, Tag } from '../../components/govuk'
import { countOrFewer, formatDate, plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { pageProblem } from '../../components/pageProblem'
import { WorkspaceFrame } from './WorkspaceNav'
import { StepProblem, caseStateLabel, caseStates } from './individualKit'
import { focusBanner } from '../../focus'

const CasesBoardDocument = graphql(`
  query CasesBoard($id: ID!, $state: CaseState) {
    proposal(id: $id) {
      id title status slotInThresholdPercent
      caseCounts { state count }
      ringFences { id name kind memberCount postsToFill }
      cases(first: 100, state: $state, overdueFirst: true) {
        totalCount
        pageInfo { hasNextPage }
        nodes {
          id state nextAction nextActionDue overdue
          employee { id name employeeNumber }
        }
      }
    }
  }
`)

const CasesBoardOpenDocument = graphql(`
  mutation CasesBoardOpen($id: ID!) {
    openCases(proposalId: $id) { opened }
  }
`)

type Proposal = CasesBoardQuery['proposal']

/** Cases open once the decision is recorded (the API refuses before). */
export const CASES_OPEN_FROM = ['DECIDED', 'IMPLEMENTING', 'COMPLETED']

export function CasesPage({ params }: { params: Record<string, string> }) {
  const id = params.id
  const location = useLocation()
  const wanted = location.query.get('state') ?? ''
  const state = (caseStates as string[]).includes(wanted) ? (wanted as CaseState) : null
  const { data, error, reload } = useQuery(CasesBoardDocument, { id, state })
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  return (
    <WorkspaceFrame proposalId={id} current="cases">
      <Board proposal={data.proposal} state={state} opened={location.query.get('opened')} reload={reload} />
    </WorkspaceFrame>
  )
}

function Board({ proposal, state, opened, reload }: {
  proposal: Proposal
  state: CaseState | null
  opened: string | null
  reload: () => void
}) {
  const [filter, setFilter] = useState<string>(state ?? '')
  const { problem, busy, submit } = useForm()
  const bannerRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (opened) focusBanner(bannerRef.current)
  }, [opened])
  const base = `/proposals/${proposal.id}/cases`
  const total = proposal.caseCounts.reduce((sum, c) => sum + (c.count ?? 0), 0)
  const decided = CASES_OPEN_FROM.includes(proposal.status)
  const open = () =>
    submit([], async () => {
      const result = await request(CasesBoardOpenDocument, { id: proposal.id })
      reload()
      navigate(`${base}?opened=${result.openCases.opened}`)
    })
  const applyFilter = (event: Event) => {
    event.preventDefault()
    navigate(filter ? `${base}?state=${filter}` : base)
  }
  const cases = proposal.cases.nodes
  const pools = proposal.ringFences.filter((p) => p.kind === 'RING_FENCE' && p.postsToFill > 0 && p.memberCount > p.postsToFill)
  return (
    <>
      <div ref={bannerRef}>
        {opened && (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">
              {opened === '0' ? 'Every case was open already.' : `${plural(Number(opened), 'case')} opened.`}
            </p>
          </NotificationBanner>
        )}
      </div>
      {problem && <StepProblem error={problem} />}
      <PageHeading title={`People's cases: ${proposal.title}`} caption={proposal.title}>People's cases</PageHeading>
      <p class="govuk-body">
        After the decision each person whose post is directly affected has a case: where it stands, what happens next and
        by when. Cases whose next step is overdue come first.
      </p>
      {!decided && total === 0 && (
        <InsetText>Cases open once the decision on the proposal has been recorded.</InsetText>
      )}
      {decided && (
        <>
          {total === 0 && <p class="govuk-body">No case has been opened yet.</p>}
          <Button secondary={total > 0} type="button" disabled={busy} onClick={open}>
            {total === 0 ? 'Open the cases' : 'Open cases for anyone added since'}
          </Button>
        </>
      )}
      {total > 0 && (
        <>
          <h2 class="govuk-heading-m">How many are in each state</h2>
          <ul class="govuk-list app-case-counts">
            {proposal.caseCounts
              .filter((c) => c.count !== 0)
              .map((c) => (
                <li key={c.state}>
                  {caseStateLabel[c.state].label}: <strong>{countOrFewer(c.count)}</strong>
                </li>
              ))}
          </ul>
          <form class="app-case-filter" onSubmit={applyFilter}>
            <Select
              id="state"
              label="Show cases"
              value={filter}
              onChange={setFilter}
              options={[
                { value: '', label: 'In every state' },
                ...caseStates.map((s) => ({ value: s, label: caseStateLabel[s].label })),
              ]}
            />
            <Button secondary>Show</Button>
          </form>
          <table class="govuk-table govuk-table--small-text-until-tablet app-case-table">
            <caption class="govuk-table__caption govuk-table__caption--m">
              {state ? `Cases: ${caseStateLabel[state].label.toLowerCase()}` : 'Every case'} ({proposal.cases.totalCount})
            </caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Person</th>
                <th scope="col" class="govuk-table__header">State</th>
                <th scope="col" class="govuk-table__header">What is next</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {cases.length === 0 && (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell" colSpan={3}>No case is in this state.</td>
                </tr>
              )}
              {cases.map((c) => (
                <tr class="govuk-table__row" key={c.id}>
                  <td class="govuk-table__cell">
                    <Link href={`${base}/${c.employee.id}`}>{c.employee.name}</Link>
                    <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">{c.employee.employeeNumber}</span>
                  </td>
                  <td class="govuk-table__cell">
                    <Tag colour={caseStateLabel[c.state].colour}>{caseStateLabel[c.state].label}</Tag>
                  </td>
                  <td class="govuk-table__cell">
                    {c.overdue && (
                      <>
                        <Tag colour="red">Overdue</Tag>{' '}
                      </>
                    )}
                    {c.nextAction ?? 'Nothing: the case is closed.'}
                    {c.nextActionDue && <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">By {formatDate(c.nextActionDue)}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {proposal.cases.pageInfo.hasNextPage && (
            <p class="govuk-body">The first 100 are shown: choose a state to see the others.</p>
          )}
        </>
      )}
      {pools.length > 0 && (
        <>
          <h2 class="govuk-heading-m">Selection in the pools</h2>
          <p class="govuk-body">Pools with more people than posts select on weighted criteria, scored by two assessors.</p>
          <ul class="govuk-list">
            {pools.map((pool) => (
              <li key={pool.id}>
                <Link href={`/proposals/${proposal.id}/selection/${pool.id}`}>Selection matrix: {pool.name}</Link>{' '}
                ({plural(pool.memberCount, 'person', 'people')} for {plural(pool.postsToFill, 'post')})
              </li>
            ))}
          </ul>
        </>
      )}
      <h2 class="govuk-heading-m">Equality monitoring</h2>
      <p class="govuk-body">
        <Link href={`/proposals/${proposal.id}/equality`}>Equality monitoring of outcomes</Link>: who is selected and who is given
        notice, by protected characteristic, against everyone with a case.
      </p>
      <h2 class="govuk-heading-m">Letters</h2>
      <p class="govuk-body">
        Letters are issued from each person's case. <Link href="/letter-templates">Change the letter templates</Link>.
      </p>
    </>
  )
}
