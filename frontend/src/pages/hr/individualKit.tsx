// Pieces the individual-stage pages share (issue 16): case states and letter kinds in plain
// words, and how a refused step is shown. Their forms' state is `useForm` (src/form.ts).
import { useEffect, useRef } from 'preact/hooks'
import { ApiError } from '../../api/client'
import type { CaseState, LetterKind } from '../../gql/graphql'

/** Each case state as HR reads it on the board, with a tag colour. */
export const caseStateLabel: Record<CaseState, { label: string; colour: string }> = {
  AT_RISK: { label: 'At risk', colour: 'red' },
  SLOTTED_IN: { label: 'Slotted in', colour: 'green' },
  IN_SELECTION_POOL: { label: 'In a selection pool', colour: 'blue' },
  REDEPLOYMENT: { label: 'Seeking redeployment', colour: 'orange' },
  OFFERED: { label: 'Offered a post', colour: 'light-blue' },
  ACCEPTED: { label: 'Accepted an offer', colour: 'green' },
  DECLINED: { label: 'Declined an offer', colour: 'orange' },
  TRIAL_PERIOD: { label: 'In a trial period', colour: 'turquoise' },
  CONFIRMED: { label: 'Confirmed in a new post', colour: 'green' },
  TRIAL_ENDED: { label: 'Trial period ended', colour: 'orange' },
  NOTICE_GIVEN: { label: 'Under notice', colour: 'pink' },
  LEFT: { label: 'Left', colour: 'grey' },
  WITHDRAWN: { label: 'No longer at risk', colour: 'grey' },
}

export const caseStates = Object.keys(caseStateLabel) as CaseState[]

export const letterKindLabel: Record<LetterKind, string> = {
  INVITATION_TO_MEETING: 'Invitation to an individual consultation meeting',
  AT_RISK: 'At risk of redundancy',
  SLOT_IN_OUTCOME: 'Slot-in outcome',
  RING_FENCE_OUTCOME: 'Ring-fence selection outcome',
  OFFER: 'Offer of suitable alternative employment',
  TRIAL_PERIOD: 'Trial period',
  NOTICE_OF_DISMISSAL: 'Notice of dismissal',
  APPEAL_OUTCOME: 'Appeal outcome',
}

/** A refused step's problem, in the error summary's markup, focused so it is read out. */
export function StepProblem({ error }: { error: ApiError }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [error])
  const conflict = error.code === 'CONFLICT'
  return (
    <div class="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <p class="govuk-body">
            {conflict
              ? 'Someone else changed this while you were looking at it. Go back to see it as it is now, then try again.'
              : error.message}
          </p>
          {!conflict && error.missing && error.missing.length > 0 && (
            <ul class="govuk-list govuk-list--bullet">
              {error.missing.map((item) => <li key={item}>{item}</li>)}
            </ul>
          )}
        </div>
      </div>
    </div>
  )
}
