// The feedback form of a proposal for HR: the form staff will answer, chosen from a template
// or written question by question. Once the first response is submitted the form is fixed,
// because answers refer to its questions.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { FormQuestionInput, FormQuestionKind, FormSetupPageQuery } from '../../gql/graphql'
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
import { humanise, plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { pageProblem } from '../../components/pageProblem'
import { RefusalSummary } from './workspaceKit'
import { SummaryCard, summaryMessage } from '../../components/planKit'
import { WorkspaceFrame } from './WorkspaceNav'
import { focusBanner, useFocusRequest } from '../../focus'
import { useForm } from '../../form'

const FormSetupPageDocument = graphql(`
  query FormSetupPage($id: ID!) {
    proposal(id: $id) { id title status feedbackSummary { responses } }
    feedbackForm(proposalId: $id) {
      templateName version
      questions { key text kind required help choices needsResponse postId jobDescriptionId }
    }
  }
`)
const FormSetupPageTemplatesDocument = graphql(`
  query FormSetupPageTemplates {
    feedbackFormTemplates { id name questions { key text kind } }
  }
`)
const FormSetupPageSetDocument = graphql(`
  mutation FormSetupPageSet($input: SetFeedbackFormInput!) {
    setFeedbackForm(input: $input) { version templateName }
  }
`)

type Data = FormSetupPageQuery
type Question = Data['feedbackForm']['questions'][number]

const kindLabel: Record<FormQuestionKind, [string, string]> = {
  TEXT: ['A short answer', 'One line of text.'],
  LONG_TEXT: ['A longer answer', 'Paragraphs of text.'],
  SINGLE_CHOICE: ['One of a list of choices', 'Give the choices, one on each line.'],
  MULTI_CHOICE: ['Any of a list of choices', 'Give the choices, one on each line.'],
  AGREE_SCALE: ['Agree or disagree', 'Strongly agree, agree, neutral, disagree or strongly disagree.'],
  YES_NO: ['Yes or no', ''],
}
const kinds = Object.keys(kindLabel) as FormQuestionKind[]
const choiceKinds = new Set<string>(['SINGLE_CHOICE', 'MULTI_CHOICE'])
const textKinds = new Set<string>(['TEXT', 'LONG_TEXT'])

const doneMessages: Record<string, string> = {
  template: 'The form has been set from the template.',
  questions: 'The form has been saved.',
}

export function FormSetupPage({ params }: { params: Record<string, string> }) {
  const id = params.id
  const location = useLocation()
  const view = location.query.get('view')
  const { data, error, reload } = useQuery(FormSetupPageDocument, { id })
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  // Shown again only once the list no longer holds what was just done (rows moving under a click).
  const finish = async (done: string) => {
    await reload()
    navigate(`/proposals/${id}/form?done=${done}`)
  }
  const fixed = data.proposal.feedbackSummary.responses > 0
  let content
  if (view === 'template' && !fixed) content = <ChooseTemplate data={data} onDone={finish} />
  else if (view === 'edit' && !fixed) content = <EditQuestions data={data} onDone={finish} />
  else content = <Overview data={data} done={location.query.get('done')} />
  return (
    <WorkspaceFrame proposalId={id} current="form">
      {content}
    </WorkspaceFrame>
  )
}

function Back({ id }: { id: string }) {
  return (
    <Link href={`/proposals/${id}/form`} class="govuk-back-link">
      Back to the feedback form
    </Link>
  )
}

/** Why the form cannot change, in the words HR needs. */
function FixedNotice({ responses }: { responses: number }) {
  return (
    <InsetText>
      The form can no longer change: staff have already submitted {plural(responses, 'response')} to it, and their answers
      refer to its questions.
    </InsetText>
  )
}

function Overview({ data, done }: { data: Data; done: string | null }) {
  const bannerRef = useRef<HTMLDivElement>(null)
  const message = done ? doneMessages[done] : undefined
  useEffect(() => {
    if (message) focusBanner(bannerRef.current)
  }, [message])
  const { proposal, feedbackForm: form } = data
  const fixed = proposal.feedbackSummary.responses > 0
  const base = `/proposals/${proposal.id}/form`
  return (
    <>
      <div ref={bannerRef}>
        {message && (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">{message}</p>
          </NotificationBanner>
        )}
      </div>
      <PageHeading title={`Feedback form: ${proposal.title}`} caption={proposal.title}>
        Feedback form
      </PageHeading>
      <p class="govuk-body">
        The questions staff answer when they respond to the proposal, one question to a page.
        {form.version === 0 ? ' This proposal uses the default form: nobody has set one for it yet.' : ''}
      </p>
      <SummaryList
        rows={[
          { key: 'Built from', value: form.templateName },
          { key: 'Questions', value: String(form.questions.length) },
          { key: 'Can it change?', value: fixed ? <Tag colour="grey">No, responses have been submitted</Tag> : <Tag colour="green">Yes, until the first response</Tag> },
        ]}
      />
      {fixed ? (
        <FixedNotice responses={proposal.feedbackSummary.responses} />
      ) : (
        <div class="govuk-button-group">
          <Link href={`${base}?view=template`} class="govuk-button govuk-button--secondary">Choose a template</Link>
          <Link href={`${base}?view=edit`} class="govuk-button govuk-button--secondary">Edit the questions</Link>
        </div>
      )}
      <h2 class="govuk-heading-l">The questions</h2>
      {form.questions.map((q, index) => (
        <QuestionCard key={q.key} question={q} index={index} />
      ))}
    </>
  )
}

function QuestionCard({ question, index }: { question: Question; index: number }) {
  const kind = kindLabel[question.kind as FormQuestionKind]?.[0] ?? humanise(question.kind)
  return (
    <SummaryCard title={<>Question {index + 1}: {question.text}</>}>
      <SummaryList
        rows={[
          { key: 'Answered as', value: kind },
          { key: 'Required', value: question.required ? 'Yes, it must be answered to submit' : 'No, it is optional' },
          ...(question.help ? [{ key: 'Help shown with it', value: question.help }] : []),
          ...(choiceKinds.has(question.kind)
            ? [{ key: 'Choices', value: <ul class="govuk-list">{question.choices.map((c) => <li key={c}>{c}</li>)}</ul> }]
            : []),
          ...(question.needsResponse ? [{ key: 'Question log', value: 'Answers go to the question log for a management answer' }] : []),
        ]}
      />
    </SummaryCard>
  )
}

/** A refusal of the save, with the one the API gives once responses are in put plainly. */
function SaveProblem({ error, id }: { error: ApiError | null; id: string }) {
  if (!error) return null
  if (error.code === 'PRECONDITION_FAILED') {
    return (
      <RefusalSummary
        title="The form can no longer change"
        error={new ApiError(`${error.message} Answers refer to its questions, so once the first response is submitted the form is fixed.`, error.code)}
        proposalId={id}
      />
    )
  }
  if (error.code === 'CONFLICT') {
    return (
      <RefusalSummary
        title="Someone else changed the form"
        error={new ApiError('Someone else changed the form while you were working on it, so yours has not been saved. Go back to the feedback form to see it as it is now.', error.code)}
        proposalId={id}
      />
    )
  }
  return <RefusalSummary title="The form could not be saved" error={error} proposalId={id} />
}

function ChooseTemplate({ data, onDone }: { data: Data; onDone: (done: string) => void }) {
  const templates = useQuery(FormSetupPageTemplatesDocument, {})
  const [chosen, setChosen] = useState<string[]>([])
  const { errors, problem, busy, attempt, submit } = useForm()
  const { proposal, feedbackForm } = data
  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = chosen[0] ? [] : [{ field: 'template', message: 'Select a template' }]
    void submit(found, async () => {
      await request(FormSetupPageSetDocument, { input: { proposalId: proposal.id, templateId: chosen[0], expectedVersion: feedbackForm.version } })
      onDone('template')
    })
  }
  return (
    <>
      <Back id={proposal.id} />
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} id={proposal.id} />
      <PageHeading title={`Choose a template for the feedback form: ${proposal.title}`} caption={proposal.title}>Choose a template</PageHeading>
      <p class="govuk-body">The form's questions are replaced with the template's. You can edit them afterwards.</p>
      {templates.error ? (
        <p class="govuk-body">The templates could not be loaded. {templates.error.message}</p>
      ) : !templates.data ? (
        <Loading />
      ) : (
        <form noValidate onSubmit={save}>
          <ChoiceField
            id="template"
            label="Template"
            choices={templates.data.feedbackFormTemplates.map((t) => ({
              value: t.id,
              label: t.name,
              hint: `${plural(t.questions.length, 'question')}: ${t.questions.map((q) => q.text).join(' · ')}`,
            }))}
            values={chosen}
            onChange={setChosen}
            error={errorFor(errors, 'template')}
          />
          <div class="govuk-button-group">
            <Button key={attempt} disabled={busy}>Use this template</Button>
            <Link href={`/proposals/${proposal.id}/form`}>Cancel</Link>
          </div>
        </form>
      )}
    </>
  )
}

