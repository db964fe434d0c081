// Every page of the app and the address it lives at. Emails link to /proposals/{id}.
import type { ComponentType } from 'preact'
import { MyConsultationsPage } from './pages/MyConsultations'
import { ProposalPage } from './pages/proposal/ProposalPage'
import { JobDescriptionPage } from './pages/proposal/JobDescriptionPage'
import { ChangesPage } from './pages/proposal/ChangesPage'
import { FeedbackStartPage, FeedbackStepPage } from './pages/feedback/FeedbackPages'
import { QuestionsPage } from './pages/feedback/QuestionsPage'
import { UnionResponsePage } from './pages/union/UnionResponsePage'
import { TeamResponsesPage } from './pages/feedback/TeamResponsesPage'
import { StaffFeedbackPage } from './pages/union/StaffFeedbackPage'
import { InformationRequestsPage } from './pages/union/InformationRequestsPage'
import { MySituationPage } from './pages/situation/MySituation'
import { useMe } from './session'
import { lazyPage } from './lazy'
import { ProblemPage } from './components/govuk'
import { ApiError } from './api/client'

// HR's and managers' pages load when first opened: staff and union representatives, often
// on phones, never download them.
const HrDashboardPage = lazyPage(() => import('./pages/hr/Dashboard'), 'HrDashboardPage')
const NewProposalPage = lazyPage(() => import('./pages/hr/NewProposal'), 'NewProposalPage')
const WorkspacePage = lazyPage(() => import('./pages/hr/Workspace'), 'WorkspacePage')
const SectionEditorPage = lazyPage(() => import('./pages/hr/SectionEditor'), 'SectionEditorPage')
const OutboxPage = lazyPage(() => import('./pages/hr/Outbox'), 'OutboxPage')
const AuditPage = lazyPage(() => import('./pages/hr/Audit'), 'AuditPage')
const StructurePage = lazyPage(() => import('./pages/hr/Structure'), 'StructurePage')
const PeoplePage = lazyPage(() => import('./pages/hr/People'), 'PeoplePage')
const RingFencesPage = lazyPage(() => import('./pages/hr/RingFences'), 'RingFencesPage')
const JobDescriptionEditorPage = lazyPage(() => import('./pages/hr/JobDescriptionEditor'), 'JobDescriptionEditorPage')
const TimetablePage = lazyPage(() => import('./pages/hr/Timetable'), 'TimetablePage')
const ChecklistPage = lazyPage(() => import('./pages/hr/Checklist'), 'ChecklistPage')
const FormSetupPage = lazyPage(() => import('./pages/hr/FormSetup'), 'FormSetupPage')
const ResponsesPage = lazyPage(() => import('./pages/hr/Responses'), 'ResponsesPage')
const QuestionLogPage = lazyPage(() => import('./pages/hr/QuestionLog'), 'QuestionLogPage')
const OutcomePage = lazyPage(() => import('./pages/hr/Outcome'), 'OutcomePage')
const StillOpenPage = lazyPage(() => import('./pages/hr/StillOpen'), 'StillOpenPage')
const CasesPage = lazyPage(() => import('./pages/hr/Cases'), 'CasesPage')
const CasePage = lazyPage(() => import('./pages/hr/CasePage'), 'CasePage')
const EqualityMonitoringPage = lazyPage(() => import('./pages/hr/EqualityMonitoring'), 'EqualityMonitoringPage')
const CharacteristicsPage = lazyPage(() => import('./pages/hr/EqualityMonitoring'), 'CharacteristicsPage')
const SelectionPage = lazyPage(() => import('./pages/hr/SelectionMatrix'), 'SelectionPage')
const LetterTemplatesPage = lazyPage(() => import('./pages/hr/LetterTemplates'), 'LetterTemplatesPage')
const MeetingPage = lazyPage(() => import('./pages/meeting/MeetingPage'), 'MeetingPage')
const SubjectAccessPage = lazyPage(() => import('./pages/hr/SubjectAccess'), 'SubjectAccessPage')
const RetentionPage = lazyPage(() => import('./pages/hr/Retention'), 'RetentionPage')
const MyTasksPage = lazyPage(() => import('./pages/manager/MyTasks'), 'MyTasksPage')
const ScoringPage = lazyPage(() => import('./pages/manager/Scoring'), 'ScoringPage')
const TrialReviewPage = lazyPage(() => import('./pages/manager/TrialReview'), 'TrialReviewPage')
// Everyone's, but seldom opened (from an email's footer or the navigation): its own chunk too.
const SettingsPage = lazyPage(() => import('./pages/Settings'), 'SettingsPage')
// The API explorer (GraphiQL), which loads React and GraphiQL in a chunk of their own.
const ApiExplorerPage = lazyPage(() => import('./pages/ApiExplorer'), 'ApiExplorerPage')

type Page = ComponentType<{ params: Record<string, string> }>

