// Section 188 (domain::s188): what HR records for it (the written disclosure, the HR1 notice)
// and where to fix each problem the check found.
import { useState } from 'preact/hooks'
import { request } from '../../../api/client'
import { graphql } from '../../../gql'
import {
  Button,
  ErrorSummary,
  type FieldError,
  InsetText,
  PageHeading,
  SummaryList,
  Tag,
  TextInput,
  Textarea,
  errorFor,
} from '../../../components/govuk'
import { DateInput, notADate } from '../../../components/DateInput'
import { formatDate, londonToday, plural } from '../../../format'
import { useForm } from '../../../form'
import { Link } from '../../../router'
import { missingHref } from '../workspaceKit'
import { SummaryCard, isDate } from '../../../components/planKit'
import { BackToTimetable, type Proposal, SaveProblem } from './shared'

const TimetablePageDisclosureDocument = graphql(`
  mutation TimetablePageDisclosure($input: GiveS188DisclosureInput!) {
    giveS188Disclosure(input: $input) { consultationStart }
  }
`)

const TimetablePageHr1Document = graphql(`
  mutation TimetablePageHr1($input: RecordHr1Input!) {
    recordHr1Notification(input: $input) { id }
  }
`)

/** What HR records for section 188, and where to fix each problem the check found. */
export function S188Actions({ proposal }: { proposal: Proposal }) {
  const s = proposal.s188
  const base = `/proposals/${proposal.id}/timetable`
  const problems = s.findings.filter((f) => f.severity !== 'INFO')
  const latest = s.disclosures.at(-1)
  return (
    <section aria-labelledby="s188-record">
      <h2 class="govuk-heading-l" id="s188-record">What HR records for section 188</h2>
      {!s.applies && (
        <InsetText>
          Collective consultation does not apply to this proposal at present, so these are needed only if that changes.
        </InsetText>
      )}
      <SummaryCard
        title="Written disclosure to the representatives"
        actions={[
          <Link href={`${base}?view=disclosure`} key="d">
            {latest ? 'Record another' : 'Record it'}
            <span class="govuk-visually-hidden"> written disclosure</span>
          </Link>,
        ]}
      >
        <SummaryList
          rows={[
            {
              key: 'Consultation began',
              value: s.consultationStart ? `On ${formatDate(s.consultationStart)}` : <Tag colour="grey">Not yet</Tag>,
            },
            {
              key: 'Given',
              value: latest ? (
                <>
                  {plural(s.disclosures.length, 'version')}. The latest, version {latest.version}, on {formatDate(latest.givenOn)}{' '}
                  {latest.complete ? <Tag colour="green">Complete</Tag> : <Tag colour="red">Not complete</Tag>}
                </>
              ) : (
                <Tag colour="grey">Not recorded</Tag>
              ),
            },
          ]}
        />
      </SummaryCard>
      <SummaryCard
        title="HR1 notice to the Secretary of State"
        actions={[
          <Link href={`${base}?view=hr1`} key="h">
            {s.hr1MadeOn ? 'Change' : 'Record it'}
            <span class="govuk-visually-hidden"> the HR1 notice</span>
          </Link>,
        ]}
      >
        <SummaryList
          rows={[
            {
              key: 'Due by',
              value: s.hr1DueDate
                ? formatDate(s.hr1DueDate)
                : !s.applies
                  ? 'Not needed while collective consultation does not apply'
                  : 'Known once the first dismissal is planned',
            },
            {
              key: 'Made',
              value: s.hr1MadeOn ? (
                `On ${formatDate(s.hr1MadeOn)}${s.hr1Reference ? `, reference ${s.hr1Reference}` : ''}`
              ) : (
                <Tag colour="grey">Not recorded</Tag>
              ),
            },
          ]}
        />
      </SummaryCard>
      {problems.length > 0 && (
        <>
          <h3 class="govuk-heading-m">Fix what the check found</h3>
          <ul class="govuk-list govuk-list--bullet">
            {problems.map((finding, index) => {
              const href = missingHref(proposal.id, finding.message)
              return (
                <li key={index}>
                  <strong>{finding.severity === 'ERROR' ? 'Problem' : 'To do'} ({finding.section}):</strong> {finding.message}
                  {href && href !== base && (
                    <>
                      {' '}
                      <Link href={href}>
                        Go to where this is done<span class="govuk-visually-hidden">: {finding.message}</span>
                      </Link>
                    </>
                  )}
                </li>
              )
            })}
          </ul>
        </>
      )}
    </section>
  )
}

