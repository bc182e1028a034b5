import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * One row of searchable text of a case, written from a source row. `$` stands for the source row: `NEW` in a
 * trigger, the table itself when the migration fills the index for the rows already there.
 */
interface SearchRow {
  source: string;
  sourceId: string;
  internal: string;
  text: string;
}

interface SearchSource {
  table: string;
  /** The source row's case. */
  caseId: string;
  /** Only source rows for which this holds are searched (`$` is the row). */
  when?: string;
  /** Columns whose change rewrites the row's search text; none = the row is never changed. */
  updateOf: string[];
  /**
   * Written by the background indexer (case-search-indexer.ts) instead of a trigger: the case intake's own writes,
   * kept off the write path. Every such write changes the case row, so the case-changes feed hears of it.
   */
  byIndexer?: boolean;
  rows: SearchRow[];
}

/**
 * What is searched of a case, and where it comes from. The customer's and the contact's name are copied onto each
 * case (and renamed with them, below); `internal = 1` rows are never searched for a customer.
 */
export const SOURCES: SearchSource[] = [
  {
    table: 'cases',
    caseId: '$.id',
    byIndexer: true,
    updateOf: ['number', 'title', 'description', 'organization_id', 'contact_id'],
    rows: [
      { source: 'number', sourceId: '$.id', internal: '0', text: '$.number' },
      { source: 'title', sourceId: '$.id', internal: '0', text: '$.title' },
      { source: 'description', sourceId: '$.id', internal: '0', text: '$.description' },
      { source: 'customer', sourceId: '$.id', internal: '0', text: '(SELECT name FROM organizations WHERE id = $.organization_id)' },
      { source: 'contact', sourceId: '$.id', internal: '0', text: '(SELECT name FROM contacts WHERE id = $.contact_id)' },
    ],
  },
  {
    // Public replies and internal notes (typed in the app or arrived by mail); the timeline is append-only, and
    // every writer of a note also updates the case's updated_at.
    table: 'case_events',
    caseId: '$.case_id',
    byIndexer: true,
    when: "$.kind = 'case.note'",
    updateOf: [],
    rows: [{ source: 'reply', sourceId: '$.id', internal: "(CASE WHEN $.visibility = 'public' THEN 0 ELSE 1 END)", text: 'BODY' }],
  },
  {
    table: 'case_actions',
    caseId: '$.case_id',
    updateOf: ['summary', 'outcome'],
    rows: [{ source: 'work', sourceId: '$.id', internal: '0', text: "$.summary || COALESCE(' ' || $.outcome, '')" }],
  },
  {
    table: 'visits',
    caseId: '$.case_id',
    updateOf: ['work_done'],
    rows: [{ source: 'visit', sourceId: '$.id', internal: '0', text: '$.work_done' }],
  },
  {
    table: 'case_serial_numbers',
    caseId: '$.case_id',
    updateOf: ['serial_number'],
    rows: [{ source: 'serial', sourceId: '$.serial_number', internal: '0', text: '$.serial_number' }],
  },
  {
    table: 'vendor_escalations',
    caseId: '$.case_id',
    updateOf: ['vendor_case_number'],
    rows: [{ source: 'vendor_case', sourceId: '$.id', internal: '1', text: '$.vendor_case_number' }],
  },
];

/** Renames that rewrite the copies on every case of the record. */
const RENAMES = [
  { table: 'organizations', source: 'customer', caseColumn: 'organization_id' },
  { table: 'contacts', source: 'contact', caseColumn: 'contact_id' },
];

function bodyOf(dialect: DialectName, row: string): string {
  return dialect === 'sqlite' ? `json_extract(${row}.data_json, '$.body')` : `(${row}.data_json::jsonb ->> 'body')`;
}

/** The statements writing the search rows of `source`; `only`, if given, narrows the source rows (`$` is the row). */
export function insertRows(dialect: DialectName, source: SearchSource, row: string, from: string, only?: string): string[] {
  const at = (expression: string) => expression.replaceAll('$.', `${row}.`).replaceAll('BODY', bodyOf(dialect, row));
  return source.rows.map((spec) => {
    const filters = [`${at(`(${spec.text})`)} IS NOT NULL`, `${at(`(${spec.text})`)} <> ''`];
    if (source.when) filters.push(at(source.when));
    if (only) filters.push(at(only));
    return (
      `INSERT INTO case_search_texts (case_id, source, source_id, internal, text) ` +
      `SELECT ${at(source.caseId)}, '${spec.source}', ${at(spec.sourceId)}, ${at(spec.internal)}, ${at(spec.text)}` +
      `${from} WHERE ${filters.join(' AND ')}`
    );
  });
}

