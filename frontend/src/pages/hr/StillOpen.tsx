// What the dialogue with staff and the unions still waits for, in one place: answers challenged
// and not yet resolved, information requests not yet answered (overdue first), and grading
// challenges awaiting HR's outcome. One request; each list costs what it shows (at most 100).
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { StillOpenPageQuery } from '../../gql/graphql'
import { Loading, PageHeading, ProblemPage, Tag } from '../../components/govuk'
import { formatDate, formatDateTime, plural } from '../../format'
import { Link } from '../../router'
import { WorkspaceFrame } from './WorkspaceNav'

const StillOpenPageDocument = graphql(`
  query StillOpenPage($id: ID!) {
    proposal(id: $id) {
      id title
      questionLog(filter: { replyState: CHALLENGED }, sort: DUE_SOONEST, first: 100) {
        totalCount
        nodes { id number text dueOn status askerUnion owner { id name } }
      }
    }
    informationRequests(proposalId: $id, filter: { status: OPEN }, first: 100) {
      totalCount
      edges { node { id unionName text dueOn overdue owner { id name } } }
    }
    gradingChallenges(proposalId: $id, status: [AWAITING_OUTCOME]) {
      id jobDescriptionId currentTitle currentGrade revisedTitle revisedGrade believedGrade unionName createdAt
      challenger { id name }
    }
  }
`)

type Data = StillOpenPageQuery

export function StillOpenPage({ params }: { params: Record<string, string> }) {
  const { data, error } = useQuery(StillOpenPageDocument, { id: params.id })
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  const challenged = data.proposal.questionLog
  const requests = data.informationRequests
  const grading = data.gradingChallenges
  const total = challenged.totalCount + requests.totalCount + grading.length
  return (
    <WorkspaceFrame proposalId={data.proposal.id} current="still-open">
      <PageHeading title="Still open" caption={data.proposal.title}>Still open</PageHeading>
      <p class="govuk-body">
        What the staff and the unions are still waiting for. Consultation is a dialogue “with a view to reaching agreement”
        (section 188(2) of the Trade Union and Labour Relations (Consolidation) Act 1992): a tribunal will look for answers to
        what they raised.
      </p>
      {total === 0 ? (
        <p class="govuk-body" id="nothing-open">Nothing is waiting: every challenged answer is resolved, every information request answered and every grading challenge decided.</p>
      ) : (
        <ul class="govuk-list govuk-list--bullet">
          <li><a class="govuk-link" href="#challenged-answers">{plural(challenged.totalCount, 'challenged answer')}</a> to resolve</li>
          <li><a class="govuk-link" href="#information-requests">{plural(requests.totalCount, 'information request')}</a> to answer</li>
          <li><a class="govuk-link" href="#grading-challenges">{plural(grading.length, 'grading challenge')}</a> awaiting an outcome</li>
        </ul>
      )}
      <ChallengedAnswers proposalId={data.proposal.id} log={challenged} />
      <Requests proposalId={data.proposal.id} requests={requests} />
      <Grading proposalId={data.proposal.id} challenges={grading} />
    </WorkspaceFrame>
  )
}

function ChallengedAnswers({ proposalId, log }: { proposalId: string; log: Data['proposal']['questionLog'] }) {
  return (
    <>
      <h2 class="govuk-heading-m" id="challenged-answers">Challenged answers</h2>
      {log.nodes.length === 0 ? (
        <p class="govuk-body">No answer is challenged and unresolved.</p>
      ) : (
        <>
          <p class="govuk-body">
            Each counts as an unanswered question when the decision is recorded, until its raiser accepts an answer or you close
            it without agreement, with your reason.
          </p>
          <ul class="govuk-list govuk-list--spaced">
            {log.nodes.map((question) => (
              <li key={question.id}>
                <Link class="govuk-link" href={`/proposals/${proposalId}/question-log?question=${question.id}`}>
                  Question {question.number}
                </Link>
                {question.status === 'OVERDUE' && <> <Tag colour="red">Overdue</Tag></>}
                <p class="govuk-body">{question.text}</p>
                <p class="govuk-body-s">
                  Due {formatDate(question.dueOn)}
                  {question.owner ? `; with ${question.owner.name}` : '; no one owns it'}
                  {question.askerUnion && `; raised by ${question.askerUnion}`}
                </p>
              </li>
            ))}
          </ul>
          {log.totalCount > log.nodes.length && (
            <p class="govuk-body">
              The first {log.nodes.length} are shown: <Link class="govuk-link" href={`/proposals/${proposalId}/question-log`}>see them all in the question log</Link>.
            </p>
          )}
        </>
      )}
    </>
  )
}

function Requests({ proposalId, requests }: { proposalId: string; requests: Data['informationRequests'] }) {
  const rows = requests.edges.map((edge) => edge.node)
  return (
    <>
      <h2 class="govuk-heading-m" id="information-requests">Information requests</h2>
      {rows.length === 0 ? (
        <p class="govuk-body">Every information request has been answered.</p>
      ) : (
        <>
          <ul class="govuk-list govuk-list--spaced">
            {rows.map((row) => (
              <li key={row.id}>
                <span class="govuk-!-font-weight-bold">{row.unionName}</span>
                {row.overdue && <> <Tag colour="red">Overdue</Tag></>}
                <p class="govuk-body">{row.text}</p>
                <p class="govuk-body-s">
                  Due {formatDate(row.dueOn)}
                  {row.owner ? `; with ${row.owner.name}` : '; with HR'}
                </p>
              </li>
            ))}
          </ul>
          <p class="govuk-body">
            <Link class="govuk-link" href={`/proposals/${proposalId}/information-requests`}>Provide or refuse them on the information requests page</Link>
          </p>
        </>
      )}
    </>
  )
}

function Grading({ proposalId, challenges }: { proposalId: string; challenges: Data['gradingChallenges'] }) {
  return (
    <>
      <h2 class="govuk-heading-m" id="grading-challenges">Grading challenges</h2>
      {challenges.length === 0 ? (
        <p class="govuk-body">No grading challenge is awaiting an outcome.</p>
      ) : (
        <ul class="govuk-list govuk-list--spaced">
          {challenges.map((challenge) => (
            <li key={challenge.id}>
              <Link class="govuk-link" href={`/proposals/${proposalId}/job-descriptions/${challenge.jobDescriptionId}`}>
                {challenge.revisedTitle}
              </Link>
              <p class="govuk-body">
                {challenge.currentTitle} ({challenge.currentGrade ?? 'no grade'}) to {challenge.revisedTitle} ({challenge.revisedGrade ?? 'no grade'});
                they believe it should be {challenge.believedGrade}.
              </p>
              <p class="govuk-body-s">
                Raised by {challenge.unionName ?? challenge.challenger?.name ?? 'a member of staff'} on {formatDateTime(challenge.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
