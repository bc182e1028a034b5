import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * One source table of searchable problem and article texts. `$` stands for the source row (`NEW`/`OLD` in a
 * trigger, the table itself when the migration fills the index for the rows already there).
 */
interface KnowledgeSource {
  table: string;
  kind: 'problem' | 'article';
  recordId: string;
  /** The rows of the index this source row stands for, removed before they are written again. */
  owned: string;
  /** Columns whose change rewrites the row's texts; none = the row is never changed. */
  updateOf: string[];
  rows: { source: string; sourceId: string; text: string }[];
  /** Which rows the migration indexes at first (`src` is the row). */
  initially?: string;
}

/**
 * What is searched of problems and articles. An article's title and body are those of each language's current
 * version: every save inserts a new version, which replaces its language's texts.
 */
const SOURCES: KnowledgeSource[] = [
  {
    table: 'problems',
    kind: 'problem',
    recordId: '$.id',
    owned: "kind = 'problem' AND record_id = $.id",
    updateOf: ['title', 'description', 'root_cause', 'workaround'],
    rows: [
      { source: 'title', sourceId: '$.id', text: '$.title' },
      { source: 'description', sourceId: '$.id', text: '$.description' },
      { source: 'root_cause', sourceId: '$.id', text: '$.root_cause' },
      { source: 'workaround', sourceId: '$.id', text: '$.workaround' },
    ],
  },
  {
    table: 'article_versions',
    kind: 'article',
    recordId: '$.article_id',
    owned: "kind = 'article' AND record_id = $.article_id AND source IN ('title', 'body') AND source_id = $.language",
    updateOf: [],
    rows: [
      { source: 'title', sourceId: '$.language', text: '$.title' },
      { source: 'body', sourceId: '$.language', text: '$.body' },
    ],
    initially:
      'src.version = (SELECT max(w.version) FROM article_versions w WHERE w.article_id = src.article_id AND w.language = src.language)',
  },
  {
    table: 'article_tags',
    kind: 'article',
    recordId: '$.article_id',
    owned: "kind = 'article' AND record_id = $.article_id AND source = 'tag' AND source_id = $.tag",
    updateOf: [],
    rows: [{ source: 'tag', sourceId: '$.tag', text: '$.tag' }],
  },
];

const at = (expression: string, row: string) => expression.replaceAll('$.', `${row}.`);

function inserts(source: KnowledgeSource, row: string, from: string, only?: string): string[] {
  return source.rows.map((spec) => {
    const text = at(spec.text, row);
    const filters = [`${text} IS NOT NULL`, `${text} <> ''`, ...(only ? [only] : [])];
    return (
      `INSERT INTO knowledge_search_texts (kind, record_id, source, source_id, text) ` +
      `SELECT '${source.kind}', ${at(source.recordId, row)}, '${spec.source}', ${at(spec.sourceId, row)}, ${text}${from} ` +
      `WHERE ${filters.join(' AND ')}`
    );
  });
}

const removal = (source: KnowledgeSource, row: string) => `DELETE FROM knowledge_search_texts WHERE ${at(source.owned, row)}`;