interface Draft {
  row: number
  key?: string
  text: string
  kind: FormQuestionKind | ''
  required: boolean
  help: string
  choices: string
  needsResponse: boolean
  postId?: string | null
  jobDescriptionId?: string | null
}

let nextRow = 1

function draftOf(q: Question): Draft {
  return {
    row: nextRow++,
    key: q.key,
    text: q.text,
    kind: q.kind as FormQuestionKind,
    required: q.required,
    help: q.help ?? '',
    choices: choiceKinds.has(q.kind) ? q.choices.join('\n') : '',
    needsResponse: q.needsResponse,
    postId: q.postId,
    jobDescriptionId: q.jobDescriptionId,
  }
}

const blankDraft = (): Draft => ({ row: nextRow++, text: '', kind: '', required: false, help: '', choices: '', needsResponse: false })

function choicesOf(d: Draft): string[] {
  return d.choices.split('\n').map((c) => c.trim()).filter(Boolean)
}

function validateDrafts(drafts: Draft[]): FieldError[] {
  const errors: FieldError[] = []
  if (drafts.length === 0) errors.push({ field: 'add-question', message: 'Add at least one question' })
  drafts.forEach((d, i) => {
    const n = i + 1
    if (!d.text.trim()) errors.push({ field: `q${n}-text`, message: `Enter question ${n}, or remove it` })
    else if (d.text.trim().length > 500) errors.push({ field: `q${n}-text`, message: `Question ${n} must be 500 characters or fewer` })
    if (!d.kind) errors.push({ field: `q${n}-kind`, message: `Select how question ${n} is answered` })
    if (d.help.trim().length > 1000) errors.push({ field: `q${n}-help`, message: `The help for question ${n} must be 1000 characters or fewer` })
    if (choiceKinds.has(d.kind)) {
      const choices = choicesOf(d)
      const seen = new Set<string>()
      const twice = choices.find((c) => (seen.has(c) ? true : (seen.add(c), false)))
      if (choices.length < 2) errors.push({ field: `q${n}-choices`, message: `Give at least 2 choices for question ${n}, one on each line` })
      else if (twice) errors.push({ field: `q${n}-choices`, message: `“${twice}” is offered twice in question ${n}` })
    }
  })
  return errors
}

