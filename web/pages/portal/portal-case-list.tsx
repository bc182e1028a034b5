import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CaseSummary } from '../../api/types';
import { LevelTag, StatusTag } from '../../components/case-bits';
import { useNarrowScreen } from '../../components/use-narrow-screen';
import { useFormat } from '../../i18n/format';
import { CaseTable } from '../cases/queues';
import './portal.css';

/**
 * The customer's cases: a table on a wide screen, one card per case on a phone, where a table's columns would cut the
 * titles short. The whole card is the link, so it is easy to tap; the title wraps and is never clipped.
 */
export function PortalCaseList({ rows, loading }: { rows: CaseSummary[]; loading: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const narrow = useNarrowScreen();
  if (!narrow) return <CaseTable rows={rows} loading={loading} compact portal />;
  if (!loading && rows.length === 0) return <p className="cd-empty">{t('queues.empty')}</p>;
  return (
    <ul className="cd-portal-cards" aria-label={t('portal.title')} aria-busy={loading}>
      {rows.map((row) => (
        <li key={row.id} data-case={row.number}>
          <Link to={`/cases/${row.id}`} className="cd-portal-card">
            <span className="cd-portal-card-head">
              <strong>{row.number}</strong>
              <StatusTag status={row.status} />
              <LevelTag level={row.level} />
            </span>
            <span className="cd-portal-card-title" data-testid="portal-case-title">
              {row.title}
            </span>
            <span className="cd-muted">
              {t('case.receivedAt')}: <time dateTime={row.receivedAt}>{format.dateTime(row.receivedAt)}</time>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
