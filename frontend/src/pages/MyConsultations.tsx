import { useQuery } from '../api/hooks'
import { graphql } from '../gql'
import type { ProposalStatus } from '../gql/graphql'
import { Loading, PageHeading, ProblemPage, Tag } from '../components/govuk'
import { daysUntil, formatDate, plural } from '../format'
import { statusLabel } from '../labels'
import { Link } from '../router'
import { useMe } from '../session'
import { caseStateLabel } from './situation/caseWords'

const MyConsultationsDocument = graphql(`
  query MyConsultations {
    proposals(first: 50) {
      edges {
        node {
          id title service status
          timetable { consultationStart consultationEnd }
        }
      }
    }
    myCases { id proposalId state }
  }
`)

/** "12 days left to respond", or why responding is not possible. */
export function responseWindow(status: ProposalStatus, end: string | null | undefined): string {
  if (status !== 'CONSULTING' || !end) return status === 'CONSULTATION_CLOSED' ? 'Responses closed' : ''
  const days = daysUntil(end)
  if (days < 0) return 'Responses closed'
  if (days === 0) return 'Last day to respond (closes at midnight)'
  return `${plural(days, 'day')} left to respond (closes ${formatDate(end)})`
}

export function MyConsultationsPage() {
  const me = useMe()
  const { data, error, loading } = useQuery(MyConsultationsDocument, {})
  const rep = me.role === 'UNION_REP'
  const title = rep ? `Proposals shared with ${me.union ?? 'your union'}` : 'My consultations'
  if (error) return <ProblemPage error={error} />
  const proposals = data?.proposals.edges.map((edge) => edge.node) ?? []
  const cases = data?.myCases ?? []
  return (
    <>
      <PageHeading title={title} caption={`Signed in as ${me.name}`}>{title}</PageHeading>
      <p class="govuk-body-l">
        {rep
          ? 'Restructure proposals your union has been consulted on. Open one to see its s188 position, comment on job descriptions and write your collective response.'
          : 'Restructure proposals that affect you or your service. Read what is proposed, what it means for you, and tell us what you think before the consultation closes.'}
      </p>
      {loading && !data ? (
        <Loading />
      ) : proposals.length === 0 ? (
        <p class="govuk-body">There are no consultations for you at the moment. You will get an email when one opens.</p>
      ) : (
        <ul class="govuk-list app-proposal-list">
          {proposals.map((proposal) => {
            const [label, colour] = statusLabel[proposal.status]
            const window = responseWindow(proposal.status, proposal.timetable.consultationEnd)
            return (
              <li key={proposal.id} class="app-proposal-list__item">
                <h2 class="govuk-heading-m govuk-!-margin-bottom-2">
                  <Link href={`/proposals/${proposal.id}`}>{proposal.title}</Link>
                </h2>
                <p class="govuk-body govuk-!-margin-bottom-2">
                  {proposal.service} <Tag colour={colour}>{label}</Tag>
                </p>
                {window && <p class="govuk-body govuk-!-font-weight-bold">{window}</p>}
                {cases.filter((c) => c.proposalId === proposal.id).slice(0, 1).map((c) => (
                  <p class="govuk-body" key={c.id}>
                    <Link href={`/proposals/${proposal.id}/my-situation`}>
                      Your situation<span class="govuk-visually-hidden"> in {proposal.title}</span>
                    </Link>
                    : {caseStateLabel[c.state][0].toLowerCase()}
                  </p>
                ))}
              </li>
            )
          })}
        </ul>
      )}
    </>
  )
}
