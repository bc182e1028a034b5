import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import AntApp from 'antd/es/app';
import ConfigProvider from 'antd/es/config-provider';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect, useLayoutEffect, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, type RouteObject, useLocation, useRouteError } from 'react-router-dom';
import { ApiProblem } from './api/client';
import { SessionProvider, useSession } from './api/session';
import type { Permission } from './api/types';
import { AppShell } from './components/app-shell';
import { PageLoading } from './components/page-loading';
import { usePrefersReducedMotion } from './components/use-reduced-motion';
import { removeFirstPaint } from './first-paint/first-paint';
import { i18n } from './i18n';
import { isStaffRole } from '../src/domain/access/roles.js';

const SignInPage = lazy(() => import('./pages/sign-in'));
const SetupPage = lazy(() => import('./pages/setup'));
const ForgotPasswordPage = lazy(() => import('./pages/password-reset').then((module) => ({ default: module.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => import('./pages/password-reset').then((module) => ({ default: module.ResetPasswordPage })));
const AccountPage = lazy(() => import('./pages/account'));
const AdminLayout = lazy(() => import('./pages/admin/admin-layout'));
const UsersPage = lazy(() => import('./pages/admin/users'));
const DepartmentsPage = lazy(() => import('./pages/admin/departments'));
const PositionsPage = lazy(() => import('./pages/admin/positions'));
const PoliciesPage = lazy(() => import('./pages/admin/policies'));
const OutboxPage = lazy(() => import('./pages/admin/outbox'));
const MailPage = lazy(() => import('./pages/admin/mail'));
const AuditLogPage = lazy(() => import('./pages/admin/audit-log'));
const RecurrenceRulesPage = lazy(() => import('./pages/admin/recurrence-rules'));
const SharedCannedRepliesPage = lazy(() => import('./pages/canned-replies'));
const WebhooksPage = lazy(() => import('./pages/admin/webhooks'));
const BackupsPage = lazy(() => import('./pages/admin/backups'));
const WallboardsPage = lazy(() => import('./pages/admin/wallboards'));
const OperationCenterPage = lazy(() => import('./pages/operation-center'));
const WallboardPage = lazy(() => import('./pages/wallboard'));
const NotFoundPage = lazy(() => import('./pages/not-found'));
const QueuesPage = lazy(() => import('./pages/cases/queues'));
const CaseViewPage = lazy(() => import('./pages/cases/case-view'));
const IntakePage = lazy(() => import('./pages/cases/intake'));
const PortalPage = lazy(() => import('./pages/portal/portal'));
const NewPortalCasePage = lazy(() => import('./pages/portal/new-case'));
const PortalProductsPage = lazy(() => import('./pages/portal/products'));
const PortalReportsPage = lazy(() => import('./pages/portal/reports'));
const OrganizationsPage = lazy(() => import('./pages/organizations'));
const OrganizationPage = lazy(() => import('./pages/organizations').then((module) => ({ default: module.OrganizationPage })));
const ImportsPage = lazy(() => import('./pages/imports'));
const VendorsPage = lazy(() => import('./pages/vendors'));
const UnmatchedMailPage = lazy(() => import('./pages/unmatched-mail'));
const ProductPage = lazy(() => import('./pages/products/product'));
const ProjectPage = lazy(() => import('./pages/projects/project'));
const NotificationsPage = lazy(() => import('./pages/notifications'));
const VisitsPage = lazy(() => import('./pages/service/visits'));
const FollowUpsPage = lazy(() => import('./pages/service/follow-ups'));
const SurveysPage = lazy(() => import('./pages/service/surveys'));
const SatisfactionReportPage = lazy(() => import('./pages/service/satisfaction-report'));
const RepeatFaultsPage = lazy(() => import('./pages/reports/repeat-faults'));
const OperationsReportPage = lazy(() => import('./pages/reports/operations'));
const TrainingsPage = lazy(() => import('./pages/service/trainings'));
const YearlyChecksPage = lazy(() => import('./pages/yearly-checks'));
const SearchPage = lazy(() => import('./pages/search/search'));
const ProblemsPage = lazy(() => import('./pages/problems/problems'));
const KnowledgeBasePage = lazy(() => import('./pages/knowledge-base'));
const HelpArticlesPage = lazy(() => import('./pages/knowledge-base').then((module) => ({ default: module.HelpArticlesPage })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Problems the user can act on (403, 404, validation) are not worth retrying.
      retry: (count, error) => !(error instanceof ApiProblem && error.status < 500) && count < 2,
    },
  },
});

export function App() {
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <LocalisedTheme>
          <AntApp>
            <RouterProvider router={router} />
          </AntApp>
        </LocalisedTheme>
      </QueryClientProvider>
    </I18nextProvider>
  );
}

