// An employee at risk walks to an accepted offer and a trial period (issue 16; ERA 1996 s138):
// HR offers them a post of the new structure from their case page (the server's refusal of a
// past answer-by day shown against that field), the employee reads the offer on "Your
// situation", is stopped from declining without a reason, and accepts; HR starts the trial
// period; the employee sees it and the day it ends; HR confirms them in the post. The decided
// proposal is prepared through the API; everything after it is done in the browser. axe on
// every page state, the employee's at 320 px wide throughout. A second walk covers the other
// steps: a vacancy declined with a reason, HR's s141 judgement, and a trial period extended for
// retraining and then ended by the employee.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, fillDate, launchBrowser, newPage, signIn, startServer, closeOpenChallenges } from './support.mjs'

const HR = 'hr@bury.example'
// Alex Moore, a Senior SEN Practitioner at risk, has an account in the demo.
const EMPLOYEE = 'senior.practitioner@bury.example'
// Jo Brierley, an SEN Caseworker at risk, declines an offer and later ends a trial period.
const JO = 'caseworker@bury.example'
const POST = 'SEN Caseworker'

let server
let browser
let proposal
let employeeId
let joId
let postId

/** The API's answer as `email`; any error fails the test. */
async function as(email, query, variables = {}) {
  const result = await server.api(email, query, variables)
  assert.equal(result.errors, undefined, `${query.slice(0, 60)}: ${JSON.stringify(result.errors)}`)
  return result.data
}

const asHr = (query, variables) => as(HR, query, variables)

/** A day counted from today in London (the server's today), as "YYYY-MM-DD". */
function londonDay(offset = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
  const at = new Date(`${today}T12:00:00Z`)
  at.setUTCDate(at.getUTCDate() + offset)
  return at.toISOString().slice(0, 10)
}

/** "Monday 4 May 2026" (a comma after the weekday or not, as the browser's locale data has it). */
function longDay(iso) {
  const at = new Date(`${iso}T12:00:00Z`)
  const part = (options) => new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(at)
  return new RegExp(`${part({ weekday: 'long' })},? ${part({ day: 'numeric', month: 'long', year: 'numeric' })}`)
}

