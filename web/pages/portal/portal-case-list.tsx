import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../api/types';
import { CaseCard } from '../../components/case-card';
import { useNarrowScreen } from '../../components/use-narrow-screen';
import { useFormat } from '../../i18n/format';
import { CaseTable } from '../cases/queues';

/** The customer's cases: a table on a wide screen, one card per case on a phone (`CaseCard`). */
export function PortalCaseList({ rows, loading }: { rows: CaseSummary[]; loading: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const narrow = useNarrowScreen();
  if (!narrow) return <CaseTable rows={rows} loading={loading} compact portal />;
  if (!loading && rows.length === 0) return <p className="cd-empty">{t('queues.empty')}</p>;
  return (
    <ul className="cd-case-cards" aria-label={t('portal.title')} aria-busy={loading}>
      {rows.map((row) => (
        <li key={row.id} data-case={row.number}>
          <CaseCard row={row} titleTestId="portal-case-title">
            <span className="cd-muted">
              {t('common.labelled', { label: t('case.receivedAt') })}
              <time dateTime={row.receivedAt}>{format.dateTime(row.receivedAt)}</time>
            </span>
          </CaseCard>
        </li>
      ))}
    </ul>
  );
}
