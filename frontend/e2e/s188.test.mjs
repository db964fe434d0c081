// Where collective consultation applies: HR and a union representative read the s188 panel
// of a proposal with 25 proposed dismissals (one of them by dismissal and re-engagement): the
// counts when consultation began and now, both HR1 limbs, each item as disclosed, and the two
// disclosures given, the first incomplete and the second the one that began consultation.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

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
const REP = 'unison.rep@bury.example'

/** A calendar date in London, `offset` days from today (the server's "today" is London's). */
function day(offset) {
  return new Date(Date.now() + offset * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' })
}

async function api(query, variables) {
  const result = await server.api(HR, query, variables)
  assert.equal(result.errors, undefined, JSON.stringify(result.errors))
  return result.data
}

async function version(id) {
  return (await api('query($id: ID!) { proposal(id: $id) { version } }', { id })).proposal.version
}

const FIELDS = 'mutation($id: ID!, $v: Int!, $f: ProposalFieldsInput!) { updateProposal(input: {id: $id, expectedVersion: $v, fields: $f}) { version } }'

test('HR and a union representative read the s188 position where collective consultation applies', async () => {
  for (const [grade, cost] of [['Grade 13', '41260'], ['Grade 12', '40123'], ['Grade 9', '36700']]) {
    await api('mutation($g: String!, $c: Money!) { setPayScale(input: {grade: $g, annualCost: $c}) { grade } }', { g: grade, c: cost })
  }
  const { createProposal: { id } } = await api(
    'mutation { createProposal(input: {fields: {title: "Restructure of the Caseworker Teams", service: "Children and Young People", establishment: "Bury SEN Service", recognisedUnions: ["UNISON"]}}) { id } }',
  )
  const posts = [
    'ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note',
    'sp,Senior SEN Practitioner,,Grade 13,1,1,,Grade 12,1,1,,Regraded',
    'cw,SEN Caseworker,,Grade 9,30,30,sp,Grade 9,5,5,sp,Reduction to 5 FTE',
    '',
  ].join('\n')
  await api('mutation($id: ID!, $csv: String!) { importStructureCsv(input: {proposalId: $id, kind: POSTS, csv: $csv}) { imported } }', { id, csv: posts })
  const people = ['employee_number,name,work_email,post,fte,impact,impact_note', 'S1,Sam Senior,sam.senior@bury.example,Senior SEN Practitioner,1,DISMISS_AND_REENGAGE,']
  for (let i = 0; i < 24; i++) people.push(`C${i},Caseworker ${i},cw${i}@bury.example,SEN Caseworker,1,AT_RISK,`)
  await api('mutation($id: ID!, $csv: String!) { importStructureCsv(input: {proposalId: $id, kind: EMPLOYEES, csv: $csv}) { imported } }', {
    id,
    csv: `${people.join('\n')}\n`,
  })
  await api(FIELDS, {
    id,
    v: await version(id),
    f: {
      rationale: 'Demand for statutory assessments has fallen by half.',
      proposalText: 'Reduce the caseworker teams from 30 to 5 posts.',
      selectionMethod: 'Caseworkers compete for the 5 posts against published criteria: attendance is not a criterion.',
      dismissalMethod: 'Under the council’s redundancy procedure, with notice given after consultation ends.',
      redundancyPayMethod: 'Statutory redundancy pay only.',
      agencyWorkers: 'None.',
    },
  })
  await api(
    'mutation($id: ID!, $s: NaiveDate!, $e: NaiveDate!, $n: NaiveDate!, $f: NaiveDate!) { setTimetable(input: {proposalId: $id, expectedVersion: 0, consultationType: COLLECTIVE, consultationStart: $s, consultationEnd: $e, plannedFirstNotice: $n, plannedFirstDismissal: $f}) { version } }',
    { id, s: day(0), e: day(40), n: day(41), f: day(60) },
  )
  await api('mutation($id: ID!) { shareProposalWithUnions(input: {id: $id}) { id } }', { id })
  // The first disclosure lacks the establishment's workforce (s188(4)(c)); the second gives it.
  await api('mutation($id: ID!, $d: NaiveDate!) { giveS188Disclosure(input: {proposalId: $id, givenOn: $d}) { consultationStart } }', { id, d: day(0) })
  await api(FIELDS, {
    id,
    v: await version(id),
    f: { establishmentWorkforce: { asOf: day(0), descriptions: [{ description: 'SEN Caseworker (Grade 9)', headcount: 30 }, { description: 'Senior SEN Practitioner (Grade 13)', headcount: 1 }, { description: 'Other staff', headcount: 60 }] } },
  })
  await api('mutation($id: ID!, $d: NaiveDate!) { giveS188Disclosure(input: {proposalId: $id, givenOn: $d}) { consultationStart } }', { id, d: day(0) })
  const { proposal } = await api(
    'query($id: ID!) { proposal(id: $id) { s188 { applies proposedDismissalsAtStart proposedDismissalsNow hr1DueBeforeFirstNotice hr1DueBeforeFirstDismissal hr1DueDate disclosures { version complete startedConsultation missing } } } }',
    { id },
  )
  assert.equal(proposal.s188.applies, true)
  assert.equal(proposal.s188.proposedDismissalsNow, 25)
  assert.deepEqual(
    proposal.s188.disclosures.map((d) => [d.version, d.complete, d.startedConsultation, d.missing]),
    [
      [1, false, false, ['TOTAL_EMPLOYED']],
      [2, true, true, []],
    ],
  )

  // HR reads it on the timetable page.
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  await page.goto(`${server.url}/proposals/${id}/timetable`)
  const panel = page.locator('section[aria-labelledby="s188-heading"]')
  await panel.getByRole('heading', { name: 'Collective consultation (section 188)' }).waitFor()
  await panel.getByText('Proposed when consultation began', { exact: true }).waitFor()
  await panel.getByText('Before the first notice of dismissal', { exact: true }).waitFor()
  const versions = panel.getByRole('table', { name: 'Disclosures given to the representatives' })
  await versions.getByRole('row').filter({ hasText: 'Consultation began' }).getByRole('rowheader', { name: /^2/ }).waitFor()
  await versions.getByRole('row').filter({ hasText: 'Not complete' }).getByText(/total number of employees/).waitFor()
  // Each item beside what the disclosure says for it.
  await panel.getByText('attendance is not a criterion').first().waitFor()
  await checkPage(page, 's188-panel-hr')

  // The union representative reads the same on the proposal.
  const rep = await newPage(browser)
  await signIn(rep, server, server.accounts[REP])
  await rep.goto(`${server.url}/proposals/${id}`)
  // The union's part, at the top of the page, leads to the s188 position first.
  await rep.getByRole('link', { name: /^The section 188 position/ }).click()
  await rep.waitForFunction(() => location.hash === '#s188')
  const repPanel = rep.locator('section[aria-labelledby="s188-heading"]')
  await repPanel.getByRole('heading', { name: 'Collective consultation (section 188)' }).waitFor()
  await repPanel.getByRole('table', { name: 'Disclosures given to the representatives' }).waitFor()
  await checkPage(rep, 's188-panel-rep')
})
