// The consultation period (domain::timetable): its summary on the overview and the form
// that sets it, with the planned first notice and first dismissal.
import { useRef, useState } from 'preact/hooks'
import { asApiError, request } from '../../../api/client'
import { graphql } from '../../../gql'
import type { ConsultationType } from '../../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  InsetText,
  NotificationBanner,
  PageHeading,
  SummaryList,
  TextInput,
  WarningText,
  errorFor,
} from '../../../components/govuk'
import { notADate } from '../../../components/DateInput'
import { formatDate, plural } from '../../../format'
import { useForm } from '../../../form'
import { Link } from '../../../router'
import { daysBetween, isDate } from '../../../components/planKit'
import { BackToTimetable, intPattern, type Proposal, SaveProblem, type Timetable, TimetablePageDocument, useFocusOn } from './shared'
import { WhenFields } from './whenFields'

const TimetablePageSetDocument = graphql(`
  mutation TimetablePageSet($input: SetTimetableInput!) {
    setTimetable(input: $input) { version }
  }
`)

const typeLabel: Record<ConsultationType, string> = {
  COLLECTIVE: 'Collective: with the union representatives (section 188) and each affected employee',
  INDIVIDUAL: 'Individual: with each affected employee',
}

export function PeriodSummary({ proposal }: { proposal: Proposal }) {
  const t = proposal.timetable
  if (t.version === 0 && !t.consultationStart) {
    return <InsetText>The consultation period has not been set yet.</InsetText>
  }
  return (
    <SummaryList
      rows={[
        { key: 'Type of consultation', value: typeLabel[t.consultationType] },
        { key: 'First day', value: formatDate(t.consultationStart, true) },
        {
          key: 'Last day',
          value: (
            <>
              {formatDate(t.consultationEnd, true)}
              {t.consultationDays != null && <> ({plural(t.consultationDays, 'day')})</>}
            </>
          ),
        },
        { key: 'Planned first notice of dismissal', value: t.plannedFirstNotice ? formatDate(t.plannedFirstNotice) : 'Not planned yet' },
        { key: 'Planned first dismissal', value: t.plannedFirstDismissal ? formatDate(t.plannedFirstDismissal) : 'Not planned yet' },
        { key: 'Time to answer a question', value: plural(t.questionResponseWorkingDays, 'working day') },
      ]}
    />
  )
}

interface PeriodValues {
  type: ConsultationType
  start: string
  end: string
  first: string
  days: string
  notice: string
}

function periodValues(t: Timetable): PeriodValues {
  return {
    type: t.consultationType,
    start: t.consultationStart ?? '',
    end: t.consultationEnd ?? '',
    first: t.plannedFirstDismissal ?? '',
    days: String(t.questionResponseWorkingDays),
    notice: t.plannedFirstNotice ?? '',
  }
}

function validatePeriod(v: PeriodValues): FieldError[] {
  const errors: FieldError[] = []
  const start = v.start.trim()
  const end = v.end.trim()
  if (start && !isDate(start)) errors.push({ field: 'start', message: notADate(start, 'The first day of consultation') })
  if (end && !isDate(end)) errors.push({ field: 'end', message: notADate(end, 'The last day of consultation') })
  if (start && !end) errors.push({ field: 'end', message: 'Enter the last day of consultation, or clear the first day' })
  if (end && !start) errors.push({ field: 'start', message: 'Enter the first day of consultation, or clear the last day' })
  if (isDate(start) && isDate(end)) {
    if (end < start) errors.push({ field: 'end', message: 'The last day of consultation must be the same as or after the first day' })
    else if (daysBetween(start, end) > 366) errors.push({ field: 'end', message: 'A consultation period can be at most a year long' })
  }
  // The notice field comes before the first dismissal on the form, so its errors are listed first.
  const first = v.first.trim()
  const notice = v.notice.trim()
  if (notice && !isDate(notice)) errors.push({ field: 'notice', message: notADate(notice, 'The planned first notice of dismissal') })
  else if (notice && isDate(first) && notice > first) {
    errors.push({ field: 'notice', message: 'The first notice of dismissal must be given on or before the first dismissal' })
  }
  if (first && !isDate(first)) errors.push({ field: 'first', message: notADate(first, 'The planned first dismissal') })
  else if (first && isDate(start) && first <= start) {
    errors.push({ field: 'first', message: 'The first dismissal must take effect after consultation starts' })
  }
  const days = v.days.trim()
  if (!intPattern.test(days) || Number(days) < 1 || Number(days) > 30) {
    errors.push({ field: 'days', message: 'Enter a number of working days from 1 to 30' })
  }
  return errors
}

const periodFields: Record<string, string> = {
  'input.consultation.end': 'end',
  'input.consultationEnd': 'end',
  'input.consultationStart': 'start',
  'input.plannedFirstDismissal': 'first',
  'input.questionResponseWorkingDays': 'days',
  'input.plannedFirstNotice': 'notice',
  'input.consultationType': 'type',
}

