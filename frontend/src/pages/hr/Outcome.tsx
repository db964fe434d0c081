import { PageHeading } from '../../components/govuk'

export function OutcomePage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="OutcomePage">OutcomePage {params.id}</PageHeading>
}
