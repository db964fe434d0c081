// The employer's letter templates (issue 16): each kind's wording with its placeholders and
// what the law requires it to state. HR edits one on its own page (`?kind=…`); a template
// missing statutory content is refused and the refusal shown in the error summary.
import { useEffect, useRef, useState } from 'preact/hooks'
import { request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { LetterKind, LetterTemplatesPageQuery } from '../../gql/graphql'
import {
  Button,
  Details,
  ErrorSummary,
  type FieldError,
  Loading,
  NotificationBanner,
  PageHeading,
  ProblemPage,
  Tag,
  Textarea,
  errorFor,
} from '../../components/govuk'
import { formatDateTime } from '../../format'
import { useForm } from '../../form'
import { Link, navigate, useLocation } from '../../router'
import { StepProblem, letterKindLabel } from './individualKit'
import { focusBanner } from '../../focus'

const LetterTemplatesPageDocument = graphql(`
  query LetterTemplatesPage {
    letterTemplates {
      kind subject body isDefault version updatedAt placeholders
      requirements { placeholder describes citation }
    }
  }
`)
const UpdateTemplateDocument = graphql(`
  mutation LetterTemplatesUpdate($kind: LetterKind!, $body: String!, $expectedVersion: Int!) {
    updateLetterTemplate(kind: $kind, body: $body, expectedVersion: $expectedVersion) { kind version }
  }
`)
const ResetTemplateDocument = graphql(`
  mutation LetterTemplatesReset($kind: LetterKind!, $expectedVersion: Int!) {
    resetLetterTemplate(kind: $kind, expectedVersion: $expectedVersion) { kind version }
  }
`)

type Template = LetterTemplatesPageQuery['letterTemplates'][number]

export function LetterTemplatesPage() {
  const location = useLocation()
  const { data, error, reload } = useQuery(LetterTemplatesPageDocument, {})
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  const done = (kind: LetterKind, what: string) => {
    reload()
    navigate(`/letter-templates?done=${what}&changed=${kind}`)
  }
  const template = data.letterTemplates.find((t) => t.kind === location.query.get('kind'))
  if (template) return <EditTemplate key={template.kind} template={template} onDone={done} />
  return <Overview templates={data.letterTemplates} done={location.query.get('done')} changed={location.query.get('changed')} />
}

function Overview({ templates, done, changed }: { templates: Template[]; done: string | null; changed: string | null }) {
  const bannerRef = useRef<HTMLDivElement>(null)
  const kind = templates.find((t) => t.kind === changed)?.kind
  useEffect(() => {
    if (done) focusBanner(bannerRef.current)
  }, [done, changed])
  return (
    <>
      <div ref={bannerRef}>
        {done && kind && (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">
              {letterKindLabel[kind]}: {done === 'reset' ? "back to Consult's wording." : 'the template has been saved.'}
            </p>
          </NotificationBanner>
        )}
      </div>
      <PageHeading title="Letter templates">Letter templates</PageHeading>
      <p class="govuk-body">
        The wording of each letter of the individual stage. A letter is filled from the person's case when it is issued and
        kept as issued; changing a template changes only letters issued afterwards.
      </p>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Templates</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Letter</th>
            <th scope="col" class="govuk-table__header">Wording</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {templates.map((t) => (
            <tr class="govuk-table__row" key={t.kind}>
              <td class="govuk-table__cell">{letterKindLabel[t.kind]}</td>
              <td class="govuk-table__cell">
                {t.isDefault ? <Tag colour="grey">Consult's wording</Tag> : <Tag colour="blue">Edited</Tag>}
                {t.updatedAt && <span class="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">Changed {formatDateTime(t.updatedAt)}</span>}
              </td>
              <td class="govuk-table__cell">
                <Link href={`/letter-templates?kind=${t.kind}`}>
                  Edit<span class="govuk-visually-hidden"> {letterKindLabel[t.kind]}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

function EditTemplate({ template, onDone }: { template: Template; onDone: (kind: LetterKind, what: string) => void }) {
  const [body, setBody] = useState(template.body)
  const save = useForm({ 'input.body': 'body', body: 'body' })
  const title = letterKindLabel[template.kind]
  const submit = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = body.trim() ? [] : [{ field: 'body', message: 'Write the letter: the template is empty' }]
    save.submit(found, async () => {
      await request(UpdateTemplateDocument, { kind: template.kind, body, expectedVersion: template.version })
      onDone(template.kind, 'saved')
    })
  }
  const reset = () =>
    save.submit([], async () => {
      await request(ResetTemplateDocument, { kind: template.kind, expectedVersion: template.version })
      onDone(template.kind, 'reset')
    })
  return (
    <>
      <Link href="/letter-templates" class="govuk-back-link">
        Back to the letter templates
      </Link>
      {save.problem && <StepProblem error={save.problem} />}
      <ErrorSummary errors={save.errors} />
      <PageHeading title={`Edit the template: ${title}`} caption="Letter templates">
        {title}
      </PageHeading>
      <p class="govuk-body">Subject: {template.subject}</p>
      <h2 class="govuk-heading-m">What it must state</h2>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">What the letter must state, and why</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Placeholder</th>
            <th scope="col" class="govuk-table__header">What it states</th>
            <th scope="col" class="govuk-table__header">Why</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {template.requirements.map((r) => (
            <tr class="govuk-table__row" key={r.placeholder}>
              <td class="govuk-table__cell app-break-anywhere"><code>{r.placeholder}</code></td>
              <td class="govuk-table__cell">{r.describes}</td>
              <td class="govuk-table__cell">{r.citation}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Details summary="Every placeholder a template may use">
        <ul class="govuk-list app-break-anywhere">
          {template.placeholders.map((p) => <li key={p}><code>{p}</code></li>)}
        </ul>
      </Details>
      <form noValidate onSubmit={submit}>
        <Textarea id="body" label="Wording" rows={20} value={body} onInput={setBody} error={errorFor(save.errors, 'body')} />
        <div class="govuk-button-group">
          <Button disabled={save.busy}>Save the template</Button>
          {!template.isDefault && (
            <Button secondary type="button" disabled={save.busy} onClick={reset}>
              Go back to Consult's wording
            </Button>
          )}
          <Link href="/letter-templates">Cancel</Link>
        </div>
      </form>
    </>
  )
}
