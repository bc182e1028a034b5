import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PERMISSIONS } from '../../domain/access/permissions.js';
import { abilitiesOf } from '../../services/auth/abilities.js';
import { createApiToken, listOwnApiTokens, revokeOwnApiToken } from '../../services/auth/api-tokens.js';
import { PASSWORD_RESET_LINK_MS, requestPasswordReset, resetPassword } from '../../services/auth/password-reset.js';
import { changePassword, signIn, signOut } from '../../services/auth/sign-in.js';
import { securityOf, type ServiceContext } from '../../services/context.js';
import { completeFirstRunSetup, isSetupNeeded } from '../../services/setup/first-run-setup.js';
import { updateUserProfile } from '../../services/people/manage-users.js';
import { SESSION_COOKIE } from '../plugins/authentication.js';
import { commonErrors, emailSchema, idParams, languageSchema, nameSchema, problemSchema, timeZoneSchema } from '../schemas/common.js';
import { presentUser, userView } from '../presenters/people.js';
import { getUser } from '../../services/people/manage-users.js';

const sessionView = z.object({
  user: userView,
  csrfToken: z.string().nullable().describe('Send it back as the x-csrf-token header on every write made with the session cookie'),
  abilities: z
    .array(z.enum(PERMISSIONS))
    .describe(
      "What this user may do; the web app shows only these actions. A customer has `reports.operations` only while an admin lets customers read their own organisation's operations reports",
    ),
});

const LOGIN_ATTEMPTS = { max: 10, timeWindow: 15 * 60_000 };

export function sessionRoutes(app: FastifyInstance, context: ServiceContext, options: { secureCookies: boolean }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: options.secureCookies };

  api.get(
    '/api/v1/setup',
    { config: { access: 'public' }, schema: { tags: ['setup'], response: { 200: z.object({ needed: z.boolean() }) } } },
    async () => ({ needed: await isSetupNeeded(context) }),
  );

  api.post(
    '/api/v1/setup',
    {
      config: { access: 'public', rateLimit: LOGIN_ATTEMPTS },
      schema: {
        tags: ['setup'],
        description: 'Creates the first admin of an empty system; refused (409) once any user exists.',
        body: z.object({
          email: emailSchema,
          name: nameSchema,
          password: z.string().max(200),
          language: languageSchema.optional(),
          timeZone: timeZoneSchema.optional().describe("The company's time zone (the default escalation policy's calendar); left out, UTC"),
        }),
        response: { 201: userView, 400: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => reply.code(201).send(presentUser(await completeFirstRunSetup(context, request.body, request.ip))),
  );

  api.post(
    '/api/v1/sessions',
    {
      // Failed attempts are limited by the service, with counters in the database that every instance shares.
      config: { access: 'public' },
      schema: {
        tags: ['sessions'],
        description:
          'Signs in with e-mail and password; sets the session cookie. Too many failures for one address, or from one IP ' +
          'address across addresses, answer 429 with Retry-After until the window closes.',
        body: z.object({ email: emailSchema, password: z.string().min(1).max(200) }),
        response: { 201: sessionView, 400: problemSchema, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await signIn(context, { ...request.body, ip: request.ip });
      // The server ends the session (idle or too old); the cookie itself may live as long as a session can.
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        ...cookieOptions,
        maxAge: Math.floor(securityOf(context).sessionMaxAgeMs / 1000),
      });
      return reply.code(201).send({
        user: presentUser(await getUser(context, result.user, result.user.userId)),
        csrfToken: result.csrfToken,
        abilities: await abilitiesOf(context, result.user),
      });
    },
  );

  api.post(
    '/api/v1/password-resets',
    {
      // Requests are limited by the service, per address and per IP address, with counters in the database.
      config: { access: 'public' },
      schema: {
        tags: ['sessions'],
        description:
          `"Forgot password": if an active user has this e-mail, mails them a single-use link that sets a new password ` +
          `within ${PASSWORD_RESET_LINK_MS / 60_000} minutes. The answer is 204 either way, so it does not tell which ` +
          'addresses have accounts. Too many requests for one address or from one IP address answer 429.',
        body: z.object({ email: emailSchema }),
        response: { 204: z.null(), 400: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(context, { email: request.body.email, ip: request.ip });
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/password-resets/use',
    {
      config: { access: 'public', rateLimit: LOGIN_ATTEMPTS },
      schema: {
        tags: ['sessions'],
        description:
          'Sets a new password with the token of a reset link (the part after #token= in the mailed link). The link works ' +
          "once; the user's sessions all end, API tokens stay. A used, expired or unknown token answers 400 naming `token`.",
        body: z.object({ token: z.string().min(1).max(200), newPassword: z.string().max(200) }),
        response: { 204: z.null(), 400: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      await resetPassword(context, request.body, request.ip);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/v1/sessions/current',
    { config: { access: 'signed-in' }, schema: { tags: ['sessions'], response: { 200: sessionView, ...commonErrors } } },
    async (request) => {
      const actor = request.actor!;
      return {
        user: presentUser(await getUser(context, actor, actor.userId)),
        csrfToken: request.session?.csrfToken ?? null,
        abilities: await abilitiesOf(context, actor),
      };
    },
  );

  api.delete(
    '/api/v1/sessions/current',
    { config: { access: 'signed-in' }, schema: { tags: ['sessions'], response: { 204: z.null(), ...commonErrors } } },
    async (request, reply) => {
      if (request.session) await signOut(context, request.session.tokenHash);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/me/password',
    {
      config: { access: 'signed-in', rateLimit: LOGIN_ATTEMPTS },
      schema: {
        tags: ['me'],
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(200) }),
        response: { 204: z.null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await changePassword(context, request.actor!, request.body, request.session?.tokenHash);
      return reply.code(204).send(null);
    },
  );

  api.patch(
    '/api/v1/me',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['me'],
        body: z.object({ name: nameSchema.optional(), language: languageSchema.optional() }),
        response: { 200: userView, ...commonErrors },
      },
    },
    async (request) => presentUser(await updateUserProfile(context, request.actor!, request.actor!.userId, request.body)),
  );

  const tokenView = z.object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  });

  api.get(
    '/api/v1/me/tokens',
    {
      config: { access: 'tokens.own' },
      schema: { tags: ['me'], response: { 200: z.object({ items: z.array(tokenView), nextCursor: z.null() }), ...commonErrors } },
    },
    async (request) => ({ items: await listOwnApiTokens(context, request.actor!.userId), nextCursor: null }),
  );

  api.post(
    '/api/v1/me/tokens',
    {
      config: { access: 'tokens.own' },
      schema: {
        tags: ['me'],
        description: 'Creates an API token for the signed-in user; the token is shown only in this response.',
        body: z.object({ name: nameSchema }),
        response: { 201: tokenView.extend({ token: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const { token, view } = await createApiToken(context, request.actor!.userId, request.body.name, request.actor!.userId, request.ip);
      return reply.code(201).send({ ...view, token });
    },
  );

  api.delete(
    '/api/v1/me/tokens/:id',
    { config: { access: 'tokens.own' }, schema: { tags: ['me'], params: idParams, response: { 204: z.null(), ...commonErrors } } },
    async (request, reply) => {
      await revokeOwnApiToken(context, request.actor!.userId, request.params.id, request.ip);
      return reply.code(204).send(null);
    },
  );
}
