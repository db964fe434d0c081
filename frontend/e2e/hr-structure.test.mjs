// HR builds the structure of a new proposal in the browser: a pay scale, two posts (one
// reporting to the other) and their costs, the charts, a job description with a second
// version and its diff, a CSV import with a bad row, an employee and a ring-fence pool.
// Then the demo proposal's structure and people pages, and a conflict shown, not overwritten.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

let server
let browser
let demo

const HR = 'hr@bury.example'

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  demo = await buryProposal(server)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

async function postsOf(id) {
  const { data } = await server.api(
    HR,
    'query($id: ID!) { proposal(id: $id) { costs { costBefore costAfter saving } posts(first: 100) { nodes { id title current { grade fte headcount reportsTo { title } } proposed { grade fte headcount reportsTo { title } } } } jobDescriptions { title versions { number label duties { number text } } } employees(first: 100) { nodes { name impact volunteer holdings { fte post { title } } } } ringFences { name members { name } } } }',
    { id },
  )
  return data.proposal
}

test('HR builds the structure of a new proposal, its job description and imports posts from CSV', async () => {
  const created = await server.api(
    HR,
    'mutation($input: CreateProposalInput!) { createProposal(input: $input) { id } }',
    { input: { fields: { title: 'Restructure of the Parks Team', service: 'Operations', establishment: 'Bury Town Hall' } } },
  )
  const id = created.data.createProposal.id
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  await page.goto(`${server.url}/proposals/${id}/structure`)
  await page.getByRole('heading', { name: 'Structure and costs', level: 1 }).waitFor()
  await page.getByText('There are no posts yet').waitFor()

  // A pay scale for the manager's grade; the form checks what is typed first.
  await page.getByRole('link', { name: 'Add a pay scale' }).click()
  await page.getByRole('heading', { name: 'Add a pay scale', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Save pay scale' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await page.getByRole('link', { name: 'Enter the grade' }).waitFor()
  await page.getByRole('link', { name: 'Enter the yearly salary' }).waitFor()
  await page.getByRole('link', { name: /Enter the on-costs/ }).waitFor()
  await page.getByLabel('Grade', { exact: true }).fill('Parks Grade 7')
  // The salary and the employer's on-costs on it; the yearly cost is worked out as they are typed.
  await page.getByLabel('Yearly salary of a full-time post').fill('£25,000')
  await page.getByLabel('On-costs as a percentage of the salary').fill('28.555')
  await page.getByRole('button', { name: 'Save pay scale' }).click()
  await page.getByRole('link', { name: /The on-costs must be a percentage from 0 to 100/ }).waitFor()
  await page.getByLabel('On-costs as a percentage of the salary').fill('28')
  await page.locator('#pay-scale-annual-cost').getByText('£32,000').waitFor()
  await checkPage(page, 'structure-pay-scale-form')
  await page.getByRole('button', { name: 'Save pay scale' }).click()
  await page.getByText('Pay scale for Parks Grade 7 saved: £32,000 a year').waitFor()
  await page.getByText('A salary of £25,000 with 28% on-costs.').waitFor()
  const { data: scales } = await server.api(HR, '{ payScales { grade salary onCostPercent annualCost } }')
  assert.deepEqual(
    scales.payScales.find((s) => s.grade === 'Parks Grade 7'),
    { grade: 'Parks Grade 7', salary: '25000.00', onCostPercent: 28, annualCost: '32000.00' },
  )

  // The first post: the manager, in both structures.
  await page.getByRole('link', { name: 'Add a post' }).click()
  await page.getByRole('heading', { name: 'Add a post', level: 1 }).waitFor()
  await page.locator('#post-current-fte').fill('1.234')
  await page.getByRole('button', { name: 'Add post' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await page.getByRole('link', { name: 'Enter the job title' }).waitFor()
  await page.getByRole('link', { name: 'Choose the grade now' }).waitFor()
  await page.getByRole('link', { name: /The FTE now must be a number/ }).waitFor()
  await checkPage(page, 'structure-post-errors')
  await page.getByLabel('Job title').fill('Parks Manager')
  await page.locator('#post-current-grade').selectOption('Parks Grade 7')
  await page.locator('#post-current-fte').fill('1')
  await page.getByRole('button', { name: 'Same as now' }).click()
  assert.equal(await page.locator('#post-proposed-grade').inputValue(), 'Parks Grade 7')
  await page.getByRole('button', { name: 'Add post' }).click()
  await page.getByText('Parks Manager added').waitFor()
  await page.getByText('£32,000 a year').first().waitFor()

  // The second post reports to the first, and shrinks from 3 to 2 FTE.
  await page.getByRole('link', { name: 'Add a post' }).click()
  await page.getByLabel('Job title').fill('Park Ranger')
  await page.locator('#post-current-grade').selectOption('Grade 4')
  await page.locator('#post-current-fte').fill('3')
  await page.locator('#post-current-headcount').fill('3')
  await page.locator('#post-current-reports-to').selectOption({ label: 'Parks Manager (Parks Grade 7)' })
  await page.getByRole('button', { name: 'Same as now' }).click()
  await page.locator('#post-proposed-fte').fill('2')
  await page.locator('#post-proposed-headcount').fill('2')
  await page.getByRole('button', { name: 'Add post' }).click()
  await page.getByText('Park Ranger added').waitFor()
  // 32,000 + 3 × 25,720 now; 32,000 + 2 × 25,720 proposed.
  const costs = page.locator('#costs + dl')
  await costs.getByText('£109,160 a year').waitFor()
  await costs.getByText('£83,440 a year').waitFor()
  await costs.getByText('£25,720 a year').waitFor()
  let proposal = await postsOf(id)
  assert.deepEqual(proposal.costs, { costBefore: '109160.00', costAfter: '83440.00', saving: '25720.00' })
  const ranger = proposal.posts.nodes.find((p) => p.title === 'Park Ranger')
  assert.equal(ranger.current.reportsTo.title, 'Parks Manager')
  assert.equal(ranger.proposed.reportsTo.title, 'Parks Manager')

  // The API refuses a reporting line that goes round in a circle; the form says where.
  await page.getByRole('link', { name: 'Change Parks Manager' }).click()
  await page.getByRole('heading', { name: 'Change Parks Manager', level: 1 }).waitFor()
  await page.locator('#post-current-reports-to').selectOption({ label: 'Park Ranger (Grade 4)' })
  await page.getByRole('button', { name: 'Save changes' }).click()
  await page.locator('#post-current-reports-to-error').getByText(/round in a circle/).waitFor()
  await page.locator('#post-current-reports-to').selectOption('')
  await page.getByLabel('Note (optional)').fill('Manages the rangers.')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await page.getByText('Parks Manager saved').waitFor()

  // The charts before and after, each also as a list.
  await page.getByText('Show the charts before and after').click()
  await page.getByRole('region', { name: /Chart of the structure now/ }).waitFor()
  await page.getByText('Show the proposed structure as a list').click()
  await page.locator('.app-org-chart-list').last().getByText('Park Ranger').waitFor()
  await checkPage(page, 'structure-new-proposal')

  // A job description, then a second version that changes a duty.
  await page.getByRole('link', { name: 'Create a job description' }).click()
  await atPath(page, `/proposals/${id}/job-descriptions/new/edit`)
  await page.getByRole('heading', { name: 'Create a job description', level: 1 }).waitFor()
  await page.getByLabel('Job title').fill('Park Ranger')
  await page.getByLabel('Proposed grade (optional)').fill('Grade 4')
  await page.getByLabel('Purpose of the job').fill('To look after the borough’s parks and the people who use them.')
  await page.getByLabel('Duty 1', { exact: true }).fill('Patrol the parks and report damage.')
  await page.getByRole('button', { name: 'Add another duty' }).click()
  await page.getByLabel('Duty 2', { exact: true }).fill('Open and lock the park gates at the set times.')
  await page.getByLabel('Essential criterion 1').fill('A full driving licence.')
  await page.getByRole('button', { name: 'Create job description' }).click()
  await page.getByText('Park Ranger job description created').waitFor()
  await page.getByRole('heading', { name: 'Park Ranger job description', level: 1 }).waitFor()
  assert.match(new URL(page.url()).pathname, new RegExp(`^/proposals/${id}/job-descriptions/[^/]+/edit$`))
  await page.getByText('There is one version.').waitFor()

  await page.getByRole('link', { name: 'Add a version' }).click()
  await page.getByRole('heading', { name: 'Add a version to the Park Ranger job description', level: 1 }).waitFor()
  // Prefilled from the latest version, so HR changes what differs.
  assert.equal(await page.getByLabel('Duty 1', { exact: true }).inputValue(), 'Patrol the parks and report damage.')
  assert.equal(await page.getByLabel('Version label').inputValue(), 'Proposed')
  await page.getByLabel('Purpose of the job').fill('')
  await page.getByRole('button', { name: 'Save as version 2' }).click()
  await page.getByRole('link', { name: 'Enter the purpose of the job' }).waitFor()
  await checkPage(page, 'structure-jd-version-errors')
  await page.getByLabel('Purpose of the job').fill('To look after the borough’s parks and the people who use them.')
  await page.getByLabel('Duty 2', { exact: true }).fill('Open and lock the park gates and toilets at the set times.')
  await page.getByRole('button', { name: 'Save as version 2' }).click()
  await page.getByText('Version 2 (Proposed) saved').waitFor()
  const diff = page.locator('.app-jd-diff')
  await diff.getByText('Version 1 (Current) to version 2 (Proposed)').waitFor()
  const changed = diff.locator('.app-duty--changed')
  await changed.getByText('Duty 2').waitFor()
  assert.match(await changed.locator('ins').innerText(), /toilets/)
  await checkPage(page, 'structure-jd-diff')
  proposal = await postsOf(id)
  assert.deepEqual(
    proposal.jobDescriptions[0].versions.map((v) => [v.number, v.label, v.duties[1].text]),
    [
      [1, 'Current', 'Open and lock the park gates at the set times.'],
      [2, 'Proposed', 'Open and lock the park gates and toilets at the set times.'],
    ],
  )

  // A CSV of posts with one bad row: nothing is imported, and the report says which row and why.
  await page.goto(`${server.url}/proposals/${id}/structure`)
  await page.getByRole('link', { name: 'Import posts from a spreadsheet' }).click()
  await page.getByRole('heading', { name: 'Import posts from a spreadsheet', level: 1 }).waitFor()
  const header = 'ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note'
  const good = ['G,Gardener,true,Grade 4,2,2,Parks Manager,Grade 4,2,2,Parks Manager,', 'A,Apprentice Gardener,true,,,,,Grade 4,1,1,G,New post']
  const choose = (rows) =>
    page.getByLabel('Upload a file').setInputFiles({ name: 'posts.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\n')) })
  await choose([...good, 'X,Tree Surgeon,true,Grade 99,1,1,Nowhere,,,,,'])
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('button', { name: 'Preview the import' }).click()
  await page.getByText('Nothing can be imported yet: 1 row has problems').waitFor()
  const report = page.getByRole('region', { name: 'Problems to correct' })
  await report.getByText(/no pay scale for "Grade 99"/).waitFor()
  await report.getByText(/"Nowhere" is neither a ref/).waitFor()
  await checkPage(page, 'structure-import-report')
  assert.equal((await postsOf(id)).posts.nodes.length, 2, 'nothing was imported')

  await page.getByRole('button', { name: 'Upload a corrected file' }).click()
  await choose(good)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('button', { name: 'Preview the import' }).click()
  await page.getByRole('button', { name: 'Import 2 posts' }).click()
  await page.getByText('2 posts imported').waitFor()
  proposal = await postsOf(id)
  assert.deepEqual(proposal.posts.nodes.map((p) => p.title).sort(), ['Apprentice Gardener', 'Gardener', 'Park Ranger', 'Parks Manager'])

  // An employee at risk, then a ring-fence pool of the rangers for the ranger posts.
  await page.goto(`${server.url}/proposals/${id}/people`)
  await page.getByRole('heading', { name: 'People and impacts', level: 1 }).waitFor()
  await page.getByRole('link', { name: 'Add an employee' }).click()
  await page.getByRole('heading', { name: 'Add an employee', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Add employee' }).click()
  await page.getByRole('link', { name: 'Enter the employee’s name' }).waitFor()
  await page.getByRole('link', { name: 'Choose what the proposal means for them' }).waitFor()
  await checkPage(page, 'structure-employee-errors')
  await page.getByLabel('Name', { exact: true }).fill('Robin Hood')
  await page.getByLabel('Employee number').fill('P100')
  await page.getByLabel('Work email address').fill('robin.hood@bury.example')
  await page.getByLabel('Gross weekly pay (£, optional)').fill('£410.5')
  await page.getByLabel('Post 1', { exact: true }).selectOption({ label: 'Park Ranger (Grade 4, 3 FTE vacant)' })
  await page.getByLabel('At risk of redundancy').check()
  await page.getByLabel('Volunteered for redundancy').check()
  await page.getByLabel('What it means for them (optional)').fill('The ranger establishment reduces from 3 to 2 FTE.')
  await page.getByRole('button', { name: 'Add employee' }).click()
  await page.getByText('Robin Hood added').waitFor()
  const row = page.locator('.app-people-table').getByRole('row').filter({ hasText: 'Robin Hood' })
  await row.getByText('At risk of redundancy').waitFor()
  await row.getByText('Park Ranger (1 FTE)').waitFor()
  await row.getByText('Volunteer', { exact: true }).waitFor()

  // Robin has no account: the page says so, and HR invites everyone affected at once.
  const withoutAccounts = page.getByRole('region', { name: 'Important' })
  await withoutAccounts.getByText('1 affected employee has no account: they hear nothing from Consult until they are invited.').waitFor()
  await withoutAccounts.getByText('Robin Hood, robin.hood@bury.example').waitFor()
  await checkPage(page, 'structure-people-without-accounts')
  await withoutAccounts.getByRole('button', { name: 'Invite them all' }).click()
  await page.getByText('Invited 1 person').waitFor()
  await withoutAccounts.waitFor({ state: 'detached' })
  const { data: invited } = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { affectedWithoutAccountCount employees(first: 10) { nodes { name weeklyPay } } } }', { id })
  assert.equal(invited.proposal.affectedWithoutAccountCount, 0)
  assert.deepEqual(invited.proposal.employees.nodes, [{ name: 'Robin Hood', weeklyPay: '410.50' }])

  await page.getByRole('link', { name: 'Create a ring-fence pool' }).click()
  await page.getByRole('heading', { name: 'Create a ring-fence pool', level: 1 }).waitFor()
  await page.getByLabel('Name', { exact: true }).fill('Park Ranger pool')
  await page.getByLabel('The rule that made the pool').fill('60% rule: current rangers whose job matches the new one.')
  await page.getByRole('group', { name: 'Holders of which current posts' }).getByLabel('Park Ranger', { exact: true }).check()
  await page.getByRole('group', { name: 'May fill which proposed posts' }).getByLabel('Park Ranger', { exact: true }).check()
  await page.getByRole('button', { name: 'Add the holders of the chosen current posts' }).click()
  assert.ok(await page.getByLabel('Robin Hood').isChecked())
  await checkPage(page, 'structure-ring-fence')
  await page.getByRole('button', { name: 'Create pool' }).click()
  await page.getByText('Park Ranger pool created').waitFor()
  await page.getByRole('heading', { name: 'Park Ranger pool', exact: true }).waitFor()
  await page.getByText('1 person for 2 posts').waitFor()
  proposal = await postsOf(id)
  assert.deepEqual(proposal.employees.nodes.map((e) => [e.name, e.impact, e.volunteer, e.holdings[0].post.title]), [['Robin Hood', 'AT_RISK', true, 'Park Ranger']])
  assert.deepEqual(proposal.ringFences.map((r) => [r.name, r.members.map((m) => m.name)]), [['Park Ranger pool', ['Robin Hood']]])
})

test('the demo proposal: its structure, people and job description pages, and a change someone else saved first', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  await page.goto(`${server.url}/proposals/${demo.id}/structure`)
  await page.getByRole('heading', { name: 'Structure and costs', level: 1 }).waitFor()
  await page.getByText('£3,186 a year').waitFor()
  await page.getByRole('link', { name: 'Change Senior SEN Practitioner' }).waitFor()
  await checkPage(page, 'structure-demo')

  await page.getByRole('link', { name: 'Edit the SEN Caseworker job description' }).click()
  await page.getByRole('heading', { name: 'SEN Caseworker job description', level: 1 }).waitFor()
  // HR sees every comment on a duty with its author.
  const comments = page.locator('#comments ~ div')
  await comments.getByText('Pat Jones (UNISON)').first().waitFor()
  await comments.getByText('Chris Walsh (GMB)').first().waitFor()

  await page.goto(`${server.url}/proposals/${demo.id}/people`)
  await page.getByRole('heading', { name: 'People and impacts', level: 1 }).waitFor()
  await page.getByRole('heading', { name: 'SEN Caseworker ring fence' }).waitFor()
  await checkPage(page, 'structure-people-demo')

  // Jo Brierley's record, changed by another HR officer while it is open here.
  await page.getByRole('link', { name: 'Change Jo Brierley' }).click()
  await page.getByRole('heading', { name: 'Change Jo Brierley’s record', level: 1 }).waitFor()
  const { data } = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { employees(first: 100) { nodes { id name version } } } }', { id: demo.id })
  const jo = data.proposal.employees.nodes.find((e) => e.name === 'Jo Brierley')
  const theirs = await server.api(
    HR,
    'mutation($input: UpdateEmployeeInput!) { updateEmployee(input: $input) { version } }',
    { input: { id: jo.id, expectedVersion: jo.version, impactNote: 'Changed by another HR officer.' } },
  )
  assert.ok(theirs.data, JSON.stringify(theirs.errors))
  await page.getByLabel('Slots in to a new post').check()
  await page.getByLabel('The new post they move into').selectOption({ label: 'SEN Caseworker (Grade 9)' })
  await page.getByRole('button', { name: 'Save changes' }).click()
  await page.getByText('Someone else changed this employee’s record since you opened it').waitFor()
  // Their change is shown, and ours was not saved over it.
  await page.waitForFunction(() => document.querySelector('#employee-impact-note')?.value === 'Changed by another HR officer.')
  const after = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { employees(first: 100) { nodes { name impact impactNote } } } }', { id: demo.id })
  const saved = after.data.proposal.employees.nodes.find((e) => e.name === 'Jo Brierley')
  assert.deepEqual([saved.impact, saved.impactNote], ['RING_FENCED', 'Changed by another HR officer.'])
})
