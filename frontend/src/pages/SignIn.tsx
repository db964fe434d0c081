import { useEffect, useState } from 'preact/hooks'
import { ApiError, request } from '../api/client'
import { graphql } from '../gql'
import { Button, ErrorSummary, type FieldError, NotificationBanner, PageHeading, TextInput, errorFor } from '../components/govuk'
import { navigate } from '../router'
import { type Me, safeNext } from '../session'

const LoginDocument = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) { user { id name email role union } }
  }
`)

const SignInWithLinkDocument = graphql(`
  mutation SignInWithLink($input: SignInWithLinkInput!) {
    signInWithLink(input: $input) { user { id name email role union } }
  }
`)

const SignInOptionsDocument = graphql(`
  query SignInOptions {
    signInOptions { passwordSignIn singleSignOn { providerName startPath } }
  }
`)

/** Why a sign-in through the organisation's provider came back here (`?problem=`). */
const singleSignOnProblems: Record<string, string> = {
  'sso-unknown-email': 'There is no Consult account for the email address your organisation gave. Ask HR to create one for you.',
  'sso-unverified-email': 'Your organisation did not confirm your email address, so Consult cannot match it to an account. Ask your IT service desk.',
  'sso-account-disabled': 'Your account has been disabled. Ask HR if you need access again.',
  'sso-cancelled': 'Signing in with your organisation was cancelled. Try again.',
  'sso-failed': 'Signing in with your organisation did not work. Try again; if it keeps happening, contact your IT service desk.',
}

type SignInOptions = { passwordSignIn: boolean; singleSignOn?: { providerName: string; startPath: string } | null }

/** Sign-in with email and password, or, from an invitation email, with its link; or with the
 * organisation's provider when single sign-on is on. */
export function SignInPage({ query, onSignedIn }: { query: URLSearchParams; onSignedIn: (me: Me) => void }) {
  const token = query.get('token')
  const asked = query.get('next')
  const next = safeNext(asked)
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  // Not useForm: every sign-in failure, from the API or the network, is told on the field, never
  // as a problem above the form, and a failure that is not the API's has its own wording.
  const [errors, setErrors] = useState<FieldError[]>([])
  const [busy, setBusy] = useState(false)
  const [options, setOptions] = useState<SignInOptions | null>(null)
  useEffect(() => {
    request(SignInOptionsDocument)
      .then((data) => setOptions(data.signInOptions))
      .catch(() => setOptions({ passwordSignIn: true }))
  }, [])
  const problem = singleSignOnProblems[query.get('problem') ?? '']
  const sso = options?.singleSignOn
  // Until the options are known, the password form shows as it always has.
  const passwords = options?.passwordSignIn ?? true

  const done = (me: Me) => {
    onSignedIn(me)
    // A manager's work is their tasks: they land there unless a link asked for a page.
    navigate(me.role === 'MANAGER' && safeNext(asked) === '/' ? '/tasks' : next, { replace: true })
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    const problems: FieldError[] = []
    if (!token && !email.trim()) problems.push({ field: 'email', message: 'Enter your email address' })
    if (!password) problems.push({ field: 'password', message: token ? 'Enter a new password' : 'Enter your password' })
    if (token && password && password.length < 12) problems.push({ field: 'password', message: 'Your new password must be 12 characters or more' })
    setErrors(problems)
    if (problems.length > 0) return
    setBusy(true)
    try {
      if (token) {
        const data = await request(SignInWithLinkDocument, { input: { token, newPassword: password } })
        done(data.signInWithLink.user)
      } else {
        const data = await request(LoginDocument, { input: { email: email.trim(), password } })
        done(data.login.user)
      }
    } catch (error) {
      const message = error instanceof ApiError ? error.message : 'Sign-in failed. Try again.'
      setErrors([{ field: token ? 'password' : 'email', message }])
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        {query.get('expired') && (
          <NotificationBanner title="Signed out">
            <p class="govuk-notification-banner__heading">Your session has ended. Sign in again to carry on where you were.</p>
          </NotificationBanner>
        )}
        {query.get('signedOut') && (
          <NotificationBanner title="Signed out">
            <p class="govuk-notification-banner__heading">You have signed out.</p>
          </NotificationBanner>
        )}
        <ErrorSummary errors={errors} />
        {problem && (
          <div class="govuk-error-summary" data-module="govuk-error-summary">
            <div role="alert">
              <h2 class="govuk-error-summary__title">There is a problem</h2>
              <div class="govuk-error-summary__body">
                <p class="govuk-body">{problem}</p>
              </div>
            </div>
          </div>
        )}
        <PageHeading title={token && passwords ? 'Set your password' : 'Sign in'}>{token && passwords ? 'Set your password' : 'Sign in to Consult'}</PageHeading>
        {sso && (
          <>
            <p class="govuk-body">Use the account you use for work.</p>
            <a href={sso.startPath} role="button" draggable={false} class="govuk-button govuk-button--start" data-module="govuk-button">
              Sign in with {sso.providerName}
            </a>
          </>
        )}
        {passwords && (
          <>
            {sso && <h2 class="govuk-heading-m">Or sign in with a password</h2>}
            {token ? (
              <p class="govuk-body">You were invited to Consult. Choose a password to finish setting up your account; you will use it with your work email address next time.</p>
            ) : (
              <p class="govuk-body">Use your work email address and the password you set when you were invited.</p>
            )}
            <form onSubmit={submit} noValidate>
              {!token && (
                <TextInput id="email" label="Email address" type="email" autocomplete="username" spellcheck={false} value={email} onInput={setEmail} error={errorFor(errors, 'email')} />
              )}
              <TextInput
                id="password"
                label={token ? 'New password' : 'Password'}
                hint={token ? 'At least 12 characters. A few words you will remember works well.' : undefined}
                type="password"
                autocomplete={token ? 'new-password' : 'current-password'}
                value={password}
                onInput={setPassword}
                error={errorFor(errors, 'password')}
              />
              <Button disabled={busy}>{token ? 'Set password and sign in' : 'Sign in'}</Button>
            </form>
          </>
        )}
      </div>
    </div>
  )
}
