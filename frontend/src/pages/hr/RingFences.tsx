// The ring-fence pools of a proposal for HR: each pool's kind, its selection rule (part of
// the selection method disclosed under TULRCA s188(4)(d)), how many people compete for how
// many posts, and its members with HR's reasons. HR changes a pool's name, rule or kind,
// adds members (with a reason for anyone who holds none of its current posts) or removes
// it, each on its own small page (`?view=…&pool=…`), until the decision; a resource pool
// takes members after the decision too.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, request } from '../../api/client'
import { useAllEmployees, useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { RingFenceKind, RingFencesPageEmployeesQuery, RingFencesPageQuery } from '../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  InsetText,
  Loading,
  NotificationBanner,
  PageHeading,
  ProblemPage,
  SummaryList,
  Tag,
  TextInput,
  Textarea,
  WarningText,
  errorFor,
} from '../../components/govuk'
import { plural } from '../../format'
import { useForm } from '../../form'
import { Link, navigate, useLocation } from '../../router'
import { pageProblem } from '../../components/pageProblem'
import { RefusalSummary } from './workspaceKit'
import { focusBanner } from '../../focus'
import { WorkspaceFrame } from './WorkspaceNav'
import { SummaryCard, summaryMessage } from '../../components/planKit'

const RingFencesPageDocument = graphql(`
  query RingFencesPage($id: ID!) {
    proposal(id: $id) {
      id title status
      ringFences {
        id kind name rule version memberCount postsToFill
        members { id name }
        memberReasons { employeeId reason }
        fromPosts { id title }
        toPosts { id title }
      }
    }
  }
`)

const RingFencesPageEmployeesDocument = graphql(`
  query RingFencesPageEmployees($id: ID!, $after: String) {
    proposal(id: $id) {
      id
      employees(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id name employeeNumber holdings { post { id title } } }
      }
    }
  }
`)

const RingFencesPageUpdateDocument = graphql(`
  mutation RingFencesPageUpdate($input: UpdateRingFenceInput!) {
    updateRingFence(input: $input) { id version name }
  }
`)
const RingFencesPageAddMembersDocument = graphql(`
  mutation RingFencesPageAddMembers($input: AddRingFenceMembersInput!) {
    addRingFenceMembers(input: $input) { id version memberCount }
  }
`)
const RingFencesPageDeleteDocument = graphql(`
  mutation RingFencesPageDelete($input: DeleteRingFenceInput!) {
    deleteRingFence(input: $input) { deletedRingFenceId }
  }
`)

type Proposal = RingFencesPageQuery['proposal']
type Pool = Proposal['ringFences'][number]
type Employee = RingFencesPageEmployeesQuery['proposal']['employees']['nodes'][number]

/** Pools change until the decision is recorded (PRECONDITION_FAILED after). */
const DECIDED = ['DECIDED', 'IMPLEMENTING', 'COMPLETED', 'WITHDRAWN']

function canChange(proposal: Proposal): boolean {
  return !DECIDED.includes(proposal.status)
}

/** A resource pool keeps taking members after the decision, for redeployment. */
function canAddTo(proposal: Proposal, pool: Pool): boolean {
  return canChange(proposal) || (pool.kind === 'RESOURCE_POOL' && proposal.status !== 'WITHDRAWN')
}

export const ringFenceKindLabel: Record<RingFenceKind, string> = {
  RING_FENCE: 'Ring fence',
  RESOURCE_POOL: 'Resource pool',
}

const kindHints: Record<RingFenceKind, string> = {
  RING_FENCE: 'Holders of current posts compete for posts of the proposed structure.',
  RESOURCE_POOL: 'Priority for redeployment to vacancies outside the structure. It may fill no post of the structure, and takes members after the decision too.',
}

const doneMessages: Record<string, string> = {
  changed: 'The pool has been changed.',
  added: 'The members have been added to the pool.',
  removed: 'The pool has been removed.',
}

