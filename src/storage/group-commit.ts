import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/** Limits that keep a busy batch from holding the single SQLite connection (and its readers) for long. */
const MAX_MEMBERS = 64;
const MAX_BATCH_MS = 10;

const SAVEPOINT = CompiledQuery.raw('savepoint batch_member');
const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('rollback to batch_member');
const RELEASE_SAVEPOINT = CompiledQuery.raw('release batch_member');

type Work<T> = (trx: Transaction<Database>) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit for SQLite's single connection. Transactions already run one after another there, and on a busy
 * server the commit (writing the touched pages to the write-ahead log) costs more than the statements. So the
 * transactions that queue up while one runs join it: each runs inside its own savepoint (a failure rolls back that
 * transaction alone and rejects only its caller), and one commit makes the whole batch durable. A caller's promise
 * settles only after that commit, so nobody is told "done" about a write that could still be lost. With no queue a
 * batch is a single transaction, exactly as before.
 */
export function groupCommitTransactions(db: Kysely<Database>): <T>(work: Work<T>) => Promise<T> {
  const queue: Pending[] = [];
  let draining = false;

  const runBatch = async (): Promise<void> => {
    const committed: { member: Pending; value: unknown }[] = [];
    let began = false;
    try {
      await db.transaction().execute(async (trx) => {
        began = true;
        const startedAt = performance.now();
        while (queue.length > 0 && committed.length < MAX_MEMBERS && performance.now() - startedAt < MAX_BATCH_MS) {
          const member = queue.shift()!;
          await trx.executeQuery(SAVEPOINT);
          let value: unknown;
          try {
            value = await member.work(trx);
          } catch (error) {
            member.reject(error);
            // If SQLite already rolled the whole transaction back (I/O error, disk full), this throws and the batch
            // fails as a whole below.
            await trx.executeQuery(ROLLBACK_TO_SAVEPOINT);
            await trx.executeQuery(RELEASE_SAVEPOINT);
            continue;
          }
          await trx.executeQuery(RELEASE_SAVEPOINT);
          committed.push({ member, value });
        }
      });
    } catch (error) {
      // A transaction that could not even begin (database closed) fails everyone waiting, or they would wait forever.
      const failed = began ? committed.map(({ member }) => member) : queue.splice(0);
      for (const member of failed) member.reject(error);
      return;
    }
    for (const { member, value } of committed) member.resolve(value);
  };

  const drain = async (): Promise<void> => {
    try {
      while (queue.length > 0) await runBatch();
    } finally {
      draining = false;
    }
  };

  return <T>(work: Work<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work: work as Work<unknown>, resolve: resolve as (value: unknown) => void, reject });
      // Requests read in the same turn of the event loop would otherwise each run to completion alone: better-sqlite3
      // never yields. Starting the batch in the check phase lets everything that arrived in this turn join it.
      if (!draining) {
        draining = true;
        setImmediate(() => void drain());
      }
    });
}
