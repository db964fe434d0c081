import { PageHeading } from '../../components/govuk'

export function WorkspacePage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="WorkspacePage">WorkspacePage {params.id}</PageHeading>
}
