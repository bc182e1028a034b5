import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { readMailSettings } from '../../services/notifications/read-mail-settings.js';
import { commonErrors } from '../schemas/common.js';

export const mailSettingsView = z.object({
  smtpConfigured: z.boolean(),
  from: z.string(),
  host: z.string().nullable(),
  outbox: z.object({ pending: z.number().int(), dead: z.number().int() }),
});

export function mailSettingsRoutes(app: FastifyInstance, context: ServiceContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/mail-settings',
    {
      config: { access: 'outbox.read' },
      schema: {
        tags: ['outbox'],
        description:
          'Read-only: whether an SMTP relay is configured (CASEDESK_SMTP_URL; its host only, never credentials), the sender ' +
          '(CASEDESK_MAIL_FROM), and how many outbox messages wait (pending or sending) or failed for good (dead).',
        response: { 200: mailSettingsView, ...commonErrors },
      },
    },
    async () => readMailSettings(context),
  );
}
