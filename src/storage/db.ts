import fs from 'node:fs';
import path from 'node:path';
import { SqliteDatabase, type SqliteStatement } from './sqlite-driver.js';
import { Kysely, PostgresDialect, PostgresIntrospector, SqliteDialect, sql, type DatabaseIntrospector, type TableMetadata } from 'kysely';
import type pg from 'pg';
import { postgresCaseWriter, sqliteCaseWriter, type CaseWriter } from './case-writer.js';
import { groupCommitTransactions } from './group-commit.js';
import { registerNearestRanks } from './nearest-rank.js';
import { checkpointInBackground, type Checkpointer } from './sqlite-checkpointer.js';
import { registerCjkBigrams } from './cjk-bigram-function.js';
import { useNamedStatements } from './named-statements.js';
import type { Database } from './schema.js';
import { locksRows, type DatabaseTransaction, type DialectName, type Executor } from './dialect.js';

// Kept here too, so callers that open storage need one import; the definitions live in dialect.ts, which imports
// nothing of storage, so repositories can use them without importing the case writer back (an import cycle).
export { dialectOf, locksRows, type DatabaseTransaction, type DialectName, type Executor } from './dialect.js';

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string };

export interface Storage {
  db: Kysely<Database>;
  dialect: DialectName;
  /**
   * Runs `work` in one transaction. On SQLite transactions are serialised by the single connection, and those that
   * queue up are committed together (see group-commit.ts); `work` must not open another transaction.
   */
  transaction<T>(work: (trx: DatabaseTransaction) => Promise<T>): Promise<T>;
  /** Writes opened cases, the way this database does it fastest (see case-writer.ts). */
  cases: CaseWriter;
  close(): Promise<void>;
}

export function openStorage(target: DatabaseTarget): Storage {
  if (target.kind === 'sqlite') {
    const { db, checkpointer } = openSqlite(target.file);
    const transaction = groupCommitTransactions(db);
    const close = async () => {
      // The worker's connection closes first, so this one is the last and its close checkpoints the log away.
      await checkpointer.stop();
      await db.destroy();
    };
    return { db, dialect: 'sqlite', transaction, cases: sqliteCaseWriter(transaction), close };
  }
  const db = openPostgres(target.url, target.schema);
  return {
    db,
    dialect: 'postgres',
    transaction: (work) => db.transaction().execute(work),
    cases: postgresCaseWriter(db),
    close: () => db.destroy(),
  };
}

function openSqlite(file: string): { db: Kysely<Database>; checkpointer: Checkpointer } {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  // WAL lets readers proceed during a write; foreign keys are off by default in SQLite.
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  // Savepoints of grouped transactions journal in memory, not in temp files; 64 MB of page cache keeps the indexes
  // of a busy case table in memory instead of reading them back through system calls.
  database.pragma('temp_store = MEMORY');
  database.pragma('cache_size = -65536');
  const checkpointer = file === ':memory:' ? { stop: async () => undefined } : checkpointInBackground(database, file);
  cachePreparedStatements(database);
  registerNearestRanks(database);
  registerCjkBigrams(database);
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), checkpointer };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; for the short statements of an intake that costs more than running them. The
 * same SQL text always compiles to the same statement, and better-sqlite3 runs one statement at a time on this
 * connection (no streaming queries here), so a statement can be reused safely.
 */
function cachePreparedStatements(database: SqliteDatabase): void {
  const cache = new Map<string, SqliteStatement>();
  const prepare = database.prepare.bind(database);
  database.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement === undefined) {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof database.prepare;
}

function openPostgres(url: string, schema?: string): Kysely<Database> {
  // pg is loaded on first use, so a SQLite installation never pays for loading it at start-up.
  const pool = async (): Promise<pg.Pool> => {
    const { default: postgres } = await import('pg');
    const created = new postgres.Pool({
      connectionString: url,
      max: 10,
      // A private schema per test run keeps parallel test files apart on one database. JIT off: PostgreSQL
      // compiles a query it expects to be costly, and a search that stops early at its LIMIT looks costly to it; at
      // 1 000 000 cases that compiling took a second, on queries that run in milliseconds.
      options: `-c jit=off${schema ? ` -c search_path=${schema}` : ''}`,
    });
    // A pool error on an idle client must not crash the process; the next query reports it.
    created.on('error', () => undefined);
    created.on('connect', useNamedStatements);
    return created;
  };
  return new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
}

/**
 * Kysely's migrator asks the introspector whether its tables exist, and the stock PostgreSQL introspector reads
 * every schema of the database, calling functions on each schema's name: a schema another application (or another
 * test run) drops at that moment fails our start-up with "schema … does not exist". CaseDesk only needs its own.
 */
class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db);
  }
}

class OwnSchemaIntrospector extends PostgresIntrospector {
  readonly #db: Kysely<unknown>;
  constructor(db: Kysely<unknown>) {
    super(db);
    this.#db = db;
  }

  override async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ schema: string; name: string; kind: string }>`
      select n.nspname as schema, c.relname as name, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
      order by c.relname`.execute(this.#db);
    return rows.map((row) => ({ schema: row.schema, name: row.name, isView: row.kind === 'v', columns: [] }));
  }
}

/** What transactions take turns on with `takeTurnOn`: shared things no single row stands for. */
export type TurnTopic = 'company-default-department' | 'configuration-alerts' | 'inbound-mailbox' | 'scheduled-backup';

/**
 * Makes the transactions that change one shared thing take turns: on PostgreSQL a transaction-scoped advisory lock,
 * held until commit or rollback. SQLite has a single writer, so its transactions take turns anyway.
 */
export async function takeTurnOn(executor: Executor, topic: TurnTopic): Promise<void> {
  if (locksRows(executor)) await sql`select pg_advisory_xact_lock(hashtext(${`casedesk:${topic}`}::text))`.execute(executor);
}

/**
 * Runs `work` (outside the database: talking to a mail server, say) while no other instance on this database runs
 * work of the same topic: on PostgreSQL it holds a transaction's advisory lock for as long. A SQLite database has one
 * instance, so `work` simply runs.
 */
export async function inTurnOn<T>(storage: Pick<Storage, 'db' | 'dialect'>, topic: TurnTopic, work: () => Promise<T>): Promise<T> {
  if (storage.dialect !== 'postgres') return work();
  return storage.db.transaction().execute(async (trx) => {
    await takeTurnOn(trx, topic);
    return work();
  });
}

/** Runs `work` in the executor's transaction, or in a transaction of its own when the executor is the database. */
export async function inTransaction<T>(executor: Executor, work: (trx: Executor) => Promise<T>): Promise<T> {
  return executor.isTransaction ? work(executor) : executor.transaction().execute(work);
}

export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Recognises a unique-constraint violation in either dialect, so callers can answer 409 instead of 500. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
