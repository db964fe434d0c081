// A subject access request (UK GDPR Art. 15): HR enters, or picks, the email address of the
// person asking and downloads everything Consult holds linked to it as one JSON file
// (`GET /subject-access.json?email=…`, HR only) to check and send to them.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError } from '../../api/client'
import { useAllEmployees, useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import {
  Button,
  Details,
  ErrorSummary,
  type FieldError,
  Loading,
  NotificationBanner,
  PageHeading,
  ProblemPage,
  Select,
  TextInput,
  errorFor,
} from '../../components/govuk'
import { Link } from '../../router'
import { useMe } from '../../session'
import { pageProblem } from '../../components/pageProblem'
import { focusBanner } from '../../focus'
import { WorkspaceFrame } from './WorkspaceNav'

const SubjectAccessPageDocument = graphql(`
  query SubjectAccessPage($id: ID!) {
    proposal(id: $id) { id title }
    users(first: 100) { nodes { id name email role } }
  }
`)

const SubjectAccessEmployeesDocument = graphql(`
  query SubjectAccessEmployees($id: ID!, $after: String) {
    proposal(id: $id) {
      id
      employees(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id name workEmail }
      }
    }
  }
`)

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** The file name the server gives in Content-Disposition, else one made from the address. */
function fileNameOf(response: Response, email: string): string {
  const header = response.headers.get('content-disposition') ?? ''
  const match = header.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i)
  if (match) return decodeURIComponent(match[1])
  return `subject-access-${email.replace(/[^a-z0-9.@_-]/gi, '_')}.json`
}

/** Why the server refused the export, in words HR can act on. */
async function refusal(response: Response): Promise<string> {
  let text = ''
  try {
    text = (await response.text()).trim()
    const parsed = JSON.parse(text) as { error?: string; message?: string; errors?: { message?: string }[] }
    text = parsed.message ?? parsed.error ?? parsed.errors?.[0]?.message ?? text
  } catch {
    // not JSON: the text as it is
  }
  if (response.status === 401) return 'Your session has ended. Sign in again, then download the export.'
  if (response.status === 403) return 'Only HR can download a subject access export'
  if (response.status === 404) return text && text.length < 300 ? text.replace(/\.$/, '') : 'Consult holds no data linked to that email address'
  if (response.status === 400 && text && text.length < 300) return text.replace(/\.$/, '')
  return `The export could not be made (the server answered ${response.status}). Try again later`
}

export function SubjectAccessPage({ params }: { params: Record<string, string> }) {
  const me = useMe()
  if (me.role !== 'HR_ADMIN') {
    return <ProblemPage error={new ApiError('Only HR can respond to a subject access request.', 'FORBIDDEN')} />
  }
  return <SubjectAccess proposalId={params.id} />
}