async function run(db: Kysely<unknown>, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

async function sqliteIndex(db: Kysely<unknown>): Promise<void> {
  await run(
    db,
    `CREATE VIRTUAL TABLE knowledge_search_fts USING fts5(text, content='knowledge_search_texts', content_rowid='id', tokenize='trigram')`,
  );
  await run(
    db,
    `CREATE TRIGGER knowledge_search_texts_ai AFTER INSERT ON knowledge_search_texts BEGIN ` +
      `INSERT INTO knowledge_search_fts(rowid, text) VALUES (new.id, new.text); END`,
  );
  await run(
    db,
    `CREATE TRIGGER knowledge_search_texts_ad AFTER DELETE ON knowledge_search_texts BEGIN ` +
      `INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, text) VALUES ('delete', old.id, old.text); END`,
  );
  for (const source of SOURCES) {
    const write = inserts(source, 'NEW', '').join('; ');
    await run(
      db,
      `CREATE TRIGGER ${source.table}_knowledge_ai AFTER INSERT ON ${source.table} BEGIN ${removal(source, 'NEW')}; ${write}; END`,
    );
    await run(db, `CREATE TRIGGER ${source.table}_knowledge_ad AFTER DELETE ON ${source.table} BEGIN ${removal(source, 'OLD')}; END`);
    if (source.updateOf.length === 0) continue;
    const changed = source.updateOf.map((column) => `NEW.${column} IS NOT OLD.${column}`).join(' OR ');
    await run(
      db,
      `CREATE TRIGGER ${source.table}_knowledge_au AFTER UPDATE ON ${source.table} WHEN ${changed} BEGIN ${removal(source, 'OLD')}; ${write}; END`,
    );
  }
}

async function postgresIndex(db: Kysely<unknown>): Promise<void> {
  // pg_trgm is in the public schema since migration 0028; its operator class is named with the schema it is in.
  await run(db, `CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
  const { rows } = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
  await run(db, `CREATE INDEX knowledge_search_texts_trgm ON knowledge_search_texts USING gin (text "${rows[0]!.schema}".gin_trgm_ops)`);
  for (const source of SOURCES) {
    await run(
      db,
      `CREATE FUNCTION ${source.table}_knowledge() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
        `IF TG_OP IN ('UPDATE', 'DELETE') THEN ${removal(source, 'OLD')}; END IF; ` +
        `IF TG_OP = 'INSERT' THEN ${removal(source, 'NEW')}; END IF; ` +
        `IF TG_OP IN ('INSERT', 'UPDATE') THEN ${inserts(source, 'NEW', '').join('; ')}; END IF; RETURN NULL; END $$`,
    );
    const events = source.updateOf.length === 0 ? 'INSERT OR DELETE' : `INSERT OR DELETE OR UPDATE OF ${source.updateOf.join(', ')}`;
    await run(
      db,
      `CREATE TRIGGER ${source.table}_knowledge AFTER ${events} ON ${source.table} FOR EACH ROW EXECUTE FUNCTION ${source.table}_knowledge()`,
    );
  }
}

/**
 * Search over problems and knowledge articles (issue #15), and the links between articles and problems.
 *
 * - `knowledge_search_texts`: every searchable text of a problem (title, description, root cause, workaround) and of
 *   an article (title and body of each language's current version, each tag), kept by triggers on the tables they
 *   come from (these change rarely, unlike cases, whose texts a background indexer writes). Indexed like the case
 *   texts: FTS5 `trigram` on SQLite, a `pg_trgm` GIN index on PostgreSQL. Who may see an article (visibility,
 *   status) is read from `articles` when searching, so publishing rewrites nothing here.
 * - `article_problems`: the articles written about a problem, many to many.
 */
export function knowledgeSearch(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('knowledge_search_texts')
        .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigserial', (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('knowledge_search_texts_record').on('knowledge_search_texts').columns(['kind', 'record_id']).execute();
      if (dialect === 'sqlite') await sqliteIndex(db);
      else await postgresIndex(db);
      for (const source of SOURCES)
        for (const statement of inserts(source, 'src', ` FROM ${source.table} AS src`, source.initially)) await run(db, statement);

      await db.schema
        .createTable('article_problems')
        .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id'))
        .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
        .addColumn('linked_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('linked_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('article_problems_pkey', ['article_id', 'problem_id'])
        .execute();
      await db.schema.createIndex('article_problems_problem').on('article_problems').column('problem_id').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('article_problems').execute();
      for (const source of SOURCES) {
        if (dialect === 'postgres') {
          await run(db, `DROP TRIGGER IF EXISTS ${source.table}_knowledge ON ${source.table}`);
          await run(db, `DROP FUNCTION IF EXISTS ${source.table}_knowledge()`);
        } else for (const suffix of ['ai', 'au', 'ad']) await run(db, `DROP TRIGGER IF EXISTS ${source.table}_knowledge_${suffix}`);
      }
      if (dialect === 'sqlite') await run(db, 'DROP TABLE IF EXISTS knowledge_search_fts');
      await db.schema.dropTable('knowledge_search_texts').execute();
    },
  };
}
