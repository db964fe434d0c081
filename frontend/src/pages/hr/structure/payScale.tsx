// Pay scales (domain::pay_scale): the list by grade and the page that sets one's salary
// and on-cost rate.
import { useRef, useState } from 'preact/hooks'
import { request } from '../../../api/client'
import { useForm } from '../../../form'
import { graphql } from '../../../gql'
import { errorFor, type FieldError, Textarea, TextInput, WarningText } from '../../../components/govuk'
import { formatMoney } from '../../../format'
import { Link } from '../../../router'
import { byGrade, FormPrelude, type Notice, NumberInput, type PayScale } from './shared'

const StructurePageSetPayScaleDocument = graphql(`
  mutation StructurePageSetPayScale($input: SetPayScaleInput!) {
    setPayScale(input: $input) { grade annualCost salary onCostPercent description }
  }
`)

export function PayScales({ payScales, path }: { payScales: PayScale[]; path: string }) {
  const sorted = [...payScales].sort(byGrade)
  return (
    <>
      <p class="govuk-body">
        The salary of a full-time post on each grade and the employer’s pension and National Insurance on it (the on-costs): the
        yearly cost is the two together. Every proposal is costed with these figures, and a post’s grade must have one.
      </p>
      <div class="app-table-scroll" role="region" aria-label="Pay scales (scrolls sideways)" tabIndex={0}>
        <table class="govuk-table app-pay-scale-table">
          <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">Pay scales</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Grade</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Salary</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">On-costs</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Yearly cost</th>
              <th scope="col" class="govuk-table__header">What the figure is</th>
              <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {sorted.map((scale) => (
              <tr class="govuk-table__row" key={scale.grade}>
                <th scope="row" class="govuk-table__header">{scale.grade}</th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{formatMoney(scale.salary)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{percentText(scale.onCostPercent)}%</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{formatMoney(scale.annualCost)}</td>
                <td class="govuk-table__cell govuk-body-s">{scale.description ?? ''}</td>
                <td class="govuk-table__cell">
                  <Link href={`${path}?pay-scale=${encodeURIComponent(scale.grade)}`}>
                    Change<span class="govuk-visually-hidden"> the pay scale for {scale.grade}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="govuk-body">
        <Link href={`${path}?pay-scale=new`} class="govuk-button govuk-button--secondary" draggable={false}>Add a pay scale</Link>
      </p>
    </>
  )
}

/** A percentage as people write it: 28.5, not 28.50. */
function percentText(percent: number): string {
  return String(Math.round(percent * 100) / 100)
}

/** "£41,000.50" → pence; null when it is not an amount in pounds with at most two decimals. */
function parsePounds(text: string): number | null {
  const amount = text.trim().replace(/^£/, '').replace(/,/g, '')
  if (!/^\d+(\.\d{1,2})?$/.test(amount)) return null
  return Math.round(Number(amount) * 100)
}

/** "28.5" → 2850 basis points; null unless a percentage from 0 to 100 with at most two decimals. */
function parsePercent(text: string): number | null {
  const percent = text.trim().replace(/%$/, '').trim()
  if (!/^\d+(\.\d{1,2})?$/.test(percent)) return null
  const points = Math.round(Number(percent) * 100)
  return points <= 10_000 ? points : null
}

/** Pence as pounds, with the pence only when there are some: "£32,000", "£26,872.99". */
function penceText(pence: number): string {
  const digits = pence % 100 === 0 ? 0 : 2
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(pence / 100)
}

/** The yearly cost as the server works it out: salary plus on-costs, to the nearest penny. */
function annualCostPence(salaryPence: number, basisPoints: number): number {
  return Math.round((salaryPence * (10_000 + basisPoints)) / 10_000)
}

export function PayScaleForm({ scale, payScales, path, onDone }: {
  scale: PayScale | null
  payScales: PayScale[]
  path: string
  onDone: (notice: Omit<Notice, 'at'>, to?: string) => void
}) {
  const [grade, setGrade] = useState(scale?.grade ?? '')
  const [salary, setSalary] = useState(scale ? String(Number(scale.salary)) : '')
  const [onCost, setOnCost] = useState(scale ? percentText(scale.onCostPercent) : '')
  const [description, setDescription] = useState(scale?.description ?? '')
  const { errors, setErrors, busy, submit: send } = useForm()
  const sending = useRef(false)
  const salaryPence = parsePounds(salary)
  const basisPoints = parsePercent(onCost)
  const computed = salaryPence != null && basisPoints != null ? annualCostPence(salaryPence, basisPoints) : null

  const submit = async (event: Event) => {
    event.preventDefault()
    if (sending.current) return
    const found: FieldError[] = []
    const name = grade.trim()
    if (!name) found.push({ field: 'pay-scale-grade', message: 'Enter the grade' })
    else if (!scale && payScales.some((s) => s.grade === name)) {
      found.push({ field: 'pay-scale-grade', message: `${name} already has a pay scale: change it from the list of pay scales` })
    }
    if (!salary.trim()) found.push({ field: 'pay-scale-salary', message: 'Enter the yearly salary' })
    else if (salaryPence == null) found.push({ field: 'pay-scale-salary', message: 'Enter the yearly salary in pounds, like 32000 or 32000.50' })
    else if (salaryPence === 0) found.push({ field: 'pay-scale-salary', message: 'The yearly salary must be more than £0' })
    if (!onCost.trim()) found.push({ field: 'pay-scale-on-cost', message: 'Enter the on-costs as a percentage of the salary, or 0' })
    else if (basisPoints == null) {
      found.push({ field: 'pay-scale-on-cost', message: 'The on-costs must be a percentage from 0 to 100 with at most two decimals, like 28.5' })
    }
    sending.current = true
    await send(
      found,
      async () => {
        // `found` names a salary or on-cost that did not parse, so this only narrows the types.
        if (salaryPence == null || basisPoints == null) return
        const saved = await request(StructurePageSetPayScaleDocument, {
          input: { grade: name, salary: (salaryPence / 100).toFixed(2), onCostPercent: basisPoints / 100, description: description.trim() || null },
        })
        onDone(
          {
            success: true,
            heading: `Pay scale for ${saved.setPayScale.grade} saved: ${formatMoney(saved.setPayScale.annualCost)} a year`,
            body: `A salary of ${formatMoney(saved.setPayScale.salary)} with ${percentText(saved.setPayScale.onCostPercent)}% on-costs. The costs of every proposal that uses this grade now use it.`,
          },
        )
      },
      // Every refusal is put on a field, the one it names or else the salary, in the words of
      // the Money scalar's parse error without its wrapping.
      (error) => {
        const fields: Record<string, string> = {
          'input.grade': 'pay-scale-grade',
          'input.description': 'pay-scale-description',
          'input.onCostPercent': 'pay-scale-on-cost',
        }
        const field = fields[error.field ?? ''] ?? 'pay-scale-salary'
        setErrors([{ field, message: error.message.replace(/^Failed to parse "Money": /, '').replace(/ \(occurred while parsing.*\)$/, '') }])
        return true
      },
    )
    sending.current = false
  }

  const title = scale ? `Change the pay scale for ${scale.grade}` : 'Add a pay scale'
  return (
    <>
      <FormPrelude back={path} errors={errors} title={title} caption="Pay scales" heading={title} />
      {scale && <WarningText>Every proposal that has posts on {scale.grade} is costed with this figure, including proposals already shared.</WarningText>}
      <form noValidate onSubmit={submit}>
        {scale ? (
          <input type="hidden" name="pay-scale-grade" value={grade} />
        ) : (
          <TextInput
            id="pay-scale-grade"
            label="Grade"
            hint="As posts name it, for example “Grade 9” or “SM1”."
            width="10"
            value={grade}
            onInput={setGrade}
            error={errorFor(errors, 'pay-scale-grade')}
          />
        )}
        <NumberInput
          id="pay-scale-salary"
          label="Yearly salary of a full-time post"
          hint="In pounds, without the employer’s on-costs, for example 32000."
          decimal
          width="10"
          prefix="£"
          value={salary}
          onInput={setSalary}
          error={errorFor(errors, 'pay-scale-salary')}
        />
        <NumberInput
          id="pay-scale-on-cost"
          label="On-costs as a percentage of the salary"
          hint="Employer’s pension and National Insurance, e.g. 28.5. The structure is costed with them; a protective award is not."
          decimal
          width="4"
          suffix="%"
          value={onCost}
          onInput={setOnCost}
          error={errorFor(errors, 'pay-scale-on-cost')}
        />
        <p class="govuk-body" aria-live="polite" id="pay-scale-annual-cost">
          Yearly cost of a full-time post with on-costs:{' '}
          <strong>{computed != null ? penceText(computed) : 'enter the salary and on-costs'}</strong>
        </p>
        <Textarea
          id="pay-scale-description"
          label="What the figure is (optional)"
          hint="For example the pay point and the on-cost rate."
          rows={3}
          value={description}
          onInput={setDescription}
          error={errorFor(errors, 'pay-scale-description')}
        />
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" aria-disabled={busy ? 'true' : undefined}>Save pay scale</button>
          <Link href={path}>Cancel</Link>
        </div>
      </form>
    </>
  )
}
