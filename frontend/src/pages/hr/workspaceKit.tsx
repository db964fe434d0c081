// Small pieces the HR workspace pages of a proposal share: the page frame with the
// workspace navigation, and the "what is missing" summary of a refused lifecycle step.
import { useEffect, useRef } from 'preact/hooks'
import { ApiError } from '../../api/client'
import { Link } from '../../router'

/**
 * Where HR fixes one item of a refused step's `missing` list. The API words them as
 * instructions ("Write the background."); the page that does it is found from the words.
 */
export function missingHref(proposalId: string, item: string): string | null {
  const base = `/proposals/${proposalId}`
  const text = item.toLowerCase()
  const rules: [RegExp, string][] = [
    [/^share the proposal/, `${base}/manage`],
    // Implementation steps due before the decision are on the timetable page.
    [/^complete the step/, `${base}/timetable`],
    [/recognised unions/, `${base}/manage/details`],
    // "Disclose <an s188(4) item> (s188(4))."
    [/reasons for the proposals/, `${base}/manage/rationale`],
    [/numbers and descriptions/, `${base}/people`],
    // s188(4)(c) counts the whole establishment, entered beside the other s188(4) items.
    [/total number of employees/, `${base}/manage/s188-items`],
    [/agency workers/, `${base}/manage/agency-workers`],
    [/selection method|method of carrying out|redundancy payments/, `${base}/manage/s188-items`],
    // The timetable's problems cite the statute, e.g. "(s188(1A))".
    [/\(s\d|consultation period|timetable|first dismissal|hr1/, `${base}/timetable`],
    [/write the background/, `${base}/manage/background`],
    [/write the rationale/, `${base}/manage/rationale`],
    [/write the proposal/, `${base}/manage/proposal`],
    [/equality analysis/, `${base}/manage/equality`],
    [/structure/, `${base}/structure`],
    [/checklist|approval of/, `${base}/checklist`],
    [/open question/, `${base}/question-log`],
    [/outcome report/, `${base}/outcome`],
  ]
  return rules.find(([pattern]) => pattern.test(text))?.[1] ?? null
}

/**
 * A refused step: the API's sentence, then each missing item linked to where it is done.
 * Shown in the error summary's markup, and focused so it is read out at once.
 */
export function RefusalSummary({ title = 'There is a problem', error, proposalId }: {
  title?: string
  error: ApiError
  proposalId: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [error])
  const missing = error.missing ?? []
  // The API's sentence often repeats the list after a colon: keep only its lead then.
  const lead =
    missing.length > 0 && missing.every((item) => error.message.includes(item)) && error.message.includes(':')
      ? `${error.message.slice(0, error.message.indexOf(':'))}.`
      : error.message
  return (
    <div class="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">{title}</h2>
        <div class="govuk-error-summary__body">
          <p class="govuk-body">{lead}</p>
          {missing.length > 0 && (
            <ul class="govuk-list govuk-error-summary__list">
              {missing.map((item) => {
                const href = missingHref(proposalId, item)
                return <li key={item}>{href ? <Link href={href}>{item}</Link> : item}</li>
              })}
            </ul>
          )}
        </div>
      </div>
    </div>
  )
}

/** The sections of a proposal edited on their own page (`/proposals/:id/manage/:section`). */
export const sectionTitles: Record<string, string> = {
  details: 'Proposal details',
  background: 'Background',
  rationale: 'Rationale',
  proposal: 'The proposal',
  benefits: 'Benefits',
  alternatives: 'Alternatives considered',
  risks: 'Risks and mitigations',
  equality: 'Equality analysis',
  'agency-workers': 'Agency workers',
  's188-items': 'Selection, dismissal and redundancy pay',
}
