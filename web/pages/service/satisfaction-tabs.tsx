import { useTranslation } from 'react-i18next';
import type { Permission } from '../../api/types';
import { SubNav, type SubNavSection } from '../../components/sub-nav';

const SECTIONS: SubNavSection[] = [
  { to: '/follow-ups', permission: 'follow-ups.read', label: 'service.nav.followUps' },
  { to: '/surveys', permission: 'surveys.enter', label: 'service.nav.surveys' },
  { to: '/reports/satisfaction', permission: 'reports.satisfaction', label: 'service.nav.analysis' },
];

/** Where the header's one "Satisfaction" item leads: the first of its pages this user may open. */
export function satisfactionHome(can: (permission: Permission) => boolean): string | null {
  return SECTIONS.find((section) => can(section.permission))?.to ?? null;
}

/** The pages of the satisfaction loop share one header item; this row moves between them. */
export function SatisfactionTabs() {
  const { t } = useTranslation();
  return <SubNav label={t('service.nav.satisfaction')} sections={SECTIONS} />;
}
