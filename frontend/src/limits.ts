// Limits the server enforces that the web app checks first, so a person is told before they
// submit. Each is the server's constant named beside it: change them together.

/** src/domain/text.rs `SHORT_MAX_CHARS`: a one-line name or title. */
export const SHORT_TEXT_MAX = 200
/** src/domain/text.rs `LONG_MAX_CHARS`: a section, a note, an answer. */
export const LONG_TEXT_MAX = 50_000
/** src/domain/text.rs `LIST_MAX_ITEMS`: items in a short list (risks, duties, unions). */
export const LIST_MAX_ITEMS = 100
/** src/domain/s188.rs `MAX_WORKFORCE_DESCRIPTIONS`: the establishment's workforce (s188(4)(c)). */
export const WORKFORCE_DESCRIPTIONS_MAX = 500
/** src/domain/s188.rs `MAX_HEADCOUNT`. */
export const HEADCOUNT_MAX = 1_000_000

/** "The note must be 50,000 characters or fewer": the words every long-text check uses. */
export function tooLong(what: string, max = LONG_TEXT_MAX): string {
  return `${what} must be ${max.toLocaleString('en-GB')} characters or fewer`
}
