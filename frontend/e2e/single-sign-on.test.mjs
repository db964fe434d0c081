// Single sign-on (issue 19): the sign-in page offers the organisation's provider; HR signs in
// there (a real OpenID provider, npm's oidc-provider, on another site: localhost rather than
// 127.0.0.1) and lands on Consult's home page signed in, though the session cookie is
// SameSite=Strict and the way back began at the provider. Signing out goes through the
// provider's logout and back to the sign-in page. An address with no account comes back with a
// sentence saying what to do.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { after, before, test } from 'node:test'
import { atPath, checkPage, launchBrowser, newPage, startServer } from './support.mjs'

const providerScript = new URL('../../tests/oidc-provider/server.mjs', import.meta.url).pathname
const PROVIDER = 'Bury Council account'

let server
let browser
let provider

/** Starts the provider for Consult at `consultUrl`; resolves to its issuer URL. */
async function startProvider(consultUrl) {
  provider = spawn('node', [providerScript, consultUrl], {
    env: { ...process.env, OIDC_TEST_HOST: 'localhost' },
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  return new Promise((resolve, reject) => {
    createInterface({ input: provider.stdout }).once('line', (line) => resolve(line.trim()))
    provider.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code}); run npm ci --prefix tests/oidc-provider`)))
  })
}

before(async () => {
  server = await startServer({
    env: async (url) => ({
      CONSULT_OIDC_ISSUER: await startProvider(url),
      CONSULT_OIDC_CLIENT_ID: 'consult',
      CONSULT_OIDC_CLIENT_SECRET: 'consult-test-secret',
      CONSULT_OIDC_PROVIDER_NAME: PROVIDER,
    }),
  })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
  provider?.kill()
})

/** Signs in at the provider's own form as `login`, from Consult's sign-in page. */
async function signInAtProvider(page, login) {
  await page.getByRole('button', { name: `Sign in with ${PROVIDER}` }).click()
  await page.waitForURL((url) => url.hostname === 'localhost')
  await page.locator('input[name=login]').fill(login)
  await page.locator('input[name=password]').fill('any password: the provider is the test one')
  await page.getByRole('button', { name: 'Sign-in' }).click()
  // The provider's pages are its own (they ask for a web font elsewhere); Consult's are checked.
  await page.waitForURL((url) => url.origin === server.url)
  page.problems.length = 0
}

test('HR signs in with the provider, lands signed in on the home page, and signs out there too', async () => {
  const page = await newPage(browser)
  await page.goto(`${server.url}/`)
  await atPath(page, '/sign-in')
  await page.getByRole('button', { name: `Sign in with ${PROVIDER}` }).waitFor()
  // Passwords stay on beside the provider unless switched off.
  await page.getByLabel('Password', { exact: true }).waitFor()
  await checkPage(page, 'sign-in-with-single-sign-on')

  await signInAtProvider(page, 'hr@bury.example')
  await atPath(page, '/')
  const signOut = page.getByRole('button', { name: /Sign out/ })
  await signOut.waitFor()
  const me = await page.evaluate(async () => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { email } }' }),
    })
    return (await response.json()).data?.me?.email
  })
  assert.equal(me, 'hr@bury.example', 'the session cookie came with the page after the provider')

  await signOut.click()
  // The provider asks whether to sign out there as well.
  await page.waitForURL((url) => url.hostname === 'localhost')
  await page.getByRole('button', { name: 'Yes, sign me out' }).click()
  await page.waitForURL((url) => url.origin === server.url && url.pathname === '/sign-in')
  await page.getByText('You have signed out.').waitFor()
  page.problems.length = 0
  const after = await page.evaluate(async () => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { email } }' }),
    })
    return (await response.json()).errors?.[0]?.extensions?.code
  })
  assert.equal(after, 'UNAUTHENTICATED')
})

test('an address with no account comes back to the sign-in page saying what to do', async () => {
  const page = await newPage(browser)
  await page.goto(`${server.url}/sign-in`)
  await signInAtProvider(page, 'stranger@bury.example')
  await atPath(page, '/sign-in')
  assert.equal(new URL(page.url()).searchParams.get('problem'), 'sso-unknown-email')
  await page.getByText('There is no Consult account for the email address your organisation gave. Ask HR to create one for you.').waitFor()
  await checkPage(page, 'sign-in-single-sign-on-unknown-email')
})