function deleteRows(source: SearchSource, row: string): string {
  const sources = source.rows.map((spec) => `'${spec.source}'`).join(', ');
  const id = source.rows[0]!.sourceId.replaceAll('$.', `${row}.`);
  return `DELETE FROM case_search_texts WHERE case_id = ${source.caseId.replaceAll('$.', `${row}.`)} AND source IN (${sources}) AND source_id = ${id}`;
}

async function run(db: Kysely<unknown>, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  // The trigram index over the texts, kept by the texts' own triggers (an external-content FTS5 table).
  await run(
    db,
    `CREATE VIRTUAL TABLE case_search_fts USING fts5(text, content='case_search_texts', content_rowid='id', tokenize='trigram')`,
  );
  await run(
    db,
    `CREATE TRIGGER case_search_texts_ai AFTER INSERT ON case_search_texts BEGIN INSERT INTO case_search_fts(rowid, text) VALUES (new.id, new.text); END`,
  );
  await run(
    db,
    `CREATE TRIGGER case_search_texts_ad AFTER DELETE ON case_search_texts BEGIN INSERT INTO case_search_fts(case_search_fts, rowid, text) VALUES ('delete', old.id, old.text); END`,
  );
  await run(
    db,
    `CREATE TRIGGER case_search_texts_au AFTER UPDATE ON case_search_texts BEGIN ` +
      `INSERT INTO case_search_fts(case_search_fts, rowid, text) VALUES ('delete', old.id, old.text); ` +
      `INSERT INTO case_search_fts(rowid, text) VALUES (new.id, new.text); END`,
  );
  for (const source of SOURCES.filter((entry) => !entry.byIndexer)) {
    const when = source.when ? ` WHEN ${source.when.replaceAll('$.', 'NEW.')}` : '';
    const inserts = insertRows('sqlite', source, 'NEW', '');
    await run(db, `CREATE TRIGGER ${source.table}_search_ai AFTER INSERT ON ${source.table}${when} BEGIN ${inserts.join('; ')}; END`);
    if (source.updateOf.length === 0) continue;
    const changed = source.updateOf.map((column) => `NEW.${column} IS NOT OLD.${column}`).join(' OR ');
    await run(
      db,
      `CREATE TRIGGER ${source.table}_search_au AFTER UPDATE ON ${source.table} WHEN ${changed} BEGIN ` +
        `${deleteRows(source, 'OLD')}; ${inserts.join('; ')}; END`,
    );
    await run(db, `CREATE TRIGGER ${source.table}_search_ad AFTER DELETE ON ${source.table} BEGIN ${deleteRows(source, 'OLD')}; END`);
  }
  for (const rename of RENAMES) {
    await run(
      db,
      `CREATE TRIGGER ${rename.table}_search_au AFTER UPDATE ON ${rename.table} WHEN NEW.name IS NOT OLD.name BEGIN ` +
        `UPDATE case_search_texts SET text = NEW.name WHERE source = '${rename.source}' ` +
        `AND case_id IN (SELECT id FROM cases WHERE ${rename.caseColumn} = NEW.id); END`,
    );
  }
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  // pg_trgm lives in the public schema, shared by every schema of the database (a test run's private schema is
  // dropped with everything in it); its operator class is named with its schema wherever it is installed.
  await run(db, `CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
  const { rows } = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
  const trgmSchema = rows[0]!.schema;
  await run(db, `CREATE INDEX case_search_texts_trgm ON case_search_texts USING gin (text "${trgmSchema}".gin_trgm_ops)`);
  for (const source of SOURCES.filter((entry) => !entry.byIndexer)) {
    const inserts = insertRows('postgres', source, 'NEW', '');
    const changes = source.updateOf.length === 0 ? '' : `IF TG_OP IN ('UPDATE', 'DELETE') THEN ${deleteRows(source, 'OLD')}; END IF; `;
    await run(
      db,
      `CREATE FUNCTION ${source.table}_search() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${changes}` +
        `IF TG_OP IN ('INSERT', 'UPDATE') THEN ${inserts.join('; ')}; END IF; RETURN NULL; END $$`,
    );
    const when = source.when ? ` WHEN (${source.when.replaceAll('$.', 'NEW.')})` : '';
    await run(
      db,
      `CREATE TRIGGER ${source.table}_search_ai AFTER INSERT ON ${source.table} FOR EACH ROW${when} EXECUTE FUNCTION ${source.table}_search()`,
    );
    if (source.updateOf.length === 0) continue;
    const changed = source.updateOf.map((column) => `NEW.${column} IS DISTINCT FROM OLD.${column}`).join(' OR ');
    await run(
      db,
      `CREATE TRIGGER ${source.table}_search_au AFTER UPDATE ON ${source.table} FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION ${source.table}_search()`,
    );
    await run(
      db,
      `CREATE TRIGGER ${source.table}_search_ad AFTER DELETE ON ${source.table} FOR EACH ROW EXECUTE FUNCTION ${source.table}_search()`,
    );
  }
  for (const rename of RENAMES) {
    await run(
      db,
      `CREATE FUNCTION ${rename.table}_search() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
        `UPDATE case_search_texts SET text = NEW.name WHERE source = '${rename.source}' ` +
        `AND case_id IN (SELECT id FROM cases WHERE ${rename.caseColumn} = NEW.id); RETURN NULL; END $$`,
    );
    await run(
      db,
      `CREATE TRIGGER ${rename.table}_search_au AFTER UPDATE ON ${rename.table} FOR EACH ROW WHEN (NEW.name IS DISTINCT FROM OLD.name) ` +
        `EXECUTE FUNCTION ${rename.table}_search()`,
    );
  }
}

