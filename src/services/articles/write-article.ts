import type { Actor } from '../../domain/access/permissions.js';
import { mayWriteArticles } from '../../domain/access/policies/articles.js';
import { ARTICLE_LANGUAGES, type ArticleLanguage } from '../../domain/articles/language.js';
import type { Executor } from '../../storage/db.js';
import {
  insertArticle,
  insertArticleVersion,
  lastVersionNumber,
  replaceArticleTags,
  updateArticle,
} from '../../storage/repositories/articles.js';
import { recordChangeBy } from '../audit.js';
import { newId, type ServiceContext } from '../context.js';
import { forbidden, invalid } from '../errors.js';
import { loadArticleFor } from './article-access.js';

export type ArticleTexts = Partial<Record<ArticleLanguage, { title: string; body: string }>>;

export interface WriteArticleInput {
  category?: string | null | undefined;
  tags?: string[] | undefined;
  visibility?: 'internal' | 'customer' | undefined;
  /** The languages saved now: each gets a new version. */
  texts?: ArticleTexts | undefined;
}

const normalTags = (tags: string[]) => [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))];

async function saveTexts(trx: Executor, articleId: string, actor: Actor, texts: ArticleTexts, at: string): Promise<void> {
  for (const language of ARTICLE_LANGUAGES) {
    const text = texts[language];
    if (!text) continue;
    await insertArticleVersion(trx, {
      id: newId(),
      article_id: articleId,
      language,
      version: (await lastVersionNumber(trx, articleId, language)) + 1,
      title: text.title.trim(),
      body: text.body,
      created_by: actor.userId,
      created_at: at,
    });
  }
}

/** Writes a new article as a draft, in one language or both. */
export async function createArticle(context: ServiceContext, actor: Actor, input: WriteArticleInput): Promise<string> {
  if (!mayWriteArticles(actor)) throw forbidden();
  if (!input.texts || !ARTICLE_LANGUAGES.some((language) => input.texts?.[language])) throw invalid('errors.articleNeedsText', 'texts');
  return context.storage.transaction((trx) => createArticleIn(trx, actor, input, context.clock.now().toISOString()));
}

/** Writes a new draft article in the caller's transaction (which has checked the actor may write articles). */
export async function createArticleIn(trx: Executor, actor: Actor, input: WriteArticleInput, at: string): Promise<string> {
  const id = newId();
  await insertArticle(trx, {
    id,
    category: input.category?.trim() || null,
    visibility: input.visibility ?? 'internal',
    status: 'draft',
    published_at: null,
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
  });
  await replaceArticleTags(trx, id, normalTags(input.tags ?? []));
  await saveTexts(trx, id, actor, input.texts ?? {}, at);
  await recordChangeBy(trx, actor, at, 'article.create', ['article', id], { after: input });
  return id;
}

/** Saves an article: changed category, tags or visibility, and a new version of each language sent. */
export async function editArticle(context: ServiceContext, actor: Actor, id: string, input: WriteArticleInput): Promise<void> {
  await context.storage.transaction(async (trx) => {
    const row = await loadArticleFor(trx, actor, id, (subject) => mayWriteArticles(subject), { forUpdate: true });
    const at = context.clock.now().toISOString();
    await updateArticle(trx, id, {
      ...(input.category !== undefined ? { category: input.category?.trim() || null } : {}),
      ...(input.visibility ? { visibility: input.visibility } : {}),
      updated_at: at,
    });
    if (input.tags) await replaceArticleTags(trx, id, normalTags(input.tags));
    await saveTexts(trx, id, actor, input.texts ?? {}, at);
    await recordChangeBy(trx, actor, at, 'article.edit', ['article', id], {
      before: { category: row.category, visibility: row.visibility },
      after: input,
    });
  });
}
