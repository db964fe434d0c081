// Pieces the timetable, checklist, feedback form and "My tasks" pages share: GOV.UK summary
// cards, London wall-clock times for meetings, and checks of dates typed into forms.
import type { ComponentChildren, JSX } from 'preact'
import type { MeetingKind, InviteeGroup, Role } from '../gql/graphql'
import { daysUntil, formatDate } from '../format'
import { Tag } from './govuk'

/** A GOV.UK summary card: a titled box of rows, with its actions in the title bar. */
export function SummaryCard({ title, id, actions = [], children, level = 3 }: {
  title: ComponentChildren
  id?: string
  actions?: JSX.Element[]
  children: ComponentChildren
  level?: 2 | 3
}) {
  const Heading = level === 2 ? 'h2' : 'h3'
  return (
    <div class="govuk-summary-card" id={id}>
      <div class="govuk-summary-card__title-wrapper">
        <Heading class="govuk-summary-card__title">{title}</Heading>
        {actions.length > 0 && (
          <ul class="govuk-summary-card__actions">
            {actions.map((action, index) => (
              <li class="govuk-summary-card__action" key={index}>{action}</li>
            ))}
          </ul>
        )}
      </div>
      <div class="govuk-summary-card__content">{children}</div>
    </div>
  )
}

export const meetingKindLabel: Record<MeetingKind, string> = {
  STAFF_BRIEFING: 'Staff briefing',
  UNION_BRIEFING: 'Briefing for the trade unions',
  ONE_TO_ONE: 'One-to-one meeting',
  DROP_IN: 'Drop-in session',
  QA_SESSION: 'Questions and answers session',
  COMMITTEE: 'Committee meeting',
}

export const inviteeGroupLabel: Record<InviteeGroup, string> = {
  AFFECTED_STAFF: 'Affected staff',
  SPONSOR: 'The sponsoring manager',
  UNION_REPS: 'Union representatives',
}

export const roleLabel: Record<Role, string> = {
  HR_ADMIN: 'HR',
  MANAGER: 'A manager',
  STAFF: 'A member of staff',
  UNION_REP: 'A union representative',
}

/** "2026-12-03" that is a real calendar day. */
export function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const [y, m, d] = value.split('-').map(Number)
  const parsed = new Date(Date.UTC(y, m - 1, d))
  return parsed.getUTCFullYear() === y && parsed.getUTCMonth() === m - 1 && parsed.getUTCDate() === d
}

/** Whole days from one date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/**
 * A time as people type it ("14:30", "2:30pm", "9am", "09.15") to "HH:MM", or null.
 * GOV.UK asks for times in a text input: there is no time picker that works for everyone.
 */
export function parseTime(value: string): string | null {
  const m = value.trim().toLowerCase().replace(/\s+/g, '').match(/^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/)
  if (!m) return null
  let hours = Number(m[1])
  const minutes = m[2] ? Number(m[2]) : 0
  if (minutes > 59) return null
  if (m[3]) {
    if (hours < 1 || hours > 12) return null
    if (m[3] === 'am' && hours === 12) hours = 0
    if (m[3] === 'pm' && hours !== 12) hours += 12
  } else if (!m[2] || hours > 23) {
    // "9" alone is ambiguous; "25:00" is not a time.
    return null
  }
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** An instant's London date ("2026-12-03") and time ("14:30"). */
export function londonDateTime(instant: string | number): { date: string; time: string } {
  const parts = Object.fromEntries(londonParts.formatToParts(new Date(instant)).map((p) => [p.type, p.value]))
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` }
}

/** Minutes London is ahead of UTC at an instant (0 in winter, 60 in summer). */
function londonOffset(utcMillis: number): number {
  const { date, time } = londonDateTime(utcMillis)
  return Math.round((Date.parse(`${date}T${time}:00Z`) - Math.floor(utcMillis / 60_000) * 60_000) / 60_000)
}

/**
 * A London wall-clock date and time to an RFC 3339 instant, since meetings are stored in UTC
 * and HR thinks in local time. The offset is checked again at the result so times either
 * side of a clock change come out right.
 */
export function londonToInstant(date: string, time: string): string {
  const wall = Date.parse(`${date}T${time}:00Z`)
  let utc = wall - londonOffset(wall) * 60_000
  const again = londonOffset(utc)
  utc = wall - again * 60_000
  return new Date(utc).toISOString()
}

/** A planned date with whether it is overdue, in words (not colour alone). */
export function PlannedDate({ date, overdue, done, tag = true }: {
  date: string | null | undefined
  overdue: boolean
  done?: boolean
  /** False where a status tag already says it is overdue. */
  tag?: boolean
}) {
  if (!date) return <>Not planned</>
  if (done || !overdue) {
    const days = daysUntil(date)
    return (
      <>
        {formatDate(date)}
        {!done && days >= 0 && days <= 7 && <> ({days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`})</>}
      </>
    )
  }
  const late = -daysUntil(date)
  const ago = late === 1 ? '1 day ago' : `${late} days ago`
  return tag ? (
    <>
      <Tag colour="red">Overdue</Tag> {formatDate(date)}, {ago}
    </>
  ) : (
    <>
      {formatDate(date)}, {ago} (overdue)
    </>
  )
}

/** Trims a message from the API for the error summary, which has no full stops. */
export function summaryMessage(message: string): string {
  return message.replace(/\.$/, '')
}

/** "sections, posts": the kinds of change since an approval was given, as the API names them. */
export function changedSinceText(kinds: string[]): string {
  const text = kinds.join(', ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}
