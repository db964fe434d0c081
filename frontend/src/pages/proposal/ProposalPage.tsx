// The proposal as staff and union representatives read it: why, what, what it costs, when,
// the structures before and after, what happens to each post and, for staff, to them.
// Everything comes from one query; the s188 panel fetches its own.
import type { ComponentChildren } from 'preact'
import { useEffect } from 'preact/hooks'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { Impact, MeetingKind, ProposalPageQuery } from '../../gql/graphql'
import { InsetText, Loading, PageHeading, Paragraphs, ProblemPage, SummaryList, Tag } from '../../components/govuk'
import { formatDate, formatMoney, formatTime, plural } from '../../format'
import { Link } from '../../router'
import { useMe } from '../../session'
import { responseWindow } from '../MyConsultations'
import { pageProblem } from '../../components/pageProblem'
import { actionLabel, statusLabel } from '../../labels'
import { S188Panel } from '../union/S188Panel'
import { OrgChart, formatFte } from './OrgChart'

const ProposalPageDocument = graphql(`
  query ProposalPage($id: ID!, $staff: Boolean!) {
    myFeedback(proposalId: $id) @include(if: $staff) { id submitted }
    proposal(id: $id) {
      id title service status bundlePath
      hrContact { name email }
      sponsor { name email }
      background rationale proposalText benefits
      alternatives { id option whyRejected }
      risks { id risk mitigation }
      costs { costBefore costAfter saving }
      counts { directlyAffected potentiallyDisplaced newPostsCreated proposedDismissals }
      timetable { consultationStart consultationEnd plannedFirstDismissal }
      posts(first: 100) {
        totalCount
        edges { node { id title inScope note actions current { grade fte headcount } proposed { grade fte headcount } } }
      }
      currentChart: orgChart(side: CURRENT) {
        depth parentId
        post { id title inScope actions current { grade fte headcount } proposed { grade fte headcount } }
      }
      proposedChart: orgChart(side: PROPOSED) {
        depth parentId
        post { id title inScope actions current { grade fte headcount } proposed { grade fte headcount } }
      }
      myEmployeeRecords {
        id impact impactNote
        holdings { fte post { id title } }
        slotInPost { id title }
        slotInMatchPercent
        case { id state }
      }
      jobDescriptions { id title versions { id number label proposedGrade } }
      meetings { id title kind startsAt endsAt place link cancelled icsPath }
      faq { question answer answeredAt }
      revisions { number changeSummary createdAt }
    }
  }
`)

/**
 * The proposal as one printed document: folded sections (the structures as lists) are opened
 * for the print and closed again after, and the browser's dialog also saves a PDF.
 */
function printPack() {
  const closed = [...document.querySelectorAll('main details:not([open])')]
  for (const details of closed) details.setAttribute('open', '')
  const restore = () => {
    for (const details of closed) details.removeAttribute('open')
    window.removeEventListener('afterprint', restore)
  }
  window.addEventListener('afterprint', restore)
  window.print()
}

type Proposal = ProposalPageQuery['proposal']
type EmployeeRecord = Proposal['myEmployeeRecords'][number]
type Meeting = Proposal['meetings'][number]

const meetingKindLabel: Record<MeetingKind, string> = {
  STAFF_BRIEFING: 'Staff briefing',
  UNION_BRIEFING: 'Briefing for the trade unions',
  ONE_TO_ONE: 'One-to-one meeting',
  DROP_IN: 'Drop-in session',
  QA_SESSION: 'Questions and answers session',
  COMMITTEE: 'Committee meeting',
}

/**
 * What each impact means for the person, in plain words: a heading and an
 * explanation. Kept accurate: the proposal is a proposal until a decision is made.
 */
