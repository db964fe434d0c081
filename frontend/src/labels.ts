// Words for the API's codes that several pages show, kept together so every page says the
// same thing for the same status.
import type { PostAction, ProposalStatus } from './gql/graphql'

export const statusLabel: Record<ProposalStatus, [string, string]> = {
  DRAFT: ['Draft', 'grey'],
  IN_APPROVAL: ['Awaiting approval', 'yellow'],
  APPROVED: ['Approved, not yet open', 'turquoise'],
  CONSULTING: ['Consultation open', 'green'],
  CONSULTATION_CLOSED: ['Consultation closed', 'orange'],
  DECIDED: ['Decision made', 'blue'],
  IMPLEMENTING: ['Being put in place', 'purple'],
  COMPLETED: ['Completed', 'grey'],
  WITHDRAWN: ['Withdrawn', 'red'],
}

/** What happens to a post, in plain words. */
export const actionLabel: Record<PostAction, string> = {
  DELETED: 'Deleted',
  NEW: 'New post',
  INCREASED: 'More posts or hours',
  REDUCED: 'Fewer posts or hours',
  REVISED: 'New job description or grade',
  LINE_MANAGEMENT_CHANGE: 'New line manager',
  UNCHANGED: 'No change',
}
