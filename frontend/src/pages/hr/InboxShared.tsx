// Parts the feedback inbox, the question log and the outcome report share: the workspace
// layout, a GOV.UK select, page-level errors and banners, and tagging with themes.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, asApiError, request } from '../../api/client'
import { graphql } from '../../gql'
import type { ConsultationConcern, QuestionSource, ThemeSubject } from '../../gql/graphql'
import { Button, ErrorSummary, type FieldError, NotificationBanner } from '../../components/govuk'

/** What a lifecycle gate says is missing (PRECONDITION_FAILED), when the client passes it on. */
export function missingOf(error: ApiError): string[] {
  return (error as ApiError & { missing?: string[] }).missing ?? []
}

export interface Notice {
  title: string
  body?: ComponentChildren
}

/**
 * One error summary and one success banner at the top of a page with several forms: the
 * summary takes focus itself (govuk-frontend), the banner is focused here so that screen
 * readers hear what happened. `attempt` changes on every refusal, to re-arm the buttons.
 */
export function usePageMessages(title: string | null) {
  const [state, setState] = useState<{ errors: FieldError[]; attempt: number; notice: Notice | null }>({
    errors: [],
    attempt: 0,
    notice: null,
  })
  const setErrors = (errors: FieldError[]) =>
    setState((previous) => ({ errors, attempt: previous.attempt + 1, notice: errors.length > 0 ? null : previous.notice }))
  const setNotice = (notice: Notice | null) => setState((previous) => ({ errors: [], attempt: previous.attempt + 1, notice }))
  // After PageHeading's own title: GOV.UK starts it with "Error: " while there are errors.
  // A null title leaves it to another part of the page.
  useEffect(() => {
    if (title) document.title = `${state.errors.length > 0 ? 'Error: ' : ''}${title} – Consult`
  }, [state.errors, title])
  return { ...state, setErrors, setNotice }
}

/**
 * The banner and the error summary, above the page's heading. `attempt` remounts the
 * summary on every refusal: govuk-frontend initialises an element once only, and it is
 * its initialisation that moves focus to the summary.
 */
export function PageMessages({ errors, notice, attempt }: { errors: FieldError[]; notice: Notice | null; attempt: number }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    // After the new page's heading has taken focus (PageHeading), when a form led here.
    const timer = notice ? setTimeout(() => ref.current?.focus(), 0) : undefined
    return () => clearTimeout(timer)
  }, [notice])
  return (
    <>
      {notice && (
        <div tabIndex={-1} ref={ref}>
          <NotificationBanner success>
            <h3 class="govuk-notification-banner__heading">{notice.title}</h3>
            {notice.body}
          </NotificationBanner>
        </div>
      )}
      <ErrorSummary errors={errors} key={attempt} />
    </>
  )
}

/** A refusal as errors for the summary: the server's field when it names one we show. */
export function errorsFrom(error: unknown, fields: Record<string, string>, fallback: string): FieldError[] {
  const apiError = asApiError(error)
  const field = (apiError.field && fields[apiError.field]) || fallback
  const errors = [{ field, message: apiError.message }]
  for (const item of missingOf(apiError)) errors.push({ field, message: item })
  return errors
}

export const CONCERNS: { value: ConsultationConcern; label: string }[] = [
  { value: 'AVOIDING', label: 'Ways of avoiding the dismissals' },
  { value: 'REDUCING', label: 'Ways of reducing the numbers dismissed' },
  { value: 'MITIGATING', label: 'Ways of mitigating the consequences' },
]

export const SOURCES: Record<QuestionSource, string> = {
  STAFF: 'Member of staff',
  UNION: 'Union (collective response)',
  JOB_DESCRIPTION: 'Comment on a job description',
  MEETING: 'Raised at a meeting',
}

/** "197 bytes", "12 KB", "1.4 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

export function ThemeTags({ themes }: { themes: { id: string; name: string }[] }) {
  if (themes.length === 0) return <span class="app-secondary-text">None yet</span>
  return (
    <ul class="govuk-list app-theme-tags">
      {themes.map((theme) => (
        <li key={theme.id}>
          <strong class="govuk-tag govuk-tag--blue">{theme.name}</strong>
        </li>
      ))}
    </ul>
  )
}

/** After tags are saved: an earlier error no longer stands; show the tags as saved. */
export function afterTagging(messages: { errors: FieldError[]; setNotice: (notice: Notice | null) => void }, reload: () => void) {
  if (messages.errors.length > 0) messages.setNotice(null)
  reload()
}

const InboxSharedTagThemeDocument = graphql(`
  mutation InboxSharedTagTheme($input: TagThemeInput!) {
    tagTheme(input: $input) { id }
  }
`)

/**
 * Which themes a response or question is tagged with: checkboxes in a "Change themes"
 * disclosure, saved as the tags added and taken off.
 */
export function ThemeTagger({ subject, subjectId, label, themes, tagged, attempt, onSaved, onError }: {
  subject: ThemeSubject
  subjectId: string
  /** What is tagged, for the legend: "Jo Brierley's response". */
  label: string
  themes: { id: string; name: string }[]
  tagged: string[]
  attempt: number
  onSaved: (message: string) => void
  onError: (errors: FieldError[]) => void
}) {
  const id = `themes-${subjectId}`
  const [chosen, setChosen] = useState<string[]>(tagged)
  const [status, setStatus] = useState('')
  const saving = useRef(false)
  // Follow the server after a reload, unless the person is part-way through a change.
  const taggedKey = tagged.join(',')
  useEffect(() => setChosen(tagged), [taggedKey])

  if (themes.length === 0) {
    return <p class="govuk-body app-secondary-text">Add a theme above to tag this with it.</p>
  }
  const save = async () => {
    if (saving.current) return
    saving.current = true
    setStatus('')
    const changes = themes
      .filter((theme) => chosen.includes(theme.id) !== tagged.includes(theme.id))
      .map((theme) => ({ themeId: theme.id, tagged: chosen.includes(theme.id) }))
    try {
      for (const change of changes) {
        await request(InboxSharedTagThemeDocument, { input: { subject, subjectId, ...change } })
      }
      const message = changes.length === 0 ? 'No change to the themes.' : `Themes of ${label} saved.`
      setStatus(message)
      onSaved(message)
    } catch (error) {
      onError([{ field: id, message: asApiError(error).message }])
    } finally {
      saving.current = false
    }
  }
  return (
    <details class="govuk-details app-theme-tagger">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">Change themes</span>
      </summary>
      <div class="govuk-details__text">
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            void save()
          }}
        >
          <div class="govuk-form-group">
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Themes of {label}</legend>
              <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                {themes.map((theme, index) => {
                  const inputId = index === 0 ? id : `${id}-${index + 1}`
                  return (
                    <div class="govuk-checkboxes__item" key={theme.id}>
                      <input
                        class="govuk-checkboxes__input"
                        id={inputId}
                        name={id}
                        type="checkbox"
                        value={theme.id}
                        checked={chosen.includes(theme.id)}
                        onChange={(event) => {
                          const on = (event.target as HTMLInputElement).checked
                          setChosen((previous) => (on ? [...previous, theme.id] : previous.filter((t) => t !== theme.id)))
                        }}
                      />
                      <label class="govuk-label govuk-checkboxes__label" for={inputId}>{theme.name}</label>
                    </div>
                  )
                })}
              </div>
            </fieldset>
          </div>
          <Button secondary key={attempt}>Save themes</Button>
          <p class="govuk-body govuk-!-margin-bottom-0" role="status">{status}</p>
        </form>
      </div>
    </details>
  )
}
