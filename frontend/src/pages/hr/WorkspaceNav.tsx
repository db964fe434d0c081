// The HR workspace's pages for one proposal, beside every one of them.
import type { ComponentChildren } from 'preact'
import { Link } from '../../router'

export const workspacePages: { path: string; label: string }[] = [
  { path: 'manage', label: 'Overview and tasks' },
  { path: 'structure', label: 'Structure and costs' },
  { path: 'people', label: 'People and impacts' },
  { path: 'timetable', label: 'Timetable and s188' },
  { path: 'checklist', label: 'Checklist and approvals' },
  { path: 'form', label: 'Feedback form' },
  { path: 'responses', label: 'Responses and themes' },
  { path: 'still-open', label: 'Still open' },
  { path: 'question-log', label: 'Question log' },
  { path: 'information-requests', label: 'Information requests' },
  { path: 'outcome', label: 'Outcome report' },
  { path: 'cases', label: "People's cases" },
  { path: 'outbox', label: 'Emails sent' },
  { path: 'audit', label: 'Audit log' },
]

/** Sub-navigation of the HR pages of a proposal; `current` is the path segment shown. */
export function WorkspaceNav({ proposalId, current }: { proposalId: string; current: string }) {
  return (
    <nav class="app-workspace-nav" aria-label="Proposal workspace">
      <ul class="govuk-list">
        {workspacePages.map((page) => (
          <li key={page.path}>
            <Link
              href={`/proposals/${proposalId}/${page.path}`}
              aria-current={page.path === current ? 'page' : undefined}
              class={`govuk-link govuk-link--no-visited-state${page.path === current ? ' app-workspace-nav__current' : ''}`}
            >
              {page.label}
            </Link>
          </li>
        ))}
        <li>
          <Link href={`/proposals/${proposalId}`} class="govuk-link govuk-link--no-visited-state">
            See it as staff do
          </Link>
        </li>
      </ul>
    </nav>
  )
}

/** An HR page of a proposal: the workspace navigation in a narrow column, the page beside it (above it on a phone). */
export function WorkspaceFrame({ proposalId, current, children }: {
  proposalId: string
  current: string
  children: ComponentChildren
}) {
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-one-quarter">
        <WorkspaceNav proposalId={proposalId} current={current} />
      </div>
      <div class="govuk-grid-column-three-quarters">{children}</div>
    </div>
  )
}
