// One section of a proposal on its own page: its fields, checked before saving, saved with
// the version HR started from. If someone else saved in between, their text is shown beside
// HR's (kept in the form) to merge: nothing is overwritten without being seen.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, asApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { Jurisdiction, ProposalFieldsInput, SectionEditorQuery } from '../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  InsetText,
  Loading,
  NotificationBanner,
  PageHeading,
  Paragraphs,
  ProblemPage,
  SummaryList,
  Textarea,
  TextInput,
  errorFor,
} from '../../components/govuk'
import { DateInput, checkDate } from '../../components/DateInput'
import { formatDate, londonToday, plural } from '../../format'
import { HEADCOUNT_MAX, LIST_MAX_ITEMS, LONG_TEXT_MAX, SHORT_TEXT_MAX, WORKFORCE_DESCRIPTIONS_MAX } from '../../limits'
import { Link, navigate } from '../../router'
import { pageProblem } from '../../components/pageProblem'
import { NumberInput } from './structure/shared'
import { sectionTitles } from './workspaceKit'
import { WorkspaceFrame } from './WorkspaceNav'
import { focusBanner, useFocusRequest } from '../../focus'
import { useForm } from '../../form'

const SectionEditorDocument = graphql(`
  query SectionEditor($id: ID!) {
    proposal(id: $id) {
      id title status version sharedWithUnionsAt
      service establishment establishmentJurisdiction recognisedUnions visibleToWholeService
      sponsor { id name }
      hrContact { name email }
      background rationale proposalText benefits
      alternatives { id option whyRejected }
      risks { id risk mitigation }
      equalityAnalysis equalityAnalysisComplete agencyWorkers
      selectionMethod dismissalMethod redundancyPayMethod
      establishmentWorkforce { asOf total descriptions { description headcount } }
      revisions { number }
    }
  }
`)

const SectionEditorPeopleDocument = graphql(`
  query SectionEditorPeople {
    managers: users(role: MANAGER, first: 100) { nodes { id name } }
    hrAdmins: users(role: HR_ADMIN, first: 100) { nodes { id name email disabled } }
    reps: users(role: UNION_REP, first: 100) { nodes { id union } }
  }
`)

const SectionEditorSaveDocument = graphql(`
  mutation SectionEditorSave($input: UpdateProposalInput!) {
    updateProposal(input: $input) { id version }
  }
`)

const SectionEditorHrContactDocument = graphql(`
  mutation SectionEditorHrContact($input: SetHrContactInput!) {
    setHrContact(input: $input) { id version }
  }
`)

type Proposal = SectionEditorQuery['proposal']

type TextName =
  | 'title' | 'service' | 'establishment'
  | 'background' | 'rationale' | 'proposalText' | 'benefits'
  | 'equalityAnalysis' | 'agencyWorkers'
  | 'selectionMethod' | 'dismissalMethod' | 'redundancyPayMethod'

interface TextSpec {
  name: TextName
  label: string
  hint?: ComponentChildren
  rows?: number
}

const LONG_MAX = LONG_TEXT_MAX
const LINE_MAX = SHORT_TEXT_MAX
const ITEM_MAX = 1000
const LIST_MAX = LIST_MAX_ITEMS
// The API's limits for the establishment's workforce (s188(4)(c)).
const DESCRIPTION_MAX = SHORT_TEXT_MAX
const DESCRIPTIONS_MAX = WORKFORCE_DESCRIPTIONS_MAX
const paragraphsHint = 'Leave a blank line between paragraphs. Start lines with "- " for a bulleted list.'

/** The sections that are text: their fields, in order. */
const textSections: Record<string, { intro?: ComponentChildren; fields: TextSpec[] }> = {
  background: {
    fields: [{ name: 'background', label: 'How the service works now, and what has led to this proposal', hint: paragraphsHint, rows: 15 }],
  },
  rationale: {
    intro: 'Staff read this as “Why a change is needed”. It is also the reasons for the proposals that section 188(4)(a) asks you to disclose.',
    fields: [{ name: 'rationale', label: 'Why a change is needed', hint: paragraphsHint, rows: 15 }],
  },
  proposal: {
    fields: [{ name: 'proposalText', label: 'What is proposed', hint: paragraphsHint, rows: 15 }],
  },
  benefits: {
    fields: [{ name: 'benefits', label: 'The benefits expected', hint: paragraphsHint, rows: 10 }],
  },
  equality: {
    intro: 'The equality analysis must be written and marked complete before the proposal can be approved.',
    fields: [
      {
        name: 'equalityAnalysis',
        label: 'The equality analysis',
        hint: `How the proposal may affect people with protected characteristics, and what will be done about it. ${paragraphsHint}`,
        rows: 15,
      },
    ],
  },
  'agency-workers': {
    fields: [
      {
        name: 'agencyWorkers',
        label: 'Agency workers: how many, where they work and the work they do',
        hint: 'Section 188(4)(g) to (i): the number of agency workers working temporarily for the council, the parts of the service where they work, and the type of work they do.',
        rows: 8,
      },
    ],
  },
  's188-items': {
    intro: (
      <>
        Where collective consultation applies, section 188(4) says what must be disclosed in writing to the representatives.
        The reasons are in the rationale, the numbers proposed for dismissal come from the structure and people, and agency
        workers have their own section. The number of employees of each description at the whole establishment is recorded
        here.
      </>
    ),
    fields: [
      {
        name: 'selectionMethod',
        label: 'How employees will be selected for dismissal',
        hint: 'Section 188(4)(d): the proposed method of selecting the employees who may be dismissed, for example ring fences, slotting in and selection criteria.',
        rows: 8,
      },
      {
        name: 'dismissalMethod',
        label: 'How the dismissals will be carried out, and over what period',
        hint: 'Section 188(4)(e): the proposed method of carrying out the dismissals, following any agreed procedure, and the period over which they are to take effect.',
        rows: 8,
      },
      {
        name: 'redundancyPayMethod',
        label: 'How redundancy payments will be calculated',
        hint: 'Section 188(4)(f): the proposed method of calculating any redundancy payments other than those required by law.',
        rows: 8,
      },
    ],
  },
}

