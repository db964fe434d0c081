import { PageHeading } from '../../components/govuk'

export function FeedbackStartPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="FeedbackStartPage">FeedbackStartPage {params.id}</PageHeading>
}
export function FeedbackStepPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="FeedbackStepPage">{params.step}</PageHeading>
}
