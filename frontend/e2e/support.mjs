// What every browser test needs: the real `consult serve` on its own copy of a database with
// the demo (SQLite, or PostgreSQL), Debian's Chromium through playwright-core, and axe-core on every page.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'

const root = new URL('../../', import.meta.url).pathname
const bin = process.env.CONSULT_BIN ?? join(root, 'target/debug/consult')
export const resultsDir = new URL('../test-results/', import.meta.url).pathname

/**
 * A new database holding the demo: a PostgreSQL database of its own when
 * CONSULT_E2E_POSTGRES_URL (a server's admin URL) is set, else a SQLite file in `dir`.
 * `consult demo` runs once per binary, day and backend; each server gets a copy (a file
 * copy, or `CREATE DATABASE … TEMPLATE`), which saves seconds per journey. Returns the
 * database and what `consult demo` printed (the accounts and their passwords).
 */
function demoDatabase(dir) {
  const admin = process.env.CONSULT_E2E_POSTGRES_URL
  const template = demoTemplate(admin)
  if (!admin) {
    const file = join(dir, 'consult.db')
    copyFileSync(template.file, file)
    return {
      url: `sqlite://${file}?mode=rwc`,
      backend: 'sqlite',
      sql: (statement) => run('sqlite3', [file, statement]),
      drop() {},
      demoOutput: template.output,
    }
  }
  const name = `consult_e2e_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  run('psql', [admin, '-qAtc', `CREATE DATABASE ${name} TEMPLATE ${template.database}`])
  return {
    url: databaseUrl(admin, name),
    backend: 'postgres',
    sql: (statement) => run('psql', [databaseUrl(admin, name), '-qAtc', statement]),
    drop: () => run('psql', [admin, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]),
    demoOutput: template.output,
  }
}

function databaseUrl(admin, name) {
  const url = new URL(admin)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * The demo, loaded once for this binary, today and this backend, and kept in the temporary
 * folder for every later journey. The demo's dates are relative to today, hence the day in
 * the key. A directory made with mkdir is the lock: whoever makes it loads the demo, the
 * others wait for its `ready` file.
 */
function demoTemplate(admin) {
  const { mtimeMs, size } = statSync(bin)
  const today = new Date().toISOString().slice(0, 10)
  const backend = admin ? 'postgres' : 'sqlite'
  const key = createHash('sha256').update(`${bin}|${mtimeMs}|${size}|${backend}|${admin ?? ''}|${today}`).digest('hex').slice(0, 16)
  const home = join(tmpdir(), `consult-e2e-demo-${key}`)
  const database = `consult_e2e_tpl_${today.replaceAll('-', '')}_${key}`
  const ready = join(home, 'ready')
  let owner = false
  try {
    mkdirSync(home)
    owner = true
  } catch (error) {
    if (error.code !== 'EEXIST') throw error
  }
  if (owner) {
    try {
      const file = join(home, 'consult.db')
      let url = `sqlite://${file}?mode=rwc`
      if (admin) {
        dropOldTemplates(admin, today)
        run('psql', [admin, '-qAtc', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`])
        run('psql', [admin, '-qAtc', `CREATE DATABASE ${database}`])
        url = databaseUrl(admin, database)
      }
      const demo = spawnSync(bin, ['demo'], { env: { ...process.env, DATABASE_URL: url, CONSULT_LOG: 'warn' }, encoding: 'utf8' })
      assert.equal(demo.status, 0, `consult demo failed: ${demo.stderr}`)
      // The copy must be whole: the demo leaves its last writes in SQLite's write-ahead log,
      // so move them into the file first.
      if (!admin) run('sqlite3', [file, 'PRAGMA wal_checkpoint(TRUNCATE)'])
      assert.ok(admin || !existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0, 'the demo left a SQLite WAL')
      writeFileSync(join(home, 'demo.out'), demo.stdout)
      writeFileSync(ready, '')
    } catch (error) {
      rmSync(home, { recursive: true, force: true })
      throw error
    }
  } else {
    const waitUntil = Date.now() + 180_000
    while (!existsSync(ready)) {
      assert.ok(Date.now() < waitUntil, `no demo template appeared in ${home}`)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200)
    }
  }
  return { file: join(home, 'consult.db'), database, output: readFileSync(join(home, 'demo.out'), 'utf8') }
}

/** Drops the templates of earlier days, and their folders, so that they do not pile up. */
function dropOldTemplates(admin, today) {
  const stamp = today.replaceAll('-', '')
  const old = run('psql', [admin, '-qAtc', "SELECT datname FROM pg_database WHERE datname LIKE 'consult\\_e2e\\_tpl\\_%'"])
    .split('\n')
    .filter((name) => name && !name.startsWith(`consult_e2e_tpl_${stamp}_`))
  for (const name of old) run('psql', [admin, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`])
  for (const entry of readdirSync(tmpdir())) {
    const path = join(tmpdir(), entry)
    if (entry.startsWith('consult-e2e-demo-') && Date.now() - statSync(path).mtimeMs > 86_400_000) rmSync(path, { recursive: true, force: true })
  }
}

/** Runs a database client; its output, trimmed. */
function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  assert.equal(result.status, 0, `${command} failed: ${result.stderr ?? result.error}`)
  return result.stdout.trim()
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * Loads the demo into a new database, adds `extraStaff` accounts (demo post holders who
 * have no account yet, so they have not responded; `role` and `union` make other accounts),
 * and serves the built app. Emails are written to `server.mailDir` as .eml files. `env`, given
 * the server's URL before it starts, returns more of its environment (e.g. single sign-on's).
 */
