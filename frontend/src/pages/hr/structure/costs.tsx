// What the structure costs now and as proposed (domain::structure, domain::pay_scale).
import { SummaryList, WarningText } from '../../../components/govuk'
import { formatMoney, plural } from '../../../format'
import { type Proposal } from './shared'

export function Costs({ proposal }: { proposal: Proposal }) {
  const { costBefore, costAfter, saving } = proposal.costs
  const amount = Number(saving)
  const uncosted = proposal.posts.nodes.filter(
    (post) => post.inScope && ((post.current && post.current.cost == null) || (post.proposed && post.proposed.cost == null)),
  )
  return (
    <>
      <SummaryList
        rows={[
          { key: 'The structure now', value: <span class="app-count">{formatMoney(costBefore)} a year</span> },
          { key: 'The proposed structure', value: <span class="app-count">{formatMoney(costAfter)} a year</span> },
          amount < 0
            ? { key: 'Extra cost', value: <strong class="app-count">{formatMoney(String(-amount))} a year more</strong> }
            : { key: 'Saving', value: <strong class="app-count">{amount === 0 ? 'None' : `${formatMoney(saving)} a year`}</strong> },
        ]}
      />
      {uncosted.length > 0 && (
        <WarningText>
          {plural(uncosted.length, 'post')} cannot be costed because a grade has no pay scale:{' '}
          {uncosted.map((post) => post.title).join(', ')}.
        </WarningText>
      )}
      <p class="govuk-body-s">
        Each post in the restructure costs its FTE times the yearly cost of its grade on the pay scales below, with on-costs.
        Posts outside the restructure are drawn on the charts but not costed.
      </p>
    </>
  )
}
