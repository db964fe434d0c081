// The sign-off checklist of a proposal for HR: its steps in order (overdue ones said in
// words, not colour alone), set up from a template, changed until approval; and the
// approvals with who decides each. Each change is made on its own small page (`?view=…`).
import { useEffect, useRef, useState } from 'preact/hooks'
import { request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { ApprovalDecision, ChecklistPageQuery } from '../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  InsetText,
  Loading,
  NotificationBanner,
  PageHeading,
  Paragraphs,
  ProblemPage,
  SummaryList,
  Tag,
  TextInput,
  Textarea,
  WarningText,
  errorFor,
} from '../../components/govuk'
import { DateInput, checkDate } from '../../components/DateInput'
import { formatDate, formatDateTime, plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { statusLabel } from '../../labels'
import { pageProblem } from '../../components/pageProblem'
import { RefusalSummary } from './workspaceKit'
import { focusBanner } from '../../focus'
import { LONG_TEXT_MAX, tooLong } from '../../limits'
import { useForm } from '../../form'
import { CompleteStep } from '../../components/CompleteStep'
import { PlannedDate, SummaryCard, changedSinceText, roleLabel } from '../../components/planKit'
import { WorkspaceFrame } from './WorkspaceNav'
import { DecideApproval } from '../manager/MyTasks'

const ChecklistPageDocument = graphql(`
  query ChecklistPage($id: ID!) {
    proposal(id: $id) {
      id title status
      sponsor { id name }
      timetable { consultationStart consultationEnd }
      checklist {
        id position title description plannedDate overdue
        assignee { id name } assigneeRole
        completedAt completedBy { id name } completionNote earlyCompletionReason
      }
      approvals {
        id approverTitle approver { id name } decision comment decidedAt
        givenOnEarlierVersion changedSince needsReapproval proceedReason proceedAt
      }
    }
  }
`)
const ChecklistPageTemplatesDocument = graphql(`
  query ChecklistPageTemplates {
    checklistTemplates { id name approvals steps { title } }
  }
`)
const ChecklistPagePeopleDocument = graphql(`
  query ChecklistPagePeople {
    managers: users(role: MANAGER, first: 100) { nodes { id name email } }
    hr: users(role: HR_ADMIN, first: 100) { nodes { id name email } }
  }
`)
const ChecklistPageApplyDocument = graphql(`
  mutation ChecklistPageApply($proposalId: ID!, $templateId: ID) {
    applyChecklistTemplate(proposalId: $proposalId, templateId: $templateId) { id }
  }
`)
const ChecklistPageAddStepDocument = graphql(`
  mutation ChecklistPageAddStep($input: AddChecklistStepInput!) {
    addChecklistStep(input: $input) { id }
  }
`)
const ChecklistPageMoveDocument = graphql(`
  mutation ChecklistPageMove($input: ChecklistStepInput!) {
    moveOrRemoveChecklistStep(input: $input) { id position }
  }
`)
const ChecklistPageProceedDocument = graphql(`
  mutation ChecklistPageProceed($input: ProceedWithoutReapprovalInput!) {
    proceedWithoutReapproval(input: $input) { id needsReapproval proceedReason proceedAt }
  }
`)
const ChecklistPageAssignDocument = graphql(`
  mutation ChecklistPageAssign($input: AssignApproverInput!) {
    assignApprover(input: $input) { id approver { id name } }
  }
`)

type Proposal = ChecklistPageQuery['proposal']
type Step = Proposal['checklist'][number]
type Approval = Proposal['approvals'][number]

/**
 * HR records the decision of an approval with nobody named while the proposal is in approval,
 * and again once approved when it was given on an earlier version and must be given again.
 */
function decidable(proposal: Proposal, approval: Approval): boolean {
  if (proposal.status === 'IN_APPROVAL') return !approval.decision
  return proposal.status === 'APPROVED' && approval.needsReapproval
}

/** Steps are added, moved and removed until the proposal is approved. */
function editable(proposal: Proposal): boolean {
  return proposal.status === 'DRAFT' || proposal.status === 'IN_APPROVAL'
}

export const decisionLabel: Record<ApprovalDecision, [string, string]> = {
  APPROVE: ['Approved', 'green'],
  APPROVE_WITH_CONDITIONS: ['Approved with conditions', 'turquoise'],
  REJECT: ['Rejected', 'red'],
}

const doneMessages: Record<string, string> = {
  applied: 'The checklist and approvals have been set up from the template.',
  added: 'The step has been added to the end of the checklist.',
  moved: 'The step has been moved.',
  removed: 'The step has been removed.',
  completed: 'The step has been marked as complete.',
  assigned: 'The approver has been named. They can decide from their My tasks page once the proposal is in approval.',
  proceeded: 'Your reason has been recorded: consultation can open without these approvals given again.',
  // HR recorded the decision of an approval with nobody named.
  APPROVE: 'The approval has been recorded.',
  APPROVE_WITH_CONDITIONS: 'The approval and its conditions have been recorded.',
  REJECT: 'The rejection has been recorded: the proposal is back in draft.',
}

export function ChecklistPage({ params }: { params: Record<string, string> }) {
  const id = params.id
  const location = useLocation()
  const view = location.query.get('view')
  const { data, error, reload } = useQuery(ChecklistPageDocument, { id })
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const proposal = data.proposal
  // Shown again only once the list no longer holds what was just done (rows moving under a click).
  const finish = async (done: string) => {
    await reload()
    navigate(`/proposals/${id}/checklist?done=${done}`)
  }
  const step = proposal.checklist.find((s) => s.id === location.query.get('step'))
  const approval = proposal.approvals.find((a) => a.id === location.query.get('approval'))
  let content
  if (view === 'add-step' && editable(proposal)) content = <AddStep proposal={proposal} onDone={finish} />
  else if (view === 'move' && step && editable(proposal)) content = <MoveStep key={step.id} proposal={proposal} step={step} onDone={finish} />
  else if (view === 'remove' && step && editable(proposal)) content = <RemoveStep key={step.id} proposal={proposal} step={step} onDone={finish} />
  else if (view === 'complete' && step && !step.completedAt) content = <CompleteStepPage key={step.id} proposal={proposal} step={step} onDone={finish} />
  else if (view === 'approver' && approval && !approval.decision)
    content = <AssignApprover key={approval.id} proposal={proposal} approval={approval} onDone={finish} />
  else if (view === 'decide' && approval && !approval.approver && decidable(proposal, approval))
    content = (
      <DecideApproval
        key={approval.id}
        approval={approval}
        proposal={proposal}
        onDone={finish}
        back={{ href: `/proposals/${id}/checklist`, label: 'Back to the checklist' }}
      />
    )
  else if (view) content = <Gone proposal={proposal} />
  else content = <Overview proposal={proposal} done={location.query.get('done')} onChanged={finish} />
  return (
    <WorkspaceFrame proposalId={id} current="checklist">
      {content}
    </WorkspaceFrame>
  )
}

function Back({ proposal }: { proposal: Proposal }) {
  return (
    <Link href={`/proposals/${proposal.id}/checklist`} class="govuk-back-link">
      Back to the checklist
    </Link>
  )
}

function Gone({ proposal }: { proposal: Proposal }) {
  return (
    <>
      <Back proposal={proposal} />
      <PageHeading title={`This cannot be changed now: ${proposal.title}`} caption={proposal.title}>This cannot be changed now</PageHeading>
      <p class="govuk-body">
        The step or approval may already be complete, decided or removed, or the proposal has been approved and its checklist
        is fixed.
      </p>
      <p class="govuk-body">
        <Link href={`/proposals/${proposal.id}/checklist`}>Go back to the checklist</Link>
      </p>
    </>
  )
}

function whoDoesIt(step: Step, proposal: Proposal): string {
  if (step.assignee) return step.assignee.name
  if (step.assigneeRole === 'MANAGER') return proposal.sponsor ? proposal.sponsor.name : 'The sponsoring manager (not named yet)'
  if (step.assigneeRole) return roleLabel[step.assigneeRole]
  return 'HR'
}

function StepStatus({ step }: { step: Step }) {
  if (step.completedAt) return <Tag colour="green">Complete</Tag>
  if (step.overdue) return <Tag colour="red">Overdue</Tag>
  return <Tag colour="grey">To do</Tag>
}

// ---------------------------------------------------------------------------------------
// The overview

function Overview({ proposal, done, onChanged }: { proposal: Proposal; done: string | null; onChanged: (done: string) => void }) {
  const bannerRef = useRef<HTMLDivElement>(null)
  const message = done ? doneMessages[done] : undefined
  useEffect(() => {
    if (message) focusBanner(bannerRef.current)
  }, [message])
  const steps = proposal.checklist
  const complete = steps.filter((s) => s.completedAt).length
  const overdue = steps.filter((s) => s.overdue && !s.completedAt)
  const base = `/proposals/${proposal.id}/checklist`
  const [status, colour] = statusLabel[proposal.status]
  return (
    <>
      <div ref={bannerRef}>
        {message && (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">{message}</p>
          </NotificationBanner>
        )}
      </div>
      <PageHeading title={`Checklist and approvals: ${proposal.title}`} caption={proposal.title}>
        Checklist and approvals
      </PageHeading>
      <p class="govuk-body">
        The proposal is <Tag colour={colour}>{status}</Tag>
      </p>
      {steps.length === 0 ? (
        <ApplyTemplate proposal={proposal} onDone={onChanged} />
      ) : (
        <>
          <p class="govuk-body">
            {complete} of {plural(steps.length, 'step')} complete.
            {overdue.length > 0 && <> <strong>{plural(overdue.length, 'step is', 'steps are')} overdue.</strong></>}
          </p>
          {overdue.length > 0 && (
            <WarningText>
              Overdue:{' '}
              {overdue.map((s, i) => (
                <span key={s.id}>
                  {i > 0 && ', '}
                  <a class="govuk-link" href={`#step-${s.id}`}>{s.title}</a>
                </span>
              ))}
            </WarningText>
          )}
          {!editable(proposal) && (
            <InsetText>The proposal has been approved, so steps can no longer be added, moved or removed. They can still be completed.</InsetText>
          )}
          <h2 class="govuk-heading-l">Steps, in order</h2>
          <ol class="govuk-list">
            {steps.map((step) => (
              <li key={step.id}>
                <StepCard proposal={proposal} step={step} base={base} />
              </li>
            ))}
          </ol>
          {editable(proposal) && (
            <Link href={`${base}?view=add-step`} class="govuk-button govuk-button--secondary">
              Add a step
            </Link>
          )}
        </>
      )}
      <h2 class="govuk-heading-l" id="approvals">Approvals</h2>
      <Approvals proposal={proposal} base={base} />
      {proposal.approvals.some((a) => a.needsReapproval) && <ProceedWithoutReapproval proposal={proposal} onDone={onChanged} />}
    </>
  )
}

function StepCard({ proposal, step, base }: { proposal: Proposal; step: Step; base: string }) {
  const link = (view: string, label: string) => (
    <Link href={`${base}?view=${view}&step=${step.id}`} key={view}>
      {label}
      <span class="govuk-visually-hidden"> {step.title}</span>
    </Link>
  )
  const actions = [
    ...(step.completedAt ? [] : [link('complete', 'Complete')]),
    ...(editable(proposal) ? [link('move', 'Move'), link('remove', 'Remove')] : []),
  ]
  return (
    <SummaryCard id={`step-${step.id}`} title={<>{step.position}. {step.title}</>} actions={actions}>
      <SummaryList
        rows={[
          { key: 'Status', value: <StepStatus step={step} /> },
          { key: 'Planned', value: <PlannedDate date={step.plannedDate} overdue={step.overdue} done={!!step.completedAt} tag={false} /> },
          { key: 'Who completes it', value: whoDoesIt(step, proposal) },
          ...(step.description ? [{ key: 'What it involves', value: <Paragraphs text={step.description} /> }] : []),
          ...(step.completedAt
            ? [
                {
                  key: 'Completed',
                  value: (
                    <>
                      {formatDateTime(step.completedAt)}
                      {step.completedBy && <> by {step.completedBy.name}</>}
                      {step.completionNote && <p class="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">{step.completionNote}</p>}
                      {step.earlyCompletionReason && (
                        <p class="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                          Completed before the consultation closed. Reason: {step.earlyCompletionReason}
                        </p>
                      )}
                    </>
                  ),
                },
              ]
            : []),
        ]}
      />
    </SummaryCard>
  )
}

function Approvals({ proposal, base }: { proposal: Proposal; base: string }) {
  if (proposal.approvals.length === 0) {
    return <p class="govuk-body">There are no approvals yet. Setting up the checklist from a template adds them.</p>
  }
  return (
    <>
      <p class="govuk-body">
        Each approver decides once the proposal is submitted for approval. A named approver sees it in their My tasks; HR
        records the decision when nobody is named.
      </p>
      {proposal.approvals.map((approval, index) => {
        const [label, colour] = approval.decision ? decisionLabel[approval.decision] : ['Waiting', 'grey']
        const actions = approval.decision && !decidable(proposal, approval)
          ? []
          : [
              ...(approval.decision
                ? []
                : [
                    <Link href={`${base}?view=approver&approval=${approval.id}`} key="a">
                      {approval.approver ? 'Change approver' : 'Name the approver'}
                      <span class="govuk-visually-hidden"> for {approval.approverTitle}</span>
                    </Link>,
                  ]),
              // Nobody named: HR records the decision the approver gave (e.g. at a meeting).
              ...(!approval.approver && decidable(proposal, approval)
                ? [
                    <Link href={`${base}?view=decide&approval=${approval.id}`} key="d">
                      Record the decision
                      <span class="govuk-visually-hidden"> of {approval.approverTitle}</span>
                    </Link>,
                  ]
                : []),
            ]
        return (
          <SummaryCard key={approval.id} id={`approval-${approval.id}`} title={<>{index + 1}. {approval.approverTitle}</>} actions={actions}>
            <SummaryList
              rows={[
                {
                  key: 'Decision',
                  value: (
                    <>
                      <Tag colour={colour}>{label}</Tag>
                      {approval.givenOnEarlierVersion && (
                        <>
                          {' '}
                          <Tag colour="orange">Given on an earlier version</Tag>
                        </>
                      )}
                    </>
                  ),
                },
                ...(approval.givenOnEarlierVersion && approval.changedSince.length > 0
                  ? [{ key: 'Changed since', value: changedSinceText(approval.changedSince) }]
                  : []),
                ...(approval.needsReapproval
                  ? [{ key: 'Before consultation opens', value: 'It must be given again, or you record why consultation can open without it.' }]
                  : []),
                ...(approval.proceedReason
                  ? [
                      {
                        key: 'Proceeding without it given again',
                        value: (
                          <>
                            <Paragraphs text={approval.proceedReason} />
                            {approval.proceedAt && <p class="govuk-body-s govuk-!-margin-bottom-0">Recorded {formatDateTime(approval.proceedAt)}</p>}
                          </>
                        ),
                      },
                    ]
                  : []),
                { key: 'Approver', value: approval.approver ? approval.approver.name : 'Not named: HR records the decision' },
                ...(approval.decidedAt ? [{ key: 'Decided', value: formatDateTime(approval.decidedAt) }] : []),
                ...(approval.comment ? [{ key: 'Comment or conditions', value: <Paragraphs text={approval.comment} /> }] : []),
              ]}
            />
          </SummaryCard>
        )
      })}
    </>
  )
}

/**
 * Approvals given on an earlier version must be given again before consultation opens, unless
 * HR records why it can open without: the reason is kept on each such approval and audited.
 */
function ProceedWithoutReapproval({ proposal, onDone }: { proposal: Proposal; onDone: (done: string) => void }) {
  const [reason, setReason] = useState('')
  const { errors, problem, busy, attempt, submit } = useForm({}, 'proceed-reason')
  const stale = proposal.approvals.filter((a) => a.needsReapproval)
  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (!reason.trim()) found.push({ field: 'proceed-reason', message: 'Enter why consultation can open without these approvals given again' })
    else if (reason.length > LONG_TEXT_MAX) found.push({ field: 'proceed-reason', message: tooLong('The reason') })
    void submit(found, async () => {
      await request(ChecklistPageProceedDocument, { input: { proposalId: proposal.id, reason: reason.trim() } })
      onDone('proceeded')
    })
  }
  return (
    <section aria-labelledby="proceed-heading">
      <h2 class="govuk-heading-m" id="proceed-heading">Proceed without re-approval</h2>
      <ErrorSummary errors={errors} />
      {problem && <RefusalSummary title="Your reason has not been recorded" error={problem} proposalId={proposal.id} />}
      <p class="govuk-body">
        {stale.length === 1 ? 'This approval was' : `These ${stale.length} approvals were`} given on an earlier version of the proposal:{' '}
        {stale.map((a) => a.approverTitle).join(', ')}. Ask the approvers to decide again, or record why consultation can open without it.
      </p>
      <form noValidate onSubmit={save}>
        <Textarea
          id="proceed-reason"
          label="Why can consultation open without these approvals given again?"
          hint="For example, that the change only corrects a typing error. It is kept with each approval and in the audit log."
          rows={4}
          value={reason}
          onInput={setReason}
          error={errorFor(errors, 'proceed-reason')}
        />
        <Button key={attempt} secondary disabled={busy}>Proceed without re-approval</Button>
      </form>
    </section>
  )
}

