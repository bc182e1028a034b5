import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { planTraining, TRAINING_KINDS } from '../../services/trainings/plan-training.js';
import { cancelTraining, changeTraining } from '../../services/trainings/change-training.js';
import { recordTrainingAttendance } from '../../services/trainings/record-attendance.js';
import { getTraining, listTrainingsFor } from '../../services/trainings/view-trainings.js';
import { trainingsCsv } from '../../services/exports/list-exports.js';
import { LIST_CSV_NOTE, sendCsv, wantsCsv } from '../csv-download.js';
import { presentTraining, trainingView } from '../presenters/trainings.js';
import { commonErrors, emailSchema, httpUrlSchema, idParams, idSchema, nameSchema, pageOf, pageQuery } from '../schemas/common.js';

const date = z.iso.date({ message: 'must be a date such as 2026-03-02' });
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 09:30');

const attendeeBody = z.object({ name: nameSchema, email: emailSchema.nullable().optional(), contactId: idSchema.nullable().optional() });

const planBody = z.object({
  organizationId: idSchema,
  kind: z.enum(TRAINING_KINDS).default('class'),
  topic: z.string().trim().min(1, 'must not be empty').max(300),
  trainerUserId: idSchema,
  date,
  startTime: clockTime.nullable().optional(),
  endTime: clockTime.nullable().optional(),
  place: z.string().trim().min(1, 'must not be empty').max(500),
  materials: z
    .array(z.object({ title: z.string().trim().min(1).max(300), url: httpUrlSchema.nullable().optional() }))
    .max(100)
    .optional(),
  attendees: z.array(attendeeBody).max(500).optional(),
  caseId: idSchema.nullable().optional(),
  departmentId: idSchema.nullable().optional(),
  contactId: idSchema.nullable().optional(),
});

export function trainingRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['trainings'];

  api.post(
    '/api/v1/trainings',
    {
      config: { access: 'trainings.manage' },
      schema: {
        tags,
        description: 'Plans an on-site training: a class or an on-site display for a customer.',
        body: planBody,
        response: { 201: trainingView, ...commonErrors },
      },
    },
    async (request, reply) => {
      const planned = await planTraining(context, request.actor!, request.body);
      return reply.code(201).send(presentTraining(request.actor!, await getTraining(context, request.actor!, planned.id)));
    },
  );

  api.get(
    '/api/v1/trainings',
    {
      config: { access: 'trainings.read' },
      schema: {
        tags,
        description: "Trainings newest first with their attendees; a customer sees their own organisation's only." + LIST_CSV_NOTE,
        querystring: pageQuery.extend({ organizationId: idSchema.optional(), trainerId: idSchema.optional(), caseId: idSchema.optional() }),
        produces: ['application/json', 'text/csv'],
        response: { 200: pageOf(trainingView), ...commonErrors },
      },
    },
    async (request, reply) => {
      if (wantsCsv(request)) return sendCsv(reply, await trainingsCsv(context, request.actor!, request.query, request.language));
      const page = await listTrainingsFor(context, request.actor!, request.query);
      return { nextCursor: page.nextCursor, items: page.items.map((item) => presentTraining(request.actor!, item)) };
    },
  );

  api.get(
    '/api/v1/trainings/:id',
    { config: { access: 'trainings.read' }, schema: { tags, params: idParams, response: { 200: trainingView, ...commonErrors } } },
    async (request) => presentTraining(request.actor!, await getTraining(context, request.actor!, request.params.id)),
  );

  api.patch(
    '/api/v1/trainings/:id',
    {
      config: { access: 'trainings.manage' },
      schema: {
        tags,
        description:
          'Changes a planned training. `attendees` is the whole new list: kept invitees (by id, contact or address) hear what changed, new ones get the invitation, those left out are told they are no longer invited. A held or cancelled training is 409.',
        params: idParams,
        body: planBody
          .pick({ topic: true, trainerUserId: true, date: true, startTime: true, endTime: true, place: true })
          .partial()
          .extend({
            attendees: z
              .array(attendeeBody.extend({ id: idSchema.optional() }))
              .max(500)
              .optional(),
          }),
        response: { 200: trainingView, ...commonErrors },
      },
    },
    async (request) => {
      await changeTraining(context, request.actor!, request.params.id, request.body);
      return presentTraining(request.actor!, await getTraining(context, request.actor!, request.params.id));
    },
  );

  api.post(
    '/api/v1/trainings/:id/cancel',
    {
      config: { access: 'trainings.manage' },
      schema: {
        tags,
        description: 'Cancels a planned training; every invitee gets a cancellation mail in the training’s thread. A held training is 409.',
        params: idParams,
        body: z.object({ reason: z.string().trim().max(1000).nullable().optional() }),
        response: { 200: trainingView, ...commonErrors },
      },
    },
    async (request) => {
      await cancelTraining(context, request.actor!, request.params.id, request.body);
      return presentTraining(request.actor!, await getTraining(context, request.actor!, request.params.id));
    },
  );

  api.post(
    '/api/v1/trainings/:id/attendance',
    {
      config: { access: 'trainings.manage' },
      schema: {
        tags,
        description: 'Records who attended; the training is then held and the customer contact gets the follow-up survey (once).',
        params: idParams,
        body: z.object({
          attendance: z.array(z.object({ attendeeId: idSchema, attended: z.boolean() })).max(500),
          walkIns: z
            .array(z.object({ name: nameSchema, email: emailSchema.nullable().optional() }))
            .max(500)
            .optional(),
        }),
        response: { 200: trainingView, ...commonErrors },
      },
    },
    async (request) => {
      await recordTrainingAttendance(context, request.actor!, request.params.id, request.body);
      return presentTraining(request.actor!, await getTraining(context, request.actor!, request.params.id));
    },
  );
}
