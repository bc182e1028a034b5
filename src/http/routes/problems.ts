import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROBLEM_STATUSES } from '../../domain/problems/problem-lifecycle.js';
import type { ServiceContext } from '../../services/context.js';
import { addPreventiveAction } from '../../services/problems/add-preventive-action.js';
import { completePreventiveAction } from '../../services/problems/complete-preventive-action.js';
import { createProblem } from '../../services/problems/create-problem.js';
import { linkCaseToProblem } from '../../services/problems/link-case.js';
import { transitionProblem } from '../../services/problems/transition-problem.js';
import { unlinkCaseFromProblem } from '../../services/problems/unlink-case.js';
import { updateProblemRecord } from '../../services/problems/update-problem.js';
import { getProblem, listProblemsFor } from '../../services/problems/view-problems.js';
import { writeArticleFromProblem } from '../../services/problems/write-problem-article.js';
import { setArticleProblemLink } from '../../services/articles/link-problem.js';
import { getArticle } from '../../services/articles/view-articles.js';
import { articleView, presentArticle } from '../presenters/articles.js';
import { presentProblem, presentProblemSummary, problemSummaryView, problemView } from '../presenters/problems.js';
import { commonErrors, idParams, idSchema, pageOf, pageQuery } from '../schemas/common.js';
import { readerLanguage } from './articles.js';
import { linkRoutes } from './link-routes.js';
import { problemsCsv } from '../../services/exports/list-exports.js';
import { LIST_CSV_NOTE, sendCsv, wantsCsv } from '../csv-download.js';

const date = z.iso.date({ message: 'must be a date such as 2026-03-02' });
const longText = z.string().trim().max(20_000);

const createBody = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(300),
  description: longText.default(''),
  ownerId: idSchema,
  rootCause: longText.nullable().optional(),
  workaround: longText.nullable().optional(),
  organizationIds: z.array(idSchema).max(500).optional(),
  products: z
    .array(z.object({ vendorId: idSchema.nullable().optional(), model: z.string().trim().max(200).nullable().optional() }))
    .max(200)
    .optional(),
  fromCaseId: idSchema.nullable().optional().describe('Open the problem from this case: the case is linked to it'),
});

