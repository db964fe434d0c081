import { PageHeading } from '../../components/govuk'

export function QuestionsPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="QuestionsPage">QuestionsPage {params.id}</PageHeading>
}