/**
 * Search over cases (issue #15): every searchable text of a case is one row of `case_search_texts`. The texts of the
 * case itself and of its replies and notes are written by a background indexer that follows the case-changes feed
 * from `case_search_cursor` (so case intake pays nothing for search; results lag writes by well under a second); the
 * rarer ones (work done, visits, serial numbers, the vendor's case number, renamed customers and contacts) by
 * triggers on the tables they come from. SQLite indexes it with FTS5's trigram tokenizer, PostgreSQL with a
 * pg_trgm GIN index: both find any substring of three or more characters, Chinese included, without a dictionary.
 * The migration fills it for the cases already there.
 */
export function caseSearch(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('case_search_texts')
        .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigserial', (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('internal', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_search_texts_case').on('case_search_texts').columns(['case_id', 'source', 'source_id']).execute();
      if (dialect === 'sqlite') await sqliteTriggers(db);
      else await postgresTriggers(db);
      // Where the background indexer stands in the case-changes feed: one row, starting at the feed's current
      // position, since the texts of every case there is are written just below.
      await db.schema
        .createTable('case_search_cursor')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('tx', 'bigint', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .execute();
      await run(
        db,
        dialect === 'postgres'
          ? `INSERT INTO case_search_cursor (id, tx, seq) VALUES (1, pg_snapshot_xmin(pg_current_snapshot())::text::bigint, 0)`
          : `INSERT INTO case_search_cursor (id, tx, seq) VALUES (1, 0, (SELECT coalesce(max(seq), 0) FROM case_changes WHERE tx = 0))`,
      );
      for (const source of SOURCES) {
        for (const statement of insertRows(dialect, source, 'src', ` FROM ${source.table} AS src`)) await run(db, statement);
      }
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const rename of RENAMES) {
        await run(db, `DROP TRIGGER IF EXISTS ${rename.table}_search_au${dialect === 'postgres' ? ` ON ${rename.table}` : ''}`);
        if (dialect === 'postgres') await run(db, `DROP FUNCTION IF EXISTS ${rename.table}_search()`);
      }
      for (const source of SOURCES) {
        for (const suffix of ['ai', 'au', 'ad']) {
          await run(db, `DROP TRIGGER IF EXISTS ${source.table}_search_${suffix}${dialect === 'postgres' ? ` ON ${source.table}` : ''}`);
        }
        if (dialect === 'postgres') await run(db, `DROP FUNCTION IF EXISTS ${source.table}_search()`);
      }
      if (dialect === 'sqlite') await run(db, 'DROP TABLE IF EXISTS case_search_fts');
      await db.schema.dropTable('case_search_cursor').execute();
      await db.schema.dropTable('case_search_texts').execute();
    },
  };
}
