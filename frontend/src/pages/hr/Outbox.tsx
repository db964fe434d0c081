import { PageHeading } from '../../components/govuk'

export function OutboxPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="OutboxPage">OutboxPage {params.id}</PageHeading>
}
