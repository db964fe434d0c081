// The sponsoring manager, on a phone, works through "My tasks": answers a question saying
// it covers reducing the dismissals, completes a checklist step, approves one approval and
// rejects another with a comment.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

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

async function api(email, query, variables) {
  const result = await server.api(email, query, variables)
  assert.equal(result.errors, undefined, JSON.stringify(result.errors))
  return result.data
}

/** A new proposal, sponsored by the manager, in approval with two approvals named to them. */
async function proposalInApproval(managerId) {
  const { createProposal: proposal } = await api(
    HR,
    'mutation($f: ProposalFieldsInput!) { createProposal(input: {fields: $f}) { id title } }',
    {
      f: {
        title: 'Restructure of the Home to School Transport Team',
        service: 'Education',
        establishment: 'Bury Town Hall',
        sponsorId: managerId,
        background: 'Transport is arranged by two teams.',
        rationale: 'One team would be simpler for families.',
        proposalText: 'Merge the two teams.',
        selectionMethod: 'Slotting in where the duties match.',
      },
    },
  )
  await api(
    HR,
    'mutation($id: ID!) { createPost(input: {proposalId: $id, title: "Transport Officer", current: {grade: "Grade 8", fte: 1, headcount: 3}, proposed: {grade: "Grade 8", fte: 1, headcount: 2}}) { id } }',
    { id: proposal.id },
  )
  const { applyChecklistTemplate } = await api(HR, 'mutation($id: ID!) { applyChecklistTemplate(proposalId: $id) { approvals { id approverTitle } } }', {
    id: proposal.id,
  })
  const approvals = {}
  for (const title of ['Director or Chief/Senior Officer', 'Head of Finance']) {
    const approval = applyChecklistTemplate.approvals.find((a) => a.approverTitle === title)
    await api(HR, 'mutation($a: ID!, $u: ID!) { assignApprover(input: {approvalId: $a, userId: $u}) { id } }', { a: approval.id, u: managerId })
    approvals[title] = approval.id
  }
  await api(HR, 'mutation($id: ID!) { submitForApproval(input: {id: $id}) { status } }', { id: proposal.id })
  return { proposal, approvals }
}

