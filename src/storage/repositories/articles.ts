import { sql, type ExpressionBuilder, type Insertable, type Selectable, type Updateable } from 'kysely';
import { locksRows, type Executor } from '../dialect.js';
import type { ArticlesTable, ArticleVersionsTable, Database } from '../schema.js';
import { inIdOrder, whereGiven, type IdPage } from './pagination.js';

export type ArticleRow = Selectable<ArticlesTable>;
export type ArticleVersionRow = Selectable<ArticleVersionsTable>;

export async function insertArticle(executor: Executor, row: Insertable<ArticlesTable>): Promise<void> {
  await executor.insertInto('articles').values(row).execute();
}

export async function updateArticle(executor: Executor, id: string, changes: Updateable<ArticlesTable>): Promise<void> {
  await executor.updateTable('articles').set(changes).where('id', '=', id).execute();
}

export async function findArticleById(executor: Executor, id: string): Promise<ArticleRow | undefined> {
  return executor.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The article, locked until the transaction ends on PostgreSQL (SQLite has a single writer): saves take turns, so version numbers never clash. */
export async function findArticleForUpdate(executor: Executor, id: string): Promise<ArticleRow | undefined> {
  const query = executor.selectFrom('articles').selectAll().where('id', '=', id);
  return (locksRows(executor) ? query.forUpdate() : query).executeTakeFirst();
}

/** `v` (an `article_versions as v` row) is the highest version of its article and language: the current text. */
function isCurrentVersion(eb: ExpressionBuilder<Database & { v: ArticleVersionsTable }, 'v'>) {
  return eb(
    'v.version',
    '=',
    eb
      .selectFrom('article_versions as w')
      .select((inner) => inner.fn.max('w.version').as('m'))
      .whereRef('w.article_id', '=', 'v.article_id')
      .whereRef('w.language', '=', 'v.language'),
  );
}

export async function insertArticleVersion(executor: Executor, row: Insertable<ArticleVersionsTable>): Promise<void> {
  await executor.insertInto('article_versions').values(row).execute();
}

/** The highest version number of one language of an article; 0 before the first save. */
export async function lastVersionNumber(executor: Executor, articleId: string, language: string): Promise<number> {
  const row = await executor
    .selectFrom('article_versions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('article_id', '=', articleId)
    .where('language', '=', language)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** The current text (highest version) of each language of the articles named. */
export async function currentVersions(executor: Executor, articleIds: string[]): Promise<ArticleVersionRow[]> {
  if (articleIds.length === 0) return [];
  return executor
    .selectFrom('article_versions as v')
    .selectAll('v')
    .where('v.article_id', 'in', articleIds)
    .where(isCurrentVersion)
    .execute();
}

/** Every saved version of an article, newest first in each language. */
export async function listArticleVersions(executor: Executor, articleId: string): Promise<ArticleVersionRow[]> {
  return executor
    .selectFrom('article_versions')
    .selectAll()
    .where('article_id', '=', articleId)
    .orderBy('language')
    .orderBy('version', 'desc')
    .execute();
}

export async function replaceArticleTags(executor: Executor, articleId: string, tags: string[]): Promise<void> {
  await executor.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
  if (tags.length > 0)
    await executor
      .insertInto('article_tags')
      .values(tags.map((tag) => ({ article_id: articleId, tag })))
      .execute();
}

export async function tagsOfArticles(executor: Executor, articleIds: string[]): Promise<{ article_id: string; tag: string }[]> {
  if (articleIds.length === 0) return [];
  return executor.selectFrom('article_tags').selectAll().where('article_id', 'in', articleIds).orderBy('tag').execute();
}

export interface ArticleFilter extends IdPage {
  category?: string | undefined;
  tag?: string | undefined;
  visibility?: string | undefined;
  status?: string | undefined;
  /** Part of a current title, any language, case-insensitive. */
  title?: string | undefined;
  caseId?: string | undefined;
}

/** Articles newest first, narrowed by the filters given. */
export async function listArticles(executor: Executor, filter: ArticleFilter): Promise<ArticleRow[]> {
  let query = whereGiven(executor.selectFrom('articles').selectAll('articles'), {
    'articles.category': filter.category,
    'articles.visibility': filter.visibility,
    'articles.status': filter.status,
  });
  if (filter.tag)
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('article_tags')
          .select('article_tags.tag')
          .whereRef('article_tags.article_id', '=', 'articles.id')
          .where('article_tags.tag', '=', filter.tag!),
      ),
    );
  if (filter.caseId)
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('article_cases')
          .select('article_cases.case_id')
          .whereRef('article_cases.article_id', '=', 'articles.id')
          .where('article_cases.case_id', '=', filter.caseId!),
      ),
    );
  if (filter.title) {
    const pattern = `%${filter.title.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('article_versions as v')
          .select('v.id')
          .whereRef('v.article_id', '=', 'articles.id')
          .where(sql<boolean>`lower(v.title) like ${pattern} escape '\\'`)
          .where(isCurrentVersion),
      ),
    );
  }
  return inIdOrder(query, 'articles.id', filter, 'newest first').execute();
}

export async function linkArticleToCase(
  executor: Executor,
  row: { article_id: string; case_id: string; linked_by: string; linked_at: string },
): Promise<void> {
  await executor
    .insertInto('article_cases')
    .values(row)
    .onConflict((oc) => oc.columns(['article_id', 'case_id']).doNothing())
    .execute();
}

export async function unlinkArticleFromCase(executor: Executor, articleId: string, caseId: string): Promise<void> {
  await executor.deleteFrom('article_cases').where('article_id', '=', articleId).where('case_id', '=', caseId).execute();
}

export async function casesOfArticle(executor: Executor, articleId: string): Promise<string[]> {
  const rows = await executor
    .selectFrom('article_cases')
    .select('case_id')
    .where('article_id', '=', articleId)
    .orderBy('linked_at')
    .execute();
  return rows.map((row) => row.case_id);
}

/** One user's answer to "was this helpful", replacing their earlier one. */
export async function saveArticleFeedback(
  executor: Executor,
  row: { article_id: string; user_id: string; helpful: number; at: string },
): Promise<void> {
  await executor
    .insertInto('article_feedback')
    .values(row)
    .onConflict((oc) => oc.columns(['article_id', 'user_id']).doUpdateSet({ helpful: row.helpful, at: row.at }))
    .execute();
}

/** Per article: how many found it helpful, how many not, and what the given user said (null: nothing). */
export async function feedbackOfArticles(
  executor: Executor,
  articleIds: string[],
  userId: string,
): Promise<Map<string, { helpful: number; notHelpful: number; mine: boolean | null }>> {
  const result = new Map<string, { helpful: number; notHelpful: number; mine: boolean | null }>();
  if (articleIds.length === 0) return result;
  const rows = await executor.selectFrom('article_feedback').selectAll().where('article_id', 'in', articleIds).execute();
  for (const row of rows) {
    const entry = result.get(row.article_id) ?? { helpful: 0, notHelpful: 0, mine: null };
    if (Number(row.helpful) === 1) entry.helpful++;
    else entry.notHelpful++;
    if (row.user_id === userId) entry.mine = Number(row.helpful) === 1;
    result.set(row.article_id, entry);
  }
  return result;
}

export async function findArticlesByIds(executor: Executor, ids: readonly string[]): Promise<ArticleRow[]> {
  if (ids.length === 0) return [];
  return executor
    .selectFrom('articles')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** Links an article to a problem; answers whether it was not linked before. */
export async function linkArticleToProblem(
  executor: Executor,
  row: { article_id: string; problem_id: string; linked_by: string; linked_at: string },
): Promise<boolean> {
  const result = await executor
    .insertInto('article_problems')
    .values(row)
    .onConflict((oc) => oc.columns(['article_id', 'problem_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Unlinks an article from a problem; answers whether it was linked. */
export async function unlinkArticleFromProblem(executor: Executor, articleId: string, problemId: string): Promise<boolean> {
  const result = await executor
    .deleteFrom('article_problems')
    .where('article_id', '=', articleId)
    .where('problem_id', '=', problemId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The articles linked to a problem, oldest link first. */
export async function articlesOfProblem(executor: Executor, problemId: string): Promise<ArticleRow[]> {
  return executor
    .selectFrom('article_problems')
    .innerJoin('articles', 'articles.id', 'article_problems.article_id')
    .selectAll('articles')
    .where('article_problems.problem_id', '=', problemId)
    .orderBy('article_problems.linked_at')
    .orderBy('articles.id')
    .execute();
}

/** The problems an article is linked to, oldest link first. */
export async function problemsOfArticle(executor: Executor, articleId: string): Promise<{ id: string; title: string; status: string }[]> {
  return executor
    .selectFrom('article_problems')
    .innerJoin('problems', 'problems.id', 'article_problems.problem_id')
    .select(['problems.id', 'problems.title', 'problems.status'])
    .where('article_problems.article_id', '=', articleId)
    .orderBy('article_problems.linked_at')
    .orderBy('problems.id')
    .execute();
}
