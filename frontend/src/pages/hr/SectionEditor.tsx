import { PageHeading } from '../../components/govuk'

export function SectionEditorPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="SectionEditorPage">SectionEditorPage {params.id}</PageHeading>
}
