import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EscalationPolicy } from '../../domain/escalation/seed-matrix.js';
import type { ServiceContext } from '../../services/context.js';
import { alertView, policyBody, policyView, presentPolicy } from '../presenters/escalation-policies.js';
import { acknowledgeEscalation } from '../../services/escalations/acknowledge-escalation.js';
import { listOpenConfigurationAlerts } from '../../services/escalations/configuration-alerts.js';
import {
  createEscalationPolicy,
  getEscalationPolicy,
  listEscalationPolicies,
  reviseEscalationPolicy,
} from '../../services/escalations/escalation-policies.js';
import { reapplyPolicy } from '../../services/escalations/reapply-policy.js';
import {
  getVendorEscalation,
  trackVendorEscalation,
  VENDOR_ESCALATION_STATUSES,
} from '../../services/escalations/track-vendor-escalation.js';
import { viewEscalationLadder } from '../../services/escalations/view-escalation-ladder.js';
import { previewVendorReport, sendVendorReport } from '../../services/escalations/send-vendor-report.js';
import {
  caseView,
  ladderStepView,
  presentCase,
  presentLadderStep,
  presentVendorEscalation,
  presentVendorReport,
  vendorEscalationView,
  vendorReportView,
} from '../presenters/cases.js';
import { getCase } from '../../services/cases/view-cases.js';
import { commonErrors, idParams, idSchema, nameSchema } from '../schemas/common.js';

export function escalationRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['escalations'];

  api.get(
    '/api/v1/cases/:id/escalations',
    {
      config: { access: 'escalations.read' },
      schema: {
        tags,
        description: "The case's upgrading-report ladder: fired steps with who was told, the next step, later steps.",
        params: idParams,
        response: { 200: z.object({ steps: z.array(ladderStepView) }), ...commonErrors },
      },
    },
    async (request) => {
      const ladder = await viewEscalationLadder(context, request.actor!, request.params.id);
      return { steps: ladder.steps.map(presentLadderStep) };
    },
  );

  api.post(
    '/api/v1/cases/:id/escalations/:stepId/acknowledgement',
    {
      config: { access: 'escalations.acknowledge' },
      schema: {
        tags,
        description:
          'Acknowledges a fired step: one of the people it told, or an admin on their behalf with a `reason` (recorded). A step that told nobody cannot be acknowledged.',
        params: z.object({ id: idSchema, stepId: idSchema }),
        body: z.object({ reason: z.string().trim().max(500).optional() }).nullish(),
        response: { 204: z.null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await acknowledgeEscalation(context, request.actor!, request.params.id, request.params.stepId, request.body ?? {});
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/v1/cases/:id/vendor-escalation',
    {
      config: { access: 'vendor-escalations.manage' },
      schema: { tags, params: idParams, response: { 200: vendorEscalationView, ...commonErrors } },
    },
    async (request) => presentVendorEscalation(await getVendorEscalation(context, request.actor!, request.params.id)),
  );

  api.patch(
    '/api/v1/cases/:id/vendor-escalation',
    {
      config: { access: 'vendor-escalations.manage' },
      schema: {
        tags,
        description: "The vendor's own case number and the vendor escalation's status.",
        params: idParams,
        body: z.object({
          vendorCaseNumber: z.string().trim().max(100).nullable().optional(),
          status: z.enum(VENDOR_ESCALATION_STATUSES).optional(),
        }),
        response: { 200: vendorEscalationView, ...commonErrors },
      },
    },
    async (request) => presentVendorEscalation(await trackVendorEscalation(context, request.actor!, request.params.id, request.body)),
  );

  const vendorReportOptions = z.object({
    language: z.enum(['en', 'zh-CN']).optional(),
    note: z.string().trim().max(2_000).nullable().optional(),
  });

  api.get(
    '/api/v1/cases/:id/vendor-report',
    {
      config: { access: 'vendor-escalations.manage' },
      schema: {
        tags,
        description:
          "Preview of the vendor report for the support center's e-mail: support contract number, serial numbers, software versions, fault description, timeline excerpt.",
        params: idParams,
        querystring: vendorReportOptions,
        response: { 200: vendorReportView, ...commonErrors },
      },
    },
    async (request) => presentVendorReport(await previewVendorReport(context, request.actor!, request.params.id, request.query)),
  );

  api.post(
    '/api/v1/cases/:id/vendor-report',
    {
      config: { access: 'vendor-escalations.manage' },
      schema: {
        tags,
        description:
          "Sends the vendor report to the support center's e-mail through the outbox, records it on the timeline and marks the vendor escalation submitted; then record the vendor's case number with PATCH …/vendor-escalation.",
        params: idParams,
        body: vendorReportOptions,
        response: { 201: z.object({ report: vendorReportView, vendorEscalation: vendorEscalationView }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const sent = await sendVendorReport(context, request.actor!, request.params.id, request.body);
      return reply.code(201).send({ report: presentVendorReport(sent.report), vendorEscalation: presentVendorEscalation(sent.escalation) });
    },
  );

  api.post(
    '/api/v1/cases/:id/policy',
    {
      config: { access: 'policies.manage' },
      schema: {
        tags,
        description:
          "Re-applies the current version of the case's policy (or of `policyId`); fired reports stay, pending ones are re-planned.",
        params: idParams,
        body: z.object({ policyId: idSchema.optional() }),
        response: { 200: caseView, ...commonErrors },
      },
    },
    async (request) => {
      await reapplyPolicy(context, request.actor!, request.params.id, request.body);
      return presentCase(await getCase(context, request.actor!, request.params.id));
    },
  );

  api.get(
    '/api/v1/escalation-policies',
    {
      config: { access: 'policies.read' },
      schema: { tags, response: { 200: z.object({ items: z.array(policyView), nextCursor: z.null() }), ...commonErrors } },
    },
    async () => ({ items: (await listEscalationPolicies(context)).map(presentPolicy), nextCursor: null }),
  );

  api.post(
    '/api/v1/escalation-policies',
    {
      config: { access: 'policies.manage' },
      schema: { tags, body: z.object({ name: nameSchema, policy: policyBody }), response: { 201: policyView, ...commonErrors } },
    },
    async (request, reply) =>
      reply.code(201).send(
        presentPolicy(
          await createEscalationPolicy(context, request.actor!, {
            name: request.body.name,
            policy: request.body.policy as EscalationPolicy,
          }),
        ),
      ),
  );

  api.get(
    '/api/v1/escalation-policies/:id',
    { config: { access: 'policies.read' }, schema: { tags, params: idParams, response: { 200: policyView, ...commonErrors } } },
    async (request) => presentPolicy(await getEscalationPolicy(context, request.params.id)),
  );

  api.put(
    '/api/v1/escalation-policies/:id',
    {
      config: { access: 'policies.manage' },
      schema: {
        tags,
        description: 'Writes a new version of the policy. Running cases keep the version they started with until re-applied.',
        params: idParams,
        body: z.object({ policy: policyBody }),
        response: { 200: policyView, ...commonErrors },
      },
    },
    async (request) =>
      presentPolicy(
        await reviseEscalationPolicy(context, request.actor!, request.params.id, { policy: request.body.policy as EscalationPolicy }),
      ),
  );

  api.get(
    '/api/v1/configuration-alerts',
    {
      config: { access: 'config-alerts.read' },
      schema: {
        tags,
        description: 'Escalation positions with nobody in them.',
        response: { 200: z.object({ items: z.array(alertView), nextCursor: z.null() }), ...commonErrors },
      },
    },
    async () => ({ items: await listOpenConfigurationAlerts(context), nextCursor: null }),
  );
}
