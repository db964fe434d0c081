import { useCallback, useEffect, useState } from 'preact/hooks'
import type { TypedDocumentString } from '../gql/graphql'
import { ApiError, request } from './client'

export interface QueryState<T> {
  data?: T
  error?: ApiError
  loading: boolean
  reload: () => void
}

/** Runs a query when the page shows and whenever its variables change. */
export function useQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): QueryState<TResult> {
  const key = JSON.stringify(variables)
  const [state, setState] = useState<{ data?: TResult; error?: ApiError; loading: boolean }>({ loading: true })
  const [round, setRound] = useState(0)
  useEffect(() => {
    let live = true
    setState((previous) => ({ data: previous.data, loading: true }))
    const run = request as (d: TypedDocumentString<TResult, TVariables>, v: TVariables) => Promise<TResult>
    run(document, JSON.parse(key))
      .then((data) => live && setState({ data, loading: false }))
      .catch((error: unknown) => {
        if (!live) return
        const apiError = error instanceof ApiError ? error : new ApiError(String(error), 'INTERNAL_SERVER_ERROR')
        setState({ error: apiError, loading: false })
      })
    return () => {
      live = false
    }
  }, [document, key, round])
  const reload = useCallback(() => setRound((n) => n + 1), [])
  return { ...state, reload }
}
