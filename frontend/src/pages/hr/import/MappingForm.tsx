// The mapping step: for each of Consult's fields, which of the file's columns holds it,
// pre-filled from the headings (or the last import's mapping). A name can join two columns.
import { useState } from 'preact/hooks'
import { Select, type SelectOption } from '../../../components/govuk'
import type { Preview, Setup } from './ImportPage'

export type ColumnMapping = { field: string; columns: string[] }[]

type Field = Setup['fields'][number]

export function MappingForm({ fields, preview, fileName, error, busy, onSubmit, onCancel }: {
  fields: Field[]
  preview: Preview
  fileName: string
  error?: string
  busy: boolean
  onSubmit: (mapping: ColumnMapping) => void
  onCancel: () => void
}) {
  const initial: Record<string, string[]> = {}
  for (const m of preview.mapping) initial[m.field] = m.columns
  const [chosen, setChosen] = useState<Record<string, string[]>>(initial)
  const options: SelectOption[] = [{ value: '', label: 'Not in my file' }, ...preview.headings.filter((h) => h !== '').map((h) => ({ value: h, label: h }))]
  const set = (key: string, index: number, value: string) => {
    const columns = [...(chosen[key] ?? [])]
    columns[index] = value
    setChosen({ ...chosen, [key]: columns })
  }
  const submit = (event: Event) => {
    event.preventDefault()
    const mapping = fields
      .map((f) => ({ field: f.key, columns: (chosen[f.key] ?? []).filter((c) => c) }))
      .filter((m) => m.columns.length > 0)
    onSubmit(mapping)
  }
  return (
    <form noValidate onSubmit={submit}>
      <h2 class="govuk-heading-m">Which column is which</h2>
      <p class="govuk-body">
        {fileName} was read as {preview.encoding}, with {preview.separator} between the columns. It has {preview.headings.length} columns.
        {preview.mappingRemembered ? ' The choices below are the ones you made at the last import.' : ' The choices below are guessed from the headings: check them.'}
      </p>
      <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <fieldset class="govuk-fieldset" aria-describedby={error ? 'mapping-error' : undefined}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">For each of Consult’s fields, choose the column of your file that holds it</legend>
          {error && (
            <p id="mapping-error" class="govuk-error-message">
              <span class="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          {fields.map((f) => (
            <div key={f.key}>
              <Select
                id={f.key === fields[0].key ? 'mapping' : `mapping-${f.key}`}
                label={`${f.label}${f.required ? '' : ' (optional)'}`}
                hint={f.joinable ? 'A whole name, or the forename here and the surname below.' : undefined}
                value={chosen[f.key]?.[0] ?? ''}
                options={options}
                onChange={(value) => set(f.key, 0, value)}
              />
              {f.joinable && (
                <Select
                  id={`mapping-${f.key}-2`}
                  label={`${f.label}: second part (optional)`}
                  hint="Joined after the first with a space, such as a surname after a forename."
                  value={chosen[f.key]?.[1] ?? ''}
                  options={options}
                  onChange={(value) => set(f.key, 1, value)}
                />
              )}
            </div>
          ))}
        </fieldset>
      </div>
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button" aria-disabled={busy ? 'true' : undefined}>Preview the import</button>
        <button type="button" class="govuk-button govuk-button--secondary" onClick={onCancel}>Choose another file</button>
      </div>
    </form>
  )
}