export const impactText: Record<Impact, { label: string; explanation: string[] }> = {
  NOT_AFFECTED: {
    label: 'Not affected',
    explanation: [
      'The proposal does not change your job. You keep your post, your grade and your hours.',
      'You can still read the proposal and tell us what you think of it.',
    ],
  },
  AFFECTED: {
    label: 'Affected, but your job is not at risk',
    explanation: [
      'Something about your job would change — for example who manages you, or the team around you — but you keep your post. Your job is not at risk of redundancy.',
      'If the change worries you, or you think it affects you more than this says, tell us in your feedback.',
    ],
  },
  AT_RISK: {
    label: 'At risk of redundancy',
    explanation: [
      'Your post would be deleted or reduced under this proposal, so you are at risk of redundancy. Being at risk does not mean you will lose your job: this is a proposal, and nothing is decided until the consultation has closed and a decision has been made.',
      'During the consultation we must look for ways to avoid redundancies or reduce them, including other suitable posts for you. Your views count: tell us what you think before the consultation closes.',
    ],
  },
  DISMISS_AND_REENGAGE: {
    label: 'Proposed dismissal and re-engagement on new terms',
    explanation: [
      'Under this proposal your current contract would end and you would be offered a new contract, on new terms, to carry on working for us. Ending your contract this way is a dismissal, even though you are offered work, so it counts as a proposed dismissal in the consultation with the unions.',
      'Nothing is decided yet: this is a proposal. HR will explain the new terms and what they would mean for you. Tell us what you think of them before the consultation closes.',
    ],
  },
  RING_FENCED: {
    label: 'In a ring-fenced pool',
    explanation: [
      'You are in a ring-fenced pool: you will be considered for the new posts before anyone else. Only the people in the pool can be appointed to these posts at first; they are not advertised more widely until the pool has been considered.',
      'If there are at least as many posts as people in the pool, you may be offered one without competing. If there are fewer, there will be a fair selection, and HR will explain how it works before it starts. If you are not appointed, we will look for other suitable work for you.',
    ],
  },
  SLOT_IN: {
    label: 'Proposed to slot in to a new post',
    explanation: [
      'The duties of a post in the new structure closely match your current job, so you are proposed to move straight into it, without applying or being interviewed.',
      'Read the new post’s job description. If you think it does not match your job closely enough, or that the grade is wrong, say so in your feedback or in a comment on its duties.',
    ],
  },
  SELECTED: {
    label: 'Selected for a post',
    explanation: [
      'You have been selected for a post in the new structure. HR will confirm the details with you, including when you start in it.',
    ],
  },
  NOT_SELECTED: {
    label: 'Not selected',
    explanation: [
      'You were not selected for the post you were considered for. We know this is hard news.',
      'It does not mean you are dismissed. HR will talk to you about what happens next, including other suitable posts you could be considered for.',
    ],
  },
  REDEPLOYMENT_POOL: {
    label: 'In the redeployment pool',
    explanation: [
      'You have not been placed in a post in the new structure, so you are in the redeployment pool: you get priority for our other suitable vacancies before other applicants.',
      'HR will help you look for a suitable post. Tell them what kind of work, hours and places would suit you.',
    ],
  },
  REDUNDANT: {
    label: 'Made redundant',
    explanation: [
      'The decision is that your post is redundant, and you are to be dismissed by reason of redundancy. We are sorry: we know this is very difficult news.',
      'HR will write to you with your notice, your last day, any redundancy payment and how to appeal. You can still be considered for suitable vacancies until you leave.',
    ],
  },
}

/** A post's grade, FTE and number of posts on one side, for the table. */
function sideCell(side: { grade: string; fte: number; headcount: number } | null | undefined, missing: string) {
  if (!side) return missing
  return (
    <>
      {side.grade}
      <br />
      {formatFte(side.fte)}
      {side.headcount === 1 ? '' : ` (${plural(side.headcount, 'post')})`}
    </>
  )
}

/** A section of the page: an h2 that the contents list links to. */
interface Section {
  id: string
  title: string
  body: ComponentChildren
  /** A section that brings its own heading (the s188 panel). */
  ownHeading?: boolean
}

