import { PageHeading } from '../../components/govuk'

export function StaffFeedbackPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="StaffFeedbackPage">StaffFeedbackPage {params.id}</PageHeading>
}
