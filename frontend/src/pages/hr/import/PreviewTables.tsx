// The preview step: what would be created, the columns ignored, and every problem (also as a
// CSV to download), before anything is saved.
import { plural } from '../../../format'
import type { Preview } from './ImportPage'

/** At most this many rows of what would be created are shown; the count says the rest. */
const SHOWN = 100

export function PreviewTables({ preview, words, fileName }: { preview: Preview; words: { one: string; many: string }; fileName: string }) {
  const errorsHref = `data:text/csv;charset=utf-8,${encodeURIComponent(preview.errorsCsv)}`
  return (
    <>
      <h2 class="govuk-heading-m" id="preview" tabIndex={-1}>What importing {fileName} would do</h2>
      <ul class="govuk-list govuk-list--bullet">
        {preview.rejected > 0 ? (
          <li>
            Nothing can be imported yet: {plural(preview.rejected, 'row')} {preview.rejected === 1 ? 'has' : 'have'} problems.
          </li>
        ) : (
          <li>{plural(preview.willCreate, words.one, words.many)} would be created; none would be changed.</li>
        )}
        <li>
          {preview.ignoredColumns.length === 0
            ? 'Every column of the file is used.'
            : `Not imported (no field chosen): ${preview.ignoredColumns.join(', ')}.`}
        </li>
      </ul>
      {preview.errors.length > 0 && (
        <>
          <h2 class="govuk-heading-m" id="import-problems">Problems to correct</h2>
          <p class="govuk-body">
            <a class="govuk-link" href={errorsHref} download="import-problems.csv">Download the problems as a CSV file</a>
          </p>
          <div class="app-table-scroll" role="region" aria-label="Problems to correct (scrolls sideways)" tabIndex={0}>
            <table class="govuk-table">
              <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">Problems, by line of the file (the header is line 1)</caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric">Line</th>
                  <th scope="col" class="govuk-table__header">Column</th>
                  <th scope="col" class="govuk-table__header">Problem</th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {preview.errors.flatMap((row) =>
                  row.errors.map((e, index) => (
                    <tr class="govuk-table__row" key={`${row.line}-${index}`}>
                      <td class="govuk-table__cell govuk-table__cell--numeric">{row.line}</td>
                      <td class="govuk-table__cell">{e.heading || 'Whole row'}</td>
                      <td class="govuk-table__cell">{e.message}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
      {preview.items.length > 0 && (
        <div class="app-table-scroll" role="region" aria-label={`The ${words.many} to create (scrolls sideways)`} tabIndex={0}>
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">
              {preview.items.length > SHOWN ? `The first ${SHOWN} of ${preview.items.length} ${words.many} to create` : `The ${words.many} to create`}
            </caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                {preview.itemHeadings.map((h) => (
                  <th scope="col" class="govuk-table__header" key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {preview.items.slice(0, SHOWN).map((item) => (
                <tr class="govuk-table__row" key={item.line}>
                  {item.cells.map((cell, i) =>
                    i === 0 ? <th scope="row" class="govuk-table__header" key={i}>{cell}</th> : <td class="govuk-table__cell" key={i}>{cell}</td>,
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
