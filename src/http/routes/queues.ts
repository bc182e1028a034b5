import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CASE_STATUSES } from '../../domain/cases/case-lifecycle.js';
import { QUEUE_COLUMNS } from '../../domain/cases/queue-views.js';
import { bulkChangeCases, MAX_BULK_CASES } from '../../services/cases/bulk-change-cases.js';
import type { ServiceContext } from '../../services/context.js';
import { chooseQueueColumns } from '../../services/queues/choose-queue-columns.js';
import { deleteQueueFilter, saveQueueFilter } from '../../services/queues/manage-saved-filters.js';
import { viewQueues } from '../../services/queues/view-queues.js';
import {
  bulkResultView,
  presentBulkOutcomes,
  presentQueueOverview,
  presentSavedQueueFilter,
  queueFilterSet,
  queueOverviewView,
  savedQueueFilterView,
} from '../presenters/queues.js';
import { commonErrors, idParams, idSchema, nameSchema } from '../schemas/common.js';

const bulkBody = z.object({
  caseIds: z.array(idSchema).min(1, 'select at least one case').max(MAX_BULK_CASES),
  change: z.discriminatedUnion('type', [
    z.object({ type: z.literal('assign'), assigneeId: idSchema.nullable() }),
    z.object({ type: z.literal('status'), to: z.enum(CASE_STATUSES), note: z.string().max(5_000).optional() }),
    z.object({ type: z.literal('department'), departmentId: idSchema }),
    z.object({ type: z.literal('note'), body: z.string().trim().min(1, 'must not be empty').max(20_000) }),
  ]),
});

export function queueRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['queues'];

  api.get(
    '/api/v1/queues',
    {
      config: { access: 'cases.read' },
      schema: {
        tags,
        description:
          'The queue views the caller has, with counts (capped: past 1 000 a view says `capped`), the view they land on, and their own columns and saved filters. ' +
          'A view lists through `GET /api/v1/cases?view=…`.',
        response: { 200: queueOverviewView, ...commonErrors },
      },
    },
    async (request) => presentQueueOverview(await viewQueues(context, request.actor!)),
  );

  api.put(
    '/api/v1/queues/columns',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        description: "Chooses the caller's own queue columns, in order; the case number always stays.",
        body: z.object({ columns: z.array(z.enum(QUEUE_COLUMNS)).min(1).max(QUEUE_COLUMNS.length) }),
        response: { 200: z.object({ columns: z.array(z.enum(QUEUE_COLUMNS)) }), ...commonErrors },
      },
    },
    async (request) => ({ columns: await chooseQueueColumns(context, request.actor!, request.body.columns) }),
  );

  api.post(
    '/api/v1/queues/filters',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        description: "Saves a filter under a name for the caller only; the caller's filter of the same name is replaced.",
        body: z.object({ name: nameSchema.max(100), filter: queueFilterSet }),
        response: { 201: savedQueueFilterView, ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(presentSavedQueueFilter(await saveQueueFilter(context, request.actor!, request.body))),
  );

  api.delete(
    '/api/v1/queues/filters/:id',
    {
      config: { access: 'signed-in' },
      schema: { tags, params: idParams, response: { 204: z.null(), ...commonErrors } },
    },
    async (request, reply) => {
      await deleteQueueFilter(context, request.actor!, request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/cases/bulk',
    {
      config: { access: ['cases.assign', 'cases.transition', 'cases.note-internal'] },
      schema: {
        tags: ['cases'],
        description:
          `One change to up to ${MAX_BULK_CASES} cases: assign (or unassign), change status, change department, or add an internal note. ` +
          'Each case is changed as a single change would change it (the case policy and the lifecycle decide per case, its timeline records it), ' +
          "each in its own transaction: the answer is 200 with each case's result, a refusal carrying the status and detail a single change would have answered.",
        body: bulkBody,
        response: { 200: bulkResultView, ...commonErrors },
      },
    },
    async (request) => {
      const outcomes = await bulkChangeCases(context, request.actor!, request.body.caseIds, request.body.change);
      return presentBulkOutcomes(outcomes, request.language);
    },
  );
}
