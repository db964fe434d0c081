// One job description of a proposal: what changes between the current (first) and proposed
// (latest) version, duty by duty and word by word, the comments on each duty of the latest
// version and, while consultation is open, a form to comment on a duty.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { CommentCategory, JobDescriptionPageQuery, JobDescriptionDiffQuery } from '../../gql/graphql'
import {
  BackLink,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  Loading,
  NotificationBanner,
  PageHeading,
  ProblemPage,
  SummaryList,
  Tag,
  Textarea,
  errorFor,
} from '../../components/govuk'
import { Added, Removed } from '../../components/diff'
import { formatDate, plural } from '../../format'
import { Link } from '../../router'
import { useMe } from '../../session'
import { pageProblem } from '../../components/pageProblem'
import { GradingChallengeSection } from './GradingChallenges'

const JobDescriptionPageDocument = graphql(`
  query JobDescriptionPage($id: ID!) {
    proposal(id: $id) {
      id title status
      timetable { questionResponseWorkingDays }
      jobDescriptions {
        id title
        versions {
          id number label purpose proposedGrade staffResponsibilities
          duties { number text comments { id author { name } category text createdAt } }
          essentialCriteria desirableCriteria
        }
      }
    }
  }
`)

const JobDescriptionDiffDocument = graphql(`
  query JobDescriptionDiff($from: ID!, $to: ID!) {
    jobDescriptionDiff(from: $from, to: $to) {
      gradeBefore gradeAfter
      purpose { kind text }
      duties { kind fromNumber toNumber fromText toText words { kind text } }
      essentialCriteria { kind fromNumber toNumber fromText toText words { kind text } }
      desirableCriteria { kind fromNumber toNumber fromText toText words { kind text } }
    }
  }
`)

const CommentOnDutyDocument = graphql(`
  mutation CommentOnDuty($input: CommentOnDutyInput!) {
    commentOnDuty(input: $input) { id dutyNumber category text createdAt author { name } }
  }
`)

type JobDescription = JobDescriptionPageQuery['proposal']['jobDescriptions'][number]
type Version = JobDescription['versions'][number]
type Duty = Version['duties'][number]
type Diff = JobDescriptionDiffQuery['jobDescriptionDiff']
type Change = Diff['duties'][number]
type Segment = Diff['purpose'][number]

/** What a comment is about, in plain words (the schema's CommentCategory). */
export const categoryLabel: Record<CommentCategory, string> = {
  WORKLOAD: 'Workload',
  GRADING_CONCERN: 'The grade does not match the duty',
  TRAINING_NEED: 'Training I would need',
  NEW_DUTY: 'A new area of work',
  OTHER: 'Something else',
}

const categoryOrder: CommentCategory[] = ['WORKLOAD', 'GRADING_CONCERN', 'TRAINING_NEED', 'NEW_DUTY', 'OTHER']

/** How a duty or criterion changed (the diff's kind: UNCHANGED, CHANGED, NEW, REMOVED). */
const changeTag: Record<string, [string, string]> = {
  NEW: ['New', 'green'],
  ADDED: ['New', 'green'],
  REMOVED: ['Removed', 'red'],
  CHANGED: ['Changed', 'blue'],
  UNCHANGED: ['No change', 'grey'],
}

const dutyClass: Record<string, string> = {
  NEW: 'app-duty app-duty--added',
  ADDED: 'app-duty app-duty--added',
  REMOVED: 'app-duty app-duty--removed',
  CHANGED: 'app-duty app-duty--changed',
}

/**
 * Words added and removed, marked with <ins> and <del> (and said in words to screen readers),
 * so the difference does not rest on colour.
 */
export function Words({ segments }: { segments: Segment[] }) {
  return (
    <span class="app-diff-text">
      {segments.map((segment, index) => {
        const space = index > 0 ? ' ' : ''
        const kind = segment.kind.toUpperCase()
        if (kind === 'ADDED' || kind === 'NEW') {
          return (
            <span key={index}>
              {space}
              <Added>{segment.text}</Added>
            </span>
          )
        }
        if (kind === 'REMOVED') {
          return (
            <span key={index}>
              {space}
              <Removed>{segment.text}</Removed>
            </span>
          )
        }
        return <span key={index}>{space + segment.text}</span>
      })}
    </span>
  )
}

