// The days and times a timetable form asks for (a meeting's date and times, the consultation
// period's days), each field showing the form's value and error of its own name.
import type { ComponentChildren } from 'preact'
import { type FieldError, TextInput, errorFor } from '../../../components/govuk'
import { DateInput } from '../../../components/DateInput'

export interface WhenField<Name extends string> {
  name: Name
  label: string
  hint?: ComponentChildren
  /** A time of day typed as people write it ("14:30", "2:30pm"); else a date. */
  time?: boolean
}

export function WhenFields<Name extends string>({ fields, values, set, errors }: {
  fields: WhenField<Name>[]
  values: Record<Name, string>
  set: (name: Name) => (value: string) => void
  errors: FieldError[]
}) {
  return (
    <>
      {fields.map(({ name, label, hint, time }) =>
        time ? (
          <TextInput key={name} id={name} label={label} hint={hint} width="5" value={values[name]} onInput={set(name)} error={errorFor(errors, name)} />
        ) : (
          <DateInput key={name} id={name} label={label} hint={hint} value={values[name]} onInput={set(name)} error={errorFor(errors, name)} />
        ),
      )}
    </>
  )
}
