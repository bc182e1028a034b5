import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { translate } from '../../i18n/translate.js';
import type { ServiceContext } from '../../services/context.js';
import {
  confirmServiceRecord,
  confirmServiceRecordByLink,
  inspectConfirmationLink,
} from '../../services/service-records/confirm-service-record.js';
import { renderServiceRecordPdf } from '../../services/service-records/render-service-record-pdf.js';
import { sendConfirmationLink } from '../../services/service-records/send-confirmation-link.js';
import { buildServiceRecord, getServiceRecord } from '../../services/service-records/view-service-record.js';
import { sendProblem } from '../plugins/problem-details.js';
import { confirmationFormPage, confirmedNext, linkStateStatus, messagePage, pageLanguage } from '../presenters/public-pages.js';
import { presentServiceRecord, serviceRecordView } from '../presenters/service-records.js';
import { commonErrors, idParams, languageSchema } from '../schemas/common.js';
import {
  formRoute,
  htmlAnswer,
  origin,
  pageFacts,
  pageRoute,
  publicPages,
  publicRateLimit,
  recordFor,
  tokenParams,
} from './public-links.js';

const noteBody = z.object({ note: z.string().trim().max(2_000).optional() });
const linkStates = z.enum(['valid', 'confirmed', 'already-confirmed', 'not-resolved', 'superseded', 'used', 'expired', 'forged']);

export function serviceRecordRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['service-records'];
  const recordQuery = z.object({ language: languageSchema.optional() });

  api.get(
    '/api/v1/cases/:id/service-record',
    {
      config: { access: 'cases.read' },
      schema: {
        tags,
        description:
          "The customer service record: customer, request, service items performed and confirmation. Labels follow the customer contact's language unless `language` is given.",
        params: idParams,
        querystring: recordQuery,
        response: { 200: serviceRecordView, ...commonErrors },
      },
    },
    async (request) => presentServiceRecord(await getServiceRecord(context, request.actor!, request.params.id, request.query.language)),
  );

  api.get(
    '/api/v1/cases/:id/service-record.pdf',
    {
      config: { access: 'cases.read' },
      schema: {
        tags,
        description: 'The service record as a printable PDF (English or Simplified Chinese labels).',
        params: idParams,
        querystring: recordQuery,
      },
    },
    async (request, reply) => {
      const record = await getServiceRecord(context, request.actor!, request.params.id, request.query.language);
      const pdf = await renderServiceRecordPdf(record, context.clock.now(), { fontFile: context.pdfFontFile });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="service-record-${record.request.number}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  api.post(
    '/api/v1/cases/:id/service-record/confirmation',
    {
      config: { access: 'service-records.confirm' },
      schema: {
        tags,
        description:
          'The customer confirms the service record of their resolved case; the case becomes confirmed and the timeline says who, when and from where.',
        params: idParams,
        body: noteBody,
        response: { 200: serviceRecordView, ...commonErrors },
      },
    },
    async (request) => {
      await confirmServiceRecord(context, request.actor!, request.params.id, request.body, origin(request));
      return presentServiceRecord(await getServiceRecord(context, request.actor!, request.params.id));
    },
  );

  api.post(
    '/api/v1/cases/:id/service-record/confirmation-link',
    {
      config: { access: 'cases.work' },
      schema: {
        tags,
        description: 'Mails the case contact a new signed, single-use confirmation link (resolving a case sends one already).',
        params: idParams,
        response: { 202: z.object({ to: z.string(), expiresAt: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => reply.code(202).send(await sendConfirmationLink(context, request.actor!, request.params.id)),
  );

  api.get(
    '/api/v1/public/service-record-confirmations/:token',
    {
      config: { access: 'public', rateLimit: publicRateLimit },
      schema: {
        tags,
        description: 'What the e-mailed confirmation link shows: the record to confirm, or why it cannot be confirmed.',
        params: tokenParams,
        response: { 200: z.object({ state: linkStates, caseNumber: z.string().nullable(), record: serviceRecordView.nullable() }) },
      },
    },
    async (request) => {
      const inspected = await inspectConfirmationLink(context, request.params.token);
      if (inspected.state !== 'valid')
        return { state: inspected.state, caseNumber: 'caseNumber' in inspected ? inspected.caseNumber : null, record: null };
      const record = await buildServiceRecord(context.storage.db, inspected.caseId);
      return { state: 'valid' as const, caseNumber: record.request.number, record: presentServiceRecord(record) };
    },
  );

  api.post(
    '/api/v1/public/service-record-confirmations/:token',
    {
      config: { access: 'public', rateLimit: publicRateLimit },
      schema: {
        tags,
        description: 'Confirms through the e-mailed link, no sign-in. A used (409), expired (410) or forged (404) link changes nothing.',
        params: tokenParams,
        body: noteBody,
        response: { 200: z.object({ state: z.literal('confirmed'), caseNumber: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const result = await confirmServiceRecordByLink(context, request.params.token, request.body, origin(request));
      if (result.state === 'confirmed') return result;
      const caseNumber = 'caseNumber' in result ? result.caseNumber : '';
      return sendProblem(
        reply,
        request,
        linkStateStatus(result.state),
        `link-${result.state}`,
        translate(request.language, `serviceLoop.pages.states.confirmation-${result.state}.body`, { number: caseNumber }),
        { state: result.state },
      );
    },
  );

  // The confirmation page behind the e-mailed link, server-rendered so it needs neither the web app nor JavaScript.
  publicPages(app, (pages) => {
    pages.get('/public/service-record-confirmations/:token', pageRoute, async (request, reply) => {
      const path = htmlAnswer(request, reply);
      const inspected = await inspectConfirmationLink(context, request.params.token);
      if (inspected.state !== 'valid') {
        const language = pageLanguage(request.query.lang, 'language' in inspected ? inspected.language : null, request.language);
        const caseNumber = 'caseNumber' in inspected ? inspected.caseNumber : '';
        return reply
          .code(linkStateStatus(inspected.state))
          .send(messagePage(language, `confirmation-${inspected.state}`, path, { number: caseNumber }, null, portalOf(inspected)));
      }
      const record = await buildServiceRecord(context.storage.db, inspected.caseId);
      const language = pageLanguage(request.query.lang, record.language, request.language);
      return confirmationFormPage(
        language,
        path,
        language === record.language ? record : await recordFor(context, inspected.caseId, language),
        await pageFacts(context),
      );
    });

    pages.post('/public/service-record-confirmations/:token', formRoute, async (request, reply) => {
      const path = htmlAnswer(request, reply);
      const result = await confirmServiceRecordByLink(
        context,
        request.params.token,
        { note: request.body.note?.slice(0, 2_000) },
        origin(request),
      );
      const language = pageLanguage(request.query.lang, 'language' in result ? result.language : null, request.language);
      const caseNumber = 'caseNumber' in result ? result.caseNumber : '';
      if (result.state === 'confirmed')
        return messagePage(
          language,
          'confirmation-confirmed',
          path,
          { number: caseNumber },
          { next: confirmedNext(language, result.portal), facts: await pageFacts(context) },
        );
      return reply
        .code(linkStateStatus(result.state))
        .send(messagePage(language, `confirmation-${result.state}`, path, { number: caseNumber }, null, portalOf(result)));
    });
  });
}

/** Whether a refused link's page may point to the portal: only for an expired link of a contact with an account. */
const portalOf = (result: { state: string; portal?: boolean }): boolean => result.state === 'expired' && result.portal === true;