/** The two lists of rows: options considered, and risks. */
const listSections: Record<string, { item: string; first: string; second: string; intro: string; firstHint?: string }> = {
  alternatives: {
    item: 'Option',
    first: 'Option',
    second: 'Why it was rejected',
    intro: 'Each option that was considered instead of this proposal, and why it was not chosen. Consultation must cover ways of avoiding or reducing dismissals, so say what was looked at.',
  },
  risks: {
    item: 'Risk',
    first: 'Risk',
    second: 'How it will be mitigated',
    intro: 'The risks of making the change, and what will be done to reduce each one.',
  },
}

interface Row {
  key: number
  id?: string
  first: string
  second: string
}

/** One description of employee at the establishment and how many are employed, as typed. */
interface WorkforceRow {
  key: number
  description: string
  headcount: string
}

interface Values {
  text: Partial<Record<TextName, string>>
  rows: Row[]
  workforceAsOf: string
  workforce: WorkforceRow[]
  complete: boolean
  jurisdiction: Jurisdiction
  unions: string[]
  otherUnions: string
  sponsorId: string
  /** The HR contact, by work email (the API gives staff their name and email only). */
  hrContactEmail: string
  wholeService: boolean
}

let nextKey = 1

function valuesOf(p: Proposal, section: string): Values {
  const rows: Row[] =
    section === 'alternatives'
      ? p.alternatives.map((a) => ({ key: nextKey++, id: a.id, first: a.option, second: a.whyRejected }))
      : section === 'risks'
        ? p.risks.map((r) => ({ key: nextKey++, id: r.id, first: r.risk, second: r.mitigation }))
        : []
  return {
    text: {
      title: p.title, service: p.service, establishment: p.establishment,
      background: p.background, rationale: p.rationale, proposalText: p.proposalText, benefits: p.benefits,
      equalityAnalysis: p.equalityAnalysis, agencyWorkers: p.agencyWorkers,
      selectionMethod: p.selectionMethod, dismissalMethod: p.dismissalMethod, redundancyPayMethod: p.redundancyPayMethod,
    },
    // An empty list starts with one blank row to fill in.
    rows: rows.length > 0 || !(section in listSections) ? rows : [{ key: nextKey++, first: '', second: '' }],
    workforceAsOf: p.establishmentWorkforce?.asOf ?? '',
    // None yet: one blank row to fill in.
    workforce: (p.establishmentWorkforce?.descriptions.length ? p.establishmentWorkforce.descriptions : [null]).map((d) => ({
      key: nextKey++,
      description: d?.description ?? '',
      headcount: d ? String(d.headcount) : '',
    })),
    complete: p.equalityAnalysisComplete,
    jurisdiction: p.establishmentJurisdiction,
    unions: p.recognisedUnions,
    otherUnions: '',
    sponsorId: p.sponsor?.id ?? '',
    hrContactEmail: p.hrContact?.email ?? '',
    wholeService: p.visibleToWholeService,
  }
}

const blankRow = (row: Row) => !row.first.trim() && !row.second.trim()
const blankWorkforceRow = (row: WorkforceRow) => !row.description.trim() && !row.headcount.trim()

/** The workforce to send: null (cleared) when no date and no description is given. */
function workforceOf(values: Values): ProposalFieldsInput['establishmentWorkforce'] {
  const rows = values.workforce.filter((r) => !blankWorkforceRow(r))
  const asOf = values.workforceAsOf.trim()
  if (!asOf && rows.length === 0) return null
  return { asOf, descriptions: rows.map((r) => ({ description: r.description.trim(), headcount: Number(r.headcount.trim()) })) }
}

function unionsOf(values: Values): string[] {
  const others = values.otherUnions.split(',').map((u) => u.trim()).filter(Boolean)
  return [...values.unions, ...others]
}

