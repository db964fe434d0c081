// Marking a checklist step as complete: HR from the proposal's checklist, and the manager a
// step names from My tasks. One form, so both record the same things in the same words.
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import type { ApiError } from '../api/client'
import { request } from '../api/client'
import { graphql } from '../gql'
import { useForm } from '../form'
import { LONG_TEXT_MAX, tooLong } from '../limits'
import { Link } from '../router'
import { EarlierDay, earlierDayProblem } from './EarlierDay'
import { Button, ErrorSummary, type FieldError, PageHeading, Paragraphs, SummaryList, Textarea, errorFor } from './govuk'
import { PlannedDate } from './planKit'

const CompleteStepDocument = graphql(`
  mutation CompleteStep($input: CompleteChecklistStepInput!) {
    completeChecklistStep(input: $input) { id completedAt }
  }
`)

export interface StepToComplete {
  id: string
  title: string
  description?: string | null
  plannedDate?: string | null
  overdue: boolean
}

export function CompleteStep({ step, back, title, caption, heading, rows, plannedLabel = 'Planned', noteLabel, mayBackDate, problem, cancelHref, onDone }: {
  step: StepToComplete
  back: ComponentChildren
  /** The document title. */
  title: string
  caption?: string
  heading: ComponentChildren
  /** Summary rows after "Planned" and before "What it involves". */
  rows: { key: string; value: ComponentChildren }[]
  /** What the planned date is called ("Planned" for HR, "Due" for the person doing it). */
  plannedLabel?: string
  noteLabel: string
  /** HR may record a step done on an earlier day; the audit log says it was recorded later. */
  mayBackDate?: boolean
  /** How the page shows a refusal that is not about a field. */
  problem: (error: ApiError | null) => ComponentChildren
  cancelHref: string
  onDone: (done: string) => void
}) {
  const [note, setNote] = useState('')
  const [occurredOn, setOccurredOn] = useState('')
  const form = useForm({ 'input.occurredOn': 'occurred-on' }, 'note')
  const { errors, busy, attempt } = form
  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (note.length > LONG_TEXT_MAX) found.push({ field: 'note', message: tooLong('The note') })
    const dayProblem = earlierDayProblem(occurredOn)
    if (dayProblem) found.push({ field: 'occurred-on', message: dayProblem })
    void form.submit(found, async () => {
      await request(CompleteStepDocument, { input: { id: step.id, note: note.trim() || null, occurredOn: occurredOn.trim() || null } })
      onDone('completed')
    })
  }
  return (
    <>
      {back}
      <ErrorSummary errors={errors} />
      {problem(form.problem)}
      <PageHeading title={title} caption={caption}>{heading}</PageHeading>
      <SummaryList
        rows={[
          { key: plannedLabel, value: <PlannedDate date={step.plannedDate} overdue={step.overdue} /> },
          ...rows,
          ...(step.description ? [{ key: 'What it involves', value: <Paragraphs text={step.description} /> }] : []),
        ]}
      />
      <form noValidate onSubmit={save}>
        <Textarea id="note" label={noteLabel} hint="For example, what was done or where the record is kept." rows={4} value={note} onInput={setNote} error={errorFor(errors, 'note')} />
        {mayBackDate && (
          <EarlierDay
            id="occurred-on"
            hint="If the step was done before today, the day it was. It is recorded as that day, and the audit log says it was recorded later."
            value={occurredOn}
            onInput={setOccurredOn}
            error={errorFor(errors, 'occurred-on')}
          />
        )}
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Mark as complete</Button>
          <Link href={cancelHref}>Cancel</Link>
        </div>
      </form>
    </>
  )
}
