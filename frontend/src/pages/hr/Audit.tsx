import { PageHeading } from '../../components/govuk'

export function AuditPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="AuditPage">AuditPage {params.id}</PageHeading>
}
