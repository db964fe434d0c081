// What staff said, counted: per answer of each choice question, per post and per theme.
// Never names and never written answers. For everyone but HR the API lists the same rows
// whoever responded (posts of fewer than 3 people merged into "Other posts") and withholds
// every count below 3 (null), so no one who responded can be singled out.
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { StaffFeedbackPageQuery } from '../../gql/graphql'
import { Loading, PageHeading, ProblemPage } from '../../components/govuk'
import { countOrFewer, humanise, plural } from '../../format'
import { Link } from '../../router'
import { useMe } from '../../session'

const StaffFeedbackPageDocument = graphql(`
  query StaffFeedbackPage($id: ID!) {
    proposal(id: $id) {
      id title
      responseRate { responded affected }
      feedbackSummary {
        responses unionResponses
        answers { question questionKey choices { choice responses } }
        posts { post { id title } responses }
        otherPosts { posts responses }
        themes { theme { id name } responses }
      }
    }
  }
`)

type Summary = StaffFeedbackPageQuery['proposal']['feedbackSummary']

/** Choice codes such as STRONGLY_AGREE read as words; choices HR wrote stay as written. */
function choiceLabel(choice: string): string {
  return /^[A-Z0-9_]+$/.test(choice) ? humanise(choice) : choice
}

function percent(count: number, total: number): number {
  return total > 0 ? Math.round((count / total) * 100) : 0
}

export function StaffFeedbackPage({ params }: { params: Record<string, string> }) {
  const me = useMe()
  const { data, error, loading } = useQuery(StaffFeedbackPageDocument, { id: params.id })
  if (error) return <ProblemPage error={error} />
  if (loading && !data) return <Loading />
  if (!data) return null
  const { proposal } = data
  const summary = proposal.feedbackSummary
  return (
    <>
      <Link href={`/proposals/${proposal.id}`} class="govuk-back-link">Back to the proposal</Link>
      <PageHeading title="What staff have said" caption={proposal.title}>What staff have said</PageHeading>
      <p class="govuk-body-l">
        {summary.responses === 0
          ? 'No staff have sent a response yet.'
          : `${plural(summary.responses, 'member of staff has', 'members of staff have')} sent a response.`}{' '}
        {summary.unionResponses > 0 && `${plural(summary.unionResponses, 'union has', 'unions have')} sent a collective response.`}
      </p>
      <p class="govuk-body" id="response-rate">
        {proposal.responseRate.responded} of {plural(proposal.responseRate.affected, 'affected member of staff', 'affected staff')}{' '}
        {proposal.responseRate.responded === 1 ? 'has' : 'have'} responded.
      </p>
      <p class="govuk-body">
        These are counts only. Names and written answers are not shown here. Any number below 3 is shown as “Fewer than
        3”, and posts with fewer than 3 people in them are counted together as “Other posts”, so that no one can be
        identified.
      </p>
      {me.role === 'UNION_REP' && (
        <ul class="govuk-list">
          <li>
            <Link href={`/proposals/${proposal.id}/questions`}>Your union's questions</Link>
          </li>
          <li>
            <Link href={`/proposals/${proposal.id}/union-response`}>Your union's response</Link>
          </li>
        </ul>
      )}
      {summary.responses > 0 && <Answers summary={summary} />}
      <Posts summary={summary} />
      <Themes summary={summary} />
    </>
  )
}

function Answers({ summary }: { summary: Summary }) {
  return (
    <>
      <h2 class="govuk-heading-l">Answers to each question</h2>
      {summary.answers.length === 0 ? (
        <p class="govuk-body">The feedback form has no questions with choices.</p>
      ) : (
        <p class="govuk-body">Percentages are of the {plural(summary.responses, 'staff response')}; people may skip a question.</p>
      )}
      {summary.answers.map((answer) => (
        <table class="govuk-table govuk-table--small-text-until-tablet app-counts" key={answer.questionKey}>
          <caption class="govuk-table__caption govuk-table__caption--m">{answer.question}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Answer</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Responses</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {answer.choices.map((choice) => {
              const count = choice.responses
              const share = count == null ? null : percent(count, summary.responses)
              return (
                <tr class="govuk-table__row" key={choice.choice}>
                  <th scope="row" class="govuk-table__header">
                    {choiceLabel(choice.choice)}
                    {share != null && <Bar share={share} />}
                  </th>
                  <td class="govuk-table__cell govuk-table__cell--numeric app-count">
                    {share == null ? countOrFewer(count) : `${count} (${share}%)`}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ))}
    </>
  )
}

/** A decorative bar: the number beside it says the same. An SVG, as the CSP forbids inline styles. */
function Bar({ share }: { share: number }) {
  return (
    <svg class="app-bar" aria-hidden="true" focusable="false" width="100%" height="8">
      <rect class="app-bar__track" width="100%" height="8" />
      <rect class="app-bar__fill" width={`${share}%`} height="8" />
    </svg>
  )
}

function Posts({ summary }: { summary: Summary }) {
  const other = summary.otherPosts
  return (
    <>
      <h2 class="govuk-heading-l">Responses by post</h2>
      {summary.posts.length === 0 && !other ? (
        <p class="govuk-body">No responses by post to show yet.</p>
      ) : (
        <table class="govuk-table govuk-table--small-text-until-tablet app-counts">
          <caption class="govuk-table__caption govuk-visually-hidden">Responses by the current post of the person responding</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Post</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Responses</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {summary.posts.map((row) => (
              <tr class="govuk-table__row" key={row.post.id}>
                <th scope="row" class="govuk-table__header">{row.post.title}</th>
                <td class="govuk-table__cell govuk-table__cell--numeric app-count">{countOrFewer(row.responses)}</td>
              </tr>
            ))}
            {other && (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  Other posts{' '}
                  <span class="govuk-body-s govuk-!-font-weight-regular">
                    ({plural(other.posts, 'post', 'posts')} with fewer than 3 people in them, counted together)
                  </span>
                </th>
                <td class="govuk-table__cell govuk-table__cell--numeric app-count">{countOrFewer(other.responses)}</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </>
  )
}

function Themes({ summary }: { summary: Summary }) {
  return (
    <>
      <h2 class="govuk-heading-l">Responses by theme</h2>
      {summary.themes.length === 0 ? (
        <p class="govuk-body">HR has not grouped the responses into themes yet.</p>
      ) : (
        <>
          <p class="govuk-body">HR groups responses under themes; one response can have several.</p>
          <table class="govuk-table govuk-table--small-text-until-tablet app-counts">
            <caption class="govuk-table__caption govuk-visually-hidden">Staff responses by theme</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Theme</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Responses</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {summary.themes.map((row) => (
                <tr class="govuk-table__row" key={row.theme.id}>
                  <th scope="row" class="govuk-table__header">{row.theme.name}</th>
                  <td class="govuk-table__cell govuk-table__cell--numeric app-count">{countOrFewer(row.responses)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  )
}
