import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { assignCompanyPosition, COMPANY_POSITIONS, listPositions } from '../../services/departments/company-positions.js';
import { changeDepartment, createDepartment, getDepartment, listDepartmentsPage } from '../../services/departments/manage-departments.js';
import { departmentView, presentDepartment } from '../presenters/people.js';
import { commonErrors, idParams, idSchema, nameSchema, pageOf, pageQuery } from '../schemas/common.js';

const positionView = z.object({ position: z.enum(COMPANY_POSITIONS), userId: z.string().nullable(), updatedAt: z.string().nullable() });

export function departmentRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const departmentBody = z.object({
    name: nameSchema,
    managerUserId: idSchema.nullable().optional(),
    vpInChargeUserId: idSchema.nullable().optional(),
    companyDefault: z.boolean().optional(),
  });

  api.get(
    '/api/v1/departments',
    {
      config: { access: 'departments.read' },
      schema: { tags: ['departments'], querystring: pageQuery, response: { 200: pageOf(departmentView), ...commonErrors } },
    },
    async (request) => {
      const page = await listDepartmentsPage(context, request.actor!, request.query);
      return { ...page, items: page.items.map(presentDepartment) };
    },
  );

  api.post(
    '/api/v1/departments',
    {
      config: { access: 'departments.manage' },
      schema: { tags: ['departments'], body: departmentBody, response: { 201: departmentView, ...commonErrors } },
    },
    async (request, reply) => reply.code(201).send(presentDepartment(await createDepartment(context, request.actor!, request.body))),
  );

  api.get(
    '/api/v1/departments/:id',
    {
      config: { access: 'departments.read' },
      schema: { tags: ['departments'], params: idParams, response: { 200: departmentView, ...commonErrors } },
    },
    async (request) => presentDepartment(await getDepartment(context, request.actor!, request.params.id)),
  );

  api.patch(
    '/api/v1/departments/:id',
    {
      config: { access: 'departments.manage' },
      schema: {
        tags: ['departments'],
        params: idParams,
        body: departmentBody.partial(),
        response: { 200: departmentView, ...commonErrors },
      },
    },
    async (request) => presentDepartment(await changeDepartment(context, request.actor!, request.params.id, request.body)),
  );

  api.get(
    '/api/v1/positions',
    {
      config: { access: 'departments.read' },
      schema: { tags: ['positions'], response: { 200: z.object({ items: z.array(positionView), nextCursor: z.null() }), ...commonErrors } },
    },
    async (request) => ({ items: await listPositions(context, request.actor!), nextCursor: null }),
  );

  api.put(
    '/api/v1/positions/:position',
    {
      config: { access: 'positions.manage' },
      schema: {
        tags: ['positions'],
        description: 'Puts a staff user into a company-wide escalation position (Operation Center GM or President); null empties it.',
        params: z.object({ position: z.enum(COMPANY_POSITIONS) }),
        body: z.object({ userId: idSchema.nullable() }),
        response: { 200: positionView, ...commonErrors },
      },
    },
    async (request) => assignCompanyPosition(context, request.actor!, request.params.position, request.body.userId),
  );
}
