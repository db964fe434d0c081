// HR's structure editor: every post line as it is and as proposed, what it costs, the
// structure charts before and after, the job descriptions and the pay scales. Adding or
// changing a post, or a pay scale, is a page of its own (?post=new, ?post=<id>, ?pay-scale=…).
// Each section (posts, costs, job descriptions, pay scales) and its forms is in structure/.
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { ApiError } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { InsetText, Loading, PageHeading, ProblemPage, WarningText } from '../../components/govuk'
import { formatDate } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { useMe } from '../../session'
import { OrgChart } from '../proposal/OrgChart'
import { pageProblem } from '../../components/pageProblem'
import { WorkspaceFrame } from './WorkspaceNav'
import { Costs } from './structure/costs'
import { JobDescriptions } from './structure/jobDescription'
import { PayScaleForm, PayScales } from './structure/payScale'
import { PostForm, PostsTable } from './structure/posts'
import { type Data, FocusBanner, isFrozen, LostChanges, type Notice, StructurePageDocument } from './structure/shared'

export function StructurePage({ params }: { params: Record<string, string> }) {
  const me = useMe()
  const location = useLocation()
  const query = useQuery(StructurePageDocument, { id: params.id })
  const [notice, setNotice] = useState<Notice | null>(null)
  if (me.role !== 'HR_ADMIN') {
    return <ProblemPage error={new ApiError('Only HR can change the structure of a proposal.', 'FORBIDDEN')} />
  }
  if (query.error) return <ProblemPage error={pageProblem(query.error)} />
  if (!query.data) return <Loading />
  const data = query.data
  const proposal = data.proposal
  const path = `/proposals/${proposal.id}/structure`
  const shown = notice && notice.at === location.href ? notice : null
  const banner = shown && (
    <FocusBanner success={shown.success} heading={shown.heading} focusKey={shown}>
      {shown.body && <p class="govuk-body">{shown.body}</p>}
      {shown.lost && <LostChanges rows={shown.lost} />}
    </FocusBanner>
  )
  /** Goes back to the page's main view (or stays) and tells the person what happened. */
  const done = (next: Omit<Notice, 'at'>, to = path) => {
    setNotice({ ...next, at: to })
    if (location.href !== to) navigate(to)
    query.reload()
  }

  const postParam = location.query.get('post')
  const scaleParam = location.query.get('pay-scale')
  let body
  if (postParam) {
    const post = postParam === 'new' ? null : proposal.posts.nodes.find((p) => p.id === postParam)
    if (post === undefined) {
      body = <ProblemPage error={new ApiError('There is no such post in this proposal. It may have been removed.', 'NOT_FOUND')} />
    } else {
      body = (
        <PostForm
          // A newer version (after a conflict) starts the form again from what was saved.
          key={post ? `${post.id}-${post.version}` : 'new'}
          data={data}
          post={post}
          path={path}
          banner={banner}
          onDone={done}
          onConflict={(next) => done(next, location.href)}
        />
      )
    }
  } else if (scaleParam) {
    const scale = scaleParam === 'new' ? null : data.payScales.find((s) => s.grade === scaleParam)
    body =
      scale === undefined ? (
        <ProblemPage error={new ApiError(`There is no pay scale for ${scaleParam}.`, 'NOT_FOUND')} />
      ) : (
        <PayScaleForm key={scaleParam} scale={scale} payScales={data.payScales} path={path} onDone={done} />
      )
  } else {
    body = <Overview data={data} path={path} banner={banner} />
  }
  return (
    <WorkspaceFrame proposalId={proposal.id} current="structure">
      {body}
    </WorkspaceFrame>
  )
}

function Overview({ data, path, banner }: { data: Data; path: string; banner: ComponentChildren }) {
  const proposal = data.proposal
  const frozen = isFrozen(proposal.status)
  const posts = proposal.posts.nodes
  const [chartsOpen, setChartsOpen] = useState(false)
  return (
    <>
      {banner}
      <PageHeading title={`Structure and costs: ${proposal.title}`} caption={proposal.title}>
        Structure and costs
      </PageHeading>
      {frozen ? (
        <WarningText>This proposal is {proposal.status === 'WITHDRAWN' ? 'withdrawn' : 'decided'}: its structure can no longer change.</WarningText>
      ) : (
        proposal.sharedWithUnionsAt && (
          <InsetText>
            This proposal was shared with the unions on {formatDate(proposal.sharedWithUnionsAt)}. Each change you make here becomes
            a new revision that they and affected staff can see, with a summary of what changed.
          </InsetText>
        )
      )}
      <ul class="govuk-list app-structure-contents">
        <li><a class="govuk-link" href="#costs">Costs</a></li>
        <li><a class="govuk-link" href="#posts">Posts</a></li>
        <li><a class="govuk-link" href="#charts">Structure charts</a></li>
        <li><a class="govuk-link" href="#job-descriptions">Job descriptions</a></li>
        <li><a class="govuk-link" href="#pay-scales">Pay scales</a></li>
      </ul>

      <h2 class="govuk-heading-l" id="costs">Costs</h2>
      <Costs proposal={proposal} />

      <h2 class="govuk-heading-l" id="posts">Posts</h2>
      <p class="govuk-body">
        Each post line as it is now and as proposed: grade, full-time equivalent (FTE) and number of posts, and who it reports to.
        {!frozen && ' Choose a post’s title to change it.'}
      </p>
      {!frozen && (
        <div class="govuk-button-group">
          <Link href={`${path}?post=new`} class="govuk-button" draggable={false}>Add a post</Link>
          <Link href={`/proposals/${proposal.id}/people?import=POSTS`} class="govuk-link">Import posts from a spreadsheet</Link>
        </div>
      )}
      {proposal.posts.pageInfo.hasNextPage && (
        <WarningText>
          This proposal has {proposal.posts.totalCount} post lines; the first 100 are shown here. The charts show them all.
        </WarningText>
      )}
      {posts.length === 0 ? (
        <p class="govuk-body">There are no posts yet. Add the posts of the structure as it is now, then the proposed changes.</p>
      ) : (
        <PostsTable posts={posts} path={path} frozen={frozen} />
      )}

      <h2 class="govuk-heading-l" id="charts">Structure charts</h2>
      <p class="govuk-body">Who reports to whom now and as proposed, drawn from the posts above. Staff see the same charts.</p>
      <details
        class="govuk-details"
        open={chartsOpen}
        onToggle={(event) => setChartsOpen((event.currentTarget as HTMLDetailsElement).open)}
      >
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">Show the charts before and after</span>
        </summary>
        {/* Drawn only when open: the charts are large, and they centre themselves on their top post when shown. */}
        <div class="govuk-details__text">
          {chartsOpen && (
            <>
              <h3 class="govuk-heading-m">The structure now</h3>
              <OrgChart nodes={proposal.currentChart} side="CURRENT" name="the structure now" />
              <h3 class="govuk-heading-m">The proposed structure</h3>
              <OrgChart nodes={proposal.proposedChart} side="PROPOSED" name="the proposed structure" />
            </>
          )}
        </div>
      </details>

      <h2 class="govuk-heading-l" id="job-descriptions">Job descriptions</h2>
      <JobDescriptions proposal={proposal} frozen={frozen} />

      <h2 class="govuk-heading-l" id="pay-scales">Pay scales</h2>
      <PayScales payScales={data.payScales} path={path} />
    </>
  )
}
