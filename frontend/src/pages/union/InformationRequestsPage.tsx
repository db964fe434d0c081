// Information requests (issue 20): what a union asked management for, overdue first, and what
// came of it. Union representatives log their union's requests and download what was
// provided; HR logs them on a union's behalf; HR and a request's owner provide the
// information (text and files) or refuse it with the reason.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, asApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { InformationRequestsPageQuery, InformationRequestStatus, S188DisclosureItem } from '../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  Loading,
  NotificationBanner,
  PageHeading,
  Paragraphs,
  ProblemPage,
  Select,
  Tag,
  Textarea,
  errorFor,
} from '../../components/govuk'
import { formatDate, formatDateTime, plural } from '../../format'
import { Link } from '../../router'
import { useMe } from '../../session'

const InformationRequestsPageDocument = graphql(`
  query InformationRequestsPage($id: ID!) {
    proposal(id: $id) { id title recognisedUnions sponsor { id } }
    informationRequestCounts(proposalId: $id) { open overdue provided refused all }
    informationRequests(proposalId: $id, first: 100) {
      totalCount
      edges {
        node {
          id version unionName text s188Item requestedOn dueOn status overdue response respondedAt
          owner { id name }
          attachments { id fileName sizeBytes downloadPath }
        }
      }
    }
  }
`)

const LogInformationRequestDocument = graphql(`
  mutation LogInformationRequest($input: LogInformationRequestInput!) {
    logInformationRequest(input: $input) { id dueOn }
  }
`)

const ProvideInformationDocument = graphql(`
  mutation ProvideInformation($input: ProvideInformationInput!) {
    provideInformation(input: $input) { id status }
  }
`)

const RefuseInformationRequestDocument = graphql(`
  mutation RefuseInformationRequest($input: RefuseInformationRequestInput!) {
    refuseInformationRequest(input: $input) { id status }
  }
`)

type Request = InformationRequestsPageQuery['informationRequests']['edges'][number]['node']

const S188_ITEMS: Record<S188DisclosureItem, string> = {
  REASONS: 'The reasons for the proposals (s188(4)(a))',
  NUMBERS_AND_DESCRIPTIONS: 'The numbers and descriptions of employees proposed for dismissal (s188(4)(b))',
  TOTAL_EMPLOYED: 'The total number of employees of each description (s188(4)(c))',
  SELECTION_METHOD: 'How employees will be selected for dismissal (s188(4)(d))',
  DISMISSAL_METHOD_AND_PERIOD: 'How and over what period the dismissals will be carried out (s188(4)(e))',
  REDUNDANCY_PAY_METHOD: 'How non-statutory redundancy payments will be calculated (s188(4)(f))',
  AGENCY_WORKERS: 'Agency workers (s188(4)(g) to (i))',
}

const STATUS: Record<InformationRequestStatus, [string, string | undefined]> = {
  OPEN: ['Open', 'blue'],
  PROVIDED: ['Provided', 'green'],
  REFUSED: ['Refused', 'grey'],
}

