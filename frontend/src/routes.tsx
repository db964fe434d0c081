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
import { HrDashboardPage } from './pages/hr/Dashboard'
import { NewProposalPage } from './pages/hr/NewProposal'
import { WorkspacePage } from './pages/hr/Workspace'
import { SectionEditorPage } from './pages/hr/SectionEditor'
import { OutboxPage } from './pages/hr/Outbox'
import { AuditPage } from './pages/hr/Audit'
import { StructurePage } from './pages/hr/Structure'
import { PeoplePage } from './pages/hr/People'
import { JobDescriptionEditorPage } from './pages/hr/JobDescriptionEditor'
import { TimetablePage } from './pages/hr/Timetable'
import { ChecklistPage } from './pages/hr/Checklist'
import { FormSetupPage } from './pages/hr/FormSetup'
import { ResponsesPage } from './pages/hr/Responses'
import { QuestionLogPage } from './pages/hr/QuestionLog'
import { OutcomePage } from './pages/hr/Outcome'
import { MyTasksPage } from './pages/manager/MyTasks'
import { useMe } from './session'

type Page = ComponentType<{ params: Record<string, string> }>

/** HR starts at the dashboard; everyone else at the consultations that concern them. */
function HomePage({ params }: { params: Record<string, string> }) {
  return useMe().role === 'HR_ADMIN' ? <HrDashboardPage params={params} /> : <MyConsultationsPage />
}

export const routes: [string, Page][] = [
  ['/', HomePage],
  // HR: a new proposal (before /proposals/:id, which would match it).
  ['/proposals/new', NewProposalPage],
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
  // The HR workspace of a proposal (WorkspaceNav lists these pages).
  ['/proposals/:id/manage', WorkspacePage],
  // One section of the proposal: background, rationale, proposal, benefits, alternatives,
  // risks, equality, agency-workers, s188-items.
  ['/proposals/:id/manage/:section', SectionEditorPage],
  ['/proposals/:id/structure', StructurePage],
  ['/proposals/:id/people', PeoplePage],
  ['/proposals/:id/job-descriptions/:jdId/edit', JobDescriptionEditorPage],
  ['/proposals/:id/timetable', TimetablePage],
  ['/proposals/:id/checklist', ChecklistPage],
  ['/proposals/:id/form', FormSetupPage],
  ['/proposals/:id/responses', ResponsesPage],
  ['/proposals/:id/question-log', QuestionLogPage],
  ['/proposals/:id/outcome', OutcomePage],
  ['/proposals/:id/outbox', OutboxPage],
  ['/proposals/:id/audit', AuditPage],
  // The manager's desk: questions to answer, checklist steps, approvals.
  ['/tasks', MyTasksPage],
]
