import { organizationScope } from '../../domain/access/organization-scope.js';
import type { Actor } from '../../domain/access/permissions.js';
import { articleListScope } from '../../domain/access/policies/articles.js';
import { maySeeInternal } from '../../domain/access/policies/cases.js';
import { mayReadProblems } from '../../domain/access/policies/problems.js';
import { searchTerms, snippetOf, type Snippet } from '../../domain/search/search-text.js';
import { caseSearchHits, rankCases } from '../../storage/repositories/case-search.js';
import { findCaseListRows, type CaseListRow } from '../../storage/repositories/cases.js';
import type { ArticleLanguage } from '../../domain/articles/language.js';
import type { ServiceContext } from '../context.js';
import { searchArticles, searchProblems, type Found, type FoundArticle, type FoundProblem } from './search-knowledge.js';

/** Where in a case a term was found. */
export type CaseSearchField =
  'number' | 'title' | 'description' | 'customer' | 'contact' | 'reply' | 'note' | 'work' | 'serial' | 'vendorCase';

export interface FoundCase {
  row: CaseListRow;
  snippets: (Snippet & { field: CaseSearchField })[];
}

export const SEARCH_KINDS = ['cases', 'problems', 'articles'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchQuery {
  q: string;
  /** Narrows the cases only. */
  status: 'open' | 'closed' | 'all';
  /** The groups searched; all the actor may see when not given. */
  kinds?: readonly SearchKind[] | undefined;
  /** Per group. */
  limit: number;
  offset: number;
}

/**
 * The answer, one group per kind of record searched, each ranked on its own; `null` for a kind the actor may not
 * search (a customer: problems) or did not ask for.
 */
export interface SearchResults {
  terms: string[];
  cases: Found<FoundCase> | null;
  problems: Found<FoundProblem> | null;
  articles: Found<FoundArticle> | null;
}

const SNIPPETS_PER_CASE = 3;

function fieldOf(source: string, internal: boolean): CaseSearchField {
  switch (source) {
    case 'reply':
      return internal ? 'note' : 'reply';
    case 'visit':
      return 'work';
    case 'vendor_case':
      return 'vendorCase';
    default:
      return source as CaseSearchField;
  }
}

/**
 * One search over every kind of record the actor may read: cases, problems (staff) and knowledge articles (a
 * customer: published customer-visible ones), one group each.
 */
export async function search(
  context: ServiceContext,
  actor: Actor,
  query: SearchQuery,
  language: ArticleLanguage = 'en',
): Promise<SearchResults> {
  const terms = searchTerms(query.q);
  const wanted = (kind: SearchKind) => !query.kinds || query.kinds.includes(kind);
  const window = { limit: query.limit, offset: query.offset };
  const [cases, problems, articles] = await Promise.all([
    wanted('cases') ? searchCases(context, actor, terms, query) : null,
    wanted('problems') && mayReadProblems(actor) ? searchProblems(context, actor, terms, window) : null,
    wanted('articles') && articleListScope(actor) ? searchArticles(context, actor, terms, window, language) : null,
  ]);
  return { terms, cases, problems, articles };
}

/**
 * The cases the actor may read: a customer's own organisation's only, and without internal notes (neither matched
 * nor shown). Ranked best first, each case with the pieces of text the terms were found in.
 */
async function searchCases(context: ServiceContext, actor: Actor, terms: string[], query: SearchQuery): Promise<Found<FoundCase>> {
  const scope = organizationScope(actor, undefined);
  if (!scope || terms.length === 0) return { items: [], hasMore: false };
  const db = context.storage.db;
  const textSearch = { terms, includeInternal: maySeeInternal(actor) };
  const ranked = await rankCases(db, {
    ...textSearch,
    organizationId: scope.organizationId,
    status: query.status,
    limit: query.limit,
    offset: query.offset,
  });
  const ids = ranked.slice(0, query.limit).map((entry) => entry.id);
  const [rows, hits] = await Promise.all([findCaseListRows(db, ids), caseSearchHits(db, ids, textSearch)]);
  const rowsById = new Map(rows.map((row) => [row.id, row]));
  const snippets = new Map<string, FoundCase['snippets']>();
  for (const hit of hits) {
    const list = snippets.get(hit.case_id) ?? [];
    if (list.length < SNIPPETS_PER_CASE) list.push({ field: fieldOf(hit.source, hit.internal === 1), ...snippetOf(hit.text, terms) });
    snippets.set(hit.case_id, list);
  }
  return {
    items: ids.flatMap((id) => {
      const row = rowsById.get(id);
      return row ? [{ row, snippets: snippets.get(id) ?? [] }] : [];
    }),
    hasMore: ranked.length > query.limit,
  };
}