/** A GraphQL multipart request with the files at `variables.input.files`. */
async function provideWithFiles(input: { id: string; expectedVersion: number; text: string }, files: File[]) {
  if (files.length === 0) return request(ProvideInformationDocument, { input })
  const body = new FormData()
  body.append('operations', JSON.stringify({
    query: ProvideInformationDocument.toString(),
    variables: { input: { ...input, files: files.map(() => null) } },
  }))
  body.append('map', JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.input.files.${i}`]]))))
  files.forEach((file, i) => body.append(String(i), file, file.name))
  let response: Response
  try {
    response = await fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' }, body })
  } catch {
    throw new ApiError('The files could not be sent. Check your connection and try again.', 'NETWORK')
  }
  let result: { errors?: { message: string; extensions?: { code?: string; field?: string } }[] }
  try {
    result = await response.json()
  } catch {
    throw new ApiError(`The server answered with an error (${response.status}). Try again later.`, 'HTTP')
  }
  const first = result.errors?.[0]
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first.extensions?.field)
}

function sizeOf(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export function InformationRequestsPage({ params }: { params: Record<string, string> }) {
  const me = useMe()
  const { data, error, reload } = useQuery(InformationRequestsPageDocument, { id: params.id })
  const [banner, setBanner] = useState<string | null>(null)
  const [errors, setErrorState] = useState<FieldError[]>([])
  const bannerRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (banner) bannerRef.current?.focus()
  }, [banner])
  useEffect(() => {
    if (data) document.title = `${errors.length > 0 ? 'Error: ' : ''}Information requests – Consult`
  }, [errors, data])

  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  const { proposal, informationRequestCounts: counts } = data
  const requests = data.informationRequests.edges.map((edge) => edge.node)
  const hr = me.role === 'HR_ADMIN'
  const rep = me.role === 'UNION_REP'
  const done = (message: string) => {
    setErrorState([])
    setBanner(message)
    reload()
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        {banner && (
          <div tabIndex={-1} ref={bannerRef}>
            <NotificationBanner success>
              <p class="govuk-notification-banner__heading">{banner}</p>
            </NotificationBanner>
          </div>
        )}
        <ErrorSummary errors={errors} />
        <PageHeading title="Information requests" caption={proposal.title}>Information requests</PageHeading>
        <p class="govuk-body">
          {rep
            ? `Information ${me.union ?? 'your union'} has asked management for, and what came of it. Only HR, the proposal’s sponsor and your union see these requests.`
            : 'Information the unions have asked management for, overdue first. Only HR, the proposal’s sponsor and the union that asked see each request.'}
        </p>
        <p class="govuk-body" id="request-counts">
          {plural(counts.overdue, 'overdue request')}, {counts.open} open and not yet due, {counts.provided} provided, {counts.refused} refused.
        </p>
        {(rep || hr) && (
          <p class="govuk-body">
            <a class="govuk-link" href="#log">Log a request for information</a>
          </p>
        )}

        <h2 class="govuk-heading-m">Requests ({data.informationRequests.totalCount})</h2>
        {requests.length === 0 && <p class="govuk-body">No information has been requested yet.</p>}
        {requests.map((r) => (
          <RequestCard
            key={r.id}
            request={r}
            mayRespond={r.status === 'OPEN' && (hr || r.owner?.id === me.id)}
            onDone={done}
            onErrors={setErrorState}
          />
        ))}

        {(rep || hr) && (
          <LogForm
            proposalId={proposal.id}
            unions={hr ? proposal.recognisedUnions : []}
            ownUnion={me.union ?? null}
            errors={errors}
            setErrors={setErrorState}
            onLogged={(dueOn) => done(`The request has been logged. The information is due by ${formatDate(dueOn)}.`)}
          />
        )}
        <p class="govuk-body">
          <Link href={`/proposals/${proposal.id}`}>Back to the proposal</Link>
        </p>
      </div>
    </div>
  )
}

function RequestCard({ request: r, mayRespond, onDone, onErrors }: {
  request: Request
  mayRespond: boolean
  onDone: (message: string) => void
  onErrors: (errors: FieldError[]) => void
}) {
  const [label, colour] = r.overdue ? ['Overdue', 'red'] : STATUS[r.status]
  return (
    <div class="govuk-summary-card" id={`request-${r.id}`}>
      <div class="govuk-summary-card__title-wrapper">
        <h3 class="govuk-summary-card__title">{r.unionName}, asked on {formatDate(r.requestedOn)}</h3>
      </div>
      <div class="govuk-summary-card__content">
        <dl class="govuk-summary-list">
          <Row label="Asked for"><Paragraphs text={r.text} /></Row>
          <Row label="Status"><Tag colour={colour}>{label}</Tag></Row>
          {r.s188Item && <Row label="Disclosure item">{S188_ITEMS[r.s188Item]}</Row>}
          <Row label="Due">{formatDate(r.dueOn)}</Row>
          <Row label="Owner">{r.owner?.name ?? 'HR'}</Row>
          {r.status !== 'OPEN' && (
            <Row label={r.status === 'REFUSED' ? 'Reason for refusing' : 'Provided'}>
              <Paragraphs text={r.response} />
              {r.respondedAt && <p class="govuk-body-s">On {formatDateTime(r.respondedAt)}</p>}
            </Row>
          )}
          {r.attachments.length > 0 && (
            <Row label="Files">
              <ul class="govuk-list">
                {r.attachments.map((file) => (
                  <li key={file.id}>
                    <a class="govuk-link" href={file.downloadPath} download={file.fileName}>
                      {file.fileName}
                    </a>{' '}
                    ({sizeOf(file.sizeBytes)})
                  </li>
                ))}
              </ul>
            </Row>
          )}
        </dl>
        {mayRespond && <RespondForm request={r} onDone={onDone} onErrors={onErrors} />}
      </div>
    </div>
  )
}

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{label}</dt>
      <dd class="govuk-summary-list__value">{children}</dd>
    </div>
  )
}

function RespondForm({ request: r, onDone, onErrors }: {
  request: Request
  onDone: (message: string) => void
  onErrors: (errors: FieldError[]) => void
}) {
  const [choice, setChoice] = useState<string[]>(['provide'])
  const [text, setText] = useState('')
  const [errors, setErrors] = useState<FieldError[]>([])
  // A new button after each refusal: govuk-frontend's double-click guard would swallow a
  // quick second press.
  const [attempt, setAttempt] = useState(0)
  const fileRef = useRef<HTMLInputElement>(null)
  const sending = useRef(false)
  const ids = { choice: `respond-${r.id}`, text: `respond-text-${r.id}`, files: `respond-files-${r.id}` }
  const refusing = choice[0] === 'refuse'
  const fail = (list: FieldError[]) => {
    setErrors(list)
    setAttempt((n) => n + 1)
    onErrors(list)
  }
  const submit = async () => {
    if (sending.current) return
    const trimmed = text.trim()
    if (!trimmed) return fail([{ field: ids.text, message: refusing ? 'Enter the reason for refusing' : 'Enter what you are providing' }])
    sending.current = true
    try {
      if (refusing) {
        await request(RefuseInformationRequestDocument, { input: { id: r.id, expectedVersion: r.version, reason: trimmed } })
        onDone(`You have refused ${r.unionName}’s request. The union has been told why.`)
      } else {
        await provideWithFiles({ id: r.id, expectedVersion: r.version, text: trimmed }, Array.from(fileRef.current?.files ?? []))
        onDone(`You have provided the information ${r.unionName} asked for. The union has been told.`)
      }
    } catch (caught) {
      const apiError = asApiError(caught)
      fail([{ field: apiError.field?.startsWith('input.files') ? ids.files : ids.text, message: apiError.message }])
    } finally {
      sending.current = false
    }
  }
  const fileError = errorFor(errors, ids.files)
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <h4 class="govuk-heading-s">Respond to this request</h4>
      <ChoiceField
        id={ids.choice}
        label="Your response"
        inline
        values={choice}
        onChange={setChoice}
        choices={[
          { value: 'provide', label: 'Provide the information' },
          { value: 'refuse', label: 'Refuse it' },
        ]}
      />
      <Textarea
        id={ids.text}
        label={refusing ? 'Why it is refused' : 'What you are providing'}
        hint={refusing ? 'The union reads this reason.' : 'Write the information, or say what the attached files hold.'}
        error={errorFor(errors, ids.text)}
        value={text}
        onInput={setText}
      />
      {!refusing && (
        <div class={`govuk-form-group${fileError ? ' govuk-form-group--error' : ''}`}>
          <label class="govuk-label govuk-label--s" for={ids.files}>A file (optional)</label>
          <div id={`${ids.files}-hint`} class="govuk-hint">PDF, Word, Excel, OpenDocument, PNG, JPEG or plain text, up to 10 MB.</div>
          {fileError && (
            <p id={`${ids.files}-error`} class="govuk-error-message">
              <span class="govuk-visually-hidden">Error:</span> {fileError}
            </p>
          )}
          <input
            class={`govuk-file-upload${fileError ? ' govuk-file-upload--error' : ''}`}
            id={ids.files}
            name={ids.files}
            type="file"
            ref={fileRef}
            aria-describedby={`${ids.files}-hint${fileError ? ` ${ids.files}-error` : ''}`}
          />
        </div>
      )}
      <Button key={attempt}>{refusing ? 'Refuse the request' : 'Provide the information'}</Button>
    </form>
  )
}

function LogForm({ proposalId, unions, ownUnion, errors, setErrors, onLogged }: {
  proposalId: string
  /** HR chooses the union; a representative logs for their own (empty list). */
  unions: string[]
  ownUnion: string | null
  errors: FieldError[]
  setErrors: (errors: FieldError[]) => void
  onLogged: (dueOn: string) => void
}) {
  const [text, setText] = useState('')
  const [union, setUnion] = useState('')
  const [item, setItem] = useState('')
  const [attempt, setAttempt] = useState(0)
  const sending = useRef(false)
  const refuse = (list: FieldError[]) => {
    setAttempt((n) => n + 1)
    setErrors(list)
  }
  const submit = async () => {
    if (sending.current) return
    const trimmed = text.trim()
    const problems: FieldError[] = []
    if (unions.length > 0 && !union) problems.push({ field: 'request-union', message: 'Select the union asking for the information' })
    if (!trimmed) problems.push({ field: 'request-text', message: 'Enter the information the union needs' })
    if (problems.length > 0) return refuse(problems)
    sending.current = true
    try {
      const result = await request(LogInformationRequestDocument, {
        input: {
          proposalId,
          text: trimmed,
          unionName: unions.length > 0 ? union : undefined,
          s188Item: item ? (item as S188DisclosureItem) : undefined,
        },
      })
      setText('')
      setItem('')
      setUnion('')
      onLogged(result.logInformationRequest.dueOn)
    } catch (caught) {
      const apiError = asApiError(caught)
      refuse([{ field: apiError.field === 'input.unionName' ? 'request-union' : 'request-text', message: apiError.message }])
    } finally {
      sending.current = false
    }
  }
  return (
    <>
      <h2 class="govuk-heading-m" id="log">Log a request for information</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        {unions.length > 0 && (
          <Select
            id="request-union"
            label="Union asking"
            error={errorFor(errors, 'request-union')}
            value={union}
            options={[{ value: '', label: 'Choose a union' }, ...unions.map((u) => ({ value: u, label: u }))]}
            onChange={setUnion}
          />
        )}
        <Textarea
          id="request-text"
          label="What information is needed"
          hint={unions.length > 0 ? 'As the union put it.' : `It is logged as a request from ${ownUnion ?? 'your union'}.`}
          error={errorFor(errors, 'request-text')}
          value={text}
          onInput={setText}
        />
        <Select
          id="request-item"
          label="Is it part of the section 188(4) disclosure? (optional)"
          hint="While a request about one of these items is open, that item does not count as disclosed."
          value={item}
          options={[{ value: '', label: 'No, or not sure' }, ...Object.entries(S188_ITEMS).map(([value, label]) => ({ value, label }))]}
          onChange={setItem}
        />
        <Button key={attempt}>Log the request</Button>
      </form>
    </>
  )
}
