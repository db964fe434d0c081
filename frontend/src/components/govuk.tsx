// GOV.UK Design System components as Preact components, with the same markup and classes
// as the Nunjucks macros, so govuk-frontend's CSS and JavaScript apply to them.
import type { ComponentChildren, JSX } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { Button as GovukButton, ErrorSummary as GovukErrorSummary } from 'govuk-frontend'
import { ApiError } from '../api/client'

let firstPage = true

/** The page's h1: sets the document title and takes focus after the app navigates. */
export function PageHeading({ children, caption, title, size = 'l' }: {
  children: ComponentChildren
  caption?: string
  title: string
  size?: 'xl' | 'l' | 'm'
}) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.title = `${title} – Consult`
    // Screen readers announce nothing when a single-page app swaps content: move focus
    // to the new heading, except on the first page of a visit.
    if (firstPage) firstPage = false
    else ref.current?.focus()
  }, [title])
  return (
    <h1 class={`govuk-heading-${size}`} tabIndex={-1} ref={ref}>
      {caption && <span class={`govuk-caption-${size === 'xl' ? 'l' : size}`}>{caption}</span>}
      {children}
    </h1>
  )
}

export interface FieldError {
  field: string
  message: string
}

/** The error summary at the top of a form; links move focus to each field. */
export function ErrorSummary({ errors }: { errors: FieldError[] }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (ref.current && errors.length > 0) {
      new GovukErrorSummary(ref.current)
    }
  }, [errors])
  if (errors.length === 0) return null
  // A new element for each set of errors: govuk-frontend sets an element up once, and the
  // summary must take focus again when a second attempt fails.
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary" ref={ref} key={errors.map((e) => e.field + e.message).join('|')}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {errors.map((error) => (
              <li key={error.field + error.message}>
                <a href={`#${error.field}`}>{error.message}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  )
}

export function errorFor(errors: FieldError[], field: string): string | undefined {
  return errors.find((error) => error.field === field)?.message
}

function ErrorMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null
  return (
    <p id={`${id}-error`} class="govuk-error-message">
      <span class="govuk-visually-hidden">Error:</span> {message}
    </p>
  )
}

function describedBy(id: string, hint?: ComponentChildren, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return ids || undefined
}

interface FieldProps {
  id: string
  label: ComponentChildren
  hint?: ComponentChildren
  error?: string
  /** Shows the label as the page's heading (one question per page). */
  isPageHeading?: boolean
}

function Label({ id, label, isPageHeading }: { id: string; label: ComponentChildren; isPageHeading?: boolean }) {
  if (isPageHeading) {
    return (
      <h1 class="govuk-label-wrapper">
        <label class="govuk-label govuk-label--l" for={id}>{label}</label>
      </h1>
    )
  }
  return <label class="govuk-label govuk-label--s" for={id}>{label}</label>
}

export function TextInput(props: FieldProps & {
  value: string
  onInput: (value: string) => void
  type?: 'text' | 'email' | 'password' | 'number'
  autocomplete?: string
  width?: string
  spellcheck?: boolean
}) {
  const { id, label, hint, error, isPageHeading, value, onInput, type = 'text', autocomplete, width, spellcheck } = props
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <Label id={id} label={label} isPageHeading={isPageHeading} />
      {hint && <div id={`${id}-hint`} class="govuk-hint">{hint}</div>}
      <ErrorMessage id={id} message={error} />
      <input
        class={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type={type as 'text'}
        value={value}
        autocomplete={autocomplete}
        spellcheck={spellcheck}
        aria-describedby={describedBy(id, hint, error)}
        onInput={(event) => onInput((event.target as HTMLInputElement).value)}
      />
    </div>
  )
}

export function Textarea(props: FieldProps & { value: string; onInput: (value: string) => void; rows?: number }) {
  const { id, label, hint, error, isPageHeading, value, onInput, rows = 5 } = props
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <Label id={id} label={label} isPageHeading={isPageHeading} />
      {hint && <div id={`${id}-hint`} class="govuk-hint">{hint}</div>}
      <ErrorMessage id={id} message={error} />
      <textarea
        class={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        onInput={(event) => onInput((event.target as HTMLTextAreaElement).value)}
      />
    </div>
  )
}

