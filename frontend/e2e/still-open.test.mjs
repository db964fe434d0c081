// HR's "still open" view (issue 20): on the demo's Bury proposal, the challenged answer UNISON has
// not accepted, UNISON's overdue information request and UNISON's grading challenge on the
// Senior SEN Practitioner JD, each leading to where it is dealt with; and the view empties as
// they are resolved.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

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

test('HR sees what the dialogue still waits for, and each item leads to where it is dealt with', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  await page.goto(`${server.url}/proposals/${proposal.id}/manage`)
  await page.getByRole('navigation', { name: 'Proposal workspace' }).getByRole('link', { name: 'Still open', exact: true }).click()
  await atPath(page, `/proposals/${proposal.id}/still-open`)
  await page.getByRole('heading', { name: 'Still open', level: 1 }).waitFor()
  for (const line of ['1 challenged answer', '1 information request', '1 grading challenge']) {
    await page.getByRole('link', { name: line, exact: true }).waitFor()
  }
  await page.getByText('The data used to inform the restructure').waitFor()
  await page.locator('li').filter({ hasText: 'The data used to inform the restructure' }).getByText('Overdue').waitFor()
  // GMB's request was answered: it is not waiting.
  assert.equal(await page.getByText('What the agency caseworkers have cost this year').count(), 0)
  await page.getByText(/should be Grade/).waitFor()
  await checkPage(page, 'still-open')

  // The challenged answer opens in the question log, where HR can close it without agreement.
  await page.locator('#challenged-answers ~ ul').getByRole('link', { name: /^Question \d+$/ }).first().click()
  await page.waitForFunction(() => location.pathname.endsWith('/question-log') && location.search.includes('question='))
  await page.goBack()
  await page.getByRole('heading', { name: 'Still open', level: 1 }).waitFor()

  // The outcome report counts the challenge, and leads here while it is unresolved.
  await page.goto(`${server.url}/proposals/${proposal.id}/outcome`)
  await page.getByText('1 answer was challenged: 1 still unresolved, 0 closed without agreement.').waitFor()
  await page.getByRole('link', { name: 'See what is still open' }).click()
  await atPath(page, `/proposals/${proposal.id}/still-open`)

  // Once the challenge is closed without agreement, it leaves the view.
  const { proposal: log } = await api(HR, 'query($id: ID!) { proposal(id: $id) { questionLog(filter: { replyState: CHALLENGED }) { nodes { id version } } } }', { id: proposal.id })
  const [challenged] = log.questionLog.nodes
  await api(HR, 'mutation($input: CloseChallengeInput!) { closeChallenge(input: $input) { id } }', {
    input: { id: challenged.id, reason: 'Management and UNISON disagree on the ring fence; recorded as a failure to agree.', expectedVersion: challenged.version },
  })
  await page.reload()
  await page.getByRole('heading', { name: 'Still open', level: 1 }).waitFor()
  await page.getByRole('link', { name: '0 challenged answers', exact: true }).waitFor()
  await page.getByText('No answer is challenged and unresolved.').waitFor()
  await page.goto(`${server.url}/proposals/${proposal.id}/outcome`)
  await page.getByText('1 answer was challenged: 0 still unresolved, 1 closed without agreement.').waitFor()
  assert.equal(await page.getByRole('link', { name: 'See what is still open' }).count(), 0)
  assert.deepEqual(page.problems, [])
})
