// The state every form has: its field errors, a problem the API reported that is not about a
// field, whether a save is under way, and how many times it was submitted (the submit
// button's key, so govuk-frontend's double-click guard is set up afresh for each attempt).
import { useState } from 'preact/hooks'
import { type ApiError, asApiError } from './api/client'
import type { FieldError } from './components/govuk'
import { summaryMessage } from './components/planKit'

export interface Form {
  errors: FieldError[]
  setErrors: (errors: FieldError[]) => void
  problem: ApiError | null
  setProblem: (problem: ApiError | null) => void
  busy: boolean
  attempt: number
  /**
   * Submits: shows `found` (the form's own checks) and stops if there are any, else runs
   * `call`. An API refusal is given to `refused` first (return true when it dealt with it,
   * e.g. a CONFLICT); then a BAD_USER_INPUT naming a field of `fields` (or any, with
   * `fallbackField`) becomes that field's error, and anything else the problem above the form.
   */
  submit: (found: FieldError[], call: () => Promise<void>, refused?: (error: ApiError) => boolean | Promise<boolean>) => Promise<void>
}

/**
 * `fields` maps the API's field paths ("input.dueOn") to the form's field ids; a path with
 * an index ("input.inviteeIds[0]") is looked up without it.
 */
export function useForm(fields: Record<string, string> = {}, fallbackField?: string): Form {
  const [errors, setErrors] = useState<FieldError[]>([])
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const submit: Form['submit'] = async (found, call, refused) => {
    setAttempt((n) => n + 1)
    setErrors(found)
    setProblem(null)
    if (found.length > 0) return
    setBusy(true)
    try {
      await call()
    } catch (caught) {
      const apiError = asApiError(caught)
      if (refused && (await refused(apiError))) return
      const path = apiError.field ?? ''
      const field = fields[path] ?? fields[path.replace(/\[\d+\]$/, '')] ?? fallbackField
      if (apiError.code === 'BAD_USER_INPUT' && field) setErrors([{ field, message: summaryMessage(apiError.message) }])
      else setProblem(apiError)
    } finally {
      setBusy(false)
    }
  }
  return { errors, setErrors, problem, setProblem, busy, attempt, submit }
}
