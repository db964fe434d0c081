// The proposal's job descriptions (domain::job_description), listed on the structure page.
import { plural } from '../../../format'
import { Link } from '../../../router'
import { type Proposal } from './shared'

export function JobDescriptions({ proposal, frozen }: { proposal: Proposal; frozen: boolean }) {
  // Which posts use each JD, so HR sees what a new version affects.
  const usedBy = new Map<string, string[]>()
  for (const post of proposal.posts.nodes) {
    for (const side of [post.current, post.proposed]) {
      const jd = side?.jobDescription
      if (!jd) continue
      const owner = proposal.jobDescriptions.find((candidate) => candidate.versions.some((v) => v.id === jd.id))
      if (!owner) continue
      const list = usedBy.get(owner.id) ?? []
      if (!list.includes(post.title)) list.push(post.title)
      usedBy.set(owner.id, list)
    }
  }
  return (
    <>
      {proposal.jobDescriptions.length === 0 ? (
        <p class="govuk-body">There are no job descriptions yet.</p>
      ) : (
        <div class="app-table-scroll" role="region" aria-label="Job descriptions (scrolls sideways)" tabIndex={0}>
          <table class="govuk-table app-jd-table">
            <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">Job descriptions of this proposal</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Job description</th>
                <th scope="col" class="govuk-table__header">Latest version</th>
                <th scope="col" class="govuk-table__header">Used by</th>
                <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {proposal.jobDescriptions.map((jd) => {
                const latest = jd.versions[jd.versions.length - 1]
                return (
                  <tr class="govuk-table__row" key={jd.id}>
                    <th scope="row" class="govuk-table__header">{jd.title}</th>
                    <td class="govuk-table__cell">
                      {latest ? (
                        <>
                          Version {latest.number} ({latest.label})
                          {latest.proposedGrade && <>, {latest.proposedGrade}</>}
                          <span class="govuk-!-display-block govuk-body-s govuk-!-margin-0">{plural(jd.versions.length, 'version')}</span>
                        </>
                      ) : (
                        'No versions'
                      )}
                    </td>
                    <td class="govuk-table__cell">{usedBy.get(jd.id)?.join(', ') ?? 'No post yet'}</td>
                    <td class="govuk-table__cell">
                      <Link href={`/proposals/${proposal.id}/job-descriptions/${jd.id}/edit`}>
                        {frozen ? 'View' : 'Edit'}<span class="govuk-visually-hidden"> the {jd.title} job description</span>
                      </Link>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {!frozen && (
        <p class="govuk-body">
          <Link href={`/proposals/${proposal.id}/job-descriptions/new/edit`} class="govuk-button govuk-button--secondary" draggable={false}>
            Create a job description
          </Link>
        </p>
      )}
    </>
  )
}