export function JobDescriptionPage({ params }: { params: Record<string, string> }) {
  const { data, error, reload } = useQuery(JobDescriptionPageDocument, { id: params.id })
  const [added, setAdded] = useState<{ dutyNumber: number } | null>(null)
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const proposal = data.proposal
  const jd = proposal.jobDescriptions.find((candidate) => candidate.id === params.jdId)
  if (!jd || jd.versions.length === 0) {
    return <ProblemPage error={new ApiError('There is no such job description in this proposal.', 'NOT_FOUND')} />
  }
  const first = jd.versions[0]
  const latest = jd.versions[jd.versions.length - 1]
  return (
    <>
      <BackLink href={`/proposals/${proposal.id}#job-descriptions`} />
      <JdBody
        proposal={proposal}
        jd={jd}
        first={first}
        latest={latest}
        added={added}
        onAdded={(dutyNumber) => {
          setAdded({ dutyNumber })
          reload()
        }}
      />
    </>
  )
}

function JdBody({ proposal, jd, first, latest, added, onAdded }: {
  proposal: JobDescriptionPageQuery['proposal']
  jd: JobDescription
  first: Version
  latest: Version
  added: { dutyNumber: number } | null
  onAdded: (dutyNumber: number) => void
}) {
  const me = useMe()
  const compare = first.id !== latest.id
  const diff = useQuery(JobDescriptionDiffDocument, { from: first.id, to: compare ? latest.id : first.id })
  // Not useForm: this page submits nothing; its summary shows what a duty's comment form reports.
  const [errors, setErrors] = useState<FieldError[]>([])
  const bannerRef = useRef<HTMLDivElement>(null)
  const canComment = proposal.status === 'CONSULTING'
  const days = proposal.timetable.questionResponseWorkingDays

  useEffect(() => {
    if (added && bannerRef.current) {
      const banner = bannerRef.current.querySelector<HTMLElement>('.govuk-notification-banner')
      banner?.setAttribute('tabindex', '-1')
      banner?.focus()
      banner?.scrollIntoView({ block: 'start' })
    }
  }, [added])

  const commentsByDuty = new Map<number, Duty>(latest.duties.map((duty) => [duty.number, duty]))
  const gradeBefore = compare ? (diff.data?.jobDescriptionDiff.gradeBefore ?? first.proposedGrade) : null
  const gradeAfter = latest.proposedGrade
  const title = `${jd.title}: job description`

  return (
    <>
      <ErrorSummary errors={errors} />
      <div ref={bannerRef}>
        {added && errors.length === 0 && (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">Your comment was added to duty {added.dutyNumber}</p>
            <p class="govuk-body">
              It has gone to the consultation’s question log, and a manager will answer it
              {days > 0 ? ` within ${plural(days, 'working day')}` : ''}. You can follow it on{' '}
              <Link href={`/proposals/${proposal.id}/questions`} class="govuk-notification-banner__link">
                your questions page
              </Link>
              .{' '}
              <a class="govuk-notification-banner__link" href={`#duty-${added.dutyNumber}`}>
                Go back to duty {added.dutyNumber}
              </a>
            </p>
          </NotificationBanner>
        )}
      </div>
      <PageHeading title={title} caption={proposal.title}>
        {title}
      </PageHeading>
      <SummaryList
        rows={[
          {
            key: 'Grade',
            value: !compare
              ? gradeAfter ?? 'Not given'
              : gradeBefore === gradeAfter
                ? `${gradeAfter ?? 'Not given'} (no change)`
                : `${gradeAfter ?? 'not given'}, now ${gradeBefore ?? 'not given'}`,
          },
          {
            key: 'Versions',
            value: compare
              ? `This page compares the ${first.label.toLowerCase()} version (${first.number}) ` +
                `with the ${latest.label.toLowerCase()} version (${latest.number}).`
              : `There is one version: ${latest.label.toLowerCase()}.`,
          },
          { key: 'Duties', value: `${plural(latest.duties.length, 'duty', 'duties')}` },
        ]}
      />
      {compare && (
        <p class="govuk-body">
          Words that are new are <ins class="app-diff__added">underlined on green</ins>; words taken out are{' '}
          <del class="app-diff__removed">struck through on red</del>.
        </p>
      )}
      {canComment && (
        <p class="govuk-body">
          You can comment on any duty of the {latest.label.toLowerCase()} version: for example if it adds to your workload,
          you would need training for it, or you think the grade does not match it.
        </p>
      )}

      <h2 class="govuk-heading-l">Purpose of the job</h2>
      {compare && diff.data ? (
        <p class="govuk-body">
          <Words segments={diff.data.jobDescriptionDiff.purpose} />
        </p>
      ) : (
        <p class="govuk-body app-pre-wrap">{latest.purpose || 'Not given.'}</p>
      )}
      {latest.staffResponsibilities && (
        <>
          <h3 class="govuk-heading-s govuk-!-margin-bottom-1">Staff responsibilities</h3>
          <p class="govuk-body app-pre-wrap">{latest.staffResponsibilities}</p>
        </>
      )}

      <h2 class="govuk-heading-l">Duties</h2>
      {compare && diff.error && (
        <p class="govuk-body">The changes could not be loaded ({diff.error.message}). The duties of the latest version follow.</p>
      )}
      {compare && diff.loading && !diff.data && <Loading />}
      {compare && diff.data
        ? diff.data.jobDescriptionDiff.duties.map((change, index) => (
            <DutyBlock
              key={`${change.kind}-${change.fromNumber}-${change.toNumber}-${index}`}
              change={change}
              duty={change.toNumber != null ? commentsByDuty.get(change.toNumber) : undefined}
              version={latest}
              canComment={canComment}
              staff={me.role === 'STAFF'}
              onErrors={setErrors}
              onAdded={onAdded}
            />
          ))
        : (!compare || diff.error) &&
          latest.duties.map((duty) => (
            <DutyBlock
              key={duty.number}
              duty={duty}
              version={latest}
              canComment={canComment}
              staff={me.role === 'STAFF'}
              onErrors={setErrors}
              onAdded={onAdded}
            />
          ))}

      <h2 class="govuk-heading-l">Person specification</h2>
      <Criteria
        heading="Essential criteria"
        changes={compare ? diff.data?.jobDescriptionDiff.essentialCriteria : undefined}
        items={latest.essentialCriteria}
      />
      <Criteria
        heading="Desirable criteria"
        changes={compare ? diff.data?.jobDescriptionDiff.desirableCriteria : undefined}
        items={latest.desirableCriteria}
      />

      {compare && (
        <>
          <h2 class="govuk-heading-l">The {first.label.toLowerCase()} version in full</h2>
          <details class="govuk-details">
            <summary class="govuk-details__summary">
              <span class="govuk-details__summary-text">
                Read the {first.label.toLowerCase()} job description (version {first.number})
              </span>
            </summary>
            <div class="govuk-details__text">
              <FullVersion version={first} />
            </div>
          </details>
        </>
      )}
      {compare && (
        <GradingChallengeSection
          proposalId={proposal.id}
          jdId={jd.id}
          isHr={me.role === 'HR_ADMIN'}
          changes={diff.data?.jobDescriptionDiff.duties}
        />
      )}
      <p class="govuk-body">
        <Link href={`/proposals/${proposal.id}#job-descriptions`}>Back to the proposal’s job descriptions</Link>
      </p>
    </>
  )
}

