// The whole HR journey of a new restructure, in the browser, in the words of the Bury SEN
// pack: a blank proposal written section by section, its structure, a job description
// changed between versions, the timetable and a meeting, the sign-off checklist approved by
// the sponsoring manager on their own desk, shared with the unions and opened for
// consultation, then closed with the outcome report and decided. Each lifecycle step is
// first tried too early, so the "what is missing" list is seen, then fixed through the pages.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, checkPage, fillDate, launchBrowser, newPage, signIn, startServer } from './support.mjs'

const HR = 'hr@bury.example'
const HR_OFFICER = { email: 'hr.officer@bury.example', name: 'Amir Khan (HR Officer)', role: 'HR_ADMIN' }
const MANAGER = 'strategic.lead@bury.example'
const TITLE = 'Restructure of the SEN Service (pilot team)'
let server
let browser

before(async () => {
  // A second HR administrator, so that choosing the HR contact is a real choice (the one who
  // creates a proposal is its contact until another is chosen).
  server = await startServer({ extraStaff: [HR_OFFICER] })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** A calendar date in London, `offset` days from today (the server's "today" is London's). */
function day(offset) {
  return new Date(Date.now() + offset * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' })
}

async function api(query, variables) {
  const result = await server.api(HR, query, variables)
  assert.equal(result.errors, undefined, JSON.stringify(result.errors))
  return result.data
}

async function statusOf(id) {
  return (await api('query($id: ID!) { proposal(id: $id) { status } }', { id })).proposal.status
}

/** A task of the task list (not the workspace navigation, which repeats some names). */
function task(page, name) {
  return page.locator('.govuk-task-list').getByRole('link', { name, exact: true })
}

async function taskStatus(page, name) {
  const item = page.locator('.govuk-task-list__item').filter({ has: page.getByRole('link', { name, exact: true }) })
  return (await item.locator('.govuk-task-list__status').innerText()).trim()
}

async function summaryItems(page) {
  return (await page.locator('.govuk-error-summary li').allInnerTexts()).map((t) => t.trim())
}

async function save(page) {
  await page.getByRole('button', { name: 'Save and return to the task list' }).click()
}

/** Opens a text section from the task list, fills its fields and saves it. */
async function writeSection(page, id, name, path, fields) {
  await task(page, name).click()
  await atPath(page, `/proposals/${id}/manage/${path}`)
  for (const [label, text] of fields) await page.getByLabel(label).fill(text)
  await save(page)
  await page.getByText(`${name} saved.`).waitFor()
}

/** Fills a list section (alternatives or risks): one group of two fields per row. */
async function writeRows(page, id, name, path, item, [first, second], rows) {
  await task(page, name).click()
  await atPath(page, `/proposals/${id}/manage/${path}`)
  for (const [index, [a, b]] of rows.entries()) {
    if (index > 0) await page.getByRole('button', { name: `Add another ${item.toLowerCase()}` }).click()
    const group = page.getByRole('group', { name: `${item} ${index + 1}` })
    await group.getByLabel(first, { exact: true }).fill(a)
    await group.getByLabel(second, { exact: true }).fill(b)
  }
  await save(page)
  await page.getByText(`${name} saved.`).waitFor()
}

/** Presses a lifecycle button on the workspace page and confirms it. */
async function lifecycle(page, label) {
  await page.getByRole('button', { name: label, exact: true }).click()
  await page.getByRole('button', { name: `Yes, ${label.toLowerCase()}` }).click()
}

async function toWorkspace(page, id) {
  await page.getByRole('navigation', { name: 'Proposal workspace' }).getByRole('link', { name: 'Overview and tasks' }).click()
  await atPath(page, `/proposals/${id}/manage`)
  await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
}

async function addPost(page, { title, presence, current, proposed, sameAsNow }) {
  await page.getByRole('link', { name: 'Add a post' }).click()
  await page.getByRole('heading', { name: 'Add a post', level: 1 }).waitFor()
  await page.getByLabel('Job title').fill(title)
  if (presence) await page.getByLabel(presence).check()
  for (const [side, values] of [['current', current], ['proposed', proposed]]) {
    if (!values) continue
    if (side === 'proposed' && sameAsNow) await page.getByRole('button', { name: 'Same as now' }).click()
    if (values.grade) await page.locator(`#post-${side}-grade`).selectOption(values.grade)
    if (values.fte) await page.locator(`#post-${side}-fte`).fill(values.fte)
    if (values.headcount) await page.locator(`#post-${side}-headcount`).fill(values.headcount)
    if (values.reportsTo) await page.locator(`#post-${side}-reports-to`).selectOption({ label: values.reportsTo })
  }
  await page.getByRole('button', { name: 'Add post' }).click()
  await page.getByText(`${title} added`).waitFor()
}

test('HR walks a new restructure from a blank proposal to consultation, and closes it with the outcome report', async () => {
  const manager = server.accounts[MANAGER]
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])

  // ---- A blank proposal.
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
  await page.getByRole('link', { name: 'Create a proposal' }).click()
  await atPath(page, '/proposals/new')
  await page.getByLabel('Title').fill(TITLE)
  await page.getByLabel('Service or directorate').fill('Children and Young People')
  await page.getByLabel('Establishment').fill('Bury SEN Service')
  await page.getByRole('button', { name: 'Create proposal' }).click()
  await page.waitForFunction(() => /^\/proposals\/[^/]+\/manage$/.test(location.pathname))
  const id = new URL(page.url()).pathname.split('/')[2]
  await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
  assert.equal(await taskStatus(page, 'Proposal details'), 'In progress')
  assert.equal(await taskStatus(page, 'Background'), 'Not started')
  assert.equal(await taskStatus(page, 'Structure and costs'), 'Not started')
  await checkPage(page, 'journey-tasks-new')

  // ---- Details: the recognised unions and the sponsoring manager.
  await task(page, 'Proposal details').click()
  await atPath(page, `/proposals/${id}/manage/details`)
  await page.getByLabel('UNISON', { exact: true }).check()
  await page.getByLabel('GMB', { exact: true }).check()
  await page.getByLabel(manager.name, { exact: true }).check()
  // The creator is the HR contact until another is chosen: staff are told to talk to the officer.
  assert.ok(await page.getByLabel(server.accounts[HR].name, { exact: true }).isChecked())
  await page.getByLabel(HR_OFFICER.name, { exact: true }).check()
  await checkPage(page, 'journey-details-hr-contact')
  await save(page)
  await page.getByText('Proposal details saved.').waitFor()
  assert.equal(await taskStatus(page, 'Proposal details'), 'Completed')
  const { proposal: contact } = await api('query($id: ID!) { proposal(id: $id) { hrContact { name email } } }', { id })
  assert.deepEqual(contact.hrContact, { name: HR_OFFICER.name, email: HR_OFFICER.email })
  await task(page, 'Proposal details').click()
  await atPath(page, `/proposals/${id}/manage/details`)
  assert.ok(await page.getByLabel(HR_OFFICER.name, { exact: true }).isChecked())
  await page.getByRole('link', { name: 'Back to the task list' }).click()
  await atPath(page, `/proposals/${id}/manage`)

  await writeSection(page, id, 'Background', 'background', [
    [
      'How the service works now',
      'Following the Children and Families Act 2014 local authorities were charged with implementing the SEND reforms.\n\n' +
        'Bury has seen a year on year increase in demand for statutory EHC needs assessments and the issuing of EHCPs.',
    ],
  ])

  // ---- Submitting now is refused, and says what is missing.
  await lifecycle(page, 'Submit for approval')
  await page.getByRole('heading', { name: 'You cannot submit for approval yet' }).waitFor()
  assert.deepEqual(await summaryItems(page), [
    'Write the rationale.',
    'Write the proposal.',
    'Write the selection method.',
    "Add the current structure's posts.",
    'Set up the sign-off checklist and its approvals.',
  ])
  await checkPage(page, 'journey-submit-refused')

  // Each item links to where it is done.
  await page.getByRole('link', { name: 'Write the rationale.' }).click()
  await atPath(page, `/proposals/${id}/manage/rationale`)
  await page.getByLabel('Why a change is needed').fill(
    'Statutory functions for children and young people with SEND remain in place and there has been additional pressure on the service.\n\n' +
      'There was significant pressure on the service and not all statutory deadlines were being met. Caseloads were not being actively managed.',
  )
  await save(page)
  await page.getByText('Rationale saved.').waitFor()
  await writeSection(page, id, 'The proposal', 'proposal', [
    [
      'What is proposed',
      "The proposal is to restructure the SEN pilot team in order to increase capacity in the 'engine room' – at an SEN Caseworker and Business Support level. This will be done by:\n\n" +
        '- Reducing the Senior SEN Practitioner posts from 3 FTE to 1 FTE at Grade 12.\n- Increasing the SEN Caseworker posts from 4 FTE to 5 FTE.\n- Creating a Business Support Officer post.',
    ],
  ])
  await writeSection(page, id, 'Benefits', 'benefits', [
    ['The benefits expected', 'Increased SEN Caseworker capacity will reduce the volume of complaints and First Tier Tribunals, and let Annual Reviews focus on outcomes.'],
  ])
  await writeRows(page, id, 'Alternatives considered', 'alternatives', 'Option', ['Option', 'Why it was rejected'], [
    ['No change to the current structure', "'No change' will not address the backlog of work or support system and culture change."],
    ['Delete the Senior SEN Practitioner role completely', 'It will not provide sufficient management capacity and oversight.'],
  ])
  await writeRows(page, id, 'Risks and mitigations', 'risks', 'Risk', ['Risk', 'How it will be mitigated'], [
    ['Unable to recruit to the SEN Caseworker posts (low risk).', 'Manageable caseloads, access to training and CPD, and effective leadership.'],
  ])
  await writeSection(page, id, 'Agency workers', 'agency-workers', [
    ['Agency workers', 'The SEN service currently engages 4 FTE agency SEN Caseworkers on interim contracts, expected to continue until the restructure is in place.'],
  ])
  // The s188(4)(d) to (f) methods, and (c): the whole establishment's workforce by description.
  await task(page, 'Selection, dismissal and redundancy pay').click()
  await atPath(page, `/proposals/${id}/manage/s188-items`)
  await page.getByLabel('How employees will be selected').fill('Post holders whose job matches a new post by 80% or more are slotted in; at 60% or more they are ring fenced to the new posts.')
  await page.getByLabel('How the dismissals will be carried out').fill('Changes to terms are made by agreement and confirmed by variation of contract letters.')
  await page.getByLabel('How redundancy payments will be calculated').fill("No compulsory redundancies are anticipated. If one arises, pay follows the statutory formula and the Council's policy statement.")
  await fillDate(page, 'The day the employees were counted', day(0))
  const workforce = [['Senior SEN Practitioner (Grade 13)', '3'], ['SEN Caseworker (Grade 9)', '4'], ['Children’s services staff (other grades)', '120']]
  for (const [index, [description, headcount]] of workforce.entries()) {
    if (index > 0) await page.getByRole('button', { name: 'Add another description' }).click()
    const group = page.getByRole('group', { name: `Description ${index + 1}`, exact: true })
    await group.getByLabel('Role or grade').fill(description)
    await group.getByLabel('Number employed').fill(headcount)
  }
  await page.getByText('In all: 127 employees').waitFor()
  await checkPage(page, 'journey-s188-items')
  await save(page)
  await page.getByText('Selection, dismissal and redundancy pay saved.').waitFor()
  const { proposal: counted } = await api('query($id: ID!) { proposal(id: $id) { establishmentWorkforce { asOf total descriptions { description headcount } } } }', { id })
  assert.deepEqual(counted.establishmentWorkforce, {
    asOf: day(0),
    total: 127,
    descriptions: workforce.map(([description, headcount]) => ({ description, headcount: Number(headcount) })),
  })
  for (const name of ['Background', 'Rationale', 'The proposal', 'Benefits', 'Alternatives considered', 'Risks and mitigations', 'Agency workers', 'Selection, dismissal and redundancy pay']) {
    assert.equal(await taskStatus(page, name), 'Completed', name)
  }
  assert.equal(await taskStatus(page, 'Equality analysis'), 'Not started')
  await checkPage(page, 'journey-tasks-written')

  // ---- The structure: a pay scale for the new grade, then three posts.
  await task(page, 'Structure and costs').click()
  await atPath(page, `/proposals/${id}/structure`)
  await page.getByRole('heading', { name: 'Structure and costs', level: 1 }).waitFor()
  await page.getByRole('link', { name: 'Add a pay scale' }).click()
  await page.getByRole('heading', { name: 'Add a pay scale', level: 1 }).waitFor()
  await page.getByLabel('Grade', { exact: true }).fill('Grade 5')
  // £20,912.84 with 28.5% on-costs is £26,873 a year, to the nearest penny.
  await page.getByLabel('Yearly salary of a full-time post').fill('20912.84')
  await page.getByLabel('On-costs as a percentage of the salary').fill('28.5')
  await page.locator('#pay-scale-annual-cost').getByText('£26,873').waitFor()
  await page.getByRole('button', { name: 'Save pay scale' }).click()
  await page.getByText('Pay scale for Grade 5 saved: £26,873 a year').waitFor()
  await addPost(page, {
    title: 'Senior SEN Practitioner',
    current: { grade: 'Grade 13', fte: '3', headcount: '3' },
    proposed: { grade: 'Grade 12', fte: '1', headcount: '1' },
  })
  await addPost(page, {
    title: 'SEN Caseworker',
    current: { grade: 'Grade 9', fte: '4', headcount: '4', reportsTo: 'Senior SEN Practitioner (Grade 13)' },
    sameAsNow: true,
    proposed: { fte: '5', headcount: '5' },
  })
  await addPost(page, {
    title: 'Business Support Officer',
    presence: 'Only in the proposed structure: it is a new post',
    proposed: { grade: 'Grade 5', fte: '1', headcount: '1', reportsTo: 'Senior SEN Practitioner (Grade 12)' },
  })
  // 3 × 41,260 + 4 × 36,700 now; 40,123 + 5 × 36,700 + 26,873 proposed.
  const costs = page.locator('#costs + dl')
  await costs.getByText('£270,580 a year').waitFor()
  await costs.getByText('£250,496 a year').waitFor()
  await costs.getByText('£20,084 a year').waitFor()
  await checkPage(page, 'journey-structure')

  // ---- A job description, and a second version that changes a duty.
  await page.getByRole('link', { name: 'Create a job description' }).click()
  await page.getByRole('heading', { name: 'Create a job description', level: 1 }).waitFor()
  await page.getByLabel('Job title').fill('SEN Caseworker')
  await page.getByLabel('Proposed grade (optional)').fill('Grade 9')
  await page.getByLabel('Purpose of the job').fill('To manage a caseload of children and young people with SEND through statutory assessment and review.')
  await page.getByLabel('Duty 1', { exact: true }).fill('Coordinate EHC needs assessments within the statutory timescales.')
  await page.getByRole('button', { name: 'Add another duty' }).click()
  await page.getByLabel('Duty 2', { exact: true }).fill('Attend Annual Reviews of EHCPs where needed.')
  await page.getByLabel('Essential criterion 1').fill('Knowledge of the SEND Code of Practice 0-25 years.')
  await page.getByRole('button', { name: 'Create job description' }).click()
  await page.getByText('SEN Caseworker job description created').waitFor()
  await page.getByRole('link', { name: 'Add a version' }).click()
  await page.getByRole('heading', { name: 'Add a version to the SEN Caseworker job description', level: 1 }).waitFor()
  await page.getByLabel('Duty 2', { exact: true }).fill('Attend Annual Reviews of EHCPs where needed, focusing them on the outcomes achieved.')
  await page.getByRole('button', { name: 'Save as version 2' }).click()
  await page.getByText('Version 2 (Proposed) saved').waitFor()
  const changed = page.locator('.app-jd-diff .app-duty--changed')
  await changed.getByText('Duty 2').waitFor()
  assert.match(await changed.locator('ins').innerText(), /outcomes achieved/)
  await checkPage(page, 'journey-jd-diff')

  // ---- The checklist from the template before submitting: the approvers are named first.
  await page.getByRole('navigation', { name: 'Proposal workspace' }).getByRole('link', { name: 'Checklist and approvals' }).click()
  await atPath(page, `/proposals/${id}/checklist`)
  await page.getByRole('button', { name: 'Set up the checklist from this template' }).click()
  await page.getByText('The checklist and approvals have been set up from the template.').waitFor()
  await page.getByRole('link', { name: 'Complete Step 1 – Developing the proposal' }).click()
  await page.getByLabel('Note (optional)').fill('Drafted with the Strategic Lead and finance.')
  // Done last week, recorded today.
  await page.getByText('It happened on an earlier day').click()
  await fillDate(page, 'The day it happened', day(-7))
  await page.getByRole('button', { name: 'Mark as complete' }).click()
  await page.getByText('The step has been marked as complete.').waitFor()
  const { proposal: signoff } = await api('query($id: ID!) { proposal(id: $id) { approvals { approverTitle } } }', { id })
  const titles = signoff.approvals.map((a) => a.approverTitle)
  assert.ok(titles.length > 0)
  // The demo's one manager is named for every approval but the last, whose decision
  // (given at a board, say) HR records itself.
  const unnamed = titles.at(-1)
  for (const title of titles.slice(0, -1)) {
    await page.getByRole('link', { name: `Name the approver for ${title}` }).click()
    await page.getByRole('heading', { name: `Who decides “${title}”?` }).waitFor()
    await page.getByLabel(manager.name, { exact: true }).check()
    await page.getByRole('button', { name: 'Name the approver' }).click()
    await page.getByText('The approver has been named.').waitFor()
  }
  await checkPage(page, 'journey-checklist')

  // ---- Submitted; approving is refused until the equality analysis and the approvals.
  await toWorkspace(page, id)
  assert.equal(await taskStatus(page, 'Structure and costs'), 'Completed')
  assert.equal(await taskStatus(page, 'Job descriptions'), 'In progress', 'no proposed post is linked to it yet')
  await lifecycle(page, 'Submit for approval')
  await page.getByText('The proposal has been submitted for approval.').waitFor()
  assert.equal(await statusOf(id), 'IN_APPROVAL')
  await lifecycle(page, 'Mark as approved')
  await page.getByRole('heading', { name: 'You cannot mark as approved yet' }).waitFor()
  assert.equal((await summaryItems(page))[0], 'Complete the equality analysis.')

  await page.getByRole('link', { name: 'Complete the equality analysis.' }).click()
  await atPath(page, `/proposals/${id}/manage/equality`)
  await page.getByLabel('The equality analysis', { exact: true }).fill(
    'An Equality Impact Assessment has been completed. The restructure will impact positively on ensuring that children and young people with SEND who require statutory assessment have equal opportunities.',
  )
  await page.getByLabel('Yes, the equality analysis is complete').check()
  await save(page)
  await page.getByText('Equality analysis saved.').waitFor()
  assert.equal(await taskStatus(page, 'Equality analysis'), 'Completed')


  await toWorkspace(page, id)
  await lifecycle(page, 'Mark as approved')
  await page.getByRole('heading', { name: 'You cannot mark as approved yet' }).waitFor()
  const waiting = await summaryItems(page)
  assert.equal(waiting.length, titles.length, `one line per approval: ${waiting}`)
  assert.ok(waiting.every((item) => /^Get the approval of .+\.$/.test(item)), `${waiting}`)
  assert.equal(await taskStatus(page, 'Sign-off checklist and approvals'), 'In progress')
  await checkPage(page, 'journey-tasks-awaiting-approval')

  // The manager, on a phone in their own session, approves from My tasks.
  await page.getByRole('navigation', { name: 'Proposal workspace' }).getByRole('link', { name: 'Checklist and approvals' }).click()
  await page.getByRole('link', { name: `Record the decision of ${unnamed}` }).click()
  await page.getByRole('heading', { name: `Approval: ${unnamed}`, level: 1 }).waitFor()
  await checkPage(page, 'journey-hr-records-approval')
  await page.getByLabel('Approve', { exact: true }).check()
  await page.getByRole('button', { name: 'Send decision' }).click()
  await page.getByText('The approval has been recorded.').waitFor()

  const desk = await newPage(browser, { width: 375 })
  await signIn(desk, server, manager)
  await desk.getByRole('link', { name: 'My tasks' }).click()
  await atPath(desk, '/tasks')
  await desk.getByRole('heading', { name: 'My tasks', level: 1 }).waitFor()
  await desk.getByRole('link', { name: `Decide the approval as ${titles[0]} for ${TITLE}` }).waitFor()
  await checkPage(desk, 'journey-manager-tasks')
  for (const [index, title] of titles.slice(0, -1).entries()) {
    await desk.getByRole('link', { name: `Decide the approval as ${title} for ${TITLE}` }).click()
    await desk.getByRole('heading', { name: `Approval: ${title}`, level: 1 }).waitFor()
    if (index === 0) await checkPage(desk, 'journey-manager-decide')
    await desk.getByLabel('Approve', { exact: true }).check()
    await desk.getByRole('button', { name: 'Send decision' }).click()
    await desk.getByText('You approved the proposal.').waitFor()
  }
  // Nothing is left to decide once the list has reloaded.
  await desk.getByRole('link', { name: /^Decide the approval as / }).first().waitFor({ state: 'detached' })
  const { proposal: approved } = await api('query($id: ID!) { proposal(id: $id) { approvals { decision approver { email } } } }', { id })
  assert.deepEqual(
    approved.approvals.map((a) => `${a.decision} ${a.approver?.email ?? 'recorded by HR'}`).sort(),
    [...titles.slice(0, -1).map(() => `APPROVE ${MANAGER}`), 'APPROVE recorded by HR'].sort(),
  )
  assert.deepEqual(desk.problems, [])
  await desk.context().close()

  await toWorkspace(page, id)
  await lifecycle(page, 'Mark as approved')
  await page.getByText('The proposal is approved. You can now open the consultation.').waitFor()
  assert.equal(await statusOf(id), 'APPROVED')

  // ---- A section changed after approval: the approvals were given on an earlier version,
  // and HR records why consultation can open without them given again.
  await writeSection(page, id, 'Benefits', 'benefits', [
    ['The benefits expected', 'Increased SEN Caseworker capacity will reduce the volume of complaints and First Tier Tribunals, let Annual Reviews focus on outcomes, and shorten waiting times.'],
  ])
  await page.getByRole('navigation', { name: 'Proposal workspace' }).getByRole('link', { name: 'Checklist and approvals' }).click()
  await atPath(page, `/proposals/${id}/checklist`)
  await page.getByText('Given on an earlier version').first().waitFor()
  await page.locator('.govuk-summary-list__row').filter({ hasText: 'Changed since' }).first().getByText('Sections').waitFor()
  await page.getByRole('button', { name: 'Proceed without re-approval' }).click()
  await page.getByRole('link', { name: 'Enter why consultation can open without these approvals given again' }).waitFor()
  await checkPage(page, 'journey-stale-approvals')
  const proceedReason = 'The change only adds a benefit; every approver agreed to it by email.'
  await page.getByLabel('Why can consultation open without these approvals given again?').fill(proceedReason)
  await page.getByRole('button', { name: 'Proceed without re-approval' }).click()
  await page.getByText('Your reason has been recorded').waitFor()
  await page.getByText(proceedReason).first().waitFor()
  const { proposal: proceeded } = await api('query($id: ID!) { proposal(id: $id) { approvals { givenOnEarlierVersion needsReapproval proceedReason } } }', { id })
  assert.ok(proceeded.approvals.every((a) => a.givenOnEarlierVersion && !a.needsReapproval && a.proceedReason === proceedReason), JSON.stringify(proceeded))
  await toWorkspace(page, id)

  // ---- Opening is refused until the unions are briefed and the period is set.
  await lifecycle(page, 'Open consultation')
  await page.getByRole('heading', { name: 'You cannot open consultation yet' }).waitFor()
  assert.deepEqual(await summaryItems(page), ['Share the proposal with its recognised unions.', 'Set the consultation period.'])
  await checkPage(page, 'journey-open-refused')
  await page.getByRole('link', { name: 'Set the consultation period.' }).click()
  await atPath(page, `/proposals/${id}/timetable`)
  await page.getByRole('link', { name: 'Change the consultation period' }).click()
  await page.getByRole('heading', { name: 'Consultation period', level: 1 }).waitFor()
  await page.getByLabel('Individual consultation only').check()
  await fillDate(page, 'First day of formal consultation', day(0))
  await fillDate(page, 'Last day of formal consultation', day(30))
  await page.getByRole('button', { name: 'Save the consultation period' }).click()
  await page.getByText('The consultation period has been saved.').waitFor()
  await page.getByRole('link', { name: 'Schedule a meeting' }).click()
  await page.getByRole('heading', { name: 'Schedule a meeting', level: 1 }).waitFor()
  await page.getByLabel('Title', { exact: true }).fill('Briefing for the trade unions: the SEN pilot team')
  await page.getByLabel('Briefing for the trade unions', { exact: true }).check()
  await fillDate(page, 'Date', day(2))
  await page.getByLabel('Start time').fill('10:00')
  await page.getByLabel('End time').fill('11:00')
  await page.getByLabel('Room or address (optional)').fill('Town Hall, Knowsley Street; Room 3, Bury')
  await page.getByLabel('The sponsoring manager').check()
  await page.getByLabel('Union representatives').check()
  await page.getByLabel(/avoiding/).check()
  await page.getByRole('button', { name: 'Schedule the meeting and send invitations' }).click()
  await page.getByText('The meeting has been scheduled.').waitFor()
  await checkPage(page, 'journey-timetable')

  await toWorkspace(page, id)
  await lifecycle(page, 'Share with unions')
  await page.getByText(/^The proposal has been shared with (UNISON and GMB|GMB and UNISON)\.$/).waitFor()
  // The page has reloaded the proposal (a step confirmed before that would send its old version).
  await page.locator('.govuk-summary-list__row').filter({ hasText: 'Shared with unions' }).getByText('Not yet').waitFor({ state: 'detached' })
  await lifecycle(page, 'Open consultation')
  await page.getByText('Consultation is open. Affected staff have been told and can respond.').waitFor()
  const { proposal: open } = await api('query($id: ID!) { proposal(id: $id) { status sharedWithUnionsAt timetable { consultationStart consultationEnd } meetings { title } } }', { id })
  assert.equal(open.status, 'CONSULTING')
  assert.ok(open.sharedWithUnionsAt)
  assert.deepEqual(open.timetable, { consultationStart: day(0), consultationEnd: day(30) })
  assert.deepEqual(open.meetings.map((m) => m.title), ['Briefing for the trade unions: the SEN pilot team'])
  await checkPage(page, 'journey-tasks-consulting')

  // ---- Closed (no gate waits for the last day); the decision waits for the outcome report.
  await lifecycle(page, 'Close consultation')
  await page.getByText('Consultation is closed. Write the outcome report, then record the decision.').waitFor()
  assert.equal(await statusOf(id), 'CONSULTATION_CLOSED')
  await lifecycle(page, 'Record the decision')
  await page.getByRole('heading', { name: 'You cannot record the decision yet' }).waitFor()
  assert.deepEqual(await summaryItems(page), ['Write the consultation outcome report.'])

  // A theme of the feedback, its response in the report, then the report complete.
  await page.getByRole('navigation', { name: 'Proposal workspace' }).getByRole('link', { name: 'Responses and themes' }).click()
  await atPath(page, `/proposals/${id}/responses`)
  await page.getByRole('heading', { name: 'Responses and themes', level: 1 }).waitFor()
  await page.getByLabel('Add a theme').fill('Caseloads')
  await page.getByRole('button', { name: 'Add theme' }).click()
  await page.getByText('Theme “Caseloads” added').waitFor()
  await checkPage(page, 'journey-responses')

  await page.getByRole('navigation', { name: 'Proposal workspace' }).getByRole('link', { name: 'Outcome report' }).click()
  await atPath(page, `/proposals/${id}/outcome`)
  await page.getByRole('heading', { name: 'Outcome report', level: 1 }).waitFor()
  await page.locator('.govuk-summary-card').filter({ has: page.getByRole('heading', { name: 'Caseloads', exact: true }) })
    .getByRole('link', { name: /^Write response/ }).click()
  await page.getByRole('heading', { name: 'Respond to “Caseloads”', level: 1, exact: false }).waitFor()
  await page.getByLabel('What management did').fill('An indicative maximum caseload will be agreed with the unions and reviewed after six months.')
  await page.getByLabel('No, it stays as it was').check()
  await page.getByRole('button', { name: 'Save response' }).click()
  await page.getByText('Response to “Caseloads” saved').waitFor()
  await atPath(page, `/proposals/${id}/outcome`)
  await page.getByText('the report is ready to complete').waitFor()
  await page.getByRole('button', { name: 'Mark as complete' }).click()
  await page.getByText('The outcome report is complete').waitFor()
  await checkPage(page, 'journey-outcome')
  const { proposal: reported } = await api('query($id: ID!) { proposal(id: $id) { outcomeReport { complete themes { outcome } } } }', { id })
  assert.equal(reported.outcomeReport.complete, true)
  assert.deepEqual(reported.outcomeReport.themes.map((t) => t.outcome), ['NO_CHANGE'])

  // The printable report, rendered by the server.
  await page.getByRole('link', { name: 'Open the printable report' }).click()
  await page.waitForURL(/outcome-report\.html$/)
  const printable = await page.locator('body').innerText()
  for (const text of [TITLE, 'Caseloads', 'An indicative maximum caseload']) {
    assert.ok(printable.includes(text), `the printable report shows “${text}”`)
  }

  // ---- With the report complete, the decision is recorded.
  await page.goto(`${server.url}/proposals/${id}/manage`)
  await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
  await lifecycle(page, 'Record the decision')
  await page.getByText('The decision has been recorded and published.').waitFor()
  assert.equal(await statusOf(id), 'DECIDED')
  await checkPage(page, 'journey-tasks-decided')
  assert.deepEqual(page.problems, [])
})
