import type { Language } from '../access/roles.js';

/** The languages an article may be written in. */
export const ARTICLE_LANGUAGES = ['en', 'zh-CN'] as const satisfies readonly Language[];
export type ArticleLanguage = (typeof ARTICLE_LANGUAGES)[number];

/**
 * Which version a reader gets: the one in their language, else the other one; `null` when the article has neither.
 * `fallback` says the reader is shown a language they did not ask for (the web app notes it).
 */
export function pickArticleLanguage(
  wanted: ArticleLanguage,
  available: readonly ArticleLanguage[],
): { language: ArticleLanguage; fallback: boolean } | null {
  if (available.includes(wanted)) return { language: wanted, fallback: false };
  const other = ARTICLE_LANGUAGES.find((language) => language !== wanted && available.includes(language));
  return other ? { language: other, fallback: true } : null;
}
