// HR's workspace: the dashboard, a new proposal written section by section on its task
// list, lifecycle steps refused with what is missing, a conflict with another editor shown
// rather than overwritten, and the emails and audit log of the demo proposal.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, fillDate, launchBrowser, newPage, signIn, startServer } from './support.mjs'

const HR = 'hr@bury.example'
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

/** The status shown beside a task of the task list. */
async function taskStatus(page, name) {
  const item = page.locator('.govuk-task-list__item').filter({ has: page.getByRole('link', { name, exact: true }) })
  return (await item.locator('.govuk-task-list__status').innerText()).trim()
}

/** The items of the error summary on the page. */
async function summaryItems(page) {
  return (await page.locator('.govuk-error-summary li').allInnerTexts()).map((t) => t.trim())
}

test('HR writes a new proposal on its task list, is told what is missing, and sees a conflict', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])

  // The dashboard: deadlines across proposals and the proposals by status.
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
  await page.getByRole('heading', { name: 'Consultations closing' }).waitFor()
  await page.getByRole('link', { name: 'Consultation closes' }).waitFor()
  await checkPage(page, 'hr-dashboard')
  await page.getByRole('link', { name: '1 consultation open' }).click()
  await page.getByRole('heading', { name: 'Proposals: consultation open' }).waitFor()
  await page.getByRole('link', { name: proposal.title }).waitFor()
  await checkPage(page, 'hr-dashboard-by-status')
  await page.getByRole('link', { name: 'Back to the dashboard' }).click()

  // A new proposal: checked before it is created.
  await page.getByRole('link', { name: 'Create a proposal' }).click()
  await atPath(page, '/proposals/new')
  await page.getByRole('button', { name: 'Create proposal' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  assert.deepEqual(await summaryItems(page), ['Enter the title', 'Enter the service or directorate', 'Enter the establishment'])
  await checkPage(page, 'hr-new-proposal-errors')
  await page.getByLabel('Title').fill('Restructure of Business Support')
  await page.getByLabel('Service or directorate').fill('Corporate Core: Business Support')
  await page.getByLabel('Establishment').fill('Bury Town Hall')
  await page.getByRole('button', { name: 'Create proposal' }).click()
  await page.waitForFunction(() => /^\/proposals\/[^/]+\/manage$/.test(location.pathname))
  const id = new URL(page.url()).pathname.split('/')[2]
  await page.getByRole('heading', { name: 'Restructure of Business Support', level: 1 }).waitFor()
  assert.equal(await taskStatus(page, 'Background'), 'Not started')
  assert.equal(await taskStatus(page, 'Alternatives considered'), 'Not started')
  assert.equal(await taskStatus(page, 'Proposal details'), 'In progress')

  // Background: written, and the task list says so.
  await page.getByRole('link', { name: 'Background', exact: true }).click()
  await atPath(page, `/proposals/${id}/manage/background`)
  await page.getByLabel('How the service works now').fill('Business support is spread across four teams.\n\nEach team keeps its own rota.')
  await page.getByRole('button', { name: 'Save and return to the task list' }).click()
  await atPath(page, `/proposals/${id}/manage`)
  await page.getByText('Background saved.').waitFor()
  assert.equal(await taskStatus(page, 'Background'), 'Completed')

  // Alternatives: a list of rows; a row without its reason leaves the task in progress.
  await page.getByRole('link', { name: 'Alternatives considered' }).click()
  await atPath(page, `/proposals/${id}/manage/alternatives`)
  const first = page.getByRole('group', { name: 'Option 1' })
  await first.getByLabel('Option').fill('Keep the four teams')
  await first.getByLabel('Why it was rejected').fill('Cover across teams would still depend on goodwill.')
  await page.getByRole('button', { name: 'Add another option' }).click()
  const second = page.getByRole('group', { name: 'Option 2' })
  await second.getByLabel('Why it was rejected').fill('Too costly.')
  await page.getByRole('button', { name: 'Save and return to the task list' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  assert.deepEqual(await summaryItems(page), ['Enter option 2, or remove it'])
  await checkPage(page, 'hr-section-alternatives-errors')
  await second.getByLabel('Option').fill('Outsource business support')
  await second.getByLabel('Why it was rejected').fill('')
  await page.getByRole('button', { name: 'Save and return to the task list' }).click()
  await page.getByText('Alternatives considered saved.').waitFor()
  assert.equal(await taskStatus(page, 'Alternatives considered'), 'In progress')
  const saved = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { alternatives { option whyRejected } } }', { id })
  assert.deepEqual(saved.data.proposal.alternatives, [
    { option: 'Keep the four teams', whyRejected: 'Cover across teams would still depend on goodwill.' },
    { option: 'Outsource business support', whyRejected: '' },
  ])

  // Lifecycle steps the proposal is not ready for say exactly what is missing.
  await page.getByRole('button', { name: 'Share with unions' }).click()
  // A sharing done before it was recorded may be back-dated, but never to a day still to come.
  await page.getByText('It happened on an earlier day').click()
  const later = new Date(Date.now() + 2 * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' })
  await fillDate(page, 'The day it happened', later)
  await page.getByRole('button', { name: 'Yes, share with unions' }).click()
  await page.getByRole('link', { name: /The day it happened must be today or earlier/ }).waitFor()
  await checkPage(page, 'hr-workspace-earlier-day')
  await fillDate(page, 'The day it happened', '')
  await page.getByRole('button', { name: 'Yes, share with unions' }).click()
  await page.getByRole('heading', { name: 'You cannot share with unions yet' }).waitFor()
  assert.deepEqual(await summaryItems(page), ['Add the recognised unions.'])
  await checkPage(page, 'hr-workspace-refused')
  await page.getByRole('button', { name: 'Submit for approval' }).click()
  await page.getByRole('button', { name: 'Yes, submit for approval' }).click()
  await page.getByRole('heading', { name: 'You cannot submit for approval yet' }).waitFor()
  assert.deepEqual(await summaryItems(page), [
    'Write the rationale.',
    'Write the proposal.',
    'Write the selection method.',
    "Add the current structure's posts.",
    'Set up the sign-off checklist and its approvals.',
  ])
  // Each item links to where it is done.
  await page.getByRole('link', { name: 'Write the selection method.' }).click()
  await atPath(page, `/proposals/${id}/manage/s188-items`)
  await page.getByText('Section 188(4)(d)').waitFor()

  // Someone else saves the rationale while HR is writing it: theirs is shown, HR's is kept.
  await page.goto(`${server.url}/proposals/${id}/manage/rationale`)
  await page.getByLabel('Why a change is needed').fill('My rationale: the four rotas leave gaps.')
  const { data } = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { version } }', { id })
  const theirs = await server.api(
    HR,
    'mutation($input: UpdateProposalInput!) { updateProposal(input: $input) { version } }',
    { input: { id, expectedVersion: data.proposal.version, fields: { rationale: 'Their rationale: demand has doubled.' } } },
  )
  assert.ok(theirs.data, JSON.stringify(theirs.errors))
  await page.getByRole('button', { name: 'Save and return to the task list' }).click()
  await page.getByText('Someone else changed this proposal while you were editing').waitFor()
  await page.getByText('Their rationale: demand has doubled.').waitFor()
  assert.equal(await page.getByLabel('Why a change is needed').inputValue(), 'My rationale: the four rotas leave gaps.')
  await checkPage(page, 'hr-section-conflict')
  let stored = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { rationale } }', { id })
  assert.equal(stored.data.proposal.rationale, 'Their rationale: demand has doubled.', 'nothing was overwritten')
  // HR merges the two and saves again.
  await page.getByLabel('Why a change is needed').fill('Demand has doubled, and the four rotas leave gaps.')
  await page.getByRole('button', { name: 'Save and return to the task list' }).click()
  await page.getByText('Rationale saved.').waitFor()
  stored = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { rationale } }', { id })
  assert.equal(stored.data.proposal.rationale, 'Demand has doubled, and the four rotas leave gaps.')

  // The new proposal's audit log reads as what changed.
  await page.getByRole('link', { name: 'Audit log' }).click()
  await atPath(page, `/proposals/${id}/audit`)
  await page.getByText('Added “Outsource business support”').waitFor()

  // Withdrawn, with a reason staff and the unions will read.
  await page.getByRole('link', { name: 'Overview and tasks' }).click()
  await page.getByRole('button', { name: 'Withdraw proposal' }).click()
  await page.getByRole('button', { name: 'Withdraw the proposal' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  assert.deepEqual(await summaryItems(page), ['Enter why the proposal is withdrawn'])
  await checkPage(page, 'hr-workspace-withdraw')
  await page.getByLabel('Why is it withdrawn?').fill('Business support is now part of the council-wide review.')
  await page.getByRole('button', { name: 'Withdraw the proposal' }).click()
  await page.getByText('The proposal has been withdrawn.').waitFor()
  const withdrawn = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { status withdrawnReason } }', { id })
  assert.deepEqual(withdrawn.data.proposal, { status: 'WITHDRAWN', withdrawnReason: 'Business support is now part of the council-wide review.' })
  assert.deepEqual(page.problems, [])
})

