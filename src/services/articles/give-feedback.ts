import type { Actor } from '../../domain/access/permissions.js';
import { mayGiveArticleFeedback } from '../../domain/access/policies/articles.js';
import { saveArticleFeedback } from '../../storage/repositories/articles.js';
import type { ServiceContext } from '../context.js';
import { loadArticleFor } from './article-access.js';

/** "Was this helpful": one answer per user and article; answering again changes it. */
export async function giveArticleFeedback(context: ServiceContext, actor: Actor, id: string, helpful: boolean): Promise<void> {
  await context.storage.transaction(async (trx) => {
    await loadArticleFor(trx, actor, id, mayGiveArticleFeedback);
    await saveArticleFeedback(trx, {
      article_id: id,
      user_id: actor.userId,
      helpful: helpful ? 1 : 0,
      at: context.clock.now().toISOString(),
    });
  });
}
