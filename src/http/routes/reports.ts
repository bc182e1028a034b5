import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PERIOD_UNITS, SATISFACTION_GROUPINGS } from '../../domain/surveys/satisfaction-analysis.js';
import type { ServiceContext } from '../../services/context.js';
import { satisfactionCsv, satisfactionReport } from '../../services/surveys/satisfaction-report.js';
import { REPEAT_FAULT_GROUPINGS } from '../../domain/reports/repeat-faults.js';
import { repeatFaultCsv, repeatFaultReport } from '../../services/reports/repeat-fault-report.js';
import { presentRepeatFaultReport, repeatFaultReportView } from '../presenters/repeat-faults.js';
import { presentSatisfactionReport, satisfactionReportView } from '../presenters/surveys.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Language } from '../../domain/access/roles.js';
import { backlogCsv, backlogReport } from '../../services/reports/backlog-report.js';
import { escalationCsv, escalationReport } from '../../services/reports/escalation-report.js';
import { firstResponseCsv, firstResponseReport } from '../../services/reports/first-response-report.js';
import { resolutionCsv, resolutionReport } from '../../services/reports/resolution-report.js';
import { vendorCaseCsv, vendorCaseReport } from '../../services/reports/vendor-case-report.js';
import { workloadCsv, workloadReport } from '../../services/reports/workload-report.js';
import { readReportSettings, updateReportSettings } from '../../services/settings/report-settings.js';
import { readWeeklySummarySettings, updateWeeklySummarySettings } from '../../services/reports/weekly-summary.js';
import type { IsoWeekday } from '../../domain/calendar/business-calendar.js';
import { en } from '../../i18n/en.js';
import {
  backlogReportView,
  escalationReportView,
  firstResponseReportView,
  reportSettingsView,
  resolutionReportView,
  vendorCaseReportView,
  weeklySummarySettingsView,
  workloadReportView,
} from '../presenters/operations-reports.js';
import { commonErrors, idSchema } from '../schemas/common.js';
import { escalationReportQuery, reportFilterQuery } from '../schemas/report-filter.js';
import { wantsCsv } from '../csv-download.js';

/** Answers a report as JSON, or as a CSV download when the caller asked for one. */
async function answer<Report>(
  request: FastifyRequest,
  reply: FastifyReply,
  report: Report,
  csvOf: (report: Report, language: Language) => { fileName: string; csv: string },
): Promise<Report | FastifyReply> {
  if (!wantsCsv(request)) return report;
  const { fileName, csv } = csvOf(report, request.language);
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(csv);
}

const CSV_NOTE = " With `Accept: text/csv` the same rows come as CSV (UTF-8 with a byte-order mark), headed in the caller's language.";
const FILTER_NOTE =
  ' Filtered by period (`from`, `to`: days, inclusive, company time zone), `departmentId`, `organizationId` (a customer: always their own), `level` and `engineerId`.';
const CUSTOMER_NOTE = ' A customer reads it for their own organisation while an admin allows customers the reports.';
const STAFF_NOTE = ' Staff only: customers are refused, even while allowed the other reports.';

/**
 * The route options of an operations report: read with `reports.operations`, filtered by `querystring`, answered as
 * `view` or as CSV; `readers` says whether a customer may read it (while an admin allows it) or staff only.
 */
function operationsReport<Query extends z.ZodType, View extends z.ZodType>({
  description,
  readers,
  querystring,
  view,
}: {
  description: string;
  readers: 'staff' | 'customers';
  querystring: Query;
  view: View;
}) {
  return {
    config: { access: 'reports.operations' as const },
    schema: {
      tags: ['reports'],
      description: description + FILTER_NOTE + (readers === 'staff' ? STAFF_NOTE : CUSTOMER_NOTE) + CSV_NOTE,
      querystring,
      produces: ['application/json', 'text/csv'],
      response: { 200: view, ...commonErrors },
    },
  };
}

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time such as 2026-01-01T00:00:00Z' });
const date = z.iso.date({ message: 'must be a date such as 2026-03-02' });
const isInstant = (value: string) => value.includes('T');

