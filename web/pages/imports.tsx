import { useQueryClient } from '@tanstack/react-query';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Progress from 'antd/es/progress';
import Radio from 'antd/es/radio';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, uploadFile, withQuery, type ImportProblem } from '../api/client';
import { useSession } from '../api/session';
import type { ImportReport } from '../api/types';
import { ExportButton } from '../components/export-button';
import { ProblemAlert } from '../components/problem';
import { PlainTable } from '../components/table-card';
import { useFormat } from '../i18n/format';
import { COLUMNS, IMPORT_KINDS, type ImportKind } from '../../src/services/delivered-systems/csv-columns.js';

/** Where an upload stands: the bytes sent so far, then the server checking (and storing) the rows. */
type Stage = { step: 'uploading'; percent: number; dryRun: boolean } | { step: 'checking'; dryRun: boolean };

type Outcome = { kind: 'report'; report: ImportReport } | { kind: 'rejected'; problem: ApiProblem } | { kind: 'failed'; error: unknown };

const isImportKind = (value: unknown): value is ImportKind => IMPORT_KINDS.some((kind) => kind === value);

/** A refused file lists its first 1 000 problems (the server's cap); more would only repeat the same mistake. */
const PROBLEM_CAP = 1000;

/**
 * Import of customers, projects and products from CSV files, all or nothing as in the CLI: a template to start from,
 * the upload with its progress, and every row to fix with its line, column and reason. Each kind can be exported too.
 */
export function ImportsPage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const fileInput = useId();
  const [kind, setKind] = useState<ImportKind>('products');
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const chooseKind = (next: ImportKind) => {
    setKind(next);
    setOutcome(null);
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setOutcome(null);
    setStage({ step: 'uploading', percent: 0, dryRun });
    try {
      const report = await uploadFile<ImportReport>(
        withQuery(`/api/v1/imports/${kind}`, { dryRun: dryRun ? 'true' : undefined }),
        file,
        'text/csv',
        (sent, total) =>
          setStage(
            sent >= total
              ? { step: 'checking', dryRun }
              : { step: 'uploading', percent: total > 0 ? Math.floor((sent / total) * 100) : 0, dryRun },
          ),
      );
      setOutcome({ kind: 'report', report });
      if (!dryRun) await queryClient.invalidateQueries();
    } catch (error) {
      setOutcome(
        error instanceof ApiProblem && error.importErrors.length > 0 ? { kind: 'rejected', problem: error } : { kind: 'failed', error },
      );
    } finally {
      setStage(null);
    }
  };

  const busy = stage !== null;
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('imports.title')}
      </Typography.Title>
      <p className="cd-muted">{t('imports.intro')}</p>
      <Card size="small" className="cd-card">
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <div>
            <div id={`${fileInput}-kind`} className="cd-field-label">
              {t('imports.kind')}
            </div>
            <Radio.Group
              aria-labelledby={`${fileInput}-kind`}
              optionType="button"
              buttonStyle="solid"
              value={kind}
              disabled={busy}
              onChange={(event) => {
                const value: unknown = event.target.value;
                if (isImportKind(value)) chooseKind(value);
              }}
              options={IMPORT_KINDS.filter((value) => value !== 'contracts' || can('contracts.manage')).map((value) => ({
                value,
                label: t(`imports.kinds.${value}`),
              }))}
            />
          </div>
          <Space wrap>
            <Button href={withQuery(`/api/v1/imports/${kind}/template`, { language: i18n.language })} download>
              {t('imports.template')}
            </Button>
            {can('exports.run') ? <ExportButton kind={kind} size="middle" /> : null}
          </Space>
          <p className="cd-muted" style={{ margin: 0 }}>
            {t('imports.templateHelp')}
          </p>
          <div>
            <label htmlFor={fileInput} className="cd-field-label">
              {t('imports.file')}
            </label>
            <Space wrap>
              <Button onClick={() => input.current?.click()} disabled={busy}>
                {t('imports.chooseFile')}
              </Button>
              <span className="cd-muted">
                {file ? t('imports.fileSize', { name: file.name, size: format.bytes(file.size) }) : t('imports.noFile')}
              </span>
            </Space>
            <input
              ref={input}
              id={fileInput}
              type="file"
              accept=".csv,text/csv,text/plain"
              className="cd-visually-hidden"
              disabled={busy}
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
                setOutcome(null);
                // Choosing the same file again (fixed since) must count as a new choice.
                event.target.value = '';
              }}
            />
          </div>
          <Space wrap>
            <Button onClick={() => void send(true)} disabled={!file || busy}>
              {t('imports.check')}
            </Button>
            <Button type="primary" onClick={() => void send(false)} disabled={!file} loading={busy}>
              {t('imports.import')}
            </Button>
          </Space>
          {stage ? <UploadProgress stage={stage} /> : null}
        </Space>
      </Card>
      {outcome ? <ImportOutcome outcome={outcome} /> : null}
      <ColumnHelp kind={kind} />
    </>
  );
}

