import { mayReadCase } from '../../domain/access/policies/cases.js';
import type { Actor } from '../../domain/access/permissions.js';
import { mayLinkArticle } from '../../domain/access/policies/articles.js';
import { linkArticleToCase, unlinkArticleFromCase } from '../../storage/repositories/articles.js';
import { recordChangeBy } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { loadCaseFor } from '../cases/case-access.js';
import { loadArticleFor } from './article-access.js';

/** Links an article to a case, or unlinks it; linking twice changes nothing. */
export async function setArticleCaseLink(
  context: ServiceContext,
  actor: Actor,
  articleId: string,
  caseId: string,
  linked: boolean,
): Promise<void> {
  await context.storage.transaction(async (trx) => {
    await loadArticleFor(trx, actor, articleId, mayLinkArticle);
    await loadCaseFor(trx, actor, caseId, mayReadCase);
    const at = context.clock.now().toISOString();
    if (linked) await linkArticleToCase(trx, { article_id: articleId, case_id: caseId, linked_by: actor.userId, linked_at: at });
    else await unlinkArticleFromCase(trx, articleId, caseId);
    await recordChangeBy(trx, actor, at, linked ? 'article.link-case' : 'article.unlink-case', ['article', articleId], {
      after: { caseId },
    });
  });
}