/** The fields this section sends: only its own, so other sections are left as they are. */
function fieldsOf(section: string, values: Values): ProposalFieldsInput {
  const text = (name: TextName) => (values.text[name] ?? '').trim()
  if (section === 'details') {
    return {
      title: text('title'),
      service: text('service'),
      establishment: text('establishment'),
      establishmentJurisdiction: values.jurisdiction,
      recognisedUnions: unionsOf(values),
      sponsorId: values.sponsorId || null,
      visibleToWholeService: values.wholeService,
    }
  }
  if (section === 'alternatives') {
    return {
      alternatives: values.rows.filter((r) => !blankRow(r)).map((r) => ({ id: r.id, option: r.first.trim(), whyRejected: r.second.trim() })),
    }
  }
  if (section === 'risks') {
    return {
      risks: values.rows.filter((r) => !blankRow(r)).map((r) => ({ id: r.id, risk: r.first.trim(), mitigation: r.second.trim() })),
    }
  }
  const fields: ProposalFieldsInput = {}
  for (const spec of textSections[section].fields) fields[spec.name] = text(spec.name)
  if (section === 'equality') fields.equalityAnalysisComplete = values.complete
  if (section === 's188-items') fields.establishmentWorkforce = workforceOf(values)
  return fields
}

function validate(section: string, values: Values): FieldError[] {
  const errors: FieldError[] = []
  if (section === 'details') {
    const required: [TextName, string][] = [['title', 'title'], ['service', 'service'], ['establishment', 'establishment']]
    for (const [name, what] of required) {
      const value = (values.text[name] ?? '').trim()
      if (!value) errors.push({ field: name, message: `Enter the ${what}` })
      else if (value.length > LINE_MAX) errors.push({ field: name, message: `The ${what} must be ${LINE_MAX} characters or fewer` })
    }
    const seen = new Set<string>()
    for (const union of unionsOf(values)) {
      if (union.length > 100) errors.push({ field: 'otherUnions', message: `A union's name must be 100 characters or fewer` })
      if (seen.has(union.toLowerCase())) errors.push({ field: 'otherUnions', message: `${union} is listed twice` })
      seen.add(union.toLowerCase())
    }
    return errors
  }
  if (section in listSections) {
    const spec = listSections[section]
    const kept = values.rows.filter((r) => !blankRow(r))
    if (kept.length > LIST_MAX) errors.push({ field: 'row-1-first', message: `You can list at most ${LIST_MAX} items` })
    values.rows.forEach((row, index) => {
      if (blankRow(row)) return
      const n = index + 1
      if (!row.first.trim()) errors.push({ field: `row-${n}-first`, message: `Enter ${spec.item.toLowerCase()} ${n}, or remove it` })
      else if (row.first.trim().length > ITEM_MAX) errors.push({ field: `row-${n}-first`, message: `${spec.item} ${n} must be ${ITEM_MAX} characters or fewer` })
      if (row.second.trim().length > LONG_MAX) errors.push({ field: `row-${n}-second`, message: `${spec.second} (${spec.item.toLowerCase()} ${n}) must be ${LONG_MAX} characters or fewer` })
    })
    return errors
  }
  for (const spec of textSections[section].fields) {
    if ((values.text[spec.name] ?? '').trim().length > LONG_MAX) {
      errors.push({ field: spec.name, message: `${spec.label} must be ${LONG_MAX.toLocaleString('en-GB')} characters or fewer` })
    }
  }
  if (section === 'equality' && values.complete && !(values.text.equalityAnalysis ?? '').trim()) {
    errors.push({ field: 'equalityAnalysis', message: 'Write the equality analysis before you mark it complete' })
  }
  if (section === 's188-items') errors.push(...validateWorkforce(values))
  return errors
}

function validateWorkforce(values: Values): FieldError[] {
  const errors: FieldError[] = []
  const asOf = values.workforceAsOf.trim()
  const kept = values.workforce.filter((r) => !blankWorkforceRow(r))
  if (!asOf && kept.length === 0) return errors
  const counted = 'The day the employees were counted'
  if (checkDate(errors, 'workforce-as-of', asOf, counted, `Enter ${counted.toLowerCase()}`) && asOf > londonToday()) {
    errors.push({ field: 'workforce-as-of', message: 'The day the employees were counted must be today or in the past' })
  }
  if (kept.length === 0) errors.push({ field: values.workforce.length > 0 ? 'workforce-1-description' : 'add-workforce-row', message: 'Enter at least one description of employee and how many are employed' })
  if (kept.length > DESCRIPTIONS_MAX) errors.push({ field: 'workforce-1-description', message: `You can list at most ${DESCRIPTIONS_MAX} descriptions` })
  const seen = new Set<string>()
  values.workforce.forEach((row, index) => {
    if (blankWorkforceRow(row)) return
    const n = index + 1
    const description = row.description.trim()
    if (!description) errors.push({ field: `workforce-${n}-description`, message: `Enter the role or grade of description ${n}, or remove it` })
    else if (description.length > DESCRIPTION_MAX) errors.push({ field: `workforce-${n}-description`, message: `The role or grade of description ${n} must be ${DESCRIPTION_MAX} characters or fewer` })
    else if (seen.has(description.toLowerCase())) errors.push({ field: `workforce-${n}-description`, message: `${description} is listed twice: give each role or grade once` })
    seen.add(description.toLowerCase())
    const headcount = row.headcount.trim()
    if (!/^\d+$/.test(headcount) || Number(headcount) < 1 || Number(headcount) > HEADCOUNT_MAX) {
      errors.push({ field: `workforce-${n}-headcount`, message: `The number employed in description ${n} must be a whole number from 1 to ${HEADCOUNT_MAX.toLocaleString('en-GB')}` })
    }
  })
  return errors
}