function LocalisedTheme({ children }: { children: ReactNode }) {
  const { i18n: current } = useTranslation();
  const chinese = current.language === 'zh-CN';
  const reducedMotion = usePrefersReducedMotion();
  useEffect(() => {
    dayjs.locale(chinese ? 'zh-cn' : 'en');
  }, [chinese]);
  return (
    // Zero-runtime styles: antd's components take their rules from the prebuilt antd.css (web/main.tsx) instead of
    // generating and inserting them while the first screen renders; the theme below still applies at run time,
    // through the CSS variables antd writes from these tokens.
    <ConfigProvider
      locale={chinese ? zhCN : enUS}
      button={{ autoInsertSpace: false }}
      theme={{ zeroRuntime: true, token: { colorPrimary: '#1d5fbf', borderRadius: 4, motion: !reducedMotion } }}
    >
      {children}
    </ConfigProvider>
  );
}

/**
 * A route of the app, as one row of the table below: its address (none: a layout its children share), the permission a
 * role needs to open it (a role without it is shown the not-allowed text in the page's place, see `Allowed`), what it
 * shows, and the routes inside it.
 */
interface Page {
  path?: string;
  index?: true;
  permission?: Permission;
  element: ReactNode;
  children?: Page[];
}

/**
 * Every page of the app, declared once, for a data router: the router knows where a navigation goes before it happens,
 * which is what lets a page with unsaved text ask before it is left (`useUnsavedChangesGuard`). The Chinese walk of the
 * browser tests reads this table (test/browser/support/app-routes.ts): addresses and permissions as plain strings.
 */
