// Offers of suitable alternative employment and the trial period, on HR's case page (issue 16;
// ERA 1996 s138, s141): the offers made, each with its answer, HR's s141 judgement on a refusal
// and its trial period; and HR's steps, each its own small page (`?view=…&offer=…`) as the
// case page's other steps are. The rules (who may, when, the four weeks) are the server's: a
// refusal comes back as an error against the field it concerns.
import { useState } from 'preact/hooks'
import { request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { CasePageQuery, CaseOffersQuery, CaseState, OfferStatus, TrialEndedBy } from '../../gql/graphql'
import {
  Button,
  ChoiceField,
  ErrorSummary,
  type FieldError,
  InsetText,
  Loading,
  PageHeading,
  ProblemPage,
  Select,
  SummaryList,
  Tag,
  TextInput,
  Textarea,
  WarningText,
  errorFor,
} from '../../components/govuk'
import { DateInput, checkDate } from '../../components/DateInput'
import { formatDate, formatDateTime, londonToday } from '../../format'
import { type Form, useForm } from '../../form'
import { Link } from '../../router'
import { StepProblem } from './individualKit'

const CaseOffersDocument = graphql(`
  query CaseOffers($employeeId: ID!) {
    case(employeeId: $employeeId) {
      id
      offers {
        id version status answerBy madeAt answeredAt declinedReason
        post { postId title grade place weeklyPay }
        s141Judgement { offerSuitable refusalUnreasonable removesRedundancyPay reasons decidedAt }
        trial { start end statutoryEnd extendedTo oldJobEnds endedOn endedBy endReason }
      }
    }
  }
`)
const MakeOfferDocument = graphql(`
  mutation CaseOffersMake($input: MakeOfferInput!) { makeOffer(input: $input) { id status } }
`)
const JudgementDocument = graphql(`
  mutation CaseOffersJudgement($input: RecordRefusalJudgementInput!) { recordRefusalJudgement(input: $input) { id version } }
`)
const StartTrialDocument = graphql(`
  mutation CaseOffersStartTrial($input: StartTrialPeriodInput!) { startTrialPeriod(input: $input) { id status } }
`)
const ExtendTrialDocument = graphql(`
  mutation CaseOffersExtendTrial($input: ExtendTrialPeriodInput!) { extendTrialPeriod(input: $input) { id version } }
`)
const ConfirmTrialDocument = graphql(`
  mutation CaseOffersConfirmTrial($input: ConfirmTrialPeriodInput!) { confirmTrialPeriod(input: $input) { id status } }
`)
const EndTrialDocument = graphql(`
  mutation CaseOffersEndTrial($input: EndTrialPeriodInput!) { endTrialPeriod(input: $input) { id status } }
`)

type Proposal = CasePageQuery['proposal']
type Case = CasePageQuery['case']
type Offer = CaseOffersQuery['case']['offers'][number]

/** The case states from which HR may make an offer (the server's rule, to show the link). */
const OFFERABLE: CaseState[] = ['AT_RISK', 'IN_SELECTION_POOL', 'REDEPLOYMENT', 'DECLINED', 'TRIAL_ENDED', 'NOTICE_GIVEN']

const statusLabel: Record<OfferStatus, { label: string; colour: string }> = {
  OFFERED: { label: 'Waiting for their answer', colour: 'light-blue' },
  ACCEPTED: { label: 'Accepted', colour: 'green' },
  DECLINED: { label: 'Declined', colour: 'orange' },
  IN_TRIAL: { label: 'In its trial period', colour: 'turquoise' },
  CONFIRMED: { label: 'Confirmed', colour: 'green' },
  TRIAL_ENDED: { label: 'Trial period ended', colour: 'grey' },
}

const endedByLabel: Record<TrialEndedBy, string> = {
  EMPLOYEE: 'The employee',
  EMPLOYER: 'The council',
}

/** The steps of this file, as `?view=` values, and what the case page says once each is done. */
const views = ['offer', 'offer-judgement', 'trial-start', 'trial-extend', 'trial-confirm', 'trial-end'] as const
type OfferView = (typeof views)[number]

export function isOfferView(view: string): view is OfferView {
  return (views as readonly string[]).includes(view)
}

export const offerDoneMessages: Record<string, string> = {
  'offer-made': 'The offer has been made and they have been emailed to answer it.',
  judgement: 'Your judgement on their refusal has been recorded.',
  'trial-started': 'The trial period has started.',
  'trial-extended': 'The trial period has been extended for retraining.',
  'trial-confirmed': 'They are confirmed in the new post.',
  'trial-ended': 'The trial period has been ended.',
}

const pay = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' })

/** "£612.50 a week", or nothing when no pay was given. */
function weeklyPay(amount: string | null | undefined): string | null {
  return amount == null ? null : `${pay.format(Number(amount))} a week`
}

/** "SEN Caseworker, Grade 9, Town Hall". */
function postLine(post: Offer['post']): string {
  return [post.title, post.grade, post.place].filter(Boolean).join(', ')
}

/** A refusal HR may judge under s141: a declined offer, or a trial the employee ended. */
function judgeable(offer: Offer): boolean {
  return offer.status === 'DECLINED' || (offer.status === 'TRIAL_ENDED' && offer.trial?.endedBy === 'EMPLOYEE')
}

/** The section of the case page's overview: every offer and what HR may do with it. */
export function CaseOffers({ proposal, item }: { proposal: Proposal; item: Case }) {
  const { data, error } = useQuery(CaseOffersDocument, { employeeId: item.employee.id })
  const base = `/proposals/${proposal.id}/cases/${item.employee.id}`
  return (
    <section aria-labelledby="offers-heading">
      <h2 class="govuk-heading-m" id="offers-heading">Offers and trial period</h2>
      {error ? (
        <p class="govuk-body">The offers could not be loaded: {error.message}</p>
      ) : !data ? (
        <Loading />
      ) : data.case.offers.length === 0 ? (
        <p class="govuk-body">No offer has been made.</p>
      ) : (
        data.case.offers.map((offer, index) => <OfferCard key={offer.id} offer={offer} number={index + 1} base={base} />)
      )}
      {OFFERABLE.includes(item.state) && (
        <p class="govuk-body">
          <Link href={`${base}?view=offer`}>Offer them a post</Link>
        </p>
      )}
    </section>
  )
}

function OfferCard({ offer, number, base }: { offer: Offer; number: number; base: string }) {
  const status = statusLabel[offer.status]
  const trial = offer.trial
  const step = (view: OfferView, label: string) => ({ href: `${base}?view=${view}&offer=${offer.id}`, label })
  const actions = [
    ...(offer.status === 'ACCEPTED' ? [step('trial-start', 'Start the trial period')] : []),
    ...(offer.status === 'IN_TRIAL'
      ? [step('trial-confirm', 'Confirm them in the post'), step('trial-extend', 'Extend it for retraining'), step('trial-end', 'End the trial period')]
      : []),
    ...(judgeable(offer) ? [step('offer-judgement', offer.s141Judgement ? 'Change the s141 judgement' : 'Record the s141 judgement')] : []),
  ]
  const judgement = offer.s141Judgement
  const rows = [
    { key: 'Post', value: postLine(offer.post) },
    { key: 'Where it comes from', value: offer.post.postId ? 'The new structure' : 'A vacancy outside the new structure' },
    { key: 'Weekly pay', value: weeklyPay(offer.post.weeklyPay) ?? 'Not given' },
    { key: 'Status', value: <Tag colour={status.colour}>{status.label}</Tag> },
    { key: 'Made', value: formatDateTime(offer.madeAt) },
    { key: 'Answer by', value: formatDate(offer.answerBy, true) },
    {
      key: 'Their answer',
      value: !offer.answeredAt
        ? 'Not answered yet'
        : `${offer.status === 'DECLINED' ? 'Declined' : 'Accepted'} on ${formatDateTime(offer.answeredAt)}`,
    },
    ...(offer.declinedReason ? [{ key: 'Their reason', value: <span class="app-pre-wrap">{offer.declinedReason}</span> }] : []),
    ...(judgement
      ? [
          {
            key: 's141 judgement',
            value: (
              <>
                <p class="govuk-body">
                  {judgement.offerSuitable ? 'Suitable' : 'Not suitable'};{' '}
                  {judgement.refusalUnreasonable ? 'refusal unreasonable' : 'refusal reasonable'}.{' '}
                  {judgement.removesRedundancyPay ? 'They lose their redundancy payment.' : 'They keep their redundancy payment.'}
                </p>
                <p class="govuk-body app-pre-wrap">{judgement.reasons}</p>
                <p class="govuk-hint govuk-!-margin-bottom-0">Recorded {formatDateTime(judgement.decidedAt)}</p>
              </>
            ),
          },
        ]
      : []),
    ...(trial
      ? [
          { key: 'Trial period', value: `${formatDate(trial.start)} to ${formatDate(trial.end)}` },
          {
            key: 'Why it ends then',
            value: trial.extendedTo
              ? `Extended for retraining by written agreement (ERA 1996 s138(6)); the four weeks would have ended on ${formatDate(trial.statutoryEnd)}.`
              : 'Four weeks beginning with the first day in the new post (ERA 1996 s138(3)).',
          },
          { key: 'Old job ended', value: formatDate(trial.oldJobEnds) },
          ...(trial.endedOn
            ? [
                {
                  key: 'Ended',
                  value: `On ${formatDate(trial.endedOn)}, by ${(trial.endedBy ? endedByLabel[trial.endedBy] : 'someone').toLowerCase()}`,
                },
                { key: 'Why it ended', value: <span class="app-pre-wrap">{trial.endReason}</span> },
              ]
            : []),
        ]
      : []),
  ]
  return (
    <div class="govuk-summary-card">
      <div class="govuk-summary-card__title-wrapper">
        <h3 class="govuk-summary-card__title">
          Offer {number}: {offer.post.title}
        </h3>
        {actions.length > 0 && (
          <ul class="govuk-summary-card__actions">
            {actions.map((a) => (
              <li class="govuk-summary-card__action" key={a.href}>
                <Link href={a.href}>
                  {a.label}
                  <span class="govuk-visually-hidden"> (offer {number})</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div class="govuk-summary-card__content">
        <SummaryList rows={rows} />
      </div>
    </div>
  )
}

interface StepProps {
  view: OfferView
  offerId: string | null
  proposal: Proposal
  item: Case
  onDone: (what: string) => void
}

/** One of HR's steps on an offer, as its own page. */
export function OfferStep(props: StepProps) {
  if (props.view === 'offer') return <MakeOfferForm {...props} />
  return <OfferStepWithOffer {...props} />
}

function OfferStepWithOffer({ view, offerId, item, onDone }: StepProps) {
  const { data, error } = useQuery(CaseOffersDocument, { employeeId: item.employee.id })
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  const offer = data.case.offers.find((o) => o.id === offerId)
  if (!offer) {
    return (
      <>
        <Back item={item} />
        <PageHeading title="Offer not found">Offer not found</PageHeading>
        <p class="govuk-body">This offer is not one of {item.employee.name}'s. Go back to their case and choose it again.</p>
      </>
    )
  }
  const props = { item, offer, onDone }
  if (view === 'offer-judgement') return <JudgementForm {...props} />
  if (view === 'trial-start') return <StartTrialForm {...props} />
  if (view === 'trial-extend') return <ExtendTrialForm {...props} />
  if (view === 'trial-confirm') return <ConfirmTrialForm {...props} />
  return <EndTrialForm {...props} />
}

function Back({ item }: { item: Case }) {
  return (
    <Link href={`/proposals/${item.proposalId}/cases/${item.employee.id}`} class="govuk-back-link">
      Back to {item.employee.name}'s case
    </Link>
  )
}

function StepForm({ item, title, problem, errors, children, onSubmit, busy, submit, warning }: {
  item: Case
  title: string
  problem: Form['problem']
  errors: FieldError[]
  children?: preact.ComponentChildren
  onSubmit: () => void
  busy: boolean
  submit: string
  warning?: boolean
}) {
  return (
    <>
      <Back item={item} />
      {problem && <StepProblem error={problem} />}
      <ErrorSummary errors={errors} />
      <PageHeading title={`${title}: ${item.employee.name}`} caption={item.employee.name}>
        {title}
      </PageHeading>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          onSubmit()
        }}
      >
        {children}
        <div class="govuk-button-group">
          <Button disabled={busy} warning={warning}>{submit}</Button>
          <Link href={`/proposals/${item.proposalId}/cases/${item.employee.id}`}>Cancel</Link>
        </div>
      </form>
    </>
  )
}

/** Pounds typed as "612.50", "£612.50" or "1,200": the API's form, or null when not one. */
function poundsOf(value: string): string | null {
  const plain = value.trim().replace(/^£/, '').replace(/,/g, '')
  return /^\d+(\.\d{1,2})?$/.test(plain) && Number(plain) > 0 ? plain : null
}

function MakeOfferForm({ proposal, item, onDone }: StepProps) {
  const posts = proposal.posts.nodes.filter((p) => p.proposed)
  const [kind, setKind] = useState<'' | 'post' | 'vacancy'>('')
  const [post, setPost] = useState('')
  const [title, setTitle] = useState('')
  const [grade, setGrade] = useState('')
  const [place, setPlace] = useState('')
  const [weekly, setWeekly] = useState('')
  const [answerBy, setAnswerBy] = useState('')
  const save = useForm({
    'input.postId': kind === 'vacancy' ? 'kind' : 'post',
    'input.answerBy': 'answerBy',
    'input.vacancy.title': 'title',
    'input.vacancy.grade': 'grade',
    'input.vacancy.place': 'place',
    'input.vacancy.weeklyPay': 'weekly',
  })
  const submit = () => {
    const found: FieldError[] = []
    if (!kind) found.push({ field: 'kind', message: 'Choose whether you offer a post of the new structure or another vacancy' })
    if (kind === 'post' && !post) found.push({ field: 'post', message: 'Choose the post you offer' })
    if (kind === 'vacancy') {
      if (!title.trim()) found.push({ field: 'title', message: "Enter the vacancy's title" })
      if (weekly.trim() && !poundsOf(weekly)) found.push({ field: 'weekly', message: 'Enter the weekly pay in pounds, for example 612.50' })
    }
    checkDate(found, 'answerBy', answerBy, 'The day they should answer by', 'Enter the day they should answer by')
    save.submit(found, async () => {
      await request(MakeOfferDocument, {
        input: {
          employeeId: item.employee.id,
          expectedVersion: item.version,
          answerBy,
          postId: kind === 'post' ? post : null,
          vacancy:
            kind === 'vacancy'
              ? { title: title.trim(), grade: grade.trim() || null, place: place.trim() || null, weeklyPay: weekly.trim() ? poundsOf(weekly) : null }
              : null,
        },
      })
      onDone('offer-made')
    })
  }
  return (
    <StepForm item={item} title="Offer them a post" submit="Make the offer" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">
        Offer {item.employee.name} suitable alternative employment: a post of the new structure, or a vacancy elsewhere in the council. They are
        emailed, and accept or decline it with a reason on their "Your situation" page.
      </p>
      <InsetText>
        If they accept a post that differs from their old one, they work a trial period of four weeks in it (Employment Rights Act 1996, section
        138). If they unreasonably refuse a suitable offer, they may lose their redundancy payment (section 141): you record that judgement yourself
        afterwards, with reasons.
      </InsetText>
      <ChoiceField
        id="kind"
        label="What are you offering?"
        choices={[
          { value: 'post', label: 'A post in the new structure' },
          { value: 'vacancy', label: 'A vacancy outside the new structure' },
        ]}
        values={kind ? [kind] : []}
        onChange={(v) => setKind((v[0] ?? '') as 'post' | 'vacancy')}
        error={errorFor(save.errors, 'kind')}
      />
      {kind === 'post' && (
        <Select
          id="post"
          label="Which post?"
          value={post}
          onChange={setPost}
          error={errorFor(save.errors, 'post')}
          options={[{ value: '', label: 'Choose a post' }, ...posts.map((p) => ({ value: p.id, label: p.proposed?.grade ? `${p.title} (${p.proposed.grade})` : p.title }))]}
        />
      )}
      {kind === 'vacancy' && (
        <>
          <TextInput id="title" label="Title of the vacancy" value={title} onInput={setTitle} error={errorFor(save.errors, 'title')} />
          <TextInput id="grade" width="10" label="Grade (optional)" value={grade} onInput={setGrade} error={errorFor(save.errors, 'grade')} />
          <TextInput id="place" label="Place of work (optional)" value={place} onInput={setPlace} error={errorFor(save.errors, 'place')} />
          <TextInput
            id="weekly"
            width="5"
            label="Weekly pay, in pounds (optional)"
            hint="For example, 612.50. Only HR and the employee see it."
            value={weekly}
            onInput={setWeekly}
            error={errorFor(save.errors, 'weekly')}
          />
        </>
      )}
      <DateInput
        id="answerBy"
        label="Answer by"
        hint="Today or later. Give them time to consider it and to ask questions."
        value={answerBy}
        onInput={setAnswerBy}
        error={errorFor(save.errors, 'answerBy')}
      />
    </StepForm>
  )
}

interface OfferFormProps {
  item: Case
  offer: Offer
  onDone: (what: string) => void
}

function JudgementForm({ item, offer, onDone }: OfferFormProps) {
  const before = offer.s141Judgement
  const yesNo = (value: boolean | undefined) => (value == null ? '' : value ? 'yes' : 'no')
  const [suitable, setSuitable] = useState(yesNo(before?.offerSuitable))
  const [unreasonable, setUnreasonable] = useState(yesNo(before?.refusalUnreasonable))
  const [reasons, setReasons] = useState(before?.reasons ?? '')
  const save = useForm({ 'input.reasons': 'reasons' })
  const trialEnded = offer.status === 'TRIAL_ENDED'
  const refusal = trialEnded ? 'ending the trial period' : 'refusal'
  const submit = () => {
    const found: FieldError[] = []
    if (!suitable) found.push({ field: 'suitable', message: 'Choose whether the offer was suitable employment for them' })
    if (!unreasonable) found.push({ field: 'unreasonable', message: `Choose whether their ${refusal} was unreasonable` })
    if (!reasons.trim()) found.push({ field: 'reasons', message: 'Enter the reasons for your judgement' })
    save.submit(found, async () => {
      await request(JudgementDocument, {
        input: {
          offerId: offer.id,
          expectedVersion: offer.version,
          offerSuitable: suitable === 'yes',
          refusalUnreasonable: unreasonable === 'yes',
          reasons: reasons.trim(),
        },
      })
      onDone('judgement')
    })
  }
  const yesNoChoices = [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No' },
  ]
  return (
    <StepForm item={item} title="Judge their refusal (s141)" submit="Record the judgement" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">
        {item.employee.name} {trialEnded ? 'ended the trial period in' : 'declined'} the post of {postLine(offer.post)}
        {offer.declinedReason || offer.trial?.endReason ? ', saying:' : '.'}
      </p>
      {(offer.declinedReason || offer.trial?.endReason) && (
        <InsetText>
          <p class="govuk-body app-pre-wrap">{offer.declinedReason ?? offer.trial?.endReason}</p>
        </InsetText>
      )}
      <p class="govuk-body">
        Under the Employment Rights Act 1996, section 141, someone who unreasonably refuses an offer of suitable alternative employment (or
        unreasonably ends its trial period) loses their right to a redundancy payment. They keep it if the post was not suitable for them, or if
        their reasons were reasonable for them personally: their pay, hours, travel, health and family matter as well as the job.
      </p>
      <p class="govuk-body">
        Consult never decides this. Your judgement and your reasons are kept with the offer, and {item.employee.name} sees them.
      </p>
      <ChoiceField
        id="suitable"
        label="Was the offer suitable employment for them?"
        inline
        choices={yesNoChoices}
        values={suitable ? [suitable] : []}
        onChange={(v) => setSuitable(v[0] ?? '')}
        error={errorFor(save.errors, 'suitable')}
      />
      <ChoiceField
        id="unreasonable"
        label={`Was their ${refusal} unreasonable?`}
        inline
        choices={yesNoChoices}
        values={unreasonable ? [unreasonable] : []}
        onChange={(v) => setUnreasonable(v[0] ?? '')}
        error={errorFor(save.errors, 'unreasonable')}
      />
      {suitable === 'yes' && unreasonable === 'yes' && (
        <WarningText>With this judgement {item.employee.name} loses their redundancy payment.</WarningText>
      )}
      <Textarea id="reasons" label="Your reasons" hint={`${item.employee.name} reads them.`} value={reasons} onInput={setReasons} error={errorFor(save.errors, 'reasons')} />
    </StepForm>
  )
}

function StartTrialForm({ item, offer, onDone }: OfferFormProps) {
  const [starts, setStarts] = useState('')
  const [oldJobEnds, setOldJobEnds] = useState('')
  const save = useForm({ 'input.newPostStarts': 'starts', 'input.oldJobEnds': 'oldJobEnds' })
  const submit = () => {
    const found: FieldError[] = []
    checkDate(found, 'starts', starts, 'Their first day in the new post', 'Enter their first day in the new post')
    checkDate(found, 'oldJobEnds', oldJobEnds, 'The last day of the old job')
    save.submit(found, async () => {
      await request(StartTrialDocument, {
        input: { offerId: offer.id, expectedVersion: offer.version, newPostStarts: starts, oldJobEnds: oldJobEnds || null },
      })
      onDone('trial-started')
    })
  }
  return (
    <StepForm item={item} title="Start the trial period" submit="Start the trial period" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">
        {item.employee.name} accepted the post of {postLine(offer.post)}. The trial period lasts four weeks beginning with their first day in it
        (Employment Rights Act 1996, section 138(3)). The new post must start within four weeks of the old job ending (section 138(1)(b)).
      </p>
      <DateInput id="starts" label="Their first day in the new post" value={starts} onInput={setStarts} error={errorFor(save.errors, 'starts')} />
      <DateInput
        id="oldJobEnds"
        label="The last day of their old job (optional)"
        hint="Leave it empty unless it differs: Consult takes the last day of their notice when the new post starts after it, or else the day before the new post starts."
        value={oldJobEnds}
        onInput={setOldJobEnds}
        error={errorFor(save.errors, 'oldJobEnds')}
      />
    </StepForm>
  )
}

function ExtendTrialForm({ item, offer, onDone }: OfferFormProps) {
  const [agreedOn, setAgreedOn] = useState('')
  const [endsOn, setEndsOn] = useState('')
  const [termsAfter, setTermsAfter] = useState('')
  const save = useForm({
    'input.retraining.agreedOn': 'agreedOn',
    'input.retraining.endsOn': 'endsOn',
    'input.retraining.termsAfter': 'termsAfter',
  })
  const submit = () => {
    const found: FieldError[] = []
    checkDate(found, 'agreedOn', agreedOn, 'The day the agreement was made', 'Enter the day the agreement was made')
    checkDate(found, 'endsOn', endsOn, 'The day the extended trial period ends', 'Enter the day the extended trial period ends')
    if (!termsAfter.trim()) found.push({ field: 'termsAfter', message: 'Enter the terms and conditions that apply after the trial period' })
    save.submit(found, async () => {
      await request(ExtendTrialDocument, {
        input: { offerId: offer.id, expectedVersion: offer.version, retraining: { agreedOn, endsOn, termsAfter: termsAfter.trim() } },
      })
      onDone('trial-extended')
    })
  }
  const trial = offer.trial
  return (
    <StepForm item={item} title="Extend the trial period for retraining" submit="Extend the trial period" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">
        The trial period {trial ? `began on ${formatDate(trial.start)} and ends on ${formatDate(trial.end)}` : 'is running'}. It can be longer than
        four weeks only to retrain them for the new post, by an agreement in writing made before they started it that gives the day it ends and
        the terms and conditions after it (Employment Rights Act 1996, section 138(6)).
      </p>
      <DateInput
        id="agreedOn"
        label="The day the agreement was made"
        hint={trial ? `Before ${formatDate(trial.start)}, their first day in the post.` : undefined}
        value={agreedOn}
        onInput={setAgreedOn}
        error={errorFor(save.errors, 'agreedOn')}
      />
      <DateInput id="endsOn" label="The day the trial period ends, as agreed" value={endsOn} onInput={setEndsOn} error={errorFor(save.errors, 'endsOn')} />
      <Textarea
        id="termsAfter"
        label="The terms and conditions after the trial period"
        rows={4}
        value={termsAfter}
        onInput={setTermsAfter}
        error={errorFor(save.errors, 'termsAfter')}
      />
    </StepForm>
  )
}

function ConfirmTrialForm({ item, offer, onDone }: OfferFormProps) {
  const save = useForm({})
  const submit = () =>
    save.submit([], async () => {
      await request(ConfirmTrialDocument, { input: { offerId: offer.id, expectedVersion: offer.version } })
      onDone('trial-confirmed')
    })
  return (
    <StepForm item={item} title="Confirm them in the new post" submit="Confirm them in the post" onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">
        {item.employee.name} keeps the post of {postLine(offer.post)}
        {offer.trial ? `, whose trial period ends on ${formatDate(offer.trial.end)}` : ''}. Their case closes: they are no longer at risk of
        redundancy, and no redundancy payment is due for their old post.
      </p>
    </StepForm>
  )
}

function EndTrialForm({ item, offer, onDone }: OfferFormProps) {
  const [endedBy, setEndedBy] = useState<TrialEndedBy | ''>('')
  const [endedOn, setEndedOn] = useState(londonToday())
  const [reason, setReason] = useState('')
  const save = useForm({ 'input.endedOn': 'endedOn', 'input.reason': 'reason', 'input.endedBy': 'endedBy' })
  const submit = () => {
    const found: FieldError[] = []
    if (!endedBy) found.push({ field: 'endedBy', message: 'Choose who ended the trial period' })
    checkDate(found, 'endedOn', endedOn, 'The day it ended', 'Enter the day it ended')
    if (!reason.trim()) found.push({ field: 'reason', message: 'Enter why the trial period ended' })
    save.submit(found, async () => {
      await request(EndTrialDocument, {
        input: { offerId: offer.id, expectedVersion: offer.version, endedBy: endedBy as TrialEndedBy, endedOn, reason: reason.trim() },
      })
      onDone('trial-ended')
    })
  }
  return (
    <StepForm item={item} title="End the trial period" submit="End the trial period" warning onSubmit={submit} errors={save.errors} problem={save.problem} busy={save.busy}>
      <p class="govuk-body">
        Ending the trial period on or before {offer.trial ? formatDate(offer.trial.end) : 'its last day'} means {item.employee.name} is treated as
        dismissed for redundancy when their old job ended, so they keep their right to a redundancy payment (Employment Rights Act 1996, section
        138(2)). If they ended it themselves, you may afterwards judge whether that was unreasonable (section 141(4)).
      </p>
      <ChoiceField
        id="endedBy"
        label="Who ended it?"
        choices={(Object.keys(endedByLabel) as TrialEndedBy[]).map((k) => ({ value: k, label: endedByLabel[k] }))}
        values={endedBy ? [endedBy] : []}
        onChange={(v) => setEndedBy((v[0] ?? '') as TrialEndedBy)}
        error={errorFor(save.errors, 'endedBy')}
      />
      <DateInput id="endedOn" label="The day it ended" value={endedOn} onInput={setEndedOn} error={errorFor(save.errors, 'endedOn')} />
      <Textarea id="reason" label="Why did it end?" value={reason} onInput={setReason} error={errorFor(save.errors, 'reason')} />
    </StepForm>
  )
}
