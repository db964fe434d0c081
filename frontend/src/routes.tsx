// Every page of the app and the address it lives at. Emails link to /proposals/{id}.
import type { ComponentType } from 'preact'
import { MyConsultationsPage } from './pages/MyConsultations'
import { ProposalPage } from './pages/proposal/ProposalPage'
import { JobDescriptionPage } from './pages/proposal/JobDescriptionPage'
import { ChangesPage } from './pages/proposal/ChangesPage'
import { FeedbackStartPage, FeedbackStepPage } from './pages/feedback/FeedbackPages'
import { QuestionsPage } from './pages/feedback/QuestionsPage'
import { UnionResponsePage } from './pages/union/UnionResponsePage'
import { StaffFeedbackPage } from './pages/union/StaffFeedbackPage'

type Page = ComponentType<{ params: Record<string, string> }>

export const routes: [string, Page][] = [
  ['/', MyConsultationsPage],
  ['/proposals/:id', ProposalPage],
  ['/proposals/:id/job-descriptions/:jdId', JobDescriptionPage],
  ['/proposals/:id/changes', ChangesPage],
  // The staff feedback form: start page, then :step is `confidentiality`,
  // `questions-<n>` (one question per page), `check` or `confirmation`.
  ['/proposals/:id/feedback', FeedbackStartPage],
  ['/proposals/:id/feedback/:step', FeedbackStepPage],
  // Questions I (or my union) raised and their answers; ask a new one.
  ['/proposals/:id/questions', QuestionsPage],
  // Union representatives: the collective response and the aggregated staff feedback.
  ['/proposals/:id/union-response', UnionResponsePage],
  ['/proposals/:id/staff-feedback', StaffFeedbackPage],
]
