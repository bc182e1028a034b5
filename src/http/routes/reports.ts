import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PERIOD_UNITS, SATISFACTION_GROUPINGS } from '../../domain/surveys/satisfaction-analysis.js';
import type { ServiceContext } from '../../services/context.js';
import { satisfactionReport } from '../../services/surveys/satisfaction-report.js';
import { REPEAT_FAULT_GROUPINGS } from '../../domain/reports/repeat-faults.js';
import { repeatFaultCsv, repeatFaultReport } from '../../services/reports/repeat-fault-report.js';
import { presentRepeatFaultReport, repeatFaultReportView } from '../presenters/repeat-faults.js';
import { presentSatisfactionReport, satisfactionReportView } from '../presenters/surveys.js';
import { commonErrors, idSchema } from '../schemas/common.js';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time such as 2026-01-01T00:00:00Z' });
const date = z.iso.date({ message: 'must be a date such as 2026-03-02' });

/** The period and grouping of the repeat-fault report, shared by the JSON and the CSV. */
const repeatFaultQuery = z.object({
  groupBy: z.enum(REPEAT_FAULT_GROUPINGS).default('customer'),
  from: date.optional().describe('First day counted (inclusive, company time zone); default: a year before `to`, plus a day'),
  to: date.optional().describe("Last day counted (inclusive); default: the company's today"),
  organizationId: idSchema.optional(),
});

export function reportRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/reports/satisfaction',
    {
      config: { access: 'reports.satisfaction' },
      schema: {
        tags: ['reports'],
        description:
          'Follow-up survey results of surveys created in [from, to), grouped by person, department, customer or period: averages per question, overall, response rate and trend per period.',
        querystring: z.object({
          groupBy: z.enum(SATISFACTION_GROUPINGS).default('period'),
          period: z.enum(PERIOD_UNITS).default('month'),
          from: instant,
          to: instant,
          organizationId: idSchema.optional(),
          departmentId: idSchema.optional(),
          personId: idSchema.optional(),
        }),
        response: { 200: satisfactionReportView, ...commonErrors },
      },
    },
    async (request) => presentSatisfactionReport(await satisfactionReport(context, request.actor!, request.query)),
  );

  api.get(
    '/api/v1/reports/repeat-faults',
    {
      config: { access: 'reports.repeat-faults' },
      schema: {
        tags: ['reports'],
        description:
          'Repeat faults over a period, per customer, product model, vendor or site: fault cases received in the period, ' +
          'repeats (fault cases on a unit — a serial number — that already had a fault case earlier in the period), ' +
          'recurrence rate and mean hours between consecutive faults of one unit. Most repeats first; `limit` groups from `offset`.',
        querystring: repeatFaultQuery.extend({
          limit: z.coerce.number().int().min(1).max(500).default(20),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: repeatFaultReportView, ...commonErrors },
      },
    },
    async (request) => presentRepeatFaultReport(await repeatFaultReport(context, request.actor!, request.query)),
  );

  api.get(
    '/api/v1/reports/repeat-faults/export',
    {
      config: { access: 'reports.repeat-faults' },
      schema: {
        tags: ['reports'],
        description: "Every group of the repeat-fault report as CSV (UTF-8 with a byte-order mark), headed in the caller's language.",
        querystring: repeatFaultQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { fileName, csv } = await repeatFaultCsv(context, request.actor!, request.query, request.language);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(csv);
    },
  );
}
