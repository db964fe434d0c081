import { useLayoutEffect, useState } from 'preact/hooks'

/**
 * Moves focus to the element with an id once the render that shows it is committed: a
 * row just added, or the one after a row removed. A layout effect, not a plain effect:
 * a plain effect runs a frame later, by when a fast user (or a browser test) may already
 * be typing into another field, and the late focus would send their keystrokes elsewhere.
 */
export function useFocusRequest(): (id: string) => void {
  const [focusId, setFocusId] = useState<string | null>(null)
  useLayoutEffect(() => {
    if (!focusId) return
    document.getElementById(focusId)?.focus()
    setFocusId(null)
  }, [focusId])
  return setFocusId
}
