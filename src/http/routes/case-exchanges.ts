import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { listApprovers } from '../../services/delivered-systems/approver.js';
import { getCaseEntitlement, reEvaluateCaseEntitlement } from '../../services/delivered-systems/case-entitlement.js';
import { listCaseCompensations, recordCompensation } from '../../services/delivered-systems/record-compensation.js';
import { listCaseExchanges, recordExchange } from '../../services/delivered-systems/record-exchange.js';
import {
  approverView,
  caseEntitlementView,
  compensationView,
  exchangeView,
  presentCaseEntitlement,
  presentCompensation,
  presentExchange,
} from '../presenters/delivered-systems.js';
import { commonErrors, idParams, idSchema, nameSchema, pageOf } from '../schemas/common.js';
import { serialSchema } from '../schemas/delivered-systems.js';

/** The delivered-systems side of a case: its entitlement, exchanges and compensations. */
export function caseExchangeRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/approvers',
    {
      config: { access: ['exchanges.record', 'compensations.record'] },
      schema: {
        tags: ['cases'],
        description: 'Who may be named as the approver of an exchange or a compensation (active managers and admins).',
        response: { 200: z.object({ items: z.array(approverView) }), ...commonErrors },
      },
    },
    async () => ({ items: await listApprovers(context) }),
  );

  api.get(
    '/api/v1/cases/:id/entitlement',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['cases'],
        description: 'The billing class decided at intake (or at the last re-evaluation).',
        params: idParams,
        response: { 200: caseEntitlementView, ...commonErrors },
      },
    },
    async (request) => presentCaseEntitlement(await getCaseEntitlement(context, request.actor!, request.params.id)),
  );

  api.post(
    '/api/v1/cases/:id/entitlement/re-evaluate',
    {
      config: { access: 'entitlements.re-evaluate' },
      schema: {
        tags: ['cases'],
        description:
          "Decides the case's entitlement again from today's guarantees and contracts (optionally naming more products); on the timeline.",
        params: idParams,
        body: z.object({ serialNumbers: z.array(serialSchema).max(100).optional(), note: z.string().max(2000).nullable().optional() }),
        response: { 200: caseEntitlementView, ...commonErrors },
      },
    },
    async (request) => presentCaseEntitlement(await reEvaluateCaseEntitlement(context, request.actor!, request.params.id, request.body)),
  );

  api.get(
    '/api/v1/cases/:id/exchanges',
    {
      config: { access: 'cases.read' },
      schema: { tags: ['cases'], params: idParams, response: { 200: pageOf(exchangeView), ...commonErrors } },
    },
    async (request) => ({
      items: (await listCaseExchanges(context, request.actor!, request.params.id)).map(presentExchange),
      nextCursor: null,
    }),
  );

  api.post(
    '/api/v1/cases/:id/exchanges',
    {
      config: { access: 'exchanges.record' },
      schema: {
        tags: ['cases'],
        description:
          'A free exchange: the old product is kept (marked exchanged) and the new one takes its place in the configuration record.',
        params: idParams,
        body: z.object({
          oldSerialNumber: serialSchema,
          newSerialNumber: serialSchema,
          newModel: nameSchema.optional(),
          newVendorId: idSchema.optional(),
          newSoftwareVersion: z.string().trim().max(100).nullable().optional(),
          reason: z.string().trim().min(1, 'must not be empty').max(2000),
          approvedByUserId: idSchema,
        }),
        response: { 201: exchangeView, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentExchange(await recordExchange(context, request.actor!, request.params.id, request.body))),
  );

  api.get(
    '/api/v1/cases/:id/compensations',
    {
      config: { access: 'cases.read' },
      schema: { tags: ['cases'], params: idParams, response: { 200: pageOf(compensationView), ...commonErrors } },
    },
    async (request) => ({
      items: (await listCaseCompensations(context, request.actor!, request.params.id)).map(presentCompensation),
      nextCursor: null,
    }),
  );

  api.post(
    '/api/v1/cases/:id/compensations',
    {
      config: { access: 'compensations.record' },
      schema: {
        tags: ['cases'],
        params: idParams,
        body: z.object({
          description: z.string().trim().min(1, 'must not be empty').max(2000),
          amountMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
          currency: z
            .string()
            .regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code such as CNY')
            .nullable()
            .optional(),
          contractId: idSchema.nullable().optional(),
          approvedByUserId: idSchema,
        }),
        response: { 201: compensationView, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentCompensation(await recordCompensation(context, request.actor!, request.params.id, request.body))),
  );
}
