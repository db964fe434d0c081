// The API explorer (issue 19): GraphiQL as a page of the app at /graphiql, built from the app's
// own files and signed in by the session cookie, under the same Content-Security-Policy as
// every other page. HR opens it from the footer, runs a query and sees the answer; nothing is
// fetched from another origin and the browser reports no CSP violation. Signed out, the
// address leads through sign-in back to the explorer.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { accessibilityViolations, atPath, checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

let server
let browser

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/**
 * A page (see support.mjs) that also keeps every request it makes and every
 * `securitypolicyviolation` event the document fires, which a CSP report may not log.
 */
async function explorerPage() {
  const page = await newPage(browser)
  page.requests = []
  page.on('request', (request) => page.requests.push(request.url()))
  await page.addInitScript(() => {
    window.cspViolations = []
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`)
    })
  })
  return page
}

/** Nothing left the origin and nothing was refused by the Content-Security-Policy. */
async function assertSelfContained(page) {
  const elsewhere = page.requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== server.url)
  assert.deepEqual(elsewhere, [], 'every request goes to Consult itself')
  assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'no Content-Security-Policy violation')
  assert.deepEqual(page.problems, [], 'the browser reported no problem')
}

/** Signs in on the sign-in page the app is showing, which then goes on to the page asked for. */
async function signInHere(page, account) {
  await page.getByLabel('Email address').fill(account.email)
  await page.getByLabel('Password', { exact: true }).fill(account.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** GraphiQL, once it has started. */
function explorer(page) {
  return page.locator('.app-api-explorer .graphiql-container')
}

test('HR opens the API explorer from the footer and runs a query as themselves', async () => {
  const hr = server.accounts['hr@bury.example']
  const page = await explorerPage()
  await signIn(page, server, hr)
  await page.getByRole('contentinfo').getByRole('link', { name: 'API explorer' }).click()
  await atPath(page, '/graphiql')
  await page.getByRole('heading', { name: 'API explorer', level: 1 }).waitFor()
  await explorer(page).waitFor()

  // The query editor is CodeMirror's: replace what it holds with the query, as typed text.
  const queryEditor = explorer(page).locator('.graphiql-query-editor .CodeMirror')
  await queryEditor.click()
  await page.keyboard.press('Control+A')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText('{ me { email role } }')
  await explorer(page).getByRole('button', { name: /Execute query/ }).click()
  const result = explorer(page).locator('.result-window')
  await result.getByText('"hr@bury.example"').waitFor()
  await result.getByText('"HR_ADMIN"').waitFor()

  // The schema came through the same session: the documentation explorer lists the root types,
  // and typing suggests the fields.
  await explorer(page).getByRole('button', { name: 'Show Documentation Explorer' }).click()
  await explorer(page).locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor()
  await queryEditor.click()
  await page.keyboard.press('Control+End')
  await page.keyboard.press('Enter')
  await page.keyboard.type('{ propos')
  await page.locator('.CodeMirror-hints').getByText('proposals', { exact: true }).waitFor()
  await page.keyboard.press('Escape')

  // A dialog locks the page's scrolling with a constructed stylesheet (no <style> element,
  // which the policy would refuse), and unlocks it when closed.
  await explorer(page).getByRole('button', { name: 'Open short keys dialog' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByText('Execute query').first().waitFor()
  assert.ok(await page.evaluate(() => document.adoptedStyleSheets.length > 0), 'the scroll lock is applied')
  await page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'detached' })
  assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0, 'the scroll lock is lifted')

  // The app's part of the page is checked like every other page. GraphiQL's widgets are checked
  // on their own, the app's fixes to them included (labels, contrast, link underlines, target
  // size), less one rule they cannot meet: each tab of operations (role "tab") holds its own
  // buttons, which "nested-interactive" forbids; that is GraphiQL's markup, not the app's.
  await checkPage(page, 'graphiql', { exclude: '.app-api-explorer' })
  assert.deepEqual(
    await accessibilityViolations(page, { include: '.app-api-explorer', disableRules: ['nested-interactive'] }),
    [],
    "GraphiQL's widgets have accessibility violations",
  )
  await assertSelfContained(page)

  // Leaving for another page of the app takes GraphiQL away cleanly.
  await page.getByRole('link', { name: 'Consult', exact: true }).click()
  await atPath(page, '/')
  await page.locator('h1').first().waitFor()
  assert.equal(await page.locator('.graphiql-container').count(), 0)
  await assertSelfContained(page)
})

test('signed out, the explorer leads through sign-in back to itself', async () => {
  const hr = server.accounts['hr@bury.example']
  const page = await explorerPage()
  await page.goto(`${server.url}/graphiql`)
  await atPath(page, '/sign-in')
  await signInHere(page, hr)
  await atPath(page, '/graphiql')
  await explorer(page).waitFor()
  await assertSelfContained(page)
})

test('a browser that opens the API address is sent to the explorer', async () => {
  const page = await explorerPage()
  await page.goto(`${server.url}/graphql`)
  // Signed out, by way of the sign-in page.
  await atPath(page, '/sign-in')
  await signInHere(page, server.accounts['strategic.lead@bury.example'])
  await atPath(page, '/graphiql')
  await explorer(page).waitFor()
  await assertSelfContained(page)
})

test('the footer link is for HR: a member of staff does not see it', async () => {
  const page = await explorerPage()
  await signIn(page, server, server.accounts['caseworker@bury.example'])
  await page.getByRole('heading', { name: 'My consultations' }).waitFor()
  assert.equal(await page.getByRole('link', { name: 'API explorer' }).count(), 0)
})
