import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { invalid, ServiceError } from '../../services/errors.js';
import { translate } from '../../i18n/translate.js';
import { sendProblem } from '../plugins/problem-details.js';
import { listYearlyChecksOfMonth } from '../../services/delivered-systems/list-yearly-checks.js';
import {
  changeProject,
  createProject,
  getProject,
  listProjectsPage,
  setProjectRetired,
} from '../../services/delivered-systems/manage-projects.js';
import {
  addProjectAttachment,
  listProjectAttachments,
  MAX_ATTACHMENT_BYTES,
  readProjectAttachment,
  removeProjectAttachment,
} from '../../services/delivered-systems/project-attachments.js';
import {
  attachmentView,
  presentAttachment,
  presentProject,
  presentProjectDetails,
  presentYearlyCheck,
  projectDetailsView,
  projectView,
  yearlyCheckView,
} from '../presenters/delivered-systems.js';
import { commonErrors, idParams, idSchema, includeRetiredQuery, nameSchema, pageOf, pageQuery } from '../schemas/common.js';
import { dateSchema, monthSchema, productBody } from '../schemas/delivered-systems.js';

const projectBody = z.object({
  organizationId: idSchema,
  name: nameSchema,
  deliveredAt: dateSchema,
  guaranteeEndsAt: dateSchema,
  implementingDepartmentId: idSchema.nullable().optional(),
  sites: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
  notes: z.string().max(5000).nullable().optional(),
  items: z.array(productBody).max(5000).optional(),
});

const projectChanges = projectBody.omit({ organizationId: true, items: true }).partial();

/**
 * The one file of an upload, whole, or `too-large`, however it was sent: with a Content-Length the body limit refuses
 * it before it arrives; sent chunked, the multipart parser cuts the file at the limit and marks it truncated, which
 * must be checked after reading (a cut that falls on a chunk boundary raises no error). A form the parser cannot
 * read is the sender's fault, a 400.
 */
async function uploadedFile(request: FastifyRequest): Promise<{ fileName: string; content: Buffer } | 'too-large'> {
  if (!request.isMultipart()) throw invalid('errors.attachmentMissing', 'file');
  try {
    const file = await request.file();
    if (!file || file.fieldname !== 'file') throw invalid('errors.attachmentMissing', 'file');
    const content = await file.toBuffer();
    if (file.file.truncated) return 'too-large';
    return { fileName: file.filename, content };
  } catch (error) {
    if (error instanceof request.server.multipartErrors.RequestFileTooLargeError) return 'too-large';
    const status = (error as { statusCode?: unknown }).statusCode;
    if (error instanceof ServiceError || (typeof status === 'number' && status < 500)) throw error;
    throw invalid('errors.attachmentUnreadable', 'file');
  }
}

export function projectRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/projects',
    {
      config: { access: 'projects.read' },
      schema: {
        tags: ['projects'],
        querystring: pageQuery.extend({
          organizationId: idSchema.optional(),
          text: z.string().max(200).optional(),
          includeRetired: includeRetiredQuery,
        }),
        response: { 200: pageOf(projectView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listProjectsPage(context, request.actor!, request.query);
      return { ...page, items: page.items.map(presentProject) };
    },
  );

  api.post(
    '/api/v1/projects',
    {
      config: { access: 'projects.manage' },
      schema: { tags: ['projects'], body: projectBody, response: { 201: projectDetailsView, ...commonErrors } },
    },
    async (request, reply) => reply.code(201).send(presentProjectDetails(await createProject(context, request.actor!, request.body))),
  );

  api.get(
    '/api/v1/projects/:id',
    {
      config: { access: 'projects.read' },
      schema: { tags: ['projects'], params: idParams, response: { 200: projectDetailsView, ...commonErrors } },
    },
    async (request) => presentProjectDetails(await getProject(context, request.actor!, request.params.id)),
  );

  api.patch(
    '/api/v1/projects/:id',
    {
      config: { access: 'projects.manage' },
      schema: { tags: ['projects'], params: idParams, body: projectChanges, response: { 200: projectDetailsView, ...commonErrors } },
    },
    async (request) => presentProjectDetails(await changeProject(context, request.actor!, request.params.id, request.body)),
  );

  for (const [path, retired, description] of [
    ['/api/v1/projects/:id/retire', true, 'Closes the delivered project: its products stay, no new products are added to it.'],
    ['/api/v1/projects/:id/reactivate', false, 'Reopens a closed project.'],
  ] as const) {
    api.post(
      path,
      {
        config: { access: 'projects.manage' },
        schema: { tags: ['projects'], description, params: idParams, response: { 200: projectDetailsView, ...commonErrors } },
      },
      async (request) => presentProjectDetails(await setProjectRetired(context, request.actor!, request.params.id, retired)),
    );
  }

  api.get(
    '/api/v1/projects/:id/attachments',
    {
      config: { access: 'projects.read' },
      schema: { tags: ['projects'], params: idParams, response: { 200: pageOf(attachmentView), ...commonErrors } },
    },
    async (request) => ({
      items: (await listProjectAttachments(context, request.actor!, request.params.id)).map(presentAttachment),
      nextCursor: null,
    }),
  );

  api.get(
    '/api/v1/projects/:id/attachments/:attachmentId',
    {
      config: { access: 'projects.read' },
      schema: { tags: ['projects'], params: idParams.extend({ attachmentId: idSchema }) },
    },
    async (request, reply) => {
      const { attachment, content } = await readProjectAttachment(context, request.actor!, request.params.id, request.params.attachmentId);
      return (
        reply
          .type(attachment.content_type)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.file_name)}`)
          // The stored type was sniffed on upload; the browser must not second-guess it into something runnable.
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(content)
      );
    },
  );

  api.delete(
    '/api/v1/projects/:id/attachments/:attachmentId',
    {
      config: { access: 'projects.manage' },
      schema: {
        tags: ['projects'],
        description: "Removes a file from the configuration record; the removal is in the audit log with the file's details.",
        params: idParams.extend({ attachmentId: idSchema }),
        response: { 204: z.null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await removeProjectAttachment(context, request.actor!, request.params.id, request.params.attachmentId);
      return reply.code(204).send(null);
    },
  );

  // Multipart only where files are uploaded, so no other route accepts it.
  void app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5, parts: 6 } });
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/projects/:id/attachments',
      {
        config: { access: 'projects.manage' },
        bodyLimit: MAX_ATTACHMENT_BYTES + 64 * 1024,
        schema: {
          tags: ['projects'],
          params: idParams,
          consumes: ['multipart/form-data'],
          response: { 201: attachmentView, ...commonErrors },
        },
      },
      async (request, reply) => {
        const file = await uploadedFile(request);
        if (file === 'too-large') {
          const detail = translate(request.language, 'errors.attachmentTooLarge', { max: `${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` });
          return sendProblem(reply, request, 413, 'payload-too-large', detail, {
            field: 'file',
            errors: [{ field: 'file', in: 'body', message: detail }],
          });
        }
        const attachment = await addProjectAttachment(context, request.actor!, request.params.id, file);
        return reply.code(201).send(presentAttachment(attachment));
      },
    );
  });

  api.get(
    '/api/v1/yearly-checks',
    {
      config: { access: 'yearly-checks.read' },
      schema: {
        tags: ['projects'],
        querystring: pageQuery.extend({ month: monthSchema, organizationId: idSchema.optional(), departmentId: idSchema.optional() }),
        response: { 200: pageOf(yearlyCheckView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listYearlyChecksOfMonth(context, request.actor!, request.query);
      return { ...page, items: page.items.map(presentYearlyCheck) };
    },
  );
}
