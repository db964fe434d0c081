// Prints the gzipped size of the JavaScript a first visit loads (the scripts index.html
// references and the chunks they import statically) and fails the build over budget. The API
// explorer (/graphiql: React, GraphiQL, CodeMirror) is a line of its own with its own budget:
// what opening it adds, counting every chunk it brings in, also those GraphiQL imports as it starts.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET = 150 * 1024
const EXPLORER_BUDGET = 420 * 1024
const dist = new URL('../dist/', import.meta.url).pathname

/** Static imports between chunks: import … from "./x.js" (dynamic import() is not first load). */
const STATIC_IMPORT = /(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g
/** Dynamic imports, and the files Vite preloads beside them ("assets/x.js"). */
const DYNAMIC_IMPORT = /import\(\s*["']\.\/([^"']+\.js)["']\s*\)|["']assets\/([^"']+\.js)["']/g

/** Gzipped bytes of `entries` and the chunks they import (dynamically too when `dynamic`), less `skip`. */
function measure(label, entries, { dynamic = false, skip = new Set() } = {}) {
  const seen = new Set()
  const queue = [...entries]
  let total = 0
  while (queue.length > 0) {
    const file = queue.shift()
    if (seen.has(file) || skip.has(file)) continue
    seen.add(file)
    const code = readFileSync(join(dist, file))
    const size = gzipSync(code, { level: 9 }).length
    total += size
    console.log(`  ${label}${file}: ${(code.length / 1024).toFixed(1)} KB, ${(size / 1024).toFixed(1)} KB gzipped`)
    const text = code.toString()
    for (const m of text.matchAll(STATIC_IMPORT)) queue.push(join(file, '..', m[1]))
    if (dynamic) {
      for (const m of text.matchAll(DYNAMIC_IMPORT)) queue.push(m[1] ? join(file, '..', m[1]) : join('assets', m[2]))
    }
  }
  return { total, files: seen }
}

function verdict(what, total, budget) {
  const within = total <= budget
  console.log(`${what}: ${(total / 1024).toFixed(1)} KB gzipped (${within ? 'within' : 'OVER'} the ${budget / 1024} KB budget)`)
  return within
}

const html = readFileSync(join(dist, 'index.html'), 'utf8')
const firstLoad = measure(
  '',
  [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g)].map((m) => m[1]),
)
let ok = verdict('First-load JavaScript', firstLoad.total, BUDGET)

const explorerEntries = readdirSync(join(dist, 'assets'))
  .filter((name) => /^(?:ApiExplorer|graphiql)-[\w-]+\.js$/.test(name))
  .map((name) => join('assets', name))
if (explorerEntries.length !== 2) {
  console.log(`The API explorer's chunks (ApiExplorer-*.js, graphiql-*.js) were not found: ${explorerEntries.join(', ') || 'none'}`)
  process.exit(1)
}
const explorer = measure('explorer: ', explorerEntries, { dynamic: true, skip: firstLoad.files })
ok = verdict('API explorer (/graphiql) on top of the first load', explorer.total, EXPLORER_BUDGET) && ok
if (!ok) process.exit(1)
