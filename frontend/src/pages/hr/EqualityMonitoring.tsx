// Equality monitoring of the individual stage (Equality Act 2010 s4, s149), HR only: the
// outcomes of each group against the whole affected group, from the characteristics HR holds;
// and the form where HR records what one employee has given. Groups and counts below 3 are
// withheld by the API and shown as "Fewer than 3".
import { useState } from 'preact/hooks'
import { request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import { useForm } from '../../form'
import type { EqualityMonitoringQuery, ProtectedCharacteristic } from '../../gql/graphql'
import { Button, ErrorSummary, type FieldError, InsetText, Loading, PageHeading, ProblemPage, Tag, TextInput, WarningText, errorFor } from '../../components/govuk'
import { countOrFewer } from '../../format'
import { Link, navigate } from '../../router'
import { pageProblem } from '../../components/pageProblem'
import { WorkspaceFrame } from './WorkspaceNav'

const EqualityMonitoringDocument = graphql(`
  query EqualityMonitoring($id: ID!) {
    proposal(id: $id) {
      id title
      equalityMonitoring {
        wholeGroup { counts { people selected dismissed } selectedPercent dismissedPercent }
        characteristics {
          characteristic section
          groups { value counts { people selected dismissed } selectedPercent dismissedPercent markedDifference }
          smallerGroups { counts { people selected dismissed } selectedPercent dismissedPercent }
          notRecorded { people selected dismissed }
        }
      }
    }
  }
`)

const CharacteristicsDocument = graphql(`
  query EmployeeCharacteristics($id: ID!, $employee: ID!) {
    proposal(id: $id) { id title }
    case(employeeId: $employee) { id employee { name } }
    protectedCharacteristics(employeeId: $employee) { characteristic value }
  }
`)

const SetCharacteristicsDocument = graphql(`
  mutation SetEmployeeCharacteristics($input: SetProtectedCharacteristicsInput!) {
    setProtectedCharacteristics(input: $input) { characteristic }
  }
`)

/** The nine characteristics of s4, as the Act names them. */
export const characteristicNames: Record<ProtectedCharacteristic, string> = {
  AGE: 'Age',
  DISABILITY: 'Disability',
  GENDER_REASSIGNMENT: 'Gender reassignment',
  MARRIAGE_AND_CIVIL_PARTNERSHIP: 'Marriage and civil partnership',
  PREGNANCY_AND_MATERNITY: 'Pregnancy and maternity',
  RACE: 'Race',
  RELIGION_OR_BELIEF: 'Religion or belief',
  SEX: 'Sex',
  SEXUAL_ORIENTATION: 'Sexual orientation',
}

type Row = { counts: { people?: number | null; selected?: number | null; dismissed?: number | null }; selectedPercent?: number | null; dismissedPercent?: number | null }

const percent = (value: number | null | undefined) => (value == null ? 'Not shown' : `${value}%`)

function Cells({ row }: { row: Row }) {
  return (
    <>
      <td class="govuk-table__cell govuk-table__cell--numeric">{countOrFewer(row.counts.people)}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{countOrFewer(row.counts.selected)}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{percent(row.selectedPercent)}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{countOrFewer(row.counts.dismissed)}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{percent(row.dismissedPercent)}</td>
    </>
  )
}

function Head({ first }: { first: string }) {
  return (
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        <th scope="col" class="govuk-table__header">{first}</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">People</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Selected</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Selected (rate)</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Given notice</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Given notice (rate)</th>
      </tr>
    </thead>
  )
}

type Monitoring = EqualityMonitoringQuery['proposal']['equalityMonitoring']

export function EqualityMonitoringPage({ params }: { params: Record<string, string> }) {
  const { data, error } = useQuery(EqualityMonitoringDocument, { id: params.id })
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const monitoring: Monitoring = data.proposal.equalityMonitoring
  const flagged = monitoring.characteristics.flatMap((c) => c.groups.filter((g) => g.markedDifference).map((g) => `${characteristicNames[c.characteristic]}: ${g.value}`))
  return (
    <WorkspaceFrame proposalId={params.id} current="cases">
      <Link href={`/proposals/${params.id}/cases`} class="govuk-back-link">Back to people's cases</Link>
      <PageHeading title="Equality monitoring of outcomes" caption={data.proposal.title}>Equality monitoring of outcomes</PageHeading>
      <p class="govuk-body">
        Who is selected and who is given notice, by protected characteristic (Equality Act 2010, section 4), against everyone
        with a case. Use it in the equality analysis: the public sector equality duty (section 149) asks you to have due regard to
        avoiding discrimination. Groups and counts below 3 are not shown, so that nobody can be identified.
      </p>
      {flagged.length > 0 && (
        <WarningText>
          A marked difference: {flagged.join('; ')}. These groups are selected or given notice at a rate 20 points or more above
          everyone else. Explain the difference in the equality analysis. This is Consult's prompt, not a legal test.
        </WarningText>
      )}
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Everyone with a case</caption>
        <Head first="Group" />
        <tbody class="govuk-table__body">
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">All</th>
            <Cells row={monitoring.wholeGroup} />
          </tr>
        </tbody>
      </table>
      {monitoring.characteristics.length === 0 && (
        <InsetText>No protected characteristics are recorded yet. Record what staff have given on each person's case.</InsetText>
      )}
      {monitoring.characteristics.map((c) => (
        <table class="govuk-table" key={c.characteristic}>
          <caption class="govuk-table__caption govuk-table__caption--m">
            {characteristicNames[c.characteristic]} (section {c.section.replace(/^s/, '')})
          </caption>
          <Head first={characteristicNames[c.characteristic]} />
          <tbody class="govuk-table__body">
            {c.groups.map((g) => (
              <tr class="govuk-table__row" key={g.value}>
                <th scope="row" class="govuk-table__header">
                  {g.value} {g.markedDifference && <Tag colour="red">Marked difference</Tag>}
                </th>
                <Cells row={g} />
              </tr>
            ))}
            {c.smallerGroups && (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">Groups of fewer than 3, together</th>
                <Cells row={c.smallerGroups} />
              </tr>
            )}
            <tr class="govuk-table__row">
              <th scope="row" class="govuk-table__header">Not recorded</th>
              <Cells row={{ counts: c.notRecorded }} />
            </tr>
          </tbody>
        </table>
      ))}
    </WorkspaceFrame>
  )
}

/** HR records what one employee has given (optional; every field may stay empty). */
export function CharacteristicsPage({ params }: { params: Record<string, string> }) {
  const { data, error } = useQuery(CharacteristicsDocument, { id: params.id, employee: params.employeeId })
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  return (
    <WorkspaceFrame proposalId={params.id} current="cases">
      <CharacteristicsForm
        title={data.proposal.title}
        proposalId={params.id}
        employeeId={params.employeeId}
        name={data.case?.employee.name ?? 'this employee'}
        held={data.protectedCharacteristics}
      />
    </WorkspaceFrame>
  )
}

function CharacteristicsForm({ title, proposalId, employeeId, name, held }: {
  title: string
  proposalId: string
  employeeId: string
  name: string
  held: { characteristic: ProtectedCharacteristic; value: string }[]
}) {
  const back = `/proposals/${proposalId}/cases/${employeeId}`
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(held.map((h) => [h.characteristic, h.value])))
  const { errors, setErrors, busy, submit } = useForm()
  const save = (event: Event) => {
    event.preventDefault()
    const characteristics = (Object.keys(characteristicNames) as ProtectedCharacteristic[])
      .filter((c) => (values[c] ?? '').trim())
      .map((c) => ({ characteristic: c, value: values[c].trim() }))
    const tooLong = characteristics.find((c) => c.value.length > 100)
    const found: FieldError[] = tooLong
      ? [{ field: tooLong.characteristic, message: `${characteristicNames[tooLong.characteristic]} must be 100 characters or fewer` }]
      : []
    void submit(
      found,
      async () => {
        await request(SetCharacteristicsDocument, { input: { employeeId, characteristics } })
        navigate(`${back}?done=characteristics`)
      },
      // Every refusal is told on the first field: the page has no place for a problem above it.
      (problem) => {
        setErrors([{ field: 'AGE', message: problem.message }])
        return true
      },
    )
  }
  return (
    <>
      <Link href={back} class="govuk-back-link">Back to the case</Link>
      <ErrorSummary errors={errors} />
      <PageHeading title={`Protected characteristics: ${name}`} caption={title}>Protected characteristics: {name}</PageHeading>
      <p class="govuk-body">
        Record only what {name} has chosen to tell you, in their words (for example "Prefer not to say"). Only HR can see it;
        it is used, in groups of 3 or more, for equality monitoring of the outcomes. Leave a field empty if it was not given.
      </p>
      <form noValidate onSubmit={save}>
        {(Object.keys(characteristicNames) as ProtectedCharacteristic[]).map((c) => (
          <TextInput
            key={c}
            id={c}
            label={`${characteristicNames[c]} (optional)`}
            value={values[c] ?? ''}
            onInput={(value) => setValues((v) => ({ ...v, [c]: value }))}
            error={errorFor(errors, c)}
          />
        ))}
        <div class="govuk-button-group">
          <Button disabled={busy}>Save</Button>
          <Link href={back} class="govuk-link">Cancel</Link>
        </div>
      </form>
    </>
  )
}
