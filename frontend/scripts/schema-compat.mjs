// The API contract check: compares two GraphQL schemas (SDL files) and fails on a change that
// can break a client already written against the older one (a removed field or type, an
// argument made required, a changed type...). graphql-js's own comparison does the work, the
// same rules @graphql-inspector applies. Changes that are only risky (e.g. a new enum value a
// client may not handle) are listed but pass.
//
// Usage: node scripts/schema-compat.mjs OLD.graphql NEW.graphql
// Exit 0: compatible; 1: breaking changes (listed); 2: a file could not be read or parsed.
import { readFileSync } from 'node:fs'
import { buildSchema, findBreakingChanges, findDangerousChanges } from 'graphql'

const [oldPath, newPath] = process.argv.slice(2)
if (!oldPath || !newPath) {
  console.error('usage: node scripts/schema-compat.mjs OLD.graphql NEW.graphql')
  process.exit(2)
}

function load(path) {
  try {
    return buildSchema(readFileSync(path, 'utf8'))
  } catch (error) {
    console.error(`${path}: ${error.message}`)
    process.exit(2)
  }
}

const before = load(oldPath)
const after = load(newPath)
for (const change of findDangerousChanges(before, after)) {
  console.log(`risky (allowed): ${change.description}`)
}
const breaking = findBreakingChanges(before, after)
for (const change of breaking) {
  console.log(`BREAKING ${change.type}: ${change.description}`)
}
if (breaking.length > 0) {
  console.log(
    `${breaking.length} breaking change(s). Deprecate with @deprecated(reason: "...") first; ` +
      'remove only in a commit whose message says [breaking-api].',
  )
  process.exit(1)
}
console.log('No breaking changes.')
