import { articleListScope } from '../../domain/access/policies/articles.js';
import type { Actor } from '../../domain/access/permissions.js';
import { mayReadProblems } from '../../domain/access/policies/problems.js';
import type { ArticleLanguage } from '../../domain/articles/language.js';
import { markdownPlainText } from '../../domain/articles/markdown.js';
import { snippetOf, suggestionTerms, type Snippet } from '../../domain/search/search-text.js';
import type { Executor } from '../../storage/db.js';
import { currentVersions, findArticlesByIds, tagsOfArticles, type ArticleRow } from '../../storage/repositories/articles.js';
import { knowledgeSearchHits, rankKnowledge, type KnowledgeTextSearch } from '../../storage/repositories/knowledge-search.js';
import { findProblemListRows, type ProblemListRow } from '../../storage/repositories/problems.js';
import { shownVersion } from '../articles/view-articles.js';
import type { ServiceContext } from '../context.js';

export type ProblemSearchField = 'title' | 'description' | 'rootCause' | 'workaround';
export type ArticleSearchField = 'title' | 'body' | 'tag';

export interface FoundProblem {
  row: ProblemListRow;
  snippets: (Snippet & { field: ProblemSearchField })[];
}

export interface FoundArticle {
  row: ArticleRow;
  /** The current title in the reader's language, else the other one. */
  title: string;
  language: ArticleLanguage | null;
  tags: string[];
  snippets: (Snippet & { field: ArticleSearchField; language: ArticleLanguage | null })[];
}

export interface Found<T> {
  items: T[];
  hasMore: boolean;
}

const SNIPPETS_PER_RECORD = 3;
const none = <T>(): Found<T> => ({ items: [], hasMore: false });

interface Window {
  limit: number;
  offset: number;
}

/** Ranks the records of one kind and reads the texts their snippets are cut from, grouped by record. */
async function rankAndHits(executor: Executor, search: KnowledgeTextSearch, window: Window) {
  const ranked = await rankKnowledge(executor, { ...search, ...window });
  const ids = ranked.slice(0, window.limit).map((entry) => entry.id);
  const hits = new Map<string, Awaited<ReturnType<typeof knowledgeSearchHits>>>();
  for (const hit of await knowledgeSearchHits(executor, search.kind, ids, search.terms)) {
    const list = hits.get(hit.record_id) ?? [];
    if (list.length < SNIPPETS_PER_RECORD) list.push(hit);
    hits.set(hit.record_id, list);
  }
  return { ids, hits, hasMore: ranked.length > window.limit };
}

/** Problems holding every term: staff only (a customer sees no problem). */
export async function searchProblems(context: ServiceContext, actor: Actor, terms: string[], window: Window): Promise<Found<FoundProblem>> {
  if (!mayReadProblems(actor) || terms.length === 0) return none();
  const db = context.storage.db;
  const { ids, hits, hasMore } = await rankAndHits(db, { kind: 'problem', terms, match: 'all', customerVisibleOnly: false }, window);
  const rows = new Map((await findProblemListRows(db, ids)).map((row) => [row.id, row]));
  const fieldOf = (source: string): ProblemSearchField => (source === 'root_cause' ? 'rootCause' : (source as ProblemSearchField));
  return {
    hasMore,
    items: ids.flatMap((id) => {
      const row = rows.get(id);
      const snippets = (hits.get(id) ?? []).map((hit) => ({ field: fieldOf(hit.source), ...snippetOf(hit.text, terms) }));
      return row ? [{ row, snippets }] : [];
    }),
  };
}

async function articlesFound(
  context: ServiceContext,
  actor: Actor,
  search: Omit<KnowledgeTextSearch, 'kind'>,
  window: Window,
  language: ArticleLanguage,
): Promise<Found<FoundArticle>> {
  const scope = articleListScope(actor);
  if (!scope || search.terms.length === 0) return none();
  const db = context.storage.db;
  const { ids, hits, hasMore } = await rankAndHits(
    db,
    { kind: 'article', ...search, customerVisibleOnly: search.customerVisibleOnly || scope.customerVisibleOnly },
    window,
  );
  const [rows, versions, tags] = await Promise.all([findArticlesByIds(db, ids), currentVersions(db, ids), tagsOfArticles(db, ids)]);
  const rowsById = new Map(rows.map((row) => [row.id, row]));
  return {
    hasMore,
    items: ids.flatMap((id) => {
      const row = rowsById.get(id);
      if (!row) return [];
      const shown = shownVersion(versions, id, language)?.version;
      return [
        {
          row,
          title: shown?.title ?? '',
          language: (shown?.language as ArticleLanguage | undefined) ?? null,
          tags: tags.filter((tag) => tag.article_id === id).map((tag) => tag.tag),
          snippets: (hits.get(id) ?? []).map((hit) => ({
            field: hit.source as ArticleSearchField,
            language: hit.source === 'tag' ? null : (hit.source_id as ArticleLanguage),
            // An article's body is Markdown: the snippet shows what it says, not its marks.
            ...snippetOf(hit.source === 'body' ? markdownPlainText(hit.text) : hit.text, search.terms),
          })),
        },
      ];
    }),
  };
}

/** Articles holding every term: staff all of them, a customer the published customer-visible ones. */
export async function searchArticles(
  context: ServiceContext,
  actor: Actor,
  terms: string[],
  window: Window,
  language: ArticleLanguage,
): Promise<Found<FoundArticle>> {
  return articlesFound(context, actor, { terms, match: 'all', customerVisibleOnly: false }, window, language);
}

export const MAX_SUGGESTIONS = 5;

/**
 * Articles that may answer a case being written (the portal's new-case form): any word of the draft is enough,
 * the articles holding more of them first. Only published customer-visible articles are suggested, to staff too:
 * what is suggested is what the customer could be sent.
 */
export async function suggestArticles(
  context: ServiceContext,
  actor: Actor,
  draft: string,
  language: ArticleLanguage,
): Promise<FoundArticle[]> {
  const search = { terms: suggestionTerms(draft), match: 'any', customerVisibleOnly: true } as const;
  return (await articlesFound(context, actor, search, { limit: MAX_SUGGESTIONS, offset: 0 }, language)).items;
}
