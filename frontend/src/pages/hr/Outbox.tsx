// What Consult emailed to whom about a proposal, and when, newest first; messages that could
// not be delivered can be sent again.
import { useEffect, useRef, useState } from 'preact/hooks'
import { asApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { EmailSort, EmailStatus, OutboxFilterInput, OutboxPageQuery } from '../../gql/graphql'
import { Loading, NotificationBanner, PageHeading, ProblemPage, Tag, WarningText } from '../../components/govuk'
import { formatDateTimeShort, humanise, plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { pageProblem } from '../../components/pageProblem'
import { focusBanner } from '../../focus'
import { WorkspaceFrame } from './WorkspaceNav'

const PAGE_SIZE = 25

const OutboxPageDocument = graphql(`
  query OutboxPage($id: ID!, $first: Int, $after: String, $filter: OutboxFilterInput, $sort: EmailSort) {
    proposal(id: $id) {
      id title
      outbox(first: $first, after: $after, filter: $filter, sort: $sort) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          id milestone status attempts lastError dueAt sentAt createdAt
          recipientEmail recipient { id name }
          digest statutory
        }
      }
    }
  }
`)

const OutboxPageResendDocument = graphql(`
  mutation OutboxPageResend($input: ResendEmailInput!) {
    resendEmail(input: $input) { id status attempts lastError dueAt }
  }
`)

type Email = OutboxPageQuery['proposal']['outbox']['nodes'][number]

/** What each email is about: its subject line without the proposal's title. */
const milestones: Record<string, string> = {
  appeal_deadline: 'Appeal deadline near',
  appeal_hearing: 'Appeal hearing',
  approval_requested: 'Approval requested',
  consultation_closed: 'Consultation has closed',
  consultation_closes_in_a_week: 'Consultation closes in a week',
  consultation_closes_tomorrow: 'Consultation closes tomorrow',
  consultation_opened: 'Consultation has started',
  decision_published: 'Decision published',
  digest: 'Daily digest',
  feedback_receipt: 'Receipt for their feedback',
  response_reminder: 'Reminder to give feedback',
  disclosure_update_due: 'Updated disclosure needed',
  hr1_due_in_a_week: 'HR1 due in a week',
  hr1_due_today: 'HR1 due today',
  implementation_step_due: 'Implementation step due',
  individual_meeting_invitation: 'Individual meeting invitation',
  invitation: 'Invitation to Consult',
  letter_issued: 'Letter issued',
  meeting_cancelled: 'Meeting cancelled',
  meeting_invitation: 'Meeting invitation',
  meeting_updated: 'Meeting changed',
  minimum_period_ends: 'Minimum consultation period ends',
  minutes_confirmed: 'Meeting minutes confirmed',
  minutes_disputed: 'Meeting minutes disputed',
  minutes_ready: 'Meeting minutes to review',
  notice_given: 'Notice of dismissal',
  offer_answer_due: 'Offer answer due',
  offer_to_answer: 'Offer of another post',
  proposal_published: 'Proposal shared with them',
  question_answered: 'Their question has been answered',
  question_due_tomorrow: 'Answer due tomorrow',
  question_overdue: 'Question overdue',
  question_overdue_to_hr: 'Unanswered question past its due date',
  step_due: 'Sign-off step due',
  step_overdue: 'Sign-off step overdue',
  trial_period_ending: 'Trial period ending',
}

const statusTags: Record<EmailStatus, [string, string]> = {
  PENDING: ['Waiting', 'light-blue'],
  SENDING: ['Sending', 'blue'],
  SENT: ['Sent', 'green'],
  DEAD: ['Not delivered', 'red'],
  CANCELLED: ['Cancelled', 'grey'],
}

const statuses = Object.keys(statusTags) as EmailStatus[]
const sorts: Record<EmailSort, string> = { NEWEST_FIRST: 'Newest first', OLDEST_FIRST: 'Oldest first' }

/** The filter the URL holds (`?status=DEAD&milestone=…&recipient=…&sort=OLDEST_FIRST`), so a filtered
 * page can be linked to and survives reloading. Values the API does not know are ignored. */
function filterOf(query: URLSearchParams): { filter: OutboxFilterInput; sort: EmailSort } {
  const status = query.get('status') as EmailStatus | null
  const milestone = query.get('milestone')
  const recipient = query.get('recipient')?.trim()
  const sort = query.get('sort') as EmailSort | null
  return {
    filter: {
      ...(status && statuses.includes(status) ? { status } : {}),
      ...(milestone && milestone !== 'digest' && milestone in milestones ? { milestone } : {}),
      ...(recipient ? { recipient } : {}),
    },
    sort: sort && sort in sorts ? sort : 'NEWEST_FIRST',
  }
}

/** When an email went or goes: the date kept on one line, short enough for the column. */
function timing(email: Email) {
  const when = (instant: string) => <span class="app-nowrap">{formatDateTimeShort(instant)}</span>
  switch (email.status) {
    case 'SENT': return <>Sent {when(email.sentAt ?? email.dueAt)}</>
    case 'CANCELLED': return <>Was due {when(email.dueAt)}<span class="govuk-!-display-block">Not needed</span></>
    case 'DEAD': return <>Was due {when(email.dueAt)}</>
    case 'SENDING': return <>Sending now (due {when(email.dueAt)})</>
    default: return <>Due {when(email.dueAt)}</>
  }
}

export function OutboxPage({ params }: { params: Record<string, string> }) {
  const location = useLocation()
  const after = location.query.get('after')
  const { filter, sort } = filterOf(location.query)
  const filtered = Object.keys(filter).length > 0
  const { data, error, reload, current } = useQuery(OutboxPageDocument, { id: params.id, first: PAGE_SIZE, after, filter, sort })
  const [notice, setNotice] = useState<{ success: boolean; text: string } | null>(null)
  const [busyId, setBusyId] = useState<string | null>(null)
  const bannerRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (notice) focusBanner(bannerRef.current)
  }, [notice])

  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const proposal = data.proposal
  const outbox = proposal.outbox
  const dead = outbox.nodes.filter((e) => e.status === 'DEAD').length
  const base = `/proposals/${proposal.id}/outbox`
  /** This page's URL with the filter kept and `extra` added (the next page's cursor). */
  const href = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.milestone ? { milestone: filter.milestone } : {}),
      ...(filter.recipient ? { recipient: filter.recipient } : {}),
      ...(sort !== 'NEWEST_FIRST' ? { sort } : {}),
      ...extra,
    }).toString()
    return q ? `${base}?${q}` : base
  }
  const older = sort === 'OLDEST_FIRST' ? 'Later emails' : 'Older emails'
  const heading = filtered ? (after ? 'More matching emails' : 'Matching emails') : after ? older : sort === 'OLDEST_FIRST' ? 'First emails' : 'Latest emails'
  const applyFilter = (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const q = new URLSearchParams()
    for (const key of ['status', 'milestone', 'recipient', 'sort']) {
      const value = String(form.get(key) ?? '').trim()
      if (value && !(key === 'sort' && value === 'NEWEST_FIRST')) q.set(key, value)
    }
    const query = q.toString()
    navigate(query ? `${base}?${query}` : base)
  }

  const resend = async (email: Email) => {
    setBusyId(email.id)
    try {
      await request(OutboxPageResendDocument, { input: { id: email.id } })
      setNotice({ success: true, text: `The email to ${email.recipient?.name ?? email.recipientEmail} will be sent again in a moment.` })
      reload()
    } catch (caught) {
      setNotice({ success: false, text: asApiError(caught).message })
      reload()
    } finally {
      setBusyId(null)
    }
  }

  return (
    <WorkspaceFrame proposalId={proposal.id} current="outbox">
      <div ref={bannerRef}>
        {notice && (
          <NotificationBanner success={notice.success} title="Important">
            <p class="govuk-notification-banner__heading">{notice.text}</p>
          </NotificationBanner>
        )}
      </div>
      <PageHeading title="Emails sent" caption={proposal.title}>Emails sent</PageHeading>
      <p class="govuk-body">
        Everything Consult has emailed, or will email, to anyone about this proposal: newest first. Statutory notices
        go at once; others may go in the person’s daily digest.
      </p>
      <form class="app-list-filter" onSubmit={applyFilter} noValidate key={location.query.toString()} aria-label="Filter emails">
        <div class="app-list-filter__fields">
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="outbox-recipient">To</label>
            <div class="govuk-hint" id="outbox-recipient-hint">Part of a name or email address</div>
            <input class="govuk-input govuk-input--width-20" id="outbox-recipient" name="recipient" type="text"
              aria-describedby="outbox-recipient-hint" defaultValue={filter.recipient ?? ''} autocomplete="off" spellcheck={false} />
          </div>
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="outbox-milestone">About</label>
            <select class="govuk-select" id="outbox-milestone" name="milestone">
              <option value="">Anything</option>
              {Object.entries(milestones)
                .filter(([key]) => key !== 'digest')
                .sort(([, a], [, b]) => a.localeCompare(b))
                .map(([key, label]) => <option value={key} key={key} selected={key === filter.milestone}>{label}</option>)}
            </select>
          </div>
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="outbox-status">Status</label>
            <select class="govuk-select" id="outbox-status" name="status">
              <option value="">Any status</option>
              {statuses.map((status) => <option value={status} key={status} selected={status === filter.status}>{statusTags[status][0]}</option>)}
            </select>
          </div>
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="outbox-sort">Order</label>
            <select class="govuk-select" id="outbox-sort" name="sort">
              {Object.entries(sorts).map(([key, label]) => <option value={key} key={key} selected={key === sort}>{label}</option>)}
            </select>
          </div>
        </div>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button govuk-button--secondary">Filter emails</button>
          {(filtered || sort !== 'NEWEST_FIRST') && <Link href={base} class="govuk-link">Clear filters</Link>}
        </div>
      </form>
      {/* Emails of an earlier filter are not shown under this one's heading while it loads. */}
      {!current ? (
        <Loading />
      ) : outbox.totalCount === 0 ? (
        <p class="govuk-body">
          {filtered ? 'No emails match these filters.' : 'Nothing has been emailed about this proposal yet.'}
        </p>
      ) : (
        <>
          {dead > 0 && (
            <WarningText>
              {plural(dead, 'email')} on this page could not be delivered. Check the address, then resend.
            </WarningText>
          )}
          {/* The heading sits outside the scroll region, so it is never cut off on a phone. */}
          <h2 class="govuk-heading-m">
            {heading}
            <span class="govuk-caption-m">{plural(outbox.totalCount, 'email')} {filtered ? 'match' : 'in all'}</span>
          </h2>
          <div class="app-table-scroll" role="region" aria-label={heading} tabIndex={0}>
            <table class="govuk-table app-outbox-table">
              <caption class="govuk-table__caption govuk-visually-hidden">{heading}</caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">To</th>
                  <th scope="col" class="govuk-table__header">About</th>
                  <th scope="col" class="govuk-table__header">Status</th>
                  <th scope="col" class="govuk-table__header">When</th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {outbox.nodes.map((email) => {
                  const [label, colour] = statusTags[email.status]
                  return (
                    <tr class="govuk-table__row" key={email.id}>
                      <td class="govuk-table__cell">
                        {email.recipient?.name ?? email.recipientEmail}
                        {email.recipient && <span class="govuk-!-display-block app-secondary-text app-email-address">{email.recipientEmail}</span>}
                      </td>
                      <td class="govuk-table__cell">
                        {milestones[email.milestone] ?? humanise(email.milestone)}
                        {(email.statutory || email.digest) && (
                          <span class="govuk-!-display-block app-secondary-text">
                            {email.statutory ? 'Statutory notice' : 'In the daily digest'}
                          </span>
                        )}
                      </td>
                      <td class="govuk-table__cell">
                        <Tag colour={colour}>{label}</Tag>
                        {/* Attempts matter only when sending has been retried. */}
                        {email.attempts > 1 && <span class="govuk-!-display-block govuk-!-margin-top-1">{plural(email.attempts, 'attempt')}</span>}
                        {email.lastError && (
                          <span class="govuk-!-display-block govuk-!-margin-top-1">Last error: {email.lastError}</span>
                        )}
                        {email.status === 'DEAD' && (
                          <button
                            type="button"
                            class="govuk-button govuk-button--secondary govuk-!-margin-top-2 govuk-!-margin-bottom-0"
                            disabled={busyId === email.id}
                            onClick={() => resend(email)}
                          >
                            Resend<span class="govuk-visually-hidden"> the email to {email.recipient?.name ?? email.recipientEmail}</span>
                          </button>
                        )}
                      </td>
                      <td class="govuk-table__cell">{timing(email)}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
          {(outbox.pageInfo.hasNextPage || after) && (
            <nav class="govuk-pagination govuk-pagination--block" aria-label="Pages of emails">
              {after && (
                <div class="govuk-pagination__prev">
                  <Link href={href()} class="govuk-link govuk-pagination__link" rel="prev">
                    <span class="govuk-pagination__link-title">{sort === 'OLDEST_FIRST' ? 'First emails' : 'Newest emails'}</span>
                  </Link>
                </div>
              )}
              {outbox.pageInfo.hasNextPage && outbox.pageInfo.endCursor && (
                <div class="govuk-pagination__next">
                  <Link
                    href={href({ after: outbox.pageInfo.endCursor })}
                    class="govuk-link govuk-pagination__link"
                    rel="next"
                  >
                    <span class="govuk-pagination__link-title">Next page</span>
                    <span class="govuk-visually-hidden"> of emails</span>
                  </Link>
                </div>
              )}
            </nav>
          )}
        </>
      )}
    </WorkspaceFrame>
  )
}
