import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useSession } from '../api/session';
import type { Permission } from '../api/types';

export interface SubNavSection {
  to: string;
  permission: Permission;
  /** Catalogue key of the link's text. */
  label: string;
}

/**
 * A row of links between pages that share one header item; shown when this user may open more than one of them. Its
 * styles (`cd-subnav`) come with the pages' own stylesheet, so the header, which imports the section lists, loads none.
 */
export function SubNav({ label, sections }: { label: string; sections: readonly SubNavSection[] }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { pathname } = useLocation();
  const allowed = sections.filter((section) => can(section.permission));
  if (allowed.length < 2) return null;
  return (
    <nav aria-label={label} className="cd-subnav">
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
