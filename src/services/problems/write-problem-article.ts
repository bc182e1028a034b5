import type { Language } from '../../domain/access/roles.js';
import type { Actor } from '../../domain/access/permissions.js';
import { mayLinkProblemArticles, mayWriteProblemArticle } from '../../domain/access/policies/problems.js';
import { articleFromProblem } from '../../domain/articles/from-problem.js';
import { translate } from '../../i18n/translate.js';
import { linkArticleToProblem } from '../../storage/repositories/articles.js';
import { recordArticleLink } from '../articles/link-problem.js';
import { createArticleIn } from '../articles/write-article.js';
import type { ServiceContext } from '../context.js';
import { conflict, forbidden } from '../errors.js';
import { loadProblemToChange } from './problem-access.js';

/**
 * "A known error becomes an article in one step": a draft internal article in the writer's language, with the
 * problem's title, its description as the symptoms, its root cause and workaround, linked to the problem. Only a
 * problem in status known error (409 naming `status` otherwise); the writer must also write articles. Answers the
 * new article's id.
 */
export async function writeArticleFromProblem(
  context: ServiceContext,
  actor: Actor,
  problemId: string,
  language: Language,
): Promise<string> {
  return context.storage.transaction(async (trx) => {
    const problem = await loadProblemToChange(trx, actor, problemId);
    if (!mayLinkProblemArticles(actor)) throw forbidden();
    if (!mayWriteProblemArticle(actor, problem))
      throw conflict('problemRecords.errors.notKnownError', { status: problem.status }, 'status');
    const heading = (key: string) => translate(language, `problemRecords.article.${key}`);
    const text = articleFromProblem(
      { title: problem.title, description: problem.description, rootCause: problem.root_cause, workaround: problem.workaround },
      { symptoms: heading('symptoms'), rootCause: heading('rootCause'), workaround: heading('workaround') },
    );
    const at = context.clock.now().toISOString();
    const articleId = await createArticleIn(trx, actor, { visibility: 'internal', texts: { [language]: text } }, at);
    await linkArticleToProblem(trx, { article_id: articleId, problem_id: problemId, linked_by: actor.userId, linked_at: at });
    await recordArticleLink(trx, actor, { articleId, problemId, articleTitle: text.title, linked: true, at, written: true });
    return articleId;
  });
}
