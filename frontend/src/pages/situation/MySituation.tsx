// "Your situation": after the decision, what the restructure means for one person, in plain
// words: where their case stands, what happens next and by when, their individual meetings,
// their letters (each a printable page) and, once HR publishes a selection's outcome, their own
// scores and rank. Reached from "My consultations" and from the proposal. Staff open it on
// phones: one column, no wide tables.
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { MySituationQuery } from '../../gql/graphql'
import { InsetText, Loading, PageHeading, ProblemPage, SummaryList, Tag } from '../../components/govuk'
import { daysUntil, formatDate, formatDateTime, plural } from '../../format'
import { Link } from '../../router'
import { caseStateLabel, historyWords, type SituationFacts, situationWords } from './caseWords'
import { OffersAndAppeal } from './OffersAndAppeal'

const MySituationDocument = graphql(`
  query MySituation($id: ID!) {
    proposal(id: $id) {
      id title
      posts(first: 100) { nodes { id title } }
      ringFences { id name postsToFill memberCount }
      myEmployeeRecords {
        id name
        holdings { post { title } }
        case {
          id state nextActionDue
          history { id to step detail occurredOn }
          meetings { id scheduledFor location heldOn companionKind companionName }
        }
        letters { id subject issuedAt printUrl pdfUrl }
      }
    }
    mySelectionScores {
      ringFenceId poolName publishedAt scaleMax weightedTotal maxTotal rank candidateCount postsToFill selected tie
      scores { criterion description weight score }
    }
  }
`)

type Data = MySituationQuery
type EmployeeRecord = Data['proposal']['myEmployeeRecords'][number]
type Case = NonNullable<EmployeeRecord['case']>
type Result = Data['mySelectionScores'][number]

/** A string field of a history step's detail, if it has one. */
function detailOf(detail: unknown, key: string): string | undefined {
  if (detail && typeof detail === 'object' && key in detail) {
    const value = (detail as { [k: string]: unknown })[key]
    return typeof value === 'string' ? value : undefined
  }
  return undefined
}

/** The facts the plain words need, from the case's latest steps. */
function factsOf(kase: Case, data: Data): SituationFacts {
  const latest = (step: string) => [...kase.history].reverse().find((e) => e.step === step)
  const postId = detailOf(latest('SLOT_IN')?.detail, 'postId')
  const fenceId = detailOf(latest('PLACE_IN_SELECTION_POOL')?.detail, 'ringFenceId')
  const fence = data.proposal.ringFences.find((f) => f.id === fenceId)
  const notice = latest('GIVE_NOTICE')
  return {
    post: data.proposal.posts.nodes.find((p) => p.id === postId)?.title,
    pool: fence ? { name: fence.name, postsToFill: fence.postsToFill, memberCount: fence.memberCount } : undefined,
    trialStartsOn: detailOf(latest('START_TRIAL')?.detail, 'startsOn'),
    notice: notice ? { givenOn: detailOf(notice.detail, 'givenOn'), lastDay: detailOf(notice.detail, 'lastDay') } : undefined,
    withdrawnReason: detailOf(latest('WITHDRAW')?.detail, 'reason'),
    since: kase.history[kase.history.length - 1]?.occurredOn,
  }
}

export function MySituationPage({ params }: { params: { [key: string]: string } }) {
  const { data, error, reload } = useQuery(MySituationDocument, { id: params.id })
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  const records = data.proposal.myEmployeeRecords.filter((r) => r.case)
  return (
    <>
      <Link href={`/proposals/${data.proposal.id}`} class="govuk-back-link">
        Back to the proposal
      </Link>
      <PageHeading title="Your situation" caption={data.proposal.title}>Your situation</PageHeading>
      {records.length === 0 ? (
        <>
          <p class="govuk-body">There is nothing to show yet. Once a decision on this proposal affects your post, HR opens your case and you can follow it here.</p>
          <p class="govuk-body">
            <Link href={`/proposals/${data.proposal.id}`}>Read the proposal</Link>
          </p>
        </>
      ) : (
        records.map((record) => (
          <Situation key={record.id} record={record} kase={record.case!} data={data} several={records.length > 1} onChange={reload} />
        ))
      )}
    </>
  )
}

