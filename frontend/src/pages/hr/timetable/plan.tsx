// The implementation plan (domain::timetable): its steps on the overview and the form that
// adds one.
import { useState } from 'preact/hooks'
import { request } from '../../../api/client'
import { graphql } from '../../../gql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  PageHeading,
  Tag,
  TextInput,
  errorFor,
} from '../../../components/govuk'
import { DateInput, notADate } from '../../../components/DateInput'
import { formatDateShort, formatDateTimeShort, londonToday } from '../../../format'
import { useForm } from '../../../form'
import { Link } from '../../../router'
import { isDate } from '../../../components/planKit'
import { BackToTimetable, type Proposal, SaveProblem } from './shared'

const TimetablePageAddStepDocument = graphql(`
  mutation TimetablePageAddStep($input: AddImplementationStepInput!) {
    addImplementationStep(input: $input) { id }
  }
`)

export const TimetablePageCompleteStepDocument = graphql(`
  mutation TimetablePageCompleteStep($id: ID!) {
    completeImplementationStep(id: $id) { id doneAt }
  }
`)

export function ImplementationSteps({ proposal, busyStep, onDone }: {
  proposal: Proposal
  busyStep: string | null
  onDone: (id: string, activity: string) => void
}) {
  const steps = proposal.implementationSteps
  if (steps.length === 0) return <p class="govuk-body">No implementation steps have been planned yet.</p>
  const today = londonToday()
  return (
    <div class="app-table-scroll" role="region" aria-label="Implementation plan (scrolls sideways)" tabIndex={0}>
      <table class="govuk-table app-plan-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Implementation plan, in date order</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Date</th>
            <th scope="col" class="govuk-table__header">Activity</th>
            <th scope="col" class="govuk-table__header">Status</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {steps.map((step) => {
            const late = !step.doneAt && step.date < today
            return (
              <tr class="govuk-table__row" key={step.id}>
                <td class="govuk-table__cell app-nowrap">{formatDateShort(step.date)}</td>
                <td class="govuk-table__cell">
                  {step.activity}
                  {step.beforeDecision && (
                    <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">Must be done before the decision</span>
                  )}
                </td>
                <td class="govuk-table__cell">
                  {step.doneAt ? (
                    <>
                      <Tag colour="green">Done</Tag> <span class="govuk-!-display-block app-nowrap">{formatDateTimeShort(step.doneAt)}</span>
                    </>
                  ) : late ? (
                    <Tag colour="red">Overdue</Tag>
                  ) : (
                    <Tag colour="grey">To do</Tag>
                  )}
                </td>
                <td class="govuk-table__cell">
                  {!step.doneAt && (
                    <button
                      type="button"
                      class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      disabled={busyStep !== null}
                      onClick={() => onDone(step.id, step.activity)}
                    >
                      Mark as done<span class="govuk-visually-hidden"> {step.activity}</span>
                    </button>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

export function StepForm({ proposal, onDone }: { proposal: Proposal; onDone: (done: string) => void }) {
  const [activity, setActivity] = useState('')
  const [date, setDate] = useState('')
  const [beforeDecision, setBeforeDecision] = useState(false)
  const form = useForm({ 'input.date': 'date' }, 'activity')
  const { errors, problem, busy, attempt } = form

  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (!activity.trim()) found.push({ field: 'activity', message: 'Enter what the step is' })
    else if (activity.trim().length > 500) found.push({ field: 'activity', message: 'The step must be 500 characters or fewer' })
    if (!date.trim()) found.push({ field: 'date', message: 'Enter the date of the step' })
    else if (!isDate(date.trim())) found.push({ field: 'date', message: notADate(date.trim(), 'The date of the step') })
    void form.submit(found, async () => {
      await request(TimetablePageAddStepDocument, {
        input: { proposalId: proposal.id, activity: activity.trim(), date: date.trim(), beforeDecision },
      })
      onDone('step-added')
    })
  }

  return (
    <>
      <BackToTimetable proposal={proposal} />
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} proposalId={proposal.id} title="The step could not be added" />
      <PageHeading title={`Add a step to the implementation plan: ${proposal.title}`} caption={proposal.title}>
        Add a step to the implementation plan
      </PageHeading>
      <form noValidate onSubmit={save}>
        <TextInput
          id="activity"
          label="What is the step?"
          hint="For example, Selection of employees"
          value={activity}
          onInput={setActivity}
          error={errorFor(errors, 'activity')}
        />
        <DateInput id="date" label="When is it planned?" value={date} onInput={setDate} error={errorFor(errors, 'date')} />
        <ChoiceField
          id="beforeDecision"
          label="Before the decision"
          multiple
          choices={[
            {
              value: 'yes',
              label: 'It must be done before the decision is recorded',
              hint: 'The decision cannot be recorded until this step is marked as done.',
            },
          ]}
          values={beforeDecision ? ['yes'] : []}
          onChange={(chosen) => setBeforeDecision(chosen.includes('yes'))}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Add the step</Button>
          <Link href={`/proposals/${proposal.id}/timetable`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}
