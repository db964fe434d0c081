import { PageHeading } from '../../components/govuk'

export function FormSetupPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="FormSetupPage">FormSetupPage {params.id}</PageHeading>
}