/** The bytes sent, then (the file is all there) the server's check, which has no steps to count from here. */
function UploadProgress({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  const label =
    stage.step === 'uploading'
      ? t('imports.uploading', { percent: stage.percent })
      : t(stage.dryRun ? 'imports.checkingOnly' : 'imports.checking');
  return (
    <div aria-live="polite">
      <Progress percent={stage.step === 'uploading' ? stage.percent : 100} status="active" showInfo={false} aria-label={label} />
      <span className="cd-muted">{label}</span>
    </div>
  );
}

function ImportOutcome({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (outcome.kind === 'failed') return <ProblemAlert error={outcome.error} />;
  if (outcome.kind === 'report') {
    const { report } = outcome;
    const text = report.dryRun
      ? t('imports.checked', { count: report.rows, rows: format.number(report.rows) })
      : [
          t('imports.imported', { count: report.created, rows: format.number(report.created) }),
          report.vendorsCreated > 0 ? t('imports.vendorsAdded', { count: report.vendorsCreated }) : '',
        ]
          .filter(Boolean)
          .join(' ');
    return <Alert type="success" showIcon role="status" title={text} style={{ marginBottom: 16 }} />;
  }
  const problems = outcome.problem.importErrors;
  return (
    <Card size="small" className="cd-card" title={t('imports.problems')}>
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t('imports.rejected')}
        description={[
          t('imports.rejectedDetail', { count: problems.length, rows: format.number(outcome.problem.importRows ?? 0) }),
          problems.length >= PROBLEM_CAP ? t('imports.capped', { count: problems.length }) : '',
        ]
          .filter(Boolean)
          .join(' ')}
        style={{ marginBottom: 12 }}
      />
      <Table<ImportProblem & { key: number }>
        size="small"
        rowKey="key"
        dataSource={problems.map((problem, index) => ({ ...problem, key: index }))}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: true }}
        columns={[
          { title: t('imports.line'), dataIndex: 'line', width: 80 },
          {
            title: t('imports.column'),
            dataIndex: 'column',
            render: (column: string | null) => (column ? <code>{column}</code> : t('imports.wholeRow')),
          },
          { title: t('imports.reason'), dataIndex: 'reason' },
        ]}
      />
    </Card>
  );
}

/** What each column of the chosen kind holds, in the user's language (the headers themselves stay as the import reads them). */
function ColumnHelp({ kind }: { kind: ImportKind }) {
  const { t } = useTranslation();
  return (
    <Card size="small" className="cd-card" title={t('imports.columns')}>
      <PlainTable columns={[t('imports.column'), t('imports.required'), t('imports.meaning')]}>
        {COLUMNS[kind].map((column) => (
          <tr key={column.name}>
            <td>
              <code>{column.name}</code>
            </td>
            <td>{column.required ? t('common.yes') : t('common.no')}</td>
            <td className="cd-cell-wrap">{t(`imports.help.${kind}.${column.name}`)}</td>
          </tr>
        ))}
      </PlainTable>
    </Card>
  );
}

export default ImportsPage;
