import { sql, type RawBuilder } from 'kysely';
import type { SimilarReason } from '../../domain/cases/similar-cases.js';
import type { ProblemStatus } from '../../domain/problems/problem-lifecycle.js';
import { dialectOf, type Executor } from '../dialect.js';
import { serialAmong } from './assets.js';
import { ftsPhrase, likePattern } from './case-search.js';
import { SIMILAR_WORD_KEY_LENGTH } from '../migrations/0066-similar-word-index.js';

/**
 * The reads of the similar-case look-up (issue #15). Each reason is one query that walks an index and stops after
 * `perReason` cases, the newest first, so its cost does not grow with the number of cases on record:
 *
 * - serial: `case_serial_numbers_serial_key` (upper(serial), migration 0012) for the few serial numbers asked;
 * - model, site: the customer's products of that model or at that site (`assets_organization_model`,
 *   `assets_organization_site`, migration 0031), then their cases through the same serial index;
 * - text: per term, the newest title and description texts holding it. SQLite walks the trigram FTS5 index in
 *   descending rowid order and stops after `perReason` hits; PostgreSQL reads a word of Latin letters and digits from
 *   `case_similar_words` newest first (migration 0066), and any other term as `byTermOnPostgres` says.
 */

/** A product of the customer that a case or a draft concerns: what its model and site matches start from. */
export interface SimilarityProductRow {
  id: string;
  vendor_id: string;
  model: string;
  serial_number: string;
  site: string | null;
}

/** The customer's products named by serial number (any letter case) or by id. */
export async function findProductsOfCustomer(
  executor: Executor,
  organizationId: string,
  serials: readonly string[],
  productIds: readonly string[],
): Promise<SimilarityProductRow[]> {
  if (serials.length === 0 && productIds.length === 0) return [];
  return executor
    .selectFrom('assets')
    .select(['id', 'vendor_id', 'model', 'serial_number', 'site'])
    .where('organization_id', '=', organizationId)
    .where((eb) =>
      eb.or([
        ...(serials.length > 0 ? [serialAmong('serial_number', [...serials])] : []),
        ...(productIds.length > 0 ? [eb('id', 'in', [...productIds])] : []),
      ]),
    )
    .execute();
}

export interface SimilarCaseSearch {
  /** The case the look-up is for (never its own match); null for a draft. */
  excludeCaseId: string | null;
  /** Only cases of this organisation (a customer's look-up); undefined: every organisation. */
  scopeOrganizationId: string | undefined;
  /** The customer of the case or draft: model and site matches are among its own products. */
  customerId: string;
  serials: readonly string[];
  models: readonly { vendorId: string; model: string }[];
  sites: readonly string[];
  terms: readonly string[];
  perReason: number;
  /** The bounds of the model and site reasons: ROWS_READ both, unless a test asks for the walk. */
  rowsRead?: { links: number; walked: number };
  /** The text reason's probe and recent range on PostgreSQL: PROBED_TEXTS and RECENT_TEXTS, unless a test asks for less. */
  probedTexts?: number;
  recentTexts?: number;
  /** PostgreSQL: false looks a Latin term up the way of any other term, for a test comparing the two ways. */
  wordIndex?: boolean;
}

/** One case found for one reason; a text hit names the index of the term in `terms` and the text it was found in. */
export interface SimilarCaseHit {
  caseId: string;
  reason: SimilarReason;
  term?: number;
  text?: string;
}

function caseFilters(search: SimilarCaseSearch, alias: string): RawBuilder<unknown> {
  const scope = search.scopeOrganizationId ? sql` AND ${sql.ref(`${alias}.organization_id`)} = ${search.scopeOrganizationId}` : sql``;
  const own = search.excludeCaseId ? sql` AND ${sql.ref(`${alias}.id`)} <> ${search.excludeCaseId}` : sql``;
  return sql`${scope}${own}`;
}

async function bySerial(executor: Executor, search: SimilarCaseSearch): Promise<SimilarCaseHit[]> {
  if (search.serials.length === 0) return [];
  // CROSS JOIN keeps the serials first on SQLite, whose planner otherwise walked every case of a customer's
  // organisation (38 000 at 1 000 000 cases, 30–50 ms) to find the few hundred of a serial; PostgreSQL plans it alike.
  const { rows } = await sql<{ id: string }>`
    SELECT DISTINCT c.id, c.received_at FROM case_serial_numbers s CROSS JOIN cases c
    WHERE c.id = s.case_id AND ${serialAmong('s.serial_number', [...search.serials])}${caseFilters(search, 'c')}
    ORDER BY c.received_at DESC, c.id DESC LIMIT ${search.perReason}`.execute(executor);
  return rows.map((row) => ({ caseId: row.id, reason: 'serial' }));
}

