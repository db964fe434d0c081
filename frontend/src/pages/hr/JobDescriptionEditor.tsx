import { PageHeading } from '../../components/govuk'

export function JobDescriptionEditorPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="JobDescriptionEditorPage">JobDescriptionEditorPage {params.id}</PageHeading>
}
