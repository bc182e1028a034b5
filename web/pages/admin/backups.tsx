import { useQuery } from '@tanstack/react-query';
import Alert from 'antd/es/alert';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { Trans, useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { backupStatusView } from '../../../src/http/presenters/backups.js';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/problem';
import { TableCard } from '../../components/table-card';
import { useFormat } from '../../i18n/format';

/** Commands and settings inside a sentence are shown as code: they are typed as they are, in every language. */
const COMMAND = { code: <Typography.Text code /> };

type BackupStatus = z.infer<typeof backupStatusView>;
type KeptBackup = BackupStatus['kept'][number];

/**
 * Backups, for admins: where the scheduled backups go and how often, how the last one went (every instance shares it),
 * and the backups kept on disk. Taking and restoring one stays on the command line, beside the data.
 */
export default function BackupsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const status = useQuery({
    queryKey: ['backups'],
    queryFn: () => api.get<BackupStatus>('/api/v1/backups'),
    refetchInterval: 60_000,
  });
  const data = status.data;
  const last = data?.lastRun ?? null;
  return (
    <>
      <ProblemAlert error={status.error} />
      {data && !data.schedule ? (
        <Alert
          type="warning"
          showIcon
          title={t('backups.notScheduled')}
          description={<Trans i18nKey="backups.notScheduledHelp" components={COMMAND} />}
        />
      ) : null}
      {data?.schedule ? (
        <Card size="small" className="cd-card" title={t('backups.schedule')} data-testid="backup-schedule">
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'folder', label: t('backups.folder'), children: <Typography.Text code>{data.schedule.dir}</Typography.Text> },
              { key: 'every', label: t('backups.every'), children: t('backups.everyHours', { count: data.schedule.everyHours }) },
              { key: 'keep', label: t('backups.keep'), children: t('backups.keepCount', { count: data.schedule.keep }) },
            ]}
          />
        </Card>
      ) : null}
      {data ? (
        <Card size="small" className="cd-card" title={t('backups.lastRun')} data-testid="backup-last-run">
          {last ? (
            <>
              <p>
                {last.ok ? <Tag color="green">{t('backups.succeeded')}</Tag> : <Tag color="red">{t('backups.failed')}</Tag>}{' '}
                {t('backups.ranAt', {
                  at: format.dateTime(last.startedAt),
                  took: format.duration(Date.parse(last.finishedAt) - Date.parse(last.startedAt)),
                })}
              </p>
              {last.ok ? (
                <p>{t('backups.lastRunSize', { size: format.bytes(last.bytes ?? 0), cases: format.number(last.cases ?? 0) })}</p>
              ) : (
                <Alert
                  type="error"
                  showIcon
                  title={t('backups.failedHelp')}
                  description={<Typography.Text code>{last.error}</Typography.Text>}
                />
              )}
            </>
          ) : (
            <p className="cd-muted">{t('backups.noRunYet')}</p>
          )}
        </Card>
      ) : null}
      {data?.schedule ? (
        <TableCard<KeptBackup>
          title={t('backups.kept')}
          error={null}
          rows={data.kept}
          empty={t('backups.noneKept')}
          testId="backups-kept"
          columns={[
            t('backups.taken'),
            t('backups.name'),
            t('backups.size'),
            t('backups.cases'),
            t('backups.database'),
            t('backups.version'),
          ]}
          row={(backup) => (
            <tr key={backup.folder}>
              <td>{format.dateTime(backup.createdAt)}</td>
              <td>
                <Typography.Text code>{backup.folder}</Typography.Text>
              </td>
              <td>{format.bytes(backup.bytes)}</td>
              <td>{backup.cases === null ? t('common.none') : format.number(backup.cases)}</td>
              <td>{backup.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'}</td>
              <td>{backup.casedeskVersion}</td>
            </tr>
          )}
        />
      ) : null}
      {data && data.unfinished.length > 0 ? (
        <Alert type="info" showIcon title={t('backups.unfinished', { folders: data.unfinished.join(', ') })} />
      ) : null}
      <Typography.Paragraph type="secondary" className="cd-help">
        <Trans i18nKey="backups.commandLine" components={COMMAND} />
      </Typography.Paragraph>
    </>
  );
}
