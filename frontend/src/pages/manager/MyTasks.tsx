// The manager's desk (HR use it too): questions to answer, checklist steps and approvals,
// overdue first with their due dates. Managers open it about once a week, often on a phone,
// so everything is a summary card and each action is its own small page (`?answer=…`,
// `?step=…`, `?approval=…`) that returns here with a success banner.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { ApprovalDecision, ConsultationConcern, MyTasksPageQuery } from '../../gql/graphql'
import {
  Button,
  ChoiceField,
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
import { formatDate, formatDateTime, formatMoney, plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { concernNames } from '../union/S188Panel'
import { LONG_TEXT_MAX, tooLong } from '../../limits'
import { CompleteStep } from '../../components/CompleteStep'
import { PlannedDate, SummaryCard, changedSinceText } from '../../components/planKit'
import { focusBanner } from '../../focus'
import { useForm } from '../../form'
import { QuestionThread } from '../../components/QuestionThread'

const MyTasksPageDocument = graphql(`
  query MyTasksPage {
    myOpenQuestions {
      id text dueOn raisedOn status version source confidential askerUnion challengeCount
      askedBy { id name }
      thread { id kind text createdAt author { name } }
    }
    myAssessments { ringFenceId poolName proposalId proposalTitle candidateCount criteriaCount scoresRemaining published }
    myTrialReviews { employeeName proposalTitle trialEnd workingDaysLeft dueSoon offer { id post { title } } }
    myTasks {
      steps { id title description plannedDate overdue }
      approvals { id approverTitle proposalId givenOnEarlierVersion changedSince needsReapproval }
    }
    proposals(first: 100) {
      nodes {
        id title
        checklist { id }
        openQuestions: questions(status: OPEN) { id }
        overdueQuestions: questions(status: OVERDUE) { id }
      }
    }
  }
`)
const MyTasksPageAnswerDocument = graphql(`
  mutation MyTasksPageAnswer($input: AnswerQuestionInput!) {
    answerQuestion(input: $input) { id status }
  }
`)
const ApprovalSummaryDocument = graphql(`
  query ApprovalSummary($id: ID!) {
    proposal(id: $id) {
      id status
      costs { costBefore costAfter saving }
      counts { directlyAffected potentiallyDisplaced proposedDismissals }
      equalityAnalysisComplete
      revisions { number changeSummary createdAt }
    }
  }
`)
const MyTasksPageDecideDocument = graphql(`
  mutation MyTasksPageDecide($input: DecideApprovalInput!) {
    decideApproval(input: $input) { id decision }
  }
`)

type Data = MyTasksPageQuery
type Question = Data['myOpenQuestions'][number]
type Step = Data['myTasks']['steps'][number]
type Approval = Data['myTasks']['approvals'][number]
type ProposalRef = { id: string; title: string }

/** Which proposal each question and step belongs to: the API gives them without one. */
function proposalIndex(data: Data) {
  const byQuestion = new Map<string, ProposalRef>()
  const byStep = new Map<string, ProposalRef>()
  const byId = new Map<string, ProposalRef>()
  for (const p of data.proposals.nodes) {
    const ref = { id: p.id, title: p.title }
    byId.set(p.id, ref)
    for (const q of [...p.openQuestions, ...p.overdueQuestions]) byQuestion.set(q.id, ref)
    for (const s of p.checklist) byStep.set(s.id, ref)
  }
  return { byQuestion, byStep, byId }
}

const doneMessages: Record<string, [string, string?]> = {
  answered: ['Your answer has been sent.', 'The person who asked can read it in Consult. HR may also publish it in the proposal’s questions and answers.'],
  completed: ['The step has been marked as complete.'],
  APPROVE: ['You approved the proposal.', 'HR can see your decision in the proposal’s approvals.'],
  APPROVE_WITH_CONDITIONS: ['You approved the proposal with conditions.', 'HR can see your conditions in the proposal’s approvals.'],
  REJECT: ['You rejected the proposal.', 'It has gone back to HR as a draft, with your comment.'],
  trialConfirmed: ['You confirmed the trial period: the employee keeps the new post.', 'HR can see your decision in their case.'],
  trialEnded: ['You ended the trial period.', 'HR can see it, with your reason, in the employee’s case, and will take the next step with them.'],
}

export function MyTasksPage(_: { params: Record<string, string> }) {
  const location = useLocation()
  const { data, error, reload } = useQuery(MyTasksPageDocument, {})
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  const index = proposalIndex(data)
  // The list is shown again only once it no longer holds the task just done.
  const finish = async (done: string) => {
    await reload()
    navigate(`/tasks?done=${done}`)
  }
  const question = data.myOpenQuestions.find((q) => q.id === location.query.get('answer'))
  const step = data.myTasks.steps.find((s) => s.id === location.query.get('step'))
  const approval = data.myTasks.approvals.find((a) => a.id === location.query.get('approval'))
  if (question) return <AnswerQuestion key={question.id} question={question} proposal={index.byQuestion.get(question.id)} onDone={finish} />
  if (step) return <CompleteStepPage key={step.id} step={step} proposal={index.byStep.get(step.id)} onDone={finish} />
  if (approval) return <DecideApproval key={approval.id} approval={approval} proposal={index.byId.get(approval.proposalId)} onDone={finish} />
  const asked = ['answer', 'step', 'approval'].some((k) => location.query.has(k))
  return <Overview data={data} index={index} done={location.query.get('done')} gone={asked} />
}

function Back({ href = '/tasks', label = 'Back to my tasks' }: { href?: string; label?: string }) {
  return (
    <Link href={href} class="govuk-back-link">
      {label}
    </Link>
  )
}

function ProposalLink({ proposal }: { proposal?: ProposalRef }) {
  if (!proposal) return <>A proposal you cannot open</>
  return <Link href={`/proposals/${proposal.id}`}>{proposal.title}</Link>
}

function DueDate({ date, overdue }: { date: string; overdue: boolean }) {
  return <PlannedDate date={date} overdue={overdue} />
}

function stepOrder(a: Step, b: Step): number {
  // Overdue first, then by planned date, undated last (the API does this; kept if it changes).
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1
  if (!a.plannedDate || !b.plannedDate) return a.plannedDate ? -1 : b.plannedDate ? 1 : 0
  return a.plannedDate.localeCompare(b.plannedDate)
}

function Overview({ data, index, done, gone }: { data: Data; index: ReturnType<typeof proposalIndex>; done: string | null; gone: boolean }) {
  const bannerRef = useRef<HTMLDivElement>(null)
  const message = done ? doneMessages[done] : undefined
  useEffect(() => {
    if (message || gone) focusBanner(bannerRef.current)
  }, [message, gone])
  const questions = [...data.myOpenQuestions].sort((a, b) =>
    a.status !== b.status ? (a.status === 'OVERDUE' ? -1 : 1) : a.dueOn.localeCompare(b.dueOn),
  )
  const steps = [...data.myTasks.steps].sort(stepOrder)
  const approvals = data.myTasks.approvals
  const overdueQuestions = questions.filter((q) => q.status === 'OVERDUE').length
  const overdueSteps = steps.filter((s) => s.overdue).length
  // Pools still to score first; published ones stay listed (their scores can be read back).
  const assessments = [...data.myAssessments].sort((a, b) => Number(a.published) - Number(b.published) || b.scoresRemaining - a.scoresRemaining)
  const scoresRemaining = assessments.reduce((sum, a) => sum + a.scoresRemaining, 0)
  // The API lists them soonest end first.
  const trials = data.myTrialReviews
  const nothing = questions.length + steps.length + approvals.length + assessments.length + trials.length === 0
  return (
    <>
      <div ref={bannerRef}>
        {message ? (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">{message[0]}</p>
            {message[1] && <p class="govuk-body">{message[1]}</p>}
          </NotificationBanner>
        ) : (
          gone && (
            <NotificationBanner>
              <p class="govuk-notification-banner__heading">That task is no longer open</p>
              <p class="govuk-body">It may have been done already, by you or someone else. Your open tasks are below.</p>
            </NotificationBanner>
          )
        )}
      </div>
      <PageHeading title="My tasks">My tasks</PageHeading>
      {nothing ? (
        <p class="govuk-body">You have no open tasks. Questions, checklist steps, approvals, selection scoring and trial periods to review will appear here.</p>
      ) : (
        <ul class="govuk-list">
          <li>
            <a class="govuk-link" href="#questions">{plural(questions.length, 'question')} to answer</a>
            {overdueQuestions > 0 && <> ({overdueQuestions} overdue)</>}
          </li>
          <li>
            <a class="govuk-link" href="#steps">{plural(steps.length, 'checklist step')}</a>
            {overdueSteps > 0 && <> ({overdueSteps} overdue)</>}
          </li>
          <li>
            <a class="govuk-link" href="#approvals">{plural(approvals.length, 'approval')} waiting for your decision</a>
          </li>
          {assessments.length > 0 && (
            <li>
              <a class="govuk-link" href="#scoring">{plural(scoresRemaining, 'selection score')} to give</a>
            </li>
          )}
          {trials.length > 0 && (
            <li>
              <a class="govuk-link" href="#trials">{plural(trials.length, 'trial period')} to review</a>
              {trials.some((t) => t.dueSoon) && <> ({trials.filter((t) => t.dueSoon).length} due)</>}
            </li>
          )}
        </ul>
      )}

      <h2 class="govuk-heading-l" id="questions">Questions to answer</h2>
      {questions.length === 0 ? (
        <p class="govuk-body">No questions are waiting for your answer.</p>
      ) : (
        questions.map((q) => {
          const overdue = q.status === 'OVERDUE'
          return (
            <SummaryCard
              key={q.id}
              title={overdue ? <>Overdue: was due {formatDate(q.dueOn)}</> : <>Answer by {formatDate(q.dueOn)}</>}
              actions={[
                <Link href={`/tasks?answer=${q.id}`} key="a">
                  Answer<span class="govuk-visually-hidden"> the question: {q.text.slice(0, 80)}</span>
                </Link>,
              ]}
            >
              <p class="govuk-body app-pre-wrap">{q.text}</p>
              <SummaryList
                rows={[
                  { key: 'Answer by', value: <DueDate date={q.dueOn} overdue={overdue} /> },
                  { key: 'Proposal', value: <ProposalLink proposal={index.byQuestion.get(q.id)} /> },
                  { key: 'Asked', value: <Asker question={q} /> },
                ]}
              />
            </SummaryCard>
          )
        })
      )}

      <h2 class="govuk-heading-l" id="steps">Checklist steps</h2>
      {steps.length === 0 ? (
        <p class="govuk-body">No sign-off checklist steps are waiting for you.</p>
      ) : (
        steps.map((s) => (
          <SummaryCard
            key={s.id}
            title={s.title}
            actions={[
              <Link href={`/tasks?step=${s.id}`} key="c">
                Complete<span class="govuk-visually-hidden"> {s.title}</span>
              </Link>,
            ]}
          >
            <SummaryList
              rows={[
                { key: 'Due', value: <PlannedDate date={s.plannedDate} overdue={s.overdue} /> },
                { key: 'Proposal', value: <ProposalLink proposal={index.byStep.get(s.id)} /> },
              ]}
            />
          </SummaryCard>
        ))
      )}

      <h2 class="govuk-heading-l" id="approvals">Approvals</h2>
      {approvals.length === 0 ? (
        <p class="govuk-body">No approvals are waiting for your decision.</p>
      ) : (
        approvals.map((a) => {
          const proposal = index.byId.get(a.proposalId)
          return (
            <SummaryCard
              key={a.id}
              title={a.approverTitle}
              actions={[
                <Link href={`/tasks?approval=${a.id}`} key="d">
                  Decide<span class="govuk-visually-hidden"> the approval as {a.approverTitle}{proposal ? ` for ${proposal.title}` : ''}</span>
                </Link>,
              ]}
            >
              <SummaryList
                rows={[
                  {
                    key: 'Status',
                    value: a.needsReapproval ? (
                      <>
                        <Tag colour="orange">Given on an earlier version</Tag>{' '}
                        <span class="govuk-!-display-block govuk-!-margin-top-1">The proposal has changed since you decided: decide again.</span>
                      </>
                    ) : (
                      <Tag colour="blue">Waiting for your decision</Tag>
                    ),
                  },
                  ...(a.givenOnEarlierVersion && a.changedSince.length > 0 ? [{ key: 'Changed since', value: changedSinceText(a.changedSince) }] : []),
                  { key: 'Proposal', value: <ProposalLink proposal={proposal} /> },
                ]}
              />
            </SummaryCard>
          )
        })
      )}

      {assessments.length > 0 && (
        <>
          <h2 class="govuk-heading-l" id="scoring">Selection scoring</h2>
          <p class="govuk-body">You are one of the two assessors of these selection pools. Score each candidate on each criterion.</p>
          {assessments.map((a) => (
            <SummaryCard
              key={a.ringFenceId}
              title={a.poolName}
              actions={[
                <Link href={`/tasks/scoring/${a.ringFenceId}`} key="s">
                  {a.published || a.scoresRemaining === 0 ? 'View scores' : 'Score'}
                  <span class="govuk-visually-hidden"> in the {a.poolName}</span>
                </Link>,
              ]}
            >
              <SummaryList
                rows={[
                  {
                    key: 'Status',
                    value: a.published ? (
                      <Tag colour="grey">Outcome published</Tag>
                    ) : a.scoresRemaining === 0 ? (
                      <Tag colour="green">All your scores given</Tag>
                    ) : (
                      <Tag colour="blue">{plural(a.scoresRemaining, 'score')} to give</Tag>
                    ),
                  },
                  { key: 'Candidates', value: `${plural(a.candidateCount, 'candidate')}, ${plural(a.criteriaCount, 'criterion', 'criteria')}` },
                  { key: 'Proposal', value: a.proposalTitle },
                ]}
              />
            </SummaryCard>
          ))}
        </>
      )}

      {trials.length > 0 && (
        <>
          <h2 class="govuk-heading-l" id="trials">Trial periods to review</h2>
          <p class="govuk-body">
            These people are working a trial period in a new post. Before each trial ends, confirm that they keep the post, or end the trial period.
          </p>
          {trials.map((t) => (
            <SummaryCard
              key={t.offer.id}
              title={t.employeeName}
              actions={[
                <Link href={`/tasks/trials/${t.offer.id}`} key="r">
                  Review<span class="govuk-visually-hidden"> {t.employeeName}’s trial period</span>
                </Link>,
              ]}
            >
              <SummaryList
                rows={[
                  { key: 'Post', value: t.offer.post.title },
                  {
                    key: 'Trial ends',
                    value: (
                      <>
                        {formatDate(t.trialEnd)}{' '}
                        {t.dueSoon ? <Tag colour="orange">Review due</Tag> : <Tag colour="blue">{plural(t.workingDaysLeft, 'working day')} left</Tag>}
                      </>
                    ),
                  },
                  { key: 'Proposal', value: t.proposalTitle },
                ]}
              />
            </SummaryCard>
          ))}
        </>
      )}
    </>
  )
}

function Asker({ question }: { question: Question }) {
  const who = question.askedBy ? question.askedBy.name : question.askerUnion ? `${question.askerUnion} (union)` : 'Not shown'
  return (
    <>
      {formatDate(question.raisedOn)}, {question.askerUnion && question.askedBy ? `${who}, ${question.askerUnion}` : who}
    </>
  )
}

/** What went wrong with an action, in the page's error summary markup. */
export function Problem({ error, title }: { error: ApiError | null; title: string }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [error])
  if (!error) return null
  return (
    <div class="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">{title}</h2>
        <div class="govuk-error-summary__body">
          <p class="govuk-body">{error.message}</p>
          {error.missing && error.missing.length > 0 && (
            <ul class="govuk-list govuk-list--bullet">
              {error.missing.map((m) => <li key={m}>{m}</li>)}
            </ul>
          )}
          <p class="govuk-body">
            <Link href="/tasks">Go back to my tasks</Link>
          </p>
        </div>
      </div>
    </div>
  )
}

function AnswerQuestion({ question, proposal, onDone }: { question: Question; proposal?: ProposalRef; onDone: (done: string) => void | Promise<void> }) {
  const [answer, setAnswer] = useState('')
  const [covers, setCovers] = useState<string[]>([])
  const [version, setVersion] = useState(question.version)
  const { errors, problem, setProblem, busy, attempt, submit } = useForm({ 'input.covers': 'covers' }, 'answer')
  const overdue = question.status === 'OVERDUE'

  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (!answer.trim()) found.push({ field: 'answer', message: 'Enter your answer' })
    else if (answer.length > LONG_TEXT_MAX) found.push({ field: 'answer', message: tooLong('The answer') })
    void submit(
      found,
      async () => {
        await request(MyTasksPageAnswerDocument, {
          input: { id: question.id, answer: answer.trim(), covers: covers as ConsultationConcern[], expectedVersion: version },
        })
        await onDone('answered')
      },
      async (apiError) => {
        if (apiError.code !== 'CONFLICT') return false
        // Someone changed the question (HR gave it a new due date or owner, or it was answered):
        // keep the answer typed here, and send it again only if the question is still open.
        const fresh = await request(MyTasksPageDocument).catch(() => null)
        const still = fresh?.myOpenQuestions.find((q) => q.id === question.id)
        if (still) setVersion(still.version)
        setProblem(
          new ApiError(
            still
              ? 'Someone else changed this question while you were answering it, so your answer has not been sent. Your answer is still below: send it again if it still fits.'
              : 'This question has been answered or given to someone else while you were answering it, so your answer has not been sent.',
            'CONFLICT',
          ),
        )
        return true
      },
    )
  }

  return (
    <>
      <Back />
      <ErrorSummary errors={errors} />
      <Problem error={problem} title="Your answer has not been sent" />
      <PageHeading title="Answer a question" caption={proposal?.title}>Answer a question</PageHeading>
      <div class="govuk-inset-text">
        <p class="govuk-body app-pre-wrap">{question.text}</p>
      </div>
      <SummaryList
        rows={[
          { key: 'Answer by', value: <DueDate date={question.dueOn} overdue={overdue} /> },
          { key: 'Asked', value: <Asker question={question} /> },
          { key: 'Proposal', value: <ProposalLink proposal={proposal} /> },
        ]}
      />
      {question.challengeCount > 0 && (
        <WarningText>Your earlier answer was challenged. Read the reasons below and answer again.</WarningText>
      )}
      <QuestionThread thread={question.thread} headingLevel={3} />
      <form noValidate onSubmit={save}>
        <Textarea
          id="answer"
          label="Your answer"
          hint="Write it for the person who asked: staff and union representatives who can see the question can read it. Leave a blank line between paragraphs."
          rows={8}
          value={answer}
          onInput={setAnswer}
          error={errorFor(errors, 'answer')}
        />
        <ChoiceField
          id="covers"
          label="Does your answer cover any of these?"
          hint="Select all that apply. Consultation must cover ways of avoiding the dismissals, reducing the number dismissed and mitigating the consequences (section 188(2))."
          multiple
          choices={(Object.keys(concernNames) as ConsultationConcern[]).map((c) => ({ value: c, label: concernNames[c] }))}
          values={covers}
          onChange={setCovers}
          error={errorFor(errors, 'covers')}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Send answer</Button>
          <Link href="/tasks">Cancel</Link>
        </div>
      </form>
    </>
  )
}

