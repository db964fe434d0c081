// A union representative reads the s188 position, comments on a duty of a job description
// and drafts the union's collective response with a formal failure to agree; the draft is
// shared with the union's other representative, who sends it. (Unite's: the demo's UNISON
// response is a joint one naming GMB, issue 20.)
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

let server
let browser
let proposal

before(async () => {
  // Two Unite representatives: one drafts, the other sends.
  server = await startServer({
    extraStaff: [
      { email: 'unite.rep@bury.example', name: 'Lee Grant (Unite)', role: 'UNION_REP', union: 'Unite' },
      { email: 'unite.steward@bury.example', name: 'Dana Kerr (Unite)', role: 'UNION_REP', union: 'Unite' },
    ],
  })
  browser = await launchBrowser()
  proposal = await buryProposal(server)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a Unite representative comments on a duty and drafts a collective response with a failure to agree, which a fellow representative sends', async () => {
  const page = await newPage(browser)
  // UNISON and GMB are named on the demo's joint response; Unite has not responded.
  await signIn(page, server, server.accounts['unite.rep@bury.example'])
  await page.getByRole('heading', { name: 'Proposals shared with Unite' }).waitFor()
  await checkPage(page, 'rep-proposals')

  await page.getByRole('link', { name: proposal.title }).click()
  await atPath(page, `/proposals/${proposal.id}`)
  await page.getByRole('heading', { name: 'Collective consultation (section 188)' }).waitFor()
  // The demo proposes 5 dismissals: collective consultation does not apply, and the panel says so.
  await page.getByText('Each affected employee must still be consulted individually.').waitFor()
  await checkPage(page, 'rep-proposal')

  // A comment on a duty of the caseworker's proposed job description.
  await page.getByRole('link', { name: /Caseworker job description/i }).first().click()
  await page.locator('h1').waitFor()
  await commentOnFirstDuty(page)
  await checkPage(page, 'rep-job-description')
  // The comment is in the question log, for the union to see answered.
  const { data } = await server.api('unite.rep@bury.example', 'query($id: ID!) { proposal(id: $id) { questions(union: "Unite") { text source } } }', {
    id: proposal.id,
  })
  assert.ok(
    data.proposal.questions.some((q) => q.source === 'JOB_DESCRIPTION' && q.text.includes('caseload weighting')),
    JSON.stringify(data.proposal.questions),
  )

  // The collective response: numbered points and a formal failure to agree.
  await page.goto(`${server.url}/proposals/${proposal.id}`)
  await page.getByRole('link', { name: 'Write your union’s response' }).click()
  await page.getByRole('heading', { name: "Your union's response", level: 1 }).waitFor()
  await page.getByText('Drafts are shared with the other Unite representatives').waitFor()
  await checkPage(page, 'rep-union-response')
  await page.getByRole('button', { name: 'Save draft' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await checkPage(page, 'rep-union-response-errors')

  await page.getByLabel('Title').fill('Unite response to the SEN restructure')
  await page.getByLabel('Introduction').fill('Unite members in the SEN service have read the proposal and met twice.')
  await page.getByLabel('Point 1').fill('The caseworker grade does not reflect the new duty of writing EHC plans.')
  await page.getByRole('button', { name: 'Add another point' }).click()
  await page.getByLabel('Point 2').fill('Caseloads must be agreed with the unions before go-live.')
  await page.getByRole('button', { name: 'Add another point' }).click()
  await page.getByLabel('Point 3').fill('Agency caseworkers should be offered the new posts before external recruitment.')
  await page.getByLabel('Record a formal failure to agree').check()
  await page.getByRole('button', { name: 'Save draft' }).click()
  await page.getByText('Draft saved').first().waitFor()

  // The draft is shared with the union's other representative, who sends it.
  const fellow = await newPage(browser)
  await signIn(fellow, server, server.accounts['unite.steward@bury.example'])
  await fellow.goto(`${server.url}/proposals/${proposal.id}/union-response`)
  await fellow.getByRole('heading', { name: "Your union's response", level: 1 }).waitFor()
  assert.equal(await fellow.getByLabel('Title').inputValue(), 'Unite response to the SEN restructure')
  assert.equal(await fellow.getByLabel('Point 3').inputValue(), 'Agency caseworkers should be offered the new posts before external recruitment.')
  assert.ok(await fellow.getByLabel('Record a formal failure to agree').isChecked())
  await fellow.getByRole('button', { name: 'Check and send' }).click()
  await fellow.getByRole('heading', { name: 'Check your response before sending' }).waitFor()
  await checkPage(fellow, 'rep-union-response-check')
  // A double click sends once.
  await fellow.getByRole('button', { name: 'Send response' }).dblclick()
  await fellow.getByText('Your union\'s response has been sent').first().waitFor()
  await checkPage(fellow, 'rep-union-response-sent')
  await fellow.context().close()

  // The first representative sees it sent, and can no longer change it.
  await page.reload()
  await page.getByText('Sent', { exact: true }).first().waitFor()
  assert.equal(await page.getByRole('button', { name: 'Check and send' }).count(), 0)


  const sent = await server.api('hr@bury.example', 'query($id: ID!) { proposal(id: $id) { unionResponses { unionName submitted failureToAgree points } } }', {
    id: proposal.id,
  })
  const unite = sent.data.proposal.unionResponses.filter((r) => r.unionName === 'Unite')
  assert.equal(unite.length, 1)
  assert.equal(unite[0].submitted, true)
  assert.equal(unite[0].failureToAgree, true)
  assert.equal(unite[0].points.length, 3)

  // Staff feedback in numbers, never names.
  await page.goto(`${server.url}/proposals/${proposal.id}/staff-feedback`)
  await page.getByRole('heading', { name: 'What staff have said' }).waitFor()
  const text = await page.locator('main').innerText()
  for (const name of ['Jo Brierley', 'Alex Moore']) assert.ok(!text.includes(name), `${name} is not named`)
  await checkPage(page, 'rep-staff-feedback')
  await page.getByRole('link', { name: 'Your union\'s questions' }).click()
  await page.locator('h1').waitFor()
  await checkPage(page, 'rep-questions')
})

async function commentOnFirstDuty(page) {
  const duty = page.locator('#duty-1')
  await duty.getByText('Comment on duty 1', { exact: true }).click()
  await page.getByRole('button', { name: 'Send comment on duty 1' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await checkPage(page, 'rep-job-description-comment-errors')
  await duty.getByLabel('Workload').check()
  await duty.getByLabel('Your comment on duty 1').fill('Members ask for a caseload weighting to be agreed before this duty starts.')
  await page.getByRole('button', { name: 'Send comment on duty 1' }).click()
  await page.getByText('Your comment was added to duty 1').waitFor()
  await duty.getByText('caseload weighting').waitFor()
}