/** The value of a summary list's row, by its key, within `scope`. */
async function rowValue(scope, key) {
  const exactly = new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`)
  const row = scope.locator('.govuk-summary-list__row').filter({ has: scope.page().locator('dt', { hasText: exactly }) })
  return row.locator('dd').first().innerText()
}

/**
 * Takes the demo's SEN proposal from consultation to a decision as HR would: consultation
 * closed, every open question answered, a response to every theme, the steps due before the
 * decision done, the outcome report complete, then the decision.
 */
async function decideThroughTheApi(id) {
  await asHr('mutation($i: ProposalActionInput!) { closeConsultation(input: $i) { status } }', { i: { id } })
  const { proposal: open } = await asHr(
    'query($id: ID!) { proposal(id: $id) { questions { id status version } themes { id name } implementationSteps { id beforeDecision doneAt } } }',
    { id },
  )
  for (const question of open.questions.filter((q) => ['OPEN', 'OVERDUE'].includes(q.status))) {
    await asHr('mutation($i: AnswerQuestionInput!) { answerQuestion(input: $i) { id } }', {
      i: { id: question.id, expectedVersion: question.version, answer: 'Covered in the outcome report.' },
    })
  }
  for (const theme of open.themes) {
    await asHr('mutation($i: RespondToThemeInput!) { respondToTheme(input: $i) { id } }', {
      i: { themeId: theme.id, outcome: 'NO_CHANGE', managementResponse: `On ${theme.name}: considered, and the proposal stands.` },
    })
  }
  for (const step of open.implementationSteps.filter((s) => s.beforeDecision && !s.doneAt)) {
    await asHr('mutation($id: ID!) { completeImplementationStep(id: $id) { id } }', { id: step.id })
  }
  await asHr('mutation($i: SaveOutcomeReportInput!) { saveOutcomeReport(input: $i) { complete } }', {
    i: { proposalId: id, summary: 'The restructure goes ahead.', complete: true },
  })
  await closeOpenChallenges(server, id)
  const { recordDecision } = await asHr('mutation($i: ProposalActionInput!) { recordDecision(input: $i) { status } }', { i: { id } })
  assert.equal(recordDecision.status, 'DECIDED')
}

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  proposal = await buryProposal(server)
  await decideThroughTheApi(proposal.id)
  await asHr('mutation($id: ID!) { openCases(proposalId: $id) { opened } }', { id: proposal.id })
  const { proposal: decided } = await asHr(
    'query($id: ID!) { proposal(id: $id) { posts(first: 100) { nodes { id title proposed { grade } } } employees(first: 100) { nodes { id name case { state } } } } }',
    { id: proposal.id },
  )
  const alex = decided.employees.nodes.find((e) => e.name === 'Alex Moore')
  assert.equal(alex?.case?.state, 'AT_RISK', 'Alex Moore is at risk once the cases are open')
  employeeId = alex.id
  joId = decided.employees.nodes.find((e) => e.name === 'Jo Brierley').id
  postId = decided.posts.nodes.find((p) => p.title === POST && p.proposed).id
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('HR offers a post, the employee accepts it, and the trial period runs to confirmation', async () => {
  const casePath = `/proposals/${proposal.id}/cases/${employeeId}`
  const situationPath = `/proposals/${proposal.id}/my-situation`

  // ---- HR: the case page has no offer yet.
  const hr = await newPage(browser)
  await signIn(hr, server, server.accounts[HR])
  await hr.goto(`${server.url}${casePath}`)
  await hr.getByRole('heading', { name: 'Alex Moore', level: 1 }).waitFor()
  const offers = hr.locator('section').filter({ has: hr.getByRole('heading', { name: 'Offers and trial period', level: 2 }) })
  await offers.getByText('No offer has been made.').waitFor()
  await checkPage(hr, 'offer-case-at-risk')

  await offers.getByRole('link', { name: 'Offer them a post' }).click()
  await hr.getByRole('heading', { name: 'Offer them a post', level: 1 }).waitFor()
  await checkPage(hr, 'offer-make')
  await hr.getByRole('radio', { name: 'A post in the new structure' }).check()
  await hr.getByLabel('Which post?').selectOption(postId)
  // A day already past: the server refuses it, and says so against the field.
  await fillDate(hr, 'Answer by', londonDay(-1))
  await hr.getByRole('button', { name: 'Make the offer' }).click()
  const summary = hr.locator('.govuk-error-summary')
  await summary.getByRole('link', { name: /The day to answer by has passed/ }).waitFor()
  await hr.locator('#answerBy-error').getByText(/The day to answer by has passed/).waitFor()
  await checkPage(hr, 'offer-make-refused')
  const answerBy = londonDay(7)
  await fillDate(hr, 'Answer by', answerBy)
  await hr.getByRole('button', { name: 'Make the offer' }).click()
  await atPath(hr, casePath)
  await hr.getByText('The offer has been made and they have been emailed to answer it.').waitFor()
  const card = offers.locator('.govuk-summary-card').filter({ has: hr.getByRole('heading', { name: `Offer 1: ${POST}` }) })
  await card.getByText('Waiting for their answer').waitFor()
  assert.match(await rowValue(card, 'Answer by'), longDay(answerBy))
  await hr.getByText('Offered a post', { exact: true }).first().waitFor()
  await checkPage(hr, 'offer-case-offered')

  // ---- The employee: the offer in plain words, on a narrow screen.
  const staff = await newPage(browser, { width: 320, height: 800 })
  await signIn(staff, server, server.accounts[EMPLOYEE])
  await staff.goto(`${server.url}${situationPath}`)
  await staff.getByRole('heading', { name: 'Your situation', level: 1 }).waitFor()
  const yourOffer = staff.locator('section').filter({ has: staff.getByRole('heading', { name: 'Your offer', level: 2 }) })
  await yourOffer.getByText(POST, { exact: true }).waitFor()
  assert.match(await rowValue(yourOffer, 'Answer by'), longDay(answerBy))
  await yourOffer.getByText(/you have a trial period of 4 weeks/).waitFor()
  await yourOffer.getByText(/so you keep your right to redundancy pay/).waitFor()
  await checkPage(staff, 'offer-situation-offered')

  // Declining needs a reason: the error summary says so and leads to the box.
  await staff.getByRole('radio', { name: 'No, I decline it' }).check()
  await staff.getByRole('button', { name: 'Send your answer' }).click()
  const staffSummary = staff.locator('.govuk-error-summary')
  await staffSummary.getByRole('link', { name: 'Enter why you are declining the post' }).click()
  assert.equal(await staff.evaluate(() => document.activeElement?.id), 'offer-reason')
  await checkPage(staff, 'offer-situation-decline-without-reason')

  // They change their mind and accept.
  await staff.getByRole('radio', { name: 'Yes, I accept the post' }).check()
  await staff.getByRole('button', { name: 'Send your answer' }).click()
  await staff.getByText('You have accepted the offer. HR has been told.').waitFor()
  await staff.getByText('Offer accepted', { exact: true }).waitFor()
  await yourOffer.getByText(/You accepted this post on /).waitFor()
  assert.equal(await staff.getByRole('button', { name: 'Send your answer' }).count(), 0, 'the answer is given once')
  assert.equal(await staff.locator('.govuk-error-summary').count(), 0, 'the error summary goes once answered')
  await checkPage(staff, 'offer-situation-accepted')

  // ---- HR starts the trial period on the first day in the new post.
  await hr.reload()
  await card.getByText('Accepted', { exact: true }).waitFor()
  await card.getByRole('link', { name: 'Start the trial period (offer 1)' }).click()
  await hr.getByRole('heading', { name: 'Start the trial period', level: 1 }).waitFor()
  await checkPage(hr, 'offer-trial-start')
  const starts = londonDay(0)
  const ends = londonDay(27)
  await fillDate(hr, 'Their first day in the new post', starts)
  await hr.getByRole('button', { name: 'Start the trial period' }).click()
  await atPath(hr, casePath)
  await hr.getByText('The trial period has started.').waitFor()
  await card.getByText('In its trial period').waitFor()
  await card.getByText(/Four weeks beginning with the first day in the new post/).waitFor()
  await checkPage(hr, 'offer-case-in-trial')

  // ---- The employee sees the trial period and the day it ends.
  await staff.reload()
  await staff.getByText('In a trial period', { exact: true }).first().waitFor()
  assert.match(await rowValue(yourOffer, 'Your trial period began'), longDay(starts))
  assert.match(await rowValue(yourOffer, 'It ends'), longDay(ends))
  await yourOffer.getByRole('heading', { name: 'What happens then' }).waitFor()
  await checkPage(staff, 'offer-situation-in-trial')

  // ---- HR confirms them in the post: the case is confirmed.
  await card.getByRole('link', { name: 'Confirm them in the post (offer 1)' }).click()
  await hr.getByRole('heading', { name: 'Confirm them in the new post', level: 1 }).waitFor()
  await checkPage(hr, 'offer-trial-confirm')
  await hr.getByRole('button', { name: 'Confirm them in the post' }).click()
  await atPath(hr, casePath)
  await hr.getByText('They are confirmed in the new post.').waitFor()
  await hr.getByText('Confirmed in a new post', { exact: true }).waitFor()
  await card.getByText('Confirmed', { exact: true }).waitFor()
  await checkPage(hr, 'offer-case-confirmed')

  const { case: confirmed } = await asHr('query($e: ID!) { case(employeeId: $e) { state offers { status trial { start end } } } }', { e: employeeId })
  assert.equal(confirmed.state, 'CONFIRMED')
  assert.deepEqual(confirmed.offers, [{ status: 'CONFIRMED', trial: { start: starts, end: ends } }])
  await staff.reload()
  await yourOffer.getByText(/you keep this post/).waitFor()
})

test('a vacancy declined with a reason, HR’s s141 judgement, and a trial extended for retraining, then ended', async () => {
  const casePath = `/proposals/${proposal.id}/cases/${joId}`
  const hr = await newPage(browser)
  await signIn(hr, server, server.accounts[HR])
  await hr.goto(`${server.url}${casePath}?view=offer`)
  await hr.getByRole('heading', { name: 'Offer them a post', level: 1 }).waitFor()
  // A vacancy elsewhere in the council, with its pay: mistyped pay is caught before sending.
  await hr.getByRole('radio', { name: 'A vacancy outside the new structure' }).check()
  await hr.getByLabel('Title of the vacancy').fill('Family Support Worker')
  await hr.getByLabel('Grade (optional)').fill('Grade 8')
  await hr.getByLabel('Place of work (optional)').fill('Radcliffe Children’s Centre')
  await hr.getByLabel('Weekly pay, in pounds (optional)').fill('six hundred')
  await fillDate(hr, 'Answer by', londonDay(10))
  await hr.getByRole('button', { name: 'Make the offer' }).click()
  await hr.locator('.govuk-error-summary').getByRole('link', { name: 'Enter the weekly pay in pounds, for example 612.50' }).waitFor()
  await checkPage(hr, 'offer-vacancy-error')
  await hr.getByLabel('Weekly pay, in pounds (optional)').fill('£612.50')
  await hr.getByRole('button', { name: 'Make the offer' }).click()
  await atPath(hr, casePath)
  const offers = hr.locator('section').filter({ has: hr.getByRole('heading', { name: 'Offers and trial period', level: 2 }) })
  const vacancy = offers.locator('.govuk-summary-card').filter({ has: hr.getByRole('heading', { name: 'Offer 1: Family Support Worker' }) })
  assert.equal(await rowValue(vacancy, 'Weekly pay'), '£612.50 a week')
  assert.equal(await rowValue(vacancy, 'Where it comes from'), 'A vacancy outside the new structure')

  // ---- Jo declines it, with her reason.
  const jo = await newPage(browser)
  await signIn(jo, server, server.accounts[JO])
  await jo.goto(`${server.url}/proposals/${proposal.id}/my-situation`)
  const yourOffer = jo.locator('section').filter({ has: jo.getByRole('heading', { name: 'Your offer', level: 2 }) })
  assert.equal(await rowValue(yourOffer, 'Pay'), '£612.50 a week')
  assert.equal(await rowValue(yourOffer, 'Place of work'), 'Radcliffe Children’s Centre')
  const reason = 'I care for my mother in Bury and cannot travel to Radcliffe.'
  await jo.getByRole('radio', { name: 'No, I decline it' }).check()
  await jo.getByLabel('Why are you declining it?').fill(reason)
  await jo.getByRole('button', { name: 'Send your answer' }).click()
  await jo.getByText('You have declined the offer. HR has been told, with your reason.').waitFor()
  await yourOffer.getByText(`Your reason: ${reason}`).waitFor()
  await checkPage(jo, 'offer-situation-declined')

  // ---- HR records the s141 judgement: every answer is needed, and a loss of pay is warned of.
  await hr.reload()
  assert.equal(await rowValue(vacancy, 'Their reason'), reason)
  await vacancy.getByRole('link', { name: 'Record the s141 judgement (offer 1)' }).click()
  await hr.getByRole('heading', { name: 'Judge their refusal (s141)', level: 1 }).waitFor()
  await hr.getByText(/loses their right to a redundancy payment/).waitFor()
  await hr.getByRole('button', { name: 'Record the judgement' }).click()
  const summary = hr.locator('.govuk-error-summary')
  await summary.getByRole('link', { name: 'Choose whether the offer was suitable employment for them' }).waitFor()
  await summary.getByRole('link', { name: 'Enter the reasons for your judgement' }).waitFor()
  await checkPage(hr, 'offer-judgement-errors')
  await hr.getByRole('group', { name: 'Was the offer suitable employment for them?' }).getByRole('radio', { name: 'Yes' }).check()
  await hr.getByRole('group', { name: 'Was their refusal unreasonable?' }).getByRole('radio', { name: 'Yes' }).check()
  await hr.getByText('With this judgement Jo Brierley loses their redundancy payment.').waitFor()
  await hr.getByRole('group', { name: 'Was their refusal unreasonable?' }).getByRole('radio', { name: 'No' }).check()
  assert.equal(await hr.locator('.govuk-warning-text').count(), 0)
  await hr.getByLabel('Your reasons').fill('A suitable post, but her caring duties make the travel a reasonable ground to refuse it.')
  await hr.getByRole('button', { name: 'Record the judgement' }).click()
  await atPath(hr, casePath)
  await hr.getByText('Your judgement on their refusal has been recorded.').waitFor()
  assert.match(await rowValue(vacancy, 's141 judgement'), /Suitable; refusal reasonable\. They keep their redundancy payment\./)
  await checkPage(hr, 'offer-case-judged')

  await jo.reload()
  await yourOffer.getByRole('heading', { name: 'HR’s view of your refusal' }).waitFor()
  await yourOffer.getByText('You keep your right to a redundancy payment.').waitFor()
  await checkPage(jo, 'offer-situation-judged')

  // A second offer, accepted and started through the API; HR extends and then ends its trial.
  const { case: now } = await asHr('query($e: ID!) { case(employeeId: $e) { version } }', { e: joId })
  const { makeOffer } = await asHr('mutation($i: MakeOfferInput!) { makeOffer(input: $i) { id version } }', {
    i: { employeeId: joId, expectedVersion: now.version, postId, answerBy: londonDay(7) },
  })
  const { answerOffer } = await as(JO, 'mutation($i: AnswerOfferInput!) { answerOffer(input: $i) { version } }', {
    i: { offerId: makeOffer.id, expectedVersion: makeOffer.version, accept: true },
  })
  const starts = londonDay(0)
  await asHr('mutation($i: StartTrialPeriodInput!) { startTrialPeriod(input: $i) { status } }', {
    i: { offerId: makeOffer.id, expectedVersion: answerOffer.version, newPostStarts: starts },
  })

  await hr.reload()
  const post = offers.locator('.govuk-summary-card').filter({ has: hr.getByRole('heading', { name: `Offer 2: ${POST}` }) })
  await post.getByRole('link', { name: 'Extend it for retraining (offer 2)' }).click()
  await hr.getByRole('heading', { name: 'Extend the trial period for retraining', level: 1 }).waitFor()
  await fillDate(hr, 'The day the agreement was made', londonDay(-1))
  // No longer than the four weeks: the server refuses it against the field.
  await fillDate(hr, 'The day the trial period ends, as agreed', londonDay(27))
  await hr.getByLabel('The terms and conditions after the trial period').fill('Grade 9, 37 hours a week at Bury Town Hall.')
  await hr.getByRole('button', { name: 'Extend the trial period' }).click()
  await summary.getByRole('link', { name: /A retraining extension must end after the statutory trial period/ }).waitFor()
  await checkPage(hr, 'offer-trial-extend-refused')
  const extended = londonDay(55)
  await fillDate(hr, 'The day the trial period ends, as agreed', extended)
  await hr.getByRole('button', { name: 'Extend the trial period' }).click()
  await atPath(hr, casePath)
  await hr.getByText('The trial period has been extended for retraining.').waitFor()
  assert.match(await rowValue(post, 'Why it ends then'), /Extended for retraining by written agreement/)

  await post.getByRole('link', { name: 'End the trial period (offer 2)' }).click()
  await hr.getByRole('heading', { name: 'End the trial period', level: 1 }).waitFor()
  await hr.getByRole('radio', { name: 'The employee' }).check()
  await hr.getByLabel('Why did it end?').fill('The casework is not what she hoped; she asked to end the trial.')
  await checkPage(hr, 'offer-trial-end')
  await hr.getByRole('button', { name: 'End the trial period' }).click()
  await atPath(hr, casePath)
  await hr.getByText('The trial period has been ended.').waitFor()
  await post.getByText('Trial period ended', { exact: true }).waitFor()
  assert.match(await rowValue(post, 'Ended'), /by the employee/)
  // She ended it herself: HR may judge that too (s141(4)(d)).
  await post.getByRole('link', { name: 'Record the s141 judgement (offer 2)' }).waitFor()
  await checkPage(hr, 'offer-case-trial-ended')

  await jo.reload()
  await yourOffer.getByText(/Your trial period in this post ended on .*, at your request\./).waitFor()
  await yourOffer.getByRole('heading', { name: 'Earlier offers' }).waitFor()
  await checkPage(jo, 'offer-situation-trial-ended')
  const { case: ended } = await asHr('query($e: ID!) { case(employeeId: $e) { state offers { status trial { end extendedTo } } } }', { e: joId })
  assert.equal(ended.state, 'TRIAL_ENDED')
  assert.deepEqual(ended.offers.map((o) => o.status), ['DECLINED', 'TRIAL_ENDED'])
  assert.equal(ended.offers[1].trial.extendedTo, extended)
})
