import { useEffect, useState } from 'preact/hooks'
import { request } from '../api/client'
import { graphql } from '../gql'
import type { NavigationCountsQuery } from '../gql/graphql'

const NavigationCountsDocument = graphql(`
  query NavigationCounts {
    myNavigationCounts { openTasks newAnswers latestAnswerProposalId }
  }
`)

export type NavigationCounts = NavigationCountsQuery['myNavigationCounts']

const REFRESH = 'consult:navigation-counts'

/** Asks the navigation to count again (after something it counts changed on this page). */
export function refreshNavigationCounts() {
  window.dispatchEvent(new Event(REFRESH))
}

/**
 * The signed-in person's counts for the navigation, fetched again on each page and when a
 * page says they changed. A failed count shows no count rather than a wrong one.
 */
export function useNavigationCounts(signedIn: boolean, path: string): NavigationCounts | null {
  const [counts, setCounts] = useState<NavigationCounts | null>(null)
  const [round, setRound] = useState(0)
  useEffect(() => {
    const again = () => setRound((n) => n + 1)
    window.addEventListener(REFRESH, again)
    return () => window.removeEventListener(REFRESH, again)
  }, [])
  useEffect(() => {
    if (!signedIn) {
      setCounts(null)
      return
    }
    let live = true
    request(NavigationCountsDocument)
      .then((data) => live && setCounts(data.myNavigationCounts))
      .catch(() => live && setCounts(null))
    return () => {
      live = false
    }
  }, [signedIn, path, round])
  return counts
}
