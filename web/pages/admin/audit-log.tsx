import Button from 'antd/es/button';
import DatePicker from 'antd/es/date-picker';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuditEntityTypes, useAuditLog, type AuditEntry, type AuditQuery } from '../../api/delivered-work';
import { withQuery } from '../../api/client';
import { nameOf, useUsers } from '../../api/queries';
import { ListExportButton } from '../../components/list-export-button';
import { ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';
import '../delivered-work.css';

const PAGE_SIZE = 25;

/** Where each kind of record is shown, so an entry links to the record it changed. */
const RECORD_PAGES: Record<string, (id: string) => string> = {
  case: (id) => `/cases/${id}`,
  organization: (id) => `/organizations/${id}`,
  asset: (id) => `/products/${id}`,
  training: (id) => `/trainings/${id}`,
  problem: (id) => `/problems/${id}`,
};

type Change = { key: string; before?: unknown; after?: unknown };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Some entries store a record as JSON text: read as the record it is, or kept as text. */
function parsedOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Nested values as dotted paths (`old.status`), so a change deep in a record shows as that one field. */
function flatten(stored: unknown, prefix = '', depth = 0): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  const value = typeof stored === 'string' && stored.startsWith('{') ? parsedOr(stored) : stored;
  if (isRecord(value) && depth < 3) {
    for (const [key, inner] of Object.entries(value)) {
      for (const [path, leaf] of flatten(inner, prefix ? `${prefix}.${key}` : key, depth + 1)) fields.set(path, leaf);
    }
  } else if (value !== null && value !== undefined) {
    fields.set(prefix, value);
  }
  return fields;
}

/** What changed between the stored before and after values, field by field; fields that stayed the same are left out. */
function changesOf(before: unknown, after: unknown): Change[] {
  const old = flatten(before);
  const now = flatten(after);
  const keys = [...new Set([...old.keys(), ...now.keys()])];
  // Changed values first, then new ones, then those that went away: the first lines say what the record is now.
  const rank = (key: string) => (old.has(key) && now.has(key) ? 0 : now.has(key) ? 1 : 2);
  return keys
    .filter((key) => JSON.stringify(old.get(key)) !== JSON.stringify(now.get(key)))
    .sort((a, b) => rank(a) - rank(b))
    .map((key) => ({ key, ...(old.has(key) ? { before: old.get(key) } : {}), ...(now.has(key) ? { after: now.get(key) } : {}) }));
}

const FIRST_CHANGES = 6;

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Before and after as a list of changed fields: removed values struck through, new ones marked. */
function Diff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const changes = changesOf(entry.before ?? null, entry.after ?? null);
  if (changes.length === 0) return <span className="cd-muted">{t('auditLog.noChanges')}</span>;
  const shownChanges = all ? changes : changes.slice(0, FIRST_CHANGES);
  return (
    <ul className="cd-diff">
      {shownChanges.map((change) => (
        <li key={change.key}>
          {change.key ? <code>{change.key}</code> : null}
          {change.key ? ': ' : null}
          {/* Values as stored (codes such as `draft` or `manager`, names, numbers): shown verbatim, as code, like the keys. */}
          {'before' in change ? (
            <del aria-label={t('auditLog.before')}>
              <code>{shown(change.before)}</code>
            </del>
          ) : null}
          {'before' in change && 'after' in change ? ' → ' : null}
          {'after' in change ? (
            <ins aria-label={t('auditLog.after')}>
              <code>{shown(change.after)}</code>
            </ins>
          ) : null}
        </li>
      ))}
      {changes.length > shownChanges.length ? (
        <li>
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setAll(true)}>
            {t('auditLog.showAll', { count: changes.length })}
          </Button>
        </li>
      ) : null}
    </ul>
  );
}

/** Local calendar days as the instants the API filters by: from the first day's start to the day after the last. */
function rangeQuery(range: [Dayjs | null, Dayjs | null] | null): Pick<AuditQuery, 'from' | 'to'> {
  const [start, end] = range ?? [null, null];
  return {
    ...(start ? { from: start.startOf('day').toISOString() } : {}),
    ...(end ? { to: end.add(1, 'day').startOf('day').toISOString() } : {}),
  };
}

