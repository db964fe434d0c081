// The end of a case (issue 16): where collective consultation applies, HR gives an employee
// notice of dismissal on their case page, first on a day the server refuses (consultation had
// not ended), then on a day it accepts; the employee reads their notice, last day and
// redundancy pay line by line on "Your situation" and lodges an appeal (empty grounds first);
// HR sets the hearing, which is emailed with a calendar invite, and the employee sees it; HR's
// outcome form asks for both the outcome and its reasons.
// What comes before (the decision, the cases, HR1) is set up through the API: those pages are
// tested elsewhere. axe (at the page's width and at 320 px) on every page state.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, fillDate, launchBrowser, newPage, signIn, startServer, closeOpenChallenges } from './support.mjs'

const HR = 'hr@bury.example'
// Alex Moore, a Senior SEN Practitioner of the demo, has an account.
const ALEX = 'senior.practitioner@bury.example'
const HEARING_PLACE = 'Committee Room B, Bury Town Hall'

let server
let browser
let proposal
let alexId

/** Calls the API as `email`; fails the test on any error. */
async function ok(email, query, variables = {}) {
  const result = await server.api(email, query, variables)
  assert.equal(result.errors, undefined, `${query.slice(0, 60)}: ${JSON.stringify(result.errors)}`)
  return result.data
}

/** A calendar date in London, `offset` days from today (the server's "today" is London's). */
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' })

/** A date as the app writes it, e.g. "Sunday 28 February 2027". */
const longDate = (date, weekday = false) =>
  new Intl.DateTimeFormat('en-GB', { ...(weekday ? { weekday: 'long' } : {}), day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(
    new Date(`${date}T12:00:00Z`),
  )

/** Pounds and pence as the pay lines write them. */
const pounds = (amount) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2 }).format(Number(amount))