/**
 * The satisfaction analysis: the filter of every report, its grouping and trend unit; and, for callers of earlier
 * releases, `from`/`to` as instants (both, or neither) and `personId`.
 */
const satisfactionQuery = reportFilterQuery
  .extend({
    groupBy: z.enum(SATISFACTION_GROUPINGS).default('period'),
    period: z.enum(PERIOD_UNITS).default('month').describe('The unit of the trend: month, quarter or year'),
    from: z
      .union([date, instant], { error: 'must be a date such as 2026-03-02' })
      .optional()
      .describe('First day counted (inclusive, company time zone); default: a year before `to`, plus a day'),
    to: z
      .union([date, instant], { error: 'must be a date such as 2026-03-02' })
      .optional()
      .describe("Last day counted (inclusive); default: the company's today"),
    personId: idSchema.optional().describe('Earlier name of `engineerId`'),
  })
  .superRefine((query, context) => {
    const instants = [query.from, query.to].filter((value) => value !== undefined && isInstant(value)).length;
    if (instants > 0 && (instants < 2 || query.from === undefined || query.to === undefined))
      context.addIssue({
        code: 'custom',
        // The missing end, or else the end in instants (days are the form of today).
        path: [query.from === undefined ? 'from' : query.to === undefined ? 'to' : isInstant(query.to) ? 'to' : 'from'],
        message: 'must be of the same form as the other end of the period: both days, or both instants',
      });
  });

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
      // Staff with the satisfaction report; never a customer (it rates engineers and departments).
      config: { access: 'reports.satisfaction' },
      schema: {
        tags: ['reports'],
        description:
          'Follow-up survey results of surveys created in the period, grouped by person, department, customer or period: averages per question, overall, response rate and trend per period (`period`: month, quarter or year).' +
          FILTER_NOTE.replace('`level`', '`level` (of the surveyed case)').replace(
            'and `engineerId`.',
            'and `engineerId` (a person credited with the service).',
          ) +
          ' Staff only: customers are refused, even while allowed the reports.' +
          ' Still accepted from earlier releases: `from` and `to` as ISO-8601 instants (surveys created in [from, to)) and `personId` for `engineerId`.' +
          CSV_NOTE,
        querystring: satisfactionQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: satisfactionReportView, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { from, to, personId, ...rest } = request.query;
      const query = { ...rest, engineerId: rest.engineerId ?? personId };
      // Both instants (checked by the schema) when asked the earlier way; days otherwise.
      const report =
        from !== undefined && to !== undefined && isInstant(from)
          ? await satisfactionReport(context, request.actor!, query, { from, to })
          : await satisfactionReport(context, request.actor!, { ...query, from, to });
      return answer(request, reply, presentSatisfactionReport(report), satisfactionCsv);
    },
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

  api.get(
    '/api/v1/reports/escalations',
    operationsReport({
      description:
        'Upgrading reports (escalation steps) fired in the period per week or month, position and level, and the vendor reports per vendor: ' +
        'how many fired, how many were acknowledged, and the median and 90th percentile of the minutes to acknowledge.',
      readers: 'staff',
      querystring: escalationReportQuery,
      view: escalationReportView,
    }),
    async (request, reply) => answer(request, reply, await escalationReport(context, request.actor!, request.query), escalationCsv),
  );

  api.get(
    '/api/v1/reports/backlog',
    operationsReport({
      description:
        'Open cases at the end of the period (or now) by level and age band (<1 d, 1–3 d, 3–7 d, >7 d), and the cases opened and resolved per day.',
      readers: 'customers',
      querystring: reportFilterQuery,
      view: backlogReportView,
    }),
    async (request, reply) => answer(request, reply, await backlogReport(context, request.actor!, request.query), backlogCsv),
  );

  api.get(
    '/api/v1/reports/workload',
    operationsReport({
      description:
        'Per engineer over the period: cases assigned received and resolved, service actions, on-site visits and hours on site, and the average satisfaction score of the answered surveys crediting them.',
      readers: 'staff',
      querystring: reportFilterQuery,
      view: workloadReportView,
    }),
    async (request, reply) => answer(request, reply, await workloadReport(context, request.actor!, request.query), workloadCsv),
  );

  api.get(
    '/api/v1/reports/vendor-cases',
    operationsReport({
      description:
        'Vendor escalations opened in the period, per vendor: how many, how many are open and closed, the mean age of the open ones and the median and 90th percentile hours to close.',
      readers: 'staff',
      querystring: reportFilterQuery,
      view: vendorCaseReportView,
    }),
    async (request, reply) => answer(request, reply, await vendorCaseReport(context, request.actor!, request.query), vendorCaseCsv),
  );

  api.get(
    '/api/v1/reports/first-response',
    operationsReport({
      description:
        "Cases received in the period per level: how many met their first-response target, breached it (answered late, or unanswered past the due time now) or are still within it, the share met, and the median and 90th percentile business minutes from received-at to the first response, counted on the calendar of each case's escalation policy as resolution time is.",
      readers: 'customers',
      querystring: reportFilterQuery,
      view: firstResponseReportView,
    }),
    async (request, reply) => answer(request, reply, await firstResponseReport(context, request.actor!, request.query), firstResponseCsv),
  );

  api.get(
    '/api/v1/reports/resolution',
    operationsReport({
      description:
        "Cases resolved in the period per level: the median, 90th percentile and mean business hours to resolve (on the case's policy calendar), held against the hours of the level's first upgrading report in the default escalation policy (how many were resolved within them).",
      readers: 'customers',
      querystring: reportFilterQuery,
      view: resolutionReportView,
    }),
    async (request, reply) => answer(request, reply, await resolutionReport(context, request.actor!, request.query), resolutionCsv),
  );

  api.get(
    '/api/v1/report-settings',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags: ['reports', 'settings'],
        description: "Whether customers read their own organisation's operations reports (off until an admin allows it).",
        response: { 200: reportSettingsView, ...commonErrors },
      },
    },
    async () => readReportSettings(context.storage.db),
  );

  api.put(
    '/api/v1/report-settings',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags: ['reports', 'settings'],
        description: "Allows or stops customers reading their own organisation's operations reports.",
        body: reportSettingsView,
        response: { 200: reportSettingsView, ...commonErrors },
      },
    },
    async (request) => updateReportSettings(context, request.actor!, request.body),
  );

  api.get(
    '/api/v1/weekly-summary-settings',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags: ['reports', 'settings'],
        description:
          'The weekly summary mailed to each department manager (their department) and to the Operation Center GM and the President (the company): on or off, and the day and hour it is sent (company time zone).',
        response: { 200: weeklySummarySettingsView, ...commonErrors },
      },
    },
    async () => readWeeklySummarySettings(context),
  );

  api.put(
    '/api/v1/weekly-summary-settings',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags: ['reports', 'settings'],
        description: 'Switches the weekly summary on or off and sets its day (1 Monday … 7 Sunday) and hour (0–23, company time).',
        body: weeklySummarySettingsBody,
        response: { 200: weeklySummarySettingsView, ...commonErrors },
      },
    },
    async (request) =>
      updateWeeklySummarySettings(context, request.actor!, { ...request.body, dayOfWeek: request.body.dayOfWeek as IsoWeekday }),
  );
}

const weeklySummarySettingsBody = z.object({
  enabled: z.boolean(),
  dayOfWeek: z
    .number({ message: en.validation.dayOfWeek })
    .int(en.validation.dayOfWeek)
    .min(1, en.validation.dayOfWeek)
    .max(7, en.validation.dayOfWeek),
  hour: z
    .number({ message: en.validation.hourOfDay })
    .int(en.validation.hourOfDay)
    .min(0, en.validation.hourOfDay)
    .max(23, en.validation.hourOfDay),
});