/** Where the API's `field` (e.g. `input.fields.risks[2].mitigation`) is on this page. */
function fieldId(field: string | undefined, rowIndexes: number[], workforceIndexes: number[]): string | undefined {
  if (!field) return undefined
  if (field === 'input.changeSummary') return 'changeSummary'
  if (field === 'input.userId') return 'hrContactId'
  const workforce = field.match(/^input\.fields\.establishmentWorkforce(?:\.(\w+)(?:\[(\d+)\]\.(\w+))?)?$/)
  if (workforce) {
    if (workforce[1] === 'asOf') return 'workforce-as-of'
    const n = (workforceIndexes[Number(workforce[2] ?? 0)] ?? 0) + 1
    return `workforce-${n}-${workforce[3] === 'headcount' ? 'headcount' : 'description'}`
  }
  const row = field.match(/^input\.fields\.(?:alternatives|risks)\[(\d+)\]\.(\w+)$/)
  if (row) {
    const n = (rowIndexes[Number(row[1])] ?? 0) + 1
    return `row-${n}-${row[2] === 'option' || row[2] === 'risk' ? 'first' : 'second'}`
  }
  const name = field.match(/^input\.fields\.(\w+)/)?.[1]
  if (name === 'recognisedUnions') return 'otherUnions'
  if (name === 'establishmentJurisdiction') return 'jurisdiction'
  return name
}

export function SectionEditorPage({ params }: { params: Record<string, string> }) {
  const { data, error } = useQuery(SectionEditorDocument, { id: params.id })
  const section = params.section
  if (!sectionTitles[section]) {
    return <ProblemPage error={new ApiError('There is no such section of a proposal. Go back to the task list and choose one.', 'NOT_FOUND')} />
  }
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  // Keyed by section so moving between sections starts a fresh form.
  return <Editor key={section} proposal={data.proposal} section={section} />
}