export function ProposalPage({ params }: { params: Record<string, string> }) {
  const me = useMe()
  const { data, error, loading } = useQuery(ProposalPageDocument, { id: params.id, staff: me.role === 'STAFF' })
  const loaded = Boolean(data)
  // An address with a section (/proposals/1#what-changed): go to it once the page is drawn.
  useEffect(() => {
    if (!loaded || !location.hash) return
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)))
    if (target) {
      target.focus({ preventScroll: true })
      target.scrollIntoView()
    }
  }, [loaded])
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (loading || !data) return <Loading />
  const proposal = data.proposal
  const [statusText, statusColour] = statusLabel[proposal.status]
  const window = responseWindow(proposal.status, proposal.timetable.consultationEnd)
  const consulting = proposal.status === 'CONSULTING'

  const sections: Section[] = []
  if (proposal.myEmployeeRecords.length > 0) {
    sections.push({
      id: 'my-impact',
      title: 'What this means for you',
      body: <MyImpact records={proposal.myEmployeeRecords} proposalId={proposal.id} hrContact={proposal.hrContact} sponsor={proposal.sponsor} />,
    })
  }
  sections.push(
    { id: 'summary', title: 'Summary', body: <Summary proposal={proposal} /> },
    { id: 'background', title: 'Background', body: <Paragraphs text={proposal.background} /> },
    { id: 'rationale', title: 'Why a change is needed', body: <Paragraphs text={proposal.rationale} /> },
    { id: 'proposal', title: 'The proposal', body: <Paragraphs text={proposal.proposalText} /> },
    { id: 'benefits', title: 'Benefits', body: <Paragraphs text={proposal.benefits} /> },
    { id: 'alternatives', title: 'Alternatives considered', body: <Alternatives proposal={proposal} /> },
    { id: 'risks', title: 'Risks and how they will be managed', body: <Risks proposal={proposal} /> },
    { id: 'costs', title: 'Costs', body: <Costs proposal={proposal} /> },
    { id: 'timetable', title: 'Timetable', body: <Timetable proposal={proposal} /> },
    { id: 'structure', title: 'Structure before and after', body: <Structures proposal={proposal} /> },
    { id: 'posts', title: 'Posts and what happens to each', body: <Posts proposal={proposal} /> },
    { id: 'job-descriptions', title: 'Job descriptions', body: <JobDescriptions proposal={proposal} /> },
    {
      id: 'meetings',
      title: 'Meetings',
      // Staff see the meetings; the record of each (attendance, minutes) is for HR, the sponsor and the union side.
      body: (
        <Meetings
          meetings={proposal.meetings}
          recordBase={me.role === 'STAFF' ? null : `/proposals/${proposal.id}/meetings`}
          // A one-to-one names the person at risk: its record is for HR and the sponsor only.
          hideRecordOf={me.role === 'HR_ADMIN' || me.role === 'MANAGER' ? [] : ['ONE_TO_ONE']}
        />
      ),
    },
    {
      id: 'faq',
      title: 'Questions and answers',
      body: <Faq proposal={proposal} canAsk={me.role === 'STAFF' || me.role === 'UNION_REP'} />,
    },
    { id: 'what-changed', title: 'What changed', body: <Revisions proposal={proposal} /> },
  )
  if (me.role === 'UNION_REP' || me.role === 'HR_ADMIN') {
    sections.push({
      id: 's188',
      title: 'Collective consultation (section 188)',
      body: <S188Panel proposalId={proposal.id} />,
      ownHeading: true,
    })
  }

  return (
    <>
      <PageHeading title={proposal.title} caption={proposal.service} size="xl">
        {proposal.title}
      </PageHeading>
      <p class="govuk-body">
        <Tag colour={statusColour}>{statusText}</Tag>
      </p>
      {window && <p class="govuk-body-l govuk-!-font-weight-bold">{window}</p>}

      {me.role === 'STAFF' && consulting && (
        <div class="app-call-to-action">
          <h2 class="govuk-heading-m">Have your say</h2>
          <p class="govuk-body">
            Read the proposal below, then tell us what you think. You can also ask a question: a manager will answer it.
          </p>
          <div class="govuk-button-group">
            <Link href={`/proposals/${proposal.id}/feedback`} class="govuk-button govuk-!-margin-bottom-0" draggable={false}>
              {data?.myFeedback?.submitted ? 'Change your feedback' : data?.myFeedback ? 'Continue your feedback' : 'Give your feedback'}
            </Link>
            <Link href={`/proposals/${proposal.id}/questions`} class="govuk-link">
              Ask a question
            </Link>
            <Link href={`/proposals/${proposal.id}/team-responses`} class="govuk-link">
              Respond as a team
            </Link>
          </div>
        </div>
      )}
      {me.role === 'UNION_REP' && (
        <div class="app-call-to-action">
          <h2 class="govuk-heading-m">Your union’s part in this consultation</h2>
          <ul class="govuk-list">
            <li>
              <a class="govuk-link" href="#s188">The section 188 position: what the employer has disclosed and the deadlines</a>
            </li>
            <li>
              <Link href={`/proposals/${proposal.id}/union-response`}>Write your union’s response</Link>
            </li>
            <li>
              <Link href={`/proposals/${proposal.id}/staff-feedback`}>Staff feedback so far</Link>
            </li>
            <li>
              <Link href={`/proposals/${proposal.id}/team-responses`}>Team responses, to endorse</Link>
            </li>
            <li>
              <Link href={`/proposals/${proposal.id}/questions`}>Your union’s questions</Link>
            </li>
            <li>
              <Link href={`/proposals/${proposal.id}/information-requests`}>Information your union has asked for</Link>
            </li>
            <li>
              <a class="govuk-link" href="#meetings">Meetings, their minutes and the documents tabled</a>
            </li>
          </ul>
          {proposal.bundlePath && (
            <p class="govuk-body govuk-!-margin-bottom-0">
              <a class="govuk-link" href={proposal.bundlePath} download>
                Download the consultation bundle (union copy, ZIP)
              </a>
              <span class="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">
                The record of the consultation as shared with the union side: the proposal and its revisions, the disclosures,
                meeting minutes, questions and answers, and responses.
              </span>
            </p>
          )}
        </div>
      )}

      <p class="govuk-body app-print-hidden">
        <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={printPack}>
          Print the proposal or save it as a PDF
        </button>
      </p>

      <nav class="app-contents-list" aria-labelledby="contents-title">
        <h2 class="govuk-heading-s govuk-!-margin-bottom-2" id="contents-title">Contents</h2>
        <ol class="govuk-list app-contents-list__list">
          {sections.map((section) => (
            <li key={section.id} class="app-contents-list__item">
              <span class="app-contents-list__dash" aria-hidden="true">— </span>
              <a class="govuk-link" href={`#${section.id}`}>{section.title}</a>
            </li>
          ))}
        </ol>
      </nav>

      {sections.map((section) =>
        section.ownHeading ? (
          <div id={section.id} key={section.id} class="app-section" tabIndex={-1}>
            {section.body}
          </div>
        ) : (
          <section key={section.id} class="app-section" aria-labelledby={section.id}>
            <h2 class="govuk-heading-l" id={section.id} tabIndex={-1}>{section.title}</h2>
            {section.body}
          </section>
        ),
      )}
    </>
  )
}

