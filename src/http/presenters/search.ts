import { z } from 'zod';
import { ARTICLE_LANGUAGES } from '../../domain/articles/language.js';
import { CASE_STATUSES } from '../../domain/cases/case-lifecycle.js';
import { PROBLEM_STATUSES } from '../../domain/problems/problem-lifecycle.js';
import type { FoundArticle, FoundProblem } from '../../services/search/search-knowledge.js';
import type { FoundCase, SearchResults } from '../../services/search/search.js';

const snippetText = z.object({
  text: z.string().describe('plain text, not HTML: show it as text and mark the highlighted ranges'),
  highlights: z
    .array(z.object({ start: z.number().int(), end: z.number().int() }))
    .describe('matched terms in `text`, as [start, end) in UTF-16 code units (JavaScript string indexes)'),
});

const snippetView = snippetText.extend({
  field: z.enum(['number', 'title', 'description', 'customer', 'contact', 'reply', 'note', 'work', 'serial', 'vendorCase']),
});

const foundCaseView = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.enum(CASE_STATUSES),
  level: z.number().int(),
  organizationName: z.string(),
  receivedAt: z.string(),
  resolvedAt: z.string().nullable(),
  snippets: z.array(snippetView),
});

const foundProblemView = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(PROBLEM_STATUSES),
  ownerName: z.string(),
  updatedAt: z.string(),
  snippets: z.array(snippetText.extend({ field: z.enum(['title', 'description', 'rootCause', 'workaround']) })),
});

export const foundArticleView = z.object({
  id: z.string(),
  title: z.string().describe('the current title in the reader’s language, else the other one'),
  language: z.enum(ARTICLE_LANGUAGES).nullable(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  visibility: z.enum(['internal', 'customer']),
  status: z.enum(['draft', 'published']),
  updatedAt: z.string(),
  snippets: z.array(
    snippetText.extend({
      field: z.enum(['title', 'body', 'tag']),
      language: z.enum(ARTICLE_LANGUAGES).nullable().describe('the language version the text is from; null for a tag'),
    }),
  ),
});

/** One group per kind of record searched, each ranked on its own; only the kinds the caller may search. */
export const searchResultsView = z.object({
  terms: z.array(z.string()).describe('the terms the query was read as; every one must be found'),
  groups: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('cases'), items: z.array(foundCaseView), hasMore: z.boolean() }),
      z.object({ kind: z.literal('problems'), items: z.array(foundProblemView), hasMore: z.boolean() }),
      z.object({ kind: z.literal('articles'), items: z.array(foundArticleView), hasMore: z.boolean() }),
    ]),
  ),
});

function presentFoundProblem({ row, snippets }: FoundProblem): z.infer<typeof foundProblemView> {
  return { id: row.id, title: row.title, status: row.status, ownerName: row.owner_name, updatedAt: row.updated_at, snippets };
}

export function presentFoundArticle(found: FoundArticle): z.infer<typeof foundArticleView> {
  return {
    id: found.row.id,
    title: found.title,
    language: found.language,
    category: found.row.category,
    tags: found.tags,
    visibility: found.row.visibility as 'internal' | 'customer',
    status: found.row.status as 'draft' | 'published',
    updatedAt: found.row.updated_at,
    snippets: found.snippets,
  };
}

function presentFoundCase({ row, snippets }: FoundCase): z.infer<typeof foundCaseView> {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    status: row.status,
    level: row.level,
    organizationName: row.organization_name,
    receivedAt: row.received_at,
    resolvedAt: row.resolved_at,
    snippets,
  };
}

export function presentSearchResults(results: SearchResults): z.infer<typeof searchResultsView> {
  const groups: z.infer<typeof searchResultsView>['groups'] = [];
  if (results.cases) groups.push({ kind: 'cases', items: results.cases.items.map(presentFoundCase), hasMore: results.cases.hasMore });
  if (results.problems)
    groups.push({ kind: 'problems', items: results.problems.items.map(presentFoundProblem), hasMore: results.problems.hasMore });
  if (results.articles)
    groups.push({ kind: 'articles', items: results.articles.items.map(presentFoundArticle), hasMore: results.articles.hasMore });
  return { terms: results.terms, groups };
}
