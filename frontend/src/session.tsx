import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { MeQuery } from './gql/graphql'

export type Me = MeQuery['me']

export const SessionContext = createContext<{ me: Me; signOut: () => void } | null>(null)

/** The signed-in person; pages are only rendered once someone is signed in. */
export function useMe(): Me {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useMe outside a signed-in page')
  return session.me
}

export function useSignOut(): () => void {
  return useContext(SessionContext)!.signOut
}

/** Only a path inside this app may be returned to after sign-in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/'
}
