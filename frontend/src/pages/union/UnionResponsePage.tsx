import { PageHeading } from '../../components/govuk'

export function UnionResponsePage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="UnionResponsePage">UnionResponsePage {params.id}</PageHeading>
}
