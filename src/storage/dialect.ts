/**
 * The dialect facts repositories need: the executor type, which dialect is behind it, and whether it locks rows. This
 * file imports nothing of storage, so any repository may import it without an import cycle through `db.ts`.
 */
import { PostgresAdapter, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

/** An open transaction, for work that must run inside one. */
export type DatabaseTransaction = Transaction<Database>;

/** A query executor: the database itself or an open transaction. Repositories accept either. */
export type Executor = Kysely<Database> | DatabaseTransaction;

/** The dialect behind an executor, for the few repository functions that write each dialect its own way. */
export function dialectOf(executor: Executor): DialectName {
  return executor.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Whether a repository's `…ForUpdate` / `…ForShare` read locks the rows it reads: PostgreSQL has row locks
 * (`FOR UPDATE`, `SKIP LOCKED`); SQLite has a single writer, so a transaction there needs none and has none.
 */
export function locksRows(executor: Executor): boolean {
  return dialectOf(executor) === 'postgres';
}
