import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import {
  addContact,
  addSite,
  changeOrganization,
  createOrganization,
  getOrganization,
  listOrganizationContacts,
  listOrganizationSites,
  listOrganizationsPage,
} from '../../services/organizations/manage-organizations.js';
import { contactView, organizationView, presentContact, presentOrganization, presentSite, siteView } from '../presenters/people.js';
import {
  commonErrors,
  countrySchema,
  emailSchema,
  idParams,
  idSchema,
  languageSchema,
  nameSchema,
  optionalText,
  pageOf,
  pageQuery,
  phoneSchema,
} from '../schemas/common.js';

const organizationBody = z.object({
  name: nameSchema,
  code: z.string().trim().max(50).nullable().optional(),
  notes: optionalText(5000),
  country: countrySchema.optional().describe('ISO 3166 alpha-2; where phone numbers written without a country code are read'),
  defaultDepartmentId: idSchema.nullable().optional(),
});

export function organizationRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/organizations',
    {
      config: { access: 'organizations.read' },
      schema: {
        tags: ['organizations'],
        querystring: pageQuery.extend({ text: z.string().max(200).optional() }),
        response: { 200: pageOf(organizationView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listOrganizationsPage(context, request.actor!, request.query);
      return { ...page, items: page.items.map(presentOrganization) };
    },
  );

  api.post(
    '/api/v1/organizations',
    {
      config: { access: 'organizations.manage' },
      schema: { tags: ['organizations'], body: organizationBody, response: { 201: organizationView, ...commonErrors } },
    },
    async (request, reply) => reply.code(201).send(presentOrganization(await createOrganization(context, request.actor!, request.body))),
  );

  api.get(
    '/api/v1/organizations/:id',
    {
      config: { access: 'organizations.read' },
      schema: { tags: ['organizations'], params: idParams, response: { 200: organizationView, ...commonErrors } },
    },
    async (request) => presentOrganization(await getOrganization(context, request.actor!, request.params.id)),
  );

  api.patch(
    '/api/v1/organizations/:id',
    {
      config: { access: 'organizations.manage' },
      schema: {
        tags: ['organizations'],
        params: idParams,
        body: organizationBody.partial(),
        response: { 200: organizationView, ...commonErrors },
      },
    },
    async (request) => presentOrganization(await changeOrganization(context, request.actor!, request.params.id, request.body)),
  );

  api.get(
    '/api/v1/organizations/:id/sites',
    {
      config: { access: 'organizations.read' },
      schema: { tags: ['organizations'], params: idParams, response: { 200: pageOf(siteView), ...commonErrors } },
    },
    async (request) => ({
      items: (await listOrganizationSites(context, request.actor!, request.params.id)).map(presentSite),
      nextCursor: null,
    }),
  );

  api.post(
    '/api/v1/organizations/:id/sites',
    {
      config: { access: 'organizations.manage' },
      schema: {
        tags: ['organizations'],
        params: idParams,
        body: z.object({ name: nameSchema, address: optionalText(500) }),
        response: { 201: siteView, ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(presentSite(await addSite(context, request.actor!, request.params.id, request.body))),
  );

  api.get(
    '/api/v1/organizations/:id/contacts',
    {
      config: { access: 'organizations.read' },
      schema: { tags: ['organizations'], params: idParams, response: { 200: pageOf(contactView), ...commonErrors } },
    },
    async (request) => ({
      items: (await listOrganizationContacts(context, request.actor!, request.params.id)).map(presentContact),
      nextCursor: null,
    }),
  );

  api.post(
    '/api/v1/organizations/:id/contacts',
    {
      config: { access: 'organizations.manage' },
      schema: {
        tags: ['organizations'],
        params: idParams,
        body: z.object({
          name: nameSchema,
          email: emailSchema.nullable().optional(),
          phone: phoneSchema
            .nullable()
            .optional()
            .describe("Stored in E.164; without a country code it is read in the organisation's country"),
          siteId: idSchema.nullable().optional(),
          language: languageSchema.optional(),
        }),
        response: { 201: contactView, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentContact(await addContact(context, request.actor!, request.params.id, request.body))),
  );
}
