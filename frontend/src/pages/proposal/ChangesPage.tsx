import { PageHeading } from '../../components/govuk'

export function ChangesPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="ChangesPage">ChangesPage {params.id}</PageHeading>
}
