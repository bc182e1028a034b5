import { z } from 'zod';
import { ARTICLE_LANGUAGES, type ArticleLanguage } from '../../domain/articles/language.js';
import { PROBLEM_STATUSES, type ProblemStatus } from '../../domain/problems/problem-lifecycle.js';
import type { ArticleVersionRow } from '../../storage/repositories/articles.js';
import type { ArticleDetails } from '../../services/articles/view-articles.js';

const language = z.enum(ARTICLE_LANGUAGES);

export const articleVersionView = z.object({
  id: z.string(),
  language,
  version: z.number().int(),
  title: z.string(),
  body: z.string().describe('Markdown as written'),
  html: z.string().describe('The Markdown rendered and sanitised'),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const articleView = z.object({
  id: z.string(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  visibility: z.enum(['internal', 'customer']),
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
  language: language.nullable().describe('The language shown: the reader’s, else the other one'),
  shownInOtherLanguage: z.boolean(),
  title: z.string(),
  body: z.string(),
  html: z.string(),
  version: z.number().int().nullable(),
  languages: z.array(z.object({ language, title: z.string(), body: z.string(), version: z.number().int() })),
  feedback: z.object({ helpful: z.number().int(), notHelpful: z.number().int(), mine: z.boolean().nullable() }),
  linkedCaseIds: z.array(z.string()).optional(),
  linkedProblems: z
    .array(z.object({ id: z.string(), title: z.string(), status: z.enum(PROBLEM_STATUSES) }))
    .optional()
    .describe('The problems the article is linked to; for staff who read problems'),
  can: z.object({ edit: z.boolean(), publish: z.boolean(), link: z.boolean(), giveFeedback: z.boolean() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function presentArticle(details: ArticleDetails): z.infer<typeof articleView> {
  const { row, shown } = details;
  return {
    id: row.id,
    category: row.category,
    tags: details.tags,
    visibility: row.visibility as 'internal' | 'customer',
    status: row.status as 'draft' | 'published',
    publishedAt: row.published_at,
    language: (shown?.language as ArticleLanguage | undefined) ?? null,
    shownInOtherLanguage: shown?.fallback ?? false,
    title: shown?.title ?? '',
    body: shown?.body ?? '',
    html: shown?.html ?? '',
    version: shown ? Number(shown.version) : null,
    languages: details.current.map((version) => ({
      language: version.language as ArticleLanguage,
      title: version.title,
      body: version.body,
      version: Number(version.version),
    })),
    feedback: details.feedback,
    ...(details.linkedCaseIds ? { linkedCaseIds: details.linkedCaseIds } : {}),
    ...(details.linkedProblems
      ? { linkedProblems: details.linkedProblems.map((problem) => ({ ...problem, status: problem.status as ProblemStatus })) }
      : {}),
    can: details.can,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentArticleVersion(version: ArticleVersionRow & { html: string }): z.infer<typeof articleVersionView> {
  return {
    id: version.id,
    language: version.language as ArticleLanguage,
    version: Number(version.version),
    title: version.title,
    body: version.body,
    html: version.html,
    createdBy: version.created_by,
    createdAt: version.created_at,
  };
}
