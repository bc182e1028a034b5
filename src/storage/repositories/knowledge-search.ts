import { sql, type RawBuilder } from 'kysely';
import { dialectOf, type Executor } from '../dialect.js';
import { termMatches } from './case-search.js';

/**
 * Search over the texts of problems and articles (`knowledge_search_texts`, kept by the triggers of migration 0033).
 * A term is matched the same way as in cases (`termMatches`): FTS5 trigram phrase or `LIKE` under three characters
 * on SQLite, `ILIKE` answered by the pg_trgm index on PostgreSQL.
 */
export interface KnowledgeTextSearch {
  kind: 'problem' | 'article';
  terms: readonly string[];
  /** `all`: a record must hold every term (the search box); `any`: one is enough, the more the better (suggestions). */
  match: 'all' | 'any';
  /** Articles only: just the published customer-visible ones (a customer's search). */
  customerVisibleOnly: boolean;
}

/** How much a term found in each kind of text counts towards a record's rank. */
const WEIGHTS: Record<string, number> = { title: 40, tag: 30, workaround: 15, root_cause: 15, description: 10, body: 10 };

function weightOf(alias: string): RawBuilder<number> {
  return sql.raw(
    `CASE ${alias}.source ${Object.entries(WEIGHTS)
      .map(([source, value]) => `WHEN '${source}' THEN ${value}`)
      .join(' ')} ELSE 1 END`,
  );
}

const RECORD_TABLES = { problem: 'problems', article: 'articles' } as const;

function visibleRecords(search: KnowledgeTextSearch): RawBuilder<boolean> {
  return search.kind === 'article' && search.customerVisibleOnly
    ? sql<boolean>`r.visibility = 'customer' AND r.status = 'published'`
    : sql<boolean>`1 = 1`;
}

/**
 * The records holding the terms (every one, or at least one), best first: first how many terms were found, then the
 * weights of the texts they were found in, then the most recently changed. Answers up to `limit + 1` ids, so the
 * caller knows whether there are more.
 */
export async function rankKnowledge(
  executor: Executor,
  search: KnowledgeTextSearch & { limit: number; offset: number },
): Promise<{ id: string; score: number }[]> {
  if (search.terms.length === 0) return [];
  const dialect = dialectOf(executor);
  const perTerm = search.terms.map(
    (term, index) =>
      sql`${sql.ref(`m${index}`)} AS MATERIALIZED (SELECT t.record_id, t.source, ${sql.lit(index)} AS term
        FROM knowledge_search_texts t WHERE t.kind = ${search.kind} AND ${termMatches(dialect, term, 'knowledge_search_fts')})`,
  );
  const found = sql.join(
    search.terms.map((_term, index) => sql`SELECT record_id FROM ${sql.ref(`m${index}`)}`),
    search.match === 'all' ? sql` INTERSECT ` : sql` UNION `,
  );
  const hits = sql.join(
    search.terms.map((_term, index) => sql`SELECT record_id, source, term FROM ${sql.ref(`m${index}`)}`),
    sql` UNION ALL `,
  );
  const { rows } = await sql<{ id: string; score: number | string }>`
    WITH ${sql.join(perTerm)}, found AS (${found}), hits AS (${hits})
    SELECT r.id, COUNT(DISTINCT hits.term) * 1000 + SUM(${weightOf('hits')}) AS score
    FROM found JOIN hits ON hits.record_id = found.record_id JOIN ${sql.table(RECORD_TABLES[search.kind])} r ON r.id = found.record_id
    WHERE ${visibleRecords(search)}
    GROUP BY r.id, r.updated_at
    ORDER BY score DESC, r.updated_at DESC, r.id DESC
    LIMIT ${search.limit + 1} OFFSET ${search.offset}`.execute(executor);
  return rows.map((row) => ({ id: row.id, score: Number(row.score) }));
}

export interface KnowledgeSearchHit {
  record_id: string;
  source: string;
  /** The article version's language for a title or body; the tag for a tag; the problem's id otherwise. */
  source_id: string;
  text: string;
}

/** The texts of these records that hold a term, the weightiest first: what their snippets are cut from. */
export async function knowledgeSearchHits(
  executor: Executor,
  kind: KnowledgeTextSearch['kind'],
  recordIds: readonly string[],
  terms: readonly string[],
): Promise<KnowledgeSearchHit[]> {
  if (recordIds.length === 0 || terms.length === 0) return [];
  const dialect = dialectOf(executor);
  const matches = terms.map((term) => termMatches(dialect, term, 'knowledge_search_fts'));
  const { rows } = await sql<KnowledgeSearchHit>`
    SELECT t.record_id, t.source, t.source_id, t.text FROM knowledge_search_texts t
    WHERE t.kind = ${kind} AND t.record_id IN (${sql.join([...recordIds])}) AND (${sql.join(matches, sql` OR `)})
    ORDER BY ${weightOf('t')} DESC, t.id`.execute(executor);
  return rows;
}
