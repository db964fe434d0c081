import { PageHeading } from '../../components/govuk'

export function ChecklistPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="ChecklistPage">ChecklistPage {params.id}</PageHeading>
}
