import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { onSessionExpired, request } from './api/client'
import { graphql } from './gql'
import { Layout } from './components/Layout'
import { Loading, PageHeading } from './components/govuk'
import { match, navigate, useLocation } from './router'
import { type Me, SessionContext } from './session'
import { SignInPage } from './pages/SignIn'
import { routes } from './routes'

const MeDocument = graphql(`
  query Me {
    me { id name email role union }
  }
`)

const SignOutDocument = graphql(`
  mutation SignOut { signOut }
`)

const SignOutPathDocument = graphql(`
  query SignOutPath {
    signInOptions { singleSignOn { signOutPath } }
  }
`)

export function App() {
  const location = useLocation()
  const [me, setMe] = useState<Me | null | undefined>(undefined)

  useEffect(() => {
    request(MeDocument)
      .then((data) => setMe(data.me))
      .catch(() => setMe(null))
  }, [])

  // A request refused because the session ended: back to sign-in, then to this page.
  useEffect(
    () =>
      onSessionExpired(() => {
        if (location.path === '/sign-in') return
        setMe(null)
        navigate(`/sign-in?expired=1&next=${encodeURIComponent(location.href)}`, { replace: true })
      }),
    [location.path, location.href],
  )

  useEffect(() => {
    if (me === null && location.path !== '/sign-in') {
      navigate(`/sign-in?next=${encodeURIComponent(location.href)}`, { replace: true })
    }
  }, [me, location.path, location.href])

  // With single sign-on, signing out is a page the browser goes to: it ends the session here
  // and, for a session begun at the provider, signs out there too.
  const [signOutPath, setSignOutPath] = useState<string | null>(null)
  useEffect(() => {
    request(SignOutPathDocument)
      .then((data) => setSignOutPath(data.signInOptions.singleSignOn?.signOutPath ?? null))
      .catch(() => setSignOutPath(null))
  }, [])

  const signOut = () => {
    if (signOutPath) {
      window.location.assign(signOutPath)
      return
    }
    request(SignOutDocument).finally(() => {
      setMe(null)
      navigate('/sign-in?signedOut=1', { replace: true })
    })
  }

  if (location.path === '/sign-in') {
    return (
      <Layout me={null} onSignOut={signOut} path={location.path}>
        <SignInPage query={location.query} onSignedIn={setMe} />
      </Layout>
    )
  }
  if (!me) {
    return (
      <Layout me={null} onSignOut={signOut} path={location.path}>
        <Loading />
      </Layout>
    )
  }
  let page = <NotFound />
  for (const [pattern, Page] of routes as [string, ComponentType<{ params: Record<string, string> }>][]) {
    const params = match(pattern, location.path)
    if (params) {
      page = <Page params={params} key={location.path} />
      break
    }
  }
  return (
    <SessionContext.Provider value={{ me, signOut }}>
      <Layout me={me} onSignOut={signOut} path={location.path}>
        {page}
      </Layout>
    </SessionContext.Provider>
  )
}

function NotFound() {
  return (
    <>
      <PageHeading title="Page not found">Page not found</PageHeading>
      <p class="govuk-body">If you typed the web address, check it is correct.</p>
      <p class="govuk-body">
        <a class="govuk-link" href="/">Go to your consultations</a>
      </p>
    </>
  )
}
