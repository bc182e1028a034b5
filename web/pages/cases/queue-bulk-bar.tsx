import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES } from '../../../src/domain/cases/case-lifecycle.js';
import { useDepartments } from '../../api/queries';
import { useBulkChange, type BulkChange, type BulkResult } from '../../api/queues';
import type { CaseSummary } from '../../api/types';
import { ProblemAlert } from '../../components/problem';
import { StaffSelect } from '../../components/staff-select';

type Kind = BulkChange['type'];

/** One change to every selected case: the server decides case by case and says which were refused, and why. */
export function QueueBulkBar({
  selected,
  rows,
  onDone,
  onClear,
}: {
  selected: string[];
  rows: CaseSummary[];
  /** After the change: the cases still selected (those refused). */
  onDone: (stillSelected: string[]) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const bulk = useBulkChange();
  const departments = useDepartments();
  const [kind, setKind] = useState<Kind>('assign');
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [result, setResult] = useState<BulkResult | null>(null);

  const change: BulkChange | null =
    kind === 'assign'
      ? { type: 'assign', assigneeId }
      : kind === 'status'
        ? status
          ? { type: 'status', to: status }
          : null
        : kind === 'department'
          ? departmentId
            ? { type: 'department', departmentId }
            : null
          : note.trim()
            ? { type: 'note', body: note.trim() }
            : null;
  const numberOf = new Map(rows.map((row) => [row.id, row.number]));

  const apply = async () => {
    if (!change) return;
    const answer = await bulk.mutateAsync({ caseIds: selected, change }).catch(() => null);
    if (!answer) return;
    setResult(answer);
    if (kind === 'note') setNote('');
    onDone(answer.results.filter((entry) => !entry.ok).map((entry) => entry.caseId));
  };

  return (
    <section className="cd-bulk-bar" aria-label={t('queues.bulk.region')}>
      {selected.length > 0 ? (
        <div className="cd-toolbar">
          <strong>{t('queues.bulk.selected', { count: selected.length })}</strong>
          <Select<Kind>
            aria-label={t('queues.bulk.action')}
            value={kind}
            onChange={setKind}
            options={(['assign', 'status', 'department', 'note'] as const).map((value) => ({ value, label: t(`queues.bulk.${value}`) }))}
            style={{ minWidth: 180 }}
          />
          {kind === 'assign' ? (
            <StaffSelect aria-label={t('queues.bulk.assignee')} value={assigneeId} onChange={setAssigneeId} style={{ minWidth: 220 }} />
          ) : null}
          {kind === 'status' ? (
            <Select<string>
              aria-label={t('queues.bulk.newStatus')}
              value={status ?? undefined}
              onChange={setStatus}
              options={CASE_STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))}
              style={{ minWidth: 200 }}
            />
          ) : null}
          {kind === 'department' ? (
            <Select<string>
              aria-label={t('queues.bulk.newDepartment')}
              value={departmentId ?? undefined}
              onChange={setDepartmentId}
              loading={departments.isPending}
              options={(departments.data ?? []).map((department) => ({ value: department.id, label: department.name }))}
              style={{ minWidth: 200 }}
            />
          ) : null}
          {kind === 'note' ? (
            <Input
              aria-label={t('queues.bulk.noteText')}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              style={{ maxWidth: 360 }}
            />
          ) : null}
          <Button type="primary" onClick={() => void apply()} loading={bulk.isPending} disabled={!change}>
            {t('queues.bulk.apply')}
          </Button>
          <Button onClick={onClear}>{t('queues.bulk.clear')}</Button>
        </div>
      ) : null}
      <ProblemAlert error={bulk.error} />
      {result ? (
        <Alert
          role="status"
          type={result.refused > 0 ? 'warning' : 'success'}
          showIcon
          closable={{ onClose: () => setResult(null) }}
          title={t('queues.bulk.done', { changed: result.changed, refused: result.refused })}
          description={
            result.refused > 0 ? (
              <ul className="cd-bulk-refusals">
                {result.results
                  .filter((entry) => !entry.ok)
                  .map((entry) => (
                    <li key={entry.caseId}>
                      {t('queues.bulk.refusedCase', { number: numberOf.get(entry.caseId) ?? entry.caseId, detail: entry.detail ?? '' })}
                    </li>
                  ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
    </section>
  );
}