/** A version of a job description in full (the staff page and HR's editor). */
export function FullVersion({ version }: {
  version: {
    proposedGrade?: string | null
    purpose: string
    duties: { number: number; text: string }[]
    essentialCriteria: string[]
    desirableCriteria: string[]
    /** Shown when the page asked for it. */
    staffResponsibilities?: string
  }
}) {
  const list = (items: string[]) =>
    items.length ? (
      <ul class="govuk-list govuk-list--bullet">{items.map((item, i) => <li key={i}>{item}</li>)}</ul>
    ) : (
      <p class="govuk-body">None.</p>
    )
  return (
    <>
      <h3 class="govuk-heading-s govuk-!-margin-bottom-1">Grade</h3>
      <p class="govuk-body">{version.proposedGrade ?? 'Not given'}</p>
      <h3 class="govuk-heading-s govuk-!-margin-bottom-1">Purpose</h3>
      <p class="govuk-body app-pre-wrap">{version.purpose || 'Not given.'}</p>
      <h3 class="govuk-heading-s govuk-!-margin-bottom-1">Duties</h3>
      <ol class="govuk-list govuk-list--number">
        {version.duties.map((duty) => (
          <li key={duty.number} value={duty.number}>{duty.text}</li>
        ))}
      </ol>
      <h3 class="govuk-heading-s govuk-!-margin-bottom-1">Essential criteria</h3>
      {list(version.essentialCriteria)}
      <h3 class="govuk-heading-s govuk-!-margin-bottom-1">Desirable criteria</h3>
      {list(version.desirableCriteria)}
      {version.staffResponsibilities !== undefined && (
        <>
          <h3 class="govuk-heading-s govuk-!-margin-bottom-1">Staff responsibilities</h3>
          <p class="govuk-body app-pre-wrap">{version.staffResponsibilities || 'None.'}</p>
        </>
      )}
    </>
  )
}

