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
import { Button, ErrorSummary, type FieldError, PageHeading, Paragraphs, SummaryList, Textarea, WarningText, errorFor } from './govuk'
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

export function CompleteStep({ step, back, title, caption, heading, rows, plannedLabel = 'Planned', noteLabel, mayBackDate, early: knownEarly, problem, cancelHref, onDone }: {
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
  /**
   * Set when the page knows the step is planned for after the consultation closes while it
   * is still open (`domain::signoff::check_step_completion`): the warning to show, and a
   * reason is asked for. A page that does not know learns it from the API's refusal.
   */
  early?: ComponentChildren
  /** How the page shows a refusal that is not about a field. */
  problem: (error: ApiError | null) => ComponentChildren
  cancelHref: string
  onDone: (done: string) => void | Promise<void>
}) {
  const [note, setNote] = useState('')
  const [occurredOn, setOccurredOn] = useState('')
  const [early, setEarly] = useState(knownEarly !== undefined && knownEarly !== null && knownEarly !== false)
  const [reason, setReason] = useState('')
  const form = useForm({ 'input.occurredOn': 'occurred-on', 'input.reason': 'reason' }, 'note')
  const { errors, busy, attempt } = form
  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (early && !reason.trim()) found.push({ field: 'reason', message: 'Say why the step is completed before the consultation closes' })
    if (reason.length > LONG_TEXT_MAX) found.push({ field: 'reason', message: tooLong('The reason') })
    if (note.length > LONG_TEXT_MAX) found.push({ field: 'note', message: tooLong('The note') })
    const dayProblem = earlierDayProblem(occurredOn)
    if (dayProblem) found.push({ field: 'occurred-on', message: dayProblem })
    void form.submit(
      found,
      async () => {
        await request(CompleteStepDocument, {
          input: { id: step.id, note: note.trim() || null, occurredOn: occurredOn.trim() || null, reason: early ? reason.trim() : null },
        })
        await onDone('completed')
      },
      (refusal) => {
        // The API knows the consultation's dates: its refusal is how a page that did not asks.
        if (refusal.code !== 'PRECONDITION_FAILED' || early) return false
        setEarly(true)
        form.setErrors([{ field: 'reason', message: 'This step is for after the consultation closes: say why it is completed now' }])
        return true
      },
    )
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
        {early && (
          <>
            {knownEarly && <WarningText>{knownEarly}</WarningText>}
            <Textarea
              id="reason"
              label="Why is it being completed before the consultation closes?"
              hint="The step is planned for after the consultation closes. The reason is kept with the step and in the audit log."
              rows={4}
              value={reason}
              onInput={setReason}
              error={errorFor(errors, 'reason')}
            />
          </>
        )}
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
