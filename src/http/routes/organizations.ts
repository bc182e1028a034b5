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
import { changeSite } from '../../services/organizations/change-site.js';
import { changeContact } from '../../services/organizations/change-contact.js';
import { setContactRetired, setOrganizationRetired, setSiteRetired } from '../../services/organizations/retire-records.js';
import { RETIRED_FILTERS } from '../../domain/contacts/retirement.js';
import { sitesCsv } from '../../services/exports/list-exports.js';
import { LIST_CSV_NOTE, sendCsv, wantsCsv } from '../csv-download.js';
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

const siteBody = z.object({
  name: nameSchema,
  address: optionalText(500),
  accessNotes: optionalText(2000).describe('How to get in: gate, badge, who lets the engineer in, parking'),
  hours: optionalText(500).describe('The site\'s own opening hours, e.g. "Mon–Fri 08:30–17:30"'),
});

/** A contact as it is added; changing one takes the same fields, each optional. */
const contactBody = z.object({
  name: nameSchema,
  roleAtCustomer: z
    .string()
    .trim()
    .max(100)
    .nullable()
    .optional()
    .describe('What the contact is at the customer, e.g. "Network administrator"; empty is not known'),
  email: emailSchema
    .nullable()
    .optional()
    .describe('One contact per address within a customer (letter case aside): another contact with it is a 409 at this field'),
  phone: phoneSchema.nullable().optional().describe("Stored in E.164; without a country code it is read in the organisation's country"),
  secondPhone: phoneSchema.nullable().optional().describe('Another number (mobile, desk), read and stored like phone'),
  siteId: idSchema.nullable().optional(),
  language: languageSchema.optional(),
});

const retiredQuery = (byDefault: string) =>
  z.object({
    retired: z
      .enum(RETIRED_FILTERS)
      .optional()
      .describe(`exclude: active ones only; include: all; only: retired ones only (default: ${byDefault})`),
  });

/** The two retirement routes of each record: the last part of the path, and whether it retires or reactivates. */
const RETIREMENTS = [
  ['retire', true],
  ['reactivate', false],
] as const;

export function organizationRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/organizations',
    {
      config: { access: 'organizations.read' },
      schema: {
        tags: ['organizations'],
        querystring: pageQuery.extend({ text: z.string().max(200).optional() }).merge(retiredQuery('exclude')),
        response: { 200: pageOf(organizationView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listOrganizationsPage(context, request.actor!, request.query);
      return { ...page, items: page.items.map((row) => presentOrganization(request.actor!, row)) };
    },
  );

  api.post(
    '/api/v1/organizations',
    {
      config: { access: 'organizations.manage' },
      schema: { tags: ['organizations'], body: organizationBody, response: { 201: organizationView, ...commonErrors } },
    },
    async (request, reply) =>
      reply.code(201).send(presentOrganization(request.actor!, await createOrganization(context, request.actor!, request.body))),
  );

  api.get(
    '/api/v1/organizations/:id',
    {
      config: { access: 'organizations.read' },
      schema: { tags: ['organizations'], params: idParams, response: { 200: organizationView, ...commonErrors } },
    },
    async (request) => presentOrganization(request.actor!, await getOrganization(context, request.actor!, request.params.id)),
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
    async (request) =>
      presentOrganization(request.actor!, await changeOrganization(context, request.actor!, request.params.id, request.body)),
  );

  api.get(
    '/api/v1/organizations/:id/sites',
    {
      config: { access: 'organizations.read' },
      schema: {
        tags: ['organizations'],
        description: "The organisation's sites, all on one page." + LIST_CSV_NOTE,
        params: idParams,
        querystring: retiredQuery('include'),
        produces: ['application/json', 'text/csv'],
        response: { 200: pageOf(siteView), ...commonErrors },
      },
    },
    async (request, reply) =>
      wantsCsv(request)
        ? sendCsv(reply, await sitesCsv(context, request.actor!, request.params.id, request.query.retired, request.language))
        : {
            items: (await listOrganizationSites(context, request.actor!, request.params.id, request.query.retired)).map(presentSite),
            nextCursor: null,
          },
  );

  api.post(
    '/api/v1/organizations/:id/sites',
    {
      config: { access: 'organizations.manage' },
      schema: {
        tags: ['organizations'],
        params: idParams,
        body: siteBody,
        response: { 201: siteView, ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(presentSite(await addSite(context, request.actor!, request.params.id, request.body))),
  );

  api.patch(
    '/api/v1/organizations/:id/sites/:siteId',
    {
      config: { access: 'organizations.manage' },
      schema: {
        tags: ['organizations'],
        params: idParams.extend({ siteId: idSchema }),
        body: siteBody.partial(),
        response: { 200: siteView, ...commonErrors },
      },
    },
    async (request) => presentSite(await changeSite(context, request.actor!, request.params.id, request.params.siteId, request.body)),
  );

  api.get(
    '/api/v1/organizations/:id/contacts',
    {
      config: { access: 'organizations.read' },
      schema: {
        tags: ['organizations'],
        params: idParams,
        querystring: retiredQuery('include'),
        response: { 200: pageOf(contactView), ...commonErrors },
      },
    },
    async (request) => ({
      items: (await listOrganizationContacts(context, request.actor!, request.params.id, request.query.retired)).map((row) =>
        presentContact(request.actor!, row),
      ),
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
        body: contactBody,
        response: { 201: contactView, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentContact(request.actor!, await addContact(context, request.actor!, request.params.id, request.body))),
  );

  api.patch(
    '/api/v1/organizations/:id/contacts/:contactId',
    {
      config: { access: 'organizations.manage' },
      schema: {
        tags: ['organizations'],
        params: idParams.extend({ contactId: idSchema }),
        body: contactBody.partial(),
        response: { 200: contactView, ...commonErrors },
      },
    },
    async (request) =>
      presentContact(
        request.actor!,
        await changeContact(context, request.actor!, request.params.id, request.params.contactId, request.body),
      ),
  );

  // Retiring and reactivating: a customer (refused with 409 while it has open cases), a site, a contact.
  for (const [verb, retire] of RETIREMENTS) {
    api.post(
      `/api/v1/organizations/:id/${verb}`,
      {
        config: { access: 'organizations.manage' },
        schema: { tags: ['organizations'], params: idParams, response: { 200: organizationView, ...commonErrors } },
      },
      async (request) =>
        presentOrganization(request.actor!, await setOrganizationRetired(context, request.actor!, request.params.id, retire)),
    );
    api.post(
      `/api/v1/organizations/:id/sites/:siteId/${verb}`,
      {
        config: { access: 'organizations.manage' },
        schema: { tags: ['organizations'], params: idParams.extend({ siteId: idSchema }), response: { 200: siteView, ...commonErrors } },
      },
      async (request) => presentSite(await setSiteRetired(context, request.actor!, request.params.id, request.params.siteId, retire)),
    );
    api.post(
      `/api/v1/organizations/:id/contacts/:contactId/${verb}`,
      {
        config: { access: 'organizations.manage' },
        schema: {
          tags: ['organizations'],
          params: idParams.extend({ contactId: idSchema }),
          response: { 200: contactView, ...commonErrors },
        },
      },
      async (request) =>
        presentContact(
          request.actor!,
          await setContactRetired(context, request.actor!, request.params.id, request.params.contactId, retire),
        ),
    );
  }
}
