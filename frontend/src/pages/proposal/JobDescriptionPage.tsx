import { PageHeading } from '../../components/govuk'

export function JobDescriptionPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="JobDescriptionPage">JobDescriptionPage {params.id}</PageHeading>
}
