// Issue 20: a joint union response (a UNISON representative drafts it naming GMB and signs;
// GMB's representative, emailed, confirms it and it is sent) and a team response (two
// members of staff write and sign it, having been told it is not confidential; UNISON
// endorses it, and the endorsement shows on UNISON's response).
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { buryProposal, checkPage, launchBrowser, newPage, signIn, startServer } from './support.mjs'

// Post holders of the demo without an account yet: not on the demo's team response.
const karen = { email: 'karen.whitehead@bury.example', name: 'Karen Whitehead' }
const daniel = { email: 'daniel.okonkwo@bury.example', name: 'Daniel Okonkwo' }
let server
let browser
let proposal

before(async () => {
  server = await startServer({ extraStaff: [karen, daniel] })
  browser = await launchBrowser()
  proposal = await buryProposal(server)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** Waits for an email to `to` whose text has `words` (the worker writes each as an .eml file). */
async function email(to, words) {
  for (let i = 0; i < 100; i++) {
    let files = []
    try {
      files = readdirSync(server.mailDir)
    } catch {
      // no mail yet
    }
    for (const file of files) {
      const text = readFileSync(join(server.mailDir, file), 'utf8')
      if (text.includes(to) && text.includes(words)) return text
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  assert.fail(`no email to ${to} with "${words}"`)
}

test('a UNISON representative drafts a joint response naming GMB; GMB confirms it and it is sent', async () => {
  // The demo's UNISON response already names GMB: start this journey from none.
  server.sql('DELETE FROM union_response_attachment; DELETE FROM union_response_signatory; DELETE FROM union_response;')
  const page = await newPage(browser)
  await signIn(page, server, server.accounts['unison.rep@bury.example'])
  await page.goto(`${server.url}/proposals/${proposal.id}/union-response`)
  await page.getByRole('heading', { name: "Your union's response", level: 1 }).waitFor()
  await page.getByLabel('Title').fill('Joint response of UNISON and GMB')
  await page.getByLabel('Introduction').fill('UNISON and GMB respond together for their members in the SEN service.')
  await page.getByLabel('Point 1').fill('Will the caseworker post be job evaluated before the ring fence?')
  await page.getByRole('group', { name: 'Write it jointly with other unions' }).getByLabel('GMB').check()
  await page.getByRole('button', { name: 'Save draft' }).click()
  await page.getByText('Draft saved').first().waitFor()
  await page.getByText('Drafts are shared with the representatives of every union that writes it: UNISON and GMB').waitFor()
  await checkPage(page, 'joint-response-draft')

  await page.getByRole('button', { name: 'Check and send' }).click()
  await page.getByRole('heading', { name: 'Check your response before sending' }).waitFor()
  await page.getByText('It is sent to HR once GMB sign it too.').waitFor()
  await checkPage(page, 'joint-response-check')
  await page.getByRole('button', { name: 'Sign for UNISON' }).click()
  await page.getByText('You have signed the response for UNISON').waitFor()
  await page.getByText('Awaiting signature', { exact: true }).waitFor()
  await checkPage(page, 'joint-response-awaiting')

  // GMB's representative is asked to sign, reads it and confirms it with GMB's own position.
  await email('gmb.rep@bury.example', 'UNISON asks GMB to sign a joint response')
  const gmb = await newPage(browser)
  await signIn(gmb, server, server.accounts['gmb.rep@bury.example'])
  await gmb.goto(`${server.url}/proposals/${proposal.id}/union-response`)
  await gmb.getByRole('heading', { name: 'Joint response of UNISON and GMB', level: 1 }).waitFor()
  await gmb.getByRole('heading', { name: 'Sign for GMB' }).waitFor()
  await checkPage(gmb, 'joint-response-to-sign')
  await gmb.getByLabel('GMB records a formal failure to agree').check()
  await gmb.getByRole('button', { name: 'Sign for GMB' }).click()
  await gmb.getByText("Your union's response has been sent").first().waitFor()
  await checkPage(gmb, 'joint-response-sent')
  await gmb.context().close()

  const { data } = await server.api('hr@bury.example', 'query($id: ID!) { proposal(id: $id) { unionResponses { submitted signatories { unionName signed failureToAgree } } } }', { id: proposal.id })
  assert.deepEqual(data.proposal.unionResponses, [{
    submitted: true,
    signatories: [
      { unionName: 'UNISON', signed: true, failureToAgree: false },
      { unionName: 'GMB', signed: true, failureToAgree: true },
    ],
  }])
  await page.context().close()
})

test('two members of staff respond as a team, told first that it is not confidential; UNISON endorses it', async () => {
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[karen.email])
  await page.goto(`${server.url}/proposals/${proposal.id}`)
  await page.getByRole('link', { name: 'Respond as a team' }).click()
  await page.getByRole('heading', { name: 'Team responses', level: 1 }).waitFor()
  await page.getByText('A team response is not confidential.').first().waitFor()
  await checkPage(page, 'team-responses-staff')
  await page.getByRole('button', { name: 'Save and ask them to sign' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await checkPage(page, 'team-responses-errors')
  await page.getByLabel('Your team', { exact: true }).fill('SEN Review Officers')
  await page.getByLabel('Title').fill('Review officers on the new structure')
  await page.getByLabel("Your team's response").fill('We support one team, but the review officer caseloads must be capped.')
  await page.getByLabel('Colleagues asked to sign it').fill(daniel.email)
  await page.getByRole('button', { name: 'Save and ask them to sign' }).click()
  await page.getByText('Team response saved').waitFor()
  await page.getByText('Nobody has signed it yet.').waitFor()
  await checkPage(page, 'team-response-draft')

  // Daniel is emailed, and signs.
  await email(daniel.email, 'ask you to sign a team response')
  const colleague = await newPage(browser)
  await signIn(colleague, server, server.accounts[daniel.email])
  await colleague.goto(`${server.url}/proposals/${proposal.id}/team-responses`)
  const card = colleague.locator('section', { has: colleague.getByRole('heading', { name: 'Review officers on the new structure' }) })
  await card.getByText('A team response is not confidential.').waitFor()
  await card.getByRole('button', { name: /^Sign/ }).first().click()
  await colleague.getByText('You have signed the team response').waitFor()
  await colleague.context().close()

  // Karen signs and sends it.
  await page.reload()
  const mine = page.locator('section', { has: page.getByRole('heading', { name: 'Review officers on the new structure' }) })
  await mine.getByRole('button', { name: /Sign and send it now/ }).click()
  await page.getByText('The team response has been sent').waitFor()

  // UNISON endorses it; the endorsement shows on the team response and on UNISON's response.
  const rep = await newPage(browser)
  await signIn(rep, server, server.accounts['unison.rep@bury.example'])
  await rep.goto(`${server.url}/proposals/${proposal.id}`)
  await rep.getByRole('link', { name: 'Team responses, to endorse' }).click()
  await rep.getByRole('heading', { name: 'Team responses', level: 1 }).waitFor()
  await checkPage(rep, 'team-responses-rep')
  const sent = rep.locator('section', { has: rep.getByRole('heading', { name: 'Review officers on the new structure' }) })
  await sent.getByText('Karen Whitehead').waitFor()
  await sent.getByRole('button', { name: 'Endorse for UNISON' }).click()
  await rep.getByText('UNISON endorses the team response').waitFor()
  await sent.getByText('We support the attached response.').waitFor()
  await rep.goto(`${server.url}/proposals/${proposal.id}/union-response`)
  await rep.getByText('UNISON supports').first().waitFor()
  await checkPage(rep, 'joint-response-endorsed')
  await rep.context().close()
  await page.context().close()
})