function Editor({ proposal: loaded, section }: { proposal: Proposal; section: string }) {
  const title = sectionTitles[section]
  const manage = `/proposals/${loaded.id}/manage`
  // The proposal as last seen from the server: its version is the one a save expects.
  const [base, setBase] = useState<Proposal>(loaded)
  const [values, setValues] = useState<Values>(() => valuesOf(loaded, section))
  const [changeSummary, setChangeSummary] = useState('')
  const { errors, setErrors, problem, setProblem, busy, attempt, submit } = useForm()
  const [theirs, setTheirs] = useState<Proposal | null>(null)
  const setFocusId = useFocusRequest()
  const [announcement, setAnnouncement] = useState('')
  const bannerRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (theirs || problem) focusBanner(bannerRef.current)
  }, [theirs, problem])

  const setText = (name: TextName) => (value: string) => setValues((v) => ({ ...v, text: { ...v.text, [name]: value } }))

  const save = async (event: Event) => {
    event.preventDefault()
    const clientErrors = validate(section, values)
    if (changeSummary.trim().length > LONG_MAX) clientErrors.push({ field: 'changeSummary', message: 'The summary of the change is too long' })
    const fields = fieldsOf(section, values)
    const fieldsChanged = JSON.stringify(fields) !== JSON.stringify(fieldsOf(section, valuesOf(base, section)))
    const contactChanged = section === 'details' && values.hrContactEmail !== (base.hrContact?.email ?? '')
    const rowIndexes = values.rows.flatMap((r, i) => (blankRow(r) ? [] : [i]))
    const workforceIndexes = values.workforce.flatMap((r, i) => (blankWorkforceRow(r) ? [] : [i]))
    // The workforce is sent only when it changed, so saving the text leaves it as it is.
    if (
      'establishmentWorkforce' in fields &&
      JSON.stringify(fields.establishmentWorkforce) === JSON.stringify(workforceOf(valuesOf(base, section)))
    ) {
      delete fields.establishmentWorkforce
    }
    await submit(
      clientErrors,
      async () => {
        // Nothing changed: no save, so no new revision for the unions to read.
        if (!fieldsChanged && !contactChanged) {
          navigate(manage)
          return
        }
        let version = base.version
        if (fieldsChanged) {
          const saved = await request(SectionEditorSaveDocument, {
            input: {
              id: base.id,
              expectedVersion: base.version,
              fields,
              changeSummary: base.sharedWithUnionsAt && changeSummary.trim() ? changeSummary.trim() : undefined,
            },
          })
          version = saved.updateProposal.version
        }
        if (contactChanged) {
          const people = await request(SectionEditorPeopleDocument)
          const contact = people.hrAdmins.nodes.find((u) => u.email === values.hrContactEmail)
          if (contact) {
            await request(SectionEditorHrContactDocument, { input: { proposalId: base.id, expectedVersion: version, userId: contact.id } })
          }
        }
        navigate(`${manage}?saved=${section}`)
      },
      // A conflict shows their version beside HR's; a refusal of a field goes on the field it
      // names (else the section's first), found by which rows were kept. Anything else is the
      // problem above the form.
      async (apiError) => {
        if (apiError.code === 'CONFLICT') {
          try {
            const fresh = (await request(SectionEditorDocument, { id: base.id })).proposal
            // Keep HR's text in the form; the next save starts from the version now shown.
            setBase(fresh)
            setTheirs(fresh)
          } catch (again) {
            setProblem(asApiError(again))
          }
          return true
        }
        if (apiError.code === 'BAD_USER_INPUT') {
          setErrors([{ field: fieldId(apiError.field, rowIndexes, workforceIndexes) ?? firstFieldId(section), message: apiError.message.replace(/\.$/, '') }])
          return true
        }
        return false
      },
    )
  }

  const useTheirs = () => {
    if (!theirs) return
    setValues(valuesOf(theirs, section))
    setTheirs(null)
    setErrors([])
    setAnnouncement('Your changes were replaced with their version.')
    setFocusId(firstFieldId(section))
  }

  const form = (
    <form noValidate onSubmit={save}>
      {section in textSections && (
        <TextFields section={section} values={values} errors={errors} setText={setText} setComplete={(complete) => setValues((v) => ({ ...v, complete }))} />
      )}
      {section === 's188-items' && (
        <WorkforceFields
          establishment={base.establishment}
          values={values}
          errors={errors}
          onChange={(update) => setValues((v) => ({ ...v, ...update(v) }))}
          onAnnounce={setAnnouncement}
          onFocus={setFocusId}
        />
      )}
      {section in listSections && (
        <ListFields
          section={section}
          rows={values.rows}
          errors={errors}
          onChange={(update) => setValues((v) => ({ ...v, rows: update(v.rows) }))}
          onAnnounce={setAnnouncement}
          onFocus={setFocusId}
        />
      )}
      {section === 'details' && <DetailsFields saved={base.recognisedUnions} values={values} errors={errors} setValues={setValues} setText={setText} />}
      {base.sharedWithUnionsAt && (
        <TextInput
          id="changeSummary"
          label="What changed (optional)"
          hint={`The proposal has been shared with the unions, so this change makes revision ${(base.revisions[base.revisions.length - 1]?.number ?? 0) + 1}. Say what changed in a sentence; if you leave it blank, Consult describes the change for you.`}
          value={changeSummary}
          onInput={setChangeSummary}
          error={errorFor(errors, 'changeSummary')}
        />
      )}
      <div class="govuk-button-group">
        <Button key={attempt} disabled={busy}>Save and return to the task list</Button>
        <Link href={manage} class="govuk-link">Cancel</Link>
      </div>
    </form>
  )

  return (
    <WorkspaceFrame proposalId={base.id} current="manage">
      <Link href={manage} class="govuk-back-link">Back to the task list</Link>
      <div ref={bannerRef}>
        {theirs && (
          <NotificationBanner title="Important">
            <p class="govuk-notification-banner__heading">Someone else changed this proposal while you were editing</p>
            <p class="govuk-body">
              Your changes have not been saved. Their version of this section is shown below, and yours is still in the form.
              Merge the two, then save again — or use their version.
            </p>
          </NotificationBanner>
        )}
        {problem && (
          <NotificationBanner title="Important">
            <p class="govuk-notification-banner__heading">Your changes could not be saved</p>
            <p class="govuk-body">{problem.message}</p>
          </NotificationBanner>
        )}
      </div>
      <ErrorSummary errors={errors} />
      <PageHeading title={title} caption={base.title}>{title}</PageHeading>
      <p class="govuk-visually-hidden" role="status" aria-live="polite">{announcement}</p>
      {section in textSections && textSections[section].intro && <p class="govuk-body">{textSections[section].intro}</p>}
      {section in listSections && <p class="govuk-body">{listSections[section].intro}</p>}
      {theirs && (
        <section class="app-their-version" aria-labelledby="their-version">
          <h2 class="govuk-heading-m" id="their-version">Their version, saved now</h2>
          <TheirVersion proposal={theirs} section={section} />
          <button type="button" class="govuk-button govuk-button--secondary" onClick={useTheirs}>
            Use their version instead of mine
          </button>
        </section>
      )}
      {theirs && <h2 class="govuk-heading-m">Your version, not saved</h2>}
      {form}
    </WorkspaceFrame>
  )
}