function Situation({ record, kase, data, several, onChange }: { record: EmployeeRecord; kase: Case; data: Data; several: boolean; onChange: () => void }) {
  const pools = new Set(data.proposal.ringFences.map((f) => f.id))
  const results = data.mySelectionScores.filter((r) => pools.has(r.ringFenceId))
  const facts = { ...factsOf(kase, data), selectionPublished: results.length > 0 }
  const words = situationWords(kase.state, facts, (d) => formatDate(d))
  const [label, colour] = caseStateLabel[kase.state]
  const posts = record.holdings.map((h) => h.post?.title).filter(Boolean).join(', ')
  const inPool = kase.history.some((e) => e.step === 'PLACE_IN_SELECTION_POOL')
  const upcoming = kase.meetings.filter((m) => !m.heldOn && daysUntil(m.scheduledFor.slice(0, 10)) >= 0)
  return (
    <>
      {several && <h2 class="govuk-heading-l">{posts || record.name}</h2>}
      <section aria-labelledby={`now-${kase.id}`}>
        <h2 class="govuk-heading-m" id={`now-${kase.id}`}>Where things stand</h2>
        <p class="govuk-body">
          <Tag colour={colour}>{label}</Tag>
        </p>
        {words.now.map((text) => <p class="govuk-body" key={text}>{text}</p>)}
        {posts && !several && <p class="govuk-body">Your post now: {posts}.</p>}
      </section>

      <section aria-labelledby={`next-${kase.id}`}>
        <h2 class="govuk-heading-m" id={`next-${kase.id}`}>What happens next</h2>
        {words.next.map((text) => <p class="govuk-body" key={text}>{text}</p>)}
        {upcoming.length > 0 ? (
          <InsetText>
            <p class="govuk-body">
              Your next individual meeting is on <strong>{formatDateTime(upcoming[0].scheduledFor)}</strong> at {upcoming[0].location}.
            </p>
          </InsetText>
        ) : (
          kase.nextActionDue && (
            <p class="govuk-body">
              Expected by <strong>{formatDate(kase.nextActionDue)}</strong>.
            </p>
          )
        )}
      </section>

      <OffersAndAppeal state={kase.state} employeeId={record.id} onChange={onChange} />

      {(inPool || results.length > 0) && <SelectionResults results={results} caseId={kase.id} />}

      <section aria-labelledby={`meetings-${kase.id}`}>
        <h2 class="govuk-heading-m" id={`meetings-${kase.id}`}>Your individual meetings</h2>
        {kase.meetings.length === 0 ? (
          <p class="govuk-body">No individual meeting has been arranged yet. HR will invite you by email and letter.</p>
        ) : (
          kase.meetings.map((m) => <Meeting key={m.id} meeting={m} />)
        )}
      </section>

      <section aria-labelledby={`letters-${kase.id}`}>
        <h2 class="govuk-heading-m" id={`letters-${kase.id}`}>Your letters</h2>
        {record.letters.length === 0 ? (
          <p class="govuk-body">HR has not sent you any letters about your situation yet.</p>
        ) : (
          <ul class="govuk-list">
            {record.letters.map((letter) => (
              <li key={letter.id} class="govuk-!-margin-bottom-3">
                {letter.printUrl ? (
                  <a class="govuk-link" href={letter.printUrl}>
                    {letter.subject}
                  </a>
                ) : (
                  letter.subject
                )}
                <span class="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">Sent {formatDate(letter.issuedAt)}</span>
                {letter.pdfUrl && (
                  <a class="govuk-link govuk-!-font-size-16" href={letter.pdfUrl} download>
                    Download as PDF<span class="govuk-visually-hidden"> ({letter.subject})</span>
                  </a>
                )}
              </li>
            ))}
          </ul>
        )}
        <p class="govuk-body">Each letter opens as a page you can print, or download it as a PDF to keep.</p>
      </section>

      <section aria-labelledby={`history-${kase.id}`}>
        <h2 class="govuk-heading-m" id={`history-${kase.id}`}>What has happened so far</h2>
        <ol class="govuk-list app-case-history">
          {kase.history.map((event) => (
            <li key={event.id}>
              <strong>{formatDate(event.occurredOn)}</strong>: {historyWords(event.step, event.to)}
            </li>
          ))}
        </ol>
      </section>
    </>
  )
}

