import { sql, type ExpressionBuilder, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { CaseStatus } from '../../domain/cases/case-lifecycle.js';
import type { CaseLevel } from '../../domain/cases/levels.js';
import { locksRows, type Executor } from '../dialect.js';
import { preparedInsert, preparedQuery } from '../prepared-query.js';
import type { CaseActionsTable, CaseEventsTable, CasesTable, Database } from '../schema.js';
import { sameSerial } from './assets.js';
import type { NewEscalationStep } from './escalations.js';
import type { NewOutboxMessage } from './outbox.js';

export type CaseRow = Selectable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type CaseActionRow = Selectable<CaseActionsTable>;
/** A timeline event as it is written. */
export type NewCaseEvent = Insertable<CaseEventsTable>;

/** A case as queues show it: the row plus the names people read. */
export type CaseListRow = CaseRow & { organization_name: string; department_name: string | null; assignee_name: string | null };

/** Takes the next number of the year inside the caller's transaction, so a rolled-back intake leaves no gap. */
const nextCaseNumberQuery = preparedQuery<{ year: number }, { last_number: number }>((executor, param) =>
  executor
    .insertInto('case_number_counters')
    .values({ year: param('year'), last_number: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last_number: eb(eb.ref('case_number_counters.last_number'), '+', 1) })))
    .returning('last_number'),
);

export async function takeNextCaseNumber(executor: Executor, year: number): Promise<number> {
  const [row] = await nextCaseNumberQuery(executor, { year });
  return Number(row!.last_number);
}

const insertCaseRows = preparedInsert('cases');

export async function insertCase(executor: Executor, row: Insertable<CasesTable>): Promise<void> {
  await insertCaseRows(executor, [row]);
}

/** A case being opened, with the rows written along with it (see `CaseWriter` in case-writer.ts). */
export interface NewCase {
  /** Its `number` is assigned on write, from the year's counter (the format is in domain/cases/case-numbers.ts). */
  row: CaseRow;
  year: number;
  serialNumbers: string[];
  steps: NewEscalationStep[];
  createdEvent: NewCaseEvent;
  /**
   * Mail written with the case (its acknowledgement), so it exists exactly when the case does. Prepared before the
   * number is taken: `CASE_NUMBER_PLACEHOLDER` (domain/cases/case-numbers.ts) stands for it in the subject and bodies.
   */
  mails: NewOutboxMessage[];
}

