// The s188 position of a proposal in plain words, for union representatives and HR.
// It quotes the sections the API gives and states no law the API does not give.
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { ConsultationConcern, S188PanelQuery } from '../../gql/graphql'
import { Details, InsetText, Loading, SummaryList, Tag, WarningText } from '../../components/govuk'
import { formatDate, formatMoney, plural } from '../../format'
import { Link } from '../../router'
import { useMe } from '../../session'

const S188PanelDocument = graphql(`
  query S188Panel($id: ID!) {
    proposal(id: $id) {
      id
      establishment
      s188 {
        applies band compliant consultationStart minimumConsultationDays
        earliestLawfulFirstDismissal plannedFirstDismissal firstNotice
        dismissalsInWindow dismissalsInWindowAtStart proposedDismissalsAtStart proposedDismissalsNow
        hr1DueDate hr1DueBeforeFirstNotice hr1DueBeforeFirstDismissal hr1MadeOn hr1Reference
        disclosure { item section present foundIn text problem }
        disclosures {
          version givenOn complete startedConsultation missing proposedDismissals dismissalsInWindow
          items { item section present text problem }
        }
        findings { message section severity }
        protectiveAward { citation employees exposure exposureDays maxDays }
        uncovered
      }
    }
  }
`)

type S188 = S188PanelQuery['proposal']['s188']

// The open information requests (issue 20): those the viewer may see (HR and the sponsor all,
// a representative their union's); staff see none and are not asked.
const S188OpenRequestsDocument = graphql(`
  query S188OpenRequests($id: ID!) {
    informationRequests(proposalId: $id, filter: { status: OPEN }, first: 100) {
      totalCount
      edges { node { id unionName text dueOn overdue s188Item } }
    }
  }
`)

/** The s188(4) items in words; the API gives their codes and sections. */
const disclosureNames: Record<string, string> = {
  REASONS: 'The reasons for the proposals',
  NUMBERS_AND_DESCRIPTIONS: 'The numbers and descriptions of employees proposed for dismissal',
  TOTAL_EMPLOYED: 'The total number of employees of each description at the establishment',
  SELECTION_METHOD: 'How employees will be selected for dismissal',
  DISMISSAL_METHOD_AND_PERIOD: 'How the dismissals will be carried out, and over what period',
  REDUNDANCY_PAY_METHOD: 'How any non-statutory redundancy payments will be calculated',
  AGENCY_WORKERS: 'Agency workers: how many, where they work and the work they do',
}

/** The s188(2) subjects, in the words of the schema's ConsultationConcern. */
export const concernNames: Record<ConsultationConcern, string> = {
  AVOIDING: 'Ways of avoiding the dismissals',
  REDUCING: 'Ways of reducing the number of employees to be dismissed',
  MITIGATING: 'Ways of mitigating the consequences of the dismissals',
}

const bandNames: Record<string, string> = {
  TWENTY_TO_NINETY_NINE: '20 to 99 proposed dismissals',
  HUNDRED_OR_MORE: '100 or more proposed dismissals',
}

function disclosureName(item: string): string {
  return disclosureNames[item] ?? item.charAt(0) + item.slice(1).toLowerCase().replace(/_/g, ' ')
}

export function S188Panel({ proposalId }: { proposalId: string }) {
  const { data, error, loading } = useQuery(S188PanelDocument, { id: proposalId })
  const staff = useMe().role === 'STAFF'
  return (
    <section aria-labelledby="s188-heading">
      <h2 class="govuk-heading-l" id="s188-heading">Collective consultation (section 188)</h2>
      {error ? (
        <p class="govuk-body">The section 188 position could not be loaded. {error.message}</p>
      ) : loading && !data ? (
        <Loading />
      ) : data ? (
        data.proposal.s188.applies ? (
          <Applies s188={data.proposal.s188} establishment={data.proposal.establishment} />
        ) : (
          <DoesNotApply s188={data.proposal.s188} establishment={data.proposal.establishment} />
        )
      ) : null}
      {!staff && <OpenRequests proposalId={proposalId} />}
    </section>
  )
}