export function problemRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['problems'];
  const problemResponse = async (request: FastifyRequest, id: string) =>
    presentProblem(await getProblem(context, request.actor!, id, readerLanguage(request)));

  api.get(
    '/api/v1/problems',
    {
      config: { access: 'problems.read' },
      schema: {
        tags,
        description: 'Problem records, newest first; filtered by status and owner.' + LIST_CSV_NOTE,
        querystring: pageQuery.extend({ status: z.enum(PROBLEM_STATUSES).optional(), ownerId: idSchema.optional() }),
        produces: ['application/json', 'text/csv'],
        response: { 200: pageOf(problemSummaryView), ...commonErrors },
      },
    },
    async (request, reply) => {
      if (wantsCsv(request)) return sendCsv(reply, await problemsCsv(context, request.actor!, request.query, request.language));
      const page = await listProblemsFor(context, request.actor!, request.query);
      return { nextCursor: page.nextCursor, items: page.items.map(presentProblemSummary) };
    },
  );

  api.post(
    '/api/v1/problems',
    {
      config: { access: 'problems.manage' },
      schema: {
        tags,
        description:
          'Opens a problem record owned by an expert or a manager. With `fromCaseId` it is opened from that case: the case is linked and its customer is among the affected ones.',
        body: createBody,
        response: { 201: problemView, ...commonErrors },
      },
    },
    async (request, reply) => {
      const created = await createProblem(context, request.actor!, request.body);
      return reply.code(201).send(await problemResponse(request, created.id));
    },
  );

  api.get(
    '/api/v1/problems/:id',
    {
      config: { access: 'problems.read' },
      schema: {
        tags,
        description: 'A problem with its affected customers and products, linked cases, preventive actions and timeline.',
        params: idParams,
        response: { 200: problemView, ...commonErrors },
      },
    },
    async (request) => problemResponse(request, request.params.id),
  );

  api.patch(
    '/api/v1/problems/:id',
    {
      config: { access: 'problems.manage' },
      schema: {
        tags,
        description: 'Edits a problem. `organizationIds` and `products`, when given, replace the stored lists.',
        params: idParams,
        body: createBody.omit({ fromCaseId: true }).extend({ description: longText }).partial(),
        response: { 200: problemView, ...commonErrors },
      },
    },
    async (request) => {
      await updateProblemRecord(context, request.actor!, request.params.id, request.body);
      return problemResponse(request, request.params.id);
    },
  );

  api.post(
    '/api/v1/problems/:id/transitions',
    {
      config: { access: 'problems.manage' },
      schema: {
        tags,
        description:
          'Moves the problem through open → analysing → known_error → resolved → closed (back to analysing from known_error or resolved). A move the lifecycle does not allow, or closing with preventive actions open, is 409 naming `to`.',
        params: idParams,
        body: z.object({ to: z.enum(PROBLEM_STATUSES), note: z.string().trim().max(2000).nullable().optional() }),
        response: { 200: problemView, ...commonErrors },
      },
    },
    async (request) => {
      await transitionProblem(context, request.actor!, request.params.id, request.body);
      return problemResponse(request, request.params.id);
    },
  );

  api.post(
    '/api/v1/problems/:id/actions',
    {
      config: { access: 'problems.manage' },
      schema: {
        tags,
        description:
          'Adds a preventive action: what, by whom (an active staff user), by which day. Past its day, its owner and the problem owner are mailed once.',
        params: idParams,
        body: z.object({ description: z.string().trim().min(1, 'must not be empty').max(2000), ownerId: idSchema, dueOn: date }),
        response: { 201: problemView, ...commonErrors },
      },
    },
    async (request, reply) => {
      await addPreventiveAction(context, request.actor!, request.params.id, request.body);
      return reply.code(201).send(await problemResponse(request, request.params.id));
    },
  );

  api.post(
    '/api/v1/problems/:id/actions/:actionId/completion',
    {
      config: { access: ['problems.manage', 'problem-actions.complete'] },
      schema: {
        tags,
        description:
          'Marks a preventive action done (`done: true`) or not done again; by who may change the problem, or by the action’s owner.',
        params: idParams.extend({ actionId: idSchema }),
        body: z.object({ done: z.boolean() }),
        response: { 200: problemView, ...commonErrors },
      },
    },
    async (request) => {
      await completePreventiveAction(context, request.actor!, request.params.id, request.params.actionId, request.body);
      return problemResponse(request, request.params.id);
    },
  );

  api.post(
    '/api/v1/problems/:id/cases',
    {
      config: { access: 'problems.manage' },
      schema: {
        tags,
        description: 'Links a case to the problem (linking it again changes nothing); the case then shows the problem and its workaround.',
        params: idParams,
        body: z.object({ caseId: idSchema }),
        response: { 200: problemView, ...commonErrors },
      },
    },
    async (request) => {
      await linkCaseToProblem(context, request.actor!, request.params.id, request.body.caseId);
      return problemResponse(request, request.params.id);
    },
  );

  api.delete(
    '/api/v1/problems/:id/cases/:caseId',
    {
      config: { access: 'problems.manage' },
      schema: {
        tags,
        description: 'Unlinks a case from the problem; a case not linked is 404.',
        params: idParams.extend({ caseId: idSchema }),
        response: { 200: problemView, ...commonErrors },
      },
    },
    async (request) => {
      await unlinkCaseFromProblem(context, request.actor!, request.params.id, request.params.caseId);
      return problemResponse(request, request.params.id);
    },
  );
  linkRoutes(app, {
    url: '/api/v1/problems/:id/articles/:articleId',
    other: 'articleId',
    access: 'problems.manage',
    tags,
    describe: (linked) =>
      linked
        ? 'Links a knowledge article to the problem (linking it again changes nothing); needs the right to write articles too.'
        : 'Unlinks a knowledge article from the problem.',
    view: problemView,
    change: async (request, { id, other }, linked) => {
      await setArticleProblemLink(context, request.actor!, other, id, linked);
      return problemResponse(request, id);
    },
  });

  api.post(
    '/api/v1/problems/:id/article',
    {
      config: { access: 'problems.manage' },
      schema: {
        tags,
        description:
          'Writes a known error up as a knowledge article in one step: a draft internal article in the caller’s language (title; symptoms from the description, root cause, workaround), linked to the problem. A problem not in status `known_error` is 409 naming `status`; the caller must also write articles.',
        params: idParams,
        response: { 201: articleView, ...commonErrors },
      },
    },
    async (request, reply) => {
      const language = readerLanguage(request);
      const articleId = await writeArticleFromProblem(context, request.actor!, request.params.id, language);
      return reply.code(201).send(presentArticle(await getArticle(context, request.actor!, articleId, language)));
    },
  );
}
