// The one way the app talks to the server: POST /graphql with the session cookie.
import type { TypedDocumentString } from '../gql/graphql'

/** An error the API returned, with its stable `extensions.code`. */
export class ApiError extends Error {
  readonly code: string
  readonly field?: string
  /** For PRECONDITION_FAILED: what must be done first, each a sentence (may be empty). */
  readonly missing?: string[]
  constructor(message: string, code: string, field?: string, missing?: string[]) {
    super(message)
    this.code = code
    this.field = field
    this.missing = missing
  }
}

interface GraphQLError {
  message: string
  extensions?: { code?: string; field?: string; missing?: string[] }
}

type Listener = () => void
const expiredListeners = new Set<Listener>()

/** Called when a request is refused because the session has ended. */
export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener)
  return () => expiredListeners.delete(listener)
}

export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  let response: Response
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    })
  } catch {
    throw new ApiError('Consult cannot be reached. Check your connection and try again.', 'NETWORK')
  }
  let body: { data?: TResult | null; errors?: GraphQLError[] }
  try {
    body = await response.json()
  } catch {
    throw new ApiError(`The server answered with an error (${response.status}). Try again later.`, 'HTTP')
  }
  const first = body.errors?.[0]
  if (first) {
    const code = first.extensions?.code ?? 'INTERNAL_SERVER_ERROR'
    if (code === 'UNAUTHENTICATED') expiredListeners.forEach((listener) => listener())
    throw new ApiError(first.message, code, first.extensions?.field, first.extensions?.missing)
  }
  return body.data as TResult
}

/** Any thrown value as an ApiError, so pages handle one kind of error. */
export function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : new ApiError(String(caught), 'INTERNAL_SERVER_ERROR')
}

/**
 * A GraphQL multipart request (the spec the server follows) with one file at
 * `variables.input.file`: a file travels as itself, not inside the JSON, so the only size
 * limit is the server's upload limit.
 */
export async function upload<TResult, TInput extends { file: unknown }>(
  document: TypedDocumentString<TResult, { input: TInput }>,
  input: Omit<TInput, 'file'>,
  file: Blob,
  fileName: string,
): Promise<TResult> {
  const body = new FormData()
  body.append('operations', JSON.stringify({ query: document.toString(), variables: { input: { ...input, file: null } } }))
  body.append('map', JSON.stringify({ 0: ['variables.input.file'] }))
  body.append('0', file, fileName)
  let response: Response
  try {
    response = await fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' }, body })
  } catch {
    throw new ApiError('The file could not be sent. Check your connection and try again.', 'NETWORK')
  }
  let result: { data?: TResult | null; errors?: GraphQLError[] }
  try {
    result = await response.json()
  } catch {
    throw new ApiError(`The server answered with an error (${response.status}). Try again later.`, 'HTTP')
  }
  const first = result.errors?.[0]
  if (first) {
    const code = first.extensions?.code ?? 'INTERNAL_SERVER_ERROR'
    if (code === 'UNAUTHENTICATED') expiredListeners.forEach((listener) => listener())
    throw new ApiError(first.message, code, first.extensions?.field, first.extensions?.missing)
  }
  return result.data as TResult
}