function DoesNotApply({ s188, establishment }: { s188: S188; establishment: string }) {
  return (
    <>
      <p class="govuk-body">
        <Tag colour="grey">Does not apply</Tag>
      </p>
      <p class="govuk-body">
        Collective consultation with the unions under section 188 does not apply to this proposal.{' '}
        {plural(s188.dismissalsInWindow, 'dismissal is', 'dismissals are')} proposed at {establishment} within 90 days, which
        is fewer than 20.
      </p>
      <InsetText>Each affected employee must still be consulted individually.</InsetText>
      <Findings findings={s188.findings} />
      <Details summary="What the proposal sets out (section 188(4) items)">
        <Counts s188={s188} establishment={establishment} />
        <Disclosure s188={s188} />
        {s188.disclosures.length > 0 && <DisclosureVersions s188={s188} />}
      </Details>
    </>
  )
}

function Applies({ s188, establishment }: { s188: S188; establishment: string }) {
  const band = bandNames[s188.band]
  const tooEarly =
    s188.plannedFirstDismissal && s188.earliestLawfulFirstDismissal && s188.plannedFirstDismissal < s188.earliestLawfulFirstDismissal
  return (
    <>
      <p class="govuk-body">
        <Tag colour="blue">Applies</Tag>{' '}
        {s188.compliant ? <Tag colour="green">No problems found</Tag> : <Tag colour="red">Problems found</Tag>}
      </p>
      <p class="govuk-body">
        Collective consultation with the recognised unions applies:{' '}
        {plural(s188.dismissalsInWindow, 'dismissal is', 'dismissals are')} proposed at {establishment} within 90 days
        {band ? ` (${band})` : ''}.
        {s188.minimumConsultationDays != null && (
          <>
            {' '}
            Consultation must begin at least {plural(s188.minimumConsultationDays, 'day')} before the first dismissal takes
            effect.
          </>
        )}
      </p>

      <Counts s188={s188} establishment={establishment} />

      <h3 class="govuk-heading-m">Timetable</h3>
      <SummaryList
        rows={[
          {
            key: 'Consultation began',
            value: s188.consultationStart
              ? `${formatDate(s188.consultationStart)}, when the representatives received the first complete disclosure`
              : 'Not yet: the representatives have not received a complete written disclosure',
          },
          {
            key: 'Minimum consultation period',
            value: s188.minimumConsultationDays != null ? plural(s188.minimumConsultationDays, 'day') : 'Not known',
          },
          {
            key: 'Earliest lawful first dismissal',
            value: s188.earliestLawfulFirstDismissal
              ? formatDate(s188.earliestLawfulFirstDismissal)
              : 'Known once consultation begins',
          },
          {
            key: 'First notice of dismissal',
            value: s188.firstNotice ? formatDate(s188.firstNotice) : 'Not planned yet',
          },
          {
            key: 'Planned first dismissal',
            value: (
              <>
                {s188.plannedFirstDismissal ? formatDate(s188.plannedFirstDismissal) : 'Not set yet'}
                {tooEarly && (
                  <>
                    {' '}
                    <Tag colour="red">Too early</Tag>
                  </>
                )}
              </>
            ),
          },
        ]}
      />

      <h3 class="govuk-heading-m">HR1 notice to the Secretary of State</h3>
      <p class="govuk-body">
        HR1 is due before the first notice of dismissal is given, and a set number of days before the first dismissal takes
        effect: whichever comes first.
      </p>
      <SummaryList
        rows={[
          {
            key: 'Due by',
            value: s188.hr1DueDate ? formatDate(s188.hr1DueDate) : 'Known once the first notice or the first dismissal is planned',
          },
          {
            key: 'Before the first notice of dismissal',
            value: s188.hr1DueBeforeFirstNotice ? `By ${formatDate(s188.hr1DueBeforeFirstNotice)}` : 'Known once the first notice is planned',
          },
          {
            key: 'Before the first dismissal',
            value: s188.hr1DueBeforeFirstDismissal
              ? `By ${formatDate(s188.hr1DueBeforeFirstDismissal)}`
              : 'Known once the first dismissal is planned',
          },
          {
            key: 'Made',
            value: s188.hr1MadeOn
              ? `On ${formatDate(s188.hr1MadeOn)}${s188.hr1Reference ? `, reference ${s188.hr1Reference}` : ''}`
              : 'Not yet made',
          },
        ]}
      />

      <h3 class="govuk-heading-m">What the representatives must be told in writing</h3>
      <p class="govuk-body">
        {s188.consultationStart
          ? `Consultation began with the disclosure the representatives received on ${formatDate(s188.consultationStart)}. What the proposal says now:`
          : 'No complete disclosure has been given to the representatives yet. What the proposal says now:'}
      </p>
      <Disclosure s188={s188} />
      <DisclosureVersions s188={s188} />

      <h3 class="govuk-heading-m">Still to be covered in consultation</h3>
      {s188.uncovered.length === 0 ? (
        <p class="govuk-body">Consultation meetings have covered avoiding, reducing and mitigating the dismissals.</p>
      ) : (
        <>
          <p class="govuk-body">Consultation meetings have not yet covered:</p>
          <ul class="govuk-list govuk-list--bullet">
            {s188.uncovered.map((concern) => (
              <li key={concern}>{concernNames[concern]}</li>
            ))}
          </ul>
        </>
      )}

      <Findings findings={s188.findings} />

      {s188.protectiveAward.employees > 0 && (
        <Details summary="If consultation is not done properly: the protective award">
          <p class="govuk-body">
            An employment tribunal could order a protective award of up to {plural(s188.protectiveAward.maxDays, "day's pay", "days' pay")}{' '}
            for each of the {plural(s188.protectiveAward.employees, 'employee')} affected ({s188.protectiveAward.citation}).
          </p>
          <p class="govuk-body">
            At most that is {s188.protectiveAward.exposureDays.toLocaleString('en-GB')} days' pay in all, about{' '}
            {formatMoney(s188.protectiveAward.exposure)} from the pay scales of their posts.
          </p>
        </Details>
      )}
    </>
  )
}

