// The record of a consultation meeting (issue 17), on a phone: HR records who attended a
// past demo meeting and writes its minutes in headed sections with the s188(2) subjects
// discussed, tables a paper and agrees an action, then shares the minutes; UNISON's
// representative records its disagreement in its own words and GMB's confirms them; HR sees
// both replies, UNISON's account beside the minutes. Then the consultation bundle from the
// workspace (HR's and the union copy) and a subject access export.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, fillDate, launchBrowser, newPage, signIn, startServer } from './support.mjs'

let server
let browser
let proposal
let meeting

const HR = 'hr@bury.example'
const UNISON = 'unison.rep@bury.example'
const GMB = 'gmb.rep@bury.example'
const PHONE = { width: 375, height: 812 }
// A past union briefing of the demo (its dates move with today, its title does not).
const MEETING_TITLE = 'Formal consultation instigated: consultation pack issued to the trade unions'

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  proposal = await buryProposal(server)
  const { data } = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { meetings { id title endsAt } } }', { id: proposal.id })
  meeting = data.proposal.meetings.find((m) => m.title === MEETING_TITLE)
  assert.ok(meeting && Date.parse(meeting.endsAt) < Date.now(), 'the demo has the union briefing, already held')
  // The demo records every meeting already held; this one's record is cleared, so HR writes
  // it as on the day after the meeting (no API removes a record: it is evidence).
  server.sql(
    ['meeting_minutes_reply', 'meeting_minutes', 'meeting_attendee']
      .map((table) => `DELETE FROM ${table} WHERE meeting_id IN (SELECT id FROM meeting WHERE title = '${MEETING_TITLE}');`)
      .join(' '),
  )
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** A calendar date `offset` days from today. */
function day(offset) {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
}

const meetingPath = () => `/proposals/${proposal.id}/meetings/${meeting.id}`

