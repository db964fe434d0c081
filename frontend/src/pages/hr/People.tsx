import { PageHeading } from '../../components/govuk'

export function PeoplePage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="PeoplePage">PeoplePage {params.id}</PageHeading>
}