/**
 * The default bound on the rows one model or site reason reads: up to this many cases on the products picked, they
 * are all read through the products; more, the customer's newest this many cases are walked instead.
 */
export const ROWS_READ = 2_000;

/**
 * Cases of the customer about its other products that `products` picks (the serials asked are the serial reason).
 * Up to ROWS_READ cases on those products (counted, stopping there): found through the products and the serial index.
 * More (a site holding most of a customer's network): the customer's newest ROWS_READ cases are walked
 * (`cases_organization` backwards; ids are time-ordered), each checked for such a product, stopping at `perReason`
 * found — older cases are then not found for this reason. Either way at most about ROWS_READ rows are read.
 */
async function byProducts(
  executor: Executor,
  search: SimilarCaseSearch,
  reason: SimilarReason,
  products: RawBuilder<boolean>,
): Promise<SimilarCaseHit[]> {
  const notAsked = search.serials.length > 0 ? sql` AND NOT ${serialAmong('a.serial_number', [...search.serials])}` : sql``;
  const bound = search.rowsRead ?? { links: ROWS_READ, walked: ROWS_READ };
  const picked = sql`a.organization_id = ${search.customerId} AND ${products}${notAsked}`;
  const { rows: counted } = await sql<{ n: number | string }>`
    SELECT count(*) AS n FROM (
      SELECT 1 FROM assets a JOIN case_serial_numbers s ON upper(s.serial_number) = upper(a.serial_number) WHERE ${picked} LIMIT ${bound.links + 1}
    ) AS few`.execute(executor);
  const own = search.excludeCaseId ? sql` AND c.id <> ${search.excludeCaseId}` : sql``;
  const query =
    Number(counted[0]?.n ?? 0) <= bound.links
      ? sql<{ id: string }>`
          SELECT DISTINCT c.id, c.received_at
          FROM assets a
          JOIN case_serial_numbers s ON upper(s.serial_number) = upper(a.serial_number)
          JOIN cases c ON c.id = s.case_id AND c.organization_id = a.organization_id
          WHERE ${picked}${caseFilters(search, 'c')}
          ORDER BY c.received_at DESC, c.id DESC LIMIT ${search.perReason}`
      : sql<{ id: string }>`
          SELECT c.id FROM (
            SELECT c.id FROM cases c WHERE c.organization_id = ${search.customerId}${own} ORDER BY c.id DESC LIMIT ${bound.walked}
          ) AS c
          WHERE EXISTS (
            SELECT 1 FROM case_serial_numbers s JOIN assets a ON upper(a.serial_number) = upper(s.serial_number)
            WHERE s.case_id = c.id AND ${picked}
          )
          ORDER BY c.id DESC LIMIT ${search.perReason}`;
  const { rows } = await query.execute(executor);
  return rows.map((row) => ({ caseId: row.id, reason }));
}

function byModel(executor: Executor, search: SimilarCaseSearch): Promise<SimilarCaseHit[]> {
  if (search.models.length === 0) return Promise.resolve([]);
  const models = sql.join(
    search.models.map((entry) => sql`(a.model = ${entry.model} AND a.vendor_id = ${entry.vendorId})`),
    sql` OR `,
  );
  return byProducts(executor, search, 'model', sql<boolean>`(${models})`);
}

function bySite(executor: Executor, search: SimilarCaseSearch): Promise<SimilarCaseHit[]> {
  if (search.sites.length === 0) return Promise.resolve([]);
  return byProducts(executor, search, 'site', sql<boolean>`a.site IN (${sql.join([...search.sites])})`);
}

/**
 * PostgreSQL: how many of the newest titles and descriptions (of the customer's newest cases, for a customer) are
 * read and tested for a term before the trigram index is asked instead. A common word fills `perReason` within them;
 * a rarer one is answered by the index, whose cost grows with how many texts hold the term.
 */
export const PROBED_TEXTS = 10_000;

/** PostgreSQL: the newest search texts (of every kind) the trigram index is asked about before all of them. */
export const RECENT_TEXTS = 400_000;