/** Marks one email dead, as after its last failed attempt (no API can make an email fail). */
function killEmail(emailId) {
  const id = server.backend === 'postgres' ? `'${emailId}'` : `X'${emailId.replace(/-/g, '').toUpperCase()}'`
  server.sql(`UPDATE outbox_message SET status = 'DEAD', attempts = 6, last_error = '550 5.1.1 mailbox unavailable' WHERE id = ${id}`)
}

test('HR reads the emails sent about the demo proposal, resends a dead one, and reads its audit log', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  // One of the newest emails, already sent (so the worker is done with it), becomes dead.
  const newest = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { outbox(first: 10) { nodes { id status recipient { name } } } } }', {
    id: proposal.id,
  })
  const email = newest.data.proposal.outbox.nodes.find((e) => e.status === 'SENT' && e.recipient)
  assert.ok(email, 'the demo has sent emails')
  killEmail(email.id)

  await page.goto(`${server.url}/proposals/${proposal.id}/outbox`)
  await page.getByRole('heading', { name: 'Emails sent', level: 1 }).waitFor()
  // The newest emails come first (the demo's minutes emails are among them).
  await page.getByRole('cell', { name: email.recipient.name }).first().waitFor()
  await checkPage(page, 'hr-outbox')
  await page.getByText('Last error: 550 5.1.1 mailbox unavailable').waitFor()
  await page.getByRole('button', { name: `Resend the email to ${email.recipient.name}` }).click()
  await page.getByText(`The email to ${email.recipient.name} will be sent again`).waitFor()
  const resent = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { outbox(first: 10) { nodes { id status } } } }', {
    id: proposal.id,
  })
  assert.notEqual(resent.data.proposal.outbox.nodes.find((e) => e.id === email.id).status, 'DEAD')
  await page.getByRole('link', { name: 'Next page of emails' }).click()
  await page.getByRole('table', { name: /Older emails/ }).waitFor()

  await page.getByRole('link', { name: 'Audit log' }).click()
  await atPath(page, `/proposals/${proposal.id}/audit`)
  await page.getByRole('heading', { name: 'Consultation opened' }).first().waitFor()
  await checkPage(page, 'hr-audit')
  // The changes to one record of the proposal: a meeting.
  const meetings = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { meetings { id title } } }', { id: proposal.id })
  const meeting = meetings.data.proposal.meetings[0]
  await page.getByLabel('Show changes to').selectOption(meeting.id)
  await page.getByRole('button', { name: 'Show changes' }).click()
  await page.getByRole('heading', { name: `Changes to ${meeting.title}` }).waitFor()
  await page.getByRole('heading', { name: 'Meeting: scheduled' }).first().waitFor()

  // The workspace of a proposal in consultation offers the steps open to it now.
  await page.getByRole('link', { name: 'Overview and tasks' }).click()
  await page.getByRole('button', { name: 'Close consultation' }).click()
  await page.getByRole('heading', { name: 'Close consultation?' }).waitFor()
  await page.getByRole('button', { name: 'Cancel' }).click()
  await page.getByRole('button', { name: 'Withdraw proposal' }).waitFor()
  assert.deepEqual(page.problems, [])
})

