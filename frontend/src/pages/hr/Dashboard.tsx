import { PageHeading } from '../../components/govuk'

export function HrDashboardPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="HrDashboardPage">HrDashboardPage {params.id}</PageHeading>
}
