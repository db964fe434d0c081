// The collective response of the signed-in representative's union: one shared draft that
// any rep of the union can edit and send. It may be written jointly with other recognised
// unions (issue 20): any rep of a union it names may edit it; each union signs it, and it is
// sent once all have. Once anyone signed it can no longer change (the API refuses).
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { UnionResponsePageAttachMutation, UnionResponsePageQuery } from '../../gql/graphql'
import {
  BackLink,
  Button,
  ChoiceField,
  Details,
  ErrorSummary,
  type FieldError,
  InsetText,
  Loading,
  NotificationBanner,
  PageHeading,
  Paragraphs,
  ProblemPage,
  Tag,
  Textarea,
  TextInput,
  WarningText,
  errorFor,
} from '../../components/govuk'
import { daysUntil, formatDate, formatDateTime, plural } from '../../format'
import { Link, navigate, useLocation } from '../../router'
import { useMe } from '../../session'
import { responseWindow } from '../MyConsultations'
import { useFocusRequest } from '../../focus'
import { useForm } from '../../form'

const UnionResponsePageDocument = graphql(`
  query UnionResponsePage($id: ID!) {
    proposal(id: $id) {
      id title status recognisedUnions
      timetable { consultationEnd }
      unionResponses {
        id title body points failureToAgree submitted submittedAt version unionName
        attachments { id fileName downloadPath sizeBytes contentType }
        signatories { unionName signed signedAt failureToAgree }
        awaitingSignatures
        endorsedTeamResponses { id title teamName unionName }
      }
    }
  }
`)

const UnionResponsePageSaveDocument = graphql(`
  mutation UnionResponsePageSave($input: SaveUnionResponseInput!) {
    saveUnionResponse(input: $input) {
      id title body points failureToAgree submitted submittedAt version unionName
      attachments { id fileName downloadPath sizeBytes contentType }
      signatories { unionName signed signedAt failureToAgree }
      awaitingSignatures
      endorsedTeamResponses { id title teamName unionName }
    }
  }
`)

const UnionResponsePageSignDocument = graphql(`
  mutation UnionResponsePageSign($input: SignUnionResponseInput!) {
    signUnionResponse(input: $input) {
      id title body points failureToAgree submitted submittedAt version unionName
      attachments { id fileName downloadPath sizeBytes contentType }
      signatories { unionName signed signedAt failureToAgree }
      awaitingSignatures
      endorsedTeamResponses { id title teamName unionName }
    }
  }
`)

const UnionResponsePageAttachDocument = graphql(`
  mutation UnionResponsePageAttach($input: AddUnionResponseAttachmentInput!) {
    addUnionResponseAttachment(input: $input) {
      id attachments { id fileName downloadPath sizeBytes contentType }
    }
  }
`)

const UnionResponsePageRemoveAttachmentDocument = graphql(`
  mutation UnionResponsePageRemoveAttachment($input: RemoveUnionResponseAttachmentInput!) {
    removeUnionResponseAttachment(input: $input) {
      id attachments { id fileName downloadPath sizeBytes contentType }
    }
  }
`)

type Proposal = UnionResponsePageQuery['proposal']
type UnionResponse = Proposal['unionResponses'][number]
type Attachment = UnionResponse['attachments'][number]

const MAX_POINTS = 100
const TITLE_MAX = 200

interface Point {
  key: number
  text: string
}

interface Form {
  title: string
  body: string
  points: Point[]
  failureToAgree: boolean
  /** The other unions it is written with (a joint response). */
  coSignatories: string[]
}

/** What the page tells the rep after something happened. */
type Notice =
  | { kind: 'saved' }
  | { kind: 'sent' }
  | { kind: 'signed'; awaiting: string[] }
  | { kind: 'conflict'; lost: Form }
  | { kind: 'sent-by-other'; lost: Form }
  | { kind: 'closed'; message: string }
  | { kind: 'problem'; message: string }

let nextKey = 1

function formOf(response: UnionResponse | null | undefined): Form {
  const points = response?.points.length ? response.points : ['']
  return {
    title: response?.title ?? '',
    body: response?.body ?? '',
    points: points.map((text) => ({ key: nextKey++, text })),
    failureToAgree: response?.failureToAgree ?? false,
    coSignatories: (response?.signatories ?? []).map((s) => s.unionName),
  }
}

