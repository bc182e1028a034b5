import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import AntApp from 'antd/es/app';
import ConfigProvider from 'antd/es/config-provider';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect, useLayoutEffect, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import {
  createBrowserRouter,
  createRoutesFromElements,
  Navigate,
  Outlet,
  Route,
  RouterProvider,
  useLocation,
  useRouteError,
} from 'react-router-dom';
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
 * Every page of the app, declared once for a data router: the router knows where a navigation goes before it happens,
 * which is what lets a page with unsaved text ask before it is left (`useUnsavedChangesGuard`).
 */
const routes = createRoutesFromElements(
  <Route element={<Root />} errorElement={<RenderFault />}>
    <Route path="/sign-in" element={<SignInPage />} />
    <Route path="/setup" element={<SetupPage />} />
    <Route path="/forgot-password" element={<ForgotPasswordPage />} />
    <Route path="/reset-password" element={<ResetPasswordPage />} />
    {/* A screen on the wall: signed in by its own read-only token, no navigation around it. */}
    <Route path="/wallboard" element={<WallboardPage />} />
    <Route element={<SignedIn />}>
      <Route index element={<Home />} />
      <Route path="account" element={<AccountPage />} />
      <Route
        path="cases/:id"
        element={
          <Allowed permission="cases.read">
            <CaseViewPage />
          </Allowed>
        }
      />
      <Route
        path="search"
        element={
          <Allowed permission="cases.read">
            <SearchPage />
          </Allowed>
        }
      />
      <Route
        path="notifications"
        element={
          <Allowed permission="notifications.own">
            <NotificationsPage />
          </Allowed>
        }
      />
      <Route path="portal" element={<PortalPage />} />
      <Route path="portal/new" element={<NewPortalCasePage />} />
      <Route
        path="portal/help/:id?"
        element={
          <Allowed permission="articles.read">
            <HelpArticlesPage />
          </Allowed>
        }
      />
      <Route
        path="portal/products"
        element={
          <Allowed permission="assets.read">
            <PortalProductsPage />
          </Allowed>
        }
      />
      <Route
        path="portal/reports"
        element={
          <Allowed permission="reports.operations">
            <PortalReportsPage />
          </Allowed>
        }
      />
      {/* Pages of the staff console: a customer who types one of their addresses gets the not-allowed page. */}
      <Route element={<ForAudience audience="staff" />}>
        <Route
          path="cases"
          element={
            <Allowed permission="cases.read">
              <QueuesPage />
            </Allowed>
          }
        />
        <Route
          path="operation-center"
          element={
            <Allowed permission="dashboard.read">
              <OperationCenterPage />
            </Allowed>
          }
        />
        <Route
          path="intake"
          element={
            <Allowed permission="cases.create">
              <IntakePage />
            </Allowed>
          }
        />
        <Route
          path="organizations"
          element={
            <Allowed permission="organizations.read">
              <OrganizationsPage />
            </Allowed>
          }
        />
        <Route
          path="organizations/import"
          element={
            <Allowed permission="imports.run">
              <ImportsPage />
            </Allowed>
          }
        />
        <Route
          path="organizations/:id"
          element={
            <Allowed permission="organizations.read">
              <OrganizationPage />
            </Allowed>
          }
        />
        <Route
          path="vendors"
          element={
            <Allowed permission="vendors.read">
              <VendorsPage />
            </Allowed>
          }
        />
        <Route
          path="unmatched-mail"
          element={
            <Allowed permission="inbound-mail.read">
              <UnmatchedMailPage />
            </Allowed>
          }
        />
        <Route
          path="products/:id"
          element={
            <Allowed permission="organizations.read">
              <ProductPage />
            </Allowed>
          }
        />
        <Route
          path="projects/:id"
          element={
            <Allowed permission="projects.read">
              <ProjectPage />
            </Allowed>
          }
        />
        <Route
          path="visits"
          element={
            <Allowed permission="visits.read">
              <VisitsPage />
            </Allowed>
          }
        />
        <Route
          path="follow-ups"
          element={
            <Allowed permission="follow-ups.read">
              <FollowUpsPage />
            </Allowed>
          }
        />
        <Route
          path="surveys"
          element={
            <Allowed permission="surveys.read">
              <SurveysPage />
            </Allowed>
          }
        />
        <Route
          path="reports/satisfaction"
          element={
            <Allowed permission="reports.satisfaction">
              <SatisfactionReportPage />
            </Allowed>
          }
        />
        <Route
          path="reports/repeat-faults"
          element={
            <Allowed permission="reports.repeat-faults">
              <RepeatFaultsPage />
            </Allowed>
          }
        />
        <Route
          path="reports/escalations"
          element={
            <Allowed permission="reports.operations">
              <OperationsReportPage report="escalations" />
            </Allowed>
          }
        />
        <Route
          path="reports/backlog"
          element={
            <Allowed permission="reports.operations">
              <OperationsReportPage report="backlog" />
            </Allowed>
          }
        />
        <Route
          path="reports/workload"
          element={
            <Allowed permission="reports.operations">
              <OperationsReportPage report="workload" />
            </Allowed>
          }
        />
        <Route
          path="reports/vendor-cases"
          element={
            <Allowed permission="reports.operations">
              <OperationsReportPage report="vendor-cases" />
            </Allowed>
          }
        />
        <Route
          path="reports/first-response"
          element={
            <Allowed permission="reports.operations">
              <OperationsReportPage report="first-response" />
            </Allowed>
          }
        />
        <Route
          path="reports/resolution"
          element={
            <Allowed permission="reports.operations">
              <OperationsReportPage report="resolution" />
            </Allowed>
          }
        />
        <Route
          path="trainings/:id?"
          element={
            <Allowed permission="trainings.read">
              <TrainingsPage />
            </Allowed>
          }
        />
        <Route
          path="problems/:id?"
          element={
            <Allowed permission="problems.read">
              <ProblemsPage />
            </Allowed>
          }
        />
        <Route
          path="knowledge-base/:id?"
          element={
            <Allowed permission="articles.read-all">
              <KnowledgeBasePage />
            </Allowed>
          }
        />
        <Route
          path="yearly-checks"
          element={
            <Allowed permission="yearly-checks.read">
              <YearlyChecksPage />
            </Allowed>
          }
        />
        <Route
          path="admin"
          element={
            <Allowed permission="policies.read">
              <AdminLayout />
            </Allowed>
          }
        >
          <Route index element={<AdminHome />} />
          <Route
            path="users"
            element={
              <Allowed permission="users.manage">
                <UsersPage />
              </Allowed>
            }
          />
          <Route
            path="departments"
            element={
              <Allowed permission="departments.manage">
                <DepartmentsPage />
              </Allowed>
            }
          />
          <Route
            path="positions"
            element={
              <Allowed permission="positions.manage">
                <PositionsPage />
              </Allowed>
            }
          />
          <Route path="policies" element={<PoliciesPage />} />
          <Route
            path="outbox"
            element={
              <Allowed permission="outbox.read">
                <OutboxPage />
              </Allowed>
            }
          />
          <Route
            path="mail"
            element={
              <Allowed permission="outbox.read">
                <MailPage />
              </Allowed>
            }
          />
          <Route
            path="audit"
            element={
              <Allowed permission="audit.read">
                <AuditLogPage />
              </Allowed>
            }
          />
          <Route
            path="recurrence"
            element={
              <Allowed permission="problems.read">
                <RecurrenceRulesPage />
              </Allowed>
            }
          />
          <Route
            path="canned-replies"
            element={
              <Allowed permission="canned-replies.share">
                <SharedCannedRepliesPage />
              </Allowed>
            }
          />
          <Route
            path="webhooks"
            element={
              <Allowed permission="webhooks.manage">
                <WebhooksPage />
              </Allowed>
            }
          />
          <Route
            path="backups"
            element={
              <Allowed permission="backups.read">
                <BackupsPage />
              </Allowed>
            }
          />
          <Route
            path="wallboards"
            element={
              <Allowed permission="wallboards.manage">
                <WallboardsPage />
              </Allowed>
            }
          />
        </Route>
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Route>
  </Route>,
);

const router = createBrowserRouter(routes);

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