function firstFieldId(section: string): string {
  if (section === 'details') return 'title'
  if (section in listSections) return 'row-1-first'
  return textSections[section].fields[0].name
}

function TextFields({ section, values, errors, setText, setComplete }: {
  section: string
  values: Values
  errors: FieldError[]
  setText: (name: TextName) => (value: string) => void
  setComplete: (complete: boolean) => void
}) {
  return (
    <>
      {textSections[section].fields.map((spec) => (
        <Textarea
          key={spec.name}
          id={spec.name}
          label={spec.label}
          hint={spec.hint}
          rows={spec.rows}
          value={values.text[spec.name] ?? ''}
          onInput={setText(spec.name)}
          error={errorFor(errors, spec.name)}
        />
      ))}
      {section === 'equality' && (
        <ChoiceField
          id="equalityAnalysisComplete"
          label="Is the equality analysis complete?"
          multiple
          choices={[{ value: 'complete', label: 'Yes, the equality analysis is complete', hint: 'The proposal can then be approved.' }]}
          values={values.complete ? ['complete'] : []}
          onChange={(chosen) => setComplete(chosen.includes('complete'))}
          error={errorFor(errors, 'equalityAnalysisComplete')}
        />
      )}
    </>
  )
}

function ListFields({ section, rows, errors, onChange, onAnnounce, onFocus }: {
  section: string
  rows: Row[]
  errors: FieldError[]
  // An update of the rows as they are when it is applied, never as this render saw them:
  // typing fast (or a browser's autofill) must not lose an earlier keystroke's row.
  onChange: (update: (rows: Row[]) => Row[]) => void
  onAnnounce: (text: string) => void
  onFocus: (id: string) => void
}) {
  const spec = listSections[section]
  const item = spec.item.toLowerCase()
  const set = (index: number, part: 'first' | 'second', value: string) =>
    onChange((current) => current.map((row, i) => (i === index ? { ...row, [part]: value } : row)))
  const add = () => {
    const key = nextKey++
    onChange((current) => [...current, { key, first: '', second: '' }])
    onAnnounce(`${spec.item} ${rows.length + 1} added.`)
    onFocus(`row-${rows.length + 1}-first`)
  }
  const remove = (index: number) => {
    const remaining = rows.filter((_, i) => i !== index)
    onChange((current) => current.filter((_, i) => i !== index))
    onAnnounce(`${spec.item} ${index + 1} removed.${index < remaining.length ? ` The ${item}s after it have been renumbered.` : ''}`)
    if (remaining.length > 0) onFocus(`row-${Math.min(index, remaining.length - 1) + 1}-first`)
    else onFocus('add-row')
  }
  return (
    <>
      {rows.length === 0 && <InsetText>There are no {item}s. Add one, or save to leave the list empty.</InsetText>}
      {rows.map((row, index) => {
        const n = index + 1
        return (
          <fieldset class="govuk-fieldset app-list-row" key={row.key}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
              <h2 class="govuk-fieldset__heading">{spec.item} {n}</h2>
            </legend>
            <TextInput
              id={`row-${n}-first`}
              label={spec.first}
              value={row.first}
              onInput={(value) => set(index, 'first', value)}
              error={errorFor(errors, `row-${n}-first`)}
            />
            <Textarea
              id={`row-${n}-second`}
              label={spec.second}
              rows={4}
              value={row.second}
              onInput={(value) => set(index, 'second', value)}
              error={errorFor(errors, `row-${n}-second`)}
            />
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => remove(index)}>
              Remove<span class="govuk-visually-hidden"> {item} {n}</span>
            </button>
          </fieldset>
        )
      })}
      <button type="button" id="add-row" class="govuk-button govuk-button--secondary" onClick={add}>
        Add another {item}
      </button>
    </>
  )
}

/**
 * s188(4)(c): the employees of each description at the whole establishment on a day, as
 * GOV.UK's "add another" pattern: a row per description with its own "Remove" button.
 */
