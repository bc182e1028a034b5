import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { sendPasswordResetLink } from '../../services/auth/password-reset.js';
import { createUser } from '../../services/people/create-user.js';
import { getUser, listUsersPage, updateUserProfile } from '../../services/people/manage-users.js';
import { presentUser, userView } from '../presenters/people.js';
import {
  commonErrors,
  emailSchema,
  idParams,
  idSchema,
  languageSchema,
  nameSchema,
  pageOf,
  pageQuery,
  roleSchema,
} from '../schemas/common.js';

export function userRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/users',
    {
      config: { access: 'users.read' },
      schema: {
        tags: ['users'],
        querystring: pageQuery.extend({
          role: roleSchema.optional(),
          organizationId: idSchema.optional(),
          departmentId: idSchema.optional(),
        }),
        response: { 200: pageOf(userView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listUsersPage(context, request.actor!, request.query);
      return { ...page, items: page.items.map((row) => presentUser(row, request.actor!)) };
    },
  );

  api.post(
    '/api/v1/users',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['users'],
        body: z.object({
          email: emailSchema,
          name: nameSchema,
          role: roleSchema,
          password: z.string().max(200).optional(),
          organizationId: idSchema.nullable().optional(),
          departmentId: idSchema.nullable().optional(),
          language: languageSchema.optional(),
        }),
        response: { 201: userView, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentUser(await createUser(context, request.actor!.userId, request.body, request.ip), request.actor!)),
  );

  api.get(
    '/api/v1/users/:id',
    { config: { access: 'users.read' }, schema: { tags: ['users'], params: idParams, response: { 200: userView, ...commonErrors } } },
    async (request) => presentUser(await getUser(context, request.actor!, request.params.id), request.actor!),
  );

  api.patch(
    '/api/v1/users/:id',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['users'],
        params: idParams,
        body: z.object({
          name: nameSchema.optional(),
          role: roleSchema.optional(),
          language: languageSchema.optional(),
          departmentId: idSchema.nullable().optional(),
          disabled: z.boolean().optional(),
        }),
        response: { 200: userView, ...commonErrors },
      },
    },
    async (request) => presentUser(await updateUserProfile(context, request.actor!, request.params.id, request.body), request.actor!),
  );

  api.post(
    '/api/v1/users/:id/password-reset',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['users'],
        description:
          'Mails the user a single-use link to set a new password, in their language. Their password and sessions stay ' +
          'until the link is used. Refused (409) for a deactivated user.',
        params: idParams,
        response: { 202: z.object({ to: z.string(), expiresAt: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => reply.code(202).send(await sendPasswordResetLink(context, request.actor!, request.params.id)),
  );
}
