import {
  expressionBuilder,
  sql,
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  type Updateable,
} from 'kysely';
import {
  DEFAULT_DIRECTION,
  WAITING_STATUSES,
  isNameSort,
  type NameSort,
  type QueueSort,
  type SortDirection,
} from '../../domain/cases/queue-views.js';
import type { CaseStatus } from '../../domain/cases/case-lifecycle.js';
import type { Role } from '../../domain/access/roles.js';
import type { CaseLevel } from '../../domain/cases/levels.js';
import { dialectOf, locksRows, type Executor } from '../dialect.js';
import { preparedInsert, preparedQuery } from '../prepared-query.js';
import type { CaseActionsTable, CaseEventsTable, CaseSerialNumbersTable, CasesTable, Database } from '../schema.js';
import { sameSerial } from './assets.js';
import { caseTextCondition, type CaseTextSearch } from './case-search.js';
import type { NewEscalationStep } from './escalations.js';
import type { NewOutboxMessage } from './outbox.js';
import type { NewNotification } from './notifications.js';

export type CaseRow = Selectable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type CaseActionRow = Selectable<CaseActionsTable>;
/** A timeline event as it is written. */
export type NewCaseEvent = Insertable<CaseEventsTable>;

/** A case as queues show it: the row plus the names people read. */
export type CaseListRow = CaseRow & { organization_name: string; department_name: string | null; assignee_name: string | null };

/**
 * Takes the next `count` numbers of the year inside the caller's transaction, so a rolled-back intake leaves no gap;
 * answers the last of them (the block ends there).
 */
const caseNumbersQuery = preparedQuery<{ year: number; count: number }, { last_number: number }>((executor, param) =>
  executor
    .insertInto('case_number_counters')
    .values({ year: param('year'), last_number: param('count') })
    .onConflict((oc) =>
      oc
        .column('year')
        .doUpdateSet((eb) => ({ last_number: eb(eb.ref('case_number_counters.last_number'), '+', eb.ref('excluded.last_number')) })),
    )
    .returning('last_number'),
);

export async function takeCaseNumbers(executor: Executor, year: number, count: number): Promise<number> {
  const [row] = await caseNumbersQuery(executor, { year, count });
  return Number(row!.last_number);
}

const insertCaseRows = preparedInsert('cases');