export async function startServer({ extraStaff = [], env: moreEnv = async () => ({}) } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'consult-e2e-'))
  const database = demoDatabase(dir)
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    CONSULT_MAIL_DIR: join(dir, 'mail'),
    CONSULT_LOG: 'warn',
    // Emails (invitations) arrive within a second rather than five.
    CONSULT_WORKER_POLL_SECONDS: '1',
  }
  const accounts = {}
  for (const line of database.demoOutput.split('\n')) {
    const m = line.match(/^\s+(\S+@\S+)\s+(\w+)\s+(\S+)\s+(.+)$/)
    if (m) accounts[m[1]] = { email: m[1], role: m[2], password: m[3], name: m[4].trim() }
  }
  for (const { email, name, role = 'STAFF', union } of extraStaff) {
    const password = `e2e-${Math.random().toString(36).slice(2)}-password`
    const args = ['user', 'add', '--email', email, '--name', name, '--role', role, '--password-stdin', ...(union ? ['--union', union] : [])]
    const add = spawnSync(bin, args, {
      env,
      input: `${password}\n`,
      encoding: 'utf8',
    })
    assert.equal(add.status, 0, `consult user add failed: ${add.stderr}`)
    accounts[email] = { email, role, password, name }
  }
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(bin, ['serve'], {
    env: {
      ...env,
      CONSULT_LISTEN: `127.0.0.1:${port}`,
      CONSULT_PUBLIC_URL: url,
      CONSULT_STATIC_DIR: join(root, 'frontend/dist'),
      ...(await moreEnv(url)),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break
    } catch {
      // not listening yet
    }
    assert.ok(i < 300 && child.exitCode === null, `consult serve did not start: ${stderr}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    accounts,
    mailDir: env.CONSULT_MAIL_DIR,
    /** 'sqlite' or 'postgres': the database this server uses. */
    backend: database.backend,
    /**
     * Runs SQL on the server's database, for what no API may do (e.g. make an email
     * undeliverable); the output of the database's command-line client.
     */
    sql: database.sql,
    /** Calls the API with a Bearer token, as another client (not the browser) would. */
    async api(email, query, variables = {}) {
      const account = accounts[email]
      account.token ??= (
        await graphql(url, null, 'mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }', {
          e: email,
          p: account.password,
        })
      ).data.login.token
      return graphql(url, account.token, query, variables)
    },
    async stop() {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
      database.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function graphql(url, token, query, variables) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  })
  return response.json()
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

/** A page in a fresh browser context (its own cookies) that fails the test on a CSP violation or script error. */
export async function newPage(browser, { width = 1024, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } })
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`))
  // Nothing is fetched from another origin (no CDN, no fonts, no analytics).
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.protocol !== 'data:' && url.hostname !== '127.0.0.1') problems.push(`request to another origin: ${url}`)
  })
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy|Refused to/i.test(message.text())) problems.push(message.text())
  })
  page.problems = problems
  return page
}