/** Answers what is open in a closed consultation, completes the report and records the decision. */
async function decide(id) {
  const { proposal: p } = await ok(HR, 'query($id: ID!) { proposal(id: $id) { questions { id status version } themes { id name } implementationSteps { id beforeDecision doneAt } } }', { id })
  for (const q of p.questions.filter((q) => q.status === 'OPEN' || q.status === 'OVERDUE')) {
    await ok(HR, 'mutation($i: AnswerQuestionInput!) { answerQuestion(input: $i) { id } }', {
      i: { id: q.id, answer: 'Answered in the outcome report.', expectedVersion: q.version },
    })
  }
  for (const theme of p.themes) {
    await ok(HR, 'mutation($i: RespondToThemeInput!) { respondToTheme(input: $i) { id } }', {
      i: { themeId: theme.id, managementResponse: `“${theme.name}” was considered; the proposal is unchanged.`, outcome: 'NO_CHANGE' },
    })
  }
  for (const step of p.implementationSteps.filter((s) => s.beforeDecision && !s.doneAt)) {
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
  server = await startServer()
  browser = await launchBrowser()
  proposal = await buryProposal(server)
  const id = proposal.id
  // Fifteen more caseworkers at risk at the establishment: 20 proposed dismissals, so s188
  // applies and notice must wait for the end of consultation and for HR1 (TULRCA s193).
  for (let i = 1; i <= 15; i++) {
    await ok(HR, 'mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }', {
      i: { proposalId: id, employeeNumber: `N${i}`, name: `Caseworker ${i}`, workEmail: `caseworker.${i}@bury.example`, impact: 'AT_RISK', holdings: [] },
    })
  }
  // Collective consultation that ran from 50 to 5 days ago: closed first, since an open
  // consultation's last day cannot be moved into the past.
  await ok(HR, 'mutation($i: ProposalActionInput!) { closeConsultation(input: $i) { status } }', { i: { id } })
  const { proposal: before } = await ok(HR, 'query($id: ID!) { proposal(id: $id) { timetable { version } } }', { id })
  await ok(
    HR,
    'mutation($id: ID!, $v: Int!, $s: NaiveDate!, $e: NaiveDate!, $f: NaiveDate!) { setTimetable(input: {proposalId: $id, expectedVersion: $v, consultationType: COLLECTIVE, consultationStart: $s, consultationEnd: $e, plannedFirstDismissal: $f}) { version } }',
    { id, v: before.timetable.version, s: day(-50), e: day(-5), f: day(90) },
  )
  await decide(id)
  const { s188Check } = await ok(HR, 'query($id: ID!) { s188Check: proposal(id: $id) { s188 { applies } } }', { id })
  assert.equal(s188Check.s188.applies, true)
  await ok(HR, 'mutation($id: ID!) { openCases(proposalId: $id) { opened } }', { id })
  // HR1 was made yesterday.
  await ok(HR, 'mutation($i: RecordHr1Input!) { recordHr1Notification(input: $i) { id } }', {
    i: { proposalId: id, madeOn: day(-1), reference: 'HR1-BURY-SEN', submittedCopy: '20 proposed redundancies in the SEN Service', copyToRepresentativesOn: day(-1) },
  })
  const { proposal: p } = await ok(HR, 'query($id: ID!) { proposal(id: $id) { employees(first: 100) { nodes { id name version } } } }', { id })
  const alex = p.employees.nodes.find((e) => e.name === 'Alex Moore')
  alexId = alex.id
  // HR knows Alex's date of birth; the start of their continuous service is recorded in the browser.
  await ok(HR, 'mutation($i: SetCaseFactsInput!) { setCaseFacts(input: $i) { version } }', {
    i: { employeeId: alexId, expectedVersion: alex.version, dateOfBirth: '1975-03-15' },
  })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** The email to `to` whose text includes `subject`, once the worker has written it. */
async function email(to, subject) {
  for (let i = 0; i < 100; i++) {
    const files = existsSync(server.mailDir) ? readdirSync(server.mailDir).filter((f) => f.endsWith('.eml')) : []
    for (const file of files) {
      const text = readFileSync(join(server.mailDir, file), 'utf8').replace(/=\r?\n/g, '')
      if (text.includes(to) && text.includes(subject)) return text
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  assert.fail(`no email "${subject}" to ${to}`)
}

/** The summary list row whose key is `key`, in `scope`. */
const row = (scope, key) => scope.locator('.govuk-summary-list__row').filter({ has: scope.page().locator('dt', { hasText: key }) })

test('HR gives notice after consultation and HR1, the employee reads it and appeals, and HR sets the hearing', async () => {
  const casePath = `/proposals/${proposal.id}/cases/${alexId}`

  // ---- HR: the case page says what notice needs, and where to record it.
  const hr = await newPage(browser)
  await signIn(hr, server, server.accounts[HR])
  await hr.goto(`${server.url}${casePath}`)
  await hr.getByRole('heading', { name: 'Alex Moore', level: 1 }).waitFor()
  const noticeSection = hr.locator('section[aria-labelledby="notice-heading"]')
  await noticeSection.getByRole('heading', { name: 'Notice and redundancy pay', level: 2 }).waitFor()
  await noticeSection.getByText('Record their continuous service start before giving notice', { exact: false }).waitFor()
  await noticeSection.getByText('Redundancy pay cannot be worked out until these are recorded:').waitFor()
  await noticeSection.getByRole('listitem').filter({ hasText: 'their continuous service start' }).waitFor()
  await hr.locator('section[aria-labelledby="appeals-heading"]').getByText('No appeal has been lodged.').waitFor()
  await checkPage(hr, 'notice-case-facts-missing')

  await noticeSection.getByRole('link', { name: 'Record the facts HR holds' }).click()
  await hr.getByRole('heading', { name: 'Facts HR holds', level: 1 }).waitFor()
  await fillDate(hr, 'Continuous service start', '2010-09-01')
  await hr.getByRole('button', { name: 'Save the facts' }).click()
  await hr.getByText('The facts have been saved.').waitFor()

  // ---- HR gives notice: on the last day of consultation it is refused, with the server's reasons.
  await noticeSection.getByRole('link', { name: 'Give notice of dismissal' }).click()
  await hr.getByRole('heading', { name: 'Give notice of dismissal', level: 1 }).waitFor()
  await fillDate(hr, 'The day they receive the notice', day(-5))
  await hr.getByRole('button', { name: 'Give notice' }).click()
  const problem = hr.locator('.govuk-error-summary')
  await problem.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await problem.getByText(/consultation runs until .*no notice may be given until it has ended/).waitFor()
  await problem.getByText(/HR1 was made on .*notice must come after it/).waitFor()
  assert.equal(await problem.getByText('consultationEnded').count(), 0, 'the codes of what is missing are not shown')
  await checkPage(hr, 'notice-give-refused')

  // Today: after consultation ended and after HR1.
  await fillDate(hr, 'The day they receive the notice', day(0))
  await hr.getByRole('button', { name: 'Give notice' }).click()
  await hr.getByText('Notice of dismissal has been given.', { exact: false }).waitFor()
  await atPath(hr, casePath)
  const { case: given } = await ok(
    HR,
    'query($e: ID!) { case(employeeId: $e) { state notice { lastDay noticeWeeks appealDeadline } redundancyPay { statutory { total weekPayUsed bands { band years } } } } }',
    { e: alexId },
  )
  assert.equal(given.state, 'NOTICE_GIVEN')
  // Sixteen complete years on the day: 12 weeks, the most s86 gives.
  assert.equal(given.notice.noticeWeeks, 12)
  await row(noticeSection, 'Notice period').getByText(/^12 weeks/).waitFor()
  await row(noticeSection, 'Last day of service').getByText(longDate(given.notice.lastDay, true)).waitFor()
  await row(noticeSection, 'Time off to look for work').getByText(/ss52-53/).waitFor()
  // Redundancy pay line by line, at the last day of notice.
  const pay = given.redundancyPay.statutory
  await noticeSection.getByText(`Worked out at ${longDate(given.notice.lastDay)}, the last day of their notice`, { exact: false }).waitFor()
  for (const band of pay.bands.filter((b) => b.years > 0)) {
    const label = { UNDER_22: 'Years aged under 22', FROM_22_TO_40: 'Years aged 22 to 40', FROM_41: 'Years aged 41 or over' }[band.band]
    await row(noticeSection, label).getByText(new RegExp(`^${band.years} years? ×`)).waitFor()
  }
  await row(noticeSection, 'A week’s pay used').getByText(pounds(pay.weekPayUsed), { exact: false }).waitFor()
  await row(noticeSection, 'Statutory redundancy pay').getByText(pounds(pay.total), { exact: true }).waitFor()
  await checkPage(hr, 'notice-case-given')

  // ---- The employee, on a phone: their notice, last day and pay in plain words.
  const staff = await newPage(browser, { width: 320, height: 800 })
  await signIn(staff, server, server.accounts[ALEX])
  await staff.goto(`${server.url}/proposals/${proposal.id}/my-situation`)
  await staff.getByRole('heading', { name: 'Your situation', level: 1 }).waitFor()
  await staff.getByText('Under notice of redundancy', { exact: true }).waitFor()
  const main = staff.locator('main')
  await main.getByRole('heading', { name: 'Your notice', level: 2 }).waitFor()
  await row(main, 'Your notice period').getByText('12 weeks', { exact: false }).waitFor()
  await row(main, 'Your last day of service').getByText(longDate(given.notice.lastDay, true)).waitFor()
  // By when to appeal, before any appeal is lodged.
  await row(main, 'Last day to appeal').getByText(longDate(given.notice.appealDeadline, true)).waitFor()
  await main.getByText(/time off in working hours to look for another job/).waitFor()
  await main.getByRole('heading', { name: 'Your redundancy pay', level: 2 }).waitFor()
  await row(main, 'Years aged 41 or over').waitFor()
  await row(main, 'Statutory redundancy pay').getByText(pounds(pay.total), { exact: true }).waitFor()
  await checkPage(staff, 'notice-situation')

  // The appeal: empty grounds first.
  await main.getByRole('heading', { name: 'Appealing against your dismissal', level: 2 }).waitFor()
  await staff.getByRole('button', { name: 'Lodge your appeal' }).click()
  await staff.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await staff.locator('.govuk-error-summary').getByRole('link', { name: 'Enter why you are appealing' }).waitFor()
  await checkPage(staff, 'notice-appeal-empty')
  const grounds = 'My selection scores were not moderated, and the new Senior Practitioner post matches my job closely.'
  await staff.getByLabel('Why are you appealing?').fill(grounds)
  await staff.getByRole('button', { name: 'Lodge your appeal' }).click()
  await staff.getByText('Your appeal has been lodged.', { exact: false }).waitFor()
  await row(main, 'Where it stands').getByText('Lodged: waiting for HR to arrange a hearing.').waitFor()
  await row(main, 'Your grounds').getByText(grounds).waitFor()
  const { case: appealed } = await ok(HR, 'query($e: ID!) { case(employeeId: $e) { appeals { deadline } } }', { e: alexId })
  await row(main, 'Last day to appeal').getByText(longDate(appealed.appeals[0].deadline), { exact: true }).waitFor()
  assert.equal(await staff.getByRole('button', { name: 'Lodge your appeal' }).count(), 0, 'one appeal per decision')
  await checkPage(staff, 'notice-appeal-lodged')

  // ---- HR sees the appeal and sets the hearing.
  await hr.reload()
  const appeals = hr.locator('section[aria-labelledby="appeals-heading"]')
  const card = appeals.locator('.govuk-summary-card').filter({ has: hr.getByRole('heading', { name: /^Appeal 1: lodged/ }) })
  await row(card, 'Grounds').getByText(grounds).waitFor()
  await row(card, 'Hearing').getByText('Not set yet').waitFor()
  await card.getByRole('link', { name: 'Set the hearing of appeal 1' }).click()
  await hr.getByRole('heading', { name: 'Set the appeal hearing', level: 1 }).waitFor()
  await fillDate(hr, 'Day of the hearing', day(7))
  await hr.getByLabel('Starts at').fill('10:00')
  await hr.getByLabel('Ends at').fill('9:30')
  await hr.getByLabel('Where', { exact: true }).fill(HEARING_PLACE)
  await hr.getByRole('button', { name: 'Set the hearing and send the invitation' }).click()
  await hr.locator('.govuk-error-summary').getByRole('link', { name: 'The hearing must end after it starts' }).waitFor()
  await checkPage(hr, 'notice-hearing-error')
  await hr.getByLabel('Ends at').fill('11:30')
  await hr.getByRole('button', { name: 'Set the hearing and send the invitation' }).click()
  await hr.getByText('The appeal hearing has been set and the invitation emailed to them.').waitFor()
  await row(card, 'Hearing').getByText(new RegExp(`^${longDate(day(7))} at 10:00\\s?am to 11:30\\s?am, ${HEARING_PLACE}$`)).waitFor()
  await checkPage(hr, 'notice-hearing-set')
  // The invitation carries a calendar entry.
  const invitation = await email(ALEX, 'Your appeal hearing')
  assert.match(invitation, /text\/calendar/)

  // ---- The employee sees the hearing.
  await staff.reload()
  await row(main, 'Where it stands').getByText('Waiting for the hearing.').waitFor()
  await row(main, 'Your hearing').getByText(new RegExp(`^${longDate(day(7))} at 10:00\\s?am to 11:30\\s?am, at ${HEARING_PLACE}$`)).waitFor()
  await main.getByText('You can bring a trade union representative or a work colleague to the hearing.', { exact: false }).waitFor()
  await checkPage(staff, 'notice-appeal-hearing')

  // ---- After the hearing HR records the outcome: both answers are needed, and it is final.
  await card.getByRole('link', { name: 'Record the outcome of appeal 1' }).click()
  await hr.getByRole('heading', { name: 'Record the appeal’s outcome', level: 1 }).waitFor()
  await hr.getByText('The outcome is final: it cannot be changed once recorded.').waitFor()
  await hr.getByRole('button', { name: 'Record the outcome' }).click()
  const errors = hr.locator('.govuk-error-summary')
  await errors.getByRole('link', { name: 'Choose the outcome of the appeal' }).waitFor()
  await errors.getByRole('link', { name: 'Enter the reasons for the outcome' }).waitFor()
  await checkPage(hr, 'notice-outcome-errors')
})
