import { z } from 'zod';
import { REPEAT_FAULT_GROUPINGS } from '../../domain/reports/repeat-faults.js';
import type { RepeatFaultReport } from '../../services/reports/repeat-fault-report.js';

const named = z.object({ id: z.string(), name: z.string() });

export const repeatFaultGroupView = z.object({
  key: z.string(),
  organization: named.nullable().describe('Set per customer and per site'),
  vendor: named.nullable().describe('Set per vendor and per model'),
  model: z.string().nullable(),
  site: z.string().nullable().describe('Per site: the product records’ site; null for products recorded without one'),
  faultCases: z.number().int(),
  repeats: z.number().int(),
  recurrenceRate: z.number().nullable().describe('repeats / faultCases'),
  meanHoursBetweenFaults: z.number().nullable().describe('Mean interval between consecutive fault cases on one unit; null without repeats'),
});

export const repeatFaultReportView = z.object({
  groupBy: z.enum(REPEAT_FAULT_GROUPINGS),
  from: z.string().describe('First day counted, inclusive'),
  to: z.string().describe('Last day counted, inclusive'),
  timeZone: z.string().describe('The company time zone the days are counted in'),
  totalGroups: z.number().int(),
  groups: z.array(repeatFaultGroupView),
});

export const presentRepeatFaultReport = (report: RepeatFaultReport): z.infer<typeof repeatFaultReportView> => report;
