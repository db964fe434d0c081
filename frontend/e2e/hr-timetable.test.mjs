// HR plans a new proposal: sets the consultation period, schedules a meeting, moves it and
// cancels it (each emailed to the invitees with a calendar file), sets up the sign-off
// checklist from the template, completes a step, names the manager as an approver, and
// adds a question to the feedback form.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, fillDate, launchBrowser, newPage, signIn, startServer } from './support.mjs'

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

/** A calendar date `offset` days from today. */
function day(offset) {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
}

async function api(query, variables) {
  const result = await server.api(HR, query, variables)
  assert.equal(result.errors, undefined, JSON.stringify(result.errors))
  return result.data
}

/** Waits for the outbox of a proposal to hold an email (the worker plans them after each change). */
async function outboxHas(id, milestone, email) {
  for (let i = 0; i < 50; i++) {
    const { proposal } = await api('query($id: ID!) { proposal(id: $id) { outbox(first: 100) { nodes { milestone recipientEmail } } } }', { id })
    if (proposal.outbox.nodes.some((e) => e.milestone === milestone && e.recipientEmail === email)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  assert.fail(`no ${milestone} email to ${email} in the outbox`)
}

async function meetingsOf(id) {
  return (await api('query($id: ID!) { proposal(id: $id) { meetings { id title startsAt sequence cancelled } } }', { id })).proposal.meetings
}

test('HR sets the timetable, moves and cancels a meeting, and sets up the checklist and form', async () => {
  // A new proposal with a sponsor and a recognised union, shared with the union so meeting emails go out.
  const { users } = await api('{ users(role: MANAGER) { nodes { id email name } } }')
  const manager = users.nodes.find((u) => u.email === MANAGER)
  const { createProposal: proposal } = await api(
    'mutation($f: ProposalFieldsInput!) { createProposal(input: {fields: $f}) { id title } }',
    { f: { title: 'Restructure of the Admissions Team', service: 'Education', establishment: 'Bury Town Hall', recognisedUnions: ['UNISON'], sponsorId: manager.id } },
  )
  await api('mutation($id: ID!) { shareProposalWithUnions(input: {id: $id}) { id } }', { id: proposal.id })

  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  await page.goto(`${server.url}/proposals/${proposal.id}/timetable`)
  await page.getByRole('heading', { name: 'Timetable and s188', level: 1 }).waitFor()
  await page.getByText('The consultation period has not been set yet.').waitFor()
  await page.getByRole('heading', { name: 'Collective consultation (section 188)' }).waitFor()

  // The consultation period: a mistake first, then a good one.
  await page.getByRole('link', { name: 'Change the consultation period' }).click()
  await page.getByRole('heading', { name: 'Consultation period', level: 1 }).waitFor()
  await page.getByLabel('Collective consultation').check()
  // GOV.UK date inputs: a date without its month and one that does not exist are named in
  // the Design System's words, and the summary links to the part in error.
  await fillDate(page, 'First day of formal consultation', { day: '14', month: '', year: day(14).slice(0, 4) })
  await fillDate(page, 'Last day of formal consultation', { day: '31', month: '2', year: '2027' })
  await page.getByRole('button', { name: 'Save the consultation period' }).click()
  const noMonth = page.getByRole('link', { name: 'The first day of consultation must include a month' })
  await noMonth.waitFor()
  await page.getByRole('link', { name: 'The last day of consultation must be a real date' }).waitFor()
  const firstDay = page.getByRole('group', { name: 'First day of formal consultation', exact: true })
  await firstDay.getByText('The first day of consultation must include a month').waitFor()
  // Only the missing month is marked; every part of the impossible date is.
  assert.deepEqual(await firstDay.locator('.govuk-input--error').evaluateAll((inputs) => inputs.map((i) => i.labels[0].textContent.trim())), ['Month'])
  const lastDay = page.getByRole('group', { name: 'Last day of formal consultation', exact: true })
  assert.equal(await lastDay.locator('.govuk-input--error').count(), 3)
  await checkPage(page, 'hr-timetable-date-errors')
  await noMonth.click()
  await page.waitForFunction(() => document.activeElement?.labels?.[0]?.textContent.trim() === 'Month')
  await fillDate(page, 'First day of formal consultation', day(14))
  await fillDate(page, 'Last day of formal consultation', day(7))
  await page.getByRole('button', { name: 'Save the consultation period' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await page.getByRole('link', { name: 'The last day of consultation must be the same as or after the first day' }).waitFor()
  await checkPage(page, 'hr-timetable-period-errors')
  await fillDate(page, 'Last day of formal consultation', day(14 + 45))
  await fillDate(page, 'Planned first notice of dismissal (optional)', day(14 + 46))
  await fillDate(page, 'Planned first dismissal (optional)', day(14 + 60))
  await page.getByLabel('Working days a manager has to answer a question').fill('7')
  await page.getByRole('button', { name: 'Save the consultation period' }).click()
  await page.getByText('The consultation period has been saved.').waitFor()
  const { proposal: timed } = await api(
    'query($id: ID!) { proposal(id: $id) { timetable { consultationType consultationStart consultationEnd plannedFirstNotice plannedFirstDismissal questionResponseWorkingDays } } }',
    { id: proposal.id },
  )
  assert.deepEqual(timed.timetable, {
    consultationType: 'COLLECTIVE',
    consultationStart: day(14),
    consultationEnd: day(59),
    plannedFirstNotice: day(60),
    plannedFirstDismissal: day(74),
    questionResponseWorkingDays: 7,
  })

  // Schedule a meeting for the sponsor and the union representatives.
  await page.getByRole('link', { name: 'Schedule a meeting' }).click()
  await page.getByRole('heading', { name: 'Schedule a meeting', level: 1 }).waitFor()
  await checkPage(page, 'hr-timetable-meeting-new')
  await page.getByLabel('Title', { exact: true }).fill('Briefing for the trade unions')
  await page.getByLabel('Briefing for the trade unions', { exact: true }).check()
  await fillDate(page, 'Date', day(15))
  await page.getByLabel('Start time').fill('10:00')
  await page.getByLabel('End time').fill('11am')
  await page.getByLabel('Room or address (optional)').fill('Committee Room 1, Bury Town Hall')
  await page.getByLabel('The sponsoring manager').check()
  await page.getByLabel('Union representatives').check()
  await page.getByLabel(/reducing/).check()
  await page.getByRole('button', { name: 'Schedule the meeting and send invitations' }).click()
  await page.getByText('The meeting has been scheduled.').waitFor()
  await page.getByText('Everyone invited is being emailed an invitation').waitFor()
  let [meeting] = await meetingsOf(proposal.id)
  assert.equal(meeting.title, 'Briefing for the trade unions')
  assert.equal(meeting.sequence, 0)
  await outboxHas(proposal.id, 'meeting_invitation', MANAGER)
  await outboxHas(proposal.id, 'meeting_invitation', 'unison.rep@bury.example')

  // Move it to the afternoon: the sequence rises so calendars update it.
  await page.getByRole('link', { name: 'Move or change Briefing for the trade unions' }).click()
  await page.getByRole('heading', { name: 'Move or change a meeting', level: 1 }).waitFor()
  await checkPage(page, 'hr-timetable-meeting-move')
  assert.equal(await page.getByLabel('Start time').inputValue(), '10:00')
  await page.getByLabel('Start time').fill('2pm')
  await page.getByLabel('End time').fill('15:30')
  await page.getByRole('button', { name: 'Save and send the update' }).click()
  await page.getByText('The meeting has been changed.').waitFor()
  const movedMeeting = (await meetingsOf(proposal.id))[0]
  assert.equal(movedMeeting.sequence, 1)
  assert.notEqual(movedMeeting.startsAt, meeting.startsAt)
  assert.equal(new Date(movedMeeting.startsAt).getTime() - new Date(meeting.startsAt).getTime(), 4 * 3_600_000)
  await outboxHas(proposal.id, 'meeting_updated', MANAGER)
  await page.getByText('2:00pm to 3:30pm').waitFor()

  // Cancel it, after a confirmation.
  await page.getByRole('link', { name: 'Cancel Briefing for the trade unions' }).click()
  await page.getByRole('heading', { name: 'Are you sure you want to cancel this meeting?' }).waitFor()
  await checkPage(page, 'hr-timetable-meeting-cancel')
  await page.getByRole('button', { name: 'Yes, cancel the meeting' }).click()
  await page.getByText('The meeting has been cancelled.').waitFor()
  ;[meeting] = await meetingsOf(proposal.id)
  assert.equal(meeting.cancelled, true)
  assert.equal(meeting.sequence, 2)
  await outboxHas(proposal.id, 'meeting_cancelled', 'unison.rep@bury.example')
  await page.locator('.govuk-summary-card').getByText('Cancelled', { exact: true }).waitFor()

  // A one-to-one with an employee of the proposal who has no account: invited by name as an
  // employee, emailed at their work email, and listed among the meeting's invitees.
  const { createPost: post } = await api(
    'mutation($id: ID!) { createPost(input: {proposalId: $id, title: "Admissions Officer", current: {grade: "Grade 8", fte: 1, headcount: 2}, proposed: {grade: "Grade 8", fte: 1, headcount: 1}}) { id } }',
    { id: proposal.id },
  )
  await api(
    'mutation($input: CreateEmployeeInput!) { createEmployee(input: $input) { id } }',
    {
      input: {
        proposalId: proposal.id,
        name: 'Dana Okafor',
        employeeNumber: 'A200',
        workEmail: 'dana.okafor@bury.example',
        impact: 'AT_RISK',
        holdings: [{ postId: post.id, fte: 1 }],
      },
    },
  )
  await page.getByRole('link', { name: 'Schedule a meeting' }).click()
  await page.getByRole('heading', { name: 'Schedule a meeting', level: 1 }).waitFor()
  await page.getByLabel('Title', { exact: true }).fill('One-to-one with Dana Okafor')
  await page.getByLabel('One-to-one meeting', { exact: true }).check()
  await fillDate(page, 'Date', day(16))
  await page.getByLabel('Start time').fill('09:30')
  await page.getByLabel('End time').fill('10:00')
  await page.getByText('Invite people by name (optional)').click()
  await page.getByRole('group', { name: 'Employees of the proposal' }).getByLabel('Dana Okafor').check()
  await checkPage(page, 'hr-timetable-meeting-employee')
  await page.getByRole('button', { name: 'Schedule the meeting and send invitations' }).click()
  await page.getByText('The meeting has been scheduled.').waitFor()
  const card = page.locator('.govuk-summary-card').filter({ has: page.getByRole('heading', { name: 'One-to-one with Dana Okafor' }) })
  await card.getByText('dana.okafor@bury.example').waitFor()
  await card.getByText(/Employee$/).waitFor()
  await outboxHas(proposal.id, 'meeting_invitation', 'dana.okafor@bury.example')
  const { proposal: invited } = await api(
    'query($id: ID!) { proposal(id: $id) { meetings { title cancelled invitees { kind name email } } } }',
    { id: proposal.id },
  )
  assert.deepEqual(invited.meetings.find((m) => m.title === 'One-to-one with Dana Okafor').invitees, [
    { kind: 'EMPLOYEE', name: 'Dana Okafor', email: 'dana.okafor@bury.example' },
  ])
  await checkPage(page, 'hr-timetable-invitees')

  // An implementation step, then done.
  await page.getByRole('link', { name: 'Add a step' }).click()
  await page.getByRole('heading', { name: 'Add a step to the implementation plan' }).waitFor()
  await checkPage(page, 'hr-timetable-implementation-step')
  await page.getByLabel('What is the step?').fill('Selection of employees')
  await fillDate(page, 'When is it planned?', day(70))
  await page.getByRole('button', { name: 'Add the step' }).click()
  await page.getByText('The step has been added to the implementation plan.').waitFor()
  await page.getByRole('button', { name: 'Mark as done Selection of employees' }).click()
  await page.getByText('“Selection of employees” has been marked as done.').waitFor()
  await checkPage(page, 'hr-timetable')

  // The checklist: set up from the template, complete a step, name the manager as an approver.
  await page.getByRole('navigation', { name: 'Proposal workspace' }).getByRole('link', { name: 'Checklist and approvals' }).click()
  await atPath(page, `/proposals/${proposal.id}/checklist`)
  await page.getByRole('heading', { name: 'Set up the checklist' }).waitFor()
  await checkPage(page, 'hr-checklist-empty')
  await page.getByRole('button', { name: 'Set up the checklist from this template' }).click()
  await page.getByText('The checklist and approvals have been set up from the template.').waitFor()
  await checkPage(page, 'hr-checklist')

  await page.getByRole('link', { name: 'Complete Step 1 – Developing the proposal' }).click()
  await page.getByRole('heading', { name: 'Complete “Step 1 – Developing the proposal”' }).waitFor()
  await checkPage(page, 'hr-checklist-complete-step')
  await page.getByLabel('Note (optional)').fill('Drafted with the service and finance.')
  await page.getByRole('button', { name: 'Mark as complete' }).click()
  await page.getByText('The step has been marked as complete.').waitFor()

  await page.getByRole('link', { name: 'Name the approver for Head of Finance' }).click()
  await page.getByRole('heading', { name: 'Who decides “Head of Finance”?' }).waitFor()
  await page.getByRole('button', { name: 'Name the approver' }).click()
  await page.getByRole('link', { name: 'Select who decides this approval' }).waitFor()
  await checkPage(page, 'hr-checklist-approver-errors')
  await page.getByLabel(manager.name).check()
  await page.getByRole('button', { name: 'Name the approver' }).click()
  await page.getByText('The approver has been named.').waitFor()

  const { proposal: signed } = await api(
    'query($id: ID!) { proposal(id: $id) { checklist { title completedAt completionNote plannedDate } approvals { approverTitle approver { email } } } }',
    { id: proposal.id },
  )
  assert.equal(signed.checklist.length, 11)
  assert.ok(signed.checklist[0].completedAt, 'step 1 is complete')
  assert.equal(signed.checklist[0].completionNote, 'Drafted with the service and finance.')
  assert.ok(signed.checklist.some((s) => s.plannedDate), 'steps are planned from the consultation period')
  assert.equal(signed.approvals.find((a) => a.approverTitle === 'Head of Finance').approver?.email, MANAGER)

  // Move the last step to the top.
  await page.getByRole('link', { name: /^Move\s+Step 11 – Implementation of dismissals/ }).click()
  await page.getByLabel('First').waitFor()
  await checkPage(page, 'hr-checklist-move-step')
  await page.getByLabel('First').check()
  await page.getByRole('button', { name: 'Move the step' }).click()
  await page.getByText('The step has been moved.').waitFor()
  await page.getByRole('heading', { name: '1. Step 11 – Implementation of dismissals' }).waitFor()

  // HR's s188 records and the form's templates, each on its own page.
  for (const [view, name] of [
    ['timetable?view=disclosure', 'hr-timetable-disclosure'],
    ['timetable?view=hr1', 'hr-timetable-hr1'],
    ['form?view=template', 'hr-form-template'],
  ]) {
    await page.goto(`${server.url}/proposals/${proposal.id}/${view}`)
    await page.locator('main form').first().waitFor()
    await checkPage(page, name)
  }

  // The feedback form: add a choice question to the default form.
  await page.getByRole('navigation', { name: 'Proposal workspace' }).getByRole('link', { name: 'Feedback form' }).click()
  await page.getByRole('heading', { name: 'Feedback form', level: 1 }).waitFor()
  await page.getByRole('link', { name: 'Edit the questions' }).click()
  await page.getByRole('heading', { name: 'Edit the questions' }).waitFor()
  const count = await page.locator('fieldset.app-form-question').count()
  await page.getByRole('button', { name: 'Add another question' }).click()
  const n = count + 1
  await page.locator(`#q${n}-text`).fill('Which team do you work in now?')
  await page.getByRole('button', { name: 'Save the form' }).click()
  await page.getByRole('link', { name: `Select how question ${n} is answered` }).waitFor()
  await checkPage(page, 'hr-form-edit-errors')
  await page.locator(`#q${n}-kind-3`).check()
  await page.locator(`#q${n}-choices`).fill('Admissions\nTransport\nSEN')
  await page.getByRole('button', { name: 'Save the form' }).click()
  await page.getByText('The form has been saved.').waitFor()
  const { feedbackForm } = await api('query($id: ID!) { feedbackForm(proposalId: $id) { version questions { key text kind choices } } }', { id: proposal.id })
  const added = feedbackForm.questions.at(-1)
  assert.equal(added.text, 'Which team do you work in now?')
  assert.equal(added.kind, 'SINGLE_CHOICE')
  assert.deepEqual(added.choices, ['Admissions', 'Transport', 'SEN'])
  assert.equal(new Set(feedbackForm.questions.map((q) => q.key)).size, feedbackForm.questions.length, 'each question keeps its own key')

  // The demo's form has responses, so it is fixed and says why.
  const bury = await buryProposal(server)
  await page.goto(`${server.url}/proposals/${bury.id}/form`)
  await page.getByText('The form can no longer change: staff have already submitted').waitFor()
  assert.equal(await page.getByRole('link', { name: 'Edit the questions' }).count(), 0)
  await checkPage(page, 'hr-form-fixed')
})
