import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import {
  changeVendor,
  createVendor,
  getVendor,
  listVendorsPage,
  setVendorRetired,
} from '../../services/delivered-systems/manage-vendors.js';
import { vendorsCsv } from '../../services/exports/list-exports.js';
import { LIST_CSV_NOTE, sendCsv, wantsCsv } from '../csv-download.js';
import { presentVendor, vendorView } from '../presenters/delivered-systems.js';
import {
  commonErrors,
  emailSchema,
  httpUrlSchema,
  idParams,
  includeRetiredQuery,
  nameSchema,
  pageOf,
  pageQuery,
  phoneSchema,
} from '../schemas/common.js';

const supportCenterBody = z.object({
  name: nameSchema,
  phone: phoneSchema.nullable().optional(),
  email: emailSchema.nullable().optional(),
  url: httpUrlSchema.nullable().optional(),
  contractNumber: z.string().trim().max(100).nullable().optional(),
});

const vendorBody = z.object({ name: nameSchema, supportCenter: supportCenterBody });

export function vendorRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/vendors',
    {
      config: { access: 'vendors.read' },
      schema: {
        tags: ['vendors'],
        description: 'The vendors with their support centers.' + LIST_CSV_NOTE,
        querystring: pageQuery.extend({
          text: z.string().max(200).optional(),
          includeRetired: includeRetiredQuery,
        }),
        produces: ['application/json', 'text/csv'],
        response: { 200: pageOf(vendorView), ...commonErrors },
      },
    },
    async (request, reply) => {
      if (wantsCsv(request)) return sendCsv(reply, await vendorsCsv(context, request.actor!, request.query, request.language));
      const page = await listVendorsPage(context, request.actor!, request.query);
      return { ...page, items: page.items.map((item) => presentVendor(request.actor!, item)) };
    },
  );

  api.post(
    '/api/v1/vendors',
    {
      config: { access: 'vendors.manage' },
      schema: { tags: ['vendors'], body: vendorBody, response: { 201: vendorView, ...commonErrors } },
    },
    async (request, reply) =>
      reply.code(201).send(presentVendor(request.actor!, await createVendor(context, request.actor!, request.body))),
  );

  api.get(
    '/api/v1/vendors/:id',
    { config: { access: 'vendors.read' }, schema: { tags: ['vendors'], params: idParams, response: { 200: vendorView, ...commonErrors } } },
    async (request) => presentVendor(request.actor!, await getVendor(context, request.actor!, request.params.id)),
  );

  api.patch(
    '/api/v1/vendors/:id',
    {
      config: { access: 'vendors.manage' },
      schema: { tags: ['vendors'], params: idParams, body: vendorBody.partial(), response: { 200: vendorView, ...commonErrors } },
    },
    async (request) => presentVendor(request.actor!, await changeVendor(context, request.actor!, request.params.id, request.body)),
  );

  for (const [path, retired, description] of [
    [
      '/api/v1/vendors/:id/retire',
      true,
      'Retires the vendor: it stays on its products but is not offered for new ones or new vendor escalations.',
    ],
    ['/api/v1/vendors/:id/reactivate', false, 'Brings a retired vendor back into use.'],
  ] as const) {
    api.post(
      path,
      {
        config: { access: 'vendors.manage' },
        schema: { tags: ['vendors'], description, params: idParams, response: { 200: vendorView, ...commonErrors } },
      },
      async (request) => presentVendor(request.actor!, await setVendorRetired(context, request.actor!, request.params.id, retired)),
    );
  }
}