test('the manager answers a question, completes a step and decides approvals on a phone', async () => {
  const { users } = await api(HR, '{ users(role: MANAGER) { nodes { id email } } }')
  const manager = users.nodes.find((u) => u.email === MANAGER)
  const { proposal, approvals } = await proposalInApproval(manager.id)

  const page = await newPage(browser, { width: 375 })
  await signIn(page, server, server.accounts[MANAGER])
  // A manager lands on My tasks.
  await atPath(page, '/tasks')
  await page.getByRole('heading', { name: 'My tasks', level: 1 }).waitFor()
  await page.getByRole('heading', { name: 'Questions to answer' }).waitFor()
  // The navigation counts the open tasks, and says what the number is.
  const { myNavigationCounts } = await api(MANAGER, '{ myNavigationCounts { openTasks } }')
  assert.ok(myNavigationCounts.openTasks > 0)
  await page.getByRole('link', { name: new RegExp(`^My tasks ?, ${myNavigationCounts.openTasks} open$`) }).waitFor()
  await checkPage(page, 'manager-tasks')

  // The first question is the overdue one; a blank answer is refused.
  const { myOpenQuestions } = await api(MANAGER, '{ myOpenQuestions { id text status } }')
  const question = myOpenQuestions[0]
  assert.equal(question.status, 'OVERDUE')
  await page.getByRole('link', { name: /^Answer/ }).first().click()
  await page.getByRole('heading', { name: 'Answer a question', level: 1 }).waitFor()
  await page.getByText(question.text).waitFor()
  await page.getByRole('button', { name: 'Send answer' }).click()
  await page.getByRole('link', { name: 'Enter your answer' }).waitFor()
  await checkPage(page, 'manager-answer-errors')
  await page.getByLabel('Your answer').fill('Two agency caseworkers will stay until the new posts are filled, so fewer permanent staff are at risk.')
  await page.getByLabel(/reducing/).check()
  await page.getByRole('button', { name: 'Send answer' }).click()
  await page.getByText('Your answer has been sent.').waitFor()
  const { proposals } = await api(HR, '{ proposals(first: 100) { nodes { id questions { id status answer covers } checklist { id title completedAt completionNote } } } }')
  const answered = proposals.nodes.flatMap((p) => p.questions).find((q) => q.id === question.id)
  assert.equal(answered.status, 'ANSWERED')
  assert.deepEqual(answered.covers, ['REDUCING'])

  // A checklist step, with a note.
  const stepLink = page.getByRole('link', { name: /^Complete\s+Step 6/ }).first()
  const stepId = new URL(await stepLink.getAttribute('href'), server.url).searchParams.get('step')
  await stepLink.click()
  await page.getByRole('heading', { name: /Step 6/, level: 1 }).waitFor()
  await checkPage(page, 'manager-step')
  await page.getByLabel('Note for HR (optional)').fill('Final proposal written up with the feedback.')
  await page.getByRole('button', { name: 'Mark as complete' }).click()
  // The demo's consultation is still open and the step is for after it closes: a reason.
  await page.getByRole('link', { name: 'This step is for after the consultation closes: say why it is completed now' }).waitFor()
  await checkPage(page, 'manager-step-reason')
  await page.getByLabel('Why is it being completed before the consultation closes?').fill('The final proposal was agreed at the last joint meeting.')
  await page.getByRole('button', { name: 'Mark as complete' }).click()
  await page.getByText('The step has been marked as complete.').waitFor()
  const { proposals: after1 } = await api(HR, '{ proposals(first: 100) { nodes { checklist { id completedAt completionNote earlyCompletionReason } } } }')
  const step = after1.nodes.flatMap((p) => p.checklist).find((s) => s.id === stepId)
  assert.ok(step.completedAt, 'the step is complete')
  assert.equal(step.completionNote, 'Final proposal written up with the feedback.')
  assert.equal(step.earlyCompletionReason, 'The final proposal was agreed at the last joint meeting.')

  // Approve as Head of Finance.
  await page.getByRole('link', { name: `Decide the approval as Head of Finance for ${proposal.title}` }).click()
  await page.getByRole('heading', { name: 'Approval: Head of Finance', level: 1 }).waitFor()
  // What is being approved, in brief, before the decision.
  const summary = page.locator('.app-approval-summary')
  await summary.getByRole('heading', { name: 'What you are approving' }).waitFor()
  const rows = Object.fromEntries(
    await summary.locator('.govuk-summary-list__row').evaluateAll((all) =>
      all.map((row) => [row.querySelector('dt').textContent.trim(), row.querySelector('dd').textContent.trim()]),
    ),
  )
  const { proposal: facts } = await api(HR, 'query($id: ID!) { proposal(id: $id) { counts { proposedDismissals } } }', { id: proposal.id })
  assert.match(rows['Annual cost now'], /^£[\d,.]+$/, JSON.stringify(rows))
  assert.match(rows['Annual cost proposed'], /^£[\d,.]+$/, JSON.stringify(rows))
  assert.match(rows['Difference'], /a year (less|more)|No change/)
  assert.equal(rows['Proposed dismissals'], String(facts.counts.proposedDismissals))
  assert.equal(rows['Equality analysis'], 'Not complete')
  assert.match(rows['Changed at the last revision'], /no revisions/)
  await checkPage(page, 'manager-approval-summary')
  await page.getByLabel('Approve', { exact: true }).check()
  await page.getByRole('button', { name: 'Send decision' }).click()
  await page.getByText('You approved the proposal.').waitFor()

  // Reject as Director: a comment is needed.
  await page.getByRole('link', { name: `Decide the approval as Director or Chief/Senior Officer for ${proposal.title}` }).click()
  await page.getByRole('heading', { name: 'Approval: Director or Chief/Senior Officer', level: 1 }).waitFor()
  await page.getByLabel('Reject', { exact: true }).check()
  await page.getByRole('button', { name: 'Send decision' }).click()
  await page.getByRole('link', { name: 'Say why you are rejecting the proposal' }).waitFor()
  await checkPage(page, 'manager-decide-errors')
  await page.getByLabel('Comment or conditions').fill('The savings depend on a grade that has not been evaluated yet.')
  await page.getByRole('button', { name: 'Send decision' }).click()
  await page.getByText('You rejected the proposal.').waitFor()
  await checkPage(page, 'manager-tasks-done')

  const { proposal: decided } = await api(HR, 'query($id: ID!) { proposal(id: $id) { status approvals { id decision comment approver { email } } } }', {
    id: proposal.id,
  })
  assert.equal(decided.status, 'DRAFT', 'a rejection sends the proposal back to draft')
  const byId = Object.fromEntries(decided.approvals.map((a) => [a.id, a]))
  assert.equal(byId[approvals['Head of Finance']].decision, 'APPROVE')
  assert.equal(byId[approvals['Director or Chief/Senior Officer']].decision, 'REJECT')
  assert.equal(byId[approvals['Director or Chief/Senior Officer']].comment, 'The savings depend on a grade that has not been evaluated yet.')
  // Nothing is left to decide on the rejected proposal.
  assert.equal(await page.getByRole('link', { name: /^Decide/ }).count(), 0)
})
