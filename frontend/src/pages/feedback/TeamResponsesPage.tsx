// Team responses (issue 20): staff respond as a group. A member drafts it naming the
// colleagues asked to sign; each signs; a member who signed sends it with the signatures it
// has. It is not confidential, and the page says so before anyone signs. HR, the sponsor and
// the unions read those sent; a union's representative can endorse one.
import { useState } from 'preact/hooks'
import { request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { graphql } from '../../gql'
import type { TeamResponsesPageQuery } from '../../gql/graphql'
import {
  Button,
  ErrorSummary,
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
import { formatDateTime } from '../../format'
import { Link } from '../../router'
import { useMe } from '../../session'
import { useForm } from '../../form'

const TeamResponsesPageDocument = graphql(`
  query TeamResponsesPage($id: ID!) {
    proposal(id: $id) {
      id title
      teamResponses {
        id version teamName title body submitted submittedAt signatories notice
        viewerIsMember viewerHasSigned
        members { name signed }
        endorsements { unionName statement endorsedAt }
      }
    }
  }
`)

const TeamResponsesPageSaveDocument = graphql(`
  mutation TeamResponsesPageSave($input: SaveTeamResponseInput!) {
    saveTeamResponse(input: $input) { id }
  }
`)

const TeamResponsesPageSignDocument = graphql(`
  mutation TeamResponsesPageSign($input: SignTeamResponseInput!) {
    signTeamResponse(input: $input) { id submitted }
  }
`)

const TeamResponsesPageEndorseDocument = graphql(`
  mutation TeamResponsesPageEndorse($input: EndorseTeamResponseInput!) {
    endorseTeamResponse(input: $input) { id }
  }
`)

type TeamResponse = TeamResponsesPageQuery['proposal']['teamResponses'][number]

const NOTICE =
  'A team response is not confidential. Everyone who signs it is named on it, and HR, the sponsoring manager and the recognised unions read it with those names. If you want to respond in confidence, use your own feedback form instead.'

export function TeamResponsesPage({ params }: { params: Record<string, string> }) {
  const me = useMe()
  const { data, error, loading, reload } = useQuery(TeamResponsesPageDocument, { id: params.id })
  const [done, setDone] = useState('')
  if (error) return <ProblemPage error={error} />
  if (loading && !data) return <Loading />
  if (!data) return null
  const proposal = data.proposal
  const staff = me.role === 'STAFF'
  const after = (message: string) => {
    setDone(message)
    reload()
  }
  return (
    <>
      <Link href={`/proposals/${proposal.id}`} class="govuk-back-link">Back to the proposal</Link>
      <PageHeading title="Team responses" caption={proposal.title}>Team responses</PageHeading>
      {done && (
        <NotificationBanner success>
          <h3 class="govuk-notification-banner__heading">{done}</h3>
        </NotificationBanner>
      )}
      {staff ? (
        <p class="govuk-body">Respond as a team: one of you drafts the response and names the colleagues who make it with you; each of you signs it, and any of you who has signed sends it.</p>
      ) : (
        <p class="govuk-body">Responses that groups of staff have signed and sent.</p>
      )}
      {staff && <WarningText>{NOTICE}</WarningText>}
      {proposal.teamResponses.length === 0 ? (
        <p class="govuk-body">{staff ? 'You are not named on a team response yet.' : 'No team has sent a response yet.'}</p>
      ) : (
        proposal.teamResponses.map((response) => (
          <TeamResponseCard key={response.id} response={response} rep={me.role === 'UNION_REP' ? me.union ?? null : null} onDone={after} />
        ))
      )}
      {staff && <NewTeamResponse proposalId={proposal.id} onDone={after} />}
    </>
  )
}

function TeamResponseCard({ response, rep, onDone }: { response: TeamResponse; rep: string | null; onDone: (message: string) => void }) {
  const { busy, submit, problem } = useForm()
  const [statement, setStatement] = useState('')
  const endorsedByMine = rep != null && response.endorsements.some((e) => e.unionName.toLowerCase() === rep.toLowerCase())
  const sign = (send: boolean) =>
    submit([], async () => {
      const result = (await request(TeamResponsesPageSignDocument, { input: { id: response.id, expectedVersion: response.version, submit: send } })).signTeamResponse
      onDone(result.submitted ? 'The team response has been sent' : 'You have signed the team response')
    })
  const endorse = () =>
    submit([], async () => {
      await request(TeamResponsesPageEndorseDocument, { input: { id: response.id, statement: statement.trim() || null } })
      onDone(`${rep} endorses the team response`)
    })
  const headingId = `team-${response.id}`
  return (
    <section class="app-union-response" id={headingId} aria-labelledby={`${headingId}-title`}>
      <h2 class="govuk-heading-l" id={`${headingId}-title`}>{response.title}</h2>
      <p class="govuk-body">By {response.teamName}</p>
      <p class="govuk-body">
        {response.submitted ? (
          <><Tag colour="green">Sent</Tag> on {formatDateTime(response.submittedAt)}</>
        ) : (
          <Tag colour="yellow">Draft: awaiting signatures</Tag>
        )}
      </p>
      <Paragraphs text={response.body} empty="No text." />
      <h3 class="govuk-heading-s">Signed by</h3>
      {response.signatories.length === 0 ? <p class="govuk-body">Nobody has signed it yet.</p> : (
        <ul class="govuk-list">{response.signatories.map((name) => <li key={name}>{name}</li>)}</ul>
      )}
      {response.viewerIsMember && !response.submitted && (
        <>
          <h3 class="govuk-heading-s">Whose signatures are awaited</h3>
          <ul class="govuk-list">
            {response.members.filter((m) => !m.signed).map((m) => <li key={m.name}>{m.name}</li>)}
          </ul>
        </>
      )}
      {response.endorsements.length > 0 && (
        <>
          <h3 class="govuk-heading-s">Endorsed by</h3>
          <ul class="govuk-list govuk-list--spaced">
            {response.endorsements.map((e) => (
              <li key={e.unionName}><strong>{e.unionName}</strong>: “{e.statement}” ({formatDateTime(e.endorsedAt)})</li>
            ))}
          </ul>
        </>
      )}
      {problem && (
        <NotificationBanner title="Important">
          <p class="govuk-body">{problem.message}</p>
        </NotificationBanner>
      )}
      {response.viewerIsMember && !response.submitted && (
        <>
          <WarningText>{response.notice}</WarningText>
          <div class="govuk-button-group">
            {!response.viewerHasSigned && (
              <Button disabled={busy} type="button" onClick={() => sign(false)}>
                Sign<span class="govuk-visually-hidden"> “{response.title}”</span>
              </Button>
            )}
            <Button disabled={busy} secondary type="button" onClick={() => sign(true)}>
              {response.viewerHasSigned ? 'Send it now' : 'Sign and send it now'}<span class="govuk-visually-hidden"> (“{response.title}”)</span>
            </Button>
          </div>
        </>
      )}
      {rep && response.submitted && !endorsedByMine && (
        <form noValidate onSubmit={(event) => { event.preventDefault(); endorse() }}>
          <Textarea
            id={`endorse-${response.id}`}
            label={`What ${rep} says in support (optional)`}
            hint="For example, “We support the attached response.”"
            rows={3}
            value={statement}
            onInput={setStatement}
          />
          <Button disabled={busy}>Endorse for {rep}</Button>
        </form>
      )}
    </section>
  )
}

function NewTeamResponse({ proposalId, onDone }: { proposalId: string; onDone: (message: string) => void }) {
  const fields = { 'input.teamName': 'team-name', 'input.title': 'team-title', 'input.body': 'team-body', 'input.memberEmails': 'team-members' }
  const { errors, busy, submit, problem } = useForm(fields)
  const [teamName, setTeamName] = useState('')
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [members, setMembers] = useState('')
  const save = () => {
    const found = [
      !teamName.trim() && { field: 'team-name', message: 'Enter the name of your team' },
      !title.trim() && { field: 'team-title', message: 'Enter a title for the response' },
      !body.trim() && { field: 'team-body', message: 'Write the response' },
    ].filter(Boolean) as { field: string; message: string }[]
    return submit(found, async () => {
      const memberEmails = members.split(/[\s,;]+/).map((m) => m.trim()).filter(Boolean)
      await request(TeamResponsesPageSaveDocument, { input: { proposalId, teamName, title, body, memberEmails } })
      setTeamName('')
      setTitle('')
      setBody('')
      setMembers('')
      onDone('Team response saved: your colleagues have been asked to sign it')
    })
  }
  return (
    <>
      <h2 class="govuk-heading-l">Respond as a team</h2>
      <ErrorSummary errors={errors} />
      {problem && (
        <NotificationBanner title="Important">
          <p class="govuk-body">{problem.message}</p>
        </NotificationBanner>
      )}
      <form noValidate onSubmit={(event) => { event.preventDefault(); save() }}>
        <TextInput id="team-name" label="Your team" hint="For example, SEN Casework Team" value={teamName} error={errorFor(errors, 'team-name')} onInput={setTeamName} />
        <TextInput id="team-title" label="Title" value={title} error={errorFor(errors, 'team-title')} onInput={setTitle} />
        <Textarea id="team-body" label="Your team's response" rows={8} value={body} error={errorFor(errors, 'team-body')} onInput={setBody} />
        <Textarea
          id="team-members"
          label="Colleagues asked to sign it"
          hint="Their work email addresses, one on each line. Each is emailed and asked to sign. You are a member without being listed."
          rows={4}
          value={members}
          error={errorFor(errors, 'team-members')}
          onInput={setMembers}
        />
        <Button disabled={busy}>Save and ask them to sign</Button>
      </form>
    </>
  )
}
