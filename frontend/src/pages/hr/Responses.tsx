import { PageHeading } from '../../components/govuk'

export function ResponsesPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="ResponsesPage">ResponsesPage {params.id}</PageHeading>
}