export function PeriodForm({ proposal, onDone }: { proposal: Proposal; onDone: (done: string) => void }) {
  const [values, setValues] = useState<PeriodValues>(() => periodValues(proposal.timetable))
  const [version, setVersion] = useState(proposal.timetable.version)
  const form = useForm(periodFields, 'type')
  const { errors, problem, busy, attempt } = form
  const [theirs, setTheirs] = useState<Timetable | null>(null)
  const bannerRef = useRef<HTMLDivElement>(null)
  useFocusOn(theirs, bannerRef)
  const set = (name: keyof PeriodValues) => (value: string) => setValues((v) => ({ ...v, [name]: value }))
  const s = proposal.s188

  const save = (event: Event) => {
    event.preventDefault()
    void form.submit(
      validatePeriod(values),
      async () => {
        await request(TimetablePageSetDocument, {
          input: {
            proposalId: proposal.id,
            expectedVersion: version,
            consultationType: values.type,
            consultationStart: values.start.trim() || null,
            consultationEnd: values.end.trim() || null,
            plannedFirstDismissal: values.first.trim() || null,
            questionResponseWorkingDays: Number(values.days.trim()),
            plannedFirstNotice: values.notice.trim() || null,
          },
        })
        onDone('period')
      },
      async (apiError) => {
        if (apiError.code !== 'CONFLICT') return false
        // Someone else saved first: show theirs, keep ours in the form, save over theirs only on purpose.
        try {
          const fresh = (await request(TimetablePageDocument, { id: proposal.id })).proposal.timetable
          setTheirs(fresh)
          setVersion(fresh.version)
        } catch (again) {
          form.setProblem(asApiError(again))
        }
        return true
      },
    )
  }

  return (
    <>
      <BackToTimetable proposal={proposal} />
      <div ref={bannerRef}>
        {theirs && (
          <NotificationBanner>
            <p class="govuk-notification-banner__heading">Someone else changed the timetable while you were editing</p>
            <p class="govuk-body">
              Your changes have not been saved. Their version is shown below and yours is still in the form. Check the two,
              then save again to replace theirs with yours.
            </p>
          </NotificationBanner>
        )}
      </div>
      <ErrorSummary errors={errors} />
      <SaveProblem error={problem} proposalId={proposal.id} title="The timetable could not be saved" />
      <PageHeading title={`Consultation period: ${proposal.title}`} caption={proposal.title}>Consultation period</PageHeading>
      {theirs && (
        <>
          <h2 class="govuk-heading-m">Their version, saved now</h2>
          <PeriodSummary proposal={{ ...proposal, timetable: theirs }} />
          <h2 class="govuk-heading-m">Your version, not saved</h2>
        </>
      )}
      <InsetText>
        Consult counts {plural(s.dismissalsInWindow, 'proposed dismissal')} at {proposal.establishment} within 90 days, so
        collective consultation with the union representatives{' '}
        {s.applies ? <strong>applies</strong> : <strong>does not apply</strong>}.
        {s.applies && s.minimumConsultationDays != null && (
          <> Consultation must begin at least {plural(s.minimumConsultationDays, 'day')} before the first dismissal takes effect.</>
        )}
      </InsetText>
      <form noValidate onSubmit={save}>
        <ChoiceField
          id="type"
          label="Type of consultation"
          choices={[
            {
              value: 'COLLECTIVE',
              label: 'Collective consultation',
              hint: 'With the representatives of the recognised unions, under section 188, as well as with each affected employee. Needed when 20 or more dismissals are proposed at one establishment within 90 days.',
            },
            {
              value: 'INDIVIDUAL',
              label: 'Individual consultation only',
              hint: 'With each affected employee. For fewer than 20 proposed dismissals at one establishment within 90 days.',
            },
          ]}
          values={[values.type]}
          onChange={(chosen) => setValues((v) => ({ ...v, type: chosen[0] as ConsultationType }))}
          error={errorFor(errors, 'type')}
        />
        {s.applies && values.type === 'INDIVIDUAL' && (
          <WarningText>Consult's check says collective consultation applies to this proposal.</WarningText>
        )}
        <WhenFields
          fields={[
            { name: 'start', label: 'First day of formal consultation', hint: 'Affected staff can read the proposal and respond from this day.' },
            { name: 'end', label: 'Last day of formal consultation', hint: 'Responses are accepted until the end of this day.' },
            {
              name: 'notice',
              label: 'Planned first notice of dismissal (optional)',
              hint: (
                <>
                  The day the first notice of dismissal is planned to be given. HR1 must be made before it, and no notice may be
                  given until consultation has ended.
                  {s.hr1DueBeforeFirstNotice && <> On this plan HR1 is due by {formatDate(s.hr1DueBeforeFirstNotice)}.</>}
                </>
              ),
            },
            {
              name: 'first',
              label: 'Planned first dismissal (optional)',
              hint: (
                <>
                  The day the first dismissal is planned to take effect. Consult uses it to check the timetable and to work out
                  when the HR1 notice is due.
                  {s.earliestLawfulFirstDismissal && <> The earliest lawful date is {formatDate(s.earliestLawfulFirstDismissal)}.</>}
                </>
              ),
            },
          ]}
          values={values}
          set={set}
          errors={errors}
        />
        <TextInput
          id="days"
          type="number"
          width="3"
          label="Working days a manager has to answer a question"
          hint="From 1 to 30. Bank holidays in England and Wales are not counted."
          value={values.days}
          onInput={set('days')}
          error={errorFor(errors, 'days')}
        />
        <div class="govuk-button-group">
          <Button key={attempt} disabled={busy}>Save the consultation period</Button>
          <Link href={`/proposals/${proposal.id}/timetable`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}
