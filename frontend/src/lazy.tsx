import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { Loading } from './components/govuk'

type Page = ComponentType<{ params: Record<string, string> }>

/** A page whose code is fetched (once) the first time it is shown: a separate chunk. */
export function lazyPage(load: () => Promise<Record<string, unknown>>, name: string): Page {
  let loaded: Page | null = null
  return function LazyPage(props) {
    const [ready, setReady] = useState(loaded !== null)
    useEffect(() => {
      if (loaded) return
      let live = true
      load().then((module) => {
        loaded = module[name] as Page
        if (live) setReady(true)
      })
      return () => {
        live = false
      }
    }, [])
    if (!ready || !loaded) return <Loading />
    const Loaded = loaded
    return <Loaded {...props} />
  }
}
