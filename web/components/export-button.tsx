import Button from 'antd/es/button';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../api/client';
import type { ImportKind } from '../../src/services/delivered-systems/csv-columns.js';

/**
 * Downloads one kind of record as CSV, in the columns its import reads (all of them, or one customer's). A plain link:
 * the session cookie travels with it, and a read needs no CSRF token.
 */
export function ExportButton({
  kind,
  organizationId,
  size = 'small',
}: {
  kind: ImportKind;
  organizationId?: string;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  return (
    <Button size={size} href={withQuery(`/api/v1/exports/${kind}`, { organizationId })} download aria-label={t(`imports.exportOf.${kind}`)}>
      {t('imports.exportCsv')}
    </Button>
  );
}
