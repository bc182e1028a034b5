import { useQuery, useQueryClient } from '@tanstack/react-query';
import Alert from 'antd/es/alert';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Checkbox from 'antd/es/checkbox';
import InputNumber from 'antd/es/input-number';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Switch from 'antd/es/switch';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import type { EscalationPosition, Page, PolicyDetails } from '../../api/types';
import { useAction } from '../../components/form-dialog';
import { ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';
import { ESCALATION_POSITIONS } from '../../../src/domain/escalation/positions.js';
import { calendarErrorsOf, CalendarEditor, type BusinessCalendar } from './calendar-editor';

const LEVELS = [1, 2, 3, 4] as const;

interface Cell {
  position: EscalationPosition | null;
  vendorReport: boolean;
}
type Grid = Map<number, Record<1 | 2 | 3 | 4, Cell>>;

const emptyRow = (): Record<1 | 2 | 3 | 4, Cell> => ({
  1: { position: null, vendorReport: false },
  2: { position: null, vendorReport: false },
  3: { position: null, vendorReport: false },
  4: { position: null, vendorReport: false },
});

/** The seed's table shape: one row per "hours unresolved", one column per level, a position (and vendor report) per cell. */
function toGrid(policy: PolicyDetails['policy']): Grid {
  const grid: Grid = new Map();
  for (const step of [...policy.matrix].sort((a, b) => a.afterHours - b.afterHours)) {
    const row = grid.get(step.afterHours) ?? emptyRow();
    row[step.level] = { position: step.position, vendorReport: step.vendorReport };
    grid.set(step.afterHours, row);
  }
  return grid;
}

function toMatrix(grid: Grid): PolicyDetails['policy']['matrix'] {
  const matrix: PolicyDetails['policy']['matrix'] = [];
  for (const [afterHours, row] of [...grid].sort((a, b) => a[0] - b[0])) {
    for (const level of LEVELS) {
      const cell = row[level];
      if (cell.position) matrix.push({ level, afterHours, position: cell.position, vendorReport: cell.vendorReport });
    }
  }
  return matrix;
}

export default function PoliciesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const editable = can('policies.manage');
  const policies = useQuery({
    queryKey: ['escalation-policies'],
    queryFn: async () => (await api.get<Page<PolicyDetails>>('/api/v1/escalation-policies')).items,
  });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected =
    policies.data?.find((policy) => policy.id === selectedId) ?? policies.data?.find((policy) => policy.isDefault) ?? policies.data?.[0];
  const [grid, setGrid] = useState<Grid>(new Map());
  const [firstResponse, setFirstResponse] = useState<PolicyDetails['policy']['firstResponseMinutes']>({ 1: 15, 2: 30, 3: 60, 4: 240 });
  const [pause, setPause] = useState(false);
  const [calendar, setCalendar] = useState<BusinessCalendar>({ timeZone: 'UTC', weeklyHours: [], holidays: [] });
  const [newHours, setNewHours] = useState<number | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    if (!selected) return;
    setGrid(toGrid(selected.policy));
    setFirstResponse(selected.policy.firstResponseMinutes);
    setPause(selected.policy.pauseWhileWaitingOnCustomer);
    setCalendar(selected.policy.calendar);
  }, [selected]);

  const setCell = (hours: number, level: 1 | 2 | 3 | 4, change: Partial<Cell>) => {
    setGrid((previous) => {
      const next = new Map(previous);
      const row = { ...(next.get(hours) ?? emptyRow()) };
      row[level] = { ...row[level], ...change };
      next.set(hours, row);
      return next;
    });
  };

  const save = async () => {
    if (!selected) return;
    await run(async () => {
      const saved = await api.put<PolicyDetails>(`/api/v1/escalation-policies/${selected.id}`, {
        policy: {
          ...selected.policy,
          matrix: toMatrix(grid),
          firstResponseMinutes: firstResponse,
          pauseWhileWaitingOnCustomer: pause,
          calendar,
        },
      });
      void message.success(t('policies.saved', { version: saved.version }));
      await queryClient.invalidateQueries({ queryKey: ['escalation-policies'] });
    });
  };

  if (policies.isPending) return null;
  if (!selected) return <ProblemAlert error={policies.error} message={policies.error ? null : t('policies.empty')} />;
  const calendarErrors = calendarErrorsOf(error, t);
  const hours = [...grid.keys()].sort((a, b) => a - b);

  return (
    <Card
      title={
        <Space wrap>
          {t('policies.title')}
          {(policies.data?.length ?? 0) > 1 ? (
            <Select
              aria-label={t('policies.title')}
              value={selected.id}
              onChange={setSelectedId}
              options={(policies.data ?? []).map((policy) => ({ value: policy.id, label: policy.name }))}
              style={{ minWidth: 200 }}
            />
          ) : (
            <span>{selected.name}</span>
          )}
          <Tag>{t('policies.version', { version: selected.version })}</Tag>
          {selected.isDefault ? <Tag color="blue">{t('policies.default')}</Tag> : null}
        </Space>
      }
    >
      {!editable ? <Alert type="info" showIcon title={t('policies.readOnly')} style={{ marginBottom: 12 }} /> : null}
      {/* A calendar problem is shown next to its field instead. */}
      <ProblemAlert error={calendarErrors ? null : error} />
      <div className="cd-table-wrap" style={{ marginBottom: 16 }}>
        <table className="cd-table cd-policy-grid">
          <caption className="cd-visually-hidden">{t('policies.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('policies.hours')}</th>
              {LEVELS.map((level) => (
                <th scope="col" key={level}>
                  {t('policies.level', { level })}
                </th>
              ))}
              {editable ? <th scope="col">{t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {hours.map((afterHours) => {
              const row = grid.get(afterHours)!;
              return (
                <tr key={afterHours}>
                  <th scope="row">{format.number(afterHours)}</th>
                  {LEVELS.map((level) => {
                    const cell = row[level];
                    const label = `${t('policies.level', { level })}, ${t('duration.hours', { count: afterHours })}`;
                    return (
                      <td key={level}>
                        {editable ? (
                          <Space orientation="vertical" size={4}>
                            <Select<EscalationPosition | ''>
                              aria-label={label}
                              value={cell.position ?? ''}
                              onChange={(value) =>
                                setCell(afterHours, level, { position: value || null, ...(value ? {} : { vendorReport: false }) })
                              }
                              options={[
                                { value: '', label: t('common.none') },
                                ...ESCALATION_POSITIONS.map((position) => ({
                                  value: position,
                                  label: t(`escalationPosition.${position}`),
                                })),
                              ]}
                              style={{ minWidth: 190 }}
                            />
                            <Checkbox
                              checked={cell.vendorReport}
                              disabled={!cell.position}
                              onChange={(event) => setCell(afterHours, level, { vendorReport: event.target.checked })}
                            >
                              {t('policies.vendor')}
                            </Checkbox>
                          </Space>
                        ) : cell.position ? (
                          <>
                            {t(`escalationPosition.${cell.position}`)}
                            {cell.vendorReport ? <div className="cd-muted">{t('ladder.vendorReport')}</div> : null}
                          </>
                        ) : null}
                      </td>
                    );
                  })}
                  {editable ? (
                    <td>
                      <Button
                        size="small"
                        onClick={() =>
                          setGrid((previous) => {
                            const next = new Map(previous);
                            next.delete(afterHours);
                            return next;
                          })
                        }
                      >
                        {t('policies.removeRow')}
                      </Button>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {editable ? (
        <Space wrap style={{ marginBottom: 16 }}>
          <InputNumber<number> aria-label={t('policies.hours')} min={0.25} max={8760} value={newHours} onChange={setNewHours} />
          <Button
            onClick={() => {
              if (newHours && !grid.has(newHours)) setGrid((previous) => new Map(previous).set(newHours, emptyRow()));
              setNewHours(null);
            }}
          >
            {t('policies.addRow')}
          </Button>
        </Space>
      ) : null}
      <Typography.Title level={5}>{t('policies.firstResponse')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        {LEVELS.map((level) => (
          <label key={level}>
            {t('level.label', { level })}{' '}
            <InputNumber<number>
              min={1}
              disabled={!editable}
              value={firstResponse[level]}
              onChange={(value) => value && setFirstResponse((previous) => ({ ...previous, [level]: value }))}
            />
          </label>
        ))}
      </Space>
      <div style={{ marginBottom: 16 }}>
        <label>
          <Switch checked={pause} disabled={!editable} onChange={setPause} /> {t('policies.pause')}
        </label>
      </div>
      <CalendarEditor value={calendar} onChange={setCalendar} disabled={!editable} errors={calendarErrors} />
      {editable ? (
        <Button type="primary" loading={busy} onClick={() => void save()}>
          {t('policies.saveVersion')}
        </Button>
      ) : null}
    </Card>
  );
}
