// Prints the gzipped size of the JavaScript a first visit loads (the scripts index.html
// references and the chunks they import statically) and fails the build over budget.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET = 150 * 1024
const dist = new URL('../dist/', import.meta.url).pathname
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const seen = new Set()
const queue = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g)].map((m) => m[1])
let total = 0
while (queue.length > 0) {
  const file = queue.shift()
  if (seen.has(file)) continue
  seen.add(file)
  const code = readFileSync(join(dist, file))
  const size = gzipSync(code, { level: 9 }).length
  total += size
  console.log(`  ${file}: ${(code.length / 1024).toFixed(1)} KB, ${(size / 1024).toFixed(1)} KB gzipped`)
  // Static imports between chunks: import … from "./x.js" (dynamic import() is not first load).
  for (const m of code.toString().matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    queue.push(join(file, '..', m[1]))
  }
}
const verdict = total <= BUDGET ? 'within' : 'OVER'
console.log(`First-load JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (${verdict} the ${BUDGET / 1024} KB budget)`)
if (total > BUDGET) process.exit(1)
