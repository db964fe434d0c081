// Dates and money as people in a UK council read them.
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })
const dayWithWeekday = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' })
const moneyFormat = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 })

/** A calendar date ("2026-12-04") to "4 December 2026". */
export function formatDate(date: string | null | undefined, weekday = false): string {
  if (!date) return 'not set'
  const parsed = new Date(date.length === 10 ? `${date}T12:00:00Z` : date)
  return (weekday ? dayWithWeekday : dayFormat).format(parsed)
}

const shortDayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' })

/**
 * A calendar date to "4 Dec 2026", for table columns (the GOV.UK style guide allows short
 * months in tables, where the full month wraps a narrow column over several lines).
 */
export function formatDateShort(date: string | null | undefined): string {
  if (!date) return 'not set'
  return shortDayFormat.format(new Date(date.length === 10 ? `${date}T12:00:00Z` : date))
}

/** An instant to "4 Dec 2026, 2:30pm" (London time), for table columns. */
export function formatDateTimeShort(instant: string | null | undefined): string {
  if (!instant) return 'not set'
  const parsed = new Date(instant)
  return `${shortDayFormat.format(parsed)}, ${timeFormat.format(parsed).replace(' ', '').toLowerCase()}`
}

/** An instant to "4 December 2026 at 2:30pm" (London time). */
export function formatDateTime(instant: string | null | undefined): string {
  if (!instant) return 'not set'
  const parsed = new Date(instant)
  return `${dayFormat.format(parsed)} at ${timeFormat.format(parsed).replace(' ', '').toLowerCase()}`
}

export function formatTime(instant: string): string {
  return timeFormat.format(new Date(instant)).replace(' ', '').toLowerCase()
}

export function formatMoney(amount: string | null | undefined): string {
  if (amount == null) return '–'
  return moneyFormat.format(Number(amount))
}

/** Today in London as "YYYY-MM-DD". */
export function londonToday(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
  return parts
}

/** Whole days from today (London) until a date: 0 on the day itself, negative after it. */
export function daysUntil(date: string, now = new Date()): number {
  const today = Date.parse(`${londonToday(now)}T00:00:00Z`)
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / 86_400_000)
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

/**
 * A count the API withholds from all but HR when it is below 3 (null), so that no one who
 * responded can be singled out: "Fewer than 3" in a table cell.
 */
export function countOrFewer(count: number | null | undefined): string {
  return count == null ? 'Fewer than 3' : String(count)
}

/** `plural` for a count the API may withhold: "fewer than 3 questions". */
export function pluralOrFewer(count: number | null | undefined, one: string, many = `${one}s`): string {
  return count == null ? `fewer than 3 ${many}` : plural(count, one, many)
}

/** "RING_FENCED" to "Ring fenced". */
export function humanise(code: string): string {
  const words = code.toLowerCase().replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}
