import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import {
  assignInboundMail,
  discardInboundMail,
  getInboundMail,
  listInboundMailPage,
} from '../../services/inbound-mail/manage-inbound-mail.js';
import { readCaseMail } from '../../services/inbound-mail/read-case-mail.js';
import { INBOUND_MAIL_STATUSES } from '../../storage/repositories/inbound-mail.js';
import {
  caseMailView,
  inboundMailDetailView,
  inboundMailView,
  presentCaseMail,
  presentInboundMail,
  presentInboundMailDetail,
} from '../presenters/inbound-mail.js';
import { commonErrors, emailSchema, idParams, idSchema, languageSchema, nameSchema, pageOf, pageQuery } from '../schemas/common.js';

export function inboundMailRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/inbound-mail',
    {
      config: { access: 'inbound-mail.read' },
      schema: {
        tags: ['inbound-mail'],
        description:
          'Mail that came in, newest first. `status=unmatched` is what waits for staff: from an unknown sender, or naming a case of another organisation. `status=ignored` is mail taken in but acted on by nobody (auto-replies, our own mail, a sender over the hourly limit), `status=refused` mail not taken in (reason `too-large`, `unreadable` or `failed`).',
        querystring: pageQuery.extend({ status: z.enum(INBOUND_MAIL_STATUSES).optional() }),
        response: { 200: pageOf(inboundMailView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listInboundMailPage(context, request.actor!, request.query);
      return { ...page, items: page.items.map((row) => presentInboundMail(request.actor!, row)) };
    },
  );

  api.get(
    '/api/v1/inbound-mail/:id',
    {
      config: { access: 'inbound-mail.read' },
      schema: { tags: ['inbound-mail'], params: idParams, response: { 200: inboundMailDetailView, ...commonErrors } },
    },
    async (request) => presentInboundMailDetail(request.actor!, await getInboundMail(context, request.actor!, request.params.id)),
  );

  api.get(
    '/api/v1/cases/:id/mails/:mailId',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['inbound-mail', 'cases'],
        description:
          "The original of a mail that came in on the case (the one that opened it, a mailed reply): its headers, the whole text before quoted history was trimmed, the sanitised HTML and its files. For whoever reads the case's internal timeline; a customer only for a mail of their own. A mail of another case is 404.",
        params: idParams.extend({ mailId: idSchema }),
        response: { 200: caseMailView, ...commonErrors },
      },
    },
    async (request) => presentCaseMail(await readCaseMail(context, request.actor!, request.params.id, request.params.mailId)),
  );

  api.post(
    '/api/v1/inbound-mail/:id/assign',
    {
      config: { access: 'inbound-mail.manage' },
      schema: {
        tags: ['inbound-mail'],
        description:
          'Makes a mail a case of the organisation, from an existing contact or a new one: an unmatched mail, an ignored one (a customer over the hourly limit), or one refused because it failed to go in. Any other mail is 409.',
        params: idParams,
        body: z
          .object({
            organizationId: idSchema,
            contactId: idSchema.optional(),
            newContact: z
              .object({ name: nameSchema, email: emailSchema.nullable().optional(), language: languageSchema.optional() })
              .strict()
              .optional(),
          })
          .strict(),
        response: { 200: inboundMailView, ...commonErrors },
      },
    },
    async (request) =>
      presentInboundMail(request.actor!, await assignInboundMail(context, request.actor!, request.params.id, request.body)),
  );

  api.post(
    '/api/v1/inbound-mail/:id/discard',
    {
      config: { access: 'inbound-mail.manage' },
      schema: { tags: ['inbound-mail'], params: idParams, response: { 200: inboundMailView, ...commonErrors } },
    },
    async (request) => presentInboundMail(request.actor!, await discardInboundMail(context, request.actor!, request.params.id)),
  );
}
