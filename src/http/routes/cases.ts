import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { confirmsServiceRecord } from '../../domain/access/policies/cases.js';
import { CASE_STATUSES } from '../../domain/cases/case-lifecycle.js';
import { CASE_LEVELS } from '../../domain/cases/levels.js';
import { QUEUE_SORTS, QUEUE_VIEWS } from '../../domain/cases/queue-views.js';
import { addCaseNote } from '../../services/cases/add-case-note.js';
import { authorizeRemoteAccess } from '../../services/cases/authorize-remote-access.js';
import { changeCaseLevel } from '../../services/cases/change-case-level.js';
import { CASE_CHANNELS, openCase } from '../../services/cases/open-case.js';
import { IDEMPOTENCY_KEY_LIFETIME_MS, openCaseOnce, rememberAnswer } from '../../services/cases/open-case-once.js';
import { recordServiceAction } from '../../services/cases/record-service-action.js';
import { transitionCase } from '../../services/cases/transition-case.js';
import { confirmServiceRecord } from '../../services/service-records/confirm-service-record.js';
import { updateCase } from '../../services/cases/update-case.js';
import { detailsOfOpenedCase, getCase, getCaseTimeline, listCases } from '../../services/cases/view-cases.js';
import type { ServiceContext } from '../../services/context.js';
import {
  MAX_FILES_PER_MESSAGE,
  readCaseAttachment,
  readUploadForNewCase,
  uploadCaseAttachment,
  uploadForNewCase,
} from '../../services/attachments/case-attachments.js';
import { isInlineImage } from '../../services/attachments/file-kinds.js';
import { attachmentMaxBytes } from '../../services/attachments/stored-files.js';
import { acceptUploads, sendStoredFile, sendTooLarge, uploadBodyLimit, uploadedFile } from '../uploads.js';
import { casesCsv } from '../../services/exports/list-exports.js';
import { LIST_CSV_NOTE, sendCsv, wantsCsv } from '../csv-download.js';
import {
  caseAttachmentView,
  presentCaseAttachment,
  caseView,
  presentCase,
  presentCaseSummary,
  presentServiceAction,
  presentTimelineEntry,
  caseSummaryView,
  serviceActionView,
  timelineEntryView,
} from '../presenters/cases.js';
import { commonErrors, emailSchema, idParams, idSchema, pageOf, pageQuery, problemSchema } from '../schemas/common.js';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time such as 2026-03-02T08:00:00Z' });
const level = z.union(CASE_LEVELS.map((value) => z.literal(value)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>]);
const title = z.string().trim().min(1, 'must not be empty').max(300);
const longText = (max: number) => z.string().max(max);

/** `a,b,c` in a query string, each checked against the allowed values. */
export function listOf<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .string()
    .max(500)
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));
}
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

const openCaseBody = z.object({
  organizationId: idSchema,
  contactId: idSchema.nullable().optional(),
  departmentId: idSchema.nullable().optional(),
  assigneeId: idSchema.nullable().optional(),
  channel: z.enum(CASE_CHANNELS),
  level,
  kind: z.enum(['fault', 'request']).optional(),
  title,
  description: longText(20_000),
  serialNumbers: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  receivedAt: instant.optional(),
  attachmentIds: z
    .array(idSchema)
    .max(MAX_FILES_PER_MESSAGE)
    .optional()
    .describe('Files uploaded for this case first (`POST /api/v1/cases/attachments`); they go on its first entry, public.'),
});

/** An sf-string as the Idempotency-Key draft writes it (`"…"`, with `\"` and `\\` escaped). */
const QUOTED_KEY = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/;
const MAX_IDEMPOTENCY_KEY = 255;

