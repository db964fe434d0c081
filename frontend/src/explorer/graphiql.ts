// The API explorer: GraphiQL, a React component, mounted into a container of the Preact app.
// This module is its own chunk, imported only when /graphiql is opened, so React, GraphiQL and
// CodeMirror never reach the bundle everyone else downloads. GraphiQL 4 is the last major
// version on CodeMirror 5, which runs under the app's Content-Security-Policy (no inline
// styles, no workers); GraphiQL 5's Monaco editor needs inline styles.
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { GraphiQL, type GraphiQLProps } from 'graphiql'
import 'graphiql/style.css'
import './graphiql.css'

/** Every operation goes to this origin's `/graphql`, signed in by the session cookie. */
const fetcher: GraphiQLProps['fetcher'] = async (params, options) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...options?.headers },
    body: JSON.stringify(params),
  })
  return response.json()
}

/**
 * CodeMirror types into a hidden textarea that has no label, so a screen reader announces an
 * unnamed field: name each after the editor it belongs to, as GraphiQL creates them.
 */
const EDITOR_NAMES: [string, string][] = [
  ['.graphiql-query-editor', 'Query'],
  ['.graphiql-editor-tool > .graphiql-editor:nth-child(1)', 'Variables (JSON)'],
  ['.graphiql-editor-tool > .graphiql-editor:nth-child(2)', 'Request headers (JSON)'],
  ['.result-window', 'Response'],
]

function nameEditors(container: HTMLElement) {
  for (const textarea of container.querySelectorAll('.CodeMirror textarea:not([aria-label])')) {
    const name = EDITOR_NAMES.find(([selector]) => textarea.closest(selector))?.[1]
    if (name) textarea.setAttribute('aria-label', name)
  }
}

/** Shows GraphiQL in `container`; the function returned takes it away again. */
export function mountExplorer(container: HTMLElement, defaultQuery: string): () => void {
  const labeller = new MutationObserver(() => nameEditors(container))
  labeller.observe(container, { childList: true, subtree: true })
  const root = createRoot(container)
  root.render(
    createElement(GraphiQL, {
      fetcher,
      defaultQuery,
      // The app is light; GraphiQL would otherwise follow a dark system theme.
      forcedTheme: 'light',
      // Tabs, history and variables last as long as the browser tab: on a shared computer
      // the next person to sign in finds none of them.
      storage: sessionStorage,
    }),
  )
  return () => {
    labeller.disconnect()
    root.unmount()
  }
}