export async function findCaseById(executor: Executor, id: string): Promise<CaseRow | undefined> {
  return executor.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Loads a case for change; on PostgreSQL the row stays locked until the transaction ends, which orders concurrent
 * edits of one case (SQLite has a single writer).
 */
export async function findCaseForUpdate(executor: Executor, id: string): Promise<CaseRow | undefined> {
  const query = executor.selectFrom('cases').selectAll().where('id', '=', id);
  return (locksRows(executor) ? query.forUpdate() : query).executeTakeFirst();
}

export async function updateCaseRow(executor: Executor, id: string, changes: Updateable<CasesTable>): Promise<void> {
  await executor.updateTable('cases').set(changes).where('id', '=', id).execute();
}

const caseListRowQuery = preparedQuery<{ id: string }, CaseListRow>((executor, param) =>
  caseListQuery(executor).where('cases.id', '=', param('id')),
);

type CaseNames = Pick<CaseListRow, 'organization_name' | 'department_name' | 'assignee_name'>;

const caseNamesQuery = preparedQuery<Pick<CaseRow, 'organization_id' | 'department_id' | 'assignee_user_id'>, CaseNames>(
  (executor, param) =>
    executor
      .selectFrom('organizations')
      .leftJoin('departments', (join) => join.on('departments.id', '=', param('department_id')))
      .leftJoin('users as assignee', (join) => join.on('assignee.id', '=', param('assignee_user_id')))
      .select(['organizations.name as organization_name', 'departments.name as department_name', 'assignee.name as assignee_name'])
      .where('organizations.id', '=', param('organization_id')),
);

/** A case row the caller holds already, with the names a list shows: reads three names instead of the whole case. */
export async function withCaseNames(executor: Executor, row: CaseRow): Promise<CaseListRow | undefined> {
  const [names] = await caseNamesQuery(executor, row);
  return names && { ...row, ...names };
}

export async function findCaseListRow(executor: Executor, id: string): Promise<CaseListRow | undefined> {
  return (await caseListRowQuery(executor, { id }))[0];
}

function caseListQuery(executor: Executor) {
  return executor
    .selectFrom('cases')
    .innerJoin('organizations', 'organizations.id', 'cases.organization_id')
    .leftJoin('departments', 'departments.id', 'cases.department_id')
    .leftJoin('users as assignee', 'assignee.id', 'cases.assignee_user_id')
    .selectAll('cases')
    .select(['organizations.name as organization_name', 'departments.name as department_name', 'assignee.name as assignee_name']);
}

export type CaseSort = 'received' | 'level' | 'next-escalation';

export interface CaseFilter {
  statuses?: CaseStatus[];
  levels?: CaseLevel[];
  departmentId?: string;
  assigneeId?: string | null;
  organizationId?: string;
  escalated?: boolean;
  open?: boolean;
  text?: string;
  serialNumber?: string;
}

const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

/** Sort keys per order; the last key is always the id, so every row has a unique place for the cursor. */
function sortKeys(sort: CaseSort) {
  switch (sort) {
    case 'level':
      return [
        { ref: sql<number>`cases.level`, direction: 'asc' as const },
        { ref: sql<string>`cases.received_at`, direction: 'asc' as const },
        { ref: sql<string>`cases.id`, direction: 'asc' as const },
      ];
    case 'next-escalation':
      return [
        // Written exactly as the index `cases_next_escalation_sort` is, so both databases read the order from it.
        { ref: sql<string>`coalesce(next_escalation_due_at, ${sql.lit(FAR_FUTURE)})`, direction: 'asc' as const },
        { ref: sql<string>`cases.id`, direction: 'asc' as const },
      ];
    default:
      return [
        { ref: sql<string>`cases.received_at`, direction: 'desc' as const },
        { ref: sql<string>`cases.id`, direction: 'desc' as const },
      ];
  }
}

export function cursorValuesOf(row: CaseRow, sort: CaseSort): (string | number)[] {
  if (sort === 'level') return [row.level, row.received_at, row.id];
  if (sort === 'next-escalation') return [row.next_escalation_due_at ?? FAR_FUTURE, row.id];
  return [row.received_at, row.id];
}

export async function listCaseRows(
  executor: Executor,
  filter: CaseFilter,
  sort: CaseSort,
  after: (string | number | null)[] | null,
  limit: number,
): Promise<CaseListRow[]> {
  let query = caseListQuery(executor);
  if (filter.statuses?.length) query = query.where('cases.status', 'in', filter.statuses);
  if (filter.levels?.length) query = query.where('cases.level', 'in', filter.levels);
  if (filter.departmentId) query = query.where('cases.department_id', '=', filter.departmentId);
  if (filter.assigneeId === null) query = query.where('cases.assignee_user_id', 'is', null);
  else if (filter.assigneeId) query = query.where('cases.assignee_user_id', '=', filter.assigneeId);
  if (filter.organizationId) query = query.where('cases.organization_id', '=', filter.organizationId);
  if (filter.escalated) query = query.where('cases.escalated_at', 'is not', null);
  if (filter.open) query = query.where('cases.resolved_at', 'is', null);
  if (filter.serialNumber) {
    const serial = filter.serialNumber;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_serial_numbers')
          .select('case_id')
          .whereRef('case_serial_numbers.case_id', '=', 'cases.id')
          .where(sameSerial('case_serial_numbers.serial_number', serial)),
      ),
    );
  }
  if (filter.text) {
    const pattern = `%${filter.text.toLowerCase()}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['cases.title']), 'like', pattern),
        eb(eb.fn('lower', ['cases.number']), 'like', pattern),
        eb(eb.fn('lower', ['organizations.name']), 'like', pattern),
      ]),
    );
  }
  const keys = sortKeys(sort);
  if (after) query = query.where((eb) => afterCursor(eb, keys, after));
  for (const key of keys) query = query.orderBy(key.ref, key.direction);
  return query.limit(limit + 1).execute();
}

/** (k1, k2, …) strictly after the cursor in the sort order, written out as OR of prefixes (works in both dialects). */
function afterCursor(
  eb: ExpressionBuilder<Database, 'cases'>,
  keys: { ref: ReturnType<typeof sql<string | number>>; direction: 'asc' | 'desc' }[],
  values: (string | number | null)[],
) {
  const alternatives = keys.map((key, index) => {
    const equalities = keys.slice(0, index).map((previous, previousIndex) => eb(previous.ref, '=', values[previousIndex] ?? null));
    const comparison = eb(key.ref, key.direction === 'asc' ? '>' : '<', values[index] ?? null);
    return eb.and([...equalities, comparison]);
  });
  return eb.or(alternatives);
}

export async function insertCaseSerials(executor: Executor, caseId: string, serials: string[]): Promise<void> {
  if (serials.length === 0) return;
  await executor
    .insertInto('case_serial_numbers')
    .values(serials.map((serial_number) => ({ case_id: caseId, serial_number })))
    .execute();
}

export async function listSerialsOfCases(executor: Executor, caseIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (caseIds.length === 0) return result;
  const rows = await executor
    .selectFrom('case_serial_numbers')
    .selectAll()
    .where('case_id', 'in', caseIds)
    .orderBy('serial_number')
    .execute();
  for (const row of rows) result.set(row.case_id, [...(result.get(row.case_id) ?? []), row.serial_number]);
  return result;
}

const insertCaseEventRows = preparedInsert('case_events');

export async function appendCaseEvent(executor: Executor, row: NewCaseEvent): Promise<void> {
  await insertCaseEventRows(executor, [row]);
}

/** Several timeline events in one statement (of any cases). */
export async function appendCaseEvents(executor: Executor, rows: NewCaseEvent[]): Promise<void> {
  await insertCaseEventRows(executor, rows);
}

export async function listCaseEvents(
  executor: Executor,
  caseId: string,
  options: { publicOnly: boolean; afterId?: string; limit: number },
): Promise<(CaseEventRow & { actor_name: string | null })[]> {
  let query = executor
    .selectFrom('case_events')
    .leftJoin('users', 'users.id', 'case_events.actor_user_id')
    .selectAll('case_events')
    .select('users.name as actor_name')
    .where('case_events.case_id', '=', caseId)
    .orderBy('case_events.id')
    .limit(options.limit + 1);
  if (options.publicOnly) query = query.where('case_events.visibility', '=', 'public');
  if (options.afterId) query = query.where('case_events.id', '>', options.afterId);
  return query.execute();
}

/** The id of a case's first timeline entry of this kind (its `case.created`), for what belongs to it. */
export async function findCaseEventIdOfKind(executor: Executor, caseId: string, kind: string): Promise<string | null> {
  const row = await executor
    .selectFrom('case_events')
    .select('id')
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function insertCaseAction(executor: Executor, row: Insertable<CaseActionsTable>): Promise<void> {
  await executor.insertInto('case_actions').values(row).execute();
}

export async function listCaseActions(executor: Executor, caseId: string): Promise<CaseActionRow[]> {
  return executor.selectFrom('case_actions').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

/** Cases changed after a point in time, oldest change first: the live feed's one indexed query. */
export async function listCasesChangedSince(
  executor: Executor,
  since: string,
  limit: number,
): Promise<Pick<CaseRow, 'id' | 'organization_id' | 'updated_at' | 'status' | 'level'>[]> {
  return executor
    .selectFrom('cases')
    .select(['id', 'organization_id', 'updated_at', 'status', 'level'])
    .where('updated_at', '>', since)
    .orderBy('updated_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}
