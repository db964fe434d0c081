// HR works the feedback of the demo consultation: reads the responses (with names), groups
// them under themes, assigns, answers and publishes questions, extends the deadline, and
// writes the outcome report, completing it once the consultation has closed.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, fillDate, launchBrowser, newPage, signIn, startServer } from './support.mjs'

const HR = 'hr@bury.example'
const NEW_THEME = 'Training before go-live'
let server
let browser
let proposal

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  proposal = await buryProposal(server)
  // The demo's joint UNISON and GMB response awaits GMB's signature: GMB signs, so HR has a
  // submitted collective response to read, and its points are in the question log.
  const { proposal: mine } = await api('gmb.rep@bury.example', 'query($id: ID!) { proposal(id: $id) { unionResponses { id version } } }', { id: proposal.id })
  const [joint] = mine.unionResponses
  await api('gmb.rep@bury.example', 'mutation($i: SignUnionResponseInput!) { signUnionResponse(input: $i) { submitted } }', {
    i: { responseId: joint.id, expectedVersion: joint.version },
  })
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

/** The summary card whose heading is `title`. */
function card(page, title) {
  return page.locator('.govuk-summary-card').filter({ has: page.getByRole('heading', { name: title, exact: true }) })
}

/** The card of the question log holding `text`. */
function questionCard(page, text) {
  return page.locator('.govuk-summary-card').filter({ hasText: text })
}

function addDays(date, days) {
  const day = new Date(`${date}T12:00:00Z`)
  day.setUTCDate(day.getUTCDate() + days)
  return day.toISOString().slice(0, 10)
}

