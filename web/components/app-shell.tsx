import Button from 'antd/es/button';
import Layout from 'antd/es/layout';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useCaseChangeStream } from '../api/live';
import { useSession } from '../api/session';
import { GlobalSearch } from './global-search';
import { LanguageSwitch } from './language-switch';
import { PageLoading } from './page-loading';
import { satisfactionHome } from '../pages/service/satisfaction-tabs';
import { reportsHome } from '../pages/reports/report-tabs';
import { NotificationsLink } from './unread-notifications';
import { isStaffRole } from '../../src/domain/access/roles.js';

interface NavItem {
  key: string;
  to: string;
  label: string;
}

/** Header with the sections this user may use, the language switch and the account menu; pages render below. */
export function AppShell() {
  const { t } = useTranslation();
  const { user, can, signOut } = useSession();
  const location = useLocation();
  useCaseChangeStream(can('cases.read'));

  const items: NavItem[] = [];
  if (user && !isStaffRole(user.role)) {
    items.push({ key: '/portal', to: '/portal', label: t('nav.portal') });
    items.push({ key: '/portal/new', to: '/portal/new', label: t('nav.newCase') });
    items.push({ key: '/portal/products', to: '/portal/products', label: t('nav.products') });
    if (can('articles.read')) items.push({ key: '/portal/help', to: '/portal/help', label: t('kb.help') });
    // Only while an admin lets customers read their organisation's reports (the session's abilities say so).
    if (can('reports.operations')) items.push({ key: '/portal/reports', to: '/portal/reports', label: t('nav.portalReports') });
  } else {
    if (can('cases.read')) items.push({ key: '/cases', to: '/cases', label: t('nav.queues') });
    if (can('dashboard.read')) items.push({ key: '/operation-center', to: '/operation-center', label: t('nav.operationCenter') });
    if (can('cases.create')) items.push({ key: '/intake', to: '/intake', label: t('nav.intake') });
    if (can('organizations.read')) items.push({ key: '/organizations', to: '/organizations', label: t('nav.organizations') });
    if (can('vendors.manage')) items.push({ key: '/vendors', to: '/vendors', label: t('nav.vendors') });
    if (can('inbound-mail.manage')) items.push({ key: '/unmatched-mail', to: '/unmatched-mail', label: t('nav.unmatchedMail') });
    if (can('visits.manage')) items.push({ key: '/visits', to: '/visits', label: t('service.nav.visits') });
    const satisfaction = satisfactionHome(can);
    if (satisfaction) items.push({ key: satisfaction, to: satisfaction, label: t('service.nav.satisfaction') });
    const reports = reportsHome(can);
    if (reports) items.push({ key: reports, to: reports, label: t('repeatFaults.nav') });
    if (can('trainings.read')) items.push({ key: '/trainings', to: '/trainings', label: t('service.nav.trainings') });
    if (can('problems.read')) items.push({ key: '/problems', to: '/problems', label: t('problemRecords.nav') });
    if (can('articles.read-all')) items.push({ key: '/knowledge-base', to: '/knowledge-base', label: t('kb.nav') });
    if (can('yearly-checks.read')) items.push({ key: '/yearly-checks', to: '/yearly-checks', label: t('nav.yearlyChecks') });
    if (can('users.manage')) items.push({ key: '/admin', to: '/admin/users', label: t('nav.admin') });
    else if (can('policies.manage')) items.push({ key: '/admin', to: '/admin/policies', label: t('nav.admin') });
  }
  const selected = items
    .filter((item) => location.pathname === item.key || location.pathname.startsWith(`${item.key}/`))
    .sort((a, b) => b.key.length - a.key.length)[0]?.key;

  const doSignOut = async () => {
    // The session ends either way; the router then leaves the signed-in pages by itself.
    await signOut().catch(() => undefined);
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="cd-header">
        <Link to="/" className="cd-brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('app.mainNavigation')} className="cd-nav">
          {items.map((item) => (
            <Link
              key={item.key}
              to={item.to}
              className={item.key === selected ? 'cd-nav-link active' : 'cd-nav-link'}
              aria-current={item.key === selected ? 'page' : undefined}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        {can('cases.read') ? <GlobalSearch /> : null}
        <div className="cd-header-tools">
          <LanguageSwitch />
          {can('notifications.own') ? <NotificationsLink /> : null}
          <Link to="/account" className="cd-user-link cd-user-name" title={t('nav.account')}>
            {user?.name}
          </Link>
          <Button size="small" onClick={() => void doSignOut()}>
            {t('nav.signOut')}
          </Button>
        </div>
      </Layout.Header>
      <Layout.Content id="main" className="cd-main" tabIndex={-1}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
