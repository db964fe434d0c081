// One person's statutory redundancy payment line by line (ERA 1996 s162): the years in each
// age band, the week's pay used and the limit on it (s227), the total, and the employer's
// enhanced payment beside it when its policy has one. HR reads it on the case page, the
// employee on "Your situation": the same lines, in the second or third person. The figures
// are the server's; nothing is worked out here.
import { graphql } from '../gql'
import type { AgeBand, RedundancyPayLinesFragment } from '../gql/graphql'
import { formatDate, plural } from '../format'
import { Details, InsetText, SummaryList, WarningText } from './govuk'

export const RedundancyPayLinesDocument = graphql(`
  fragment RedundancyPayLines on RedundancyPay {
    relevantDate relevantDateBasis missing
    statutory {
      qualifies completeYearsOfService yearsCounted ageOnRelevantDate totalWeeks
      actualWeeklyPay weekPayLimit capApplied weekPayUsed limitStatus limitSource total notes
      bands { band years weeksPerYear weeks citation }
      years { number from to ageAtStart band }
      enhanced { multiplier maxWeeks weeksBeforeMaximum weeksPaid weekPayUsed schemeTotal total statutoryFloorApplied source }
    }
  }
`)

/** Whose pay it is: the employee reading their own, or HR reading someone's. */
export type PayReader = 'own' | 'hr'

const bandLabel: Record<AgeBand, string> = {
  UNDER_22: 'Years aged under 22',
  FROM_22_TO_40: 'Years aged 22 to 40',
  FROM_41: 'Years aged 41 or over',
}

const bandShort: Record<AgeBand, string> = {
  UNDER_22: 'under 22',
  FROM_22_TO_40: '22 to 40',
  FROM_41: '41 or over',
}

const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** "600.00" to "£600.00": pay lines keep their pence. */
export function formatPounds(amount: string | null | undefined): string {
  return amount == null ? '–' : pounds.format(Number(amount))
}

/** 1.5 to "1½", 0.5 to "½", 20 to "20". */
export function weeksText(weeks: number): string {
  const whole = Math.floor(weeks)
  const rest = Math.round((weeks - whole) * 100) / 100
  if (rest === 0.5) return whole === 0 ? '½' : `${whole}½`
  return rest === 0 ? String(whole) : String(weeks)
}

const weeksOfPay = (weeks: number) => `${weeksText(weeks)} ${weeks === 1 ? 'week’s' : 'weeks’'} pay`

/** The facts the calculation still needs, in words. */
export function missingPayFacts(missing: string[], reader: PayReader): string[] {
  const own = reader === 'own'
  const words: Record<string, string> = {
    continuousServiceStart: own ? 'when your continuous employment started' : 'their continuous service start',
    dateOfBirth: own ? 'your date of birth' : 'their date of birth',
    weeklyPay: own ? 'your gross weekly pay' : 'their gross weekly pay',
    relevantDate: own
      ? 'your last day of service, which comes with notice'
      : 'the relevant date: the last day of their notice, or a provisional date set before notice',
  }
  return missing.map((fact) => words[fact] ?? fact)
}

