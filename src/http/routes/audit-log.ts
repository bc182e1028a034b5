import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAuditLog, listAuditLogEntityTypes } from '../../services/audit/list-audit-log.js';
import type { ServiceContext } from '../../services/context.js';
import { auditLogCsv } from '../../services/exports/list-exports.js';
import { LIST_CSV_NOTE, sendCsv, wantsCsv } from '../csv-download.js';
import { auditEntryView } from '../presenters/audit-log.js';
import { commonErrors, idSchema, pageOf, pageQuery } from '../schemas/common.js';

const instant = z.iso.datetime({ offset: true, message: 'must be a date and time such as 2026-03-02T00:00:00Z' });

export function auditLogRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/audit-log',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        description:
          'The append-only record of every change: who, from which client address, when, what, before and after. Newest first.' +
          LIST_CSV_NOTE,
        querystring: pageQuery
          .extend({
            entityType: z.string().max(50).optional(),
            entityId: idSchema.optional(),
            actorUserId: idSchema.optional().describe('Only the changes this user made.'),
            from: instant.optional().describe('Changes at or after this instant.'),
            to: instant.optional().describe('Changes before this instant.'),
            q: z
              .string()
              .max(200)
              .optional()
              .describe('Text found in the action, the record, its before and after values or the client address.'),
          })
          .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
            message: 'must be after from',
            path: ['to'],
          }),
        produces: ['application/json', 'text/csv'],
        response: { 200: pageOf(auditEntryView), ...commonErrors },
      },
    },
    async (request, reply) =>
      wantsCsv(request)
        ? sendCsv(reply, await auditLogCsv(context, request.actor!, request.query, request.language))
        : listAuditLog(context, request.actor!, request.query),
  );

  api.get(
    '/api/v1/audit-log/entity-types',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        description: 'The kinds of record the log has entries for, to filter by.',
        response: { 200: z.object({ items: z.array(z.string()) }), ...commonErrors },
      },
    },
    async (request) => ({ items: await listAuditLogEntityTypes(context, request.actor!) }),
  );
}