test('HR reads the responses, tags themes, works the question log, extends the deadline and completes the outcome report', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  const base = `${server.url}/proposals/${proposal.id}`

  // The inbox: the demo's staff responses with their authors' names, and UNISON's response.
  await page.goto(`${base}/responses`)
  await page.getByRole('heading', { name: 'Responses and themes', level: 1 }).waitFor()
  const jo = card(page, 'Jo Brierley (SEN Caseworker)')
  await jo.getByText('Confidential: do not share the name').waitFor()
  await jo.getByText('Specific questions you want answered within the consultation').waitFor()
  await card(page, 'Alex Moore (Senior SEN Practitioner)').getByText('Not confidential').waitFor()
  const unison = card(page, 'UNISON’s collective response')
  await unison.getByText('Which training in writing outcomes will caseworkers receive').waitFor()
  await unison.getByRole('link', { name: "Members' annotations on the SEN Caseworker JD.txt" }).waitFor()
  assert.match(await page.getByRole('link', { name: 'Download every response (CSV)' }).getAttribute('href'), /responses\.csv$/)
  await page.getByRole('link', { name: 'What staff have said, in numbers' }).waitFor()
  await checkPage(page, 'hr-responses')

  // A new theme, then Alex Moore's response tagged with it.
  await page.getByLabel('Add a theme').fill(NEW_THEME)
  await page.getByRole('button', { name: 'Add theme' }).click()
  await page.getByText(`Theme “${NEW_THEME}” added`).waitFor()
  const alex = card(page, 'Alex Moore (Senior SEN Practitioner)')
  await alex.getByText('Change themes').click()
  await alex.getByLabel(NEW_THEME).check()
  await alex.getByRole('button', { name: 'Save themes' }).click()
  await alex.getByRole('status').getByText('saved').waitFor()
  await alex.locator('.govuk-tag', { hasText: NEW_THEME }).waitFor()
  const tagged = await api(HR, 'query($id: ID!) { proposal(id: $id) { feedbackResponses { nodes { author { name } themes { name } } } } }', {
    id: proposal.id,
  })
  const alexThemes = tagged.proposal.feedbackResponses.nodes.find((r) => r.author.name.startsWith('Alex Moore')).themes
  assert.deepEqual(alexThemes.map((t) => t.name), [NEW_THEME])

  // The question log: assign a staff question to the sponsor.
  await page.goto(`${base}/question-log`)
  await page.getByRole('heading', { name: 'Question log', level: 1 }).waitFor()
  const caseload = 'What is the maximum caseload a caseworker will carry'
  await questionCard(page, caseload).getByText('Confidential: do not share the name').waitFor()
  await checkPage(page, 'hr-question-log')
  // The number the server gives the question names it on its card and on the page that
  // fetches it alone.
  const cardTitle = await questionCard(page, caseload).locator('.govuk-summary-card__title').textContent()
  const caseloadNumber = /^Question (\d+)$/.exec(cardTitle ?? '')?.[1]
  assert.ok(caseloadNumber, cardTitle)
  await questionCard(page, caseload).getByRole('link', { name: /^Assign/ }).click()
  // The heading's name starts with the caption (the proposal); the number is digits only.
  await page.getByRole('heading', { name: new RegExp(`Assign question ${caseloadNumber}$`), level: 1 }).waitFor()
  await checkPage(page, 'hr-question-assign')
  await page.getByLabel(/Sam Patel/).check()
  await page.getByRole('button', { name: 'Assign question' }).click()
  await page.getByText(/assigned to Sam Patel/).waitFor()
  await questionCard(page, caseload).getByText('Sam Patel (Strategic Lead, SEND)').waitFor()

  // Answer another, saying it covers mitigation, and publish it to the FAQ.
  const training = 'Which training in writing outcomes will caseworkers receive'
  await questionCard(page, training).getByRole('link', { name: /^Answer/ }).click()
  await page.getByRole('heading', { name: /Answer question \d+$/, level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Save answer' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await checkPage(page, 'hr-question-answer-errors')
  const answer = 'Caseworkers will have two days of training in writing outcomes in February, before go-live in April.'
  await page.getByLabel('Answer', { exact: true }).fill(answer)
  await page.getByLabel('Ways of mitigating the consequences').check()
  await page.getByRole('button', { name: 'Save answer' }).click()
  await page.getByText(/^Question \d+ answered$/).waitFor()
  await page.getByRole('link', { name: /^Answered \(/ }).waitFor()
  await questionCard(page, training).getByRole('button', { name: /^Publish to the FAQ/ }).click()
  await page.getByText(/^Question \d+ is published$/).waitFor()
  await questionCard(page, training).getByText('Published').waitFor()
  // Tabs filter: the overdue one is under Overdue, the answered one is not.
  await page.getByRole('link', { name: /^Overdue \(/ }).click()
  await page.getByRole('heading', { name: /^Overdue questions \(\d+\)/ }).waitFor()
  assert.equal(await questionCard(page, training).count(), 0)

  const questions = await api(HR, 'query($id: ID!) { proposal(id: $id) { questions { text owner { email } covers published } } }', {
    id: proposal.id,
  })
  assert.equal(questions.proposal.questions.find((q) => q.text.startsWith(caseload)).owner.email, 'strategic.lead@bury.example')
  const answered = questions.proposal.questions.find((q) => q.text.startsWith(training))
  assert.deepEqual(answered.covers, ['MITIGATING'])
  assert.equal(answered.published, true)
  // A member of staff reads it in the FAQ.
  const faq = await api('senior.practitioner@bury.example', 'query($id: ID!) { proposal(id: $id) { faq { question answer } } }', {
    id: proposal.id,
  })
  assert.ok(faq.proposal.faq.some((entry) => entry.question.startsWith(training) && entry.answer === answer), JSON.stringify(faq))

  // Extend the consultation by a week, with a reason.
  const before = await api(HR, 'query($id: ID!) { proposal(id: $id) { timetable { consultationEnd } } }', { id: proposal.id })
  const newEnd = addDays(before.proposal.timetable.consultationEnd, 7)
  await page.goto(`${base}/responses#closing-date`)
  await page.getByRole('heading', { name: 'Responses and themes', level: 1 }).waitFor()
  await fillDate(page, 'New last day', newEnd)
  await page.getByLabel('Why you are extending it').fill('The second consultation meeting moved to the week before Christmas.')
  await page.getByRole('button', { name: 'Extend the consultation' }).click()
  await page.getByText('Consultation extended').waitFor()
  const extended = await api(HR, 'query($id: ID!) { proposal(id: $id) { timetable { consultationEnd } } }', { id: proposal.id })
  assert.equal(extended.proposal.timetable.consultationEnd, newEnd)

  // The outcome report: a response to a theme, then completing is refused while consulting.
  await page.goto(`${base}/outcome`)
  await page.getByRole('heading', { name: 'Outcome report', level: 1 }).waitFor()
  await checkPage(page, 'hr-outcome')
  await respondToTheme(page, 'Caseloads', 'An indicative maximum caseload of 120 will be agreed with the unions and reviewed after six months.')
  await page.getByRole('button', { name: 'Mark as complete' }).click()
  const summary = page.locator('.govuk-error-summary')
  await summary.getByText('The outcome report is not ready to complete.').waitFor()
  await summary.getByText('Close the consultation.').waitFor()
  await summary.getByText('Write the response to the theme "Grading of the caseworker post".').waitFor()
  await checkPage(page, 'hr-outcome-refused')

  // Close the consultation (moving its last day to yesterday first if the gate asks for it).
  let closed = await server.api(HR, 'mutation($id: ID!) { closeConsultation(input: { id: $id }) { status } }', { id: proposal.id })
  if (closed.errors) {
    const yesterday = addDays(new Date().toISOString().slice(0, 10), -1)
    const timetable = await api(HR, 'query($id: ID!) { proposal(id: $id) { timetable { consultationType consultationStart } } }', {
      id: proposal.id,
    })
    await api(HR, 'mutation($input: SetTimetableInput!) { setTimetable(input: $input) { version } }', {
      input: {
        proposalId: proposal.id,
        consultationType: timetable.proposal.timetable.consultationType,
        consultationStart: timetable.proposal.timetable.consultationStart,
        consultationEnd: yesterday,
      },
    })
    closed = await server.api(HR, 'mutation($id: ID!) { closeConsultation(input: { id: $id }) { status } }', { id: proposal.id })
  }
  assert.equal(closed.errors, undefined, JSON.stringify(closed.errors))
  assert.equal(closed.data.closeConsultation.status, 'CONSULTATION_CLOSED')

  // Every theme answered, one with a change to the proposal; then the report is complete.
  await page.goto(`${base}/outcome`)
  await page.getByRole('heading', { name: 'Outcome report', level: 1 }).waitFor()
  await respondToTheme(page, 'Grading of the caseworker post', 'The caseworker job description will be job evaluated before the ring fence.', {
    change: 'Job evaluation of the caseworker post added to the timetable, before the ring fence.',
  })
  await respondToTheme(page, NEW_THEME, 'Training dates and budget are now in the implementation plan.')
  await page.getByLabel('Introduction to the report').fill('The consultation ran from November to December, with two meetings.')
  await page.getByRole('button', { name: 'Save introduction' }).click()
  await page.getByText('Introduction saved').waitFor()
  await page.getByText('the report is ready to complete').waitFor()
  await page.getByRole('button', { name: 'Mark as complete' }).click()
  await page.getByText('The outcome report is complete').waitFor()
  await page.getByText('It can no longer change.').waitFor()
  const report = await api(HR, 'query($id: ID!) { proposal(id: $id) { outcomeReport { complete summary themes { outcome } } } }', {
    id: proposal.id,
  })
  assert.equal(report.proposal.outcomeReport.complete, true)
  assert.deepEqual(report.proposal.outcomeReport.themes.map((t) => t.outcome).sort(), ['CHANGED', 'NO_CHANGE', 'NO_CHANGE'])

  // The printable page, rendered by the server.
  await page.getByRole('link', { name: 'Open the printable report' }).click()
  await page.waitForURL(/outcome-report\.html$/)
  const printable = await page.locator('body').innerText()
  for (const text of ['Caseloads', 'An indicative maximum caseload of 120', NEW_THEME]) {
    assert.ok(printable.includes(text), `the printable report shows “${text}”`)
  }
  assert.deepEqual(page.problems, [])
})

/** Writes management's response to a theme on the outcome page, and comes back to it. */
async function respondToTheme(page, theme, response, { change } = {}) {
  await card(page, theme).getByRole('link', { name: /^(Write|Change) response/ }).click()
  await page.getByRole('heading', { name: `Respond to “${theme}”`, level: 1, exact: false }).waitFor()
  if (theme === 'Caseloads') await checkPage(page, 'hr-outcome-theme')
  await page.getByLabel('What management did').fill(response)
  if (change) {
    await page.getByLabel('Yes, the proposal changed').check()
    await page.getByLabel('How the proposal changed').fill(change)
  } else {
    await page.getByLabel('No, it stays as it was').check()
  }
  await page.getByRole('button', { name: 'Save response' }).click()
  await page.getByText(`Response to “${theme}” saved`).waitFor()
  await atPath(page, `/proposals/${proposal.id}/outcome`)
}
