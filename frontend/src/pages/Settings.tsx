// How the signed-in person gets Consult's emails (issue 21): each as it happens, or the ones
// that are not statutory gathered into one email a day. Every email's footer links here.
import { useEffect, useRef, useState } from 'preact/hooks'
import { request } from '../api/client'
import { useQuery } from '../api/hooks'
import { graphql } from '../gql'
import { Button, ChoiceField, ErrorSummary, Loading, NotificationBanner, PageHeading, ProblemPage, errorFor } from '../components/govuk'
import { focusBanner } from '../focus'
import { useForm } from '../form'
import { useMe } from '../session'

const SettingsPageDocument = graphql(`
  query SettingsPage {
    myNotificationPreferences { dailyDigest }
  }
`)

const SettingsPageSaveDocument = graphql(`
  mutation SettingsPageSave($input: SetNotificationPreferencesInput!) {
    setNotificationPreferences(input: $input) { dailyDigest }
  }
`)

const FIELD = 'email-frequency'

export function SettingsPage() {
  const { data, error } = useQuery(SettingsPageDocument, {})
  if (error) return <ProblemPage error={error} />
  if (!data) return <Loading />
  return <SettingsForm initial={data.myNotificationPreferences.dailyDigest} />
}

function SettingsForm({ initial }: { initial: boolean }) {
  // HR also get the statutory reminders of the HR1 form and the minimum consultation period.
  const hr = useMe().role === 'HR_ADMIN'
  const [dailyDigest, setDailyDigest] = useState(initial)
  const form = useForm({ 'input.dailyDigest': FIELD })
  const { errors, problem, busy, attempt } = form
  const [saved, setSaved] = useState(false)
  const bannerRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (saved) focusBanner(bannerRef.current)
  }, [saved])

  const save = (event: Event) => {
    event.preventDefault()
    setSaved(false)
    // Nothing to check here: one of the two choices is always selected.
    void form.submit([], async () => {
      const result = await request(SettingsPageSaveDocument, { input: { dailyDigest } })
      setDailyDigest(result.setNotificationPreferences.dailyDigest)
      setSaved(true)
    })
  }

  // A refusal that is not about the choice is told in the summary, which links to it.
  const summary = problem ? [{ field: FIELD, message: problem.message }] : errors
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <div ref={bannerRef}>
          {saved && (
            <NotificationBanner success>
              <p class="govuk-notification-banner__heading">Your email settings have been saved.</p>
            </NotificationBanner>
          )}
        </div>
        <ErrorSummary errors={summary} />
        <PageHeading title="Email settings">Email settings</PageHeading>
        <p class="govuk-body">
          Consult emails you about the consultations you take part in: for example when a question is answered, a meeting is arranged or a
          deadline is near.
        </p>
        <form noValidate onSubmit={save}>
          <ChoiceField
            id={FIELD}
            label="How do you want to get these emails?"
            hint={`Emails the law requires are always sent straight away, whichever you choose: a consultation opening or closing, ${
              hr ? 'the HR1 form and the minimum consultation period, ' : ''
            }the decision, letters about your job, notice of dismissal, and appeal deadlines and hearings. Meeting invitations and changes also come straight away, with their calendar entry.`}
            choices={[
              { value: 'each', label: 'Send each email as it happens' },
              { value: 'daily', label: 'Send one email a day with everything that is not urgent', hint: 'It comes at 8am (UK time) on days when there is something to tell you.' },
            ]}
            values={[dailyDigest ? 'daily' : 'each']}
            onChange={(chosen) => setDailyDigest(chosen[0] === 'daily')}
            error={errorFor(errors, FIELD)}
          />
          <Button key={attempt} disabled={busy}>Save email settings</Button>
        </form>
      </div>
    </div>
  )
}
