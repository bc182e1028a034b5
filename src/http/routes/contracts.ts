import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTRACT_SERVICES } from '../../domain/entitlement/entitlement.js';
import type { ServiceContext } from '../../services/context.js';
import {
  cancelContract,
  changeContract,
  createContract,
  getContract,
  listContractsPage,
  reactivateContract,
} from '../../services/delivered-systems/manage-contracts.js';
import { contractView, presentContract } from '../presenters/delivered-systems.js';
import { commonErrors, idParams, idSchema, includeRetiredQuery, pageOf, pageQuery } from '../schemas/common.js';
import { dateSchema, serialSchema } from '../schemas/delivered-systems.js';

const contractBody = z.object({
  organizationId: idSchema,
  number: z.string().trim().min(1, 'must not be empty').max(100),
  startsAt: dateSchema,
  endsAt: dateSchema,
  services: z.array(z.enum(CONTRACT_SERVICES)).max(CONTRACT_SERVICES.length * 2),
  projectIds: z.array(idSchema).max(1000).optional(),
  assetSerials: z.array(serialSchema).max(10_000).optional(),
  policyId: idSchema.nullable().optional(),
  defaultDepartmentId: idSchema.nullable().optional(),
  notes: z.string().max(5000).nullable().optional(),
});

export function contractRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/contracts',
    {
      config: { access: 'contracts.read' },
      schema: {
        tags: ['contracts'],
        description:
          'endsFrom and endsBy keep the contracts that end within those days (both included); endingSoon=true keeps those ending from the company’s today to the end of the renewal window: the list of contracts to renew. Each contract says whether it is in force and ends soon on the company’s today.',
        querystring: pageQuery.extend({
          organizationId: idSchema.optional(),
          activeOn: dateSchema.optional(),
          endsFrom: dateSchema.optional().describe('Only contracts ending on or after this day'),
          endsBy: dateSchema.optional().describe('Only contracts ending on or before this day'),
          endingSoon: z
            .enum(['true', 'false'])
            .transform((value) => value === 'true')
            .optional()
            .describe('Only contracts ending today or within the renewal window (60 days), on the company’s calendar day'),
          includeRetired: includeRetiredQuery.describe('Also contracts ended early or cancelled (never among those ending soon)'),
        }),
        response: { 200: pageOf(contractView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listContractsPage(context, request.actor!, request.query);
      return { ...page, items: page.items.map((item) => presentContract(request.actor!, item)) };
    },
  );

  api.post(
    '/api/v1/contracts',
    {
      config: { access: 'contracts.manage' },
      schema: {
        tags: ['contracts'],
        description: 'A contract naming neither projects nor products covers everything the organisation has.',
        body: contractBody,
        response: { 201: contractView, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentContract(request.actor!, await createContract(context, request.actor!, request.body))),
  );

  api.get(
    '/api/v1/contracts/:id',
    {
      config: { access: 'contracts.read' },
      schema: { tags: ['contracts'], params: idParams, response: { 200: contractView, ...commonErrors } },
    },
    async (request) => presentContract(request.actor!, await getContract(context, request.actor!, request.params.id)),
  );

  api.patch(
    '/api/v1/contracts/:id',
    {
      config: { access: 'contracts.manage' },
      schema: {
        tags: ['contracts'],
        description: 'Open cases keep the entitlement decided at intake until staff re-evaluate it.',
        params: idParams,
        body: contractBody.omit({ organizationId: true }).partial(),
        response: { 200: contractView, ...commonErrors },
      },
    },
    async (request) => presentContract(request.actor!, await changeContract(context, request.actor!, request.params.id, request.body)),
  );

  api.post(
    '/api/v1/contracts/:id/cancel',
    {
      config: { access: 'contracts.manage' },
      schema: {
        tags: ['contracts'],
        description:
          'Ends the contract early or cancels it: from endsOn (the company’s today if not named) it no longer covers; new cases are decided without it. Open cases keep their entitlement until re-evaluated.',
        params: idParams,
        body: z.object({
          endsOn: dateSchema.optional().describe('The first day the contract no longer covers'),
          reason: z.string().trim().min(1, 'must not be empty').max(1000),
        }),
        response: { 200: contractView, ...commonErrors },
      },
    },
    async (request) => presentContract(request.actor!, await cancelContract(context, request.actor!, request.params.id, request.body)),
  );

  api.post(
    '/api/v1/contracts/:id/reactivate',
    {
      config: { access: 'contracts.manage' },
      schema: {
        tags: ['contracts'],
        description: 'Undoes a cancellation made by mistake, while the contract’s agreed period still runs.',
        params: idParams,
        response: { 200: contractView, ...commonErrors },
      },
    },
    async (request) => presentContract(request.actor!, await reactivateContract(context, request.actor!, request.params.id)),
  );
}
