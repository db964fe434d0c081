import { PageHeading } from '../../components/govuk'

export function NewProposalPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="NewProposalPage">NewProposalPage {params.id}</PageHeading>
}
