import { useState } from 'preact/hooks'
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

/** Sign-in with email and password, or, from an invitation email, with its link. */
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
        <PageHeading title={token ? 'Set your password' : 'Sign in'}>{token ? 'Set your password' : 'Sign in to Consult'}</PageHeading>
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
      </div>
    </div>
  )
}
