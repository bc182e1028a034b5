import DataLoader from 'dataloader';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf, type Executor } from './dialect.js';
import type { Database } from './schema.js';

/** Enough for every request one instance reads in one turn of the event loop; the rest wait for the next statement. */
const MAX_KEYS_PER_STATEMENT = 256;

/**
 * A lookup that almost every request makes (who holds this API token, which contracts this organisation has, which
 * policy is the default) is asked once for all requests of one instance that want it in the same turn of the event
 * loop, instead of once per request. On PostgreSQL each statement costs a round trip, a parse and a wake-up of the
 * server; on SQLite a turn on the single connection. Under a busy hotline those, not the lookups, were the work.
 *
 * Nothing is cached: every answer is read after its request arrived, so a revoked token or a changed policy counts
 * at once. Inside a transaction (which must see its own writes) `one` answers each call directly.
 */
export function batchedLookup<Key, Value>(lookup: {
  one: (executor: Executor, key: Key) => Promise<Value>;
  /** Answers for `keys`, in their order; a key may appear more than once. */
  many: (db: Kysely<Database>, keys: readonly Key[]) => Promise<Value[]>;
}): (executor: Executor, key: Key) => Promise<Value> {
  const loaders = new WeakMap<Kysely<Database>, DataLoader<Key, Value>>();
  const loaderFor = (db: Kysely<Database>) => {
    let loader = loaders.get(db);
    if (!loader) {
      loader = new DataLoader<Key, Value>((keys) => lookup.many(db, keys), {
        cache: false,
        maxBatchSize: MAX_KEYS_PER_STATEMENT,
        // After the poll phase, so the requests parsed from one batch of socket reads share a statement.
        batchScheduleFn: (run) => setImmediate(run),
      });
      loaders.set(db, loader);
    }
    return loader;
  };
  return (executor, key) => (executor.isTransaction ? lookup.one(executor, key) : loaderFor(executor as Kysely<Database>).load(key));
}

/** A list of values bound as one parameter, whatever its length, so the statement's text never changes. */
export type ListParameter = readonly string[] | string;

export function listParameter(executor: Executor, values: readonly string[]): ListParameter {
  return dialectOf(executor) === 'postgres' ? values : JSON.stringify(values);
}

/**
 * `column` (or an expression) is one of a `listParameter`: `= any($1)` on PostgreSQL, a JSON array read by
 * `json_each` on SQLite.
 */
export function isOneOf(executor: Executor, column: string | RawBuilder<unknown>, list: ListParameter): RawBuilder<boolean> {
  const value = typeof column === 'string' ? sql.ref(column) : column;
  return dialectOf(executor) === 'postgres'
    ? sql<boolean>`${value} = any(${list})`
    : sql<boolean>`${value} in (select value from json_each(${list}))`;
}
