import { PageHeading } from '../../components/govuk'

export function ProposalPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="ProposalPage">ProposalPage {params.id}</PageHeading>
}