export interface Choice {
  value: string
  label: ComponentChildren
  hint?: ComponentChildren
}

/** Radios or checkboxes in a fieldset; the first input carries the id the error summary links to. */
export function ChoiceField(props: Omit<FieldProps, 'isPageHeading'> & {
  legendIsPageHeading?: boolean
  choices: Choice[]
  multiple?: boolean
  values: string[]
  onChange: (values: string[]) => void
  inline?: boolean
}) {
  const { id, label, hint, error, legendIsPageHeading, choices, multiple, values, onChange, inline } = props
  const kind = multiple ? 'checkboxes' : 'radios'
  const toggle = (value: string, checked: boolean) => {
    if (!multiple) onChange([value])
    else onChange(checked ? [...values, value] : values.filter((v) => v !== value))
  }
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend class={`govuk-fieldset__legend govuk-fieldset__legend--${legendIsPageHeading ? 'l' : 's'}`}>
          {legendIsPageHeading ? <h1 class="govuk-fieldset__heading">{label}</h1> : label}
        </legend>
        {hint && <div id={`${id}-hint`} class="govuk-hint">{hint}</div>}
        <ErrorMessage id={id} message={error} />
        <div class={`govuk-${kind}${inline ? ` govuk-${kind}--inline` : ''}`} data-module={`govuk-${kind}`}>
          {choices.map((choice, index) => {
            const inputId = index === 0 ? id : `${id}-${index + 1}`
            return (
              <div class={`govuk-${kind}__item`} key={choice.value}>
                <input
                  class={`govuk-${kind}__input`}
                  id={inputId}
                  name={id}
                  type={multiple ? 'checkbox' : 'radio'}
                  value={choice.value}
                  checked={values.includes(choice.value)}
                  aria-describedby={choice.hint ? `${inputId}-hint` : undefined}
                  onChange={(event) => toggle(choice.value, (event.target as HTMLInputElement).checked)}
                />
                <label class={`govuk-label govuk-${kind}__label`} for={inputId}>{choice.label}</label>
                {choice.hint && <div id={`${inputId}-hint`} class={`govuk-hint govuk-${kind}__hint`}>{choice.hint}</div>}
              </div>
            )
          })}
        </div>
      </fieldset>
    </div>
  )
}

/** A button; govuk-frontend's script stops a double click from submitting twice. */
export function Button({ children, secondary, warning, disabled, type = 'submit', onClick }: {
  children: ComponentChildren
  secondary?: boolean
  warning?: boolean
  disabled?: boolean
  type?: 'submit' | 'button'
  onClick?: (event: MouseEvent) => void
}) {
  const ref = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (ref.current) new GovukButton(ref.current)
  }, [])
  const variant = secondary ? ' govuk-button--secondary' : warning ? ' govuk-button--warning' : ''
  return (
    <button
      type={type}
      class={`govuk-button${variant}`}
      data-module="govuk-button"
      data-prevent-double-click="true"
      disabled={disabled}
      aria-disabled={disabled ? 'true' : undefined}
      onClick={onClick}
      ref={ref}
    >
      {children}
    </button>
  )
}

export function NotificationBanner({ title = 'Important', success, titleId = 'notification-banner-title', children }: {
  title?: string
  success?: boolean
  /** Another id when a page shows a second banner (ids must be unique). */
  titleId?: string
  children: ComponentChildren
}) {
  return (
    <div
      class={`govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}`}
      role={success ? 'alert' : 'region'}
      aria-labelledby={titleId}
    >
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id={titleId}>{success ? 'Success' : title}</h2>
      </div>
      <div class="govuk-notification-banner__content">{children}</div>
    </div>
  )
}

