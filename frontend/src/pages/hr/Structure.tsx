// HR's structure editor: every post line as it is and as proposed, what it costs, the
// structure charts before and after, the job descriptions and the pay scales. Adding or
// changing a post, or a pay scale, is a page of its own (?post=new, ?post=<id>, ?pay-scale=…).
import type { ComponentChildren } from 'preact'
import { useRef, useState } from 'preact/hooks'
import { ApiError, asApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { StructurePageQuery } from '../../gql/graphql'
import { BackLink, ChoiceField, errorFor, ErrorSummary, type FieldError, InsetText, Loading, PageHeading, ProblemPage, Select, type SelectOption, SummaryList, Textarea, TextInput, WarningText } from '../../components/govuk'
import { formatDate, formatMoney, plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { useMe } from '../../session'
import { OrgChart } from '../proposal/OrgChart'
import { actionLabel, pageProblem } from '../proposal/ProposalPage'
import { FocusBanner, LostChanges, NumberInput, fteText, isStaleVersion, parseFte, parseWhole } from './StructureShared'
import { WorkspaceFrame } from './WorkspaceNav'

const StructurePageDocument = graphql(`
  query StructurePage($id: ID!) {
    proposal(id: $id) {
      id title status sharedWithUnionsAt
      costs { costBefore costAfter saving }
      posts(first: 100) {
        totalCount
        pageInfo { hasNextPage }
        nodes {
          id title inScope note version actions filledFte vacantFte
          current {
            grade fte headcount cost
            reportsTo { id title }
            jobDescription { id number label }
          }
          proposed {
            grade fte headcount cost
            reportsTo { id title }
            jobDescription { id number label }
          }
        }
      }
      currentChart: orgChart(side: CURRENT) {
        depth parentId
        post { id title inScope actions current { grade fte headcount } proposed { grade fte headcount } }
      }
      proposedChart: orgChart(side: PROPOSED) {
        depth parentId
        post { id title inScope actions current { grade fte headcount } proposed { grade fte headcount } }
      }
      jobDescriptions { id title versions { id number label proposedGrade createdAt } }
    }
    payScales { grade annualCost salary onCostPercent description }
  }
`)

const StructurePageCreatePostDocument = graphql(`
  mutation StructurePageCreatePost($input: CreatePostInput!) {
    createPost(input: $input) { id title version }
  }
`)

const StructurePageUpdatePostDocument = graphql(`
  mutation StructurePageUpdatePost($input: UpdatePostInput!) {
    updatePost(input: $input) { id title version }
  }
`)

const StructurePageDeletePostDocument = graphql(`
  mutation StructurePageDeletePost($input: DeletePostInput!) {
    deletePost(input: $input) { deletedPostId }
  }
`)

const StructurePageSetPayScaleDocument = graphql(`
  mutation StructurePageSetPayScale($input: SetPayScaleInput!) {
    setPayScale(input: $input) { grade annualCost salary onCostPercent description }
  }
`)

type Data = StructurePageQuery
type Proposal = Data['proposal']
type Post = Proposal['posts']['nodes'][number]
type Side = NonNullable<Post['current']>
type PayScale = Data['payScales'][number]

/** What the page says after something happened, shown only at the address it was meant for. */
export interface Notice {
  at: string
  success?: boolean
  heading: string
  body?: string
  lost?: [string, string][]
}

/** Statuses after which the API refuses structure changes. */
const FROZEN = ['DECIDED', 'IMPLEMENTING', 'COMPLETED', 'WITHDRAWN']

export function isFrozen(status: string): boolean {
  return FROZEN.includes(status)
}

/** Grades in a sensible order: "Grade 4" before "Grade 12". */
function byGrade(a: PayScale, b: PayScale): number {
  return a.grade.localeCompare(b.grade, 'en-GB', { numeric: true })
}

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

function Costs({ proposal }: { proposal: Proposal }) {
  const { costBefore, costAfter, saving } = proposal.costs
  const amount = Number(saving)
  const uncosted = proposal.posts.nodes.filter(
    (post) => post.inScope && ((post.current && post.current.cost == null) || (post.proposed && post.proposed.cost == null)),
  )
  return (
    <>
      <SummaryList
        rows={[
          { key: 'The structure now', value: <span class="app-count">{formatMoney(costBefore)} a year</span> },
          { key: 'The proposed structure', value: <span class="app-count">{formatMoney(costAfter)} a year</span> },
          amount < 0
            ? { key: 'Extra cost', value: <strong class="app-count">{formatMoney(String(-amount))} a year more</strong> }
            : { key: 'Saving', value: <strong class="app-count">{amount === 0 ? 'None' : `${formatMoney(saving)} a year`}</strong> },
        ]}
      />
      {uncosted.length > 0 && (
        <WarningText>
          {plural(uncosted.length, 'post')} cannot be costed because a grade has no pay scale:{' '}
          {uncosted.map((post) => post.title).join(', ')}.
        </WarningText>
      )}
      <p class="govuk-body-s">
        Each post in the restructure costs its FTE times the yearly cost of its grade on the pay scales below, with on-costs.
        Posts outside the restructure are drawn on the charts but not costed.
      </p>
    </>
  )
}

/** A side's reporting line, or where it moves to. */
function reportsToText(post: Post): string {
  const now = post.current?.reportsTo?.title
  const then = post.proposed?.reportsTo?.title
  if (!post.current) return then ?? 'Nobody (top)'
  if (!post.proposed) return now ?? 'Nobody (top)'
  if (now === then) return now ?? 'Nobody (top)'
  return `${then ?? 'Nobody (top)'} (now ${now ?? 'nobody'})`
}

function SideCells({ side, missing, vacant }: { side: Side | null | undefined; missing: string; vacant?: number }) {
  if (!side) {
    return (
      <td class="govuk-table__cell app-side-missing" colSpan={3}>
        {missing}
      </td>
    )
  }
  return (
    <>
      <td class="govuk-table__cell app-structure-table__grade">{side.grade}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">
        {fteText(side.fte)}
        {vacant ? <span class="govuk-!-display-block govuk-body-s govuk-!-margin-0">{fteText(vacant)} vacant</span> : null}
      </td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{side.headcount}</td>
    </>
  )
}

function PostsTable({ posts, path, frozen }: { posts: Post[]; path: string; frozen: boolean }) {
  const inScope = posts.filter((post) => post.inScope)
  const total = (side: 'current' | 'proposed') => {
    const sides = inScope.map((post) => post[side]).filter((s): s is Side => s != null)
    return { fte: sides.reduce((sum, s) => sum + s.fte, 0), headcount: sides.reduce((sum, s) => sum + s.headcount, 0) }
  }
  const before = total('current')
  const after = total('proposed')
  return (
    <div class="app-table-scroll" role="region" aria-label="Posts now and as proposed (scrolls sideways)" tabIndex={0}>
      <table class="govuk-table app-structure-table">
        <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">
          {plural(posts.length, 'post line')}: grade, FTE and number of posts now and as proposed
        </caption>
        <colgroup>
          <col />
          <col span={3} />
          <col span={3} />
          <col />
        </colgroup>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <td class="govuk-table__header" />
            <th scope="colgroup" colSpan={3} class="govuk-table__header app-structure-table__group">Now</th>
            <th scope="colgroup" colSpan={3} class="govuk-table__header app-structure-table__group">Proposed</th>
            <td class="govuk-table__header" />
          </tr>
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Post</th>
            <th scope="col" class="govuk-table__header">Grade</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">FTE</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Posts</th>
            <th scope="col" class="govuk-table__header">Grade</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">FTE</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Posts</th>
            <th scope="col" class="govuk-table__header">Reports to</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {posts.map((post) => (
            <tr class="govuk-table__row" key={post.id}>
              <th scope="row" class="govuk-table__header">
                {frozen ? (
                  post.title
                ) : (
                  <Link href={`${path}?post=${post.id}`}>
                    <span class="govuk-visually-hidden">Change </span>
                    {post.title}
                  </Link>
                )}
                <span class="app-structure-table__changes">
                  {post.inScope ? post.actions.map((action) => actionLabel[action]).join(' · ') : 'Outside the restructure'}
                </span>
                {post.note && <span class="app-structure-table__note">{post.note}</span>}
              </th>
              <SideCells side={post.current} missing="New post" vacant={post.vacantFte} />
              <SideCells side={post.proposed} missing="Deleted" />
              <td class="govuk-table__cell">{reportsToText(post)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">Total in the restructure</th>
            <td class="govuk-table__cell" />
            <td class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{fteText(before.fte)}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{before.headcount}</td>
            <td class="govuk-table__cell" />
            <td class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{fteText(after.fte)}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{after.headcount}</td>
            <td class="govuk-table__cell" />
          </tr>
        </tfoot>
      </table>
    </div>
  )
}

function JobDescriptions({ proposal, frozen }: { proposal: Proposal; frozen: boolean }) {
  // Which posts use each JD, so HR sees what a new version affects.
  const usedBy = new Map<string, string[]>()
  for (const post of proposal.posts.nodes) {
    for (const side of [post.current, post.proposed]) {
      const jd = side?.jobDescription
      if (!jd) continue
      const owner = proposal.jobDescriptions.find((candidate) => candidate.versions.some((v) => v.id === jd.id))
      if (!owner) continue
      const list = usedBy.get(owner.id) ?? []
      if (!list.includes(post.title)) list.push(post.title)
      usedBy.set(owner.id, list)
    }
  }
  return (
    <>
      {proposal.jobDescriptions.length === 0 ? (
        <p class="govuk-body">There are no job descriptions yet.</p>
      ) : (
        <div class="app-table-scroll" role="region" aria-label="Job descriptions (scrolls sideways)" tabIndex={0}>
          <table class="govuk-table app-jd-table">
            <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">Job descriptions of this proposal</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Job description</th>
                <th scope="col" class="govuk-table__header">Latest version</th>
                <th scope="col" class="govuk-table__header">Used by</th>
                <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {proposal.jobDescriptions.map((jd) => {
                const latest = jd.versions[jd.versions.length - 1]
                return (
                  <tr class="govuk-table__row" key={jd.id}>
                    <th scope="row" class="govuk-table__header">{jd.title}</th>
                    <td class="govuk-table__cell">
                      {latest ? (
                        <>
                          Version {latest.number} ({latest.label})
                          {latest.proposedGrade && <>, {latest.proposedGrade}</>}
                          <span class="govuk-!-display-block govuk-body-s govuk-!-margin-0">{plural(jd.versions.length, 'version')}</span>
                        </>
                      ) : (
                        'No versions'
                      )}
                    </td>
                    <td class="govuk-table__cell">{usedBy.get(jd.id)?.join(', ') ?? 'No post yet'}</td>
                    <td class="govuk-table__cell">
                      <Link href={`/proposals/${proposal.id}/job-descriptions/${jd.id}/edit`}>
                        {frozen ? 'View' : 'Edit'}<span class="govuk-visually-hidden"> the {jd.title} job description</span>
                      </Link>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {!frozen && (
        <p class="govuk-body">
          <Link href={`/proposals/${proposal.id}/job-descriptions/new/edit`} class="govuk-button govuk-button--secondary" draggable={false}>
            Create a job description
          </Link>
        </p>
      )}
    </>
  )
}

function PayScales({ payScales, path }: { payScales: PayScale[]; path: string }) {
  const sorted = [...payScales].sort(byGrade)
  return (
    <>
      <p class="govuk-body">
        The salary of a full-time post on each grade and the employer’s pension and National Insurance on it (the on-costs): the
        yearly cost is the two together. Every proposal is costed with these figures, and a post’s grade must have one.
      </p>
      <div class="app-table-scroll" role="region" aria-label="Pay scales (scrolls sideways)" tabIndex={0}>
        <table class="govuk-table app-pay-scale-table">
          <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">Pay scales</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Grade</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Salary</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">On-costs</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Yearly cost</th>
              <th scope="col" class="govuk-table__header">What the figure is</th>
              <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {sorted.map((scale) => (
              <tr class="govuk-table__row" key={scale.grade}>
                <th scope="row" class="govuk-table__header">{scale.grade}</th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{formatMoney(scale.salary)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{percentText(scale.onCostPercent)}%</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{formatMoney(scale.annualCost)}</td>
                <td class="govuk-table__cell govuk-body-s">{scale.description ?? ''}</td>
                <td class="govuk-table__cell">
                  <Link href={`${path}?pay-scale=${encodeURIComponent(scale.grade)}`}>
                    Change<span class="govuk-visually-hidden"> the pay scale for {scale.grade}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="govuk-body">
        <Link href={`${path}?pay-scale=new`} class="govuk-button govuk-button--secondary" draggable={false}>Add a pay scale</Link>
      </p>
    </>
  )
}

// ---------------------------------------------------------------- adding or changing a post

interface SideForm {
  grade: string
  fte: string
  headcount: string
  reportsToId: string
  jdVersionId: string
}

type Presence = 'BOTH' | 'CURRENT' | 'PROPOSED'

interface PostFormState {
  title: string
  inScope: boolean
  presence: Presence
  current: SideForm
  proposed: SideForm
  note: string
  changeSummary: string
}

const emptySide: SideForm = { grade: '', fte: '1', headcount: '1', reportsToId: '', jdVersionId: '' }

function sideForm(side: Side | null | undefined): SideForm {
  if (!side) return emptySide
  return {
    grade: side.grade,
    fte: fteText(side.fte),
    headcount: String(side.headcount),
    reportsToId: side.reportsTo?.id ?? '',
    jdVersionId: side.jobDescription?.id ?? '',
  }
}

function formOf(post: Post | null): PostFormState {
  return {
    title: post?.title ?? '',
    inScope: post?.inScope ?? true,
    presence: !post || (post.current && post.proposed) ? 'BOTH' : post.current ? 'CURRENT' : 'PROPOSED',
    current: sideForm(post?.current),
    proposed: sideForm(post?.proposed),
    note: post?.note ?? '',
    changeSummary: '',
  }
}

const sideName = { current: 'now', proposed: 'as proposed' } as const

/** The API's field, as the id of the input on the form. */
function postFieldId(field: string | undefined, form: PostFormState): string {
  const has = (side: 'current' | 'proposed') =>
    form.presence === 'BOTH' || (side === 'current' ? form.presence === 'CURRENT' : form.presence === 'PROPOSED')
  const m = field?.match(/^input\.(current|proposed)\.(\w+)$/)
  if (m) {
    const side = m[1] as 'current' | 'proposed'
    if (!has(side)) return 'post-presence'
    const part: Record<string, string> = { grade: 'grade', fte: 'fte', headcount: 'headcount', reportsToId: 'reports-to', jobDescriptionVersionId: 'jd' }
    return `post-${side}-${part[m[2]] ?? 'grade'}`
  }
  if (field === 'input.note') return 'post-note'
  if (field === 'input.inScope') return 'post-in-scope'
  if (field === 'input.changeSummary') return 'post-change-summary'
  if (field === 'input' || field === 'input.current' || field === 'input.proposed') return 'post-presence'
  return 'post-title'
}

function PostForm({ data, post, path, banner, onDone, onConflict }: {
  data: Data
  post: Post | null
  path: string
  banner: ComponentChildren
  onDone: (notice: Omit<Notice, 'at'>) => void
  onConflict: (notice: Omit<Notice, 'at'>) => void
}) {
  const proposal = data.proposal
  const [form, setForm] = useState<PostFormState>(() => formOf(post))
  const [errors, setErrors] = useState<FieldError[]>([])
  const [busy, setBusy] = useState(false)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const sending = useRef(false)
  const shared = proposal.sharedWithUnionsAt != null
  const hasCurrent = form.presence !== 'PROPOSED'
  const hasProposed = form.presence !== 'CURRENT'

  const gradeOptions: SelectOption[] = [{ value: '', label: 'Choose a grade' }]
  for (const scale of [...data.payScales].sort(byGrade)) gradeOptions.push({ value: scale.grade, label: scale.grade })
  for (const grade of [post?.current?.grade, post?.proposed?.grade]) {
    if (grade && !gradeOptions.some((o) => o.value === grade)) gradeOptions.push({ value: grade, label: `${grade} (no pay scale)` })
  }
  const jdOptions: SelectOption[] = [{ value: '', label: 'None' }]
  for (const jd of proposal.jobDescriptions) {
    for (const version of jd.versions) {
      jdOptions.push({ value: version.id, label: `${jd.title}: version ${version.number} (${version.label})` })
    }
  }
  const reportsToOptions = (side: 'current' | 'proposed'): SelectOption[] => [
    { value: '', label: 'Nobody: it is at the top of the structure' },
    ...proposal.posts.nodes
      .filter((other) => other.id !== post?.id && other[side] != null)
      .map((other) => ({ value: other.id, label: `${other.title} (${other[side]!.grade})` })),
  ]

  const setSide = (side: 'current' | 'proposed', change: Partial<SideForm>) =>
    setForm((f) => ({ ...f, [side]: { ...f[side], ...change } }))

  const validate = (): FieldError[] => {
    const found: FieldError[] = []
    if (!form.title.trim()) found.push({ field: 'post-title', message: 'Enter the job title' })
    for (const side of ['current', 'proposed'] as const) {
      if (side === 'current' ? !hasCurrent : !hasProposed) continue
      const values = form[side]
      const where = sideName[side]
      if (!values.grade) found.push({ field: `post-${side}-grade`, message: `Choose the grade ${where}` })
      if (!values.fte.trim()) found.push({ field: `post-${side}-fte`, message: `Enter the FTE ${where}` })
      else if (parseFte(values.fte) == null) {
        found.push({ field: `post-${side}-fte`, message: `The FTE ${where} must be a number more than 0 with at most two decimals, like 1 or 0.6` })
      }
      const headcount = parseWhole(values.headcount)
      if (!values.headcount.trim()) found.push({ field: `post-${side}-headcount`, message: `Enter the number of posts ${where}` })
      else if (headcount == null || headcount < 1) {
        found.push({ field: `post-${side}-headcount`, message: `The number of posts ${where} must be a whole number, 1 or more` })
      }
    }
    return found
  }

  const sideInput = (side: 'current' | 'proposed') => {
    const values = form[side]
    return {
      grade: values.grade,
      fte: parseFte(values.fte)!,
      headcount: parseWhole(values.headcount)!,
      reportsToId: values.reportsToId || null,
      jobDescriptionVersionId: values.jdVersionId || null,
    }
  }

  const lostRows = (): [string, string][] => {
    const side = (s: SideForm) =>
      `${s.grade || 'no grade'}, ${s.fte} FTE, ${s.headcount} posts${s.reportsToId ? `, reports to ${proposal.posts.nodes.find((p) => p.id === s.reportsToId)?.title ?? ''}` : ''}`
    return [
      ['Job title', form.title],
      ['Now', hasCurrent ? side(form.current) : 'Not in the structure now'],
      ['Proposed', hasProposed ? side(form.proposed) : 'Deleted'],
      ['Note', form.note],
    ]
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    if (sending.current) return
    const found = validate()
    setErrors(found)
    if (found.length > 0) return
    sending.current = true
    setBusy(true)
    const title = form.title.trim()
    const changeSummary = shared && form.changeSummary.trim() ? form.changeSummary.trim() : undefined
    try {
      if (post) {
        await request(StructurePageUpdatePostDocument, {
          input: {
            id: post.id,
            expectedVersion: post.version,
            title,
            inScope: form.inScope,
            current: hasCurrent ? sideInput('current') : null,
            proposed: hasProposed ? sideInput('proposed') : null,
            note: form.note.trim() || null,
            changeSummary,
          },
        })
      } else {
        await request(StructurePageCreatePostDocument, {
          input: {
            proposalId: proposal.id,
            title,
            inScope: form.inScope,
            current: hasCurrent ? sideInput('current') : undefined,
            proposed: hasProposed ? sideInput('proposed') : undefined,
            note: form.note.trim() || undefined,
            changeSummary,
          },
        })
      }
      onDone({ success: true, heading: post ? `${title} saved` : `${title} added`, body: 'The costs and charts below include it.' })
    } catch (caught) {
      const error = asApiError(caught)
      if (isStaleVersion(error)) {
        onConflict({
          heading: 'Someone else changed this post since you opened it',
          body: 'Your changes were not saved. The post as it is now is shown below: make your changes to it again, then save.',
          lost: lostRows(),
        })
      } else if (error.code === 'BAD_USER_INPUT') {
        setErrors([{ field: postFieldId(error.field, form), message: error.message }])
      } else {
        setErrors([{ field: 'post-title', message: error.message }])
      }
    } finally {
      sending.current = false
      setBusy(false)
    }
  }

  const remove = async () => {
    if (!post || sending.current) return
    sending.current = true
    setBusy(true)
    try {
      await request(StructurePageDeletePostDocument, {
        input: { id: post.id, expectedVersion: post.version, changeSummary: shared && form.changeSummary.trim() ? form.changeSummary.trim() : undefined },
      })
      onDone({ success: true, heading: `${post.title} removed`, body: 'It is no longer in either structure.' })
    } catch (caught) {
      const error = asApiError(caught)
      if (isStaleVersion(error)) {
        onConflict({ heading: 'Someone else changed this post since you opened it', body: 'It was not removed. Check it as it is now, then remove it again if you still mean to.' })
      } else {
        setConfirmDelete(false)
        setErrors([{ field: 'post-remove', message: error.message }])
      }
    } finally {
      sending.current = false
      setBusy(false)
    }
  }

  const title = post ? `Change ${post.title}` : 'Add a post'
  return (
    <>
      <BackLink
        href={path}
        onClick={(event) => {
          event.preventDefault()
          navigate(path)
        }}
      />
      {banner}
      <ErrorSummary errors={errors} />
      <PageHeading title={`${title}: ${proposal.title}`} caption={`${proposal.title}: structure`}>
        {title}
      </PageHeading>
      <form noValidate onSubmit={submit}>
        <TextInput
          id="post-title"
          label="Job title"
          value={form.title}
          onInput={(value) => setForm((f) => ({ ...f, title: value }))}
          error={errorFor(errors, 'post-title')}
        />
        <ChoiceField
          id="post-presence"
          label="Which structures is it in?"
          choices={[
            { value: 'BOTH', label: 'Both: it exists now and in the proposed structure', hint: 'Its grade, FTE or reporting line may change.' },
            { value: 'CURRENT', label: 'Only now: the proposal deletes it' },
            { value: 'PROPOSED', label: 'Only in the proposed structure: it is a new post' },
          ]}
          values={[form.presence]}
          onChange={(values) => setForm((f) => ({ ...f, presence: values[0] as Presence }))}
          error={errorFor(errors, 'post-presence')}
        />
        {hasCurrent && (
          <SideFields
            side="current"
            legend="The post now"
            values={form.current}
            errors={errors}
            gradeOptions={gradeOptions}
            reportsToOptions={reportsToOptions('current')}
            jdOptions={jdOptions}
            onChange={(change) => setSide('current', change)}
          />
        )}
        {hasProposed && (
          <SideFields
            side="proposed"
            legend="The post as proposed"
            values={form.proposed}
            errors={errors}
            gradeOptions={gradeOptions}
            reportsToOptions={reportsToOptions('proposed')}
            jdOptions={jdOptions}
            onChange={(change) => setSide('proposed', change)}
            copy={
              hasCurrent
                ? () => {
                    // Reporting lines are per side: keep the proposed one unless the current one is also proposed.
                    const reportsTo = proposal.posts.nodes.some((p) => p.id === form.current.reportsToId && p.proposed)
                      ? form.current.reportsToId
                      : form.proposed.reportsToId
                    setSide('proposed', { ...form.current, reportsToId: reportsTo })
                  }
                : undefined
            }
          />
        )}
        <ChoiceField
          id="post-in-scope"
          label="Is it part of the restructure?"
          hint="A post outside it (such as the manager the team reports to) is drawn on the charts for context, but not costed or counted."
          choices={[
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No, it is shown for context only' },
          ]}
          inline
          values={[form.inScope ? 'yes' : 'no']}
          onChange={(values) => setForm((f) => ({ ...f, inScope: values[0] === 'yes' }))}
          error={errorFor(errors, 'post-in-scope')}
        />
        <Textarea
          id="post-note"
          label="Note (optional)"
          hint="Staff read it in the list of posts. For example: “1 FTE vacant since August. Ring fenced under the 60% rule.”"
          rows={3}
          value={form.note}
          onInput={(value) => setForm((f) => ({ ...f, note: value }))}
          error={errorFor(errors, 'post-note')}
        />
        {shared && (
          <Textarea
            id="post-change-summary"
            label="What changed (optional)"
            hint="The proposal has been shared, so this change makes a new revision. Say what changed and why; if you leave it blank, a summary is written for you."
            rows={2}
            value={form.changeSummary}
            onInput={(value) => setForm((f) => ({ ...f, changeSummary: value }))}
            error={errorFor(errors, 'post-change-summary')}
          />
        )}
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" aria-disabled={busy ? 'true' : undefined}>
            {post ? 'Save changes' : 'Add post'}
          </button>
          <Link href={path}>Cancel</Link>
        </div>
      </form>
      {post && (
        <div class={`app-danger-zone${errorFor(errors, 'post-remove') ? ' govuk-form-group--error' : ''}`}>
          <h2 class="govuk-heading-m" id="post-remove" tabIndex={-1}>Remove this post line</h2>
          {errorFor(errors, 'post-remove') && (
            <p class="govuk-error-message">
              <span class="govuk-visually-hidden">Error:</span> {errorFor(errors, 'post-remove')}
            </p>
          )}
          <p class="govuk-body">
            Only for a line entered by mistake: to show that the proposal deletes a post, choose “Only now” above instead. A post that
            employees hold, or that other posts report to, cannot be removed.
          </p>
          {confirmDelete ? (
            <>
              <WarningText>This removes {post.title} from both structures.</WarningText>
              <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--warning" aria-disabled={busy ? 'true' : undefined} onClick={remove}>
                  Yes, remove {post.title}
                </button>
                <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setConfirmDelete(false)}>
                  No, keep it
                </button>
              </div>
            </>
          ) : (
            <button type="button" class="govuk-button govuk-button--warning" onClick={() => setConfirmDelete(true)}>
              Remove post line
            </button>
          )}
        </div>
      )}
    </>
  )
}

function SideFields({ side, legend, values, errors, gradeOptions, reportsToOptions, jdOptions, onChange, copy }: {
  side: 'current' | 'proposed'
  legend: string
  values: SideForm
  errors: FieldError[]
  gradeOptions: SelectOption[]
  reportsToOptions: SelectOption[]
  jdOptions: SelectOption[]
  onChange: (change: Partial<SideForm>) => void
  copy?: () => void
}) {
  const id = (part: string) => `post-${side}-${part}`
  return (
    <fieldset class="govuk-fieldset app-side-fieldset">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
        <h2 class="govuk-fieldset__heading">{legend}</h2>
      </legend>
      {copy && (
        <p class="govuk-body">
          <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={copy}>
            Same as now
          </button>
        </p>
      )}
      <Select
        id={id('grade')}
        label="Grade"
        hint="Only grades with a pay scale can be costed. Add a pay scale first if the grade is missing."
        value={values.grade}
        options={gradeOptions}
        onChange={(grade) => onChange({ grade })}
        error={errorFor(errors, id('grade'))}
      />
      <NumberInput
        id={id('fte')}
        label="Full-time equivalent (FTE)"
        hint="All the posts on this line together, for example 1.9 for one full-time and one 0.9 post."
        decimal
        value={values.fte}
        onInput={(fte) => onChange({ fte })}
        error={errorFor(errors, id('fte'))}
      />
      <NumberInput
        id={id('headcount')}
        label="Number of posts"
        width="3"
        value={values.headcount}
        onInput={(headcount) => onChange({ headcount })}
        error={errorFor(errors, id('headcount'))}
      />
      <Select
        id={id('reports-to')}
        label="Reports to"
        value={values.reportsToId}
        options={reportsToOptions}
        onChange={(reportsToId) => onChange({ reportsToId })}
        error={errorFor(errors, id('reports-to'))}
      />
      <Select
        id={id('jd')}
        label="Job description"
        value={values.jdVersionId}
        options={jdOptions}
        onChange={(jdVersionId) => onChange({ jdVersionId })}
        error={errorFor(errors, id('jd'))}
      />
    </fieldset>
  )
}

// ---------------------------------------------------------------- pay scales

/** A percentage as people write it: 28.5, not 28.50. */
function percentText(percent: number): string {
  return String(Math.round(percent * 100) / 100)
}

/** "£41,000.50" → pence; null when it is not an amount in pounds with at most two decimals. */
function parsePounds(text: string): number | null {
  const amount = text.trim().replace(/^£/, '').replace(/,/g, '')
  if (!/^\d+(\.\d{1,2})?$/.test(amount)) return null
  return Math.round(Number(amount) * 100)
}

/** "28.5" → 2850 basis points; null unless a percentage from 0 to 100 with at most two decimals. */
function parsePercent(text: string): number | null {
  const percent = text.trim().replace(/%$/, '').trim()
  if (!/^\d+(\.\d{1,2})?$/.test(percent)) return null
  const points = Math.round(Number(percent) * 100)
  return points <= 10_000 ? points : null
}

/** Pence as pounds, with the pence only when there are some: "£32,000", "£26,872.99". */
function penceText(pence: number): string {
  const digits = pence % 100 === 0 ? 0 : 2
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(pence / 100)
}

/** The yearly cost as the server works it out: salary plus on-costs, to the nearest penny. */
function annualCostPence(salaryPence: number, basisPoints: number): number {
  return Math.round((salaryPence * (10_000 + basisPoints)) / 10_000)
}

function PayScaleForm({ scale, payScales, path, onDone }: {
  scale: PayScale | null
  payScales: PayScale[]
  path: string
  onDone: (notice: Omit<Notice, 'at'>, to?: string) => void
}) {
  const [grade, setGrade] = useState(scale?.grade ?? '')
  const [salary, setSalary] = useState(scale ? String(Number(scale.salary)) : '')
  const [onCost, setOnCost] = useState(scale ? percentText(scale.onCostPercent) : '')
  const [description, setDescription] = useState(scale?.description ?? '')
  const [errors, setErrors] = useState<FieldError[]>([])
  const [busy, setBusy] = useState(false)
  const sending = useRef(false)
  const salaryPence = parsePounds(salary)
  const basisPoints = parsePercent(onCost)
  const computed = salaryPence != null && basisPoints != null ? annualCostPence(salaryPence, basisPoints) : null

  const submit = async (event: Event) => {
    event.preventDefault()
    if (sending.current) return
    const found: FieldError[] = []
    const name = grade.trim()
    if (!name) found.push({ field: 'pay-scale-grade', message: 'Enter the grade' })
    else if (!scale && payScales.some((s) => s.grade === name)) {
      found.push({ field: 'pay-scale-grade', message: `${name} already has a pay scale: change it from the list of pay scales` })
    }
    if (!salary.trim()) found.push({ field: 'pay-scale-salary', message: 'Enter the yearly salary' })
    else if (salaryPence == null) found.push({ field: 'pay-scale-salary', message: 'Enter the yearly salary in pounds, like 32000 or 32000.50' })
    else if (salaryPence === 0) found.push({ field: 'pay-scale-salary', message: 'The yearly salary must be more than £0' })
    if (!onCost.trim()) found.push({ field: 'pay-scale-on-cost', message: 'Enter the on-costs as a percentage of the salary, or 0' })
    else if (basisPoints == null) {
      found.push({ field: 'pay-scale-on-cost', message: 'The on-costs must be a percentage from 0 to 100 with at most two decimals, like 28.5' })
    }
    setErrors(found)
    if (found.length > 0 || salaryPence == null || basisPoints == null) return
    sending.current = true
    setBusy(true)
    try {
      const saved = await request(StructurePageSetPayScaleDocument, {
        input: { grade: name, salary: (salaryPence / 100).toFixed(2), onCostPercent: basisPoints / 100, description: description.trim() || null },
      })
      onDone(
        {
          success: true,
          heading: `Pay scale for ${saved.setPayScale.grade} saved: ${formatMoney(saved.setPayScale.annualCost)} a year`,
          body: `A salary of ${formatMoney(saved.setPayScale.salary)} with ${percentText(saved.setPayScale.onCostPercent)}% on-costs. The costs of every proposal that uses this grade now use it.`,
        },
      )
    } catch (caught) {
      const error = asApiError(caught)
      const fields: Record<string, string> = {
        'input.grade': 'pay-scale-grade',
        'input.description': 'pay-scale-description',
        'input.onCostPercent': 'pay-scale-on-cost',
      }
      const field = fields[error.field ?? ''] ?? 'pay-scale-salary'
      setErrors([{ field, message: error.message.replace(/^Failed to parse "Money": /, '').replace(/ \(occurred while parsing.*\)$/, '') }])
    } finally {
      sending.current = false
      setBusy(false)
    }
  }

  const title = scale ? `Change the pay scale for ${scale.grade}` : 'Add a pay scale'
  return (
    <>
      <BackLink
        href={path}
        onClick={(event) => {
          event.preventDefault()
          navigate(path)
        }}
      />
      <ErrorSummary errors={errors} />
      <PageHeading title={title} caption="Pay scales">{title}</PageHeading>
      {scale && <WarningText>Every proposal that has posts on {scale.grade} is costed with this figure, including proposals already shared.</WarningText>}
      <form noValidate onSubmit={submit}>
        {scale ? (
          <input type="hidden" name="pay-scale-grade" value={grade} />
        ) : (
          <TextInput
            id="pay-scale-grade"
            label="Grade"
            hint="As posts name it, for example “Grade 9” or “SM1”."
            width="10"
            value={grade}
            onInput={setGrade}
            error={errorFor(errors, 'pay-scale-grade')}
          />
        )}
        <NumberInput
          id="pay-scale-salary"
          label="Yearly salary of a full-time post"
          hint="In pounds, without the employer’s on-costs, for example 32000."
          decimal
          width="10"
          prefix="£"
          value={salary}
          onInput={setSalary}
          error={errorFor(errors, 'pay-scale-salary')}
        />
        <NumberInput
          id="pay-scale-on-cost"
          label="On-costs as a percentage of the salary"
          hint="Employer’s pension and National Insurance, e.g. 28.5. The structure is costed with them; a protective award is not."
          decimal
          width="4"
          suffix="%"
          value={onCost}
          onInput={setOnCost}
          error={errorFor(errors, 'pay-scale-on-cost')}
        />
        <p class="govuk-body" aria-live="polite" id="pay-scale-annual-cost">
          Yearly cost of a full-time post with on-costs:{' '}
          <strong>{computed != null ? penceText(computed) : 'enter the salary and on-costs'}</strong>
        </p>
        <Textarea
          id="pay-scale-description"
          label="What the figure is (optional)"
          hint="For example the pay point and the on-cost rate."
          rows={3}
          value={description}
          onInput={setDescription}
          error={errorFor(errors, 'pay-scale-description')}
        />
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" aria-disabled={busy ? 'true' : undefined}>Save pay scale</button>
          <Link href={path}>Cancel</Link>
        </div>
      </form>
    </>
  )
}
