// HR imports employees from the files they actually have: a Windows-1252 file from Excel's
// "CSV (Comma delimited)", a semicolon-separated file, and one with the payroll system's
// own headings mapped to Consult's fields; each previewed before it is imported.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

let server
let browser

const HR = 'hr@bury.example'

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

async function namesOf(id) {
  const { data } = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { employees(first: 100) { nodes { name } } } }', { id })
  return data.proposal.employees.nodes.map((e) => e.name).sort()
}

test('HR imports employees from a Windows-1252 file, a semicolon file and a file with their own headings', async () => {
  await server.api(HR, 'mutation { setPayScale(input: {grade: "Import Grade 9", annualCost: "36700"}) { grade } }', {})
  const created = await server.api(HR, 'mutation($input: CreateProposalInput!) { createProposal(input: $input) { id } }', {
    input: { fields: { title: 'Restructure of Libraries', service: 'Culture', establishment: 'Bury Libraries' } },
  })
  const id = created.data.createProposal.id
  const posts = 'ref,title,current_grade,current_fte,proposed_grade,proposed_fte\ncw,Library Assistant,Import Grade 9,6,Import Grade 9,4\n'
  const imported = await server.api(HR, 'mutation($id: ID!, $csv: String!) { importStructureCsv(input: {proposalId: $id, kind: POSTS, csv: $csv}) { imported } }', { id, csv: posts })
  assert.equal(imported.data.importStructureCsv.imported, 1)

  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  await page.goto(`${server.url}/proposals/${id}/people`)
  await page.getByRole('link', { name: 'Import employees from a spreadsheet' }).first().click()
  await page.getByRole('heading', { name: 'Import employees from a spreadsheet', level: 1 }).waitFor()
  await checkPage(page, 'hr-import-upload')

  const choose = (name, buffer) => page.getByLabel('Upload a file').setInputFiles({ name, mimeType: 'text/csv', buffer })

  // 1. Excel's "CSV (Comma delimited)": é and £ as single Windows-1252 bytes.
  const header = 'employee_number,name,work_email,post,fte,impact,impact_note'
  await choose('windows.csv', Buffer.from(`${header}\r\nL1,Renée Lefèvre,renee@bury.example,library assistant,1,AT_RISK,Keeps her £100 allowance\r\n`, 'latin1'))
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByText(/was read as Windows-1252/).waitFor()
  await checkPage(page, 'hr-import-mapping')
  await page.getByRole('button', { name: 'Preview the import' }).click()
  await page.getByText('1 employee would be created; none would be changed.').waitFor()
  await page.getByRole('cell', { name: 'Renée Lefèvre' }).waitFor()
  await checkPage(page, 'hr-import-preview')
  assert.deepEqual(await namesOf(id), [], 'a preview writes nothing')
  await page.getByRole('button', { name: 'Import 1 employee' }).click()
  await page.getByText('1 employee imported').waitFor()
  assert.deepEqual(await namesOf(id), ['Renée Lefèvre'])

  // 2. Semicolons, as Excel writes CSV where the comma is the decimal point; first with a
  // row of the wrong shape, shown with its row number.
  const semicolons = 'employee_number;name;work_email;post;fte;impact;impact_note\nL2;Zoë Brontë;zoe@bury.example;Library Assistant;1;AFFECTED;\nL3;Sam Hill;sam@bury.example\n'
  await choose('semicolons.csv', Buffer.from(semicolons))
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByText(/with semicolons between the columns/).waitFor()
  await page.getByRole('button', { name: 'Preview the import' }).click()
  await page.getByText('Nothing can be imported yet: 1 row has problems').waitFor()
  await page.getByRole('region', { name: 'Problems to correct' }).getByText(/Row 3 has 3 cells but the header has 7 columns/).waitFor()
  await page.getByRole('link', { name: 'Download the problems as a CSV file' }).waitFor()
  await checkPage(page, 'hr-import-problems')
  await page.getByRole('button', { name: 'Upload a corrected file' }).click()
  await choose('semicolons.csv', Buffer.from(semicolons.replace('L3;Sam Hill;sam@bury.example\n', '')))
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('button', { name: 'Preview the import' }).click()
  await page.getByRole('button', { name: 'Import 1 employee' }).click()
  await page.getByText('1 employee imported').waitFor()

  // 3. The payroll system's headings: the mapping is suggested, forename and surname joined.
  const payroll = 'Employee No,Surname,Forename,Job Title,Work email,Cost centre\nL4,Ó Súilleabháin,Siobhán,Library Assistant,siobhan@bury.example,CC12\n'
  await choose('payroll.csv', Buffer.from(payroll))
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByText(/guessed from the headings/).waitFor()
  assert.equal(await page.getByLabel('Employee number').inputValue(), 'Employee No')
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Forename')
  assert.equal(await page.getByLabel('Name: second part (optional)').inputValue(), 'Surname')
  assert.equal(await page.getByLabel('Post (job title)').inputValue(), 'Job Title')
  await checkPage(page, 'hr-import-human-headings')
  await page.getByRole('button', { name: 'Preview the import' }).click()
  await page.getByText('Not imported (no field chosen): Cost centre.').waitFor()
  await page.getByRole('button', { name: 'Import 1 employee' }).click()
  await page.getByText('1 employee imported').waitFor()

  await page.getByRole('link', { name: 'people page' }).click()
  await page.getByRole('heading', { name: 'People and impacts', level: 1 }).waitFor()
  await page.getByText('Renée Lefèvre').first().waitFor()
  await checkPage(page, 'hr-import-people')
  assert.deepEqual(await namesOf(id), ['Renée Lefèvre', 'Siobhán Ó Súilleabháin', 'Zoë Brontë'])
})
