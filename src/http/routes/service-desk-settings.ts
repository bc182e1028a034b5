import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isCaseLevel, type CaseLevel } from '../../domain/cases/levels.js';
import type { ServiceContext } from '../../services/context.js';
import { readServiceDeskSettings, updateServiceDeskSettings } from '../../services/settings/service-desk-settings.js';
import { serviceDeskSettingsView } from '../presenters/service-desk-settings.js';
import { commonErrors } from '../schemas/common.js';

const hotlineNumber = z
  .string()
  .trim()
  .max(40, 'must be at most 40 characters')
  .regex(/^(\+?[0-9][0-9 ()./-]*)?$/, 'must be a phone number')
  .nullable();
const mailCaseLevel = z.number().int().min(1).max(4).pipe(z.custom<CaseLevel>(isCaseLevel));

export function serviceDeskSettingsRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];
  api.get(
    '/api/v1/service-desk-settings',
    {
      config: { access: 'cases.read' },
      schema: {
        tags,
        description:
          'How customers reach the service desk (the hotline number), as the portal and the mails show it, and the level a mailed-in case starts at.',
        response: { 200: serviceDeskSettingsView, ...commonErrors },
      },
    },
    async () => readServiceDeskSettings(context),
  );
  api.put(
    '/api/v1/service-desk-settings',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        description:
          'Sets the hotline number shown in the portal and in acknowledgements and replies (null or "" removes it), or the level (1–4) of a case opened from a mail; a field left out stays as it was.',
        body: z.object({ hotlineNumber: hotlineNumber.optional(), mailCaseLevel: mailCaseLevel.optional() }),
        response: { 200: serviceDeskSettingsView, ...commonErrors },
      },
    },
    async (request) => updateServiceDeskSettings(context, request.actor!, request.body),
  );
}
