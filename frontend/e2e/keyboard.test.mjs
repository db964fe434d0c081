// Journeys with the keyboard alone: a member of staff signs in, opens the proposal, asks a
// question and signs out; a union representative records disagreement with shared minutes.
// Nothing is clicked; every control is reached with Tab and used with Enter, Space or typing.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

let server
let browser
let proposal

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  proposal = await buryProposal(server)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** Presses Tab until the focused element's text, label or value matches; fails if it never does. */
async function tabTo(page, pattern) {
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const el = document.activeElement
      if (!el || el === document.body) return ''
      const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : ''
      return [el.textContent, label, el.getAttribute('aria-label')].filter(Boolean).join(' ').trim()
    })
    if (pattern.test(focused)) {
      // A visible focus indicator (GOV.UK's yellow) is part of keyboard access.
      const outlined = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement)
        return style.outlineStyle !== 'none' || style.boxShadow !== 'none' || style.backgroundColor === 'rgb(255, 221, 0)'
      })
      assert.ok(outlined, `focus on “${focused}” is visible`)
      return
    }
  }
  assert.fail(`Tab never reached ${pattern}`)
}

test('a member of staff asks a question using only the keyboard', async () => {
  const account = server.accounts['caseworker@bury.example']
  const page = await newPage(browser)
  await page.goto(`${server.url}/`)
  await atPath(page, '/sign-in')
  await page.getByRole('heading', { name: 'Sign in to Consult' }).waitFor()

  // The skip link comes first.
  await page.keyboard.press('Tab')
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to main content')

  await tabTo(page, /Email address/)
  await page.keyboard.type(account.email)
  await tabTo(page, /^Password/)
  await page.keyboard.type(account.password)
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: 'My consultations' }).waitFor()

  await tabTo(page, new RegExp(proposal.title))
  await page.keyboard.press('Enter')
  await atPath(page, `/proposals/${proposal.id}`)
  await page.getByRole('heading', { name: 'Have your say' }).waitFor()

  await tabTo(page, /^Ask a question$/)
  await page.keyboard.press('Enter')
  await atPath(page, `/proposals/${proposal.id}/questions`)
  await page.locator('h1').waitFor()

  await tabTo(page, /Your question/)
  await page.keyboard.type('Will the new caseworker posts have a caseload cap written into the job description?')
  await tabTo(page, /Ask privately/)
  await page.keyboard.press('Space')
  assert.ok(await page.getByLabel('Ask privately').isChecked())
  await tabTo(page, /^Send question$/)
  await page.keyboard.press('Enter')
  await page.getByText('Your question has been sent').waitFor()
  await checkPage(page, 'keyboard-question-sent')

  const { data } = await server.api('hr@bury.example', 'query($id: ID!) { proposal(id: $id) { questions { text confidential askedBy { email } } } }', {
    id: proposal.id,
  })
  const asked = data.proposal.questions.find((q) => q.text.includes('caseload cap written'))
  assert.ok(asked, 'the question reached the log')
  assert.equal(asked.askedBy.email, account.email)
  assert.equal(asked.confidential, true)

  await tabTo(page, /^Sign out/)
  await page.keyboard.press('Enter')
  await atPath(page, '/sign-in')
  await page.getByText('You have signed out.').waitFor()
})

test('a union representative records disagreement with shared minutes using only the keyboard', async () => {
  // The demo's whole staff briefing has minutes shared with the union side, not yet answered.
  const { data } = await server.api('hr@bury.example', 'query($id: ID!) { proposal(id: $id) { meetings { id kind endsAt minutes { status } } } }', { id: proposal.id })
  const meeting = data.proposal.meetings.find((m) => m.kind === 'STAFF_BRIEFING' && Date.parse(m.endsAt) < Date.now())
  assert.equal(meeting?.minutes?.status, 'SHARED')

  const page = await newPage(browser)
  await signIn(page, server, server.accounts['unison.rep@bury.example'])
  await page.goto(`${server.url}/proposals/${proposal.id}/meetings/${meeting.id}`)
  await page.getByRole('heading', { name: 'Are these minutes a fair record?' }).waitFor()
  await tabTo(page, /^Record your disagreement$/)
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: 'Record your disagreement with the minutes', level: 1 }).waitFor()
  await tabTo(page, /Where do you disagree\?/)
  await page.keyboard.type('Management agreed to hold the vacant posts open, not only to look again at them.')
  await tabTo(page, /^Record your disagreement$/)
  await page.keyboard.press('Enter')
  await page.getByText('Your disagreement has been recorded.').waitFor()
  await checkPage(page, 'keyboard-minutes-disputed')
})
