// The place on "Your situation" where the employee answers an offer of another post (accept,
// or decline with a reason) and, under notice, reads their notice and redundancy pay and
// lodges an appeal (YourNoticeAndAppeal). Until the offer forms are here, an offer is answered
// in reply to HR's letter.
import type { CaseState } from '../../gql/graphql'
import { InsetText } from '../../components/govuk'
import { YourNoticeAndAppeal } from './YourNoticeAndAppeal'

export function OffersAndAppeal({ state, employeeId }: { state: CaseState; employeeId: string }) {
  if (state === 'OFFERED') {
    return (
      <section aria-labelledby="offer-heading">
        <h2 class="govuk-heading-m" id="offer-heading">Your offer</h2>
        <InsetText>
          <p class="govuk-body">Read the offer letter in your letters below, then give HR your answer by the date it gives.</p>
        </InsetText>
      </section>
    )
  }
  // After leaving, the notice and pay still stand, and an appeal may still be in time.
  if (state === 'NOTICE_GIVEN' || state === 'LEFT') return <YourNoticeAndAppeal employeeId={employeeId} />
  return null
}
