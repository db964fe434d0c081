// A member of staff sees their own impact and response and nobody else's, whatever they type
// into the address bar or send to the API from the browser; an invitation's emailed link sets
// a password once; an ended session returns to sign-in and then to the page the person wanted.
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, launchBrowser, newPage, signIn, startServer, writeResult } from './support.mjs'

const tomasz = { email: 'tomasz.nowak@bury.example', name: 'Tomasz Nowak' }
let server
let browser
let proposal

before(async () => {
  server = await startServer({ extraStaff: [tomasz] })
  browser = await launchBrowser()
  proposal = await buryProposal(server)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** A GraphQL request sent by the page itself, with the browser's session cookie. */
async function fromBrowser(page, query, variables = {}) {
  return page.evaluate(
    async ([q, v]) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: q, variables: v }),
      })
      return response.json()
    },
    [query, variables],
  )
}

const code = (result) => result.errors?.[0]?.extensions?.code

test('staff cannot reach another person’s impact or response from the browser', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[tomasz.email])

  // Asking for everyone in the proposal gives only their own record.
  const people = await fromBrowser(
    page,
    'query($id: ID!) { proposal(id: $id) { employees(first: 100) { edges { node { name impact } } } myEmployeeRecords { name } } }',
    { id: proposal.id },
  )
  assert.equal(people.errors, undefined, JSON.stringify(people.errors))
  assert.deepEqual(
    people.data.proposal.employees.edges.map((e) => e.node.name),
    ['Tomasz Nowak'],
  )
  assert.deepEqual(people.data.proposal.myEmployeeRecords.map((e) => e.name), ['Tomasz Nowak'])

  // Other people's responses: refused, in the API and as the CSV download.
  const responses = await fromBrowser(page, 'query($id: ID!) { proposal(id: $id) { feedbackResponses { edges { node { id } } } } }', {
    id: proposal.id,
  })
  assert.equal(code(responses), 'FORBIDDEN')
  const mine = await fromBrowser(page, 'query($id: ID!) { myFeedback(proposalId: $id) { id } }', { id: proposal.id })
  assert.equal(mine.data.myFeedback, null, 'Tomasz has not responded: the caseworker’s response is not his')
  const csv = await page.evaluate(async (id) => (await fetch(`/proposals/${id}/responses.csv`)).status, proposal.id)
  assert.ok([403, 404].includes(csv), `the CSV download is refused (${csv})`)

  // Another person's account, by id.
  const { data } = await server.api('hr@bury.example', '{ users(first: 100) { edges { node { id email } } } }')
  const caseworker = data.users.edges.find((e) => e.node.email === 'caseworker@bury.example').node
  const other = await fromBrowser(page, 'query($id: ID!) { user(id: $id) { name email } }', { id: caseworker.id })
  assert.ok(['FORBIDDEN', 'NOT_FOUND'].includes(code(other)) && !other.data?.user, JSON.stringify(other))

  // The pages at edited addresses show only his own things, or a clear refusal.
  await page.goto(`${server.url}/proposals/${proposal.id}`)
  await page.locator('h1').first().waitFor()
  const text = await page.locator('main').innerText()
  assert.ok(!text.includes('Jo Brierley'), 'the caseworker’s name is not on his proposal page')
  await page.goto(`${server.url}/proposals/not-a-proposal`)
  await page.getByRole('heading', { level: 1 }).waitFor()
  assert.match(await page.locator('h1').innerText(), /not found|cannot see/i)
  await checkPage(page, 'staff-problem-page')

  // HR's pages at typed addresses: the app's "no access" page, not a refusal about whatever
  // the page asked the server first (the responses page asks for accounts).
  for (const hrPage of ['responses', 'manage', 'outbox', 'audit', 'cases']) {
    await page.goto(`${server.url}/proposals/${proposal.id}/${hrPage}`)
    await page.getByRole('heading', { level: 1, name: 'You cannot see this page' }).waitFor()
    const refusal = await page.locator('main').innerText()
    assert.match(refusal, /for HR and the managers running the consultation/)
    assert.ok(!/accounts/i.test(refusal), `${hrPage}: ${refusal}`)
  }
  await checkPage(page, 'staff-hr-page-refused')
})

