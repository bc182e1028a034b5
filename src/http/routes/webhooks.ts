import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_RETRY_DELAYS_MS } from '../../domain/webhooks/webhook-events.js';
import type { ServiceContext } from '../../services/context.js';
import {
  createWebhook,
  deleteWebhook,
  listDeliveriesOfWebhook,
  listWebhooks,
  readWebhookSettings,
  redeliver,
  updateWebhook,
  updateWebhookSettings,
  viewWebhook,
} from '../../services/webhooks/manage-webhooks.js';
import { commonErrors, httpUrlSchema, idParams, idSchema } from '../schemas/common.js';
import { webhookPayloadSchema } from '../schemas/webhook-payloads.js';

const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, 'choose at least one event')
  .max(WEBHOOK_EVENT_TYPES.length * 2);

const subscriptionView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  description: z.string().nullable(),
  enabled: z.boolean(),
  disabledReason: z.enum(['admin', 'failing']).nullable().describe('`failing`: CaseDesk switched it off after repeated failures'),
  ownerUserId: z.string(),
  consecutiveFailures: z.number().int(),
  failingSince: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const deliveryView = z.object({
  id: z.string(),
  messageId: z.string().describe('`webhook-id`: the same on every attempt'),
  eventType: z.enum(WEBHOOK_EVENT_TYPES),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.array(
    z.object({
      attemptedAt: z.string(),
      statusCode: z.number().int().nullable(),
      durationMs: z.number().int(),
      responseExcerpt: z.string().nullable().describe('The first 1 KB of the answer'),
      error: z.string().nullable(),
    }),
  ),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  payload: webhookPayloadSchema,
});

const settingsView = z.object({
  allowPrivateTargets: z
    .boolean()
    .describe('Allow loopback, link-local and private addresses (RFC 1918, fc00::/7, 100.64/10) as targets; off by default'),
});

const retries = WEBHOOK_RETRY_DELAYS_MS.map((ms) =>
  ms < 60_000 ? `${ms / 1000} s` : ms < 3_600_000 ? `${ms / 60_000} min` : `${ms / 3_600_000} h`,
).join(', ');

export function webhookRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  const access = 'webhooks.manage' as const;

  api.post(
    '/api/v1/webhooks',
    {
      config: { access },
      schema: {
        tags,
        description:
          'Adds a webhook (admins). The answer carries the signing secret (`whsec_…`), shown only this once. Each event is POSTed ' +
          'as JSON signed as the Standard Webhooks specification says: `webhook-id` (stable across retries), `webhook-timestamp` ' +
          '(Unix seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` keyed with the secret’s ' +
          `base64-decoded bytes). A 2xx answer delivers it; anything else is retried after ${retries}. The bodies of the events ` +
          'are documented as `payload` of `GET /api/v1/webhooks/{id}/deliveries`. Loopback, link-local and private addresses ' +
          'are refused unless `allowPrivateTargets` is on (`PUT /api/v1/webhooks/settings`).',
        body: z.object({
          url: httpUrlSchema,
          events: eventsSchema,
          description: z.string().trim().max(500).nullable().optional(),
        }),
        response: { 201: subscriptionView.extend({ secret: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await createWebhook(context, request.actor!, request.body)),
  );

  api.get(
    '/api/v1/webhooks',
    {
      config: { access },
      schema: { tags, description: 'Every webhook (without secrets).', response: { 200: z.array(subscriptionView), ...commonErrors } },
    },
    async (request) => listWebhooks(context, request.actor!),
  );

  api.get(
    '/api/v1/webhooks/settings',
    { config: { access }, schema: { tags, response: { 200: settingsView, ...commonErrors } } },
    async (request) => readWebhookSettings(context, request.actor!),
  );

  api.put(
    '/api/v1/webhooks/settings',
    { config: { access }, schema: { tags, body: settingsView, response: { 200: settingsView, ...commonErrors } } },
    async (request) => updateWebhookSettings(context, request.actor!, request.body),
  );

  api.get(
    '/api/v1/webhooks/:id',
    { config: { access }, schema: { tags, params: idParams, response: { 200: subscriptionView, ...commonErrors } } },
    async (request) => viewWebhook(context, request.actor!, request.params.id),
  );

  api.patch(
    '/api/v1/webhooks/:id',
    {
      config: { access },
      schema: {
        tags,
        description: 'Changes the URL, the events or the description, or switches the webhook off or on (on again clears its failures).',
        params: idParams,
        body: z.object({
          url: httpUrlSchema.optional(),
          events: eventsSchema.optional(),
          description: z.string().trim().max(500).nullable().optional(),
          enabled: z.boolean().optional(),
        }),
        response: { 200: subscriptionView, ...commonErrors },
      },
    },
    async (request) => updateWebhook(context, request.actor!, request.params.id, request.body),
  );

  api.delete(
    '/api/v1/webhooks/:id',
    { config: { access }, schema: { tags, params: idParams, response: { 204: z.null(), ...commonErrors } } },
    async (request, reply) => {
      await deleteWebhook(context, request.actor!, request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      config: { access },
      schema: {
        tags,
        description:
          'The latest 100 deliveries, newest first, each with every attempt (status code, duration, the first 1 KB of the answer, error).',
        params: idParams,
        response: { 200: z.array(deliveryView), ...commonErrors },
      },
    },
    async (request) => listDeliveriesOfWebhook(context, request.actor!, request.params.id),
  );

  api.post(
    '/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      config: { access },
      schema: {
        tags,
        description: 'Sends a delivery again within a second or so, with the same `webhook-id`, and a fresh schedule of retries.',
        params: z.object({ id: idSchema, deliveryId: idSchema }),
        response: { 200: deliveryView, ...commonErrors },
      },
    },
    async (request) => redeliver(context, request.actor!, request.params.id, request.params.deliveryId),
  );
}
