import type { Actor } from '../../domain/access/permissions.js';
import { mayLinkArticle } from '../../domain/access/policies/articles.js';
import { currentVersions, linkArticleToProblem, unlinkArticleFromProblem } from '../../storage/repositories/articles.js';
import type { Executor } from '../../storage/db.js';
import { recordChangeBy } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { loadProblemToChange, recordProblemEvent } from '../problems/problem-access.js';
import { loadArticleFor } from './article-access.js';

/** Records a new link (or unlink) on the problem's timeline and in the audit log, in the caller's transaction. */
export async function recordArticleLink(
  trx: Executor,
  actor: Actor,
  link: { articleId: string; problemId: string; articleTitle: string; linked: boolean; at: string; written?: boolean },
): Promise<void> {
  const { articleId, problemId, at } = link;
  await recordProblemEvent(trx, {
    problemId,
    at,
    kind: link.written ? 'problem.article-written' : link.linked ? 'problem.article-linked' : 'problem.article-unlinked',
    actorUserId: actor.userId,
    data: { articleId, articleTitle: link.articleTitle },
  });
  await recordChangeBy(trx, actor, at, link.linked ? 'article.link-problem' : 'article.unlink-problem', ['article', articleId], {
    after: { problemId },
  });
}

/**
 * Links an article to a problem, or unlinks it, from either side: who may change the problem and link the article.
 * Linking twice or unlinking what is not linked changes nothing.
 */
export async function setArticleProblemLink(
  context: ServiceContext,
  actor: Actor,
  articleId: string,
  problemId: string,
  linked: boolean,
): Promise<void> {
  await context.storage.transaction(async (trx) => {
    await loadProblemToChange(trx, actor, problemId);
    await loadArticleFor(trx, actor, articleId, mayLinkArticle);
    const at = context.clock.now().toISOString();
    const changed = linked
      ? await linkArticleToProblem(trx, { article_id: articleId, problem_id: problemId, linked_by: actor.userId, linked_at: at })
      : await unlinkArticleFromProblem(trx, articleId, problemId);
    if (!changed) return;
    const title = (await currentTitle(trx, articleId)) ?? articleId;
    await recordArticleLink(trx, actor, { articleId, problemId, articleTitle: title, linked, at });
  });
}

async function currentTitle(trx: Executor, articleId: string): Promise<string | undefined> {
  const versions = await currentVersions(trx, [articleId]);
  return versions.find((version) => version.language === 'en')?.title ?? versions[0]?.title;
}
