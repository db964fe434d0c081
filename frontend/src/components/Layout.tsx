import type { ComponentChildren } from 'preact'
import { Link } from '../router'
import type { Me } from '../session'
import { useNavigationCounts } from './navigationCounts'

/** A count beside a navigation link, read out with the link: "My tasks, 3 open". */
function NavCount({ count, words, shown }: { count: number; words: string; shown: string }) {
  return (
    <>
      <span class="govuk-visually-hidden">, {count} {words}</span>
      <strong class="govuk-tag govuk-tag--blue app-nav-count" aria-hidden="true">
        {shown}
      </strong>
    </>
  )
}

export function Layout({ me, onSignOut, path, children }: {
  me: Me | null
  onSignOut: () => void
  path: string
  children: ComponentChildren
}) {
  const counts = useNavigationCounts(me !== null, path)
  const questionsPath = counts?.latestAnswerProposalId ? `/proposals/${counts.latestAnswerProposalId}/questions` : null
  return (
    <>
      <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <header class="govuk-header app-header" role="banner">
        <div class="govuk-header__container govuk-width-container">
          <span class="govuk-header__service-name app-header__org">Bury Council</span>
        </div>
      </header>
      <section aria-label="Service information" class="govuk-service-navigation">
        <div class="govuk-width-container">
          <div class="govuk-service-navigation__container">
            <span class="govuk-service-navigation__service-name">
              <Link href="/" class="govuk-service-navigation__link">Consult</Link>
            </span>
            {me && (
              <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                <ul class="govuk-service-navigation__list" id="navigation">
                  <li class={`govuk-service-navigation__item${path === '/' ? ' govuk-service-navigation__item--active' : ''}`}>
                    <Link href="/" class="govuk-service-navigation__link" aria-current={path === '/' ? 'page' : undefined}>
                      {me.role === 'HR_ADMIN' ? 'Dashboard' : me.role === 'UNION_REP' ? 'Shared with my union' : 'My consultations'}
                    </Link>
                  </li>
                  {(me.role === 'MANAGER' || me.role === 'HR_ADMIN') && (
                    <li class={`govuk-service-navigation__item${path === '/tasks' ? ' govuk-service-navigation__item--active' : ''}`}>
                      <Link href="/tasks" class="govuk-service-navigation__link" aria-current={path === '/tasks' ? 'page' : undefined}>
                        My tasks
                        {counts && counts.openTasks > 0 && <NavCount count={counts.openTasks} words="open" shown={String(counts.openTasks)} />}
                      </Link>
                    </li>
                  )}
                  {(me.role === 'STAFF' || me.role === 'UNION_REP') && questionsPath && (
                    <li class={`govuk-service-navigation__item${path === questionsPath ? ' govuk-service-navigation__item--active' : ''}`}>
                      <Link href={questionsPath} class="govuk-service-navigation__link" aria-current={path === questionsPath ? 'page' : undefined}>
                        Questions
                        {counts && counts.newAnswers > 0 && (
                          <NavCount
                            count={counts.newAnswers}
                            words={counts.newAnswers === 1 ? 'new answer' : 'new answers'}
                            shown={`${counts.newAnswers} new`}
                          />
                        )}
                      </Link>
                    </li>
                  )}
                  <li class={`govuk-service-navigation__item${path === '/settings' ? ' govuk-service-navigation__item--active' : ''}`}>
                    <Link href="/settings" class="govuk-service-navigation__link" aria-current={path === '/settings' ? 'page' : undefined}>
                      Email settings
                    </Link>
                  </li>
                  <li class="govuk-service-navigation__item">
                    <button type="button" class="govuk-service-navigation__link app-link-button" onClick={onSignOut}>
                      Sign out<span class="govuk-visually-hidden"> ({me.name})</span>
                    </button>
                  </li>
                </ul>
              </nav>
            )}
          </div>
        </div>
      </section>
      <div class="govuk-width-container">
        <main class="govuk-main-wrapper" id="main-content" role="main" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer class="govuk-footer" role="contentinfo">
        <div class="govuk-width-container">
          <div class="govuk-footer__meta">
            <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
              {me?.role === 'HR_ADMIN' && (
                <>
                  <h2 class="govuk-visually-hidden">Support links</h2>
                  <ul class="govuk-footer__inline-list">
                    <li class="govuk-footer__inline-list-item">
                      <Link href="/graphiql" class="govuk-footer__link">API explorer</Link>
                    </li>
                  </ul>
                </>
              )}
              <p class="govuk-body-s">
                {me ? <>Signed in as {me.name} ({me.email}). </> : null}
                Consult keeps a record of every change for the consultation's audit trail.
              </p>
            </div>
          </div>
        </div>
      </footer>
    </>
  )
}