const PAGES: Page[] = [
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/setup', element: <SetupPage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  // A screen on the wall: signed in by its own read-only token, no navigation around it.
  { path: '/wallboard', element: <WallboardPage /> },
  {
    element: <SignedIn />,
    children: [
      { index: true, element: <Home /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'cases/:id', permission: 'cases.read', element: <CaseViewPage /> },
      { path: 'search', permission: 'cases.read', element: <SearchPage /> },
      { path: 'notifications', permission: 'notifications.own', element: <NotificationsPage /> },
      { path: 'portal', element: <PortalPage /> },
      { path: 'portal/new', element: <NewPortalCasePage /> },
      { path: 'portal/help/:id?', permission: 'articles.read', element: <HelpArticlesPage /> },
      { path: 'portal/products', permission: 'assets.read', element: <PortalProductsPage /> },
      { path: 'portal/reports', permission: 'reports.operations', element: <PortalReportsPage /> },
      {
        // Pages of the staff console: a customer who types one of their addresses gets the not-allowed page.
        element: <ForAudience audience="staff" />,
        children: [
          { path: 'cases', permission: 'cases.read', element: <QueuesPage /> },
          { path: 'operation-center', permission: 'dashboard.read', element: <OperationCenterPage /> },
          { path: 'intake', permission: 'cases.create', element: <IntakePage /> },
          { path: 'organizations', permission: 'organizations.read', element: <OrganizationsPage /> },
          { path: 'organizations/import', permission: 'imports.run', element: <ImportsPage /> },
          { path: 'organizations/:id', permission: 'organizations.read', element: <OrganizationPage /> },
          { path: 'vendors', permission: 'vendors.read', element: <VendorsPage /> },
          { path: 'unmatched-mail', permission: 'inbound-mail.read', element: <UnmatchedMailPage /> },
          { path: 'products/:id', permission: 'organizations.read', element: <ProductPage /> },
          { path: 'projects/:id', permission: 'projects.read', element: <ProjectPage /> },
          { path: 'visits', permission: 'visits.read', element: <VisitsPage /> },
          { path: 'follow-ups', permission: 'follow-ups.read', element: <FollowUpsPage /> },
          { path: 'surveys', permission: 'surveys.read', element: <SurveysPage /> },
          { path: 'reports/satisfaction', permission: 'reports.satisfaction', element: <SatisfactionReportPage /> },
          { path: 'reports/repeat-faults', permission: 'reports.repeat-faults', element: <RepeatFaultsPage /> },
          { path: 'reports/escalations', permission: 'reports.operations', element: <OperationsReportPage report="escalations" /> },
          { path: 'reports/backlog', permission: 'reports.operations', element: <OperationsReportPage report="backlog" /> },
          { path: 'reports/workload', permission: 'reports.operations', element: <OperationsReportPage report="workload" /> },
          { path: 'reports/vendor-cases', permission: 'reports.operations', element: <OperationsReportPage report="vendor-cases" /> },
          { path: 'reports/first-response', permission: 'reports.operations', element: <OperationsReportPage report="first-response" /> },
          { path: 'reports/resolution', permission: 'reports.operations', element: <OperationsReportPage report="resolution" /> },
          { path: 'trainings/:id?', permission: 'trainings.read', element: <TrainingsPage /> },
          { path: 'problems/:id?', permission: 'problems.read', element: <ProblemsPage /> },
          { path: 'knowledge-base/:id?', permission: 'articles.read-all', element: <KnowledgeBasePage /> },
          { path: 'yearly-checks', permission: 'yearly-checks.read', element: <YearlyChecksPage /> },
          {
            path: 'admin',
            permission: 'policies.read',
            element: <AdminLayout />,
            children: [
              { index: true, element: <AdminHome /> },
              { path: 'users', permission: 'users.manage', element: <UsersPage /> },
              { path: 'departments', permission: 'departments.manage', element: <DepartmentsPage /> },
              { path: 'positions', permission: 'positions.manage', element: <PositionsPage /> },
              { path: 'policies', element: <PoliciesPage /> },
              { path: 'outbox', permission: 'outbox.read', element: <OutboxPage /> },
              { path: 'mail', permission: 'outbox.read', element: <MailPage /> },
              { path: 'audit', permission: 'audit.read', element: <AuditLogPage /> },
              { path: 'recurrence', permission: 'problems.read', element: <RecurrenceRulesPage /> },
              { path: 'canned-replies', permission: 'canned-replies.share', element: <SharedCannedRepliesPage /> },
              { path: 'webhooks', permission: 'webhooks.manage', element: <WebhooksPage /> },
              { path: 'backups', permission: 'backups.read', element: <BackupsPage /> },
              { path: 'wallboards', permission: 'wallboards.manage', element: <WallboardsPage /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

/** The table as the router's routes: a page with a permission is shown inside `Allowed`. */
function routesOf(pages: Page[]): RouteObject[] {
  return pages.map(({ path, index, permission, element: page, children }) => {
    const element = permission ? <Allowed permission={permission}>{page}</Allowed> : page;
    return index ? { index, element } : { path, element, ...(children && { children: routesOf(children) }) };
  });
}

const router = createBrowserRouter([{ element: <Root />, errorElement: <RenderFault />, children: routesOf(PAGES) }]);

/** Around every page: who is signed in, and a spinner while a page's code loads. */
function Root() {
  const { pathname } = useLocation();
  // The boot script's first paint is the queue's (web/first-paint/): on any other page it gives way at once.
  useLayoutEffect(() => {
    if (pathname !== '/cases') removeFirstPaint();
  }, [pathname]);
  return (
    <SessionProvider>
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </SessionProvider>
  );
}

/**
 * A page that throws while rendering stays an uncaught error, as it was before the data router: the router's own
 * error screen would otherwise swallow it into a console message that neither the browser tests nor an error
 * reporter see.
 */
function RenderFault(): never {
  const error = useRouteError();
  throw error instanceof Error ? error : new Error(String(error));
}

/** Everything past sign-in: the shell with the header; signed-out visitors go to the sign-in page and come back. */
function SignedIn() {
  const { session, endedBy } = useSession();
  const location = useLocation();
  if (session === undefined) return <PageLoading />;
  if (session === null) {
    if (endedBy === 'user') return <Navigate to="/sign-in" replace />;
    const back = location.pathname + location.search;
    return <Navigate to={back === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(back)}`} replace />;
  }
  return <AppShell />;
}

/** Who a page is for. Staff pages stay staff pages even where a customer holds the permission its data needs. */
type Audience = 'staff';

function ForAudience({ audience }: { audience: Audience }) {
  const { user } = useSession();
  const { t } = useTranslation();
  if (audience === 'staff' && user && !isStaffRole(user.role)) return <p role="alert">{t('app.forbidden')}</p>;
  return <Outlet />;
}

function Allowed({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useSession();
  const { t } = useTranslation();
  if (!can(permission)) return <p role="alert">{t('app.forbidden')}</p>;
  return <>{children}</>;
}

function AdminHome() {
  const { can } = useSession();
  return <Navigate to={can('users.manage') ? 'users' : 'policies'} replace />;
}

/** The start page depends on the role: staff work from the queues, customers from the portal. */
function Home() {
  const { user, can } = useSession();
  if (user && !isStaffRole(user.role)) return <Navigate to="/portal" replace />;
  if (can('cases.read')) return <Navigate to="/cases" replace />;
  return <Navigate to="/account" replace />;
}
