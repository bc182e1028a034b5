import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ARTICLE_LANGUAGES, type ArticleLanguage } from '../../domain/articles/language.js';
import { giveArticleFeedback } from '../../services/articles/give-feedback.js';
import { setArticleCaseLink } from '../../services/articles/link-article.js';
import { setArticleProblemLink } from '../../services/articles/link-problem.js';
import { suggestArticles } from '../../services/search/search-knowledge.js';
import { setArticlePublished } from '../../services/articles/publish-article.js';
import { articlesOfCase, getArticle, getArticleVersions, listArticlesFor } from '../../services/articles/view-articles.js';
import { createArticle, editArticle } from '../../services/articles/write-article.js';
import type { ServiceContext } from '../../services/context.js';
import { articleVersionView, articleView, presentArticle, presentArticleVersion } from '../presenters/articles.js';
import { foundArticleView, presentFoundArticle } from '../presenters/search.js';
import { linkRoutes } from './link-routes.js';
import { commonErrors, idParams, pageOf, pageQuery } from '../schemas/common.js';

const text = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(300),
  body: z.string().max(100_000),
});
const texts = z.object({ en: text.optional(), 'zh-CN': text.optional() });
const visibility = z.enum(['internal', 'customer']);
const tagList = z.array(z.string().trim().min(1, 'must not be empty').max(50)).max(30);
const category = z.string().trim().max(100).nullable().optional();
const readerQuery = z.object({ lang: z.enum(ARTICLE_LANGUAGES).optional() });

/** The language an article is read in: asked for with `?lang=`, else the reader's. */
export const readerLanguage = (request: FastifyRequest, lang?: ArticleLanguage): ArticleLanguage =>
  lang ?? (request.language === 'zh-CN' ? 'zh-CN' : 'en');

export function articleRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['articles'];
  const show = async (request: FastifyRequest, id: string, lang?: ArticleLanguage) =>
    presentArticle(await getArticle(context, request.actor!, id, readerLanguage(request, lang)));

  api.get(
    '/api/v1/articles',
    {
      config: { access: 'articles.read' },
      schema: {
        tags,
        description:
          'Knowledge-base articles, newest first, each in the reader’s language else the other. A customer sees published customer-visible articles only.',
        querystring: pageQuery.merge(readerQuery).extend({
          category: z.string().trim().max(100).optional(),
          tag: z.string().trim().max(50).optional(),
          visibility: visibility.optional(),
          status: z.enum(['draft', 'published']).optional(),
          title: z.string().trim().max(300).optional(),
        }),
        response: { 200: pageOf(articleView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listArticlesFor(context, request.actor!, request.query, readerLanguage(request, request.query.lang));
      return { nextCursor: page.nextCursor, items: page.items.map(presentArticle) };
    },
  );

  api.post(
    '/api/v1/articles',
    {
      config: { access: 'articles.write' },
      schema: {
        tags,
        description: 'Writes a new article as a draft, in English, Chinese or both (Markdown).',
        body: z.object({ category, tags: tagList.optional(), visibility: visibility.default('internal'), texts }),
        response: { 201: articleView, ...commonErrors },
      },
    },
    async (request, reply) => {
      const id = await createArticle(context, request.actor!, request.body);
      return reply.code(201).send(await show(request, id));
    },
  );

  api.get(
    '/api/v1/articles/suggestions',
    {
      config: { access: 'articles.read' },
      schema: {
        tags,
        description:
          'Published customer-visible articles that may answer a case being written (the portal’s new-case form): any word of `text` is enough, articles holding more of them first; at most 5.',
        querystring: readerQuery.extend({ text: z.string().trim().min(1, 'must not be empty').max(20_000) }),
        response: { 200: z.array(foundArticleView), ...commonErrors },
      },
    },
    async (request) =>
      (await suggestArticles(context, request.actor!, request.query.text, readerLanguage(request, request.query.lang))).map(
        presentFoundArticle,
      ),
  );

  api.get(
    '/api/v1/articles/:id',
    {
      config: { access: 'articles.read' },
      schema: { tags, params: idParams, querystring: readerQuery, response: { 200: articleView, ...commonErrors } },
    },
    async (request) => show(request, request.params.id, request.query.lang),
  );

  api.patch(
    '/api/v1/articles/:id',
    {
      config: { access: 'articles.write' },
      schema: {
        tags,
        description: 'Saves an article: each language in `texts` gets a new version; the older ones stay readable.',
        params: idParams,
        body: z.object({ category, tags: tagList.optional(), visibility: visibility.optional(), texts: texts.optional() }),
        response: { 200: articleView, ...commonErrors },
      },
    },
    async (request) => {
      await editArticle(context, request.actor!, request.params.id, request.body);
      return show(request, request.params.id);
    },
  );

  api.get(
    '/api/v1/articles/:id/versions',
    {
      config: { access: 'articles.read' },
      schema: {
        tags,
        description: 'Every saved version, each language newest first.',
        params: idParams,
        response: { 200: z.array(articleVersionView), ...commonErrors },
      },
    },
    async (request) => (await getArticleVersions(context, request.actor!, request.params.id)).map(presentArticleVersion),
  );

  for (const [action, published] of [
    ['publish', true],
    ['unpublish', false],
  ] as const) {
    api.post(
      `/api/v1/articles/:id/${action}`,
      {
        config: { access: 'articles.write' },
        schema: {
          tags,
          description: published ? 'Publishes the article.' : 'Takes the article back to draft.',
          params: idParams,
          response: { 200: articleView, ...commonErrors },
        },
      },
      async (request) => {
        await setArticlePublished(context, request.actor!, request.params.id, published);
        return show(request, request.params.id);
      },
    );
  }

  api.put(
    '/api/v1/articles/:id/feedback',
    {
      config: { access: 'articles.feedback' },
      schema: {
        tags,
        description: '“Was this helpful”: one answer per user, changeable.',
        params: idParams,
        body: z.object({ helpful: z.boolean() }),
        response: { 200: articleView, ...commonErrors },
      },
    },
    async (request) => {
      await giveArticleFeedback(context, request.actor!, request.params.id, request.body.helpful);
      return show(request, request.params.id);
    },
  );

  linkRoutes(app, {
    url: '/api/v1/articles/:id/cases/:caseId',
    other: 'caseId',
    access: 'articles.write',
    tags,
    describe: (linked) => (linked ? 'Links the article to a case.' : 'Unlinks the article from a case.'),
    view: articleView,
    change: async (request, { id, other }, linked) => {
      await setArticleCaseLink(context, request.actor!, id, other, linked);
      return show(request, id);
    },
  });

  linkRoutes(app, {
    url: '/api/v1/articles/:id/problems/:problemId',
    other: 'problemId',
    access: 'articles.write',
    tags,
    describe: (linked) =>
      linked
        ? 'Links the article to a problem (also `PUT /api/v1/problems/{id}/articles/{articleId}`); needs the right to change the problem too.'
        : 'Unlinks the article from a problem.',
    view: articleView,
    change: async (request, { id, other }, linked) => {
      await setArticleProblemLink(context, request.actor!, id, other, linked);
      return show(request, id);
    },
  });

  api.get(
    '/api/v1/cases/:id/articles',
    {
      config: { access: 'articles.read' },
      schema: {
        tags,
        description: 'The articles linked to a case that the caller may read.',
        params: idParams,
        querystring: readerQuery,
        response: { 200: z.array(articleView), ...commonErrors },
      },
    },
    async (request) =>
      (await articlesOfCase(context, request.actor!, request.params.id, readerLanguage(request, request.query.lang))).map(presentArticle),
  );
}