/** Cases in one statement, in the order given. */
export async function insertCases(executor: Executor, rows: Insertable<CasesTable>[]): Promise<void> {
  await insertCaseRows(executor, rows);
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
  /** In-app notifications of the new case (to its assignee, or its department), named by the placeholder too. */
  notifications: NewNotification[];
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

/**
 * Case rows the caller holds already, with the names a list shows: reads three names instead of the whole case, once
 * for the cases of the same customer, department and assignee.
 */
export async function withNamesOfCases(executor: Executor, rows: readonly CaseRow[]): Promise<(CaseListRow | undefined)[]> {
  const read = new Map<string, CaseNames | undefined>();
  const answers: (CaseListRow | undefined)[] = [];
  for (const row of rows) {
    const key = `${row.organization_id}\u0000${row.department_id ?? ''}\u0000${row.assignee_user_id ?? ''}`;
    if (!read.has(key)) read.set(key, (await caseNamesQuery(executor, row))[0]);
    const names = read.get(key);
    answers.push(names && { ...row, ...names });
  }
  return answers;
}

export async function findCaseListRow(executor: Executor, id: string): Promise<CaseListRow | undefined> {
  return (await caseListRowQuery(executor, { id }))[0];
}

/** Several cases with the names a list shows, in no particular order. */
export async function findCaseListRows(executor: Executor, ids: readonly string[]): Promise<CaseListRow[]> {
  if (ids.length === 0) return [];
  return caseListQuery(executor)
    .where('cases.id', 'in', [...ids])
    .execute();
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

/** The orders a case list is read in (`src/domain/cases/queue-views.ts`); each reads an index. */
export type CaseSort = QueueSort;

export interface CaseFilter {
  statuses?: readonly CaseStatus[];
  levels?: CaseLevel[];
  departmentId?: string;
  assigneeId?: string | null;
  organizationId?: string;
  escalated?: boolean;
  open?: boolean;
  /** Waiting on the customer or a vendor (the "waiting" view), read from its own partial index (migration 0035). */
  waiting?: boolean;
  /** Resolved at or after this instant (the "recently closed" view). */
  resolvedSince?: string;
  /** Cases an upgrading report of theirs told this user about (the "escalated to me" view). */
  notifiedUserId?: string;
  /** Set by `listCaseRows`: the user was told about many cases, so the list reads the view's order and probes. */
  notifiedMany?: boolean;
  /** The cases a search finds (the same search as `GET /api/v1/search`). */
  text?: CaseTextSearch;
  serialNumber?: string;
}

const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

/**
 * Sort keys written as expressions, exactly as migrations 0002 and 0035 index them (unqualified columns: SQLite
 * matches an expression index only on the same expression), so both databases read each order from its index.
 */
const NEXT_ESCALATION_KEY = sql<string>`coalesce(next_escalation_due_at, ${sql.lit(FAR_FUTURE)})`;
const FIRST_RESPONSE_KEY = sql<string>`case when first_responded_at is null then coalesce(first_response_due_at, ${sql.lit(FAR_FUTURE)}) else ${sql.lit(FAR_FUTURE)} end`;
const RESOLVED_KEY = sql<string>`coalesce(resolved_at, '')`;

type SortKey = { ref: RawBuilder<string | number>; direction: 'asc' | 'desc' };

function ascending(...refs: RawBuilder<string | number>[]): SortKey[] {
  return refs.map((ref) => ({ ref, direction: 'asc' }));
}

/** Each order's keys, lowest first; the last key is unique, so every row has its own place for the cursor. */
function ascendingKeys(sort: CaseSort): SortKey[] {
  const id = sql<string>`cases.id`;
  switch (sort) {
    case 'number':
      return ascending(sql<string>`cases.number`);
    case 'level':
      return ascending(sql<number>`cases.level`, sql<string>`cases.received_at`, id);
    case 'title':
      return ascending(sql<string>`cases.title`, id);
    case 'status':
      return ascending(sql<string>`cases.status`, id);
    case 'received':
      return ascending(sql<string>`cases.received_at`, id);
    case 'next-escalation':
      return ascending(NEXT_ESCALATION_KEY, id);
    case 'first-response':
      return ascending(FIRST_RESPONSE_KEY, id);
    case 'updated':
      return ascending(sql<string>`cases.updated_at`, id);
    case 'resolved':
      return ascending(RESOLVED_KEY, id);
    case 'customer':
    case 'department':
    case 'assignee':
      throw new Error(`${sort} is read by listCaseRowsByName`);
  }
}

/** Descending turns every key, so the database reads the same index backwards. */
function sortKeys(sort: CaseSort, direction: SortDirection): SortKey[] {
  const keys = ascendingKeys(sort);
  return direction === 'asc' ? keys : keys.map((key) => ({ ...key, direction: 'desc' }));
}

export function cursorValuesOf(row: CaseListRow, sort: CaseSort): (string | number)[] {
  switch (sort) {
    case 'number':
      return [row.number];
    case 'level':
      return [row.level, row.received_at, row.id];
    case 'title':
      return [row.title, row.id];
    case 'status':
      return [row.status, row.id];
    case 'received':
      return [row.received_at, row.id];
    case 'next-escalation':
      return [row.next_escalation_due_at ?? FAR_FUTURE, row.id];
    case 'first-response':
      return [row.first_responded_at === null ? (row.first_response_due_at ?? FAR_FUTURE) : FAR_FUTURE, row.id];
    case 'updated':
      return [row.updated_at, row.id];
    case 'resolved':
      return [row.resolved_at ?? '', row.id];
    case 'customer':
    case 'department':
    case 'assignee': {
      const entity = NAMED[sort];
      const entityId = row[entity.column];
      return entityId === null ? [1, '', '', row.id] : [0, row[entity.name] ?? '', entityId, row.id];
    }
  }
}

/** Whether cursor values could have come from `cursorValuesOf` for this order (checked for the orders by name). */
export function fitsOrder(values: (string | number | null)[], sort: CaseSort): boolean {
  if (!isNameSort(sort)) return true;
  const [none, ...rest] = values;
  return values.length === 4 && (none === 0 || none === 1) && rest.every((value) => typeof value === 'string');
}

/** The conditions of a filter, as one expression both the page and the count read. */
async function filtered(eb: ExpressionBuilder<Database, 'cases'>, executor: Executor, filter: CaseFilter): Promise<Expression<SqlBool>[]> {
  const conditions: Expression<SqlBool>[] = [];
  // Statuses as literals, so a view of fixed statuses (waiting) matches its partial index on both databases.
  if (filter.statuses?.length)
    conditions.push(sql<SqlBool>`cases.status in (${sql.join(filter.statuses.map((status) => sql.lit(status)))})`);
  if (filter.levels?.length) conditions.push(eb('cases.level', 'in', filter.levels));
  if (filter.waiting)
    conditions.push(sql<SqlBool>`(cases.status || '') in (${sql.join(WAITING_STATUSES.map((status) => sql.lit(status)))})`);
  if (filter.departmentId) conditions.push(eb('cases.department_id', '=', filter.departmentId));
  if (filter.assigneeId === null) conditions.push(eb('cases.assignee_user_id', 'is', null));
  else if (filter.assigneeId) conditions.push(eb('cases.assignee_user_id', '=', filter.assigneeId));
  if (filter.organizationId) conditions.push(eb('cases.organization_id', '=', filter.organizationId));
  if (filter.escalated) conditions.push(eb('cases.escalated_at', 'is not', null));
  if (filter.open) conditions.push(eb('cases.resolved_at', 'is', null));
  if (filter.resolvedSince) conditions.push(eb(RESOLVED_KEY, '>=', filter.resolvedSince));
  if (filter.notifiedUserId) conditions.push(notifiedCondition(eb, filter.notifiedUserId, filter.notifiedMany ?? false));
  if (filter.serialNumber) {
    const serial = filter.serialNumber;
    conditions.push(
      eb.exists(
        eb
          .selectFrom('case_serial_numbers')
          .select('case_id')
          .whereRef('case_serial_numbers.case_id', '=', 'cases.id')
          .where(sameSerial('case_serial_numbers.serial_number', serial)),
      ),
    );
  }
  if (filter.text) conditions.push(await caseTextCondition(executor, filter.text));
  return conditions;
}

/** Past this many reports told to one reader, their cases are found by reading the view in order (see below). */
const MANY_NOTIFIED = 500;

/**
 * "Escalated to me", two ways: few cases are looked up by id and sorted (cost ∝ the reader's cases); many are found by
 * reading the open cases in the view's order and probing the reader's recipient rows until the page is full (cost ∝
 * how far the page lies), which for a sparse reader would read every open case.
 */
function notifiedCondition(eb: ExpressionBuilder<Database, 'cases'>, userId: string, many: boolean): Expression<SqlBool> {
  const told = eb
    .selectFrom('escalation_recipients')
    .select('escalation_recipients.case_id')
    .where('escalation_recipients.user_id', '=', userId);
  return many ? eb.exists(told.whereRef('escalation_recipients.case_id', '=', 'cases.id')) : eb('cases.id', 'in', told);
}

async function toldMany(executor: Executor, userId: string): Promise<boolean> {
  const row = await executor
    .selectFrom(
      executor
        .selectFrom('escalation_recipients')
        .select(sql.lit(1).as('one'))
        .where('user_id', '=', userId)
        .limit(MANY_NOTIFIED + 1)
        .as('told'),
    )
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count) > MANY_NOTIFIED;
}

export async function listCaseRows(
  executor: Executor,
  filter: CaseFilter,
  sort: CaseSort,
  after: (string | number | null)[] | null,
  limit: number,
  direction: SortDirection = DEFAULT_DIRECTION[sort],
  /** The largest view sorted by name whole (tests read larger ones name by name with 0). */
  options: { smallView?: number } = {},
): Promise<CaseListRow[]> {
  let query = caseListQuery(executor);
  const notifiedMany = filter.notifiedUserId !== undefined && (await toldMany(executor, filter.notifiedUserId));
  const conditions = await filtered(expressionBuilder<Database, 'cases'>(), executor, { ...filter, notifiedMany });
  if (isNameSort(sort)) return listCaseRowsByName(executor, { conditions, sort, after, limit, direction }, options.smallView ?? SMALL_VIEW);
  for (const condition of conditions) query = query.where(condition);
  const keys = sortKeys(sort, direction);
  if (after) query = query.where((eb) => afterCursor(eb, keys, after));
  for (const key of keys) query = query.orderBy(key.ref, key.direction);
  return query.limit(limit + 1).execute();
}

/**
 * How many cases a filter holds, counting no further than `cap + 1`: the count reads at most that many index
 * entries, so a view of a million cases costs what one of `cap` does ("10 000+").
 */
export async function countCaseRows(executor: Executor, filter: CaseFilter, cap: number): Promise<number> {
  let inner = executor.selectFrom('cases').select(sql.lit(1).as('one'));
  for (const condition of await filtered(expressionBuilder<Database, 'cases'>(), executor, filter)) inner = inner.where(condition);
  const row = await executor
    .selectFrom(inner.limit(cap + 1).as('capped'))
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** (k1, k2, …) strictly after the cursor in the sort order, written out as OR of prefixes (works in both dialects). */
function afterCursor(eb: ExpressionBuilder<Database, 'cases'>, keys: SortKey[], values: (string | number | null)[]) {
  const alternatives = keys.map((key, index) => {
    const equalities = keys.slice(0, index).map((previous, previousIndex) => eb(previous.ref, '=', values[previousIndex] ?? null));
    const comparison = eb(key.ref, key.direction === 'asc' ? '>' : '<', values[index] ?? null);
    return eb.and([...equalities, comparison]);
  });
  return eb.or(alternatives);
}

/**
 * The orders by a name people read: the customer's, the department's, the assignee's. The name lives in another table,
 * so no index of cases holds it. Instead:
 * - a view of at most `SMALL_VIEW` cases (escalated, waiting, mine, …) is read whole from its own index and sorted by
 *   the database;
 * - a larger one is read customer by customer (department by department, assignee by assignee) in the order of their
 *   names, each from an index of cases on the customer and the case id (migrations 0002 and 0053), newest case first:
 *   a page reads its own rows and one probe per customer it passes, the probes of a few customers in one statement.
 * Both give one order: name, then the customer's id (two customers of one name stay apart), then the newest case
 * first. Cases of no department or no assignee come after every name (first when descending). Names compare as stored,
 * code point by code point (`collate "C"` on PostgreSQL, SQLite's binary order), so both databases read one order.
 */
const NAMED = {
  customer: {
    table: 'organizations',
    column: 'organization_id',
    ref: 'cases.organization_id',
    name: 'organization_name',
    nameRef: 'organizations.name',
  },
  department: {
    table: 'departments',
    column: 'department_id',
    ref: 'cases.department_id',
    name: 'department_name',
    nameRef: 'departments.name',
  },
  assignee: { table: 'users', column: 'assignee_user_id', ref: 'cases.assignee_user_id', name: 'assignee_name', nameRef: 'assignee.name' },
} as const;

/** A view of at most this many cases is sorted by name whole; a larger one is read name by name. */
const SMALL_VIEW = 2_000;
/** How many customers (departments, assignees) one statement probes at most, once the first few were too sparse. */
const PROBES_PER_STATEMENT = 64;

/** A string compared as stored, code point by code point, on both databases. */
function asStored(executor: Executor, expression: RawBuilder<string>): RawBuilder<string> {
  return dialectOf(executor) === 'postgres' ? sql<string>`${expression} collate "C"` : expression;
}

/** Where a page by name starts: after this case of this customer (none: of no department, or no assignee). */
interface NameCursor {
  none: boolean;
  name: string;
  entityId: string;
  caseId: string;
}

/** A page of a list by name: the filter's conditions, the order, the cursor's values (none: the first page), its size. */
interface PageByName {
  conditions: Expression<SqlBool>[];
  sort: NameSort;
  after: (string | number | null)[] | null;
  limit: number;
  direction: SortDirection;
}

async function listCaseRowsByName(executor: Executor, page: PageByName, smallView: number): Promise<CaseListRow[]> {
  const { conditions, sort, after, limit, direction } = page;
  let viewed = executor.selectFrom('cases').select('cases.id');
  for (const condition of conditions) viewed = viewed.where(condition);
  const counted = await executor
    .selectFrom(viewed.limit(smallView + 1).as('viewed'))
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  if (Number(counted.count) <= smallView) return smallViewByName(executor, page);
  const cursor: NameCursor | null =
    after === null
      ? null
      : { none: after[0] === 1, name: String(after[1] ?? ''), entityId: String(after[2] ?? ''), caseId: String(after[3] ?? '') };
  const entity = NAMED[sort];
  const rows: CaseListRow[] = [];
  for await (const batch of namedBatches(executor, sort, direction, cursor)) {
    const wanted = limit + 1 - rows.length;
    const arms = batch.map((entityId) => {
      let arm = caseListQuery(executor);
      for (const condition of conditions) arm = arm.where(condition);
      arm = entityId === null ? arm.where(entity.ref, 'is', null) : arm.where(entity.ref, '=', entityId);
      const sameGroup = cursor !== null && (entityId === null ? cursor.none : !cursor.none && cursor.entityId === entityId);
      if (sameGroup) arm = arm.where('cases.id', '<', cursor.caseId);
      return executor.selectFrom(arm.orderBy('cases.id', 'desc').limit(wanted).as('arm')).selectAll();
    });
    let statement = arms[0]!;
    for (const arm of arms.slice(1)) statement = statement.unionAll(arm);
    const position = new Map(batch.map((entityId, index) => [entityId, index]));
    const found = await statement.execute();
    found.sort((a, b) => position.get(a[entity.column])! - position.get(b[entity.column])! || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    rows.push(...found.slice(0, wanted));
    if (rows.length > limit) break;
  }
  return rows;
}

/**
 * A small view, read whole by its filter's own index, then named and sorted: the view's rows are a `limit` subquery
 * under the name `cases`, which neither database folds into the outer query, so the planner reads the view first
 * (as `id in (…)` PostgreSQL hashed the view and scanned every case).
 */
async function smallViewByName(executor: Executor, { conditions, sort, after, limit, direction }: PageByName): Promise<CaseListRow[]> {
  const entity = NAMED[sort];
  const column = sql.ref<string | null>(entity.ref);
  const keys: SortKey[] = [
    { ref: sql<number>`(case when ${column} is null then 1 else 0 end)`, direction },
    { ref: asStored(executor, sql<string>`coalesce(${sql.ref(entity.nameRef)}, '')`), direction },
    { ref: sql<string>`coalesce(${column}, '')`, direction },
    { ref: sql<string>`cases.id`, direction: 'desc' },
  ];
  let viewed = executor.selectFrom('cases').selectAll('cases');
  for (const condition of conditions) viewed = viewed.where(condition);
  let query = executor
    .selectFrom(viewed.limit(2 * SMALL_VIEW).as('cases'))
    .innerJoin('organizations', 'organizations.id', 'cases.organization_id')
    .leftJoin('departments', 'departments.id', 'cases.department_id')
    .leftJoin('users as assignee', 'assignee.id', 'cases.assignee_user_id')
    .selectAll('cases')
    .select(['organizations.name as organization_name', 'departments.name as department_name', 'assignee.name as assignee_name']);
  if (after) query = query.where((eb) => afterCursor(eb, keys, after));
  for (const key of keys) query = query.orderBy(key.ref, key.direction);
  return query.limit(limit + 1).execute();
}

/**
 * The customers (departments, assignees) of a page by name, in order, from the cursor's own: one first (a dense view
 * fills its page from it), then ever more per statement. The group of no department (no assignee) is the last when
 * ascending, the first when descending. Assignees are staff, so customers' accounts are not probed.
 */
async function* namedBatches(
  executor: Executor,
  sort: NameSort,
  direction: SortDirection,
  cursor: NameCursor | null,
): AsyncGenerator<(string | null)[]> {
  const nullable = sort !== 'customer';
  if (cursor?.none) {
    yield [null];
    if (direction === 'asc') return;
  } else if (nullable && direction === 'desc' && cursor === null) yield [null];
  const entity = NAMED[sort];
  const name = asStored(executor, sql<string>`name`);
  const order = sql.raw(direction);
  const past = sql.raw(direction === 'asc' ? '>' : '<');
  let from = cursor && !cursor.none ? { name: cursor.name, id: cursor.entityId, inclusive: true } : null;
  for (let size = 1; ; size = Math.min(size * 4, PROBES_PER_STATEMENT)) {
    const start = from === null ? sql`` : sql`and (${name}, id) ${past}${sql.raw(from.inclusive ? '=' : '')} (${from.name}, ${from.id})`;
    const staff = sort === 'assignee' ? sql`and role <> 'customer'` : sql``;
    const { rows } = await sql<{ id: string; name: string }>`select id, name from ${sql.table(entity.table)}
      where 1 = 1 ${staff} ${start} order by ${name} ${order}, id ${order} limit ${size}`.execute(executor);
    if (rows.length > 0) yield rows.map((row) => row.id);
    if (rows.length < size) break;
    const last = rows.at(-1)!;
    from = { name: last.name, id: last.id, inclusive: false };
  }
  if (nullable && direction === 'asc') yield [null];
}

const insertSerialRows = preparedInsert('case_serial_numbers');

/** The serial numbers of several cases, in one statement. */
export async function insertSerialsOfCases(executor: Executor, rows: Insertable<CaseSerialNumbersTable>[]): Promise<void> {
  await insertSerialRows(executor, rows);
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
): Promise<(CaseEventRow & { actor_name: string | null; actor_role: Role | null })[]> {
  let query = executor
    .selectFrom('case_events')
    .leftJoin('users', 'users.id', 'case_events.actor_user_id')
    .selectAll('case_events')
    .select(['users.name as actor_name', 'users.role as actor_role'])
    .where('case_events.case_id', '=', caseId)
    .orderBy('case_events.id')
    .limit(options.limit + 1);
  if (options.publicOnly) query = query.where('case_events.visibility', '=', 'public');
  if (options.afterId) query = query.where('case_events.id', '>', options.afterId);
  return query.execute();
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
