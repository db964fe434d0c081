/** The s188 position in plain words, for union representatives (and HR). */
export function S188Panel({ proposalId }: { proposalId: string }) {
  return <p class="govuk-body">s188 panel for {proposalId}</p>
}
