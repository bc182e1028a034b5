import type { Actor } from '../../domain/access/permissions.js';
import { mayWriteArticles } from '../../domain/access/policies/articles.js';
import { updateArticle } from '../../storage/repositories/articles.js';
import { recordChangeBy } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { loadArticleFor } from './article-access.js';

/** Publishes an article (customers then see it if it is customer-visible) or takes it back to draft. */
export async function setArticlePublished(context: ServiceContext, actor: Actor, id: string, published: boolean): Promise<void> {
  await context.storage.transaction(async (trx) => {
    const row = await loadArticleFor(trx, actor, id, (subject) => mayWriteArticles(subject), { forUpdate: true });
    const at = context.clock.now().toISOString();
    const status = published ? 'published' : 'draft';
    if (row.status === status) return;
    await updateArticle(trx, id, { status, published_at: published ? at : row.published_at, updated_at: at });
    await recordChangeBy(trx, actor, at, published ? 'article.publish' : 'article.unpublish', ['article', id], {
      before: { status: row.status },
      after: { status },
    });
  });
}
