// The place on "Your situation" where the employee answers an offer of another post (accept,
// or decline with a reason) and lodges an appeal against dismissal within the employer's
// window. Offers and appeals are their own modules of the server, built after this page; until
// their API exists this part only tells the person where those steps are done today: in reply to
// HR's letter. When `Query` gains the offer and appeal fields, this component is where the
// forms go, and it is the only part of the page that changes.
import type { CaseState } from '../../gql/graphql'
import { InsetText } from '../../components/govuk'

export function OffersAndAppeal({ state }: { state: CaseState }) {
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
