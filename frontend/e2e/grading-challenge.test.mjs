// Grading challenges (issue 20): a caseworker challenges the grade of her revised job
// description from its page, naming the duties that changed; HR reads the challenges and
// records outcomes: UNISON's demo challenge to the Senior SEN Practitioner grade is
// re-evaluated under the NJC scheme to a new grade, which moves the proposed structure's
// cost and makes a revision; the caseworker's is confirmed with reasons.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { buryProposal, checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

let server
let browser
let proposal
let jds

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  proposal = await buryProposal(server)
  const { data } = await server.api('hr@bury.example', 'query($id: ID!) { proposal(id: $id) { jobDescriptions { id title } } }', { id: proposal.id })
  jds = Object.fromEntries(data.proposal.jobDescriptions.map((jd) => [jd.title, jd.id]))
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a caseworker challenges her grade and HR records the outcomes', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts['caseworker@bury.example'])
  await page.goto(`${server.url}/proposals/${proposal.id}/job-descriptions/${jds['SEN Caseworker']}`)
  await page.getByRole('heading', { name: 'Grading challenges' }).waitFor()
  await page.getByText('There are no grading challenges to this job description that you can see.').waitFor()
  // UNISON's challenge to another JD is not hers to see, nor is any on this one.
  // The button opens the form from the keyboard.
  const open = page.getByRole('button', { name: 'Challenge the grade' })
  await open.focus()
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: 'Challenge the grade' }).waitFor()
  await page.getByRole('button', { name: 'Send the challenge to HR' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await page.getByRole('link', { name: 'Select at least one duty that changed' }).waitFor()
  await checkPage(page, 'grading-challenge-errors')

  const duties = page.getByRole('group', { name: 'Which duties are the areas of significant change?' })
  const first = duties.getByRole('checkbox').first()
  const label = await duties.locator('label').first().innerText()
  await first.check()
  await page.getByLabel(new RegExp(`What changed in ${label.toLowerCase().replace(/[()]/g, '.')}`)).fill('Writing EHC plans in house was the external provider’s work.')
  await page.getByLabel('The grade you believe is right').fill('Grade 10')
  await page.getByLabel('Your evidence').fill('Plan writing was evaluated separately (the vacant SEN Plan Writer post, Grade 9) and is now added to the caseworker’s whole job.')
  await page.getByRole('button', { name: 'Send the challenge to HR' }).click()
  await page.getByText('Your grading challenge has been sent to HR').waitFor()
  await page.getByRole('heading', { name: /Challenge by Jo Brierley/ }).waitFor()
  await page.getByText('Awaiting outcome').first().waitFor()
  await checkPage(page, 'grading-challenge-sent')

  // HR: UNISON's challenge to the Senior SEN Practitioner grade, re-evaluated to Grade 13.
  const hr = await newPage(browser)
  await signIn(hr, server, server.accounts['hr@bury.example'])
  const costOf = async () =>
    (await server.api('hr@bury.example', 'query($id: ID!) { proposal(id: $id) { costs { costAfter } revisions { changeSummary } } }', { id: proposal.id })).data.proposal
  const before = await costOf()
  await hr.goto(`${server.url}/proposals/${proposal.id}/job-descriptions/${jds['Senior SEN Practitioner']}`)
  await hr.getByRole('heading', { name: /Challenge by UNISON/ }).waitFor()
  await checkPage(hr, 'grading-challenge-hr')
  await hr.getByText('Record the outcome').first().click()
  await hr.getByRole('button', { name: 'Record the outcome' }).click()
  await hr.getByRole('link', { name: 'Select the outcome' }).waitFor()
  await hr.getByLabel('Re-evaluated under the job evaluation scheme').check()
  await hr.getByLabel('Job evaluation scheme', { exact: true }).fill('NJC')
  await hr.getByLabel('Resulting grade', { exact: true }).fill('Grade 13')
  await checkPage(hr, 'grading-challenge-outcome-form')
  await hr.getByRole('button', { name: 'Record the outcome' }).click()
  await hr.getByText('The outcome of the grading challenge has been recorded').waitFor()
  await hr.getByText('Re-evaluated under NJC: Grade 13').waitFor()
  const after = await costOf()
  assert.ok(Number(after.costs.costAfter) > Number(before.costs.costAfter), `${before.costs.costAfter} → ${after.costs.costAfter}`)
  assert.match(after.revisions.at(-1).changeSummary, /Grading challenge on Senior SEN Practitioner: re-evaluated under NJC; proposed grade changed from Grade 12 to Grade 13\./)

  // HR confirms the caseworker's grade with reasons.
  await hr.goto(`${server.url}/proposals/${proposal.id}/job-descriptions/${jds['SEN Caseworker']}`)
  await hr.getByRole('heading', { name: /Challenge by Jo Brierley/ }).waitFor()
  await hr.getByText('Record the outcome').first().click()
  await hr.getByLabel('The proposed grade is confirmed').check()
  await hr.getByLabel('Reasons', { exact: true }).fill('Evaluated under NJC at 412 points: within the Grade 9 band.')
  await hr.getByRole('button', { name: 'Record the outcome' }).click()
  await hr.getByText('The outcome of the grading challenge has been recorded').waitFor()
  await hr.getByText('Grade confirmed').first().waitFor()

  // The caseworker sees the outcome of hers.
  await page.reload()
  await page.getByText('Evaluated under NJC at 412 points: within the Grade 9 band.').waitFor()
  await checkPage(page, 'grading-challenge-decided')
})