function ApplyTemplate({ proposal, onDone }: { proposal: Proposal; onDone: (done: string) => void }) {
  const { data, error } = useQuery(ChecklistPageTemplatesDocument, {})
  const [chosen, setChosen] = useState<string[]>([])
  const { errors, problem, busy, attempt, submit } = useForm()
  if (!editable(proposal)) {
    return <p class="govuk-body">This proposal has no sign-off checklist, and it can no longer be given one.</p>
  }
  if (error) return <p class="govuk-body">The checklist templates could not be loaded. {error.message}</p>
  if (!data) return <Loading />
  const templates = data.checklistTemplates
  const selected = chosen[0] ?? (templates.length === 1 ? templates[0].id : '')

  const apply = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = templates.length > 0 && !selected ? [{ field: 'template', message: 'Select a checklist template' }] : []
    void submit(found, async () => {
      await request(ChecklistPageApplyDocument, { proposalId: proposal.id, templateId: selected || null })
      onDone('applied')
    })
  }

  return (
    <section aria-labelledby="set-up">
      <ErrorSummary errors={errors} />
      {problem && <RefusalSummary title="The checklist could not be set up" error={problem} proposalId={proposal.id} />}
      <h2 class="govuk-heading-l" id="set-up">Set up the checklist</h2>
      <p class="govuk-body">
        This proposal has no sign-off checklist yet. Start from a template: its steps are planned from the consultation period
        {proposal.timetable.consultationStart ? '' : ' (set the consultation period first to get planned dates)'}, and its
        approvals are added. You can then add, move and remove steps until the proposal is approved.
      </p>
      <form noValidate onSubmit={apply}>
        <ChoiceField
          id="template"
          label="Which template?"
          choices={templates.map((t) => ({
            value: t.id,
            label: t.name,
            hint: `${plural(t.steps.length, 'step')} and ${plural(t.approvals.length, 'approval')}: ${t.approvals.join(', ')}.`,
          }))}
          values={selected ? [selected] : []}
          onChange={setChosen}
          error={errorFor(errors, 'template')}
        />
        <Button key={attempt} disabled={busy}>Set up the checklist from this template</Button>
      </form>
    </section>
  )
}