/** A key for a new question that no other question has (answers refer to keys). */
function freshKey(used: Set<string>): string {
  for (let n = 1; ; n++) {
    if (!used.has(`q${n}`)) {
      used.add(`q${n}`)
      return `q${n}`
    }
  }
}

function inputsOf(drafts: Draft[]): FormQuestionInput[] {
  const used = new Set(drafts.flatMap((d) => (d.key ? [d.key] : [])))
  return drafts.map((d) => ({
    key: d.key ?? freshKey(used),
    text: d.text.trim(),
    kind: d.kind as FormQuestionKind,
    required: d.required,
    help: d.help.trim() || null,
    choices: choiceKinds.has(d.kind) ? choicesOf(d) : null,
    needsResponse: textKinds.has(d.kind) ? d.needsResponse : false,
    postId: d.postId ?? null,
    jobDescriptionId: d.jobDescriptionId ?? null,
  }))
}

/** `input.questions[2].choices[1]` to the field on this page. */
function fieldOf(field: string | undefined): string {
  const m = field?.match(/^input\.questions\[(\d+)\]\.(\w+)/)
  if (!m) return 'q1-text'
  const part = ({ text: 'text', kind: 'kind', help: 'help', choices: 'choices', key: 'text', needsResponse: 'text', postId: 'text', jobDescriptionId: 'text' } as Record<string, string>)[m[2]] ?? 'text'
  return `q${Number(m[1]) + 1}-${part}`
}