test('HR filters the emails and the audit log, and the filters stay in the address', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  const listed = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { outbox(first: 40) { nodes { id status milestone recipient { name } } } } }', {
    id: proposal.id,
  })
  const email = listed.data.proposal.outbox.nodes.filter((e) => e.status === 'SENT' && e.recipient).at(-1)
  assert.ok(email, 'the demo has sent emails')
  killEmail(email.id)

  // Only the emails that could not be delivered.
  await page.goto(`${server.url}/proposals/${proposal.id}/outbox`)
  await page.getByRole('heading', { name: 'Emails sent', level: 1 }).waitFor()
  await page.getByLabel('Status').selectOption('DEAD')
  await page.getByRole('button', { name: 'Filter emails' }).click()
  // The heading comes with the filtered list: the unfiltered rows are never shown under it.
  await page.getByRole('heading', { name: /Matching emails/ }).waitFor()
  assert.match(page.url(), /status=DEAD/)
  const rows = page.locator('table.app-outbox-table tbody tr')
  const statuses = await page.locator('table.app-outbox-table tbody .govuk-tag').allInnerTexts()
  assert.ok(statuses.length >= 1 && statuses.every((s) => s === 'Not delivered'), statuses.join(', '))
  await page.getByRole('cell', { name: email.recipient.name }).first().waitFor()
  await checkPage(page, 'hr-outbox-filtered')

  // By recipient's name, with the status kept from the address after a reload.
  await page.reload()
  assert.equal(await page.getByLabel('Status').inputValue(), 'DEAD')
  await page.getByLabel('To', { exact: true }).fill(email.recipient.name.toUpperCase())
  await page.getByRole('button', { name: 'Filter emails' }).click()
  await page.waitForURL(/recipient=/)
  // Until the new list arrives the page says it is loading, with no rows.
  await page.waitForFunction(
    (name) => {
      const cells = [...document.querySelectorAll('table.app-outbox-table tbody tr td:first-child')]
      return cells.length > 0 && cells.every((td) => td.textContent.startsWith(name))
    },
    email.recipient.name,
  )
  const names = await rows.locator('td:first-child').allInnerTexts()
  assert.ok(names.length >= 1 && names.every((n) => n.startsWith(email.recipient.name)), names.join(' | '))
  // Nothing matches: said in words.
  await page.getByLabel('To', { exact: true }).fill('nobody-at-all-xyz')
  await page.getByRole('button', { name: 'Filter emails' }).click()
  await page.getByText('No emails match these filters.').waitFor()
  await page.getByRole('link', { name: 'Clear filters' }).click()
  await page.getByRole('heading', { name: /Latest emails/ }).waitFor()

  // The audit log: one action, then a range of days.
  await page.goto(`${server.url}/proposals/${proposal.id}/audit`)
  await page.getByLabel('What was done').selectOption('proposal.consultation_opened')
  await page.getByRole('button', { name: 'Show changes' }).click()
  await page.waitForURL(/action=proposal.consultation_opened/)
  // The count comes with the filtered changes: until then the heading has none, and no changes show.
  await page.getByRole('heading', { name: /change(s)? match/ }).waitFor()
  const titles = await page.locator('.govuk-summary-card__title').allInnerTexts()
  assert.ok(titles.length >= 1 && titles.every((t) => t === 'Consultation opened'), titles.join(', '))
  await checkPage(page, 'hr-audit-filtered')
  // A date that is not one is refused with a message next to the field.
  await page.getByLabel('From').fill('31/2/2026')
  await page.getByRole('button', { name: 'Show changes' }).click()
  await page.getByRole('link', { name: 'From must be a real date, like 27/3/2026' }).waitFor()
  await checkPage(page, 'hr-audit-date-error')
  // Changes up to a day long ago: none.
  await page.getByLabel('From').fill('')
  await page.getByLabel('To', { exact: true }).fill('1/1/2000')
  await page.getByRole('button', { name: 'Show changes' }).click()
  await page.getByText('No changes match these filters.').waitFor()
  assert.match(page.url(), /to=2000-01-01/)
  assert.deepEqual(page.problems, [])
})

