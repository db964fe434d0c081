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

/**
 * Moves focus to the notification banner inside `container`, as govuk-frontend's script
 * does for success banners, so it is seen and read out after something happened.
 */
export function focusBanner(container: HTMLElement | null): void {
  const banner = container?.querySelector<HTMLElement>('.govuk-notification-banner')
  if (!banner) return
  banner.tabIndex = -1
  banner.focus()
  banner.addEventListener('blur', () => banner.removeAttribute('tabindex'), { once: true })
}
