// HR's ring-fence pools of a proposal before the decision: changes a pool's name, rule and
// kind, adds a member who holds none of its posts (a reason is asked for first), and
// removes the pool after a confirmation.
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

async function api(query, variables) {
  const result = await server.api(HR, query, variables)
  assert.equal(result.errors, undefined, JSON.stringify(result.errors))
  return result.data
}

async function poolsOf(id) {
  return (
    await api('query($id: ID!) { proposal(id: $id) { ringFences { name kind rule memberCount postsToFill members { name } memberReasons { employeeId reason } } } }', { id })
  ).proposal.ringFences
}

test('HR changes a ring-fence pool, adds a member with a reason and removes it', async () => {
  const { createProposal: proposal } = await api(
    'mutation($f: ProposalFieldsInput!) { createProposal(input: {fields: $f}) { id title } }',
    { f: { title: 'Review of the Parks Team', service: 'Operations', establishment: 'Bury Town Hall' } },
  )
  const post = async (title, current, proposed) =>
    (
      await api(
        'mutation($input: CreatePostInput!) { createPost(input: $input) { id } }',
        { input: { proposalId: proposal.id, title, current, proposed } },
      )
    ).createPost.id
  const ranger = await post('Park Ranger', { grade: 'Grade 4', fte: 1, headcount: 3 }, { grade: 'Grade 4', fte: 1, headcount: 2 })
  const gardener = await post('Gardener', { grade: 'Grade 9', fte: 1, headcount: 1 }, { grade: 'Grade 9', fte: 1, headcount: 1 })
  const employee = async (name, number, postId) =>
    (
      await api('mutation($input: CreateEmployeeInput!) { createEmployee(input: $input) { id } }', {
        input: {
          proposalId: proposal.id,
          name,
          employeeNumber: number,
          workEmail: `${number.toLowerCase()}@bury.example`,
          impact: 'AT_RISK',
          holdings: [{ postId, fte: 1 }],
        },
      })
    ).createEmployee.id
  const robin = await employee('Robin Hood', 'P100', ranger)
  const marian = await employee('Marian Fitzwalter', 'P101', gardener)
  await api('mutation($input: CreateRingFenceInput!) { createRingFence(input: $input) { id } }', {
    input: {
      proposalId: proposal.id,
      name: 'Ranger pool',
      rule: 'Current rangers.',
      fromPostIds: [ranger],
      toPostIds: [ranger],
      memberIds: [robin],
    },
  })

  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  await page.goto(`${server.url}/proposals/${proposal.id}/ring-fences`)
  await page.getByRole('heading', { name: 'Ring-fence pools', level: 1 }).waitFor()
  const card = page.locator('.govuk-summary-card')
  await card.getByText('1 person for 2 posts').waitFor()
  await checkPage(page, 'hr-ring-fences')

  // Its name, rule and kind.
  await page.getByRole('link', { name: 'Change Ranger pool' }).click()
  await page.getByRole('heading', { name: 'Change Ranger pool', level: 1 }).waitFor()
  await page.getByLabel('The rule that made the pool').fill('')
  await page.getByRole('button', { name: 'Save the pool' }).click()
  await page.getByRole('link', { name: 'Enter the rule that made the pool' }).waitFor()
  await checkPage(page, 'hr-ring-fences-change-errors')
  await page.getByLabel('Name', { exact: true }).fill('Park Ranger pool')
  await page.getByLabel('The rule that made the pool').fill('60% rule: current rangers whose job matches the new one.')
  await page.getByLabel('Ring fence', { exact: true }).check()
  await page.getByRole('button', { name: 'Save the pool' }).click()
  await page.getByText('Park Ranger pool: The pool has been changed.').waitFor()
  await card.getByText('60% rule: current rangers whose job matches the new one.').waitFor()

  // A gardener joins: she holds none of its posts, so a reason is needed.
  await page.getByRole('link', { name: 'Add members to Park Ranger pool' }).click()
  await page.getByRole('heading', { name: 'Add members to Park Ranger pool', level: 1 }).waitFor()
  assert.equal(await page.getByLabel('Robin Hood').count(), 0, 'a member is not offered again')
  await page.getByLabel('Marian Fitzwalter').check()
  await page.getByRole('button', { name: 'Add to the pool' }).click()
  await page.getByRole('link', { name: 'Enter why Marian Fitzwalter is in the pool: they hold none of its current posts' }).waitFor()
  await checkPage(page, 'hr-ring-fences-add-errors')
  await page.getByLabel('Why is Marian Fitzwalter in the pool?').fill('Acting up as a ranger since March.')
  await page.getByRole('button', { name: 'Add to the pool' }).click()
  await page.getByText('Park Ranger pool: The members have been added to the pool.').waitFor()
  await card.getByText('2 people for 2 posts').waitFor()
  await card.getByText('Reason: Acting up as a ranger since March.').waitFor()
  const [pool] = await poolsOf(proposal.id)
  assert.equal(pool.name, 'Park Ranger pool')
  assert.equal(pool.kind, 'RING_FENCE')
  assert.deepEqual(pool.members.map((m) => m.name).sort(), ['Marian Fitzwalter', 'Robin Hood'])
  assert.deepEqual(pool.memberReasons, [{ employeeId: marian, reason: 'Acting up as a ranger since March.' }])
  await checkPage(page, 'hr-ring-fences-changed')

  // Removed, after a confirmation.
  await page.getByRole('link', { name: 'Remove Park Ranger pool' }).click()
  await page.getByRole('heading', { name: 'Are you sure you want to remove Park Ranger pool?', level: 1 }).waitFor()
  await checkPage(page, 'hr-ring-fences-remove')
  await page.getByRole('button', { name: 'Yes, remove the pool' }).click()
  await page.getByText('Park Ranger pool: The pool has been removed.').waitFor()
  await page.getByText('There are no ring-fence pools.').waitFor()
  assert.deepEqual(await poolsOf(proposal.id), [])
})
