// The day something happened, for a step recorded after the event (a briefing, a checklist
// step): HR's workspace and checklist, and a manager completing a step from My tasks.
import { useEffect, useState } from 'preact/hooks'
import { formatDate, londonToday } from '../format'
import { DateInput, dateProblem } from './DateInput'

/**
 * Recording something done before it was recorded in Consult (a briefing, a step): the day
 * it happened, tucked away in a details element since most things are recorded on the day.
 */
export function EarlierDay({ id, value, onInput, error, hint }: {
  id: string
  value: string
  onInput: (value: string) => void
  error?: string
  hint: string
}) {
  const [open, setOpen] = useState(value !== '' || !!error)
  useEffect(() => {
    if (error) setOpen(true)
  }, [error])
  return (
    <details class="govuk-details" open={open} onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">It happened on an earlier day</span>
      </summary>
      <div class="govuk-details__text">
        <DateInput id={id} label="The day it happened" hint={hint} value={value} onInput={onInput} error={error} />
      </div>
    </details>
  )
}

/** What is wrong with an earlier day typed in `EarlierDay`, if anything (empty is fine). */
export function earlierDayProblem(value: string): string | undefined {
  const day = value.trim()
  if (!day) return undefined
  const problem = dateProblem(day, 'The day it happened')
  if (problem) return problem
  if (day > londonToday()) return `The day it happened must be today or earlier, not after ${formatDate(londonToday())}`
  return undefined
}
