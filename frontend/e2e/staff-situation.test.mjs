// After the decision: a member of staff in a selection pool follows their own case on "Your
// situation" (where it stands, what happens next, their meeting, their letters), a manager who
// is one of the pool's two assessors scores each candidate through My tasks (a refusal shown in
// the error summary), and once HR publishes the outcome the candidate sees their own scores and
// rank. HR's side is set up through the API, as HR's own pages are tested elsewhere.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, launchBrowser, newPage, signIn, startServer, closeOpenChallenges } from './support.mjs'

const HR = 'hr@bury.example'
const MANAGER = 'strategic.lead@bury.example'
// Both demo Senior SEN Practitioners compete for the one post; Alex Moore has an account.
const ALEX = 'senior.practitioner@bury.example'
const farzana = { email: 'farzana.hussain@bury.example', name: 'Farzana Hussain' }
const POOL = 'Senior SEN Practitioner ring fence'

let server
let browser
let proposal
/** The pool's ring fence id, its criteria ids by name, and the candidates' employee ids by name. */
const pool = { id: '', criteria: {}, people: {} }

/** Calls the API as `email`; fails the test on any error. */
async function ok(email, query, variables = {}) {
  const result = await server.api(email, query, variables)
  assert.equal(result.errors, undefined, `${query.slice(0, 60)}: ${JSON.stringify(result.errors)}`)
  return result.data
}

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

/** Closes the demo's consultation, answers what is open, completes the report and decides. */
async function decide(id) {
  await ok(HR, 'mutation($i: ProposalActionInput!) { closeConsultation(input: $i) { status } }', { i: { id } })
  const { proposal: p } = await ok(HR, 'query($id: ID!) { proposal(id: $id) { questions { id status version } themes { id name } } }', { id })
  for (const q of p.questions.filter((q) => q.status === 'OPEN' || q.status === 'OVERDUE')) {
    await ok(HR, 'mutation($i: AnswerQuestionInput!) { answerQuestion(input: $i) { id } }', {
      i: { id: q.id, answer: 'Answered in the consultation outcome report.', expectedVersion: q.version },
    })
  }
  for (const theme of p.themes) {
    await ok(HR, 'mutation($i: RespondToThemeInput!) { respondToTheme(input: $i) { id } }', {
      i: { themeId: theme.id, managementResponse: `We considered “${theme.name}” and kept the proposal as it was.`, outcome: 'NO_CHANGE' },
    })
  }
  // The timetable's steps that come before the decision.
  const { proposal: plan } = await ok(HR, 'query($id: ID!) { proposal(id: $id) { implementationSteps { id beforeDecision doneAt } } }', { id })
  for (const step of plan.implementationSteps.filter((s) => s.beforeDecision && !s.doneAt)) {
    await ok(HR, 'mutation($id: ID!) { completeImplementationStep(id: $id) { id } }', { id: step.id })
  }
  await ok(HR, 'mutation($i: SaveOutcomeReportInput!) { saveOutcomeReport(input: $i) { complete } }', {
    i: { proposalId: id, summary: 'The restructure goes ahead as proposed.', complete: true },
  })
  await closeOpenChallenges(server, id)
  const { recordDecision } = await ok(HR, 'mutation($i: ProposalActionInput!) { recordDecision(input: $i) { status } }', { i: { id } })
  assert.equal(recordDecision.status, 'DECIDED')
}

