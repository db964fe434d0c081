// The timetable of a proposal for HR: the consultation period, the meetings (each change is
// emailed to those invited with a calendar file), the implementation plan, and the s188
// position with what HR records for it. Each change is made on its own small page
// (`?view=…`) and returns here with a success banner (`?done=…`).
// Each section (the period, meetings, the plan, s188) and its forms is in timetable/.
import { useEffect, useRef, useState } from 'preact/hooks'
import { request } from '../../api/client'
import { useQuery } from '../../api/hooks'
import { InsetText, Loading, NotificationBanner, PageHeading, ProblemPage } from '../../components/govuk'
import { navigate, useLocation } from '../../router'
import { pageProblem } from '../../components/pageProblem'
import { S188Panel } from '../union/S188Panel'
import { RefusalSummary } from './workspaceKit'
import { focusBanner } from '../../focus'
import { useForm } from '../../form'
import { WorkspaceFrame } from './WorkspaceNav'
import { CancelMeeting, MeetingForm, MeetingGone, MeetingList } from './timetable/meetings'
import { PeriodForm, PeriodSummary } from './timetable/period'
import { ImplementationSteps, StepForm, TimetablePageCompleteStepDocument } from './timetable/plan'
import { DisclosureForm, Hr1Form, S188Actions } from './timetable/s188'
import { ButtonLink, emailsGoOut, notYetEmailed, type Proposal, TimetablePageDocument } from './timetable/shared'

/** What the overview says after each kind of change. */
const doneMessages: Record<string, { heading: string; body?: string }> = {
  period: { heading: 'The consultation period has been saved.' },
  scheduled: {
    heading: 'The meeting has been scheduled.',
    body: 'Everyone invited is being emailed an invitation with a calendar file (.ics) to add it to their calendar.',
  },
  'scheduled-uninvited': {
    heading: 'The meeting has been scheduled.',
    body: 'Nobody is invited to it, so no invitations were emailed.',
  },
  moved: {
    heading: 'The meeting has been changed.',
    body: 'Everyone invited is being emailed the change with an updated calendar file, so it moves in their calendar.',
  },
  cancelled: {
    heading: 'The meeting has been cancelled.',
    body: 'Everyone invited is being emailed the cancellation with a calendar file that removes it from their calendar.',
  },
  'step-added': { heading: 'The step has been added to the implementation plan.' },
  'step-done': { heading: 'The step has been marked as done.' },
  disclosure: {
    heading: 'The written disclosure has been recorded.',
    body: 'Consultation under section 188 counts from the day the representatives received it.',
  },
  hr1: { heading: 'The HR1 notice has been recorded.' },
}

export function TimetablePage({ params }: { params: Record<string, string> }) {
  const id = params.id
  const location = useLocation()
  const view = location.query.get('view')
  const { data, error, reload } = useQuery(TimetablePageDocument, { id })
  if (error) return <ProblemPage error={pageProblem(error)} />
  if (!data) return <Loading />
  const proposal = data.proposal
  const base = `/proposals/${id}/timetable`
  // Shown again only once the list no longer holds what was just done (rows moving under a click).
  const finish = async (done: string) => {
    await reload()
    navigate(`${base}?done=${done}`)
  }
  const meeting = proposal.meetings.find((m) => m.id === location.query.get('meeting'))
  let content
  if (view === 'period') content = <PeriodForm proposal={proposal} onDone={finish} />
  else if (view === 'new-meeting') content = <MeetingForm proposal={proposal} onDone={finish} />
  else if (view === 'change-meeting' && meeting && !meeting.cancelled)
    content = <MeetingForm key={meeting.id} proposal={proposal} meeting={meeting} onDone={finish} />
  else if (view === 'cancel-meeting' && meeting && !meeting.cancelled)
    content = <CancelMeeting key={meeting.id} proposal={proposal} meeting={meeting} onDone={finish} />
  else if (view === 'new-step') content = <StepForm proposal={proposal} onDone={finish} />
  else if (view === 'disclosure') content = <DisclosureForm proposal={proposal} onDone={finish} />
  else if (view === 'hr1') content = <Hr1Form proposal={proposal} onDone={finish} />
  else if (view === 'change-meeting' || view === 'cancel-meeting') content = <MeetingGone proposal={proposal} />
  else content = <Overview proposal={proposal} done={location.query.get('done')} onChanged={reload} />
  return (
    <WorkspaceFrame proposalId={id} current="timetable">
      {content}
    </WorkspaceFrame>
  )
}

function Overview({ proposal, done, onChanged }: { proposal: Proposal; done: string | null; onChanged: () => void }) {
  const bannerRef = useRef<HTMLDivElement>(null)
  const stepForm = useForm()
  const [stepDone, setStepDone] = useState<string | null>(null)
  // Which step's button was pressed: only that one shows as busy.
  const [pressedStep, setPressedStep] = useState<string | null>(null)
  const busyStep = stepForm.busy ? pressedStep : null
  const known = done ? doneMessages[done] : undefined
  const aboutMeeting = done === 'scheduled' || done === 'moved' || done === 'cancelled'
  const message = known && aboutMeeting && !emailsGoOut(proposal) ? { ...known, body: notYetEmailed } : known
  useEffect(() => {
    if (message || stepDone) focusBanner(bannerRef.current)
  }, [message?.heading, stepDone])

  const markDone = (stepId: string, activity: string) => {
    setPressedStep(stepId)
    return stepForm.submit([], async () => {
      await request(TimetablePageCompleteStepDocument, { id: stepId })
      setStepDone(activity)
      onChanged()
    })
  }

  const base = `/proposals/${proposal.id}/timetable`
  return (
    <>
      <div ref={bannerRef}>
        {stepDone ? (
          <NotificationBanner success>
            <p class="govuk-notification-banner__heading">“{stepDone}” has been marked as done.</p>
          </NotificationBanner>
        ) : (
          message && (
            <NotificationBanner success>
              <p class="govuk-notification-banner__heading">{message.heading}</p>
              {message.body && <p class="govuk-body">{message.body}</p>}
            </NotificationBanner>
          )
        )}
      </div>
      <PageHeading title={`Timetable and s188: ${proposal.title}`} caption={proposal.title}>
        Timetable and s188
      </PageHeading>

      <h2 class="govuk-heading-l" id="period">Consultation period</h2>
      <PeriodSummary proposal={proposal} />
      <ButtonLink href={`${base}?view=period`}>Change the consultation period</ButtonLink>

      <h2 class="govuk-heading-l" id="meetings">Meetings</h2>
      <p class="govuk-body">
        Everyone invited to a meeting is emailed an invitation with a calendar file (.ics). When you move or cancel a meeting
        they are emailed the change, and the calendar file updates the meeting in their calendar.
      </p>
      {!emailsGoOut(proposal) && <InsetText>{notYetEmailed}</InsetText>}
      <ButtonLink href={`${base}?view=new-meeting`}>Schedule a meeting</ButtonLink>
      <MeetingList proposal={proposal} />

      <h2 class="govuk-heading-l" id="implementation">Implementation plan</h2>
      {stepForm.problem && <RefusalSummary title="The step could not be marked as done" error={stepForm.problem} proposalId={proposal.id} />}
      <ImplementationSteps proposal={proposal} busyStep={busyStep} onDone={markDone} />
      <ButtonLink href={`${base}?view=new-step`}>Add a step</ButtonLink>

      <S188Panel proposalId={proposal.id} />
      <S188Actions proposal={proposal} />
    </>
  )
}
