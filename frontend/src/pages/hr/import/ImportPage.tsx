// Importing posts or employees from a spreadsheet as HR has it: upload the file, say which of
// its columns is which (pre-filled from its headings, or from the last import), preview what
// would be created and every problem, then import, all or nothing.
import { useRef, useState } from 'preact/hooks'
import { upload } from '../../../api/client'
import { useQuery } from '../../../api/hooks'
import { useForm } from '../../../form'
import { graphql } from '../../../gql'
import type { CsvKind, ImportPageImportMutation, ImportPagePreviewMutation, ImportPageSetupQuery } from '../../../gql/graphql'
import { BackLink, ChoiceField, errorFor, ErrorSummary, type FieldError, Loading, PageHeading, Textarea, WarningText } from '../../../components/govuk'
import { plural } from '../../../format'
import { Link, navigate } from '../../../router'
import { FocusBanner } from '../structure/shared'
import { MappingForm, type ColumnMapping } from './MappingForm'
import { PreviewTables } from './PreviewTables'

const ImportPageSetupDocument = graphql(`
  query ImportPageSetup($kind: CsvKind!) {
    importSetup(kind: $kind) {
      maxBytes maxRows limits template
      fields { key label required joinable }
    }
  }
`)

const ImportPagePreviewDocument = graphql(`
  mutation ImportPagePreview($input: StructureImportInput!) {
    previewStructureImport(input: $input) {
      encoding separator headings mappingRemembered mappingProblem ignoredColumns
      mapping { field columns }
      willCreate willUpdate rejected itemHeadings
      items { line cells }
      errors { line errors { column heading message } }
      errorsCsv previewToken
    }
  }
`)

const ImportPageImportDocument = graphql(`
  mutation ImportPageImport($input: StructureImportInput!) {
    importStructureFile(input: $input) { imported rejected }
  }
`)

export type Preview = ImportPagePreviewMutation['previewStructureImport']
export type Setup = ImportPageSetupQuery['importSetup']

const kindWords: Record<CsvKind, { one: string; many: string }> = {
  POSTS: { one: 'post', many: 'posts' },
  EMPLOYEES: { one: 'employee', many: 'employees' },
}

type Step =
  | { name: 'upload' }
  | { name: 'map'; file: File; preview: Preview }
  | { name: 'preview'; file: File; preview: Preview; mapping: ColumnMapping }
  | { name: 'done'; kind: CsvKind; imported: number }

export interface ImportProposal {
  id: string
  title: string
  sharedWithUnionsAt?: unknown
}

