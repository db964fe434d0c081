// A small router over the History API: paths are the addresses emails link to
// (/proposals/{id}, /sign-in?token=…), so deep links must work after a reload.
import type { AnchorHTMLAttributes, ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'

const listeners = new Set<() => void>()

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to)
  else history.pushState(null, '', to)
  listeners.forEach((listener) => listener())
}

window.addEventListener('popstate', () => listeners.forEach((listener) => listener()))

export interface Location {
  path: string
  query: URLSearchParams
  href: string
}

function current(): Location {
  return {
    path: location.pathname.replace(/\/+$/, '') || '/',
    query: new URLSearchParams(location.search),
    href: location.pathname + location.search,
  }
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current)
  useEffect(() => {
    const listener = () => setLoc(current())
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }, [])
  return loc
}

/** Matches `/proposals/:id/feedback` against a path, giving the named parts. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/')
  const got = path.split('/')
  if (want.length !== got.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i])
    else if (want[i] !== got[i]) return null
  }
  return params
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children: ComponentChildren }

/** An ordinary link that the app follows without reloading the page. */
export function Link({ href, children, class: className, ...rest }: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(href)
  }
  return (
    <a href={href} class={className ?? 'govuk-link'} onClick={onClick} {...rest}>
      {children}
    </a>
  )
}
