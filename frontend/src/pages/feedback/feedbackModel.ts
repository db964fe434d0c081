// What the feedback pages share: the one query every step loads, the save mutation, the
// answers being worked on, and the consultation's deadline as the person sees it.
import { graphql } from '../../gql'
import type { FeedbackPagesQuery, SaveFeedbackInput } from '../../gql/graphql'
import type { Choice } from '../../components/govuk'
import { request } from '../../api/client'
import { daysUntil } from '../../format'
import { navigate } from '../../router'

export const FeedbackPagesDocument = graphql(`
  query FeedbackPages($id: ID!) {
    proposal(id: $id) {
      id title status
      sponsor { name }
      jobDescriptions { id title }
      timetable { consultationEnd questionResponseWorkingDays }
    }
    feedbackForm(proposalId: $id) {
      templateName version
      questions { key kind text help choices required needsResponse postId jobDescriptionId }
    }
    myFeedback(proposalId: $id) {
      id version submitted submittedAt confidential savedVersions
      answers { questionKey values }
    }
  }
`)

export const FeedbackPagesSaveDocument = graphql(`
  mutation FeedbackPagesSave($input: SaveFeedbackInput!) {
    saveFeedback(input: $input) {
      id version submitted submittedAt confidential savedVersions
      answers { questionKey values }
    }
  }
`)

export type FeedbackData = FeedbackPagesQuery
export type FormQuestion = FeedbackData['feedbackForm']['questions'][number]
export type MyFeedback = NonNullable<FeedbackData['myFeedback']>

/** Longest answers the server accepts (domain/feedback.rs). */
export const MAX_CHARS: Record<string, number> = { TEXT: 500, LONG_TEXT: 20_000 }

const AGREE_LABELS: Record<string, string> = {
  STRONGLY_AGREE: 'Strongly agree',
  AGREE: 'Agree',
  NEUTRAL: 'Neither agree nor disagree',
  DISAGREE: 'Disagree',
  STRONGLY_DISAGREE: 'Strongly disagree',
}

/** How a stored answer reads: the scale and yes/no are codes, other choices are words. */
export function choiceLabel(kind: string, value: string): string {
  if (kind === 'AGREE_SCALE') return AGREE_LABELS[value] ?? value
  if (kind === 'YES_NO') return value === 'YES' ? 'Yes' : value === 'NO' ? 'No' : value
  return value
}

export function choicesFor(question: FormQuestion): Choice[] {
  const values = question.kind === 'YES_NO' && question.choices.length === 0 ? ['YES', 'NO'] : question.choices
  return values.map((value) => ({ value, label: choiceLabel(question.kind, value) }))
}

export const isTextQuestion = (question: FormQuestion) => question.kind === 'TEXT' || question.kind === 'LONG_TEXT'

/** The id of a question's field, which the error summary links to. */
export const fieldId = (question: FormQuestion) => `answer-${question.key}`

// ---- The answers being worked on -------------------------------------------------------

/**
 * A draft is saved to the server at every step, so it survives a closed browser. A response
 * already sent is different: saving would change what HR reads before the person has
 * checked their changes, so its edits stay here until "Send response".
 */
export interface Working {
  /** The server version these answers start from: a save elsewhere makes them stale. */
  baseVersion: number
  answers: Record<string, string[]>
  /** null until the person has chosen (no response saved yet). */
  confidential: boolean | null
  /** Changes to a sent response not yet sent. */
  dirty: boolean
}

const workingCopies = new Map<string, Working>()

export function fromServer(response: MyFeedback | null | undefined): Working {
  const answers: Record<string, string[]> = {}
  for (const answer of response?.answers ?? []) answers[answer.questionKey] = answer.values
  return { baseVersion: response?.version ?? 0, answers, confidential: response ? response.confidential : null, dirty: false }
}

export function workingCopy(proposalId: string, response: MyFeedback | null | undefined): Working {
  const kept = workingCopies.get(proposalId)
  if (kept && kept.baseVersion === (response?.version ?? 0)) return kept
  const fresh = fromServer(response)
  workingCopies.set(proposalId, fresh)
  return fresh
}