function WorkforceFields({ establishment, values, errors, onChange, onAnnounce, onFocus }: {
  establishment: string
  values: Values
  errors: FieldError[]
  // Applied to the values as they are then, so fast typing never loses a keystroke.
  onChange: (update: (v: Values) => Partial<Values>) => void
  onAnnounce: (text: string) => void
  onFocus: (id: string) => void
}) {
  const rows = values.workforce
  const set = (index: number, part: 'description' | 'headcount', value: string) =>
    onChange((v) => ({ workforce: v.workforce.map((row, i) => (i === index ? { ...row, [part]: value } : row)) }))
  const add = () => {
    const key = nextKey++
    onChange((v) => ({ workforce: [...v.workforce, { key, description: '', headcount: '' }] }))
    onAnnounce(`Description ${rows.length + 1} added.`)
    onFocus(`workforce-${rows.length + 1}-description`)
  }
  const remove = (index: number) => {
    const remaining = rows.length - 1
    onChange((v) => ({ workforce: v.workforce.filter((_, i) => i !== index) }))
    onAnnounce(`Description ${index + 1} removed.${index < remaining ? ' The descriptions after it have been renumbered.' : ''}`)
    onFocus(remaining > 0 ? `workforce-${Math.min(index, remaining - 1) + 1}-description` : 'add-workforce-row')
  }
  const counted = rows.filter((r) => /^\d+$/.test(r.headcount.trim())).reduce((total, r) => total + Number(r.headcount.trim()), 0)
  return (
    <section aria-labelledby="workforce-heading" class="govuk-!-margin-bottom-6">
      <h2 class="govuk-heading-m" id="workforce-heading">Employees of each description at the establishment</h2>
      <p class="govuk-body">
        Section 188(4)(c): the total number of employees of each description employed at {establishment}. Count the whole
        establishment, not only the posts this proposal changes: for example each job role or grade, and how many people
        hold it. Leave the date and every description empty to clear the list.
      </p>
      <DateInput
        id="workforce-as-of"
        label="The day the employees were counted"
        hint="Today or an earlier day."
        value={values.workforceAsOf}
        onInput={(workforceAsOf) => onChange(() => ({ workforceAsOf }))}
        error={errorFor(errors, 'workforce-as-of')}
      />
      {rows.length === 0 && <InsetText>There are no descriptions. Add one, or save to clear the list.</InsetText>}
      {rows.map((row, index) => {
        const n = index + 1
        return (
          <fieldset class="govuk-fieldset app-list-row" key={row.key}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
              <h3 class="govuk-fieldset__heading">Description {n}</h3>
            </legend>
            <TextInput
              id={`workforce-${n}-description`}
              label="Role or grade"
              hint={n === 1 ? 'For example, Social worker (grade 9)' : undefined}
              value={row.description}
              onInput={(value) => set(index, 'description', value)}
              error={errorFor(errors, `workforce-${n}-description`)}
            />
            <NumberInput
              id={`workforce-${n}-headcount`}
              label="Number employed"
              width="5"
              value={row.headcount}
              onInput={(value) => set(index, 'headcount', value)}
              error={errorFor(errors, `workforce-${n}-headcount`)}
            />
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => remove(index)}>
              Remove<span class="govuk-visually-hidden"> description {n}</span>
            </button>
          </fieldset>
        )
      })}
      <button type="button" id="add-workforce-row" class="govuk-button govuk-button--secondary" onClick={add}>
        Add another description
      </button>
      <p class="govuk-body">In all: {plural(counted, 'employee')} at {establishment}.</p>
    </section>
  )
}

function DetailsFields({ saved, values, errors, setValues, setText }: {
  saved: string[]
  values: Values
  errors: FieldError[]
  setValues: (update: (v: Values) => Values) => void
  setText: (name: TextName) => (value: string) => void
}) {
  const { data, error } = useQuery(SectionEditorPeopleDocument, {})
  // The unions offered: those of the representatives with accounts, and those saved (kept
  // when unticked, so a slip can be undone).
  const known = new Map<string, string>()
  for (const union of [...(data?.reps.nodes.map((r) => r.union ?? '') ?? []), ...saved, ...values.unions]) {
    if (union && !known.has(union.toLowerCase())) known.set(union.toLowerCase(), union)
  }
  const managers = data?.managers.nodes ?? []
  const sponsorKnown = !values.sponsorId || managers.some((m) => m.id === values.sponsorId)
  return (
    <>
      <TextInput id="title" label="Title" hint="For example, Restructure of the SEN Service" value={values.text.title ?? ''} onInput={setText('title')} error={errorFor(errors, 'title')} />
      <TextInput id="service" label="Service or directorate" value={values.text.service ?? ''} onInput={setText('service')} error={errorFor(errors, 'service')} />
      <TextInput
        id="establishment"
        label="Establishment"
        hint="The site or unit at which dismissals are counted for section 188, for example Bury Town Hall"
        value={values.text.establishment ?? ''}
        onInput={setText('establishment')}
        error={errorFor(errors, 'establishment')}
      />
      <ChoiceField
        id="jurisdiction"
        label="Where is the establishment?"
        hint="Northern Ireland has its own consultation periods."
        choices={jurisdictionChoices}
        values={[values.jurisdiction]}
        onChange={(chosen) => setValues((v) => ({ ...v, jurisdiction: chosen[0] as Jurisdiction }))}
        error={errorFor(errors, 'jurisdiction')}
      />
      {error && <p class="govuk-body">The list of unions and managers could not be loaded: {error.message}</p>}
      {!data && !error && <Loading />}
      {known.size > 0 && (
        <ChoiceField
          id="recognisedUnions"
          label="Recognised unions"
          hint="The proposal is shared with their representatives."
          multiple
          choices={[...known.values()].map((union) => ({ value: union, label: union }))}
          values={values.unions}
          onChange={(unions) => setValues((v) => ({ ...v, unions }))}
        />
      )}
      <TextInput
        id="otherUnions"
        label={known.size > 0 ? 'Other recognised unions (optional)' : 'Recognised unions'}
        hint="Separate names with commas, for example NEU, Unite"
        value={values.otherUnions}
        onInput={(otherUnions) => setValues((v) => ({ ...v, otherUnions }))}
        error={errorFor(errors, 'otherUnions')}
      />
      {data && (
        <ChoiceField
          id="sponsorId"
          label="Sponsoring manager"
          hint="The manager who owns the proposal: they answer questions and complete sign-off steps."
          choices={[
            ...managers.map((m) => ({ value: m.id, label: m.name })),
            ...(sponsorKnown ? [] : [{ value: values.sponsorId, label: 'The current sponsor' }]),
            { value: '', label: 'No sponsor yet' },
          ]}
          values={[values.sponsorId]}
          onChange={(chosen) => setValues((v) => ({ ...v, sponsorId: chosen[0] ?? '' }))}
          error={errorFor(errors, 'sponsorId')}
        />
      )}
      {data && (
        <ChoiceField
          id="hrContactId"
          label="HR contact"
          hint="Staff are told to talk to them about the proposal: their name and work email are shown to everyone who can read it."
          choices={[
            ...data.hrAdmins.nodes
              .filter((u) => !u.disabled || u.email === values.hrContactEmail)
              .map((u) => ({ value: u.email, label: u.name })),
            ...(values.hrContactEmail ? [] : [{ value: '', label: 'No HR contact yet' }]),
          ]}
          values={[values.hrContactEmail]}
          onChange={(chosen) => setValues((v) => ({ ...v, hrContactEmail: chosen[0] ?? '' }))}
          error={errorFor(errors, 'hrContactId')}
        />
      )}
      <ChoiceField
        id="visibleToWholeService"
        label="Who can read it once consultation opens?"
        multiple
        choices={[{ value: 'yes', label: 'Publish it to all staff in the service', hint: 'Otherwise only the staff named in it, the unions and managers can read it.' }]}
        values={values.wholeService ? ['yes'] : []}
        onChange={(chosen) => setValues((v) => ({ ...v, wholeService: chosen.includes('yes') }))}
      />
    </>
  )
}

