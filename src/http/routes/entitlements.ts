import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { invalid } from '../../services/errors.js';
import {
  entitlementForOrganization,
  entitlementForSerial,
  entitlementsOfProducts,
} from '../../services/delivered-systems/look-up-entitlement.js';
import {
  organizationEntitlementView,
  organizationProductsView,
  presentOrganizationProduct,
  presentOrganizationEntitlement,
  presentProductEntitlement,
  productEntitlementView,
} from '../presenters/delivered-systems.js';
import { commonErrors, idSchema } from '../schemas/common.js';
import { dateSchema, serialSchema } from '../schemas/delivered-systems.js';

export function entitlementRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/entitlements',
    {
      config: { access: 'entitlements.read' },
      schema: {
        tags: ['entitlements'],
        description:
          "Who pays: `?serial=` gives the product's billing (guarantee, contract or chargeable) with the dates that decide it (404 for an " +
          "unknown serial); `?organizationId=` gives the organisation's contracts in force and projects in guarantee. `on` asks about another day.",
        querystring: z.object({ serial: serialSchema.optional(), organizationId: idSchema.optional(), on: dateSchema.optional() }),
        response: { 200: z.union([productEntitlementView, organizationEntitlementView]), ...commonErrors },
      },
    },
    async (request) => {
      const { serial, organizationId, on } = request.query;
      if (serial) return presentProductEntitlement(await entitlementForSerial(context, request.actor!, serial, on));
      if (organizationId)
        return presentOrganizationEntitlement(await entitlementForOrganization(context, request.actor!, organizationId, on));
      throw invalid('errors.serialOrOrganization', 'serial');
    },
  );

  api.get(
    '/api/v1/entitlements/products',
    {
      config: { access: 'entitlements.read' },
      schema: {
        tags: ['entitlements'],
        description:
          "An organisation's products with each one's billing today (guarantee, contract or chargeable), site and status: in " +
          'service first, by site, model and serial number; at most 200 (`truncated` says there are more). `on` asks about another day.',
        querystring: z.object({ organizationId: idSchema, on: dateSchema.optional() }),
        response: { 200: organizationProductsView, ...commonErrors },
      },
    },
    async (request) => {
      const { organizationId, on } = request.query;
      const answer = await entitlementsOfProducts(context, request.actor!, organizationId, { on });
      return { items: answer.items.map(presentOrganizationProduct), truncated: answer.truncated };
    },
  );
}
