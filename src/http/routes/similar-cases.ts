import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { DEFAULT_SIMILAR_LIMIT, findSimilarCases } from '../../services/cases/find-similar-cases.js';
import { presentSimilarCases, similarCasesView } from '../presenters/similar-cases.js';
import { commonErrors, idParams, idSchema } from '../schemas/common.js';
import { serialSchema } from '../schemas/delivered-systems.js';
import { listOf } from './cases.js';

const MAX_SIMILAR = 25;
const limit = z.coerce.number().int().min(1).max(MAX_SIMILAR).default(DEFAULT_SIMILAR_LIMIT);

const draftQuery = z.object({
  organizationId: idSchema.optional().describe("The customer; a customer's own organisation when left out"),
  serial: listOf(serialSchema).pipe(z.array(z.string()).max(20)).optional().describe('Serial numbers, separated by commas'),
  productId: listOf(idSchema).pipe(z.array(z.string()).max(20)).optional().describe('Products of the customer, by id, separated by commas'),
  site: z.string().trim().min(1, 'must not be empty').max(200).optional().describe('A site of the customer, as its products name it'),
  title: z.string().max(300).optional(),
  description: z.string().max(2000).optional().describe('Compared only when there is no title'),
  limit,
});

const description =
  'Earlier cases like this one: the same serial number (any customer the caller may see; a customer sees only their own organisation), ' +
  'another product of the same model at the same customer, a title or description with the same words, another product at the same ' +
  "customer's site. Each names its reasons, whether it is open and how it was resolved. Open cases first, then the stronger reasons, then the newest.";

export function similarCaseRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cases'];

  api.get(
    '/api/v1/cases/similar',
    {
      config: { access: 'cases.read' },
      schema: {
        tags,
        description: `${description} For a case being typed (hotline intake, the portal's new-case form), before it is saved.`,
        querystring: draftQuery,
        response: { 200: similarCasesView, ...commonErrors },
      },
    },
    async (request) => {
      const { serial, productId, limit: most, ...draft } = request.query;
      return presentSimilarCases(
        await findSimilarCases(context, request.actor!, { draft: { ...draft, serialNumbers: serial, productIds: productId } }, most),
      );
    },
  );

  api.get(
    '/api/v1/cases/:id/similar',
    {
      config: { access: 'cases.read' },
      schema: {
        tags,
        description: `${description} For a case on record (never itself).`,
        params: idParams,
        querystring: z.object({ limit }),
        response: { 200: similarCasesView, ...commonErrors },
      },
    },
    async (request) =>
      presentSimilarCases(await findSimilarCases(context, request.actor!, { caseId: request.params.id }, request.query.limit)),
  );
}
