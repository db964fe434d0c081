// A question's thread (issue 20): every answer, challenge, acceptance and HR closure, in
// order, with who made each. Shared by the raiser's page, HR's question log and My tasks.
import { Paragraphs, Tag } from './govuk'
import { formatDateTime } from '../format'

export type ReplyKind = 'ANSWER' | 'CHALLENGE' | 'ACCEPTANCE' | 'CLOSURE'
export type ReplyState = 'ACCEPTED' | 'CHALLENGED' | 'CLOSED_WITHOUT_AGREEMENT'

export interface ThreadEntry {
  id: string
  kind: ReplyKind
  text: string
  createdAt: string
  author?: { name: string } | null
}

const KIND: Record<ReplyKind, string> = {
  ANSWER: 'Answer',
  CHALLENGE: 'Answer challenged',
  ACCEPTANCE: 'Answer accepted',
  CLOSURE: 'Closed without agreement by HR',
}

const STATE: Record<ReplyState, [string, string]> = {
  ACCEPTED: ['Answer accepted', 'green'],
  CHALLENGED: ['Challenge unresolved', 'orange'],
  CLOSED_WITHOUT_AGREEMENT: ['Closed without agreement', 'grey'],
}

/** Where the raiser's reply stands, as a tag; nothing before any reply. */
export function ReplyStateTag({ state }: { state?: ReplyState | null }) {
  if (!state) return null
  const [label, colour] = STATE[state]
  return <Tag colour={colour}>{label}</Tag>
}

/** The thread as an ordered list; nothing when it holds only the one answer. */
export function QuestionThread({ thread, headingLevel = 4 }: { thread?: ThreadEntry[] | null; headingLevel?: 3 | 4 }) {
  if (!thread || thread.length < 2) return null
  const Heading = headingLevel === 3 ? 'h3' : 'h4'
  return (
    <div class="app-question-thread">
      <Heading class="govuk-heading-s">Answers and replies, in order</Heading>
      <ol class="govuk-list app-question-thread__list">
        {thread.map((entry) => (
          <li key={entry.id} class="govuk-!-margin-bottom-4">
            <p class="govuk-body govuk-!-margin-bottom-1">
              <strong>{KIND[entry.kind]}</strong>
              {entry.author ? ` by ${entry.author.name}` : entry.kind === 'ANSWER' || entry.kind === 'CLOSURE' ? '' : ' (name kept private)'}
              <span class="app-secondary-text">, {formatDateTime(entry.createdAt)}</span>
            </p>
            {entry.text && <Paragraphs text={entry.text} />}
          </li>
        ))}
      </ol>
    </div>
  )
}
