import { PageHeading } from '../../components/govuk'

export function MyTasksPage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="MyTasksPage">MyTasksPage {params.id}</PageHeading>
}
