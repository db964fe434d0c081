// GOV.UK date input (https://design-system.service.gov.uk/components/date-input/): day, month
// and year in a fieldset, since the browser's date picker is hard to use with assistive
// technology and differs between browsers. Values go in and out as the API's "YYYY-MM-DD".
import type { ComponentChildren } from 'preact'
import { useRef, useState } from 'preact/hooks'
import type { FieldError } from './govuk'

type Part = 'day' | 'month' | 'year'
const partNames: Part[] = ['day', 'month', 'year']

interface Parts {
  day: string
  month: string
  year: string
}

/** "2027-03-27" to its parts as a person reads them ("27", "3", "2027"). */
function split(value: string): Parts {
  const [year = '', month = '', day = ''] = value.split('-')
  const unpad = (part: string) => (/^\d+$/.test(part) ? String(Number(part)) : part)
  return { day: unpad(day), month: unpad(month), year }
}

/**
 * The parts as one value: "YYYY-MM-DD" when all three are numbers, '' when all are empty,
 * otherwise the parts as typed joined by '-', which `dateProblem` explains and which no
 * "is this a date" check accepts, so a half-typed date is never sent.
 */
function join({ day, month, year }: Parts): string {
  const clean = (part: string) => part.trim().replace(/-/g, ' ')
  const [d, m, y] = [clean(day), clean(month), clean(year)]
  if (!d && !m && !y) return ''
  if (/^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && /^\d{4}$/.test(y)) return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
  return `${y}-${m}-${d}`
}

function isRealDay({ day, month, year }: Parts): boolean {
  if (!/^\d{1,2}$/.test(day.trim()) || !/^\d{1,2}$/.test(month.trim()) || !/^\d{4}$/.test(year.trim())) return false
  const [d, m, y] = [Number(day), Number(month), Number(year)]
  const parsed = new Date(Date.UTC(y, m - 1, d))
  return parsed.getUTCFullYear() === y && parsed.getUTCMonth() === m - 1 && parsed.getUTCDate() === d
}

/**
 * What is wrong with a value from a `DateInput`, in the Design System's words, or undefined
 * when it is a real date or empty (callers say "Enter …" for an empty required date
 * themselves). `name` starts the sentence: "The date of the meeting must include a month".
 */
export function dateProblem(value: string, name: string): string | undefined {
  if (!value.trim()) return undefined
  const parts = split(value)
  const missing = partNames.filter((part) => !parts[part].trim())
  if (missing.length > 0) return `${name} must include a ${missing.join(' and ')}`
  if (!isRealDay(parts)) return `${name} must be a real date`
  return undefined
}

/** "2027-03-27" as the hint's example is written: "27 3 2027". */
export function dateExample(value: string): string {
  const { day, month, year } = split(value)
  return `${day} ${month} ${year}`
}

/** The parts a date's error is about: those missing or not numbers, else all three. */
function partsInError(parts: Parts, error?: string): Set<Part> {
  if (!error) return new Set()
  const missing = partNames.filter((part) => !parts[part].trim())
  if (missing.length > 0 && /must include/.test(error)) return new Set(missing)
  const wrong = partNames.filter((part) => !/^\d+$/.test(parts[part].trim()))
  return new Set(wrong.length > 0 && wrong.length < 3 ? wrong : partNames)
}

/**
 * Day, month and year fields. The first field in error carries `id`, so the error summary's
 * link (`#id`) moves focus to it, as the Design System asks; the others are `id-day` etc.
 */
export function DateInput({ id, label, hint, error, value, onInput, example = '27 3 2027', legendSize = 's' }: {
  id: string
  label: ComponentChildren
  hint?: ComponentChildren
  error?: string
  value: string
  onInput: (value: string) => void
  example?: string
  legendSize?: 's' | 'm'
}) {
  // The fields as typed, and the value last sent up: a different value coming down was set
  // by the page (a reset, a record loaded), so the fields show it; our own value coming back
  // leaves them as typed ("3", not "03").
  const parts = useRef<Parts>(split(value))
  const sent = useRef(value)
  const [, rerender] = useState(0)
  if (value !== sent.current) {
    parts.current = split(value)
    sent.current = value
  }
  const shown = parts.current
  const update = (part: Part, text: string) => {
    parts.current = { ...parts.current, [part]: text }
    sent.current = join(parts.current)
    onInput(sent.current)
    rerender((n) => n + 1)
  }
  const inError = partsInError(shown, error)
  const first = partNames.find((part) => inError.has(part)) ?? 'day'
  const inputId = (part: Part) => (part === first ? id : `${id}-${part}`)
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend class={`govuk-fieldset__legend govuk-fieldset__legend--${legendSize}`}>{label}</legend>
        <div id={`${id}-hint`} class="govuk-hint">
          {hint && <>{hint} </>}For example, {example}
        </div>
        {error && (
          <p id={`${id}-error`} class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <div class="govuk-date-input">
          {partNames.map((part) => (
            <div class="govuk-date-input__item" key={part}>
              <div class="govuk-form-group">
                <label class="govuk-label govuk-date-input__label" for={inputId(part)}>
                  {part[0].toUpperCase() + part.slice(1)}
                </label>
                <input
                  class={`govuk-input govuk-date-input__input govuk-input--width-${part === 'year' ? 4 : 2}${inError.has(part) ? ' govuk-input--error' : ''}`}
                  id={inputId(part)}
                  name={`${id}-${part}`}
                  type="text"
                  inputMode="numeric"
                  value={shown[part]}
                  onInput={(event) => update(part, (event.target as HTMLInputElement).value)}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  )
}

/**
 * Adds the error for a date field to `found`: `required` when it is empty (leave it out for
 * an optional date), else the Design System's "must include a month" or "must be a real date".
 * Whether it added none, so a caller checks the date's range only after.
 */
export function checkDate(found: FieldError[], field: string, value: string, name: string, required?: string): boolean {
  const message = value.trim() ? dateProblem(value, name) : required
  if (message) found.push({ field, message })
  return !message
}

/** `dateProblem` for a value already known not to be a real date. */
export function notADate(value: string, name: string): string {
  return dateProblem(value, name) ?? `${name} must be a real date`
}
