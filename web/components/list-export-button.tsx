import App from 'antd/es/app';
import Button from 'antd/es/button';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadCsv } from '../api/client';
import { problemText } from './problem';

export type ExportedList = 'cases' | 'problems' | 'vendors' | 'sites' | 'trainings' | 'yearlyChecks' | 'auditLog';

/**
 * Downloads a list as CSV: the list's own path and the filters on screen, asked for with `Accept: text/csv`, so the
 * file holds every row that matches (not only the page shown), headed in the user's language.
 */
export function ListExportButton({
  list,
  path,
  fileName,
  size = 'middle',
}: {
  list: ExportedList;
  path: string;
  fileName: string;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      await downloadCsv(path, fileName);
    } catch (error) {
      void message.error(problemText(error, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size={size} loading={busy} onClick={() => void download()} aria-label={t(`imports.exportOf.${list}`)}>
      {t('imports.exportCsv')}
    </Button>
  );
}