type Contact = { name: string; email: string }

function MyImpact({ records, proposalId, hrContact, sponsor }: {
  records: EmployeeRecord[]
  proposalId: string
  hrContact: Contact | null | undefined
  sponsor: Contact | null | undefined
}) {
  return (
    <>
      {records.map((record) => {
        const text = impactText[record.impact]
        const posts = record.holdings.filter((holding) => holding.post)
        return (
          <div key={record.id} class="app-impact">
            <p class="govuk-body">
              {posts.length > 0 ? (
                <>
                  Your post:{' '}
                  {posts.map((holding, index) => (
                    <span key={index}>
                      {index > 0 && ', '}
                      <strong>{holding.post!.title}</strong> ({formatFte(holding.fte)})
                    </span>
                  ))}
                </>
              ) : (
                'Your record in this proposal'
              )}
            </p>
            <h3 class="govuk-heading-m">{text.label}</h3>
            {text.explanation.map((paragraph, index) => (
              <p class="govuk-body" key={index}>{paragraph}</p>
            ))}
            {record.slotInPost && (
              <p class="govuk-body">
                The post you are proposed to move into is <strong>{record.slotInPost.title}</strong>
                {record.slotInMatchPercent != null && <>: its duties match {record.slotInMatchPercent}% of yours</>}.
              </p>
            )}
            {record.impactNote && (
              <InsetText>
                <h4 class="govuk-heading-s govuk-!-margin-bottom-2">What HR says about your post</h4>
                <p class="govuk-body govuk-!-margin-bottom-0">{record.impactNote}</p>
              </InsetText>
            )}
            {record.case && (
              <p class="govuk-body">
                Follow what happens to you next, your individual meetings and your letters on{' '}
                <Link href={`/proposals/${proposalId}/my-situation`}>your situation page</Link>.
              </p>
            )}
          </div>
        )
      })}
      <h3 class="govuk-heading-m">Who to talk to</h3>
      <p class="govuk-body">
        If you have questions, or you are worried about what this means for you, talk to your HR contact or your trade union
        representative. They can explain the proposal, what happens next and what support there is for you. You do not have
        to wait for a meeting to ask.
      </p>
      {(hrContact || sponsor) && (
        <dl class="govuk-summary-list app-contacts">
          {hrContact && (
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Your HR contact</dt>
              <dd class="govuk-summary-list__value">
                {hrContact.name}
                <br />
                <a class="govuk-link" href={`mailto:${hrContact.email}`}>{hrContact.email}</a>
              </dd>
            </div>
          )}
          {sponsor && (
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">The manager leading the proposal</dt>
              <dd class="govuk-summary-list__value">
                {sponsor.name}
                <br />
                <a class="govuk-link" href={`mailto:${sponsor.email}`}>{sponsor.email}</a>
              </dd>
            </div>
          )}
        </dl>
      )}
      <p class="govuk-body">
        You can also <Link href={`/proposals/${proposalId}/questions`}>ask a question about the proposal</Link>: a manager will
        answer it in writing.
      </p>
    </>
  )
}