function CompleteStepPage({ step, proposal, onDone }: { step: Step; proposal?: ProposalRef; onDone: (done: string) => void | Promise<void> }) {
  return (
    <CompleteStep
      step={step}
      back={<Back />}
      title="Complete a checklist step"
      caption={proposal?.title}
      heading={step.title}
      rows={[{ key: 'Proposal', value: <ProposalLink proposal={proposal} /> }]}
      plannedLabel="Due"
      noteLabel="Note for HR (optional)"
      problem={(error) => <Problem error={error} title="The step has not been completed" />}
      cancelHref="/tasks"
      onDone={onDone}
    />
  )
}

const decisions: { value: ApprovalDecision; label: string; hint: string }[] = [
  { value: 'APPROVE', label: 'Approve', hint: 'The proposal can go ahead as it is.' },
  { value: 'APPROVE_WITH_CONDITIONS', label: 'Approve with conditions', hint: 'Write your conditions below.' },
  { value: 'REJECT', label: 'Reject', hint: 'The proposal goes back to HR as a draft. Say why below.' },
]

/**
 * The decision on one approval: by its named approver here, and by HR on the checklist page
 * when nobody is named (`back` is where Back and Cancel go).
 */
export function DecideApproval({ approval, proposal, onDone, back = { href: '/tasks', label: 'Back to my tasks' } }: {
  approval: Pick<Approval, 'id' | 'approverTitle'> & Partial<Pick<Approval, 'givenOnEarlierVersion' | 'changedSince'>>
  proposal?: ProposalRef
  onDone: (done: string) => void | Promise<void>
  back?: { href: string; label: string }
}) {
  const [decision, setDecision] = useState<string[]>([])
  const [comment, setComment] = useState('')
  const { errors, problem, busy, attempt, submit } = useForm({ 'input.decision': 'decision' }, 'comment')
  const chosen = decision[0] as ApprovalDecision | undefined

  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (!chosen) found.push({ field: 'decision', message: 'Select your decision' })
    if (chosen === 'REJECT' && !comment.trim()) found.push({ field: 'comment', message: 'Say why you are rejecting the proposal' })
    if (chosen === 'APPROVE_WITH_CONDITIONS' && !comment.trim()) found.push({ field: 'comment', message: 'Enter your conditions' })
    if (comment.length > LONG_TEXT_MAX) found.push({ field: 'comment', message: tooLong('The comment') })
    void submit(found, async () => {
      // `found` names a missing decision, so this only narrows the type.
      if (!chosen) return
      await request(MyTasksPageDecideDocument, { input: { approvalId: approval.id, decision: chosen, comment: comment.trim() || null } })
      await onDone(chosen)
    })
  }

  return (
    <>
      <Back href={back.href} label={back.label} />
      <ErrorSummary errors={errors} />
      <Problem error={problem} title="Your decision has not been recorded" />
      <PageHeading title="Decide an approval" caption={proposal?.title}>Approval: {approval.approverTitle}</PageHeading>
      {approval.givenOnEarlierVersion && (
        <WarningText>
          This decision was given on an earlier version of the proposal.
          {approval.changedSince?.length ? ` Changed since: ${approval.changedSince.join(', ')}.` : ''} Decide again on the proposal as it is now.
        </WarningText>
      )}
      {proposal ? (
        <>
          <ApprovalSummary proposalId={proposal.id} />
          <p class="govuk-body">
            Read the proposal before you decide: <ProposalLink proposal={proposal} />.
          </p>
        </>
      ) : null}
      <form noValidate onSubmit={save}>
        <ChoiceField
          id="decision"
          label="Your decision"
          choices={decisions}
          values={decision}
          onChange={setDecision}
          error={errorFor(errors, 'decision')}
        />
        {chosen === 'REJECT' && <WarningText>Rejecting sends the whole proposal back to HR as a draft.</WarningText>}
        <Textarea
          id="comment"
          label="Comment or conditions"
          hint="Needed if you approve with conditions or reject. HR sees it with your decision."
          rows={5}
          value={comment}
          onInput={setComment}
          error={errorFor(errors, 'comment')}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Send decision</Button>
          <Link href={back.href}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

/**
 * What the approver is approving, in brief: the costs before and after, the people it
 * affects, whether the equality analysis is complete and what changed at the last revision.
 */
function ApprovalSummary({ proposalId }: { proposalId: string }) {
  const { data, error } = useQuery(ApprovalSummaryDocument, { id: proposalId })
  if (error) return <p class="govuk-body">The summary of the proposal could not be loaded: {error.message}</p>
  if (!data) return <Loading />
  const p = data.proposal
  const saving = Number(p.costs.saving)
  const latest = p.revisions.length > 0 ? p.revisions[p.revisions.length - 1] : null
  return (
    <section aria-labelledby="approval-summary" class="app-approval-summary">
      <h2 class="govuk-heading-m" id="approval-summary">What you are approving</h2>
      <SummaryList
        rows={[
          { key: 'Annual cost now', value: formatMoney(p.costs.costBefore) },
          { key: 'Annual cost proposed', value: formatMoney(p.costs.costAfter) },
          {
            key: 'Difference',
            value:
              saving === 0
                ? 'No change'
                : saving > 0
                  ? `${formatMoney(p.costs.saving)} a year less`
                  : `${formatMoney(String(-saving))} a year more`,
          },
          { key: 'People directly affected', value: String(p.counts.directlyAffected) },
          { key: 'Posts at risk', value: String(p.counts.potentiallyDisplaced) },
          { key: 'Proposed dismissals', value: String(p.counts.proposedDismissals) },
          {
            key: 'Equality analysis',
            value: p.equalityAnalysisComplete ? <Tag colour="green">Complete</Tag> : <Tag colour="yellow">Not complete</Tag>,
          },
          {
            key: 'Changed at the last revision',
            value: latest ? (
              <>
                Version {latest.number}, {formatDateTime(latest.createdAt)}: {latest.changeSummary}
              </>
            ) : (
              'Not yet shared with the unions: there are no revisions.'
            ),
          },
        ]}
      />
    </section>
  )
}