/**
 * The newest titles and descriptions holding the term as a substring, ignoring case (the caller decides whether a
 * substring counts as the word). A few more rows than `perReason` are read: one case has a title and a description.
 */
async function byTerm(executor: Executor, search: SimilarCaseSearch, term: string, index: number): Promise<SimilarCaseHit[]> {
  const rowLimit = search.perReason * 3;
  const rows =
    dialectOf(executor) === 'sqlite'
      ? await byTermOnSqlite(executor, search, term, rowLimit)
      : await byTermOnPostgres(executor, search, term, rowLimit);
  return rows.map((row) => ({ caseId: row.case_id, reason: 'text', term: index, text: row.text }));
}

/** SQLite walks the trigram FTS5 index newest first and stops after `rowLimit` hits. */
async function byTermOnSqlite(executor: Executor, search: SimilarCaseSearch, term: string, rowLimit: number): Promise<TermRow[]> {
  const scoped = search.scopeOrganizationId !== undefined;
  const join = scoped ? sql` JOIN cases c ON c.id = t.case_id` : sql``;
  const filters = sql`t.source IN ('title', 'description') AND t.internal = 0${scoped ? caseFilters(search, 'c') : sql``}${
    !scoped && search.excludeCaseId ? sql` AND t.case_id <> ${search.excludeCaseId}` : sql``
  }`;
  const { rows } = await sql<TermRow>`
    SELECT t.case_id, t.text FROM case_search_fts f JOIN case_search_texts t ON t.id = f.rowid${join}
    WHERE case_search_fts MATCH ${ftsPhrase(term)} AND ${filters}
    ORDER BY f.rowid DESC LIMIT ${rowLimit}`.execute(executor);
  return rows;
}

/**
 * PostgreSQL: a word of Latin letters and digits is read from `case_similar_words` (`byWordsOnPostgres`), unless
 * more than MAX_WORDS_OF_TERM words begin with it. For any other term, no index yields its texts newest first.
 * Left to choose, the planner walked every text
 * backwards for a term it thought common (reading replies and notes too: 135 000 rows for 90 titles at 1 000 000
 * cases), or read and sorted all of a term's matches. So, until `rowLimit` are found:
 * 1. the newest `probedTexts` titles and descriptions (`case_search_texts_case_words`, migration 0065), tested one
 *    by one — a common word fills it; for a customer, those of their newest `probedTexts` / 10 cases
 *    (`cases_organization`; each case's texts are a look-up of their own);
 * 2. among the newest RECENT_TEXTS search texts only: a term in Chinese (or digits) is tested on each of their
 *    titles and descriptions newest first (the partial index again, bounded by the range, stopping at `rowLimit`);
 *    any other term is asked of the trigram index, its matches intersected with the id range so only those are read
 *    from the table (a rare English word is answered from few candidates, where the walk would test every text);
 * 3. the trigram index over all texts, whose cost grows with how many hold the term.
 * `internal + 0` and `id + 0` keep the partial index and the id order out of the index steps, which the planner would
 * otherwise walk whole. A term without letter case is matched with `LIKE`: `ILIKE` folds the case of every character
 * of every text it tests, which took most of a Chinese term's time (a walk of the range: 112 ms with `ILIKE`, 12 ms
 * with `LIKE`, at 1 000 000 cases).
 */
