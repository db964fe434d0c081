// How long the employer keeps a decided consultation's personal data (UK GDPR Art. 5(1)(e),
// storage limitation): the years after the decision, and whether free text (comments,
// answers, minutes) is kept once names are replaced. Part of the employer policy; HR only.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  InsetText,
  Loading,
  NotificationBanner,
  PageHeading,
  ProblemPage,
  TextInput,
  errorFor,
} from '../../components/govuk'
import { formatDateTime } from '../../format'
import { useForm } from '../../form'
import { Link } from '../../router'
import { useMe } from '../../session'
import { RefusalSummary } from './workspaceKit'
import { focusBanner } from '../../focus'

const RetentionPageDocument = graphql(`
  query RetentionPage {
    employerPolicy { version updatedAt retentionYears retentionKeepsFreeText }
  }
`)

const RetentionPageSaveDocument = graphql(`
  mutation RetentionPageSave($input: SetEmployerPolicyInput!) {
    setEmployerPolicy(input: $input) { version updatedAt retentionYears retentionKeepsFreeText }
  }
`)

export function RetentionPage() {
  const me = useMe()
  if (me.role !== 'HR_ADMIN') {
    return <ProblemPage error={new ApiError('Only HR can change how long personal data is kept.', 'FORBIDDEN')} />
  }
  return <Retention />
}

function Retention() {
  const { data, error } = useQuery(RetentionPageDocument, {})
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  return <RetentionForm initial={data.employerPolicy} />
}

type Policy = {
  version: number
  updatedAt?: string | null
  retentionYears: number
  retentionKeepsFreeText: boolean
}

function RetentionForm({ initial }: { initial: Policy }) {
  // The policy as last saved: its version is the next save's expectedVersion.
  const [policy, setPolicy] = useState<Policy>(initial)
  const [years, setYears] = useState(String(policy.retentionYears))
  const [keepText, setKeepText] = useState(policy.retentionKeepsFreeText)
  const form = useForm({ 'input.retentionKeepsFreeText': 'retention-free-text' }, 'retention-years')
  const { errors, problem, busy, attempt } = form
  const [saved, setSaved] = useState(false)
  const bannerRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (saved) focusBanner(bannerRef.current)
  }, [saved])

  const save = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    const value = years.trim()
    if (!value) found.push({ field: 'retention-years', message: 'Enter how many years to keep personal data' })
    else if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 20) {
      found.push({ field: 'retention-years', message: 'Enter a whole number of years from 1 to 20' })
    }
    setSaved(false)
    void form.submit(
      found,
      async () => {
        const result = await request(RetentionPageSaveDocument, {
          input: { expectedVersion: policy.version, retentionYears: Number(value), retentionKeepsFreeText: keepText },
        })
        setPolicy(result.setEmployerPolicy)
        setSaved(true)
      },
      (apiError) => {
        if (apiError.code !== 'CONFLICT') return false
        form.setProblem(new ApiError('Someone else changed the employer policy while you were looking at it. Reload the page to see it as it is now, then make your change again.', 'CONFLICT'))
        return true
      },
    )
  }

  return (
    <>
      <Link href="/" class="govuk-back-link">Back to the dashboard</Link>
      <div ref={bannerRef}>
        {saved && (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">How long personal data is kept has been saved.</p>
          </NotificationBanner>
        )}
      </div>
      <ErrorSummary errors={errors} />
      {problem && <RefusalSummary title="The policy could not be saved" error={problem} proposalId="" />}
      <PageHeading title="How long personal data is kept" caption="Employer policy">How long personal data is kept</PageHeading>
      <p class="govuk-body">
        The UK GDPR says personal data must be kept no longer than it is needed (Article 5(1)(e)). A consultation's records may be
        needed to answer a claim long after it ends, so they are kept for a period after the decision; after it, the names and
        other details of the people in it are replaced, so the record of what happened stays without saying who it happened to.
      </p>
      <InsetText>
        Six years, the default, matches the time limit for a claim for breach of contract in the courts (Limitation Act 1980,
        section 5). Most employment tribunal claims must be brought within months.
      </InsetText>
      {policy.updatedAt && <p class="govuk-body-s">Last changed on {formatDateTime(policy.updatedAt)}.</p>}
      <form noValidate onSubmit={save}>
        <TextInput
          id="retention-years"
          type="number"
          width="3"
          label="Years to keep personal data after the decision"
          hint="From 1 to 20."
          value={years}
          onInput={setYears}
          error={errorFor(errors, 'retention-years')}
        />
        <ChoiceField
          id="retention-free-text"
          label="When the period ends, what happens to what people wrote?"
          hint="Comments, questions, answers and minutes can name or describe people."
          choices={[
            { value: 'remove', label: 'Remove it with the names', hint: 'Only counts, dates and decisions are kept.' },
            { value: 'keep', label: 'Keep it, with the names replaced', hint: 'Choose this only if you check that what is kept identifies no one.' },
          ]}
          values={[keepText ? 'keep' : 'remove']}
          onChange={(chosen) => setKeepText(chosen[0] === 'keep')}
          error={errorFor(errors, 'retention-free-text')}
        />
        <Button key={attempt} disabled={busy}>Save</Button>
      </form>
    </>
  )
}