function Summary({ proposal }: { proposal: Proposal }) {
  const c = proposal.counts
  return (
    <>
      <p class="govuk-body">In numbers, this proposal means:</p>
      <ul class="govuk-list govuk-list--bullet app-count">
        <li>
          <strong>{plural(c.directlyAffected, 'person', 'people')}</strong> directly affected
        </li>
        <li>
          <strong>{plural(c.potentiallyDisplaced, 'person', 'people')}</strong> whose post changes so much that they need to be
          placed in the new structure
        </li>
        <li>
          <strong>{plural(c.newPostsCreated, 'new post')}</strong> created
        </li>
        <li>
          <strong>{plural(c.proposedDismissals, 'person', 'people')}</strong> who could be dismissed if they are not placed in a
          post
        </li>
      </ul>
    </>
  )
}

function Alternatives({ proposal }: { proposal: Proposal }) {
  if (proposal.alternatives.length === 0) return <p class="govuk-body">No alternatives are described.</p>
  return (
    <>
      <p class="govuk-body">These options were considered and not chosen.</p>
      {proposal.alternatives.map((alternative) => (
        <div class="app-item" key={alternative.id}>
          <h3 class="govuk-heading-s govuk-!-margin-bottom-2">{alternative.option}</h3>
          <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">Why it was rejected</p>
          <Paragraphs text={alternative.whyRejected} empty="No reason is given." />
        </div>
      ))}
    </>
  )
}

function Risks({ proposal }: { proposal: Proposal }) {
  if (proposal.risks.length === 0) return <p class="govuk-body">No risks are described.</p>
  return (
    <>
      {proposal.risks.map((risk, index) => (
        <div class="app-item" key={risk.id}>
          <h3 class="govuk-heading-s govuk-!-margin-bottom-2">
            <span class="govuk-visually-hidden">Risk {index + 1}: </span>
            {risk.risk}
          </h3>
          <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">How it will be managed</p>
          <Paragraphs text={risk.mitigation} empty="No mitigation is given." />
        </div>
      ))}
    </>
  )
}