/** Whether the answers differ from the response the server holds. */
export function differs(questions: FormQuestion[], working: Working, response: MyFeedback | null | undefined): boolean {
  const server = fromServer(response)
  return (
    working.confidential !== server.confidential ||
    JSON.stringify(answersInput(questions, working.answers)) !== JSON.stringify(answersInput(questions, server.answers))
  )
}

export function keepWorking(proposalId: string, working: Working): void {
  workingCopies.set(proposalId, working)
}

export function forgetWorking(proposalId: string): void {
  workingCopies.delete(proposalId)
}

/** The answers in the form's order, blank ones left out (the server drops them anyway). */
export function answersInput(questions: FormQuestion[], answers: Record<string, string[]>): SaveFeedbackInput['answers'] {
  return questions
    .map((question) => ({
      questionKey: question.key,
      values: (answers[question.key] ?? []).map((value) => (isTextQuestion(question) ? value.trim() : value)).filter(Boolean),
    }))
    .filter((answer) => answer.values.length > 0)
}

export async function saveResponse(
  proposalId: string,
  questions: FormQuestion[],
  working: Working,
  send?: { clientKey: string },
): Promise<MyFeedback> {
  const data = await request(FeedbackPagesSaveDocument, {
    input: {
      proposalId,
      answers: answersInput(questions, working.answers),
      confidential: working.confidential ?? false,
      submit: send ? true : false,
      clientKey: send?.clientKey,
    },
  })
  return data.saveFeedback
}

/** The question an error from the server is about: `input.answers[2].values` → the third answer sent. */
export function questionOfError(field: string | undefined, message: string, questions: FormQuestion[], answers: Record<string, string[]>): FormQuestion | undefined {
  const sent = answersInput(questions, answers)
  const index = field?.match(/^input\.answers\[(\d+)\]/)?.[1]
  if (index !== undefined) return questions.find((question) => question.key === sent[Number(index)]?.questionKey)
  // A required answer missing names the question's text: "Answer "…" before you submit."
  return questions.find((question) => message.includes(`"${question.text}"`))
}

/** One key per attempt to send; a retry of the same attempt reuses it so it counts once. */
export function newClientKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

// ---- Where the consultation stands ------------------------------------------------------

export type Window =
  | { kind: 'open'; end: string | null; daysLeft: number | null }
  | { kind: 'closed'; end: string | null }
  | { kind: 'withdrawn' }
  | { kind: 'not-open' }

/** Responses are taken until the end of the last day (Europe/London), as the server decides. */
export function responseWindow(proposal: FeedbackData['proposal']): Window {
  const end = proposal.timetable.consultationEnd ?? null
  switch (proposal.status) {
    case 'WITHDRAWN':
      return { kind: 'withdrawn' }
    case 'DRAFT':
    case 'IN_APPROVAL':
    case 'APPROVED':
      return { kind: 'not-open' }
    case 'CONSULTING': {
      const daysLeft = end ? daysUntil(end) : null
      return daysLeft !== null && daysLeft < 0 ? { kind: 'closed', end } : { kind: 'open', end, daysLeft }
    }
    default:
      return { kind: 'closed', end }
  }
}

/**
 * Proposals for which the person followed "HR agreed to accept a late response": the server
 * alone knows whether HR did, so the form opens and a refused save shows the closed page.
 */
export const lateAttempts = new Set<string>()

// ---- Moving between steps ----------------------------------------------------------------

export const stepPath = (proposalId: string, step = '') => `/proposals/${proposalId}/feedback${step ? `/${step}` : ''}`

let moved = false

/** Navigates between the form's pages; the next page's heading then takes focus. */
export function go(path: string, options?: { replace?: boolean }): void {
  moved = true
  navigate(path, options)
  window.scrollTo(0, 0)
}

/** Whether the page showing now was reached with go(), and so should focus its heading. */
export function takeMoved(): boolean {
  const was = moved
  moved = false
  return was
}

/** Where "Continue your response" picks up: the first question not answered yet. */
export function resumeStep(questions: FormQuestion[], response: MyFeedback | null | undefined): string {
  if (!response) return 'confidentiality'
  const answered = new Set(response.answers.filter((a) => a.values.length > 0).map((a) => a.questionKey))
  const next = questions.findIndex((question) => !answered.has(question.key))
  return next < 0 ? 'check' : `questions-${next + 1}`
}
