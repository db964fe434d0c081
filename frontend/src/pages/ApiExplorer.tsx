// The API explorer at /graphiql (issue 19): GraphiQL on this origin, signed in as whoever is
// signed in to the app, under the app's Content-Security-Policy. The page is Preact like the
// rest; GraphiQL itself (React) is a chunk of its own, fetched when the page opens.
import { useEffect, useRef, useState } from 'preact/hooks'
import { PageHeading } from '../components/govuk'
import { useMe } from '../session'

/** What a first visit shows in the query editor (GraphiQL keeps later edits for the tab). */
const FIRST_QUERY = `# Consult's GraphQL API, signed in as you: it answers what you may see.
# Press the run button (or Ctrl-Enter) to run the query; Docs lists every type and field.

{
  me { name email role }
}
`

type Explorer = typeof import('../explorer/graphiql')

export function ApiExplorerPage() {
  const me = useMe()
  const container = useRef<HTMLDivElement>(null)
  const [explorer, setExplorer] = useState<Explorer | null>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    let live = true
    import('../explorer/graphiql')
      .then((module) => live && setExplorer(module))
      .catch(() => live && setFailed(true))
    return () => {
      live = false
    }
  }, [])

  // Mounted once its container is on screen (CodeMirror measures itself as it starts).
  useEffect(() => {
    if (!explorer || !container.current) return
    return explorer.mountExplorer(container.current, FIRST_QUERY)
  }, [explorer])

  return (
    <>
      <PageHeading title="API explorer">API explorer</PageHeading>
      <p class="govuk-body">
        Run queries and mutations against Consult's GraphQL API, signed in as {me.name}: you see and may do what
        your role allows, and mutations change real records. The documentation explorer lists every type and
        field with what it means.
      </p>
      {!explorer && !failed && <p class="govuk-body" role="status">Loading the explorer…</p>}
      {failed && (
        <p class="govuk-body" role="alert">
          The explorer could not be loaded. Check your connection and reload the page.
        </p>
      )}
      {explorer && <div ref={container} class="app-api-explorer" />}
    </>
  )
}