const jurisdictionChoices = [
  { value: 'GREAT_BRITAIN', label: 'England, Wales or Scotland' },
  { value: 'NORTHERN_IRELAND', label: 'Northern Ireland' },
]

/** Their saved version of the section, read-only, to merge from. */
function TheirVersion({ proposal, section }: { proposal: Proposal; section: string }) {
  if (section === 'details') {
    return (
      <SummaryList
        rows={[
          { key: 'Title', value: proposal.title },
          { key: 'Service', value: proposal.service },
          { key: 'Establishment', value: proposal.establishment },
          { key: 'Where', value: proposal.establishmentJurisdiction === 'NORTHERN_IRELAND' ? 'Northern Ireland' : 'England, Wales or Scotland' },
          { key: 'Recognised unions', value: proposal.recognisedUnions.join(', ') || 'None' },
          { key: 'Sponsoring manager', value: proposal.sponsor?.name ?? 'None' },
          { key: 'Published to all staff in the service', value: proposal.visibleToWholeService ? 'Yes' : 'No' },
        ]}
      />
    )
  }
  if (section in listSections) {
    const spec = listSections[section]
    const rows = valuesOf(proposal, section).rows.filter((r) => !blankRow(r))
    if (rows.length === 0) return <p class="govuk-body">The list is empty.</p>
    return (
      <ol class="govuk-list govuk-list--number govuk-list--spaced">
        {rows.map((row) => (
          <li key={row.key}>
            <strong>{row.first}</strong>
            <span class="govuk-!-display-block app-pre-wrap">
              {spec.second}: {row.second || 'not written'}
            </span>
          </li>
        ))}
      </ol>
    )
  }
  const values = valuesOf(proposal, section)
  const workforce = proposal.establishmentWorkforce
  return (
    <>
      {section === 's188-items' && (
        <div class="app-their-version__field">
          <h3 class="govuk-heading-s">Employees of each description at the establishment</h3>
          {workforce ? (
            <>
              <p class="govuk-body">
                Counted on {formatDate(workforce.asOf)}: {plural(workforce.total, 'employee')} in all.
              </p>
              <ul class="govuk-list govuk-list--bullet">
                {workforce.descriptions.map((d) => (
                  <li key={d.description}>
                    {d.description}: {d.headcount}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p class="govuk-body">Not entered.</p>
          )}
        </div>
      )}
      {textSections[section].fields.map((spec) => (
        <div key={spec.name} class="app-their-version__field">
          <h3 class="govuk-heading-s">{spec.label}</h3>
          <Paragraphs text={values.text[spec.name]} empty="Empty." />
        </div>
      ))}
      {section === 'equality' && (
        <p class="govuk-body">{proposal.equalityAnalysisComplete ? 'Marked complete.' : 'Not marked complete.'}</p>
      )}
    </>
  )
}