/** The response that names this union: its own, or a joint one. */
function namingUnion(responses: UnionResponse[], union: string): UnionResponse | null {
  const same = (name: string) => name.toLowerCase() === union.toLowerCase()
  return responses.find((r) => same(r.unionName) || r.signatories.some((s) => same(s.unionName))) ?? null
}

/** "UNISON", "UNISON and GMB", "UNISON, GMB and Unite". */
function joinNames(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

function unionNames(response: UnionResponse): string {
  return joinNames(response.signatories.length ? response.signatories.map((s) => s.unionName) : [response.unionName])
}

/** Each union named on it: signed when, or awaited. */
function Signatures({ response }: { response: UnionResponse }) {
  if (response.signatories.length < 2) return null
  return (
    <>
      <h2 class="govuk-heading-m">Signatures</h2>
      <ul class="govuk-list govuk-list--spaced" aria-label="Signatures of the unions">
        {response.signatories.map((s) => (
          <li key={s.unionName}>
            <strong>{s.unionName}</strong>:{' '}
            {s.signed ? (
              <>
                <Tag colour="green">Signed</Tag> on {formatDateTime(s.signedAt)}
                {s.failureToAgree && <> · <Tag colour="red">Failure to agree</Tag></>}
              </>
            ) : (
              <Tag colour="yellow">Awaiting signature</Tag>
            )}
          </li>
        ))}
      </ul>
    </>
  )
}

/** The team responses the unions named on it endorsed. */
function Endorsed({ response, proposalId }: { response: UnionResponse; proposalId: string }) {
  if (response.endorsedTeamResponses.length === 0) return null
  return (
    <>
      <h3 class="govuk-heading-s">Team responses endorsed</h3>
      <ul class="govuk-list">
        {response.endorsedTeamResponses.map((t) => (
          <li key={`${t.id}-${t.unionName}`}>
            {t.unionName} supports <Link href={`/proposals/${proposalId}/team-responses#team-${t.id}`}>{t.title}</Link> ({t.teamName})
          </li>
        ))}
      </ul>
    </>
  )
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte')
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** The file type people recognise, from its content type. */
function fileKind(contentType: string): string {
  const kinds: Record<string, string> = {
    'application/pdf': 'PDF',
    'text/plain': 'Text',
    'image/png': 'PNG image',
    'image/jpeg': 'JPEG image',
  }
  const type = contentType.split(';')[0].trim()
  if (kinds[type]) return kinds[type]
  if (contentType.includes('wordprocessingml') || contentType.includes('msword')) return 'Word document'
  if (contentType.includes('spreadsheetml') || contentType.includes('ms-excel')) return 'Excel spreadsheet'
  if (contentType.includes('opendocument')) return 'OpenDocument file'
  return 'File'
}

export function UnionResponsePage({ params }: { params: Record<string, string> }) {
  const me = useMe()
  const { data, error, loading } = useQuery(UnionResponsePageDocument, { id: params.id })
  if (error) return <ProblemPage error={error} />
  if (loading && !data) return <Loading />
  if (!data) return null
  if (me.role !== 'UNION_REP') return <AllResponses proposal={data.proposal} staff={me.role === 'STAFF'} />
  const union = me.union ?? 'your union'
  const mine = namingUnion(data.proposal.unionResponses, union)
  return <RepResponse proposal={data.proposal} union={union} initial={mine} />
}

/** HR and the sponsor read every union's response (drafts included); they cannot write one. */
function AllResponses({ proposal, staff }: { proposal: Proposal; staff: boolean }) {
  return (
    <>
      <Link href={`/proposals/${proposal.id}`} class="govuk-back-link">Back to the proposal</Link>
      <PageHeading title="Union responses" caption={proposal.title}>Union responses</PageHeading>
      {staff ? (
        <p class="govuk-body">Collective responses are written by union representatives and read by HR and the manager leading the proposal.</p>
      ) : proposal.unionResponses.length === 0 ? (
        <p class="govuk-body">No union has written a response yet.</p>
      ) : (
        proposal.unionResponses.map((response) => (
          <section class="app-union-response" key={response.id} aria-labelledby={`union-${response.id}`}>
            <h2 class="govuk-heading-l" id={`union-${response.id}`}>{unionNames(response)}</h2>
            <p class="govuk-body">
              {response.submitted ? (
                <>
                  <Tag colour="green">Sent</Tag> on {formatDateTime(response.submittedAt)}
                </>
              ) : response.awaitingSignatures.length < response.signatories.length ? (
                <Tag colour="yellow">Awaiting the signature of {response.awaitingSignatures.join(' and ')}</Tag>
              ) : (
                <Tag colour="grey">Draft, not sent yet</Tag>
              )}
            </p>
            <ResponseView response={response} level={3} />
            <Endorsed response={response} proposalId={proposal.id} />
          </section>
        ))
      )}
    </>
  )
}

/** A response as sent (or as it will be sent), with its numbered points. */
function ResponseView({ response, level }: { response: UnionResponse; level: 2 | 3 }) {
  const H = level === 2 ? 'h2' : 'h3'
  const Sub = level === 2 ? 'h3' : 'h4'
  return (
    <>
      <H class="govuk-heading-m">{response.title}</H>
      {response.failureToAgree && (
        <p class="govuk-body">
          <Tag colour="red">Failure to agree</Tag>
          <span class="govuk-!-display-block govuk-!-margin-top-2">The union formally records that it does not agree with the proposal.</span>
        </p>
      )}
      <Paragraphs text={response.body} empty="No introduction." />
      <Sub class="govuk-heading-s">Numbered points</Sub>
      {response.points.length === 0 ? (
        <p class="govuk-body">No numbered points.</p>
      ) : (
        <ol class="govuk-list govuk-list--number govuk-list--spaced">
          {response.points.map((point, index) => (
            <li key={index} class="app-pre-wrap">{point}</li>
          ))}
        </ol>
      )}
      {response.attachments.length > 0 && (
        <>
          <Sub class="govuk-heading-s">Attachments</Sub>
          <AttachmentList attachments={response.attachments} />
        </>
      )}
    </>
  )
}

function AttachmentList({ attachments, onRemove, busy }: {
  attachments: Attachment[]
  onRemove?: (attachment: Attachment) => void
  busy?: boolean
}) {
  return (
    <ul class="govuk-list govuk-list--spaced">
      {attachments.map((attachment) => (
        <li key={attachment.id}>
          <a class="govuk-link" href={attachment.downloadPath} download={attachment.fileName}>
            {attachment.fileName}
          </a>{' '}
          <span class="govuk-hint govuk-!-display-inline">
            ({fileKind(attachment.contentType)}, {fileSize(attachment.sizeBytes)})
          </span>
          {onRemove && (
            <>
              {' '}
              <button
                type="button"
                class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-left-2"
                disabled={busy}
                onClick={() => onRemove(attachment)}
              >
                Remove<span class="govuk-visually-hidden"> {attachment.fileName}</span>
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  )
}

/** The API's messages give dates as 2026-12-14; people read 14 December 2026. */
function readableDates(message: string): string {
  return message.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (date) => formatDate(date))
}

/** Where the API's `field` points, as the id of the input on this page. */
function fieldId(field: string | undefined, pointIndexes: number[]): string {
  if (field === 'input.title') return 'response-title'
  if (field === 'input.body') return 'response-body'
  const point = field?.match(/^input\.points\[(\d+)\]$/)
  if (point) return `response-point-${(pointIndexes[Number(point[1])] ?? 0) + 1}`
  if (field?.startsWith('input.points')) return 'response-point-1'
  if (field === 'input.file') return 'response-file'
  return 'response-title'
}

/** Why responses can no longer be saved, when the consultation is over; else null. */
function closedMessage(proposal: Proposal): string | null {
  const end = proposal.timetable.consultationEnd
  if (proposal.status === 'WITHDRAWN') return 'This proposal has been withdrawn.'
  if (end && daysUntil(end) < 0) return `The consultation closed on ${formatDate(end)}.`
  if (['CONSULTATION_CLOSED', 'DECIDED', 'IMPLEMENTING', 'COMPLETED'].includes(proposal.status)) return 'The consultation has closed.'
  return null
}

function RepResponse({ proposal, union, initial }: { proposal: Proposal; union: string; initial: UnionResponse | null }) {
  const location = useLocation()
  const path = `/proposals/${proposal.id}/union-response`
  const [response, setResponse] = useState<UnionResponse | null>(initial)
  const [form, setForm] = useState<Form>(() => formOf(initial))
  const { errors, setErrors, busy, submit: send } = useForm()
  const [notice, setNotice] = useState<Notice | null>(null)
  const [announcement, setAnnouncement] = useState('')
  const setFocusId = useFocusRequest()
  const bannerRef = useRef<HTMLDivElement>(null)

  // Focus a field once it is on the page (a new point, or the one after a removed one).
  // A banner about what just happened takes focus, so it is seen and read out (as
  // govuk-frontend's own script does for success banners).
  useEffect(() => {
    const banner = bannerRef.current?.querySelector<HTMLElement>('.govuk-notification-banner')
    if (!notice || !banner) return
    banner.tabIndex = -1
    banner.focus()
    banner.addEventListener('blur', () => banner.removeAttribute('tabindex'), { once: true })
  }, [notice])

  const checking = location.query.get('step') === 'check' && response != null && !response.submitted
  const closed = closedMessage(proposal)

  const setPoint = (index: number, text: string) =>
    setForm((f) => ({ ...f, points: f.points.map((p, i) => (i === index ? { ...p, text } : p)) }))

  const addPoint = () => {
    const n = form.points.length + 1
    setForm((f) => ({ ...f, points: [...f.points, { key: nextKey++, text: '' }] }))
    setAnnouncement(`Point ${n} added.`)
    setFocusId(`response-point-${n}`)
  }

  const removePoint = (index: number) => {
    const remaining = form.points.length - 1
    setForm((f) => ({ ...f, points: f.points.filter((_, i) => i !== index) }))
    setErrors([])
    setAnnouncement(`Point ${index + 1} removed. The points after it have been renumbered.`)
    // The point that took its place, or the one before when the last was removed.
    setFocusId(`response-point-${Math.min(index, remaining - 1) + 1}`)
  }

  /** Saves the draft, or sends it; `then` says where to go after a draft is saved. */
  const save = async (submit: boolean, then: 'stay' | 'check', form: Form) => {
    // Blank points are dropped; remember where each kept one was, to place errors.
    const pointIndexes = form.points.flatMap((p, i) => (p.text.trim() ? [i] : []))
    const title = form.title.trim()
    const clientErrors: FieldError[] = []
    if (!title) clientErrors.push({ field: 'response-title', message: 'Enter a title for your response' })
    else if (title.length > TITLE_MAX) {
      clientErrors.push({ field: 'response-title', message: `The title must be ${TITLE_MAX} characters or fewer` })
    }
    if (clientErrors.length && checking) navigate(path, { replace: true })
    await send(
      clientErrors,
      async () => {
        const saved = (
          await request(UnionResponsePageSaveDocument, {
            input: {
              proposalId: proposal.id,
              title,
              body: form.body,
              points: pointIndexes.map((i) => form.points[i].text),
              failureToAgree: form.failureToAgree,
              coSignatories: form.coSignatories.filter((u) => u.toLowerCase() !== union.toLowerCase()),
              submit,
              // Optimistic concurrency: a fellow rep's save in between gets CONFLICT.
              expectedVersion: response?.version ?? 0,
            },
          })
        ).saveUnionResponse
        setResponse(saved)
        setForm(formOf(saved))
        if (submit && !saved.submitted) {
          setNotice({ kind: 'signed', awaiting: saved.awaitingSignatures })
          navigate(path, { replace: true })
        } else if (submit) {
          setNotice({ kind: 'sent' })
          navigate(path, { replace: true })
        } else if (then === 'check') {
          setNotice(null)
          navigate(`${path}?step=check`)
        } else {
          setNotice({ kind: 'saved' })
        }
      },
      // Every refusal is dealt with here: the page tells most of them in its banner.
      async (error) => {
        if (error.code === 'CONFLICT') {
          // Never overwrite a fellow rep's work: show theirs, keep ours to copy from.
          const lost = form
          try {
            const fresh = await request(UnionResponsePageDocument, { id: proposal.id })
            const theirs = namingUnion(fresh.proposal.unionResponses, union)
            setResponse(theirs)
            setForm(formOf(theirs))
            setNotice({ kind: theirs?.submitted ? 'sent-by-other' : 'conflict', lost })
          } catch {
            setNotice({ kind: 'problem', message: error.message })
          }
          if (checking) navigate(path, { replace: true })
        } else if (error.code === 'DEADLINE_PASSED') {
          setNotice({ kind: 'closed', message: readableDates(error.message) })
          if (checking) navigate(path, { replace: true })
        } else if (error.code === 'BAD_USER_INPUT') {
          const id = fieldId(error.field, pointIndexes)
          const point = id.match(/^response-point-(\d+)$/)
          const message = point ? error.message.replace(/^(The point|Write the point)/, (m) => (m.startsWith('Write') ? `Write point ${point[1]}` : `Point ${point[1]}`)) : error.message
          setErrors([{ field: id, message }])
          setNotice(null)
          if (checking) navigate(path, { replace: true })
        } else {
          setNotice({ kind: 'problem', message: error.message })
        }
        return true
      },
    )
  }

  const banner = notice && (
    <div ref={bannerRef}>
      <NoticeBanner notice={notice} proposalId={proposal.id} union={union} />
    </div>
  )

  if (response?.submitted) {
    return (
      <>
        <Link href={`/proposals/${proposal.id}`} class="govuk-back-link">Back to the proposal</Link>
        <PageHeading title="Your union's response" caption={proposal.title}>Your union's response</PageHeading>
        {banner}
        <p class="govuk-body">
          <Tag colour="green">Sent</Tag> {response.unionName} sent its response on {formatDateTime(response.submittedAt)}.
        </p>
        <p class="govuk-body">
          It can no longer be changed. Raise any further points as questions:{' '}
          <Link href={`/proposals/${proposal.id}/questions`}>your union's questions</Link>.
        </p>
        <ResponseView response={response} level={2} />
        <Signatures response={response} />
        <Endorsed response={response} proposalId={proposal.id} />
      </>
    )
  }

  if (response && response.signatories.some((s) => s.signed)) {
    return <SignResponse proposal={proposal} union={union} response={response} banner={banner} onSigned={(signed) => {
      setResponse(signed)
      setNotice(signed.submitted ? { kind: 'sent' } : { kind: 'signed', awaiting: signed.awaitingSignatures })
    }} onProblem={setNotice} />
  }

  const others = proposal.recognisedUnions.filter((u) => u.toLowerCase() !== union.toLowerCase())
  const joint = form.coSignatories.some((u) => u.toLowerCase() !== union.toLowerCase())

  if (checking && response) {
    return (
      <>
        <BackLink
          href={path}
          onClick={(event) => {
            event.preventDefault()
            navigate(path)
          }}
        />
        <PageHeading title="Check your response before sending" caption={`${union} · ${proposal.title}`}>
          Check your response before sending
        </PageHeading>
        {banner}
        <p class="govuk-body">This is the draft as saved. When you send it, each numbered point becomes a question in the question log for management to answer.</p>
        <div class="app-check-response">
          <ResponseView response={response} level={2} />
        </div>
        <p class="govuk-body">
          <Link href={path}>Change your response</Link>
        </p>
        <Signatures response={response} />
        <WarningText>
          {response.signatories.length > 1
            ? `When you sign it for ${union}, it can no longer be changed. It is sent to HR once ${joinNames(response.awaitingSignatures.filter((u) => u.toLowerCase() !== union.toLowerCase()))} sign it too.`
            : `After you send it, your union's response can no longer be changed by you or the other ${union} representatives.`}
        </WarningText>
        <div class="govuk-button-group">
          <Button disabled={busy} type="button" onClick={() => save(true, 'stay', formOf(response))}>
            {response.signatories.length > 1 ? `Sign for ${union}` : 'Send response'}
          </Button>
        </div>
      </>
    )
  }

  return (
    <>
      <Link href={`/proposals/${proposal.id}`} class="govuk-back-link">Back to the proposal</Link>
      <PageHeading title="Your union's response" caption={proposal.title}>Your union's response</PageHeading>
      {banner}
      <ErrorSummary errors={errors} />
      <p class="govuk-body">Write {union}'s collective response to the proposal: an introduction and the numbered points you want answered.</p>
      <InsetText>
        {joint
          ? `Drafts are shared with the representatives of every union that writes it: ${joinNames(form.coSignatories)}. Each union signs it; it is sent once all have.`
          : `Drafts are shared with the other ${union} representatives; any of you can send it.`}
      </InsetText>
      <p class="govuk-body">
        {response ? <Tag colour="yellow">Draft saved</Tag> : <Tag colour="grey">Not started</Tag>}
        {!closed && proposal.timetable.consultationEnd && (
          <span class="govuk-!-display-block govuk-!-margin-top-2">{responseWindow(proposal.status, proposal.timetable.consultationEnd)}</span>
        )}
      </p>
      {closed && (
        <WarningText>{closed} You can only save or send your response if HR has accepted a late response from you.</WarningText>
      )}

      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          save(false, 'stay', form)
        }}
      >
        <TextInput
          id="response-title"
          label="Title"
          hint={`For example, "${union} response to the ${proposal.title.charAt(0).toLowerCase()}${proposal.title.slice(1)}"`}
          value={form.title}
          error={errorFor(errors, 'response-title')}
          onInput={(title) => setForm((f) => ({ ...f, title }))}
        />
        <Textarea
          id="response-body"
          label="Introduction"
          hint="Your union's view of the proposal as a whole. Leave a blank line between paragraphs."
          rows={8}
          value={form.body}
          error={errorFor(errors, 'response-body')}
          onInput={(body) => setForm((f) => ({ ...f, body }))}
        />

        <fieldset class="govuk-fieldset govuk-!-margin-bottom-6" aria-describedby="response-points-hint">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
            <h2 class="govuk-fieldset__heading">Numbered points</h2>
          </legend>
          <div id="response-points-hint" class="govuk-hint">
            Write one point or question in each box. When you send the response, each point becomes a question in the question log
            that management must answer. Empty boxes are not saved.
          </div>
          <ol class="govuk-list app-points">
            {form.points.map((point, index) => (
              <li key={point.key} class="app-points__item">
                <Textarea
                  id={`response-point-${index + 1}`}
                  label={`Point ${index + 1}`}
                  rows={3}
                  value={point.text}
                  error={errorFor(errors, `response-point-${index + 1}`)}
                  onInput={(text) => setPoint(index, text)}
                />
                {form.points.length > 1 && (
                  <button
                    type="button"
                    class="govuk-button govuk-button--secondary govuk-!-margin-bottom-4"
                    onClick={() => removePoint(index)}
                  >
                    Remove point {index + 1}
                  </button>
                )}
              </li>
            ))}
          </ol>
          {form.points.length < MAX_POINTS && (
            <button type="button" class="govuk-button govuk-button--secondary" onClick={addPoint}>
              Add another point
            </button>
          )}
          <p class="govuk-visually-hidden" role="status">{announcement}</p>
        </fieldset>

        {others.length > 0 && (
          <ChoiceField
            id="response-co-signatories"
            label={<span class="govuk-!-font-size-24">Write it jointly with other unions</span>}
            hint="Choose the other recognised unions that make this response with yours. Their representatives can change the draft, and each union signs it before it is sent. A union can be named on only one response."
            multiple
            choices={others.map((u) => ({ value: u, label: u }))}
            values={form.coSignatories.filter((u) => u.toLowerCase() !== union.toLowerCase())}
            onChange={(values) => setForm((f) => ({ ...f, coSignatories: [union, ...values] }))}
          />
        )}

        <ChoiceField
          id="response-failure-to-agree"
          label={<span class="govuk-!-font-size-24">Failure to agree</span>}
          hint="Choose this if your union formally disagrees with the proposal. It is recorded against the consultation, flagged to HR and shown in the consultation outcome report."
          multiple
          choices={[{ value: 'yes', label: 'Record a formal failure to agree' }]}
          values={form.failureToAgree ? ['yes'] : []}
          onChange={(values) => setForm((f) => ({ ...f, failureToAgree: values.includes('yes') }))}
        />

        <Attachments
          response={response}
          onChange={(attachments) => response && setResponse({ ...response, attachments })}
          onProblem={setNotice}
        />

        <div class="govuk-button-group">
          <Button disabled={busy} type="button" onClick={() => save(false, 'check', form)}>Check and send</Button>
          <Button disabled={busy} secondary>Save draft</Button>
        </div>
      </form>

      <p class="govuk-body">
        <Link href={`/proposals/${proposal.id}/staff-feedback`}>What staff have said so far</Link>
      </p>
    </>
  )
}

function NoticeBanner({ notice, proposalId, union }: { notice: Notice; proposalId: string; union: string }) {
  switch (notice.kind) {
    case 'saved':
      return (
        <NotificationBanner success>
          <h3 class="govuk-notification-banner__heading">Draft saved</h3>
          <p class="govuk-body">The other {union} representatives can see it and carry on from here.</p>
        </NotificationBanner>
      )
    case 'sent':
      return (
        <NotificationBanner success>
          <h3 class="govuk-notification-banner__heading">Your union's response has been sent</h3>
          <p class="govuk-body">
            Each numbered point is now a question in the question log. Follow the answers in{' '}
            <Link class="govuk-notification-banner__link" href={`/proposals/${proposalId}/questions`}>your union's questions</Link>.
          </p>
        </NotificationBanner>
      )
    case 'signed':
      return (
        <NotificationBanner success>
          <h3 class="govuk-notification-banner__heading">You have signed the response for {union}</h3>
          <p class="govuk-body">It is sent to HR once {notice.awaiting.join(' and ')} sign it. Their representatives have been emailed.</p>
        </NotificationBanner>
      )
    case 'conflict':
    case 'sent-by-other':
      return (
        <NotificationBanner title="Important">
          <h3 class="govuk-notification-banner__heading">
            {notice.kind === 'conflict'
              ? 'Another representative of your union changed this response since you opened it'
              : 'Another representative of your union sent this response since you opened it'}
          </h3>
          <p class="govuk-body">
            {notice.kind === 'conflict'
              ? 'Your changes were not saved. Their version is shown below: make your changes to it again, then save.'
              : 'Your changes were not saved, and the response can no longer be changed. Raise any further points as questions.'}
          </p>
          <LostChanges form={notice.lost} />
        </NotificationBanner>
      )
    case 'closed':
      return (
        <NotificationBanner title="Important">
          <h3 class="govuk-notification-banner__heading">The consultation has closed</h3>
          <p class="govuk-body">{notice.message}</p>
          <p class="govuk-body">Your changes have not been saved. Keep a copy of your text and ask HR whether they will accept a late response.</p>
        </NotificationBanner>
      )
    case 'problem':
      return (
        <NotificationBanner title="Important">
          <h3 class="govuk-notification-banner__heading">Your response could not be saved</h3>
          <p class="govuk-body">{notice.message}</p>
        </NotificationBanner>
      )
  }
}

/** The text a rep had typed when a fellow rep's save won, so nothing is lost. */
function LostChanges({ form }: { form: Form }) {
  const points = form.points.map((p) => p.text.trim()).filter(Boolean)
  return (
    <Details summary="Show the changes you had made">
      <h4 class="govuk-heading-s">Title</h4>
      <p class="govuk-body app-pre-wrap">{form.title || 'None'}</p>
      <h4 class="govuk-heading-s">Introduction</h4>
      <p class="govuk-body app-pre-wrap">{form.body || 'None'}</p>
      <h4 class="govuk-heading-s">Numbered points</h4>
      {points.length ? (
        <ol class="govuk-list govuk-list--number">
          {points.map((point, index) => <li key={index} class="app-pre-wrap">{point}</li>)}
        </ol>
      ) : (
        <p class="govuk-body">None</p>
      )}
      <p class="govuk-body">Failure to agree: {form.failureToAgree ? 'recorded' : 'not recorded'}</p>
    </Details>
  )
}

/** A joint response some union has signed: its wording is fixed; the others sign it. */
function SignResponse({ proposal, union, response, banner, onSigned, onProblem }: {
  proposal: Proposal
  union: string
  response: UnionResponse
  banner: ComponentChildren
  onSigned: (response: UnionResponse) => void
  onProblem: (notice: Notice) => void
}) {
  const { busy, submit } = useForm()
  const [failure, setFailure] = useState(false)
  const mine = response.signatories.find((s) => s.unionName.toLowerCase() === union.toLowerCase())
  const sign = () =>
    submit(
      [],
      async () => {
        const signed = (
          await request(UnionResponsePageSignDocument, {
            input: { responseId: response.id, expectedVersion: response.version, failureToAgree: failure },
          })
        ).signUnionResponse
        onSigned(signed)
      },
      (error) => {
        onProblem(error.code === 'DEADLINE_PASSED' ? { kind: 'closed', message: readableDates(error.message) } : { kind: 'problem', message: error.message })
        return true
      },
    )
  return (
    <>
      <Link href={`/proposals/${proposal.id}`} class="govuk-back-link">Back to the proposal</Link>
      <PageHeading title="Your union's response" caption={proposal.title}>Joint response of {unionNames(response)}</PageHeading>
      {banner}
      <p class="govuk-body">
        <Tag colour="yellow">Awaiting signatures</Tag>{' '}
        It is sent to HR once {response.awaitingSignatures.join(' and ')} {response.awaitingSignatures.length > 1 ? 'have' : 'has'} signed it.
      </p>
      <Signatures response={response} />
      <ResponseView response={response} level={2} />
      <Endorsed response={response} proposalId={proposal.id} />
      {mine && !mine.signed ? (
        <>
          <h2 class="govuk-heading-m">Sign for {union}</h2>
          <p class="govuk-body">Its wording can no longer change. Sign it if {union} makes this response; each union records its own position on the proposal.</p>
          <ChoiceField
            id="sign-failure-to-agree"
            label={<span class="govuk-!-font-size-19">{union}'s position</span>}
            hint="Choose this if your union formally disagrees with the proposal."
            multiple
            choices={[{ value: 'yes', label: `${union} records a formal failure to agree` }]}
            values={failure ? ['yes'] : []}
            onChange={(values) => setFailure(values.includes('yes'))}
          />
          <Button disabled={busy} type="button" onClick={sign}>Sign for {union}</Button>
        </>
      ) : (
        <p class="govuk-body">{union} has signed it. Waiting for {response.awaitingSignatures.join(' and ')}.</p>
      )}
    </>
  )
}

/** A GraphQL multipart request (the spec the server follows) with one file. */
async function uploadAttachment(responseId: string, file: File): Promise<UnionResponsePageAttachMutation> {
  const body = new FormData()
  body.append(
    'operations',
    JSON.stringify({ query: UnionResponsePageAttachDocument.toString(), variables: { input: { responseId, file: null } } }),
  )
  body.append('map', JSON.stringify({ 0: ['variables.input.file'] }))
  body.append('0', file, file.name)
  let result: { data?: UnionResponsePageAttachMutation | null; errors?: { message: string; extensions?: { code?: string; field?: string } }[] }
  try {
    const response = await fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' }, body })
    result = await response.json()
  } catch {
    throw new ApiError('The file could not be sent. Check your connection and try again.', 'NETWORK')
  }
  const first = result.errors?.[0]
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first.extensions?.field)
  return result.data as UnionResponsePageAttachMutation
}

function Attachments({ response, onChange, onProblem }: {
  response: UnionResponse | null
  onChange: (attachments: Attachment[]) => void
  onProblem: (notice: Notice) => void
}) {
  const fileRef = useRef<HTMLInputElement>(null)
  // A form of its own beside the response's: its one field is the file.
  const { errors, setErrors, busy, submit } = useForm()
  const error = errorFor(errors, 'response-file')
  const [status, setStatus] = useState('')

  /** A closed consultation is told in the page's banner; any other refusal on the file field. */
  const fail = (error: ApiError) => {
    if (error.code === 'DEADLINE_PASSED') onProblem({ kind: 'closed', message: readableDates(error.message) })
    else setErrors([{ field: 'response-file', message: error.message }])
  }

  const upload = async () => {
    const file = fileRef.current?.files?.[0]
    if (!response) return
    if (!file) fileRef.current?.focus()
    await submit(
      file ? [] : [{ field: 'response-file', message: 'Choose a file to attach' }],
      async () => {
        if (!file) return
        const result = await uploadAttachment(response.id, file)
        onChange(result.addUnionResponseAttachment.attachments)
        setStatus(`${file.name} attached.`)
        if (fileRef.current) fileRef.current.value = ''
      },
      (error) => {
        fail(error)
        fileRef.current?.focus()
        return true
      },
    )
  }

  const remove = (attachment: Attachment) =>
    submit(
      [],
      async () => {
        const result = await request(UnionResponsePageRemoveAttachmentDocument, { input: { id: attachment.id } })
        onChange(result.removeUnionResponseAttachment.attachments)
        setStatus(`${attachment.fileName} removed.`)
        document.getElementById('response-attachments-heading')?.focus()
      },
      (error) => {
        fail(error)
        return true
      },
    )

  return (
    <div class="govuk-!-margin-bottom-6">
      <h2 class="govuk-heading-m" id="response-attachments-heading" tabIndex={-1}>Attachments</h2>
      {!response ? (
        <p class="govuk-body">You can attach files (such as members' comments) once you have saved a draft.</p>
      ) : (
        <>
          {response.attachments.length === 0 ? (
            <p class="govuk-body">No files attached.</p>
          ) : (
            <AttachmentList attachments={response.attachments} onRemove={remove} busy={busy} />
          )}
          <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
            <label class="govuk-label govuk-label--s" for="response-file">Attach a file</label>
            <div id="response-file-hint" class="govuk-hint">PDF, Word, Excel, OpenDocument, PNG, JPEG or plain text, up to 10 MiB (10,485,760 bytes).</div>
            {error && (
              <p id="response-file-error" class="govuk-error-message">
                <span class="govuk-visually-hidden">Error:</span> {error}
              </p>
            )}
            <input
              class={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`}
              id="response-file"
              name="response-file"
              type="file"
              ref={fileRef}
              aria-describedby={`response-file-hint${error ? ' response-file-error' : ''}`}
            />
            <div class="govuk-!-margin-top-3">
              <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" disabled={busy} onClick={upload}>
                Upload file
              </button>
            </div>
          </div>
          <p class="govuk-visually-hidden" role="status">{status}</p>
        </>
      )}
    </div>
  )
}
