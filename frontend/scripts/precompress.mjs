// Writes a Brotli (.br) and a gzip (.gz) copy beside every compressible file of dist/, so that
// `consult serve` sends compressed bytes without compressing on each request. Prints what a
// first visit transfers (index.html, its scripts and styles) compressed.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const dist = new URL('../dist/', import.meta.url).pathname
const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json|txt|map|webmanifest)$/

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* files(path)
    else if (COMPRESSIBLE.test(name)) yield path
  }
}

const sizes = new Map()
for (const path of files(dist)) {
  const bytes = readFileSync(path)
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  })
  const gz = gzipSync(bytes, { level: 9 })
  writeFileSync(`${path}.br`, br)
  writeFileSync(`${path}.gz`, gz)
  sizes.set('/' + relative(dist, path), { raw: bytes.length, br: br.length, gz: gz.length })
}

// What a first visit transfers: the page and what it links to (scripts, preloads, styles).
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const linked = [...html.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((m) => m[1])
const firstLoad = ['/index.html', ...new Set(linked)]
let br = 0
let raw = 0
for (const file of firstLoad) {
  const size = sizes.get(file)
  if (!size) continue
  br += size.br
  raw += size.raw
}
console.log(
  `First load over the wire (index.html, its scripts and styles, Brotli): ${(br / 1024).toFixed(1)} KB (${(raw / 1024).toFixed(1)} KB uncompressed)`,
)