test('HR records attendance and minutes of a past meeting on a phone, tables a paper, agrees an action and shares the minutes', async () => {
  const page = await newPage(browser, PHONE)
  await signIn(page, server, server.accounts[HR])

  // From the timetable, the meeting's record.
  await page.goto(`${server.url}/proposals/${proposal.id}/timetable`)
  await page.getByRole('heading', { name: 'Timetable and s188', level: 1 }).waitFor()
  await page.getByRole('link', { name: `Attendance and minutes of ${MEETING_TITLE}` }).click()
  await atPath(page, meetingPath())
  await page.getByRole('heading', { name: MEETING_TITLE, level: 1 }).waitFor()
  await page.getByText('No attendance has been recorded.').waitFor()
  await checkPage(page, 'meeting-record-empty')

  // Attendance: HR and the sponsor are there to start with; add the two union representatives.
  await page.getByRole('link', { name: 'Record attendance' }).click()
  await page.getByRole('heading', { name: 'Who attended?', level: 1 }).waitFor()
  const person = (n) => page.getByRole('group', { name: `Person ${n}`, exact: true })
  assert.equal(await person(1).getByLabel('Name').inputValue(), server.accounts[HR].name)
  assert.equal(await person(2).getByLabel('Name').inputValue(), server.accounts['strategic.lead@bury.example'].name)
  await page.getByRole('button', { name: 'Add another person' }).click()
  // The new row's name field has focus: type straight into it.
  await page.keyboard.type('Pat Jones')
  await person(3).getByLabel('Capacity').selectOption({ label: 'Union representative' })
  await page.getByRole('button', { name: 'Add another person' }).click()
  await page.getByRole('button', { name: 'Save the attendance' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await page.getByRole('link', { name: 'Select the union person 3 represents' }).waitFor()
  await page.getByRole('link', { name: 'Enter the name of person 4' }).waitFor()
  await checkPage(page, 'meeting-attendance-errors')
  await person(3).getByLabel('Union').selectOption('UNISON')
  await person(4).getByLabel('Name').fill('Chris Walsh')
  await person(4).getByLabel('Capacity').selectOption({ label: 'Union representative' })
  await person(4).getByLabel('Union').selectOption('GMB')
  await person(4).getByLabel('Sent apologies').check()
  // A row added by mistake, removed again.
  await page.getByRole('button', { name: 'Add another person' }).click()
  await page.getByRole('button', { name: 'Remove person 5' }).click()
  assert.equal(await person(5).count(), 0)
  await page.getByRole('button', { name: 'Save the attendance' }).click()
  await page.getByText('The attendance has been recorded.').waitFor()
  await page.getByRole('heading', { name: 'Present (3)' }).waitFor()
  await page.getByRole('heading', { name: 'Apologies (1)' }).waitFor()

  // Minutes, from the default headings.
  await page.getByRole('link', { name: 'Write the minutes' }).click()
  await page.getByRole('heading', { name: 'Write the minutes', level: 1 }).waitFor()
  const section = (n) => page.getByRole('group', { name: `Section ${n}`, exact: true })
  assert.equal(await section(2).getByLabel('Heading').inputValue(), 'Ways of avoiding the dismissals')
  await checkPage(page, 'meeting-minutes-form')
  await page.getByRole('button', { name: 'Save draft minutes' }).click()
  await page.getByRole('link', { name: 'Write what was said under at least one heading' }).waitFor()
  await section(1).getByLabel('What was said').fill('HR issued the consultation pack and the s188(4) letter to UNISON and GMB.')
  await section(2).getByLabel('What was said').fill('UNISON asked whether the vacant Senior post could be held open. Management will consider it.')
  await section(3).getByLabel('What was said').fill('Management set out the ring fences and the slot-in rule.')
  await page.getByRole('button', { name: 'Remove section 6' }).click()
  await page.getByRole('button', { name: 'Add another section' }).click()
  await section(6).getByLabel('Heading').fill('Any other business')
  await section(6).getByLabel('What was said').fill('None.')
  await page.getByLabel('Ways of avoiding the dismissals', { exact: true }).check()
  await page.getByLabel('Ways of reducing the number of employees to be dismissed').check()
  await page.getByRole('button', { name: 'Save draft minutes' }).click()
  await page.getByText('The minutes have been saved as a draft.').waitFor()
  await page.getByText('Draft, not shared').waitFor()
  await page.getByRole('heading', { name: 'Any other business' }).waitFor()

  // A paper tabled at the meeting.
  await page.getByLabel('Table a document').setInputFiles({
    name: 'caseload-figures.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Caseloads per caseworker, November: 42, 38, 45.\n'),
  })
  await page.getByRole('button', { name: 'Upload the document' }).click()
  await page.getByRole('link', { name: 'caseload-figures.txt' }).waitFor()

  // An action: a question for the sponsor to answer.
  await page.getByRole('link', { name: 'Agree an action' }).click()
  await page.getByRole('heading', { name: 'Agree an action', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Agree the action' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await checkPage(page, 'meeting-action-errors')
  await page.getByLabel('What was agreed?').fill('Say whether the vacant Senior SEN Practitioner post can be held open for redeployment.')
  await page.getByLabel('A question to answer').check()
  await page.getByLabel('Who owns it?').selectOption({ label: server.accounts['strategic.lead@bury.example'].name })
  await fillDate(page, 'When is it due?', day(7))
  await page.getByRole('button', { name: 'Agree the action' }).click()
  await page.getByText('The action has been agreed.').waitFor()
  await page.getByText('Say whether the vacant Senior SEN Practitioner post can be held open').waitFor()

  // Shared with the union side.
  await page.getByRole('button', { name: 'Share the minutes with the union side' }).click()
  await page.getByText('The minutes have been shared with the union side.').waitFor()
  await page.getByText('Shared with the union side', { exact: true }).waitFor()
  await checkPage(page, 'meeting-record-shared')
  // The timetable says where each held meeting's record stands.
  await page.getByRole('link', { name: 'Back to the timetable' }).click()
  await page.getByRole('heading', { name: 'Timetable and s188', level: 1 }).waitFor()
  const card = page.locator(`#meeting-${meeting.id}`)
  await card.getByText('Minutes shared').waitFor()
  await card.getByText('Attendance recorded (4 people)').waitFor()

  const { data } = await server.api(
    HR,
    'query($id: ID!) { proposal(id: $id) { meetings { id attendance { name capacity present } minutes { status subjectsDiscussed sections { heading } } documents { fileName } actions { kind question { id } } } } }',
    { id: proposal.id },
  )
  const saved = data.proposal.meetings.find((m) => m.id === meeting.id)
  assert.deepEqual(
    saved.attendance.map((a) => [a.name, a.capacity, a.present]).sort(),
    [
      ['Chris Walsh', 'UNION', false],
      ['Pat Jones', 'UNION', true],
      [server.accounts[HR].name, 'HR', true],
      [server.accounts['strategic.lead@bury.example'].name, 'MANAGEMENT', true],
    ].sort(),
  )
  assert.equal(saved.minutes.status, 'SHARED')
  assert.deepEqual(saved.minutes.subjectsDiscussed, ['AVOIDING', 'REDUCING'])
  // The default headings left empty are not saved.
  assert.deepEqual(saved.minutes.sections.map((x) => x.heading), [
    'Introductions and purpose of the meeting',
    'Ways of avoiding the dismissals',
    'Ways of reducing the number of dismissals',
    'Any other business',
  ])
  assert.deepEqual(saved.documents.map((d) => d.fileName), ['caseload-figures.txt'])
  assert.equal(saved.actions[0].kind, 'QUESTION')
  assert.ok(saved.actions[0].question, 'the action is a question in the question log')
  await page.context().close()
})

test('UNISON records its disagreement in its own words, GMB confirms, and HR sees both replies', async () => {
  // UNISON, on a phone, from the proposal's list of meetings held.
  const rep = await newPage(browser, PHONE)
  await signIn(rep, server, server.accounts[UNISON])
  await rep.goto(`${server.url}/proposals/${proposal.id}`)
  await rep.getByRole('heading', { name: 'Meetings', level: 2 }).waitFor()
  await rep.getByText(/^Meetings already held/).click()
  await rep.getByRole('link', { name: `Attendance, minutes and documents of ${MEETING_TITLE}` }).click()
  await atPath(rep, meetingPath())
  await rep.getByRole('heading', { name: MEETING_TITLE, level: 1 }).waitFor()
  await rep.getByText('UNISON asked whether the vacant Senior post could be held open.').waitFor()
  await rep.getByRole('link', { name: 'caseload-figures.txt' }).waitFor()
  await checkPage(rep, 'rep-meeting-record')
  await rep.getByRole('link', { name: 'Record your disagreement' }).click()
  await rep.getByRole('heading', { name: 'Record your disagreement with the minutes', level: 1 }).waitFor()
  await rep.getByRole('button', { name: 'Record your disagreement' }).click()
  await rep.getByRole('link', { name: 'Enter where you disagree with the minutes' }).waitFor()
  await checkPage(rep, 'rep-meeting-dispute-errors')
  const account = 'UNISON asked for the Senior post to be held open, and management agreed to hold it until the end of consultation.'
  await rep.getByLabel('Where do you disagree?').fill(account)
  await rep.getByRole('button', { name: 'Record your disagreement' }).click()
  await rep.getByText('Your disagreement has been recorded.').waitFor()
  await rep.getByText(account).waitFor()
  await checkPage(rep, 'rep-meeting-disputed')
  await rep.context().close()

  // GMB confirms them.
  const gmb = await newPage(browser, PHONE)
  await signIn(gmb, server, server.accounts[GMB])
  await gmb.goto(`${server.url}${meetingPath()}`)
  await gmb.getByRole('heading', { name: MEETING_TITLE, level: 1 }).waitFor()
  await gmb.getByRole('button', { name: 'Confirm the minutes' }).click()
  await gmb.getByText('You have confirmed the minutes.').waitFor()
  await gmb.context().close()

  // HR sees each union's reply, and UNISON's account beside the minutes.
  const hr = await newPage(browser)
  await signIn(hr, server, server.accounts[HR])
  await hr.goto(`${server.url}${meetingPath()}`)
  await hr.getByRole('heading', { name: 'Where UNISON disagrees' }).waitFor()
  await hr.getByText(account).waitFor()
  await hr.getByText('Disputed', { exact: true }).first().waitFor()
  await hr.getByRole('heading', { name: "The union side's replies" }).waitFor()
  const replies = await hr.locator('section[aria-labelledby="replies"]').innerText()
  assert.match(replies, /GMB\s+Confirmed/)
  assert.match(replies, /UNISON\s+Disagrees/)
  await checkPage(hr, 'meeting-record-replies')
  await hr.context().close()

  // Staff see none of the record: no link from the proposal, and the address refuses them.
  const staff = await newPage(browser, PHONE)
  await signIn(staff, server, server.accounts['caseworker@bury.example'])
  await staff.goto(`${server.url}/proposals/${proposal.id}`)
  await staff.getByRole('heading', { name: 'Meetings', level: 2 }).waitFor()
  assert.equal(await staff.getByRole('link', { name: /^Attendance, minutes and documents/ }).count(), 0)
  await staff.goto(`${server.url}${meetingPath()}`)
  await staff.getByRole('heading', { name: 'You cannot see this page', level: 1 }).waitFor()
  await staff.context().close()
})

test('HR downloads the consultation bundle from the workspace, and a representative the union copy', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  await page.goto(`${server.url}/proposals/${proposal.id}/manage`)
  const link = page.getByRole('link', { name: 'Download the consultation bundle (ZIP)' })
  await link.waitFor()
  await checkPage(page, 'workspace-bundle')
  const href = await link.getAttribute('href')
  assert.equal(href, `/proposals/${proposal.id}/bundle.zip`)
  const bundle = await page.request.get(`${server.url}${href}`)
  assert.equal(bundle.status(), 200)
  assert.match(bundle.headers()['content-type'], /^application\/zip/)
  assert.deepEqual([...(await bundle.body()).subarray(0, 2)], [0x50, 0x4b], 'a ZIP file')
  await page.context().close()

  const rep = await newPage(browser, PHONE)
  await signIn(rep, server, server.accounts[UNISON])
  await rep.goto(`${server.url}/proposals/${proposal.id}`)
  const union = rep.getByRole('link', { name: 'Download the consultation bundle (union copy, ZIP)' })
  await union.waitFor()
  const unionHref = await union.getAttribute('href')
  assert.match(unionHref, /variant=union/)
  const copy = await rep.request.get(`${server.url}${unionHref}`)
  assert.equal(copy.status(), 200)
  assert.match(copy.headers()['content-type'], /^application\/zip/)
  await checkPage(rep, 'rep-proposal-bundle')
  await rep.context().close()
})

test('HR answers a subject access request from the people page with a JSON export', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  await page.goto(`${server.url}/proposals/${proposal.id}/people`)
  await page.getByRole('link', { name: 'Respond to a subject access request' }).click()
  await atPath(page, `/proposals/${proposal.id}/subject-access`)
  await page.getByRole('heading', { name: 'Respond to a subject access request', level: 1 }).waitFor()
  await page.getByText('Article 15 of the UK GDPR').waitFor()
  await page.getByRole('button', { name: 'Download their data (JSON)' }).click()
  await page.getByRole('link', { name: 'Enter the email address of the person asking' }).waitFor()
  await checkPage(page, 'subject-access-errors')

  // Picking the person fills in their address.
  await page.getByLabel('Choose the person (optional)').selectOption({ label: 'Jo Brierley (caseworker@bury.example)' })
  assert.equal(await page.getByLabel('Email address of the person asking').inputValue(), 'caseworker@bury.example')
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download their data (JSON)' }).click()
  const download = await downloading
  assert.match(download.suggestedFilename(), /\.json$/)
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'))
  assert.ok(JSON.stringify(exported).includes('caseworker@bury.example'), 'the export is about the person asked for')
  await page.getByText('The export for caseworker@bury.example has been downloaded.').waitFor()
  await checkPage(page, 'subject-access-downloaded')
  await page.context().close()
})

test('HR sets how long personal data is kept after a decision', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  await page.getByRole('link', { name: 'How long personal data is kept' }).click()
  await atPath(page, '/employer-policy/retention')
  await page.getByRole('heading', { name: 'How long personal data is kept', level: 1 }).waitFor()
  assert.equal(await page.getByLabel('Years to keep personal data after the decision').inputValue(), '6')
  assert.ok(await page.getByLabel('Remove it with the names').isChecked())
  await page.getByLabel('Years to keep personal data after the decision').fill('21')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await page.getByRole('link', { name: 'Enter a whole number of years from 1 to 20' }).waitFor()
  await checkPage(page, 'retention-errors')
  await page.getByLabel('Years to keep personal data after the decision').fill('7')
  await page.getByLabel('Keep it, with the names replaced').check()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await page.getByText('How long personal data is kept has been saved.').waitFor()
  await checkPage(page, 'retention-saved')
  const { data } = await server.api(HR, '{ employerPolicy { retentionYears retentionKeepsFreeText } }')
  assert.deepEqual(data.employerPolicy, { retentionYears: 7, retentionKeepsFreeText: true })
  await page.context().close()
})