/** The audit log at /admin/audit: who changed what and when, before and after, filtered and a page at a time. */
export default function AuditLogPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const users = useUsers();
  const entityTypes = useAuditEntityTypes();
  const [entityType, setEntityType] = useState<string | undefined>();
  const [actorUserId, setActorUserId] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [text, setText] = useState('');
  // Earlier pages' cursors, so "Previous" goes back without the server keeping anything.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const filters = {
    ...(entityType ? { entityType } : {}),
    ...(actorUserId ? { actorUserId } : {}),
    ...rangeQuery(range),
    ...(text.trim() ? { q: text.trim() } : {}),
  };
  const query: AuditQuery = { ...filters, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE };
  const log = useAuditLog(query);
  const refilter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setCursors([undefined]);
    };
  const entityLabel = (type: string) => t(`auditLog.entityTypes.${type}`, { defaultValue: type });
  const actionLabel = (action: string) => t(`auditLog.actions.${action.replace(/\./g, '_')}`, { defaultValue: action });
  const record = (entry: AuditEntry): ReactNode => {
    const page = RECORD_PAGES[entry.entityType];
    const label = `${entityLabel(entry.entityType)} ${entry.entityId.slice(0, 8)}`;
    return page ? <Link to={page(entry.entityId)}>{label}</Link> : label;
  };

  return (
    <>
      <div className="cd-filters" role="search" aria-label={t('auditLog.filters')}>
        <Select
          aria-label={t('auditLog.entityType')}
          allowClear
          placeholder={t('auditLog.allEntityTypes')}
          value={entityType}
          onChange={refilter(setEntityType)}
          options={(entityTypes.data ?? []).map((type) => ({ value: type, label: entityLabel(type) }))}
        />
        <Select
          aria-label={t('auditLog.user')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('auditLog.allUsers')}
          value={actorUserId}
          onChange={refilter(setActorUserId)}
          options={(users.data ?? []).map((user) => ({ value: user.id, label: user.name }))}
        />
        <DatePicker.RangePicker
          aria-label={t('auditLog.dateRange')}
          value={range}
          onChange={(value) => refilter(setRange)(value ? [value[0], value[1]] : null)}
          allowEmpty={[true, true]}
        />
        <Input.Search
          aria-label={t('auditLog.text')}
          placeholder={t('auditLog.textPlaceholder')}
          allowClear
          onSearch={refilter(setText)}
          maxLength={200}
          style={{ width: 280 }}
        />
        <ListExportButton list="auditLog" path={withQuery('/api/v1/audit-log', filters)} fileName="casedesk-audit-log.csv" />
      </div>
      <ProblemAlert error={log.error} />
      <Table<AuditEntry>
        className="cd-audit-table"
        rowKey="id"
        size="small"
        loading={log.isPending}
        dataSource={log.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('auditLog.none') }}
        columns={[
          { key: 'at', title: t('auditLog.when'), width: 170, render: (_, entry) => format.dateTime(entry.at) },
          {
            key: 'who',
            title: t('auditLog.who'),
            width: 170,
            render: (_, entry) => (
              <>
                <div>
                  {entry.actorUserId ? (nameOf(users.data, entry.actorUserId) ?? entry.actorUserId.slice(0, 8)) : t('auditLog.system')}
                </div>
                {/* The client's network address: behind a proxy CaseDesk trusts, the client the proxy saw. */}
                {entry.clientAddress ? (
                  <div className="cd-muted" data-testid="audit-client-address">
                    {t('auditLog.from')} <code>{entry.clientAddress}</code>
                  </div>
                ) : null}
              </>
            ),
          },
          {
            key: 'what',
            title: t('auditLog.what'),
            width: 220,
            render: (_, entry) => (
              <>
                <div>{actionLabel(entry.action)}</div>
                <div className="cd-muted">{record(entry)}</div>
              </>
            ),
          },
          { key: 'changes', title: t('auditLog.changes'), render: (_, entry) => <Diff entry={entry} /> },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length === 1} onClick={() => setCursors((current) => current.slice(0, -1))}>
          {t('auditLog.previous')}
        </Button>
        <Button
          disabled={!log.data?.nextCursor}
          onClick={() => setCursors((current) => (log.data?.nextCursor ? [...current, log.data.nextCursor] : current))}
        >
          {t('auditLog.next')}
        </Button>
      </Space>
    </>
  );
}