function Criteria({ heading, changes, items }: { heading: string; changes?: Change[]; items: string[] }) {
  if (!changes && items.length === 0) return null
  return (
    <>
      <h3 class="govuk-heading-m">{heading}</h3>
      {changes ? (
        changes.length === 0 ? (
          <p class="govuk-body">None.</p>
        ) : (
          <ul class="govuk-list govuk-list--bullet">
            {changes.map((change, index) => {
              const kind = change.kind.toUpperCase()
              return (
                <li key={index}>
                  {kind === 'NEW' || kind === 'ADDED' ? (
                    <Added>{change.toText}</Added>
                  ) : kind === 'REMOVED' ? (
                    <Removed>{change.fromText}</Removed>
                  ) : kind === 'CHANGED' && change.words.length > 0 ? (
                    <Words segments={change.words} />
                  ) : (
                    change.toText ?? change.fromText
                  )}
                  {kind !== 'UNCHANGED' && (
                    <>
                      {' '}
                      <Tag colour={changeTag[kind]?.[1]}>{changeTag[kind]?.[0] ?? kind}</Tag>
                    </>
                  )}
                </li>
              )
            })}
          </ul>
        )
      ) : (
        <ul class="govuk-list govuk-list--bullet">
          {items.map((item, index) => <li key={index}>{item}</li>)}
        </ul>
      )}
    </>
  )
}

/** One duty: how it changed, its comments and (while consultation is open) a form to comment. */
function DutyBlock({ change, duty, version, canComment, staff, onErrors, onAdded }: {
  change?: Change
  duty?: Duty
  version: Version
  canComment: boolean
  staff: boolean
  onErrors: (errors: FieldError[]) => void
  onAdded: (dutyNumber: number) => void
}) {
  const kind = change?.kind.toUpperCase() ?? 'UNCHANGED'
  const number = change ? change.toNumber : duty?.number
  const [tagText, tagColour] = changeTag[kind] ?? [kind, 'grey']
  let heading: string
  if (number != null) heading = `Duty ${number}`
  else heading = `Former duty ${change?.fromNumber ?? ''}`
  let text: ComponentChildren
  if (!change) text = duty?.text
  else if (kind === 'REMOVED') text = <Removed>{change.fromText}</Removed>
  else if (kind === 'NEW' || kind === 'ADDED') text = <Added>{change.toText}</Added>
  else if (kind === 'CHANGED' && change.words.length > 0) text = <Words segments={change.words} />
  else text = change.toText ?? duty?.text
  const moved =
    change && change.fromNumber != null && change.toNumber != null && change.fromNumber !== change.toNumber
      ? ` (was duty ${change.fromNumber})`
      : ''
  const comments = duty?.comments ?? []
  return (
    <div class={dutyClass[kind] ?? 'app-duty'} id={number != null ? `duty-${number}` : undefined}>
      <h3 class="govuk-heading-s govuk-!-margin-bottom-2">
        {heading}
        {moved}
        {change && (
          <>
            {' '}
            <Tag colour={tagColour}>{tagText}</Tag>
          </>
        )}
      </h3>
      <p class="govuk-body">{text}</p>
      {comments.length > 0 && (
        <>
          <h4 class="govuk-heading-s govuk-!-margin-bottom-2">
            {staff ? 'Your comments' : 'Comments'} on duty {number} ({comments.length})
          </h4>
          <ul class="govuk-list">
            {comments.map((comment) => (
              <li class="app-comment" key={comment.id}>
                <p class="govuk-body-s govuk-!-margin-bottom-1">
                  <strong>{categoryLabel[comment.category]}</strong>
                  {comment.author?.name ? ` — ${comment.author.name}` : ''}, {formatDate(comment.createdAt)}
                </p>
                <p class="govuk-body govuk-!-margin-bottom-1 app-pre-wrap">{comment.text}</p>
              </li>
            ))}
          </ul>
        </>
      )}
      {canComment && number != null && (
        <CommentForm versionId={version.id} dutyNumber={number} onErrors={onErrors} onAdded={onAdded} />
      )}
    </div>
  )
}

