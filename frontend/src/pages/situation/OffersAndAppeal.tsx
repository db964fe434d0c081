// The place on "Your situation" where the employee answers an offer of another post (accept,
// or decline with a reason; YourOffer) and, under notice, reads their notice and redundancy
// pay and lodges an appeal within the employer's window (YourNoticeAndAppeal).
import type { CaseState } from '../../gql/graphql'
import { YourNoticeAndAppeal } from './YourNoticeAndAppeal'
import { YourOffer } from './YourOffer'

/** The states in which the case is about an offer: made, answered, or in its trial period. */
const OFFER_STATES: CaseState[] = ['OFFERED', 'ACCEPTED', 'DECLINED', 'TRIAL_PERIOD', 'CONFIRMED', 'TRIAL_ENDED']

export function OffersAndAppeal({ state, employeeId, onChange }: { state: CaseState; employeeId: string; onChange: () => void }) {
  if (OFFER_STATES.includes(state)) return <YourOffer employeeId={employeeId} onAnswered={onChange} />
  // After leaving, the notice and pay still stand, and an appeal may still be in time.
  if (state === 'NOTICE_GIVEN' || state === 'LEFT') return <YourNoticeAndAppeal employeeId={employeeId} />
  return null
}