/** `Idempotency-Key`: a quoted string as the IETF draft defines it, or the bare key many clients send. */
const idempotencyKeyHeader = z
  .string()
  .max(2 * MAX_IDEMPOTENCY_KEY + 2)
  .transform((value, context) => {
    const trimmed = value.trim();
    const quoted = QUOTED_KEY.exec(trimmed);
    // A bare key may not hold a quote: `"abc` is a broken quoted key, not the key `"abc`.
    const key = quoted ? quoted[1]!.replace(/\\(["\\])/g, '$1') : trimmed.includes('"') ? '' : trimmed;
    if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY || !/^[\x20-\x7e]+$/.test(key)) {
      context.addIssue({
        code: 'custom',
        message: `must be 1 to ${MAX_IDEMPOTENCY_KEY} printable ASCII characters, such as a random UUID in quotes`,
      });
      return z.NEVER;
    }
    return key;
  })
  .describe(
    `Makes the request safe to repeat: the same key with the same body, within ${IDEMPOTENCY_KEY_LIFETIME_MS / 3_600_000} h, answers the case opened the first time instead of opening another. Keys belong to the calling user.`,
  );

const openCaseHeaders = z.looseObject({ 'idempotency-key': idempotencyKeyHeader.optional() });

const caseQuery = pageQuery.extend({
  status: listOf(z.enum(CASE_STATUSES)).optional(),
  level: listOf(z.enum(['1', '2', '3', '4']).transform(Number)).optional(),
  departmentId: idSchema.optional(),
  assigneeId: z.union([idSchema, z.literal('me')]).optional(),
  unassigned: flag.optional(),
  organizationId: idSchema.optional(),
  escalated: flag.optional(),
  open: flag.optional(),
  serial: z.string().trim().min(1).max(100).optional(),
  text: z.string().trim().min(1).max(200).optional(),
  view: z
    .enum([...QUEUE_VIEWS, 'landing'])
    .optional()
    .describe(
      'A queue view, or `landing`: the view the caller lands on (as `GET /api/v1/queues` names it). The other filters narrow it further. ' +
        'Its default order is `next-escalation` (`resolved` for recently-closed, `received` for all)',
    ),
  sort: z.enum(QUEUE_SORTS).optional(),
  direction: z.enum(['asc', 'desc']).optional().describe("Each order's own direction unless given: newest, most urgent or lowest first"),
});

const actionBody = z.object({
  type: z.enum(['phone', 'remote', 'onsite']),
  summary: longText(20_000).min(1, 'must not be empty'),
  startedAt: instant.optional(),
  endedAt: instant.optional(),
  outcome: longText(5_000).optional(),
  engineerUserId: idSchema.optional(),
  plannedStart: instant.optional(),
  plannedEnd: instant.optional(),
  arrivedAt: instant.optional(),
  departedAt: instant.optional(),
});

export function caseRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cases'];

  const caseResponse = async (actorId: Parameters<typeof getCase>[1], id: string) => presentCase(await getCase(context, actorId, id));

  api.post(
    '/api/v1/cases',
    {
      config: { access: 'cases.create' },
      schema: {
        tags,
        description:
          'Logs a customer service request. `receivedAt` may lie in the past (a call logged late); already-due upgrading reports fire at once. ' +
          'With an `Idempotency-Key` header a lost answer can be asked for again: a repeat with the same key and body answers the same case (201, the same body); ' +
          'the same key with another body is a 422, and a repeat while the first request is still running a 409.',
        headers: openCaseHeaders,
        body: openCaseBody,
        response: { 201: caseView, ...commonErrors, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const serialNumbers = [...new Set((request.body.serialNumbers ?? []).map((serial) => serial.trim()))];
      const key = request.headers['idempotency-key'];
      if (key === undefined) {
        const created = await openCase(context, actor, request.body);
        return reply.code(201).send(presentCase(await detailsOfOpenedCase(context, actor, created, serialNumbers)));
      }
      const outcome = await openCaseOnce(context, actor, request.body, key);
      if (outcome.kind === 'repeated') {
        const kept = outcome.status === 201 ? caseView.safeParse(outcome.body) : null;
        // Without a kept answer (the first request's was lost right after its commit, in a crash): the case as it is.
        return reply.code(201).send(kept?.success ? kept.data : await caseResponse(actor, outcome.caseId));
      }
      const body = presentCase(await detailsOfOpenedCase(context, actor, outcome.row, serialNumbers));
      try {
        await rememberAnswer(context, actor, key, 201, body);
      } catch (error) {
        // The case is stored with its key; a repeat then answers the case as it stands.
        request.log.warn({ err: error }, 'could not keep the answer of an idempotent request');
      }
      return reply.code(201).send(body);
    },
  );

  api.get(
    '/api/v1/cases',
    {
      config: { access: 'cases.read' },
      schema: {
        tags,
        description: "Queues and search; a customer's are always their own organisation's." + LIST_CSV_NOTE,
        querystring: caseQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: pageOf(caseSummaryView), ...commonErrors },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const filters = {
        status: query.status,
        level: query.level as (1 | 2 | 3 | 4)[] | undefined,
        departmentId: query.departmentId,
        assigneeId: query.assigneeId === 'me' ? request.actor!.userId : query.assigneeId,
        unassigned: query.unassigned,
        organizationId: query.organizationId,
        escalated: query.escalated,
        open: query.open,
        serialNumber: query.serial,
        text: query.text,
        view: query.view,
        sort: query.sort,
        direction: query.direction,
      };
      if (wantsCsv(request)) return sendCsv(reply, await casesCsv(context, request.actor!, filters, request.language));
      const page = await listCases(context, request.actor!, { ...filters, cursor: query.cursor, limit: query.limit });
      return { nextCursor: page.nextCursor, items: page.items.map((row) => presentCaseSummary(row, row.serialNumbers)) };
    },
  );

  api.get(
    '/api/v1/cases/:id',
    { config: { access: 'cases.read' }, schema: { tags, params: idParams, response: { 200: caseView, ...commonErrors } } },
    async (request) => caseResponse(request.actor!, request.params.id),
  );

  api.patch(
    '/api/v1/cases/:id',
    {
      config: { access: 'cases.update' },
      schema: {
        tags,
        description:
          'Edits title, description, contact and CC addresses; assigns a department and an assignee (a new case with an assignee becomes assigned).',
        params: idParams,
        body: z
          .object({
            title: title.optional(),
            description: longText(20_000).optional(),
            contactId: idSchema.nullable().optional(),
            departmentId: idSchema.nullable().optional(),
            assigneeId: idSchema.nullable().optional(),
            ccAddresses: z
              .array(emailSchema)
              .max(20, 'at most 20 addresses')
              .optional()
              .describe('Who else receives the public replies of the case by mail, besides its contact (replaces the list)'),
          })
          .refine((body) => Object.keys(body).length > 0, { message: 'name at least one field to change' }),
        response: { 200: caseView, ...commonErrors },
      },
    },
    async (request) => {
      await updateCase(context, request.actor!, request.params.id, request.body);
      return caseResponse(request.actor!, request.params.id);
    },
  );

  api.post(
    '/api/v1/cases/:id/transitions',
    {
      config: { access: ['cases.transition', 'cases.reopen'] },
      schema: {
        tags,
        description:
          'Moves the case through its lifecycle. An illegal move is a 409 that lists the allowed ones. Customers may confirm or reopen their own case.',
        params: idParams,
        body: z.object({ to: z.enum(CASE_STATUSES), note: longText(5_000).optional() }),
        response: { 200: caseView, ...commonErrors },
      },
    },
    async (request) => {
      const actor = request.actor!;
      // A customer's "confirmed" is the confirmation of the service record: recorded with who, when and from where.
      if (confirmsServiceRecord(actor, request.body.to)) {
        await confirmServiceRecord(
          context,
          actor,
          request.params.id,
          { note: request.body.note },
          { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null },
        );
      } else {
        await transitionCase(context, actor, request.params.id, request.body);
      }
      return caseResponse(actor, request.params.id);
    },
  );

  api.post(
    '/api/v1/cases/:id/level',
    {
      config: { access: 'cases.change-level' },
      schema: {
        tags,
        description: 'Raises or lowers the level with a reason: the ladder is re-planned from the same received-at.',
        params: idParams,
        body: z.object({ level, reason: z.string().trim().min(1, 'must not be empty').max(2_000) }),
        response: { 200: caseView, ...commonErrors },
      },
    },
    async (request) => {
      await changeCaseLevel(context, request.actor!, request.params.id, request.body);
      return caseResponse(request.actor!, request.params.id);
    },
  );

  api.post(
    '/api/v1/cases/:id/actions',
    {
      config: { access: 'cases.work' },
      schema: {
        tags,
        description: 'Records phone support, a remote session (needs the customer authorisation on record) or an on-site visit.',
        params: idParams,
        body: actionBody,
        response: { 201: serviceActionView, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentServiceAction(await recordServiceAction(context, request.actor!, request.params.id, request.body))),
  );

  api.post(
    '/api/v1/cases/:id/remote-authorization',
    {
      config: { access: ['cases.work', 'cases.authorize-remote'] },
      schema: {
        tags,
        description:
          "Records the customer's authorisation for remote access: by the customer in the portal, or by staff who took it by phone.",
        params: idParams,
        body: z.object({ grantedBy: z.string().trim().max(200).optional(), note: longText(2_000).optional() }),
        response: { 200: caseView, ...commonErrors },
      },
    },
    async (request) => {
      await authorizeRemoteAccess(context, request.actor!, request.params.id, request.body);
      return caseResponse(request.actor!, request.params.id);
    },
  );

  api.post(
    '/api/v1/cases/:id/notes',
    {
      config: { access: ['cases.note-internal', 'cases.reply-public'] },
      schema: {
        tags,
        description:
          'An internal note (staff) or a public reply (staff and the customer), with files uploaded for it first ' +
          '(`POST /api/v1/cases/{id}/attachments`, then their ids in `attachmentIds`). A public reply is mailed with its files. ' +
          'The text may be left empty when files are sent; a message with neither is refused, naming `body`.',
        params: idParams,
        body: z
          .object({
            body: z.string().trim().max(20_000).default(''),
            visibility: z.enum(['internal', 'public']),
            attachmentIds: z.array(idSchema).max(MAX_FILES_PER_MESSAGE).optional(),
          })
          .refine((note) => note.body !== '' || (note.attachmentIds?.length ?? 0) > 0, { message: 'must not be empty', path: ['body'] }),
        response: { 204: z.null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await addCaseNote(context, request.actor!, request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/v1/cases/:id/attachments/:attachmentId',
    {
      config: { access: 'cases.read' },
      schema: {
        tags,
        description:
          'Downloads a file of the case: images inline, anything else as an attachment, typed from its bytes. A file of an ' +
          'internal note, an unsent upload of someone else, or a case of another organisation is 404.',
        params: idParams.extend({ attachmentId: idSchema }),
      },
    },
    async (request, reply) => {
      const { attachment, content } = await readCaseAttachment(context, request.actor!, request.params.id, request.params.attachmentId);
      const file = { fileName: attachment.file_name, contentType: attachment.content_type, content };
      return sendStoredFile(reply, file, isInlineImage(attachment.content_type) ? 'inline' : 'attachment');
    },
  );

  api.get(
    '/api/v1/cases/attachments/:attachmentId',
    {
      config: { access: 'cases.create' },
      schema: {
        tags,
        description: 'An upload for a case not yet logged, for its uploader (a preview in the form); anyone else, or once sent, 404.',
        params: z.object({ attachmentId: idSchema }),
      },
    },
    async (request, reply) => {
      const { attachment, content } = await readUploadForNewCase(context, request.actor!, request.params.attachmentId);
      const file = { fileName: attachment.file_name, contentType: attachment.content_type, content };
      return sendStoredFile(reply, file, isInlineImage(attachment.content_type) ? 'inline' : 'attachment');
    },
  );

  const maxBytes = attachmentMaxBytes(context);
  void app.register(async (scoped) => {
    await acceptUploads(scoped, maxBytes);
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/cases/attachments',
      {
        config: { access: 'cases.create' },
        bodyLimit: uploadBodyLimit(maxBytes),
        schema: {
          tags,
          description:
            'Uploads one file (multipart field `file`) for a case being logged, before it exists: its id goes in the new ' +
            "case's `attachmentIds` (`POST /api/v1/cases`). Until then only the uploader sees it; unsent, it is deleted " +
            'with the other unsent uploads. Too big is 413.',
          consumes: ['multipart/form-data'],
          response: { 201: caseAttachmentView, ...commonErrors },
        },
      },
      async (request, reply) => {
        const file = await uploadedFile(request);
        if (file === 'too-large') return sendTooLarge(reply, request, maxBytes);
        const attachment = await uploadForNewCase(context, request.actor!, file);
        return reply.code(201).send(presentCaseAttachment(attachment));
      },
    );
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/cases/:id/attachments',
      {
        config: { access: ['cases.note-internal', 'cases.reply-public'] },
        bodyLimit: uploadBodyLimit(maxBytes),
        schema: {
          tags,
          description:
            'Uploads one file (multipart field `file`) to send with a reply, note or portal message: its id goes in ' +
            "the message's `attachmentIds`. Until then only the uploader sees it. Too big is 413.",
          params: idParams,
          consumes: ['multipart/form-data'],
          response: { 201: caseAttachmentView, ...commonErrors },
        },
      },
      async (request, reply) => {
        const file = await uploadedFile(request);
        if (file === 'too-large') return sendTooLarge(reply, request, maxBytes);
        const attachment = await uploadCaseAttachment(context, request.actor!, request.params.id, file);
        return reply.code(201).send(presentCaseAttachment(attachment));
      },
    );
  });

  api.get(
    '/api/v1/cases/:id/timeline',
    {
      config: { access: 'cases.read' },
      schema: {
        tags,
        params: idParams,
        querystring: pageQuery.extend({ limit: z.coerce.number().int().min(1).max(500).default(200) }),
        response: { 200: pageOf(timelineEntryView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await getCaseTimeline(context, request.actor!, request.params.id, request.query);
      return { ...page, items: page.items.map(presentTimelineEntry) };
    },
  );
}