export function SummaryList({ rows }: { rows: { key: ComponentChildren; value: ComponentChildren; action?: JSX.Element }[] }) {
  return (
    <dl class="govuk-summary-list">
      {rows.map((row, index) => (
        <div class="govuk-summary-list__row" key={index}>
          <dt class="govuk-summary-list__key">{row.key}</dt>
          <dd class="govuk-summary-list__value">{row.value}</dd>
          {row.action && <dd class="govuk-summary-list__actions">{row.action}</dd>}
        </div>
      ))}
    </dl>
  )
}

export function Tag({ children, colour }: { children: ComponentChildren; colour?: string }) {
  return <strong class={`govuk-tag${colour ? ` govuk-tag--${colour}` : ''}`}>{children}</strong>
}

export function InsetText({ children }: { children: ComponentChildren }) {
  return <div class="govuk-inset-text">{children}</div>
}

export function WarningText({ children }: { children: ComponentChildren }) {
  return (
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  )
}

export function Details({ summary, children }: { summary: string; children: ComponentChildren }) {
  return (
    <details class="govuk-details">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">{summary}</span>
      </summary>
      <div class="govuk-details__text">{children}</div>
    </details>
  )
}

export function BackLink({ href, onClick }: { href: string; onClick?: (event: MouseEvent) => void }) {
  return (
    <a href={href} class="govuk-back-link" onClick={onClick}>
      Back
    </a>
  )
}

/** Text from the API, whose paragraphs are separated by blank lines. */
export function Paragraphs({ text, empty = 'Not written yet.' }: { text: string | null | undefined; empty?: string }) {
  const paragraphs = (text ?? '').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
  if (paragraphs.length === 0) return <p class="govuk-body govuk-hint">{empty}</p>
  return (
    <>
      {paragraphs.map((paragraph, index) =>
        /^[-•*] /m.test(paragraph) ? (
          <ul class="govuk-list govuk-list--bullet" key={index}>
            {paragraph.split('\n').map((line, i) => <li key={i}>{line.replace(/^[-•*]\s*/, '')}</li>)}
          </ul>
        ) : (
          <p class="govuk-body" key={index}>{paragraph}</p>
        ),
      )}
    </>
  )
}

/** What a page shows while its data loads, or when it could not be loaded. */
export function Loading() {
  return <p class="govuk-body" role="status">Loading…</p>
}

export function ProblemPage({ error }: { error: ApiError }) {
  const title =
    error.code === 'NOT_FOUND' ? 'Page not found' : error.code === 'FORBIDDEN' ? 'You cannot see this page' : 'Sorry, there is a problem'
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p class="govuk-body">{error.message}</p>
      <p class="govuk-body">
        <a class="govuk-link" href="/">Go to your consultations</a>
      </p>
    </>
  )
}

export interface SelectOption {
  value: string
  label: string
  /** Options with the same group are shown under it (an optgroup). */
  group?: string
}

/** GOV.UK select. */
export function Select({ id, label, hint, error, value, options, onChange, labelSize = 's' }: {
  id: string
  label: ComponentChildren
  hint?: ComponentChildren
  error?: string
  value: string
  options: SelectOption[]
  onChange: (value: string) => void
  labelSize?: 's' | 'm'
}) {
  const groups = [...new Set(options.map((option) => option.group ?? ''))]
  const render = (group: string) =>
    options
      .filter((option) => (option.group ?? '') === group)
      .map((option) => (
        <option value={option.value} key={option.value} selected={option.value === value}>
          {option.label}
        </option>
      ))
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class={`govuk-label govuk-label--${labelSize}`} for={id}>{label}</label>
      {hint && <div id={`${id}-hint`} class="govuk-hint">{hint}</div>}
      <ErrorMessage id={id} message={error} />
      <select
        class={`govuk-select app-select${error ? ' govuk-select--error' : ''}`}
        id={id}
        name={id}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => onChange((event.target as HTMLSelectElement).value)}
      >
        {groups.map((group) =>
          group ? (
            <optgroup label={group} key={group}>
              {render(group)}
            </optgroup>
          ) : (
            render(group)
          ),
        )}
      </select>
    </div>
  )
}
