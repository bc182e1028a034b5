import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import { dialectOf, type Executor } from './db.js';
import type { Database } from './schema.js';

/** Enough for every request one instance reads in one turn of the event loop; the rest wait for the next statement. */
const MAX_KEYS_PER_STATEMENT = 256;

/**
 * PostgreSQL: a lookup that almost every request makes (who holds this API token, which contracts this organisation
 * has, which policy is the default) is asked once for all requests of one instance that want it in the same turn of
 * the event loop, instead of once per request. Each request costs the database a round trip, a parse and a wake-up
 * per statement; under a busy hotline those, not the lookups themselves, were most of its work.
 *
 * Nothing is cached: every answer is read after its request arrived, so a revoked token or a changed policy counts
 * at once. Inside a transaction, and on SQLite (one connection, no round trips), `one` answers each call directly.
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
  return (executor, key) =>
    executor.isTransaction || dialectOf(executor) === 'sqlite'
      ? lookup.one(executor, key)
      : loaderFor(executor as Kysely<Database>).load(key);
}
