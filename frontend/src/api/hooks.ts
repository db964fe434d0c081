import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import type { TypedDocumentString } from '../gql/graphql'
import { ApiError, asApiError, request } from './client'

export interface QueryState<T> {
  data?: T
  error?: ApiError
  loading: boolean
  /**
   * Whether `data` answers the current variables. While new variables load, `data` is still
   * the previous answer (so a reload does not blank the page); a list that changed its
   * filter should not show the old rows as if they matched.
   */
  current: boolean
  /**
   * Asks again; settles once the answer has arrived (or failed). A page that reloads a list and
   * then shows it should wait for this: rows that move under a click send it to another row.
   */
  reload: () => Promise<void>
}

/** Runs a query when the page shows and whenever its variables change. */
export function useQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): QueryState<TResult> {
  const key = JSON.stringify(variables)
  const [state, setState] = useState<{ data?: TResult; error?: ApiError; loading: boolean; key?: string }>({ loading: true })
  const [round, setRound] = useState(0)
  // Those waiting for a reload, with the round whose answer they wait for.
  const rounds = useRef(0)
  const waiting = useRef<{ round: number; resolve: () => void }[]>([])
  useEffect(() => {
    let live = true
    setState((previous) => ({ data: previous.data, key: previous.key, loading: true }))
    const run = request as (d: TypedDocumentString<TResult, TVariables>, v: TVariables) => Promise<TResult>
    run(document, JSON.parse(key))
      .then((data) => live && setState({ data, key, loading: false }))
      .catch((error: unknown) => {
        if (!live) return
        const apiError = error instanceof ApiError ? error : new ApiError(String(error), 'INTERNAL_SERVER_ERROR')
        setState({ error: apiError, loading: false })
      })
      .finally(() => {
        // An answer superseded by a newer round settles nobody: they wait for the newer one.
        if (!live) return
        const settled = waiting.current.filter((w) => w.round <= round)
        waiting.current = waiting.current.filter((w) => w.round > round)
        settled.forEach((w) => w.resolve())
      })
    return () => {
      live = false
    }
  }, [document, key, round])
  const reload = useCallback(
    () =>
      new Promise<void>((resolve) => {
        const next = ++rounds.current
        waiting.current.push({ round: next, resolve })
        setRound(next)
      }),
    [],
  )
  return { data: state.data, error: state.error, loading: state.loading, current: state.key === key, reload }
}

/** One page of a proposal's employees, as a query asks for it. */
interface EmployeesPage<T> {
  proposal: { employees: { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } } }
}

/** Every employee of a proposal, fetched a page at a time with `document`. */
export function useAllEmployees<T>(
  document: TypedDocumentString<EmployeesPage<T>, { id: string; after?: string | null }>,
  proposalId: string,
): { employees: T[] | null; problem: ApiError | null } {
  const [employees, setEmployees] = useState<T[] | null>(null)
  const [problem, setProblem] = useState<ApiError | null>(null)
  useEffect(() => {
    let live = true
    const load = async () => {
      const all: T[] = []
      let after: string | null = null
      // A bound on the pages, in case a cursor never ends.
      for (let page = 0; page < 50; page++) {
        const data: EmployeesPage<T> = await request(document, { id: proposalId, after })
        all.push(...data.proposal.employees.nodes)
        const info = data.proposal.employees.pageInfo
        if (!info.hasNextPage || !info.endCursor) break
        after = info.endCursor
      }
      return all
    }
    load()
      .then((all) => live && setEmployees(all))
      .catch((caught) => live && setProblem(asApiError(caught)))
    return () => {
      live = false
    }
  }, [document, proposalId])
  return { employees, problem }
}