test('the task list says the feedback form is live, with its responses, once consultation is open', async () => {
  const { data } = await server.api(
    'hr@bury.example',
    'query($id: ID!) { proposal(id: $id) { status feedbackSummary { responses } } feedbackForm(proposalId: $id) { version } }',
    { id: proposal.id },
  )
  assert.equal(data.proposal.status, 'CONSULTING')
  assert.ok(data.proposal.feedbackSummary.responses > 0, 'the demo has responses')
  const page = await newPage(browser)
  await signIn(page, server, server.accounts['hr@bury.example'])
  await page.goto(`${server.url}/proposals/${proposal.id}/manage`)
  await page.getByRole('link', { name: 'Feedback form', exact: true }).first().waitFor()
  assert.equal(await taskStatus(page, 'Feedback form'), 'Completed')
  const item = page.locator('.govuk-task-list__item').filter({ has: page.getByRole('link', { name: 'Feedback form', exact: true }) })
  const responses = data.proposal.feedbackSummary.responses
  assert.match(await item.innerText(), new RegExp(`is live with ${responses} responses?`))
})

test('the implementation plan and the outbox fit the desktop column without wrapping words or dates', async () => {
  const page = await newPage(browser, { width: 1280 })
  await signIn(page, server, server.accounts['hr@bury.example'])
  for (const path of ['timetable', 'outbox']) {
    await page.goto(`${server.url}/proposals/${proposal.id}/${path}`)
    const table = page.locator(path === 'timetable' ? 'table.app-plan-table' : 'table.app-outbox-table')
    await table.waitFor()
    const shape = await table.evaluate((element) => {
      // The lines a piece of text is laid out on: one rectangle per line.
      const lines = (el) => {
        const range = document.createRange()
        range.selectNodeContents(el)
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size
      }
      return {
        overflow: element.scrollWidth - element.parentElement.clientWidth,
        headers: [...element.querySelectorAll('th')]
          .filter((th) => !th.querySelector(':scope > .govuk-visually-hidden:only-child'))
          .map((th) => [th.innerText.trim(), lines(th)]),
        dates: [...element.querySelectorAll('.app-nowrap')].map((el) => [el.innerText, lines(el)]),
      }
    })
    assert.ok(shape.overflow <= 0, `${path}: the table is ${shape.overflow}px wider than its column`)
    for (const [header, count] of shape.headers) assert.equal(count, 1, `${path}: the "${header}" header wraps`)
    assert.ok(shape.dates.length > 0, `${path}: dates are shown`)
    for (const [date, rects] of shape.dates) assert.equal(rects, 1, `${path}: "${date}" wraps`)
    assert.match(shape.dates[0][0], /^\d{1,2} [A-Z][a-z]{2} \d{4}/)
  }
  await checkPage(page, 'hr-plan-and-outbox-at-desktop')
})