/** The sign-in link of the invitation emailed to `email`, once the worker has written it. */
async function invitationLink(email) {
  for (let i = 0; i < 100; i++) {
    const files = existsSync(server.mailDir) ? readdirSync(server.mailDir).filter((f) => f.endsWith('.eml')) : []
    for (const file of files) {
      // Quoted-printable: join soft line breaks and decode "=3D" before reading the link.
      const text = readFileSync(join(server.mailDir, file), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=')
      const link = text.includes(email) && text.match(/http:\/\/127\.0\.0\.1:\d+\/sign-in\?token=[\w-]+/)
      if (link) return link[0]
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  assert.fail(`no invitation email to ${email}`)
}

test('an invited member of staff follows the emailed link, sets a password and lands in Consult', async () => {
  const farzana = 'farzana.hussain@bury.example'
  const created = await server.api('hr@bury.example', 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
    i: { email: farzana, name: 'Farzana Hussain', role: 'STAFF' },
  })
  assert.equal(created.errors, undefined, JSON.stringify(created.errors))
  const link = await invitationLink(farzana)
  assert.ok(link.startsWith(server.url), link)

  const page = await newPage(browser)
  await page.goto(link)
  await page.getByRole('heading', { name: 'Set your password' }).waitFor()
  await checkPage(page, 'sign-in-invitation')
  await page.getByLabel('New password').fill('a long and memorable passphrase')
  await page.getByRole('button', { name: 'Set password and sign in' }).click()
  await page.getByRole('heading', { name: 'My consultations' }).waitFor()
  await page.getByRole('link', { name: proposal.title }).waitFor()

  // The link works once; the new password from then on.
  const again = await newPage(browser)
  await again.goto(link)
  await again.getByLabel('New password').fill('another long passphrase')
  await again.getByRole('button', { name: 'Set password and sign in' }).click()
  await again.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await signIn(again, server, { email: farzana, password: 'a long and memorable passphrase' })
  await again.getByRole('heading', { name: 'My consultations' }).waitFor()
})

test('an ended session returns to sign-in with a message, then to the page wanted', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[tomasz.email])
  await page.goto(`${server.url}/proposals/${proposal.id}/questions`)
  await page.locator('h1').first().waitFor()
  // The server no longer accepts the session (as when it expires).
  await page.context().addCookies([{ name: 'consult_session', value: 'ended.session.token', url: server.url }])
  await page.reload()
  await atPath(page, '/sign-in')
  // Reloading a page with an ended session is a fresh visit: sign in, then back.
  await page.getByLabel('Email address').fill(tomasz.email)
  await page.getByLabel('Password', { exact: true }).fill(server.accounts[tomasz.email].password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await atPath(page, `/proposals/${proposal.id}/questions`)

  // Within the app: the next request is refused, and the message says why.
  await page.goto(`${server.url}/`)
  await page.getByRole('link', { name: proposal.title }).waitFor()
  await page.context().addCookies([{ name: 'consult_session', value: 'ended.session.token', url: server.url }])
  await page.getByRole('link', { name: proposal.title }).click()
  await atPath(page, '/sign-in')
  await page.getByText('Your session has ended').waitFor()
  await checkPage(page, 'sign-in-session-ended')
  await page.getByLabel('Email address').fill(tomasz.email)
  await page.getByLabel('Password', { exact: true }).fill(server.accounts[tomasz.email].password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await atPath(page, `/proposals/${proposal.id}`)
})

test('a first visit transfers the app compressed and within its budget; a second comes from the cache', async () => {
  // Measured on the wire, as Chromium received it, not estimated from the build.
  const BUDGET = 150 * 1024
  const page = await newPage(browser, { width: 375 })
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  const responses = new Map()
  const served = new Set()
  let transferred = 0
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    responses.set(requestId, { id: requestId, url: response.url, encoding: response.headers['content-encoding'] ?? response.headers['Content-Encoding'], status: response.status, cached: response.fromDiskCache })
  })
  cdp.on('Network.requestServedFromCache', ({ requestId }) => {
    served.add(requestId)
  })
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const response = responses.get(requestId)
    if (response && !response.url.endsWith('/graphql')) {
      response.bytes = encodedDataLength
      transferred += encodedDataLength
    }
  })
  await page.goto(`${server.url}/sign-in`)
  await page.getByRole('heading', { name: 'Sign in to Consult' }).waitFor()
  await page.waitForLoadState('networkidle')
  const assets = [...responses.values()].filter((r) => /\.(js|css)$/.test(new URL(r.url).pathname))
  assert.ok(assets.length >= 2, 'the page loads its scripts and styles')
  // Chromium asks for Brotli only over HTTPS; on this plain-HTTP loopback it gets gzip.
  for (const asset of assets) assert.ok(['br', 'gzip'].includes(asset.encoding), `${asset.url} is sent compressed (${asset.encoding})`)
  assert.ok(transferred <= BUDGET, `a first visit transferred ${(transferred / 1024).toFixed(1)} KB, over the ${BUDGET / 1024} KB budget`)
  writeResult('first-load-over-the-wire.txt', `${(transferred / 1024).toFixed(1)} KB transferred on a first visit to /sign-in\n`)

  // A second visit (a new navigation, not a reload) fetches only the page itself: the
  // fingerprinted assets are cached for good.
  responses.clear()
  transferred = 0
  await page.goto(`${server.url}/sign-in?again`)
  await page.getByRole('heading', { name: 'Sign in to Consult' }).waitFor()
  await page.waitForLoadState('networkidle')
  const refetched = [...responses.values()].filter((r) => /\.(js|css)$/.test(new URL(r.url).pathname) && !r.cached && !served.has(r.id))
  assert.deepEqual(refetched.map((r) => `${r.url} ${r.status} ${r.bytes}`), [], 'scripts and styles come from the cache on a second visit')
})
