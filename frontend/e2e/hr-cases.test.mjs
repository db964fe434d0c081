// The individual stage for HR and an assessor (issue 16): HR opens the cases of the decided
// Bury proposal, slots one person in, records an individual meeting with another and issues
// them an at-risk letter and reads it; a manager assessor scores a ring-fenced pool from
// "My tasks"; HR moderates where the assessors differ and publishes the outcome. axe (at the
// page's width and at 320 px) on every page state.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, checkPage, fillDate, launchBrowser, newPage, signIn, startServer } from './support.mjs'

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

const HR = 'hr@bury.example'
const MANAGER = 'strategic.lead@bury.example'

async function api(email, query, variables) {
  const result = await server.api(email, query, variables)
  assert.equal(result.errors, undefined, JSON.stringify(result.errors))
  return result.data
}

/** Presses Tab until the focused element's text or label matches; fails if it never does. */
async function tabTo(page, pattern) {
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const el = document.activeElement
      if (!el || el === document.body) return ''
      const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : ''
      return [el.textContent, label].filter(Boolean).join(' ').trim()
    })
    if (pattern.test(focused)) return
  }
  assert.fail(`Tab never reached ${pattern}`)
}

function londonToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
}

test('HR takes people through the individual stage and an assessor scores a pool', async () => {
  const { proposals } = await api(HR, '{ proposals(first: 10) { nodes { id title status } } }')
  // The demo's SEN restructure is in consultation (the other demo proposal is decided with its
  // cases open); the journey to a decision is walked in hr-journey.test.mjs.
  const consulting = proposals.nodes.filter((p) => p.status === 'CONSULTING')
  assert.equal(consulting.length, 1)
  const proposal = consulting[0]
  server.sql(`UPDATE proposal SET status = 'DECIDED' WHERE status = 'CONSULTING'`)

  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  await page.goto(`${server.url}/proposals/${proposal.id}/manage`)
  await page.getByRole('link', { name: "People's cases" }).click()
  await atPath(page, `/proposals/${proposal.id}/cases`)
  await page.getByRole('heading', { name: "People's cases", level: 1 }).waitFor()
  await page.getByText('No case has been opened yet.').waitFor()
  await checkPage(page, 'hr-cases-before')

  // Open the cases: one per directly affected person, all at risk.
  await page.getByRole('button', { name: 'Open the cases' }).click()
  await page.getByText(/\d+ cases opened\./).waitFor()
  const table = page.locator('table.app-case-table')
  await table.getByText('At risk').first().waitFor()
  await checkPage(page, 'hr-cases-board')
  const { proposal: opened } = await api(HR, 'query($id: ID!) { proposal(id: $id) { cases(first: 100) { totalCount nodes { state employee { id name impact } } } ringFences { id name memberCount postsToFill members { id name } } } }', { id: proposal.id })
  assert.ok(opened.cases.totalCount >= 3)
  assert.ok(opened.cases.nodes.every((c) => c.state === 'AT_RISK'))

  // Filtered by state.
  await page.getByLabel('Show cases').selectOption('SLOTTED_IN')
  await page.getByRole('button', { name: 'Show', exact: true }).click()
  await page.getByText('No case is in this state.').waitFor()
  await checkPage(page, 'hr-cases-board-filtered')
  await page.getByLabel('Show cases').selectOption('')
  await page.getByRole('button', { name: 'Show', exact: true }).click()

  // Slot in someone who is in no pool.
  const pooled = new Set(opened.ringFences.flatMap((p) => p.members.map((m) => m.id)))
  const slotted = opened.cases.nodes.find((c) => !pooled.has(c.employee.id)).employee
  await table.getByRole('link', { name: slotted.name }).click()
  await page.getByRole('heading', { name: slotted.name, level: 1 }).waitFor()
  await checkPage(page, 'hr-case')
  await page.getByRole('link', { name: 'Slot them in' }).click()
  await page.getByRole('heading', { name: 'Slot them in', level: 1 }).waitFor()
  await page.getByLabel('How closely the duties match, in percent').fill('50')
  await page.getByRole('button', { name: 'Slot them in' }).click()
  await page.getByRole('link', { name: 'Choose the post they are slotted into' }).waitFor()
  await page.getByRole('link', { name: 'The match must be at least the threshold of 70% for a slot-in' }).waitFor()
  await checkPage(page, 'hr-case-slot-in-errors')
  await page.getByLabel('Post in the new structure').selectOption({ index: 1 })
  await page.getByLabel('How closely the duties match, in percent').fill('85')
  await page.getByRole('button', { name: 'Slot them in' }).click()
  await page.getByText('They have been slotted in.').waitFor()
  await page.locator('.govuk-summary-list').first().getByText('Slotted in').waitFor()
  await page.getByText('Match percent: 85').waitFor()
  await checkPage(page, 'hr-case-slotted-in')

  // A person in the ring fence: an individual meeting, then the at-risk letter.
  const pool = opened.ringFences.find((p) => p.memberCount > p.postsToFill && p.postsToFill > 0)
  assert.ok(pool, 'the demo has a pool with more people than posts')
  const person = pool.members[0]
  await page.goto(`${server.url}/proposals/${proposal.id}/cases/${person.id}`)
  await page.getByRole('heading', { name: person.name, level: 1 }).waitFor()
  await page.getByRole('link', { name: 'Schedule a meeting' }).click()
  await page.getByRole('heading', { name: 'Schedule an individual meeting', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Schedule and send the invitation' }).click()
  await page.getByRole('link', { name: 'Enter where the meeting is' }).waitFor()
  await checkPage(page, 'hr-case-meeting-errors')
  const today = londonToday()
  await fillDate(page, 'Day of the meeting', today)
  await page.getByLabel('Time').fill('09:00')
  await page.getByLabel('Where').fill('Room 2, Bury Town Hall')
  await page.getByRole('button', { name: 'Schedule and send the invitation' }).click()
  await page.getByText('The meeting has been scheduled and the invitation emailed.').waitFor()
  await page.getByRole('link', { name: 'Record meeting 1 as held' }).click()
  await page.getByRole('heading', { name: 'Record the meeting', level: 1 }).waitFor()
  await fillDate(page, 'The day it was held', today)
  await page.getByLabel('A trade union representative').check()
  await page.getByRole('button', { name: 'Record the meeting' }).click()
  await page.getByRole('link', { name: "Enter the companion's name" }).waitFor()
  await checkPage(page, 'hr-case-record-errors')
  await page.getByLabel("The companion's name").fill('Pat Jones')
  await page.getByLabel('Notes of the meeting').fill('Explained the selection criteria and the redeployment register.')
  await page.getByRole('button', { name: 'Record the meeting' }).click()
  await page.getByText('The meeting has been recorded.').waitFor()
  await page.getByText('A trade union representative: Pat Jones').waitFor()
  await page.getByText('Explained the selection criteria and the redeployment register.').waitFor()
  await checkPage(page, 'hr-case-meeting-recorded')

  await page.getByRole('link', { name: 'Issue a letter' }).click()
  await page.getByRole('heading', { name: 'Issue a letter', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Issue the letter' }).click()
  await page.getByRole('link', { name: 'Choose the kind of letter' }).waitFor()
  await checkPage(page, 'hr-case-letter-errors')
  await page.getByLabel('At risk of redundancy').check()
  await page.getByRole('button', { name: 'Issue the letter' }).click()
  await page.getByText('The letter has been issued and emailed to them.').waitFor()
  await checkPage(page, 'hr-case-letter-issued')
  const { case: withLetter } = await api(HR, 'query($e: ID!) { case(employeeId: $e) { employee { letters { kind subject bodyText pdfUrl } } } }', { e: person.id })
  assert.equal(withLetter.employee.letters.length, 1)
  assert.equal(withLetter.employee.letters[0].kind, 'AT_RISK')
  assert.ok(withLetter.employee.letters[0].bodyText.includes(person.name))
  await page.getByRole('link', { name: withLetter.employee.letters[0].subject, exact: true }).click()
  await page.waitForFunction(() => location.pathname.includes('letter'))
  assert.ok((await page.locator('body').innerText()).includes(person.name), 'the printable letter names the person')
  // The same letter as a PDF, downloaded with the browser's own sign-in.
  const pdf = await page.request.get(server.url + withLetter.employee.letters[0].pdfUrl)
  assert.equal(pdf.headers()['content-type'], 'application/pdf')
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-')

  // Equality monitoring: HR records what the person has given, on a page of its own, and
  // reads the outcomes by characteristic, where a group of one is never shown.
  await page.goto(`${server.url}/proposals/${proposal.id}/cases/${person.id}`)
  await page.getByRole('link', { name: `Record the protected characteristics they have given (${person.name})` }).click()
  await page.getByRole('heading', { name: `Protected characteristics: ${person.name}`, level: 1 }).waitFor()
  await checkPage(page, 'hr-case-characteristics')
  await page.getByLabel('Sex (optional)').fill('Female')
  await page.getByLabel('Age (optional)').fill('50 to 59')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await page.getByText('The protected characteristics have been saved.').waitFor()
  const { protectedCharacteristics } = await api(HR, 'query($e: ID!) { protectedCharacteristics(employeeId: $e) { characteristic value } }', { e: person.id })
  assert.deepEqual(protectedCharacteristics, [{ characteristic: 'AGE', value: '50 to 59' }, { characteristic: 'SEX', value: 'Female' }])
  await page.goto(`${server.url}/proposals/${proposal.id}/cases`)
  await page.getByRole('link', { name: 'Equality monitoring of outcomes' }).click()
  await page.getByRole('heading', { name: 'Equality monitoring of outcomes', level: 1 }).waitFor()
  await page.getByRole('row', { name: /Groups of fewer than 3, together/ }).first().waitFor()
  assert.equal(await page.getByRole('rowheader', { name: 'Female' }).count(), 0, 'a group of one is not shown')
  await checkPage(page, 'hr-equality-monitoring')

  // Selection: criteria and the two assessors (HR and the manager) set through the API,
  // HR's scores too; the manager scores in the browser, differing from HR on one cell.
  const { me: hrUser } = await api(HR, '{ me { id } }')
  const { users } = await api(HR, '{ users(role: MANAGER, first: 10) { nodes { id email } } }')
  const manager = users.nodes.find((u) => u.email === MANAGER)
  const { selection } = await api(HR, 'query($id: ID!) { selection(ringFenceId: $id) { version } }', { id: pool.id })
  const criteria = (
    await api(HR, 'mutation($i: SetSelectionCriteriaInput!) { setSelectionCriteria(input: $i) { criteria { id name } } }', {
      i: {
        ringFenceId: pool.id,
        expectedVersion: selection.version,
        criteria: [
          { name: 'Performance', weight: 60, description: 'Appraisals of the last two years' },
          { name: 'Skills', weight: 40 },
        ],
        scale: { max: 5 },
      },
    })
  ).setSelectionCriteria.criteria
  await api(HR, 'mutation($i: SetPoolAssessorsInput!) { setPoolAssessors(input: $i) { ringFenceId } }', {
    i: { ringFenceId: pool.id, assessorIds: [hrUser.id, manager.id] },
  })
  // Distinct totals, so no tie: member k scores 5 - k on both criteria.
  const scoreOf = (k) => 5 - k
  for (const [k, member] of pool.members.entries()) {
    for (const criterion of criteria) {
      await api(HR, 'mutation($i: RecordSelectionScoreInput!) { recordSelectionScore(input: $i) { ringFenceId } }', {
        i: { ringFenceId: pool.id, employeeId: member.id, criterionId: criterion.id, score: scoreOf(k) },
      })
    }
  }

  const assessor = await newPage(browser)
  await signIn(assessor, server, server.accounts[MANAGER])
  await assessor.goto(`${server.url}/tasks`)
  await assessor.getByRole('heading', { name: 'Selection scoring' }).waitFor()
  await checkPage(assessor, 'manager-tasks-scoring')
  await assessor.getByRole('link', { name: `Score in the ${pool.name}` }).click()
  await atPath(assessor, `/tasks/scoring/${pool.id}`)
  await assessor.getByRole('heading', { name: `Scoring: ${pool.name}`, level: 1 }).waitFor()
  await checkPage(assessor, 'manager-scoring-pool')
  /** Scores one criterion of the candidate on the page. */
  const score = async (criterion, value) => {
    const form = assessor.locator('form').filter({ has: assessor.getByRole('heading', { name: criterion }) })
    await form.getByRole('radio', { name: String(value), exact: true }).check()
    await form.getByRole('button', { name: `Save score for ${criterion}` }).click()
    await assessor.getByText(`Your score for ${criterion} has been saved.`).waitFor()
  }
  for (const [k, member] of pool.members.entries()) {
    await assessor.goto(`${server.url}/tasks/scoring/${pool.id}`)
    await assessor.getByRole('link', { name: `Score ${member.name}` }).click()
    await assessor.getByRole('heading', { name: `Score ${member.name}`, level: 1 }).waitFor()
    if (k === 0) {
      await assessor.getByRole('button', { name: 'Save score for Performance' }).click()
      await assessor.getByRole('link', { name: 'Select a score for Performance' }).waitFor()
      await checkPage(assessor, 'manager-scoring-errors')
    }
    // The first candidate's performance differs from HR's by one: HR moderates it.
    await score('Performance', k === 0 ? scoreOf(k) - 1 : scoreOf(k))
    await score('Skills', scoreOf(k))
  }
  await assessor.goto(`${server.url}/tasks`)
  await assessor.getByText('All your scores given').waitFor()

  // HR moderates the cell where the assessors differ, then publishes.
  await page.goto(`${server.url}/proposals/${proposal.id}/cases`)
  await page.getByRole('link', { name: `Selection matrix: ${pool.name}` }).click()
  await page.getByRole('heading', { name: 'Selection matrix', level: 1 }).waitFor()
  await page.getByText('1 score to moderate.').waitFor()
  await checkPage(page, 'hr-selection-matrix')
  const first = pool.members[0]
  await page.getByRole('link', { name: `Moderate Performance for ${first.name}` }).click()
  await page.getByRole('heading', { name: `Moderate Performance for ${first.name}`, level: 1 }).waitFor()
  await page.getByLabel('Moderated score').fill('5')
  await page.getByRole('button', { name: 'Save the moderated score' }).click()
  // The API asks for a reason where the score differs from an assessor's.
  await page.locator('.govuk-error-summary').waitFor()
  await checkPage(page, 'hr-selection-moderate-errors')
  await page.getByLabel('Why').fill('The appraisal evidence supports the higher score.')
  await page.getByRole('button', { name: 'Save the moderated score' }).click()
  await page.getByText('The moderated score has been saved.').waitFor()
  await page.getByRole('link', { name: 'Publish the outcome' }).click()
  await page.getByRole('heading', { name: 'Publish the outcome', level: 1 }).waitFor()
  await checkPage(page, 'hr-selection-publish')
  await page.getByRole('button', { name: 'Publish the outcome' }).click()
  await page.getByText('The outcome has been published').waitFor()
  await page.getByText('Selected', { exact: true }).first().waitFor()
  await checkPage(page, 'hr-selection-published')
  const { selection: published } = await api(HR, 'query($id: ID!) { selection(ringFenceId: $id) { publishedAt candidates { employeeId selected rank } } }', { id: pool.id })
  assert.ok(published.publishedAt)
  assert.equal(published.candidates.find((c) => c.employeeId === first.id).rank, 1)

  // The letter templates, with a refused edit shown in the error summary.
  await page.goto(`${server.url}/letter-templates`)
  await page.getByRole('heading', { name: 'Letter templates', level: 1 }).waitFor()
  await checkPage(page, 'hr-letter-templates')
  // By keyboard alone: to the template, its wording, and the save button.
  await tabTo(page, /^Edit At risk of redundancy$/)
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: 'At risk of redundancy', level: 1 }).waitFor()
  await tabTo(page, /Wording$/)
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type('Dear {{employee.name}}, your post is at risk.')
  await tabTo(page, /^Save the template$/)
  await page.keyboard.press('Enter')
  await page.locator('.govuk-error-summary').getByText(/must state/).waitFor()
  await checkPage(page, 'hr-letter-template-errors')

  assert.deepEqual(page.problems, [])
  assert.deepEqual(assessor.problems, [])
})
