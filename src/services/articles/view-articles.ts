import type { Actor } from '../../domain/access/permissions.js';
import {
  articleListScope,
  mayGiveArticleFeedback,
  mayLinkArticle,
  mayReadArticle,
  maySeeArticleCaseLinks,
  mayWriteArticles,
} from '../../domain/access/policies/articles.js';
import { mayReadCase } from '../../domain/access/policies/cases.js';
import { mayReadProblems } from '../../domain/access/policies/problems.js';
import { pickArticleLanguage, type ArticleLanguage } from '../../domain/articles/language.js';
import type { Page } from '../../storage/repositories/pagination.js';
import type { Executor } from '../../storage/db.js';
import {
  articlesOfProblem,
  casesOfArticle,
  currentVersions,
  feedbackOfArticles,
  listArticles,
  listArticleVersions,
  problemsOfArticle,
  tagsOfArticles,
  type ArticleRow,
  type ArticleVersionRow,
} from '../../storage/repositories/articles.js';
import type { ServiceContext } from '../context.js';
import { loadCaseFor } from '../cases/case-access.js';
import { pageById } from '../paging.js';
import { loadArticleFor, recordOf } from './article-access.js';
import { renderArticleHtml } from './render-article.js';

/** An article as one reader sees it: the text in their language, else the other one. */
export interface ArticleDetails {
  row: ArticleRow;
  tags: string[];
  shown: (ArticleVersionRow & { html: string; fallback: boolean }) | null;
  /** The current version of each language. */
  current: ArticleVersionRow[];
  feedback: { helpful: number; notHelpful: number; mine: boolean | null };
  linkedCaseIds: string[] | null;
  /** The problems the article is linked to, for staff who read problems. */
  linkedProblems: { id: string; title: string; status: string }[] | null;
  can: { edit: boolean; publish: boolean; link: boolean; giveFeedback: boolean };
}

/** Of the current versions given, the one of this article a reader is shown: theirs, else the other language's. */
export function shownVersion(
  versions: readonly ArticleVersionRow[],
  articleId: string,
  language: ArticleLanguage,
): { version: ArticleVersionRow; fallback: boolean } | null {
  const current = versions.filter((version) => version.article_id === articleId);
  const pick = pickArticleLanguage(
    language,
    current.map((version) => version.language as ArticleLanguage),
  );
  const version = pick ? current.find((candidate) => candidate.language === pick.language) : undefined;
  return version && pick ? { version, fallback: pick.fallback } : null;
}

async function detailsOf(
  context: ServiceContext,
  actor: Actor,
  rows: ArticleRow[],
  language: ArticleLanguage,
  withCases: boolean,
): Promise<ArticleDetails[]> {
  const db = context.storage.db;
  const ids = rows.map((row) => row.id);
  const [versions, tags, feedback] = await Promise.all([
    currentVersions(db, ids),
    tagsOfArticles(db, ids),
    feedbackOfArticles(db, ids, actor.userId),
  ]);
  return Promise.all(
    rows.map(async (row) => {
      const current = versions.filter((version) => version.article_id === row.id).sort((a, b) => a.language.localeCompare(b.language));
      const shown = shownVersion(current, row.id, language);
      const record = recordOf(row);
      return {
        row,
        tags: tags.filter((tag) => tag.article_id === row.id).map((tag) => tag.tag),
        shown: shown ? { ...shown.version, html: renderArticleHtml(shown.version.body), fallback: shown.fallback } : null,
        current,
        feedback: feedback.get(row.id) ?? { helpful: 0, notHelpful: 0, mine: null },
        linkedCaseIds: withCases && maySeeArticleCaseLinks(actor) ? await casesOfArticle(db, row.id) : null,
        linkedProblems: withCases && mayReadProblems(actor) ? await problemsOfArticle(db, row.id) : null,
        can: {
          edit: mayWriteArticles(actor),
          publish: mayWriteArticles(actor),
          link: mayLinkArticle(actor, record),
          giveFeedback: mayGiveArticleFeedback(actor, record),
        },
      };
    }),
  );
}

export interface ArticleListQuery {
  category?: string | undefined;
  tag?: string | undefined;
  visibility?: 'internal' | 'customer' | undefined;
  status?: 'draft' | 'published' | undefined;
  title?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Articles newest first; a customer sees published customer-visible ones only, whatever they filter on. */
export async function listArticlesFor(
  context: ServiceContext,
  actor: Actor,
  query: ArticleListQuery,
  language: ArticleLanguage,
): Promise<Page<ArticleDetails>> {
  const scope = articleListScope(actor);
  if (!scope) return { items: [], nextCursor: null };
  if (scope.customerVisibleOnly && (query.visibility === 'internal' || query.status === 'draft')) return { items: [], nextCursor: null };
  const page = await pageById(query, (idPage) =>
    listArticles(context.storage.db, {
      ...idPage,
      category: query.category,
      tag: query.tag?.trim().toLowerCase(),
      title: query.title,
      visibility: scope.customerVisibleOnly ? 'customer' : query.visibility,
      status: scope.customerVisibleOnly ? 'published' : query.status,
    }),
  );
  return { nextCursor: page.nextCursor, items: await detailsOf(context, actor, page.items, language, false) };
}

export async function getArticle(context: ServiceContext, actor: Actor, id: string, language: ArticleLanguage): Promise<ArticleDetails> {
  const row = await loadArticleFor(context.storage.db, actor, id);
  return (await detailsOf(context, actor, [row], language, true))[0]!;
}

/** Every saved version of an article, each language newest first; a customer's 404 as for the article. */
export async function getArticleVersions(
  context: ServiceContext,
  actor: Actor,
  id: string,
): Promise<(ArticleVersionRow & { html: string })[]> {
  await loadArticleFor(context.storage.db, actor, id);
  return (await listArticleVersions(context.storage.db, id)).map((version) => ({ ...version, html: renderArticleHtml(version.body) }));
}

/** The articles linked to a case that the actor may read (a customer: published customer-visible ones). */
export async function articlesOfCase(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  language: ArticleLanguage,
): Promise<ArticleDetails[]> {
  await loadCaseFor(context.storage.db, actor, caseId, mayReadCase);
  const rows = await listArticles(context.storage.db, { caseId, limit: 500 });
  const readable = rows.filter((row) => mayReadArticle(actor, recordOf(row)));
  return detailsOf(context, actor, readable, language, false);
}

/** The articles linked to a problem, each titled in the reader's language, else the other one. */
export async function articlesOfProblemFor(
  executor: Executor,
  actor: Actor,
  problemId: string,
  language: ArticleLanguage,
): Promise<{ row: ArticleRow; title: string }[]> {
  const rows = (await articlesOfProblem(executor, problemId)).filter((row) => mayReadArticle(actor, recordOf(row)));
  const versions = await currentVersions(
    executor,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ row, title: shownVersion(versions, row.id, language)?.version.title ?? '' }));
}
