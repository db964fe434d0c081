// What HR's structure, people and job description pages share: the structure page's query and
// its types, the notice shown after a change, whether the structure can still change, a short
// number input in GOV.UK markup, FTE and whole numbers as typed, a banner that takes focus,
// the changes someone had made when another save won, and how a stale version is told apart.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { ApiError } from '../../../api/client'
import { BackLink, ErrorSummary, type FieldError, NotificationBanner, PageHeading } from '../../../components/govuk'
import { graphql } from '../../../gql'
import type { StructurePageQuery } from '../../../gql/graphql'
import { navigate } from '../../../router'

export const StructurePageDocument = graphql(`
  query StructurePage($id: ID!) {
    proposal(id: $id) {
      id title status sharedWithUnionsAt
      costs { costBefore costAfter saving }
      posts(first: 100) {
        totalCount
        pageInfo { hasNextPage }
        nodes {
          id title inScope note version actions filledFte vacantFte
          current {
            grade fte headcount cost
            reportsTo { id title }
            jobDescription { id number label }
          }
          proposed {
            grade fte headcount cost
            reportsTo { id title }
            jobDescription { id number label }
          }
        }
      }
      currentChart: orgChart(side: CURRENT) {
        depth parentId
        post { id title inScope actions current { grade fte headcount } proposed { grade fte headcount } }
      }
      proposedChart: orgChart(side: PROPOSED) {
        depth parentId
        post { id title inScope actions current { grade fte headcount } proposed { grade fte headcount } }
      }
      jobDescriptions { id title versions { id number label proposedGrade createdAt } }
    }
    payScales { grade annualCost salary onCostPercent description }
  }
`)

export type Data = StructurePageQuery

export type Proposal = Data['proposal']

export type Post = Proposal['posts']['nodes'][number]

export type Side = NonNullable<Post['current']>

export type PayScale = Data['payScales'][number]

/** What the page says after something happened, shown only at the address it was meant for. */
export interface Notice {
  at: string
  success?: boolean
  heading: string
  body?: string
  lost?: [string, string][]
}

/** Statuses after which the API refuses structure changes. */
const FROZEN = ['DECIDED', 'IMPLEMENTING', 'COMPLETED', 'WITHDRAWN']

export function isFrozen(status: string): boolean {
  return FROZEN.includes(status)
}

/** Grades in a sensible order: "Grade 4" before "Grade 12". */
export function byGrade(a: PayScale, b: PayScale): number {
  return a.grade.localeCompare(b.grade, 'en-GB', { numeric: true })
}

/**
 * A CONFLICT because someone saved a newer version (the API says which versions), as opposed
 * to a CONFLICT about the data itself (a duplicate employee number, a post still held).
 */
export function isStaleVersion(error: ApiError): boolean {
  return error.code === 'CONFLICT' && /version|since you loaded/i.test(error.message)
}

/**
 * A short text input for a number. GOV.UK asks for type="text" with an inputmode rather than
 * type="number", which changes values on scroll and drops what it cannot parse.
 */
export function NumberInput({ id, label, hint, error, value, onInput, decimal, width = '4', prefix, suffix }: {
  id: string
  label: ComponentChildren
  hint?: ComponentChildren
  error?: string
  value: string
  onInput: (value: string) => void
  decimal?: boolean
  width?: string
  prefix?: string
  suffix?: string
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  const input = (
    <input
      class={`govuk-input govuk-input--width-${width}${error ? ' govuk-input--error' : ''}`}
      id={id}
      name={id}
      type="text"
      inputMode={decimal ? 'decimal' : 'numeric'}
      spellcheck={false}
      value={value}
      aria-describedby={described}
      onInput={(event) => onInput((event.target as HTMLInputElement).value)}
    />
  )
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label govuk-label--s" for={id}>{label}</label>
      {hint && <div id={`${id}-hint`} class="govuk-hint">{hint}</div>}
      {error && (
        <p id={`${id}-error`} class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {prefix || suffix ? (
        <div class="govuk-input__wrapper">
          {prefix && <div class="govuk-input__prefix" aria-hidden="true">{prefix}</div>}
          {input}
          {suffix && <div class="govuk-input__suffix" aria-hidden="true">{suffix}</div>}
        </div>
      ) : (
        input
      )}
    </div>
  )
}

/** "1.5" → 1.5; null when it is not a number of more than 0 with at most two decimals. */
export function parseFte(text: string): number | null {
  const trimmed = text.trim()
  if (!/^\d*(\.\d{1,2})?$/.test(trimmed) || trimmed === '' || trimmed === '.') return null
  const value = Number(trimmed)
  return value > 0 ? value : null
}

/** A whole number, or null. */
export function parseWhole(text: string): number | null {
  const trimmed = text.trim()
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null
}

/** FTE as people write it: 1, 0.5, 1.9. */
export function fteText(fte: number): string {
  return fte.toLocaleString('en-GB', { maximumFractionDigits: 2, useGrouping: false })
}

/**
 * A banner saying what just happened. It takes focus when it appears (as govuk-frontend does
 * for success banners), after the page heading has taken it.
 */
export function FocusBanner({ success, title, heading, children, focusKey }: {
  success?: boolean
  title?: string
  heading: ComponentChildren
  children?: ComponentChildren
  focusKey: unknown
}) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const banner = ref.current?.querySelector<HTMLElement>('.govuk-notification-banner')
      if (!banner) return
      banner.tabIndex = -1
      banner.focus()
      banner.addEventListener('blur', () => banner.removeAttribute('tabindex'), { once: true })
    })
    return () => cancelAnimationFrame(frame)
  }, [focusKey])
  return (
    <div ref={ref}>
      <NotificationBanner success={success} title={title}>
        <h3 class="govuk-notification-banner__heading">{heading}</h3>
        {children}
      </NotificationBanner>
    </div>
  )
}

/** What someone had typed when another person's save won, so it is not lost. */
export function LostChanges({ rows }: { rows: [string, string][] }) {
  return (
    <details class="govuk-details govuk-!-margin-bottom-0">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">Show the changes you had made</span>
      </summary>
      <div class="govuk-details__text">
        <dl class="govuk-summary-list govuk-summary-list--no-border">
          {rows.map(([key, value]) => (
            <div class="govuk-summary-list__row" key={key}>
              <dt class="govuk-summary-list__key">{key}</dt>
              <dd class="govuk-summary-list__value app-pre-wrap">{value || 'None'}</dd>
            </div>
          ))}
        </dl>
      </div>
    </details>
  )
}

/**
 * What a form page of the structure and people pages begins with: the way back (in the app,
 * without a reload), a banner if there is one, the error summary and the heading.
 */
export function FormPrelude({ back, banner, errors, title, caption, heading }: {
  back: string
  banner?: ComponentChildren
  errors: FieldError[]
  /** The page's title in the browser. */
  title: string
  caption: string
  heading: ComponentChildren
}) {
  return (
    <>
      <BackLink
        href={back}
        onClick={(event) => {
          event.preventDefault()
          navigate(back)
        }}
      />
      {banner}
      <ErrorSummary errors={errors} />
      <PageHeading title={title} caption={caption}>{heading}</PageHeading>
    </>
  )
}
