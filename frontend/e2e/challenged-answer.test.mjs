// Challenged answers (issue 20): a union representative challenges an answer with reasons,
// the manager who owns the question answers again from My tasks, and the representative
// accepts the new answer, by keyboard. HR sees the demo's unresolved challenge in the
// question log and closes it without agreement, with a reason.
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
const REP = 'unison.rep@bury.example'
const LEAD = 'strategic.lead@bury.example'
const QUESTION = 'Will caseworkers on maternity leave be included in the ring fence'

async function api(email, query, variables) {
  const result = await server.api(email, query, variables)
  assert.equal(result.errors, undefined, JSON.stringify(result.errors))
  return result.data
}

function card(page, text) {
  return page.locator('.govuk-summary-card').filter({ hasText: text })
}

test('a rep challenges an answer, the owner answers again, the rep accepts', async () => {
  const proposal = await buryProposal(server)
  // The question, its owner and its first answer come through the API (their pages have
  // journeys of their own).
  const { users } = await api(HR, '{ users(role: MANAGER, first: 100) { nodes { id email } } }')
  const lead = users.nodes.find((u) => u.email === LEAD)
  const { raiseQuestion } = await api(REP, 'mutation($i: RaiseQuestionInput!) { raiseQuestion(input: $i) { id } }', {
    i: { proposalId: proposal.id, text: `${QUESTION}?` },
  })
  const id = raiseQuestion.id
  await api(HR, 'mutation($i: AssignQuestionInput!) { assignQuestion(input: $i) { version } }', { i: { id, expectedVersion: 1, ownerId: lead.id } })
  await api(LEAD, 'mutation($i: AnswerQuestionInput!) { answerQuestion(input: $i) { version } }', {
    i: { id, expectedVersion: 2, answer: 'The ring fence covers the current post holders.' },
  })

  // The rep challenges it; reasons are required.
  const rep = await newPage(browser)
  await signIn(rep, server, server.accounts[REP])
  await rep.goto(`${server.url}/proposals/${proposal.id}/questions`)
  await rep.getByRole('heading', { name: 'Your union’s questions', level: 1 }).waitFor()
  await card(rep, QUESTION).getByRole('button', { name: 'Challenge this answer' }).click()
  await card(rep, QUESTION).getByRole('button', { name: 'Send challenge' }).click()
  await card(rep, QUESTION).getByText('Enter why you challenge the answer').waitFor()
  await checkPage(rep, 'rep-challenge-errors')
  await card(rep, QUESTION)
    .getByLabel('Why you challenge the answer')
    .fill('A post holder on maternity leave is a current post holder: please say so, as the Equality Act requires.')
  await card(rep, QUESTION).getByRole('button', { name: 'Send challenge' }).click()
  // Back with its owner: waiting for an answer, with the thread.
  await card(rep, QUESTION).getByText(/^Answer challenged/).waitFor()
  await card(rep, QUESTION).getByText('Challenge unresolved').waitFor()
  await checkPage(rep, 'rep-answer-challenged')

  // The owner reads the challenge in My tasks and answers again.
  const manager = await newPage(browser, { width: 320, height: 800 })
  await signIn(manager, server, server.accounts[LEAD])
  await atPath(manager, '/tasks')
  await manager.getByRole('link', { name: `Answer the question: ${QUESTION}` }).click()
  await manager.getByRole('heading', { name: 'Answer a question', level: 1 }).waitFor()
  await manager.getByText('Your earlier answer was challenged').waitFor()
  await manager.getByText(/as the Equality Act requires/).waitFor()
  await checkPage(manager, 'manager-answer-challenged')
  await manager.getByLabel('Your answer').fill('Yes: a caseworker on maternity leave is in the ring fence and is offered a post first.')
  await manager.getByRole('button', { name: 'Send answer' }).click()
  await manager.getByRole('heading', { name: 'My tasks', level: 1 }).waitFor()

  // The rep accepts the new answer, by keyboard.
  await rep.reload()
  await rep.getByRole('heading', { name: 'Your union’s questions', level: 1 }).waitFor()
  await card(rep, QUESTION).getByText(/offered a post first/).first().waitFor()
  await checkPage(rep, 'rep-answer-again')
  await card(rep, QUESTION).getByRole('button', { name: 'Accept this answer' }).focus()
  await rep.keyboard.press('Enter')
  await card(rep, QUESTION).getByText('Answer accepted', { exact: true }).first().waitFor()

  const { question } = await api(HR, 'query($id: ID!) { question(id: $id) { replyState thread { kind author { email } } } }', { id })
  assert.equal(question.replyState, 'ACCEPTED')
  assert.deepEqual(
    question.thread.map((e) => e.kind),
    ['ANSWER', 'CHALLENGE', 'ANSWER', 'ACCEPTANCE'],
  )
  assert.equal(question.thread[1].author.email, REP)
})

test('HR closes the demo’s unresolved challenge without agreement', async () => {
  const proposal = await buryProposal(server)
  const page = await newPage(browser)
  await signIn(page, server, server.accounts[HR])
  await page.goto(`${server.url}/proposals/${proposal.id}/question-log?status=all&reply=CHALLENGED`)
  await page.getByRole('heading', { name: 'Question log', level: 1 }).waitFor()
  const ringFence = 'Will the SEN Officers whose posts are deleted be ring fenced'
  await card(page, ringFence).getByText('Challenge unresolved').waitFor()
  await checkPage(page, 'hr-question-log-challenged')
  await card(page, ringFence).getByRole('link', { name: /^Close without agreement/ }).click()
  await page.getByRole('heading', { name: /Close the challenge to question \d+ without agreement$/, level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Close without agreement' }).click()
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  await checkPage(page, 'hr-close-challenge-errors')
  await page.getByLabel('Why it is closed without agreement').fill('The ring fence is confirmed in the second answer; UNISON asked for it in writing, which the outcome report gives.')
  await page.getByRole('button', { name: 'Close without agreement' }).click()
  await page.getByText(/^The challenge to question \d+ is closed without agreement$/).waitFor()
  const { data } = await server.api(REP, 'query($id: ID!) { proposal(id: $id) { questions(union: "UNISON") { text replyState closureReason } } }', { id: proposal.id })
  const closed = data.proposal.questions.find((q) => q.text.includes(ringFence))
  assert.equal(closed.replyState, 'CLOSED_WITHOUT_AGREEMENT')
  assert.match(closed.closureReason, /outcome report/)
})
