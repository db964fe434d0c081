// Information requests (issue 20), on a phone and by keyboard: UNISON's representative finds
// the demo's overdue request ("the data used to inform the restructure") and logs another,
// about the selection method; the sponsor, its owner, provides the first with a file; HR
// refuses the second with a reason; the representative reads both outcomes and downloads the
// file. GMB's representative never sees UNISON's requests.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

let server
let browser
let proposal

const HR = 'hr@bury.example'
const LEAD = 'strategic.lead@bury.example'
const UNISON = 'unison.rep@bury.example'
const GMB = 'gmb.rep@bury.example'
const PHONE = { width: 375, height: 812 }
const BARNET = 'The data used to inform the restructure'
const SELECTION = 'The selection criteria for the caseworker posts and how each is weighted'

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  proposal = await buryProposal(server)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const requestsPath = () => `/proposals/${proposal.id}/information-requests`
const card = (page, text) => page.locator('.govuk-summary-card').filter({ hasText: text })

test('a representative sees the overdue request and logs another, by keyboard, on a phone', async () => {
  const page = await newPage(browser, PHONE)
  await signIn(page, server, server.accounts[UNISON])
  await page.goto(`${server.url}/proposals/${proposal.id}`)
  await page.getByRole('link', { name: 'Information your union has asked for' }).click()
  await atPath(page, requestsPath())
  await page.getByRole('heading', { name: 'Information requests', level: 1 }).waitFor()
  const overdue = card(page, BARNET)
  await overdue.getByText('Overdue', { exact: true }).waitFor()
  // UNISON's only: GMB's request is not listed.
  assert.equal(await page.getByText('agency caseworkers have cost').count(), 0)
  await checkPage(page, 'information-requests-union')

  // An empty request is refused in the page, the summary linking to the field.
  await page.getByRole('button', { name: 'Log the request' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await page.getByRole('link', { name: 'Enter the information the union needs' }).waitFor()
  await checkPage(page, 'information-requests-log-error')

  // By keyboard: the field, the s188(4) item, the button.
  await page.getByLabel('What information is needed').focus()
  await page.keyboard.type(SELECTION)
  await page.keyboard.press('Tab')
  await page.getByLabel(/section 188\(4\) disclosure/).selectOption({ label: 'How employees will be selected for dismissal (s188(4)(d))' })
  await page.getByRole('button', { name: 'Log the request' }).focus()
  await page.keyboard.press('Enter')
  await page.getByText('The request has been logged.').waitFor()
  await card(page, SELECTION).getByText('How employees will be selected for dismissal (s188(4)(d))').waitFor()
  assert.deepEqual(page.problems, [])
})

test('the sponsor provides the overdue request with a file, and HR refuses the other with a reason', async () => {
  const lead = await newPage(browser, PHONE)
  await signIn(lead, server, server.accounts[LEAD])
  await lead.goto(`${server.url}${requestsPath()}`)
  await lead.getByRole('heading', { name: 'Information requests', level: 1 }).waitFor()
  const request = card(lead, BARNET)
  // The sponsor owns the demo's request; the one just logged is HR's to answer.
  await request.getByLabel('What you are providing').fill('Caseloads, 20-week completions and agency spend, 2022 to 2025, are in the attached file.')
  await request.getByLabel('A file (optional)').setInputFiles({ name: 'sen-data.txt', mimeType: 'text/plain', buffer: Buffer.from('year,caseload\n2023,38\n2024,41\n') })
  await checkPage(lead, 'information-requests-provide')
  await request.getByRole('button', { name: 'Provide the information' }).click()
  await lead.getByText('You have provided the information UNISON asked for.').waitFor()
  await card(lead, BARNET).getByRole('link', { name: 'sen-data.txt' }).waitFor()

  const hr = await newPage(browser)
  await signIn(hr, server, server.accounts[HR])
  // The s188 panel lists what is still open, with the s188(4) consequence.
  await hr.goto(`${server.url}/proposals/${proposal.id}/timetable`)
  const open = hr.locator('#s188-open-requests')
  await open.getByText(SELECTION).waitFor()
  await open.getByText('is not complete until it is provided (s188(4))').waitFor()
  await hr.getByRole('link', { name: 'All information requests' }).click()
  await atPath(hr, requestsPath())
  const selection = card(hr, SELECTION)
  await selection.getByLabel('Refuse it').check()
  await selection.getByRole('button', { name: 'Refuse the request' }).click()
  await hr.getByRole('link', { name: 'Enter the reason for refusing' }).waitFor()
  await selection.getByLabel('Why it is refused').fill('The weights are agreed with the unions at the JCC on Monday; they will follow then.')
  await selection.getByRole('button', { name: 'Refuse the request' }).click()
  await hr.getByText('You have refused UNISON’s request.').waitFor()
  await checkPage(hr, 'information-requests-hr')
})

test('the representative reads both outcomes and downloads the file; GMB sees only its own', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[UNISON])
  await page.goto(`${server.url}${requestsPath()}`)
  await card(page, BARNET).locator('.govuk-tag', { hasText: 'Provided' }).waitFor()
  await card(page, SELECTION).getByText('The weights are agreed with the unions').waitFor()
  const download = page.waitForEvent('download')
  await card(page, BARNET).getByRole('link', { name: 'sen-data.txt' }).click()
  assert.equal((await download).suggestedFilename(), 'sen-data.txt')
  await checkPage(page, 'information-requests-outcomes')

  const gmb = await newPage(browser, PHONE)
  await signIn(gmb, server, server.accounts[GMB])
  await gmb.goto(`${server.url}${requestsPath()}`)
  await card(gmb, 'agency caseworkers have cost').locator('.govuk-tag', { hasText: 'Provided' }).waitFor()
  assert.equal(await gmb.getByText(BARNET).count(), 0)
  await checkPage(gmb, 'information-requests-gmb')
})
