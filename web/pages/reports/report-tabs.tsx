import { useTranslation } from 'react-i18next';
import type { Permission } from '../../api/types';
import { SubNav, type SubNavSection } from '../../components/sub-nav';

const REPORTS: SubNavSection[] = [
  { to: '/reports/repeat-faults', permission: 'reports.repeat-faults', label: 'repeatFaults.title' },
  { to: '/reports/satisfaction', permission: 'reports.satisfaction', label: 'repeatFaults.satisfaction' },
  { to: '/reports/escalations', permission: 'reports.operations', label: 'reports.nav.escalations' },
  { to: '/reports/backlog', permission: 'reports.operations', label: 'reports.nav.backlog' },
  { to: '/reports/workload', permission: 'reports.operations', label: 'reports.nav.workload' },
  { to: '/reports/vendor-cases', permission: 'reports.operations', label: 'reports.nav.vendor-cases' },
  { to: '/reports/first-response', permission: 'reports.operations', label: 'reports.nav.first-response' },
  { to: '/reports/resolution', permission: 'reports.operations', label: 'reports.nav.resolution' },
];

/** Where the staff header's "Reports" item leads: the repeat-fault report, else the escalations. */
export function reportsHome(can: (permission: Permission) => boolean): string | null {
  if (can('reports.repeat-faults')) return '/reports/repeat-faults';
  return can('reports.operations') ? '/reports/escalations' : null;
}

/** The reports this user may read, as a row of links between them. */
export function ReportTabs() {
  const { t } = useTranslation();
  return <SubNav label={t('repeatFaults.nav')} sections={REPORTS} />;
}
