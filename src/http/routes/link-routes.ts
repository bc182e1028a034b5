import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteAccess } from '../plugins/request-context.js';
import { commonErrors, idSchema } from '../schemas/common.js';

/**
 * `PUT url` links a record (`:id`) to another (`:<other>`), `DELETE url` unlinks them; both answer the record as
 * `view`. One pair of routes per kind of link, shaped the same everywhere.
 */
export function linkRoutes(
  app: FastifyInstance,
  route: {
    url: string;
    other: string;
    access: RouteAccess;
    tags: string[];
    describe: (linked: boolean) => string;
    /** The answer's schema; `change` answers what it describes. */
    view: z.ZodType;
    change: (request: FastifyRequest, ids: { id: string; other: string }, linked: boolean) => Promise<unknown>;
  },
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: idSchema, [route.other]: idSchema });
  for (const [method, linked] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    api.route({
      method,
      url: route.url,
      config: { access: route.access },
      schema: { tags: route.tags, description: route.describe(linked), params, response: { 200: route.view, ...commonErrors } },
      handler: async (request) => {
        const given = request.params as Record<string, string>;
        return route.change(request, { id: given.id!, other: given[route.other]! }, linked);
      },
    });
  }
}
