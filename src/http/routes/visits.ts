import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../domain/access/permissions.js';
import type { ServiceContext } from '../../services/context.js';
import { issueCalendarFeed, renderCalendarFeed } from '../../services/visits/calendar-feed.js';
import { cancelVisit, recordArrival, recordDeparture } from '../../services/visits/record-visit-progress.js';
import { scheduleVisit } from '../../services/visits/schedule-visit.js';
import { getVisit, listVisitsFor } from '../../services/visits/view-visits.js';
import { presentVisit, visitView } from '../presenters/visits.js';
import { sendProblem } from '../plugins/problem-details.js';
import { translate } from '../../i18n/translate.js';
import { commonErrors, idParams, idSchema, pageOf, pageQuery, phoneSchema } from '../schemas/common.js';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time such as 2026-03-02T08:00:00+08:00' });
const text = (max: number) => z.string().trim().max(max);

const scheduleBody = z.object({
  engineerUserId: idSchema,
  startsAt: instant,
  endsAt: instant,
  siteId: idSchema.nullable().optional(),
  site: text(500).nullable().optional(),
  contactId: idSchema.nullable().optional(),
  contactName: text(200).nullable().optional(),
  contactPhone: phoneSchema.nullable().optional().describe("Stored in E.164; without a country code it is read in the customer's country"),
  notes: text(5_000).nullable().optional(),
  allowConflict: z.boolean().optional(),
});

export function visitRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['visits'];
  const withConflicts = async (actor: Parameters<typeof getVisit>[1], id: string) =>
    presentVisit(actor, await getVisit(context, actor, id));

  api.post(
    '/api/v1/cases/:id/visits',
    {
      config: { access: 'visits.manage' },
      schema: {
        tags,
        description:
          'Schedules an engineer for an on-site visit: time window, site and contact. A window that overlaps another visit of the engineer is a 409 listing the clashing visits in `conflicts`, unless `allowConflict` is true.',
        params: idParams,
        body: scheduleBody,
        response: { 201: visitView, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { visit, conflicts } = await scheduleVisit(context, request.actor!, request.params.id, request.body);
      return reply.code(201).send(presentVisit(request.actor!, { ...visit, conflictsWith: conflicts.map((row) => row.id) }));
    },
  );

  api.get(
    '/api/v1/visits',
    {
      config: { access: 'visits.read' },
      schema: {
        tags,
        description: "Visits by start time. With `engineerId` and a period it is the engineer's calendar; `conflictsWith` marks clashes.",
        querystring: pageQuery.extend({
          engineerId: z.union([idSchema, z.literal('me')]).optional(),
          caseId: idSchema.optional(),
          from: instant.optional(),
          to: instant.optional(),
          includeCancelled: z
            .enum(['true', 'false'])
            .transform((value) => value === 'true')
            .optional(),
        }),
        response: { 200: pageOf(visitView), ...commonErrors },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await listVisitsFor(context, request.actor!, {
        ...query,
        engineerUserId: query.engineerId === 'me' ? request.actor!.userId : query.engineerId,
      });
      return { nextCursor: page.nextCursor, items: page.items.map((item) => presentVisit(request.actor!, item)) };
    },
  );

  api.get(
    '/api/v1/visits/:id',
    { config: { access: 'visits.read' }, schema: { tags, params: idParams, response: { 200: visitView, ...commonErrors } } },
    async (request) => withConflicts(request.actor!, request.params.id),
  );

  /** A step of a visit (arrival, departure, cancellation): the service records it, the answer is the visit now. */
  const visitStep = <Body extends z.ZodType>(
    step: string,
    description: string | undefined,
    body: Body,
    record: (context: ServiceContext, actor: Actor, id: string, input: z.output<Body>) => Promise<unknown>,
  ) =>
    api.post(
      `/api/v1/visits/:id/${step}`,
      {
        config: { access: 'visits.manage' },
        schema: { tags, ...(description ? { description } : {}), params: idParams, body, response: { 200: visitView, ...commonErrors } },
      },
      async (request) => {
        // Validated by `body`; the type provider cannot follow a schema that is a type parameter.
        await record(context, request.actor!, request.params.id, request.body as z.output<Body>);
        return withConflicts(request.actor!, request.params.id);
      },
    );

  visitStep('arrival', 'The engineer is at the site (now, or `at` if entered later).', z.object({ at: instant.optional() }), recordArrival);
  visitStep(
    'departure',
    'The engineer leaves and records the work done; the visit is done and the customer gets a follow-up survey.',
    z.object({
      at: instant.optional(),
      workDone: z.string().trim().min(1, 'must not be empty').max(20_000),
      outcome: text(5_000).optional(),
    }),
    recordDeparture,
  );
  visitStep('cancellation', undefined, z.object({ reason: z.string().trim().min(1, 'must not be empty').max(2_000) }), cancelVisit);

  api.post(
    '/api/v1/me/calendar-feed',
    {
      config: { access: 'visits.calendar-feed' },
      schema: {
        tags,
        description:
          'Makes a new iCalendar feed address of your visits for a calendar app to subscribe to; earlier addresses stop working.',
        response: { 201: z.object({ url: z.string(), path: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await issueCalendarFeed(context, request.actor!, request.actor!.userId)),
  );

  api.get(
    '/api/v1/calendar-feeds/:token',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        description: "An engineer's visits as text/calendar (RFC 5545); the address itself is the credential.",
        params: z.object({ token: z.string().max(200) }),
      },
    },
    async (request, reply) => {
      const feed = await renderCalendarFeed(context, request.params.token);
      if (feed === null)
        return sendProblem(reply, request, 404, 'not-found', translate(request.language, 'serviceLoop.errors.feedNotFound'));
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'no-store').send(feed);
    },
  );
}
