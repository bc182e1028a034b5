import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import type { SubjectReference } from '../../services/personal-data/data-subject.js';
import { erasePersonalData } from '../../services/personal-data/erase-personal-data.js';
import { exportPersonalData } from '../../services/personal-data/export-personal-data.js';
import {
  readRetentionSetting,
  updateRetentionSetting,
  viewRetentionSetting,
} from '../../services/personal-data/personal-data-retention.js';
import { renderPersonalDataPdf } from '../../services/personal-data/render-personal-data-pdf.js';
import { commonErrors, idParams, languageSchema } from '../schemas/common.js';

const exportQuery = z.object({
  format: z.enum(['json', 'pdf']).default('json').describe('json: the data as it is stored; pdf: the same, readable'),
  language: languageSchema.optional().describe("The PDF's language; the asking admin's by default"),
});
const eraseBody = z.object({
  confirmName: z.string().min(1).max(400).describe("The person's name as shown, typed to confirm"),
});
const erasureView = z.object({
  pseudonym: z.string().describe('The name the person is shown by from now on'),
  cases: z.number().int().describe('Cases that named the person and now name the pseudonym'),
  droppedMails: z.number().int().describe('Unsent mails to the person that were dropped'),
  rebuiltMails: z.number().int().describe('Stored mails whose source was rebuilt without the person (their files kept)'),
});
const retentionView = z.object({
  closedCaseYears: z
    .number()
    .int()
    .min(1)
    .max(100)
    .nullable()
    .describe('Pseudonymise contacts whose cases all closed more than this many years ago; null = off'),
});

/**
 * Personal data of a customer's contact or a customer user: export (JSON or PDF) and erasure (pseudonymisation), and
 * the retention rule. Admins only (`personal-data.manage`, and policies/personal-data.ts for the person).
 */
export function personalDataRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['personal-data'];

  const send = async (
    reply: FastifyReply,
    reference: SubjectReference,
    actor: Parameters<typeof exportPersonalData>[1],
    query: z.infer<typeof exportQuery>,
  ) => {
    const data = await exportPersonalData(context, actor, reference, { language: query.language, format: query.format });
    const base = `personal-data-${reference.kind}-${reference.id}`;
    reply.header('cache-control', 'private, no-store');
    if (query.format === 'pdf') {
      const pdf = await renderPersonalDataPdf(data, { fontFile: context.pdfFontFile });
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${base}.pdf"`).send(pdf);
    }
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${base}.json"`)
      .send(JSON.stringify(data, null, 2));
  };

  for (const kind of ['contact', 'user'] as const) {
    const path = kind === 'contact' ? '/api/v1/contacts/:id/personal-data' : '/api/v1/users/:id/personal-data';
    api.get(
      path,
      {
        config: { access: 'personal-data.manage' },
        schema: {
          tags,
          description: `Everything stored about this ${kind === 'contact' ? "customer's contact" : 'customer user'} (contact and account records, cases, messages, mail, survey answers, confirmations, trainings, audit entries), as JSON or a PDF.`,
          params: idParams,
          querystring: exportQuery,
        },
      },
      async (request, reply) => send(reply, { kind, id: request.params.id }, request.actor!, request.query),
    );
    api.post(
      `${path}/erase`,
      {
        config: { access: 'personal-data.manage' },
        schema: {
          tags,
          description:
            'Erases (pseudonymises) the person: cases and service history stay, but no longer name them; unsent mail to them is dropped and a customer account is disabled. Cannot be undone.',
          params: idParams,
          body: eraseBody,
          response: { 200: erasureView, ...commonErrors },
        },
      },
      async (request) => erasePersonalData(context, request.actor!, { kind, id: request.params.id }, request.body),
    );
  }

  api.get(
    '/api/v1/personal-data-retention',
    {
      config: { access: 'personal-data.manage' },
      schema: {
        tags,
        description: 'The retention rule for closed cases’ personal data.',
        response: { 200: retentionView, ...commonErrors },
      },
    },
    async (request) => viewRetentionSetting(context, request.actor!),
  );
  api.put(
    '/api/v1/personal-data-retention',
    {
      config: { access: 'personal-data.manage' },
      schema: {
        tags,
        description: 'Sets the retention rule; null switches it off. A background job applies it once a day.',
        body: retentionView,
        response: { 200: retentionView, ...commonErrors },
      },
    },
    async (request) => {
      await updateRetentionSetting(context, request.actor!, request.body);
      return readRetentionSetting(context.storage.db);
    },
  );
}
