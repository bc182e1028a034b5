import { CompiledQuery, type Compilable, type Insertable } from 'kysely';
import type { Executor } from './db.js';
import type { Database } from './schema.js';

/*
 * Kysely builds, freezes and compiles a syntax tree for every query it runs. On the hot paths (a hotline intake makes
 * about ten statements) that costs more than SQLite takes to run them. The helpers here build a query once per
 * dialect, keep its SQL text and where each value goes, and afterwards only bind values. The builder stays the single
 * source of the SQL, so both dialects and the types remain Kysely's.
 */

type Binding = { param: string } | { constant: unknown };

interface Plan {
  sql: string;
  bindings: Binding[];
}

/** The SQL text depends only on the dialect, and every Kysely instance of one dialect shares its adapter's class. */
function dialectKey(executor: Executor): unknown {
  return executor.getExecutor().adapter.constructor;
}

const MARK = '\u0000casedesk-param:';

/**
 * A query whose shape never changes, with named values: `param('id')` stands where a value goes. Each call returns
 * the result rows.
 */
export function preparedQuery<Params extends Record<string, unknown>, Row>(
  build: (executor: Executor, param: <K extends keyof Params & string>(name: K) => Params[K]) => Compilable<Row>,
): (executor: Executor, params: Params) => Promise<Row[]> {
  const plans = new Map<unknown, Plan>();
  const planFor = (executor: Executor): Plan => {
    const key = dialectKey(executor);
    let plan = plans.get(key);
    if (!plan) {
      const compiled = build(executor, (name) => `${MARK}${name}` as never).compile();
      plan = {
        sql: compiled.sql,
        bindings: compiled.parameters.map((value) =>
          typeof value === 'string' && value.startsWith(MARK) ? { param: value.slice(MARK.length) } : { constant: value },
        ),
      };
      plans.set(key, plan);
    }
    return plan;
  };
  return async (executor, params) => {
    const plan = planFor(executor);
    const parameters = plan.bindings.map((binding) => ('param' in binding ? (params[binding.param] ?? null) : binding.constant));
    return (await executor.executeQuery<Row>(CompiledQuery.raw(plan.sql, parameters))).rows;
  };
}

/** Well below SQLite's 32 766 bound values per statement (and PostgreSQL's 65 535). */
const MAX_VALUES_PER_STATEMENT = 10_000;

/**
 * `insert into <table> (...) values (...), (...)` for plain-value rows. Rows of one shape (the same columns, the same
 * count) reuse the SQL compiled for the first of them; a shape whose values Kysely does not bind one-to-one (an
 * expression, say) is simply built every time.
 */
export function preparedInsert<Table extends keyof Database & string>(
  table: Table,
): (executor: Executor, rows: Insertable<Database[Table]>[]) => Promise<void> {
  const plans = new Map<unknown, Map<string, string | null>>();
  const insert = async (executor: Executor, rows: Insertable<Database[Table]>[]): Promise<void> => {
    if (rows.length === 0) return;
    const columns = definedColumnsOf(rows[0]!);
    const shape = `${rows.length}:${columns.join()}`;
    const sameShape = rows.length === 1 || rows.every((row) => definedColumnsOf(row).join() === columns.join());
    const parameters: unknown[] = [];
    for (const row of rows) for (const column of columns) parameters.push(valueOf(row, column));
    const key = dialectKey(executor);
    let shapes = plans.get(key);
    if (!shapes) plans.set(key, (shapes = new Map<string, string | null>()));
    const cachedSql = sameShape ? shapes.get(shape) : null;
    if (cachedSql) {
      await executor.executeQuery(CompiledQuery.raw(cachedSql, parameters));
      return;
    }
    const compiled = executor.insertInto(table).values(rows).compile();
    if (sameShape && cachedSql === undefined) {
      const oneToOne =
        compiled.parameters.length === parameters.length && compiled.parameters.every((value, index) => value === parameters[index]);
      shapes.set(shape, oneToOne ? compiled.sql : null);
    }
    await executor.executeQuery(compiled);
  };
  return async (executor, rows) => {
    // Both databases cap the values one statement may bind; many rows go in several statements.
    const perStatement = Math.max(1, Math.floor(MAX_VALUES_PER_STATEMENT / Math.max(1, definedColumnsOf(rows[0] ?? {}).length)));
    if (rows.length <= perStatement) return insert(executor, rows);
    for (let start = 0; start < rows.length; start += perStatement) await insert(executor, rows.slice(start, start + perStatement));
  };
}

/** Kysely leaves a column out of an insert when its value is undefined. */
function definedColumnsOf(row: object): string[] {
  const columns: string[] = [];
  for (const column in row) if (valueOf(row, column) !== undefined) columns.push(column);
  return columns;
}

function valueOf(row: object, column: string): unknown {
  return (row as Record<string, unknown>)[column];
}