export async function signIn(page, server, account) {
  await page.goto(`${server.url}/sign-in`)
  await page.getByLabel('Email address').fill(account.email)
  await page.getByLabel('Password', { exact: true }).fill(account.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForFunction(() => location.pathname !== '/sign-in')
}

/** Waits until the app shows `path` (it navigates with the History API, not page loads). */
export async function atPath(page, path) {
  await page.waitForFunction((want) => location.pathname === want, path)
}

/**
 * The serious and critical violations axe-core finds on the page (WCAG 2.2 AA rules), each as
 * a line; `include` and `exclude` narrow the check to a part of the page, `disableRules` skips rules.
 */
export async function accessibilityViolations(page, { include, exclude, disableRules = [] } = {}) {
  // Legacy mode runs axe in the page itself. The default opens a blank page per check to merge
  // the results of cross-origin frames, which the app has none of; the journeys ran 30% faster.
  let builder = new AxeBuilder({ page }).setLegacyMode().withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
  if (include) builder = builder.include(include)
  if (exclude) builder = builder.exclude(exclude)
  if (disableRules.length > 0) builder = builder.disableRules(disableRules)
  const results = await builder.analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/**
 * Checks the page as it is now: axe-core finds no serious or critical violation (WCAG 2.2 AA
 * rules), at the current width and at 320 px, where nothing may make the page scroll sideways.
 * Writes a screenshot of each to test-results/ so anyone can look at every page. `exclude`
 * leaves out a part of the page that its test checks on its own terms (GraphiQL's widgets).
 */
export async function checkPage(page, name, { exclude } = {}) {
  await page.locator('h1').first().waitFor()
  const original = page.viewportSize()
  for (const width of [original.width, 320]) {
    await page.setViewportSize({ width, height: original.height })
    assert.deepEqual(await accessibilityViolations(page, { exclude }), [], `${name} at ${width}px has accessibility violations`)
    if (width === 320) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px at 320px wide`)
    }
    mkdirSync(resultsDir, { recursive: true })
    await page.screenshot({ path: join(resultsDir, `${name}-${width}.png`), fullPage: true })
  }
  await page.setViewportSize(original)
  assert.deepEqual(page.problems, [], `${name}: the browser reported problems`)
}

/** The demo's Bury proposal, as the API gives it. */
export async function buryProposal(server) {
  const { data } = await server.api('hr@bury.example', '{ proposals { edges { node { id title } } } }')
  const proposal = data.proposals.edges.map((e) => e.node).find((p) => p.title.includes('SEN'))
  assert.ok(proposal, 'the demo has the Bury SEN proposal')
  return proposal
}

/**
 * HR closes every challenged answer still unresolved on a proposal without agreement (the demo's
 * UNISON challenge holds up the decision as an unanswered question would), for journeys that
 * decide the proposal through the API.
 */
export async function closeOpenChallenges(server, proposalId) {
  const hr = 'hr@bury.example'
  const { data } = await server.api(hr, 'query($id: ID!) { proposal(id: $id) { questionLog(filter: { replyState: CHALLENGED }, first: 100) { nodes { id version } } } }', { id: proposalId })
  for (const question of data.proposal.questionLog.nodes) {
    const closed = await server.api(hr, 'mutation($input: CloseChallengeInput!) { closeChallenge(input: $input) { id } }', {
      input: { id: question.id, expectedVersion: question.version, reason: 'Management and the union could not agree; recorded as a failure to agree.' },
    })
    assert.equal(closed.errors, undefined, JSON.stringify(closed.errors))
  }
}

export function writeResult(name, text) {
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(join(resultsDir, name), text)
}

/**
 * Types a date into a GOV.UK date input found by its legend (exactly): `isoDate` as the API
 * writes it ("2027-03-27", or '' to clear it), or `{ day, month, year }` as a person might
 * type them, to test what is wrong with a date. `scope` is a page or a locator.
 */
export async function fillDate(scope, legend, isoDate) {
  const group = scope.getByRole('group', { name: legend, exact: true })
  let parts = isoDate
  if (typeof isoDate === 'string') {
    const [year = '', month = '', day = ''] = isoDate ? isoDate.split('-') : []
    parts = { day: day && String(Number(day)), month: month && String(Number(month)), year }
  }
  await group.getByLabel('Day', { exact: true }).fill(parts.day ?? '')
  await group.getByLabel('Month', { exact: true }).fill(parts.month ?? '')
  await group.getByLabel('Year', { exact: true }).fill(parts.year ?? '')
}
