import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { attachmentMaxBytes } from '../../services/attachments/stored-files.js';
import { acceptUploads, sendStoredFile, sendTooLarge, uploadBodyLimit, uploadedFile } from '../uploads.js';
import { listYearlyChecksOfMonth } from '../../services/delivered-systems/list-yearly-checks.js';
import { yearlyChecksCsv } from '../../services/exports/list-exports.js';
import { LIST_CSV_NOTE, sendCsv, wantsCsv } from '../csv-download.js';
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
      return { ...page, items: page.items.map((item) => presentProject(request.actor!, item)) };
    },
  );

  api.post(
    '/api/v1/projects',
    {
      config: { access: 'projects.manage' },
      schema: { tags: ['projects'], body: projectBody, response: { 201: projectDetailsView, ...commonErrors } },
    },
    async (request, reply) =>
      reply.code(201).send(presentProjectDetails(request.actor!, await createProject(context, request.actor!, request.body))),
  );

  api.get(
    '/api/v1/projects/:id',
    {
      config: { access: 'projects.read' },
      schema: { tags: ['projects'], params: idParams, response: { 200: projectDetailsView, ...commonErrors } },
    },
    async (request) => presentProjectDetails(request.actor!, await getProject(context, request.actor!, request.params.id)),
  );

  api.patch(
    '/api/v1/projects/:id',
    {
      config: { access: 'projects.manage' },
      schema: { tags: ['projects'], params: idParams, body: projectChanges, response: { 200: projectDetailsView, ...commonErrors } },
    },
    async (request) => presentProjectDetails(request.actor!, await changeProject(context, request.actor!, request.params.id, request.body)),
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
      async (request) =>
        presentProjectDetails(request.actor!, await setProjectRetired(context, request.actor!, request.params.id, retired)),
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
      return sendStoredFile(reply, { fileName: attachment.file_name, contentType: attachment.content_type, content });
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

  const maxBytes = attachmentMaxBytes(context);
  void app.register(async (scoped) => {
    await acceptUploads(scoped, maxBytes);
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/projects/:id/attachments',
      {
        config: { access: 'projects.manage' },
        bodyLimit: uploadBodyLimit(maxBytes),
        schema: {
          tags: ['projects'],
          params: idParams,
          consumes: ['multipart/form-data'],
          response: { 201: attachmentView, ...commonErrors },
        },
      },
      async (request, reply) => {
        const file = await uploadedFile(request);
        if (file === 'too-large') return sendTooLarge(reply, request, maxBytes);
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
        description: 'The yearly checks of a month: those already opened as cases and those still to come.' + LIST_CSV_NOTE,
        querystring: pageQuery.extend({ month: monthSchema, organizationId: idSchema.optional(), departmentId: idSchema.optional() }),
        produces: ['application/json', 'text/csv'],
        response: { 200: pageOf(yearlyCheckView), ...commonErrors },
      },
    },
    async (request, reply) => {
      if (wantsCsv(request)) return sendCsv(reply, await yearlyChecksCsv(context, request.actor!, request.query, request.language));
      const page = await listYearlyChecksOfMonth(context, request.actor!, request.query);
      return { ...page, items: page.items.map((item) => presentYearlyCheck(request.actor!, item)) };
    },
  );
}
