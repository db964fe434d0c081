// How added and removed words look wherever a change is shown (a job description's versions,
// the proposal's changes): <ins> and <del>, said in words to screen readers, so the
// difference does not rest on colour or on a strike-through a screen reader does not read.
import type { ComponentChildren } from 'preact'

export function Added({ children }: { children: ComponentChildren }) {
  return (
    <ins class="app-diff__added">
      <span class="govuk-visually-hidden">[added: </span>
      {children}
      <span class="govuk-visually-hidden">]</span>
    </ins>
  )
}

export function Removed({ children }: { children: ComponentChildren }) {
  return (
    <del class="app-diff__removed">
      <span class="govuk-visually-hidden">[removed: </span>
      {children}
      <span class="govuk-visually-hidden">]</span>
    </del>
  )
}
