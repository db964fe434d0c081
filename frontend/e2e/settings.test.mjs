// Email settings (issue 21): every email's footer links to /settings. A member of staff
// opens it from the navigation, chooses one email a day, and the choice is kept; signed out,
// the link leads through sign-in back to the page; every role has the link.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

const EACH = 'Send each email as it happens'
const DAILY = 'Send one email a day with everything that is not urgent'
const QUESTION = 'How do you want to get these emails?'

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

/** The person's preference as the API gives it to another client. */
async function dailyDigest(email) {
  const answer = await server.api(email, 'query { myNotificationPreferences { dailyDigest } }')
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors))
  return answer.data.myNotificationPreferences.dailyDigest
}

test('a member of staff chooses one email a day from the navigation, and it is kept', async () => {
  const account = server.accounts['caseworker@bury.example']
  assert.equal(await dailyDigest(account.email), false, 'the demo starts with each email as it happens')

  // An email's link, followed while signed out: sign in, then the settings page.
  const page = await newPage(browser)
  await page.goto(`${server.url}/settings`)
  await atPath(page, '/sign-in')
  await page.getByLabel('Email address').fill(account.email)
  await page.getByLabel('Password', { exact: true }).fill(account.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await atPath(page, '/settings')
  await page.getByRole('heading', { name: 'Email settings', level: 1 }).waitFor()

  // From the navigation, wherever she is.
  await page.getByRole('link', { name: 'Consult', exact: true }).click()
  await page.getByRole('heading', { name: 'My consultations' }).waitFor()
  const menu = page.getByRole('navigation', { name: 'Menu' })
  const link = menu.getByRole('link', { name: 'Email settings', exact: true })
  assert.equal(await link.getAttribute('aria-current'), null, 'not the current page yet')
  await link.click()
  await atPath(page, '/settings')
  await page.getByRole('heading', { name: 'Email settings', level: 1 }).waitFor()
  assert.equal(await link.getAttribute('aria-current'), 'page')

  const choice = page.getByRole('group', { name: QUESTION })
  // The statutory notices are told apart, and always come at once.
  await choice.getByText(/Emails the law requires are always sent straight away/).waitFor()
  assert.ok(await choice.getByLabel(EACH, { exact: true }).isChecked(), 'her current choice is selected')
  assert.ok(!(await choice.getByLabel(DAILY, { exact: true }).isChecked()))
  await checkPage(page, 'settings')

  await choice.getByLabel(DAILY, { exact: true }).check()
  await page.getByRole('button', { name: 'Save email settings' }).click()
  const banner = page.locator('.govuk-notification-banner--success')
  await banner.getByText('Your email settings have been saved.').waitFor()
  // The banner takes focus so that it is read out.
  await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-notification-banner--success'))
  assert.equal(await dailyDigest(account.email), true, 'the API keeps the daily email')
  await checkPage(page, 'settings-saved')

  // A reload reads the choice back from the server.
  await page.reload()
  await page.getByRole('heading', { name: 'Email settings', level: 1 }).waitFor()
  assert.ok(await page.getByLabel(DAILY, { exact: true }).isChecked(), 'the daily email is selected after a reload')
  assert.ok(!(await page.getByLabel(EACH, { exact: true }).isChecked()))
  assert.equal(await page.locator('.govuk-notification-banner').count(), 0, 'no banner before a save')

  // And back again.
  await page.getByLabel(EACH, { exact: true }).check()
  await page.getByRole('button', { name: 'Save email settings' }).click()
  await page.getByText('Your email settings have been saved.').waitFor()
  assert.equal(await dailyDigest(account.email), false, 'the API sends each email as it happens again')
})

test('HR, a manager and a union representative each reach their own email settings from the navigation', async () => {
  // One of them chose the daily email elsewhere (another client): the page shows each person's own.
  const chose = await server.api('unison.rep@bury.example', 'mutation { setNotificationPreferences(input: {dailyDigest: true}) { dailyDigest } }')
  assert.equal(chose.errors, undefined, JSON.stringify(chose.errors))
  const page = await newPage(browser)
  for (const email of ['hr@bury.example', 'strategic.lead@bury.example', 'unison.rep@bury.example']) {
    await page.context().clearCookies()
    await signIn(page, server, server.accounts[email])
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Email settings', exact: true }).click()
    await atPath(page, '/settings')
    await page.getByRole('heading', { name: 'Email settings', level: 1 }).waitFor()
    const expected = await dailyDigest(email)
    assert.ok(await page.getByLabel(expected ? DAILY : EACH, { exact: true }).isChecked(), `${email} sees their own choice`)
  }
})
