import { sql, type RawBuilder } from 'kysely';
import { isCjkBigram } from '../../domain/search/cjk-bigrams.js';
import { dialectOf, type DialectName, type Executor } from '../dialect.js';

/**
 * Search over the texts of cases (`case_search_texts`, kept by the triggers of migration 0028). A term is found as
 * a substring, ignoring case. On SQLite a term of three or more characters is looked up in the trigram FTS5 index as
 * a quoted phrase (nothing in it is query syntax); a shorter term, which has no trigram, is matched with `LIKE` on
 * the same texts. On PostgreSQL every term is an `ILIKE '%term%'`, which the pg_trgm GIN index answers from three
 * characters on. A two-character term made of CJK characters (`端口`, `耗尽`: most Chinese words) is looked up in the
 * bigram index of migration 0064 instead (`newestTexts`), on both databases; a one-character term and any other
 * two-character term (`ab`, `端a`) keep the scan.
 */
export interface CaseTextSearch {
  terms: readonly string[];
  /** Whether internal notes and the vendor's case number are searched (staff); never for a customer. */
  includeInternal: boolean;
}

/** How much a term found in each kind of text counts towards a case's rank. */
const WEIGHTS: Record<string, number> = {
  number: 100,
  serial: 60,
  title: 40,
  vendor_case: 30,
  customer: 20,
  contact: 20,
  description: 10,
  work: 5,
  visit: 5,
  reply: 4,
};

function weightOf(alias: string): RawBuilder<number> {
  return sql.raw(
    `CASE ${alias}.source ${Object.entries(WEIGHTS)
      .map(([source, value]) => `WHEN '${source}' THEN ${value}`)
      .join(' ')} ELSE 1 END`,
  );
}

/** `%term%` with the pattern characters of `term` escaped (`ESCAPE '\\'`). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** `t.text` holds `term` (a plain substring test, for texts already narrowed down to a few cases). */
function textHolds(dialect: DialectName, term: string): RawBuilder<boolean> {
  // A term shorter than a trigram is no use to the trigram index: PostgreSQL would read all of it (see below).
  const text = Array.from(term).length < 3 ? sql`(t.text || '')` : sql`t.text`;
  return dialect === 'postgres'
    ? sql<boolean>`${text} ILIKE ${likePattern(term)} ESCAPE '\\'`
    : sql<boolean>`t.text LIKE ${likePattern(term)} ESCAPE '\\'`;
}

/**
 * `t.text` (a row of a search-text table) holds `term`; `fts` is the table's FTS5 trigram index on SQLite. Shared by
 * the case and the knowledge search (`knowledge-search.ts`).
 */
export function termMatches(dialect: DialectName, term: string, fts = 'case_search_fts'): RawBuilder<boolean> {
  if (dialect === 'postgres' || Array.from(term).length < 3) return textHolds(dialect, term);
  return sql<boolean>`t.id IN (SELECT rowid FROM ${sql.table(fts)} WHERE ${sql.table(fts)} MATCH ${ftsPhrase(term)})`;
}