function EditQuestions({ data, onDone }: { data: Data; onDone: (done: string) => void }) {
  const { proposal, feedbackForm } = data
  const [drafts, setDrafts] = useState<Draft[]>(() => feedbackForm.questions.map(draftOf))
  const { errors, setErrors, problem, busy, attempt, submit } = useForm()
  const setFocusId = useFocusRequest()
  const [announcement, setAnnouncement] = useState('')
  const update = (index: number, change: Partial<Draft>) => setDrafts((all) => all.map((d, i) => (i === index ? { ...d, ...change } : d)))
  const add = () => {
    setDrafts((all) => [...all, blankDraft()])
    setAnnouncement(`Question ${drafts.length + 1} added.`)
    setFocusId(`q${drafts.length + 1}-text`)
  }
  const remove = (index: number) => {
    const remaining = drafts.length - 1
    setDrafts((all) => all.filter((_, i) => i !== index))
    setAnnouncement(`Question ${index + 1} removed.${index < remaining ? ' The questions after it have been renumbered.' : ''}`)
    setFocusId(remaining > 0 ? `q${Math.min(index, remaining - 1) + 1}-text` : 'add-question')
  }

  const save = (event: Event) => {
    event.preventDefault()
    void submit(
      validateDrafts(drafts),
      async () => {
        await request(FormSetupPageSetDocument, { input: { proposalId: proposal.id, questions: inputsOf(drafts), expectedVersion: feedbackForm.version } })
        onDone('questions')
      },
      // The field paths carry the question's index, which a fixed map cannot say.
      (apiError) => {
        if (apiError.code !== 'BAD_USER_INPUT') return false
        setErrors([{ field: fieldOf(apiError.field), message: summaryMessage(apiError.message) }])
        return true
      },
    )
  }

  return (
    <>
      <Back id={proposal.id} />
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} id={proposal.id} />
      <PageHeading title={`Edit the feedback form's questions: ${proposal.title}`} caption={proposal.title}>Edit the questions</PageHeading>
      <p class="govuk-body">Staff see one question to a page, in this order.</p>
      <WarningText>Once the first response is submitted, the form can no longer change.</WarningText>
      <p class="govuk-visually-hidden" role="status" aria-live="polite">{announcement}</p>
      <form noValidate onSubmit={save}>
        {drafts.map((d, index) => {
          const n = index + 1
          return (
            <fieldset class="govuk-fieldset app-form-question" key={d.row}>
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                <h2 class="govuk-fieldset__heading">Question {n}</h2>
              </legend>
              <TextInput id={`q${n}-text`} label="The question" value={d.text} onInput={(text) => update(index, { text })} error={errorFor(errors, `q${n}-text`)} />
              <ChoiceField
                id={`q${n}-kind`}
                label="How is it answered?"
                choices={kinds.map((k) => ({ value: k, label: kindLabel[k][0], hint: kindLabel[k][1] || undefined }))}
                values={d.kind ? [d.kind] : []}
                onChange={(chosen) => update(index, { kind: chosen[0] as FormQuestionKind })}
                error={errorFor(errors, `q${n}-kind`)}
              />
              {choiceKinds.has(d.kind) && (
                <Textarea
                  id={`q${n}-choices`}
                  label="Choices"
                  hint="One on each line, from 2 choices."
                  rows={4}
                  value={d.choices}
                  onInput={(choices) => update(index, { choices })}
                  error={errorFor(errors, `q${n}-choices`)}
                />
              )}
              <TextInput id={`q${n}-help`} label="Help shown with it (optional)" value={d.help} onInput={(help) => update(index, { help })} error={errorFor(errors, `q${n}-help`)} />
              <ChoiceField
                id={`q${n}-options`}
                label="Options"
                multiple
                choices={[
                  { value: 'required', label: 'It must be answered to submit' },
                  ...(textKinds.has(d.kind)
                    ? [{ value: 'needsResponse', label: 'Answers go to the question log', hint: 'Each answer becomes a question management must answer.' }]
                    : []),
                ]}
                values={[...(d.required ? ['required'] : []), ...(d.needsResponse && textKinds.has(d.kind) ? ['needsResponse'] : [])]}
                onChange={(chosen) => update(index, { required: chosen.includes('required'), needsResponse: chosen.includes('needsResponse') })}
              />
              <button type="button" class="govuk-button govuk-button--secondary" onClick={() => remove(index)}>
                Remove<span class="govuk-visually-hidden"> question {n}</span>
              </button>
            </fieldset>
          )
        })}
        <button type="button" id="add-question" class="govuk-button govuk-button--secondary" onClick={add}>
          Add another question
        </button>
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Save the form</Button>
          <Link href={`/proposals/${proposal.id}/form`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}
