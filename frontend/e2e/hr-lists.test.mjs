// HR's lists at real scale (issue 18): the question log and the responses filtered by the
// server from a form whose choices live in the address, who has not responded and the
// reminder to them, and the response rate HR, the sponsor and the unions see.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { buryProposal, checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

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

async function api(email, query, variables) {
  const result = await server.api(email, query, variables)
  assert.equal(result.errors, undefined, JSON.stringify(result.errors))
  return result.data
}

test('HR filters the question log and the responses, and reminds those who have not responded', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  const base = `${server.url}/proposals/${proposal.id}`

  // The question log: a search over every question, newest first, from the form.
  await page.goto(`${base}/question-log?status=all`)
  await page.getByRole('heading', { name: 'Question log', level: 1 }).waitFor()
  const caseload = 'caseload'
  await page.getByLabel('Search the questions and answers').fill(caseload)
  await page.getByLabel('Sort by').selectOption('NEWEST')
  await page.getByRole('button', { name: 'Apply filters' }).click()
  await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'caseload')
  const expected = await api(HR, 'query($id: ID!) { proposal(id: $id) { questionLog(filter: {search: "caseload"}, sort: NEWEST) { totalCount nodes { text } } } }', { id: proposal.id })
  const log = expected.proposal.questionLog
  assert.ok(log.totalCount > 0, 'the demo has a question about caseloads')
  await page.getByRole('heading', { name: `All questions (${log.totalCount})` }).waitFor()
  assert.equal(await page.locator('.govuk-summary-card').count(), log.totalCount)
  await checkPage(page, 'hr-question-log-filtered')

  // The address reproduces the view.
  const link = page.url()
  await page.goto(`${base}/question-log`)
  await page.goto(link)
  await page.getByRole('heading', { name: `All questions (${log.totalCount})` }).waitFor()
  assert.equal(await page.getByLabel('Search the questions and answers').inputValue(), caseload)
  assert.equal(await page.getByLabel('Sort by').inputValue(), 'NEWEST')
  // Nothing matches a nonsense search.
  await page.getByLabel('Search the questions and answers').fill('zzqx nothing like this')
  await page.getByRole('button', { name: 'Apply filters' }).click()
  await page.getByText('There are no questions that match the filters.').waitFor()

  // The responses: the rate, the confidential ones only, then the reminders.
  await page.goto(`${base}/responses`)
  await page.getByRole('heading', { name: 'Responses and themes', level: 1 }).waitFor()
  const rate = (await api(HR, 'query($id: ID!) { proposal(id: $id) { status responseRate { responded affected } nonResponders { totalCount } feedbackResponses(filter: {confidential: true}) { totalCount } } }', { id: proposal.id })).proposal
  await page.getByText(new RegExp(`^${rate.responseRate.responded} of ${rate.responseRate.affected} affected`)).waitFor()
  await page.getByLabel('Named or confidential').selectOption('yes')
  await page.getByRole('button', { name: 'Apply filters' }).click()
  await page.waitForFunction(() => new URLSearchParams(location.search).get('confidential') === 'yes')
  await page.getByRole('heading', { name: /^Staff responses \(\d+\)/ }).waitFor()
  await page.getByText(new RegExp(`of ${rate.feedbackResponses.totalCount}\\.$`)).waitFor()
  await page.getByRole('heading', { name: 'Who has responded' }).waitFor()
  await checkPage(page, 'hr-responses-filtered')

  if (rate.status === 'CONSULTING' && rate.nonResponders.totalCount > 0) {
    await page.getByRole('button', { name: 'Remind everyone who has not responded' }).click()
    const notice = page.getByText(/reminders? (was|were) queued/)
    await notice.waitFor()
    await checkPage(page, 'hr-responses-reminded')
    // The demo's non-responders without an account cannot be emailed; the rest are.
    if (!(await notice.textContent()).startsWith('No reminders')) {
      const outbox = await api(HR, 'query($id: ID!) { proposal(id: $id) { outbox(first: 100) { nodes { milestone } } } }', { id: proposal.id })
      assert.ok(outbox.proposal.outbox.nodes.some((m) => m.milestone === 'response_reminder'))
    }
    // A second round the same day reminds nobody again.
    await page.getByRole('button', { name: 'Remind everyone who has not responded' }).click()
    await page.getByText(/not reminded again|No reminders were queued/).waitFor()
  }
})

test('A union representative sees the response rate with the counts', async () => {
  const page = await newPage(browser)
  const rep = Object.keys(server.accounts).find((email) => server.accounts[email].role === 'UNION_REP') ?? 'gmb.rep@bury.example'
  await signIn(page, server, server.accounts[rep])
  await page.goto(`${server.url}/proposals/${proposal.id}/staff-feedback`)
  await page.getByRole('heading', { name: 'What staff have said', level: 1 }).waitFor()
  const rate = (await api(rep, 'query($id: ID!) { proposal(id: $id) { responseRate { responded affected } } }', { id: proposal.id })).proposal.responseRate
  await page.getByText(`${rate.responded} of ${rate.affected} affected`).waitFor()
  await checkPage(page, 'union-staff-feedback-rate')
})
