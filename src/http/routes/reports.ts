import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PERIOD_UNITS, SATISFACTION_GROUPINGS } from '../../domain/surveys/satisfaction-analysis.js';
import type { ServiceContext } from '../../services/context.js';
import { satisfactionReport } from '../../services/surveys/satisfaction-report.js';
import { presentSatisfactionReport, satisfactionReportView } from '../presenters/surveys.js';
import { commonErrors, idSchema } from '../schemas/common.js';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time such as 2026-01-01T00:00:00Z' });

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
}