async function byTermOnPostgres(executor: Executor, search: SimilarCaseSearch, term: string, rowLimit: number): Promise<TermRow[]> {
  if (LATIN_WORD_TERM.test(term) && search.wordIndex !== false) {
    const byWords = await byWordsOnPostgres(executor, search, term.toLowerCase(), rowLimit);
    if (byWords) return byWords;
  }
  const pattern = likePattern(term);
  const caseless = CASELESS_TERM.test(term);
  const holds = caseless ? sql`LIKE` : sql`ILIKE`;
  const own = search.excludeCaseId ? sql` AND c.id <> ${search.excludeCaseId}` : sql``;
  const ownText = search.excludeCaseId ? sql` AND t.case_id <> ${search.excludeCaseId}` : sql``;
  const organizationId = search.scopeOrganizationId;
  const probed = search.probedTexts ?? PROBED_TEXTS;
  const probe =
    organizationId === undefined
      ? sql<TermRow>`SELECT t.case_id, t.text FROM (
            SELECT id, case_id, text FROM case_search_texts
            WHERE source IN ('title', 'description') AND internal = 0 ORDER BY id DESC LIMIT ${probed}
          ) AS t WHERE t.text ${holds} ${pattern} ESCAPE '\\'${ownText} ORDER BY t.id DESC LIMIT ${rowLimit}`
      : sql<TermRow>`SELECT t.case_id, t.text FROM (
            SELECT c.id FROM cases c WHERE c.organization_id = ${organizationId}${own}
            ORDER BY c.organization_id DESC, c.id DESC LIMIT ${Math.ceil(probed / 10)}
          ) AS c JOIN case_search_texts t ON t.case_id = c.id
          WHERE t.source IN ('title', 'description') AND t.internal = 0 AND t.text ${holds} ${pattern} ESCAPE '\\'
          ORDER BY t.id DESC LIMIT ${rowLimit}`;
  const { rows: found } = await probe.execute(executor);
  if (found.length >= rowLimit) return found;
  const scope = organizationId === undefined ? sql`` : sql` JOIN cases c ON c.id = t.case_id AND c.organization_id = ${organizationId}`;
  const { rows: newest } = await sql<{ id: string | number | null }>`SELECT max(id) AS id FROM case_search_texts`.execute(executor);
  const floor = Number(newest[0]?.id ?? 0) - (search.recentTexts ?? RECENT_TEXTS);
  for (const above of floor > 0 ? [floor, null] : [null]) {
    const range = above === null ? sql`` : sql` AND t.id > ${above}`;
    const query =
      caseless && above !== null && organizationId === undefined
        ? sql<TermRow>`SELECT t.case_id, t.text FROM case_search_texts t
            WHERE t.source IN ('title', 'description') AND t.internal = 0${range} AND t.text LIKE ${pattern} ESCAPE '\\'${ownText}
            ORDER BY t.id DESC LIMIT ${rowLimit}`
        : sql<TermRow>`SELECT t.case_id, t.text FROM case_search_texts t${scope}
            WHERE t.text ${holds} ${pattern} ESCAPE '\\' AND t.source IN ('title', 'description') AND t.internal + 0 = 0${ownText}${range}
            ORDER BY t.id + 0 DESC LIMIT ${rowLimit}`;
    const { rows } = await query.execute(executor);
    if (rows.length >= rowLimit || above === null) return rows;
  }
  return found;
}

/** A term of Latin letters and digits only (at least three): its texts are listed by `case_similar_words`. */
const LATIN_WORD_TERM = /^[a-z0-9]{3,}$/i;

/**
 * Above this many distinct words beginning with the term (`con`, say), the words' own lists are too many to read one
 * by one; the term then goes the way of any other.
 */
export const MAX_WORDS_OF_TERM = 64;

/**
 * PostgreSQL, a term of Latin letters and digits: the newest titles and descriptions holding a word that begins with
 * it, from `case_similar_words` (migration 0066) alone until the texts are read. The words beginning with the term
 * are found by stepping through the key's distinct values (one index probe each), then each word's texts are read
 * newest first from the end of its range, `rowLimit` at most, skipping other organisations' texts by the hash in the
 * index for a customer; the newest `rowLimit` of all are then read from `case_search_texts`. A few more are read than
 * asked, as the case itself (its title and description) is left out afterwards; a term longer than the keys is
 * checked against the text. Null when too many words begin with the term.
 */
async function byWordsOnPostgres(executor: Executor, search: SimilarCaseSearch, term: string, rowLimit: number): Promise<TermRow[] | null> {
  const key = term.slice(0, SIMILAR_WORD_KEY_LENGTH);
  // Keys are lower-case letters and digits under the C collation: `{` sorts after all of them.
  const [from, below] = [key, `${key}{`];
  const { rows: words } = await sql<{ word: string }>`
    WITH RECURSIVE words(word) AS (
      SELECT (SELECT word FROM case_similar_words WHERE word >= ${from} AND word < ${below} ORDER BY word LIMIT 1)
      UNION ALL
      SELECT (SELECT w.word FROM case_similar_words w WHERE w.word > words.word AND w.word < ${below} ORDER BY w.word LIMIT 1)
      FROM words WHERE words.word IS NOT NULL
    )
    SELECT word FROM words WHERE word IS NOT NULL LIMIT ${MAX_WORDS_OF_TERM + 1}`.execute(executor);
  if (words.length > MAX_WORDS_OF_TERM) return null;
  if (words.length === 0) return [];
  const organizationId = search.scopeOrganizationId;
  const read = rowLimit + (search.excludeCaseId ? 2 : 0) + (term.length > key.length ? rowLimit : 0);
  const scope = organizationId === undefined ? sql`` : sql` AND w.scope = hashtext(${organizationId})`;
  const inScope = organizationId === undefined ? sql`` : sql` JOIN cases c ON c.id = t.case_id AND c.organization_id = ${organizationId}`;
  const own = search.excludeCaseId ? sql` AND t.case_id <> ${search.excludeCaseId}` : sql``;
  const whole = term.length > key.length ? sql` AND t.text ILIKE ${likePattern(term)} ESCAPE '\\'` : sql``;
  const { rows } = await sql<TermRow>`
    SELECT t.case_id, t.text FROM (
      SELECT m.text_id FROM unnest(${words.map((row) => row.word)}::text[]) AS k(word)
      CROSS JOIN LATERAL (
        SELECT w.text_id FROM case_similar_words w WHERE w.word = k.word${scope} ORDER BY w.text_id DESC LIMIT ${read}
      ) AS m
      ORDER BY m.text_id DESC LIMIT ${read}
    ) AS newest JOIN case_search_texts t ON t.id = newest.text_id${inScope}
    WHERE true${own}${whole}
    ORDER BY t.id DESC LIMIT ${rowLimit}`.execute(executor);
  return rows;
}