export function RedundancyPayLines({ pay, reader }: { pay: RedundancyPayLinesFragment; reader: PayReader }) {
  const own = reader === 'own'
  const calc = pay.statutory
  if (!calc) {
    const facts = missingPayFacts(pay.missing, reader)
    return (
      <>
        <p class="govuk-body">
          {own ? 'Your redundancy pay cannot be worked out yet. HR still needs:' : 'Redundancy pay cannot be worked out until these are recorded:'}
        </p>
        <ul class="govuk-list govuk-list--bullet">
          {facts.map((fact) => <li key={fact}>{fact}</li>)}
        </ul>
      </>
    )
  }
  const on = pay.relevantDate ? formatDate(pay.relevantDate) : ''
  const basis =
    pay.relevantDateBasis === 'NOTICE_ENDS'
      ? `${on}, the last day of ${own ? 'your' : 'their'} notice (the relevant date, ERA 1996 s145)`
      : `${on}, a provisional date HR set before notice (the relevant date will be the last day of notice)`
  const bands = calc.bands.filter((b) => b.years > 0)
  const weekPay = calc.capApplied
    ? `${formatPounds(calc.weekPayUsed)}: the limit on a week’s pay in force on ${on}, because ${own ? 'your' : 'their'} actual gross weekly pay of ${formatPounds(calc.actualWeeklyPay)} is above it (ERA 1996 s227${calc.limitSource ? `; ${calc.limitSource}` : ''}).`
    : calc.weekPayLimit
      ? `${formatPounds(calc.weekPayUsed)}: ${own ? 'your' : 'their'} actual gross weekly pay, under the limit of ${formatPounds(calc.weekPayLimit)} a week in force on ${on} (ERA 1996 s227${calc.limitSource ? `; ${calc.limitSource}` : ''}).`
      : `${formatPounds(calc.weekPayUsed)}: ${own ? 'your' : 'their'} actual gross weekly pay.`
  const enhanced = calc.enhanced
  return (
    <>
      <p class="govuk-body">Worked out at {basis}.</p>
      {!calc.qualifies && (
        <InsetText>
          <p class="govuk-body">
            {own ? 'You are' : 'They are'} not entitled to a statutory redundancy payment: it needs 2 years’ continuous employment by the
            relevant date (ERA 1996 s155).
          </p>
        </InsetText>
      )}
      {calc.limitStatus === 'UNCONFIRMED' && (
        <WarningText>
          {own
            ? `The limit on a week’s pay for ${on} is not yet known to Consult: HR will confirm the figure.`
            : `The limit on a week’s pay in force on ${on} is not yet known to Consult: confirm it before relying on this figure.`}
        </WarningText>
      )}
      <SummaryList
        rows={[
          {
            key: 'Complete years of continuous employment',
            value:
              calc.yearsCounted < calc.completeYearsOfService
                ? `${calc.completeYearsOfService}: the last ${calc.yearsCounted} count (at most 20, ERA 1996 s162(3))`
                : String(calc.completeYearsOfService),
          },
          { key: `Age on ${on}`, value: String(calc.ageOnRelevantDate) },
          ...bands.map((b) => ({
            key: bandLabel[b.band],
            value: (
              <>
                {plural(b.years, 'year')} × {weeksOfPay(b.weeksPerYear)} = {weeksOfPay(b.weeks)}
                <span class="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{b.citation}</span>
              </>
            ),
          })),
          { key: 'Weeks’ pay in all', value: weeksOfPay(calc.totalWeeks) },
          { key: 'A week’s pay used', value: weekPay },
          {
            key: 'Statutory redundancy pay',
            value: (
              <>
                <strong>{formatPounds(calc.total)}</strong>
                <span class="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">
                  {weeksOfPay(calc.totalWeeks)} × {formatPounds(calc.weekPayUsed)}
                </span>
              </>
            ),
          },
          ...(enhanced
            ? [
                {
                  key: 'The employer’s enhanced payment',
                  value: (
                    <>
                      <strong>{formatPounds(enhanced.total)}</strong>
                      <span class="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">
                        {enhanced.statutoryFloorApplied
                          ? `The scheme gives ${formatPounds(enhanced.schemeTotal)}, less than the statutory payment, so the statutory payment is paid.`
                          : `${weeksOfPay(enhanced.weeksPaid)} × ${formatPounds(enhanced.weekPayUsed)}: the statutory weeks × ${enhanced.multiplier}${
                              enhanced.weeksBeforeMaximum > enhanced.weeksPaid ? `, limited to the scheme’s maximum of ${plural(enhanced.maxWeeks, 'week')}` : ''
                            }.`}{' '}
                        {own ? 'It is paid instead of the statutory payment, not as well as it' : 'Paid instead of the statutory payment, not on top of it'} ({enhanced.source}).
                      </span>
                    </>
                  ),
                },
              ]
            : []),
        ]}
      />
      {/* The notes are written for HR (what to confirm, what is not modelled). */}
      {!own && calc.notes.length > 0 && (
        <ul class="govuk-list govuk-list--bullet">
          {calc.notes.map((note) => <li key={note}>{note}</li>)}
        </ul>
      )}
      {calc.years.length > 0 && (
        <Details summary="Each year counted">
          <ol class="govuk-list">
            {calc.years.map((y) => (
              <li key={y.number}>
                Year {y.number}: {formatDate(y.from)} to {formatDate(y.to)}, aged {y.ageAtStart} at its start ({bandShort[y.band]})
              </li>
            ))}
          </ol>
        </Details>
      )}
    </>
  )
}
