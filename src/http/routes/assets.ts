import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { changeAsset, createAsset, getAsset, listAssetsPage, productHistory } from '../../services/delivered-systems/manage-assets.js';
import { assetView, presentAsset, presentProductHistory, productHistoryView } from '../presenters/delivered-systems.js';
import { commonErrors, idParams, idSchema, pageOf, pageQuery } from '../schemas/common.js';
import { productBody, serialSchema } from '../schemas/delivered-systems.js';
import { SETTABLE_ASSET_STATUSES } from '../../domain/entitlement/product-status.js';

const assetBody = productBody.extend({ organizationId: idSchema.optional(), projectId: idSchema.nullable().optional() });

export function assetRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/assets',
    {
      config: { access: 'assets.read' },
      schema: {
        tags: ['assets'],
        description: 'Products (configuration items); `serial` finds the one product with that serial number.',
        querystring: pageQuery.extend({
          serial: serialSchema.optional(),
          organizationId: idSchema.optional(),
          projectId: idSchema.optional(),
          vendorId: idSchema.optional(),
          text: z.string().max(200).optional(),
        }),
        response: { 200: pageOf(assetView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listAssetsPage(context, request.actor!, request.query);
      return { ...page, items: page.items.map((item) => presentAsset(request.actor!, item)) };
    },
  );

  api.post(
    '/api/v1/assets',
    {
      config: { access: 'assets.manage' },
      schema: {
        tags: ['assets'],
        description: 'A serial number already on record is a 409 naming the existing product (`existing`).',
        body: assetBody,
        response: { 201: assetView, ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(presentAsset(request.actor!, await createAsset(context, request.actor!, request.body))),
  );

  api.get(
    '/api/v1/assets/:id',
    { config: { access: 'assets.read' }, schema: { tags: ['assets'], params: idParams, response: { 200: assetView, ...commonErrors } } },
    async (request) => presentAsset(request.actor!, await getAsset(context, request.actor!, request.params.id)),
  );

  api.patch(
    '/api/v1/assets/:id',
    {
      config: { access: 'assets.manage' },
      schema: {
        tags: ['assets'],
        description:
          "Edits, moves (`site`, one of the customer's sites when it has any), retires or reactivates (`status`) a product; " +
          'an exchanged product cannot change its status (409).',
        params: idParams,
        body: productBody.extend({ projectId: idSchema.nullable(), status: z.enum(SETTABLE_ASSET_STATUSES) }).partial(),
        response: { 200: assetView, ...commonErrors },
      },
    },
    async (request) => presentAsset(request.actor!, await changeAsset(context, request.actor!, request.params.id, request.body)),
  );

  api.get(
    '/api/v1/assets/:id/history',
    {
      config: { access: 'assets.read' },
      schema: {
        tags: ['assets'],
        description: "The product's own changes (moves, retirement), every case that named it, and its exchanges.",
        params: idParams,
        response: { 200: productHistoryView, ...commonErrors },
      },
    },
    async (request) => presentProductHistory(request.actor!, await productHistory(context, request.actor!, request.params.id)),
  );
}
