import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DashboardReader } from '../../domain/access/policies/dashboard.js';
import type { ServiceContext } from '../../services/context.js';
import { readDashboard } from '../../services/dashboard/read-dashboard.js';
import { authenticateWallboard, createWallboardToken, listWallboards, revokeWallboard } from '../../services/dashboard/wallboard-tokens.js';
import { translate } from '../../i18n/translate.js';
import { WALLBOARD_COOKIE, WALLBOARD_COOKIE_PATH } from '../plugins/authentication.js';
import { sendProblem } from '../plugins/problem-details.js';
import type { ChangeStreams } from '../change-streams.js';
import { commonErrors, idParams, idSchema, nameSchema, problemSchema } from '../schemas/common.js';
import { dashboardView, wallboardTokenView } from '../schemas/dashboard.js';

/** A wallboard cookie lives as long as browsers keep one (400 days); revoking the token ends it sooner. */
const WALLBOARD_COOKIE_SECONDS = 400 * 86_400;

function readerOf(request: FastifyRequest): DashboardReader {
  return request.actor ? { kind: 'user', actor: request.actor } : { kind: 'wallboard', tokenId: request.wallboard!.tokenId };
}

/**
 * The Operation Center (`GET /api/v1/dashboard`) and its "something changed" signal, which signed-in staff and
 * wallboards read, and the wallboard tokens admins make. A wallboard signs in with its token as a bearer token or
 * once through `POST /api/v1/wallboard-sessions`, which keeps it in a cookie sent only to the dashboard's routes.
 */
export function dashboardRoutes(
  app: FastifyInstance,
  context: ServiceContext,
  streams: ChangeStreams,
  options: { secureCookies: boolean },
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/dashboard',
    {
      config: { access: 'dashboard.read' },
      schema: {
        tags: ['dashboard'],
        description:
          'The live figures of the service desk: open cases by level, escalated now, upgrading reports due in the next hour ' +
          '(with a countdown each), unassigned, waiting on the customer, first-response breaches today and engineers on ' +
          'site. Staff and wallboard tokens; customers are refused.',
        querystring: z.object({ departmentId: idSchema.optional().describe('Narrow every figure to cases of this department') }),
        response: { 200: dashboardView, ...commonErrors },
      },
    },
    async (request) => readDashboard(context, readerOf(request), { departmentId: request.query.departmentId }),
  );

  app.get(
    '/api/v1/dashboard/changes',
    {
      config: { access: 'dashboard.read' },
      schema: {
        tags: ['dashboard'],
        description:
          'Server-sent events (text/event-stream): `event: changed` with empty data whenever any case changes; the page then ' +
          'reads GET /api/v1/dashboard again. Tells nothing of the case, so a wallboard token may listen.',
      },
    },
    async (request, reply) => {
      // A burst of changes (a bulk import) is one signal: the page reads the figures once.
      let pending = false;
      await streams.serve(request, reply, 'dashboard change feed', (write) =>
        streams.feed.subscribeWhere(
          () => true,
          () => {
            if (pending) return;
            pending = true;
            setImmediate(() => {
              pending = false;
              write('event: changed\ndata: {}\n\n');
            });
          },
        ),
      );
    },
  );

  api.post(
    '/api/v1/wallboard-sessions',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: 15 * 60_000 } },
      schema: {
        tags: ['dashboard'],
        description:
          'Exchanges a wallboard token for a cookie that the browser sends only to the dashboard routes, so the screen ' +
          'stays signed in until the token is revoked. An unknown or revoked token answers 401.',
        body: z.object({ token: z.string().min(1).max(200).describe('The wallboard token, as shown once when it was made') }),
        response: { 200: z.object({ name: z.string().describe("The wallboard's name") }), 400: problemSchema, 401: problemSchema },
      },
    },
    async (request, reply) => {
      const wallboard = await authenticateWallboard(context, request.body.token);
      if (!wallboard) return sendProblem(reply, request, 401, 'unauthenticated', translate(request.language, 'errors.unauthenticated'));
      reply.setCookie(WALLBOARD_COOKIE, request.body.token, {
        path: WALLBOARD_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
        maxAge: WALLBOARD_COOKIE_SECONDS,
      });
      return { name: wallboard.name };
    },
  );

  api.get(
    '/api/v1/wallboard-tokens',
    {
      config: { access: 'wallboards.manage' },
      schema: {
        tags: ['dashboard'],
        description: 'Every wallboard token, revoked ones included, newest first; the tokens themselves are never shown again.',
        response: { 200: z.object({ items: z.array(wallboardTokenView), nextCursor: z.null() }), ...commonErrors },
      },
    },
    async (request) => ({ items: await listWallboards(context, request.actor!), nextCursor: null }),
  );

  api.post(
    '/api/v1/wallboard-tokens',
    {
      config: { access: 'wallboards.manage' },
      schema: {
        tags: ['dashboard'],
        description:
          'Makes a read-only token for a wallboard: it reads the dashboard and its change signal and nothing else. The token ' +
          'is in this answer only; open /wallboard?token=… on the screen.',
        body: z.object({ name: nameSchema.describe('Where the screen is') }),
        response: { 201: wallboardTokenView.extend({ token: z.string().describe('Shown once') }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const { token, view } = await createWallboardToken(context, request.actor!, request.body.name);
      return reply.code(201).send({ ...view, token });
    },
  );

  api.delete(
    '/api/v1/wallboard-tokens/:id',
    {
      config: { access: 'wallboards.manage' },
      schema: {
        tags: ['dashboard'],
        description: 'Revokes a wallboard token: the screen using it is refused (401) from its next request on.',
        params: idParams,
        response: { 204: z.null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await revokeWallboard(context, request.actor!, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