function Costs({ proposal }: { proposal: Proposal }) {
  const { costBefore, costAfter, saving } = proposal.costs
  const amount = Number(saving)
  return (
    <>
      <SummaryList
        rows={[
          { key: 'The structure now', value: `${formatMoney(costBefore)} a year` },
          { key: 'The proposed structure', value: `${formatMoney(costAfter)} a year` },
          amount < 0
            ? { key: 'Extra cost', value: <strong>{formatMoney(String(-amount))} a year more</strong> }
            : amount === 0
              ? { key: 'Saving', value: 'None: both structures cost the same' }
              : { key: 'Saving', value: <strong>{formatMoney(saving)} a year</strong> },
        ]}
      />
      <p class="govuk-body-s">
        Yearly costs of the posts in the restructure: each post’s full-time equivalent (FTE) times the yearly cost of its
        grade, including the employer’s pension and National Insurance contributions.
      </p>
    </>
  )
}

function Timetable({ proposal }: { proposal: Proposal }) {
  const t = proposal.timetable
  const window = responseWindow(proposal.status, t.consultationEnd)
  const rows = [
    { key: 'Consultation opens', value: formatDate(t.consultationStart, true) },
    { key: 'Consultation closes', value: formatDate(t.consultationEnd, true) },
  ]
  if (window) rows.push({ key: 'Time left to respond', value: window })
  if (t.plannedFirstDismissal) {
    rows.push({ key: 'Earliest planned date for any dismissal', value: formatDate(t.plannedFirstDismissal, true) })
  }
  return (
    <>
      <SummaryList rows={rows} />
      <p class="govuk-body">
        Nothing is decided until the consultation has closed and every response has been considered.
      </p>
    </>
  )
}

function Structures({ proposal }: { proposal: Proposal }) {
  // A member of staff finds their own post: the posts they hold now, and any they would
  // slot into.
  const ownNow = proposal.myEmployeeRecords.flatMap((record) => record.holdings.flatMap((holding) => (holding.post ? [holding.post.id] : [])))
  const ownProposed = [...ownNow, ...proposal.myEmployeeRecords.flatMap((record) => (record.slotInPost ? [record.slotInPost.id] : []))]
  return (
    <>
      <p class="govuk-body">
        Who reports to whom now, and under the proposal. Each box gives the post’s grade, its full-time equivalent (FTE) and
        number of posts, and says what happens to it.
      </p>
      <h3 class="govuk-heading-m">The structure now</h3>
      <OrgChart nodes={proposal.currentChart} side="CURRENT" name="the structure now" ownPostIds={ownNow} />
      <h3 class="govuk-heading-m">The proposed structure</h3>
      <OrgChart nodes={proposal.proposedChart} side="PROPOSED" name="the proposed structure" ownPostIds={ownProposed} />
    </>
  )
}