/**
 * The proposed dismissals when consultation began and now: the count at the establishment
 * that decides the duty never falls below the count when consultation began.
 */
function Counts({ s188, establishment }: { s188: S188; establishment: string }) {
  const notBegun = 'Consultation has not begun'
  return (
    <>
      <h3 class="govuk-heading-m">Proposed dismissals</h3>
      <SummaryList
        rows={[
          {
            key: 'Proposed when consultation began',
            value: s188.proposedDismissalsAtStart != null ? plural(s188.proposedDismissalsAtStart, 'dismissal') : notBegun,
          },
          { key: 'Proposed now', value: plural(s188.proposedDismissalsNow, 'dismissal') },
          {
            key: `At ${establishment} within 90 days when consultation began`,
            value: s188.dismissalsInWindowAtStart != null ? plural(s188.dismissalsInWindowAtStart, 'dismissal') : notBegun,
          },
          {
            key: `At ${establishment} within 90 days now`,
            value: (
              <>
                {plural(s188.dismissalsInWindow, 'dismissal')}
                <p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                  This number decides whether collective consultation applies and how long it must last. It does not fall below
                  the number when consultation began.
                </p>
              </>
            ),
          },
        ]}
      />
    </>
  )
}

/** What an item says: in full when short, behind a "show" link when long. */
function ItemText({ text }: { text: string }) {
  if (text.length <= 400) return <p class="govuk-body app-pre-wrap govuk-!-margin-top-2 govuk-!-margin-bottom-0">{text}</p>
  return (
    <Details summary="Read what it says">
      <p class="govuk-body app-pre-wrap govuk-!-margin-bottom-0">{text}</p>
    </Details>
  )
}

/** Each s188(4) item as the proposal gives it now: its section, what it says and any problem, so a person can judge it. */
function Disclosure({ s188 }: { s188: S188 }) {
  return (
    <SummaryList
      rows={s188.disclosure.map((item) => ({
        key: (
          <>
            {disclosureName(item.item)}
            <span class="govuk-!-display-block govuk-!-font-weight-regular">{item.section}</span>
          </>
        ),
        value: (
          <>
            {item.present ? (
              <Tag colour="green">Disclosed</Tag>
            ) : item.text ? (
              <Tag colour="red">Not enough</Tag>
            ) : (
              <Tag colour="red">Not disclosed</Tag>
            )}
            {item.problem && <p class="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">{item.problem}</p>}
            {item.foundIn && <p class="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">Found in: {item.foundIn}</p>}
            {item.text && <ItemText text={item.text} />}
          </>
        ),
      }))}
    />
  )
}