function Meeting({ meeting }: { meeting: Case['meetings'][number] }) {
  const held = meeting.heldOn
  const companion = held
    ? meeting.companionKind === 'NONE'
      ? 'Nobody came with you.'
      : `${meeting.companionName ?? 'Someone'} came with you (${meeting.companionKind === 'UNION_REP' ? 'trade union representative' : 'colleague'}).`
    : 'You can bring a trade union representative or a work colleague with you. Tell HR who will come.'
  return (
    <div class="app-case-meeting">
      <h3 class="govuk-heading-s">{held ? `Meeting held on ${formatDate(held)}` : `Meeting on ${formatDateTime(meeting.scheduledFor)}`}</h3>
      <SummaryList
        rows={[
          { key: 'When', value: formatDateTime(meeting.scheduledFor) },
          { key: 'Where', value: meeting.location },
          { key: held ? 'Who came with you' : 'Bringing someone', value: companion },
        ]}
      />
    </div>
  )
}

function SelectionResults({ results, caseId }: { results: Result[]; caseId: string }) {
  return (
    <section aria-labelledby={`scores-${caseId}`}>
      <h2 class="govuk-heading-m" id={`scores-${caseId}`}>Your selection scores</h2>
      {results.length === 0 ? (
        <p class="govuk-body">Your scores are not ready yet. You will see them here when HR publishes the outcome of the selection.</p>
      ) : (
        results.map((r) => (
          <div key={r.ringFenceId}>
            <h3 class="govuk-heading-s">{r.poolName}</h3>
            <p class="govuk-body">
              {r.selected === true
                ? `You were selected for ${r.postsToFill === 1 ? 'the post' : 'one of the posts'}.`
                : r.selected === false
                  ? 'You were not selected. HR will talk to you about other posts.'
                  : 'The outcome is published.'}{' '}
              {r.rank != null && (
                <>
                  You were ranked {r.rank} of {r.candidateCount}
                  {r.tie ? ' (a rank you share with someone else)' : ''}, for {plural(r.postsToFill, 'post')}.
                </>
              )}
            </p>
            <table class="govuk-table app-score-table">
              <caption class="govuk-table__caption govuk-table__caption--s">
                Your scores (each out of {r.scaleMax}), published {formatDate(r.publishedAt)}
              </caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">Criterion</th>
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric">Weight</th>
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric">Score</th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {r.scores.map((s) => (
                  <tr class="govuk-table__row" key={s.criterion}>
                    <th scope="row" class="govuk-table__header">
                      {s.criterion}
                      {s.description && <span class="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0 govuk-!-font-weight-regular">{s.description}</span>}
                    </th>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{s.weight}%</td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{s.score ?? '–'}</td>
                  </tr>
                ))}
                <tr class="govuk-table__row">
                  <th scope="row" class="govuk-table__header">Weighted total</th>
                  <td class="govuk-table__cell"></td>
                  <td class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">
                    {r.weightedTotal ?? '–'} of {r.maxTotal}
                  </td>
                </tr>
              </tbody>
            </table>
            <p class="govuk-body">The weighted total adds up each score times its weight. If you think a score is wrong, you can raise it with HR.</p>
          </div>
        ))
      )}
    </section>
  )
}
