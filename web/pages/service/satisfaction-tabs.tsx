import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useSession } from '../../api/session';
import type { Permission } from '../../api/types';

const SECTIONS: { to: string; permission: Permission; label: string }[] = [
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
  const { can } = useSession();
  const { pathname } = useLocation();
  const allowed = SECTIONS.filter((section) => can(section.permission));
  if (allowed.length < 2) return null;
  return (
    <nav aria-label={t('service.nav.satisfaction')} className="cd-subnav">
      {allowed.map((section) => (
        <Link
          key={section.to}
          to={section.to}
          className={pathname === section.to ? 'cd-subnav-link active' : 'cd-subnav-link'}
          aria-current={pathname === section.to ? 'page' : undefined}
        >
          {t(section.label)}
        </Link>
      ))}
    </nav>
  );
}
