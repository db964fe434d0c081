import { PageHeading } from '../../components/govuk'

export function StructurePage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="StructurePage">StructurePage {params.id}</PageHeading>
}
