import { useTranslation } from 'react-i18next';
import type { Permission } from '../../api/types';
import { SubNav, type SubNavSection } from '../../components/sub-nav';

const REPORTS: SubNavSection[] = [
  { to: '/reports/repeat-faults', permission: 'reports.repeat-faults', label: 'repeatFaults.title' },
  { to: '/reports/satisfaction', permission: 'reports.satisfaction', label: 'repeatFaults.satisfaction' },
];

/** Where the header's "Reports" item leads: the repeat-fault report, for those who may read it. */
export function reportsHome(can: (permission: Permission) => boolean): string | null {
  return can('reports.repeat-faults') ? '/reports/repeat-faults' : null;
}

/** The reports this user may read, as a row of links between them. */
export function ReportTabs() {
  const { t } = useTranslation();
  return <SubNav label={t('repeatFaults.nav')} sections={REPORTS} />;
}