export function DisclosureForm({ proposal, onDone }: { proposal: Proposal; onDone: (done: string) => void }) {
  const [givenOn, setGivenOn] = useState(londonToday())
  const form = useForm({}, 'givenOn')
  const { errors, problem, busy, attempt } = form

  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (!givenOn.trim()) found.push({ field: 'givenOn', message: 'Enter the day the representatives received the disclosure' })
    else if (!isDate(givenOn.trim())) found.push({ field: 'givenOn', message: notADate(givenOn.trim(), 'The day') })
    void form.submit(found, async () => {
      await request(TimetablePageDisclosureDocument, { input: { proposalId: proposal.id, givenOn: givenOn.trim() } })
      onDone('disclosure')
    })
  }

  return (
    <>
      <BackToTimetable proposal={proposal} />
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} proposalId={proposal.id} title="The disclosure could not be recorded" />
      <PageHeading title={`Record the written disclosure: ${proposal.title}`} caption={proposal.title}>
        Record the written disclosure to the representatives
      </PageHeading>
      <p class="govuk-body">
        Section 188(4) lists what the union representatives must be told in writing. Consult keeps a copy of what the
        proposal disclosed on the day you give. Collective consultation begins on the day the representatives receive the
        first complete disclosure; a later one is kept as a new version and does not move that day.
      </p>
      {proposal.s188.consultationStart ? (
        <InsetText>
          Consultation began on {formatDate(proposal.s188.consultationStart)}. Saving records a new version of the disclosure.
        </InsetText>
      ) : (
        proposal.s188.disclosures.length > 0 && (
          <InsetText>
            {plural(proposal.s188.disclosures.length, 'disclosure has', 'disclosures have')} been recorded, but none gave every
            item, so consultation has not begun. Saving records a new version.
          </InsetText>
        )
      )}
      <form noValidate onSubmit={save}>
        <DateInput
          id="givenOn"
          label="The day the representatives received it"
          value={givenOn}
          onInput={setGivenOn}
          error={errorFor(errors, 'givenOn')}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Record the disclosure</Button>
          <Link href={`/proposals/${proposal.id}/timetable`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

const hr1Fields: Record<string, string> = {
  'input.madeOn': 'madeOn',
  'input.reference': 'reference',
  'input.submittedCopy': 'copy',
  'input.copyToRepresentativesOn': 'copyOn',
}

export function Hr1Form({ proposal, onDone }: { proposal: Proposal; onDone: (done: string) => void }) {
  const s = proposal.s188
  const [values, setValues] = useState({
    madeOn: s.hr1MadeOn ?? londonToday(),
    reference: s.hr1Reference ?? '',
    copy: '',
    copyOn: '',
  })
  const form = useForm(hr1Fields, 'madeOn')
  const { errors, problem, busy, attempt } = form
  const set = (name: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [name]: value }))

  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    if (!values.madeOn.trim()) found.push({ field: 'madeOn', message: 'Enter the day the HR1 notice was made' })
    else if (!isDate(values.madeOn.trim())) found.push({ field: 'madeOn', message: notADate(values.madeOn.trim(), 'The day the HR1 notice was made') })
    if (!values.reference.trim()) found.push({ field: 'reference', message: 'Enter the Insolvency Service’s reference' })
    else if (values.reference.trim().length > 100) found.push({ field: 'reference', message: 'The reference must be 100 characters or fewer' })
    if (!values.copy.trim()) found.push({ field: 'copy', message: 'Paste a copy of what was submitted' })
    if (values.copyOn.trim() && !isDate(values.copyOn.trim())) {
      found.push({ field: 'copyOn', message: notADate(values.copyOn.trim(), 'The day the representatives were given a copy') })
    }
    void form.submit(found, async () => {
      await request(TimetablePageHr1Document, {
        input: {
          proposalId: proposal.id,
          madeOn: values.madeOn.trim(),
          reference: values.reference.trim(),
          submittedCopy: values.copy.trim(),
          copyToRepresentativesOn: values.copyOn.trim() || null,
        },
      })
      onDone('hr1')
    })
  }

  return (
    <>
      <BackToTimetable proposal={proposal} />
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} proposalId={proposal.id} title="The HR1 notice could not be recorded" />
      <PageHeading title={`Record the HR1 notice: ${proposal.title}`} caption={proposal.title}>Record the HR1 notice to the Secretary of State</PageHeading>
      <p class="govuk-body">
        Section 193 requires notice of the proposed dismissals on form HR1.
        {s.hr1DueDate ? ` It is due by ${formatDate(s.hr1DueDate)}.` : ' Its due date is known once the first dismissal is planned.'}
      </p>
      <form noValidate onSubmit={save}>
        <DateInput id="madeOn" label="The day it was made" value={values.madeOn} onInput={set('madeOn')} error={errorFor(errors, 'madeOn')} />
        <TextInput
          id="reference"
          label="The Insolvency Service’s reference"
          width="20"
          value={values.reference}
          onInput={set('reference')}
          error={errorFor(errors, 'reference')}
        />
        <Textarea
          id="copy"
          label="A copy of what was submitted"
          hint="The service keeps no copy for you, so paste the answers you gave."
          rows={8}
          value={values.copy}
          onInput={set('copy')}
          error={errorFor(errors, 'copy')}
        />
        <DateInput
          id="copyOn"
          label="The day the representatives were given a copy (optional)"
          hint="Section 193(6) says the representatives must be given a copy."
          value={values.copyOn}
          onInput={set('copyOn')}
          error={errorFor(errors, 'copyOn')}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Record the HR1 notice</Button>
          <Link href={`/proposals/${proposal.id}/timetable`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}