function CommentForm({ versionId, dutyNumber, onErrors, onAdded }: {
  versionId: string
  dutyNumber: number
  onErrors: (errors: FieldError[]) => void
  onAdded: (dutyNumber: number) => void
}) {
  const [category, setCategory] = useState<string[]>([])
  const [text, setText] = useState('')
  // Not useForm: each change to these errors is also reported to the page's summary (show).
  const [errors, setErrors] = useState<FieldError[]>([])
  // A ref, not state: a double click sends two submits before the page re-renders.
  const sending = useRef(false)
  const [busy, setBusy] = useState(false)
  const [open, setOpen] = useState(false)
  const id = `duty-${dutyNumber}-comment`
  const show = (next: FieldError[]) => {
    setErrors(next)
    onErrors(next)
  }
  const submit = async (event: Event) => {
    event.preventDefault()
    if (sending.current) return
    const found: FieldError[] = []
    if (category.length === 0) found.push({ field: `${id}-category`, message: `Select what your comment on duty ${dutyNumber} is about` })
    if (!text.trim()) found.push({ field: `${id}-text`, message: `Enter your comment on duty ${dutyNumber}` })
    if (found.length > 0) return show(found)
    sending.current = true
    setBusy(true)
    try {
      await request(CommentOnDutyDocument, {
        input: { versionId, dutyNumber, category: category[0] as CommentCategory, text: text.trim() },
      })
      setCategory([])
      setText('')
      setOpen(false)
      show([])
      onAdded(dutyNumber)
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(String(error), 'INTERNAL_SERVER_ERROR')
      const field = apiError.field === 'category' ? `${id}-category` : `${id}-text`
      show([{ field, message: apiError.message }])
    } finally {
      sending.current = false
      setBusy(false)
    }
  }
  return (
    <details
      class="govuk-details govuk-!-margin-bottom-2"
      open={open}
      onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}
    >
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">Comment on duty {dutyNumber}</span>
      </summary>
      <div class="govuk-details__text">
        <form onSubmit={submit} noValidate>
          <ChoiceField
            id={`${id}-category`}
            label={`What is your comment on duty ${dutyNumber} about?`}
            choices={categoryOrder.map((value) => ({ value, label: categoryLabel[value] }))}
            values={category}
            onChange={setCategory}
            error={errorFor(errors, `${id}-category`)}
          />
          <Textarea
            id={`${id}-text`}
            label={`Your comment on duty ${dutyNumber}`}
            hint="Managers read every comment. It goes to the question log and gets a written answer."
            value={text}
            onInput={setText}
            rows={4}
            error={errorFor(errors, `${id}-text`)}
          />
          {/* Not the shared Button: its double-click guard would swallow a quick second try after an error. */}
          <button type="submit" class="govuk-button" aria-disabled={busy ? 'true' : undefined}>
            Send comment on duty {dutyNumber}
          </button>
        </form>
      </div>
    </details>
  )
}