function SubjectAccess({ proposalId }: { proposalId: string }) {
  const { data, error } = useQuery(SubjectAccessPageDocument, { id: proposalId })
  const { employees } = useAllEmployees(SubjectAccessEmployeesDocument, proposalId)
  const [email, setEmail] = useState('')
  const [picked, setPicked] = useState('')
  // Not useForm: the export is a file download over fetch, not a GraphQL mutation with its
  // refusal codes, and success is a download banner rather than a page change.
  const [errors, setErrors] = useState<FieldError[]>([])
  const [done, setDone] = useState<{ email: string; file: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const bannerRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (done) focusBanner(bannerRef.current)
  }, [done])

  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const proposal = data.proposal

  // Everyone Consult knows by email: this proposal's employees, then the accounts.
  const seen = new Set<string>()
  const people: { value: string; label: string; group: string }[] = []
  for (const e of employees ?? []) {
    const address = e.workEmail?.trim()
    if (!address || seen.has(address.toLowerCase())) continue
    seen.add(address.toLowerCase())
    people.push({ value: address, label: `${e.name} (${address})`, group: 'Employees in this proposal' })
  }
  for (const u of data.users.nodes) {
    if (seen.has(u.email.toLowerCase())) continue
    seen.add(u.email.toLowerCase())
    people.push({ value: u.email, label: `${u.name} (${u.email})`, group: 'Accounts' })
  }

  const download = async (event: Event) => {
    event.preventDefault()
    setAttempt((n) => n + 1)
    const address = email.trim()
    const found: FieldError[] = []
    if (!address) found.push({ field: 'sar-email', message: 'Enter the email address of the person asking' })
    else if (!emailPattern.test(address)) found.push({ field: 'sar-email', message: 'Enter an email address in the correct format, like name@example.com' })
    setErrors(found)
    setDone(null)
    if (found.length > 0) return
    setBusy(true)
    try {
      const response = await fetch(`/subject-access.json?email=${encodeURIComponent(address)}`, {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      })
      if (!response.ok) {
        setErrors([{ field: 'sar-email', message: await refusal(response) }])
        return
      }
      const file = fileNameOf(response, address)
      const blob = await response.blob()
      const url = URL.createObjectURL(blob)
      const link = document.createElement('a')
      link.href = url
      link.download = file
      document.body.appendChild(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
      setDone({ email: address, file })
    } catch {
      setErrors([{ field: 'sar-email', message: 'Consult cannot be reached. Check your connection and try again' }])
    } finally {
      setBusy(false)
    }
  }

  return (
    <WorkspaceFrame proposalId={proposal.id} current="people">
      <Link href={`/proposals/${proposal.id}/people#subject-access`} class="govuk-back-link">Back to people and impacts</Link>
      <div ref={bannerRef}>
        {done && (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">The export for {done.email} has been downloaded.</p>
            <p class="govuk-body">
              It is in your downloads as {done.file}. Check it, withhold what concerns other people, then send it to them securely.
            </p>
          </NotificationBanner>
        )}
      </div>
      <ErrorSummary errors={errors} />
      <PageHeading title={`Subject access request: ${proposal.title}`} caption="People">Respond to a subject access request</PageHeading>
      <p class="govuk-body">
        Under Article 15 of the UK GDPR anyone can ask for a copy of the personal data held about them, with why it is held, who it
        has been shared with and how long it will be kept.
      </p>
      <ul class="govuk-list govuk-list--bullet">
        <li>Respond without undue delay and within one month of receiving the request. It can be extended by up to two more months for a complex request, if you tell them within the first month.</li>
        <li>Check who they are before you send anything.</li>
        <li>The export holds what Consult has linked to their email address, in every proposal, as a JSON file.</li>
        <li>Before you send it, check it for other people's personal data, such as names in comments, and withhold or redact what you should.</li>
      </ul>
      <p class="govuk-body">
        Data about a decided consultation is kept only for the period in the employer's policy:{' '}
        <Link href="/employer-policy/retention">how long personal data is kept</Link>.
      </p>
      <Details summary="What is in the export">
        <p class="govuk-body">Everything Consult holds linked to the address, as stored:</p>
        <ul class="govuk-list govuk-list--bullet">
          <li>their account, and the proposals they appear in</li>
          <li>their employee records and the posts they hold</li>
          <li>their feedback (confidential responses included), questions and comments on job descriptions</li>
          <li>the meetings they were invited to, and their individual meetings</li>
          <li>their case: offers, notices, appeals, redundancy pay and selection scores</li>
          <li>the letters issued to them, the emails sent to them and their equality monitoring answers</li>
          <li>the audit log's events about them</li>
        </ul>
        <p class="govuk-body">
          If Consult holds nothing about the address, the export says so and is otherwise empty. Each export is recorded in the
          audit log.
        </p>
      </Details>
      <form noValidate onSubmit={download}>
        {people.length > 0 && (
          <Select
            id="sar-person"
            label="Choose the person (optional)"
            hint="Fills in their email address below."
            value={picked}
            options={[{ value: '', label: 'Choose someone' }, ...people]}
            onChange={(value) => {
              setPicked(value)
              if (value) setEmail(value)
            }}
          />
        )}
        <TextInput
          id="sar-email"
          type="email"
          label="Email address of the person asking"
          hint="Their work email address, or the address of their account."
          autocomplete="off"
          spellcheck={false}
          value={email}
          onInput={(value) => {
            setEmail(value)
            setPicked('')
          }}
          error={errorFor(errors, 'sar-email')}
        />
        <Button key={attempt} disabled={busy}>Download their data (JSON)</Button>
      </form>
    </WorkspaceFrame>
  )
}
