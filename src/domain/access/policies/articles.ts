import { can, type Actor } from '../permissions.js';

/** What the policy needs of a knowledge-base article: who may see it and whether it is out. */
export interface ArticleRecord {
  visibility: 'internal' | 'customer';
  status: 'draft' | 'published';
}

/** Staff read every article, drafts included; a customer only published customer-visible ones (others do not exist for them). */
export function mayReadArticle(actor: Actor, record: ArticleRecord): boolean {
  if (!can(actor, 'articles.read')) return false;
  if (can(actor, 'articles.read-all')) return true;
  return record.visibility === 'customer' && record.status === 'published';
}

/** Which articles a list shows this actor: all, or only published customer-visible ones. */
export function articleListScope(actor: Actor): { customerVisibleOnly: boolean } | null {
  if (!can(actor, 'articles.read')) return null;
  return { customerVisibleOnly: !can(actor, 'articles.read-all') };
}

/** Writing, editing, publishing and unpublishing articles: experts, managers and admins. */
export function mayWriteArticles(actor: Actor): boolean {
  return can(actor, 'articles.write');
}

/** Linking an article to a case and unlinking it: whoever writes articles and may read the article. */
export function mayLinkArticle(actor: Actor, record: ArticleRecord): boolean {
  return mayWriteArticles(actor) && mayReadArticle(actor, record);
}

/** "Was this helpful": anybody who may read the article. */
export function mayGiveArticleFeedback(actor: Actor, record: ArticleRecord): boolean {
  return can(actor, 'articles.feedback') && mayReadArticle(actor, record);
}

/** Which cases an article is linked to: staff (a customer would learn other organisations' case ids). */
export function maySeeArticleCaseLinks(actor: Actor): boolean {
  return can(actor, 'articles.read-all');
}