/** Every disclosure given to the representatives, oldest first, and whether it gave every item. */
function DisclosureVersions({ s188 }: { s188: S188 }) {
  if (s188.disclosures.length === 0) {
    return <p class="govuk-body">No disclosure has been given to the representatives yet.</p>
  }
  return (
    <div class="app-table-scroll" role="region" aria-label="Disclosures given (scrolls sideways)" tabIndex={0}>
      <table class="govuk-table app-disclosure-versions">
        <caption class="govuk-table__caption govuk-table__caption--s">Disclosures given to the representatives</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Version</th>
            <th scope="col" class="govuk-table__header govuk-!-width-one-quarter">Given on</th>
            <th scope="col" class="govuk-table__header">What it gave</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {s188.disclosures.map((version) => (
            <tr class="govuk-table__row" key={version.version}>
              <th scope="row" class="govuk-table__header">{version.version}</th>
              <td class="govuk-table__cell">{formatDate(version.givenOn)}</td>
              <td class="govuk-table__cell">
                {version.startedConsultation && (
                  <p class="govuk-body govuk-!-margin-bottom-2">
                    <Tag colour="green">Consultation began</Tag>
                  </p>
                )}
                <p class="govuk-body govuk-!-margin-bottom-2">
                  {plural(version.proposedDismissals, 'proposed dismissal')}
                  {version.dismissalsInWindow != null && (
                    <>; {plural(version.dismissalsInWindow, 'dismissal')} at the establishment within 90 days</>
                  )}
                  .
                </p>
                {version.complete ? (
                  <p class="govuk-body govuk-!-margin-bottom-0">Every item.</p>
                ) : (
                  <>
                    <p class="govuk-body govuk-!-margin-bottom-1">
                      <Tag colour="red">Not complete</Tag> It did not give:
                    </p>
                    <ul class="govuk-list govuk-list--bullet govuk-!-margin-bottom-0">
                      {version.missing.map((code) => {
                        const given = version.items.find((i) => i.item === code)
                        return (
                          <li key={code}>
                            {disclosureName(code)}
                            {given?.problem ? `: ${given.problem}` : ''}
                          </li>
                        )
                      })}
                    </ul>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const severityLabel: Record<string, string> = { ERROR: 'Problem', WARNING: 'Warning', INFO: 'Note' }

/** The s188 engine's findings, most severe first, each with the section it comes from. */
function Findings({ findings }: { findings: S188['findings'] }) {
  return (
    <>
      <h3 class="govuk-heading-m">What the check found</h3>
      {findings.length === 0 ? (
        <p class="govuk-body">No problems found.</p>
      ) : (
        findings.map((finding, index) =>
          finding.severity === 'INFO' ? (
            <p class="govuk-body" key={index}>
              {finding.message} ({finding.section})
            </p>
          ) : (
            <WarningText key={index}>
              {severityLabel[finding.severity] ?? finding.severity}: {finding.message} ({finding.section})
            </WarningText>
          ),
        )
      )}
    </>
  )
}

/** Information the unions asked for and have not been given, overdue first. */
function OpenRequests({ proposalId }: { proposalId: string }) {
  const { data } = useQuery(S188OpenRequestsDocument, { id: proposalId })
  if (!data) return null
  const requests = data.informationRequests.edges.map((edge) => edge.node)
  return (
    <>
      <h3 class="govuk-heading-m">Information requested and not yet provided</h3>
      {requests.length === 0 ? (
        <p class="govuk-body">There are no open information requests.</p>
      ) : (
        <ul class="govuk-list govuk-list--bullet" id="s188-open-requests">
          {requests.map((r) => (
            <li key={r.id}>
              {r.unionName}: {r.text} (due {formatDate(r.dueOn)}){r.overdue && <> <Tag colour="red">Overdue</Tag></>}
              {r.s188Item && (
                <> The disclosure of {disclosureName(r.s188Item).toLowerCase()} is not complete until it is provided (s188(4)).</>
              )}
            </li>
          ))}
        </ul>
      )}
      <p class="govuk-body">
        <Link href={`/proposals/${proposalId}/information-requests`}>All information requests</Link>
      </p>
    </>
  )
}
