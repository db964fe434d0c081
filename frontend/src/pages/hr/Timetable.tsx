import { PageHeading } from '../../components/govuk'

export function TimetablePage({ params }: { params: Record<string, string> }) {
  return <PageHeading title="TimetablePage">TimetablePage {params.id}</PageHeading>
}