/** A term of Chinese characters and digits only: it reads the same in every letter case. */
const CASELESS_TERM = /^[\p{Script=Han}\p{Nd}]+$/u;

interface TermRow {
  case_id: string;
  text: string;
}

/** Every case found for every reason, unordered; one case may be found for several reasons. */
export async function findSimilarCaseHits(executor: Executor, search: SimilarCaseSearch): Promise<SimilarCaseHit[]> {
  const found = await Promise.all([
    bySerial(executor, search),
    byModel(executor, search),
    bySite(executor, search),
    ...search.terms.map((term, index) => byTerm(executor, search, term, index)),
  ]);
  return found.flat();
}

/** What a found case came to: its latest resolution note, its latest service action, and the problems it is linked to. */
export interface CaseOutcomeRows {
  resolutionNotes: Map<string, string>;
  lastActions: Map<string, { type: string; summary: string; outcome: string | null; at: string }>;
  actionCounts: Map<string, number>;
  problems: Map<string, { id: string; title: string; status: ProblemStatus }[]>;
}

export async function findCaseOutcomes(
  executor: Executor,
  caseIds: readonly string[],
  options: { problems: boolean },
): Promise<CaseOutcomeRows> {
  const outcome: CaseOutcomeRows = { resolutionNotes: new Map(), lastActions: new Map(), actionCounts: new Map(), problems: new Map() };
  if (caseIds.length === 0) return outcome;
  const ids = [...caseIds];
  const [transitions, actions, problems] = await Promise.all([
    executor
      .selectFrom('case_events')
      .select(['case_id', 'data_json'])
      .where('case_id', 'in', ids)
      .where('kind', '=', 'case.transitioned')
      .where('visibility', '=', 'public')
      .orderBy('case_id')
      .orderBy('at')
      .orderBy('id')
      .execute(),
    executor
      .selectFrom('case_actions')
      .select(['case_id', 'type', 'summary', 'outcome', 'created_at'])
      .where('case_id', 'in', ids)
      .orderBy('case_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    options.problems
      ? executor
          .selectFrom('problem_cases')
          .innerJoin('problems', 'problems.id', 'problem_cases.problem_id')
          .select(['problem_cases.case_id', 'problems.id', 'problems.title', 'problems.status'])
          .where('problem_cases.case_id', 'in', ids)
          .orderBy('problem_cases.linked_at')
          .execute()
      : Promise.resolve([]),
  ]);
  for (const event of transitions) {
    const data = JSON.parse(event.data_json) as { to?: string; note?: string | null };
    // The note given when the case was last resolved; a later reopen does not erase what was tried.
    if (data.to === 'resolved' && data.note) outcome.resolutionNotes.set(event.case_id, data.note);
  }
  for (const action of actions) {
    outcome.lastActions.set(action.case_id, { type: action.type, summary: action.summary, outcome: action.outcome, at: action.created_at });
    outcome.actionCounts.set(action.case_id, (outcome.actionCounts.get(action.case_id) ?? 0) + 1);
  }
  for (const row of problems) {
    outcome.problems.set(row.case_id, [...(outcome.problems.get(row.case_id) ?? []), { id: row.id, title: row.title, status: row.status }]);
  }
  return outcome;
}