before(async () => {
  server = await startServer({ extraStaff: [farzana] })
  browser = await launchBrowser()
  proposal = await buryProposal(server)
  const id = proposal.id
  await decide(id)
  const { openCases } = await ok(HR, 'mutation($id: ID!) { openCases(proposalId: $id) { opened } }', { id })
  assert.ok(openCases.opened >= 2, JSON.stringify(openCases))

  const { proposal: p } = await ok(HR, 'query($id: ID!) { proposal(id: $id) { ringFences { id name } posts(first: 100) { nodes { id title } } employees(first: 100) { nodes { id name case { version } } } } }', { id })
  pool.id = p.ringFences.find((f) => f.name === POOL).id
  const people = Object.fromEntries(p.employees.nodes.map((e) => [e.name, e]))
  for (const name of ['Alex Moore', 'Farzana Hussain']) {
    pool.people[name] = people[name].id
    await ok(HR, 'mutation($i: PlaceInSelectionPoolInput!) { placeInSelectionPool(input: $i) { state } }', {
      i: { employeeId: people[name].id, expectedVersion: people[name].case.version, ringFenceId: pool.id },
    })
  }
  // Jo Brierley is slotted in to a caseworker post of the new structure.
  const caseworker = p.posts.nodes.find((post) => post.title === 'SEN Caseworker')
  await ok(HR, 'mutation($i: SlotInInput!) { slotIn(input: $i) { state } }', {
    i: { employeeId: people['Jo Brierley'].id, expectedVersion: people['Jo Brierley'].case.version, postId: caseworker.id, matchPercent: 85 },
  })
  // Alex's individual meeting, its invitation and the at-risk letter.
  const alex = pool.people['Alex Moore']
  const { case: alexCase } = await ok(HR, 'query($e: ID!) { case(employeeId: $e) { version } }', { e: alex })
  await ok(HR, 'mutation($i: ScheduleIndividualMeetingInput!) { scheduleIndividualMeeting(input: $i) { id } }', {
    i: { employeeId: alex, expectedVersion: alexCase.version, startsAt: `${day(3)}T10:00:00Z`, location: 'Town Hall, Knowsley Street; Room 2, Bury' },
  })
  for (const kind of ['AT_RISK', 'INVITATION_TO_MEETING']) {
    await ok(HR, 'mutation($i: IssueLetterInput!) { issueLetter(input: $i) { id } }', {
      i: {
        employeeId: alex,
        kind,
        ...(kind === 'INVITATION_TO_MEETING' ? { meetingDate: day(3), meetingTime: '10:00', meetingPlace: 'Town Hall, Room 2' } : {}),
      },
    })
  }

  // The selection: two weighted criteria on a 0–4 scale with descriptors; HR and the manager assess.
  const { selection } = await ok(HR, 'query($id: ID!) { selection(ringFenceId: $id) { version } }', { id: pool.id })
  const { setSelectionCriteria } = await ok(HR, 'mutation($i: SetSelectionCriteriaInput!) { setSelectionCriteria(input: $i) { criteria { id name } } }', {
    i: {
      ringFenceId: pool.id,
      expectedVersion: selection.version,
      criteria: [
        { name: 'Quality of casework', description: 'EHC plans and reviews: accuracy and timeliness, from the last 12 months’ files.', weight: 60 },
        { name: 'Working with families', description: 'Evidence from the interview and the 360 feedback.', weight: 40 },
      ],
      scale: {
        max: 4,
        descriptors: [
          { score: 0, text: 'No evidence' },
          { score: 1, text: 'Limited evidence' },
          { score: 2, text: 'Meets some of the requirement' },
          { score: 3, text: 'Meets the requirement' },
          { score: 4, text: 'Exceeds the requirement' },
        ],
      },
    },
  })
  pool.criteria = Object.fromEntries(setSelectionCriteria.criteria.map((c) => [c.name, c.id]))
  const hrId = (await ok(HR, '{ me { id } }')).me.id
  const managerId = (await ok(MANAGER, '{ me { id } }')).me.id
  await ok(HR, 'mutation($i: SetPoolAssessorsInput!) { setPoolAssessors(input: $i) { assessors { userId } } }', {
    i: { ringFenceId: pool.id, assessorIds: [hrId, managerId] },
  })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** The scores both assessors give (they agree, so no moderation is needed). */
const SCORES = {
  'Alex Moore': { 'Quality of casework': 4, 'Working with families': 3 },
  'Farzana Hussain': { 'Quality of casework': 3, 'Working with families': 2 },
}

test('a candidate follows their case, an assessor scores the pool, and the candidate sees their published scores', async () => {
  // ---- The candidate: My consultations links to their situation.
  const staff = await newPage(browser, { width: 400, height: 800 })
  await signIn(staff, server, server.accounts[ALEX])
  await staff.getByRole('heading', { name: 'My consultations' }).waitFor()
  await staff.getByRole('link', { name: `Your situation in ${proposal.title}` }).click()
  await atPath(staff, `/proposals/${proposal.id}/my-situation`)
  await staff.getByRole('heading', { name: 'Your situation', level: 1 }).waitFor()
  await staff.getByText('In a selection pool', { exact: true }).waitFor()
  await staff.getByText(`You are in a selection pool, the ${POOL}: 2 people for 1 post.`).waitFor()
  await staff.getByText('Your scores are not ready yet.', { exact: false }).waitFor()
  // The meeting: when, where, and the right to bring someone.
  await staff.getByText('Town Hall, Knowsley Street; Room 2, Bury').first().waitFor()
  await staff.getByText('You can bring a trade union representative or a work colleague with you.', { exact: false }).waitFor()
  const main = await staff.locator('main').innerText()
  assert.ok(!main.includes('Farzana'), 'nobody else in the pool is named')
  await checkPage(staff, 'situation-in-pool')

  // A letter opens as its printable page.
  await staff.getByRole('link', { name: 'Your post is at risk of redundancy', exact: true }).click()
  await staff.waitForURL(/\/letters\//)
  await staff.getByRole('heading', { name: 'Your post is at risk of redundancy', level: 1 }).waitFor()
  assert.match(await staff.locator('body').innerText(), /Alex Moore/)
  await checkPage(staff, 'situation-letter')
  await staff.goBack()
  await staff.getByRole('heading', { name: 'Your situation', level: 1 }).waitFor()
  // The proposal links to it too, from what it means for them.
  await staff.getByRole('link', { name: 'Back to the proposal' }).click()
  await atPath(staff, `/proposals/${proposal.id}`)
  await staff.getByRole('link', { name: 'your situation page' }).click()
  await atPath(staff, `/proposals/${proposal.id}/my-situation`)
  await staff.getByRole('heading', { name: 'Your situation', level: 1 }).waitFor()

  // ---- The assessor: My tasks lists the pool with the scores remaining.
  const manager = await newPage(browser)
  await signIn(manager, server, server.accounts[MANAGER])
  await manager.goto(`${server.url}/tasks`)
  await manager.getByRole('heading', { name: 'Selection scoring', level: 2 }).waitFor()
  const card = manager.locator('.govuk-summary-card').filter({ has: manager.getByRole('heading', { name: POOL }) })
  await card.getByText('4 scores to give').waitFor()
  await checkPage(manager, 'scoring-my-tasks')
  await card.getByRole('link', { name: `Score in the ${POOL}` }).click()
  await atPath(manager, `/tasks/scoring/${pool.id}`)
  await manager.getByRole('heading', { name: `Scoring: ${POOL}`, level: 1 }).waitFor()
  await manager.getByText('Exceeds the requirement').first().waitFor()
  await checkPage(manager, 'scoring-pool')

  await manager.getByRole('link', { name: 'Score Alex Moore' }).click()
  await manager.getByRole('heading', { name: 'Score Alex Moore', level: 1 }).waitFor()
  // Saving without a score: the error summary links to the criterion's choices.
  await manager.getByRole('button', { name: 'Save score for Quality of casework' }).click()
  await manager.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await manager.getByRole('link', { name: 'Select a score for Quality of casework' }).waitFor()
  await checkPage(manager, 'scoring-candidate-error')

  /** Scores one criterion on the page, by keyboard-reachable radios. */
  const score = async (criterion, value) => {
    const form = manager.locator('form').filter({ has: manager.getByRole('heading', { name: criterion }) })
    await form.getByRole('radio', { name: String(value), exact: true }).check()
    await form.getByLabel('Evidence for this score (optional)').fill(`Seen in the files and at interview (${criterion}).`)
    await form.getByRole('button', { name: `Save score for ${criterion}` }).click()
    await manager.getByText(`Your score for ${criterion} has been saved.`).waitFor()
    await form.getByText(`Your score:`).waitFor()
  }
  for (const [criterion, value] of Object.entries(SCORES['Alex Moore'])) await score(criterion, value)
  assert.equal(await manager.getByRole('heading', { name: 'There is a problem' }).count(), 0, 'the error summary goes once the score is saved')
  await checkPage(manager, 'scoring-candidate-saved')

  await manager.getByRole('link', { name: 'Next candidate: Farzana Hussain' }).click()
  await manager.getByRole('heading', { name: 'Score Farzana Hussain', level: 1 }).waitFor()
  // A first score, then changed: the change is sent with the score's version.
  await score('Quality of casework', 2)
  await score('Quality of casework', SCORES['Farzana Hussain']['Quality of casework'])
  await score('Working with families', SCORES['Farzana Hussain']['Working with families'])

  // HR, the other assessor, gives the same scores; the outcome can be published.
  const cell = async (name, criterion) => {
    await ok(HR, 'mutation($i: RecordSelectionScoreInput!) { recordSelectionScore(input: $i) { ringFenceId } }', {
      i: { ringFenceId: pool.id, employeeId: pool.people[name], criterionId: pool.criteria[criterion], score: SCORES[name][criterion] },
    })
  }
  for (const name of Object.keys(SCORES)) for (const criterion of Object.keys(SCORES[name])) await cell(name, criterion)
  const { selection } = await ok(MANAGER, 'query($id: ID!) { selection(ringFenceId: $id) { scoresOutstanding moderationOutstanding candidates { name weightedTotal rank } } }', { id: pool.id })
  assert.equal(selection.scoresOutstanding, 0)
  assert.equal(selection.moderationOutstanding, 0)
  assert.deepEqual(selection.candidates.map((c) => [c.name, c.weightedTotal, c.rank]).sort(), [['Alex Moore', 360, 1], ['Farzana Hussain', 260, 2]])
  const { publishSelectionOutcome } = await ok(HR, 'mutation($i: PublishSelectionOutcomeInput!) { publishSelectionOutcome(input: $i) { publishedAt } }', { i: { ringFenceId: pool.id } })
  assert.ok(publishSelectionOutcome.publishedAt)

  // The assessor, on the page they still have open, cannot change a score after publication:
  // the server's refusal is in the error summary.
  const form = manager.locator('form').filter({ has: manager.getByRole('heading', { name: 'Working with families' }) })
  await form.getByRole('radio', { name: '4', exact: true }).check()
  await form.getByRole('button', { name: 'Save score for Working with families' }).click()
  await manager.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await manager.locator('.govuk-error-summary').getByText(/Working with families: The outcome of this selection is published/).waitFor()
  // The page reloads to show why, and offers no more forms.
  await manager.getByText(/HR published the outcome on /).waitFor()
  assert.equal(await manager.getByRole('button', { name: /^Save score/ }).count(), 0)
  // The summary's link goes to the criterion it concerns.
  await manager.locator('.govuk-error-summary').getByRole('link').click()
  assert.equal(await manager.evaluate(() => document.activeElement?.textContent?.startsWith('Working with families')), true)
  await checkPage(manager, 'scoring-refused-after-publication')
  // Back at My tasks the pool is done.
  await manager.goto(`${server.url}/tasks`)
  await card.getByText('Outcome published').waitFor()

  // ---- The candidate sees their own scores and rank, and nobody else's.
  await staff.reload()
  await staff.getByRole('heading', { name: 'Your selection scores', level: 2 }).waitFor()
  await staff.getByText('You were selected for the post.', { exact: false }).waitFor()
  await staff.getByText('You were ranked 1 of 2', { exact: false }).waitFor()
  const table = staff.locator('main table')
  const rows = await table.locator('tbody tr').allInnerTexts()
  assert.equal(rows.length, 3, rows.join(' | '))
  assert.match(rows[0], /Quality of casework[\s\S]*60%\s+4/)
  assert.match(rows[1], /Working with families[\s\S]*40%\s+3/)
  assert.match(rows[2], /Weighted total\s+360 of 400/)
  assert.ok(!(await staff.locator('main').innerText()).includes('Farzana'), 'the other candidate is never shown')
  await checkPage(staff, 'situation-scores-published')
})

test('a member of staff slotted in reads that their post is settled', async () => {
  const page = await newPage(browser, { width: 320, height: 800 })
  await signIn(page, server, server.accounts['caseworker@bury.example'])
  await page.goto(`${server.url}/proposals/${proposal.id}/my-situation`)
  await page.getByRole('heading', { name: 'Your situation', level: 1 }).waitFor()
  await page.getByText('Slotted in to a new post', { exact: true }).waitFor()
  await page.getByText('You have been slotted in to the post of SEN Caseworker in the new structure.', { exact: false }).waitFor()
  await page.getByText('No individual meeting has been arranged yet.', { exact: false }).waitFor()
  await page.getByText('HR has not sent you any letters about your situation yet.').waitFor()
  assert.equal(await page.getByRole('heading', { name: 'Your selection scores' }).count(), 0)
  await checkPage(page, 'situation-slotted-in')
})
