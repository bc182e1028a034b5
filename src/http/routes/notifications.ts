import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { listOutbox, retryOutboxMessage } from '../../services/notifications/manage-outbox.js';
import {
  listMyNotifications,
  markAllMyNotificationsRead,
  markMyNotificationRead,
} from '../../services/notifications/user-notifications.js';
import { NOTIFICATION_KINDS } from '../../domain/notifications/notification-kinds.js';
import { getMyNotificationPreferences, updateMyNotificationPreferences } from '../../services/notifications/notification-preferences.js';
import { OUTBOX_STATUSES } from '../../storage/repositories/outbox.js';
import { notificationView, outboxView, presentNotification, presentOutbox } from '../presenters/notifications.js';
import { commonErrors, idParams, pageOf, pageQuery } from '../schemas/common.js';

export function notificationRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/outbox',
    {
      config: { access: 'outbox.read' },
      schema: {
        tags: ['outbox'],
        description: 'Outgoing mail: pending (waiting for SMTP or a retry), sent, dead (gave up; retry after fixing the cause).',
        querystring: pageQuery.extend({ status: z.enum(OUTBOX_STATUSES).optional() }),
        response: { 200: pageOf(outboxView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listOutbox(context, request.actor!, request.query);
      return { ...page, items: page.items.map(presentOutbox) };
    },
  );

  api.post(
    '/api/v1/outbox/:id/retry',
    { config: { access: 'outbox.retry' }, schema: { tags: ['outbox'], params: idParams, response: { 204: z.null(), ...commonErrors } } },
    async (request, reply) => {
      await retryOutboxMessage(context, request.actor!, request.params.id);
      return reply.code(204).send(null);
    },
  );

  const preferencesView = z
    .object({ preferences: z.record(z.enum(NOTIFICATION_KINDS), z.object({ inApp: z.boolean(), email: z.boolean() })) })
    .describe('Each kind of notification, on or off in the app and by e-mail; kinds never set follow the defaults');

  api.get(
    '/api/v1/me/notification-preferences',
    {
      config: { access: 'notifications.preferences' },
      schema: { tags: ['notifications'], response: { 200: preferencesView, ...commonErrors } },
    },
    async (request) => ({ preferences: await getMyNotificationPreferences(context, request.actor!) }),
  );

  api.put(
    '/api/v1/me/notification-preferences',
    {
      config: { access: 'notifications.preferences' },
      schema: {
        tags: ['notifications'],
        description: 'Turns kinds of notification on or off per channel; kinds and channels left out keep their setting.',
        body: z.strictObject({
          preferences: z.partialRecord(
            z.enum(NOTIFICATION_KINDS),
            z.strictObject({ inApp: z.boolean().optional(), email: z.boolean().optional() }),
          ),
        }),
        response: { 200: preferencesView, ...commonErrors },
      },
    },
    async (request) => ({ preferences: await updateMyNotificationPreferences(context, request.actor!, request.body.preferences) }),
  );

  api.get(
    '/api/v1/notifications',
    {
      config: { access: 'notifications.own' },
      schema: {
        tags: ['notifications'],
        querystring: pageQuery.extend({
          unread: z
            .enum(['true', 'false'])
            .transform((value) => value === 'true')
            .optional(),
        }),
        response: { 200: pageOf(notificationView).extend({ unreadCount: z.number().int() }), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listMyNotifications(context, request.actor!, request.language, request.query);
      return { ...page, items: page.items.map(presentNotification) };
    },
  );

  api.post(
    '/api/v1/notifications/:id/read',
    {
      config: { access: 'notifications.own' },
      schema: { tags: ['notifications'], params: idParams, response: { 204: z.null(), ...commonErrors } },
    },
    async (request, reply) => {
      await markMyNotificationRead(context, request.actor!, request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/notifications/read-all',
    {
      config: { access: 'notifications.own' },
      schema: { tags: ['notifications'], response: { 200: z.object({ marked: z.number().int() }), ...commonErrors } },
    },
    async (request) => ({ marked: await markAllMyNotificationsRead(context, request.actor!) }),
  );
}