export function RingFencesPage({ params }: { params: Record<string, string> }) {
  const id = params.id
  const location = useLocation()
  const view = location.query.get('view')
  const { data, error, reload } = useQuery(RingFencesPageDocument, { id })
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const proposal = data.proposal
  const base = `/proposals/${id}/ring-fences`
  // Shown again only once the list no longer holds what was just done (rows moving under a click).
  const finish = async (done: string, name: string) => {
    await reload()
    navigate(`${base}?done=${done}&name=${encodeURIComponent(name)}`)
  }
  const pool = proposal.ringFences.find((p) => p.id === location.query.get('pool'))
  let content
  if (view && !pool) content = <PoolGone proposal={proposal} />
  else if (view === 'change' && pool && canChange(proposal)) content = <ChangePool key={pool.id} proposal={proposal} pool={pool} onDone={finish} />
  else if (view === 'add' && pool && canAddTo(proposal, pool)) content = <AddMembers key={pool.id} proposal={proposal} pool={pool} onDone={finish} />
  else if (view === 'remove' && pool && canChange(proposal)) content = <RemovePool key={pool.id} proposal={proposal} pool={pool} onDone={finish} />
  else content = <Overview proposal={proposal} done={location.query.get('done')} doneName={location.query.get('name')} />
  return (
    <WorkspaceFrame proposalId={id} current="people">
      {content}
    </WorkspaceFrame>
  )
}

function BackToPools({ proposal }: { proposal: Proposal }) {
  return (
    <Link href={`/proposals/${proposal.id}/ring-fences`} class="govuk-back-link">
      Back to the ring-fence pools
    </Link>
  )
}

function PoolGone({ proposal }: { proposal: Proposal }) {
  return (
    <>
      <BackToPools proposal={proposal} />
      <PageHeading title={`Pool not found: ${proposal.title}`} caption={proposal.title}>This pool cannot be found</PageHeading>
      <p class="govuk-body">It has been removed, or there is no such pool in this proposal.</p>
      <p class="govuk-body">
        <Link href={`/proposals/${proposal.id}/ring-fences`}>Go back to the ring-fence pools</Link>
      </p>
    </>
  )
}

/** "3 people for 2 posts", or for a pool that fills no post of the structure, just the people. */
function competition(pool: Pool): string {
  const people = plural(pool.memberCount, 'person', 'people')
  if (pool.postsToFill === 0) return `${people}, for no post of the structure`
  return `${people} for ${plural(pool.postsToFill, 'post')}`
}

function Overview({ proposal, done, doneName }: { proposal: Proposal; done: string | null; doneName: string | null }) {
  const bannerRef = useRef<HTMLDivElement>(null)
  const message = done ? doneMessages[done] : undefined
  useEffect(() => {
    if (message) focusBanner(bannerRef.current)
  }, [message, doneName])
  const base = `/proposals/${proposal.id}/ring-fences`
  const changeable = canChange(proposal)
  return (
    <>
      <div ref={bannerRef}>
        {message && (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">
              {doneName ? `${doneName}: ` : ''}
              {message}
            </p>
          </NotificationBanner>
        )}
      </div>
      <PageHeading title={`Ring-fence pools: ${proposal.title}`} caption={proposal.title}>Ring-fence pools</PageHeading>
      <p class="govuk-body">
        Who is considered first for which posts, and the rule that put them in the pool. The rules are part of the
        proposed method of selection the union representatives must be told about (section 188(4)(d)).
      </p>
      {!changeable && (
        <InsetText>
          The decision has been recorded, so the pools can no longer be changed or removed. A resource pool can still take
          new members.
        </InsetText>
      )}
      {proposal.ringFences.length === 0 ? (
        <p class="govuk-body">There are no ring-fence pools.</p>
      ) : (
        proposal.ringFences.map((pool) => {
          const actions = []
          const at = `${base}?pool=${pool.id}`
          if (changeable) {
            actions.push(
              <Link href={`${at}&view=change`} key="change">
                Change<span class="govuk-visually-hidden"> {pool.name}</span>
              </Link>,
            )
          }
          if (canAddTo(proposal, pool)) {
            actions.push(
              <Link href={`${at}&view=add`} key="add">
                Add members<span class="govuk-visually-hidden"> to {pool.name}</span>
              </Link>,
            )
          }
          if (changeable) {
            actions.push(
              <Link href={`${at}&view=remove`} key="remove">
                Remove<span class="govuk-visually-hidden"> {pool.name}</span>
              </Link>,
            )
          }
          return (
            <SummaryCard key={pool.id} id={`pool-${pool.id}`} title={pool.name} actions={actions} level={2}>
              <SummaryList
                rows={[
                  {
                    key: 'Kind',
                    value: <Tag colour={pool.kind === 'RESOURCE_POOL' ? 'purple' : 'blue'}>{ringFenceKindLabel[pool.kind]}</Tag>,
                  },
                  { key: 'Selection rule (section 188(4)(d))', value: <span class="app-pre-wrap">{pool.rule}</span> },
                  {
                    key: 'Size',
                    value: (
                      <>
                        {competition(pool)}
                        {pool.postsToFill > 0 && pool.memberCount > pool.postsToFill ? ': there will be a selection' : ''}
                      </>
                    ),
                  },
                  { key: 'Holders of', value: pool.fromPosts.map((p) => p.title).join(', ') || 'None' },
                  { key: 'May fill', value: pool.toPosts.map((p) => p.title).join(', ') || 'None' },
                  { key: 'Members', value: <Members pool={pool} /> },
                ]}
              />
            </SummaryCard>
          )
        })
      )}
    </>
  )
}

