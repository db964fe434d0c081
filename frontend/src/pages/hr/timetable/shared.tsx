// What the timetable's sections share: the page's query and its types, the way back to the
// overview, and how a form shows a refused save.
import { useEffect } from 'preact/hooks'
import { ApiError } from '../../../api/client'
import { graphql } from '../../../gql'
import type { TimetablePageQuery } from '../../../gql/graphql'
import { Link } from '../../../router'
import { RefusalSummary } from '../workspaceKit'
import { focusBanner } from '../../../focus'

export const TimetablePageDocument = graphql(`
  query TimetablePage($id: ID!) {
    proposal(id: $id) {
      id title status establishment recognisedUnions sharedWithUnionsAt
      sponsor { id name }
      timetable {
        version consultationStart consultationEnd consultationDays consultationType
        plannedFirstDismissal plannedFirstNotice questionResponseWorkingDays
      }
      meetings {
        id version title kind startsAt endsAt place link inviteeGroups covers sequence cancelled icsPath
        invitees { kind id name email }
        minutes { status }
        attendance { id }
      }
      implementationSteps { id date activity beforeDecision doneAt }
      s188 {
        applies dismissalsInWindow minimumConsultationDays earliestLawfulFirstDismissal
        consultationStart hr1DueDate hr1DueBeforeFirstNotice hr1MadeOn hr1Reference
        disclosures { version givenOn complete startedConsultation }
        findings { message section severity }
      }
    }
  }
`)

export type Proposal = TimetablePageQuery['proposal']

export type Timetable = Proposal['timetable']

export type Meeting = Proposal['meetings'][number]

/**
 * Whether meeting emails go out now: Consult sends invitations, updates and cancellations
 * once the proposal is shared with the unions or consultation has opened, and none for a
 * meeting already held.
 */
export function emailsGoOut(proposal: Proposal): boolean {
  return !!proposal.sharedWithUnionsAt || !['DRAFT', 'IN_APPROVAL', 'APPROVED', 'WITHDRAWN'].includes(proposal.status)
}

export const notYetEmailed =
  'Nothing is emailed yet: invitations, changes and cancellations go out once the proposal is shared with the unions or consultation opens.'

export function BackToTimetable({ proposal }: { proposal: Proposal }) {
  return (
    <Link href={`/proposals/${proposal.id}/timetable`} class="govuk-back-link">
      Back to the timetable
    </Link>
  )
}

/** A link styled as a secondary button, for starting one of the small pages. */
export function ButtonLink({ href, children }: { href: string; children: string }) {
  return (
    <Link href={href} class="govuk-button govuk-button--secondary" draggable={false}>
      {children}
    </Link>
  )
}

/** The outcome of a refused or failed save, shown above the form. */
export function SaveProblem({ error, proposalId, title }: { error: ApiError | null; proposalId: string; title: string }) {
  if (!error) return null
  return <RefusalSummary title={title} error={error} proposalId={proposalId} />
}

export function useFocusOn(value: unknown, ref: { current: HTMLElement | null }) {
  useEffect(() => {
    if (value) focusBanner(ref.current)
  }, [value])
}

export const intPattern = /^\d+$/