/** A term as an FTS5 phrase: quoted, so nothing in it is query syntax. */
export function ftsPhrase(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/** Any term in `t.text`: a substring test, for the texts of the few cases a page shows (reading a common term's
 * whole trigram match list would cost more than testing those texts). */
function anyTermMatches(dialect: DialectName, search: CaseTextSearch): RawBuilder<boolean> {
  const matches = search.terms.map((term) => textHolds(dialect, term));
  const visible = search.includeInternal ? sql`` : sql` AND t.internal = 0`;
  return sql<boolean>`(${sql.join(matches, sql` OR `)})${visible}`;
}

/**
 * The condition "the case holds every term", for a queue narrowed by the same search, at a cost bounded by what the
 * page reads rather than by how many texts hold a term. Each term's newest texts are counted from the index first,
 * at most `SCANNED_TEXTS` + 1. A term in no more than `SCANNED_TEXTS` texts keeps to those texts' cases
 * (`cases.id IN …`, read once). A more common term is tested on each case the queue reads in its own order
 * (`EXISTS`, through the texts' case index), which stops once the page is full: a term in thousands of texts fills
 * it after a few cases. Either way the answer is exact.
 */
export async function caseTextCondition(executor: Executor, search: CaseTextSearch): Promise<RawBuilder<boolean>> {
  if (search.terms.length === 0) return sql<boolean>`1 = 1`;
  const dialect = dialectOf(executor);
  const visible = search.includeInternal ? sql`` : sql` AND t.internal = 0`;
  const few: RawBuilder<boolean>[] = [];
  const many: RawBuilder<boolean>[] = [];
  for (const term of new Set(search.terms)) {
    const newest = newestTexts(dialect, term, search, SCANNED_TEXTS + 1);
    const { rows } = await sql<{ texts: number | string }>`SELECT count(*) AS texts FROM (${newest}) AS n`.execute(executor);
    if (Number(rows[0]!.texts) <= SCANNED_TEXTS) few.push(sql<boolean>`cases.id IN (SELECT n.case_id FROM (${newest}) AS n)`);
    else
      many.push(
        sql<boolean>`EXISTS (SELECT 1 FROM case_search_texts t WHERE t.case_id = cases.id AND ${textHolds(dialect, term)}${visible})`,
      );
  }
  // The few cases of a rarer term first: a common term is then tested on those cases only.
  return sql<boolean>`(${sql.join([...few, ...many], sql` AND `)})`;
}

export interface RankedCases extends CaseTextSearch {
  organizationId?: string | undefined;
  status: 'open' | 'closed' | 'all';
  limit: number;
  offset: number;
}

/**
 * How many of the newest texts holding a term are ranked, at most. A word in a third of a million cases (`交换机`,
 * `uplink`) or a two-character term no trigram serves (`端口`) would otherwise be read, weighed and sorted in full
 * on every search; with the cap its newest texts are read from the index newest first and the scan stops there.
 */
export const RANKED_TEXTS = 2_000;

/**
 * How many of the newest texts holding a term a filtered search (a customer's own cases, open or closed ones) reads
 * at most before it filters: a customer of a few hundred cases searching `交换机` would otherwise read every text
 * holding it, newest first, looking for 2 000 of theirs.
 */
export const SCANNED_TEXTS = 10_000;

interface Candidate {
  id: number | string;
  case_id: string;
  source: string;
}

/** A term's newest texts, and whether they are all the texts holding it (of cases that pass the filters). */
interface Candidates {
  texts: Candidate[];
  complete: boolean;
}

function filtersOn(alias: string, search: RankedCases): RawBuilder<boolean> {
  const organization = search.organizationId ? sql` AND ${sql.ref(`${alias}.organization_id`)} = ${search.organizationId}` : sql``;
  const resolved = sql.ref(`${alias}.resolved_at`);
  const status =
    search.status === 'open' ? sql` AND ${resolved} IS NULL` : search.status === 'closed' ? sql` AND ${resolved} IS NOT NULL` : sql``;
  return sql<boolean>`1 = 1${organization}${status}`;
}

/**
 * The texts holding `term`, newest first, as a row source `(id, case_id, source, internal)` of at most `limit` rows (SQLite:
 * only those older than `before`, a text's id). SQLite: a term of three or more characters is read from the FTS5
 * index in descending rowid order, which stops at the limit, and so is a two-character CJK term from the bigram index;
 * a shorter one scans the texts newest first. PostgreSQL: a two-character CJK term is looked up in the bigrams' GIN
 * index (a rare one) or tested on the texts newest first (a common one); otherwise
 * the planner, judging by the column's statistics, takes the trigram index for a rare term and a backward scan,
 * stopping at the limit, for a common one (filters are applied afterwards, in `newestTextsHolding`: inside this query
 * they made it join by hash after reading every text).
 */
function newestTexts(
  dialect: DialectName,
  term: string,
  search: CaseTextSearch,
  limit: number,
  before: number | null = null,
): RawBuilder<Candidate> {
  const visible = search.includeInternal ? sql`` : sql` AND t.internal = 0`;
  if (isCjkBigram(term)) {
    // The bigram index (migration 0064) holds exactly the texts the substring test would find.
    if (dialect === 'sqlite') {
      const older = before === null ? sql`` : sql` AND rowid < ${before}`;
      return sql<Candidate>`SELECT t.id, t.case_id, t.source, t.internal
        FROM (SELECT rowid AS id FROM case_search_bigrams WHERE case_search_bigrams MATCH ${ftsPhrase(term)}${older}
          ORDER BY rowid DESC LIMIT ${limit}) f
        CROSS JOIN case_search_texts t ON t.id = f.id WHERE 1 = 1${visible}`;
    }
    // PostgreSQL: the bigram index's texts are counted first, at most `limit` + 1 (through the GIN index: the function
    // costs too much for the planner to call it on every row). A term in no more texts than that is read from the
    // index; a more common one is tested on the texts newest first, which stops at the limit, as before (its ILIKE
    // judged by the column's statistics). One statement: the branch not taken is skipped by a one-time filter.
    const indexed = sql`casedesk_cjk_bigrams(t.text) @> ARRAY[${term}]::text[]${visible}`;
    return sql<Candidate>`WITH probe AS MATERIALIZED (SELECT count(*) AS texts FROM
        (SELECT 1 FROM case_search_texts t WHERE ${indexed} LIMIT ${limit + 1}) AS p)
      (SELECT t.id, t.case_id, t.source, t.internal FROM case_search_texts t
        WHERE ${indexed} AND (SELECT texts FROM probe) <= ${limit} ORDER BY t.id DESC LIMIT ${limit})
      UNION ALL
      (SELECT t.id, t.case_id, t.source, t.internal FROM case_search_texts t
        WHERE t.text ILIKE ${likePattern(term)} ESCAPE '\\'${visible} AND (SELECT texts FROM probe) > ${limit} ORDER BY t.id DESC LIMIT ${limit})`;
  }
  if (dialect === 'sqlite' && Array.from(term).length >= 3) {
    const phrase = ftsPhrase(term);
    const older = before === null ? sql`` : sql` AND rowid < ${before}`;
    return sql<Candidate>`SELECT t.id, t.case_id, t.source, t.internal
      FROM (SELECT rowid AS id FROM case_search_fts WHERE case_search_fts MATCH ${phrase}${older} ORDER BY rowid DESC LIMIT ${limit}) f
      CROSS JOIN case_search_texts t ON t.id = f.id WHERE 1 = 1${visible}`;
  }
  const like = dialect === 'postgres' ? sql`ILIKE` : sql`LIKE`;
  const older = before === null ? sql`` : sql` AND t.id < ${before}`;
  return sql<Candidate>`SELECT t.id, t.case_id, t.source, t.internal FROM case_search_texts t
    WHERE t.text ${like} ${likePattern(term)} ESCAPE '\\'${visible}${older} ORDER BY t.id DESC LIMIT ${limit}`;
}

/**
 * SQLite: the case of the text `s` passes the search's filters, answered from small covering indexes instead of the
 * case's row (a text-keyed look-up of the case, then its row, cost more than reading the text itself): the open cases'
 * ids (`cases_open_ids`, migration 0058; a case not in it is closed), a customer's cases (`cases_organization`) and
 * their open ones (`cases_open_organization_newest`).
 */
function sqliteCaseFilter(search: RankedCases): RawBuilder<boolean> {
  const open = sql<boolean>`EXISTS (SELECT 1 FROM cases c INDEXED BY cases_open_ids WHERE c.id = s.case_id AND c.resolved_at IS NULL)`;
  const organizationId = search.organizationId;
  if (!organizationId)
    return search.status === 'open' ? open : search.status === 'closed' ? sql<boolean>`NOT ${open}` : sql<boolean>`1 = 1`;
  if (search.status === 'open')
    return sql<boolean>`EXISTS (SELECT 1 FROM cases c INDEXED BY cases_open_organization_newest
      WHERE c.organization_id = ${organizationId} AND c.id = s.case_id AND c.resolved_at IS NULL)`;
  const ofCustomer = sql<boolean>`EXISTS (SELECT 1 FROM cases c INDEXED BY cases_organization WHERE c.organization_id = ${organizationId} AND c.id = s.case_id)`;
  return search.status === 'closed' ? sql<boolean>`${ofCustomer} AND NOT ${open}` : ofCustomer;
}

/**
 * The newest texts holding `term` (at most `limit`) of cases that pass the search's filters. Without filters they
 * are read straight from the index, newest first. With filters, at most the newest `SCANNED_TEXTS` + 1 texts holding
 * the term are read and filtered; they are complete when fewer than that hold the term at all. SQLite reads them in
 * slices, newest first — `limit` texts, then twice as many each time — and stops once `limit` pass: the answer is
 * the one reading them all gives, and open cases, the newest, are often found in the first slices.
 */
async function newestTextsHolding(executor: Executor, term: string, search: RankedCases, limit: number): Promise<Candidates> {
  const dialect = dialectOf(executor);
  if (!search.organizationId && search.status === 'all') {
    const { rows } = await sql<Candidate>`SELECT * FROM (${newestTexts(dialect, term, search, limit)}) AS n`.execute(executor);
    return { texts: rows, complete: rows.length < limit };
  }
  const scan = SCANNED_TEXTS + 1;
  if (dialect === 'postgres') {
    const { rows } = await sql<Candidate & { scanned: number | string }>`
      WITH scanned AS MATERIALIZED (${newestTexts(dialect, term, search, scan)})
      SELECT (SELECT count(*) FROM scanned) AS scanned, x.id, x.case_id, x.source FROM (SELECT 1 AS one) AS o
      LEFT JOIN (SELECT s.id, s.case_id, s.source FROM scanned s JOIN cases c ON c.id = s.case_id WHERE ${filtersOn('c', search)}
        ORDER BY s.id DESC LIMIT ${limit}) AS x ON 1 = 1 ORDER BY x.id DESC`.execute(executor);
    const texts = rows.filter((row) => row.id !== null).map((row) => ({ id: row.id, case_id: row.case_id, source: row.source }));
    return { texts, complete: texts.length < limit && Number(rows[0]!.scanned) < scan };
  }
  // Internal texts are left out after a slice is read, so that a slice's size tells whether the index ran out.
  const all = { ...search, includeInternal: true };
  const visible = search.includeInternal ? sql`` : sql` AND s.internal = 0`;
  const texts: Candidate[] = [];
  let scanned = 0;
  let before: number | null = null;
  let slice = limit;
  for (;;) {
    const size = Math.min(slice, scan - scanned);
    const { rows } = await sql<Candidate & { scanned: number; oldest: number | null }>`
      WITH scanned AS MATERIALIZED (${newestTexts(dialect, term, all, size, before)})
      SELECT (SELECT count(*) FROM scanned) AS scanned, (SELECT min(id) FROM scanned) AS oldest, x.id, x.case_id, x.source
      FROM (SELECT 1 AS one) AS o
      LEFT JOIN (SELECT s.id, s.case_id, s.source FROM scanned s WHERE ${sqliteCaseFilter(search)}${visible}
        ORDER BY s.id DESC LIMIT ${limit - texts.length}) AS x ON 1 = 1 ORDER BY x.id DESC`.execute(executor);
    for (const row of rows) if (row.id !== null) texts.push({ id: row.id, case_id: row.case_id, source: row.source });
    const read = Number(rows[0]!.scanned);
    scanned += read;
    if (texts.length >= limit || read < size || scanned >= scan) break;
    before = Number(rows[0]!.oldest);
    slice *= 2;
  }
  return { texts, complete: texts.length < limit && scanned < scan };
}

/**
 * The cases holding every term, best first: the weights of the texts a term was found in, added up, then the
 * newest. Answers up to `limit + 1` ids, so the caller knows whether there are more.
 *
 * Each term's newest texts are read first, at most `RANKED_TEXTS` + 1. The term with the fewest (when some term has
 * no more than `RANKED_TEXTS`) drives: its cases are all the cases that can match, the other terms are only looked
 * for in the texts of those cases, and the answer is exact. When every term is in more texts than that, the term
 * whose newest texts reach furthest back drives with its newest `RANKED_TEXTS`: the answer is ranked among the cases
 * of those texts (the most recently written ones), and older cases holding the term are not ranked.
 */
export async function rankCases(
  executor: Executor,
  search: RankedCases,
  cap: number = RANKED_TEXTS,
): Promise<{ id: string; score: number }[]> {
  if (search.terms.length === 0) return [];
  const dialect = dialectOf(executor);
  const perTerm: Candidates[] = [];
  for (const term of search.terms) perTerm.push(await newestTextsHolding(executor, term, search, cap + 1));
  const complete = perTerm.map((found, index) => ({ texts: found.texts, index })).filter((_entry, index) => perTerm[index]!.complete);
  const oldest = (texts: Candidate[]) => (texts.length === 0 ? Infinity : Math.min(...texts.map((text) => Number(text.id))));
  const driver =
    complete.length > 0
      ? complete.reduce((best, entry) => (entry.texts.length < best.texts.length ? entry : best))
      : perTerm
          .map((found, index) => ({ texts: found.texts.slice(0, cap), index }))
          .reduce((best, entry) => (oldest(entry.texts) < oldest(best.texts) ? entry : best));
  const caseIds = [...new Set(driver.texts.map((text) => text.case_id))];
  if (caseIds.length === 0) return [];
  const score = new Map<string, number>();
  const holding = new Map<string, number>();
  const count = (texts: { case_id: string; source: string }[]) => {
    const seen = new Set<string>();
    for (const text of texts) {
      score.set(text.case_id, (score.get(text.case_id) ?? 0) + (WEIGHTS[text.source] ?? 1));
      seen.add(text.case_id);
    }
    for (const id of seen) holding.set(id, (holding.get(id) ?? 0) + 1);
  };
  count(driver.texts);
  const visible = search.includeInternal ? sql`` : sql` AND t.internal = 0`;
  for (const [index, term] of search.terms.entries()) {
    if (index === driver.index) continue;
    const { rows } = await sql<{ case_id: string; source: string }>`SELECT t.case_id, t.source FROM case_search_texts t
      WHERE t.case_id IN (${sql.join(caseIds)}) AND ${textHolds(dialect, term)}${visible}`.execute(executor);
    count(rows);
  }
  const found = caseIds.filter((id) => holding.get(id) === search.terms.length);
  if (found.length === 0) return [];
  const { rows } = await sql<{ id: string; received_at: string }>`SELECT c.id, c.received_at FROM cases c
    WHERE c.id IN (${sql.join(found)}) AND ${filtersOn('c', search)}`.execute(executor);
  return rows
    .map((row) => ({ id: row.id, receivedAt: row.received_at, score: score.get(row.id)! }))
    .sort((a, b) => b.score - a.score || compare(b.receivedAt, a.receivedAt) || compare(b.id, a.id))
    .slice(search.offset, search.offset + search.limit + 1)
    .map((entry) => ({ id: entry.id, score: entry.score }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface CaseSearchHit {
  case_id: string;
  source: string;
  internal: number;
  text: string;
}

/** The texts of these cases that hold a term, the weightiest first: what their snippets are cut from. */
export async function caseSearchHits(executor: Executor, caseIds: readonly string[], search: CaseTextSearch): Promise<CaseSearchHit[]> {
  if (caseIds.length === 0 || search.terms.length === 0) return [];
  const dialect = dialectOf(executor);
  const { rows } = await sql<CaseSearchHit>`
    SELECT t.case_id, t.source, t.internal, t.text FROM case_search_texts t
    WHERE t.case_id IN (${sql.join([...caseIds])}) AND ${anyTermMatches(dialect, search)}
    ORDER BY ${weightOf('t')} DESC, t.id`.execute(executor);
  return rows;
}
