import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAuditLog } from '../../services/audit/list-audit-log.js';
import type { ServiceContext } from '../../services/context.js';
import { commonErrors, idSchema, pageOf, pageQuery } from '../schemas/common.js';

const auditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export function auditLogRoutes(app: FastifyInstance, context: ServiceContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit-log',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        description: 'The append-only record of every change: who, when, what, before and after. Newest first.',
        querystring: pageQuery.extend({ entityType: z.string().max(50).optional(), entityId: idSchema.optional() }),
        response: { 200: pageOf(auditEntryView), ...commonErrors },
      },
    },
    async (request) => listAuditLog(context, request.actor!, request.query),
  );
}
