import type { Actor } from '../../domain/access/permissions.js';
import { mayReadArticle, type ArticleRecord } from '../../domain/access/policies/articles.js';
import type { Executor } from '../../storage/db.js';
import { findArticleById, findArticleForUpdate, type ArticleRow } from '../../storage/repositories/articles.js';
import { forbidden, notFound } from '../errors.js';

export const recordOf = (row: ArticleRow): ArticleRecord => ({
  visibility: row.visibility as ArticleRecord['visibility'],
  status: row.status as ArticleRecord['status'],
});

/** The article if the actor may read it (else 404: it does not exist for them) and do what `allowed` asks (else 403). */
export async function loadArticleFor(
  executor: Executor,
  actor: Actor,
  id: string,
  allowed: (actor: Actor, record: ArticleRecord) => boolean = mayReadArticle,
  options: { forUpdate?: boolean } = {},
): Promise<ArticleRow> {
  const row = options.forUpdate ? await findArticleForUpdate(executor, id) : await findArticleById(executor, id);
  if (!row || !mayReadArticle(actor, recordOf(row))) throw notFound('article', id);
  if (!allowed(actor, recordOf(row))) throw forbidden();
  return row;
}