/**
 * HR's pages, which staff and union representatives never reach through a link: one who
 * follows an address there gets the app's page for "no access" before anything loads, not a
 * server refusal about whatever the page happened to ask first. Managers go on to the page,
 * whose server answers decide what a sponsor may see.
 */
function forHrAndManagers(Inner: Page): Page {
  return function HrPage(props) {
    const role = useMe().role
    if (role === 'STAFF' || role === 'UNION_REP') {
      return <ProblemPage error={new ApiError('This page is for HR and the managers running the consultation. Your consultations show what you can see and do.', 'FORBIDDEN')} />
    }
    return <Inner {...props} />
  }
}

/** HR starts at the dashboard; everyone else at the consultations that concern them. */
function HomePage({ params }: { params: Record<string, string> }) {
  return useMe().role === 'HR_ADMIN' ? <HrDashboardPage params={params} /> : <MyConsultationsPage />
}

export const routes: [string, Page][] = [
  ['/', HomePage],
  // HR: a new proposal (before /proposals/:id, which would match it).
  ['/proposals/new', forHrAndManagers(NewProposalPage)],
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
  // Team responses (issue 20): staff respond as a group; unions endorse them.
  ['/proposals/:id/team-responses', TeamResponsesPage],
  // After the decision: the signed-in employee's own case, meetings, letters and scores.
  ['/proposals/:id/my-situation', MySituationPage],
  // The HR workspace of a proposal (WorkspaceNav lists these pages).
  ['/proposals/:id/manage', forHrAndManagers(WorkspacePage)],
  // One section of the proposal: background, rationale, proposal, benefits, alternatives,
  // risks, equality, agency-workers, s188-items.
  ['/proposals/:id/manage/:section', forHrAndManagers(SectionEditorPage)],
  ['/proposals/:id/structure', forHrAndManagers(StructurePage)],
  ['/proposals/:id/people', forHrAndManagers(PeoplePage)],
  // The ring-fence pools: change, add members to or remove each (reached from the people page).
  ['/proposals/:id/ring-fences', forHrAndManagers(RingFencesPage)],
  // HR: a subject access request (UK GDPR Art. 15): one person's data as a JSON file.
  ['/proposals/:id/subject-access', forHrAndManagers(SubjectAccessPage)],
  ['/proposals/:id/job-descriptions/:jdId/edit', forHrAndManagers(JobDescriptionEditorPage)],
  ['/proposals/:id/timetable', forHrAndManagers(TimetablePage)],
  // The record of one meeting: attendance, minutes, documents tabled and actions agreed
  // (HR writes it; union representatives read the shared minutes and confirm or dispute them).
  ['/proposals/:id/meetings/:meetingId', MeetingPage],
  ['/proposals/:id/checklist', forHrAndManagers(ChecklistPage)],
  ['/proposals/:id/form', forHrAndManagers(FormSetupPage)],
  ['/proposals/:id/responses', forHrAndManagers(ResponsesPage)],
  ['/proposals/:id/question-log', forHrAndManagers(QuestionLogPage)],
  ['/proposals/:id/outcome', forHrAndManagers(OutcomePage)],
  // The individual stage after the decision (issue 16): the people board, each case
  // (`?view=…` for its steps) and a pool's selection matrix.
  ['/proposals/:id/cases', forHrAndManagers(CasesPage)],
  ['/proposals/:id/cases/:employeeId', forHrAndManagers(CasePage)],
  ['/proposals/:id/cases/:employeeId/characteristics', forHrAndManagers(CharacteristicsPage)],
  ['/proposals/:id/equality', forHrAndManagers(EqualityMonitoringPage)],
  ['/proposals/:id/selection/:ringFenceId', forHrAndManagers(SelectionPage)],
  ['/proposals/:id/outbox', forHrAndManagers(OutboxPage)],
  ['/proposals/:id/audit', forHrAndManagers(AuditPage)],
  // The manager's desk: questions to answer, checklist steps, approvals.
  ['/tasks', MyTasksPage],
  // An assessor scores a selection pool (`?candidate=` is one candidate's form).
  ['/tasks/scoring/:ringFenceId', ScoringPage],
  // The sponsor (or HR) confirms or ends a trial period in a new post.
  ['/tasks/trials/:offerId', TrialReviewPage],
  // HR: the employer's letter templates of the individual stage.
  ['/letter-templates', forHrAndManagers(LetterTemplatesPage)],
  // HR: how long a decided consultation's personal data is kept (part of the employer policy).
  ['/employer-policy/retention', forHrAndManagers(RetentionPage)],
  // How the signed-in person gets emails (each at once, or a daily one); every email links here.
  ['/settings', SettingsPage],
  // GraphiQL on the API, signed in by the session (linked from HR's footer; any role may open it).
  ['/graphiql', ApiExplorerPage],
  // Information the unions asked for (issue 20): HR, the sponsor and the union that asked.
  ['/proposals/:id/information-requests', InformationRequestsPage],
  // HR: what the dialogue still waits for (challenged answers, information requests, grading challenges).
  ['/proposals/:id/still-open', forHrAndManagers(StillOpenPage)],
]