function Members({ pool }: { pool: Pool }) {
  if (pool.members.length === 0) return <>None</>
  const reasons = new Map(pool.memberReasons.map((r) => [r.employeeId, r.reason]))
  return (
    <ul class="govuk-list">
      {pool.members.map((member) => {
        const reason = reasons.get(member.id)
        return (
          <li key={member.id}>
            {member.name}
            {reason && <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">Reason: {reason}</span>}
          </li>
        )
      })}
    </ul>
  )
}

/** A refused or failed save: a version conflict explained, anything else as the API said it. */
function saveProblem(error: ApiError): ApiError {
  if (error.code === 'CONFLICT') {
    return new ApiError(
      'Someone else changed this pool while you were looking at it. Go back to the pools to see it as it is now, then try again.',
      'CONFLICT',
    )
  }
  return error
}

// ---------------------------------------------------------------------------------------
// Changing a pool's name, rule or kind

const poolFields: Record<string, string> = { 'input.name': 'name', 'input.rule': 'rule', 'input.kind': 'kind' }

function ChangePool({ proposal, pool, onDone }: { proposal: Proposal; pool: Pool; onDone: (done: string, name: string) => void }) {
  const [name, setName] = useState(pool.name)
  const [rule, setRule] = useState(pool.rule)
  const [kind, setKind] = useState<RingFenceKind>(pool.kind)
  const form = useForm()
  const { errors, problem, busy, attempt } = form

  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (!name.trim()) found.push({ field: 'name', message: 'Enter a name for the pool' })
    if (!rule.trim()) found.push({ field: 'rule', message: 'Enter the rule that made the pool' })
    void form.submit(found, async () => {
      const saved = await request(RingFencesPageUpdateDocument, {
        input: { id: pool.id, expectedVersion: pool.version, name: name.trim(), rule: rule.trim(), kind },
      })
      onDone('changed', saved.updateRingFence.name)
    }, (apiError) => {
      const field = poolFields[apiError.field ?? '']
      if ((apiError.code === 'BAD_USER_INPUT' || apiError.code === 'NOT_FOUND') && field) {
        form.setErrors([{ field, message: summaryMessage(apiError.message) }])
      } else form.setProblem(saveProblem(apiError))
      return true
    })
  }

  return (
    <>
      <BackToPools proposal={proposal} />
      <ErrorSummary errors={errors} />
      {problem && <RefusalSummary title="The pool could not be changed" error={problem} proposalId={proposal.id} />}
      <PageHeading title={`Change ${pool.name}: ${proposal.title}`} caption={proposal.title}>Change {pool.name}</PageHeading>
      <form noValidate onSubmit={save}>
        <TextInput id="name" label="Name" hint="For example “SEN Caseworker pool”." value={name} onInput={setName} error={errorFor(errors, 'name')} />
        <Textarea
          id="rule"
          label="The rule that made the pool"
          hint="Part of the selection method disclosed to the union representatives (section 188(4)(d)). For example: “60% rule: current caseworkers whose job matches at least 60% of the new job description”."
          rows={4}
          value={rule}
          onInput={setRule}
          error={errorFor(errors, 'rule')}
        />
        <ChoiceField
          id="kind"
          label="What is the pool for?"
          choices={(Object.keys(ringFenceKindLabel) as RingFenceKind[]).map((k) => ({ value: k, label: ringFenceKindLabel[k], hint: kindHints[k] }))}
          values={[kind]}
          onChange={(chosen) => setKind(chosen[0] as RingFenceKind)}
          error={errorFor(errors, 'kind')}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Save the pool</Button>
          <Link href={`/proposals/${proposal.id}/ring-fences`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

// ---------------------------------------------------------------------------------------
// Adding members

function AddMembers({ proposal, pool, onDone }: { proposal: Proposal; pool: Pool; onDone: (done: string, name: string) => void }) {
  const all = useAllEmployees(RingFencesPageEmployeesDocument, proposal.id)
  const [chosen, setChosen] = useState<string[]>([])
  const [reasons, setReasons] = useState<Record<string, string>>({})
  const [filter, setFilter] = useState('')
  const { errors, setErrors, problem, setProblem, busy, attempt, submit } = useForm()

  if (all.problem) return <ProblemPage error={all.problem} />
  if (!all.employees) return <Loading />
  const members = new Set(pool.members.map((m) => m.id))
  const fromPosts = new Set(pool.fromPosts.map((p) => p.id))
  const candidates = all.employees.filter((e) => !members.has(e.id))
  const holdsFromPost = (e: Employee) => e.holdings.some((h) => h.post && fromPosts.has(h.post.id))
  const byId = new Map(candidates.map((e) => [e.id, e]))
  const wanted = filter.trim().toLowerCase()
  const shown = candidates.filter(
    (e) => !wanted || e.name.toLowerCase().includes(wanted) || e.employeeNumber.toLowerCase().includes(wanted) || chosen.includes(e.id),
  )
  const reasonId = (employeeId: string) => `reason-${employeeId}`

  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (chosen.length === 0) found.push({ field: 'members', message: 'Choose who to add to the pool' })
    for (const employeeId of chosen) {
      const employee = byId.get(employeeId)
      const reason = (reasons[employeeId] ?? '').trim()
      if (employee && !reason && !holdsFromPost(employee)) {
        found.push({
          field: reasonId(employeeId),
          message: `Enter why ${employee.name} is in the pool: they hold none of its current posts`,
        })
      }
    }
    const memberReasons = chosen
      .filter((employeeId) => (reasons[employeeId] ?? '').trim())
      .map((employeeId) => ({ employeeId, reason: reasons[employeeId].trim() }))
    void submit(
      found,
      async () => {
        await request(RingFencesPageAddMembersDocument, {
          input: { id: pool.id, expectedVersion: pool.version, memberIds: chosen, memberReasons },
        })
        onDone('added', pool.name)
      },
      // Every refusal is placed here: the field paths carry indexes into what was sent, and
      // what is not about a field is told through saveProblem.
      (apiError) => {
        // input.memberIds[i] names a chosen employee; input.memberReasons[i] one of the reasons sent.
        const memberAt = apiError.field?.match(/^input\.memberIds\[(\d+)\]/)
        const reasonAt = apiError.field?.match(/^input\.memberReasons\[(\d+)\]/)
        const employeeId = memberAt ? chosen[Number(memberAt[1])] : reasonAt ? memberReasons[Number(reasonAt[1])]?.employeeId : undefined
        if ((apiError.code === 'BAD_USER_INPUT' || apiError.code === 'NOT_FOUND') && (employeeId || apiError.field === 'input.memberIds')) {
          const field = employeeId && reasonAt ? reasonId(employeeId) : employeeId && apiError.code === 'BAD_USER_INPUT' ? reasonId(employeeId) : 'members'
          setErrors([{ field, message: summaryMessage(apiError.message) }])
        } else setProblem(saveProblem(apiError))
        return true
      },
    )
  }

  return (
    <>
      <BackToPools proposal={proposal} />
      <ErrorSummary errors={errors} />
      {problem && <RefusalSummary title="The members could not be added" error={problem} proposalId={proposal.id} />}
      <PageHeading title={`Add members to ${pool.name}: ${proposal.title}`} caption={proposal.title}>Add members to {pool.name}</PageHeading>
      <p class="govuk-body">
        Now {competition(pool)}. Its current posts: {pool.fromPosts.map((p) => p.title).join(', ') || 'none'}.
      </p>
      {candidates.length === 0 ? (
        <>
          <p class="govuk-body">Every employee of this proposal is already in the pool.</p>
          <p class="govuk-body">
            <Link href={`/proposals/${proposal.id}/ring-fences`}>Go back to the ring-fence pools</Link>
          </p>
        </>
      ) : (
        <form noValidate onSubmit={save}>
          {candidates.length > 10 && (
            <TextInput
              id="member-filter"
              label="Find an employee by name or employee number"
              hint="Only narrows the list below; those already chosen stay in it."
              value={filter}
              onInput={setFilter}
              spellcheck={false}
            />
          )}
          <ChoiceField
            id="members"
            label="Who joins the pool?"
            hint="Anyone who holds none of the pool’s current posts needs a reason."
            multiple
            choices={shown.map((e) => ({
              value: e.id,
              label: e.name,
              hint: e.holdings.filter((h) => h.post).map((h) => h.post!.title).join(', ') || 'Holds no post',
            }))}
            values={chosen}
            onChange={setChosen}
            error={errorFor(errors, 'members')}
          />
          {chosen.map((employeeId) => {
            const employee = byId.get(employeeId)
            if (!employee) return null
            const needed = !holdsFromPost(employee)
            return (
              <Textarea
                key={employeeId}
                id={reasonId(employeeId)}
                label={`Why is ${employee.name} in the pool?${needed ? '' : ' (optional)'}`}
                hint={needed ? 'They hold none of the pool’s current posts, so a reason is needed.' : undefined}
                rows={2}
                value={reasons[employeeId] ?? ''}
                onInput={(value) => setReasons((r) => ({ ...r, [employeeId]: value }))}
                error={errorFor(errors, reasonId(employeeId))}
              />
            )
          })}
          <div class="govuk-button-group">
            <Button key={attempt} disabled={busy}>Add to the pool</Button>
            <Link href={`/proposals/${proposal.id}/ring-fences`}>Cancel</Link>
          </div>
        </form>
      )}
    </>
  )
}

// ---------------------------------------------------------------------------------------
// Removing a pool

function RemovePool({ proposal, pool, onDone }: { proposal: Proposal; pool: Pool; onDone: (done: string, name: string) => void }) {
  const form = useForm()
  const { problem, busy, attempt } = form
  const remove = (event: Event) => {
    event.preventDefault()
    void form.submit([], async () => {
      await request(RingFencesPageDeleteDocument, { input: { id: pool.id, expectedVersion: pool.version } })
      onDone('removed', pool.name)
    }, (apiError) => {
      form.setProblem(saveProblem(apiError))
      return true
    })
  }
  return (
    <>
      <BackToPools proposal={proposal} />
      {problem && <RefusalSummary title="The pool could not be removed" error={problem} proposalId={proposal.id} />}
      <PageHeading title={`Remove ${pool.name}: ${proposal.title}`} caption={proposal.title}>
        Are you sure you want to remove {pool.name}?
      </PageHeading>
      <SummaryList
        rows={[
          { key: 'Kind', value: ringFenceKindLabel[pool.kind] },
          { key: 'Selection rule', value: <span class="app-pre-wrap">{pool.rule}</span> },
          { key: 'Size', value: competition(pool) },
        ]}
      />
      <WarningText>
        Its members stay in the proposal, but are no longer in this pool. If the selection method disclosed to the
        representatives relied on it, tell them of the change.
      </WarningText>
      <form noValidate onSubmit={remove}>
        <div class="govuk-button-group">
          <Button key={attempt} warning disabled={busy}>Yes, remove the pool</Button>
          <Link href={`/proposals/${proposal.id}/ring-fences`}>No, keep it</Link>
        </div>
      </form>
    </>
  )
}
