import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { search, SEARCH_KINDS } from '../../services/search/search.js';
import { presentSearchResults, searchResultsView } from '../presenters/search.js';
import { commonErrors } from '../schemas/common.js';

const MAX_RESULTS = 50;

const searchQuery = z.object({
  q: z.string().trim().min(1, 'must not be empty').max(200).describe('words to find; every word must be found, `"…"` keeps words together'),
  status: z.enum(['open', 'closed', 'all']).default('all').describe('narrows the cases'),
  kind: z.enum(SEARCH_KINDS).optional().describe('search only this group; without it every group the caller may search'),
  limit: z.coerce.number().int().min(1).max(MAX_RESULTS).default(20).describe('per group'),
  offset: z.coerce.number().int().min(0).max(1000).default(0),
});

export function searchRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/search',
    {
      config: { access: 'cases.read' },
      schema: { tags: ['search'], querystring: searchQuery, response: { 200: searchResultsView, ...commonErrors } },
    },
    async (request) => {
      const { kind, ...query } = request.query;
      const language = request.language === 'zh-CN' ? 'zh-CN' : 'en';
      return presentSearchResults(await search(context, request.actor!, { ...query, kinds: kind ? [kind] : undefined }, language));
    },
  );
}