// ---------------------------------------------------------------------------------------
// The small pages

function AddStep({ proposal, onDone }: { proposal: Proposal; onDone: (done: string) => void }) {
  const people = useQuery(ChecklistPagePeopleDocument, {})
  const [values, setValues] = useState({ title: '', description: '', plannedDate: '', assignee: '' })
  const { errors, problem, busy, attempt, submit } = useForm(
    { 'input.title': 'title', 'input.description': 'description', 'input.plannedDate': 'plannedDate', 'input.assigneeId': 'assignee' },
    'title',
  )
  const set = (name: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [name]: value }))

  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (!values.title.trim()) found.push({ field: 'title', message: 'Enter the step’s title' })
    else if (values.title.trim().length > 200) found.push({ field: 'title', message: 'The title must be 200 characters or fewer' })
    if (values.description.length > LONG_TEXT_MAX) found.push({ field: 'description', message: tooLong('The description') })
    checkDate(found, 'plannedDate', values.plannedDate, 'The planned date')
    void submit(found, async () => {
      await request(ChecklistPageAddStepDocument, {
        input: {
          proposalId: proposal.id,
          title: values.title.trim(),
          description: values.description.trim() || null,
          plannedDate: values.plannedDate.trim() || null,
          assigneeId: values.assignee || null,
        },
      })
      onDone('added')
    })
  }

  const choices = [
    ...(people.data?.hr.nodes ?? []).map((p) => ({ value: p.id, label: p.name, hint: `HR, ${p.email}` })),
    ...(people.data?.managers.nodes ?? []).map((p) => ({ value: p.id, label: p.name, hint: `Manager, ${p.email}` })),
    { value: '', label: 'Nobody named', hint: 'HR completes it.' },
  ]
  return (
    <>
      <Back proposal={proposal} />
      <ErrorSummary errors={errors} />
      {problem && <RefusalSummary title="The step could not be added" error={problem} proposalId={proposal.id} />}
      <PageHeading title={`Add a step to the checklist: ${proposal.title}`} caption={proposal.title}>Add a step to the checklist</PageHeading>
      <form noValidate onSubmit={save}>
        <TextInput id="title" label="Title" hint="For example, Step 12 – Review with the unions" value={values.title} onInput={set('title')} error={errorFor(errors, 'title')} />
        <Textarea id="description" label="What it involves (optional)" rows={4} value={values.description} onInput={set('description')} error={errorFor(errors, 'description')} />
        <DateInput id="plannedDate" label="Planned date (optional)" value={values.plannedDate} onInput={set('plannedDate')} error={errorFor(errors, 'plannedDate')} />
        {people.error ? (
          <p class="govuk-body">The list of people could not be loaded, so nobody can be named: HR will complete the step.</p>
        ) : (
          <ChoiceField
            id="assignee"
            label="Who completes it?"
            hint="They see it in their My tasks page."
            choices={choices}
            values={[values.assignee]}
            onChange={(chosen) => setValues((v) => ({ ...v, assignee: chosen[0] ?? '' }))}
            error={errorFor(errors, 'assignee')}
          />
        )}
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Add the step</Button>
          <Link href={`/proposals/${proposal.id}/checklist`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

function MoveStep({ proposal, step, onDone }: { proposal: Proposal; step: Step; onDone: (done: string) => void }) {
  const [position, setPosition] = useState<string[]>([])
  const { errors, problem, busy, attempt, submit } = useForm()
  const steps = proposal.checklist
  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = position[0] ? [] : [{ field: 'position', message: 'Select where to move the step' }]
    void submit(found, async () => {
      await request(ChecklistPageMoveDocument, { input: { id: step.id, position: Number(position[0]) } })
      onDone('moved')
    })
  }
  const choices = steps
    .filter((s) => s.id !== step.id)
    .map((s) => ({
      value: String(s.position),
      label: s.position === 1 ? 'First' : s.position === steps.length ? 'Last' : `Position ${s.position}`,
      hint: `Where “${s.title}” is now.`,
    }))
  return (
    <>
      <Back proposal={proposal} />
      <ErrorSummary errors={errors} />
      {problem && <RefusalSummary title="The step could not be moved" error={problem} proposalId={proposal.id} />}
      <PageHeading title={`Move a step: ${proposal.title}`} caption={proposal.title}>Move “{step.title}”</PageHeading>
      <p class="govuk-body">It is at position {step.position} of {steps.length}. The steps after its new place move down one.</p>
      <form noValidate onSubmit={save}>
        <ChoiceField id="position" label="Where should it go?" choices={choices} values={position} onChange={setPosition} error={errorFor(errors, 'position')} />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Move the step</Button>
          <Link href={`/proposals/${proposal.id}/checklist`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

function RemoveStep({ proposal, step, onDone }: { proposal: Proposal; step: Step; onDone: (done: string) => void }) {
  const { problem, busy, attempt, submit } = useForm()
  const remove = (event: Event) => {
    event.preventDefault()
    void submit([], async () => {
      await request(ChecklistPageMoveDocument, { input: { id: step.id } })
      onDone('removed')
    })
  }
  return (
    <>
      <Back proposal={proposal} />
      {problem && <RefusalSummary title="The step could not be removed" error={problem} proposalId={proposal.id} />}
      <PageHeading title={`Remove a step: ${proposal.title}`} caption={proposal.title}>Are you sure you want to remove “{step.title}”?</PageHeading>
      {step.completedAt && <WarningText>This step has been completed. Removing it also removes the record of its completion from the checklist.</WarningText>}
      <form noValidate onSubmit={remove}>
        <div class="govuk-button-group">
          <Button key={attempt} warning disabled={busy}>Yes, remove the step</Button>
          <Link href={`/proposals/${proposal.id}/checklist`}>No, keep it</Link>
        </div>
      </form>
    </>
  )
}

/** Statuses in which the consultation has closed (`domain::signoff::consultation_closed`). */
const consultationClosed = ['CONSULTATION_CLOSED', 'DECIDED', 'IMPLEMENTING', 'COMPLETED']

/**
 * A step planned after the consultation's last day, while it has not closed: completing it
 * now needs a reason (`domain::signoff::check_step_completion`).
 */
function completesEarly(proposal: Proposal, step: Step): boolean {
  const end = proposal.timetable?.consultationEnd
  return !!step.plannedDate && !!end && step.plannedDate > end && !consultationClosed.includes(proposal.status)
}

function CompleteStepPage({ proposal, step, onDone }: { proposal: Proposal; step: Step; onDone: (done: string) => void }) {
  return (
    <CompleteStep
      step={step}
      early={
        completesEarly(proposal, step) && (
          <>
            This step is planned for after the consultation closes (its last day is {formatDate(proposal.timetable?.consultationEnd)}).
            Completing it now could mean the outcome was decided before everyone was heard.
          </>
        )
      }
      back={<Back proposal={proposal} />}
      title={`Complete a step: ${proposal.title}`}
      caption={proposal.title}
      heading={<>Complete “{step.title}”</>}
      rows={[{ key: 'Who completes it', value: whoDoesIt(step, proposal) }]}
      noteLabel="Note (optional)"
      mayBackDate
      problem={(error) => error && <RefusalSummary title="The step could not be completed" error={error} proposalId={proposal.id} />}
      cancelHref={`/proposals/${proposal.id}/checklist`}
      onDone={onDone}
    />
  )
}

function AssignApprover({ proposal, approval, onDone }: { proposal: Proposal; approval: Approval; onDone: (done: string) => void }) {
  const people = useQuery(ChecklistPagePeopleDocument, {})
  const [chosen, setChosen] = useState<string[]>(approval.approver ? [approval.approver.id] : [])
  const { errors, problem, busy, attempt, submit } = useForm({}, 'approver')
  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = chosen[0] ? [] : [{ field: 'approver', message: 'Select who decides this approval' }]
    void submit(found, async () => {
      await request(ChecklistPageAssignDocument, { input: { approvalId: approval.id, userId: chosen[0] } })
      onDone('assigned')
    })
  }
  const managers = people.data?.managers.nodes ?? []
  return (
    <>
      <Back proposal={proposal} />
      <ErrorSummary errors={errors} />
      {problem && <RefusalSummary title="The approver could not be named" error={problem} proposalId={proposal.id} />}
      <PageHeading title={`Name the approver: ${proposal.title}`} caption={proposal.title}>Who decides “{approval.approverTitle}”?</PageHeading>
      {people.error ? (
        <p class="govuk-body">The list of managers could not be loaded. {people.error.message}</p>
      ) : !people.data ? (
        <Loading />
      ) : managers.length === 0 ? (
        <p class="govuk-body">There are no managers with an account. Ask for one to be created, then name them here.</p>
      ) : (
        <form noValidate onSubmit={save}>
          <ChoiceField
            id="approver"
            label="Manager"
            hint="They see the approval in their My tasks page and decide it there once the proposal is in approval."
            choices={managers.map((m) => ({ value: m.id, label: m.name, hint: m.email }))}
            values={chosen}
            onChange={setChosen}
            error={errorFor(errors, 'approver')}
          />
          <div class="govuk-button-group">
            <Button key={attempt} disabled={busy}>Name the approver</Button>
            <Link href={`/proposals/${proposal.id}/checklist`}>Cancel</Link>
          </div>
        </form>
      )}
    </>
  )
}
