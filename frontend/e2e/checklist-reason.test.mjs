// HR completes a checklist step that is planned for after the consultation closes while the
// consultation is still open: the page warns, asks why, and the checklist keeps the reason.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { atPath, buryProposal, checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

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

test('completing a step for after the consultation early needs a reason, kept in the checklist', async () => {
  const proposal = await buryProposal(server)
  const { data } = await server.api(HR, 'query($id: ID!) { proposal(id: $id) { status timetable { consultationEnd } checklist { id title plannedDate completedAt } } }', {
    id: proposal.id,
  })
  assert.equal(data.proposal.status, 'CONSULTING', 'the demo consultation is open')
  const step = data.proposal.checklist.find((s) => s.title.startsWith('Step 6') && !s.completedAt)
  assert.ok(step && step.plannedDate > data.proposal.timetable.consultationEnd, JSON.stringify(data.proposal.checklist))

  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  await page.goto(`${server.url}/proposals/${proposal.id}/checklist`)
  await page.getByRole('link', { name: `Complete ${step.title}` }).click()
  await page.getByText('This step is planned for after the consultation closes').waitFor()
  await page.getByRole('button', { name: 'Mark as complete' }).click()
  await page.getByRole('link', { name: 'Say why the step is completed before the consultation closes' }).waitFor()
  await checkPage(page, 'checklist-early-reason-error')

  const reason = 'The unions agreed the final structure at the last joint meeting.'
  await page.getByLabel('Why is it being completed before the consultation closes?').fill(reason)
  await page.getByRole('button', { name: 'Mark as complete' }).click()
  await page.getByText('The step has been marked as complete.').waitFor()
  await page.getByText(`Completed before the consultation closed. Reason: ${reason}`).waitFor()
  await checkPage(page, 'checklist-early-reason-kept')

  const { data: audit } = await server.api(HR, 'query($id: ID!) { auditEvents(entityId: $id, first: 1) { edges { node { action after } } } }', { id: proposal.id })
  assert.equal(audit.auditEvents.edges[0].node.after.earlyCompletionReason, reason)
  // The proposal page reached from the checklist still loads: nothing else changed.
  await atPath(page, `/proposals/${proposal.id}/checklist`)
})
