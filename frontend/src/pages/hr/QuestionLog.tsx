import { PageHeading } from '../../components/govuk'

export function QuestionLogPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="QuestionLogPage">QuestionLogPage {params.id}</PageHeading>
}
