// A new proposal: what the API needs to create one (title, service, establishment and where
// it is); everything else is written section by section from the task list.
import { useState } from 'preact/hooks'
import { request } from '../../api/client'
import { graphql } from '../../gql'
import { useForm } from '../../form'
import type { Jurisdiction } from '../../gql/graphql'
import { Button, ChoiceField, ErrorSummary, type FieldError, NotificationBanner, PageHeading, TextInput, errorFor } from '../../components/govuk'
import { Link, navigate } from '../../router'

const NewProposalCreateDocument = graphql(`
  mutation NewProposalCreate($input: CreateProposalInput!) {
    createProposal(input: $input) { id }
  }
`)

const MAX = 200

export function NewProposalPage(_: { params: Record<string, string> }) {
  const [title, setTitle] = useState('')
  const [service, setService] = useState('')
  const [establishment, setEstablishment] = useState('')
  const [jurisdiction, setJurisdiction] = useState<Jurisdiction>('GREAT_BRITAIN')
  const { errors, problem, busy, attempt, submit: send } = useForm({
    'input.fields.title': 'title',
    'input.fields.service': 'service',
    'input.fields.establishment': 'establishment',
  })

  const submit = (event: Event) => {
    event.preventDefault()
    const found: FieldError[] = []
    const check = (id: string, value: string, what: string) => {
      if (!value.trim()) found.push({ field: id, message: `Enter the ${what}` })
      else if (value.trim().length > MAX) found.push({ field: id, message: `The ${what} must be ${MAX} characters or fewer` })
    }
    check('title', title, 'title')
    check('service', service, 'service or directorate')
    check('establishment', establishment, 'establishment')
    void send(found, async () => {
      const created = await request(NewProposalCreateDocument, {
        input: {
          fields: {
            title: title.trim(),
            service: service.trim(),
            establishment: establishment.trim(),
            establishmentJurisdiction: jurisdiction,
          },
        },
      })
      navigate(`/proposals/${created.createProposal.id}/manage`)
    })
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <Link href="/" class="govuk-back-link">Back to the dashboard</Link>
        {problem && (
          <NotificationBanner title="Important">
            <p class="govuk-notification-banner__heading">The proposal could not be created</p>
            <p class="govuk-body">{problem.message}</p>
          </NotificationBanner>
        )}
        <ErrorSummary errors={errors} />
        <PageHeading title="Create a proposal" caption="HR workspace">Create a proposal</PageHeading>
        <p class="govuk-body">
          The proposal starts as a draft that only HR can see. You then write each section, add the structure and
          people, and share it with the unions when it is ready.
        </p>
        <form noValidate onSubmit={submit}>
          <TextInput id="title" label="Title" hint="For example, Restructure of the SEN Service" value={title} onInput={setTitle} error={errorFor(errors, 'title')} />
          <TextInput id="service" label="Service or directorate" hint="For example, Children's Services" value={service} onInput={setService} error={errorFor(errors, 'service')} />
          <TextInput
            id="establishment"
            label="Establishment"
            hint="The site or unit at which dismissals are counted for section 188, for example Bury Town Hall"
            value={establishment}
            onInput={setEstablishment}
            error={errorFor(errors, 'establishment')}
          />
          <ChoiceField
            id="jurisdiction"
            label="Where is the establishment?"
            hint="Northern Ireland has its own consultation periods."
            choices={[
              { value: 'GREAT_BRITAIN', label: 'England, Wales or Scotland' },
              { value: 'NORTHERN_IRELAND', label: 'Northern Ireland' },
            ]}
            values={[jurisdiction]}
            onChange={(chosen) => setJurisdiction(chosen[0] as Jurisdiction)}
          />
          <Button key={attempt} disabled={busy}>Create proposal</Button>
        </form>
      </div>
    </div>
  )
}