export function ImportPage({ proposal, initialKind, path, onImported }: {
  proposal: ImportProposal
  initialKind: CsvKind
  path: string
  onImported: () => void
}) {
  const [kind, setKind] = useState<CsvKind>(initialKind)
  const setup = useQuery(ImportPageSetupDocument, { kind })
  const [step, setStep] = useState<Step>({ name: 'upload' })
  const { errors, setErrors, busy, submit } = useForm()
  const [changeSummary, setChangeSummary] = useState('')
  const [round, setRound] = useState(0)
  const fileRef = useRef<HTMLInputElement>(null)
  const shared = proposal.sharedWithUnionsAt != null
  const words = kindWords[kind]
  const back = initialKind === 'POSTS' ? `/proposals/${proposal.id}/structure` : path

  const previewFile = async (file: File, mapping?: ColumnMapping) =>
    (await upload(ImportPagePreviewDocument, { proposalId: proposal.id, kind, mapping }, file, file.name))
      .previewStructureImport

  /**
   * Runs one step's work, unless one is under way (the form's own `found` errors are shown
   * all the same). Every refusal is told on the step's `field`.
   */
  const guard = async (field: string, work: () => Promise<void>, found: FieldError[] = []) => {
    if (busy && found.length === 0) return
    await submit(found, work, (error) => {
      setErrors([{ field, message: error.message }])
      return true
    })
  }

  const chooseFile = (event: Event) => {
    event.preventDefault()
    const file = fileRef.current?.files?.[0]
    const found: FieldError[] = []
    if (!file) found.push({ field: 'import-file', message: `Choose a file of ${words.many} to import` })
    else if (setup.data && file.size > setup.data.importSetup.maxBytes) {
      found.push({ field: 'import-file', message: `The file is larger than ${Math.floor(setup.data.importSetup.maxBytes / 1024 / 1024)} MB. ${setup.data.importSetup.limits} Split it into several files.` })
    }
    void guard(
      'import-file',
      async () => {
        if (!file) return
        const preview = await previewFile(file)
        setStep({ name: 'map', file, preview })
      },
      found,
    )
  }

  const previewMapping = (file: File, mapping: ColumnMapping) =>
    guard('mapping', async () => {
      const preview = await previewFile(file, mapping)
      if (preview.mappingProblem) {
        setStep({ name: 'map', file, preview })
        setErrors([{ field: 'mapping', message: preview.mappingProblem }])
        return
      }
      setStep({ name: 'preview', file, preview, mapping })
      setRound((r) => r + 1)
    })

  const commit = (file: File, preview: Preview, mapping: ColumnMapping) =>
    guard('import', async () => {
      const report = (
        await upload(
          ImportPageImportDocument,
          {
            proposalId: proposal.id,
            kind,
            mapping,
            previewToken: preview.previewToken,
            changeSummary: shared && changeSummary.trim() ? changeSummary.trim() : undefined,
          },
          file,
          file.name,
        )
      ).importStructureFile satisfies ImportPageImportMutation['importStructureFile']
      setStep({ name: 'done', kind, imported: report.imported })
      setRound((r) => r + 1)
      onImported()
    })

  const startAgain = () => {
    setErrors([])
    setStep({ name: 'upload' })
  }

  return (
    <>
      <BackLink
        href={back}
        onClick={(event) => {
          event.preventDefault()
          navigate(back)
        }}
      />
      {step.name === 'done' && (
        <FocusBanner success title="Import" heading={`${plural(step.imported, kindWords[step.kind].one, kindWords[step.kind].many)} imported`} focusKey={round}>
          <p class="govuk-body">
            See them on the{' '}
            <Link class="govuk-notification-banner__link" href={`/proposals/${proposal.id}/${step.kind === 'POSTS' ? 'structure' : 'people'}`}>
              {step.kind === 'POSTS' ? 'structure page' : 'people page'}
            </Link>
            .
          </p>
        </FocusBanner>
      )}
      <ErrorSummary errors={errors} />
      <PageHeading title={`Import ${words.many} from a spreadsheet: ${proposal.title}`} caption={proposal.title}>
        Import {words.many} from a spreadsheet
      </PageHeading>
      {shared && <WarningText>This proposal was shared with the unions: an import changes it for everyone who can see it, as a new revision.</WarningText>}
      {step.name === 'upload' || step.name === 'done' ? (
        <form noValidate onSubmit={chooseFile}>
          <p class="govuk-body">
            Upload the file as your spreadsheet saves it. Next you say which of its columns is which, then you see what would be imported and
            every problem before anything is saved. Nothing is imported until every row is right.
          </p>
          <ChoiceField
            id="import-kind"
            label={<span class="govuk-!-font-size-24">What the file holds</span>}
            choices={[
              { value: 'POSTS', label: 'Posts', hint: 'One row per post line, now and as proposed.' },
              { value: 'EMPLOYEES', label: 'Employees', hint: 'One row for each post an employee holds. Import the posts first.' },
            ]}
            values={[kind]}
            onChange={(values) => setKind(values[0] as CsvKind)}
          />
          {setup.data ? <Template setup={setup.data.importSetup} kind={kind} /> : <Loading />}
          <div class={`govuk-form-group${errorFor(errors, 'import-file') ? ' govuk-form-group--error' : ''}`}>
            <label class="govuk-label govuk-label--s" for="import-file">Upload a file</label>
            <div id="import-file-hint" class="govuk-hint">
              CSV or tab-separated text, saved from Excel in any of its CSV formats. {setup.data?.importSetup.limits}
            </div>
            {errorFor(errors, 'import-file') && (
              <p id="import-file-error" class="govuk-error-message">
                <span class="govuk-visually-hidden">Error:</span> {errorFor(errors, 'import-file')}
              </p>
            )}
            <input
              class={`govuk-file-upload${errorFor(errors, 'import-file') ? ' govuk-file-upload--error' : ''}`}
              id="import-file"
              name="import-file"
              type="file"
              accept=".csv,.txt,.tsv,text/csv,text/plain,text/tab-separated-values"
              ref={fileRef}
              aria-describedby={`import-file-hint${errorFor(errors, 'import-file') ? ' import-file-error' : ''}`}
            />
          </div>
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button" aria-disabled={busy ? 'true' : undefined}>Continue</button>
            <Link href={back}>{initialKind === 'POSTS' ? 'Back to the structure' : 'Back to people'}</Link>
          </div>
        </form>
      ) : step.name === 'map' ? (
        setup.data ? (
          <MappingForm
            key={step.preview.headings.join('\u0000')}
            fields={setup.data.importSetup.fields}
            preview={step.preview}
            fileName={step.file.name}
            error={errorFor(errors, 'mapping')}
            busy={busy}
            onSubmit={(mapping) => previewMapping(step.file, mapping)}
            onCancel={startAgain}
          />
        ) : (
          <Loading />
        )
      ) : (
        <>
          <PreviewTables preview={step.preview} words={words} fileName={step.file.name} />
          {step.preview.previewToken ? (
            <form
              noValidate
              onSubmit={(event) => {
                event.preventDefault()
                commit(step.file, step.preview, step.mapping)
              }}
            >
              {shared && (
                <Textarea
                  id="import-change-summary"
                  label="What changed (optional)"
                  hint="A summary for the new revision; if you leave it blank, one is written for you."
                  rows={2}
                  value={changeSummary}
                  onInput={setChangeSummary}
                />
              )}
              {errorFor(errors, 'import') && <p class="govuk-error-message" id="import-error">{errorFor(errors, 'import')}</p>}
              <div class="govuk-button-group">
                <button type="submit" class="govuk-button" aria-disabled={busy ? 'true' : undefined}>
                  Import {plural(step.preview.willCreate, words.one, words.many)}
                </button>
                <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setStep({ name: 'map', file: step.file, preview: step.preview })}>
                  Change which column is which
                </button>
              </div>
            </form>
          ) : (
            <div class="govuk-button-group">
              <button type="button" class="govuk-button" onClick={startAgain}>Upload a corrected file</button>
              <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setStep({ name: 'map', file: step.file, preview: step.preview })}>
                Change which column is which
              </button>
            </div>
          )}
        </>
      )}
    </>
  )
}

/** The template to download, and what each column means. */
function Template({ setup, kind }: { setup: Setup; kind: CsvKind }) {
  const href = `data:text/csv;charset=utf-8,${encodeURIComponent(setup.template)}`
  return (
    <details class="govuk-details">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">What a {kindWords[kind].one} file holds, and a template</span>
      </summary>
      <div class="govuk-details__text">
        <p class="govuk-body">
          Your own headings are fine: you choose which column is which after uploading. Columns Consult does not need are ignored.
        </p>
        <p class="govuk-body">
          <a class="govuk-link" href={href} download={`consult-${kindWords[kind].many}-template.csv`}>
            Download a template for {kindWords[kind].many} (CSV)
          </a>
        </p>
        <ul class="govuk-list govuk-list--bullet">
          {setup.fields.map((f) => (
            <li key={f.key}>
              {f.label} {f.required ? '(needed)' : '(optional)'}
            </li>
          ))}
        </ul>
      </div>
    </details>
  )
}
