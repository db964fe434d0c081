// The HR workspace of one proposal: where it stands, the lifecycle steps open to it now,
// and every section of the pack as a GOV.UK task list, each marked from the data itself.
import { useEffect, useRef, useState } from 'preact/hooks'
import { type ApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { useForm } from '../../form'
import { graphql } from '../../gql'
import type { ProposalActionInput, ProposalStatus, WorkspacePageQuery } from '../../gql/graphql'
import {
  Button,
  ErrorSummary,
  type FieldError,
  Loading,
  NotificationBanner,
  PageHeading,
  ProblemPage,
  SummaryList,
  Tag,
  Textarea,
  WarningText,
  errorFor,
} from '../../components/govuk'
import { daysUntil, formatDate, formatDateTime, formatMoney, plural } from '../../format'
import { Link, useLocation } from '../../router'
import { statusLabel } from '../../labels'
import { pageProblem } from '../../components/pageProblem'
import { RefusalSummary, sectionTitles } from './workspaceKit'
import { EarlierDay, earlierDayProblem } from '../../components/EarlierDay'
import { focusBanner } from '../../focus'
import { WorkspaceFrame } from './WorkspaceNav'

const WorkspacePageDocument = graphql(`
  query WorkspacePage($id: ID!) {
    proposal(id: $id) {
      id title service establishment establishmentJurisdiction status version
      sharedWithUnionsAt consultationOpenedAt withdrawnReason
      recognisedUnions
      sponsor { id name }
      background rationale proposalText benefits
      alternatives { id whyRejected }
      risks { id mitigation }
      equalityAnalysis equalityAnalysisComplete agencyWorkers
      selectionMethod dismissalMethod redundancyPayMethod
      establishmentWorkforce { total }
      posts(first: 100) {
        totalCount
        nodes { id current { headcount } proposed { headcount jobDescription { id } } }
      }
      employees(first: 1) { totalCount }
      affectedWithoutAccountCount
      ringFences { id }
      jobDescriptions { id title }
      timetable { consultationStart consultationEnd plannedFirstDismissal }
      checklist { id completedAt overdue }
      approvals { id decision }
      revisions { number }
      costs { saving }
      s188 { applies hr1DueDate hr1MadeOn }
      feedbackSummary { responses }
      bundlePath
    }
    feedbackForm(proposalId: $id) { version templateName questions { key } }
  }
`)

// One mutation per lifecycle step; each answers with the proposal's new state.
const WorkspaceShareDocument = graphql(`
  mutation WorkspaceShare($input: ProposalActionInput!) { shareProposalWithUnions(input: $input) { id status version } }
`)
const WorkspaceSubmitDocument = graphql(`
  mutation WorkspaceSubmit($input: ProposalActionInput!) { submitForApproval(input: $input) { id status version } }
`)
const WorkspaceApproveDocument = graphql(`
  mutation WorkspaceApprove($input: ProposalActionInput!) { approveProposal(input: $input) { id status version } }
`)
const WorkspaceOpenDocument = graphql(`
  mutation WorkspaceOpen($input: ProposalActionInput!) { openConsultation(input: $input) { id status version } }
`)
const WorkspaceCloseDocument = graphql(`
  mutation WorkspaceClose($input: ProposalActionInput!) { closeConsultation(input: $input) { id status version } }
`)
const WorkspaceDecideDocument = graphql(`
  mutation WorkspaceDecide($input: ProposalActionInput!) { recordDecision(input: $input) { id status version } }
`)
const WorkspaceImplementDocument = graphql(`
  mutation WorkspaceImplement($input: ProposalActionInput!) { startImplementation(input: $input) { id status version } }
`)
const WorkspaceCompleteDocument = graphql(`
  mutation WorkspaceComplete($input: ProposalActionInput!) { completeProposal(input: $input) { id status version } }
`)
const WorkspaceReturnDocument = graphql(`
  mutation WorkspaceReturn($input: ProposalActionInput!) { returnToDraft(input: $input) { id status version } }
`)
const WorkspaceWithdrawDocument = graphql(`
  mutation WorkspaceWithdraw($input: WithdrawProposalInput!) { withdrawProposal(input: $input) { id status version } }
`)

type Proposal = WorkspacePageQuery['proposal']
type Form = WorkspacePageQuery['feedbackForm']
// Once consultation opens, staff answer the form in use.
const FORM_LIVE = new Set(['CONSULTING', 'CONSULTATION_CLOSED', 'DECIDED', 'IMPLEMENTING', 'COMPLETED'])

type ActionKind = 'share' | 'submit' | 'approve' | 'open' | 'close' | 'decide' | 'implement' | 'complete' | 'return' | 'withdraw'

/** The steps that may be recorded after the fact (`occurredOn`): a briefing or opening already done. */
const backDatable: ActionKind[] = ['share', 'open']

interface Action {
  /** The button, and the heading of its confirmation. */
  label: string
  /** What happens, said before HR confirms. */
  explain: (p: Proposal) => string
  /** The banner after it is done. */
  done: (p: Proposal) => string
  from: ProposalStatus[]
  style?: 'secondary' | 'warning'
}

const beforeDecision: ProposalStatus[] = ['DRAFT', 'IN_APPROVAL', 'APPROVED', 'CONSULTING', 'CONSULTATION_CLOSED']

/** The lifecycle steps, in the order their buttons appear. The server checks every gate. */
const actions: Record<ActionKind, Action> = {
  share: {
    label: 'Share with unions',
    from: ['DRAFT', 'IN_APPROVAL', 'APPROVED'],
    explain: (p) =>
      `The representatives of ${unionList(p)} can read the proposal and comment on it before formal consultation. From now on, each change you save makes a new revision they can compare.`,
    done: (p) => `The proposal has been shared with ${unionList(p)}.`,
  },
  submit: {
    label: 'Submit for approval',
    from: ['DRAFT'],
    explain: () => 'The approvers named on the sign-off checklist are asked to approve it. It can be returned to draft for more work.',
    done: () => 'The proposal has been submitted for approval.',
  },
  approve: {
    label: 'Mark as approved',
    from: ['IN_APPROVAL'],
    explain: () => 'This needs a complete equality analysis and every approval on the sign-off checklist. Consultation can then be opened.',
    done: () => 'The proposal is approved. You can now open the consultation.',
  },
  open: {
    label: 'Open consultation',
    from: ['APPROVED'],
    explain: () =>
      'Affected staff are emailed and can read the proposal and respond until the consultation closes. This needs the unions to have been briefed, the timetable set and, where section 188 applies, the s188(4) disclosure.',
    done: () => 'Consultation is open. Affected staff have been told and can respond.',
  },
  close: {
    label: 'Close consultation',
    from: ['CONSULTING'],
    explain: (p) =>
      p.timetable.consultationEnd && daysUntil(p.timetable.consultationEnd) >= 0
        ? `The consultation is due to run until ${formatDate(p.timetable.consultationEnd)}. Once closed, staff can no longer respond unless you accept a late response.`
        : 'Staff can no longer respond unless you accept a late response. You then write the outcome report and record the decision.',
    done: () => 'Consultation is closed. Write the outcome report, then record the decision.',
  },
  decide: {
    label: 'Record the decision',
    from: ['CONSULTATION_CLOSED'],
    explain: () => 'This needs every question answered and the outcome report completed. Staff and the unions are told the decision.',
    done: () => 'The decision has been recorded and published.',
  },
  implement: {
    label: 'Start implementation',
    from: ['DECIDED'],
    explain: () => 'The proposal is being put into effect: follow the implementation plan on the timetable page.',
    done: () => 'Implementation has started.',
  },
  complete: {
    label: 'Mark as completed',
    from: ['IMPLEMENTING'],
    explain: () => 'The restructure is done. The proposal and its records stay available to read.',
    done: () => 'The proposal is completed.',
  },
  return: {
    label: 'Return to draft',
    from: ['IN_APPROVAL', 'APPROVED'],
    style: 'secondary',
    explain: () => 'It goes back to draft for more work, and must be submitted for approval again.',
    done: () => 'The proposal is back in draft.',
  },
  withdraw: {
    label: 'Withdraw proposal',
    from: beforeDecision,
    style: 'warning',
    explain: () => 'Staff and the unions are told that the proposal is withdrawn, with your reason. Emails still waiting to go are cancelled. This cannot be undone.',
    done: () => 'The proposal has been withdrawn.',
  },
}

function unionList(p: Proposal): string {
  const unions = p.recognisedUnions
  if (unions.length === 0) return 'the recognised unions'
  return unions.length === 1 ? unions[0] : `${unions.slice(0, -1).join(', ')} and ${unions[unions.length - 1]}`
}

function available(p: Proposal): ActionKind[] {
  return (Object.keys(actions) as ActionKind[]).filter((kind) => {
    if (!actions[kind].from.includes(p.status)) return false
    // Sharing again changes nothing once shared.
    if (kind === 'share' && p.sharedWithUnionsAt) return false
    return true
  })
}

async function run(kind: ActionKind, input: ProposalActionInput, reason: string): Promise<void> {
  switch (kind) {
    case 'share': await request(WorkspaceShareDocument, { input }); return
    case 'submit': await request(WorkspaceSubmitDocument, { input }); return
    case 'approve': await request(WorkspaceApproveDocument, { input }); return
    case 'open': await request(WorkspaceOpenDocument, { input }); return
    case 'close': await request(WorkspaceCloseDocument, { input }); return
    case 'decide': await request(WorkspaceDecideDocument, { input }); return
    case 'implement': await request(WorkspaceImplementDocument, { input }); return
    case 'complete': await request(WorkspaceCompleteDocument, { input }); return
    case 'return': await request(WorkspaceReturnDocument, { input }); return
    case 'withdraw': await request(WorkspaceWithdrawDocument, { input: { ...input, reason } }); return
  }
}

// ---- The task list ----

type TaskState = 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETED'

interface Task {
  key: string
  name: string
  href: string
  state: TaskState
  hint?: string
}

const filled = (text: string) => text.trim().length > 0

function textState(text: string): TaskState {
  return filled(text) ? 'COMPLETED' : 'NOT_STARTED'
}

function words(text: string): string | undefined {
  const count = text.trim() ? text.trim().split(/\s+/).length : 0
  return count ? plural(count, 'word') : undefined
}

function tasks(p: Proposal, form: Form, responses: number): { heading: string; tasks: Task[] }[] {
  const base = `/proposals/${p.id}`
  const section = (key: string) => `${base}/manage/${key}`
  const text = (key: string, value: string): Task => ({
    key,
    name: sectionTitles[key],
    href: section(key),
    state: textState(value),
    hint: words(value),
  })

  const detailsDone = p.recognisedUnions.length > 0 && p.sponsor != null
  const details: Task = {
    key: 'details',
    name: sectionTitles.details,
    href: section('details'),
    state: detailsDone ? 'COMPLETED' : 'IN_PROGRESS',
    hint: [
      p.sponsor ? `Sponsor: ${p.sponsor.name}` : 'No sponsoring manager yet',
      p.recognisedUnions.length ? `Unions: ${p.recognisedUnions.join(', ')}` : 'No recognised unions yet',
    ].join('. '),
  }

  const listState = (count: number, incomplete: number): TaskState =>
    count === 0 ? 'NOT_STARTED' : incomplete > 0 ? 'IN_PROGRESS' : 'COMPLETED'
  const altIncomplete = p.alternatives.filter((a) => !filled(a.whyRejected)).length
  const riskIncomplete = p.risks.filter((r) => !filled(r.mitigation)).length

  const equality: Task = {
    key: 'equality',
    name: sectionTitles.equality,
    href: section('equality'),
    state: p.equalityAnalysisComplete && filled(p.equalityAnalysis) ? 'COMPLETED' : filled(p.equalityAnalysis) ? 'IN_PROGRESS' : 'NOT_STARTED',
    hint: p.equalityAnalysisComplete ? 'Marked complete' : filled(p.equalityAnalysis) ? 'Not yet marked complete' : undefined,
  }
  // The three methods (s188(4)(d) to (f)) and the establishment's workforce (s188(4)(c)).
  const s188Done = [p.selectionMethod, p.dismissalMethod, p.redundancyPayMethod].filter(filled).length + (p.establishmentWorkforce ? 1 : 0)
  const s188Items: Task = {
    key: 's188-items',
    name: sectionTitles['s188-items'],
    href: section('s188-items'),
    state: s188Done === 0 ? 'NOT_STARTED' : s188Done < 4 ? 'IN_PROGRESS' : 'COMPLETED',
    hint: `${s188Done} of 4 given`,
  }

  const posts = p.posts.nodes
  const hasCurrent = posts.some((post) => post.current)
  const hasProposed = posts.some((post) => post.proposed)
  const structure: Task = {
    key: 'structure',
    name: 'Structure and costs',
    href: `${base}/structure`,
    state: p.posts.totalCount === 0 ? 'NOT_STARTED' : hasCurrent && hasProposed ? 'COMPLETED' : 'IN_PROGRESS',
    hint:
      p.posts.totalCount === 0
        ? undefined
        : `${plural(p.posts.totalCount, 'post line')}${Number(p.costs.saving) !== 0 ? `, saving ${formatMoney(p.costs.saving)} a year` : ''}`,
  }
  const employees = p.employees.totalCount
  const people: Task = {
    key: 'people',
    name: 'People and impacts',
    href: `${base}/people`,
    state: employees === 0 ? 'NOT_STARTED' : 'COMPLETED',
    hint: employees === 0 ? undefined : `${plural(employees, 'employee')}, ${plural(p.ringFences.length, 'ring-fence pool')}`,
  }
  const proposedPosts = posts.filter((post) => post.proposed)
  const withJd = proposedPosts.filter((post) => post.proposed?.jobDescription).length
  const jds = p.jobDescriptions
  const jobDescriptions: Task = {
    key: 'job-descriptions',
    name: 'Job descriptions',
    // One JD opens straight in its editor; several are listed on the structure page.
    href: jds.length === 1 ? `${base}/job-descriptions/${jds[0].id}/edit` : `${base}/structure`,
    state: jds.length === 0 ? 'NOT_STARTED' : proposedPosts.length > 0 && withJd < proposedPosts.length ? 'IN_PROGRESS' : 'COMPLETED',
    hint:
      jds.length === 0
        ? undefined
        : `${plural(jds.length, 'job description')}${proposedPosts.length ? `; ${withJd} of ${plural(proposedPosts.length, 'proposed post')} linked to one` : ''}`,
  }

  const t = p.timetable
  const dates = [t.consultationStart, t.consultationEnd, t.plannedFirstDismissal].filter(Boolean).length
  const timetable: Task = {
    key: 'timetable',
    name: 'Timetable and s188',
    href: `${base}/timetable`,
    state: dates === 0 ? 'NOT_STARTED' : dates < 3 ? 'IN_PROGRESS' : 'COMPLETED',
    hint: t.consultationStart && t.consultationEnd ? `Consultation ${formatDate(t.consultationStart)} to ${formatDate(t.consultationEnd)}` : undefined,
  }
  const stepsDone = p.checklist.filter((step) => step.completedAt).length
  const approvalsDone = p.approvals.filter((a) => a.decision && a.decision !== 'REJECT').length
  const checklistEmpty = p.checklist.length === 0 && p.approvals.length === 0
  const checklist: Task = {
    key: 'checklist',
    name: 'Sign-off checklist and approvals',
    href: `${base}/checklist`,
    state: checklistEmpty
      ? 'NOT_STARTED'
      : stepsDone === p.checklist.length && approvalsDone === p.approvals.length
        ? 'COMPLETED'
        : 'IN_PROGRESS',
    hint: checklistEmpty
      ? undefined
      : `${stepsDone} of ${plural(p.checklist.length, 'step')} done, ${approvalsDone} of ${plural(p.approvals.length, 'approval')}`,
  }
  // Version 0 is the default form, never chosen for this proposal. Once consultation opens,
  // the form in use (chosen or standard) is live and the task is done whatever its version.
  const live = FORM_LIVE.has(p.status)
  const formName = form.version === 0 ? 'The standard form' : form.templateName
  const feedbackForm: Task = {
    key: 'form',
    name: 'Feedback form',
    href: `${base}/form`,
    state: live || form.version !== 0 ? 'COMPLETED' : 'NOT_STARTED',
    hint: live
      ? `${formName} ${p.status === 'CONSULTING' ? 'is live' : 'closed'} with ${plural(responses, 'response')}`
      : form.version === 0
        ? `The standard form is used until you set one`
        : `${form.templateName}, ${plural(form.questions.length, 'question')}`,
  }

  return [
    {
      heading: 'Write the proposal',
      tasks: [
        details,
        text('background', p.background),
        text('rationale', p.rationale),
        text('proposal', p.proposalText),
        text('benefits', p.benefits),
        {
          key: 'alternatives',
          name: sectionTitles.alternatives,
          href: section('alternatives'),
          state: listState(p.alternatives.length, altIncomplete),
          hint: p.alternatives.length ? plural(p.alternatives.length, 'option') : undefined,
        },
        {
          key: 'risks',
          name: sectionTitles.risks,
          href: section('risks'),
          state: listState(p.risks.length, riskIncomplete),
          hint: p.risks.length ? plural(p.risks.length, 'risk') : undefined,
        },
      ],
    },
    {
      heading: 'Assess and disclose',
      tasks: [equality, { ...text('agency-workers', p.agencyWorkers) }, s188Items],
    },
    { heading: 'Structure and people', tasks: [structure, people, jobDescriptions] },
    { heading: 'Consultation and sign-off', tasks: [timetable, checklist, feedbackForm] },
  ]
}

function TaskStatus({ state }: { state: TaskState }) {
  // GOV.UK's task list: "Completed" is plain text, the others are tags.
  if (state === 'COMPLETED') return <>Completed</>
  if (state === 'IN_PROGRESS') return <Tag colour="light-blue">In progress</Tag>
  return <Tag colour="blue">Not started</Tag>
}

function TaskList({ items, group }: { items: Task[]; group: number }) {
  return (
    <ul class="govuk-task-list">
      {items.map((task) => {
        const id = `task-${group}-${task.key}`
        return (
          <li class="govuk-task-list__item govuk-task-list__item--with-link" key={task.key}>
            <div class="govuk-task-list__name-and-hint">
              <Link
                href={task.href}
                class="govuk-link govuk-task-list__link"
                aria-describedby={`${task.hint ? `${id}-hint ` : ''}${id}-status`}
              >
                {task.name}
              </Link>
              {task.hint && <div id={`${id}-hint`} class="govuk-task-list__hint">{task.hint}</div>}
            </div>
            <div class="govuk-task-list__status" id={`${id}-status`}>
              <TaskStatus state={task.state} />
            </div>
          </li>
        )
      })}
    </ul>
  )
}

// ---- The page ----

type Outcome = { kind: 'done'; message: string } | { kind: 'refused'; error: ApiError; label: string } | { kind: 'conflict'; message: string }

export function WorkspacePage({ params }: { params: Record<string, string> }) {
  const { data, error, reload } = useQuery(WorkspacePageDocument, { id: params.id })
  const location = useLocation()
  const [pending, setPending] = useState<ActionKind | null>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [reason, setReason] = useState('')
  const [occurredOn, setOccurredOn] = useState('')
  const { errors: reasonErrors, setErrors: setReasonErrors, busy, attempt, submit } = useForm()
  const confirmRef = useRef<HTMLHeadingElement>(null)
  const bannerRef = useRef<HTMLDivElement>(null)

  // The confirmation takes focus so keyboard and screen reader users land on it.
  useEffect(() => {
    if (pending) confirmRef.current?.focus()
  }, [pending])
  useEffect(() => {
    if (outcome?.kind === 'done' || outcome?.kind === 'conflict') focusBanner(bannerRef.current)
  }, [outcome])

  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const proposal = data.proposal
  const groups = tasks(proposal, data.feedbackForm, proposal.feedbackSummary.responses)
  const all = groups.flatMap((g) => g.tasks)
  const completed = all.filter((task) => task.state === 'COMPLETED').length
  const [statusText, statusColour] = statusLabel[proposal.status]
  const saved = location.query.get('saved')

  const confirm = async () => {
    if (!pending) return
    const kind = pending
    const earlier = backDatable.includes(kind) ? occurredOn.trim() : ''
    const found: FieldError[] = []
    if (kind === 'withdraw' && !reason.trim()) found.push({ field: 'withdraw-reason', message: 'Enter why the proposal is withdrawn' })
    else {
      const dayProblem = earlierDayProblem(earlier)
      if (dayProblem) found.push({ field: 'occurred-on', message: dayProblem })
    }
    const action = actions[kind]
    await submit(
      found,
      async () => {
        // Only the back-datable steps take `occurredOn` (withdrawing has an input of its own).
        await run(kind, { id: proposal.id, expectedVersion: proposal.version, ...(earlier ? { occurredOn: earlier } : {}) }, reason.trim())
        setOutcome({ kind: 'done', message: `${action.done(proposal)}${earlier ? ` It is recorded as done on ${formatDate(earlier)}.` : ''}` })
        setPending(null)
        setReason('')
        setOccurredOn('')
        reload()
      },
      // Every refusal is dealt with here: a conflict or a refusal of the step itself is told
      // above the page, and only a refused day or reason stays on the confirmation.
      (apiError) => {
        if (apiError.code === 'CONFLICT') {
          setOutcome({ kind: 'conflict', message: 'Someone else changed this proposal while you were looking at it. It has been reloaded: check it, then try again.' })
          setPending(null)
          reload()
        } else if (apiError.code === 'BAD_USER_INPUT' && earlier && apiError.field === 'input.occurredOn') {
          setReasonErrors([{ field: 'occurred-on', message: apiError.message }])
        } else if (apiError.code === 'BAD_USER_INPUT' && kind === 'withdraw') {
          setReasonErrors([{ field: 'withdraw-reason', message: apiError.message }])
        } else {
          setOutcome({ kind: 'refused', error: apiError, label: action.label })
          setPending(null)
        }
        return true
      },
    )
  }

  const start = (kind: ActionKind) => {
    setOutcome(null)
    setReasonErrors([])
    setOccurredOn('')
    setPending(kind)
  }

  const nextSteps = available(proposal)
  const t = proposal.timetable
  const s188 = proposal.s188
  const keyRows = [
    { key: 'Status', value: <Tag colour={statusColour}>{statusText}</Tag> },
    { key: 'Service', value: proposal.service },
    { key: 'Establishment', value: proposal.establishment },
    { key: 'Sponsoring manager', value: proposal.sponsor?.name ?? 'Not named yet' },
    {
      key: 'Shared with unions',
      value: proposal.sharedWithUnionsAt
        ? `${formatDateTime(proposal.sharedWithUnionsAt)}${proposal.revisions.length > 1 ? ` (revision ${proposal.revisions[proposal.revisions.length - 1].number} now)` : ''}`
        : 'Not yet',
    },
    {
      key: 'Consultation',
      value:
        t.consultationStart || t.consultationEnd ? (
          <>
            {formatDate(t.consultationStart)} to {formatDate(t.consultationEnd)}
            {proposal.status === 'CONSULTING' && t.consultationEnd && daysUntil(t.consultationEnd) >= 0 && (
              <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">Closes in {plural(daysUntil(t.consultationEnd), 'day')}</span>
            )}
          </>
        ) : (
          'Not set'
        ),
    },
    { key: 'Planned first dismissal', value: t.plannedFirstDismissal ? formatDate(t.plannedFirstDismissal) : 'Not set' },
  ]
  if (s188.applies) {
    keyRows.push({
      key: 'HR1 to the Secretary of State',
      value: s188.hr1MadeOn ? `Made on ${formatDate(s188.hr1MadeOn)}` : s188.hr1DueDate ? `Due by ${formatDate(s188.hr1DueDate)}` : 'Not yet due',
    })
  }

  return (
    <WorkspaceFrame proposalId={proposal.id} current="manage">
      <div ref={bannerRef}>
        {outcome?.kind === 'done' && <NotificationBanner success>
          <p class="govuk-notification-banner__heading">{outcome.message}</p>
        </NotificationBanner>}
        {outcome?.kind === 'conflict' && <NotificationBanner title="Important">
          <p class="govuk-notification-banner__heading">{outcome.message}</p>
        </NotificationBanner>}
        {!outcome && saved && sectionTitles[saved] && (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">{sectionTitles[saved]} saved.</p>
          </NotificationBanner>
        )}
      </div>
      {outcome?.kind === 'refused' && (
        <RefusalSummary title={`You cannot ${outcome.label.toLowerCase()} yet`} error={outcome.error} proposalId={proposal.id} />
      )}
      <PageHeading title={proposal.title} caption="Manage a proposal">{proposal.title}</PageHeading>
      {proposal.status === 'WITHDRAWN' && proposal.withdrawnReason && (
        <WarningText>Withdrawn: {proposal.withdrawnReason}</WarningText>
      )}
      {proposal.affectedWithoutAccountCount > 0 && (
        <WarningText>
          {proposal.affectedWithoutAccountCount === 1 ? '1 affected employee has' : `${proposal.affectedWithoutAccountCount} affected employees have`} no
          account: they hear nothing from Consult until they are invited.{' '}
          <Link href={`/proposals/${proposal.id}/people`}>Invite them from People and impacts</Link>
        </WarningText>
      )}
      <SummaryList rows={keyRows} />

      <h2 class="govuk-heading-m" id="next-steps">What you can do next</h2>
      {pending ? (
        <div class="app-confirm">
          <h3 class="govuk-heading-m" tabIndex={-1} ref={confirmRef}>{actions[pending].label}?</h3>
          <p class="govuk-body">{actions[pending].explain(proposal)}</p>
          <ErrorSummary errors={reasonErrors} />
          {pending === 'withdraw' && (
            <Textarea
              id="withdraw-reason"
              label="Why is it withdrawn?"
              hint="Staff and the unions will read this."
              value={reason}
              onInput={setReason}
              rows={4}
              error={errorFor(reasonErrors, 'withdraw-reason')}
            />
          )}
          {backDatable.includes(pending) && (
            <EarlierDay
              id="occurred-on"
              hint={
                pending === 'share'
                  ? 'If the unions were given the proposal before today, the day they were. It is recorded as that day, and the audit log says it was recorded later.'
                  : 'If consultation opened before today, the day it did. It is recorded as that day, and Consult does not email staff that they can respond.'
              }
              value={occurredOn}
              onInput={setOccurredOn}
              error={errorFor(reasonErrors, 'occurred-on')}
            />
          )}
          <div class="govuk-button-group">
            <Button key={`confirm-${attempt}`} type="button" warning={actions[pending].style === 'warning'} disabled={busy} onClick={confirm}>
              {pending === 'withdraw' ? 'Withdraw the proposal' : `Yes, ${actions[pending].label.toLowerCase()}`}
            </Button>
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setPending(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      ) : nextSteps.length === 0 ? (
        <p class="govuk-body">
          {proposal.status === 'COMPLETED' ? 'This proposal is completed.' : proposal.status === 'WITHDRAWN' ? 'This proposal was withdrawn.' : 'There is nothing to do here now.'}
        </p>
      ) : (
        <div class="govuk-button-group">
          {nextSteps.map((kind) => (
            <Button key={`${kind}-${attempt}`} type="button" secondary={actions[kind].style === 'secondary'} warning={actions[kind].style === 'warning'} onClick={() => start(kind)}>
              {actions[kind].label}
            </Button>
          ))}
        </div>
      )}

      {proposal.bundlePath && (
        <>
          <h2 class="govuk-heading-m" id="bundle">The record of the consultation</h2>
          <p class="govuk-body">
            Everything Consult holds about this consultation in one ZIP file, for a tribunal, an auditor or your own files: a printable
            index and chronology, the revisions, the s188 disclosures, meeting minutes, questions and answers, responses, the outcome
            and the letters, with a manifest of hashes to show nothing has changed.
          </p>
          <p class="govuk-body">
            <a class="govuk-link" href={proposal.bundlePath} download>
              Download the consultation bundle (ZIP)
            </a>
          </p>
        </>
      )}

      <h2 class="govuk-heading-m">Sections of the proposal</h2>
      <p class="govuk-body">
        You have completed {completed} of {plural(all.length, 'section')}.
      </p>
      {groups.map((group, index) => (
        <section key={group.heading} aria-labelledby={`task-group-${index}`}>
          <h3 class="govuk-heading-s" id={`task-group-${index}`}>{index + 1}. {group.heading}</h3>
          <TaskList items={group.tasks} group={index} />
        </section>
      ))}
    </WorkspaceFrame>
  )
}
