import { z } from 'zod';
import { CASE_LEVELS, type CaseLevel } from '../../domain/cases/levels.js';
import { REPORT_BUCKETS } from '../../domain/reports/report-filter.js';
import { idSchema } from './common.js';

const date = z.iso.date({ message: 'must be a date such as 2026-03-02' });

/**
 * The one query-string filter of the operations reports (escalations, backlog, workload, vendor cases): period, department,
 * customer, level and engineer. It parses into `ReportFilter` (src/domain/reports/report-filter.ts); a new report
 * extends it with its own options (`reportFilterQuery.extend({ … })`) rather than writing its own.
 */
export const reportFilterQuery = z.object({
  from: date.optional().describe('First day counted (inclusive, company time zone); default: a year before `to`, plus a day'),
  to: date.optional().describe("Last day counted (inclusive); default: the company's today"),
  departmentId: idSchema.optional().describe('Cases of this servicing department'),
  organizationId: idSchema.optional().describe("Cases of this customer; a customer's own organisation is always used for a customer"),
  level: z.coerce
    .number()
    .int()
    .min(1)
    .max(CASE_LEVELS.length)
    .transform((value) => value as CaseLevel)
    .optional()
    .describe('Case level 1–4'),
  engineerId: idSchema.optional().describe("Cases assigned to this engineer (in the workload report: this engineer's row)"),
});

export const escalationReportQuery = reportFilterQuery.extend({
  bucket: z.enum(REPORT_BUCKETS).default('week').describe('Count per week (Monday first) or per month'),
});
