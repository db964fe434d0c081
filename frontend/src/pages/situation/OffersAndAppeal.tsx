// The place on "Your situation" where the employee answers an offer of another post (accept,
// or decline with a reason; YourOffer) and lodges an appeal against dismissal within the
// employer's window. Appeals are their own module of the server, built after this page; until
// their API exists that part only tells the person where it is done today: in reply to HR's
// letter.
import type { CaseState } from '../../gql/graphql'
import { InsetText } from '../../components/govuk'
import { YourOffer } from './YourOffer'

/** The states in which the case is about an offer: made, answered, or in its trial period. */
const OFFER_STATES: CaseState[] = ['OFFERED', 'ACCEPTED', 'DECLINED', 'TRIAL_PERIOD', 'CONFIRMED', 'TRIAL_ENDED']

export function OffersAndAppeal({ state, employeeId, onChange }: { state: CaseState; employeeId: string; onChange: () => void }) {
  if (OFFER_STATES.includes(state)) return <YourOffer employeeId={employeeId} onAnswered={onChange} />
  if (state === 'NOTICE_GIVEN') {
    return (
      <section aria-labelledby="appeal-heading">
        <h2 class="govuk-heading-m" id="appeal-heading">Appealing against your dismissal</h2>
        <InsetText>
          <p class="govuk-body">Your notice letter says how to appeal and the last day you can.</p>
        </InsetText>
      </section>
    )
  }
  return null
}
