import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CANNED_REPLY_LIMITS, CANNED_REPLY_PLACEHOLDERS } from '../../domain/canned-replies/canned-replies.js';
import {
  createCannedReply,
  deleteCannedReply,
  fillCannedReply,
  getCannedReply,
  listCannedRepliesFor,
  updateCannedReply,
} from '../../services/canned-replies/manage-canned-replies.js';
import type { ServiceContext } from '../../services/context.js';
import { cannedReplyListView, cannedReplyView, filledCannedReplyView } from '../presenters/canned-replies.js';
import { commonErrors, idParams, idSchema, languageSchema, nameSchema } from '../schemas/common.js';

const bodyText = z.string().max(CANNED_REPLY_LIMITS.body);
const placeholders = CANNED_REPLY_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ');

/** Canned replies: shared per department (managers) or personal (every staff user), filled for a case on insert. */
export function cannedReplyRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['canned-replies'];

  api.get(
    '/api/v1/canned-replies',
    {
      config: { access: 'canned-replies.use' },
      schema: {
        tags,
        description:
          "The replies the caller may use: their department(s)' shared replies (every department's for an admin) and their own, by title. " +
          "`caseId` puts the case department's replies first; `q` searches title and text; `scope` narrows to shared or personal ones.",
        querystring: z.object({
          q: z.string().trim().max(200).optional(),
          scope: z.enum(['department', 'personal']).optional(),
          caseId: idSchema.optional(),
        }),
        response: { 200: cannedReplyListView, ...commonErrors },
      },
    },
    async (request) => listCannedRepliesFor(context, request.actor!, { ...request.query, search: request.query.q }),
  );

  api.get(
    '/api/v1/canned-replies/:id',
    {
      config: { access: 'canned-replies.use' },
      schema: { tags, params: idParams, response: { 200: cannedReplyView, ...commonErrors } },
    },
    async (request) => getCannedReply(context, request.actor!, request.params.id),
  );

  api.post(
    '/api/v1/canned-replies',
    {
      config: { access: 'canned-replies.use' },
      schema: {
        tags,
        description:
          `Creates a reply: \`personal\` (the caller's own) or \`department\` (shared with \`departmentId\`; managers for their department(s), admins for any). ` +
          `Text in English, Chinese or both; the placeholders ${placeholders} are filled when inserted into a case, any other {{name}} is refused.`,
        body: z.object({
          title: nameSchema,
          body: z.object({ en: bodyText.default(''), 'zh-CN': bodyText.default('') }),
          scope: z.enum(['department', 'personal']),
          departmentId: idSchema.optional(),
        }),
        response: { 201: cannedReplyView, ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await createCannedReply(context, request.actor!, request.body)),
  );

  api.patch(
    '/api/v1/canned-replies/:id',
    {
      config: { access: 'canned-replies.use' },
      schema: {
        tags,
        description: 'Changes the title or a text (send "" to take a language out; one must stay); the scope stays as created.',
        params: idParams,
        body: z.object({
          title: nameSchema.optional(),
          body: z.object({ en: bodyText.optional(), 'zh-CN': bodyText.optional() }).optional(),
        }),
        response: { 200: cannedReplyView, ...commonErrors },
      },
    },
    async (request) => updateCannedReply(context, request.actor!, request.params.id, request.body),
  );

  api.delete(
    '/api/v1/canned-replies/:id',
    {
      config: { access: 'canned-replies.use' },
      schema: { tags, params: idParams, response: { 204: z.null(), ...commonErrors } },
    },
    async (request, reply) => {
      await deleteCannedReply(context, request.actor!, request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/v1/cases/:id/canned-replies/:replyId/filled',
    {
      config: { access: 'canned-replies.use' },
      schema: {
        tags,
        description:
          "A reply's text filled for this case: customer, contact, case number, level, the hotline number, and the caller as engineer. " +
          "`language` defaults to the contact's; a reply not written in it comes in the other language. A placeholder the case has no value for stays as written and is named in `missing`.",
        params: z.object({ id: idSchema, replyId: idSchema }),
        querystring: z.object({ language: languageSchema.optional() }),
        response: { 200: filledCannedReplyView, ...commonErrors },
      },
    },
    async (request) => fillCannedReply(context, request.actor!, request.params.id, request.params.replyId, request.query.language),
  );
}
