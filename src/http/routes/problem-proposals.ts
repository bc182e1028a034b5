import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROPOSAL_STATUSES, RECURRENCE_LIMITS, RECURRENCE_RULE_IDS } from '../../domain/problems/recurrence.js';
import type { ServiceContext } from '../../services/context.js';
import { acceptProposal, dismissProposal } from '../../services/problems/decide-proposal.js';
import { readRecurrenceRules, updateRecurrenceRules } from '../../services/problems/recurrence-rules.js';
import { getProposal, listProposalsFor } from '../../services/problems/view-proposals.js';
import { presentProposal, presentRecurrenceRules, proposalView, recurrenceRulesView } from '../presenters/problem-proposals.js';
import { presentProblem, problemView } from '../presenters/problems.js';
import { getProblem } from '../../services/problems/view-problems.js';
import { commonErrors, idParams, idSchema, pageOf, pageQuery } from '../schemas/common.js';

const { threshold, windowDays } = RECURRENCE_LIMITS;

const ruleChange = z.object({
  id: z.enum(RECURRENCE_RULE_IDS),
  enabled: z.boolean().optional(),
  threshold: z.number().int().min(threshold.min).max(threshold.max).optional(),
  windowDays: z.number().int().min(windowDays.min).max(windowDays.max).optional(),
});

/** The recurrence rules (admin) and the problems they propose (accept, dismiss). */
export function problemProposalRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['problems'];

  api.get(
    '/api/v1/recurrence-rules',
    {
      config: { access: 'problems.read' },
      schema: {
        tags,
        description: 'The rules of the recurrence detection in force (the defaults until an admin changes them).',
        response: { 200: recurrenceRulesView, ...commonErrors },
      },
    },
    async (request) => presentRecurrenceRules(await readRecurrenceRules(context, request.actor!)),
  );

  api.put(
    '/api/v1/recurrence-rules',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        description: `Admins change rules: each named by id, with the fields to change (threshold ${threshold.min}–${threshold.max}, window ${windowDays.min}–${windowDays.max} days). The detection's next run applies them.`,
        body: z.object({ rules: z.array(ruleChange).min(1).max(RECURRENCE_RULE_IDS.length) }),
        response: { 200: recurrenceRulesView, ...commonErrors },
      },
    },
    async (request) => presentRecurrenceRules(await updateRecurrenceRules(context, request.actor!, request.body.rules)),
  );

  api.get(
    '/api/v1/problem-proposals',
    {
      config: { access: 'problems.read' },
      schema: {
        tags,
        description: 'Patterns of recurring faults proposed as problems, newest first, each with its cases; filtered by status.',
        querystring: pageQuery.extend({ status: z.enum(PROPOSAL_STATUSES).optional() }),
        response: { 200: pageOf(proposalView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listProposalsFor(context, request.actor!, request.query);
      return { nextCursor: page.nextCursor, items: page.items.map(presentProposal) };
    },
  );

  api.get(
    '/api/v1/problem-proposals/:id',
    {
      config: { access: 'problems.read' },
      schema: { tags, description: 'One proposal with its cases.', params: idParams, response: { 200: proposalView, ...commonErrors } },
    },
    async (request) => presentProposal(await getProposal(context, request.actor!, request.params.id)),
  );

  api.post(
    '/api/v1/problem-proposals/:id/accept',
    {
      config: { access: 'problems.manage' },
      schema: {
        tags,
        description:
          'Opens a problem from an open proposal, with every case of the pattern linked; the title and the owner (an expert or a manager) default to a title naming the pattern and the accepting user. A decided proposal is 409.',
        params: idParams,
        body: z
          .object({
            title: z.string().trim().min(1, 'must not be empty').max(300).optional(),
            description: z.string().trim().max(20_000).optional(),
            ownerId: idSchema.optional(),
          })
          .default({}),
        response: { 201: problemView, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { problemId } = await acceptProposal(context, request.actor!, request.params.id, request.body);
      return reply.code(201).send(presentProblem(await getProblem(context, request.actor!, problemId)));
    },
  );

  api.post(
    '/api/v1/problem-proposals/:id/dismiss',
    {
      config: { access: 'problems.manage' },
      schema: {
        tags,
        description:
          'Dismisses an open proposal with a reason. The pattern is proposed again only when a new fault case of it is logged after the dismissal and the rule still matches.',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(1, 'must not be empty').max(2000) }),
        response: { 200: proposalView, ...commonErrors },
      },
    },
    async (request) => {
      await dismissProposal(context, request.actor!, request.params.id, request.body);
      return presentProposal(await getProposal(context, request.actor!, request.params.id));
    },
  );
}