function Posts({ proposal }: { proposal: Proposal }) {
  const posts = proposal.posts.edges.map((edge) => edge.node).filter((post) => post.inScope)
  const context = proposal.posts.edges.length - posts.length
  if (posts.length === 0) return <p class="govuk-body">No posts are listed yet.</p>
  const whatHappens = (post: (typeof posts)[number]) => (
    <>
      <ul class="govuk-list govuk-!-margin-bottom-1">
        {post.actions.map((action) => (
          <li key={action} class={action === 'DELETED' || action === 'NEW' ? 'govuk-!-font-weight-bold' : undefined}>
            {actionLabel[action]}
          </li>
        ))}
      </ul>
      {post.note && <p class="govuk-body-s govuk-!-margin-bottom-0 app-secondary-text">{post.note}</p>}
    </>
  )
  return (
    <>
      {/* Small screens: one card per post (the table is hidden there, and these cards on larger screens). */}
      <div class="app-posts-cards">
        <p class="govuk-body">
          {plural(posts.length, 'post')} in the restructure: grade, full-time equivalent (FTE) and number of posts, now and as
          proposed.
        </p>
        {posts.map((post) => (
          <div class="govuk-summary-card" key={post.id}>
            <div class="govuk-summary-card__title-wrapper">
              <h3 class="govuk-summary-card__title">{post.title}</h3>
            </div>
            <div class="govuk-summary-card__content">
              <SummaryList
                rows={[
                  { key: 'Now', value: sideCell(post.current, 'Not in the structure now') },
                  { key: 'Proposed', value: sideCell(post.proposed, 'Deleted') },
                  { key: 'What happens', value: whatHappens(post) },
                ]}
              />
            </div>
          </div>
        ))}
      </div>
      <div
        class="app-table-scroll app-posts-table-wrapper"
        role="region"
        aria-label="Posts and what happens to each (scrolls sideways)"
        tabIndex={0}
      >
        <table class="govuk-table app-posts-table">
          <caption class="govuk-table__caption govuk-table__caption--s">
            {plural(posts.length, 'post')} in the restructure: grade, full-time equivalent (FTE) and number of posts, now and
            as proposed
          </caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Post</th>
              <th scope="col" class="govuk-table__header">Now</th>
              <th scope="col" class="govuk-table__header">Proposed</th>
              <th scope="col" class="govuk-table__header">What happens</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {posts.map((post) => (
              <tr class="govuk-table__row" key={post.id}>
                <th scope="row" class="govuk-table__header">{post.title}</th>
                <td class="govuk-table__cell">{sideCell(post.current, 'Not in the structure now')}</td>
                <td class="govuk-table__cell">{sideCell(post.proposed, 'Deleted')}</td>
                <td class="govuk-table__cell">{whatHappens(post)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {context > 0 && (
        <p class="govuk-body-s">
          The structure charts also show {plural(context, 'post')} outside the restructure, for context.
        </p>
      )}
    </>
  )
}

function JobDescriptions({ proposal }: { proposal: Proposal }) {
  if (proposal.jobDescriptions.length === 0) return <p class="govuk-body">There are no new or revised job descriptions.</p>
  return (
    <>
      <p class="govuk-body">
        The new and revised job descriptions, with what changes duty by duty.
        {proposal.status === 'CONSULTING' && ' You can comment on each duty.'}
      </p>
      <ul class="govuk-list app-jd-list">
        {proposal.jobDescriptions.map((jd) => {
          const first = jd.versions[0]
          const last = jd.versions[jd.versions.length - 1]
          return (
            <li key={jd.id}>
              <Link href={`/proposals/${proposal.id}/job-descriptions/${jd.id}`}>{jd.title} job description</Link>
              {last?.proposedGrade && (
                <p class="govuk-body-s govuk-!-margin-bottom-0 app-secondary-text">
                  {first && first !== last && first.proposedGrade && first.proposedGrade !== last.proposedGrade
                    ? `Proposed at ${last.proposedGrade} (now ${first.proposedGrade})`
                    : `Proposed at ${last.proposedGrade}`}
                </p>
              )}
            </li>
          )
        })}
      </ul>
    </>
  )
}

function MeetingItem({ meeting, upcoming, recordBase }: { meeting: Meeting; upcoming: boolean; recordBase: string | null }) {
  const when = `${formatDate(meeting.startsAt, true)}, ${formatTime(meeting.startsAt)} to ${formatTime(meeting.endsAt)}`
  return (
    <li class={`app-meeting${meeting.cancelled ? ' app-meeting--cancelled' : ''}`}>
      <h4 class="govuk-heading-s govuk-!-margin-bottom-1">
        {meeting.title}
        {meeting.cancelled && (
          <>
            {' '}
            <Tag colour="red">Cancelled</Tag>
          </>
        )}
      </h4>
      <p class="govuk-body govuk-!-margin-bottom-1">
        {meetingKindLabel[meeting.kind]}
        <br />
        {meeting.cancelled ? <del>{when}</del> : when}
        {meeting.place && (
          <>
            <br />
            {meeting.place}
          </>
        )}
      </p>
      {!meeting.cancelled && upcoming && (
        <p class="govuk-body govuk-!-margin-bottom-1">
          {meeting.link && (
            <>
              <a class="govuk-link" href={meeting.link} rel="noreferrer noopener">
                Join online<span class="govuk-visually-hidden">: {meeting.title}, {when}</span>
              </a>
              <br />
            </>
          )}
          <a class="govuk-link" href={meeting.icsPath} download>
            Add to calendar<span class="govuk-visually-hidden">: {meeting.title}, {when}</span>
          </a>
        </p>
      )}
      {meeting.cancelled && <p class="govuk-body govuk-!-margin-bottom-1">This meeting will not take place.</p>}
      {recordBase && !meeting.cancelled && !upcoming && (
        <p class="govuk-body govuk-!-margin-bottom-1">
          <Link href={`${recordBase}/${meeting.id}`}>
            Attendance, minutes and documents<span class="govuk-visually-hidden"> of {meeting.title}, {when}</span>
          </Link>
        </p>
      )}
    </li>
  )
}

function Meetings({ meetings, recordBase, hideRecordOf }: { meetings: Meeting[]; recordBase: string | null; hideRecordOf: MeetingKind[] }) {
  const recordOf = (meeting: Meeting) => (hideRecordOf.includes(meeting.kind) ? null : recordBase)
  if (meetings.length === 0) return <p class="govuk-body">No meetings have been arranged yet.</p>
  const now = Date.now()
  const upcoming = meetings.filter((meeting) => Date.parse(meeting.endsAt) >= now)
  const past = meetings.filter((meeting) => Date.parse(meeting.endsAt) < now)
  return (
    <>
      <h3 class="govuk-heading-m">Coming up</h3>
      {upcoming.length === 0 ? (
        <p class="govuk-body">There are no more meetings planned.</p>
      ) : (
        <ul class="govuk-list app-meetings">
          {upcoming.map((meeting) => (
            <MeetingItem meeting={meeting} upcoming recordBase={recordOf(meeting)} key={meeting.id} />
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">Meetings already held ({past.length})</span>
          </summary>
          <div class="govuk-details__text">
            <ul class="govuk-list app-meetings">
              {past.map((meeting) => (
                <MeetingItem meeting={meeting} upcoming={false} recordBase={recordOf(meeting)} key={meeting.id} />
              ))}
            </ul>
          </div>
        </details>
      )}
    </>
  )
}

function Faq({ proposal, canAsk }: { proposal: Proposal; canAsk: boolean }) {
  return (
    <>
      {proposal.faq.length === 0 ? (
        <p class="govuk-body">No answers have been published yet.</p>
      ) : (
        <>
          <p class="govuk-body">Questions people asked, and the answers, published for everyone.</p>
          {proposal.faq.map((entry, index) => (
            <div class="app-item" key={index}>
              <h3 class="govuk-heading-s govuk-!-margin-bottom-2">{entry.question}</h3>
              <Paragraphs text={entry.answer} />
              {entry.answeredAt && <p class="govuk-body-s app-secondary-text">Answered on {formatDate(entry.answeredAt)}</p>}
            </div>
          ))}
        </>
      )}
      {canAsk && (
        <p class="govuk-body">
          <Link href={`/proposals/${proposal.id}/questions`}>Ask a question or see the answers to yours</Link>
        </p>
      )}
    </>
  )
}

function Revisions({ proposal }: { proposal: Proposal }) {
  const revisions = proposal.revisions
  if (revisions.length === 0) return <p class="govuk-body">The proposal has not been shared yet.</p>
  if (revisions.length < 2) {
    return <p class="govuk-body">Nothing has changed since the proposal was first shared.</p>
  }
  const first = revisions[0]
  const last = revisions[revisions.length - 1]
  return (
    <>
      <p class="govuk-body">
        The proposal has changed {plural(revisions.length - 1, 'time')} since it was first shared.{' '}
        <Link href={`/proposals/${proposal.id}/changes?from=${first.number}&to=${last.number}`}>
          See everything that changed since it was first shared
        </Link>
        .
      </p>
      <ol class="govuk-list app-revisions" reversed>
        {[...revisions].reverse().map((revision, index, all) => {
          const previous = all[index + 1]
          return (
            <li key={revision.number} class="app-item">
              <h3 class="govuk-heading-s govuk-!-margin-bottom-1">
                Version {revision.number}, {formatDate(revision.createdAt)}
              </h3>
              <p class="govuk-body govuk-!-margin-bottom-1">{revision.changeSummary}</p>
              {previous && (
                <p class="govuk-body">
                  <Link href={`/proposals/${proposal.id}/changes?from=${previous.number}&to=${revision.number}`}>
                    What changed in version {revision.number}
                  </Link>
                </p>
              )}
            </li>
          )
        })}
      </ol>
    </>
  )
}
